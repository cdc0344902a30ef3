/* twin-chart-range.c: the time range trend charts show, shared by a stack of charts so they zoom and pan as one.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A range is [from, to) in UTC µs, at least TWIN_CHART_RANGE_MIN_SPAN_US
 * long. Every change emits ::changed once, after both ends moved. In
 * follow-live mode the owner's frame clock calls follow_tick() with the wall
 * clock; the range slides so its end is "now", at most 30 times a second
 * however many charts share it.
 */

#define G_LOG_DOMAIN "twin-chart-range"

#include "config.h"

#include "twin-chart-range.h"

#include <math.h>

/* Microseconds in a second, as a 64-bit constant for time arithmetic. */
#define US_PER_S G_GINT64_CONSTANT (1000000)

/* The least time between two follow-live moves: 30 Hz. */
#define FOLLOW_INTERVAL_US (US_PER_S / 30)

struct _TwinChartRange
{
  GObject  parent_instance;

  gint64   from_us;
  gint64   to_us;
  gint64   last_follow_us;
  gboolean follow_live;
};

G_DEFINE_FINAL_TYPE (TwinChartRange, twin_chart_range, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_FROM_US,
  PROP_TO_US,
  PROP_FOLLOW_LIVE,
  N_PROPS,
};

enum
{
  CHANGED,
  N_SIGNALS,
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static void
twin_chart_range_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TwinChartRange *self = TWIN_CHART_RANGE (object);

