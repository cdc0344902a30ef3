/* test-cli-mesh.c: runs `twinctl import-mesh` and `twinctl info` on real project files and mesh fixtures.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case runs the built twinctl (from $TWINCTL) in a fresh folder under
 * LC_ALL=C.UTF-8, with the mesh fixtures of tests/data/meshes/. Standard
 * output is a pipe here, so no progress line may appear in it. A refused
 * import must leave the project file byte for byte as it was.
 */

#define G_LOG_DOMAIN "test-cli-mesh"

#include "config.h"

#include "twin-core.h"
#include "twin-test-util.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include <string.h>
#include <sys/wait.h>

static const char *twinctl_path;

typedef struct
{
  int   exit_status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_twinctl (Run               *run,
             const char        *dir,
             const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (GStrv) envp = g_get_environ ();
  g_autoptr (GError) error = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, (gpointer) twinctl_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
  envp = g_environ_unsetenv (envp, "LANGUAGE");

  run_clear (run);
  g_spawn_sync (dir, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &run->out, &run->err,
                &wait_status, &error);
  g_assert_no_error (error);
  if (WIFSIGNALED (wait_status))
    g_error ("twinctl was killed by signal %d; stderr: %s", WTERMSIG (wait_status), run->err);
  g_assert_true (WIFEXITED (wait_status));
  run->exit_status = WEXITSTATUS (wait_status);
}

#define RUN(run, dir, ...) run_twinctl ((run), (dir), (const char *const[]){ __VA_ARGS__, NULL })

static void
assert_success (const Run *run)
{
  if (run->exit_status != 0)
    g_error ("twinctl failed with status %d: %s", run->exit_status, run->err);
  g_assert_cmpstr (run->err, ==, "");
  /* Not a terminal: no progress line, no escape sequence. */
  g_assert_null (strchr (run->out, '\r'));
  g_assert_null (strchr (run->out, '\033'));
}

/* Status 1, one line "twinctl: …" naming @needle, nothing on stdout. */
static void
assert_user_error (const Run  *run,
                   const char *needle)
{
  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->exit_status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "twinctl: "));
  g_assert_nonnull (strchr (run->err, '\n'));
  g_assert_cmpint (strchr (run->err, '\n')[1], ==, '\0');
  if (needle != NULL)
    g_assert_nonnull (strstr (run->err, needle));
}

static void
assert_usage_error (const Run *run)
{
  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->exit_status, ==, 2);
  g_assert_true (g_str_has_prefix (run->err, "twinctl: "));
  g_assert_nonnull (strstr (run->err, "--help"));
}

typedef struct
{
  char *dir;
  char *project; /* plant.dtwin in @dir, an empty twin whose root is "plant" */
} Fixture;

static char *
mesh_fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "meshes", name, NULL);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
remove_tree (const char *path)
{
  GDir       *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR))
            remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_auto (Run) run = { 0 };

  fixture->dir = g_dir_make_tmp ("twinctl-mesh-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->project = g_build_filename (fixture->dir, "plant.dtwin", NULL);
  RUN (&run, fixture->dir, "new", "plant.dtwin");
  assert_success (&run);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->project, g_free);
}

static JsonObject *
parse_info (const char *text,
            JsonNode  **node)
{
  g_autoptr (GError) error = NULL;

  *node = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*node));
  return json_node_get_object (*node);
}

