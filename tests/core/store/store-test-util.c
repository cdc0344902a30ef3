/* store-test-util.c: helpers shared by the project-file tests (sample trees, dumps, checksums).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "store-test-util.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>

/**
 * store_test_path:
 *
 * Returns: a path for @basename in this test case's own data folder, which
 *   %G_TEST_OPTION_ISOLATE_DIRS makes fresh and removes afterwards
 */
char *
store_test_path (const char *basename)
{
  const char *dir = g_get_user_data_dir ();

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return g_build_filename (dir, basename, NULL);
}

static void
add_parameter (TwinEntity    *entity,
               TwinParameter *parameter,
               const char    *description)
{
  g_autoptr (TwinParameter) owned = parameter;

  twin_parameter_set_description (parameter, description);
  twin_entity_add_parameter (entity, parameter);
}

static TwinEntity *
add_child (TwinEntity *parent,
           const char *type_name,
           const char *name)
{
  g_autoptr (TwinEntity) child = NULL;
  const TwinEntityType *type = twin_entity_type_lookup (type_name);

  child = type != NULL ? twin_entity_type_instantiate (type, name) : twin_entity_new (NULL, type_name, name);
  twin_entity_append_child (parent, child);
  return child; /* the parent holds it */
}

/**
 * store_test_build_tree:
 * @n_extra_rooms: more rooms on the first floor, to make the file bigger
 *
 * A detached twin with every parameter kind, bounded and unbounded ranges,
 * odd numbers, Unicode text, non-identity transforms, an unknown type, and
 * the diagram of store_test_add_diagram().
 *
 * Returns: (transfer full): its root
 */
TwinEntity *
store_test_build_tree (guint n_extra_rooms)
{
  TwinEntity   *root = twin_entity_new (NULL, "system", "Plant");
  TwinEntity   *office, *floor1, *floor2, *room;
  TwinTransform t;

  office = add_child (root, "building", "Office “Nord” – 北");
  twin_transform_init_identity (&t);
  t.position_m[0] = 1.5;
  t.position_m[1] = -2.25;
  t.position_m[2] = 0.1;
  t.rotation_deg[2] = 90;
  twin_entity_set_initial_transform (office, &t);
  add_parameter (office, twin_parameter_new_string ("owner", "Acmé “Quotes” & 'apostrophes' – 日本"), "Who owns it.");
  add_parameter (office, twin_parameter_new_boolean ("heated", TRUE), NULL);
  add_parameter (office, twin_parameter_new_boolean ("cooled", FALSE), "Has cooling.");
  add_parameter (office, twin_parameter_new_integer ("floors", 3, NULL, 0, 200), NULL);
  add_parameter (office, twin_parameter_new_integer ("huge", G_MAXINT64 - 1, "", -INFINITY, INFINITY), NULL);
  add_parameter (office, twin_parameter_new_integer ("negative", G_MININT64 + 7, "", -INFINITY, INFINITY), NULL);
  add_parameter (office, twin_parameter_new_number ("peak_load", 123.456789012345678, "kW", -INFINITY, INFINITY), NULL);
  add_parameter (office, twin_parameter_new_number ("tiny", 1e-300, "m", -1, 1), "Very small.");
  add_parameter (office, twin_parameter_new_number ("third", 1.0 / 3.0, "", -0.5, 0.5), NULL);
  add_parameter (office, twin_parameter_new_string ("empty_text", ""), NULL);

  floor1 = add_child (office, "floor", "Floor 1");
  room = add_child (floor1, "room", "Room 101");
  twin_transform_init_identity (&t);
  t.scale[0] = 2;
  t.scale[1] = 0.5;
  t.scale[2] = 1e-3;
  twin_entity_set_initial_transform (room, &t);
  add_child (room, "heater", "Heater");
  add_child (floor1, "room", "Room 102");
  for (guint i = 0; i < n_extra_rooms; i++)
    {
      g_autofree char *name = g_strdup_printf ("Room %u", 103 + i);

      room = add_child (floor1, "room", name);
      add_parameter (room, twin_parameter_new_string ("notes", "Some text to make the page fuller than it would be."), NULL);
    }

  floor2 = add_child (office, "floor", "Floor 2");
  twin_transform_init_identity (&t);
  t.rotation_deg[0] = -45.5;
  t.rotation_deg[1] = 10;
  t.rotation_deg[2] = 370;
  twin_entity_set_initial_transform (floor2, &t);

  add_child (root, "custom-thing", "Custom");
  add_child (root, "sensor", "Sensor");
  store_test_add_diagram (root);
  return root;
}

