/* test-cli-command.c: `twinctl command bind|list|unbind|send|log`, run as a user would, against a real mosquitto.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What reaches the broker is read back with mosquitto_sub (a retained
 * setpoint is there for a subscriber that comes later). The confirmation is
 * tested on a real pseudo-terminal: standard input of twinctl is its slave.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#define G_LOG_DOMAIN "test-cli-command"

#include "config.h"

#include "feeds-test-broker.h"
#include "twin-core.h"
#include "twin-test-util.h"

#include <fcntl.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char model_json[] =
  "{\"format\": \"twin-studio-model\", \"version\": 1,\n"
  " \"root\": {\"id\": \"7a2d3b50-0000-4000-8000-000000000001\", \"name\": \"Plant\", \"type\": \"system\",\n"
  "  \"children\": [\n"
  "   {\"id\": \"7a2d3b50-0000-4000-8000-000000000002\", \"name\": \"Room\", \"type\": \"thermal_capacitance\",\n"
  "    \"parameters\": [{\"name\": \"heat_capacity\", \"type\": \"number\", \"value\": 100000, \"unit\": \"J/K\"},\n"
  "                   {\"name\": \"initial_temperature\", \"type\": \"number\", \"value\": 20, \"unit\": \"°C\"}]},\n"
  "   {\"id\": \"7a2d3b50-0000-4000-8000-000000000005\", \"name\": \"Heater\", \"type\": \"heat_source\",\n"
  "    \"parameters\": [{\"name\": \"heat_flow\", \"type\": \"number\", \"value\": 0, \"unit\": \"W\"}]}]}}\n";

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

/* Runs twinctl in @dir; standard input is @stdin_fd (taken) or an empty pipe when -1. */
static void
run_twinctl (Run               *run,
             const char        *dir,
             int                stdin_fd,
             const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;

  if (stdin_fd < 0)
    flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;
  launcher = g_subprocess_launcher_new (flags);
  g_subprocess_launcher_set_cwd (launcher, dir);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_unsetenv (launcher, "TWIN_FEED_PASSWORD");
  if (stdin_fd >= 0)
    g_subprocess_launcher_take_stdin_fd (launcher, stdin_fd);
  g_ptr_array_add (argv, (gpointer) g_getenv ("TWINCTL"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  run_clear (run);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, stdin_fd < 0 ? "" : NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->exit_status = g_subprocess_get_exit_status (process);
  g_test_message ("twinctl %s → %d\n%s%s", args[0], run->exit_status, run->out, run->err);
}

#define RUN(run, dir, ...) run_twinctl ((run), (dir), -1, (const char *const[]){ __VA_ARGS__, NULL })

static void
assert_status (const Run  *run,
               int         status,
               const char *needle)
{
  g_assert_cmpint (run->exit_status, ==, status);
  if (status != 0)
    g_assert_true (g_str_has_prefix (run->err, "twinctl: "));
  else
    g_assert_cmpstr (run->err, ==, "");
  if (needle != NULL && strstr (status == 0 ? run->out : run->err, needle) == NULL)
    g_error ("“%s” does not say “%s”", status == 0 ? run->out : run->err, needle);
}

static gboolean
has_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

static char *
new_project (const char *dir)
{
  g_autofree char *json_path = g_build_filename (dir, "model.json", NULL);
  g_auto (Run) run = { 0 };

  twin_test_write_file (json_path, model_json, strlen (model_json));
  RUN (&run, dir, "new", "plant.dtwin", "--from-json", "model.json");
  assert_status (&run, 0, NULL);
  return g_build_filename (dir, "plant.dtwin", NULL);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static guint
log_length (const char *dir)
{
  g_auto (Run) run = { 0 };
  g_autoptr (JsonNode) root = NULL;

  RUN (&run, dir, "command", "log", "plant.dtwin", "--json");
  assert_status (&run, 0, NULL);
  root = parse_json (run.out);
  return json_array_get_length (json_node_get_array (root));
}

static void
test_bind_list_unbind (void)
{
  g_autofree char *dir = twin_test_tmp_path ("bind");
  g_autofree char *project = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_auto (Run) run = { 0 };
  JsonObject *binding;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  project = new_project (dir);
  RUN (&run, dir, "command", "list", "plant.dtwin");
  assert_status (&run, 0, "No command bindings.");

  /* The feed must exist first. */
  RUN (&run, dir, "command", "bind", "plant.dtwin", "Plant/Heater.heat_flow", "--feed", "site", "--topic",
       "cmd/heater");
  assert_status (&run, 1, "site");
  RUN (&run, dir, "feed", "add", "plant.dtwin", "--name", "site", "--broker", "127.0.0.1:1883", "--topic",
       "plant/#");
  assert_status (&run, 0, NULL);

  /* Usage errors: missing options, wildcards, a bad template, limits, the target's form. */
  RUN (&run, dir, "command", "bind", "plant.dtwin", "Plant/Heater.heat_flow", "--topic", "cmd/heater");
  assert_status (&run, 2, "--feed");
  RUN (&run, dir, "command", "bind", "plant.dtwin", "Plant/Heater.heat_flow", "--feed", "site", "--topic", "cmd/#");
  assert_status (&run, 2, "cmd/#");
  RUN (&run, dir, "command", "bind", "plant.dtwin", "Plant/Heater.heat_flow", "--feed", "site", "--topic",
       "cmd/heater", "--payload", "{\"p\": 1}");
  assert_status (&run, 2, "{value}");
  RUN (&run, dir, "command", "bind", "plant.dtwin", "Plant/Heater.heat_flow", "--feed", "site", "--topic",
       "cmd/heater", "--min", "3000", "--max", "1000");
  assert_status (&run, 2, "3000");
  RUN (&run, dir, "command", "bind", "plant.dtwin", "Plant/Heater.heat_flow", "--feed", "site", "--topic",
       "cmd/heater", "--max", "1,5");
  assert_status (&run, 2, "1,5");
  RUN (&run, dir, "command", "bind", "plant.dtwin", "heat_flow", "--feed", "site", "--topic", "cmd/heater");
  assert_status (&run, 2, "ENTITY-PATH.PROPERTY");
  /* The property must exist; the receiver's unit must fit it. */
  RUN (&run, dir, "command", "bind", "plant.dtwin", "Plant/Heater.power", "--feed", "site", "--topic", "cmd/heater");
  assert_status (&run, 1, "power");
  RUN (&run, dir, "command", "bind", "plant.dtwin", "Plant/Boiler.power", "--feed", "site", "--topic", "cmd/heater");
  assert_status (&run, 1, "Plant/Boiler");
  RUN (&run, dir, "command", "bind", "plant.dtwin", "Plant/Heater.heat_flow", "--feed", "site", "--topic",
       "cmd/heater", "--unit", "°C");
  assert_status (&run, 1, "°C");
  RUN (&run, dir, "command", "list", "plant.dtwin");
  assert_status (&run, 0, "No command bindings.");

  RUN (&run, dir, "command", "bind", "plant.dtwin", "Plant/Heater.heat_flow", "--feed", "site", "--topic",
       "cmd/heater", "--qos", "2", "--retain", "--unit", "kW", "--payload", "{\"power\": {value}}", "--min", "0",
       "--max", "3000");
  assert_status (&run, 0, "cmd/heater");
  RUN (&run, dir, "command", "list", "plant.dtwin");
  assert_status (&run, 0, "Plant/Heater.heat_flow → cmd/heater");
  g_assert_nonnull (strstr (run.out, "QoS 2, retained, sent in kW"));
  RUN (&run, dir, "command", "list", "plant.dtwin", "--json");
  assert_status (&run, 0, NULL);
  root = parse_json (run.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  binding = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpstr (json_object_get_string_member (binding, "entity_path"), ==, "Plant/Heater");
  g_assert_cmpstr (json_object_get_string_member (binding, "property"), ==, "heat_flow");
  g_assert_cmpstr (json_object_get_string_member (binding, "payload"), ==, "{\"power\": {value}}");
  g_assert_cmpstr (json_object_get_string_member (binding, "unit"), ==, "kW");
  g_assert_cmpint (json_object_get_int_member (binding, "qos"), ==, 2);
  g_assert_true (json_object_get_boolean_member (binding, "retain"));
  g_assert_cmpfloat (json_object_get_double_member (binding, "min"), ==, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (binding, "max"), ==, 3000.0);

  RUN (&run, dir, "command", "unbind", "plant.dtwin", "Plant/Heater.heat_flow");
  assert_status (&run, 0, "Plant/Heater.heat_flow");
  RUN (&run, dir, "command", "unbind", "plant.dtwin", "Plant/Heater.heat_flow");
  assert_status (&run, 1, "Plant/Heater.heat_flow");
  RUN (&run, dir, "command", "frobnicate", "plant.dtwin");
  assert_status (&run, 2, "frobnicate");
  RUN (&run, dir, "command", "--help");
  assert_status (&run, 0, "send");
}

/* mosquitto_sub for one retained-or-live message on @topic: "retained payload". */
static char *
read_topic (FeedsTestBroker *broker,
            const char      *topic)
{
  g_autofree char *port = g_strdup_printf ("%d", broker->port);
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  char *out = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "mosquitto_sub", "-h", "127.0.0.1", "-p", port,
                              "-t", topic, "-C", "1", "-W", "3", "-F", "%r %p", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  return g_strchomp (out);
}

/* twinctl with standard input on a new pseudo-terminal, @answer typed in advance. */
static void
run_on_terminal (Run               *run,
                 const char        *dir,
                 const char        *answer,
                 const char *const *args)
{
  int master = posix_openpt (O_RDWR | O_NOCTTY);
  int slave;

  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);
  slave = open (ptsname (master), O_RDWR | O_NOCTTY);
  g_assert_cmpint (slave, >=, 0);
  g_assert_cmpint (write (master, answer, strlen (answer)), ==, (gssize) strlen (answer));
  run_twinctl (run, dir, slave, args);
  close (master);
}

static void
test_send (void)
{
  FeedsTestBroker *broker = feeds_test_broker_start (NULL);
  g_autofree char *dir = twin_test_tmp_path ("send");
  g_autofree char *project = NULL;
  g_autofree char *address = NULL;
  g_autofree char *seen = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_auto (Run) run = { 0 };
  JsonArray  *log;
  JsonObject *entry;

  if (broker == NULL || !has_program ("mosquitto_sub"))
    {
      g_test_skip ("mosquitto is not installed");
      if (broker != NULL)
        feeds_test_broker_free (broker);
      return;
    }
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  project = new_project (dir);
  address = g_strdup_printf ("127.0.0.1:%d", broker->port);
  RUN (&run, dir, "feed", "add", "plant.dtwin", "--name", "site", "--broker", address, "--topic", "plant/#");
  assert_status (&run, 0, NULL);
  RUN (&run, dir, "command", "bind", "plant.dtwin", "Plant/Room.initial_temperature", "--feed", "site", "--topic",
       "cmd/room/setpoint", "--retain", "--unit", "K", "--max", "30");
  assert_status (&run, 0, NULL);

  /* No terminal to ask on and no --yes: refused, nothing sent or logged. */
  RUN (&run, dir, "command", "send", "plant.dtwin", "Plant/Room.initial_temperature", "21.5");
  assert_status (&run, 2, "--yes");
  g_assert_nonnull (strstr (run.err, "21.5 °C"));
  seen = read_topic (broker, "cmd/room/setpoint");
  g_assert_cmpstr (seen, ==, "");
  g_clear_pointer (&seen, g_free);
  g_assert_cmpuint (log_length (dir), ==, 0);

  /* Refused by the binding: not sent, not logged. A value needs a dot. */
  RUN (&run, dir, "command", "send", "plant.dtwin", "Plant/Room.initial_temperature", "35", "--yes");
  assert_status (&run, 1, "maximum of 30 °C");
  RUN (&run, dir, "command", "send", "plant.dtwin", "Plant/Room.initial_temperature", "21,5", "--yes");
  assert_status (&run, 2, "21,5");
  RUN (&run, dir, "command", "send", "plant.dtwin", "Plant/Room.heat_capacity", "1", "--yes");
  assert_status (&run, 1, "no command binding");
  g_assert_cmpuint (log_length (dir), ==, 0);

  /* On a terminal: "n" sends nothing; "y" sends, converted to K; a later subscriber gets the retained setpoint. */
  run_on_terminal (&run, dir, "n\n",
                   (const char *const[]){ "command", "send", "plant.dtwin", "Plant/Room.initial_temperature", "21.5",
                                          NULL });
  g_assert_cmpint (run.exit_status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Send 21.5 °C to Plant/Room.initial_temperature on 127.0.0.1:"));
  g_assert_nonnull (strstr (run.err, "Nothing was sent"));
  g_assert_cmpuint (log_length (dir), ==, 0);
  run_on_terminal (&run, dir, "y\n",
                   (const char *const[]){ "command", "send", "plant.dtwin", "Plant/Room.initial_temperature", "21.5",
                                          NULL });
  g_assert_cmpint (run.exit_status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Sent 21.5 °C to Plant/Room.initial_temperature: 294.65 on “cmd/room/setpoint”"));
  seen = read_topic (broker, "cmd/room/setpoint");
  g_assert_cmpstr (seen, ==, "1 294.65");
  g_clear_pointer (&seen, g_free);

  /* --yes in a script. */
  RUN (&run, dir, "command", "send", "plant.dtwin", "Plant/Room.initial_temperature", "19", "--yes");
  assert_status (&run, 0, "292.15");
  seen = read_topic (broker, "cmd/room/setpoint");
  g_assert_cmpstr (seen, ==, "1 292.15");
  g_clear_pointer (&seen, g_free);

  /* The broker gone: a failure naming it, logged as failed. */
  feeds_test_broker_stop (broker, FALSE);
  RUN (&run, dir, "command", "send", "plant.dtwin", "Plant/Room.initial_temperature", "18", "--yes", "--timeout",
       "2");
  assert_status (&run, 1, address);

  RUN (&run, dir, "command", "log", "plant.dtwin");
  assert_status (&run, 0, "twinctl  Plant/Room.initial_temperature = 21.5 → “cmd/room/setpoint”");
  g_assert_nonnull (strstr (run.out, "FAILED: "));
  RUN (&run, dir, "command", "log", "plant.dtwin", "--json", "--limit", "2");
  assert_status (&run, 0, NULL);
  root = parse_json (run.out);
  log = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (log), ==, 2);
  entry = json_array_get_object_element (log, 0);
  g_assert_true (json_object_get_boolean_member (entry, "ok"));
  g_assert_cmpstr (json_object_get_string_member (entry, "payload"), ==, "292.15");
  g_assert_cmpfloat (json_object_get_double_member (entry, "value"), ==, 19.0);
  g_assert_cmpstr (json_object_get_string_member (entry, "origin"), ==, "twinctl");
  g_assert_true (json_object_get_boolean_member (entry, "retain"));
  g_assert_true (json_object_get_null_member (entry, "error"));
  entry = json_array_get_object_element (log, 1);
  g_assert_false (json_object_get_boolean_member (entry, "ok"));
  g_assert_nonnull (strstr (json_object_get_string_member (entry, "error"), address));
  g_assert_cmpuint (log_length (dir), ==, 3);
  feeds_test_broker_free (broker);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/cli/command/bind-list-unbind", test_bind_list_unbind);
  g_test_add_func ("/cli/command/send", test_send);
  return g_test_run ();
}
