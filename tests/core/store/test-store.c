/* test-store.c: tests of the project file: round trips, refused files, locks, faults, copies.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test works on real SQLite files in the test case's own folder. The
 * lock tests start this same program again as a second process
 * (`--hold-lock PATH`, `--try-open PATH rw|ro`), because flock() is what
 * keeps two processes apart.
 */

#include "config.h"

#include "store-test-util.h"
#include "twin-test-util.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char *self_exe;

/* ── helpers ─────────────────────────────────────────────────────────── */

static void
assert_no_temp_files (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".tmp"))
      g_error ("a temporary file was left behind: %s", name);
}

static void
assert_error_names_file (const GError *error,
                         const char   *path)
{
  g_autofree char *name = g_filename_display_basename (path);

  g_assert_nonnull (error);
  if (strstr (error->message, name) == NULL)
    g_error ("the message “%s” does not name “%s”", error->message, name);
}

/* A project whose pages are all in use: the tree plus @n_rooms rooms. */
static void
make_big_project (const char *path,
                  guint       n_rooms)
{
  g_autoptr (TwinEntity) root = store_test_build_tree (n_rooms);

  store_test_create_file (path, root);
  g_assert_false (store_test_has_side_files (path));
}

static TwinModel *
load_model (TwinStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinEntity) root = twin_store_load_root (store, &error);

  g_assert_no_error (error);
  return twin_model_new (root);
}

static gboolean
commit_to_store (TwinModel        *model,
                 const TwinChange *change,
                 gpointer          user_data,
                 GError          **error)
{
  return twin_store_write_change (user_data, model, change, error);
}

static char *
dump_model (TwinModel *model)
{
  return store_test_dump (twin_model_get_root (model), TRUE);
}

static TwinEntity *
find (TwinModel  *model,
      const char *path)
{
  TwinEntity *entity = twin_model_lookup_path (model, path);

  g_assert_nonnull (entity);
  return entity;
}

/* ── second process ──────────────────────────────────────────────────── */

/* Child: opens @path for writing, says "locked", keeps it until stdin closes. */
static int
child_hold_lock (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinStore) store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
  char buffer[64];

  if (store == NULL)
    {
      printf ("error %d %s\n", error->code, error->message);
      return 1;
    }
  printf ("locked\n");
  fflush (stdout);
  while (fread (buffer, 1, sizeof buffer, stdin) > 0)
    ;
  twin_store_close (store);
  return 0;
}

/* Child: tries to open @path and prints "ok N" (N entities) or "error CODE". */
static int
child_try_open (const char *path,
                const char *mode)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinEntity) root = NULL;

  store = twin_store_open (path, g_str_equal (mode, "ro") ? TWIN_STORE_FLAGS_READ_ONLY : TWIN_STORE_FLAGS_NONE, &error);
  if (store != NULL)
    root = twin_store_load_root (store, &error);
  if (root == NULL)
    {
      printf ("error %d\n", error->code);
      return 0;
    }
  printf ("ok %u\n", twin_entity_count_subtree (root));
  return 0;
}

static GSubprocess *
spawn_child (const char    *mode,
             const char    *path,
             const char    *extra,
             GInputStream **out)
{
  g_autoptr (GError) error = NULL;
  GSubprocess *child;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            self_exe, mode, path, extra, NULL);
  g_assert_no_error (error);
  *out = g_subprocess_get_stdout_pipe (child);
  return child;
}

static char *
read_line (GInputStream *stream)
{
  g_autoptr (GDataInputStream) data = g_data_input_stream_new (stream);
  g_autoptr (GError) error = NULL;
  char *line;

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (data), FALSE);
  line = g_data_input_stream_read_line_utf8 (data, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  return line;
}

/* Runs `--try-open PATH MODE` in a second process and returns what it printed. */
static char *
try_open_in_child (const char *path,
                   const char *mode)
{
  g_autoptr (GSubprocess) child = NULL;
  g_autoptr (GError) error = NULL;
  GInputStream *out;
  char         *line;

  child = spawn_child ("--try-open", path, mode, &out);
  line = read_line (out);
  g_subprocess_wait_check (child, NULL, &error);
  g_assert_no_error (error);
  return line;
}

/* ── round trip ──────────────────────────────────────────────────────── */

static void
test_round_trip (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = store_test_path ("round.dtwin");
  g_autoptr (TwinEntity) root = store_test_build_tree (2);
  g_autofree char *expected = store_test_dump (root, TRUE);
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinEntity) loaded = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *created_by = NULL;
  g_autofree char *created_at = NULL;
  g_autofree char *app_id = g_strdup_printf ("%d", TWIN_STORE_APPLICATION_ID);
  g_autofree char *value = NULL;
  gint64           created_at_us;

  store = twin_store_create (path, root, &error);
  g_assert_no_error (error);
  g_assert_false (twin_store_is_read_only (store));
  g_assert_cmpuint (twin_store_get_schema_version (store), ==, TWIN_STORE_SCHEMA_VERSION);
  g_assert_cmpstr (twin_store_get_path (store), ==, path);
  created_by = twin_store_dup_metadata (store, "created-by");
  g_assert_cmpstr (created_by, ==, "Twin Studio " PACKAGE_VERSION);
  created_at = twin_store_dup_metadata (store, "created-at-us");
  created_at_us = g_ascii_strtoll (created_at, NULL, 10);
  g_assert_cmpint (ABS (g_get_real_time () - created_at_us), <, (gint64) G_USEC_PER_SEC * 3600);
  g_assert_null (twin_store_dup_metadata (store, "no-such-key"));
  g_assert_cmpint (twin_store_get_file_size (store), >, 4096);

  loaded = twin_store_load_root (store, &error);
  g_assert_no_error (error);
  dump = store_test_dump (loaded, TRUE);
  g_assert_cmpstr (dump, ==, expected);
  twin_store_close (store);
  twin_store_close (store); /* a second close does nothing */
  g_clear_object (&store);

  /* Closed cleanly: one file, nothing beside it. */
  g_assert_false (store_test_has_side_files (path));
  assert_no_temp_files (path);

  /* What is in the file, read with plain SQLite. */
  value = store_test_query_text (path, "PRAGMA application_id");
  g_assert_cmpstr (value, ==, app_id);
  g_clear_pointer (&value, g_free);
  value = store_test_query_text (path, "PRAGMA user_version");
  g_assert_cmpstr (value, ==, G_STRINGIFY (TWIN_STORE_SCHEMA_VERSION));
  g_clear_pointer (&value, g_free);
  value = store_test_query_text (path, "PRAGMA journal_mode");
  g_assert_cmpstr (value, ==, "wal");
  g_clear_pointer (&value, g_free);
  /* The diagram: positions are numbers or NULL, wires and ports in order. */
  value = store_test_query_text (path, "SELECT typeof (diagram_x) || typeof (diagram_y) FROM entity WHERE name = 'Room 102'");
  g_assert_cmpstr (value, ==, "realreal");
  g_clear_pointer (&value, g_free);
  value = store_test_query_text (path, "SELECT typeof (diagram_x) || typeof (diagram_y) FROM entity WHERE name = 'GND'");
  g_assert_cmpstr (value, ==, "nullnull");
  g_clear_pointer (&value, g_free);
  value = store_test_query_text (path, "SELECT count(*) FROM connection");
  g_assert_cmpstr (value, ==, "7");
  g_clear_pointer (&value, g_free);
  value = store_test_query_text (path, "SELECT group_concat (name, ',') FROM (SELECT name FROM boundary_port"
                                       " WHERE entity_id = (SELECT id FROM entity WHERE name = 'Circuit') ORDER BY position)");
  g_assert_cmpstr (value, ==, "plus,cmd,u");
  g_clear_pointer (&value, g_free);
  value = store_test_query_text (path, "PRAGMA foreign_key_check");
  g_assert_null (value);
  /* Numbers are numbers, not text. */
  value = store_test_query_text (path, "SELECT typeof (value) || typeof (minimum) || typeof (maximum) FROM parameter WHERE name = 'tiny'");
  g_assert_cmpstr (value, ==, "realrealreal");
  g_clear_pointer (&value, g_free);
  value = store_test_query_text (path, "SELECT typeof (value) || typeof (minimum) FROM parameter WHERE name = 'peak_load'");
  g_assert_cmpstr (value, ==, "realnull");
  g_clear_pointer (&value, g_free);
  value = store_test_query_text (path, "SELECT group_concat (typeof (value)) FROM parameter WHERE name IN ('floors', 'heated', 'owner')");
  g_assert_cmpstr (value, ==, "integer,integer,text");
  g_clear_pointer (&value, g_free);
  value = store_test_query_text (path, "SELECT typeof (x_m) || typeof (position) FROM entity WHERE parent_id IS NULL");
  g_assert_cmpstr (value, ==, "realinteger");
  g_clear_pointer (&value, g_free);
  g_assert_false (store_test_has_side_files (path));

  /* Reopened for writing and read-only, the twin is the same, ids and all. */
  store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_clear_object (&loaded);
  loaded = twin_store_load_root (store, &error);
  g_assert_no_error (error);
  g_clear_pointer (&dump, g_free);
  dump = store_test_dump (loaded, TRUE);
  g_assert_cmpstr (dump, ==, expected);
  g_clear_object (&store);
  g_assert_false (store_test_has_side_files (path));

  g_clear_pointer (&dump, g_free);
  dump = store_test_dump_file (path, TRUE);
  g_assert_cmpstr (dump, ==, expected);
  /* A reader tidies the -wal and -shm it needed. */
  g_assert_false (store_test_has_side_files (path));
}