  switch (prop_id)
    {
    case PROP_FROM_US:
      g_value_set_int64 (value, self->from_us);
      break;
    case PROP_TO_US:
      g_value_set_int64 (value, self->to_us);
      break;
    case PROP_FOLLOW_LIVE:
      g_value_set_boolean (value, self->follow_live);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_chart_range_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TwinChartRange *self = TWIN_CHART_RANGE (object);

  switch (prop_id)
    {
    case PROP_FROM_US:
      twin_chart_range_set (self, g_value_get_int64 (value), MAX (self->to_us, g_value_get_int64 (value) + 1));
      break;
    case PROP_TO_US:
      twin_chart_range_set (self, self->from_us, g_value_get_int64 (value));
      break;
    case PROP_FOLLOW_LIVE:
      twin_chart_range_set_follow_live (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_chart_range_class_init (TwinChartRangeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = twin_chart_range_get_property;
  object_class->set_property = twin_chart_range_set_property;

  /* The start of the range, UTC µs since the Unix epoch (inclusive). */
  properties[PROP_FROM_US] =
    g_param_spec_int64 ("from-us", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The end of the range, UTC µs since the Unix epoch (exclusive). */
  properties[PROP_TO_US] =
    g_param_spec_int64 ("to-us", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOW_LIVE] =
    g_param_spec_boolean ("follow-live", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TwinChartRange::changed:
   *
   * The range moved (once per move, after both ends changed).
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
twin_chart_range_init (TwinChartRange *self)
{
  self->to_us = self->from_us + 3600 * US_PER_S;
}

/**
 * twin_chart_range_new:
 * @from_us: the start (UTC µs)
 * @to_us: the end (UTC µs)
 *
 * Returns: (transfer full): a range, widened to the least span if needed
 */
TwinChartRange *
twin_chart_range_new (gint64 from_us,
                      gint64 to_us)
{
  TwinChartRange *self = g_object_new (TWIN_TYPE_CHART_RANGE, NULL);

  twin_chart_range_set (self, from_us, to_us);
  return self;
}

gint64
twin_chart_range_get_from (TwinChartRange *self)
{
  g_return_val_if_fail (TWIN_IS_CHART_RANGE (self), 0);

  return self->from_us;
}

gint64
twin_chart_range_get_to (TwinChartRange *self)
{
  g_return_val_if_fail (TWIN_IS_CHART_RANGE (self), 0);

  return self->to_us;
}

/**
 * twin_chart_range_set:
 * @from_us: the new start
 * @to_us: the new end
 *
 * Moves the range. A span shorter than TWIN_CHART_RANGE_MIN_SPAN_US (or
 * longer than the maximum) is widened (or narrowed) around its middle.
 */
void
twin_chart_range_set (TwinChartRange *self,
                      gint64          from_us,
                      gint64          to_us)
{
  gint64 span;

  g_return_if_fail (TWIN_IS_CHART_RANGE (self));

  if (to_us < from_us)
    {
      gint64 t = to_us;

      to_us = from_us;
      from_us = t;
    }
  span = to_us - from_us;
  if (span < TWIN_CHART_RANGE_MIN_SPAN_US || span > TWIN_CHART_RANGE_MAX_SPAN_US)
    {
      gint64 middle = from_us + span / 2;

      span = CLAMP (span, TWIN_CHART_RANGE_MIN_SPAN_US, TWIN_CHART_RANGE_MAX_SPAN_US);
      from_us = middle - span / 2;
      to_us = from_us + span;
    }
  if (from_us == self->from_us && to_us == self->to_us)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (from_us != self->from_us)
    {
      self->from_us = from_us;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FROM_US]);
    }
  if (to_us != self->to_us)
    {
      self->to_us = to_us;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TO_US]);
    }
  g_signal_emit (self, signals[CHANGED], 0);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * twin_chart_range_zoom:
 * @factor: the new span over the old (< 1 zooms in)
 * @anchor_us: the time that stays where it is on screen (the pointer's)
 */
void
twin_chart_range_zoom (TwinChartRange *self,
                       double          factor,
                       gint64          anchor_us)
{
  double from, to;

  g_return_if_fail (TWIN_IS_CHART_RANGE (self));
  g_return_if_fail (factor > 0.0 && isfinite (factor));

  from = (double) anchor_us - ((double) anchor_us - (double) self->from_us) * factor;
  to = (double) anchor_us + ((double) self->to_us - (double) anchor_us) * factor;
  /* Keep the anchor fixed when the span hits a limit. */
  if (to - from < (double) TWIN_CHART_RANGE_MIN_SPAN_US || to - from > (double) TWIN_CHART_RANGE_MAX_SPAN_US)
    {
      double span = CLAMP (to - from, (double) TWIN_CHART_RANGE_MIN_SPAN_US, (double) TWIN_CHART_RANGE_MAX_SPAN_US);
      double share = ((double) anchor_us - (double) self->from_us) / (double) (self->to_us - self->from_us);

      from = (double) anchor_us - share * span;
      to = from + span;
    }
  twin_chart_range_set (self, (gint64) llround (from), (gint64) llround (to));
}

/* Moves the range by @delta_us (> 0: later). */
void
twin_chart_range_pan (TwinChartRange *self,
                      gint64          delta_us)
{
  g_return_if_fail (TWIN_IS_CHART_RANGE (self));

  twin_chart_range_set (self, self->from_us + delta_us, self->to_us + delta_us);
}

gboolean
twin_chart_range_get_follow_live (TwinChartRange *self)
{
  g_return_val_if_fail (TWIN_IS_CHART_RANGE (self), FALSE);

  return self->follow_live;
}

/* In follow-live mode the range keeps its span and ends at "now". */
void
twin_chart_range_set_follow_live (TwinChartRange *self,
                                  gboolean        follow_live)
{
  g_return_if_fail (TWIN_IS_CHART_RANGE (self));

  follow_live = !!follow_live;
  if (self->follow_live == follow_live)
    return;
  self->follow_live = follow_live;
  self->last_follow_us = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_LIVE]);
}

/**
 * twin_chart_range_follow_tick:
 * @now_us: the wall clock (UTC µs)
 *
 * In follow-live mode, slides the range to end at @now_us, unless it moved
 * less than 1/30 s ago (many charts may share one range and all tick).
 *
 * Returns: whether the range moved
 */
gboolean
twin_chart_range_follow_tick (TwinChartRange *self,
                              gint64          now_us)
{
  g_return_val_if_fail (TWIN_IS_CHART_RANGE (self), FALSE);

  if (!self->follow_live)
    return FALSE;
  if (self->last_follow_us != 0 && now_us - self->last_follow_us < FOLLOW_INTERVAL_US && now_us >= self->last_follow_us)
    return FALSE;
  self->last_follow_us = now_us;
  twin_chart_range_set (self, now_us - (self->to_us - self->from_us), now_us);
  return TRUE;
}
