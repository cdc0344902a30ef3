/* twin-lib-voltage-source.c: the voltage source, an ideal constant or controlled voltage.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include "sim/twin-sim-behaviour.h"

#include <glib/gi18n-lib.h>

static const TwinPortSpec ports[] = {
  { "p", N_ ("+"), TWIN_DOMAIN_ELECTRICAL, TWIN_PORT_PHYSICAL, FALSE },
  { "n", N_ ("−"), TWIN_DOMAIN_ELECTRICAL, TWIN_PORT_PHYSICAL, FALSE },
  { "voltage", N_ ("Voltage"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "voltage", TWIN_VALUE_NUMBER, 12, NULL, "V", -1e6, 1e6, N_ ("Voltage of p above n.") },
};

static gboolean
voltage_source_compile (TwinSimBuilder *builder,
                        GError        **error)
{
  twin_sim_builder_drive_difference (builder, 0, 1);
  return TRUE;
}

static void
voltage_source_outputs (TwinSimContext *context)
{
  twin_sim_set_across_difference (context, 0, 1, twin_sim_get_input (context, 2));
}

static const TwinSimBehaviour sim = {
  .equations = "v_p − v_n = `voltage` (the *voltage* input when connected, in V)",
  .assumptions = "Ideal: no internal resistance. One of its two nodes must be set from elsewhere (a ground), "
                 "so a source directly across a capacitor is refused.",
  .compile = voltage_source_compile,
  .outputs = voltage_source_outputs,
};

const TwinEntityType twin_lib_voltage_source = {
  .name = "voltage_source",
  .label = N_ ("Voltage source"),
  .icon_name = "ac-adapter-symbolic",
  .description = N_ ("An ideal voltage source holding p above n by its voltage; a connected input in volts overrides the parameter."),
  .domain = TWIN_DOMAIN_ELECTRICAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
