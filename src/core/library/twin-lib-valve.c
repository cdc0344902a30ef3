/* twin-lib-valve.c: the valve, a flow resistance set by its opening.
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
  { "b", N_ ("B"), TWIN_DOMAIN_HYDRAULIC, TWIN_PORT_PHYSICAL, FALSE },
  { "opening", N_ ("Opening"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "kv", TWIN_VALUE_NUMBER, 10, NULL, "m³/h", 0.001, 100000, N_ ("Flow at full opening with a pressure drop of one bar.") },
  { "opening", TWIN_VALUE_NUMBER, 100, NULL, "%", 0, 100, N_ ("How far the valve is open.") },
  { "leakage", TWIN_VALUE_NUMBER, 0.01, NULL, "%", 0, 100, N_ ("Flow coefficient when closed, as a share of kv.") },
};

enum
{
  PORT_A,
  PORT_B,
  PORT_OPENING,
};

enum
{
  PARAM_KV,
  PARAM_LEAKAGE,
};

#define REFERENCE_DROP 1e5 /* Pa: kv is the flow at 1 bar */
#define REGULAR_DROP 1.0   /* Pa: below this the law turns linear */

static gboolean
valve_compile (TwinSimBuilder *builder,
               GError        **error)
{
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "kv"));
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "leakage"));
  twin_sim_builder_flow_depends_on_across (builder, PORT_A);
  twin_sim_builder_flow_depends_on_across (builder, PORT_B);
  return TRUE;
}

static void
valve_flows (TwinSimContext *context)
{
  double opening = CLAMP (twin_sim_get_input (context, PORT_OPENING), 0.0, 1.0);
  double drop = twin_sim_get_across (context, PORT_A) - twin_sim_get_across (context, PORT_B);
  double flow;

  opening = MAX (opening, twin_sim_get_param (context, PARAM_LEAKAGE));
  /* kv · o · sign(Δp) · sqrt(|Δp| / 1 bar), made smooth through zero. */
  flow = twin_sim_get_param (context, PARAM_KV) * opening * drop / sqrt (REFERENCE_DROP * sqrt (drop * drop + REGULAR_DROP * REGULAR_DROP));
  twin_sim_add_flow (context, PORT_A, -flow);
  twin_sim_add_flow (context, PORT_B, flow);
}

static const TwinSimBehaviour sim = {
  .equations = "q = kv · o · Δp / √(1 bar · √(Δp² + (1 Pa)²)) from *a* to *b*, Δp = p_a − p_b\n"
               "≈ kv · o · sign(Δp) · √(|Δp| / 1 bar) for |Δp| ≫ 1 Pa\n"
               "o = max(clamp(`opening`, 0, 1), `leakage`); kv = `kv` in m³/s; the *opening* input is in % like the parameter",
  .assumptions = "A linear characteristic (flow coefficient proportional to the opening) and no inertia: the flow "
                 "follows the pressure drop at once. The square-root law is regularised below about 1 Pa so its "
                 "slope is finite at zero flow (within 0.3 % of the square-root law above 10 Pa). A closed valve still "
                 "passes its `leakage`.",
  .compile = valve_compile,
  .flows = valve_flows,
};

const TwinEntityType twin_lib_valve = {
  .name = "valve",
  .label = N_ ("Valve"),
  .icon_name = "object-flip-horizontal-symbolic",
  .description = N_ ("A control valve with a flow coefficient; a connected opening input, in percent like the parameter, overrides it."),
  .domain = TWIN_DOMAIN_HYDRAULIC,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
