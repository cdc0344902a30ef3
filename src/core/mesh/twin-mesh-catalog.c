/* twin-mesh-catalog.c: the meshes of one project: facts about each at hand, geometry loaded on first use.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A project may hold millions of triangles, so opening it reads only the
 * mesh table (a few numbers a mesh); a mesh's geometry is read from the
 * file when a view or an export first asks for it, and kept while the
 * catalog lives. Without a store (an untitled model in memory, tests) the
 * catalog only holds what was added. All calls may come from any thread.
 */

#define G_LOG_DOMAIN "twin-mesh"

#include "config.h"

#include "twin-mesh-catalog.h"

#include "store/twin-store.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _TwinMeshCatalog
{
  GObject     parent_instance;

  /* Owned references */
  TwinStore  *store;  /* or NULL: memory only */
  GHashTable *infos;  /* id → TwinMeshInfo */
  GHashTable *meshes; /* id → TwinMesh, those loaded or added */

  GMutex      mutex; /* guards @infos, @meshes and @store */
  gboolean    infos_from_store;
};

G_DEFINE_FINAL_TYPE (TwinMeshCatalog, twin_mesh_catalog, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void
twin_mesh_catalog_finalize (GObject *object)
{
  TwinMeshCatalog *self = (TwinMeshCatalog *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->infos, g_hash_table_unref);
  g_clear_pointer (&self->meshes, g_hash_table_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (twin_mesh_catalog_parent_class)->finalize (object);
}

static void
twin_mesh_catalog_class_init (TwinMeshCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = twin_mesh_catalog_finalize;

  /**
   * TwinMeshCatalog::changed:
   *
   * A mesh was added. Emitted in the thread that added it.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
twin_mesh_catalog_init (TwinMeshCatalog *self)
{
  g_mutex_init (&self->mutex);
  self->infos = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) twin_mesh_info_free);
  self->meshes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) twin_mesh_unref);
}

/**
 * twin_mesh_catalog_new:
 * @store: (nullable) (type TwinStore): the project file, or %NULL for a
 *   catalog in memory only
 * @error: a #TWIN_STORE_ERROR when the file's mesh table is damaged
 *
 * Reads the facts of every mesh the file holds (not their geometry).
 *
 * Returns: (transfer full) (nullable): the catalog
 */
TwinMeshCatalog *
twin_mesh_catalog_new (gpointer store,
                       GError **error)
{
  g_autoptr (TwinMeshCatalog) self = NULL;
  g_autoptr (GPtrArray) infos = NULL;

  g_return_val_if_fail (store == NULL || TWIN_IS_STORE (store), NULL);

  self = g_object_new (TWIN_TYPE_MESH_CATALOG, NULL);
  if (store == NULL)
    return g_steal_pointer (&self);

  self->store = g_object_ref (store);
  self->infos_from_store = TRUE;
  infos = twin_store_list_meshes (self->store, error);
  if (infos == NULL)
    return NULL;
  for (guint i = 0; i < infos->len; i++)
    {
      TwinMeshInfo *info = twin_mesh_info_copy (g_ptr_array_index (infos, i));

      g_hash_table_replace (self->infos, info->id, info);
    }
  return g_steal_pointer (&self);
}

/**
 * twin_mesh_catalog_set_store:
 * @store: (nullable) (type TwinStore): the file the project carries on in
 *   (after Save As, which copies every mesh), or %NULL once it is closed
 *
 * For the project: meshes are read from and added to @store from now on.
 * After %NULL, meshes already read stay at hand and others cannot be read.
 */
void
twin_mesh_catalog_set_store (TwinMeshCatalog *self,
                             gpointer         store)
{
  g_return_if_fail (TWIN_IS_MESH_CATALOG (self));
  g_return_if_fail (store == NULL || TWIN_IS_STORE (store));

  g_mutex_lock (&self->mutex);
  g_set_object (&self->store, store);
  g_mutex_unlock (&self->mutex);
}

/**
 * twin_mesh_catalog_get_n_meshes:
 *
 * Returns: how many meshes the project holds
 */
guint
twin_mesh_catalog_get_n_meshes (TwinMeshCatalog *self)
{
  guint n;

  g_return_val_if_fail (TWIN_IS_MESH_CATALOG (self), 0);

  g_mutex_lock (&self->mutex);
  n = g_hash_table_size (self->infos);
  g_mutex_unlock (&self->mutex);
  return n;
}

/**
 * twin_mesh_catalog_lookup:
 * @id: (nullable): a mesh id
 *
 * Returns: (transfer none) (nullable): the mesh's facts, or %NULL when the
 *   project holds no such mesh; valid while the catalog lives (meshes are
 *   never removed from a catalog)
 */
const TwinMeshInfo *
twin_mesh_catalog_lookup (TwinMeshCatalog *self,
                          const char      *id)
{
  const TwinMeshInfo *info;

  g_return_val_if_fail (TWIN_IS_MESH_CATALOG (self), NULL);

  if (id == NULL)
    return NULL;
  g_mutex_lock (&self->mutex);
  info = g_hash_table_lookup (self->infos, id);
  g_mutex_unlock (&self->mutex);
  return info;
}

/**
 * twin_mesh_catalog_get_mesh:
 * @id: a mesh id
 * @error: %TWIN_STORE_ERROR_NOT_FOUND for an unknown id, or the store's
 *   error when the geometry cannot be read
 *
 * Returns: (transfer full) (nullable): the mesh's geometry, read from the
 *   file the first time
 */
TwinMesh *
twin_mesh_catalog_get_mesh (TwinMeshCatalog *self,
                            const char      *id,
                            GError         **error)
{
  TwinMesh *mesh;

  g_return_val_if_fail (TWIN_IS_MESH_CATALOG (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  g_mutex_lock (&self->mutex);
  mesh = g_hash_table_lookup (self->meshes, id);
  if (mesh != NULL)
    twin_mesh_ref (mesh);
  else if (!g_hash_table_contains (self->infos, id) || self->store == NULL)
    g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND,
                 _ ("The project holds no mesh with the id %s"), id);
  else if ((mesh = twin_store_load_mesh (self->store, id, error)) != NULL)
    g_hash_table_replace (self->meshes, g_strdup (id), twin_mesh_ref (mesh));
  g_mutex_unlock (&self->mutex);
  return mesh;
}

/**
 * twin_mesh_catalog_make_info:
 * @mesh: a geometry
 * @name: a name for people
 * @source: (nullable): the file it came from
 *
 * Returns: (transfer full): the facts of a new mesh of @mesh's geometry:
 *   its checksum, id, counts and bounds
 */
TwinMeshInfo *
twin_mesh_catalog_make_info (TwinMesh    *mesh,
                             const char  *name,
                             const char  *source,
                             TwinMeshUnit unit,
                             TwinMeshUp   up)
{
  TwinMeshInfo *info;

  g_return_val_if_fail (mesh != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  info = g_new0 (TwinMeshInfo, 1);
  info->checksum = twin_mesh_dup_checksum (mesh);
  info->id = twin_mesh_info_make_id (info->checksum, unit, up);
  info->name = g_strdup (name);
  info->source = source != NULL ? g_path_get_basename (source) : g_strdup ("");
  info->unit = unit;
  info->up = up;
  info->n_vertices = twin_mesh_get_n_vertices (mesh);
  info->n_triangles = twin_mesh_get_n_triangles (mesh);
  twin_mesh_get_bounds (mesh, info->min, info->max);
  return info;
}

/**
 * twin_mesh_catalog_add:
 * @info: the mesh's facts, as twin_mesh_catalog_make_info() makes them
 * @mesh: its geometry
 * @error: the store's error
 *
 * Stores a mesh in the project file (when there is one) and keeps it. A
 * mesh the catalog holds already is not stored again.
 *
 * Returns: %TRUE when the catalog holds the mesh
 */
gboolean
twin_mesh_catalog_add (TwinMeshCatalog    *self,
                       const TwinMeshInfo *info,
                       TwinMesh           *mesh,
                       GError            **error)
{
  gboolean added = FALSE;
  gboolean ok = TRUE;

  g_return_val_if_fail (TWIN_IS_MESH_CATALOG (self), FALSE);
  g_return_val_if_fail (info != NULL && info->id != NULL && info->checksum != NULL, FALSE);
  g_return_val_if_fail (mesh != NULL, FALSE);

  g_mutex_lock (&self->mutex);
  if (!g_hash_table_contains (self->infos, info->id))
    {
      if (self->store == NULL && self->infos_from_store)
        {
          g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO, _ ("The project has been closed"));
          ok = FALSE;
        }
      else if (self->store == NULL || twin_store_put_mesh (self->store, info, mesh, error))
        {
          TwinMeshInfo *copy = twin_mesh_info_copy (info);

          copy->n_vertices = twin_mesh_get_n_vertices (mesh);
          copy->n_triangles = twin_mesh_get_n_triangles (mesh);
          twin_mesh_get_bounds (mesh, copy->min, copy->max);
          g_hash_table_replace (self->infos, copy->id, copy);
          g_hash_table_replace (self->meshes, g_strdup (copy->id), twin_mesh_ref (mesh));
          added = TRUE;
        }
      else
        ok = FALSE;
    }
  g_mutex_unlock (&self->mutex);

  if (added)
    g_signal_emit (self, signals[CHANGED], 0);
  return ok;
}

static int
compare_infos (gconstpointer a,
               gconstpointer b)
{
  const TwinMeshInfo *ia = *(TwinMeshInfo *const *) a;
  const TwinMeshInfo *ib = *(TwinMeshInfo *const *) b;
  int                 by_name = g_utf8_collate (ia->name, ib->name);

  return by_name != 0 ? by_name : strcmp (ia->id, ib->id);
}

/**
 * twin_mesh_catalog_list:
 *
 * Returns: (transfer container) (element-type TwinMeshInfo): every mesh's
 *   facts, by name then id (borrowed: valid while the catalog lives)
 */
GPtrArray *
twin_mesh_catalog_list (TwinMeshCatalog *self)
{
  GPtrArray     *list;
  GHashTableIter iter;
  gpointer       value;

  g_return_val_if_fail (TWIN_IS_MESH_CATALOG (self), NULL);

  list = g_ptr_array_new ();
  g_mutex_lock (&self->mutex);
  g_hash_table_iter_init (&iter, self->infos);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (list, value);
  g_mutex_unlock (&self->mutex);
  g_ptr_array_sort (list, compare_infos);
  return list;
}
