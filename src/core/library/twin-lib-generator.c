/* twin-lib-generator.c: the generator, a machine between a rotating shaft and an electrical circuit.
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
  { "a", N_ ("Shaft"), TWIN_DOMAIN_ROTATIONAL, TWIN_PORT_PHYSICAL, FALSE },
  { "p", N_ ("+"), TWIN_DOMAIN_ELECTRICAL, TWIN_PORT_PHYSICAL, FALSE },
  { "n", N_ ("−"), TWIN_DOMAIN_ELECTRICAL, TWIN_PORT_PHYSICAL, FALSE },
};

static const TwinParameterSpec parameters[] = {
  { "rated_power", TWIN_VALUE_NUMBER, 100, NULL, "kW", 0.001, 1e6, N_ ("Electrical power at the rated point.") },
  { "rated_speed", TWIN_VALUE_NUMBER, 1500, NULL, "rpm", 1, 100000, N_ ("Shaft speed at the rated point.") },
  { "rated_voltage", TWIN_VALUE_NUMBER, 400, NULL, "V", 1, 100000, N_ ("Voltage at the rated point.") },
  { "efficiency", TWIN_VALUE_NUMBER, 95, NULL, "%", 1, 100, N_ ("Share of the shaft power delivered as electrical power at the rated point.") },
  { "inductance", TWIN_VALUE_NUMBER, 1, NULL, "mH", 0.001, 1e6, N_ ("Inductance of the winding.") },
};

static const TwinStateSpec states[] = {
  { "i", "A", N_ ("Current through the winding from n to p.") },
};

enum
{
  PORT_A,
  PORT_P,
  PORT_N,
};

enum
{
  PARAM_CONSTANT,
  PARAM_EFFICIENCY,
  PARAM_INDUCTANCE,
};

static gboolean
generator_compile (TwinSimBuilder *builder,
                   GError        **error)
{
  double voltage = twin_sim_builder_get_number (builder, "rated_voltage");
  double speed = twin_sim_builder_get_number (builder, "rated_speed");
  double inductance = twin_sim_builder_get_number (builder, "inductance");

  if (!(speed > 0) || !(inductance > 0))
    return twin_sim_builder_fail (builder, error, _ ("the rated speed and the inductance must be greater than zero."));
  twin_sim_builder_add_param (builder, voltage / speed);
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "efficiency"));
  twin_sim_builder_add_param (builder, inductance);
  twin_sim_builder_add_state (builder, "i", 0.0);
  return TRUE;
}

static void
generator_flows (TwinSimContext *context)
{
  double k = twin_sim_get_param (context, PARAM_CONSTANT);
  double current = twin_sim_get_state (context, 0);
  double emf = k * twin_sim_get_param (context, PARAM_EFFICIENCY) * twin_sim_get_across (context, PORT_A);
  double voltage = twin_sim_get_across (context, PORT_P) - twin_sim_get_across (context, PORT_N);

  twin_sim_add_flow (context, PORT_P, current);
  twin_sim_add_flow (context, PORT_N, -current);
  twin_sim_add_flow (context, PORT_A, -k * current);
  twin_sim_set_derivative (context, 0, (emf - voltage) / twin_sim_get_param (context, PARAM_INDUCTANCE));
}

static const TwinSimBehaviour sim = {
  .equations = "k = `rated_voltage` / `rated_speed` (V·s/rad)\n"
               "L · di/dt = η · k · ω_a − (v_p − v_n), with L = `inductance`, η = `efficiency` and i(0) = 0\n"
               "i leaves at *p* into the circuit and returns at *n*; the torque on the shaft *a* is −k · i",
  .assumptions = "A DC machine with a constant field: the voltage is proportional to the speed and the torque to "
                 "the current. The losses are taken as the share 1 − η of the shaft power (η · k · ω · i delivered "
                 "for k · ω · i taken); no winding resistance, no magnetic saturation. `rated_power` is informational. "
                 "A negative current drives the shaft as a motor.",
  .compile = generator_compile,
  .flows = generator_flows,
};

const TwinEntityType twin_lib_generator = {
  .name = "generator",
  .label = N_ ("Generator"),
  .icon_name = "gnome-power-manager-symbolic",
  .description = N_ ("An electrical machine that turns shaft power into electrical power: its voltage follows its speed and its torque follows its current."),
  .domain = TWIN_DOMAIN_ROTATIONAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .states = states,
  .n_states = G_N_ELEMENTS (states),
  .sim = &sim,
};
