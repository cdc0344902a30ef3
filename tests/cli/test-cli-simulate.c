/* test-cli-simulate.c: runs `twinctl simulate`, `twinctl scenario` and `twinctl runs` on real project files.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case runs the built twinctl (from $TWINCTL) in a fresh folder under
 * LC_ALL=C.UTF-8 and TZ=UTC. The twin is a room (C = 100 kJ/K, 20 °C at the
 * start) losing heat through a wall (G = 10 W/K) to the outside at 0 °C, so
 * the room follows T(t) = 20 °C · e^(−t/τ), τ = C/G = 10,000 s; the CSV
 * output is checked against it to TOLERANCE_K (the runs use rtol 1e-9;
 * %.17g-exact numbers are written). Standard error is a pipe, so no
 * progress line may appear for these short runs.
 */

#define G_LOG_DOMAIN "test-cli-simulate"
#define _GNU_SOURCE /* posix_openpt, grantpt, unlockpt, ptsname */

#include "config.h"

#include "twin-core.h"
#include "twin-test-util.h"

#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define TOLERANCE_K 1e-4
#define TAU_S 10000.0

static const char *twinctl_path;

static const char  model_json[] =
  "{\n"
  "  \"format\": \"twin-studio-model\",\n"
  "  \"version\": 1,\n"
  "  \"root\": {\n"
  "    \"id\": \"7a2d3b50-0000-4000-8000-000000000001\",\n"
  "    \"name\": \"Plant\",\n"
  "    \"type\": \"system\",\n"
  "    \"children\": [\n"
  "      {\"id\": \"7a2d3b50-0000-4000-8000-000000000002\", \"name\": \"Room\", \"type\": \"thermal_capacitance\",\n"
  "       \"parameters\": [{\"name\": \"heat_capacity\", \"type\": \"number\", \"value\": 100000, \"unit\": \"J/K\"},\n"
  "                      {\"name\": \"initial_temperature\", \"type\": \"number\", \"value\": 20, \"unit\": \"°C\"}]},\n"
  "      {\"id\": \"7a2d3b50-0000-4000-8000-000000000003\", \"name\": \"Wall\", \"type\": \"thermal_conductance\",\n"
  "       \"parameters\": [{\"name\": \"conductance\", \"type\": \"number\", \"value\": 10, \"unit\": \"W/K\"}]},\n"
  "      {\"id\": \"7a2d3b50-0000-4000-8000-000000000004\", \"name\": \"Outside\", \"type\": \"fixed_temperature\",\n"
  "       \"parameters\": [{\"name\": \"temperature\", \"type\": \"number\", \"value\": 0, \"unit\": \"°C\"}]},\n"
  "      {\"id\": \"7a2d3b50-0000-4000-8000-000000000005\", \"name\": \"Source\", \"type\": \"heat_source\",\n"
  "       \"parameters\": [{\"name\": \"heat_flow\", \"type\": \"number\", \"value\": 0, \"unit\": \"W\"}]}\n"
  "    ],\n"
  "    \"connections\": [\n"
  "      {\"id\": \"7a2d3b50-0000-4000-8000-000000000011\",\n"
  "       \"from\": {\"entity\": \"7a2d3b50-0000-4000-8000-000000000002\", \"port\": \"heat\"},\n"
  "       \"to\": {\"entity\": \"7a2d3b50-0000-4000-8000-000000000003\", \"port\": \"a\"}},\n"
  "      %s\n"
  "      {\"id\": \"7a2d3b50-0000-4000-8000-000000000013\",\n"
  "       \"from\": {\"entity\": \"7a2d3b50-0000-4000-8000-000000000005\", \"port\": \"heat\"},\n"
  "       \"to\": {\"entity\": \"7a2d3b50-0000-4000-8000-000000000002\", \"port\": \"heat\"}}\n"
  "    ]\n"
  "  }\n"
  "}\n";

static const char wall_to_outside[] =
  "{\"id\": \"7a2d3b50-0000-4000-8000-000000000012\",\n"
  "       \"from\": {\"entity\": \"7a2d3b50-0000-4000-8000-000000000003\", \"port\": \"b\"},\n"
  "       \"to\": {\"entity\": \"7a2d3b50-0000-4000-8000-000000000004\", \"port\": \"heat\"}},";

