/* twin-lib-reservoir.c: the reservoir, a hydraulic boundary at a fixed pressure.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include <glib/gi18n-lib.h>

static const TwinPortSpec ports[] = {
  { "a", N_ ("A"), TWIN_DOMAIN_HYDRAULIC, TWIN_PORT_PHYSICAL, FALSE },
};

static const TwinParameterSpec parameters[] = {
  { "head", TWIN_VALUE_NUMBER, 5, NULL, "m", -1000, 10000, N_ ("Height of the free water surface above the port.") },
};

const TwinEntityType twin_lib_reservoir = {
  .name = "reservoir",
  .label = N_ ("Reservoir"),
  .icon_name = "weather-showers-symbolic",
  .description = N_ ("A large body of water at a fixed level, such as a lake or the public mains; the reference pressure of a water network."),
  .domain = TWIN_DOMAIN_HYDRAULIC,
  .flags = TWIN_ENTITY_TYPE_FLAGS_REFERENCE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
};
