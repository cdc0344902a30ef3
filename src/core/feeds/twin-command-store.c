/* twin-command-store.c: command bindings and the command log in the project file, and sending a command.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tables are command_binding and command_log of
 * store/migrations/007-live.sql. A command store has its own SQLite
 * connection (twin_store_open_connection: WAL, busy timeout), like
 * TwinFeedStore, so it works beside the app's TwinStore, a recorder and a
 * live session on the same file. A binding is validated whole before it is
 * written, and its feed must be an MQTT feed of the project (read from the
 * feed table on this connection). Limits are stored as NULL when absent (NAN
 * in memory).
 *
 * Sending (twin_command_send) formats the payload first: a value the
 * binding refuses is neither sent nor logged. From then on every attempt is
 * logged, sent or failed, with the exact payload and the broker's reason, so
 * the log is the record of what the twin asked the physical system to do.
 *
 * Not thread-safe: one store belongs to one thread; open one per thread.
 */

#define G_LOG_DOMAIN "twin-feeds"

#include "config.h"

#include "twin-command-store.h"

#include "feeds/twin-feed-config.h"
#include "store/twin-store-connection.h"
#include "store/twin-store.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include <math.h>
#include <string.h>

struct _TwinCommandStore
{
  GObject  parent_instance;

  /* Owned references */
  char    *path;
  char    *name; /* the file's base name, for messages */
  sqlite3 *db;

  /* State */
  gboolean read_only;
};

G_DEFINE_FINAL_TYPE (TwinCommandStore, twin_command_store, G_TYPE_OBJECT)

static void
set_sqlite_error (TwinCommandStore *self,
                  GError          **error,
                  const char       *action)
{
  int            rc = sqlite3_extended_errcode (self->db) & 0xff;
  TwinStoreError code = TWIN_STORE_ERROR_IO;

  if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
    code = TWIN_STORE_ERROR_CORRUPT;
  else if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    code = TWIN_STORE_ERROR_LOCKED;
  else if (rc == SQLITE_READONLY)
    code = TWIN_STORE_ERROR_READ_ONLY;
  /* TRANSLATORS: %s are what was being done ("save the command binding"), a file name and SQLite's reason. */
  g_set_error (error, TWIN_STORE_ERROR, code, _ ("Could not %s in “%s”: %s."), action, self->name,
               sqlite3_errmsg (self->db));
}

static gboolean
check_writable (TwinCommandStore *self,
                GError          **error)
{
  if (!self->read_only)
    return TRUE;
  g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_READ_ONLY,
               _ ("“%s” is open read-only; its command bindings and log cannot be changed."), self->name);
  return FALSE;
}

static sqlite3_stmt *
prepare (TwinCommandStore *self,
         const char       *sql,
         const char       *action,
         GError          **error)
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
step_done (TwinCommandStore *self,
           sqlite3_stmt     *stmt,
           const char       *action,
           GError          **error)
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

static double
column_limit (sqlite3_stmt *stmt,
              int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, column);
}

static void
bind_limit (sqlite3_stmt *stmt,
            int           index,
            double        value)
{
  if (isnan (value))
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_double (stmt, index, value);
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

#define BINDING_COLUMNS "entity_path, property, feed, topic, qos, retain, payload, unit, min, max"

static TwinCommandBinding *
read_binding_row (sqlite3_stmt *stmt)
{
  TwinCommandBinding *binding = g_new0 (TwinCommandBinding, 1);

  binding->entity_path = dup_column_text (stmt, 0);
  binding->property = dup_column_text (stmt, 1);
  binding->feed = dup_column_text (stmt, 2);
  binding->topic = dup_column_text (stmt, 3);
  binding->qos = sqlite3_column_int (stmt, 4);
  binding->retain = sqlite3_column_int (stmt, 5) != 0;
  binding->payload = dup_column_text (stmt, 6);
  binding->unit = dup_column_text (stmt, 7);
  binding->min = column_limit (stmt, 8);
  binding->max = column_limit (stmt, 9);
  return binding;
}

/* The feed named @name, from the feed table on this connection. */
static TwinFeedConfig *
load_feed (TwinCommandStore *self,
           const char       *name,
           GError          **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GError) local_error = NULL;
  const char     *action = _ ("read the feed");
  TwinFeedConfig *config;
  int             rc;

  stmt = prepare (self, "SELECT json FROM feed WHERE name = ?1", action, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_NOT_FOUND, _ ("“%s” has no feed named “%s”."),
                   self->name, name);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, error, action);
      return NULL;
    }
  config = twin_feed_config_new_from_json ((const char *) sqlite3_column_text (stmt, 0), &local_error);
  if (config == NULL)
    {
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_CORRUPT, _ ("The feed “%s” stored in “%s” is damaged: %s"),
                   name, self->name, local_error->message);
      return NULL;
    }
  g_free (config->name);
  config->name = g_strdup (name);
  return config;
}

