/* twin-lib-table.c: the lookup table, a function of its input given as points.
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
  { "points", TWIN_VALUE_STRING, 0, "0 0; 1 1", NULL, -INFINITY, INFINITY, N_ ("Points as input–output pairs with a dot as decimal mark, pairs separated by semicolons, inputs increasing.") },
  { "extrapolate", TWIN_VALUE_BOOLEAN, FALSE, NULL, NULL, -INFINITY, INFINITY, N_ ("Whether to extend the first and last segments beyond the points; otherwise the end values are held.") },
};

const TwinEntityType twin_lib_table = {
  .name = "table",
  .label = N_ ("Lookup table"),
  .icon_name = "x-office-spreadsheet-symbolic",
  .description = N_ ("A function of its input given as points and interpolated linearly between them."),
  .domain = TWIN_DOMAIN_SIGNAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_FEEDTHROUGH,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
};
