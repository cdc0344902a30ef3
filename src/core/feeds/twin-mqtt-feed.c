/* twin-mqtt-feed.c: an MQTT feed (libmosquitto): connect, subscribe, decode, hand samples to a recorder.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What "acknowledged" means (docs/feeds.md): a QoS 1 message is acknowledged to
 * the broker (PUBACK) only after its samples are committed to the project file.
 *
 * libmosquitto 2.0.11 queues the PUBACK of a QoS 1 message *before* it calls
 * on_message (handle__publish: send__puback, then callback__on_message), and
 * with its own loop (mosquitto_loop, loop_forever, loop_start) the PUBACK goes
 * out in the same iteration, before any recorder could commit: a recorder
 * killed then would lose messages the broker already forgot. So this feed runs
 * its own network loop over the low-level calls: the client is marked threaded
 * (mosquitto_threaded_set), which makes libmosquitto only queue outgoing
 * packets; the loop reads whatever the socket holds (mosquitto_loop_read, which
 * calls on_message, which decodes and pushes), then waits in
 * twin_recorder_flush() until those samples are committed, and only then
 * writes the queued packets (mosquitto_loop_write), PUBACKs included. A commit
 * is in the operating system when it returns (WAL, synchronous=NORMAL), so a
 * SIGKILLed recorder loses nothing acknowledged; the broker redelivers the rest
 * to the persistent session (fixed client id, clean session off), and a
 * redelivered sample whose payload carries its time is stored once. Limits:
 * a power cut may lose the last commits (no fsync per batch); QoS 0 has no
 * guarantee; QoS 2 in libmosquitto 2.0 hands the message over only at PUBREL,
 * after PUBREC, and keeps it in memory in between, so a kill in that window
 * loses it: use QoS 1 for lossless recording. A commit that fails stops the
 * feed without acknowledging anything more.
 *
 * Publishing (actuation): twin_mqtt_feed_publish() hands a message to the
 * running connection only once it is connected, so a send that failed is
 * never delivered later, and waits for the PUBACK/PUBCOMP (an MQTT 5 reason
 * code of 0x80 or more is a refusal). twin_mqtt_publish_once() sets a client
 * up the same way (new_client: protocol, user, TLS) with a client id of its
 * own and a clean session, and runs its own short loop in the calling thread.
 */

#define G_LOG_DOMAIN "twin-feeds"

#include "config.h"

#include "twin-mqtt-feed.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

/* Reconnect backoff: doubles from the first to the last. */
#define BACKOFF_FIRST_MS 250
#define BACKOFF_MAX_MS 30000
/* Packets read before the samples are committed and the acknowledgements sent. */
#define READ_BURST 1000
/* The last payload kept per topic for the topic list, in bytes. */
#define PAYLOAD_PREVIEW 200
/* How long twin_mqtt_feed_stop() waits for the network thread before leaving it to finish alone. */
#define STOP_WAIT_MS 500

struct _TwinMqttFeed
{
  GObject           parent_instance;

  TwinFeedConfig   *config;
  char             *password;
  TwinRecorder     *recorder;
  struct mosquitto *mosq;
  GThread          *thread;
  int               wake[2];
  gint              stop;           /* atomic */
  gboolean          pushed;         /* loop thread: samples pushed since the last flush */
  gboolean          connected;      /* loop thread */
  gboolean          fatal;          /* loop thread: the file refused a commit */
  gboolean          thread_running; /* under mutex: a network thread (joined or left alone) runs */
  gboolean          detached;       /* under mutex: it was left alone and holds a reference */

  GMutex            mutex;
  GCond             cond;
  TwinMqttState     state;
  char             *last_error;
  guint             connects;
  guint64           messages;
  guint64           rejected;
  double            rate;
  guint64           rate_messages;
  gint64            rate_since_us;
  GHashTable       *topics;
  GHashTable       *acked_mids; /* published QoS > 0 mids acknowledged by the broker */
};

G_DEFINE_FINAL_TYPE (TwinMqttFeed, twin_mqtt_feed, G_TYPE_OBJECT)

static void stop_thread (TwinMqttFeed *self,
                         int           wait_ms);

static void
twin_mqtt_feed_finalize (GObject *object)
{
  TwinMqttFeed *self = TWIN_MQTT_FEED (object);

  /* Waits as long as it takes: a thread left alone holds a reference, so none runs here unless
   * the feed was dropped without twin_mqtt_feed_stop(). */
  stop_thread (self, -1);
  if (self->mosq != NULL)
    mosquitto_destroy (self->mosq);
  close (self->wake[0]);
  close (self->wake[1]);
  twin_feed_config_free (self->config);
  if (self->password != NULL)
    {
      memset (self->password, 0, strlen (self->password));
      g_free (self->password);
    }
  g_clear_object (&self->recorder);
  g_free (self->last_error);
  g_hash_table_unref (self->topics);
  g_hash_table_unref (self->acked_mids);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (twin_mqtt_feed_parent_class)->finalize (object);
}

