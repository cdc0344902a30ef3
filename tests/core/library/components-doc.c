/* components-doc.c: writes docs/components.md from the component library (test-only).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page is generated so it can never drift from the library: the core test
 * /core/library/doc-up-to-date compares it with this output byte for byte,
 * and gen-components-doc rewrites it (`ninja -C build components-doc`). It
 * uses the untranslated labels and descriptions, whatever the locale.
 */

#include "config.h"

#include "components-doc.h"

#include "sim/twin-sim-behaviour.h"
#include "twin-core.h"

#include <math.h>

static const TwinDomain domain_order[] = {
  TWIN_DOMAIN_NONE,
  TWIN_DOMAIN_THERMAL,
  TWIN_DOMAIN_ELECTRICAL,
  TWIN_DOMAIN_HYDRAULIC,
  TWIN_DOMAIN_ROTATIONAL,
  TWIN_DOMAIN_SIGNAL,
};

/* The untranslated label of each domain, as in twin-entity-type.c. */
static const char *
domain_title (TwinDomain domain)
{
  switch (domain)
    {
    case TWIN_DOMAIN_NONE:
      return "Structure";
    case TWIN_DOMAIN_THERMAL:
      return "Thermal";
    case TWIN_DOMAIN_ELECTRICAL:
      return "Electrical";
    case TWIN_DOMAIN_HYDRAULIC:
      return "Hydraulic";
    case TWIN_DOMAIN_ROTATIONAL:
      return "Mechanical (rotational)";
    case TWIN_DOMAIN_SIGNAL:
    default:
      return "Signal";
    }
}

static const char *
direction_text (TwinPortDirection direction)
{
  switch (direction)
    {
    case TWIN_PORT_INPUT:
      return "input";
    case TWIN_PORT_OUTPUT:
      return "output";
    case TWIN_PORT_PHYSICAL:
    default:
      return "physical";
    }
}

static const char *
kind_text (TwinValueKind kind)
{
  switch (kind)
    {
    case TWIN_VALUE_NUMBER:
      return "number";
    case TWIN_VALUE_INTEGER:
      return "integer";
    case TWIN_VALUE_BOOLEAN:
      return "boolean";
    case TWIN_VALUE_STRING:
    default:
      return "string";
    }
}

static char *
flags_text (TwinEntityTypeFlags flags,
            const char         *none)
{
  g_autoptr (GPtrArray) words = g_ptr_array_new ();

  if (flags & TWIN_ENTITY_TYPE_FLAGS_CONTAINER)
    g_ptr_array_add (words, (gpointer) "container");
  if (flags & TWIN_ENTITY_TYPE_FLAGS_REFERENCE)
    g_ptr_array_add (words, (gpointer) "reference");
  if (flags & TWIN_ENTITY_TYPE_FLAGS_FEEDTHROUGH)
    g_ptr_array_add (words, (gpointer) "feedthrough");
  if (words->len == 0)
    return g_strdup (none);
  g_ptr_array_add (words, NULL);
  return g_strjoinv (", ", (char **) words->pdata);
}

static char *
bound_text (double value)
{
  if (isinf (value))
    return g_strdup (value > 0 ? "∞" : "−∞");
  return twin_format_number (value);
}

static char *
default_text (const TwinParameterSpec *spec)
{
  switch (spec->kind)
    {
    case TWIN_VALUE_NUMBER:
      return twin_format_number (spec->value);
    case TWIN_VALUE_INTEGER:
      return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) spec->value);
    case TWIN_VALUE_BOOLEAN:
      return g_strdup (spec->value != 0 ? "true" : "false");
    case TWIN_VALUE_STRING:
    default:
      return g_strdup_printf ("`\"%s\"`", spec->text != NULL ? spec->text : "");
    }
}

static char *
range_text (const TwinParameterSpec *spec)
{
  g_autofree char *minimum = NULL;
  g_autofree char *maximum = NULL;

  if (spec->kind == TWIN_VALUE_BOOLEAN || spec->kind == TWIN_VALUE_STRING)
    return g_strdup ("—");
  if (isinf (spec->minimum) && isinf (spec->maximum))
    return g_strdup ("any");
  minimum = bound_text (spec->minimum);
  maximum = bound_text (spec->maximum);
  return g_strdup_printf ("%s … %s", minimum, maximum);
}

