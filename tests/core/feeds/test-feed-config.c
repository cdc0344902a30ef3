/* test-feed-config.c: feed settings: defaults, their JSON form (round trip, strict reading), validation, topic matching.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-feed-config"

#include "config.h"

#include "twin-core.h"
#include "twin-test-util.h"

#include "feeds/twin-feed-config.h"

#include <locale.h>
#include <string.h>

static TwinFeedConfig *
make_full_config (void)
{
  TwinFeedConfig *config = twin_feed_config_new ("site “broker” 1", TWIN_FEED_MQTT);

  g_free (config->host);
  config->host = g_strdup ("broker.example.org");
  config->port = 8883;
  g_free (config->client_id);
  config->client_id = g_strdup ("twin-recorder-7");
  config->username = g_strdup ("bob");
  config->protocol = 5;
  config->keepalive_s = 30;
  config->tls_ca_file = g_strdup ("/etc/ssl/ca.pem");
  config->tls_cert_file = g_strdup ("client.pem");
  config->tls_key_file = g_strdup ("client.key");
  g_ptr_array_add (config->subscriptions,
                   twin_feed_subscription_new ("plant/+/temp", 1, twin_payload_format_parse ("number", NULL)));
  g_ptr_array_add (config->subscriptions,
                   twin_feed_subscription_new ("senml/#", 2, twin_payload_format_parse ("senml", NULL)));
  g_ptr_array_add (config->subscriptions, twin_feed_subscription_new (
                                            "json/\"quoted\"", 0, twin_payload_format_parse ("json:d.v[0]@d.t", NULL)));
  config->speed = 2.5;
  return config;
}

static void
assert_configs_equal (const TwinFeedConfig *a,
                      const TwinFeedConfig *b)
{
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpint (a->kind, ==, b->kind);
  g_assert_cmpstr (a->host, ==, b->host);
  g_assert_cmpint (a->port, ==, b->port);
  g_assert_cmpstr (a->client_id, ==, b->client_id);
  g_assert_cmpstr (a->username, ==, b->username);
  g_assert_cmpint (a->protocol, ==, b->protocol);
  g_assert_cmpint (a->clean_session, ==, b->clean_session);
  g_assert_cmpint (a->keepalive_s, ==, b->keepalive_s);
  g_assert_cmpstr (a->tls_ca_file, ==, b->tls_ca_file);
  g_assert_cmpstr (a->tls_cert_file, ==, b->tls_cert_file);
  g_assert_cmpstr (a->tls_key_file, ==, b->tls_key_file);
  g_assert_cmpstr (a->csv_path, ==, b->csv_path);
  g_assert_cmpfloat (a->speed, ==, b->speed);
  g_assert_cmpuint (a->subscriptions->len, ==, b->subscriptions->len);
  for (guint i = 0; i < a->subscriptions->len; i++)
    {
      const TwinFeedSubscription *sa = g_ptr_array_index (a->subscriptions, i);
      const TwinFeedSubscription *sb = g_ptr_array_index (b->subscriptions, i);

      g_assert_cmpstr (sa->pattern, ==, sb->pattern);
      g_assert_cmpint (sa->qos, ==, sb->qos);
      g_assert_cmpint (sa->format->kind, ==, sb->format->kind);
      g_assert_cmpstr (sa->format->value_path, ==, sb->format->value_path);
      g_assert_cmpstr (sa->format->time_path, ==, sb->format->time_path);
    }
}

static void
test_defaults (void)
{
  g_autoptr (TwinFeedConfig) a = twin_feed_config_new ("a", TWIN_FEED_MQTT);
  g_autoptr (TwinFeedConfig) b = twin_feed_config_new ("b", TWIN_FEED_MQTT);
  g_autoptr (GError) error = NULL;

  g_assert_cmpstr (a->host, ==, "localhost");
  g_assert_cmpint (a->port, ==, 1883);
  g_assert_cmpint (a->protocol, ==, 311);
  g_assert_false (a->clean_session);
  g_assert_cmpint (a->keepalive_s, ==, 60);
  g_assert_true (g_str_has_prefix (a->client_id, "twin-studio-"));
  g_assert_cmpstr (a->client_id, !=, b->client_id);
  g_assert_cmpuint (a->subscriptions->len, ==, 0);
  /* Without a subscription the feed is not valid yet. */
  g_assert_false (twin_feed_config_validate (a, &error));
  g_assert_nonnull (strstr (error->message, "“a”"));
  g_assert_nonnull (strstr (error->message, "no topic"));
}

