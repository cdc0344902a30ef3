/* twin-lib-resistor.c: the resistor, an ideal linear electrical resistance.
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
};

static const TwinParameterSpec parameters[] = {
  { "resistance", TWIN_VALUE_NUMBER, 100, NULL, "Ω", 0, INFINITY, N_ ("Electrical resistance.") },
};

static gboolean
resistor_compile (TwinSimBuilder *builder,
                  GError        **error)
{
  double resistance = twin_sim_builder_get_number (builder, "resistance");

  if (!(resistance > 0))
    return twin_sim_builder_fail (builder, error, _ ("its resistance must be greater than zero."));
  twin_sim_builder_add_conductance (builder, 0, 1, 1.0 / resistance);
  return TRUE;
}

static const TwinSimBehaviour sim = {
  .equations = "i = (v_p − v_n) / R from *p* to *n*, with R = `resistance`",
  .assumptions = "Linear; a resistance of zero is refused (use a connection instead).",
  .compile = resistor_compile,
};

const TwinEntityType twin_lib_resistor = {
  .name = "resistor",
  .label = N_ ("Resistor"),
  .icon_name = "network-wired-symbolic",
  .description = N_ ("An ideal linear resistance: the voltage across it is the current times the resistance."),
  .domain = TWIN_DOMAIN_ELECTRICAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
