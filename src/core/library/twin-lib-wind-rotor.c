/* twin-lib-wind-rotor.c: the wind rotor, the aerodynamic torque of a wind turbine's blades.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include <glib/gi18n-lib.h>

static const TwinPortSpec ports[] = {
  { "a", N_ ("Shaft"), TWIN_DOMAIN_ROTATIONAL, TWIN_PORT_PHYSICAL, FALSE },
  { "wind_speed", N_ ("Wind speed"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "diameter", TWIN_VALUE_NUMBER, 80, NULL, "m", 0.1, 300, N_ ("Rotor diameter.") },
  { "power_coefficient", TWIN_VALUE_NUMBER, 0.45, NULL, NULL, 0, 0.593, N_ ("Largest share of the wind’s power the rotor extracts (at most the Betz limit).") },
  { "tip_speed_ratio", TWIN_VALUE_NUMBER, 7, NULL, NULL, 1, 15, N_ ("Ratio of blade tip speed to wind speed at which the power coefficient is largest.") },
  { "wind_speed", TWIN_VALUE_NUMBER, 8, NULL, "m/s", 0, 70, N_ ("Wind speed when no input is connected.") },
  { "cut_in_speed", TWIN_VALUE_NUMBER, 3, NULL, "m/s", 0, 30, N_ ("Wind speed below which the rotor gives no torque.") },
  { "cut_out_speed", TWIN_VALUE_NUMBER, 25, NULL, "m/s", 1, 70, N_ ("Wind speed above which the rotor is stopped.") },
  { "air_density", TWIN_VALUE_NUMBER, 1.225, NULL, "kg/m³", 0.5, 1.5, N_ ("Density of the air.") },
};

const TwinEntityType twin_lib_wind_rotor = {
  .name = "wind_rotor",
  .label = N_ ("Wind rotor"),
  .icon_name = "weather-windy-symbolic",
  .description = N_ ("The blades of a wind turbine: the aerodynamic torque on the shaft from the wind speed, the rotor speed and a power coefficient curve."),
  .domain = TWIN_DOMAIN_ROTATIONAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
};
