/* twin-simulation-page.h: the window's Simulation page: scenarios, runs with progress, live charts, overlays and replay.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "history/twin-historian.h"
#include "sim/twin-sim-archive.h"
#include "sim/twin-sim-scenario.h"
#include "store/twin-project.h"
#include "twin-chart-stack.h"
#include "twin-viewport.h"

G_BEGIN_DECLS

#define TWIN_TYPE_SIMULATION_PAGE (twin_simulation_page_get_type ())

G_DECLARE_FINAL_TYPE (TwinSimulationPage, twin_simulation_page, TWIN, SIMULATION_PAGE, GtkWidget)

GtkWidget             *twin_simulation_page_new                   (void) G_GNUC_WARN_UNUSED_RESULT;
void                   twin_simulation_page_set_project           (TwinSimulationPage *self,
                                                                   TwinProject        *project);
void                   twin_simulation_page_set_viewport          (TwinSimulationPage *self,
                                                                   TwinViewport       *viewport);

/* Scenarios */
GListModel            *twin_simulation_page_get_scenario_names    (TwinSimulationPage *self);
const TwinSimScenario *twin_simulation_page_get_scenario          (TwinSimulationPage *self);
gboolean               twin_simulation_page_select_scenario       (TwinSimulationPage *self,
                                                                   const char         *name);
gboolean               twin_simulation_page_new_scenario          (TwinSimulationPage *self,
                                                                   const char         *name,
                                                                   GError            **error);
gboolean               twin_simulation_page_rename_scenario       (TwinSimulationPage *self,
                                                                   const char         *name,
                                                                   GError            **error);
gboolean               twin_simulation_page_delete_scenario       (TwinSimulationPage *self,
                                                                   GError            **error);
const char            *twin_simulation_page_get_scenario_message  (TwinSimulationPage *self);

/* Runs */
gboolean               twin_simulation_page_run                   (TwinSimulationPage *self);
void                   twin_simulation_page_cancel                (TwinSimulationPage *self);
gboolean               twin_simulation_page_get_running           (TwinSimulationPage *self);
gboolean               twin_simulation_page_get_run_pending       (TwinSimulationPage *self);
gint64                 twin_simulation_page_get_current_run_id    (TwinSimulationPage *self);
double                 twin_simulation_page_get_progress          (TwinSimulationPage *self);
const char            *twin_simulation_page_get_run_message       (TwinSimulationPage *self);
GtkProgressBar        *twin_simulation_page_get_progress_bar      (TwinSimulationPage *self);
void                   twin_simulation_page_reload_runs           (TwinSimulationPage *self);
GListModel            *twin_simulation_page_get_runs              (TwinSimulationPage *self);
gboolean               twin_simulation_page_select_runs           (TwinSimulationPage *self,
                                                                   const gint64       *run_ids,
                                                                   guint               n_run_ids);
gboolean               twin_simulation_page_compare_with_signal   (TwinSimulationPage *self,
                                                                   const char         *signal_name);
gboolean               twin_simulation_page_delete_selected_runs  (TwinSimulationPage *self,
                                                                   GError            **error);
TwinChartStack        *twin_simulation_page_get_chart_stack       (TwinSimulationPage *self);

/* Replay in the 3D view */
GtkRange              *twin_simulation_page_get_replay_range      (TwinSimulationPage *self);
GtkToggleButton       *twin_simulation_page_get_replay_play       (TwinSimulationPage *self);
GtkLabel              *twin_simulation_page_get_replay_label      (TwinSimulationPage *self);
gboolean               twin_simulation_page_get_replay_shown      (TwinSimulationPage *self);
gboolean               twin_simulation_page_set_replay_time       (TwinSimulationPage *self,
                                                                   double              t_s);
gboolean               twin_simulation_page_set_replay_property   (TwinSimulationPage *self,
                                                                   const char         *property);
void                   twin_simulation_page_stop_replay           (TwinSimulationPage *self);

G_END_DECLS
