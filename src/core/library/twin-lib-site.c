/* twin-lib-site.c: the site, a plot of land, campus or district.
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
  { "area", TWIN_VALUE_NUMBER, 10000, NULL, "m²", 0, INFINITY, N_ ("Ground area of the site.") },
};

const TwinEntityType twin_lib_site = {
  .name = "site",
  .label = N_ ("Site"),
  .icon_name = "find-location-symbolic",
  .description = N_ ("A plot of land, campus or district with its buildings and networks."),
  .domain = TWIN_DOMAIN_NONE,
  .flags = TWIN_ENTITY_TYPE_FLAGS_CONTAINER,
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
};
