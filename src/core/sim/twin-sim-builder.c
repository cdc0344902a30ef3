/* twin-sim-builder.c: what a component type declares when a model is compiled for simulation.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A component's compile() (src/core/library) reads its parameters through a
 * TwinSimBuilder, converted to SI and with the scenario's overrides applied,
 * and declares capacities, conductances, states and driven ports. The builder
 * only records these in a TwinSimComponent; twin-sim-model.c joins them into
 * one system. A parameter that cannot be read is remembered in the builder
 * and reported by the engine after compile() returns, naming the entity.
 */

#define G_LOG_DOMAIN "twin-sim-builder"

#include "config.h"

#include "twin-sim-model-private.h"
#include "twin-sim-solver.h"

#include "model/twin-parameter.h"
#include "model/twin-unit.h"

#include <glib/gi18n-lib.h>
#include <math.h>

/* Static helpers */

static void
clear_capacity (gpointer data)
{
  TwinSimCapacityDecl *capacity = data;

  g_free (capacity->state);
}

static void
clear_state (gpointer data)
{
  TwinSimStateDecl *state = data;

  g_free (state->name);
}

static void
set_parameter_error (TwinSimBuilder *self,
                     const char     *format,
                     ...) G_GNUC_PRINTF (2, 3);

static void
set_parameter_error (TwinSimBuilder *self,
                     const char     *format,
                     ...)
{
  g_autofree char *label = NULL;
  g_autofree char *message = NULL;
  va_list          args;

  if (self->error != NULL)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  label = _twin_sim_component_dup_label (self->component);
  /* TRANSLATORS: the first %s is an entity with its path, "Room 1 (Office/Room 1)" */
  self->error = g_error_new (TWIN_SIM_ERROR, TWIN_SIM_ERROR_MODEL, _ ("%s: %s"), label, message);
}

/* The parameter and its value (the override when the scenario has one), or NULL. */
static TwinParameter *
lookup_parameter (TwinSimBuilder *self,
                  const char     *name,
                  GVariant      **value)
{
  TwinParameter *parameter = twin_entity_get_parameter (self->entity, name);

  if (parameter == NULL)
    {
      set_parameter_error (self, _ ("it has no parameter “%s”."), name);
      return NULL;
    }
  *value = self->overrides != NULL ? g_hash_table_lookup (self->overrides, name) : NULL;
  if (*value == NULL)
    *value = twin_parameter_get_value (parameter);
  return parameter;
}

static void
check_port (TwinSimBuilder *self,
            guint           port)
{
  g_return_if_fail (port < self->component->n_ports);
}

/* Internal API */

TwinSimComponent *
_twin_sim_component_new (TwinEntity           *entity,
                         const TwinEntityType *type)
{
  TwinSimComponent *self = g_new0 (TwinSimComponent, 1);

  self->path = twin_entity_dup_path (entity);
  self->name = g_strdup (twin_entity_get_name (entity));
  self->type = type;
  self->sim = type->sim;
  self->n_ports = type->n_ports;
  self->params = g_array_new (FALSE, FALSE, sizeof (double));
  self->states = g_array_new (FALSE, FALSE, sizeof (TwinSimStateDecl));
  g_array_set_clear_func (self->states, clear_state);
  self->capacities = g_array_new (FALSE, FALSE, sizeof (TwinSimCapacityDecl));
  g_array_set_clear_func (self->capacities, clear_capacity);
  self->conductances = g_array_new (FALSE, FALSE, sizeof (TwinSimConductanceDecl));
  self->joins = g_array_new (FALSE, FALSE, sizeof (guint));
  self->differences = g_array_new (FALSE, FALSE, sizeof (TwinSimDifferenceDecl));
  self->port_flags = g_new0 (guint8, MAX (self->n_ports, 1));
  self->input_default = g_new0 (double, MAX (self->n_ports, 1));
  self->feedthrough = (type->flags & TWIN_ENTITY_TYPE_FLAGS_FEEDTHROUGH) != 0;
  self->slot = g_new (guint, MAX (self->n_ports, 1));
  self->input_scale = g_new (double, MAX (self->n_ports, 1));
  self->input_offset = g_new0 (double, MAX (self->n_ports, 1));
  for (guint i = 0; i < self->n_ports; i++)
    {
      self->slot[i] = TWIN_SIM_NONE;
      self->input_scale[i] = 1.0;
    }
  return self;
}

