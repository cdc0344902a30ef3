/* twin-mesh.h: an indexed triangle mesh, immutable and shared by reference, with its compact binary form.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define TWIN_TYPE_MESH (twin_mesh_get_type ())

#define TWIN_MESH_ERROR (twin_mesh_error_quark ())

/**
 * TwinMeshError:
 * @TWIN_MESH_ERROR_INVALID: indices out of range, a position that is not a
 *   finite number, or counts that do not fit
 * @TWIN_MESH_ERROR_CORRUPT: bytes that are not a mesh in Twin Studio's binary form
 * @TWIN_MESH_ERROR_EMPTY: a file or mesh without a single triangle
 * @TWIN_MESH_ERROR_UNSUPPORTED: a file Assimp cannot read
 * @TWIN_MESH_ERROR_CANCELLED: the user cancelled an import
 * @TWIN_MESH_ERROR_IO: the operating system refused a read or write
 */
typedef enum
{
  TWIN_MESH_ERROR_INVALID,
  TWIN_MESH_ERROR_CORRUPT,
  TWIN_MESH_ERROR_EMPTY,
  TWIN_MESH_ERROR_UNSUPPORTED,
  TWIN_MESH_ERROR_CANCELLED,
  TWIN_MESH_ERROR_IO,
} TwinMeshError;

typedef struct _TwinMesh TwinMesh;

GQuark         twin_mesh_error_quark     (void);
GType          twin_mesh_get_type        (void) G_GNUC_CONST;

TwinMesh      *twin_mesh_new_take        (float          *positions,
                                          float          *normals,
                                          guint           n_vertices,
                                          guint32        *indices,
                                          guint           n_triangles,
                                          GError        **error) G_GNUC_WARN_UNUSED_RESULT;
TwinMesh      *twin_mesh_new_from_bytes  (GBytes         *bytes,
                                          GError        **error) G_GNUC_WARN_UNUSED_RESULT;
TwinMesh      *twin_mesh_ref             (TwinMesh       *self);
void           twin_mesh_unref           (TwinMesh       *self);

guint          twin_mesh_get_n_vertices  (const TwinMesh *self);
guint          twin_mesh_get_n_triangles (const TwinMesh *self);
const float   *twin_mesh_get_positions   (const TwinMesh *self);
const float   *twin_mesh_get_normals     (const TwinMesh *self);
const guint32 *twin_mesh_get_indices     (const TwinMesh *self);
void           twin_mesh_get_bounds      (const TwinMesh *self,
                                          float           min[3],
                                          float           max[3]);
GBytes        *twin_mesh_to_bytes        (const TwinMesh *self) G_GNUC_WARN_UNUSED_RESULT;
char          *twin_mesh_dup_checksum    (const TwinMesh *self) G_GNUC_WARN_UNUSED_RESULT;
gsize          twin_mesh_get_memory_size (const TwinMesh *self);

void           twin_mesh_compute_normals (const float    *positions,
                                          guint           n_vertices,
                                          const guint32  *indices,
                                          guint           n_triangles,
                                          float          *normals);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinMesh, twin_mesh_unref)

G_END_DECLS
