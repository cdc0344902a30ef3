/* bench-feeds.c: how fast MQTT messages reach the history, against a bare libmosquitto subscriber, and how late.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real mosquitto on a free loopback port (the feed tests' broker: sessions
 * kept, unlimited queue, 50 messages in flight; here also without Nagle's
 * delay, as are the bench's own clients) and a publisher thread with
 * its own libmosquitto client. For single-value payloads (`number`, spread
 * over 100 topics) and SenML packs of 10 records, at QoS 0 and QoS 1, the
 * publisher sends N messages as fast as the broker takes them to:
 *
 *  (a) a bare libmosquitto subscriber that only counts (the raw limit of this
 *      broker, publisher and machine), and
 *  (b) TwinMqttFeed + TwinRecorder into a new .dtwin (decoding, a persistent
 *      session, QoS 1 acknowledged only once committed).
 *
 * The rate is messages (and samples) from the first publish to the last one
 * received (a) or committed (b); the ratio (b)/(a) has a goal of ≥ 0.9.
 * Loss is checked in the file: the samples stored must equal those sent.
 *
 * Latency, with the publisher paced at LATENCY_RATE messages/s (a full-speed
 * run measures queueing, not latency): publish -> received by (a), for
 * reference; publish -> committed (the recorder's observer, on the writer
 * thread); and publish -> shown (a TwinLiveSession's ::changed on a main
 * loop, which it emits at most every 100 ms; drawing is the next frame after
 * that). Each payload's value is its message number, so every sample is
 * matched with the time it was published.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <mosquitto.h>
#include <string.h>

#include "feeds-test-broker.h"
#include "twin-core.h"
#include "twin-test-util.h"

#define N_TOPICS 100
#define SENML_RECORDS 10
#define PUBLISHER_INFLIGHT 100
#define STALL_US (10 * G_USEC_PER_SEC)
#define LATENCY_RATE 1000.0
#define LATENCY_MESSAGES 5000
#define T0_S G_GUINT64_CONSTANT (1735689600) /* 2025-01-01T00:00:00Z */

static guint run_counter;

/* The publisher ---------------------------------------------------------- */

typedef struct
{
  int      port;
  int      qos;
  gboolean senml;
  guint    n;
  double   rate; /* messages/s; 0: as fast as possible */
  char    *prefix;
  gint64  *sent_us; /* monotonic time of each publish */
  gint64   start_us;
  gint     connected; /* atomic */
  gint     done;      /* atomic: messages sent (QoS 0) or acknowledged (QoS 1) */
  GThread *thread;
} Publisher;

static char *
make_payload (const Publisher *publisher,
              guint            i,
              char           **topic)
{
  GString *payload;

  *topic = g_strdup_printf ("%s/%s/%u", publisher->prefix, publisher->senml ? "senml" : "single", i % N_TOPICS);
  if (!publisher->senml)
    return g_strdup_printf ("%u", i);
  /* Each pack has its own base time (1 ms apart), so every sample is distinct in the history. */
  payload = g_string_new (NULL);
  g_string_append_printf (payload, "[{\"bn\":\"%s/senml/\",\"bt\":%" G_GUINT64_FORMAT ".%03u,\"n\":\"r0\",\"v\":%u}",
                          publisher->prefix, T0_S + i / 1000, i % 1000, i * SENML_RECORDS);
  for (guint r = 1; r < SENML_RECORDS; r++)
    g_string_append_printf (payload, ",{\"n\":\"r%u\",\"v\":%u}", r, i * SENML_RECORDS + r);
  g_string_append_c (payload, ']');
  return g_string_free (payload, FALSE);
}

static void
on_publisher_connect (struct mosquitto *mosq,
                      void             *user_data,
                      int               rc)
{
  Publisher *publisher = user_data;

  g_assert_cmpint (rc, ==, 0);
  g_atomic_int_set (&publisher->connected, 1);
}

