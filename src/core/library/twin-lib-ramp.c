/* twin-lib-ramp.c: the ramp, a signal that changes linearly between two values.
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
  { "initial_value", TWIN_VALUE_NUMBER, 0, NULL, NULL, -INFINITY, INFINITY, N_ ("Output before the ramp.") },
  { "final_value", TWIN_VALUE_NUMBER, 1, NULL, NULL, -INFINITY, INFINITY, N_ ("Output after the ramp.") },
  { "start_time", TWIN_VALUE_NUMBER, 0, NULL, "s", 0, INFINITY, N_ ("Simulation time the ramp starts.") },
  { "duration", TWIN_VALUE_NUMBER, 10, NULL, "s", 0, INFINITY, N_ ("How long the ramp lasts.") },
};

enum
{
  PORT_OUT,
};

enum
{
  PARAM_INITIAL,
  PARAM_FINAL,
  PARAM_START,
  PARAM_DURATION,
};

static gboolean
ramp_compile (TwinSimBuilder *builder,
              GError        **error)
{
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "initial_value"));
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "final_value"));
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "start_time"));
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "duration"));
  return TRUE;
}

static void
ramp_outputs (TwinSimContext *context)
{
  double t = twin_sim_get_time (context);
  double start = twin_sim_get_param (context, PARAM_START);
  double duration = twin_sim_get_param (context, PARAM_DURATION);
  double initial = twin_sim_get_param (context, PARAM_INITIAL);
  double final = twin_sim_get_param (context, PARAM_FINAL);
  double value;

  if (t < start)
    value = initial;
  else if (t >= start + duration)
    value = final;
  else
    value = initial + (final - initial) * (t - start) / duration;
  twin_sim_set_output (context, PORT_OUT, value);
}

static double
ramp_next_time_event (TwinSimContext *context,
                      double          t)
{
  double start = twin_sim_get_param (context, PARAM_START);
  double end = start + twin_sim_get_param (context, PARAM_DURATION);

  if (t < start)
    return start;
  if (t < end)
    return end;
  return INFINITY;
}

static const TwinSimBehaviour sim = {
  .equations = "out = `initial_value` for t < t₀, `final_value` for t ≥ t₀ + T\n"
               "out = `initial_value` + (`final_value` − `initial_value`) · (t − t₀) / T in between\n"
               "t₀ = `start_time`, T = `duration`",
  .assumptions = "The two corners are time events: the solver stops at both. A duration of 0 is a step at `start_time`.",
  .compile = ramp_compile,
  .outputs = ramp_outputs,
  .next_time_event = ramp_next_time_event,
};

const TwinEntityType twin_lib_ramp = {
  .name = "ramp",
  .label = N_ ("Ramp"),
  .icon_name = "view-sort-ascending-symbolic",
  .description = N_ ("A signal that changes linearly from one value to another over a given duration."),
  .domain = TWIN_DOMAIN_SIGNAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
