/* twin-entity-type.c: looks up the component types of the library and builds entities from them.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The types themselves are plain constant tables, one file per type under
 * src/core/library/, listed in twin-library.c. This file indexes them by name
 * (once, thread-safely), answers the lookups every view makes per row, and
 * turns a type into a detached entity carrying its default parameters.
 * Parameter values and ranges are in the unit the spec names, which is the
 * unit a user reads (°C, m³/h, kW); conversion to SI is the simulation's job.
 */

#define G_LOG_DOMAIN "twin-entity-type"

#include "config.h"

#include "twin-entity-type.h"
#include "twin-parameter.h"

#include "library/twin-library.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The icon of entities whose type this build does not know. */
#define UNKNOWN_TYPE_ICON "emblem-system-symbolic"

typedef struct
{
  TwinDomain  domain;
  const char *name;
  const char *label;
} DomainInfo;

static const DomainInfo domains[] = {
  { TWIN_DOMAIN_NONE, "none", N_ ("Structure") },
  { TWIN_DOMAIN_THERMAL, "thermal", N_ ("Thermal") },
  { TWIN_DOMAIN_ELECTRICAL, "electrical", N_ ("Electrical") },
  { TWIN_DOMAIN_HYDRAULIC, "hydraulic", N_ ("Hydraulic") },
  { TWIN_DOMAIN_ROTATIONAL, "rotational", N_ ("Mechanical (rotational)") },
  { TWIN_DOMAIN_SIGNAL, "signal", N_ ("Signal") },
};

/* name → const TwinEntityType *, built on first use and never freed. */
static GHashTable *
get_types_by_name (void)
{
  static GHashTable *by_name;

  if (g_once_init_enter (&by_name))
    {
      GHashTable                  *table = g_hash_table_new (g_str_hash, g_str_equal);
      const TwinEntityType *const *types;
      guint                        n_types;

      types = twin_library_get_types (&n_types);
      for (guint i = 0; i < n_types; i++)
        {
          g_assert (!g_hash_table_contains (table, types[i]->name));
          g_hash_table_insert (table, (gpointer) types[i]->name, (gpointer) types[i]);
        }
      g_once_init_leave (&by_name, table);
    }
  return by_name;
}

/**
 * twin_entity_type_lookup:
 * @name: a type name
 *
 * Returns: (nullable): the component type named @name, or %NULL when this
 *   build does not know it
 */
const TwinEntityType *
twin_entity_type_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (get_types_by_name (), name);
}

/**
 * twin_entity_type_get_all:
 * @n_types: (out): the number of types
 *
 * Returns: (array length=n_types) (transfer none): every component type of the
 *   library, grouped by domain in palette order: structure, thermal,
 *   electrical, hydraulic, rotational, signal
 */
const TwinEntityType *const *
twin_entity_type_get_all (guint *n_types)
{
  g_return_val_if_fail (n_types != NULL, NULL);

  return twin_library_get_types (n_types);
}

/**
 * twin_entity_type_get_label:
 * @name: (nullable): a type name
 *
 * Returns: (nullable): the translated label of type @name, or @name itself
 *   for a type this build does not know
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
 * @name: (nullable): a type name
 *
 * Returns: (nullable): the symbolic icon name of type @name, a generic one
 *   for a type this build does not know
 */
const char *
twin_entity_type_get_icon (const char *name)
{
  const TwinEntityType *type;

  if (name == NULL)
    return NULL;
  type = twin_entity_type_lookup (name);
  return type != NULL ? type->icon_name : UNKNOWN_TYPE_ICON;
}

/**
 * twin_entity_type_is_valid_name:
 * @name: (nullable): a candidate type name
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
 * twin_entity_type_find_port:
 * @type: a component type
 * @port_name: a port name
 *
 * Returns: (nullable): the port of @type named @port_name, or %NULL
 */
const TwinPortSpec *
twin_entity_type_find_port (const TwinEntityType *type,
                            const char           *port_name)
{
  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (port_name != NULL, NULL);

  for (guint i = 0; i < type->n_ports; i++)
    if (strcmp (type->ports[i].name, port_name) == 0)
      return &type->ports[i];
  return NULL;
}

