/* twin-gltf-writer.c: writes a twin's 3D scene as a binary glTF 2.0 file (GLB) for AR and web viewers.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file shows what the 3D view shows. One root node turns Twin Studio's
 * world (right-handed, metres, Z up) into glTF's (right-handed, metres,
 * Y up) by −90° about X, so (x, y, z) here is (x, z, −y) there. Under it
 * every entity is one node, nested as in the hierarchy, with its own
 * transform as translation, rotation (a unit quaternion equal to
 * Rz · Ry · Rx of its Euler angles) and scale, and with `extras` naming it
 * (id, path, type, and the colour-by value if any). An entity's geometry
 * hangs under it as a child node: its mesh, through the mesh's unit and up
 * axis matrix, or, for a leaf without a usable mesh, the box the 3D view
 * draws (one shared unit cube, scaled and moved by the child node).
 * Entities with children and no mesh get no geometry: the view's faint
 * container boxes would wrap a whole site in a shell in an AR viewer.
 *
 * A mesh used by many entities is stored once: one set of accessors per
 * geometry, and one glTF mesh per geometry and colour (a glTF material
 * belongs to a mesh, not to a node). Materials are plain opaque
 * metallic-roughness colours, linear, one per distinct colour.
 *
 * Two steps. twin_gltf_writer_new() reads the model, the mesh catalog and
 * the colour setting, builds the JSON (about 1 KiB a entity) and keeps
 * references to the immutable meshes. twin_gltf_writer_write() touches only
 * that snapshot, so it may run on a worker thread; it streams the geometry
 * from the meshes through a 64 KiB buffer into a temporary file next to the
 * target, never copying a mesh whole, and renames it into place at the end.
 *
 * The GLB layout (glTF 2.0, section 4.4), little-endian, every offset a
 * multiple of 4: a 12-byte header (magic, version 2, total length); the
 * JSON chunk, padded with spaces; the BIN chunk, padded with zeros, holding
 * per geometry its positions (float32 × 3), normals (float32 × 3) and
 * indices (uint16 when every index fits below 65535, else uint32), each
 * block padded to 4 bytes.
 */

#define G_LOG_DOMAIN "twin-gltf-writer"

#include "config.h"

#include "twin-gltf-writer.h"

#include "mesh/twin-color-map.h"
#include "mesh/twin-mesh-info.h"
#include "mesh/twin-mesh.h"
#include "mesh/twin-scene-box.h"
#include "mesh/twin-scene-palette.h"
#include "model/twin-entity.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#define GLB_MAGIC 0x46546C67u /* "glTF" */
#define GLB_VERSION 2u
#define GLB_HEADER_SIZE 12u
#define GLB_CHUNK_HEADER_SIZE 8u
#define GLB_CHUNK_JSON 0x4E4F534Au /* "JSON" */
#define GLB_CHUNK_BIN 0x004E4942u  /* "BIN\0" */

#define GLTF_UNSIGNED_SHORT 5123
#define GLTF_UNSIGNED_INT 5125
#define GLTF_FLOAT 5126
#define GLTF_ARRAY_BUFFER 34962
#define GLTF_ELEMENT_ARRAY_BUFFER 34963
#define GLTF_TRIANGLES 4

/* glTF forbids an index equal to its type's largest value (primitive restart). */
#define GLTF_MAX_SHORT_VERTICES 65535u

/* Painted, not metal: what CAD parts look like in a viewer with no textures. */
#define MATERIAL_METALLIC 0.0
#define MATERIAL_ROUGHNESS 0.8

#define WRITE_BUFFER_SIZE (64 * 1024)
/* Elements written between two checks of the cancellable and the progress. */
#define WRITE_STEP_ELEMENTS (256 * 1024)
#define CONVERT_CHUNK 2048

/* The unit cube: 6 faces × 4 corners, each face with its own normal. */
#define CUBE_N_VERTICES 24
#define CUBE_N_INDICES 36

typedef struct
{
  guint material;
  guint mesh; /* glTF mesh index */
} MeshForMaterial;

/* One geometry in the BIN chunk: a TwinMesh, or the unit cube. */
typedef struct
{
  /* Owned references */
  TwinMesh      *mesh; /* NULL for the unit cube */
  char          *name;
  float         *cube_positions;
  float         *cube_normals;
  guint32       *cube_indices;
  GArray        *meshes; /* MeshForMaterial, the glTF meshes drawing this geometry */

  /* Borrowed from mesh or the cube arrays */
  const float   *positions;
  const float   *normals;
  const guint32 *indices;

  /* State */
  guint          n_vertices;
  guint          n_indices;
  float          min[3]; /* of the positions, as glTF wants for POSITION */
  float          max[3];
  gboolean       short_indices;
  guint          index;  /* its accessors and buffer views are 3 × index + 0, 1, 2 */
  guint64        offset; /* of its positions in the BIN chunk, bytes */
} Geometry;

typedef struct
{
  Geometry *geometry;
  guint     material;
} MeshEntry;

struct _TwinGltfWriter
{
  GObject    parent_instance;

  /* Owned references */
  char      *json;
  GPtrArray *geometries; /* Geometry *, in the order of the BIN chunk */
  GPtrArray *warnings;   /* char *, translated sentences, NULL-terminated */

  /* State */
  gsize      json_length;
  guint64    bin_length; /* bytes, a multiple of 4 */
};

/* What twin_gltf_writer_new() needs while it walks the tree. */
typedef struct
{
  /* Borrowed references */
  TwinGltfWriter  *self;
  TwinModel       *model;
  TwinMeshCatalog *catalog;
  TwinColorBy     *color_by;

  /* Owned references */
  GArray          *boxes;             /* TwinSceneBox */
  GHashTable      *box_by_entity;     /* TwinEntity * → TwinSceneBox * in boxes */
  GPtrArray       *nodes;             /* JsonNode *, by glTF node index */
  GHashTable      *geometry_by_id;    /* mesh id → Geometry * (owned by self->geometries) */
  GHashTable      *failure_by_id;     /* mesh id → why it cannot be used */
  GPtrArray       *materials;         /* JsonNode * */
  GHashTable      *material_by_color; /* colour key → material index + 1 */
  GArray          *mesh_entries;      /* MeshEntry, by glTF mesh index */

  /* State */
  Geometry        *cube;
  gboolean         has_range;
  double           color_minimum;
  double           color_maximum;
} SceneBuilder;

G_DEFINE_FINAL_TYPE (TwinGltfWriter, twin_gltf_writer, G_TYPE_OBJECT)

