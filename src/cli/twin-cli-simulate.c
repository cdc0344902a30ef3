/* twin-cli-simulate.c: `twinctl simulate`, which runs a scenario of a project headless and stores the run.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scenario is the one named by --scenario, else the project's first
 * (by name), else a default one (docs/simulation.md). Command-line options
 * change it for this run only; the run record keeps it as it ran. On a
 * terminal a progress line with elapsed and remaining time is drawn on
 * standard error and erased; otherwise a plain line is written there at
 * most every 5 seconds, so short runs print nothing but their summary.
 * Ctrl+C cancels: the run is stored as cancelled, with its results so far.
 */

#define G_LOG_DOMAIN "twinctl"

#include "config.h"

#include "twin-cli.h"

#include "history/twin-time-parse.h"
#include "sim/twin-sim-archive.h"
#include "sim/twin-sim-run.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* A plain progress line, when standard error is not a terminal, at most this often. */
#define PLAIN_INTERVAL_US (5 * G_USEC_PER_SEC)

static volatile sig_atomic_t interrupted;

static void
on_interrupt (int signal_number)
{
  interrupted = 1;
}

typedef struct
{
  GCancellable *cancellable;
  gboolean      draw; /* standard error is a terminal */
  gboolean      drawn;
  gint64        started_us;
  gint64        last_plain_us;
  double        duration_s;
} Progress;

/* "2 h 30 min", "3 d 4 h", "45 s", "0.25 s", "1.5 y": a simulated span for people. */
static char *
dup_span (double seconds)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (seconds < 60.0)
    {
      /* TRANSLATORS: a span of simulated time in seconds; %s is a number. */
      return g_strdup_printf (_ ("%s s"), g_ascii_formatd (buffer, sizeof buffer, "%.3g", seconds));
    }
  if (seconds < 3600.0)
    {
      guint64 s = (guint64) floor (seconds + 0.5);

      if (s % 60 == 0)
        return g_strdup_printf (_ ("%" G_GUINT64_FORMAT " min"), s / 60);
      return g_strdup_printf (_ ("%" G_GUINT64_FORMAT " min %" G_GUINT64_FORMAT " s"), s / 60, s % 60);
    }
  if (seconds < 86400.0)
    {
      guint64 m = (guint64) floor (seconds / 60.0 + 0.5);

      if (m % 60 == 0)
        return g_strdup_printf (_ ("%" G_GUINT64_FORMAT " h"), m / 60);
      return g_strdup_printf (_ ("%" G_GUINT64_FORMAT " h %" G_GUINT64_FORMAT " min"), m / 60, m % 60);
    }
  if (seconds >= 365.0 * 86400.0)
    {
      /* TRANSLATORS: a span of simulated time in years of 365 days; %s is a number. */
      return g_strdup_printf (_ ("%s y"), g_ascii_formatd (buffer, sizeof buffer, "%.4g", seconds / (365.0 * 86400.0)));
    }
  {
    guint64 h = (guint64) floor (seconds / 3600.0 + 0.5);

    if (h % 24 == 0)
      return g_strdup_printf (_ ("%" G_GUINT64_FORMAT " d"), h / 24);
    return g_strdup_printf (_ ("%" G_GUINT64_FORMAT " d %" G_GUINT64_FORMAT " h"), h / 24, h % 24);
  }
}

/* "0:07", "12:30", "1:02:03": wall-clock time. */
static char *
dup_clock (double seconds)
{
  guint64 s = seconds > 0.0 && isfinite (seconds) ? (guint64) floor (seconds + 0.5) : 0;

  if (s >= 3600)
    return g_strdup_printf ("%" G_GUINT64_FORMAT ":%02u:%02u", s / 3600, (guint) (s / 60 % 60), (guint) (s % 60));
  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%02u", s / 60, (guint) (s % 60));
}

