/* twin-parameter.c: a named, typed value of an entity, with its unit and allowed range.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A parameter's value is a #GVariant of type `d`, `x`, `b` or `s`, fixed by
 * its kind. Numbers are stored in the parameter's own unit (the one a user
 * reads, such as °C or kW); conversion to SI is explicit through TwinUnit.
 * The minimum and maximum are inclusive and in that same unit; ±infinity
 * means no bound. Only the model changes a value once the parameter
 * belongs to an entity of a model, so every change is undoable.
 */

#define G_LOG_DOMAIN "twin-parameter"

#include "config.h"

#include "twin-parameter-private.h"
#include "twin-unit.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

struct _TwinParameter
{
  GObject       parent_instance;

  /* State */
  char         *name;
  TwinValueKind kind;
  char         *unit;
  double        minimum;
  double        maximum;
  char         *description;
  GVariant     *value;
};

G_DEFINE_FINAL_TYPE (TwinParameter, twin_parameter, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_NAME,
  PROP_KIND,
  PROP_UNIT,
  PROP_DESCRIPTION,
  PROP_VALUE_TEXT,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static const GVariantType *
kind_to_variant_type (TwinValueKind kind)
{
  switch (kind)
    {
    case TWIN_VALUE_NUMBER:
      return G_VARIANT_TYPE_DOUBLE;
    case TWIN_VALUE_INTEGER:
      return G_VARIANT_TYPE_INT64;
    case TWIN_VALUE_BOOLEAN:
      return G_VARIANT_TYPE_BOOLEAN;
    case TWIN_VALUE_STRING:
    default:
      return G_VARIANT_TYPE_STRING;
    }
}

static TwinParameter *
parameter_new (const char   *name,
               TwinValueKind kind,
               GVariant     *value,
               const char   *unit,
               double        minimum,
               double        maximum)
{
  TwinParameter *self;

  g_assert (name != NULL);

  self = g_object_new (TWIN_TYPE_PARAMETER, NULL);
  self->name = g_strdup (name);
  self->kind = kind;
  self->unit = g_strdup (unit != NULL ? unit : "");
  self->minimum = minimum;
  self->maximum = maximum;
  self->value = g_variant_ref_sink (value);
  return self;
}

static void
twin_parameter_finalize (GObject *object)
{
  TwinParameter *self = (TwinParameter *) object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->value, g_variant_unref);

  G_OBJECT_CLASS (twin_parameter_parent_class)->finalize (object);
}

