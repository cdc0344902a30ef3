/* twin-chart-series.c: one line on a trend chart: its name, unit, colour and style, and where its data comes from.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A series never holds the samples a chart draws: the chart asks it for at
 * most as many TwinBuckets as it has pixel columns, over the range on
 * screen, through a query callback the owner sets. Two sources are built
 * in: a signal of a TwinHistorian (its rollups answer the query) and an
 * in-memory array of TwinSample (for tests, overlays and live buffers),
 * bucketed here by min/max/mean per equal time span so no extreme is lost.
 * The generation counter goes up whenever the data changes, so charts can
 * keep their per-range caches until then.
 */

#define G_LOG_DOMAIN "twin-chart-series"

#include "config.h"

#include "twin-chart-series.h"

#include <math.h>

struct _TwinChartSeries
{
  GObject               parent_instance;

  /* Owned */
  char                 *name;
  char                 *unit;
  char                 *signal_name;
  gpointer              data;
  GDestroyNotify        destroy;

  /* Source */
  TwinChartQueryFunc    query;
  TwinChartSampleAtFunc sample_at;
  TwinChartExtentFunc   extent;

  /* State */
  GdkRGBA               color;
  gboolean              has_color;
  gboolean              visible;
  TwinChartSeriesStyle  style;
  guint                 generation;
};

G_DEFINE_FINAL_TYPE (TwinChartSeries, twin_chart_series, G_TYPE_OBJECT)

GType
twin_chart_series_style_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { TWIN_CHART_SERIES_SOLID, "TWIN_CHART_SERIES_SOLID", "solid" },
        { TWIN_CHART_SERIES_DASHED, "TWIN_CHART_SERIES_DASHED", "dashed" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static (g_intern_static_string ("TwinChartSeriesStyle"), values);

      g_once_init_leave (&type_id, type);
    }
  return type_id;
}

enum
{
  PROP_0,
  PROP_NAME,
  PROP_UNIT,
  PROP_SIGNAL_NAME,
  PROP_COLOR,
  PROP_VISIBLE,
  PROP_STYLE,
  N_PROPS,
};

