/* twin-cli-info.c: `twinctl info`, which summarises a project file for people or, with --json, for scripts.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The --json object is an interface: its keys and their order are stable,
 * new keys are only ever appended.
 */

#define G_LOG_DOMAIN "twinctl"

#include "config.h"

#include "twin-cli.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

typedef struct
{
  char  *path; /* as given on the command line (owned) */
  guint  schema_version;
  guint  n_entities;
  guint  depth; /* levels of the hierarchy; a lone root is 1 */
  gint64 file_size_bytes;
} ProjectInfo;

static void
project_info_clear (ProjectInfo *info)
{
  g_clear_pointer (&info->path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ProjectInfo, project_info_clear)

/* Written by hand, in the layout of the model's JSON form ("key": value,
 * two spaces), so the text never changes with the json-glib version;
 * json-glib only escapes the path. */
static char *
dup_info_json (const ProjectInfo *info)
{
  g_autofree char *display = twin_cli_display_name (info->path);
  g_autoptr (JsonNode) path_node = json_node_init_string (json_node_alloc (), display);
  g_autofree char *path = json_to_string (path_node, FALSE);

  return g_strdup_printf ("{\n"
                          "  \"path\": %s,\n"
                          "  \"schema_version\": %u,\n"
                          "  \"entity_count\": %u,\n"
                          "  \"tree_depth\": %u,\n"
                          "  \"file_size_bytes\": %" G_GINT64_FORMAT "\n"
                          "}\n",
                          path, info->schema_version, info->n_entities, info->depth,
                          info->file_size_bytes);
}

static void
print_info_text (const ProjectInfo *info)
{
  g_autofree char *path = twin_cli_display_name (info->path);
  g_autofree char *size = g_format_size_full ((guint64) MAX (info->file_size_bytes, 0),
                                              G_FORMAT_SIZE_LONG_FORMAT);

  g_print (_ ("File: %s\n"), path);
  g_print (_ ("Schema version: %u\n"), info->schema_version);
  g_print (_ ("Entities: %u\n"), info->n_entities);
  g_print (_ ("Tree depth: %u\n"), info->depth);
  g_print (_ ("File size: %s\n"), size);
}

gboolean
twin_cli_info (char  ***args,
               GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinModel) model = NULL;
  g_auto (ProjectInfo) info = { 0 };
  gboolean           as_json = FALSE;
  const char        *names[] = { "FILE" };
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json,
      N_ ("Print a JSON object with stable keys, for scripts"), NULL },
    { NULL },
  };

  context = twin_cli_context_new (_ ("FILE"),
                                  _ ("Show the entity count, tree depth, schema version and size "
                                     "of the project file FILE. The file is opened read-only."),
                                  entries);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;

  model = twin_cli_load_model ((*args)[1], &store, error);
  if (model == NULL)
    return FALSE;

  info.path = g_strdup ((*args)[1]);
  info.schema_version = twin_store_get_schema_version (store);
  info.n_entities = twin_model_get_n_entities (model);
  info.depth = twin_model_get_depth (model);
  info.file_size_bytes = twin_store_get_file_size (store);

  if (as_json)
    {
      g_autofree char *text = dup_info_json (&info);

      return twin_cli_write_stdout (text, -1, error);
    }
  print_info_text (&info);
  return TRUE;
}
