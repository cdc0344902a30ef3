/* twin-color-by.c: the colour-by-value setting: which value of the entities is shown, through which map, over which range.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A setting names a parameter, a colour map and a range. The range is
 * either automatic (the lowest and highest value over the model, computed
 * by whoever draws, once per frame or export) or fixed (two numbers kept
 * even while automatic is on, so switching back restores them). An entity's
 * value comes from a replaceable function: by default its number or integer
 * parameter of that name; later, live or simulated values. Entities without
 * a finite value get no colour: callers draw them in the "no value" grey.
 *
 * The saved form is one small JSON object, written with fixed key order and
 * numbers in their shortest round-trip form with a dot:
 *
 *   {"parameter": "temperature", "map": "viridis", "auto_range": false,
 *    "minimum": 15, "maximum": 30}
 *
 * Reading accepts any key order, ignores keys it does not know (newer
 * versions may add some), defaults a missing map to viridis and a missing
 * auto_range to true, and refuses anything else it cannot use.
 */

#define G_LOG_DOMAIN "twin-color-by"

#include "config.h"

#include "twin-color-by.h"

#include "twin-entity.h"
#include "twin-model.h"
#include "twin-parameter.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>

/* The grey of entities without a value, linear RGB: mid-grey on screen, dim
 * enough that coloured entities stand out. */
#define NO_VALUE_LINEAR 0.12f

struct _TwinColorBy
{
  GObject              parent_instance;

  /* Owned */
  char                *parameter;
  char                *unit; /* nullable: the unit of values given by a value function */
  gpointer             value_data;
  GDestroyNotify       value_destroy;

  /* State */
  TwinColorByValueFunc value_func;
  TwinColorMap         map;
  gboolean             auto_range;
  double               minimum;
  double               maximum;
};

G_DEFINE_FINAL_TYPE (TwinColorBy, twin_color_by, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_PARAMETER,
  PROP_MAP,
  PROP_AUTO_RANGE,
  PROP_MINIMUM,
  PROP_MAXIMUM,
  N_PROPS,
};

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS,
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

G_DEFINE_QUARK (twin_color_by_error_quark, twin_color_by_error)

static gboolean
read_parameter_value (TwinEntity *entity,
                      const char *parameter,
                      double     *value,
                      gpointer    user_data)
{
  TwinParameter *found = twin_entity_get_parameter (entity, parameter);
  double         number;

  if (found == NULL)
    return FALSE;
  switch (twin_parameter_get_kind (found))
    {
    case TWIN_VALUE_NUMBER:
      number = twin_parameter_get_number (found);
      break;
    case TWIN_VALUE_INTEGER:
      number = (double) twin_parameter_get_integer (found);
      break;
    case TWIN_VALUE_BOOLEAN:
    case TWIN_VALUE_STRING:
    default:
      return FALSE;
    }
  if (!isfinite (number))
    return FALSE;
  *value = number;
  return TRUE;
}

static void
emit_changed (TwinColorBy *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* Widens the range by the values of @entity's subtree at the finest level
 * that has them: an entity counts only when nothing below it has a value,
 * so a building's total does not squash its rooms into one colour.
 * Returns whether the subtree has any value. */
static gboolean
extend_range (TwinColorBy *self,
              TwinEntity  *entity,
              double      *minimum,
              double      *maximum,
              gboolean    *found)
{
  double   value;
  guint    n = twin_entity_get_n_children (entity);
  gboolean below = FALSE;

  for (guint i = 0; i < n; i++)
    below |= extend_range (self, twin_entity_get_child (entity, i), minimum, maximum, found);
  if (!twin_color_by_get_value (self, entity, &value))
    return below;
  if (!below)
    {
      if (!*found || value < *minimum)
        *minimum = value;
      if (!*found || value > *maximum)
        *maximum = value;
      *found = TRUE;
    }
  return TRUE;
}

static const char *
find_unit (TwinEntity *entity,
           const char *parameter)
{
  TwinParameter *found = twin_entity_get_parameter (entity, parameter);
  guint          n = twin_entity_get_n_children (entity);

  if (found != NULL && (twin_parameter_get_kind (found) == TWIN_VALUE_NUMBER ||
                        twin_parameter_get_kind (found) == TWIN_VALUE_INTEGER))
    return twin_parameter_get_unit (found) != NULL ? twin_parameter_get_unit (found) : "";
  for (guint i = 0; i < n; i++)
    {
      const char *unit = find_unit (twin_entity_get_child (entity, i), parameter);

      if (unit != NULL)
        return unit;
    }
  return NULL;
}

static gboolean
read_number_member (JsonObject *object,
                    const char *member,
                    double     *number,
                    GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_INT64))
    {
      g_set_error (error, TWIN_COLOR_BY_ERROR, TWIN_COLOR_BY_ERROR_INVALID,
                   _ ("The colour-by-value setting has no number “%s”, and its range is not automatic."),
                   member);
      return FALSE;
    }
  *number = json_node_get_double (node);
  if (!isfinite (*number))
    {
      g_set_error (error, TWIN_COLOR_BY_ERROR, TWIN_COLOR_BY_ERROR_INVALID,
                   _ ("The colour-by-value setting’s “%s” is not a finite number."), member);
      return FALSE;
    }
  return TRUE;
}

