/* twin-lib-pid.c: the PID controller, a proportional-integral-derivative control law.
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
  { "setpoint", N_ ("Setpoint"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, FALSE },
  { "measurement", N_ ("Measurement"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, FALSE },
  { "out", N_ ("Output"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_OUTPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "kp", TWIN_VALUE_NUMBER, 1, NULL, NULL, -1e9, 1e9, N_ ("Proportional gain; negative for a reverse-acting loop.") },
  { "ti", TWIN_VALUE_NUMBER, 600, NULL, "s", 0, 1e9, N_ ("Integral time; 0 turns the integral action off.") },
  { "td", TWIN_VALUE_NUMBER, 0, NULL, "s", 0, 1e9, N_ ("Derivative time; 0 turns the derivative action off.") },
  { "output_min", TWIN_VALUE_NUMBER, 0, NULL, NULL, -INFINITY, INFINITY, N_ ("Lowest output.") },
  { "output_max", TWIN_VALUE_NUMBER, 1, NULL, NULL, -INFINITY, INFINITY, N_ ("Highest output.") },
};

static const TwinStateSpec states[] = {
  { "x_i", "1", N_ ("Integral of the error, divided by the integral time.") },
  { "x_d", "1", N_ ("The error through a first-order filter with a tenth of the derivative time, from which the derivative action is taken.") },
};

enum
{
  PORT_SETPOINT,
  PORT_MEASUREMENT,
  PORT_OUT,
};

enum
{
  PARAM_KP,
  PARAM_TI,
  PARAM_TD,
  PARAM_MIN,
  PARAM_MAX,
  PARAM_I_STATE, /* index of x_i, or -1 */
  PARAM_D_STATE, /* index of x_d, or -1 */
};

enum
{
  MODE_MIN = -1,
  MODE_FREE = 0,
  MODE_MAX = 1,
};

#define DERIVATIVE_FILTER 10.0 /* N: the derivative filter's time constant is td / N */

static gboolean
pid_compile (TwinSimBuilder *builder,
             GError        **error)
{
  double ti = twin_sim_builder_get_number (builder, "ti");
  double td = twin_sim_builder_get_number (builder, "td");
  double minimum = twin_sim_builder_get_number (builder, "output_min");
  double maximum = twin_sim_builder_get_number (builder, "output_max");

  if (!(minimum <= maximum))
    return twin_sim_builder_fail (builder, error, _ ("the lowest output must not be above the highest output."));
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "kp"));
  twin_sim_builder_add_param (builder, ti);
  twin_sim_builder_add_param (builder, td);
  twin_sim_builder_add_param (builder, minimum);
  twin_sim_builder_add_param (builder, maximum);
  twin_sim_builder_add_param (builder, ti > 0 ? twin_sim_builder_add_state (builder, "x_i", 0.0) : -1.0);
  twin_sim_builder_add_param (builder, td > 0 ? twin_sim_builder_add_state (builder, "x_d", 0.0) : -1.0);
  twin_sim_builder_add_events (builder, 2);
  twin_sim_builder_set_initial_mode (builder, MODE_FREE);
  return TRUE;
}

static double
get_error (TwinSimContext *context)
{
  return twin_sim_get_input (context, PORT_SETPOINT) - twin_sim_get_input (context, PORT_MEASUREMENT);
}

/* kp · (e + x_i + N · (e − x_d)), before the output limits. */
static double
get_unlimited (TwinSimContext *context)
{
  double e = get_error (context);
  double i_state = twin_sim_get_param (context, PARAM_I_STATE);
  double d_state = twin_sim_get_param (context, PARAM_D_STATE);
  double sum = e;

  if (i_state >= 0)
    sum += twin_sim_get_state (context, (guint) i_state);
  if (d_state >= 0)
    sum += DERIVATIVE_FILTER * (e - twin_sim_get_state (context, (guint) d_state));
  return twin_sim_get_param (context, PARAM_KP) * sum;
}

