/* bench-sim.c: how fast Twin Studio simulates a large thermal network, against hand-written CVODE+KLU and SciPy.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The network of bench-sim-network.h (a grid of heat capacities with random
 * conductances, long-range links, an outdoor boundary and heaters; seeded) is
 * built as a Twin Studio model: one thermal_capacitance per node, one
 * thermal_conductance per link, a fixed_temperature driven by the sum of two
 * sine blocks for the outdoor air, a heat_source per heater, all joined by
 * connections. It is compiled by twin_sim_model_compile() and integrated by
 * twin_sim_solve() with CVODE and KLU for one simulated year, with output
 * every 15 minutes and the chosen node temperatures kept in memory (a run
 * with chosen outputs and no stored states).
 *
 * In the same run and on the same network: bench-sim-cvode, a hand-written
 * program with plain CVODE+KLU (AMD ordering) and the exact Jacobian, and
 * bench_sim_scipy.py, SciPy's BDF with the sparse Jacobian. Printed: the
 * times, ours / CVODE (goal <= 1.3), ours / SciPy (goal < 1), our peak memory
 * (getrusage), and the largest difference of the final temperatures between
 * the programs (the same equations must give the same answer).
 *
 * The office example (data/examples/office-building.json: rooms, facades with
 * their mass, hysteresis thermostats, some 66,000 switches a year) over one year,
 * with the benchmark's outdoor sine as its outside air, against a hand-written
 * GSL program of the same equations (the office's numbers read from the file,
 * the equations and joins written out as make-examples.py draws them, msbdf
 * with the exact Jacobian, each switch found by regula falsi to 1 µs). The
 * ratio is of CPU time; the rooms' yearly mean temperatures must agree.
 *
 *   bench-sim [N-SIDE|office…]   default: 32 (1,024 nodes), office, 100 (10,000 nodes)
 *
 * TWIN_BENCH_SIM_QUICK=1 leaves out the 10,000-node network.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include <math.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-sim-network.h"
#include "twin-core.h"
#include "twin-test-util.h"

#include "model/twin-entity-type.h"
#include "sim/twin-sim-model.h"
#include "sim/twin-sim-solver.h"

#define RTOL 1e-6
#define ATOL 1e-8

static double
now_s (void)
{
  return (double) g_get_monotonic_time () / G_USEC_PER_SEC;
}

/* CPU time of this process: the ratios on a loaded machine. */
static double
cpu_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* A component with every parameter of its type, those named in @names set to @values (in the
 * parameter's unit). Built directly rather than through a TwinModel: 40,000 entities. */
static TwinEntity *
component (TwinEntity        *parent,
           const char        *type_name,
           const char        *name,
           const char *const *names,
           const double      *values)
{
  const TwinEntityType *type = twin_entity_type_lookup (type_name);
  TwinEntity           *entity = twin_entity_new (NULL, type_name, name);

  g_assert (type != NULL);
  for (guint i = 0; i < type->n_parameters; i++)
    {
      const TwinParameterSpec *spec = &type->parameters[i];
      g_autoptr (TwinParameter) parameter = NULL;
      double value = spec->value;

      for (guint k = 0; names != NULL && names[k] != NULL; k++)
        if (g_str_equal (names[k], spec->name))
          value = values[k];
      switch (spec->kind)
        {
        case TWIN_VALUE_NUMBER:
          parameter = twin_parameter_new_number (spec->name, value, spec->unit, spec->minimum, spec->maximum);
          break;
        case TWIN_VALUE_INTEGER:
          parameter = twin_parameter_new_integer (spec->name, (gint64) value, spec->unit, spec->minimum, spec->maximum);
          break;
        case TWIN_VALUE_BOOLEAN:
          parameter = twin_parameter_new_boolean (spec->name, value != 0);
          break;
        case TWIN_VALUE_STRING:
        default:
          parameter = twin_parameter_new_string (spec->name, spec->text != NULL ? spec->text : "");
          break;
        }
      twin_entity_add_parameter (entity, parameter);
    }
  twin_entity_append_child (parent, entity);
  g_object_unref (entity); /* the parent holds it */
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

static TwinEntity *
build_model (const Network *net)
{
  TwinEntity             *root = twin_entity_new (NULL, "system", "Network");
  g_autofree TwinEntity **node = g_new (TwinEntity *, net->n_nodes);
  TwinEntity             *outdoor, *year, *day, *sum;

  for (int i = 0; i < net->n_nodes; i++)
    {
      g_autofree char  *name = g_strdup_printf ("N%d", i);
      const char *const names[] = { "heat_capacity", "initial_temperature", NULL };
      double            values[] = { net->capacity_j_k[i], net->initial_c[i] };

      node[i] = component (root, "thermal_capacitance", name, names, values);
    }
  {
    const char *const year_names[] = { "amplitude", "frequency", "phase", "offset", NULL };
    double            year_values[] = { 10.0, 1.0 / NETWORK_YEAR_S, NETWORK_PHASE_YEAR_DEG, 10.0 };
    double            day_values[] = { 4.0, 1.0 / NETWORK_DAY_S, NETWORK_PHASE_DAY_DEG, 0.0 };

    outdoor = component (root, "fixed_temperature", "Outdoor", NULL, NULL);
    year = component (root, "sine", "Yearly", year_names, year_values);
    day = component (root, "sine", "Daily", year_names, day_values);
    sum = component (root, "sum", "Outdoor Temperature", NULL, NULL);
    wire (root, year, "out", sum, "in1");
    wire (root, day, "out", sum, "in2");
    wire (root, sum, "out", outdoor, "temperature");
  }
  for (int k = 0; k < net->n_links; k++)
    {
      const NetworkLink *l = &net->links[k];
      g_autofree char   *name = g_strdup_printf ("L%d", k);
      const char *const  names[] = { "conductance", NULL };
      TwinEntity        *link = component (root, "thermal_conductance", name, names, &l->g_w_k);

      wire (root, node[l->a], "heat", link, "a");
      if (l->b >= 0)
        wire (root, link, "b", node[l->b], "heat");
      else
        wire (root, link, "b", outdoor, "heat");
    }
  for (int i = 0; i < net->n_nodes; i++)
    if (net->heat_w[i] != 0)
      {
        g_autofree char  *name = g_strdup_printf ("H%d", i);
        const char *const names[] = { "heat_flow", NULL };
        TwinEntity       *heater = component (root, "heat_source", name, names, &net->heat_w[i]);

        wire (root, heater, "heat", node[i], "heat");
      }
  return root;
}

typedef struct
{
  guint   state[NETWORK_N_CHOSEN];
  double *kept;
  guint   n_kept;
} Kept;

static gboolean
keep_output (double t_s, const double *x, gpointer user_data)
{
  Kept *kept = user_data;

  for (guint k = 0; k < NETWORK_N_CHOSEN; k++)
    kept->kept[kept->n_kept * NETWORK_N_CHOSEN + k] = x[kept->state[k]] - 273.15;
  kept->n_kept++;
  return TRUE;
}

/* Reads "key=value" pairs of a program's output line. */
static double
field (const char *line, const char *key)
{
  g_autofree char *pattern = g_strdup_printf (" %s=", key);
  g_autofree char *padded = g_strconcat (" ", line, NULL);
  const char      *found = strstr (padded, pattern);

  return found != NULL ? g_ascii_strtod (found + strlen (pattern), NULL) : NAN;
}

static char *
run_program (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int              status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error))
    {
      g_print ("  could not run %s: %s\n", argv[0], error->message);
      return NULL;
    }
  if (!g_spawn_check_wait_status (status, &error))
    {
      g_print ("  %s failed: %s\n%s", argv[0], error->message, err != NULL ? err : "");
      return NULL;
    }
  return g_strdup (g_strstrip (out));
}