static void
twin_parameter_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TwinParameter *self = TWIN_PARAMETER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_VALUE_TEXT:
      g_value_take_string (value, twin_parameter_dup_value_text (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_parameter_class_init (TwinParameterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = twin_parameter_finalize;
  object_class->get_property = twin_parameter_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, TWIN_VALUE_NUMBER, TWIN_VALUE_STRING, TWIN_VALUE_NUMBER,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The value as text in C notation, without the unit. */
  properties[PROP_VALUE_TEXT] =
    g_param_spec_string ("value-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
twin_parameter_init (TwinParameter *self)
{
  self->minimum = -INFINITY;
  self->maximum = INFINITY;
}

/**
 * twin_parameter_is_valid_name:
 *
 * Parameter names are identifiers: a letter, then letters, digits or `_`,
 * at most 64 bytes (`floor_area`, `heating_power`).
 *
 * Returns: %TRUE when @name is a valid parameter name
 */
gboolean
twin_parameter_is_valid_name (const char *name)
{
  if (name == NULL || !g_ascii_isalpha (name[0]) || strlen (name) > 64)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

/**
 * twin_parameter_new_number:
 * @name: a valid parameter name
 * @value: the value in @unit
 * @unit: (nullable): the unit, or %NULL for a plain number
 * @minimum: the smallest allowed value in @unit, or -INFINITY
 * @maximum: the largest allowed value in @unit, or INFINITY
 *
 * Returns: (transfer full): a new number parameter
 */
TwinParameter *
twin_parameter_new_number (const char *name,
                           double      value,
                           const char *unit,
                           double      minimum,
                           double      maximum)
{
  g_return_val_if_fail (twin_parameter_is_valid_name (name), NULL);

  return parameter_new (name, TWIN_VALUE_NUMBER, g_variant_new_double (value), unit, minimum, maximum);
}

TwinParameter *
twin_parameter_new_integer (const char *name,
                            gint64      value,
                            const char *unit,
                            double      minimum,
                            double      maximum)
{
  g_return_val_if_fail (twin_parameter_is_valid_name (name), NULL);

  return parameter_new (name, TWIN_VALUE_INTEGER, g_variant_new_int64 (value), unit, minimum, maximum);
}

TwinParameter *
twin_parameter_new_boolean (const char *name,
                            gboolean    value)
{
  g_return_val_if_fail (twin_parameter_is_valid_name (name), NULL);

  return parameter_new (name, TWIN_VALUE_BOOLEAN, g_variant_new_boolean (!!value), NULL, -INFINITY, INFINITY);
}

TwinParameter *
twin_parameter_new_string (const char *name,
                           const char *value)
{
  g_return_val_if_fail (twin_parameter_is_valid_name (name), NULL);
  g_return_val_if_fail (value != NULL, NULL);

  return parameter_new (name, TWIN_VALUE_STRING, g_variant_new_string (value), NULL, -INFINITY, INFINITY);
}

/**
 * twin_parameter_copy:
 *
 * Returns: (transfer full): a new parameter equal to @self
 */
TwinParameter *
twin_parameter_copy (TwinParameter *self)
{
  TwinParameter *copy;

  g_return_val_if_fail (TWIN_IS_PARAMETER (self), NULL);

  copy = parameter_new (self->name, self->kind, self->value, self->unit, self->minimum, self->maximum);
  copy->description = g_strdup (self->description);
  return copy;
}

const char *
twin_parameter_get_name (TwinParameter *self)
{
  g_return_val_if_fail (TWIN_IS_PARAMETER (self), NULL);

  return self->name;
}

TwinValueKind
twin_parameter_get_kind (TwinParameter *self)
{
  g_return_val_if_fail (TWIN_IS_PARAMETER (self), TWIN_VALUE_NUMBER);

  return self->kind;
}

/**
 * twin_parameter_get_unit:
 *
 * Returns: the parameter's unit, "" when it has none
 */
const char *
twin_parameter_get_unit (TwinParameter *self)
{
  g_return_val_if_fail (TWIN_IS_PARAMETER (self), NULL);

  return self->unit;
}

double
twin_parameter_get_minimum (TwinParameter *self)
{
  g_return_val_if_fail (TWIN_IS_PARAMETER (self), NAN);

  return self->minimum;
}

double
twin_parameter_get_maximum (TwinParameter *self)
{
  g_return_val_if_fail (TWIN_IS_PARAMETER (self), NAN);

  return self->maximum;
}

/**
 * twin_parameter_get_description:
 *
 * Returns: (nullable): one sentence on what the parameter means
 */
const char *
twin_parameter_get_description (TwinParameter *self)
{
  g_return_val_if_fail (TWIN_IS_PARAMETER (self), NULL);

  return self->description;
}

void
twin_parameter_set_description (TwinParameter *self,
                                const char    *description)
{
  g_return_if_fail (TWIN_IS_PARAMETER (self));

  if (description != NULL && description[0] == '\0')
    description = NULL;
  if (g_strcmp0 (self->description, description) == 0)
    return;
  g_free (self->description);
  self->description = g_strdup (description);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

/**
 * twin_parameter_get_value:
 *
 * Returns: (transfer none): the value, of the type the kind gives
 */
GVariant *
twin_parameter_get_value (TwinParameter *self)
{
  g_return_val_if_fail (TWIN_IS_PARAMETER (self), NULL);

  return self->value;
}

/**
 * twin_parameter_get_number:
 *
 * Returns: the value of a number or integer parameter, in its unit
 */
double
twin_parameter_get_number (TwinParameter *self)
{
  g_return_val_if_fail (TWIN_IS_PARAMETER (self), NAN);

  if (self->kind == TWIN_VALUE_NUMBER)
    return g_variant_get_double (self->value);
  if (self->kind == TWIN_VALUE_INTEGER)
    return (double) g_variant_get_int64 (self->value);
  g_return_val_if_reached (NAN);
}

gint64
twin_parameter_get_integer (TwinParameter *self)
{
  g_return_val_if_fail (TWIN_IS_PARAMETER (self), 0);
  g_return_val_if_fail (self->kind == TWIN_VALUE_INTEGER, 0);

  return g_variant_get_int64 (self->value);
}

gboolean
twin_parameter_get_boolean (TwinParameter *self)
{
  g_return_val_if_fail (TWIN_IS_PARAMETER (self), FALSE);
  g_return_val_if_fail (self->kind == TWIN_VALUE_BOOLEAN, FALSE);

  return g_variant_get_boolean (self->value);
}

const char *
twin_parameter_get_string (TwinParameter *self)
{
  g_return_val_if_fail (TWIN_IS_PARAMETER (self), NULL);
  g_return_val_if_fail (self->kind == TWIN_VALUE_STRING, NULL);

  return g_variant_get_string (self->value, NULL);
}

/**
 * twin_format_number:
 * @value: a finite number
 *
 * Formats @value in the shortest form that reads back to exactly the same
 * double, always with a dot, whatever the locale (`0.1`, `1e-300`, `1200`).
 *
 * Returns: (transfer full): the text
 */
char *
twin_format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return g_strdup (isnan (value) ? "nan" : value > 0 ? "inf"
                                                       : "-inf");

  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        {
          /* Prefer 1200 to 1.2e+03: widen to the integer digits when they fit. */
          int exponent = value != 0 ? (int) floor (log10 (fabs (value))) : 0;

          if (strchr (buffer, 'e') != NULL && exponent >= precision && exponent < 17)
            {
              g_snprintf (format, sizeof format, "%%.%dg", exponent + 1);
              g_ascii_formatd (buffer, sizeof buffer, format, value);
            }
          break;
        }
    }
  return g_strdup (buffer);
}

/**
 * twin_parameter_dup_value_text:
 *
 * Returns: (transfer full): the value as text without its unit, numbers
 *   with a dot (`21.5`, `true`, `Acme`)
 */
char *
twin_parameter_dup_value_text (TwinParameter *self)
{
  g_return_val_if_fail (TWIN_IS_PARAMETER (self), NULL);

  switch (self->kind)
    {
    case TWIN_VALUE_NUMBER:
      return twin_format_number (g_variant_get_double (self->value));
    case TWIN_VALUE_INTEGER:
      return g_strdup_printf ("%" G_GINT64_FORMAT, g_variant_get_int64 (self->value));
    case TWIN_VALUE_BOOLEAN:
      return g_strdup (g_variant_get_boolean (self->value) ? "true" : "false");
    case TWIN_VALUE_STRING:
    default:
      return g_strdup (g_variant_get_string (self->value, NULL));
    }
}

static char *
format_with_unit (double      value,
                  const char *unit)
{
  g_autofree char *number = twin_format_number (value);

  if (unit == NULL || unit[0] == '\0')
    return g_steal_pointer (&number);
  return g_strdup_printf ("%s %s", number, unit);
}

/**
 * twin_parameter_check_value:
 * @value: a candidate value
 * @error: %TWIN_MODEL_ERROR_INVALID_VALUE or %TWIN_MODEL_ERROR_OUT_OF_RANGE
 *
 * Checks that @value has the parameter's kind, is finite and lies within
 * its range. The message says why, but not which entity: callers add that.
 *
 * Returns: %TRUE when @value may be set
 */
gboolean
twin_parameter_check_value (TwinParameter *self,
                            GVariant      *value,
                            GError       **error)
{
  double number;

  g_return_val_if_fail (TWIN_IS_PARAMETER (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (!g_variant_is_of_type (value, kind_to_variant_type (self->kind)))
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_VALUE,
                   _ ("a value of type “%s” where “%s” is needed"),
                   g_variant_get_type_string (value),
                   g_variant_type_peek_string (kind_to_variant_type (self->kind)));
      return FALSE;
    }

  if (self->kind == TWIN_VALUE_STRING)
    {
      const char *text = g_variant_get_string (value, NULL);

      for (const char *p = text; *p; p++)
        if ((guchar) *p < 0x20 && *p != '\t')
          {
            g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_VALUE,
                         _ ("text may not contain line breaks or control characters"));
            return FALSE;
          }
      return TRUE;
    }
  if (self->kind == TWIN_VALUE_BOOLEAN)
    return TRUE;

  number = self->kind == TWIN_VALUE_NUMBER ? g_variant_get_double (value)
                                           : (double) g_variant_get_int64 (value);
  if (!isfinite (number))
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_VALUE,
                   _ ("the value is not a finite number"));
      return FALSE;
    }
  if (number < self->minimum)
    {
      g_autofree char *given = format_with_unit (number, self->unit);
      g_autofree char *limit = format_with_unit (self->minimum, self->unit);

      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_OUT_OF_RANGE,
                   _ ("%s is below the minimum of %s"), given, limit);
      return FALSE;
    }
  if (number > self->maximum)
    {
      g_autofree char *given = format_with_unit (number, self->unit);
      g_autofree char *limit = format_with_unit (self->maximum, self->unit);

      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_OUT_OF_RANGE,
                   _ ("%s is above the maximum of %s"), given, limit);
      return FALSE;
    }
  return TRUE;
}

