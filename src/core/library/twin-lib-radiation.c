/* twin-lib-radiation.c: radiation, long-wave heat exchange between two grey surfaces.
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
  { "emissivity", TWIN_VALUE_NUMBER, 0.9, NULL, NULL, 0, 1, N_ ("Effective emissivity of the pair of surfaces.") },
  { "area", TWIN_VALUE_NUMBER, 10, NULL, "m²", 0, 1e7, N_ ("Area of the radiating surface.") },
  { "view_factor", TWIN_VALUE_NUMBER, 1, NULL, NULL, 0, 1, N_ ("Share of the radiation leaving surface A that reaches surface B.") },
};

enum
{
  PORT_A,
  PORT_B,
};

#define STEFAN_BOLTZMANN 5.670374419e-8 /* W/(m²·K⁴) */

static gboolean
radiation_compile (TwinSimBuilder *builder,
                   GError        **error)
{
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "emissivity") * STEFAN_BOLTZMANN * twin_sim_builder_get_number (builder, "view_factor") * twin_sim_builder_get_number (builder, "area"));
  twin_sim_builder_flow_depends_on_across (builder, PORT_A);
  twin_sim_builder_flow_depends_on_across (builder, PORT_B);
  return TRUE;
}

static void
radiation_flows (TwinSimContext *context)
{
  double ta = twin_sim_get_across (context, PORT_A);
  double tb = twin_sim_get_across (context, PORT_B);
  double heat = twin_sim_get_param (context, 0) * (ta * ta * ta * ta - tb * tb * tb * tb);

  twin_sim_add_flow (context, PORT_A, -heat);
  twin_sim_add_flow (context, PORT_B, heat);
}

static const TwinSimBehaviour sim = {
  .equations = "Q̇ = ε · σ · F · A · (T_a⁴ − T_b⁴) from *a* to *b*\n"
               "ε = `emissivity`, F = `view_factor`, A = `area`, σ = 5.670374419 × 10⁻⁸ W/(m²·K⁴); T in kelvin",
  .assumptions = "Grey, diffuse surfaces; `emissivity` is the effective emissivity of the pair. Non-linear in the "
                 "temperatures, so a network with radiation has no analytic Jacobian.",
  .compile = radiation_compile,
  .flows = radiation_flows,
};

const TwinEntityType twin_lib_radiation = {
  .name = "radiation",
  .label = N_ ("Radiation"),
  .icon_name = "daytime-sunrise-symbolic",
  .description = N_ ("Long-wave radiant heat exchange between two grey surfaces, in proportion to the difference of their absolute temperatures to the fourth power."),
  .domain = TWIN_DOMAIN_THERMAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
