/* test-render-meshes.c: renders meshes, hidden and isolated parts, transparency, colour by value and the selection outline with no X server, and probes pixels.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws with TwinOffscreen (EGL surfaceless); skipped with TAP's
 * "1..0 # SKIP" where that is missing. Set TWIN_RENDER_DUMP_DIR to also
 * write each probed frame there as a PNG.
 */

#include "config.h"

#include "mesh/twin-color-map.h"
#include "mesh/twin-mesh-catalog.h"
#include "model/twin-color-by.h"
#include "model/twin-parameter.h"
#include "render-fixture.h"
#include "twin-offscreen.h"
#include "twin-png.h"
#include "twin-render-list.h"
#include "twin-renderer.h"

#include <epoxy/gl.h>
#include <stdio.h>

#define WIDTH 320
#define HEIGHT 240

typedef struct
{
  TwinModel       *model;
  TwinMeshCatalog *catalog;
  TwinViewState   *state;
  TwinRenderer    *renderer;
  TwinCamera       camera;
  guint8          *pixels;   /* RGBA, bottom row first */
  TwinEntity      *housing;  /* mesh 2000 × 1000 × 3000 mm, Y up, at (-3, -4, 0): x -3…-1, y -7…-4, z 0…1 */
  TwinEntity      *pump;     /* box 2 × 2 × 2 m at (3, -2, 0), temperature 20 */
  TwinEntity      *assembly; /* container at (0, 3, 0) */
  TwinEntity      *part_a;   /* mesh 1 m cube at the assembly's origin, temperature 30 */
  TwinEntity      *part_b;   /* the same mesh 2 m along X, temperature 40 (integer) */
  TwinEntity      *ghost;    /* an unknown mesh id at (6, 3, 0): its default box */
} Fixture;

static TwinOffscreen *offscreen;

/* Points on the faces the camera sees, world space. */
static const float    housing_top[3] = { -2.0f, -5.5f, 1.0f };
static const float    housing_box_centre[3] = { -2.75f, -3.75f, 0.25f }; /* where its default box would be */
static const float    pump_top[3] = { 4.0f, -1.0f, 2.0f };
static const float    part_a_top[3] = { 0.5f, 3.5f, 1.0f };
static const float    part_b_top[3] = { 2.5f, 3.5f, 1.0f };
static const float    ghost_centre[3] = { 6.25f, 3.25f, 0.25f };

static TwinEntity *
add_entity (TwinEntity *parent,
            const char *type_name,
            const char *name,
            float       x,
            float       y)
{
  g_autoptr (TwinEntity) entity = twin_entity_new (NULL, type_name, name);
  TwinTransform transform;

  twin_transform_init_identity (&transform);
  transform.position_m[0] = x;
  transform.position_m[1] = y;
  twin_entity_set_initial_transform (entity, &transform);
  twin_entity_append_child (parent, entity);
  return entity;
}

static void
add_parameter (TwinEntity    *entity,
               TwinParameter *parameter)
{
  twin_entity_add_parameter (entity, parameter);
  g_object_unref (parameter);
}

static char *
add_mesh (TwinMeshCatalog *catalog,
          float            x,
          float            y,
          float            z,
          TwinMeshUnit     unit,
          TwinMeshUp       up)
{
  g_autoptr (TwinMesh) mesh = render_fixture_make_box_mesh (x, y, z);
  g_autoptr (TwinMeshInfo) info = twin_mesh_catalog_make_info (mesh, "box", NULL, unit, up);
  g_autoptr (GError) error = NULL;

  g_assert_true (twin_mesh_catalog_add (catalog, info, mesh, &error));
  g_assert_no_error (error);
  return g_strdup (info->id);
}

