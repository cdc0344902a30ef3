/* test-validation.c: the simulation engine and its solvers checked against analytic solutions.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test builds a small twin in code from the component library (the
 * entities, their parameters as a user would set them, and connections),
 * compiles it with twin_sim_model_compile(), integrates it with
 * twin_sim_solve() and compares the recorded variables with the closed-form
 * solution of the same equations at every output point. The tolerance of each
 * comparison is named next to it: it is a few orders of magnitude above what
 * the solver's tolerances (rtol 1e-8 unless said) give, and far below what a
 * wrong equation (a sign, a unit, a factor) would give. The Robertson problem
 * fills a TwinSimSystem by hand and is compared with the published reference
 * values, copied here from /work/shared/data/reference/robertson.md (the test
 * set for IVP solvers of the University of Bari, computed with RADAU5).
 */

#include "config.h"

#include "twin-core.h"

#include "model/twin-entity-type.h"
#include "sim/twin-sim-model.h"
#include "sim/twin-sim-solver.h"

#include <math.h>
#include <string.h>

/* A twin under construction: its root, and the parameter values set on it as
 * "ENTITY-PATH.PARAMETER" → text in the parameter's unit, the form scenarios
 * use, so every value goes through the same unit conversion as a user's. */
typedef struct
{
  TwinEntity *root;
  GHashTable *values;
} Net;

static void
net_init (Net        *net,
          const char *name)
{
  net->root = twin_entity_new (NULL, "system", name);
  net->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
net_clear (Net *net)
{
  g_clear_object (&net->root);
  g_clear_pointer (&net->values, g_hash_table_unref);
}

/* Adds a component of @type_name under @parent, then sets parameters from
 * "name", double value pairs ending with NULL, in the parameter's own unit
 * (µF for a capacitor, rpm for an inertia's speed, % for a valve). */
G_GNUC_NULL_TERMINATED static TwinEntity *
add (Net        *net,
     TwinEntity *parent,
     const char *type_name,
     const char *name,
     ...)
{
  const TwinEntityType *type = twin_entity_type_lookup (type_name);
  g_autoptr (TwinEntity) entity = NULL;
  g_autofree char *path = NULL;
  const char      *parameter;
  va_list          args;

  g_assert_nonnull (type);
  entity = twin_entity_type_instantiate (type, name);
  twin_entity_append_child (parent, entity);
  path = twin_entity_dup_path (entity);
  va_start (args, name);
  while ((parameter = va_arg (args, const char *)) != NULL)
    {
      double                   value = va_arg (args, double);
      const TwinParameterSpec *spec = twin_entity_type_find_parameter (type, parameter);
      char                    *text;

      g_assert_nonnull (spec);
      if (spec->kind == TWIN_VALUE_BOOLEAN)
        text = g_strdup (value != 0 ? "true" : "false");
      else if (spec->kind == TWIN_VALUE_INTEGER)
        text = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);
      else
        text = twin_format_number (value);
      g_hash_table_replace (net->values, g_strdup_printf ("%s.%s", path, parameter), text);
    }
  va_end (args);
  return entity;
}

static void
wire (TwinEntity *parent,
      TwinEntity *from,
      const char *from_port,
      TwinEntity *to,
      const char *to_port)
{
  g_autoptr (TwinConnection) connection = twin_connection_new (NULL, from, from_port, to, to_port);

  twin_entity_add_connection (parent, connection);
}

/* The expected values of the watched variables at @t_s. */
typedef void (*ExactFunc) (double t_s, double *expected, gpointer user_data);

typedef struct
{
  TwinSimModel *model;
  guint         n_watched;
  int          *index;  /* of each watched variable among the model's */
  double       *values; /* every variable at one output point */
  double       *expected;
  ExactFunc     exact;
  gpointer      user_data;
  double        max_error[8];
  guint         n_outputs;
  double        last_t_s;
} Run;

static gboolean
record_output (double        t_s,
               const double *x,
               gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (twin_sim_model_eval_variables (run->model, t_s, x, run->values, &error));
  g_assert_no_error (error);
  run->exact (t_s, run->expected, run->user_data);
  for (guint k = 0; k < run->n_watched; k++)
    {
      double value = run->values[run->index[k]];

      g_assert_true (isfinite (value));
      run->max_error[k] = MAX (run->max_error[k], fabs (value - run->expected[k]));
    }
  run->n_outputs++;
  run->last_t_s = t_s;
  return TRUE;
}

/* Compiles @net, checks the watched variables' units, integrates from 0 to
 * @t1_s with @method and fills run->max_error for each watched variable. */
