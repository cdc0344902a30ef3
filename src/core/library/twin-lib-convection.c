/* twin-lib-convection.c: convection, heat transfer between a surface and a fluid.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include <glib/gi18n-lib.h>

static const TwinPortSpec ports[] = {
  { "a", N_ ("Surface"), TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, FALSE },
  { "b", N_ ("Fluid"), TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, FALSE },
};

static const TwinParameterSpec parameters[] = {
  { "heat_transfer_coefficient", TWIN_VALUE_NUMBER, 7.7, NULL, "W/(m²·K)", 0, 100000, N_ ("Convective heat transfer coefficient.") },
  { "area", TWIN_VALUE_NUMBER, 10, NULL, "m²", 0, 1e7, N_ ("Area of the surface.") },
};

const TwinEntityType twin_lib_convection = {
  .name = "convection",
  .label = N_ ("Convection"),
  .icon_name = "weather-fog-symbolic",
  .description = N_ ("Heat transfer between a solid surface and a fluid, with a heat transfer coefficient over an area."),
  .domain = TWIN_DOMAIN_THERMAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
};
