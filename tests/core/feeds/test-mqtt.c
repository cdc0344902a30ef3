/* test-mqtt.c: the MQTT feed against a real mosquitto: formats, wildcards, bad payloads, auth, TLS, restarts.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test starts its own broker (feeds-test-broker.c), publishes with
 * mosquitto_pub (or, where the publisher must survive a broker restart, a
 * libmosquitto client of its own) and reads back what the recorder committed.
 */

#include "config.h"

#include "feeds-test-broker.h"
#include "feeds/twin-mqtt-feed.h"
#include "history/twin-historian.h"
#include "twin-test-util.h"

#include <glib/gstdio.h>
#include <mosquitto.h>
#include <string.h>

static TwinFeedConfig *
new_config (FeedsTestBroker *broker,
            const char      *client_id)
{
  TwinFeedConfig *config = twin_feed_config_new ("test", TWIN_FEED_MQTT);

  g_free (config->host);
  config->host = g_strdup ("127.0.0.1");
  config->port = broker->port;
  g_free (config->client_id);
  config->client_id = g_strdup (client_id);
  config->clean_session = FALSE;
  config->keepalive_s = 10;
  return config;
}

static void
add_subscription (TwinFeedConfig *config,
                  const char     *pattern,
                  int             qos,
                  const char     *format)
{
  g_autoptr (GError) error = NULL;
  TwinPayloadFormat *parsed = twin_payload_format_parse (format, &error);

  g_assert_no_error (error);
  g_ptr_array_add (config->subscriptions, twin_feed_subscription_new (pattern, qos, parsed));
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
          /* The SUBACK follows the CONNACK: give it a moment. */
          g_usleep (100000);
          return;
        }
      twin_mqtt_status_clear (&status);
      g_usleep (10000);
    }
  g_error ("the feed did not connect");
}

static GArray *
read_signal (const char *path,
             const char *name,
             char      **unit)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinHistorian) historian = twin_historian_open (path, TRUE, &error);
  g_autoptr (TwinSignalInfo) info = NULL;
  GArray *samples;

  g_assert_no_error (error);
  info = twin_historian_lookup_signal (historian, name, &error);
  g_assert_no_error (error);
  samples = twin_historian_read (historian, info->id, G_MININT64, G_MAXINT64, &error);
  g_assert_no_error (error);
  if (unit != NULL)
    *unit = g_strdup (info->unit);
  return samples;
}

