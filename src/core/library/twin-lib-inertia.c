/* twin-lib-inertia.c: the inertia, a rotating mass.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include <glib/gi18n-lib.h>

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
};
