/* twin-mesh.c: an indexed triangle mesh, immutable and shared by reference, with its compact binary form.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A mesh is what one part looks like: positions and unit normals per
 * vertex, three vertex indices per triangle (counter-clockwise seen from
 * outside), in the source file's own units and axes (TwinMeshInfo says
 * which). It never changes once made, so threads and views share it by
 * reference.
 *
 * The binary form stored in a project, all little-endian:
 *
 *   "TWMESH\0\1"                     8 bytes: magic and format version 1
 *   n_vertices, n_triangles           2 × uint32
 *   index_size                        uint32: 2 or 4, the narrowest that fits
 *   reserved                          uint32, 0
 *   positions                         n_vertices × 3 × float32
 *   normals                           n_vertices × 3 × int16, snorm (v × 32767)
 *   padding                           to a multiple of 4 bytes
 *   indices                           n_triangles × 3 × index_size
 *
 * That is 18 bytes a vertex and 6 or 12 a triangle, about half of a
 * float-only form. Normals keep 1/32767 of precision, far finer than a
 * screen shows.
 */

#define G_LOG_DOMAIN "twin-mesh"

#include "config.h"

#include "twin-mesh.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#define MAGIC "TWMESH\0\1"
#define MAGIC_SIZE 8
#define HEADER_SIZE (MAGIC_SIZE + 4 * 4)
#define SNORM16_SCALE 32767.0f

struct _TwinMesh
{
  gatomicrefcount ref_count;
  guint           n_vertices;
  guint           n_triangles;
  float          *positions; /* 3 × n_vertices */
  float          *normals;   /* 3 × n_vertices, unit length */
  guint32        *indices;   /* 3 × n_triangles */
  float           min[3];
  float           max[3];
};

G_DEFINE_QUARK (twin_mesh_error_quark, twin_mesh_error)
G_DEFINE_BOXED_TYPE (TwinMesh, twin_mesh, twin_mesh_ref, twin_mesh_unref)

static void
compute_bounds (TwinMesh *self)
{
  guint i;

  for (int k = 0; k < 3; k++)
    {
      self->min[k] = self->n_vertices > 0 ? INFINITY : 0.0f;
      self->max[k] = self->n_vertices > 0 ? -INFINITY : 0.0f;
    }
  for (i = 0; i < self->n_vertices; i++)
    for (int k = 0; k < 3; k++)
      {
        float v = self->positions[3 * i + k];

        self->min[k] = MIN (self->min[k], v);
        self->max[k] = MAX (self->max[k], v);
      }
}

static gboolean
normalize3 (float *v)
{
  float length = sqrtf (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);

  if (!(length > 1e-30f) || !isfinite (length))
    return FALSE;
  v[0] /= length;
  v[1] /= length;
  v[2] /= length;
  return TRUE;
}

/**
 * twin_mesh_compute_normals:
 * @positions: 3 × @n_vertices floats
 * @indices: 3 × @n_triangles vertex indices, all below @n_vertices
 * @normals: (out caller-allocates): 3 × @n_vertices floats
 *
 * Fills @normals with each vertex's smooth normal: the sum of the normals of
 * the triangles that use it, each weighted by its area (the cross product's
 * length), normalised. A vertex no triangle uses, or only degenerate ones,
 * gets +Z. Splitting vertices at sharp edges is the importer's job; this
 * only averages what shares a vertex.
 */
