/* test-command-store.c: command bindings and the command log in a real project file, commands sent to a real mosquitto.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What reaches the broker is checked with mosquitto_sub (-F "%r %q %p":
 * retained flag, QoS, payload), a live subscriber and a late one (which only
 * gets a retained message).
 */

#include "config.h"

#include "feeds-test-broker.h"
#include "feeds/twin-command-store.h"
#include "feeds/twin-feed-store.h"
#include "feeds/twin-mqtt-feed.h"
#include "store/twin-store.h"
#include "twin-test-util.h"

#include <math.h>
#include <string.h>

static gboolean
has_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

static TwinFeedConfig *
new_feed (const char *name,
          int         port)
{
  TwinFeedConfig *config = twin_feed_config_new (name, TWIN_FEED_MQTT);

  g_free (config->host);
  config->host = g_strdup ("127.0.0.1");
  config->port = port;
  config->clean_session = TRUE;
  g_ptr_array_add (config->subscriptions,
                   twin_feed_subscription_new ("plant/#", 1, twin_payload_format_parse ("number", NULL)));
  return config;
}

static void
save_feed (const char     *path,
           TwinFeedConfig *config)
{
  g_autoptr (TwinFeedStore) store = NULL;
  g_autoptr (GError) error = NULL;

  store = twin_feed_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (twin_feed_store_save_feed (store, config, &error));
  g_assert_no_error (error);
}

static guint
log_length (TwinCommandStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) log = twin_command_store_list_log (store, 0, &error);

  g_assert_no_error (error);
  return log->len;
}

