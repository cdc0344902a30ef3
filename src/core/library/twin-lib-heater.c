/* twin-lib-heater.c: the heater, a heat emitter driven by a command between 0 and 1.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Without a command input it runs at full power; without a heat port it only
 * carries data.
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include "sim/twin-sim-behaviour.h"

#include <glib/gi18n-lib.h>
#include <math.h>

static const TwinPortSpec ports[] = {
  { "heat", N_ ("Heat"), TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, TRUE },
  { "command", N_ ("Command"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "heating_power", TWIN_VALUE_NUMBER, 1000, NULL, "W", 0, 1e7, N_ ("Nominal heat output.") },
  { "efficiency", TWIN_VALUE_NUMBER, 95, NULL, "%", 0, 100, N_ ("Share of input power delivered as heat.") },
};

enum
{
  PORT_HEAT,
  PORT_COMMAND,
};

static gboolean
heater_compile (TwinSimBuilder *builder,
                GError        **error)
{
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "heating_power") *
                                         twin_sim_builder_get_number (builder, "efficiency"));
  twin_sim_builder_set_input_default (builder, PORT_COMMAND, 1.0);
  return TRUE;
}

static void
heater_flows (TwinSimContext *context)
{
  double command = CLAMP (twin_sim_get_input (context, PORT_COMMAND), 0.0, 1.0);

  twin_sim_add_flow (context, PORT_HEAT, twin_sim_get_param (context, 0) * command);
}

static const TwinSimBehaviour sim = {
  .equations = "Q̇ into *heat* = `heating_power` · `efficiency` · clamp(command, 0, 1)\n"
               "command = the *command* input, 1 when it is not connected",
  .assumptions = "The heat output follows the command at once (no thermal mass of its own) and does not depend on "
                 "the room temperature. The share 1 − `efficiency` is lost outside the model.",
  .compile = heater_compile,
  .flows = heater_flows,
};

const TwinEntityType twin_lib_heater = {
  .name = "heater",
  .label = N_ ("Heater"),
  .icon_name = "weather-clear-symbolic",
  .description = N_ ("A radiator, convector or other heat emitter that delivers a share of its nominal power as heat."),
  .domain = TWIN_DOMAIN_THERMAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
