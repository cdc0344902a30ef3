/* test-scene-box.c: checks where each entity's box lands in the world and how big it is (no GL).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mesh/twin-scene-box.h"
#include "model/twin-entity.h"
#include "model/twin-model.h"
#include "model/twin-parameter.h"

#include <math.h>
#include <string.h>

/* float32 matrix products of a few rotations, on coordinates up to ~100 m. */
#define POSITION_TOLERANCE_M 1e-4
/* float32 unit conversions of lengths up to ~10 m. */
#define SIZE_TOLERANCE_M 1e-6

static void
assert_point_near (const float *actual,
                   float        x,
                   float        y,
                   float        z)
{
  g_test_message ("got (%g, %g, %g), expected (%g, %g, %g)", actual[0], actual[1], actual[2], x, y, z);
  g_assert_cmpfloat_with_epsilon (actual[0], x, POSITION_TOLERANCE_M);
  g_assert_cmpfloat_with_epsilon (actual[1], y, POSITION_TOLERANCE_M);
  g_assert_cmpfloat_with_epsilon (actual[2], z, POSITION_TOLERANCE_M);
}

static void
make_transform (TwinTransform *transform,
                double         x,
                double         y,
                double         z,
                double         rx,
                double         ry,
                double         rz)
{
  twin_transform_init_identity (transform);
  transform->position_m[0] = x;
  transform->position_m[1] = y;
  transform->position_m[2] = z;
  transform->rotation_deg[0] = rx;
  transform->rotation_deg[1] = ry;
  transform->rotation_deg[2] = rz;
}

static void
test_transform_matrix (void)
{
  static const struct
  {
    double position_m[3];
    double rotation_deg[3];
    double scale[3];
    float  point[3];
    float  expected[3];
  } cases[] = {
    { { 0, 0, 0 }, { 0, 0, 0 }, { 1, 1, 1 }, { 1, 2, 3 }, { 1, 2, 3 } },   /* identity */
    { { 1, 2, 3 }, { 0, 0, 0 }, { 1, 1, 1 }, { 1, 0, 0 }, { 2, 2, 3 } },   /* translation */
    { { 0, 0, 0 }, { 0, 0, 90 }, { 1, 1, 1 }, { 1, 0, 0 }, { 0, 1, 0 } },  /* right-handed about Z: +X to +Y */
    { { 0, 0, 0 }, { 90, 0, 0 }, { 1, 1, 1 }, { 0, 1, 0 }, { 0, 0, 1 } },  /* about X: +Y to +Z */
    { { 0, 0, 0 }, { 0, 90, 0 }, { 1, 1, 1 }, { 0, 0, 1 }, { 1, 0, 0 } },  /* about Y: +Z to +X */
    { { 0, 0, 0 }, { 90, 0, 90 }, { 1, 1, 1 }, { 1, 0, 0 }, { 0, 1, 0 } }, /* X first, then Z */
    { { 0, 0, 0 }, { 90, 0, 90 }, { 1, 1, 1 }, { 0, 1, 0 }, { 0, 0, 1 } },
    { { 0, 0, 0 }, { 0, 90, 90 }, { 1, 1, 1 }, { 0, 0, 1 }, { 0, 1, 0 } },          /* Y first, then Z */
    { { 0, 0, 0 }, { 0, 0, 90 }, { 2, 1, 1 }, { 1, 0, 0 }, { 0, 2, 0 } },           /* scale before rotation */
    { { 1, 2, 3 }, { 0, 0, 90 }, { 1, 1, 1 }, { 1, 0, 0 }, { 1, 3, 3 } },           /* rotation before translation */
    { { NAN, 2, 0 }, { 0, INFINITY, 0 }, { 1, 1, NAN }, { 1, 1, 1 }, { 1, 3, 1 } }, /* bad parts are ignored */
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TwinTransform transform;
      mat4          matrix;
      vec3          result;
      vec3          point;

      memcpy (transform.position_m, cases[i].position_m, sizeof transform.position_m);
      memcpy (transform.rotation_deg, cases[i].rotation_deg, sizeof transform.rotation_deg);
      memcpy (transform.scale, cases[i].scale, sizeof transform.scale);
      memcpy (point, cases[i].point, sizeof point);

      twin_scene_box_transform_to_matrix (&transform, matrix);
      glm_mat4_mulv3 (matrix, point, 1.0f, result);
      g_test_message ("case %u", i);
      assert_point_near (result, cases[i].expected[0], cases[i].expected[1], cases[i].expected[2]);
    }
}

