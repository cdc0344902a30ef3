/* twin-lib-ventilation.c: the ventilation unit, a heat exchange between outside air and a zone carried by an air flow.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include <glib/gi18n-lib.h>

static const TwinPortSpec ports[] = {
  { "a", N_ ("Outside air"), TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, TRUE },
  { "b", N_ ("Zone"), TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, TRUE },
  { "speed", N_ ("Speed"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "air_flow", TWIN_VALUE_NUMBER, 500, NULL, "m³/h", 0, 1e6, N_ ("Nominal supply air flow.") },
  { "fan_power", TWIN_VALUE_NUMBER, 150, NULL, "W", 0, 1e6, N_ ("Electrical power of the fans.") },
  { "recovery_efficiency", TWIN_VALUE_NUMBER, 0, NULL, "%", 0, 100, N_ ("Share of the exhaust air’s heat returned to the supply air by heat recovery.") },
};

const TwinEntityType twin_lib_ventilation = {
  .name = "ventilation",
  .label = N_ ("Ventilation unit"),
  .icon_name = "weather-windy-symbolic",
  .description = N_ ("A fan or air-handling unit that exchanges a zone’s air with outside air."),
  .domain = TWIN_DOMAIN_THERMAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
};