static void
on_progress (double   fraction,
             double   t_s,
             gpointer user_data)
{
  Progress        *progress = user_data;
  gint64           now_us = g_get_monotonic_time ();
  double           elapsed_s = (double) (now_us - progress->started_us) / G_USEC_PER_SEC;
  g_autofree char *done = NULL;
  g_autofree char *total = NULL;
  g_autofree char *elapsed = NULL;
  g_autofree char *remaining = NULL;

  if (interrupted)
    g_cancellable_cancel (progress->cancellable);
  if (!progress->draw && now_us - progress->last_plain_us < PLAIN_INTERVAL_US)
    return;
  progress->last_plain_us = now_us;
  done = dup_span (t_s);
  total = dup_span (progress->duration_s);
  elapsed = dup_clock (elapsed_s);
  remaining = fraction > 0.001 ? dup_clock (elapsed_s * (1.0 - fraction) / fraction) : g_strdup ("?");
  if (progress->draw)
    {
      /* Carriage return, the line, "erase to end of line". */
      g_printerr ("\r");
      /* TRANSLATORS: a progress line, rewritten in place: percent, simulated time reached and asked,
         wall-clock time elapsed and an estimate of the time remaining. */
      g_printerr (_ ("Simulating… %d%% (%s of %s), elapsed %s, remaining %s"), (int) floor (fraction * 100.0), done,
                  total, elapsed, remaining);
      g_printerr ("\033[K");
      progress->drawn = TRUE;
    }
  else
    {
      /* TRANSLATORS: a progress line in a log: the same as the one rewritten in place. */
      g_printerr (_ ("Simulating: %d%% (%s of %s), elapsed %s, remaining %s"), (int) floor (fraction * 100.0), done,
                  total, elapsed, remaining);
      g_printerr ("\n");
    }
}

static void
start_progress (Progress     *progress,
                GCancellable *cancellable,
                double        duration_s)
{
  struct sigaction action = { 0 };

  progress->cancellable = cancellable;
  progress->draw = isatty (fileno (stderr));
  progress->started_us = g_get_monotonic_time ();
  progress->last_plain_us = progress->started_us;
  progress->duration_s = duration_s;
  interrupted = 0;
  action.sa_handler = on_interrupt;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, NULL);
}

static void
stop_progress (Progress *progress)
{
  signal (SIGINT, SIG_DFL);
  if (progress->drawn)
    g_printerr ("\r\033[K");
}

