/* twin-picker.h: which entity is under a pixel of the 3D view: rays against boxes and mesh triangles (no GL).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cglm/cglm.h>
#include <glib.h>

#include "mesh/twin-mesh-catalog.h"
#include "model/twin-model.h"
#include "twin-camera.h"
#include "twin-view-state.h"

G_BEGIN_DECLS

/**
 * TwinPickResult:
 * @entity: (nullable): the entity hit (borrowed from the model), or %NULL
 * @distance_m: how far along the ray, metres
 * @point_m: where, world space, metres
 * @triangle: the index of the mesh triangle hit, or %G_MAXUINT for a box
 *
 * What a pick found.
 */
typedef struct
{
  TwinEntity *entity;
  float       distance_m;
  vec3        point_m;
  guint       triangle;
} TwinPickResult;

gboolean twin_picker_pick_ray (GArray           *items,
                               const vec3        origin_m,
                               const vec3        direction,
                               TwinPickResult   *result);
gboolean twin_picker_pick     (TwinModel        *model,
                               TwinMeshCatalog  *catalog,
                               TwinViewState    *state,
                               const TwinCamera *camera,
                               float             x_px,
                               float             y_px,
                               int               width_px,
                               int               height_px,
                               TwinPickResult   *result);

gboolean twin_picker_intersect_box      (mat4             box_to_world,
                                         const vec3       origin_m,
                                         const vec3       direction,
                                         float           *distance_m);
gboolean twin_picker_intersect_triangle (const vec3       origin,
                                         const vec3       direction,
                                         const float     *a,
                                         const float     *b,
                                         const float     *c,
                                         float           *t);

G_END_DECLS