static void
fit_camera (Fixture *fixture)
{
  g_autoptr (GArray) items = twin_render_list_collect (fixture->model, fixture->catalog, NULL, NULL);
  vec3 min_m;
  vec3 max_m;

  g_assert_true (twin_render_list_compute_bounds (items, NULL, min_m, max_m));
  fixture->camera.azimuth_deg = 310.0f;
  fixture->camera.elevation_deg = 25.0f;
  twin_camera_fit_bounds (&fixture->camera, min_m, max_m, (float) WIDTH / HEIGHT);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Plant");
  g_autoptr (GError) error = NULL;
  g_autofree char *housing_mesh = NULL;
  g_autofree char *part_mesh = NULL;

  twin_offscreen_make_current (offscreen);
  fixture->catalog = twin_mesh_catalog_new (NULL, &error);
  g_assert_no_error (error);
  housing_mesh = add_mesh (fixture->catalog, 2000, 1000, 3000, TWIN_MESH_UNIT_MM, TWIN_MESH_UP_Y);
  part_mesh = add_mesh (fixture->catalog, 1, 1, 1, TWIN_MESH_UNIT_M, TWIN_MESH_UP_Z);

  fixture->housing = add_entity (root, "housing", "Housing", -3, -4);
  twin_entity_set_initial_mesh_id (fixture->housing, housing_mesh);
  fixture->pump = add_entity (root, "pump", "Pump", 3, -2);
  add_parameter (fixture->pump, twin_parameter_new_number ("width", 2, "m", 0, 100));
  add_parameter (fixture->pump, twin_parameter_new_number ("depth", 2, "m", 0, 100));
  add_parameter (fixture->pump, twin_parameter_new_number ("height", 2, "m", 0, 100));
  add_parameter (fixture->pump, twin_parameter_new_number ("temperature", 20, "°C", -100, 1000));
  fixture->assembly = add_entity (root, "assembly", "Assembly", 0, 3);
  fixture->part_a = add_entity (fixture->assembly, "part", "Part A", 0, 0);
  twin_entity_set_initial_mesh_id (fixture->part_a, part_mesh);
  add_parameter (fixture->part_a, twin_parameter_new_number ("temperature", 30, "°C", -100, 1000));
  fixture->part_b = add_entity (fixture->assembly, "part", "Part B", 2, 0);
  twin_entity_set_initial_mesh_id (fixture->part_b, part_mesh);
  add_parameter (fixture->part_b, twin_parameter_new_integer ("temperature", 40, "°C", -100, 1000));
  fixture->ghost = add_entity (root, "ghost", "Ghost", 6, 3);
  twin_entity_set_initial_mesh_id (fixture->ghost, "0123456789abcdef0123456789abcdef");
  fixture->model = twin_model_new (root);

  fixture->state = twin_view_state_new ();
  fixture->renderer = twin_renderer_new (&error);
  g_assert_no_error (error);
  twin_renderer_set_model (fixture->renderer, fixture->model);
  twin_renderer_set_mesh_catalog (fixture->renderer, fixture->catalog);
  twin_renderer_set_view_state (fixture->renderer, fixture->state);
  twin_camera_init (&fixture->camera);
  fit_camera (fixture);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_pointer (&fixture->renderer, twin_renderer_free);
  g_assert_cmphex (glGetError (), ==, GL_NO_ERROR);
  g_clear_object (&fixture->state);
  g_clear_object (&fixture->catalog);
  g_assert_finalize_object (g_steal_pointer (&fixture->model));
  g_clear_pointer (&fixture->pixels, g_free);
}

static void
render_frame (Fixture    *fixture,
              const char *name)
{
  const char *dir = g_getenv ("TWIN_RENDER_DUMP_DIR");

  twin_renderer_render (fixture->renderer, &fixture->camera, WIDTH, HEIGHT);
  g_assert_cmphex (glGetError (), ==, GL_NO_ERROR);
  g_free (fixture->pixels);
  fixture->pixels = twin_offscreen_read_pixels (offscreen, FALSE);
  if (dir != NULL)
    {
      g_autofree guint8 *image = twin_offscreen_read_pixels (offscreen, TRUE);
      g_autofree char   *path = g_strdup_printf ("%s/meshes-%s.png", dir, name);
      g_autoptr (GError) error = NULL;

      g_assert_true (twin_png_save (path, image, WIDTH, HEIGHT, &error));
      g_assert_no_error (error);
      g_test_message ("frame written to %s", path);
    }
}

static void
get_pixel (Fixture *fixture,
           int      x,
           int      y,
           float    rgb[3])
{
  const guint8 *p = &fixture->pixels[(y * WIDTH + x) * 4];

  rgb[0] = p[0] / 255.0f;
  rgb[1] = p[1] / 255.0f;
  rgb[2] = p[2] / 255.0f;
}