static void
test_create_refuses_existing (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = store_test_path ("exists.dtwin");
  g_autoptr (TwinEntity) root = store_test_build_tree (0);
  g_autoptr (TwinStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  twin_test_write_file (path, "precious", 8);
  before = store_test_checksum (path);
  store = twin_store_create (path, root, &error);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_EXISTS);
  g_assert_null (store);
  assert_error_names_file (error, path);
  after = store_test_checksum (path);
  g_assert_cmpstr (before, ==, after);
  assert_no_temp_files (path);
}

static void
test_create_ignores_stale_log (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = store_test_path ("stale.dtwin");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *scratch = store_test_path ("scratch.dtwin");
  g_autofree char *scratch_wal = g_strconcat (scratch, "-wal", NULL);
  g_autoptr (TwinEntity) root = store_test_build_tree (0);
  g_autoptr (TwinEntity) other = store_test_build_tree (3);
  g_autofree char *expected = store_test_dump (root, TRUE);
  g_autofree char *dump = NULL;
  g_autofree char *contents = NULL;
  gsize            length;
  sqlite3         *db;

  /* A real write-ahead log of another database, left where the new project goes. */
  store_test_create_file (scratch, other);
  g_assert_cmpint (sqlite3_open (scratch, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_autocheckpoint = 0; UPDATE entity SET name = name || ' x'", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (g_file_get_contents (scratch_wal, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 0);
  twin_test_write_file (wal, contents, length);
  sqlite3_close (db);

  store_test_create_file (path, root);
  dump = store_test_dump_file (path, TRUE);
  g_assert_cmpstr (dump, ==, expected);
}

static void
test_open_missing (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = store_test_path ("missing.dtwin");
  g_autoptr (TwinStore) store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);

  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND);
  g_assert_null (store);
  assert_error_names_file (error, path);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* ── refused files ───────────────────────────────────────────────────── */

static void
make_text (const char *path)
{
  const char *text = "Floor 1, Room 101, 21.5 °C\nThis is a plain text file, not a twin.\n";

  twin_test_write_file (path, text, strlen (text));
}

static void
make_png (const char *path)
{
  static const guint8 png_start[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
                                      0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0 };
  g_autoptr (GRand) rand = g_rand_new_with_seed (89);
  guint8 data[600];

  memcpy (data, png_start, sizeof png_start);
  for (gsize i = sizeof png_start; i < sizeof data; i++)
    data[i] = (guint8) g_rand_int_range (rand, 0, 256);
  twin_test_write_file (path, data, sizeof data);
}

static void
make_empty (const char *path)
{
  twin_test_write_file (path, "", 0);
}

static void
make_short_sqlite (const char *path)
{
  twin_test_write_file (path, "SQLite format 3\0\x10\0\1\1", 20);
}

static void
make_foreign_tables (const char *path)
{
  store_test_exec (path, "CREATE TABLE recipe (name TEXT, minutes INTEGER);"
                         "INSERT INTO recipe VALUES ('bread', 180);");
}

static void
make_foreign_id (const char *path)
{
  store_test_exec (path, "PRAGMA application_id = 1196444487;" /* "GPKG", a GeoPackage */
                         "CREATE TABLE gpkg_contents (table_name TEXT);");
}

static void
make_foreign_id_no_tables (const char *path)
{
  store_test_exec (path, "PRAGMA application_id = 305419896;");
}

static void
make_truncated (const char *path)
{
  GStatBuf st;
  gint64   size;

  make_big_project (path, 300);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  size = st.st_size;
  g_assert_cmpint (size, >, 16 * 4096);
  g_assert_cmpint (truncate (path, size / 2), ==, 0);
}

static void
make_garbage_page (const char *path)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (4096);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize            length;
  gsize            page;

  make_big_project (path, 300);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  page = (length / 4096 / 2) * 4096;
  for (gsize i = 0; i < 4096; i++)
    contents[page + i] = (char) g_rand_int_range (rand, 0, 256);
  twin_test_write_file (path, contents, length);
}

static void
make_too_new (const char *path)
{
  make_big_project (path, 0);
  store_test_exec (path, "PRAGMA user_version = 99;");
}

static void
make_marked_without_version (const char *path)
{
  store_test_exec (path, "PRAGMA application_id = 1415006542; CREATE TABLE entity (id TEXT);");
}

typedef struct
{
  const char *name;
  void (*make) (const char *path);
  TwinStoreError code;
  const char    *needle; /* in the message, besides the file name */
} Refusal;

static const Refusal refusals[] = {
  { "text", make_text, TWIN_STORE_ERROR_NOT_SQLITE, "not an SQLite database" },
  { "png", make_png, TWIN_STORE_ERROR_NOT_SQLITE, "not an SQLite database" },
  { "empty", make_empty, TWIN_STORE_ERROR_CORRUPT, "empty" },
  { "short-sqlite", make_short_sqlite, TWIN_STORE_ERROR_CORRUPT, "header" },
  { "foreign-tables", make_foreign_tables, TWIN_STORE_ERROR_FOREIGN, "another application" },
  { "foreign-id", make_foreign_id, TWIN_STORE_ERROR_FOREIGN, "another application" },
  { "foreign-id-no-tables", make_foreign_id_no_tables, TWIN_STORE_ERROR_FOREIGN, "another application" },
  { "truncated", make_truncated, TWIN_STORE_ERROR_CORRUPT, "damaged" },
  { "garbage-page", make_garbage_page, TWIN_STORE_ERROR_CORRUPT, "damaged" },
  { "too-new", make_too_new, TWIN_STORE_ERROR_TOO_NEW, "99" },
  { "marked-without-version", make_marked_without_version, TWIN_STORE_ERROR_CORRUPT, "version" },
};

static void
test_refusal (gconstpointer data)
{
  const Refusal   *refusal = data;
  g_autofree char *basename = g_strdup_printf ("%s.dtwin", refusal->name);
  g_autofree char *path = store_test_path (basename);
  g_autofree char *before = NULL;
  TwinStoreFlags   flags[] = { TWIN_STORE_FLAGS_NONE, TWIN_STORE_FLAGS_READ_ONLY };

  refusal->make (path);
  g_assert_false (store_test_has_side_files (path));
  before = store_test_checksum (path);

  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (TwinStore) store = twin_store_open (path, flags[i], &error);
      g_autofree char *after = NULL;

      g_assert_null (store);
      g_assert_error (error, TWIN_STORE_ERROR, (int) refusal->code);
      assert_error_names_file (error, path);
      if (strstr (error->message, refusal->needle) == NULL)
        g_error ("the message “%s” does not say “%s”", error->message, refusal->needle);
      g_test_message ("%s: %s", refusal->name, error->message);

      /* Byte for byte as it was, and nothing created beside it. */
      after = store_test_checksum (path);
      g_assert_cmpstr (before, ==, after);
      g_assert_false (store_test_has_side_files (path));
    }

  /* A project refuses it the same way. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (TwinProject) project = twin_project_open (path, FALSE, &error);
    g_autofree char *after = NULL;

    g_assert_null (project);
    g_assert_error (error, TWIN_STORE_ERROR, (int) refusal->code);
    after = store_test_checksum (path);
    g_assert_cmpstr (before, ==, after);
  }

  if (refusal->code == TWIN_STORE_ERROR_TOO_NEW)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (TwinStore) store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
      g_autofree char *ours = g_strdup_printf ("%d", TWIN_STORE_SCHEMA_VERSION);

      /* Both numbers are in the message. */
      g_assert_nonnull (strstr (error->message, ours));
    }
}

