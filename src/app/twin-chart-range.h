/* twin-chart-range.h: the time range trend charts show, shared by a stack of charts so they zoom and pan as one.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The shortest and longest ranges a chart shows, in µs: one second and two centuries. */
#define TWIN_CHART_RANGE_MIN_SPAN_US G_GINT64_CONSTANT (1000000)
#define TWIN_CHART_RANGE_MAX_SPAN_US (G_GINT64_CONSTANT (200) * 366 * 86400 * 1000000)

#define TWIN_TYPE_CHART_RANGE (twin_chart_range_get_type ())

G_DECLARE_FINAL_TYPE (TwinChartRange, twin_chart_range, TWIN, CHART_RANGE, GObject)

TwinChartRange *twin_chart_range_new             (gint64          from_us,
                                                  gint64          to_us) G_GNUC_WARN_UNUSED_RESULT;
gint64          twin_chart_range_get_from        (TwinChartRange *self);
gint64          twin_chart_range_get_to          (TwinChartRange *self);
void            twin_chart_range_set             (TwinChartRange *self,
                                                  gint64          from_us,
                                                  gint64          to_us);
void            twin_chart_range_zoom            (TwinChartRange *self,
                                                  double          factor,
                                                  gint64          anchor_us);
void            twin_chart_range_pan             (TwinChartRange *self,
                                                  gint64          delta_us);
gboolean        twin_chart_range_get_follow_live (TwinChartRange *self);
void            twin_chart_range_set_follow_live (TwinChartRange *self,
                                                  gboolean        follow_live);
gboolean        twin_chart_range_follow_tick     (TwinChartRange *self,
                                                  gint64          now_us);

G_END_DECLS
