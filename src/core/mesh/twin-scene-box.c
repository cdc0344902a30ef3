/* twin-scene-box.c: the box that stands for one entity in the 3D view, and where it sits in the world.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure maths over the model, no GL, so the placement of every box is tested
 * headlessly. A transform is T · Rz · Ry · Rx · S: scale, then rotate about X,
 * then Y, then Z (fixed axes), then translate, in metres and degrees. An
 * entity's world matrix is its parent's world matrix times its own transform.
 * Boxes stand on their entity's origin as on a corner; an entity with
 * children spans them (see TwinSceneBox). Collecting walks the whole tree
 * once: O(entities), a few hundred bytes each, recursion as deep as the tree.
 */

#define G_LOG_DOMAIN "twin-scene-box"

#include "config.h"

#include "twin-scene-box.h"

#include "model/twin-entity.h"
#include "model/twin-parameter.h"
#include "model/twin-unit.h"

#include <math.h>

/* The unit cube's corners, centred on the origin. */
static const float cube_corners[8][3] = {
  { -0.5f, -0.5f, -0.5f },
  { 0.5f, -0.5f, -0.5f },
  { -0.5f, 0.5f, -0.5f },
  { 0.5f, 0.5f, -0.5f },
  { -0.5f, -0.5f, 0.5f },
  { 0.5f, -0.5f, 0.5f },
  { -0.5f, 0.5f, 0.5f },
  { 0.5f, 0.5f, 0.5f },
};

/* A length parameter in metres, or 0 when the entity has no usable one. */
static float
get_length_parameter_m (TwinEntity *entity,
                        const char *name)
{
  TwinParameter *parameter = twin_entity_get_parameter (entity, name);
  const char    *unit;
  double         value;
  double         value_m;

  if (parameter == NULL)
    return 0.0f;

  switch (twin_parameter_get_kind (parameter))
    {
    case TWIN_VALUE_NUMBER:
      value = twin_parameter_get_number (parameter);
      break;
    case TWIN_VALUE_INTEGER:
      value = (double) twin_parameter_get_integer (parameter);
      break;
    case TWIN_VALUE_BOOLEAN:
    case TWIN_VALUE_STRING:
    default:
      return 0.0f;
    }

  unit = twin_parameter_get_unit (parameter);
  if (unit == NULL || *unit == '\0')
    value_m = value;
  else if (!twin_unit_convert (value, unit, "m", &value_m, NULL))
    return 0.0f; /* not a length: the box keeps its default size */

  if (!isfinite (value_m) || value_m <= 0.0 || value_m > 1.0e7)
    return 0.0f;
  return (float) value_m;
}

/* Grows [min, max] to hold the unit cube's corners under a matrix. */
static void
add_cube_bounds (mat4 matrix,
                 vec3 min_m,
                 vec3 max_m)
{
  int c;

  for (c = 0; c < 8; c++)
    {
      vec3 corner = { cube_corners[c][0], cube_corners[c][1], cube_corners[c][2] };
      vec3 point;

      glm_mat4_mulv3 (matrix, corner, 1.0f, point);
      glm_vec3_minv (min_m, point, min_m);
      glm_vec3_maxv (max_m, point, max_m);
    }
}

/*
 * Appends the boxes of @entity and its subtree, parents first, and grows
 * [parent_min, parent_max] (in the parent's frame) to hold @entity's box.
 * Children come first in the maths, since a container spans them, so the
 * entity's slot is reserved before recursing and filled after.
 */
static void
collect_subtree (GArray     *boxes,
                 TwinEntity *entity,
                 mat4        parent_world,
                 vec3        parent_min_m,
                 vec3        parent_max_m)
{
  TwinSceneBox box = { 0 };
  TwinSceneBox reserved = { 0 }; /* keeps the parent's slot before its children */
  mat4         local;
  mat4         unit_to_entity;
  vec3         parameters_m;
  vec3         fit_min_m = { 0.0f, 0.0f, 0.0f };
  vec3         fit_max_m = { 0.0f, 0.0f, 0.0f };
  vec3         centre_m;
  guint        slot = boxes->len;
  guint        n_children;
  guint        i;
  int          axis;

  g_assert (TWIN_IS_ENTITY (entity));

  twin_scene_box_transform_to_matrix (twin_entity_get_transform (entity), local);
  glm_mat4_mul (parent_world, local, box.world);
  g_array_append_val (boxes, reserved);

  /* The fit starts at the entity's own origin, its corner. */
  n_children = twin_entity_get_n_children (entity);
  for (i = 0; i < n_children; i++)
    collect_subtree (boxes, twin_entity_get_child (entity, i), box.world, fit_min_m, fit_max_m);

  twin_scene_box_get_size_parameters (entity, parameters_m);
  for (axis = 0; axis < 3; axis++)
    {
      if (parameters_m[axis] > 0.0f)
        {
          box.min_m[axis] = 0.0f;
          box.size_m[axis] = parameters_m[axis];
        }
      else if (n_children > 0)
        {
          box.min_m[axis] = fit_min_m[axis];
          box.size_m[axis] = fit_max_m[axis] - fit_min_m[axis];
        }
      else
        {
          box.min_m[axis] = 0.0f;
          box.size_m[axis] = TWIN_SCENE_BOX_DEFAULT_SIZE_M;
        }
    }

  glm_vec3_scale (box.size_m, 0.5f, centre_m);
  glm_vec3_add (box.min_m, centre_m, centre_m);
  glm_translate_make (unit_to_entity, centre_m);
  glm_scale (unit_to_entity, box.size_m);
  glm_mat4_mul (box.world, unit_to_entity, box.box);
  box.entity = entity;
  box.is_container = n_children > 0;
  g_array_index (boxes, TwinSceneBox, slot) = box;

  glm_mat4_mul (local, unit_to_entity, unit_to_entity);
  add_cube_bounds (unit_to_entity, parent_min_m, parent_max_m);
}

