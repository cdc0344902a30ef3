/* twin-feed-config.c: a feed's settings (broker, session, TLS, subscriptions), their JSON form and topic matching.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JSON form ("format": "twin-studio-feed", "version": 1) is the one
 * docs/feeds.md describes and the feed table of the project stores. It is
 * written in a fixed member order with numbers in their shortest
 * round-trip form, so the same settings always give the same text.
 * Reading is strict: an unknown member or a wrong type is an error naming
 * the member, and a "password" member is refused outright, since a
 * password is never stored in a project.
 *
 * Errors are in the TWIN_PAYLOAD_ERROR domain with code
 * TWIN_PAYLOAD_ERROR_FORMAT (the settings are not a valid feed).
 */

#define G_LOG_DOMAIN "twin-feeds"

#include "config.h"

#include "twin-feed-config.h"

#include "model/twin-parameter.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include <math.h>
#include <string.h>

#define FEED_FORMAT "twin-studio-feed"
#define FEED_VERSION 1
#define DEFAULT_MQTT_PORT 1883
#define DEFAULT_KEEPALIVE_S 60
#define MIN_KEEPALIVE_S 5 /* libmosquitto's lower bound */
#define MAX_NAME_CHARS 200
#define MAX_TOPIC_BYTES 65535

static const char *const kind_names[] = {
  [TWIN_FEED_MQTT] = "mqtt",
  [TWIN_FEED_CSV_REPLAY] = "csv-replay",
};

G_GNUC_PRINTF (3, 4)
static void
set_feed_error (GError    **error,
                const char *feed,
                const char *format,
                ...)
{
  g_autofree char *detail = NULL;
  va_list          args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  if (feed != NULL && *feed != '\0')
    /* TRANSLATORS: %s are a feed's name and a sentence saying what is wrong. */
    g_set_error (error, TWIN_PAYLOAD_ERROR, TWIN_PAYLOAD_ERROR_FORMAT, _ ("The feed “%s” is invalid: %s"), feed,
                 detail);
  else
    /* TRANSLATORS: %s is a sentence saying what is wrong. */
    g_set_error (error, TWIN_PAYLOAD_ERROR, TWIN_PAYLOAD_ERROR_FORMAT, _ ("The feed is invalid: %s"), detail);
}

static char *
dup_generated_client_id (void)
{
  return g_strdup_printf ("twin-studio-%08x", g_random_int ());
}

/**
 * twin_feed_config_new:
 * @name: the feed's name, unique in the project
 * @kind: MQTT or CSV replay
 *
 * New settings with the defaults: localhost:1883, MQTT 3.1.1, a fixed
 * generated client id ("twin-studio-" and 8 hex digits) with the session
 * kept on the broker, keep-alive 60 s, no TLS, no subscriptions, speed 1.
 *
 * Returns: (transfer full): the settings
 */
TwinFeedConfig *
twin_feed_config_new (const char  *name,
                      TwinFeedKind kind)
{
  TwinFeedConfig *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_new0 (TwinFeedConfig, 1);
  self->name = g_strdup (name);
  self->kind = kind;
  self->host = g_strdup ("localhost");
  self->port = DEFAULT_MQTT_PORT;
  self->client_id = dup_generated_client_id ();
  self->protocol = 311;
  self->clean_session = FALSE;
  self->keepalive_s = DEFAULT_KEEPALIVE_S;
  self->subscriptions = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_feed_subscription_free);
  self->speed = 1.0;
  return self;
}

static TwinPayloadFormat *
format_copy (const TwinPayloadFormat *format)
{
  TwinPayloadFormat *copy;

  if (format == NULL)
    return NULL;
  copy = g_new0 (TwinPayloadFormat, 1);
  copy->kind = format->kind;
  copy->value_path = g_strdup (format->value_path);
  copy->time_path = g_strdup (format->time_path);
  return copy;
}

/**
 * twin_feed_config_copy:
 * @self: settings
 *
 * Returns: (transfer full): a deep copy
 */