static gboolean
parse_positive_number (const char *text,
                       const char *option,
                       double     *value,
                       GError    **error)
{
  char *end = NULL;

  if (text == NULL)
    return TRUE;
  *value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (*value) || *value <= 0.0)
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                   /* TRANSLATORS: %s are an option (--rtol) and what followed it. */
                   _ ("%s “%s”: write a positive number with a dot, such as 1e-6."), option, text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_duration_option (const char *text,
                       const char *option,
                       double     *seconds,
                       GError    **error)
{
  g_autoptr (GError) local_error = NULL;

  if (text == NULL)
    return TRUE;
  if (!twin_sim_parse_duration (text, seconds, &local_error))
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, "%s: %s", option, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* Writes the kept results as CSV: a column "time" (ISO 8601, UTC), then one
 * per recorded variable named after it; a value that is not finite is left empty. */
static gboolean
write_csv (TwinSimRun *run,
           const char *path,
           GError    **error)
{
  const TwinSimScenario *scenario = twin_sim_run_get_scenario (run);
  GPtrArray             *names = twin_sim_run_get_recorded_names (run);
  GArray                *times = twin_sim_run_get_times (run);
  g_autoptr (GString) text = g_string_new ("time");
  g_autoptr (GError) local_error = NULL;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      g_string_append_c (text, ',');
      if (strpbrk (name, ",\"\r\n") != NULL)
        {
          g_autofree char *escaped = NULL;
          g_auto (GStrv) parts = g_strsplit (name, "\"", -1);

          escaped = g_strjoinv ("\"\"", parts);
          g_string_append_printf (text, "\"%s\"", escaped);
        }
      else
        g_string_append (text, name);
    }
  g_string_append_c (text, '\n');
  for (guint row = 0; times != NULL && row < times->len; row++)
    {
      double           t_s = g_array_index (times, double, row);
      g_autofree char *time = twin_time_format_iso8601 (scenario->start_us + (gint64) llround (t_s * G_USEC_PER_SEC));

      g_string_append (text, time);
      for (guint i = 0; i < names->len; i++)
        {
          double value = g_array_index (twin_sim_run_get_values (run, i), double, row);

          g_string_append_c (text, ',');
          if (isfinite (value))
            {
              g_autofree char *number = twin_format_number (value);

              g_string_append (text, number);
            }
        }
      g_string_append_c (text, '\n');
    }
  if (!g_file_set_contents (path, text->str, (gssize) text->len, &local_error))
    {
      g_autofree char *display = g_filename_display_basename (path);

      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED, _ ("Could not write “%s”: %s"), display,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* The scenario to run: --scenario, else the first stored, else the default. */
static TwinSimScenario *
choose_scenario (TwinSimArchive *archive,
                 const char     *name,
                 GError        **error)
{
  g_autoptr (GPtrArray) scenarios = NULL;

  if (name != NULL)
    return twin_sim_archive_load_scenario (archive, name, error);
  scenarios = twin_sim_archive_list_scenarios (archive, error);
  if (scenarios == NULL)
    return NULL;
  if (scenarios->len > 0)
    return twin_sim_scenario_copy (g_ptr_array_index (scenarios, 0));
  return twin_sim_scenario_new ("default");
}

gboolean
twin_cli_simulate (char  ***args,
                   GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinSimArchive) archive = NULL;
  g_autoptr (TwinSimScenario) scenario = NULL;
  g_autoptr (TwinModel) model = NULL;
  g_autoptr (TwinSimRun) run = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GError) csv_error = NULL;
  g_auto (GStrv) assignments = NULL;
  g_autofree char          *scenario_name = NULL;
  g_autofree char          *until = NULL;
  g_autofree char          *csv = NULL;
  g_autofree char          *method = NULL;
  g_autofree char          *rtol = NULL;
  g_autofree char          *atol = NULL;
  g_autofree char          *output_interval = NULL;
  g_autofree char          *display = NULL;
  g_autofree char          *span = NULL;
  g_autofree char          *first = NULL;
  g_autofree char          *last = NULL;
  const TwinSimSolveReport *report;
  Progress                  progress = { 0 };
  TwinSimMethod             method_value = TWIN_SIM_METHOD_AUTO;
  double                    duration_s = 0.0;
  double                    interval_s = 0.0;
  double                    rtol_value = 0.0;
  double                    atol_value = 0.0;
  gboolean                  ok;
  const char               *names[] = { "FILE" };
  const GOptionEntry        entries[] = {
           { "scenario", 0, 0, G_OPTION_ARG_STRING, &scenario_name,
             N_ ("Run the stored scenario NAME (default: the first by name, else a default one)"), N_ ("NAME") },
           { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &assignments,
             N_ ("Override a parameter for this run, in its unit (Office/Heater.heating_power=2000); repeat for more"),
             N_ ("PATH=VALUE") },
           { "until", 0, 0, G_OPTION_ARG_STRING, &until,
             N_ ("Simulate this long instead: seconds or a number with a unit (90s, 15min, 2h, 30d, 1y)"),
             N_ ("DURATION") },
           { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv,
             N_ ("Also write the recorded variables to OUT.csv (a column per variable, a row per output time)"),
             N_ ("OUT.csv") },
           { "method", 0, 0, G_OPTION_ARG_STRING, &method,
             N_ ("The solver: auto, rk8pd, rkf45, msbdf, bsimp, cvode-band or cvode-klu"), N_ ("METHOD") },
           { "rtol", 0, 0, G_OPTION_ARG_STRING, &rtol, N_ ("The relative tolerance (such as 1e-6)"), N_ ("TOL") },
           { "atol", 0, 0, G_OPTION_ARG_STRING, &atol, N_ ("The absolute tolerance (such as 1e-8)"), N_ ("TOL") },
           { "output-interval", 0, 0, G_OPTION_ARG_STRING, &output_interval,
             N_ ("The time between output points (such as 15min)"), N_ ("DURATION") },
           { NULL },
  };

  context = twin_cli_context_new (_ ("FILE"),
                                  _ ("Simulate the twin of the project file FILE over a scenario and store the run "
                                     "in it: its results become history signals named sim/RUN/VARIABLE. Exits with "
                                     "status 1 when the model cannot be simulated or the run fails; the results up "
                                     "to a failure are kept. See docs/simulation.md."),
                                  entries);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;

  if (!parse_duration_option (until, "--until", &duration_s, error) ||
      !parse_duration_option (output_interval, "--output-interval", &interval_s, error) ||
      !parse_positive_number (rtol, "--rtol", &rtol_value, error) ||
      !parse_positive_number (atol, "--atol", &atol_value, error))
    return FALSE;
  if (method != NULL && !twin_sim_method_from_string (method, &method_value))
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                   _ ("--method “%s”: use auto, rk8pd, rkf45, msbdf, bsimp, cvode-band or cvode-klu."), method);
      return FALSE;
    }
  if (csv != NULL && twin_cli_is_same_file (csv, (*args)[1]))
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, _ ("--csv names the project file itself."));
      return FALSE;
    }

  display = twin_cli_display_name ((*args)[1]);
  /* The archive first: it brings an older file up to date, which a read-only model load cannot. */
  archive = twin_sim_archive_open ((*args)[1], FALSE, error);
  if (archive == NULL)
    return FALSE;
  model = twin_cli_load_model ((*args)[1], NULL, error);
  if (model == NULL)
    return FALSE;
  scenario = choose_scenario (archive, scenario_name, error);
  if (scenario == NULL)
    return FALSE;

  if (until != NULL)
    scenario->duration_s = duration_s;
  if (output_interval != NULL)
    scenario->solver.output_interval_s = interval_s;
  if (rtol != NULL)
    scenario->solver.rtol = rtol_value;
  if (atol != NULL)
    scenario->solver.atol = atol_value;
  if (method != NULL)
    scenario->solver.method = method_value;
  for (guint i = 0; assignments != NULL && assignments[i] != NULL; i++)
    if (!twin_sim_scenario_add_override_text (scenario, assignments[i], &local_error))
      {
        g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, "--set: %s", local_error->message);
        return FALSE;
      }

  run = twin_sim_run_prepare ((*args)[1], twin_model_get_root (model), scenario, &local_error);
  if (run == NULL)
    {
      /* TRANSLATORS: %s are a project file, a scenario and the engine's reason. */
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED, _ ("“%s” cannot be simulated with the scenario “%s”: %s"),
                   display, scenario->name, local_error->message);
      return FALSE;
    }
  g_clear_object (&archive);
  if (csv != NULL)
    twin_sim_run_set_keep_in_memory (run, TRUE);

  start_progress (&progress, cancellable, scenario->duration_s);
  ok = twin_sim_run_execute (run, on_progress, &progress, cancellable, &local_error);
  stop_progress (&progress);
  report = twin_sim_run_get_report (run);

  /* A failed or cancelled run's results up to there are worth having too. */
  if (csv != NULL && twin_sim_run_get_id (run) > 0 && !write_csv (run, csv, &csv_error))
    {
      if (ok)
        {
          g_propagate_error (error, g_steal_pointer (&csv_error));
          return FALSE;
        }
      twin_cli_print_warning (csv_error->message);
    }
  if (!ok)
    {
      if (twin_sim_run_get_id (run) > 0 && !g_error_matches (local_error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_CANCELLED))
        /* TRANSLATORS: %s are the run's number, the project file and the solver's reason. */
        g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED,
                     _ ("Simulation run %" G_GINT64_FORMAT " of “%s” failed; its results up to the failure are kept. %s"),
                     twin_sim_run_get_id (run), display, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  span = dup_span (scenario->duration_s);
  first = twin_time_format_iso8601 (scenario->start_us);
  last = twin_time_format_iso8601 (scenario->start_us + (gint64) llround (scenario->duration_s * G_USEC_PER_SEC));
  /* TRANSLATORS: %s are a scenario's name and the project file. */
  g_print (_ ("Run %" G_GINT64_FORMAT " of the scenario “%s” in “%s” completed.\n"), twin_sim_run_get_id (run),
           scenario->name, display);
  /* TRANSLATORS: the simulated span ("1 d"), its first and last time. */
  g_print (_ ("Simulated: %s, %s … %s\n"), span, first, last);
  g_print (_ ("Method: %s\n"), twin_sim_method_to_string (report->method));
  if (report->reason != NULL)
    g_print (_ ("Why: %s\n"), report->reason);
  g_print (_ ("Steps: %" G_GUINT64_FORMAT ", right-hand sides: %" G_GUINT64_FORMAT ", Jacobians: %" G_GUINT64_FORMAT
              ", events: %" G_GUINT64_FORMAT "\n"),
           report->n_steps, report->n_rhs, report->n_jacobian, report->n_events);
  /* TRANSLATORS: how many variables were stored, and the signal name pattern (sim/3/…). */
  g_print (_ ("Recorded: %u variables as signals sim/%" G_GINT64_FORMAT "/…\n"),
           twin_sim_run_get_recorded_names (run)->len, twin_sim_run_get_id (run));
  if (csv != NULL)
    {
      g_autofree char *csv_display = g_filename_display_name (csv);

      g_print (_ ("Wrote “%s”.\n"), csv_display);
    }
  return TRUE;
}
