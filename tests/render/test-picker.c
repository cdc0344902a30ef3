/* test-picker.c: checks picking (rays against boxes and mesh triangles), the render list and the view state (no GL).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mesh/twin-mesh-catalog.h"
#include "model/twin-parameter.h"
#include "render-fixture.h"
#include "twin-picker.h"
#include "twin-render-list.h"
#include "twin-view-state.h"

#include <math.h>

/* Float32 distances over a few tens of metres. */
#define DISTANCE_TOLERANCE_M 1e-4

typedef struct
{
  TwinModel       *model;
  TwinMeshCatalog *catalog;
  TwinViewState   *state;
  TwinEntity      *near;    /* 1 m box at (0, 0, 0) */
  TwinEntity      *screen;  /* mesh 1 × 0.1 × 1 m at (0, 2, 0) */
  TwinEntity      *far;     /* 1 m box at (0, 5, 0) */
  TwinEntity      *room;    /* 4 × 4 × 3 m container at (10, 0, 0) */
  TwinEntity      *lamp;    /* 0.5 m leaf at (11, 1, 0), in the room */
  TwinEntity      *machine; /* mesh 2 × 2 × 2 m at (-10, 0, 0) */
  TwinEntity      *tilted;  /* mesh 1000 × 500 × 2000 mm, Y up, at (-20, 0, 0) */
  TwinEntity      *slab;    /* a 4 × 4 m box a nanometre high at (30, 0, 0) */
} Scene;

static TwinEntity *
add_entity (TwinEntity *parent,
            const char *type_name,
            const char *name,
            float       x,
            float       y,
            float       z)
{
  g_autoptr (TwinEntity) entity = twin_entity_new (NULL, type_name, name);
  TwinTransform transform;

  twin_transform_init_identity (&transform);
  transform.position_m[0] = x;
  transform.position_m[1] = y;
  transform.position_m[2] = z;
  twin_entity_set_initial_transform (entity, &transform);
  twin_entity_append_child (parent, entity);
  return entity;
}

static void
add_size (TwinEntity *entity,
          double      width_m,
          double      depth_m,
          double      height_m)
{
  const char *names[3] = { "width", "depth", "height" };
  double      values[3] = { width_m, depth_m, height_m };

  for (int i = 0; i < 3; i++)
    {
      g_autoptr (TwinParameter) parameter = twin_parameter_new_number (names[i], values[i], "m", 0, 1000);

      twin_entity_add_parameter (entity, parameter);
    }
}

static char *
add_mesh (TwinMeshCatalog *catalog,
          float            x,
          float            y,
          float            z,
          TwinMeshUnit     unit,
          TwinMeshUp       up)
{
  g_autoptr (TwinMesh) mesh = render_fixture_make_box_mesh (x, y, z);
  g_autoptr (TwinMeshInfo) info = twin_mesh_catalog_make_info (mesh, "box", NULL, unit, up);
  g_autoptr (GError) error = NULL;

  g_assert_true (twin_mesh_catalog_add (catalog, info, mesh, &error));
  g_assert_no_error (error);
  return g_strdup (info->id);
}

