/* twin-entity-type.c: the built-in kinds of entity, with their icons and default parameters.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This table is the seed of the component library: the structural kinds a
 * building, plant or district twin starts from. Each kind lists the
 * parameters a new entity of that kind starts with, in the unit a user
 * reads, with their allowed range.
 */

#define G_LOG_DOMAIN "twin-entity-type"

#include "config.h"

#include "twin-entity-type.h"
#include "twin-parameter.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

typedef struct
{
  const char   *type_name;
  const char   *name;
  TwinValueKind kind;
  double        value; /* numbers, integers and booleans */
  const char   *text;  /* strings */
  const char   *unit;
  double        minimum;
  double        maximum;
  const char   *description;
} DefaultParameter;

static const TwinEntityType types[] = {
  { "system", N_ ("System"), "applications-engineering-symbolic",
    N_ ("A whole twin or an independent part of one.") },
  { "subsystem", N_ ("Subsystem"), "folder-symbolic",
    N_ ("A group of components that work together.") },
  { "site", N_ ("Site"), "find-location-symbolic",
    N_ ("A plot of land, campus or district with its buildings and networks.") },
  { "building", N_ ("Building"), "go-home-symbolic",
    N_ ("A building with its floors.") },
  { "floor", N_ ("Floor"), "view-continuous-symbolic",
    N_ ("One storey of a building.") },
  { "room", N_ ("Room"), "view-grid-symbolic",
    N_ ("A room or thermal zone.") },
  { "heater", N_ ("Heater"), "weather-clear-symbolic",
    N_ ("A radiator, convector or other heat emitter.") },
  { "sensor", N_ ("Sensor"), "display-brightness-symbolic",
    N_ ("A device that measures one quantity.") },
  { "lamp", N_ ("Lamp"), "weather-clear-night-symbolic",
    N_ ("A light fitting.") },
  { "ventilation", N_ ("Ventilation unit"), "weather-windy-symbolic",
    N_ ("A fan or air-handling unit that moves air.") },
  { "asset", N_ ("Asset"), "package-x-generic-symbolic",
    N_ ("Equipment that only carries data, without physics.") },
};

#define INF INFINITY

static const DefaultParameter defaults[] = {
  { "site", "area", TWIN_VALUE_NUMBER, 10000, NULL, "m²", 0, INF, N_ ("Ground area of the site.") },
  { "building", "floor_area", TWIN_VALUE_NUMBER, 1000, NULL, "m²", 0, INF, N_ ("Gross floor area of all floors.") },
  { "building", "year_built", TWIN_VALUE_INTEGER, 2000, NULL, NULL, 1000, 2200, N_ ("Year the building was finished.") },
  { "floor", "level", TWIN_VALUE_INTEGER, 0, NULL, NULL, -20, 300, N_ ("Storey number; 0 is the ground floor.") },
  { "floor", "height", TWIN_VALUE_NUMBER, 3, NULL, "m", 0.5, 100, N_ ("Height from floor to floor.") },
  { "room", "floor_area", TWIN_VALUE_NUMBER, 20, NULL, "m²", 0, 100000, N_ ("Net floor area.") },
  { "room", "volume", TWIN_VALUE_NUMBER, 60, NULL, "m³", 0, 1000000, N_ ("Air volume.") },
  { "room", "width", TWIN_VALUE_NUMBER, 5, NULL, "m", 0, 1000, N_ ("Inside size along X.") },
  { "room", "depth", TWIN_VALUE_NUMBER, 4, NULL, "m", 0, 1000, N_ ("Inside size along Y.") },
  { "room", "height", TWIN_VALUE_NUMBER, 3, NULL, "m", 0, 100, N_ ("Floor to ceiling.") },
  { "room", "setpoint", TWIN_VALUE_NUMBER, 21, NULL, "°C", 5, 35, N_ ("Heating setpoint of the air temperature.") },
  { "room", "occupancy", TWIN_VALUE_INTEGER, 0, NULL, NULL, 0, 10000, N_ ("Number of people the room is designed for.") },
  { "heater", "heating_power", TWIN_VALUE_NUMBER, 1000, NULL, "W", 0, 10000000, N_ ("Nominal heat output.") },
  { "heater", "efficiency", TWIN_VALUE_NUMBER, 95, NULL, "%", 0, 100, N_ ("Share of input power delivered as heat.") },
  { "sensor", "quantity", TWIN_VALUE_STRING, 0, "temperature", NULL, -INF, INF, N_ ("What the sensor measures.") },
  { "sensor", "sample_interval", TWIN_VALUE_NUMBER, 60, NULL, "s", 0.001, 86400, N_ ("Time between two readings.") },
  { "lamp", "power", TWIN_VALUE_NUMBER, 40, NULL, "W", 0, 100000, N_ ("Electrical power when on.") },
  { "lamp", "dimmable", TWIN_VALUE_BOOLEAN, 0, NULL, NULL, -INF, INF, N_ ("Whether the light output can be dimmed.") },
  { "ventilation", "air_flow", TWIN_VALUE_NUMBER, 500, NULL, "m³/h", 0, 1000000, N_ ("Nominal supply air flow.") },
  { "ventilation", "fan_power", TWIN_VALUE_NUMBER, 150, NULL, "W", 0, 1000000, N_ ("Electrical power of the fans.") },
  { "asset", "manufacturer", TWIN_VALUE_STRING, 0, "", NULL, -INF, INF, N_ ("Who made it.") },
  { "asset", "serial_number", TWIN_VALUE_STRING, 0, "", NULL, -INF, INF, N_ ("The maker's serial number.") },
};