static TwinEntity *
add_child (TwinEntity          *parent,
           const char          *type_name,
           const char          *name,
           const TwinTransform *transform)
{
  g_autoptr (TwinEntity) child = twin_entity_new (NULL, type_name, name);

  if (transform != NULL)
    twin_entity_set_initial_transform (child, transform);
  twin_entity_append_child (parent, child);
  return child; /* borrowed: the parent holds it */
}

static TwinSceneBox *
find_box (GArray     *boxes,
          TwinEntity *entity)
{
  guint i;

  for (i = 0; i < boxes->len; i++)
    if (g_array_index (boxes, TwinSceneBox, i).entity == entity)
      return &g_array_index (boxes, TwinSceneBox, i);
  g_assert_not_reached ();
  return NULL;
}

static void
test_world_accumulates (void)
{
  const float d = TWIN_SCENE_BOX_DEFAULT_SIZE_M;
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Site");
  g_autoptr (TwinModel) model = NULL;
  g_autoptr (GArray) boxes = NULL;
  TwinTransform transform;
  TwinEntity   *building;
  TwinEntity   *floor;
  TwinEntity   *device;
  TwinSceneBox *box;
  vec3          origin = { 0, 0, 0 };
  vec3          result;

  make_transform (&transform, 10, 0, 0, 0, 0, 90);
  building = add_child (root, "building", "Building", &transform);
  make_transform (&transform, 0, 0, 3, 0, 0, 0);
  floor = add_child (building, "floor", "Floor 1", &transform);
  make_transform (&transform, 2, 0, 0, 0, 0, 0);
  device = add_child (floor, "device", "Heater", &transform);
  model = twin_model_new (root);

  boxes = twin_scene_box_collect (model);
  g_assert_cmpuint (boxes->len, ==, 4);

  /* Parents come before their children, in tree order. */
  g_assert_true (g_array_index (boxes, TwinSceneBox, 0).entity == root);
  g_assert_true (g_array_index (boxes, TwinSceneBox, 1).entity == building);
  g_assert_true (g_array_index (boxes, TwinSceneBox, 2).entity == floor);
  g_assert_true (g_array_index (boxes, TwinSceneBox, 3).entity == device);
  g_assert_true (g_array_index (boxes, TwinSceneBox, 0).is_container);
  g_assert_true (g_array_index (boxes, TwinSceneBox, 2).is_container);
  g_assert_false (g_array_index (boxes, TwinSceneBox, 3).is_container);

  /* The heater is 2 m along the floor's X, which the building turned to world +Y. */
  box = find_box (boxes, device);
  glm_mat4_mulv3 (box->world, origin, 1.0f, result);
  assert_point_near (result, 10, 2, 3);

  /* Its default box stands on its origin as on a corner: the centre is half an edge along each
   * of the heater's axes, whose X and Y the building turned to world +Y and -X. */
  assert_point_near (box->min_m, 0, 0, 0);
  assert_point_near (box->size_m, d, d, d);
  glm_mat4_mulv3 (box->box, origin, 1.0f, result);
  assert_point_near (result, 10 - d / 2, 2 + d / 2, 3 + d / 2);

  /* A container spans its origin and its children: the floor reaches the heater... */
  box = find_box (boxes, floor);
  assert_point_near (box->min_m, 0, 0, 0);
  assert_point_near (box->size_m, 2 + d, d, d);
  /* ...and the building reaches the floor, 3 m up. */
  box = find_box (boxes, building);
  assert_point_near (box->min_m, 0, 0, 0);
  assert_point_near (box->size_m, 2 + d, d, 3 + d);
  /* The site spans the building, turned: X from 10 - d to 10, Y from 0 to 2 + d. */
  box = find_box (boxes, root);
  assert_point_near (box->min_m, 0, 0, 0);
  assert_point_near (box->size_m, 10, 2 + d, 3 + d);

  /* An edit through the model shows the next time the boxes are collected. */
  make_transform (&transform, 0, 0, 6, 0, 0, 0);
  g_assert_true (twin_model_set_transform (model, floor, &transform, NULL));
  g_clear_pointer (&boxes, g_array_unref);
  boxes = twin_scene_box_collect (model);
  box = find_box (boxes, device);
  glm_mat4_mulv3 (box->world, origin, 1.0f, result);
  assert_point_near (result, 10, 2, 6);
  assert_point_near (find_box (boxes, building)->size_m, 2 + d, d, 6 + d);

  g_clear_pointer (&boxes, g_array_unref);
  g_assert_finalize_object (g_steal_pointer (&model));
}