void
twin_mesh_compute_normals (const float   *positions,
                           guint          n_vertices,
                           const guint32 *indices,
                           guint          n_triangles,
                           float         *normals)
{
  guint t;
  guint i;

  memset (normals, 0, sizeof (float) * 3 * n_vertices);
  for (t = 0; t < n_triangles; t++)
    {
      const guint32 *tri = indices + 3 * t;
      const float   *a = positions + 3 * tri[0];
      const float   *b = positions + 3 * tri[1];
      const float   *c = positions + 3 * tri[2];
      float          e1[3] = { b[0] - a[0], b[1] - a[1], b[2] - a[2] };
      float          e2[3] = { c[0] - a[0], c[1] - a[1], c[2] - a[2] };
      float          n[3] = {
                 e1[1] * e2[2] - e1[2] * e2[1],
                 e1[2] * e2[0] - e1[0] * e2[2],
                 e1[0] * e2[1] - e1[1] * e2[0],
      };

      for (int corner = 0; corner < 3; corner++)
        for (int k = 0; k < 3; k++)
          normals[3 * tri[corner] + k] += n[k];
    }
  for (i = 0; i < n_vertices; i++)
    if (!normalize3 (normals + 3 * i))
      {
        normals[3 * i + 0] = 0.0f;
        normals[3 * i + 1] = 0.0f;
        normals[3 * i + 2] = 1.0f;
      }
}

/**
 * twin_mesh_new_take:
 * @positions: (transfer full): 3 × @n_vertices floats from g_malloc()
 * @normals: (transfer full) (nullable): 3 × @n_vertices floats from g_malloc(),
 *   or %NULL to compute smooth normals
 * @n_vertices: at least 3
 * @indices: (transfer full): 3 × @n_triangles indices from g_malloc()
 * @n_triangles: at least 1
 * @error: a %TWIN_MESH_ERROR_EMPTY or %TWIN_MESH_ERROR_INVALID
 *
 * Makes a mesh of the arrays without copying them. The mesh checks that
 * every index is in range and every position is finite; a normal that is
 * not finite or has no length is recomputed from the triangles. On error
 * the arrays are freed.
 *
 * Returns: (transfer full) (nullable): the mesh
 */
TwinMesh *
twin_mesh_new_take (float   *positions,
                    float   *normals,
                    guint    n_vertices,
                    guint32 *indices,
                    guint    n_triangles,
                    GError **error)
{
  TwinMesh *self;
  gboolean  bad_normals = FALSE;
  guint     i;

  if (n_triangles == 0 || n_vertices == 0 || positions == NULL || indices == NULL)
    {
      g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_EMPTY, _ ("The mesh has no triangles"));
      goto fail;
    }
  if (n_vertices > G_MAXUINT32 / 3 || n_triangles > G_MAXUINT32 / 3)
    {
      g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_INVALID, _ ("The mesh is too large"));
      goto fail;
    }
  for (i = 0; i < 3 * n_triangles; i++)
    if (indices[i] >= n_vertices)
      {
        g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_INVALID,
                     _ ("Triangle %u uses vertex %u, but the mesh has %u vertices"),
                     i / 3 + 1, indices[i] + 1, n_vertices);
        goto fail;
      }
  for (i = 0; i < 3 * n_vertices; i++)
    if (!isfinite (positions[i]))
      {
        g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_INVALID,
                     _ ("Vertex %u has a position that is not a finite number"), i / 3 + 1);
        goto fail;
      }

  self = g_new0 (TwinMesh, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->n_vertices = n_vertices;
  self->n_triangles = n_triangles;
  self->positions = positions;
  self->indices = indices;
  if (normals != NULL)
    for (i = 0; i < n_vertices && !bad_normals; i++)
      if (!isfinite (normals[3 * i]) || !isfinite (normals[3 * i + 1]) || !isfinite (normals[3 * i + 2]) ||
          !normalize3 (normals + 3 * i))
        bad_normals = TRUE;
  if (normals == NULL || bad_normals)
    {
      g_free (normals);
      normals = g_new (float, 3 * (gsize) n_vertices);
      twin_mesh_compute_normals (positions, n_vertices, indices, n_triangles, normals);
    }
  self->normals = normals;
  compute_bounds (self);
  return self;

fail:
  g_free (positions);
  g_free (normals);
  g_free (indices);
  return NULL;
}

TwinMesh *
twin_mesh_ref (TwinMesh *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
twin_mesh_unref (TwinMesh *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->positions);
  g_free (self->normals);
  g_free (self->indices);
  g_free (self);
}