/* Reads a number at the start of @text, accepting a comma as the decimal
 * mark when the text has no dot ("21,5" as typed in many locales). */
static gboolean
parse_leading_number (const char  *text,
                      double      *number,
                      const char **rest)
{
  g_autofree char *copy = g_strdup (text);
  char            *end = NULL;

  if (strchr (copy, '.') == NULL)
    {
      char *comma = strchr (copy, ',');

      if (comma != NULL && strchr (comma + 1, ',') == NULL)
        *comma = '.';
    }

  /* g_ascii_strtod accepts "nan", "inf" and hex: refuse those here. */
  if (!(g_ascii_isdigit (copy[0]) ||
        ((copy[0] == '-' || copy[0] == '+' || copy[0] == '.') &&
         (g_ascii_isdigit (copy[1]) || (copy[1] == '.' && g_ascii_isdigit (copy[2]))))))
    return FALSE;
  if (g_ascii_strncasecmp (copy, "0x", 2) == 0)
    return FALSE;

  *number = g_ascii_strtod (copy, &end);
  if (end == copy)
    return FALSE;
  *rest = text + (end - copy);
  return TRUE;
}

/**
 * twin_parameter_parse_value:
 * @text: what a user typed: `12.5 kW`, `21,5`, `yes`, `Acme`
 * @error: a #TWIN_MODEL_ERROR saying why @text is refused
 *
 * Reads a value for this parameter from text. A number may carry a unit of
 * the same quantity, converted to the parameter's unit (`2 kW` into a
 * parameter in W gives 2000); a unit of another quantity is refused with
 * %TWIN_MODEL_ERROR_WRONG_UNIT. The result is checked against the range.
 *
 * Returns: (transfer full): the value, or %NULL with @error set
 */