static void
simulate (Net                *net,
          TwinSimMethod       method,
          double              t1_s,
          double              output_interval_s,
          const char *const  *watched,
          const char *const  *units,
          ExactFunc           exact,
          gpointer            user_data,
          Run                *run,
          TwinSimSolveReport *report)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinSimModel) model = NULL;
  g_autofree double    *x = NULL;
  g_autofree int       *index = NULL;
  g_autofree double    *values = NULL;
  g_autofree double    *expected = NULL;
  TwinSimSolverSettings settings;
  guint                 n_watched = g_strv_length ((char **) watched);
  guint                 n;

  g_assert_cmpuint (n_watched, <=, G_N_ELEMENTS (run->max_error));
  model = twin_sim_model_compile (net->root, net->values, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);

  index = g_new (int, n_watched);
  for (guint k = 0; k < n_watched; k++)
    {
      const TwinSimVariable *variable;

      index[k] = twin_sim_model_find_variable (model, watched[k]);
      if (index[k] < 0)
        g_error ("The compiled model has no variable “%s”.", watched[k]);
      variable = twin_sim_model_get_variable (model, index[k]);
      g_assert_cmpstr (variable->name, ==, watched[k]);
      /* NULL: a signal, which has no unit of its own. */
      if (units[k] == NULL)
        g_assert_true (variable->unit == NULL || variable->unit[0] == '\0');
      else
        g_assert_cmpstr (variable->unit, ==, units[k]);
    }

  n = twin_sim_model_get_n_states (model);
  x = g_new0 (double, MAX (n, 1));
  values = g_new0 (double, MAX (twin_sim_model_get_n_variables (model), 1));
  expected = g_new0 (double, n_watched);
  twin_sim_model_get_initial_state (model, x);
  twin_sim_model_reset (model);

  memset (run, 0, sizeof *run);
  run->model = model;
  run->n_watched = n_watched;
  run->index = index;
  run->values = values;
  run->expected = expected;
  run->exact = exact;
  run->user_data = user_data;

  twin_sim_solver_settings_init (&settings);
  settings.method = method;
  settings.rtol = 1e-8;
  settings.atol = 1e-10;
  settings.t0_s = 0;
  settings.t1_s = t1_s;
  settings.output_interval_s = output_interval_s;
  g_assert_true (twin_sim_solve (twin_sim_model_get_system (model), &settings, x, record_output, run, NULL, report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report->method, !=, TWIN_SIM_METHOD_AUTO);
  g_assert_cmpfloat (report->t_reached_s, ==, t1_s);
  /* Every output point, the last one at t1. */
  g_assert_cmpuint (run->n_outputs, ==, (guint) llround (t1_s / output_interval_s) + 1);
  g_assert_cmpfloat (run->last_t_s, ==, t1_s);
  run->model = NULL;
  run->index = NULL;
  run->values = NULL;
  run->expected = NULL;
}

static const TwinSimMethod methods[] = {
  TWIN_SIM_METHOD_AUTO,
  TWIN_SIM_METHOD_RK8PD,
  TWIN_SIM_METHOD_MSBDF,
  TWIN_SIM_METHOD_BSIMP,
  TWIN_SIM_METHOD_CVODE_BAND,
  TWIN_SIM_METHOD_CVODE_KLU,
};

/* RC charging: a 10 V source charges 1000 µF through 1 kΩ (τ = 1 s).
 * v(t) = V (1 − e^(−t/τ)). */
typedef struct
{
  double volts;
  double tau_s;
} RcCase;

static void
rc_exact (double t_s, double *expected, gpointer user_data)
{
  RcCase *c = user_data;

  expected[0] = c->volts * (1.0 - exp (-t_s / c->tau_s));
}

static void
test_rc_charging (void)
{
  RcCase            c = { 10.0, 1000.0 * 1000e-6 };
  const char *const watched[] = { "RC/Capacitor.v", NULL };
  const char *const units[] = { "V" };

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      Net                net;
      Run                run;
      TwinSimSolveReport report = { 0 };
      TwinEntity        *source, *resistor, *capacitor, *ground;

      net_init (&net, "RC");
      source = add (&net, net.root, "voltage_source", "Source", "voltage", c.volts, NULL);
      resistor = add (&net, net.root, "resistor", "Resistor", "resistance", 1000.0, NULL);
      capacitor = add (&net, net.root, "capacitor", "Capacitor", "capacitance", 1000.0, "initial_voltage", 0.0, NULL);
      ground = add (&net, net.root, "ground", "Ground", NULL);
      wire (net.root, source, "p", resistor, "p");
      wire (net.root, resistor, "n", capacitor, "p");
      wire (net.root, capacitor, "n", ground, "p");
      wire (net.root, source, "n", ground, "p");

      simulate (&net, methods[m], 5.0, 0.05, watched, units, rc_exact, &c, &run, &report);
      g_test_message ("RC with %s: max |v − exact| = %.3g V", twin_sim_method_to_string (report.method), run.max_error[0]);
      /* Tolerance 1e-4 V, 1e-5 of the source voltage: rtol 1e-8 gives 1e-7 to 1e-6
       * of it, once the local errors of a few hundred steps add up. */
      g_assert_cmpfloat (run.max_error[0], <=, 1e-4);
      twin_sim_solve_report_clear (&report);
      net_clear (&net);
    }
}

