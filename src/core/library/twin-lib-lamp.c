/* twin-lib-lamp.c: the lamp, a light fitting whose power becomes an internal heat gain.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include <glib/gi18n-lib.h>
#include <math.h>

static const TwinPortSpec ports[] = {
  { "heat", N_ ("Heat gain"), TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, TRUE },
  { "dimming", N_ ("Dimming"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "power", TWIN_VALUE_NUMBER, 40, NULL, "W", 0, 100000, N_ ("Electrical power when on.") },
  { "dimmable", TWIN_VALUE_BOOLEAN, FALSE, NULL, NULL, -INFINITY, INFINITY, N_ ("Whether the light output can be dimmed.") },
};

const TwinEntityType twin_lib_lamp = {
  .name = "lamp",
  .label = N_ ("Lamp"),
  .icon_name = "weather-clear-night-symbolic",
  .description = N_ ("A light fitting whose electrical power ends up as heat in the room."),
  .domain = TWIN_DOMAIN_THERMAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
};