/* A plain STL: one asset with the mesh; the summary and `info` agree. */
static void
test_plain (Fixture      *fixture,
            gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *stl = mesh_fixture ("assembly-binary.stl");
  g_autoptr (JsonNode) node = NULL;
  JsonObject *info;
  JsonArray  *meshes;
  JsonObject *mesh;
  JsonArray  *max_m;

  RUN (&run, fixture->dir, "import-mesh", "plant.dtwin", stl);
  assert_success (&run);
  g_test_message ("%s", run.out);
  g_assert_nonnull (strstr (run.out, "Imported “assembly-binary.stl” (STL, mm, Z up) into “plant/assembly-binary”.\n"));
  g_assert_nonnull (strstr (run.out, "Entities created: 1\n"));
  g_assert_nonnull (strstr (run.out, "Meshes stored: 1\n"));
  g_assert_nonnull (strstr (run.out, "Triangles: 104\n"));
  g_assert_nonnull (strstr (run.out, "Vertices: 120\n"));
  g_assert_nonnull (strstr (run.out, "Bounding box (m): x 0 … 0.08, y 0 … 0.03, z 0 … 0.05\n"));

  RUN (&run, fixture->dir, "info", "plant.dtwin");
  assert_success (&run);
  g_test_message ("%s", run.out);
  g_assert_nonnull (strstr (run.out, "Meshes: 1\n"));
  g_assert_nonnull (strstr (run.out, "  assembly-binary (assembly-binary.stl, mm, Z up): 104 triangles, 120 vertices, "
                                     "x 0 … 0.08 m, y 0 … 0.03 m, z 0 … 0.05 m\n"));

  RUN (&run, fixture->dir, "info", "--json", "plant.dtwin");
  assert_success (&run);
  info = parse_info (run.out, &node);
  g_assert_cmpint (json_object_get_int_member (info, "entity_count"), ==, 2);
  meshes = json_object_get_array_member (info, "meshes");
  g_assert_cmpuint (json_array_get_length (meshes), ==, 1);
  mesh = json_array_get_object_element (meshes, 0);
  g_assert_cmpuint (strlen (json_object_get_string_member (mesh, "id")), ==, 32);
  g_assert_cmpstr (json_object_get_string_member (mesh, "name"), ==, "assembly-binary");
  g_assert_cmpstr (json_object_get_string_member (mesh, "source"), ==, "assembly-binary.stl");
  g_assert_cmpstr (json_object_get_string_member (mesh, "unit"), ==, "mm");
  g_assert_cmpstr (json_object_get_string_member (mesh, "up"), ==, "z");
  g_assert_cmpint (json_object_get_int_member (mesh, "triangles"), ==, 104);
  g_assert_cmpint (json_object_get_int_member (mesh, "vertices"), ==, 120);
  max_m = json_object_get_array_member (mesh, "max_m");
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (max_m, 0), 0.08, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (max_m, 1), 0.03, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (max_m, 2), 0.05, 1e-9);
  /* The keys that were there before meshes come first, unchanged. */
  g_assert_true (g_str_has_prefix (run.out, "{\n  \"path\": \"plant.dtwin\",\n  \"schema_version\": "));

  RUN (&run, fixture->dir, "tree", "plant.dtwin");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "assembly-binary (asset"));
}

/* A glTF tree: subsystems and assets, the four wheels' mesh stored once. */
static void
test_hierarchy (Fixture      *fixture,
                gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *gltf = mesh_fixture ("cart.gltf");
  g_autoptr (JsonNode) node = NULL;
  JsonObject *info;

  RUN (&run, fixture->dir, "import-mesh", "plant.dtwin", gltf, "--as-hierarchy");
  assert_success (&run);
  g_test_message ("%s", run.out);
  g_assert_nonnull (strstr (run.out, "Entities created: 9\n"));
  g_assert_nonnull (strstr (run.out, "Meshes stored: 2\n"));
  g_assert_nonnull (strstr (run.out, "Triangles: 72\n"));
  g_assert_nonnull (strstr (run.out, "Vertices: 88\n"));
  g_assert_nonnull (strstr (run.out, "Bounding box (m): x -0.3 … 0.3, y -0.19 … 0.19, z 0.04 … 0.22\n"));

  RUN (&run, fixture->dir, "tree", "plant.dtwin");
  assert_success (&run);
  g_test_message ("%s", run.out);
  g_assert_nonnull (strstr (run.out, "cart (subsystem)"));
  g_assert_nonnull (strstr (run.out, "Wheel RR (asset"));

  RUN (&run, fixture->dir, "info", "--json", "plant.dtwin");
  assert_success (&run);
  info = parse_info (run.out, &node);
  g_assert_cmpint (json_object_get_int_member (info, "entity_count"), ==, 10);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (info, "meshes")), ==, 2);

  /* The same file again under the new tree: new entities, no new mesh. */
  RUN (&run, fixture->dir, "import-mesh", "plant.dtwin", gltf, "--as-hierarchy", "--parent", "plant/cart");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "into “plant/cart/cart”"));
  g_assert_nonnull (strstr (run.out, "Meshes stored: 0\n"));
}