static void
twin_command_store_finalize (GObject *object)
{
  TwinCommandStore *self = (TwinCommandStore *) object;

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (twin_command_store_parent_class)->finalize (object);
}

static void
twin_command_store_class_init (TwinCommandStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = twin_command_store_finalize;
}

static void
twin_command_store_init (TwinCommandStore *self)
{
}

/**
 * twin_command_store_open:
 * @path: the project file (.dtwin)
 * @read_only: %TRUE to only read bindings and the log
 * @error: return location for a %TWIN_STORE_ERROR
 *
 * Opens the command bindings and log of a project on a connection of its
 * own. For writing, an older file is first brought up to date (see
 * twin_store_open_connection()).
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
TwinCommandStore *
twin_command_store_open (const char *path,
                         gboolean    read_only,
                         GError    **error)
{
  g_autoptr (TwinCommandStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (TWIN_TYPE_COMMAND_STORE, NULL);
  self->path = g_strdup (path);
  self->name = g_filename_display_basename (path);
  self->read_only = read_only;
  self->db = twin_store_open_connection (path, read_only, error);
  if (self->db == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * twin_command_store_list_bindings:
 * @self: a store
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type TwinCommandBinding): every command
 *   binding, by entity path and property; %NULL with @error set
 */
GPtrArray *
twin_command_store_list_bindings (TwinCommandStore *self,
                                  GError          **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) bindings = NULL;
  const char *action = _ ("read the command bindings");
  int         rc;

  g_return_val_if_fail (TWIN_IS_COMMAND_STORE (self), NULL);

  stmt = prepare (self, "SELECT " BINDING_COLUMNS " FROM command_binding ORDER BY entity_path, property", action,
                  error);
  if (stmt == NULL)
    return NULL;
  bindings = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_command_binding_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (bindings, read_binding_row (stmt));
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, action);
      return NULL;
    }
  return g_steal_pointer (&bindings);
}

/**
 * twin_command_store_find_binding:
 * @self: a store
 * @entity_path: the entity's path
 * @property: its property
 * @error: return location for a #GError (%TWIN_COMMAND_ERROR_NOT_FOUND when
 *   the property has no command binding)
 *
 * Returns: (transfer full): the binding, or %NULL with @error set
 */
TwinCommandBinding *
twin_command_store_find_binding (TwinCommandStore *self,
                                 const char       *entity_path,
                                 const char       *property,
                                 GError          **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const char *action = _ ("read the command binding");
  int         rc;

  g_return_val_if_fail (TWIN_IS_COMMAND_STORE (self), NULL);
  g_return_val_if_fail (entity_path != NULL, NULL);
  g_return_val_if_fail (property != NULL, NULL);

  stmt = prepare (self, "SELECT " BINDING_COLUMNS " FROM command_binding WHERE entity_path = ?1 AND property = ?2",
                  action, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, entity_path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, property, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_binding_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_NOT_FOUND,
                 _ ("“%s.%s” has no command binding in “%s”."), entity_path, property, self->name);
  else
    set_sqlite_error (self, error, action);
  return NULL;
}

/**
 * twin_command_store_save_binding:
 * @self: a store opened for writing
 * @binding: the binding
 * @error: return location for a #GError
 *
 * Stores a command binding, replacing the one of the same entity and
 * property. It is validated first (twin_command_binding_validate()), and its
 * feed must be an MQTT feed of the project; otherwise nothing changes.
 *
 * Returns: %TRUE on success
 */
gboolean
twin_command_store_save_binding (TwinCommandStore         *self,
                                 const TwinCommandBinding *binding,
                                 GError                  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (TwinFeedConfig) feed = NULL;
  const char *action = _ ("save the command binding");

  g_return_val_if_fail (TWIN_IS_COMMAND_STORE (self), FALSE);
  g_return_val_if_fail (binding != NULL, FALSE);

  if (!check_writable (self, error) || !twin_command_binding_validate (binding, error))
    return FALSE;
  feed = load_feed (self, binding->feed, error);
  if (feed == NULL)
    return FALSE;
  if (feed->kind != TWIN_FEED_MQTT)
    {
      g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID,
                   _ ("The feed “%s” is not an MQTT feed; commands for “%s.%s” cannot be sent through it."),
                   binding->feed, binding->entity_path, binding->property);
      return FALSE;
    }
  stmt = prepare (self, "INSERT OR REPLACE INTO command_binding (" BINDING_COLUMNS ")"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                  action, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, binding->entity_path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, binding->property, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, binding->feed, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, binding->topic, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, binding->qos);
  sqlite3_bind_int (stmt, 6, binding->retain ? 1 : 0);
  bind_text_or_null (stmt, 7, binding->payload);
  bind_text_or_null (stmt, 8, binding->unit != NULL && binding->unit[0] != '\0' ? binding->unit : NULL);
  bind_limit (stmt, 9, binding->min);
  bind_limit (stmt, 10, binding->max);
  return step_done (self, stmt, action, error);
}