static void
twin_color_by_finalize (GObject *object)
{
  TwinColorBy *self = TWIN_COLOR_BY (object);

  if (self->value_destroy != NULL)
    self->value_destroy (self->value_data);
  g_clear_pointer (&self->parameter, g_free);
  g_clear_pointer (&self->unit, g_free);

  G_OBJECT_CLASS (twin_color_by_parent_class)->finalize (object);
}

static void
twin_color_by_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TwinColorBy *self = TWIN_COLOR_BY (object);

  switch (prop_id)
    {
    case PROP_PARAMETER:
      g_value_set_string (value, self->parameter);
      break;
    case PROP_MAP:
      g_value_set_int (value, (int) self->map);
      break;
    case PROP_AUTO_RANGE:
      g_value_set_boolean (value, self->auto_range);
      break;
    case PROP_MINIMUM:
      g_value_set_double (value, self->minimum);
      break;
    case PROP_MAXIMUM:
      g_value_set_double (value, self->maximum);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_color_by_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TwinColorBy *self = TWIN_COLOR_BY (object);

  switch (prop_id)
    {
    case PROP_PARAMETER:
      twin_color_by_set_parameter (self, g_value_get_string (value));
      break;
    case PROP_MAP:
      twin_color_by_set_map (self, (TwinColorMap) g_value_get_int (value));
      break;
    case PROP_AUTO_RANGE:
      twin_color_by_set_auto_range (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_color_by_class_init (TwinColorByClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = twin_color_by_finalize;
  object_class->get_property = twin_color_by_get_property;
  object_class->set_property = twin_color_by_set_property;

  properties[PROP_PARAMETER] =
    g_param_spec_string ("parameter", NULL, NULL, "value",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A TwinColorMap; an int because the enum has no GType (it is not in twin-types.h). */
  properties[PROP_MAP] =
    g_param_spec_int ("map", NULL, NULL, 0, TWIN_COLOR_MAP_N_MAPS - 1, TWIN_COLOR_MAP_DEFAULT,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTO_RANGE] =
    g_param_spec_boolean ("auto-range", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The fixed range, in the parameter's unit; set both with twin_color_by_set_fixed_range(). */
  properties[PROP_MINIMUM] =
    g_param_spec_double ("minimum", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAXIMUM] =
    g_param_spec_double ("maximum", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 1.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TwinColorBy::changed:
   *
   * Emitted after anything that changes the colours changed: a property,
   * the value function, or twin_color_by_notify_values_changed(). Views
   * redraw on it.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
twin_color_by_init (TwinColorBy *self)
{
  self->parameter = g_strdup ("value");
  self->map = TWIN_COLOR_MAP_DEFAULT;
  self->auto_range = TRUE;
  self->minimum = 0.0;
  self->maximum = 1.0;
  self->value_func = read_parameter_value;
}

/**
 * twin_color_by_new:
 * @parameter: the name of the number or integer parameter to colour by
 *
 * A setting with the default map (viridis), an automatic range, and the
 * fixed range 0 … 1 for when the range is made fixed.
 *
 * Returns: (transfer full): a new setting
 */
TwinColorBy *
twin_color_by_new (const char *parameter)
{
  g_return_val_if_fail (twin_parameter_is_valid_name (parameter), NULL);

  return g_object_new (TWIN_TYPE_COLOR_BY, "parameter", parameter, NULL);
}

/**
 * twin_color_by_new_from_string:
 * @text: the saved form, as twin_color_by_to_string() writes it
 * @error: return location for a %TWIN_COLOR_BY_ERROR_INVALID
 *
 * Reads a saved setting (see the file comment for the form). The value
 * function is the default one.
 *
 * Returns: (transfer full) (nullable): the setting, or %NULL with @error set
 */
TwinColorBy *
twin_color_by_new_from_string (const char *text,
                               GError    **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (TwinColorBy) self = NULL;
  g_autoptr (GError) local_error = NULL;
  JsonNode    *root;
  JsonObject  *object;
  JsonNode    *node;
  const char  *parameter;
  TwinColorMap map = TWIN_COLOR_MAP_DEFAULT;
  gboolean     auto_range = TRUE;
  double       minimum = 0.0;
  double       maximum = 1.0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL || !g_utf8_validate (text, -1, NULL) ||
      !json_parser_load_from_data (parser, text, -1, &local_error))
    {
      g_set_error (error, TWIN_COLOR_BY_ERROR, TWIN_COLOR_BY_ERROR_INVALID,
                   _ ("The colour-by-value setting is not valid JSON: %s"),
                   local_error != NULL ? local_error->message : _ ("the text is not UTF-8."));
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, TWIN_COLOR_BY_ERROR, TWIN_COLOR_BY_ERROR_INVALID,
                   _ ("The colour-by-value setting is not a JSON object."));
      return NULL;
    }
  object = json_node_get_object (root);

  node = json_object_get_member (object, "parameter");
  parameter = (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
                ? json_node_get_string (node)
                : NULL;
  if (!twin_parameter_is_valid_name (parameter))
    {
      g_set_error (error, TWIN_COLOR_BY_ERROR, TWIN_COLOR_BY_ERROR_INVALID,
                   _ ("The colour-by-value setting names no valid parameter (a letter, then letters, digits or “_”)."));
      return NULL;
    }

  node = json_object_get_member (object, "map");
  if (node != NULL)
    {
      const char *name = (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
                           ? json_node_get_string (node)
                           : NULL;

      if (!twin_color_map_from_string (name, &map))
        {
          g_set_error (error, TWIN_COLOR_BY_ERROR, TWIN_COLOR_BY_ERROR_INVALID,
                       _ ("The colour-by-value setting names an unknown colour map “%s”."),
                       name != NULL ? name : "?");
          return NULL;
        }
    }

  node = json_object_get_member (object, "auto_range");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          g_set_error (error, TWIN_COLOR_BY_ERROR, TWIN_COLOR_BY_ERROR_INVALID,
                       _ ("The colour-by-value setting’s “auto_range” is not true or false."));
          return NULL;
        }
      auto_range = json_node_get_boolean (node);
    }

  /* A fixed range must be there when it is used; when it is not, it is optional. */
  if (!auto_range || json_object_has_member (object, "minimum") || json_object_has_member (object, "maximum"))
    {
      if (!read_number_member (object, "minimum", &minimum, error) ||
          !read_number_member (object, "maximum", &maximum, error))
        return NULL;
      if (minimum > maximum)
        {
          g_autofree char *low = twin_format_number (minimum);
          g_autofree char *high = twin_format_number (maximum);

          g_set_error (error, TWIN_COLOR_BY_ERROR, TWIN_COLOR_BY_ERROR_INVALID,
                       _ ("The colour-by-value setting’s range runs backwards, from %s down to %s."),
                       low, high);
          return NULL;
        }
    }

  self = twin_color_by_new (parameter);
  self->map = map;
  self->auto_range = auto_range;
  self->minimum = minimum;
  self->maximum = maximum;
  return g_steal_pointer (&self);
}

/**
 * twin_color_by_to_string:
 *
 * The saved form: one line of JSON, fixed key order, numbers with a dot.
 * twin_color_by_new_from_string() reads it back to an equal setting.
 *
 * Returns: (transfer full): the text
 */
char *
twin_color_by_to_string (TwinColorBy *self)
{
  g_autoptr (JsonNode) parameter = NULL;
  g_autofree char *parameter_text = NULL;
  g_autofree char *minimum = NULL;
  g_autofree char *maximum = NULL;

  g_return_val_if_fail (TWIN_IS_COLOR_BY (self), NULL);

  parameter = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (parameter, self->parameter);
  parameter_text = json_to_string (parameter, FALSE);
  minimum = twin_format_number (self->minimum == 0.0 ? 0.0 : self->minimum);
  maximum = twin_format_number (self->maximum == 0.0 ? 0.0 : self->maximum);

  return g_strdup_printf ("{\"parameter\": %s, \"map\": \"%s\", \"auto_range\": %s, \"minimum\": %s, \"maximum\": %s}",
                          parameter_text, twin_color_map_to_string (self->map),
                          self->auto_range ? "true" : "false", minimum, maximum);
}

/**
 * twin_color_by_copy:
 *
 * Returns: (transfer full): a new setting with the same parameter, map and
 *   ranges, and the default value function (a replaced function belongs to
 *   whoever set it)
 */
TwinColorBy *
twin_color_by_copy (TwinColorBy *self)
{
  TwinColorBy *copy;

  g_return_val_if_fail (TWIN_IS_COLOR_BY (self), NULL);

  copy = twin_color_by_new (self->parameter);
  copy->map = self->map;
  copy->auto_range = self->auto_range;
  copy->minimum = self->minimum;
  copy->maximum = self->maximum;
  return copy;
}

/**
 * twin_color_by_equal:
 *
 * Returns: %TRUE if both settings have the same parameter, map, automatic
 *   flag and fixed range (the value functions are not compared)
 */
gboolean
twin_color_by_equal (TwinColorBy *a,
                     TwinColorBy *b)
{
  g_return_val_if_fail (TWIN_IS_COLOR_BY (a), FALSE);
  g_return_val_if_fail (TWIN_IS_COLOR_BY (b), FALSE);

  return g_strcmp0 (a->parameter, b->parameter) == 0 && a->map == b->map &&
         a->auto_range == b->auto_range && a->minimum == b->minimum && a->maximum == b->maximum;
}

/**
 * twin_color_by_get_parameter:
 *
 * Returns: the name of the parameter entities are coloured by
 */
const char *
twin_color_by_get_parameter (TwinColorBy *self)
{
  g_return_val_if_fail (TWIN_IS_COLOR_BY (self), NULL);

  return self->parameter;
}

/**
 * twin_color_by_set_parameter:
 * @parameter: a valid parameter name
 */
void
twin_color_by_set_parameter (TwinColorBy *self,
                             const char  *parameter)
{
  g_return_if_fail (TWIN_IS_COLOR_BY (self));
  g_return_if_fail (twin_parameter_is_valid_name (parameter));

  if (g_strcmp0 (self->parameter, parameter) == 0)
    return;
  g_free (self->parameter);
  self->parameter = g_strdup (parameter);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARAMETER]);
  emit_changed (self);
}

/**
 * twin_color_by_get_map:
 *
 * Returns: the colour map values are shown through
 */
TwinColorMap
twin_color_by_get_map (TwinColorBy *self)
{
  g_return_val_if_fail (TWIN_IS_COLOR_BY (self), TWIN_COLOR_MAP_DEFAULT);

  return self->map;
}

/**
 * twin_color_by_set_map:
 * @map: a colour map
 */
void
twin_color_by_set_map (TwinColorBy *self,
                       TwinColorMap map)
{
  g_return_if_fail (TWIN_IS_COLOR_BY (self));
  g_return_if_fail ((guint) map < TWIN_COLOR_MAP_N_MAPS);

  if (self->map == map)
    return;
  self->map = map;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAP]);
  emit_changed (self);
}

/**
 * twin_color_by_get_auto_range:
 *
 * Returns: %TRUE if the range follows the values in the model, %FALSE if it
 *   is the fixed range
 */
gboolean
twin_color_by_get_auto_range (TwinColorBy *self)
{
  g_return_val_if_fail (TWIN_IS_COLOR_BY (self), TRUE);

  return self->auto_range;
}

/**
 * twin_color_by_set_auto_range:
 * @auto_range: %TRUE to follow the values in the model, %FALSE to use the
 *   fixed range (twin_color_by_set_fixed_range())
 */
void
twin_color_by_set_auto_range (TwinColorBy *self,
                              gboolean     auto_range)
{
  g_return_if_fail (TWIN_IS_COLOR_BY (self));

  auto_range = !!auto_range;
  if (self->auto_range == auto_range)
    return;
  self->auto_range = auto_range;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_RANGE]);
  emit_changed (self);
}

