/* twin-cli-history.c: `twinctl history import|export|list`, which moves a project's time series in and out as CSV.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `import` reads the whole CSV file inside one transaction of the
 * project's historian: a bad row, Ctrl+C or a killed process leaves the
 * project file as it was, byte for byte. `export` writes a CSV table to a
 * file (replaced only once complete) or to standard output. `list` prints
 * the signals, for people or, with --json, for scripts. On a terminal a
 * progress line is drawn on standard error and erased; in a pipe nothing.
 */

#define G_LOG_DOMAIN "twinctl"

#include "config.h"

#include "twin-cli.h"

#include "history/twin-csv-export.h"
#include "history/twin-csv-import.h"
#include "history/twin-historian.h"
#include "history/twin-time-parse.h"

#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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
  int           last_percent;
  gboolean      exporting; /* the line says "Writing", else "Importing" */
  const char   *name;
} Progress;

static void
on_progress (double   fraction,
             gpointer user_data)
{
  Progress *progress = user_data;
  int       percent = (int) floor (fraction * 100.0);

  if (interrupted)
    g_cancellable_cancel (progress->cancellable);
  if (!progress->draw || percent == progress->last_percent)
    return;
  progress->last_percent = percent;
  g_printerr ("\r");
  if (progress->exporting)
    /* TRANSLATORS: a progress line, rewritten in place; %s is a file name. */
    g_printerr (_ ("Writing “%s”… %d%%"), progress->name, percent);
  else
    /* TRANSLATORS: a progress line, rewritten in place; %s is a file name. */
    g_printerr (_ ("Importing “%s”… %d%%"), progress->name, percent);
}

static void
clear_progress (Progress *progress)
{
  /* Erase the line: carriage return, then "erase to end of line". */
  if (progress->draw && progress->last_percent >= 0)
    g_printerr ("\r\033[K");
}

static void
start_progress (Progress     *progress,
                GCancellable *cancellable,
                gboolean      exporting,
                const char   *name)
{
  struct sigaction action = { 0 };

  progress->cancellable = cancellable;
  progress->draw = isatty (fileno (stderr));
  progress->last_percent = -1;
  progress->exporting = exporting;
  progress->name = name;
  interrupted = 0;
  action.sa_handler = on_interrupt;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, NULL);
}

static void
stop_progress (Progress *progress)
{
  signal (SIGINT, SIG_DFL);
  clear_progress (progress);
}

/* Opens the history of @path; a project of an older format is first
 * brought up to date, as Twin Studio does when it opens one. */
static TwinHistorian *
open_historian (const char *path,
                gboolean    read_only,
                GError    **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (TwinStore) store = NULL;
  TwinHistorian *historian;

  historian = twin_historian_open (path, read_only, &local_error);
  if (historian != NULL || read_only || !g_error_matches (local_error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_INVALID))
    {
      if (historian == NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return historian;
    }
  store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, NULL);
  if (store == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  twin_store_close (store);
  return twin_historian_open (path, read_only, error);
}

/* "COLUMN=SIGNAL" pairs into a table; NULL without pairs. */
static gboolean
parse_pairs (char       **pairs,
             const char  *option,
             const char  *form,
             GHashTable **table,
             GError     **error)
{
  *table = NULL;
  if (pairs == NULL)
    return TRUE;
  *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *equals = strchr (pairs[i], '=');

      if (equals == NULL || equals == pairs[i])
        {
          g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                       /* TRANSLATORS: %s are an option (--map), what followed it and the form
                          expected (COLUMN=SIGNAL). */
                       _ ("%s “%s”: write %s."), option, pairs[i], form);
          return FALSE;
        }
      {
        g_autofree char *column = g_strndup (pairs[i], (gsize) (equals - pairs[i]));

        if (g_hash_table_contains (*table, column))
          {
            g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                         _ ("%s names the column “%s” twice."), option, column);
            return FALSE;
          }
        g_hash_table_insert (*table, g_steal_pointer (&column), g_strdup (equals + 1));
      }
    }
  return TRUE;
}

