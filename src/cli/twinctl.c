/* twinctl.c: the entry point of twinctl, the command-line front end over the core: global options and dispatch.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exit statuses: 0 on success; 1 for a user error (a missing or refused
 * file, bad JSON), reported as one line "twinctl: <message>" on standard
 * error, or when `validate` found problems (listed on standard output);
 * 2 for a wrong command line, with a hint to --help.
 */

#define G_LOG_DOMAIN "twinctl"

#include "config.h"

#include "twin-cli.h"

#include <glib/gi18n-lib.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const TwinCliCommand commands[] = {
  { "new", N_ ("Create a project file, empty or from the JSON form"), twin_cli_new },
  { "info", N_ ("Show a project file’s entity count, tree depth, schema version and size"), twin_cli_info },
  { "tree", N_ ("Draw a project’s entity hierarchy"), twin_cli_tree },
  { "export-json", N_ ("Write a project’s model in the JSON form"), twin_cli_export_json },
  { "import-json", N_ ("Replace a project’s model with one in the JSON form"), twin_cli_import_json },
  { "validate", N_ ("Check a project’s structure: ports, connections, loops, parameters"), twin_cli_validate },
  { "render", N_ ("Draw a project’s 3D view into a PNG picture, with no display needed"), twin_cli_render },
  { "import-mesh", N_ ("Add a CAD or 3D mesh file to a project, plain or as a tree of parts"), twin_cli_import_mesh },
  { "export-gltf", N_ ("Write a project’s 3D scene as a binary glTF file for AR and web viewers"), twin_cli_export_gltf },
  { "history", N_ ("Import, export and list a project’s signal history as CSV"), twin_cli_history },
  { "bind", N_ ("Tie a signal’s history to the entity property it measures"), twin_cli_bind },
  { "feed", N_ ("Add, list and remove a project’s live MQTT feeds"), twin_cli_feed },
  { "simulate", N_ ("Simulate a project’s twin over a scenario and store the run"), twin_cli_simulate },
  { "scenario", N_ ("List, show, save and delete a project’s simulation scenarios"), twin_cli_scenario },
  { "runs", N_ ("List a project’s simulation runs, or delete one with its results"), twin_cli_runs },
  { "record", N_ ("Record a project’s live MQTT feeds into its history until stopped"), twin_cli_record },
  { "emulate", N_ ("Play a project’s physical system: publish simulated or recorded readings over MQTT"), twin_cli_emulate },
  { "alarm", N_ ("Add, list and remove a project’s alarm rules and read its alarm log"), twin_cli_alarm },
  { "command", N_ ("Bind, send and log setpoints sent to the physical system over MQTT"), twin_cli_command },
};

static const TwinCliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (commands[i].name, name))
        return &commands[i];
    }
  return NULL;
}

static char *
dup_commands_description (void)
{
  GString *text = g_string_new (_ ("Commands:"));

  g_string_append_c (text, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-13s %s\n", commands[i].name, _ (commands[i].summary));
  g_string_append_c (text, '\n');
  g_string_append (text, _ ("Run “twinctl COMMAND --help” for the options of a command."));
  return g_string_free (text, FALSE);
}

/* Prints @message as one line "twinctl: message", the GNU way: a message
 * that spans lines would break scripts that read the first line of
 * standard error, and the core's and GLib's messages differ on a final
 * full stop, so none is printed. */
static void
print_error_line (const char *message)
{
  g_autofree char *line = g_strdup (message);
  gsize            length;

  g_strdelimit (line, "\r\n", ' ');
  g_strchomp (line);
  length = strlen (line);
  if (length > 0 && line[length - 1] == '.')
    line[length - 1] = '\0';
  g_printerr ("twinctl: %s\n", line);
}

static int finish_output (const char *command);

static int
report_error (const GError *error,
              const char   *command)
{
  /* The command has printed its findings; only the exit status is left. */
  if (g_error_matches (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_PROBLEMS_FOUND))
    {
      finish_output (command);
      return TWIN_CLI_EXIT_ERROR;
    }

  if (error->domain == G_OPTION_ERROR ||
      g_error_matches (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE))
    {
      print_error_line (error->message);
      if (command != NULL)
        g_printerr (_ ("Try “twinctl %s --help” for more information."), command);
      else
        g_printerr (_ ("Try “twinctl --help” for more information."));
      g_printerr ("\n");
      return TWIN_CLI_EXIT_USAGE;
    }

  print_error_line (error->message);
  return TWIN_CLI_EXIT_ERROR;
}

/* g_print () does not report a full disk or a closed pipe: a command that
 * printed its result has only succeeded once the result is out. */
static int
finish_output (const char *command)
{
  g_autoptr (GError) error = NULL;

  if (fflush (stdout) != 0 || ferror (stdout))
    {
      g_set_error_literal (&error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED,
                           _ ("Could not write to standard output."));
      return report_error (error, command);
    }
  return TWIN_CLI_EXIT_OK;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = NULL;
  g_autofree char      *description = NULL;
  g_autofree char      *command_prgname = NULL;
  const TwinCliCommand *command;
  gboolean              version = FALSE;
  const GOptionEntry    entries[] = {
       { "version", 'V', 0, G_OPTION_ARG_NONE, &version, N_ ("Show the version and exit"), NULL },
       { NULL },
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("twinctl");

  /* Global options stop at the first non-option, the command; everything
   * after it belongs to the command's own option context. */
  description = dup_commands_description ();
  context = twin_cli_context_new (_ ("COMMAND [ARGUMENT…]"),
                                  _ ("Create, inspect, check, export and import Twin Studio project files (.dtwin)."),
                                  entries);
  g_option_context_set_description (context, description);
  g_option_context_set_strict_posix (context, TRUE);

  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    return report_error (error, NULL);

  if (version)
    {
      g_print ("twinctl %s\n", PACKAGE_VERSION);
      return finish_output (NULL);
    }

  if (args[1] == NULL)
    {
      g_set_error_literal (&error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                           _ ("Missing command."));
      return report_error (error, NULL);
    }

  command = find_command (args[1]);
  if (command == NULL)
    {
      g_set_error (&error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                   _ ("Unknown command “%s”."), args[1]);
      return report_error (error, NULL);
    }

  /* The command sees its own display name in place of "twinctl". */
  command_prgname = g_strdup_printf ("twinctl %s", command->name);
  g_free (args[1]);
  args[1] = g_steal_pointer (&command_prgname);
  {
    g_auto (GStrv) command_args = g_strdupv (args + 1);

    if (!command->run (&command_args, &error))
      return report_error (error, command->name);
  }

  return finish_output (command->name);
}
