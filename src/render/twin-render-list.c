/* twin-render-list.c: what the 3D view draws this frame: one item per shown entity, a box or a mesh, in world space.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain maths over the model, no GL: the renderer draws the list and the
 * picker intersects rays with the same list, so what is picked is what is
 * drawn. Built every frame from twin_scene_box_collect() in O(entities ×
 * depth); geometry is not copied (meshes are shared references from the
 * catalog, which reads each one from the file once).
 *
 * Rules:
 * - an entity whose mesh id resolves in the catalog is drawn as that mesh
 *   with world (entity) × twin_mesh_info_get_matrix (info); other entities
 *   are boxes (twin-scene-box.h);
 * - a container is drawn as its see-through box only when none of its shown
 *   descendants is a mesh: an imported assembly is shown by its parts, not
 *   by a box around their origins;
 * - hidden entities, those outside the isolated subtree and those of
 *   opacity 0 are left out (twin-view-state.h). An isolation naming an
 *   entity that is not in the model is ignored, so deleting the isolated
 *   entity does not leave an empty view;
 * - a mesh that cannot be read falls back to the entity's box; its id goes
 *   into @failed_mesh_ids so the file is not read again every frame.
 */

#define G_LOG_DOMAIN "twin-render-list"

#include "config.h"

#include "twin-render-list.h"

#include "mesh/twin-scene-box.h"

static void
clear_item (gpointer data)
{
  TwinRenderItem *item = data;

  g_clear_pointer (&item->mesh, twin_mesh_unref);
}

static void
add_corners_bounds (mat4        to_world,
                    const float lo[3],
                    const float hi[3],
                    vec3        min_m,
                    vec3        max_m)
{
  for (int corner = 0; corner < 8; corner++)
    {
      vec3 local = {
        (corner & 1) ? hi[0] : lo[0],
        (corner & 2) ? hi[1] : lo[1],
        (corner & 4) ? hi[2] : lo[2],
      };
      vec3 world;

      glm_mat4_mulv3 (to_world, local, 1.0f, world);
      glm_vec3_minv (min_m, world, min_m);
      glm_vec3_maxv (max_m, world, max_m);
    }
}

static guint
get_depth (TwinEntity *entity)
{
  guint depth = 0;

  for (TwinEntity *e = twin_entity_get_parent (entity); e != NULL; e = twin_entity_get_parent (e))
    depth++;
  return depth;
}

static gboolean
is_shown (TwinViewState *state,
          TwinEntity    *entity,
          const char    *isolated)
{
  gboolean inside_isolated = isolated == NULL;

  if (state == NULL)
    return TRUE;
  for (TwinEntity *e = entity; e != NULL; e = twin_entity_get_parent (e))
    {
      const char *id = twin_entity_get_id (e);

      if (twin_view_state_get_hidden (state, id))
        return FALSE;
      if (!inside_isolated && g_str_equal (id, isolated))
        inside_isolated = TRUE;
    }
  return inside_isolated;
}

static TwinMesh *
resolve_mesh (TwinMeshCatalog     *catalog,
              TwinEntity          *entity,
              GHashTable          *failed_mesh_ids,
              const TwinMeshInfo **info)
{
  g_autoptr (GError) error = NULL;
  const char *id = twin_entity_get_mesh_id (entity);
  TwinMesh   *mesh;

  *info = NULL;
  if (id == NULL || catalog == NULL)
    return NULL;
  if (failed_mesh_ids != NULL && g_hash_table_contains (failed_mesh_ids, id))
    return NULL;
  *info = twin_mesh_catalog_lookup (catalog, id);
  if (*info == NULL)
    return NULL;

  mesh = twin_mesh_catalog_get_mesh (catalog, id, &error);
  if (mesh == NULL)
    {
      g_debug ("Mesh %s of entity “%s” is drawn as a box: %s", id, twin_entity_get_name (entity), error->message);
      if (failed_mesh_ids != NULL)
        g_hash_table_add (failed_mesh_ids, g_strdup (id));
      *info = NULL;
    }
  return mesh;
}

/**
 * twin_render_list_collect:
 * @model: the twin
 * @catalog: (nullable): its meshes; %NULL draws every entity as a box
 * @state: (nullable): what is hidden, isolated and see-through; %NULL shows
 *   everything opaque
 * @failed_mesh_ids: (nullable) (element-type utf8 utf8): a set of mesh ids
 *   (a #GHashTable of owned strings, g_str_hash) that could not be read;
 *   they are drawn as boxes, and new failures are added to it
 *
 * The items to draw, parents before children in the order of the tree.
 *
 * Returns: (transfer full) (element-type TwinRenderItem): the items; the
 *   array frees their mesh references
 */
