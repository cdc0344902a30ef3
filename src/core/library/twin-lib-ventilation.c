/* twin-lib-ventilation.c: the ventilation unit, a heat exchange between outside air and a zone carried by an air flow.
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
  { "a", N_ ("Outside air"), TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, TRUE },
  { "b", N_ ("Zone"), TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, TRUE },
  { "speed", N_ ("Speed"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "air_flow", TWIN_VALUE_NUMBER, 500, NULL, "m³/h", 0, 1e6, N_ ("Nominal supply air flow.") },
  { "fan_power", TWIN_VALUE_NUMBER, 150, NULL, "W", 0, 1e6, N_ ("Electrical power of the fans.") },
  { "recovery_efficiency", TWIN_VALUE_NUMBER, 0, NULL, "%", 0, 100, N_ ("Share of the exhaust air’s heat returned to the supply air by heat recovery.") },
};

enum
{
  PORT_A,
  PORT_B,
  PORT_SPEED,
};

#define AIR_DENSITY 1.2          /* kg/m³ */
#define AIR_HEAT_CAPACITY 1005.0 /* J/(kg·K) */

static gboolean
ventilation_compile (TwinSimBuilder *builder,
                     GError        **error)
{
  double flow = twin_sim_builder_get_number (builder, "air_flow");
  double recovery = twin_sim_builder_get_number (builder, "recovery_efficiency");

  twin_sim_builder_add_param (builder, AIR_DENSITY * AIR_HEAT_CAPACITY * flow * (1.0 - recovery));
  twin_sim_builder_set_input_default (builder, PORT_SPEED, 1.0);
  /* With one side open there is no air to exchange. */
  if (twin_sim_builder_is_connected (builder, PORT_A) && twin_sim_builder_is_connected (builder, PORT_B))
    {
      twin_sim_builder_flow_depends_on_across (builder, PORT_A);
      twin_sim_builder_flow_depends_on_across (builder, PORT_B);
    }
  return TRUE;
}

static void
ventilation_flows (TwinSimContext *context)
{
  double speed, heat;

  if (!twin_sim_is_connected (context, PORT_A) || !twin_sim_is_connected (context, PORT_B))
    return;
  speed = MAX (twin_sim_get_input (context, PORT_SPEED), 0.0);
  heat = twin_sim_get_param (context, 0) * speed * (twin_sim_get_across (context, PORT_A) - twin_sim_get_across (context, PORT_B));
  twin_sim_add_flow (context, PORT_A, -heat);
  twin_sim_add_flow (context, PORT_B, heat);
}

static const TwinSimBehaviour sim = {
  .equations = "Q̇ = ρ_air · c_air · V̇ · max(speed, 0) · (1 − `recovery_efficiency`) · (T_a − T_b) from *a* to *b*\n"
               "V̇ = `air_flow`, ρ_air = 1.2 kg/m³, c_air = 1005 J/(kg·K); speed = the *speed* input, 1 when not connected",
  .assumptions = "Balanced supply and exhaust: zone air at T_b is replaced by outside air at T_a, the heat recovery "
                 "returning the share `recovery_efficiency` of the difference. `fan_power` is informational: the fans' "
                 "heat is not added to the air. With either port open the unit exchanges nothing.",
  .compile = ventilation_compile,
  .flows = ventilation_flows,
};

const TwinEntityType twin_lib_ventilation = {
  .name = "ventilation",
  .label = N_ ("Ventilation unit"),
  .icon_name = "weather-windy-symbolic",
  .description = N_ ("A fan or air-handling unit that exchanges a zone’s air with outside air."),
  .domain = TWIN_DOMAIN_THERMAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
