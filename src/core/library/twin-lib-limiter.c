/* twin-lib-limiter.c: the limiter, a signal clipped between two limits.
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
  { "in", N_ ("Input"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, FALSE },
  { "out", N_ ("Output"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_OUTPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "lower", TWIN_VALUE_NUMBER, 0, NULL, NULL, -INFINITY, INFINITY, N_ ("Lowest output.") },
  { "upper", TWIN_VALUE_NUMBER, 1, NULL, NULL, -INFINITY, INFINITY, N_ ("Highest output.") },
};

enum
{
  PORT_IN,
  PORT_OUT,
};

enum
{
  PARAM_LOWER,
  PARAM_UPPER,
};

/* Modes: the output follows the input, or is held at a limit. */
enum
{
  MODE_LOWER = -1,
  MODE_FREE = 0,
  MODE_UPPER = 1,
};

static gboolean
limiter_compile (TwinSimBuilder *builder,
                 GError        **error)
{
  double lower = twin_sim_builder_get_number (builder, "lower");
  double upper = twin_sim_builder_get_number (builder, "upper");

  if (!(lower <= upper))
    return twin_sim_builder_fail (builder, error, _ ("the lower limit must not be above the upper limit."));
  twin_sim_builder_add_param (builder, lower);
  twin_sim_builder_add_param (builder, upper);
  twin_sim_builder_add_events (builder, 2);
  twin_sim_builder_set_initial_mode (builder, MODE_FREE);
  return TRUE;
}

static void
limiter_start (TwinSimContext *context)
{
  double in = twin_sim_get_input (context, PORT_IN);

  if (in > twin_sim_get_param (context, PARAM_UPPER))
    context->mode = MODE_UPPER;
  else if (in < twin_sim_get_param (context, PARAM_LOWER))
    context->mode = MODE_LOWER;
  else
    context->mode = MODE_FREE;
}

static void
limiter_outputs (TwinSimContext *context)
{
  double value;

  switch (context->mode)
    {
    case MODE_UPPER:
      value = twin_sim_get_param (context, PARAM_UPPER);
      break;
    case MODE_LOWER:
      value = twin_sim_get_param (context, PARAM_LOWER);
      break;
    default:
      value = twin_sim_get_input (context, PORT_IN);
      break;
    }
  twin_sim_set_output (context, PORT_OUT, value);
}

static void
limiter_events (TwinSimContext *context,
                double         *g)
{
  double in = twin_sim_get_input (context, PORT_IN);

  g[0] = in - twin_sim_get_param (context, PARAM_UPPER);
  g[1] = in - twin_sim_get_param (context, PARAM_LOWER);
}

static void
limiter_switch_mode (TwinSimContext *context,
                     guint           event,
                     int             direction)
{
  if (event == 0 && direction > 0)
    context->mode = MODE_UPPER;
  else if (event == 0 && direction < 0 && context->mode == MODE_UPPER)
    context->mode = MODE_FREE;
  else if (event == 1 && direction < 0)
    context->mode = MODE_LOWER;
  else if (event == 1 && direction > 0 && context->mode == MODE_LOWER)
    context->mode = MODE_FREE;
}

static const TwinSimBehaviour sim = {
  .equations = "out = `lower` while in < `lower`; out = `upper` while in > `upper`; out = in in between\n"
               "events: in − `upper` = 0 and in − `lower` = 0 switch the mode (−1 at the lower limit, 0 free, +1 at the upper limit)",
  .assumptions = "The corners are located in time as events, so the solver never steps across a switch. "
                 "`lower` above `upper` is refused.",
  .compile = limiter_compile,
  .start = limiter_start,
  .outputs = limiter_outputs,
  .events = limiter_events,
  .switch_mode = limiter_switch_mode,
};

const TwinEntityType twin_lib_limiter = {
  .name = "limiter",
  .label = N_ ("Limiter"),
  .icon_name = "zoom-fit-best-symbolic",
  .description = N_ ("A signal clipped to lie between a lower and an upper limit."),
  .domain = TWIN_DOMAIN_SIGNAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_FEEDTHROUGH,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
