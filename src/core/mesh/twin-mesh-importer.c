/* twin-mesh-importer.c: reads a CAD or 3D mesh file through Assimp and adds it to a twin.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An import has three stages, in any thread:
 *
 * 1. Assimp reads the file (twin-mesh-assimp.cpp) with Triangulate and
 *    SortByPType only; points and lines are dropped. JoinIdenticalVertices
 *    and GenNormals are left out on purpose: on a 1M-triangle STL the first
 *    costs seconds and gigabytes and merges nothing, since facet normals
 *    keep every corner distinct.
 * 2. The node tree is walked and each output mesh (the whole file, or one
 *    node's meshes) is built: positions, moved into the output frame, are
 *    welded by their exact bits (and the normal's, when the file's normals
 *    are kept) in an open-addressing hash table. Each aiMesh is freed as
 *    soon as its last user is built, so the scene and our copy overlap by
 *    one mesh at most.
 * 3. Normals: a file's own smooth normals are kept. Where a file has none,
 *    or has facet normals (STL, 3DS, or every triangle flat), they are made
 *    with a crease angle: the triangles around a welded position are grouped
 *    by the direction they face (within 30° of a group's first triangle) and
 *    each group gets its own vertex and area-weighted normal, so a cube keeps
 *    sharp edges (24 vertices) and a cylinder's side is smooth.
 *
 * Units and axes: meshes stay in the file's own units and axes; the import
 * says which (the format's default or the caller's choice, see
 * docs/meshes.md), and node transforms are turned into the entity frame
 * (metres, Z up). Where Assimp itself turns a Z-up format to Y up (3DS,
 * IFC) that turn is undone, and where it scales a format's unit into
 * metres (IFC, COLLADA) a scale that matches a known unit becomes that unit,
 * so stored meshes keep the file's own numbers.
 *
 * Counts are 32-bit, as in TwinMesh: a file of more than about 1.4 billion
 * vertices is refused.
 */

#define G_LOG_DOMAIN "twin-mesh-import"

#include "config.h"

#include "twin-mesh-importer.h"

#include "mesh/twin-mesh-assimp-private.h"
#include "mesh/twin-scene-box.h"
#include "model/twin-entity-type.h"

#include <assimp/config.h>
#include <assimp/postprocess.h>
#include <assimp/scene.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>

/* Triangles facing within this angle of each other share smooth normals. */
#define CREASE_ANGLE_DEG 30.0
/* How deep a file's node tree may be before it is refused. */
#define NODE_DEPTH_MAX 1000
/* Progress: Assimp's part of an import, then ours. */
#define READ_SHARE 0.6
/* Work between two looks at the cancellable, in vertices or triangles. */
#define CHECK_EVERY 65536

typedef enum
{
  FORMAT_FACET_NORMALS = 1 << 0,      /* normals are per facet (STL) or Assimp's guess (3DS): always make ours */
  FORMAT_UNDO_Y_UP_TURN = 1 << 1,     /* Assimp turned the file from Z up to Y up in its root node */
  FORMAT_ROOT_SCALE_IS_UNIT = 1 << 2, /* Assimp scaled the file's unit into metres in its root node */
  FORMAT_COLLADA_UP = 1 << 3,         /* COLLADA text: its <up_axis> is read here, not applied by Assimp */
  FORMAT_FBX = 1 << 4,
} FormatFlags;

typedef struct
{
  const char  *extension;
  const char  *label;
  TwinMeshUnit unit;
  TwinMeshUp   up;
  FormatFlags  flags;
} FormatInfo;

/* The formats Twin Studio reads and their defaults; docs/meshes.md has the same table. */
static const FormatInfo formats[] = {
  { "obj", "OBJ", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Y, 0 },
  { "stl", "STL", TWIN_MESH_UNIT_MM, TWIN_MESH_UP_Z, FORMAT_FACET_NORMALS },
  { "ply", "PLY", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Y, 0 },
  { "gltf", "glTF", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Y, 0 },
  { "glb", "GLB", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Y, 0 },
  { "fbx", "FBX", TWIN_MESH_UNIT_CM, TWIN_MESH_UP_Y, FORMAT_FBX },
  { "dae", "COLLADA", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Y, FORMAT_COLLADA_UP | FORMAT_ROOT_SCALE_IS_UNIT },
  /* Zipped: its header cannot be read directly, so Assimp turns it to Y up. */
  { "zae", "COLLADA", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Y, FORMAT_ROOT_SCALE_IS_UNIT },
  { "3ds", "3DS", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Z, FORMAT_FACET_NORMALS | FORMAT_UNDO_Y_UP_TURN },
  { "3mf", "3MF", TWIN_MESH_UNIT_MM, TWIN_MESH_UP_Z, 0 },
  { "ifc", "IFC", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Z, FORMAT_UNDO_Y_UP_TURN | FORMAT_ROOT_SCALE_IS_UNIT },
  { "ifczip", "IFC", TWIN_MESH_UNIT_M, TWIN_MESH_UP_Z, FORMAT_UNDO_Y_UP_TURN | FORMAT_ROOT_SCALE_IS_UNIT },
};

/* A 4 × 4 affine matrix in double precision, row-major: m[row][column]. */
typedef double Mat4[4][4];

/* One aiMesh placed in an output mesh's frame. */
typedef struct
{
  guint    mesh_index;
  Mat4     matrix;
  gboolean identity;
} Part;

typedef struct
{
  /* Borrowed */
  const char                *path;
  const FormatInfo          *format;
  GCancellable              *cancellable;
  TwinMeshImportProgressFunc progress;
  gpointer                   progress_data;

  /* Owned */
  char                      *display_name; /* the file's name for messages */
  TwinAssimpReader          *reader;
  guint                     *mesh_users;  /* per aiMesh: builds still to come that use it */
  GHashTable                *mesh_cache;  /* "i,j,…" → TwinMesh, meshes of nodes without a baked matrix */
  GHashTable                *seen_meshes; /* TwinMesh → itself, the distinct meshes counted in the totals */
  char                     **mesh_names;  /* per aiMesh: its name, kept after the mesh is freed */

  /* State */
  const struct aiScene      *scene;
  TwinMeshUnit               unit;
  TwinMeshUp                 up;
  Mat4                       to_entity;   /* C: source → entity frame */
  Mat4                       from_entity; /* C⁻¹ */
  guint64                    work_total;  /* source vertices to build, for progress */
  guint64                    work_done;
  double                     last_fraction;
  gboolean                   cancelled;
  char                       collada_up; /* 'X', 'Y' or 'Z' from a COLLADA file's header */
  guint64                    n_triangles;
  guint64                    n_vertices;
} Importer;

static void
importer_clear (Importer *self)
{
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->reader, twin_assimp_reader_free);
  g_clear_pointer (&self->mesh_users, g_free);
  g_clear_pointer (&self->mesh_cache, g_hash_table_unref);
  g_clear_pointer (&self->seen_meshes, g_hash_table_unref);
  g_clear_pointer (&self->mesh_names, g_strfreev);
}

/* ---------------------------------------------------------------------- */
/* Matrices                                                                 */

static void
mat4_identity (Mat4 m)
{
  memset (m, 0, sizeof (Mat4));
  for (int i = 0; i < 4; i++)
    m[i][i] = 1.0;
}

static void
mat4_mul (Mat4 a,
          Mat4 b,
          Mat4 out)
{
  Mat4 r;

  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 4; j++)
      r[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j] + a[i][3] * b[3][j];
  memcpy (out, r, sizeof r);
}

static void
mat4_from_ai (const struct aiMatrix4x4 *m,
              Mat4                      out)
{
  const ai_real *v = &m->a1;

  for (int i = 0; i < 16; i++)
    out[i / 4][i % 4] = (double) v[i];
  out[3][0] = out[3][1] = out[3][2] = 0.0;
  out[3][3] = 1.0;
}

static void
mat4_scaling (double s,
              Mat4   out)
{
  mat4_identity (out);
  out[0][0] = out[1][1] = out[2][2] = s;
}

static double
mat4_det3 (Mat4 m)
{
  return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
         m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
         m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
}

static gboolean
mat4_is_identity (Mat4 m)
{
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 4; j++)
      if (m[i][j] != (i == j ? 1.0 : 0.0))
        return FALSE;
  return TRUE;
}

static gboolean
mat4_is_finite (Mat4 m)
{
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 4; j++)
      if (!isfinite (m[i][j]))
        return FALSE;
  return TRUE;
}

/* The inverse transpose of the upper 3 × 3, for normals (scaled by the
 * determinant, which the normalisation after it removes). */
static void
mat4_normal_matrix (Mat4   m,
                    double n[3][3])
{
  n[0][0] = m[1][1] * m[2][2] - m[1][2] * m[2][1];
  n[0][1] = m[1][2] * m[2][0] - m[1][0] * m[2][2];
  n[0][2] = m[1][0] * m[2][1] - m[1][1] * m[2][0];
  n[1][0] = m[0][2] * m[2][1] - m[0][1] * m[2][2];
  n[1][1] = m[0][0] * m[2][2] - m[0][2] * m[2][0];
  n[1][2] = m[0][1] * m[2][0] - m[0][0] * m[2][1];
  n[2][0] = m[0][1] * m[1][2] - m[0][2] * m[1][1];
  n[2][1] = m[0][2] * m[1][0] - m[0][0] * m[1][2];
  n[2][2] = m[0][0] * m[1][1] - m[0][1] * m[1][0];
}