static void
test_round_trip (void)
{
  g_autoptr (TwinFeedConfig) config = make_full_config ();
  g_autoptr (TwinFeedConfig) read = NULL;
  g_autoptr (TwinFeedConfig) copy = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;

  g_assert_true (twin_feed_config_validate (config, &error));
  g_assert_no_error (error);
  json = twin_feed_config_to_json (config);
  g_assert_null (strstr (json, "password"));
  g_assert_nonnull (strstr (json, "\"speed\": 2.5"));
  read = twin_feed_config_new_from_json (json, &error);
  g_assert_no_error (error);
  assert_configs_equal (config, read);
  again = twin_feed_config_to_json (read);
  g_assert_cmpstr (json, ==, again);

  copy = twin_feed_config_copy (config);
  assert_configs_equal (config, copy);

  /* Optional members left out take the defaults; the client id is then empty. */
  {
    g_autoptr (TwinFeedConfig) minimal = twin_feed_config_new_from_json (
      "{\"format\": \"twin-studio-feed\", \"version\": 1, \"name\": \"m\", \"clean_session\": true,"
      " \"subscriptions\": [{\"pattern\": \"a/b\"}]}",
      &error);

    g_assert_no_error (error);
    g_assert_cmpstr (minimal->host, ==, "localhost");
    g_assert_cmpint (minimal->port, ==, 1883);
    g_assert_cmpstr (minimal->client_id, ==, "");
    g_assert_null (minimal->username);
    g_assert_cmpint (((TwinFeedSubscription *) g_ptr_array_index (minimal->subscriptions, 0))->qos, ==, 0);
    g_assert_cmpint (((TwinFeedSubscription *) g_ptr_array_index (minimal->subscriptions, 0))->format->kind, ==,
                     TWIN_PAYLOAD_NUMBER);
  }

  /* CSV replay. */
  {
    g_autoptr (TwinFeedConfig) replay = twin_feed_config_new ("replay", TWIN_FEED_CSV_REPLAY);
    g_autoptr (TwinFeedConfig) replay_read = NULL;
    g_autofree char *replay_json = NULL;

    replay->csv_path = g_strdup ("data/week.csv");
    replay->speed = 60;
    g_assert_true (twin_feed_config_validate (replay, &error));
    replay_json = twin_feed_config_to_json (replay);
    g_assert_nonnull (strstr (replay_json, "\"kind\": \"csv-replay\""));
    replay_read = twin_feed_config_new_from_json (replay_json, &error);
    g_assert_no_error (error);
    assert_configs_equal (replay, replay_read);
  }
}

static void
test_locale (void)
{
  g_autoptr (TwinFeedConfig) config = make_full_config ();
  g_autoptr (TwinFeedConfig) read = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;

  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL && setlocale (LC_NUMERIC, "fr_FR.UTF-8") == NULL)
    {
      g_test_skip ("no locale with a decimal comma is installed");
      return;
    }
  json = twin_feed_config_to_json (config);
  g_assert_nonnull (strstr (json, "\"speed\": 2.5"));
  read = twin_feed_config_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (read->speed, ==, 2.5);
  setlocale (LC_NUMERIC, "C");
}