void
_twin_sim_component_free (TwinSimComponent *self)
{
  if (self == NULL)
    return;
  if (self->data_destroy != NULL)
    self->data_destroy (self->data);
  g_free (self->path);
  g_free (self->name);
  g_array_unref (self->params);
  g_array_unref (self->states);
  g_array_unref (self->capacities);
  g_array_unref (self->conductances);
  g_array_unref (self->joins);
  g_array_unref (self->differences);
  g_free (self->port_flags);
  g_free (self->input_default);
  g_free (self->slot);
  g_free (self->input_scale);
  g_free (self->input_offset);
  g_free (self);
}

/* "Room 1 (Office/Room 1)", or the path alone for the root. */
char *
_twin_sim_component_dup_label (const TwinSimComponent *self)
{
  if (g_strcmp0 (self->name, self->path) == 0)
    return g_strdup (self->path);
  return g_strdup_printf ("%s (%s)", self->name, self->path);
}

/* Public API */

/**
 * twin_sim_builder_get_entity:
 *
 * Returns: (transfer none): the entity being compiled
 */
TwinEntity *
twin_sim_builder_get_entity (TwinSimBuilder *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->entity;
}

/**
 * twin_sim_builder_get_number:
 * @parameter: the name of a number or integer parameter
 *
 * Reads a parameter converted from its unit to SI (°C → K, % → fraction),
 * after the scenario's overrides. A missing parameter, one of another kind or
 * an unknown unit makes the compilation fail with a message naming the entity.
 *
 * Returns: the value in SI, or NaN when it cannot be read
 */
double
twin_sim_builder_get_number (TwinSimBuilder *self,
                             const char     *parameter)
{
  TwinParameter *param;
  GVariant      *value = NULL;
  const char    *unit_text;
  double         number;
  TwinUnit       unit;

  g_return_val_if_fail (self != NULL, NAN);
  g_return_val_if_fail (parameter != NULL, NAN);

  param = lookup_parameter (self, parameter, &value);
  if (param == NULL)
    return NAN;
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    number = g_variant_get_double (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    number = (double) g_variant_get_int64 (value);
  else
    {
      set_parameter_error (self, _ ("its parameter “%s” is not a number."), parameter);
      return NAN;
    }
  unit_text = twin_parameter_get_unit (param);
  if (unit_text == NULL || *unit_text == '\0')
    return number;
  if (!twin_unit_parse (unit_text, &unit, NULL))
    {
      set_parameter_error (self, _ ("the unit “%s” of its parameter “%s” is unknown."), unit_text, parameter);
      return NAN;
    }
  return twin_unit_to_si (&unit, number);
}

/**
 * twin_sim_builder_get_boolean:
 * @parameter: the name of a boolean parameter
 *
 * Returns: its value after the scenario's overrides; %FALSE when it cannot be read
 */
gboolean
twin_sim_builder_get_boolean (TwinSimBuilder *self,
                              const char     *parameter)
{
  GVariant *value = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (parameter != NULL, FALSE);

  if (lookup_parameter (self, parameter, &value) == NULL)
    return FALSE;
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    {
      set_parameter_error (self, _ ("its parameter “%s” is not true or false."), parameter);
      return FALSE;
    }
  return g_variant_get_boolean (value);
}

/**
 * twin_sim_builder_get_string:
 * @parameter: the name of a string parameter
 *
 * Returns: (transfer none): its value after the scenario's overrides, valid
 *   while the compilation runs; "" when it cannot be read
 */
const char *
twin_sim_builder_get_string (TwinSimBuilder *self,
                             const char     *parameter)
{
  GVariant *value = NULL;

  g_return_val_if_fail (self != NULL, "");
  g_return_val_if_fail (parameter != NULL, "");

  if (lookup_parameter (self, parameter, &value) == NULL)
    return "";
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    {
      set_parameter_error (self, _ ("its parameter “%s” is not text."), parameter);
      return "";
    }
  return g_variant_get_string (value, NULL);
}

/**
 * twin_sim_builder_is_connected:
 * @port: a port index
 *
 * Returns: %TRUE when a connection or a scenario's input reaches @port
 */
gboolean
twin_sim_builder_is_connected (TwinSimBuilder *self,
                               guint           port)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (port < self->component->n_ports, FALSE);

  return (self->component->port_flags[port] & TWIN_SIM_PORT_CONNECTED) != 0;
}

/**
 * twin_sim_builder_add_param:
 * @value: a constant the component reads at run time
 *
 * Returns: its index for twin_sim_get_param()
 */
guint
twin_sim_builder_add_param (TwinSimBuilder *self,
                            double          value)
{
  g_return_val_if_fail (self != NULL, 0);

  g_array_append_val (self->component->params, value);
  return self->component->params->len - 1;
}

/**
 * twin_sim_builder_add_state:
 * @state: one of the type's state names
 * @initial_si: its value at the start of a run
 *
 * Returns: its index for twin_sim_get_state() and twin_sim_set_derivative()
 */
