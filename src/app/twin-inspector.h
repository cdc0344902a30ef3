/* twin-inspector.h: the selected entity's parameters, edited with their units, errors shown inline.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "feeds/twin-live-session.h"
#include "twin-core.h"

G_BEGIN_DECLS

/* A topic dragged from the Live page may carry this before its name (plain text works too). */
#define TWIN_INSPECTOR_TOPIC_PREFIX "twin-topic:"

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
void        twin_inspector_set_live_session (TwinInspector   *self,
                                             TwinLiveSession *session);
const char *twin_inspector_get_live_text   (TwinInspector *self,
                                            const char    *parameter_name);
gboolean    twin_inspector_get_live_stale  (TwinInspector *self,
                                            const char    *parameter_name);
const char *twin_inspector_get_command_text (TwinInspector *self,
                                             const char    *parameter_name);
GtkWidget  *twin_inspector_get_command_entry (TwinInspector *self,
                                              const char    *parameter_name);
GtkWidget  *twin_inspector_drop_topic      (TwinInspector *self,
                                            const char    *parameter_name,
                                            const char    *text);
GtkWidget  *twin_inspector_send_command    (TwinInspector *self,
                                            const char    *parameter_name,
                                            const char    *text);
GtkWidget  *twin_inspector_edit_command_binding (TwinInspector *self,
                                                 const char    *parameter_name);
GtkWidget  *twin_inspector_edit_topic_binding (TwinInspector *self,
                                               const char    *parameter_name);

G_END_DECLS
