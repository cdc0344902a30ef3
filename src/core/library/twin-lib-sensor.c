/* twin-lib-sensor.c: the sensor, a temperature measurement with a first-order lag.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Its thermal port is optional: a sensor fed by a live data feed needs no
 * thermal network.
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include "sim/twin-sim-behaviour.h"

#include <glib/gi18n-lib.h>
#include <math.h>

static const TwinPortSpec ports[] = {
  { "measured", N_ ("Measured"), TWIN_DOMAIN_THERMAL, TWIN_PORT_PHYSICAL, TRUE },
  { "out", N_ ("Output"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_OUTPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "quantity", TWIN_VALUE_STRING, 0, "temperature", NULL, -INFINITY, INFINITY, N_ ("What the sensor measures.") },
  { "sample_interval", TWIN_VALUE_NUMBER, 60, NULL, "s", 0.001, 86400, N_ ("Time between two readings.") },
  { "time_constant", TWIN_VALUE_NUMBER, 30, NULL, "s", 0, 3600, N_ ("Time the reading takes to cover 63 % of a step in the measured temperature.") },
};

static const TwinStateSpec states[] = {
  { "T", "K", N_ ("The reading, a lagged copy of the measured temperature.") },
};

enum
{
  PORT_MEASURED,
  PORT_OUT,
};

#define KELVIN_OFFSET 273.15   /* K at 0 °C */
#define DEFAULT_READING 293.15 /* K: 20 °C, the lagged reading at the start when the node has no value yet */

static gboolean
sensor_compile (TwinSimBuilder *builder,
                GError        **error)
{
  const char *quantity = twin_sim_builder_get_string (builder, "quantity");
  double      time_constant = twin_sim_builder_get_number (builder, "time_constant");

  if (!twin_sim_builder_is_connected (builder, PORT_MEASURED))
    {
      if (twin_sim_builder_is_connected (builder, PORT_OUT))
        return twin_sim_builder_fail (builder, error,
                                      _ ("the sensor measures nothing: connect its measured port to the temperature it reads."));
      return TRUE;
    }
  if (g_strcmp0 (quantity, "temperature") != 0)
    return twin_sim_builder_fail (builder, error,
                                  _ ("a sensor of “%s” cannot be simulated; only “temperature” can."),
                                  quantity != NULL ? quantity : "");
  twin_sim_builder_add_param (builder, time_constant);
  if (time_constant > 0)
    {
      guint reading = twin_sim_builder_add_state (builder, "T", DEFAULT_READING);

      twin_sim_builder_start_state_at_across (builder, reading, PORT_MEASURED);
    }
  else
    twin_sim_builder_reads_across_in_outputs (builder, PORT_MEASURED);
  return TRUE;
}

static void
sensor_outputs (TwinSimContext *context)
{
  double reading;

  if (!twin_sim_is_connected (context, PORT_MEASURED))
    return;
  if (twin_sim_get_param (context, 0) > 0)
    reading = twin_sim_get_state (context, 0);
  else
    reading = twin_sim_get_across (context, PORT_MEASURED);
  twin_sim_set_output (context, PORT_OUT, reading - KELVIN_OFFSET);
}

static void
sensor_flows (TwinSimContext *context)
{
  double time_constant;

  if (!twin_sim_is_connected (context, PORT_MEASURED))
    return;
  time_constant = twin_sim_get_param (context, 0);
  if (time_constant > 0)
    twin_sim_set_derivative (context, 0,
                             (twin_sim_get_across (context, PORT_MEASURED) - twin_sim_get_state (context, 0)) / time_constant);
}

static const TwinSimBehaviour sim = {
  .equations = "τ · dT/dt = T_measured − T, with τ = `time_constant` and T(0) = T_measured(0)\n"
               "out = T − 273.15 (°C)\n"
               "with `time_constant` = 0: out = T_measured − 273.15, no state",
  .assumptions = "Only `quantity` = `\"temperature\"` can be simulated. The sensor draws no heat from the node it "
                 "measures. The reading is continuous: `sample_interval` is informational. The lagged reading starts "
                 "at the measured temperature (at 20 °C when that node is solved from its flows). A sensor with no lag "
                 "cannot read a node without heat capacity (give it a time constant).",
  .compile = sensor_compile,
  .outputs = sensor_outputs,
  .flows = sensor_flows,
};

const TwinEntityType twin_lib_sensor = {
  .name = "sensor",
  .label = N_ ("Sensor"),
  .icon_name = "display-brightness-symbolic",
  .description = N_ ("A device that measures one quantity; in a simulation, a temperature sensor whose reading follows the measured temperature with a first-order lag."),
  .domain = TWIN_DOMAIN_SIGNAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .states = states,
  .n_states = G_N_ELEMENTS (states),
  .sim = &sim,
};
