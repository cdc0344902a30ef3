/* twin-cli-feed.c: `twinctl feed add|list|remove`, which manages a project's live feeds (MQTT brokers and topics).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   twinctl feed add FILE --name N --broker HOST[:PORT] --topic PATTERN … [--qos N]
 *                         [--payload number|json:PATH[@TIME-PATH]|senml] [--client-id ID]
 *                         [--user U] [--tls-ca F] [--tls-cert F --tls-key F] [--protocol 311|5]
 *                         [--keepalive S] [--clean-session]
 *   twinctl feed list FILE [--json]
 *   twinctl feed remove FILE NAME
 *
 * --topic may be repeated; --qos and --payload apply to every topic of the
 * command. A password is never stored: `twinctl record` reads it from
 * TWIN_FEED_PASSWORD_<NAME> or TWIN_FEED_PASSWORD. docs/feeds.md has the
 * details.
 */

#define G_LOG_DOMAIN "twinctl"

#include "config.h"

#include "twin-cli.h"

#include "feeds/twin-feed-store.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include <string.h>

#define DEFAULT_PORT 1883
#define DEFAULT_TLS_PORT 8883

/* "host", "host:port", "[v6]:port"; port 0 when none is given. */
static gboolean
parse_broker (const char *text,
              char      **host,
              int        *port,
              GError    **error)
{
  const char *colon;
  guint64     value = 0;

  if (text[0] == '[')
    {
      const char *end = strchr (text, ']');

      if (end == NULL || end == text + 1 || (end[1] != '\0' && end[1] != ':'))
        goto bad;
      *host = g_strndup (text + 1, (gsize) (end - text - 1));
      colon = end[1] == ':' ? end + 1 : NULL;
    }
  else
    {
      colon = strrchr (text, ':');
      if (colon != NULL && strchr (text, ':') != colon)
        goto bad; /* a bare IPv6 address needs brackets */
      *host = colon != NULL ? g_strndup (text, (gsize) (colon - text)) : g_strdup (text);
    }
  if (**host == '\0')
    goto bad;
  *port = 0;
  if (colon != NULL)
    {
      if (!g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &value, NULL))
        goto bad;
      *port = (int) value;
    }
  return TRUE;

bad:
  g_clear_pointer (host, g_free);
  g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
               _ ("“%s” is not a broker address: give HOST or HOST:PORT (with a port from 1 to 65535), such as "
                  "localhost:1883 or [::1]:1883."),
               text);
  return FALSE;
}

static void
warn_missing_file (const char *what,
                   const char *path)
{
  g_autofree char *message = NULL;

  if (path == NULL || g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return;
  /* TRANSLATORS: %s are what the file is ("TLS CA file") and its path. */
  message = g_strdup_printf (_ ("The %s “%s” does not exist yet; the feed will not connect until it does."), what,
                             path);
  twin_cli_print_warning (message);
}

/* `feed add FILE --name N --csv CSV [--speed X]`: a CSV replay feed (docs/feeds.md). */
static gboolean
feed_add_csv (char     ***args,
              const char *name,
              const char *csv,
              const char *speed,
              GError    **error)
{
  g_autoptr (TwinFeedStore) store = NULL;
  g_autoptr (TwinFeedConfig) config = twin_feed_config_new (name, TWIN_FEED_CSV_REPLAY);
  g_autoptr (TwinFeedConfig) existing = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *display = twin_cli_display_name ((*args)[1]);
  g_autofree char *shown_speed = NULL;

  config->csv_path = g_canonicalize_filename (csv, NULL);
  if (speed != NULL)
    {
      char *end = NULL;

      config->speed = g_ascii_strtod (speed, &end);
      if (speed[0] == '\0' || *end != '\0')
        config->speed = NAN;
    }
  if (!twin_feed_config_validate (config, &local_error))
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, local_error->message);
      return FALSE;
    }
  store = twin_feed_store_open ((*args)[1], FALSE, error);
  if (store == NULL)
    return FALSE;
  existing = twin_feed_store_load_feed (store, name, &local_error);
  if (existing != NULL)
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED,
                   _ ("“%s” already has a feed named “%s”; remove it first (twinctl feed remove)."), display, name);
      return FALSE;
    }
  if (!g_error_matches (local_error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!twin_feed_store_save_feed (store, config, error))
    return FALSE;
  warn_missing_file (_ ("CSV file"), config->csv_path);
  shown_speed = twin_format_number (config->speed);
  /* TRANSLATORS: %s are a feed's name, a project file, a CSV file and the replay speed (1 = real time). */
  g_print (_ ("Added the CSV replay feed “%s” to “%s”: %s at %s×.\n"), config->name, display, config->csv_path,
           shown_speed);
  return TRUE;
}

