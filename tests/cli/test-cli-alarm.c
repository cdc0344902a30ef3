/* test-cli-alarm.c: `twinctl alarm add|list|remove|log`, run as a user would.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project file is checked with SQLite directly (alarm_rule, alarm_event);
 * the log is written through TwinAlarmStore, as a recorder does, and read
 * back by `alarm log` and `alarm list`. Refused commands leave the file as it
 * was.
 */

#define G_LOG_DOMAIN "test-cli-alarm"

#include "config.h"

#include "twin-core.h"
#include "twin-test-util.h"

#include "feeds/twin-alarm-store.h"
#include "history/twin-historian.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include <math.h>
#include <string.h>

static const char *twinctl_path;

static const char  model_json[] =
  "{\"format\": \"twin-studio-model\", \"version\": 1,\n"
  " \"root\": {\"id\": \"7a2d3b50-0000-4000-8000-000000000001\", \"name\": \"Plant\", \"type\": \"system\",\n"
  "  \"children\": [\n"
  "   {\"id\": \"7a2d3b50-0000-4000-8000-000000000002\", \"name\": \"Room\", \"type\": \"thermal_capacitance\",\n"
  "    \"parameters\": [{\"name\": \"heat_capacity\", \"type\": \"number\", \"value\": 100000, \"unit\": \"J/K\"},\n"
  "                   {\"name\": \"initial_temperature\", \"type\": \"number\", \"value\": 20, \"unit\": \"°C\"}]},\n"
  "   {\"id\": \"7a2d3b50-0000-4000-8000-000000000003\", \"name\": \"Wall\", \"type\": \"thermal_conductance\",\n"
  "    \"parameters\": [{\"name\": \"conductance\", \"type\": \"number\", \"value\": 10, \"unit\": \"W/K\"}]}]}}\n";

typedef struct
{
  int   exit_status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static GSubprocessLauncher *
new_launcher (const char      *dir,
              GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_cwd (launcher, dir);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "TZ", "UTC", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  return launcher;
}

static GPtrArray *
new_argv (const char *const *args)
{
  GPtrArray *argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) twinctl_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  return argv;
}

static void
run_twinctl_in (Run               *run,
                const char        *dir,
                const char        *input,
                const char *const *args)
{
  g_autoptr (GPtrArray) argv = new_argv (args);
  g_autoptr (GSubprocessLauncher) launcher =
    new_launcher (dir, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;

  run_clear (run);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input != NULL ? input : "", NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_if_signaled (process))
    g_error ("twinctl was killed by signal %d; stderr: %s", g_subprocess_get_term_sig (process), run->err);
  run->exit_status = g_subprocess_get_exit_status (process);
}

#define RUN(run, dir, ...) run_twinctl_in ((run), (dir), NULL, (const char *const[]){ __VA_ARGS__, NULL })
#define RUN_INPUT(run, dir, input, ...) run_twinctl_in ((run), (dir), (input), (const char *const[]){ __VA_ARGS__, NULL })

static void
assert_success (const Run *run)
{
  if (run->exit_status != 0)
    g_error ("twinctl failed with status %d: %s", run->exit_status, run->err);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_null (strchr (run->out, '\r'));
  g_assert_null (strchr (run->out, '\033'));
}

/* Status 1, one line "twinctl: …" on standard error naming each needle. */
static void
assert_user_error (const Run  *run,
                   const char *needle,
                   const char *needle2)
{
  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->exit_status, ==, 1);
  g_assert_true (g_str_has_prefix (run->err, "twinctl: "));
  g_assert_nonnull (strchr (run->err, '\n'));
  g_assert_cmpint (strchr (run->err, '\n')[1], ==, '\0');
  g_assert_null (strchr (run->err, '\r'));
  if (needle != NULL)
    g_assert_nonnull (strstr (run->err, needle));
  if (needle2 != NULL)
    g_assert_nonnull (strstr (run->err, needle2));
}

static void
assert_usage_error (const Run  *run,
                    const char *needle)
{
  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->exit_status, ==, 2);
  g_assert_true (g_str_has_prefix (run->err, "twinctl: "));
  g_assert_nonnull (strstr (run->err, "--help"));
  if (needle != NULL)
    g_assert_nonnull (strstr (run->err, needle));
}

