/* test-mesh-importer.c: tests of the mesh importer: every format, units and axes, hierarchies, welding, refusals.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fixtures are in tests/data/meshes/ (made by make-fixtures.py there):
 * "assembly" is a 40 × 30 × 20 mm box beside a cylinder (r 10, h 50 mm,
 * 24 segments), Z up, in every format converted from assembly.obj; "cart"
 * is a glTF node tree (metres, Y up) with a chassis and four wheels that
 * share one mesh. Their expected counts are worked out in the comments.
 */

#include "config.h"

#include "mesh/twin-mesh-importer.h"
#include "twin-core.h"
#include "twin-test-util.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

/* Box: 8 corners × 3 faces = 24 vertices, 12 triangles. Cylinder: 2 rings
 * of 24 on the smooth side + 2 × 24 on the flat caps = 96 vertices; 48 side
 * triangles + 2 × 22 for the 24-gon caps = 92. */
#define ASSEMBLY_TRIANGLES 104
#define ASSEMBLY_VERTICES 120

/* Chassis 24 vertices / 12 triangles; a wheel (16 segments) 32 side + 32 cap
 * vertices, 32 side + 2 × 14 cap = 60 triangles. */
#define CHASSIS_VERTICES 24
#define CHASSIS_TRIANGLES 12
#define WHEEL_VERTICES 64
#define WHEEL_TRIANGLES 60

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "meshes", name, NULL);
}

