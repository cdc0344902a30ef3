/* twin-lib-fixed-temperature.c: the fixed temperature, a thermal boundary condition.
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
  { "temperature", N_ ("Temperature"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "temperature", TWIN_VALUE_NUMBER, 10, NULL, "°C", -100, 2000, N_ ("Temperature of the boundary.") },
};

static gboolean
fixed_temperature_compile (TwinSimBuilder *builder,
                           GError        **error)
{
  twin_sim_builder_drive_across (builder, 0);
  return TRUE;
}

static void
fixed_temperature_outputs (TwinSimContext *context)
{
  twin_sim_set_across (context, 0, twin_sim_get_input (context, 1));
}

static const TwinSimBehaviour sim = {
  .equations = "T_heat = `temperature` (the *temperature* input when connected, in °C)",
  .assumptions = "An ideal boundary: it delivers or absorbs any heat flow.",
  .compile = fixed_temperature_compile,
  .outputs = fixed_temperature_outputs,
};

const TwinEntityType twin_lib_fixed_temperature = {
  .name = "fixed_temperature",
  .label = N_ ("Fixed temperature"),
  .icon_name = "weather-few-clouds-symbolic",
  .description = N_ ("A boundary at a prescribed temperature, such as outside air or the ground; a connected input in kelvin overrides the parameter."),
  .domain = TWIN_DOMAIN_THERMAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_REFERENCE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