/**
 * twin_command_store_delete_binding:
 * @self: a store opened for writing
 * @entity_path: the entity's path
 * @property: its property
 * @error: return location for a #GError (%TWIN_COMMAND_ERROR_NOT_FOUND when
 *   there is no such binding)
 *
 * Deletes a command binding; the log keeps the commands sent with it.
 *
 * Returns: %TRUE on success
 */
gboolean
twin_command_store_delete_binding (TwinCommandStore *self,
                                   const char       *entity_path,
                                   const char       *property,
                                   GError          **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const char *action = _ ("delete the command binding");

  g_return_val_if_fail (TWIN_IS_COMMAND_STORE (self), FALSE);
  g_return_val_if_fail (entity_path != NULL, FALSE);
  g_return_val_if_fail (property != NULL, FALSE);

  if (!check_writable (self, error))
    return FALSE;
  stmt = prepare (self, "DELETE FROM command_binding WHERE entity_path = ?1 AND property = ?2", action, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity_path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, property, -1, SQLITE_TRANSIENT);
  if (!step_done (self, stmt, action, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_NOT_FOUND,
                   _ ("“%s.%s” has no command binding in “%s”."), entity_path, property, self->name);
      return FALSE;
    }
  return TRUE;
}

/**
 * twin_command_store_log:
 * @self: a store opened for writing
 * @record: what was sent; its id is set
 * @error: return location for a #GError
 *
 * Appends @record to the command log.
 *
 * Returns: %TRUE on success
 */
