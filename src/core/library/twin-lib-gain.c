/* twin-lib-gain.c: the gain, a signal times a constant.
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
  { "in", N_ ("Input"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, FALSE },
  { "out", N_ ("Output"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_OUTPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "gain", TWIN_VALUE_NUMBER, 1, NULL, NULL, -INFINITY, INFINITY, N_ ("Factor applied to the input.") },
};

static gboolean
gain_compile (TwinSimBuilder *builder,
              GError        **error)
{
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "gain"));
  return TRUE;
}

static void
gain_outputs (TwinSimContext *context)
{
  twin_sim_set_output (context, 1, twin_sim_get_param (context, 0) * twin_sim_get_input (context, 0));
}

static const TwinSimBehaviour sim = {
  .equations = "out = `gain` · in",
  .assumptions = "Direct feedthrough: a loop of gains with nothing that holds a state is an algebraic loop and is refused.",
  .compile = gain_compile,
  .outputs = gain_outputs,
};

const TwinEntityType twin_lib_gain = {
  .name = "gain",
  .label = N_ ("Gain"),
  .icon_name = "zoom-in-symbolic",
  .description = N_ ("A signal multiplied by a constant factor."),
  .domain = TWIN_DOMAIN_SIGNAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_FEEDTHROUGH,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
