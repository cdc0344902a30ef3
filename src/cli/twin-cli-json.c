/* twin-cli-json.c: `twinctl export-json` and `import-json`, between a project file and the JSON form of its model.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * export-json opens the project read-only, so it works while Twin Studio
 * has the file open. import-json reads and checks the whole JSON file before
 * it opens the project, then replaces the model in one transaction: a bad
 * JSON file leaves the project byte for byte as it was.
 */

#define G_LOG_DOMAIN "twinctl"

#include "config.h"

#include "twin-cli.h"

#include <glib/gi18n-lib.h>

gboolean
twin_cli_export_json (char  ***args,
                      GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinModel) model = NULL;
  g_autofree char   *out_path = NULL;
  g_autofree char   *text = NULL;
  const char        *path;
  const char        *names[] = { "FILE" };
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_path,
      N_ ("Write to OUT (replaced atomically) instead of standard output"), N_ ("OUT") },
    { NULL },
  };

  context = twin_cli_context_new (_ ("FILE"),
                                  _ ("Write the model of the project file FILE in the JSON form "
                                     "(docs/model-format.md). The file is opened read-only."),
                                  entries);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;
  path = (*args)[1];

  if (out_path != NULL && twin_cli_is_same_file (path, out_path))
    {
      g_autofree char *display = twin_cli_display_name (out_path);

      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED,
                   _ ("Refusing to write the JSON form over the project file “%s” itself."),
                   display);
      return FALSE;
    }

  if (out_path != NULL && g_file_test (out_path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *display = twin_cli_display_name (out_path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _ ("Cannot write the JSON form to “%s”: it is a folder."), display);
      return FALSE;
    }

  model = twin_cli_load_model (path, NULL, error);
  if (model == NULL)
    return FALSE;
  text = twin_model_json_to_string (model);

  if (out_path == NULL)
    return twin_cli_write_stdout (text, -1, error);
  return g_file_set_contents (out_path, text, -1, error);
}

gboolean
twin_cli_import_json (char  ***args,
                      GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GFile) json_file = NULL;
  g_autoptr (TwinEntity) root = NULL;
  g_autoptr (TwinStore) store = NULL;
  const char *names[] = { "FILE", "MODEL.json" };

  context = twin_cli_context_new (_ ("FILE MODEL.json"),
                                  _ ("Replace the model in the existing project file FILE with the "
                                     "one in MODEL.json, in one transaction."),
                                  NULL);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;

  json_file = g_file_new_for_path ((*args)[2]);
  root = twin_model_json_from_file (json_file, error);
  if (root == NULL)
    return FALSE;

  store = twin_store_open ((*args)[1], TWIN_STORE_FLAGS_NONE, error);
  if (store == NULL)
    return FALSE;
  if (!twin_store_replace_root (store, root, error))
    return FALSE;
  twin_store_close (store);
  return TRUE;
}
