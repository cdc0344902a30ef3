/* test-run.c: simulation runs of a real project file: results stored as history, inputs, overrides, cancel, failure.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The twin is a room (a thermal capacitance C = 100 kJ/K, starting at 20 °C)
 * losing heat through a wall (G = 10 W/K) to the outside (a fixed
 * temperature), plus a heat source (0 W unless an input drives it). With the
 * outside at Tout(t) = a + b·t the room follows
 *   T(t) = a + b·(t − τ) + (T0 − a + b·τ)·e^(−t/τ),  τ = C/G = 10,000 s,
 * which every case checks at each stored sample to TOLERANCE_K (the solver
 * runs at rtol 1e-9, atol 1e-9: its error is orders of magnitude smaller; a
 * wrong unit, a time offset of one output interval or a missing input is
 * orders of magnitude larger). Results are read back through a TwinHistorian
 * of their own, as the app's charts read them.
 */

#define G_LOG_DOMAIN "test-run"

#include "config.h"

#include "twin-core.h"
#include "twin-test-util.h"

#include "sim/twin-sim-archive.h"
#include "sim/twin-sim-run.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define TOLERANCE_K 1e-4
#define TAU_S 10000.0
#define T0_C 20.0
/* 2025-01-01T00:00:00Z, the default start. */
#define START_US G_GINT64_CONSTANT (1735689600000000)
#define ROOM_T "Plant/Room.T"

static const char model_json[] =
  "{\n"
  "  \"format\": \"twin-studio-model\",\n"
  "  \"version\": 1,\n"
  "  \"root\": {\n"
  "    \"id\": \"6f1c2a40-0000-4000-8000-000000000001\",\n"
  "    \"name\": \"Plant\",\n"
  "    \"type\": \"system\",\n"
  "    \"children\": [\n"
  "      {\"id\": \"6f1c2a40-0000-4000-8000-000000000002\", \"name\": \"Room\", \"type\": \"thermal_capacitance\",\n"
  "       \"parameters\": [{\"name\": \"heat_capacity\", \"type\": \"number\", \"value\": 100000, \"unit\": \"J/K\"},\n"
  "                      {\"name\": \"initial_temperature\", \"type\": \"number\", \"value\": 20, \"unit\": \"°C\"}]},\n"
  "      {\"id\": \"6f1c2a40-0000-4000-8000-000000000003\", \"name\": \"Wall\", \"type\": \"thermal_conductance\",\n"
  "       \"parameters\": [{\"name\": \"conductance\", \"type\": \"number\", \"value\": 10, \"unit\": \"W/K\"}]},\n"
  "      {\"id\": \"6f1c2a40-0000-4000-8000-000000000004\", \"name\": \"Outside\", \"type\": \"fixed_temperature\",\n"
  "       \"parameters\": [{\"name\": \"temperature\", \"type\": \"number\", \"value\": 0, \"unit\": \"°C\"}]},\n"
  "      {\"id\": \"6f1c2a40-0000-4000-8000-000000000005\", \"name\": \"Source\", \"type\": \"heat_source\",\n"
  "       \"parameters\": [{\"name\": \"heat_flow\", \"type\": \"number\", \"value\": 0, \"unit\": \"W\"}]}\n"
  "    ],\n"
  "    \"connections\": [\n"
  "      {\"id\": \"6f1c2a40-0000-4000-8000-000000000011\",\n"
  "       \"from\": {\"entity\": \"6f1c2a40-0000-4000-8000-000000000002\", \"port\": \"heat\"},\n"
  "       \"to\": {\"entity\": \"6f1c2a40-0000-4000-8000-000000000003\", \"port\": \"a\"}},\n"
  "      %s\n"
  "      {\"id\": \"6f1c2a40-0000-4000-8000-000000000013\",\n"
  "       \"from\": {\"entity\": \"6f1c2a40-0000-4000-8000-000000000005\", \"port\": \"heat\"},\n"
  "       \"to\": {\"entity\": \"6f1c2a40-0000-4000-8000-000000000002\", \"port\": \"heat\"}}\n"
  "    ]\n"
  "  }\n"
  "}\n";

