/* twin-charts-page.h: the window's Charts page: the project's signals beside a stack of trend charts.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "feeds/twin-live-session.h"
#include "history/twin-historian.h"
#include "store/twin-project.h"
#include "twin-chart-stack.h"

G_BEGIN_DECLS

/* The key under which a project keeps its charts' layout (twin_chart_stack_dup_layout()). */
#define TWIN_CHARTS_LAYOUT_METADATA_KEY "view.charts"

/* What a drag of an entity's property carries: "twin-parameter:<entity path>.<property>". */
#define TWIN_CHARTS_PROPERTY_PREFIX "twin-parameter:"
#define TWIN_CHARTS_SIGNAL_PREFIX   "twin-signal:"

#define TWIN_TYPE_CHARTS_PAGE (twin_charts_page_get_type ())

G_DECLARE_FINAL_TYPE (TwinChartsPage, twin_charts_page, TWIN, CHARTS_PAGE, GtkWidget)

GtkWidget      *twin_charts_page_new             (void) G_GNUC_WARN_UNUSED_RESULT;
void            twin_charts_page_set_live_session (TwinChartsPage  *self,
                                                   TwinLiveSession *session);
void            twin_charts_page_set_project     (TwinChartsPage *self,
                                                  TwinProject    *project);
void            twin_charts_page_reload_signals  (TwinChartsPage *self);
void            twin_charts_page_save_layout     (TwinChartsPage *self);
void            twin_charts_page_set_saving_paused (TwinChartsPage *self,
                                                  gboolean        paused);
TwinChartStack *twin_charts_page_get_stack       (TwinChartsPage *self);
TwinHistorian  *twin_charts_page_get_historian   (TwinChartsPage *self);
GListModel     *twin_charts_page_get_signal_names (TwinChartsPage *self);
gboolean        twin_charts_page_add_signal      (TwinChartsPage *self,
                                                  TwinChart      *chart,
                                                  const char     *signal_name,
                                                  GError        **error);
guint           twin_charts_page_add_entity      (TwinChartsPage *self,
                                                  TwinChart      *chart,
                                                  TwinEntity     *entity);
gboolean        twin_charts_page_drop_text       (TwinChartsPage *self,
                                                  TwinChart      *chart,
                                                  const char     *text,
                                                  GError        **error);

G_END_DECLS