static void
twin_mqtt_feed_class_init (TwinMqttFeedClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = twin_mqtt_feed_finalize;
}

static void
twin_mqtt_feed_init (TwinMqttFeed *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->topics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->acked_mids = g_hash_table_new (NULL, NULL);
  self->wake[0] = self->wake[1] = -1;
}

/* A library's or the system's reason as a clause for our sentences: without its final full stop. */
static char *
dup_clause (const char *text)
{
  char *clause = g_strstrip (g_strdup (text != NULL ? text : ""));
  gsize length = strlen (clause);

  while (length > 0 && clause[length - 1] == '.')
    clause[--length] = '\0';
  return clause;
}

/* libmosquitto's reason for @rc (the system's for MOSQ_ERR_ERRNO: call it before errno changes). */
static char *
dup_rc_reason (int rc)
{
  return dup_clause (rc == MOSQ_ERR_ERRNO ? g_strerror (errno) : mosquitto_strerror (rc));
}

/* Sets the state; @error_message replaces the last error, and connecting clears it. */
static void
set_state (TwinMqttFeed *self,
           TwinMqttState state,
           const char   *error_message)
{
  g_mutex_lock (&self->mutex);
  if (state == TWIN_MQTT_CONNECTED)
    {
      g_clear_pointer (&self->last_error, g_free);
      if (self->state != TWIN_MQTT_CONNECTED)
        self->connects++;
    }
  self->state = state;
  if (error_message != NULL)
    {
      g_free (self->last_error);
      self->last_error = g_strdup (error_message);
    }
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

static char *
dup_preview (const void *payload,
             gsize       length)
{
  const char *end;

  if (length > PAYLOAD_PREVIEW)
    length = PAYLOAD_PREVIEW;
  if (!g_utf8_validate_len (payload, length, &end))
    {
      if (end == payload)
        return g_strdup_printf (_ ("(%" G_GSIZE_FORMAT " bytes of binary data)"), length);
      length = (gsize) (end - (const char *) payload);
    }
  return g_strndup (payload, length);
}

static const TwinFeedSubscription *
find_subscription (TwinMqttFeed *self,
                   const char   *topic)
{
  for (guint i = 0; i < self->config->subscriptions->len; i++)
    {
      const TwinFeedSubscription *subscription = g_ptr_array_index (self->config->subscriptions, i);

      if (twin_feed_topic_matches (subscription->pattern, topic))
        return subscription;
    }
  return NULL;
}

static void
init_library (void)
{
  static gsize initialised;

  if (g_once_init_enter (&initialised))
    {
      mosquitto_lib_init ();
      g_once_init_leave (&initialised, 1);
    }
}

/* A client with the feed's settings (protocol, user, TLS); shared by the feed and one-shot publishing. */
static struct mosquitto *
new_client (const TwinFeedConfig *config,
            const char           *password,
            const char           *client_id,
            gboolean              clean_session,
            void                 *user_data,
            GError              **error)
{
  struct mosquitto *mosq;
  int               rc = MOSQ_ERR_SUCCESS;

  init_library ();
  mosq = mosquitto_new (client_id, clean_session, user_data);
  if (mosq == NULL)
    {
      g_autofree char *reason = dup_clause (g_strerror (errno));

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _ ("Could not set up the MQTT client of the feed “%s”: %s."),
                   config->name, reason);
      return NULL;
    }
  mosquitto_int_option (mosq, MOSQ_OPT_PROTOCOL_VERSION, config->protocol == 5 ? MQTT_PROTOCOL_V5 : MQTT_PROTOCOL_V311);
  if (config->username != NULL && config->username[0] != '\0')
    rc = mosquitto_username_pw_set (mosq, config->username, password);
  if (rc == MOSQ_ERR_SUCCESS && config->tls_ca_file != NULL && config->tls_ca_file[0] != '\0')
    rc = mosquitto_tls_set (mosq, config->tls_ca_file, NULL, config->tls_cert_file, config->tls_key_file, NULL);
  if (rc != MOSQ_ERR_SUCCESS)
    {
      g_autofree char *reason = dup_rc_reason (rc);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* TRANSLATORS: %s are a feed's name and libmosquitto's reason. */
                   _ ("The settings of the feed “%s” were refused: %s."), config->name, reason);
      mosquitto_destroy (mosq);
      return NULL;
    }
  return mosq;
}

