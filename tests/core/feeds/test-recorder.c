/* test-recorder.c: the recorder: order, duplicates, bad values, and a `twinctl record` killed with SIGKILL.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kill test is the durability contract of docs/feeds.md: a QoS 1 message
 * is acknowledged to the broker only after its sample is committed. The
 * recorder is killed with SIGKILL while a publisher streams; the file must
 * reopen, and a second `twinctl record` with the same persistent session must
 * bring the count to exactly the number published (anything acknowledged but
 * lost would be missing; anything stored twice would be counted twice).
 *
 * Alarms: rules in the project are evaluated on the values as stored
 * (converted), raises and clears are logged in the file and handed to the
 * observer with the committed samples; a reopened recorder does not raise an
 * alarm the log says is raised; `twinctl record` prints them.
 */

#include "config.h"

#include "feeds-test-broker.h"
#include "feeds/twin-alarm-store.h"
#include "feeds/twin-feed-store.h"
#include "history/twin-historian.h"
#include "twin-test-util.h"

#include <math.h>
#include <signal.h>
#include <string.h>

static void
test_order_duplicates (void)
{
  g_autofree char *path = feeds_test_new_project ("order.dtwin");
  g_autoptr (TwinRecorder) recorder = NULL;
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (TwinSignalInfo) info = NULL;
  g_autoptr (GArray) samples = NULL;
  g_autoptr (GError) error = NULL;
  TwinRecorderStats stats;
  const gint64      times[] = { 5, 1, 3, 3, 2, 4, 1 };

  recorder = twin_recorder_new (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    twin_recorder_push (recorder, "a/b", "°C", times[i] * G_USEC_PER_SEC, (double) i);
  twin_recorder_push (recorder, "a/b", NULL, 9 * G_USEC_PER_SEC, NAN);
  /* Another unit of the same quantity is converted; another quantity is refused. */
  twin_recorder_push (recorder, "a/b", "K", 10 * G_USEC_PER_SEC, 274.15);
  twin_recorder_push (recorder, "a/b", "Pa", 11 * G_USEC_PER_SEC, 1.0);
  g_assert_true (twin_recorder_flush (recorder, &error));
  g_assert_no_error (error);
  twin_recorder_get_stats (recorder, &stats);
  g_assert_cmpuint (stats.received, ==, 9);
  g_assert_cmpuint (stats.rejected, ==, 2);
  g_assert_cmpuint (stats.written, ==, 8);
  g_assert_cmpuint (stats.pending, ==, 0);
  g_assert_true (twin_recorder_close (recorder, &error));

  historian = twin_historian_open (path, TRUE, &error);
  g_assert_no_error (error);
  info = twin_historian_lookup_signal (historian, "a/b", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->unit, ==, "°C");
  samples = twin_historian_read (historian, info->id, G_MININT64, G_MAXINT64, &error);
  g_assert_no_error (error);
  /* 1..5 once each (last write wins), then the converted 1 °C. */
  g_assert_cmpuint (samples->len, ==, 6);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (g_array_index (samples, TwinSample, i).t_us, ==, (gint64) (i + 1) * G_USEC_PER_SEC);
  g_assert_cmpfloat (g_array_index (samples, TwinSample, 0).value, ==, 6.0);
  g_assert_cmpfloat (g_array_index (samples, TwinSample, 2).value, ==, 3.0);
  g_assert_cmpfloat_with_epsilon (g_array_index (samples, TwinSample, 5).value, 1.0, 1e-9);
}

static GSubprocess *
spawn_record (const char *path,
              const char *duration)
{
  g_autoptr (GError) error = NULL;
  GSubprocess *process;

  if (duration != NULL)
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, g_getenv ("TWINCTL"), "record", path,
                                "--duration", duration, NULL);
  else
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, g_getenv ("TWINCTL"), "record", path, NULL);
  g_assert_no_error (error);
  return process;
}