static gboolean
parse_separator (const char *text,
                 const char *option,
                 gboolean    is_decimal,
                 char       *separator,
                 GError    **error)
{
  *separator = 0;
  if (text == NULL)
    return TRUE;
  if (g_str_equal (text, ","))
    *separator = ',';
  else if (g_str_equal (text, ".") && is_decimal)
    *separator = '.';
  else if (g_str_equal (text, ";") && !is_decimal)
    *separator = ';';
  else if ((g_str_equal (text, "tab") || g_str_equal (text, "\\t") || g_str_equal (text, "\t")) && !is_decimal)
    *separator = '\t';
  else
    {
      if (is_decimal)
        g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                     _ ("%s “%s”: use . or , (a dot or a comma)."), option, text);
      else
        g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                     _ ("%s “%s”: use , or ; or tab."), option, text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
history_import (char  ***args,
                GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (TwinCsvImportReport) report = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GHashTable) map = NULL;
  g_autoptr (GHashTable) units = NULL;
  g_autoptr (GTimeZone) zone = NULL;
  g_autoptr (GError) local_error = NULL;
  g_auto (GStrv) map_pairs = NULL;
  g_auto (GStrv) unit_pairs = NULL;
  g_autofree char     *time_column = NULL;
  g_autofree char     *time_format = NULL;
  g_autofree char     *zone_name = NULL;
  g_autofree char     *delimiter = NULL;
  g_autofree char     *decimal = NULL;
  g_autofree char     *project_name = NULL;
  g_autofree char     *csv_name = NULL;
  g_autofree char     *first = NULL;
  g_autofree char     *last = NULL;
  TwinCsvImportOptions options;
  Progress             progress = { 0 };
  const char          *names[] = { "FILE", "DATA.csv" };
  const GOptionEntry   entries[] = {
      { "map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &map_pairs,
        N_ ("Import the column COLUMN (a name or a number from 1) as the signal SIGNAL; with --map only the "
              "columns named are imported"),
        N_ ("COLUMN=SIGNAL") },
      { "time-column", 0, 0, G_OPTION_ARG_STRING, &time_column,
        N_ ("The column of the times (default: the first named like date, time or timestamp, else the first)"),
        N_ ("COLUMN") },
      { "time-format", 0, 0, G_OPTION_ARG_STRING, &time_format,
        N_ ("How times are written: auto, iso8601, s, ms, us, or a pattern such as “%d.%m.%Y %H:%M:%S”"),
        N_ ("FORMAT") },
      { "time-zone", 0, 0, G_OPTION_ARG_STRING, &zone_name,
        N_ ("The zone of times written without an offset: local (the default), UTC, Europe/Berlin or +01:00"),
        N_ ("ZONE") },
      { "unit", 0, 0, G_OPTION_ARG_STRING_ARRAY, &unit_pairs,
        N_ ("The unit of the column COLUMN’s signal"), N_ ("COLUMN=UNIT") },
      { "delimiter", 0, 0, G_OPTION_ARG_STRING, &delimiter,
        N_ ("The field separator: , or ; or tab (default: detected)"), N_ ("D") },
      { "decimal", 0, 0, G_OPTION_ARG_STRING, &decimal,
        N_ ("The decimal separator: . or , (default: detected)"), N_ ("SEPARATOR") },
      { NULL },
  };

  context = twin_cli_context_new (_ ("FILE DATA.csv"),
                                  _ ("Import the time series of the CSV file DATA.csv into the project file FILE: "
                                     "one row per time, one signal per numeric column. Either the whole file is "
                                     "imported or, when a row cannot be read, nothing. See docs/history-csv.md."),
                                  entries);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;

  twin_csv_import_options_init (&options);
  if (!parse_pairs (map_pairs, "--map", _ ("COLUMN=SIGNAL"), &map, error) ||
      !parse_pairs (unit_pairs, "--unit", _ ("COLUMN=UNIT"), &units, error) ||
      !parse_separator (delimiter, "--delimiter", FALSE, &options.delimiter, error) ||
      !parse_separator (decimal, "--decimal", TRUE, &options.decimal, error))
    return FALSE;
  zone = twin_time_zone_new (zone_name, &local_error);
  if (zone == NULL)
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, local_error->message);
      return FALSE;
    }
  {
    g_autoptr (TwinTimeParser) check = twin_time_parser_new (time_format, zone, &local_error);

    if (check == NULL)
      {
        g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, local_error->message);
        return FALSE;
      }
  }
  options.map = map;
  options.units = units;
  options.time_column = time_column;
  options.time_format = time_format;
  options.time_zone = zone;

  project_name = twin_cli_display_name ((*args)[1]);
  csv_name = g_filename_display_basename ((*args)[2]);
  if (!g_file_test ((*args)[2], G_FILE_TEST_EXISTS))
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED,
                   _ ("Could not read “%s”: there is no such file."), csv_name);
      return FALSE;
    }
  historian = open_historian ((*args)[1], FALSE, error);
  if (historian == NULL)
    return FALSE;

  start_progress (&progress, cancellable, FALSE, csv_name);
  report = twin_csv_import_file (historian, (*args)[2], &options, on_progress, &progress, cancellable, &local_error);
  stop_progress (&progress);
  if (report == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED,
                     _ ("The import of “%s” was interrupted; nothing was imported into “%s”."), csv_name, project_name);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* TRANSLATORS: %s are a CSV file name and a project file name. */
  g_print (_ ("Imported “%s” into “%s”.\n"), csv_name, project_name);
  g_print (_ ("Rows: %" G_GUINT64_FORMAT "\n"), report->n_rows);
  g_print (_ ("Samples: %" G_GUINT64_FORMAT "\n"), report->n_samples);
  g_print (_ ("Signals: %u\n"), report->signals->len);
  for (guint i = 0; i < report->signals->len; i++)
    g_print ("  %s\n", (char *) g_ptr_array_index (report->signals, i));
  if (report->n_rows > 0)
    {
      first = twin_time_format_iso8601 (report->first_us);
      last = twin_time_format_iso8601 (report->last_us);
      /* TRANSLATORS: the first and the last time of the file. */
      g_print (_ ("Time range: %s … %s\n"), first, last);
    }
  for (guint i = 0; i < report->notes->len; i++)
    /* TRANSLATORS: %s is a sentence on how the file was read. */
    g_print (_ ("Note: %s\n"), (char *) g_ptr_array_index (report->notes, i));
  return TRUE;
}