static void
probe (Fixture     *fixture,
       const float *point_m,
       float        rgb[3])
{
  int x;
  int y;

  g_assert_true (render_fixture_project (&fixture->camera, WIDTH, HEIGHT, point_m, &x, &y));
  g_test_message ("probing (%g, %g, %g) at pixel %d, %d", point_m[0], point_m[1], point_m[2], x, y);
  get_pixel (fixture, x, y, rgb);
}

/* Whether the point shows the entity's colour as the renderer chose it, lit. */
static gboolean
shows (Fixture     *fixture,
       const float *point_m,
       TwinEntity  *entity)
{
  float base[4];
  float rgb[3];

  twin_renderer_get_box_color (fixture->renderer, entity, base);
  probe (fixture, point_m, rgb);
  return render_fixture_is_lit_color (rgb, base);
}

static guint
count_pixels (Fixture    *fixture,
              const float color[4])
{
  guint n = 0;

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        const guint8 *p = &fixture->pixels[(y * WIDTH + x) * 4];

        if (abs (p[0] - (int) (color[0] * 255 + 0.5f)) <= 2 && abs (p[1] - (int) (color[1] * 255 + 0.5f)) <= 2 &&
            abs (p[2] - (int) (color[2] * 255 + 0.5f)) <= 2)
          n++;
      }
  return n;
}

/* Meshes are drawn where their matrices put them, each uploaded once; unknown ones are boxes. */
static void
test_meshes (Fixture      *fixture,
             gconstpointer data)
{
  render_frame (fixture, "drawn");
  g_assert_true (shows (fixture, housing_top, fixture->housing));
  g_assert_true (shows (fixture, part_a_top, fixture->part_a));
  g_assert_true (shows (fixture, part_b_top, fixture->part_b));
  g_assert_true (shows (fixture, pump_top, fixture->pump));
  g_assert_true (shows (fixture, ghost_centre, fixture->ghost));
  /* Two meshes, three entities: the parts share one buffer. */
  g_assert_cmpuint (twin_renderer_get_n_mesh_buffers (fixture->renderer), ==, 2);
  render_frame (fixture, "drawn-again");
  g_assert_cmpuint (twin_renderer_get_n_mesh_buffers (fixture->renderer), ==, 2);

  /* Without the catalog every entity is its box again (the housing's stands where the mesh's
   * far end was), and the buffers go. */
  twin_renderer_set_mesh_catalog (fixture->renderer, NULL);
  render_frame (fixture, "boxes");
  g_assert_true (shows (fixture, housing_box_centre, fixture->housing));
  g_assert_false (shows (fixture, housing_top, fixture->housing));
  g_assert_cmpuint (twin_renderer_get_n_mesh_buffers (fixture->renderer), ==, 0);

  twin_renderer_set_mesh_catalog (fixture->renderer, fixture->catalog);
  render_frame (fixture, "drawn-back");
  g_assert_true (shows (fixture, housing_top, fixture->housing));
  g_assert_cmpuint (twin_renderer_get_n_mesh_buffers (fixture->renderer), ==, 2);
}

static void
test_hidden_isolated (Fixture      *fixture,
                      gconstpointer data)
{
  twin_view_state_set_hidden (fixture->state, twin_entity_get_id (fixture->housing), TRUE);
  render_frame (fixture, "hidden-housing");
  g_assert_false (shows (fixture, housing_top, fixture->housing));
  g_assert_true (shows (fixture, part_a_top, fixture->part_a));

  /* Hiding a container hides its subtree. */
  twin_view_state_set_hidden (fixture->state, twin_entity_get_id (fixture->assembly), TRUE);
  render_frame (fixture, "hidden-assembly");
  g_assert_false (shows (fixture, part_a_top, fixture->part_a));
  g_assert_false (shows (fixture, part_b_top, fixture->part_b));
  g_assert_true (shows (fixture, pump_top, fixture->pump));

  twin_view_state_show_all (fixture->state);
  render_frame (fixture, "shown");
  g_assert_true (shows (fixture, housing_top, fixture->housing));
  g_assert_true (shows (fixture, part_b_top, fixture->part_b));

  twin_view_state_set_isolated (fixture->state, twin_entity_get_id (fixture->assembly));
  render_frame (fixture, "isolated-assembly");
  g_assert_true (shows (fixture, part_a_top, fixture->part_a));
  g_assert_true (shows (fixture, part_b_top, fixture->part_b));
  g_assert_false (shows (fixture, pump_top, fixture->pump));
  g_assert_false (shows (fixture, housing_top, fixture->housing));

  twin_view_state_set_isolated (fixture->state, twin_entity_get_id (fixture->part_a));
  render_frame (fixture, "isolated-part");
  g_assert_true (shows (fixture, part_a_top, fixture->part_a));
  g_assert_false (shows (fixture, part_b_top, fixture->part_b));
}