guint
twin_sim_builder_add_state (TwinSimBuilder *self,
                            const char     *state,
                            double          initial_si)
{
  TwinSimStateDecl decl;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (state != NULL, 0);

  decl.name = g_strdup (state);
  decl.initial = initial_si;
  decl.initial_port = TWIN_SIM_NONE;
  g_array_append_val (self->component->states, decl);
  return self->component->states->len - 1;
}

/**
 * twin_sim_builder_start_state_at_across:
 * @state: an index from twin_sim_builder_add_state()
 * @port: a physical port
 *
 * The state starts at the across value of the node at @port (a lagged
 * sensor starts at the temperature it measures), when that node has a
 * capacity or is driven; otherwise it keeps the value given to add_state().
 */
void
twin_sim_builder_start_state_at_across (TwinSimBuilder *self,
                                        guint           state,
                                        guint           port)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (state < self->component->states->len);
  g_return_if_fail (port < self->component->n_ports);

  g_array_index (self->component->states, TwinSimStateDecl, state).initial_port = port;
}

/**
 * twin_sim_builder_add_capacity:
 * @port: the port at the node
 * @capacity_si: the capacity to the reference
 * @state: the state name it is reported as
 * @initial_across_si: the node's across value at the start
 * @state_per_across: the reported state per unit of across value
 *
 * Makes the node's across value a state: C · d(across)/dt = Σ flows into the node.
 */
void
twin_sim_builder_add_capacity (TwinSimBuilder *self,
                               guint           port,
                               double          capacity_si,
                               const char     *state,
                               double          initial_across_si,
                               double          state_per_across)
{
  TwinSimCapacityDecl decl;

  g_return_if_fail (self != NULL);
  g_return_if_fail (state != NULL);
  check_port (self, port);

  decl.port = port;
  decl.capacity = capacity_si;
  decl.state = g_strdup (state);
  decl.initial_across = initial_across_si;
  decl.state_per_across = state_per_across;
  g_array_append_val (self->component->capacities, decl);
}

/**
 * twin_sim_builder_join_ports:
 *
 * Makes @port_a and @port_b one node.
 */
void
twin_sim_builder_join_ports (TwinSimBuilder *self,
                             guint           port_a,
                             guint           port_b)
{
  g_return_if_fail (self != NULL);
  check_port (self, port_a);
  check_port (self, port_b);

  g_array_append_val (self->component->joins, port_a);
  g_array_append_val (self->component->joins, port_b);
}

/**
 * twin_sim_builder_add_conductance:
 * @conductance_si: g, so that the flow from a to b is g · (across(a) − across(b))
 *
 * Declares a linear branch the engine evaluates and differentiates itself.
 */
void
twin_sim_builder_add_conductance (TwinSimBuilder *self,
                                  guint           port_a,
                                  guint           port_b,
                                  double          conductance_si)
{
  TwinSimConductanceDecl decl;

  g_return_if_fail (self != NULL);
  check_port (self, port_a);
  check_port (self, port_b);

  decl.port_a = port_a;
  decl.port_b = port_b;
  decl.conductance = conductance_si;
  g_array_append_val (self->component->conductances, decl);
}

/**
 * twin_sim_builder_flow_depends_on_across:
 *
 * Says that the flows this component adds at @port change with across values.
 */
void
twin_sim_builder_flow_depends_on_across (TwinSimBuilder *self,
                                         guint           port)
{
  g_return_if_fail (self != NULL);
  check_port (self, port);

  self->component->port_flags[port] |= TWIN_SIM_PORT_FLOW_DEPENDS;
}

/**
 * twin_sim_builder_drive_across:
 *
 * Says that outputs() sets the across value of the node at @port.
 */
void
twin_sim_builder_drive_across (TwinSimBuilder *self,
                               guint           port)
{
  g_return_if_fail (self != NULL);
  check_port (self, port);

  self->component->port_flags[port] |= TWIN_SIM_PORT_DRIVES;
}

/**
 * twin_sim_builder_drive_difference:
 *
 * Says that outputs() sets across(@port_p) − across(@port_n) with
 * twin_sim_set_across_difference(); one of the two nodes must be driven from
 * elsewhere.
 */
void
twin_sim_builder_drive_difference (TwinSimBuilder *self,
                                   guint           port_p,
                                   guint           port_n)
{
  TwinSimDifferenceDecl decl;

  g_return_if_fail (self != NULL);
  check_port (self, port_p);
  check_port (self, port_n);

  decl.port_p = port_p;
  decl.port_n = port_n;
  decl.dependent = TWIN_SIM_NONE;
  g_array_append_val (self->component->differences, decl);
}

