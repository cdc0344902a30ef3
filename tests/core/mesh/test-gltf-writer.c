/* test-gltf-writer.c: exports small twins as GLB, reads them back with Assimp and by hand, and checks them against the model.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reference for where things are is the 3D view's own maths
 * (twin_scene_box_collect, twin_mesh_info_get_matrix); the reference for
 * what a glTF reader makes of the file is Assimp, the library Twin Studio
 * imports with. The binary layout and the glTF rules a reader relies on
 * (chunk lengths and alignment, accessor bounds, buffer views inside the
 * buffer, index types) are checked byte by byte, independently of both.
 */

#define G_LOG_DOMAIN "test-gltf-writer"

#include "config.h"

#include "twin-core.h"
#include "twin-test-util.h"

#include "mesh/twin-gltf-writer.h"
#include "mesh/twin-mesh-catalog.h"
#include "mesh/twin-scene-box.h"
#include "mesh/twin-scene-palette.h"
#include "model/twin-color-by.h"

#include <assimp/cimport.h>
#include <assimp/material.h>
#include <assimp/scene.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include <math.h>
#include <string.h>

#define POSITION_TOLERANCE_M 1e-4
#define COLOR_TOLERANCE 1e-6

#define GLB_MAGIC 0x46546C67u
#define GLB_CHUNK_JSON 0x4E4F534Au
#define GLB_CHUNK_BIN 0x004E4942u

#define PART_B_NAME "Pumpe B – Nord"

typedef struct
{
  TwinModel       *model;
  TwinMeshCatalog *catalog;
  TwinMesh        *mesh; /* the wedge both parts share */
  char            *mesh_id;
  char            *dir; /* an empty folder for the output */
  char            *out; /* dir/scene.glb */
} Fixture;

/* A GLB file split into its chunks, after checking the container's layout. */
typedef struct
{
  guint8       *data;
  gsize         length;
  JsonParser   *parser;
  JsonObject   *root;
  const guint8 *bin;
  guint32       bin_length;
} Glb;

static guint32
read_u32 (const guint8 *bytes)
{
  guint32 value;

  memcpy (&value, bytes, sizeof value);
  return GUINT32_FROM_LE (value);
}

static float
read_f32 (const guint8 *bytes)
{
  guint32 bits = read_u32 (bytes);
  float   value;

  memcpy (&value, &bits, sizeof value);
  return value;
}

/* A right-angled wedge, 400 × 200 mm at its foot and 300 mm tall, modelled Y-up: nothing about it is symmetric. */
static TwinMesh *
make_wedge (void)
{
  static const float corners[6][3] = {
    { 0, 0, 0 },
    { 400, 0, 0 },
    { 0, 0, 200 },
    { 0, 300, 0 },
    { 400, 300, 0 },
    { 0, 300, 200 },
  };
  static const guint32 triangles[8][3] = {
    { 0, 1, 2 },
    { 3, 5, 4 },
    { 0, 3, 4 },
    { 0, 4, 1 },
    { 1, 4, 5 },
    { 1, 5, 2 },
    { 2, 5, 3 },
    { 2, 3, 0 },
  };
  g_autoptr (GError) error = NULL;
  TwinMesh *mesh;

  mesh = twin_mesh_new_take (g_memdup2 (corners, sizeof corners), NULL, 6,
                             g_memdup2 (triangles, sizeof triangles), 8, &error);
  g_assert_no_error (error);
  return mesh;
}

/* A zigzag strip of @n_vertices vertices and n_vertices − 2 triangles. */
static TwinMesh *
make_strip (guint n_vertices)
{
  g_autoptr (GError) error = NULL;
  float    *positions = g_new (float, 3 * n_vertices);
  guint32  *indices = g_new (guint32, 3 * (n_vertices - 2));
  TwinMesh *mesh;

  for (guint i = 0; i < n_vertices; i++)
    {
      positions[3 * i] = (float) (i % 256);
      positions[3 * i + 1] = (float) (i / 256) * 2.0f + (float) (i % 2);
      positions[3 * i + 2] = 0.0f;
    }
  for (guint t = 0; t + 2 < n_vertices; t++)
    {
      indices[3 * t] = t;
      indices[3 * t + 1] = t % 2 == 0 ? t + 1 : t + 2;
      indices[3 * t + 2] = t % 2 == 0 ? t + 2 : t + 1;
    }
  mesh = twin_mesh_new_take (positions, NULL, n_vertices, indices, n_vertices - 2, &error);
  g_assert_no_error (error);
  return mesh;
}

static char *
add_to_catalog (TwinMeshCatalog *catalog,
                TwinMesh        *mesh,
                const char      *name,
                TwinMeshUnit     unit,
                TwinMeshUp       up)
{
  g_autoptr (TwinMeshInfo) info = twin_mesh_catalog_make_info (mesh, name, "test.stl", unit, up);
  g_autoptr (GError) error = NULL;

  twin_mesh_catalog_add (catalog, info, mesh, &error);
  g_assert_no_error (error);
  return g_strdup (info->id);
}

static void
add_number (TwinEntity *entity,
            const char *name,
            double      value,
            const char *unit)
{
  g_autoptr (TwinParameter) parameter = twin_parameter_new_number (name, value, unit, -INFINITY, INFINITY);

  twin_entity_add_parameter (entity, parameter);
}

static void
set_transform (TwinEntity *entity,
               double      x,
               double      y,
               double      z,
               double      rx,
               double      ry,
               double      rz,
               double      sx,
               double      sy,
               double      sz)
{
  TwinTransform transform = {
    { x, y, z },
    { rx, ry, rz },
    { sx, sy, sz },
  };

  twin_entity_set_initial_transform (entity, &transform);
}

/*
 * Site
 * ├── Plant            (moved, turned about all three axes, scaled unevenly)
 * │   ├── Pump A       (the wedge, in mm and Y-up; turned; 290 K)
 * │   └── Pumpe B – Nord (the same wedge; 310 K)
 * └── Sensor           (no mesh: a 0.2 × 0.1 × 0.3 m box; no temperature)
 */
