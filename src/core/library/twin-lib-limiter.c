/* twin-lib-limiter.c: the limiter, a signal clipped between two limits.
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
  { "in", N_ ("Input"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, FALSE },
  { "out", N_ ("Output"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_OUTPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "lower", TWIN_VALUE_NUMBER, 0, NULL, NULL, -INFINITY, INFINITY, N_ ("Lowest output.") },
  { "upper", TWIN_VALUE_NUMBER, 1, NULL, NULL, -INFINITY, INFINITY, N_ ("Highest output.") },
};

const TwinEntityType twin_lib_limiter = {
  .name = "limiter",
  .label = N_ ("Limiter"),
  .icon_name = "zoom-fit-best-symbolic",
  .description = N_ ("A signal clipped to lie between a lower and an upper limit."),
  .domain = TWIN_DOMAIN_SIGNAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_FEEDTHROUGH,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
};
