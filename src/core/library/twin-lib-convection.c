/* twin-lib-convection.c: convection, heat transfer between a surface and a fluid.
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
  { "a", N_ ("Surface"), TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, FALSE },
  { "b", N_ ("Fluid"), TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, FALSE },
};

static const TwinParameterSpec parameters[] = {
  { "heat_transfer_coefficient", TWIN_VALUE_NUMBER, 7.7, NULL, "W/(m²·K)", 0, 100000, N_ ("Convective heat transfer coefficient.") },
  { "area", TWIN_VALUE_NUMBER, 10, NULL, "m²", 0, 1e7, N_ ("Area of the surface.") },
};

enum
{
  PORT_A,
  PORT_B,
};

static gboolean
convection_compile (TwinSimBuilder *builder,
                    GError        **error)
{
  twin_sim_builder_add_conductance (builder, PORT_A, PORT_B,
                                    twin_sim_builder_get_number (builder, "heat_transfer_coefficient") * twin_sim_builder_get_number (builder, "area"));
  return TRUE;
}

static const TwinSimBehaviour sim = {
  .equations = "Q̇ = h · A · (T_a − T_b) from *a* to *b*, with h = `heat_transfer_coefficient` and A = `area`",
  .assumptions = "A constant heat transfer coefficient: it does not change with the temperature difference or the "
                 "air speed. Massless.",
  .compile = convection_compile,
};

const TwinEntityType twin_lib_convection = {
  .name = "convection",
  .label = N_ ("Convection"),
  .icon_name = "weather-fog-symbolic",
  .description = N_ ("Heat transfer between a solid surface and a fluid, with a heat transfer coefficient over an area."),
  .domain = TWIN_DOMAIN_THERMAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
