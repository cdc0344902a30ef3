/* twin-feed-store.c: feeds and topic bindings in the project file (tables feed and topic_binding).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tables are those of store/migrations/006-feeds.sql. A feed store has
 * its own SQLite connection (WAL, busy timeout), like TwinSimArchive, so it
 * works beside a TwinStore, a historian and a recorder on the same file, in
 * this process or another. Feeds are stored in their JSON form
 * (twin-feed-config.c), checked whole before they are written; a password
 * is never part of it. Errors are in the TWIN_STORE_ERROR domain (the
 * file) or TWIN_PAYLOAD_ERROR (settings that are not a valid feed).
 *
 * A topic binding is two rows: one in topic_binding (how the values are
 * converted) and the history signal's own binding (which property it
 * measures, through TwinHistorian). Binding writes the signal first, then
 * the row; if the row cannot be written the signal gets its old binding
 * back, so the two never disagree for long.
 *
 * Not thread-safe: one store belongs to one thread; open one per thread.
 */

#define G_LOG_DOMAIN "twin-feeds"

#include "config.h"

#include "twin-feed-store.h"

#include "history/twin-historian.h"
#include "store/twin-store-connection.h"
#include "store/twin-store.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include <math.h>
#include <string.h>
#include <sys/stat.h>

struct _TwinFeedStore
{
  GObject  parent_instance;

  /* Owned references */
  char    *path;
  char    *name; /* the file's base name, for messages */
  sqlite3 *db;

  /* State */
  gboolean read_only;
};

G_DEFINE_FINAL_TYPE (TwinFeedStore, twin_feed_store, G_TYPE_OBJECT)

static void
set_sqlite_error (TwinFeedStore *self,
                  GError       **error,
                  const char    *action)
{
  int            rc = sqlite3_extended_errcode (self->db) & 0xff;
  TwinStoreError code = TWIN_STORE_ERROR_IO;

  if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
    code = TWIN_STORE_ERROR_CORRUPT;
  else if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    code = TWIN_STORE_ERROR_LOCKED;
  else if (rc == SQLITE_READONLY)
    code = TWIN_STORE_ERROR_READ_ONLY;
  /* TRANSLATORS: %s are what was being done ("save the feed"), a file name and SQLite's reason. */
  g_set_error (error, TWIN_STORE_ERROR, code, _ ("Could not %s in “%s”: %s."), action, self->name,
               sqlite3_errmsg (self->db));
}

static gboolean
check_writable (TwinFeedStore *self,
                GError       **error)
{
  if (!self->read_only)
    return TRUE;
  g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_READ_ONLY,
               _ ("“%s” is open read-only; its feeds and bindings cannot be changed."), self->name);
  return FALSE;
}

static sqlite3_stmt *
prepare (TwinFeedStore *self,
         const char    *sql,
         const char    *action,
         GError       **error)
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
step_done (TwinFeedStore *self,
           sqlite3_stmt  *stmt,
           const char    *action,
           GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      set_sqlite_error (self, error, action);
      return FALSE;
    }
  return TRUE;
}

static void
twin_feed_store_finalize (GObject *object)
{
  TwinFeedStore *self = (TwinFeedStore *) object;

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (twin_feed_store_parent_class)->finalize (object);
}

static void
twin_feed_store_class_init (TwinFeedStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = twin_feed_store_finalize;
}

static void
twin_feed_store_init (TwinFeedStore *self)
{
}

/**
 * twin_feed_store_open:
 * @path: the project file (.dtwin)
 * @read_only: %TRUE to only read feeds and bindings
 * @error: return location for a %TWIN_STORE_ERROR
 *
 * Opens the feeds and topic bindings of a project on a connection of its
 * own. For writing, a file of an older format is first brought up to date
 * (through twin_store_open(), which needs the project's write lock: fails
 * with %TWIN_STORE_ERROR_LOCKED if another program has it open). A
 * read-only store refuses an older file with %TWIN_STORE_ERROR_READ_ONLY.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
TwinFeedStore *
twin_feed_store_open (const char *path,
                      gboolean    read_only,
                      GError    **error)
{
  g_autoptr (TwinFeedStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (TWIN_TYPE_FEED_STORE, NULL);
  self->path = g_strdup (path);
  self->name = g_filename_display_basename (path);
  self->read_only = read_only;

  self->db = twin_store_open_connection (path, read_only, error);
  if (self->db == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

/* A feed row: the row's key wins over a name edited inside the JSON. */
static TwinFeedConfig *
read_feed_row (TwinFeedStore *self,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  g_autoptr (GError) local_error = NULL;
  TwinFeedConfig *config;
  const char     *name = (const char *) sqlite3_column_text (stmt, 0);

  config = twin_feed_config_new_from_json ((const char *) sqlite3_column_text (stmt, 1), &local_error);
  if (config == NULL)
    {
      /* TRANSLATORS: %s are a feed's name, a file name and the reason its settings cannot be read. */
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_CORRUPT, _ ("The feed “%s” stored in “%s” is damaged: %s"),
                   name, self->name, local_error->message);
      return NULL;
    }
  g_free (config->name);
  config->name = g_strdup (name);
  return config;
}

