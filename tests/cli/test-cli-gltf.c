/* test-cli-gltf.c: runs the built `twinctl export-gltf` on real project files and checks the GLB it writes, its messages and its exit status.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case makes a .dtwin with the core's own API (a mesh stored in the
 * file, a saved colour-by setting), runs twinctl (its path from $TWINCTL,
 * set by tests/meson.build) under LC_ALL=C.UTF-8 in a fresh folder, and reads
 * the result. The file's contents are checked in depth by
 * tests/core/mesh/test-gltf-writer.c; here it is what the command adds:
 * opening the project, its meshes and its saved setting, the options,
 * warnings, errors and exit statuses.
 */

#define G_LOG_DOMAIN "test-cli-gltf"

#include "config.h"

#include "twin-core.h"
#include "twin-test-util.h"

#include "mesh/twin-mesh-catalog.h"
#include "model/twin-color-by.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include <string.h>
#include <sys/wait.h>

static const char *twinctl_path;

typedef struct
{
  int   exit_status;
  char *out;
  char *err;
} Run;

typedef struct
{
  char *dir;     /* a fresh folder */
  char *project; /* dir/plant.dtwin */
  char *out;     /* dir/plant.glb */
} Fixture;

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
  g_spawn_sync (dir, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  if (WIFSIGNALED (wait_status))
    g_error ("twinctl was killed by signal %d; stderr: %s", WTERMSIG (wait_status), run->err);
  g_assert_true (WIFEXITED (wait_status));
  run->exit_status = WEXITSTATUS (wait_status);
  g_test_message ("twinctl exited with %d; stderr: %s", run->exit_status, run->err);
}

#define RUN(run, dir, ...) run_twinctl ((run), (dir), (const char *const[]){ __VA_ARGS__, NULL })

static void
add_number (TwinEntity *entity,
            const char *name,
            double      value,
            const char *unit)
{
  g_autoptr (TwinParameter) parameter = twin_parameter_new_number (name, value, unit, -INFINITY, INFINITY);

  twin_entity_add_parameter (entity, parameter);
}

/* A small wedge in mm, Y-up. */
static TwinMesh *
make_wedge (void)
{
  static const float corners[6][3] = {
    { 0, 0, 0 },
    { 400, 0, 0 },
    { 0, 0, 200 },
    { 0, 300, 0 },
    { 400, 300, 0 },
    { 0, 300, 200 },
  };
  static const guint32 triangles[8][3] = {
    { 0, 1, 2 },
    { 3, 5, 4 },
    { 0, 3, 4 },
    { 0, 4, 1 },
    { 1, 4, 5 },
    { 1, 5, 2 },
    { 2, 5, 3 },
    { 2, 3, 0 },
  };
  g_autoptr (GError) error = NULL;
  TwinMesh *mesh = twin_mesh_new_take (g_memdup2 (corners, sizeof corners), NULL, 6,
                                       g_memdup2 (triangles, sizeof triangles), 8, &error);

  g_assert_no_error (error);
  return mesh;
}

/*
 * Plant ─┬─ Pump 1 (the wedge, 290 K)
 *        ├─ Pump 2 (the wedge, 310 K)
 *        └─ Ghost  (a mesh the file does not hold)
 * with a saved setting colouring by temperature.
 */
static void
make_project (const char *path,
              gboolean    with_ghost,
              const char *saved_color_by)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinMesh) mesh = make_wedge ();
  g_autoptr (TwinMeshInfo) info = twin_mesh_catalog_make_info (mesh, "Wedge", "wedge.stl", TWIN_MESH_UNIT_MM, TWIN_MESH_UP_Y);
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Plant");
  g_autoptr (TwinEntity) pump_1 = twin_entity_new (NULL, "pump", "Pump 1");
  g_autoptr (TwinEntity) pump_2 = twin_entity_new (NULL, "pump", "Pump 2");
  g_autoptr (TwinEntity) ghost = twin_entity_new (NULL, "asset", "Ghost");
  g_autoptr (TwinStore) store = NULL;

  twin_entity_set_initial_mesh_id (pump_1, info->id);
  twin_entity_set_initial_mesh_id (pump_2, info->id);
  twin_entity_set_initial_mesh_id (ghost, "0123456789abcdef0123456789abcdef");
  add_number (pump_1, "temperature", 290.0, "K");
  add_number (pump_2, "temperature", 310.0, "K");
  add_number (pump_2, "height", 1.5, "m");
  twin_entity_append_child (root, pump_1);
  twin_entity_append_child (root, pump_2);
  if (with_ghost)
    twin_entity_append_child (root, ghost);

  store = twin_store_create (path, root, &error);
  g_assert_no_error (error);
  twin_store_put_mesh (store, info, mesh, &error);
  g_assert_no_error (error);
  if (saved_color_by != NULL)
    {
      twin_store_set_metadata (store, "view.color-by", saved_color_by, &error);
      g_assert_no_error (error);
    }
  twin_store_close (store);
}

