/* twin-cli-util.c: helpers the twinctl commands share: option parsing, opening a twin, writing output.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every command parses its own options with a GOptionContext (so `twinctl
 * COMMAND --help` is GLib's help) and then checks its positional arguments
 * here, so that a missing or extra argument is a usage error (exit status 2)
 * worded the same way by every command.
 */

#define G_LOG_DOMAIN "twinctl"

#include "config.h"

#include "twin-cli.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

G_DEFINE_QUARK (twin_cli_error_quark, twin_cli_error)

/**
 * twin_cli_context_new:
 * @parameter_string: the positional arguments as shown by `--help` ("FILE")
 * @summary: (nullable): one sentence saying what the command does
 * @entries: (nullable): the command's options, ending with an empty entry
 *
 * Returns: (transfer full): an option context translated with our domain
 */
GOptionContext *
twin_cli_context_new (const char         *parameter_string,
                      const char         *summary,
                      const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameter_string);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (summary != NULL)
    g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

/**
 * twin_cli_parse:
 * @context: the command's options
 * @args: (inout): the command's arguments, `(*args)[0]` being its display name;
 *   on return only the display name and the positional arguments are left
 * @n_positional: how many positional arguments the command takes
 * @names: the names of the positional arguments, as in the help ("FILE")
 * @error: return location for a usage error
 *
 * Parses the options and checks that exactly @n_positional arguments remain.
 * The command's display name becomes the program name, so `--help` shows
 * "twinctl info [OPTION…] FILE".
 *
 * Returns: %TRUE if the command line is well formed
 */
gboolean
twin_cli_parse (GOptionContext *context,
                char         ***args,
                guint           n_positional,
                const char    **names,
                GError        **error)
{
  guint n_args;

  g_set_prgname ((*args)[0]);
  if (!g_option_context_parse_strv (context, args, error))
    return FALSE;

  /* GLib keeps the "--" that ends the options when an argument after it
   * starts with a dash ("twinctl info -- -odd-name.dtwin"). */
  for (guint i = 1; (*args)[i] != NULL; i++)
    {
      if (g_str_equal ((*args)[i], "--"))
        {
          g_free ((*args)[i]);
          memmove (&(*args)[i], &(*args)[i + 1], (g_strv_length (*args + i + 1) + 1) * sizeof (char *));
          break;
        }
    }

  n_args = g_strv_length (*args);
  if (n_args < n_positional + 1)
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                   _ ("Missing argument %s."), names[n_args - 1]);
      return FALSE;
    }
  if (n_args > n_positional + 1)
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                   _ ("Unexpected argument “%s”."), (*args)[n_positional + 1]);
      return FALSE;
    }
  for (guint i = 1; i < n_args; i++)
    {
      if ((*args)[i][0] == '\0')
        {
          g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                       _ ("Argument %s is empty."), names[i - 1]);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * twin_cli_display_name:
 * @path: a file name in the file-system encoding
 *
 * Returns: (transfer full): @path as valid UTF-8 for messages
 */
char *
twin_cli_display_name (const char *path)
{
  return g_filename_display_name (path);
}

/**
 * twin_cli_load_model:
 * @path: a project file
 * @out_store: (out) (optional) (transfer full): the store, still open read-only
 * @error: return location for a %TWIN_STORE_ERROR
 *
 * Opens @path read-only, so it works while Twin Studio has the file open,
 * and loads its model.
 *
 * Returns: (transfer full): the model, or %NULL with @error set
 */
TwinModel *
twin_cli_load_model (const char *path,
                     TwinStore **out_store,
                     GError    **error)
{
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinEntity) root = NULL;

  store = twin_store_open (path, TWIN_STORE_FLAGS_READ_ONLY, error);
  if (store == NULL)
    return NULL;
  root = twin_store_load_root (store, error);
  if (root == NULL)
    return NULL;
  if (out_store != NULL)
    *out_store = g_steal_pointer (&store);
  return twin_model_new (root);
}

/**
 * twin_cli_write_stdout:
 * @text: the bytes to write, unchanged (UTF-8 JSON is never converted to the
 *   locale's character set)
 * @length: the length of @text, or -1 if it ends with a nul byte
 * @error: return location for the write error
 *
 * Returns: %TRUE if every byte reached standard output
 */
gboolean
twin_cli_write_stdout (const char *text,
                       gssize      length,
                       GError    **error)
{
  gsize n = length < 0 ? strlen (text) : (gsize) length;

  if (fwrite (text, 1, n, stdout) != n || fflush (stdout) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _ ("Could not write to standard output: %s."),
                   g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/**
 * twin_cli_is_same_file:
 * @path_a: a file name
 * @path_b: another file name
 *
 * Returns: %TRUE if both names exist and are the same file
 */
gboolean
twin_cli_is_same_file (const char *path_a,
                       const char *path_b)
{
  GStatBuf a;
  GStatBuf b;

  if (g_stat (path_a, &a) != 0 || g_stat (path_b, &b) != 0)
    return FALSE;
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/**
 * twin_cli_print_warning:
 * @message: a full sentence
 *
 * Writes "twinctl: warning: MESSAGE" on one line of standard error.
 */
void
twin_cli_print_warning (const char *message)
{
  g_autofree char *line = g_strdup (message);

  g_strdelimit (line, "\r\n", ' ');
  /* Translators: a warning on standard error; %s is a full sentence. */
  g_printerr (_ ("twinctl: warning: %s"), line);
  g_printerr ("\n");
}

/**
 * twin_cli_dup_saved_color_by:
 * @store: an open project file
 * @display: the file's name for messages
 *
 * The project's saved colour-by-value setting (TWIN_COLOR_BY_METADATA_KEY
 * in the store's metadata). A setting this build cannot read is reported
 * as a warning and left out: a picture or a scene is still worth having in
 * type colours.
 *
 * Returns: (transfer full) (nullable): the setting, or %NULL when there is none
 */
TwinColorBy *
twin_cli_dup_saved_color_by (TwinStore  *store,
                             const char *display)
{
  g_autofree char *text = twin_store_dup_metadata (store, TWIN_COLOR_BY_METADATA_KEY);
  g_autoptr (GError) error = NULL;
  TwinColorBy *color_by;

  if (text == NULL || *text == '\0')
    return NULL;
  color_by = twin_color_by_new_from_string (text, &error);
  if (color_by == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_ ("The colour-by-value setting saved in “%s” cannot be read, so entities keep their type colours. %s"),
                         display, error->message);

      twin_cli_print_warning (message);
    }
  return color_by;
}