static void
scene_init (Scene *scene)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Site");
  g_autoptr (GError) error = NULL;
  g_autofree char *screen_mesh = NULL;
  g_autofree char *machine_mesh = NULL;
  g_autofree char *tilted_mesh = NULL;

  scene->catalog = twin_mesh_catalog_new (NULL, &error);
  g_assert_no_error (error);
  screen_mesh = add_mesh (scene->catalog, 1.0f, 0.1f, 1.0f, TWIN_MESH_UNIT_M, TWIN_MESH_UP_Z);
  machine_mesh = add_mesh (scene->catalog, 2.0f, 2.0f, 2.0f, TWIN_MESH_UNIT_M, TWIN_MESH_UP_Z);
  tilted_mesh = add_mesh (scene->catalog, 1000.0f, 500.0f, 2000.0f, TWIN_MESH_UNIT_MM, TWIN_MESH_UP_Y);

  scene->near = add_entity (root, "block", "Near", 0, 0, 0);
  add_size (scene->near, 1, 1, 1);
  scene->screen = add_entity (root, "screen", "Screen", 0, 2, 0);
  twin_entity_set_initial_mesh_id (scene->screen, screen_mesh);
  scene->far = add_entity (root, "block", "Far", 0, 5, 0);
  add_size (scene->far, 1, 1, 1);
  scene->room = add_entity (root, "room", "Room", 10, 0, 0);
  add_size (scene->room, 4, 4, 3);
  scene->lamp = add_entity (scene->room, "lamp", "Lamp", 1, 1, 0);
  scene->machine = add_entity (root, "machine", "Machine", -10, 0, 0);
  twin_entity_set_initial_mesh_id (scene->machine, machine_mesh);
  scene->tilted = add_entity (root, "machine", "Tilted", -20, 0, 0);
  twin_entity_set_initial_mesh_id (scene->tilted, tilted_mesh);
  scene->slab = add_entity (root, "slab", "Slab", 30, 0, 0);
  add_size (scene->slab, 4, 4, 1e-9); /* squashed flat: 0 would mean "no size" */

  scene->model = twin_model_new (root);
  scene->state = twin_view_state_new ();
}

static void
scene_clear (Scene *scene)
{
  g_clear_object (&scene->state);
  g_clear_object (&scene->catalog);
  g_assert_finalize_object (g_steal_pointer (&scene->model));
}

static TwinEntity *
pick (Scene *scene,
      float  ox,
      float  oy,
      float  oz,
      float  dx,
      float  dy,
      float  dz,
      float *distance_m,
      guint *triangle)
{
  g_autoptr (GArray) items = twin_render_list_collect (scene->model, scene->catalog, scene->state, NULL);
  vec3           origin = { ox, oy, oz };
  vec3           direction = { dx, dy, dz };
  TwinPickResult result;
  gboolean       hit;

  glm_vec3_normalize (direction);
  hit = twin_picker_pick_ray (items, origin, direction, &result);
  g_assert_true (hit == (result.entity != NULL));
  g_test_message ("ray (%g %g %g) → (%g %g %g): %s at %g m", ox, oy, oz, dx, dy, dz,
                  hit ? twin_entity_get_name (result.entity) : "nothing", result.distance_m);
  if (distance_m != NULL)
    *distance_m = result.distance_m;
  if (triangle != NULL)
    *triangle = result.triangle;
  if (hit)
    {
      /* The reported point is where the ray is at that distance. */
      g_assert_cmpfloat_with_epsilon (result.point_m[0], ox + result.distance_m * direction[0], DISTANCE_TOLERANCE_M);
      g_assert_cmpfloat_with_epsilon (result.point_m[1], oy + result.distance_m * direction[1], DISTANCE_TOLERANCE_M);
      g_assert_cmpfloat_with_epsilon (result.point_m[2], oz + result.distance_m * direction[2], DISTANCE_TOLERANCE_M);
    }
  return result.entity;
}

static void
test_triangle (void)
{
  static const float a[3] = { 0, 0, 0 };
  static const float b[3] = { 1, 0, 0 };
  static const float c[3] = { 0, 1, 0 };
  float              t = -1.0f;

  g_assert_true (twin_picker_intersect_triangle ((vec3){ 0.2f, 0.2f, 5 }, (vec3){ 0, 0, -1 }, a, b, c, &t));
  g_assert_cmpfloat_with_epsilon (t, 5.0f, DISTANCE_TOLERANCE_M);
  /* Either face. */
  g_assert_true (twin_picker_intersect_triangle ((vec3){ 0.2f, 0.2f, -2 }, (vec3){ 0, 0, 1 }, a, b, c, &t));
  g_assert_cmpfloat_with_epsilon (t, 2.0f, DISTANCE_TOLERANCE_M);
  /* The direction's length scales t. */
  g_assert_true (twin_picker_intersect_triangle ((vec3){ 0.2f, 0.2f, 5 }, (vec3){ 0, 0, -2 }, a, b, c, &t));
  g_assert_cmpfloat_with_epsilon (t, 2.5f, DISTANCE_TOLERANCE_M);
  /* Outside the edges, behind the origin, in the plane. */
  g_assert_false (twin_picker_intersect_triangle ((vec3){ 0.6f, 0.6f, 5 }, (vec3){ 0, 0, -1 }, a, b, c, &t));
  g_assert_false (twin_picker_intersect_triangle ((vec3){ -0.1f, 0.2f, 5 }, (vec3){ 0, 0, -1 }, a, b, c, &t));
  g_assert_false (twin_picker_intersect_triangle ((vec3){ 0.2f, 0.2f, 5 }, (vec3){ 0, 0, 1 }, a, b, c, &t));
  g_assert_false (twin_picker_intersect_triangle ((vec3){ -1, 0.2f, 0 }, (vec3){ 1, 0, 0 }, a, b, c, &t));
}