/* The conversion C of twin_mesh_get_conversion_matrix() and its inverse. */
static void
conversion_matrices (TwinMeshUnit unit,
                     TwinMeshUp   up,
                     Mat4         to_entity,
                     Mat4         from_entity)
{
  double s = twin_mesh_unit_get_metres (unit);

  mat4_identity (to_entity);
  mat4_identity (from_entity);
  if (up == TWIN_MESH_UP_Y)
    {
      /* (x, y, z) ↦ s·(x, −z, y) */
      to_entity[0][0] = s;
      to_entity[1][1] = 0.0;
      to_entity[1][2] = -s;
      to_entity[2][1] = s;
      to_entity[2][2] = 0.0;
      from_entity[0][0] = 1.0 / s;
      from_entity[1][1] = 0.0;
      from_entity[1][2] = 1.0 / s;
      from_entity[2][1] = -1.0 / s;
      from_entity[2][2] = 0.0;
    }
  else
    {
      for (int i = 0; i < 3; i++)
        {
          to_entity[i][i] = s;
          from_entity[i][i] = 1.0 / s;
        }
    }
}

/* Rounds a number read from float data to float precision (7 significant
 * digits), and what is nearly zero to zero, so transforms read cleanly. */
static double
snap (double value,
      double zero)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (fabs (value) < zero)
    return 0.0;
  g_ascii_formatd (buffer, sizeof buffer, "%.7g", value);
  return g_ascii_strtod (buffer, NULL);
}

/* Splits @m into a TwinTransform (translate · Rz · Ry · Rx · scale, as
 * twin_scene_box_transform_to_matrix() composes them). Returns FALSE when
 * @m has a shear or a zero scale, which a TwinTransform cannot hold. */
static gboolean
decompose (Mat4           m,
           TwinTransform *transform)
{
  double scale[3];
  double r[3][3];
  double pitch;
  mat4   check;
  double largest = 1.0;

  for (int j = 0; j < 3; j++)
    {
      scale[j] = sqrt (m[0][j] * m[0][j] + m[1][j] * m[1][j] + m[2][j] * m[2][j]);
      if (!(scale[j] > 1e-12) || !isfinite (scale[j]))
        return FALSE;
    }
  if (mat4_det3 (m) < 0.0)
    scale[0] = -scale[0];
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      r[i][j] = m[i][j] / scale[j];

  pitch = asin (CLAMP (-r[2][0], -1.0, 1.0));
  if (fabs (r[2][0]) < 1.0 - 1e-9)
    {
      transform->rotation_deg[0] = atan2 (r[2][1], r[2][2]) * 180.0 / G_PI;
      transform->rotation_deg[2] = atan2 (r[1][0], r[0][0]) * 180.0 / G_PI;
    }
  else
    {
      transform->rotation_deg[0] = 0.0;
      transform->rotation_deg[2] = atan2 (-r[0][1], r[1][1]) * 180.0 / G_PI;
    }
  transform->rotation_deg[1] = pitch * 180.0 / G_PI;
  for (int i = 0; i < 3; i++)
    {
      transform->position_m[i] = snap (m[i][3], 1e-9);
      transform->rotation_deg[i] = snap (transform->rotation_deg[i], 1e-6);
      if (transform->rotation_deg[i] == -180.0)
        transform->rotation_deg[i] = 180.0;
      transform->scale[i] = snap (scale[i], 1e-12);
    }

  /* A shear leaves a difference between the parts and the whole. */
  twin_scene_box_transform_to_matrix (transform, check);
  for (int i = 0; i < 3; i++)
    largest = MAX (largest, fabs (m[i][3]));
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 4; j++)
      {
        double tolerance = j == 3 ? 1e-5 * largest : 1e-4 * fabs (scale[j]);

        /* cglm: check[column][row] */
        if (fabs ((double) check[j][i] - m[i][j]) > tolerance)
          return FALSE;
      }
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Formats                                                                  */

static const FormatInfo *
lookup_format (const char *path)
{
  g_autofree char *basename = g_path_get_basename (path);
  const char      *dot = strrchr (basename, '.');

  if (dot == NULL || dot == basename)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (dot + 1, formats[i].extension) == 0)
      return &formats[i];
  return NULL;
}

/**
 * twin_mesh_import_options_init:
 * @options: (out caller-allocates): the options to reset
 *
 * A plain import with the format's default unit and up axis.
 */
void
twin_mesh_import_options_init (TwinMeshImportOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->unit = TWIN_MESH_UNIT_M;
  options->up = TWIN_MESH_UP_Z;
}

/**
 * twin_mesh_import_is_supported:
 * @path: a file name
 *
 * Returns: %TRUE when @path ends in the extension of a format Twin Studio
 *   reads (OBJ, STL, PLY, glTF, GLB, FBX, COLLADA, 3DS, 3MF, IFC), whatever
 *   the file holds
 */
gboolean
twin_mesh_import_is_supported (const char *path)
{
  g_return_val_if_fail (path != NULL, FALSE);

  return lookup_format (path) != NULL;
}

/**
 * twin_mesh_import_get_defaults:
 * @path: a file name
 * @unit: (out) (optional): the format's default unit
 * @up: (out) (optional): the format's default up axis
 *
 * The unit and up axis an import of @path assumes unless told otherwise,
 * from its extension alone. COLLADA and FBX files may say otherwise inside,
 * and an import follows them.
 *
 * Returns: %TRUE when the format is supported
 */
gboolean
twin_mesh_import_get_defaults (const char   *path,
                               TwinMeshUnit *unit,
                               TwinMeshUp   *up)
{
  const FormatInfo *format;

  g_return_val_if_fail (path != NULL, FALSE);

  format = lookup_format (path);
  if (format == NULL)
    return FALSE;
  if (unit != NULL)
    *unit = format->unit;
  if (up != NULL)
    *up = format->up;
  return TRUE;
}

static char *
dup_supported_list (void)
{
  /* TRANSLATORS: the formats of mesh files Twin Studio reads. */
  return g_strdup (_ ("OBJ, STL, PLY, glTF, GLB, FBX, COLLADA (.dae), 3DS, 3MF and IFC"));
}

/* COLLADA says its up axis in its <asset> header: 'X', 'Y' (also when it
 * says nothing) or 'Z'. Assimp would turn a Z-up scene to Y up in its root
 * node; we ask it not to and record Z up instead, so the stored numbers are
 * the file's. An X-up file (rare) is left to Assimp to turn. */
static char
sniff_collada_up (const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInputStream) stream = NULL;
  char        buffer[16384];
  gssize      n;
  const char *tag;

  stream = g_file_read (file, NULL, NULL);
  if (stream == NULL)
    return 'Y';
  n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, sizeof buffer - 1, NULL, NULL);
  if (n <= 0)
    return 'Y';
  buffer[n] = '\0';
  tag = g_strstr_len (buffer, n, "<up_axis>");
  if (tag == NULL)
    return 'Y';
  tag = g_strchug ((char *) tag + strlen ("<up_axis>"));
  if (g_str_has_prefix (tag, "Z_UP"))
    return 'Z';
  if (g_str_has_prefix (tag, "X_UP"))
    return 'X';
  return 'Y';
}

static const struct aiMetadataEntry *
find_metadata (const struct aiScene *scene,
               const char           *key)
{
  const struct aiMetadata *data = scene->mMetaData;

  if (data == NULL || data->mKeys == NULL || data->mValues == NULL)
    return NULL;
  for (guint i = 0; i < data->mNumProperties; i++)
    if (strcmp (data->mKeys[i].data, key) == 0 && data->mValues[i].mData != NULL)
      return &data->mValues[i];
  return NULL;
}

static gboolean
get_metadata_number (const struct aiScene *scene,
                     const char           *key,
                     double               *value)
{
  const struct aiMetadataEntry *entry = find_metadata (scene, key);

  if (entry == NULL)
    return FALSE;
  switch (entry->mType)
    {
    case AI_INT32:
      *value = *(const gint32 *) entry->mData;
      return TRUE;
    case AI_UINT64:
      *value = (double) *(const guint64 *) entry->mData;
      return TRUE;
    case AI_FLOAT:
      *value = *(const float *) entry->mData;
      return TRUE;
    case AI_DOUBLE:
      *value = *(const double *) entry->mData;
      return TRUE;
    default:
      return FALSE;
    }
}

/* The unit whose length is @metres, within float precision. */
static gboolean
unit_from_metres (double        metres,
                  TwinMeshUnit *unit)
{
  static const TwinMeshUnit units[] = { TWIN_MESH_UNIT_MM, TWIN_MESH_UNIT_CM, TWIN_MESH_UNIT_M, TWIN_MESH_UNIT_IN };

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      double length = twin_mesh_unit_get_metres (units[i]);

      if (fabs (metres - length) <= 1e-5 * length)
        {
          *unit = units[i];
          return TRUE;
        }
    }
  return FALSE;
}

/* Works out the unit, the up axis and the matrix that takes the root
 * node's frame to the frame the meshes are stored in (see the top). */