static void
pid_start (TwinSimContext *context)
{
  double u = get_unlimited (context);

  if (u > twin_sim_get_param (context, PARAM_MAX))
    context->mode = MODE_MAX;
  else if (u < twin_sim_get_param (context, PARAM_MIN))
    context->mode = MODE_MIN;
  else
    context->mode = MODE_FREE;
}

static void
pid_outputs (TwinSimContext *context)
{
  double value;

  switch (context->mode)
    {
    case MODE_MAX:
      value = twin_sim_get_param (context, PARAM_MAX);
      break;
    case MODE_MIN:
      value = twin_sim_get_param (context, PARAM_MIN);
      break;
    default:
      value = get_unlimited (context);
      break;
    }
  twin_sim_set_output (context, PORT_OUT, value);
}

static void
pid_flows (TwinSimContext *context)
{
  double e = get_error (context);
  double i_state = twin_sim_get_param (context, PARAM_I_STATE);
  double d_state = twin_sim_get_param (context, PARAM_D_STATE);

  if (i_state >= 0)
    {
      double   push = twin_sim_get_param (context, PARAM_KP) * e;
      gboolean frozen = (context->mode == MODE_MAX && push > 0) || (context->mode == MODE_MIN && push < 0);

      twin_sim_set_derivative (context, (guint) i_state, frozen ? 0.0 : e / twin_sim_get_param (context, PARAM_TI));
    }
  if (d_state >= 0)
    twin_sim_set_derivative (context, (guint) d_state,
                             DERIVATIVE_FILTER * (e - twin_sim_get_state (context, (guint) d_state)) / twin_sim_get_param (context, PARAM_TD));
}

static void
pid_events (TwinSimContext *context,
            double         *g)
{
  double u = get_unlimited (context);

  g[0] = u - twin_sim_get_param (context, PARAM_MAX);
  g[1] = u - twin_sim_get_param (context, PARAM_MIN);
}

static void
pid_switch_mode (TwinSimContext *context,
                 guint           event,
                 int             direction)
{
  if (event == 0 && direction > 0)
    context->mode = MODE_MAX;
  else if (event == 0 && direction < 0 && context->mode == MODE_MAX)
    context->mode = MODE_FREE;
  else if (event == 1 && direction < 0)
    context->mode = MODE_MIN;
  else if (event == 1 && direction > 0 && context->mode == MODE_MIN)
    context->mode = MODE_FREE;
}

static const TwinSimBehaviour sim = {
  .equations = "e = setpoint − measurement\n"
               "u = K_p · (e + x_i + N · (e − x_d)), N = 10, K_p = `kp`\n"
               "dx_i/dt = e / `ti` (no x_i when `ti` = 0), x_i(0) = 0; dx_i/dt = 0 while the output is at a limit and K_p · e pushes it further out\n"
               "dx_d/dt = N · (e − x_d) / `td` (no x_d when `td` = 0), x_d(0) = 0, so the derivative action is "
               "`td` · s / (1 + `td` · s / N) · e\n"
               "out = clamp(u, `output_min`, `output_max`); reaching a limit is an event (mode −1, 0, +1)",
  .assumptions = "The standard (ISA) form with the gain on all three actions, continuous in time (no sampling). "
                 "Anti-windup by conditional integration. The derivative acts on the error, filtered with N = 10; "
                 "its filter starts from zero, so with `td` > 0 and an error at the start the output kicks at t = 0. "
                 "`output_min` above `output_max` is refused.",
  .compile = pid_compile,
  .start = pid_start,
  .outputs = pid_outputs,
  .flows = pid_flows,
  .events = pid_events,
  .switch_mode = pid_switch_mode,
};

const TwinEntityType twin_lib_pid = {
  .name = "pid",
  .label = N_ ("PID controller"),
  .icon_name = "preferences-system-symbolic",
  .description = N_ ("A proportional–integral–derivative controller acting on the error between setpoint and measurement, with output limits and anti-windup."),
  .domain = TWIN_DOMAIN_SIGNAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_FEEDTHROUGH,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .states = states,
  .n_states = G_N_ELEMENTS (states),
  .sim = &sim,
};