static void
connect (TwinEntity *parent,
         const char *id,
         const char *from,
         const char *from_port,
         const char *to,
         const char *to_port)
{
  g_autoptr (TwinConnection) connection = NULL;

  connection = twin_connection_new (id, twin_entity_find_child (parent, from), from_port,
                                    twin_entity_find_child (parent, to), to_port);
  twin_entity_add_connection (parent, connection);
}

/**
 * store_test_add_diagram:
 * @root: a tree from store_test_build_tree()
 *
 * Adds what the diagram editor makes: a "Circuit" subsystem with an
 * electrical network and a nested "Control" subsystem whose boundary port
 * Circuit exposes again (a chain across two levels), signal and thermal
 * connections on three levels, one of them to the entity of an unknown type,
 * diagram positions (and entities without one).
 */
void
store_test_add_diagram (TwinEntity *root)
{
  TwinEntity *floor1 = twin_entity_find_child (twin_entity_find_child (root, "Office “Nord” – 北"), "Floor 1");
  TwinEntity *circuit;
  TwinEntity *control;

  connect (floor1, "0b5a3c1e-0000-4000-8000-000000000001", "Room 101", "heat", "Room 102", "heat");
  twin_entity_set_initial_diagram_position (twin_entity_find_child (floor1, "Room 101"), 40, 60);
  twin_entity_set_initial_diagram_position (twin_entity_find_child (floor1, "Room 102"), -20.5, 1e-3);

  circuit = add_child (root, "subsystem", "Circuit");
  twin_entity_set_initial_diagram_position (circuit, 1.0 / 3.0, 1e300);
  twin_entity_set_initial_diagram_position (add_child (circuit, "resistor", "R1"), 0, 0);
  twin_entity_set_initial_diagram_position (add_child (circuit, "capacitor", "C1"), 120, 0);
  add_child (circuit, "ground", "GND");
  control = add_child (circuit, "subsystem", "Control");
  twin_entity_set_initial_diagram_position (add_child (control, "constant", "Set"), 0, -40);
  add_child (control, "sum", "Sum");
  add_child (control, "gain", "K");
  connect (control, "0b5a3c1e-0000-4000-8000-000000000002", "Set", "out", "Sum", "in1");
  connect (control, "0b5a3c1e-0000-4000-8000-000000000003", "Sum", "out", "K", "in");
  twin_entity_add_boundary_port (control, "in", twin_entity_find_child (control, "Sum"), "in2");
  twin_entity_add_boundary_port (control, "u", twin_entity_find_child (control, "K"), "out");

  connect (circuit, "0b5a3c1e-0000-4000-8000-000000000004", "R1", "n", "C1", "p");
  connect (circuit, "0b5a3c1e-0000-4000-8000-000000000005", "C1", "n", "GND", "p");
  twin_entity_add_boundary_port (circuit, "plus", twin_entity_find_child (circuit, "R1"), "p");
  twin_entity_add_boundary_port (circuit, "cmd", control, "in");
  twin_entity_add_boundary_port (circuit, "u", control, "u");

  connect (root, "0b5a3c1e-0000-4000-8000-000000000006", "Sensor", "out", "Circuit", "cmd");
  connect (root, "0b5a3c1e-0000-4000-8000-000000000007", "Custom", "flange", "Sensor", "measured");
}

static void
append_number (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isinf (value))
    g_string_append (out, value > 0 ? "inf" : "-inf");
  else
    g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.17g", value));
}