static TwinMeshImport *
import_fixture (const char                  *name,
                const TwinMeshImportOptions *options)
{
  g_autofree char *path = fixture (name);
  g_autoptr (GError) error = NULL;
  TwinMeshImport *import;

  import = twin_mesh_import_file (path, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (import);
  return import;
}

/* The bounding box of a mesh after the unit and axis conversion. */
static void
get_bounds_m (TwinMeshImport *import,
              TwinMesh       *mesh,
              float           min_m[3],
              float           max_m[3])
{
  TwinMeshInfo info = { 0 };

  info.unit = import->unit;
  info.up = import->up;
  twin_mesh_get_bounds (mesh, info.min, info.max);
  twin_mesh_info_get_bounds_m (&info, min_m, max_m);
}

static void
assert_bounds (TwinMeshImport *import,
               TwinMesh       *mesh,
               double          x0,
               double          y0,
               double          z0,
               double          x1,
               double          y1,
               double          z1)
{
  float  min_m[3];
  float  max_m[3];
  double expected_min[3] = { x0, y0, z0 };
  double expected_max[3] = { x1, y1, z1 };

  get_bounds_m (import, mesh, min_m, max_m);
  for (int k = 0; k < 3; k++)
    {
      double tolerance = 1e-5 * MAX (1.0, fabs (expected_max[k] - expected_min[k]));

      g_assert_cmpfloat_with_epsilon (min_m[k], expected_min[k], tolerance);
      g_assert_cmpfloat_with_epsilon (max_m[k], expected_max[k], tolerance);
    }
}

/* Every normal is of unit length. */
static void
assert_unit_normals (TwinMesh *mesh)
{
  const float *n = twin_mesh_get_normals (mesh);

  for (guint i = 0; i < twin_mesh_get_n_vertices (mesh); i++)
    g_assert_cmpfloat_with_epsilon (n[3 * i] * n[3 * i] + n[3 * i + 1] * n[3 * i + 1] + n[3 * i + 2] * n[3 * i + 2],
                                    1.0, 1e-4);
}

typedef struct
{
  const char  *name;
  const char  *format;
  TwinMeshUnit unit;
  TwinMeshUp   up;
  guint        n_triangles;
  guint        n_vertices;
  double       min[3];
  double       max[3];
} FormatCase;

/* The assembly's file numbers are x 0…80, y 0…30, z 0…50. In metres with Z
 * up that is 0.08 × 0.03 × 0.05; read as metres with Y up (x, y, z) ↦
 * (x, −z, y) it is x 0…80, y −50…0, z 0…30. The cart spans x ±0.3, y
 * 0.04…0.22, z ±0.19 in its file; Y up makes that z 0.04…0.22, y ±0.19. */
static const FormatCase format_cases[] = {
  { "assembly.obj", "OBJ", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Y, ASSEMBLY_TRIANGLES, ASSEMBLY_VERTICES, { 0, -50, 0 }, { 80, 0, 30 } },
  { "assembly.stl", "STL", TWIN_MESH_UNIT_MM, TWIN_MESH_UP_Z, ASSEMBLY_TRIANGLES, ASSEMBLY_VERTICES, { 0, 0, 0 }, { 0.08, 0.03, 0.05 } },
  { "assembly-binary.stl", "STL", TWIN_MESH_UNIT_MM, TWIN_MESH_UP_Z, ASSEMBLY_TRIANGLES, ASSEMBLY_VERTICES, { 0, 0, 0 }, { 0.08, 0.03, 0.05 } },
  { "assembly.ply", "PLY", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Y, ASSEMBLY_TRIANGLES, ASSEMBLY_VERTICES, { 0, -50, 0 }, { 80, 0, 30 } },
  { "assembly.3ds", "3DS", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Z, ASSEMBLY_TRIANGLES, ASSEMBLY_VERTICES, { 0, 0, 0 }, { 80, 30, 50 } },
  { "assembly.3mf", "3MF", TWIN_MESH_UNIT_MM, TWIN_MESH_UP_Z, ASSEMBLY_TRIANGLES, ASSEMBLY_VERTICES, { 0, 0, 0 }, { 0.08, 0.03, 0.05 } },
  { "assembly.dae", "COLLADA", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Y, ASSEMBLY_TRIANGLES, ASSEMBLY_VERTICES, { 0, -50, 0 }, { 80, 0, 30 } },
  /* The file says millimetres and Z up: the same as the STL. */
  { "assembly-mm-zup.dae", "COLLADA", TWIN_MESH_UNIT_MM, TWIN_MESH_UP_Z, ASSEMBLY_TRIANGLES, ASSEMBLY_VERTICES, { 0, 0, 0 }, { 0.08, 0.03, 0.05 } },
  /* Merged: the chassis and four placed wheels. */
  { "cart.gltf", "glTF", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Y, CHASSIS_TRIANGLES + 4 * WHEEL_TRIANGLES, CHASSIS_VERTICES + 4 * WHEEL_VERTICES, { -0.3, -0.19, 0.04 }, { 0.3, 0.19, 0.22 } },
  { "cart.glb", "GLB", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Y, CHASSIS_TRIANGLES + 4 * WHEEL_TRIANGLES, CHASSIS_VERTICES + 4 * WHEEL_VERTICES, { -0.3, -0.19, 0.04 }, { 0.3, 0.19, 0.22 } },
  { "cart.dae", "COLLADA", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Y, CHASSIS_TRIANGLES + 4 * WHEEL_TRIANGLES, CHASSIS_VERTICES + 4 * WHEEL_VERTICES, { -0.3, -0.19, 0.04 }, { 0.3, 0.19, 0.22 } },
  /* Its UnitScaleFactor is 1: centimetres. */
  { "cart.fbx", "FBX", TWIN_MESH_UNIT_CM, TWIN_MESH_UP_Y, CHASSIS_TRIANGLES + 4 * WHEEL_TRIANGLES, CHASSIS_VERTICES + 4 * WHEEL_VERTICES, { -0.003, -0.0019, 0.0004 }, { 0.003, 0.0019, 0.0022 } },
  /* A 1000 × 200 × 2500 mm wall: Assimp reads the IFC length unit (mm). */
  { "wall.ifc", "IFC", TWIN_MESH_UNIT_MM, TWIN_MESH_UP_Z, 12, 24, { 0, 0, 0 }, { 1.0, 0.2, 2.5 } },
};

static void
test_format (gconstpointer data)
{
  const FormatCase *c = data;
  g_autoptr (TwinMeshImport) import = import_fixture (c->name, NULL);
  TwinMesh *mesh = import->root->mesh;

  g_assert_cmpstr (import->format, ==, c->format);
  g_assert_cmpstr (import->source, ==, c->name);
  g_assert_cmpint (import->unit, ==, c->unit);
  g_assert_cmpint (import->up, ==, c->up);
  g_assert_cmpuint (import->root->children->len, ==, 0);
  g_assert_nonnull (mesh);
  g_assert_cmpuint (twin_mesh_get_n_triangles (mesh), ==, c->n_triangles);
  g_assert_cmpuint (twin_mesh_get_n_vertices (mesh), ==, c->n_vertices);
  g_assert_cmpuint (import->n_meshes, ==, 1);
  g_assert_cmpuint (import->n_triangles, ==, c->n_triangles);
  g_assert_cmpuint (import->n_vertices, ==, c->n_vertices);
  assert_bounds (import, mesh, c->min[0], c->min[1], c->min[2], c->max[0], c->max[1], c->max[2]);
  assert_unit_normals (mesh);
  g_assert_true (twin_transform_is_identity (&import->root->transform));
}

/* The plain import's mesh is named after the file. */
static void
test_plain_name (void)
{
  g_autoptr (TwinMeshImport) import = import_fixture ("assembly-binary.stl", NULL);

  g_assert_cmpstr (import->root->name, ==, "assembly-binary");
}

/* Choosing the unit and up axis of an OBJ makes it the STL's twin. */
static void
test_unit_up_override (void)
{
  TwinMeshImportOptions options;
  g_autoptr (TwinMeshImport) obj = NULL;
  g_autoptr (TwinMeshImport) stl = NULL;
  g_autoptr (TwinMeshImport) inches = NULL;

  twin_mesh_import_options_init (&options);
  options.has_unit = TRUE;
  options.unit = TWIN_MESH_UNIT_MM;
  options.has_up = TRUE;
  options.up = TWIN_MESH_UP_Z;
  obj = import_fixture ("assembly.obj", &options);
  stl = import_fixture ("assembly.stl", NULL);
  g_assert_cmpint (obj->unit, ==, TWIN_MESH_UNIT_MM);
  g_assert_cmpint (obj->up, ==, TWIN_MESH_UP_Z);
  assert_bounds (obj, obj->root->mesh, 0, 0, 0, 0.08, 0.03, 0.05);
  /* Same geometry, same numbers: the same checksum. */
  {
    g_autofree char *a = twin_mesh_dup_checksum (obj->root->mesh);
    g_autofree char *b = twin_mesh_dup_checksum (stl->root->mesh);

    g_assert_cmpstr (a, ==, b);
  }

  /* Only the unit: inches, still Y up. */
  twin_mesh_import_options_init (&options);
  options.has_unit = TRUE;
  options.unit = TWIN_MESH_UNIT_IN;
  inches = import_fixture ("assembly.obj", &options);
  g_assert_cmpint (inches->up, ==, TWIN_MESH_UP_Y);
  assert_bounds (inches, inches->root->mesh, 0, -50 * 0.0254, 0, 80 * 0.0254, 0, 30 * 0.0254);

  /* The STL read as Y up: the file's y becomes the height. */
  twin_mesh_import_options_init (&options);
  options.has_up = TRUE;
  options.up = TWIN_MESH_UP_Y;
  {
    g_autoptr (TwinMeshImport) turned = import_fixture ("assembly.stl", &options);

    g_assert_cmpint (turned->unit, ==, TWIN_MESH_UNIT_MM);
    assert_bounds (turned, turned->root->mesh, 0, -0.05, 0, 0.08, 0, 0.03);
  }
}

static TwinMeshImportNode *
child (TwinMeshImportNode *node,
       guint               index)
{
  g_assert_cmpuint (index, <, node->children->len);
  return g_ptr_array_index (node->children, index);
}

static void
assert_position (const TwinTransform *transform,
                 double               x,
                 double               y,
                 double               z)
{
  g_assert_cmpfloat_with_epsilon (transform->position_m[0], x, 1e-6);
  g_assert_cmpfloat_with_epsilon (transform->position_m[1], y, 1e-6);
  g_assert_cmpfloat_with_epsilon (transform->position_m[2], z, 1e-6);
}

/* The cart's tree: names, nesting, transforms turned into metres and Z up,
 * one mesh for the four wheels, the empty marker left out. */
static void
assert_cart_tree (TwinMeshImport *import,
                  double          scale)
{
  TwinMeshImportNode *root = import->root;
  TwinMeshImportNode *cart;
  TwinMeshImportNode *chassis;
  TwinMeshImportNode *front;
  TwinMeshImportNode *rear;
  TwinMesh           *wheel;

  g_assert_cmpstr (root->name, ==, "cart");
  g_assert_null (root->mesh);
  g_assert_cmpuint (root->children->len, ==, 1); /* no "Marker" */
  cart = child (root, 0);
  g_assert_cmpstr (cart->name, ==, "Cart");
  /* Y up: the glTF's (0, 0.12, 0) is 0.12 up. */
  assert_position (&cart->transform, 0, 0, 0.12 * scale);
  g_assert_cmpuint (cart->children->len, ==, 3);

  chassis = child (cart, 0);
  front = child (cart, 1);
  rear = child (cart, 2);
  g_assert_cmpstr (chassis->name, ==, "Chassis");
  g_assert_cmpstr (front->name, ==, "Front axle");
  g_assert_cmpstr (rear->name, ==, "Rear axle");
  assert_position (&chassis->transform, 0, 0, 0.05 * scale);
  assert_position (&front->transform, 0.2 * scale, 0, 0);
  assert_position (&rear->transform, -0.2 * scale, 0, 0);
  g_assert_nonnull (chassis->mesh);
  g_assert_null (front->mesh);
  g_assert_cmpuint (twin_mesh_get_n_vertices (chassis->mesh), ==, CHASSIS_VERTICES);
  g_assert_cmpuint (twin_mesh_get_n_triangles (chassis->mesh), ==, CHASSIS_TRIANGLES);

  g_assert_cmpuint (front->children->len, ==, 2);
  g_assert_cmpstr (child (front, 0)->name, ==, "Wheel FL");
  g_assert_cmpstr (child (front, 1)->name, ==, "Wheel FR");
  g_assert_cmpstr (child (rear, 0)->name, ==, "Wheel RL");
  g_assert_cmpstr (child (rear, 1)->name, ==, "Wheel RR");
  /* The glTF's +z is −y with Z up; its quarter turn about x stays one. */
  assert_position (&child (front, 0)->transform, 0, -0.17 * scale, 0);
  assert_position (&child (front, 1)->transform, 0, 0.17 * scale, 0);
  g_assert_cmpfloat_with_epsilon (child (front, 0)->transform.rotation_deg[0], 90.0, 1e-4);
  g_assert_cmpfloat_with_epsilon (child (front, 0)->transform.rotation_deg[1], 0.0, 1e-4);
  g_assert_cmpfloat_with_epsilon (child (front, 0)->transform.rotation_deg[2], 0.0, 1e-4);
  for (int k = 0; k < 3; k++)
    g_assert_cmpfloat_with_epsilon (child (front, 0)->transform.scale[k], 1.0, 1e-6);

  wheel = child (front, 0)->mesh;
  g_assert_nonnull (wheel);
  g_assert_cmpuint (twin_mesh_get_n_vertices (wheel), ==, WHEEL_VERTICES);
  g_assert_cmpuint (twin_mesh_get_n_triangles (wheel), ==, WHEEL_TRIANGLES);
  g_assert_true (child (front, 1)->mesh == wheel);
  g_assert_true (child (rear, 0)->mesh == wheel);
  g_assert_true (child (rear, 1)->mesh == wheel);

  g_assert_cmpuint (import->n_meshes, ==, 2);
  g_assert_cmpuint (import->n_triangles, ==, CHASSIS_TRIANGLES + WHEEL_TRIANGLES);
  g_assert_cmpuint (import->n_vertices, ==, CHASSIS_VERTICES + WHEEL_VERTICES);
}

static void
test_hierarchy_gltf (void)
{
  TwinMeshImportOptions options;

  twin_mesh_import_options_init (&options);
  options.as_hierarchy = TRUE;
  for (guint i = 0; i < 3; i++)
    {
      const char *names[] = { "cart.gltf", "cart.glb", "cart.dae" };
      g_autoptr (TwinMeshImport) import = import_fixture (names[i], &options);

      g_test_message ("%s", names[i]);
      assert_cart_tree (import, 1.0);
    }
}

/* FBX: the same tree in centimetres (UnitScaleFactor 1). */
static void
test_hierarchy_fbx (void)
{
  TwinMeshImportOptions options;
  g_autoptr (TwinMeshImport) import = NULL;

  twin_mesh_import_options_init (&options);
  options.as_hierarchy = TRUE;
  import = import_fixture ("cart.fbx", &options);
  g_assert_cmpint (import->unit, ==, TWIN_MESH_UNIT_CM);
  assert_cart_tree (import, 0.01);
}

/* OBJ objects become parts, with their own meshes and names. */
static void
test_hierarchy_obj (void)
{
  TwinMeshImportOptions options;
  g_autoptr (TwinMeshImport) import = NULL;
  TwinMeshImportNode *box;
  TwinMeshImportNode *cylinder;

  twin_mesh_import_options_init (&options);
  options.as_hierarchy = TRUE;
  import = import_fixture ("assembly.obj", &options);
  g_assert_cmpstr (import->root->name, ==, "assembly");
  g_assert_cmpuint (import->root->children->len, ==, 2);
  box = child (import->root, 0);
  cylinder = child (import->root, 1);
  g_assert_cmpstr (box->name, ==, "Box");
  g_assert_cmpstr (cylinder->name, ==, "Cylinder");
  g_assert_cmpuint (twin_mesh_get_n_vertices (box->mesh), ==, 24);
  g_assert_cmpuint (twin_mesh_get_n_triangles (box->mesh), ==, 12);
  g_assert_cmpuint (twin_mesh_get_n_vertices (cylinder->mesh), ==, 96);
  g_assert_cmpuint (twin_mesh_get_n_triangles (cylinder->mesh), ==, 92);
  g_assert_cmpuint (import->n_meshes, ==, 2);
}

/* IFC: Assimp's "IfcBuildingElementProxy_Wall_<GUID>" reads "Wall"; its
 * helper nodes ("$RelAggregates") are left out. */
static void
test_hierarchy_ifc (void)
{
  TwinMeshImportOptions options;
  g_autoptr (TwinMeshImport) import = NULL;
  TwinMeshImportNode *node;

  twin_mesh_import_options_init (&options);
  options.as_hierarchy = TRUE;
  import = import_fixture ("wall.ifc", &options);
  g_assert_cmpstr (import->root->name, ==, "wall");
  node = child (import->root, 0);
  g_assert_cmpstr (node->name, ==, "Building");
  node = child (node, 0);
  g_assert_cmpstr (node->name, ==, "Groundfloor"); /* Assimp drops the spaces of IFC names */
  node = child (node, 0);
  g_assert_cmpstr (node->name, ==, "Wall");
  g_assert_nonnull (node->mesh);
  g_assert_cmpuint (node->children->len, ==, 0);
  /* The root holds no scale: the unit became mm. */
  g_assert_cmpint (import->unit, ==, TWIN_MESH_UNIT_MM);
  for (int k = 0; k < 3; k++)
    g_assert_cmpfloat_with_epsilon (import->root->transform.scale[k], 1.0, 1e-6);
}

static void
write_binary_stl (const char *path,
                  const float (*triangles)[3][3],
                  guint n_triangles)
{
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  guint8  header[80] = "binary STL written by test-mesh-importer";
  guint32 count = GUINT32_TO_LE (n_triangles);

  g_byte_array_append (bytes, header, sizeof header);
  g_byte_array_append (bytes, (guint8 *) &count, 4);
  for (guint t = 0; t < n_triangles; t++)
    {
      float   facet[12] = { 0 };
      guint16 attribute = 0;

      /* A facet normal that is not the true one: it must not matter. */
      facet[2] = 1.0f;
      for (int c = 0; c < 3; c++)
        for (int k = 0; k < 3; k++)
          facet[3 + 3 * c + k] = triangles[t][c][k];
      g_byte_array_append (bytes, (guint8 *) facet, sizeof facet);
      g_byte_array_append (bytes, (guint8 *) &attribute, 2);
    }
  twin_test_write_file (path, bytes->data, bytes->len);
}

/* A cube from STL: 36 corners welded to 8 positions, split into 24 vertices
 * with the faces' own normals: its edges stay sharp. */
static void
test_cube_sharp (void)
{
  static const int quads[6][4][3] = {
    { { 0, 0, 0 }, { 0, 1, 0 }, { 1, 1, 0 }, { 1, 0, 0 } }, /* bottom, −z */
    { { 0, 0, 1 }, { 1, 0, 1 }, { 1, 1, 1 }, { 0, 1, 1 } }, /* top, +z */
    { { 0, 0, 0 }, { 1, 0, 0 }, { 1, 0, 1 }, { 0, 0, 1 } }, /* −y */
    { { 1, 0, 0 }, { 1, 1, 0 }, { 1, 1, 1 }, { 1, 0, 1 } }, /* +x */
    { { 1, 1, 0 }, { 0, 1, 0 }, { 0, 1, 1 }, { 1, 1, 1 } }, /* +y */
    { { 0, 1, 0 }, { 0, 0, 0 }, { 0, 0, 1 }, { 0, 1, 1 } }, /* −x */
  };
  float            triangles[12][3][3];
  g_autofree char *path = twin_test_tmp_path ("cube.stl");
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinMeshImport) import = NULL;
  TwinMesh      *mesh;
  const float   *p;
  const float   *n;
  const guint32 *indices;

  for (int f = 0; f < 6; f++)
    for (int k = 0; k < 3; k++)
      {
        triangles[2 * f][0][k] = (float) quads[f][0][k];
        triangles[2 * f][1][k] = (float) quads[f][1][k];
        triangles[2 * f][2][k] = (float) quads[f][2][k];
        triangles[2 * f + 1][0][k] = (float) quads[f][0][k];
        triangles[2 * f + 1][1][k] = (float) quads[f][2][k];
        triangles[2 * f + 1][2][k] = (float) quads[f][3][k];
      }
  write_binary_stl (path, (const float (*)[3][3]) triangles, 12);
  import = twin_mesh_import_file (path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  mesh = import->root->mesh;
  g_assert_cmpuint (twin_mesh_get_n_triangles (mesh), ==, 12);
  g_assert_cmpuint (twin_mesh_get_n_vertices (mesh), ==, 24);

  /* Each vertex's normal is the axis of the face it belongs to, exactly, and
   * points away from the cube's centre. */
  p = twin_mesh_get_positions (mesh);
  n = twin_mesh_get_normals (mesh);
  for (guint v = 0; v < 24; v++)
    {
      int axis = -1;

      for (int k = 0; k < 3; k++)
        if (fabsf (n[3 * v + k]) > 0.5f)
          axis = k;
      g_assert_cmpint (axis, >=, 0);
      g_assert_cmpfloat (fabsf (n[3 * v + axis]), ==, 1.0f);
      g_assert_cmpfloat (n[3 * v + (axis + 1) % 3], ==, 0.0f);
      g_assert_cmpfloat (n[3 * v + (axis + 2) % 3], ==, 0.0f);
      g_assert_cmpfloat ((p[3 * v + axis] - 0.5f) * n[3 * v + axis], >, 0.0f);
    }
  /* Counter-clockwise seen from outside: each triangle's winding agrees
   * with its vertices' normals. */
  indices = twin_mesh_get_indices (mesh);
  for (guint t = 0; t < 12; t++)
    {
      const float *a = p + 3 * indices[3 * t];
      const float *b = p + 3 * indices[3 * t + 1];
      const float *c = p + 3 * indices[3 * t + 2];
      float        e1[3] = { b[0] - a[0], b[1] - a[1], b[2] - a[2] };
      float        e2[3] = { c[0] - a[0], c[1] - a[1], c[2] - a[2] };
      float        cross[3] = { e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0] };
      const float *na = n + 3 * indices[3 * t];

      g_assert_cmpfloat (cross[0] * na[0] + cross[1] * na[1] + cross[2] * na[2], >, 0.0f);
    }
}

