/* twin-cli-command.c: `twinctl command bind|list|unbind|send|log`, which sends setpoints to the physical system.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   twinctl command bind FILE ENTITY-PATH.PROPERTY --feed F --topic T [--qos N] [--retain]
 *                        [--payload TEMPLATE] [--unit U] [--min X] [--max Y]
 *   twinctl command list FILE [--json]
 *   twinctl command unbind FILE ENTITY-PATH.PROPERTY
 *   twinctl command send FILE ENTITY-PATH.PROPERTY VALUE [--yes] [--timeout S]
 *   twinctl command log FILE [--json] [--limit N]
 *
 * A command binding (TwinCommandStore) says how a setpoint for a property is
 * published: through which MQTT feed's broker, on which topic, with which
 * QoS, retain flag, payload template and unit. `send` takes VALUE in the
 * property's unit, connects once with the feed's settings (the password from
 * TWIN_FEED_PASSWORD_<NAME> or TWIN_FEED_PASSWORD), waits for the broker's
 * acknowledgement and logs the attempt in the project, sent or failed.
 * Something sent may move a real system: on a terminal it asks first; with
 * no terminal to ask on it refuses unless --yes is given.
 */

#define G_LOG_DOMAIN "twinctl"

#include "config.h"

#include "twin-cli.h"

#include "feeds/twin-command-store.h"
#include "feeds/twin-feed-store.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_TIMEOUT_S 10.0

/* "Office Building/Lobby/Heater.power": the property follows the last dot. */
static gboolean
split_target (const char *target,
              char      **entity_path,
              char      **property,
              GError    **error)
{
  const char *dot = strrchr (target, '.');

  if (dot == NULL || dot == target || !twin_entity_is_valid_port_name (dot + 1))
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                   _ ("“%s” is not ENTITY-PATH.PROPERTY, such as “Office Building/Lobby/Heater.power”"), target);
      return FALSE;
    }
  *entity_path = g_strndup (target, (gsize) (dot - target));
  *property = g_strdup (dot + 1);
  return TRUE;
}

/* A finite number with a dot, whatever the locale; NAN when @text is NULL. */
static gboolean
parse_number (const char *what,
              const char *text,
              double     *value,
              GError    **error)
{
  char *end = NULL;

  *value = NAN;
  if (text == NULL)
    return TRUE;
  *value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (*value))
    {
      /* TRANSLATORS: %s are what needs the number ("--min", "VALUE") and the text given. */
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, _ ("%s needs a finite number with a dot, not “%s”"),
                   what, text);
      return FALSE;
    }
  return TRUE;
}

/* The numeric parameter ENTITY.PROPERTY of the project; its canonical path and unit. */
static TwinParameter *
find_property (TwinModel  *model,
               const char *display,
               const char *entity_path,
               const char *property,
               char      **canonical_path,
               GError    **error)
{
  TwinEntity    *entity = twin_model_lookup_path (model, entity_path);
  TwinParameter *parameter;

  if (entity == NULL)
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED, _ ("“%s” has no entity “%s”."), display, entity_path);
      return NULL;
    }
  parameter = twin_entity_get_parameter (entity, property);
  if (parameter == NULL)
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED, _ ("The entity “%s” in “%s” has no property “%s”."),
                   entity_path, display, property);
      return NULL;
    }
  if (twin_parameter_get_kind (parameter) != TWIN_VALUE_NUMBER)
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED,
                   _ ("The property “%s.%s” in “%s” is not a number; only numbers can be sent as setpoints."),
                   entity_path, property, display);
      return NULL;
    }
  *canonical_path = twin_entity_dup_path (entity);
  return parameter;
}

static const char *
unit_or_null (TwinParameter *parameter)
{
  const char *unit = twin_parameter_get_unit (parameter);

  return unit != NULL && unit[0] != '\0' ? unit : NULL;
}