TwinFeedConfig *
twin_feed_config_copy (const TwinFeedConfig *self)
{
  TwinFeedConfig *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (TwinFeedConfig, 1);
  copy->name = g_strdup (self->name);
  copy->kind = self->kind;
  copy->host = g_strdup (self->host);
  copy->port = self->port;
  copy->client_id = g_strdup (self->client_id);
  copy->username = g_strdup (self->username);
  copy->protocol = self->protocol;
  copy->clean_session = self->clean_session;
  copy->keepalive_s = self->keepalive_s;
  copy->tls_ca_file = g_strdup (self->tls_ca_file);
  copy->tls_cert_file = g_strdup (self->tls_cert_file);
  copy->tls_key_file = g_strdup (self->tls_key_file);
  copy->subscriptions = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_feed_subscription_free);
  for (guint i = 0; self->subscriptions != NULL && i < self->subscriptions->len; i++)
    {
      const TwinFeedSubscription *subscription = g_ptr_array_index (self->subscriptions, i);

      g_ptr_array_add (copy->subscriptions, twin_feed_subscription_new (subscription->pattern, subscription->qos,
                                                                        format_copy (subscription->format)));
    }
  copy->csv_path = g_strdup (self->csv_path);
  copy->speed = self->speed;
  return copy;
}

/**
 * twin_feed_config_free:
 * @self: (nullable): settings
 */
void
twin_feed_config_free (TwinFeedConfig *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->host);
  g_free (self->client_id);
  g_free (self->username);
  g_free (self->tls_ca_file);
  g_free (self->tls_cert_file);
  g_free (self->tls_key_file);
  g_clear_pointer (&self->subscriptions, g_ptr_array_unref);
  g_free (self->csv_path);
  g_free (self);
}

static gboolean
is_nonempty (const char *text)
{
  return text != NULL && *text != '\0';
}

