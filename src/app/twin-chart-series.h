/* twin-chart-series.h: one line on a trend chart: its name, unit, colour and style, and where its data comes from.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "history/twin-historian.h"

G_BEGIN_DECLS

/**
 * TwinChartSeriesStyle:
 * @TWIN_CHART_SERIES_SOLID: a solid line (the signal itself)
 * @TWIN_CHART_SERIES_DASHED: a dashed line (a second run of the same signal, such as simulated
 *   against measured)
 */
typedef enum
{
  TWIN_CHART_SERIES_SOLID,
  TWIN_CHART_SERIES_DASHED,
} TwinChartSeriesStyle;

#define TWIN_TYPE_CHART_SERIES_STYLE (twin_chart_series_style_get_type ())
GType twin_chart_series_style_get_type (void) G_GNUC_CONST;

/* At most @max_buckets TwinBucket of the samples in [@from_us, @to_us), in time order;
 * NULL with @error set on failure. */
typedef GArray *(*TwinChartQueryFunc) (gpointer data,
                                       gint64   from_us,
                                       gint64   to_us,
                                       guint    max_buckets,
                                       GError **error);
/* The last sample at or before @t_us; FALSE when there is none. */
typedef gboolean (*TwinChartSampleAtFunc) (gpointer    data,
                                           gint64      t_us,
                                           TwinSample *out);
/* The times of the first and last samples; FALSE when there are none. */
typedef gboolean (*TwinChartExtentFunc) (gpointer data,
                                         gint64  *first_us,
                                         gint64  *last_us);

#define TWIN_TYPE_CHART_SERIES (twin_chart_series_get_type ())

G_DECLARE_FINAL_TYPE (TwinChartSeries, twin_chart_series, TWIN, CHART_SERIES, GObject)

TwinChartSeries      *twin_chart_series_new                (const char            *name,
                                                            const char            *unit) G_GNUC_WARN_UNUSED_RESULT;
TwinChartSeries      *twin_chart_series_new_for_historian  (TwinHistorian         *historian,
                                                            gint64                 signal_id,
                                                            const char            *name,
                                                            const char            *unit) G_GNUC_WARN_UNUSED_RESULT;
TwinChartSeries      *twin_chart_series_new_for_samples    (const char            *name,
                                                            const char            *unit,
                                                            GArray                *samples) G_GNUC_WARN_UNUSED_RESULT;
void                  twin_chart_series_set_source         (TwinChartSeries       *self,
                                                            TwinChartQueryFunc     query,
                                                            TwinChartSampleAtFunc  sample_at,
                                                            TwinChartExtentFunc    extent,
                                                            gpointer               data,
                                                            GDestroyNotify         destroy);
void                  twin_chart_series_append_samples     (TwinChartSeries       *self,
                                                            const TwinSample      *samples,
                                                            gsize                  n_samples);
void                  twin_chart_series_invalidate         (TwinChartSeries       *self);
guint                 twin_chart_series_get_generation     (TwinChartSeries       *self);

GArray               *twin_chart_series_query              (TwinChartSeries       *self,
                                                            gint64                 from_us,
                                                            gint64                 to_us,
                                                            guint                  max_buckets,
                                                            GError               **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean              twin_chart_series_sample_at          (TwinChartSeries       *self,
                                                            gint64                 t_us,
                                                            TwinSample            *out);
gboolean              twin_chart_series_get_extent         (TwinChartSeries       *self,
                                                            gint64                *first_us,
                                                            gint64                *last_us);

const char           *twin_chart_series_get_name           (TwinChartSeries       *self);
void                  twin_chart_series_set_name           (TwinChartSeries       *self,
                                                            const char            *name);
const char           *twin_chart_series_get_unit           (TwinChartSeries       *self);
void                  twin_chart_series_set_unit           (TwinChartSeries       *self,
                                                            const char            *unit);
const char           *twin_chart_series_get_signal_name    (TwinChartSeries       *self);
void                  twin_chart_series_set_signal_name    (TwinChartSeries       *self,
                                                            const char            *signal_name);
gboolean              twin_chart_series_get_color          (TwinChartSeries       *self,
                                                            GdkRGBA               *color);
void                  twin_chart_series_set_color          (TwinChartSeries       *self,
                                                            const GdkRGBA         *color);
gboolean              twin_chart_series_get_visible        (TwinChartSeries       *self);
void                  twin_chart_series_set_visible        (TwinChartSeries       *self,
                                                            gboolean               visible);
TwinChartSeriesStyle  twin_chart_series_get_style          (TwinChartSeries       *self);
void                  twin_chart_series_set_style          (TwinChartSeries       *self,
                                                            TwinChartSeriesStyle   style);

GArray               *twin_chart_bucket_samples            (const TwinSample      *samples,
                                                            gsize                  n_samples,
                                                            gint64                 from_us,
                                                            gint64                 to_us,
                                                            guint                  max_buckets) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