static void
test_box (void)
{
  mat4  box;
  float t = -1.0f;

  /* A 2 × 4 × 6 box centred on (10, 0, 0), turned 90° about Z. */
  glm_translate_make (box, (vec3){ 10, 0, 0 });
  glm_rotate_z (box, glm_rad (90.0f), box);
  glm_scale (box, (vec3){ 2, 4, 6 });
  g_assert_true (twin_picker_intersect_box (box, (vec3){ 0, 0, 0 }, (vec3){ 1, 0, 0 }, &t));
  g_assert_cmpfloat_with_epsilon (t, 8.0f, DISTANCE_TOLERANCE_M); /* its 4 m side now runs along X */
  g_assert_false (twin_picker_intersect_box (box, (vec3){ 0, 0, 0 }, (vec3){ -1, 0, 0 }, &t));
  g_assert_false (twin_picker_intersect_box (box, (vec3){ 0, 1.5f, 0 }, (vec3){ 1, 0, 0 }, &t));
  /* From inside, the face it leaves by. */
  g_assert_true (twin_picker_intersect_box (box, (vec3){ 10, 0, 0 }, (vec3){ 0, 0, 1 }, &t));
  g_assert_cmpfloat_with_epsilon (t, 3.0f, DISTANCE_TOLERANCE_M);

  /* Squashed flat along one axis, it is still hit; along two, it is a line and is not. */
  glm_scale_make (box, (vec3){ 4, 4, 0 });
  g_assert_true (twin_picker_intersect_box (box, (vec3){ 0.5f, 0.5f, 5 }, (vec3){ 0, 0, -1 }, &t));
  g_assert_cmpfloat_with_epsilon (t, 5.0f, 1e-3);
  glm_scale_make (box, (vec3){ 4, 0, 0 });
  g_assert_false (twin_picker_intersect_box (box, (vec3){ 0.5f, 0, 5 }, (vec3){ 0, 0, -1 }, &t));
}

/* The nearest solid wins, boxes and meshes alike, and what is hidden is passed through. */
static void
test_nearest_and_hidden (void)
{
  Scene scene;
  float distance_m;

  scene_init (&scene);
  g_assert_true (pick (&scene, 0.5f, -10, 0.5f, 0, 1, 0, &distance_m, NULL) == scene.near);
  g_assert_cmpfloat_with_epsilon (distance_m, 10.0f, DISTANCE_TOLERANCE_M);
  /* From behind, the far box is nearest. */
  g_assert_true (pick (&scene, 0.5f, 20, 0.5f, 0, -1, 0, &distance_m, NULL) == scene.far);
  g_assert_cmpfloat_with_epsilon (distance_m, 14.0f, DISTANCE_TOLERANCE_M);

  twin_view_state_set_hidden (scene.state, twin_entity_get_id (scene.near), TRUE);
  g_assert_true (pick (&scene, 0.5f, -10, 0.5f, 0, 1, 0, &distance_m, NULL) == scene.screen);
  g_assert_cmpfloat_with_epsilon (distance_m, 12.0f, DISTANCE_TOLERANCE_M);
  twin_view_state_set_hidden (scene.state, twin_entity_get_id (scene.screen), TRUE);
  g_assert_true (pick (&scene, 0.5f, -10, 0.5f, 0, 1, 0, &distance_m, NULL) == scene.far);
  g_assert_cmpfloat_with_epsilon (distance_m, 15.0f, DISTANCE_TOLERANCE_M);

  /* Hiding the root hides everything. */
  twin_view_state_set_hidden (scene.state, twin_entity_get_id (twin_model_get_root (scene.model)), TRUE);
  g_assert_null (pick (&scene, 0.5f, -10, 0.5f, 0, 1, 0, NULL, NULL));

  twin_view_state_show_all (scene.state);
  g_assert_cmpuint (twin_view_state_get_n_hidden (scene.state), ==, 0);
  g_assert_true (pick (&scene, 0.5f, -10, 0.5f, 0, 1, 0, NULL, NULL) == scene.near);

  /* A miss beside everything. */
  g_assert_null (pick (&scene, 0.5f, -10, 50, 0, 1, 0, NULL, NULL));
  scene_clear (&scene);
}