static void
on_message (struct mosquitto               *mosq,
            void                           *user_data,
            const struct mosquitto_message *message)
{
  TwinMqttFeed               *self = user_data;
  const TwinFeedSubscription *subscription = find_subscription (self, message->topic);
  g_autoptr (GError) error = NULL;
  GArray *records = NULL;

  g_mutex_lock (&self->mutex);
  self->messages++;
  g_hash_table_replace (self->topics, g_strdup (message->topic),
                        dup_preview (message->payload, (gsize) message->payloadlen));
  g_mutex_unlock (&self->mutex);

  if (subscription == NULL)
    {
      /* A retained or shared delivery outside every pattern: keep it as a number if it is one. */
      g_autoptr (TwinPayloadFormat) format = twin_payload_format_parse ("number", NULL);

      records = twin_payload_decode (format, message->payload, (gsize) message->payloadlen, g_get_real_time (),
                                     &error);
    }
  else
    records = twin_payload_decode (subscription->format, message->payload, (gsize) message->payloadlen,
                                   g_get_real_time (), &error);
  if (records == NULL)
    {
      g_mutex_lock (&self->mutex);
      self->rejected++;
      g_mutex_unlock (&self->mutex);
      twin_recorder_reject (self->recorder, message->topic, error->message);
      return;
    }
  for (guint i = 0; i < records->len; i++)
    {
      const TwinPayloadRecord *record = &g_array_index (records, TwinPayloadRecord, i);

      twin_recorder_push (self->recorder, record->name != NULL ? record->name : message->topic, record->unit,
                          record->t_us, record->value);
    }
  self->pushed = self->pushed || records->len > 0;
  twin_payload_records_free (records);
}

static void
on_connect (struct mosquitto *mosq,
            void             *user_data,
            int               rc)
{
  TwinMqttFeed *self = user_data;

  if (rc != 0)
    {
      g_autofree char *reason =
        dup_clause (self->config->protocol == 5 ? mosquitto_reason_string (rc) : mosquitto_connack_string (rc));
      /* TRANSLATORS: a broker host, its port and the broker's reason; the feed tries again. */
      g_autofree char *message = g_strdup_printf (_ ("The broker %s:%d refused the connection (%s); trying again."),
                                                  self->config->host, self->config->port, reason);

      set_state (self, TWIN_MQTT_CONNECTING, message);
      return;
    }
  self->connected = TRUE;
  for (guint i = 0; i < self->config->subscriptions->len; i++)
    {
      const TwinFeedSubscription *subscription = g_ptr_array_index (self->config->subscriptions, i);

      mosquitto_subscribe (mosq, NULL, subscription->pattern, subscription->qos);
    }
  set_state (self, TWIN_MQTT_CONNECTED, NULL);
}