static void
on_publisher_publish (struct mosquitto *mosq,
                      void             *user_data,
                      int               mid)
{
  Publisher *publisher = user_data;

  g_atomic_int_inc (&publisher->done);
}

static gpointer
publisher_thread (gpointer data)
{
  Publisher        *publisher = data;
  struct mosquitto *mosq = mosquitto_new (NULL, TRUE, publisher);
  g_autofree char **payloads = g_new (char *, publisher->n);
  g_autofree char **topics = g_new (char *, publisher->n);

  g_assert_nonnull (mosq);
  mosquitto_int_option (mosq, MOSQ_OPT_SEND_MAXIMUM, PUBLISHER_INFLIGHT);
  mosquitto_int_option (mosq, MOSQ_OPT_TCP_NODELAY, 1);
  mosquitto_connect_callback_set (mosq, on_publisher_connect);
  mosquitto_publish_callback_set (mosq, on_publisher_publish);
  g_assert_cmpint (mosquitto_connect (mosq, "127.0.0.1", publisher->port, 60), ==, MOSQ_ERR_SUCCESS);
  g_assert_cmpint (mosquitto_loop_start (mosq), ==, MOSQ_ERR_SUCCESS);
  /* Payloads are made first, so the publishing loop only publishes; and only once connected (CONNACK). */
  for (guint i = 0; i < publisher->n; i++)
    payloads[i] = make_payload (publisher, i, &topics[i]);
  while (!g_atomic_int_get (&publisher->connected))
    g_usleep (1000);

  publisher->start_us = g_get_monotonic_time ();
  for (guint i = 0; i < publisher->n; i++)
    {
      int rc;

      if (publisher->rate > 0)
        {
          gint64 due = publisher->start_us + (gint64) (i * G_USEC_PER_SEC / publisher->rate);
          gint64 now = g_get_monotonic_time ();

          if (due > now)
            g_usleep ((gulong) (due - now));
        }
      publisher->sent_us[i] = g_get_monotonic_time ();
      rc = mosquitto_publish (mosq, NULL, topics[i], (int) strlen (payloads[i]), payloads[i], publisher->qos, FALSE);
      if (rc != MOSQ_ERR_SUCCESS)
        g_error ("Could not publish message %u: %s", i, mosquitto_strerror (rc));
    }
  while ((guint) g_atomic_int_get (&publisher->done) < publisher->n)
    g_usleep (1000);
  mosquitto_disconnect (mosq);
  mosquitto_loop_stop (mosq, FALSE);
  mosquitto_destroy (mosq);
  for (guint i = 0; i < publisher->n; i++)
    {
      g_free (payloads[i]);
      g_free (topics[i]);
    }
  return NULL;
}

static Publisher *
publisher_new (int         port,
               int         qos,
               gboolean    senml,
               guint       n,
               double      rate,
               const char *prefix)
{
  Publisher *publisher = g_new0 (Publisher, 1);

  publisher->port = port;
  publisher->qos = qos;
  publisher->senml = senml;
  publisher->n = n;
  publisher->rate = rate;
  publisher->prefix = g_strdup (prefix);
  publisher->sent_us = g_new0 (gint64, n);
  return publisher;
}

static void
publisher_start (Publisher *publisher)
{
  publisher->thread = g_thread_new ("bench-publisher", publisher_thread, publisher);
}

static void
publisher_free (Publisher *publisher)
{
  if (publisher->thread != NULL)
    g_thread_join (publisher->thread);
  g_free (publisher->prefix);
  g_free (publisher->sent_us);
  g_free (publisher);
}

/* A session on the broker ------------------------------------------------ */

typedef struct
{
  const char *pattern;
  int         qos;
  guint64     expected;
  gint        subscribed; /* atomic */
  guint64     count;      /* atomic */
  gint64      last_us;
  gint64     *received_us; /* per message (single-value payloads), or NULL */
} RawSubscriber;