static void
dump_entity (GString    *out,
             TwinEntity *entity,
             guint       depth,
             gboolean    with_ids)
{
  const TwinTransform *t = twin_entity_get_transform (entity);
  GListModel          *parameters = twin_entity_get_parameters (entity);
  double               diagram_x;
  double               diagram_y;

  g_string_append_printf (out, "%*s%s%s%s [%s] t=", depth * 2, "", with_ids ? twin_entity_get_id (entity) : "",
                          with_ids ? " " : "", twin_entity_get_name (entity), twin_entity_get_type_name (entity));
  for (guint i = 0; i < 9; i++)
    {
      const double *values = i < 3 ? t->position_m : i < 6 ? t->rotation_deg
                                                           : t->scale;

      if (i > 0)
        g_string_append_c (out, ',');
      append_number (out, values[i % 3]);
    }
  if (twin_entity_get_diagram_position (entity, &diagram_x, &diagram_y))
    {
      g_string_append (out, " d=");
      append_number (out, diagram_x);
      g_string_append_c (out, ',');
      append_number (out, diagram_y);
    }
  if (twin_entity_get_mesh_id (entity) != NULL)
    g_string_append_printf (out, " m=%s", twin_entity_get_mesh_id (entity));
  g_string_append_c (out, '\n');

  for (guint i = 0; i < twin_entity_get_n_ports (entity); i++)
    {
      TwinPortInfo info;

      g_assert_true (twin_entity_get_port (entity, i, &info));
      if (info.inner != NULL)
        g_string_append_printf (out, "%*s  > %s = %s.%s\n", depth * 2, "", info.name,
                                twin_entity_get_name (info.inner), info.inner_port);
    }
  for (guint i = 0; i < twin_entity_get_n_connections (entity); i++)
    {
      g_autoptr (TwinConnection) c = g_list_model_get_item (twin_entity_get_connections (entity), i);

      g_string_append_printf (out, "%*s  ~ %s%s%s.%s -> %s.%s\n", depth * 2, "",
                              with_ids ? twin_connection_get_id (c) : "", with_ids ? " " : "",
                              twin_entity_get_name (twin_connection_get_from (c)), twin_connection_get_from_port (c),
                              twin_entity_get_name (twin_connection_get_to (c)), twin_connection_get_to_port (c));
    }

  for (guint i = 0; i < g_list_model_get_n_items (parameters); i++)
    {
      g_autoptr (TwinParameter) p = g_list_model_get_item (parameters, i);
      g_autofree char *value = NULL;

      if (twin_parameter_get_kind (p) == TWIN_VALUE_NUMBER)
        {
          GString *number = g_string_new (NULL);

          append_number (number, twin_parameter_get_number (p));
          value = g_string_free (number, FALSE);
        }
      else
        value = twin_parameter_dup_value_text (p);

      g_string_append_printf (out, "%*s  - %s (%d) = %s [%s] ", depth * 2, "", twin_parameter_get_name (p),
                              twin_parameter_get_kind (p), value, twin_parameter_get_unit (p));
      append_number (out, twin_parameter_get_minimum (p));
      g_string_append (out, "..");
      append_number (out, twin_parameter_get_maximum (p));
      g_string_append_printf (out, " “%s”\n", twin_parameter_get_description (p) ? twin_parameter_get_description (p) : "(none)");
    }
  for (guint i = 0; i < twin_entity_get_n_children (entity); i++)
    dump_entity (out, twin_entity_get_child (entity, i), depth + 1, with_ids);
}

/**
 * store_test_dump:
 * @with_ids: %FALSE to compare twins made in different processes, whose
 *   new entities got different random ids
 *
 * Returns: (transfer full): a canonical text of every field of the tree:
 *   transforms, diagram positions, parameters, boundary ports and
 *   connections (named by their ends, with ids when asked)
 */
char *
store_test_dump (TwinEntity *root,
                 gboolean    with_ids)
{
  GString *out = g_string_new (NULL);

  dump_entity (out, root, 0, with_ids);
  return g_string_free (out, FALSE);
}

/**
 * store_test_dump_file:
 *
 * Opens @path read-only (as another reader would, beside any writer),
 * loads it and dumps it; fails the test on any error.
 *
 * Returns: (transfer full): the dump
 */
char *
store_test_dump_file (const char *path,
                      gboolean    with_ids)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinEntity) root = NULL;

  store = twin_store_open (path, TWIN_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  root = twin_store_load_root (store, &error);
  g_assert_no_error (error);
  twin_store_close (store);
  return store_test_dump (root, with_ids);
}

/**
 * store_test_checksum:
 *
 * Returns: (transfer full): the SHA-256 of the file's bytes
 */
char *
store_test_checksum (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize            length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/**
 * store_test_has_side_files:
 *
 * Returns: %TRUE when a -wal, -shm or -journal file sits beside @path
 */
gboolean
store_test_has_side_files (const char *path)
{
  static const char *const suffixes[] = { "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *side = g_strconcat (path, suffixes[i], NULL);

      if (g_file_test (side, G_FILE_TEST_EXISTS))
        return TRUE;
    }
  return FALSE;
}

/* Writes a new project with @root at @path and closes it. */
void
store_test_create_file (const char *path,
                        TwinEntity *root)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinStore) store = twin_store_create (path, root, &error);

  g_assert_no_error (error);
  twin_store_close (store);
}

static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), ==, SQLITE_OK);
  return db;
}

/**
 * store_test_query_text:
 *
 * Runs @sql on @path with plain SQLite, bypassing TwinStore.
 *
 * Returns: (transfer full) (nullable): the first column of the first row as text
 */
char *
store_test_query_text (const char *path,
                       const char *sql)
{
  sqlite3      *db = open_raw (path);
  sqlite3_stmt *stmt = NULL;
  char         *result = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return result;
}

/* Runs @sql on @path with plain SQLite, bypassing TwinStore and its checks. */
void
store_test_exec (const char *path,
                 const char *sql)
{
  sqlite3 *db = open_raw (path);
  char    *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}