static char *
dup_saved_setting (const char *parameter)
{
  g_autoptr (TwinColorBy) color_by = twin_color_by_new (parameter);

  return twin_color_by_to_string (color_by);
}

/* The JSON chunk of a GLB file, after checking its header. */
static JsonObject *
load_glb_json (const char *path,
               JsonParser *parser)
{
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *data = NULL;
  gsize              length = 0;
  guint32            words[5];

  g_file_get_contents (path, (char **) &data, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >=, 20);
  memcpy (words, data, sizeof words);
  g_assert_cmpmem (data, 4, "glTF", 4);
  g_assert_cmpuint (GUINT32_FROM_LE (words[1]), ==, 2);
  g_assert_cmpuint (GUINT32_FROM_LE (words[2]), ==, length);
  g_assert_cmpmem (data + 16, 4, "JSON", 4);
  json_parser_load_from_data (parser, (const char *) data + 20, GUINT32_FROM_LE (words[3]), &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static JsonObject *
find_node (JsonObject *root,
           const char *name)
{
  JsonArray *nodes = json_object_get_array_member (root, "nodes");

  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonObject *node = json_array_get_object_element (nodes, i);

      if (g_strcmp0 (json_object_get_string_member (node, "name"), name) == 0)
        return node;
    }
  return NULL;
}

/* The colour-by parameter recorded in the scene's extras, or NULL. */
static const char *
get_color_parameter (JsonObject *root)
{
  JsonObject *scene = json_array_get_object_element (json_object_get_array_member (root, "scenes"), 0);
  JsonObject *extras;

  if (!json_object_has_member (scene, "extras"))
    return NULL;
  extras = json_object_get_object_member (scene, "extras");
  if (!json_object_has_member (extras, "twin_color_by"))
    return NULL;
  return json_object_get_string_member (json_object_get_object_member (extras, "twin_color_by"), "parameter");
}

static void
assert_user_error (const Run  *run,
                   const char *needle)
{
  g_assert_cmpint (run->exit_status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "twinctl: "));
  g_assert_nonnull (strchr (run->err, '\n'));
  g_assert_cmpint (strchr (run->err, '\n')[1], ==, '\0');
  g_assert_nonnull (strstr (run->err, needle));
}

static void
assert_usage_error (const Run *run)
{
  g_assert_cmpint (run->exit_status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "twinctl: "));
  g_assert_nonnull (strstr (run->err, "--help"));
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  fixture->dir = twin_test_tmp_path ("gltf");
  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0700), ==, 0);
  fixture->project = g_build_filename (fixture->dir, "plant.dtwin", NULL);
  fixture->out = g_build_filename (fixture->dir, "plant.glb", NULL);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->project, g_free);
  g_clear_pointer (&fixture->out, g_free);
}

/* The project's meshes and saved colour setting reach the file; the command is silent. */
static void
test_export (Fixture      *fixture,
             gconstpointer data)
{
  g_autofree char *setting = dup_saved_setting ("temperature");
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_auto (Run) run = { 0 };
  JsonObject *root;
  JsonObject *pump_1;
  JsonObject *mesh_1;
  JsonObject *mesh_2;

  make_project (fixture->project, FALSE, setting);
  RUN (&run, fixture->dir, "export-gltf", "plant.dtwin", "plant.glb");
  g_assert_cmpint (run.exit_status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, "");

  root = load_glb_json (fixture->out, parser);
  pump_1 = find_node (root, "Pump 1");
  g_assert_nonnull (pump_1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (pump_1, "extras"), "twin_path"), ==, "Plant/Pump 1");
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (pump_1, "extras"), "twin_color_by_value"), ==, 290.0);
  mesh_1 = find_node (root, "Pump 1 (mesh)");
  mesh_2 = find_node (root, "Pump 2 (mesh)");
  g_assert_nonnull (mesh_1);
  g_assert_nonnull (mesh_2);
  /* The wedge's geometry is in the file once: the box is not used, so one geometry, three accessors. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "accessors")), ==, 3);
  g_assert_cmpstr (get_color_parameter (root), ==, "temperature");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "materials")), ==, 2);
}

/* --color-by overrides the saved setting; --no-color-by drops it; together they are wrong usage. */
static void
test_color_options (Fixture      *fixture,
                    gconstpointer data)
{
  g_autofree char *setting = dup_saved_setting ("temperature");
  g_auto (Run) run = { 0 };

  make_project (fixture->project, FALSE, setting);

  {
    g_autoptr (JsonParser) parser = json_parser_new ();

    RUN (&run, fixture->dir, "export-gltf", "--color-by", "height", "plant.dtwin", "plant.glb");
    g_assert_cmpint (run.exit_status, ==, 0);
    g_assert_cmpstr (get_color_parameter (load_glb_json (fixture->out, parser)), ==, "height");
  }
  {
    g_autoptr (JsonParser) parser = json_parser_new ();
    JsonObject *root;

    RUN (&run, fixture->dir, "export-gltf", "--no-color-by", "plant.dtwin", "plant.glb");
    g_assert_cmpint (run.exit_status, ==, 0);
    root = load_glb_json (fixture->out, parser);
    g_assert_null (get_color_parameter (root));
    g_assert_false (json_object_has_member (json_object_get_object_member (find_node (root, "Pump 1"), "extras"), "twin_color_by_value"));
    /* Both pumps are of one type: one colour. */
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "materials")), ==, 1);
  }

  RUN (&run, fixture->dir, "export-gltf", "--no-color-by", "--color-by", "height", "plant.dtwin", "plant.glb");
  assert_usage_error (&run);
  RUN (&run, fixture->dir, "export-gltf", "--color-by", "not a name!", "plant.dtwin", "plant.glb");
  assert_usage_error (&run);
  RUN (&run, fixture->dir, "export-gltf", "plant.dtwin");
  assert_usage_error (&run);
  g_assert_nonnull (strstr (run.err, "OUT.glb"));
}

