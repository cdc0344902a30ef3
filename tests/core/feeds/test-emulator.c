/* test-emulator.c: `twinctl emulate` and CSV replay feeds against a real mosquitto, recorded by a real recorder.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The twin is a room (C = 100 kJ/K, 20 °C at the start) losing heat through a
 * wall (G = 10 W/K) to the outside at 0 °C, so T(t) = 20 °C · e^(−t/τ),
 * τ = 10,000 s. Its scenario outputs every 60 s for 2 h. Topics are bound to
 * Plant/Room.T: plant/room/t (plain), plant/room/t2 (scale 0.5, offset 1, so
 * the emulator must publish (T − 1) / 0.5 for the recorder to store T again),
 * plant/room/t3 in °F (published and stored in °F), and plant/room/bad to a property with no variable (skipped
 * with a warning). The emulator runs at 3600× (2 s); a TwinMqttFeed and a
 * TwinRecorder in this process record into the same project, and the stored
 * sequence is checked against T(60 k).
 */

#define G_LOG_DOMAIN "test-emulator"

#include "config.h"

#include "feeds-test-broker.h"
#include "twin-core.h"
#include "twin-test-util.h"

#include "feeds/twin-command-store.h"
#include "feeds/twin-feed-store.h"
#include "feeds/twin-mqtt-feed.h"
#include "feeds/twin-recorder.h"
#include "history/twin-historian.h"

#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <string.h>

#define TAU_S 10000.0
#define N_OUTPUTS 121 /* 0 … 7200 s every 60 s */
#define TOLERANCE_K 1e-4

static const char model_json[] =
  "{\"format\": \"twin-studio-model\", \"version\": 1, \"root\": {\n"
  " \"id\": \"7a2d3b50-0000-4000-8000-000000000001\", \"name\": \"Plant\", \"type\": \"system\",\n"
  " \"children\": [\n"
  "  {\"id\": \"7a2d3b50-0000-4000-8000-000000000002\", \"name\": \"Room\", \"type\": \"thermal_capacitance\",\n"
  "   \"parameters\": [{\"name\": \"heat_capacity\", \"type\": \"number\", \"value\": 100000, \"unit\": \"J/K\"},\n"
  "                  {\"name\": \"initial_temperature\", \"type\": \"number\", \"value\": 20, \"unit\": \"°C\"}]},\n"
  "  {\"id\": \"7a2d3b50-0000-4000-8000-000000000003\", \"name\": \"Wall\", \"type\": \"thermal_conductance\",\n"
  "   \"parameters\": [{\"name\": \"conductance\", \"type\": \"number\", \"value\": 10, \"unit\": \"W/K\"}]},\n"
  "  {\"id\": \"7a2d3b50-0000-4000-8000-000000000004\", \"name\": \"Outside\", \"type\": \"fixed_temperature\",\n"
  "   \"parameters\": [{\"name\": \"temperature\", \"type\": \"number\", \"value\": 0, \"unit\": \"°C\"}]}\n"
  " ],\n"
  " \"connections\": [\n"
  "  {\"id\": \"7a2d3b50-0000-4000-8000-000000000011\",\n"
  "   \"from\": {\"entity\": \"7a2d3b50-0000-4000-8000-000000000002\", \"port\": \"heat\"},\n"
  "   \"to\": {\"entity\": \"7a2d3b50-0000-4000-8000-000000000003\", \"port\": \"a\"}},\n"
  "  {\"id\": \"7a2d3b50-0000-4000-8000-000000000012\",\n"
  "   \"from\": {\"entity\": \"7a2d3b50-0000-4000-8000-000000000003\", \"port\": \"b\"},\n"
  "   \"to\": {\"entity\": \"7a2d3b50-0000-4000-8000-000000000004\", \"port\": \"heat\"}}\n"
  " ]}}\n";

static const char scenario_json[] =
  "{\"name\": \"Cooling\", \"duration_s\": 7200, \"solver\": {\"output_interval_s\": 60, \"rtol\": 1e-9}}";

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_twinctl (Run               *run,
             const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("TWINCTL"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char *const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error));
  g_assert_no_error (error);
  run->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

