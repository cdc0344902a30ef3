/* twin-mesh-importer.h: reads a CAD or 3D mesh file through Assimp and adds it to a twin.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mesh/twin-mesh-catalog.h"
#include "mesh/twin-mesh-info.h"
#include "mesh/twin-mesh.h"
#include "model/twin-model.h"
#include "model/twin-transform.h"

G_BEGIN_DECLS

/**
 * TwinMeshImportOptions:
 * @as_hierarchy: keep the file's node tree (one entity per part) instead of
 *   one mesh for the whole file
 * @has_unit: use @unit instead of the format's default unit
 * @unit: the unit of the file's coordinates, with @has_unit
 * @has_up: use @up instead of the format's default up axis
 * @up: the file's up axis, with @has_up
 *
 * How to read a mesh file. Zero-filled (or twin_mesh_import_options_init())
 * means a plain import with the format's defaults, listed in docs/meshes.md.
 */
typedef struct
{
  gboolean     as_hierarchy;
  gboolean     has_unit;
  TwinMeshUnit unit;
  gboolean     has_up;
  TwinMeshUp   up;
} TwinMeshImportOptions;

typedef struct _TwinMeshImportNode TwinMeshImportNode;

/**
 * TwinMeshImportNode:
 * @name: the node's name in the file (or the file's name for the root of a
 *   plain import); never empty
 * @transform: where the node sits relative to its parent, in the entity
 *   frame (metres, Z up): C·N·C⁻¹ for the file's node matrix N and
 *   C = twin_mesh_get_conversion_matrix()
 * @mesh: (nullable): the node's own geometry in the file's units and axes
 *   (the import's unit and up), all of its meshes merged; nodes of equal
 *   geometry share one #TwinMesh
 * @children: (element-type TwinMeshImportNode): the nodes below it that have
 *   geometry somewhere in their subtree
 * @mesh_name: (nullable): a name for @mesh: its own name in the file when it
 *   is one named mesh, else the node's
 *
 * One node of an imported file's tree.
 */
struct _TwinMeshImportNode
{
  char          *name;
  TwinTransform  transform;
  TwinMesh      *mesh;
  GPtrArray     *children;
  char          *mesh_name;
};

/**
 * TwinMeshImport:
 * @root: the tree; a plain import is a single node holding every mesh of the
 *   file, placed in the file's root frame
 * @unit: the unit of the meshes' coordinates
 * @up: their up axis
 * @format: what the file is, for people ("STL", "glTF", "IFC")
 * @source: the file's name, without its folder
 * @n_meshes: distinct meshes in the tree (equal geometry counts once)
 * @n_triangles: triangles of those distinct meshes
 * @n_vertices: vertices of those distinct meshes
 *
 * What twin_mesh_import_file() read, ready for twin_mesh_import_apply().
 */
typedef struct
{
  TwinMeshImportNode *root;
  TwinMeshUnit        unit;
  TwinMeshUp          up;
  char               *format;
  char               *source;
  guint               n_meshes;
  guint64             n_triangles;
  guint64             n_vertices;
} TwinMeshImport;

/**
 * TwinMeshImportProgressFunc:
 * @fraction: how much of the import is done, from 0 to 1
 * @user_data: the data given with the function
 *
 * Reports an import's progress.
 */
typedef void (*TwinMeshImportProgressFunc) (double   fraction,
                                            gpointer user_data);

void            twin_mesh_import_options_init     (TwinMeshImportOptions       *options);
gboolean        twin_mesh_import_is_supported     (const char                  *path);
gboolean        twin_mesh_import_get_defaults     (const char                  *path,
                                                   TwinMeshUnit                *unit,
                                                   TwinMeshUp                  *up);

TwinMeshImport *twin_mesh_import_file             (const char                  *path,
                                                   const TwinMeshImportOptions *options,
                                                   TwinMeshImportProgressFunc   progress,
                                                   gpointer                     progress_data,
                                                   GCancellable                *cancellable,
                                                   GError                     **error) G_GNUC_WARN_UNUSED_RESULT;
void            twin_mesh_import_file_async       (const char                  *path,
                                                   const TwinMeshImportOptions *options,
                                                   TwinMeshImportProgressFunc   progress,
                                                   gpointer                     progress_data,
                                                   GCancellable                *cancellable,
                                                   GAsyncReadyCallback          callback,
                                                   gpointer                     user_data);
TwinMeshImport *twin_mesh_import_file_finish      (GAsyncResult                *result,
                                                   GError                     **error) G_GNUC_WARN_UNUSED_RESULT;
void            twin_mesh_import_free             (TwinMeshImport              *self);

TwinEntity     *twin_mesh_import_apply            (TwinMeshImport              *self,
                                                   TwinModel                   *model,
                                                   TwinMeshCatalog             *catalog,
                                                   TwinEntity                  *parent,
                                                   TwinEntity                  *target,
                                                   GError                     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinMeshImport, twin_mesh_import_free)

G_END_DECLS
