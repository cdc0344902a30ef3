/* twin-store.c: the project file (.dtwin), one SQLite database per twin.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A .dtwin file is an SQLite database marked by `PRAGMA application_id`
 * (TWIN_STORE_APPLICATION_ID) whose `PRAGMA user_version` is the schema
 * version. The schema comes from the numbered .sql files in the core
 * GResource (store/migrations/NNN-*.sql); an older file is brought up to
 * date by running the missing ones in one transaction.
 *
 * Invariants:
 *  - A file is judged on a read-only connection before anything may write
 *    to it (header bytes, application id, version, `PRAGMA quick_check` of
 *    the model's tables), so
 *    a refused file is never changed.
 *  - Writers use WAL with synchronous=FULL and foreign keys on, and every
 *    call that writes is exactly one transaction: after a crash the file
 *    holds every committed edit and no part of any other.
 *  - One process writes a project at a time: a writer holds flock(LOCK_EX)
 *    on its own descriptor of the database file. That descriptor stays open
 *    until after sqlite3_close(), because closing any descriptor of a file
 *    drops every POSIX lock the process holds on it, SQLite's included.
 *    Readers take no lock and never wait for a writer.
 *
 *  - Connection and boundary port rows name their entities by id; foreign
 *    keys, checked at COMMIT, make a step that leaves a wire or port naming
 *    a deleted entity fail whole instead of writing a file that no longer
 *    loads. The loader still checks every row, for files other tools wrote.
 *
 * Sizes: the model part is small (thousands of rows) and quick_check at
 * open reads it whole; the history and mesh tables, which grow to
 * gigabytes, are left to SQLite's checks as they are read. Not
 * thread-safe: one store belongs to one thread.
 */

#define G_LOG_DOMAIN "twin-store"
#define _GNU_SOURCE /* renameat2 (RENAME_NOREPLACE) */

#include "config.h"

#include "twin-store.h"

#include "mesh/twin-mesh-info.h"
#include "mesh/twin-mesh.h"
#include "model/twin-entity-type.h"
#include "model/twin-entity.h"
#include "model/twin-parameter.h"
#include "model/twin-transform.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define MIGRATIONS_PATH RESOURCE_BASE "/core/store/migrations"

/* How long a statement waits for another connection's short lock, in ms. */
#define BUSY_TIMEOUT_MS 5000

/* The first 16 bytes of every SQLite 3 database. */
static const char sqlite_magic[16] = "SQLite format 3";

/* The cached write statements. */
typedef enum
{
  STMT_UPSERT_ENTITY,
  STMT_UPDATE_PLACE,
  STMT_DELETE_ENTITY,
  STMT_DELETE_ALL_ENTITIES,
  STMT_DELETE_PARAMETERS,
  STMT_INSERT_PARAMETER,
  STMT_DELETE_BOUNDARY_PORTS,
  STMT_INSERT_BOUNDARY_PORT,
  STMT_SELECT_CONNECTIONS,
  STMT_UPSERT_CONNECTION,
  STMT_DELETE_CONNECTION,
  N_STMTS,
} StmtId;

static const char *const stmt_sql[N_STMTS] = {
  [STMT_UPSERT_ENTITY] =
    "INSERT INTO entity (id, parent_id, position, name, type,"
    " x_m, y_m, z_m, rot_x_deg, rot_y_deg, rot_z_deg, scale_x, scale_y, scale_z,"
    " diagram_x, diagram_y, mesh_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"
    " ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id,"
    " position = excluded.position, name = excluded.name, type = excluded.type,"
    " x_m = excluded.x_m, y_m = excluded.y_m, z_m = excluded.z_m,"
    " rot_x_deg = excluded.rot_x_deg, rot_y_deg = excluded.rot_y_deg,"
    " rot_z_deg = excluded.rot_z_deg, scale_x = excluded.scale_x,"
    " scale_y = excluded.scale_y, scale_z = excluded.scale_z,"
    " diagram_x = excluded.diagram_x, diagram_y = excluded.diagram_y,"
    " mesh_id = excluded.mesh_id",
  [STMT_UPDATE_PLACE] =
    "UPDATE entity SET parent_id = ?2, position = ?3 WHERE id = ?1",
  [STMT_DELETE_ENTITY] =
    "DELETE FROM entity WHERE id = ?1",
  [STMT_DELETE_ALL_ENTITIES] =
    "DELETE FROM entity",
  [STMT_DELETE_PARAMETERS] =
    "DELETE FROM parameter WHERE entity_id = ?1",
  [STMT_INSERT_PARAMETER] =
    "INSERT INTO parameter (entity_id, name, position, kind, value, unit,"
    " minimum, maximum, description) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
  [STMT_DELETE_BOUNDARY_PORTS] =
    "DELETE FROM boundary_port WHERE entity_id = ?1",
  [STMT_INSERT_BOUNDARY_PORT] =
    "INSERT INTO boundary_port (entity_id, name, position, inner_id, inner_port)"
    " VALUES (?1, ?2, ?3, ?4, ?5)",
  [STMT_SELECT_CONNECTIONS] =
    "SELECT id, position, from_id, from_port, to_id, to_port FROM connection WHERE parent_id = ?1",
  [STMT_UPSERT_CONNECTION] =
    "INSERT INTO connection (id, parent_id, position, from_id, from_port, to_id, to_port)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    " ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id,"
    " position = excluded.position, from_id = excluded.from_id,"
    " from_port = excluded.from_port, to_id = excluded.to_id, to_port = excluded.to_port",
  [STMT_DELETE_CONNECTION] =
    "DELETE FROM connection WHERE id = ?1",
};

/* How a TwinValueKind is spelled in the `parameter.kind` column. */
static const char *const kind_names[] = {
  [TWIN_VALUE_NUMBER] = "number",
  [TWIN_VALUE_INTEGER] = "integer",
  [TWIN_VALUE_BOOLEAN] = "boolean",
  [TWIN_VALUE_STRING] = "string",
};

/* What was being done when SQLite failed, for the message. */
typedef enum
{
  OP_OPEN,
  OP_READ,
  OP_WRITE,
  OP_COPY,
} StoreOp;

struct _TwinStore
{
  GObject       parent_instance;

  /* Owned references */
  char         *path;
  sqlite3      *db;             /* NULL once closed */
  sqlite3_stmt *stmts[N_STMTS]; /* prepared on first use */

  /* State */
  int           lock_fd;           /* holds flock(LOCK_EX) for a writer; -1 otherwise */
  guint         schema_version;    /* the file's user_version */
  guint         fail_after_writes; /* test seam: the Nth write fails; 0 = never */
  guint         read_only : 1;
};

G_DEFINE_FINAL_TYPE (TwinStore, twin_store, G_TYPE_OBJECT)

/* Spelled out: clang-format splits the dashed name G_DEFINE_QUARK() takes. */
GQuark
twin_store_error_quark (void)
{
  return g_quark_from_static_string ("twin-store-error-quark");
}

static void
close_sqlite (sqlite3 *db)
{
  sqlite3_close (db);
}

static void
finalize_stmt (sqlite3_stmt *stmt)
{
  sqlite3_finalize (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, close_sqlite)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, finalize_stmt)

static char *
dup_display_name (const char *path)
{
  return g_filename_display_basename (path);
}

static TwinStoreError
error_code_for_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return TWIN_STORE_ERROR_CORRUPT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return TWIN_STORE_ERROR_LOCKED;
    case SQLITE_READONLY:
      return TWIN_STORE_ERROR_READ_ONLY;
    default:
      return TWIN_STORE_ERROR_IO;
    }
}

/* Turns an SQLite result code and message into a TWIN_STORE_ERROR that
 * names the file. */
static void
set_sqlite_error (GError    **error,
                  const char *path,
                  int         rc,
                  const char *detail,
                  StoreOp     op)
{
  g_autofree char *name = dup_display_name (path);
  TwinStoreError   code = error_code_for_sqlite (rc);

  if (detail == NULL)
    detail = sqlite3_errstr (rc);

  switch (code)
    {
    case TWIN_STORE_ERROR_CORRUPT:
      g_set_error (error, TWIN_STORE_ERROR, code,
                   _ ("“%s” is damaged and cannot be used (%s)"), name, detail);
      return;
    case TWIN_STORE_ERROR_LOCKED:
      g_set_error (error, TWIN_STORE_ERROR, code,
                   _ ("“%s” is busy in another program (%s)"), name, detail);
      return;
    default:
      break;
    }

  switch (op)
    {
    case OP_OPEN:
      g_set_error (error, TWIN_STORE_ERROR, code, _ ("Could not open “%s”: %s"), name, detail);
      break;
    case OP_READ:
      g_set_error (error, TWIN_STORE_ERROR, code, _ ("Could not read “%s”: %s"), name, detail);
      break;
    case OP_WRITE:
      g_set_error (error, TWIN_STORE_ERROR, code, _ ("Could not save the change to “%s”: %s"), name, detail);
      break;
    case OP_COPY:
    default:
      g_set_error (error, TWIN_STORE_ERROR, code, _ ("Could not copy the project to “%s”: %s"), name, detail);
      break;
    }
}

static void
set_db_error (GError    **error,
              const char *path,
              sqlite3    *db,
              int         rc,
              StoreOp     op)
{
  set_sqlite_error (error, path, rc, db != NULL ? sqlite3_errmsg (db) : NULL, op);
}

static void
set_errno_error (GError    **error,
                 const char *path,
                 int         saved_errno,
                 StoreOp     op)
{
  g_autofree char *name = dup_display_name (path);

  if (saved_errno == ENOENT && (op == OP_OPEN || op == OP_READ))
    {
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND,
                   _ ("“%s” does not exist"), name);
      return;
    }
  switch (op)
    {
    case OP_OPEN:
    case OP_READ:
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO,
                   _ ("Could not read “%s”: %s"), name, g_strerror (saved_errno));
      break;
    case OP_WRITE:
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO,
                   _ ("Could not write “%s”: %s"), name, g_strerror (saved_errno));
      break;
    case OP_COPY:
    default:
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO,
                   _ ("Could not copy the project to “%s”: %s"), name, g_strerror (saved_errno));
      break;
    }
}

static void
set_locked_error (GError    **error,
                  const char *path)
{
  g_autofree char *name = dup_display_name (path);

  g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_LOCKED,
               _ ("“%s” is open for writing in another program; open it read-only to look at it"),
               name);
}

/* Removes the files SQLite keeps beside @path. Only ever called for a path
 * no connection uses: a stale write-ahead log or journal would otherwise be
 * replayed into the new file that is about to take that name. */
static void
remove_side_files (const char *path)
{
  static const char *const suffixes[] = { "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *side = g_strconcat (path, suffixes[i], NULL);

      g_unlink (side);
    }
}

static void
remove_database_files (const char *path)
{
  g_unlink (path);
  remove_side_files (path);
}