static const char wall_to_outside[] =
  "{\"id\": \"6f1c2a40-0000-4000-8000-000000000012\",\n"
  "       \"from\": {\"entity\": \"6f1c2a40-0000-4000-8000-000000000003\", \"port\": \"b\"},\n"
  "       \"to\": {\"entity\": \"6f1c2a40-0000-4000-8000-000000000004\", \"port\": \"heat\"}},";

typedef struct
{
  char       *path;
  TwinEntity *root;
} Project;

static void
project_clear (Project *project)
{
  g_clear_pointer (&project->path, g_free);
  g_clear_object (&project->root);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Project, project_clear)

static void
project_init (Project    *project,
              const char *basename,
              gboolean    complete)
{
  g_autofree char *dir = twin_test_tmp_path ("run");
  g_autofree char *json = g_strdup_printf (model_json, complete ? wall_to_outside : "");
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinStore) store = NULL;

  g_mkdir_with_parents (dir, 0755);
  project->path = g_build_filename (dir, basename, NULL);
  project->root = twin_model_json_from_string (json, -1, &error);
  g_assert_no_error (error);
  store = twin_store_create (project->path, project->root, &error);
  g_assert_no_error (error);
  twin_store_close (store);
}

static TwinSimScenario *
new_scenario (double duration_s,
              double output_interval_s)
{
  TwinSimScenario *scenario = twin_sim_scenario_new ("Test");

  scenario->duration_s = duration_s;
  scenario->solver.output_interval_s = output_interval_s;
  scenario->solver.rtol = 1e-9;
  scenario->solver.atol = 1e-9;
  return scenario;
}

/* The room temperature (°C) for Tout = a + b·t and a wall of τ. */
static double
expected_room_c (double t_s,
                 double a,
                 double b,
                 double tau_s)
{
  return a + b * (t_s - tau_s) + (T0_C - a + b * tau_s) * exp (-t_s / tau_s);
}

/* A variable's value as °C, whatever unit the engine reports it in. */
static double
to_celsius (const char *unit,
            double      value)
{
  if (g_strcmp0 (unit, "K") == 0)
    return value - 273.15;
  g_assert_cmpstr (unit, ==, "°C");
  return value;
}

static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char         *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

/* The whole file passes SQLite's check and opens as a project again. */
static void
assert_consistent (const char *path)
{
  g_autofree char *check = query_text (path, "PRAGMA quick_check");
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinEntity) root = NULL;

  g_assert_cmpstr (check, ==, "ok");
  store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  root = twin_store_load_root (store, &error);
  g_assert_no_error (error);
  twin_store_close (store);
}