static void
geometry_free (Geometry *geometry)
{
  g_clear_pointer (&geometry->mesh, twin_mesh_unref);
  g_clear_pointer (&geometry->meshes, g_array_unref);
  g_free (geometry->name);
  g_free (geometry->cube_positions);
  g_free (geometry->cube_normals);
  g_free (geometry->cube_indices);
  g_free (geometry);
}

static guint64
round_up_4 (guint64 length)
{
  return (length + 3) & ~(guint64) 3;
}

static guint64
geometry_get_index_length (const Geometry *geometry)
{
  return (guint64) geometry->n_indices * (geometry->short_indices ? 2 : 4);
}

/* Bytes of positions, normals and padded indices. */
static guint64
geometry_get_length (const Geometry *geometry)
{
  return 2 * (guint64) geometry->n_vertices * 3 * sizeof (float) +
         round_up_4 (geometry_get_index_length (geometry));
}

static Geometry *
geometry_new_for_mesh (TwinMesh   *mesh,
                       const char *name)
{
  Geometry *geometry = g_new0 (Geometry, 1);

  geometry->mesh = twin_mesh_ref (mesh);
  geometry->name = g_strdup (name);
  geometry->meshes = g_array_new (FALSE, FALSE, sizeof (MeshForMaterial));
  geometry->positions = twin_mesh_get_positions (mesh);
  geometry->normals = twin_mesh_get_normals (mesh);
  geometry->indices = twin_mesh_get_indices (mesh);
  geometry->n_vertices = twin_mesh_get_n_vertices (mesh);
  geometry->n_indices = 3 * twin_mesh_get_n_triangles (mesh);
  twin_mesh_get_bounds (mesh, geometry->min, geometry->max);
  geometry->short_indices = geometry->n_vertices <= GLTF_MAX_SHORT_VERTICES;
  return geometry;
}

/* The unit cube centred on the origin, edge 1, counter-clockwise seen from outside. */
static Geometry *
geometry_new_cube (void)
{
  /* Each face: its normal, then two tangents whose cross product is the normal. */
  static const float faces[6][3][3] = {
    { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } },
    { { -1, 0, 0 }, { 0, 0, 1 }, { 0, 1, 0 } },
    { { 0, 1, 0 }, { 0, 0, 1 }, { 1, 0, 0 } },
    { { 0, -1, 0 }, { 1, 0, 0 }, { 0, 0, 1 } },
    { { 0, 0, 1 }, { 1, 0, 0 }, { 0, 1, 0 } },
    { { 0, 0, -1 }, { 0, 1, 0 }, { 1, 0, 0 } },
  };
  static const float corners[4][2] = { { -1, -1 }, { 1, -1 }, { 1, 1 }, { -1, 1 } };
  Geometry          *geometry = g_new0 (Geometry, 1);
  int                f;

  geometry->name = g_strdup ("Box");
  geometry->meshes = g_array_new (FALSE, FALSE, sizeof (MeshForMaterial));
  geometry->cube_positions = g_new (float, CUBE_N_VERTICES * 3);
  geometry->cube_normals = g_new (float, CUBE_N_VERTICES * 3);
  geometry->cube_indices = g_new (guint32, CUBE_N_INDICES);

  for (f = 0; f < 6; f++)
    {
      int c;
      int k;

      for (c = 0; c < 4; c++)
        {
          int v = 4 * f + c;

          for (k = 0; k < 3; k++)
            {
              geometry->cube_positions[3 * v + k] =
                0.5f * (faces[f][0][k] + corners[c][0] * faces[f][1][k] + corners[c][1] * faces[f][2][k]);
              geometry->cube_normals[3 * v + k] = faces[f][0][k];
            }
        }
      geometry->cube_indices[6 * f + 0] = 4 * f + 0;
      geometry->cube_indices[6 * f + 1] = 4 * f + 1;
      geometry->cube_indices[6 * f + 2] = 4 * f + 2;
      geometry->cube_indices[6 * f + 3] = 4 * f + 0;
      geometry->cube_indices[6 * f + 4] = 4 * f + 2;
      geometry->cube_indices[6 * f + 5] = 4 * f + 3;
    }

  geometry->positions = geometry->cube_positions;
  geometry->normals = geometry->cube_normals;
  geometry->indices = geometry->cube_indices;
  geometry->n_vertices = CUBE_N_VERTICES;
  geometry->n_indices = CUBE_N_INDICES;
  geometry->short_indices = TRUE;
  for (f = 0; f < 3; f++)
    {
      geometry->min[f] = -0.5f;
      geometry->max[f] = 0.5f;
    }
  return geometry;
}

static void
add_warning (SceneBuilder *builder,
             char         *message)
{
  g_ptr_array_add (builder->self->warnings, message);
}

static void
add_vec3 (JsonBuilder  *json,
          const char   *member,
          const double *values)
{
  json_builder_set_member_name (json, member);
  json_builder_begin_array (json);
  for (int k = 0; k < 3; k++)
    json_builder_add_double_value (json, values[k]);
  json_builder_end_array (json);
}

static void
add_float_vec3 (JsonBuilder *json,
                const char  *member,
                const float *values)
{
  double doubles[3] = { values[0], values[1], values[2] };

  add_vec3 (json, member, doubles);
}

static void
add_index_array (JsonBuilder *json,
                 const char  *member,
                 GArray      *indices)
{
  json_builder_set_member_name (json, member);
  json_builder_begin_array (json);
  for (guint i = 0; i < indices->len; i++)
    json_builder_add_int_value (json, g_array_index (indices, guint, i));
  json_builder_end_array (json);
}

/* q = a · b, quaternions as x, y, z, w. */
static void
quat_mul (const double a[4],
          const double b[4],
          double       q[4])
{
  double r[4];

  r[0] = a[3] * b[0] + a[0] * b[3] + a[1] * b[2] - a[2] * b[1];
  r[1] = a[3] * b[1] - a[0] * b[2] + a[1] * b[3] + a[2] * b[0];
  r[2] = a[3] * b[2] + a[0] * b[1] - a[1] * b[0] + a[2] * b[3];
  r[3] = a[3] * b[3] - a[0] * b[0] - a[1] * b[1] - a[2] * b[2];
  memcpy (q, r, sizeof r);
}

/*
 * The rotation of twin_scene_box_transform_to_matrix(), Rz · Ry · Rx (about
 * X first, fixed axes), as a unit quaternion x, y, z, w. Non-finite angles
 * count as 0, as there.
 */
