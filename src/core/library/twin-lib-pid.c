/* twin-lib-pid.c: the PID controller, a proportional-integral-derivative control law.
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
  { "x_d", "1", N_ ("Filtered derivative of the error.") },
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
};
