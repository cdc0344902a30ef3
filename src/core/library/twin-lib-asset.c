/* twin-lib-asset.c: the asset, equipment that only carries data and takes no part in a simulation.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include <glib/gi18n-lib.h>
#include <math.h>

static const TwinParameterSpec parameters[] = {
  { "manufacturer", TWIN_VALUE_STRING, 0, "", NULL, -INFINITY, INFINITY, N_ ("Who made it.") },
  { "serial_number", TWIN_VALUE_STRING, 0, "", NULL, -INFINITY, INFINITY, N_ ("The maker’s serial number.") },
};

const TwinEntityType twin_lib_asset = {
  .name = "asset",
  .label = N_ ("Asset"),
  .icon_name = "package-x-generic-symbolic",
  .description = N_ ("Equipment that only carries data, without physics."),
  .domain = TWIN_DOMAIN_NONE,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
};