/**
 * twin_entity_type_lookup:
 *
 * Returns: (nullable): the built-in type named @name
 */
const TwinEntityType *
twin_entity_type_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (strcmp (types[i].name, name) == 0)
      return &types[i];
  return NULL;
}

/**
 * twin_entity_type_get_all:
 * @n_types: (out): the number of types
 *
 * Returns: (array length=n_types): every built-in type, in palette order
 */
const TwinEntityType *
twin_entity_type_get_all (guint *n_types)
{
  g_return_val_if_fail (n_types != NULL, NULL);

  *n_types = G_N_ELEMENTS (types);
  return types;
}

/**
 * twin_entity_type_get_label:
 *
 * Returns: the translated label of type @name, or @name itself for a type
 *   this build does not know
 */
const char *
twin_entity_type_get_label (const char *name)
{
  const TwinEntityType *type;

  if (name == NULL)
    return NULL;
  type = twin_entity_type_lookup (name);
  return type != NULL ? _ (type->label) : name;
}

/**
 * twin_entity_type_get_icon:
 *
 * Returns: the icon name of type @name, a generic one for unknown types
 */
const char *
twin_entity_type_get_icon (const char *name)
{
  const TwinEntityType *type;

  if (name == NULL)
    return NULL;
  type = twin_entity_type_lookup (name);
  return type != NULL ? type->icon_name : "emblem-system-symbolic";
}

/**
 * twin_entity_type_is_valid_name:
 *
 * Type names are lower-case identifiers: a letter, then letters, digits,
 * `_`, `-` or `.`, at most 64 bytes. Unknown but valid names are kept.
 *
 * Returns: %TRUE when @name may be a type name
 */
gboolean
twin_entity_type_is_valid_name (const char *name)
{
  if (name == NULL || !g_ascii_islower (name[0]) || strlen (name) > 64)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_' && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

/**
 * twin_entity_type_instantiate:
 * @type: a built-in type
 * @name: (nullable): the new entity's name, or %NULL for the type's label
 *
 * Returns: (transfer full): a detached entity of @type with its default parameters
 */
TwinEntity *
twin_entity_type_instantiate (const TwinEntityType *type,
                              const char           *name)
{
  TwinEntity *entity;

  g_return_val_if_fail (type != NULL, NULL);

  entity = twin_entity_new (NULL, type->name, name != NULL ? name : _ (type->label));
  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    {
      const DefaultParameter *d = &defaults[i];
      g_autoptr (TwinParameter) parameter = NULL;

      if (strcmp (d->type_name, type->name) != 0)
        continue;
      switch (d->kind)
        {
        case TWIN_VALUE_NUMBER:
          parameter = twin_parameter_new_number (d->name, d->value, d->unit, d->minimum, d->maximum);
          break;
        case TWIN_VALUE_INTEGER:
          parameter = twin_parameter_new_integer (d->name, (gint64) d->value, d->unit, d->minimum, d->maximum);
          break;
        case TWIN_VALUE_BOOLEAN:
          parameter = twin_parameter_new_boolean (d->name, d->value != 0);
          break;
        case TWIN_VALUE_STRING:
        default:
          parameter = twin_parameter_new_string (d->name, d->text);
          break;
        }
      twin_parameter_set_description (parameter, _ (d->description));
      twin_entity_add_parameter (entity, parameter);
    }
  return entity;
}