static void
on_publish (struct mosquitto         *mosq,
            void                     *user_data,
            int                       mid,
            int                       reason_code,
            const mosquitto_property *properties)
{
  TwinMqttFeed *self = user_data;

  /* The value is the reason code + 1 (MQTT 5; always success in 3.1.1), so that it is never NULL. */
  g_mutex_lock (&self->mutex);
  g_hash_table_insert (self->acked_mids, GINT_TO_POINTER (mid), GINT_TO_POINTER (reason_code + 1));
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

/* Waits on the wake pipe for up to @ms; TRUE when asked to stop. */
static gboolean
sleep_interruptibly (TwinMqttFeed *self,
                     int           ms)
{
  struct pollfd fd = { self->wake[0], POLLIN, 0 };

  if (poll (&fd, 1, ms) > 0)
    {
      char buffer[64];

      while (read (self->wake[0], buffer, sizeof buffer) > 0)
        ;
    }
  return g_atomic_int_get (&self->stop);
}

static int
connect_once (TwinMqttFeed *self,
              gboolean      first)
{
  const TwinFeedConfig *config = self->config;
  int                   keepalive = config->keepalive_s > 0 ? config->keepalive_s : 60;

  if (!first)
    return mosquitto_reconnect (self->mosq);
  if (config->protocol == 5)
    {
      mosquitto_property *properties = NULL;
      int                 rc;

      /* MQTT 5 ends a session at disconnection unless it is given an expiry. */
      if (!config->clean_session)
        mosquitto_property_add_int32 (&properties, MQTT_PROP_SESSION_EXPIRY_INTERVAL, UINT32_MAX);
      rc = mosquitto_connect_bind_v5 (self->mosq, config->host, config->port, keepalive, NULL, properties);
      mosquitto_property_free_all (&properties);
      return rc;
    }
  return mosquitto_connect (self->mosq, config->host, config->port, keepalive);
}

/* Commits what was pushed; only then may acknowledgements go out. */
static gboolean
commit_pushed (TwinMqttFeed *self)
{
  g_autoptr (GError) error = NULL;

  if (!self->pushed)
    return TRUE;
  self->pushed = FALSE;
  if (twin_recorder_flush (self->recorder, &error))
    return TRUE;
  self->fatal = TRUE;
  set_state (self, TWIN_MQTT_DISCONNECTED, error->message);
  return FALSE;
}

static void
update_rate (TwinMqttFeed *self)
{
  gint64 now = g_get_monotonic_time ();

  g_mutex_lock (&self->mutex);
  if (now - self->rate_since_us >= G_USEC_PER_SEC)
    {
      self->rate = (double) (self->messages - self->rate_messages) * G_USEC_PER_SEC / (double) (now - self->rate_since_us);
      self->rate_messages = self->messages;
      self->rate_since_us = now;
    }
  g_mutex_unlock (&self->mutex);
}

static void
lost_connection (TwinMqttFeed *self,
                 int           rc)
{
  g_autofree char *reason = dup_rc_reason (rc);
  g_autofree char *message = NULL;

  self->connected = FALSE;
  /* TRANSLATORS: a broker host, its port and the reason; the feed reconnects. */
  message = g_strdup_printf (_ ("Lost the connection to the broker %s:%d (%s); reconnecting."), self->config->host,
                             self->config->port, reason);
  set_state (self, TWIN_MQTT_CONNECTING, message);
}

static gpointer
network_thread (gpointer data)
{
  TwinMqttFeed *self = data;
  gboolean      first = TRUE;
  gboolean      detached;
  int           backoff_ms = BACKOFF_FIRST_MS;

  while (!g_atomic_int_get (&self->stop) && !self->fatal)
    {
      struct pollfd fds[2];
      int           sock;
      int           rc;

      sock = mosquitto_socket (self->mosq);
      if (sock < 0)
        {
          set_state (self, TWIN_MQTT_CONNECTING, NULL);
          rc = connect_once (self, first);
          /* Stopped while connecting (perhaps long ago, left alone): report nothing more. */
          if (g_atomic_int_get (&self->stop))
            break;
          if (rc != MOSQ_ERR_SUCCESS)
            {
              g_autofree char *reason = dup_rc_reason (rc);
              /* TRANSLATORS: a broker host, its port and the reason; the feed tries again. */
              g_autofree char *message = g_strdup_printf (_ ("Could not connect to the broker %s:%d (%s); trying again."),
                                                          self->config->host, self->config->port, reason);

              set_state (self, TWIN_MQTT_CONNECTING, message);
              if (sleep_interruptibly (self, backoff_ms))
                break;
              backoff_ms = MIN (backoff_ms * 2, BACKOFF_MAX_MS);
              continue;
            }
          first = FALSE;
          continue;
        }

      fds[0] = (struct pollfd){ sock, POLLIN | (mosquitto_want_write (self->mosq) ? POLLOUT : 0), 0 };
      fds[1] = (struct pollfd){ self->wake[0], POLLIN, 0 };
      if (poll (fds, 2, 200) < 0 && errno != EINTR)
        break;
      if (fds[1].revents & POLLIN)
        {
          char buffer[64];

          while (read (self->wake[0], buffer, sizeof buffer) > 0)
            ;
        }

      rc = MOSQ_ERR_SUCCESS;
      if (fds[0].revents & (POLLIN | POLLHUP | POLLERR))
        {
          for (guint i = 0; i < READ_BURST; i++)
            {
              struct pollfd more = { sock, POLLIN, 0 };

              rc = mosquitto_loop_read (self->mosq, 1);
              if (rc != MOSQ_ERR_SUCCESS || poll (&more, 1, 0) <= 0)
                break;
            }
        }
      /* Durable first, acknowledged second. */
      if (!commit_pushed (self))
        break;
      if (rc != MOSQ_ERR_SUCCESS)
        {
          lost_connection (self, rc);
          if (sleep_interruptibly (self, backoff_ms))
            break;
          backoff_ms = MIN (backoff_ms * 2, BACKOFF_MAX_MS);
          continue;
        }
      if (self->connected)
        backoff_ms = BACKOFF_FIRST_MS;
      if (mosquitto_want_write (self->mosq))
        {
          rc = mosquitto_loop_write (self->mosq, 1);
          if (rc != MOSQ_ERR_SUCCESS)
            {
              lost_connection (self, rc);
              continue;
            }
        }
      rc = mosquitto_loop_misc (self->mosq);
      if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_NO_CONN)
        lost_connection (self, rc);
      update_rate (self);
    }

  /* Everything received is committed (or the file refused it, and nothing more is acknowledged).
   * A connection still being set up when stopped (a slow connect that returned after
   * twin_mqtt_feed_stop() gave up waiting) is never completed: its CONNECT is not sent, so it
   * cannot take the client id over from a newer run of the feed. */
  if (!self->fatal && commit_pushed (self) && self->connected && mosquitto_socket (self->mosq) >= 0)
    {
      mosquitto_disconnect (self->mosq);
      for (guint i = 0; i < 20 && mosquitto_want_write (self->mosq); i++)
        if (mosquitto_loop_write (self->mosq, 1) != MOSQ_ERR_SUCCESS)
          break;
    }
  self->connected = FALSE;
  set_state (self, TWIN_MQTT_DISCONNECTED, NULL);
  g_mutex_lock (&self->mutex);
  self->thread_running = FALSE;
  detached = self->detached;
  self->detached = FALSE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
  /* Left alone by twin_mqtt_feed_stop(), the thread holds a reference: it may be the last one. */
  if (detached)
    g_object_unref (self);
  return NULL;
}

