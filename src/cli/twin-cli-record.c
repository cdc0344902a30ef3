/* twin-cli-record.c: `twinctl record`, which records a project's live feeds into its history until stopped.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   twinctl record FILE [--duration S] [--feed NAME]
 *
 * Starts every feed of the project (or the one named by --feed) and one
 * recorder: MQTT feeds, and CSV replays (twin-csv-replay-feed), which play
 * their file at their speed; with only CSV replays it stops once all played. Each feed's password comes from the environment
 * (TWIN_FEED_PASSWORD_<NAME>, else TWIN_FEED_PASSWORD). SIGINT and SIGTERM
 * (and the end of --duration) stop the feeds, commit everything received and
 * exit 0. A QoS 1 message is acknowledged to the broker only once it is in the
 * file, so even a SIGKILL loses nothing the broker will not deliver again
 * (docs/feeds.md). On a terminal a progress line is redrawn on standard error;
 * otherwise a plain line is written at most every 5 seconds.
 *
 * The project's alarm rules are loaded too: the recorder logs every raise
 * and clear in the project, and each is printed on standard error as it
 * happens (from the recorder's writer thread, through its observer).
 */

#define G_LOG_DOMAIN "twinctl"

#include "config.h"

#include "twin-cli.h"

#include "feeds/twin-alarm.h"
#include "feeds/twin-csv-replay-feed.h"
#include "feeds/twin-feed-store.h"
#include "feeds/twin-mqtt-feed.h"
#include "feeds/twin-recorder.h"
#include "sim/twin-sim-scenario.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#define PLAIN_INTERVAL_US (5 * G_USEC_PER_SEC)
#define TICK_US (100 * 1000)

static volatile sig_atomic_t stop_requested;

static void
on_stop_signal (int signal_number)
{
  stop_requested = 1;
}

static const char *
state_text (TwinMqttState state)
{
  switch (state)
    {
    case TWIN_MQTT_CONNECTED:
      return _ ("connected");
    case TWIN_MQTT_CONNECTING:
      return _ ("connecting");
    case TWIN_MQTT_DISCONNECTED:
    default:
      return _ ("disconnected");
    }
}

static void
print_progress (GPtrArray    *feeds,
                TwinRecorder *recorder,
                gboolean      draw,
                double        elapsed_s)
{
  TwinRecorderStats stats;
  TwinMqttStatus    status = { 0 };
  g_autoptr (GString) line = g_string_new (NULL);
  guint n_connected = 0;

  twin_recorder_get_stats (recorder, &stats);
  for (guint i = 0; i < feeds->len; i++)
    {
      twin_mqtt_feed_get_status (g_ptr_array_index (feeds, i), &status);
      if (status.state == TWIN_MQTT_CONNECTED)
        n_connected++;
      twin_mqtt_status_clear (&status);
    }
  /* TRANSLATORS: a progress line: feeds connected of all, samples received, written, payloads refused, seconds. */
  g_string_printf (line,
                   _ ("Recording: %u of %u feeds connected, %" G_GUINT64_FORMAT " samples received, %" G_GUINT64_FORMAT
                      " written, %" G_GUINT64_FORMAT " refused, %.0f s"),
                   n_connected, feeds->len, stats.received, stats.written, stats.rejected, elapsed_s);
  if (draw)
    g_printerr ("\r%s\033[K", line->str);
  else
    g_printerr ("%s\n", line->str);
}

/* The recorder's observer, on its writer thread: print alarm raises and clears. */
static void
print_alarm_events (const TwinRecordedSample *samples,
                    guint                     n_samples,
                    GPtrArray                *alarm_events,
                    gpointer                  user_data)
{
  gboolean draw = GPOINTER_TO_INT (user_data);

  for (guint i = 0; i < alarm_events->len; i++)
    {
      const TwinAlarmEvent *event = g_ptr_array_index (alarm_events, i);

      g_printerr ("%s%s\n", draw ? "\r\033[K" : "", event->message);
    }
}