/**
 * twin_color_by_get_fixed_range:
 * @minimum: (out) (optional): the value at the map's low end, parameter's unit
 * @maximum: (out) (optional): the value at its high end
 *
 * The fixed range, kept even while the range is automatic.
 */
void
twin_color_by_get_fixed_range (TwinColorBy *self,
                               double      *minimum,
                               double      *maximum)
{
  g_return_if_fail (TWIN_IS_COLOR_BY (self));

  if (minimum != NULL)
    *minimum = self->minimum;
  if (maximum != NULL)
    *maximum = self->maximum;
}

/**
 * twin_color_by_set_fixed_range:
 * @minimum: the value at the map's low end, in the parameter's unit
 * @maximum: the value at its high end, at least @minimum
 *
 * Sets the fixed range and makes the range fixed (turns automatic off).
 * Both must be finite.
 */
void
twin_color_by_set_fixed_range (TwinColorBy *self,
                               double       minimum,
                               double       maximum)
{
  gboolean changed = FALSE;

  g_return_if_fail (TWIN_IS_COLOR_BY (self));
  g_return_if_fail (isfinite (minimum) && isfinite (maximum) && minimum <= maximum);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->minimum != minimum)
    {
      self->minimum = minimum;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MINIMUM]);
      changed = TRUE;
    }
  if (self->maximum != maximum)
    {
      self->maximum = maximum;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAXIMUM]);
      changed = TRUE;
    }
  if (self->auto_range)
    {
      self->auto_range = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_RANGE]);
      changed = TRUE;
    }
  g_object_thaw_notify (G_OBJECT (self));
  if (changed)
    emit_changed (self);
}