GVariant *
twin_parameter_parse_value (TwinParameter *self,
                            const char    *text,
                            GError       **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr (GVariant) value = NULL;

  g_return_val_if_fail (TWIN_IS_PARAMETER (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (self->kind == TWIN_VALUE_STRING)
    {
      value = g_variant_ref_sink (g_variant_new_string (text));
    }
  else
    {
      trimmed = g_strstrip (g_strdup (text));
      if (trimmed[0] == '\0')
        {
          g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_VALUE,
                       _ ("a value is needed"));
          return NULL;
        }
    }

  if (self->kind == TWIN_VALUE_BOOLEAN)
    {
      static const char *const yes[] = { "true", "yes", "on", "1", NULL };
      static const char *const no[] = { "false", "no", "off", "0", NULL };
      g_autofree char         *lower = g_ascii_strdown (trimmed, -1);

      if (g_strv_contains (yes, lower))
        value = g_variant_ref_sink (g_variant_new_boolean (TRUE));
      else if (g_strv_contains (no, lower))
        value = g_variant_ref_sink (g_variant_new_boolean (FALSE));
      else
        {
          g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_VALUE,
                       _ ("“%s” is not true or false"), trimmed);
          return NULL;
        }
    }
  else if (self->kind == TWIN_VALUE_NUMBER || self->kind == TWIN_VALUE_INTEGER)
    {
      double           number;
      const char      *rest = NULL;
      g_autofree char *unit = NULL;

      if (!parse_leading_number (trimmed, &number, &rest))
        {
          g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_VALUE,
                       _ ("“%s” is not a number"), trimmed);
          return NULL;
        }
      if (!isfinite (number))
        {
          g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_VALUE,
                       _ ("“%s” is too large"), trimmed);
          return NULL;
        }

      unit = g_strstrip (g_strdup (rest));
      if (unit[0] != '\0' && g_strcmp0 (unit, self->unit) != 0)
        {
          g_autoptr (GError) local_error = NULL;
          double converted;

          if (!twin_unit_convert (number, unit, self->unit, &converted, &local_error))
            {
              g_set_error_literal (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_WRONG_UNIT,
                                   local_error->message);
              return NULL;
            }
          number = converted;
        }

      if (self->kind == TWIN_VALUE_NUMBER)
        value = g_variant_ref_sink (g_variant_new_double (number));
      else
        {
          if (number != floor (number) || fabs (number) > 9007199254740992.0)
            {
              g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_VALUE,
                           _ ("“%s” is not a whole number"), trimmed);
              return NULL;
            }
          value = g_variant_ref_sink (g_variant_new_int64 ((gint64) number));
        }
    }

  if (!twin_parameter_check_value (self, value, error))
    return NULL;
  return g_steal_pointer (&value);
}

void
_twin_parameter_set_value (TwinParameter *self,
                           GVariant      *value)
{
  g_assert (TWIN_IS_PARAMETER (self));
  g_assert (g_variant_is_of_type (value, kind_to_variant_type (self->kind)));

  if (g_variant_equal (self->value, value))
    return;
  g_variant_ref_sink (value);
  g_clear_pointer (&self->value, g_variant_unref);
  self->value = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE_TEXT]);
}