static gboolean
feed_add (char  ***args,
          GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinFeedStore) store = NULL;
  g_autoptr (TwinFeedConfig) config = NULL;
  g_autoptr (TwinFeedConfig) existing = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (TwinPayloadFormat) format = NULL;
  g_auto (GStrv) topics = NULL;
  g_autofree char   *name = NULL;
  g_autofree char   *broker = NULL;
  g_autofree char   *payload = NULL;
  g_autofree char   *client_id = NULL;
  g_autofree char   *user = NULL;
  g_autofree char   *tls_ca = NULL;
  g_autofree char   *tls_cert = NULL;
  g_autofree char   *tls_key = NULL;
  g_autofree char   *host = NULL;
  g_autofree char   *display = NULL;
  g_autofree char   *csv = NULL;
  g_autofree char   *speed = NULL;
  int                qos = 1;
  int                protocol = 311;
  int                keepalive_s = 60;
  int                port = 0;
  gboolean           clean_session = FALSE;
  const char        *names[] = { "FILE" };
  const GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, N_ ("The feed’s name, unique in the project"), N_ ("NAME") },
    { "broker", 'b', 0, G_OPTION_ARG_STRING, &broker, N_ ("The MQTT broker (port 1883, or 8883 with TLS)"),
      N_ ("HOST[:PORT]") },
    { "topic", 't', 0, G_OPTION_ARG_STRING_ARRAY, &topics, N_ ("A topic filter with + and # (repeat for more)"),
      N_ ("PATTERN") },
    { "qos", 'q', 0, G_OPTION_ARG_INT, &qos, N_ ("The QoS of the subscriptions: 0, 1 (default) or 2"), N_ ("N") },
    { "payload", 'p', 0, G_OPTION_ARG_STRING, &payload,
      N_ ("How payloads are read: number (default), json:PATH[@TIME-PATH] or senml"), N_ ("FORMAT") },
    { "client-id", 'c', 0, G_OPTION_ARG_STRING, &client_id,
      N_ ("A fixed MQTT client id (default: one generated now and kept)"), N_ ("ID") },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user,
      N_ ("The user name; the password comes from TWIN_FEED_PASSWORD and is never stored"), N_ ("USER") },
    { "tls-ca", 0, 0, G_OPTION_ARG_FILENAME, &tls_ca, N_ ("Use TLS, trusting the CAs in this file"), N_ ("FILE") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, N_ ("A client certificate (with --tls-key)"), N_ ("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, N_ ("The client certificate’s key"), N_ ("FILE") },
    { "protocol", 0, 0, G_OPTION_ARG_INT, &protocol, N_ ("The MQTT version: 311 (default) or 5"), N_ ("VERSION") },
    { "keepalive", 0, 0, G_OPTION_ARG_INT, &keepalive_s, N_ ("The keep-alive interval in seconds (default 60)"),
      N_ ("SECONDS") },
    { "clean-session", 0, 0, G_OPTION_ARG_NONE, &clean_session,
      N_ ("Do not keep the session on the broker (messages sent while away are lost)"), NULL },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, N_ ("A CSV replay instead: play this CSV file as if it were live"),
      N_ ("FILE") },
    { "speed", 0, 0, G_OPTION_ARG_STRING, &speed, N_ ("The CSV replay’s speed (1 = real time, default; 0 = as fast as it can)"), N_ ("X") },
    { NULL },
  };

  context = twin_cli_context_new (_ ("FILE"),
                                  _ ("Add a live MQTT feed to the project file FILE: a broker and the topics to "
                                     "record. --qos and --payload apply to every --topic. The password is never "
                                     "stored. With --name and --csv (and --speed) it adds a CSV replay instead; "
                                     "see docs/feeds.md."),
                                  entries);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;
  if (name != NULL && csv != NULL)
    return feed_add_csv (args, name, csv, speed, error);
  if (name == NULL || broker == NULL || topics == NULL || topics[0] == NULL)
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                           _ ("feed add needs --name, --broker and at least one --topic; see twinctl feed add --help"));
      return FALSE;
    }
  if (!parse_broker (broker, &host, &port, error))
    return FALSE;
  format = twin_payload_format_parse (payload != NULL ? payload : "number", &local_error);
  if (format == NULL)
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, local_error->message);
      return FALSE;
    }

  config = twin_feed_config_new (name, TWIN_FEED_MQTT);
  g_free (config->host);
  config->host = g_steal_pointer (&host);
  config->port = port != 0 ? port : tls_ca != NULL ? DEFAULT_TLS_PORT
                                                   : DEFAULT_PORT;
  if (client_id != NULL)
    {
      g_free (config->client_id);
      config->client_id = g_steal_pointer (&client_id);
    }
  config->username = g_steal_pointer (&user);
  config->protocol = protocol;
  config->keepalive_s = keepalive_s;
  config->clean_session = clean_session;
  config->tls_ca_file = g_steal_pointer (&tls_ca);
  config->tls_cert_file = g_steal_pointer (&tls_cert);
  config->tls_key_file = g_steal_pointer (&tls_key);
  for (guint i = 0; topics[i] != NULL; i++)
    {
      TwinPayloadFormat *copy = twin_payload_format_parse (payload != NULL ? payload : "number", NULL);

      g_ptr_array_add (config->subscriptions, twin_feed_subscription_new (topics[i], qos, copy));
    }
  if (!twin_feed_config_validate (config, &local_error))
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, local_error->message);
      return FALSE;
    }

  display = twin_cli_display_name ((*args)[1]);
  store = twin_feed_store_open ((*args)[1], FALSE, error);
  if (store == NULL)
    return FALSE;
  existing = twin_feed_store_load_feed (store, name, &local_error);
  if (existing != NULL)
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED,
                   _ ("“%s” already has a feed named “%s”; remove it first (twinctl feed remove)."), display, name);
      return FALSE;
    }
  if (!g_error_matches (local_error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!twin_feed_store_save_feed (store, config, error))
    return FALSE;
  warn_missing_file (_ ("TLS CA file"), config->tls_ca_file);
  warn_missing_file (_ ("client certificate"), config->tls_cert_file);
  warn_missing_file (_ ("client key"), config->tls_key_file);
  /* TRANSLATORS: %s are a feed's name, a project file, a broker host; %d its port; %u a count of topics. */
  g_print (g_dngettext (GETTEXT_PACKAGE, "Added the feed “%s” to “%s”: broker %s:%d, %u topic, client id %s.\n",
                        "Added the feed “%s” to “%s”: broker %s:%d, %u topics, client id %s.\n",
                        config->subscriptions->len),
           config->name, display, config->host, config->port, config->subscriptions->len, config->client_id);
  return TRUE;
}