#define TWINCTL(run, ...)                                      \
  G_STMT_START                                                 \
  {                                                            \
    const char *const twinctl_args_[] = { __VA_ARGS__, NULL }; \
    g_clear_pointer (&(run)->out, g_free);                     \
    g_clear_pointer (&(run)->err, g_free);                     \
    run_twinctl ((run), twinctl_args_);                        \
  }                                                            \
  G_STMT_END

static void
bind (const char *path,
      const char *topic,
      const char *property,
      const char *unit,
      double      scale,
      double      offset)
{
  g_autoptr (TwinFeedStore) store = NULL;
  g_autoptr (GError) error = NULL;
  TwinTopicBinding binding = { (char *) topic, (char *) "Plant/Room", (char *) property, (char *) unit, scale, offset };

  store = twin_feed_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (twin_feed_store_bind_topic (store, &binding, &error));
  g_assert_no_error (error);
}

/* A project with the room model, the scenario and the bindings. */
static char *
new_plant (const char *basename)
{
  g_autofree char *json_path = twin_test_tmp_path ("model.json");
  g_autofree char *scenario_path = twin_test_tmp_path ("scenario.json");
  char            *path = twin_test_tmp_path (basename);
  g_autoptr (GError) error = NULL;
  Run run = { 0 };

  g_assert_true (g_file_set_contents (json_path, model_json, -1, &error));
  g_assert_true (g_file_set_contents (scenario_path, scenario_json, -1, &error));
  g_assert_no_error (error);
  TWINCTL (&run, "new", path, "--from-json", json_path);
  g_assert_cmpint (run.status, ==, 0);
  TWINCTL (&run, "scenario", "save", path, scenario_path);
  g_assert_cmpint (run.status, ==, 0);
  g_free (run.out);
  g_free (run.err);
  bind (path, "plant/room/t", "T", "°C", 1.0, 0.0);
  bind (path, "plant/room/t2", "T", "°C", 0.5, 1.0);
  bind (path, "plant/room/t3", "T", "°F", 1.0, 0.0);
  bind (path, "plant/room/bad", "no_such_property", "°C", 1.0, 0.0);
  return path;
}

typedef struct
{
  TwinRecorder *recorder;
  TwinMqttFeed *feed;
} Recording;