static void
test_isolate_and_opacity (void)
{
  Scene scene;

  scene_init (&scene);
  twin_view_state_set_isolated (scene.state, twin_entity_get_id (scene.far));
  g_assert_true (pick (&scene, 0.5f, -10, 0.5f, 0, 1, 0, NULL, NULL) == scene.far);
  twin_view_state_set_isolated (scene.state, twin_entity_get_id (scene.room));
  g_assert_null (pick (&scene, 0.5f, -10, 0.5f, 0, 1, 0, NULL, NULL));
  g_assert_true (pick (&scene, 11.25f, -10, 0.25f, 0, 1, 0, NULL, NULL) == scene.lamp);
  twin_view_state_set_isolated (scene.state, NULL);

  /* See-through is still pickable; opacity 0 is not. */
  twin_view_state_set_opacity (scene.state, twin_entity_get_id (scene.near), 0.3f);
  g_assert_true (pick (&scene, 0.5f, -10, 0.5f, 0, 1, 0, NULL, NULL) == scene.near);
  twin_view_state_set_xray (scene.state, TRUE);
  g_assert_true (pick (&scene, 0.5f, -10, 0.5f, 0, 1, 0, NULL, NULL) == scene.near);
  twin_view_state_set_opacity (scene.state, twin_entity_get_id (scene.near), 0.0f);
  g_assert_true (pick (&scene, 0.5f, -10, 0.5f, 0, 1, 0, NULL, NULL) == scene.screen);
  scene_clear (&scene);
}

/* Containers are picked only when no solid is hit, the deepest first; from inside, by the far face. */
static void
test_containers (void)
{
  Scene scene;
  float distance_m;

  scene_init (&scene);
  /* The lamp is inside the room: the ray enters the room first, but the lamp wins. */
  g_assert_true (pick (&scene, 11.25f, -10, 0.25f, 0, 1, 0, &distance_m, NULL) == scene.lamp);
  g_assert_cmpfloat_with_epsilon (distance_m, 11.0f, DISTANCE_TOLERANCE_M);
  /* Above the lamp only the room's faces are hit. */
  g_assert_true (pick (&scene, 12, -10, 2.5f, 0, 1, 0, &distance_m, NULL) == scene.room);
  g_assert_cmpfloat_with_epsilon (distance_m, 10.0f, DISTANCE_TOLERANCE_M);
  /* From inside the room, the wall ahead. */
  g_assert_true (pick (&scene, 12, 2, 1.5f, 1, 0, 0, &distance_m, NULL) == scene.room);
  g_assert_cmpfloat_with_epsilon (distance_m, 2.0f, DISTANCE_TOLERANCE_M);
  /* The root's box holds everything, but the room is deeper. */
  g_assert_true (pick (&scene, 13, -100, 2.9f, 0, 1, 0, NULL, NULL) == scene.room);
  scene_clear (&scene);
}

