/* twin-lib-torque-source.c: the torque source, a prescribed torque.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include <glib/gi18n-lib.h>

static const TwinPortSpec ports[] = {
  { "a", N_ ("A"), TWIN_DOMAIN_ROTATIONAL, TWIN_PORT_PHYSICAL, FALSE },
  { "torque", N_ ("Torque"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "torque", TWIN_VALUE_NUMBER, 10, NULL, "N·m", -1e9, 1e9, N_ ("Torque acting on the flange.") },
};

const TwinEntityType twin_lib_torque_source = {
  .name = "torque_source",
  .label = N_ ("Torque source"),
  .icon_name = "object-rotate-right-symbolic",
  .description = N_ ("A prescribed torque on its flange, against a fixed support; a connected input in newton metres overrides the parameter."),
  .domain = TWIN_DOMAIN_ROTATIONAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
};