static void
on_raw_connect (struct mosquitto *mosq,
                void             *user_data,
                int               rc)
{
  RawSubscriber *sub = user_data;

  g_assert_cmpint (rc, ==, 0);
  mosquitto_subscribe (mosq, NULL, sub->pattern, sub->qos);
}

static void
on_raw_subscribe (struct mosquitto *mosq,
                  void             *user_data,
                  int               mid,
                  int               qos_count,
                  const int        *granted_qos)
{
  RawSubscriber *sub = user_data;

  g_atomic_int_set (&sub->subscribed, 1);
}

static void
on_raw_message (struct mosquitto               *mosq,
                void                           *user_data,
                const struct mosquitto_message *message)
{
  RawSubscriber *sub = user_data;

  if ((guint64) g_atomic_pointer_add (&sub->count, 1) + 1 == sub->expected)
    sub->last_us = g_get_monotonic_time ();
  if (sub->received_us != NULL && message->payloadlen > 0 && message->payloadlen < 16)
    {
      char    text[16];
      guint64 index;

      memcpy (text, message->payload, (gsize) message->payloadlen);
      text[message->payloadlen] = '\0';
      index = g_ascii_strtoull (text, NULL, 10);
      if (index < sub->expected && sub->received_us[index] == 0)
        sub->received_us[index] = g_get_monotonic_time ();
    }
}

/* A client of @client_id (a persistent session) subscribed to @pattern; waits for the SUBACK. */
static struct mosquitto *
raw_subscriber_connect (int            port,
                        const char    *client_id,
                        RawSubscriber *sub)
{
  struct mosquitto *mosq = mosquitto_new (client_id, FALSE, sub);

  g_assert_nonnull (mosq);
  mosquitto_int_option (mosq, MOSQ_OPT_TCP_NODELAY, 1);
  mosquitto_connect_callback_set (mosq, on_raw_connect);
  mosquitto_subscribe_callback_set (mosq, on_raw_subscribe);
  mosquitto_message_callback_set (mosq, on_raw_message);
  g_assert_cmpint (mosquitto_connect (mosq, "127.0.0.1", port, 60), ==, MOSQ_ERR_SUCCESS);
  g_assert_cmpint (mosquitto_loop_start (mosq), ==, MOSQ_ERR_SUCCESS);
  while (!g_atomic_int_get (&sub->subscribed))
    g_usleep (1000);
  return mosq;
}

static void
raw_subscriber_close (struct mosquitto *mosq)
{
  mosquitto_disconnect (mosq);
  mosquitto_loop_stop (mosq, FALSE);
  mosquitto_destroy (mosq);
}

/* Creates the feed's persistent session with its subscription, so nothing published after the
 * feed connects can miss it. */
static void
prepare_session (int         port,
                 const char *client_id,
                 const char *pattern,
                 int         qos)
{
  RawSubscriber sub = { pattern, qos, G_MAXUINT64, 0, 0, 0, NULL };

  raw_subscriber_close (raw_subscriber_connect (port, client_id, &sub));
}

/* Waits until @read returns at least @target or stops growing for STALL_US; returns the last value. */
static guint64
wait_count (guint64 (*read) (gpointer),
            gpointer data,
            guint64  target,
            gint64  *reached_us)
{
  guint64 last = 0;
  gint64  progress_us = g_get_monotonic_time ();

  for (;;)
    {
      guint64 now_count = read (data);
      gint64  now = g_get_monotonic_time ();

      if (now_count >= target)
        {
          *reached_us = now;
          return now_count;
        }
      if (now_count != last)
        {
          last = now_count;
          progress_us = now;
        }
      else if (now - progress_us > STALL_US)
        {
          *reached_us = now;
          return now_count;
        }
      g_usleep (200);
    }
}