/**
 * twin_mqtt_feed_new:
 * @config: the feed's settings (copied)
 * @password: (nullable): the password for @config's user name
 * @recorder: where the decoded samples go
 *
 * Returns: (transfer full): a feed, not started
 */
TwinMqttFeed *
twin_mqtt_feed_new (const TwinFeedConfig *config,
                    const char           *password,
                    TwinRecorder         *recorder)
{
  TwinMqttFeed *self;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (TWIN_IS_RECORDER (recorder), NULL);

  init_library ();
  self = g_object_new (TWIN_TYPE_MQTT_FEED, NULL);
  self->config = twin_feed_config_copy (config);
  self->password = g_strdup (password);
  self->recorder = g_object_ref (recorder);
  if (!g_unix_open_pipe (self->wake, FD_CLOEXEC, &error) || !g_unix_set_fd_nonblocking (self->wake[0], TRUE, NULL))
    g_error ("Could not create a pipe: %s", error != NULL ? error->message : g_strerror (errno));
  return self;
}

/**
 * twin_mqtt_feed_start:
 * @self: a feed
 * @error: return location for a setting libmosquitto refuses
 *
 * Sets the client up and starts the network thread. Connection problems are
 * not errors here: they are reported in the status and retried with backoff.
 *
 * Returns: %TRUE when the thread runs
 */
