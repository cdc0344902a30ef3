/* test-live-session.c: the app's live session against a real mosquitto: feed status through a broker
 * kill and restart, topics and their payloads, rejects, bound values, stale marks, the ::changed
 * rate, alarms, commands and reloading.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test starts its own broker (feeds-test-broker.c) and a real project file, runs the session
 * on the test's main context, and publishes with mosquitto_pub or a libmosquitto client.
 */

#include "config.h"

#include "feeds-test-broker.h"
#include "feeds/twin-alarm-store.h"
#include "feeds/twin-command-store.h"
#include "feeds/twin-feed-store.h"
#include "feeds/twin-live-session.h"
#include "twin-test-util.h"

#include <math.h>
#include <mosquitto.h>
#include <string.h>

static TwinFeedConfig *
new_config (FeedsTestBroker *broker,
            const char      *name,
            const char      *pattern)
{
  g_autoptr (GError) error = NULL;
  TwinFeedConfig *config = twin_feed_config_new (name, TWIN_FEED_MQTT);

  g_free (config->host);
  config->host = g_strdup ("127.0.0.1");
  config->port = broker->port;
  g_free (config->client_id);
  config->client_id = g_strdup_printf ("live-%s", name);
  config->clean_session = FALSE;
  config->keepalive_s = 5;
  g_ptr_array_add (config->subscriptions,
                   twin_feed_subscription_new (pattern, 1, twin_payload_format_parse ("number", &error)));
  g_assert_no_error (error);
  return config;
}

/* A project with the feed "site" on "plant/#". */
static char *
new_project (FeedsTestBroker *broker,
             const char      *basename)
{
  char *path = feeds_test_new_project (basename);
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinFeedStore) store = twin_feed_store_open (path, FALSE, &error);
  g_autoptr (TwinFeedConfig) config = new_config (broker, "site", "plant/#");

  g_assert_no_error (error);
  g_assert_true (twin_feed_store_save_feed (store, config, &error));
  g_assert_no_error (error);
  return path;
}

