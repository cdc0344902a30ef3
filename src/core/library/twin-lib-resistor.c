/* twin-lib-resistor.c: the resistor, an ideal linear electrical resistance.
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
  { "p", N_ ("+"), TWIN_DOMAIN_ELECTRICAL, TWIN_PORT_PHYSICAL, FALSE },
  { "n", N_ ("−"), TWIN_DOMAIN_ELECTRICAL, TWIN_PORT_PHYSICAL, FALSE },
};

static const TwinParameterSpec parameters[] = {
  { "resistance", TWIN_VALUE_NUMBER, 100, NULL, "Ω", 0, INFINITY, N_ ("Electrical resistance.") },
};

const TwinEntityType twin_lib_resistor = {
  .name = "resistor",
  .label = N_ ("Resistor"),
  .icon_name = "network-wired-symbolic",
  .description = N_ ("An ideal linear resistance: the voltage across it is the current times the resistance."),
  .domain = TWIN_DOMAIN_ELECTRICAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
};