/* Text without control characters (a name shown on one line). */
static gboolean
is_plain_text (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* An MQTT topic filter (MQTT 3.1.1 §4.7): '#' alone in the last level, '+' alone in a level. */
static const char *
check_filter (const char *pattern)
{
  gsize length = strlen (pattern);

  if (length == 0)
    return _ ("the topic filter is empty");
  if (length > MAX_TOPIC_BYTES || !g_utf8_validate (pattern, -1, NULL))
    return _ ("the topic filter is not UTF-8 text of at most 65535 bytes");
  for (const char *p = pattern; *p != '\0'; p++)
    {
      gboolean level_start = p == pattern || p[-1] == '/';
      gboolean level_end = p[1] == '\0' || p[1] == '/';

      if (*p == '#' && (!level_start || p[1] != '\0'))
        return _ ("“#” must be a whole level at the end of the topic filter");
      if (*p == '+' && (!level_start || !level_end))
        return _ ("“+” must be a whole level of the topic filter");
    }
  return NULL;
}

/**
 * twin_feed_config_validate:
 * @self: settings
 * @error: return location for a #GError naming the feed and the setting
 *
 * Checks the settings as a whole: a name; for MQTT a host, a port, protocol
 * 311 or 5, a keep-alive of 5 to 65535 s, a client id when the session is
 * kept, a CA file when a client certificate is given (and both certificate
 * and key), at least one subscription, each a valid topic filter given once
 * with QoS 0 to 2 and a payload format; for CSV replay a file and a finite
 * speed of 0 (as fast as it can) or above. Files are not opened here.
 *
 * Returns: %TRUE if the settings can be used
 */
gboolean
twin_feed_config_validate (const TwinFeedConfig *self,
                           GError              **error)
{
  g_autoptr (GHashTable) patterns = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!is_nonempty (self->name) || !is_plain_text (self->name) || g_utf8_strlen (self->name, -1) > MAX_NAME_CHARS)
    {
      set_feed_error (error, NULL, _ ("its name must be non-empty text of at most %d characters on one line."),
                      MAX_NAME_CHARS);
      return FALSE;
    }
  if (self->kind == TWIN_FEED_CSV_REPLAY)
    {
      if (!is_nonempty (self->csv_path))
        {
          set_feed_error (error, self->name, _ ("a CSV replay needs the file to play."));
          return FALSE;
        }
      if (!isfinite (self->speed) || self->speed < 0)
        {
          set_feed_error (error, self->name, _ ("the replay speed must be 0 (as fast as it can) or a number above 0."));
          return FALSE;
        }
      return TRUE;
    }
  if (self->kind != TWIN_FEED_MQTT)
    {
      set_feed_error (error, self->name, _ ("its kind is unknown."));
      return FALSE;
    }
  if (!is_nonempty (self->host) || !is_plain_text (self->host) || strchr (self->host, ' ') != NULL)
    {
      set_feed_error (error, self->name, _ ("the broker host is missing."));
      return FALSE;
    }
  if (self->port < 1 || self->port > 65535)
    {
      set_feed_error (error, self->name, _ ("the broker port %d is not between 1 and 65535."), self->port);
      return FALSE;
    }
  if (self->protocol != 311 && self->protocol != 5)
    {
      set_feed_error (error, self->name, _ ("the MQTT protocol %d is unknown: use 311 (MQTT 3.1.1) or 5."),
                      self->protocol);
      return FALSE;
    }
  if (self->keepalive_s < MIN_KEEPALIVE_S || self->keepalive_s > 65535)
    {
      set_feed_error (error, self->name, _ ("the keep-alive of %d s is not between %d and 65535 s."),
                      self->keepalive_s, MIN_KEEPALIVE_S);
      return FALSE;
    }
  if (self->client_id != NULL && (!is_plain_text (self->client_id) || strlen (self->client_id) > 65535))
    {
      set_feed_error (error, self->name, _ ("the client id must be text on one line."));
      return FALSE;
    }
  if (!self->clean_session && !is_nonempty (self->client_id))
    {
      set_feed_error (error, self->name,
                      _ ("a session kept on the broker needs a fixed client id; give one or turn clean session on."));
      return FALSE;
    }
  if (self->username != NULL && !is_plain_text (self->username))
    {
      set_feed_error (error, self->name, _ ("the user name must be text on one line."));
      return FALSE;
    }
  if (is_nonempty (self->tls_cert_file) != is_nonempty (self->tls_key_file))
    {
      set_feed_error (error, self->name, _ ("a client certificate needs its key, and a key its certificate."));
      return FALSE;
    }
  if (is_nonempty (self->tls_cert_file) && !is_nonempty (self->tls_ca_file))
    {
      set_feed_error (error, self->name, _ ("a client certificate needs TLS, which needs the CA file."));
      return FALSE;
    }
  if (self->subscriptions == NULL || self->subscriptions->len == 0)
    {
      set_feed_error (error, self->name, _ ("it subscribes to no topic."));
      return FALSE;
    }
  patterns = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < self->subscriptions->len; i++)
    {
      const TwinFeedSubscription *subscription = g_ptr_array_index (self->subscriptions, i);
      const char                 *reason;

      if (subscription->pattern == NULL)
        {
          set_feed_error (error, self->name, _ ("a subscription has no topic filter."));
          return FALSE;
        }
      reason = check_filter (subscription->pattern);
      if (reason != NULL)
        {
          /* TRANSLATORS: %s are a topic filter and the reason it is invalid. */
          set_feed_error (error, self->name, _ ("the topic filter “%s” is invalid: %s."), subscription->pattern,
                          reason);
          return FALSE;
        }
      if (!g_hash_table_add (patterns, subscription->pattern))
        {
          set_feed_error (error, self->name, _ ("it subscribes to “%s” twice."), subscription->pattern);
          return FALSE;
        }
      if (subscription->qos < 0 || subscription->qos > 2)
        {
          set_feed_error (error, self->name, _ ("the QoS %d of “%s” is not 0, 1 or 2."), subscription->qos,
                          subscription->pattern);
          return FALSE;
        }
      if (subscription->format == NULL)
        {
          set_feed_error (error, self->name, _ ("“%s” has no payload format."), subscription->pattern);
          return FALSE;
        }
    }
  return TRUE;
}

/* JSON writing. */

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_autoptr (JsonNode) node = json_node_init_string (json_node_alloc (), text != NULL ? text : "");
  g_autofree char *quoted = json_to_string (node, FALSE);

  g_string_append (out, quoted);
}

static void
append_member_string (GString    *out,
                      const char *key,
                      const char *value)
{
  if (value == NULL)
    return;
  g_string_append_printf (out, ",\n  \"%s\": ", key);
  append_json_string (out, value);
}

/**
 * twin_feed_config_to_json:
 * @self: settings
 *
 * Writes the settings in their JSON form: always the same text for the
 * same settings. Unset optional members (user name, TLS files, CSV file)
 * are left out; there is never a password.
 *
 * Returns: (transfer full): the JSON text, ending in a newline
 */
