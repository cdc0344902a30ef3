/* twin-alarm-store.c: alarm rules and the alarm log in the project file (tables alarm_rule and alarm_event).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tables are those of store/migrations/007-live.sql. Like TwinFeedStore,
 * an alarm store has its own SQLite connection (WAL, busy timeout), so it
 * works beside a TwinStore, a historian and a recorder on the same file, in
 * this process or another. A rule is validated whole before it is written. A
 * NULL limit in the file is NAN in memory.
 *
 * Errors: TWIN_STORE_ERROR for the file (locked, read-only, damaged),
 * TWIN_ALARM_ERROR_INVALID for a rule that cannot be stored (bad limits, a
 * name already used), TWIN_ALARM_ERROR_NOT_FOUND for a rule that is not
 * there and TWIN_ALARM_ERROR_STORE for a row that cannot be read.
 *
 * Not thread-safe: one store belongs to one thread at a time.
 */

#define G_LOG_DOMAIN "twin-feeds"

#include "config.h"

#include "twin-alarm-store.h"

#include "store/twin-store-connection.h"
#include "store/twin-store.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include <math.h>
#include <string.h>

struct _TwinAlarmStore
{
  GObject  parent_instance;

  /* Owned references */
  char    *name; /* the file's base name, for messages */
  sqlite3 *db;

  /* State */
  gboolean read_only;
};

G_DEFINE_FINAL_TYPE (TwinAlarmStore, twin_alarm_store, G_TYPE_OBJECT)

static void
set_sqlite_error (TwinAlarmStore *self,
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
  /* TRANSLATORS: %s are what was being done ("save the alarm rule"), a file name and SQLite's reason. */
  g_set_error (error, TWIN_STORE_ERROR, code, _ ("Could not %s in “%s”: %s."), action, self->name,
               sqlite3_errmsg (self->db));
}

static gboolean
check_writable (TwinAlarmStore *self,
                GError        **error)
{
  if (!self->read_only)
    return TRUE;
  g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_READ_ONLY,
               _ ("“%s” is open read-only; its alarm rules and alarm log cannot be changed."), self->name);
  return FALSE;
}

static sqlite3_stmt *
prepare (TwinAlarmStore *self,
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
step_done (TwinAlarmStore *self,
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

static gboolean
exec (TwinAlarmStore *self,
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

static void
rollback (TwinAlarmStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static void
bind_limit (sqlite3_stmt *stmt,
            int           column,
            double        value)
{
  if (isnan (value))
    sqlite3_bind_null (stmt, column);
  else
    sqlite3_bind_double (stmt, column, value);
}

static double
column_limit (sqlite3_stmt *stmt,
              int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NAN;
  return sqlite3_column_double (stmt, column);
}

static void
twin_alarm_store_finalize (GObject *object)
{
  TwinAlarmStore *self = (TwinAlarmStore *) object;

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (twin_alarm_store_parent_class)->finalize (object);
}

static void
twin_alarm_store_class_init (TwinAlarmStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = twin_alarm_store_finalize;
}

static void
twin_alarm_store_init (TwinAlarmStore *self)
{
}

/**
 * twin_alarm_store_open:
 * @path: the project file (.dtwin)
 * @read_only: %TRUE to only read rules and the log
 * @error: return location for a %TWIN_STORE_ERROR
 *
 * Opens the alarm rules and the alarm log of a project on a connection of
 * its own. For writing, a file of an older format is first brought up to
 * date (see twin_store_open_connection()).
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
TwinAlarmStore *
twin_alarm_store_open (const char *path,
                       gboolean    read_only,
                       GError    **error)
{
  g_autoptr (TwinAlarmStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (TWIN_TYPE_ALARM_STORE, NULL);
  self->name = g_filename_display_basename (path);
  self->read_only = read_only;
  self->db = twin_store_open_connection (path, read_only, error);
  if (self->db == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

#define RULE_COLUMNS "id, name, signal, kind, low, high, deadband, window_s, enabled"

static TwinAlarmRule *
read_rule_row (TwinAlarmStore *self,
               sqlite3_stmt   *stmt,
               GError        **error)
{
  const char    *name = (const char *) sqlite3_column_text (stmt, 1);
  const char    *kind_text = (const char *) sqlite3_column_text (stmt, 3);
  TwinAlarmKind  kind;
  TwinAlarmRule *rule;

  if (!twin_alarm_kind_from_string (kind_text, &kind))
    {
      g_set_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_STORE,
                   /* TRANSLATORS: %s are a rule's name, a file name and the kind found there. */
                   _ ("The alarm rule “%s” stored in “%s” is damaged: its kind “%s” is unknown."), name, self->name,
                   kind_text != NULL ? kind_text : "");
      return NULL;
    }
  rule = twin_alarm_rule_new (name, (const char *) sqlite3_column_text (stmt, 2), kind);
  rule->id = sqlite3_column_int64 (stmt, 0);
  rule->low = column_limit (stmt, 4);
  rule->high = column_limit (stmt, 5);
  rule->deadband = sqlite3_column_double (stmt, 6);
  rule->window_s = sqlite3_column_double (stmt, 7);
  rule->enabled = sqlite3_column_int (stmt, 8) != 0;
  return rule;
}

/**
 * twin_alarm_store_list_rules:
 * @self: a store
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type TwinAlarmRule): every rule, by name;
 *   %NULL with @error set
 */
GPtrArray *
twin_alarm_store_list_rules (TwinAlarmStore *self,
                             GError        **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) rules = NULL;
  const char *action = _ ("read the alarm rules");
  int         rc;

  g_return_val_if_fail (TWIN_IS_ALARM_STORE (self), NULL);

  stmt = prepare (self, "SELECT " RULE_COLUMNS " FROM alarm_rule ORDER BY name", action, error);
  if (stmt == NULL)
    return NULL;
  rules = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_alarm_rule_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TwinAlarmRule *rule = read_rule_row (self, stmt, error);

      if (rule == NULL)
        return NULL;
      g_ptr_array_add (rules, rule);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, action);
      return NULL;
    }
  return g_steal_pointer (&rules);
}