/* --entity gives an existing entity the mesh; --unit and --up are used. */
static void
test_entity_unit_up (Fixture      *fixture,
                     gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *stl = mesh_fixture ("assembly.stl");
  g_autofree char *obj = mesh_fixture ("assembly.obj");

  RUN (&run, fixture->dir, "import-mesh", "plant.dtwin", stl);
  assert_success (&run);
  RUN (&run, fixture->dir, "import-mesh", "plant.dtwin", obj, "--entity", "plant/assembly", "--unit", "mm", "--up",
       "z");
  assert_success (&run);
  g_test_message ("%s", run.out);
  g_assert_nonnull (strstr (run.out, "(OBJ, mm, Z up) into “plant/assembly”"));
  g_assert_nonnull (strstr (run.out, "Entities created: 0\n"));
  /* The same numbers as the STL, in the same unit: the same mesh. */
  g_assert_nonnull (strstr (run.out, "Meshes stored: 0\n"));
  g_assert_nonnull (strstr (run.out, "Bounding box (m): x 0 … 0.08, y 0 … 0.03, z 0 … 0.05\n"));

  RUN (&run, fixture->dir, "import-mesh", "plant.dtwin", obj, "--entity", "plant/assembly", "--unit", "in");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "(OBJ, in, Y up)"));
  g_assert_nonnull (strstr (run.out, "Meshes stored: 1\n"));
  /* The millimetre mesh is used by no entity any more: the project drops it. */
  RUN (&run, fixture->dir, "info", "plant.dtwin");
  g_test_message ("%s", run.out);
  g_assert_nonnull (strstr (run.out, "Meshes: 1\n"));
  g_assert_nonnull (strstr (run.out, "(assembly.obj, in, Y up)"));
}

/* Every refused file: status 1, the file named, the project unchanged. */
static void
test_refused_unchanged (Fixture      *fixture,
                        gconstpointer data)
{
  const char *const names[] = {
    "truncated.stl",
    "empty.stl",
    "garbage.obj",
    "bad-header.glb",
    "points-only.obj",
    "nan.obj",
    "no-such-file.obj",
    "make-fixtures.py",
  };
  g_auto (Run) run = { 0 };
  g_autofree char *stl = mesh_fixture ("assembly.stl");
  g_autoptr (GBytes) before = NULL;

  /* Start from a project with a mesh already. */
  RUN (&run, fixture->dir, "import-mesh", "plant.dtwin", stl);
  assert_success (&run);
  before = read_bytes (fixture->project);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = mesh_fixture (names[i]);
      g_autoptr (GBytes) after = NULL;

      RUN (&run, fixture->dir, "import-mesh", "plant.dtwin", path);
      assert_user_error (&run, names[i]);
      RUN (&run, fixture->dir, "import-mesh", "plant.dtwin", path, "--as-hierarchy");
      assert_user_error (&run, names[i]);
      after = read_bytes (fixture->project);
      g_assert_true (g_bytes_equal (before, after));
    }

  /* A path that names no entity. */
  RUN (&run, fixture->dir, "import-mesh", "plant.dtwin", stl, "--parent", "plant/nowhere");
  assert_user_error (&run, "plant/nowhere");
  RUN (&run, fixture->dir, "import-mesh", "plant.dtwin", stl, "--entity", "plant/nothing");
  assert_user_error (&run, "plant/nothing");
  {
    g_autoptr (GBytes) after = read_bytes (fixture->project);

    g_assert_true (g_bytes_equal (before, after));
  }

  /* No such project. */
  RUN (&run, fixture->dir, "import-mesh", "other.dtwin", stl);
  assert_user_error (&run, "other.dtwin");
  g_assert_false (g_file_test ("other.dtwin", G_FILE_TEST_EXISTS));
}

