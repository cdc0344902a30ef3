/* test-cli-feed.c: `twinctl feed add|list|remove` and the topic form of `twinctl bind`, run as a user would.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project file is checked with SQLite directly: feeds in the feed table
 * (never a password), topic bindings in topic_binding, and the history
 * signal's own binding.
 */

#define G_LOG_DOMAIN "test-cli-feed"

#include "config.h"

#include "twin-core.h"
#include "twin-test-util.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

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

  fixture->dir = twin_test_tmp_path ("feed");
  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0755), ==, 0);
  fixture->project = g_build_filename (fixture->dir, "plant.dtwin", NULL);
  json_path = g_build_filename (fixture->dir, "model.json", NULL);
  twin_test_write_file (json_path, model_json, strlen (model_json));
  RUN (&run, fixture->dir, "new", "plant.dtwin", "--from-json", "model.json");
  assert_success (&run);
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

static void
test_add_list_remove (Fixture      *fixture,
                      gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *count = NULL;
  g_autofree char *stored = NULL;
  JsonObject      *root;
  JsonObject      *feed;
  JsonArray       *subscriptions;

  RUN (&run, fixture->dir, "feed", "list", "plant.dtwin");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "No feeds.\n");

  g_setenv ("TWIN_FEED_PASSWORD", "hunter2-secret", TRUE);
  RUN (&run, fixture->dir, "feed", "add", "plant.dtwin", "--name", "site", "--broker", "broker.local:1884", "--topic",
       "plant/+/temp", "--topic", "plant/senml/#", "--qos", "2", "--payload", "json:data.v@data.t", "--client-id",
       "rec-1", "--user", "bob", "--protocol", "5", "--keepalive", "30");
  g_unsetenv ("TWIN_FEED_PASSWORD");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "“site”"));
  g_assert_nonnull (strstr (run.out, "broker.local:1884"));
  g_assert_nonnull (strstr (run.out, "2 topics"));

  /* TLS: the port defaults to 8883; files not there yet are a warning. */
  RUN (&run, fixture->dir, "feed", "add", "plant.dtwin", "--name", "secure", "--broker", "[::1]", "--topic", "a/b",
       "--tls-ca", "ca.pem", "--tls-cert", "c.pem", "--tls-key", "c.key", "--payload", "senml");
  g_assert_cmpint (run.exit_status, ==, 0);
  g_assert_nonnull (strstr (run.out, "::1:8883"));
  g_assert_nonnull (strstr (run.err, "ca.pem"));

  stored = query_text (fixture->project, "SELECT group_concat(json) FROM feed");
  g_assert_null (strstr (stored, "hunter2"));
  g_assert_null (strstr (stored, "password"));

  RUN (&run, fixture->dir, "feed", "list", "plant.dtwin");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "secure\n"));
  g_assert_nonnull (strstr (run.out, "site\n  Broker: broker.local:1884, MQTT 5\n"));
  g_assert_nonnull (strstr (run.out, "  Client id: rec-1, session kept on the broker, keep-alive 30 s\n"));
  g_assert_nonnull (strstr (run.out, "  User: bob"));
  g_assert_nonnull (strstr (run.out, "  Topic: plant/+/temp (QoS 2, json:data.v@data.t)\n"));
  g_assert_nonnull (strstr (run.out, "  Topic: plant/senml/# (QoS 2, json:data.v@data.t)\n"));
  g_assert_true (strstr (run.out, "secure\n") < strstr (run.out, "site\n"));

  RUN (&run, fixture->dir, "feed", "list", "plant.dtwin", "--json");
  assert_success (&run);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "feeds")), ==, 2);
  feed = json_array_get_object_element (json_object_get_array_member (root, "feeds"), 1);
  g_assert_cmpstr (json_object_get_string_member (feed, "name"), ==, "site");
  g_assert_cmpint (json_object_get_int_member (feed, "port"), ==, 1884);
  g_assert_cmpstr (json_object_get_string_member (feed, "client_id"), ==, "rec-1");
  subscriptions = json_object_get_array_member (feed, "subscriptions");
  g_assert_cmpuint (json_array_get_length (subscriptions), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (subscriptions, 0), "qos"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "bindings")), ==, 0);

  /* A second feed of the same name is refused; the first is unchanged. */
  RUN (&run, fixture->dir, "feed", "add", "plant.dtwin", "--name", "site", "--broker", "other", "--topic", "x");
  assert_user_error (&run, "“site”", "plant.dtwin");
  count = query_text (fixture->project, "SELECT json FROM feed WHERE name = 'site'");
  g_assert_nonnull (strstr (count, "broker.local"));
  g_clear_pointer (&count, g_free);

  RUN (&run, fixture->dir, "feed", "remove", "plant.dtwin", "secure");
  assert_success (&run);
  RUN (&run, fixture->dir, "feed", "remove", "plant.dtwin", "secure");
  assert_user_error (&run, "“secure”", "plant.dtwin");
  count = query_text (fixture->project, "SELECT count(*) FROM feed");
  g_assert_cmpstr (count, ==, "1");
}