static gboolean
replays_done (GPtrArray *replays)
{
  for (guint i = 0; i < replays->len; i++)
    if (!twin_csv_replay_feed_is_done (g_ptr_array_index (replays, i)))
      return FALSE;
  return TRUE;
}

gboolean
twin_cli_record (char  ***args,
                 GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinFeedStore) store = NULL;
  g_autoptr (TwinRecorder) recorder = NULL;
  g_autoptr (GPtrArray) configs = NULL;
  g_autoptr (GPtrArray) feeds = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) feed_names = g_ptr_array_new ();
  g_autoptr (GPtrArray) replays = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GError) local_error = NULL;
  g_autofree char   *duration = NULL;
  g_autofree char   *feed_name = NULL;
  g_autofree char   *display = NULL;
  struct sigaction   action = { 0 };
  TwinRecorderStats  stats;
  double             duration_s = 0.0;
  gboolean           draw = isatty (fileno (stderr));
  gboolean           drawn = FALSE;
  gint64             started_us, last_plain_us;
  gboolean           ok;
  const char        *names[] = { "FILE" };
  const GOptionEntry entries[] = {
    { "duration", 0, 0, G_OPTION_ARG_STRING, &duration,
      N_ ("Stop after this long: seconds or a number with a unit (90s, 15min, 2h)"), N_ ("DURATION") },
    { "feed", 0, 0, G_OPTION_ARG_STRING, &feed_name, N_ ("Record only the feed NAME"), N_ ("NAME") },
    { NULL },
  };

  context = twin_cli_context_new (_ ("FILE"),
                                  _ ("Record the live feeds of the project file FILE into its history until "
                                     "stopped (Ctrl+C, SIGTERM or --duration): every topic becomes a signal named "
                                     "after it. Passwords come from TWIN_FEED_PASSWORD_<FEED> or TWIN_FEED_PASSWORD. "
                                     "See docs/feeds.md."),
                                  entries);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;
  if (duration != NULL && !twin_sim_parse_duration (duration, &duration_s, &local_error))
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, "--duration: %s", local_error->message);
      return FALSE;
    }

  display = twin_cli_display_name ((*args)[1]);
  store = twin_feed_store_open ((*args)[1], FALSE, error);
  if (store == NULL)
    return FALSE;
  if (feed_name != NULL)
    {
      TwinFeedConfig *config = twin_feed_store_load_feed (store, feed_name, error);

      if (config == NULL)
        return FALSE;
      configs = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_feed_config_free);
      g_ptr_array_add (configs, config);
    }
  else
    {
      configs = twin_feed_store_list_feeds (store, error);
      if (configs == NULL)
        return FALSE;
    }
  g_clear_object (&store);

  recorder = twin_recorder_new ((*args)[1], error);
  if (recorder == NULL)
    return FALSE;
  twin_recorder_set_observer (recorder, print_alarm_events, GINT_TO_POINTER (draw), NULL);
  if (!twin_recorder_load_alarms (recorder, error))
    {
      twin_recorder_close (recorder, NULL);
      return FALSE;
    }
  for (guint i = 0; i < configs->len; i++)
    {
      const TwinFeedConfig *config = g_ptr_array_index (configs, i);
      g_autofree char      *password = NULL;
      TwinMqttFeed         *feed;

      if (config->kind == TWIN_FEED_CSV_REPLAY)
        {
          TwinCsvReplayFeed *replay = twin_csv_replay_feed_new (config, recorder);

          g_ptr_array_add (replays, replay);
          if (!twin_csv_replay_feed_start (replay, &local_error))
            {
              g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED, _ ("The CSV replay “%s” cannot start: %s"),
                           config->name, local_error->message);
              for (guint j = 0; j < feeds->len; j++)
                twin_mqtt_feed_stop (g_ptr_array_index (feeds, j));
              for (guint j = 0; j < replays->len; j++)
                twin_csv_replay_feed_stop (g_ptr_array_index (replays, j));
              twin_recorder_close (recorder, NULL);
              return FALSE;
            }
          continue;
        }
      password = twin_feed_config_dup_env_password (config);
      feed = twin_mqtt_feed_new (config, password, recorder);
      g_ptr_array_add (feeds, feed);
      g_ptr_array_add (feed_names, config->name);
      if (!twin_mqtt_feed_start (feed, error))
        {
          for (guint j = 0; j < feeds->len; j++)
            twin_mqtt_feed_stop (g_ptr_array_index (feeds, j));
          for (guint j = 0; j < replays->len; j++)
            twin_csv_replay_feed_stop (g_ptr_array_index (replays, j));
          twin_recorder_close (recorder, NULL);
          return FALSE;
        }
    }
  if (feeds->len == 0 && replays->len == 0)
    {
      twin_recorder_close (recorder, NULL);
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED,
                   _ ("“%s” has no feed to record; add one with `twinctl feed add`."), display);
      return FALSE;
    }

  stop_requested = 0;
  action.sa_handler = on_stop_signal;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, NULL);
  sigaction (SIGTERM, &action, NULL);
  started_us = last_plain_us = g_get_monotonic_time ();
  while (!stop_requested)
    {
      gint64 now_us = g_get_monotonic_time ();
      double elapsed_s = (double) (now_us - started_us) / G_USEC_PER_SEC;

      if (duration_s > 0.0 && elapsed_s >= duration_s)
        break;
      if (feeds->len == 0 && replays_done (replays))
        break; /* only CSV replays, all played */
      if (draw || now_us - last_plain_us >= PLAIN_INTERVAL_US)
        {
          print_progress (feeds, recorder, draw, elapsed_s);
          drawn = draw;
          last_plain_us = now_us;
        }
      g_usleep (TICK_US);
    }

  /* Stop reading first (each feed commits what it received), then the writer. */
  for (guint i = 0; i < feeds->len; i++)
    twin_mqtt_feed_stop (g_ptr_array_index (feeds, i));
  for (guint i = 0; i < replays->len; i++)
    twin_csv_replay_feed_stop (g_ptr_array_index (replays, i));
  ok = twin_recorder_close (recorder, error);
  signal (SIGINT, SIG_DFL);
  signal (SIGTERM, SIG_DFL);
  if (drawn)
    g_printerr ("\r\033[K");
  twin_recorder_get_stats (recorder, &stats);
  for (guint i = 0; i < feeds->len; i++)
    {
      TwinMqttStatus status = { 0 };
      const char    *name = g_ptr_array_index (feed_names, i);

      twin_mqtt_feed_get_status (g_ptr_array_index (feeds, i), &status);
      /* TRANSLATORS: a feed's name, its state, the number of messages received. */
      g_print (_ ("Feed “%s”: %s, %" G_GUINT64_FORMAT " messages received, %" G_GUINT64_FORMAT
                  " payloads refused.\n"),
               name, state_text (status.state), status.messages, status.rejected);
      if (status.last_error != NULL && status.state != TWIN_MQTT_CONNECTED)
        g_print (_ ("  Last problem: %s\n"), status.last_error);
      twin_mqtt_status_clear (&status);
    }
  for (guint i = 0; i < replays->len; i++)
    {
      TwinCsvReplayFeed *replay = g_ptr_array_index (replays, i);

      guint64            n = twin_csv_replay_feed_get_n_pushed (replay);

      /* TRANSLATORS: a count of samples pushed by a CSV replay. */
      if (twin_csv_replay_feed_is_done (replay))
        g_print (_ ("CSV replay: all %" G_GUINT64_FORMAT " samples of the file played.\n"), n);
      else
        g_print (_ ("CSV replay: %" G_GUINT64_FORMAT " samples played before the stop.\n"), n);
    }
  if (!ok)
    return FALSE;
  /* TRANSLATORS: samples written, the project file. */
  g_print (_ ("Recorded %" G_GUINT64_FORMAT " samples into “%s” (%" G_GUINT64_FORMAT " refused).\n"), stats.written,
           display, stats.rejected);
  return TRUE;
}
