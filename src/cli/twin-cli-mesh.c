/* twin-cli-mesh.c: `twinctl import-mesh`, which adds a CAD or 3D mesh file to a project, plain or as a hierarchy.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The mesh file is read completely before the project is opened for
 * writing, so a refused or interrupted import (Ctrl+C cancels it) leaves
 * the project file as it was, byte for byte. The project is first opened
 * read-only to check it exists and to find --parent and --entity, so a
 * mistake there is reported before a long import (a file of an older schema,
 * which only opens for writing, is upgraded after the mesh has been read). On a terminal a progress
 * line is drawn and rewritten; in a pipe only the summary is printed.
 */

#define G_LOG_DOMAIN "twinctl"

#include "config.h"

#include "twin-cli.h"

#include "mesh/twin-mesh-importer.h"
#include "mesh/twin-scene-box.h"

#include <glib/gi18n-lib.h>

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
  gboolean      draw; /* standard output is a terminal */
  int           last_percent;
  const char   *name; /* the mesh file, for the line */
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
  /* TRANSLATORS: a progress line, rewritten in place; %s is a file name. */
  g_print ("\r");
  g_print (_ ("Importing “%s”… %d%%"), progress->name, percent);
  fflush (stdout);
}

static void
clear_progress (Progress *progress)
{
  if (progress->draw && progress->last_percent >= 0)
    {
      /* Erase the line: carriage return, then "erase to end of line". */
      g_print ("\r\033[K");
      fflush (stdout);
    }
}

static TwinEntity *
lookup_entity (TwinModel  *model,
               const char *path,
               const char *option,
               const char *project,
               GError    **error)
{
  TwinEntity *entity = twin_model_lookup_path (model, path);

  if (entity == NULL)
    g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED,
                 /* TRANSLATORS: %s are an option (--parent), an entity path and a file name. */
                 _ ("%s: there is no entity “%s” in “%s”."), option, path, project);
  return entity;
}

/* The bounding box, in metres, of what an import put under @node, in the
 * frame of @node's parent: each mesh's box through its node's transforms. */
static void
add_bounds (TwinMeshImport     *import,
            TwinMeshImportNode *node,
            mat4                parent,
            gboolean            is_top,
            float               min_m[3],
            float               max_m[3])
{
  mat4 local;
  mat4 world;

  if (is_top)
    glm_mat4_identity (local);
  else
    twin_scene_box_transform_to_matrix (&node->transform, local);
  glm_mat4_mul (parent, local, world);

  if (node->mesh != NULL)
    {
      mat4  convert;
      mat4  full;
      float min[3];
      float max[3];

      twin_mesh_get_conversion_matrix (import->unit, import->up, convert);
      glm_mat4_mul (world, convert, full);
      twin_mesh_get_bounds (node->mesh, min, max);
      for (int corner = 0; corner < 8; corner++)
        {
          vec3 p = { (corner & 1) ? max[0] : min[0], (corner & 2) ? max[1] : min[1], (corner & 4) ? max[2] : min[2] };
          vec3 q;

          glm_mat4_mulv3 (full, p, 1.0f, q);
          for (int k = 0; k < 3; k++)
            {
              min_m[k] = MIN (min_m[k], q[k]);
              max_m[k] = MAX (max_m[k], q[k]);
            }
        }
    }
  for (guint i = 0; i < node->children->len; i++)
    add_bounds (import, g_ptr_array_index (node->children, i), world, FALSE, min_m, max_m);
}

static char *
format_length (double metres)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* 6 significant digits, as `twinctl info` prints; g_ascii_formatd keeps the dot. */
  g_ascii_formatd (buffer, sizeof buffer, "%.6g", fabs (metres) < 5e-7 ? 0.0 : metres);
  return g_strdup (buffer);
}

