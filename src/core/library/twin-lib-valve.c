/* twin-lib-valve.c: the valve, a flow resistance set by its opening.
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
  { "opening", N_ ("Opening"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "kv", TWIN_VALUE_NUMBER, 10, NULL, "m³/h", 0.001, 100000, N_ ("Flow at full opening with a pressure drop of one bar.") },
  { "opening", TWIN_VALUE_NUMBER, 100, NULL, "%", 0, 100, N_ ("How far the valve is open.") },
  { "leakage", TWIN_VALUE_NUMBER, 0.01, NULL, "%", 0, 100, N_ ("Flow coefficient when closed, as a share of kv.") },
};

const TwinEntityType twin_lib_valve = {
  .name = "valve",
  .label = N_ ("Valve"),
  .icon_name = "object-flip-horizontal-symbolic",
  .description = N_ ("A control valve with a flow coefficient; a connected opening input (0 to 1) overrides the parameter."),
  .domain = TWIN_DOMAIN_HYDRAULIC,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
};
