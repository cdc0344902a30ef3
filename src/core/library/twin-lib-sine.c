/* twin-lib-sine.c: the sine wave, a sinusoidal signal.
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
  { "amplitude", TWIN_VALUE_NUMBER, 1, NULL, NULL, -INFINITY, INFINITY, N_ ("Half the peak-to-peak swing.") },
  { "frequency", TWIN_VALUE_NUMBER, 1, NULL, "Hz", 0, 1e6, N_ ("Cycles per second.") },
  { "phase", TWIN_VALUE_NUMBER, 0, NULL, "°", -360, 360, N_ ("Phase at time zero.") },
  { "offset", TWIN_VALUE_NUMBER, 0, NULL, NULL, -INFINITY, INFINITY, N_ ("Value the wave swings around.") },
};

const TwinEntityType twin_lib_sine = {
  .name = "sine",
  .label = N_ ("Sine wave"),
  .icon_name = "audio-volume-medium-symbolic",
  .description = N_ ("A sinusoidal signal around an offset, such as a daily outside temperature swing."),
  .domain = TWIN_DOMAIN_SIGNAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
};