static void
print_summary (TwinMeshImport *import,
               TwinEntity     *entity,
               guint           n_created,
               guint           n_stored)
{
  g_autofree char *path = twin_entity_dup_path (entity);
  float            min_m[3] = { INFINITY, INFINITY, INFINITY };
  float            max_m[3] = { -INFINITY, -INFINITY, -INFINITY };
  mat4             identity;
  g_autofree char *x0 = NULL;
  g_autofree char *y0 = NULL;
  g_autofree char *z0 = NULL;
  g_autofree char *x1 = NULL;
  g_autofree char *y1 = NULL;
  g_autofree char *z1 = NULL;

  glm_mat4_identity (identity);
  add_bounds (import, import->root, identity, TRUE, min_m, max_m);
  x0 = format_length (min_m[0]);
  y0 = format_length (min_m[1]);
  z0 = format_length (min_m[2]);
  x1 = format_length (max_m[0]);
  y1 = format_length (max_m[1]);
  z1 = format_length (max_m[2]);

  /* TRANSLATORS: "Imported “pump.stl” (STL, mm, Z up) into “Plant/Pump”." */
  g_print (_ ("Imported “%s” (%s, %s, %s up) into “%s”.\n"), import->source, import->format,
           twin_mesh_unit_to_string (import->unit), import->up == TWIN_MESH_UP_Y ? "Y" : "Z", path);
  g_print (_ ("Entities created: %u\n"), n_created);
  g_print (_ ("Meshes stored: %u\n"), n_stored);
  g_print (_ ("Triangles: %" G_GUINT64_FORMAT "\n"), import->n_triangles);
  g_print (_ ("Vertices: %" G_GUINT64_FORMAT "\n"), import->n_vertices);
  /* TRANSLATORS: the imported geometry's extent in its entity's frame. */
  g_print (_ ("Bounding box (m): x %s … %s, y %s … %s, z %s … %s\n"), x0, x1, y0, y1, z0, z1);
}