/**
 * twin_scene_box_transform_to_matrix:
 * @transform: an entity's transform relative to its parent
 * @matrix: (out caller-allocates): the same as a matrix, T · Rz · Ry · Rx · S
 *
 * Non-finite components are treated as the identity's, so a bad value can
 * never poison a whole subtree's matrices.
 */
void
twin_scene_box_transform_to_matrix (const TwinTransform *transform,
                                    mat4                 matrix)
{
  vec3 position = { 0.0f, 0.0f, 0.0f };
  vec3 scale = { 1.0f, 1.0f, 1.0f };
  vec3 angles = { 0.0f, 0.0f, 0.0f };
  int  i;

  glm_mat4_identity (matrix);
  g_return_if_fail (transform != NULL);

  for (i = 0; i < 3; i++)
    {
      if (isfinite (transform->position_m[i]))
        position[i] = (float) transform->position_m[i];
      if (isfinite (transform->rotation_deg[i]))
        angles[i] = glm_rad ((float) transform->rotation_deg[i]);
      if (isfinite (transform->scale[i]))
        scale[i] = (float) transform->scale[i];
    }

  glm_translate (matrix, position);
  glm_rotate_z (matrix, angles[2], matrix);
  glm_rotate_y (matrix, angles[1], matrix);
  glm_rotate_x (matrix, angles[0], matrix);
  glm_scale (matrix, scale);
}

/**
 * twin_scene_box_get_size_parameters:
 * @entity: an entity
 * @size_m: (out caller-allocates): its `width` (X), `depth` (Y) and `height`
 *   (Z) parameters in metres, each 0 when missing, not a length, or not a
 *   positive number
 *
 * A parameter without a unit counts as metres; other lengths are converted.
 */
void
twin_scene_box_get_size_parameters (TwinEntity *entity,
                                    vec3        size_m)
{
  static const char *const names[3] = {
    TWIN_SCENE_BOX_WIDTH_PARAMETER,
    TWIN_SCENE_BOX_DEPTH_PARAMETER,
    TWIN_SCENE_BOX_HEIGHT_PARAMETER,
  };
  int i;

  glm_vec3_zero (size_m);
  g_return_if_fail (TWIN_IS_ENTITY (entity));

  for (i = 0; i < 3; i++)
    size_m[i] = get_length_parameter_m (entity, names[i]);
}

/**
 * twin_scene_box_collect:
 * @model: a model
 *
 * One box per entity of @model, the root included, parents before their
 * children, in the order of the tree.
 *
 * Returns: (transfer full) (element-type TwinSceneBox): the boxes
 */
GArray *
twin_scene_box_collect (TwinModel *model)
{
  g_autoptr (GArray) boxes = NULL;
  TwinEntity *root;
  mat4        identity;
  vec3        root_min_m = { 0.0f, 0.0f, 0.0f };
  vec3        root_max_m = { 0.0f, 0.0f, 0.0f };

  g_return_val_if_fail (TWIN_IS_MODEL (model), NULL);

  boxes = g_array_sized_new (FALSE, FALSE, sizeof (TwinSceneBox), twin_model_get_n_entities (model));
  root = twin_model_get_root (model);
  glm_mat4_identity (identity);
  if (root != NULL)
    collect_subtree (boxes, root, identity, root_min_m, root_max_m);
  return g_steal_pointer (&boxes);
}

/**
 * twin_scene_box_compute_bounds:
 * @boxes: (element-type TwinSceneBox): boxes from twin_scene_box_collect()
 * @min_m: (out caller-allocates): the lowest corner of the boxes' world
 *   bounding box, metres
 * @max_m: (out caller-allocates): its highest corner, metres
 *
 * Returns: %FALSE if @boxes is empty (@min_m and @max_m are then zero)
 */
gboolean
twin_scene_box_compute_bounds (GArray *boxes,
                               vec3    min_m,
                               vec3    max_m)
{
  guint i;

  glm_vec3_zero (min_m);
  glm_vec3_zero (max_m);
  g_return_val_if_fail (boxes != NULL, FALSE);

  if (boxes->len == 0)
    return FALSE;

  glm_vec3_fill (min_m, G_MAXFLOAT);
  glm_vec3_fill (max_m, -G_MAXFLOAT);
  for (i = 0; i < boxes->len; i++)
    add_cube_bounds (g_array_index (boxes, TwinSceneBox, i).box, min_m, max_m);
  return TRUE;
}
