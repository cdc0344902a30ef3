/* twin-lib-generator.c: the generator, a machine between a rotating shaft and an electrical circuit.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include <glib/gi18n-lib.h>

static const TwinPortSpec ports[] = {
  { "a", N_ ("Shaft"), TWIN_DOMAIN_ROTATIONAL, TWIN_PORT_PHYSICAL, FALSE },
  { "p", N_ ("+"), TWIN_DOMAIN_ELECTRICAL, TWIN_PORT_PHYSICAL, FALSE },
  { "n", N_ ("−"), TWIN_DOMAIN_ELECTRICAL, TWIN_PORT_PHYSICAL, FALSE },
};

static const TwinParameterSpec parameters[] = {
  { "rated_power", TWIN_VALUE_NUMBER, 100, NULL, "kW", 0.001, 1e6, N_ ("Electrical power at the rated point.") },
  { "rated_speed", TWIN_VALUE_NUMBER, 1500, NULL, "rpm", 1, 100000, N_ ("Shaft speed at the rated point.") },
  { "rated_voltage", TWIN_VALUE_NUMBER, 400, NULL, "V", 1, 100000, N_ ("Voltage at the rated point.") },
  { "efficiency", TWIN_VALUE_NUMBER, 95, NULL, "%", 1, 100, N_ ("Share of the shaft power delivered as electrical power at the rated point.") },
  { "inductance", TWIN_VALUE_NUMBER, 1, NULL, "mH", 0.001, 1e6, N_ ("Inductance of the winding.") },
};

static const TwinStateSpec states[] = {
  { "i", "A", N_ ("Current through the winding from n to p.") },
};

const TwinEntityType twin_lib_generator = {
  .name = "generator",
  .label = N_ ("Generator"),
  .icon_name = "gnome-power-manager-symbolic",
  .description = N_ ("An electrical machine that turns shaft power into electrical power: its voltage follows its speed and its torque follows its current."),
  .domain = TWIN_DOMAIN_ROTATIONAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .states = states,
  .n_states = G_N_ELEMENTS (states),
};
