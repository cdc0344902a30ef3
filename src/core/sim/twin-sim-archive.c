/* twin-sim-archive.c: scenarios and run records in the project file (tables scenario and sim_run).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tables are those of store/migrations/005-simulation.sql. An archive
 * has its own SQLite connection (WAL, busy timeout), like TwinHistorian, so
 * it works beside a TwinStore and a historian on the same file, in this
 * process or another. Errors are in the TWIN_STORE_ERROR domain (the file)
 * or TWIN_SIM_ERROR_SCENARIO (a scenario that cannot be stored).
 *
 * Runs left RUNNING: a run row carries its owner, "host:pid:start-ticks"
 * (the process start time from /proc, so a reused pid is not taken for the
 * owner). An archive opened for writing marks every RUNNING run INTERRUPTED
 * whose owner process on this host is gone, and, for runs of this very
 * process, those no archive here has begun and not finished (a registry of
 * the runs in progress, shared by the archives of the process). An archive
 * finalized with runs it began still RUNNING marks them INTERRUPTED.
 *
 * Not thread-safe: one archive belongs to one thread; open one per thread.
 */

#define G_LOG_DOMAIN "twin-sim"

#include "config.h"

#include "twin-sim-archive.h"

#include "store/twin-store-connection.h"
#include "store/twin-store.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define RESULT_PREFIX "sim/"

struct _TwinSimArchive
{
  GObject  parent_instance;

  /* Owned references */
  char    *path;
  char    *name; /* the file's base name, for messages */
  sqlite3 *db;
  GArray  *begun; /* gint64 ids of runs begun here and not yet finished */

  /* State */
  dev_t    dev;
  ino_t    ino;
  gboolean read_only;
};

G_DEFINE_FINAL_TYPE (TwinSimArchive, twin_sim_archive, G_TYPE_OBJECT)

static const char *const status_names[] = {
  [TWIN_SIM_RUN_RUNNING] = "running",
  [TWIN_SIM_RUN_COMPLETED] = "completed",
  [TWIN_SIM_RUN_FAILED] = "failed",
  [TWIN_SIM_RUN_CANCELLED] = "cancelled",
  [TWIN_SIM_RUN_INTERRUPTED] = "interrupted",
};

/* The runs in progress in this process, keyed "dev:ino:id". */
G_LOCK_DEFINE_STATIC (running);
static GHashTable *running_runs;

static char *
dup_running_key (TwinSimArchive *self,
                 gint64          run_id)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT ":%" G_GINT64_FORMAT, (guint64) self->dev,
                          (guint64) self->ino, run_id);
}

static void
register_running (TwinSimArchive *self,
                  gint64          run_id)
{
  G_LOCK (running);
  if (running_runs == NULL)
    running_runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (running_runs, dup_running_key (self, run_id));
  G_UNLOCK (running);
  g_array_append_val (self->begun, run_id);
}

static void
unregister_running (TwinSimArchive *self,
                    gint64          run_id)
{
  g_autofree char *key = dup_running_key (self, run_id);

  G_LOCK (running);
  if (running_runs != NULL)
    g_hash_table_remove (running_runs, key);
  G_UNLOCK (running);
  for (guint i = 0; i < self->begun->len; i++)
    if (g_array_index (self->begun, gint64, i) == run_id)
      {
        g_array_remove_index_fast (self->begun, i);
        break;
      }
}

static gboolean
is_running_here (TwinSimArchive *self,
                 gint64          run_id)
{
  g_autofree char *key = dup_running_key (self, run_id);
  gboolean         found;

  G_LOCK (running);
  found = running_runs != NULL && g_hash_table_contains (running_runs, key);
  G_UNLOCK (running);
  return found;
}

/* Field 22 of /proc/PID/stat, the process's start time in clock ticks since
 * boot; 0 when it cannot be read. */
static guint64
read_process_start (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *contents = NULL;
  const char      *p;
  guint            field = 2;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  /* The command (field 2) is in parentheses and may hold spaces. */
  p = strrchr (contents, ')');
  if (p == NULL)
    return 0;
  p++;
  while (*p != '\0' && field < 22)
    {
      while (*p == ' ')
        p++;
      field++;
      if (field == 22)
        return g_ascii_strtoull (p, NULL, 10);
      while (*p != '\0' && *p != ' ')
        p++;
    }
  return 0;
}