gboolean
twin_cli_import_mesh (char  ***args,
                      GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinMeshImport) import = NULL;
  g_autoptr (TwinProject) project = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *parent_path = NULL;
  g_autofree char *entity_path = NULL;
  g_autofree char *unit_text = NULL;
  g_autofree char *up_text = NULL;
  g_autofree char *project_name = NULL;
  g_autofree char *mesh_name = NULL;
  g_autoptr (GError) local_error = NULL;
  gboolean              as_hierarchy = FALSE;
  TwinMeshImportOptions options;
  Progress              progress = { 0 };
  const char           *names[] = { "FILE", "MESH" };
  const char           *project_path;
  const char           *mesh_path;
  TwinModel            *model;
  TwinMeshCatalog      *catalog;
  TwinEntity           *parent;
  TwinEntity           *target = NULL;
  TwinEntity           *entity;
  guint                 n_before;
  guint                 n_entities_before;
  struct sigaction      action = { 0 };
  struct sigaction      previous;
  const GOptionEntry    entries[] = {
       { "parent", 0, 0, G_OPTION_ARG_STRING, &parent_path,
         N_ ("Add the new entities under the entity at PATH (default: the root)"), N_ ("PATH") },
       { "entity", 0, 0, G_OPTION_ARG_STRING, &entity_path,
         N_ ("Give the mesh to the existing entity at PATH instead of a new one"), N_ ("PATH") },
       { "as-hierarchy", 0, 0, G_OPTION_ARG_NONE, &as_hierarchy,
         N_ ("Keep the file’s node tree: one entity per part, assemblies as subsystems"), NULL },
       { "unit", 0, 0, G_OPTION_ARG_STRING, &unit_text,
         N_ ("The unit of the file’s coordinates: mm, cm, m or in (default: the format’s)"), N_ ("UNIT") },
       { "up", 0, 0, G_OPTION_ARG_STRING, &up_text,
         N_ ("The file’s up axis: y or z (default: the format’s)"), N_ ("AXIS") },
       { NULL },
  };

  context = twin_cli_context_new (_ ("FILE MESH"),
                                  _ ("Import the mesh file MESH (OBJ, STL, PLY, glTF, GLB, FBX, COLLADA, 3DS, 3MF "
                                     "or IFC) into the project file FILE: its whole geometry as one mesh, or with "
                                     "--as-hierarchy its tree of parts. The mesh is stored inside the project."),
                                  entries);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;
  project_path = (*args)[1];
  mesh_path = (*args)[2];

  twin_mesh_import_options_init (&options);
  options.as_hierarchy = as_hierarchy;
  if (unit_text != NULL)
    {
      if (!twin_mesh_unit_from_string (unit_text, &options.unit))
        {
          g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                       _ ("Unknown unit “%s”: use mm, cm, m or in."), unit_text);
          return FALSE;
        }
      options.has_unit = TRUE;
    }
  if (up_text != NULL)
    {
      if (!twin_mesh_up_from_string (up_text, &options.up))
        {
          g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                       _ ("Unknown up axis “%s”: use y or z."), up_text);
          return FALSE;
        }
      options.has_up = TRUE;
    }
  if (as_hierarchy && entity_path != NULL)
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                           _ ("--entity gives one entity the whole mesh; it cannot be used with --as-hierarchy."));
      return FALSE;
    }
  if (parent_path != NULL && entity_path != NULL)
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                           _ ("--parent and --entity cannot be used together: --entity creates no entity."));
      return FALSE;
    }

  project_name = twin_cli_display_name (project_path);
  mesh_name = twin_cli_display_name (mesh_path);

  /* Check the project and the paths without changing anything. A file of
   * an older schema cannot be opened read-only: it is upgraded when opened
   * for writing below, once the mesh has been read. */
  {
    g_autoptr (TwinStore) store = NULL;
    g_autoptr (TwinModel) check = NULL;
    g_autoptr (GError) check_error = NULL;

    check = twin_cli_load_model (project_path, &store, &check_error);
    if (check == NULL && !g_error_matches (check_error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_READ_ONLY))
      {
        g_propagate_error (error, g_steal_pointer (&check_error));
        return FALSE;
      }
    if (check != NULL && parent_path != NULL &&
        lookup_entity (check, parent_path, "--parent", project_name, error) == NULL)
      return FALSE;
    if (check != NULL && entity_path != NULL &&
        lookup_entity (check, entity_path, "--entity", project_name, error) == NULL)
      return FALSE;
    if (store != NULL)
      twin_store_close (store);
  }

  /* Read the mesh file; Ctrl+C cancels. */
  progress.cancellable = cancellable;
  progress.draw = isatty (fileno (stdout));
  progress.last_percent = -1;
  progress.name = mesh_name;
  action.sa_handler = on_interrupt;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, &previous);
  import = twin_mesh_import_file (mesh_path, &options, on_progress, &progress, cancellable, &local_error);
  sigaction (SIGINT, &previous, NULL);
  clear_progress (&progress);
  if (import == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  project = twin_project_open (project_path, FALSE, error);
  if (project == NULL)
    return FALSE;
  model = twin_project_get_model (project);
  catalog = twin_project_get_mesh_catalog (project);
  parent = twin_model_get_root (model);
  if (parent_path != NULL && (parent = lookup_entity (model, parent_path, "--parent", project_name, error)) == NULL)
    return FALSE;
  if (entity_path != NULL && (target = lookup_entity (model, entity_path, "--entity", project_name, error)) == NULL)
    return FALSE;

  n_before = twin_mesh_catalog_get_n_meshes (catalog);
  n_entities_before = twin_model_get_n_entities (model);
  entity = twin_mesh_import_apply (import, model, catalog, parent, target, error);
  if (entity == NULL)
    return FALSE;
  print_summary (import, entity, twin_model_get_n_entities (model) - n_entities_before,
                 twin_mesh_catalog_get_n_meshes (catalog) - n_before);
  twin_project_close (project);
  return TRUE;
}
