/* twin-lib-damper.c: the rotational damper, a torque proportional to a speed difference.
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
  { "damping", TWIN_VALUE_NUMBER, 10, NULL, "N·m·s/rad", 0, 1e9, N_ ("Torque per radian per second of speed difference.") },
};

enum
{
  PORT_A,
  PORT_B,
};

static gboolean
damper_compile (TwinSimBuilder *builder,
                GError        **error)
{
  twin_sim_builder_add_conductance (builder, PORT_A, PORT_B, twin_sim_builder_get_number (builder, "damping"));
  return TRUE;
}

static const TwinSimBehaviour sim = {
  .equations = "τ = d · (ω_a − ω_b), acting against the motion of *a* and with it on *b*, with d = `damping`",
  .assumptions = "Linear viscous friction, massless. To model bearing friction connect *b* to a fixed frame.",
  .compile = damper_compile,
};

const TwinEntityType twin_lib_damper = {
  .name = "damper",
  .label = N_ ("Rotational damper"),
  .icon_name = "view-paged-symbolic",
  .description = N_ ("A linear rotational damper: its torque is the damping times the speed difference between its flanges."),
  .domain = TWIN_DOMAIN_ROTATIONAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
