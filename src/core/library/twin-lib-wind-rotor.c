/* twin-lib-wind-rotor.c: the wind rotor, the aerodynamic torque of a wind turbine's blades.
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
  { "a", N_ ("Shaft"), TWIN_DOMAIN_ROTATIONAL, TWIN_PORT_PHYSICAL, FALSE },
  { "wind_speed", N_ ("Wind speed"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "diameter", TWIN_VALUE_NUMBER, 80, NULL, "m", 0.1, 300, N_ ("Rotor diameter.") },
  { "power_coefficient", TWIN_VALUE_NUMBER, 0.45, NULL, NULL, 0, 0.593, N_ ("Largest share of the wind’s power the rotor extracts (at most the Betz limit).") },
  { "tip_speed_ratio", TWIN_VALUE_NUMBER, 7, NULL, NULL, 1, 15, N_ ("Ratio of blade tip speed to wind speed at which the power coefficient is largest.") },
  { "wind_speed", TWIN_VALUE_NUMBER, 8, NULL, "m/s", 0, 70, N_ ("Wind speed when no input is connected.") },
  { "cut_in_speed", TWIN_VALUE_NUMBER, 3, NULL, "m/s", 0, 30, N_ ("Wind speed below which the rotor gives no torque.") },
  { "cut_out_speed", TWIN_VALUE_NUMBER, 25, NULL, "m/s", 1, 70, N_ ("Wind speed above which the rotor is stopped.") },
  { "air_density", TWIN_VALUE_NUMBER, 1.225, NULL, "kg/m³", 0.5, 1.5, N_ ("Density of the air.") },
};

enum
{
  PORT_A,
  PORT_WIND_SPEED,
};

enum
{
  PARAM_TORQUE_FACTOR,
  PARAM_RADIUS,
  PARAM_CP_MAX,
  PARAM_TSR,
  PARAM_CUT_IN,
  PARAM_CUT_OUT,
};

/* Modes: bit 0 set above the cut-in speed, bit 1 set above the cut-out speed. */
#define ABOVE_CUT_IN 1
#define ABOVE_CUT_OUT 2

static gboolean
wind_rotor_compile (TwinSimBuilder *builder,
                    GError        **error)
{
  double radius = twin_sim_builder_get_number (builder, "diameter") / 2;
  double density = twin_sim_builder_get_number (builder, "air_density");
  double cut_in = twin_sim_builder_get_number (builder, "cut_in_speed");
  double cut_out = twin_sim_builder_get_number (builder, "cut_out_speed");

  if (!(cut_in < cut_out))
    return twin_sim_builder_fail (builder, error, _ ("the cut-in speed must be below the cut-out speed."));
  twin_sim_builder_add_param (builder, 0.5 * density * G_PI * radius * radius * radius);
  twin_sim_builder_add_param (builder, radius);
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "power_coefficient"));
  twin_sim_builder_add_param (builder, twin_sim_builder_get_number (builder, "tip_speed_ratio"));
  twin_sim_builder_add_param (builder, cut_in);
  twin_sim_builder_add_param (builder, cut_out);
  twin_sim_builder_add_events (builder, 2);
  return TRUE;
}

static void
wind_rotor_start (TwinSimContext *context)
{
  double wind = twin_sim_get_input (context, PORT_WIND_SPEED);

  context->mode = 0;
  if (wind >= twin_sim_get_param (context, PARAM_CUT_IN))
    context->mode |= ABOVE_CUT_IN;
  if (wind > twin_sim_get_param (context, PARAM_CUT_OUT))
    context->mode |= ABOVE_CUT_OUT;
}

static void
wind_rotor_flows (TwinSimContext *context)
{
  double wind = twin_sim_get_input (context, PORT_WIND_SPEED);
  double tsr, ratio, cp_over_ratio;

  if (context->mode != ABOVE_CUT_IN || !(wind > 0))
    return;
  tsr = twin_sim_get_param (context, PARAM_TSR);
  ratio = MAX (twin_sim_get_across (context, PORT_A) * twin_sim_get_param (context, PARAM_RADIUS) / wind, 0.0);
  /* Cp(λ) / λ, finite at λ = 0. */
  cp_over_ratio = MAX (twin_sim_get_param (context, PARAM_CP_MAX) * (2 / tsr - ratio / (tsr * tsr)), 0.0);
  twin_sim_add_flow (context, PORT_A, twin_sim_get_param (context, PARAM_TORQUE_FACTOR) * wind * wind * cp_over_ratio);
}

static void
wind_rotor_events (TwinSimContext *context,
                   double         *g)
{
  double wind = twin_sim_get_input (context, PORT_WIND_SPEED);

  g[0] = wind - twin_sim_get_param (context, PARAM_CUT_IN);
  g[1] = wind - twin_sim_get_param (context, PARAM_CUT_OUT);
}

static void
wind_rotor_switch_mode (TwinSimContext *context,
                        guint           event,
                        int             direction)
{
  int bit = event == 0 ? ABOVE_CUT_IN : ABOVE_CUT_OUT;

  if (direction > 0)
    context->mode |= bit;
  else if (direction < 0)
    context->mode &= ~bit;
}

static const TwinSimBehaviour sim = {
  .equations = "τ on *a* = ½ · ρ · π · R³ · v² · Cp(λ) / λ while `cut_in_speed` ≤ v ≤ `cut_out_speed`, else 0\n"
               "λ = ω_a · R / v, Cp(λ) = Cp_max · (2 · λ / λ_opt − (λ / λ_opt)²), kept ≥ 0 (so Cp / λ is finite at λ = 0)\n"
               "R = `diameter` / 2, ρ = `air_density`, Cp_max = `power_coefficient`, λ_opt = `tip_speed_ratio`, "
               "v = `wind_speed` (the *wind_speed* input when connected, in m/s)",
  .assumptions = "A quasi-static rotor: the torque follows the wind at once, uniform wind over the rotor disc, fixed "
                 "pitch (the parabolic Cp curve peaks at `power_coefficient` at `tip_speed_ratio` and is zero from "
                 "twice that on). Turning backwards gives the torque of λ = 0. Crossing the cut-in and cut-out speeds "
                 "are events located in time; above cut-out the blades are feathered (no torque) but the rotor is not "
                 "braked.",
  .compile = wind_rotor_compile,
  .start = wind_rotor_start,
  .flows = wind_rotor_flows,
  .events = wind_rotor_events,
  .switch_mode = wind_rotor_switch_mode,
};

const TwinEntityType twin_lib_wind_rotor = {
  .name = "wind_rotor",
  .label = N_ ("Wind rotor"),
  .icon_name = "weather-windy-symbolic",
  .description = N_ ("The blades of a wind turbine: the aerodynamic torque on the shaft from the wind speed, the rotor speed and a power coefficient curve."),
  .domain = TWIN_DOMAIN_ROTATIONAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
