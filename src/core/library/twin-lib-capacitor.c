/* twin-lib-capacitor.c: the capacitor, an ideal electrical capacitance.
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
  { "capacitance", TWIN_VALUE_NUMBER, 100, NULL, "µF", 1e-6, INFINITY, N_ ("Electrical capacitance.") },
  { "initial_voltage", TWIN_VALUE_NUMBER, 0, NULL, "V", -1e6, 1e6, N_ ("Voltage across the capacitor when a simulation starts.") },
};

static const TwinStateSpec states[] = {
  { "v", "V", N_ ("Voltage from p to n.") },
};

static gboolean
capacitor_compile (TwinSimBuilder *builder,
                   GError        **error)
{
  twin_sim_builder_add_capacity (builder, 0, twin_sim_builder_get_number (builder, "capacitance"), "v",
                                 twin_sim_builder_get_number (builder, "initial_voltage"), 1.0);
  twin_sim_builder_require_driven (builder, 1);
  return TRUE;
}

static const TwinSimBehaviour sim = {
  .equations = "C · dv/dt = Σ i into *p*, with v = v_p − v_n, C = `capacitance` and v(0) = `initial_voltage`",
  .assumptions = "The *n* side must be connected to a driven node (a ground): the capacity is taken to the reference. "
                 "A capacitor between two free nodes is not supported yet.",
  .compile = capacitor_compile,
};

const TwinEntityType twin_lib_capacitor = {
  .name = "capacitor",
  .label = N_ ("Capacitor"),
  .icon_name = "view-dual-symbolic",
  .description = N_ ("An ideal capacitor: the current through it is the capacitance times the rate of change of its voltage."),
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