/**
 * twin_color_by_set_value_func:
 * @func: (nullable): what gives an entity's value, or %NULL for the default
 *   (its number or integer parameter named by the setting)
 * @user_data: passed to @func
 * @destroy: (nullable): frees @user_data when the function is replaced or
 *   the setting finalized
 *
 * Replaces where values come from: live feeds and simulations set their
 * latest values here, and call twin_color_by_notify_values_changed() when
 * those change.
 */
void
twin_color_by_set_value_func (TwinColorBy         *self,
                              TwinColorByValueFunc func,
                              gpointer             user_data,
                              GDestroyNotify       destroy)
{
  gpointer       old_data;
  GDestroyNotify old_destroy;

  g_return_if_fail (TWIN_IS_COLOR_BY (self));

  old_data = self->value_data;
  old_destroy = self->value_destroy;
  self->value_func = func != NULL ? func : read_parameter_value;
  self->value_data = func != NULL ? user_data : NULL;
  self->value_destroy = func != NULL ? destroy : NULL;
  if (old_destroy != NULL)
    old_destroy (old_data);
  emit_changed (self);
}

/**
 * twin_color_by_notify_values_changed:
 *
 * Tells views that values given by the value function changed (emits
 * #TwinColorBy::changed). Parameter edits in the model need no call: views
 * redraw on model changes anyway.
 */
