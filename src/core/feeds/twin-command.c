/* twin-command.c: command bindings (how a setpoint for a property is sent to the physical
 * system), the records of the command log, and their payloads.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure data and text, no I/O. A setpoint is given in the property's unit; the
 * payload carries it in the binding's unit (the receiver's), written with a
 * dot in the shortest form that reads back to the same double
 * (twin_format_number). A payload template is JSON text in which every
 * `{value}` is replaced by that number; it must be valid JSON once filled.
 * Parsing (for an emulated asset) finds where the first `{value}` sits in the
 * template's JSON tree (object members and array elements) and reads the
 * number at the same place in the received JSON; a number written as a JSON
 * string there (`"{value}"` in the template) is read too.
 */

#define G_LOG_DOMAIN "twin-feeds"

#include "config.h"

#include "twin-command.h"

#include "model/twin-parameter.h"
#include "model/twin-unit.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include <math.h>
#include <string.h>

#define PLACEHOLDER "{value}"
/* Stands for the value while the template's tree is searched; never a real setpoint. */
#define SENTINEL_TEXT "-7.3141592653589793e-299"

G_DEFINE_QUARK (twin - command - error - quark, twin_command_error)

static gboolean
has_text (const char *text)
{
  return text != NULL && text[0] != '\0';
}

/* The template with every {value} replaced by @number. */
static char *
fill_template (const char *template,
               const char *number)
{
  g_auto (GStrv) parts = g_strsplit (template, PLACEHOLDER, -1);

  return g_strjoinv (number, parts);
}

static JsonNode *
parse_json (const char *text,
            gssize      length,
            GError    **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, length, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE, _ ("The text is empty."));
      return NULL;
    }
  return json_node_copy (root);
}

/* Whether @node is where the sentinel (the value) is. */
static gboolean
is_sentinel (JsonNode *node)
{
  static double sentinel;

  if (sentinel == 0.0)
    sentinel = g_ascii_strtod (SENTINEL_TEXT, NULL);
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return strcmp (json_node_get_string (node), SENTINEL_TEXT) == 0;
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return json_node_get_double (node) == sentinel;
  return FALSE;
}

/* Fills @path (of GStrings: ".member" or "[index]", outermost first) with the way to the sentinel. */
static gboolean
find_sentinel (JsonNode  *node,
               GPtrArray *path)
{
  if (is_sentinel (node))
    return TRUE;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr (GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_ptr_array_add (path, g_strconcat (".", l->data, NULL));
          if (find_sentinel (json_object_get_member (object, l->data), path))
            return TRUE;
          g_ptr_array_remove_index (path, path->len - 1);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_ptr_array_add (path, g_strdup_printf ("[%u]", i));
          if (find_sentinel (json_array_get_element (array, i), path))
            return TRUE;
          g_ptr_array_remove_index (path, path->len - 1);
        }
    }
  return FALSE;
}

static JsonNode *
follow_path (JsonNode  *node,
             GPtrArray *path)
{
  for (guint i = 0; i < path->len && node != NULL; i++)
    {
      const char *step = g_ptr_array_index (path, i);

      if (step[0] == '.')
        node = JSON_NODE_HOLDS_OBJECT (node) ? json_object_get_member (json_node_get_object (node), step + 1) : NULL;
      else
        {
          guint index = (guint) g_ascii_strtoull (step + 1, NULL, 10);

          node = JSON_NODE_HOLDS_ARRAY (node) && index < json_array_get_length (json_node_get_array (node))
                   ? json_array_get_element (json_node_get_array (node), index)
                   : NULL;
        }
    }
  return node;
}

static char *
path_to_string (GPtrArray *path)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < path->len; i++)
    {
      const char *step = g_ptr_array_index (path, i);

      g_string_append (text, text->len == 0 && step[0] == '.' ? step + 1 : step);
    }
  return g_string_free (text, FALSE);
}

/* A whole text that is one number, with a dot. */
static gboolean
parse_number (const char *text,
              gsize       length,
              double     *value)
{
  g_autofree char *copy = g_strstrip (g_strndup (text, length));
  char            *end = NULL;

  if (copy[0] == '\0')
    return FALSE;
  *value = g_ascii_strtod (copy, &end);
  return end != copy && *end == '\0';
}