gboolean
twin_mqtt_feed_start (TwinMqttFeed *self,
                      GError      **error)
{
  const TwinFeedConfig *config;
  g_autofree char      *client_id = NULL;

  g_return_val_if_fail (TWIN_IS_MQTT_FEED (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

  config = self->config;
  if (config->client_id != NULL && config->client_id[0] != '\0')
    client_id = g_strdup (config->client_id);
  else
    client_id = g_strdup_printf ("twin-%08x", g_random_int ());
  if (self->mosq == NULL)
    {
      self->mosq = new_client (config, self->password, client_id, config->clean_session, self, error);
      if (self->mosq == NULL)
        return FALSE;
      mosquitto_threaded_set (self->mosq, TRUE);
      mosquitto_connect_callback_set (self->mosq, on_connect);
      mosquitto_message_callback_set (self->mosq, on_message);
      mosquitto_publish_v5_callback_set (self->mosq, on_publish);
    }
  /* A thread that twin_mqtt_feed_stop() left to finish alone still uses the client. */
  g_mutex_lock (&self->mutex);
  while (self->thread_running)
    g_cond_wait (&self->cond, &self->mutex);
  self->thread_running = TRUE;
  self->connects = 0;
  g_mutex_unlock (&self->mutex);
  g_atomic_int_set (&self->stop, 0);
  self->fatal = FALSE;
  self->connected = FALSE;
  self->rate_since_us = g_get_monotonic_time ();
  set_state (self, TWIN_MQTT_CONNECTING, NULL);
  self->thread = g_thread_new ("twin-mqtt", network_thread, self);
  return TRUE;
}

/* Stops the network thread: joins it, or after @wait_ms (unless negative: no limit) leaves it to
 * finish alone with a reference to the feed. */
static void
stop_thread (TwinMqttFeed *self,
             int           wait_ms)
{
  GThread *thread;
  gint64   deadline = g_get_monotonic_time () + (gint64) MAX (wait_ms, 0) * G_TIME_SPAN_MILLISECOND;
  gboolean finished = TRUE;

  if (self->thread == NULL)
    return;
  thread = g_steal_pointer (&self->thread);
  g_atomic_int_set (&self->stop, 1);
  if (write (self->wake[1], "x", 1) < 0)
    g_debug ("Could not wake the network thread: %s", g_strerror (errno));
  g_mutex_lock (&self->mutex);
  while (self->thread_running && finished && wait_ms >= 0)
    finished = g_cond_wait_until (&self->cond, &self->mutex, deadline);
  if (wait_ms < 0)
    while (self->thread_running)
      g_cond_wait (&self->cond, &self->mutex);
  finished = !self->thread_running;
  if (!finished)
    {
      /* Left alone: the thread keeps the feed (and so its recorder) alive until it returns. */
      self->detached = TRUE;
      g_object_ref (self);
      self->state = TWIN_MQTT_DISCONNECTED;
    }
  g_mutex_unlock (&self->mutex);
  if (finished)
    g_thread_join (thread);
  else
    {
      g_debug ("The network thread of the feed “%s” is still connecting to %s:%d; it will finish alone.",
               self->config->name, self->config->host, self->config->port);
      g_thread_unref (thread);
    }
}

/**
 * twin_mqtt_feed_stop:
 * @self: a feed
 *
 * Commits what was received, disconnects (the broker keeps a persistent
 * session) and joins the network thread. Prompt: when the thread does not
 * finish within half a second (stuck in a connect to a host that does not
 * answer, or in a name lookup), it is left to finish alone — it holds its own
 * reference to the feed and the recorder, never completes that connection and
 * pushes nothing more — and the status says disconnected. Starting the feed
 * again waits for it.
 */
void
twin_mqtt_feed_stop (TwinMqttFeed *self)
{
  g_return_if_fail (TWIN_IS_MQTT_FEED (self));

  stop_thread (self, STOP_WAIT_MS);
}

/**
 * twin_mqtt_feed_get_status:
 * @self: a feed
 * @status: (out caller-allocates): filled; release with twin_mqtt_status_clear()
 */
void
twin_mqtt_feed_get_status (TwinMqttFeed   *self,
                           TwinMqttStatus *status)
{
  g_return_if_fail (TWIN_IS_MQTT_FEED (self));

  g_mutex_lock (&self->mutex);
  status->state = self->state;
  status->last_error = g_strdup (self->last_error);
  status->connects = self->connects;
  status->messages = self->messages;
  status->rejected = self->rejected;
  status->messages_per_s = self->rate;
  g_mutex_unlock (&self->mutex);
}

void
twin_mqtt_status_clear (TwinMqttStatus *status)
{
  g_clear_pointer (&status->last_error, g_free);
}

/**
 * twin_mqtt_feed_dup_topics:
 * @self: a feed
 *
 * Returns: (transfer full) (element-type utf8 utf8): every topic seen → its last payload as text
 */
GHashTable *
twin_mqtt_feed_dup_topics (TwinMqttFeed *self)
{
  GHashTable    *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer       key, value;

  g_return_val_if_fail (TWIN_IS_MQTT_FEED (self), copy);

  g_mutex_lock (&self->mutex);
  g_hash_table_iter_init (&iter, self->topics);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (value));
  g_mutex_unlock (&self->mutex);
  return copy;
}

/* The error for a PUBACK/PUBREC with an MQTT 5 failure reason (≥ 0x80), or FALSE. */
static gboolean
set_refused_error (const TwinFeedConfig *config,
                   const char           *topic,
                   int                   reason_code,
                   GError              **error)
{
  g_autofree char *reason = NULL;

  if (reason_code < 0x80)
    return FALSE;
  reason = dup_clause (mosquitto_reason_string (reason_code));
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
               /* TRANSLATORS: a broker host, its port, a topic and the broker's reason. */
               _ ("The broker %s:%d refused the message to “%s”: %s."), config->host, config->port, topic, reason);
  return TRUE;
}

static void
set_publish_error (const TwinFeedConfig *config,
                   const char           *topic,
                   int                   rc,
                   GError              **error)
{
  g_autofree char *reason = dup_rc_reason (rc);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               /* TRANSLATORS: %s are a topic, a broker host, %d its port, %s the reason. */
               _ ("Could not publish to “%s” on %s:%d: %s."), topic, config->host, config->port, reason);
}

static void
set_timeout_error (const TwinFeedConfig *config,
                   const char           *topic,
                   guint                 timeout_ms,
                   GError              **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
               _ ("The broker %s:%d did not acknowledge the message to “%s” within %u ms; it may still be delivered."),
               config->host, config->port, topic, timeout_ms);
}

