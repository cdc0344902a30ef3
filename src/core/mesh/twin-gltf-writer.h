/* twin-gltf-writer.h: writes a twin's 3D scene as a binary glTF 2.0 file (GLB) for AR and web viewers.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mesh/twin-mesh-catalog.h"
#include "model/twin-color-by.h"
#include "model/twin-model.h"

G_BEGIN_DECLS

/* The name of the one root node, which turns Twin Studio's Z-up world into glTF's Y-up. */
#define TWIN_GLTF_ROOT_NODE_NAME "Twin Studio (Z up)"

/* Keys of the `extras` object of every entity's node. */
#define TWIN_GLTF_EXTRAS_ID             "twin_id"
#define TWIN_GLTF_EXTRAS_PATH           "twin_path"
#define TWIN_GLTF_EXTRAS_TYPE           "twin_type"
#define TWIN_GLTF_EXTRAS_MESH_ID        "twin_mesh_id"
#define TWIN_GLTF_EXTRAS_COLOR_BY_VALUE "twin_color_by_value"

/**
 * TwinGltfProgressFunc:
 * @fraction: how much of the file is written, from 0 to 1
 * @user_data: the data given with the function
 *
 * Reports the progress of twin_gltf_writer_write(), on its thread, at most
 * about a hundred times a file.
 */
typedef void (*TwinGltfProgressFunc) (double   fraction,
                                      gpointer user_data);

#define TWIN_TYPE_GLTF_WRITER (twin_gltf_writer_get_type ())

G_DECLARE_FINAL_TYPE (TwinGltfWriter, twin_gltf_writer, TWIN, GLTF_WRITER, GObject)

TwinGltfWriter     *twin_gltf_writer_new            (TwinModel            *model,
                                                     TwinMeshCatalog      *catalog,
                                                     TwinColorBy          *color_by) G_GNUC_WARN_UNUSED_RESULT;
const char * const *twin_gltf_writer_get_warnings   (TwinGltfWriter       *self);
char               *twin_gltf_writer_dup_json       (TwinGltfWriter       *self) G_GNUC_WARN_UNUSED_RESULT;
guint64             twin_gltf_writer_get_file_size  (TwinGltfWriter       *self);
gboolean            twin_gltf_writer_write          (TwinGltfWriter       *self,
                                                     const char           *path,
                                                     GCancellable         *cancellable,
                                                     TwinGltfProgressFunc  progress,
                                                     gpointer              user_data,
                                                     GError              **error);

G_END_DECLS