/**
 * twin_command_binding_new:
 * @entity_path: the entity's path in the tree
 * @property: its property (a parameter name)
 * @feed: the MQTT feed that carries the command
 * @topic: where to publish
 *
 * Creates a binding with QoS 1, no retain, a plain number payload, the
 * property's own unit and no limits.
 *
 * Returns: (transfer full): a new binding
 */
TwinCommandBinding *
twin_command_binding_new (const char *entity_path,
                          const char *property,
                          const char *feed,
                          const char *topic)
{
  TwinCommandBinding *binding = g_new0 (TwinCommandBinding, 1);

  binding->entity_path = g_strdup (entity_path);
  binding->property = g_strdup (property);
  binding->feed = g_strdup (feed);
  binding->topic = g_strdup (topic);
  binding->qos = 1;
  binding->min = NAN;
  binding->max = NAN;
  return binding;
}

/**
 * twin_command_binding_copy:
 * @binding: a binding
 *
 * Returns: (transfer full): a deep copy
 */
TwinCommandBinding *
twin_command_binding_copy (const TwinCommandBinding *binding)
{
  TwinCommandBinding *copy;

  g_return_val_if_fail (binding != NULL, NULL);

  copy = g_new0 (TwinCommandBinding, 1);
  *copy = *binding;
  copy->entity_path = g_strdup (binding->entity_path);
  copy->property = g_strdup (binding->property);
  copy->feed = g_strdup (binding->feed);
  copy->topic = g_strdup (binding->topic);
  copy->payload = g_strdup (binding->payload);
  copy->unit = g_strdup (binding->unit);
  return copy;
}

/**
 * twin_command_binding_free:
 * @binding: (nullable): a binding
 */
void
twin_command_binding_free (TwinCommandBinding *binding)
{
  if (binding == NULL)
    return;
  g_free (binding->entity_path);
  g_free (binding->property);
  g_free (binding->feed);
  g_free (binding->topic);
  g_free (binding->payload);
  g_free (binding->unit);
  g_free (binding);
}

/**
 * twin_command_binding_validate:
 * @binding: a binding
 * @error: return location for a %TWIN_COMMAND_ERROR_INVALID naming what is wrong
 *
 * Checks that the entity path, property, feed and topic are given, that the
 * topic is a concrete one (no `+` or `#`), the QoS is 0, 1 or 2, the template
 * has `{value}` and is valid JSON once filled, the unit is known, and the
 * limits are numbers with min < max.
 *
 * Returns: %TRUE if the binding can be used
 */
gboolean
twin_command_binding_validate (const TwinCommandBinding *binding,
                               GError                  **error)
{
  g_return_val_if_fail (binding != NULL, FALSE);

  if (!has_text (binding->entity_path) || !has_text (binding->property))
    {
      g_set_error_literal (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID,
                           _ ("A command binding needs an entity path and a property."));
      return FALSE;
    }
  if (!has_text (binding->feed))
    {
      g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID,
                   _ ("The command binding of “%s.%s” names no feed to send through."), binding->entity_path,
                   binding->property);
      return FALSE;
    }
  if (!has_text (binding->topic) || !g_utf8_validate (binding->topic, -1, NULL))
    {
      g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID,
                   _ ("The command binding of “%s.%s” has no topic to publish to."), binding->entity_path,
                   binding->property);
      return FALSE;
    }
  if (strpbrk (binding->topic, "+#") != NULL)
    {
      g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID,
                   _ ("The command topic “%s” of “%s.%s” has a wildcard (+ or #); a command needs a concrete topic."),
                   binding->topic, binding->entity_path, binding->property);
      return FALSE;
    }
  if (binding->qos < 0 || binding->qos > 2)
    {
      g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID,
                   _ ("The command binding of “%s.%s” has the QoS %d; it must be 0, 1 or 2."), binding->entity_path,
                   binding->property, binding->qos);
      return FALSE;
    }
  if (binding->payload != NULL)
    {
      g_autofree char *filled = NULL;
      g_autoptr (JsonNode) root = NULL;
      g_autoptr (GError) local_error = NULL;

      if (strstr (binding->payload, PLACEHOLDER) == NULL)
        {
          g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID,
                       _ ("The payload template “%s” of “%s.%s” has no {value} where the setpoint goes."),
                       binding->payload, binding->entity_path, binding->property);
          return FALSE;
        }
      filled = fill_template (binding->payload, "0");
      root = parse_json (filled, -1, &local_error);
      if (root == NULL)
        {
          g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID,
                       _ ("The payload template “%s” of “%s.%s” is not valid JSON once {value} is filled in: %s"),
                       binding->payload, binding->entity_path, binding->property, local_error->message);
          return FALSE;
        }
    }
  if (has_text (binding->unit))
    {
      TwinUnit unit;
      g_autoptr (GError) local_error = NULL;

      if (!twin_unit_parse (binding->unit, &unit, &local_error))
        {
          g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID,
                       _ ("The unit of the command binding of “%s.%s” is not known: %s"), binding->entity_path,
                       binding->property, local_error->message);
          return FALSE;
        }
    }
  if (isinf (binding->min) || isinf (binding->max))
    {
      g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID,
                   _ ("The limits of the command binding of “%s.%s” must be finite numbers (or none)."),
                   binding->entity_path, binding->property);
      return FALSE;
    }
  if (!isnan (binding->min) && !isnan (binding->max) && !(binding->min < binding->max))
    {
      g_autofree char *min = twin_format_number (binding->min);
      g_autofree char *max = twin_format_number (binding->max);

      g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID,
                   _ ("The command binding of “%s.%s” has a minimum (%s) that is not below its maximum (%s)."),
                   binding->entity_path, binding->property, min, max);
      return FALSE;
    }
  return TRUE;
}