static double
max_final_difference (const double *ours, const char *line)
{
  double worst = 0;

  for (guint k = 0; k < NETWORK_N_CHOSEN; k++)
    {
      g_autofree char *key = g_strdup_printf ("final%u", k);

      worst = MAX (worst, fabs (ours[k] - field (line, key)));
    }
  return worst;
}

static void
bench_network (int n_side)
{
  Network net;
  g_autoptr (TwinEntity) root = NULL;
  g_autoptr (TwinSimModel) model = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree double    *x = NULL;
  g_autofree char      *network_path = NULL;
  g_autofree char      *side_text = g_strdup_printf ("%d", n_side);
  g_autofree char      *cvode_line = NULL;
  g_autofree char      *scipy_line = NULL;
  const TwinSimSystem  *system;
  TwinSimSolverSettings settings;
  TwinSimSolveReport    report = { 0 };
  Kept                  kept = { { 0 } };
  struct rusage         usage;
  double                t_build, t_compile, t_solve, cpu_solve, cvode_s, scipy_s;
  guint                 n_outputs = (guint) llround (NETWORK_YEAR_S / NETWORK_OUTPUT_S) + 1;

  network_init (&net, n_side);
  g_print ("Network of %d nodes, %d links, one year at 15-minute output:\n", net.n_nodes, net.n_links);

  t_build = now_s ();
  root = build_model (&net);
  t_build = now_s () - t_build;
  t_compile = now_s ();
  model = twin_sim_model_compile (root, NULL, NULL, 0, &error);
  t_compile = now_s () - t_compile;
  if (model == NULL)
    g_error ("The network does not compile: %s", error->message);
  system = twin_sim_model_get_system (model);
  {
    g_autofree char *summary = twin_sim_model_dup_summary (model);

    g_print ("  model: %u entities built in %.2f s, compiled in %.2f s: %s; analytic Jacobian: %s\n",
             twin_entity_count_subtree (root), t_build, t_compile, summary,
             twin_sim_model_has_analytic_jacobian (model) ? "yes" : "no");
  }

  /* The chosen outputs are states: find them by name once, as a run does. */
  for (guint k = 0; k < NETWORK_N_CHOSEN; k++)
    {
      g_autofree char *wanted = g_strdup_printf ("Network/N%d.T", net.chosen[k]);
      gboolean         found = FALSE;

      for (guint i = 0; i < system->n_states && !found; i++)
        {
          g_autofree char *name = system->dup_state_name (i, system->user_data);

          if (g_str_equal (name, wanted))
            {
              kept.state[k] = i;
              found = TRUE;
            }
        }
      if (!found)
        g_error ("No state named %s.", wanted);
    }
  kept.kept = g_new (double, (gsize) n_outputs *NETWORK_N_CHOSEN);

  x = g_new (double, system->n_states);
  twin_sim_model_get_initial_state (model, x);
  twin_sim_model_reset (model);
  twin_sim_solver_settings_init (&settings);
  settings.method = TWIN_SIM_METHOD_CVODE_KLU;
  settings.rtol = RTOL;
  settings.atol = ATOL;
  settings.t0_s = 0;
  settings.t1_s = NETWORK_YEAR_S;
  settings.output_interval_s = NETWORK_OUTPUT_S;
  t_solve = now_s ();
  cpu_solve = cpu_s ();
  if (!twin_sim_solve (system, &settings, x, keep_output, &kept, NULL, &report, &error))
    g_error ("The network's run failed: %s", error->message);
  t_solve = now_s () - t_solve;
  cpu_solve = cpu_s () - cpu_solve;
  getrusage (RUSAGE_SELF, &usage);
  g_print ("  Twin Studio (%s): %.2f s (CPU %.2f s), %" G_GUINT64_FORMAT " steps, %" G_GUINT64_FORMAT " rhs, %" G_GUINT64_FORMAT
           " Jacobians, %u outputs; peak memory %.0f MB\n",
           twin_sim_method_to_string (report.method), t_solve, cpu_solve, report.n_steps, report.n_rhs, report.n_jacobian,
           kept.n_kept, usage.ru_maxrss / 1024.0);
  g_assert (kept.n_kept == n_outputs);

  /* The same network for the other two programs. */
  network_path = twin_test_tmp_path ("bench-sim-network.txt");
  if (network_write (&net, network_path) != 0)
    g_error ("Cannot write %s.", network_path);

  {
    const char *argv[] = { BENCH_SIM_CVODE, side_text, NULL };

    cvode_line = run_program (argv);
  }
  cvode_s = cvode_line != NULL ? field (cvode_line, "seconds") : NAN;
  if (cvode_line != NULL)
    g_print ("  hand-written CVODE+KLU (AMD): %.2f s (CPU %.2f s), %.0f steps, %.0f rhs, peak memory %.0f MB\n"
             "    ours / CVODE = %.2f, CPU %.2f (goal <= 1.3); largest final difference %.2g K\n",
             cvode_s,
             field (cvode_line, "cpu_seconds"), field (cvode_line, "steps"), field (cvode_line, "rhs"),
             field (cvode_line, "maxrss_kb") / 1024.0, t_solve / cvode_s, cpu_solve / field (cvode_line, "cpu_seconds"),
             max_final_difference (&kept.kept[(n_outputs - 1) * NETWORK_N_CHOSEN], cvode_line));

  {
    /* Debian's python3-scipy is for the system's interpreter, whatever else PATH finds first. */
    const char *python = g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE) ? "/usr/bin/python3" : "python3";
    const char *argv[] = { python, BENCH_SIM_SCIPY, network_path, NULL };

    scipy_line = run_program (argv);
  }
  if (scipy_line != NULL && g_str_has_prefix (scipy_line, "skipped="))
    g_print ("  SciPy: skipped (%s); `./dev bench` installs python3-scipy\n", scipy_line + strlen ("skipped="));
  else if (scipy_line != NULL)
    {
      scipy_s = field (scipy_line, "seconds");
      g_print ("  SciPy BDF, sparse Jacobian: %.2f s (CPU %.2f s), %.0f steps, %.0f rhs\n"
               "    ours / SciPy = %.2f, CPU %.2f (goal < 1); largest final difference %.2g K\n",
               scipy_s, field (scipy_line, "cpu_seconds"), field (scipy_line, "steps"), field (scipy_line, "rhs"),
               t_solve / scipy_s, cpu_solve / field (scipy_line, "cpu_seconds"),
               max_final_difference (&kept.kept[(n_outputs - 1) * NETWORK_N_CHOSEN], scipy_line));
    }

  g_unlink (network_path);
  twin_sim_solve_report_clear (&report);
  g_free (kept.kept);
  network_clear (&net);
}

