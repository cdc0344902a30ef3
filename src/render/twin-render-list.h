/* twin-render-list.h: what the 3D view draws this frame: one item per shown entity, a box or a mesh, in world space.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cglm/cglm.h>
#include <glib.h>

#include "mesh/twin-mesh-catalog.h"
#include "model/twin-model.h"
#include "twin-view-state.h"

G_BEGIN_DECLS

/**
 * TwinRenderItem:
 * @entity: the entity (borrowed from the model)
 * @mesh: (nullable): its geometry when it is drawn as a mesh (owned
 *   reference), %NULL when it is drawn as a box
 * @mesh_id: (nullable): the mesh's id (borrowed from @entity)
 * @to_world: for a box, the unit cube (centred, edge 1) to world space; for
 *   a mesh, the mesh's source coordinates to world space:
 *   world (entity) × twin_mesh_info_get_matrix (info)
 * @min_m: the lowest corner of the item's world bounding box, metres
 * @max_m: its highest corner
 * @opacity: how opaque it is drawn, in (0, 1] (twin_view_state_get_effective_opacity())
 * @depth: how many levels below the root the entity is (the root is 0)
 * @is_container: whether the entity has children; a container drawn as a
 *   box is a see-through hull of its children
 *
 * One thing to draw and to pick.
 */
typedef struct
{
  TwinEntity *entity;
  TwinMesh   *mesh;
  const char *mesh_id;
  mat4        to_world;
  vec3        min_m;
  vec3        max_m;
  float       opacity;
  guint       depth;
  gboolean    is_container;
} TwinRenderItem;

GArray   *twin_render_list_collect        (TwinModel       *model,
                                           TwinMeshCatalog *catalog,
                                           TwinViewState   *state,
                                           GHashTable      *failed_mesh_ids) G_GNUC_WARN_UNUSED_RESULT;
gboolean  twin_render_list_compute_bounds (GArray          *items,
                                           TwinEntity      *within,
                                           vec3             min_m,
                                           vec3             max_m);

G_END_DECLS