/* A UV sphere from an ASCII STL: welded into one vertex per position, with
 * smooth normals pointing outwards from the centre. */
static void
test_sphere_smooth (void)
{
  const int stacks = 16;
  const int slices = 32;
  g_autoptr (GString) text = g_string_new ("solid sphere\n");
  g_autofree char *path = twin_test_tmp_path ("sphere.stl");
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinMeshImport) import = NULL;
  TwinMesh    *mesh;
  const float *p;
  const float *n;
  guint        n_triangles = 0;

  for (int i = 0; i < stacks; i++)
    for (int j = 0; j < slices; j++)
      {
        double corners[4][3];

        for (int c = 0; c < 4; c++)
          {
            int    si = i + (c == 2 || c == 3);
            int    sj = (j + (c == 1 || c == 2)) % slices;
            double theta = G_PI * si / stacks;
            double phi = 2 * G_PI * sj / slices;

            /* The poles exactly, so their corners weld. */
            corners[c][0] = si == 0 || si == stacks ? 0.0 : 10.0 * sin (theta) * cos (phi);
            corners[c][1] = si == 0 || si == stacks ? 0.0 : 10.0 * sin (theta) * sin (phi);
            corners[c][2] = 10.0 * cos (theta);
          }
        for (int half = 0; half < 2; half++)
          {
            const int order[2][3] = { { 0, 2, 1 }, { 0, 3, 2 } };
            char      buffer[3][G_ASCII_DTOSTR_BUF_SIZE];

            if ((i == 0 && half == 0) || (i == stacks - 1 && half == 1))
              continue; /* the pole's triangle would be degenerate */
            g_string_append (text, "facet normal 0 0 0\nouter loop\n");
            for (int c = 0; c < 3; c++)
              {
                const double *q = corners[order[half][c]];

                g_string_append_printf (text, "vertex %s %s %s\n",
                                        g_ascii_formatd (buffer[0], sizeof buffer[0], "%.6f", q[0]),
                                        g_ascii_formatd (buffer[1], sizeof buffer[1], "%.6f", q[1]),
                                        g_ascii_formatd (buffer[2], sizeof buffer[2], "%.6f", q[2]));
              }
            g_string_append (text, "endloop\nendfacet\n");
            n_triangles++;
          }
      }
  g_string_append (text, "endsolid sphere\n");
  twin_test_write_file (path, text->str, text->len);

  import = twin_mesh_import_file (path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  mesh = import->root->mesh;
  g_assert_cmpuint (twin_mesh_get_n_triangles (mesh), ==, n_triangles);
  g_assert_cmpuint (twin_mesh_get_n_vertices (mesh), ==, (stacks - 1) * slices + 2);
  p = twin_mesh_get_positions (mesh);
  n = twin_mesh_get_normals (mesh);
  for (guint v = 0; v < twin_mesh_get_n_vertices (mesh); v++)
    {
      double radius = sqrt (p[3 * v] * p[3 * v] + p[3 * v + 1] * p[3 * v + 1] + p[3 * v + 2] * p[3 * v + 2]);
      double dot = (p[3 * v] * n[3 * v] + p[3 * v + 1] * n[3 * v + 1] + p[3 * v + 2] * n[3 * v + 2]) / radius;

      g_assert_cmpfloat (dot, >, 0.99);
    }
}

