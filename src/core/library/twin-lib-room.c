/* twin-lib-room.c: the room or thermal zone, a heat capacity at one air temperature.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Its heat port is optional: a room that only carries data (area, occupancy) is
 * valid without a thermal network.
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include <glib/gi18n-lib.h>

static const TwinPortSpec ports[] = {
  { "heat", N_ ("Heat"), TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "floor_area", TWIN_VALUE_NUMBER, 20, NULL, "m²", 0, 100000, N_ ("Net floor area.") },
  { "volume", TWIN_VALUE_NUMBER, 60, NULL, "m³", 0, 1e6, N_ ("Air volume.") },
  { "width", TWIN_VALUE_NUMBER, 5, NULL, "m", 0, 1000, N_ ("Inside size along X.") },
  { "depth", TWIN_VALUE_NUMBER, 4, NULL, "m", 0, 1000, N_ ("Inside size along Y.") },
  { "height", TWIN_VALUE_NUMBER, 3, NULL, "m", 0, 100, N_ ("Floor to ceiling.") },
  { "setpoint", TWIN_VALUE_NUMBER, 21, NULL, "°C", 5, 35, N_ ("Heating setpoint of the air temperature.") },
  { "occupancy", TWIN_VALUE_INTEGER, 0, NULL, NULL, 0, 10000, N_ ("Number of people the room is designed for.") },
  { "initial_temperature", TWIN_VALUE_NUMBER, 20, NULL, "°C", -50, 100, N_ ("Air temperature when a simulation starts.") },
  { "capacity_factor", TWIN_VALUE_NUMBER, 5, NULL, NULL, 1, 100, N_ ("Heat capacity of the room as a multiple of its air’s, for furniture and inner surfaces.") },
};

static const TwinStateSpec states[] = {
  { "T", "K", N_ ("Air temperature of the zone.") },
};

const TwinEntityType twin_lib_room = {
  .name = "room",
  .label = N_ ("Room"),
  .icon_name = "view-grid-symbolic",
  .description = N_ ("A room or thermal zone: its air and furnishings at one temperature."),
  .domain = TWIN_DOMAIN_THERMAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_REFERENCE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .states = states,
  .n_states = G_N_ELEMENTS (states),
};
