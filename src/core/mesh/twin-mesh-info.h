/* twin-mesh-info.h: what a project knows about one stored mesh: its name, source, unit, up axis and size.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cglm/cglm.h>
#include <glib-object.h>

G_BEGIN_DECLS

/**
 * TwinMeshUnit:
 * @TWIN_MESH_UNIT_MM: millimetres (most mechanical CAD, STL)
 * @TWIN_MESH_UNIT_CM: centimetres (FBX)
 * @TWIN_MESH_UNIT_M: metres (glTF, IFC, architecture)
 * @TWIN_MESH_UNIT_IN: inches
 *
 * The length unit a mesh file's coordinates are in.
 */
typedef enum
{
  TWIN_MESH_UNIT_MM,
  TWIN_MESH_UNIT_CM,
  TWIN_MESH_UNIT_M,
  TWIN_MESH_UNIT_IN,
} TwinMeshUnit;

/**
 * TwinMeshUp:
 * @TWIN_MESH_UP_Y: +Y is up (glTF, OBJ, FBX, most modelling tools)
 * @TWIN_MESH_UP_Z: +Z is up (most CAD, STL, IFC, Twin Studio itself)
 *
 * Which axis of a mesh file points up. Twin Studio's world is Z-up; a Y-up
 * mesh is turned +90° about X, so its +Y becomes +Z and its +Z becomes −Y.
 */
typedef enum
{
  TWIN_MESH_UP_Y,
  TWIN_MESH_UP_Z,
} TwinMeshUp;

#define TWIN_TYPE_MESH_INFO (twin_mesh_info_get_type ())

/**
 * TwinMeshInfo:
 * @id: the mesh's id in the project: 32 lower-case hex digits
 * @name: a name for people, such as the file or node it came from
 * @source: the file name it was imported from (no  folder), or ""
 * @checksum: the SHA-256 of its geometry's binary form (twin_mesh_dup_checksum())
 * @unit: the unit of its coordinates
 * @up: its up axis
 * @n_vertices: vertices
 * @n_triangles: triangles
 * @min: the lowest corner of its bounding box, in @unit and its own axes
 * @max: the highest corner
 *
 * A mesh stored in a project. Entities refer to it by @id. Meshes with equal
 * geometry, unit and up axis share one id, and a geometry is stored once
 * whatever its unit.
 */
typedef struct
{
  char        *id;
  char        *name;
  char        *source;
  char        *checksum;
  TwinMeshUnit unit;
  TwinMeshUp   up;
  guint        n_vertices;
  guint        n_triangles;
  float        min[3];
  float        max[3];
} TwinMeshInfo;

GType         twin_mesh_info_get_type         (void) G_GNUC_CONST;
TwinMeshInfo *twin_mesh_info_copy             (const TwinMeshInfo *self);
void          twin_mesh_info_free             (TwinMeshInfo       *self);
char         *twin_mesh_info_make_id          (const char         *checksum,
                                               TwinMeshUnit        unit,
                                               TwinMeshUp          up) G_GNUC_WARN_UNUSED_RESULT;
void          twin_mesh_info_get_matrix       (const TwinMeshInfo *self,
                                               mat4                to_world);
void          twin_mesh_info_get_bounds_m     (const TwinMeshInfo *self,
                                               float               min_m[3],
                                               float               max_m[3]);

double        twin_mesh_unit_get_metres       (TwinMeshUnit        unit);
const char   *twin_mesh_unit_to_string        (TwinMeshUnit        unit);
gboolean      twin_mesh_unit_from_string      (const char         *text,
                                               TwinMeshUnit       *unit);
const char   *twin_mesh_up_to_string          (TwinMeshUp          up);
gboolean      twin_mesh_up_from_string        (const char         *text,
                                               TwinMeshUp         *up);
void          twin_mesh_get_conversion_matrix (TwinMeshUnit        unit,
                                               TwinMeshUp          up,
                                               mat4                to_world);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinMeshInfo, twin_mesh_info_free)

G_END_DECLS
