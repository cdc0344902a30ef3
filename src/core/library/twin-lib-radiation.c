/* twin-lib-radiation.c: radiation, long-wave heat exchange between two grey surfaces.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include <glib/gi18n-lib.h>

static const TwinPortSpec ports[] = {
  { "a", N_ ("A"), TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, FALSE },
  { "b", N_ ("B"), TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, FALSE },
};

static const TwinParameterSpec parameters[] = {
  { "emissivity", TWIN_VALUE_NUMBER, 0.9, NULL, NULL, 0, 1, N_ ("Effective emissivity of the pair of surfaces.") },
  { "area", TWIN_VALUE_NUMBER, 10, NULL, "m²", 0, 1e7, N_ ("Area of the radiating surface.") },
  { "view_factor", TWIN_VALUE_NUMBER, 1, NULL, NULL, 0, 1, N_ ("Share of the radiation leaving surface A that reaches surface B.") },
};

const TwinEntityType twin_lib_radiation = {
  .name = "radiation",
  .label = N_ ("Radiation"),
  .icon_name = "daytime-sunrise-symbolic",
  .description = N_ ("Long-wave radiant heat exchange between two grey surfaces, in proportion to the difference of their absolute temperatures to the fourth power."),
  .domain = TWIN_DOMAIN_THERMAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
};
