/* twin-lib-system.c: the system, the top of a twin or an independent part of one.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include <glib/gi18n-lib.h>

const TwinEntityType twin_lib_system = {
  .name = "system",
  .label = N_ ("System"),
  .icon_name = "applications-engineering-symbolic",
  .description = N_ ("A whole twin or an independent part of one."),
  .domain = TWIN_DOMAIN_NONE,
  .flags = TWIN_ENTITY_TYPE_FLAGS_CONTAINER,
};