static void
resolve_frame (Importer                    *self,
               const TwinMeshImportOptions *options,
               Mat4                         root)
{
  const FormatInfo *format = self->format;
  TwinMeshUnit      unit = format->unit;
  TwinMeshUp        up = format->up;
  Mat4              adjust;

  mat4_from_ai (&self->scene->mRootNode->mTransformation, root);

  if (format->flags & FORMAT_UNDO_Y_UP_TURN)
    {
      /* Assimp applied (x, y, z) ↦ (x, z, −y); this is its inverse. */
      mat4_identity (adjust);
      adjust[1][1] = 0.0;
      adjust[1][2] = -1.0;
      adjust[2][1] = 1.0;
      adjust[2][2] = 0.0;
      mat4_mul (adjust, root, root);
    }

  if (format->flags & FORMAT_ROOT_SCALE_IS_UNIT)
    {
      double scale = cbrt (fabs (mat4_det3 (root)));

      if (unit_from_metres (scale, &unit))
        {
          mat4_scaling (1.0 / scale, adjust);
          mat4_mul (adjust, root, root);
        }
      else
        unit = TWIN_MESH_UNIT_M;
    }

  if (format->flags & FORMAT_COLLADA_UP)
    up = self->collada_up == 'Z' ? TWIN_MESH_UP_Z : TWIN_MESH_UP_Y;

  if (format->flags & FORMAT_FBX)
    {
      double factor_cm;
      double axis;

      /* UnitScaleFactor: centimetres per file unit. */
      if (get_metadata_number (self->scene, "UnitScaleFactor", &factor_cm) && isfinite (factor_cm) &&
          factor_cm > 0.0 && !unit_from_metres (factor_cm / 100.0, &unit))
        {
          unit = TWIN_MESH_UNIT_CM;
          mat4_scaling (factor_cm, adjust);
          mat4_mul (adjust, root, root);
        }
      if (get_metadata_number (self->scene, "UpAxis", &axis))
        up = axis == 2.0 ? TWIN_MESH_UP_Z : TWIN_MESH_UP_Y;
    }

  if (options->has_unit)
    unit = options->unit;
  if (options->has_up)
    up = options->up;
  self->unit = unit;
  self->up = up;
  conversion_matrices (unit, up, self->to_entity, self->from_entity);
}

/* ---------------------------------------------------------------------- */
/* Progress and cancel                                                      */

static void
report (Importer *self,
        double    fraction)
{
  fraction = CLAMP (fraction, 0.0, 1.0);
  if (self->progress == NULL)
    return;
  if (fraction < 1.0 && fraction - self->last_fraction < 0.005)
    return;
  self->last_fraction = fraction;
  self->progress (fraction, self->progress_data);
}

static gboolean
assimp_progress_cb (double   fraction,
                    gpointer user_data)
{
  Importer *self = user_data;

  if (g_cancellable_is_cancelled (self->cancellable))
    return FALSE;
  report (self, fraction * READ_SHARE);
  return !g_cancellable_is_cancelled (self->cancellable);
}

static void
add_work (Importer *self,
          guint64   amount)
{
  self->work_done += amount;
  if (self->work_total > 0)
    report (self, READ_SHARE + (1.0 - READ_SHARE) * (double) self->work_done / (double) self->work_total);
}

static gboolean
check_cancelled (Importer *self,
                 GError  **error)
{
  if (self->cancelled || g_cancellable_is_cancelled (self->cancellable))
    {
      self->cancelled = TRUE;
      g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_CANCELLED,
                   _ ("The import of “%s” was cancelled"), self->display_name);
      return TRUE;
    }
  return FALSE;
}

/* ---------------------------------------------------------------------- */
/* Welding                                                                  */

/* Growable float triples. */
typedef struct
{
  float *data;
  guint  len;
  guint  capacity;
} Vec3Array;

static void
vec3_array_reserve (Vec3Array *array,
                    guint      capacity)
{
  if (capacity <= array->capacity)
    return;
  array->data = g_renew (float, array->data, 3 * (gsize) capacity);
  array->capacity = capacity;
}

static void
vec3_array_append (Vec3Array   *array,
                   const float *v)
{
  if (array->len == array->capacity)
    vec3_array_reserve (array, MAX (1024, array->capacity + array->capacity / 2));
  memcpy (array->data + 3 * (gsize) array->len, v, 3 * sizeof (float));
  array->len++;
}

/* Hands the array over at its exact size. */
static float *
vec3_array_steal (Vec3Array *array)
{
  float *data = g_renew (float, array->data, 3 * (gsize) MAX (array->len, 1));

  array->data = NULL;
  array->len = array->capacity = 0;
  return data;
}

/* Unique vertices: a position, and with @with_normals its normal too. */
typedef struct
{
  gboolean  with_normals;
  Vec3Array positions;
  Vec3Array normals;
  guint32  *slots; /* vertex index + 1; 0 is empty */
  guint     mask;
  guint32  *recent; /* RECENT_SIZE slots: vertex index + 1, by hash */
} WeldTable;

/* Files list triangles in an order that keeps neighbours close (a strip, a
 * patch), so most corners repeat a vertex made shortly before. A small
 * table of recent vertices that stays in the CPU's cache answers those
 * without touching the big table. */
#define RECENT_SIZE 16384
/* Vertices moved and hashed together before their lookups. */
#define WELD_BATCH 16

static inline guint32
rotl32 (guint32 x,
        int     r)
{
  return (x << r) | (x >> (32 - r));
}

static inline guint32
hash_floats (const float *p,
             const float *n)
{
  guint32 h = 0x9747b28c;
  guint32 k;
  int     count = n != NULL ? 6 : 3;

  for (int i = 0; i < count; i++)
    {
      memcpy (&k, i < 3 ? p + i : n + i - 3, 4);
      k *= 0xcc9e2d51;
      k = rotl32 (k, 15);
      k *= 0x1b873593;
      h ^= k;
      h = rotl32 (h, 13) * 5 + 0xe6546b64;
    }
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return h;
}

static void
weld_table_init (WeldTable *table,
                 gboolean   with_normals,
                 guint      expected)
{
  guint size = 1024;

  memset (table, 0, sizeof *table);
  table->with_normals = with_normals;
  while (size < expected && size < (1u << 31))
    size <<= 1;
  table->slots = g_new0 (guint32, size);
  table->mask = size - 1;
  table->recent = g_new0 (guint32, RECENT_SIZE);
  vec3_array_reserve (&table->positions, MAX (expected / 2, 1024));
  if (with_normals)
    vec3_array_reserve (&table->normals, MAX (expected / 2, 1024));
}

static void
weld_table_clear (WeldTable *table)
{
  g_clear_pointer (&table->slots, g_free);
  g_clear_pointer (&table->recent, g_free);
  g_clear_pointer (&table->positions.data, g_free);
  g_clear_pointer (&table->normals.data, g_free);
}

static void
weld_table_grow (WeldTable *table)
{
  guint size = 2 * (table->mask + 1);

  g_free (table->slots);
  table->slots = g_new0 (guint32, size);
  table->mask = size - 1;
  for (guint v = 0; v < table->positions.len; v++)
    {
      const float *p = table->positions.data + 3 * (gsize) v;
      const float *n = table->with_normals ? table->normals.data + 3 * (gsize) v : NULL;
      guint32      slot = hash_floats (p, n) & table->mask;

      while (table->slots[slot] != 0)
        slot = (slot + 1) & table->mask;
      table->slots[slot] = v + 1;
    }
}

/* The index of the vertex with exactly these bits, added if new. The
 * caller has turned −0 into +0, so equal numbers have equal bits. */
static guint32
weld_table_insert (WeldTable   *table,
                   const float *p,
                   const float *n,
                   guint32      hash)
{
  guint32 *recent = &table->recent[hash >> 18];
  guint32  slot = hash & table->mask;
  guint32  entry;

  G_STATIC_ASSERT (RECENT_SIZE == 1 << (32 - 18));
  if ((entry = *recent) != 0 &&
      memcmp (p, table->positions.data + 3 * (gsize) (entry - 1), 3 * sizeof (float)) == 0 &&
      (n == NULL || memcmp (n, table->normals.data + 3 * (gsize) (entry - 1), 3 * sizeof (float)) == 0))
    return entry - 1;

  while ((entry = table->slots[slot]) != 0)
    {
      const float *q = table->positions.data + 3 * (gsize) (entry - 1);

      if (memcmp (p, q, 3 * sizeof (float)) == 0 &&
          (n == NULL || memcmp (n, table->normals.data + 3 * (gsize) (entry - 1), 3 * sizeof (float)) == 0))
        {
          *recent = entry;
          return entry - 1;
        }
      slot = (slot + 1) & table->mask;
    }
  vec3_array_append (&table->positions, p);
  if (n != NULL)
    vec3_array_append (&table->normals, n);
  table->slots[slot] = table->positions.len;
  *recent = table->positions.len;
  if (2 * (gsize) table->positions.len > table->mask + 1)
    weld_table_grow (table);
  return table->positions.len - 1;
}

/* ---------------------------------------------------------------------- */
/* Crease normals                                                           */

/* One triangle's facing: its unit normal and twice its area. */
typedef struct
{
  float normal[3];
  float area;
} Facet;

typedef struct
{
  guint32 seed;   /* the triangle that started the group */
  guint32 vertex; /* its output vertex */
  float   sum[3]; /* area-weighted normal */
} Group;

/* Gives each welded position one output vertex per group of triangles that
 * face within the crease angle of each other, with their area-weighted
 * normal, and rewrites @triangles to use them. */
