/* twin-lib-building.c: the building, which holds floors.
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
  { "floor_area", TWIN_VALUE_NUMBER, 1000, NULL, "m²", 0, INFINITY, N_ ("Gross floor area of all floors.") },
  { "year_built", TWIN_VALUE_INTEGER, 2000, NULL, NULL, 1000, 2200, N_ ("Year the building was finished.") },
};

const TwinEntityType twin_lib_building = {
  .name = "building",
  .label = N_ ("Building"),
  .icon_name = "go-home-symbolic",
  .description = N_ ("A building with its floors."),
  .domain = TWIN_DOMAIN_NONE,
  .flags = TWIN_ENTITY_TYPE_FLAGS_CONTAINER,
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
};