static void
test_add_errors (Fixture      *fixture,
                 gconstpointer data)
{
  static const struct
  {
    const char *args[10];
    const char *needle;
  } cases[] = {
    { { "--broker", "h", "--topic", "a" }, "--name" },
    { { "--name", "n", "--topic", "a" }, "--broker" },
    { { "--name", "n", "--broker", "h" }, "--topic" },
    { { "--name", "n", "--broker", "h:0", "--topic", "a" }, "“h:0”" },
    { { "--name", "n", "--broker", "h:x", "--topic", "a" }, "“h:x”" },
    { { "--name", "n", "--broker", "::1", "--topic", "a" }, "“::1”" },
    { { "--name", "n", "--broker", "h", "--topic", "a/#/b" }, "“a/#/b”" },
    { { "--name", "n", "--broker", "h", "--topic", "a", "--qos", "3" }, "QoS 3" },
    { { "--name", "n", "--broker", "h", "--topic", "a", "--payload", "xml" }, "“xml”" },
    { { "--name", "n", "--broker", "h", "--topic", "a", "--payload", "json:a..b" }, "“json:a..b”" },
    { { "--name", "n", "--broker", "h", "--topic", "a", "--protocol", "4" }, "protocol 4" },
    { { "--name", "n", "--broker", "h", "--topic", "a", "--tls-cert", "c.pem" }, "key" },
  };
  g_auto (Run) run = { 0 };
  g_autofree char *count = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *args[14] = { "feed", "add", "plant.dtwin" };

      for (guint j = 0; cases[i].args[j] != NULL; j++)
        args[3 + j] = cases[i].args[j];
      run_twinctl_in (&run, fixture->dir, NULL, args);
      assert_usage_error (&run, cases[i].needle);
    }
  count = query_text (fixture->project, "SELECT count(*) FROM feed");
  g_assert_cmpstr (count, ==, "0");

  RUN (&run, fixture->dir, "feed", "add", "missing.dtwin", "--name", "n", "--broker", "h", "--topic", "a");
  assert_user_error (&run, "missing.dtwin", NULL);
  g_assert_false (g_file_test ("missing.dtwin", G_FILE_TEST_EXISTS));
  RUN (&run, fixture->dir, "feed", "frob", "plant.dtwin");
  assert_usage_error (&run, "“frob”");
  RUN (&run, fixture->dir, "feed", "--help");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "add"));
}