/* Flushes @path, or the folder that holds it, to the disk. */
static gboolean
fsync_path (const char *path,
            gboolean    folder,
            GError    **error)
{
  g_autofree char *dir = folder ? g_path_get_dirname (path) : NULL;
  const char      *target = folder ? dir : path;
  int              fd = open (target, (folder ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
  int              saved_errno;

  if (fd < 0)
    {
      set_errno_error (error, path, errno, OP_WRITE);
      return FALSE;
    }
  if (fsync (fd) != 0 && !(folder && (errno == EINVAL || errno == EROFS)))
    {
      saved_errno = errno;
      close (fd);
      set_errno_error (error, path, saved_errno, OP_WRITE);
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* Opens @path and takes flock(LOCK_EX | LOCK_NB) on it. Returns the
 * descriptor, or -1 with @error set (LOCKED when another holder exists). */
static int
lock_file (const char *path,
           StoreOp     op,
           GError    **error)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  int saved_errno;

  if (fd < 0)
    {
      set_errno_error (error, path, errno, op);
      return -1;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      saved_errno = errno;
      close (fd);
      if (saved_errno == EWOULDBLOCK)
        set_locked_error (error, path);
      else
        set_errno_error (error, path, saved_errno, op);
      return -1;
    }
  return fd;
}

/* Looks at the first bytes of @path before SQLite sees it. */
static gboolean
check_header (const char *path,
              GError    **error)
{
  g_autofree char *name = dup_display_name (path);
  guint8           header[100];
  struct stat      st;
  gssize           n_read;
  int              fd;

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      set_errno_error (error, path, errno, OP_OPEN);
      return FALSE;
    }
  if (fstat (fd, &st) != 0)
    {
      set_errno_error (error, path, errno, OP_OPEN);
      close (fd);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_SQLITE,
                   _ ("“%s” is not a Twin Studio project: it is not a regular file"), name);
      return FALSE;
    }

  do
    n_read = read (fd, header, sizeof header);
  while (n_read < 0 && errno == EINTR);
  if (n_read < 0)
    {
      set_errno_error (error, path, errno, OP_OPEN);
      close (fd);
      return FALSE;
    }
  close (fd);

  if (n_read == 0)
    {
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_CORRUPT,
                   _ ("“%s” is empty (0 bytes): the project file was truncated or never written"), name);
      return FALSE;
    }
  if (n_read < (gssize) sizeof sqlite_magic || memcmp (header, sqlite_magic, sizeof sqlite_magic) != 0)
    {
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_SQLITE,
                   _ ("“%s” is not a Twin Studio project: it is not an SQLite database"), name);
      return FALSE;
    }
  if (n_read < (gssize) sizeof header)
    {
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_CORRUPT,
                   _ ("“%s” is damaged: the file ends inside its header"), name);
      return FALSE;
    }
  return TRUE;
}

/* Runs a statement that returns one integer. */
static gboolean
query_int (sqlite3    *db,
           const char *path,
           const char *sql,
           gint64     *result,
           StoreOp     op,
           GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_db_error (error, path, db, rc, op);
      return FALSE;
    }
  *result = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* Opens @path on a read-only connection that changes nothing and decides
 * whether Twin Studio may use it. Returns its schema version. */
static gboolean
inspect_database (const char *path,
                  guint      *version,
                  GError    **error)
{
  g_autofree char *name = dup_display_name (path);
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *file_uri = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *wal_path = g_strconcat (path, "-wal", NULL);
  g_autoptr (sqlite3) db = NULL;
  g_autoptr (sqlite3_stmt) check = NULL;
  g_autoptr (sqlite3_stmt) tables = NULL;
  gint64      application_id;
  gint64      user_version;
  gint64      n_objects;
  const char *verdict;
  int         rc;

  /* Without a write-ahead log beside it the file is complete by itself and
   * "immutable" reads it without creating -wal or -shm files. With a log
   * (a writer is running, or one crashed) it must be read through the log. */
  file_uri = g_filename_to_uri (absolute, NULL, NULL);
  if (file_uri == NULL)
    {
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO,
                   _ ("Could not open “%s”: the file name cannot be used"), name);
      return FALSE;
    }
  uri = g_strconcat (file_uri, g_file_test (wal_path, G_FILE_TEST_EXISTS) ? "?mode=ro" : "?mode=ro&immutable=1", NULL);

  rc = sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (error, path, db, rc, OP_OPEN);
      return FALSE;
    }
  sqlite3_extended_result_codes (db, TRUE);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  if (!query_int (db, path, "PRAGMA application_id", &application_id, OP_OPEN, error) ||
      !query_int (db, path, "PRAGMA user_version", &user_version, OP_OPEN, error) ||
      !query_int (db, path, "SELECT count(*) FROM sqlite_master", &n_objects, OP_OPEN, error))
    return FALSE;

  /* An SQLite file with no tables and no id is a new, empty project. */
  if (application_id != TWIN_STORE_APPLICATION_ID && !(application_id == 0 && n_objects == 0))
    {
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_FOREIGN,
                   _ ("“%s” is an SQLite database of another application, not a Twin Studio project"),
                   name);
      return FALSE;
    }
  if (application_id == TWIN_STORE_APPLICATION_ID && user_version == 0 && n_objects > 0)
    {
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_CORRUPT,
                   _ ("“%s” is damaged: it has tables but no file format version"), name);
      return FALSE;
    }
  /* SQLite keeps user_version as a signed 32-bit number. */
  if (user_version < 0 || user_version > TWIN_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_TOO_NEW,
                   _ ("“%s” was saved by a newer Twin Studio (file format %d; "
                      "this version reads formats up to %d); update Twin Studio to open it"),
                   name, (int) user_version, TWIN_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  /* Check every table but the bulk ones, whose size grows with the history:
   * a whole-file quick_check reads gigabytes there. Damage in those shows as
   * an error when the damaged part is read (and mesh geometry is checked
   * against its checksum). */
  rc = sqlite3_prepare_v2 (db,
                           "SELECT name FROM sqlite_schema WHERE type = 'table'"
                           " AND name NOT IN ('sample', 'rollup', 'mesh_data') ORDER BY name",
                           -1, &tables, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (tables)) == SQLITE_ROW)
    {
      char *sql = sqlite3_mprintf ("PRAGMA quick_check(\"%w\")", (const char *) sqlite3_column_text (tables, 0));

      g_clear_pointer (&check, sqlite3_finalize);
      rc = sqlite3_prepare_v2 (db, sql, -1, &check, NULL);
      sqlite3_free (sql);
      if (rc == SQLITE_OK)
        rc = sqlite3_step (check);
      if (rc != SQLITE_ROW)
        break;
      verdict = (const char *) sqlite3_column_text (check, 0);
      if (g_strcmp0 (verdict, "ok") != 0)
        {
          g_auto (GStrv) lines = g_strsplit (verdict != NULL ? verdict : "", "\n", -1);
          const char *first = NULL;

          /* The report starts with "*** in database main ***"; keep its first finding. */
          for (guint i = 0; lines[i] != NULL && first == NULL; i++)
            if (lines[i][0] != '\0' && !g_str_has_prefix (lines[i], "***"))
              first = lines[i];
          g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_CORRUPT,
                       _ ("“%s” is damaged and cannot be used (%s)"), name,
                       first != NULL ? first : "quick_check");
          return FALSE;
        }
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, path, db, rc, OP_OPEN);
      return FALSE;
    }

  *version = (guint) user_version;
  return TRUE;
}

static gboolean
exec_sql (TwinStore  *self,
          const char *sql,
          StoreOp     op,
          GError    **error)
{
  char *message = NULL; /* from sqlite3_malloc() */
  int   rc;

  rc = sqlite3_exec (self->db, sql, NULL, NULL, &message);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->path, rc, message != NULL ? message : sqlite3_errmsg (self->db), op);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/* Counts one write statement for the fault-injection seam. Returns FALSE,
 * with an I/O error, for the write the seam was told to fail. */
static gboolean
count_write (TwinStore *self,
             GError   **error)
{
  if (self->fail_after_writes == 0 || --self->fail_after_writes > 0)
    return TRUE;
  set_sqlite_error (error, self->path, SQLITE_IOERR_WRITE, _ ("disk I/O error (simulated)"), OP_WRITE);
  return FALSE;
}

static sqlite3_stmt *
get_stmt (TwinStore *self,
          StmtId     id,
          GError   **error)
{
  int rc;

  if (self->stmts[id] == NULL)
    {
      rc = sqlite3_prepare_v3 (self->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                               &self->stmts[id], NULL);
      if (rc != SQLITE_OK)
        {
          set_db_error (error, self->path, self->db, rc, OP_WRITE);
          return NULL;
        }
    }
  return self->stmts[id];
}

/* Steps a bound write statement to its end and resets it. */
static gboolean
step_write (TwinStore    *self,
            sqlite3_stmt *stmt,
            GError      **error)
{
  gboolean ok = TRUE;
  int      rc;

  if (!count_write (self, error))
    ok = FALSE;
  else if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      set_db_error (error, self->path, self->db, rc, OP_WRITE);
      ok = FALSE;
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return ok;
}

static gboolean
check_open (TwinStore *self,
            GError   **error)
{
  g_autofree char *name = NULL;

  if (self->db != NULL)
    return TRUE;
  name = dup_display_name (self->path);
  g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO, _ ("“%s” has been closed"), name);
  return FALSE;
}

static gboolean
check_writable (TwinStore *self,
                GError   **error)
{
  g_autofree char *name = NULL;

  if (!check_open (self, error))
    return FALSE;
  if (!self->read_only)
    return TRUE;
  name = dup_display_name (self->path);
  g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_READ_ONLY,
               _ ("“%s” is open read-only; changes cannot be saved to it"), name);
  return FALSE;
}

static gboolean
begin_write (TwinStore *self,
             GError   **error)
{
  return check_writable (self, error) && exec_sql (self, "BEGIN IMMEDIATE", OP_WRITE, error);
}