/* ── migrations ──────────────────────────────────────────────────────── */

static void
check_migrated_empty (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinEntity) loaded = NULL;
  g_autoptr (TwinEntity) root = store_test_build_tree (0);
  g_autofree char *expected = store_test_dump (root, TRUE);
  g_autofree char *before = store_test_checksum (path);
  g_autofree char *after = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *value = NULL;
  g_autofree char *app_id = g_strdup_printf ("%d", TWIN_STORE_APPLICATION_ID);

  /* A reader cannot upgrade, and says so without touching the file. */
  store = twin_store_open (path, TWIN_STORE_FLAGS_READ_ONLY, &error);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_READ_ONLY);
  assert_error_names_file (error, path);
  g_clear_error (&error);
  after = store_test_checksum (path);
  g_assert_cmpstr (before, ==, after);

  /* A writer upgrades it to the current schema. */
  store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (twin_store_get_schema_version (store), ==, TWIN_STORE_SCHEMA_VERSION);
  value = twin_store_dup_metadata (store, "created-by");
  g_assert_cmpstr (value, ==, "Twin Studio " PACKAGE_VERSION);
  g_clear_pointer (&value, g_free);

  /* It holds no twin yet, which is an error, not a crash. */
  loaded = twin_store_load_root (store, &error);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_CORRUPT);
  g_assert_null (loaded);
  g_clear_error (&error);

  g_assert_true (twin_store_replace_root (store, root, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  value = store_test_query_text (path, "PRAGMA user_version");
  g_assert_cmpstr (value, ==, G_STRINGIFY (TWIN_STORE_SCHEMA_VERSION));
  g_clear_pointer (&value, g_free);
  value = store_test_query_text (path, "PRAGMA application_id");
  g_assert_cmpstr (value, ==, app_id);
  g_clear_pointer (&value, g_free);
  value = store_test_query_text (path, "PRAGMA journal_mode");
  g_assert_cmpstr (value, ==, "wal");
  dump = store_test_dump_file (path, TRUE);
  g_assert_cmpstr (dump, ==, expected);
}

static void
test_migrate_version_0 (void)
{
  g_autofree char *path = store_test_path ("v0.dtwin");

  /* Version 0 of a Twin Studio file: marked, but no schema yet. */
  store_test_exec (path, "PRAGMA application_id = 1415006542;");
  check_migrated_empty (path);
}

static void
test_migrate_blank_sqlite (void)
{
  g_autofree char *path = store_test_path ("blank.dtwin");

  /* An SQLite file with no id and no tables is an empty project. */
  store_test_exec (path, "CREATE TABLE t (x); DROP TABLE t;");
  check_migrated_empty (path);
}

/* Schema version 1 exactly as Twin Studio 0.1.0 created it (001-initial.sql
 * without its comments). Kept here as a fixture: the migration test must
 * start from what old files really hold, whatever the .sql files become. */
static const char schema_v1[] =
  "CREATE TABLE metadata (\n"
  "  key   TEXT PRIMARY KEY NOT NULL,\n"
  "  value\n"
  ") WITHOUT ROWID;\n"
  "CREATE TABLE entity (\n"
  "  id        TEXT PRIMARY KEY NOT NULL,\n"
  "  parent_id TEXT REFERENCES entity (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,\n"
  "  position  INTEGER NOT NULL,\n"
  "  name      TEXT NOT NULL,\n"
  "  type      TEXT NOT NULL,\n"
  "  x_m       REAL NOT NULL,\n"
  "  y_m       REAL NOT NULL,\n"
  "  z_m       REAL NOT NULL,\n"
  "  rot_x_deg REAL NOT NULL,\n"
  "  rot_y_deg REAL NOT NULL,\n"
  "  rot_z_deg REAL NOT NULL,\n"
  "  scale_x   REAL NOT NULL,\n"
  "  scale_y   REAL NOT NULL,\n"
  "  scale_z   REAL NOT NULL\n"
  ") WITHOUT ROWID;\n"
  "CREATE INDEX entity_by_parent ON entity (parent_id, position);\n"
  "CREATE UNIQUE INDEX entity_single_root ON entity ((parent_id IS NULL)) WHERE parent_id IS NULL;\n"
  "CREATE TABLE parameter (\n"
  "  entity_id   TEXT NOT NULL REFERENCES entity (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,\n"
  "  name        TEXT NOT NULL,\n"
  "  position    INTEGER NOT NULL,\n"
  "  kind        TEXT NOT NULL,\n"
  "  value       NOT NULL,\n"
  "  unit        TEXT NOT NULL DEFAULT '',\n"
  "  minimum     REAL,\n"
  "  maximum     REAL,\n"
  "  description TEXT,\n"
  "  PRIMARY KEY (entity_id, name)\n"
  ") WITHOUT ROWID;\n";

/* A twin in a version 1 file, as 0.1.0 wrote it: marked, in WAL mode. */
static const char twin_v1[] =
  "PRAGMA application_id = 1415006542; PRAGMA user_version = 1; PRAGMA journal_mode = WAL;"
  "INSERT INTO metadata VALUES ('created-by', 'Twin Studio 0.1.0'), ('created-at-us', 1763700000000000);"
  "INSERT INTO entity VALUES ('a1000000-0000-4000-8000-000000000001', NULL, 0, 'Plant', 'system', 0, 0, 0, 0, 0, 0, 1, 1, 1);"
  "INSERT INTO entity VALUES ('a1000000-0000-4000-8000-000000000002', 'a1000000-0000-4000-8000-000000000001', 0, 'R1', 'resistor',"
  " 1.5, -2, 0.25, 0, 90, 0, 1, 1, 2);"
  "INSERT INTO entity VALUES ('a1000000-0000-4000-8000-000000000003', 'a1000000-0000-4000-8000-000000000001', 1, 'C1', 'capacitor',"
  " 0, 0, 0, 0, 0, 0, 1, 1, 1);"
  "INSERT INTO entity VALUES ('a1000000-0000-4000-8000-000000000004', 'a1000000-0000-4000-8000-000000000001', 2, 'Old thing', 'old-thing',"
  " 0, 0, 0, 0, 0, 0, 1, 1, 1);"
  "INSERT INTO parameter VALUES ('a1000000-0000-4000-8000-000000000002', 'resistance', 0, 'number', 47.5, 'Ω', 0, NULL, 'Resistance.');"
  "INSERT INTO parameter VALUES ('a1000000-0000-4000-8000-000000000004', 'label', 0, 'string', 'Ünïcødé', '', NULL, NULL, NULL);"
  "INSERT INTO parameter VALUES ('a1000000-0000-4000-8000-000000000004', 'count', 1, 'integer', 9007199254740993, '', NULL, NULL, NULL);";

/* The tree twin_v1 holds, built with the model's own functions. */
static TwinEntity *
build_twin_v1 (void)
{
  TwinEntity *root = twin_entity_new ("a1000000-0000-4000-8000-000000000001", "system", "Plant");
  g_autoptr (TwinEntity) r1 = twin_entity_new ("a1000000-0000-4000-8000-000000000002", "resistor", "R1");
  g_autoptr (TwinEntity) c1 = twin_entity_new ("a1000000-0000-4000-8000-000000000003", "capacitor", "C1");
  g_autoptr (TwinEntity) old = twin_entity_new ("a1000000-0000-4000-8000-000000000004", "old-thing", "Old thing");
  g_autoptr (TwinParameter) resistance = twin_parameter_new_number ("resistance", 47.5, "Ω", 0, INFINITY);
  g_autoptr (TwinParameter) label = twin_parameter_new_string ("label", "Ünïcødé");
  g_autoptr (TwinParameter) count = twin_parameter_new_integer ("count", 9007199254740993, "", -INFINITY, INFINITY);
  TwinTransform t;

  twin_transform_init_identity (&t);
  t.position_m[0] = 1.5;
  t.position_m[1] = -2;
  t.position_m[2] = 0.25;
  t.rotation_deg[1] = 90;
  t.scale[2] = 2;
  twin_entity_set_initial_transform (r1, &t);
  twin_parameter_set_description (resistance, "Resistance.");
  twin_entity_add_parameter (r1, resistance);
  twin_entity_add_parameter (old, label);
  twin_entity_add_parameter (old, count);
  twin_entity_append_child (root, r1);
  twin_entity_append_child (root, c1);
  twin_entity_append_child (root, old);
  return root;
}

static void
test_migrate_version_1 (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = store_test_path ("v1.dtwin");
  g_autofree char *sql = g_strconcat (schema_v1, twin_v1, NULL);
  g_autoptr (TwinEntity) expected_root = build_twin_v1 ();
  g_autofree char *expected = store_test_dump (expected_root, TRUE);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *value = NULL;
  g_autofree char *dump = NULL;
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinEntity) root = NULL;
  g_autoptr (TwinModel) model = NULL;
  TwinEntity *r1, *c1;
  double      xy[2] = { 20, -40 };

  store_test_exec (path, sql);
  g_assert_false (store_test_has_side_files (path));
  before = store_test_checksum (path);

  /* A reader refuses to upgrade it and leaves it alone. */
  store = twin_store_open (path, TWIN_STORE_FLAGS_READ_ONLY, &error);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_READ_ONLY);
  assert_error_names_file (error, path);
  g_clear_error (&error);
  after = store_test_checksum (path);
  g_assert_cmpstr (before, ==, after);

  /* A writer upgrades it, keeping every row and who made the file. */
  store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (twin_store_get_schema_version (store), ==, TWIN_STORE_SCHEMA_VERSION);
  value = twin_store_dup_metadata (store, "created-by");
  g_assert_cmpstr (value, ==, "Twin Studio 0.1.0");
  g_clear_pointer (&value, g_free);
  value = twin_store_dup_metadata (store, "created-at-us");
  g_assert_cmpstr (value, ==, "1763700000000000");
  g_clear_pointer (&value, g_free);
  root = twin_store_load_root (store, &error);
  g_assert_no_error (error);
  dump = store_test_dump (root, TRUE);
  g_assert_cmpstr (dump, ==, expected);

  /* The upgraded file takes connections and positions. */
  model = twin_model_new (g_steal_pointer (&root));
  twin_model_set_commit_func (model, commit_to_store, store, NULL);
  r1 = find (model, "Plant/R1");
  c1 = find (model, "Plant/C1");
  g_assert_nonnull (twin_model_connect (model, r1, "n", c1, "p", &error));
  g_assert_no_error (error);
  g_assert_true (twin_model_place_blocks (model, &r1, xy, 1, &error));
  g_assert_no_error (error);
  g_clear_pointer (&dump, g_free);
  dump = dump_model (model);
  g_clear_object (&store);

  g_clear_pointer (&value, g_free);
  value = store_test_query_text (path, "PRAGMA user_version");
  g_assert_cmpstr (value, ==, G_STRINGIFY (TWIN_STORE_SCHEMA_VERSION));
  g_clear_pointer (&value, g_free);
  value = store_test_query_text (path, "PRAGMA integrity_check");
  g_assert_cmpstr (value, ==, "ok");
  g_clear_pointer (&value, g_free);
  value = store_test_query_text (path, "PRAGMA foreign_key_check");
  g_assert_null (value);
  g_clear_pointer (&after, g_free);
  after = store_test_dump_file (path, TRUE);
  g_assert_cmpstr (after, ==, dump);
  g_assert_nonnull (strstr (after, "R1 [resistor] t=1.5,-2,0.25,0,90,0,1,1,2 d=20,-40\n"));
  g_assert_nonnull (strstr (after, " R1.n -> C1.p\n"));
}