static void
recording_start (Recording       *recording,
                 FeedsTestBroker *broker,
                 const char      *path)
{
  g_autoptr (TwinFeedConfig) config = twin_feed_config_new ("rec", TWIN_FEED_MQTT);
  g_autoptr (GError) error = NULL;
  TwinMqttStatus status = { 0 };

  g_free (config->host);
  config->host = g_strdup ("127.0.0.1");
  config->port = broker->port;
  config->clean_session = TRUE;
  g_ptr_array_add (config->subscriptions,
                   twin_feed_subscription_new ("plant/#", 1, twin_payload_format_parse ("number", NULL)));
  recording->recorder = twin_recorder_new (path, &error);
  g_assert_no_error (error);
  recording->feed = twin_mqtt_feed_new (config, NULL, recording->recorder);
  g_assert_true (twin_mqtt_feed_start (recording->feed, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 1000 && status.state != TWIN_MQTT_CONNECTED; i++)
    {
      twin_mqtt_status_clear (&status);
      g_usleep (10000);
      twin_mqtt_feed_get_status (recording->feed, &status);
    }
  g_assert_cmpint (status.state, ==, TWIN_MQTT_CONNECTED);
  twin_mqtt_status_clear (&status);
  g_usleep (200000); /* the SUBACK follows the CONNACK */
}

static void
recording_stop (Recording *recording,
                guint64    expected)
{
  g_autoptr (GError) error = NULL;

  feeds_test_wait_recorder (recording->recorder, expected, 30.0);
  twin_mqtt_feed_stop (recording->feed);
  g_assert_true (twin_recorder_close (recording->recorder, &error));
  g_assert_no_error (error);
  g_clear_object (&recording->feed);
  g_clear_object (&recording->recorder);
}

/* The samples of @name in @path, in time order (an empty array when there is no such signal). */
static GArray *
read_signal (const char *path,
             const char *name)
{
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (TwinSignalInfo) info = NULL;
  g_autoptr (GError) error = NULL;
  GArray *samples;

  historian = twin_historian_open (path, TRUE, &error);
  g_assert_no_error (error);
  info = twin_historian_lookup_signal (historian, name, &error);
  g_assert_no_error (error);
  if (info == NULL || info->n_samples == 0)
    return g_array_new (FALSE, FALSE, sizeof (TwinSample));
  samples = twin_historian_read (historian, info->id, info->first_us, info->last_us + 1, &error);
  g_assert_no_error (error);
  return samples;
}

static double
expected_t (guint k)
{
  return 20.0 * exp (-60.0 * k / TAU_S);
}

static void
test_simulate (void)
{
  FeedsTestBroker *broker = feeds_test_broker_start (NULL);
  g_autofree char *path = NULL;
  g_autofree char *address = NULL;
  g_autoptr (GArray) t = NULL;
  g_autoptr (GArray) t2 = NULL;
  g_autoptr (GArray) t3 = NULL;
  Recording recording = { 0 };
  Run       run = { 0 };

  if (broker == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  path = new_plant ("simulate.dtwin");
  address = g_strdup_printf ("127.0.0.1:%d", broker->port);
  recording_start (&recording, broker, path);
  TWINCTL (&run, "emulate", path, "--broker", address, "--speed", "3600", "--duration", "2h");
  g_assert_cmpint (run.status, ==, 0);
  /* The binding to a property with no simulation variable is skipped with a warning naming it. */
  g_assert_nonnull (strstr (run.err, "plant/room/bad"));
  g_assert_nonnull (strstr (run.out, "Published 363 messages"));
  recording_stop (&recording, 3 * N_OUTPUTS);

  t = read_signal (path, "plant/room/t");
  t2 = read_signal (path, "plant/room/t2");
  t3 = read_signal (path, "plant/room/t3");
  g_assert_cmpuint (t->len, ==, N_OUTPUTS);
  g_assert_cmpuint (t2->len, ==, N_OUTPUTS);
  g_assert_cmpuint (t3->len, ==, N_OUTPUTS);
  for (guint k = 0; k < N_OUTPUTS; k++)
    {
      g_assert_cmpfloat_with_epsilon (g_array_index (t3, TwinSample, k).value, expected_t (k) * 1.8 + 32.0,
                                      2 * TOLERANCE_K);
      g_assert_cmpfloat_with_epsilon (g_array_index (t, TwinSample, k).value, expected_t (k), TOLERANCE_K);
      /* Published as (T − 1) / 0.5, stored back as T by the binding. */
      g_assert_cmpfloat_with_epsilon (g_array_index (t2, TwinSample, k).value, expected_t (k), TOLERANCE_K);
    }
  /* Paced: 2 h at 3600× takes about 2 s of real time. */
  g_assert_cmpint (g_array_index (t, TwinSample, N_OUTPUTS - 1).t_us - g_array_index (t, TwinSample, 0).t_us, >,
                   (gint64) (1.5 * G_USEC_PER_SEC));

  /* Replay: the recorded history of plant.dtwin published again, recorded into a fresh plant. */
  {
    g_autofree char *copy = new_plant ("replay.dtwin");
    g_autoptr (GArray) replayed = NULL;
    g_autoptr (GArray) replayed2 = NULL;

    recording_start (&recording, broker, copy);
    TWINCTL (&run, "emulate", path, "--broker", address, "--replay", "--speed", "4");
    g_assert_cmpint (run.status, ==, 0);
    recording_stop (&recording, 3 * N_OUTPUTS);
    replayed = read_signal (copy, "plant/room/t");
    replayed2 = read_signal (copy, "plant/room/t2");
    g_assert_cmpuint (replayed->len, ==, N_OUTPUTS);
    g_assert_cmpuint (replayed2->len, ==, N_OUTPUTS);
    for (guint k = 0; k < N_OUTPUTS; k++)
      {
        g_assert_cmpfloat (g_array_index (replayed, TwinSample, k).value, ==, g_array_index (t, TwinSample, k).value);
        g_assert_cmpfloat_with_epsilon (g_array_index (replayed2, TwinSample, k).value,
                                        g_array_index (t2, TwinSample, k).value, 1e-12);
      }
  }
  g_free (run.out);
  g_free (run.err);
  feeds_test_broker_free (broker);
}

static void
test_noise_and_faults (void)
{
  FeedsTestBroker *broker = feeds_test_broker_start (NULL);
  g_autofree char *path = NULL;
  g_autofree char *address = NULL;
  g_autoptr (GArray) t = NULL;
  g_autoptr (GArray) t2 = NULL;
  g_autoptr (GArray) t3 = NULL;
  Recording recording = { 0 };
  Run       run = { 0 };
  double    sum_sq = 0.0;

  if (broker == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  path = new_plant ("faults.dtwin");
  address = g_strdup_printf ("127.0.0.1:%d", broker->port);

  /* Bad fault specifications are usage errors naming the specification. */
  TWINCTL (&run, "emulate", path, "--broker", address, "--fault", "melt:plant/room/t");
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "melt:plant/room/t"));
  TWINCTL (&run, "emulate", path, "--broker", address, "--fault", "offset:plant/room/t=1,5");
  g_assert_cmpint (run.status, ==, 2);
  /* No broker there: a failure naming the broker. */
  TWINCTL (&run, "emulate", path, "--broker", "127.0.0.1:1", "--duration", "60");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "127.0.0.1:1"));

  recording_start (&recording, broker, path);
  TWINCTL (&run, "emulate", path, "--broker", address, "--speed", "3600", "--duration", "2h", "--noise", "0.1",
           "--fault", "stuck:plant/room/t2", "--fault", "offset:plant/room/t2=2", "--fault", "drop:plant/room/t3");
  g_assert_cmpint (run.status, ==, 0);
  recording_stop (&recording, 2 * N_OUTPUTS);

  t = read_signal (path, "plant/room/t");
  t2 = read_signal (path, "plant/room/t2");
  t3 = read_signal (path, "plant/room/t3");
  g_assert_cmpuint (t->len, ==, N_OUTPUTS);
  g_assert_cmpuint (t2->len, ==, N_OUTPUTS);
  g_assert_cmpuint (t3->len, ==, 0); /* dropped */
  for (guint k = 0; k < N_OUTPUTS; k++)
    {
      double residual = g_array_index (t, TwinSample, k).value - expected_t (k);

      g_assert_cmpfloat (fabs (residual), <, 0.6); /* 6 σ */
      sum_sq += residual * residual;
      /* Stuck at its first (noisy, offset) value: (raw + 2) · 0.5 + 1 = T(0) + 1 ± noise. */
      g_assert_cmpfloat (g_array_index (t2, TwinSample, k).value, ==, g_array_index (t2, TwinSample, 0).value);
    }
  g_assert_cmpfloat_with_epsilon (g_array_index (t2, TwinSample, 0).value, 21.0, 0.3);
  /* The noise is there, with about the σ asked for. */
  g_assert_cmpfloat (sqrt (sum_sq / N_OUTPUTS), >, 0.07);
  g_assert_cmpfloat (sqrt (sum_sq / N_OUTPUTS), <, 0.13);
  g_free (run.out);
  g_free (run.err);
  feeds_test_broker_free (broker);
}

