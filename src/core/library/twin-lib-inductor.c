/* twin-lib-inductor.c: the inductor, an ideal electrical inductance.
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
  { "p", N_ ("+"), TWIN_DOMAIN_ELECTRICAL, TWIN_PORT_PHYSICAL, FALSE },
  { "n", N_ ("−"), TWIN_DOMAIN_ELECTRICAL, TWIN_PORT_PHYSICAL, FALSE },
};

static const TwinParameterSpec parameters[] = {
  { "inductance", TWIN_VALUE_NUMBER, 10, NULL, "mH", 1e-6, INFINITY, N_ ("Electrical inductance.") },
  { "initial_current", TWIN_VALUE_NUMBER, 0, NULL, "A", -100000, 100000, N_ ("Current from p to n when a simulation starts.") },
};

static const TwinStateSpec states[] = {
  { "i", "A", N_ ("Current from p to n.") },
};

const TwinEntityType twin_lib_inductor = {
  .name = "inductor",
  .label = N_ ("Inductor"),
  .icon_name = "media-playlist-repeat-symbolic",
  .description = N_ ("An ideal inductor: the voltage across it is the inductance times the rate of change of its current."),
  .domain = TWIN_DOMAIN_ELECTRICAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .states = states,
  .n_states = G_N_ELEMENTS (states),
};
