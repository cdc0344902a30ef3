/* twin-lib-tank.c: the tank, an open water store whose level sets the pressure.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include <glib/gi18n-lib.h>

static const TwinPortSpec ports[] = {
  { "a", N_ ("Inlet"), TWIN_DOMAIN_HYDRAULIC, TWIN_PORT_PHYSICAL, FALSE },
  { "b", N_ ("Outlet"), TWIN_DOMAIN_HYDRAULIC, TWIN_PORT_PHYSICAL, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "area", TWIN_VALUE_NUMBER, 1, NULL, "m²", 0.001, 1e6, N_ ("Cross-section area of the tank.") },
  { "height", TWIN_VALUE_NUMBER, 2, NULL, "m", 0.01, 1000, N_ ("Height of the tank; water above it overflows.") },
  { "initial_level", TWIN_VALUE_NUMBER, 1, NULL, "m", 0, 1000, N_ ("Water level when a simulation starts.") },
};

static const TwinStateSpec states[] = {
  { "h", "m", N_ ("Water level above the bottom.") },
};

const TwinEntityType twin_lib_tank = {
  .name = "tank",
  .label = N_ ("Tank"),
  .icon_name = "drive-multidisk-symbolic",
  .description = N_ ("An open tank whose water level sets the hydrostatic pressure at its bottom connections."),
  .domain = TWIN_DOMAIN_HYDRAULIC,
  .flags = TWIN_ENTITY_TYPE_FLAGS_REFERENCE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .states = states,
  .n_states = G_N_ELEMENTS (states),
};