static gboolean
make_crease_normals (Importer *self,
                     float    *positions,
                     guint     n_positions,
                     guint32  *triangles,
                     guint     n_triangles,
                     float   **out_positions,
                     float   **out_normals,
                     guint    *out_n_vertices,
                     GError  **error)
{
  const float         cos_limit = (float) cos (CREASE_ANGLE_DEG * G_PI / 180.0);
  g_autofree Facet   *facets = g_new (Facet, n_triangles);
  g_autofree guint32 *offsets = g_new0 (guint32, (gsize) n_positions + 1);
  g_autofree guint32 *corners = g_new (guint32, 3 * (gsize) n_triangles);
  g_autofree Group   *heap_groups = NULL;
  Group               stack_groups[16];
  Group              *groups = stack_groups;
  guint               capacity = G_N_ELEMENTS (stack_groups);
  Vec3Array           out_p = { 0 };
  Vec3Array           out_n = { 0 };

  for (guint t = 0; t < n_triangles; t++)
    {
      const float *a = positions + 3 * (gsize) triangles[3 * t];
      const float *b = positions + 3 * (gsize) triangles[3 * t + 1];
      const float *c = positions + 3 * (gsize) triangles[3 * t + 2];
      float        e1[3] = { b[0] - a[0], b[1] - a[1], b[2] - a[2] };
      float        e2[3] = { c[0] - a[0], c[1] - a[1], c[2] - a[2] };
      float        n[3] = {
               e1[1] * e2[2] - e1[2] * e2[1],
               e1[2] * e2[0] - e1[0] * e2[2],
               e1[0] * e2[1] - e1[1] * e2[0],
      };
      float  length = sqrtf (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
      Facet *facet = &facets[t];

      if (length > 0.0f && isfinite (length))
        {
          facet->area = length;
          for (int k = 0; k < 3; k++)
            facet->normal[k] = n[k] / length;
        }
      else
        memset (facet, 0, sizeof *facet);
      for (int k = 0; k < 3; k++)
        offsets[triangles[3 * t + k]]++;
    }
  /* Counts, then running totals: offsets[v] is where v's corners end.
   * Filled from the back, it moves down to where they start, so v's
   * corners are offsets[v] … offsets[v + 1], in triangle order. */
  for (guint v = 1; v <= n_positions; v++)
    offsets[v] += offsets[v - 1];
  for (guint i = 3 * n_triangles; i-- > 0;)
    corners[--offsets[triangles[i]]] = i;

  vec3_array_reserve (&out_p, n_positions + n_positions / 4 + 16);
  vec3_array_reserve (&out_n, n_positions + n_positions / 4 + 16);
  for (guint v = 0; v < n_positions; v++)
    {
      guint n_groups = 0;

      for (guint i = offsets[v]; i < offsets[v + 1]; i++)
        {
          const Facet *facet = &facets[corners[i] / 3];
          Group       *group = NULL;

          if (facet->area > 0.0f)
            {
              for (guint g = 0; g < n_groups; g++)
                {
                  const float *s = facets[groups[g].seed].normal;

                  if (facet->normal[0] * s[0] + facet->normal[1] * s[1] + facet->normal[2] * s[2] >= cos_limit)
                    {
                      group = &groups[g];
                      break;
                    }
                }
            }
          else if (n_groups > 0)
            group = &groups[0]; /* a degenerate triangle joins any group */
          if (group == NULL)
            {
              if (n_groups == capacity)
                {
                  capacity *= 2;
                  if (groups == stack_groups)
                    groups = heap_groups = g_memdup2 (stack_groups, sizeof stack_groups);
                  groups = heap_groups = g_renew (Group, heap_groups, capacity);
                }
              group = &groups[n_groups++];
              group->seed = corners[i] / 3;
              group->vertex = out_p.len;
              memset (group->sum, 0, sizeof group->sum);
              vec3_array_append (&out_p, positions + 3 * (gsize) v);
              vec3_array_append (&out_n, group->sum);
            }
          for (int k = 0; k < 3; k++)
            group->sum[k] += facet->area * facet->normal[k];
          triangles[corners[i]] = group->vertex;
        }
      for (guint g = 0; g < n_groups; g++)
        {
          float *out = out_n.data + 3 * (gsize) groups[g].vertex;
          float *sum = groups[g].sum;
          float  length = sqrtf (sum[0] * sum[0] + sum[1] * sum[1] + sum[2] * sum[2]);

          if (length > 0.0f && isfinite (length))
            for (int k = 0; k < 3; k++)
              out[k] = sum[k] / length;
          else
            {
              out[0] = 0.0f;
              out[1] = 0.0f;
              out[2] = 1.0f;
            }
        }
      if ((v & (CHECK_EVERY - 1)) == CHECK_EVERY - 1 && check_cancelled (self, error))
        {
          g_free (out_p.data);
          g_free (out_n.data);
          return FALSE;
        }
    }

  *out_n_vertices = out_p.len;
  *out_positions = vec3_array_steal (&out_p);
  *out_normals = vec3_array_steal (&out_n);
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Building one mesh                                                        */

static const struct aiMesh *
get_ai_mesh (Importer *self,
             guint     index)
{
  if (index >= self->scene->mNumMeshes || self->scene->mMeshes == NULL)
    return NULL;
  return self->scene->mMeshes[index];
}

static gboolean
has_triangles (const struct aiMesh *mesh)
{
  return mesh != NULL && mesh->mNumFaces > 0 && mesh->mNumVertices > 0 && mesh->mVertices != NULL &&
         mesh->mFaces != NULL && (mesh->mPrimitiveTypes & aiPrimitiveType_TRIANGLE) != 0;
}

/* Whether every triangle of the parts has one normal at all three corners,
 * as facet normals do; or whether any part has no normals at all. */
static gboolean
parts_need_normals (Importer   *self,
                    const Part *parts,
                    guint       n_parts)
{
  if (self->format->flags & FORMAT_FACET_NORMALS)
    return TRUE;
  for (guint p = 0; p < n_parts; p++)
    {
      const struct aiMesh *mesh = get_ai_mesh (self, parts[p].mesh_index);

      if (has_triangles (mesh) && mesh->mNormals == NULL)
        return TRUE;
    }
  for (guint p = 0; p < n_parts; p++)
    {
      const struct aiMesh *mesh = get_ai_mesh (self, parts[p].mesh_index);

      if (!has_triangles (mesh))
        continue;
      for (guint f = 0; f < mesh->mNumFaces; f++)
        {
          const struct aiFace     *face = &mesh->mFaces[f];
          const struct aiVector3D *n;

          if (face->mNumIndices != 3 || face->mIndices == NULL ||
              face->mIndices[0] >= mesh->mNumVertices || face->mIndices[1] >= mesh->mNumVertices ||
              face->mIndices[2] >= mesh->mNumVertices)
            continue;
          n = mesh->mNormals;
          if (memcmp (&n[face->mIndices[0]], &n[face->mIndices[1]], sizeof *n) != 0 ||
              memcmp (&n[face->mIndices[0]], &n[face->mIndices[2]], sizeof *n) != 0)
            return FALSE;
        }
    }
  return TRUE;
}

/* One aiMesh fewer to keep: freed once no build needs it any more. */
static void
release_mesh (Importer *self,
              guint     index)
{
  if (index < self->scene->mNumMeshes && self->mesh_users[index] > 0 && --self->mesh_users[index] == 0)
    twin_assimp_reader_free_mesh (self->reader, index);
}

static gboolean
weld_part (Importer   *self,
           const Part *part,
           gboolean    keep_normals,
           WeldTable  *table,
           GArray     *triangles,
           GError    **error)
{
  const struct aiMesh *mesh = get_ai_mesh (self, part->mesh_index);
  g_autofree guint32  *remap = NULL;
  double               normal_matrix[3][3];
  gboolean             flip;
  guint                reported = 0; /* vertices counted in the progress */

  if (!has_triangles (mesh))
    return TRUE;

  flip = !part->identity && mat4_det3 ((double (*)[4]) part->matrix) < 0.0;
  if (keep_normals)
    mat4_normal_matrix ((double (*)[4]) part->matrix, normal_matrix);

  remap = g_new (guint32, mesh->mNumVertices);
  for (guint start = 0; start < mesh->mNumVertices; start += WELD_BATCH)
    {
      guint   count = MIN (WELD_BATCH, mesh->mNumVertices - start);
      float   p[WELD_BATCH][3];
      float   n[WELD_BATCH][3];
      guint32 hash[WELD_BATCH];

      /* Move and check a batch, then ask for the table slots it will
       * probe before probing the first: the loads overlap. */
      for (guint b = 0; b < count; b++)
        {
          guint                    v = start + b;
          const struct aiVector3D *source = &mesh->mVertices[v];

          if (!isfinite (source->x) || !isfinite (source->y) || !isfinite (source->z))
            {
              g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_INVALID,
                           _ ("“%s” has a vertex whose position is not a finite number (vertex %u of mesh “%s”)"),
                           self->display_name, v + 1, mesh->mName.data);
              return FALSE;
            }
          if (part->identity)
            {
              p[b][0] = source->x;
              p[b][1] = source->y;
              p[b][2] = source->z;
            }
          else
            for (int k = 0; k < 3; k++)
              p[b][k] = (float) (part->matrix[k][0] * source->x + part->matrix[k][1] * source->y +
                                 part->matrix[k][2] * source->z + part->matrix[k][3]);
          for (int k = 0; k < 3; k++)
            {
              if (!isfinite (p[b][k]))
                {
                  g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_INVALID,
                               _ ("“%s” has a vertex that its node transforms put beyond the range of numbers"),
                               self->display_name);
                  return FALSE;
                }
              p[b][k] += 0.0f; /* −0 becomes +0 */
            }
          if (keep_normals)
            {
              const struct aiVector3D *m = &mesh->mNormals[v];
              double                   length;
              double                   d[3];

              for (int k = 0; k < 3; k++)
                d[k] = part->identity ? (k == 0 ? m->x : k == 1 ? m->y
                                                                : m->z)
                                      : normal_matrix[k][0] * m->x + normal_matrix[k][1] * m->y + normal_matrix[k][2] * m->z;
              length = sqrt (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
              if (!(length > 1e-20) || !isfinite (length))
                {
                  d[0] = 0.0;
                  d[1] = 0.0;
                  d[2] = 1.0;
                  length = 1.0;
                }
              for (int k = 0; k < 3; k++)
                n[b][k] = (float) (d[k] / length) + 0.0f;
            }
          hash[b] = hash_floats (p[b], keep_normals ? n[b] : NULL);
          __builtin_prefetch (&table->slots[hash[b] & table->mask]);
        }
      for (guint b = 0; b < count; b++)
        remap[start + b] = weld_table_insert (table, p[b], keep_normals ? n[b] : NULL, hash[b]);
      if (table->positions.len > G_MAXUINT32 / 3)
        {
          g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_INVALID,
                       _ ("“%s” has too many vertices for one mesh"), self->display_name);
          return FALSE;
        }
      if (start + count - reported >= CHECK_EVERY)
        {
          add_work (self, start + count - reported);
          reported = start + count;
          if (check_cancelled (self, error))
            return FALSE;
        }
    }
  add_work (self, mesh->mNumVertices - reported);

  for (guint f = 0; f < mesh->mNumFaces; f++)
    {
      const struct aiFace *face = &mesh->mFaces[f];
      guint32              tri[3];

      if (face->mNumIndices != 3 || face->mIndices == NULL)
        continue;
      for (int k = 0; k < 3; k++)
        {
          if (face->mIndices[k] >= mesh->mNumVertices)
            {
              g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_CORRUPT,
                           _ ("“%s” is damaged: a triangle of mesh “%s” uses vertex %u, which does not exist"),
                           self->display_name, mesh->mName.data, face->mIndices[k] + 1);
              return FALSE;
            }
          tri[k] = remap[face->mIndices[k]];
        }
      /* A triangle whose corners weld together has no area to draw. */
      if (tri[0] == tri[1] || tri[1] == tri[2] || tri[0] == tri[2])
        continue;
      if (flip)
        {
          guint32 swap = tri[1];

          tri[1] = tri[2];
          tri[2] = swap;
        }
      if (triangles->len / 3 >= G_MAXUINT32 / 3 - 1)
        {
          g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_INVALID,
                       _ ("“%s” has too many triangles for one mesh"), self->display_name);
          return FALSE;
        }
      g_array_append_vals (triangles, tri, 3);
    }
  return !check_cancelled (self, error);
}

