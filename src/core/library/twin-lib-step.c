/* twin-lib-step.c: the step, a signal that jumps at a given time.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include <glib/gi18n-lib.h>
#include <math.h>

static const TwinPortSpec ports[] = {
  { "out", N_ ("Output"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_OUTPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "initial_value", TWIN_VALUE_NUMBER, 0, NULL, NULL, -INFINITY, INFINITY, N_ ("Output before the step.") },
  { "final_value", TWIN_VALUE_NUMBER, 1, NULL, NULL, -INFINITY, INFINITY, N_ ("Output from the step on.") },
  { "step_time", TWIN_VALUE_NUMBER, 1, NULL, "s", 0, INFINITY, N_ ("Simulation time of the step.") },
};

const TwinEntityType twin_lib_step = {
  .name = "step",
  .label = N_ ("Step"),
  .icon_name = "go-up-symbolic",
  .description = N_ ("A signal that jumps from one value to another at a given time."),
  .domain = TWIN_DOMAIN_SIGNAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
};