/* Children below or behind a container's origin stretch it that way too. */
static void
test_container_spans_children (void)
{
  const float d = TWIN_SCENE_BOX_DEFAULT_SIZE_M;
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Site");
  g_autoptr (TwinModel) model = NULL;
  g_autoptr (GArray) boxes = NULL;
  TwinTransform transform;
  TwinSceneBox *box;

  make_transform (&transform, -3, 1, -2, 0, 0, 0);
  add_child (root, "tank", "Tank", &transform);
  make_transform (&transform, 4, 5, 0, 0, 0, 0);
  add_child (root, "pump", "Pump", &transform);
  model = twin_model_new (root);

  boxes = twin_scene_box_collect (model);
  box = find_box (boxes, root);
  assert_point_near (box->min_m, -3, 0, -2);
  assert_point_near (box->size_m, 4 + d + 3, 5 + d, 2 + d);

  g_clear_pointer (&boxes, g_array_unref);
  g_assert_finalize_object (g_steal_pointer (&model));
}

/* A container's size parameter wins over its children on that axis only. */
static void
test_container_size_parameter (void)
{
  const float d = TWIN_SCENE_BOX_DEFAULT_SIZE_M;
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "floor", "Floor");
  g_autoptr (TwinModel) model = NULL;
  g_autoptr (GArray) boxes = NULL;
  g_autoptr (TwinParameter) height = twin_parameter_new_number ("height", 3.5, "m", 0, 100);
  TwinTransform transform;
  TwinSceneBox *box;

  twin_entity_add_parameter (root, height);
  make_transform (&transform, 6, 2, 3.4, 0, 0, 0);
  add_child (root, "lamp", "Lamp", &transform);
  model = twin_model_new (root);

  boxes = twin_scene_box_collect (model);
  box = find_box (boxes, root);
  assert_point_near (box->min_m, 0, 0, 0);
  assert_point_near (box->size_m, 6 + d, 2 + d, 3.5f);

  g_clear_pointer (&boxes, g_array_unref);
  g_assert_finalize_object (g_steal_pointer (&model));
}

static void
add_number (TwinEntity *entity,
            const char *name,
            double      value,
            const char *unit)
{
  g_autoptr (TwinParameter) parameter = twin_parameter_new_number (name, value, unit, -1e9, 1e9);

  twin_entity_add_parameter (entity, parameter);
}