/* Builds one TwinMesh from @parts; NULL without an error when they hold no
 * triangle. Releases each part's aiMesh when done with it. */
static TwinMesh *
build_mesh (Importer   *self,
            const Part *parts,
            guint       n_parts,
            GError    **error)
{
  g_autoptr (GArray) triangles = NULL;
  WeldTable table;
  gboolean  keep_normals;
  guint64   n_source = 0;
  guint64   n_faces = 0;
  guint     n_triangles;
  float    *positions;
  float    *normals;
  guint     n_vertices;
  gboolean  ok = TRUE;

  for (guint p = 0; p < n_parts; p++)
    {
      const struct aiMesh *mesh = get_ai_mesh (self, parts[p].mesh_index);

      if (has_triangles (mesh))
        {
          n_source += mesh->mNumVertices;
          n_faces += mesh->mNumFaces;
        }
    }
  if (n_source == 0)
    {
      for (guint p = 0; p < n_parts; p++)
        release_mesh (self, parts[p].mesh_index);
      return NULL;
    }
  if (n_source > G_MAXUINT32 / 3)
    {
      g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_INVALID,
                   _ ("“%s” has too many vertices for one mesh"), self->display_name);
      return NULL;
    }

  keep_normals = !parts_need_normals (self, parts, n_parts);
  /* Facet normals make about one position in six unique; smooth ones about one in one. */
  weld_table_init (&table, keep_normals, (guint) MIN (keep_normals ? 2 * n_source : n_source / 2, G_MAXUINT32 / 2));
  triangles = g_array_sized_new (FALSE, FALSE, sizeof (guint32), (guint) MIN (3 * n_faces, G_MAXUINT32 / 2));
  for (guint p = 0; p < n_parts && ok; p++)
    {
      ok = weld_part (self, &parts[p], keep_normals, &table, triangles, error);
      release_mesh (self, parts[p].mesh_index);
    }
  g_clear_pointer (&table.slots, g_free);
  g_clear_pointer (&table.recent, g_free);
  if (!ok)
    {
      weld_table_clear (&table);
      return NULL;
    }

  n_triangles = triangles->len / 3;
  if (n_triangles == 0)
    {
      weld_table_clear (&table);
      return NULL;
    }

  if (keep_normals)
    {
      n_vertices = table.positions.len;
      positions = vec3_array_steal (&table.positions);
      normals = vec3_array_steal (&table.normals);
    }
  else
    {
      guint n_positions = table.positions.len;

      if (!make_crease_normals (self, table.positions.data, n_positions, (guint32 *) (void *) triangles->data, n_triangles,
                                &positions, &normals, &n_vertices, error))
        {
          weld_table_clear (&table);
          return NULL;
        }
      weld_table_clear (&table);
    }

  return twin_mesh_new_take (positions, normals, n_vertices,
                             (guint32 *) (void *) g_array_free (g_steal_pointer (&triangles), FALSE), n_triangles,
                             error);
}

/* ---------------------------------------------------------------------- */
/* The node tree                                                            */

static TwinMeshImportNode *
node_new (const char *name)
{
  TwinMeshImportNode *node = g_new0 (TwinMeshImportNode, 1);

  node->name = g_strdup (name);
  twin_transform_init_identity (&node->transform);
  node->children = g_ptr_array_new_with_free_func (NULL);
  return node;
}

static void
node_free (TwinMeshImportNode *node)
{
  if (node == NULL)
    return;
  for (guint i = 0; i < node->children->len; i++)
    node_free (g_ptr_array_index (node->children, i));
  g_ptr_array_unref (node->children);
  g_clear_pointer (&node->mesh, twin_mesh_unref);
  g_free (node->mesh_name);
  g_free (node->name);
  g_free (node);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinMeshImportNode, node_free)

static void
count_mesh (Importer *self,
            TwinMesh *mesh)
{
  if (mesh == NULL || g_hash_table_contains (self->seen_meshes, mesh))
    return;
  g_hash_table_add (self->seen_meshes, mesh);
  self->n_triangles += twin_mesh_get_n_triangles (mesh);
  self->n_vertices += twin_mesh_get_n_vertices (mesh);
}

/* Counts the uses of each aiMesh (for early freeing) and the vertices to
 * build (for progress); FALSE on a damaged tree. */
static gboolean
count_uses (Importer            *self,
            const struct aiNode *node,
            guint                depth,
            GError             **error)
{
  if (depth > NODE_DEPTH_MAX)
    {
      g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_UNSUPPORTED,
                   _ ("“%s” has a node tree deeper than %d levels"), self->display_name, NODE_DEPTH_MAX);
      return FALSE;
    }
  for (guint i = 0; i < node->mNumMeshes; i++)
    {
      guint index = node->mMeshes[i];

      if (index >= self->scene->mNumMeshes)
        {
          g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_CORRUPT,
                       _ ("“%s” is damaged: node “%s” uses mesh %u, which does not exist"),
                       self->display_name, node->mName.data, index + 1);
          return FALSE;
        }
      self->mesh_users[index]++;
      if (has_triangles (get_ai_mesh (self, index)))
        self->work_total += get_ai_mesh (self, index)->mNumVertices;
    }
  for (guint i = 0; i < node->mNumChildren; i++)
    if (node->mChildren[i] != NULL && !count_uses (self, node->mChildren[i], depth + 1, error))
      return FALSE;
  return TRUE;
}

static gboolean
collect_parts (Importer            *self,
               const struct aiNode *node,
               Mat4                 parent,
               GArray              *parts)
{
  Mat4 local;
  Mat4 world;

  mat4_from_ai (&node->mTransformation, local);
  mat4_mul (parent, local, world);
  for (guint i = 0; i < node->mNumMeshes; i++)
    {
      Part part = { 0 };

      part.mesh_index = node->mMeshes[i];
      memcpy (part.matrix, world, sizeof (Mat4));
      part.identity = mat4_is_identity (world);
      g_array_append_val (parts, part);
    }
  for (guint i = 0; i < node->mNumChildren; i++)
    if (node->mChildren[i] != NULL)
      collect_parts (self, node->mChildren[i], world, parts);
  return TRUE;
}

static gboolean
subtree_has_triangles (Importer            *self,
                       const struct aiNode *node)
{
  for (guint i = 0; i < node->mNumMeshes; i++)
    if (has_triangles (get_ai_mesh (self, node->mMeshes[i])))
      return TRUE;
  for (guint i = 0; i < node->mNumChildren; i++)
    if (node->mChildren[i] != NULL && subtree_has_triangles (self, node->mChildren[i]))
      return TRUE;
  return FALSE;
}

/* Releases the meshes of a subtree that is skipped. */
static void
release_subtree (Importer            *self,
                 const struct aiNode *node)
{
  for (guint i = 0; i < node->mNumMeshes; i++)
    release_mesh (self, node->mMeshes[i]);
  for (guint i = 0; i < node->mNumChildren; i++)
    if (node->mChildren[i] != NULL)
      release_subtree (self, node->mChildren[i]);
}

/* A name for people: IFC's "IfcWall_Name_<22-character GUID>" becomes
 * "Name"; an empty name becomes the first mesh's name or "Part". */
static char *
dup_node_name (Importer            *self,
               const struct aiNode *node)
{
  const char      *name = node->mName.data;
  g_autofree char *clean = NULL;

  clean = g_utf8_make_valid (name, -1);
  if (g_str_has_prefix (clean, "Ifc"))
    {
      const char *first = strchr (clean, '_');
      const char *last = strrchr (clean, '_');

      if (first != NULL && last != NULL && last > first && strlen (last + 1) == 22)
        {
          char *inner = g_strndup (first + 1, last - first - 1);

          if (inner[0] != '\0')
            {
              g_free (clean);
              clean = inner;
            }
          else
            {
              g_free (inner);
              clean[first - clean] = '\0';
            }
        }
    }
  g_strstrip (clean);
  if (clean[0] == '\0' && node->mNumMeshes > 0)
    {
      const struct aiMesh *mesh = get_ai_mesh (self, node->mMeshes[0]);

      if (mesh != NULL && mesh->mName.data[0] != '\0')
        {
          g_free (clean);
          clean = g_utf8_make_valid (mesh->mName.data, -1);
          g_strstrip (clean);
        }
    }
  if (clean[0] == '\0')
    {
      g_free (clean);
      clean = g_strdup (_ ("Part"));
    }
  return g_steal_pointer (&clean);
}

