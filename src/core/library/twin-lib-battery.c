/* twin-lib-battery.c: the battery, a charge store with an internal resistance.
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
};

static const TwinParameterSpec parameters[] = {
  { "capacity", TWIN_VALUE_NUMBER, 100, NULL, "Ah", 0.001, 1e6, N_ ("Charge the battery holds when full.") },
  { "nominal_voltage", TWIN_VALUE_NUMBER, 12, NULL, "V", 0.1, 2000, N_ ("Open-circuit voltage when full.") },
  { "internal_resistance", TWIN_VALUE_NUMBER, 0.01, NULL, "Ω", 0, 100, N_ ("Internal series resistance.") },
  { "initial_charge", TWIN_VALUE_NUMBER, 80, NULL, "%", 0, 100, N_ ("State of charge when a simulation starts.") },
};

static const TwinStateSpec states[] = {
  { "soc", "1", N_ ("State of charge, from 0 (empty) to 1 (full).") },
};

const TwinEntityType twin_lib_battery = {
  .name = "battery",
  .label = N_ ("Battery"),
  .icon_name = "battery-symbolic",
  .description = N_ ("A rechargeable battery: an open-circuit voltage that follows the state of charge, behind an internal resistance."),
  .domain = TWIN_DOMAIN_ELECTRICAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .states = states,
  .n_states = G_N_ELEMENTS (states),
};