/* The office example over a year, against a hand-written GSL program of its equations. */

#define OFFICE_MAX_ROOMS 16
#define OFFICE_MAX_FLOORS 4

typedef struct
{
  /* Rooms' air (first n_rooms states) and facade masses (next n_rooms), K. */
  int      n_rooms;
  int      n_floors;
  int      floor_of[OFFICE_MAX_ROOMS];
  double   capacity[2 * OFFICE_MAX_ROOMS];
  double   gain_w[OFFICE_MAX_ROOMS];       /* people, lights, servers: always on */
  double   heater_w[OFFICE_MAX_ROOMS];     /* all heaters at full command */
  double   g_facade_in[OFFICE_MAX_ROOMS];  /* air – facade mass */
  double   g_facade_out[OFFICE_MAX_ROOMS]; /* facade mass – exterior film node */
  double   g_outside[OFFICE_MAX_ROOMS];    /* windows, leaks and fans: air – outside */
  double   g_wall_left[OFFICE_MAX_ROOMS];  /* inner wall to the previous room of the floor, or 0 */
  double   g_film[OFFICE_MAX_FLOORS];      /* exterior film: film node – outside */
  gboolean has_thermostat[OFFICE_MAX_ROOMS];
  double   lower_k[OFFICE_MAX_ROOMS], upper_k[OFFICE_MAX_ROOMS];
  double   out_low[OFFICE_MAX_ROOMS], out_high[OFFICE_MAX_ROOMS];
  gboolean high[OFFICE_MAX_ROOMS];
  double   initial_k[2 * OFFICE_MAX_ROOMS];
  guint64  n_rhs;
} Office;