typedef struct
{
  int   exit_status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static GSubprocessLauncher *
new_launcher (const char      *dir,
              GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_cwd (launcher, dir);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "TZ", "UTC", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  return launcher;
}

static GPtrArray *
new_argv (const char *const *args)
{
  GPtrArray *argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) twinctl_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  return argv;
}

static void
run_twinctl_in (Run               *run,
                const char        *dir,
                const char        *input,
                const char *const *args)
{
  g_autoptr (GPtrArray) argv = new_argv (args);
  g_autoptr (GSubprocessLauncher) launcher =
    new_launcher (dir, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;

  run_clear (run);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input != NULL ? input : "", NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_if_signaled (process))
    g_error ("twinctl was killed by signal %d; stderr: %s", g_subprocess_get_term_sig (process), run->err);
  run->exit_status = g_subprocess_get_exit_status (process);
}

#define RUN(run, dir, ...) run_twinctl_in ((run), (dir), NULL, (const char *const[]){ __VA_ARGS__, NULL })
#define RUN_INPUT(run, dir, input, ...) run_twinctl_in ((run), (dir), (input), (const char *const[]){ __VA_ARGS__, NULL })

static void
assert_success (const Run *run)
{
  if (run->exit_status != 0)
    g_error ("twinctl failed with status %d: %s", run->exit_status, run->err);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_null (strchr (run->out, '\r'));
  g_assert_null (strchr (run->out, '\033'));
}

/* Status 1, one line "twinctl: …" on standard error naming each needle. */
static void
assert_user_error (const Run  *run,
                   const char *needle,
                   const char *needle2)
{
  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->exit_status, ==, 1);
  g_assert_true (g_str_has_prefix (run->err, "twinctl: "));
  g_assert_nonnull (strchr (run->err, '\n'));
  g_assert_cmpint (strchr (run->err, '\n')[1], ==, '\0');
  g_assert_null (strchr (run->err, '\r'));
  if (needle != NULL)
    g_assert_nonnull (strstr (run->err, needle));
  if (needle2 != NULL)
    g_assert_nonnull (strstr (run->err, needle2));
}

static void
assert_usage_error (const Run  *run,
                    const char *needle)
{
  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->exit_status, ==, 2);
  g_assert_true (g_str_has_prefix (run->err, "twinctl: "));
  g_assert_nonnull (strstr (run->err, "--help"));
  if (needle != NULL)
    g_assert_nonnull (strstr (run->err, needle));
}

typedef struct
{
  char *dir;
  char *project; /* plant.dtwin in @dir */
} Fixture;

static void
make_project (Fixture    *fixture,
              const char *basename,
              gboolean    complete)
{
  g_autofree char *json = g_strdup_printf (model_json, complete ? wall_to_outside : "");
  g_autofree char *json_path = g_build_filename (fixture->dir, "model.json", NULL);
  g_auto (Run) run = { 0 };

  twin_test_write_file (json_path, json, strlen (json));
  RUN (&run, fixture->dir, "new", basename, "--from-json", "model.json");
  assert_success (&run);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  fixture->dir = twin_test_tmp_path ("simulate");
  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0755), ==, 0);
  fixture->project = g_build_filename (fixture->dir, "plant.dtwin", NULL);
  make_project (fixture, "plant.dtwin", TRUE);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_free (fixture->dir);
  g_free (fixture->project);
}

static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char         *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

/* Reads a --csv file: checks its header and the room column against the
 * decay from 20 °C with @tau_s; returns the number of rows. */