/* Like render_fixture_is_lit_color(), for colours with channels near 0 (viridis's purple):
 * the pixel is the base times one factor, within 8-bit rounding on every channel. */
static gboolean
is_lit (const float pixel[3],
        const float base[4])
{
  int   brightest = 0;
  float factor;

  for (int k = 1; k < 3; k++)
    if (base[k] > base[brightest])
      brightest = k;
  factor = pixel[brightest] / base[brightest];
  g_test_message ("pixel (%.3f, %.3f, %.3f), base (%.3f, %.3f, %.3f), light %.3f",
                  pixel[0], pixel[1], pixel[2], base[0], base[1], base[2], factor);
  if (factor < 0.25f || factor > 1.04f)
    return FALSE;
  for (int k = 0; k < 3; k++)
    if (fabsf (pixel[k] - factor * base[k]) > 3.0f / 255.0f)
      return FALSE;
  return TRUE;
}

static void
assert_value_color (Fixture     *fixture,
                    const float *point_m,
                    double       t)
{
  float expected[4] = { 0, 0, 0, 1 };
  float rgb[3];

  /* Worked out here, not asked from the renderer: the map's sRGB colour at t. */
  twin_color_map_evaluate_srgb (TWIN_COLOR_MAP_VIRIDIS, t, expected);
  probe (fixture, point_m, rgb);
  g_assert_true (is_lit (rgb, expected));
}

static void
test_color_by (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr (TwinColorBy) color_by = twin_color_by_new ("temperature");
  float grey[4] = { 0, 0, 0, 1 };
  float rgb[3];

  twin_renderer_set_color_by (fixture->renderer, color_by);
  g_assert_true (twin_renderer_get_color_by (fixture->renderer) == color_by);
  render_frame (fixture, "color-by-auto");
  /* 20, 30 and 40 over the automatic range 20 … 40. */
  assert_value_color (fixture, pump_top, 0.0);
  assert_value_color (fixture, part_a_top, 0.5);
  assert_value_color (fixture, part_b_top, 1.0);
  /* The housing has no temperature: the neutral grey. */
  twin_color_by_get_no_value_color (grey);
  for (int k = 0; k < 3; k++)
    grey[k] = twin_color_linear_to_srgb (grey[k]);
  probe (fixture, housing_top, rgb);
  g_assert_true (render_fixture_is_lit_color (rgb, grey));

  /* A fixed range clamps. */
  twin_color_by_set_fixed_range (color_by, 0, 20);
  render_frame (fixture, "color-by-fixed");
  assert_value_color (fixture, pump_top, 1.0);
  assert_value_color (fixture, part_a_top, 1.0);

  /* An edit shows on the next frame; selection keeps the value's colour (outline only). */
  twin_color_by_set_auto_range (color_by, TRUE);
  g_assert_true (twin_model_set_parameter (fixture->model, fixture->part_b, "temperature", g_variant_new_int64 (25), NULL));
  twin_renderer_set_selected (fixture->renderer, twin_entity_get_id (fixture->part_a));
  render_frame (fixture, "color-by-edited");
  assert_value_color (fixture, part_a_top, 1.0);
  assert_value_color (fixture, part_b_top, 0.5);

  /* Off again: colours by type. */
  twin_renderer_set_color_by (fixture->renderer, NULL);
  twin_renderer_set_selected (fixture->renderer, NULL);
  render_frame (fixture, "color-by-off");
  {
    float type_color[4];

    twin_renderer_get_type_color ("part", type_color);
    probe (fixture, part_a_top, rgb);
    g_assert_true (render_fixture_is_lit_color (rgb, type_color));
  }
}