char *
twin_feed_config_to_json (const TwinFeedConfig *self)
{
  GString         *out;
  g_autofree char *speed = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new ("{\n  \"format\": \"" FEED_FORMAT "\"");
  g_string_append_printf (out, ",\n  \"version\": %d", FEED_VERSION);
  append_member_string (out, "name", self->name);
  append_member_string (out, "kind", kind_names[self->kind]);
  append_member_string (out, "host", self->host != NULL ? self->host : "");
  g_string_append_printf (out, ",\n  \"port\": %d", self->port);
  append_member_string (out, "client_id", self->client_id != NULL ? self->client_id : "");
  append_member_string (out, "username", self->username);
  g_string_append_printf (out, ",\n  \"protocol\": %d", self->protocol);
  g_string_append_printf (out, ",\n  \"clean_session\": %s", self->clean_session ? "true" : "false");
  g_string_append_printf (out, ",\n  \"keepalive_s\": %d", self->keepalive_s);
  append_member_string (out, "tls_ca_file", self->tls_ca_file);
  append_member_string (out, "tls_cert_file", self->tls_cert_file);
  append_member_string (out, "tls_key_file", self->tls_key_file);
  g_string_append (out, ",\n  \"subscriptions\": [");
  for (guint i = 0; self->subscriptions != NULL && i < self->subscriptions->len; i++)
    {
      const TwinFeedSubscription *subscription = g_ptr_array_index (self->subscriptions, i);
      g_autofree char            *format = subscription->format != NULL ? twin_payload_format_to_string (subscription->format) : g_strdup ("number");

      g_string_append (out, i > 0 ? ",\n    {" : "\n    {");
      g_string_append (out, "\"pattern\": ");
      append_json_string (out, subscription->pattern);
      g_string_append_printf (out, ", \"qos\": %d, \"payload\": ", subscription->qos);
      append_json_string (out, format);
      g_string_append (out, "}");
    }
  g_string_append (out, self->subscriptions != NULL && self->subscriptions->len > 0 ? "\n  ]" : "]");
  append_member_string (out, "csv_path", self->csv_path);
  speed = twin_format_number (self->speed);
  g_string_append_printf (out, ",\n  \"speed\": %s\n}\n", speed);
  return g_string_free (out, FALSE);
}

/* JSON reading. */

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_number (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_DOUBLE || type == G_TYPE_INT64;
}