void
twin_color_by_notify_values_changed (TwinColorBy *self)
{
  g_return_if_fail (TWIN_IS_COLOR_BY (self));

  emit_changed (self);
}

/**
 * twin_color_by_get_value:
 * @entity: an entity
 * @value: (out) (optional): its value, in the parameter's unit
 *
 * The value @entity is coloured by, from the value function.
 *
 * Returns: %TRUE if it has a finite value, %FALSE if it is drawn as "no value"
 */
gboolean
twin_color_by_get_value (TwinColorBy *self,
                         TwinEntity  *entity,
                         double      *value)
{
  double number = NAN;

  g_return_val_if_fail (TWIN_IS_COLOR_BY (self), FALSE);
  g_return_val_if_fail (TWIN_IS_ENTITY (entity), FALSE);

  if (!self->value_func (entity, self->parameter, &number, self->value_data) || !isfinite (number))
    return FALSE;
  if (value != NULL)
    *value = number;
  return TRUE;
}

/**
 * twin_color_by_compute_auto_range:
 * @model: the twin
 * @minimum: (out) (optional): the lowest value
 * @maximum: (out) (optional): the highest value
 *
 * The automatic range: the lowest and highest value over the entities of
 * @model that have one and hold no entity that has one (the finest level
 * of the hierarchy carrying the value: rooms rather than their building,
 * whose total would squash them into one colour). O(entities).
 *
 * Returns: %TRUE if at least one entity has a value (the range is then set)
 */
