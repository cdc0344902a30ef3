/* twin-lib-demand.c: the demand, a prescribed volume flow out of a water network.
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
  { "a", N_ ("A"), TWIN_DOMAIN_HYDRAULIC, TWIN_PORT_PHYSICAL, FALSE },
  { "flow", N_ ("Flow"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "flow", TWIN_VALUE_NUMBER, 1, NULL, "m³/h", -100000, 100000, N_ ("Volume flow drawn out of the network; negative values feed it.") },
};

enum
{
  PORT_A,
  PORT_FLOW,
};

static gboolean
demand_compile (TwinSimBuilder *builder,
                GError        **error)
{
  return TRUE;
}

static void
demand_flows (TwinSimContext *context)
{
  twin_sim_add_flow (context, PORT_A, -twin_sim_get_input (context, PORT_FLOW));
}

static const TwinSimBehaviour sim = {
  .equations = "q out of *a* = `flow` (the *flow* input when connected, in m³/h like the parameter)",
  .assumptions = "The flow does not depend on the pressure, so its node needs another component whose flow does "
                 "(a pipe, a valve, a tank).",
  .compile = demand_compile,
  .flows = demand_flows,
};

const TwinEntityType twin_lib_demand = {
  .name = "demand",
  .label = N_ ("Demand"),
  .icon_name = "go-jump-symbolic",
  .description = N_ ("A consumer that draws a prescribed volume flow out of the network; a connected input in m³/h, like the parameter, overrides it."),
  .domain = TWIN_DOMAIN_HYDRAULIC,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