static char *
dup_owner (void)
{
  return g_strdup_printf ("%s:%d:%" G_GUINT64_FORMAT, g_get_host_name (), (int) getpid (),
                          read_process_start (getpid ()));
}

/* Whether the owner of a RUNNING run may still be computing it. Owners on
 * other hosts, and owners that cannot be read, are given the benefit of
 * the doubt. */
static gboolean
is_owner_alive (TwinSimArchive *self,
                gint64          run_id,
                const char     *owner)
{
  g_autofree char *host = NULL;
  char            *start_text;
  char            *pid_text;
  gint64           pid;
  guint64          start;
  guint64          actual;

  if (owner == NULL)
    return FALSE;
  /* "host:pid:start": the host name comes first and is compared whole. */
  host = g_strdup (owner);
  start_text = strrchr (host, ':');
  if (start_text == NULL)
    return FALSE;
  *start_text++ = '\0';
  pid_text = strrchr (host, ':');
  if (pid_text == NULL)
    return FALSE;
  *pid_text++ = '\0';
  if (!g_str_equal (host, g_get_host_name ()))
    return TRUE;
  pid = g_ascii_strtoll (pid_text, NULL, 10);
  start = g_ascii_strtoull (start_text, NULL, 10);
  if (pid <= 0)
    return FALSE;
  if (pid == getpid ())
    return is_running_here (self, run_id);
  actual = read_process_start ((pid_t) pid);
  if (actual != 0)
    return start == 0 || actual == start;
  return kill ((pid_t) pid, 0) == 0 || errno == EPERM;
}

static void
set_sqlite_error (TwinSimArchive *self,
                  GError        **error,
                  const char     *action)
{
  int            rc = sqlite3_extended_errcode (self->db) & 0xff;
  TwinStoreError code = TWIN_STORE_ERROR_IO;

  if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
    code = TWIN_STORE_ERROR_CORRUPT;
  else if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    code = TWIN_STORE_ERROR_LOCKED;
  else if (rc == SQLITE_READONLY)
    code = TWIN_STORE_ERROR_READ_ONLY;
  /* TRANSLATORS: %s are what was being done ("save the scenario"), a file name and SQLite's reason. */
  g_set_error (error, TWIN_STORE_ERROR, code, _ ("Could not %s in “%s”: %s."), action, self->name,
               sqlite3_errmsg (self->db));
}

static gboolean
check_writable (TwinSimArchive *self,
                GError        **error)
{
  if (!self->read_only)
    return TRUE;
  g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_READ_ONLY,
               _ ("“%s” is open read-only; its scenarios and runs cannot be changed."), self->name);
  return FALSE;
}

static sqlite3_stmt *
prepare (TwinSimArchive *self,
         const char     *sql,
         const char     *action,
         GError        **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, action);
      return NULL;
    }
  return stmt;
}

static void
finalize_stmt (sqlite3_stmt *stmt)
{
  sqlite3_finalize (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, finalize_stmt)

static gboolean
exec (TwinSimArchive *self,
      const char     *sql,
      const char     *action,
      GError        **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, action);
      return FALSE;
    }
  return TRUE;
}

static gboolean
step_done (TwinSimArchive *self,
           sqlite3_stmt   *stmt,
           const char     *action,
           GError        **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      set_sqlite_error (self, error, action);
      return FALSE;
    }
  return TRUE;
}

static char *
dup_column_text (sqlite3_stmt *stmt,
                 int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static TwinSimRunStatus
status_from_text (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (text, status_names[i]) == 0)
      return i;
  return TWIN_SIM_RUN_INTERRUPTED;
}

#define RUN_COLUMNS "id, scenario_name, scenario_json, started_us, finished_us, status, message, start_us," \
                    " t_reached_s, method, statistics"

