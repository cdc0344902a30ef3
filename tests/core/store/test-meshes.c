/* test-meshes.c: tests of meshes in a project: storage, sharing, damage, pruning, undo, subtrees, JSON.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test works on a real .dtwin file and reads it back through a new
 * project, or with plain SQLite, as another program would.
 */

#include "config.h"

#include "store-test-util.h"
#include "twin-test-util.h"

#include <math.h>
#include <string.h>

/* A cube of edge @size centred on @centre: 8 shared corners, 12 triangles. */
static TwinMesh *
make_cube (float size,
           float centre_x)
{
  static const guint32 faces[36] = {
    0,
    2,
    1,
    1,
    2,
    3,
    4,
    5,
    6,
    5,
    7,
    6,
    0,
    1,
    4,
    1,
    5,
    4,
    2,
    6,
    3,
    3,
    6,
    7,
    0,
    4,
    2,
    2,
    4,
    6,
    1,
    3,
    5,
    3,
    7,
    5,
  };
  g_autoptr (GError) error = NULL;
  float    *positions = g_new (float, 24);
  guint32  *indices = g_memdup2 (faces, sizeof faces);
  TwinMesh *mesh;

  for (int i = 0; i < 8; i++)
    {
      positions[3 * i + 0] = centre_x + ((i & 1) ? 0.5f : -0.5f) * size;
      positions[3 * i + 1] = ((i & 2) ? 0.5f : -0.5f) * size;
      positions[3 * i + 2] = ((i & 4) ? 0.5f : -0.5f) * size;
    }
  mesh = twin_mesh_new_take (positions, NULL, 8, indices, 12, &error);
  g_assert_no_error (error);
  return mesh;
}

static TwinProject *
create_project (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinEntity) root = store_test_build_tree (0);
  TwinProject *project;

  store_test_create_file (path, root);
  project = twin_project_open (path, FALSE, &error);
  g_assert_no_error (error);
  return project;
}

static TwinProject *
reopen (const char *path,
        gboolean    read_only)
{
  g_autoptr (GError) error = NULL;
  TwinProject *project = twin_project_open (path, read_only, &error);

  g_assert_no_error (error);
  g_assert_nonnull (project);
  return project;
}

/* Adds @mesh to the project's catalog and returns its id. */
static char *
add_mesh (TwinProject *project,
          TwinMesh    *mesh,
          const char  *name,
          TwinMeshUnit unit,
          TwinMeshUp   up)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinMeshInfo) info = twin_mesh_catalog_make_info (mesh, name, "/some/folder/part.stl", unit, up);

  g_assert_true (twin_mesh_catalog_add (twin_project_get_mesh_catalog (project), info, mesh, &error));
  g_assert_no_error (error);
  return g_strdup (info->id);
}

static TwinEntity *
find (TwinProject *project,
      const char  *path)
{
  TwinEntity *entity = twin_model_lookup_path (twin_project_get_model (project), path);

  g_assert_nonnull (entity);
  return entity;
}

static void
assert_same_geometry (TwinMesh *a,
                      TwinMesh *b)
{
  g_assert_cmpuint (twin_mesh_get_n_vertices (a), ==, twin_mesh_get_n_vertices (b));
  g_assert_cmpuint (twin_mesh_get_n_triangles (a), ==, twin_mesh_get_n_triangles (b));
  g_assert_cmpmem (twin_mesh_get_positions (a), 12 * twin_mesh_get_n_vertices (a),
                   twin_mesh_get_positions (b), 12 * twin_mesh_get_n_vertices (b));
  g_assert_cmpmem (twin_mesh_get_indices (a), 12 * twin_mesh_get_n_triangles (a),
                   twin_mesh_get_indices (b), 12 * twin_mesh_get_n_triangles (b));
  for (guint i = 0; i < 3 * twin_mesh_get_n_vertices (a); i++)
    g_assert_cmpfloat_with_epsilon (twin_mesh_get_normals (a)[i], twin_mesh_get_normals (b)[i], 1e-4);
}

static void
assert_file_dump (const char *path,
                  const char *expected)
{
  g_autofree char *dump = store_test_dump_file (path, TRUE);

  g_assert_cmpstr (dump, ==, expected);
}