static gboolean
command_bind (char  ***args,
              GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinModel) model = NULL;
  g_autoptr (TwinCommandStore) store = NULL;
  g_autoptr (TwinCommandBinding) binding = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char   *feed = NULL;
  g_autofree char   *topic = NULL;
  g_autofree char   *payload = NULL;
  g_autofree char   *unit = NULL;
  g_autofree char   *min_text = NULL;
  g_autofree char   *max_text = NULL;
  g_autofree char   *entity_path = NULL;
  g_autofree char   *property = NULL;
  g_autofree char   *display = NULL;
  TwinParameter     *parameter;
  int                qos = 1;
  gboolean           retain = FALSE;
  const char        *names[] = { "FILE", "ENTITY-PATH.PROPERTY" };
  const GOptionEntry entries[] = {
    { "feed", 'f', 0, G_OPTION_ARG_STRING, &feed, N_ ("The MQTT feed whose broker carries the commands"), N_ ("NAME") },
    { "topic", 't', 0, G_OPTION_ARG_STRING, &topic, N_ ("The topic to publish to (no wildcards)"), N_ ("TOPIC") },
    { "qos", 'q', 0, G_OPTION_ARG_INT, &qos, N_ ("The QoS: 0, 1 (default) or 2"), N_ ("N") },
    { "retain", 'r', 0, G_OPTION_ARG_NONE, &retain, N_ ("The broker keeps the last setpoint for new subscribers"),
      NULL },
    { "payload", 'p', 0, G_OPTION_ARG_STRING, &payload,
      N_ ("A JSON template with {value} where the number goes (default: the plain number)"), N_ ("TEMPLATE") },
    { "unit", 'u', 0, G_OPTION_ARG_STRING, &unit,
      N_ ("The unit the receiver expects (default: the property’s own)"), N_ ("UNIT") },
    { "min", 0, 0, G_OPTION_ARG_STRING, &min_text, N_ ("Refuse setpoints below X (in the property’s unit)"),
      N_ ("X") },
    { "max", 0, 0, G_OPTION_ARG_STRING, &max_text, N_ ("Refuse setpoints above Y (in the property’s unit)"),
      N_ ("Y") },
    { NULL },
  };

  context = twin_cli_context_new (_ ("FILE ENTITY-PATH.PROPERTY"),
                                  _ ("Say how setpoints for a property of the project file FILE are sent to the "
                                     "physical system: published on --topic through the broker of the MQTT feed "
                                     "--feed. Replaces the property’s command binding if it has one."),
                                  entries);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;
  if (feed == NULL || topic == NULL)
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                           _ ("command bind needs --feed and --topic; see twinctl command bind --help"));
      return FALSE;
    }
  if (!split_target ((*args)[2], &entity_path, &property, error))
    return FALSE;
  binding = twin_command_binding_new (entity_path, property, feed, topic);
  binding->qos = qos;
  binding->retain = retain;
  binding->payload = g_steal_pointer (&payload);
  binding->unit = g_steal_pointer (&unit);
  if (!parse_number ("--min", min_text, &binding->min, error) || !parse_number ("--max", max_text, &binding->max, error))
    return FALSE;
  if (!twin_command_binding_validate (binding, &local_error))
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, local_error->message);
      return FALSE;
    }

  display = twin_cli_display_name ((*args)[1]);
  model = twin_cli_load_model ((*args)[1], NULL, error);
  if (model == NULL)
    return FALSE;
  g_free (binding->entity_path);
  binding->entity_path = NULL;
  parameter = find_property (model, display, entity_path, property, &binding->entity_path, error);
  if (parameter == NULL)
    return FALSE;
  if (binding->unit != NULL)
    {
      const char *from = unit_or_null (parameter);
      double      converted;

      if (from == NULL)
        {
          g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED,
                       _ ("The property “%s.%s” has no unit, so its setpoints cannot be converted to “%s”."),
                       binding->entity_path, property, binding->unit);
          return FALSE;
        }
      if (!twin_unit_convert (1.0, from, binding->unit, &converted, &local_error))
        {
          g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED,
                       _ ("The setpoints of “%s.%s” cannot be sent in “%s”: %s"), binding->entity_path, property,
                       binding->unit, local_error->message);
          return FALSE;
        }
    }

  store = twin_command_store_open ((*args)[1], FALSE, error);
  if (store == NULL || !twin_command_store_save_binding (store, binding, error))
    return FALSE;
  /* TRANSLATORS: ENTITY.PROPERTY, a topic, a feed's name and the QoS; then ", retained" or nothing. */
  g_print (_ ("Setpoints for “%s.%s” go to “%s” through the feed “%s” (QoS %d%s).\n"), binding->entity_path, property,
           binding->topic, binding->feed, binding->qos, binding->retain ? _ (", retained") : "");
  return TRUE;
}