guint
twin_mesh_get_n_vertices (const TwinMesh *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_vertices;
}

guint
twin_mesh_get_n_triangles (const TwinMesh *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_triangles;
}

/**
 * twin_mesh_get_positions:
 *
 * Returns: (transfer none): 3 × n_vertices floats, x y z per vertex, in the source unit
 */
const float *
twin_mesh_get_positions (const TwinMesh *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->positions;
}

/**
 * twin_mesh_get_normals:
 *
 * Returns: (transfer none): 3 × n_vertices floats, a unit normal per vertex
 */
const float *
twin_mesh_get_normals (const TwinMesh *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->normals;
}

/**
 * twin_mesh_get_indices:
 *
 * Returns: (transfer none): 3 × n_triangles vertex indices, counter-clockwise
 */
const guint32 *
twin_mesh_get_indices (const TwinMesh *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->indices;
}

/**
 * twin_mesh_get_bounds:
 * @min: (out caller-allocates): the lowest corner of the positions' bounding box
 * @max: (out caller-allocates): the highest corner
 */
void
twin_mesh_get_bounds (const TwinMesh *self,
                      float           min[3],
                      float           max[3])
{
  g_return_if_fail (self != NULL);

  memcpy (min, self->min, sizeof self->min);
  memcpy (max, self->max, sizeof self->max);
}

/**
 * twin_mesh_get_memory_size:
 *
 * Returns: the bytes the mesh's arrays take in memory
 */
gsize
twin_mesh_get_memory_size (const TwinMesh *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return sizeof (float) * 6 * (gsize) self->n_vertices + sizeof (guint32) * 3 * (gsize) self->n_triangles;
}

static void
put_u32 (guint8 *out,
         guint32 value)
{
  value = GUINT32_TO_LE (value);
  memcpy (out, &value, 4);
}

static guint32
get_u32 (const guint8 *in)
{
  guint32 value;

  memcpy (&value, in, 4);
  return GUINT32_FROM_LE (value);
}

static gsize
align4 (gsize size)
{
  return (size + 3) & ~(gsize) 3;
}

/* The size of the binary form, or 0 when it would not fit in memory. */
static gsize
binary_size (guint64 n_vertices,
             guint64 n_triangles,
             guint   index_size)
{
  guint64 size = HEADER_SIZE + align4 (n_vertices * 18) + n_triangles * 3 * index_size;

  return size > G_MAXSIZE / 2 ? 0 : (gsize) size;
}

/**
 * twin_mesh_to_bytes:
 *
 * Returns: (transfer full): the mesh in its binary form (see the top of twin-mesh.c)
 */
GBytes *
twin_mesh_to_bytes (const TwinMesh *self)
{
  guint   index_size;
  gsize   size;
  guint8 *data;
  guint8 *p;
  guint   i;

  g_return_val_if_fail (self != NULL, NULL);

  index_size = self->n_vertices <= 65536 ? 2 : 4;
  size = binary_size (self->n_vertices, self->n_triangles, index_size);
  data = g_malloc0 (size);
  memcpy (data, MAGIC, MAGIC_SIZE);
  put_u32 (data + 8, self->n_vertices);
  put_u32 (data + 12, self->n_triangles);
  put_u32 (data + 16, index_size);
  put_u32 (data + 20, 0);
  p = data + HEADER_SIZE;

  for (i = 0; i < 3 * self->n_vertices; i++, p += 4)
    {
      guint32 bits;

      memcpy (&bits, &self->positions[i], 4);
      put_u32 (p, bits);
    }
  for (i = 0; i < 3 * self->n_vertices; i++, p += 2)
    {
      gint16  value = (gint16) lrintf (CLAMP (self->normals[i], -1.0f, 1.0f) * SNORM16_SCALE);
      guint16 le = GUINT16_TO_LE ((guint16) value);

      memcpy (p, &le, 2);
    }
  p = data + HEADER_SIZE + align4 ((gsize) self->n_vertices * 18);
  for (i = 0; i < 3 * self->n_triangles; i++)
    {
      if (index_size == 2)
        {
          guint16 le = GUINT16_TO_LE ((guint16) self->indices[i]);

          memcpy (p, &le, 2);
          p += 2;
        }
      else
        {
          put_u32 (p, self->indices[i]);
          p += 4;
        }
    }
  return g_bytes_new_take (data, size);
}