static void
append_feed_text (GString              *text,
                  const TwinFeedConfig *config)
{
  g_string_append_printf (text, "%s\n", config->name);
  if (config->kind == TWIN_FEED_CSV_REPLAY)
    {
      g_autofree char *speed = twin_format_number (config->speed);

      /* TRANSLATORS: a CSV replay feed: its file and speed (1 = real time). */
      g_string_append_printf (text, _ ("  CSV replay: %s at %s×\n"), config->csv_path, speed);
      return;
    }
  g_string_append_printf (text, _ ("  Broker: %s:%d, MQTT %s%s\n"), config->host, config->port,
                          config->protocol == 5 ? "5" : "3.1.1", config->tls_ca_file != NULL ? _ (", TLS") : "");
  g_string_append_printf (text, _ ("  Client id: %s, %s, keep-alive %d s\n"),
                          config->client_id != NULL && *config->client_id != '\0' ? config->client_id : _ ("(generated)"),
                          config->clean_session ? _ ("clean session") : _ ("session kept on the broker"),
                          config->keepalive_s);
  if (config->username != NULL)
    g_string_append_printf (text, _ ("  User: %s (password from the environment)\n"), config->username);
  if (config->tls_ca_file != NULL)
    g_string_append_printf (text, _ ("  TLS CA file: %s\n"), config->tls_ca_file);
  if (config->tls_cert_file != NULL)
    g_string_append_printf (text, _ ("  Client certificate: %s, key %s\n"), config->tls_cert_file,
                            config->tls_key_file);
  for (guint i = 0; i < config->subscriptions->len; i++)
    {
      const TwinFeedSubscription *subscription = g_ptr_array_index (config->subscriptions, i);
      g_autofree char            *format = twin_payload_format_to_string (subscription->format);

      /* TRANSLATORS: a subscription: its topic filter, QoS and payload format. */
      g_string_append_printf (text, _ ("  Topic: %s (QoS %d, %s)\n"), subscription->pattern, subscription->qos,
                              format);
    }
}