/**
 * twin_sim_builder_require_driven:
 *
 * Says that the node at @port must be driven (a capacitor's n at a ground).
 */
void
twin_sim_builder_require_driven (TwinSimBuilder *self,
                                 guint           port)
{
  g_return_if_fail (self != NULL);
  check_port (self, port);

  self->component->port_flags[port] |= TWIN_SIM_PORT_REQUIRE_DRIVEN;
}

/**
 * twin_sim_builder_set_input_default:
 * @value_si: the value of @port when nothing feeds it
 */
void
twin_sim_builder_set_input_default (TwinSimBuilder *self,
                                    guint           port,
                                    double          value_si)
{
  g_return_if_fail (self != NULL);
  check_port (self, port);

  self->component->port_flags[port] |= TWIN_SIM_PORT_HAS_DEFAULT;
  self->component->input_default[port] = value_si;
}

/**
 * twin_sim_builder_set_feedthrough:
 *
 * Says whether its outputs depend on its inputs at the same instant.
 */
void
twin_sim_builder_set_feedthrough (TwinSimBuilder *self,
                                  gboolean        feedthrough)
{
  g_return_if_fail (self != NULL);

  self->component->feedthrough = !!feedthrough;
}

/**
 * twin_sim_builder_reads_across_in_outputs:
 *
 * Says that outputs() reads the across value at @port (a sensor with no lag).
 */
void
twin_sim_builder_reads_across_in_outputs (TwinSimBuilder *self,
                                          guint           port)
{
  g_return_if_fail (self != NULL);
  check_port (self, port);

  self->component->port_flags[port] |= TWIN_SIM_PORT_READS_ACROSS;
}

/**
 * twin_sim_builder_add_events:
 * @n_events: how many event functions events() fills
 */
void
twin_sim_builder_add_events (TwinSimBuilder *self,
                             guint           n_events)
{
  g_return_if_fail (self != NULL);

  self->component->n_events += n_events;
}

/**
 * twin_sim_builder_set_initial_mode:
 * @mode: the mode at the start of a run, before start()
 */
void
twin_sim_builder_set_initial_mode (TwinSimBuilder *self,
                                   int             mode)
{
  g_return_if_fail (self != NULL);

  self->component->initial_mode = mode;
}

/**
 * twin_sim_builder_set_data:
 * @data: (transfer full): the component's own data, as context->data at run time
 * @destroy: (nullable): frees @data with the compiled model
 */
void
twin_sim_builder_set_data (TwinSimBuilder *self,
                           gpointer        data,
                           GDestroyNotify  destroy)
{
  g_return_if_fail (self != NULL);

  if (self->component->data_destroy != NULL)
    self->component->data_destroy (self->component->data);
  self->component->data = data;
  self->component->data_destroy = destroy;
}

/**
 * twin_sim_builder_fail:
 * @error: the error to set
 * @format: a translated sentence fragment saying what is wrong
 *
 * Sets a %TWIN_SIM_ERROR_MODEL error naming the entity:
 * "Room 1 (Office/Room 1): <message>".
 *
 * Returns: %FALSE, for `return twin_sim_builder_fail (…)` in compile()
 */
gboolean
twin_sim_builder_fail (TwinSimBuilder *self,
                       GError        **error,
                       const char     *format,
                       ...)
{
  g_autofree char *label = NULL;
  g_autofree char *message = NULL;
  va_list          args;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  label = _twin_sim_component_dup_label (self->component);
  g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_MODEL, _ ("%s: %s"), label, message);
  return FALSE;
}

/**
 * twin_sim_set_across_difference:
 * @context: a component with twin_sim_builder_drive_difference() on the two ports
 * @difference: across(@port_p) − across(@port_n), SI
 *
 * Sets the node of the pair that is not driven from elsewhere.
 */
void
twin_sim_set_across_difference (TwinSimContext *context,
                                guint           port_p,
                                guint           port_n,
                                double          difference)
{
  const TwinSimComponent *component = context->engine;
  double                 *across = context->frame->across;

  for (guint i = 0; i < component->differences->len; i++)
    {
      const TwinSimDifferenceDecl *decl = &g_array_index (component->differences, TwinSimDifferenceDecl, i);

      if (decl->port_p != port_p || decl->port_n != port_n)
        continue;
      if (context->slot[port_p] == TWIN_SIM_NONE || context->slot[port_n] == TWIN_SIM_NONE)
        return;
      if (decl->dependent == port_p)
        across[context->slot[port_p]] = across[context->slot[port_n]] + difference;
      else if (decl->dependent == port_n)
        across[context->slot[port_n]] = across[context->slot[port_p]] - difference;
      return;
    }
}
