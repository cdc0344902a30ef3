/* twin-lib-hysteresis.c: the hysteresis, a switch with memory.
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
  { "lower", TWIN_VALUE_NUMBER, -0.5, NULL, NULL, -INFINITY, INFINITY, N_ ("Input below which the output turns low.") },
  { "upper", TWIN_VALUE_NUMBER, 0.5, NULL, NULL, -INFINITY, INFINITY, N_ ("Input above which the output turns high.") },
  { "output_low", TWIN_VALUE_NUMBER, 0, NULL, NULL, -INFINITY, INFINITY, N_ ("Output when low.") },
  { "output_high", TWIN_VALUE_NUMBER, 1, NULL, NULL, -INFINITY, INFINITY, N_ ("Output when high.") },
  { "initially_high", TWIN_VALUE_BOOLEAN, FALSE, NULL, NULL, -INFINITY, INFINITY, N_ ("Whether the output starts high.") },
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
  PARAM_LOW,
  PARAM_HIGH,
};

enum
{
  MODE_LOW = 0,
  MODE_HIGH = 1,
};

static gboolean
hysteresis_compile (TwinSimBuilder *builder,
                    GError        **error)
{
  double lower = twin_sim_builder_get_number (builder, "lower");
  double upper = twin_sim_builder_get_number (builder, "upper");

  if (!(lower < upper))
    return twin_sim_builder_fail (builder, error, _ ("the lower threshold must be below the upper threshold."));
  twin_sim_builder_add_param (builder, lower);
  twin_sim_builder_add_param (builder, upper);
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "output_low"));
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "output_high"));
  twin_sim_builder_add_events (builder, 1);
  twin_sim_builder_set_initial_mode (builder,
                                     twin_sim_builder_get_boolean (builder, "initially_high") ? MODE_HIGH : MODE_LOW);
  return TRUE;
}

static void
hysteresis_start (TwinSimContext *context)
{
  double in = twin_sim_get_input (context, PORT_IN);

  if (in > twin_sim_get_param (context, PARAM_UPPER))
    context->mode = MODE_HIGH;
  else if (in < twin_sim_get_param (context, PARAM_LOWER))
    context->mode = MODE_LOW;
}

static void
hysteresis_outputs (TwinSimContext *context)
{
  twin_sim_set_output (context, PORT_OUT,
                       twin_sim_get_param (context, context->mode == MODE_HIGH ? PARAM_HIGH : PARAM_LOW));
}

/* One event, watching the threshold that can switch it now: the upper one
 * while low, the lower one while high. Crossings of the other threshold
 * change nothing, so they are not events (each would restart the solver). */
static void
hysteresis_events (TwinSimContext *context,
                   double         *g)
{
  double in = twin_sim_get_input (context, PORT_IN);

  if (context->mode == MODE_HIGH)
    g[0] = in - twin_sim_get_param (context, PARAM_LOWER);
  else
    g[0] = in - twin_sim_get_param (context, PARAM_UPPER);
}

static void
hysteresis_switch_mode (TwinSimContext *context,
                        guint           event,
                        int             direction)
{
  if (context->mode == MODE_LOW && direction > 0)
    context->mode = MODE_HIGH;
  else if (context->mode == MODE_HIGH && direction < 0)
    context->mode = MODE_LOW;
}

static const TwinSimBehaviour sim = {
  .equations = "low → high when in rises through `upper` (event, while low: in − `upper` = 0)\n"
               "high → low when in falls through `lower` (event, while high: in − `lower` = 0)\n"
               "out = `output_high` when high, `output_low` when low",
  .assumptions = "The output starts high when `initially_high`, unless the input at the start is already above "
                 "`upper` (high) or below `lower` (low). The switches are located in time as events. `lower` must be "
                 "below `upper`. For a heating thermostat on a °C reading, use `output_low` = 1 and "
                 "`output_high` = 0 (heat below `lower`, stop above `upper`).",
  .compile = hysteresis_compile,
  .start = hysteresis_start,
  .outputs = hysteresis_outputs,
  .events = hysteresis_events,
  .switch_mode = hysteresis_switch_mode,
};

const TwinEntityType twin_lib_hysteresis = {
  .name = "hysteresis",
  .label = N_ ("Hysteresis"),
  .icon_name = "media-playlist-consecutive-symbolic",
  .description = N_ ("A two-level switch that turns high when its input rises above the upper threshold and low when it falls below the lower one, such as a thermostat."),
  .domain = TWIN_DOMAIN_SIGNAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
