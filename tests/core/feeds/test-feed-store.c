/* test-feed-store.c: feeds and topic bindings in real project files: save/list/delete, bindings, migration 006.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real .dtwin files made by TwinStore, including one rolled back to file
 * format 5 (before feeds) to check migration 006, and one with a damaged
 * feed row. Bindings are checked through TwinHistorian, which the app and
 * the recorder read.
 */

#define G_LOG_DOMAIN "test-feed-store"

#include "config.h"

#include "twin-core.h"
#include "twin-test-util.h"

#include "feeds/twin-feed-store.h"
#include "history/twin-historian.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include <math.h>
#include <string.h>

static char *
new_project (const char *basename)
{
  g_autofree char *dir = twin_test_tmp_path ("feeds");
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Plant");
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinStore) store = NULL;
  char *path;

  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, basename, NULL);
  store = twin_store_create (path, root, &error);
  g_assert_no_error (error);
  twin_store_close (store);
  return path;
}

static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char         *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char    *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static TwinFeedConfig *
make_feed (const char *name,
           const char *pattern)
{
  TwinFeedConfig *config = twin_feed_config_new (name, TWIN_FEED_MQTT);

  config->port = 1884;
  config->username = g_strdup ("bob");
  g_ptr_array_add (config->subscriptions,
                   twin_feed_subscription_new (pattern, 1, twin_payload_format_parse ("json:v@t", NULL)));
  return config;
}