/* A see-through pixel lies between the background and the opaque colour, clearly apart from both. */
static void
assert_blended (const float opaque[3],
                const float behind[3],
                const float blended[3])
{
  float distance_opaque = 0.0f;
  float distance_behind = 0.0f;

  g_test_message ("opaque (%.3f %.3f %.3f) behind (%.3f %.3f %.3f) blended (%.3f %.3f %.3f)",
                  opaque[0], opaque[1], opaque[2], behind[0], behind[1], behind[2], blended[0], blended[1], blended[2]);
  for (int k = 0; k < 3; k++)
    {
      g_assert_cmpfloat (blended[k], >=, MIN (opaque[k], behind[k]) - 0.02f);
      g_assert_cmpfloat (blended[k], <=, MAX (opaque[k], behind[k]) + 0.02f);
      distance_opaque += fabsf (blended[k] - opaque[k]);
      distance_behind += fabsf (blended[k] - behind[k]);
    }
  g_assert_cmpfloat (distance_opaque, >, 0.05f);
  g_assert_cmpfloat (distance_behind, >, 0.05f);
}

static void
test_see_through (Fixture      *fixture,
                  gconstpointer data)
{
  const char *housing_id = twin_entity_get_id (fixture->housing);
  float       opaque[3];
  float       behind[3];
  float       blended[3];
  float       pump_opaque[3];

  render_frame (fixture, "opaque");
  probe (fixture, housing_top, opaque);
  probe (fixture, pump_top, pump_opaque);
  twin_view_state_set_hidden (fixture->state, housing_id, TRUE);
  render_frame (fixture, "behind");
  probe (fixture, housing_top, behind);
  twin_view_state_set_hidden (fixture->state, housing_id, FALSE);

  twin_view_state_set_opacity (fixture->state, housing_id, 0.5f);
  render_frame (fixture, "half");
  probe (fixture, housing_top, blended);
  assert_blended (opaque, behind, blended);
  /* The others stay opaque. */
  probe (fixture, pump_top, blended);
  g_assert_true (render_fixture_is_color (blended, (float[4]){ pump_opaque[0], pump_opaque[1], pump_opaque[2], 1 }));

  /* Opacity 0 is not drawn at all. */
  twin_view_state_set_opacity (fixture->state, housing_id, 0.0f);
  render_frame (fixture, "clear");
  probe (fixture, housing_top, blended);
  g_assert_true (render_fixture_is_color (blended, (float[4]){ behind[0], behind[1], behind[2], 1 }));

  /* X-ray: everything, boxes too. */
  twin_view_state_set_opacity (fixture->state, housing_id, 1.0f);
  twin_view_state_set_xray (fixture->state, TRUE);
  render_frame (fixture, "xray");
  probe (fixture, housing_top, blended);
  assert_blended (opaque, behind, blended);
  probe (fixture, pump_top, blended);
  g_assert_false (render_fixture_is_color (blended, (float[4]){ pump_opaque[0], pump_opaque[1], pump_opaque[2], 1 }));
}

