/* twin-lib-ground.c: the ground, the electrical reference at zero volts.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include "sim/twin-sim-behaviour.h"

#include <glib/gi18n-lib.h>

static const TwinPortSpec ports[] = {
  { "p", N_ ("Ground"), TWIN_DOMAIN_ELECTRICAL, TWIN_PORT_PHYSICAL, FALSE },
};

static gboolean
ground_compile (TwinSimBuilder *builder,
                GError        **error)
{
  twin_sim_builder_drive_across (builder, 0);
  return TRUE;
}

static void
ground_outputs (TwinSimContext *context)
{
  twin_sim_set_across (context, 0, 0.0);
}

static const TwinSimBehaviour sim = {
  .equations = "v_p = 0 V",
  .assumptions = "The reference of the circuit: it takes any current.",
  .compile = ground_compile,
  .outputs = ground_outputs,
};

const TwinEntityType twin_lib_ground = {
  .name = "ground",
  .label = N_ ("Ground"),
  .icon_name = "go-bottom-symbolic",
  .description = N_ ("The reference at zero volts; every electrical circuit needs one."),
  .domain = TWIN_DOMAIN_ELECTRICAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_REFERENCE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .sim = &sim,
};
