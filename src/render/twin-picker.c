/* twin-picker.c: which entity is under a pixel of the 3D view: rays against boxes and mesh triangles (no GL).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The picker intersects the camera's ray through a pixel with the render
 * list (twin-render-list.h), so it sees exactly what is drawn: hidden
 * entities, those outside an isolated subtree and those of opacity 0 are
 * never picked. Each item is first rejected by its world bounding box; a
 * surviving mesh is tested in its own source coordinates (the ray is taken
 * there by the inverse of its matrix, so no vertex is transformed) against
 * its bounds, then triangle by triangle (Möller–Trumbore, both faces: CAD
 * shells are often open). A 1M-triangle mesh costs a few milliseconds per
 * click. Distances stay in world metres because the ray's direction is
 * transformed without being normalized again.
 *
 * Which entity wins:
 * - "solids" first: leaves drawn as boxes and every mesh (whatever its
 *   opacity): the nearest hit wins;
 * - containers drawn as see-through boxes are picked only when the ray hits
 *   no solid at all, by their faces (or, from inside, the face the ray
 *   leaves by); among them the deepest in the hierarchy wins, then the
 *   nearest. So clicking a part behind a room's glassy wall picks the part,
 *   and clicking the empty inside of a room picks the room, not its floor.
 */

#define G_LOG_DOMAIN "twin-picker"

#include "config.h"

#include "twin-picker.h"

#include "twin-render-list.h"

#include <math.h>

/* Axes shorter than this, metres, are a box squashed flat: it gets this thickness instead. */
#define FLAT_BOX_THICKNESS_M 1e-6f

/* Intersects a ray with the axis-aligned box [lo, hi]; the entry and exit distances may be negative. */
static gboolean
intersect_slabs (const vec3  origin,
                 const vec3  direction,
                 const float lo[3],
                 const float hi[3],
                 float      *t_enter,
                 float      *t_exit)
{
  float enter = -G_MAXFLOAT;
  float exit = G_MAXFLOAT;

  for (int k = 0; k < 3; k++)
    {
      if (fabsf (direction[k]) < 1e-30f)
        {
          if (origin[k] < lo[k] || origin[k] > hi[k])
            return FALSE;
          continue;
        }
      {
        float t0 = (lo[k] - origin[k]) / direction[k];
        float t1 = (hi[k] - origin[k]) / direction[k];

        if (t0 > t1)
          {
            float swap = t0;

            t0 = t1;
            t1 = swap;
          }
        enter = MAX (enter, t0);
        exit = MIN (exit, t1);
        if (enter > exit)
          return FALSE;
      }
    }
  *t_enter = enter;
  *t_exit = exit;
  return exit >= 0.0f;
}

/* The inverse of a matrix whose 3 × 3 part may be singular because one axis is squashed to nothing. */
static gboolean
invert_box_matrix (mat4 to_world,
                   mat4 inverse)
{
  mat4  fixed;
  float lengths[3];
  int   n_flat = 0;
  int   flat = -1;

  glm_mat4_copy (to_world, fixed);
  for (int k = 0; k < 3; k++)
    {
      lengths[k] = glm_vec3_norm (fixed[k]);
      if (lengths[k] < FLAT_BOX_THICKNESS_M)
        {
          n_flat++;
          flat = k;
        }
    }
  if (n_flat > 1)
    return FALSE;
  if (n_flat == 1)
    {
      vec3 normal;

      glm_vec3_cross (fixed[(flat + 1) % 3], fixed[(flat + 2) % 3], normal);
      if (glm_vec3_norm (normal) == 0.0f)
        return FALSE;
      glm_vec3_normalize (normal);
      glm_vec3_scale (normal, FLAT_BOX_THICKNESS_M, fixed[flat]);
    }
  if (!(fabsf (glm_mat4_det (fixed)) > 0.0f))
    return FALSE;
  glm_mat4_inv (fixed, inverse);
  return TRUE;
}

static void
to_local_ray (mat4       inverse,
              const vec3 origin_m,
              const vec3 direction,
              vec3       local_origin,
              vec3       local_direction)
{
  glm_mat4_mulv3 (inverse, (float *) origin_m, 1.0f, local_origin);
  glm_mat4_mulv3 (inverse, (float *) direction, 0.0f, local_direction);
}

/**
 * twin_picker_intersect_box:
 * @box_to_world: the unit cube (centred, edge 1) to world space
 * @origin_m: the ray's start, world space
 * @direction: the ray's unit direction
 * @distance_m: (out): the distance to the face the ray enters by, or the one
 *   it leaves by when it starts inside
 *
 * A box squashed flat along one axis is hit as a very thin box.
 *
 * Returns: %TRUE if the ray hits the box at a non-negative distance
 */
