/* test-components.c: the equations of every simulated component type, checked against the law by hand.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test builds a tiny twin around one component type (a conductance
 * between a fixed temperature and a capacitance, a valve between a reservoir
 * and a tank), compiles it with twin_sim_model_compile(), and evaluates the
 * compiled system once at a chosen state: the derivatives from rhs() and the
 * outputs from twin_sim_model_eval_variables() are compared with the
 * component's law written out here in SI units. Parameters are set as a user
 * would, in their own unit (m³/h, %, rpm, mH), through the overrides a scenario
 * uses. Switching blocks (limiter, hysteresis, PID) are driven through the
 * system's events() and handle_events() as a solver would. The tolerance is
 * relative, TOL, well above rounding and far below any wrong factor.
 */

#include "config.h"

#include "twin-core.h"

#include "model/twin-connection.h"
#include "model/twin-entity-type.h"
#include "sim/twin-sim-behaviour.h"
#include "sim/twin-sim-model.h"
#include "sim/twin-sim-solver.h"

#include <math.h>
#include <string.h>

#define TOL 1e-9 /* relative */

#define RHO_WATER 1000.0
#define GRAVITY 9.81
#define KELVIN 273.15
#define SIGMA 5.670374419e-8

/* A twin under construction and its parameter values, "ENTITY-PATH.PARAMETER" → text. */
typedef struct
{
  TwinEntity   *root;
  GHashTable   *values;
  TwinSimModel *model;
  double       *x;
  double       *dxdt;
  double       *variables;
} Net;

static void
net_init (Net *net)
{
  memset (net, 0, sizeof *net);
  net->root = twin_entity_new (NULL, "system", "Net");
  net->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
net_clear (Net *net)
{
  g_clear_object (&net->model);
  g_clear_object (&net->root);
  g_clear_pointer (&net->values, g_hash_table_unref);
  g_clear_pointer (&net->x, g_free);
  g_clear_pointer (&net->dxdt, g_free);
  g_clear_pointer (&net->variables, g_free);
}

static void
set_text (Net        *net,
          TwinEntity *entity,
          const char *parameter,
          const char *text)
{
  g_autofree char *path = twin_entity_dup_path (entity);

  g_hash_table_replace (net->values, g_strdup_printf ("%s.%s", path, parameter), g_strdup (text));
}

/* Adds a component, then sets parameters from "name", double pairs ending
 * with NULL, in the parameter's own unit. */
G_GNUC_NULL_TERMINATED static TwinEntity *
add (Net        *net,
     const char *type_name,
     const char *name,
     ...)
{
  const TwinEntityType *type = twin_entity_type_lookup (type_name);
  g_autoptr (TwinEntity) entity = NULL;
  const char *parameter;
  va_list     args;

  g_assert_nonnull (type);
  g_assert_nonnull (type->sim);
  entity = twin_entity_type_instantiate (type, name);
  twin_entity_append_child (net->root, entity);
  va_start (args, name);
  while ((parameter = va_arg (args, const char *)) != NULL)
    {
      double                   value = va_arg (args, double);
      const TwinParameterSpec *spec = twin_entity_type_find_parameter (type, parameter);
      g_autofree char         *text = NULL;

      g_assert_nonnull (spec);
      if (spec->kind == TWIN_VALUE_BOOLEAN)
        text = g_strdup (value != 0 ? "true" : "false");
      else if (spec->kind == TWIN_VALUE_INTEGER)
        text = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);
      else
        text = twin_format_number (value);
      set_text (net, entity, parameter, text);
    }
  va_end (args);
  return entity;
}

static void
wire (Net        *net,
      TwinEntity *from,
      const char *from_port,
      TwinEntity *to,
      const char *to_port)
{
  g_autoptr (TwinConnection) connection = twin_connection_new (NULL, from, from_port, to, to_port);

  twin_entity_add_connection (net->root, connection);
}

static GError *
try_compile (Net *net)
{
  GError *error = NULL;

  net->model = twin_sim_model_compile (net->root, net->values, NULL, 0, &error);
  return error;
}

/* Compiles, resets, and loads the initial state into net->x. */
static void
compile (Net *net)
{
  g_autoptr (GError) error = try_compile (net);
  guint n;

  g_assert_no_error (error);
  g_assert_nonnull (net->model);
  twin_sim_model_reset (net->model);
  n = twin_sim_model_get_n_states (net->model);
  net->x = g_new0 (double, MAX (n, 1));
  net->dxdt = g_new0 (double, MAX (n, 1));
  net->variables = g_new0 (double, MAX (twin_sim_model_get_n_variables (net->model), 1));
  twin_sim_model_get_initial_state (net->model, net->x);
}

/* The index in x of the state "PATH.NAME" of @entity. */
static guint
state_index (Net        *net,
             TwinEntity *entity,
             const char *state)
{
  const TwinSimSystem *system = twin_sim_model_get_system (net->model);
  g_autofree char     *path = twin_entity_dup_path (entity);
  g_autofree char     *wanted = g_strdup_printf ("%s.%s", path, state);

  for (guint i = 0; i < system->n_states; i++)
    {
      g_autofree char *name = system->dup_state_name (i, system->user_data);

      if (g_strcmp0 (name, wanted) == 0)
        return i;
    }
  g_error ("no state %s", wanted);
  return 0;
}