/* Meshes are hit triangle by triangle, where their unit and up axis put them. */
static void
test_meshes (void)
{
  Scene scene;
  float distance_m;
  guint triangle;

  scene_init (&scene);
  g_assert_true (pick (&scene, -9, -10, 1, 0, 1, 0, &distance_m, &triangle) == scene.machine);
  g_assert_cmpfloat_with_epsilon (distance_m, 10.0f, DISTANCE_TOLERANCE_M);
  g_assert_cmpuint (triangle, <, 12);
  /* Just over its top, inside its default box's reach, nothing. */
  g_assert_null (pick (&scene, -9, -10, 2.1f, 0, 1, 0, NULL, NULL));
  /* Down onto its roof, at an angle. */
  g_assert_true (pick (&scene, -9, 1, 10, 0, 0.6f, -8, &distance_m, NULL) == scene.machine);

  /* 1000 × 500 × 2000 mm with Y up is 1 m along X, 2 m along -Y and 0.5 m high. */
  g_assert_true (pick (&scene, -19.5f, -10, 0.25f, 0, 1, 0, &distance_m, NULL) == scene.tilted);
  g_assert_cmpfloat_with_epsilon (distance_m, 8.0f, DISTANCE_TOLERANCE_M);
  g_assert_true (pick (&scene, -19.5f, -1, 5, 0, 0, -1, &distance_m, NULL) == scene.tilted);
  g_assert_cmpfloat_with_epsilon (distance_m, 4.5f, DISTANCE_TOLERANCE_M);
  g_assert_null (pick (&scene, -19.5f, -10, 0.75f, 0, 1, 0, NULL, NULL));
  g_assert_true (pick (&scene, -19.5f, 10, 0.25f, 0, -1, 0, &distance_m, NULL) == scene.tilted);
  g_assert_cmpfloat_with_epsilon (distance_m, 10.0f, DISTANCE_TOLERANCE_M);

  /* Without the catalog, the mesh entities are their default boxes again. */
  g_clear_object (&scene.catalog);
  g_assert_true (pick (&scene, -9.75f, -10, 0.25f, 0, 1, 0, NULL, NULL) == scene.machine);
  /* Where the mesh was, only the root's see-through box is left (no mesh inside it now). */
  g_assert_true (pick (&scene, -9, -10, 1, 0, 1, 0, NULL, NULL) == twin_model_get_root (scene.model));

  /* A flat slab is hit from above. */
  g_assert_true (pick (&scene, 32, 2, 5, 0, 0, -1, &distance_m, NULL) == scene.slab);
  g_assert_cmpfloat_with_epsilon (distance_m, 5.0f, 1e-3);
  scene_clear (&scene);
}

/* Picking through the camera: the pixel where an entity's centre lands picks it. */
static void
test_camera_pick (void)
{
  Scene scene;

  scene_init (&scene);
  for (int ortho = 0; ortho < 2; ortho++)
    {
      TwinCamera     camera;
      TwinPickResult result;
      vec3           ndc;
      vec3           centre = { -9, 1, 1 };

      twin_camera_init (&camera);
      camera.orthographic = ortho;
      glm_vec3_copy (centre, camera.target_m);
      twin_camera_set_preset (&camera, TWIN_CAMERA_PRESET_ISO);
      g_assert_true (twin_camera_project (&camera, 1.5f, centre, ndc));
      g_assert_true (twin_picker_pick (scene.model, scene.catalog, scene.state, &camera,
                                       (ndc[0] + 1) / 2 * 600, (1 - ndc[1]) / 2 * 400, 600, 400, &result));
      g_assert_true (result.entity == scene.machine);
      g_assert_cmpuint (result.triangle, <, 12);

      /* Level from the front, the top-left corner looks at the sky. */
      twin_camera_set_preset (&camera, TWIN_CAMERA_PRESET_FRONT);
      g_assert_false (twin_picker_pick (scene.model, scene.catalog, scene.state, &camera, 0.5f, 0.5f, 600, 400, &result));
      g_assert_null (result.entity);
    }
  scene_clear (&scene);
}