static double
si_of (TwinEntity *entity, const char *name)
{
  TwinParameter *parameter = entity != NULL ? twin_entity_get_parameter (entity, name) : NULL;
  TwinUnit       unit;
  double         value;

  if (parameter == NULL)
    g_error ("The office example has no parameter %s.", name);
  value = twin_parameter_get_kind (parameter) == TWIN_VALUE_INTEGER ? (double) twin_parameter_get_integer (parameter)
                                                                    : twin_parameter_get_number (parameter);
  if (twin_parameter_get_unit (parameter) == NULL)
    return value;
  if (!twin_unit_parse (twin_parameter_get_unit (parameter), &unit, NULL))
    g_error ("Unknown unit %s.", twin_parameter_get_unit (parameter));
  return twin_unit_to_si (&unit, value);
}

/* The part "PREFIX ROOM" of a floor (Facade Mass Office 1.01). */
static TwinEntity *
child_named (TwinEntity *parent, const char *prefix, const char *room)
{
  g_autofree char *name = g_strconcat (prefix, " ", room, NULL);

  return twin_entity_find_child (parent, name);
}

/* Reads the office's numbers; the equations and the way its parts are joined are written below
 * by hand, as data/examples/make-examples.py draws them. */
static void
office_init (Office *o, TwinEntity *root)
{
  memset (o, 0, sizeof *o);
  for (guint f = 0; f < twin_entity_get_n_children (root); f++)
    {
      TwinEntity *floor = twin_entity_get_child (root, f);
      const char *left = NULL;

      if (!g_str_equal (twin_entity_get_type_name (floor), "floor"))
        continue;
      {
        TwinEntity *film = twin_entity_find_child (floor, "Exterior Film");

        o->g_film[o->n_floors] = si_of (film, "heat_transfer_coefficient") * si_of (film, "area");
      }
      for (guint r = 0; r < twin_entity_get_n_children (floor); r++)
        {
          TwinEntity *room = twin_entity_get_child (floor, r);
          const char *name = twin_entity_get_name (room);
          int         k = o->n_rooms;
          double      heat_w = 0;

          if (!g_str_equal (twin_entity_get_type_name (room), "room"))
            continue;
          g_assert (k < OFFICE_MAX_ROOMS);
          o->floor_of[k] = o->n_floors;
          o->capacity[k] = 1.2 * 1005.0 * si_of (room, "volume") * si_of (room, "capacity_factor");
          o->initial_k[k] = si_of (room, "initial_temperature");
          o->gain_w[k] = 80.0 * si_of (room, "occupancy");
          o->capacity[OFFICE_MAX_ROOMS + k] = si_of (child_named (floor, "Facade Mass", name), "heat_capacity");
          o->initial_k[OFFICE_MAX_ROOMS + k] = si_of (child_named (floor, "Facade Mass", name), "initial_temperature");
          o->g_facade_in[k] = si_of (child_named (floor, "Facade", name), "conductance");
          o->g_facade_out[k] = si_of (child_named (floor, "Facade Outer", name), "conductance");
          o->g_outside[k] = si_of (child_named (floor, "Windows and Leaks", name), "conductance");
          if (left != NULL)
            {
              g_autofree char *wall = g_strdup_printf ("Wall %s | %s", left, name);

              o->g_wall_left[k] = si_of (twin_entity_find_child (floor, wall), "conductance");
            }
          for (guint c = 0; c < twin_entity_get_n_children (room); c++)
            {
              TwinEntity *part = twin_entity_get_child (room, c);
              const char *type = twin_entity_get_type_name (part);

              if (g_str_equal (type, "heater"))
                heat_w += si_of (part, "heating_power") * si_of (part, "efficiency");
              else if (g_str_equal (type, "lamp"))
                o->gain_w[k] += si_of (part, "power");
              else if (g_str_equal (type, "heat_source"))
                o->gain_w[k] += si_of (part, "heat_flow");
              else if (g_str_equal (type, "ventilation"))
                o->g_outside[k] += 1.2 * 1005.0 * si_of (part, "air_flow") * (1.0 - si_of (part, "recovery_efficiency"));
              else if (g_str_equal (type, "hysteresis"))
                {
                  o->has_thermostat[k] = TRUE;
                  /* Thresholds compare with the sensor's °C reading. */
                  o->lower_k[k] = si_of (part, "lower") + 273.15;
                  o->upper_k[k] = si_of (part, "upper") + 273.15;
                  o->out_low[k] = si_of (part, "output_low");
                  o->out_high[k] = si_of (part, "output_high");
                  o->high[k] = twin_parameter_get_boolean (twin_entity_get_parameter (part, "initially_high"));
                }
            }
          o->heater_w[k] = heat_w;
          if (o->has_thermostat[k] && o->initial_k[k] > o->upper_k[k])
            o->high[k] = TRUE;
          else if (o->has_thermostat[k] && o->initial_k[k] < o->lower_k[k])
            o->high[k] = FALSE;
          left = name;
          o->n_rooms++;
        }
      o->n_floors++;
    }
}