/* The name of mesh @index in the file, or NULL if it has none. The mesh
 * itself may be freed already; its name is kept in mesh_names. */
static const char *
get_ai_mesh_name (Importer *self,
                  guint     index)
{
  const char *name = index < self->scene->mNumMeshes ? self->mesh_names[index] : NULL;

  return name != NULL && name[0] != '\0' ? name : NULL;
}

static gboolean convert_children (Importer            *self,
                                  const struct aiNode *node,
                                  Mat4                 pending,
                                  GPtrArray           *out,
                                  GError             **error);

/* The mesh of one node, its meshes merged in the node's frame (@matrix), or
 * shared with an earlier node of the same meshes. */
static TwinMesh *
build_node_mesh (Importer            *self,
                 const struct aiNode *node,
                 Mat4                 matrix,
                 GError             **error)
{
  g_autoptr (GArray) parts = g_array_new (FALSE, TRUE, sizeof (Part));
  g_autoptr (GString) key = g_string_new (NULL);
  gboolean  identity = mat4_is_identity (matrix);
  TwinMesh *mesh;

  for (guint i = 0; i < node->mNumMeshes; i++)
    g_string_append_printf (key, "%u,", node->mMeshes[i]);
  if (identity && (mesh = g_hash_table_lookup (self->mesh_cache, key->str)) != NULL)
    {
      for (guint i = 0; i < node->mNumMeshes; i++)
        {
          const struct aiMesh *ai = get_ai_mesh (self, node->mMeshes[i]);

          if (has_triangles (ai))
            add_work (self, ai->mNumVertices);
        }
      return twin_mesh_ref (mesh);
    }

  for (guint i = 0; i < node->mNumMeshes; i++)
    {
      Part part = { 0 };

      part.mesh_index = node->mMeshes[i];
      memcpy (part.matrix, matrix, sizeof (Mat4));
      part.identity = identity;
      g_array_append_val (parts, part);
    }
  mesh = build_mesh (self, &g_array_index (parts, Part, 0), parts->len, error);
  if (mesh != NULL && identity)
    g_hash_table_insert (self->mesh_cache, g_string_free (g_steal_pointer (&key), FALSE), twin_mesh_ref (mesh));
  return mesh;
}

/* Converts @node, whose parent's frame is @pending times the frame its
 * transformation is relative to, into a TwinMeshImportNode added to @out.
 * Assimp's helper nodes ("$…") without meshes are passed through. */
static gboolean
convert_node (Importer            *self,
              const struct aiNode *node,
              Mat4                 pending,
              GPtrArray           *out,
              GError             **error)
{
  g_autoptr (TwinMeshImportNode) result = NULL;
  g_autofree char *name = NULL;
  Mat4             local;
  Mat4             in_entity;
  Mat4             mesh_matrix;
  Mat4             child_pending;

  if (!subtree_has_triangles (self, node))
    {
      release_subtree (self, node);
      return TRUE;
    }

  mat4_from_ai (&node->mTransformation, local);
  mat4_mul (pending, local, local);

  if (node->mName.data[0] == '$' && node->mNumMeshes == 0)
    return convert_children (self, node, local, out, error);

  name = dup_node_name (self, node);
  result = node_new (name);

  /* E = C · L · C⁻¹ */
  mat4_mul (self->to_entity, local, in_entity);
  mat4_mul (in_entity, self->from_entity, in_entity);
  if (mat4_is_finite (in_entity) && decompose (in_entity, &result->transform))
    {
      mat4_identity (mesh_matrix);
      mat4_identity (child_pending);
    }
  else
    {
      /* A shear: the node stays where its parent is and its meshes and
       * children carry the whole of its matrix. */
      twin_transform_init_identity (&result->transform);
      memcpy (mesh_matrix, local, sizeof (Mat4));
      memcpy (child_pending, local, sizeof (Mat4));
    }

  if (node->mNumMeshes > 0)
    {
      g_autoptr (GError) local_error = NULL;

      result->mesh = build_node_mesh (self, node, mesh_matrix, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (node->mNumMeshes == 1 && get_ai_mesh_name (self, node->mMeshes[0]) != NULL)
        result->mesh_name = g_utf8_make_valid (get_ai_mesh_name (self, node->mMeshes[0]), -1);
      else
        result->mesh_name = g_strdup (name);
      count_mesh (self, result->mesh);
    }
  if (!convert_children (self, node, child_pending, result->children, error))
    return FALSE;
  if (result->mesh == NULL && result->children->len == 0)
    return TRUE;
  g_ptr_array_add (out, g_steal_pointer (&result));
  return TRUE;
}

static gboolean
convert_children (Importer            *self,
                  const struct aiNode *node,
                  Mat4                 pending,
                  GPtrArray           *out,
                  GError             **error)
{
  for (guint i = 0; i < node->mNumChildren; i++)
    if (node->mChildren[i] != NULL && !convert_node (self, node->mChildren[i], pending, out, error))
      return FALSE;
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Errors                                                                   */

/* Assimp's message, without the file's full path (the message names the
 * file already), on one line, without a final full stop. */
static char *
dup_clean_assimp_error (Importer *self)
{
  const char      *raw = twin_assimp_reader_get_error (self->reader);
  g_autofree char *basename = g_path_get_basename (self->path);
  g_autofree char *text = g_utf8_make_valid (raw != NULL ? raw : "", -1);
  g_auto (GStrv) pieces = NULL;
  gsize length;

  pieces = g_strsplit (text, self->path, -1);
  g_free (text);
  text = g_strjoinv (basename, pieces);
  g_strdelimit (text, "\r\n\t", ' ');
  g_strstrip (text);
  length = strlen (text);
  while (length > 0 && (text[length - 1] == '.' || text[length - 1] == ' '))
    text[--length] = '\0';
  if (g_utf8_strlen (text, -1) > 300)
    {
      char *end = g_utf8_offset_to_pointer (text, 300);

      *end = '\0';
    }
  return g_steal_pointer (&text);
}

static void
set_assimp_error (Importer *self,
                  GError  **error)
{
  g_autofree char *reason = dup_clean_assimp_error (self);

  if (strstr (reason, "No meshes remaining") != NULL)
    g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_EMPTY,
                 _ ("“%s” has no surfaces: it holds only points or lines"), self->display_name);
  else if (strstr (reason, "No suitable reader found") != NULL)
    g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_CORRUPT,
                 _ ("“%s” is not a valid %s file: its content is not in that format"),
                 self->display_name, self->format->label);
  else if (reason[0] == '\0')
    g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_CORRUPT,
                 _ ("“%s” is not a readable %s file"), self->display_name, self->format->label);
  else
    g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_CORRUPT,
                 _ ("“%s” is not a readable %s file: %s"), self->display_name, self->format->label,
                 reason);
}

/* Refuses what Assimp need not see: no such file, a folder, an empty file,
 * a format that is not supported. */
static gboolean
check_file (Importer *self,
            GError  **error)
{
  GStatBuf status;

  if (g_stat (self->path, &status) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_IO, _ ("Could not read “%s”: %s"),
                   self->display_name, g_strerror (saved_errno));
      return FALSE;
    }
  if (S_ISDIR (status.st_mode))
    {
      g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_IO,
                   _ ("“%s” is a folder, not a mesh file"), self->display_name);
      return FALSE;
    }
  if (self->format == NULL)
    {
      g_autofree char *supported = dup_supported_list ();

      g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_UNSUPPORTED,
                   _ ("“%s” is not in a mesh format Twin Studio reads (by its extension); it reads %s"),
                   self->display_name, supported);
      return FALSE;
    }
  if (status.st_size == 0)
    {
      g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_EMPTY,
                   _ ("“%s” is empty (0 bytes)"), self->display_name);
      return FALSE;
    }
  {
    int fd = g_open (self->path, O_RDONLY, 0);

    if (fd < 0)
      {
        int saved_errno = errno;

        g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_IO, _ ("Could not read “%s”: %s"),
                     self->display_name, g_strerror (saved_errno));
        return FALSE;
      }
    g_close (fd, NULL);
  }
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Public API                                                               */

static char *
dup_stem (const char *path)
{
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *display = g_filename_display_name (basename);
  char            *dot = strrchr (display, '.');

  if (dot != NULL && dot != display)
    *dot = '\0';
  g_strstrip (display);
  return g_steal_pointer (&display);
}

/**
 * twin_mesh_import_file:
 * @path: the mesh file
 * @options: (nullable): how to read it; %NULL for a plain import with the
 *   format's defaults
 * @progress: (nullable) (scope call): called in the calling thread as the
 *   import goes, with a growing fraction
 * @progress_data: data for @progress
 * @cancellable: (nullable): to stop the import from another thread
 * @error: a %TWIN_MESH_ERROR: %TWIN_MESH_ERROR_IO when the file cannot be
 *   read, _UNSUPPORTED for a format Twin Studio does not read (by extension),
 *   _EMPTY for an empty file or one without a single triangle, _CORRUPT for
 *   one Assimp cannot read (its reason is in the message), _INVALID for a
 *   position that is not a finite number, _CANCELLED. Messages name the file.
 *
 * Reads a mesh file through Assimp: the whole file merged into one mesh,
 * placed in the file's root frame, or with @options->as_hierarchy its node
 * tree (nodes without geometry below them left out). Normals are made where
 * the file has none or only facet normals; vertices are welded.
 *
 * Runs in any thread; it blocks until done, so the app calls
 * twin_mesh_import_file_async() instead. Memory: Assimp's scene and the
 * meshes being built, each mesh of the scene freed once built.
 *
 * Returns: (transfer full) (nullable): what was read
 */