/* Two thermal masses through a conductance: the difference decays with
 * 1/τ = G (1/C1 + 1/C2) towards the capacity-weighted mean. */
typedef struct
{
  double c1, c2, t1, t2, g;
} TwoMasses;

static void
two_masses_exact (double t_s, double *expected, gpointer user_data)
{
  TwoMasses *c = user_data;
  double     mean = (c->c1 * c->t1 + c->c2 * c->t2) / (c->c1 + c->c2);
  double     decay = exp (-t_s * c->g * (1.0 / c->c1 + 1.0 / c->c2)) * (c->t1 - c->t2);

  expected[0] = mean + c->c2 / (c->c1 + c->c2) * decay;
  expected[1] = mean - c->c1 / (c->c1 + c->c2) * decay;
}

static void
test_two_masses (void)
{
  TwoMasses         c = { 1e5, 3e5, 80.0, 20.0, 10.0 };
  const char *const watched[] = { "Masses/Mass 1.T", "Masses/Mass 2.T", NULL };
  const char *const units[] = { "°C", "°C" };

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      Net                net;
      Run                run;
      TwinSimSolveReport report = { 0 };
      TwinEntity        *a, *b, *g;

      net_init (&net, "Masses");
      a = add (&net, net.root, "thermal_capacitance", "Mass 1", "heat_capacity", c.c1, "initial_temperature", c.t1, NULL);
      b = add (&net, net.root, "thermal_capacitance", "Mass 2", "heat_capacity", c.c2, "initial_temperature", c.t2, NULL);
      g = add (&net, net.root, "thermal_conductance", "Link", "conductance", c.g, NULL);
      wire (net.root, a, "heat", g, "a");
      wire (net.root, g, "b", b, "heat");

      /* Four time constants (τ = 7500 s), output every 5 minutes. */
      simulate (&net, methods[m], 30000.0, 300.0, watched, units, two_masses_exact, &c, &run, &report);
      g_test_message ("two masses with %s: max errors %.3g K, %.3g K", twin_sim_method_to_string (report.method),
                      run.max_error[0], run.max_error[1]);
      /* Tolerance 1e-3 K on a 60 K difference: states are in kelvin (about 330 K),
       * and 1e-8 of them per step adds up to a few 1e-4 K with msbdf. */
      g_assert_cmpfloat (run.max_error[0], <=, 1e-3);
      g_assert_cmpfloat (run.max_error[1], <=, 1e-3);
      twin_sim_solve_report_clear (&report);
      net_clear (&net);
    }
}

/* A rotational mass–spring–damper against a fixed frame, started at speed
 * ω0 from rest position: J θ'' + d θ' + k θ = 0, θ(0) = 0, θ'(0) = ω0, so
 * θ = ω0/ωd e^(−ζ ωn t) sin(ωd t). */
typedef struct
{
  double j, k, d, omega0;
} Msd;

static void
msd_exact (double t_s, double *expected, gpointer user_data)
{
  Msd   *c = user_data;
  double wn = sqrt (c->k / c->j);
  double zeta = c->d / (2.0 * sqrt (c->k * c->j));
  double wd = wn * sqrt (1.0 - zeta * zeta);
  double decay = exp (-zeta * wn * t_s);

  expected[0] = c->omega0 / wd * decay * sin (wd * t_s);
  expected[1] = c->omega0 * decay * (cos (wd * t_s) - zeta * wn / wd * sin (wd * t_s));
}