static guint
check_csv (const char *path,
           double      tau_s,
           double      interval_s)
{
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  g_auto (GStrv) header = NULL;
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) start = g_date_time_new_utc (2025, 1, 1, 0, 0, 0);
  int   room = -1;
  guint n_rows = 0;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_suffix (contents, "\n"));
  lines = g_strsplit (contents, "\n", -1);
  header = g_strsplit (lines[0], ",", -1);
  g_assert_cmpstr (header[0], ==, "time");
  for (guint i = 0; header[i] != NULL; i++)
    if (g_str_equal (header[i], "Plant/Room.T"))
      room = (int) i;
  g_assert_cmpint (room, >, 0);
  for (guint row = 1; lines[row] != NULL && lines[row][0] != '\0'; row++)
    {
      g_auto (GStrv) fields = g_strsplit (lines[row], ",", -1);
      g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (fields[0], utc);
      double t_s;
      double value;
      char  *end = NULL;

      g_assert_cmpuint (g_strv_length (fields), ==, g_strv_length (header));
      g_assert_nonnull (time);
      t_s = (double) g_date_time_difference (time, start) / G_USEC_PER_SEC;
      g_assert_cmpfloat_with_epsilon (t_s, (row - 1) * interval_s, 1e-6);
      value = g_ascii_strtod (fields[room], &end);
      g_assert_true (*end == '\0');
      /* The room's state may be stored in K or °C; both are checked against the same curve. */
      if (value > 200)
        value -= 273.15;
      g_assert_cmpfloat (fabs (value - 20 * exp (-t_s / tau_s)), <, TOLERANCE_K);
      n_rows++;
    }
  return n_rows;
}

static void
test_default (Fixture      *fixture,
              gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *csv = g_build_filename (fixture->dir, "out.csv", NULL);

  /* No scenario stored: the default one (2025-01-01T00:00:00Z), cut to 2 h. */
  RUN (&run, fixture->dir, "simulate", "plant.dtwin", "--until", "2h", "--output-interval", "10min", "--rtol", "1e-9",
       "--atol", "1e-9", "--csv", "out.csv");
  assert_success (&run);
  g_test_message ("%s", run.out);
  g_assert_nonnull (strstr (run.out, "Run 1 of the scenario “default” in “plant.dtwin” completed.\n"));
  g_assert_nonnull (strstr (run.out, "Simulated: 2 h, 2025-01-01T00:00:00Z … 2025-01-01T02:00:00Z\n"));
  g_assert_nonnull (strstr (run.out, "Method: "));
  g_assert_nonnull (strstr (run.out, "signals sim/1/…"));
  g_assert_nonnull (strstr (run.out, "Wrote “"));
  g_assert_cmpuint (check_csv (csv, TAU_S, 600), ==, 13);

  /* The run is stored, and its results are history. */
  RUN (&run, fixture->dir, "runs", "plant.dtwin");
  assert_success (&run);
  g_assert_true (g_str_has_prefix (run.out, "1: completed, scenario “default”, method "));
  g_assert_nonnull (strstr (run.out, "reached 7200 s"));
  RUN (&run, fixture->dir, "history", "list", "plant.dtwin");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "sim/1/Plant/Room.T"));
  g_assert_nonnull (strstr (run.out, ": 13 samples, 2025-01-01T00:00:00Z … 2025-01-01T02:00:00Z\n"));

  /* A second run is number 2. */
  RUN (&run, fixture->dir, "simulate", "plant.dtwin", "--until", "600");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "Run 2 of the scenario “default”"));
  RUN (&run, fixture->dir, "runs", "plant.dtwin", "--delete", "1");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "Deleted run 1"));
  RUN (&run, fixture->dir, "runs", "plant.dtwin");
  assert_success (&run);
  g_assert_true (g_str_has_prefix (run.out, "2: completed"));
  RUN (&run, fixture->dir, "history", "list", "plant.dtwin");
  g_assert_null (strstr (run.out, "sim/1/"));
  g_assert_nonnull (strstr (run.out, "sim/2/Plant/Room.T"));
  RUN (&run, fixture->dir, "runs", "plant.dtwin", "--delete", "1");
  assert_user_error (&run, "no simulation run 1", "plant.dtwin");
  RUN (&run, fixture->dir, "runs", "plant.dtwin", "--delete", "one");
  assert_usage_error (&run, "“one”");
}