TwinMeshImport *
twin_mesh_import_file (const char                  *path,
                       const TwinMeshImportOptions *options,
                       TwinMeshImportProgressFunc   progress,
                       gpointer                     progress_data,
                       GCancellable                *cancellable,
                       GError                     **error)
{
  g_autoptr (TwinMeshImport) result = NULL;
  g_autoptr (TwinMeshImportNode) root = NULL;
  g_autofree char      *basename = NULL;
  TwinMeshImportOptions defaults;
  Importer              self = { 0 };
  Mat4                  root_matrix;
  unsigned int          flags = aiProcess_Triangulate | aiProcess_SortByPType;
  gboolean              ok = TRUE;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    {
      twin_mesh_import_options_init (&defaults);
      options = &defaults;
    }

  basename = g_path_get_basename (path);
  self.path = path;
  self.display_name = g_filename_display_name (basename);
  self.format = lookup_format (path);
  self.cancellable = cancellable;
  self.progress = progress;
  self.progress_data = progress_data;
  self.last_fraction = -1.0;

  if (!check_file (&self, error) || check_cancelled (&self, error))
    {
      importer_clear (&self);
      return NULL;
    }

  self.reader = twin_assimp_reader_new ();
  if (self.reader == NULL)
    {
      g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_IO, _ ("Not enough memory to read “%s”"),
                   self.display_name);
      importer_clear (&self);
      return NULL;
    }
  twin_assimp_reader_set_int (self.reader, AI_CONFIG_PP_SBP_REMOVE, aiPrimitiveType_POINT | aiPrimitiveType_LINE);
  twin_assimp_reader_set_int (self.reader, AI_CONFIG_IMPORT_FBX_PRESERVE_PIVOTS, 0);
  if (self.format->flags & FORMAT_COLLADA_UP)
    {
      self.collada_up = sniff_collada_up (path);
      if (self.collada_up != 'X')
        twin_assimp_reader_set_int (self.reader, AI_CONFIG_IMPORT_COLLADA_IGNORE_UP_DIRECTION, 1);
    }
  twin_assimp_reader_set_int (self.reader, AI_CONFIG_IMPORT_COLLADA_USE_COLLADA_NAMES, 1);

  report (&self, 0.0);
  self.scene = twin_assimp_reader_read (self.reader, path, flags, assimp_progress_cb, &self);
  if (twin_assimp_reader_was_cancelled (self.reader) || g_cancellable_is_cancelled (cancellable))
    {
      self.cancelled = TRUE;
      check_cancelled (&self, error);
      importer_clear (&self);
      return NULL;
    }
  if (self.scene == NULL)
    {
      set_assimp_error (&self, error);
      importer_clear (&self);
      return NULL;
    }
  /* Damage Assimp only logs: geometry it dropped. */
  if (strstr (twin_assimp_reader_get_log (self.reader), "Ignoring empty face") != NULL)
    {
      g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_CORRUPT,
                   _ ("“%s” is damaged: a face has no vertices"), self.display_name);
      importer_clear (&self);
      return NULL;
    }
  if (self.scene->mRootNode == NULL || self.scene->mNumMeshes == 0 || self.scene->mMeshes == NULL)
    {
      g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_EMPTY,
                   _ ("“%s” contains no triangles"), self.display_name);
      importer_clear (&self);
      return NULL;
    }

  resolve_frame (&self, options, root_matrix);
  self.mesh_users = g_new0 (guint, self.scene->mNumMeshes);
  self.mesh_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) twin_mesh_unref);
  self.seen_meshes = g_hash_table_new (NULL, NULL);
  self.mesh_names = g_new0 (char *, self.scene->mNumMeshes + 1);
  for (guint i = 0; i < self.scene->mNumMeshes; i++)
    self.mesh_names[i] = g_strdup (self.scene->mMeshes[i] != NULL ? self.scene->mMeshes[i]->mName.data : "");
  if (!count_uses (&self, self.scene->mRootNode, 0, error))
    {
      importer_clear (&self);
      return NULL;
    }

  if (!options->as_hierarchy)
    {
      g_autoptr (GArray) parts = g_array_new (FALSE, TRUE, sizeof (Part));
      g_autoptr (GError) local_error = NULL;

      /* root_matrix is the root's own matrix with the frame adjustments:
       * the root's meshes sit in it, and its children below it. */
      for (guint i = 0; i < self.scene->mRootNode->mNumMeshes; i++)
        {
          Part part = { 0 };

          part.mesh_index = self.scene->mRootNode->mMeshes[i];
          memcpy (part.matrix, root_matrix, sizeof (Mat4));
          part.identity = mat4_is_identity (root_matrix);
          g_array_append_val (parts, part);
        }
      for (guint i = 0; i < self.scene->mRootNode->mNumChildren; i++)
        if (self.scene->mRootNode->mChildren[i] != NULL)
          collect_parts (&self, self.scene->mRootNode->mChildren[i], root_matrix, parts);
      root = node_new (NULL);
      root->name = dup_stem (path);
      root->mesh_name = g_strdup (root->name);
      if (parts->len > 0)
        root->mesh = build_mesh (&self, &g_array_index (parts, Part, 0), parts->len, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          ok = FALSE;
        }
      count_mesh (&self, root->mesh);
    }
  else
    {
      g_autofree char *stem = dup_stem (path);
      g_autoptr (GPtrArray) top = g_ptr_array_new ();
      const struct aiNode *ai_root = self.scene->mRootNode;
      Mat4                 identity;

      /* The root node with its adjusted matrix; the one node it becomes is
       * named after the file. */
      mat4_identity (identity);
      {
        struct aiNode fake = *ai_root;
        ai_real      *v = &fake.mTransformation.a1;

        for (int i = 0; i < 16; i++)
          v[i] = (ai_real) root_matrix[i / 4][i % 4];
        fake.mName.data[0] = '\0';
        fake.mName.length = 0;
        ok = convert_node (&self, &fake, identity, top, error);
      }
      if (ok && top->len == 1)
        {
          root = g_ptr_array_index (top, 0);
          if (g_strcmp0 (root->mesh_name, root->name) == 0)
            {
              g_free (root->mesh_name);
              root->mesh_name = g_strdup (stem);
            }
          g_free (root->name);
          root->name = g_steal_pointer (&stem);
        }
      else
        for (guint i = 0; i < top->len; i++)
          node_free (g_ptr_array_index (top, i));
    }

  /* The scene is not needed any more: free it before the checks below. */
  g_clear_pointer (&self.reader, twin_assimp_reader_free);
  self.scene = NULL;

  if (!ok)
    {
      importer_clear (&self);
      return NULL;
    }
  if (root == NULL || (root->mesh == NULL && root->children->len == 0))
    {
      g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_EMPTY,
                   _ ("“%s” contains no triangles"), self.display_name);
      importer_clear (&self);
      return NULL;
    }

  result = g_new0 (TwinMeshImport, 1);
  result->root = g_steal_pointer (&root);
  result->unit = self.unit;
  result->up = self.up;
  result->format = g_strdup (self.format->label);
  result->source = g_filename_display_name (basename);
  result->n_meshes = g_hash_table_size (self.seen_meshes);
  result->n_triangles = self.n_triangles;
  result->n_vertices = self.n_vertices;
  importer_clear (&self);
  if (progress != NULL)
    progress (1.0, progress_data);
  return g_steal_pointer (&result);
}

/**
 * twin_mesh_import_free:
 *
 * Frees an import and its tree.
 */
void
twin_mesh_import_free (TwinMeshImport *self)
{
  if (self == NULL)
    return;
  node_free (self->root);
  g_free (self->format);
  g_free (self->source);
  g_free (self);
}

/* ---------------------------------------------------------------------- */
/* In a thread                                                              */

/* What an async import shares between its thread and the caller's main
 * context: the latest progress, handed over at most every 50 ms. */
typedef struct
{
  gatomicrefcount            ref_count;
  GMutex                     mutex;
  char                      *path;
  TwinMeshImportOptions      options;
  TwinMeshImportProgressFunc progress;
  gpointer                   progress_data;
  GMainContext              *context;
  GSource                   *pending;  /* the source that will report, if any */
  double                     fraction; /* the latest fraction */
  gint64                     last_report_us;
  gboolean                   finished; /* no report after the result is taken */
} AsyncImport;

#define REPORT_INTERVAL_US (G_USEC_PER_SEC / 20)

static AsyncImport *
async_import_ref (AsyncImport *data)
{
  g_atomic_ref_count_inc (&data->ref_count);
  return data;
}

static void
async_import_unref (AsyncImport *data)
{
  if (!g_atomic_ref_count_dec (&data->ref_count))
    return;
  g_mutex_clear (&data->mutex);
  g_free (data->path);
  g_main_context_unref (data->context);
  g_free (data);
}

static gboolean
deliver_progress_cb (gpointer user_data)
{
  AsyncImport *data = user_data;
  double       fraction;
  gboolean     finished;

  g_mutex_lock (&data->mutex);
  fraction = data->fraction;
  finished = data->finished;
  g_clear_pointer (&data->pending, g_source_unref);
  data->last_report_us = g_get_monotonic_time ();
  g_mutex_unlock (&data->mutex);

  if (!finished)
    data->progress (fraction, data->progress_data);
  return G_SOURCE_REMOVE;
}