static gboolean
has_state (Net        *net,
           TwinEntity *entity,
           const char *state)
{
  const TwinSimSystem *system = twin_sim_model_get_system (net->model);
  g_autofree char     *path = twin_entity_dup_path (entity);
  g_autofree char     *wanted = g_strdup_printf ("%s.%s", path, state);

  for (guint i = 0; i < system->n_states; i++)
    {
      g_autofree char *name = system->dup_state_name (i, system->user_data);

      if (g_strcmp0 (name, wanted) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
rhs (Net   *net,
     double t)
{
  const TwinSimSystem *system = twin_sim_model_get_system (net->model);

  g_assert_cmpint (system->rhs (t, net->x, net->dxdt, system->user_data), ==, TWIN_SIM_OK);
}

/* The variable "PATH.NAME" of @entity at (t, net->x). */
static double
variable (Net        *net,
          double      t,
          TwinEntity *entity,
          const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = twin_entity_dup_path (entity);
  g_autofree char *full = g_strdup_printf ("%s.%s", path, name);
  int              index = twin_sim_model_find_variable (net->model, full);

  if (index < 0)
    g_error ("no variable %s", full);
  g_assert_true (twin_sim_model_eval_variables (net->model, t, net->x, net->variables, &error));
  g_assert_no_error (error);
  return net->variables[index];
}

#define assert_close(actual, expected)                                                                    \
  G_STMT_START                                                                                            \
  {                                                                                                       \
    double a_ = (actual), e_ = (expected);                                                                \
    if (!(fabs (a_ - e_) <= TOL * MAX (1.0, fabs (e_))))                                                  \
      g_error ("%s:%d: %s = %.17g, expected %s = %.17g", __FILE__, __LINE__, #actual, a_, #expected, e_); \
  }                                                                                                       \
  G_STMT_END

/* Fires one event of the system (k among all of them) in @direction, as a solver would. */
static void
fire (Net   *net,
      double t,
      guint  k,
      int    direction)
{
  const TwinSimSystem *system = twin_sim_model_get_system (net->model);
  g_autofree gint8    *fired = g_new0 (gint8, MAX (system->n_events, 1));

  g_assert_cmpuint (k, <, system->n_events);
  fired[k] = direction;
  system->handle_events (t, net->x, fired, system->user_data);
}

static void
events (Net    *net,
        double  t,
        double *g)
{
  const TwinSimSystem *system = twin_sim_model_get_system (net->model);

  system->events (t, net->x, g, system->user_data);
}

/* A thermal rig: a fixed temperature at @t_fixed_c (°C) and a capacitance of
 * @capacity J/K, for a component between them or on the capacitance. */
static TwinEntity *
add_fixed (Net   *net,
           double t_fixed_c)
{
  return add (net, "fixed_temperature", "Outside", "temperature", t_fixed_c, NULL);
}

static TwinEntity *
add_capacity (Net   *net,
              double capacity)
{
  return add (net, "thermal_capacitance", "Mass", "heat_capacity", capacity, "initial_temperature", 20.0, NULL);
}

/* Thermal ---------------------------------------------------------------------------------------- */

static void
test_room (void)
{
  Net         net;
  TwinEntity *outside, *wall, *room;
  double      capacity = 1.2 * 1005 * 50 * 2;
  guint       i;

  net_init (&net);
  outside = add_fixed (&net, 0);
  wall = add (&net, "thermal_conductance", "Wall", "conductance", 10.0, NULL);
  room = add (&net, "room", "Room", "volume", 50.0, "capacity_factor", 2.0, "occupancy", 3.0, "initial_temperature", 18.0,
              NULL);
  wire (&net, outside, "heat", wall, "a");
  wire (&net, wall, "b", room, "heat");
  compile (&net);
  i = state_index (&net, room, "T");
  assert_close (net.x[i], KELVIN + 18);
  net.x[i] = 300;
  rhs (&net, 0);
  assert_close (net.dxdt[i], (10 * (KELVIN - 300) + 3 * 80) / capacity);
  assert_close (variable (&net, 0, room, "T"), 300 - KELVIN);
  net_clear (&net);
}

/* A room with its heat port open only carries data: no state. */
static void
test_room_open (void)
{
  Net net;

  net_init (&net);
  add (&net, "room", "Room", NULL);
  add (&net, "constant", "K", NULL);
  compile (&net);
  g_assert_cmpuint (twin_sim_model_get_n_states (net.model), ==, 0);
  net_clear (&net);
}

/* Heater at full command (unconnected) and a dimmed lamp into one capacitance. */
static void
test_heater_lamp (void)
{
  Net         net;
  TwinEntity *mass, *heater, *lamp, *dim, *command;
  guint       i;

  net_init (&net);
  mass = add_capacity (&net, 5000);
  heater = add (&net, "heater", "Heater", "heating_power", 2000.0, "efficiency", 90.0, NULL);
  lamp = add (&net, "lamp", "Lamp", "power", 100.0, "dimmable", 1.0, NULL);
  dim = add (&net, "constant", "Dim", "value", 0.25, NULL);
  wire (&net, heater, "heat", mass, "heat");
  wire (&net, lamp, "heat", mass, "heat");
  wire (&net, dim, "out", lamp, "dimming");
  compile (&net);
  i = state_index (&net, mass, "T");
  rhs (&net, 0);
  assert_close (net.dxdt[i], (2000 * 0.9 + 100 * 0.25) / 5000);
  net_clear (&net);

  /* A command above 1 is clamped; a lamp that is not dimmable ignores its dimming. */
  net_init (&net);
  mass = add_capacity (&net, 5000);
  heater = add (&net, "heater", "Heater", "heating_power", 2000.0, "efficiency", 90.0, NULL);
  lamp = add (&net, "lamp", "Lamp", "power", 100.0, "dimmable", 0.0, NULL);
  command = add (&net, "constant", "Command", "value", 3.0, NULL);
  dim = add (&net, "constant", "Dim", "value", 0.25, NULL);
  wire (&net, heater, "heat", mass, "heat");
  wire (&net, command, "out", heater, "command");
  wire (&net, lamp, "heat", mass, "heat");
  wire (&net, dim, "out", lamp, "dimming");
  compile (&net);
  i = state_index (&net, mass, "T");
  rhs (&net, 0);
  assert_close (net.dxdt[i], (2000 * 0.9 + 100) / 5000);
  net_clear (&net);
}

/* A two-port thermal element between a fixed temperature at 0 °C (a) and a capacitance (b). */
static TwinEntity *
thermal_rig (Net        *net,
             TwinEntity *element)
{
  TwinEntity *outside = add_fixed (net, 0);
  TwinEntity *mass = add_capacity (net, 2000);

  wire (net, outside, "heat", element, "a");
  wire (net, element, "b", mass, "heat");
  return mass;
}

static void
test_convection (void)
{
  Net         net;
  TwinEntity *mass;
  guint       i;

  net_init (&net);
  mass = thermal_rig (&net, add (&net, "convection", "Film", "heat_transfer_coefficient", 5.0, "area", 3.0, NULL));
  compile (&net);
  i = state_index (&net, mass, "T");
  net.x[i] = 310;
  rhs (&net, 0);
  assert_close (net.dxdt[i], 5 * 3 * (KELVIN - 310) / 2000);
  net_clear (&net);
}

static void
test_radiation (void)
{
  Net         net;
  TwinEntity *mass;
  guint       i;

  net_init (&net);
  mass = thermal_rig (&net, add (&net, "radiation", "Radiation", "emissivity", 0.8, "area", 2.0, "view_factor", 0.5, NULL));
  compile (&net);
  i = state_index (&net, mass, "T");
  net.x[i] = 350;
  rhs (&net, 0);
  assert_close (net.dxdt[i], 0.8 * SIGMA * 0.5 * 2 * (pow (KELVIN, 4) - pow (350, 4)) / 2000);
  net_clear (&net);
}

static void
test_ventilation (void)
{
  Net         net;
  TwinEntity *mass, *unit, *speed;
  guint       i;

  net_init (&net);
  unit = add (&net, "ventilation", "AHU", "air_flow", 360.0, "recovery_efficiency", 50.0, NULL);
  speed = add (&net, "constant", "Speed", "value", 0.5, NULL);
  wire (&net, speed, "out", unit, "speed");
  mass = thermal_rig (&net, unit);
  compile (&net);
  i = state_index (&net, mass, "T");
  net.x[i] = 295;
  rhs (&net, 0);
  /* 360 m³/h = 0.1 m³/s. */
  assert_close (net.dxdt[i], 1.2 * 1005 * 0.1 * 0.5 * 0.5 * (KELVIN - 295) / 2000);
  net_clear (&net);
}

static void
test_sensor (void)
{
  Net         net;
  TwinEntity *mass, *sensor, *direct;
  guint       i, s;

  net_init (&net);
  mass = add (&net, "thermal_capacitance", "Mass", "heat_capacity", 2000.0, "initial_temperature", 15.0, NULL);
  sensor = add (&net, "sensor", "Sensor", "time_constant", 10.0, NULL);
  direct = add (&net, "sensor", "Direct", "time_constant", 0.0, NULL);
  wire (&net, sensor, "measured", mass, "heat");
  wire (&net, direct, "measured", mass, "heat");
  compile (&net);
  i = state_index (&net, mass, "T");
  s = state_index (&net, sensor, "T");
  g_assert_false (has_state (&net, direct, "T"));
  /* The lagged reading starts at the temperature it measures, not at a default. */
  assert_close (net.x[i], KELVIN + 15);
  assert_close (net.x[s], KELVIN + 15);
  net.x[i] = 300;
  net.x[s] = 290;
  rhs (&net, 0);
  assert_close (net.dxdt[s], (300.0 - 290.0) / 10);
  assert_close (net.dxdt[i], 0);
  assert_close (variable (&net, 0, sensor, "out"), 290 - KELVIN);
  assert_close (variable (&net, 0, direct, "out"), 300 - KELVIN);
  net_clear (&net);
}

static void
test_sensor_errors (void)
{
  Net         net;
  TwinEntity *sensor, *gain;
  g_autoptr (GError) error = NULL;

  /* Its output used but nothing measured. */
  net_init (&net);
  sensor = add (&net, "sensor", "Sensor", NULL);
  gain = add (&net, "gain", "Gain", NULL);
  wire (&net, sensor, "out", gain, "in");
  error = try_compile (&net);
  g_assert_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_MODEL);
  g_assert_nonnull (strstr (error->message, "Sensor"));
  g_assert_nonnull (strstr (error->message, "measured"));
  net_clear (&net);
  g_clear_error (&error);

  /* A quantity other than temperature. */
  net_init (&net);
  sensor = add (&net, "sensor", "Hygrometer", NULL);
  set_text (&net, sensor, "quantity", "humidity");
  wire (&net, sensor, "measured", add_capacity (&net, 100), "heat");
  error = try_compile (&net);
  g_assert_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_MODEL);
  g_assert_nonnull (strstr (error->message, "Hygrometer"));
  g_assert_nonnull (strstr (error->message, "humidity"));
  net_clear (&net);
}

/* Electrical ------------------------------------------------------------------------------------- */

static void
test_inductor (void)
{
  Net         net;
  TwinEntity *ground, *source, *coil, *load;
  guint       i;

  /* 10 V source → inductor 10 mH → resistor 4 Ω → ground. */
  net_init (&net);
  ground = add (&net, "ground", "Ground", NULL);
  source = add (&net, "voltage_source", "Source", "voltage", 10.0, NULL);
  coil = add (&net, "inductor", "Coil", "inductance", 10.0, "initial_current", 0.25, NULL);
  load = add (&net, "resistor", "Load", "resistance", 4.0, NULL);
  wire (&net, source, "n", ground, "p");
  wire (&net, source, "p", coil, "p");
  wire (&net, coil, "n", load, "p");
  wire (&net, load, "n", ground, "p");
  compile (&net);
  i = state_index (&net, coil, "i");
  assert_close (net.x[i], 0.25);
  net.x[i] = 0.5;
  rhs (&net, 0);
  /* The node between coil and load: v = i · R. */
  assert_close (net.dxdt[i], (10 - 0.5 * 4) / 0.010);
  net_clear (&net);
}

static void
test_current_source (void)
{
  Net         net;
  TwinEntity *ground, *source, *cap, *input;
  guint       i;

  /* 2 A out of p into a 1 mF capacitor: dv/dt = I / C; then the input overrides. */
  for (int with_input = 0; with_input < 2; with_input++)
    {
      net_init (&net);
      ground = add (&net, "ground", "Ground", NULL);
      source = add (&net, "current_source", "Source", "current", 2.0, NULL);
      cap = add (&net, "capacitor", "Cap", "capacitance", 1000.0, NULL);
      wire (&net, source, "p", cap, "p");
      wire (&net, source, "n", ground, "p");
      wire (&net, cap, "n", ground, "p");
      if (with_input)
        {
          input = add (&net, "constant", "I", "value", -3.0, NULL);
          wire (&net, input, "out", source, "current");
        }
      compile (&net);
      i = state_index (&net, cap, "v");
      rhs (&net, 0);
      assert_close (net.dxdt[i], (with_input ? -3.0 : 2.0) / 1e-3);
      net_clear (&net);
    }
}

static void
test_battery (void)
{
  Net         net;
  TwinEntity *ground, *battery, *load;
  guint       i;
  double      emf, current;
  g_autoptr (GError) error = NULL;

  net_init (&net);
  ground = add (&net, "ground", "Ground", NULL);
  battery = add (&net, "battery", "Battery", "capacity", 2.0, "nominal_voltage", 12.0, "internal_resistance", 0.1,
                 "initial_charge", 40.0, NULL);
  load = add (&net, "resistor", "Load", "resistance", 1.9, NULL);
  wire (&net, battery, "n", ground, "p");
  wire (&net, battery, "p", load, "p");
  wire (&net, load, "n", ground, "p");
  compile (&net);
  i = state_index (&net, battery, "soc");
  assert_close (net.x[i], 0.4);
  net.x[i] = 0.5;
  rhs (&net, 0);
  emf = 12 * (0.8 + 0.2 * 0.5);
  current = emf / (0.1 + 1.9);
  assert_close (net.dxdt[i], -current / (2 * 3600.0));
  net_clear (&net);

  /* No internal resistance: refused, naming the battery. */
  net_init (&net);
  ground = add (&net, "ground", "Ground", NULL);
  battery = add (&net, "battery", "Battery", "internal_resistance", 0.0, NULL);
  load = add (&net, "resistor", "Load", NULL);
  wire (&net, battery, "n", ground, "p");
  wire (&net, battery, "p", load, "p");
  wire (&net, load, "n", ground, "p");
  error = try_compile (&net);
  g_assert_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_MODEL);
  g_assert_nonnull (strstr (error->message, "Battery"));
  g_assert_nonnull (strstr (error->message, "internal resistance"));
  net_clear (&net);
}

static void
test_generator (void)
{
  Net         net;
  TwinEntity *ground, *rotor, *generator, *load;
  guint       w, i;
  double      k = 400 / (1500 * 2 * G_PI / 60);

  /* A flywheel drives the generator into a 10 Ω load. */
  net_init (&net);
  ground = add (&net, "ground", "Ground", NULL);
  rotor = add (&net, "inertia", "Rotor", "inertia", 2.0, "initial_speed", 1000.0, NULL);
  generator = add (&net, "generator", "Generator", "rated_voltage", 400.0, "rated_speed", 1500.0, "efficiency", 90.0,
                   "inductance", 5.0, NULL);
  load = add (&net, "resistor", "Load", "resistance", 10.0, NULL);
  wire (&net, rotor, "a", generator, "a");
  wire (&net, generator, "p", load, "p");
  wire (&net, generator, "n", ground, "p");
  wire (&net, load, "n", ground, "p");
  compile (&net);
  w = state_index (&net, rotor, "omega");
  i = state_index (&net, generator, "i");
  assert_close (net.x[w], 1000 * 2 * G_PI / 60);
  net.x[w] = 100;
  net.x[i] = 3;
  rhs (&net, 0);
  assert_close (net.dxdt[i], (0.9 * k * 100 - 3 * 10) / 0.005);
  assert_close (net.dxdt[w], -k * 3 / 2);
  net_clear (&net);
}

/* Hydraulic -------------------------------------------------------------------------------------- */

static double
valve_flow (double kv_si,
            double opening,
            double drop)
{
  return kv_si * opening * drop / sqrt (1e5 * sqrt (drop * drop + 1));
}

static void
test_valve_tank_reservoir (void)
{
  Net         net;
  TwinEntity *lake, *valve, *tank;
  guint       i;
  double      capacity = 2 / (RHO_WATER * GRAVITY);
  double      p, q;

  net_init (&net);
  lake = add (&net, "reservoir", "Lake", "head", 2.0, NULL);
  valve = add (&net, "valve", "Valve", "kv", 36.0, "opening", 50.0, NULL);
  tank = add (&net, "tank", "Tank", "area", 2.0, "height", 3.0, "initial_level", 0.5, NULL);
  wire (&net, lake, "a", valve, "a");
  wire (&net, valve, "b", tank, "a");
  compile (&net);
  i = state_index (&net, tank, "h");
  assert_close (variable (&net, 0, tank, "h"), 0.5);
  /* Below the rim: the valve's flow fills the tank (36 m³/h = 0.01 m³/s). */
  p = RHO_WATER * GRAVITY * 1.5;
  net.x[i] = p;
  rhs (&net, 0);
  q = valve_flow (0.01, 0.5, RHO_WATER * GRAVITY * 2 - p);
  assert_close (net.dxdt[i], q / capacity);
  assert_close (variable (&net, 0, tank, "h"), 1.5);
  /* Above the rim it overflows at A · (h − height) / 1 s, and the valve flow reverses. */
  p = RHO_WATER * GRAVITY * 3.5;
  net.x[i] = p;
  rhs (&net, 0);
  q = valve_flow (0.01, 0.5, RHO_WATER * GRAVITY * 2 - p) - 2 * 0.5;
  assert_close (net.dxdt[i], q / capacity);
  net_clear (&net);

  /* A closed valve passes its leakage; the law is smooth and finite through zero drop. */
  net_init (&net);
  lake = add (&net, "reservoir", "Lake", "head", 2.0, NULL);
  valve = add (&net, "valve", "Valve", "kv", 36.0, "opening", 0.0, "leakage", 1.0, NULL);
  tank = add (&net, "tank", "Tank", "area", 2.0, NULL);
  wire (&net, lake, "a", valve, "a");
  wire (&net, valve, "b", tank, "a");
  compile (&net);
  i = state_index (&net, tank, "h");
  net.x[i] = RHO_WATER * GRAVITY * 2 - 0.5;
  rhs (&net, 0);
  assert_close (net.dxdt[i], valve_flow (0.01, 0.01, 0.5) / capacity);
  net_clear (&net);
}

static void
test_pipe (void)
{
  Net         net;
  TwinEntity *lake, *pipe, *tank;
  guint       q, h;
  double      d = 0.05, length = 20, area = G_PI * d * d / 4;
  double      f = 0.25 / pow (log10 (0.0001 / d / 3.7), 2);
  double      flow = 0.002, p_tank = 5000, loss;

  net_init (&net);
  lake = add (&net, "reservoir", "Lake", "head", 5.0, NULL);
  pipe = add (&net, "pipe", "Pipe", "length", length, "diameter", 50.0, "roughness", 0.1, "loss_coefficient", 2.0, NULL);
  tank = add (&net, "tank", "Tank", "area", 1.0, NULL);
  wire (&net, lake, "a", pipe, "a");
  wire (&net, pipe, "b", tank, "a");
  compile (&net);
  q = state_index (&net, pipe, "q");
  h = state_index (&net, tank, "h");
  assert_close (net.x[q], 0);
  net.x[q] = flow;
  net.x[h] = p_tank;
  rhs (&net, 0);
  loss = 128 * 1e-3 * length / (G_PI * pow (d, 4)) * flow + (f * length / d + 2) * RHO_WATER / (2 * area * area) * flow * flow;
  assert_close (net.dxdt[q], (RHO_WATER * GRAVITY * 5 - p_tank - loss) * area / (RHO_WATER * length));
  assert_close (net.dxdt[h], flow / (1 / (RHO_WATER * GRAVITY)));
  /* Backwards flow: the loss changes sign with it. */
  net.x[q] = -flow;
  rhs (&net, 0);
  assert_close (net.dxdt[q], (RHO_WATER * GRAVITY * 5 - p_tank + loss) * area / (RHO_WATER * length));
  net_clear (&net);
}

static void
test_pump (void)
{
  Net         net;
  TwinEntity *lake, *pump, *tank, *speed;
  guint       h;
  double      shutoff = 4.0 / 3 * RHO_WATER * GRAVITY * 20;
  double      b = (shutoff - RHO_WATER * GRAVITY * 20) / pow (36.0 / 3600, 2);
  double      p_tank = RHO_WATER * GRAVITY * 8, margin, q;

  /* Pump from a lake at head 0 into a tank; speed 80 % through the input. */
  net_init (&net);
  lake = add (&net, "reservoir", "Lake", "head", 0.0, NULL);
  pump = add (&net, "pump", "Pump", "nominal_flow", 36.0, "nominal_head", 20.0, NULL);
  speed = add (&net, "constant", "Speed", "value", 80.0, NULL);
  tank = add (&net, "tank", "Tank", "area", 1.0, "height", 30.0, NULL);
  wire (&net, lake, "a", pump, "in");
  wire (&net, pump, "out", tank, "a");
  wire (&net, speed, "out", pump, "speed");
  compile (&net);
  h = state_index (&net, tank, "h");
  net.x[h] = p_tank;
  rhs (&net, 0);
  margin = shutoff * 0.64 - p_tank;
  q = margin / sqrt (b * sqrt (margin * margin + pow (0.01 * shutoff, 2)));
  assert_close (net.dxdt[h], q * RHO_WATER * GRAVITY);
  /* Far from shut-off the regularised law is the square root of the curve. */
  g_assert_cmpfloat (fabs (q - sqrt (margin / b)) / q, <, 1e-3);
  /* At the nominal point (full speed, nominal head) it gives the nominal flow. */
  net_clear (&net);

  net_init (&net);
  lake = add (&net, "reservoir", "Lake", "head", 0.0, NULL);
  pump = add (&net, "pump", "Pump", "nominal_flow", 36.0, "nominal_head", 20.0, NULL);
  tank = add (&net, "tank", "Tank", "area", 1.0, "height", 30.0, NULL);
  wire (&net, lake, "a", pump, "in");
  wire (&net, pump, "out", tank, "a");
  compile (&net);
  h = state_index (&net, tank, "h");
  net.x[h] = RHO_WATER * GRAVITY * 20;
  rhs (&net, 0);
  g_assert_cmpfloat (fabs (net.dxdt[h] / (RHO_WATER * GRAVITY) - 0.01) / 0.01, <, 1e-3);
  net_clear (&net);
}

static void
test_demand (void)
{
  Net         net;
  TwinEntity *tank, *demand, *input;
  guint       h;

  for (int with_input = 0; with_input < 2; with_input++)
    {
      net_init (&net);
      tank = add (&net, "tank", "Tank", "area", 0.5, NULL);
      demand = add (&net, "demand", "Tap", "flow", 3.6, NULL);
      wire (&net, tank, "a", demand, "a");
      if (with_input)
        {
          /* The input is in m³/h, like the parameter. */
          input = add (&net, "constant", "Draw", "value", 7.2, NULL);
          wire (&net, input, "out", demand, "flow");
        }
      compile (&net);
      h = state_index (&net, tank, "h");
      rhs (&net, 0);
      assert_close (net.dxdt[h], -(with_input ? 0.002 : 0.001) / (0.5 / (RHO_WATER * GRAVITY)));
      net_clear (&net);
    }
}

/* Rotational ------------------------------------------------------------------------------------- */

static void
test_inertia_damper_torque (void)
{
  Net         net;
  TwinEntity *wheel, *motor, *damper, *frame;
  guint       w, phi;

  net_init (&net);
  wheel = add (&net, "inertia", "Wheel", "inertia", 2.0, NULL);
  motor = add (&net, "torque_source", "Motor", "torque", 10.0, NULL);
  damper = add (&net, "damper", "Bearing", "damping", 0.5, NULL);
  frame = add (&net, "fixed", "Frame", NULL);
  wire (&net, motor, "a", wheel, "a");
  wire (&net, wheel, "b", damper, "a");
  wire (&net, damper, "b", frame, "a");
  compile (&net);
  w = state_index (&net, wheel, "omega");
  phi = state_index (&net, wheel, "phi");
  net.x[w] = 4;
  rhs (&net, 0);
  assert_close (net.dxdt[w], (10 - 0.5 * 4) / 2);
  assert_close (net.dxdt[phi], 4);
  net_clear (&net);
}

static void
test_spring (void)
{
  Net         net;
  TwinEntity *one, *two, *spring;
  guint       w1, w2, twist;

  net_init (&net);
  one = add (&net, "inertia", "One", "inertia", 2.0, NULL);
  two = add (&net, "inertia", "Two", "inertia", 5.0, NULL);
  spring = add (&net, "spring", "Shaft", "stiffness", 300.0, NULL);
  wire (&net, one, "a", spring, "a");
  wire (&net, spring, "b", two, "a");
  compile (&net);
  w1 = state_index (&net, one, "omega");
  w2 = state_index (&net, two, "omega");
  twist = state_index (&net, spring, "phi_rel");
  net.x[w1] = 1;
  net.x[w2] = 3;
  net.x[twist] = 0.1;
  rhs (&net, 0);
  assert_close (net.dxdt[twist], 3 - 1);
  assert_close (net.dxdt[w1], 300 * 0.1 / 2);
  assert_close (net.dxdt[w2], -300 * 0.1 / 5);
  net_clear (&net);
}

static double
rotor_torque (double wind,
              double omega)
{
  double radius = 40, tsr = 7, cp = 0.45;
  double ratio = omega * radius / wind;
  double cp_curve = cp * (2 * ratio / tsr - ratio * ratio / (tsr * tsr));

  return 0.5 * 1.225 * G_PI * radius * radius * pow (wind, 3) * cp_curve / omega;
}

static void
test_wind_rotor (void)
{
  Net         net;
  TwinEntity *rotor, *hub, *wind;
  guint       w;

  net_init (&net);
  rotor = add (&net, "wind_rotor", "Blades", "diameter", 80.0, "wind_speed", 10.0, NULL);
  hub = add (&net, "inertia", "Hub", "inertia", 1e6, NULL);
  wire (&net, rotor, "a", hub, "a");
  compile (&net);
  w = state_index (&net, hub, "omega");
  /* The torque is the power over the speed; P = ½ ρ A v³ Cp(λ). */
  net.x[w] = 1.5;
  rhs (&net, 0);
  assert_close (net.dxdt[w], rotor_torque (10, 1.5) / 1e6);
  /* At standstill it is finite: ½ ρ π R³ v² · 2 Cp_max / λ_opt. */
  net.x[w] = 0;
  rhs (&net, 0);
  assert_close (net.dxdt[w], 0.5 * 1.225 * G_PI * pow (40, 3) * 100 * 2 * 0.45 / 7 / 1e6);
  net_clear (&net);

  /* Below cut-in from the start: no torque; crossing cut-in is an event. */
  net_init (&net);
  rotor = add (&net, "wind_rotor", "Blades", "diameter", 80.0, NULL);
  wind = add (&net, "ramp", "Wind", "initial_value", 2.0, "final_value", 12.0, "start_time", 0.0, "duration", 10.0, NULL);
  hub = add (&net, "inertia", "Hub", "inertia", 1e6, NULL);
  wire (&net, rotor, "a", hub, "a");
  wire (&net, wind, "out", rotor, "wind_speed");
  compile (&net);
  w = state_index (&net, hub, "omega");
  net.x[w] = 1.5;
  rhs (&net, 5);
  assert_close (net.dxdt[w], 0);
  {
    double g[2];

    events (&net, 5, g);
    assert_close (g[0], 7 - 3);
    assert_close (g[1], 7 - 25);
  }
  fire (&net, 1, 0, +1);
  rhs (&net, 5);
  assert_close (net.dxdt[w], rotor_torque (7, 1.5) / 1e6);
  net_clear (&net);
}

/* Signals ---------------------------------------------------------------------------------------- */

static void
test_step_ramp_sine (void)
{
  Net                  net;
  TwinEntity          *step, *ramp, *sine;
  const TwinSimSystem *system;

  net_init (&net);
  step = add (&net, "step", "Step", "initial_value", 1.0, "final_value", 4.0, "step_time", 5.0, NULL);
  ramp = add (&net, "ramp", "Ramp", "initial_value", 10.0, "final_value", 20.0, "start_time", 2.0, "duration", 8.0, NULL);
  sine = add (&net, "sine", "Sine", "amplitude", 3.0, "frequency", 0.25, "phase", 90.0, "offset", 1.0, NULL);
  compile (&net);
  system = twin_sim_model_get_system (net.model);
  assert_close (variable (&net, 4.999, step, "out"), 1);
  assert_close (variable (&net, 5, step, "out"), 4);
  assert_close (variable (&net, 1, ramp, "out"), 10);
  assert_close (variable (&net, 4, ramp, "out"), 12.5);
  assert_close (variable (&net, 11, ramp, "out"), 20);
  assert_close (variable (&net, 0.7, sine, "out"), 1 + 3 * sin (2 * G_PI * 0.25 * 0.7 + G_PI / 2));
  /* Time events: the ramp's start, the step, the ramp's end, then none. */
  g_assert_nonnull (system->next_time_event);
  assert_close (system->next_time_event (0, system->user_data), 2);
  assert_close (system->next_time_event (2, system->user_data), 5);
  assert_close (system->next_time_event (5, system->user_data), 10);
  g_assert_true (isinf (system->next_time_event (10, system->user_data)));
  net_clear (&net);
}

static void
test_sum (void)
{
  Net         net;
  TwinEntity *a, *b, *sum;

  net_init (&net);
  a = add (&net, "constant", "A", "value", 3.0, NULL);
  b = add (&net, "constant", "B", "value", 5.0, NULL);
  sum = add (&net, "sum", "Sum", "gain1", 2.0, "gain2", -1.0, NULL);
  wire (&net, a, "out", sum, "in1");
  wire (&net, b, "out", sum, "in2");
  compile (&net);
  assert_close (variable (&net, 0, sum, "out"), 2 * 3 - 5);
  net_clear (&net);
}

/* A table fed by a ramp from -1 to 9 over 10 s, so the input at t is t − 1. */
static TwinEntity *
table_rig (Net        *net,
           const char *points,
           gboolean    extrapolate)
{
  TwinEntity *ramp = add (net, "ramp", "In", "initial_value", -1.0, "final_value", 9.0, "start_time", 0.0, "duration",
                          10.0, NULL);
  TwinEntity *table = add (net, "table", "Table", "extrapolate", extrapolate ? 1.0 : 0.0, NULL);

  set_text (net, table, "points", points);
  wire (net, ramp, "out", table, "in");
  return table;
}

static void
test_table (void)
{
  Net         net;
  TwinEntity *table;

  net_init (&net);
  table = table_rig (&net, " 0 1; 2 5 ;4 -1; ", FALSE);
  compile (&net);
  assert_close (variable (&net, 2, table, "out"), 3);   /* in 1 */
  assert_close (variable (&net, 4, table, "out"), 2);   /* in 3 */
  assert_close (variable (&net, 3, table, "out"), 5);   /* in 2, on a point */
  assert_close (variable (&net, 0.5, table, "out"), 1); /* in −0.5, held */
  assert_close (variable (&net, 8, table, "out"), -1);  /* in 7, held */
  net_clear (&net);

  net_init (&net);
  table = table_rig (&net, "0 1; 2 5; 4 -1", TRUE);
  compile (&net);
  assert_close (variable (&net, 0.5, table, "out"), 0); /* in −0.5 */
  assert_close (variable (&net, 8, table, "out"), -10); /* in 7 */
  net_clear (&net);

  net_init (&net);
  table = table_rig (&net, "1.5e0 7", TRUE);
  compile (&net);
  assert_close (variable (&net, 8, table, "out"), 7);
  net_clear (&net);
}

static void
test_table_errors (void)
{
  static const struct
  {
    const char *points;
    const char *bad;
  } cases[] = {
    { "0 1; 2 x5", "2 x5" },
    { "0 1; 2", "2" },
    { "0 1, 2 3", "0 1, 2 3" },
    { "0 1;; 2 3", "“”" },
    { "0 1; 1 2 3", "1 2 3" },
    { "0 nan", "0 nan" },
    { "0 1; 2 3; 1 0", "1 0" },
    { "0 1; 0 2", "0 2" },
    { "  ", "no points" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      Net net;
      g_autoptr (GError) error = NULL;

      net_init (&net);
      table_rig (&net, cases[c].points, FALSE);
      error = try_compile (&net);
      g_test_message ("points “%s”: %s", cases[c].points, error != NULL ? error->message : "(compiled)");
      g_assert_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_MODEL);
      g_assert_nonnull (strstr (error->message, "Table"));
      g_assert_nonnull (strstr (error->message, cases[c].bad));
      net_clear (&net);
    }
}

static void
test_limiter (void)
{
  Net         net;
  TwinEntity *limiter;
  double      g[2];

  /* in = t − 1 (the table rig's ramp), limits 0.2 and 1. */
  net_init (&net);
  limiter = add (&net, "limiter", "Limiter", "lower", 0.2, "upper", 1.0, NULL);
  wire (&net, add (&net, "ramp", "In", "initial_value", -1.0, "final_value", 9.0, "start_time", 0.0, "duration", 10.0, NULL),
        "out", limiter, "in");
  compile (&net);
  /* It starts below the lower limit: held there even where in has risen (no event yet). */
  assert_close (variable (&net, 0, limiter, "out"), 0.2);
  assert_close (variable (&net, 1.5, limiter, "out"), 0.2);
  events (&net, 1.5, g);
  assert_close (g[0], 0.5 - 1.0);
  assert_close (g[1], 0.5 - 0.2);
  /* in rises through the lower limit: free. */
  fire (&net, 1.2, 1, +1);
  assert_close (variable (&net, 1.5, limiter, "out"), 0.5);
  /* in rises through the upper limit: held at it. */
  fire (&net, 2, 0, +1);
  assert_close (variable (&net, 2.5, limiter, "out"), 1.0);
  /* and back. */
  fire (&net, 2, 0, -1);
  assert_close (variable (&net, 1.9, limiter, "out"), 0.9);
  fire (&net, 1.2, 1, -1);
  assert_close (variable (&net, 1.1, limiter, "out"), 0.2);
  /* reset() starts it over from the input. */
  twin_sim_model_reset (net.model);
  assert_close (variable (&net, 1.5, limiter, "out"), 0.2);
  net_clear (&net);
}

static void
test_hysteresis (void)
{
  Net         net;
  TwinEntity *hysteresis;
  double      g[2];
  g_autoptr (GError) error = NULL;

  net_init (&net);
  hysteresis = add (&net, "hysteresis", "Thermostat", "lower", 20.0, "upper", 22.0, "output_low", 1.0, "output_high", 0.0,
                    "initially_high", 0.0, NULL);
  wire (&net, add (&net, "constant", "T", "value", 21.0, NULL), "out", hysteresis, "in");
  compile (&net);
  /* Between the thresholds it keeps its initial state (low: heating). */
  assert_close (variable (&net, 0, hysteresis, "out"), 1);
  /* While low it watches the upper threshold only. */
  events (&net, 0, g);
  assert_close (g[0], 21.0 - 22.0);
  /* Falling through it while low changes nothing. */
  fire (&net, 0, 0, -1);
  assert_close (variable (&net, 0, hysteresis, "out"), 1);
  /* Rising through the upper one switches high; it then watches the lower one. */
  fire (&net, 0, 0, +1);
  assert_close (variable (&net, 0, hysteresis, "out"), 0);
  events (&net, 0, g);
  assert_close (g[0], 21.0 - 20.0);
  fire (&net, 0, 0, +1);
  assert_close (variable (&net, 0, hysteresis, "out"), 0);
  /* Falling through the lower one switches low. */
  fire (&net, 0, 0, -1);
  assert_close (variable (&net, 0, hysteresis, "out"), 1);
  net_clear (&net);

  /* An input above the upper threshold at the start starts it high. */
  net_init (&net);
  hysteresis = add (&net, "hysteresis", "Thermostat", "lower", 20.0, "upper", 22.0, NULL);
  wire (&net, add (&net, "constant", "T", "value", 23.0, NULL), "out", hysteresis, "in");
  compile (&net);
  assert_close (variable (&net, 0, hysteresis, "out"), 1);
  net_clear (&net);

  /* Thresholds the wrong way round are refused. */
  net_init (&net);
  hysteresis = add (&net, "hysteresis", "Thermostat", "lower", 22.0, "upper", 20.0, NULL);
  wire (&net, add (&net, "constant", "T", "value", 23.0, NULL), "out", hysteresis, "in");
  error = try_compile (&net);
  g_assert_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_MODEL);
  g_assert_nonnull (strstr (error->message, "Thermostat"));
  net_clear (&net);
}

