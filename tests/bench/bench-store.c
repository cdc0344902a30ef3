/* bench-store.c: how fast edits reach the project file, and how fast a twin loads, against raw SQLite.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Edits: N single-entity creations through TwinProject (model + undo history
 * + one SQLite transaction each, WAL, synchronous=FULL) against N raw
 * single-row INSERT transactions with the same settings: the limit any
 * durable per-edit save can reach. Load: twin_store_load_root of a twin of M
 * entities against a raw scan of the same rows.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "twin-core.h"
#include "twin-test-util.h"

#define N_EDITS 2000
#define N_ENTITIES 20000

static double
now_s (void)
{
  return (double) g_get_monotonic_time () / G_USEC_PER_SEC;
}

static void
exec (sqlite3    *db,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static double
raw_inserts (const char *path)
{
  sqlite3      *db;
  sqlite3_stmt *stmt;
  double        start;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
            "CREATE TABLE entity (id TEXT PRIMARY KEY, parent_id TEXT, position INTEGER, name TEXT, type TEXT)");
  sqlite3_prepare_v2 (db, "INSERT INTO entity VALUES (?1, ?2, ?3, ?4, 'room')", -1, &stmt, NULL);
  start = now_s ();
  for (int i = 0; i < N_EDITS; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *name = g_strdup_printf ("Room %d", i);

      exec (db, "BEGIN");
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, "root", -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, i);
      sqlite3_bind_text (stmt, 4, name, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
      exec (db, "COMMIT");
    }
  start = now_s () - start;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return start;
}

static double
project_edits (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinProject) project = NULL;
  TwinModel  *model;
  TwinEntity *root;
  double      start;

  project = twin_project_new_untitled (NULL, &error);
  g_assert_no_error (error);
  twin_project_save_as (project, path, &error);
  g_assert_no_error (error);
  model = twin_project_get_model (project);
  root = twin_model_get_root (model);
  start = now_s ();
  for (int i = 0; i < N_EDITS; i++)
    {
      g_autofree char *name = g_strdup_printf ("Room %d", i);

      if (twin_model_create_entity (model, root, "room", name, -1, &error) == NULL)
        g_error ("%s", error->message);
    }
  start = now_s () - start;
  twin_project_close (project);
  return start;
}

static double
raw_scan (const char *path,
          guint      *n_rows)
{
  sqlite3      *db;
  sqlite3_stmt *stmt;
  double        start = now_s ();

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_prepare_v2 (db, "SELECT e.id, e.name, e.type, p.name, p.value FROM entity e LEFT JOIN parameter p ON p.entity_id = e.id ORDER BY e.parent_id, e.position", -1, &stmt, NULL);
  *n_rows = 0;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    (*n_rows)++;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return now_s () - start;
}

static double
store_load (const char *path,
            guint      *n_entities)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinEntity) root = NULL;
  double start = now_s ();

  store = twin_store_open (path, TWIN_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  root = twin_store_load_root (store, &error);
  g_assert_no_error (error);
  *n_entities = twin_entity_count_subtree (root);
  return now_s () - start;
}

static void
make_big_twin (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "site", "District");
  g_autoptr (TwinStore) store = NULL;
  const TwinEntityType *room = twin_entity_type_lookup ("room");

  for (int b = 0; b < N_ENTITIES / 100; b++)
    {
      g_autofree char *name = g_strdup_printf ("Building %d", b);
      g_autoptr (TwinEntity) building = twin_entity_new (NULL, "building", name);

      for (int r = 1; r < 100; r++)
        {
          g_autofree char *room_name = g_strdup_printf ("Room %d", r);
          g_autoptr (TwinEntity) child = twin_entity_type_instantiate (room, room_name);

          twin_entity_append_child (building, child);
        }
      twin_entity_append_child (root, building);
    }
  store = twin_store_create (path, root, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *raw_path = twin_test_tmp_path ("raw.sqlite");
  g_autofree char *project_path = twin_test_tmp_path ("edits.dtwin");
  g_autofree char *big_path = twin_test_tmp_path ("district.dtwin");
  double           raw, ours;
  guint            n_rows, n_entities;

  raw = raw_inserts (raw_path);
  ours = project_edits (project_path);
  g_print ("edits:  %d durable single-edit transactions: raw SQLite %.3f s (%.0f/s), "
           "TwinProject %.3f s (%.0f/s), ratio %.2f\n",
           N_EDITS, raw, N_EDITS / raw, ours, N_EDITS / ours, ours / raw);

  make_big_twin (big_path);
  raw = raw_scan (big_path, &n_rows);
  ours = store_load (big_path, &n_entities);
  g_print ("load:   %u entities (%u rows with parameters): raw scan %.3f s, twin_store_load_root %.3f s, ratio %.2f\n",
           n_entities, n_rows, raw, ours, ours / raw);
  return 0;
}
