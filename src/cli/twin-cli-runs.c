/* twin-cli-runs.c: `twinctl runs`, which lists a project's simulation runs or deletes one with its results.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twinctl"

#include "config.h"

#include "twin-cli.h"

#include "history/twin-time-parse.h"
#include "sim/twin-sim-archive.h"

#include <glib/gi18n-lib.h>

#include <string.h>

static gboolean
parse_run_id (const char *text,
              gint64     *id,
              GError    **error)
{
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                   _ ("--delete “%s”: give the number of a run, as twinctl runs lists them."), text);
      return FALSE;
    }
  *id = (gint64) value;
  return TRUE;
}

gboolean
twin_cli_runs (char  ***args,
               GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinSimArchive) archive = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char   *delete_text = NULL;
  g_autofree char   *display = NULL;
  gint64             delete_id = 0;
  const char        *names[] = { "FILE" };
  const GOptionEntry entries[] = {
    { "delete", 0, 0, G_OPTION_ARG_STRING, &delete_text,
      N_ ("Delete the run ID and its result signals instead of listing"), N_ ("ID") },
    { NULL },
  };

  context = twin_cli_context_new (_ ("FILE"),
                                  _ ("List the simulation runs of the project file FILE: number, status, scenario, "
                                     "solver, when it ran, the simulated time reached and, for a run that did not "
                                     "complete, why. Results are the history signals sim/NUMBER/…"),
                                  entries);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;
  if (delete_text != NULL && !parse_run_id (delete_text, &delete_id, error))
    return FALSE;

  display = twin_cli_display_name ((*args)[1]);
  /* Listing opens for writing when it can, so runs whose process died show as interrupted;
   * a file it may not write (permissions, an upgrade that needs the lock) is listed as it is. */
  archive = twin_sim_archive_open ((*args)[1], FALSE, delete_text == NULL ? NULL : error);
  if (archive == NULL && delete_text == NULL)
    archive = twin_sim_archive_open ((*args)[1], TRUE, error);
  if (archive == NULL)
    return FALSE;
  if (delete_text != NULL)
    {
      if (!twin_sim_archive_delete_run (archive, delete_id, error))
        return FALSE;
      /* TRANSLATORS: %s is a project file. */
      g_print (_ ("Deleted run %" G_GINT64_FORMAT " and its results from “%s”.\n"), delete_id, display);
      return TRUE;
    }

  runs = twin_sim_archive_list_runs (archive, error);
  if (runs == NULL)
    return FALSE;
  for (guint i = 0; i < runs->len; i++)
    {
      const TwinSimRunRecord *run = g_ptr_array_index (runs, i);
      g_autofree char        *started = twin_time_format_iso8601 (run->started_us);
      g_autofree char        *reached = twin_format_number (run->t_reached_s);

      /* TRANSLATORS: a run: its number, status (completed, failed…), scenario, solver,
         wall-clock start (ISO 8601) and the simulated seconds it reached. */
      g_string_append_printf (text, _ ("%" G_GINT64_FORMAT ": %s, scenario “%s”, method %s, started %s, reached %s s"),
                              run->id, twin_sim_run_status_to_string (run->status), run->scenario_name,
                              run->method != NULL ? run->method : "-", started, reached);
      /* An interrupted run's end is when that was noticed, not how long it ran. */
      if (run->finished_us > 0 && run->finished_us >= run->started_us && run->status != TWIN_SIM_RUN_INTERRUPTED)
        {
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];

          /* TRANSLATORS: the wall-clock time a run took, in seconds. */
          g_string_append_printf (text, _ (", took %s s"),
                                  g_ascii_formatd (buffer, sizeof buffer, "%.3f",
                                                   (double) (run->finished_us - run->started_us) / G_USEC_PER_SEC));
        }
      g_string_append_c (text, '\n');
      if (run->message != NULL && run->message[0] != '\0')
        {
          g_autofree char *message = g_strdup (run->message);

          g_strdelimit (message, "\r\n", ' ');
          g_string_append_printf (text, "  %s\n", message);
        }
    }
  if (runs->len == 0)
    g_string_append (text, _ ("No simulation runs.\n"));
  return twin_cli_write_stdout (text->str, (gssize) text->len, error);
}
