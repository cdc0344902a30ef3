/* twin-lib-constant.c: the constant, a signal with one value.
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
  { "out", N_ ("Output"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_OUTPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "value", TWIN_VALUE_NUMBER, 1, NULL, NULL, -INFINITY, INFINITY, N_ ("The output value.") },
};

static gboolean
constant_compile (TwinSimBuilder *builder,
                  GError        **error)
{
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "value"));
  return TRUE;
}

static void
constant_outputs (TwinSimContext *context)
{
  twin_sim_set_output (context, 0, twin_sim_get_param (context, 0));
}

static const TwinSimBehaviour sim = {
  .equations = "out = `value`",
  .compile = constant_compile,
  .outputs = constant_outputs,
};

const TwinEntityType twin_lib_constant = {
  .name = "constant",
  .label = N_ ("Constant"),
  .icon_name = "input-dialpad-symbolic",
  .description = N_ ("A signal that keeps one value."),
  .domain = TWIN_DOMAIN_SIGNAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