static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinEntity) site = twin_entity_new (NULL, "site", "Site");
  g_autoptr (TwinEntity) plant = twin_entity_new (NULL, "subsystem", "Plant");
  g_autoptr (TwinEntity) pump_a = twin_entity_new (NULL, "pump", "Pump A");
  g_autoptr (TwinEntity) pump_b = twin_entity_new (NULL, "pump", PART_B_NAME);
  g_autoptr (TwinEntity) sensor = twin_entity_new (NULL, "sensor", "Sensor");

  fixture->catalog = twin_mesh_catalog_new (NULL, &error);
  g_assert_no_error (error);
  fixture->mesh = make_wedge ();
  fixture->mesh_id = add_to_catalog (fixture->catalog, fixture->mesh, "Wedge", TWIN_MESH_UNIT_MM, TWIN_MESH_UP_Y);

  set_transform (plant, 10.0, -4.0, 1.5, 20.0, -35.0, 60.0, 1.0, 2.0, 0.5);
  set_transform (pump_a, 1.0, 0.0, 0.0, 0.0, 0.0, 90.0, 1.0, 1.0, 1.0);
  set_transform (pump_b, 0.0, 3.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0);
  set_transform (sensor, -2.0, 0.5, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0);
  twin_entity_set_initial_mesh_id (pump_a, fixture->mesh_id);
  twin_entity_set_initial_mesh_id (pump_b, fixture->mesh_id);
  add_number (pump_a, "temperature", 290.0, "K");
  add_number (pump_b, "temperature", 310.0, "K");
  add_number (sensor, "width", 0.2, "m");
  add_number (sensor, "depth", 10.0, "cm");
  add_number (sensor, "height", 0.3, "m");

  twin_entity_append_child (plant, pump_a);
  twin_entity_append_child (plant, pump_b);
  twin_entity_append_child (site, plant);
  twin_entity_append_child (site, sensor);
  fixture->model = twin_model_new (site);

  fixture->dir = twin_test_tmp_path ("export");
  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0700), ==, 0);
  fixture->out = g_build_filename (fixture->dir, "scene.glb", NULL);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_object (&fixture->model);
  g_clear_object (&fixture->catalog);
  g_clear_pointer (&fixture->mesh, twin_mesh_unref);
  g_clear_pointer (&fixture->mesh_id, g_free);
  g_clear_pointer (&fixture->out, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

static TwinEntity *
lookup (Fixture    *fixture,
        const char *path)
{
  TwinEntity *entity = twin_model_lookup_path (fixture->model, path);

  g_assert_nonnull (entity);
  return entity;
}

/* Writes the fixture's scene and returns the writer, for its warnings and JSON. */
static TwinGltfWriter *export(Fixture     *fixture,
                              TwinColorBy *color_by)
{
  g_autoptr (GError) error = NULL;
  TwinGltfWriter *writer = twin_gltf_writer_new (fixture->model, fixture->catalog, color_by);

  twin_gltf_writer_write (writer, fixture->out, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return writer;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* The names in @dir, sorted, joined by spaces. */
static char *
dup_folder_listing (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* Reading the file by hand. */

static void
glb_clear (Glb *glb)
{
  g_clear_object (&glb->parser);
  g_clear_pointer (&glb->data, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Glb, glb_clear)

/* Loads @path and checks the GLB container: header, chunk order, lengths, alignment and padding. */
static void
glb_load (Glb        *glb,
          const char *path)
{
  g_autoptr (GError) error = NULL;
  guint32 json_length;
  gsize   text_end;
  gsize   bin_start;

  g_file_get_contents (path, (char **) &glb->data, &glb->length, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (glb->length, >=, 20);
  g_assert_cmpuint (glb->length % 4, ==, 0);
  g_assert_cmphex (read_u32 (glb->data), ==, GLB_MAGIC);
  g_assert_cmpuint (read_u32 (glb->data + 4), ==, 2);
  g_assert_cmpuint (read_u32 (glb->data + 8), ==, glb->length);

  json_length = read_u32 (glb->data + 12);
  g_assert_cmphex (read_u32 (glb->data + 16), ==, GLB_CHUNK_JSON);
  g_assert_cmpuint (json_length % 4, ==, 0);
  g_assert_cmpuint (20 + (gsize) json_length, <=, glb->length);

  /* The JSON ends with its closing brace and at most three spaces of padding. */
  text_end = 20 + json_length;
  while (text_end > 20 && glb->data[text_end - 1] == ' ')
    text_end--;
  g_assert_cmpuint (20 + json_length - text_end, <, 4);
  g_assert_cmpint (glb->data[text_end - 1], ==, '}');

  glb->parser = json_parser_new ();
  json_parser_load_from_data (glb->parser, (const char *) glb->data + 20, text_end - 20, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (glb->parser)));
  glb->root = json_node_get_object (json_parser_get_root (glb->parser));

  bin_start = 20 + json_length;
  if (bin_start == glb->length)
    return;
  g_assert_cmpuint (bin_start + 8, <=, glb->length);
  glb->bin_length = read_u32 (glb->data + bin_start);
  g_assert_cmphex (read_u32 (glb->data + bin_start + 4), ==, GLB_CHUNK_BIN);
  g_assert_cmpuint (glb->bin_length % 4, ==, 0);
  g_assert_cmpuint (bin_start + 8 + glb->bin_length, ==, glb->length);
  glb->bin = glb->data + bin_start + 8;
}

static JsonObject *
get_item (JsonObject *root,
          const char *array,
          gint64      index)
{
  JsonArray *items = json_object_get_array_member (root, array);

  g_assert_nonnull (items);
  g_assert_cmpint (index, >=, 0);
  g_assert_cmpint (index, <, json_array_get_length (items));
  return json_array_get_object_element (items, (guint) index);
}

static guint
get_length (JsonObject *root,
            const char *array)
{
  if (!json_object_has_member (root, array))
    return 0;
  return json_array_get_length (json_object_get_array_member (root, array));
}

/* Where accessor @index's data starts in the BIN chunk, after checking it fits its buffer view. */
static const guint8 *
get_accessor_data (const Glb *glb,
                   gint64     index,
                   gint64     component_size,
                   gint64     n_components)
{
  JsonObject *accessor = get_item (glb->root, "accessors", index);
  JsonObject *view = get_item (glb->root, "bufferViews", json_object_get_int_member (accessor, "bufferView"));
  gint64      count = json_object_get_int_member (accessor, "count");
  gint64      view_offset = json_object_get_int_member_with_default (view, "byteOffset", 0);
  gint64      accessor_offset = json_object_get_int_member_with_default (accessor, "byteOffset", 0);

  g_assert_false (json_object_has_member (view, "byteStride"));
  g_assert_cmpint (count, >, 0);
  g_assert_cmpint ((view_offset + accessor_offset) % component_size, ==, 0);
  g_assert_cmpint (accessor_offset + count * component_size * n_components, <=,
                   json_object_get_int_member (view, "byteLength"));
  return glb->bin + view_offset + accessor_offset;
}

/* The rules a glTF reader relies on, checked over the whole file. */
static void
check_gltf_rules (const Glb *glb)
{
  JsonObject       *asset = json_object_get_object_member (glb->root, "asset");
  JsonObject       *buffer;
  JsonArray        *scene_nodes;
  gint64            buffer_length;
  guint             n_nodes = get_length (glb->root, "nodes");
  g_autofree guint *parents = g_new0 (guint, n_nodes);
  guint             i;

  g_assert_cmpstr (json_object_get_string_member (asset, "version"), ==, "2.0");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (asset, "generator"), "Twin Studio "));
  g_assert_false (json_object_has_member (glb->root, "extensionsUsed"));
  g_assert_false (json_object_has_member (glb->root, "extensionsRequired"));
  g_assert_cmpint (json_object_get_int_member (glb->root, "scene"), ==, 0);
  scene_nodes = json_object_get_array_member (get_item (glb->root, "scenes", 0), "nodes");
  g_assert_cmpuint (json_array_get_length (scene_nodes), ==, 1);
  g_assert_cmpint (json_array_get_int_element (scene_nodes, 0), ==, 0);

  /* One buffer, the BIN chunk, at most 3 bytes of padding longer. */
  g_assert_cmpuint (get_length (glb->root, "buffers"), ==, 1);
  buffer = get_item (glb->root, "buffers", 0);
  g_assert_false (json_object_has_member (buffer, "uri"));
  buffer_length = json_object_get_int_member (buffer, "byteLength");
  g_assert_cmpint (buffer_length, >, 0);
  g_assert_cmpint (buffer_length, <=, glb->bin_length);
  g_assert_cmpint (glb->bin_length - buffer_length, <, 4);

  for (i = 0; i < get_length (glb->root, "bufferViews"); i++)
    {
      JsonObject *view = get_item (glb->root, "bufferViews", i);
      gint64      offset = json_object_get_int_member_with_default (view, "byteOffset", 0);
      gint64      length = json_object_get_int_member (view, "byteLength");
      gint64      target = json_object_get_int_member (view, "target");

      g_assert_cmpint (json_object_get_int_member (view, "buffer"), ==, 0);
      g_assert_cmpint (offset % 4, ==, 0);
      g_assert_cmpint (length, >, 0);
      g_assert_cmpint (offset + length, <=, buffer_length);
      g_assert_true (target == 34962 || target == 34963);
    }

  for (i = 0; i < get_length (glb->root, "meshes"); i++)
    {
      JsonArray *primitives = json_object_get_array_member (get_item (glb->root, "meshes", i), "primitives");

      for (guint p = 0; p < json_array_get_length (primitives); p++)
        {
          JsonObject   *primitive = json_array_get_object_element (primitives, p);
          JsonObject   *attributes = json_object_get_object_member (primitive, "attributes");
          gint64        position_index = json_object_get_int_member (attributes, "POSITION");
          JsonObject   *position = get_item (glb->root, "accessors", position_index);
          JsonObject   *normal = get_item (glb->root, "accessors", json_object_get_int_member (attributes, "NORMAL"));
          JsonObject   *indices = get_item (glb->root, "accessors", json_object_get_int_member (primitive, "indices"));
          JsonArray    *min = json_object_get_array_member (position, "min");
          JsonArray    *max = json_object_get_array_member (position, "max");
          gint64        n_vertices = json_object_get_int_member (position, "count");
          gint64        n_indices = json_object_get_int_member (indices, "count");
          gint64        index_type = json_object_get_int_member (indices, "componentType");
          gint64        index_size = index_type == 5123 ? 2 : 4;
          const guint8 *positions = get_accessor_data (glb, position_index, 4, 3);
          const guint8 *normals;
          const guint8 *index_data;
          float         data_min[3] = { INFINITY, INFINITY, INFINITY };
          float         data_max[3] = { -INFINITY, -INFINITY, -INFINITY };

          get_item (glb->root, "materials", json_object_get_int_member (primitive, "material"));
          g_assert_cmpint (json_object_get_int_member_with_default (primitive, "mode", 4), ==, 4);

          /* POSITION: float VEC3 with min and max equal to the data's. */
          g_assert_cmpint (json_object_get_int_member (position, "componentType"), ==, 5126);
          g_assert_cmpstr (json_object_get_string_member (position, "type"), ==, "VEC3");
          g_assert_nonnull (min);
          g_assert_nonnull (max);
          g_assert_cmpuint (json_array_get_length (min), ==, 3);
          g_assert_cmpuint (json_array_get_length (max), ==, 3);
          for (gint64 v = 0; v < n_vertices; v++)
            for (int k = 0; k < 3; k++)
              {
                float value = read_f32 (positions + 12 * v + 4 * k);

                g_assert_true (isfinite (value));
                data_min[k] = MIN (data_min[k], value);
                data_max[k] = MAX (data_max[k], value);
              }
          for (int k = 0; k < 3; k++)
            {
              g_assert_cmpfloat ((float) json_array_get_double_element (min, k), ==, data_min[k]);
              g_assert_cmpfloat ((float) json_array_get_double_element (max, k), ==, data_max[k]);
            }

          /* NORMAL: unit float VEC3, one per vertex. */
          g_assert_cmpint (json_object_get_int_member (normal, "componentType"), ==, 5126);
          g_assert_cmpint (json_object_get_int_member (normal, "count"), ==, n_vertices);
          normals = get_accessor_data (glb, json_object_get_int_member (attributes, "NORMAL"), 4, 3);
          for (gint64 v = 0; v < n_vertices; v++)
            {
              float x = read_f32 (normals + 12 * v);
              float y = read_f32 (normals + 12 * v + 4);
              float z = read_f32 (normals + 12 * v + 8);

              g_assert_cmpfloat_with_epsilon (sqrtf (x * x + y * y + z * z), 1.0f, 1e-3);
            }

          /* Indices: whole triangles, the narrowest type, every one a vertex, never the restart value. */
          g_assert_cmpstr (json_object_get_string_member (indices, "type"), ==, "SCALAR");
          g_assert_cmpint (n_indices % 3, ==, 0);
          g_assert_cmpint (index_type, ==, n_vertices <= 65535 ? 5123 : 5125);
          index_data = get_accessor_data (glb, json_object_get_int_member (primitive, "indices"), index_size, 1);
          for (gint64 n = 0; n < n_indices; n++)
            {
              guint32 index;

              if (index_size == 2)
                {
                  guint16 value;

                  memcpy (&value, index_data + 2 * n, 2);
                  index = GUINT16_FROM_LE (value);
                }
              else
                index = read_u32 (index_data + 4 * n);
              g_assert_cmpuint (index, <, n_vertices);
            }
        }
    }

  /* Nodes form a tree under node 0. */
  for (i = 0; i < n_nodes; i++)
    {
      JsonObject *node = get_item (glb->root, "nodes", i);

      if (json_object_has_member (node, "mesh"))
        get_item (glb->root, "meshes", json_object_get_int_member (node, "mesh"));
      if (json_object_has_member (node, "children"))
        {
          JsonArray *children = json_object_get_array_member (node, "children");

          g_assert_cmpuint (json_array_get_length (children), >, 0);
          for (guint c = 0; c < json_array_get_length (children); c++)
            {
              gint64 child = json_array_get_int_element (children, c);

              g_assert_cmpint (child, >, 0);
              g_assert_cmpint (child, <, n_nodes);
              g_assert_cmpuint (parents[child], ==, 0);
              parents[child] = i + 1;
            }
        }
    }
  for (i = 1; i < n_nodes; i++)
    g_assert_cmpuint (parents[i], !=, 0);

  /* Materials: opaque colours in [0, 1], no two alike. */
  for (i = 0; i < get_length (glb->root, "materials"); i++)
    {
      JsonObject *pbr = json_object_get_object_member (get_item (glb->root, "materials", i), "pbrMetallicRoughness");
      JsonArray  *color = json_object_get_array_member (pbr, "baseColorFactor");

      g_assert_cmpuint (json_array_get_length (color), ==, 4);
      for (guint k = 0; k < 4; k++)
        {
          double value = json_array_get_double_element (color, k);

          g_assert_cmpfloat (value, >=, 0.0);
          g_assert_cmpfloat (value, <=, 1.0);
        }
      for (guint j = 0; j < i; j++)
        {
          JsonObject *other = json_object_get_object_member (get_item (glb->root, "materials", j), "pbrMetallicRoughness");
          JsonArray  *other_color = json_object_get_array_member (other, "baseColorFactor");
          gboolean    same = TRUE;

          for (guint k = 0; k < 4; k++)
            same = same && json_array_get_double_element (color, k) == json_array_get_double_element (other_color, k);
          g_assert_false (same);
        }
    }
}

static JsonObject *
find_json_node (const Glb  *glb,
                const char *name)
{
  for (guint i = 0; i < get_length (glb->root, "nodes"); i++)
    {
      JsonObject *node = get_item (glb->root, "nodes", i);

      if (g_strcmp0 (json_object_get_string_member_with_default (node, "name", NULL), name) == 0)
        return node;
    }
  g_error ("no node named “%s” in the file", name);
  return NULL;
}

/* Reading the file with Assimp. */

typedef struct
{
  double m[4][4]; /* row-major, as aiMatrix4x4 */
} Matrix;

static void
matrix_from_ai (Matrix                   *matrix,
                const struct aiMatrix4x4 *ai)
{
  const float rows[4][4] = {
    { ai->a1, ai->a2, ai->a3, ai->a4 },
    { ai->b1, ai->b2, ai->b3, ai->b4 },
    { ai->c1, ai->c2, ai->c3, ai->c4 },
    { ai->d1, ai->d2, ai->d3, ai->d4 },
  };

  for (int r = 0; r < 4; r++)
    for (int c = 0; c < 4; c++)
      matrix->m[r][c] = rows[r][c];
}

static void
matrix_mul (const Matrix *a,
            const Matrix *b,
            Matrix       *product)
{
  Matrix result;

  for (int r = 0; r < 4; r++)
    for (int c = 0; c < 4; c++)
      {
        result.m[r][c] = 0.0;
        for (int k = 0; k < 4; k++)
          result.m[r][c] += a->m[r][k] * b->m[k][c];
      }
  *product = result;
}

static void
node_get_world (const struct aiNode *node,
                Matrix              *world)
{
  matrix_from_ai (world, &node->mTransformation);
  for (node = node->mParent; node != NULL; node = node->mParent)
    {
      Matrix parent;

      matrix_from_ai (&parent, &node->mTransformation);
      matrix_mul (&parent, world, world);
    }
}

static const struct aiNode *
find_ai_child (const struct aiNode *parent,
               const char          *name)
{
  for (guint i = 0; i < parent->mNumChildren; i++)
    {
      if (g_strcmp0 (parent->mChildren[i]->mName.data, name) == 0)
        return parent->mChildren[i];
    }
  g_error ("node “%s” has no child “%s”", parent->mName.data, name);
  return NULL;
}

static const struct aiMetadataEntry *
find_metadata (const struct aiNode *node,
               const char          *key)
{
  if (node->mMetaData == NULL)
    return NULL;
  for (guint i = 0; i < node->mMetaData->mNumProperties; i++)
    {
      if (g_strcmp0 (node->mMetaData->mKeys[i].data, key) == 0)
        return &node->mMetaData->mValues[i];
    }
  return NULL;
}

static void
assert_metadata_string (const struct aiNode *node,
                        const char          *key,
                        const char          *expected)
{
  const struct aiMetadataEntry *entry = find_metadata (node, key);

  g_assert_nonnull (entry);
  g_assert_cmpint (entry->mType, ==, AI_AISTRING);
  g_assert_cmpstr (((const struct aiString *) entry->mData)->data, ==, expected);
}

/* The entity node has the entity's name and extras. */
static void
assert_entity_node (const struct aiNode *node,
                    TwinEntity          *entity)
{
  g_autofree char *path = twin_entity_dup_path (entity);

  g_assert_cmpstr (node->mName.data, ==, twin_entity_get_name (entity));
  g_assert_cmpuint (node->mNumMeshes, ==, 0);
  assert_metadata_string (node, TWIN_GLTF_EXTRAS_ID, twin_entity_get_id (entity));
  assert_metadata_string (node, TWIN_GLTF_EXTRAS_PATH, path);
  assert_metadata_string (node, TWIN_GLTF_EXTRAS_TYPE, twin_entity_get_type_name (entity));
}

/* The world bounding box of a node's meshes, in glTF's Y-up world. */
static void
get_ai_bounds (const struct aiScene *scene,
               const struct aiNode  *node,
               double                min[3],
               double                max[3])
{
  Matrix world;

  node_get_world (node, &world);
  for (int k = 0; k < 3; k++)
    {
      min[k] = INFINITY;
      max[k] = -INFINITY;
    }
  g_assert_cmpuint (node->mNumMeshes, >, 0);
  for (guint i = 0; i < node->mNumMeshes; i++)
    {
      const struct aiMesh *mesh = scene->mMeshes[node->mMeshes[i]];

      for (guint v = 0; v < mesh->mNumVertices; v++)
        {
          const struct aiVector3D *p = &mesh->mVertices[v];

          for (int k = 0; k < 3; k++)
            {
              double value = world.m[k][0] * p->x + world.m[k][1] * p->y + world.m[k][2] * p->z + world.m[k][3];

              min[k] = MIN (min[k], value);
              max[k] = MAX (max[k], value);
            }
        }
    }
}

/* Grows [min, max] by a Z-up world point, turned into glTF's Y-up: (x, y, z) → (x, z, −y). */
static void
add_y_up_point (const vec3 point,
                double     min[3],
                double     max[3])
{
  const double y_up[3] = { point[0], point[2], -point[1] };

  for (int k = 0; k < 3; k++)
    {
      min[k] = MIN (min[k], y_up[k]);
      max[k] = MAX (max[k], y_up[k]);
    }
}

static const TwinSceneBox *
find_box (GArray     *boxes,
          TwinEntity *entity)
{
  for (guint i = 0; i < boxes->len; i++)
    {
      if (g_array_index (boxes, TwinSceneBox, i).entity == entity)
        return &g_array_index (boxes, TwinSceneBox, i);
    }
  g_error ("no box for %s", twin_entity_get_name (entity));
  return NULL;
}

/* Where the 3D view puts @entity's mesh (or, with no mesh, its box), in glTF's Y-up world. */
static void
get_expected_bounds (Fixture    *fixture,
                     TwinEntity *entity,
                     double      min[3],
                     double      max[3])
{
  g_autoptr (GArray) boxes = twin_scene_box_collect (fixture->model);
  const TwinSceneBox *box = find_box (boxes, entity);
  const char         *mesh_id = twin_entity_get_mesh_id (entity);

  for (int k = 0; k < 3; k++)
    {
      min[k] = INFINITY;
      max[k] = -INFINITY;
    }

  if (mesh_id != NULL && twin_mesh_catalog_lookup (fixture->catalog, mesh_id) != NULL)
    {
      g_autoptr (TwinMesh) mesh = twin_mesh_catalog_get_mesh (fixture->catalog, mesh_id, NULL);
      const float *positions = twin_mesh_get_positions (mesh);
      mat4         to_entity;
      mat4         to_world;

      twin_mesh_info_get_matrix (twin_mesh_catalog_lookup (fixture->catalog, mesh_id), to_entity);
      glm_mat4_mul ((vec4 *) box->world, to_entity, to_world);
      for (guint v = 0; v < twin_mesh_get_n_vertices (mesh); v++)
        {
          vec3 point;

          glm_mat4_mulv3 (to_world, (float *) positions + 3 * v, 1.0f, point);
          add_y_up_point (point, min, max);
        }
      return;
    }

  for (int corner = 0; corner < 8; corner++)
    {
      vec3 unit = { (corner & 1) ? 0.5f : -0.5f, (corner & 2) ? 0.5f : -0.5f, (corner & 4) ? 0.5f : -0.5f };
      vec3 point;

      glm_mat4_mulv3 ((vec4 *) box->box, unit, 1.0f, point);
      add_y_up_point (point, min, max);
    }
}

static void
assert_bounds (Fixture              *fixture,
               const struct aiScene *scene,
               const struct aiNode  *node,
               TwinEntity           *entity)
{
  double min[3];
  double max[3];
  double expected_min[3];
  double expected_max[3];

  get_ai_bounds (scene, node, min, max);
  get_expected_bounds (fixture, entity, expected_min, expected_max);
  g_test_message ("%s: (%g %g %g)–(%g %g %g), expected (%g %g %g)–(%g %g %g)", node->mName.data,
                  min[0], min[1], min[2], max[0], max[1], max[2], expected_min[0], expected_min[1],
                  expected_min[2], expected_max[0], expected_max[1], expected_max[2]);
  for (int k = 0; k < 3; k++)
    {
      g_assert_cmpfloat_with_epsilon (min[k], expected_min[k], POSITION_TOLERANCE_M);
      g_assert_cmpfloat_with_epsilon (max[k], expected_max[k], POSITION_TOLERANCE_M);
    }
}

static void
get_ai_color (const struct aiScene *scene,
              const struct aiNode  *node,
              float                 rgb[3])
{
  const struct aiMesh *mesh;
  struct aiColor4D     color;

  g_assert_cmpuint (node->mNumMeshes, ==, 1);
  mesh = scene->mMeshes[node->mMeshes[0]];
  g_assert_cmpint (aiGetMaterialColor (scene->mMaterials[mesh->mMaterialIndex], AI_MATKEY_BASE_COLOR, &color), ==, aiReturn_SUCCESS);
  g_assert_cmpfloat (color.a, ==, 1.0f);
  rgb[0] = color.r;
  rgb[1] = color.g;
  rgb[2] = color.b;
}

static void
assert_color (const float actual[3],
              const float expected[3])
{
  for (int k = 0; k < 3; k++)
    g_assert_cmpfloat_with_epsilon (actual[k], expected[k], COLOR_TOLERANCE);
}

static void
assert_type_color (const struct aiScene *scene,
                   const struct aiNode  *node,
                   TwinEntity           *entity)
{
  float rgba[4];
  float rgb[3];

  twin_scene_palette_get_type_color (twin_entity_get_type_name (entity), rgba);
  get_ai_color (scene, node, rgb);
  assert_color (rgb, rgba);
}

/* Tests. */

/* Names, nesting, extras, counts, places and colours as a glTF reader sees them. */
static void
test_scene (Fixture      *fixture,
            gconstpointer data)
{
  g_autoptr (TwinGltfWriter) writer = export(fixture, NULL);
  TwinEntity           *site = lookup (fixture, "Site");
  TwinEntity           *plant = lookup (fixture, "Site/Plant");
  TwinEntity           *pump_a = lookup (fixture, "Site/Plant/Pump A");
  TwinEntity           *pump_b = lookup (fixture, "Site/Plant/" PART_B_NAME);
  TwinEntity           *sensor = lookup (fixture, "Site/Sensor");
  const struct aiScene *scene;
  const struct aiNode  *root;
  const struct aiNode  *site_node;
  const struct aiNode  *plant_node;
  const struct aiNode  *pump_a_node;
  const struct aiNode  *pump_b_node;
  const struct aiNode  *sensor_node;
  const struct aiNode  *mesh_a;
  const struct aiNode  *mesh_b;
  const struct aiNode  *sensor_box;
  const struct aiMesh  *wedge;
  Matrix                root_matrix;
  Matrix                local;
  mat4                  expected_local;

  g_assert_cmpuint (g_strv_length ((char **) twin_gltf_writer_get_warnings (writer)), ==, 0);

  scene = aiImportFile (fixture->out, 0);
  if (scene == NULL)
    g_error ("Assimp cannot read the export: %s", aiGetErrorString ());

  /* One root, turning Z up into Y up: −90° about X. */
  root = scene->mRootNode;
  g_assert_cmpstr (root->mName.data, ==, TWIN_GLTF_ROOT_NODE_NAME);
  g_assert_cmpuint (root->mNumChildren, ==, 1);
  g_assert_cmpuint (root->mNumMeshes, ==, 0);
  matrix_from_ai (&root_matrix, &root->mTransformation);
  {
    static const double expected[4][4] = { { 1, 0, 0, 0 }, { 0, 0, 1, 0 }, { 0, -1, 0, 0 }, { 0, 0, 0, 1 } };

    for (int r = 0; r < 4; r++)
      for (int c = 0; c < 4; c++)
        g_assert_cmpfloat_with_epsilon (root_matrix.m[r][c], expected[r][c], 1e-6);
  }

  /* The hierarchy, each entity with its geometry first and then its children. */
  site_node = root->mChildren[0];
  assert_entity_node (site_node, site);
  g_assert_cmpuint (site_node->mNumChildren, ==, 2); /* a container gets no box */
  plant_node = find_ai_child (site_node, "Plant");
  sensor_node = find_ai_child (site_node, "Sensor");
  assert_entity_node (plant_node, plant);
  assert_entity_node (sensor_node, sensor);
  g_assert_cmpuint (plant_node->mNumChildren, ==, 2);
  pump_a_node = find_ai_child (plant_node, "Pump A");
  pump_b_node = find_ai_child (plant_node, PART_B_NAME);
  assert_entity_node (pump_a_node, pump_a);
  assert_entity_node (pump_b_node, pump_b);
  assert_metadata_string (pump_a_node, TWIN_GLTF_EXTRAS_MESH_ID, fixture->mesh_id);
  g_assert_null (find_metadata (pump_a_node, TWIN_GLTF_EXTRAS_COLOR_BY_VALUE));
  g_assert_cmpuint (pump_a_node->mNumChildren, ==, 1);
  g_assert_cmpuint (sensor_node->mNumChildren, ==, 1);
  mesh_a = find_ai_child (pump_a_node, "Pump A (mesh)");
  mesh_b = find_ai_child (pump_b_node, PART_B_NAME " (mesh)");
  sensor_box = find_ai_child (sensor_node, "Sensor (box)");

  /* The wedge is stored once and drawn twice; the box is one more mesh. */
  g_assert_cmpuint (scene->mNumMeshes, ==, 2);
  g_assert_cmpuint (mesh_a->mNumMeshes, ==, 1);
  g_assert_cmpuint (mesh_b->mNumMeshes, ==, 1);
  g_assert_cmpuint (mesh_a->mMeshes[0], ==, mesh_b->mMeshes[0]);
  g_assert_cmpuint (sensor_box->mMeshes[0], !=, mesh_a->mMeshes[0]);
  wedge = scene->mMeshes[mesh_a->mMeshes[0]];
  g_assert_cmpuint (wedge->mNumVertices, ==, twin_mesh_get_n_vertices (fixture->mesh));
  g_assert_cmpuint (wedge->mNumFaces, ==, twin_mesh_get_n_triangles (fixture->mesh));
  g_assert_nonnull (wedge->mNormals);
  g_assert_cmpuint (scene->mMeshes[sensor_box->mMeshes[0]]->mNumVertices, ==, 24);
  g_assert_cmpuint (scene->mMeshes[sensor_box->mMeshes[0]]->mNumFaces, ==, 12);

  /* The subsystem's own transform: T · Rz · Ry · Rx · S, as the 3D view builds it. */
  matrix_from_ai (&local, &plant_node->mTransformation);
  twin_scene_box_transform_to_matrix (twin_entity_get_transform (plant), expected_local);
  for (int r = 0; r < 4; r++)
    for (int c = 0; c < 4; c++)
      g_assert_cmpfloat_with_epsilon (local.m[r][c], expected_local[c][r], 1e-5);

  /* Every part where the 3D view puts it, in Y-up. */
  assert_bounds (fixture, scene, mesh_a, pump_a);
  assert_bounds (fixture, scene, mesh_b, pump_b);
  assert_bounds (fixture, scene, sensor_box, sensor);

  /* Type colours, the same as the 3D view's; both pumps share one material. */
  assert_type_color (scene, mesh_a, pump_a);
  assert_type_color (scene, sensor_box, sensor);
  g_assert_cmpuint (wedge->mMaterialIndex, ==, scene->mMeshes[mesh_b->mMeshes[0]]->mMaterialIndex);

  aiReleaseImport (scene);
}

/* The container's layout and the glTF rules; the geometry is the meshes' own, byte for byte. */
static void
test_layout (Fixture      *fixture,
             gconstpointer data)
{
  g_autoptr (TwinGltfWriter) writer = export(fixture, NULL);
  g_auto (Glb) glb = { 0 };
  g_autofree char *json = twin_gltf_writer_dup_json (writer);
  JsonObject      *node;
  JsonObject      *primitive;
  JsonObject      *position;
  const guint8    *bin_positions;
  const guint8    *bin_indices;
  const float     *positions = twin_mesh_get_positions (fixture->mesh);
  const guint32   *indices = twin_mesh_get_indices (fixture->mesh);

  glb_load (&glb, fixture->out);
  check_gltf_rules (&glb);
  g_assert_cmpuint (glb.length, ==, twin_gltf_writer_get_file_size (writer));
  g_assert_cmpmem (glb.data + 20, strlen (json), json, strlen (json));

  /* Two geometries (the wedge and the box), three accessors and views each. */
  g_assert_cmpuint (get_length (glb.root, "accessors"), ==, 6);
  g_assert_cmpuint (get_length (glb.root, "bufferViews"), ==, 6);
  g_assert_cmpuint (get_length (glb.root, "meshes"), ==, 2);
  g_assert_cmpuint (get_length (glb.root, "materials"), ==, 2);
  /* The Y-up root, 5 entities, 3 geometry nodes. */
  g_assert_cmpuint (get_length (glb.root, "nodes"), ==, 9);

  node = find_json_node (&glb, "Pump A (mesh)");
  primitive = json_array_get_object_element (json_object_get_array_member (get_item (glb.root, "meshes", json_object_get_int_member (node, "mesh")), "primitives"), 0);
  position = get_item (glb.root, "accessors", json_object_get_int_member (json_object_get_object_member (primitive, "attributes"), "POSITION"));
  g_assert_cmpint (json_object_get_int_member (position, "count"), ==, twin_mesh_get_n_vertices (fixture->mesh));
  bin_positions = get_accessor_data (&glb, json_object_get_int_member (json_object_get_object_member (primitive, "attributes"), "POSITION"), 4, 3);
  for (guint i = 0; i < 3 * twin_mesh_get_n_vertices (fixture->mesh); i++)
    g_assert_cmpfloat (read_f32 (bin_positions + 4 * i), ==, positions[i]);
  bin_indices = get_accessor_data (&glb, json_object_get_int_member (primitive, "indices"), 2, 1);
  for (guint i = 0; i < 3 * twin_mesh_get_n_triangles (fixture->mesh); i++)
    {
      guint16 value;

      memcpy (&value, bin_indices + 2 * i, 2);
      g_assert_cmpuint (GUINT16_FROM_LE (value), ==, indices[i]);
    }

  /* The mesh node carries the unit and up-axis conversion as its matrix. */
  {
    JsonArray *matrix = json_object_get_array_member (node, "matrix");
    mat4       expected;

    twin_mesh_info_get_matrix (twin_mesh_catalog_lookup (fixture->catalog, fixture->mesh_id), expected);
    g_assert_nonnull (matrix);
    g_assert_cmpuint (json_array_get_length (matrix), ==, 16);
    for (int i = 0; i < 16; i++)
      g_assert_cmpfloat ((float) json_array_get_double_element (matrix, i), ==, expected[i / 4][i % 4]);
  }
}

/* Colour by a value: the colours, the values in the extras, the legend in the scene, and still one copy of the wedge. */
static void
test_color_by (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr (TwinColorBy) color_by = twin_color_by_new ("temperature");
  g_autoptr (TwinGltfWriter) writer = export(fixture, color_by);
  g_auto (Glb) glb = { 0 };
  TwinEntity                   *pump_a = lookup (fixture, "Site/Plant/Pump A");
  TwinEntity                   *pump_b = lookup (fixture, "Site/Plant/" PART_B_NAME);
  const struct aiScene         *scene;
  const struct aiNode          *plant_node;
  const struct aiNode          *pump_a_node;
  const struct aiNode          *pump_b_node;
  const struct aiNode          *sensor_node;
  const struct aiNode          *mesh_a;
  const struct aiNode          *mesh_b;
  const struct aiMetadataEntry *entry;
  JsonObject                   *legend;
  JsonObject                   *node_a;
  JsonObject                   *node_b;
  JsonObject                   *mesh_json_a;
  JsonObject                   *mesh_json_b;
  float                         expected[3];
  float                         rgb[3];
  double                        minimum;
  double                        maximum;

  g_assert_true (twin_color_by_get_range (color_by, fixture->model, &minimum, &maximum));
  g_assert_cmpfloat (minimum, ==, 290.0);
  g_assert_cmpfloat (maximum, ==, 310.0);

  scene = aiImportFile (fixture->out, 0);
  g_assert_nonnull (scene);
  plant_node = find_ai_child (scene->mRootNode->mChildren[0], "Plant");
  pump_a_node = find_ai_child (plant_node, "Pump A");
  pump_b_node = find_ai_child (plant_node, PART_B_NAME);
  sensor_node = find_ai_child (scene->mRootNode->mChildren[0], "Sensor");
  mesh_a = find_ai_child (pump_a_node, "Pump A (mesh)");
  mesh_b = find_ai_child (pump_b_node, PART_B_NAME " (mesh)");

  /* Each part in its value's colour, the sensor (no value) in the neutral grey. */
  g_assert_true (twin_color_by_get_color (color_by, pump_a, minimum, maximum, expected));
  get_ai_color (scene, mesh_a, rgb);
  assert_color (rgb, expected);
  g_assert_true (twin_color_by_get_color (color_by, pump_b, minimum, maximum, expected));
  get_ai_color (scene, mesh_b, rgb);
  assert_color (rgb, expected);
  twin_color_by_get_no_value_color (expected);
  get_ai_color (scene, find_ai_child (sensor_node, "Sensor (box)"), rgb);
  assert_color (rgb, expected);

  /* The values travel in the extras; a node without a value has none. */
  entry = find_metadata (pump_b_node, TWIN_GLTF_EXTRAS_COLOR_BY_VALUE);
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->mType, ==, AI_DOUBLE);
  g_assert_cmpfloat (*(const double *) entry->mData, ==, 310.0);
  g_assert_null (find_metadata (sensor_node, TWIN_GLTF_EXTRAS_COLOR_BY_VALUE));
  aiReleaseImport (scene);

  /* Two colours make two glTF meshes, but they share the wedge's one set of accessors. */
  glb_load (&glb, fixture->out);
  check_gltf_rules (&glb);
  g_assert_cmpuint (get_length (glb.root, "accessors"), ==, 6);
  g_assert_cmpuint (get_length (glb.root, "meshes"), ==, 3);
  g_assert_cmpuint (get_length (glb.root, "materials"), ==, 3);
  node_a = find_json_node (&glb, "Pump A (mesh)");
  node_b = find_json_node (&glb, PART_B_NAME " (mesh)");
  g_assert_cmpint (json_object_get_int_member (node_a, "mesh"), !=, json_object_get_int_member (node_b, "mesh"));
  mesh_json_a = json_array_get_object_element (json_object_get_array_member (get_item (glb.root, "meshes", json_object_get_int_member (node_a, "mesh")), "primitives"), 0);
  mesh_json_b = json_array_get_object_element (json_object_get_array_member (get_item (glb.root, "meshes", json_object_get_int_member (node_b, "mesh")), "primitives"), 0);
  g_assert_cmpint (json_object_get_int_member (mesh_json_a, "indices"), ==, json_object_get_int_member (mesh_json_b, "indices"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (mesh_json_a, "attributes"), "POSITION"), ==,
                   json_object_get_int_member (json_object_get_object_member (mesh_json_b, "attributes"), "POSITION"));

  /* The legend: parameter, map, unit and range. */
  legend = json_object_get_object_member (json_object_get_object_member (get_item (glb.root, "scenes", 0), "extras"), "twin_color_by");
  g_assert_nonnull (legend);
  g_assert_cmpstr (json_object_get_string_member (legend, "parameter"), ==, "temperature");
  g_assert_cmpstr (json_object_get_string_member (legend, "map"), ==, twin_color_map_to_string (twin_color_by_get_map (color_by)));
  g_assert_cmpstr (json_object_get_string_member (legend, "unit"), ==, "K");
  g_assert_cmpfloat (json_object_get_double_member (legend, "minimum"), ==, 290.0);
  g_assert_cmpfloat (json_object_get_double_member (legend, "maximum"), ==, 310.0);
}

/* Rotations: the quaternion in the file turns exactly as the 3D view's Rz · Ry · Rx. */
static void
test_rotation (void)
{
  static const double angles[][3] = {
    { 0, 0, 90 },
    { 90, 0, 0 },
    { 0, 90, 0 },
    { 90, 0, 90 },
    { 20, -35, 60 },
    { 180, 45, -120 },
    { -170, 89, 10 },
    { 0, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (angles); i++)
    {
      g_autoptr (TwinEntity) root = twin_entity_new (NULL, "site", "Root");
      g_autoptr (TwinModel) model = NULL;
      g_autoptr (TwinGltfWriter) writer = NULL;
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autoptr (GError) error = NULL;
      g_autofree char *json = NULL;
      JsonObject      *node;
      mat4             expected;
      mat4             actual;
      versor           q = { 0.0f, 0.0f, 0.0f, 1.0f };

      set_transform (root, 0, 0, 0, angles[i][0], angles[i][1], angles[i][2], 1, 1, 1);
      model = twin_model_new (root);
      writer = twin_gltf_writer_new (model, NULL, NULL);
      json = twin_gltf_writer_dup_json (writer);
      json_parser_load_from_data (parser, json, -1, &error);
      g_assert_no_error (error);
      node = json_array_get_object_element (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "nodes"), 1);
      g_assert_cmpstr (json_object_get_string_member (node, "name"), ==, "Root");

      if (json_object_has_member (node, "rotation"))
        {
          JsonArray *rotation = json_object_get_array_member (node, "rotation");
          double     length = 0.0;

          for (int k = 0; k < 4; k++)
            {
              q[k] = (float) json_array_get_double_element (rotation, k);
              length += json_array_get_double_element (rotation, k) * json_array_get_double_element (rotation, k);
            }
          g_assert_cmpfloat_with_epsilon (length, 1.0, 1e-12);
        }
      else
        g_assert_true (angles[i][0] == 0 && angles[i][1] == 0 && angles[i][2] == 0);

      glm_quat_mat4 (q, actual);
      twin_scene_box_transform_to_matrix (twin_entity_get_transform (root), expected);
      for (int c = 0; c < 4; c++)
        for (int r = 0; r < 4; r++)
          g_assert_cmpfloat_with_epsilon (actual[c][r], expected[c][r], 1e-6);
    }
}

/* A mesh the project lacks: the entity becomes a box, with a warning naming it; not a failure. */
static void
test_missing_mesh (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr (TwinGltfWriter) writer = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (Glb) glb = { 0 };
  TwinEntity           *sensor = lookup (fixture, "Site/Sensor");
  const char *const    *warnings;
  const struct aiScene *scene;
  const struct aiNode  *sensor_node;

  twin_model_set_mesh (fixture->model, sensor, "0123456789abcdef0123456789abcdef", &error);
  g_assert_no_error (error);

  writer = export(fixture, NULL);
  warnings = twin_gltf_writer_get_warnings (writer);
  g_assert_cmpuint (g_strv_length ((char **) warnings), ==, 1);
  g_test_message ("warning: %s", warnings[0]);
  g_assert_nonnull (strstr (warnings[0], "Site/Sensor"));
  g_assert_nonnull (strstr (warnings[0], "0123456789abcdef0123456789abcdef"));

  scene = aiImportFile (fixture->out, 0);
  g_assert_nonnull (scene);
  sensor_node = find_ai_child (scene->mRootNode->mChildren[0], "Sensor");
  assert_metadata_string (sensor_node, TWIN_GLTF_EXTRAS_MESH_ID, "0123456789abcdef0123456789abcdef");
  assert_bounds (fixture, scene, find_ai_child (sensor_node, "Sensor (box)"), sensor);
  aiReleaseImport (scene);

  glb_load (&glb, fixture->out);
  check_gltf_rules (&glb);

  /* Without a catalog at all, both pumps are boxes and both are named. */
  g_clear_object (&writer);
  writer = twin_gltf_writer_new (fixture->model, NULL, NULL);
  g_assert_cmpuint (g_strv_length ((char **) twin_gltf_writer_get_warnings (writer)), ==, 3);
  g_assert_nonnull (strstr (twin_gltf_writer_get_warnings (writer)[0], "Site/Plant/Pump A"));
}

/* An output folder that does not exist: a clear error naming it, and no file anywhere. */
static void
test_missing_folder (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr (TwinGltfWriter) writer = twin_gltf_writer_new (fixture->model, fixture->catalog, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *missing = g_build_filename (fixture->dir, "no-such-folder", NULL);
  g_autofree char *out = g_build_filename (missing, "scene.glb", NULL);
  g_autofree char *listing = NULL;

  g_assert_false (twin_gltf_writer_write (writer, out, NULL, NULL, NULL, &error));
  g_assert_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_IO);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "no-such-folder"));
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  listing = dup_folder_listing (fixture->dir);
  g_assert_cmpstr (listing, ==, "");
}

