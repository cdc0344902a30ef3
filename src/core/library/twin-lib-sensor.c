/* twin-lib-sensor.c: the sensor, a temperature measurement with a first-order lag.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Its thermal port is optional: a sensor fed by a live data feed needs no
 * thermal network.
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include <glib/gi18n-lib.h>
#include <math.h>

static const TwinPortSpec ports[] = {
  { "measured", N_ ("Measured"), TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, TRUE },
  { "out", N_ ("Output"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_OUTPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "quantity", TWIN_VALUE_STRING, 0, "temperature", NULL, -INFINITY, INFINITY, N_ ("What the sensor measures.") },
  { "sample_interval", TWIN_VALUE_NUMBER, 60, NULL, "s", 0.001, 86400, N_ ("Time between two readings.") },
  { "time_constant", TWIN_VALUE_NUMBER, 30, NULL, "s", 0, 3600, N_ ("Time the reading takes to cover 63 % of a step in the measured temperature.") },
};

static const TwinStateSpec states[] = {
  { "T", "K", N_ ("The reading, a lagged copy of the measured temperature.") },
};

const TwinEntityType twin_lib_sensor = {
  .name = "sensor",
  .label = N_ ("Sensor"),
  .icon_name = "display-brightness-symbolic",
  .description = N_ ("A device that measures one quantity; in a simulation, a temperature sensor whose reading follows the measured temperature with a first-order lag."),
  .domain = TWIN_DOMAIN_SIGNAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .states = states,
  .n_states = G_N_ELEMENTS (states),
};