static void
test_record_killed (void)
{
  const guint      n = 20000;
  FeedsTestBroker *broker = feeds_test_broker_start (NULL);
  g_autofree char *path = NULL;
  g_autofree char *lines_path = NULL;
  g_autofree char *port = NULL;
  g_autoptr (GString) lines = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GRand) rand = g_rand_new ();
  guint rounds = 3;

  if (broker == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  path = feeds_test_new_project ("killed.dtwin");
  {
    g_autoptr (TwinFeedStore) store = twin_feed_store_open (path, FALSE, &error);
    g_autoptr (TwinFeedConfig) config = twin_feed_config_new ("plant", TWIN_FEED_MQTT);

    g_assert_no_error (error);
    g_free (config->host);
    config->host = g_strdup ("127.0.0.1");
    config->port = broker->port;
    g_free (config->client_id);
    config->client_id = g_strdup ("killed-recorder");
    config->clean_session = FALSE;
    g_ptr_array_add (config->subscriptions, twin_feed_subscription_new ("k/#", 1, twin_payload_format_parse ("json:v@t", NULL)));
    g_assert_true (twin_feed_store_save_feed (store, config, &error));
    g_assert_no_error (error);
  }
  port = g_strdup_printf ("%d", broker->port);
  lines_path = twin_test_tmp_path ("lines.txt");

  /* The first run creates the persistent session, so nothing published later is lost. */
  {
    g_autoptr (GSubprocess) first = spawn_record (path, "1");

    g_assert_true (g_subprocess_wait_check (first, NULL, &error));
    g_assert_no_error (error);
  }
  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr (GSubprocess) recorder = spawn_record (path, NULL);
      g_autoptr (GSubprocess) publisher = NULL;
      g_autoptr (GSubprocess) again = NULL;
      gint64 after_kill, total;

      g_string_truncate (lines, 0);
      for (guint i = 0; i < n; i++)
        g_string_append_printf (lines, "{\"v\":%u,\"t\":%u}\n", i, 1600000000u + round * n + i);
      twin_test_write_file (lines_path, lines->str, lines->len);
      publisher = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error, "sh", "-c",
                                    "exec mosquitto_pub -p \"$0\" -q 1 -t k/1 -l < \"$1\"", port, lines_path, NULL);
      g_assert_no_error (error);
      g_usleep ((gulong) g_rand_int_range (rand, 200, 900) * 1000);
      g_subprocess_force_exit (recorder);
      g_subprocess_wait (recorder, NULL, NULL);
      g_assert_true (g_subprocess_get_if_signaled (recorder));
      g_assert_cmpint (g_subprocess_get_term_sig (recorder), ==, SIGKILL);
      after_kill = feeds_test_count_samples (path, "k/1");
      g_assert_true (g_subprocess_wait_check (publisher, NULL, &error));
      g_assert_no_error (error);

      /* The same session again: the broker delivers what the killed recorder never acknowledged.
       * Record in short runs until all is there (a slow machine or a sanitizer build takes several),
       * each run resuming the session; a loss shows as a count that never arrives. */
      {
        gint64 deadline = g_get_monotonic_time () + 240 * G_USEC_PER_SEC;

        do
          {
            g_clear_object (&again);
            again = spawn_record (path, "3");
            g_assert_true (g_subprocess_wait_check (again, NULL, &error));
            g_assert_no_error (error);
            total = feeds_test_count_samples (path, "k/1");
          }
        while (total < (gint64) (round + 1) * n && g_get_monotonic_time () < deadline);
      }
      g_test_message ("round %u: %" G_GINT64_FORMAT " samples when killed, %" G_GINT64_FORMAT " after the restart",
                      round, after_kill - (gint64) round * n, total - (gint64) round * n);
      g_assert_cmpint (total, ==, (gint64) (round + 1) * n);
    }
  feeds_test_broker_free (broker);
}

