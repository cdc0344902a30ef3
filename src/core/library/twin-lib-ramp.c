/* twin-lib-ramp.c: the ramp, a signal that changes linearly between two values.
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
  { "initial_value", TWIN_VALUE_NUMBER, 0, NULL, NULL, -INFINITY, INFINITY, N_ ("Output before the ramp.") },
  { "final_value", TWIN_VALUE_NUMBER, 1, NULL, NULL, -INFINITY, INFINITY, N_ ("Output after the ramp.") },
  { "start_time", TWIN_VALUE_NUMBER, 0, NULL, "s", 0, INFINITY, N_ ("Simulation time the ramp starts.") },
  { "duration", TWIN_VALUE_NUMBER, 10, NULL, "s", 0, INFINITY, N_ ("How long the ramp lasts.") },
};

const TwinEntityType twin_lib_ramp = {
  .name = "ramp",
  .label = N_ ("Ramp"),
  .icon_name = "view-sort-ascending-symbolic",
  .description = N_ ("A signal that changes linearly from one value to another over a given duration."),
  .domain = TWIN_DOMAIN_SIGNAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
};
