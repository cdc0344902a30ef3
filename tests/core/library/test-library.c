/* test-library.c: tests of the component library (src/core/library/, src/core/model/twin-entity-type.c).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every registered type is checked against the rules the rest of the core
 * relies on (names, ports, units, ranges, flags), so a new type that breaks
 * one fails here and names itself. The page docs/components.md is checked
 * against the library, byte for byte.
 */

#include "config.h"

#include "components-doc.h"

#include "twin-core.h"

#include <math.h>
#include <string.h>

/* The icon theme every icon name must come from, when installed. */
#define ADWAITA_ICONS "/usr/share/icons/Adwaita/scalable"

/* Identifiers as files and parameters use them: a letter, then letters, digits and `_`. */
static gboolean
is_identifier (const char *name)
{
  if (name == NULL || !g_ascii_isalpha (name[0]) || strlen (name) > 64)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

/* A translatable sentence: not empty, starts upper case, ends with a full stop. */
static gboolean
is_sentence (const char *text)
{
  gsize length = text != NULL ? strlen (text) : 0;

  return length > 1 && g_unichar_isupper (g_utf8_get_char (text)) && text[length - 1] == '.';
}

static gboolean
has_port (const TwinEntityType *type,
          TwinDomain            domain,
          TwinPortDirection     direction)
{
  for (guint i = 0; i < type->n_ports; i++)
    if (type->ports[i].domain == domain && type->ports[i].direction == direction)
      return TRUE;
  return FALSE;
}

static gboolean
icon_exists (const char *icon_name)
{
  const char *const contexts[] = { "actions", "apps", "categories", "devices", "emblems", "emotes",
                                   "legacy", "mimetypes", "places", "status", "ui" };

  for (guint i = 0; i < G_N_ELEMENTS (contexts); i++)
    {
      g_autofree char *file = g_strconcat (icon_name, ".svg", NULL);
      g_autofree char *path = g_build_filename (ADWAITA_ICONS, contexts[i], file, NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return TRUE;
    }
  return FALSE;
}

static void
check_ports (const TwinEntityType *type)
{
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  if (type->domain == TWIN_DOMAIN_NONE)
    g_assert_cmpuint (type->n_ports, ==, 0);
  else
    g_assert_cmpuint (type->n_ports, >=, 1);
  g_assert_true (type->n_ports == 0 || type->ports != NULL);

  for (guint i = 0; i < type->n_ports; i++)
    {
      const TwinPortSpec *port = &type->ports[i];

      g_test_message ("%s: port %s", type->name, port->name);
      g_assert_true (is_identifier (port->name));
      g_assert_true (g_hash_table_add (names, (gpointer) port->name));
      g_assert_nonnull (port->label);
      g_assert_cmpstr (port->label, !=, "");
      g_assert_cmpint (port->domain, !=, TWIN_DOMAIN_NONE);
      if (port->domain == TWIN_DOMAIN_SIGNAL)
        g_assert_true (port->direction == TWIN_PORT_INPUT || port->direction == TWIN_PORT_OUTPUT);
      else
        g_assert_cmpint (port->direction, ==, TWIN_PORT_PHYSICAL);
      /* An output with nothing attached is harmless; every signal output may stay open. */
      if (port->direction == TWIN_PORT_OUTPUT)
        g_assert_true (port->optional);
      g_assert_true (twin_entity_type_find_port (type, port->name) == port);
    }
  g_assert_null (twin_entity_type_find_port (type, "no_such_port"));

  /* The palette group is a domain the type really has a port in. */
  if (type->domain != TWIN_DOMAIN_NONE)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < type->n_ports; i++)
        found |= type->ports[i].domain == type->domain;
      g_assert_true (found);
    }
}