/**
 * twin_mqtt_feed_publish:
 * @self: a started feed
 * @topic: where to
 * @payload: (array length=length): the bytes
 * @length: their number
 * @qos: 0, 1 or 2
 * @retain: whether the broker keeps it for later subscribers
 * @timeout_ms: how long to wait for the connection and for the broker's acknowledgement (QoS > 0)
 * @error: return location for the reason it was not sent
 *
 * Publishes through the feed's connection. Nothing is handed to the
 * connection unless it is up within @timeout_ms, so a message that failed
 * this way is never sent later. With MQTT 5, a broker that refuses the
 * message (a reason code of 0x80 or more, e.g. not authorised) is an error.
 *
 * Returns: %TRUE once sent (QoS 0) or acknowledged by the broker (QoS 1, 2)
 */
gboolean
twin_mqtt_feed_publish (TwinMqttFeed *self,
                        const char   *topic,
                        const void   *payload,
                        gsize         length,
                        int           qos,
                        gboolean      retain,
                        guint         timeout_ms,
                        GError      **error)
{
  gint64   deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gpointer reason = NULL;
  int      mid = 0;
  int      rc;

  g_return_val_if_fail (TWIN_IS_MQTT_FEED (self), FALSE);
  g_return_val_if_fail (topic != NULL, FALSE);
  g_return_val_if_fail (qos >= 0 && qos <= 2, FALSE);

  if (self->mosq == NULL || self->thread == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, _ ("The feed “%s” is not started."),
                   self->config->name);
      return FALSE;
    }
  g_mutex_lock (&self->mutex);
  while (self->state != TWIN_MQTT_CONNECTED)
    if (!g_cond_wait_until (&self->cond, &self->mutex, deadline))
      break;
  if (self->state != TWIN_MQTT_CONNECTED)
    {
      if (self->last_error != NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                     /* TRANSLATORS: a topic, a broker host, its port, then the last connection problem (a sentence). */
                     _ ("Could not publish to “%s”: the feed is not connected to the broker %s:%d. %s"), topic,
                     self->config->host, self->config->port, self->last_error);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                     /* TRANSLATORS: a topic, a broker host and its port. */
                     _ ("Could not publish to “%s”: the feed is not connected to the broker %s:%d."), topic,
                     self->config->host, self->config->port);
      g_mutex_unlock (&self->mutex);
      return FALSE;
    }
  g_mutex_unlock (&self->mutex);
  rc = mosquitto_publish (self->mosq, &mid, topic, (int) length, payload, qos, retain);
  if (rc != MOSQ_ERR_SUCCESS)
    {
      set_publish_error (self->config, topic, rc, error);
      return FALSE;
    }
  if (write (self->wake[1], "x", 1) < 0)
    g_debug ("Could not wake the network thread: %s", g_strerror (errno));
  if (qos == 0)
    return TRUE;
  g_mutex_lock (&self->mutex);
  while (!g_hash_table_steal_extended (self->acked_mids, GINT_TO_POINTER (mid), NULL, &reason))
    if (!g_cond_wait_until (&self->cond, &self->mutex, deadline))
      {
        g_mutex_unlock (&self->mutex);
        set_timeout_error (self->config, topic, timeout_ms, error);
        return FALSE;
      }
  g_mutex_unlock (&self->mutex);
  return !set_refused_error (self->config, topic, GPOINTER_TO_INT (reason) - 1, error);
}

typedef struct
{
  gboolean connect_done;
  int      connack;
  int      mid;
  gboolean acknowledged;
  int      reason_code;
} OneShot;

static void
on_once_connect (struct mosquitto *mosq,
                 void             *user_data,
                 int               rc)
{
  OneShot *shot = user_data;

  shot->connect_done = TRUE;
  shot->connack = rc;
}

static void
on_once_publish (struct mosquitto         *mosq,
                 void                     *user_data,
                 int                       mid,
                 int                       reason_code,
                 const mosquitto_property *properties)
{
  OneShot *shot = user_data;

  if (mid != shot->mid)
    return;
  shot->acknowledged = TRUE;
  shot->reason_code = reason_code;
}