/* States: x[0..n) rooms' air, x[n..2n) facade masses. The exterior film node of each floor
 * has no capacity: its temperature balances the facades' flows against the film's. */
static int
office_rhs (double t, const double *x, double *dxdt, void *user_data)
{
  Office *o = user_data;
  int     n = o->n_rooms;
  double  outside = network_outdoor_c (t) + 273.15;
  double  film_num[OFFICE_MAX_FLOORS], film_den[OFFICE_MAX_FLOORS], film[OFFICE_MAX_FLOORS];

  o->n_rhs++;
  for (int f = 0; f < o->n_floors; f++)
    {
      film_num[f] = o->g_film[f] * outside;
      film_den[f] = o->g_film[f];
    }
  for (int k = 0; k < n; k++)
    {
      film_num[o->floor_of[k]] += o->g_facade_out[k] * x[n + k];
      film_den[o->floor_of[k]] += o->g_facade_out[k];
    }
  for (int f = 0; f < o->n_floors; f++)
    film[f] = film_num[f] / film_den[f];
  for (int k = 0; k < n; k++)
    {
      double command = o->has_thermostat[k] ? (o->high[k] ? o->out_high[k] : o->out_low[k]) : 1.0;
      double to_mass = o->g_facade_in[k] * (x[k] - x[n + k]);
      double q = o->gain_w[k] + o->heater_w[k] * CLAMP (command, 0.0, 1.0) - to_mass - o->g_outside[k] * (x[k] - outside);

      if (o->g_wall_left[k] > 0)
        q -= o->g_wall_left[k] * (x[k] - x[k - 1]);
      if (k + 1 < n && o->g_wall_left[k + 1] > 0)
        q -= o->g_wall_left[k + 1] * (x[k] - x[k + 1]);
      dxdt[k] = q / o->capacity[k];
      dxdt[n + k] = (to_mass - o->g_facade_out[k] * (x[n + k] - film[o->floor_of[k]])) / o->capacity[OFFICE_MAX_ROOMS + k];
    }
  return GSL_SUCCESS;
}