static void
test_size_parameters (void)
{
  static const struct
  {
    const char *name;
    double      value;
    const char *unit;
    float       expected_m; /* 0: not a usable size */
  } cases[] = {
    { "width", 2.5, "m", 2.5f },
    { "depth", 500, "mm", 0.5f }, /* converted to metres */
    { "height", 3, NULL, 3.0f },  /* no unit counts as metres */
    { "width", 2, "kg", 0 },      /* not a length */
    { "depth", -1, "m", 0 },      /* not positive */
    { "height", 0, "m", 0 },
    { "length", 7, "m", 0 }, /* not a size parameter */
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (TwinEntity) entity = twin_entity_new (NULL, "device", "Box");
      g_autoptr (TwinModel) model = NULL;
      g_autoptr (GArray) boxes = NULL;
      vec3 size_m;
      int  axis;

      add_number (entity, cases[i].name, cases[i].value, cases[i].unit);
      twin_scene_box_get_size_parameters (entity, size_m);
      model = twin_model_new (entity);
      boxes = twin_scene_box_collect (model);
      for (axis = 0; axis < 3; axis++)
        {
          const char *names[] = { "width", "depth", "height" };
          float       expected_m = 0;

          if (g_str_equal (names[axis], cases[i].name))
            expected_m = cases[i].expected_m;
          g_test_message ("case %u axis %d: %g", i, axis, size_m[axis]);
          g_assert_cmpfloat_with_epsilon (size_m[axis], expected_m, SIZE_TOLERANCE_M);
          /* The box falls back to the default size where there is no usable parameter. */
          g_assert_cmpfloat_with_epsilon (g_array_index (boxes, TwinSceneBox, 0).size_m[axis],
                                          expected_m > 0 ? expected_m : TWIN_SCENE_BOX_DEFAULT_SIZE_M,
                                          SIZE_TOLERANCE_M);
        }
      g_clear_pointer (&boxes, g_array_unref);
      g_assert_finalize_object (g_steal_pointer (&model));
    }
}

static void
test_size_from_integer_and_text (void)
{
  g_autoptr (TwinEntity) entity = twin_entity_new (NULL, "device", "Box");
  g_autoptr (TwinParameter) width = twin_parameter_new_integer ("width", 4, "m", 0, 100);
  g_autoptr (TwinParameter) height = twin_parameter_new_string ("height", "tall");
  vec3 size_m;

  twin_entity_add_parameter (entity, width);
  twin_entity_add_parameter (entity, height);
  twin_scene_box_get_size_parameters (entity, size_m);
  g_assert_cmpfloat_with_epsilon (size_m[0], 4.0, SIZE_TOLERANCE_M);
  g_assert_cmpfloat_with_epsilon (size_m[1], 0.0, SIZE_TOLERANCE_M);
  g_assert_cmpfloat_with_epsilon (size_m[2], 0.0, SIZE_TOLERANCE_M);
}

static void
test_bounds (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Site");
  g_autoptr (TwinModel) model = NULL;
  g_autoptr (GArray) boxes = NULL;
  g_autoptr (GArray) empty = g_array_new (FALSE, FALSE, sizeof (TwinSceneBox));
  TwinTransform transform;
  TwinEntity   *hall;
  vec3          min_m;
  vec3          max_m;

  /* A 4 × 2 × 3 m hall with its corner at (10, 0, 0), turned 90° so its X runs along world +Y. */
  make_transform (&transform, 10, 0, 0, 0, 0, 90);
  hall = add_child (root, "building", "Hall", &transform);
  add_number (hall, "width", 4, "m");
  add_number (hall, "depth", 2, "m");
  add_number (hall, "height", 3, "m");
  model = twin_model_new (root);

  /* The site spans its origin and the hall. */
  boxes = twin_scene_box_collect (model);
  g_assert_true (twin_scene_box_compute_bounds (boxes, min_m, max_m));
  assert_point_near (min_m, 0, 0, 0);
  assert_point_near (max_m, 10, 4, 3);
  assert_point_near (find_box (boxes, root)->size_m, 10, 4, 3);

  g_assert_false (twin_scene_box_compute_bounds (empty, min_m, max_m));
  assert_point_near (min_m, 0, 0, 0);
  assert_point_near (max_m, 0, 0, 0);

  g_clear_pointer (&boxes, g_array_unref);
  g_assert_finalize_object (g_steal_pointer (&model));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/render/scene-box/transform-matrix", test_transform_matrix);
  g_test_add_func ("/render/scene-box/world-accumulates", test_world_accumulates);
  g_test_add_func ("/render/scene-box/container-spans-children", test_container_spans_children);
  g_test_add_func ("/render/scene-box/container-size-parameter", test_container_size_parameter);
  g_test_add_func ("/render/scene-box/size-parameters", test_size_parameters);
  g_test_add_func ("/render/scene-box/size-integer-and-text", test_size_from_integer_and_text);
  g_test_add_func ("/render/scene-box/bounds", test_bounds);

  return g_test_run ();
}