/**
 * twin_feed_store_list_feeds:
 * @self: a store
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type TwinFeedConfig): every stored feed,
 *   by name; %NULL with @error set when one cannot be read
 */
GPtrArray *
twin_feed_store_list_feeds (TwinFeedStore *self,
                            GError       **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) feeds = NULL;
  const char *action = _ ("read the feeds");
  int         rc;

  g_return_val_if_fail (TWIN_IS_FEED_STORE (self), NULL);

  stmt = prepare (self, "SELECT name, json FROM feed ORDER BY name", action, error);
  if (stmt == NULL)
    return NULL;
  feeds = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_feed_config_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TwinFeedConfig *config = read_feed_row (self, stmt, error);

      if (config == NULL)
        return NULL;
      g_ptr_array_add (feeds, config);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, action);
      return NULL;
    }
  return g_steal_pointer (&feeds);
}

/**
 * twin_feed_store_load_feed:
 * @self: a store
 * @name: the feed's name
 * @error: return location for a #GError (%TWIN_STORE_ERROR_NOT_FOUND when
 *   there is no such feed)
 *
 * Returns: (transfer full): the feed's settings, or %NULL with @error set
 */
TwinFeedConfig *
twin_feed_store_load_feed (TwinFeedStore *self,
                           const char    *name,
                           GError       **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const char *action = _ ("read the feed");
  int         rc;

  g_return_val_if_fail (TWIN_IS_FEED_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  stmt = prepare (self, "SELECT name, json FROM feed WHERE name = ?1", action, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND, _ ("“%s” has no feed named “%s”."),
                   self->name, name);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, error, action);
      return NULL;
    }
  return read_feed_row (self, stmt, error);
}

/**
 * twin_feed_store_save_feed:
 * @self: a store opened for writing
 * @config: the settings
 * @error: return location for a #GError
 *
 * Stores a feed, replacing one of the same name. The settings are validated
 * first (twin_feed_config_validate()): invalid ones change nothing.
 *
 * Returns: %TRUE on success
 */
gboolean
twin_feed_store_save_feed (TwinFeedStore        *self,
                           const TwinFeedConfig *config,
                           GError              **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *json = NULL;
  const char      *action = _ ("save the feed");

  g_return_val_if_fail (TWIN_IS_FEED_STORE (self), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);

  if (!check_writable (self, error) || !twin_feed_config_validate (config, error))
    return FALSE;
  json = twin_feed_config_to_json (config);
  stmt = prepare (self, "INSERT INTO feed (name, json) VALUES (?1, ?2)"
                        " ON CONFLICT (name) DO UPDATE SET json = excluded.json",
                  action, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, config->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, json, -1, SQLITE_TRANSIENT);
  return step_done (self, stmt, action, error);
}

/**
 * twin_feed_store_delete_feed:
 * @self: a store opened for writing
 * @name: the feed's name
 * @error: return location for a #GError (%TWIN_STORE_ERROR_NOT_FOUND when
 *   there is no such feed)
 *
 * Deletes a feed's settings. What it recorded stays in the history, and
 * topic bindings stay (another feed may bring the same topics).
 *
 * Returns: %TRUE on success
 */
