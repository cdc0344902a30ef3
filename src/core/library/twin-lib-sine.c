/* twin-lib-sine.c: the sine wave, a sinusoidal signal.
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
  { "amplitude", TWIN_VALUE_NUMBER, 1, NULL, NULL, -INFINITY, INFINITY, N_ ("Half the peak-to-peak swing.") },
  { "frequency", TWIN_VALUE_NUMBER, 1, NULL, "Hz", 0, 1e6, N_ ("Cycles per second.") },
  { "phase", TWIN_VALUE_NUMBER, 0, NULL, "°", -360, 360, N_ ("Phase at time zero.") },
  { "offset", TWIN_VALUE_NUMBER, 0, NULL, NULL, -INFINITY, INFINITY, N_ ("Value the wave swings around.") },
};

enum
{
  PORT_OUT,
};

enum
{
  PARAM_AMPLITUDE,
  PARAM_FREQUENCY,
  PARAM_PHASE,
  PARAM_OFFSET,
};

static gboolean
sine_compile (TwinSimBuilder *builder,
              GError        **error)
{
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "amplitude"));
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "frequency"));
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "phase"));
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "offset"));
  return TRUE;
}

static void
sine_outputs (TwinSimContext *context)
{
  double angle = 2 * G_PI * twin_sim_get_param (context, PARAM_FREQUENCY) * twin_sim_get_time (context) + twin_sim_get_param (context, PARAM_PHASE);

  twin_sim_set_output (context, PORT_OUT,
                       twin_sim_get_param (context, PARAM_OFFSET) + twin_sim_get_param (context, PARAM_AMPLITUDE) * sin (angle));
}

static const TwinSimBehaviour sim = {
  .equations = "out = `offset` + `amplitude` · sin(2π · `frequency` · t + `phase`)",
  .assumptions = "t is the time since the start of the run, not the time of day: shift `phase` to place a daily "
                 "swing (a daily cycle is 1/86400 Hz ≈ 1.157 × 10⁻⁵ Hz).",
  .compile = sine_compile,
  .outputs = sine_outputs,
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
  .sim = &sim,
};