static void
test_feeds (void)
{
  g_autofree char *path = new_project ("feeds.dtwin");
  g_autoptr (TwinFeedStore) store = NULL;
  g_autoptr (TwinFeedStore) reader = NULL;
  g_autoptr (TwinFeedConfig) site = make_feed ("site", "plant/#");
  g_autoptr (TwinFeedConfig) lab = make_feed ("lab", "lab/+/temp");
  g_autoptr (TwinFeedConfig) loaded = NULL;
  g_autoptr (TwinFeedConfig) bad = make_feed ("bad", "a/#/b");
  g_autoptr (GPtrArray) feeds = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *count = NULL;
  g_autofree char *stored = NULL;

  store = twin_feed_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  feeds = twin_feed_store_list_feeds (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (feeds->len, ==, 0);
  g_clear_pointer (&feeds, g_ptr_array_unref);

  g_assert_true (twin_feed_store_save_feed (store, site, &error));
  g_assert_no_error (error);
  g_assert_true (twin_feed_store_save_feed (store, lab, &error));
  g_assert_no_error (error);

  /* An invalid feed changes nothing. */
  g_assert_false (twin_feed_store_save_feed (store, bad, &error));
  g_assert_error (error, TWIN_PAYLOAD_ERROR, TWIN_PAYLOAD_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "“bad”"));
  g_assert_nonnull (strstr (error->message, "a/#/b"));
  g_clear_error (&error);
  count = query_text (path, "SELECT count(*) FROM feed");
  g_assert_cmpstr (count, ==, "2");

  /* Listed by name, read back whole, from another connection. */
  reader = twin_feed_store_open (path, TRUE, &error);
  g_assert_no_error (error);
  feeds = twin_feed_store_list_feeds (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (feeds->len, ==, 2);
  g_assert_cmpstr (((TwinFeedConfig *) g_ptr_array_index (feeds, 0))->name, ==, "lab");
  g_assert_cmpstr (((TwinFeedConfig *) g_ptr_array_index (feeds, 1))->name, ==, "site");
  loaded = twin_feed_store_load_feed (reader, "site", &error);
  g_assert_no_error (error);
  json = twin_feed_config_to_json (loaded);
  {
    g_autofree char *expected = twin_feed_config_to_json (site);

    g_assert_cmpstr (json, ==, expected);
  }
  g_assert_cmpstr (loaded->client_id, ==, site->client_id);
  g_assert_cmpint (loaded->port, ==, 1884);

  /* Replacing keeps one row; no password in the file. */
  site->port = 1885;
  g_assert_true (twin_feed_store_save_feed (store, site, &error));
  g_assert_no_error (error);
  g_clear_pointer (&loaded, twin_feed_config_free);
  loaded = twin_feed_store_load_feed (reader, "site", &error);
  g_assert_no_error (error);
  g_assert_cmpint (loaded->port, ==, 1885);
  g_clear_pointer (&count, g_free);
  count = query_text (path, "SELECT count(*) FROM feed");
  g_assert_cmpstr (count, ==, "2");
  stored = query_text (path, "SELECT group_concat(json) FROM feed");
  g_assert_null (strstr (stored, "password"));

  /* Read-only refuses writes. */
  g_assert_false (twin_feed_store_save_feed (reader, site, &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "feeds.dtwin"));
  g_clear_error (&error);
  g_assert_false (twin_feed_store_delete_feed (reader, "site", &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);

  /* Delete; then it is not found, named with the file. */
  g_assert_true (twin_feed_store_delete_feed (store, "site", &error));
  g_assert_no_error (error);
  g_clear_pointer (&loaded, twin_feed_config_free);
  loaded = twin_feed_store_load_feed (reader, "site", &error);
  g_assert_null (loaded);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“site”"));
  g_assert_nonnull (strstr (error->message, "feeds.dtwin"));
  g_clear_error (&error);
  g_assert_false (twin_feed_store_delete_feed (store, "site", &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND);
}

static void
test_damaged_row (void)
{
  g_autofree char *path = new_project ("damaged.dtwin");
  g_autoptr (TwinFeedStore) store = NULL;
  g_autoptr (TwinFeedConfig) site = make_feed ("site", "plant/#");
  g_autoptr (GPtrArray) feeds = NULL;
  g_autoptr (GError) error = NULL;

  store = twin_feed_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (twin_feed_store_save_feed (store, site, &error));
  exec_sql (path, "UPDATE feed SET json = '{\"format\": \"twin-studio-feed\", \"version\": 1, \"name\": \"site\","
                  " \"password\": \"x\"}'");
  feeds = twin_feed_store_list_feeds (store, &error);
  g_assert_null (feeds);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "“site”"));
  g_assert_nonnull (strstr (error->message, "damaged.dtwin"));
  g_assert_nonnull (strstr (error->message, "password"));
}

static gint64
lookup_signal (TwinHistorian   *historian,
               const char      *name,
               TwinSignalInfo **info)
{
  g_autoptr (GError) error = NULL;

  *info = twin_historian_lookup_signal (historian, name, &error);
  g_assert_no_error (error);
  return *info != NULL ? (*info)->id : 0;
}

static void
test_bindings (void)
{
  g_autofree char *path = new_project ("bindings.dtwin");
  g_autoptr (TwinFeedStore) store = NULL;
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (GPtrArray) bindings = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinSignalInfo) info = NULL;
  g_autofree char  *count = NULL;
  TwinTopicBinding  binding = { "plant/room/temp", "Plant/Room", "temperature", "°F", 0.5, 1.5 };
  TwinTopicBinding *read;
  const TwinSample  samples[] = { { 1000000, 70 }, { 2000000, 71 } };
  gint64            id;

  /* The topic was recorded before anyone bound it. */
  historian = twin_historian_open (path, FALSE, &error);
  g_assert_no_error (error);
  id = twin_historian_ensure_signal (historian, "plant/room/temp", "°F", &error);
  g_assert_no_error (error);
  g_assert_true (twin_historian_append (historian, id, samples, G_N_ELEMENTS (samples), &error));
  g_assert_no_error (error);

  store = twin_feed_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (twin_feed_store_bind_topic (store, &binding, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lookup_signal (historian, "plant/room/temp", &info), ==, id);
  g_assert_cmpstr (info->entity_path, ==, "Plant/Room");
  g_assert_cmpstr (info->property, ==, "temperature");
  g_assert_cmpint (info->n_samples, ==, 2);
  g_clear_pointer (&info, twin_signal_info_free);

  /* A topic never recorded gets an empty signal in the binding's unit. */
  binding = (TwinTopicBinding){ "plant/pump/flow", "Plant/Pump", "flow", "l/min", 1, 0 };
  g_assert_true (twin_feed_store_bind_topic (store, &binding, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lookup_signal (historian, "plant/pump/flow", &info), >, 0);
  g_assert_cmpstr (info->unit, ==, "l/min");
  g_assert_cmpstr (info->entity_path, ==, "Plant/Pump");
  g_assert_cmpint (info->n_samples, ==, 0);
  g_clear_pointer (&info, twin_signal_info_free);

  bindings = twin_feed_store_list_bindings (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bindings->len, ==, 2);
  read = g_ptr_array_index (bindings, 0);
  g_assert_cmpstr (read->topic, ==, "plant/pump/flow");
  read = g_ptr_array_index (bindings, 1);
  g_assert_cmpstr (read->topic, ==, "plant/room/temp");
  g_assert_cmpstr (read->entity_path, ==, "Plant/Room");
  g_assert_cmpstr (read->property, ==, "temperature");
  g_assert_cmpstr (read->unit, ==, "°F");
  g_assert_cmpfloat (read->scale, ==, 0.5);
  g_assert_cmpfloat (read->offset, ==, 1.5);
  g_clear_pointer (&bindings, g_ptr_array_unref);

  /* Rebinding replaces; no unit is NULL. */
  binding = (TwinTopicBinding){ "plant/room/temp", "Plant/Office", "temperature", NULL, 1, 0 };
  g_assert_true (twin_feed_store_bind_topic (store, &binding, &error));
  g_assert_no_error (error);
  count = query_text (path, "SELECT count(*) FROM topic_binding");
  g_assert_cmpstr (count, ==, "2");
  bindings = twin_feed_store_list_bindings (store, &error);
  read = g_ptr_array_index (bindings, 1);
  g_assert_cmpstr (read->entity_path, ==, "Plant/Office");
  g_assert_null (read->unit);
  g_clear_pointer (&bindings, g_ptr_array_unref);
  lookup_signal (historian, "plant/room/temp", &info);
  g_assert_cmpstr (info->entity_path, ==, "Plant/Office");
  g_clear_pointer (&info, twin_signal_info_free);

  /* Bad bindings change nothing. */
  {
    const TwinTopicBinding bad[] = {
      { "plant/+/temp", "Plant/Room", "temperature", NULL, 1, 0 },
      { "plant/#", "Plant/Room", "temperature", NULL, 1, 0 },
      { "", "Plant/Room", "temperature", NULL, 1, 0 },
      { "plant/x", "", "temperature", NULL, 1, 0 },
      { "plant/x", "Plant/Room", "", NULL, 1, 0 },
      { "plant/x", "Plant/Room", "temperature", NULL, 0, 0 },
      { "plant/x", "Plant/Room", "temperature", NULL, NAN, 0 },
      { "plant/x", "Plant/Room", "temperature", NULL, 1, INFINITY },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_false (twin_feed_store_bind_topic (store, &bad[i], &error));
        g_assert_error (error, TWIN_PAYLOAD_ERROR, TWIN_PAYLOAD_ERROR_FORMAT);
        g_clear_error (&error);
      }
    g_clear_pointer (&count, g_free);
    count = query_text (path, "SELECT count(*) FROM topic_binding");
    g_assert_cmpstr (count, ==, "2");
    g_assert_cmpint (lookup_signal (historian, "plant/x", &info), ==, 0);
  }

  /* Unbinding keeps the history, without its binding. */
  g_assert_true (twin_feed_store_unbind_topic (store, "plant/room/temp", &error));
  g_assert_no_error (error);
  g_assert_cmpint (lookup_signal (historian, "plant/room/temp", &info), ==, id);
  g_assert_null (info->entity_path);
  g_assert_null (info->property);
  g_assert_cmpint (info->n_samples, ==, 2);
  g_clear_pointer (&info, twin_signal_info_free);
  g_assert_false (twin_feed_store_unbind_topic (store, "plant/room/temp", &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "plant/room/temp"));
  g_clear_error (&error);
  bindings = twin_feed_store_list_bindings (store, &error);
  g_assert_cmpuint (bindings->len, ==, 1);
}

/* A file of format 5 (before feeds) is brought up to date by a store opened
 * for writing, and refused by a read-only one untouched. */
static void
test_migrate_v5 (void)
{
  g_autofree char *path = new_project ("v5.dtwin");
  g_autoptr (TwinFeedStore) store = NULL;
  g_autoptr (TwinFeedConfig) site = make_feed ("site", "plant/#");
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinStore) project = NULL;
  g_autoptr (TwinEntity) root = NULL;
  g_autofree char *version = NULL;
  g_autofree char *tables = NULL;
  g_autofree char *check = NULL;

  g_assert_cmpint (TWIN_STORE_SCHEMA_VERSION, ==, 7);
  exec_sql (path, "DROP TABLE feed; DROP TABLE topic_binding; DROP TABLE alarm_rule; DROP TABLE alarm_event;"
                  " DROP TABLE command_binding; DROP TABLE command_log; PRAGMA user_version = 5;");
  version = query_text (path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, "5");
  g_clear_pointer (&version, g_free);

  store = twin_feed_store_open (path, TRUE, &error);
  g_assert_null (store);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "v5.dtwin"));
  g_clear_error (&error);
  version = query_text (path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, "5");
  g_clear_pointer (&version, g_free);

  store = twin_feed_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  version = query_text (path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, G_STRINGIFY (TWIN_STORE_SCHEMA_VERSION));
  tables = query_text (path, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema"
                             " WHERE type = 'table' AND name IN ('feed', 'topic_binding') ORDER BY name)");
  g_assert_cmpstr (tables, ==, "feed,topic_binding");
  g_assert_true (twin_feed_store_save_feed (store, site, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  project = twin_store_open (path, TWIN_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  root = twin_store_load_root (project, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (twin_entity_get_name (root), ==, "Plant");
  twin_store_close (project);
  check = query_text (path, "PRAGMA quick_check");
  g_assert_cmpstr (check, ==, "ok");
}

static void
test_not_project (void)
{
  g_autofree char *dir = twin_test_tmp_path ("feeds");
  g_autofree char *missing = g_build_filename (dir, "missing.dtwin", NULL);
  g_autofree char *foreign = g_build_filename (dir, "foreign.dtwin", NULL);
  g_autofree char *newer = new_project ("newer.dtwin");
  g_autoptr (TwinFeedStore) store = NULL;
  g_autoptr (GError) error = NULL;

  g_mkdir_with_parents (dir, 0755);
  store = twin_feed_store_open (missing, FALSE, &error);
  g_assert_null (store);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.dtwin"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  exec_sql (foreign, "CREATE TABLE x (y); PRAGMA user_version = 6");
  store = twin_feed_store_open (foreign, FALSE, &error);
  g_assert_null (store);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_FOREIGN);
  g_assert_nonnull (strstr (error->message, "foreign.dtwin"));
  g_clear_error (&error);

  {
    g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", TWIN_STORE_SCHEMA_VERSION + 1);

    exec_sql (newer, sql);
  }
  store = twin_feed_store_open (newer, FALSE, &error);
  g_assert_null (store);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer.dtwin"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/feeds/store/feeds", test_feeds);
  g_test_add_func ("/core/feeds/store/damaged-row", test_damaged_row);
  g_test_add_func ("/core/feeds/store/bindings", test_bindings);
  g_test_add_func ("/core/feeds/store/migrate-v5", test_migrate_v5);
  g_test_add_func ("/core/feeds/store/not-project", test_not_project);

  return g_test_run ();
}