static void
euler_deg_to_quaternion (const double rotation_deg[3],
                         double       q[4])
{
  double axis_q[3][4] = { { 0 } };
  double half[3];
  double length;
  int    k;

  for (k = 0; k < 3; k++)
    {
      half[k] = isfinite (rotation_deg[k]) ? rotation_deg[k] * G_PI / 360.0 : 0.0;
      axis_q[k][k] = sin (half[k]);
      axis_q[k][3] = cos (half[k]);
    }
  quat_mul (axis_q[2], axis_q[1], q);
  quat_mul (q, axis_q[0], q);

  length = sqrt (q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
  for (k = 0; k < 4; k++)
    q[k] /= length;
}

/* Writes translation, rotation and scale, each only when it is not the identity's. */
static void
add_transform (JsonBuilder         *json,
               const TwinTransform *transform)
{
  double position_m[3];
  double scale[3];
  double q[4];
  int    k;

  for (k = 0; k < 3; k++)
    {
      position_m[k] = isfinite (transform->position_m[k]) ? transform->position_m[k] : 0.0;
      scale[k] = isfinite (transform->scale[k]) ? transform->scale[k] : 1.0;
    }

  if (position_m[0] != 0.0 || position_m[1] != 0.0 || position_m[2] != 0.0)
    add_vec3 (json, "translation", position_m);

  euler_deg_to_quaternion (transform->rotation_deg, q);
  if (q[0] != 0.0 || q[1] != 0.0 || q[2] != 0.0)
    {
      json_builder_set_member_name (json, "rotation");
      json_builder_begin_array (json);
      for (k = 0; k < 4; k++)
        json_builder_add_double_value (json, q[k]);
      json_builder_end_array (json);
    }

  if (scale[0] != 1.0 || scale[1] != 1.0 || scale[2] != 1.0)
    add_vec3 (json, "scale", scale);
}

/* The material of one linear RGB colour, made on first use. */
static guint
get_material (SceneBuilder *builder,
              const float   rgb[3])
{
  g_autoptr (JsonBuilder) json = NULL;
  g_autofree char *name = NULL;
  guint32          bits[3];
  char            *key;
  gpointer         found;
  guint            index;
  int              k;

  memcpy (bits, rgb, sizeof bits);
  key = g_strdup_printf ("%08x%08x%08x", bits[0], bits[1], bits[2]);
  found = g_hash_table_lookup (builder->material_by_color, key);
  if (found != NULL)
    {
      g_free (key);
      return GPOINTER_TO_UINT (found) - 1;
    }

  /* Named as a person would pick the colour: sRGB hex. */
  name = g_strdup_printf ("#%02X%02X%02X",
                          (guint) lroundf (255.0f * CLAMP (twin_color_linear_to_srgb (rgb[0]), 0.0f, 1.0f)),
                          (guint) lroundf (255.0f * CLAMP (twin_color_linear_to_srgb (rgb[1]), 0.0f, 1.0f)),
                          (guint) lroundf (255.0f * CLAMP (twin_color_linear_to_srgb (rgb[2]), 0.0f, 1.0f)));

  json = json_builder_new ();
  json_builder_begin_object (json);
  json_builder_set_member_name (json, "name");
  json_builder_add_string_value (json, name);
  json_builder_set_member_name (json, "pbrMetallicRoughness");
  json_builder_begin_object (json);
  json_builder_set_member_name (json, "baseColorFactor");
  json_builder_begin_array (json);
  for (k = 0; k < 3; k++)
    json_builder_add_double_value (json, CLAMP (rgb[k], 0.0f, 1.0f));
  json_builder_add_double_value (json, 1.0);
  json_builder_end_array (json);
  json_builder_set_member_name (json, "metallicFactor");
  json_builder_add_double_value (json, MATERIAL_METALLIC);
  json_builder_set_member_name (json, "roughnessFactor");
  json_builder_add_double_value (json, MATERIAL_ROUGHNESS);
  json_builder_end_object (json);
  /* CAD meshes do not always wind their triangles one way; the 3D view draws both sides too. */
  json_builder_set_member_name (json, "doubleSided");
  json_builder_add_boolean_value (json, TRUE);
  json_builder_end_object (json);

  index = builder->materials->len;
  g_ptr_array_add (builder->materials, json_builder_get_root (json));
  g_hash_table_insert (builder->material_by_color, key, GUINT_TO_POINTER (index + 1));
  return index;
}

/* The glTF mesh that draws @geometry in @material, made on first use. */
static guint
get_gltf_mesh (SceneBuilder *builder,
               Geometry     *geometry,
               guint         material)
{
  MeshForMaterial pair;
  MeshEntry       entry = { geometry, material };

  for (guint i = 0; i < geometry->meshes->len; i++)
    {
      const MeshForMaterial *known = &g_array_index (geometry->meshes, MeshForMaterial, i);

      if (known->material == material)
        return known->mesh;
    }

  pair.material = material;
  pair.mesh = builder->mesh_entries->len;
  g_array_append_val (builder->mesh_entries, entry);
  g_array_append_val (geometry->meshes, pair);
  return pair.mesh;
}

static void
add_geometry (SceneBuilder *builder,
              Geometry     *geometry)
{
  geometry->index = builder->self->geometries->len;
  g_ptr_array_add (builder->self->geometries, geometry);
}

/* Warns that @entity is exported without its mesh: @reason is "" for a mesh the catalog lacks. */
static void
warn_unusable_mesh (SceneBuilder *builder,
                    TwinEntity   *entity,
                    const char   *mesh_id,
                    const char   *reason)
{
  g_autofree char *path = twin_entity_dup_path (entity);
  gboolean         leaf = twin_entity_get_n_children (entity) == 0;

  if (*reason == '\0' && leaf)
    {
      /* Translators: the first %s is an entity's path, the second a mesh id. */
      add_warning (builder, g_strdup_printf (_ ("“%s” is exported as a box: the project holds no mesh “%s”."),
                                             path, mesh_id));
    }
  else if (*reason == '\0')
    {
      /* Translators: the first %s is an entity's path, the second a mesh id. */
      add_warning (builder, g_strdup_printf (_ ("“%s” is exported without geometry: the project holds no mesh “%s”."),
                                             path, mesh_id));
    }
  else if (leaf)
    {
      /* Translators: the first %s is an entity's path, the second a mesh id, the third a sentence saying why. */
      add_warning (builder, g_strdup_printf (_ ("“%s” is exported as a box: its mesh “%s” cannot be read. %s"),
                                             path, mesh_id, reason));
    }
  else
    {
      /* Translators: the first %s is an entity's path, the second a mesh id, the third a sentence saying why. */
      add_warning (builder, g_strdup_printf (_ ("“%s” is exported without geometry: its mesh “%s” cannot be read. %s"),
                                             path, mesh_id, reason));
    }
}

/*
 * The geometry of mesh @mesh_id, loaded on first use, with its matrix into
 * the entity's frame; or NULL, with a warning naming @entity, when the
 * catalog lacks it or cannot read it.
 */
static Geometry *
get_mesh_geometry (SceneBuilder *builder,
                   TwinEntity   *entity,
                   const char   *mesh_id,
                   mat4          to_entity)
{
  const TwinMeshInfo *info = NULL;
  Geometry           *geometry;
  const char         *failure;

  if (builder->catalog != NULL)
    info = twin_mesh_catalog_lookup (builder->catalog, mesh_id);

  geometry = g_hash_table_lookup (builder->geometry_by_id, mesh_id);
  failure = g_hash_table_lookup (builder->failure_by_id, mesh_id);
  if (geometry == NULL && failure == NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (TwinMesh) mesh = NULL;

      if (info == NULL)
        g_hash_table_insert (builder->failure_by_id, g_strdup (mesh_id), g_strdup (""));
      else if ((mesh = twin_mesh_catalog_get_mesh (builder->catalog, mesh_id, &error)) == NULL)
        g_hash_table_insert (builder->failure_by_id, g_strdup (mesh_id), g_strdup (error->message));
      else
        {
          geometry = geometry_new_for_mesh (mesh, info->name != NULL ? info->name : mesh_id);
          add_geometry (builder, geometry);
          g_hash_table_insert (builder->geometry_by_id, g_strdup (mesh_id), geometry);
        }
      failure = g_hash_table_lookup (builder->failure_by_id, mesh_id);
    }

  if (geometry == NULL)
    {
      warn_unusable_mesh (builder, entity, mesh_id, failure);
      return NULL;
    }

  twin_mesh_info_get_matrix (info, to_entity);
  return geometry;
}

static void
get_entity_color (SceneBuilder *builder,
                  TwinEntity   *entity,
                  float         rgb[3])
{
  float rgba[4];

  if (builder->color_by == NULL)
    {
      twin_scene_palette_get_type_color (twin_entity_get_type_name (entity), rgba);
      memcpy (rgb, rgba, 3 * sizeof (float));
      return;
    }
  if (!builder->has_range ||
      !twin_color_by_get_color (builder->color_by, entity, builder->color_minimum, builder->color_maximum, rgb))
    twin_color_by_get_no_value_color (rgb);
}

/* Appends a geometry node under an entity: its mesh through @to_entity, or its box. */
static guint
add_geometry_node (SceneBuilder *builder,
                   TwinEntity   *entity,
                   Geometry     *geometry,
                   guint         material,
                   mat4          to_entity)
{
  g_autoptr (JsonBuilder) json = json_builder_new ();
  g_autofree char *name = NULL;
  guint            index = builder->nodes->len;

  name = g_strdup_printf (to_entity != NULL ? "%s (mesh)" : "%s (box)", twin_entity_get_name (entity));
  json_builder_begin_object (json);
  json_builder_set_member_name (json, "name");
  json_builder_add_string_value (json, name);
  json_builder_set_member_name (json, "mesh");
  json_builder_add_int_value (json, get_gltf_mesh (builder, geometry, material));

  if (to_entity != NULL)
    {
      mat4 identity = GLM_MAT4_IDENTITY_INIT;

      /* glTF's matrix is column-major, as cglm's. */
      if (memcmp (identity, to_entity, sizeof identity) != 0)
        {
          json_builder_set_member_name (json, "matrix");
          json_builder_begin_array (json);
          for (int column = 0; column < 4; column++)
            for (int row = 0; row < 4; row++)
              json_builder_add_double_value (json, to_entity[column][row]);
          json_builder_end_array (json);
        }
    }
  else
    {
      const TwinSceneBox *box = g_hash_table_lookup (builder->box_by_entity, entity);
      float               centre_m[3];

      g_assert (box != NULL);
      for (int k = 0; k < 3; k++)
        centre_m[k] = box->min_m[k] + 0.5f * box->size_m[k];
      add_float_vec3 (json, "translation", centre_m);
      add_float_vec3 (json, "scale", box->size_m);
    }

  json_builder_set_member_name (json, "extras");
  json_builder_begin_object (json);
  json_builder_set_member_name (json, "twin_geometry");
  json_builder_add_string_value (json, to_entity != NULL ? "mesh" : "box");
  json_builder_end_object (json);
  json_builder_end_object (json);

  g_ptr_array_add (builder->nodes, json_builder_get_root (json));
  return index;
}

/* Appends the nodes of @entity's subtree, depth first, and returns the index of @entity's. */
static guint
add_entity_node (SceneBuilder *builder,
                 TwinEntity   *entity)
{
  g_autoptr (JsonBuilder) json = json_builder_new ();
  g_autoptr (GArray) children = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *path = twin_entity_dup_path (entity);
  const char      *mesh_id = twin_entity_get_mesh_id (entity);
  Geometry        *geometry = NULL;
  mat4             to_entity;
  double           value = 0.0;
  gboolean         has_value = FALSE;
  guint            n_children = twin_entity_get_n_children (entity);
  guint            index = builder->nodes->len;
  guint            child;

  g_ptr_array_add (builder->nodes, NULL); /* filled once the children are numbered */

  if (builder->color_by != NULL)
    has_value = twin_color_by_get_value (builder->color_by, entity, &value);

  if (mesh_id != NULL)
    geometry = get_mesh_geometry (builder, entity, mesh_id, to_entity);
  if (geometry == NULL && n_children == 0)
    {
      if (builder->cube == NULL)
        {
          builder->cube = geometry_new_cube ();
          add_geometry (builder, builder->cube);
        }
      geometry = builder->cube;
    }
  if (geometry != NULL)
    {
      float rgb[3];

      get_entity_color (builder, entity, rgb);
      child = add_geometry_node (builder, entity, geometry, get_material (builder, rgb),
                                 geometry != builder->cube ? to_entity : NULL);
      g_array_append_val (children, child);
    }

  for (guint i = 0; i < n_children; i++)
    {
      child = add_entity_node (builder, twin_entity_get_child (entity, i));
      g_array_append_val (children, child);
    }

  json_builder_begin_object (json);
  json_builder_set_member_name (json, "name");
  json_builder_add_string_value (json, twin_entity_get_name (entity));
  if (children->len > 0)
    add_index_array (json, "children", children);
  add_transform (json, twin_entity_get_transform (entity));

  json_builder_set_member_name (json, "extras");
  json_builder_begin_object (json);
  json_builder_set_member_name (json, TWIN_GLTF_EXTRAS_ID);
  json_builder_add_string_value (json, twin_entity_get_id (entity));
  json_builder_set_member_name (json, TWIN_GLTF_EXTRAS_PATH);
  json_builder_add_string_value (json, path);
  json_builder_set_member_name (json, TWIN_GLTF_EXTRAS_TYPE);
  json_builder_add_string_value (json, twin_entity_get_type_name (entity));
  if (mesh_id != NULL)
    {
      json_builder_set_member_name (json, TWIN_GLTF_EXTRAS_MESH_ID);
      json_builder_add_string_value (json, mesh_id);
    }
  if (has_value)
    {
      json_builder_set_member_name (json, TWIN_GLTF_EXTRAS_COLOR_BY_VALUE);
      json_builder_add_double_value (json, value);
    }
  json_builder_end_object (json);
  json_builder_end_object (json);

  g_ptr_array_index (builder->nodes, index) = json_builder_get_root (json);
  return index;
}

static void
add_root_node (SceneBuilder *builder)
{
  g_autoptr (JsonBuilder) json = json_builder_new ();

  json_builder_begin_object (json);
  json_builder_set_member_name (json, "name");
  json_builder_add_string_value (json, TWIN_GLTF_ROOT_NODE_NAME);
  /* −90° about X: Twin Studio's +Z (up) becomes glTF's +Y, its +Y becomes −Z. */
  json_builder_set_member_name (json, "rotation");
  json_builder_begin_array (json);
  json_builder_add_double_value (json, -G_SQRT2 / 2.0);
  json_builder_add_double_value (json, 0.0);
  json_builder_add_double_value (json, 0.0);
  json_builder_add_double_value (json, G_SQRT2 / 2.0);
  json_builder_end_array (json);
  json_builder_set_member_name (json, "children");
  json_builder_begin_array (json);
  json_builder_add_int_value (json, 1);
  json_builder_end_array (json);
  json_builder_set_member_name (json, "extras");
  json_builder_begin_object (json);
  json_builder_set_member_name (json, "twin_note");
  json_builder_add_string_value (json, "Twin Studio's world is right-handed, metres, Z up; this node turns it "
                                       "to glTF's Y up: (x, y, z) there is (x, z, -y) here.");
  json_builder_end_object (json);
  json_builder_end_object (json);

  g_ptr_array_add (builder->nodes, json_builder_get_root (json));
}

static void
add_node_array (JsonBuilder *json,
                const char  *member,
                GPtrArray   *nodes)
{
  json_builder_set_member_name (json, member);
  json_builder_begin_array (json);
  for (guint i = 0; i < nodes->len; i++)
    json_builder_add_value (json, json_node_ref (g_ptr_array_index (nodes, i)));
  json_builder_end_array (json);
}

static void
add_scenes (SceneBuilder *builder,
            JsonBuilder  *json)
{
  TwinEntity *root = twin_model_get_root (builder->model);

  json_builder_set_member_name (json, "scene");
  json_builder_add_int_value (json, 0);
  json_builder_set_member_name (json, "scenes");
  json_builder_begin_array (json);
  json_builder_begin_object (json);
  json_builder_set_member_name (json, "name");
  json_builder_add_string_value (json, twin_entity_get_name (root));
  json_builder_set_member_name (json, "nodes");
  json_builder_begin_array (json);
  json_builder_add_int_value (json, 0);
  json_builder_end_array (json);

  if (builder->color_by != NULL)
    {
      const char *unit = twin_color_by_find_unit (builder->color_by, builder->model);

      /* What a viewer needs to draw the legend. */
      json_builder_set_member_name (json, "extras");
      json_builder_begin_object (json);
      json_builder_set_member_name (json, "twin_color_by");
      json_builder_begin_object (json);
      json_builder_set_member_name (json, "parameter");
      json_builder_add_string_value (json, twin_color_by_get_parameter (builder->color_by));
      json_builder_set_member_name (json, "map");
      json_builder_add_string_value (json, twin_color_map_to_string (twin_color_by_get_map (builder->color_by)));
      if (unit != NULL)
        {
          json_builder_set_member_name (json, "unit");
          json_builder_add_string_value (json, unit);
        }
      if (builder->has_range)
        {
          json_builder_set_member_name (json, "minimum");
          json_builder_add_double_value (json, builder->color_minimum);
          json_builder_set_member_name (json, "maximum");
          json_builder_add_double_value (json, builder->color_maximum);
        }
      json_builder_end_object (json);
      json_builder_end_object (json);
    }

  json_builder_end_object (json);
  json_builder_end_array (json);
}

static void
add_meshes (SceneBuilder *builder,
            JsonBuilder  *json)
{
  json_builder_set_member_name (json, "meshes");
  json_builder_begin_array (json);
  for (guint i = 0; i < builder->mesh_entries->len; i++)
    {
      const MeshEntry *entry = &g_array_index (builder->mesh_entries, MeshEntry, i);
      guint            first = 3 * entry->geometry->index;

      json_builder_begin_object (json);
      json_builder_set_member_name (json, "name");
      json_builder_add_string_value (json, entry->geometry->name);
      json_builder_set_member_name (json, "primitives");
      json_builder_begin_array (json);
      json_builder_begin_object (json);
      json_builder_set_member_name (json, "attributes");
      json_builder_begin_object (json);
      json_builder_set_member_name (json, "POSITION");
      json_builder_add_int_value (json, first);
      json_builder_set_member_name (json, "NORMAL");
      json_builder_add_int_value (json, first + 1);
      json_builder_end_object (json);
      json_builder_set_member_name (json, "indices");
      json_builder_add_int_value (json, first + 2);
      json_builder_set_member_name (json, "material");
      json_builder_add_int_value (json, entry->material);
      json_builder_set_member_name (json, "mode");
      json_builder_add_int_value (json, GLTF_TRIANGLES);
      json_builder_end_object (json);
      json_builder_end_array (json);
      json_builder_end_object (json);
    }
  json_builder_end_array (json);
}

static void
add_buffer_view (JsonBuilder *json,
                 guint64      offset,
                 guint64      length,
                 int          target)
{
  json_builder_begin_object (json);
  json_builder_set_member_name (json, "buffer");
  json_builder_add_int_value (json, 0);
  json_builder_set_member_name (json, "byteOffset");
  json_builder_add_int_value (json, (gint64) offset);
  json_builder_set_member_name (json, "byteLength");
  json_builder_add_int_value (json, (gint64) length);
  json_builder_set_member_name (json, "target");
  json_builder_add_int_value (json, target);
  json_builder_end_object (json);
}

static void
add_accessor (JsonBuilder *json,
              guint        view,
              int          component_type,
              guint        count,
              const char  *type,
              const float *min,
              const float *max)
{
  json_builder_begin_object (json);
  json_builder_set_member_name (json, "bufferView");
  json_builder_add_int_value (json, view);
  json_builder_set_member_name (json, "componentType");
  json_builder_add_int_value (json, component_type);
  json_builder_set_member_name (json, "count");
  json_builder_add_int_value (json, count);
  json_builder_set_member_name (json, "type");
  json_builder_add_string_value (json, type);
  if (min != NULL)
    {
      add_float_vec3 (json, "min", min);
      add_float_vec3 (json, "max", max);
    }
  json_builder_end_object (json);
}

/* Lays the geometries out in the BIN chunk and describes them. */
static void
add_buffers (SceneBuilder *builder,
             JsonBuilder  *json)
{
  GPtrArray *geometries = builder->self->geometries;
  guint64    offset = 0;
  guint      i;

  for (i = 0; i < geometries->len; i++)
    {
      Geometry *geometry = g_ptr_array_index (geometries, i);

      geometry->offset = offset;
      offset += geometry_get_length (geometry);
    }
  builder->self->bin_length = offset;
  if (offset == 0)
    return;

  json_builder_set_member_name (json, "accessors");
  json_builder_begin_array (json);
  for (i = 0; i < geometries->len; i++)
    {
      const Geometry *geometry = g_ptr_array_index (geometries, i);

      add_accessor (json, 3 * i, GLTF_FLOAT, geometry->n_vertices, "VEC3", geometry->min, geometry->max);
      add_accessor (json, 3 * i + 1, GLTF_FLOAT, geometry->n_vertices, "VEC3", NULL, NULL);
      add_accessor (json, 3 * i + 2, geometry->short_indices ? GLTF_UNSIGNED_SHORT : GLTF_UNSIGNED_INT,
                    geometry->n_indices, "SCALAR", NULL, NULL);
    }
  json_builder_end_array (json);

  json_builder_set_member_name (json, "bufferViews");
  json_builder_begin_array (json);
  for (i = 0; i < geometries->len; i++)
    {
      const Geometry *geometry = g_ptr_array_index (geometries, i);
      guint64         vertex_length = (guint64) geometry->n_vertices * 3 * sizeof (float);

      add_buffer_view (json, geometry->offset, vertex_length, GLTF_ARRAY_BUFFER);
      add_buffer_view (json, geometry->offset + vertex_length, vertex_length, GLTF_ARRAY_BUFFER);
      add_buffer_view (json, geometry->offset + 2 * vertex_length, geometry_get_index_length (geometry),
                       GLTF_ELEMENT_ARRAY_BUFFER);
    }
  json_builder_end_array (json);

  json_builder_set_member_name (json, "buffers");
  json_builder_begin_array (json);
  json_builder_begin_object (json);
  json_builder_set_member_name (json, "byteLength");
  json_builder_add_int_value (json, (gint64) offset);
  json_builder_end_object (json);
  json_builder_end_array (json);
}

static void
build_scene (SceneBuilder *builder)
{
  g_autoptr (JsonBuilder) json = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) document = NULL;
  g_autofree char *generator_name = g_strdup_printf ("Twin Studio %s", PACKAGE_VERSION);
  TwinEntity      *root = twin_model_get_root (builder->model);

  builder->boxes = twin_scene_box_collect (builder->model);
  for (guint i = 0; i < builder->boxes->len; i++)
    {
      TwinSceneBox *box = &g_array_index (builder->boxes, TwinSceneBox, i);

      g_hash_table_insert (builder->box_by_entity, box->entity, box);
    }

  if (builder->color_by != NULL)
    builder->has_range = twin_color_by_get_range (builder->color_by, builder->model,
                                                  &builder->color_minimum, &builder->color_maximum);

  add_root_node (builder);
  add_entity_node (builder, root);

  json_builder_begin_object (json);
  json_builder_set_member_name (json, "asset");
  json_builder_begin_object (json);
  json_builder_set_member_name (json, "version");
  json_builder_add_string_value (json, "2.0");
  json_builder_set_member_name (json, "generator");
  json_builder_add_string_value (json, generator_name);
  json_builder_end_object (json);
  add_scenes (builder, json);
  add_node_array (json, "nodes", builder->nodes);
  add_meshes (builder, json);
  add_node_array (json, "materials", builder->materials);
  add_buffers (builder, json);
  json_builder_end_object (json);

  document = json_builder_get_root (json);
  json_generator_set_root (generator, document);
  builder->self->json = json_generator_to_data (generator, &builder->self->json_length);
}

