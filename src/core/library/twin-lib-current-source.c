/* twin-lib-current-source.c: the current source, an ideal constant or controlled current.
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
  { "p", N_ ("+"), TWIN_DOMAIN_ELECTRICAL, TWIN_PORT_PHYSICAL, FALSE },
  { "n", N_ ("−"), TWIN_DOMAIN_ELECTRICAL, TWIN_PORT_PHYSICAL, FALSE },
  { "current", N_ ("Current"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "current", TWIN_VALUE_NUMBER, 1, NULL, "A", -100000, 100000, N_ ("Current from n through the source to p.") },
};

enum
{
  PORT_P,
  PORT_N,
  PORT_CURRENT,
};

static gboolean
current_source_compile (TwinSimBuilder *builder,
                        GError        **error)
{
  return TRUE;
}

static void
current_source_flows (TwinSimContext *context)
{
  double current = twin_sim_get_input (context, PORT_CURRENT);

  twin_sim_add_flow (context, PORT_P, current);
  twin_sim_add_flow (context, PORT_N, -current);
}

static const TwinSimBehaviour sim = {
  .equations = "i = `current` (the *current* input when connected, in A)\n"
               "i leaves the source at *p* into the circuit and returns at *n*",
  .assumptions = "Ideal: it delivers its current whatever the voltage, so both of its nodes need another path "
                 "(a resistor, a capacity) or the network cannot be solved.",
  .compile = current_source_compile,
  .flows = current_source_flows,
};

const TwinEntityType twin_lib_current_source = {
  .name = "current_source",
  .label = N_ ("Current source"),
  .icon_name = "thunderbolt-symbolic",
  .description = N_ ("An ideal current source driving its current from n through the source to p; a connected input in amperes overrides the parameter."),
  .domain = TWIN_DOMAIN_ELECTRICAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