static void
test_bindings (void)
{
  g_autofree char *path = feeds_test_new_project ("bindings.dtwin");
  g_autofree char *csv = twin_test_tmp_path ("data.csv");
  g_autoptr (TwinFeedConfig) mqtt = new_feed ("site", 1883);
  g_autoptr (TwinFeedConfig) replay = twin_feed_config_new ("replay", TWIN_FEED_CSV_REPLAY);
  g_autoptr (TwinCommandStore) store = NULL;
  g_autoptr (TwinCommandStore) reader = NULL;
  g_autoptr (TwinCommandBinding) binding = NULL;
  g_autoptr (TwinCommandBinding) found = NULL;
  g_autoptr (GPtrArray) bindings = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (csv, "time,a\n2026-01-01T00:00:00Z,1\n", -1, &error));
  replay->csv_path = g_strdup (csv);
  save_feed (path, mqtt);
  save_feed (path, replay);
  store = twin_command_store_open (path, FALSE, &error);
  g_assert_no_error (error);

  bindings = twin_command_store_list_bindings (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bindings->len, ==, 0);
  g_clear_pointer (&bindings, g_ptr_array_unref);

  /* The feed must exist and be an MQTT feed; an invalid binding is refused; nothing is stored. */
  binding = twin_command_binding_new ("Plant/Room", "setpoint", "nowhere", "plant/room/setpoint");
  g_assert_false (twin_command_store_save_binding (store, binding, &error));
  g_assert_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nowhere"));
  g_clear_error (&error);
  g_free (binding->feed);
  binding->feed = g_strdup ("replay");
  g_assert_false (twin_command_store_save_binding (store, binding, &error));
  g_assert_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "replay"));
  g_clear_error (&error);
  g_free (binding->feed);
  binding->feed = g_strdup ("site");
  g_free (binding->topic);
  binding->topic = g_strdup ("plant/+/setpoint");
  g_assert_false (twin_command_store_save_binding (store, binding, &error));
  g_assert_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID);
  g_clear_error (&error);
  bindings = twin_command_store_list_bindings (store, &error);
  g_assert_cmpuint (bindings->len, ==, 0);
  g_clear_pointer (&bindings, g_ptr_array_unref);

  /* Saved, read back field by field (no limits: NAN). */
  g_free (binding->topic);
  binding->topic = g_strdup ("plant/room/setpoint");
  binding->payload = g_strdup ("{\"sp\": {value}}");
  binding->unit = g_strdup ("K");
  binding->qos = 2;
  binding->retain = TRUE;
  g_assert_true (twin_command_store_save_binding (store, binding, &error));
  g_assert_no_error (error);
  found = twin_command_store_find_binding (store, "Plant/Room", "setpoint", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->feed, ==, "site");
  g_assert_cmpstr (found->topic, ==, "plant/room/setpoint");
  g_assert_cmpstr (found->payload, ==, "{\"sp\": {value}}");
  g_assert_cmpstr (found->unit, ==, "K");
  g_assert_cmpint (found->qos, ==, 2);
  g_assert_true (found->retain);
  g_assert_true (isnan (found->min) && isnan (found->max));
  g_clear_pointer (&found, twin_command_binding_free);

  /* Saving again replaces it; limits kept; a second binding sorts by entity path. */
  g_clear_pointer (&binding->payload, g_free);
  g_clear_pointer (&binding->unit, g_free);
  binding->min = 5.0;
  binding->max = 30.0;
  binding->retain = FALSE;
  g_assert_true (twin_command_store_save_binding (store, binding, &error));
  g_assert_no_error (error);
  g_free (binding->entity_path);
  binding->entity_path = g_strdup ("Plant/Boiler");
  g_free (binding->property);
  binding->property = g_strdup ("power");
  g_assert_true (twin_command_store_save_binding (store, binding, &error));
  g_assert_no_error (error);

  /* Another connection (read-only) sees the same. */
  reader = twin_command_store_open (path, TRUE, &error);
  g_assert_no_error (error);
  bindings = twin_command_store_list_bindings (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bindings->len, ==, 2);
  g_assert_cmpstr (((TwinCommandBinding *) bindings->pdata[0])->entity_path, ==, "Plant/Boiler");
  found = g_steal_pointer (&bindings->pdata[1]);
  g_assert_cmpstr (found->entity_path, ==, "Plant/Room");
  g_assert_null (found->payload);
  g_assert_null (found->unit);
  g_assert_false (found->retain);
  g_assert_cmpfloat (found->min, ==, 5.0);
  g_assert_cmpfloat (found->max, ==, 30.0);
  g_clear_pointer (&found, twin_command_binding_free);
  g_assert_false (twin_command_store_save_binding (reader, binding, &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);

  /* Deleted, once. */
  g_assert_true (twin_command_store_delete_binding (store, "Plant/Boiler", "power", &error));
  g_assert_no_error (error);
  g_assert_false (twin_command_store_delete_binding (store, "Plant/Boiler", "power", &error));
  g_assert_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_NOT_FOUND);
  g_clear_error (&error);
  found = twin_command_store_find_binding (store, "Plant/Boiler", "power", &error);
  g_assert_null (found);
  g_assert_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Plant/Boiler.power"));
  g_clear_error (&error);
  bindings = twin_command_store_list_bindings (reader, &error);
  g_assert_cmpuint (bindings->len, ==, 1);
}