typedef struct
{
  GMutex     mutex;
  GArray    *samples; /* TwinRecordedSample with the signal interned */
  GPtrArray *events;  /* TwinAlarmEvent */
  GThread   *thread;  /* the thread the observer ran on */
} Observed;

static void
observe (const TwinRecordedSample *samples,
         guint                     n_samples,
         GPtrArray                *alarm_events,
         gpointer                  user_data)
{
  Observed *observed = user_data;

  g_mutex_lock (&observed->mutex);
  observed->thread = g_thread_self ();
  for (guint i = 0; i < n_samples; i++)
    {
      TwinRecordedSample copy = samples[i];

      copy.signal = g_intern_string (samples[i].signal);
      g_array_append_val (observed->samples, copy);
    }
  for (guint i = 0; i < alarm_events->len; i++)
    {
      const TwinAlarmEvent *event = g_ptr_array_index (alarm_events, i);

      /* Already logged when the observer sees it. */
      g_assert_cmpint (event->id, >, 0);
      g_ptr_array_add (observed->events, twin_alarm_event_copy (event));
    }
  g_mutex_unlock (&observed->mutex);
}

static void
observed_free (gpointer data)
{
  Observed *observed = data;

  g_array_unref (observed->samples);
  g_ptr_array_unref (observed->events);
  g_mutex_clear (&observed->mutex);
  g_free (observed);
}

static Observed *
observed_new (void)
{
  Observed *observed = g_new0 (Observed, 1);

  g_mutex_init (&observed->mutex);
  observed->samples = g_array_new (FALSE, FALSE, sizeof (TwinRecordedSample));
  observed->events = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_alarm_event_free);
  return observed;
}

static void
destroyed_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static void
noop_observer (const TwinRecordedSample *samples,
               guint                     n_samples,
               GPtrArray                *alarm_events,
               gpointer                  user_data)
{
}

