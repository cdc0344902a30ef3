/* twin-chart.h: a trend chart: series over a real time axis, one value axis per unit, cursor, legend and overlays.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "twin-chart-range.h"
#include "twin-chart-series.h"

G_BEGIN_DECLS

#define TWIN_CHART_ERROR (twin_chart_error_quark ())

/**
 * TwinChartError:
 * @TWIN_CHART_ERROR_EXPORT: an image or CSV file could not be written
 * @TWIN_CHART_ERROR_NO_EXPORTER: no CSV exporter was set on the chart
 * @TWIN_CHART_ERROR_LAYOUT: a saved chart layout is not valid
 */
typedef enum
{
  TWIN_CHART_ERROR_EXPORT,
  TWIN_CHART_ERROR_NO_EXPORTER,
  TWIN_CHART_ERROR_LAYOUT,
} TwinChartError;

/**
 * TwinChartLabel:
 * @t_us: the time of the tick (UTC µs)
 * @x: the x of the label's centre in the widget: the tick's x, moved
 *   inside the chart's edges where needed
 * @width: the label's width in pixels
 * @height: its height in pixels
 * @row: 0 for the ticks' labels, 1 for the context under them (the date
 *   under times, the year under days and months) where it changes
 * @text: the label
 *
 * A label of the time axis as drawn.
 */
typedef struct
{
  gint64 t_us;
  double x;
  double width;
  double height;
  guint  row;
  char  *text;
} TwinChartLabel;

void twin_chart_label_free (TwinChartLabel *label);

#define TWIN_TYPE_CHART (twin_chart_get_type ())

G_DECLARE_FINAL_TYPE (TwinChart, twin_chart, TWIN, CHART, GtkWidget)

/* Writes the series' samples in [@from_us, @to_us) to @path as CSV. */
typedef gboolean (*TwinChartCsvFunc) (TwinChart  *chart,
                                      GPtrArray  *series,
                                      gint64      from_us,
                                      gint64      to_us,
                                      const char *path,
                                      gpointer    data,
                                      GError    **error);

GQuark           twin_chart_error_quark           (void);
GtkWidget       *twin_chart_new                   (void) G_GNUC_WARN_UNUSED_RESULT;

void             twin_chart_add_series            (TwinChart         *self,
                                                   TwinChartSeries   *series);
void             twin_chart_remove_series         (TwinChart         *self,
                                                   TwinChartSeries   *series);
guint            twin_chart_get_n_series          (TwinChart         *self);
TwinChartSeries *twin_chart_get_series            (TwinChart         *self,
                                                   guint              index);
GtkToggleButton *twin_chart_get_legend_toggle     (TwinChart         *self,
                                                   TwinChartSeries   *series);
gboolean         twin_chart_get_series_color      (TwinChart         *self,
                                                   TwinChartSeries   *series,
                                                   GdkRGBA           *color);

TwinChartRange  *twin_chart_get_range             (TwinChart         *self);
void             twin_chart_set_range             (TwinChart         *self,
                                                   TwinChartRange    *range);
gboolean         twin_chart_get_follow_live       (TwinChart         *self);
void             twin_chart_set_follow_live       (TwinChart         *self,
                                                   gboolean           follow_live);
gboolean         twin_chart_get_show_time_labels  (TwinChart         *self);
void             twin_chart_set_show_time_labels  (TwinChart         *self,
                                                   gboolean           show_time_labels);
void             twin_chart_reset                 (TwinChart         *self);
void             twin_chart_zoom_at               (TwinChart         *self,
                                                   double             factor,
                                                   double             x);
void             twin_chart_scroll_at             (TwinChart         *self,
                                                   double             x,
                                                   double             dy);
void             twin_chart_pan_by                (TwinChart         *self,
                                                   double             dx);
void             twin_chart_zoom_to_span          (TwinChart         *self,
                                                   double             x0,
                                                   double             x1);

void             twin_chart_get_natural_gutters   (TwinChart         *self,
                                                   double            *left,
                                                   double            *right);
void             twin_chart_set_min_gutters       (TwinChart         *self,
                                                   double             left,
                                                   double             right);
gboolean         twin_chart_get_plot_area         (TwinChart         *self,
                                                   graphene_rect_t   *area);
double           twin_chart_time_to_x             (TwinChart         *self,
                                                   gint64             t_us);
gint64           twin_chart_x_to_time             (TwinChart         *self,
                                                   double             x);
GPtrArray       *twin_chart_dup_time_labels       (TwinChart         *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean         twin_chart_get_drawn_extremes    (TwinChart         *self,
                                                   TwinChartSeries   *series,
                                                   double            *min,
                                                   double            *max);
gboolean         twin_chart_get_value_range       (TwinChart         *self,
                                                   const char        *unit,
                                                   double            *min,
                                                   double            *max);

void             twin_chart_set_cursor            (TwinChart         *self,
                                                   gint64             t_us);
void             twin_chart_clear_cursor          (TwinChart         *self);
gboolean         twin_chart_get_cursor            (TwinChart         *self,
                                                   gint64            *t_us);
gboolean         twin_chart_read_cursor           (TwinChart         *self,
                                                   TwinChartSeries   *series,
                                                   TwinSample        *sample);
char            *twin_chart_dup_readout_text      (TwinChart         *self) G_GNUC_WARN_UNUSED_RESULT;

void             twin_chart_add_threshold         (TwinChart         *self,
                                                   const char        *unit,
                                                   double             value,
                                                   const char        *label,
                                                   const GdkRGBA     *color);
void             twin_chart_add_marker            (TwinChart         *self,
                                                   gint64             t_us,
                                                   const char        *label,
                                                   const GdkRGBA     *color);
void             twin_chart_set_forecast          (TwinChart         *self,
                                                   TwinChartSeries   *lower,
                                                   TwinChartSeries   *upper,
                                                   const GdkRGBA     *color);
void             twin_chart_clear_overlays        (TwinChart         *self);

void             twin_chart_draw                  (TwinChart         *self,
                                                   cairo_t           *cr,
                                                   int                width,
                                                   int                height);
gboolean         twin_chart_export_png            (TwinChart         *self,
                                                   const char        *path,
                                                   int                width,
                                                   int                height,
                                                   GError           **error);
gboolean         twin_chart_export_svg            (TwinChart         *self,
                                                   const char        *path,
                                                   int                width,
                                                   int                height,
                                                   GError           **error);
void             twin_chart_set_csv_exporter      (TwinChart         *self,
                                                   TwinChartCsvFunc   func,
                                                   gpointer           data,
                                                   GDestroyNotify     destroy);
gboolean         twin_chart_export_csv            (TwinChart         *self,
                                                   const char        *path,
                                                   GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinChartLabel, twin_chart_label_free)

G_END_DECLS