static void
assert_model_dump (TwinProject *project,
                   const char  *expected)
{
  g_autofree char *dump = store_test_dump (twin_model_get_root (twin_project_get_model (project)), TRUE);

  g_assert_cmpstr (dump, ==, expected);
}

/* A mesh set on an entity is in the file: its geometry, unit, up axis and
 * the entity's reference, on another machine with no source file. */
static void
test_round_trip (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = store_test_path ("round-trip.dtwin");
  g_autoptr (TwinProject) project = create_project (path);
  g_autoptr (TwinMesh) cube = make_cube (200.0f, 100.0f);
  g_autoptr (TwinMesh) loaded = NULL;
  g_autofree char    *id = add_mesh (project, cube, "Pump casing", TWIN_MESH_UNIT_MM, TWIN_MESH_UP_Y);
  g_autofree char    *dump = NULL;
  g_autofree char    *value = NULL;
  const TwinMeshInfo *info;
  TwinEntity         *room;
  float               min_m[3];
  float               max_m[3];

  g_assert_cmpuint (strlen (id), ==, 32);
  room = find (project, "Plant/Office “Nord” – 北/Floor 1/Room 101");
  g_assert_true (twin_model_set_mesh (twin_project_get_model (project), room, id, &error));
  g_assert_no_error (error);
  dump = store_test_dump (twin_model_get_root (twin_project_get_model (project)), TRUE);
  g_assert_nonnull (strstr (dump, id));
  g_clear_object (&project);

  /* Plain SQLite sees one mesh row and one geometry row. */
  value = store_test_query_text (path, "SELECT count(*) FROM mesh");
  g_assert_cmpstr (value, ==, "1");
  g_clear_pointer (&value, g_free);
  value = store_test_query_text (path, "SELECT unit || ' ' || up_axis || ' ' || source FROM mesh");
  g_assert_cmpstr (value, ==, "mm y part.stl");
  g_clear_pointer (&value, g_free);

  project = reopen (path, TRUE);
  assert_model_dump (project, dump);
  room = find (project, "Plant/Office “Nord” – 北/Floor 1/Room 101");
  g_assert_cmpstr (twin_entity_get_mesh_id (room), ==, id);
  info = twin_mesh_catalog_lookup (twin_project_get_mesh_catalog (project), id);
  g_assert_nonnull (info);
  g_assert_cmpstr (info->name, ==, "Pump casing");
  g_assert_cmpint (info->unit, ==, TWIN_MESH_UNIT_MM);
  g_assert_cmpint (info->up, ==, TWIN_MESH_UP_Y);
  g_assert_cmpuint (info->n_vertices, ==, 8);
  g_assert_cmpuint (info->n_triangles, ==, 12);
  g_assert_cmpfloat (info->min[0], ==, 0.0f);
  g_assert_cmpfloat (info->max[0], ==, 200.0f);

  /* After the conversion: metres, and Y up turned to Z up ((x, y, z) ↦ (x, −z, y)). */
  twin_mesh_info_get_bounds_m (info, min_m, max_m);
  g_assert_cmpfloat_with_epsilon (min_m[0], 0.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (max_m[0], 0.2, 1e-6);
  g_assert_cmpfloat_with_epsilon (min_m[1], -0.1, 1e-6);
  g_assert_cmpfloat_with_epsilon (max_m[1], 0.1, 1e-6);
  g_assert_cmpfloat_with_epsilon (min_m[2], -0.1, 1e-6);
  g_assert_cmpfloat_with_epsilon (max_m[2], 0.1, 1e-6);

  loaded = twin_mesh_catalog_get_mesh (twin_project_get_mesh_catalog (project), id, &error);
  g_assert_no_error (error);
  assert_same_geometry (cube, loaded);
}

/* Geometry is stored once, whatever its unit; a mesh added twice is one row. */
static void
test_shared_geometry (void)
{
  g_autofree char *path = store_test_path ("shared.dtwin");
  g_autoptr (TwinProject) project = create_project (path);
  g_autoptr (TwinMesh) cube = make_cube (1.0f, 0.0f);
  g_autoptr (TwinMesh) same = make_cube (1.0f, 0.0f);
  g_autoptr (TwinMesh) other = make_cube (2.0f, 0.0f);
  g_autofree char *id_m = add_mesh (project, cube, "Cube", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Z);
  g_autofree char *id_again = add_mesh (project, same, "Cube again", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Z);
  g_autofree char *id_mm = add_mesh (project, same, "Cube", TWIN_MESH_UNIT_MM, TWIN_MESH_UP_Z);
  g_autofree char *id_other = add_mesh (project, other, "Big cube", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Z);
  g_autofree char *value = NULL;
  g_autoptr (GPtrArray) list = NULL;

  g_assert_cmpstr (id_m, ==, id_again);
  g_assert_cmpstr (id_m, !=, id_mm);
  g_assert_cmpstr (id_m, !=, id_other);
  g_assert_cmpuint (twin_mesh_catalog_get_n_meshes (twin_project_get_mesh_catalog (project)), ==, 3);
  list = twin_mesh_catalog_list (twin_project_get_mesh_catalog (project));
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (((TwinMeshInfo *) g_ptr_array_index (list, 0))->name, ==, "Big cube");
  g_clear_pointer (&list, g_ptr_array_unref);

  value = store_test_query_text (path, "SELECT count(*) FROM mesh");
  g_assert_cmpstr (value, ==, "3");
  g_clear_pointer (&value, g_free);
  value = store_test_query_text (path, "SELECT count(*) FROM mesh_data");
  g_assert_cmpstr (value, ==, "2");
}

/* Damaged geometry is refused with the file's name, never read out of bounds. */
static void
test_damaged_geometry (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = store_test_path ("damaged.dtwin");
  g_autoptr (TwinProject) project = create_project (path);
  g_autoptr (TwinMesh) cube = make_cube (1.0f, 0.0f);
  g_autoptr (TwinMesh) loaded = NULL;
  g_autofree char *id = add_mesh (project, cube, "Cube", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Z);
  g_autofree char *sql = NULL;

  g_assert_true (twin_model_set_mesh (twin_project_get_model (project), find (project, "Plant"), id, &error));
  g_assert_no_error (error);
  g_clear_object (&project);

  /* A truncated blob whose checksum was "fixed": the binary form is checked too. */
  store_test_exec (path, "UPDATE mesh_data SET data = substr (data, 1, 40)");
  {
    g_autofree char *truncated = store_test_query_text (path, "SELECT hex (data) FROM mesh_data");
    g_autoptr (GBytes) bytes = NULL;
    g_autofree char *checksum = NULL;
    gsize            n = strlen (truncated) / 2;
    guint8          *raw = g_malloc (n);

    for (gsize i = 0; i < n; i++)
      raw[i] = (guint8) g_ascii_strtoull ((char[]){ truncated[2 * i], truncated[2 * i + 1], 0 }, NULL, 16);
    bytes = g_bytes_new_take (raw, n);
    checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
    sql = g_strdup_printf ("PRAGMA foreign_keys = OFF; UPDATE mesh_data SET checksum = '%s'; UPDATE mesh SET checksum = '%s';",
                           checksum, checksum);
  }
  store_test_exec (path, sql);
  project = reopen (path, TRUE);
  loaded = twin_mesh_catalog_get_mesh (twin_project_get_mesh_catalog (project), id, &error);
  g_assert_null (loaded);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_CORRUPT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "does not match its header"));
  g_assert_nonnull (strstr (error->message, "damaged.dtwin"));
  g_clear_error (&error);
  g_clear_object (&project);
  /* Geometry overwritten with zeros: the checksum no longer matches. */
  store_test_exec (path, "UPDATE mesh_data SET data = zeroblob (length (data))");
  project = reopen (path, TRUE);
  loaded = twin_mesh_catalog_get_mesh (twin_project_get_mesh_catalog (project), id, &error);
  g_assert_null (loaded);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "damaged.dtwin"));
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "checksum"));
  g_clear_error (&error);

  /* An unknown id is not found, not a crash. */
  loaded = twin_mesh_catalog_get_mesh (twin_project_get_mesh_catalog (project), "0123456789abcdef0123456789abcdef", &error);
  g_assert_null (loaded);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND);
}

