/* twin-lib-pipe.c: the pipe, friction and inertia of a water column.
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
  { "b", N_ ("B"), TWIN_DOMAIN_HYDRAULIC, TWIN_PORT_PHYSICAL, FALSE },
};

static const TwinParameterSpec parameters[] = {
  { "length", TWIN_VALUE_NUMBER, 10, NULL, "m", 0.01, 100000, N_ ("Length of the pipe.") },
  { "diameter", TWIN_VALUE_NUMBER, 50, NULL, "mm", 1, 5000, N_ ("Inside diameter.") },
  { "roughness", TWIN_VALUE_NUMBER, 0.05, NULL, "mm", 0, 10, N_ ("Absolute roughness of the inside wall.") },
  { "loss_coefficient", TWIN_VALUE_NUMBER, 0, NULL, NULL, 0, 1000, N_ ("Sum of the minor loss coefficients of bends and fittings.") },
};

static const TwinStateSpec states[] = {
  { "q", "m³/s", N_ ("Volume flow from a to b.") },
};

enum
{
  PORT_A,
  PORT_B,
};

enum
{
  PARAM_INERTANCE,
  PARAM_LAMINAR,
  PARAM_TURBULENT,
};

#define WATER_DENSITY 1000.0  /* kg/m³ */
#define WATER_VISCOSITY 1e-3  /* Pa·s, at 20 °C */
#define SMOOTH_ROUGHNESS 1e-6 /* relative roughness used for a smooth pipe */

static gboolean
pipe_compile (TwinSimBuilder *builder,
              GError        **error)
{
  double length = twin_sim_builder_get_number (builder, "length");
  double diameter = twin_sim_builder_get_number (builder, "diameter");
  double roughness = twin_sim_builder_get_number (builder, "roughness");
  double minor = twin_sim_builder_get_number (builder, "loss_coefficient");
  double area, relative, log_term, friction;

  if (!(length > 0) || !(diameter > 0))
    return twin_sim_builder_fail (builder, error, _ ("the length and the diameter must be greater than zero."));
  area = G_PI * diameter * diameter / 4;
  relative = MAX (roughness / diameter, SMOOTH_ROUGHNESS);
  /* Swamee–Jain in the fully rough limit (Reynolds number → ∞). */
  log_term = log10 (relative / 3.7);
  friction = 0.25 / (log_term * log_term);
  twin_sim_builder_add_param (builder, WATER_DENSITY * length / area);
  twin_sim_builder_add_param (builder, 128 * WATER_VISCOSITY * length / (G_PI * pow (diameter, 4)));
  twin_sim_builder_add_param (builder, (friction * length / diameter + minor) * WATER_DENSITY / (2 * area * area));
  twin_sim_builder_add_state (builder, "q", 0.0);
  return TRUE;
}

static void
pipe_flows (TwinSimContext *context)
{
  double flow = twin_sim_get_state (context, 0);
  double loss = twin_sim_get_param (context, PARAM_LAMINAR) * flow + twin_sim_get_param (context, PARAM_TURBULENT) * flow * fabs (flow);
  double drop = twin_sim_get_across (context, PORT_A) - twin_sim_get_across (context, PORT_B);

  twin_sim_add_flow (context, PORT_A, -flow);
  twin_sim_add_flow (context, PORT_B, flow);
  twin_sim_set_derivative (context, 0, (drop - loss) / twin_sim_get_param (context, PARAM_INERTANCE));
}

static const TwinSimBehaviour sim = {
  .equations = "ρ · L / A · dq/dt = (p_a − p_b) − Δp_loss(q), q from *a* to *b*, q(0) = 0\n"
               "Δp_loss = 128 · μ · L / (π · D⁴) · q + (f · L / D + K) · ρ / (2 · A²) · q · |q|\n"
               "f = 0.25 / log10(ε / (3.7 · D))² (Swamee–Jain, fully rough)\n"
               "L = `length`, D = `diameter`, ε = `roughness`, K = `loss_coefficient`, A = π · D² / 4, "
               "ρ = 1000 kg/m³, μ = 0.001 Pa·s",
  .assumptions = "Incompressible water at 20 °C filling the pipe; rigid walls. The loss is the sum of the laminar "
                 "(Hagen–Poiseuille) and the fully turbulent quadratic loss, so it is right at both ends and smooth "
                 "through zero flow, but overestimates the loss by up to about 30 % in transitional flow. A smooth pipe "
                 "is taken as ε / D = 10⁻⁶. Elevation differences along the pipe are not modelled.",
  .compile = pipe_compile,
  .flows = pipe_flows,
};

const TwinEntityType twin_lib_pipe = {
  .name = "pipe",
  .label = N_ ("Pipe"),
  .icon_name = "list-remove-symbolic",
  .description = N_ ("A straight pipe with friction and minor losses, and the inertia of its water column."),
  .domain = TWIN_DOMAIN_HYDRAULIC,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .states = states,
  .n_states = G_N_ELEMENTS (states),
  .sim = &sim,
};