static JsonNode *
binding_to_node (const TwinTopicBinding *binding)
{
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "topic");
  json_builder_add_string_value (builder, binding->topic);
  json_builder_set_member_name (builder, "entity_path");
  json_builder_add_string_value (builder, binding->entity_path);
  json_builder_set_member_name (builder, "property");
  json_builder_add_string_value (builder, binding->property);
  json_builder_set_member_name (builder, "unit");
  if (binding->unit != NULL)
    json_builder_add_string_value (builder, binding->unit);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "scale");
  json_builder_add_double_value (builder, binding->scale);
  json_builder_set_member_name (builder, "offset");
  json_builder_add_double_value (builder, binding->offset);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
feed_list (char  ***args,
           GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinFeedStore) store = NULL;
  g_autoptr (GPtrArray) feeds = NULL;
  g_autoptr (GPtrArray) bindings = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  gboolean           as_json = FALSE;
  const char        *names[] = { "FILE" };
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_ ("Print the feeds and bindings as JSON"), NULL },
    { NULL },
  };

  context = twin_cli_context_new (_ ("FILE"),
                                  _ ("List the live feeds of the project file FILE (broker, session, TLS, topics) "
                                     "and its topic bindings. The file is opened read-only."),
                                  entries);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;

  store = twin_feed_store_open ((*args)[1], TRUE, error);
  if (store == NULL)
    return FALSE;
  feeds = twin_feed_store_list_feeds (store, error);
  if (feeds == NULL)
    return FALSE;
  bindings = twin_feed_store_list_bindings (store, error);
  if (bindings == NULL)
    return FALSE;

  if (as_json)
    {
      g_autoptr (JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      g_autoptr (JsonObject) object = json_object_new ();
      g_autoptr (JsonGenerator) generator = json_generator_new ();
      JsonArray       *feed_array = json_array_new ();
      JsonArray       *binding_array = json_array_new ();
      g_autofree char *out = NULL;

      for (guint i = 0; i < feeds->len; i++)
        {
          g_autofree char *json = twin_feed_config_to_json (g_ptr_array_index (feeds, i));
          JsonNode        *node = json_from_string (json, error);

          if (node == NULL)
            {
              json_array_unref (feed_array);
              json_array_unref (binding_array);
              return FALSE;
            }
          json_array_add_element (feed_array, node);
        }
      for (guint i = 0; i < bindings->len; i++)
        json_array_add_element (binding_array, binding_to_node (g_ptr_array_index (bindings, i)));
      json_object_set_array_member (object, "feeds", feed_array);
      json_object_set_array_member (object, "bindings", binding_array);
      json_node_set_object (root, object);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      json_generator_set_indent (generator, 2);
      out = json_generator_to_data (generator, NULL);
      g_string_append_printf (text, "%s\n", out);
      return twin_cli_write_stdout (text->str, (gssize) text->len, error);
    }

  for (guint i = 0; i < feeds->len; i++)
    append_feed_text (text, g_ptr_array_index (feeds, i));
  if (feeds->len == 0)
    g_string_append (text, _ ("No feeds.\n"));
  if (bindings->len > 0)
    g_string_append (text, _ ("Topic bindings:\n"));
  for (guint i = 0; i < bindings->len; i++)
    {
      const TwinTopicBinding *binding = g_ptr_array_index (bindings, i);
      g_autofree char        *scale = twin_format_number (binding->scale);
      g_autofree char        *offset = twin_format_number (binding->offset);

      g_string_append_printf (text, "  %s → %s.%s", binding->topic, binding->entity_path, binding->property);
      if (binding->unit != NULL)
        g_string_append_printf (text, _ (", in %s"), binding->unit);
      if (binding->scale != 1.0 || binding->offset != 0.0)
        g_string_append_printf (text, _ (", × %s + %s"), scale, offset);
      g_string_append_c (text, '\n');
    }
  return twin_cli_write_stdout (text->str, (gssize) text->len, error);
}