static void
test_set (Fixture      *fixture,
          gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *csv = g_build_filename (fixture->dir, "fast.csv", NULL);
  g_autofree char *json = NULL;
  g_autofree char *count = NULL;

  /* G = 20 W/K halves τ. */
  RUN (&run, fixture->dir, "simulate", "plant.dtwin", "--until", "3h", "--output-interval", "900",
       "--set", "Plant/Wall.conductance=20", "--rtol", "1e-9", "--atol", "1e-9", "--csv", "fast.csv");
  assert_success (&run);
  g_assert_cmpuint (check_csv (csv, TAU_S / 2, 900), ==, 13);
  /* The run keeps the override in its scenario. */
  json = query_text (fixture->project, "SELECT scenario_json FROM sim_run WHERE id = 1");
  g_assert_nonnull (strstr (json, "\"Plant/Wall.conductance\": \"20\""));

  RUN (&run, fixture->dir, "simulate", "plant.dtwin", "--set", "Wall.conductance");
  assert_usage_error (&run, "ENTITY-PATH.PARAMETER=VALUE");
  RUN (&run, fixture->dir, "simulate", "plant.dtwin", "--set", "Plant/Nowhere.conductance=3");
  assert_user_error (&run, "Plant/Nowhere", "plant.dtwin");
  g_assert_cmpstr (run.out, ==, "");
  count = query_text (fixture->project, "SELECT count(*) FROM sim_run");
  g_assert_cmpstr (count, ==, "1");
}

static const char step_scenario[] =
  "{\n"
  "  \"name\": \"Step\",\n"
  "  \"start\": \"2025-06-01T00:00:00Z\",\n"
  "  \"duration\": \"1h\",\n"
  "  \"solver\": {\"method\": \"rk8pd\", \"rtol\": 1e-9, \"atol\": 1e-9, \"output_interval_s\": 600},\n"
  "  \"store_states\": \"none\",\n"
  "  \"outputs\": [\"Plant/Room.T\"],\n"
  "  \"inputs\": [{\"target\": \"Plant/Outside.temperature\", \"kind\": \"profile\", \"interpolation\": \"stepwise\",\n"
  "              \"points\": [[0, 0], [1800, 10]]}]\n"
  "}\n";

