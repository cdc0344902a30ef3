/* twin-lib-pump.c: the pump, a pressure rise that falls with the flow.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include <glib/gi18n-lib.h>

static const TwinPortSpec ports[] = {
  { "in", N_ ("In"), TWIN_DOMAIN_HYDRAULIC, TWIN_PORT_PHYSICAL, FALSE },
  { "out", N_ ("Out"), TWIN_DOMAIN_HYDRAULIC, TWIN_PORT_PHYSICAL, FALSE },
  { "speed", N_ ("Speed"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "nominal_flow", TWIN_VALUE_NUMBER, 10, NULL, "m³/h", 0.001, 100000, N_ ("Volume flow at the nominal point.") },
  { "nominal_head", TWIN_VALUE_NUMBER, 20, NULL, "m", 0.01, 2000, N_ ("Pressure rise at the nominal point, as a water column.") },
  { "speed", TWIN_VALUE_NUMBER, 100, NULL, "%", 0, 150, N_ ("Speed relative to the nominal speed.") },
  { "efficiency", TWIN_VALUE_NUMBER, 70, NULL, "%", 1, 100, N_ ("Share of the shaft power turned into hydraulic power.") },
};

const TwinEntityType twin_lib_pump = {
  .name = "pump",
  .label = N_ ("Pump"),
  .icon_name = "emblem-synchronizing-symbolic",
  .description = N_ ("A centrifugal pump that raises the pressure from in to out along a quadratic curve through its nominal point; a connected speed input (0 to 1) overrides the parameter."),
  .domain = TWIN_DOMAIN_HYDRAULIC,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
};