static void
test_bind_topic (Fixture      *fixture,
                 gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *row = NULL;

  RUN (&run, fixture->dir, "feed", "add", "plant.dtwin", "--name", "site", "--broker", "localhost", "--topic",
       "plant/#");
  assert_success (&run);

  /* A topic under a feed's subscription: a topic binding, in °F to the property's °C. */
  RUN (&run, fixture->dir, "bind", "plant.dtwin", "plant/room/temp", "Plant/Room.initial_temperature", "--unit", "°F");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "topic “plant/room/temp”"));
  row = query_text (fixture->project, "SELECT entity_path || '|' || property || '|' || unit || '|' || scale || '|' ||"
                                      " offset FROM topic_binding WHERE topic = 'plant/room/temp'");
  g_assert_cmpstr (row, ==, "Plant/Room|initial_temperature|°F|1.0|0.0");
  g_clear_pointer (&row, g_free);
  row = query_text (fixture->project, "SELECT entity_path || '|' || property || '|' || unit FROM signal"
                                      " WHERE name = 'plant/room/temp'");
  g_assert_cmpstr (row, ==, "Plant/Room|initial_temperature|°F");
  g_clear_pointer (&row, g_free);

  /* A unit that cannot become the property's is refused, naming both. */
  RUN (&run, fixture->dir, "bind", "plant.dtwin", "plant/room/power", "Plant/Room.initial_temperature", "--unit", "W");
  assert_user_error (&run, "plant/room/power", "temperature");
  row = query_text (fixture->project, "SELECT count(*) FROM topic_binding WHERE topic = 'plant/room/power'");
  g_assert_cmpstr (row, ==, "0");
  g_clear_pointer (&row, g_free);

  /* --scale/--offset make a topic binding without a matching feed; numbers with a dot. */
  RUN (&run, fixture->dir, "bind", "plant.dtwin", "lab/wall/g", "Plant/Wall.conductance", "--scale", "0.5", "--offset",
       "-1.25");
  assert_success (&run);
  row = query_text (fixture->project, "SELECT scale || '|' || offset FROM topic_binding WHERE topic = 'lab/wall/g'");
  g_assert_cmpstr (row, ==, "0.5|-1.25");
  g_clear_pointer (&row, g_free);
  RUN (&run, fixture->dir, "bind", "plant.dtwin", "lab/wall/g", "Plant/Wall.conductance", "--scale", "0,5");
  assert_usage_error (&run, "“0,5”");
  RUN (&run, fixture->dir, "bind", "plant.dtwin", "lab/wall/g", "Plant/Wall.conductance", "--scale", "0");
  assert_usage_error (&run, "--scale");

  RUN (&run, fixture->dir, "feed", "list", "plant.dtwin");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "Topic bindings:\n"));
  g_assert_nonnull (strstr (run.out, "  lab/wall/g → Plant/Wall.conductance, × 0.5 + -1.25\n"));
  g_assert_nonnull (strstr (run.out, "  plant/room/temp → Plant/Room.initial_temperature, in °F\n"));

  /* A signal that is no topic keeps the plain binding. */
  RUN (&run, fixture->dir, "bind", "plant.dtwin", "csv/col", "Plant/Wall.conductance", "--unit", "W/K");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "Bound “csv/col”"));
  row = query_text (fixture->project, "SELECT count(*) FROM topic_binding WHERE topic = 'csv/col'");
  g_assert_cmpstr (row, ==, "0");
  g_clear_pointer (&row, g_free);

  /* --clear removes both bindings; the signal stays. */
  RUN (&run, fixture->dir, "bind", "plant.dtwin", "plant/room/temp", "--clear");
  assert_success (&run);
  row = query_text (fixture->project, "SELECT count(*) FROM topic_binding WHERE topic = 'plant/room/temp'");
  g_assert_cmpstr (row, ==, "0");
  g_clear_pointer (&row, g_free);
  row = query_text (fixture->project, "SELECT coalesce(entity_path, 'none') FROM signal WHERE name = 'plant/room/temp'");
  g_assert_cmpstr (row, ==, "none");
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

  g_test_add ("/cli/feed/add-list-remove", Fixture, NULL, fixture_set_up, test_add_list_remove, fixture_tear_down);
  g_test_add ("/cli/feed/add-errors", Fixture, NULL, fixture_set_up, test_add_errors, fixture_tear_down);
  g_test_add ("/cli/feed/bind-topic", Fixture, NULL, fixture_set_up, test_bind_topic, fixture_tear_down);

  return g_test_run ();
}