static void
test_mass_spring_damper (void)
{
  /* ζ = 0.2, ωn = 5 rad/s; 60 rpm = 2π rad/s. */
  Msd               c = { 2.0, 50.0, 4.0, 2.0 * G_PI };
  const char *const watched[] = { "MSD/Flywheel.phi", "MSD/Flywheel.omega", NULL };
  const char *const units[] = { "rad", "rad/s" };

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      Net                net;
      Run                run;
      TwinSimSolveReport report = { 0 };
      TwinEntity        *inertia, *spring, *damper, *frame;

      net_init (&net, "MSD");
      inertia = add (&net, net.root, "inertia", "Flywheel", "inertia", c.j, "initial_speed", 60.0, NULL);
      spring = add (&net, net.root, "spring", "Spring", "stiffness", c.k, NULL);
      damper = add (&net, net.root, "damper", "Damper", "damping", c.d, NULL);
      frame = add (&net, net.root, "fixed", "Frame", NULL);
      wire (net.root, inertia, "a", spring, "a");
      wire (net.root, spring, "b", frame, "a");
      wire (net.root, inertia, "a", damper, "a");
      wire (net.root, damper, "b", frame, "a");

      /* Five decay times 1/(ζ ωn) = 1 s, about four periods. */
      simulate (&net, methods[m], 5.0, 0.01, watched, units, msd_exact, &c, &run, &report);
      g_test_message ("mass-spring-damper with %s: max errors %.3g rad, %.3g rad/s",
                      twin_sim_method_to_string (report.method), run.max_error[0], run.max_error[1]);
      /* Tolerance 1e-5 rad and 1e-4 rad/s, on an amplitude of 0.26 rad and 6.3 rad/s. */
      g_assert_cmpfloat (run.max_error[0], <=, 1e-5);
      g_assert_cmpfloat (run.max_error[1], <=, 1e-4);
      twin_sim_solve_report_clear (&report);
      net_clear (&net);
    }
}

/* Torricelli: a tank drains through a fully open valve into a reservoir at
 * the tank's bottom level. q = kv · sqrt(Δp / 1 bar) with Δp = ρ g h, so
 * A dh/dt = −kv sqrt(ρ g h / 1e5) and sqrt(h) falls linearly in time:
 * sqrt(h(t)) = sqrt(h0) − c t / 2, c = kv / A · sqrt(ρ g / 1e5). */
typedef struct
{
  double area, h0, kv_m3_s;
} Tank;

static void
tank_exact (double t_s, double *expected, gpointer user_data)
{
  Tank  *c = user_data;
  double rate = c->kv_m3_s / c->area * sqrt (1000.0 * 9.81 / 1e5);
  double root = sqrt (c->h0) - rate * t_s / 2.0;

  expected[0] = root * root;
}

static void
test_tank_draining (void)
{
  /* kv 36 m³/h = 0.01 m³/s; empties at t = 2 sqrt(h0) / c = 903 s: run to 600 s
   * (h = 0.23 m), far from the regularised region below 1 Pa (0.1 mm). */
  Tank              c = { 1.0, 2.0, 0.01 };
  const char *const watched[] = { "Tank/Tank.h", NULL };
  const char *const units[] = { "m" };

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      Net                net;
      Run                run;
      TwinSimSolveReport report = { 0 };
      TwinEntity        *tank, *valve, *reservoir;

      net_init (&net, "Tank");
      tank = add (&net, net.root, "tank", "Tank", "area", c.area, "height", 3.0, "initial_level", c.h0, NULL);
      valve = add (&net, net.root, "valve", "Valve", "kv", 36.0, "opening", 100.0, "leakage", 0.0, NULL);
      reservoir = add (&net, net.root, "reservoir", "Basin", "head", 0.0, NULL);
      wire (net.root, tank, "a", valve, "a");
      wire (net.root, valve, "b", reservoir, "a");

      simulate (&net, methods[m], 600.0, 10.0, watched, units, tank_exact, &c, &run, &report);
      g_test_message ("Torricelli with %s: max |h − exact| = %.3g m", twin_sim_method_to_string (report.method),
                      run.max_error[0]);
      /* Tolerance 1e-5 m (10 µm) on a 1.8 m fall. */
      g_assert_cmpfloat (run.max_error[0], <=, 1e-5);
      twin_sim_solve_report_clear (&report);
      net_clear (&net);
    }
}

/* PI control of a first-order thermal plant: C dT/dt = G (Ta − T) + u,
 * u = Kp (e + 1/Ti ∫e), e = r − T, with Ti = C/G (the controller's zero
 * cancels the plant's pole). The closed loop is then first order with time
 * constant C/Kp: after a setpoint step of Δr at ts,
 * T(t) = Ta + Δr (1 − e^(−Kp (t − ts)/C)), and
 * u(t) = Kp Δr e^(−a (t − ts)) + G Δr (1 − e^(−a (t − ts))), a = Kp/C. */
typedef struct
{
  double c, g, ambient, kp, step_s, delta;
} Pid;