static void
test_sigterm (void)
{
  FeedsTestBroker *broker = feeds_test_broker_start (NULL);
  g_autofree char *path = NULL;
  g_autofree char *address = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;

  if (broker == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  path = new_plant ("sigterm.dtwin");
  address = g_strdup_printf ("127.0.0.1:%d", broker->port);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              g_getenv ("TWINCTL"), "emulate", path, "--broker", address, "--speed", "60", NULL);
  g_assert_no_error (error);
  g_usleep (1500000);
  g_subprocess_send_signal (process, SIGTERM);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_nonnull (strstr (out, "Published "));
  g_assert_null (strstr (out, "Published 0 "));
  feeds_test_broker_free (broker);
}

static void
test_csv_replay (void)
{
  g_autofree char *path = feeds_test_new_project ("csv.dtwin");
  g_autofree char *csv = twin_test_tmp_path ("data.csv");
  g_autofree char *bad = twin_test_tmp_path ("bad.csv");
  g_autoptr (GArray) a = NULL;
  g_autoptr (GArray) b = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = g_string_new ("time,a,b\n");
  g_autoptr (GDateTime) start = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);
  Run run = { 0 };

  for (guint i = 0; i < 50; i++)
    {
      g_autoptr (GDateTime) time = g_date_time_add_seconds (start, 10.0 * i);
      g_autofree char *iso = g_date_time_format_iso8601 (time);

      g_string_append_printf (text, "%s,%u.25,%d\n", iso, i, -(int) i);
    }
  g_assert_true (g_file_set_contents (csv, text->str, -1, &error));
  g_assert_true (g_file_set_contents (bad, "time,a\n2026-01-01T00:00:00Z,1\nnot a time,2\n", -1, &error));
  g_assert_no_error (error);

  /* 490 s of file at 500× plays in about 1 s; record stops by itself once it is played. */
  TWINCTL (&run, "feed", "add", path, "--name", "replay", "--csv", csv, "--speed", "500");
  g_assert_cmpint (run.status, ==, 0);
  TWINCTL (&run, "record", path, "--duration", "60");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "all 100 samples"));
  a = read_signal (path, "a");
  b = read_signal (path, "b");
  g_assert_cmpuint (a->len, ==, 50);
  g_assert_cmpuint (b->len, ==, 50);
  for (guint i = 0; i < 50; i++)
    {
      gint64 t_us = g_date_time_to_unix (start) * G_USEC_PER_SEC + (gint64) i * 10 * G_USEC_PER_SEC;

      g_assert_cmpint (g_array_index (a, TwinSample, i).t_us, ==, t_us);
      g_assert_cmpfloat (g_array_index (a, TwinSample, i).value, ==, i + 0.25);
      g_assert_cmpint (g_array_index (b, TwinSample, i).t_us, ==, t_us);
      g_assert_cmpfloat (g_array_index (b, TwinSample, i).value, ==, -(double) i);
    }

  /* A bad speed is a usage error; a bad CSV fails at the start naming the feed, with nothing recorded. */
  TWINCTL (&run, "feed", "add", path, "--name", "fast", "--csv", csv, "--speed", "0,5");
  g_assert_cmpint (run.status, ==, 2);
  TWINCTL (&run, "feed", "remove", path, "replay");
  g_assert_cmpint (run.status, ==, 0);
  TWINCTL (&run, "feed", "add", path, "--name", "broken", "--csv", bad);
  g_assert_cmpint (run.status, ==, 0);
  TWINCTL (&run, "record", path, "--duration", "5");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "broken"));

  /* A project without topic bindings has nothing to emulate. */
  TWINCTL (&run, "emulate", path, "--broker", "127.0.0.1:1883");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "no topic binding"));
  g_free (run.out);
  g_free (run.err);
}