gboolean
twin_color_by_compute_auto_range (TwinColorBy *self,
                                  TwinModel   *model,
                                  double      *minimum,
                                  double      *maximum)
{
  double   low = 0.0;
  double   high = 0.0;
  gboolean found = FALSE;

  g_return_val_if_fail (TWIN_IS_COLOR_BY (self), FALSE);
  g_return_val_if_fail (TWIN_IS_MODEL (model), FALSE);

  extend_range (self, twin_model_get_root (model), &low, &high, &found);
  if (!found)
    return FALSE;
  if (minimum != NULL)
    *minimum = low;
  if (maximum != NULL)
    *maximum = high;
  return TRUE;
}

/**
 * twin_color_by_get_range:
 * @model: (nullable): the twin, needed for an automatic range
 * @minimum: (out) (optional): the value at the map's low end
 * @maximum: (out) (optional): the value at its high end
 *
 * The range in use: the automatic one over @model when the range is
 * automatic, else the fixed one.
 *
 * Returns: %TRUE if there is a range; %FALSE when it is automatic and no
 *   entity has a value (or @model is %NULL)
 */
gboolean
twin_color_by_get_range (TwinColorBy *self,
                         TwinModel   *model,
                         double      *minimum,
                         double      *maximum)
{
  g_return_val_if_fail (TWIN_IS_COLOR_BY (self), FALSE);
  g_return_val_if_fail (model == NULL || TWIN_IS_MODEL (model), FALSE);

  if (self->auto_range)
    return model != NULL && twin_color_by_compute_auto_range (self, model, minimum, maximum);
  twin_color_by_get_fixed_range (self, minimum, maximum);
  return TRUE;
}

/**
 * twin_color_by_find_unit:
 * @model: the twin
 *
 * The unit to show on a legend: the one given to twin_color_by_set_unit(),
 * or else that of the first number or integer parameter of the setting's
 * name, depth first from the root.
 *
 * Returns: (nullable): the unit ("" for a plain number), or %NULL when no
 *   entity has such a parameter
 */
const char *
twin_color_by_find_unit (TwinColorBy *self,
                         TwinModel   *model)
{
  g_return_val_if_fail (TWIN_IS_COLOR_BY (self), NULL);
  g_return_val_if_fail (TWIN_IS_MODEL (model), NULL);

  if (self->unit != NULL)
    return self->unit;
  return find_unit (twin_model_get_root (model), self->parameter);
}

/**
 * twin_color_by_set_unit:
 * @unit: (nullable): the unit of the values, or %NULL to look it up in the model
 *
 * Says what unit values from a value function are in (a simulation's °C),
 * for the legend; by default it is the unit of the parameter of the
 * setting's name. Not saved with the setting.
 */
void
twin_color_by_set_unit (TwinColorBy *self,
                        const char  *unit)
{
  g_return_if_fail (TWIN_IS_COLOR_BY (self));

  if (g_strcmp0 (self->unit, unit) == 0)
    return;
  g_free (self->unit);
  self->unit = g_strdup (unit);
  emit_changed (self);
}

/**
 * twin_color_by_get_color:
 * @entity: an entity
 * @minimum: the range's low end (twin_color_by_get_range())
 * @maximum: the range's high end
 * @rgb: (out caller-allocates): the entity's colour, linear RGB
 *
 * The colour of @entity's value on the map over @minimum … @maximum; values
 * outside are clamped to the ends, and an empty range gives the map's middle.
 *
 * Returns: %TRUE if the entity has a value; %FALSE leaves @rgb untouched
 *   (draw it with twin_color_by_get_no_value_color())
 */
gboolean
twin_color_by_get_color (TwinColorBy *self,
                         TwinEntity  *entity,
                         double       minimum,
                         double       maximum,
                         float        rgb[3])
{
  double value;

  g_return_val_if_fail (TWIN_IS_COLOR_BY (self), FALSE);
  g_return_val_if_fail (TWIN_IS_ENTITY (entity), FALSE);
  g_return_val_if_fail (rgb != NULL, FALSE);

  if (!twin_color_by_get_value (self, entity, &value))
    return FALSE;
  twin_color_map_evaluate (self->map, twin_color_map_normalize (value, minimum, maximum), rgb);
  return TRUE;
}

/**
 * twin_color_by_get_no_value_color:
 * @rgb: (out caller-allocates): linear RGB
 *
 * The neutral grey of entities without a value while colouring by value.
 */
void
twin_color_by_get_no_value_color (float rgb[3])
{
  g_return_if_fail (rgb != NULL);

  rgb[0] = rgb[1] = rgb[2] = NO_VALUE_LINEAR;
}