static void
test_json_errors (void)
{
  static const struct
  {
    const char *json;
    const char *reason;
  } cases[] = {
    { "not json", "not valid JSON" },
    { "[]", "must be an object" },
    { "{\"format\": \"other\", \"version\": 1, \"name\": \"f\"}", "“format”" },
    { "{\"format\": \"twin-studio-feed\", \"version\": 2, \"name\": \"f\"}", "“version” must be 1" },
    { "{\"format\": \"twin-studio-feed\", \"version\": 1}", "“name” must be text" },
    { "{\"format\": \"twin-studio-feed\", \"version\": 1, \"name\": \"f\", \"hots\": \"x\"}", "unknown member “hots”" },
    { "{\"format\": \"twin-studio-feed\", \"version\": 1, \"name\": \"f\", \"password\": \"secret\"}",
      "never stored" },
    { "{\"format\": \"twin-studio-feed\", \"version\": 1, \"name\": \"f\", \"port\": \"1883\"}",
      "“port” must be a whole number" },
    { "{\"format\": \"twin-studio-feed\", \"version\": 1, \"name\": \"f\", \"port\": 1883.5}",
      "“port” must be a whole number" },
    { "{\"format\": \"twin-studio-feed\", \"version\": 1, \"name\": \"f\", \"clean_session\": 1}",
      "“clean_session” must be true or false" },
    { "{\"format\": \"twin-studio-feed\", \"version\": 1, \"name\": \"f\", \"kind\": \"amqp\"}", "“amqp”" },
    { "{\"format\": \"twin-studio-feed\", \"version\": 1, \"name\": \"f\", \"clean_session\": true, \"subscriptions\": {}}",
      "must be an array" },
    { "{\"format\": \"twin-studio-feed\", \"version\": 1, \"name\": \"f\", \"clean_session\": true, \"subscriptions\": [{\"pattern\": \"a\","
      " \"qos\": 1, \"payload\": \"xml\"}]}",
      "“xml” is unknown" },
    { "{\"format\": \"twin-studio-feed\", \"version\": 1, \"name\": \"f\", \"clean_session\": true, \"subscriptions\": [{\"pattern\": \"a\","
      " \"qos\": 1, \"topic\": \"b\"}]}",
      "unknown member “topic” in subscription 1" },
    { "{\"format\": \"twin-studio-feed\", \"version\": 1, \"name\": \"f\", \"clean_session\": true, \"subscriptions\": [{\"pattern\": \"a\","
      " \"qos\": 3}]}",
      "QoS 3" },
    { "{\"format\": \"twin-studio-feed\", \"version\": 1, \"name\": \"f\", \"clean_session\": true, \"subscriptions\": []}", "no topic" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (TwinFeedConfig) config = twin_feed_config_new_from_json (cases[i].json, &error);

      if (config != NULL)
        g_error ("%s was read", cases[i].json);
      g_assert_error (error, TWIN_PAYLOAD_ERROR, TWIN_PAYLOAD_ERROR_FORMAT);
      if (strstr (error->message, cases[i].reason) == NULL)
        g_error ("%s: “%s” does not say “%s”", cases[i].json, error->message, cases[i].reason);
    }
}

typedef void (*BreakFunc) (TwinFeedConfig *config);

static void
break_host (TwinFeedConfig *c)
{
  g_free (c->host);
  c->host = g_strdup ("");
}
static void
break_port (TwinFeedConfig *c)
{
  c->port = 70000;
}
static void
break_protocol (TwinFeedConfig *c)
{
  c->protocol = 4;
}
static void
break_keepalive (TwinFeedConfig *c)
{
  c->keepalive_s = 2;
}
static void
break_client_id (TwinFeedConfig *c)
{
  g_free (c->client_id);
  c->client_id = g_strdup ("");
}
static void
break_key (TwinFeedConfig *c)
{
  g_clear_pointer (&c->tls_key_file, g_free);
}
static void
break_ca (TwinFeedConfig *c)
{
  g_clear_pointer (&c->tls_ca_file, g_free);
}
static void
break_name (TwinFeedConfig *c)
{
  g_free (c->name);
  c->name = g_strdup ("two\nlines");
}
static void
break_duplicate (TwinFeedConfig *c)
{
  g_ptr_array_add (c->subscriptions,
                   twin_feed_subscription_new ("senml/#", 0, twin_payload_format_parse ("number", NULL)));
}
static void
break_hash (TwinFeedConfig *c)
{
  g_ptr_array_add (c->subscriptions, twin_feed_subscription_new ("a/b#", 0, twin_payload_format_parse ("number", NULL)));
}
static void
break_plus (TwinFeedConfig *c)
{
  g_ptr_array_add (c->subscriptions, twin_feed_subscription_new ("a/+b", 0, twin_payload_format_parse ("number", NULL)));
}
static void
break_empty_filter (TwinFeedConfig *c)
{
  g_ptr_array_add (c->subscriptions, twin_feed_subscription_new ("", 0, twin_payload_format_parse ("number", NULL)));
}
static void
break_qos (TwinFeedConfig *c)
{
  ((TwinFeedSubscription *) g_ptr_array_index (c->subscriptions, 0))->qos = -1;
}
static void
break_format (TwinFeedConfig *c)
{
  g_clear_pointer (&((TwinFeedSubscription *) g_ptr_array_index (c->subscriptions, 0))->format,
                   twin_payload_format_free);
}
static void
break_replay_speed (TwinFeedConfig *c)
{
  c->kind = TWIN_FEED_CSV_REPLAY;
  c->csv_path = g_strdup ("a.csv");
  c->speed = -1; /* 0 is allowed: as fast as it can */
}
static void
break_replay_path (TwinFeedConfig *c)
{
  c->kind = TWIN_FEED_CSV_REPLAY;
}

static void
test_validate (void)
{
  static const struct
  {
    BreakFunc   func;
    const char *reason;
  } cases[] = {
    { break_host, "host" },
    { break_port, "port 70000" },
    { break_protocol, "protocol 4" },
    { break_keepalive, "keep-alive of 2 s" },
    { break_client_id, "fixed client id" },
    { break_key, "needs its key" },
    { break_ca, "CA file" },
    { break_name, "its name" },
    { break_duplicate, "“senml/#” twice" },
    { break_hash, "“a/b#” is invalid" },
    { break_plus, "“a/+b” is invalid" },
    { break_empty_filter, "empty" },
    { break_qos, "QoS -1" },
    { break_format, "no payload format" },
    { break_replay_speed, "speed" },
    { break_replay_path, "file to play" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (TwinFeedConfig) config = make_full_config ();
      g_autoptr (GError) error = NULL;

      g_assert_true (twin_feed_config_validate (config, NULL));
      cases[i].func (config);
      g_assert_false (twin_feed_config_validate (config, &error));
      g_assert_error (error, TWIN_PAYLOAD_ERROR, TWIN_PAYLOAD_ERROR_FORMAT);
      if (strstr (error->message, cases[i].reason) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i].reason);
      if (cases[i].func != break_name)
        g_assert_nonnull (strstr (error->message, "site “broker” 1"));
    }

  /* A clean session needs no client id. */
  {
    g_autoptr (TwinFeedConfig) config = make_full_config ();

    break_client_id (config);
    config->clean_session = TRUE;
    g_assert_true (twin_feed_config_validate (config, NULL));
  }
}

static void
test_topic_matches (void)
{
  static const struct
  {
    const char *pattern;
    const char *topic;
    gboolean    matches;
  } cases[] = {
    { "a/b", "a/b", TRUE },
    { "a/b", "a/bc", FALSE },
    { "a/b", "a", FALSE },
    { "a", "a/b", FALSE },
    { "a/b", "A/b", FALSE },
    { "#", "a/b/c", TRUE },
    { "#", "/", TRUE },
    { "a/#", "a", TRUE },
    { "a/#", "a/b/c", TRUE },
    { "a/#", "ab", FALSE },
    { "a/#", "b/a", FALSE },
    { "+", "a", TRUE },
    { "+", "a/b", FALSE },
    { "+", "", TRUE },
    { "+/+", "/a", TRUE },
    { "a/+/c", "a/b/c", TRUE },
    { "a/+/c", "a//c", TRUE },
    { "a/+/c", "a/b/d", FALSE },
    { "a/+/c", "a/b/c/d", FALSE },
    { "a/+", "a/", TRUE },
    { "a/+", "a", FALSE },
    { "+/#", "a", TRUE },
    { "+/b/#", "a/b", TRUE },
    { "#", "$SYS/uptime", FALSE },
    { "+/uptime", "$SYS/uptime", FALSE },
    { "$SYS/#", "$SYS/uptime", TRUE },
    { "plant/+/temp", "plant/room 1/temp", TRUE },
    { "plant/+/temp", "plant/room/1/temp", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    if (twin_feed_topic_matches (cases[i].pattern, cases[i].topic) != cases[i].matches)
      g_error ("“%s” %s “%s”", cases[i].pattern, cases[i].matches ? "should match" : "should not match",
               cases[i].topic);
}

static void
test_env_password (void)
{
  g_autoptr (TwinFeedConfig) config = twin_feed_config_new ("Site broker-2", TWIN_FEED_MQTT);
  g_autofree char *password = NULL;

  g_unsetenv ("TWIN_FEED_PASSWORD");
  g_unsetenv ("TWIN_FEED_PASSWORD_SITE_BROKER_2");
  password = twin_feed_config_dup_env_password (config);
  g_assert_null (password);

  g_setenv ("TWIN_FEED_PASSWORD", "general", TRUE);
  password = twin_feed_config_dup_env_password (config);
  g_assert_cmpstr (password, ==, "general");
  g_clear_pointer (&password, g_free);

  g_setenv ("TWIN_FEED_PASSWORD_SITE_BROKER_2", "specific", TRUE);
  password = twin_feed_config_dup_env_password (config);
  g_assert_cmpstr (password, ==, "specific");
  g_unsetenv ("TWIN_FEED_PASSWORD");
  g_unsetenv ("TWIN_FEED_PASSWORD_SITE_BROKER_2");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/feeds/config/defaults", test_defaults);
  g_test_add_func ("/core/feeds/config/round-trip", test_round_trip);
  g_test_add_func ("/core/feeds/config/locale", test_locale);
  g_test_add_func ("/core/feeds/config/json-errors", test_json_errors);
  g_test_add_func ("/core/feeds/config/validate", test_validate);
  g_test_add_func ("/core/feeds/config/topic-matches", test_topic_matches);
  g_test_add_func ("/core/feeds/config/env-password", test_env_password);

  return g_test_run ();
}