/* A folder where the file should go, and a plain file where a folder should be. */
static void
test_bad_target (Fixture      *fixture,
                 gconstpointer data)
{
  g_autoptr (TwinGltfWriter) writer = twin_gltf_writer_new (fixture->model, fixture->catalog, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *folder = g_build_filename (fixture->dir, "folder.glb", NULL);
  g_autofree char *file = g_build_filename (fixture->dir, "file", NULL);
  g_autofree char *under_file = g_build_filename (file, "scene.glb", NULL);
  g_autofree char *listing = NULL;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_false (twin_gltf_writer_write (writer, folder, NULL, NULL, NULL, &error));
  g_assert_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "folder.glb"));
  g_clear_error (&error);

  twin_test_write_file (file, "x", 1);
  g_assert_false (twin_gltf_writer_write (writer, under_file, NULL, NULL, NULL, &error));
  g_assert_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_IO);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "is not a folder"));

  listing = dup_folder_listing (fixture->dir);
  g_assert_cmpstr (listing, ==, "file folder.glb");
}

typedef struct
{
  GCancellable *cancellable;
  GArray       *fractions;
} ProgressLog;

static void
on_progress (double   fraction,
             gpointer user_data)
{
  ProgressLog *log = user_data;

  g_array_append_val (log->fractions, fraction);
  if (log->cancellable != NULL)
    g_cancellable_cancel (log->cancellable);
}