static void
test_scenarios (Fixture      *fixture,
                gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *path = g_build_filename (fixture->dir, "step.json", NULL);
  g_autofree char *shown = NULL;
  g_autofree char *name = NULL;

  RUN (&run, fixture->dir, "scenario", "list", "plant.dtwin");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "No scenarios.\n");

  twin_test_write_file (path, step_scenario, strlen (step_scenario));
  RUN (&run, fixture->dir, "scenario", "save", "plant.dtwin", "step.json");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "Saved the scenario “Step” in “plant.dtwin”.\n");
  /* From standard input, under another name. */
  RUN_INPUT (&run, fixture->dir, "{\"name\": \"A first\", \"duration_s\": 60}", "scenario", "save", "plant.dtwin");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "Saved the scenario “A first” in “plant.dtwin”.\n");

  RUN (&run, fixture->dir, "scenario", "list", "plant.dtwin");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==,
                   "A first: start 2025-01-01T00:00:00Z, 60 s, method auto, 0 inputs, 0 overrides\n"
                   "Step: start 2025-06-01T00:00:00Z, 3600 s, method rk8pd, 1 inputs, 0 overrides\n");
  RUN (&run, fixture->dir, "scenario", "show", "plant.dtwin", "Step");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "\"format\": \"twin-studio-scenario\""));
  g_assert_nonnull (strstr (run.out, "\"points\": [[0, 0], [1800, 10]]"));
  shown = g_strdup (run.out);
  /* What show prints, save reads back unchanged. */
  RUN_INPUT (&run, fixture->dir, shown, "scenario", "save", "plant.dtwin", "-");
  assert_success (&run);
  RUN (&run, fixture->dir, "scenario", "show", "plant.dtwin", "Step");
  g_assert_cmpstr (run.out, ==, shown);

  /* A bad scenario changes nothing and says why. */
  RUN_INPUT (&run, fixture->dir, "{\"name\": \"Bad\", \"duration_s\": -5}", "scenario", "save", "plant.dtwin");
  assert_user_error (&run, "“Bad”", "duration");
  RUN (&run, fixture->dir, "scenario", "save", "plant.dtwin", "missing.json");
  assert_user_error (&run, "missing.json", NULL);
  RUN (&run, fixture->dir, "scenario", "show", "plant.dtwin", "Bad");
  assert_user_error (&run, "no scenario named “Bad”", NULL);

  /* Without --scenario the first by name runs; with it, the one named. */
  RUN (&run, fixture->dir, "simulate", "plant.dtwin");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "scenario “A first”"));
  RUN (&run, fixture->dir, "simulate", "plant.dtwin", "--scenario", "Step", "--csv", "step.csv");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "Run 2 of the scenario “Step”"));
  g_assert_nonnull (strstr (run.out, "Simulated: 1 h, 2025-06-01T00:00:00Z … 2025-06-01T01:00:00Z\n"));
  g_assert_nonnull (strstr (run.out, "Recorded: 1 variables"));
  name = query_text (fixture->project, "SELECT scenario_name FROM sim_run WHERE id = 2");
  g_assert_cmpstr (name, ==, "Step");
  {
    g_autofree char *csv_path = g_build_filename (fixture->dir, "step.csv", NULL);
    g_autofree char *contents = NULL;
    g_auto (GStrv) lines = NULL;
    double value;

    g_assert_true (g_file_get_contents (csv_path, &contents, NULL, NULL));
    lines = g_strsplit (contents, "\n", -1);
    g_assert_cmpstr (lines[0], ==, "time,Plant/Room.T");
    g_assert_true (g_str_has_prefix (lines[1], "2025-06-01T00:00:00Z,"));
    g_assert_true (g_str_has_prefix (lines[7], "2025-06-01T01:00:00Z,"));
    g_assert_cmpstr (lines[8], ==, "");
    g_assert_null (lines[9]);
    /* After the step to 10 °C at 1800 s: 10 + (T(1800) − 10)·e^(−1800/τ). */
    value = g_ascii_strtod (strchr (lines[7], ',') + 1, NULL);
    if (value > 200)
      value -= 273.15;
    g_assert_cmpfloat (fabs (value - (10 + (20 * exp (-0.18) - 10) * exp (-0.18))), <, TOLERANCE_K);
  }

  RUN (&run, fixture->dir, "simulate", "plant.dtwin", "--scenario", "Missing");
  assert_user_error (&run, "no scenario named “Missing”", "plant.dtwin");

  RUN (&run, fixture->dir, "scenario", "delete", "plant.dtwin", "Step");
  assert_success (&run);
  RUN (&run, fixture->dir, "scenario", "delete", "plant.dtwin", "Step");
  assert_user_error (&run, "“Step”", NULL);
  /* Its run stays. */
  RUN (&run, fixture->dir, "runs", "plant.dtwin");
  g_assert_nonnull (strstr (run.out, "2: completed, scenario “Step”"));
  RUN (&run, fixture->dir, "scenario", "frobnicate", "plant.dtwin");
  assert_usage_error (&run, "frobnicate");
}

