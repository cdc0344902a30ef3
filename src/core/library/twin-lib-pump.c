/* twin-lib-pump.c: the pump, a pressure rise that falls with the flow.
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
  { "in", N_ ("In"), TWIN_DOMAIN_HYDRAULIC, TWIN_PORT_PHYSICAL, FALSE },
  { "out", N_ ("Out"), TWIN_DOMAIN_HYDRAULIC, TWIN_PORT_PHYSICAL, FALSE },
  { "speed", N_ ("Speed"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "nominal_flow", TWIN_VALUE_NUMBER, 10, NULL, "m³/h", 0.001, 100000, N_ ("Volume flow at the nominal point.") },
  { "nominal_head", TWIN_VALUE_NUMBER, 20, NULL, "m", 0.01, 2000, N_ ("Pressure rise at the nominal point, as a water column.") },
  { "speed", TWIN_VALUE_NUMBER, 100, NULL, "%", 0, 150, N_ ("Speed relative to the nominal speed.") },
  { "efficiency", TWIN_VALUE_NUMBER, 70, NULL, "%", 1, 100, N_ ("Share of the shaft power turned into hydraulic power.") },
};

enum
{
  PORT_IN,
  PORT_OUT,
  PORT_SPEED,
};

enum
{
  PARAM_SHUTOFF,
  PARAM_CURVE,
  PARAM_REGULAR,
};

#define WATER_DENSITY 1000.0      /* kg/m³ */
#define GRAVITY 9.81              /* m/s² */
#define SHUTOFF_RATIO (4.0 / 3.0) /* shut-off head over nominal head */
#define REGULAR_SHARE 0.01        /* share of the shut-off pressure below which the curve turns linear */

static gboolean
pump_compile (TwinSimBuilder *builder,
              GError        **error)
{
  double nominal_flow = twin_sim_builder_get_number (builder, "nominal_flow");
  double nominal_rise = WATER_DENSITY * GRAVITY * twin_sim_builder_get_number (builder, "nominal_head");
  double shutoff = SHUTOFF_RATIO * nominal_rise;

  if (!(nominal_flow > 0) || !(nominal_rise > 0))
    return twin_sim_builder_fail (builder, error, _ ("the nominal flow and the nominal head must be greater than zero."));
  twin_sim_builder_add_param (builder, shutoff);
  twin_sim_builder_add_param (builder, (shutoff - nominal_rise) / (nominal_flow * nominal_flow));
  twin_sim_builder_add_param (builder, REGULAR_SHARE * shutoff);
  twin_sim_builder_flow_depends_on_across (builder, PORT_IN);
  twin_sim_builder_flow_depends_on_across (builder, PORT_OUT);
  return TRUE;
}

static void
pump_flows (TwinSimContext *context)
{
  double speed = MAX (twin_sim_get_input (context, PORT_SPEED), 0.0);
  double rise = twin_sim_get_across (context, PORT_OUT) - twin_sim_get_across (context, PORT_IN);
  double margin = twin_sim_get_param (context, PARAM_SHUTOFF) * speed * speed - rise;
  double regular = twin_sim_get_param (context, PARAM_REGULAR);
  double flow;

  /* sign(margin) · sqrt(|margin| / b), made smooth through zero. */
  flow = margin / sqrt (twin_sim_get_param (context, PARAM_CURVE) * sqrt (margin * margin + regular * regular));
  twin_sim_add_flow (context, PORT_IN, -flow);
  twin_sim_add_flow (context, PORT_OUT, flow);
}

static const TwinSimBehaviour sim = {
  .equations = "Δp = p_out − p_in = Δp_0 · s² − b · q · |q| (the pump curve), q from *in* to *out*\n"
               "solved for q: q = m / √(b · √(m² + m_r²)), m = Δp_0 · s² − Δp, m_r = 0.01 · Δp_0\n"
               "Δp_0 = 4/3 · ρ · g · `nominal_head` (shut-off), b = (Δp_0 − ρ · g · `nominal_head`) / `nominal_flow`²\n"
               "s = `speed` (the *speed* input when connected, in % like the parameter), ρ = 1000 kg/m³, g = 9.81 m/s²",
  .assumptions = "A quadratic curve through the nominal point with a shut-off head 4/3 of the nominal head, scaled "
                 "with the speed by the affinity laws. Beyond shut-off the flow reverses through the pump as through "
                 "an orifice of the same coefficient (a stopped pump too); near shut-off the square root is "
                 "regularised so its slope stays finite. No inertia: the flow follows the pressure at once. "
                 "`efficiency` is informational (the shaft power is not computed).",
  .compile = pump_compile,
  .flows = pump_flows,
};

const TwinEntityType twin_lib_pump = {
  .name = "pump",
  .label = N_ ("Pump"),
  .icon_name = "emblem-synchronizing-symbolic",
  .description = N_ ("A centrifugal pump that raises the pressure from in to out along a quadratic curve through its nominal point; a connected speed input, in percent like the parameter, overrides it."),
  .domain = TWIN_DOMAIN_HYDRAULIC,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