static gboolean
parse_time_option (const char *text,
                   const char *option,
                   GTimeZone  *zone,
                   gint64     *t_us,
                   GError    **error)
{
  g_autoptr (GError) local_error = NULL;

  if (text == NULL)
    return TRUE;
  if (!twin_time_parse (text, zone, t_us, &local_error))
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, "%s: %s", option, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
history_export (char  ***args,
                GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GTimeZone) zone = NULL;
  g_autoptr (GError) local_error = NULL;
  g_auto (GStrv) signals = NULL;
  g_autofree char   *from_text = NULL;
  g_autofree char   *to_text = NULL;
  g_autofree char   *zone_name = NULL;
  g_autofree char   *output = NULL;
  gint64             from_us = G_MININT64;
  gint64             to_us = G_MAXINT64;
  gboolean           ok;
  const char        *names[] = { "FILE" };
  const GOptionEntry entries[] = {
    { "signal", 0, 0, G_OPTION_ARG_STRING_ARRAY, &signals,
      N_ ("Export the signal NAME, as one column; repeat for more (default: every signal)"), N_ ("NAME") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text,
      N_ ("Start at time T (inclusive): ISO 8601 or seconds, milliseconds or microseconds since 1970"), N_ ("T") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text,
      N_ ("End at time T (exclusive)"), N_ ("T") },
    { "time-zone", 0, 0, G_OPTION_ARG_STRING, &zone_name,
      N_ ("The zone of --from and --to when written without an offset (default: local)"), N_ ("ZONE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_ ("Write to OUT.csv instead of standard output"), N_ ("OUT.csv") },
    { NULL },
  };

  context = twin_cli_context_new (_ ("FILE"),
                                  _ ("Write signals of the project file FILE as a CSV table: a column per signal, "
                                     "a row per time (ISO 8601, UTC), numbers with a dot. twinctl history import "
                                     "reads it back unchanged."),
                                  entries);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;

  zone = twin_time_zone_new (zone_name, &local_error);
  if (zone == NULL)
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, local_error->message);
      return FALSE;
    }
  if (!parse_time_option (from_text, "--from", zone, &from_us, error) ||
      !parse_time_option (to_text, "--to", zone, &to_us, error))
    return FALSE;
  if (from_us >= to_us)
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                           _ ("--from must be earlier than --to."));
      return FALSE;
    }
  if (output != NULL && twin_cli_is_same_file (output, (*args)[1]))
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                           _ ("--output names the project file itself."));
      return FALSE;
    }

  historian = open_historian ((*args)[1], TRUE, error);
  if (historian == NULL)
    return FALSE;

  if (output != NULL)
    {
      g_autofree char *name = g_filename_display_basename (output);
      Progress         progress = { 0 };

      start_progress (&progress, cancellable, TRUE, name);
      ok = twin_csv_export_file (historian, (const char *const *) signals, from_us, to_us, output,
                                 on_progress, &progress, cancellable, &local_error);
      stop_progress (&progress);
    }
  else
    {
      g_autoptr (GOutputStream) stream = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

      fflush (stdout);
      ok = twin_csv_export (historian, (const char *const *) signals, from_us, to_us, stream,
                            NULL, NULL, cancellable, &local_error);
    }
  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static char *
dup_time_json (const TwinSignalInfo *info,
               gint64                t_us)
{
  g_autofree char *text = NULL;

  if (info->n_samples == 0)
    return g_strdup ("null");
  text = twin_time_format_iso8601 (t_us);
  return g_strdup_printf ("\"%s\"", text);
}