/* Meshes nobody shows are removed when the project closes, not before:
 * until then, undo may bring them back. */
static void
test_prune_on_close (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = store_test_path ("prune.dtwin");
  g_autoptr (TwinProject) project = create_project (path);
  g_autoptr (TwinMesh) kept = make_cube (1.0f, 0.0f);
  g_autoptr (TwinMesh) dropped = make_cube (3.0f, 0.0f);
  g_autofree char *kept_id = add_mesh (project, kept, "Kept", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Z);
  g_autofree char *dropped_id = add_mesh (project, dropped, "Dropped", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Z);
  g_autofree char *value = NULL;
  TwinModel       *model = twin_project_get_model (project);
  TwinEntity      *office = find (project, "Plant/Office “Nord” – 北");
  TwinEntity      *floor1 = find (project, "Plant/Office “Nord” – 北/Floor 1");

  g_assert_true (twin_model_set_mesh (model, office, kept_id, &error));
  g_assert_true (twin_model_set_mesh (model, floor1, dropped_id, &error));
  g_assert_true (twin_model_set_mesh (model, floor1, NULL, &error));
  g_assert_no_error (error);

  /* Still there while the project is open: undo shows it again. */
  value = store_test_query_text (path, "SELECT count(*) FROM mesh");
  g_assert_cmpstr (value, ==, "2");
  g_clear_pointer (&value, g_free);
  g_assert_true (twin_model_undo (model, &error));
  g_assert_cmpstr (twin_entity_get_mesh_id (floor1), ==, dropped_id);
  g_assert_true (twin_model_redo (model, &error));
  g_assert_null (twin_entity_get_mesh_id (floor1));
  g_assert_no_error (error);

  g_clear_object (&project);
  value = store_test_query_text (path, "SELECT group_concat (name) FROM mesh");
  g_assert_cmpstr (value, ==, "Kept");
  g_clear_pointer (&value, g_free);
  value = store_test_query_text (path, "SELECT count(*) FROM mesh_data");
  g_assert_cmpstr (value, ==, "1");
  g_clear_pointer (&value, g_free);
  value = store_test_query_text (path, "PRAGMA integrity_check");
  g_assert_cmpstr (value, ==, "ok");
}