static void
test_formats (void)
{
  FeedsTestBroker *broker = feeds_test_broker_start (NULL);
  g_autofree char *path = NULL;
  g_autoptr (TwinFeedConfig) config = NULL;
  g_autoptr (TwinRecorder) recorder = NULL;
  g_autoptr (TwinMqttFeed) feed = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) samples = NULL;
  g_autoptr (GHashTable) topics = NULL;
  g_autofree char  *unit = NULL;
  TwinRecorderStats stats;
  TwinMqttStatus    status = { 0 };

  if (broker == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  path = feeds_test_new_project ("formats.dtwin");
  config = new_config (broker, "formats");
  add_subscription (config, "site/+/temp", 1, "number");
  add_subscription (config, "json/#", 1, "json:data.v@data.t");
  add_subscription (config, "senml/#", 0, "senml");
  recorder = twin_recorder_new (path, &error);
  g_assert_no_error (error);
  feed = twin_mqtt_feed_new (config, NULL, recorder);
  g_assert_true (twin_mqtt_feed_start (feed, &error));
  g_assert_no_error (error);
  wait_connected (feed);

  feeds_test_pub (broker, "-q", "1", "-t", "site/r1/temp", "-m", "21.5", NULL);
  /* Outside every pattern: the broker never delivers it. */
  feeds_test_pub (broker, "-q", "1", "-t", "site/r1/hum", "-m", "50", NULL);
  feeds_test_pub (broker, "-q", "1", "-t", "site/r1/sub/temp", "-m", "50", NULL);
  /* A bad payload is counted and the feed goes on. */
  feeds_test_pub (broker, "-q", "1", "-t", "site/r2/temp", "-m", "warm", NULL);
  feeds_test_pub (broker, "-q", "1", "-t", "site/r2/temp", "-m", "19", NULL);
  /* JSON with its own time, twice (a duplicate is stored once), and one older (stored in order). */
  feeds_test_pub (broker, "-q", "1", "-t", "json/a/b", "-m", "{\"data\":{\"v\":3.5,\"t\":1700000010}}", NULL);
  feeds_test_pub (broker, "-q", "1", "-t", "json/a/b", "-m", "{\"data\":{\"v\":3.5,\"t\":1700000010}}", NULL);
  feeds_test_pub (broker, "-q", "1", "-t", "json/a/b", "-m", "{\"data\":{\"v\":1.25,\"t\":1700000000}}", NULL);
  feeds_test_pub (broker, "-q", "1", "-t", "json/a/b", "-m", "{\"data\":{\"w\":1}}", NULL);
  feeds_test_pub (broker, "-t", "senml/dev",
                  "-m", "[{\"bn\":\"dev1/\",\"bt\":1700000000,\"n\":\"temp\",\"u\":\"Cel\",\"v\":20.5},"
                        "{\"n\":\"temp\",\"t\":60,\"v\":20.75}]",
                  NULL);
  /* 1 + (1 bad + 1) + 4 json (one bad) + 2 SenML records. */
  feeds_test_wait_recorder (recorder, 9, 10.0);
  g_assert_true (twin_recorder_flush (recorder, &error));
  g_assert_no_error (error);
  twin_recorder_get_stats (recorder, &stats);
  g_assert_cmpuint (stats.rejected, ==, 2);
  g_assert_cmpuint (stats.received, ==, 7);
  g_assert_cmpuint (stats.pending, ==, 0);
  twin_mqtt_feed_get_status (feed, &status);
  g_assert_cmpint (status.state, ==, TWIN_MQTT_CONNECTED);
  g_assert_cmpuint (status.messages, ==, 8);
  g_assert_cmpuint (status.rejected, ==, 2);
  twin_mqtt_status_clear (&status);
  topics = twin_mqtt_feed_dup_topics (feed);
  g_assert_cmpstr (g_hash_table_lookup (topics, "site/r2/temp"), ==, "19");
  g_assert_null (g_hash_table_lookup (topics, "site/r1/hum"));

  samples = read_signal (path, "site/r1/temp", NULL);
  g_assert_cmpuint (samples->len, ==, 1);
  g_assert_cmpfloat (g_array_index (samples, TwinSample, 0).value, ==, 21.5);
  g_clear_pointer (&samples, g_array_unref);
  samples = read_signal (path, "site/r2/temp", NULL);
  g_assert_cmpuint (samples->len, ==, 1);
  g_assert_cmpfloat (g_array_index (samples, TwinSample, 0).value, ==, 19.0);
  g_clear_pointer (&samples, g_array_unref);
  samples = read_signal (path, "json/a/b", NULL);
  g_assert_cmpuint (samples->len, ==, 2);
  g_assert_cmpint (g_array_index (samples, TwinSample, 0).t_us, ==, G_GINT64_CONSTANT (1700000000000000));
  g_assert_cmpfloat (g_array_index (samples, TwinSample, 0).value, ==, 1.25);
  g_assert_cmpint (g_array_index (samples, TwinSample, 1).t_us, ==, G_GINT64_CONSTANT (1700000010000000));
  g_clear_pointer (&samples, g_array_unref);
  samples = read_signal (path, "dev1/temp", &unit);
  g_assert_cmpstr (unit, ==, "Cel");
  g_assert_cmpuint (samples->len, ==, 2);
  g_assert_cmpint (g_array_index (samples, TwinSample, 1).t_us, ==, G_GINT64_CONSTANT (1700000060000000));
  g_assert_cmpfloat (g_array_index (samples, TwinSample, 1).value, ==, 20.75);
  g_assert_cmpint (feeds_test_count_samples (path, "site/r1/hum"), ==, 0);

  twin_mqtt_feed_stop (feed);
  g_assert_true (twin_recorder_close (recorder, &error));
  g_assert_no_error (error);
  feeds_test_broker_free (broker);
}

