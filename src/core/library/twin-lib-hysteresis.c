/* twin-lib-hysteresis.c: the hysteresis, a switch with memory.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

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

static const TwinStateSpec states[] = {
  { "y", "1", N_ ("The output, which remembers the last switch.") },
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
  .states = states,
  .n_states = G_N_ELEMENTS (states),
};
