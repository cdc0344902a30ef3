/* twin-lib-ground.c: the ground, the electrical reference at zero volts.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include <glib/gi18n-lib.h>

static const TwinPortSpec ports[] = {
  { "p", N_ ("Ground"), TWIN_DOMAIN_ELECTRICAL, TWIN_PORT_PHYSICAL, FALSE },
};

const TwinEntityType twin_lib_ground = {
  .name = "ground",
  .label = N_ ("Ground"),
  .icon_name = "go-bottom-symbolic",
  .description = N_ ("The reference at zero volts; every electrical circuit needs one."),
  .domain = TWIN_DOMAIN_ELECTRICAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_REFERENCE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
};