/* A mesh the file lacks, and a saved setting that cannot be read: warnings, and the file anyway. */
static void
test_warnings (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_auto (Run) run = { 0 };
  g_auto (GStrv) lines = NULL;
  JsonObject *root;

  make_project (fixture->project, TRUE, "{not a setting");
  RUN (&run, fixture->dir, "export-gltf", "plant.dtwin", "plant.glb");
  g_assert_cmpint (run.exit_status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  lines = g_strsplit (run.err, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpstr (lines[2], ==, "");
  g_assert_true (g_str_has_prefix (lines[0], "twinctl: warning: "));
  g_assert_nonnull (strstr (lines[0], "plant.dtwin"));
  g_assert_true (g_str_has_prefix (lines[1], "twinctl: warning: "));
  g_assert_nonnull (strstr (lines[1], "Plant/Ghost"));
  g_assert_nonnull (strstr (lines[1], "0123456789abcdef0123456789abcdef"));

  root = load_glb_json (fixture->out, parser);
  g_assert_nonnull (find_node (root, "Ghost (box)"));
  g_assert_null (get_color_parameter (root));
}

/* Failures: a missing folder, the project itself as the target, a file that is no project. No file is left. */
static void
test_errors (Fixture      *fixture,
             gconstpointer data)
{
  g_autofree char *other = g_build_filename (fixture->dir, "other.glb", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto (Run) run = { 0 };
  gsize before_length = 0;
  gsize after_length = 0;

  make_project (fixture->project, FALSE, NULL);

  RUN (&run, fixture->dir, "export-gltf", "plant.dtwin", "missing/plant.glb");
  assert_user_error (&run, "the folder “missing” does not exist");
  g_assert_false (g_file_test (fixture->out, G_FILE_TEST_EXISTS));

  g_file_get_contents (fixture->project, &before, &before_length, NULL);
  RUN (&run, fixture->dir, "export-gltf", "plant.dtwin", "plant.dtwin");
  assert_user_error (&run, "plant.dtwin");
  g_file_get_contents (fixture->project, &after, &after_length, NULL);
  g_assert_cmpmem (before, before_length, after, after_length);

  twin_test_write_file (fixture->out, "not a twin", 10);
  RUN (&run, fixture->dir, "export-gltf", "plant.glb", "other.glb");
  assert_user_error (&run, "plant.glb");
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
}

/* The project is read only: the export works while another program has it open for writing. */
static void
test_open_elsewhere (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinStore) writer = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_auto (Run) run = { 0 };

  make_project (fixture->project, FALSE, NULL);
  writer = twin_store_open (fixture->project, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  RUN (&run, fixture->dir, "export-gltf", "plant.dtwin", "plant.glb");
  g_assert_cmpint (run.exit_status, ==, 0);
  g_assert_nonnull (find_node (load_glb_json (fixture->out, parser), "Pump 2 (mesh)"));
  twin_store_close (writer);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  twinctl_path = g_getenv ("TWINCTL");
  if (argc > 1)
    twinctl_path = argv[1];
  if (twinctl_path == NULL)
    {
      g_printerr ("Set TWINCTL to the twinctl to test.\n");
      return 1;
    }

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/export-gltf/export", test_export);
  ADD ("/cli/export-gltf/color-options", test_color_options);
  ADD ("/cli/export-gltf/warnings", test_warnings);
  ADD ("/cli/export-gltf/errors", test_errors);
  ADD ("/cli/export-gltf/open-elsewhere", test_open_elsewhere);
#undef ADD

  return g_test_run ();
}