static void
test_alarms (void)
{
  g_autofree char *path = feeds_test_new_project ("alarms.dtwin");
  g_autoptr (TwinAlarmStore) store = NULL;
  g_autoptr (TwinAlarmRule) hot = twin_alarm_rule_new ("hot", "room/t", TWIN_ALARM_THRESHOLD);
  g_autoptr (TwinAlarmRule) cold = twin_alarm_rule_new ("cold", "room/t", TWIN_ALARM_THRESHOLD);
  g_autoptr (TwinRecorder) recorder = NULL;
  g_autoptr (GPtrArray) log = NULL;
  g_autoptr (GArray) raised = NULL;
  g_autoptr (GHashTable) rejects = NULL;
  g_autoptr (GError) error = NULL;
  Observed             *observed = observed_new ();
  gboolean              destroyed = FALSE;
  const TwinAlarmEvent *event;

  store = twin_alarm_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  hot->high = 30;
  hot->deadband = 1;
  g_assert_true (twin_alarm_store_save_rule (store, hot, &error));
  cold->low = 0;
  cold->enabled = FALSE;
  g_assert_true (twin_alarm_store_save_rule (store, cold, &error));
  g_assert_no_error (error);

  recorder = twin_recorder_new (path, &error);
  g_assert_no_error (error);
  /* Replacing an observer destroys the old one's data. */
  twin_recorder_set_observer (recorder, noop_observer, &destroyed, destroyed_cb);
  twin_recorder_set_observer (recorder, observe, observed, observed_free);
  g_assert_true (destroyed);
  g_assert_true (twin_recorder_load_alarms (recorder, &error));
  g_assert_no_error (error);

  /* In °C: 25, 31 (raise), 29.5 (inside, not by the deadband), then 302.15 K = 29 °C as stored (clears);
   * a refused sample (another quantity) and a non-finite one never reach the alarms. */
  twin_recorder_push (recorder, "room/t", "°C", 1 * G_USEC_PER_SEC, 25);
  twin_recorder_push (recorder, "room/t", "°C", 2 * G_USEC_PER_SEC, 31);
  twin_recorder_push (recorder, "room/t", "°C", 3 * G_USEC_PER_SEC, 29.5);
  twin_recorder_push (recorder, "room/t", "Pa", 4 * G_USEC_PER_SEC, 1000);
  twin_recorder_push (recorder, "room/t", "°C", 5 * G_USEC_PER_SEC, NAN);
  twin_recorder_push (recorder, "room/t", "K", 6 * G_USEC_PER_SEC, 302.15);
  twin_recorder_push (recorder, "room/h", "%", 6 * G_USEC_PER_SEC, 40);
  g_assert_true (twin_recorder_flush (recorder, &error));
  g_assert_no_error (error);

  g_mutex_lock (&observed->mutex);
  g_assert_true (observed->thread != g_thread_self ());
  g_assert_cmpuint (observed->samples->len, ==, 5);
  g_assert_cmpstr (g_array_index (observed->samples, TwinRecordedSample, 0).signal, ==, "room/t");
  g_assert_cmpint (g_array_index (observed->samples, TwinRecordedSample, 3).t_us, ==, 6 * G_USEC_PER_SEC);
  g_assert_cmpfloat_with_epsilon (g_array_index (observed->samples, TwinRecordedSample, 3).value, 29.0, 1e-9);
  g_assert_cmpstr (g_array_index (observed->samples, TwinRecordedSample, 4).signal, ==, "room/h");
  g_assert_cmpuint (observed->events->len, ==, 2);
  event = g_ptr_array_index (observed->events, 0);
  g_assert_cmpint (event->kind, ==, TWIN_ALARM_RAISED);
  g_assert_cmpint (event->rule_id, ==, hot->id);
  g_assert_cmpint (event->t_us, ==, 2 * G_USEC_PER_SEC);
  event = g_ptr_array_index (observed->events, 1);
  g_assert_cmpint (event->kind, ==, TWIN_ALARM_CLEARED);
  g_assert_cmpint (event->t_us, ==, 6 * G_USEC_PER_SEC);
  g_assert_cmpfloat_with_epsilon (event->value, 29.0, 1e-9);
  g_mutex_unlock (&observed->mutex);

  rejects = twin_recorder_dup_rejects (recorder);
  g_assert_cmpuint (g_hash_table_size (rejects), ==, 1);
  g_assert_nonnull (strstr (g_hash_table_lookup (rejects, "room/t"), "Pa"));

  /* In the file's log too. */
  log = twin_alarm_store_list_events (store, G_MININT64, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 2);
  g_assert_cmpint (((TwinAlarmEvent *) g_ptr_array_index (log, 0))->kind, ==, TWIN_ALARM_RAISED);
  g_assert_nonnull (strstr (((TwinAlarmEvent *) g_ptr_array_index (log, 0))->message, "“hot”"));
  g_clear_pointer (&log, g_ptr_array_unref);

  /* The rule changes while recording: reloaded, the enabled "cold" now raises at −1. */
  cold->enabled = TRUE;
  g_assert_true (twin_alarm_store_save_rule (store, cold, &error));
  g_assert_true (twin_recorder_load_alarms (recorder, &error));
  g_assert_no_error (error);
  twin_recorder_push (recorder, "room/t", "°C", 7 * G_USEC_PER_SEC, 40);
  twin_recorder_push (recorder, "room/t", "°C", 8 * G_USEC_PER_SEC, -1);
  g_assert_true (twin_recorder_close (recorder, &error));
  g_assert_no_error (error);
  g_clear_object (&recorder);

  /* 40 raised "hot" again; −1 raised "cold" and cleared "hot": only "cold" is raised by the log. */
  log = twin_alarm_store_list_events (store, G_MININT64, 0, &error);
  g_assert_cmpuint (log->len, ==, 5);
  raised = twin_alarm_store_list_raised (store, &error);
  g_assert_cmpuint (raised->len, ==, 1);
  g_assert_cmpint (g_array_index (raised, gint64, 0), ==, cold->id);
  g_clear_pointer (&log, g_ptr_array_unref);

  /* A new recorder knows "cold" is raised: another −2 raises nothing; 5 clears it. */
  recorder = twin_recorder_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (twin_recorder_load_alarms (recorder, &error));
  twin_recorder_push (recorder, "room/t", "°C", 9 * G_USEC_PER_SEC, -2);
  twin_recorder_push (recorder, "room/t", "°C", 10 * G_USEC_PER_SEC, 5);
  g_assert_true (twin_recorder_close (recorder, &error));
  g_assert_no_error (error);
  log = twin_alarm_store_list_events (store, G_MININT64, 0, &error);
  g_assert_cmpuint (log->len, ==, 6);
  event = g_ptr_array_index (log, 5);
  g_assert_cmpint (event->kind, ==, TWIN_ALARM_CLEARED);
  g_assert_cmpint (event->rule_id, ==, cold->id);
  g_assert_cmpint (event->t_us, ==, 10 * G_USEC_PER_SEC);
  /* Closed: loading is refused. */
  g_assert_false (twin_recorder_load_alarms (recorder, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "alarms.dtwin"));
}