static void
check_parameters (const TwinEntityType *type)
{
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_true (type->n_parameters == 0 || type->parameters != NULL);
  for (guint i = 0; i < type->n_parameters; i++)
    {
      const TwinParameterSpec *spec = &type->parameters[i];

      g_test_message ("%s: parameter %s", type->name, spec->name);
      g_assert_true (twin_parameter_is_valid_name (spec->name));
      g_assert_true (g_hash_table_add (names, (gpointer) spec->name));
      g_assert_true (is_sentence (spec->description));
      g_assert_true (twin_entity_type_find_parameter (type, spec->name) == spec);

      switch (spec->kind)
        {
        case TWIN_VALUE_NUMBER:
        case TWIN_VALUE_INTEGER:
          g_assert_null (spec->text);
          g_assert_false (isnan (spec->minimum));
          g_assert_false (isnan (spec->maximum));
          g_assert_true (isfinite (spec->value));
          g_assert_cmpfloat (spec->minimum, <=, spec->maximum);
          g_assert_cmpfloat (spec->value, >=, spec->minimum);
          g_assert_cmpfloat (spec->value, <=, spec->maximum);
          if (spec->kind == TWIN_VALUE_INTEGER)
            g_assert_cmpfloat (spec->value, ==, floor (spec->value));
          if (spec->unit != NULL)
            {
              g_autoptr (GError) error = NULL;
              TwinUnit unit;

              g_assert_true (twin_unit_parse (spec->unit, &unit, &error));
              g_assert_no_error (error);
            }
          break;
        case TWIN_VALUE_BOOLEAN:
          g_assert_null (spec->unit);
          g_assert_true (spec->value == 0 || spec->value == 1);
          break;
        case TWIN_VALUE_STRING:
          g_assert_null (spec->unit);
          g_assert_nonnull (spec->text);
          g_assert_true (g_utf8_validate (spec->text, -1, NULL));
          break;
        default:
          g_assert_not_reached ();
        }
    }
  g_assert_null (twin_entity_type_find_parameter (type, "no_such_parameter"));
}

