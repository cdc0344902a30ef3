/* twin-lib-battery.c: the battery, a charge store with an internal resistance.
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
  { "p", N_ ("+"), TWIN_DOMAIN_ELECTRICAL, TWIN_PORT_PHYSICAL, FALSE },
  { "n", N_ ("−"), TWIN_DOMAIN_ELECTRICAL, TWIN_PORT_PHYSICAL, FALSE },
};

static const TwinParameterSpec parameters[] = {
  { "capacity", TWIN_VALUE_NUMBER, 100, NULL, "Ah", 0.001, 1e6, N_ ("Charge the battery holds when full.") },
  { "nominal_voltage", TWIN_VALUE_NUMBER, 12, NULL, "V", 0.1, 2000, N_ ("Open-circuit voltage when full.") },
  { "internal_resistance", TWIN_VALUE_NUMBER, 0.01, NULL, "Ω", 0, 100, N_ ("Internal series resistance.") },
  { "initial_charge", TWIN_VALUE_NUMBER, 80, NULL, "%", 0, 100, N_ ("State of charge when a simulation starts.") },
};

static const TwinStateSpec states[] = {
  { "soc", "1", N_ ("State of charge, from 0 (empty) to 1 (full).") },
};

enum
{
  PORT_P,
  PORT_N,
};

enum
{
  PARAM_NOMINAL_VOLTAGE,
  PARAM_RESISTANCE,
  PARAM_CHARGE,
};

static gboolean
battery_compile (TwinSimBuilder *builder,
                 GError        **error)
{
  double resistance = twin_sim_builder_get_number (builder, "internal_resistance");
  double charge = twin_sim_builder_get_number (builder, "capacity");

  if (!(resistance > 0))
    return twin_sim_builder_fail (builder, error, _ ("the internal resistance must be greater than zero."));
  if (!(charge > 0))
    return twin_sim_builder_fail (builder, error, _ ("the capacity must be greater than zero."));
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "nominal_voltage"));
  twin_sim_builder_add_param (builder, resistance);
  twin_sim_builder_add_param (builder, charge);
  twin_sim_builder_add_state (builder, "soc", twin_sim_builder_get_number (builder, "initial_charge"));
  twin_sim_builder_flow_depends_on_across (builder, PORT_P);
  twin_sim_builder_flow_depends_on_across (builder, PORT_N);
  return TRUE;
}

static void
battery_flows (TwinSimContext *context)
{
  double soc = twin_sim_get_state (context, 0);
  double ocv = twin_sim_get_param (context, PARAM_NOMINAL_VOLTAGE) * (0.8 + 0.2 * soc);
  double voltage = twin_sim_get_across (context, PORT_P) - twin_sim_get_across (context, PORT_N);
  double current = (ocv - voltage) / twin_sim_get_param (context, PARAM_RESISTANCE);

  twin_sim_add_flow (context, PORT_P, current);
  twin_sim_add_flow (context, PORT_N, -current);
  twin_sim_set_derivative (context, 0, -current / twin_sim_get_param (context, PARAM_CHARGE));
}

static const TwinSimBehaviour sim = {
  .equations = "E = `nominal_voltage` · (0.8 + 0.2 · soc)\n"
               "i = (E − (v_p − v_n)) / R, with R = `internal_resistance`; i leaves at *p* (discharge) and returns at *n*\n"
               "d(soc)/dt = −i / Q, with Q = `capacity` (in coulombs: 1 Ah = 3600 C) and soc(0) = `initial_charge`",
  .assumptions = "The open-circuit voltage is linear in the state of charge, from 80 % of `nominal_voltage` when "
                 "empty to `nominal_voltage` when full. No cut-off: soc is not held between 0 and 1 (watch it in the "
                 "results). Coulombic efficiency 1, no temperature or rate effects, no self-discharge. An internal "
                 "resistance of zero is refused.",
  .compile = battery_compile,
  .flows = battery_flows,
};

const TwinEntityType twin_lib_battery = {
  .name = "battery",
  .label = N_ ("Battery"),
  .icon_name = "battery-symbolic",
  .description = N_ ("A rechargeable battery: an open-circuit voltage that follows the state of charge, behind an internal resistance."),
  .domain = TWIN_DOMAIN_ELECTRICAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .states = states,
  .n_states = G_N_ELEMENTS (states),
  .sim = &sim,
};
