/* twin-lib-inductor.c: the inductor, an ideal electrical inductance.
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
  { "inductance", TWIN_VALUE_NUMBER, 10, NULL, "mH", 1e-6, INFINITY, N_ ("Electrical inductance.") },
  { "initial_current", TWIN_VALUE_NUMBER, 0, NULL, "A", -100000, 100000, N_ ("Current from p to n when a simulation starts.") },
};

static const TwinStateSpec states[] = {
  { "i", "A", N_ ("Current from p to n.") },
};

enum
{
  PORT_P,
  PORT_N,
};

static gboolean
inductor_compile (TwinSimBuilder *builder,
                  GError        **error)
{
  double inductance = twin_sim_builder_get_number (builder, "inductance");

  if (!(inductance > 0))
    return twin_sim_builder_fail (builder, error, _ ("the inductance must be greater than zero."));
  twin_sim_builder_add_param (builder, inductance);
  twin_sim_builder_add_state (builder, "i", twin_sim_builder_get_number (builder, "initial_current"));
  return TRUE;
}

static void
inductor_flows (TwinSimContext *context)
{
  double current = twin_sim_get_state (context, 0);

  twin_sim_add_flow (context, PORT_P, -current);
  twin_sim_add_flow (context, PORT_N, current);
  twin_sim_set_derivative (context, 0,
                           (twin_sim_get_across (context, PORT_P) - twin_sim_get_across (context, PORT_N)) / twin_sim_get_param (context, 0));
}

static const TwinSimBehaviour sim = {
  .equations = "L · di/dt = v_p − v_n, with L = `inductance` and i(0) = `initial_current`\n"
               "i flows from *p* through the inductor to *n*",
  .assumptions = "Ideal: no winding resistance and no saturation. The current is a state, so an inductor in "
                 "series with a switch-like element may make the model stiff.",
  .compile = inductor_compile,
  .flows = inductor_flows,
};

const TwinEntityType twin_lib_inductor = {
  .name = "inductor",
  .label = N_ ("Inductor"),
  .icon_name = "media-playlist-repeat-symbolic",
  .description = N_ ("An ideal inductor: the voltage across it is the inductance times the rate of change of its current."),
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