static JsonNode *
binding_to_node (const TwinCommandBinding *binding)
{
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entity_path");
  json_builder_add_string_value (builder, binding->entity_path);
  json_builder_set_member_name (builder, "property");
  json_builder_add_string_value (builder, binding->property);
  json_builder_set_member_name (builder, "feed");
  json_builder_add_string_value (builder, binding->feed);
  json_builder_set_member_name (builder, "topic");
  json_builder_add_string_value (builder, binding->topic);
  json_builder_set_member_name (builder, "qos");
  json_builder_add_int_value (builder, binding->qos);
  json_builder_set_member_name (builder, "retain");
  json_builder_add_boolean_value (builder, binding->retain);
  json_builder_set_member_name (builder, "payload");
  if (binding->payload != NULL)
    json_builder_add_string_value (builder, binding->payload);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "unit");
  if (binding->unit != NULL)
    json_builder_add_string_value (builder, binding->unit);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "min");
  if (!isnan (binding->min))
    json_builder_add_double_value (builder, binding->min);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "max");
  if (!isnan (binding->max))
    json_builder_add_double_value (builder, binding->max);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
print_json_array (JsonArray *array,
                  GError   **error)
{
  g_autoptr (JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;

  json_node_take_array (root, array);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  out = json_generator_to_data (generator, NULL);
  text = g_strconcat (out, "\n", NULL);
  return twin_cli_write_stdout (text, -1, error);
}

static gboolean
command_list (char  ***args,
              GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinCommandStore) store = NULL;
  g_autoptr (GPtrArray) bindings = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  gboolean           as_json = FALSE;
  const char        *names[] = { "FILE" };
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_ ("Print the command bindings as JSON"), NULL },
    { NULL },
  };

  context = twin_cli_context_new (_ ("FILE"),
                                  _ ("List the command bindings of the project file FILE. The file is opened "
                                     "read-only."),
                                  entries);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;
  store = twin_command_store_open ((*args)[1], TRUE, error);
  if (store == NULL)
    return FALSE;
  bindings = twin_command_store_list_bindings (store, error);
  if (bindings == NULL)
    return FALSE;
  if (as_json)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < bindings->len; i++)
        json_array_add_element (array, binding_to_node (g_ptr_array_index (bindings, i)));
      return print_json_array (array, error);
    }
  if (bindings->len == 0)
    g_string_append (text, _ ("No command bindings.\n"));
  for (guint i = 0; i < bindings->len; i++)
    {
      const TwinCommandBinding *binding = g_ptr_array_index (bindings, i);

      /* TRANSLATORS: ENTITY.PROPERTY → a topic, a feed's name, the QoS. */
      g_string_append_printf (text, _ ("%s.%s → %s through “%s”, QoS %d"), binding->entity_path, binding->property,
                              binding->topic, binding->feed, binding->qos);
      if (binding->retain)
        g_string_append (text, _ (", retained"));
      if (binding->unit != NULL)
        g_string_append_printf (text, _ (", sent in %s"), binding->unit);
      if (binding->payload != NULL)
        g_string_append_printf (text, _ (", payload %s"), binding->payload);
      if (!isnan (binding->min))
        {
          g_autofree char *min = twin_format_number (binding->min);

          g_string_append_printf (text, _ (", at least %s"), min);
        }
      if (!isnan (binding->max))
        {
          g_autofree char *max = twin_format_number (binding->max);

          g_string_append_printf (text, _ (", at most %s"), max);
        }
      g_string_append_c (text, '\n');
    }
  return twin_cli_write_stdout (text->str, (gssize) text->len, error);
}

