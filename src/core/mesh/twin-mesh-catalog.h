/* twin-mesh-catalog.h: the meshes of one project: facts about each at hand, geometry loaded on first use.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "mesh/twin-mesh-info.h"
#include "mesh/twin-mesh.h"

G_BEGIN_DECLS

#define TWIN_TYPE_MESH_CATALOG (twin_mesh_catalog_get_type ())

G_DECLARE_FINAL_TYPE (TwinMeshCatalog, twin_mesh_catalog, TWIN, MESH_CATALOG, GObject)

/* The store is a TwinStore; declared as a GObject so this header needs no store header. */
TwinMeshCatalog    *twin_mesh_catalog_new        (gpointer         store,
                                                  GError         **error) G_GNUC_WARN_UNUSED_RESULT;
void                twin_mesh_catalog_set_store  (TwinMeshCatalog *self,
                                                  gpointer         store);
guint               twin_mesh_catalog_get_n_meshes (TwinMeshCatalog *self);
const TwinMeshInfo *twin_mesh_catalog_lookup     (TwinMeshCatalog *self,
                                                  const char      *id);
TwinMesh           *twin_mesh_catalog_get_mesh   (TwinMeshCatalog *self,
                                                  const char      *id,
                                                  GError         **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean            twin_mesh_catalog_add        (TwinMeshCatalog *self,
                                                  const TwinMeshInfo *info,
                                                  TwinMesh        *mesh,
                                                  GError         **error);
GPtrArray          *twin_mesh_catalog_list       (TwinMeshCatalog *self) G_GNUC_WARN_UNUSED_RESULT;
TwinMeshInfo       *twin_mesh_catalog_make_info  (TwinMesh        *mesh,
                                                  const char      *name,
                                                  const char      *source,
                                                  TwinMeshUnit     unit,
                                                  TwinMeshUp       up) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