/* @value from @from to @to; no conversion when both are absent or the same. */
static gboolean
convert (const TwinCommandBinding *binding,
         double                    value,
         const char               *from,
         const char               *to,
         double                   *result,
         GError                  **error)
{
  g_autoptr (GError) local_error = NULL;

  *result = value;
  if (!has_text (binding->unit))
    return TRUE;
  if (!has_text (from) || !has_text (to))
    {
      g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID,
                   _ ("The command binding of “%s.%s” expects “%s”, but the property has no unit to convert from."),
                   binding->entity_path, binding->property, binding->unit);
      return FALSE;
    }
  if (strcmp (from, to) == 0)
    return TRUE;
  if (!twin_unit_convert (value, from, to, result, &local_error))
    {
      g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID,
                   _ ("The setpoint of “%s.%s” cannot be converted from “%s” to “%s”: %s"), binding->entity_path,
                   binding->property, from, to, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * twin_command_binding_format_payload:
 * @binding: a valid binding
 * @value: the setpoint, in @property_unit
 * @property_unit: (nullable): the property's unit
 * @error: return location for a #GError: %TWIN_COMMAND_ERROR_INVALID for a
 *   value that is not a number or a unit that does not convert,
 *   %TWIN_COMMAND_ERROR_OUT_OF_RANGE for a value outside the binding's limits
 *
 * Writes the payload for @value: checked against the limits (in the
 * property's unit), converted to the binding's unit, written with a dot and
 * put in the template.
 *
 * Returns: (transfer full): the payload text, or %NULL with @error set
 */
char *
twin_command_binding_format_payload (const TwinCommandBinding *binding,
                                     double                    value,
                                     const char               *property_unit,
                                     GError                  **error)
{
  g_autofree char *number = NULL;
  double           converted;

  g_return_val_if_fail (binding != NULL, NULL);

  if (!twin_command_binding_validate (binding, error))
    return NULL;
  if (!isfinite (value))
    {
      g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID,
                   _ ("The setpoint for “%s.%s” is not a finite number."), binding->entity_path, binding->property);
      return NULL;
    }
  if ((!isnan (binding->min) && value < binding->min) || (!isnan (binding->max) && value > binding->max))
    {
      g_autofree char *text = twin_format_number (value);
      g_autofree char *limit = twin_format_number (value < binding->min ? binding->min : binding->max);
      const char      *unit = has_text (property_unit) ? property_unit : "";

      g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_OUT_OF_RANGE,
                   value < binding->min
                     /* TRANSLATORS: a value and its unit, the entity.property, the limit and its unit. */
                     ? _ ("The setpoint %s %s for “%s.%s” is below its minimum of %s %s.")
                     : _ ("The setpoint %s %s for “%s.%s” is above its maximum of %s %s."),
                   text, unit, binding->entity_path, binding->property, limit, unit);
      return NULL;
    }
  if (!convert (binding, value, property_unit, binding->unit, &converted, error))
    return NULL;
  if (!isfinite (converted))
    {
      g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID,
                   _ ("The setpoint for “%s.%s” is not a finite number in “%s”."), binding->entity_path,
                   binding->property, binding->unit);
      return NULL;
    }
  number = twin_format_number (converted);
  if (binding->payload == NULL)
    return g_steal_pointer (&number);
  return fill_template (binding->payload, number);
}