/* A cancel leaves the old file as it was and no temporary file behind. */
static void
test_cancel (Fixture      *fixture,
             gconstpointer data)
{
  g_autoptr (TwinMesh) strip = make_strip (200000);
  g_autofree char *strip_id = add_to_catalog (fixture->catalog, strip, "Strip", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Z);
  g_autoptr (TwinGltfWriter) writer = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;
  ProgressLog      log = { cancellable, fractions };

  twin_model_set_mesh (fixture->model, lookup (fixture, "Site/Sensor"), strip_id, &error);
  g_assert_no_error (error);
  twin_test_write_file (fixture->out, "old", 3);

  writer = twin_gltf_writer_new (fixture->model, fixture->catalog, NULL);
  g_assert_false (twin_gltf_writer_write (writer, fixture->out, cancellable, on_progress, &log, &error));
  g_assert_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_CANCELLED);
  g_assert_nonnull (strstr (error->message, "scene.glb"));
  g_assert_cmpuint (fractions->len, >=, 1);
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), <, 1.0);

  g_file_get_contents (fixture->out, &contents, NULL, NULL);
  g_assert_cmpstr (contents, ==, "old");
  listing = dup_folder_listing (fixture->dir);
  g_assert_cmpstr (listing, ==, "scene.glb");
}

