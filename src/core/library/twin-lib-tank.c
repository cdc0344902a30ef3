/* twin-lib-tank.c: the tank, an open water store whose level sets the pressure.
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
  { "a", N_ ("Inlet"), TWIN_DOMAIN_HYDRAULIC, TWIN_PORT_PHYSICAL, FALSE },
  { "b", N_ ("Outlet"), TWIN_DOMAIN_HYDRAULIC, TWIN_PORT_PHYSICAL, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "area", TWIN_VALUE_NUMBER, 1, NULL, "m²", 0.001, 1e6, N_ ("Cross-section area of the tank.") },
  { "height", TWIN_VALUE_NUMBER, 2, NULL, "m", 0.01, 1000, N_ ("Height of the tank; water above it overflows.") },
  { "initial_level", TWIN_VALUE_NUMBER, 1, NULL, "m", 0, 1000, N_ ("Water level when a simulation starts.") },
};

static const TwinStateSpec states[] = {
  { "h", "m", N_ ("Water level above the bottom.") },
};

enum
{
  PORT_A,
  PORT_B,
};

#define WATER_DENSITY 1000.0 /* kg/m³ */
#define GRAVITY 9.81         /* m/s² */
#define OVERFLOW_TIME 1.0    /* s: time constant of the overflow */

enum
{
  PARAM_OVERFLOW_PRESSURE,
  PARAM_OVERFLOW_CONDUCTANCE,
};

static gboolean
tank_compile (TwinSimBuilder *builder,
              GError        **error)
{
  double area = twin_sim_builder_get_number (builder, "area");
  double height = twin_sim_builder_get_number (builder, "height");
  double level = twin_sim_builder_get_number (builder, "initial_level");
  double capacity = area / (WATER_DENSITY * GRAVITY);

  if (!(area > 0))
    return twin_sim_builder_fail (builder, error, _ ("the area must be greater than zero."));
  if (twin_sim_builder_is_connected (builder, PORT_B))
    twin_sim_builder_join_ports (builder, PORT_A, PORT_B);
  twin_sim_builder_add_capacity (builder, PORT_A, capacity, "h", WATER_DENSITY * GRAVITY * level,
                                 1.0 / (WATER_DENSITY * GRAVITY));
  twin_sim_builder_add_param (builder, WATER_DENSITY * GRAVITY * height);
  twin_sim_builder_add_param (builder, capacity / OVERFLOW_TIME);
  return TRUE;
}

static void
tank_flows (TwinSimContext *context)
{
  double excess = twin_sim_get_across (context, PORT_A) - twin_sim_get_param (context, PARAM_OVERFLOW_PRESSURE);

  if (excess > 0)
    twin_sim_add_flow (context, PORT_A, -twin_sim_get_param (context, PARAM_OVERFLOW_CONDUCTANCE) * excess);
}

static const TwinSimBehaviour sim = {
  .equations = "A / (ρ · g) · dp/dt = Σ q into the tank (*a* and *b* are one node), with A = `area`\n"
               "h = p / (ρ · g), h(0) = `initial_level`; ρ = 1000 kg/m³, g = 9.81 m/s²\n"
               "overflow: q_out = A · (h − `height`) / 1 s while h > `height`",
  .assumptions = "An open tank with vertical walls; p is the gauge pressure at its bottom, where both ports are. "
                 "Water above `height` overflows within about a second (not a sharp limit). The level is not held "
                 "above zero: drain a tank through a component whose flow vanishes with the pressure (a valve or a pipe).",
  .compile = tank_compile,
  .flows = tank_flows,
};

const TwinEntityType twin_lib_tank = {
  .name = "tank",
  .label = N_ ("Tank"),
  .icon_name = "drive-multidisk-symbolic",
  .description = N_ ("An open tank whose water level sets the hydrostatic pressure at its bottom connections."),
  .domain = TWIN_DOMAIN_HYDRAULIC,
  .flags = TWIN_ENTITY_TYPE_FLAGS_REFERENCE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .states = states,
  .n_states = G_N_ELEMENTS (states),
  .sim = &sim,
};