/**
 * twin_command_binding_parse_payload:
 * @binding: a valid binding
 * @payload: (array length=length): a received payload (not NUL-terminated)
 * @length: its length in bytes
 * @property_unit: (nullable): the property's unit, to convert to
 * @value: (out): the setpoint in @property_unit
 * @error: return location for a %TWIN_COMMAND_ERROR_INVALID saying why
 *
 * Reads a setpoint sent for @binding: a plain number, or the template's JSON
 * with the number where `{value}` is. The binding's limits are not applied.
 *
 * Returns: %TRUE with @value set
 */
gboolean
twin_command_binding_parse_payload (const TwinCommandBinding *binding,
                                    const char               *payload,
                                    gsize                     length,
                                    const char               *property_unit,
                                    double                   *value,
                                    GError                  **error)
{
  double number = NAN;

  g_return_val_if_fail (binding != NULL, FALSE);
  g_return_val_if_fail (payload != NULL || length == 0, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (!twin_command_binding_validate (binding, error))
    return FALSE;
  if (!g_utf8_validate_len (payload, length, NULL))
    {
      g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID,
                   _ ("The command received on “%s” is not text."), binding->topic);
      return FALSE;
    }
  if (!parse_number (payload, length, &number))
    {
      g_autofree char *filled = NULL;
      g_autofree char *where = NULL;
      g_autoptr (JsonNode) template = NULL;
      g_autoptr (JsonNode) root = NULL;
      g_autoptr (GPtrArray) path = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (GError) local_error = NULL;
      JsonNode *node;

      number = NAN;
      if (binding->payload == NULL)
        {
          g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID,
                       _ ("The command received on “%s” is not a number (with a dot)."), binding->topic);
          return FALSE;
        }
      filled = fill_template (binding->payload, SENTINEL_TEXT);
      template = parse_json (filled, -1, NULL);
      if (template == NULL || !find_sentinel (template, path))
        {
          g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID,
                       _ ("The payload template “%s” of “%s” does not show where the value is."), binding->payload,
                       binding->topic);
          return FALSE;
        }
      root = parse_json (payload, (gssize) length, &local_error);
      if (root == NULL)
        {
          g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID,
                       _ ("The command received on “%s” is neither a number nor valid JSON: %s"), binding->topic,
                       local_error->message);
          return FALSE;
        }
      node = follow_path (root, path);
      where = path_to_string (path);
      if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
        {
          GType type = json_node_get_value_type (node);

          if (type == G_TYPE_DOUBLE || type == G_TYPE_INT64)
            number = json_node_get_double (node);
          else if (type == G_TYPE_STRING)
            {
              const char *text = json_node_get_string (node);

              if (!parse_number (text, strlen (text), &number))
                number = NAN;
            }
        }
      if (isnan (number))
        {
          g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID,
                       _ ("The command received on “%s” has no number at “%s” (template “%s”)."), binding->topic,
                       where[0] != '\0' ? where : "$", binding->payload);
          return FALSE;
        }
    }
  if (!isfinite (number))
    {
      g_set_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID,
                   _ ("The command received on “%s” is not a finite number."), binding->topic);
      return FALSE;
    }
  if (!convert (binding, number, binding->unit, property_unit, value, error))
    return FALSE;
  return TRUE;
}

/**
 * twin_command_record_free:
 * @record: (nullable): a log record
 */
void
twin_command_record_free (TwinCommandRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->entity_path);
  g_free (record->property);
  g_free (record->feed);
  g_free (record->topic);
  g_free (record->payload);
  g_free (record->origin);
  g_free (record->error);
  g_free (record);
}