/* A project of schema version 2 (before meshes): a refused mesh leaves it
 * as it was; a good one upgrades it and is stored. */
static void
test_older_project (Fixture      *fixture,
                    gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *stl = mesh_fixture ("assembly.stl");
  g_autofree char *bad = mesh_fixture ("truncated.stl");
  g_autoptr (GBytes) before = NULL;
  sqlite3 *db = NULL;
  char    *message = NULL;

  g_assert_cmpint (sqlite3_open (fixture->project, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db,
                    "PRAGMA journal_mode=DELETE; DROP TABLE rollup; DROP TABLE sample; DROP TABLE signal;"
                    " DROP TABLE mesh; DROP TABLE mesh_data; DROP TABLE scenario; DROP TABLE sim_run;"
                    " DROP TABLE feed; DROP TABLE topic_binding;"
                    " DROP TABLE alarm_rule; DROP TABLE alarm_event; DROP TABLE command_binding;"
                    " DROP TABLE command_log;"
                    "ALTER TABLE entity DROP COLUMN mesh_id; PRAGMA user_version = 2;",
                    NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s", message);
  sqlite3_close (db);
  before = read_bytes (fixture->project);

  RUN (&run, fixture->dir, "import-mesh", "plant.dtwin", bad);
  assert_user_error (&run, "truncated.stl");
  {
    g_autoptr (GBytes) after = read_bytes (fixture->project);

    g_assert_true (g_bytes_equal (before, after));
  }

  RUN (&run, fixture->dir, "import-mesh", "plant.dtwin", stl, "--parent", "plant");
  assert_success (&run);
  RUN (&run, fixture->dir, "info", "plant.dtwin");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "Schema version: " G_STRINGIFY (TWIN_STORE_SCHEMA_VERSION) "\n"));
  g_assert_nonnull (strstr (run.out, "Meshes: 1\n"));
}

static void
test_usage (Fixture      *fixture,
            gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *stl = mesh_fixture ("assembly.stl");

  RUN (&run, fixture->dir, "import-mesh", "plant.dtwin");
  assert_usage_error (&run);
  RUN (&run, fixture->dir, "import-mesh", "plant.dtwin", stl, "--unit", "furlong");
  assert_usage_error (&run);
  g_assert_nonnull (strstr (run.err, "furlong"));
  RUN (&run, fixture->dir, "import-mesh", "plant.dtwin", stl, "--up", "x");
  assert_usage_error (&run);
  RUN (&run, fixture->dir, "import-mesh", "plant.dtwin", stl, "--as-hierarchy", "--entity", "plant");
  assert_usage_error (&run);
  RUN (&run, fixture->dir, "import-mesh", "--help");
  g_assert_cmpint (run.exit_status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--as-hierarchy"));
  RUN (&run, fixture->dir, "--help");
  g_assert_nonnull (strstr (run.out, "import-mesh"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  twinctl_path = g_getenv ("TWINCTL");
  if (twinctl_path == NULL && argc > 1)
    twinctl_path = argv[1];
  if (twinctl_path == NULL || !g_file_test (twinctl_path, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("twinctl not found: set TWINCTL or pass its path (got “%s”)",
             twinctl_path != NULL ? twinctl_path : "");

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/import-mesh/plain", test_plain);
  ADD ("/cli/import-mesh/hierarchy", test_hierarchy);
  ADD ("/cli/import-mesh/entity-unit-up", test_entity_unit_up);
  ADD ("/cli/import-mesh/refused-unchanged", test_refused_unchanged);
  ADD ("/cli/import-mesh/older-project", test_older_project);
  ADD ("/cli/import-mesh/usage", test_usage);
#undef ADD

  return g_test_run ();
}