/* The room with a heater (a heat source, 0 W at first) whose power is a command binding. */
static const char heated_json[] =
  "{\"format\": \"twin-studio-model\", \"version\": 1, \"root\": {\n"
  " \"id\": \"7a2d3b50-0000-4000-8000-000000000001\", \"name\": \"Plant\", \"type\": \"system\",\n"
  " \"children\": [\n"
  "  {\"id\": \"7a2d3b50-0000-4000-8000-000000000002\", \"name\": \"Room\", \"type\": \"thermal_capacitance\",\n"
  "   \"parameters\": [{\"name\": \"heat_capacity\", \"type\": \"number\", \"value\": 100000, \"unit\": \"J/K\"},\n"
  "                  {\"name\": \"initial_temperature\", \"type\": \"number\", \"value\": 20, \"unit\": \"°C\"}]},\n"
  "  {\"id\": \"7a2d3b50-0000-4000-8000-000000000003\", \"name\": \"Wall\", \"type\": \"thermal_conductance\",\n"
  "   \"parameters\": [{\"name\": \"conductance\", \"type\": \"number\", \"value\": 10, \"unit\": \"W/K\"}]},\n"
  "  {\"id\": \"7a2d3b50-0000-4000-8000-000000000004\", \"name\": \"Outside\", \"type\": \"fixed_temperature\",\n"
  "   \"parameters\": [{\"name\": \"temperature\", \"type\": \"number\", \"value\": 0, \"unit\": \"°C\"}]},\n"
  "  {\"id\": \"7a2d3b50-0000-4000-8000-000000000005\", \"name\": \"Heater\", \"type\": \"heat_source\",\n"
  "   \"parameters\": [{\"name\": \"heat_flow\", \"type\": \"number\", \"value\": 0, \"unit\": \"W\"}]}\n"
  " ],\n"
  " \"connections\": [\n"
  "  {\"id\": \"7a2d3b50-0000-4000-8000-000000000011\",\n"
  "   \"from\": {\"entity\": \"7a2d3b50-0000-4000-8000-000000000002\", \"port\": \"heat\"},\n"
  "   \"to\": {\"entity\": \"7a2d3b50-0000-4000-8000-000000000003\", \"port\": \"a\"}},\n"
  "  {\"id\": \"7a2d3b50-0000-4000-8000-000000000012\",\n"
  "   \"from\": {\"entity\": \"7a2d3b50-0000-4000-8000-000000000003\", \"port\": \"b\"},\n"
  "   \"to\": {\"entity\": \"7a2d3b50-0000-4000-8000-000000000004\", \"port\": \"heat\"}},\n"
  "  {\"id\": \"7a2d3b50-0000-4000-8000-000000000013\",\n"
  "   \"from\": {\"entity\": \"7a2d3b50-0000-4000-8000-000000000005\", \"port\": \"heat\"},\n"
  "   \"to\": {\"entity\": \"7a2d3b50-0000-4000-8000-000000000002\", \"port\": \"heat\"}}\n"
  " ]}}\n";