/* The network is linear with a constant Jacobian: columns from unit steps, exact. */
static int
office_jacobian (double t, const double *x, double *dfdx, double *dfdt, void *user_data)
{
  Office *o = user_data;
  int     m = 2 * o->n_rooms;
  double  zero[2 * OFFICE_MAX_ROOMS] = { 0 }, f0[2 * OFFICE_MAX_ROOMS], f1[2 * OFFICE_MAX_ROOMS], e[2 * OFFICE_MAX_ROOMS];
  double  h = 1.0;

  office_rhs (t, zero, f0, o);
  for (int j = 0; j < m; j++)
    {
      memset (e, 0, sizeof e);
      e[j] = 1.0;
      office_rhs (t, e, f1, o);
      for (int i = 0; i < m; i++)
        dfdx[i * m + j] = f1[i] - f0[i];
    }
  office_rhs (t + h, x, f1, o);
  office_rhs (t - h, x, f0, o);
  for (int i = 0; i < m; i++)
    dfdt[i] = (f1[i] - f0[i]) / (2 * h);
  return GSL_SUCCESS;
}

/* The thermostat of room k: negative until it switches. */
static double
office_event (const Office *o, int k, const double *x)
{
  return o->high[k] ? o->lower_k[k] - x[k] : x[k] - o->upper_k[k];
}

/* Integrates from (t, y) to @t1 with a fresh stepper. */
static void
office_advance (gsl_odeiv2_evolve *evolve, gsl_odeiv2_control *control, gsl_odeiv2_step *step, gsl_odeiv2_system *sys, double *t, double t1, double *h, double *y)
{
  gsl_odeiv2_evolve_reset (evolve);
  gsl_odeiv2_step_reset (step);
  *h = MAX (*h, 1e-3);
  while (*t < t1)
    {
      int status = gsl_odeiv2_evolve_apply (evolve, control, step, sys, t, t1, h, y);

      if (status != GSL_SUCCESS)
        g_error ("The hand-written office run failed at t = %g s (to %g s, h %g s): %s.", *t, t1, *h, gsl_strerror (status));
    }
}

/* Hand-written GSL msbdf with the exact Jacobian; a thermostat switch is found by regula falsi
 * (Illinois) on re-integrations from the step's start, to 1e-6 s, then the stepper restarts. */