static void
check_states (const TwinEntityType *type)
{
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_true (type->n_states == 0 || type->states != NULL);
  /* Structure and assets take no part in a simulation. */
  if (type->domain == TWIN_DOMAIN_NONE)
    g_assert_cmpuint (type->n_states, ==, 0);
  for (guint i = 0; i < type->n_states; i++)
    {
      const TwinStateSpec *state = &type->states[i];
      g_autoptr (GError) error = NULL;
      TwinUnit unit;

      g_test_message ("%s: state %s", type->name, state->name);
      g_assert_true (is_identifier (state->name));
      g_assert_true (g_hash_table_add (names, (gpointer) state->name));
      g_assert_true (is_sentence (state->description));
      g_assert_true (twin_entity_type_find_state (type, state->name) == state);
      /* State variables are in SI units: a scale of one, no offset (K, never °C). */
      g_assert_true (twin_unit_parse (state->unit, &unit, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (unit.scale, ==, 1);
      g_assert_cmpfloat (unit.offset, ==, 0);
    }
  g_assert_null (twin_entity_type_find_state (type, "no_such_state"));
}

static void
check_flags (const TwinEntityType *type)
{
  g_assert_cmpint (type->flags & ~(TWIN_ENTITY_TYPE_FLAGS_REFERENCE | TWIN_ENTITY_TYPE_FLAGS_FEEDTHROUGH | TWIN_ENTITY_TYPE_FLAGS_CONTAINER), ==, 0);
  if (type->flags & TWIN_ENTITY_TYPE_FLAGS_CONTAINER)
    {
      g_assert_cmpint (type->domain, ==, TWIN_DOMAIN_NONE);
      g_assert_cmpuint (type->n_ports, ==, 0);
    }
  /* A reference fixes the across variable of a physical network it is part of. */
  if (type->flags & TWIN_ENTITY_TYPE_FLAGS_REFERENCE)
    g_assert_true (has_port (type, type->domain, TWIN_PORT_PHYSICAL));
  /* Feedthrough is a path from a signal input to a signal output. */
  if (type->flags & TWIN_ENTITY_TYPE_FLAGS_FEEDTHROUGH)
    {
      g_assert_true (has_port (type, TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT));
      g_assert_true (has_port (type, TWIN_DOMAIN_SIGNAL, TWIN_PORT_OUTPUT));
    }
}

static void
test_every_type_valid (void)
{
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  const TwinEntityType *const *types;
  guint                        n_types = 0;
  gboolean                     check_icons = g_file_test (ADWAITA_ICONS, G_FILE_TEST_IS_DIR);

  types = twin_entity_type_get_all (&n_types);
  g_assert_nonnull (types);
  g_assert_cmpuint (n_types, >=, 46);
  if (!check_icons)
    g_test_message ("%s is absent: icon files not checked", ADWAITA_ICONS);

  for (guint i = 0; i < n_types; i++)
    {
      const TwinEntityType *type = types[i];

      g_assert_nonnull (type);
      g_test_message ("type %s", type->name);
      g_assert_true (twin_entity_type_is_valid_name (type->name));
      g_assert_true (is_identifier (type->name));
      g_assert_true (g_hash_table_add (names, (gpointer) type->name));
      g_assert_true (twin_entity_type_lookup (type->name) == type);
      g_assert_nonnull (type->label);
      g_assert_cmpstr (type->label, !=, "");
      g_assert_cmpstr (twin_entity_type_get_label (type->name), ==, type->label);
      g_assert_true (is_sentence (type->description));
      g_assert_true (g_str_has_suffix (type->icon_name, "-symbolic"));
      g_assert_cmpstr (twin_entity_type_get_icon (type->name), ==, type->icon_name);
      if (check_icons && !icon_exists (type->icon_name))
        g_error ("type %s: icon %s is not in %s", type->name, type->icon_name, ADWAITA_ICONS);
      g_assert_cmpint (type->domain, >=, TWIN_DOMAIN_NONE);
      g_assert_cmpint (type->domain, <=, TWIN_DOMAIN_SIGNAL);

      check_ports (type);
      check_parameters (type);
      check_states (type);
      check_flags (type);
    }
}

/* The palette groups types by domain: each domain's types are together, in domain order. */
static void
test_palette_order (void)
{
  const TwinEntityType *const *types;
  guint                        n_types;

  types = twin_entity_type_get_all (&n_types);
  for (guint i = 1; i < n_types; i++)
    g_assert_cmpint (types[i - 1]->domain, <=, types[i]->domain);
}

static void
test_issue_types_exist (void)
{
  /* The issue's list, and the structural types the example twin uses. */
  static const char *const required[] = {
    "thermal_capacitance",
    "thermal_conductance",
    "convection",
    "radiation",
    "heat_source",
    "fixed_temperature",
    "room",
    "resistor",
    "capacitor",
    "inductor",
    "voltage_source",
    "current_source",
    "battery",
    "ground",
    "tank",
    "pipe",
    "pump",
    "valve",
    "reservoir",
    "demand",
    "inertia",
    "spring",
    "damper",
    "torque_source",
    "wind_rotor",
    "generator",
    "constant",
    "step",
    "ramp",
    "sine",
    "table",
    "gain",
    "sum",
    "pid",
    "hysteresis",
    "limiter",
    "sensor",
    "asset",
    "system",
    "subsystem",
    "site",
    "building",
    "floor",
    "lamp",
    "ventilation",
    "heater",
  };

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      g_test_message ("type %s", required[i]);
      g_assert_nonnull (twin_entity_type_lookup (required[i]));
    }
}

typedef struct
{
  const char       *type;
  const char       *port;
  TwinDomain        domain;
  TwinPortDirection direction;
  gboolean          optional;
} PortCase;

/* The ports other parts (validation, examples, simulation) rely on by name. */
static void
test_known_ports (void)
{
  static const PortCase cases[] = {
    { "resistor", "p", TWIN_DOMAIN_ELECTRICAL, TWIN_PORT_PHYSICAL, FALSE },
    { "resistor", "n", TWIN_DOMAIN_ELECTRICAL, TWIN_PORT_PHYSICAL, FALSE },
    { "ground", "p", TWIN_DOMAIN_ELECTRICAL, TWIN_PORT_PHYSICAL, FALSE },
    { "thermal_conductance", "a", TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, FALSE },
    { "thermal_conductance", "b", TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, FALSE },
    { "room", "heat", TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, TRUE },
    { "heater", "heat", TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, TRUE },
    { "heater", "command", TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, TRUE },
    { "heat_source", "heat_flow", TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, TRUE },
    { "pump", "in", TWIN_DOMAIN_HYDRAULIC, TWIN_PORT_PHYSICAL, FALSE },
    { "pump", "out", TWIN_DOMAIN_HYDRAULIC, TWIN_PORT_PHYSICAL, FALSE },
    { "pump", "speed", TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, TRUE },
    { "valve", "opening", TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, TRUE },
    { "generator", "a", TWIN_DOMAIN_ROTATIONAL, TWIN_PORT_PHYSICAL, FALSE },
    { "generator", "p", TWIN_DOMAIN_ELECTRICAL, TWIN_PORT_PHYSICAL, FALSE },
    { "generator", "n", TWIN_DOMAIN_ELECTRICAL, TWIN_PORT_PHYSICAL, FALSE },
    { "sum", "in1", TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, FALSE },
    { "sum", "in2", TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, FALSE },
    { "pid", "setpoint", TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, FALSE },
    { "pid", "measurement", TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, FALSE },
    { "pid", "out", TWIN_DOMAIN_SIGNAL, TWIN_PORT_OUTPUT, TRUE },
    { "sensor", "measured", TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, TRUE },
    { "sensor", "out", TWIN_DOMAIN_SIGNAL, TWIN_PORT_OUTPUT, TRUE },
    { "gain", "in", TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const TwinEntityType *type = twin_entity_type_lookup (cases[i].type);
      const TwinPortSpec   *port;

      g_test_message ("%s.%s", cases[i].type, cases[i].port);
      g_assert_nonnull (type);
      port = twin_entity_type_find_port (type, cases[i].port);
      g_assert_nonnull (port);
      g_assert_cmpint (port->domain, ==, cases[i].domain);
      g_assert_cmpint (port->direction, ==, cases[i].direction);
      g_assert_cmpint (!!port->optional, ==, !!cases[i].optional);
    }
}

static void
test_flags (void)
{
  static const char *const references[] = {
    "ground",
    "fixed_temperature",
    "thermal_capacitance",
    "room",
    "reservoir",
    "tank",
    "inertia",
    "fixed",
  };
  static const char *const     feedthrough[] = { "gain", "sum", "limiter", "pid", "table" };
  static const char *const     containers[] = { "system", "subsystem", "site", "building", "floor" };
  /* Blocks whose output depends only on their state (or on time): they break signal loops. */
  static const char *const     not_feedthrough[] = { "sensor", "hysteresis", "constant", "step", "ramp", "sine" };
  const TwinEntityType *const *types;
  guint                        n_types;
  guint                        n_references = 0;
  guint                        n_feedthrough = 0;
  guint                        n_containers = 0;

  for (guint i = 0; i < G_N_ELEMENTS (references); i++)
    g_assert_true (twin_entity_type_lookup (references[i])->flags & TWIN_ENTITY_TYPE_FLAGS_REFERENCE);
  for (guint i = 0; i < G_N_ELEMENTS (feedthrough); i++)
    g_assert_true (twin_entity_type_lookup (feedthrough[i])->flags & TWIN_ENTITY_TYPE_FLAGS_FEEDTHROUGH);
  for (guint i = 0; i < G_N_ELEMENTS (containers); i++)
    g_assert_true (twin_entity_type_lookup (containers[i])->flags & TWIN_ENTITY_TYPE_FLAGS_CONTAINER);
  for (guint i = 0; i < G_N_ELEMENTS (not_feedthrough); i++)
    g_assert_false (twin_entity_type_lookup (not_feedthrough[i])->flags & TWIN_ENTITY_TYPE_FLAGS_FEEDTHROUGH);
  g_assert_cmpint (twin_entity_type_lookup ("asset")->flags, ==, TWIN_ENTITY_TYPE_FLAGS_NONE);
  g_assert_cmpint (twin_entity_type_lookup ("asset")->domain, ==, TWIN_DOMAIN_NONE);
  g_assert_cmpint (twin_entity_type_lookup ("sensor")->domain, ==, TWIN_DOMAIN_SIGNAL);

  /* Exactly those: a stray flag would change what validation reports. */
  types = twin_entity_type_get_all (&n_types);
  for (guint i = 0; i < n_types; i++)
    {
      n_references += !!(types[i]->flags & TWIN_ENTITY_TYPE_FLAGS_REFERENCE);
      n_feedthrough += !!(types[i]->flags & TWIN_ENTITY_TYPE_FLAGS_FEEDTHROUGH);
      n_containers += !!(types[i]->flags & TWIN_ENTITY_TYPE_FLAGS_CONTAINER);
    }
  g_assert_cmpuint (n_references, ==, G_N_ELEMENTS (references));
  g_assert_cmpuint (n_feedthrough, ==, G_N_ELEMENTS (feedthrough));
  g_assert_cmpuint (n_containers, ==, G_N_ELEMENTS (containers));
}

/* No unit reads as NULL in a spec and may read as "" on a parameter. */
static const char *
unit_or_empty (const char *unit)
{
  return unit != NULL ? unit : "";
}

static void
test_instantiate (void)
{
  const TwinEntityType *const *types;
  guint                        n_types;

  types = twin_entity_type_get_all (&n_types);
  for (guint i = 0; i < n_types; i++)
    {
      const TwinEntityType *type = types[i];
      g_autoptr (TwinEntity) entity = twin_entity_type_instantiate (type, NULL);
      g_autoptr (TwinEntity) named = twin_entity_type_instantiate (type, "Named one");

      g_test_message ("type %s", type->name);
      g_assert_cmpstr (twin_entity_get_type_name (entity), ==, type->name);
      g_assert_cmpstr (twin_entity_get_name (entity), ==, type->label);
      g_assert_cmpstr (twin_entity_get_name (named), ==, "Named one");
      g_assert_true (twin_entity_is_valid_id (twin_entity_get_id (entity)));
      g_assert_cmpstr (twin_entity_get_id (entity), !=, twin_entity_get_id (named));
      g_assert_null (twin_entity_get_parent (entity));
      g_assert_cmpuint (twin_entity_get_n_children (entity), ==, 0);
      g_assert_cmpuint (twin_entity_get_n_parameters (entity), ==, type->n_parameters);

      for (guint j = 0; j < type->n_parameters; j++)
        {
          const TwinParameterSpec *spec = &type->parameters[j];
          TwinParameter           *parameter = twin_entity_get_parameter (entity, spec->name);
          g_autoptr (TwinParameter) first = g_list_model_get_item (twin_entity_get_parameters (entity), j);
          g_autoptr (GError) error = NULL;

          g_test_message ("%s: parameter %s", type->name, spec->name);
          g_assert_nonnull (parameter);
          /* In the spec's order. */
          g_assert_true (first == parameter);
          g_assert_cmpint (twin_parameter_get_kind (parameter), ==, spec->kind);
          g_assert_cmpstr (twin_parameter_get_description (parameter), ==, spec->description);
          switch (spec->kind)
            {
            case TWIN_VALUE_NUMBER:
              g_assert_cmpfloat (twin_parameter_get_number (parameter), ==, spec->value);
              g_assert_cmpstr (unit_or_empty (twin_parameter_get_unit (parameter)), ==, unit_or_empty (spec->unit));
              g_assert_cmpfloat (twin_parameter_get_minimum (parameter), ==, spec->minimum);
              g_assert_cmpfloat (twin_parameter_get_maximum (parameter), ==, spec->maximum);
              break;
            case TWIN_VALUE_INTEGER:
              g_assert_cmpint (twin_parameter_get_integer (parameter), ==, (gint64) spec->value);
              g_assert_cmpstr (unit_or_empty (twin_parameter_get_unit (parameter)), ==, unit_or_empty (spec->unit));
              g_assert_cmpfloat (twin_parameter_get_minimum (parameter), ==, spec->minimum);
              g_assert_cmpfloat (twin_parameter_get_maximum (parameter), ==, spec->maximum);
              break;
            case TWIN_VALUE_BOOLEAN:
              g_assert_cmpint (twin_parameter_get_boolean (parameter), ==, spec->value != 0);
              break;
            case TWIN_VALUE_STRING:
            default:
              g_assert_cmpstr (twin_parameter_get_string (parameter), ==, spec->text);
              break;
            }
          /* The parameter's own check accepts its default. */
          g_assert_true (twin_parameter_check_value (parameter, twin_parameter_get_value (parameter), &error));
          g_assert_no_error (error);
        }
    }
}

/* The legacy types keep every parameter files written before the library may carry. */
static void
test_legacy_parameters (void)
{
  static const char *const room[] = { "floor_area", "volume", "width", "depth", "height", "setpoint", "occupancy" };
  static const char *const heater[] = { "heating_power", "efficiency" };
  const TwinEntityType    *type;

  type = twin_entity_type_lookup ("room");
  for (guint i = 0; i < G_N_ELEMENTS (room); i++)
    g_assert_nonnull (twin_entity_type_find_parameter (type, room[i]));
  g_assert_nonnull (twin_entity_type_find_state (type, "T"));
  g_assert_cmpstr (twin_entity_type_find_parameter (type, "setpoint")->unit, ==, "°C");
  type = twin_entity_type_lookup ("heater");
  for (guint i = 0; i < G_N_ELEMENTS (heater); i++)
    g_assert_nonnull (twin_entity_type_find_parameter (type, heater[i]));
  g_assert_nonnull (twin_entity_type_find_parameter (twin_entity_type_lookup ("sensor"), "sample_interval"));
  g_assert_nonnull (twin_entity_type_find_parameter (twin_entity_type_lookup ("lamp"), "dimmable"));
  g_assert_nonnull (twin_entity_type_find_parameter (twin_entity_type_lookup ("ventilation"), "air_flow"));
  g_assert_nonnull (twin_entity_type_find_parameter (twin_entity_type_lookup ("asset"), "serial_number"));
  g_assert_nonnull (twin_entity_type_find_parameter (twin_entity_type_lookup ("building"), "year_built"));
  g_assert_nonnull (twin_entity_type_find_parameter (twin_entity_type_lookup ("floor"), "level"));
  g_assert_nonnull (twin_entity_type_find_parameter (twin_entity_type_lookup ("site"), "area"));
}

static void
test_unknown_type (void)
{
  g_assert_null (twin_entity_type_lookup ("custom-type.v2"));
  g_assert_null (twin_entity_type_lookup (""));
  g_assert_null (twin_entity_type_lookup ("Room"));
  g_assert_cmpstr (twin_entity_type_get_label ("custom-type.v2"), ==, "custom-type.v2");
  g_assert_cmpstr (twin_entity_type_get_icon ("custom-type.v2"), ==, "emblem-system-symbolic");
  g_assert_null (twin_entity_type_get_label (NULL));
  g_assert_null (twin_entity_type_get_icon (NULL));
  g_assert_true (twin_entity_type_is_valid_name ("custom-type.v2"));
  g_assert_false (twin_entity_type_is_valid_name ("Room"));
  g_assert_false (twin_entity_type_is_valid_name ("2room"));
  g_assert_false (twin_entity_type_is_valid_name ("room/zone"));
  g_assert_false (twin_entity_type_is_valid_name (""));
  g_assert_false (twin_entity_type_is_valid_name (NULL));
}

static void
test_domain_strings (void)
{
  static const struct
  {
    TwinDomain  domain;
    const char *name;
    const char *label;
  } cases[] = {
    { TWIN_DOMAIN_NONE, "none", "Structure" },
    { TWIN_DOMAIN_THERMAL, "thermal", "Thermal" },
    { TWIN_DOMAIN_ELECTRICAL, "electrical", "Electrical" },
    { TWIN_DOMAIN_HYDRAULIC, "hydraulic", "Hydraulic" },
    { TWIN_DOMAIN_ROTATIONAL, "rotational", "Mechanical (rotational)" },
    { TWIN_DOMAIN_SIGNAL, "signal", "Signal" },
  };
  static const char *const bad[] = { "", "Thermal", "THERMAL", "thermal ", "mechanical", "electric" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TwinDomain domain = (TwinDomain) -1;

      g_assert_cmpstr (twin_domain_to_string (cases[i].domain), ==, cases[i].name);
      g_assert_true (twin_domain_from_string (cases[i].name, &domain));
      g_assert_cmpint (domain, ==, cases[i].domain);
      g_assert_true (twin_domain_from_string (twin_domain_to_string (cases[i].domain), NULL));
      g_assert_cmpstr (twin_domain_get_label (cases[i].domain), ==, cases[i].label);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      TwinDomain domain = TWIN_DOMAIN_SIGNAL;

      g_assert_false (twin_domain_from_string (bad[i], &domain));
      /* Untouched on failure. */
      g_assert_cmpint (domain, ==, TWIN_DOMAIN_SIGNAL);
    }
  g_assert_false (twin_domain_from_string (NULL, NULL));
}

/* A new entity of each type goes into a model and keeps its parameters there. */
static void
test_create_in_model (void)
{
  g_autoptr (TwinModel) model = twin_model_new (NULL);
  const TwinEntityType *const *types;
  guint                        n_types;

  types = twin_entity_type_get_all (&n_types);
  for (guint i = 0; i < n_types; i++)
    {
      g_autoptr (GError) error = NULL;
      TwinEntity *entity;

      entity = twin_model_create_entity (model, twin_model_get_root (model), types[i]->name, NULL, -1, &error);
      g_assert_no_error (error);
      g_assert_nonnull (entity);
      g_assert_cmpstr (twin_entity_get_type_name (entity), ==, types[i]->name);
      g_assert_cmpuint (twin_entity_get_n_parameters (entity), ==, types[i]->n_parameters);
    }
  g_assert_cmpuint (twin_entity_get_n_children (twin_model_get_root (model)), ==, n_types);
}

static char *
doc_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", COMPONENTS_DOC_PATH, NULL);
}

static void
test_doc_lists_every_type (void)
{
  g_autofree char *path = doc_path ();
  g_autofree char *page = NULL;
  g_autoptr (GError) error = NULL;
  const TwinEntityType *const *types;
  guint                        n_types;

  g_assert_true (g_file_get_contents (path, &page, NULL, &error));
  g_assert_no_error (error);
  types = twin_entity_type_get_all (&n_types);
  for (guint i = 0; i < n_types; i++)
    {
      g_autofree char *heading = g_strdup_printf ("\n### %s (`%s`)\n", types[i]->label, types[i]->name);

      if (strstr (page, heading) == NULL)
        g_error ("%s has no section for type %s; regenerate it with: ninja -C build components-doc", path, types[i]->name);
    }
}

static void
test_doc_up_to_date (void)
{
  g_autofree char *path = doc_path ();
  g_autofree char *page = NULL;
  g_autofree char *expected = components_doc_generate ();
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &page, NULL, &error));
  g_assert_no_error (error);
  if (strcmp (page, expected) != 0)
    {
      const char *a = page;
      const char *b = expected;
      guint       line = 1;

      for (; *a != '\0' && *a == *b; a++, b++)
        line += *a == '\n';
      g_error ("%s differs from the component library from line %u on; "
               "regenerate it with: ninja -C build components-doc",
               path, line);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/library/every-type-valid", test_every_type_valid);
  g_test_add_func ("/core/library/palette-order", test_palette_order);
  g_test_add_func ("/core/library/issue-types-exist", test_issue_types_exist);
  g_test_add_func ("/core/library/known-ports", test_known_ports);
  g_test_add_func ("/core/library/flags", test_flags);
  g_test_add_func ("/core/library/instantiate", test_instantiate);
  g_test_add_func ("/core/library/legacy-parameters", test_legacy_parameters);
  g_test_add_func ("/core/library/unknown-type", test_unknown_type);
  g_test_add_func ("/core/library/domain-strings", test_domain_strings);
  g_test_add_func ("/core/library/create-in-model", test_create_in_model);
  g_test_add_func ("/core/library/doc-lists-every-type", test_doc_lists_every_type);
  g_test_add_func ("/core/library/doc-up-to-date", test_doc_up_to_date);

  return g_test_run ();
}