/* A migration that fails half-way leaves the file as it was: the upgrade is
 * one transaction with all the migrations. */
static void
test_migrate_version_1_fails (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = store_test_path ("v1-clash.dtwin");
  /* Another program added a table that migration 002 wants to create,
   * after its first statements (ALTER TABLE entity …) have run. */
  g_autofree char *sql = g_strconcat (schema_v1, twin_v1, "CREATE TABLE connection (x);", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *value = NULL;
  g_autoptr (TwinStore) store = NULL;

  store_test_exec (path, sql);
  before = store_test_checksum (path);

  store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  assert_error_names_file (error, path);
  g_test_message ("%s", error->message);

  after = store_test_checksum (path);
  g_assert_cmpstr (before, ==, after);
  value = store_test_query_text (path, "PRAGMA user_version");
  g_assert_cmpstr (value, ==, "1");
  g_clear_pointer (&value, g_free);
  value = store_test_query_text (path, "SELECT count(*) FROM pragma_table_info ('entity') WHERE name = 'diagram_x'");
  g_assert_cmpstr (value, ==, "0");
  g_clear_pointer (&value, g_free);
  value = store_test_query_text (path, "SELECT count(*) FROM sqlite_master WHERE name = 'boundary_port'");
  g_assert_cmpstr (value, ==, "0");
}

static void
test_migrations_in_resource (void)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) names = g_resources_enumerate_children (RESOURCE_BASE "/core/store/migrations",
                                                         G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

  g_assert_no_error (error);
  /* One file per version, numbered without gaps. */
  g_assert_cmpuint (g_strv_length (names), ==, TWIN_STORE_SCHEMA_VERSION);
  for (guint version = 1; version <= TWIN_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *prefix = g_strdup_printf ("%03u-", version);
      gboolean         found = FALSE;

      for (guint i = 0; names[i] != NULL; i++)
        found |= g_str_has_prefix (names[i], prefix);
      g_assert_true (found);
    }
}

/* ── damaged rows ────────────────────────────────────────────────────── */

typedef struct
{
  const char *name;
  const char *sql; /* run with plain SQLite on a good project, foreign keys off */
  const char *needle;
} BadRows;

