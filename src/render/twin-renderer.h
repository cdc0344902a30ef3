/* twin-renderer.h: draws a twin (meshes, boxes, ground grid, axes) into the current GL framebuffer.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "mesh/twin-mesh-catalog.h"
#include "model/twin-color-by.h"
#include "model/twin-model.h"
#include "twin-camera.h"
#include "twin-view-state.h"

G_BEGIN_DECLS

#define TWIN_RENDERER_ERROR (twin_renderer_error_quark ())

/**
 * TwinRendererError:
 * @TWIN_RENDERER_ERROR_UNSUPPORTED: the current context is not desktop
 *   OpenGL 3.3 or newer
 */
typedef enum
{
  TWIN_RENDERER_ERROR_UNSUPPORTED,
} TwinRendererError;

typedef struct _TwinRenderer TwinRenderer;

GQuark        twin_renderer_error_quark          (void);
void          twin_renderer_get_background_color (float             rgba[4]);
void          twin_renderer_get_type_color       (const char       *type_name,
                                                  float             rgba[4]);

TwinRenderer *twin_renderer_new                  (GError          **error) G_GNUC_WARN_UNUSED_RESULT;
void          twin_renderer_free                 (TwinRenderer     *self);
void          twin_renderer_set_model            (TwinRenderer     *self,
                                                  TwinModel        *model);
TwinModel    *twin_renderer_get_model            (TwinRenderer     *self);
void          twin_renderer_set_selected         (TwinRenderer     *self,
                                                  const char       *entity_id);
const char   *twin_renderer_get_selected         (TwinRenderer     *self);
void          twin_renderer_set_show_grid        (TwinRenderer     *self,
                                                  gboolean          show_grid);
gboolean      twin_renderer_get_show_grid        (TwinRenderer     *self);
void          twin_renderer_set_mesh_catalog     (TwinRenderer     *self,
                                                  TwinMeshCatalog  *catalog);
TwinMeshCatalog *twin_renderer_get_mesh_catalog  (TwinRenderer     *self);
void          twin_renderer_set_view_state       (TwinRenderer     *self,
                                                  TwinViewState    *state);
TwinViewState *twin_renderer_get_view_state      (TwinRenderer     *self);
void          twin_renderer_set_color_by         (TwinRenderer     *self,
                                                  TwinColorBy      *color_by);
TwinColorBy  *twin_renderer_get_color_by         (TwinRenderer     *self);
guint         twin_renderer_get_n_mesh_buffers   (TwinRenderer     *self);
void          twin_renderer_get_box_color        (TwinRenderer     *self,
                                                  TwinEntity       *entity,
                                                  float             rgba[4]);
void          twin_renderer_get_outline_color    (float             rgba[4]);
void          twin_renderer_render               (TwinRenderer     *self,
                                                  const TwinCamera *camera,
                                                  int               width,
                                                  int               height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinRenderer, twin_renderer_free)

G_END_DECLS
