/* twin-lib-fixed.c: the fixed frame, the rotational reference at zero speed.
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
  { "a", N_ ("Support"), TWIN_DOMAIN_ROTATIONAL, TWIN_PORT_PHYSICAL, FALSE },
};

enum
{
  PORT_A,
};

static gboolean
fixed_compile (TwinSimBuilder *builder,
               GError        **error)
{
  twin_sim_builder_drive_across (builder, PORT_A);
  return TRUE;
}

static void
fixed_outputs (TwinSimContext *context)
{
  twin_sim_set_across (context, PORT_A, 0.0);
}

static const TwinSimBehaviour sim = {
  .equations = "ω_a = 0 rad/s",
  .assumptions = "A rigid support: it takes any torque.",
  .compile = fixed_compile,
  .outputs = fixed_outputs,
};

const TwinEntityType twin_lib_fixed = {
  .name = "fixed",
  .label = N_ ("Fixed frame"),
  .icon_name = "changes-prevent-symbolic",
  .description = N_ ("A support that does not turn, such as a housing or a foundation; the reference of a rotating drive train."),
  .domain = TWIN_DOMAIN_ROTATIONAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_REFERENCE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .sim = &sim,
};