static void
pid_exact (double t_s, double *expected, gpointer user_data)
{
  Pid   *c = user_data;
  double s = MAX (t_s - c->step_s, 0.0);
  double decay = exp (-c->kp / c->c * s);

  expected[0] = c->ambient + c->delta * (1.0 - decay);
  expected[1] = t_s < c->step_s ? 0.0 : c->kp * c->delta * decay + c->g * c->delta * (1.0 - decay);
}

static void
test_pid_step (void)
{
  Pid               c = { 1e5, 50.0, 10.0, 200.0, 100.0, 10.0 };
  const char *const watched[] = { "PI/Plant.T", "PI/Controller.out", NULL };
  const char *const units[] = { "°C", NULL };

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      Net                net;
      Run                run;
      TwinSimSolveReport report = { 0 };
      TwinEntity        *plant, *loss, *ambient, *sensor, *setpoint, *pid, *source;

      net_init (&net, "PI");
      plant = add (&net, net.root, "thermal_capacitance", "Plant", "heat_capacity", c.c, "initial_temperature", c.ambient, NULL);
      loss = add (&net, net.root, "thermal_conductance", "Loss", "conductance", c.g, NULL);
      ambient = add (&net, net.root, "fixed_temperature", "Ambient", "temperature", c.ambient, NULL);
      sensor = add (&net, net.root, "sensor", "Sensor", "time_constant", 0.0, NULL);
      setpoint = add (&net, net.root, "step", "Setpoint", "initial_value", c.ambient, "final_value", c.ambient + c.delta,
                      "step_time", c.step_s, NULL);
      pid = add (&net, net.root, "pid", "Controller", "kp", c.kp, "ti", c.c / c.g, "td", 0.0, "output_min", -1e6,
                 "output_max", 1e6, NULL);
      source = add (&net, net.root, "heat_source", "Heating", NULL);
      wire (net.root, plant, "heat", loss, "a");
      wire (net.root, loss, "b", ambient, "heat");
      wire (net.root, sensor, "measured", plant, "heat");
      wire (net.root, source, "heat", plant, "heat");
      wire (net.root, setpoint, "out", pid, "setpoint");
      wire (net.root, sensor, "out", pid, "measurement");
      wire (net.root, pid, "out", source, "heat_flow");

      /* Six closed-loop time constants (C/Kp = 500 s) after the step at 100 s. */
      simulate (&net, methods[m], 3100.0, 10.0, watched, units, pid_exact, &c, &run, &report);
      g_test_message ("PI step with %s: max errors %.3g K, %.3g W (%" G_GUINT64_FORMAT " events)",
                      twin_sim_method_to_string (report.method), run.max_error[0], run.max_error[1], report.n_events);
      /* Tolerance 1e-4 K on a 10 K step, and 0.05 W on a 2000 W peak. The step at
       * 100 s is a time event: a solver that stepped over it would miss by far more. */
      g_assert_cmpfloat (run.max_error[0], <=, 1e-4);
      g_assert_cmpfloat (run.max_error[1], <=, 0.05);
      g_assert_cmpuint (report.n_events, >=, 1);
      twin_sim_solve_report_clear (&report);
      net_clear (&net);
    }
}

/* A hysteresis thermostat: a room of capacity C losing heat through G to a
 * fixed outside temperature, heated with P while the measured temperature
 * has not yet risen above `upper`, then unheated until it falls below
 * `lower`. Between switches T approaches T∞ = Ta + P/G (heating) or Ta
 * exponentially with τ = C/G; the switching times follow in closed form, and
 * a solver that smeared a switch over a step would be off by far more. */
typedef struct
{
  double c, g, power, outside, lower, upper, t0;
  double switch_s[64];
  guint  n_switches;
} Thermostat;

static void
thermostat_solve_switches (Thermostat *c, double t1_s)
{
  double   tau = c->c / c->g;
  double   t = 0.0, temperature = c->t0;
  gboolean heating = TRUE;

  c->n_switches = 0;
  while (c->n_switches < G_N_ELEMENTS (c->switch_s))
    {
      double target = heating ? c->outside + c->power / c->g : c->outside;
      double threshold = heating ? c->upper : c->lower;

      t += tau * log ((target - temperature) / (target - threshold));
      if (t > t1_s)
        break;
      c->switch_s[c->n_switches++] = t;
      temperature = threshold;
      heating = !heating;
    }
}