static TwinSimRunRecord *
read_run_row (sqlite3_stmt *stmt)
{
  TwinSimRunRecord *record = g_new0 (TwinSimRunRecord, 1);

  record->id = sqlite3_column_int64 (stmt, 0);
  record->scenario_name = dup_column_text (stmt, 1);
  record->scenario_json = dup_column_text (stmt, 2);
  record->started_us = sqlite3_column_int64 (stmt, 3);
  record->finished_us = sqlite3_column_int64 (stmt, 4);
  record->status = status_from_text ((const char *) sqlite3_column_text (stmt, 5));
  record->message = dup_column_text (stmt, 6);
  record->start_us = sqlite3_column_int64 (stmt, 7);
  record->t_reached_s = sqlite3_column_double (stmt, 8);
  record->method = dup_column_text (stmt, 9);
  record->statistics = dup_column_text (stmt, 10);
  return record;
}

/* Marks RUNNING runs whose process is gone INTERRUPTED. */
static gboolean
mark_interrupted (TwinSimArchive *self,
                  GError        **error)
{
  g_autoptr (sqlite3_stmt) select = NULL;
  g_autoptr (sqlite3_stmt) update = NULL;
  g_autoptr (GArray) dead = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *action = _ ("read the simulation runs");
  int         rc;

  select = prepare (self, "SELECT id, owner FROM sim_run WHERE status = 'running'", action, error);
  if (select == NULL)
    return FALSE;
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (select, 0);

      if (!is_owner_alive (self, id, (const char *) sqlite3_column_text (select, 1)))
        g_array_append_val (dead, id);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, action);
      return FALSE;
    }
  if (dead->len == 0)
    return TRUE;

  action = _ ("mark interrupted simulation runs");
  update = prepare (self,
                    "UPDATE sim_run SET status = 'interrupted', finished_us = ?2, owner = NULL,"
                    " message = coalesce(message, ?3) WHERE id = ?1 AND status = 'running'",
                    action, error);
  if (update == NULL)
    return FALSE;
  for (guint i = 0; i < dead->len; i++)
    {
      sqlite3_reset (update);
      sqlite3_bind_int64 (update, 1, g_array_index (dead, gint64, i));
      sqlite3_bind_int64 (update, 2, g_get_real_time ());
      sqlite3_bind_text (update, 3, _ ("The process computing the run ended before it finished."), -1,
                         SQLITE_TRANSIENT);
      if (!step_done (self, update, action, error))
        return FALSE;
    }
  return TRUE;
}

static void
twin_sim_archive_finalize (GObject *object)
{
  TwinSimArchive *self = (TwinSimArchive *) object;

  /* Runs begun here and never finished: their computation is over. */
  while (self->begun != NULL && self->begun->len > 0)
    {
      gint64 id = g_array_index (self->begun, gint64, 0);

      if (!twin_sim_archive_finish_run (self, id, TWIN_SIM_RUN_INTERRUPTED,
                                        _ ("The run was abandoned before it finished."), -1.0, NULL, NULL, NULL))
        unregister_running (self, id);
    }
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->begun, g_array_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (twin_sim_archive_parent_class)->finalize (object);
}

static void
twin_sim_archive_class_init (TwinSimArchiveClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = twin_sim_archive_finalize;
}

static void
twin_sim_archive_init (TwinSimArchive *self)
{
  self->begun = g_array_new (FALSE, FALSE, sizeof (gint64));
}

/**
 * twin_sim_archive_open:
 * @path: the project file (.dtwin)
 * @read_only: %TRUE to only read scenarios and runs
 * @error: return location for a %TWIN_STORE_ERROR
 *
 * Opens the scenarios and runs of a project on a connection of its own.
 * For writing, a file of an older format is first brought up to date
 * (through twin_store_open(), which needs the project's write lock: fails
 * with %TWIN_STORE_ERROR_LOCKED if another program has it open), and runs
 * left RUNNING by a process that is gone are marked INTERRUPTED. A
 * read-only archive refuses an older file with %TWIN_STORE_ERROR_READ_ONLY.
 *
 * Returns: (transfer full): the archive, or %NULL with @error set
 */
TwinSimArchive *
twin_sim_archive_open (const char *path,
                       gboolean    read_only,
                       GError    **error)
{
  g_autoptr (TwinSimArchive) self = NULL;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (TWIN_TYPE_SIM_ARCHIVE, NULL);
  self->path = g_strdup (path);
  self->name = g_filename_display_basename (path);
  self->read_only = read_only;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND,
                   _ ("Could not open the simulations of “%s”: there is no such file."), self->name);
      return NULL;
    }
  self->dev = st.st_dev;
  self->ino = st.st_ino;

  self->db = twin_store_open_connection (path, read_only, error);
  if (self->db == NULL)
    return NULL;
  if (!read_only)
    {
      if (!mark_interrupted (self, error))
        return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * twin_sim_archive_list_scenarios:
 * @self: an archive
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type TwinSimScenario): every stored
 *   scenario, by name; %NULL with @error set when one cannot be read
 */