/* Latency ---------------------------------------------------------------- */

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Prints the median and the 99th percentile of @done_us[i] − @sent_us[i] over the messages done. */
static void
print_latency (const char   *what,
               const gint64 *sent_us,
               const gint64 *done_us,
               guint         n)
{
  g_autoptr (GArray) delays = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < n; i++)
    if (done_us[i] != 0)
      {
        gint64 delay = done_us[i] - sent_us[i];

        g_array_append_val (delays, delay);
      }
  if (delays->len == 0)
    {
      g_print ("latency %s: nothing arrived\n", what);
      return;
    }
  g_array_sort (delays, compare_gint64);
  g_print ("latency %s: median %.2f ms, p99 %.2f ms, max %.2f ms (%u of %u messages, %.0f msg/s)\n", what,
           g_array_index (delays, gint64, delays->len / 2) / 1000.0,
           g_array_index (delays, gint64, (delays->len * 99) / 100) / 1000.0,
           g_array_index (delays, gint64, delays->len - 1) / 1000.0, delays->len, n, LATENCY_RATE);
}

/* The runs --------------------------------------------------------------- */

typedef struct
{
  double   seconds;
  guint64  samples;
  guint64  stored; /* (b): samples in the file */
  gboolean complete;
} Run;

static char *
next_prefix (void)
{
  return g_strdup_printf ("b%u", ++run_counter);
}

static guint64
read_raw_count (gpointer data)
{
  return g_atomic_pointer_get (&((RawSubscriber *) data)->count);
}

/* (a): the bare subscriber; with @paced, the publisher is paced and arrivals are timed. */
static Run
run_raw (FeedsTestBroker *broker,
         gboolean         senml,
         int              qos,
         guint            n,
         gboolean         paced)
{
  g_autofree char   *prefix = next_prefix ();
  g_autofree char   *pattern = g_strdup_printf ("%s/#", prefix);
  g_autofree char   *client_id = g_strdup_printf ("bench-raw-%s", prefix);
  g_autofree gint64 *received_us = paced ? g_new0 (gint64, n) : NULL;
  RawSubscriber      sub = { pattern, qos, n, 0, 0, 0, received_us };
  struct mosquitto  *mosq = raw_subscriber_connect (broker->port, client_id, &sub);
  Publisher         *publisher = publisher_new (broker->port, qos, senml, n, paced ? LATENCY_RATE : 0, prefix);
  Run                run = { 0 };
  gint64             end_us;
  guint64            got;

  publisher_start (publisher);
  got = wait_count (read_raw_count, &sub, n, &end_us);
  /* Joins its network thread, which wrote last_us just after the count. */
  raw_subscriber_close (mosq);
  run.complete = got == n;
  run.seconds = (double) ((run.complete ? sub.last_us : end_us) - publisher->start_us) / G_USEC_PER_SEC;
  run.samples = got * (senml ? SENML_RECORDS : 1);
  run.stored = run.samples;
  if (paced)
    print_latency ("publish -> received (bare subscriber), QoS 1", publisher->sent_us, received_us, n);
  publisher_free (publisher);
  return run;
}

static char *
make_project (const char *prefix)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Twin");
  g_autoptr (TwinStore) store = NULL;
  g_autofree char *basename = g_strdup_printf ("%s.dtwin", prefix);
  char            *path = twin_test_tmp_path (basename);

  store = twin_store_create (path, root, &error);
  g_assert_no_error (error);
  twin_store_close (store);
  return path;
}

static TwinFeedConfig *
make_config (int         port,
             const char *prefix,
             gboolean    senml,
             int         qos)
{
  g_autoptr (GError) error = NULL;
  TwinFeedConfig    *config = twin_feed_config_new ("bench", TWIN_FEED_MQTT);
  g_autofree char   *pattern = g_strdup_printf ("%s/#", prefix);
  TwinPayloadFormat *format = twin_payload_format_parse (senml ? "senml" : "number", &error);

  g_assert_no_error (error);
  g_free (config->host);
  config->host = g_strdup ("127.0.0.1");
  config->port = port;
  g_free (config->client_id);
  config->client_id = g_strdup_printf ("bench-feed-%s", prefix);
  g_ptr_array_add (config->subscriptions, twin_feed_subscription_new (pattern, qos, format));
  return config;
}