/* Progress rises from 0 to exactly 1, the last report once the file is in place. */
static void
test_progress (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr (TwinMesh) strip = make_strip (200000);
  g_autofree char *strip_id = add_to_catalog (fixture->catalog, strip, "Strip", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Z);
  g_autoptr (TwinGltfWriter) writer = NULL;
  g_autoptr (GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GError) error = NULL;
  ProgressLog log = { NULL, fractions };

  twin_model_set_mesh (fixture->model, lookup (fixture, "Site/Sensor"), strip_id, &error);
  g_assert_no_error (error);
  writer = twin_gltf_writer_new (fixture->model, fixture->catalog, NULL);
  g_assert_true (twin_gltf_writer_write (writer, fixture->out, NULL, on_progress, &log, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (fractions->len, >, 5);
  g_assert_cmpuint (fractions->len, <=, 101);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >, g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);
}

/* Indices are 16-bit up to 65535 vertices (the largest index 65534) and 32-bit above. */
static void
test_index_types (Fixture      *fixture,
                  gconstpointer data)
{
  static const guint sizes[] = { 65535, 65536 };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr (TwinMesh) strip = make_strip (sizes[s]);
      g_autofree char *strip_id = add_to_catalog (fixture->catalog, strip, "Strip", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Z);
      g_autoptr (TwinGltfWriter) writer = NULL;
      g_autoptr (GError) error = NULL;
      g_auto (Glb) glb = { 0 };
      const struct aiScene *scene;
      const struct aiNode  *box;
      JsonObject           *primitive;
      JsonObject           *indices;

      twin_model_set_mesh (fixture->model, lookup (fixture, "Site/Sensor"), strip_id, &error);
      g_assert_no_error (error);
      writer = export(fixture, NULL);

      glb_load (&glb, fixture->out);
      check_gltf_rules (&glb);
      primitive = json_array_get_object_element (json_object_get_array_member (get_item (glb.root, "meshes", json_object_get_int_member (find_json_node (&glb, "Sensor (mesh)"), "mesh")), "primitives"), 0);
      indices = get_item (glb.root, "accessors", json_object_get_int_member (primitive, "indices"));
      g_assert_cmpint (json_object_get_int_member (indices, "componentType"), ==, sizes[s] <= 65535 ? 5123 : 5125);

      scene = aiImportFile (fixture->out, 0);
      g_assert_nonnull (scene);
      box = find_ai_child (find_ai_child (scene->mRootNode->mChildren[0], "Sensor"), "Sensor (mesh)");
      g_assert_cmpuint (scene->mMeshes[box->mMeshes[0]]->mNumVertices, ==, sizes[s]);
      g_assert_cmpuint (scene->mMeshes[box->mMeshes[0]]->mNumFaces, ==, sizes[s] - 2);
      assert_bounds (fixture, scene, box, lookup (fixture, "Site/Sensor"));
      aiReleaseImport (scene);
    }
}