static void
test_errors (Fixture      *fixture,
             gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *broken = g_build_filename (fixture->dir, "broken.dtwin", NULL);
  g_autofree char *csv = g_build_filename (fixture->dir, "partial.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *count = NULL;
  g_autofree char *nothing = g_build_filename (fixture->dir, "nothing.dtwin", NULL);
  g_auto (GStrv) rows = NULL;
  static const char hot[] =
    "{\"name\": \"Hot\", \"duration_s\": 1e6, \"overrides\": {\"Plant/Wall.conductance\": 0},"
    " \"solver\": {\"method\": \"rk8pd\", \"output_interval_s\": 1000, \"max_step_s\": 1000},"
    " \"inputs\": [{\"target\": \"Plant/Source.heat_flow\", \"kind\": \"constant\", \"value\": 1e308}]}";

  /* Usage errors. */
  RUN (&run, fixture->dir, "simulate", "plant.dtwin", "--until", "soon");
  assert_usage_error (&run, "“soon”");
  RUN (&run, fixture->dir, "simulate", "plant.dtwin", "--method", "euler");
  assert_usage_error (&run, "“euler”");
  RUN (&run, fixture->dir, "simulate", "plant.dtwin", "--rtol", "0,001");
  assert_usage_error (&run, "--rtol");
  RUN (&run, fixture->dir, "simulate", "plant.dtwin", "--csv", "plant.dtwin");
  assert_usage_error (&run, "--csv");
  RUN (&run, fixture->dir, "simulate");
  assert_usage_error (&run, "FILE");

  /* A missing file. */
  RUN (&run, fixture->dir, "simulate", "nothing.dtwin");
  assert_user_error (&run, "nothing.dtwin", NULL);
  g_assert_false (g_file_test (nothing, G_FILE_TEST_EXISTS));

  /* A model that cannot be simulated: named, and no run stored. */
  make_project (fixture, "broken.dtwin", FALSE);
  RUN (&run, fixture->dir, "simulate", "broken.dtwin");
  assert_user_error (&run, "“broken.dtwin” cannot be simulated", "Plant/Wall");
  g_assert_cmpstr (run.out, ==, "");
  count = query_text (broken, "SELECT count(*) FROM sim_run");
  g_assert_cmpstr (count, ==, "0");

  /* A run that fails: stored FAILED with its message and results up to there, CSV too. */
  RUN_INPUT (&run, fixture->dir, hot, "scenario", "save", "plant.dtwin");
  assert_success (&run);
  RUN (&run, fixture->dir, "simulate", "plant.dtwin", "--scenario", "Hot", "--csv", "partial.csv");
  assert_user_error (&run, "Simulation run 1 of “plant.dtwin” failed", "Plant/Room");
  g_assert_cmpstr (run.out, ==, "");
  RUN (&run, fixture->dir, "runs", "plant.dtwin");
  assert_success (&run);
  g_assert_true (g_str_has_prefix (run.out, "1: failed, scenario “Hot”, method rk8pd"));
  g_assert_nonnull (strstr (run.out, "\n  "));
  g_assert_nonnull (strstr (run.out, "Plant/Room"));
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "time,"));
  rows = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (rows), >, 100);
  g_clear_pointer (&count, g_free);
  count = query_text (fixture->project, "PRAGMA quick_check");
  g_assert_cmpstr (count, ==, "ok");
}

/* Waits until @path holds results of run 1 and its progress, so the process is well into it. */
static void
wait_for_run (const char *path)
{
  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *count = NULL;

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        count = query_text (path, "SELECT count(*) > 0 FROM signal WHERE name = 'sim/1/Plant/Room.T'"
                                  " AND EXISTS (SELECT 1 FROM sample WHERE sample.signal = signal.id)"
                                  " AND (SELECT t_reached_s FROM sim_run WHERE id = 1) > 0");
      if (g_strcmp0 (count, "1") == 0)
        return;
      g_usleep (10000);
    }
  g_error ("no results of run 1 appeared in %s", path);
}

/* Ctrl+C cancels and the run is stored so; a killed process's run shows as interrupted. */
static void
test_interrupt (Fixture      *fixture,
                gconstpointer data)
{
  g_auto (Run) run = { 0 };
  const char *const args[] = { "simulate", "plant.dtwin", "--until", "100y", "--output-interval", "10", NULL };
  g_autofree char  *message = NULL;

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr (GPtrArray) argv = new_argv (args);
      g_autoptr (GSubprocessLauncher) launcher =
        new_launcher (fixture->dir, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_autoptr (GSubprocess) process = NULL;
      g_autoptr (GError) error = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      /* A fresh project for the second round, so its run is number 1 again. */
      if (round == 1)
        {
          g_autofree char *wal = g_strconcat (fixture->project, "-wal", NULL);
          g_autofree char *shm = g_strconcat (fixture->project, "-shm", NULL);

          g_unlink (fixture->project);
          g_unlink (wal);
          g_unlink (shm);
          make_project (fixture, "plant.dtwin", TRUE);
        }
      process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
      g_assert_no_error (error);
      wait_for_run (fixture->project);
      g_subprocess_send_signal (process, round == 0 ? SIGINT : SIGKILL);
      g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
      g_assert_no_error (error);
      if (round == 0)
        {
          g_test_message ("stderr: %s", err);
          g_assert_true (g_subprocess_get_if_exited (process));
          g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
          g_assert_true (g_str_has_prefix (err, "twinctl: "));
          g_assert_nonnull (strstr (err, "cancelled"));
          RUN (&run, fixture->dir, "runs", "plant.dtwin");
          assert_success (&run);
          g_assert_true (g_str_has_prefix (run.out, "1: cancelled, scenario “default”"));
        }
      else
        {
          g_assert_true (g_subprocess_get_if_signaled (process));
          RUN (&run, fixture->dir, "runs", "plant.dtwin");
          assert_success (&run);
          g_assert_true (g_str_has_prefix (run.out, "1: interrupted, scenario “default”"));
          /* How far it came is recorded as it goes. */
          g_assert_null (strstr (run.out, "reached 0 s"));
          g_assert_null (strstr (run.out, "took"));
          g_assert_nonnull (strstr (run.out, "The process computing the run ended before it finished."));
        }
      message = query_text (fixture->project, "PRAGMA quick_check");
      g_assert_cmpstr (message, ==, "ok");
      g_clear_pointer (&message, g_free);
      /* Results up to the stop are there. */
      message = query_text (fixture->project, "SELECT count(*) > 0 FROM sample JOIN signal ON signal.id = sample.signal"
                                              " WHERE signal.name = 'sim/1/Plant/Room.T'");
      g_assert_cmpstr (message, ==, "1");
      g_clear_pointer (&message, g_free);
    }
}