gboolean
twin_picker_intersect_box (mat4       box_to_world,
                           const vec3 origin_m,
                           const vec3 direction,
                           float     *distance_m)
{
  static const float lo[3] = { -0.5f, -0.5f, -0.5f };
  static const float hi[3] = { 0.5f, 0.5f, 0.5f };
  mat4               inverse;
  vec3               local_origin;
  vec3               local_direction;
  float              t_enter;
  float              t_exit;

  g_return_val_if_fail (distance_m != NULL, FALSE);

  if (!invert_box_matrix (box_to_world, inverse))
    return FALSE;
  to_local_ray (inverse, origin_m, direction, local_origin, local_direction);
  if (!intersect_slabs (local_origin, local_direction, lo, hi, &t_enter, &t_exit))
    return FALSE;
  *distance_m = t_enter >= 0.0f ? t_enter : t_exit;
  return TRUE;
}

/**
 * twin_picker_intersect_triangle:
 * @origin: the ray's start
 * @direction: its direction (any length: @t is in its units)
 * @a: (array fixed-size=3): a corner
 * @b: (array fixed-size=3): the next corner
 * @c: (array fixed-size=3): the last corner
 * @t: (out): where along the ray: origin + t · direction
 *
 * Either face counts. A ray in the triangle's plane misses it.
 *
 * Returns: %TRUE if the ray hits the triangle at t ≥ 0
 */
gboolean
twin_picker_intersect_triangle (const vec3   origin,
                                const vec3   direction,
                                const float *a,
                                const float *b,
                                const float *c,
                                float       *t)
{
  float e1[3];
  float e2[3];
  float p[3];
  float q[3];
  float s[3];
  float det;
  float inv_det;
  float u;
  float v;
  float hit;

  for (int k = 0; k < 3; k++)
    {
      e1[k] = b[k] - a[k];
      e2[k] = c[k] - a[k];
      s[k] = origin[k] - a[k];
    }
  p[0] = direction[1] * e2[2] - direction[2] * e2[1];
  p[1] = direction[2] * e2[0] - direction[0] * e2[2];
  p[2] = direction[0] * e2[1] - direction[1] * e2[0];
  det = e1[0] * p[0] + e1[1] * p[1] + e1[2] * p[2];
  if (det == 0.0f || !isfinite (det))
    return FALSE;
  inv_det = 1.0f / det;

  u = (s[0] * p[0] + s[1] * p[1] + s[2] * p[2]) * inv_det;
  if (u < 0.0f || u > 1.0f)
    return FALSE;
  q[0] = s[1] * e1[2] - s[2] * e1[1];
  q[1] = s[2] * e1[0] - s[0] * e1[2];
  q[2] = s[0] * e1[1] - s[1] * e1[0];
  v = (direction[0] * q[0] + direction[1] * q[1] + direction[2] * q[2]) * inv_det;
  if (v < 0.0f || u + v > 1.0f)
    return FALSE;
  hit = (e2[0] * q[0] + e2[1] * q[1] + e2[2] * q[2]) * inv_det;
  if (!(hit >= 0.0f))
    return FALSE;
  *t = hit;
  return TRUE;
}

/* The nearest triangle of a mesh item nearer than @best_m; returns its index or G_MAXUINT. */
static guint
intersect_mesh (const TwinRenderItem *item,
                const vec3            origin_m,
                const vec3            direction,
                float                 best_m,
                float                *distance_m)
{
  const float   *positions = twin_mesh_get_positions (item->mesh);
  const guint32 *indices = twin_mesh_get_indices (item->mesh);
  guint          n_triangles = twin_mesh_get_n_triangles (item->mesh);
  guint          found = G_MAXUINT;
  mat4           inverse;
  mat4           to_world;
  vec3           local_origin;
  vec3           local_direction;
  float          lo[3];
  float          hi[3];
  float          t_enter;
  float          t_exit;

  glm_mat4_copy ((vec4 *) item->to_world, to_world);
  if (!(fabsf (glm_mat4_det (to_world)) > 0.0f))
    return G_MAXUINT;
  glm_mat4_inv (to_world, inverse);
  to_local_ray (inverse, origin_m, direction, local_origin, local_direction);
  twin_mesh_get_bounds (item->mesh, lo, hi);
  if (!intersect_slabs (local_origin, local_direction, lo, hi, &t_enter, &t_exit) || t_enter > best_m)
    return G_MAXUINT;

  for (guint i = 0; i < n_triangles; i++)
    {
      float t;

      if (twin_picker_intersect_triangle (local_origin, local_direction,
                                          &positions[3 * indices[3 * i]],
                                          &positions[3 * indices[3 * i + 1]],
                                          &positions[3 * indices[3 * i + 2]], &t) &&
          t < best_m)
        {
          best_m = t;
          found = i;
        }
    }
  if (found != G_MAXUINT)
    *distance_m = best_m;
  return found;
}