static gboolean
feed_remove (char  ***args,
             GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinFeedStore) store = NULL;
  g_autofree char *display = NULL;
  const char      *names[] = { "FILE", "NAME" };

  context = twin_cli_context_new (_ ("FILE NAME"),
                                  _ ("Remove the feed NAME from the project file FILE. What it recorded stays in "
                                     "the history, and topic bindings stay."),
                                  NULL);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;

  store = twin_feed_store_open ((*args)[1], FALSE, error);
  if (store == NULL || !twin_feed_store_delete_feed (store, (*args)[2], error))
    return FALSE;
  display = twin_cli_display_name ((*args)[1]);
  g_print (_ ("Removed the feed “%s” from “%s”.\n"), (*args)[2], display);
  return TRUE;
}

static const struct
{
  const char        *name;
  const char        *summary;
  TwinCliCommandFunc run;
} subcommands[] = {
  { "add", N_ ("Add an MQTT feed: broker, topics, payload format"), feed_add },
  { "list", N_ ("List the feeds and topic bindings"), feed_list },
  { "remove", N_ ("Remove a feed (its history stays)"), feed_remove },
};

static void
print_help (void)
{
  g_print ("%s\n\n", _ ("Usage: twinctl feed COMMAND [OPTION…] FILE …"));
  g_print ("%s\n\n", _ ("Manage a project’s live feeds."));
  g_print ("%s\n", _ ("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    g_print ("  %-8s %s\n", subcommands[i].name, _ (subcommands[i].summary));
  g_print ("\n%s\n", _ ("Run “twinctl feed COMMAND --help” for the options of a command."));
}

gboolean
twin_cli_feed (char  ***args,
               GError **error)
{
  const char *name = (*args)[1];

  if (name == NULL)
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, _ ("Missing feed command: add, list or remove."));
      return FALSE;
    }
  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      print_help ();
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    {
      if (g_str_equal (subcommands[i].name, name))
        {
          g_auto (GStrv) sub_args = g_strdupv (*args + 1);

          g_free (sub_args[0]);
          sub_args[0] = g_strdup_printf ("%s %s", (*args)[0], name);
          return subcommands[i].run (&sub_args, error);
        }
    }
  g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, _ ("Unknown feed command “%s”: use add, list or remove."),
               name);
  return FALSE;
}
