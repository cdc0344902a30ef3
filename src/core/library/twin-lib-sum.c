/* twin-lib-sum.c: the sum, the weighted sum of two signals.
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
  { "in1", N_ ("Input 1"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, FALSE },
  { "in2", N_ ("Input 2"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, FALSE },
  { "out", N_ ("Output"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_OUTPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "gain1", TWIN_VALUE_NUMBER, 1, NULL, NULL, -INFINITY, INFINITY, N_ ("Weight of input 1.") },
  { "gain2", TWIN_VALUE_NUMBER, 1, NULL, NULL, -INFINITY, INFINITY, N_ ("Weight of input 2.") },
};

enum
{
  PORT_IN1,
  PORT_IN2,
  PORT_OUT,
};

static gboolean
sum_compile (TwinSimBuilder *builder,
             GError        **error)
{
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "gain1"));
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "gain2"));
  return TRUE;
}

static void
sum_outputs (TwinSimContext *context)
{
  twin_sim_set_output (context, PORT_OUT,
                       twin_sim_get_param (context, 0) * twin_sim_get_input (context, PORT_IN1) + twin_sim_get_param (context, 1) * twin_sim_get_input (context, PORT_IN2));
}

static const TwinSimBehaviour sim = {
  .equations = "out = `gain1` · in1 + `gain2` · in2",
  .assumptions = "Direct feedthrough: a loop of sums and gains with nothing that holds a state is an algebraic "
                 "loop and is refused.",
  .compile = sum_compile,
  .outputs = sum_outputs,
};

const TwinEntityType twin_lib_sum = {
  .name = "sum",
  .label = N_ ("Sum"),
  .icon_name = "list-add-symbolic",
  .description = N_ ("The weighted sum of two signals; a weight of -1 subtracts."),
  .domain = TWIN_DOMAIN_SIGNAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_FEEDTHROUGH,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
