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

#include "sim/twin-sim-behaviour.h"

#include <glib/gi18n-lib.h>
#include <math.h>

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

enum
{
  PORT_HEAT,
};

#define AIR_DENSITY 1.2           /* kg/m³ */
#define AIR_HEAT_CAPACITY 1005.0  /* J/(kg·K) */
#define SENSIBLE_GAIN_PERSON 80.0 /* W per person */

static gboolean
room_compile (TwinSimBuilder *builder,
              GError        **error)
{
  double volume = twin_sim_builder_get_number (builder, "volume");
  double factor = twin_sim_builder_get_number (builder, "capacity_factor");
  double capacity = AIR_DENSITY * AIR_HEAT_CAPACITY * volume * factor;

  /* A room with its heat port open only carries data. */
  if (!twin_sim_builder_is_connected (builder, PORT_HEAT))
    return TRUE;
  if (!(capacity > 0))
    return twin_sim_builder_fail (builder, error, _ ("the room has no heat capacity: give it a volume greater than zero."));
  twin_sim_builder_add_capacity (builder, PORT_HEAT, capacity, "T",
                                 twin_sim_builder_get_number (builder, "initial_temperature"), 1.0);
  twin_sim_builder_add_param (builder, SENSIBLE_GAIN_PERSON * twin_sim_builder_get_number (builder, "occupancy"));
  return TRUE;
}

static void
room_flows (TwinSimContext *context)
{
  twin_sim_add_flow (context, PORT_HEAT, twin_sim_get_param (context, 0));
}

static const TwinSimBehaviour sim = {
  .equations = "C · dT/dt = Σ Q̇ into *heat* + 80 W · `occupancy`\n"
               "C = ρ_air · c_air · `volume` · `capacity_factor`, with ρ_air = 1.2 kg/m³ and c_air = 1005 J/(kg·K)\n"
               "T(0) = `initial_temperature`",
  .assumptions = "Well-mixed air at one temperature; furniture and inner surfaces are lumped into the air through "
                 "`capacity_factor`. Every person counted in `occupancy` gives 80 W of sensible heat all the time "
                 "(no schedule); latent heat and moisture are not modelled. `setpoint`, `floor_area`, `width`, `depth` "
                 "and `height` are informational: connect a thermostat to control the room. A room whose *heat* port "
                 "is open takes no part in a simulation.",
  .compile = room_compile,
  .flows = room_flows,
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
  .sim = &sim,
};