static double
office_run_gsl (Office *o, double t1, double *kept, guint64 *n_steps, guint64 *n_events)
{
  int                 m = 2 * o->n_rooms;
  gsl_odeiv2_system   sys = { office_rhs, office_jacobian, (size_t) m, o };
  /* The driver only ties the stepper to its control (msbdf needs it); stepping is done here. */
  gsl_odeiv2_driver  *driver = gsl_odeiv2_driver_alloc_y_new (&sys, gsl_odeiv2_step_msbdf, 1.0, 1e-6, 1e-6);
  gsl_odeiv2_step    *step = driver->s;
  gsl_odeiv2_control *control = driver->c;
  gsl_odeiv2_evolve  *evolve = driver->e;
  double              y[2 * OFFICE_MAX_ROOMS], y_prev[2 * OFFICE_MAX_ROOMS], y_try[2 * OFFICE_MAX_ROOMS];
  double              t = 0, h = 1.0, start = cpu_s ();
  guint               n_out = 0;

  for (int k = 0; k < o->n_rooms; k++)
    {
      y[k] = o->initial_k[k];
      y[o->n_rooms + k] = o->initial_k[OFFICE_MAX_ROOMS + k];
    }
  for (int k = 0; k < o->n_rooms; k++)
    kept[k] = y[k] - 273.15;
  n_out = 1;
  while (t < t1)
    {
      double t_out = MIN (n_out * NETWORK_OUTPUT_S, t1);
      double t_prev = t;
      int    fired = -1;

      memcpy (y_prev, y, sizeof (double) * m);
      {
        int status = gsl_odeiv2_evolve_apply (evolve, control, step, &sys, &t, t_out, &h, y);

        if (status != GSL_SUCCESS)
          g_error ("The hand-written office run failed at t = %g s: %s.", t, gsl_strerror (status));
      }
      (*n_steps)++;
      {
        double first = INFINITY;

        for (int k = 0; k < o->n_rooms; k++)
          if (o->has_thermostat[k] && office_event (o, k, y) >= 0)
            {
              /* The earliest by linear interpolation. */
              double g0 = office_event (o, k, y_prev), g1 = office_event (o, k, y);
              double te = t_prev + (t - t_prev) * (-g0) / (g1 - g0);

              if (te < first)
                {
                  first = te;
                  fired = k;
                }
            }
      }
      if (fired >= 0)
        {
          double a = t_prev, b = t, ga = office_event (o, fired, y_prev), gb = office_event (o, fired, y);
          int    side = 0;

          while (b - a > 1e-6)
            {
              double tm = (a * gb - b * ga) / (gb - ga);
              double tt = t_prev, hh = MIN (h, tm - t_prev);
              double gm;

              tm = CLAMP (tm, a + 0.01 * (b - a), b - 0.01 * (b - a));
              memcpy (y_try, y_prev, sizeof (double) * m);
              office_advance (evolve, control, step, &sys, &tt, tm, &hh, y_try);
              gm = office_event (o, fired, y_try);
              if (gm >= 0)
                {
                  b = tm;
                  gb = gm;
                  memcpy (y, y_try, sizeof (double) * m);
                  if (side == 1)
                    ga /= 2;
                  side = 1;
                }
              else
                {
                  a = tm;
                  ga = gm;
                  if (side == -1)
                    gb /= 2;
                  side = -1;
                }
              if (fabs (gm) < 1e-9)
                break;
            }
          /* Restart at the switch (y holds the state at b, where the event has fired). */
          if (b < t)
            {
              double tt = t_prev, hh = MIN (h, b - t_prev);

              memcpy (y, y_prev, sizeof (double) * m);
              office_advance (evolve, control, step, &sys, &tt, b, &hh, y);
            }
          t = b;
          o->high[fired] = !o->high[fired];
          (*n_events)++;
          gsl_odeiv2_evolve_reset (evolve);
          gsl_odeiv2_step_reset (step);
          h = 1.0;
        }
      if (t >= t_out)
        {
          for (int k = 0; k < o->n_rooms; k++)
            kept[n_out * o->n_rooms + k] = y[k] - 273.15;
          n_out++;
        }
    }
  gsl_odeiv2_driver_free (driver);
  return cpu_s () - start;
}

static double
office_outdoor (double t_s, gpointer user_data)
{
  return network_outdoor_c (t_s);
}

