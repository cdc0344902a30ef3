/* twin-validation-panel.h: what is wrong with the twin's structure, listed below the diagram.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "twin-core.h"

G_BEGIN_DECLS

#define TWIN_TYPE_VALIDATION_PANEL (twin_validation_panel_get_type ())

G_DECLARE_FINAL_TYPE (TwinValidationPanel, twin_validation_panel, TWIN, VALIDATION_PANEL, GtkWidget)

GtkWidget  *twin_validation_panel_new          (void) G_GNUC_WARN_UNUSED_RESULT;
void        twin_validation_panel_set_model    (TwinValidationPanel *self,
                                                TwinModel           *model);
void        twin_validation_panel_refresh      (TwinValidationPanel *self);
GListModel *twin_validation_panel_get_issues   (TwinValidationPanel *self);
const char *twin_validation_panel_get_summary  (TwinValidationPanel *self);
gboolean    twin_validation_panel_get_expanded (TwinValidationPanel *self);
void        twin_validation_panel_set_expanded (TwinValidationPanel *self,
                                                gboolean             expanded);
void        twin_validation_panel_activate     (TwinValidationPanel *self,
                                                guint                position);

G_END_DECLS
