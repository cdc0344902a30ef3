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
 */

#include "config.h"

#include "feeds-test-broker.h"
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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/core/feeds/recorder/order-duplicates", test_order_duplicates);
  g_test_add_func ("/core/feeds/recorder/record-killed", test_record_killed);
  return g_test_run ();
}
