/* twin-lib-pipe.c: the pipe, friction and inertia of a water column.
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
  { "b", N_ ("B"), TWIN_DOMAIN_HYDRAULIC, TWIN_PORT_PHYSICAL, FALSE },
};

static const TwinParameterSpec parameters[] = {
  { "length", TWIN_VALUE_NUMBER, 10, NULL, "m", 0.01, 100000, N_ ("Length of the pipe.") },
  { "diameter", TWIN_VALUE_NUMBER, 50, NULL, "mm", 1, 5000, N_ ("Inside diameter.") },
  { "roughness", TWIN_VALUE_NUMBER, 0.05, NULL, "mm", 0, 10, N_ ("Absolute roughness of the inside wall.") },
  { "loss_coefficient", TWIN_VALUE_NUMBER, 0, NULL, NULL, 0, 1000, N_ ("Sum of the minor loss coefficients of bends and fittings.") },
};

static const TwinStateSpec states[] = {
  { "q", "m³/s", N_ ("Volume flow from a to b.") },
};

const TwinEntityType twin_lib_pipe = {
  .name = "pipe",
  .label = N_ ("Pipe"),
  .icon_name = "list-remove-symbolic",
  .description = N_ ("A straight pipe with friction and minor losses, and the inertia of its water column."),
  .domain = TWIN_DOMAIN_HYDRAULIC,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .states = states,
  .n_states = G_N_ELEMENTS (states),
};