static void
run_quiet (const char *first,
           ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  const char *arg;
  va_list     ap;

  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char *const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
}

/* Connects with @config and publishes one number; returns whether it was recorded. */
static gboolean
try_receive (FeedsTestBroker *broker,
             TwinFeedConfig  *config,
             const char      *password,
             const char     **pub_args,
             char           **last_error)
{
  g_autofree char *path = feeds_test_new_project ("auth.dtwin");
  g_autoptr (TwinRecorder) recorder = NULL;
  g_autoptr (TwinMqttFeed) feed = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  TwinMqttStatus   status = { 0 };
  g_autofree char *port = g_strdup_printf ("%d", broker->port);
  gint64           n = 0;

  g_remove (path);
  g_free (path);
  path = feeds_test_new_project ("auth.dtwin");
  recorder = twin_recorder_new (path, &error);
  g_assert_no_error (error);
  feed = twin_mqtt_feed_new (config, password, recorder);
  g_assert_true (twin_mqtt_feed_start (feed, &error));
  for (guint i = 0; i < 300; i++)
    {
      twin_mqtt_feed_get_status (feed, &status);
      if (status.state == TWIN_MQTT_CONNECTED || status.last_error != NULL)
        break;
      twin_mqtt_status_clear (&status);
      g_usleep (10000);
    }
  if (status.state == TWIN_MQTT_CONNECTED)
    {
      g_usleep (100000);
      g_ptr_array_add (argv, "mosquitto_pub");
      g_ptr_array_add (argv, "-p");
      g_ptr_array_add (argv, port);
      for (guint i = 0; pub_args[i] != NULL; i++)
        g_ptr_array_add (argv, (gpointer) pub_args[i]);
      g_ptr_array_add (argv, NULL);
      process = g_subprocess_newv ((const char *const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_wait_check (process, NULL, &error));
      feeds_test_wait_recorder (recorder, 1, 10.0);
      g_assert_true (twin_recorder_flush (recorder, NULL));
    }
  *last_error = g_strdup (status.last_error);
  twin_mqtt_status_clear (&status);
  twin_mqtt_feed_stop (feed);
  g_assert_true (twin_recorder_close (recorder, NULL));
  n = feeds_test_count_samples (path, "secure/t");
  g_remove (path);
  return n == 1;
}

static void
test_password (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-pw-XXXXXX", NULL);
  g_autofree char *pwfile = g_build_filename (dir, "passwd", NULL);
  g_autofree char *extra = g_strdup_printf ("allow_anonymous false\npassword_file %s\n", pwfile);
  FeedsTestBroker *broker;
  g_autoptr (TwinFeedConfig) config = NULL;
  g_autofree char *last_error = NULL;
  const char      *pub[] = { "-u", "alice", "-P", "s3cret", "-q", "1", "-t", "secure/t", "-m", "7", NULL };

  g_autofree char *passwd_program = g_find_program_in_path ("mosquitto_passwd");
  g_autofree char *broker_program = g_find_program_in_path ("mosquitto");

  if (passwd_program == NULL || broker_program == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  run_quiet ("mosquitto_passwd", "-b", "-c", pwfile, "alice", "s3cret", NULL);
  g_chmod (pwfile, 0600);
  broker = feeds_test_broker_start (extra);
  config = new_config (broker, "auth");
  g_free (config->username);
  config->username = g_strdup ("alice");
  add_subscription (config, "secure/#", 1, "number");

  g_assert_false (try_receive (broker, config, "wrong", pub, &last_error));
  g_assert_nonnull (last_error);
  g_test_message ("wrong password: %s", last_error);
  g_assert_nonnull (strstr (last_error, "refused"));
  g_clear_pointer (&last_error, g_free);
  g_assert_true (try_receive (broker, config, "s3cret", pub, &last_error));
  feeds_test_broker_free (broker);
  g_remove (pwfile);
  g_rmdir (dir);
}

static void
test_tls (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-tls-XXXXXX", NULL);
  g_autofree char *ca_key = g_build_filename (dir, "ca.key", NULL);
  g_autofree char *ca = g_build_filename (dir, "ca.crt", NULL);
  g_autofree char *key = g_build_filename (dir, "server.key", NULL);
  g_autofree char *csr = g_build_filename (dir, "server.csr", NULL);
  g_autofree char *cert = g_build_filename (dir, "server.crt", NULL);
  g_autofree char *ext = g_build_filename (dir, "ext.cnf", NULL);
  g_autofree char *extra = NULL;
  g_autofree char *last_error = NULL;
  FeedsTestBroker *broker;
  g_autoptr (TwinFeedConfig) config = NULL;
  const char      *pub[] = { "-h", "localhost", "--cafile", ca, "-q", "1", "-t", "secure/t", "-m", "8", NULL };

  g_autofree char *openssl_program = g_find_program_in_path ("openssl");
  g_autofree char *broker_program = g_find_program_in_path ("mosquitto");

  if (openssl_program == NULL || broker_program == NULL)
    {
      g_test_skip ("openssl or mosquitto is not installed");
      return;
    }
  run_quiet ("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca, "-days", "2",
             "-subj", "/CN=Twin Test CA", NULL);
  run_quiet ("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=localhost",
             NULL);
  twin_test_write_file (ext, "subjectAltName=DNS:localhost,IP:127.0.0.1\n", strlen ("subjectAltName=DNS:localhost,IP:127.0.0.1\n"));
  run_quiet ("openssl", "x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-out", cert,
             "-days", "2", "-extfile", ext, NULL);
  extra = g_strdup_printf ("allow_anonymous true\ncafile %s\ncertfile %s\nkeyfile %s\n", ca, cert, key);
  broker = feeds_test_broker_start (extra);
  config = new_config (broker, "tls");
  g_free (config->host);
  config->host = g_strdup ("localhost");
  add_subscription (config, "secure/#", 1, "number");

  /* Without the CA the feed speaks plain MQTT to a TLS port: no connection. */
  g_assert_false (try_receive (broker, config, NULL, pub, &last_error));
  g_clear_pointer (&last_error, g_free);
  config->tls_ca_file = g_strdup (ca);
  g_assert_true (try_receive (broker, config, NULL, pub, &last_error));
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

static guint
publisher_acked (Publisher *publisher)
{
  guint n;

  g_mutex_lock (&publisher->mutex);
  n = publisher->acked;
  g_mutex_unlock (&publisher->mutex);
  return n;
}

/* The broker is stopped and restarted mid-stream: at QoS 1 with persistent sessions
 * on both sides, the count recorded equals the count published. */
static void
test_broker_restart (void)
{
  const guint      n = 3000;
  FeedsTestBroker *broker = feeds_test_broker_start (NULL);
  g_autofree char *path = NULL;
  g_autoptr (TwinFeedConfig) config = NULL;
  g_autoptr (TwinRecorder) recorder = NULL;
  g_autoptr (TwinMqttFeed) feed = NULL;
  g_autoptr (GError) error = NULL;
  struct mosquitto *pub;
  Publisher         publisher = { 0 };
  gint64            deadline;

  if (broker == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  path = feeds_test_new_project ("restart.dtwin");
  config = new_config (broker, "restart-recorder");
  add_subscription (config, "plant/#", 1, "json:v@t");
  recorder = twin_recorder_new (path, &error);
  g_assert_no_error (error);
  feed = twin_mqtt_feed_new (config, NULL, recorder);
  g_assert_true (twin_mqtt_feed_start (feed, &error));
  wait_connected (feed);

  mosquitto_lib_init ();
  g_mutex_init (&publisher.mutex);
  pub = mosquitto_new ("restart-publisher", false, &publisher);
  mosquitto_publish_callback_set (pub, on_published);
  mosquitto_max_inflight_messages_set (pub, 20);
  mosquitto_reconnect_delay_set (pub, 1, 1, false);
  g_assert_cmpint (mosquitto_connect (pub, "127.0.0.1", broker->port, 10), ==, MOSQ_ERR_SUCCESS);
  g_assert_cmpint (mosquitto_loop_start (pub), ==, MOSQ_ERR_SUCCESS);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *payload = g_strdup_printf ("{\"v\":%u,\"t\":%u}", i, 1700000000u + i);

      if (i == n / 3)
        {
          /* Wait until some are through, then restart the broker with messages in flight. */
          while (publisher_acked (&publisher) < i / 2)
            g_usleep (1000);
          feeds_test_broker_stop (broker, FALSE);
          g_usleep (300000);
          feeds_test_broker_restart (broker);
        }
      while (mosquitto_publish (pub, NULL, "plant/p1", (int) strlen (payload), payload, 1, false) != MOSQ_ERR_SUCCESS)
        g_usleep (10000);
    }
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (publisher_acked (&publisher) < n && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  g_assert_cmpuint (publisher_acked (&publisher), ==, n);
  while (feeds_test_count_samples (path, "plant/p1") < n && g_get_monotonic_time () < deadline)
    g_usleep (50000);
  g_test_message ("published %u, recorded %" G_GINT64_FORMAT, n, feeds_test_count_samples (path, "plant/p1"));
  g_assert_cmpint (feeds_test_count_samples (path, "plant/p1"), ==, n);

  mosquitto_disconnect (pub);
  mosquitto_loop_stop (pub, false);
  mosquitto_destroy (pub);
  g_mutex_clear (&publisher.mutex);
  twin_mqtt_feed_stop (feed);
  g_assert_true (twin_recorder_close (recorder, &error));
  feeds_test_broker_free (broker);
}

/* MQTT 5: records, QoS 1, a persistent session (the session expiry interval keeps it while the feed is away), and
 * publishing through the feed and through a one-shot connection. */
static void
test_mqtt5 (void)
{
  FeedsTestBroker *broker = feeds_test_broker_start (NULL);
  g_autofree char *path = NULL;
  g_autoptr (TwinFeedConfig) config = NULL;
  g_autoptr (TwinRecorder) recorder = NULL;
  g_autoptr (TwinMqttFeed) feed = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) samples = NULL;
  g_autofree char  *unit = NULL;
  TwinRecorderStats stats;

  if (broker == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  path = feeds_test_new_project ("mqtt5.dtwin");
  config = new_config (broker, "mqtt5-recorder");
  config->protocol = 5;
  add_subscription (config, "v5/+/temp", 1, "number");
  add_subscription (config, "v5/senml", 1, "senml");
  recorder = twin_recorder_new (path, &error);
  g_assert_no_error (error);
  feed = twin_mqtt_feed_new (config, NULL, recorder);
  g_assert_true (twin_mqtt_feed_start (feed, &error));
  g_assert_no_error (error);
  wait_connected (feed);

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *value = g_strdup_printf ("%u.5", i);

      feeds_test_pub (broker, "-V", "5", "-q", "1", "-t", "v5/a/temp", "-m", value, NULL);
    }
  feeds_test_pub (broker, "-V", "5", "-q", "1", "-t", "v5/senml",
                  "-m", "[{\"bn\":\"v5dev/\",\"bt\":1700000000,\"n\":\"p\",\"u\":\"W\",\"v\":5},{\"n\":\"p\",\"t\":1,\"v\":6}]",
                  NULL);
  feeds_test_wait_recorder (recorder, 12, 10.0);

  /* Published through the running v5 feed (QoS 1, acknowledged) and through a one-shot v5 connection. */
  g_assert_true (twin_mqtt_feed_publish (feed, "v5/b/temp", "7.25", 4, 1, FALSE, 5000, &error));
  g_assert_no_error (error);
  g_assert_true (twin_mqtt_publish_once (config, NULL, "v5/c/temp", "8.5", 3, 1, FALSE, 5000, &error));
  g_assert_no_error (error);
  feeds_test_wait_recorder (recorder, 14, 10.0);

  /* Away: the broker keeps the session (expiry set) and queues QoS 1 messages for it. */
  twin_mqtt_feed_stop (feed);
  g_clear_object (&feed);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *value = g_strdup_printf ("%u", 100 + i);

      feeds_test_pub (broker, "-V", "5", "-q", "1", "-t", "v5/away/temp", "-m", value, NULL);
    }
  feed = twin_mqtt_feed_new (config, NULL, recorder);
  g_assert_true (twin_mqtt_feed_start (feed, &error));
  g_assert_no_error (error);
  feeds_test_wait_recorder (recorder, 34, 15.0);
  g_assert_true (twin_recorder_flush (recorder, &error));
  g_assert_no_error (error);
  twin_recorder_get_stats (recorder, &stats);
  g_assert_cmpuint (stats.rejected, ==, 0);
  twin_mqtt_feed_stop (feed);
  g_assert_true (twin_recorder_close (recorder, &error));
  g_assert_no_error (error);

  samples = read_signal (path, "v5/a/temp", NULL);
  g_assert_cmpuint (samples->len, ==, 10);
  g_assert_cmpfloat (g_array_index (samples, TwinSample, 9).value, ==, 9.5);
  g_clear_pointer (&samples, g_array_unref);
  samples = read_signal (path, "v5dev/p", &unit);
  g_assert_cmpstr (unit, ==, "W");
  g_assert_cmpuint (samples->len, ==, 2);
  g_clear_pointer (&samples, g_array_unref);
  g_assert_cmpint (feeds_test_count_samples (path, "v5/b/temp"), ==, 1);
  g_assert_cmpint (feeds_test_count_samples (path, "v5/c/temp"), ==, 1);
  /* Every message sent while the feed was away, in order. */
  samples = read_signal (path, "v5/away/temp", NULL);
  g_assert_cmpuint (samples->len, ==, 20);
  for (guint i = 0; i < 20; i++)
    g_assert_cmpfloat (g_array_index (samples, TwinSample, i).value, ==, 100.0 + i);

  /* A one-shot publish to a broker that is gone fails, naming it. */
  feeds_test_broker_stop (broker, FALSE);
  g_assert_false (twin_mqtt_publish_once (config, NULL, "v5/c/temp", "1", 1, 1, FALSE, 2000, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  feeds_test_broker_free (broker);
}

/* A listening socket on a free loopback port; @backlog as given to listen(). */
static GSocket *
listen_loopback (int  backlog,
                 int *port)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any, TRUE, &error));
  g_socket_set_listen_backlog (socket, backlog);
  g_assert_true (g_socket_listen (socket, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return socket;
}

/* Starts a feed to 127.0.0.1:@port, checks it is still connecting after a while, and that
 * stopping it takes less than a second. Returns it, stopped. */
static TwinMqttFeed *
start_and_stop_stuck_feed (TwinRecorder *recorder,
                           int           port)
{
  g_autoptr (TwinFeedConfig) config = twin_feed_config_new ("stuck", TWIN_FEED_MQTT);
  g_autoptr (GError) error = NULL;
  TwinMqttStatus status = { 0 };
  TwinMqttFeed  *feed;
  gint64         start;

  g_free (config->host);
  config->host = g_strdup ("127.0.0.1");
  config->port = port;
  g_free (config->client_id);
  config->client_id = g_strdup ("stuck");
  add_subscription (config, "#", 1, "number");
  feed = twin_mqtt_feed_new (config, NULL, recorder);
  g_assert_true (twin_mqtt_feed_start (feed, &error));
  g_assert_no_error (error);
  g_usleep (400 * G_TIME_SPAN_MILLISECOND);
  twin_mqtt_feed_get_status (feed, &status);
  g_assert_cmpint (status.state, ==, TWIN_MQTT_CONNECTING);
  g_assert_cmpuint (status.connects, ==, 0);
  twin_mqtt_status_clear (&status);

  start = g_get_monotonic_time ();
  twin_mqtt_feed_stop (feed);
  g_test_message ("stopped in %.3f s", (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  twin_mqtt_feed_get_status (feed, &status);
  g_assert_cmpint (status.state, ==, TWIN_MQTT_DISCONNECTED);
  twin_mqtt_status_clear (&status);
  return feed;
}

/* Stopping is prompt: against a "broker" that accepts the connection and never answers the
 * CONNECT, and against one whose connect hangs (a listener whose queue is full drops the SYNs,
 * like a black-hole address); the thread left connecting finishes alone later and frees the feed. */
static void
test_stop_prompt (void)
{
  g_autofree char *path = feeds_test_new_project ("stop.dtwin");
  g_autoptr (TwinRecorder) recorder = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) silent = NULL;
  g_autoptr (GSocket) full = NULL;
  g_autoptr (GSocket) filler = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = NULL;
  TwinMqttFeed *feed;
  gpointer      weak;
  int           port;
  gint64        deadline;

  recorder = twin_recorder_new (path, &error);
  g_assert_no_error (error);

  /* Accepted by the kernel (the backlog), never answered. */
  silent = listen_loopback (8, &port);
  feed = start_and_stop_stuck_feed (recorder, port);
  weak = feed;
  g_object_add_weak_pointer (G_OBJECT (feed), &weak);
  g_object_unref (feed);
  g_assert_null (weak);

  /* A connect that hangs: the listen queue (backlog 0) is filled by one connection never
   * accepted, so the kernel drops the next SYNs and connect() waits for minutes. */
  full = listen_loopback (0, &port);
  address = g_inet_socket_address_new (loopback, (guint16) port);
  filler = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_connect (filler, address, NULL, &error));
  g_assert_no_error (error);
  g_usleep (50 * G_TIME_SPAN_MILLISECOND);
  feed = start_and_stop_stuck_feed (recorder, port);
  weak = feed;
  g_object_add_weak_pointer (G_OBJECT (feed), &weak);
  g_object_unref (feed);
  /* Once the listener goes, the retried SYN is refused and the thread returns and frees the feed. */
  g_assert_true (g_socket_close (full, &error));
  g_assert_true (g_socket_close (filler, &error));
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (g_atomic_pointer_get (&weak) != NULL && g_get_monotonic_time () < deadline)
    g_usleep (50 * G_TIME_SPAN_MILLISECOND);
  g_assert_null (g_atomic_pointer_get (&weak));

  g_assert_true (twin_recorder_close (recorder, &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/core/feeds/mqtt/formats", test_formats);
  g_test_add_func ("/core/feeds/mqtt/password", test_password);
  g_test_add_func ("/core/feeds/mqtt/tls", test_tls);
  g_test_add_func ("/core/feeds/mqtt/broker-restart", test_broker_restart);
  g_test_add_func ("/core/feeds/mqtt/mqtt5", test_mqtt5);
  g_test_add_func ("/core/feeds/mqtt/stop-prompt", test_stop_prompt);
  return g_test_run ();
}
