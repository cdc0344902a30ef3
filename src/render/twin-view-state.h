/* twin-view-state.h: what the 3D view shows of a twin: hidden and isolated entities, transparency, X-ray.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "model/twin-entity.h"

G_BEGIN_DECLS

/* How opaque everything is in X-ray mode, multiplied into each entity's own opacity. */
#define TWIN_VIEW_STATE_XRAY_OPACITY 0.25f

#define TWIN_TYPE_VIEW_STATE (twin_view_state_get_type ())

G_DECLARE_FINAL_TYPE (TwinViewState, twin_view_state, TWIN, VIEW_STATE, GObject)

TwinViewState *twin_view_state_new                   (void) G_GNUC_WARN_UNUSED_RESULT;
void           twin_view_state_set_hidden            (TwinViewState *self,
                                                      const char    *entity_id,
                                                      gboolean       hidden);
gboolean       twin_view_state_get_hidden            (TwinViewState *self,
                                                      const char    *entity_id);
guint          twin_view_state_get_n_hidden          (TwinViewState *self);
void           twin_view_state_set_isolated          (TwinViewState *self,
                                                      const char    *entity_id);
const char    *twin_view_state_get_isolated          (TwinViewState *self);
void           twin_view_state_set_opacity           (TwinViewState *self,
                                                      const char    *entity_id,
                                                      float          opacity);
float          twin_view_state_get_opacity           (TwinViewState *self,
                                                      const char    *entity_id);
void           twin_view_state_set_xray              (TwinViewState *self,
                                                      gboolean       xray);
gboolean       twin_view_state_get_xray              (TwinViewState *self);
void           twin_view_state_show_all              (TwinViewState *self);

gboolean       twin_view_state_is_visible            (TwinViewState *self,
                                                      TwinEntity    *entity);
float          twin_view_state_get_effective_opacity (TwinViewState *self,
                                                      TwinEntity    *entity);

G_END_DECLS