/* Writing the file. */

typedef struct
{
  int                  fd;
  const char          *display; /* the target, for messages */
  guint8              *buffer;  /* WRITE_BUFFER_SIZE bytes */
  gsize                used;
  guint64              written;
  guint64              total;
  GCancellable        *cancellable;
  TwinGltfProgressFunc progress;
  gpointer             user_data;
  int                  reported_percent;
} GlbStream;

static gboolean
set_io_error (GError    **error,
              const char *display,
              int         saved_errno)
{
  g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_IO,
               _ ("Cannot write “%s”: %s."), display, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
stream_flush (GlbStream *stream,
              GError   **error)
{
  gsize done = 0;

  while (done < stream->used)
    {
      gssize n = write (stream->fd, stream->buffer + done, stream->used - done);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return set_io_error (error, stream->display, errno);
        }
      done += (gsize) n;
    }
  stream->used = 0;
  return TRUE;
}

static gboolean
stream_write (GlbStream  *stream,
              const void *data,
              gsize       length,
              GError    **error)
{
  const guint8 *bytes = data;

  while (length > 0)
    {
      gsize n = MIN (length, WRITE_BUFFER_SIZE - stream->used);

      memcpy (stream->buffer + stream->used, bytes, n);
      stream->used += n;
      stream->written += n;
      bytes += n;
      length -= n;
      if (stream->used == WRITE_BUFFER_SIZE && !stream_flush (stream, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
stream_write_u32 (GlbStream *stream,
                  guint32    value,
                  GError   **error)
{
  guint32 le = GUINT32_TO_LE (value);

  return stream_write (stream, &le, sizeof le, error);
}

static gboolean
stream_pad (GlbStream *stream,
            guint8     byte,
            GError   **error)
{
  static const guint8 zeros[3] = { 0, 0, 0 };
  static const guint8 spaces[3] = { ' ', ' ', ' ' };
  gsize               n = (4 - stream->written % 4) % 4;

  return stream_write (stream, byte == ' ' ? spaces : zeros, n, error);
}

/* Checks for a cancel and tells the caller how far the file has come. */
static gboolean
stream_step (GlbStream *stream,
             GError   **error)
{
  int percent;

  if (g_cancellable_is_cancelled (stream->cancellable))
    {
      g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_CANCELLED,
                   _ ("The export to “%s” was cancelled."), stream->display);
      return FALSE;
    }
  /* 100 % is reported once the file is in place. */
  percent = (int) (100 * stream->written / MAX (stream->total, 1));
  if (stream->progress != NULL && percent > stream->reported_percent && percent < 100)
    {
      stream->reported_percent = percent;
      stream->progress ((double) stream->written / (double) MAX (stream->total, 1), stream->user_data);
    }
  return TRUE;
}

/* 32-bit words (floats or uint32), little-endian in the file. */
static gboolean
stream_write_words (GlbStream  *stream,
                    const void *words,
                    gsize       n_words,
                    GError    **error)
{
  const guint8 *bytes = words;

  for (gsize start = 0; start < n_words; start += WRITE_STEP_ELEMENTS)
    {
      gsize n = MIN (WRITE_STEP_ELEMENTS, n_words - start);

      if (!stream_step (stream, error))
        return FALSE;
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
      if (!stream_write (stream, bytes + 4 * start, 4 * n, error))
        return FALSE;
#else
      for (gsize done = 0; done < n; done += CONVERT_CHUNK)
        {
          guint32 chunk[CONVERT_CHUNK];
          gsize   m = MIN (CONVERT_CHUNK, n - done);

          memcpy (chunk, bytes + 4 * (start + done), 4 * m);
          for (gsize k = 0; k < m; k++)
            chunk[k] = GUINT32_TO_LE (chunk[k]);
          if (!stream_write (stream, chunk, 4 * m, error))
            return FALSE;
        }
#endif
    }
  return TRUE;
}

static gboolean
stream_write_short_indices (GlbStream     *stream,
                            const guint32 *indices,
                            gsize          n_indices,
                            GError       **error)
{
  for (gsize start = 0; start < n_indices; start += CONVERT_CHUNK)
    {
      guint16 chunk[CONVERT_CHUNK];
      gsize   n = MIN (CONVERT_CHUNK, n_indices - start);

      if (start % WRITE_STEP_ELEMENTS == 0 && !stream_step (stream, error))
        return FALSE;
      for (gsize k = 0; k < n; k++)
        chunk[k] = GUINT16_TO_LE ((guint16) indices[start + k]);
      if (!stream_write (stream, chunk, 2 * n, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_glb (TwinGltfWriter *self,
           GlbStream      *stream,
           GError        **error)
{
  guint64 json_padded = round_up_4 (self->json_length);

  if (!stream_write_u32 (stream, GLB_MAGIC, error) ||
      !stream_write_u32 (stream, GLB_VERSION, error) ||
      !stream_write_u32 (stream, (guint32) stream->total, error) ||
      !stream_write_u32 (stream, (guint32) json_padded, error) ||
      !stream_write_u32 (stream, GLB_CHUNK_JSON, error) ||
      !stream_write (stream, self->json, self->json_length, error) ||
      !stream_pad (stream, ' ', error))
    return FALSE;

  if (self->bin_length == 0)
    return TRUE;

  if (!stream_write_u32 (stream, (guint32) self->bin_length, error) ||
      !stream_write_u32 (stream, GLB_CHUNK_BIN, error))
    return FALSE;

  for (guint i = 0; i < self->geometries->len; i++)
    {
      const Geometry *geometry = g_ptr_array_index (self->geometries, i);
      gboolean        ok;

      g_assert (stream->written == GLB_HEADER_SIZE + 2 * GLB_CHUNK_HEADER_SIZE + json_padded + geometry->offset);
      ok = stream_write_words (stream, geometry->positions, 3 * (gsize) geometry->n_vertices, error) &&
           stream_write_words (stream, geometry->normals, 3 * (gsize) geometry->n_vertices, error);
      if (ok && geometry->short_indices)
        ok = stream_write_short_indices (stream, geometry->indices, geometry->n_indices, error);
      else if (ok)
        ok = stream_write_words (stream, geometry->indices, geometry->n_indices, error);
      if (!ok || !stream_pad (stream, 0, error))
        return FALSE;
    }
  return stream_step (stream, error);
}

/* Opens a new temporary file next to @path, or says why the folder cannot take one. */
static int
open_temporary (const char *path,
                const char *display,
                char      **tmp_path,
                GError    **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *template = NULL;
  int fd;
  int saved_errno;

  template = g_strdup_printf ("%s%c.%s.XXXXXX", folder, G_DIR_SEPARATOR, base);
  fd = g_mkstemp_full (template, O_WRONLY | O_CLOEXEC, 0666);
  if (fd >= 0)
    {
      *tmp_path = g_steal_pointer (&template);
      return fd;
    }

  saved_errno = errno;
  if (saved_errno == ENOENT || saved_errno == ENOTDIR)
    {
      g_autofree char *folder_display = g_filename_display_name (folder);

      if (g_file_test (folder, G_FILE_TEST_EXISTS))
        g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_IO,
                     _ ("Cannot write “%s”: “%s” is not a folder."), display, folder_display);
      else
        g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_IO,
                     _ ("Cannot write “%s”: the folder “%s” does not exist."), display, folder_display);
      return -1;
    }
  set_io_error (error, display, saved_errno);
  return -1;
}

static void
twin_gltf_writer_finalize (GObject *object)
{
  TwinGltfWriter *self = (TwinGltfWriter *) object;

  g_clear_pointer (&self->json, g_free);
  g_clear_pointer (&self->geometries, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);

  G_OBJECT_CLASS (twin_gltf_writer_parent_class)->finalize (object);
}

static void
twin_gltf_writer_class_init (TwinGltfWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = twin_gltf_writer_finalize;
}

static void
twin_gltf_writer_init (TwinGltfWriter *self)
{
  self->geometries = g_ptr_array_new_with_free_func ((GDestroyNotify) geometry_free);
  self->warnings = g_ptr_array_new_null_terminated (0, g_free, TRUE);
}

/**
 * twin_gltf_writer_new:
 * @model: the twin
 * @catalog: (nullable): its meshes; %NULL exports every entity as the 3D
 *   view draws one without a mesh
 * @color_by: (nullable): colour the entities by this value, as the 3D view
 *   does; %NULL colours them by type
 *
 * Reads what the export needs from @model, @catalog and @color_by, and
 * builds the file's description. Call it on the thread that owns them;
 * afterwards the writer holds no reference to any of them, and later edits
 * do not change the file.
 *
 * An entity whose mesh the catalog lacks or cannot read is exported as if
 * it had none, and a warning says so (twin_gltf_writer_get_warnings()). It
 * loads every mesh the model uses (the catalog keeps them): O(entities +
 * mesh data) time, the meshes' memory shared, about 1 KiB a entity more.
 *
 * Returns: (transfer full): a writer
 */
TwinGltfWriter *
twin_gltf_writer_new (TwinModel       *model,
                      TwinMeshCatalog *catalog,
                      TwinColorBy     *color_by)
{
  g_autoptr (TwinGltfWriter) self = NULL;
  SceneBuilder builder = { 0 };

  g_return_val_if_fail (TWIN_IS_MODEL (model), NULL);
  g_return_val_if_fail (twin_model_get_root (model) != NULL, NULL);
  g_return_val_if_fail (catalog == NULL || TWIN_IS_MESH_CATALOG (catalog), NULL);
  g_return_val_if_fail (color_by == NULL || TWIN_IS_COLOR_BY (color_by), NULL);

  self = g_object_new (TWIN_TYPE_GLTF_WRITER, NULL);

  builder.self = self;
  builder.model = model;
  builder.catalog = catalog;
  builder.color_by = color_by;
  builder.box_by_entity = g_hash_table_new (NULL, NULL);
  builder.nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  builder.geometry_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  builder.failure_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  builder.materials = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  builder.material_by_color = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  builder.mesh_entries = g_array_new (FALSE, FALSE, sizeof (MeshEntry));

  build_scene (&builder);

  g_clear_pointer (&builder.boxes, g_array_unref);
  g_clear_pointer (&builder.box_by_entity, g_hash_table_unref);
  g_clear_pointer (&builder.nodes, g_ptr_array_unref);
  g_clear_pointer (&builder.geometry_by_id, g_hash_table_unref);
  g_clear_pointer (&builder.failure_by_id, g_hash_table_unref);
  g_clear_pointer (&builder.materials, g_ptr_array_unref);
  g_clear_pointer (&builder.material_by_color, g_hash_table_unref);
  g_clear_pointer (&builder.mesh_entries, g_array_unref);

  return g_steal_pointer (&self);
}

/**
 * twin_gltf_writer_get_warnings:
 *
 * What the export leaves out or changes, one translated sentence each
 * naming the entity: a mesh the project lacks or cannot read.
 *
 * Returns: (array zero-terminated=1) (transfer none): the warnings, empty
 *   when there are none
 */
const char *const *
twin_gltf_writer_get_warnings (TwinGltfWriter *self)
{
  static const char *const none[] = { NULL };

  g_return_val_if_fail (TWIN_IS_GLTF_WRITER (self), NULL);

  /* An empty array may have no storage yet. */
  if (self->warnings->pdata == NULL)
    return none;
  return (const char *const *) self->warnings->pdata;
}

/**
 * twin_gltf_writer_dup_json:
 *
 * The glTF JSON the file's JSON chunk holds, without its padding.
 *
 * Returns: (transfer full): UTF-8 JSON
 */
char *
twin_gltf_writer_dup_json (TwinGltfWriter *self)
{
  g_return_val_if_fail (TWIN_IS_GLTF_WRITER (self), NULL);

  return g_strndup (self->json, self->json_length);
}

/**
 * twin_gltf_writer_get_file_size:
 *
 * Returns: the size of the file twin_gltf_writer_write() writes, bytes
 */
guint64
twin_gltf_writer_get_file_size (TwinGltfWriter *self)
{
  g_return_val_if_fail (TWIN_IS_GLTF_WRITER (self), 0);

  return GLB_HEADER_SIZE + GLB_CHUNK_HEADER_SIZE + round_up_4 (self->json_length) +
         (self->bin_length > 0 ? GLB_CHUNK_HEADER_SIZE + self->bin_length : 0);
}

/**
 * twin_gltf_writer_write:
 * @path: the GLB file to write; an existing file is replaced
 * @cancellable: (nullable): stops the export
 * @progress: (nullable) (scope call): told how far the file has come
 * @user_data: data for @progress
 * @error: return location for a #TWIN_MESH_ERROR
 *
 * Writes the binary glTF file. The data goes to a temporary file in
 * @path's folder, which replaces @path only once complete and flushed to
 * disk, so @path is never left half written: after a failure or a cancel
 * it is as it was, and no temporary file is left.
 *
 * Touches only the writer, never the model, so it may run on another
 * thread than twin_gltf_writer_new().
 *
 * Errors: %TWIN_MESH_ERROR_IO when the folder is missing or the system
 * refuses a write (the message names the file and the reason),
 * %TWIN_MESH_ERROR_CANCELLED when @cancellable was cancelled, and
 * %TWIN_MESH_ERROR_INVALID when the scene exceeds the 4 GiB a GLB file can
 * hold.
 *
 * Returns: %TRUE when @path holds the whole file
 */
gboolean
twin_gltf_writer_write (TwinGltfWriter      *self,
                        const char          *path,
                        GCancellable        *cancellable,
                        TwinGltfProgressFunc progress,
                        gpointer             user_data,
                        GError             **error)
{
  g_autofree char   *display = NULL;
  g_autofree char   *tmp_path = NULL;
  g_autofree guint8 *buffer = NULL;
  GlbStream          stream = { 0 };
  gboolean           ok;
  int                fd;

  g_return_val_if_fail (TWIN_IS_GLTF_WRITER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_name (path);
  stream.total = twin_gltf_writer_get_file_size (self);
  if (stream.total > G_MAXUINT32)
    {
      g_autofree char *size = g_format_size (stream.total);

      g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_INVALID,
                   _ ("Cannot write “%s”: the scene needs %s, more than the 4 GiB a GLB file can hold."),
                   display, size);
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_IO,
                   _ ("Cannot write “%s”: it is a folder."), display);
      return FALSE;
    }

  fd = open_temporary (path, display, &tmp_path, error);
  if (fd < 0)
    return FALSE;

  buffer = g_malloc (WRITE_BUFFER_SIZE);
  stream.fd = fd;
  stream.display = display;
  stream.buffer = buffer;
  stream.cancellable = cancellable;
  stream.progress = progress;
  stream.user_data = user_data;
  stream.reported_percent = -1;

  ok = stream_step (&stream, error) &&
       write_glb (self, &stream, error) &&
       stream_flush (&stream, error);
  g_assert (!ok || stream.written == stream.total);
  if (ok && fsync (fd) != 0)
    ok = set_io_error (error, display, errno);
  if (close (fd) != 0 && ok)
    ok = set_io_error (error, display, errno);
  if (ok && g_rename (tmp_path, path) != 0)
    ok = set_io_error (error, display, errno);

  if (!ok)
    {
      g_unlink (tmp_path);
      return FALSE;
    }
  if (progress != NULL)
    progress (1.0, user_data);
  return TRUE;
}
