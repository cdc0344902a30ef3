/* twin-cli-info.c: `twinctl info`, which summarises a project file for people or, with --json, for scripts.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The --json object is an interface: its keys and their order are stable,
 * new keys are only ever appended. "meshes" lists the stored meshes, by name
 * then id, each with its bounding box in metres in its entity's frame (after
 * the unit and up-axis conversion).
 */

#define G_LOG_DOMAIN "twinctl"

#include "config.h"

#include "twin-cli.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include <string.h>

typedef struct
{
  char      *path; /* as given on the command line (owned) */
  guint      schema_version;
  guint      n_entities;
  guint      depth; /* levels of the hierarchy; a lone root is 1 */
  gint64     file_size_bytes;
  GPtrArray *meshes; /* TwinMeshInfo, owned, by name then id */
} ProjectInfo;

static void
project_info_clear (ProjectInfo *info)
{
  g_clear_pointer (&info->path, g_free);
  g_clear_pointer (&info->meshes, g_ptr_array_unref);
}

static int
compare_meshes (gconstpointer a,
                gconstpointer b)
{
  const TwinMeshInfo *ia = *(TwinMeshInfo *const *) a;
  const TwinMeshInfo *ib = *(TwinMeshInfo *const *) b;
  int                 by_name = strcmp (ia->name, ib->name);

  return by_name != 0 ? by_name : strcmp (ia->id, ib->id);
}

/* A length in metres for people and scripts: 6 significant digits (a
 * micrometre at a metre, finer than float data), with a dot. */
static char *
format_float (float value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buffer, sizeof buffer, "%.6g", value);
  if (strcmp (buffer, "-0") == 0)
    return g_strdup ("0");
  return g_strdup (buffer);
}

static char *
dup_json_string (const char *text)
{
  g_autoptr (JsonNode) node = json_node_init_string (json_node_alloc (), text);

  return json_to_string (node, FALSE);
}

static char *
dup_meshes_json (GPtrArray *meshes)
{
  GString *text = g_string_new ("[");

  for (guint i = 0; i < meshes->len; i++)
    {
      const TwinMeshInfo *mesh = g_ptr_array_index (meshes, i);
      g_autofree char    *id = dup_json_string (mesh->id);
      g_autofree char    *name = dup_json_string (mesh->name);
      g_autofree char    *source = dup_json_string (mesh->source);
      char               *numbers[6];
      float               min_m[3];
      float               max_m[3];

      twin_mesh_info_get_bounds_m (mesh, min_m, max_m);
      for (int k = 0; k < 3; k++)
        {
          numbers[k] = format_float (min_m[k]);
          numbers[3 + k] = format_float (max_m[k]);
        }
      g_string_append_printf (text,
                              "%s\n"
                              "    {\n"
                              "      \"id\": %s,\n"
                              "      \"name\": %s,\n"
                              "      \"source\": %s,\n"
                              "      \"unit\": \"%s\",\n"
                              "      \"up\": \"%s\",\n"
                              "      \"triangles\": %u,\n"
                              "      \"vertices\": %u,\n"
                              "      \"min_m\": [%s, %s, %s],\n"
                              "      \"max_m\": [%s, %s, %s]\n"
                              "    }",
                              i > 0 ? "," : "", id, name, source, twin_mesh_unit_to_string (mesh->unit),
                              twin_mesh_up_to_string (mesh->up), mesh->n_triangles, mesh->n_vertices,
                              numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5]);
      for (int k = 0; k < 6; k++)
        g_free (numbers[k]);
    }
  g_string_append (text, meshes->len > 0 ? "\n  ]" : "]");
  return g_string_free (text, FALSE);
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
  g_autofree char *meshes = dup_meshes_json (info->meshes);

  return g_strdup_printf ("{\n"
                          "  \"path\": %s,\n"
                          "  \"schema_version\": %u,\n"
                          "  \"entity_count\": %u,\n"
                          "  \"tree_depth\": %u,\n"
                          "  \"file_size_bytes\": %" G_GINT64_FORMAT ",\n"
                          "  \"meshes\": %s\n"
                          "}\n",
                          path, info->schema_version, info->n_entities, info->depth,
                          info->file_size_bytes, meshes);
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
  g_print (_ ("Meshes: %u\n"), info->meshes->len);
  for (guint i = 0; i < info->meshes->len; i++)
    {
      const TwinMeshInfo *mesh = g_ptr_array_index (info->meshes, i);
      char               *numbers[6];
      float               min_m[3];
      float               max_m[3];

      twin_mesh_info_get_bounds_m (mesh, min_m, max_m);
      for (int k = 0; k < 3; k++)
        {
          numbers[k] = format_float (min_m[k]);
          numbers[3 + k] = format_float (max_m[k]);
        }
      /* TRANSLATORS: one stored mesh: its name, source file, unit and up
       * axis, counts, and bounding box in metres. */
      g_print (_ ("  %s (%s, %s, %s up): %u triangles, %u vertices, "
                  "x %s … %s m, y %s … %s m, z %s … %s m\n"),
               mesh->name, mesh->source[0] != '\0' ? mesh->source : "—",
               twin_mesh_unit_to_string (mesh->unit), mesh->up == TWIN_MESH_UP_Y ? "Y" : "Z",
               mesh->n_triangles, mesh->n_vertices, numbers[0], numbers[3], numbers[1], numbers[4],
               numbers[2], numbers[5]);
      for (int k = 0; k < 6; k++)
        g_free (numbers[k]);
    }
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
                                     "of the project file FILE, and every mesh it stores with its "
                                     "triangle and vertex counts and bounding box in metres. The "
                                     "file is opened read-only."),
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
  info.meshes = twin_store_list_meshes (store, error);
  if (info.meshes == NULL)
    return FALSE;
  g_ptr_array_sort (info.meshes, compare_meshes);

  if (as_json)
    {
      g_autofree char *text = dup_info_json (&info);

      return twin_cli_write_stdout (text, -1, error);
    }
  print_info_text (&info);
  return TRUE;
}
