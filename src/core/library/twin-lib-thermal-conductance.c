/* twin-lib-thermal-conductance.c: the thermal conductance, heat conduction proportional to a temperature difference.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include "sim/twin-sim-behaviour.h"

#include <glib/gi18n-lib.h>
#include <math.h>

static const TwinPortSpec ports[] = {
  { "a", N_ ("A"), TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, FALSE },
  { "b", N_ ("B"), TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, FALSE },
};

static const TwinParameterSpec parameters[] = {
  { "conductance", TWIN_VALUE_NUMBER, 10, NULL, "W/K", 0, INFINITY, N_ ("Heat flow per kelvin of temperature difference.") },
};

static gboolean
thermal_conductance_compile (TwinSimBuilder *builder,
                             GError        **error)
{
  twin_sim_builder_add_conductance (builder, 0, 1, twin_sim_builder_get_number (builder, "conductance"));
  return TRUE;
}

static const TwinSimBehaviour sim = {
  .equations = "Q̇ = G · (T_a − T_b) from *a* to *b*, with G = `conductance`",
  .assumptions = "Linear and massless: the conductance stores no heat.",
  .compile = thermal_conductance_compile,
};

const TwinEntityType twin_lib_thermal_conductance = {
  .name = "thermal_conductance",
  .label = N_ ("Thermal conductance"),
  .icon_name = "format-justify-fill-symbolic",
  .description = N_ ("Heat conduction between two temperatures in proportion to their difference, such as through a wall layer."),
  .domain = TWIN_DOMAIN_THERMAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