enum
{
  CHANGED,
  N_SIGNALS,
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

/* The in-memory source: samples in time order. */
typedef struct
{
  GArray *samples;
} MemorySource;

/* The historian source. */
typedef struct
{
  TwinHistorian *historian;
  gint64         signal_id;
  char          *name;
} HistorianSource;

/* The index of the first sample at or after @t_us. */
static gsize
lower_bound (const TwinSample *samples,
             gsize             n_samples,
             gint64            t_us)
{
  gsize lo = 0, hi = n_samples;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (samples[mid].t_us < t_us)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Replaces *@field with a copy of @value; TRUE when it changed. */
static gboolean
set_string (char      **field,
            const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static int
compare_samples (gconstpointer a,
                 gconstpointer b)
{
  const TwinSample *sa = a, *sb = b;

  return (sa->t_us > sb->t_us) - (sa->t_us < sb->t_us);
}

static void
memory_source_free (gpointer data)
{
  MemorySource *source = data;

  g_clear_pointer (&source->samples, g_array_unref);
  g_free (source);
}

static GArray *
memory_query (gpointer data,
              gint64   from_us,
              gint64   to_us,
              guint    max_buckets,
              GError **error)
{
  MemorySource *source = data;

  return twin_chart_bucket_samples ((const TwinSample *) (gpointer) source->samples->data, source->samples->len,
                                    from_us, to_us, max_buckets);
}

static gboolean
memory_sample_at (gpointer    data,
                  gint64      t_us,
                  TwinSample *out)
{
  MemorySource     *source = data;
  const TwinSample *samples = (const TwinSample *) (gpointer) source->samples->data;
  gsize             index;

  /* The first sample after t, then one back. */
  index = lower_bound (samples, source->samples->len, t_us == G_MAXINT64 ? t_us : t_us + 1);
  if (index == 0)
    return FALSE;
  *out = samples[index - 1];
  return TRUE;
}

static gboolean
memory_extent (gpointer data,
               gint64  *first_us,
               gint64  *last_us)
{
  MemorySource *source = data;

  if (source->samples->len == 0)
    return FALSE;
  *first_us = g_array_index (source->samples, TwinSample, 0).t_us;
  *last_us = g_array_index (source->samples, TwinSample, source->samples->len - 1).t_us;
  return TRUE;
}

static void
historian_source_free (gpointer data)
{
  HistorianSource *source = data;

  g_clear_object (&source->historian);
  g_free (source->name);
  g_free (source);
}

static GArray *
historian_query (gpointer data,
                 gint64   from_us,
                 gint64   to_us,
                 guint    max_buckets,
                 GError **error)
{
  HistorianSource *source = data;

  return twin_historian_query (source->historian, source->signal_id, from_us, to_us, max_buckets, error);
}

static gboolean
historian_sample_at (gpointer    data,
                     gint64      t_us,
                     TwinSample *out)
{
  HistorianSource *source = data;

  return twin_historian_sample_at (source->historian, source->signal_id, t_us, out);
}

static gboolean
historian_extent (gpointer data,
                  gint64  *first_us,
                  gint64  *last_us)
{
  HistorianSource *source = data;
  g_autoptr (TwinSignalInfo) info = twin_historian_lookup_signal (source->historian, source->name, NULL);

  if (info == NULL || info->n_samples == 0)
    return FALSE;
  *first_us = info->first_us;
  *last_us = info->last_us;
  return TRUE;
}

static void
twin_chart_series_finalize (GObject *object)
{
  TwinChartSeries *self = TWIN_CHART_SERIES (object);

  if (self->destroy != NULL)
    g_clear_pointer (&self->data, self->destroy);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->signal_name, g_free);

  G_OBJECT_CLASS (twin_chart_series_parent_class)->finalize (object);
}

static void
twin_chart_series_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TwinChartSeries *self = TWIN_CHART_SERIES (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;
    case PROP_SIGNAL_NAME:
      g_value_set_string (value, self->signal_name);
      break;
    case PROP_COLOR:
      g_value_set_boxed (value, self->has_color ? &self->color : NULL);
      break;
    case PROP_VISIBLE:
      g_value_set_boolean (value, self->visible);
      break;
    case PROP_STYLE:
      g_value_set_enum (value, self->style);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_chart_series_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TwinChartSeries *self = TWIN_CHART_SERIES (object);

  switch (prop_id)
    {
    case PROP_NAME:
      twin_chart_series_set_name (self, g_value_get_string (value));
      break;
    case PROP_UNIT:
      twin_chart_series_set_unit (self, g_value_get_string (value));
      break;
    case PROP_SIGNAL_NAME:
      twin_chart_series_set_signal_name (self, g_value_get_string (value));
      break;
    case PROP_COLOR:
      twin_chart_series_set_color (self, g_value_get_boxed (value));
      break;
    case PROP_VISIBLE:
      twin_chart_series_set_visible (self, g_value_get_boolean (value));
      break;
    case PROP_STYLE:
      twin_chart_series_set_style (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_chart_series_class_init (TwinChartSeriesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = twin_chart_series_finalize;
  object_class->get_property = twin_chart_series_get_property;
  object_class->set_property = twin_chart_series_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "", G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL, "", G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The historian signal the series shows, which a saved layout refers to; NULL for other data. */
  properties[PROP_SIGNAL_NAME] =
    g_param_spec_string ("signal-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* NULL: the chart picks one from its palette. */
  properties[PROP_COLOR] =
    g_param_spec_boxed ("color", NULL, NULL, GDK_TYPE_RGBA,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VISIBLE] =
    g_param_spec_boolean ("visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STYLE] =
    g_param_spec_enum ("style", NULL, NULL, TWIN_TYPE_CHART_SERIES_STYLE, TWIN_CHART_SERIES_SOLID,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TwinChartSeries::changed:
   *
   * The data changed (new samples, a new source): charts drop what they cached.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
twin_chart_series_init (TwinChartSeries *self)
{
  self->name = g_strdup ("");
  self->unit = g_strdup ("");
  self->visible = TRUE;
}

/**
 * twin_chart_series_new:
 * @name: the name shown in the legend and readout
 * @unit: the unit of its values ("" for none); series of one unit share a value axis
 *
 * A series with no data until twin_chart_series_set_source() gives it some.
 *
 * Returns: (transfer full): the series
 */
TwinChartSeries *
twin_chart_series_new (const char *name,
                       const char *unit)
{
  return g_object_new (TWIN_TYPE_CHART_SERIES, "name", name, "unit", unit, NULL);
}

/**
 * twin_chart_series_new_for_historian:
 * @historian: the historian holding the signal (a reference is kept)
 * @signal_id: the signal's id
 * @name: the signal's name (also the series' name and signal-name)
 * @unit: the signal's unit
 *
 * A series on a signal of @historian: queries go to its rollups.
 *
 * Returns: (transfer full): the series
 */
TwinChartSeries *
twin_chart_series_new_for_historian (TwinHistorian *historian,
                                     gint64         signal_id,
                                     const char    *name,
                                     const char    *unit)
{
  TwinChartSeries *self;
  HistorianSource *source;

  g_return_val_if_fail (TWIN_IS_HISTORIAN (historian), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  self = twin_chart_series_new (name, unit);
  twin_chart_series_set_signal_name (self, name);
  source = g_new0 (HistorianSource, 1);
  source->historian = g_object_ref (historian);
  source->signal_id = signal_id;
  source->name = g_strdup (name);
  twin_chart_series_set_source (self, historian_query, historian_sample_at, historian_extent, source,
                                historian_source_free);
  return self;
}

/**
 * twin_chart_series_new_for_samples:
 * @name: the series' name
 * @unit: its unit
 * @samples: (element-type TwinSample) (nullable): its samples, in any order (copied)
 *
 * A series on samples held in memory; twin_chart_series_append_samples()
 * adds more.
 *
 * Returns: (transfer full): the series
 */
TwinChartSeries *
twin_chart_series_new_for_samples (const char *name,
                                   const char *unit,
                                   GArray     *samples)
{
  TwinChartSeries *self = twin_chart_series_new (name, unit);
  MemorySource    *source = g_new0 (MemorySource, 1);

  source->samples = g_array_new (FALSE, FALSE, sizeof (TwinSample));
  if (samples != NULL && samples->len > 0)
    {
      g_array_append_vals (source->samples, samples->data, samples->len);
      g_array_sort (source->samples, compare_samples);
    }
  twin_chart_series_set_source (self, memory_query, memory_sample_at, memory_extent, source, memory_source_free);
  return self;
}

/**
 * twin_chart_series_set_source:
 * @query: answers a range with at most max_buckets buckets
 * @sample_at: (nullable): reads the last sample at or before a time (the cursor)
 * @extent: (nullable): the times of the first and last samples (reset, zoom to fit)
 * @data: passed to the callbacks
 * @destroy: (nullable): frees @data when the source is replaced or the series goes
 *
 * Sets where the series' data comes from, and emits ::changed.
 */
void
twin_chart_series_set_source (TwinChartSeries      *self,
                              TwinChartQueryFunc    query,
                              TwinChartSampleAtFunc sample_at,
                              TwinChartExtentFunc   extent,
                              gpointer              data,
                              GDestroyNotify        destroy)
{
  g_return_if_fail (TWIN_IS_CHART_SERIES (self));

  if (self->destroy != NULL)
    g_clear_pointer (&self->data, self->destroy);
  self->query = query;
  self->sample_at = sample_at;
  self->extent = extent;
  self->data = data;
  self->destroy = destroy;
  twin_chart_series_invalidate (self);
}

/**
 * twin_chart_series_append_samples:
 * @samples: (array length=n_samples): new samples, in any order
 * @n_samples: how many
 *
 * Adds samples to a series made by twin_chart_series_new_for_samples()
 * (a live buffer) and emits ::changed once.
 */
void
twin_chart_series_append_samples (TwinChartSeries  *self,
                                  const TwinSample *samples,
                                  gsize             n_samples)
{
  MemorySource *source;
  gboolean      sorted = TRUE;

  g_return_if_fail (TWIN_IS_CHART_SERIES (self));
  g_return_if_fail (self->query == memory_query);

  if (n_samples == 0)
    return;
  source = self->data;
  for (gsize i = 0; i < n_samples && sorted; i++)
    {
      gint64 previous = i > 0 ? samples[i - 1].t_us
                              : (source->samples->len > 0
                                   ? g_array_index (source->samples, TwinSample, source->samples->len - 1).t_us
                                   : G_MININT64);
      sorted = samples[i].t_us >= previous;
    }
  g_array_append_vals (source->samples, samples, n_samples);
  if (!sorted)
    g_array_sort (source->samples, compare_samples);
  twin_chart_series_invalidate (self);
}

/**
 * twin_chart_series_invalidate:
 *
 * Says the data behind the series changed (new samples arrived): charts
 * query it again when they next draw. Cheap; the drawing itself is paced by
 * the frame clock.
 */
void
twin_chart_series_invalidate (TwinChartSeries *self)
{
  g_return_if_fail (TWIN_IS_CHART_SERIES (self));

  self->generation++;
  g_signal_emit (self, signals[CHANGED], 0);
}

guint
twin_chart_series_get_generation (TwinChartSeries *self)
{
  g_return_val_if_fail (TWIN_IS_CHART_SERIES (self), 0);

  return self->generation;
}

/**
 * twin_chart_series_query:
 * @from_us: the range's start (UTC µs, inclusive)
 * @to_us: its end (exclusive)
 * @max_buckets: the most buckets wanted (the chart's width in pixels)
 *
 * Returns: (transfer full) (element-type TwinBucket): the buckets in time
 *   order (empty when the series has no source), or NULL with @error set
 */
GArray *
twin_chart_series_query (TwinChartSeries *self,
                         gint64           from_us,
                         gint64           to_us,
                         guint            max_buckets,
                         GError         **error)
{
  g_return_val_if_fail (TWIN_IS_CHART_SERIES (self), NULL);

  if (self->query == NULL || to_us <= from_us || max_buckets == 0)
    return g_array_new (FALSE, FALSE, sizeof (TwinBucket));
  return self->query (self->data, from_us, to_us, max_buckets, error);
}

gboolean
twin_chart_series_sample_at (TwinChartSeries *self,
                             gint64           t_us,
                             TwinSample      *out)
{
  g_return_val_if_fail (TWIN_IS_CHART_SERIES (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  return self->sample_at != NULL && self->sample_at (self->data, t_us, out);
}

gboolean
twin_chart_series_get_extent (TwinChartSeries *self,
                              gint64          *first_us,
                              gint64          *last_us)
{
  g_return_val_if_fail (TWIN_IS_CHART_SERIES (self), FALSE);

  return self->extent != NULL && self->extent (self->data, first_us, last_us);
}

const char *
twin_chart_series_get_name (TwinChartSeries *self)
{
  g_return_val_if_fail (TWIN_IS_CHART_SERIES (self), NULL);

  return self->name;
}

void
twin_chart_series_set_name (TwinChartSeries *self,
                            const char      *name)
{
  g_return_if_fail (TWIN_IS_CHART_SERIES (self));

  if (name == NULL)
    name = "";
  if (set_string (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
twin_chart_series_get_unit (TwinChartSeries *self)
{
  g_return_val_if_fail (TWIN_IS_CHART_SERIES (self), NULL);

  return self->unit;
}

void
twin_chart_series_set_unit (TwinChartSeries *self,
                            const char      *unit)
{
  g_return_if_fail (TWIN_IS_CHART_SERIES (self));

  if (unit == NULL)
    unit = "";
  if (set_string (&self->unit, unit))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT]);
}

const char *
twin_chart_series_get_signal_name (TwinChartSeries *self)
{
  g_return_val_if_fail (TWIN_IS_CHART_SERIES (self), NULL);

  return self->signal_name;
}

void
twin_chart_series_set_signal_name (TwinChartSeries *self,
                                   const char      *signal_name)
{
  g_return_if_fail (TWIN_IS_CHART_SERIES (self));

  if (set_string (&self->signal_name, signal_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNAL_NAME]);
}

/* FALSE (and @color untouched) when the chart picks the colour. */
gboolean
twin_chart_series_get_color (TwinChartSeries *self,
                             GdkRGBA         *color)
{
  g_return_val_if_fail (TWIN_IS_CHART_SERIES (self), FALSE);

  if (self->has_color && color != NULL)
    *color = self->color;
  return self->has_color;
}

void
twin_chart_series_set_color (TwinChartSeries *self,
                             const GdkRGBA   *color)
{
  g_return_if_fail (TWIN_IS_CHART_SERIES (self));

  if (color == NULL && !self->has_color)
    return;
  if (color != NULL && self->has_color && gdk_rgba_equal (color, &self->color))
    return;
  self->has_color = color != NULL;
  if (color != NULL)
    self->color = *color;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR]);
}

gboolean
twin_chart_series_get_visible (TwinChartSeries *self)
{
  g_return_val_if_fail (TWIN_IS_CHART_SERIES (self), FALSE);

  return self->visible;
}

void
twin_chart_series_set_visible (TwinChartSeries *self,
                               gboolean         visible)
{
  g_return_if_fail (TWIN_IS_CHART_SERIES (self));

  visible = !!visible;
  if (self->visible == visible)
    return;
  self->visible = visible;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE]);
}

TwinChartSeriesStyle
twin_chart_series_get_style (TwinChartSeries *self)
{
  g_return_val_if_fail (TWIN_IS_CHART_SERIES (self), TWIN_CHART_SERIES_SOLID);

  return self->style;
}

void
twin_chart_series_set_style (TwinChartSeries     *self,
                             TwinChartSeriesStyle style)
{
  g_return_if_fail (TWIN_IS_CHART_SERIES (self));

  if (self->style == style)
    return;
  self->style = style;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STYLE]);
}

/**
 * twin_chart_bucket_samples:
 * @samples: (array length=n_samples): samples in time order
 * @n_samples: how many
 * @from_us: the range's start (inclusive)
 * @to_us: its end (exclusive)
 * @max_buckets: the most buckets wanted, at least 1
 *
 * The min/max/mean reduction of samples for drawing: [@from_us, @to_us)
 * cut into spans of equal length (whole microseconds, enough that at most
 * @max_buckets fit) and one bucket for each span that holds a sample, so
 * every extreme survives in some bucket's min or max. A span's end is
 * clipped to @to_us. Costs a binary search plus the samples in range.
 *
 * Returns: (transfer full) (element-type TwinBucket): the non-empty buckets in time order
 */
GArray *
twin_chart_bucket_samples (const TwinSample *samples,
                           gsize             n_samples,
                           gint64            from_us,
                           gint64            to_us,
                           guint             max_buckets)
{
  GArray    *buckets = g_array_new (FALSE, FALSE, sizeof (TwinBucket));
  TwinBucket current = { 0 };
  gint64     width_us;
  gint64     current_index = -1;
  double     sum = 0.0;

  if (to_us <= from_us || max_buckets == 0 || n_samples == 0)
    return buckets;

  width_us = (to_us - from_us + max_buckets - 1) / max_buckets;
  width_us = MAX (width_us, 1);
  for (gsize i = lower_bound (samples, n_samples, from_us); i < n_samples && samples[i].t_us < to_us; i++)
    {
      const TwinSample *s = &samples[i];
      gint64            index = (s->t_us - from_us) / width_us;

      if (index != current_index)
        {
          if (current_index >= 0)
            {
              current.mean = sum / (double) current.count;
              g_array_append_val (buckets, current);
            }
          current_index = index;
          current.start_us = from_us + index * width_us;
          current.end_us = MIN (current.start_us + width_us, to_us);
          current.min = current.max = s->value;
          current.min_t_us = current.max_t_us = s->t_us;
          current.count = 0;
          sum = 0.0;
        }
      if (s->value < current.min)
        {
          current.min = s->value;
          current.min_t_us = s->t_us;
        }
      if (s->value > current.max)
        {
          current.max = s->value;
          current.max_t_us = s->t_us;
        }
      current.count++;
      sum += s->value;
    }
  if (current_index >= 0)
    {
      current.mean = sum / (double) current.count;
      g_array_append_val (buckets, current);
    }
  return buckets;
}