static void
thermostat_exact (double t_s, double *expected, gpointer user_data)
{
  Thermostat *c = user_data;
  double      tau = c->c / c->g;
  double      start = 0.0, temperature = c->t0;
  gboolean    heating = TRUE;

  for (guint k = 0; k < c->n_switches && c->switch_s[k] <= t_s; k++)
    {
      start = c->switch_s[k];
      temperature = heating ? c->upper : c->lower;
      heating = !heating;
    }
  {
    double target = heating ? c->outside + c->power / c->g : c->outside;

    expected[0] = target + (temperature - target) * exp (-(t_s - start) / tau);
    expected[1] = heating ? 1.0 : 0.0;
  }
}

static void
test_hysteresis_thermostat (void)
{
  /* τ = 2e6 / 100 = 20000 s; T∞ on = 0 + 3000/100 = 30 °C. */
  Thermostat        c = { .c = 2e6, .g = 100.0, .power = 3000.0, .outside = 0.0, .lower = 19.0, .upper = 23.0, .t0 = 15.0 };
  const char *const watched[] = { "Room/Air.T", "Room/Thermostat.out", NULL };
  const char *const units[] = { "°C", NULL };
  const double      t1_s = 2 * 86400.0;

  thermostat_solve_switches (&c, t1_s);
  g_assert_cmpuint (c.n_switches, >=, 20);
  /* No output point (every 60 s) within a second of a switch, where the
   * output's value would depend on which side of it the point is. */
  for (guint k = 0; k < c.n_switches; k++)
    {
      double offset = fmod (c.switch_s[k], 60.0);

      g_assert_cmpfloat (MIN (offset, 60.0 - offset), >, 1.0);
    }
  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      Net                net;
      Run                run;
      TwinSimSolveReport report = { 0 };
      TwinEntity        *air, *wall, *outside, *sensor, *thermostat, *heater;

      net_init (&net, "Room");
      air = add (&net, net.root, "thermal_capacitance", "Air", "heat_capacity", c.c, "initial_temperature", c.t0, NULL);
      wall = add (&net, net.root, "thermal_conductance", "Wall", "conductance", c.g, NULL);
      outside = add (&net, net.root, "fixed_temperature", "Outside", "temperature", c.outside, NULL);
      sensor = add (&net, net.root, "sensor", "Sensor", "time_constant", 0.0, NULL);
      /* High (heater off) above `upper`, low (heater on) below `lower`. */
      thermostat = add (&net, net.root, "hysteresis", "Thermostat", "lower", c.lower, "upper", c.upper, "output_low", 1.0,
                        "output_high", 0.0, "initially_high", 0.0, NULL);
      heater = add (&net, net.root, "heater", "Heater", "heating_power", c.power, "efficiency", 100.0, NULL);
      wire (net.root, air, "heat", wall, "a");
      wire (net.root, wall, "b", outside, "heat");
      wire (net.root, sensor, "measured", air, "heat");
      wire (net.root, heater, "heat", air, "heat");
      wire (net.root, sensor, "out", thermostat, "in");
      wire (net.root, thermostat, "out", heater, "command");

      simulate (&net, methods[m], t1_s, 60.0, watched, units, thermostat_exact, &c, &run, &report);
      g_test_message ("thermostat with %s: %u switches expected, %" G_GUINT64_FORMAT " events; max errors %.3g K, %.3g",
                      twin_sim_method_to_string (report.method), c.n_switches, report.n_events, run.max_error[0],
                      run.max_error[1]);
      /* Tolerance 5e-3 K over 48 h and 25 switches (msbdf restarts at order one
       * after each, and reaches a few 1e-3 K; the others 1e-6 K or better). The
       * temperature moves 1.5e-3 K/s while heated, so a switch located 3 s late,
       * or smeared over a step of minutes, fails. The output is exact at every
       * output point, since none falls within a second of a switch. */
      g_assert_cmpfloat (run.max_error[0], <=, 5e-3);
      g_assert_cmpfloat (run.max_error[1], ==, 0.0);
      g_assert_cmpuint (report.n_events, >=, c.n_switches);
      twin_sim_solve_report_clear (&report);
      net_clear (&net);
    }
}

/* The energy of a closed thermal network (no boundary, no source) is
 * constant: Σ C_i T_i stays at its initial value while the temperatures
 * spread. Conductances, a convection and a radiation link (nonlinear). */
#define N_BODIES 6

static const double body_capacity[N_BODIES] = { 2e5, 5e4, 1e6, 3e5, 8e4, 4e5 };
static const double body_temperature[N_BODIES] = { 90.0, -10.0, 20.0, 45.0, 300.0, 5.0 };