GPtrArray *
twin_sim_archive_list_scenarios (TwinSimArchive *self,
                                 GError        **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) scenarios = NULL;
  const char *action = _ ("read the scenarios");
  int         rc;

  g_return_val_if_fail (TWIN_IS_SIM_ARCHIVE (self), NULL);

  stmt = prepare (self, "SELECT name, json FROM scenario ORDER BY name", action, error);
  if (stmt == NULL)
    return NULL;
  scenarios = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_sim_scenario_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TwinSimScenario *scenario = twin_sim_scenario_new_from_json ((const char *) sqlite3_column_text (stmt, 1),
                                                                   error);

      if (scenario == NULL)
        return NULL;
      /* The row's key wins over a name edited inside the JSON by another tool. */
      g_free (scenario->name);
      scenario->name = dup_column_text (stmt, 0);
      g_ptr_array_add (scenarios, scenario);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, action);
      return NULL;
    }
  return g_steal_pointer (&scenarios);
}

/**
 * twin_sim_archive_load_scenario:
 * @self: an archive
 * @name: the scenario's name
 * @error: return location for a #GError (%TWIN_STORE_ERROR_NOT_FOUND when
 *   there is no such scenario)
 *
 * Returns: (transfer full): the scenario, or %NULL with @error set
 */
TwinSimScenario *
twin_sim_archive_load_scenario (TwinSimArchive *self,
                                const char     *name,
                                GError        **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const char      *action = _ ("read the scenario");
  TwinSimScenario *scenario;
  int              rc;

  g_return_val_if_fail (TWIN_IS_SIM_ARCHIVE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  stmt = prepare (self, "SELECT json FROM scenario WHERE name = ?1", action, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND,
                   _ ("“%s” has no scenario named “%s”."), self->name, name);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, error, action);
      return NULL;
    }
  scenario = twin_sim_scenario_new_from_json ((const char *) sqlite3_column_text (stmt, 0), error);
  if (scenario != NULL)
    {
      g_free (scenario->name);
      scenario->name = g_strdup (name);
    }
  return scenario;
}

/**
 * twin_sim_archive_save_scenario:
 * @self: an archive open for writing
 * @scenario: the scenario; one of the same name is replaced
 * @error: return location for a #GError (%TWIN_SIM_ERROR_SCENARIO when
 *   @scenario is invalid)
 *
 * Returns: %TRUE once the scenario is stored
 */
gboolean
twin_sim_archive_save_scenario (TwinSimArchive        *self,
                                const TwinSimScenario *scenario,
                                GError               **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *json = NULL;
  const char      *action = _ ("save the scenario");

  g_return_val_if_fail (TWIN_IS_SIM_ARCHIVE (self), FALSE);
  g_return_val_if_fail (scenario != NULL, FALSE);

  if (!check_writable (self, error) || !twin_sim_scenario_validate (scenario, error))
    return FALSE;
  json = twin_sim_scenario_to_json (scenario);
  stmt = prepare (self, "INSERT OR REPLACE INTO scenario (name, json) VALUES (?1, ?2)", action, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, scenario->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, json, -1, SQLITE_TRANSIENT);
  return step_done (self, stmt, action, error);
}

/**
 * twin_sim_archive_delete_scenario:
 * @self: an archive open for writing
 * @name: the scenario's name
 * @error: return location for a #GError (%TWIN_STORE_ERROR_NOT_FOUND when
 *   there is no such scenario)
 *
 * Deletes a scenario. Its runs stay, each with the scenario as it ran.
 *
 * Returns: %TRUE once it is gone
 */