gboolean
twin_feed_store_delete_feed (TwinFeedStore *self,
                             const char    *name,
                             GError       **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const char *action = _ ("delete the feed");

  g_return_val_if_fail (TWIN_IS_FEED_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!check_writable (self, error))
    return FALSE;
  stmt = prepare (self, "DELETE FROM feed WHERE name = ?1", action, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (!step_done (self, stmt, action, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND, _ ("“%s” has no feed named “%s”."),
                   self->name, name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_binding (TwinFeedStore          *self,
               const TwinTopicBinding *binding,
               GError                **error)
{
  const char *reason = NULL;

  if (binding->topic == NULL || *binding->topic == '\0' || !g_utf8_validate (binding->topic, -1, NULL) ||
      strpbrk (binding->topic, "+#") != NULL)
    reason = _ ("a binding needs a concrete topic, without wildcards");
  else if (binding->entity_path == NULL || *binding->entity_path == '\0')
    reason = _ ("a binding needs an entity path");
  else if (binding->property == NULL || *binding->property == '\0')
    reason = _ ("a binding needs a property");
  else if (!isfinite (binding->scale) || binding->scale == 0)
    reason = _ ("the scale must be a finite number other than 0");
  else if (!isfinite (binding->offset))
    reason = _ ("the offset must be a finite number");
  if (reason == NULL)
    return TRUE;
  /* TRANSLATORS: %s are a topic and the reason its binding is invalid. */
  g_set_error (error, TWIN_PAYLOAD_ERROR, TWIN_PAYLOAD_ERROR_FORMAT, _ ("The binding of “%s” is invalid: %s."),
               binding->topic != NULL ? binding->topic : "", reason);
  return FALSE;
}

/**
 * twin_feed_store_bind_topic:
 * @self: a store opened for writing
 * @binding: the binding
 * @error: return location for a #GError
 *
 * Binds a topic's signal to ENTITY.PROPERTY, replacing the topic's earlier
 * binding: stores the binding and sets the history signal's binding
 * (twin_historian_set_signal_binding()), so the history the topic already
 * has is kept and charted as the property's. A signal not yet recorded is
 * created empty, in @binding's unit (none when %NULL). The entity is not
 * looked up here: the caller checks it against the model.
 *
 * Returns: %TRUE on success
 */
gboolean
twin_feed_store_bind_topic (TwinFeedStore          *self,
                            const TwinTopicBinding *binding,
                            GError                **error)
{
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (TwinSignalInfo) info = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GError) local_error = NULL;
  const char *action = _ ("save the topic binding");
  gint64      id;

  g_return_val_if_fail (TWIN_IS_FEED_STORE (self), FALSE);
  g_return_val_if_fail (binding != NULL, FALSE);

  if (!check_writable (self, error) || !check_binding (self, binding, error))
    return FALSE;
  historian = twin_historian_open (self->path, FALSE, error);
  if (historian == NULL)
    return FALSE;
  info = twin_historian_lookup_signal (historian, binding->topic, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  id = info != NULL ? info->id : twin_historian_ensure_signal (historian, binding->topic, binding->unit != NULL ? binding->unit : "", error);
  if (id <= 0 || !twin_historian_set_signal_binding (historian, id, binding->entity_path, binding->property, error))
    return FALSE;

  stmt = prepare (self, "INSERT INTO topic_binding (topic, entity_path, property, unit, scale, offset)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (topic) DO UPDATE SET"
                        " entity_path = excluded.entity_path, property = excluded.property,"
                        " unit = excluded.unit, scale = excluded.scale, offset = excluded.offset",
                  action, error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, binding->topic, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, binding->entity_path, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, binding->property, -1, SQLITE_TRANSIENT);
      if (binding->unit != NULL && *binding->unit != '\0')
        sqlite3_bind_text (stmt, 4, binding->unit, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_null (stmt, 4);
      sqlite3_bind_double (stmt, 5, binding->scale);
      sqlite3_bind_double (stmt, 6, binding->offset);
      if (step_done (self, stmt, action, error))
        return TRUE;
    }
  /* The row could not be written: give the signal its old binding back. */
  twin_historian_set_signal_binding (historian, id, info != NULL ? info->entity_path : NULL,
                                     info != NULL ? info->property : NULL, NULL);
  return FALSE;
}

/**
 * twin_feed_store_unbind_topic:
 * @self: a store opened for writing
 * @topic: a bound topic
 * @error: return location for a #GError (%TWIN_STORE_ERROR_NOT_FOUND when
 *   the topic is not bound)
 *
 * Removes a topic's binding and the binding of its history signal. Its
 * history stays, as the topic's signal.
 *
 * Returns: %TRUE on success
 */
gboolean
twin_feed_store_unbind_topic (TwinFeedStore *self,
                              const char    *topic,
                              GError       **error)
{
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (TwinSignalInfo) info = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GError) local_error = NULL;
  const char *action = _ ("delete the topic binding");

  g_return_val_if_fail (TWIN_IS_FEED_STORE (self), FALSE);
  g_return_val_if_fail (topic != NULL, FALSE);

  if (!check_writable (self, error))
    return FALSE;
  stmt = prepare (self, "DELETE FROM topic_binding WHERE topic = ?1", action, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, topic, -1, SQLITE_TRANSIENT);
  if (!step_done (self, stmt, action, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND, _ ("“%s” has no binding of the topic “%s”."),
                   self->name, topic);
      return FALSE;
    }
  historian = twin_historian_open (self->path, FALSE, error);
  if (historian == NULL)
    return FALSE;
  info = twin_historian_lookup_signal (historian, topic, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (info == NULL)
    return TRUE;
  return twin_historian_set_signal_binding (historian, info->id, NULL, NULL, error);
}

/**
 * twin_feed_store_list_bindings:
 * @self: a store
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type TwinTopicBinding): every topic
 *   binding, by topic; %NULL with @error set
 */
GPtrArray *
twin_feed_store_list_bindings (TwinFeedStore *self,
                               GError       **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) bindings = NULL;
  const char *action = _ ("read the topic bindings");
  int         rc;

  g_return_val_if_fail (TWIN_IS_FEED_STORE (self), NULL);

  stmt = prepare (self, "SELECT topic, entity_path, property, unit, scale, offset FROM topic_binding ORDER BY topic",
                  action, error);
  if (stmt == NULL)
    return NULL;
  bindings = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_topic_binding_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TwinTopicBinding *binding = g_new0 (TwinTopicBinding, 1);

      binding->topic = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      binding->entity_path = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      binding->property = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      binding->unit = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      binding->scale = sqlite3_column_double (stmt, 4);
      binding->offset = sqlite3_column_double (stmt, 5);
      g_ptr_array_add (bindings, binding);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, action);
      return NULL;
    }
  return g_steal_pointer (&bindings);
}