static void
test_energy_balance (void)
{
  const char *const watched[] = { "Closed/Body 1.T", "Closed/Body 2.T", "Closed/Body 3.T", "Closed/Body 4.T",
                                  "Closed/Body 5.T", "Closed/Body 6.T", NULL };
  const char *const units[] = { "°C", "°C", "°C", "°C", "°C", "°C" };

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      Net         net;
      TwinEntity *body[N_BODIES];
      g_autoptr (GError) error = NULL;
      g_autoptr (TwinSimModel) model = NULL;
      g_autofree double    *x = NULL;
      g_autofree double    *values = NULL;
      TwinSimSolverSettings settings;
      TwinSimSolveReport    report = { 0 };
      int                   index[N_BODIES];
      double                energy0 = 0.0, energy1 = 0.0, spread0 = 0.0, spread1 = 0.0;

      net_init (&net, "Closed");
      for (guint k = 0; k < N_BODIES; k++)
        {
          g_autofree char *name = g_strdup_printf ("Body %u", k + 1);

          body[k] = add (&net, net.root, "thermal_capacitance", name, "heat_capacity", body_capacity[k],
                         "initial_temperature", body_temperature[k], NULL);
        }
      /* A ring of conductances, two chords, a convection and a radiation link. */
      for (guint k = 0; k < N_BODIES; k++)
        {
          g_autofree char *name = g_strdup_printf ("Link %u", k + 1);
          TwinEntity      *link = add (&net, net.root, "thermal_conductance", name, "conductance", 5.0 + 7.0 * k, NULL);

          wire (net.root, body[k], "heat", link, "a");
          wire (net.root, link, "b", body[(k + 1) % N_BODIES], "heat");
        }
      {
        TwinEntity *chord = add (&net, net.root, "thermal_conductance", "Chord", "conductance", 40.0, NULL);
        TwinEntity *film = add (&net, net.root, "convection", "Film", "heat_transfer_coefficient", 8.0, "area", 3.0, NULL);
        TwinEntity *glow = add (&net, net.root, "radiation", "Glow", "emissivity", 0.8, "area", 2.0, "view_factor", 0.5, NULL);

        wire (net.root, body[0], "heat", chord, "a");
        wire (net.root, chord, "b", body[3], "heat");
        wire (net.root, body[1], "heat", film, "a");
        wire (net.root, film, "b", body[4], "heat");
        wire (net.root, body[4], "heat", glow, "a");
        wire (net.root, glow, "b", body[2], "heat");
      }

      model = twin_sim_model_compile (net.root, net.values, NULL, 0, &error);
      g_assert_no_error (error);
      for (guint k = 0; k < N_BODIES; k++)
        {
          index[k] = twin_sim_model_find_variable (model, watched[k]);
          g_assert_cmpint (index[k], >=, 0);
          g_assert_cmpstr (twin_sim_model_get_variable (model, index[k])->unit, ==, units[k]);
        }
      x = g_new0 (double, twin_sim_model_get_n_states (model));
      values = g_new0 (double, twin_sim_model_get_n_variables (model));
      twin_sim_model_get_initial_state (model, x);
      twin_sim_model_reset (model);
      g_assert_true (twin_sim_model_eval_variables (model, 0.0, x, values, &error));
      for (guint k = 0; k < N_BODIES; k++)
        {
          energy0 += body_capacity[k] * (values[index[k]] + 273.15);
          spread0 = MAX (spread0, fabs (values[index[k]] - values[index[0]]));
        }

      twin_sim_solver_settings_init (&settings);
      settings.method = methods[m];
      /* Six hours: the temperatures are still far apart at the end. */
      settings.t1_s = 6 * 3600.0;
      settings.output_interval_s = 600.0;
      g_assert_true (twin_sim_solve (twin_sim_model_get_system (model), &settings, x, NULL, NULL, NULL, &report, &error));
      g_assert_no_error (error);
      g_assert_true (twin_sim_model_eval_variables (model, settings.t1_s, x, values, &error));
      for (guint k = 0; k < N_BODIES; k++)
        {
          energy1 += body_capacity[k] * (values[index[k]] + 273.15);
          spread1 = MAX (spread1, fabs (values[index[k]] - values[index[0]]));
        }
      g_test_message ("closed network with %s: relative energy change %.3g, spread %.3g K → %.3g K",
                      twin_sim_method_to_string (report.method), fabs (energy1 - energy0) / energy0, spread0, spread1);
      /* Tolerance 1e-9 relative: every method here keeps linear invariants up to
       * rounding, whatever its truncation error. The temperatures did move
       * towards each other (the network is not frozen). */
      g_assert_cmpfloat (fabs (energy1 - energy0) / energy0, <=, 1e-9);
      g_assert_cmpfloat (spread1, <, 0.5 * spread0);
      twin_sim_solve_report_clear (&report);
      net_clear (&net);
    }
}

