/* twin-inspector.h: the selected entity's parameters, edited with their units, errors shown inline.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "twin-core.h"

G_BEGIN_DECLS

#define TWIN_TYPE_INSPECTOR (twin_inspector_get_type ())

G_DECLARE_FINAL_TYPE (TwinInspector, twin_inspector, TWIN, INSPECTOR, GtkWidget)

void        twin_inspector_set_model       (TwinInspector *self,
                                            TwinModel     *model);
void        twin_inspector_set_entity      (TwinInspector *self,
                                            TwinEntity    *entity);
TwinEntity *twin_inspector_get_entity      (TwinInspector *self);
void        twin_inspector_set_mesh_catalog (TwinInspector  *self,
                                             TwinMeshCatalog *meshes);
const char *twin_inspector_get_mesh_text   (TwinInspector *self);
GtkWidget  *twin_inspector_get_editor      (TwinInspector *self,
                                            const char    *parameter_name);
const char *twin_inspector_get_error_text  (TwinInspector *self,
                                            const char    *parameter_name);
GtkWidget  *twin_inspector_get_placement_editor (TwinInspector *self,
                                                 gboolean       rotation,
                                                 guint          axis);
const char *twin_inspector_get_placement_error  (TwinInspector *self);

G_END_DECLS