GArray *
twin_render_list_collect (TwinModel       *model,
                          TwinMeshCatalog *catalog,
                          TwinViewState   *state,
                          GHashTable      *failed_mesh_ids)
{
  g_autoptr (GArray) boxes = NULL;
  g_autoptr (GArray) items = NULL;
  g_autoptr (GHashTable) has_mesh_inside = NULL;
  g_autofree gboolean            *shown = NULL;
  g_autofree TwinMesh           **meshes = NULL;
  g_autofree const TwinMeshInfo **infos = NULL;
  const char                     *isolated = NULL;

  g_return_val_if_fail (TWIN_IS_MODEL (model), NULL);
  g_return_val_if_fail (catalog == NULL || TWIN_IS_MESH_CATALOG (catalog), NULL);
  g_return_val_if_fail (state == NULL || TWIN_IS_VIEW_STATE (state), NULL);

  boxes = twin_scene_box_collect (model);
  items = g_array_sized_new (FALSE, TRUE, sizeof (TwinRenderItem), boxes->len);
  g_array_set_clear_func (items, clear_item);

  if (state != NULL)
    {
      isolated = twin_view_state_get_isolated (state);
      if (isolated != NULL && twin_model_lookup (model, isolated) == NULL)
        isolated = NULL;
    }

  /* First the meshes, so containers know whether a part inside is drawn as one. */
  shown = g_new0 (gboolean, boxes->len + 1);
  meshes = g_new0 (TwinMesh *, boxes->len + 1);
  infos = g_new0 (const TwinMeshInfo *, boxes->len + 1);
  has_mesh_inside = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < boxes->len; i++)
    {
      TwinSceneBox *box = &g_array_index (boxes, TwinSceneBox, i);

      shown[i] = is_shown (state, box->entity, isolated);
      if (!shown[i])
        continue;
      meshes[i] = resolve_mesh (catalog, box->entity, failed_mesh_ids, &infos[i]);
      if (meshes[i] != NULL)
        for (TwinEntity *e = twin_entity_get_parent (box->entity); e != NULL; e = twin_entity_get_parent (e))
          if (!g_hash_table_add (has_mesh_inside, e))
            break;
    }

  for (guint i = 0; i < boxes->len; i++)
    {
      TwinSceneBox  *box = &g_array_index (boxes, TwinSceneBox, i);
      TwinRenderItem item = { 0 };

      if (!shown[i])
        continue;
      item.opacity = state != NULL ? twin_view_state_get_effective_opacity (state, box->entity) : 1.0f;
      if (!(item.opacity > 0.0f) ||
          (meshes[i] == NULL && box->is_container && g_hash_table_contains (has_mesh_inside, box->entity)))
        {
          g_clear_pointer (&meshes[i], twin_mesh_unref);
          continue;
        }

      item.entity = box->entity;
      item.is_container = box->is_container;
      item.depth = get_depth (box->entity);
      glm_vec3_fill (item.min_m, G_MAXFLOAT);
      glm_vec3_fill (item.max_m, -G_MAXFLOAT);
      if (meshes[i] != NULL)
        {
          mat4 to_source;

          item.mesh = g_steal_pointer (&meshes[i]);
          item.mesh_id = twin_entity_get_mesh_id (box->entity);
          twin_mesh_info_get_matrix (infos[i], to_source);
          glm_mat4_mul (box->world, to_source, item.to_world);
          add_corners_bounds (item.to_world, infos[i]->min, infos[i]->max, item.min_m, item.max_m);
        }
      else
        {
          static const float lo[3] = { -0.5f, -0.5f, -0.5f };
          static const float hi[3] = { 0.5f, 0.5f, 0.5f };

          glm_mat4_copy (box->box, item.to_world);
          add_corners_bounds (item.to_world, lo, hi, item.min_m, item.max_m);
        }
      g_array_append_val (items, item);
    }
  return g_steal_pointer (&items);
}

/**
 * twin_render_list_compute_bounds:
 * @items: (element-type TwinRenderItem): from twin_render_list_collect()
 * @within: (nullable): only the items of this entity's subtree, or %NULL
 *   for all
 * @min_m: (out caller-allocates): the lowest corner of their world
 *   bounding box, metres
 * @max_m: (out caller-allocates): its highest corner
 *
 * What "fit all" and "fit selection" frame.
 *
 * Returns: %FALSE if no item counts (@min_m and @max_m are then zero)
 */
gboolean
twin_render_list_compute_bounds (GArray     *items,
                                 TwinEntity *within,
                                 vec3        min_m,
                                 vec3        max_m)
{
  gboolean found = FALSE;

  glm_vec3_zero (min_m);
  glm_vec3_zero (max_m);
  g_return_val_if_fail (items != NULL, FALSE);
  g_return_val_if_fail (within == NULL || TWIN_IS_ENTITY (within), FALSE);

  for (guint i = 0; i < items->len; i++)
    {
      const TwinRenderItem *item = &g_array_index (items, TwinRenderItem, i);

      if (within != NULL && item->entity != within && !twin_entity_is_ancestor_of (within, item->entity))
        continue;
      if (!found)
        {
          glm_vec3_copy ((float *) item->min_m, min_m);
          glm_vec3_copy ((float *) item->max_m, max_m);
          found = TRUE;
          continue;
        }
      glm_vec3_minv (min_m, (float *) item->min_m, min_m);
      glm_vec3_maxv (max_m, (float *) item->max_m, max_m);
    }
  return found;
}