/* Runs the client's loop until *@flag or the deadline; FALSE with @error when the connection fails. */
static gboolean
loop_until (struct mosquitto     *mosq,
            const TwinFeedConfig *config,
            const gboolean       *flag,
            gint64                deadline,
            GError              **error)
{
  while (!*flag)
    {
      gint64 left_ms = (deadline - g_get_monotonic_time ()) / 1000;
      int    rc;

      if (left_ms <= 0)
        return TRUE;
      rc = mosquitto_loop (mosq, (int) MIN (left_ms, 100), 1);
      if (rc != MOSQ_ERR_SUCCESS)
        {
          g_autofree char *reason = dup_rc_reason (rc);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                       _ ("The connection to the broker %s:%d was lost: %s."), config->host, config->port, reason);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * twin_mqtt_publish_once:
 * @config: an MQTT feed's settings: broker, protocol, user and TLS
 * @password: (nullable): the password for @config's user name
 * @topic: where to
 * @payload: (array length=length): the bytes
 * @length: their number
 * @qos: 0, 1 or 2
 * @retain: whether the broker keeps it for later subscribers
 * @timeout_ms: how long connecting and the broker's acknowledgement may take in all
 * @error: return location for the reason it was not sent (a %G_IO_ERROR)
 *
 * Connects with the feed's settings but a client id of its own and a clean
 * session (so it never takes over the feed's persistent session), publishes
 * one message, waits for the broker's acknowledgement (QoS > 0) and
 * disconnects. Blocks: call it from a worker thread in the app.
 *
 * Returns: %TRUE once sent (QoS 0) or acknowledged (QoS 1, 2)
 */
gboolean
twin_mqtt_publish_once (const TwinFeedConfig *config,
                        const char           *password,
                        const char           *topic,
                        const void           *payload,
                        gsize                 length,
                        int                   qos,
                        gboolean              retain,
                        guint                 timeout_ms,
                        GError              **error)
{
  gint64            deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  int               keepalive = config->keepalive_s > 0 ? config->keepalive_s : 60;
  g_autofree char  *client_id = NULL;
  OneShot           shot = { 0 };
  struct mosquitto *mosq;
  gboolean          ok = FALSE;
  int               rc;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (topic != NULL, FALSE);
  g_return_val_if_fail (qos >= 0 && qos <= 2, FALSE);

  if (config->kind != TWIN_FEED_MQTT)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _ ("The feed “%s” is not an MQTT feed; it cannot publish to “%s”."), config->name, topic);
      return FALSE;
    }
  client_id = g_strdup_printf ("twin-send-%08x", g_random_int ());
  mosq = new_client (config, password, client_id, TRUE, &shot, error);
  if (mosq == NULL)
    return FALSE;
  mosquitto_connect_callback_set (mosq, on_once_connect);
  mosquitto_publish_v5_callback_set (mosq, on_once_publish);
  if (config->protocol == 5)
    rc = mosquitto_connect_bind_v5 (mosq, config->host, config->port, keepalive, NULL, NULL);
  else
    rc = mosquitto_connect (mosq, config->host, config->port, keepalive);
  if (rc != MOSQ_ERR_SUCCESS)
    {
      g_autofree char *reason = dup_rc_reason (rc);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                   /* TRANSLATORS: a topic, a broker host, its port, the reason. */
                   _ ("Could not publish to “%s”: could not connect to the broker %s:%d: %s."), topic, config->host,
                   config->port, reason);
      goto out;
    }
  if (!loop_until (mosq, config, &shot.connect_done, deadline, error))
    goto out;
  if (!shot.connect_done)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   _ ("Could not publish to “%s”: the broker %s:%d did not answer within %u ms."), topic, config->host,
                   config->port, timeout_ms);
      goto out;
    }
  if (shot.connack != 0)
    {
      g_autofree char *reason = dup_clause (config->protocol == 5 ? mosquitto_reason_string (shot.connack)
                                                                  : mosquitto_connack_string (shot.connack));

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _ ("Could not publish to “%s”: the broker %s:%d refused the connection: %s."), topic, config->host,
                   config->port, reason);
      goto out;
    }
  shot.mid = -1;
  rc = mosquitto_publish (mosq, &shot.mid, topic, (int) length, payload, qos, retain);
  if (rc != MOSQ_ERR_SUCCESS)
    {
      set_publish_error (config, topic, rc, error);
      goto out;
    }
  if (qos > 0)
    {
      if (!loop_until (mosq, config, &shot.acknowledged, deadline, error))
        goto out;
      if (!shot.acknowledged)
        {
          set_timeout_error (config, topic, timeout_ms, error);
          goto out;
        }
      if (set_refused_error (config, topic, shot.reason_code, error))
        goto out;
    }
  ok = TRUE;

out:
  if (mosquitto_socket (mosq) >= 0)
    {
      mosquitto_disconnect (mosq);
      for (guint i = 0; i < 20 && mosquitto_want_write (mosq); i++)
        if (mosquitto_loop_write (mosq, 1) != MOSQ_ERR_SUCCESS)
          break;
    }
  mosquitto_destroy (mosq);
  return ok;
}
