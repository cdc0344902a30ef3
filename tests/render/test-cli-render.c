/* test-cli-render.c: runs `twinctl render` with no display on a small project and compares the pictures with golden images.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project is built here: the model from tests/data/golden/scene.json,
 * two meshes made in the test (a tank as a cylinder in millimetres with Y
 * up, a beam in millimetres with Z up), stored in a real .dtwin file, plus a
 * saved colour-by-value setting for one of the cases. twinctl runs as a
 * real process with DISPLAY and WAYLAND_DISPLAY unset.
 *
 * Pictures are compared with the PNGs in tests/data/golden within a tolerance:
 * a pixel differs when a channel is more than GOLDEN_CHANNEL_TOLERANCE
 * away, and at most GOLDEN_MAX_DIFFERING of the pixels may differ (edges
 * move by a pixel between Mesa versions; a wrong colour, a missing part or
 * a moved camera changes far more). On a mismatch the picture and a
 * difference image are left in the build folder's tests/. To accept
 * new pictures after an intended change, run the test with
 * TWIN_UPDATE_GOLDEN=1 (tests/data/golden/README.md).
 *
 * Skipped ("1..0 # SKIP") where EGL surfaceless rendering is not available.
 */

#include "config.h"

#include "mesh/twin-mesh-catalog.h"
#include "model/twin-color-by.h"
#include "model/twin-model-json.h"
#include "store/twin-store.h"
#include "twin-offscreen.h"
#include "twin-png.h"
#include "twin-test-util.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define GOLDEN_CHANNEL_TOLERANCE 8
#define GOLDEN_MAX_DIFFERING 0.01
#define GOLDEN_WIDTH 320
#define GOLDEN_HEIGHT 240

typedef struct
{
  char *dir;
  char *project;
} Fixture;

/* Flips triangles whose winding disagrees with their first vertex's normal, so every one is
 * counter-clockwise seen from outside. */
static void
orient_triangles (const float *positions,
                  const float *normals,
                  guint32     *indices,
                  guint        n_triangles)
{
  for (guint t = 0; t < n_triangles; t++)
    {
      const float *a = &positions[3 * indices[3 * t]];
      const float *b = &positions[3 * indices[3 * t + 1]];
      const float *c = &positions[3 * indices[3 * t + 2]];
      const float *n = &normals[3 * indices[3 * t]];
      vec3         ab = { b[0] - a[0], b[1] - a[1], b[2] - a[2] };
      vec3         ac = { c[0] - a[0], c[1] - a[1], c[2] - a[2] };
      vec3         cross;

      glm_vec3_cross (ab, ac, cross);
      if (cross[0] * n[0] + cross[1] * n[1] + cross[2] * n[2] < 0.0f)
        {
          guint32 swap = indices[3 * t + 1];

          indices[3 * t + 1] = indices[3 * t + 2];
          indices[3 * t + 2] = swap;
        }
    }
}