/**
 * twin_mesh_new_from_bytes:
 * @bytes: a mesh in its binary form, as twin_mesh_to_bytes() makes it
 * @error: a %TWIN_MESH_ERROR_CORRUPT for anything else
 *
 * Reads the binary form back, checking its size and every index, so a
 * damaged blob is refused, never read out of bounds.
 *
 * Returns: (transfer full) (nullable): the mesh
 */
TwinMesh *
twin_mesh_new_from_bytes (GBytes  *bytes,
                          GError **error)
{
  g_autoptr (GError) invalid = NULL;
  const guint8 *data;
  const guint8 *p;
  gsize         size;
  guint32       n_vertices;
  guint32       n_triangles;
  guint32       index_size;
  float        *positions;
  float        *normals;
  guint32      *indices;
  TwinMesh     *mesh;
  guint         i;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (size < HEADER_SIZE || memcmp (data, MAGIC, MAGIC_SIZE) != 0)
    {
      g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_CORRUPT,
                   _ ("The stored mesh is damaged: it does not start with a mesh header"));
      return NULL;
    }
  n_vertices = get_u32 (data + 8);
  n_triangles = get_u32 (data + 12);
  index_size = get_u32 (data + 16);
  if ((index_size != 2 && index_size != 4) || (index_size == 2 && n_vertices > 65536) ||
      n_vertices > G_MAXUINT32 / 3 || n_triangles > G_MAXUINT32 / 3 ||
      binary_size (n_vertices, n_triangles, index_size) != size)
    {
      g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_CORRUPT,
                   _ ("The stored mesh is damaged: its size (%" G_GSIZE_FORMAT " bytes) does not match its header"),
                   size);
      return NULL;
    }

  positions = g_new (float, 3 * (gsize) n_vertices);
  normals = g_new (float, 3 * (gsize) n_vertices);
  indices = g_new (guint32, 3 * (gsize) n_triangles);
  p = data + HEADER_SIZE;
  for (i = 0; i < 3 * n_vertices; i++, p += 4)
    {
      guint32 bits = get_u32 (p);

      memcpy (&positions[i], &bits, 4);
    }
  for (i = 0; i < 3 * n_vertices; i++, p += 2)
    {
      guint16 le;

      memcpy (&le, p, 2);
      normals[i] = (float) (gint16) GUINT16_FROM_LE (le) / SNORM16_SCALE;
    }
  p = data + HEADER_SIZE + align4 ((gsize) n_vertices * 18);
  for (i = 0; i < 3 * n_triangles; i++)
    {
      if (index_size == 2)
        {
          guint16 le;

          memcpy (&le, p, 2);
          indices[i] = GUINT16_FROM_LE (le);
          p += 2;
        }
      else
        {
          indices[i] = get_u32 (p);
          p += 4;
        }
    }

  mesh = twin_mesh_new_take (positions, normals, n_vertices, indices, n_triangles, &invalid);
  if (mesh == NULL)
    g_set_error (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_CORRUPT, _ ("The stored mesh is damaged: %s"), invalid->message);
  return mesh;
}

/**
 * twin_mesh_dup_checksum:
 *
 * Returns: (transfer full): the SHA-256 of the binary form, 64 lower-case hex
 *   digits: equal meshes have equal checksums, so a project stores each once
 */
char *
twin_mesh_dup_checksum (const TwinMesh *self)
{
  g_autoptr (GBytes) bytes = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  bytes = twin_mesh_to_bytes (self);
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}
