/* render-fixture.c: a tiny twin for the drawing tests, and pixel checks shared by them.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "render-fixture.h"

#include "mesh/twin-scene-box.h"
#include "model/twin-entity.h"
#include "model/twin-parameter.h"

#include <math.h>
#include <string.h>

static TwinEntity *
add_child (TwinEntity *parent,
           const char *type_name,
           const char *name,
           double      x,
           double      y,
           double      rotation_z_deg)
{
  g_autoptr (TwinEntity) child = twin_entity_new (NULL, type_name, name);
  TwinTransform transform;

  twin_transform_init_identity (&transform);
  transform.position_m[0] = x;
  transform.position_m[1] = y;
  transform.rotation_deg[2] = rotation_z_deg;
  twin_entity_set_initial_transform (child, &transform);
  twin_entity_append_child (parent, child);
  return child;
}

static void
add_size (TwinEntity *entity,
          const char *name,
          double      value_m)
{
  g_autoptr (TwinParameter) parameter = twin_parameter_new_number (name, value_m, "m", 0, 1000);

  twin_entity_add_parameter (entity, parameter);
}

void
render_fixture_init (RenderFixture *fixture)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Plant");

  fixture->pump = add_child (root, "pump", "Pump", 3, -2, 0);
  add_size (fixture->pump, "width", 2);
  add_size (fixture->pump, "depth", 2);
  add_size (fixture->pump, "height", 2);
  fixture->group = add_child (root, "zone", "Zone", -4, 4, 90);
  fixture->sensor = add_child (fixture->group, "sensor", "Sensor", 2, 0, 0);
  fixture->model = twin_model_new (root);
}

void
render_fixture_clear (RenderFixture *fixture)
{
  g_assert_finalize_object (g_steal_pointer (&fixture->model));
  fixture->pump = fixture->group = fixture->sensor = NULL;
}

void
render_fixture_get_box_centre (RenderFixture *fixture,
                               TwinEntity    *entity,
                               vec3           centre_m)
{
  g_autoptr (GArray) boxes = twin_scene_box_collect (fixture->model);
  guint i;

  for (i = 0; i < boxes->len; i++)
    {
      TwinSceneBox *box = &g_array_index (boxes, TwinSceneBox, i);

      if (box->entity == entity)
        {
          glm_mat4_mulv3 (box->box, (vec3){ 0, 0, 0 }, 1.0f, centre_m);
          return;
        }
    }
  g_assert_not_reached ();
}

/* A view of the whole fixture from the front right, low enough that the top corners show sky. */
void
render_fixture_camera (RenderFixture *fixture,
                       TwinCamera    *camera,
                       float          aspect)
{
  g_autoptr (GArray) boxes = twin_scene_box_collect (fixture->model);
  vec3 min_m;
  vec3 max_m;

  twin_camera_init (camera);
  camera->azimuth_deg = 310.0f;
  camera->elevation_deg = 12.0f;
  g_assert_true (twin_scene_box_compute_bounds (boxes, min_m, max_m));
  twin_camera_fit_bounds (camera, min_m, max_m, aspect);
}

/* Where a world point lands, in framebuffer pixels counted from the bottom left as GL does. */
gboolean
render_fixture_project (const TwinCamera *camera,
                        int               width,
                        int               height,
                        const vec3        point_m,
                        int              *x,
                        int              *y)
{
  vec3 ndc;

  if (!twin_camera_project (camera, (float) width / (float) height, point_m, ndc))
    return FALSE;
  *x = (int) floorf ((ndc[0] + 1.0f) / 2.0f * (float) width);
  *y = (int) floorf ((ndc[1] + 1.0f) / 2.0f * (float) height);
  return *x >= 0 && *x < width && *y >= 0 && *y < height;
}

/* Whether a pixel is the base colour scaled by one lighting factor: same hue, some brightness. */
gboolean
render_fixture_is_lit_color (const float pixel[3],
                             const float base[4])
{
  float ratios[3];
  int   c;

  for (c = 0; c < 3; c++)
    ratios[c] = pixel[c] / base[c];
  g_test_message ("pixel (%.3f, %.3f, %.3f) / base (%.3f, %.3f, %.3f) = (%.3f, %.3f, %.3f)",
                  pixel[0], pixel[1], pixel[2], base[0], base[1], base[2], ratios[0], ratios[1], ratios[2]);
  for (c = 0; c < 3; c++)
    {
      if (ratios[c] < 0.25f || ratios[c] > 1.0f + RENDER_FIXTURE_RATIO_TOLERANCE)
        return FALSE;
      if (fabsf (ratios[c] - ratios[(c + 1) % 3]) > RENDER_FIXTURE_RATIO_TOLERANCE)
        return FALSE;
    }
  return TRUE;
}

gboolean
render_fixture_is_color (const float pixel[3],
                         const float expected[4])
{
  int c;

  g_test_message ("pixel (%.3f, %.3f, %.3f), expected (%.3f, %.3f, %.3f)",
                  pixel[0], pixel[1], pixel[2], expected[0], expected[1], expected[2]);
  for (c = 0; c < 3; c++)
    if (fabsf (pixel[c] - expected[c]) > RENDER_FIXTURE_CHANNEL_TOLERANCE)
      return FALSE;
  return TRUE;
}

/* A closed box mesh from the origin to (size_x, size_y, size_z), flat-shaded: 24 vertices, 12
 * triangles wound counter-clockwise seen from outside. */
TwinMesh *
render_fixture_make_box_mesh (float size_x,
                              float size_y,
                              float size_z)
{
  /* Each face: the axis of its normal, the side (0 low, 1 high). */
  g_autoptr (GError) error = NULL;
  float    *positions = g_new (float, 24 * 3);
  float    *normals = g_new (float, 24 * 3);
  guint32  *indices = g_new (guint32, 12 * 3);
  float     size[3] = { size_x, size_y, size_z };
  TwinMesh *mesh;
  guint     v = 0;
  guint     t = 0;

  for (int axis = 0; axis < 3; axis++)
    for (int side = 0; side < 2; side++)
      {
        int   u = (axis + 1) % 3;
        int   w = (axis + 2) % 3;
        float corners[4][2] = { { 0, 0 }, { 1, 0 }, { 1, 1 }, { 0, 1 } };
        guint first = v;

        for (int c = 0; c < 4; c++)
          {
            float p[3];

            p[axis] = side ? size[axis] : 0.0f;
            p[u] = corners[c][0] * size[u];
            p[w] = corners[c][1] * size[w];
            for (int k = 0; k < 3; k++)
              {
                positions[3 * v + k] = p[k];
                normals[3 * v + k] = k == axis ? (side ? 1.0f : -1.0f) : 0.0f;
              }
            v++;
          }
        /* (u, w) is right-handed about +axis: counter-clockwise seen from the high side. */
        if (side)
          {
            guint32 tri[6] = { first, first + 1, first + 2, first, first + 2, first + 3 };

            memcpy (&indices[t], tri, sizeof tri);
          }
        else
          {
            guint32 tri[6] = { first, first + 2, first + 1, first, first + 3, first + 2 };

            memcpy (&indices[t], tri, sizeof tri);
          }
        t += 6;
      }

  mesh = twin_mesh_new_take (positions, normals, 24, indices, 12, &error);
  g_assert_no_error (error);
  return mesh;
}