/* The file describes the model as it was when the writer was made, whatever comes after. */
static void
test_snapshot (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr (TwinGltfWriter) writer = twin_gltf_writer_new (fixture->model, fixture->catalog, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *before = twin_gltf_writer_dup_json (writer);
  g_autofree char *after = NULL;

  twin_model_rename (fixture->model, lookup (fixture, "Site/Sensor"), "Renamed", &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->model);
  g_clear_object (&fixture->catalog);

  g_assert_true (twin_gltf_writer_write (writer, fixture->out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  after = twin_gltf_writer_dup_json (writer);
  g_assert_cmpstr (before, ==, after);
  g_assert_nonnull (strstr (after, "\"Sensor (box)\""));
  g_assert_null (strstr (after, "Renamed"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/core/mesh/gltf-writer/scene", test_scene);
  ADD ("/core/mesh/gltf-writer/layout", test_layout);
  ADD ("/core/mesh/gltf-writer/color-by", test_color_by);
  g_test_add_func ("/core/mesh/gltf-writer/rotation", test_rotation);
  ADD ("/core/mesh/gltf-writer/missing-mesh", test_missing_mesh);
  ADD ("/core/mesh/gltf-writer/missing-folder", test_missing_folder);
  ADD ("/core/mesh/gltf-writer/bad-target", test_bad_target);
  ADD ("/core/mesh/gltf-writer/cancel", test_cancel);
  ADD ("/core/mesh/gltf-writer/progress", test_progress);
  ADD ("/core/mesh/gltf-writer/index-types", test_index_types);
  ADD ("/core/mesh/gltf-writer/snapshot", test_snapshot);
#undef ADD

  return g_test_run ();
}