/* The id of the rule named @name, 0 when there is none, -1 with @error. */
static gint64
lookup_rule_id (TwinAlarmStore *self,
                const char     *name,
                const char     *action,
                GError        **error)
{
  g_autoptr (sqlite3_stmt) stmt = prepare (self, "SELECT id FROM alarm_rule WHERE name = ?1", action, error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc == SQLITE_DONE)
    return 0;
  set_sqlite_error (self, error, action);
  return -1;
}

/**
 * twin_alarm_store_save_rule:
 * @self: a store opened for writing
 * @rule: the rule; its id is set when it is inserted
 * @error: return location for a #GError
 *
 * Validates @rule (twin_alarm_rule_validate()), then inserts it (id 0) or
 * updates the stored rule with its id. A name already used by another rule
 * is refused with %TWIN_ALARM_ERROR_INVALID; an id that is not stored with
 * %TWIN_ALARM_ERROR_NOT_FOUND. Nothing is written when it fails.
 *
 * Returns: %TRUE on success
 */
gboolean
twin_alarm_store_save_rule (TwinAlarmStore *self,
                            TwinAlarmRule  *rule,
                            GError        **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const char *action = _ ("save the alarm rule");
  gint64      existing;

  g_return_val_if_fail (TWIN_IS_ALARM_STORE (self), FALSE);
  g_return_val_if_fail (rule != NULL, FALSE);

  if (!check_writable (self, error) || !twin_alarm_rule_validate (rule, error))
    return FALSE;
  if (!exec (self, "BEGIN IMMEDIATE", action, error))
    return FALSE;
  existing = lookup_rule_id (self, rule->name, action, error);
  if (existing < 0)
    goto failed;
  if (existing > 0 && existing != rule->id)
    {
      g_set_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_INVALID,
                   _ ("“%s” already has an alarm rule named “%s”; choose another name."), self->name, rule->name);
      goto failed;
    }
  if (rule->id == 0)
    stmt = prepare (self,
                    "INSERT INTO alarm_rule (name, signal, kind, low, high, deadband, window_s, enabled)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    action, error);
  else
    stmt = prepare (self,
                    "UPDATE alarm_rule SET name = ?1, signal = ?2, kind = ?3, low = ?4, high = ?5, deadband = ?6,"
                    " window_s = ?7, enabled = ?8 WHERE id = ?9",
                    action, error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, rule->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, rule->signal, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, twin_alarm_kind_to_string (rule->kind), -1, SQLITE_STATIC);
  bind_limit (stmt, 4, rule->low);
  bind_limit (stmt, 5, rule->high);
  sqlite3_bind_double (stmt, 6, rule->deadband);
  sqlite3_bind_double (stmt, 7, rule->window_s);
  sqlite3_bind_int (stmt, 8, rule->enabled ? 1 : 0);
  if (rule->id != 0)
    sqlite3_bind_int64 (stmt, 9, rule->id);
  if (!step_done (self, stmt, action, error))
    goto failed;
  if (rule->id != 0 && sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_NOT_FOUND,
                   _ ("The alarm rule “%s” is no longer in “%s”; it may have been removed."), rule->name, self->name);
      goto failed;
    }
  if (!exec (self, "COMMIT", action, error))
    goto failed;
  if (rule->id == 0)
    rule->id = sqlite3_last_insert_rowid (self->db);
  return TRUE;