static const BadRows bad_rows[] = {
  { "unknown-kind", "UPDATE parameter SET kind = 'complex' WHERE name = 'floors'", "unknown kind" },
  { "blob-name", "UPDATE entity SET name = X'ff00' WHERE name = 'Floor 2'", "no valid name" },
  { "empty-name", "UPDATE entity SET name = '' WHERE name = 'Floor 2'", "no valid name" },
  { "slash-name", "UPDATE entity SET name = 'a/b' WHERE name = 'Floor 2'", "no valid name" },
  { "bad-type", "UPDATE entity SET type = 'Bad Type!' WHERE name = 'Floor 2'", "no valid type" },
  { "bad-id", "UPDATE entity SET id = 'not-a-uuid' WHERE name = 'Custom'", "no valid id" },
  { "text-number", "UPDATE parameter SET value = 'abc' WHERE name = 'tiny'", "does not fit" },
  { "out-of-range", "UPDATE parameter SET value = 5000 WHERE name = 'tiny'", "above the maximum" },
  { "boolean-2", "UPDATE parameter SET value = 2 WHERE name = 'heated'", "does not fit" },
  { "real-integer", "UPDATE parameter SET value = 2.5 WHERE name = 'floors'", "does not fit" },
  { "control-text", "UPDATE parameter SET value = 'a' || char (10) || 'b' WHERE name = 'owner'", "line breaks" },
  { "text-bound", "UPDATE parameter SET minimum = 'low' WHERE name = 'tiny'", "wrong type" },
  { "zero-scale", "UPDATE entity SET scale_x = 0 WHERE name = 'Floor 1'", "invalid transform" },
  { "text-transform", "UPDATE entity SET x_m = 'left' WHERE name = 'Floor 1'", "not a number" },
  { "missing-parent", "UPDATE entity SET parent_id = '00000000-0000-4000-8000-000000000000' WHERE name = 'Floor 2'", "parent" },
  { "parent-loop", "UPDATE entity SET parent_id = (SELECT id FROM entity WHERE name = 'Room 101') WHERE name = 'Floor 1'", "not under the top" },
  { "two-roots", "DROP INDEX entity_single_root; UPDATE entity SET parent_id = NULL WHERE name = 'Custom'", "more than one top" },
  { "no-root", "DELETE FROM parameter; DELETE FROM entity", "no top entity" },
  { "same-names", "UPDATE entity SET name = 'Floor 1' WHERE name = 'Floor 2'", "named “Floor 1”" },
  { "orphan-parameter", "INSERT INTO parameter VALUES ('00000000-0000-4000-8000-000000000000', 'x', 0, 'boolean', 1, '', NULL, NULL, NULL)", "no entity" },
  { "no-table", "DROP TABLE parameter", "no such table" },
  /* The diagram: positions, boundary ports, connections. */
  { "diagram-text", "UPDATE entity SET diagram_x = 'left' WHERE name = 'R1'", "“R1” has a diagram position that is not two numbers" },
  { "diagram-half", "UPDATE entity SET diagram_y = NULL WHERE name = 'R1'", "“R1” has a diagram position" },
  { "diagram-infinite", "UPDATE entity SET diagram_y = 1e999 WHERE name = 'R1'", "“R1” has a diagram position" },
  { "port-orphan", "UPDATE boundary_port SET entity_id = '00000000-0000-4000-8000-000000000000' WHERE name = 'plus'", "a boundary port belongs to no entity" },
  { "port-missing-inner", "UPDATE boundary_port SET inner_id = '00000000-0000-4000-8000-000000000000' WHERE name = 'plus'",
    "boundary port “plus” of “Plant/Circuit” exposes an entity that does not exist" },
  { "port-not-child", "UPDATE boundary_port SET inner_id = (SELECT id FROM entity WHERE name = 'Set') WHERE name = 'plus'",
    "boundary port “plus” of “Plant/Circuit” exposes “Set”, which is not one of its children" },
  { "port-unknown-port", "UPDATE boundary_port SET inner_port = 'q' WHERE name = 'plus'", "exposes “R1”.q, which is not a port of “R1”" },
  /* Circuit's "cmd" exposes Control's boundary port "in": rename that one. */
  { "port-broken-chain", "UPDATE boundary_port SET name = 'in_x' WHERE name = 'in'",
    "boundary port “cmd” of “Plant/Circuit” exposes “Control”.in, which is not a port of “Control”" },
  { "port-space-name", "UPDATE boundary_port SET name = 'heat in' WHERE name = 'plus'", "a boundary port of “Plant/Circuit” has no valid name" },
  { "port-exposed-twice", "UPDATE boundary_port SET inner_id = (SELECT id FROM entity WHERE name = 'R1'), inner_port = 'p' WHERE name = 'u'"
                          " AND entity_id = (SELECT id FROM entity WHERE name = 'Circuit')",
    "boundary port “u” of “Plant/Circuit” exposes “R1”.p, which port “plus” exposes already" },
  { "port-empty-name", "UPDATE boundary_port SET name = '' WHERE name = 'plus'", "a boundary port of “Plant/Circuit” has no valid name" },
  { "port-blob", "UPDATE boundary_port SET inner_port = X'ff' WHERE name = 'plus'", "no valid name" },
  { "connection-bad-id", "UPDATE connection SET id = 'wire' WHERE id = '0b5a3c1e-0000-4000-8000-000000000004'", "a connection has no valid id" },
  { "connection-orphan", "UPDATE connection SET parent_id = '00000000-0000-4000-8000-000000000000' WHERE id = '0b5a3c1e-0000-4000-8000-000000000004'",
    "connection 0b5a3c1e-0000-4000-8000-000000000004 belongs to no entity" },
  { "connection-missing-entity", "UPDATE connection SET to_id = '00000000-0000-4000-8000-000000000000' WHERE id = '0b5a3c1e-0000-4000-8000-000000000004'",
    "connection 1 in “Plant/Circuit” names an entity that does not exist" },
  { "connection-not-sibling", "UPDATE connection SET from_id = (SELECT id FROM entity WHERE name = 'Set') WHERE id = '0b5a3c1e-0000-4000-8000-000000000004'",
    "connection 1 in “Plant/Circuit” joins “Set”, which is not one of its children" },
  { "connection-unknown-port", "UPDATE connection SET to_port = 'in2' WHERE id = '0b5a3c1e-0000-4000-8000-000000000003'",
    "connection 2 in “Plant/Circuit/Control”: “K”.in2 is not a port of “K”" },
  { "connection-blob-port", "UPDATE connection SET from_port = X'ff' WHERE id = '0b5a3c1e-0000-4000-8000-000000000003'", "names a port of “Sum” that is not text" },
  { "connection-self", "UPDATE connection SET to_id = from_id, to_port = 'p' WHERE id = '0b5a3c1e-0000-4000-8000-000000000004'",
    "joins “R1” to itself" },
  { "connection-twice", "INSERT INTO connection SELECT '0b5a3c1e-0000-4000-8000-0000000000ff', parent_id, 9, to_id, to_port, from_id, from_port"
                        " FROM connection WHERE id = '0b5a3c1e-0000-4000-8000-000000000004'",
    "connection 3 in “Plant/Circuit” joins “C1”.p and “R1”.n a second time" },
  { "no-connection-table", "DROP TABLE connection", "no such table" },
};

static void
test_bad_rows (gconstpointer data)
{
  const BadRows *bad = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *basename = g_strdup_printf ("%s.dtwin", bad->name);
  g_autofree char *path = store_test_path (basename);
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinEntity) root = NULL;
  g_autoptr (TwinProject) project = NULL;

  make_big_project (path, 0);
  store_test_exec (path, bad->sql);

  store = twin_store_open (path, TWIN_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  root = twin_store_load_root (store, &error);
  g_assert_null (root);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_CORRUPT);
  assert_error_names_file (error, path);
  if (strstr (error->message, bad->needle) == NULL)
    g_error ("the message “%s” does not say “%s”", error->message, bad->needle);
  g_test_message ("%s: %s", bad->name, error->message);
  g_clear_error (&error);
  twin_store_close (store);

  project = twin_project_open (path, FALSE, &error);
  g_assert_null (project);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_CORRUPT);
}

/* A file of the current version written by some other tool, whose tables
 * allow NULL where ours do not. */
static void
test_null_columns (void)
{
  static const char *const cases[] = {
    "INSERT INTO entity VALUES ('7d7e0c8a-2b4b-4e8a-9a57-0f5d1d3c9a11', NULL, 0, NULL, 'system', 0, 0, 0, 0, 0, 0, 1, 1, 1)",
    "INSERT INTO entity VALUES ('7d7e0c8a-2b4b-4e8a-9a57-0f5d1d3c9a11', NULL, 0, 'Top', NULL, 0, 0, 0, 0, 0, 0, 1, 1, 1)",
    "INSERT INTO entity VALUES ('7d7e0c8a-2b4b-4e8a-9a57-0f5d1d3c9a11', NULL, 0, 'Top', 'system', NULL, 0, 0, 0, 0, 0, 1, 1, 1)",
    "INSERT INTO entity VALUES (NULL, NULL, 0, 'Top', 'system', 0, 0, 0, 0, 0, 0, 1, 1, 1)",
    "INSERT INTO entity VALUES ('7d7e0c8a-2b4b-4e8a-9a57-0f5d1d3c9a11', NULL, 0, 'Top', 'system', 0, 0, 0, 0, 0, 0, 1, 1, 1);"
    "INSERT INTO parameter VALUES ('7d7e0c8a-2b4b-4e8a-9a57-0f5d1d3c9a11', 'p', 0, NULL, 1, '', NULL, NULL, NULL)",
    "INSERT INTO entity VALUES ('7d7e0c8a-2b4b-4e8a-9a57-0f5d1d3c9a11', NULL, 0, 'Top', 'system', 0, 0, 0, 0, 0, 0, 1, 1, 1);"
    "INSERT INTO parameter VALUES ('7d7e0c8a-2b4b-4e8a-9a57-0f5d1d3c9a11', 'p', 0, 'number', NULL, '', NULL, NULL, NULL)",
    "INSERT INTO entity VALUES ('7d7e0c8a-2b4b-4e8a-9a57-0f5d1d3c9a11', NULL, 0, 'Top', 'system', 0, 0, 0, 0, 0, 0, 1, 1, 1);"
    "INSERT INTO parameter VALUES ('7d7e0c8a-2b4b-4e8a-9a57-0f5d1d3c9a11', NULL, 0, 'number', 1, '', NULL, NULL, NULL)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *basename = g_strdup_printf ("null-%u.dtwin", i);
      g_autofree char *path = store_test_path (basename);
      g_autofree char *sql = NULL;
      g_autoptr (TwinStore) store = NULL;
      g_autoptr (TwinEntity) root = NULL;

      sql = g_strconcat ("PRAGMA application_id = 1415006542; PRAGMA user_version = 1;"
                         "CREATE TABLE metadata (key TEXT PRIMARY KEY, value);"
                         "CREATE TABLE entity (id TEXT, parent_id TEXT, position INTEGER, name TEXT, type TEXT,"
                         " x_m REAL, y_m REAL, z_m REAL, rot_x_deg REAL, rot_y_deg REAL, rot_z_deg REAL,"
                         " scale_x REAL, scale_y REAL, scale_z REAL);"
                         "CREATE TABLE parameter (entity_id TEXT, name TEXT, position INTEGER, kind TEXT, value,"
                         " unit TEXT, minimum REAL, maximum REAL, description TEXT);",
                         cases[i], NULL);
      store_test_exec (path, sql);

      store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
      g_assert_no_error (error);
      root = twin_store_load_root (store, &error);
      g_assert_null (root);
      g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_CORRUPT);
      g_test_message ("%s", error->message);
    }
}

