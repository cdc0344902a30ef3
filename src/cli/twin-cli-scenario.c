/* twin-cli-scenario.c: `twinctl scenario list|show|save|delete`, which manages a project's simulation scenarios.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Scenarios travel in their JSON form (docs/simulation.md): `show` prints
 * it, `save` reads it from a file or standard input, checks it whole and
 * stores it (replacing one of the same name), or changes nothing.
 */

#define G_LOG_DOMAIN "twinctl"

#include "config.h"

#include "twin-cli.h"

#include "history/twin-time-parse.h"
#include "sim/twin-sim-archive.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n-lib.h>

#include <string.h>
#include <unistd.h>

static gboolean
scenario_list (char  ***args,
               GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinSimArchive) archive = NULL;
  g_autoptr (GPtrArray) scenarios = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  const char *names[] = { "FILE" };

  context = twin_cli_context_new (_ ("FILE"),
                                  _ ("List the simulation scenarios of the project file FILE with their start, "
                                     "duration, solver and inputs. The file is opened read-only."),
                                  NULL);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;

  archive = twin_sim_archive_open ((*args)[1], TRUE, error);
  if (archive == NULL)
    return FALSE;
  scenarios = twin_sim_archive_list_scenarios (archive, error);
  if (scenarios == NULL)
    return FALSE;
  for (guint i = 0; i < scenarios->len; i++)
    {
      const TwinSimScenario *scenario = g_ptr_array_index (scenarios, i);
      g_autofree char       *start = twin_time_format_iso8601 (scenario->start_us);
      g_autofree char       *duration = twin_format_number (scenario->duration_s);

      /* TRANSLATORS: a scenario: its name, start time, duration in seconds, solver method,
         and counts of inputs and overrides. */
      g_string_append_printf (text, _ ("%s: start %s, %s s, method %s, %u inputs, %u overrides\n"), scenario->name,
                              start, duration, twin_sim_method_to_string (scenario->solver.method),
                              scenario->inputs->len, g_hash_table_size (scenario->overrides));
    }
  if (scenarios->len == 0)
    g_string_append (text, _ ("No scenarios.\n"));
  return twin_cli_write_stdout (text->str, (gssize) text->len, error);
}

static gboolean
scenario_show (char  ***args,
               GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinSimArchive) archive = NULL;
  g_autoptr (TwinSimScenario) scenario = NULL;
  g_autofree char *json = NULL;
  const char      *names[] = { "FILE", "NAME" };

  context = twin_cli_context_new (_ ("FILE NAME"),
                                  _ ("Print the scenario NAME of the project file FILE in its JSON form, which "
                                     "twinctl scenario save reads back."),
                                  NULL);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;

  archive = twin_sim_archive_open ((*args)[1], TRUE, error);
  if (archive == NULL)
    return FALSE;
  scenario = twin_sim_archive_load_scenario (archive, (*args)[2], error);
  if (scenario == NULL)
    return FALSE;
  json = twin_sim_scenario_to_json (scenario);
  return twin_cli_write_stdout (json, -1, error);
}

static char *
read_input (const char *path,
            GError    **error)
{
  g_autoptr (GError) local_error = NULL;
  char *contents = NULL;

  if (path == NULL || g_str_equal (path, "-"))
    {
      g_autoptr (GInputStream) stream = g_unix_input_stream_new (STDIN_FILENO, FALSE);
      g_autoptr (GOutputStream) memory = g_memory_output_stream_new_resizable ();

      if (g_output_stream_splice (memory, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &local_error) < 0 ||
          !g_output_stream_write (memory, "", 1, NULL, &local_error))
        {
          g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED, _ ("Could not read standard input: %s"),
                       local_error->message);
          return NULL;
        }
      return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (memory));
    }
  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      g_autofree char *display = g_filename_display_basename (path);

      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED, _ ("Could not read “%s”: %s"), display,
                   local_error->message);
      return NULL;
    }
  return contents;
}

