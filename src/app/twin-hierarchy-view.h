/* twin-hierarchy-view.h: the twin's entity tree: select, add, rename in place, delete, drag to re-parent.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "feeds/twin-live-session.h"
#include "twin-core.h"

G_BEGIN_DECLS

#define TWIN_TYPE_HIERARCHY_VIEW (twin_hierarchy_view_get_type ())

G_DECLARE_FINAL_TYPE (TwinHierarchyView, twin_hierarchy_view, TWIN, HIERARCHY_VIEW, GtkWidget)

void        twin_hierarchy_view_set_model    (TwinHierarchyView *self,
                                              TwinModel         *model);
TwinEntity *twin_hierarchy_view_get_selected (TwinHierarchyView *self);
gboolean    twin_hierarchy_view_select       (TwinHierarchyView *self,
                                              TwinEntity        *entity);
gboolean    twin_hierarchy_view_drop         (TwinHierarchyView *self,
                                              TwinEntity        *dragged,
                                              TwinEntity        *target);
void        twin_hierarchy_view_start_rename (TwinHierarchyView *self);
gboolean    twin_hierarchy_view_finish_rename (TwinHierarchyView *self,
                                               const char       *name);
void        twin_hierarchy_view_set_live_session (TwinHierarchyView *self,
                                                  TwinLiveSession   *session);
const char *twin_hierarchy_view_get_live_text (TwinHierarchyView *self,
                                               TwinEntity        *entity);

G_END_DECLS