static void
test_render_list (void)
{
  g_autoptr (GArray) items = NULL;
  Scene    scene;
  vec3     min_m;
  vec3     max_m;
  gboolean found_room = FALSE;

  scene_init (&scene);
  items = twin_render_list_collect (scene.model, scene.catalog, scene.state, NULL);
  for (guint i = 0; i < items->len; i++)
    {
      TwinRenderItem *item = &g_array_index (items, TwinRenderItem, i);

      g_assert_true ((item->mesh != NULL) == (item->entity == scene.screen || item->entity == scene.machine || item->entity == scene.tilted));
      g_assert_cmpfloat (item->opacity, ==, 1.0f);
      found_room |= item->entity == scene.room;
      /* The root holds meshes: it is not drawn as a box around them. */
      g_assert_true (item->entity != twin_model_get_root (scene.model));
      if (item->entity == scene.tilted)
        {
          /* Its bounds after unit and axis conversion. */
          g_assert_cmpfloat_with_epsilon (item->min_m[0], -20.0f, DISTANCE_TOLERANCE_M);
          g_assert_cmpfloat_with_epsilon (item->max_m[0], -19.0f, DISTANCE_TOLERANCE_M);
          g_assert_cmpfloat_with_epsilon (item->min_m[1], -2.0f, DISTANCE_TOLERANCE_M);
          g_assert_cmpfloat_with_epsilon (item->max_m[1], 0.0f, DISTANCE_TOLERANCE_M);
          g_assert_cmpfloat_with_epsilon (item->max_m[2], 0.5f, DISTANCE_TOLERANCE_M);
          g_assert_cmpuint (item->depth, ==, 1);
        }
      if (item->entity == scene.lamp)
        g_assert_cmpuint (item->depth, ==, 2);
    }
  g_assert_true (found_room);

  /* Fit selection: the room's subtree only. */
  g_assert_true (twin_render_list_compute_bounds (items, scene.room, min_m, max_m));
  g_assert_cmpfloat_with_epsilon (min_m[0], 10.0f, DISTANCE_TOLERANCE_M);
  g_assert_cmpfloat_with_epsilon (max_m[0], 14.0f, DISTANCE_TOLERANCE_M);
  g_assert_cmpfloat_with_epsilon (max_m[2], 3.0f, DISTANCE_TOLERANCE_M);
  /* Fit all reaches from the tilted mesh to the slab. */
  g_assert_true (twin_render_list_compute_bounds (items, NULL, min_m, max_m));
  g_assert_cmpfloat_with_epsilon (min_m[0], -20.0f, DISTANCE_TOLERANCE_M);
  g_assert_cmpfloat_with_epsilon (max_m[0], 34.0f, DISTANCE_TOLERANCE_M);
  g_clear_pointer (&items, g_array_unref);

  /* Isolating an entity that leaves the model shows everything rather than nothing. */
  twin_view_state_set_isolated (scene.state, "00000000-0000-4000-8000-000000000000");
  items = twin_render_list_collect (scene.model, scene.catalog, scene.state, NULL);
  g_assert_cmpuint (items->len, >, 5);
  g_clear_pointer (&items, g_array_unref);
  twin_view_state_set_isolated (scene.state, twin_entity_get_id (scene.room));
  items = twin_render_list_collect (scene.model, scene.catalog, scene.state, NULL);
  g_assert_cmpuint (items->len, ==, 2); /* the room and its lamp */
  g_assert_false (twin_render_list_compute_bounds (items, scene.far, min_m, max_m));
  scene_clear (&scene);
}

/* A mesh id the catalog cannot read is drawn as a box and remembered, so it is not read again. */
static void
test_unknown_mesh (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Site");
  g_autoptr (TwinModel) model = NULL;
  g_autoptr (TwinMeshCatalog) catalog = twin_mesh_catalog_new (NULL, NULL);
  g_autoptr (GHashTable) failed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GArray) items = NULL;
  TwinEntity *ghost = add_entity (root, "part", "Ghost", 0, 0, 0);

  twin_entity_set_initial_mesh_id (ghost, "0123456789abcdef0123456789abcdef");
  model = twin_model_new (root);
  items = twin_render_list_collect (model, catalog, NULL, failed);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_null (g_array_index (items, TwinRenderItem, 1).mesh);
  g_assert_true (g_array_index (items, TwinRenderItem, 1).entity == ghost);
}

static void
count_cb (TwinViewState *state,
          guint         *count)
{
  (*count)++;
}