gboolean
twin_sim_archive_delete_scenario (TwinSimArchive *self,
                                  const char     *name,
                                  GError        **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const char *action = _ ("delete the scenario");

  g_return_val_if_fail (TWIN_IS_SIM_ARCHIVE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!check_writable (self, error))
    return FALSE;
  stmt = prepare (self, "DELETE FROM scenario WHERE name = ?1", action, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (!step_done (self, stmt, action, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND,
                   _ ("“%s” has no scenario named “%s”."), self->name, name);
      return FALSE;
    }
  return TRUE;
}

/**
 * twin_sim_archive_begin_run:
 * @self: an archive open for writing
 * @scenario: the scenario as it will run
 * @model_json: the model as it will run (twin-model-json form)
 * @error: return location for a #GError
 *
 * Records a new run, RUNNING, owned by this process. Finish it with
 * twin_sim_archive_finish_run() through the same archive.
 *
 * Returns: the run's id (> 0), or 0 with @error set
 */
gint64
twin_sim_archive_begin_run (TwinSimArchive        *self,
                            const TwinSimScenario *scenario,
                            const char            *model_json,
                            GError               **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *scenario_json = NULL;
  g_autofree char *owner = dup_owner ();
  const char      *action = _ ("record the simulation run");
  gint64           id;

  g_return_val_if_fail (TWIN_IS_SIM_ARCHIVE (self), 0);
  g_return_val_if_fail (scenario != NULL, 0);
  g_return_val_if_fail (model_json != NULL, 0);

  if (!check_writable (self, error))
    return 0;
  scenario_json = twin_sim_scenario_to_json (scenario);
  stmt = prepare (self,
                  "INSERT INTO sim_run (scenario_name, scenario_json, model_json, started_us, status, start_us, owner)"
                  " VALUES (?1, ?2, ?3, ?4, 'running', ?5, ?6)",
                  action, error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, scenario->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, scenario_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, model_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
  sqlite3_bind_int64 (stmt, 5, scenario->start_us);
  sqlite3_bind_text (stmt, 6, owner, -1, SQLITE_TRANSIENT);
  if (!step_done (self, stmt, action, error))
    return 0;
  id = sqlite3_last_insert_rowid (self->db);
  register_running (self, id);
  return id;
}

/**
 * twin_sim_archive_finish_run:
 * @self: the archive that began the run
 * @run_id: the run
 * @status: how it ended (not RUNNING)
 * @message: (nullable): why it failed or stopped
 * @t_reached_s: the simulated seconds reached; negative to keep the stored value
 * @method: (nullable): the solver that ran
 * @statistics: (nullable): a line of solver statistics
 * @error: return location for a #GError (%TWIN_STORE_ERROR_NOT_FOUND when
 *   there is no such running run)
 *
 * Returns: %TRUE once the run's end is stored
 */
gboolean
twin_sim_archive_finish_run (TwinSimArchive  *self,
                             gint64           run_id,
                             TwinSimRunStatus status,
                             const char      *message,
                             double           t_reached_s,
                             const char      *method,
                             const char      *statistics,
                             GError         **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const char *action = _ ("record the end of the simulation run");

  g_return_val_if_fail (TWIN_IS_SIM_ARCHIVE (self), FALSE);
  g_return_val_if_fail (status != TWIN_SIM_RUN_RUNNING && status < G_N_ELEMENTS (status_names), FALSE);

  if (!check_writable (self, error))
    return FALSE;
  stmt = prepare (self,
                  "UPDATE sim_run SET status = ?2, message = ?3, finished_us = ?4,"
                  " t_reached_s = CASE WHEN ?5 >= 0 THEN ?5 ELSE t_reached_s END,"
                  " method = coalesce(?6, method), statistics = coalesce(?7, statistics), owner = NULL"
                  " WHERE id = ?1 AND status = 'running'",
                  action, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_text (stmt, 2, status_names[status], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, message, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
  sqlite3_bind_double (stmt, 5, t_reached_s);
  sqlite3_bind_text (stmt, 6, method, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, statistics, -1, SQLITE_TRANSIENT);
  if (!step_done (self, stmt, action, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND,
                   _ ("“%s” has no running simulation run %" G_GINT64_FORMAT "."), self->name, run_id);
      return FALSE;
    }
  unregister_running (self, run_id);
  return TRUE;
}

/**
 * twin_sim_archive_set_progress:
 * @self: the archive that began the run
 * @run_id: a RUNNING run
 * @t_reached_s: the simulated seconds reached so far
 * @error: return location for a #GError
 *
 * Stores how far a running run has got, so another program listing the runs
 * sees it, and a run whose process dies says how far it came.
 *
 * Returns: %TRUE once stored
 */
gboolean
twin_sim_archive_set_progress (TwinSimArchive *self,
                               gint64          run_id,
                               double          t_reached_s,
                               GError        **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const char *action = _ ("record the progress of the simulation run");

  g_return_val_if_fail (TWIN_IS_SIM_ARCHIVE (self), FALSE);

  if (!check_writable (self, error))
    return FALSE;
  stmt = prepare (self, "UPDATE sim_run SET t_reached_s = ?2 WHERE id = ?1 AND status = 'running'", action, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_double (stmt, 2, t_reached_s);
  return step_done (self, stmt, action, error);
}

/**
 * twin_sim_archive_list_runs:
 * @self: an archive
 * @error: return location for a #GError
 *
 * Every run, oldest first. The records leave @model_json %NULL (it may be
 * large); twin_sim_archive_load_run() reads it.
 *
 * Returns: (transfer full) (element-type TwinSimRunRecord): the runs, or
 *   %NULL with @error set
 */
GPtrArray *
twin_sim_archive_list_runs (TwinSimArchive *self,
                            GError        **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  const char *action = _ ("read the simulation runs");
  int         rc;

  g_return_val_if_fail (TWIN_IS_SIM_ARCHIVE (self), NULL);

  stmt = prepare (self, "SELECT " RUN_COLUMNS " FROM sim_run ORDER BY id", action, error);
  if (stmt == NULL)
    return NULL;
  runs = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_sim_run_record_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (runs, read_run_row (stmt));
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, action);
      return NULL;
    }
  return g_steal_pointer (&runs);
}

/**
 * twin_sim_archive_load_run:
 * @self: an archive
 * @run_id: the run
 * @error: return location for a #GError (%TWIN_STORE_ERROR_NOT_FOUND when
 *   there is no such run)
 *
 * Returns: (transfer full): the run's whole record, or %NULL with @error set
 */
TwinSimRunRecord *
twin_sim_archive_load_run (TwinSimArchive *self,
                           gint64          run_id,
                           GError        **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const char       *action = _ ("read the simulation run");
  TwinSimRunRecord *record;
  int               rc;

  g_return_val_if_fail (TWIN_IS_SIM_ARCHIVE (self), NULL);

  stmt = prepare (self, "SELECT " RUN_COLUMNS ", model_json FROM sim_run WHERE id = ?1", action, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND,
                   _ ("“%s” has no simulation run %" G_GINT64_FORMAT "."), self->name, run_id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, error, action);
      return NULL;
    }
  record = read_run_row (stmt);
  record->model_json = dup_column_text (stmt, 11);
  return record;
}

/**
 * twin_sim_archive_delete_run:
 * @self: an archive open for writing
 * @run_id: the run
 * @error: return location for a #GError (%TWIN_STORE_ERROR_NOT_FOUND when
 *   there is no such run, %TWIN_STORE_ERROR_LOCKED while it is computed)
 *
 * Deletes the run's record and its result signals (samples and rollups
 * included) in one transaction. A run still being computed is refused.
 *
 * Returns: %TRUE once it is gone
 */
gboolean
twin_sim_archive_delete_run (TwinSimArchive *self,
                             gint64          run_id,
                             GError        **error)
{
  static const char *const deletes[] = {
    "DELETE FROM sample WHERE signal IN (SELECT id FROM signal WHERE name >= ?1 AND name < ?2)",
    "DELETE FROM rollup WHERE signal IN (SELECT id FROM signal WHERE name >= ?1 AND name < ?2)",
    "DELETE FROM signal WHERE name >= ?1 AND name < ?2",
  };
  g_autoptr (TwinSimRunRecord) record = NULL;
  g_autoptr (sqlite3_stmt) owner_stmt = NULL;
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;
  const char      *action = _ ("delete the simulation run");

  g_return_val_if_fail (TWIN_IS_SIM_ARCHIVE (self), FALSE);

  if (!check_writable (self, error))
    return FALSE;
  record = twin_sim_archive_load_run (self, run_id, error);
  if (record == NULL)
    return FALSE;
  if (record->status == TWIN_SIM_RUN_RUNNING)
    {
      owner_stmt = prepare (self, "SELECT owner FROM sim_run WHERE id = ?1", action, error);
      if (owner_stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (owner_stmt, 1, run_id);
      if (sqlite3_step (owner_stmt) == SQLITE_ROW &&
          is_owner_alive (self, run_id, (const char *) sqlite3_column_text (owner_stmt, 0)))
        {
          g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_LOCKED,
                       _ ("Simulation run %" G_GINT64_FORMAT " of “%s” is still running; cancel it first."), run_id,
                       self->name);
          return FALSE;
        }
    }

  /* Every name "sim/<id>/…" sorts in ["sim/<id>/", "sim/<id>0"): '0' follows '/'. */
  low = g_strdup_printf (RESULT_PREFIX "%" G_GINT64_FORMAT "/", run_id);
  high = g_strdup_printf (RESULT_PREFIX "%" G_GINT64_FORMAT "0", run_id);
  if (!exec (self, "BEGIN IMMEDIATE", action, error))
    return FALSE;
  for (guint i = 0; i <= G_N_ELEMENTS (deletes); i++)
    {
      g_autoptr (sqlite3_stmt) stmt = NULL;

      stmt = prepare (self, i < G_N_ELEMENTS (deletes) ? deletes[i] : "DELETE FROM sim_run WHERE id = ?3", action,
                      error);
      if (stmt == NULL)
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
      if (i < G_N_ELEMENTS (deletes))
        {
          sqlite3_bind_text (stmt, 1, low, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, high, -1, SQLITE_STATIC);
        }
      else
        sqlite3_bind_int64 (stmt, 3, run_id);
      if (!step_done (self, stmt, action, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }
  if (!exec (self, "COMMIT", action, error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

/**
 * twin_sim_result_signal_name:
 * @run_id: a run
 * @variable: a variable's name (Office/Room 1.T)
 *
 * Returns: (transfer full): "sim/<run id>/<variable>", the history signal
 *   that holds the variable's results
 */
char *
twin_sim_result_signal_name (gint64      run_id,
                             const char *variable)
{
  g_return_val_if_fail (variable != NULL, NULL);

  return g_strdup_printf (RESULT_PREFIX "%" G_GINT64_FORMAT "/%s", run_id, variable);
}

/**
 * twin_sim_parse_result_signal_name:
 * @signal: a history signal's name
 * @run_id: (out) (optional): the run
 * @variable: (out) (optional) (transfer full): the variable
 *
 * Returns: %TRUE if @signal is a run's result ("sim/<id>/<variable>")
 */
gboolean
twin_sim_parse_result_signal_name (const char *signal,
                                   gint64     *run_id,
                                   char      **variable)
{
  const char *p;
  const char *digits;
  guint64     id;

  g_return_val_if_fail (signal != NULL, FALSE);

  if (!g_str_has_prefix (signal, RESULT_PREFIX))
    return FALSE;
  digits = p = signal + strlen (RESULT_PREFIX);
  while (g_ascii_isdigit (*p))
    p++;
  if (p == digits || p - digits > 18 || *p != '/' || p[1] == '\0' || *digits == '0')
    return FALSE;
  id = g_ascii_strtoull (digits, NULL, 10);
  if (run_id != NULL)
    *run_id = (gint64) id;
  if (variable != NULL)
    *variable = g_strdup (p + 1);
  return TRUE;
}

/**
 * twin_sim_run_record_free:
 * @record: (nullable): a run record
 *
 * Frees @record.
 */
void
twin_sim_run_record_free (TwinSimRunRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->scenario_name);
  g_free (record->scenario_json);
  g_free (record->model_json);
  g_free (record->message);
  g_free (record->method);
  g_free (record->statistics);
  g_free (record);
}

/**
 * twin_sim_run_status_to_string:
 * @status: a run status
 *
 * Returns: its stable name, as stored and printed by twinctl: "running",
 *   "completed", "failed", "cancelled" or "interrupted" (not translated)
 */
const char *
twin_sim_run_status_to_string (TwinSimRunStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_names), "interrupted");

  return status_names[status];
}
