/* twin-window.h: a main window showing one twin: its hierarchy, diagram, 3D view and inspector.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "twin-application.h"
#include "mesh/twin-mesh-importer.h"
#include "twin-core.h"
#include "twin-charts-page.h"
#include "twin-diagram-view.h"
#include "twin-hierarchy-view.h"
#include "twin-inspector.h"
#include "twin-live-page.h"
#include "twin-palette.h"
#include "twin-simulation-page.h"
#include "twin-validation-panel.h"
#include "twin-viewport.h"

G_BEGIN_DECLS

#define TWIN_TYPE_WINDOW (twin_window_get_type ())

G_DECLARE_FINAL_TYPE (TwinWindow, twin_window, TWIN, WINDOW, GtkApplicationWindow)

TwinWindow        *twin_window_new               (TwinApplication *app);
void               twin_window_new_untitled      (TwinWindow      *self);
gboolean           twin_window_open_path         (TwinWindow      *self,
                                                  const char      *path,
                                                  gboolean         read_only);
gboolean           twin_window_save_as_path      (TwinWindow      *self,
                                                  const char      *path);
TwinProject       *twin_window_get_project       (TwinWindow      *self);
TwinHierarchyView *twin_window_get_hierarchy     (TwinWindow      *self);
TwinInspector     *twin_window_get_inspector     (TwinWindow      *self);
TwinViewport      *twin_window_get_viewport      (TwinWindow      *self);
TwinDiagramView   *twin_window_get_diagram       (TwinWindow      *self);
TwinPalette       *twin_window_get_palette       (TwinWindow      *self);
TwinValidationPanel *twin_window_get_validation_panel (TwinWindow   *self);
GtkStack          *twin_window_get_view_stack    (TwinWindow      *self);
TwinChartsPage    *twin_window_get_charts        (TwinWindow      *self);
TwinSimulationPage *twin_window_get_simulation   (TwinWindow      *self);
TwinLivePage      *twin_window_get_live          (TwinWindow      *self);
TwinLiveSession   *twin_window_get_live_session  (TwinWindow      *self);
const char        *twin_window_get_alarm_message (TwinWindow      *self);
gboolean           twin_window_import_csv        (TwinWindow      *self,
                                                  const char      *path);
void               twin_window_show_error        (TwinWindow      *self,
                                                  const char      *message);
const char        *twin_window_get_error_message (TwinWindow      *self);
gboolean           twin_window_import_mesh       (TwinWindow      *self,
                                                  const char      *path,
                                                  const TwinMeshImportOptions *options,
                                                  TwinEntity      *parent,
                                                  TwinEntity      *target);
void               twin_window_cancel_import     (TwinWindow      *self);
gboolean           twin_window_export_gltf       (TwinWindow      *self,
                                                  const char      *path);
gboolean           twin_window_get_is_importing  (TwinWindow      *self);
GtkWindow         *twin_window_show_import_dialog (TwinWindow     *self,
                                                  const char      *path);

G_END_DECLS