/* ── locks ───────────────────────────────────────────────────────────── */

static void
test_lock_same_process (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = store_test_path ("office.dtwin");
  g_autoptr (TwinStore) writer = NULL;
  g_autoptr (TwinStore) second = NULL;
  g_autoptr (TwinStore) reader = NULL;
  g_autoptr (TwinEntity) root = NULL;
  g_autofree char *expected = NULL;

  make_big_project (path, 0);
  writer = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  second = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_null (second);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_LOCKED);
  g_assert_cmpstr (error->message, ==,
                   "“office.dtwin” is open for writing in another program; open it read-only to look at it");
  g_clear_error (&error);

  /* A reader does not wait for the writer. */
  reader = twin_store_open (path, TWIN_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (twin_store_is_read_only (reader));
  root = twin_store_load_root (reader, &error);
  g_assert_no_error (error);
  expected = store_test_dump (root, TRUE);
  g_clear_object (&root);

  /* The reader sees what the writer commits. */
  {
    g_autoptr (TwinEntity) replacement = store_test_build_tree (4);
    g_autofree char *dump = NULL;

    g_assert_true (twin_store_replace_root (writer, replacement, &error));
    g_assert_no_error (error);
    root = twin_store_load_root (reader, &error);
    g_assert_no_error (error);
    dump = store_test_dump (root, TRUE);
    g_clear_pointer (&expected, g_free);
    expected = store_test_dump (replacement, TRUE);
    g_assert_cmpstr (dump, ==, expected);
  }

  twin_store_close (writer);
  second = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
}