/* One position shared by 300 triangles facing every way: it splits into
 * many vertices (more groups than fit on the stack), and each corner's
 * normal stays near its triangle's. */
static void
test_many_creases (void)
{
  g_autofree char *path = twin_test_tmp_path ("star.stl");
  float            triangles[300][3][3];
  g_autoptr (GRand) rand = g_rand_new_with_seed (4);
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinMeshImport) import = NULL;
  TwinMesh      *mesh;
  const float   *p;
  const float   *n;
  const guint32 *indices;
  guint          at_centre = 0;

  for (guint t = 0; t < 300; t++)
    for (int c = 0; c < 3; c++)
      for (int k = 0; k < 3; k++)
        triangles[t][c][k] = c == 0 ? 0.0f : (float) g_rand_double_range (rand, -1.0, 1.0);
  write_binary_stl (path, (const float (*)[3][3]) triangles, 300);
  import = twin_mesh_import_file (path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  mesh = import->root->mesh;
  g_assert_cmpuint (twin_mesh_get_n_triangles (mesh), ==, 300);
  p = twin_mesh_get_positions (mesh);
  n = twin_mesh_get_normals (mesh);
  indices = twin_mesh_get_indices (mesh);
  for (guint v = 0; v < twin_mesh_get_n_vertices (mesh); v++)
    if (p[3 * v] == 0.0f && p[3 * v + 1] == 0.0f && p[3 * v + 2] == 0.0f)
      at_centre++;
  g_test_message ("%u vertices at the centre", at_centre);
  g_assert_cmpuint (at_centre, >, 16);
  assert_unit_normals (mesh);
  for (guint t = 0; t < 300; t++)
    {
      const float *a = p + 3 * indices[3 * t];
      const float *b = p + 3 * indices[3 * t + 1];
      const float *c = p + 3 * indices[3 * t + 2];
      double       e1[3] = { b[0] - a[0], b[1] - a[1], b[2] - a[2] };
      double       e2[3] = { c[0] - a[0], c[1] - a[1], c[2] - a[2] };
      double       f[3] = { e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0] };
      double       length = sqrt (f[0] * f[0] + f[1] * f[1] + f[2] * f[2]);

      for (int corner = 0; corner < 3; corner++)
        {
          const float *m = n + 3 * indices[3 * t + corner];

          /* Within the crease angle of the group's first triangle, which is
           * within it of this one: at most twice 30°. */
          g_assert_cmpfloat ((m[0] * f[0] + m[1] * f[1] + m[2] * f[2]) / length, >=, cos (G_PI / 3) - 1e-4);
        }
    }
}