static void
rollback_write (TwinStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Commits, or rolls back and fails: the file then holds none of the transaction. */
static gboolean
commit_write (TwinStore *self,
              GError   **error)
{
  if (count_write (self, error) && exec_sql (self, "COMMIT", OP_WRITE, error))
    return TRUE;
  rollback_write (self);
  return FALSE;
}

/* Writes one entity's row: its place, name, type, transform, diagram position and mesh. */
static gboolean
write_entity_row (TwinStore  *self,
                  TwinEntity *entity,
                  const char *parent_id,
                  guint       position,
                  GError    **error)
{
  sqlite3_stmt        *stmt = get_stmt (self, STMT_UPSERT_ENTITY, error);
  const TwinTransform *t = twin_entity_get_transform (entity);
  double               diagram_x;
  double               diagram_y;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, twin_entity_get_id (entity), -1, SQLITE_STATIC);
  if (parent_id != NULL)
    sqlite3_bind_text (stmt, 2, parent_id, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_int64 (stmt, 3, position);
  sqlite3_bind_text (stmt, 4, twin_entity_get_name (entity), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, twin_entity_get_type_name (entity), -1, SQLITE_STATIC);
  for (guint i = 0; i < 3; i++)
    {
      sqlite3_bind_double (stmt, 6 + i, t->position_m[i]);
      sqlite3_bind_double (stmt, 9 + i, t->rotation_deg[i]);
      sqlite3_bind_double (stmt, 12 + i, t->scale[i]);
    }
  /* No position (or a non-finite one, which the model never holds): NULL. */
  if (twin_entity_get_diagram_position (entity, &diagram_x, &diagram_y) &&
      isfinite (diagram_x) && isfinite (diagram_y))
    {
      sqlite3_bind_double (stmt, 15, diagram_x);
      sqlite3_bind_double (stmt, 16, diagram_y);
    }
  else
    {
      sqlite3_bind_null (stmt, 15);
      sqlite3_bind_null (stmt, 16);
    }
  if (twin_entity_get_mesh_id (entity) != NULL)
    sqlite3_bind_text (stmt, 17, twin_entity_get_mesh_id (entity), -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 17);
  return step_write (self, stmt, error);
}

/* Replaces the stored parameters of @entity with its current ones. */
static gboolean
write_parameters (TwinStore  *self,
                  TwinEntity *entity,
                  GError    **error)
{
  const char   *id = twin_entity_get_id (entity);
  GListModel   *parameters = twin_entity_get_parameters (entity);
  guint         n = g_list_model_get_n_items (parameters);
  sqlite3_stmt *stmt;

  if ((stmt = get_stmt (self, STMT_DELETE_PARAMETERS, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (!step_write (self, stmt, error))
    return FALSE;

  if (n > 0 && (stmt = get_stmt (self, STMT_INSERT_PARAMETER, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TwinParameter) parameter = g_list_model_get_item (parameters, i);
      TwinValueKind kind = twin_parameter_get_kind (parameter);
      double        minimum = twin_parameter_get_minimum (parameter);
      double        maximum = twin_parameter_get_maximum (parameter);

      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, twin_parameter_get_name (parameter), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, i);
      sqlite3_bind_text (stmt, 4, kind_names[kind], -1, SQLITE_STATIC);
      switch (kind)
        {
        case TWIN_VALUE_NUMBER:
          sqlite3_bind_double (stmt, 5, twin_parameter_get_number (parameter));
          break;
        case TWIN_VALUE_INTEGER:
          sqlite3_bind_int64 (stmt, 5, twin_parameter_get_integer (parameter));
          break;
        case TWIN_VALUE_BOOLEAN:
          sqlite3_bind_int (stmt, 5, twin_parameter_get_boolean (parameter) ? 1 : 0);
          break;
        case TWIN_VALUE_STRING:
        default:
          sqlite3_bind_text (stmt, 5, twin_parameter_get_string (parameter), -1, SQLITE_STATIC);
          break;
        }
      sqlite3_bind_text (stmt, 6, twin_parameter_get_unit (parameter), -1, SQLITE_STATIC);
      /* A bound of ±infinity is "no bound": NULL. */
      if (isfinite (minimum))
        sqlite3_bind_double (stmt, 7, minimum);
      else
        sqlite3_bind_null (stmt, 7);
      if (isfinite (maximum))
        sqlite3_bind_double (stmt, 8, maximum);
      else
        sqlite3_bind_null (stmt, 8);
      if (twin_parameter_get_description (parameter) != NULL)
        sqlite3_bind_text (stmt, 9, twin_parameter_get_description (parameter), -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (stmt, 9);
      if (!step_write (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Replaces the stored boundary ports of @entity with its current ones. */
static gboolean
write_boundary_ports (TwinStore  *self,
                      TwinEntity *entity,
                      GError    **error)
{
  const char   *id = twin_entity_get_id (entity);
  guint         n_ports = twin_entity_get_n_ports (entity);
  guint         position = 0;
  sqlite3_stmt *stmt;

  if ((stmt = get_stmt (self, STMT_DELETE_BOUNDARY_PORTS, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (!step_write (self, stmt, error))
    return FALSE;

  if (twin_entity_get_n_boundary_ports (entity) == 0)
    return TRUE;
  if ((stmt = get_stmt (self, STMT_INSERT_BOUNDARY_PORT, error)) == NULL)
    return FALSE;
  /* The type's ports come first; only boundary ports have an inner entity. */
  for (guint i = 0; i < n_ports; i++)
    {
      TwinPortInfo info;

      if (!twin_entity_get_port (entity, i, &info) || info.inner == NULL)
        continue;
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, info.name, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, position++);
      sqlite3_bind_text (stmt, 4, twin_entity_get_id (info.inner), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, info.inner_port, -1, SQLITE_STATIC);
      if (!step_write (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* One stored connection row, while @parent's list is compared with it. */
typedef struct
{
  gint64 position;
  char  *from_id;
  char  *from_port;
  char  *to_id;
  char  *to_port;
} StoredConnection;

static void
stored_connection_free (StoredConnection *row)
{
  g_free (row->from_id);
  g_free (row->from_port);
  g_free (row->to_id);
  g_free (row->to_port);
  g_free (row);
}

static gboolean
stored_connection_equals (const StoredConnection *row,
                          TwinConnection         *connection)
{
  return g_strcmp0 (row->from_id, twin_entity_get_id (twin_connection_get_from (connection))) == 0 &&
         g_strcmp0 (row->from_port, twin_connection_get_from_port (connection)) == 0 &&
         g_strcmp0 (row->to_id, twin_entity_get_id (twin_connection_get_to (connection))) == 0 &&
         g_strcmp0 (row->to_port, twin_connection_get_to_port (connection)) == 0;
}

/* Reads the connection rows of @parent_id: id → StoredConnection. */
static GHashTable *
read_stored_connections (TwinStore  *self,
                         const char *parent_id,
                         GError    **error)
{
  g_autoptr (GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) stored_connection_free);
  sqlite3_stmt *stmt = get_stmt (self, STMT_SELECT_CONNECTIONS, error);
  int           rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, parent_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      StoredConnection *row = g_new0 (StoredConnection, 1);

      row->position = sqlite3_column_int64 (stmt, 1);
      row->from_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      row->from_port = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      row->to_id = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      row->to_port = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      g_hash_table_replace (rows, g_strdup ((const char *) sqlite3_column_text (stmt, 0)), row);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, self->path, self->db, rc, OP_WRITE);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* Brings the stored connections of @parent in line with its list. Rather
 * than rewriting every row, it keeps each row that is unchanged and whose
 * position still increases along the list (positions may have gaps), writes
 * the others, and deletes the rows no longer in the list: drawing or
 * removing one wire in a diagram of thousands writes one row. A connection
 * that moved here from another parent (grouping) is re-parented by the
 * upsert, whichever of the two lists is written first. */
static gboolean
write_connections (TwinStore  *self,
                   TwinEntity *parent,
                   GError    **error)
{
  const char *parent_id = twin_entity_get_id (parent);
  GListModel *connections = twin_entity_get_connections (parent);
  guint       n = g_list_model_get_n_items (connections);
  g_autoptr (GHashTable) stored = NULL;
  GHashTableIter iter;
  gpointer       key;
  gboolean       have_last = FALSE;
  gint64         last = 0;
  sqlite3_stmt  *stmt;

  if ((stored = read_stored_connections (self, parent_id, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TwinConnection) connection = g_list_model_get_item (connections, i);
      const char       *id = twin_connection_get_id (connection);
      StoredConnection *row = g_hash_table_lookup (stored, id);

      if (row != NULL && (!have_last || row->position > last) && stored_connection_equals (row, connection))
        {
          last = row->position;
          have_last = TRUE;
          g_hash_table_remove (stored, id);
          continue;
        }
      g_hash_table_remove (stored, id);
      last = have_last ? last + 1 : 0;
      have_last = TRUE;

      if ((stmt = get_stmt (self, STMT_UPSERT_CONNECTION, error)) == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, parent_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, last);
      sqlite3_bind_text (stmt, 4, twin_entity_get_id (twin_connection_get_from (connection)), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, twin_connection_get_from_port (connection), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, twin_entity_get_id (twin_connection_get_to (connection)), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, twin_connection_get_to_port (connection), -1, SQLITE_STATIC);
      if (!step_write (self, stmt, error))
        return FALSE;
    }

  /* What is left was removed from the list. */
  g_hash_table_iter_init (&iter, stored);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if ((stmt = get_stmt (self, STMT_DELETE_CONNECTION, error)) == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      if (!step_write (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static const char *
get_parent_id (TwinEntity *entity)
{
  TwinEntity *parent = twin_entity_get_parent (entity);

  return parent != NULL ? twin_entity_get_id (parent) : NULL;
}

/* Writes @top and everything below it. Iterative, so any depth fits. */
static gboolean
write_subtree (TwinStore  *self,
               TwinEntity *top,
               GError    **error)
{
  g_autoptr (GPtrArray) pending = g_ptr_array_new ();

  if (!write_entity_row (self, top, get_parent_id (top), MAX (twin_entity_get_index (top), 0), error))
    return FALSE;
  g_ptr_array_add (pending, top);

  while (pending->len > 0)
    {
      TwinEntity *entity = g_ptr_array_steal_index (pending, pending->len - 1);
      guint       n_children = twin_entity_get_n_children (entity);

      if (!write_parameters (self, entity, error) ||
          !write_boundary_ports (self, entity, error) ||
          !write_connections (self, entity, error))
        return FALSE;
      for (guint i = 0; i < n_children; i++)
        {
          TwinEntity *child = twin_entity_get_child (entity, i);

          if (!write_entity_row (self, child, twin_entity_get_id (entity), i, error))
            return FALSE;
          g_ptr_array_add (pending, child);
        }
    }
  return TRUE;
}

/* Rewrites the parent and position of every child of @entity. */
static gboolean
write_children_places (TwinStore  *self,
                       TwinEntity *entity,
                       guint       from,
                       GError    **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_UPDATE_PLACE, error);
  guint         n = twin_entity_get_n_children (entity);

  if (stmt == NULL)
    return FALSE;
  /* Children before @from kept their places: appending stays O(1), not O(siblings). */
  for (guint i = from; i < n; i++)
    {
      sqlite3_bind_text (stmt, 1, twin_entity_get_id (twin_entity_get_child (entity, i)), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, twin_entity_get_id (entity), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, i);
      if (!step_write (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
delete_entity (TwinStore  *self,
               TwinEntity *entity,
               GError    **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_DELETE_ENTITY, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, twin_entity_get_id (entity), -1, SQLITE_STATIC);
  return step_write (self, stmt, error);
}

/* Finds the migration that brings a file to @version. */
static GBytes *
lookup_migration (guint    version,
                  GError **error)
{
  g_auto (GStrv) names = g_resources_enumerate_children (MIGRATIONS_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autofree char *prefix = g_strdup_printf ("%03u-", version);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (g_str_has_prefix (names[i], prefix) && g_str_has_suffix (names[i], ".sql"))
      {
        g_autofree char *path = g_build_path ("/", MIGRATIONS_PATH, names[i], NULL);

        return g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      }

  g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO,
               "Twin Studio is missing the migration to file format %u", version);
  return NULL;
}

/* Brings the file from @from_version to TWIN_STORE_SCHEMA_VERSION in one
 * transaction, marks it as a Twin Studio project and records who made it. */
static gboolean
migrate (TwinStore *self,
         guint      from_version,
         GError   **error)
{
  g_autofree char *marks = NULL;
  g_autofree char *metadata = NULL;

  if (!begin_write (self, error))
    return FALSE;

  for (guint version = from_version + 1; version <= TWIN_STORE_SCHEMA_VERSION; version++)
    {
      g_autoptr (GBytes) sql = lookup_migration (version, error);
      g_autofree char *text = NULL;

      if (sql == NULL)
        {
          rollback_write (self);
          return FALSE;
        }
      text = g_strndup (g_bytes_get_data (sql, NULL), g_bytes_get_size (sql));
      if (!exec_sql (self, text, OP_WRITE, error))
        {
          rollback_write (self);
          return FALSE;
        }
    }

  marks = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                           TWIN_STORE_APPLICATION_ID, TWIN_STORE_SCHEMA_VERSION);
  metadata = g_strdup_printf ("INSERT OR IGNORE INTO metadata (key, value) VALUES"
                              " ('created-by', 'Twin Studio " PACKAGE_VERSION "'),"
                              " ('created-at-us', %" G_GINT64_FORMAT ");",
                              g_get_real_time ());
  if (!exec_sql (self, marks, OP_WRITE, error) || !exec_sql (self, metadata, OP_WRITE, error))
    {
      rollback_write (self);
      return FALSE;
    }
  if (!commit_write (self, error))
    return FALSE;
  self->schema_version = TWIN_STORE_SCHEMA_VERSION;
  return TRUE;
}

/* Opens the connection a writer keeps, with the settings every writer uses. */
static gboolean
open_for_writing (TwinStore *self,
                  GError   **error)
{
  g_autofree char *name = NULL;
  int              rc;

  rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (error, self->path, self->db, rc, OP_OPEN);
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* SQLite quietly opens a write-protected file read-only. */
  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      name = dup_display_name (self->path);
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_READ_ONLY,
                   _ ("You may not write to “%s”; open it read-only to look at it"), name);
      return FALSE;
    }
  return exec_sql (self, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", OP_OPEN, error);
}

/* Puts the file in WAL mode (kept in the file; a no-op when it already is). */
static gboolean
switch_to_wal (TwinStore *self,
               GError   **error)
{
  g_autofree char *name = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_db_error (error, self->path, self->db, rc, OP_OPEN);
      return FALSE;
    }
  if (g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") != 0)
    {
      name = dup_display_name (self->path);
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO,
                   _ ("Could not open “%s”: its folder does not allow a write-ahead log"), name);
      return FALSE;
    }
  return TRUE;
}

/* A reader of a file in WAL mode leaves an empty -wal and an -shm behind it.
 * When no writer holds the project, open and close a write connection so
 * SQLite removes them. The log is empty, so nothing is checkpointed. */
static void
tidy_after_reader (const char *path)
{
  g_autofree char *wal_path = g_strconcat (path, "-wal", NULL);
  g_autoptr (sqlite3) db = NULL;
  struct stat st;
  int         fd;

  if (g_stat (wal_path, &st) != 0 || st.st_size != 0)
    return;
  fd = lock_file (path, OP_OPEN, NULL);
  if (fd < 0)
    return;
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
      sqlite3_db_readonly (db, "main") == 0)
    sqlite3_exec (db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
  g_clear_pointer (&db, close_sqlite);
  close (fd); /* only after the connection is closed: see the file comment */
}

/* A store for a file this process just made and nobody else knows of:
 * no checks, no lock, no write-ahead log until it is finished. */
static TwinStore *
store_new_scratch (const char *path,
                   GError    **error)
{
  g_autoptr (TwinStore) self = g_object_new (TWIN_TYPE_STORE, NULL);
  int rc;

  self->path = g_strdup (path);
  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (error, path, self->db, rc, OP_WRITE);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, TRUE);
  if (!exec_sql (self, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", OP_WRITE, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* Makes an empty temporary file beside @path. */
static char *
make_temp_beside (const char *path,
                  StoreOp     op,
                  GError    **error)
{
  g_autofree char *template = g_strconcat (path, ".XXXXXX.tmp", NULL);
  int fd = g_mkstemp_full (template, O_RDWR | O_CLOEXEC, 0666);

  if (fd < 0)
    {
      set_errno_error (error, path, errno, op);
      return NULL;
    }
  close (fd);
  return g_steal_pointer (&template);
}

static void
twin_store_finalize (GObject *object)
{
  TwinStore *self = (TwinStore *) object;

  twin_store_close (self);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (twin_store_parent_class)->finalize (object);
}

static void
twin_store_class_init (TwinStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = twin_store_finalize;
}

static void
twin_store_init (TwinStore *self)
{
  self->lock_fd = -1;
}

/**
 * twin_store_open:
 * @path: the .dtwin file
 * @flags: %TWIN_STORE_FLAGS_READ_ONLY to look without writing
 * @error: return location for a %TWIN_STORE_ERROR
 *
 * Opens an existing project file. The file is first judged without being
 * changed: %TWIN_STORE_ERROR_NOT_FOUND, %TWIN_STORE_ERROR_NOT_SQLITE,
 * %TWIN_STORE_ERROR_FOREIGN, %TWIN_STORE_ERROR_TOO_NEW and
 * %TWIN_STORE_ERROR_CORRUPT leave it exactly as it was.
 *
 * For writing, the store takes the project's write lock
 * (%TWIN_STORE_ERROR_LOCKED when another store, in any process, holds it)
 * and brings a file of an older schema up to date in one transaction. A
 * read-only store takes no lock, works beside a writer, and refuses a file
 * that needs upgrading with %TWIN_STORE_ERROR_READ_ONLY.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
TwinStore *
twin_store_open (const char    *path,
                 TwinStoreFlags flags,
                 GError       **error)
{
  g_autoptr (TwinStore) self = NULL;
  g_autofree char *name = NULL;
  guint            version = 0;
  int              rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (TWIN_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->read_only = (flags & TWIN_STORE_FLAGS_READ_ONLY) != 0;

  if (!check_header (path, error))
    return NULL;
  if (!self->read_only && (self->lock_fd = lock_file (path, OP_OPEN, error)) < 0)
    return NULL;
  if (!inspect_database (path, &version, error))
    return NULL;
  self->schema_version = version;

  if (self->read_only)
    {
      if (version < TWIN_STORE_SCHEMA_VERSION)
        {
          name = dup_display_name (path);
          g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_READ_ONLY,
                       _ ("“%s” was saved by an older Twin Studio and must be upgraded; "
                          "open it for writing once to upgrade it"),
                       name);
          return NULL;
        }
      rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READONLY, NULL);
      if (rc != SQLITE_OK)
        {
          set_db_error (error, path, self->db, rc, OP_OPEN);
          return NULL;
        }
      sqlite3_extended_result_codes (self->db, TRUE);
      sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
      return g_steal_pointer (&self);
    }

  /* Migrate before switching to WAL: a failed migration of a file in
   * rollback-journal mode then leaves it byte for byte as it was. */
  if (!open_for_writing (self, error))
    return NULL;
  if (version < TWIN_STORE_SCHEMA_VERSION && !migrate (self, version, error))
    return NULL;
  if (!switch_to_wal (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * twin_store_create:
 * @path: where the new project goes; nothing may exist there yet
 * @root: the top entity of the twin to write, with its whole tree
 * @error: return location for a %TWIN_STORE_ERROR (%TWIN_STORE_ERROR_EXISTS
 *   when @path exists)
 *
 * Writes a new project file atomically: it is built in a temporary file
 * beside @path and renamed into place only when complete, so @path either
 * does not exist or holds the whole twin. Then opens it for writing.
 *
 * Returns: (transfer full): the store of the new file, or %NULL with @error set
 */
TwinStore *
twin_store_create (const char *path,
                   TwinEntity *root,
                   GError    **error)
{
  g_autoptr (TwinStore) builder = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *name = NULL;
  gboolean         ok;
  int              rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (TWIN_IS_ENTITY (root), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = dup_display_name (path);
  if (g_file_test (path, G_FILE_TEST_EXISTS) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_EXISTS,
                   _ ("“%s” already exists; choose another name"), name);
      return NULL;
    }

  if ((tmp_path = make_temp_beside (path, OP_WRITE, error)) == NULL)
    return NULL;

  ok = (builder = store_new_scratch (tmp_path, error)) != NULL &&
       migrate (builder, 0, error) &&
       begin_write (builder, error);
  if (ok && !write_subtree (builder, root, error))
    {
      rollback_write (builder);
      ok = FALSE;
    }
  ok = ok && commit_write (builder, error) && switch_to_wal (builder, error);
  if (builder != NULL)
    twin_store_close (builder);
  ok = ok && fsync_path (tmp_path, FALSE, error);

  if (ok)
    {
      /* Stale companions of an earlier file of that name would be replayed into this one. */
      remove_side_files (path);
      rc = renameat2 (AT_FDCWD, tmp_path, AT_FDCWD, path, RENAME_NOREPLACE);
      if (rc != 0 && (errno == EINVAL || errno == ENOSYS))
        rc = g_file_test (path, G_FILE_TEST_EXISTS) ? (errno = EEXIST, -1) : g_rename (tmp_path, path);
      if (rc != 0)
        {
          if (errno == EEXIST)
            g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_EXISTS,
                         _ ("“%s” already exists; choose another name"), name);
          else
            set_errno_error (error, path, errno, OP_WRITE);
          ok = FALSE;
        }
    }
  if (!ok)
    {
      remove_database_files (tmp_path);
      return NULL;
    }
  if (!fsync_path (path, TRUE, error))
    return NULL;

  return twin_store_open (path, TWIN_STORE_FLAGS_NONE, error);
}

const char *
twin_store_get_path (TwinStore *self)
{
  g_return_val_if_fail (TWIN_IS_STORE (self), NULL);

  return self->path;
}

gboolean
twin_store_is_read_only (TwinStore *self)
{
  g_return_val_if_fail (TWIN_IS_STORE (self), TRUE);

  return self->read_only;
}

/**
 * twin_store_get_schema_version:
 *
 * Returns: the schema version of the open file (`PRAGMA user_version`);
 *   %TWIN_STORE_SCHEMA_VERSION for every store open for writing
 */
guint
twin_store_get_schema_version (TwinStore *self)
{
  g_return_val_if_fail (TWIN_IS_STORE (self), 0);

  return self->schema_version;
}

/**
 * twin_store_dup_metadata:
 * @key: `created-by` or `created-at-us`
 *
 * Reads one fact about the file from its metadata table.
 *
 * Returns: (transfer full) (nullable): the value as text (numbers with a
 *   dot), or %NULL when the file has none
 */
char *
twin_store_dup_metadata (TwinStore  *self,
                         const char *key)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (TWIN_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (self->db == NULL ||
      sqlite3_prepare_v2 (self->db, "SELECT value FROM metadata WHERE key = ?1", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return NULL;
  if (sqlite3_column_type (stmt, 0) == SQLITE_FLOAT)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, sqlite3_column_double (stmt, 0)));
    }
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* One boundary port row while a tree is being loaded. */
typedef struct
{
  char *name;
  char *inner_id;
  char *inner_port;
} PortRow;

static void
port_row_free (PortRow *row)
{
  g_free (row->name);
  g_free (row->inner_id);
  g_free (row->inner_port);
  g_free (row);
}

/* One entity row while a tree is being loaded. */
typedef struct
{
  TwinEntity *entity;    /* owned */
  char       *parent_id; /* NULL for the root */
  GPtrArray  *children;  /* LoadRow, borrowed, in position order */
  GPtrArray  *ports;     /* PortRow, owned, in position order; NULL when none */
} LoadRow;

static void
load_row_free (LoadRow *row)
{
  g_clear_object (&row->entity);
  g_free (row->parent_id);
  g_clear_pointer (&row->children, g_ptr_array_unref);
  g_clear_pointer (&row->ports, g_ptr_array_unref);
  g_free (row);
}

/* Returns the column as UTF-8 text, or NULL when it is not valid text. */
static const char *
column_utf8 (sqlite3_stmt *stmt,
             int           column)
{
  const char *text;

  if (sqlite3_column_type (stmt, column) != SQLITE_TEXT)
    return NULL;
  text = (const char *) sqlite3_column_text (stmt, column);
  if (text == NULL || !g_utf8_validate (text, sqlite3_column_bytes (stmt, column), NULL) ||
      (int) strlen (text) != sqlite3_column_bytes (stmt, column))
    return NULL;
  return text;
}

static gboolean
column_is_number (sqlite3_stmt *stmt,
                  int           column)
{
  int type = sqlite3_column_type (stmt, column);

  return type == SQLITE_FLOAT || type == SQLITE_INTEGER;
}

static void
set_damaged_error (GError    **error,
                   const char *path,
                   const char *detail)
{
  g_autofree char *name = dup_display_name (path);

  g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_CORRUPT,
               _ ("“%s” is damaged and cannot be used (%s)"), name, detail);
}

/* Prepares a query of the loaders; a failure means the file's schema is damaged. */
static sqlite3_stmt *
prepare_load (TwinStore  *self,
              const char *sql,
              GError    **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_damaged_error (error, self->path, sqlite3_errmsg (self->db));
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

/* Reads every entity row into @rows (by id) and @order (query order). */
static gboolean
load_entities (TwinStore  *self,
               GHashTable *rows,
               GPtrArray  *order,
               GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare_load (self,
                       "SELECT id, parent_id, name, type, x_m, y_m, z_m,"
                       " rot_x_deg, rot_y_deg, rot_z_deg, scale_x, scale_y, scale_z,"
                       " diagram_x, diagram_y, mesh_id"
                       " FROM entity ORDER BY parent_id IS NOT NULL, parent_id, position, id",
                       error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char      *id = column_utf8 (stmt, 0);
      const char      *parent_id = column_utf8 (stmt, 1);
      const char      *name = column_utf8 (stmt, 2);
      const char      *type = column_utf8 (stmt, 3);
      const char      *mesh_id = column_utf8 (stmt, 15);
      g_autofree char *detail = NULL;
      TwinTransform    transform;
      gboolean         has_position;
      double           diagram_x = 0.0;
      double           diagram_y = 0.0;
      LoadRow         *row;

      if (id == NULL || !twin_entity_is_valid_id (id))
        {
          set_damaged_error (error, self->path, _ ("an entity has no valid id"));
          return FALSE;
        }
      if (parent_id == NULL && sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        detail = g_strdup_printf (_ ("entity %s has a parent id that is not text"), id);
      else if (name == NULL || !twin_entity_is_valid_name (name, NULL))
        detail = g_strdup_printf (_ ("entity %s has no valid name"), id);
      else if (type == NULL || !twin_entity_type_is_valid_name (type))
        detail = g_strdup_printf (_ ("entity “%s” has no valid type"), name);
      else
        {
          for (guint i = 0; i < 9 && detail == NULL; i++)
            if (!column_is_number (stmt, 4 + i))
              detail = g_strdup_printf (_ ("entity “%s” has a transform that is not a number"), name);
        }
      if (detail == NULL)
        {
          for (guint i = 0; i < 3; i++)
            {
              transform.position_m[i] = sqlite3_column_double (stmt, 4 + i);
              transform.rotation_deg[i] = sqlite3_column_double (stmt, 7 + i);
              transform.scale[i] = sqlite3_column_double (stmt, 10 + i);
            }
          if (!twin_transform_is_valid (&transform))
            detail = g_strdup_printf (_ ("entity “%s” has an invalid transform"), name);
        }
      /* A diagram position is two finite numbers, or two NULLs for none. */
      has_position = sqlite3_column_type (stmt, 13) != SQLITE_NULL || sqlite3_column_type (stmt, 14) != SQLITE_NULL;
      if (detail == NULL && has_position)
        {
          diagram_x = sqlite3_column_double (stmt, 13);
          diagram_y = sqlite3_column_double (stmt, 14);
          if (!column_is_number (stmt, 13) || !column_is_number (stmt, 14) ||
              !isfinite (diagram_x) || !isfinite (diagram_y))
            detail = g_strdup_printf (_ ("entity “%s” has a diagram position that is not two numbers"), name);
        }
      if (detail == NULL && sqlite3_column_type (stmt, 15) != SQLITE_NULL && (mesh_id == NULL || *mesh_id == '\0'))
        detail = g_strdup_printf (_ ("entity “%s” has a mesh id that is not text"), name);
      if (detail != NULL)
        {
          set_damaged_error (error, self->path, detail);
          return FALSE;
        }

      row = g_new0 (LoadRow, 1);
      row->entity = twin_entity_new (id, type, name);
      row->parent_id = g_strdup (parent_id);
      row->children = g_ptr_array_new ();
      twin_entity_set_initial_transform (row->entity, &transform);
      if (has_position)
        twin_entity_set_initial_diagram_position (row->entity, diagram_x, diagram_y);
      twin_entity_set_initial_mesh_id (row->entity, mesh_id);
      g_hash_table_insert (rows, (gpointer) twin_entity_get_id (row->entity), row);
      g_ptr_array_add (order, row);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, self->path, self->db, rc, OP_READ);
      return FALSE;
    }
  return TRUE;
}

/* Builds one parameter from the current row, or says what is wrong with it. */
static TwinParameter *
parameter_from_row (sqlite3_stmt *stmt,
                    const char   *entity_name,
                    char        **detail)
{
  const char *name = column_utf8 (stmt, 1);
  const char *kind = column_utf8 (stmt, 2);
  const char *unit = column_utf8 (stmt, 4);
  const char *description = column_utf8 (stmt, 7);
  int         value_type = sqlite3_column_type (stmt, 3);
  double      minimum = -INFINITY;
  double      maximum = INFINITY;
  g_autoptr (TwinParameter) parameter = NULL;
  g_autoptr (GError) local_error = NULL;
  gboolean value_ok;

  if (name == NULL || !twin_parameter_is_valid_name (name))
    {
      *detail = g_strdup_printf (_ ("a parameter of “%s” has no valid name"), entity_name);
      return NULL;
    }
  if ((unit == NULL && sqlite3_column_type (stmt, 4) != SQLITE_NULL) ||
      (description == NULL && sqlite3_column_type (stmt, 7) != SQLITE_NULL) ||
      (sqlite3_column_type (stmt, 5) != SQLITE_NULL && !column_is_number (stmt, 5)) ||
      (sqlite3_column_type (stmt, 6) != SQLITE_NULL && !column_is_number (stmt, 6)))
    {
      *detail = g_strdup_printf (_ ("parameter “%s” of “%s” has a unit, range or description of the wrong type"),
                                 name, entity_name);
      return NULL;
    }
  if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
    minimum = sqlite3_column_double (stmt, 5);
  if (sqlite3_column_type (stmt, 6) != SQLITE_NULL)
    maximum = sqlite3_column_double (stmt, 6);

  if (g_strcmp0 (kind, kind_names[TWIN_VALUE_NUMBER]) == 0)
    {
      value_ok = value_type == SQLITE_FLOAT || value_type == SQLITE_INTEGER;
      if (value_ok)
        parameter = twin_parameter_new_number (name, sqlite3_column_double (stmt, 3), unit, minimum, maximum);
    }
  else if (g_strcmp0 (kind, kind_names[TWIN_VALUE_INTEGER]) == 0)
    {
      value_ok = value_type == SQLITE_INTEGER;
      if (value_ok)
        parameter = twin_parameter_new_integer (name, sqlite3_column_int64 (stmt, 3), unit, minimum, maximum);
    }
  else if (g_strcmp0 (kind, kind_names[TWIN_VALUE_BOOLEAN]) == 0)
    {
      value_ok = value_type == SQLITE_INTEGER &&
                 (sqlite3_column_int64 (stmt, 3) == 0 || sqlite3_column_int64 (stmt, 3) == 1);
      if (value_ok)
        parameter = twin_parameter_new_boolean (name, sqlite3_column_int64 (stmt, 3) == 1);
    }
  else if (g_strcmp0 (kind, kind_names[TWIN_VALUE_STRING]) == 0)
    {
      const char *text = column_utf8 (stmt, 3);

      value_ok = text != NULL;
      if (value_ok)
        parameter = twin_parameter_new_string (name, text);
    }
  else
    {
      *detail = g_strdup_printf (_ ("parameter “%s” of “%s” has an unknown kind “%s”"),
                                 name, entity_name, kind != NULL ? kind : "NULL");
      return NULL;
    }

  if (!value_ok)
    {
      *detail = g_strdup_printf (_ ("parameter “%s” of “%s” has a value that does not fit its kind “%s”"),
                                 name, entity_name, kind);
      return NULL;
    }
  if (!twin_parameter_check_value (parameter, twin_parameter_get_value (parameter), &local_error))
    {
      *detail = g_strdup_printf (_ ("parameter “%s” of “%s” has a bad value: %s"),
                                 name, entity_name, local_error->message);
      return NULL;
    }
  twin_parameter_set_description (parameter, description);
  return g_steal_pointer (&parameter);
}

static gboolean
load_parameters (TwinStore  *self,
                 GHashTable *rows,
                 GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare_load (self,
                       "SELECT entity_id, name, kind, value, unit, minimum, maximum, description"
                       " FROM parameter ORDER BY entity_id, position, name",
                       error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *entity_id = column_utf8 (stmt, 0);
      LoadRow    *row = entity_id != NULL ? g_hash_table_lookup (rows, entity_id) : NULL;
      g_autoptr (TwinParameter) parameter = NULL;
      g_autofree char *detail = NULL;

      if (row == NULL)
        {
          set_damaged_error (error, self->path, _ ("a parameter belongs to no entity"));
          return FALSE;
        }
      parameter = parameter_from_row (stmt, twin_entity_get_name (row->entity), &detail);
      if (parameter == NULL)
        {
          set_damaged_error (error, self->path, detail);
          return FALSE;
        }
      twin_entity_add_parameter (row->entity, parameter);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, self->path, self->db, rc, OP_READ);
      return FALSE;
    }
  return TRUE;
}

/* Links the loaded rows into one tree under the single root. Adds every
 * row to @visited, each parent before its descendants. */
static TwinEntity *
link_tree (TwinStore  *self,
           GHashTable *rows,
           GPtrArray  *order,
           GPtrArray  *visited,
           GError    **error)
{
  g_autoptr (GPtrArray) pending = g_ptr_array_new ();
  LoadRow *root = NULL;
  guint    n_linked = 1;

  for (guint i = 0; i < order->len; i++)
    {
      LoadRow *row = g_ptr_array_index (order, i);
      LoadRow *parent;

      if (row->parent_id == NULL)
        {
          if (root != NULL)
            {
              set_damaged_error (error, self->path, _ ("it has more than one top entity"));
              return NULL;
            }
          root = row;
          continue;
        }
      parent = g_hash_table_lookup (rows, row->parent_id);
      if (parent == NULL)
        {
          g_autofree char *detail =
            g_strdup_printf (_ ("the parent of “%s” is missing"), twin_entity_get_name (row->entity));

          set_damaged_error (error, self->path, detail);
          return NULL;
        }
      g_ptr_array_add (parent->children, row);
    }
  if (root == NULL)
    {
      set_damaged_error (error, self->path, _ ("it has no top entity"));
      return NULL;
    }

  /* Iterative, so a file with a very deep tree cannot exhaust the stack. */
  g_ptr_array_add (pending, root);
  while (pending->len > 0)
    {
      LoadRow *row = g_ptr_array_steal_index (pending, pending->len - 1);

      g_ptr_array_add (visited, row);
      for (guint i = 0; i < row->children->len; i++)
        {
          LoadRow *child = g_ptr_array_index (row->children, i);

          if (twin_entity_find_child (row->entity, twin_entity_get_name (child->entity)) != NULL)
            {
              g_autofree char *detail =
                g_strdup_printf (_ ("two entities in “%s” are named “%s”"),
                                 twin_entity_get_name (row->entity), twin_entity_get_name (child->entity));

              set_damaged_error (error, self->path, detail);
              return NULL;
            }
          twin_entity_append_child (row->entity, child->entity);
          g_ptr_array_add (pending, child);
          n_linked++;
        }
    }
  /* Rows not reached from the root have parents that form a loop. */
  if (n_linked != order->len)
    {
      set_damaged_error (error, self->path, _ ("some entities are not under the top entity"));
      return NULL;
    }
  return g_object_ref (root->entity);
}

/* Reads every boundary port row into the LoadRow of its entity. */
static gboolean
read_boundary_ports (TwinStore  *self,
                     GHashTable *rows,
                     GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare_load (self,
                       "SELECT entity_id, name, inner_id, inner_port FROM boundary_port"
                       " ORDER BY entity_id, position, name",
                       error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *entity_id = column_utf8 (stmt, 0);
      const char *name = column_utf8 (stmt, 1);
      const char *inner_id = column_utf8 (stmt, 2);
      const char *inner_port = column_utf8 (stmt, 3);
      LoadRow    *row = entity_id != NULL ? g_hash_table_lookup (rows, entity_id) : NULL;
      PortRow    *port;

      if (row == NULL)
        {
          set_damaged_error (error, self->path, _ ("a boundary port belongs to no entity"));
          return FALSE;
        }
      if (!twin_entity_is_valid_port_name (name) || inner_id == NULL || !twin_entity_is_valid_port_name (inner_port))
        {
          g_autofree char *path = twin_entity_dup_path (row->entity);
          g_autofree char *detail =
            g_strdup_printf (_ ("a boundary port of “%s” has no valid name, inner entity or inner port"), path);

          set_damaged_error (error, self->path, detail);
          return FALSE;
        }
      port = g_new0 (PortRow, 1);
      port->name = g_strdup (name);
      port->inner_id = g_strdup (inner_id);
      port->inner_port = g_strdup (inner_port);
      if (row->ports == NULL)
        row->ports = g_ptr_array_new_with_free_func ((GDestroyNotify) port_row_free);
      g_ptr_array_add (row->ports, port);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, self->path, self->db, rc, OP_READ);
      return FALSE;
    }
  return TRUE;
}

/* Adds the boundary ports read into @visited's rows to their entities,
 * children before parents, so a port that exposes a child's boundary port
 * finds it. Each must expose an existing port of a direct child. */
static gboolean
build_boundary_ports (TwinStore  *self,
                      GHashTable *rows,
                      GPtrArray  *visited,
                      GError    **error)
{
  for (guint v = visited->len; v > 0; v--)
    {
      LoadRow *row = g_ptr_array_index (visited, v - 1);

      for (guint i = 0; row->ports != NULL && i < row->ports->len; i++)
        {
          PortRow         *port = g_ptr_array_index (row->ports, i);
          LoadRow         *inner = g_hash_table_lookup (rows, port->inner_id);
          g_autofree char *path = twin_entity_dup_path (row->entity);
          g_autofree char *detail = NULL;
          const char      *other;
          TwinPortInfo     info;

          if (twin_entity_find_port (row->entity, port->name, &info))
            detail = g_strdup_printf (_ ("“%s” has two ports named “%s”"), path, port->name);
          else if (inner == NULL)
            detail = g_strdup_printf (_ ("boundary port “%s” of “%s” exposes an entity that does not exist"),
                                      port->name, path);
          else if (twin_entity_get_parent (inner->entity) != row->entity)
            detail = g_strdup_printf (_ ("boundary port “%s” of “%s” exposes “%s”, which is not one of its children"),
                                      port->name, path, twin_entity_get_name (inner->entity));
          else if (!twin_entity_resolve_port (inner->entity, port->inner_port, &info))
            detail = g_strdup_printf (_ ("boundary port “%s” of “%s” exposes “%s”.%s, which is not a port of “%s”"),
                                      port->name, path, twin_entity_get_name (inner->entity), port->inner_port,
                                      twin_entity_get_name (inner->entity));
          else if ((other = twin_entity_find_exposing_port (row->entity, inner->entity, port->inner_port)) != NULL)
            detail = g_strdup_printf (_ ("boundary port “%s” of “%s” exposes “%s”.%s, which port “%s” exposes already"),
                                      port->name, path, twin_entity_get_name (inner->entity), port->inner_port, other);
          if (detail != NULL)
            {
              set_damaged_error (error, self->path, detail);
              return FALSE;
            }
          twin_entity_add_boundary_port (row->entity, port->name, inner->entity, port->inner_port);
        }
    }
  return TRUE;
}

/* Checks one end of a connection row in @parent: it names a child of
 * @parent and one of that child's ports. Returns the child, or NULL with
 * *detail set. */
static TwinEntity *
connection_end (GHashTable   *rows,
                TwinEntity   *parent,
                const char   *parent_path,
                guint         number,
                const char   *entity_id,
                const char   *port,
                TwinPortInfo *info,
                char        **detail)
{
  LoadRow *row = entity_id != NULL ? g_hash_table_lookup (rows, entity_id) : NULL;

  if (row == NULL)
    *detail = g_strdup_printf (_ ("connection %u in “%s” names an entity that does not exist"), number, parent_path);
  else if (twin_entity_get_parent (row->entity) != parent)
    *detail = g_strdup_printf (_ ("connection %u in “%s” joins “%s”, which is not one of its children"),
                               number, parent_path, twin_entity_get_name (row->entity));
  else if (port == NULL)
    *detail = g_strdup_printf (_ ("connection %u in “%s” names a port of “%s” that is not text"), number,
                               parent_path, twin_entity_get_name (row->entity));
  else if (!twin_entity_is_valid_port_name (port) || !twin_entity_resolve_port (row->entity, port, info))
    *detail = g_strdup_printf (_ ("connection %u in “%s”: “%s”.%s is not a port of “%s”"), number, parent_path,
                               twin_entity_get_name (row->entity), port, twin_entity_get_name (row->entity));
  else
    return row->entity;
  return NULL;
}

/* A key that is the same for both directions of a wire between two ports. */
static char *
wire_key (TwinEntity *a,
          const char *port_a,
          TwinEntity *b,
          const char *port_b)
{
  const char *id_a = twin_entity_get_id (a);
  const char *id_b = twin_entity_get_id (b);
  int         order = strcmp (id_a, id_b);

  if (order > 0 || (order == 0 && strcmp (port_a, port_b) > 0))
    return g_strjoin ("\x1f", id_b, port_b, id_a, port_a, NULL);
  return g_strjoin ("\x1f", id_a, port_a, id_b, port_b, NULL);
}

/* Reads every connection row and adds it to its parent, in order. Both ends
 * must be ports of two different children of the parent; a signal wire
 * stored from an input to an output is turned around. Rules a user can
 * break (domains, two sources) are the validator's, not the loader's. */
static gboolean
load_connections (TwinStore  *self,
                  GHashTable *rows,
                  GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) wires = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *parent_path = NULL;
  TwinEntity      *parent = NULL;
  guint            number = 0;
  int              rc;

  stmt = prepare_load (self,
                       "SELECT id, parent_id, from_id, from_port, to_id, to_port FROM connection"
                       " ORDER BY parent_id, position, id",
                       error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = column_utf8 (stmt, 0);
      const char *parent_id = column_utf8 (stmt, 1);
      const char *from_port = column_utf8 (stmt, 3);
      const char *to_port = column_utf8 (stmt, 5);
      LoadRow    *parent_row = parent_id != NULL ? g_hash_table_lookup (rows, parent_id) : NULL;
      g_autoptr (TwinConnection) connection = NULL;
      g_autofree char *detail = NULL;
      g_autofree char *lower_id = NULL;
      TwinPortInfo     from_info = { 0 };
      TwinPortInfo     to_info = { 0 };
      TwinEntity      *from = NULL;
      TwinEntity      *to = NULL;

      if (id == NULL || !twin_entity_is_valid_id (id))
        {
          set_damaged_error (error, self->path, _ ("a connection has no valid id"));
          return FALSE;
        }
      if (parent_row == NULL)
        {
          g_autofree char *message = g_strdup_printf (_ ("connection %s belongs to no entity"), id);

          set_damaged_error (error, self->path, message);
          return FALSE;
        }
      if (parent_row->entity != parent)
        {
          parent = parent_row->entity;
          g_free (parent_path);
          parent_path = twin_entity_dup_path (parent);
          number = 0;
        }
      number++;

      lower_id = g_ascii_strdown (id, -1);
      if (!g_hash_table_add (ids, g_strdup (lower_id)))
        detail = g_strdup_printf (_ ("connection %u in “%s” has the id of another connection"), number, parent_path);
      if (detail == NULL)
        from = connection_end (rows, parent, parent_path, number, column_utf8 (stmt, 2), from_port, &from_info, &detail);
      if (detail == NULL)
        to = connection_end (rows, parent, parent_path, number, column_utf8 (stmt, 4), to_port, &to_info, &detail);
      if (detail == NULL && from == to)
        detail = g_strdup_printf (_ ("connection %u in “%s” joins “%s” to itself"), number, parent_path,
                                  twin_entity_get_name (from));
      if (detail == NULL && !g_hash_table_add (wires, wire_key (from, from_port, to, to_port)))
        detail = g_strdup_printf (_ ("connection %u in “%s” joins “%s”.%s and “%s”.%s a second time"), number,
                                  parent_path, twin_entity_get_name (from), from_port, twin_entity_get_name (to),
                                  to_port);
      if (detail != NULL)
        {
          set_damaged_error (error, self->path, detail);
          return FALSE;
        }

      if (from_info.direction == TWIN_PORT_INPUT && to_info.direction == TWIN_PORT_OUTPUT)
        connection = twin_connection_new (lower_id, to, to_port, from, from_port);
      else
        connection = twin_connection_new (lower_id, from, from_port, to, to_port);
      twin_entity_add_connection (parent, connection);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, self->path, self->db, rc, OP_READ);
      return FALSE;
    }
  return TRUE;
}

/**
 * twin_store_load_root:
 * @error: return location for a %TWIN_STORE_ERROR (%TWIN_STORE_ERROR_CORRUPT
 *   for rows the model cannot hold, such as a parameter of an unknown kind)
 *
 * Reads the whole twin: every entity in order, with its transform,
 * parameters, diagram position, boundary ports and connections, as a
 * detached tree ready for twin_model_new(). A boundary port or connection
 * that names a missing entity or port, or joins entities that are not
 * children of its parent, is %TWIN_STORE_ERROR_CORRUPT.
 *
 * Returns: (transfer full): the top entity, or %NULL with @error set
 */
TwinEntity *
twin_store_load_root (TwinStore *self,
                      GError   **error)
{
  g_autoptr (GHashTable) rows = NULL;
  g_autoptr (GPtrArray) order = NULL;
  g_autoptr (GPtrArray) visited = NULL;
  g_autoptr (TwinEntity) root = NULL;

  g_return_val_if_fail (TWIN_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_open (self, error))
    return NULL;

  /* One read transaction, so the tree is one consistent state even while
   * another process writes. */
  if (!exec_sql (self, "BEGIN", OP_READ, error))
    return NULL;

  rows = g_hash_table_new (g_str_hash, g_str_equal);
  order = g_ptr_array_new_with_free_func ((GDestroyNotify) load_row_free);
  visited = g_ptr_array_new ();
  if (load_entities (self, rows, order, error) &&
      load_parameters (self, rows, error) &&
      (root = link_tree (self, rows, order, visited, error)) != NULL &&
      (!read_boundary_ports (self, rows, error) ||
       !build_boundary_ports (self, rows, visited, error) ||
       !load_connections (self, rows, error)))
    g_clear_object (&root);

  sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  return g_steal_pointer (&root);
}

/**
 * twin_store_write_change:
 * @model: the model @change happened in
 * @change: what one edit, undo or redo did
 * @error: return location for a %TWIN_STORE_ERROR
 *
 * Writes one step of @model in one transaction: the whole subtree of each
 * added entity (with its boundary ports and connections), the row (with its
 * diagram position) and parameters of each updated one, the boundary ports
 * of each entity whose ports changed, the connections of each entity whose
 * diagram changed, the order of each entity whose children changed, and the
 * deletion (with its subtree) of each entity no longer in @model. On
 * failure the transaction is rolled back and the file holds none of it.
 * This is the commit function of a #TwinProject.
 *
 * Returns: %TRUE when the step is in the file
 */
gboolean
twin_store_write_change (TwinStore        *self,
                         TwinModel        *model,
                         const TwinChange *change,
                         GError          **error)
{
  g_return_val_if_fail (TWIN_IS_STORE (self), FALSE);
  g_return_val_if_fail (TWIN_IS_MODEL (model), FALSE);
  g_return_val_if_fail (change != NULL && change->entries != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!begin_write (self, error))
    return FALSE;

  /* Entities still in the model first, then deletions: an entity moved out
   * of a subtree that this step deletes gets its new parent before the
   * cascade could take it along. */
  for (guint i = 0; i < change->entries->len; i++)
    {
      const TwinChangeEntry *entry = &g_array_index (change->entries, TwinChangeEntry, i);
      gboolean               ok = TRUE;

      if (!twin_model_contains (model, entry->entity))
        continue;
      /* An added subtree is written whole, with its ports and connections. */
      if (entry->flags & TWIN_CHANGE_ADDED)
        ok = write_subtree (self, entry->entity, error);
      else
        {
          if (entry->flags & TWIN_CHANGE_UPDATED)
            ok = write_entity_row (self, entry->entity, get_parent_id (entry->entity),
                                   MAX (twin_entity_get_index (entry->entity), 0), error) &&
                 write_parameters (self, entry->entity, error);
          if (ok && (entry->flags & TWIN_CHANGE_PORTS))
            ok = write_boundary_ports (self, entry->entity, error);
          if (ok && (entry->flags & TWIN_CHANGE_CONNECTIONS))
            ok = write_connections (self, entry->entity, error);
        }
      if (ok && (entry->flags & TWIN_CHANGE_CHILDREN))
        ok = write_children_places (self, entry->entity, entry->children_from, error);
      if (!ok)
        {
          rollback_write (self);
          return FALSE;
        }
    }
  for (guint i = 0; i < change->entries->len; i++)
    {
      const TwinChangeEntry *entry = &g_array_index (change->entries, TwinChangeEntry, i);

      if (!twin_model_contains (model, entry->entity) && !delete_entity (self, entry->entity, error))
        {
          rollback_write (self);
          return FALSE;
        }
    }

  return commit_write (self, error);
}

/**
 * twin_store_replace_root:
 * @root: the top entity of the twin that replaces the stored one
 * @error: return location for a %TWIN_STORE_ERROR
 *
 * Replaces the whole stored twin with @root and its tree, in one
 * transaction (`twinctl import-json`).
 *
 * Returns: %TRUE on success; on failure the file is unchanged
 */
gboolean
twin_store_replace_root (TwinStore  *self,
                         TwinEntity *root,
                         GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TWIN_IS_STORE (self), FALSE);
  g_return_val_if_fail (TWIN_IS_ENTITY (root), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!begin_write (self, error))
    return FALSE;
  if ((stmt = get_stmt (self, STMT_DELETE_ALL_ENTITIES, error)) == NULL ||
      !step_write (self, stmt, error) ||
      !write_subtree (self, root, error))
    {
      rollback_write (self);
      return FALSE;
    }
  return commit_write (self, error);
}

static gboolean
is_same_file (const char *a,
              const char *b)
{
  struct stat st_a;
  struct stat st_b;

  return g_stat (a, &st_a) == 0 && g_stat (b, &st_b) == 0 &&
         st_a.st_dev == st_b.st_dev && st_a.st_ino == st_b.st_ino;
}

/* Copies the open database into the empty file @tmp_path with SQLite's
 * backup API and leaves it closed, in WAL mode, with no -wal beside it. */
static gboolean
copy_database (TwinStore  *self,
               const char *tmp_path,
               const char *dest_path,
               GError    **error)
{
  g_autoptr (sqlite3) dest = NULL;
  sqlite3_backup *backup;
  int             rc;

  rc = sqlite3_open_v2 (tmp_path, &dest, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (error, dest_path, dest, rc, OP_COPY);
      return FALSE;
    }
  sqlite3_extended_result_codes (dest, TRUE);

  backup = sqlite3_backup_init (dest, "main", self->db, "main");
  if (backup == NULL)
    {
      set_db_error (error, dest_path, dest, sqlite3_errcode (dest), OP_COPY);
      return FALSE;
    }
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, dest_path, rc, NULL, OP_COPY);
      return FALSE;
    }

  rc = sqlite3_exec (dest, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (error, dest_path, dest, rc, OP_COPY);
      return FALSE;
    }
  rc = sqlite3_close (g_steal_pointer (&dest));
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, dest_path, rc, NULL, OP_COPY);
      return FALSE;
    }
  return TRUE;
}

/**
 * twin_store_backup_to:
 * @dest_path: where the copy goes; an existing file there is replaced
 * @error: return location for a %TWIN_STORE_ERROR (%TWIN_STORE_ERROR_LOCKED
 *   when another program has @dest_path open for writing)
 *
 * Writes a consistent copy of the project ("Save As") with SQLite's backup
 * API into a temporary file beside @dest_path, then renames it over
 * @dest_path, so @dest_path is either its old self or the whole copy. The
 * store stays on its own file. Copying a file onto itself does nothing.
 *
 * Returns: %TRUE when the copy is complete and on disk
 */
gboolean
twin_store_backup_to (TwinStore  *self,
                      const char *dest_path,
                      GError    **error)
{
  g_autofree char *tmp_path = NULL;
  gboolean         ok;
  int              dest_lock = -1;

  g_return_val_if_fail (TWIN_IS_STORE (self), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_open (self, error))
    return FALSE;
  if (is_same_file (self->path, dest_path))
    return TRUE;

  /* Hold the destination's write lock, so no Twin Studio writer is using
   * the file (or its -wal, removed below) while it is replaced. */
  if (g_file_test (dest_path, G_FILE_TEST_EXISTS) &&
      (dest_lock = lock_file (dest_path, OP_COPY, error)) < 0)
    return FALSE;

  ok = (tmp_path = make_temp_beside (dest_path, OP_COPY, error)) != NULL &&
       copy_database (self, tmp_path, dest_path, error) &&
       fsync_path (tmp_path, FALSE, error);
  if (ok)
    {
      remove_side_files (dest_path);
      if (g_rename (tmp_path, dest_path) != 0)
        {
          set_errno_error (error, dest_path, errno, OP_COPY);
          ok = FALSE;
        }
    }
  ok = ok && fsync_path (dest_path, TRUE, error);

  if (!ok && tmp_path != NULL)
    remove_database_files (tmp_path);
  if (dest_lock >= 0)
    close (dest_lock);
  return ok;
}

/**
 * twin_store_get_file_size:
 *
 * Returns: the size of the database file in bytes (without a write-ahead
 *   log that has not been folded in yet), or -1 when it cannot be read
 */
gint64
twin_store_get_file_size (TwinStore *self)
{
  struct stat st;

  g_return_val_if_fail (TWIN_IS_STORE (self), -1);

  if (g_stat (self->path, &st) != 0)
    return -1;
  return st.st_size;
}

/**
 * twin_store_close:
 *
 * Closes the file: a writer folds the write-ahead log into it and releases
 * the project's write lock. Further reads and writes fail. Calling it
 * again does nothing; the last unref closes too.
 */
void
twin_store_close (TwinStore *self)
{
  gboolean was_reader;

  g_return_if_fail (TWIN_IS_STORE (self));

  if (self->db == NULL && self->lock_fd < 0)
    return;
  was_reader = self->db != NULL && self->read_only;

  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], finalize_stmt);
  g_clear_pointer (&self->db, close_sqlite);
  /* Only now: closing it earlier would drop SQLite's own POSIX locks. */
  if (self->lock_fd >= 0)
    {
      close (self->lock_fd);
      self->lock_fd = -1;
    }
  if (was_reader)
    tidy_after_reader (self->path);
}

/**
 * twin_store_set_fail_after_writes:
 * @n_writes: 1 to fail the next write statement, N for the Nth; 0 never
 *
 * Test seam: makes one write statement (an INSERT, UPDATE, DELETE or the
 * COMMIT) fail like a disk I/O error, so tests can prove that a failed
 * write leaves the file and the model as they were. Fires once.
 */
void
twin_store_set_fail_after_writes (TwinStore *self,
                                  guint      n_writes)
{
  g_return_if_fail (TWIN_IS_STORE (self));

  self->fail_after_writes = n_writes;
}

/**
 * twin_store_set_metadata:
 * @key: a key, such as "view.color-by"
 * @value: (nullable): its text, or %NULL to remove it
 * @error: a #TWIN_STORE_ERROR
 *
 * Keeps a setting of the project that is not part of the model (saved
 * views, the colour-by-value choice) in the file's metadata table, in its
 * own transaction. Not undoable.
 *
 * Returns: %TRUE when written
 */
gboolean
twin_store_set_metadata (TwinStore  *self,
                         const char *key,
                         const char *value,
                         GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (TWIN_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!begin_write (self, error))
    return FALSE;
  rc = sqlite3_prepare_v2 (self->db,
                           value != NULL ? "INSERT OR REPLACE INTO metadata (key, value) VALUES (?1, ?2)"
                                         : "DELETE FROM metadata WHERE key = ?1",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      if (value != NULL)
        sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
      if (!count_write (self, error))
        {
          rollback_write (self);
          return FALSE;
        }
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_OK && rc != SQLITE_DONE)
    {
      set_db_error (error, self->path, self->db, rc, OP_WRITE);
      rollback_write (self);
      return FALSE;
    }
  return commit_write (self, error);
}

/* Runs @sql with @text bound to ?1 and steps it to its end. */
static gboolean
exec_bound_write (TwinStore  *self,
                  const char *sql,
                  const char *text,
                  GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      if (text != NULL)
        sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
      if (!count_write (self, error))
        return FALSE;
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, self->path, self->db, rc, OP_WRITE);
      return FALSE;
    }
  return TRUE;
}

/**
 * twin_store_put_mesh:
 * @info: the mesh's facts; @info->id and @info->checksum must be those of @mesh
 * @mesh: its geometry
 * @error: a #TWIN_STORE_ERROR
 *
 * Stores a mesh in one transaction: its row, and its geometry unless a mesh
 * of equal geometry is stored already. Storing a mesh that is there already
 * changes nothing.
 *
 * Returns: %TRUE when the mesh is in the file
 */
gboolean
twin_store_put_mesh (TwinStore          *self,
                     const TwinMeshInfo *info,
                     TwinMesh           *mesh,
                     GError            **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GBytes) bytes = NULL;
  gconstpointer data;
  gsize         size;
  int           rc;

  g_return_val_if_fail (TWIN_IS_STORE (self), FALSE);
  g_return_val_if_fail (info != NULL && info->id != NULL && info->checksum != NULL, FALSE);
  g_return_val_if_fail (mesh != NULL, FALSE);

  if (!begin_write (self, error))
    return FALSE;

  bytes = twin_mesh_to_bytes (mesh);
  data = g_bytes_get_data (bytes, &size);
  rc = sqlite3_prepare_v2 (self->db, "INSERT OR IGNORE INTO mesh_data (checksum, data) VALUES (?1, ?2)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, info->checksum, -1, SQLITE_STATIC);
      sqlite3_bind_blob64 (stmt, 2, data, size, SQLITE_STATIC);
      if (!count_write (self, error))
        goto fail;
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    goto db_fail;
  g_clear_pointer (&stmt, sqlite3_finalize);

  rc = sqlite3_prepare_v2 (self->db,
                           "INSERT OR IGNORE INTO mesh (id, name, source, unit, up_axis, n_vertices, n_triangles,"
                           " min_x, min_y, min_z, max_x, max_y, max_z, checksum)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, info->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, info->name != NULL ? info->name : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, info->source != NULL ? info->source : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, twin_mesh_unit_to_string (info->unit), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, twin_mesh_up_to_string (info->up), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 6, twin_mesh_get_n_vertices (mesh));
      sqlite3_bind_int64 (stmt, 7, twin_mesh_get_n_triangles (mesh));
      {
        float min[3];
        float max[3];

        twin_mesh_get_bounds (mesh, min, max);
        for (int k = 0; k < 3; k++)
          {
            sqlite3_bind_double (stmt, 8 + k, min[k]);
            sqlite3_bind_double (stmt, 11 + k, max[k]);
          }
      }
      sqlite3_bind_text (stmt, 14, info->checksum, -1, SQLITE_STATIC);
      if (!count_write (self, error))
        goto fail;
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    goto db_fail;
  return commit_write (self, error);

db_fail:
  set_db_error (error, self->path, self->db, rc, OP_WRITE);
fail:
  rollback_write (self);
  return FALSE;
}

/**
 * twin_store_list_meshes:
 * @error: a #TWIN_STORE_ERROR_CORRUPT for a damaged mesh table
 *
 * Returns: (transfer full) (element-type TwinMeshInfo) (nullable): every
 *   stored mesh, by name then id
 */
GPtrArray *
twin_store_list_meshes (TwinStore *self,
                        GError   **error)
{
  g_autoptr (GPtrArray) infos = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (TWIN_IS_STORE (self), NULL);

  if (!check_open (self, error))
    return NULL;
  stmt = prepare_load (self,
                       "SELECT id, name, source, unit, up_axis, n_vertices, n_triangles,"
                       " min_x, min_y, min_z, max_x, max_y, max_z, checksum"
                       " FROM mesh ORDER BY name, id",
                       error);
  if (stmt == NULL)
    return NULL;

  infos = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_mesh_info_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr (TwinMeshInfo) info = g_new0 (TwinMeshInfo, 1);
      const char *id = column_utf8 (stmt, 0);
      gboolean    ok = id != NULL && column_utf8 (stmt, 1) != NULL && column_utf8 (stmt, 13) != NULL &&
                    twin_mesh_unit_from_string (column_utf8 (stmt, 3), &info->unit) &&
                    twin_mesh_up_from_string (column_utf8 (stmt, 4), &info->up) &&
                    sqlite3_column_int64 (stmt, 5) > 0 && sqlite3_column_int64 (stmt, 5) <= G_MAXUINT32 &&
                    sqlite3_column_int64 (stmt, 6) > 0 && sqlite3_column_int64 (stmt, 6) <= G_MAXUINT32;

      for (int k = 0; ok && k < 6; k++)
        ok = column_is_number (stmt, 7 + k) && isfinite (sqlite3_column_double (stmt, 7 + k));
      if (!ok)
        {
          g_autofree char *detail = g_strdup_printf (_ ("mesh %s has a damaged row"), id != NULL ? id : "?");

          set_damaged_error (error, self->path, detail);
          return NULL;
        }
      info->id = g_strdup (id);
      info->name = g_strdup (column_utf8 (stmt, 1));
      info->source = g_strdup (column_utf8 (stmt, 2) != NULL ? column_utf8 (stmt, 2) : "");
      info->n_vertices = (guint) sqlite3_column_int64 (stmt, 5);
      info->n_triangles = (guint) sqlite3_column_int64 (stmt, 6);
      for (int k = 0; k < 3; k++)
        {
          info->min[k] = (float) sqlite3_column_double (stmt, 7 + k);
          info->max[k] = (float) sqlite3_column_double (stmt, 10 + k);
        }
      info->checksum = g_strdup (column_utf8 (stmt, 13));
      g_ptr_array_add (infos, g_steal_pointer (&info));
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, self->path, self->db, rc, OP_READ);
      return NULL;
    }
  return g_steal_pointer (&infos);
}

/**
 * twin_store_load_mesh:
 * @id: a mesh id, as twin_store_list_meshes() gives
 * @error: %TWIN_STORE_ERROR_NOT_FOUND for an id the file does not hold,
 *   %TWIN_STORE_ERROR_CORRUPT for damaged geometry
 *
 * Reads a mesh's geometry, checking it against its checksum.
 *
 * Returns: (transfer full) (nullable): the mesh
 */
TwinMesh *
twin_store_load_mesh (TwinStore  *self,
                      const char *id,
                      GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) mesh_error = NULL;
  g_autofree char *actual = NULL;
  const char      *checksum;
  TwinMesh        *mesh;
  int              rc;

  g_return_val_if_fail (TWIN_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (!check_open (self, error))
    return NULL;
  stmt = prepare_load (self,
                       "SELECT mesh.checksum, mesh_data.data FROM mesh"
                       " JOIN mesh_data ON mesh_data.checksum = mesh.checksum WHERE mesh.id = ?1",
                       error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_autofree char *name = dup_display_name (self->path);

      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND,
                   _ ("“%s” holds no mesh with the id %s"), name, id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      set_db_error (error, self->path, self->db, rc, OP_READ);
      return NULL;
    }
  checksum = column_utf8 (stmt, 0);
  if (sqlite3_column_type (stmt, 1) != SQLITE_BLOB || checksum == NULL)
    {
      g_autofree char *detail = g_strdup_printf (_ ("mesh %s has no geometry"), id);

      set_damaged_error (error, self->path, detail);
      return NULL;
    }
  bytes = g_bytes_new (sqlite3_column_blob (stmt, 1), (gsize) sqlite3_column_bytes (stmt, 1));
  actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (g_strcmp0 (actual, checksum) != 0)
    {
      g_autofree char *detail = g_strdup_printf (_ ("the geometry of mesh %s does not match its checksum"), id);

      set_damaged_error (error, self->path, detail);
      return NULL;
    }
  mesh = twin_mesh_new_from_bytes (bytes, &mesh_error);
  if (mesh == NULL)
    {
      g_autofree char *detail = g_strdup_printf (_ ("mesh %s: %s"), id, mesh_error->message);

      set_damaged_error (error, self->path, detail);
    }
  return mesh;
}

/**
 * twin_store_prune_meshes:
 * @error: a #TWIN_STORE_ERROR
 *
 * Deletes the meshes no entity shows any more, and geometry no mesh uses,
 * in one transaction. Run when a project closes, never while the undo
 * history could bring an entity's mesh back.
 *
 * Returns: %TRUE when pruned (or nothing to prune)
 */
gboolean
twin_store_prune_meshes (TwinStore *self,
                         GError   **error)
{
  g_return_val_if_fail (TWIN_IS_STORE (self), FALSE);

  if (!begin_write (self, error))
    return FALSE;
  if (!exec_bound_write (self,
                         "DELETE FROM mesh WHERE id NOT IN"
                         " (SELECT mesh_id FROM entity WHERE mesh_id IS NOT NULL)",
                         NULL, error) ||
      !exec_bound_write (self, "DELETE FROM mesh_data WHERE checksum NOT IN (SELECT checksum FROM mesh)", NULL, error))
    {
      rollback_write (self);
      return FALSE;
    }
  return commit_write (self, error);
}