static TwinEntity *
pid_rig (Net   *net,
         double kp,
         double ti,
         double td,
         double measurement)
{
  TwinEntity *pid = add (net, "pid", "PID", "kp", kp, "ti", ti, "td", td, "output_min", -10.0, "output_max", 10.0, NULL);

  wire (net, add (net, "constant", "SP", "value", 1.0, NULL), "out", pid, "setpoint");
  wire (net, add (net, "constant", "PV", "value", measurement, NULL), "out", pid, "measurement");
  return pid;
}

static void
test_pid (void)
{
  Net         net;
  TwinEntity *pid;
  guint       xi, xd;
  double      g[2];

  /* Unsaturated: u = kp (e + x_i + N (e − x_d)), e = 1 − 0.9. */
  net_init (&net);
  pid = pid_rig (&net, 2, 10, 1, 0.9);
  compile (&net);
  xi = state_index (&net, pid, "x_i");
  xd = state_index (&net, pid, "x_d");
  net.x[xi] = 0.1;
  net.x[xd] = 0.05;
  rhs (&net, 0);
  assert_close (net.dxdt[xi], 0.1 / 10);
  assert_close (net.dxdt[xd], 10 * (0.1 - 0.05) / 1);
  assert_close (variable (&net, 0, pid, "out"), 2 * (0.1 + 0.1 + 10 * (0.1 - 0.05)));
  events (&net, 0, g);
  assert_close (g[0], 2 * 0.7 - 10);
  assert_close (g[1], 2 * 0.7 + 10);
  /* Reaching the upper limit: held there, the integrator frozen while the error pushes up. */
  fire (&net, 0, 0, +1);
  rhs (&net, 0);
  assert_close (variable (&net, 0, pid, "out"), 10);
  assert_close (net.dxdt[xi], 0);
  /* Leaving it. */
  fire (&net, 0, 0, -1);
  assert_close (variable (&net, 0, pid, "out"), 1.4);
  net_clear (&net);

  /* Saturated low from the start (u = −20 · 0.75): held at the lowest output, integrator frozen. */
  net_init (&net);
  pid = pid_rig (&net, -20, 10, 0, 0.25);
  compile (&net);
  g_assert_false (has_state (&net, pid, "x_d"));
  xi = state_index (&net, pid, "x_i");
  assert_close (variable (&net, 0, pid, "out"), -10);
  rhs (&net, 0);
  assert_close (net.dxdt[xi], 0);
  /* At the upper limit with kp · e < 0 pulling back in: the integrator runs. */
  net.x[xi] = -2;
  fire (&net, 0, 0, +1);
  rhs (&net, 0);
  assert_close (variable (&net, 0, pid, "out"), 10);
  assert_close (net.dxdt[xi], 0.75 / 10);
  net_clear (&net);

  /* Proportional only: no states at all. */
  net_init (&net);
  pid = pid_rig (&net, 4, 0, 0, 0.5);
  compile (&net);
  g_assert_cmpuint (twin_sim_model_get_n_states (net.model), ==, 0);
  assert_close (variable (&net, 0, pid, "out"), 4 * 0.5);
  net_clear (&net);
}

