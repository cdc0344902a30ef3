/* twin-cli-gltf.c: `twinctl export-gltf`, a project's 3D scene as a binary glTF file for AR and web viewers.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens the project read-only, so it works while Twin Studio has the file
 * open, and writes what its 3D view shows (twin-gltf-writer.c), coloured by
 * the project's saved colour-by-value setting unless an option says
 * otherwise. The file appears whole or not at all: an interrupt (Ctrl+C)
 * cancels the export and leaves no temporary file. Entities exported
 * without their mesh are reported on standard error as warnings; they do
 * not fail the command.
 */

#define G_LOG_DOMAIN "twinctl"

#include "config.h"

#include "twin-cli.h"

#include "mesh/twin-gltf-writer.h"
#include "model/twin-color-by.h"

#include <glib/gi18n-lib.h>

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t interrupted;

static void
on_interrupt (int signal_number)
{
  interrupted = 1;
}

/* Runs on the writing thread, this one, between two blocks of the file. */
static void
on_progress (double   fraction,
             gpointer user_data)
{
  GCancellable *cancellable = user_data;

  if (interrupted)
    g_cancellable_cancel (cancellable);
}

gboolean
twin_cli_export_gltf (char  ***args,
                      GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinModel) model = NULL;
  g_autoptr (TwinMeshCatalog) catalog = NULL;
  g_autoptr (TwinColorBy) color_by = NULL;
  g_autoptr (TwinGltfWriter) writer = NULL;
  g_autoptr (GCancellable) cancellable = NULL;
  g_autofree char   *color_parameter = NULL;
  g_autofree char   *display = NULL;
  const char *const *warnings;
  const char        *path;
  const char        *out_path;
  gboolean           no_color_by = FALSE;
  gboolean           ok;
  struct sigaction   action = { 0 };
  struct sigaction   old_int;
  struct sigaction   old_term;
  const char        *names[] = { "FILE", "OUT.glb" };
  const GOptionEntry entries[] = {
    { "color-by", 0, 0, G_OPTION_ARG_STRING, &color_parameter,
      N_ ("Colour the entities by the number parameter PARAMETER over its range, "
          "instead of the project’s saved setting"),
      N_ ("PARAMETER") },
    { "no-color-by", 0, 0, G_OPTION_ARG_NONE, &no_color_by,
      N_ ("Colour the entities by type, ignoring the project’s saved setting"), NULL },
    { NULL },
  };

  context = twin_cli_context_new (_ ("FILE OUT.glb"),
                                  _ ("Write the 3D scene of the project file FILE as a binary glTF 2.0 "
                                     "file OUT.glb for AR and web viewers (docs/gltf-export.md): one node "
                                     "per entity, with its id and path in the node’s extras. The project "
                                     "is opened read-only; OUT.glb is replaced only once complete."),
                                  entries);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;
  path = (*args)[1];
  out_path = (*args)[2];

  if (no_color_by && color_parameter != NULL)
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                           _ ("Options --color-by and --no-color-by exclude each other."));
      return FALSE;
    }
  if (color_parameter != NULL && !twin_parameter_is_valid_name (color_parameter))
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                   _ ("“%s” is not a parameter name."), color_parameter);
      return FALSE;
    }
  if (twin_cli_is_same_file (path, out_path))
    {
      display = twin_cli_display_name (out_path);
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED,
                   _ ("Refusing to write the glTF file over the project file “%s” itself."), display);
      return FALSE;
    }

  model = twin_cli_load_model (path, &store, error);
  if (model == NULL)
    return FALSE;
  catalog = twin_mesh_catalog_new (store, error);
  if (catalog == NULL)
    return FALSE;

  display = twin_cli_display_name (path);
  if (color_parameter != NULL)
    color_by = twin_color_by_new (color_parameter);
  else if (!no_color_by)
    color_by = twin_cli_dup_saved_color_by (store, display);

  writer = twin_gltf_writer_new (model, catalog, color_by);
  warnings = twin_gltf_writer_get_warnings (writer);
  for (guint i = 0; warnings[i] != NULL; i++)
    twin_cli_print_warning (warnings[i]);

  /* An interrupt cancels the export, so the temporary file is removed. */
  cancellable = g_cancellable_new ();
  interrupted = 0;
  action.sa_handler = on_interrupt;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, &old_int);
  sigaction (SIGTERM, &action, &old_term);
  ok = twin_gltf_writer_write (writer, out_path, cancellable, on_progress, cancellable, error);
  sigaction (SIGINT, &old_int, NULL);
  sigaction (SIGTERM, &old_term, NULL);
  return ok;
}
