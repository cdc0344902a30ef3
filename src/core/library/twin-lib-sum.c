/* twin-lib-sum.c: the sum, the weighted sum of two signals.
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
  { "in1", N_ ("Input 1"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, FALSE },
  { "in2", N_ ("Input 2"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, FALSE },
  { "out", N_ ("Output"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_OUTPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "gain1", TWIN_VALUE_NUMBER, 1, NULL, NULL, -INFINITY, INFINITY, N_ ("Weight of input 1.") },
  { "gain2", TWIN_VALUE_NUMBER, 1, NULL, NULL, -INFINITY, INFINITY, N_ ("Weight of input 2.") },
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
};