static gboolean
check_members (JsonObject        *object,
               const char        *feed,
               const char        *where,
               const char *const *known,
               GError           **error)
{
  g_autoptr (GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (g_str_equal (name, "password"))
        {
          set_feed_error (error, feed,
                          _ ("a password is never stored in a project; give it in the environment "
                             "(TWIN_FEED_PASSWORD) instead."));
          return FALSE;
        }
      if (!g_strv_contains (known, name))
        {
          /* TRANSLATORS: %s are an unknown JSON member and where it was found. */
          set_feed_error (error, feed, _ ("unknown member “%s” in %s."), name, where);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
read_string (JsonObject *object,
             const char *feed,
             const char *key,
             gboolean    required,
             char      **value,
             GError    **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL && !required)
    return TRUE;
  if (!node_is_string (node))
    {
      set_feed_error (error, feed, _ ("“%s” must be text."), key);
      return FALSE;
    }
  g_free (*value);
  *value = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_int (JsonObject *object,
          const char *feed,
          const char *key,
          int        *value,
          GError    **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < G_MININT || json_node_get_int (node) > G_MAXINT)
    {
      set_feed_error (error, feed, _ ("“%s” must be a whole number."), key);
      return FALSE;
    }
  *value = (int) json_node_get_int (node);
  return TRUE;
}

static TwinFeedSubscription *
read_subscription (JsonNode   *node,
                   const char *feed,
                   guint       index,
                   GError    **error)
{
  static const char *const known[] = { "pattern", "qos", "payload", NULL };
  g_autofree char         *where = g_strdup_printf (_ ("subscription %u"), index + 1);
  g_autofree char         *pattern = NULL;
  g_autofree char         *payload = NULL;
  g_autoptr (GError) local_error = NULL;
  TwinPayloadFormat *format;
  JsonObject        *object;
  int                qos = 0;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_feed_error (error, feed, _ ("%s is not an object."), where);
      return NULL;
    }
  object = json_node_get_object (node);
  if (!check_members (object, feed, where, known, error) || !read_string (object, feed, "pattern", TRUE, &pattern, error) ||
      !read_int (object, feed, "qos", &qos, error) || !read_string (object, feed, "payload", FALSE, &payload, error))
    return NULL;
  format = twin_payload_format_parse (payload != NULL ? payload : "number", &local_error);
  if (format == NULL)
    {
      set_feed_error (error, feed, "%s", local_error->message);
      return NULL;
    }
  return twin_feed_subscription_new (pattern, qos, format);
}

/**
 * twin_feed_config_new_from_json:
 * @json: the JSON form (docs/feeds.md)
 * @error: return location for a #GError naming the feed and the member
 *
 * Reads settings strictly and validates them (twin_feed_config_validate()).
 * Members left out take the defaults of twin_feed_config_new(), except the
 * client id, which is then empty.
 *
 * Returns: (transfer full): the settings, or %NULL with @error set
 */
TwinFeedConfig *
twin_feed_config_new_from_json (const char *json,
                                GError    **error)
{
  static const char *const known[] = { "format", "version", "name", "kind", "host", "port", "client_id",
                                       "username", "protocol", "clean_session", "keepalive_s", "tls_ca_file",
                                       "tls_cert_file", "tls_key_file", "subscriptions", "csv_path", "speed", NULL };
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) local_error = NULL;
  g_autoptr (TwinFeedConfig) self = NULL;
  g_autofree char *name = NULL;
  g_autofree char *kind = NULL;
  JsonObject      *object;
  JsonNode        *node;
  JsonNode        *root;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      set_feed_error (error, NULL, _ ("it is not valid JSON: %s."), local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_feed_error (error, NULL, _ ("its JSON form must be an object."));
      return NULL;
    }
  object = json_node_get_object (root);
  node = json_object_get_member (object, "format");
  if (!node_is_string (node) || !g_str_equal (json_node_get_string (node), FEED_FORMAT))
    {
      set_feed_error (error, NULL, _ ("“format” must be “%s”."), FEED_FORMAT);
      return NULL;
    }
  node = json_object_get_member (object, "version");
  if (!node_is_number (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) != FEED_VERSION)
    {
      set_feed_error (error, NULL, _ ("“version” must be %d; a newer Twin Studio may have written it."),
                      FEED_VERSION);
      return NULL;
    }
  if (!read_string (object, NULL, "name", TRUE, &name, error))
    return NULL;
  if (!check_members (object, name, _ ("the feed"), known, error) ||
      !read_string (object, name, "kind", FALSE, &kind, error))
    return NULL;

  self = twin_feed_config_new (name, TWIN_FEED_MQTT);
  g_clear_pointer (&self->client_id, g_free);
  self->client_id = g_strdup ("");
  if (kind != NULL)
    {
      guint i;

      for (i = 0; i < G_N_ELEMENTS (kind_names); i++)
        if (g_str_equal (kind, kind_names[i]))
          break;
      if (i == G_N_ELEMENTS (kind_names))
        {
          set_feed_error (error, name, _ ("its kind “%s” is unknown: use mqtt or csv-replay."), kind);
          return NULL;
        }
      self->kind = i;
    }
  if (!read_string (object, name, "host", FALSE, &self->host, error) ||
      !read_int (object, name, "port", &self->port, error) ||
      !read_string (object, name, "client_id", FALSE, &self->client_id, error) ||
      !read_string (object, name, "username", FALSE, &self->username, error) ||
      !read_int (object, name, "protocol", &self->protocol, error) ||
      !read_int (object, name, "keepalive_s", &self->keepalive_s, error) ||
      !read_string (object, name, "tls_ca_file", FALSE, &self->tls_ca_file, error) ||
      !read_string (object, name, "tls_cert_file", FALSE, &self->tls_cert_file, error) ||
      !read_string (object, name, "tls_key_file", FALSE, &self->tls_key_file, error) ||
      !read_string (object, name, "csv_path", FALSE, &self->csv_path, error))
    return NULL;
  node = json_object_get_member (object, "clean_session");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          set_feed_error (error, name, _ ("“%s” must be true or false."), "clean_session");
          return NULL;
        }
      self->clean_session = json_node_get_boolean (node);
    }
  node = json_object_get_member (object, "speed");
  if (node != NULL)
    {
      if (!node_is_number (node))
        {
          set_feed_error (error, name, _ ("“%s” must be a number."), "speed");
          return NULL;
        }
      self->speed = json_node_get_value_type (node) == G_TYPE_INT64 ? (double) json_node_get_int (node) : json_node_get_double (node);
    }
  node = json_object_get_member (object, "subscriptions");
  if (node != NULL)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          set_feed_error (error, name, _ ("“%s” must be an array."), "subscriptions");
          return NULL;
        }
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          TwinFeedSubscription *subscription = read_subscription (json_array_get_element (array, i), name, i, error);

          if (subscription == NULL)
            return NULL;
          g_ptr_array_add (self->subscriptions, subscription);
        }
    }
  if (!twin_feed_config_validate (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * twin_feed_subscription_new:
 * @pattern: an MQTT topic filter
 * @qos: 0, 1 or 2
 * @format: (transfer full): how its payloads are read
 *
 * Returns: (transfer full): the subscription
 */
TwinFeedSubscription *
twin_feed_subscription_new (const char        *pattern,
                            int                qos,
                            TwinPayloadFormat *format)
{
  TwinFeedSubscription *subscription;

  g_return_val_if_fail (pattern != NULL, NULL);

  subscription = g_new0 (TwinFeedSubscription, 1);
  subscription->pattern = g_strdup (pattern);
  subscription->qos = qos;
  subscription->format = format;
  return subscription;
}

/**
 * twin_feed_subscription_free:
 * @subscription: (nullable): a subscription
 */
void
twin_feed_subscription_free (TwinFeedSubscription *subscription)
{
  if (subscription == NULL)
    return;
  g_free (subscription->pattern);
  twin_payload_format_free (subscription->format);
  g_free (subscription);
}

/**
 * twin_feed_topic_matches:
 * @pattern: a topic filter with + and # wildcards
 * @topic: a concrete topic
 *
 * MQTT 3.1.1 §4.7: "+" matches exactly one level (which may be empty),
 * "#" the parent level and any number of levels below; a topic that
 * starts with "$" is not matched by a filter starting with a wildcard.
 *
 * Returns: whether @topic matches @pattern
 */
gboolean
twin_feed_topic_matches (const char *pattern,
                         const char *topic)
{
  const char *p = pattern;
  const char *t = topic;

  g_return_val_if_fail (pattern != NULL, FALSE);
  g_return_val_if_fail (topic != NULL, FALSE);

  if (topic[0] == '$' && (pattern[0] == '+' || pattern[0] == '#'))
    return FALSE;
  while (*p != '\0')
    {
      if (*p == '#')
        return TRUE;
      if (*p == '+')
        {
          while (*t != '\0' && *t != '/')
            t++;
          p++;
        }
      else
        {
          /* Literal text up to the end of the level. */
          while (*p != '\0' && *p != '/')
            {
              if (*t != *p)
                return FALSE;
              p++;
              t++;
            }
          if (*t != '\0' && *t != '/')
            return FALSE;
        }
      /* Both at the end of a level. */
      if (*p == '/')
        {
          if (*t != '/')
            {
              /* "a/#" also matches "a". */
              return *t == '\0' && p[1] == '#' && p[2] == '\0';
            }
          p++;
          t++;
        }
      else if (*t != '\0')
        return FALSE;
    }
  return *t == '\0';
}

/**
 * twin_feed_config_dup_env_password:
 * @self: settings
 *
 * The password for the feed from the environment: the variable
 * `TWIN_FEED_PASSWORD_<NAME>` (the feed's name in upper case, every
 * character other than A-Z and 0-9 replaced by "_") first, then
 * `TWIN_FEED_PASSWORD`.
 *
 * Returns: (transfer full) (nullable): the password, or %NULL when neither is set
 */
char *
twin_feed_config_dup_env_password (const TwinFeedConfig *self)
{
  g_autofree char *variable = NULL;
  const char      *value;

  g_return_val_if_fail (self != NULL, NULL);

  variable = g_strconcat ("TWIN_FEED_PASSWORD_", self->name != NULL ? self->name : "", NULL);
  for (char *p = variable + strlen ("TWIN_FEED_PASSWORD_"); *p != '\0'; p++)
    *p = g_ascii_isalnum (*p) ? g_ascii_toupper (*p) : '_';
  value = g_getenv (variable);
  if (value == NULL)
    value = g_getenv ("TWIN_FEED_PASSWORD");
  return g_strdup (value);
}

/**
 * twin_topic_binding_free:
 * @binding: (nullable): a binding
 */
void
twin_topic_binding_free (TwinTopicBinding *binding)
{
  if (binding == NULL)
    return;
  g_free (binding->topic);
  g_free (binding->entity_path);
  g_free (binding->property);
  g_free (binding->unit);
  g_free (binding);
}