/* Removes a project file and its WAL side files. */
static void
remove_project (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_remove (path);
  g_remove (wal);
  g_remove (shm);
}

/* Samples stored in @path in signals whose name starts with @prefix. */
static guint64
count_stored (const char *path,
              const char *prefix)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinHistorian) historian = twin_historian_open (path, TRUE, &error);
  g_autoptr (GPtrArray) signals = NULL;
  guint64 total = 0;

  g_assert_no_error (error);
  signals = twin_historian_list_signals (historian, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < signals->len; i++)
    {
      const TwinSignalInfo *info = g_ptr_array_index (signals, i);

      if (g_str_has_prefix (info->name, prefix))
        total += (guint64) info->n_samples;
    }
  return total;
}

static void
wait_connected (TwinMqttFeed *feed)
{
  TwinMqttStatus status = { 0 };

  for (guint i = 0; i < 1000; i++)
    {
      twin_mqtt_feed_get_status (feed, &status);
      if (status.state == TWIN_MQTT_CONNECTED)
        {
          twin_mqtt_status_clear (&status);
          return;
        }
      twin_mqtt_status_clear (&status);
      g_usleep (10000);
    }
  g_error ("The feed did not connect to the bench's broker.");
}

static guint64
read_written (gpointer data)
{
  TwinRecorderStats stats;

  twin_recorder_get_stats (data, &stats);
  return stats.written + stats.rejected;
}

typedef struct
{
  Publisher *publisher;
  gint64    *stored_us; /* per message: when its (first) sample was committed */
} StoredLatency;

static void
on_committed (const TwinRecordedSample *samples,
              guint                     n_samples,
              GPtrArray                *alarm_events,
              gpointer                  user_data)
{
  StoredLatency *latency = user_data;
  gint64         now = g_get_monotonic_time ();

  for (guint i = 0; i < n_samples; i++)
    {
      double index = samples[i].value;

      if (index >= 0 && index < latency->publisher->n && latency->stored_us[(guint) index] == 0)
        latency->stored_us[(guint) index] = now;
    }
}

/* (b): the feed and the recorder; with @latency, the publisher is paced and commits are timed. */
static Run
run_feed (FeedsTestBroker *broker,
          gboolean         senml,
          int              qos,
          guint            n,
          StoredLatency   *latency)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *prefix = next_prefix ();
  g_autofree char *path = make_project (prefix);
  g_autoptr (TwinFeedConfig) config = make_config (broker->port, prefix, senml, qos);
  g_autoptr (TwinRecorder) recorder = twin_recorder_new (path, &error);
  g_autoptr (TwinMqttFeed) feed = NULL;
  Publisher *publisher = publisher_new (broker->port, qos, senml, n, latency != NULL ? LATENCY_RATE : 0, prefix);
  guint64    expected = (guint64) n * (senml ? SENML_RECORDS : 1);
  Run        run = { 0 };
  gint64     end_us;
  guint64    got;

  g_assert_no_error (error);
  if (latency != NULL)
    {
      latency->publisher = publisher;
      latency->stored_us = g_new0 (gint64, n);
      twin_recorder_set_observer (recorder, on_committed, latency, NULL);
    }
  prepare_session (broker->port, config->client_id, ((TwinFeedSubscription *) config->subscriptions->pdata[0])->pattern,
                   qos);
  feed = twin_mqtt_feed_new (config, NULL, recorder);
  g_assert_true (twin_mqtt_feed_start (feed, &error));
  g_assert_no_error (error);
  wait_connected (feed);

  publisher_start (publisher);
  got = wait_count (read_written, recorder, expected, &end_us);
  run.seconds = (double) (end_us - publisher->start_us) / G_USEC_PER_SEC;
  run.samples = got;
  if (latency != NULL)
    {
      /* Once flushed, the observer has seen every commit. */
      twin_recorder_flush (recorder, NULL);
      print_latency ("publish -> committed (observer), QoS 1", publisher->sent_us, latency->stored_us, n);
    }
  publisher_free (publisher);
  twin_mqtt_feed_stop (feed);
  g_assert_true (twin_recorder_close (recorder, &error));
  g_assert_no_error (error);
  run.stored = count_stored (path, prefix);
  run.complete = run.stored == expected;
  remove_project (path);
  if (latency != NULL)
    latency->publisher = NULL;
  return run;
}