/* A glTF with its own smooth normals keeps them: vertices that share a
 * position and a normal weld, those with other normals do not. */
static void
test_keep_normals (void)
{
  static const char gltf_template[] =
    "{\"asset\":{\"version\":\"2.0\"},\"scene\":0,\"scenes\":[{\"nodes\":[0]}],"
    "\"nodes\":[{\"mesh\":0}],"
    "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0,\"NORMAL\":1}}]}],"
    "\"accessors\":["
    "{\"bufferView\":0,\"componentType\":5126,\"count\":6,\"type\":\"VEC3\",\"min\":[0,0,0],\"max\":[1,1,0]},"
    "{\"bufferView\":1,\"componentType\":5126,\"count\":6,\"type\":\"VEC3\"}],"
    "\"bufferViews\":[{\"buffer\":0,\"byteOffset\":0,\"byteLength\":72},{\"buffer\":0,\"byteOffset\":72,\"byteLength\":72}],"
    "\"buffers\":[{\"byteLength\":144,\"uri\":\"data:application/octet-stream;base64,%s\"}]}";
  /* Two triangles sharing an edge, unindexed: (0,0,0) (1,0,0) (1,1,0) and
   * (0,0,0) (1,1,0) (0,1,0). Smooth normals per position, one of them
   * different in the second triangle at (0,0,0). */
  float data[36] = {
    0,
    0,
    0,
    1,
    0,
    0,
    1,
    1,
    0,
    0,
    0,
    0,
    1,
    1,
    0,
    0,
    1,
    0,
    0,
    0,
    1,
    0.6f,
    0,
    0.8f,
    0,
    0.6f,
    0.8f,
    0,
    0.6f,
    0.8f,
    0,
    0.6f,
    0.8f,
    0.8f,
    0,
    0.6f,
  };
  g_autofree char *encoded = NULL;
  g_autofree char *json = NULL;
  g_autofree char *path = twin_test_tmp_path ("normals.gltf");
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinMeshImport) import = NULL;
  TwinMesh *mesh;

  for (guint i = 0; i < G_N_ELEMENTS (data); i++)
    {
      guint32 bits;

      memcpy (&bits, &data[i], 4);
      bits = GUINT32_TO_LE (bits);
      memcpy (&data[i], &bits, 4);
    }
  encoded = g_base64_encode ((const guchar *) data, sizeof data);
  json = g_strdup_printf (gltf_template, encoded);
  twin_test_write_file (path, json, strlen (json));

  import = twin_mesh_import_file (path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  mesh = import->root->mesh;
  g_assert_cmpuint (twin_mesh_get_n_triangles (mesh), ==, 2);
  /* 6 corners: (0,0,0) twice with two normals, (1,1,0) twice with one. */
  g_assert_cmpuint (twin_mesh_get_n_vertices (mesh), ==, 5);
  {
    const float *n = twin_mesh_get_normals (mesh);
    const float *p = twin_mesh_get_positions (mesh);
    gboolean     found = FALSE;

    for (guint v = 0; v < 5; v++)
      if (p[3 * v] == 1.0f && p[3 * v + 1] == 0.0f)
        {
          g_assert_cmpfloat_with_epsilon (n[3 * v], 0.6, 1e-4);
          g_assert_cmpfloat_with_epsilon (n[3 * v + 2], 0.8, 1e-4);
          found = TRUE;
        }
    g_assert_true (found);
  }
}

typedef struct
{
  const char *name;
  int         code;
} RefusalCase;

static const RefusalCase refusal_cases[] = {
  { "truncated.stl", TWIN_MESH_ERROR_CORRUPT },
  { "empty.stl", TWIN_MESH_ERROR_EMPTY },
  { "garbage.obj", TWIN_MESH_ERROR_EMPTY },
  { "bad-header.glb", TWIN_MESH_ERROR_CORRUPT },
  { "points-only.obj", TWIN_MESH_ERROR_EMPTY },
  { "nan.obj", TWIN_MESH_ERROR_INVALID },
  { "no-such-file.stl", TWIN_MESH_ERROR_IO },
  { "make-fixtures.py", TWIN_MESH_ERROR_UNSUPPORTED },
};

static void
test_refusal (gconstpointer data)
{
  const RefusalCase *c = data;
  g_autofree char   *path = fixture (c->name);
  g_autoptr (GError) error = NULL;
  TwinMeshImport *import;

  import = twin_mesh_import_file (path, NULL, NULL, NULL, NULL, &error);
  g_assert_null (import);
  g_assert_error (error, TWIN_MESH_ERROR, c->code);
  g_test_message ("%s: %s", c->name, error->message);
  g_assert_nonnull (strstr (error->message, c->name));
  /* Assimp's reason never carries the file's full path. */
  g_assert_null (strstr (error->message, path));
}

/* A folder and a file without an extension. */
static void
test_refusal_folder (void)
{
  g_autofree char *folder = twin_test_tmp_path ("parts.obj");
  g_autofree char *plain = twin_test_tmp_path ("README");
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_null (twin_mesh_import_file (folder, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "parts.obj"));
  g_clear_error (&error);

  twin_test_write_file (plain, "solid x\nendsolid x\n", 19);
  g_assert_null (twin_mesh_import_file (plain, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "README"));
}

/* A file of many vertices, to cancel while it is read. */
static char *
write_large_obj (guint n)
{
  g_autofree char *path = twin_test_tmp_path ("large.obj");
  g_autoptr (GString) text = g_string_sized_new (64 * (gsize) n * n);

  for (guint i = 0; i <= n; i++)
    for (guint j = 0; j <= n; j++)
      g_string_append_printf (text, "v %u %u %u\n", i, j, (i * 7 + j * 3) % 11);
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        guint a = i * (n + 1) + j + 1;

        g_string_append_printf (text, "f %u %u %u %u\n", a, a + n + 1, a + n + 2, a + 1);
      }
  twin_test_write_file (path, text->str, text->len);
  return g_steal_pointer (&path);
}

typedef struct
{
  GCancellable *cancellable;
  double        cancel_at;
  double        last;
  guint         n_reports;
} CancelState;

