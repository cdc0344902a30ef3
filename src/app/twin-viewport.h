/* twin-viewport.h: the 3D view of a twin, a GtkGLArea driven by the render layer's TwinRenderer.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "feeds/twin-live-session.h"
#include "mesh/twin-mesh-catalog.h"
#include "model/twin-color-by.h"
#include "model/twin-model.h"
#include "twin-camera.h"
#include "twin-view-state.h"

G_BEGIN_DECLS

#define TWIN_TYPE_VIEWPORT (twin_viewport_get_type ())

G_DECLARE_FINAL_TYPE (TwinViewport, twin_viewport, TWIN, VIEWPORT, GtkWidget)

GtkWidget        *twin_viewport_new              (void) G_GNUC_WARN_UNUSED_RESULT;
TwinModel        *twin_viewport_get_model        (TwinViewport    *self);
void              twin_viewport_set_model        (TwinViewport    *self,
                                                  TwinModel       *model);
void              twin_viewport_set_mesh_catalog (TwinViewport    *self,
                                                  TwinMeshCatalog *meshes);
TwinViewState    *twin_viewport_get_view_state   (TwinViewport    *self);
void              twin_viewport_set_selected     (TwinViewport    *self,
                                                  TwinEntity      *entity);
const char       *twin_viewport_get_selected_id  (TwinViewport    *self);
TwinEntity       *twin_viewport_click            (TwinViewport    *self,
                                                  double           x,
                                                  double           y);
gboolean          twin_viewport_get_show_grid    (TwinViewport    *self);
void              twin_viewport_set_show_grid    (TwinViewport    *self,
                                                  gboolean         show_grid);
void              twin_viewport_set_orthographic (TwinViewport    *self,
                                                  gboolean         orthographic);
void              twin_viewport_set_preset       (TwinViewport    *self,
                                                  TwinCameraPreset preset);
void              twin_viewport_fit_all          (TwinViewport    *self);
void              twin_viewport_fit_selection    (TwinViewport    *self);
void              twin_viewport_set_color_by     (TwinViewport    *self,
                                                  TwinColorBy     *color_by);
TwinColorBy      *twin_viewport_get_color_by     (TwinViewport    *self);
gboolean          twin_viewport_choose_color_by  (TwinViewport    *self,
                                                  const char      *parameter);
GtkWidget        *twin_viewport_get_legend       (TwinViewport    *self);
const TwinCamera *twin_viewport_get_camera       (TwinViewport    *self);
const char       *twin_viewport_get_gl_error     (TwinViewport    *self);
void              twin_viewport_set_live_session (TwinViewport    *self,
                                                  TwinLiveSession *session);
void              twin_viewport_set_color_by_live (TwinViewport   *self,
                                                   gboolean        live);
gboolean          twin_viewport_get_color_by_live (TwinViewport   *self);

G_END_DECLS
