/* twin-lib-reservoir.c: the reservoir, a hydraulic boundary at a fixed pressure.
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
  { "a", N_ ("A"), TWIN_DOMAIN_HYDRAULIC, TWIN_PORT_PHYSICAL, FALSE },
};

static const TwinParameterSpec parameters[] = {
  { "head", TWIN_VALUE_NUMBER, 5, NULL, "m", -1000, 10000, N_ ("Height of the free water surface above the port.") },
};

enum
{
  PORT_A,
};

#define WATER_DENSITY 1000.0 /* kg/m³ */
#define GRAVITY 9.81         /* m/s² */

static gboolean
reservoir_compile (TwinSimBuilder *builder,
                   GError        **error)
{
  twin_sim_builder_add_param (builder, WATER_DENSITY * GRAVITY * twin_sim_builder_get_number (builder, "head"));
  twin_sim_builder_drive_across (builder, PORT_A);
  return TRUE;
}

static void
reservoir_outputs (TwinSimContext *context)
{
  twin_sim_set_across (context, PORT_A, twin_sim_get_param (context, 0));
}

static const TwinSimBehaviour sim = {
  .equations = "p_a = ρ · g · `head`, with ρ = 1000 kg/m³ and g = 9.81 m/s²",
  .assumptions = "An ideal boundary: its level does not change whatever flows in or out. Pressures are gauge "
                 "pressures (0 Pa at atmospheric pressure).",
  .compile = reservoir_compile,
  .outputs = reservoir_outputs,
};

const TwinEntityType twin_lib_reservoir = {
  .name = "reservoir",
  .label = N_ ("Reservoir"),
  .icon_name = "weather-showers-symbolic",
  .description = N_ ("A large body of water at a fixed level, such as a lake or the public mains; the reference pressure of a water network."),
  .domain = TWIN_DOMAIN_HYDRAULIC,
  .flags = TWIN_ENTITY_TYPE_FLAGS_REFERENCE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