/**
 * twin_entity_type_find_parameter:
 * @type: a component type
 * @parameter_name: a parameter name
 *
 * Returns: (nullable): the parameter of @type named @parameter_name, or %NULL
 */
const TwinParameterSpec *
twin_entity_type_find_parameter (const TwinEntityType *type,
                                 const char           *parameter_name)
{
  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (parameter_name != NULL, NULL);

  for (guint i = 0; i < type->n_parameters; i++)
    if (strcmp (type->parameters[i].name, parameter_name) == 0)
      return &type->parameters[i];
  return NULL;
}

/**
 * twin_entity_type_find_state:
 * @type: a component type
 * @state_name: a state variable's name
 *
 * Returns: (nullable): the state variable of @type named @state_name, or %NULL
 */
const TwinStateSpec *
twin_entity_type_find_state (const TwinEntityType *type,
                             const char           *state_name)
{
  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (state_name != NULL, NULL);

  for (guint i = 0; i < type->n_states; i++)
    if (strcmp (type->states[i].name, state_name) == 0)
      return &type->states[i];
  return NULL;
}

static TwinParameter *
parameter_new_from_spec (const TwinParameterSpec *spec)
{
  TwinParameter *parameter;

  switch (spec->kind)
    {
    case TWIN_VALUE_NUMBER:
      parameter = twin_parameter_new_number (spec->name, spec->value, spec->unit, spec->minimum, spec->maximum);
      break;
    case TWIN_VALUE_INTEGER:
      parameter = twin_parameter_new_integer (spec->name, (gint64) spec->value, spec->unit, spec->minimum, spec->maximum);
      break;
    case TWIN_VALUE_BOOLEAN:
      parameter = twin_parameter_new_boolean (spec->name, spec->value != 0);
      break;
    case TWIN_VALUE_STRING:
    default:
      parameter = twin_parameter_new_string (spec->name, spec->text != NULL ? spec->text : "");
      break;
    }
  twin_parameter_set_description (parameter, _ (spec->description));
  return parameter;
}

/**
 * twin_entity_type_instantiate:
 * @type: a component type
 * @name: (nullable): the new entity's name, or %NULL for the type's label
 *
 * Builds a detached entity of @type with a new id and every parameter of the
 * type at its default, with its unit, range and translated description.
 *
 * Returns: (transfer full): the new entity
 */
TwinEntity *
twin_entity_type_instantiate (const TwinEntityType *type,
                              const char           *name)
{
  TwinEntity *entity;

  g_return_val_if_fail (type != NULL, NULL);

  entity = twin_entity_new (NULL, type->name, name != NULL ? name : _ (type->label));
  for (guint i = 0; i < type->n_parameters; i++)
    {
      g_autoptr (TwinParameter) parameter = parameter_new_from_spec (&type->parameters[i]);

      twin_entity_add_parameter (entity, parameter);
    }
  return entity;
}

/**
 * twin_domain_get_label:
 * @domain: a domain
 *
 * Returns: the translated name of @domain as the palette groups it
 *   ("Thermal", "Mechanical (rotational)"; "Structure" for %TWIN_DOMAIN_NONE)
 */
const char *
twin_domain_get_label (TwinDomain domain)
{
  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    if (domains[i].domain == domain)
      return _ (domains[i].label);
  g_return_val_if_reached (NULL);
}

/**
 * twin_domain_to_string:
 * @domain: a domain
 *
 * Returns: the stable name of @domain used in files and on the command line:
 *   `none`, `thermal`, `electrical`, `hydraulic`, `rotational` or `signal`
 */
const char *
twin_domain_to_string (TwinDomain domain)
{
  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    if (domains[i].domain == domain)
      return domains[i].name;
  g_return_val_if_reached (NULL);
}

/**
 * twin_domain_from_string:
 * @text: (nullable): a stable domain name, as twin_domain_to_string() gives
 * @domain: (out) (optional): where to store the domain
 *
 * Reads a domain name (exactly, case-sensitively). Leaves @domain unchanged
 * when @text is not one.
 *
 * Returns: %TRUE when @text names a domain
 */
gboolean
twin_domain_from_string (const char *text,
                         TwinDomain *domain)
{
  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    if (strcmp (domains[i].name, text) == 0)
      {
        if (domain != NULL)
          *domain = domains[i].domain;
        return TRUE;
      }
  return FALSE;
}