/* Runs in the import's thread. */
static void
thread_progress_cb (double   fraction,
                    gpointer user_data)
{
  AsyncImport *data = user_data;
  gint64       now = g_get_monotonic_time ();

  g_mutex_lock (&data->mutex);
  data->fraction = fraction;
  if (data->pending == NULL && !data->finished)
    {
      gint64 wait_us = data->last_report_us + REPORT_INTERVAL_US - now;

      data->pending = wait_us > 0 ? g_timeout_source_new ((guint) (wait_us / 1000) + 1) : g_idle_source_new ();
      g_source_set_priority (data->pending, G_PRIORITY_DEFAULT);
      g_source_set_callback (data->pending, deliver_progress_cb, async_import_ref (data),
                             (GDestroyNotify) async_import_unref);
      g_source_set_static_name (data->pending, "[twin] mesh import progress");
      g_source_attach (data->pending, data->context);
    }
  g_mutex_unlock (&data->mutex);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AsyncImport    *data = task_data;
  GError         *error = NULL;
  TwinMeshImport *result;

  result = twin_mesh_import_file (data->path, &data->options, data->progress != NULL ? thread_progress_cb : NULL,
                                  data, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) twin_mesh_import_free);
}

/**
 * twin_mesh_import_file_async:
 * @path: the mesh file
 * @options: (nullable): how to read it (copied)
 * @progress: (nullable): called in the thread-default main context of the
 *   caller, at most 20 times a second, never after the result is taken
 * @progress_data: data for @progress; it must live until @callback has run
 * @cancellable: (nullable): to cancel the import
 * @callback: called when the import is over
 * @user_data: data for @callback
 *
 * twin_mesh_import_file() in a worker thread.
 */
void
twin_mesh_import_file_async (const char                  *path,
                             const TwinMeshImportOptions *options,
                             TwinMeshImportProgressFunc   progress,
                             gpointer                     progress_data,
                             GCancellable                *cancellable,
                             GAsyncReadyCallback          callback,
                             gpointer                     user_data)
{
  g_autoptr (GTask) task = NULL;
  AsyncImport *data;

  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (AsyncImport, 1);
  g_atomic_ref_count_init (&data->ref_count);
  g_mutex_init (&data->mutex);
  data->path = g_strdup (path);
  if (options != NULL)
    data->options = *options;
  else
    twin_mesh_import_options_init (&data->options);
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, twin_mesh_import_file_async);
  /* A cancelled import reports TWIN_MESH_ERROR_CANCELLED, naming the file. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) async_import_unref);
  g_task_run_in_thread (task, import_thread);
}

/**
 * twin_mesh_import_file_finish:
 * @result: the result given to the callback
 * @error: as for twin_mesh_import_file()
 *
 * Returns: (transfer full) (nullable): what was read
 */
TwinMeshImport *
twin_mesh_import_file_finish (GAsyncResult *result,
                              GError      **error)
{
  AsyncImport *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == twin_mesh_import_file_async, NULL);

  data = g_task_get_task_data (G_TASK (result));
  g_mutex_lock (&data->mutex);
  data->finished = TRUE;
  if (data->pending != NULL)
    {
      g_source_destroy (data->pending);
      g_clear_pointer (&data->pending, g_source_unref);
    }
  g_mutex_unlock (&data->mutex);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */
/* Into the model                                                           */

/* A valid entity name from a node's name: no "/", no control characters,
 * no spaces at the ends, at most TWIN_ENTITY_NAME_MAX characters. */
static char *
dup_entity_name (const char *name)
{
  GString    *text = g_string_new (NULL);
  const char *p;

  for (p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/')
        g_string_append_c (text, '-');
      else if (g_unichar_iscntrl (c))
        g_string_append_c (text, ' ');
      else
        g_string_append_unichar (text, c);
    }
  g_strstrip (text->str);
  g_string_set_size (text, strlen (text->str));
  if (g_utf8_strlen (text->str, -1) > TWIN_ENTITY_NAME_MAX - 8)
    {
      /* Room for a " 123" that makes it unique. */
      g_string_truncate (text, g_utf8_offset_to_pointer (text->str, TWIN_ENTITY_NAME_MAX - 8) - text->str);
      g_strchomp (text->str);
      g_string_set_size (text, strlen (text->str));
    }
  if (text->len == 0)
    g_string_assign (text, _ ("Part"));
  return g_string_free (text, FALSE);
}

/* @name, or "name 2", "name 3"… if a sibling in @taken has it already. */
static char *
dup_unique_name (GHashTable *taken,
                 const char *name)
{
  g_autofree char *base = dup_entity_name (name);
  char            *candidate = g_strdup (base);

  for (guint n = 2; g_hash_table_contains (taken, candidate); n++)
    {
      g_free (candidate);
      candidate = g_strdup_printf ("%s %u", base, n);
    }
  g_hash_table_add (taken, g_strdup (candidate));
  return candidate;
}

/* Stores @mesh in the catalog (once per distinct mesh of the import) and
 * returns its id. */
static const char *
add_to_catalog (TwinMeshImport  *self,
                TwinMeshCatalog *catalog,
                GHashTable      *ids,
                TwinMesh        *mesh,
                const char      *name,
                GError         **error)
{
  g_autoptr (TwinMeshInfo) info = NULL;
  const char *id = g_hash_table_lookup (ids, mesh);

  if (id != NULL)
    return id;
  info = twin_mesh_catalog_make_info (mesh, name, self->source, self->unit, self->up);
  if (!twin_mesh_catalog_add (catalog, info, mesh, error))
    return NULL;
  id = g_strdup (info->id);
  g_hash_table_insert (ids, mesh, (char *) id);
  return id;
}

static TwinEntity *
build_entity (TwinMeshImport     *self,
              TwinMeshCatalog    *catalog,
              GHashTable         *ids,
              TwinMeshImportNode *node,
              const char         *name,
              GError            **error)
{
  const char           *type_name = node->children->len > 0 ? "subsystem" : "asset";
  const TwinEntityType *type = twin_entity_type_lookup (type_name);
  g_autoptr (TwinEntity) entity = NULL;
  g_autoptr (GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  entity = type != NULL ? twin_entity_type_instantiate (type, name) : twin_entity_new (NULL, type_name, name);
  if (twin_transform_is_valid (&node->transform) && !twin_transform_is_identity (&node->transform))
    twin_entity_set_initial_transform (entity, &node->transform);
  if (node->mesh != NULL)
    {
      const char *id = add_to_catalog (self, catalog, ids, node->mesh, node->mesh_name != NULL ? node->mesh_name : name, error);

      if (id == NULL)
        return NULL;
      twin_entity_set_initial_mesh_id (entity, id);
    }
  for (guint i = 0; i < node->children->len; i++)
    {
      TwinMeshImportNode *child_node = g_ptr_array_index (node->children, i);
      g_autofree char    *child_name = dup_unique_name (taken, child_node->name);
      g_autoptr (TwinEntity) child = build_entity (self, catalog, ids, child_node, child_name, error);

      if (child == NULL)
        return NULL;
      twin_entity_append_child (entity, child);
    }
  return g_steal_pointer (&entity);
}

/**
 * twin_mesh_import_apply:
 * @self: an import
 * @model: the twin to add it to
 * @catalog: the twin's meshes
 * @parent: where new entities go (a plain import without @target, or a
 *   hierarchy)
 * @target: (nullable): for a plain import, the entity that gets the mesh;
 *   must be %NULL for a hierarchy
 * @error: the catalog's error (a %TWIN_STORE_ERROR when the project file
 *   refuses the mesh) or the model's
 *
 * Adds what was imported to @model in one undoable step, after storing its
 * distinct meshes in @catalog (equal meshes, such as four equal wheels, are
 * stored once). A plain import with @target attaches the mesh to @target;
 * without, it makes an "asset" entity named after the file under @parent. A
 * hierarchy becomes a tree under @parent: nodes with children are
 * "subsystem" entities, the others "asset" entities, named after the nodes
 * (made valid and unique among siblings), with the nodes' transforms.
 *
 * When the model step fails, meshes already stored stay in the catalog,
 * unused.
 *
 * Returns: (transfer none) (nullable): @target, or the new top entity
 */
TwinEntity *
twin_mesh_import_apply (TwinMeshImport  *self,
                        TwinModel       *model,
                        TwinMeshCatalog *catalog,
                        TwinEntity      *parent,
                        TwinEntity      *target,
                        GError         **error)
{
  g_autoptr (GHashTable) ids = NULL;
  g_autoptr (GHashTable) taken = NULL;
  g_autoptr (TwinEntity) tree = NULL;
  g_autofree char *label = NULL;
  g_autofree char *name = NULL;
  gboolean         plain;

  g_return_val_if_fail (self != NULL && self->root != NULL, NULL);
  g_return_val_if_fail (TWIN_IS_MODEL (model), NULL);
  g_return_val_if_fail (TWIN_IS_MESH_CATALOG (catalog), NULL);
  g_return_val_if_fail (target == NULL || TWIN_IS_ENTITY (target), NULL);
  g_return_val_if_fail (target != NULL || TWIN_IS_ENTITY (parent), NULL);

  plain = self->root->children->len == 0;
  g_return_val_if_fail (plain || target == NULL, NULL);

  ids = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  if (plain && target != NULL)
    {
      const char *id = add_to_catalog (self, catalog, ids, self->root->mesh, self->root->mesh_name != NULL ? self->root->mesh_name : self->root->name, error);

      if (id == NULL || !twin_model_set_mesh (model, target, id, error))
        return NULL;
      return target;
    }

  /* Unique among the entities already under @parent as well. */
  taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < twin_entity_get_n_children (parent); i++)
    g_hash_table_add (taken, g_strdup (twin_entity_get_name (twin_entity_get_child (parent, i))));
  name = dup_unique_name (taken, self->root->name);
  tree = build_entity (self, catalog, ids, self->root, name, error);
  if (tree == NULL)
    return NULL;
  /* TRANSLATORS: the Undo menu's name for importing a mesh file. */
  label = g_strdup_printf (_ ("Import “%s”"), self->source);
  if (!twin_model_insert_tree (model, parent, tree, -1, label, error))
    return NULL;
  return tree; /* the model holds it now */
}