/* Robertson's stiff chemical kinetics, written directly as a TwinSimSystem. */
static int
robertson_rhs (double t, const double *y, double *dydt, gpointer user_data)
{
  dydt[0] = -0.04 * y[0] + 1e4 * y[1] * y[2];
  dydt[1] = 0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] * y[1];
  dydt[2] = 3e7 * y[1] * y[1];
  return TWIN_SIM_OK;
}

/* Dense, column by column. */
static int
robertson_jacobian (double t, const double *y, const double *fy, double *values, gpointer user_data)
{
  values[0] = -0.04;
  values[1] = 0.04;
  values[2] = 0.0;
  values[3] = 1e4 * y[2];
  values[4] = -1e4 * y[2] - 6e7 * y[1];
  values[5] = 6e7 * y[1];
  values[6] = 1e4 * y[1];
  values[7] = -1e4 * y[1];
  values[8] = 0.0;
  return TWIN_SIM_OK;
}

static char *
robertson_state_name (guint index, gpointer user_data)
{
  return g_strdup_printf ("y%u", index + 1);
}

static void
test_robertson (void)
{
  /* y(1e11) from the IVP test set (RADAU5 in extended precision). */
  const double        reference[3] = { 0.2083340149701255e-7, 0.8333360770334713e-13, 0.9999999791665050 };
  const TwinSimMethod stiff[] = { TWIN_SIM_METHOD_AUTO, TWIN_SIM_METHOD_MSBDF, TWIN_SIM_METHOD_BSIMP,
                                  TWIN_SIM_METHOD_CVODE_BAND, TWIN_SIM_METHOD_CVODE_KLU };
  g_autoptr (TwinSimSparsity) dense = twin_sim_sparsity_new_dense (3);

  for (guint analytic = 0; analytic < 2; analytic++)
    for (guint m = 0; m < G_N_ELEMENTS (stiff); m++)
      {
        TwinSimSystem system = {
          .n_states = 3,
          .rhs = robertson_rhs,
          .jacobian = analytic ? robertson_jacobian : NULL,
          .sparsity = dense,
          .dup_state_name = robertson_state_name,
        };
        TwinSimSolverSettings settings;
        TwinSimSolveReport    report = { 0 };
        g_autoptr (GError) error = NULL;
        double y[3] = { 1.0, 0.0, 0.0 };
        double e[3];

        twin_sim_solver_settings_init (&settings);
        settings.method = stiff[m];
        settings.rtol = 1e-8;
        settings.atol = 1e-20;
        settings.t1_s = 1e11;
        settings.output_interval_s = 1e10;
        g_assert_true (twin_sim_solve (&system, &settings, y, NULL, NULL, NULL, &report, &error));
        g_assert_no_error (error);
        for (guint k = 0; k < 3; k++)
          e[k] = fabs (y[k] - reference[k]) / reference[k];
        g_test_message ("Robertson with %s (%s Jacobian): relative errors %.3g %.3g %.3g, %" G_GUINT64_FORMAT " steps",
                        twin_sim_method_to_string (report.method), analytic ? "analytic" : "finite-difference", e[0],
                        e[1], e[2], report.n_steps);
        /* Tolerances, relative to the reference: 1e-4 on y1 and y2 (both tiny at
         * t = 1e11, where only a stiff solver with a tight tolerance gets them
         * right), 1e-12 on y3; the total y1 + y2 + y3 = 1 is a linear invariant,
         * kept to 1e-12. A stiff solver must do it in few steps. */
        g_assert_cmpfloat (e[0], <=, 1e-4);
        g_assert_cmpfloat (e[1], <=, 1e-4);
        g_assert_cmpfloat (e[2], <=, 1e-12);
        g_assert_cmpfloat (fabs (y[0] + y[1] + y[2] - 1.0), <=, 1e-12);
        g_assert_cmpuint (report.n_steps, <, 100000);
        twin_sim_solve_report_clear (&report);
      }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/sim/validation/rc-charging", test_rc_charging);
  g_test_add_func ("/core/sim/validation/two-thermal-masses", test_two_masses);
  g_test_add_func ("/core/sim/validation/mass-spring-damper", test_mass_spring_damper);
  g_test_add_func ("/core/sim/validation/tank-torricelli", test_tank_draining);
  g_test_add_func ("/core/sim/validation/pi-step-response", test_pid_step);
  g_test_add_func ("/core/sim/validation/hysteresis-thermostat", test_hysteresis_thermostat);
  g_test_add_func ("/core/sim/validation/closed-network-energy", test_energy_balance);
  g_test_add_func ("/core/sim/validation/robertson", test_robertson);
  return g_test_run ();
}