static void
test_view_state (void)
{
  g_autoptr (TwinViewState) state = twin_view_state_new ();
  Scene scene;
  guint n_changed = 0;

  scene_init (&scene);
  g_signal_connect (state, "changed", G_CALLBACK (count_cb), &n_changed);

  g_assert_true (twin_view_state_is_visible (state, scene.lamp));
  twin_view_state_set_hidden (state, twin_entity_get_id (scene.room), TRUE);
  twin_view_state_set_hidden (state, twin_entity_get_id (scene.room), TRUE); /* no change */
  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_false (twin_view_state_is_visible (state, scene.room));
  g_assert_false (twin_view_state_is_visible (state, scene.lamp));
  g_assert_true (twin_view_state_get_hidden (state, twin_entity_get_id (scene.room)));
  g_assert_false (twin_view_state_get_hidden (state, twin_entity_get_id (scene.lamp)));
  twin_view_state_set_hidden (state, twin_entity_get_id (scene.room), FALSE);
  g_assert_true (twin_view_state_is_visible (state, scene.lamp));

  twin_view_state_set_isolated (state, twin_entity_get_id (scene.room));
  g_assert_cmpstr (twin_view_state_get_isolated (state), ==, twin_entity_get_id (scene.room));
  g_assert_true (twin_view_state_is_visible (state, scene.lamp));
  g_assert_false (twin_view_state_is_visible (state, scene.near));
  g_assert_false (twin_view_state_is_visible (state, twin_model_get_root (scene.model)));

  /* Opacity multiplies down the tree, and X-ray on top. */
  twin_view_state_set_opacity (state, twin_entity_get_id (scene.room), 0.5f);
  twin_view_state_set_opacity (state, twin_entity_get_id (scene.lamp), 0.5f);
  g_assert_cmpfloat_with_epsilon (twin_view_state_get_effective_opacity (state, scene.lamp), 0.25f, 1e-6);
  twin_view_state_set_xray (state, TRUE);
  g_assert_true (twin_view_state_get_xray (state));
  g_assert_cmpfloat_with_epsilon (twin_view_state_get_effective_opacity (state, scene.lamp), 0.25f * TWIN_VIEW_STATE_XRAY_OPACITY, 1e-6);
  g_assert_cmpfloat_with_epsilon (twin_view_state_get_effective_opacity (state, scene.near), TWIN_VIEW_STATE_XRAY_OPACITY, 1e-6);
  /* Out of range and NaN are clamped, 1 is the default. */
  twin_view_state_set_opacity (state, twin_entity_get_id (scene.near), 7.0f);
  g_assert_cmpfloat (twin_view_state_get_opacity (state, twin_entity_get_id (scene.near)), ==, 1.0f);
  twin_view_state_set_opacity (state, twin_entity_get_id (scene.near), -1.0f);
  g_assert_cmpfloat (twin_view_state_get_opacity (state, twin_entity_get_id (scene.near)), ==, 0.0f);
  twin_view_state_set_opacity (state, twin_entity_get_id (scene.near), NAN);
  g_assert_cmpfloat (twin_view_state_get_opacity (state, twin_entity_get_id (scene.near)), ==, 1.0f);

  /* Show all ends hiding and isolation, not transparency. */
  twin_view_state_set_hidden (state, twin_entity_get_id (scene.far), TRUE);
  twin_view_state_show_all (state);
  g_assert_null (twin_view_state_get_isolated (state));
  g_assert_true (twin_view_state_is_visible (state, scene.far));
  g_assert_cmpfloat (twin_view_state_get_opacity (state, twin_entity_get_id (scene.room)), ==, 0.5f);
  g_assert_cmpuint (n_changed, ==, 10);
  scene_clear (&scene);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/render/picker/triangle", test_triangle);
  g_test_add_func ("/render/picker/box", test_box);
  g_test_add_func ("/render/picker/nearest-and-hidden", test_nearest_and_hidden);
  g_test_add_func ("/render/picker/isolate-and-opacity", test_isolate_and_opacity);
  g_test_add_func ("/render/picker/containers", test_containers);
  g_test_add_func ("/render/picker/meshes", test_meshes);
  g_test_add_func ("/render/picker/camera", test_camera_pick);
  g_test_add_func ("/render/picker/render-list", test_render_list);
  g_test_add_func ("/render/picker/unknown-mesh", test_unknown_mesh);
  g_test_add_func ("/render/picker/view-state", test_view_state);

  return g_test_run ();
}