/* A closed cylinder standing on its source Y axis: smooth sides, flat caps. */
static TwinMesh *
make_cylinder (float radius,
               float height,
               guint n_segments)
{
  g_autoptr (GError) error = NULL;
  guint     n_vertices = 4 * n_segments + 2;
  guint     n_triangles = 4 * n_segments;
  float    *positions = g_new (float, 3 * n_vertices);
  float    *normals = g_new (float, 3 * n_vertices);
  guint32  *indices = g_new (guint32, 3 * n_triangles);
  guint     bottom_centre = 4 * n_segments;
  guint     top_centre = bottom_centre + 1;
  guint     t = 0;
  TwinMesh *mesh;

  for (guint i = 0; i < n_segments; i++)
    {
      float angle = 2.0f * (float) G_PI * (float) i / (float) n_segments;
      float c = cosf (angle);
      float s = sinf (angle);

      for (guint ring = 0; ring < 4; ring++)
        {
          guint v = 4 * i + ring;
          float y = (ring == 1 || ring == 3) ? height : 0.0f;

          positions[3 * v] = radius * c;
          positions[3 * v + 1] = y;
          positions[3 * v + 2] = radius * s;
          /* Rings 0 and 1 are the side (normals outwards), 2 and 3 the caps (down, up). */
          normals[3 * v] = ring < 2 ? c : 0.0f;
          normals[3 * v + 1] = ring < 2 ? 0.0f : (ring == 2 ? -1.0f : 1.0f);
          normals[3 * v + 2] = ring < 2 ? s : 0.0f;
        }
    }
  for (guint k = 0; k < 3; k++)
    {
      positions[3 * bottom_centre + k] = 0.0f;
      positions[3 * top_centre + k] = k == 1 ? height : 0.0f;
      normals[3 * bottom_centre + k] = k == 1 ? -1.0f : 0.0f;
      normals[3 * top_centre + k] = k == 1 ? 1.0f : 0.0f;
    }
  for (guint i = 0; i < n_segments; i++)
    {
      guint   j = (i + 1) % n_segments;
      guint32 quad[12] = {
        4 * i,
        4 * i + 1,
        4 * j,
        4 * j,
        4 * i + 1,
        4 * j + 1,
        bottom_centre,
        4 * i + 2,
        4 * j + 2,
        top_centre,
        4 * i + 3,
        4 * j + 3,
      };

      memcpy (&indices[3 * t], quad, sizeof quad);
      t += 4;
    }
  orient_triangles (positions, normals, indices, n_triangles);
  mesh = twin_mesh_new_take (positions, normals, n_vertices, indices, n_triangles, &error);
  g_assert_no_error (error);
  return mesh;
}

/* A closed box from the origin to (x, y, z), flat faces. */
static TwinMesh *
make_box (float x,
          float y,
          float z)
{
  g_autoptr (GError) error = NULL;
  float    *positions = g_new (float, 24 * 3);
  float    *normals = g_new (float, 24 * 3);
  guint32  *indices = g_new (guint32, 12 * 3);
  float     size[3] = { x, y, z };
  TwinMesh *mesh;
  guint     v = 0;

  for (int axis = 0; axis < 3; axis++)
    for (int side = 0; side < 2; side++)
      {
        static const float corners[4][2] = { { 0, 0 }, { 1, 0 }, { 1, 1 }, { 0, 1 } };
        guint              first = v;

        for (int c = 0; c < 4; c++, v++)
          for (int k = 0; k < 3; k++)
            {
              float p = k == axis ? (float) side : corners[c][(k - axis + 2) % 3];

              positions[3 * v + k] = p * size[k];
              normals[3 * v + k] = k == axis ? (side ? 1.0f : -1.0f) : 0.0f;
            }
        indices[(first / 4) * 6 + 0] = first;
        indices[(first / 4) * 6 + 1] = first + 1;
        indices[(first / 4) * 6 + 2] = first + 2;
        indices[(first / 4) * 6 + 3] = first;
        indices[(first / 4) * 6 + 4] = first + 2;
        indices[(first / 4) * 6 + 5] = first + 3;
      }
  orient_triangles (positions, normals, indices, 12);
  mesh = twin_mesh_new_take (positions, normals, 24, indices, 12, &error);
  g_assert_no_error (error);
  return mesh;
}