typedef struct
{
  char *dir;
  char *project; /* plant.dtwin in @dir */
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autofree char *json_path = NULL;
  g_auto (Run) run = { 0 };

  fixture->dir = twin_test_tmp_path ("alarm");
  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0755), ==, 0);
  fixture->project = g_build_filename (fixture->dir, "plant.dtwin", NULL);
  json_path = g_build_filename (fixture->dir, "model.json", NULL);
  twin_test_write_file (json_path, model_json, strlen (model_json));
  RUN (&run, fixture->dir, "new", "plant.dtwin", "--from-json", "model.json");
  assert_success (&run);
  /* room/t is a recorded signal; room/h is not (adding a rule on it warns). */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (TwinHistorian) historian = twin_historian_open (fixture->project, FALSE, &error);

    g_assert_no_error (error);
    g_assert_cmpint (twin_historian_ensure_signal (historian, "room/t", "°C", &error), >, 0);
    g_assert_no_error (error);
  }
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_free (fixture->dir);
  g_free (fixture->project);
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

#define RULES_SQL                                                                                   \
  "SELECT group_concat(name || '|' || signal || '|' || kind || '|' || coalesce(low, '-') || '|' ||" \
  " coalesce(high, '-') || '|' || deadband || '|' || window_s || '|' || enabled, ';') FROM"         \
  " (SELECT * FROM alarm_rule ORDER BY name)"

static void
test_add_list_remove (Fixture      *fixture,
                      gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *rules = NULL;
  g_autofree char *events = NULL;
  JsonArray       *array;
  JsonObject      *rule;

  RUN (&run, fixture->dir, "alarm", "add", "plant.dtwin", "hot", "room/t", "--above", "30", "--deadband", "0.5");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "Added the alarm rule “hot” to “plant.dtwin”.\n");
  RUN (&run, fixture->dir, "alarm", "add", "plant.dtwin", "rising", "room/t", "--rate", "--above", "0.01", "--below",
       "-0.02", "--window", "5min");
  assert_success (&run);
  RUN (&run, fixture->dir, "alarm", "add", "plant.dtwin", "spare", "room/h", "--below", "20", "--disabled");
  g_assert_cmpint (run.exit_status, ==, 0);
  g_assert_cmpstr (run.err, ==,
                   "twinctl: warning: The project has no signal “room/h” yet; the rule applies once it is recorded.\n");

  rules = query_text (fixture->project, RULES_SQL);
  g_assert_cmpstr (rules, ==,
                   "hot|room/t|threshold|-|30.0|0.5|60.0|1;"
                   "rising|room/t|rate|-0.02|0.01|0.0|300.0|1;"
                   "spare|room/h|threshold|20.0|-|0.0|60.0|0");

  RUN (&run, fixture->dir, "alarm", "list", "plant.dtwin");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==,
                   "hot: “room/t” above 30, deadband 0.5\n"
                   "rising: “room/t” above 0.01 per second or below -0.02 per second over 300 s\n"
                   "spare: “room/h” below 20 (disabled)\n");

  RUN (&run, fixture->dir, "alarm", "list", "plant.dtwin", "--json");
  assert_success (&run);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  rule = json_array_get_object_element (array, 1);
  g_assert_cmpstr (json_object_get_string_member (rule, "name"), ==, "rising");
  g_assert_cmpstr (json_object_get_string_member (rule, "kind"), ==, "rate");
  g_assert_cmpfloat (json_object_get_double_member (rule, "low"), ==, -0.02);
  g_assert_cmpfloat (json_object_get_double_member (rule, "high"), ==, 0.01);
  g_assert_cmpfloat (json_object_get_double_member (rule, "window_s"), ==, 300);
  g_assert_true (json_object_get_boolean_member (rule, "enabled"));
  g_assert_false (json_object_get_boolean_member (rule, "raised"));
  rule = json_array_get_object_element (array, 0);
  g_assert_true (json_object_get_null_member (rule, "low"));

  /* Remove: the rule goes, its log stays. */
  {
    g_autoptr (TwinAlarmStore) store = twin_alarm_store_open (fixture->project, FALSE, &error);
    g_autoptr (GPtrArray) stored = NULL;
    g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_alarm_event_free);
    TwinAlarmEvent *event = g_new0 (TwinAlarmEvent, 1);

    g_assert_no_error (error);
    stored = twin_alarm_store_list_rules (store, &error);
    g_assert_no_error (error);
    event->rule_id = ((TwinAlarmRule *) g_ptr_array_index (stored, 0))->id;
    event->rule_name = g_strdup ("hot");
    event->signal = g_strdup ("room/t");
    event->kind = TWIN_ALARM_RAISED;
    event->t_us = G_USEC_PER_SEC;
    event->value = 31;
    event->message = g_strdup ("Hot.");
    g_ptr_array_add (list, event);
    g_assert_true (twin_alarm_store_append_events (store, list, &error));
    g_assert_no_error (error);
  }
  RUN (&run, fixture->dir, "alarm", "remove", "plant.dtwin", "hot");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "Removed the alarm rule “hot” from “plant.dtwin”.\n");
  g_clear_pointer (&rules, g_free);
  rules = query_text (fixture->project, "SELECT group_concat(name, ',') FROM alarm_rule");
  g_assert_cmpstr (rules, ==, "rising,spare");
  events = query_text (fixture->project, "SELECT rule_name || '|' || coalesce(rule_id, 'null') FROM alarm_event");
  g_assert_cmpstr (events, ==, "hot|null");
}