static void
test_lock_other_process (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = store_test_path ("office.dtwin");
  g_autofree char *copy = store_test_path ("copy.dtwin");
  g_autofree char *line = NULL;
  g_autofree char *expected_count = NULL;
  g_autofree char *locked_line = g_strdup_printf ("error %d", TWIN_STORE_ERROR_LOCKED);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinStore) other = NULL;
  g_autoptr (GSubprocess) holder = NULL;
  g_autoptr (TwinEntity) root = store_test_build_tree (0);
  GInputStream *out;

  make_big_project (path, 0);
  expected_count = g_strdup_printf ("ok %u", twin_entity_count_subtree (root));

  /* This process writes; a second one is told so, and may read. */
  store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  line = try_open_in_child (path, "rw");
  g_assert_cmpstr (line, ==, locked_line);
  g_clear_pointer (&line, g_free);
  line = try_open_in_child (path, "ro");
  g_assert_cmpstr (line, ==, expected_count);
  g_clear_pointer (&line, g_free);
  twin_store_close (store);
  g_clear_object (&store);

  /* Now the second process writes. */
  holder = spawn_child ("--hold-lock", path, NULL, &out);
  line = read_line (out);
  g_assert_cmpstr (line, ==, "locked");
  g_clear_pointer (&line, g_free);

  store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_null (store);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_LOCKED);
  assert_error_names_file (error, path);
  g_clear_error (&error);

  store = twin_store_open (path, TWIN_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  g_clear_object (&root);
  root = twin_store_load_root (store, &error);
  g_assert_no_error (error);

  /* "Save As" onto the file the other process writes is refused, and leaves it alone. */
  make_big_project (copy, 1);
  other = twin_store_open (copy, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  before = store_test_checksum (path);
  g_assert_false (twin_store_backup_to (other, path, &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_LOCKED);
  g_clear_error (&error);
  after = store_test_checksum (path);
  g_assert_cmpstr (before, ==, after);
  assert_no_temp_files (path);
  g_clear_object (&store);

  /* Once the other process is done, the project opens for writing. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (holder), NULL, NULL);
  g_subprocess_wait_check (holder, NULL, &error);
  g_assert_no_error (error);
  store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
}

static void
test_read_only_writes (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = store_test_path ("ro.dtwin");
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinEntity) root = store_test_build_tree (1);
  g_autoptr (TwinModel) model = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *model_before = NULL;
  g_autofree char *model_after = NULL;

  make_big_project (path, 0);
  before = store_test_checksum (path);
  store = twin_store_open (path, TWIN_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);

  g_assert_false (twin_store_replace_root (store, root, &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_READ_ONLY);
  assert_error_names_file (error, path);
  g_clear_error (&error);

  model = load_model (store);
  twin_model_set_commit_func (model, commit_to_store, store, NULL);
  model_before = dump_model (model);
  g_assert_false (twin_model_rename (model, twin_model_get_root (model), "Renamed", &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_READ_ONLY);
  model_after = dump_model (model);
  g_assert_cmpstr (model_before, ==, model_after);

  twin_store_close (store);
  after = store_test_checksum (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (store_test_has_side_files (path));
}

/* ── fault injection ─────────────────────────────────────────────────── */

typedef gboolean (*EditFunc) (TwinModel *model,
                              GError   **error);

static gboolean
edit_duplicate (TwinModel *model,
                GError   **error)
{
  return twin_model_duplicate (model, find (model, "Plant/Office “Nord” – 北/Floor 1"), error) != NULL;
}

static gboolean
edit_delete (TwinModel *model,
             GError   **error)
{
  return twin_model_delete (model, find (model, "Plant/Office “Nord” – 北/Floor 1"), error);
}

static gboolean
edit_move (TwinModel *model,
           GError   **error)
{
  return twin_model_move (model, find (model, "Plant/Office “Nord” – 北/Floor 1/Room 101"),
                          find (model, "Plant/Office “Nord” – 北/Floor 2"), 0, error);
}

static gboolean
edit_parameter (TwinModel *model,
                GError   **error)
{
  return twin_model_set_parameter_text (model, find (model, "Plant/Office “Nord” – 北"), "peak_load", "7.25", error);
}

static gboolean
edit_create (TwinModel *model,
             GError   **error)
{
  return twin_model_create_entity (model, find (model, "Plant"), "room", "New room", 1, error) != NULL;
}

static gboolean
edit_undo (TwinModel *model,
           GError   **error)
{
  return twin_model_undo (model, error);
}

static gboolean
edit_redo (TwinModel *model,
           GError   **error)
{
  return twin_model_redo (model, error);
}

static gboolean
edit_connect (TwinModel *model,
              GError   **error)
{
  return twin_model_connect (model, find (model, "Plant/Circuit/R1"), "p", find (model, "Plant/Circuit/GND"), "p",
                             error) != NULL;
}

static gboolean
edit_place (TwinModel *model,
            GError   **error)
{
  TwinEntity  *blocks[] = { find (model, "Plant/Circuit/R1"), find (model, "Plant/Circuit/C1") };
  const double xy[] = { 10, 20, 30.5, -40 };

  return twin_model_place_blocks (model, blocks, xy, G_N_ELEMENTS (blocks), error);
}

static gboolean
edit_expose (TwinModel *model,
             GError   **error)
{
  return twin_model_expose_port (model, find (model, "Plant/Circuit"), find (model, "Plant/Circuit/GND"), "p",
                                 "ground", error);
}

static gboolean
edit_unexpose (TwinModel *model,
               GError   **error)
{
  return twin_model_unexpose_port (model, find (model, "Plant/Circuit"), "ground", error);
}

static gboolean
edit_disconnect (TwinModel *model,
                 GError   **error)
{
  g_autoptr (TwinConnection) first = g_list_model_get_item (twin_entity_get_connections (find (model, "Plant/Circuit")), 0);

  g_assert_nonnull (first);
  return twin_model_disconnect (model, first, error);
}

static gboolean
edit_group (TwinModel *model,
            GError   **error)
{
  TwinEntity *children[] = { find (model, "Plant/Circuit/R1"), find (model, "Plant/Circuit/C1") };

  return twin_model_group (model, children, G_N_ELEMENTS (children), "Pair", error) != NULL;
}

static gboolean
edit_ungroup (TwinModel *model,
              GError   **error)
{
  return twin_model_ungroup (model, find (model, "Plant/Circuit/Pair"), error);
}

static gboolean
edit_paste (TwinModel *model,
            GError   **error)
{
  TwinEntity *sources[] = { find (model, "Plant/Circuit/R1"), find (model, "Plant/Circuit/C1") };
  g_autoptr (GPtrArray) copies = twin_model_paste_copies (model, find (model, "Plant/Circuit"), sources,
                                                          G_N_ELEMENTS (sources), 40, 40, error);

  return copies != NULL;
}

static gboolean
edit_delete_connected (TwinModel *model,
                       GError   **error)
{
  return twin_model_delete (model, find (model, "Plant/Circuit/C1"), error);
}

static gboolean
edit_delete_many (TwinModel *model,
                  GError   **error)
{
  TwinEntity *entities[] = { find (model, "Plant/Sensor"), find (model, "Plant/Custom") };

  return twin_model_delete_many (model, entities, G_N_ELEMENTS (entities), error);
}

static void
test_fault_injection (void)
{
  static const struct
  {
    const char *name;
    EditFunc    edit;
  } edits[] = {
    { "duplicate", edit_duplicate },
    { "move", edit_move },
    { "parameter", edit_parameter },
    { "create", edit_create },
    { "undo", edit_undo },
    { "redo", edit_redo },
    { "delete", edit_delete },
    /* The diagram: every kind of step that changes ports, wires or positions. */
    { "connect", edit_connect },
    { "place", edit_place },
    { "expose", edit_expose },
    { "disconnect", edit_disconnect },
    { "group", edit_group },
    { "undo group", edit_undo },
    { "redo group", edit_redo },
    { "ungroup", edit_ungroup },
    { "paste", edit_paste },
    { "unexpose", edit_unexpose },
    { "delete connected", edit_delete_connected },
    { "delete many", edit_delete_many },
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *path = store_test_path ("faults.dtwin");
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinModel) model = NULL;

  make_big_project (path, 3);
  store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  model = load_model (store);
  twin_model_set_commit_func (model, commit_to_store, store, NULL);

  for (guint e = 0; e < G_N_ELEMENTS (edits); e++)
    {
      g_autofree char *model_before = dump_model (model);
      g_autofree char *file_before = store_test_dump_file (path, TRUE);
      guint            n_failures = 0;

      g_assert_cmpstr (model_before, ==, file_before);

      /* Fail the 1st write, then the 2nd, ...: each time the model and the
       * file must still be as before. The edit then succeeds once it needs
       * fewer writes than the seam waits for. */
      for (guint n = 1;; n++)
        {
          g_autofree char *model_after = NULL;
          g_autofree char *file_after = NULL;
          gboolean         ok;

          twin_store_set_fail_after_writes (store, n);
          ok = edits[e].edit (model, &error);
          twin_store_set_fail_after_writes (store, 0);
          model_after = dump_model (model);
          file_after = store_test_dump_file (path, TRUE);
          if (ok)
            {
              g_assert_no_error (error);
              g_assert_cmpstr (model_after, !=, model_before);
              g_assert_cmpstr (model_after, ==, file_after);
              break;
            }
          g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO);
          g_assert_nonnull (strstr (error->message, "faults.dtwin"));
          g_clear_error (&error);
          g_assert_cmpstr (model_after, ==, model_before);
          g_assert_cmpstr (file_after, ==, file_before);
          n_failures++;
        }
      g_test_message ("%s: %u writes, each failure rolled back", edits[e].name, n_failures);
      /* Every edit writes at least one statement and the COMMIT. */
      g_assert_cmpuint (n_failures, >=, 2);
    }
}

/* ── connections ─────────────────────────────────────────────────────── */

/* Makes @edit with the fault seam failing the 1st, 2nd, … write until it
 * succeeds; returns how many write statements (COMMIT included) it took. */
static guint
count_writes (TwinStore *store,
              TwinModel *model,
              EditFunc   edit)
{
  for (guint n = 1;; n++)
    {
      g_autoptr (GError) error = NULL;
      gboolean ok;

      twin_store_set_fail_after_writes (store, n);
      ok = edit (model, &error);
      twin_store_set_fail_after_writes (store, 0);
      if (ok)
        {
          g_assert_no_error (error);
          return n - 1;
        }
      g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO);
    }
}

static gboolean
edit_connect_last (TwinModel *model,
                   GError   **error)
{
  return twin_model_connect (model, find (model, "Chain/R29"), "n", find (model, "Chain/R0"), "p", error) != NULL;
}

static gboolean
edit_disconnect_middle (TwinModel *model,
                        GError   **error)
{
  g_autoptr (TwinConnection) middle = g_list_model_get_item (twin_entity_get_connections (find (model, "Chain")), 10);

  return twin_model_disconnect (model, middle, error);
}

/* The stored connection ids of @parent in the order of their positions,
 * and in the order of the model's list: they must be the same. */
static void
assert_stored_order (const char *path,
                     TwinEntity *parent)
{
  g_autofree char *sql = g_strdup_printf ("SELECT group_concat (id, ' ') FROM (SELECT id FROM connection"
                                          " WHERE parent_id = '%s' ORDER BY position)",
                                          twin_entity_get_id (parent));
  g_autofree char *stored = store_test_query_text (path, sql);
  GString         *expected = g_string_new (NULL);
  g_autofree char *expected_text = NULL;

  for (guint i = 0; i < twin_entity_get_n_connections (parent); i++)
    {
      g_autoptr (TwinConnection) c = g_list_model_get_item (twin_entity_get_connections (parent), i);

      g_string_append_printf (expected, "%s%s", i > 0 ? " " : "", twin_connection_get_id (c));
    }
  expected_text = g_string_free (expected, FALSE);
  g_assert_cmpstr (stored, ==, expected_text);
}

/* A wire drawn or removed in a big diagram writes one row, not the whole
 * list; the stored order follows the list through undo, group, ungroup. */
static void
test_connections_order (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = store_test_path ("chain.dtwin");
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "subsystem", "Chain");
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinModel) model = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *file = NULL;
  TwinEntity      *chain;
  TwinEntity      *group;
  TwinEntity      *grouped[3];

  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *name = g_strdup_printf ("R%u", i);
      g_autoptr (TwinEntity) resistor = twin_entity_type_instantiate (twin_entity_type_lookup ("resistor"), name);

      twin_entity_append_child (root, resistor);
      if (i > 0)
        {
          g_autoptr (TwinConnection) wire = twin_connection_new (NULL, twin_entity_get_child (root, i - 1), "n",
                                                                 resistor, "p");

          twin_entity_add_connection (root, wire);
        }
    }
  store_test_create_file (path, root);
  store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  model = load_model (store);
  twin_model_set_commit_func (model, commit_to_store, store, NULL);
  chain = twin_model_get_root (model);
  assert_stored_order (path, chain);

  /* One row and the COMMIT each. */
  g_assert_cmpuint (count_writes (store, model, edit_connect_last), ==, 2);
  assert_stored_order (path, chain);
  g_assert_cmpuint (count_writes (store, model, edit_disconnect_middle), ==, 2);
  assert_stored_order (path, chain);

  /* Undo puts the wire back in the middle. */
  g_assert_true (twin_model_undo (model, &error));
  g_assert_no_error (error);
  assert_stored_order (path, chain);
  g_assert_true (twin_model_undo (model, &error));
  g_assert_no_error (error);
  assert_stored_order (path, chain);
  g_assert_true (twin_model_redo (model, &error));
  g_assert_no_error (error);
  assert_stored_order (path, chain);

  /* Grouping moves wires into the group and re-points the crossing ones. */
  for (guint i = 0; i < 3; i++)
    grouped[i] = twin_entity_get_child (chain, 12 + i);
  group = twin_model_group (model, grouped, 3, "Middle", &error);
  g_assert_no_error (error);
  g_assert_nonnull (group);
  assert_stored_order (path, chain);
  assert_stored_order (path, group);
  dump = dump_model (model);
  file = store_test_dump_file (path, TRUE);
  g_assert_cmpstr (file, ==, dump);

  g_assert_true (twin_model_ungroup (model, group, &error));
  g_assert_no_error (error);
  assert_stored_order (path, chain);
  g_clear_pointer (&dump, g_free);
  g_clear_pointer (&file, g_free);
  dump = dump_model (model);
  file = store_test_dump_file (path, TRUE);
  g_assert_cmpstr (file, ==, dump);

  /* Every id once, every end still there. */
  g_clear_pointer (&file, g_free);
  file = store_test_query_text (path, "PRAGMA foreign_key_check");
  g_assert_null (file);
}

