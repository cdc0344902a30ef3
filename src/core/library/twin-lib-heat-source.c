/* twin-lib-heat-source.c: the heat source, a prescribed heat flow.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include "sim/twin-sim-behaviour.h"

#include <glib/gi18n-lib.h>

static const TwinPortSpec ports[] = {
  { "heat", N_ ("Heat"), TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, FALSE },
  { "heat_flow", N_ ("Heat flow"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "heat_flow", TWIN_VALUE_NUMBER, 1000, NULL, "W", -1e9, 1e9, N_ ("Heat flow into the port; negative values take heat away.") },
};

static gboolean
heat_source_compile (TwinSimBuilder *builder,
                     GError        **error)
{
  return TRUE;
}

static void
heat_source_flows (TwinSimContext *context)
{
  twin_sim_add_flow (context, 0, twin_sim_get_input (context, 1));
}

static const TwinSimBehaviour sim = {
  .equations = "Q̇ into *heat* = `heat_flow` (the *heat_flow* input when connected, in W)",
  .assumptions = "The heat flow does not depend on the temperature at the port.",
  .compile = heat_source_compile,
  .flows = heat_source_flows,
};

const TwinEntityType twin_lib_heat_source = {
  .name = "heat_source",
  .label = N_ ("Heat source"),
  .icon_name = "power-profile-performance-symbolic",
  .description = N_ ("A prescribed heat flow into its port, such as internal or solar gains; a connected input in watts overrides the parameter."),
  .domain = TWIN_DOMAIN_THERMAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
