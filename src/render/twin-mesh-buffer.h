/* twin-mesh-buffer.h: one TwinMesh uploaded to the GPU once (vertex array, vertex and index buffers).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <epoxy/gl.h>
#include <glib.h>

#include "mesh/twin-mesh.h"

G_BEGIN_DECLS

typedef struct _TwinMeshBuffer TwinMeshBuffer;

TwinMeshBuffer *twin_mesh_buffer_new               (TwinMesh       *mesh) G_GNUC_WARN_UNUSED_RESULT;
void            twin_mesh_buffer_free              (TwinMeshBuffer *self);
GLuint          twin_mesh_buffer_get_vertex_array  (TwinMeshBuffer *self);
guint           twin_mesh_buffer_get_n_triangles   (TwinMeshBuffer *self);
gsize           twin_mesh_buffer_get_size          (TwinMeshBuffer *self);
void            twin_mesh_buffer_draw              (TwinMeshBuffer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinMeshBuffer, twin_mesh_buffer_free)

G_END_DECLS
