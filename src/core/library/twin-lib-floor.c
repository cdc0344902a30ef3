/* twin-lib-floor.c: the floor, one storey of a building.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include <glib/gi18n-lib.h>

static const TwinParameterSpec parameters[] = {
  { "level", TWIN_VALUE_INTEGER, 0, NULL, NULL, -20, 300, N_ ("Storey number; 0 is the ground floor.") },
  { "height", TWIN_VALUE_NUMBER, 3, NULL, "m", 0.5, 100, N_ ("Height from floor to floor.") },
};

const TwinEntityType twin_lib_floor = {
  .name = "floor",
  .label = N_ ("Floor"),
  .icon_name = "view-continuous-symbolic",
  .description = N_ ("One storey of a building."),
  .domain = TWIN_DOMAIN_NONE,
  .flags = TWIN_ENTITY_TYPE_FLAGS_CONTAINER,
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
};