static void
test_log (void)
{
  g_autofree char *path = feeds_test_new_project ("log.dtwin");
  g_autoptr (TwinCommandStore) store = NULL;
  g_autoptr (GPtrArray) log = NULL;
  g_autoptr (GError) error = NULL;

  store = twin_command_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 5; i++)
    {
      TwinCommandRecord record = { 0 };

      /* Stored out of time order: listed in time order. */
      record.t_us = 1000 * (gint64) ((i * 3) % 5);
      record.entity_path = (char *) "Plant/Room";
      record.property = (char *) "setpoint";
      record.feed = (char *) "site";
      record.topic = (char *) "plant/room/setpoint";
      record.payload = g_strdup_printf ("%u", i);
      record.value = i;
      record.qos = 1;
      record.origin = (char *) "test";
      record.ok = i != 2;
      record.error = i == 2 ? (char *) "broker down" : NULL;
      g_assert_true (twin_command_store_log (store, &record, &error));
      g_assert_no_error (error);
      g_assert_cmpint (record.id, >, 0);
      g_free (record.payload);
    }
  log = twin_command_store_list_log (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (((TwinCommandRecord *) log->pdata[i])->t_us, ==, 1000 * (gint64) i);
  g_clear_pointer (&log, g_ptr_array_unref);
  /* The newest three, still oldest first. */
  log = twin_command_store_list_log (store, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 3);
  g_assert_cmpint (((TwinCommandRecord *) log->pdata[0])->t_us, ==, 2000);
  g_assert_cmpint (((TwinCommandRecord *) log->pdata[2])->t_us, ==, 4000);
  /* t = 1000 is i = 2: the failed one. */
  g_clear_pointer (&log, g_ptr_array_unref);
  log = twin_command_store_list_log (store, 0, &error);
  g_assert_false (((TwinCommandRecord *) log->pdata[1])->ok);
  g_assert_cmpstr (((TwinCommandRecord *) log->pdata[1])->error, ==, "broker down");
  g_assert_cmpstr (((TwinCommandRecord *) log->pdata[1])->origin, ==, "test");
  g_assert_null (((TwinCommandRecord *) log->pdata[0])->error);
}

/* mosquitto_sub -C 1 on @topic, printing "retained qos payload"; started, not waited for. */
static GSubprocess *
start_sub (FeedsTestBroker *broker,
           const char      *topic)
{
  g_autofree char *port = g_strdup_printf ("%d", broker->port);
  g_autoptr (GError) error = NULL;
  GSubprocess *process;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "mosquitto_sub", "-h", "127.0.0.1", "-p", port,
                              "-q", "2", "-t", topic, "-C", "1", "-W", "10", "-F", "%r %q %p", NULL);
  g_assert_no_error (error);
  return process;
}

static char *
finish_sub (GSubprocess *process)
{
  g_autoptr (GError) error = NULL;
  char *out = NULL;

  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  return g_strchomp (out);
}

