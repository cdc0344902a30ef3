/* twin-lib-lamp.c: the lamp, a light fitting whose power becomes an internal heat gain.
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
  { "heat", N_ ("Heat gain"), TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, TRUE },
  { "dimming", N_ ("Dimming"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "power", TWIN_VALUE_NUMBER, 40, NULL, "W", 0, 100000, N_ ("Electrical power when on.") },
  { "dimmable", TWIN_VALUE_BOOLEAN, FALSE, NULL, NULL, -INFINITY, INFINITY, N_ ("Whether the light output can be dimmed.") },
};

enum
{
  PORT_HEAT,
  PORT_DIMMING,
};

static gboolean
lamp_compile (TwinSimBuilder *builder,
              GError        **error)
{
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "power"));
  twin_sim_builder_add_param (builder, twin_sim_builder_get_boolean (builder, "dimmable") ? 1.0 : 0.0);
  twin_sim_builder_set_input_default (builder, PORT_DIMMING, 1.0);
  return TRUE;
}

static void
lamp_flows (TwinSimContext *context)
{
  double level = 1.0;

  if (twin_sim_get_param (context, 1) != 0)
    level = CLAMP (twin_sim_get_input (context, PORT_DIMMING), 0.0, 1.0);
  twin_sim_add_flow (context, PORT_HEAT, twin_sim_get_param (context, 0) * level);
}

static const TwinSimBehaviour sim = {
  .equations = "Q̇ into *heat* = `power` · level\n"
               "level = clamp(*dimming*, 0, 1) when `dimmable`, else 1; *dimming* is 1 when not connected",
  .assumptions = "All the electrical power ends up as heat in the node at *heat* (light absorbed in the room), at "
                 "once. The lamp is always on: switch it with a dimmable lamp and a 0/1 signal.",
  .compile = lamp_compile,
  .flows = lamp_flows,
};

const TwinEntityType twin_lib_lamp = {
  .name = "lamp",
  .label = N_ ("Lamp"),
  .icon_name = "weather-clear-night-symbolic",
  .description = N_ ("A light fitting whose electrical power ends up as heat in the room."),
  .domain = TWIN_DOMAIN_THERMAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
