/* twin-lib-torque-source.c: the torque source, a prescribed torque.
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
  { "torque", N_ ("Torque"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "torque", TWIN_VALUE_NUMBER, 10, NULL, "N·m", -1e9, 1e9, N_ ("Torque acting on the flange.") },
};

enum
{
  PORT_A,
  PORT_TORQUE,
};

static gboolean
torque_source_compile (TwinSimBuilder *builder,
                       GError        **error)
{
  return TRUE;
}

static void
torque_source_flows (TwinSimContext *context)
{
  twin_sim_add_flow (context, PORT_A, twin_sim_get_input (context, PORT_TORQUE));
}

static const TwinSimBehaviour sim = {
  .equations = "τ on *a* = `torque` (the *torque* input when connected, in N·m), positive in the direction of positive ω",
  .assumptions = "Ideal: the torque does not depend on the speed. The reaction acts on a fixed support outside the model.",
  .compile = torque_source_compile,
  .flows = torque_source_flows,
};

const TwinEntityType twin_lib_torque_source = {
  .name = "torque_source",
  .label = N_ ("Torque source"),
  .icon_name = "object-rotate-right-symbolic",
  .description = N_ ("A prescribed torque on its flange, against a fixed support; a connected input in newton metres overrides the parameter."),
  .domain = TWIN_DOMAIN_ROTATIONAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