static gboolean
command_unbind (char  ***args,
                GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinCommandStore) store = NULL;
  g_autofree char *entity_path = NULL;
  g_autofree char *property = NULL;
  g_autofree char *display = NULL;
  const char      *names[] = { "FILE", "ENTITY-PATH.PROPERTY" };

  context = twin_cli_context_new (_ ("FILE ENTITY-PATH.PROPERTY"),
                                  _ ("Remove the command binding of a property of the project file FILE. The "
                                     "command log keeps what was sent with it."),
                                  NULL);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;
  if (!split_target ((*args)[2], &entity_path, &property, error))
    return FALSE;
  store = twin_command_store_open ((*args)[1], FALSE, error);
  if (store == NULL || !twin_command_store_delete_binding (store, entity_path, property, error))
    return FALSE;
  display = twin_cli_display_name ((*args)[1]);
  g_print (_ ("Removed the command binding of “%s.%s” from “%s”.\n"), entity_path, property, display);
  return TRUE;
}

/* Asks on the terminal; TRUE for y or yes. */
static gboolean
confirm (const char *question)
{
  char answer[64] = { 0 };

  g_printerr ("%s ", question);
  fflush (stderr);
  if (fgets (answer, sizeof answer, stdin) == NULL)
    return FALSE;
  g_strstrip (answer);
  /* TRANSLATORS: "y" and "yes" are the answers to a [y/N] question that mean yes; English ones always work. */
  return g_ascii_strcasecmp (answer, "y") == 0 || g_ascii_strcasecmp (answer, "yes") == 0 ||
         g_strv_contains ((const char *const[]){ _ ("y"), _ ("yes"), NULL }, answer);
}