static gboolean
scenario_save (char  ***args,
               GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinSimArchive) archive = NULL;
  g_autoptr (TwinSimScenario) scenario = NULL;
  g_autofree char *json = NULL;
  g_autofree char *display = NULL;
  const char      *names[] = { "FILE", "SCENARIO.json" };
  guint            n_positional = 0;

  context = twin_cli_context_new (_ ("FILE [SCENARIO.json]"),
                                  _ ("Store the scenario in SCENARIO.json (or standard input, or “-”) in the project "
                                     "file FILE, replacing one of the same name. The whole scenario is checked "
                                     "first: a bad one changes nothing. See docs/simulation.md for the form."),
                                  NULL);
  /* SCENARIO.json may be left out: read standard input then. */
  for (guint i = 1; (*args)[i] != NULL; i++)
    if ((*args)[i][0] != '-' || g_str_equal ((*args)[i], "-"))
      n_positional++;
  if (!twin_cli_parse (context, args, n_positional >= 2 ? 2 : 1, names, error))
    return FALSE;

  json = read_input ((*args)[2], error);
  if (json == NULL)
    return FALSE;
  scenario = twin_sim_scenario_new_from_json (json, error);
  if (scenario == NULL)
    return FALSE;
  archive = twin_sim_archive_open ((*args)[1], FALSE, error);
  if (archive == NULL || !twin_sim_archive_save_scenario (archive, scenario, error))
    return FALSE;
  display = twin_cli_display_name ((*args)[1]);
  /* TRANSLATORS: %s are a scenario's name and a project file. */
  g_print (_ ("Saved the scenario “%s” in “%s”.\n"), scenario->name, display);
  return TRUE;
}

static gboolean
scenario_delete (char  ***args,
                 GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinSimArchive) archive = NULL;
  g_autofree char *display = NULL;
  const char      *names[] = { "FILE", "NAME" };

  context = twin_cli_context_new (_ ("FILE NAME"),
                                  _ ("Delete the scenario NAME of the project file FILE. Its runs are kept, each "
                                     "with the scenario as it ran."),
                                  NULL);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;

  archive = twin_sim_archive_open ((*args)[1], FALSE, error);
  if (archive == NULL || !twin_sim_archive_delete_scenario (archive, (*args)[2], error))
    return FALSE;
  display = twin_cli_display_name ((*args)[1]);
  g_print (_ ("Deleted the scenario “%s” from “%s”.\n"), (*args)[2], display);
  return TRUE;
}

static const struct
{
  const char        *name;
  const char        *summary;
  TwinCliCommandFunc run;
} subcommands[] = {
  { "list", N_ ("List the scenarios"), scenario_list },
  { "show", N_ ("Print a scenario in its JSON form"), scenario_show },
  { "save", N_ ("Store a scenario from its JSON form"), scenario_save },
  { "delete", N_ ("Delete a scenario"), scenario_delete },
};

static void
print_help (void)
{
  g_print ("%s\n\n", _ ("Usage: twinctl scenario COMMAND [OPTION…] FILE …"));
  g_print ("%s\n\n", _ ("Manage a project’s simulation scenarios."));
  g_print ("%s\n", _ ("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    g_print ("  %-8s %s\n", subcommands[i].name, _ (subcommands[i].summary));
  g_print ("\n%s\n", _ ("Run “twinctl scenario COMMAND --help” for the options of a command."));
}

gboolean
twin_cli_scenario (char  ***args,
                   GError **error)
{
  const char *name = (*args)[1];

  if (name == NULL)
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                           _ ("Missing scenario command: list, show, save or delete."));
      return FALSE;
    }
  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      print_help ();
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    {
      if (g_str_equal (subcommands[i].name, name))
        {
          g_auto (GStrv) sub_args = g_strdupv (*args + 1);

          g_free (sub_args[0]);
          sub_args[0] = g_strdup_printf ("%s %s", (*args)[0], name);
          return subcommands[i].run (&sub_args, error);
        }
    }
  g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
               _ ("Unknown scenario command “%s”: use list, show, save or delete."), name);
  return FALSE;
}