static void
test_errors (Fixture      *fixture,
             gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  RUN (&run, fixture->dir, "alarm", "add", "plant.dtwin", "hot", "room/t", "--above", "30");
  assert_success (&run);
  before = query_text (fixture->project, RULES_SQL);

  RUN (&run, fixture->dir, "alarm", "add", "plant.dtwin", "hot", "room/h", "--above", "3");
  assert_user_error (&run, "“hot”", "plant.dtwin");
  RUN (&run, fixture->dir, "alarm", "add", "plant.dtwin", "x", "room/t");
  assert_usage_error (&run, "--above");
  RUN (&run, fixture->dir, "alarm", "add", "plant.dtwin", "x", "room/t", "--above", "1,5");
  assert_usage_error (&run, "“1,5”");
  RUN (&run, fixture->dir, "alarm", "add", "plant.dtwin", "x", "room/t", "--above", "nan");
  assert_usage_error (&run, "“nan”");
  RUN (&run, fixture->dir, "alarm", "add", "plant.dtwin", "x", "room/t", "--above", "1", "--below", "2");
  assert_usage_error (&run, "“x”");
  RUN (&run, fixture->dir, "alarm", "add", "plant.dtwin", "x", "room/t", "--above", "1", "--window", "10");
  assert_usage_error (&run, "--rate");
  RUN (&run, fixture->dir, "alarm", "add", "plant.dtwin", "x", "room/t", "--rate", "--above", "1", "--window", "0");
  assert_usage_error (&run, "--window");
  RUN (&run, fixture->dir, "alarm", "add", "plant.dtwin", "x", "room/t", "--above", "1", "--deadband", "-1");
  assert_usage_error (&run, "deadband");
  RUN (&run, fixture->dir, "alarm", "add", "plant.dtwin", "x");
  assert_usage_error (&run, NULL);
  RUN (&run, fixture->dir, "alarm", "remove", "plant.dtwin", "nope");
  assert_user_error (&run, "“nope”", "plant.dtwin");
  RUN (&run, fixture->dir, "alarm", "log", "plant.dtwin", "--since", "yesterday-ish");
  assert_usage_error (&run, "--since");
  RUN (&run, fixture->dir, "alarm", "frobnicate", "plant.dtwin");
  assert_usage_error (&run, "“frobnicate”");
  RUN (&run, fixture->dir, "alarm", "list", "missing.dtwin");
  assert_user_error (&run, "missing.dtwin", NULL);
  {
    g_autofree char *missing = g_build_filename (fixture->dir, "missing.dtwin", NULL);

    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  }

  after = query_text (fixture->project, RULES_SQL);
  g_assert_cmpstr (before, ==, after);
}

