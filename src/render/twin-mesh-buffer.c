/* twin-mesh-buffer.c: one TwinMesh uploaded to the GPU once (vertex array, vertex and index buffers).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One vertex buffer interleaves each vertex's position (3 floats) and its
 * normal packed into 32 bits (GL_INT_2_10_10_10_REV, 10 bits a component,
 * an angle error below 0.2°): 16 bytes a vertex instead of 24, read as one
 * stream. On llvmpipe, fetching a second, separate stream of float normals
 * cost about a tenth of a 1M-triangle frame. One index buffer holds the
 * 32-bit indices. Attribute locations are those of twin-shader-program.h,
 * so any program can draw it. A 1M-triangle mesh of 0.5M vertices takes
 * about 20 MB on the GPU. Creating, drawing and freeing need the GL context
 * the buffer was made in to be current.
 */

#define G_LOG_DOMAIN "twin-mesh-buffer"

#include "config.h"

#include "twin-mesh-buffer.h"

#include "twin-shader-program.h"

#include <math.h>

/* One vertex as the GPU reads it: 16 bytes. */
typedef struct
{
  float   position[3];
  guint32 normal; /* GL_INT_2_10_10_10_REV, normalized: x, y, z in 10 bits each */
} PackedVertex;

struct _TwinMeshBuffer
{
  /* GL objects, owned */
  GLuint vertex_array;
  GLuint vertex_buffer;
  GLuint index_buffer;

  /* State */
  guint  n_triangles;
  gsize  size_bytes;
};

static guint32
pack_component (float value)
{
  /* A signed 10-bit normalized integer: -511 … 511 for -1 … 1. */
  int scaled = (int) lrintf (CLAMP (value, -1.0f, 1.0f) * 511.0f);

  return (guint32) scaled & 0x3ffu;
}

static guint32
pack_normal (const float *normal)
{
  return pack_component (normal[0]) | (pack_component (normal[1]) << 10) | (pack_component (normal[2]) << 20);
}

/**
 * twin_mesh_buffer_new:
 * @mesh: the geometry to upload
 *
 * Uploads @mesh; the buffer keeps no reference to it. Leaves no vertex
 * array bound.
 *
 * Returns: (transfer full): the buffer
 */
TwinMeshBuffer *
twin_mesh_buffer_new (TwinMesh *mesh)
{
  g_autofree PackedVertex *vertices = NULL;
  TwinMeshBuffer          *self;
  const float             *positions;
  const float             *normals;
  guint                    n_vertices;
  gsize                    index_bytes;

  g_return_val_if_fail (mesh != NULL, NULL);

  self = g_new0 (TwinMeshBuffer, 1);
  self->n_triangles = twin_mesh_get_n_triangles (mesh);
  n_vertices = twin_mesh_get_n_vertices (mesh);
  positions = twin_mesh_get_positions (mesh);
  normals = twin_mesh_get_normals (mesh);
  index_bytes = (gsize) self->n_triangles * 3 * sizeof (guint32);
  vertices = g_new (PackedVertex, n_vertices);
  for (guint i = 0; i < n_vertices; i++)
    {
      vertices[i].position[0] = positions[3 * i];
      vertices[i].position[1] = positions[3 * i + 1];
      vertices[i].position[2] = positions[3 * i + 2];
      vertices[i].normal = pack_normal (&normals[3 * i]);
    }
  self->size_bytes = n_vertices * sizeof (PackedVertex) + index_bytes;

  glGenVertexArrays (1, &self->vertex_array);
  glGenBuffers (1, &self->vertex_buffer);
  glGenBuffers (1, &self->index_buffer);
  glBindVertexArray (self->vertex_array);

  glBindBuffer (GL_ARRAY_BUFFER, self->vertex_buffer);
  glBufferData (GL_ARRAY_BUFFER, (GLsizeiptr) (n_vertices * sizeof (PackedVertex)), vertices, GL_STATIC_DRAW);
  glEnableVertexAttribArray (TWIN_ATTRIB_POSITION);
  glVertexAttribPointer (TWIN_ATTRIB_POSITION, 3, GL_FLOAT, GL_FALSE, sizeof (PackedVertex),
                         (const void *) G_STRUCT_OFFSET (PackedVertex, position));
  glEnableVertexAttribArray (TWIN_ATTRIB_NORMAL);
  glVertexAttribPointer (TWIN_ATTRIB_NORMAL, 4, GL_INT_2_10_10_10_REV, GL_TRUE, sizeof (PackedVertex),
                         (const void *) G_STRUCT_OFFSET (PackedVertex, normal));

  glBindBuffer (GL_ELEMENT_ARRAY_BUFFER, self->index_buffer);
  glBufferData (GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr) index_bytes, twin_mesh_get_indices (mesh), GL_STATIC_DRAW);

  glBindVertexArray (0);
  glBindBuffer (GL_ARRAY_BUFFER, 0);
  return self;
}

/**
 * twin_mesh_buffer_free:
 *
 * Deletes the GL objects; the context must be current.
 */
void
twin_mesh_buffer_free (TwinMeshBuffer *self)
{
  if (self == NULL)
    return;

  if (self->index_buffer != 0)
    glDeleteBuffers (1, &self->index_buffer);
  if (self->vertex_buffer != 0)
    glDeleteBuffers (1, &self->vertex_buffer);
  if (self->vertex_array != 0)
    glDeleteVertexArrays (1, &self->vertex_array);
  g_free (self);
}

/**
 * twin_mesh_buffer_get_vertex_array:
 *
 * Returns: the vertex array: positions at %TWIN_ATTRIB_POSITION, normals at
 *   %TWIN_ATTRIB_NORMAL, and the index buffer bound
 */
GLuint
twin_mesh_buffer_get_vertex_array (TwinMeshBuffer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->vertex_array;
}

guint
twin_mesh_buffer_get_n_triangles (TwinMeshBuffer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_triangles;
}

/**
 * twin_mesh_buffer_get_size:
 *
 * Returns: how many bytes of GPU memory the buffers take
 */
gsize
twin_mesh_buffer_get_size (TwinMeshBuffer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->size_bytes;
}

/**
 * twin_mesh_buffer_draw:
 *
 * Draws every triangle with the program in use, and leaves the vertex array
 * bound.
 */
void
twin_mesh_buffer_draw (TwinMeshBuffer *self)
{
  g_return_if_fail (self != NULL);

  glBindVertexArray (self->vertex_array);
  glDrawElements (GL_TRIANGLES, (GLsizei) (self->n_triangles * 3), GL_UNSIGNED_INT, (const void *) 0);
}