static char *
dup_json_string (const char *text)
{
  g_autoptr (JsonNode) node = json_node_init_string (json_node_alloc (), text != NULL ? text : "");

  return json_to_string (node, FALSE);
}

static gboolean
history_list (char  ***args,
              GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (GPtrArray) signals = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  gboolean           as_json = FALSE;
  const char        *names[] = { "FILE" };
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json,
      N_ ("Print a JSON object with stable keys, for scripts"), NULL },
    { NULL },
  };

  context = twin_cli_context_new (_ ("FILE"),
                                  _ ("List the signals of the project file FILE with their units, sample counts "
                                     "and first and last times (UTC). The file is opened read-only."),
                                  entries);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;

  historian = open_historian ((*args)[1], TRUE, error);
  if (historian == NULL)
    return FALSE;
  signals = twin_historian_list_signals (historian, error);
  if (signals == NULL)
    return FALSE;

  if (as_json)
    {
      g_autofree char *display = twin_cli_display_name ((*args)[1]);
      g_autofree char *path = dup_json_string (display);

      g_string_append_printf (text, "{\n  \"path\": %s,\n  \"signals\": [", path);
      for (guint i = 0; i < signals->len; i++)
        {
          const TwinSignalInfo *info = g_ptr_array_index (signals, i);
          g_autofree char      *name = dup_json_string (info->name);
          g_autofree char      *unit = dup_json_string (info->unit);
          g_autofree char      *first = dup_time_json (info, info->first_us);
          g_autofree char      *last = dup_time_json (info, info->last_us);

          g_string_append_printf (text,
                                  "%s\n"
                                  "    {\n"
                                  "      \"name\": %s,\n"
                                  "      \"unit\": %s,\n"
                                  "      \"samples\": %" G_GINT64_FORMAT ",\n"
                                  "      \"first\": %s,\n"
                                  "      \"last\": %s\n"
                                  "    }",
                                  i > 0 ? "," : "", name, unit, info->n_samples, first, last);
        }
      g_string_append (text, signals->len > 0 ? "\n  ]\n}\n" : "]\n}\n");
      return twin_cli_write_stdout (text->str, (gssize) text->len, error);
    }

  for (guint i = 0; i < signals->len; i++)
    {
      const TwinSignalInfo *info = g_ptr_array_index (signals, i);
      g_autofree char      *label = info->unit != NULL && info->unit[0] != '\0'
                                      ? g_strdup_printf ("%s [%s]", info->name, info->unit)
                                      : g_strdup (info->name);

      if (info->n_samples == 0)
        /* TRANSLATORS: a signal ("name [unit]") that has no samples yet. */
        g_string_append_printf (text, _ ("%s: no samples\n"), label);
      else
        {
          g_autofree char *first = twin_time_format_iso8601 (info->first_us);
          g_autofree char *last = twin_time_format_iso8601 (info->last_us);

          /* TRANSLATORS: a signal ("name [unit]"), its sample count, its first and last times. */
          g_string_append_printf (text, _ ("%s: %" G_GINT64_FORMAT " samples, %s … %s\n"), label, info->n_samples,
                                  first, last);
        }
    }
  if (signals->len == 0)
    g_string_append (text, _ ("No signals.\n"));
  return twin_cli_write_stdout (text->str, (gssize) text->len, error);
}

static const struct
{
  const char        *name;
  const char        *summary;
  TwinCliCommandFunc run;
} subcommands[] = {
  { "import", N_ ("Import time series from a CSV file, all of it or nothing"), history_import },
  { "export", N_ ("Write signals as a CSV table"), history_export },
  { "list", N_ ("List the signals with their units, sample counts and time ranges"), history_list },
};

static void
print_help (void)
{
  g_print ("%s\n\n", _ ("Usage: twinctl history COMMAND [OPTION…] FILE …"));
  g_print ("%s\n\n", _ ("Move a project’s signal history in and out as CSV."));
  g_print ("%s\n", _ ("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    g_print ("  %-8s %s\n", subcommands[i].name, _ (subcommands[i].summary));
  g_print ("\n%s\n", _ ("Run “twinctl history COMMAND --help” for the options of a command."));
}

gboolean
twin_cli_history (char  ***args,
                  GError **error)
{
  const char *name = (*args)[1];

  if (name == NULL)
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                           _ ("Missing history command: import, export or list."));
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

          /* The subcommand sees its own display name ("twinctl history import"). */
          g_free (sub_args[0]);
          sub_args[0] = g_strdup_printf ("%s %s", (*args)[0], name);
          return subcommands[i].run (&sub_args, error);
        }
    }
  g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
               _ ("Unknown history command “%s”: use import, export or list."), name);
  return FALSE;
}
