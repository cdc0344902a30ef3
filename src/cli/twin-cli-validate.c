/* twin-cli-validate.c: `twinctl validate`, which lists what is wrong with a project's structure.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text output is one line "PATH: message" per issue, in tree order, then
 * a count ("3 problems", "No problems found"). With --json it is a JSON array
 * of objects with the keys "kind", "path" and "message", in that order (an
 * interface: keys are only ever appended), and nothing else on standard
 * output. The exit status is 0 when nothing is wrong and 1 when anything is,
 * so scripts and CI can gate on it.
 */

#define G_LOG_DOMAIN "twinctl"

#include "config.h"

#include "twin-cli.h"

#include "model/twin-validator.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include <string.h>

/* Names are one line of text, but a file may come from anywhere: control
 * characters must not break the one-line-per-issue output. */
static void
append_printable (GString    *out,
                  const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
}

static char *
dup_issues_text (GListModel *issues)
{
  GString *out = g_string_new (NULL);
  guint    n = g_list_model_get_n_items (issues);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TwinIssue) issue = g_list_model_get_item (issues, i);

      append_printable (out, twin_issue_get_path (issue));
      g_string_append (out, ": ");
      append_printable (out, twin_issue_get_message (issue));
      g_string_append_c (out, '\n');
    }
  if (n == 0)
    g_string_append (out, _ ("No problems found"));
  else
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u problem", "%u problems", n), n);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

/* Written by hand in the layout of the model's JSON form (two spaces, one
 * key per line), so the text never changes with the json-glib version;
 * json-glib only escapes the strings. */
static void
append_json_string (GString    *out,
                    const char *text)
{
  g_autoptr (JsonNode) node = json_node_init_string (json_node_alloc (), text);
  g_autofree char *escaped = json_to_string (node, FALSE);

  g_string_append (out, escaped);
}

static char *
dup_issues_json (GListModel *issues)
{
  GString *out = g_string_new ("[");
  guint    n = g_list_model_get_n_items (issues);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TwinIssue) issue = g_list_model_get_item (issues, i);

      g_string_append (out, i == 0 ? "\n" : ",\n");
      g_string_append (out, "  {\n    \"kind\": ");
      append_json_string (out, twin_issue_kind_to_string (twin_issue_get_kind (issue)));
      g_string_append (out, ",\n    \"path\": ");
      append_json_string (out, twin_issue_get_path (issue));
      g_string_append (out, ",\n    \"message\": ");
      append_json_string (out, twin_issue_get_message (issue));
      g_string_append (out, "\n  }");
    }
  g_string_append (out, n == 0 ? "]\n" : "\n]\n");
  return g_string_free (out, FALSE);
}

gboolean
twin_cli_validate (char  ***args,
                   GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinModel) model = NULL;
  g_autoptr (GListModel) issues = NULL;
  g_autofree char   *text = NULL;
  gboolean           as_json = FALSE;
  const char        *names[] = { "FILE" };
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json,
      N_ ("Print a JSON array of issues with stable keys, for scripts"), NULL },
    { NULL },
  };

  context = twin_cli_context_new (_ ("FILE"),
                                  _ ("Check the structure of the project file FILE: unconnected "
                                     "ports, wrong connections, inputs with two sources, algebraic "
                                     "loops, missing or out-of-range parameters and networks without "
                                     "a reference. The file is opened read-only. The exit status is "
                                     "0 when nothing is wrong and 1 otherwise."),
                                  entries);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;

  model = twin_cli_load_model ((*args)[1], NULL, error);
  if (model == NULL)
    return FALSE;

  issues = twin_validate_model (model);
  if (as_json)
    {
      /* UTF-8 whatever the locale, as every JSON output of twinctl. */
      text = dup_issues_json (issues);
      if (!twin_cli_write_stdout (text, -1, error))
        return FALSE;
    }
  else
    {
      /* g_print converts to the locale's character set. */
      text = dup_issues_text (issues);
      g_print ("%s", text);
    }

  if (g_list_model_get_n_items (issues) > 0)
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_PROBLEMS_FOUND,
                           _ ("The project has problems."));
      return FALSE;
    }
  return TRUE;
}