static gboolean
command_send (char  ***args,
              GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinModel) model = NULL;
  g_autoptr (TwinCommandStore) store = NULL;
  g_autoptr (TwinCommandBinding) binding = NULL;
  g_autoptr (TwinCommandRecord) record = NULL;
  g_autoptr (TwinFeedStore) feeds = NULL;
  g_autoptr (TwinFeedConfig) feed = NULL;
  g_autofree char   *requested_path = NULL;
  g_autofree char   *entity_path = NULL;
  g_autofree char   *property = NULL;
  g_autofree char   *display = NULL;
  g_autofree char   *payload = NULL;
  g_autofree char   *shown = NULL;
  g_autofree char   *timeout_text = NULL;
  g_autofree char   *password = NULL;
  g_autofree char   *question = NULL;
  TwinParameter     *parameter;
  const char        *unit;
  double             value;
  double             timeout_s = DEFAULT_TIMEOUT_S;
  gboolean           yes = FALSE;
  const char        *names[] = { "FILE", "ENTITY-PATH.PROPERTY", "VALUE" };
  const GOptionEntry entries[] = {
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_ ("Send without asking (needed when not on a terminal)"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_STRING, &timeout_text,
      N_ ("How long connecting and the acknowledgement may take, in seconds (default 10)"), N_ ("S") },
    { NULL },
  };

  context = twin_cli_context_new (_ ("FILE ENTITY-PATH.PROPERTY VALUE"),
                                  _ ("Send the setpoint VALUE (in the property’s unit, with a dot) for a property of "
                                     "the project file FILE to the physical system, through its command binding, "
                                     "and log it in the project. Asks first on a terminal; elsewhere needs --yes. "
                                     "The password comes from TWIN_FEED_PASSWORD_<FEED> or TWIN_FEED_PASSWORD."),
                                  entries);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;
  if (!split_target ((*args)[2], &requested_path, &property, error) || !parse_number ("VALUE", (*args)[3], &value, error))
    return FALSE;
  if (timeout_text != NULL && (!parse_number ("--timeout", timeout_text, &timeout_s, error) || timeout_s <= 0.0 ||
                               timeout_s > 3600.0))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                     _ ("--timeout needs a number of seconds above 0 and at most 3600, not “%s”"), timeout_text);
      return FALSE;
    }

  display = twin_cli_display_name ((*args)[1]);
  model = twin_cli_load_model ((*args)[1], NULL, error);
  if (model == NULL)
    return FALSE;
  parameter = find_property (model, display, requested_path, property, &entity_path, error);
  if (parameter == NULL)
    return FALSE;
  unit = unit_or_null (parameter);

  store = twin_command_store_open ((*args)[1], FALSE, error);
  if (store == NULL)
    return FALSE;
  binding = twin_command_store_find_binding (store, entity_path, property, error);
  if (binding == NULL)
    return FALSE;
  feeds = twin_feed_store_open ((*args)[1], TRUE, error);
  if (feeds == NULL)
    return FALSE;
  feed = twin_feed_store_load_feed (feeds, binding->feed, error);
  if (feed == NULL)
    return FALSE;
  /* Refused values (NaN, limits, units) are said before anything is asked. */
  payload = twin_command_binding_format_payload (binding, value, unit, error);
  if (payload == NULL)
    return FALSE;

  shown = twin_format_number (value);
  /* TRANSLATORS: a value and its unit, ENTITY.PROPERTY, a broker host and port, a topic and the payload. */
  question = g_strdup_printf (_ ("Send %s%s%s to %s.%s on %s:%d (topic “%s”, payload %s)? [y/N]"), shown,
                              unit != NULL ? " " : "", unit != NULL ? unit : "", entity_path, property, feed->host,
                              feed->port, binding->topic, payload);
  if (!yes)
    {
      if (!isatty (STDIN_FILENO))
        {
          g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                       _ ("Nothing was sent: there is no terminal to confirm sending %s%s%s to %s.%s on %s:%d; add "
                          "--yes to send it anyway."),
                       shown, unit != NULL ? " " : "", unit != NULL ? unit : "", entity_path, property, feed->host,
                       feed->port);
          return FALSE;
        }
      if (!confirm (question))
        {
          g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED, _ ("Nothing was sent."));
          return FALSE;
        }
    }

  password = twin_feed_config_dup_env_password (feed);
  if (!twin_command_send (store, binding, value, unit, NULL, password, "twinctl", (guint) (timeout_s * 1000.0),
                          &record, error))
    return FALSE;
  /* TRANSLATORS: a value and its unit, ENTITY.PROPERTY, a payload, a topic, a broker host and port. */
  g_print (_ ("Sent %s%s%s to %s.%s: %s on “%s” at %s:%d.\n"), shown, unit != NULL ? " " : "",
           unit != NULL ? unit : "", entity_path, property, record->payload, record->topic, feed->host, feed->port);
  return TRUE;
}

static char *
format_time (gint64 t_us)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (t_us / G_USEC_PER_SEC);
  g_autoptr (GDateTime) precise = time != NULL ? g_date_time_add (time, t_us % G_USEC_PER_SEC) : NULL;

  return precise != NULL ? g_date_time_format (precise, "%Y-%m-%dT%H:%M:%S.%fZ") : g_strdup ("?");
}

static JsonNode *
record_to_node (const TwinCommandRecord *record)
{
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autofree char *time = format_time (record->t_us);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, record->id);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, time);
  json_builder_set_member_name (builder, "t_us");
  json_builder_add_int_value (builder, record->t_us);
  json_builder_set_member_name (builder, "entity_path");
  json_builder_add_string_value (builder, record->entity_path);
  json_builder_set_member_name (builder, "property");
  json_builder_add_string_value (builder, record->property);
  json_builder_set_member_name (builder, "value");
  json_builder_add_double_value (builder, record->value);
  json_builder_set_member_name (builder, "feed");
  json_builder_add_string_value (builder, record->feed);
  json_builder_set_member_name (builder, "topic");
  json_builder_add_string_value (builder, record->topic);
  json_builder_set_member_name (builder, "payload");
  json_builder_add_string_value (builder, record->payload);
  json_builder_set_member_name (builder, "qos");
  json_builder_add_int_value (builder, record->qos);
  json_builder_set_member_name (builder, "retain");
  json_builder_add_boolean_value (builder, record->retain);
  json_builder_set_member_name (builder, "origin");
  json_builder_add_string_value (builder, record->origin);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, record->ok);
  json_builder_set_member_name (builder, "error");
  if (record->error != NULL)
    json_builder_add_string_value (builder, record->error);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