static void
test_send (void)
{
  FeedsTestBroker *broker = feeds_test_broker_start (NULL);
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autoptr (TwinFeedConfig) config = NULL;
  g_autoptr (TwinCommandStore) store = NULL;
  g_autoptr (TwinCommandBinding) binding = NULL;
  g_autoptr (TwinCommandRecord) record = NULL;
  g_autoptr (TwinRecorder) recorder = NULL;
  g_autoptr (TwinMqttFeed) feed = NULL;
  g_autoptr (GSubprocess) sub = NULL;
  g_autoptr (GPtrArray) log = NULL;
  g_autoptr (GError) error = NULL;
  TwinCommandRecord *entry;

  if (broker == NULL || !has_program ("mosquitto_sub"))
    {
      g_test_skip ("mosquitto is not installed");
      if (broker != NULL)
        feeds_test_broker_free (broker);
      return;
    }
  path = feeds_test_new_project ("send.dtwin");
  config = new_feed ("site", broker->port);
  save_feed (path, config);
  store = twin_command_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  binding = twin_command_binding_new ("Plant/Room", "setpoint", "site", "plant/room/setpoint");
  binding->payload = g_strdup ("{\"setpoint\": {value}}");
  binding->unit = g_strdup ("K");
  binding->retain = TRUE;
  binding->qos = 1;
  binding->max = 30.0;
  g_assert_true (twin_command_store_save_binding (store, binding, &error));
  g_assert_no_error (error);

  /* One-shot connection, QoS 1, retained: a subscriber that comes later still gets it, flagged retained. */
  g_assert_true (twin_command_send (store, binding, 21.85, "°C", NULL, NULL, "test", 5000, &record, &error));
  g_assert_no_error (error);
  g_assert_true (record->ok);
  g_assert_cmpint (record->id, >, 0);
  g_assert_cmpstr (record->payload, ==, "{\"setpoint\": 295}");
  sub = start_sub (broker, "plant/room/setpoint");
  out = finish_sub (sub);
  g_assert_cmpstr (out, ==, "1 1 {\"setpoint\": 295}");
  g_clear_object (&sub);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&record, twin_command_record_free);

  /* Refused by the binding: not sent, not logged. */
  g_assert_false (twin_command_send (store, binding, 31.0, "°C", NULL, NULL, "test", 5000, &record, &error));
  g_assert_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_OUT_OF_RANGE);
  g_assert_null (record);
  g_clear_error (&error);
  g_assert_cmpuint (log_length (store), ==, 1);

  /* Through a running feed, QoS 2, not retained: a live subscriber gets it at QoS 2, not flagged retained. */
  binding->qos = 2;
  binding->retain = FALSE;
  g_clear_pointer (&binding->payload, g_free);
  g_free (binding->topic);
  binding->topic = g_strdup ("plant/room/setpoint2");
  recorder = twin_recorder_new (path, &error);
  g_assert_no_error (error);
  feed = twin_mqtt_feed_new (config, NULL, recorder);
  g_assert_true (twin_mqtt_feed_start (feed, &error));
  g_assert_no_error (error);
  sub = start_sub (broker, "plant/room/setpoint2");
  g_usleep (700000); /* mosquitto_sub subscribes */
  g_assert_true (twin_command_send (store, binding, 20.0, "°C", feed, NULL, "app", 5000, &record, &error));
  g_assert_no_error (error);
  out = finish_sub (sub);
  g_assert_cmpstr (out, ==, "0 2 293.15");
  g_clear_object (&sub);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&record, twin_command_record_free);

  /* Broker down: the feed's send fails within the timeout, the one-shot one at once; both are logged as failed. */
  feeds_test_broker_stop (broker, FALSE);
  g_assert_false (twin_command_send (store, binding, 19.0, "°C", feed, NULL, "app", 1000, &record, &error));
  g_assert_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_SEND);
  g_assert_nonnull (strstr (error->message, "plant/room/setpoint2"));
  g_assert_false (record->ok);
  g_clear_error (&error);
  g_clear_pointer (&record, twin_command_record_free);
  twin_mqtt_feed_stop (feed);
  g_assert_true (twin_recorder_close (recorder, &error));
  g_assert_no_error (error);

  g_assert_false (twin_command_send (store, binding, 18.0, "°C", NULL, NULL, "twinctl", 2000, &record, &error));
  g_assert_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_SEND);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_false (record->ok);
  g_assert_cmpstr (record->error, ==, error->message);
  g_clear_error (&error);
  g_clear_pointer (&record, twin_command_record_free);

  /* A binding whose feed was removed since: logged as failed, naming the feed. */
  {
    g_autoptr (TwinFeedStore) feeds = twin_feed_store_open (path, FALSE, &error);

    g_assert_no_error (error);
    g_assert_true (twin_feed_store_delete_feed (feeds, "site", &error));
    g_assert_no_error (error);
  }
  g_assert_false (twin_command_send (store, binding, 17.0, "°C", NULL, NULL, "twinctl", 2000, NULL, &error));
  g_assert_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "site"));
  g_clear_error (&error);

  /* The log, oldest first, read by another connection. */
  {
    g_autoptr (TwinCommandStore) reader = twin_command_store_open (path, TRUE, &error);

    g_assert_no_error (error);
    log = twin_command_store_list_log (reader, 0, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (log->len, ==, 5);
  entry = log->pdata[0];
  g_assert_true (entry->ok);
  g_assert_cmpstr (entry->payload, ==, "{\"setpoint\": 295}");
  g_assert_cmpfloat (entry->value, ==, 21.85);
  g_assert_cmpint (entry->qos, ==, 1);
  g_assert_true (entry->retain);
  g_assert_cmpstr (entry->origin, ==, "test");
  g_assert_cmpstr (entry->topic, ==, "plant/room/setpoint");
  g_assert_null (entry->error);
  entry = log->pdata[1];
  g_assert_true (entry->ok);
  g_assert_cmpstr (entry->payload, ==, "293.15");
  g_assert_cmpint (entry->qos, ==, 2);
  g_assert_cmpstr (entry->origin, ==, "app");
  for (guint i = 2; i < 5; i++)
    {
      entry = log->pdata[i];
      g_assert_false (entry->ok);
      g_assert_nonnull (entry->error);
      g_assert_cmpint (entry->t_us, >=, ((TwinCommandRecord *) log->pdata[i - 1])->t_us);
    }
  g_assert_cmpfloat (((TwinCommandRecord *) log->pdata[4])->value, ==, 17.0);
  feeds_test_broker_free (broker);
}

static void
test_password (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-cmd-XXXXXX", NULL);
  g_autofree char *pwfile = g_build_filename (dir, "passwd", NULL);
  g_autofree char *extra = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autoptr (GSubprocess) passwd = NULL;
  g_autoptr (GSubprocess) sub = NULL;
  g_autoptr (TwinFeedConfig) config = NULL;
  g_autoptr (TwinCommandStore) store = NULL;
  g_autoptr (TwinCommandBinding) binding = NULL;
  g_autoptr (TwinCommandRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  FeedsTestBroker *broker;

  if (!has_program ("mosquitto_passwd") || !has_program ("mosquitto_sub"))
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  passwd = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                             "mosquitto_passwd", "-b", "-c", pwfile, "alice", "s3cret", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (passwd, NULL, &error));
  g_assert_no_error (error);
  extra = g_strdup_printf ("allow_anonymous false\npassword_file %s\n", pwfile);
  broker = feeds_test_broker_start (extra);
  if (broker == NULL)
    {
      g_test_skip ("mosquitto is not installed");
      return;
    }
  path = feeds_test_new_project ("password.dtwin");
  config = new_feed ("site", broker->port);
  config->username = g_strdup ("alice");
  save_feed (path, config);
  store = twin_command_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  binding = twin_command_binding_new ("Plant/Room", "setpoint", "site", "plant/room/setpoint");
  binding->retain = TRUE;
  g_assert_true (twin_command_store_save_binding (store, binding, &error));
  g_assert_no_error (error);

  /* A wrong password: the broker refuses the connection, said in the error and the log. */
  g_assert_false (twin_command_send (store, binding, 20.0, NULL, NULL, "wrong", "test", 5000, &record, &error));
  g_assert_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_SEND);
  g_assert_nonnull (strstr (error->message, "refused"));
  g_assert_false (record->ok);
  g_clear_error (&error);
  g_clear_pointer (&record, twin_command_record_free);

  g_assert_true (twin_command_send (store, binding, 20.5, NULL, NULL, "s3cret", "test", 5000, &record, &error));
  g_assert_no_error (error);
  g_assert_true (record->ok);
  {
    g_autofree char *port = g_strdup_printf ("%d", broker->port);

    sub = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "mosquitto_sub", "-h", "127.0.0.1", "-p", port,
                            "-u", "alice", "-P", "s3cret", "-t", "plant/room/setpoint", "-C", "1", "-W", "10", NULL);
    g_assert_no_error (error);
    out = finish_sub (sub);
  }
  g_assert_cmpstr (out, ==, "20.5");
  g_assert_cmpuint (log_length (store), ==, 2);
  feeds_test_broker_free (broker);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/core/feeds/command-store/bindings", test_bindings);
  g_test_add_func ("/core/feeds/command-store/log", test_log);
  g_test_add_func ("/core/feeds/command-store/send", test_send);
  g_test_add_func ("/core/feeds/command-store/password", test_password);
  return g_test_run ();
}