static void
cancel_progress_cb (double   fraction,
                    gpointer user_data)
{
  CancelState *state = user_data;

  g_assert_cmpfloat (fraction, >=, state->last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  state->last = fraction;
  state->n_reports++;
  if (fraction >= state->cancel_at)
    g_cancellable_cancel (state->cancellable);
}

/* Cancelled while Assimp reads (before 0.6) and while we build (after):
 * CANCELLED, with the file's name. */
static void
test_cancel (void)
{
  g_autofree char *path = write_large_obj (400);
  const double     points[] = { 0.05, 0.8 };

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      g_autoptr (GCancellable) cancellable = g_cancellable_new ();
      g_autoptr (GError) error = NULL;
      CancelState     state = { cancellable, points[i], 0.0, 0 };
      TwinMeshImport *import;

      import = twin_mesh_import_file (path, NULL, cancel_progress_cb, &state, cancellable, &error);
      g_assert_null (import);
      g_assert_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_CANCELLED);
      g_assert_nonnull (strstr (error->message, "large.obj"));
      g_assert_cmpfloat (state.last, <, 1.0);
      g_assert_cmpfloat (state.last, >=, points[i]);
    }

  /* Not cancelled: the same file imports, with progress up to 1. */
  {
    g_autoptr (GCancellable) cancellable = g_cancellable_new ();
    g_autoptr (GError) error = NULL;
    g_autoptr (TwinMeshImport) import = NULL;
    CancelState state = { cancellable, 2.0, 0.0, 0 };

    import = twin_mesh_import_file (path, NULL, cancel_progress_cb, &state, cancellable, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (twin_mesh_get_n_triangles (import->root->mesh), ==, 2 * 400 * 400);
    g_assert_cmpfloat (state.last, ==, 1.0);
    g_assert_cmpuint (state.n_reports, >, 10);
  }
}

typedef struct
{
  GMainLoop      *loop;
  GThread        *main_thread;
  TwinMeshImport *import;
  GError         *error;
  guint           n_reports;
  gint64          last_report_us;
  gint64          min_gap_us;
  gboolean        done;
} AsyncState;

static void
async_progress_cb (double   fraction,
                   gpointer user_data)
{
  AsyncState *state = user_data;
  gint64      now = g_get_monotonic_time ();

  g_assert_true (g_thread_self () == state->main_thread);
  g_assert_false (state->done);
  if (state->n_reports > 0)
    state->min_gap_us = MIN (state->min_gap_us, now - state->last_report_us);
  state->last_report_us = now;
  state->n_reports++;
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncState *state = user_data;

  state->import = twin_mesh_import_file_finish (result, &state->error);
  state->done = TRUE;
  g_main_loop_quit (state->loop);
}

/* In a thread: progress arrives in the caller's thread, at most 20 times a
 * second, never after the result; a cancelled import reports CANCELLED. */
static void
test_async (void)
{
  g_autofree char *path = write_large_obj (300);
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncState state = { loop, g_thread_self (), NULL, NULL, 0, 0, G_MAXINT64, FALSE };

  twin_mesh_import_file_async (path, NULL, async_progress_cb, &state, NULL, async_done_cb, &state);
  g_main_loop_run (loop);
  g_assert_no_error (state.error);
  g_assert_nonnull (state.import);
  g_assert_cmpuint (twin_mesh_get_n_triangles (state.import->root->mesh), ==, 2 * 300 * 300);
  if (state.n_reports > 1)
    g_assert_cmpint (state.min_gap_us, >=, G_USEC_PER_SEC / 20 - 2000);
  g_clear_pointer (&state.import, twin_mesh_import_free);

  /* Run the loop a little longer: no late report. */
  {
    gint64 until = g_get_monotonic_time () + 100000;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }

  {
    g_autoptr (GCancellable) cancellable = g_cancellable_new ();
    AsyncState cancelled = { loop, g_thread_self (), NULL, NULL, 0, 0, G_MAXINT64, FALSE };

    twin_mesh_import_file_async (path, NULL, NULL, NULL, cancellable, async_done_cb, &cancelled);
    g_cancellable_cancel (cancellable);
    g_main_loop_run (loop);
    g_assert_null (cancelled.import);
    g_assert_error (cancelled.error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_CANCELLED);
    g_clear_error (&cancelled.error);
  }
}

/* A root with one asset entity, in a memory-only model. */
static TwinModel *
new_model (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Plant");

  return twin_model_new (root);
}

/* Plain import without a target: a new "asset" named after the file, with
 * the mesh, in one undoable step. */
