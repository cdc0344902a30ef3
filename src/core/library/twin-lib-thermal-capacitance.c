/* twin-lib-thermal-capacitance.c: the thermal capacitance, heat stored at one temperature.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include "sim/twin-sim-behaviour.h"

#include <glib/gi18n-lib.h>
#include <math.h>

static const TwinPortSpec ports[] = {
  { "heat", N_ ("Heat"), TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, FALSE },
};

static const TwinParameterSpec parameters[] = {
  { "heat_capacity", TWIN_VALUE_NUMBER, 1e6, NULL, "J/K", 0.001, INFINITY, N_ ("Heat needed to raise the temperature by one kelvin.") },
  { "initial_temperature", TWIN_VALUE_NUMBER, 20, NULL, "°C", -100, 2000, N_ ("Temperature when a simulation starts.") },
};

static const TwinStateSpec states[] = {
  { "T", "K", N_ ("Temperature of the capacity.") },
};

static gboolean
thermal_capacitance_compile (TwinSimBuilder *builder,
                             GError        **error)
{
  twin_sim_builder_add_capacity (builder, 0, twin_sim_builder_get_number (builder, "heat_capacity"), "T",
                                 twin_sim_builder_get_number (builder, "initial_temperature"), 1.0);
  return TRUE;
}

static const TwinSimBehaviour sim = {
  .equations = "C · dT/dt = Σ Q̇ into *heat*, with C = `heat_capacity` and T(0) = `initial_temperature`",
  .assumptions = "One uniform temperature (a lumped capacity). Capacities joined at one node add up.",
  .compile = thermal_capacitance_compile,
};

const TwinEntityType twin_lib_thermal_capacitance = {
  .name = "thermal_capacitance",
  .label = N_ ("Thermal capacitance"),
  .icon_name = "drive-harddisk-symbolic",
  .description = N_ ("A lumped heat capacity at one temperature, such as a wall layer, a floor slab or a volume of water."),
  .domain = TWIN_DOMAIN_THERMAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_REFERENCE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .states = states,
  .n_states = G_N_ELEMENTS (states),
  .sim = &sim,
};
