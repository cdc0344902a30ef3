/* twin-store-connection.c: a plain SQLite connection to a project file at the current schema.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-store"

#include "config.h"

#include "twin-store-connection.h"

#include "twin-store.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

/* How long a connection waits for another one's write lock. */
#define BUSY_TIMEOUT_MS 10000

static gboolean
query_int (sqlite3    *db,
           const char *sql,
           gint64     *value)
{
  sqlite3_stmt *stmt = NULL;
  int           rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      *value = sqlite3_column_int64 (stmt, 0);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_OK;
}

/* Opens @path and reads its format version; NULL when it is no Twin Studio
 * project or a newer one (error set). */
static sqlite3 *
open_checked (const char *path,
              const char *name,
              gboolean    read_only,
              gint64     *version,
              GError    **error)
{
  sqlite3 *db = NULL;
  gint64   application_id = 0;

  if (sqlite3_open_v2 (path, &db, read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO, _ ("Could not open “%s”: %s."), name,
                   db != NULL ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (db, 1);
  if (!query_int (db, "PRAGMA application_id", &application_id) || !query_int (db, "PRAGMA user_version", version) ||
      application_id != TWIN_STORE_APPLICATION_ID)
    {
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_FOREIGN,
                   _ ("Could not open “%s”: it is not a Twin Studio project."), name);
      sqlite3_close (db);
      return NULL;
    }
  if (*version > TWIN_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_TOO_NEW,
                   _ ("Could not open “%s”: it was written by a newer Twin Studio "
                      "(file format %d, this version reads up to %d)."),
                   name, (int) *version, TWIN_STORE_SCHEMA_VERSION);
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

/**
 * twin_store_open_connection:
 * @path: a .dtwin file
 * @read_only: %TRUE to only read
 * @error: return location for a #GError (TWIN_STORE_ERROR)
 *
 * Opens a connection of its own to a project file. A missing file, another
 * program's database and a file from a newer Twin Studio are refused; an
 * older file is upgraded first (when writing) or refused (when only reading).
 * A writing connection uses WAL with synchronous NORMAL, like TwinStore.
 *
 * Returns: (transfer full) (nullable): the connection (close with sqlite3_close())
 */
sqlite3 *
twin_store_open_connection (const char *path,
                            gboolean    read_only,
                            GError    **error)
{
  g_autofree char *name = NULL;
  sqlite3         *db;
  GStatBuf         st;
  gint64           version = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_filename_display_basename (path);
  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND, _ ("Could not open “%s”: there is no such file."),
                   name);
      return NULL;
    }
  db = open_checked (path, name, read_only, &version, error);
  if (db == NULL)
    return NULL;
  if (version < TWIN_STORE_SCHEMA_VERSION)
    {
      g_autoptr (TwinStore) store = NULL;

      sqlite3_close (db);
      if (read_only)
        {
          g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_READ_ONLY,
                       _ ("“%s” was saved by an older Twin Studio and must be upgraded; "
                          "open it for writing once to upgrade it"),
                       name);
          return NULL;
        }
      store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, error);
      if (store == NULL)
        return NULL;
      twin_store_close (store);
      db = open_checked (path, name, read_only, &version, error);
      if (db == NULL)
        return NULL;
    }
  if (!read_only && sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL", NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO, _ ("Could not open “%s”: %s."), name, sqlite3_errmsg (db));
      sqlite3_close (db);
      return NULL;
    }
  return db;
}