gboolean
twin_command_store_log (TwinCommandStore  *self,
                        TwinCommandRecord *record,
                        GError           **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const char *action = _ ("log the command");

  g_return_val_if_fail (TWIN_IS_COMMAND_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (record->entity_path != NULL && record->property != NULL, FALSE);
  g_return_val_if_fail (record->feed != NULL && record->topic != NULL, FALSE);

  if (!check_writable (self, error))
    return FALSE;
  stmt = prepare (self, "INSERT INTO command_log (t_us, entity_path, property, feed, topic, payload, value, qos,"
                        " retain, origin, ok, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                  action, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, record->t_us);
  sqlite3_bind_text (stmt, 2, record->entity_path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, record->property, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, record->feed, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, record->topic, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, record->payload != NULL ? record->payload : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_double (stmt, 7, record->value);
  sqlite3_bind_int (stmt, 8, record->qos);
  sqlite3_bind_int (stmt, 9, record->retain ? 1 : 0);
  sqlite3_bind_text (stmt, 10, record->origin != NULL ? record->origin : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 11, record->ok ? 1 : 0);
  bind_text_or_null (stmt, 12, record->error);
  if (!step_done (self, stmt, action, error))
    return FALSE;
  record->id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

/**
 * twin_command_store_list_log:
 * @self: a store
 * @limit: the most recent records to return, or 0 for all
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type TwinCommandRecord): the log, oldest
 *   first (newest last); %NULL with @error set
 */
GPtrArray *
twin_command_store_list_log (TwinCommandStore *self,
                             guint             limit,
                             GError          **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) records = NULL;
  const char *action = _ ("read the command log");
  int         rc;

  g_return_val_if_fail (TWIN_IS_COMMAND_STORE (self), NULL);

  stmt = prepare (self, "SELECT * FROM (SELECT id, t_us, entity_path, property, feed, topic, payload, value, qos,"
                        " retain, origin, ok, error FROM command_log ORDER BY t_us DESC, id DESC LIMIT ?1)"
                        " ORDER BY t_us, id",
                  action, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit == 0 ? -1 : (sqlite3_int64) limit);
  records = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_command_record_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TwinCommandRecord *record = g_new0 (TwinCommandRecord, 1);

      record->id = sqlite3_column_int64 (stmt, 0);
      record->t_us = sqlite3_column_int64 (stmt, 1);
      record->entity_path = dup_column_text (stmt, 2);
      record->property = dup_column_text (stmt, 3);
      record->feed = dup_column_text (stmt, 4);
      record->topic = dup_column_text (stmt, 5);
      record->payload = dup_column_text (stmt, 6);
      record->value = sqlite3_column_double (stmt, 7);
      record->qos = sqlite3_column_int (stmt, 8);
      record->retain = sqlite3_column_int (stmt, 9) != 0;
      record->origin = dup_column_text (stmt, 10);
      record->ok = sqlite3_column_int (stmt, 11) != 0;
      record->error = dup_column_text (stmt, 12);
      g_ptr_array_add (records, record);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, action);
      return NULL;
    }
  return g_steal_pointer (&records);
}

/**
 * twin_command_send:
 * @store: the project's command store, opened for writing
 * @binding: the command binding
 * @value: the setpoint, in @property_unit
 * @property_unit: (nullable): the property's unit
 * @feed: (nullable): a running feed of the binding's broker to publish
 *   through, or %NULL to connect once with the feed's settings from the project
 * @password: (nullable): the password for a one-shot connection
 * @origin: who sends it ("app", "twinctl", …)
 * @timeout_ms: how long connecting and the broker's acknowledgement may take
 * @record: (out) (optional) (transfer full): the log record, once the payload
 *   is formatted (also when sending failed)
 * @error: return location for a #GError: %TWIN_COMMAND_ERROR_INVALID or
 *   %TWIN_COMMAND_ERROR_OUT_OF_RANGE (refused by the binding: nothing sent
 *   or logged), %TWIN_COMMAND_ERROR_NOT_FOUND (no such feed: logged as
 *   failed), %TWIN_COMMAND_ERROR_SEND (not sent or not acknowledged: logged),
 *   %TWIN_COMMAND_ERROR_STORE (the log could not be written; the command may
 *   have been sent: the message says which)
 *
 * Sends a setpoint and logs the attempt. Blocks until the broker
 * acknowledged (QoS > 0) or @timeout_ms passed: call it from a worker
 * thread in the app.
 *
 * Returns: %TRUE if the broker took the command and it is logged
 */
gboolean
twin_command_send (TwinCommandStore         *store,
                   const TwinCommandBinding *binding,
                   double                    value,
                   const char               *property_unit,
                   TwinMqttFeed             *feed,
                   const char               *password,
                   const char               *origin,
                   guint                     timeout_ms,
                   TwinCommandRecord       **record,
                   GError                  **error)
{
  g_autoptr (TwinCommandRecord) entry = NULL;
  g_autoptr (GError) send_error = NULL;
  g_autoptr (GError) log_error = NULL;
  g_autofree char *payload = NULL;
  gboolean         sent;

  g_return_val_if_fail (TWIN_IS_COMMAND_STORE (store), FALSE);
  g_return_val_if_fail (binding != NULL, FALSE);
  g_return_val_if_fail (feed == NULL || TWIN_IS_MQTT_FEED (feed), FALSE);
  g_return_val_if_fail (record == NULL || *record == NULL, FALSE);

  if (!check_writable (store, error))
    return FALSE;
  payload = twin_command_binding_format_payload (binding, value, property_unit, error);
  if (payload == NULL)
    return FALSE;

  entry = g_new0 (TwinCommandRecord, 1);
  entry->t_us = g_get_real_time ();
  entry->entity_path = g_strdup (binding->entity_path);
  entry->property = g_strdup (binding->property);
  entry->feed = g_strdup (binding->feed);
  entry->topic = g_strdup (binding->topic);
  entry->payload = g_strdup (payload);
  entry->value = value;
  entry->qos = binding->qos;
  entry->retain = binding->retain;
  entry->origin = g_strdup (origin != NULL ? origin : "unknown");

  if (feed != NULL)
    sent = twin_mqtt_feed_publish (feed, binding->topic, payload, strlen (payload), binding->qos, binding->retain,
                                   timeout_ms, &send_error);
  else
    {
      g_autoptr (TwinFeedConfig) config = load_feed (store, binding->feed, &send_error);

      sent = config != NULL && twin_mqtt_publish_once (config, password, binding->topic, payload, strlen (payload),
                                                       binding->qos, binding->retain, timeout_ms, &send_error);
    }
  entry->ok = sent;
  if (!sent)
    entry->error = g_strdup (send_error->message);

  if (!twin_command_store_log (store, entry, &log_error))
    {
      if (sent)
        g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_STORE,
                     _ ("The command %s was sent to “%s”, but it could not be logged: %s"), payload, binding->topic,
                     log_error->message);
      else
        g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_STORE,
                     _ ("The command %s could not be sent to “%s” (%s), and it could not be logged: %s"), payload,
                     binding->topic, send_error->message, log_error->message);
      if (record != NULL)
        *record = g_steal_pointer (&entry);
      return FALSE;
    }
  if (!sent)
    {
      if (g_error_matches (send_error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&send_error));
      else
        g_set_error_literal (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_SEND, send_error->message);
    }
  if (record != NULL)
    *record = g_steal_pointer (&entry);
  return sent;
}