static void
test_log (Fixture      *fixture,
          gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinAlarmStore) store = NULL;
  g_autoptr (TwinAlarmRule) rule = twin_alarm_rule_new ("hot", "room/t", TWIN_ALARM_THRESHOLD);
  g_autoptr (TwinAlarmMonitor) monitor = NULL;
  g_autoptr (GPtrArray) rules = g_ptr_array_new ();
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_alarm_event_free);
  const gint64 t0 = (gint64) 1767225600 * G_USEC_PER_SEC; /* 2026-01-01T00:00:00Z */
  JsonArray   *array;
  JsonObject  *event;

  RUN (&run, fixture->dir, "alarm", "log", "plant.dtwin");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "No alarm events.\n");

  /* Log what a recorder would: a raise at t0 + 60 s and a clear at t0 + 120 s, from the monitor. */
  store = twin_alarm_store_open (fixture->project, FALSE, &error);
  g_assert_no_error (error);
  rule->high = 30;
  g_assert_true (twin_alarm_store_save_rule (store, rule, &error));
  g_assert_no_error (error);
  g_ptr_array_add (rules, rule);
  monitor = twin_alarm_monitor_new (rules);
  twin_alarm_monitor_feed (monitor, "room/t", t0, 20, events);
  twin_alarm_monitor_feed (monitor, "room/t", t0 + 60 * G_USEC_PER_SEC, 30.5, events);
  g_assert_true (twin_alarm_store_append_events (store, events, &error));
  g_assert_no_error (error);

  RUN (&run, fixture->dir, "alarm", "list", "plant.dtwin");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "hot: “room/t” above 30 — RAISED\n");

  g_ptr_array_set_size (events, 0);
  twin_alarm_monitor_feed (monitor, "room/t", t0 + 120 * G_USEC_PER_SEC, 29, events);
  g_assert_true (twin_alarm_store_append_events (store, events, &error));
  g_assert_no_error (error);

  RUN (&run, fixture->dir, "alarm", "log", "plant.dtwin");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==,
                   "2026-01-01T00:01:00Z  Alarm “hot” raised: “room/t” is 30.5, above its upper limit 30.\n"
                   "2026-01-01T00:02:00Z  Alarm “hot” cleared: “room/t” is back at 29, inside its limits.\n");
  RUN (&run, fixture->dir, "alarm", "log", "plant.dtwin", "--since", "2026-01-01T00:01:30");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==,
                   "2026-01-01T00:02:00Z  Alarm “hot” cleared: “room/t” is back at 29, inside its limits.\n");
  RUN (&run, fixture->dir, "alarm", "log", "plant.dtwin", "--since", "2026-01-01T01:01:30+01:00", "--json");
  assert_success (&run);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  event = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (event, "kind"), ==, "cleared");
  g_assert_cmpstr (json_object_get_string_member (event, "rule"), ==, "hot");
  g_assert_cmpstr (json_object_get_string_member (event, "time"), ==, "2026-01-01T00:02:00Z");
  g_assert_cmpint (json_object_get_int_member (event, "t_us"), ==, t0 + 120 * G_USEC_PER_SEC);
  g_assert_cmpfloat (json_object_get_double_member (event, "value"), ==, 29);

  RUN (&run, fixture->dir, "alarm", "list", "plant.dtwin");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "hot: “room/t” above 30\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  twinctl_path = g_getenv ("TWINCTL");
  if (twinctl_path == NULL)
    {
      g_test_skip ("TWINCTL is not set: run through meson test");
      return g_test_run ();
    }

  g_test_add ("/cli/alarm/add-list-remove", Fixture, NULL, fixture_set_up, test_add_list_remove, fixture_tear_down);
  g_test_add ("/cli/alarm/errors", Fixture, NULL, fixture_set_up, test_errors, fixture_tear_down);
  g_test_add ("/cli/alarm/log", Fixture, NULL, fixture_set_up, test_log, fixture_tear_down);

  return g_test_run ();
}
