/* twin-lib-spring.c: the torsion spring, a torque proportional to twist.
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
  { "a", N_ ("A"), TWIN_DOMAIN_ROTATIONAL, TWIN_PORT_PHYSICAL, FALSE },
  { "b", N_ ("B"), TWIN_DOMAIN_ROTATIONAL, TWIN_PORT_PHYSICAL, FALSE },
};

static const TwinParameterSpec parameters[] = {
  { "stiffness", TWIN_VALUE_NUMBER, 1000, NULL, "N·m/rad", 0, 1e12, N_ ("Torque per radian of twist.") },
};

static const TwinStateSpec states[] = {
  { "phi_rel", "rad", N_ ("Twist of flange b relative to flange a.") },
};

enum
{
  PORT_A,
  PORT_B,
};

static gboolean
spring_compile (TwinSimBuilder *builder,
                GError        **error)
{
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "stiffness"));
  twin_sim_builder_add_state (builder, "phi_rel", 0.0);
  return TRUE;
}

static void
spring_flows (TwinSimContext *context)
{
  double torque = twin_sim_get_param (context, 0) * twin_sim_get_state (context, 0);

  twin_sim_add_flow (context, PORT_A, torque);
  twin_sim_add_flow (context, PORT_B, -torque);
  twin_sim_set_derivative (context, 0, twin_sim_get_across (context, PORT_B) - twin_sim_get_across (context, PORT_A));
}

static const TwinSimBehaviour sim = {
  .equations = "dφ_rel/dt = ω_b − ω_a, φ_rel(0) = 0 (unstressed at the start)\n"
               "τ = k · φ_rel on *a*, −τ on *b*, with k = `stiffness`",
  .assumptions = "Linear and massless; no backlash and no internal damping (add a damper in parallel).",
  .compile = spring_compile,
  .flows = spring_flows,
};

const TwinEntityType twin_lib_spring = {
  .name = "spring",
  .label = N_ ("Torsion spring"),
  .icon_name = "media-playlist-shuffle-symbolic",
  .description = N_ ("A linear torsion spring: its torque is the stiffness times the twist between its flanges."),
  .domain = TWIN_DOMAIN_ROTATIONAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .states = states,
  .n_states = G_N_ELEMENTS (states),
  .sim = &sim,
};
