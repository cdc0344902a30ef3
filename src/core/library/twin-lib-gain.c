/* twin-lib-gain.c: the gain, a signal times a constant.
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
  { "gain", TWIN_VALUE_NUMBER, 1, NULL, NULL, -INFINITY, INFINITY, N_ ("Factor applied to the input.") },
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
};