static void
test_apply_plain (void)
{
  g_autoptr (TwinModel) model = new_model ();
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinMeshCatalog) catalog = twin_mesh_catalog_new (NULL, &error);
  g_autoptr (TwinMeshImport) import = import_fixture ("assembly.stl", NULL);
  TwinEntity         *root = twin_model_get_root (model);
  TwinEntity         *entity;
  const TwinMeshInfo *info;

  g_assert_no_error (error);
  entity = twin_mesh_import_apply (import, model, catalog, root, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entity);
  g_assert_true (twin_entity_get_parent (entity) == root);
  g_assert_cmpstr (twin_entity_get_name (entity), ==, "assembly");
  g_assert_cmpstr (twin_entity_get_type_name (entity), ==, "asset");
  info = twin_mesh_catalog_lookup (catalog, twin_entity_get_mesh_id (entity));
  g_assert_nonnull (info);
  g_assert_cmpuint (info->n_triangles, ==, ASSEMBLY_TRIANGLES);
  g_assert_cmpuint (info->n_vertices, ==, ASSEMBLY_VERTICES);
  g_assert_cmpint (info->unit, ==, TWIN_MESH_UNIT_MM);
  g_assert_cmpint (info->up, ==, TWIN_MESH_UP_Z);
  g_assert_cmpstr (info->source, ==, "assembly.stl");

  /* Again: a unique name, the same mesh. */
  {
    TwinEntity *again = twin_mesh_import_apply (import, model, catalog, root, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (twin_entity_get_name (again), ==, "assembly 2");
    g_assert_cmpstr (twin_entity_get_mesh_id (again), ==, twin_entity_get_mesh_id (entity));
    g_assert_cmpuint (twin_mesh_catalog_get_n_meshes (catalog), ==, 1);
  }

  g_assert_true (twin_model_undo (model, &error));
  g_assert_true (twin_model_undo (model, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (twin_entity_get_n_children (root), ==, 0);
}

/* Plain import onto an existing entity: its mesh is set, undoably. */
static void
test_apply_target (void)
{
  g_autoptr (TwinModel) model = new_model ();
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinMeshCatalog) catalog = twin_mesh_catalog_new (NULL, &error);
  g_autoptr (TwinMeshImport) import = import_fixture ("assembly.obj", NULL);
  TwinEntity *root = twin_model_get_root (model);
  TwinEntity *pump;

  pump = twin_model_create_entity (model, root, "asset", "Pump", -1, &error);
  g_assert_no_error (error);
  g_assert_true (twin_mesh_import_apply (import, model, catalog, root, pump, &error) == pump);
  g_assert_no_error (error);
  g_assert_nonnull (twin_entity_get_mesh_id (pump));
  g_assert_nonnull (twin_mesh_catalog_lookup (catalog, twin_entity_get_mesh_id (pump)));
  g_assert_cmpuint (twin_entity_get_n_children (root), ==, 1);
  g_assert_true (twin_model_undo (model, &error));
  g_assert_null (twin_entity_get_mesh_id (pump));
}

/* A hierarchy: subsystems and assets, transforms, the wheels' one mesh
 * stored once, all in one undoable step. */
static void
test_apply_hierarchy (void)
{
  g_autoptr (TwinModel) model = new_model ();
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinMeshCatalog) catalog = twin_mesh_catalog_new (NULL, &error);
  g_autoptr (TwinMeshImport) import = NULL;
  TwinMeshImportOptions options;
  TwinEntity           *root = twin_model_get_root (model);
  TwinEntity           *top;
  TwinEntity           *cart;
  TwinEntity           *front;
  TwinEntity           *wheel;

  twin_mesh_import_options_init (&options);
  options.as_hierarchy = TRUE;
  import = import_fixture ("cart.gltf", &options);
  top = twin_mesh_import_apply (import, model, catalog, root, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (twin_entity_get_name (top), ==, "cart");
  g_assert_cmpstr (twin_entity_get_type_name (top), ==, "subsystem");
  cart = twin_entity_find_child (top, "Cart");
  g_assert_nonnull (cart);
  g_assert_cmpstr (twin_entity_get_type_name (cart), ==, "subsystem");
  g_assert_cmpfloat_with_epsilon (twin_entity_get_transform (cart)->position_m[2], 0.12, 1e-6);
  front = twin_entity_find_child (cart, "Front axle");
  wheel = twin_entity_find_child (front, "Wheel FL");
  g_assert_cmpstr (twin_entity_get_type_name (wheel), ==, "asset");
  g_assert_cmpfloat_with_epsilon (twin_entity_get_transform (wheel)->rotation_deg[0], 90.0, 1e-4);
  g_assert_cmpstr (twin_entity_get_mesh_id (wheel), ==,
                   twin_entity_get_mesh_id (twin_entity_find_child (twin_entity_find_child (cart, "Rear axle"), "Wheel RR")));
  g_assert_nonnull (twin_entity_get_mesh_id (twin_entity_find_child (cart, "Chassis")));
  g_assert_cmpuint (twin_mesh_catalog_get_n_meshes (catalog), ==, 2);
  /* cart, Cart, Chassis, 2 axles, 4 wheels. */
  g_assert_cmpuint (twin_entity_count_subtree (top), ==, 9);

  g_assert_true (twin_model_undo (model, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (twin_entity_get_n_children (root), ==, 0);
  g_assert_true (twin_model_redo (model, &error));
  g_assert_cmpuint (twin_entity_get_n_children (root), ==, 1);
}

/* Names from a file are made valid entity names, unique among siblings. */
static void
test_apply_names (void)
{
  /* One triangle, used by four nodes with awkward names. */
  static const char gltf_template[] =
    "{\"asset\":{\"version\":\"2.0\"},\"scene\":0,\"scenes\":[{\"nodes\":[0,1,2,3]}],"
    "\"nodes\":[{\"name\":\"a/b\",\"mesh\":0},{\"name\":\"a/b\",\"mesh\":0,\"translation\":[0,0,1]},"
    "{\"name\":\" \\tline\\nbreak \",\"mesh\":0},{\"name\":\"%s\",\"mesh\":0}],"
    "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0}}]}],"
    "\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":3,\"type\":\"VEC3\",\"min\":[0,0,0],\"max\":[1,1,0]}],"
    "\"bufferViews\":[{\"buffer\":0,\"byteOffset\":0,\"byteLength\":36}],"
    "\"buffers\":[{\"byteLength\":36,\"uri\":\"data:application/octet-stream;base64,%s\"}]}";
  const float      triangle[9] = { 0, 0, 0, 1, 0, 0, 0, 1, 0 };
  g_autofree char *long_name = g_strnfill (300, 'x');
  g_autofree char *encoded = NULL;
  g_autofree char *json = NULL;
  g_autofree char *path = twin_test_tmp_path ("names.gltf");
  g_autoptr (TwinModel) model = new_model ();
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinMeshCatalog) catalog = twin_mesh_catalog_new (NULL, &error);
  g_autoptr (TwinMeshImport) import = NULL;
  TwinMeshImportOptions options;
  TwinEntity           *top;

  g_assert_true (G_BYTE_ORDER == G_LITTLE_ENDIAN);
  encoded = g_base64_encode ((const guchar *) triangle, sizeof triangle);
  json = g_strdup_printf (gltf_template, long_name, encoded);
  twin_test_write_file (path, json, strlen (json));
  twin_mesh_import_options_init (&options);
  options.as_hierarchy = TRUE;
  import = twin_mesh_import_file (path, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  top = twin_mesh_import_apply (import, model, catalog, twin_model_get_root (model), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (twin_entity_get_n_children (top), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      const char *name = twin_entity_get_name (twin_entity_get_child (top, i));

      g_test_message ("name %u: “%s”", i, name);
      g_assert_true (twin_entity_is_valid_name (name, NULL));
    }
  g_assert_nonnull (twin_entity_find_child (top, "a-b"));
  g_assert_nonnull (twin_entity_find_child (top, "a-b 2"));
  g_assert_nonnull (twin_entity_find_child (top, "line break"));
  /* One mesh for the four. */
  g_assert_cmpuint (twin_mesh_catalog_get_n_meshes (catalog), ==, 1);
}

/* Through a real project file: import, close, reopen: the same meshes, the
 * same counts and bounds; the wheels' geometry stored once. */
static void
test_store_round_trip (void)
{
  g_autofree char *path = twin_test_tmp_path ("round-trip.dtwin");
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinMeshImport) import = NULL;
  TwinMeshImportOptions options;
  g_autofree char      *chassis_id = NULL;
  g_autofree char      *wheel_id = NULL;
  TwinMeshInfo          chassis_info = { 0 };

  {
    g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Plant");
    g_autoptr (TwinStore) store = twin_store_create (path, root, &error);

    g_assert_no_error (error);
    twin_store_close (store);
  }

  twin_mesh_import_options_init (&options);
  options.as_hierarchy = TRUE;
  import = import_fixture ("cart.gltf", &options);
  {
    g_autoptr (TwinProject) project = twin_project_open (path, FALSE, &error);
    TwinModel  *model;
    TwinEntity *top;
    TwinEntity *cart;

    g_assert_no_error (error);
    model = twin_project_get_model (project);
    top = twin_mesh_import_apply (import, model, twin_project_get_mesh_catalog (project),
                                  twin_model_get_root (model), NULL, &error);
    g_assert_no_error (error);
    cart = twin_entity_find_child (top, "Cart");
    chassis_id = g_strdup (twin_entity_get_mesh_id (twin_entity_find_child (cart, "Chassis")));
    wheel_id = g_strdup (twin_entity_get_mesh_id (twin_entity_find_child (twin_entity_find_child (cart, "Front axle"), "Wheel FL")));
    chassis_info = *twin_mesh_catalog_lookup (twin_project_get_mesh_catalog (project), chassis_id);
    twin_project_close (project);
  }

  {
    g_autoptr (TwinProject) project = twin_project_open (path, TRUE, &error);
    TwinMeshCatalog    *catalog;
    TwinModel          *model;
    TwinEntity         *cart;
    const TwinMeshInfo *info;
    g_autoptr (TwinMesh) wheel = NULL;
    g_autoptr (GPtrArray) list = NULL;
    float min_m[3];
    float max_m[3];

    g_assert_no_error (error);
    model = twin_project_get_model (project);
    catalog = twin_project_get_mesh_catalog (project);
    list = twin_mesh_catalog_list (catalog);
    g_assert_cmpuint (list->len, ==, 2);
    cart = twin_model_lookup_path (model, "Plant/cart/Cart");
    g_assert_nonnull (cart);
    g_assert_cmpstr (twin_entity_get_mesh_id (twin_entity_find_child (cart, "Chassis")), ==, chassis_id);
    g_assert_cmpstr (twin_entity_get_mesh_id (twin_model_lookup_path (model, "Plant/cart/Cart/Rear axle/Wheel RR")), ==, wheel_id);
    g_assert_cmpfloat_with_epsilon (twin_entity_get_transform (cart)->position_m[2], 0.12, 1e-6);

    info = twin_mesh_catalog_lookup (catalog, chassis_id);
    g_assert_nonnull (info);
    g_assert_cmpuint (info->n_vertices, ==, CHASSIS_VERTICES);
    g_assert_cmpuint (info->n_triangles, ==, CHASSIS_TRIANGLES);
    for (int k = 0; k < 3; k++)
      {
        g_assert_cmpfloat (info->min[k], ==, chassis_info.min[k]);
        g_assert_cmpfloat (info->max[k], ==, chassis_info.max[k]);
      }
    /* Its box in metres with Z up: 0.6 × 0.3 × 0.1. */
    twin_mesh_info_get_bounds_m (info, min_m, max_m);
    g_assert_cmpfloat_with_epsilon (max_m[0] - min_m[0], 0.6, 1e-6);
    g_assert_cmpfloat_with_epsilon (max_m[1] - min_m[1], 0.3, 1e-6);
    g_assert_cmpfloat_with_epsilon (max_m[2] - min_m[2], 0.1, 1e-6);

    wheel = twin_mesh_catalog_get_mesh (catalog, wheel_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (twin_mesh_get_n_vertices (wheel), ==, WHEEL_VERTICES);
    g_assert_cmpuint (twin_mesh_get_n_triangles (wheel), ==, WHEEL_TRIANGLES);
    twin_project_close (project);
  }
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* A cancelled or refused import leaves the project file as it was. */
static void
test_project_unchanged (void)
{
  g_autofree char *path = twin_test_tmp_path ("unchanged.dtwin");
  g_autofree char *large = write_large_obj (200);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) before = NULL;

  {
    g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Plant");
    g_autoptr (TwinStore) store = twin_store_create (path, root, &error);

    g_assert_no_error (error);
    twin_store_close (store);
  }
  before = read_bytes (path);
  {
    g_autoptr (TwinProject) project = twin_project_open (path, FALSE, &error);
    g_autoptr (GCancellable) cancellable = g_cancellable_new ();
    CancelState state = { cancellable, 0.3, 0.0, 0 };
    TwinModel  *model;
    guint       n_entities;

    g_assert_no_error (error);
    model = twin_project_get_model (project);
    n_entities = twin_model_get_n_entities (model);
    for (guint i = 0; i < G_N_ELEMENTS (refusal_cases) + 1; i++)
      {
        g_autofree char *fixture_path = i < G_N_ELEMENTS (refusal_cases) ? fixture (refusal_cases[i].name) : NULL;
        TwinMeshImport  *import;

        if (fixture_path != NULL)
          import = twin_mesh_import_file (fixture_path, NULL, NULL, NULL, NULL, &error);
        else
          import = twin_mesh_import_file (large, NULL, cancel_progress_cb, &state, cancellable, &error);
        g_assert_null (import);
        g_assert_nonnull (error);
        g_clear_error (&error);
      }
    g_assert_cmpuint (twin_model_get_n_entities (model), ==, n_entities);
    g_assert_cmpuint (twin_mesh_catalog_get_n_meshes (twin_project_get_mesh_catalog (project)), ==, 0);
    twin_project_close (project);
  }
  {
    g_autoptr (GBytes) after = read_bytes (path);

    g_assert_true (g_bytes_equal (before, after));
  }
}

static void
collect_files (const char *dir,
               GPtrArray  *files)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_files (path, files);
      else
        g_ptr_array_add (files, g_steal_pointer (&path));
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Every file of ../shared/data/meshes imports with triangles or is refused
 * with a message naming it; nothing in invalid/ imports. */
static void
test_shared_data (void)
{
  g_autofree char *dir = twin_test_shared_data ("meshes", NULL);
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  guint n_imported = 0;
  guint n_refused = 0;

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no ../shared/data/meshes");
      return;
    }
  collect_files (dir, files);
  g_ptr_array_sort (files, compare_strings);
  for (guint i = 0; i < files->len; i++)
    {
      const char      *path = g_ptr_array_index (files, i);
      g_autofree char *basename = g_path_get_basename (path);
      g_autofree char *display = g_filename_display_name (basename);
      gboolean         invalid = strstr (path, G_DIR_SEPARATOR_S "invalid" G_DIR_SEPARATOR_S) != NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (TwinMeshImport) import = NULL;
      TwinMeshImportOptions options;

      twin_mesh_import_options_init (&options);
      options.as_hierarchy = i % 2 == 1;
      import = twin_mesh_import_file (path, &options, NULL, NULL, NULL, &error);
      if (import != NULL)
        {
          g_test_message ("imported %s: %" G_GUINT64_FORMAT " triangles", path, import->n_triangles);
          g_assert_false (invalid);
          g_assert_cmpuint (import->n_triangles, >, 0);
          g_assert_cmpuint (import->n_meshes, >, 0);
          n_imported++;
        }
      else
        {
          g_test_message ("refused %s: %s", path, error->message);
          g_assert_true (error->domain == TWIN_MESH_ERROR);
          g_assert_nonnull (strstr (error->message, display));
          n_refused++;
        }
    }
  g_test_message ("%u imported, %u refused", n_imported, n_refused);
  g_assert_cmpuint (n_imported, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (format_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/core/mesh/import/format/%s", format_cases[i].name);

      g_test_add_data_func (name, &format_cases[i], test_format);
    }
  g_test_add_func ("/core/mesh/import/plain-name", test_plain_name);
  g_test_add_func ("/core/mesh/import/unit-up-override", test_unit_up_override);
  g_test_add_func ("/core/mesh/import/hierarchy/gltf", test_hierarchy_gltf);
  g_test_add_func ("/core/mesh/import/hierarchy/fbx", test_hierarchy_fbx);
  g_test_add_func ("/core/mesh/import/hierarchy/obj", test_hierarchy_obj);
  g_test_add_func ("/core/mesh/import/hierarchy/ifc", test_hierarchy_ifc);
  g_test_add_func ("/core/mesh/import/weld/cube-sharp", test_cube_sharp);
  g_test_add_func ("/core/mesh/import/weld/sphere-smooth", test_sphere_smooth);
  g_test_add_func ("/core/mesh/import/weld/keep-normals", test_keep_normals);
  g_test_add_func ("/core/mesh/import/weld/many-creases", test_many_creases);
  for (guint i = 0; i < G_N_ELEMENTS (refusal_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/core/mesh/import/refuse/%s", refusal_cases[i].name);

      g_test_add_data_func (name, &refusal_cases[i], test_refusal);
    }
  g_test_add_func ("/core/mesh/import/refuse/folder-and-no-extension", test_refusal_folder);
  g_test_add_func ("/core/mesh/import/cancel", test_cancel);
  g_test_add_func ("/core/mesh/import/async", test_async);
  g_test_add_func ("/core/mesh/import/apply/plain", test_apply_plain);
  g_test_add_func ("/core/mesh/import/apply/target", test_apply_target);
  g_test_add_func ("/core/mesh/import/apply/hierarchy", test_apply_hierarchy);
  g_test_add_func ("/core/mesh/import/apply/names", test_apply_names);
  g_test_add_func ("/core/mesh/import/store-round-trip", test_store_round_trip);
  g_test_add_func ("/core/mesh/import/project-unchanged", test_project_unchanged);
  g_test_add_func ("/core/mesh/import/shared-data", test_shared_data);

  return g_test_run ();
}