static TwinMeshInfo *
attach_mesh (TwinEntity  *root,
             const char  *path,
             TwinMesh    *mesh,
             TwinMeshUnit unit,
             TwinMeshUp   up)
{
  TwinEntity   *entity = twin_entity_find_child (root, path);
  TwinMeshInfo *info = twin_mesh_catalog_make_info (mesh, path, "golden.test", unit, up);

  g_assert_nonnull (entity);
  twin_entity_set_initial_mesh_id (entity, info->id);
  return info;
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autofree char *json_path = g_test_build_filename (G_TEST_DIST, "data", "golden", "scene.json", NULL);
  g_autofree char *json = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinEntity) root = NULL;
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinMeshCatalog) catalog = NULL;
  g_autoptr (TwinMesh) tank = make_cylinder (500.0f, 1200.0f, 48);
  g_autoptr (TwinMesh) beam = make_box (3000.0f, 200.0f, 150.0f);
  g_autoptr (TwinMeshInfo) tank_info = NULL;
  g_autoptr (TwinMeshInfo) beam_info = NULL;

  fixture->dir = g_dir_make_tmp ("twin-cli-render-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->project = g_build_filename (fixture->dir, "golden.dtwin", NULL);

  g_assert_true (g_file_get_contents (json_path, &json, NULL, &error));
  g_assert_no_error (error);
  root = twin_model_json_from_string (json, -1, &error);
  g_assert_no_error (error);
  tank_info = attach_mesh (root, "Tank", tank, TWIN_MESH_UNIT_MM, TWIN_MESH_UP_Y);
  beam_info = attach_mesh (root, "Frame", beam, TWIN_MESH_UNIT_MM, TWIN_MESH_UP_Z);

  store = twin_store_create (fixture->project, root, &error);
  g_assert_no_error (error);
  catalog = twin_mesh_catalog_new (store, &error);
  g_assert_no_error (error);
  g_assert_true (twin_mesh_catalog_add (catalog, tank_info, tank, &error));
  g_assert_no_error (error);
  g_assert_true (twin_mesh_catalog_add (catalog, beam_info, beam, &error));
  g_assert_no_error (error);
  if (data != NULL)
    {
      g_assert_true (twin_store_set_metadata (store, TWIN_COLOR_BY_METADATA_KEY, data, &error));
      g_assert_no_error (error);
    }
  twin_store_close (store);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->project, g_free);
}