typedef struct
{
  Publisher *publisher;
  gint64    *shown_us;
  gint64     shown; /* messages 0..shown-1 have been shown or superseded */
  guint      changes;
  GMainLoop *loop;
} ShownLatency;

static void
on_session_changed (TwinLiveSession *session,
                    ShownLatency    *latency)
{
  g_autoptr (GPtrArray) topics = twin_live_session_dup_topics (session);
  gint64 now = g_get_monotonic_time ();
  gint64 newest = -1;

  latency->changes++;
  for (guint i = 0; i < topics->len; i++)
    {
      const TwinLiveTopic *topic = g_ptr_array_index (topics, i);

      if (topic->has_value && topic->last_value > newest)
        newest = (gint64) topic->last_value;
    }
  /* The newest value on screen stands for every message before it. */
  for (; latency->shown <= newest && latency->shown < latency->publisher->n; latency->shown++)
    latency->shown_us[latency->shown] = now;
}

static gboolean
check_shown (gpointer data)
{
  ShownLatency *latency = data;

  if (latency->shown >= latency->publisher->n ||
      (latency->publisher->start_us != 0 &&
       g_get_monotonic_time () - latency->publisher->start_us >
         (gint64) (latency->publisher->n / LATENCY_RATE * G_USEC_PER_SEC) + STALL_US))
    {
      g_main_loop_quit (latency->loop);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
session_connected (TwinLiveSession *session)
{
  g_autoptr (GPtrArray) feeds = twin_live_session_dup_feeds (session);

  return feeds->len == 1 && ((TwinLiveFeedStatus *) feeds->pdata[0])->state == TWIN_MQTT_CONNECTED;
}

/* Publish → shown: a live session on this thread's main loop, as the app runs it. */
static void
run_shown_latency (FeedsTestBroker *broker)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *prefix = next_prefix ();
  g_autofree char *path = make_project (prefix);
  g_autoptr (TwinFeedConfig) config = make_config (broker->port, prefix, FALSE, 1);
  g_autoptr (TwinFeedStore) store = twin_feed_store_open (path, FALSE, &error);
  g_autoptr (TwinLiveSession) session = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  ShownLatency latency = { 0 };
  gint64       deadline;

  g_assert_no_error (error);
  g_assert_true (twin_feed_store_save_feed (store, config, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  prepare_session (broker->port, config->client_id, ((TwinFeedSubscription *) config->subscriptions->pdata[0])->pattern,
                   1);

  session = twin_live_session_new (path);
  latency.publisher = publisher_new (broker->port, 1, FALSE, LATENCY_MESSAGES, LATENCY_RATE, prefix);
  latency.shown_us = g_new0 (gint64, LATENCY_MESSAGES);
  latency.loop = loop;
  g_signal_connect (session, "changed", G_CALLBACK (on_session_changed), &latency);
  g_assert_true (twin_live_session_start (session, &error));
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!session_connected (session) && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  if (!session_connected (session))
    g_error ("The live session's feed did not connect to the bench's broker.");

  publisher_start (latency.publisher);
  g_timeout_add (10, check_shown, &latency);
  g_main_loop_run (loop);
  print_latency ("publish -> shown (::changed)", latency.publisher->sent_us, latency.shown_us, LATENCY_MESSAGES);
  g_print ("        ::changed emitted %u times in %.1f s\n", latency.changes,
           (double) (g_get_monotonic_time () - latency.publisher->start_us) / G_USEC_PER_SEC);
  publisher_free (latency.publisher);
  twin_live_session_stop (session);
  g_clear_object (&session);
  g_free (latency.shown_us);
  remove_project (path);
}

/* Main ------------------------------------------------------------------- */

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *text = g_getenv (name);

  return text != NULL && *text != '\0' ? (guint) g_ascii_strtoull (text, NULL, 10) : fallback;
}

int
main (int   argc,
      char *argv[])
{
  struct
  {
    gboolean senml;
    int      qos;
    guint    n;
  } cases[] = {
    { FALSE, 0, 100000 },
    { FALSE, 1, 60000 },
    { TRUE, 0, 10000 },
    { TRUE, 1, 10000 },
  };
  guint            scale = env_uint ("TWIN_BENCH_FEEDS_PERCENT", 100);
  guint            rounds = MAX (1, env_uint ("TWIN_BENCH_FEEDS_ROUNDS", 2));
  FeedsTestBroker *broker;
  StoredLatency    stored = { 0 };
  gboolean         lossless = TRUE;
  g_autofree char *tmp_probe = twin_test_tmp_path ("probe");
  g_autofree char *tmp_dir = g_path_get_dirname (tmp_probe);
  Run              run;

  mosquitto_lib_init ();
  /* Small packets go out at once (no Nagle delay on the broker's side). */
  broker = feeds_test_broker_start ("allow_anonymous true\nset_tcp_nodelay true\n");
  if (broker == NULL)
    {
      g_print ("feeds: skipped, mosquitto is not installed\n");
      return 0;
    }
  g_print ("feeds: mosquitto on 127.0.0.1:%d, %u CPUs; rate = messages from the first publish to the last one "
           "received (raw: a bare libmosquitto subscriber) or committed to the file (ours: TwinMqttFeed + "
           "TwinRecorder), best of %u rounds\n",
           broker->port, g_get_num_processors (), rounds);
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      guint   n = MAX (1000, cases[c].n * scale / 100);
      guint   records = cases[c].senml ? SENML_RECORDS : 1;
      guint64 expected = (guint64) n * records;
      double  raw_s = G_MAXDOUBLE, ours_s = G_MAXDOUBLE;
      guint64 least_stored = G_MAXUINT64;

      /* Alternating, so a busy moment of the machine does not favour one side. */
      for (guint r = 0; r < rounds; r++)
        {
          Run raw = run_raw (broker, cases[c].senml, cases[c].qos, n, FALSE);
          Run ours = run_feed (broker, cases[c].senml, cases[c].qos, n, NULL);

          if (!raw.complete)
            g_print ("  the bare subscriber received %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " samples\n",
                     raw.samples, expected);
          raw_s = MIN (raw_s, raw.seconds);
          ours_s = MIN (ours_s, ours.seconds);
          least_stored = MIN (least_stored, ours.stored);
          lossless = lossless && raw.complete && ours.complete;
        }
      g_print ("%-6s QoS %d, %u msgs: raw %.0f msg/s (%.0f samples/s); ours %.0f msg/s (%.0f samples/s), "
               "%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " samples in the file%s; ratio %.2f (goal >= 0.9)\n",
               cases[c].senml ? "SenML" : "single", cases[c].qos, n, n / raw_s, expected / raw_s, n / ours_s,
               expected / ours_s, least_stored, expected, least_stored == expected ? "" : " LOST SAMPLES",
               raw_s / ours_s);
    }

  run_raw (broker, FALSE, 1, LATENCY_MESSAGES, TRUE);
  run = run_feed (broker, FALSE, 1, LATENCY_MESSAGES, &stored);
  g_free (stored.stored_us);
  lossless = lossless && run.complete;
  run_shown_latency (broker);

  feeds_test_broker_free (broker);
  mosquitto_lib_cleanup ();
  /* The projects' folder (each project was removed after its run). */
  g_rmdir (tmp_dir);
  if (!lossless)
    g_print ("feeds: SAMPLES WERE LOST (see above)\n");
  return lossless ? 0 : 1;
}
