/* twin-lib-current-source.c: the current source, an ideal constant or controlled current.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include <glib/gi18n-lib.h>

static const TwinPortSpec ports[] = {
  { "p", N_ ("+"), TWIN_DOMAIN_ELECTRICAL, TWIN_PORT_PHYSICAL, FALSE },
  { "n", N_ ("−"), TWIN_DOMAIN_ELECTRICAL, TWIN_PORT_PHYSICAL, FALSE },
  { "current", N_ ("Current"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "current", TWIN_VALUE_NUMBER, 1, NULL, "A", -100000, 100000, N_ ("Current from n through the source to p.") },
};

const TwinEntityType twin_lib_current_source = {
  .name = "current_source",
  .label = N_ ("Current source"),
  .icon_name = "thunderbolt-symbolic",
  .description = N_ ("An ideal current source driving its current from n through the source to p; a connected input in amperes overrides the parameter."),
  .domain = TWIN_DOMAIN_ELECTRICAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
};
