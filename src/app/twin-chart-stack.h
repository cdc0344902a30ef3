/* twin-chart-stack.h: trend charts stacked vertically over one shared time axis, and their layout as JSON.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "twin-chart.h"

G_BEGIN_DECLS

/* The series to show for a saved signal name (transfer full), or NULL when the signal is gone. */
typedef TwinChartSeries *(*TwinChartSeriesResolver) (const char *signal_name,
                                                     gpointer    data);

#define TWIN_TYPE_CHART_STACK (twin_chart_stack_get_type ())

G_DECLARE_FINAL_TYPE (TwinChartStack, twin_chart_stack, TWIN, CHART_STACK, GtkWidget)

GtkWidget      *twin_chart_stack_new              (void) G_GNUC_WARN_UNUSED_RESULT;
TwinChartRange *twin_chart_stack_get_range        (TwinChartStack          *self);
TwinChart      *twin_chart_stack_add_chart        (TwinChartStack          *self);
TwinChart      *twin_chart_stack_insert_chart     (TwinChartStack          *self,
                                                   int                      position);
void            twin_chart_stack_remove_chart     (TwinChartStack          *self,
                                                   TwinChart               *chart);
void            twin_chart_stack_move_chart       (TwinChartStack          *self,
                                                   TwinChart               *chart,
                                                   guint                    position);
guint           twin_chart_stack_get_n_charts     (TwinChartStack          *self);
TwinChart      *twin_chart_stack_get_chart        (TwinChartStack          *self,
                                                   guint                    index);
void            twin_chart_stack_add_series       (TwinChartStack          *self,
                                                   TwinChart               *chart,
                                                   TwinChartSeries         *series);
gboolean        twin_chart_stack_drop_text        (TwinChartStack          *self,
                                                   TwinChart               *chart,
                                                   const char              *text);
void            twin_chart_stack_set_csv_exporter (TwinChartStack          *self,
                                                   TwinChartCsvFunc         func,
                                                   gpointer                 data,
                                                   GDestroyNotify           destroy);
char           *twin_chart_stack_dup_layout       (TwinChartStack          *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean        twin_chart_stack_load_layout      (TwinChartStack          *self,
                                                   const char              *json,
                                                   TwinChartSeriesResolver  resolver,
                                                   gpointer                 data,
                                                   GError                 **error);

G_END_DECLS