/* With standard error on a terminal, a progress line is drawn in place and erased at the end. */
static void
test_tty (Fixture      *fixture,
          gconstpointer data)
{
  const char *const args[] = { "simulate", "plant.dtwin", "--until", "2d", NULL };
  g_autoptr (GPtrArray) argv = new_argv (args);
  g_autoptr (GSubprocessLauncher) launcher = new_launcher (fixture->dir, G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GString) err = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  int              master = posix_openpt (O_RDWR | O_NOCTTY);
  int              slave;
  char             buffer[4096];

  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);
  slave = open (ptsname (master), O_RDWR | O_NOCTTY);
  g_assert_cmpint (slave, >=, 0);
  g_subprocess_launcher_take_stderr_fd (launcher, slave);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_unix_set_fd_nonblocking (master, TRUE, NULL);
  for (;;)
    {
      gssize n = read (master, buffer, sizeof buffer);

      if (n <= 0)
        break;
      g_string_append_len (err, buffer, n);
    }
  close (master);
  g_test_message ("stderr on a terminal: %s", err->str);
  g_assert_nonnull (strstr (err->str, "\rSimulating… "));
  g_assert_nonnull (strstr (err->str, " of 2 d), elapsed 0:0"));
  g_assert_nonnull (strstr (err->str, "remaining "));
  g_assert_true (g_str_has_suffix (err->str, "\r\033[K"));
  /* The summary is on standard output, unchanged. */
  g_assert_true (g_str_has_prefix (out, "Run 1 of the scenario “default”"));
}

static void
test_help (Fixture      *fixture,
           gconstpointer data)
{
  g_auto (Run) run = { 0 };

  RUN (&run, fixture->dir, "--help");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "  simulate "));
  g_assert_nonnull (strstr (run.out, "  scenario "));
  g_assert_nonnull (strstr (run.out, "  runs "));
  RUN (&run, fixture->dir, "simulate", "--help");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "--set=PATH=VALUE"));
  g_assert_nonnull (strstr (run.out, "--until=DURATION"));
  RUN (&run, fixture->dir, "scenario", "--help");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "save"));
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  twinctl_path = g_getenv ("TWINCTL");
  if (twinctl_path == NULL)
    {
      g_printerr ("TWINCTL is not set; run this test through meson.\n");
      return 1;
    }

  ADD ("/cli/simulate/default", test_default);
  ADD ("/cli/simulate/set", test_set);
  ADD ("/cli/simulate/scenarios", test_scenarios);
  ADD ("/cli/simulate/errors", test_errors);
  ADD ("/cli/simulate/interrupt", test_interrupt);
  ADD ("/cli/simulate/tty", test_tty);
  ADD ("/cli/simulate/help", test_help);

  return g_test_run ();
}