command_log (char  ***args,
             GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinCommandStore) store = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  gboolean           as_json = FALSE;
  int                limit = 0;
  const char        *names[] = { "FILE" };
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_ ("Print the log as JSON"), NULL },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_ ("Only the last N commands"), N_ ("N") },
    { NULL },
  };

  context = twin_cli_context_new (_ ("FILE"),
                                  _ ("Print the command log of the project file FILE, oldest first: every setpoint "
                                     "sent, or that failed, with its time, payload and origin."),
                                  entries);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;
  if (limit < 0)
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, _ ("--limit needs a count of 0 or more"));
      return FALSE;
    }
  store = twin_command_store_open ((*args)[1], TRUE, error);
  if (store == NULL)
    return FALSE;
  records = twin_command_store_list_log (store, (guint) limit, error);
  if (records == NULL)
    return FALSE;
  if (as_json)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < records->len; i++)
        json_array_add_element (array, record_to_node (g_ptr_array_index (records, i)));
      return print_json_array (array, error);
    }
  if (records->len == 0)
    g_string_append (text, _ ("No commands sent.\n"));
  for (guint i = 0; i < records->len; i++)
    {
      const TwinCommandRecord *record = g_ptr_array_index (records, i);
      g_autofree char         *time = format_time (record->t_us);
      g_autofree char         *value = twin_format_number (record->value);

      /* TRANSLATORS: time, origin, ENTITY.PROPERTY = value, topic, feed, payload, QoS. */
      g_string_append_printf (text, _ ("%s  %s  %s.%s = %s → “%s” through “%s”: %s (QoS %d%s) "), time,
                              record->origin, record->entity_path, record->property, value, record->topic, record->feed,
                              record->payload, record->qos, record->retain ? _ (", retained") : "");
      if (record->ok)
        g_string_append (text, _ ("sent\n"));
      else
        /* TRANSLATORS: the reason a command was not sent. */
        g_string_append_printf (text, _ ("FAILED: %s\n"), record->error != NULL ? record->error : "");
    }
  return twin_cli_write_stdout (text->str, (gssize) text->len, error);
}

static const struct
{
  const char        *name;
  const char        *summary;
  TwinCliCommandFunc run;
} subcommands[] = {
  { "bind", N_ ("Say how a property’s setpoints are published (feed, topic, QoS, payload)"), command_bind },
  { "list", N_ ("List the command bindings"), command_list },
  { "unbind", N_ ("Remove a property’s command binding"), command_unbind },
  { "send", N_ ("Send a setpoint to the physical system and log it"), command_send },
  { "log", N_ ("Print the log of the commands sent"), command_log },
};

static void
print_help (void)
{
  g_print ("%s\n\n", _ ("Usage: twinctl command COMMAND [OPTION…] FILE …"));
  g_print ("%s\n\n", _ ("Send setpoints from the twin to the physical system."));
  g_print ("%s\n", _ ("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    g_print ("  %-8s %s\n", subcommands[i].name, _ (subcommands[i].summary));
  g_print ("\n%s\n", _ ("Run “twinctl command COMMAND --help” for the options of a command."));
}

gboolean
twin_cli_command (char  ***args,
                  GError **error)
{
  const char *name = (*args)[1];

  if (name == NULL)
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                           _ ("Missing command: bind, list, unbind, send or log."));
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
  g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
               _ ("Unknown command “%s”: use bind, list, unbind, send or log."), name);
  return FALSE;
}