/* ── replace, copy ───────────────────────────────────────────────────── */

static void
test_replace_root (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = store_test_path ("replace.dtwin");
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinEntity) other = twin_entity_new (NULL, "building", "Elsewhere");
  g_autoptr (TwinEntity) big = store_test_build_tree (5);
  g_autofree char *expected = store_test_dump (other, TRUE);
  g_autofree char *dump = NULL;
  g_autofree char *count = NULL;

  make_big_project (path, 10);
  store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (twin_store_replace_root (store, other, &error));
  g_assert_no_error (error);
  twin_store_close (store);

  dump = store_test_dump_file (path, TRUE);
  g_assert_cmpstr (dump, ==, expected);
  count = store_test_query_text (path, "SELECT count(*) FROM entity");
  g_assert_cmpstr (count, ==, "1");
  g_clear_pointer (&count, g_free);
  count = store_test_query_text (path, "SELECT count(*) FROM parameter");
  g_assert_cmpstr (count, ==, "0");
  g_clear_object (&store);

  /* A failed replacement leaves the old twin. */
  store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  twin_store_set_fail_after_writes (store, 7);
  g_assert_false (twin_store_replace_root (store, big, &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO);
  g_clear_pointer (&dump, g_free);
  dump = store_test_dump_file (path, TRUE);
  g_assert_cmpstr (dump, ==, expected);
}

static void
test_backup (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = store_test_path ("source.dtwin");
  g_autofree char *dest = store_test_path ("copy.dtwin");
  g_autofree char *existing = store_test_path ("existing.dtwin");
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinStore) reader = NULL;
  g_autoptr (TwinStore) copy = NULL;
  g_autoptr (TwinStore) holder = NULL;
  g_autoptr (TwinEntity) changed = store_test_build_tree (7);
  g_autofree char *expected = store_test_dump (changed, TRUE);
  g_autofree char *dump = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  make_big_project (path, 2);
  store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  /* The change sits in the write-ahead log: the copy must have it too. */
  g_assert_true (twin_store_replace_root (store, changed, &error));
  g_assert_no_error (error);

  g_assert_true (twin_store_backup_to (store, dest, &error));
  g_assert_no_error (error);
  g_assert_false (store_test_has_side_files (dest));
  assert_no_temp_files (dest);
  dump = store_test_dump_file (dest, TRUE);
  g_assert_cmpstr (dump, ==, expected);
  g_clear_pointer (&dump, g_free);
  /* The copy is a complete project that opens for writing. */
  copy = twin_store_open (dest, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_clear_object (&copy);

  /* Over an existing project: replaced whole. */
  make_big_project (existing, 0);
  g_assert_true (twin_store_backup_to (store, existing, &error));
  g_assert_no_error (error);
  dump = store_test_dump_file (existing, TRUE);
  g_assert_cmpstr (dump, ==, expected);
  g_clear_pointer (&dump, g_free);

  /* Onto a project some store writes: refused, untouched. */
  holder = twin_store_open (existing, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  before = store_test_checksum (existing);
  g_assert_false (twin_store_backup_to (store, existing, &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_LOCKED);
  assert_error_names_file (error, existing);
  g_clear_error (&error);
  after = store_test_checksum (existing);
  g_assert_cmpstr (before, ==, after);
  assert_no_temp_files (existing);
  g_clear_object (&holder);

  /* Onto itself: nothing to do. */
  g_assert_true (twin_store_backup_to (store, path, &error));
  g_assert_no_error (error);
  twin_store_close (store);
  dump = store_test_dump_file (path, TRUE);
  g_assert_cmpstr (dump, ==, expected);
  g_clear_pointer (&dump, g_free);

  /* A reader can copy too. */
  g_remove (dest);
  reader = twin_store_open (path, TWIN_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (twin_store_backup_to (reader, dest, &error));
  g_assert_no_error (error);
  dump = store_test_dump_file (dest, TRUE);
  g_assert_cmpstr (dump, ==, expected);

  /* Into a folder that does not exist: an error, not a crash. */
  g_assert_false (twin_store_backup_to (reader, "/nonexistent-folder/x.dtwin", &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO);
}

static void
test_closed_store (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = store_test_path ("closed.dtwin");
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinEntity) root = store_test_build_tree (0);
  g_autoptr (TwinEntity) loaded = NULL;

  make_big_project (path, 0);
  store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  twin_store_close (store);
  loaded = twin_store_load_root (store, &error);
  g_assert_null (loaded);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO);
  g_clear_error (&error);
  g_assert_false (twin_store_replace_root (store, root, &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO);
}

int
main (int   argc,
      char *argv[])
{
  self_exe = g_file_read_link ("/proc/self/exe", NULL);

  if (argc == 3 && g_str_equal (argv[1], "--hold-lock"))
    return child_hold_lock (argv[2]);
  if (argc == 4 && g_str_equal (argv[1], "--try-open"))
    return child_try_open (argv[2], argv[3]);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/store/round-trip", test_round_trip);
  g_test_add_func ("/core/store/create-refuses-existing", test_create_refuses_existing);
  g_test_add_func ("/core/store/create-ignores-stale-log", test_create_ignores_stale_log);
  g_test_add_func ("/core/store/open-missing", test_open_missing);
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/core/store/refuse/%s", refusals[i].name);

      g_test_add_data_func (test_path, &refusals[i], test_refusal);
    }
  g_test_add_func ("/core/store/migrate/version-0", test_migrate_version_0);
  g_test_add_func ("/core/store/migrate/blank-sqlite", test_migrate_blank_sqlite);
  g_test_add_func ("/core/store/migrate/version-1", test_migrate_version_1);
  g_test_add_func ("/core/store/migrate/version-1-fails", test_migrate_version_1_fails);
  g_test_add_func ("/core/store/migrate/resources", test_migrations_in_resource);
  for (guint i = 0; i < G_N_ELEMENTS (bad_rows); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/core/store/bad-rows/%s", bad_rows[i].name);

      g_test_add_data_func (test_path, &bad_rows[i], test_bad_rows);
    }
  g_test_add_func ("/core/store/bad-rows/null-columns", test_null_columns);
  g_test_add_func ("/core/store/lock/same-process", test_lock_same_process);
  g_test_add_func ("/core/store/lock/other-process", test_lock_other_process);
  g_test_add_func ("/core/store/read-only-writes", test_read_only_writes);
  g_test_add_func ("/core/store/fault-injection", test_fault_injection);
  g_test_add_func ("/core/store/connections/order", test_connections_order);
  g_test_add_func ("/core/store/replace-root", test_replace_root);
  g_test_add_func ("/core/store/backup", test_backup);
  g_test_add_func ("/core/store/closed", test_closed_store);

  return g_test_run ();
}