static void
set_result (TwinPickResult *result,
            TwinEntity     *entity,
            float           distance_m,
            guint           triangle,
            const vec3      origin_m,
            const vec3      direction)
{
  result->entity = entity;
  result->distance_m = distance_m;
  result->triangle = triangle;
  glm_vec3_copy ((float *) origin_m, result->point_m);
  glm_vec3_muladds ((float *) direction, distance_m, result->point_m);
}

/**
 * twin_picker_pick_ray:
 * @items: (element-type TwinRenderItem): what is drawn (twin_render_list_collect())
 * @origin_m: the ray's start, world space
 * @direction: its unit direction
 * @result: (out caller-allocates): what was hit; its entity is %NULL when nothing was
 *
 * Finds what a ray hits first, by the rules in the file comment: the
 * nearest solid (a leaf's box or any mesh), else the deepest see-through
 * container box.
 *
 * Returns: %TRUE if something was hit
 */
gboolean
twin_picker_pick_ray (GArray         *items,
                      const vec3      origin_m,
                      const vec3      direction,
                      TwinPickResult *result)
{
  float                 best_solid_m = G_MAXFLOAT;
  float                 best_container_m = G_MAXFLOAT;
  const TwinRenderItem *solid = NULL;
  const TwinRenderItem *container = NULL;
  guint                 solid_triangle = G_MAXUINT;

  g_return_val_if_fail (items != NULL, FALSE);
  g_return_val_if_fail (origin_m != NULL && direction != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  result->entity = NULL;
  result->distance_m = 0.0f;
  result->triangle = G_MAXUINT;
  glm_vec3_zero (result->point_m);

  for (guint i = 0; i < items->len; i++)
    {
      const TwinRenderItem *item = &g_array_index (items, TwinRenderItem, i);
      gboolean              is_solid = item->mesh != NULL || !item->is_container;
      float                 t_enter;
      float                 t_exit;
      float                 t;

      if (!intersect_slabs (origin_m, direction, item->min_m, item->max_m, &t_enter, &t_exit))
        continue;
      if (is_solid && t_enter > best_solid_m)
        continue;

      if (item->mesh != NULL)
        {
          guint triangle = intersect_mesh (item, origin_m, direction, best_solid_m, &t);

          if (triangle != G_MAXUINT)
            {
              best_solid_m = t;
              solid = item;
              solid_triangle = triangle;
            }
          continue;
        }

      if (!twin_picker_intersect_box ((vec4 *) item->to_world, origin_m, direction, &t))
        continue;
      if (is_solid)
        {
          if (t < best_solid_m)
            {
              best_solid_m = t;
              solid = item;
              solid_triangle = G_MAXUINT;
            }
        }
      else if (container == NULL || item->depth > container->depth ||
               (item->depth == container->depth && t < best_container_m))
        {
          best_container_m = t;
          container = item;
        }
    }

  if (solid != NULL)
    set_result (result, solid->entity, best_solid_m, solid_triangle, origin_m, direction);
  else if (container != NULL)
    set_result (result, container->entity, best_container_m, G_MAXUINT, origin_m, direction);
  return result->entity != NULL;
}

/**
 * twin_picker_pick:
 * @model: the twin
 * @catalog: (nullable): its meshes
 * @state: (nullable): what the view hides, isolates and shows see-through
 * @camera: the view's camera
 * @x_px: the point's distance from the view's left edge, pixels
 * @y_px: its distance from the top edge, pixels
 * @width_px: the view's width, pixels
 * @height_px: its height
 * @result: (out caller-allocates): what is there; its entity is %NULL for
 *   empty space
 *
 * The entity under a point of the view, as twin_picker_pick_ray() decides.
 *
 * Returns: %TRUE if an entity is there
 */
gboolean
twin_picker_pick (TwinModel        *model,
                  TwinMeshCatalog  *catalog,
                  TwinViewState    *state,
                  const TwinCamera *camera,
                  float             x_px,
                  float             y_px,
                  int               width_px,
                  int               height_px,
                  TwinPickResult   *result)
{
  g_autoptr (GArray) items = NULL;
  vec3 origin;
  vec3 direction;

  g_return_val_if_fail (TWIN_IS_MODEL (model), FALSE);
  g_return_val_if_fail (camera != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  items = twin_render_list_collect (model, catalog, state, NULL);
  twin_camera_get_ray (camera, x_px, y_px, width_px, height_px, origin, direction);
  return twin_picker_pick_ray (items, origin, direction, result);
}