failed:
  rollback (self);
  return FALSE;
}

/**
 * twin_alarm_store_delete_rule:
 * @self: a store opened for writing
 * @name: the rule's name
 * @error: return location for a #GError (%TWIN_ALARM_ERROR_NOT_FOUND when
 *   there is no such rule)
 *
 * Deletes a rule. Its events stay in the log under the rule's name, with no
 * rule id.
 *
 * Returns: %TRUE on success
 */
gboolean
twin_alarm_store_delete_rule (TwinAlarmStore *self,
                              const char     *name,
                              GError        **error)
{
  g_autoptr (sqlite3_stmt) detach = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const char *action = _ ("remove the alarm rule");
  gint64      id;

  g_return_val_if_fail (TWIN_IS_ALARM_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!check_writable (self, error))
    return FALSE;
  if (!exec (self, "BEGIN IMMEDIATE", action, error))
    return FALSE;
  id = lookup_rule_id (self, name, action, error);
  if (id < 0)
    goto failed;
  if (id == 0)
    {
      g_set_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_NOT_FOUND, _ ("“%s” has no alarm rule named “%s”."),
                   self->name, name);
      goto failed;
    }
  detach = prepare (self, "UPDATE alarm_event SET rule_id = NULL WHERE rule_id = ?1", action, error);
  if (detach == NULL)
    goto failed;
  sqlite3_bind_int64 (detach, 1, id);
  if (!step_done (self, detach, action, error))
    goto failed;
  stmt = prepare (self, "DELETE FROM alarm_rule WHERE id = ?1", action, error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!step_done (self, stmt, action, error) || !exec (self, "COMMIT", action, error))
    goto failed;
  return TRUE;

failed:
  rollback (self);
  return FALSE;
}

static gboolean
insert_event (TwinAlarmStore *self,
              sqlite3_stmt   *stmt,
              TwinAlarmEvent *event,
              const char     *action,
              GError        **error)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (event->rule_id != 0)
    sqlite3_bind_int64 (stmt, 1, event->rule_id);
  sqlite3_bind_text (stmt, 2, event->rule_name != NULL ? event->rule_name : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, event->signal != NULL ? event->signal : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, twin_alarm_event_kind_to_string (event->kind), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, event->t_us);
  bind_limit (stmt, 6, isfinite (event->value) ? event->value : NAN);
  sqlite3_bind_text (stmt, 7, event->message != NULL ? event->message : "", -1, SQLITE_TRANSIENT);
  if (!step_done (self, stmt, action, error))
    return FALSE;
  event->id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

#define INSERT_EVENT                                                                 \
  "INSERT INTO alarm_event (rule_id, rule_name, signal, kind, t_us, value, message)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"

/**
 * twin_alarm_store_append_events:
 * @self: a store opened for writing
 * @events: (element-type TwinAlarmEvent): the events, in order; their ids are set
 * @error: return location for a #GError
 *
 * Logs @events in one transaction: all of them or none.
 *
 * Returns: %TRUE on success
 */
gboolean
twin_alarm_store_append_events (TwinAlarmStore *self,
                                GPtrArray      *events,
                                GError        **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const char *action = _ ("log the alarm events");

  g_return_val_if_fail (TWIN_IS_ALARM_STORE (self), FALSE);
  g_return_val_if_fail (events != NULL, FALSE);

  if (events->len == 0)
    return TRUE;
  if (!check_writable (self, error))
    return FALSE;
  if (!exec (self, "BEGIN IMMEDIATE", action, error))
    return FALSE;
  stmt = prepare (self, INSERT_EVENT, action, error);
  if (stmt == NULL)
    goto failed;
  for (guint i = 0; i < events->len; i++)
    if (!insert_event (self, stmt, g_ptr_array_index (events, i), action, error))
      goto failed;
  if (!exec (self, "COMMIT", action, error))
    goto failed;
  return TRUE;

failed:
  rollback (self);
  for (guint i = 0; i < events->len; i++)
    ((TwinAlarmEvent *) g_ptr_array_index (events, i))->id = 0;
  return FALSE;
}

/**
 * twin_alarm_store_acknowledge:
 * @self: a store opened for writing
 * @rule_id: the rule's id
 * @error: return location for a #GError (%TWIN_ALARM_ERROR_NOT_FOUND when
 *   there is no such rule)
 *
 * Logs that the user acknowledged the rule's alarm now (wall clock).
 *
 * Returns: %TRUE on success
 */