/* The equations, one list item per line, then the assumptions. */
static void
append_behaviour (GString                *page,
                  const TwinSimBehaviour *sim)
{
  g_auto (GStrv) lines = NULL;

  if (sim == NULL)
    {
      g_string_append (page, "Not simulated itself: a simulation takes its children and their connections.\n\n");
      return;
    }
  g_string_append (page, "Equations:\n\n");
  lines = g_strsplit (sim->equations, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_string_append_printf (page, "- %s\n", lines[i]);
  g_string_append (page, "\n");
  if (sim->assumptions != NULL)
    g_string_append_printf (page, "Assumptions: %s\n\n", sim->assumptions);
}

static void
append_type (GString              *page,
             const TwinEntityType *type)
{
  g_autofree char *flags = flags_text (type->flags, "none");

  g_string_append_printf (page, "### %s (`%s`)\n\n", type->label, type->name);
  g_string_append_printf (page, "%s\n\n", type->description);
  g_string_append_printf (page, "Icon `%s`; flags: %s.\n\n", type->icon_name, flags);

  if (type->n_ports == 0)
    g_string_append (page, "No ports.\n\n");
  else
    {
      g_string_append (page, "| Port | Label | Domain | Direction | Optional |\n");
      g_string_append (page, "| --- | --- | --- | --- | --- |\n");
      for (guint i = 0; i < type->n_ports; i++)
        {
          const TwinPortSpec *port = &type->ports[i];

          g_string_append_printf (page, "| `%s` | %s | %s | %s | %s |\n", port->name, port->label,
                                  twin_domain_to_string (port->domain), direction_text (port->direction),
                                  port->optional ? "yes" : "no");
        }
      g_string_append (page, "\n");
    }

  if (type->n_parameters == 0)
    g_string_append (page, "No parameters.\n\n");
  else
    {
      g_string_append (page, "| Parameter | Kind | Unit | Default | Range | Description |\n");
      g_string_append (page, "| --- | --- | --- | --- | --- | --- |\n");
      for (guint i = 0; i < type->n_parameters; i++)
        {
          const TwinParameterSpec *spec = &type->parameters[i];
          g_autofree char         *value = default_text (spec);
          g_autofree char         *range = range_text (spec);

          g_string_append_printf (page, "| `%s` | %s | %s | %s | %s | %s |\n", spec->name, kind_text (spec->kind),
                                  spec->unit != NULL ? spec->unit : "—", value, range, spec->description);
        }
      g_string_append (page, "\n");
    }

  if (type->n_states == 0)
    g_string_append (page, "No state variables.\n\n");
  else
    {
      g_string_append (page, "| State | Unit | Description |\n");
      g_string_append (page, "| --- | --- | --- |\n");
      for (guint i = 0; i < type->n_states; i++)
        g_string_append_printf (page, "| `%s` | %s | %s |\n", type->states[i].name, type->states[i].unit,
                                type->states[i].description);
      g_string_append (page, "\n");
    }

  append_behaviour (page, type->sim);
}

/* The page, in the library's palette order, grouped by domain. */
char *
components_doc_generate (void)
{
  GString                     *page = g_string_new (NULL);
  const TwinEntityType *const *types;
  guint                        n_types;

  types = twin_entity_type_get_all (&n_types);

  g_string_append (page,
                   "# Component library\n"
                   "\n"
                   "<!-- Generated from src/core/library/ by tests/core/library/gen-components-doc;\n"
                   "     do not edit. Regenerate with `ninja -C build components-doc`. The core test\n"
                   "     /core/library/doc-up-to-date fails when this page is stale. -->\n"
                   "\n"
                   "Every component type Twin Studio knows, grouped by domain as the palette shows\n"
                   "them. A type has typed ports, parameters with a unit, a default and an allowed\n"
                   "range, the state variables it contributes to a simulation, and its equations\n"
                   "with their assumptions.\n"
                   "`src/core/library/` holds one file per type; `HACKING.md` says how to add one.\n"
                   "\n"
                   "## Conventions\n"
                   "\n"
                   "| Domain | Name in files | Across variable | Through variable |\n"
                   "| --- | --- | --- | --- |\n"
                   "| Thermal | `thermal` | temperature (K) | heat flow (W) |\n"
                   "| Electrical | `electrical` | voltage (V) | current (A) |\n"
                   "| Hydraulic | `hydraulic` | pressure (Pa) | volume flow (m³/s) |\n"
                   "| Mechanical (rotational) | `rotational` | angular speed (rad/s) | torque (N·m) |\n"
                   "| Signal | `signal` | a real value, directed from an output to inputs | — |\n"
                   "\n"
                   "- A port connects only to a port of its own domain. A signal output feeds any\n"
                   "  number of inputs; an input has exactly one source.\n"
                   "- Physical ports are undirected. Names follow one pattern: electrical `p`/`n`,\n"
                   "  a one-port thermal element `heat`, two-port elements `a`/`b`, a pump `in`/`out`,\n"
                   "  signal blocks `in`/`out`.\n"
                   "- A port marked optional may stay unconnected: the component then uses its\n"
                   "  parameter instead (a control input), or takes no part in that network (the\n"
                   "  building types, which may only carry data). Signal outputs are always optional.\n"
                   "- Signals are plain numbers in the unit of what they stand for. An input named\n"
                   "  like a parameter of its component (a fixed temperature's `temperature`, a\n"
                   "  pump's `speed`) is in that parameter's unit (°C, %, m³/h) and overrides the\n"
                   "  parameter when connected. A temperature sensor's reading is in °C. Other\n"
                   "  commands (a heater's command, a lamp's dimming, a ventilation unit's speed)\n"
                   "  run from 0 to 1.\n"
                   "- Parameters are given in the unit shown; a file or the inspector may use any\n"
                   "  compatible unit. State variables are always in SI units.\n"
                   "- Flags: *reference* types fix the across variable of the network they are in\n"
                   "  (every physical network needs one, or validation reports it); *feedthrough*\n"
                   "  blocks pass an input to their output at the same instant, so a loop of them\n"
                   "  with no state is an algebraic loop; *container* types hold children and expose\n"
                   "  their ports.\n"
                   "\n"
                   "## Equations\n"
                   "\n"
                   "- In the equations, parameters are written `like_this` and taken in SI units\n"
                   "  (°C as K, % as a fraction, m³/h as m³/s, rpm as rad/s, Ah as C); ports are\n"
                   "  written *like this*. Temperatures are in kelvin.\n"
                   "- The connected physical ports of one domain form a node with one across value.\n"
                   "  Flows are counted into the node: at every node the flows of its components and\n"
                   "  capacities sum to zero. A node with a capacity (a thermal capacitance, a room,\n"
                   "  a tank, an inertia) has its across value as a state; a node set by a reference\n"
                   "  (a ground, a fixed temperature, a reservoir, a fixed frame) takes that value;\n"
                   "  any other node is solved from its flow balance at every instant.\n"
                   "- Discontinuities (steps, ramp corners, limits, hysteresis switches) are events\n"
                   "  located in time: the solver stops there, switches and restarts.\n"
                   "\n"
                   "## Index\n"
                   "\n"
                   "| Type | Label | Domain | Flags |\n"
                   "| --- | --- | --- | --- |\n");
  for (guint i = 0; i < n_types; i++)
    {
      g_autofree char *flags = flags_text (types[i]->flags, "—");

      g_string_append_printf (page, "| `%s` | %s | %s | %s |\n", types[i]->name, types[i]->label,
                              domain_title (types[i]->domain), flags);
    }
  g_string_append (page, "\n");

  for (guint d = 0; d < G_N_ELEMENTS (domain_order); d++)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < n_types; i++)
        if (types[i]->domain == domain_order[d])
          {
            if (!any)
              g_string_append_printf (page, "## %s\n\n", domain_title (domain_order[d]));
            any = TRUE;
            append_type (page, types[i]);
          }
    }

  /* One newline at the end, none doubled. */
  while (page->len > 1 && page->str[page->len - 1] == '\n' && page->str[page->len - 2] == '\n')
    g_string_truncate (page, page->len - 1);
  return g_string_free (page, FALSE);
}
