/* twin-lib-step.c: the step, a signal that jumps at a given time.
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
  { "out", N_ ("Output"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_OUTPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "initial_value", TWIN_VALUE_NUMBER, 0, NULL, NULL, -INFINITY, INFINITY, N_ ("Output before the step.") },
  { "final_value", TWIN_VALUE_NUMBER, 1, NULL, NULL, -INFINITY, INFINITY, N_ ("Output from the step on.") },
  { "step_time", TWIN_VALUE_NUMBER, 1, NULL, "s", 0, INFINITY, N_ ("Simulation time of the step.") },
};

enum
{
  PORT_OUT,
};

enum
{
  PARAM_INITIAL,
  PARAM_FINAL,
  PARAM_TIME,
};

static gboolean
step_compile (TwinSimBuilder *builder,
              GError        **error)
{
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "initial_value"));
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "final_value"));
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "step_time"));
  return TRUE;
}

static void
step_outputs (TwinSimContext *context)
{
  gboolean after = twin_sim_get_time (context) >= twin_sim_get_param (context, PARAM_TIME);

  twin_sim_set_output (context, PORT_OUT, twin_sim_get_param (context, after ? PARAM_FINAL : PARAM_INITIAL));
}

static double
step_next_time_event (TwinSimContext *context,
                      double          t)
{
  double step_time = twin_sim_get_param (context, PARAM_TIME);

  return t < step_time ? step_time : INFINITY;
}

static const TwinSimBehaviour sim = {
  .equations = "out = `initial_value` for t < `step_time`, `final_value` from t = `step_time` on",
  .assumptions = "The step is a time event: the solver stops exactly at `step_time` and restarts. Time runs from 0 "
                 "at the start of the run.",
  .compile = step_compile,
  .outputs = step_outputs,
  .next_time_event = step_next_time_event,
};

const TwinEntityType twin_lib_step = {
  .name = "step",
  .label = N_ ("Step"),
  .icon_name = "go-up-symbolic",
  .description = N_ ("A signal that jumps from one value to another at a given time."),
  .domain = TWIN_DOMAIN_SIGNAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