/* Every simulated type has a law documented for docs/components.md. */
static void
test_documented (void)
{
  const TwinEntityType *const *types;
  guint                        n_types;

  types = twin_entity_type_get_all (&n_types);
  for (guint i = 0; i < n_types; i++)
    {
      const TwinEntityType *type = types[i];

      if (type->flags & TWIN_ENTITY_TYPE_FLAGS_CONTAINER || g_str_equal (type->name, "asset"))
        {
          g_assert_null (type->sim);
          continue;
        }
      g_test_message ("type %s", type->name);
      g_assert_nonnull (type->sim);
      g_assert_nonnull (type->sim->compile);
      g_assert_nonnull (type->sim->equations);
      g_assert_cmpstr (type->sim->equations, !=, "");
      /* Events need a handler and something to fill them. */
      if (type->sim->switch_mode != NULL)
        g_assert_nonnull (type->sim->events);
    }
  g_assert_true (twin_entity_type_lookup ("fixed")->flags & TWIN_ENTITY_TYPE_FLAGS_REFERENCE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/sim/components/documented", test_documented);
  g_test_add_func ("/core/sim/components/room", test_room);
  g_test_add_func ("/core/sim/components/room-open", test_room_open);
  g_test_add_func ("/core/sim/components/heater-lamp", test_heater_lamp);
  g_test_add_func ("/core/sim/components/convection", test_convection);
  g_test_add_func ("/core/sim/components/radiation", test_radiation);
  g_test_add_func ("/core/sim/components/ventilation", test_ventilation);
  g_test_add_func ("/core/sim/components/sensor", test_sensor);
  g_test_add_func ("/core/sim/components/sensor-errors", test_sensor_errors);
  g_test_add_func ("/core/sim/components/inductor", test_inductor);
  g_test_add_func ("/core/sim/components/current-source", test_current_source);
  g_test_add_func ("/core/sim/components/battery", test_battery);
  g_test_add_func ("/core/sim/components/generator", test_generator);
  g_test_add_func ("/core/sim/components/valve-tank-reservoir", test_valve_tank_reservoir);
  g_test_add_func ("/core/sim/components/pipe", test_pipe);
  g_test_add_func ("/core/sim/components/pump", test_pump);
  g_test_add_func ("/core/sim/components/demand", test_demand);
  g_test_add_func ("/core/sim/components/inertia-damper-torque", test_inertia_damper_torque);
  g_test_add_func ("/core/sim/components/spring", test_spring);
  g_test_add_func ("/core/sim/components/wind-rotor", test_wind_rotor);
  g_test_add_func ("/core/sim/components/step-ramp-sine", test_step_ramp_sine);
  g_test_add_func ("/core/sim/components/sum", test_sum);
  g_test_add_func ("/core/sim/components/table", test_table);
  g_test_add_func ("/core/sim/components/table-errors", test_table_errors);
  g_test_add_func ("/core/sim/components/limiter", test_limiter);
  g_test_add_func ("/core/sim/components/hysteresis", test_hysteresis);
  g_test_add_func ("/core/sim/components/pid", test_pid);

  return g_test_run ();
}