/* `twinctl record` loads the rules, logs a raise and a clear from published values and prints them. */
static void
test_record_alarms (void)
{
  FeedsTestBroker *broker = feeds_test_broker_start (NULL);
  g_autofree char *path = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) log = NULL;

  if (broker == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  path = feeds_test_new_project ("record-alarms.dtwin");
  {
    g_autoptr (TwinFeedStore) store = twin_feed_store_open (path, FALSE, &error);
    g_autoptr (TwinFeedConfig) config = twin_feed_config_new ("plant", TWIN_FEED_MQTT);
    g_autoptr (TwinAlarmStore) alarms = twin_alarm_store_open (path, FALSE, &error);
    g_autoptr (TwinAlarmRule) rule = twin_alarm_rule_new ("tank high", "plant/level", TWIN_ALARM_THRESHOLD);

    g_assert_no_error (error);
    g_free (config->host);
    config->host = g_strdup ("127.0.0.1");
    config->port = broker->port;
    g_free (config->client_id);
    config->client_id = g_strdup ("alarm-recorder");
    config->clean_session = FALSE;
    g_ptr_array_add (config->subscriptions, twin_feed_subscription_new ("plant/#", 1, twin_payload_format_parse ("json:v@t", NULL)));
    g_assert_true (twin_feed_store_save_feed (store, config, &error));
    rule->high = 2.5;
    g_assert_true (twin_alarm_store_save_rule (alarms, rule, &error));
    g_assert_no_error (error);
  }
  /* Create the persistent session, publish while away, then record what the broker kept. */
  {
    g_autoptr (GSubprocess) first = spawn_record (path, "1");

    g_assert_true (g_subprocess_wait_check (first, NULL, &error));
    g_assert_no_error (error);
  }
  feeds_test_pub (broker, "-q", "1", "-t", "plant/level", "-m", "{\"v\":2,\"t\":1700000000}", NULL);
  feeds_test_pub (broker, "-q", "1", "-t", "plant/level", "-m", "{\"v\":3,\"t\":1700000001}", NULL);
  feeds_test_pub (broker, "-q", "1", "-t", "plant/level", "-m", "{\"v\":1,\"t\":1700000002}", NULL);
  {
    g_autoptr (GSubprocess) second = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                                       &error, g_getenv ("TWINCTL"), "record", path, "--duration", "3",
                                                       NULL);

    g_assert_no_error (error);
    g_assert_true (g_subprocess_communicate_utf8 (second, NULL, NULL, NULL, &err, &error));
    g_assert_no_error (error);
    g_assert_true (g_subprocess_get_if_exited (second));
    g_assert_cmpint (g_subprocess_get_exit_status (second), ==, 0);
  }
  g_test_message ("stderr: %s", err);
  g_assert_nonnull (strstr (err, "Alarm “tank high” raised: “plant/level” is 3, above its upper limit 2.5."));
  g_assert_nonnull (strstr (err, "Alarm “tank high” cleared: “plant/level” is back at 1, inside its limits."));
  g_assert_true (strstr (err, "raised") < strstr (err, "cleared"));
  {
    g_autoptr (TwinAlarmStore) alarms = twin_alarm_store_open (path, TRUE, &error);

    g_assert_no_error (error);
    log = twin_alarm_store_list_events (alarms, G_MININT64, 0, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (log->len, ==, 2);
  g_assert_cmpint (((TwinAlarmEvent *) g_ptr_array_index (log, 0))->t_us, ==, (gint64) 1700000001 * G_USEC_PER_SEC);
  g_assert_cmpint (((TwinAlarmEvent *) g_ptr_array_index (log, 1))->t_us, ==, (gint64) 1700000002 * G_USEC_PER_SEC);
  feeds_test_broker_free (broker);
}

typedef struct
{
  TwinRecorder *recorder;
  gint          stop; /* atomic */
  guint         n;    /* pushed, once stopped */
} Pusher;

static gpointer
push_continuously (gpointer data)
{
  Pusher *pusher = data;
  guint   i;

  for (i = 0; !g_atomic_int_get (&pusher->stop); i++)
    {
      twin_recorder_push (pusher->recorder, "line/flow", NULL, (gint64) (i + 1) * G_USEC_PER_SEC, (double) (i + 1));
      /* About 10 000 samples/s, beyond a real feed's rate. */
      if (i % 10 == 0)
        g_usleep (1000);
    }
  pusher->n = i;
  return NULL;
}

/* A binding added while samples stream in applies from the reload on: nothing lost, nothing
 * converted twice, every sample pushed before the call unconverted, every one after it converted. */
static void
test_reload_bindings (void)
{
  g_autofree char *path = feeds_test_new_project ("reload-bindings.dtwin");
  g_autoptr (TwinRecorder) recorder = NULL;
  g_autoptr (TwinFeedStore) store = NULL;
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (TwinSignalInfo) info = NULL;
  g_autoptr (GArray) samples = NULL;
  g_autoptr (GError) error = NULL;
  TwinTopicBinding  binding = { "line/flow", "Line", "flow", NULL, 10, 0.5 };
  Pusher            pusher = { NULL, 0, 0 };
  TwinRecorderStats stats;
  GThread          *thread;
  guint64           before, after;
  guint             first_converted = G_MAXUINT;

  recorder = twin_recorder_new (path, &error);
  g_assert_no_error (error);
  pusher.recorder = recorder;
  thread = g_thread_new ("pusher", push_continuously, &pusher);
  do
    {
      g_usleep (1000);
      twin_recorder_get_stats (recorder, &stats);
    }
  while (stats.received < 1000);
  store = twin_feed_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  twin_feed_store_bind_topic (store, &binding, &error);
  g_assert_no_error (error);
  twin_recorder_get_stats (recorder, &stats);
  before = stats.received;
  g_assert_true (twin_recorder_reload_bindings (recorder, &error));
  g_assert_no_error (error);
  twin_recorder_get_stats (recorder, &stats);
  after = stats.received;
  /* Pushing goes on after the reload for a while. */
  g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  g_atomic_int_set (&pusher.stop, 1);
  g_thread_join (thread);
  g_assert_cmpuint (after, <, pusher.n);
  g_assert_true (twin_recorder_close (recorder, &error));
  g_assert_no_error (error);
  twin_recorder_get_stats (recorder, &stats);
  g_assert_cmpuint (stats.written, ==, pusher.n);
  g_assert_cmpuint (stats.rejected, ==, 0);

  historian = twin_historian_open (path, TRUE, &error);
  g_assert_no_error (error);
  info = twin_historian_lookup_signal (historian, "line/flow", &error);
  g_assert_no_error (error);
  samples = twin_historian_read (historian, info->id, G_MININT64, G_MAXINT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (samples->len, ==, pusher.n);
  for (guint i = 0; i < samples->len; i++)
    {
      const TwinSample *sample = &g_array_index (samples, TwinSample, i);
      double            raw = (double) (i + 1);

      g_assert_cmpint (sample->t_us, ==, (gint64) (i + 1) * G_USEC_PER_SEC);
      if (first_converted == G_MAXUINT && sample->value != raw)
        first_converted = i;
      if (first_converted == G_MAXUINT)
        g_assert_cmpfloat (sample->value, ==, raw);
      else
        g_assert_cmpfloat (sample->value, ==, raw * 10 + 0.5);
    }
  g_test_message ("pushed before the reload: %" G_GUINT64_FORMAT "; first converted: %u; after: %" G_GUINT64_FORMAT,
                  before, first_converted, after);
  g_assert_cmpuint (first_converted, >=, before);
  g_assert_cmpuint (first_converted, <=, after);

  /* Closed: a clear error. */
  g_assert_false (twin_recorder_reload_bindings (recorder, &error));
  g_assert_nonnull (strstr (error->message, "reload-bindings.dtwin"));
}

/* Refusals are counted per topic, exactly, with the last reason. */
static void
test_reject_counts (void)
{
  g_autofree char *path = feeds_test_new_project ("reject-counts.dtwin");
  g_autoptr (TwinRecorder) recorder = NULL;
  g_autoptr (GHashTable) counts = NULL;
  g_autoptr (GError) error = NULL;
  TwinRecorderReject *reject;
  TwinRecorderStats   stats;

  recorder = twin_recorder_new (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 5; i++)
    twin_recorder_reject (recorder, "a/bad", "The payload “x” is not a number.");
  twin_recorder_push (recorder, "b/unit", "°C", 1, 20);
  twin_recorder_push (recorder, "b/unit", "Pa", 2, 1);
  twin_recorder_push (recorder, "b/unit", "Pa", 3, 2);
  /* Units are refused when written, a non-finite value at once: flush to keep the order. */
  g_assert_true (twin_recorder_flush (recorder, &error));
  twin_recorder_push (recorder, "b/unit", NULL, 4, NAN);
  twin_recorder_push (recorder, "c/good", NULL, 1, 1);
  g_assert_true (twin_recorder_flush (recorder, &error));
  g_assert_no_error (error);

  counts = twin_recorder_dup_reject_counts (recorder);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 2);
  reject = g_hash_table_lookup (counts, "a/bad");
  g_assert_nonnull (reject);
  g_assert_cmpuint (reject->count, ==, 5);
  g_assert_cmpstr (reject->reason, ==, "The payload “x” is not a number.");
  reject = g_hash_table_lookup (counts, "b/unit");
  g_assert_nonnull (reject);
  g_assert_cmpuint (reject->count, ==, 3);
  /* The last one refused was the non-finite value. */
  g_assert_nonnull (strstr (reject->reason, "finite"));
  g_assert_null (g_hash_table_lookup (counts, "c/good"));
  twin_recorder_get_stats (recorder, &stats);
  g_assert_cmpuint (stats.rejected, ==, 8);
  g_assert_true (twin_recorder_close (recorder, &error));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/core/feeds/recorder/order-duplicates", test_order_duplicates);
  g_test_add_func ("/core/feeds/recorder/record-killed", test_record_killed);
  g_test_add_func ("/core/feeds/recorder/alarms", test_alarms);
  g_test_add_func ("/core/feeds/recorder/record-alarms", test_record_alarms);
  g_test_add_func ("/core/feeds/recorder/reload-bindings", test_reload_bindings);
  g_test_add_func ("/core/feeds/recorder/reject-counts", test_reject_counts);
  return g_test_run ();
}