/* A read-only project cannot take meshes; a closed one neither. */
static void
test_read_only (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = store_test_path ("read-only.dtwin");
  g_autoptr (TwinProject) project = create_project (path);
  g_autoptr (TwinMesh) cube = make_cube (1.0f, 0.0f);
  g_autoptr (TwinMeshInfo) info = twin_mesh_catalog_make_info (cube, "Cube", NULL, TWIN_MESH_UNIT_M, TWIN_MESH_UP_Z);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr (TwinProject) reader = NULL;

  g_clear_object (&project);
  before = store_test_checksum (path);
  reader = reopen (path, TRUE);
  g_assert_false (twin_mesh_catalog_add (twin_project_get_mesh_catalog (reader), info, cube, &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_null (twin_mesh_catalog_lookup (twin_project_get_mesh_catalog (reader), info->id));
  g_clear_object (&reader);
  after = store_test_checksum (path);
  g_assert_cmpstr (before, ==, after);

  project = reopen (path, FALSE);
  twin_project_close (project);
  g_assert_false (twin_mesh_catalog_add (twin_project_get_mesh_catalog (project), info, cube, &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO);
}

/* Save As carries the meshes to the new file and keeps adding them there. */
static void
test_save_as (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = store_test_path ("before.dtwin");
  g_autofree char *copy_path = store_test_path ("after.dtwin");
  g_autoptr (TwinProject) project = create_project (path);
  g_autoptr (TwinMesh) first = make_cube (1.0f, 0.0f);
  g_autoptr (TwinMesh) second = make_cube (2.0f, 0.0f);
  g_autofree char *first_id = add_mesh (project, first, "First", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Z);
  g_autofree char *second_id = NULL;
  g_autofree char *value = NULL;
  g_autoptr (TwinMesh) loaded = NULL;

  g_assert_true (twin_model_set_mesh (twin_project_get_model (project), find (project, "Plant"), first_id, &error));
  g_assert_true (twin_project_save_as (project, copy_path, &error));
  g_assert_no_error (error);
  second_id = add_mesh (project, second, "Second", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Z);
  g_assert_true (twin_model_set_mesh (twin_project_get_model (project), find (project, "Plant/Office “Nord” – 北"),
                                      second_id, &error));
  g_clear_object (&project);

  value = store_test_query_text (copy_path, "SELECT group_concat (name, ',') FROM (SELECT name FROM mesh ORDER BY name)");
  g_assert_cmpstr (value, ==, "First,Second");
  g_clear_pointer (&value, g_free);
  value = store_test_query_text (path, "SELECT group_concat (name, ',') FROM mesh");
  g_assert_cmpstr (value, ==, "First");

  project = reopen (copy_path, TRUE);
  loaded = twin_mesh_catalog_get_mesh (twin_project_get_mesh_catalog (project), second_id, &error);
  g_assert_no_error (error);
  assert_same_geometry (second, loaded);
}

/* Setting a mesh is one undoable step, written to the file each way. */
static void
test_set_mesh_undo (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = store_test_path ("undo.dtwin");
  g_autoptr (TwinProject) project = create_project (path);
  g_autoptr (TwinMesh) cube = make_cube (1.0f, 0.0f);
  g_autofree char *id = add_mesh (project, cube, "Cube", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Z);
  TwinModel       *model = twin_project_get_model (project);
  TwinHistory     *history = twin_model_get_history (model);
  TwinEntity      *plant = find (project, "Plant");
  g_autofree char *value = NULL;

  g_assert_true (twin_model_set_mesh (model, plant, id, &error));
  g_assert_cmpstr (twin_history_get_undo_label (history), ==, "Set the mesh of “Plant”");
  value = store_test_query_text (path, "SELECT mesh_id FROM entity WHERE parent_id IS NULL");
  g_assert_cmpstr (value, ==, id);
  g_clear_pointer (&value, g_free);

  g_assert_true (twin_model_undo (model, &error));
  g_assert_null (twin_entity_get_mesh_id (plant));
  value = store_test_query_text (path, "SELECT mesh_id IS NULL FROM entity WHERE parent_id IS NULL");
  g_assert_cmpstr (value, ==, "1");
  g_clear_pointer (&value, g_free);

  g_assert_true (twin_model_redo (model, &error));
  g_assert_cmpstr (twin_entity_get_mesh_id (plant), ==, id);
  g_assert_no_error (error);

  /* Setting the same mesh again is no step; an empty id is refused. */
  g_assert_true (twin_model_set_mesh (model, plant, id, &error));
  g_assert_cmpstr (twin_history_get_undo_label (history), ==, "Set the mesh of “Plant”");
  g_assert_false (twin_model_set_mesh (model, plant, "", &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_VALUE);
}

/* An imported assembly arrives as one step: named free of its siblings,
 * gone whole on undo, back whole on redo, and in the file. */
static void
test_insert_tree (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = store_test_path ("tree.dtwin");
  g_autoptr (TwinProject) project = create_project (path);
  TwinModel  *model = twin_project_get_model (project);
  TwinEntity *floor1 = find (project, "Plant/Office “Nord” – 北/Floor 1");
  g_autoptr (TwinEntity) tree = twin_entity_new (NULL, "subsystem", "Room 101");
  g_autoptr (TwinEntity) clash = NULL;
  TwinEntity      *part = twin_entity_new (NULL, "asset", "Impeller");
  TwinTransform    t;
  guint            n_before = twin_model_get_n_entities (model);
  g_autofree char *dump_before = store_test_dump_file (path, TRUE);
  g_autofree char *dump = NULL;

  twin_transform_init_identity (&t);
  t.position_m[2] = 0.25;
  twin_entity_set_initial_transform (part, &t);
  twin_entity_set_initial_mesh_id (part, "00112233445566778899aabbccddeeff");
  twin_entity_append_child (tree, part);
  g_object_unref (part);

  /* "Room 101" is taken under Floor 1: the assembly gets the first free "Room N". */
  g_assert_true (twin_model_insert_tree (model, floor1, tree, -1, "Import “pump.glb”", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (twin_entity_get_name (tree), ==, "Room 2");
  g_assert_true (twin_entity_get_parent (tree) == floor1);
  g_assert_cmpuint (twin_model_get_n_entities (model), ==, n_before + 2);
  g_assert_cmpstr (twin_history_get_undo_label (twin_model_get_history (model)), ==, "Import “pump.glb”");
  dump = store_test_dump (twin_model_get_root (model), TRUE);
  assert_file_dump (path, dump);
  g_assert_nonnull (strstr (dump, "Impeller [asset] t=0,0,0.25,0,0,0,1,1,1 m=00112233445566778899aabbccddeeff"));

  g_assert_true (twin_model_undo (model, &error));
  g_assert_cmpuint (twin_model_get_n_entities (model), ==, n_before);
  assert_file_dump (path, dump_before);
  g_assert_true (twin_model_redo (model, &error));
  g_assert_no_error (error);
  assert_file_dump (path, dump);

  /* A tree reusing an id of the model is refused, and nothing changes. */
  clash = twin_entity_new (twin_entity_get_id (floor1), "asset", "Clone");
  g_assert_false (twin_model_insert_tree (model, floor1, clash, -1, NULL, &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "Clone"));
  assert_file_dump (path, dump);
}

/* The JSON form names an entity's mesh, and reads it back. */
static void
test_json (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Plant");
  g_autoptr (TwinEntity) loaded = NULL;
  g_autoptr (TwinModel) model = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  TwinEntity      *pump = twin_entity_new (NULL, "pump", "Pump");

  twin_entity_set_initial_mesh_id (pump, "ffeeddccbbaa99887766554433221100");
  twin_entity_append_child (root, pump);
  g_object_unref (pump);
  model = twin_model_new (g_object_ref (root));
  json = twin_model_json_to_string (model);
  g_assert_nonnull (strstr (json, "\"mesh\": \"ffeeddccbbaa99887766554433221100\""));

  loaded = twin_model_json_from_string (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (twin_entity_get_mesh_id (twin_entity_get_child (loaded, 0)), ==, "ffeeddccbbaa99887766554433221100");
  again = twin_model_json_entity_to_string (loaded);
  g_assert_cmpstr (again, ==, json);

  g_clear_object (&loaded);
  loaded = twin_model_json_from_string ("{\"format\": \"twin-studio-model\", \"version\": 1, \"root\":"
                                        " {\"name\": \"P\", \"type\": \"system\", \"mesh\": 3}}",
                                        -1, &error);
  g_assert_null (loaded);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "mesh"));
}

/* The colour-by-value choice is kept in the project, outside the undo history. */
static void
test_color_by_saved (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = store_test_path ("color-by.dtwin");
  g_autoptr (TwinProject) project = create_project (path);
  g_autoptr (TwinColorBy) color_by = twin_color_by_new ("peak_load");
  g_autoptr (TwinColorBy) loaded = NULL;
  gboolean could_undo = twin_history_get_can_undo (twin_model_get_history (twin_project_get_model (project)));

  g_assert_null (twin_project_dup_color_by (project, &error));
  g_assert_no_error (error);
  twin_color_by_set_auto_range (color_by, FALSE);
  twin_color_by_set_fixed_range (color_by, 10.0, 250.5);
  g_assert_true (twin_project_set_color_by (project, color_by, &error));
  g_assert_no_error (error);
  g_assert_cmpint (twin_history_get_can_undo (twin_model_get_history (twin_project_get_model (project))), ==, could_undo);
  g_clear_object (&project);

  project = reopen (path, TRUE);
  loaded = twin_project_dup_color_by (project, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_true (twin_color_by_equal (loaded, color_by));
  g_clear_object (&project);

  /* Cleared again; a damaged setting is an error, not a crash. */
  project = reopen (path, FALSE);
  g_assert_true (twin_project_set_color_by (project, NULL, &error));
  g_assert_null (twin_project_dup_color_by (project, &error));
  g_assert_no_error (error);
  g_clear_object (&project);
  store_test_exec (path, "INSERT INTO metadata (key, value) VALUES ('view.color-by', '{\"parameter\": 3')");
  project = reopen (path, TRUE);
  g_clear_object (&loaded);
  loaded = twin_project_dup_color_by (project, &error);
  g_assert_null (loaded);
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/store/meshes/round-trip", test_round_trip);
  g_test_add_func ("/core/store/meshes/shared-geometry", test_shared_geometry);
  g_test_add_func ("/core/store/meshes/damaged-geometry", test_damaged_geometry);
  g_test_add_func ("/core/store/meshes/prune-on-close", test_prune_on_close);
  g_test_add_func ("/core/store/meshes/read-only", test_read_only);
  g_test_add_func ("/core/store/meshes/save-as", test_save_as);
  g_test_add_func ("/core/store/meshes/color-by-saved", test_color_by_saved);
  g_test_add_func ("/core/model/meshes/set-mesh-undo", test_set_mesh_undo);
  g_test_add_func ("/core/model/meshes/insert-tree", test_insert_tree);
  g_test_add_func ("/core/model/meshes/json", test_json);

  return g_test_run ();
}
