/* twin-scene-box.h: the box that stands for one entity in the 3D view, and where it sits in the world.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cglm/cglm.h>
#include <glib.h>

#include "model/twin-model.h"
#include "model/twin-transform.h"

G_BEGIN_DECLS

/* The edge length of an entity's box without children or size parameters, metres. */
#define TWIN_SCENE_BOX_DEFAULT_SIZE_M 0.5f

/* The parameters that size a box; each is a length, converted to metres. */
#define TWIN_SCENE_BOX_WIDTH_PARAMETER  "width"
#define TWIN_SCENE_BOX_DEPTH_PARAMETER  "depth"
#define TWIN_SCENE_BOX_HEIGHT_PARAMETER "height"

/**
 * TwinSceneBox:
 * @world: the entity's frame to world space: the product of its ancestors'
 *   transforms and its own, metres
 * @box: the unit cube (centred on the origin, edge 1) to world space
 * @min_m: the box's lowest corner in the entity's frame, metres
 * @size_m: the box's extent along the entity's X, Y and Z, metres
 * @entity: the entity (borrowed from the model)
 * @is_container: whether the entity has children
 *
 * An entity's origin is the box's corner: along each axis the box runs
 * from 0 to its width (X), depth (Y) and height (Z), as a room or a floor
 * is placed by its corner. A size comes from the entity's `width`, `depth`
 * and `height` parameters; an entity with children that lacks one spans its
 * origin and its children's boxes along that axis; a leaf that lacks one
 * measures %TWIN_SCENE_BOX_DEFAULT_SIZE_M.
 */
typedef struct
{
  mat4        world;
  mat4        box;
  vec3        min_m;
  vec3        size_m;
  TwinEntity *entity;
  gboolean    is_container;
} TwinSceneBox;

void      twin_scene_box_transform_to_matrix  (const TwinTransform *transform,
                                               mat4                 matrix);
void      twin_scene_box_get_size_parameters (TwinEntity          *entity,
                                               vec3                 size_m);
GArray   *twin_scene_box_collect              (TwinModel           *model) G_GNUC_WARN_UNUSED_RESULT;
gboolean  twin_scene_box_compute_bounds       (GArray              *boxes,
                                               vec3                 min_m,
                                               vec3                 max_m);

G_END_DECLS
