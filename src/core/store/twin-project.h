/* twin-project.h: an open twin, its model kept in step with its project file.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mesh/twin-mesh-catalog.h"
#include "model/twin-color-by.h"
#include "model/twin-model.h"
#include "store/twin-store.h"

G_BEGIN_DECLS

#define TWIN_TYPE_PROJECT (twin_project_get_type ())

G_DECLARE_FINAL_TYPE (TwinProject, twin_project, TWIN, PROJECT, GObject)

TwinProject *twin_project_new_untitled        (TwinEntity   *root,
                                               GError      **error) G_GNUC_WARN_UNUSED_RESULT;
TwinProject *twin_project_open                (const char   *path,
                                               gboolean      read_only,
                                               GError      **error) G_GNUC_WARN_UNUSED_RESULT;
TwinModel   *twin_project_get_model           (TwinProject  *self);
TwinStore   *twin_project_get_store           (TwinProject  *self);
TwinMeshCatalog *twin_project_get_mesh_catalog (TwinProject *self);
TwinColorBy *twin_project_dup_color_by        (TwinProject  *self,
                                               GError      **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean     twin_project_set_color_by        (TwinProject  *self,
                                               TwinColorBy  *color_by,
                                               GError      **error);
const char  *twin_project_get_path            (TwinProject  *self);
gboolean     twin_project_get_is_untitled     (TwinProject  *self);
gboolean     twin_project_get_is_read_only    (TwinProject  *self);
gboolean     twin_project_get_has_unsaved_changes (TwinProject *self);
char        *twin_project_dup_display_name    (TwinProject  *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean     twin_project_save_as             (TwinProject  *self,
                                               const char   *path,
                                               GError      **error);
void         twin_project_close               (TwinProject  *self);

G_END_DECLS
