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

#include <glib/gi18n-lib.h>

static const TwinPortSpec ports[] = {
  { "heat", N_ ("Heat"), TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, TRUE },
  { "command", N_ ("Command"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "heating_power", TWIN_VALUE_NUMBER, 1000, NULL, "W", 0, 1e7, N_ ("Nominal heat output.") },
  { "efficiency", TWIN_VALUE_NUMBER, 95, NULL, "%", 0, 100, N_ ("Share of input power delivered as heat.") },
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
};