static void
test_selection (Fixture      *fixture,
                gconstpointer data)
{
  float outline[4];
  float type_color[4];
  float tinted[4];
  float rgb[3];

  twin_renderer_get_outline_color (outline);
  render_frame (fixture, "unselected");
  g_assert_cmpuint (count_pixels (fixture, outline), ==, 0);

  /* A selected part is tinted towards the highlight and outlined. */
  twin_renderer_set_selected (fixture->renderer, twin_entity_get_id (fixture->part_a));
  render_frame (fixture, "selected-part");
  twin_renderer_get_type_color ("part", type_color);
  twin_renderer_get_box_color (fixture->renderer, fixture->part_a, tinted);
  g_assert_false (render_fixture_is_lit_color (tinted, type_color));
  g_assert_true (shows (fixture, part_a_top, fixture->part_a));
  probe (fixture, part_b_top, rgb);
  g_assert_true (render_fixture_is_lit_color (rgb, type_color));
  g_assert_cmpuint (count_pixels (fixture, outline), >, 20);
  {
    int x;
    int y;
    int found = 0;

    /* The ring runs along the part, not elsewhere: some of it within 20 pixels of its top. */
    g_assert_true (render_fixture_project (&fixture->camera, WIDTH, HEIGHT, part_a_top, &x, &y));
    for (int dy = -20; dy <= 20; dy++)
      for (int dx = -20; dx <= 20; dx++)
        {
          int px = CLAMP (x + dx, 0, WIDTH - 1);
          int py = CLAMP (y + dy, 0, HEIGHT - 1);

          get_pixel (fixture, px, py, rgb);
          found += render_fixture_is_color (rgb, outline);
        }
    g_assert_cmpint (found, >, 5);
  }

  /* Selecting the assembly selects its parts. */
  twin_renderer_set_selected (fixture->renderer, twin_entity_get_id (fixture->assembly));
  render_frame (fixture, "selected-assembly");
  g_assert_true (shows (fixture, part_b_top, fixture->part_b));
  twin_renderer_get_box_color (fixture->renderer, fixture->part_b, tinted);
  g_assert_false (render_fixture_is_lit_color (tinted, type_color));

  /* The outline shows through what hides the selection: select the housing and hide nothing. */
  twin_renderer_set_selected (fixture->renderer, NULL);
  render_frame (fixture, "unselected-again");
  g_assert_cmpuint (count_pixels (fixture, outline), ==, 0);
}

static void
test_orthographic (Fixture      *fixture,
                   gconstpointer data)
{
  fixture->camera.orthographic = TRUE;
  fit_camera (fixture);
  render_frame (fixture, "orthographic");
  g_assert_true (shows (fixture, housing_top, fixture->housing));
  g_assert_true (shows (fixture, part_a_top, fixture->part_a));
  g_assert_true (shows (fixture, pump_top, fixture->pump));

  /* Top view, straight down. */
  fit_camera (fixture);
  twin_camera_set_preset (&fixture->camera, TWIN_CAMERA_PRESET_TOP);
  render_frame (fixture, "top");
  g_assert_true (shows (fixture, part_b_top, fixture->part_b));
  g_assert_true (shows (fixture, housing_top, fixture->housing));
}

/* A new model drops the buffers it does not draw, on its first frame. */
static void
test_buffers_follow_model (Fixture      *fixture,
                           gconstpointer data)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Empty");
  g_autoptr (TwinModel) model = NULL;

  render_frame (fixture, "before");
  g_assert_cmpuint (twin_renderer_get_n_mesh_buffers (fixture->renderer), ==, 2);
  model = twin_model_new (root);
  twin_renderer_set_model (fixture->renderer, model);
  render_frame (fixture, "other-model");
  g_assert_cmpuint (twin_renderer_get_n_mesh_buffers (fixture->renderer), ==, 0);
  twin_renderer_set_model (fixture->renderer, fixture->model);
  render_frame (fixture, "back");
  g_assert_cmpuint (twin_renderer_get_n_mesh_buffers (fixture->renderer), ==, 2);
  twin_renderer_set_model (fixture->renderer, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  offscreen = twin_offscreen_new (WIDTH, HEIGHT, 0, &error);
  if (offscreen == NULL)
    {
      printf ("1..0 # SKIP %s\n", error->message);
      return 0;
    }

  g_test_add ("/gl/meshes/drawn", Fixture, NULL, fixture_set_up, test_meshes, fixture_tear_down);
  g_test_add ("/gl/meshes/hidden-isolated", Fixture, NULL, fixture_set_up, test_hidden_isolated, fixture_tear_down);
  g_test_add ("/gl/meshes/color-by", Fixture, NULL, fixture_set_up, test_color_by, fixture_tear_down);
  g_test_add ("/gl/meshes/see-through", Fixture, NULL, fixture_set_up, test_see_through, fixture_tear_down);
  g_test_add ("/gl/meshes/selection", Fixture, NULL, fixture_set_up, test_selection, fixture_tear_down);
  g_test_add ("/gl/meshes/orthographic", Fixture, NULL, fixture_set_up, test_orthographic, fixture_tear_down);
  g_test_add ("/gl/meshes/buffers-follow-model", Fixture, NULL, fixture_set_up, test_buffers_follow_model, fixture_tear_down);

  status = g_test_run ();
  twin_offscreen_free (offscreen);
  return status;
}
