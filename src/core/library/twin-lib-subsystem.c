/* twin-lib-subsystem.c: the subsystem, a group of components used like one component one level up.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include <glib/gi18n-lib.h>

const TwinEntityType twin_lib_subsystem = {
  .name = "subsystem",
  .label = N_ ("Subsystem"),
  .icon_name = "folder-symbolic",
  .description = N_ ("A group of components that work together and are used like one component one level up."),
  .domain = TWIN_DOMAIN_NONE,
  .flags = TWIN_ENTITY_TYPE_FLAGS_CONTAINER,
};