/* The samples of a run's result signal, checked to have source "simulation". */
static GArray *
read_result (const char *path,
             gint64      run_id,
             const char *variable,
             char      **unit)
{
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (TwinSignalInfo) info = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = twin_sim_result_signal_name (run_id, variable);
  GArray          *samples;

  historian = twin_historian_open (path, TRUE, &error);
  g_assert_no_error (error);
  info = twin_historian_lookup_signal (historian, name, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_cmpstr (info->source, ==, "simulation");
  samples = twin_historian_read (historian, info->id, G_MININT64 / 2, G_MAXINT64 / 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint ((gint64) samples->len, ==, info->n_samples);
  if (unit != NULL)
    *unit = g_strdup (info->unit);
  return samples;
}

/* Every stored sample of the room against the ramp solution. Returns the count. */
static guint
check_room_within (const char *path,
                   gint64      run_id,
                   double      a,
                   double      b,
                   double      tau_s,
                   double      output_interval_s,
                   double      tolerance_k)
{
  g_autofree char *unit = NULL;
  g_autoptr (GArray) samples = read_result (path, run_id, ROOM_T, &unit);
  double worst = 0;

  g_assert_cmpuint (samples->len, >, 0);
  for (guint i = 0; i < samples->len; i++)
    {
      const TwinSample *sample = &g_array_index (samples, TwinSample, i);
      double            t_s = (double) (sample->t_us - START_US) / G_USEC_PER_SEC;
      double            error = fabs (to_celsius (unit, sample->value) - expected_room_c (t_s, a, b, tau_s));

      /* Output points on the grid t0 + k·dt. */
      g_assert_cmpfloat (fabs (t_s / output_interval_s - round (t_s / output_interval_s)), <, 1e-6);
      worst = MAX (worst, error);
    }
  g_test_message ("run %" G_GINT64_FORMAT ": %u samples, worst error %g K", run_id, samples->len, worst);
  g_assert_cmpfloat (worst, <, tolerance_k);
  return samples->len;
}

static guint
check_room (const char *path,
            gint64      run_id,
            double      a,
            double      b,
            double      tau_s,
            double      output_interval_s)
{
  return check_room_within (path, run_id, a, b, tau_s, output_interval_s, TOLERANCE_K);
}

static TwinSimRunRecord *
load_record (const char *path,
             gint64      run_id)
{
  g_autoptr (TwinSimArchive) archive = NULL;
  g_autoptr (GError) error = NULL;
  TwinSimRunRecord *record;

  archive = twin_sim_archive_open (path, TRUE, &error);
  g_assert_no_error (error);
  record = twin_sim_archive_load_run (archive, run_id, &error);
  g_assert_no_error (error);
  return record;
}

typedef struct
{
  guint         n_calls;
  double        last_fraction;
  double        last_t_s;
  gint64        last_us;
  gint64        min_gap_us;
  GCancellable *cancel_at_call; /* cancelled on call 2 when set */
} ProgressLog;

static void
on_progress (double   fraction,
             double   t_s,
             gpointer user_data)
{
  ProgressLog *log = user_data;
  gint64       now = g_get_monotonic_time ();

  g_assert_cmpfloat (fraction, >=, log->last_fraction);
  g_assert_cmpfloat (fraction, <=, 1.0);
  g_assert_cmpfloat (t_s, >=, log->last_t_s);
  if (log->n_calls > 0 && fraction < 1.0)
    log->min_gap_us = MIN (log->min_gap_us, now - log->last_us);
  log->last_us = now;
  log->last_fraction = fraction;
  log->last_t_s = t_s;
  log->n_calls++;
  if (log->cancel_at_call != NULL && log->n_calls == 2)
    g_cancellable_cancel (log->cancel_at_call);
}

static void
test_stored (void)
{
  g_auto (Project) project = { 0 };
  g_autoptr (TwinSimScenario) scenario = new_scenario (20000, 1000);
  g_autoptr (TwinSimRun) run = NULL;
  g_autoptr (TwinSimRunRecord) record = NULL;
  g_autoptr (TwinEntity) model_back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *scenario_json = NULL;
  g_autofree char *unit = NULL;
  g_autoptr (GArray) samples = NULL;
  ProgressLog log = { 0, 0, 0, 0, G_MAXINT64, NULL };
  GPtrArray  *names;
  int         room = -1;

  project_init (&project, "stored.dtwin", TRUE);
  run = twin_sim_run_prepare (project.path, project.root, scenario, &error);
  g_assert_no_error (error);
  g_assert_cmpint (twin_sim_run_get_id (run), ==, 0);
  twin_sim_run_set_keep_in_memory (run, TRUE);
  names = twin_sim_run_get_recorded_names (run);
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), ROOM_T))
      room = (int) i;
  g_assert_cmpint (room, >=, 0);

  g_assert_true (twin_sim_run_execute (run, on_progress, &log, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (twin_sim_run_get_id (run), >, 0);
  g_assert_cmpfloat (twin_sim_run_get_report (run)->t_reached_s, ==, 20000);
  g_assert_cmpint (twin_sim_run_get_report (run)->method, !=, TWIN_SIM_METHOD_AUTO);
  g_assert_cmpuint (log.n_calls, >=, 2);
  g_assert_cmpfloat (log.last_fraction, ==, 1.0);
  /* At most about 20 a second. */
  if (log.n_calls > 2)
    g_assert_cmpint (log.min_gap_us, >=, 45000);

  /* 21 points, 0 … 20,000 s, stored and in memory alike. */
  g_assert_cmpuint (check_room (project.path, twin_sim_run_get_id (run), 0, 0, TAU_S, 1000), ==, 21);
  samples = read_result (project.path, twin_sim_run_get_id (run), ROOM_T, &unit);
  g_assert_cmpuint (twin_sim_run_get_times (run)->len, ==, 21);
  for (guint i = 0; i < samples->len; i++)
    {
      g_assert_cmpint (g_array_index (samples, TwinSample, i).t_us, ==, START_US + (gint64) i * 1000000000);
      g_assert_cmpfloat (g_array_index (samples, TwinSample, i).value, ==,
                         g_array_index (twin_sim_run_get_values (run, (guint) room), double, i));
    }

  record = load_record (project.path, twin_sim_run_get_id (run));
  g_assert_cmpint (record->status, ==, TWIN_SIM_RUN_COMPLETED);
  g_assert_null (record->message);
  g_assert_cmpstr (record->scenario_name, ==, "Test");
  g_assert_cmpint (record->start_us, ==, START_US);
  g_assert_cmpfloat (record->t_reached_s, ==, 20000);
  g_assert_cmpstr (record->method, ==, twin_sim_method_to_string (twin_sim_run_get_report (run)->method));
  g_assert_nonnull (strstr (record->statistics, "steps "));
  g_assert_cmpint (record->finished_us, >=, record->started_us);
  /* The scenario and the model as they ran, readable again. */
  scenario_json = twin_sim_scenario_to_json (twin_sim_run_get_scenario (run));
  g_assert_cmpstr (record->scenario_json, ==, scenario_json);
  model_back = twin_model_json_from_string (record->model_json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (twin_entity_get_n_children (model_back), ==, 4);
  assert_consistent (project.path);
}

static void
test_overrides (void)
{
  g_auto (Project) project = { 0 };
  g_autoptr (TwinSimScenario) scenario = new_scenario (10000, 500);
  g_autoptr (TwinSimRun) run = NULL;
  g_autoptr (GError) error = NULL;

  project_init (&project, "overrides.dtwin", TRUE);
  /* G = 20 W/K halves τ; the outside at 5 °C. Only the room is recorded. */
  g_assert_true (twin_sim_scenario_add_override_text (scenario, "Plant/Wall.conductance=20", &error));
  g_assert_true (twin_sim_scenario_add_override_text (scenario, "Plant/Outside.temperature=5", &error));
  g_assert_no_error (error);
  scenario->store_states = TWIN_SIM_STORE_STATES_NONE;
  g_ptr_array_add (scenario->outputs, g_strdup (ROOM_T));
  run = twin_sim_run_prepare (project.path, project.root, scenario, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (twin_sim_run_get_recorded_names (run)->len, ==, 1);
  g_assert_true (twin_sim_run_execute (run, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  check_room (project.path, twin_sim_run_get_id (run), 5, 0, TAU_S / 2, 500);
  g_clear_object (&run);

  /* An override of something that does not exist names it; nothing is stored. */
  g_hash_table_remove_all (scenario->overrides);
  g_assert_true (twin_sim_scenario_add_override_text (scenario, "Plant/Nowhere.conductance=20", &error));
  run = twin_sim_run_prepare (project.path, project.root, scenario, &error);
  g_assert_null (run);
  g_assert_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO);
  g_assert_nonnull (strstr (error->message, "Plant/Nowhere"));
  g_clear_error (&error);

  /* So does an output the model does not compute. */
  g_hash_table_remove_all (scenario->overrides);
  g_ptr_array_add (scenario->outputs, g_strdup ("Plant/Room.humidity"));
  run = twin_sim_run_prepare (project.path, project.root, scenario, &error);
  g_assert_null (run);
  g_assert_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO);
  g_assert_nonnull (strstr (error->message, "Plant/Room.humidity"));
  g_clear_error (&error);

  {
    g_autoptr (TwinSimArchive) archive = twin_sim_archive_open (project.path, TRUE, &error);
    g_autoptr (GPtrArray) runs = twin_sim_archive_list_runs (archive, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (runs->len, ==, 1);
  }
}

static void
write_history (const char *path,
               const char *signal,
               const char *unit,
               double      offset,
               gint64      from_us,
               gint64      to_us,
               gint64      step_us)
{
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (TwinSample));
  g_autoptr (GError) error = NULL;
  gint64 id;

  for (gint64 t = from_us; t <= to_us; t += step_us)
    {
      /* The ramp Tout = 1e-3 °C/s · (t − start). */
      TwinSample sample = { t, offset + 1e-3 * (double) (t - START_US) / G_USEC_PER_SEC };

      g_array_append_val (samples, sample);
    }
  historian = twin_historian_open (path, FALSE, &error);
  g_assert_no_error (error);
  id = twin_historian_ensure_signal (historian, signal, unit, &error);
  g_assert_no_error (error);
  g_assert_true (twin_historian_append (historian, id, (TwinSample *) samples->data, samples->len, &error));
  g_assert_no_error (error);
}

static void
add_history_input (TwinSimScenario *scenario,
                   const char      *signal)
{
  TwinSimInput *input = twin_sim_input_new ("Plant/Outside.temperature", TWIN_SIM_INPUT_HISTORY);

  input->signal = g_strdup (signal);
  g_ptr_array_set_size (scenario->inputs, 0);
  g_ptr_array_add (scenario->inputs, input);
}

static void
test_history_input (void)
{
  g_auto (Project) project = { 0 };
  g_autoptr (TwinSimScenario) scenario = new_scenario (20000, 1000);
  g_autoptr (TwinSimRun) run = NULL;
  g_autoptr (GError) error = NULL;
  gint64 minute = 60 * G_USEC_PER_SEC;

  project_init (&project, "history.dtwin", TRUE);
  /* Samples every 7 minutes from 20 minutes before the start (so not on
   * the start) to 20 minutes after the end: the reader takes one either side. */
  write_history (project.path, "weather/outside", "°C", 0, START_US - 20 * minute,
                 START_US + (gint64) 20000 * G_USEC_PER_SEC + 20 * minute, 7 * minute);
  /* The same in kelvin: converted to the parameter's unit (°C). */
  write_history (project.path, "weather/outside-k", "K", 273.15, START_US - 20 * minute,
                 START_US + (gint64) 20000 * G_USEC_PER_SEC + 20 * minute, 7 * minute);
  /* History that ends a year before the run. */
  write_history (project.path, "weather/last-year", "°C", 0, START_US - (gint64) 366 * 86400 * G_USEC_PER_SEC,
                 START_US - (gint64) 365 * 86400 * G_USEC_PER_SEC, 60 * minute);

  add_history_input (scenario, "weather/outside");
  run = twin_sim_run_prepare (project.path, project.root, scenario, &error);
  g_assert_no_error (error);
  g_assert_true (twin_sim_run_execute (run, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  check_room (project.path, twin_sim_run_get_id (run), 0, 1e-3, TAU_S, 1000);
  g_clear_object (&run);

  add_history_input (scenario, "weather/outside-k");
  run = twin_sim_run_prepare (project.path, project.root, scenario, &error);
  g_assert_no_error (error);
  g_assert_true (twin_sim_run_execute (run, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  check_room (project.path, twin_sim_run_get_id (run), 0, 1e-3, TAU_S, 1000);
  g_clear_object (&run);

  /* A signal the project does not have, or without samples in the simulated time. */
  add_history_input (scenario, "weather/nothing");
  run = twin_sim_run_prepare (project.path, project.root, scenario, &error);
  g_assert_null (run);
  g_assert_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_INPUT);
  g_assert_nonnull (strstr (error->message, "“weather/nothing”"));
  g_assert_nonnull (strstr (error->message, "Plant/Outside.temperature"));
  g_clear_error (&error);
  add_history_input (scenario, "weather/last-year");
  run = twin_sim_run_prepare (project.path, project.root, scenario, &error);
  g_assert_null (run);
  g_assert_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_INPUT);
  g_assert_nonnull (strstr (error->message, "“weather/last-year”"));
  g_assert_nonnull (strstr (error->message, "no samples"));
  g_clear_error (&error);
  assert_consistent (project.path);
}

static void
test_profile_input (void)
{
  g_auto (Project) project = { 0 };
  g_autoptr (TwinSimScenario) scenario = new_scenario (20000, 1000);
  g_autoptr (TwinSimRun) run = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) samples = NULL;
  g_autofree char *unit = NULL;
  TwinSimInput    *input = twin_sim_input_new ("Plant/Outside.temperature", TWIN_SIM_INPUT_PROFILE);
  double           worst = 0;

  project_init (&project, "profile.dtwin", TRUE);

  /* Linear: the ramp 1e-3 °C/s given by two points. */
  g_array_append_vals (input->times_s, (double[]){ 0, 20000 }, 2);
  g_array_append_vals (input->values, (double[]){ 0, 20 }, 2);
  g_ptr_array_add (scenario->inputs, input);
  run = twin_sim_run_prepare (project.path, project.root, scenario, &error);
  g_assert_no_error (error);
  g_assert_true (twin_sim_run_execute (run, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  check_room (project.path, twin_sim_run_get_id (run), 0, 1e-3, TAU_S, 1000);
  g_clear_object (&run);

  /* Stepwise: 0 °C, then 10 °C from 5,500 s (between two output points). */
  g_array_set_size (input->times_s, 0);
  g_array_set_size (input->values, 0);
  g_array_append_vals (input->times_s, (double[]){ 0, 5500 }, 2);
  g_array_append_vals (input->values, (double[]){ 0, 10 }, 2);
  input->stepwise = TRUE;
  run = twin_sim_run_prepare (project.path, project.root, scenario, &error);
  g_assert_no_error (error);
  g_assert_true (twin_sim_run_execute (run, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  samples = read_result (project.path, twin_sim_run_get_id (run), ROOM_T, &unit);
  g_assert_cmpuint (samples->len, ==, 21);
  for (guint i = 0; i < samples->len; i++)
    {
      double t_s = (double) (g_array_index (samples, TwinSample, i).t_us - START_US) / G_USEC_PER_SEC;
      double t_step = T0_C * exp (-5500 / TAU_S);
      double expected = t_s <= 5500 ? T0_C * exp (-t_s / TAU_S) : 10 + (t_step - 10) * exp (-(t_s - 5500) / TAU_S);

      worst = MAX (worst, fabs (to_celsius (unit, g_array_index (samples, TwinSample, i).value) - expected));
    }
  g_test_message ("stepwise profile: worst error %g K", worst);
  g_assert_cmpfloat (worst, <, TOLERANCE_K);
}

/* Cancelled from the progress callback; the run is stored CANCELLED with
 * what it computed, and the file is sound. */
static void
test_cancel (void)
{
  g_auto (Project) project = { 0 };
  g_autoptr (TwinSimScenario) scenario = new_scenario (1e9, 10);
  g_autoptr (TwinSimRun) run = NULL;
  g_autoptr (TwinSimRunRecord) record = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  ProgressLog log = { 0, 0, 0, 0, G_MAXINT64, cancellable };
  guint       n_stored;

  project_init (&project, "cancel.dtwin", TRUE);
  run = twin_sim_run_prepare (project.path, project.root, scenario, &error);
  g_assert_no_error (error);
  twin_sim_run_set_keep_in_memory (run, TRUE);
  g_assert_false (twin_sim_run_execute (run, on_progress, &log, cancellable, &error));
  g_assert_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_CANCELLED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "cancelled"));

  record = load_record (project.path, twin_sim_run_get_id (run));
  g_assert_cmpint (record->status, ==, TWIN_SIM_RUN_CANCELLED);
  g_assert_cmpstr (record->message, ==, error->message);
  g_assert_cmpfloat (record->t_reached_s, >, 0);
  g_assert_cmpfloat (record->t_reached_s, <, 1e9);
  /* Everything computed before the cancel is stored, and it is right (to 1e-3 K: how far the
   * run got depends on the machine's speed, and the solver's error grows over 1e5 outputs). */
  n_stored = check_room_within (project.path, twin_sim_run_get_id (run), 0, 0, TAU_S, 10, 1e-3);
  g_assert_cmpuint (n_stored, ==, twin_sim_run_get_times (run)->len);
  g_assert_cmpuint (n_stored, >, 1);
  assert_consistent (project.path);
}

/* A heat source of 1e308 W makes the room's temperature overflow after
 * about 1.8e5 s: the run fails naming the state and the time, keeps its
 * results up to there and is stored FAILED. */
static void
test_failure (void)
{
  g_auto (Project) project = { 0 };
  g_autoptr (TwinSimScenario) scenario = new_scenario (1e6, 1000);
  g_autoptr (TwinSimRun) run = NULL;
  g_autoptr (TwinSimRunRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) samples = NULL;
  TwinSimInput *input = twin_sim_input_new ("Plant/Source.heat_flow", TWIN_SIM_INPUT_CONSTANT);

  project_init (&project, "failure.dtwin", TRUE);
  input->value = 1e308;
  g_ptr_array_add (scenario->inputs, input);
  g_assert_true (twin_sim_scenario_add_override_text (scenario, "Plant/Wall.conductance=0", &error));
  scenario->solver.method = TWIN_SIM_METHOD_RK8PD;
  scenario->solver.max_step_s = 1000;
  run = twin_sim_run_prepare (project.path, project.root, scenario, &error);
  g_assert_no_error (error);
  g_assert_false (twin_sim_run_execute (run, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_error_matches (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_DIVERGED) ||
                 g_error_matches (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SOLVER));
  g_assert_nonnull (strstr (error->message, "Plant/Room"));

  record = load_record (project.path, twin_sim_run_get_id (run));
  g_assert_cmpint (record->status, ==, TWIN_SIM_RUN_FAILED);
  g_assert_cmpstr (record->message, ==, error->message);
  g_assert_cmpfloat (record->t_reached_s, >, 1e5);
  g_assert_cmpfloat (record->t_reached_s, <, 2e5);
  /* Results up to the failure: a sample every 1000 s, growing 1e303 K/s. */
  samples = read_result (project.path, twin_sim_run_get_id (run), ROOM_T, NULL);
  g_assert_cmpuint (samples->len, >=, 100);
  g_assert_cmpuint (samples->len, <=, 200);
  for (guint i = 1; i < samples->len; i++)
    g_assert_cmpfloat (g_array_index (samples, TwinSample, i).value, >, g_array_index (samples, TwinSample, i - 1).value);
  assert_consistent (project.path);
}

static void
test_model_error (void)
{
  g_auto (Project) project = { 0 };
  g_autoptr (TwinSimScenario) scenario = new_scenario (100, 10);
  g_autoptr (TwinSimRun) run = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *count = NULL;

  /* The wall's side b is left unconnected. */
  project_init (&project, "model-error.dtwin", FALSE);
  run = twin_sim_run_prepare (project.path, project.root, scenario, &error);
  g_assert_null (run);
  g_assert_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_MODEL);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Plant/Wall"));
  count = query_text (project.path, "SELECT count(*) FROM sim_run");
  g_assert_cmpstr (count, ==, "0");
}

/* Runs left RUNNING by a process that died are INTERRUPTED at the next open for writing. */
static void
test_interrupted (void)
{
  g_auto (Project) project = { 0 };
  g_autoptr (TwinSimScenario) scenario = new_scenario (100, 10);
  g_autoptr (TwinSimArchive) archive = NULL;
  g_autoptr (TwinSimArchive) other = NULL;
  g_autoptr (TwinSimRunRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  int    status = 0;
  pid_t  child;
  gint64 live_id;

  project_init (&project, "interrupted.dtwin", TRUE);
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      TwinSimArchive *doomed = twin_sim_archive_open (project.path, FALSE, NULL);

      if (doomed == NULL || twin_sim_archive_begin_run (doomed, scenario, "{}", NULL) != 1)
        _exit (3);
      raise (SIGKILL);
      _exit (4);
    }
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFSIGNALED (status));

  /* A reader leaves it alone. */
  archive = twin_sim_archive_open (project.path, TRUE, &error);
  g_assert_no_error (error);
  record = twin_sim_archive_load_run (archive, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (record->status, ==, TWIN_SIM_RUN_RUNNING);
  g_clear_pointer (&record, twin_sim_run_record_free);
  g_clear_object (&archive);

  archive = twin_sim_archive_open (project.path, FALSE, &error);
  g_assert_no_error (error);
  record = twin_sim_archive_load_run (archive, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (record->status, ==, TWIN_SIM_RUN_INTERRUPTED);
  g_assert_nonnull (record->message);
  g_assert_cmpint (record->finished_us, >, 0);
  g_clear_pointer (&record, twin_sim_run_record_free);

  /* A run of this process, still held by an open archive, is not taken for dead. */
  live_id = twin_sim_archive_begin_run (archive, scenario, "{}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (live_id, ==, 2);
  other = twin_sim_archive_open (project.path, FALSE, &error);
  g_assert_no_error (error);
  record = twin_sim_archive_load_run (other, live_id, &error);
  g_assert_cmpint (record->status, ==, TWIN_SIM_RUN_RUNNING);
  g_clear_pointer (&record, twin_sim_run_record_free);
  /* Nor deleted under it. */
  g_assert_false (twin_sim_archive_delete_run (other, live_id, &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_LOCKED);
  g_clear_error (&error);

  /* Its archive going away without finishing it ends it. */
  g_clear_object (&archive);
  record = twin_sim_archive_load_run (other, live_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (record->status, ==, TWIN_SIM_RUN_INTERRUPTED);
  g_clear_pointer (&record, twin_sim_run_record_free);

  /* Finishing twice is an error naming the run. */
  g_assert_false (twin_sim_archive_finish_run (other, live_id, TWIN_SIM_RUN_COMPLETED, NULL, 1, NULL, NULL, &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&other);
  assert_consistent (project.path);
}

static void
test_delete (void)
{
  g_auto (Project) project = { 0 };
  g_autoptr (TwinSimScenario) scenario = new_scenario (1000, 100);
  g_autoptr (TwinSimArchive) archive = NULL;
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (GError) error = NULL;
  gint64 ids[2];

  project_init (&project, "delete.dtwin", TRUE);
  write_history (project.path, "weather/outside", "°C", 0, START_US, START_US + 60000000, 60000000);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (TwinSimRun) run = twin_sim_run_prepare (project.path, project.root, scenario, &error);

      g_assert_no_error (error);
      g_assert_true (twin_sim_run_execute (run, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      ids[i] = twin_sim_run_get_id (run);
    }
  g_assert_cmpint (ids[1], ==, ids[0] + 1);

  archive = twin_sim_archive_open (project.path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (twin_sim_archive_delete_run (archive, ids[0], &error));
  g_assert_no_error (error);
  g_assert_false (twin_sim_archive_delete_run (archive, ids[0], &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  runs = twin_sim_archive_list_runs (archive, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_cmpint (((TwinSimRunRecord *) g_ptr_array_index (runs, 0))->id, ==, ids[1]);
  g_assert_null (((TwinSimRunRecord *) g_ptr_array_index (runs, 0))->model_json);

  /* The deleted run's signals are gone; the other run's and measured history stay. */
  historian = twin_historian_open (project.path, TRUE, &error);
  g_assert_no_error (error);
  {
    g_autofree char *gone = twin_sim_result_signal_name (ids[0], ROOM_T);
    g_autofree char *kept = twin_sim_result_signal_name (ids[1], ROOM_T);
    g_autoptr (TwinSignalInfo) info = twin_historian_lookup_signal (historian, gone, &error);
    g_autoptr (TwinSignalInfo) info2 = twin_historian_lookup_signal (historian, kept, &error);
    g_autoptr (TwinSignalInfo) info3 = twin_historian_lookup_signal (historian, "weather/outside", &error);
    g_autofree char *orphans = NULL;
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sample WHERE signal NOT IN (SELECT id FROM signal)");

    g_assert_null (info);
    g_assert_nonnull (info2);
    g_assert_cmpint (info2->n_samples, ==, 11);
    g_assert_nonnull (info3);
    g_assert_cmpint (info3->n_samples, ==, 2);
    orphans = query_text (project.path, sql);
    g_assert_cmpstr (orphans, ==, "0");
  }
  g_clear_object (&historian);
  g_clear_object (&archive);
  assert_consistent (project.path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/sim/run/stored", test_stored);
  g_test_add_func ("/core/sim/run/overrides", test_overrides);
  g_test_add_func ("/core/sim/run/history-input", test_history_input);
  g_test_add_func ("/core/sim/run/profile-input", test_profile_input);
  g_test_add_func ("/core/sim/run/cancel", test_cancel);
  g_test_add_func ("/core/sim/run/failure", test_failure);
  g_test_add_func ("/core/sim/run/model-error", test_model_error);
  g_test_add_func ("/core/sim/run/interrupted", test_interrupted);
  g_test_add_func ("/core/sim/run/delete", test_delete);

  return g_test_run ();
}