static void
bench_office (void)
{
  g_autoptr (GFile) file = g_file_new_for_path (BENCH_SIM_OFFICE);
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinEntity) root = twin_model_json_from_file (file, &error);
  g_autoptr (TwinSimModel) model = NULL;
  g_autofree double    *x = NULL;
  g_autofree double    *kept_gsl = NULL;
  const TwinSimSystem  *system;
  TwinSimBinding        binding = { "Office Building/Outside Air.temperature", office_outdoor, NULL, NULL };
  TwinSimSolverSettings settings;
  TwinSimSolveReport    report = { 0 };
  Office                office;
  Kept                  kept = { { 0 } };
  guint                 n_outputs = (guint) llround (NETWORK_YEAR_S / NETWORK_OUTPUT_S) + 1;
  guint64               gsl_steps = 0, gsl_events = 0;
  double                ours_s, ours_wall, gsl_s, worst = 0;

  if (root == NULL)
    g_error ("Cannot read the office example: %s", error->message);
  g_print ("The office example, one year at 15-minute output (outside air: the benchmark's sine):\n");
  office_init (&office, root);
  model = twin_sim_model_compile (root, NULL, &binding, 1, &error);
  if (model == NULL)
    g_error ("The office example does not compile: %s", error->message);
  system = twin_sim_model_get_system (model);
  g_assert ((int) system->n_states == 2 * office.n_rooms);
  {
    int k = 0;

    for (guint f = 0; f < twin_entity_get_n_children (root); f++)
      {
        TwinEntity *floor = twin_entity_get_child (root, f);

        for (guint r = 0; r < twin_entity_get_n_children (floor); r++)
          {
            TwinEntity      *room = twin_entity_get_child (floor, r);
            g_autofree char *path = NULL;
            g_autofree char *wanted = NULL;

            if (!g_str_equal (twin_entity_get_type_name (room), "room"))
              continue;
            path = twin_entity_dup_path (room);
            wanted = g_strdup_printf ("%s.T", path);
            for (guint i = 0; i < system->n_states; i++)
              {
                g_autofree char *name = system->dup_state_name (i, system->user_data);

                if (g_str_equal (name, wanted))
                  kept.state[k] = i;
              }
            k++;
          }
      }
    g_assert (k <= NETWORK_N_CHOSEN);
  }
  kept.kept = g_new (double, (gsize) n_outputs *NETWORK_N_CHOSEN);
  x = g_new (double, system->n_states);
  twin_sim_model_get_initial_state (model, x);
  twin_sim_model_reset (model);
  twin_sim_solver_settings_init (&settings);
  settings.rtol = 1e-6;
  settings.atol = 1e-6;
  settings.t1_s = NETWORK_YEAR_S;
  settings.output_interval_s = NETWORK_OUTPUT_S;
  ours_wall = now_s ();
  ours_s = cpu_s ();
  if (!twin_sim_solve (system, &settings, x, keep_output, &kept, NULL, &report, &error))
    g_error ("The office run failed: %s", error->message);
  ours_s = cpu_s () - ours_s;
  ours_wall = now_s () - ours_wall;
  g_print ("  Twin Studio (%s): %.2f s (CPU %.2f s), %" G_GUINT64_FORMAT " steps, %" G_GUINT64_FORMAT " rhs, %" G_GUINT64_FORMAT
           " Jacobians, %" G_GUINT64_FORMAT " events\n",
           twin_sim_method_to_string (report.method), ours_wall, ours_s, report.n_steps, report.n_rhs, report.n_jacobian,
           report.n_events);

  kept_gsl = g_new (double, (gsize) n_outputs *office.n_rooms);
  gsl_s = office_run_gsl (&office, NETWORK_YEAR_S, kept_gsl, &gsl_steps, &gsl_events);
  /* The switching makes the temperature at one instant depend on each switch's exact time;
   * the rooms' yearly means must agree. */
  for (int k = 0; k < office.n_rooms; k++)
    {
      double ours_mean = 0, gsl_mean = 0;

      for (guint i = 0; i < n_outputs; i++)
        {
          ours_mean += kept.kept[i * NETWORK_N_CHOSEN + k] / n_outputs;
          gsl_mean += kept_gsl[i * office.n_rooms + k] / n_outputs;
        }
      worst = MAX (worst, fabs (ours_mean - gsl_mean));
    }
  g_print ("  hand-written GSL msbdf, exact Jacobian: CPU %.2f s, %" G_GUINT64_FORMAT " steps, %" G_GUINT64_FORMAT
           " rhs, %" G_GUINT64_FORMAT " events\n"
           "    ours / GSL = %.2f (CPU); largest difference of the rooms' yearly mean temperatures %.2g K\n",
           gsl_s, gsl_steps, office.n_rhs, gsl_events, ours_s / gsl_s, worst);
  twin_sim_solve_report_clear (&report);
  g_free (kept.kept);
}

int
main (int argc, char *argv[])
{
  if (argc > 1)
    {
      for (int i = 1; i < argc; i++)
        if (g_str_equal (argv[i], "office"))
          bench_office ();
        else if (atoi (argv[i]) >= 2)
          bench_network (atoi (argv[i]));
    }
  else
    {
      bench_network (32);
      bench_office ();
      if (g_getenv ("TWIN_BENCH_SIM_QUICK") == NULL)
        bench_network (100);
    }
  {
    /* The folder of twin_test_tmp_path(), emptied by bench_network(). */
    g_autofree char *probe = twin_test_tmp_path ("probe");
    g_autofree char *dir = g_path_get_dirname (probe);

    g_rmdir (dir);
  }
  return 0;
}