static void
bind_topic (const char *path,
            const char *topic,
            const char *entity_path,
            const char *property,
            const char *unit,
            double      scale,
            double      offset)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinFeedStore) store = twin_feed_store_open (path, FALSE, &error);
  TwinTopicBinding binding = { (char *) topic, (char *) entity_path, (char *) property, (char *) unit, scale, offset };

  g_assert_no_error (error);
  g_assert_true (twin_feed_store_bind_topic (store, &binding, &error));
  g_assert_no_error (error);
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main context until @done, at most @timeout_s. */
#define WAIT_UNTIL(done, timeout_s)                                                                 \
  G_STMT_START                                                                                      \
  {                                                                                                 \
    gint64 deadline_ = g_get_monotonic_time () + (gint64) ((timeout_s) *G_USEC_PER_SEC);            \
    guint  tick_ = g_timeout_add (20, wake_up, NULL);                                               \
    while (!(done) && g_get_monotonic_time () < deadline_)                                          \
      g_main_context_iteration (NULL, TRUE);                                                        \
    g_source_remove (tick_);                                                                        \
    if (!(done))                                                                                    \
      g_error ("%s:%d: not true within %g s: %s", __FILE__, __LINE__, (double) (timeout_s), #done); \
  }                                                                                                 \
  G_STMT_END

/* Runs the main context for @seconds. */
static void
run_for (double seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  guint  tick = g_timeout_add (20, wake_up, NULL);

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
}

static TwinLiveFeedStatus *
dup_feed (TwinLiveSession *session,
          const char      *name)
{
  g_autoptr (GPtrArray) feeds = twin_live_session_dup_feeds (session);

  for (guint i = 0; i < feeds->len; i++)
    {
      TwinLiveFeedStatus *status = g_ptr_array_index (feeds, i);

      if (strcmp (status->name, name) == 0)
        return g_ptr_array_steal_index (feeds, i);
    }
  return NULL;
}

static TwinLiveTopic *
dup_topic (TwinLiveSession *session,
           const char      *name)
{
  g_autoptr (GPtrArray) topics = twin_live_session_dup_topics (session);

  for (guint i = 0; i < topics->len; i++)
    {
      TwinLiveTopic *topic = g_ptr_array_index (topics, i);

      if (strcmp (topic->topic, name) == 0)
        return g_ptr_array_steal_index (topics, i);
    }
  return NULL;
}

static gboolean
feed_in_state (TwinLiveSession *session,
               const char      *name,
               TwinMqttState    state,
               gboolean         with_error)
{
  TwinLiveFeedStatus *status = dup_feed (session, name);
  gboolean            ok;

  g_assert_nonnull (status);
  ok = status->state == state && (!with_error || status->last_error != NULL);
  twin_live_feed_status_free (status);
  return ok;
}

static gboolean
feed_not_connected_with_error (TwinLiveSession *session,
                               const char      *name)
{
  TwinLiveFeedStatus *status = dup_feed (session, name);
  gboolean            ok = status->state != TWIN_MQTT_CONNECTED && status->last_error != NULL;

  twin_live_feed_status_free (status);
  return ok;
}

static guint64
topic_count (TwinLiveSession *session,
             const char      *name)
{
  TwinLiveTopic *topic = dup_topic (session, name);
  guint64        count = topic != NULL ? topic->count : 0;

  twin_live_topic_free (topic);
  return count;
}

static gboolean
topic_stale (TwinLiveSession *session,
             const char      *name)
{
  TwinLiveTopic *topic = dup_topic (session, name);
  gboolean       stale = topic != NULL && topic->stale;

  twin_live_topic_free (topic);
  return stale;
}

static gboolean
topic_rejected (TwinLiveSession *session,
                const char      *name)
{
  TwinLiveTopic *topic = dup_topic (session, name);
  gboolean       rejected = topic != NULL && topic->rejected > 0 && topic->last_reject_reason != NULL;

  twin_live_topic_free (topic);
  return rejected;
}

static guint64
topic_rejected_count (TwinLiveSession *session,
                      const char      *name)
{
  TwinLiveTopic *topic = dup_topic (session, name);
  guint64        count = topic != NULL ? topic->rejected : 0;

  twin_live_topic_free (topic);
  return count;
}

static gboolean
lookup_equals (TwinLiveSession *session,
               const char      *entity_path,
               const char      *property,
               double           expected)
{
  TwinLiveValue value;

  return twin_live_session_lookup (session, entity_path, property, &value) && fabs (value.value - expected) < 1e-9;
}

/* Starts the session and waits until its feed "site" is connected and subscribed. */
static TwinLiveSession *
start_session (const char *path)
{
  g_autoptr (GError) error = NULL;
  TwinLiveSession *session = twin_live_session_new (path);

  g_assert_true (twin_live_session_start (session, &error));
  g_assert_no_error (error);
  g_assert_true (twin_live_session_is_running (session));
  WAIT_UNTIL (feed_in_state (session, "site", TWIN_MQTT_CONNECTED, FALSE), 20);
  /* The SUBACK follows the CONNACK. */
  run_for (0.2);
  return session;
}

static void
pub (FeedsTestBroker *broker,
     const char      *topic,
     const char      *payload)
{
  feeds_test_pub (broker, "-q", "1", "-t", topic, "-m", payload, NULL);
}

static void
test_start_errors (void)
{
  g_autofree char *path = twin_test_tmp_path ("not-a-project.dtwin");
  g_autofree char *empty = feeds_test_new_project ("no-feeds.dtwin");
  g_autoptr (TwinLiveSession) session = NULL;
  g_autoptr (TwinLiveSession) idle = NULL;
  g_autoptr (GPtrArray) feeds = NULL;
  g_autoptr (GPtrArray) topics = NULL;
  g_autoptr (GError) error = NULL;
  TwinLiveValue value;

  g_assert_true (g_file_set_contents (path, "this is not a project", -1, NULL));
  session = twin_live_session_new (path);
  g_assert_false (twin_live_session_start (session, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_false (twin_live_session_is_running (session));
  g_clear_error (&error);

  /* No feeds is fine. */
  idle = twin_live_session_new (empty);
  g_assert_cmpstr (twin_live_session_get_project_path (idle), ==, empty);
  g_assert_true (twin_live_session_start (idle, &error));
  g_assert_no_error (error);
  feeds = twin_live_session_dup_feeds (idle);
  g_assert_cmpuint (feeds->len, ==, 0);
  run_for (0.3);
  topics = twin_live_session_dup_topics (idle);
  g_assert_cmpuint (topics->len, ==, 0);
  g_assert_false (twin_live_session_lookup (idle, "Plant/Room", "temperature", &value));
  twin_live_session_stop (idle);
  twin_live_session_stop (idle);
  g_assert_false (twin_live_session_is_running (idle));
}

static void
test_status (void)
{
  FeedsTestBroker *broker = feeds_test_broker_start (NULL);
  g_autofree char *path = NULL;
  g_autoptr (TwinLiveSession) session = NULL;
  TwinLiveFeedStatus *status;

  if (broker == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  path = new_project (broker, "status.dtwin");
  {
    g_autoptr (TwinFeedStore) store = twin_feed_store_open (path, FALSE, NULL);
    g_autoptr (TwinFeedConfig) broken = new_config (broker, "broken", "other/#");

    broken->tls_ca_file = g_strdup ("/nonexistent/ca.pem");
    g_assert_true (twin_feed_store_save_feed (store, broken, NULL));
  }
  session = start_session (path);
  status = dup_feed (session, "site");
  g_assert_cmpint (status->kind, ==, TWIN_FEED_MQTT);
  g_assert_null (status->last_error);
  twin_live_feed_status_free (status);
  /* A feed whose settings libmosquitto refuses does not stop the others; it says why. */
  status = dup_feed (session, "broken");
  g_assert_cmpint (status->state, ==, TWIN_MQTT_DISCONNECTED);
  g_test_message ("broken feed: %s", status->last_error);
  g_assert_nonnull (strstr (status->last_error, "broken"));
  twin_live_feed_status_free (status);

  pub (broker, "plant/a", "1");
  WAIT_UNTIL (topic_count (session, "plant/a") == 1, 10);

  /* The broker killed: the feed says so, with a reason, and keeps trying. */
  feeds_test_broker_stop (broker, TRUE);
  WAIT_UNTIL (feed_not_connected_with_error (session, "site"), 20);
  status = dup_feed (session, "site");
  g_test_message ("after the kill: state %d, %s", status->state, status->last_error);
  g_assert_nonnull (strstr (status->last_error, "127.0.0.1"));
  /* It says that it tries again, in sentences without doubled full stops. */
  g_assert_cmpint (status->state, ==, TWIN_MQTT_CONNECTING);
  g_assert_true (strstr (status->last_error, "reconnecting") != NULL || strstr (status->last_error, "trying again") != NULL);
  g_assert_null (strstr (status->last_error, ".."));
  g_assert_true (g_str_has_suffix (status->last_error, "."));
  g_assert_cmpuint (status->messages, ==, 1);
  g_assert_cmpuint (status->connects, ==, 1);
  twin_live_feed_status_free (status);

  feeds_test_broker_restart (broker);
  WAIT_UNTIL (feed_in_state (session, "site", TWIN_MQTT_CONNECTED, FALSE), 40);
  run_for (0.2);
  pub (broker, "plant/a", "2");
  WAIT_UNTIL (topic_count (session, "plant/a") == 2, 10);
  status = dup_feed (session, "site");
  g_assert_cmpuint (status->messages, ==, 2);
  /* Connected again: the error is gone, the reconnection counted. */
  g_assert_null (status->last_error);
  g_assert_cmpuint (status->connects, ==, 2);
  twin_live_feed_status_free (status);

  twin_live_session_stop (session);
  g_assert_true (feed_in_state (session, "site", TWIN_MQTT_DISCONNECTED, FALSE));
  feeds_test_broker_free (broker);
}

static gboolean
replay_done (TwinLiveSession *session)
{
  TwinLiveFeedStatus *status = dup_feed (session, "replay");
  gboolean            done = status->state == TWIN_MQTT_DISCONNECTED && status->messages == 100;

  twin_live_feed_status_free (status);
  return done && topic_count (session, "a") == 50 && topic_count (session, "b") == 50;
}

static void
test_csv_replay (void)
{
  g_autofree char *path = feeds_test_new_project ("replay.dtwin");
  g_autofree char *csv = twin_test_tmp_path ("replay.csv");
  g_autofree char *bad = twin_test_tmp_path ("bad.csv");
  g_autoptr (GString) text = g_string_new ("time,a,b\n");
  g_autoptr (GDateTime) start = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);
  g_autoptr (TwinFeedStore) store = NULL;
  g_autoptr (TwinFeedConfig) replay = twin_feed_config_new ("replay", TWIN_FEED_CSV_REPLAY);
  g_autoptr (TwinFeedConfig) broken = twin_feed_config_new ("unreadable", TWIN_FEED_CSV_REPLAY);
  g_autoptr (TwinLiveSession) session = NULL;
  g_autoptr (GError) error = NULL;
  TwinLiveFeedStatus *status;
  TwinLiveTopic      *topic;

  for (guint i = 0; i < 50; i++)
    {
      g_autoptr (GDateTime) time = g_date_time_add_seconds (start, 10.0 * i);
      g_autofree char *iso = g_date_time_format_iso8601 (time);

      g_string_append_printf (text, "%s,%u.25,%d\n", iso, i, -(int) i);
    }
  g_assert_true (g_file_set_contents (csv, text->str, -1, &error));
  g_assert_true (g_file_set_contents (bad, "time,a\n2026-01-01T00:00:00Z,1\nnot a time,2\n", -1, &error));
  store = twin_feed_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  /* 490 s of file at 250×: about 2 s. */
  replay->csv_path = g_strdup (csv);
  replay->speed = 250;
  g_assert_true (twin_feed_store_save_feed (store, replay, &error));
  g_assert_no_error (error);
  broken->csv_path = g_strdup (bad);
  broken->speed = 1;
  g_assert_true (twin_feed_store_save_feed (store, broken, &error));
  g_assert_no_error (error);

  session = twin_live_session_new (path);
  g_assert_true (twin_live_session_start (session, &error));
  g_assert_no_error (error);
  status = dup_feed (session, "replay");
  g_assert_cmpint (status->kind, ==, TWIN_FEED_CSV_REPLAY);
  g_assert_cmpint (status->state, ==, TWIN_MQTT_CONNECTED);
  g_assert_null (status->last_error);
  twin_live_feed_status_free (status);
  status = dup_feed (session, "unreadable");
  g_assert_cmpint (status->state, ==, TWIN_MQTT_DISCONNECTED);
  g_test_message ("unreadable: %s", status->last_error);
  g_assert_nonnull (strstr (status->last_error, "unreadable"));
  g_assert_nonnull (strstr (status->last_error, "bad.csv"));
  twin_live_feed_status_free (status);

  /* A binding added while it plays: the replay goes on (not from the start: exactly 100 samples
   * in all), and the values after the reload are converted. */
  WAIT_UNTIL (topic_count (session, "a") >= 5, 10);
  g_assert_false (replay_done (session));
  bind_topic (path, "a", "Plant/Tank", "level", NULL, 2, 0);
  g_assert_true (twin_live_session_reload (session, &error));
  g_assert_no_error (error);
  status = dup_feed (session, "replay");
  g_assert_cmpint (status->state, ==, TWIN_MQTT_CONNECTED);
  g_assert_cmpuint (status->messages, <, 100);
  twin_live_feed_status_free (status);
  WAIT_UNTIL (replay_done (session), 20);
  run_for (0.5);
  g_assert_true (replay_done (session));
  topic = dup_topic (session, "a");
  g_assert_cmpfloat (topic->last_value, ==, 98.5);
  g_assert_cmpint (topic->last_us, ==, (g_date_time_to_unix (start) + 490) * G_USEC_PER_SEC);
  g_assert_null (topic->last_payload);
  twin_live_topic_free (topic);
  twin_live_session_stop (session);
  g_assert_cmpint (feeds_test_count_samples (path, "a"), ==, 50);
  g_assert_cmpint (feeds_test_count_samples (path, "b"), ==, 50);
}

static void
test_topics (void)
{
  FeedsTestBroker *broker = feeds_test_broker_start (NULL);
  g_autofree char *path = NULL;
  g_autoptr (TwinLiveSession) session = NULL;
  TwinLiveTopic      *topic;
  TwinLiveFeedStatus *status;
  TwinLiveValue       value;
  gint64              before;

  if (broker == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  path = new_project (broker, "topics.dtwin");
  /* Stored as value · 2 + 1, in °C. */
  bind_topic (path, "plant/room/temp", "Plant/Room", "temperature", "°C", 2, 1);
  session = start_session (path);

  before = g_get_real_time ();
  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *payload = g_strdup_printf ("%u.5", i);

      pub (broker, "plant/a/level", payload);
    }
  for (guint i = 0; i < 5; i++)
    pub (broker, "plant/a/bad", "twenty one");
  pub (broker, "plant/room/temp", "10");
  WAIT_UNTIL (topic_count (session, "plant/a/level") == 5, 10);
  WAIT_UNTIL (topic_rejected (session, "plant/a/bad"), 10);
  WAIT_UNTIL (topic_rejected_count (session, "plant/a/bad") == 5, 10);
  WAIT_UNTIL (lookup_equals (session, "Plant/Room", "temperature", 21), 10);

  topic = dup_topic (session, "plant/a/level");
  g_assert_cmpstr (topic->feed, ==, "site");
  g_assert_cmpstr (topic->last_payload, ==, "5.5");
  g_assert_true (topic->has_value);
  g_assert_cmpfloat (topic->last_value, ==, 5.5);
  g_assert_cmpint (topic->last_us, >=, before);
  g_assert_cmpuint (topic->rejected, ==, 0);
  g_assert_null (topic->last_reject_reason);
  g_assert_null (topic->entity_path);
  g_assert_false (topic->stale);
  twin_live_topic_free (topic);

  topic = dup_topic (session, "plant/a/bad");
  g_assert_false (topic->has_value);
  g_assert_cmpuint (topic->count, ==, 0);
  g_assert_cmpstr (topic->last_payload, ==, "twenty one");
  /* Every refusal counted, though the reason stayed the same. */
  g_assert_cmpuint (topic->rejected, ==, 5);
  g_test_message ("refused: %s", topic->last_reject_reason);
  g_assert_nonnull (strstr (topic->last_reject_reason, "twenty one"));
  twin_live_topic_free (topic);

  topic = dup_topic (session, "plant/room/temp");
  g_assert_cmpstr (topic->entity_path, ==, "Plant/Room");
  g_assert_cmpstr (topic->property, ==, "temperature");
  g_assert_cmpstr (topic->unit, ==, "°C");
  g_assert_cmpstr (topic->last_payload, ==, "10");
  g_assert_cmpfloat (topic->last_value, ==, 21);
  twin_live_topic_free (topic);

  g_assert_true (twin_live_session_lookup (session, "Plant/Room", "temperature", &value));
  g_assert_cmpstr (value.topic, ==, "plant/room/temp");
  g_assert_false (value.stale);
  g_assert_cmpint (value.t_us, >=, before);
  g_assert_false (twin_live_session_lookup (session, "Plant/Room", "humidity", &value));
  g_assert_false (twin_live_session_lookup (session, "Plant/Other", "temperature", &value));

  status = dup_feed (session, "site");
  g_assert_cmpuint (status->messages, ==, 11);
  g_assert_cmpuint (status->rejected, ==, 5);
  twin_live_feed_status_free (status);

  twin_live_session_stop (session);
  g_assert_cmpint (feeds_test_count_samples (path, "plant/a/level"), ==, 5);
  feeds_test_broker_free (broker);
}

typedef struct
{
  GMutex mutex;
  guint  acked;
} Publisher;

static void
on_published (struct mosquitto *mosq,
              void             *data,
              int               mid)
{
  Publisher *publisher = data;

  g_mutex_lock (&publisher->mutex);
  publisher->acked++;
  g_mutex_unlock (&publisher->mutex);
}

static struct mosquitto *
publisher_new (FeedsTestBroker *broker,
               Publisher       *publisher)
{
  struct mosquitto *mosq;

  mosquitto_lib_init ();
  g_mutex_init (&publisher->mutex);
  mosq = mosquitto_new (NULL, true, publisher);
  mosquitto_publish_callback_set (mosq, on_published);
  mosquitto_max_inflight_messages_set (mosq, 50);
  g_assert_cmpint (mosquitto_connect (mosq, "127.0.0.1", broker->port, 10), ==, MOSQ_ERR_SUCCESS);
  g_assert_cmpint (mosquitto_loop_start (mosq), ==, MOSQ_ERR_SUCCESS);
  return mosq;
}

static void
publisher_free (struct mosquitto *mosq,
                Publisher        *publisher)
{
  mosquitto_disconnect (mosq);
  mosquitto_loop_stop (mosq, false);
  mosquitto_destroy (mosq);
  g_mutex_clear (&publisher->mutex);
}

static void
publish_number (struct mosquitto *mosq,
                const char       *topic,
                double            value)
{
  char payload[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (payload, sizeof payload, value);
  g_assert_cmpint (mosquitto_publish (mosq, NULL, topic, (int) strlen (payload), payload, 1, false), ==,
                   MOSQ_ERR_SUCCESS);
}

static void
test_stale (void)
{
  FeedsTestBroker *broker = feeds_test_broker_start (NULL);
  g_autofree char *path = NULL;
  g_autoptr (TwinLiveSession) session = NULL;
  struct mosquitto *mosq;
  Publisher         publisher = { 0 };
  TwinLiveValue     value;
  gint64            last_publish, stale_at;

  if (broker == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  path = new_project (broker, "stale.dtwin");
  bind_topic (path, "plant/flow", "Plant/Pump", "flow", NULL, 1, 0);
  session = start_session (path);
  twin_live_session_set_stale_factor (session, 1.5);
  mosq = publisher_new (broker, &publisher);

  /* Every 100 ms for 1.5 s: never stale meanwhile. */
  for (guint i = 0; i < 15; i++)
    {
      last_publish = g_get_monotonic_time ();
      publish_number (mosq, "plant/flow", i);
      run_for (0.1);
      g_assert_false (topic_stale (session, "plant/flow"));
    }
  WAIT_UNTIL (topic_count (session, "plant/flow") == 15, 10);
  g_assert_true (twin_live_session_lookup (session, "Plant/Pump", "flow", &value));
  g_assert_false (value.stale);
  g_assert_cmpfloat (value.value, ==, 14);

  /* The publisher stops: stale after the 2 s minimum (1.5 × 100 ms is less), not before. */
  WAIT_UNTIL (topic_stale (session, "plant/flow"), 10);
  stale_at = g_get_monotonic_time ();
  g_test_message ("stale %.2f s after the last message", (double) (stale_at - last_publish) / G_USEC_PER_SEC);
  g_assert_cmpint (stale_at - last_publish, >=, 2 * G_USEC_PER_SEC);
  g_assert_cmpint (stale_at - last_publish, <, 4 * G_USEC_PER_SEC);
  g_assert_true (twin_live_session_lookup (session, "Plant/Pump", "flow", &value));
  g_assert_true (value.stale);

  /* A new sample clears the mark. */
  publish_number (mosq, "plant/flow", 99);
  WAIT_UNTIL (lookup_equals (session, "Plant/Pump", "flow", 99), 10);
  g_assert_false (topic_stale (session, "plant/flow"));

  publisher_free (mosq, &publisher);
  twin_live_session_stop (session);
  feeds_test_broker_free (broker);
}

static void
on_changed (TwinLiveSession *session,
            GArray          *times)
{
  gint64 now = g_get_monotonic_time ();

  g_array_append_val (times, now);
}

static void
test_changed_rate (void)
{
  const guint      n = 2000;
  FeedsTestBroker *broker = feeds_test_broker_start (NULL);
  g_autofree char *path = NULL;
  g_autoptr (TwinLiveSession) session = NULL;
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  struct mosquitto *mosq;
  Publisher         publisher = { 0 };
  gint64            start, elapsed, min_gap = G_MAXINT64;
  TwinLiveTopic    *topic;

  if (broker == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  path = new_project (broker, "rate.dtwin");
  session = start_session (path);
  mosq = publisher_new (broker, &publisher);
  run_for (0.3);
  g_signal_connect (session, "changed", G_CALLBACK (on_changed), times);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      publish_number (mosq, i % 2 ? "plant/fast/a" : "plant/fast/b", i);
      /* Spread over about a second, with the main loop running. */
      if (i % 100 == 99)
        run_for (0.05);
    }
  WAIT_UNTIL (topic_count (session, "plant/fast/a") + topic_count (session, "plant/fast/b") == n, 30);
  elapsed = g_get_monotonic_time () - start;
  for (guint i = 1; i < times->len; i++)
    min_gap = MIN (min_gap, g_array_index (times, gint64, i) - g_array_index (times, gint64, i - 1));
  g_test_message ("%u messages in %.2f s: %u ::changed, closest %.1f ms apart", n, (double) elapsed / G_USEC_PER_SEC,
                  times->len, (double) min_gap / 1000);
  g_assert_cmpuint (times->len, >=, 2);
  g_assert_cmpuint (times->len, <=, 2 + (guint) (elapsed / (100 * G_TIME_SPAN_MILLISECOND)));
  g_assert_cmpint (min_gap, >=, 95 * G_TIME_SPAN_MILLISECOND);

  topic = dup_topic (session, "plant/fast/a");
  g_assert_cmpuint (topic->count, ==, n / 2);
  g_assert_cmpfloat (topic->last_value, ==, n - 1);
  g_assert_cmpfloat (topic->messages_per_s, >=, 0);
  twin_live_topic_free (topic);

  /* Quiet: a rate measured over the last seconds drops to zero; nothing else changes. */
  run_for (2.5);
  topic = dup_topic (session, "plant/fast/a");
  g_assert_cmpfloat (topic->messages_per_s, ==, 0);
  twin_live_topic_free (topic);

  publisher_free (mosq, &publisher);
  twin_live_session_stop (session);
  feeds_test_broker_free (broker);
}

static void
on_alarm (TwinLiveSession *session,
          gpointer         event,
          GPtrArray       *events)
{
  g_ptr_array_add (events, twin_alarm_event_copy (event));
}

static void
test_alarms (void)
{
  FeedsTestBroker *broker = feeds_test_broker_start (NULL);
  g_autofree char *path = NULL;
  g_autoptr (TwinLiveSession) session = NULL;
  g_autoptr (TwinAlarmStore) store = NULL;
  g_autoptr (TwinAlarmRule) rule = NULL;
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_alarm_event_free);
  g_autoptr (GPtrArray) raised = NULL;
  g_autoptr (GPtrArray) log = NULL;
  g_autoptr (GError) error = NULL;
  const TwinAlarmEvent *event;

  if (broker == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  path = new_project (broker, "alarms.dtwin");
  store = twin_alarm_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  rule = twin_alarm_rule_new ("Boiler hot", "plant/boiler", TWIN_ALARM_THRESHOLD);
  rule->high = 80;
  g_assert_true (twin_alarm_store_save_rule (store, rule, &error));
  g_assert_no_error (error);

  session = start_session (path);
  g_signal_connect (session, "alarm", G_CALLBACK (on_alarm), events);
  pub (broker, "plant/boiler", "70");
  WAIT_UNTIL (topic_count (session, "plant/boiler") == 1, 10);
  g_assert_cmpuint (events->len, ==, 0);

  pub (broker, "plant/boiler", "85.5");
  WAIT_UNTIL (events->len == 1, 10);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpint (event->kind, ==, TWIN_ALARM_RAISED);
  g_assert_cmpint (event->rule_id, ==, rule->id);
  g_assert_cmpstr (event->signal, ==, "plant/boiler");
  g_assert_cmpfloat (event->value, ==, 85.5);
  g_assert_cmpint (event->id, >, 0);
  raised = twin_live_session_dup_raised_alarms (session);
  g_assert_cmpuint (raised->len, ==, 1);
  g_assert_cmpint (((TwinAlarmEvent *) g_ptr_array_index (raised, 0))->rule_id, ==, rule->id);
  g_clear_pointer (&raised, g_ptr_array_unref);

  log = twin_alarm_store_list_events (store, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 1);
  g_assert_cmpint (((TwinAlarmEvent *) g_ptr_array_index (log, 0))->kind, ==, TWIN_ALARM_RAISED);
  g_clear_pointer (&log, g_ptr_array_unref);

  g_assert_true (twin_live_session_acknowledge (session, rule->id, &error));
  g_assert_no_error (error);
  log = twin_alarm_store_list_events (store, 0, 0, &error);
  g_assert_cmpuint (log->len, ==, 2);
  g_assert_cmpint (((TwinAlarmEvent *) g_ptr_array_index (log, 1))->kind, ==, TWIN_ALARM_ACKNOWLEDGED);
  g_clear_pointer (&log, g_ptr_array_unref);

  /* A session reopened on a raised alarm shows it without raising it twice. */
  twin_live_session_stop (session);
  g_clear_object (&session);
  session = start_session (path);
  g_signal_connect (session, "alarm", G_CALLBACK (on_alarm), events);
  raised = twin_live_session_dup_raised_alarms (session);
  g_assert_cmpuint (raised->len, ==, 1);
  g_assert_cmpfloat (((TwinAlarmEvent *) g_ptr_array_index (raised, 0))->value, ==, 85.5);
  g_clear_pointer (&raised, g_ptr_array_unref);
  pub (broker, "plant/boiler", "90");
  WAIT_UNTIL (topic_count (session, "plant/boiler") == 1, 10);
  run_for (0.2);
  g_assert_cmpuint (events->len, ==, 1);

  pub (broker, "plant/boiler", "60");
  WAIT_UNTIL (events->len == 2, 10);
  event = g_ptr_array_index (events, 1);
  g_assert_cmpint (event->kind, ==, TWIN_ALARM_CLEARED);
  g_assert_cmpfloat (event->value, ==, 60);
  raised = twin_live_session_dup_raised_alarms (session);
  g_assert_cmpuint (raised->len, ==, 0);

  /* Nothing raised: nothing to acknowledge. */
  g_assert_false (twin_live_session_acknowledge (session, rule->id, &error));
  g_assert_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  log = twin_alarm_store_list_events (store, 0, 0, &error);
  g_assert_cmpuint (log->len, ==, 3);
  g_assert_cmpint (((TwinAlarmEvent *) g_ptr_array_index (log, 2))->kind, ==, TWIN_ALARM_CLEARED);

  twin_live_session_stop (session);
  feeds_test_broker_free (broker);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} SendResult;

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  SendResult *send = data;

  send->ok = twin_live_session_send_command_finish (TWIN_LIVE_SESSION (source), result, &send->error);
  send->done = TRUE;
}

static void
test_command (void)
{
  FeedsTestBroker *broker = feeds_test_broker_start (NULL);
  g_autofree char *path = NULL;
  g_autofree char *received = NULL;
  g_autoptr (TwinLiveSession) session = NULL;
  g_autoptr (TwinCommandStore) store = NULL;
  g_autoptr (TwinCommandBinding) binding = NULL;
  g_autoptr (TwinCommandBinding) found = NULL;
  g_autoptr (GPtrArray) log = NULL;
  g_autoptr (GSubprocess) sub = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char   *port = NULL;
  SendResult         result = { 0 };
  TwinCommandRecord *record;

  if (broker == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  path = new_project (broker, "command.dtwin");
  store = twin_command_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  binding = twin_command_binding_new ("Plant/Room/Heater", "setpoint", "site", "actuators/heater/set");
  binding->qos = 1;
  binding->retain = TRUE;
  binding->payload = g_strdup ("{\"setpoint\": {value}}");
  binding->max = 30;
  g_assert_true (twin_command_store_save_binding (store, binding, &error));
  g_assert_no_error (error);

  session = start_session (path);
  found = twin_live_session_dup_command_binding (session, "Plant/Room/Heater", "setpoint");
  g_assert_nonnull (found);
  g_assert_cmpstr (found->topic, ==, "actuators/heater/set");
  g_assert_null (twin_live_session_dup_command_binding (session, "Plant/Room/Heater", "power"));

  /* Refused by the binding: neither sent nor logged. */
  twin_live_session_send_command_async (session, found, 35, "°C", NULL, on_sent, &result);
  WAIT_UNTIL (result.done, 10);
  g_assert_false (result.ok);
  g_assert_error (result.error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_OUT_OF_RANGE);
  g_test_message ("refused: %s", result.error->message);
  g_clear_error (&result.error);
  log = twin_command_store_list_log (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 0);
  g_clear_pointer (&log, g_ptr_array_unref);

  /* Through the running feed; retained, so a subscriber that comes later gets it. */
  result.done = FALSE;
  twin_live_session_send_command_async (session, found, 21.5, "°C", NULL, on_sent, &result);
  WAIT_UNTIL (result.done, 10);
  g_assert_no_error (result.error);
  g_assert_true (result.ok);

  port = g_strdup_printf ("%d", broker->port);
  sub = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "mosquitto_sub", "-p", port, "-q", "1", "-t",
                          "actuators/heater/set", "-C", "1", "-W", "10", "-F", "%q %r %p", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (sub, NULL, NULL, &received, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_strstrip (received), ==, "1 1 {\"setpoint\": 21.5}");

  log = twin_command_store_list_log (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 1);
  record = g_ptr_array_index (log, 0);
  g_assert_true (record->ok);
  g_assert_null (record->error);
  g_assert_cmpstr (record->origin, ==, "app");
  g_assert_cmpstr (record->payload, ==, "{\"setpoint\": 21.5}");
  g_assert_cmpstr (record->topic, ==, "actuators/heater/set");
  g_assert_cmpstr (record->entity_path, ==, "Plant/Room/Heater");
  g_assert_cmpfloat (record->value, ==, 21.5);
  g_assert_cmpint (record->qos, ==, 1);
  g_assert_true (record->retain);

  twin_live_session_stop (session);
  feeds_test_broker_free (broker);
}

static void
test_reload (void)
{
  FeedsTestBroker *broker = feeds_test_broker_start (NULL);
  g_autofree char *path = NULL;
  g_autoptr (TwinLiveSession) session = NULL;
  g_autoptr (TwinFeedStore) store = NULL;
  g_autoptr (TwinFeedConfig) other = NULL;
  g_autoptr (TwinAlarmStore) alarms = NULL;
  g_autoptr (TwinAlarmRule) rule = NULL;
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_alarm_event_free);
  g_autoptr (GError) error = NULL;
  TwinLiveFeedStatus *status;
  TwinLiveTopic      *topic;
  TwinLiveValue       value;

  if (broker == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  path = new_project (broker, "reload.dtwin");
  session = start_session (path);
  g_signal_connect (session, "alarm", G_CALLBACK (on_alarm), events);
  pub (broker, "plant/tank/level", "3");
  WAIT_UNTIL (topic_count (session, "plant/tank/level") == 1, 10);
  g_assert_false (twin_live_session_lookup (session, "Plant/Tank", "level", &value));

  /* An alarm rule only: the feed keeps running (its count goes on), the rule applies. */
  alarms = twin_alarm_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  rule = twin_alarm_rule_new ("Tank low", "plant/tank/level", TWIN_ALARM_THRESHOLD);
  rule->low = 1;
  g_assert_true (twin_alarm_store_save_rule (alarms, rule, &error));
  g_assert_true (twin_live_session_reload (session, &error));
  g_assert_no_error (error);
  pub (broker, "plant/tank/level", "0.5");
  WAIT_UNTIL (events->len == 1, 10);
  g_assert_cmpint (((TwinAlarmEvent *) g_ptr_array_index (events, 0))->kind, ==, TWIN_ALARM_RAISED);
  status = dup_feed (session, "site");
  g_assert_cmpuint (status->messages, ==, 2);
  twin_live_feed_status_free (status);

  /* A new binding and a new feed: bound values from then on, the new feed connects. */
  bind_topic (path, "plant/tank/level", "Plant/Tank", "level", NULL, 100, 0);
  store = twin_feed_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  other = new_config (broker, "yard", "yard/#");
  g_assert_true (twin_feed_store_save_feed (store, other, &error));
  g_assert_true (twin_live_session_reload (session, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (feed_in_state (session, "site", TWIN_MQTT_CONNECTED, FALSE), 20);
  WAIT_UNTIL (feed_in_state (session, "yard", TWIN_MQTT_CONNECTED, FALSE), 20);
  run_for (0.2);
  topic = dup_topic (session, "plant/tank/level");
  g_assert_cmpstr (topic->entity_path, ==, "Plant/Tank");
  g_assert_cmpstr (topic->property, ==, "level");
  twin_live_topic_free (topic);
  pub (broker, "plant/tank/level", "0.02");
  WAIT_UNTIL (lookup_equals (session, "Plant/Tank", "level", 2), 10);
  /* Kept running (the binding went to the recorder): its count goes on, one connection. */
  status = dup_feed (session, "site");
  g_assert_cmpuint (status->messages, ==, 3);
  g_assert_cmpuint (status->connects, ==, 1);
  twin_live_feed_status_free (status);
  pub (broker, "yard/light", "1");
  WAIT_UNTIL (topic_count (session, "yard/light") == 1, 10);
  topic = dup_topic (session, "yard/light");
  g_assert_cmpstr (topic->feed, ==, "yard");
  twin_live_topic_free (topic);
  /* The rule's state survived the new recorder: 2 is above the limit, so it clears. */
  WAIT_UNTIL (events->len == 2, 10);
  g_assert_cmpint (((TwinAlarmEvent *) g_ptr_array_index (events, 1))->kind, ==, TWIN_ALARM_CLEARED);

  /* A removed feed is stopped and gone. */
  g_assert_true (twin_feed_store_delete_feed (store, "yard", &error));
  g_assert_true (twin_live_session_reload (session, &error));
  g_assert_null (dup_feed (session, "yard"));

  twin_live_session_stop (session);
  feeds_test_broker_free (broker);
}

typedef struct
{
  FeedsTestBroker *broker;
  gint             stop; /* atomic */
  guint            sent;
} Streamer;

/* Publishes 1, 2, 3… at QoS 0 on plant/flow, about one per millisecond, until told to stop. */
static gpointer
stream_numbers (gpointer data)
{
  Streamer         *streamer = data;
  Publisher         publisher = { 0 };
  struct mosquitto *mosq = publisher_new (streamer->broker, &publisher);

  while (!g_atomic_int_get (&streamer->stop))
    {
      char payload[32];

      g_snprintf (payload, sizeof payload, "%u", streamer->sent + 1);
      g_assert_cmpint (mosquitto_publish (mosq, NULL, "plant/flow", (int) strlen (payload), payload, 0, false), ==,
                       MOSQ_ERR_SUCCESS);
      streamer->sent++;
      g_usleep (1000);
    }
  /* QoS 0 has no acknowledgement: give the loop time to write the last ones. */
  g_usleep (200000);
  publisher_free (mosq, &publisher);
  return NULL;
}

/* A binding (and an alarm rule) added while a publisher streams at QoS 0: the feed is not
 * reconnected, no message is lost (QoS 0 messages are not kept for a client away), and the
 * values after the reload are converted. */
static void
test_reload_keeps_feeds (void)
{
  FeedsTestBroker *broker = feeds_test_broker_start (NULL);
  g_autofree char *path = NULL;
  g_autoptr (TwinLiveSession) session = NULL;
  g_autoptr (TwinAlarmStore) alarms = NULL;
  g_autoptr (TwinAlarmRule) rule = NULL;
  g_autoptr (GError) error = NULL;
  Streamer            streamer = { 0 };
  GThread            *thread;
  TwinLiveFeedStatus *status;
  TwinLiveValue       value;
  guint               sent_at_reload;

  if (broker == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  path = new_project (broker, "reload-live.dtwin");
  session = start_session (path);
  streamer.broker = broker;
  thread = g_thread_new ("streamer", stream_numbers, &streamer);
  WAIT_UNTIL (topic_count (session, "plant/flow") >= 300, 20);

  bind_topic (path, "plant/flow", "Plant/Pipe", "flow", NULL, 2, 0);
  alarms = twin_alarm_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  rule = twin_alarm_rule_new ("Flow high", "plant/flow", TWIN_ALARM_THRESHOLD);
  rule->high = 1e9;
  g_assert_true (twin_alarm_store_save_rule (alarms, rule, &error));
  g_assert_no_error (error);
  sent_at_reload = g_atomic_int_get (&streamer.sent);
  g_assert_true (twin_live_session_reload (session, &error));
  g_assert_no_error (error);
  g_assert_true (feed_in_state (session, "site", TWIN_MQTT_CONNECTED, FALSE));
  run_for (0.5);
  g_atomic_int_set (&streamer.stop, 1);
  g_thread_join (thread);
  g_test_message ("sent %u, %u of them before the reload", streamer.sent, sent_at_reload);
  g_assert_cmpuint (streamer.sent, >, sent_at_reload + 100);

  /* Every message arrived, converted from the reload on; one connection all along. */
  WAIT_UNTIL (topic_count (session, "plant/flow") == streamer.sent, 20);
  WAIT_UNTIL (lookup_equals (session, "Plant/Pipe", "flow", 2.0 * streamer.sent), 10);
  g_assert_true (twin_live_session_lookup (session, "Plant/Pipe", "flow", &value));
  status = dup_feed (session, "site");
  g_assert_cmpint (status->state, ==, TWIN_MQTT_CONNECTED);
  g_assert_cmpuint (status->connects, ==, 1);
  g_assert_cmpuint (status->messages, ==, streamer.sent);
  g_assert_null (status->last_error);
  twin_live_feed_status_free (status);

  twin_live_session_stop (session);
  g_assert_cmpint (feeds_test_count_samples (path, "plant/flow"), ==, streamer.sent);
  feeds_test_broker_free (broker);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/core/feeds/live-session/start-errors", test_start_errors);
  g_test_add_func ("/core/feeds/live-session/status", test_status);
  g_test_add_func ("/core/feeds/live-session/topics", test_topics);
  g_test_add_func ("/core/feeds/live-session/csv-replay", test_csv_replay);
  g_test_add_func ("/core/feeds/live-session/stale", test_stale);
  g_test_add_func ("/core/feeds/live-session/changed-rate", test_changed_rate);
  g_test_add_func ("/core/feeds/live-session/alarms", test_alarms);
  g_test_add_func ("/core/feeds/live-session/command", test_command);
  g_test_add_func ("/core/feeds/live-session/reload", test_reload);
  g_test_add_func ("/core/feeds/live-session/reload-keeps-feeds", test_reload_keeps_feeds);
  return g_test_run ();
}