static void
test_obeys_command (void)
{
  FeedsTestBroker *broker = feeds_test_broker_start (NULL);
  g_autofree char *json_path = twin_test_tmp_path ("heated.json");
  g_autofree char *scenario_path = twin_test_tmp_path ("scenario.json");
  g_autofree char *path = twin_test_tmp_path ("heated.dtwin");
  g_autofree char *address = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (TwinFeedConfig) site = NULL;
  g_autoptr (TwinCommandStore) commands = NULL;
  g_autoptr (TwinCommandBinding) binding = NULL;
  g_autoptr (TwinCommandRecord) record = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GArray) t = NULL;
  g_autoptr (GError) error = NULL;
  Recording         recording = { 0 };
  Run               run = { 0 };
  TwinRecorderStats stats;
  guint             k_command = 0;
  double            t_command;
  gint64            started_us;

  if (broker == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  address = g_strdup_printf ("127.0.0.1:%d", broker->port);
  g_assert_true (g_file_set_contents (json_path, heated_json, -1, &error));
  g_assert_true (g_file_set_contents (scenario_path, scenario_json, -1, &error));
  g_assert_no_error (error);
  TWINCTL (&run, "new", path, "--from-json", json_path);
  g_assert_cmpint (run.status, ==, 0);
  TWINCTL (&run, "scenario", "save", path, scenario_path);
  g_assert_cmpint (run.status, ==, 0);
  bind (path, "plant/room/t", "T", "°C", 1.0, 0.0);

  /* The heater's power: sent in kW inside JSON, on a topic the recorder does not subscribe to. */
  site = twin_feed_config_new ("site", TWIN_FEED_MQTT);
  g_free (site->host);
  site->host = g_strdup ("127.0.0.1");
  site->port = broker->port;
  g_ptr_array_add (site->subscriptions,
                   twin_feed_subscription_new ("plant/#", 1, twin_payload_format_parse ("number", NULL)));
  {
    g_autoptr (TwinFeedStore) feeds = twin_feed_store_open (path, FALSE, &error);

    g_assert_no_error (error);
    g_assert_true (twin_feed_store_save_feed (feeds, site, &error));
    g_assert_no_error (error);
  }
  commands = twin_command_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  binding = twin_command_binding_new ("Plant/Heater", "heat_flow", "site", "cmd/heater/power");
  binding->payload = g_strdup ("{\"power\": {value}}");
  binding->unit = g_strdup ("kW");
  g_assert_true (twin_command_store_save_binding (commands, binding, &error));
  g_assert_no_error (error);
  /* A command binding to a parameter the model does not have is skipped with a note. */
  g_free (binding->property);
  binding->property = g_strdup ("no_such_parameter");
  g_free (binding->topic);
  binding->topic = g_strdup ("cmd/heater/nothing");
  g_assert_true (twin_command_store_save_binding (commands, binding, &error));
  g_assert_no_error (error);
  g_clear_pointer (&binding, twin_command_binding_free);
  binding = twin_command_store_find_binding (commands, "Plant/Heater", "heat_flow", &error);
  g_assert_no_error (error);

  /* 2 h at 1800×: 4 s. Once a quarter of an hour is recorded, 1 kW is sent to the heater. */
  recording_start (&recording, broker, path);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              g_getenv ("TWINCTL"), "emulate", path, "--broker", address, "--speed", "1800",
                              "--duration", "2h", NULL);
  g_assert_no_error (error);
  started_us = g_get_monotonic_time ();
  do
    {
      g_usleep (5000);
      twin_recorder_get_stats (recording.recorder, &stats);
      g_assert_cmpint (g_get_monotonic_time () - started_us, <, 30 * G_USEC_PER_SEC);
    }
  while (stats.received < 15);
  g_assert_true (twin_command_send (commands, binding, 1000.0, "W", NULL, NULL, "test", 5000, &record, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (record->payload, ==, "{\"power\": 1}");
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_nonnull (strstr (err, "no_such_parameter"));
  g_assert_nonnull (strstr (err, "Plant/Heater.heat_flow"));
  g_assert_nonnull (strstr (out, "Published 121 messages"));
  recording_stop (&recording, N_OUTPUTS);

  /* Cooling as before up to the output where the heater came on, then T = 100 + (T_c − 100) e^(−(t − t_c)/τ). */
  t = read_signal (path, "plant/room/t");
  g_assert_cmpuint (t->len, ==, N_OUTPUTS);
  while (k_command + 1 < N_OUTPUTS && fabs (g_array_index (t, TwinSample, k_command + 1).value - expected_t (k_command + 1)) < TOLERANCE_K)
    k_command++;
  g_assert_cmpuint (k_command, >=, 14);
  g_assert_cmpuint (k_command, <, N_OUTPUTS - 10);
  t_command = g_array_index (t, TwinSample, k_command).value;
  for (guint k = k_command; k < N_OUTPUTS; k++)
    g_assert_cmpfloat_with_epsilon (g_array_index (t, TwinSample, k).value,
                                    100.0 + (t_command - 100.0) * exp (-60.0 * (k - k_command) / TAU_S), 1e-3);
  g_assert_cmpfloat (g_array_index (t, TwinSample, N_OUTPUTS - 1).value, >, t_command + 5.0);

  /* A replay cannot obey: it says so. */
  TWINCTL (&run, "emulate", path, "--broker", address, "--replay", "--speed", "100000");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "cannot obey"));
  g_free (run.out);
  g_free (run.err);
  feeds_test_broker_free (broker);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/core/feeds/emulator/simulate-and-replay", test_simulate);
  g_test_add_func ("/core/feeds/emulator/noise-and-faults", test_noise_and_faults);
  g_test_add_func ("/core/feeds/emulator/sigterm", test_sigterm);
  g_test_add_func ("/core/feeds/emulator/csv-replay", test_csv_replay);
  g_test_add_func ("/core/feeds/emulator/obeys-command", test_obeys_command);
  return g_test_run ();
}