gboolean
twin_alarm_store_acknowledge (TwinAlarmStore *self,
                              gint64          rule_id,
                              GError        **error)
{
  g_autoptr (sqlite3_stmt) lookup = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (TwinAlarmEvent) event = NULL;
  const char *action = _ ("log the acknowledgement");
  int         rc;

  g_return_val_if_fail (TWIN_IS_ALARM_STORE (self), FALSE);

  if (!check_writable (self, error))
    return FALSE;
  lookup = prepare (self, "SELECT name, signal FROM alarm_rule WHERE id = ?1", action, error);
  if (lookup == NULL)
    return FALSE;
  sqlite3_bind_int64 (lookup, 1, rule_id);
  rc = sqlite3_step (lookup);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_NOT_FOUND,
                   /* TRANSLATORS: the first placeholder is a file name, the second a rule's id. */
                   _ ("“%s” has no alarm rule with the id %" G_GINT64_FORMAT "; it may have been removed."),
                   self->name, rule_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, error, action);
      return FALSE;
    }
  event = g_new0 (TwinAlarmEvent, 1);
  event->rule_id = rule_id;
  event->rule_name = g_strdup ((const char *) sqlite3_column_text (lookup, 0));
  event->signal = g_strdup ((const char *) sqlite3_column_text (lookup, 1));
  event->kind = TWIN_ALARM_ACKNOWLEDGED;
  event->t_us = g_get_real_time ();
  event->value = NAN;
  /* TRANSLATORS: %s are the rule's name and its signal. */
  event->message = g_strdup_printf (_ ("Alarm “%s” on “%s” acknowledged."), event->rule_name, event->signal);
  stmt = prepare (self, INSERT_EVENT, action, error);
  if (stmt == NULL)
    return FALSE;
  return insert_event (self, stmt, event, action, error);
}

/**
 * twin_alarm_store_list_events:
 * @self: a store
 * @since_us: the earliest time (UTC µs) to list; G_MININT64 for all
 * @limit: at most this many, the newest ones (0: all)
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type TwinAlarmEvent): the log from
 *   @since_us on, oldest first; %NULL with @error set
 */
GPtrArray *
twin_alarm_store_list_events (TwinAlarmStore *self,
                              gint64          since_us,
                              guint           limit,
                              GError        **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) events = NULL;
  const char *action = _ ("read the alarm log");
  int         rc;

  g_return_val_if_fail (TWIN_IS_ALARM_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT id, rule_id, rule_name, signal, kind, t_us, value, message FROM alarm_event"
                  " WHERE t_us >= ?1 ORDER BY t_us DESC, id DESC LIMIT ?2",
                  action, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since_us);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (sqlite3_int64) limit : -1);
  events = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_alarm_event_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char        *kind_text = (const char *) sqlite3_column_text (stmt, 4);
      TwinAlarmEvent    *event;
      TwinAlarmEventKind kind;

      if (!twin_alarm_event_kind_from_string (kind_text, &kind))
        {
          g_set_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_STORE,
                       /* TRANSLATORS: %s are a file name and the kind found in its alarm log. */
                       _ ("The alarm log in “%s” is damaged: an event has the unknown kind “%s”."), self->name,
                       kind_text != NULL ? kind_text : "");
          return NULL;
        }
      event = g_new0 (TwinAlarmEvent, 1);
      event->id = sqlite3_column_int64 (stmt, 0);
      event->rule_id = sqlite3_column_int64 (stmt, 1);
      event->rule_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      event->signal = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      event->kind = kind;
      event->t_us = sqlite3_column_int64 (stmt, 5);
      event->value = column_limit (stmt, 6);
      event->message = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      g_ptr_array_add (events, event);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, action);
      return NULL;
    }
  /* Newest last. */
  for (guint i = 0, j = events->len; i + 1 < j; i++, j--)
    {
      gpointer swap = events->pdata[i];

      events->pdata[i] = events->pdata[j - 1];
      events->pdata[j - 1] = swap;
    }
  return g_steal_pointer (&events);
}

/**
 * twin_alarm_store_list_raised:
 * @self: a store
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type gint64): the ids of the stored rules
 *   whose last raise or clear event is a raise, by id; %NULL with @error set
 */
GArray *
twin_alarm_store_list_raised (TwinAlarmStore *self,
                              GError        **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GArray) ids = NULL;
  const char *action = _ ("read the alarm log");
  int         rc;

  g_return_val_if_fail (TWIN_IS_ALARM_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT r.id FROM alarm_rule r JOIN alarm_event e ON e.id ="
                  " (SELECT max(id) FROM alarm_event WHERE rule_id = r.id AND kind IN ('raised', 'cleared'))"
                  " WHERE e.kind = 'raised' ORDER BY r.id",
                  action, error);
  if (stmt == NULL)
    return NULL;
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, action);
      return NULL;
    }
  return g_steal_pointer (&ids);
}
