/* twin-lib-inertia.c: the inertia, a rotating mass.
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
  { "b", N_ ("B"), TWIN_DOMAIN_ROTATIONAL, TWIN_PORT_PHYSICAL, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "inertia", TWIN_VALUE_NUMBER, 1, NULL, "kg·m²", 1e-6, 1e9, N_ ("Moment of inertia about the axis.") },
  { "initial_speed", TWIN_VALUE_NUMBER, 0, NULL, "rpm", -100000, 100000, N_ ("Angular speed when a simulation starts.") },
};

static const TwinStateSpec states[] = {
  { "phi", "rad", N_ ("Angle of rotation.") },
  { "omega", "rad/s", N_ ("Angular speed.") },
};

enum
{
  PORT_A,
  PORT_B,
};

static gboolean
inertia_compile (TwinSimBuilder *builder,
                 GError        **error)
{
  double inertia = twin_sim_builder_get_number (builder, "inertia");

  if (!(inertia > 0))
    return twin_sim_builder_fail (builder, error, _ ("the inertia must be greater than zero."));
  if (twin_sim_builder_is_connected (builder, PORT_B))
    twin_sim_builder_join_ports (builder, PORT_A, PORT_B);
  twin_sim_builder_add_capacity (builder, PORT_A, inertia, "omega",
                                 twin_sim_builder_get_number (builder, "initial_speed"), 1.0);
  twin_sim_builder_add_state (builder, "phi", 0.0);
  return TRUE;
}

static void
inertia_flows (TwinSimContext *context)
{
  twin_sim_set_derivative (context, 0, twin_sim_get_across (context, PORT_A));
}

static const TwinSimBehaviour sim = {
  .equations = "J · dω/dt = Σ τ on *a* and *b* (one rigid shaft), with J = `inertia` and ω(0) = `initial_speed`\n"
               "dφ/dt = ω, φ(0) = 0",
  .assumptions = "A rigid body: both flanges turn at the same speed. Inertias on one shaft add up. Bearing "
                 "friction is not included (add a damper to a fixed frame).",
  .compile = inertia_compile,
  .flows = inertia_flows,
};

const TwinEntityType twin_lib_inertia = {
  .name = "inertia",
  .label = N_ ("Inertia"),
  .icon_name = "media-optical-symbolic",
  .description = N_ ("A rigid rotating mass, such as a flywheel or a rotor, whose speed changes with the net torque on it."),
  .domain = TWIN_DOMAIN_ROTATIONAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_REFERENCE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .states = states,
  .n_states = G_N_ELEMENTS (states),
  .sim = &sim,
};