/* Runs twinctl with no display; returns its exit status and what it printed on standard error. */
static int
run_twinctl (char      **err_text,
             const char *first_argument,
             ...)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char      *twinctl = g_getenv ("TWINCTL");
  va_list          args;

  g_assert_nonnull (twinctl);
  g_ptr_array_add (argv, (gpointer) twinctl);
  g_ptr_array_add (argv, (gpointer) first_argument);
  va_start (args, first_argument);
  for (const char *a = va_arg (args, const char *); a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* No X server, no Wayland: only EGL surfaceless. */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  /* Mesa's shader cache would live in the test's throwaway home and complain about it. */
  g_subprocess_launcher_setenv (launcher, "MESA_SHADER_CACHE_DISABLE", "true", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_test_message ("twinctl %s … → %d: %s", first_argument, g_subprocess_get_exit_status (process), err);
  if (err_text != NULL)
    *err_text = g_steal_pointer (&err);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

/* Compares a picture with its golden image; on a mismatch keeps both and a difference image. */
static void
assert_matches_golden (const char *picture,
                       const char *golden_name)
{
  g_autofree char *golden = g_test_build_filename (G_TEST_DIST, "data", "golden", golden_name, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *actual = NULL;
  g_autofree guint8 *expected = NULL;
  g_autofree guint8 *difference = NULL;
  int                width = 0;
  int                height = 0;
  int                golden_width = 0;
  int                golden_height = 0;
  guint              n_differing = 0;
  int                largest = 0;
  double             fraction;

  actual = twin_png_load (picture, &width, &height, &error);
  g_assert_no_error (error);
  g_assert_cmpint (width, ==, GOLDEN_WIDTH);
  g_assert_cmpint (height, ==, GOLDEN_HEIGHT);

  if (g_strcmp0 (g_getenv ("TWIN_UPDATE_GOLDEN"), "1") == 0)
    {
      g_autofree char *contents = NULL;
      gsize            length = 0;

      g_assert_true (g_file_get_contents (picture, &contents, &length, &error));
      g_assert_true (g_file_set_contents (golden, contents, (gssize) length, &error));
      g_assert_no_error (error);
      g_test_message ("updated %s", golden);
      return;
    }

  expected = twin_png_load (golden, &golden_width, &golden_height, &error);
  g_assert_no_error (error);
  g_assert_cmpint (golden_width, ==, width);
  g_assert_cmpint (golden_height, ==, height);

  difference = g_malloc ((gsize) width * height * 4);
  for (int i = 0; i < width * height; i++)
    {
      int worst = 0;

      for (int k = 0; k < 3; k++)
        worst = MAX (worst, abs (actual[4 * i + k] - expected[4 * i + k]));
      largest = MAX (largest, worst);
      if (worst > GOLDEN_CHANNEL_TOLERANCE)
        n_differing++;
      difference[4 * i] = difference[4 * i + 1] = difference[4 * i + 2] = (guint8) MIN (255, worst * 8);
      difference[4 * i + 3] = 255;
    }
  fraction = (double) n_differing / (width * height);
  g_test_message ("%s: %u pixels (%.3f %%) differ by more than %d, largest difference %d",
                  golden_name, n_differing, 100.0 * fraction, GOLDEN_CHANNEL_TOLERANCE, largest);
  if (fraction > GOLDEN_MAX_DIFFERING)
    {
      g_autofree char *kept = g_test_build_filename (G_TEST_BUILT, golden_name, NULL);
      g_autofree char *diff_name = g_strconcat ("diff-", golden_name, NULL);
      g_autofree char *diff_path = g_test_build_filename (G_TEST_BUILT, diff_name, NULL);

      g_assert_true (twin_png_save (kept, actual, width, height, NULL));
      g_assert_true (twin_png_save (diff_path, difference, width, height, NULL));
      g_test_message ("picture kept as %s, differences as %s", kept, diff_path);
    }
  g_assert_cmpfloat (fraction, <=, GOLDEN_MAX_DIFFERING);
}

static void
test_golden_iso (Fixture      *fixture,
                 gconstpointer data)
{
  g_autofree char *picture = g_build_filename (fixture->dir, "iso.png", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (run_twinctl (&err, "render", fixture->project, "-o", picture,
                                "--size", "320x240", "--view", "iso", NULL),
                   ==, 0);
  g_assert_null (strstr (err, "twinctl"));
  assert_matches_golden (picture, "render-iso.png");
}

/* The saved colour-by setting is used, with a selection, from the front without perspective. */
static void
test_golden_color_by (Fixture      *fixture,
                      gconstpointer data)
{
  g_autofree char   *picture = g_build_filename (fixture->dir, "front.png", NULL);
  g_autofree char   *plain = g_build_filename (fixture->dir, "plain.png", NULL);
  g_autofree guint8 *colored = NULL;
  g_autofree guint8 *by_type = NULL;
  int                width;
  int                height;
  guint              n_changed = 0;

  g_assert_cmpint (run_twinctl (NULL, "render", fixture->project, "-o", picture, "--size", "320x240",
                                "--view", "front", "--orthographic", "--select", "Motor", NULL),
                   ==, 0);
  assert_matches_golden (picture, "render-front-color-by.png");

  /* --no-color-by gives another picture: the setting was read from the file. */
  g_assert_cmpint (run_twinctl (NULL, "render", fixture->project, "-o", plain, "--size", "320x240",
                                "--view", "front", "--orthographic", "--select", "Motor", "--no-color-by", NULL),
                   ==, 0);
  colored = twin_png_load (picture, &width, &height, NULL);
  by_type = twin_png_load (plain, &width, &height, NULL);
  g_assert_nonnull (colored);
  g_assert_nonnull (by_type);
  for (int i = 0; i < width * height * 4; i++)
    n_changed += abs (colored[i] - by_type[i]) > GOLDEN_CHANNEL_TOLERANCE;
  g_assert_cmpuint (n_changed, >, (guint) (width * height / 50));
}

static void
test_options (Fixture      *fixture,
              gconstpointer data)
{
  g_autofree char   *picture = g_build_filename (fixture->dir, "small.png", NULL);
  g_autofree char   *err = NULL;
  g_autofree guint8 *pixels = NULL;
  int                width = 0;
  int                height = 0;

  /* Every view, the default size, a size, colour by a parameter with a map. */
  g_assert_cmpint (run_twinctl (NULL, "render", fixture->project, "-o", picture, "--view", "top", NULL), ==, 0);
  pixels = twin_png_load (picture, &width, &height, NULL);
  g_assert_cmpint (width, ==, 1280);
  g_assert_cmpint (height, ==, 800);
  g_clear_pointer (&pixels, g_free);
  g_assert_cmpint (run_twinctl (NULL, "render", fixture->project, "-o", picture, "--view", "side",
                                "--size", "64x48", "--color-by", "temperature", "--color-map", "inferno", NULL),
                   ==, 0);
  pixels = twin_png_load (picture, &width, &height, NULL);
  g_assert_cmpint (width, ==, 64);
  g_assert_cmpint (height, ==, 48);

  /* Usage errors: exit status 2 and a message naming the problem. */
  g_assert_cmpint (run_twinctl (&err, "render", fixture->project, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--output"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_twinctl (&err, "render", fixture->project, "-o", picture, "--view", "back", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "back"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_twinctl (&err, "render", fixture->project, "-o", picture, "--size", "0x10", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "0x10"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_twinctl (&err, "render", fixture->project, "-o", picture, "--size", "640", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_twinctl (&err, "render", fixture->project, "-o", picture, "--color-map", "rainbow", "--color-by", "temperature", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "rainbow"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_twinctl (&err, "render", fixture->project, "-o", picture, "--color-by", "temperature", "--no-color-by", NULL), ==, 2);
  g_clear_pointer (&err, g_free);

  /* An entity that is not there. */
  g_assert_cmpint (run_twinctl (&err, "render", fixture->project, "-o", picture, "--select", "Control Room/Nobody", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Control Room/Nobody"));
  g_clear_pointer (&err, g_free);
}

static void
test_failures (Fixture      *fixture,
               gconstpointer data)
{
  g_autofree char *picture = g_build_filename (fixture->dir, "never.png", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.dtwin", NULL);
  g_autofree char *corrupt = g_build_filename (fixture->dir, "corrupt.dtwin", NULL);
  g_autofree char *no_dir = g_build_filename (fixture->dir, "no-such-folder", "out.png", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (run_twinctl (&err, "render", missing, "-o", picture, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "missing.dtwin"));
  g_assert_false (g_file_test (picture, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  twin_test_write_file (corrupt, "this is not a project file, not even SQLite", 44);
  g_assert_cmpint (run_twinctl (&err, "render", corrupt, "-o", picture, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "corrupt.dtwin"));
  g_assert_false (g_file_test (picture, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_twinctl (&err, "render", fixture->project, "-o", no_dir, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no-such-folder"));
  g_clear_pointer (&err, g_free);

  /* Never over the project itself. */
  g_assert_cmpint (run_twinctl (&err, "render", fixture->project, "-o", fixture->project, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "golden.dtwin"));
}

/* A saved setting this build cannot read is a warning; the picture comes in type colours. */
static void
test_bad_saved_color_by (Fixture      *fixture,
                         gconstpointer data)
{
  g_autofree char *picture = g_build_filename (fixture->dir, "warned.png", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (run_twinctl (&err, "render", fixture->project, "-o", picture, "--size", "80x60", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "warning"));
  g_assert_nonnull (strstr (err, "sparkle"));
  g_assert_true (g_file_test (picture, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (TwinOffscreen) probe = NULL;
  g_autoptr (GError) error = NULL;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* The same check twinctl makes: without EGL surfaceless there is nothing to test. */
  probe = twin_offscreen_new (8, 8, 0, &error);
  if (probe == NULL)
    {
      printf ("1..0 # SKIP %s\n", error->message);
      return 0;
    }
  g_clear_pointer (&probe, twin_offscreen_free);

  g_test_add ("/gl/cli-render/golden-iso", Fixture, NULL, fixture_set_up, test_golden_iso, fixture_tear_down);
  g_test_add ("/gl/cli-render/golden-color-by", Fixture,
              "{\"parameter\": \"temperature\", \"map\": \"coolwarm\", \"auto_range\": false, \"minimum\": 20, \"maximum\": 80}",
              fixture_set_up, test_golden_color_by, fixture_tear_down);
  g_test_add ("/gl/cli-render/options", Fixture, NULL, fixture_set_up, test_options, fixture_tear_down);
  g_test_add ("/gl/cli-render/failures", Fixture, NULL, fixture_set_up, test_failures, fixture_tear_down);
  g_test_add ("/gl/cli-render/bad-saved-color-by", Fixture, "{\"parameter\": \"temperature\", \"map\": \"sparkle\"}",
              fixture_set_up, test_bad_saved_color_by, fixture_tear_down);

  return g_test_run ();
}
