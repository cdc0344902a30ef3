/* test-alarm-store.c: alarm rules and the alarm log in real project files, and migration 007 from a v6 file.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real .dtwin files made by TwinStore: rules saved, updated, refused (a
 * duplicate name, bad limits, a read-only file) with the file unchanged,
 * deleted with their log kept; events appended, listed, acknowledged; which
 * rules are raised by the log; a file rolled back to format 6 (before
 * alarms) brought up to date; a damaged row refused with a clear error.
 */

#define G_LOG_DOMAIN "test-alarm-store"

#include "config.h"

#include "twin-core.h"
#include "twin-test-util.h"

#include "feeds/twin-alarm-store.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include <math.h>
#include <string.h>

static char *
new_project (const char *basename)
{
  g_autofree char *dir = twin_test_tmp_path ("alarms");
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

static TwinAlarmEvent *
make_event (const TwinAlarmRule *rule,
            TwinAlarmEventKind   kind,
            gint64               t_us,
            double               value)
{
  TwinAlarmEvent *event = g_new0 (TwinAlarmEvent, 1);

  event->rule_id = rule->id;
  event->rule_name = g_strdup (rule->name);
  event->signal = g_strdup (rule->signal);
  event->kind = kind;
  event->t_us = t_us;
  event->value = value;
  event->message = g_strdup_printf ("%s %s", rule->name, twin_alarm_event_kind_to_string (kind));
  return event;
}

static void
test_rules (void)
{
  g_autofree char *path = new_project ("rules.dtwin");
  g_autoptr (TwinAlarmStore) store = NULL;
  g_autoptr (TwinAlarmStore) reader = NULL;
  g_autoptr (TwinAlarmRule) hot = twin_alarm_rule_new ("hot", "room/t", TWIN_ALARM_THRESHOLD);
  g_autoptr (TwinAlarmRule) rising = twin_alarm_rule_new ("rising", "room/t", TWIN_ALARM_RATE);
  g_autoptr (TwinAlarmRule) other = NULL;
  g_autoptr (TwinAlarmRule) bad = twin_alarm_rule_new ("bad", "x", TWIN_ALARM_THRESHOLD);
  g_autoptr (GPtrArray) rules = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char     *before = NULL;
  g_autofree char     *after = NULL;
  const TwinAlarmRule *rule;

  store = twin_alarm_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  hot->high = 30;
  hot->deadband = 1.5;
  g_assert_true (twin_alarm_store_save_rule (store, hot, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hot->id, >, 0);
  rising->low = -0.25;
  rising->window_s = 120;
  rising->enabled = FALSE;
  g_assert_true (twin_alarm_store_save_rule (store, rising, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rising->id, !=, hot->id);

  /* Read back on another connection: by name, NULL limits are NAN. */
  reader = twin_alarm_store_open (path, TRUE, &error);
  g_assert_no_error (error);
  rules = twin_alarm_store_list_rules (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rules->len, ==, 2);
  rule = g_ptr_array_index (rules, 0);
  g_assert_cmpstr (rule->name, ==, "hot");
  g_assert_cmpint (rule->id, ==, hot->id);
  g_assert_cmpint (rule->kind, ==, TWIN_ALARM_THRESHOLD);
  g_assert_true (isnan (rule->low));
  g_assert_cmpfloat (rule->high, ==, 30);
  g_assert_cmpfloat (rule->deadband, ==, 1.5);
  g_assert_true (rule->enabled);
  rule = g_ptr_array_index (rules, 1);
  g_assert_cmpstr (rule->name, ==, "rising");
  g_assert_cmpint (rule->kind, ==, TWIN_ALARM_RATE);
  g_assert_cmpfloat (rule->low, ==, -0.25);
  g_assert_true (isnan (rule->high));
  g_assert_cmpfloat (rule->window_s, ==, 120);
  g_assert_false (rule->enabled);
  g_clear_pointer (&rules, g_ptr_array_unref);

  /* An update by id: renamed, new limits. */
  g_free (hot->name);
  hot->name = g_strdup ("too hot");
  hot->low = 5;
  g_assert_true (twin_alarm_store_save_rule (store, hot, &error));
  g_assert_no_error (error);
  rules = twin_alarm_store_list_rules (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rules->len, ==, 2);
  rule = g_ptr_array_index (rules, 1);
  g_assert_cmpstr (rule->name, ==, "too hot");
  g_assert_cmpint (rule->id, ==, hot->id);
  g_assert_cmpfloat (rule->low, ==, 5);
  g_clear_pointer (&rules, g_ptr_array_unref);

  /* Refused, leaving the file as it was: a name another rule has (new or renamed), bad limits, a missing id. */
  before = query_text (path, "SELECT group_concat(id || name || coalesce(low, '') || coalesce(high, ''), ';')"
                             " FROM alarm_rule");
  other = twin_alarm_rule_new ("rising", "room/h", TWIN_ALARM_THRESHOLD);
  other->high = 1;
  g_assert_false (twin_alarm_store_save_rule (store, other, &error));
  g_assert_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“rising”"));
  g_assert_nonnull (strstr (error->message, "rules.dtwin"));
  g_assert_cmpint (other->id, ==, 0);
  g_clear_error (&error);
  g_free (hot->name);
  hot->name = g_strdup ("rising");
  g_assert_false (twin_alarm_store_save_rule (store, hot, &error));
  g_assert_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_INVALID);
  g_clear_error (&error);
  bad->low = 3;
  bad->high = 2;
  g_assert_false (twin_alarm_store_save_rule (store, bad, &error));
  g_assert_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_INVALID);
  g_clear_error (&error);
  bad->high = 4;
  bad->id = 999;
  g_assert_false (twin_alarm_store_save_rule (store, bad, &error));
  g_assert_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  bad->id = 0;
  g_assert_false (twin_alarm_store_save_rule (reader, bad, &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  after = query_text (path, "SELECT group_concat(id || name || coalesce(low, '') || coalesce(high, ''), ';')"
                            " FROM alarm_rule");
  g_assert_cmpstr (before, ==, after);
}

static void
test_events (void)
{
  g_autofree char *path = new_project ("events.dtwin");
  g_autoptr (TwinAlarmStore) store = twin_alarm_store_open (path, FALSE, NULL);
  g_autoptr (TwinAlarmRule) hot = twin_alarm_rule_new ("hot", "room/t", TWIN_ALARM_THRESHOLD);
  g_autoptr (TwinAlarmRule) cold = twin_alarm_rule_new ("cold", "room/t", TWIN_ALARM_THRESHOLD);
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_alarm_event_free);
  g_autoptr (GPtrArray) listed = NULL;
  g_autoptr (GArray) raised = NULL;
  g_autoptr (GError) error = NULL;
  const TwinAlarmEvent *event;
  gint64                before_ack, after_ack;

  g_assert_nonnull (store);
  hot->high = 30;
  cold->low = 10;
  g_assert_true (twin_alarm_store_save_rule (store, hot, &error));
  g_assert_true (twin_alarm_store_save_rule (store, cold, &error));
  g_assert_no_error (error);

  raised = twin_alarm_store_list_raised (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (raised->len, ==, 0);
  g_clear_pointer (&raised, g_array_unref);

  g_ptr_array_add (events, make_event (hot, TWIN_ALARM_RAISED, 1000, 31));
  g_ptr_array_add (events, make_event (cold, TWIN_ALARM_RAISED, 2000, 9));
  g_ptr_array_add (events, make_event (cold, TWIN_ALARM_CLEARED, 3000, 11));
  g_assert_true (twin_alarm_store_append_events (store, events, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    g_assert_cmpint (((TwinAlarmEvent *) g_ptr_array_index (events, i))->id, >, 0);

  /* hot is raised; cold was cleared after its raise. */
  raised = twin_alarm_store_list_raised (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (raised->len, ==, 1);
  g_assert_cmpint (g_array_index (raised, gint64, 0), ==, hot->id);
  g_clear_pointer (&raised, g_array_unref);

  /* An acknowledgement is logged with the wall clock and no value; it does not clear the alarm. */
  before_ack = g_get_real_time ();
  g_assert_true (twin_alarm_store_acknowledge (store, hot->id, &error));
  g_assert_no_error (error);
  after_ack = g_get_real_time ();
  g_assert_false (twin_alarm_store_acknowledge (store, 12345, &error));
  g_assert_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  raised = twin_alarm_store_list_raised (store, &error);
  g_assert_cmpuint (raised->len, ==, 1);
  g_clear_pointer (&raised, g_array_unref);

  listed = twin_alarm_store_list_events (store, G_MININT64, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 4);
  event = g_ptr_array_index (listed, 0);
  g_assert_cmpint (event->kind, ==, TWIN_ALARM_RAISED);
  g_assert_cmpint (event->t_us, ==, 1000);
  g_assert_cmpfloat (event->value, ==, 31);
  g_assert_cmpint (event->rule_id, ==, hot->id);
  g_assert_cmpstr (event->rule_name, ==, "hot");
  g_assert_cmpstr (event->signal, ==, "room/t");
  g_assert_cmpstr (event->message, ==, "hot raised");
  event = g_ptr_array_index (listed, 3);
  g_assert_cmpint (event->kind, ==, TWIN_ALARM_ACKNOWLEDGED);
  g_assert_cmpint (event->t_us, >=, before_ack);
  g_assert_cmpint (event->t_us, <=, after_ack);
  g_assert_true (isnan (event->value));
  g_assert_nonnull (strstr (event->message, "“hot”"));
  g_clear_pointer (&listed, g_ptr_array_unref);

  /* Since a time; the newest few, still oldest first. */
  listed = twin_alarm_store_list_events (store, 2000, 0, &error);
  g_assert_cmpuint (listed->len, ==, 3);
  g_assert_cmpint (((TwinAlarmEvent *) g_ptr_array_index (listed, 0))->t_us, ==, 2000);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = twin_alarm_store_list_events (store, G_MININT64, 2, &error);
  g_assert_cmpuint (listed->len, ==, 2);
  g_assert_cmpint (((TwinAlarmEvent *) g_ptr_array_index (listed, 0))->t_us, ==, 3000);
  g_assert_cmpint (((TwinAlarmEvent *) g_ptr_array_index (listed, 1))->kind, ==, TWIN_ALARM_ACKNOWLEDGED);
  g_clear_pointer (&listed, g_ptr_array_unref);

  /* Deleting a rule keeps its log, with no rule id, and it is no longer raised. */
  g_assert_true (twin_alarm_store_delete_rule (store, "hot", &error));
  g_assert_no_error (error);
  g_assert_false (twin_alarm_store_delete_rule (store, "hot", &error));
  g_assert_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“hot”"));
  g_clear_error (&error);
  listed = twin_alarm_store_list_events (store, G_MININT64, 0, &error);
  g_assert_cmpuint (listed->len, ==, 4);
  event = g_ptr_array_index (listed, 0);
  g_assert_cmpint (event->rule_id, ==, 0);
  g_assert_cmpstr (event->rule_name, ==, "hot");
  g_assert_cmpint (((TwinAlarmEvent *) g_ptr_array_index (listed, 1))->rule_id, ==, cold->id);
  raised = twin_alarm_store_list_raised (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (raised->len, ==, 0);
}

/* A file of format 6 (before alarms and commands) is brought up to date by a store opened for writing,
 * and refused untouched by a read-only one. */
static void
test_migrate_v6 (void)
{
  g_autofree char *path = new_project ("v6.dtwin");
  g_autoptr (TwinAlarmStore) store = NULL;
  g_autoptr (TwinAlarmRule) rule = twin_alarm_rule_new ("hot", "room/t", TWIN_ALARM_THRESHOLD);
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinStore) project = NULL;
  g_autoptr (TwinEntity) root = NULL;
  g_autofree char *version = NULL;
  g_autofree char *tables = NULL;
  g_autofree char *check = NULL;

  g_assert_cmpint (TWIN_STORE_SCHEMA_VERSION, ==, 7);
  exec_sql (path, "DROP TABLE alarm_rule; DROP TABLE alarm_event; DROP TABLE command_binding;"
                  " DROP TABLE command_log; PRAGMA user_version = 6;");
  version = query_text (path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, "6");
  g_clear_pointer (&version, g_free);

  store = twin_alarm_store_open (path, TRUE, &error);
  g_assert_null (store);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "v6.dtwin"));
  g_clear_error (&error);
  version = query_text (path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, "6");
  g_clear_pointer (&version, g_free);

  store = twin_alarm_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  version = query_text (path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, "7");
  tables = query_text (path, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema"
                             " WHERE type = 'table' AND name IN ('alarm_rule', 'alarm_event', 'command_binding',"
                             " 'command_log') ORDER BY name)");
  g_assert_cmpstr (tables, ==, "alarm_event,alarm_rule,command_binding,command_log");
  rule->high = 30;
  g_assert_true (twin_alarm_store_save_rule (store, rule, &error));
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

/* A row another program damaged is refused with an error naming it, not read as something else. */
static void
test_damaged (void)
{
  g_autofree char *path = new_project ("damaged.dtwin");
  g_autoptr (TwinAlarmStore) store = NULL;
  g_autoptr (GPtrArray) rules = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GError) error = NULL;

  store = twin_alarm_store_open (path, TRUE, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  exec_sql (path, "PRAGMA ignore_check_constraints = ON;"
                  " INSERT INTO alarm_rule (name, signal, kind, high) VALUES ('odd', 'x', 'sideways', 1);"
                  " INSERT INTO alarm_event (rule_name, signal, kind, t_us, message)"
                  " VALUES ('odd', 'x', 'exploded', 1, 'm');");
  store = twin_alarm_store_open (path, TRUE, &error);
  g_assert_no_error (error);
  rules = twin_alarm_store_list_rules (store, &error);
  g_assert_null (rules);
  g_assert_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "“odd”"));
  g_assert_nonnull (strstr (error->message, "damaged.dtwin"));
  g_clear_error (&error);
  events = twin_alarm_store_list_events (store, G_MININT64, 0, &error);
  g_assert_null (events);
  g_assert_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "exploded"));
  g_clear_error (&error);

  /* Not a project at all. */
  g_clear_object (&store);
  {
    g_autofree char *junk = twin_test_tmp_path ("junk.dtwin");

    twin_test_write_file (junk, "not a database", 14);
    store = twin_alarm_store_open (junk, FALSE, &error);
    g_assert_null (store);
    g_assert_true (error != NULL && error->domain == TWIN_STORE_ERROR);
    g_assert_nonnull (strstr (error->message, "junk.dtwin"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/core/feeds/alarm-store/rules", test_rules);
  g_test_add_func ("/core/feeds/alarm-store/events", test_events);
  g_test_add_func ("/core/feeds/alarm-store/migrate-v6", test_migrate_v6);
  g_test_add_func ("/core/feeds/alarm-store/damaged", test_damaged);
  return g_test_run ();
}
