/* twin-chart.c: a trend chart: series over a real time axis, one value axis per unit, cursor, legend and overlays.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A redraw costs O(pixels), never O(samples): each series is asked for at
 * most one TwinBucket (min, max, mean) per pixel column of the range on
 * screen, on a grid aligned to the bucket width so panning does not
 * reshuffle buckets, and the answer is kept until the range, the width or
 * the series' data changes. Each series is drawn as a min/max band, where a
 * bucket holds several samples, under its mean line, so a spike one sample
 * wide is still in the band however far out the chart is zoomed.
 *
 * All drawing is cairo (twin_chart_draw): the widget's snapshot hands it a
 * cairo node, and the PNG and SVG exports hand it an image or SVG surface,
 * so screen and files show the same picture. Only the legend is a row of
 * real toggle buttons on screen (drawn by cairo in exports).
 *
 * Value axes: one per unit, in the order the units first appear among the
 * visible series; the first on the left, the second on the right, further
 * ones outside those, alternating. Time axis: ticks at round local times
 * (1 s … 100 years), the finest step whose labels do not overlap; the date
 * goes on a second line where it changes.
 */

#define G_LOG_DOMAIN "twin-chart"

#include "config.h"

#include "twin-chart.h"

#include "mesh/twin-color-map.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <math.h>

/* Microseconds in a second, as a 64-bit constant for time arithmetic. */
#define US_PER_S G_GINT64_CONSTANT (1000000)

#define PAD_PX 6.0
#define AXIS_GAP_PX 6.0
#define LABEL_GAP_PX 12.0
#define VALUE_TICK_SPACING_PX 36.0
#define EXPORT_LEGEND_PX 24.0
#define ZOOM_STEP 1.25
#define KEY_PAN_SHARE 0.1
#define RUBBER_BAND_MIN_PX 4.0

typedef struct
{
  TwinChart       *chart;
  TwinChartSeries *series;
  GtkWidget       *toggle;
  GtkWidget       *swatch;
  GtkWidget       *label;
  GdkRGBA          color;
  gulong           changed_id;
  gulong           notify_id;
  /* The cached answer: buckets of [from, to) at n buckets, of a generation. */
  GArray          *buckets;
  gint64           cache_from_us;
  gint64           cache_to_us;
  guint            cache_n;
  guint            cache_generation;
  gboolean         cache_valid;
  gboolean         has_anchor;
  TwinSample       anchor;
  /* What the last frame drew in the visible range. */
  double           drawn_min;
  double           drawn_max;
  gboolean         drawn;
} SeriesState;

typedef struct
{
  char   *unit;
  double  value;
  char   *label;
  GdkRGBA color;
} Threshold;

typedef struct
{
  gint64  t_us;
  char   *label;
  GdkRGBA color;
} Marker;

typedef struct
{
  char      *unit;
  double     min;
  double     max;
  double     step;
  GArray    *ticks;
  GPtrArray *labels;
  double     label_width;
  gboolean   right;
  double     x;
  GdkRGBA    color;
  guint      n_series;
} Axis;

/* The geometry of one drawing, in the coordinates of the cairo context. */
typedef struct
{
  double          width;
  double          height;
  double          top;
  graphene_rect_t plot;
  gint64          from_us;
  gint64          to_us;
  GPtrArray      *axes;
  GPtrArray      *time_labels;
  double          natural_left;
  double          natural_right;
} Frame;

typedef struct
{
  GdkRGBA  foreground;
  GdkRGBA  background;
  gboolean fill_background;
} Colors;

typedef enum
{
  DRAG_NONE,
  DRAG_PAN,
  DRAG_RUBBER_BAND,
} DragMode;

struct _TwinChart
{
  GtkWidget        parent_instance;

  /* Children */
  GtkWidget       *legend;

  /* Owned */
  GPtrArray       *series; /* SeriesState */
  TwinChartRange  *range;
  GArray          *thresholds;
  GArray          *markers;
  SeriesState     *forecast_lower;
  SeriesState     *forecast_upper;
  GdkRGBA          forecast_color;
  TwinChartCsvFunc csv_func;
  gpointer         csv_data;
  GDestroyNotify   csv_destroy;

  /* State */
  gulong           range_changed_id;
  gulong           range_follow_id;
  guint            tick_id;
  gboolean         show_time_labels;
  gboolean         has_cursor;
  gboolean         cursor_from_pointer;
  gint64           cursor_us;
  double           pointer_x;
  gboolean         has_pointer;
  graphene_rect_t  plot; /* in widget coordinates, from the last layout */
  gboolean         has_plot;
  DragMode         drag_mode;
  gint64           drag_from_us;
  gint64           drag_to_us;
  double           drag_start_x;
  double           drag_x;
  guint            next_color;
  double           min_left_px;
  double           min_right_px;
  double           natural_left_px;
  double           natural_right_px;
};

G_DEFINE_FINAL_TYPE (TwinChart, twin_chart, GTK_TYPE_WIDGET)

G_DEFINE_QUARK (twin - chart - error - quark, twin_chart_error)

enum
{
  PROP_0,
  PROP_RANGE,
  PROP_FOLLOW_LIVE,
  PROP_SHOW_TIME_LABELS,
  PROP_CURSOR_US,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

enum
{
  GUTTERS_CHANGED,
  N_SIGNALS,
};

static guint             signals[N_SIGNALS];

/* The GNOME palette, dark enough on light and dark themes. */
static const char *const palette[] = {
  "#1c71d8",
  "#e01b24",
  "#26a269",
  "#e66100",
  "#813d9c",
  "#c64600",
  "#986a44",
  "#2190a4",
};

typedef enum
{
  STEP_SECOND,
  STEP_MINUTE,
  STEP_HOUR,
  STEP_DAY,
  STEP_MONTH,
  STEP_YEAR,
} StepUnit;

typedef struct
{
  StepUnit unit;
  int      count;
} TimeStep;

static const TimeStep time_steps[] = {
  { STEP_SECOND, 1 },
  { STEP_SECOND, 2 },
  { STEP_SECOND, 5 },
  { STEP_SECOND, 10 },
  { STEP_SECOND, 15 },
  { STEP_SECOND, 30 },
  { STEP_MINUTE, 1 },
  { STEP_MINUTE, 2 },
  { STEP_MINUTE, 5 },
  { STEP_MINUTE, 10 },
  { STEP_MINUTE, 15 },
  { STEP_MINUTE, 30 },
  { STEP_HOUR, 1 },
  { STEP_HOUR, 2 },
  { STEP_HOUR, 3 },
  { STEP_HOUR, 6 },
  { STEP_HOUR, 12 },
  { STEP_DAY, 1 },
  { STEP_DAY, 2 },
  { STEP_DAY, 7 },
  { STEP_MONTH, 1 },
  { STEP_MONTH, 2 },
  { STEP_MONTH, 3 },
  { STEP_MONTH, 6 },
  { STEP_YEAR, 1 },
  { STEP_YEAR, 2 },
  { STEP_YEAR, 5 },
  { STEP_YEAR, 10 },
  { STEP_YEAR, 20 },
  { STEP_YEAR, 50 },
  { STEP_YEAR, 100 },
};

static void series_state_free (gpointer data);

/* The shortest a step can be, in µs (months of 28 days, years of 365). */
static gint64
step_min_us (const TimeStep *step)
{
  static const gint64 unit_us[] = {
    [STEP_SECOND] = US_PER_S,
    [STEP_MINUTE] = 60 * US_PER_S,
    [STEP_HOUR] = 3600 * US_PER_S,
    /* A local day can be 23 hours long (DST). */
    [STEP_DAY] = 23 * 3600 * US_PER_S,
    [STEP_MONTH] = G_GINT64_CONSTANT (28) * 86400 * US_PER_S,
    [STEP_YEAR] = G_GINT64_CONSTANT (365) * 86400 * US_PER_S,
  };

  return unit_us[step->unit] * step->count;
}

static void
axis_free (gpointer data)
{
  Axis *axis = data;

  g_free (axis->unit);
  g_clear_pointer (&axis->ticks, g_array_unref);
  g_clear_pointer (&axis->labels, g_ptr_array_unref);
  g_free (axis);
}

static void
frame_clear (Frame *frame)
{
  g_clear_pointer (&frame->axes, g_ptr_array_unref);
  g_clear_pointer (&frame->time_labels, g_ptr_array_unref);
}

static void
threshold_clear (gpointer data)
{
  Threshold *threshold = data;

  g_free (threshold->unit);
  g_free (threshold->label);
}

static void
marker_clear (gpointer data)
{
  Marker *marker = data;

  g_free (marker->label);
}

void
twin_chart_label_free (TwinChartLabel *label)
{
  if (label == NULL)
    return;
  g_free (label->text);
  g_free (label);
}

static PangoLayout *
make_layout (TwinChart  *self,
             const char *text,
             double      scale)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (scale != 1.0)
    {
      PangoAttrList *attributes = pango_attr_list_new ();

      pango_attr_list_insert (attributes, pango_attr_scale_new (scale));
      pango_layout_set_attributes (layout, attributes);
      pango_attr_list_unref (attributes);
    }
  return layout;
}

static void
layout_size (PangoLayout *layout,
             double      *width,
             double      *height)
{
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
}

static double
text_height (TwinChart *self)
{
  g_autoptr (PangoLayout) layout = make_layout (self, "0:", 0.85);
  double height;

  layout_size (layout, NULL, &height);
  return height;
}

static SeriesState *
find_state (TwinChart       *self,
            TwinChartSeries *series)
{
  for (guint i = 0; i < self->series->len; i++)
    {
      SeriesState *state = g_ptr_array_index (self->series, i);

      if (state->series == series)
        return state;
    }
  return NULL;
}

static void
color_for (SeriesState *state,
           GdkRGBA     *color)
{
  if (!twin_chart_series_get_color (state->series, color))
    *color = state->color;
}

/* Fetches the buckets of every series for [from, to) at @n_buckets columns,
 * from the cache when nothing changed. The query range is aligned to the
 * bucket width and one bucket wider, so a pan moves whole buckets. */
static void
ensure_state_data (SeriesState *state,
                   gint64       from_us,
                   gint64       to_us,
                   guint        n_buckets)
{
  g_autoptr (GError) error = NULL;
  gint64 width_us, query_from, query_to;
  guint  generation = twin_chart_series_get_generation (state->series);

  n_buckets = MAX (n_buckets, 1);
  width_us = MAX ((to_us - from_us) / n_buckets, 1);
  query_from = from_us - ((from_us % width_us) + width_us) % width_us;
  query_to = query_from + width_us * (gint64) (n_buckets + 1);
  if (state->cache_valid && state->cache_from_us == query_from && state->cache_to_us == query_to &&
      state->cache_n == n_buckets + 1 && state->cache_generation == generation)
    return;

  g_clear_pointer (&state->buckets, g_array_unref);
  state->buckets = twin_chart_series_query (state->series, query_from, query_to, n_buckets + 1, &error);
  if (state->buckets == NULL)
    {
      g_debug ("Series “%s” could not be read: %s", twin_chart_series_get_name (state->series), error->message);
      state->buckets = g_array_new (FALSE, FALSE, sizeof (TwinBucket));
    }
  state->has_anchor = twin_chart_series_sample_at (state->series, query_from - 1, &state->anchor);
  state->cache_from_us = query_from;
  state->cache_to_us = query_to;
  state->cache_n = n_buckets + 1;
  state->cache_generation = generation;
  state->cache_valid = TRUE;
}

/* The lowest and highest value of a series in [from, to), its anchor included. */
static gboolean
state_extremes (SeriesState *state,
                gint64       from_us,
                gint64       to_us,
                double      *min,
                double      *max)
{
  gboolean found = FALSE;

  *min = INFINITY;
  *max = -INFINITY;
  for (guint i = 0; state->buckets != NULL && i < state->buckets->len; i++)
    {
      const TwinBucket *b = &g_array_index (state->buckets, TwinBucket, i);

      if (b->end_us <= from_us || b->start_us >= to_us)
        continue;
      *min = MIN (*min, b->min);
      *max = MAX (*max, b->max);
      found = TRUE;
    }
  return found;
}

static Axis *
find_axis (GPtrArray  *axes,
           const char *unit)
{
  for (guint i = 0; i < axes->len; i++)
    {
      Axis *axis = g_ptr_array_index (axes, i);

      if (g_strcmp0 (axis->unit, unit) == 0)
        return axis;
    }
  return NULL;
}

static char *
format_value (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* Six significant digits, in the user's locale (it is for people). */
  g_snprintf (buffer, sizeof buffer, "%.6g", value);
  return g_strdup (buffer);
}

/* Nice ticks over the axis' data range, which they widen to whole steps. */
static void
axis_compute_ticks (TwinChart *self,
                    Axis      *axis,
                    double     plot_height)
{
  guint  max_ticks = (guint) CLAMP (plot_height / VALUE_TICK_SPACING_PX, 2, 12);
  double step = 0.0;
  g_autoptr (GArray) ticks = NULL;

  if (!isfinite (axis->min) || !isfinite (axis->max))
    {
      axis->min = 0.0;
      axis->max = 1.0;
    }
  if (axis->max - axis->min <= fabs (axis->max) * 1e-9)
    {
      double half = fabs (axis->min) > 0 ? fabs (axis->min) * 0.05 : 0.5;

      axis->min -= half;
      axis->max += half;
    }
  ticks = twin_color_map_compute_ticks (axis->min, axis->max, max_ticks, &step);
  if (step > 0.0)
    {
      axis->min = floor (axis->min / step + 1e-9) * step;
      axis->max = ceil (axis->max / step - 1e-9) * step;
      g_clear_pointer (&ticks, g_array_unref);
      ticks = twin_color_map_compute_ticks (axis->min, axis->max, max_ticks + 1, &step);
    }
  axis->step = step;
  axis->ticks = g_steal_pointer (&ticks);
  axis->labels = g_ptr_array_new_with_free_func (g_free);
  axis->label_width = 0.0;
  for (guint i = 0; i < axis->ticks->len; i++)
    {
      double value = g_array_index (axis->ticks, double, i);
      char  *text = step > 0.0 ? twin_color_map_format_tick (value, step) : format_value (value);
      g_autoptr (PangoLayout) layout = make_layout (self, text, 0.85);
      double width;

      layout_size (layout, &width, NULL);
      axis->label_width = MAX (axis->label_width, width);
      g_ptr_array_add (axis->labels, text);
    }
  if (axis->unit[0] != '\0')
    {
      g_autoptr (PangoLayout) layout = make_layout (self, axis->unit, 0.85);
      double width;

      layout_size (layout, &width, NULL);
      axis->label_width = MAX (axis->label_width, width);
    }
}

static double
value_to_y (const Frame *frame,
            const Axis  *axis,
            double       value)
{
  return frame->plot.origin.y + frame->plot.size.height * (1.0 - (value - axis->min) / (axis->max - axis->min));
}

static double
frame_time_to_x (const Frame *frame,
                 gint64       t_us)
{
  return frame->plot.origin.x +
         frame->plot.size.width * ((double) (t_us - frame->from_us) / (double) (frame->to_us - frame->from_us));
}

/* The first tick of @step at or before @t (local time). */
static GDateTime *
align_tick (GDateTime      *t,
            const TimeStep *step)
{
  int y, mo, d, h, mi, s;
  int k = step->count;

  g_date_time_get_ymd (t, &y, &mo, &d);
  h = g_date_time_get_hour (t);
  mi = g_date_time_get_minute (t);
  s = g_date_time_get_second (t);
  switch (step->unit)
    {
    case STEP_SECOND:
      return g_date_time_new_local (y, mo, d, h, mi, s - s % k);
    case STEP_MINUTE:
      return g_date_time_new_local (y, mo, d, h, mi - mi % k, 0);
    case STEP_HOUR:
      return g_date_time_new_local (y, mo, d, h - h % k, 0, 0);
    case STEP_DAY:
      {
        g_autoptr (GDateTime) midnight = g_date_time_new_local (y, mo, d, 0, 0, 0);
        GDate date;

        g_date_clear (&date, 1);
        g_date_set_dmy (&date, d, mo, y);
        return midnight == NULL ? NULL : g_date_time_add_days (midnight, -(int) (g_date_get_julian (&date) % k));
      }
    case STEP_MONTH:
      return g_date_time_new_local (y, mo - (mo - 1) % k, 1, 0, 0, 0);
    case STEP_YEAR:
      return g_date_time_new_local (MAX (y - y % k, 1), 1, 1, 0, 0, 0);
    default:
      g_assert_not_reached ();
    }
}

static GDateTime *
next_tick (GDateTime      *t,
           const TimeStep *step)
{
  switch (step->unit)
    {
    case STEP_SECOND:
      return g_date_time_add_seconds (t, step->count);
    case STEP_MINUTE:
      return g_date_time_add_minutes (t, step->count);
    case STEP_HOUR:
      return g_date_time_add_hours (t, step->count);
    case STEP_DAY:
      return g_date_time_add_days (t, step->count);
    case STEP_MONTH:
      return g_date_time_add_months (t, step->count);
    case STEP_YEAR:
      return g_date_time_add_years (t, step->count);
    default:
      g_assert_not_reached ();
    }
}

static char *
format_time (GDateTime  *t,
             const char *format)
{
  char *text = g_date_time_format (t, format);

  return text == NULL ? g_strdup ("") : g_strstrip (text);
}

/* The label of a tick: the time, day, month or year. */
static char *
tick_text (GDateTime      *t,
           const TimeStep *step)
{
  switch (step->unit)
    {
    case STEP_SECOND:
      /* Translators: a time of day on a chart's time axis, in g_date_time_format() syntax. */
      return format_time (t, C_ ("chart time", "%H:%M:%S"));
    case STEP_MINUTE:
    case STEP_HOUR:
      /* Translators: a time of day on a chart's time axis, in g_date_time_format() syntax. */
      return format_time (t, C_ ("chart time", "%H:%M"));
    case STEP_DAY:
      /* Translators: a day on a chart's time axis, in g_date_time_format() syntax. */
      return format_time (t, C_ ("chart date", "%-d %b"));
    case STEP_MONTH:
      /* Translators: a month on a chart's time axis, in g_date_time_format() syntax. */
      return format_time (t, C_ ("chart date", "%b"));
    case STEP_YEAR:
      return format_time (t, "%Y");
    default:
      g_assert_not_reached ();
    }
}

/* The context under the ticks: the date under times, the year under days
 * and months; NULL under years. */
static char *
context_text (GDateTime      *t,
              const TimeStep *step)
{
  if (step->unit == STEP_YEAR)
    return NULL;
  if (step->unit == STEP_DAY || step->unit == STEP_MONTH)
    return format_time (t, "%Y");
  /* Translators: the date under the times of a chart's time axis, in g_date_time_format() syntax. */
  return format_time (t, C_ ("chart date", "%-d %b %Y"));
}

static TwinChartLabel *
make_label (TwinChart *self,
            gint64     t_us,
            double     x,
            guint      row,
            char      *text)
{
  TwinChartLabel *label = g_new0 (TwinChartLabel, 1);
  g_autoptr (PangoLayout) layout = make_layout (self, text, 0.85);

  label->t_us = t_us;
  label->x = x;
  label->row = row;
  label->text = text;
  layout_size (layout, &label->width, &label->height);
  return label;
}

/* The second row: the context (date or year) under the first tick and
 * under each tick where it changes, kept inside the chart; where two would
 * overlap, the one under a change wins over the first one. */
static void
add_context_labels (TwinChart      *self,
                    const Frame    *frame,
                    const TimeStep *step,
                    GPtrArray      *labels)
{
  guint            n_ticks = labels->len;
  g_autofree char *previous = NULL;
  TwinChartLabel  *last = NULL;
  gboolean         last_is_first = FALSE;

  for (guint i = 0; i < n_ticks; i++)
    {
      TwinChartLabel *tick = g_ptr_array_index (labels, i);
      g_autoptr (GDateTime) t = g_date_time_new_from_unix_local (tick->t_us / US_PER_S);
      char           *text = t != NULL ? context_text (t, step) : NULL;
      TwinChartLabel *label;

      if (text == NULL || g_strcmp0 (text, previous) == 0)
        {
          g_free (text);
          continue;
        }
      g_free (previous);
      previous = g_strdup (text);
      label = make_label (self, tick->t_us, tick->x, 1, text);
      label->x = CLAMP (label->x, label->width / 2, frame->width - label->width / 2);
      if (last != NULL && last->x + last->width / 2 + LABEL_GAP_PX > label->x - label->width / 2)
        {
          if (!last_is_first)
            {
              twin_chart_label_free (label);
              continue;
            }
          g_ptr_array_remove (labels, last);
        }
      g_ptr_array_add (labels, label);
      last = label;
      last_is_first = i == 0;
    }
}

/* The labels of @step over the frame's range, or NULL if two ticks' labels
 * would overlap (or too many would be needed). */
static GPtrArray *
make_time_labels (TwinChart      *self,
                  const Frame    *frame,
                  const TimeStep *step)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_chart_label_free);
  g_autoptr (GDateTime) start = NULL;
  g_autoptr (GDateTime) t = NULL;
  double px_per_us = frame->plot.size.width / (double) (frame->to_us - frame->from_us);
  double last_right = -INFINITY;

  if ((double) step_min_us (step) * px_per_us < 20.0)
    return NULL;
  start = g_date_time_new_from_unix_local (frame->from_us / US_PER_S);
  if (start == NULL)
    return NULL;
  t = align_tick (start, step);
  for (guint guard = 0; t != NULL && guard < 10000; guard++)
    {
      gint64     t_us = g_date_time_to_unix (t) * US_PER_S;
      GDateTime *next;

      if (t_us > frame->to_us)
        break;
      if (t_us >= frame->from_us)
        {
          TwinChartLabel *label = make_label (self, t_us, frame_time_to_x (frame, t_us), 0, tick_text (t, step));
          /* A label cut by the chart's edges moves inside them, as long
           * as it still spans its tick; else it is left out. */
          double          x = CLAMP (label->x, label->width / 2, frame->width - label->width / 2);

          if (fabs (x - label->x) > label->width / 2)
            {
              twin_chart_label_free (label);
            }
          else
            {
              label->x = x;
              if (label->x - label->width / 2 < last_right + LABEL_GAP_PX)
                {
                  twin_chart_label_free (label);
                  return NULL;
                }
              last_right = label->x + label->width / 2;
              g_ptr_array_add (labels, label);
            }
        }
      next = next_tick (t, step);
      g_date_time_unref (t);
      t = next;
    }
  add_context_labels (self, frame, step, labels);
  return g_steal_pointer (&labels);
}

static void
compute_time_labels (TwinChart *self,
                     Frame     *frame)
{
  for (guint i = 0; i < G_N_ELEMENTS (time_steps); i++)
    {
      frame->time_labels = make_time_labels (self, frame, &time_steps[i]);
      if (frame->time_labels != NULL)
        return;
    }
  frame->time_labels = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_chart_label_free);
}

/* Lays out a drawing of @width × @height (legend row of @top excluded):
 * fetches the data, scales the axes and places the time labels. */
static void
compute_frame (TwinChart *self,
               Frame     *frame,
               double     width,
               double     height,
               double     top)
{
  double line = text_height (self);
  double bottom = self->show_time_labels ? 2 * line + 2 * PAD_PX : PAD_PX;
  double left_width = 0, right_width = 0;
  double plot_top = top + 1.5 * line + PAD_PX;
  double plot_height;
  guint  n_left = 0, n_right = 0;

  frame->width = width;
  frame->height = height;
  frame->top = top;
  frame->from_us = twin_chart_range_get_from (self->range);
  frame->to_us = twin_chart_range_get_to (self->range);
  frame->axes = g_ptr_array_new_with_free_func (axis_free);
  plot_height = MAX (height - plot_top - bottom, 10.0);

  /* The data, at one bucket per pixel column, and the axes' ranges. */
  for (guint i = 0; i < self->series->len; i++)
    {
      SeriesState *state = g_ptr_array_index (self->series, i);
      const char  *unit = twin_chart_series_get_unit (state->series);
      Axis        *axis;
      double       min, max;

      state->drawn = FALSE;
      if (!twin_chart_series_get_visible (state->series))
        continue;
      ensure_state_data (state, frame->from_us, frame->to_us, (guint) MAX (width, 1));
      axis = find_axis (frame->axes, unit);
      if (axis == NULL)
        {
          axis = g_new0 (Axis, 1);
          axis->unit = g_strdup (unit);
          axis->min = INFINITY;
          axis->max = -INFINITY;
          color_for (state, &axis->color);
          g_ptr_array_add (frame->axes, axis);
        }
      axis->n_series++;
      if (state_extremes (state, frame->from_us, frame->to_us, &min, &max))
        {
          state->drawn = TRUE;
          state->drawn_min = min;
          state->drawn_max = max;
          axis->min = MIN (axis->min, min);
          axis->max = MAX (axis->max, max);
        }
      if (state->has_anchor)
        {
          axis->min = MIN (axis->min, state->anchor.value);
          axis->max = MAX (axis->max, state->anchor.value);
        }
    }
  if (self->forecast_lower != NULL && self->forecast_upper != NULL)
    {
      SeriesState *pair[2] = { self->forecast_lower, self->forecast_upper };
      Axis        *axis = find_axis (frame->axes, twin_chart_series_get_unit (pair[0]->series));

      for (guint i = 0; i < 2; i++)
        {
          double min, max;

          ensure_state_data (pair[i], frame->from_us, frame->to_us, (guint) MAX (width, 1));
          if (axis != NULL && state_extremes (pair[i], frame->from_us, frame->to_us, &min, &max))
            {
              axis->min = MIN (axis->min, min);
              axis->max = MAX (axis->max, max);
            }
        }
    }
  for (guint i = 0; i < self->thresholds->len; i++)
    {
      const Threshold *threshold = &g_array_index (self->thresholds, Threshold, i);
      Axis            *axis = find_axis (frame->axes, threshold->unit);

      if (axis != NULL)
        {
          axis->min = MIN (axis->min, threshold->value);
          axis->max = MAX (axis->max, threshold->value);
        }
    }

  /* Ticks and the room their labels take, left and right alternately. */
  for (guint i = 0; i < frame->axes->len; i++)
    {
      Axis *axis = g_ptr_array_index (frame->axes, i);

      axis_compute_ticks (self, axis, plot_height);
      axis->right = i % 2 == 1;
      if (axis->right)
        {
          axis->x = right_width;
          right_width += axis->label_width + 2 * AXIS_GAP_PX;
          n_right++;
        }
      else
        {
          axis->x = left_width;
          left_width += axis->label_width + 2 * AXIS_GAP_PX;
          n_left++;
        }
    }
  left_width = MAX (left_width, PAD_PX * 2);
  right_width = MAX (right_width, PAD_PX * 2);
  frame->natural_left = left_width;
  frame->natural_right = right_width;
  left_width = MAX (left_width, self->min_left_px);
  right_width = MAX (right_width, self->min_right_px);
  graphene_rect_init (&frame->plot, left_width, plot_top, MAX (width - left_width - right_width, 10.0), plot_height);
  /* Axis x: the line the labels hang from, outward of the plot. */
  for (guint i = 0; i < frame->axes->len; i++)
    {
      Axis *axis = g_ptr_array_index (frame->axes, i);

      if (axis->right)
        axis->x = frame->plot.origin.x + frame->plot.size.width + axis->x;
      else
        axis->x = frame->plot.origin.x - axis->x;
    }

  /* Charts without time labels still get the grid lines at their ticks. */
  compute_time_labels (self, frame);
}

static void
set_source_rgba (cairo_t       *cr,
                 const GdkRGBA *color,
                 double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static void
show_layout_at (cairo_t     *cr,
                PangoLayout *layout,
                double       x,
                double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_grid_and_axes (TwinChart    *self,
                    cairo_t      *cr,
                    const Frame  *frame,
                    const Colors *colors)
{
  const graphene_rect_t *plot = &frame->plot;
  gboolean               tint = frame->axes->len > 1;

  /* Vertical lines at the time ticks, horizontal ones at the first axis' ticks. */
  cairo_set_line_width (cr, 1.0);
  set_source_rgba (cr, &colors->foreground, 0.10);
  for (guint i = 0; i < frame->time_labels->len; i++)
    {
      const TwinChartLabel *label = g_ptr_array_index (frame->time_labels, i);
      double                x = round (frame_time_to_x (frame, label->t_us)) + 0.5;

      if (label->row != 0)
        continue;
      cairo_move_to (cr, x, plot->origin.y);
      cairo_line_to (cr, x, plot->origin.y + plot->size.height);
    }
  if (frame->axes->len > 0)
    {
      const Axis *axis = g_ptr_array_index (frame->axes, 0);

      for (guint i = 0; i < axis->ticks->len; i++)
        {
          double y = round (value_to_y (frame, axis, g_array_index (axis->ticks, double, i))) + 0.5;

          cairo_move_to (cr, plot->origin.x, y);
          cairo_line_to (cr, plot->origin.x + plot->size.width, y);
        }
    }
  cairo_stroke (cr);

  set_source_rgba (cr, &colors->foreground, 0.35);
  cairo_rectangle (cr, round (plot->origin.x) + 0.5, round (plot->origin.y) + 0.5, round (plot->size.width),
                   round (plot->size.height));
  cairo_stroke (cr);

  /* Value labels, with the unit above each axis. */
  for (guint i = 0; i < frame->axes->len; i++)
    {
      const Axis    *axis = g_ptr_array_index (frame->axes, i);
      const GdkRGBA *color = tint ? &axis->color : &colors->foreground;

      for (guint j = 0; j < axis->ticks->len; j++)
        {
          g_autoptr (PangoLayout) layout = make_layout (self, g_ptr_array_index (axis->labels, j), 0.85);
          double y = value_to_y (frame, axis, g_array_index (axis->ticks, double, j));
          double w, h;

          layout_size (layout, &w, &h);
          set_source_rgba (cr, color, 0.8);
          show_layout_at (cr, layout, axis->right ? axis->x + AXIS_GAP_PX : axis->x - AXIS_GAP_PX - w, y - h / 2);
        }
      if (axis->unit[0] != '\0')
        {
          g_autoptr (PangoLayout) layout = make_layout (self, axis->unit, 0.85);
          double w, h;

          layout_size (layout, &w, &h);
          set_source_rgba (cr, color, 1.0);
          show_layout_at (cr, layout, axis->right ? axis->x + AXIS_GAP_PX : axis->x - AXIS_GAP_PX - w,
                          plot->origin.y - 1.5 * h - 1);
        }
    }

  /* Time labels under the plot. */
  set_source_rgba (cr, &colors->foreground, 0.8);
  for (guint i = 0; self->show_time_labels && i < frame->time_labels->len; i++)
    {
      const TwinChartLabel *label = g_ptr_array_index (frame->time_labels, i);
      g_autoptr (PangoLayout) layout = make_layout (self, label->text, 0.85);

      show_layout_at (cr, layout, label->x - label->width / 2,
                      plot->origin.y + plot->size.height + PAD_PX / 2 + label->row * label->height);
    }
}

/* The band from the buckets' minima to maxima, then the line through their
 * means (a lone sample is its own mean), from the anchor before the range. */
static void
draw_series (cairo_t       *cr,
             const Frame   *frame,
             const Axis    *axis,
             SeriesState   *state,
             const GdkRGBA *color)
{
  GArray  *buckets = state->buckets;
  gboolean band = FALSE;
  gboolean started = FALSE;

  if (buckets == NULL || (buckets->len == 0 && !state->has_anchor))
    return;

  for (guint i = 0; i < buckets->len && !band; i++)
    band = g_array_index (buckets, TwinBucket, i).count > 1;
  if (band)
    {
      for (guint i = 0; i < buckets->len; i++)
        {
          const TwinBucket *b = &g_array_index (buckets, TwinBucket, i);
          double            x = frame_time_to_x (frame, b->start_us + (b->end_us - b->start_us) / 2);

          if (i == 0)
            cairo_move_to (cr, x, value_to_y (frame, axis, b->max));
          else
            cairo_line_to (cr, x, value_to_y (frame, axis, b->max));
        }
      for (guint i = buckets->len; i-- > 0;)
        {
          const TwinBucket *b = &g_array_index (buckets, TwinBucket, i);

          cairo_line_to (cr, frame_time_to_x (frame, b->start_us + (b->end_us - b->start_us) / 2),
                         value_to_y (frame, axis, b->min));
        }
      cairo_close_path (cr);
      set_source_rgba (cr, color, 0.28);
      cairo_fill_preserve (cr);
      /* A one-pixel outline keeps a narrow spike visible. */
      cairo_set_line_width (cr, 1.0);
      set_source_rgba (cr, color, 0.35);
      cairo_stroke (cr);
    }

  if (state->has_anchor)
    {
      cairo_move_to (cr, frame_time_to_x (frame, state->anchor.t_us), value_to_y (frame, axis, state->anchor.value));
      started = TRUE;
    }
  for (guint i = 0; i < buckets->len; i++)
    {
      const TwinBucket *b = &g_array_index (buckets, TwinBucket, i);
      gint64            t_us = b->count == 1 ? b->min_t_us : b->start_us + (b->end_us - b->start_us) / 2;
      double            x = frame_time_to_x (frame, t_us), y = value_to_y (frame, axis, b->mean);

      if (started)
        cairo_line_to (cr, x, y);
      else
        cairo_move_to (cr, x, y);
      started = TRUE;
    }
  if (buckets->len == 0 && state->has_anchor)
    cairo_line_to (cr, frame->plot.origin.x + frame->plot.size.width, value_to_y (frame, axis, state->anchor.value));
  cairo_set_line_width (cr, 1.6);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  if (twin_chart_series_get_style (state->series) == TWIN_CHART_SERIES_DASHED)
    {
      static const double dashes[] = { 6.0, 4.0 };

      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
    }
  set_source_rgba (cr, color, 1.0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
draw_forecast (TwinChart   *self,
               cairo_t     *cr,
               const Frame *frame)
{
  SeriesState *lower = self->forecast_lower, *upper = self->forecast_upper;
  const Axis  *axis;

  if (lower == NULL || upper == NULL || lower->buckets == NULL || upper->buckets == NULL || upper->buckets->len == 0 ||
      lower->buckets->len == 0)
    return;
  axis = find_axis (frame->axes, twin_chart_series_get_unit (lower->series));
  if (axis == NULL)
    return;
  for (guint i = 0; i < upper->buckets->len; i++)
    {
      const TwinBucket *b = &g_array_index (upper->buckets, TwinBucket, i);
      double            x = frame_time_to_x (frame, b->start_us + (b->end_us - b->start_us) / 2);

      if (i == 0)
        cairo_move_to (cr, x, value_to_y (frame, axis, b->max));
      else
        cairo_line_to (cr, x, value_to_y (frame, axis, b->max));
    }
  for (guint i = lower->buckets->len; i-- > 0;)
    {
      const TwinBucket *b = &g_array_index (lower->buckets, TwinBucket, i);

      cairo_line_to (cr, frame_time_to_x (frame, b->start_us + (b->end_us - b->start_us) / 2),
                     value_to_y (frame, axis, b->min));
    }
  cairo_close_path (cr);
  set_source_rgba (cr, &self->forecast_color, 0.22);
  cairo_fill (cr);
}

static void
draw_overlays (TwinChart    *self,
               cairo_t      *cr,
               const Frame  *frame,
               const Colors *colors)
{
  const graphene_rect_t *plot = &frame->plot;
  static const double    dashes[] = { 4.0, 3.0 };

  for (guint i = 0; i < self->thresholds->len; i++)
    {
      const Threshold *threshold = &g_array_index (self->thresholds, Threshold, i);
      const Axis      *axis = find_axis (frame->axes, threshold->unit);
      double           y;

      if (axis == NULL)
        continue;
      y = round (value_to_y (frame, axis, threshold->value)) + 0.5;
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      cairo_set_line_width (cr, 1.0);
      set_source_rgba (cr, &threshold->color, 1.0);
      cairo_move_to (cr, plot->origin.x, y);
      cairo_line_to (cr, plot->origin.x + plot->size.width, y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      if (threshold->label != NULL && threshold->label[0] != '\0')
        {
          g_autoptr (PangoLayout) layout = make_layout (self, threshold->label, 0.8);
          double w, h;

          layout_size (layout, &w, &h);
          show_layout_at (cr, layout, plot->origin.x + plot->size.width - w - 4, y - h - 1);
        }
    }

  for (guint i = 0; i < self->markers->len; i++)
    {
      const Marker *marker = &g_array_index (self->markers, Marker, i);
      double        x;

      if (marker->t_us < frame->from_us || marker->t_us > frame->to_us)
        continue;
      x = round (frame_time_to_x (frame, marker->t_us)) + 0.5;
      set_source_rgba (cr, &marker->color, 0.9);
      cairo_set_line_width (cr, 1.0);
      cairo_move_to (cr, x, plot->origin.y);
      cairo_line_to (cr, x, plot->origin.y + plot->size.height);
      cairo_stroke (cr);
      /* A small triangle at the top, the label beside it. */
      cairo_move_to (cr, x - 4, plot->origin.y);
      cairo_line_to (cr, x + 4, plot->origin.y);
      cairo_line_to (cr, x, plot->origin.y + 6);
      cairo_close_path (cr);
      cairo_fill (cr);
      if (marker->label != NULL && marker->label[0] != '\0')
        {
          g_autoptr (PangoLayout) layout = make_layout (self, marker->label, 0.8);

          show_layout_at (cr, layout, x + 4, plot->origin.y + 4);
        }
    }
}

static char *
format_readout_time (gint64 t_us)
{
  g_autoptr (GDateTime) t = g_date_time_new_from_unix_local (t_us / US_PER_S);

  if (t == NULL)
    return g_strdup ("");
  /* Translators: the time in a chart's cursor readout, in g_date_time_format() syntax. */
  return format_time (t, C_ ("chart readout", "%Y-%m-%d %H:%M:%S"));
}

static char *
format_sample (TwinChartSeries  *series,
               const TwinSample *sample)
{
  g_autofree char *value = format_value (sample->value);
  const char      *unit = twin_chart_series_get_unit (series);

  if (unit[0] != '\0')
    /* Translators: a series' value in a chart's cursor readout: name, value, unit. */
    return g_strdup_printf (_ ("%s: %s %s"), twin_chart_series_get_name (series), value, unit);
  /* Translators: a series' value in a chart's cursor readout: name, value. */
  return g_strdup_printf (_ ("%s: %s"), twin_chart_series_get_name (series), value);
}

static void
draw_cursor (TwinChart    *self,
             cairo_t      *cr,
             const Frame  *frame,
             const Colors *colors)
{
  const graphene_rect_t *plot = &frame->plot;
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GArray) line_colors = g_array_new (FALSE, FALSE, sizeof (GdkRGBA));
  g_autofree char *time_text = NULL;
  double           x, box_w = 0, box_h = 0, box_x, box_y;

  if (!self->has_cursor || self->cursor_us < frame->from_us || self->cursor_us > frame->to_us)
    return;

  x = round (frame_time_to_x (frame, self->cursor_us)) + 0.5;
  set_source_rgba (cr, &colors->foreground, 0.6);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, x, plot->origin.y);
  cairo_line_to (cr, x, plot->origin.y + plot->size.height);
  cairo_stroke (cr);

  time_text = format_readout_time (self->cursor_us);
  g_ptr_array_add (lines, make_layout (self, time_text, 0.85));
  g_array_append_val (line_colors, colors->foreground);
  for (guint i = 0; i < self->series->len; i++)
    {
      SeriesState     *state = g_ptr_array_index (self->series, i);
      const Axis      *axis = find_axis (frame->axes, twin_chart_series_get_unit (state->series));
      g_autofree char *text = NULL;
      TwinSample       sample;
      GdkRGBA          color;

      if (!twin_chart_series_get_visible (state->series) || axis == NULL ||
          !twin_chart_series_sample_at (state->series, self->cursor_us, &sample))
        continue;
      color_for (state, &color);
      /* A dot where the cursor meets the series' last value. */
      set_source_rgba (cr, &color, 1.0);
      cairo_arc (cr, x, value_to_y (frame, axis, sample.value), 3.0, 0, 2 * G_PI);
      cairo_fill (cr);
      text = format_sample (state->series, &sample);
      g_ptr_array_add (lines, make_layout (self, text, 0.85));
      g_array_append_val (line_colors, color);
    }

  for (guint i = 0; i < lines->len; i++)
    {
      double w, h;

      layout_size (g_ptr_array_index (lines, i), &w, &h);
      box_w = MAX (box_w, w);
      box_h += h;
    }
  box_w += 2 * PAD_PX;
  box_h += 2 * PAD_PX;
  box_x = x + 8;
  if (box_x + box_w > plot->origin.x + plot->size.width)
    box_x = x - 8 - box_w;
  box_y = plot->origin.y + 8;

  cairo_rectangle (cr, box_x, box_y, box_w, box_h);
  set_source_rgba (cr, &colors->background, 0.92);
  cairo_fill_preserve (cr);
  set_source_rgba (cr, &colors->foreground, 0.25);
  cairo_stroke (cr);
  for (guint i = 0; i < lines->len; i++)
    {
      PangoLayout *layout = g_ptr_array_index (lines, i);
      double       h;

      layout_size (layout, NULL, &h);
      set_source_rgba (cr, &g_array_index (line_colors, GdkRGBA, i), 1.0);
      show_layout_at (cr, layout, box_x + PAD_PX, box_y + PAD_PX);
      box_y += h;
    }
}

/* The legend of an exported image: a swatch and the name of each visible series. */
static void
draw_export_legend (TwinChart    *self,
                    cairo_t      *cr,
                    const Colors *colors)
{
  double x = PAD_PX;

  for (guint i = 0; i < self->series->len; i++)
    {
      SeriesState *state = g_ptr_array_index (self->series, i);
      g_autoptr (PangoLayout) layout = NULL;
      GdkRGBA color;
      double  w, h;

      if (!twin_chart_series_get_visible (state->series))
        continue;
      color_for (state, &color);
      layout = make_layout (self, gtk_label_get_text (GTK_LABEL (state->label)), 0.9);
      layout_size (layout, &w, &h);
      set_source_rgba (cr, &color, 1.0);
      cairo_rectangle (cr, x, (EXPORT_LEGEND_PX - 10) / 2, 10, 10);
      cairo_fill (cr);
      set_source_rgba (cr, &colors->foreground, 1.0);
      show_layout_at (cr, layout, x + 14, (EXPORT_LEGEND_PX - h) / 2);
      x += 14 + w + 2 * PAD_PX;
    }
}

static void
draw_frame (TwinChart    *self,
            cairo_t      *cr,
            const Frame  *frame,
            const Colors *colors)
{
  const graphene_rect_t *plot = &frame->plot;

  if (colors->fill_background)
    {
      set_source_rgba (cr, &colors->background, 1.0);
      cairo_paint (cr);
    }
  draw_grid_and_axes (self, cr, frame, colors);

  cairo_save (cr);
  cairo_rectangle (cr, plot->origin.x, plot->origin.y, plot->size.width, plot->size.height);
  cairo_clip (cr);
  draw_forecast (self, cr, frame);
  for (guint i = 0; i < self->series->len; i++)
    {
      SeriesState *state = g_ptr_array_index (self->series, i);
      const Axis  *axis;
      GdkRGBA      color;

      if (!twin_chart_series_get_visible (state->series))
        continue;
      axis = find_axis (frame->axes, twin_chart_series_get_unit (state->series));
      color_for (state, &color);
      draw_series (cr, frame, axis, state, &color);
    }
  draw_overlays (self, cr, frame, colors);
  if (self->drag_mode == DRAG_RUBBER_BAND)
    {
      double x0 = MIN (self->drag_start_x, self->drag_x), x1 = MAX (self->drag_start_x, self->drag_x);

      cairo_rectangle (cr, x0, plot->origin.y, x1 - x0, plot->size.height);
      set_source_rgba (cr, &colors->foreground, 0.12);
      cairo_fill_preserve (cr);
      set_source_rgba (cr, &colors->foreground, 0.5);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
  draw_cursor (self, cr, frame, colors);
}

static void
theme_colors (TwinChart *self,
              Colors    *colors)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, &colors->foreground);
  if (!gtk_style_context_lookup_color (context, "theme_base_color", &colors->background))
    {
      double luminance = 0.3 * colors->foreground.red + 0.6 * colors->foreground.green + 0.1 * colors->foreground.blue;

      colors->background = luminance > 0.5 ? (GdkRGBA){ 0.12, 0.12, 0.12, 1 } : (GdkRGBA){ 1, 1, 1, 1 };
    }
  colors->fill_background = FALSE;
}

/* Lays the chart out at its current size and remembers the plot area. */
static void
layout_on_screen (TwinChart *self,
                  Frame     *frame)
{
  int    width = gtk_widget_get_width (GTK_WIDGET (self));
  int    height = gtk_widget_get_height (GTK_WIDGET (self));
  double top = 0;

  if (gtk_widget_should_layout (self->legend))
    {
      graphene_rect_t bounds;

      if (gtk_widget_compute_bounds (self->legend, GTK_WIDGET (self), &bounds))
        top = bounds.origin.y + bounds.size.height;
    }
  if (width <= 0 || height <= 0)
    {
      width = 600;
      height = 300;
    }
  compute_frame (self, frame, width, height, top);
  self->plot = frame->plot;
  self->has_plot = TRUE;
  if (frame->natural_left != self->natural_left_px || frame->natural_right != self->natural_right_px)
    {
      self->natural_left_px = frame->natural_left;
      self->natural_right_px = frame->natural_right;
      g_signal_emit (self, signals[GUTTERS_CHANGED], 0);
    }
}

static void
queue_update (TwinChart *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_accessible_label (TwinChart *self)
{
  g_autoptr (GString) names = g_string_new (NULL);
  g_autofree char *label = NULL;

  for (guint i = 0; i < self->series->len; i++)
    {
      SeriesState *state = g_ptr_array_index (self->series, i);

      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, twin_chart_series_get_name (state->series));
    }
  if (names->len > 0)
    /* Translators: the accessible name of a trend chart, followed by its series' names. */
    label = g_strdup_printf (_ ("Trend chart of %s"), names->str);
  else
    label = g_strdup (_ ("Empty trend chart"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
update_legend_entry (SeriesState *state)
{
  const char      *unit = twin_chart_series_get_unit (state->series);
  g_autofree char *text = NULL;

  if (unit[0] != '\0')
    /* Translators: a legend entry of a chart: the series' name and its unit. */
    text = g_strdup_printf (_ ("%s (%s)"), twin_chart_series_get_name (state->series), unit);
  else
    text = g_strdup (twin_chart_series_get_name (state->series));
  gtk_label_set_text (GTK_LABEL (state->label), text);
  gtk_widget_set_tooltip_text (state->toggle, twin_chart_series_get_visible (state->series)
                                                ? _ ("Hide this series")
                                                : _ ("Show this series"));
  gtk_widget_queue_draw (state->swatch);
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  SeriesState *state = data;
  GdkRGBA      color;

  color_for (state, &color);
  if (twin_chart_series_get_style (state->series) == TWIN_CHART_SERIES_DASHED)
    {
      static const double dashes[] = { 3.0, 2.0 };

      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      cairo_set_line_width (cr, 3.0);
      cairo_move_to (cr, 0, height / 2.0);
      cairo_line_to (cr, width, height / 2.0);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_stroke (cr);
      return;
    }
  cairo_rectangle (cr, 0, 0, width, height);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_fill (cr);
}

static void
series_changed_cb (TwinChartSeries *series,
                   SeriesState     *state)
{
  queue_update (state->chart);
}

static void
series_notify_cb (TwinChartSeries *series,
                  GParamSpec      *pspec,
                  SeriesState     *state)
{
  update_legend_entry (state);
  update_accessible_label (state->chart);
  queue_update (state->chart);
}

static SeriesState *
series_state_new (TwinChart       *self,
                  TwinChartSeries *series,
                  gboolean         with_legend)
{
  SeriesState *state = g_new0 (SeriesState, 1);
  GtkWidget   *box;

  state->chart = self;
  state->series = g_object_ref (series);
  gdk_rgba_parse (&state->color, palette[self->next_color++ % G_N_ELEMENTS (palette)]);
  state->changed_id = g_signal_connect (series, "changed", G_CALLBACK (series_changed_cb), state);
  if (!with_legend)
    return state;

  state->notify_id = g_signal_connect (series, "notify", G_CALLBACK (series_notify_cb), state);
  state->swatch = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (state->swatch), 12);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (state->swatch), 12);
  gtk_widget_set_valign (state->swatch, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (state->swatch), draw_swatch, state, NULL);
  state->label = gtk_label_new (NULL);
  /* Long signal names differ at their end ("…/lobby/temperature"): shorten
   * their start, so a narrow chart never grows wider than its place. */
  gtk_label_set_ellipsize (GTK_LABEL (state->label), PANGO_ELLIPSIZE_START);
  gtk_label_set_width_chars (GTK_LABEL (state->label), 8);
  gtk_label_set_max_width_chars (GTK_LABEL (state->label), 40);
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (box), state->swatch);
  gtk_box_append (GTK_BOX (box), state->label);
  state->toggle = gtk_toggle_button_new ();
  gtk_button_set_child (GTK_BUTTON (state->toggle), box);
  gtk_widget_add_css_class (state->toggle, "flat");
  gtk_widget_add_css_class (state->toggle, "legend-entry");
  g_object_bind_property (series, "visible", state->toggle, "active", G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  gtk_box_append (GTK_BOX (self->legend), state->toggle);
  update_legend_entry (state);
  return state;
}

static void
series_state_free (gpointer data)
{
  SeriesState *state = data;

  g_clear_signal_handler (&state->changed_id, state->series);
  g_clear_signal_handler (&state->notify_id, state->series);
  if (state->toggle != NULL && gtk_widget_get_parent (state->toggle) != NULL)
    gtk_box_remove (GTK_BOX (gtk_widget_get_parent (state->toggle)), state->toggle);
  g_clear_pointer (&state->buckets, g_array_unref);
  g_clear_object (&state->series);
  g_free (state);
}

static gboolean
follow_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       data)
{
  TwinChart *self = TWIN_CHART (widget);

  twin_chart_range_follow_tick (self->range, g_get_real_time ());
  return G_SOURCE_CONTINUE;
}

static void
update_follow_tick (TwinChart *self)
{
  gboolean want = self->range != NULL && twin_chart_range_get_follow_live (self->range);

  if (want && self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), follow_tick_cb, NULL, NULL);
  else if (!want && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
}

static void
range_changed_cb (TwinChartRange *range,
                  TwinChart      *self)
{
  if (self->has_cursor && self->cursor_from_pointer && self->has_pointer)
    {
      self->cursor_us = twin_chart_x_to_time (self, self->pointer_x);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURSOR_US]);
    }
  queue_update (self);
}

static void
range_follow_cb (TwinChartRange *range,
                 GParamSpec     *pspec,
                 TwinChart      *self)
{
  update_follow_tick (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_LIVE]);
}

/* Input */

static void
pointer_moved (TwinChart *self,
               double     x,
               double     y)
{
  self->pointer_x = x;
  self->has_pointer = TRUE;
  if (self->has_plot && x >= self->plot.origin.x && x <= self->plot.origin.x + self->plot.size.width &&
      y >= self->plot.origin.y && y <= self->plot.origin.y + self->plot.size.height)
    {
      self->cursor_from_pointer = TRUE;
      twin_chart_set_cursor (self, twin_chart_x_to_time (self, x));
      self->cursor_from_pointer = TRUE;
    }
  else if (self->has_cursor && self->cursor_from_pointer)
    twin_chart_clear_cursor (self);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           TwinChart                *self)
{
  pointer_moved (self, x, y);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          TwinChart                *self)
{
  self->has_pointer = FALSE;
  if (self->has_cursor && self->cursor_from_pointer)
    twin_chart_clear_cursor (self);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           TwinChart                *self)
{
  if (!self->has_pointer)
    return FALSE;
  twin_chart_scroll_at (self, self->pointer_x, dy);
  return TRUE;
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               TwinChart      *self)
{
  guint           button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  if (!self->has_plot || y < self->plot.origin.y)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_mode = (button == GDK_BUTTON_SECONDARY || (state & GDK_SHIFT_MASK)) ? DRAG_RUBBER_BAND : DRAG_PAN;
  self->drag_from_us = twin_chart_range_get_from (self->range);
  self->drag_to_us = twin_chart_range_get_to (self->range);
  self->drag_start_x = self->drag_x = x;
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                TwinChart      *self)
{
  if (self->drag_mode == DRAG_PAN)
    {
      double us_per_px = (double) (self->drag_to_us - self->drag_from_us) / MAX (self->plot.size.width, 1.0);
      gint64 delta = (gint64) llround (-offset_x * us_per_px);

      if (fabs (offset_x) >= 1.0)
        {
          gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
          twin_chart_range_set_follow_live (self->range, FALSE);
        }
      twin_chart_range_set (self->range, self->drag_from_us + delta, self->drag_to_us + delta);
    }
  else if (self->drag_mode == DRAG_RUBBER_BAND)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      self->drag_x = CLAMP (self->drag_start_x + offset_x, self->plot.origin.x,
                            self->plot.origin.x + self->plot.size.width);
      queue_update (self);
    }
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          offset_x,
             double          offset_y,
             TwinChart      *self)
{
  if (self->drag_mode == DRAG_RUBBER_BAND)
    {
      self->drag_mode = DRAG_NONE;
      if (fabs (self->drag_x - self->drag_start_x) >= RUBBER_BAND_MIN_PX)
        twin_chart_zoom_to_span (self, self->drag_start_x, self->drag_x);
      queue_update (self);
    }
  self->drag_mode = DRAG_NONE;
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            TwinChart       *self)
{
  if (n_press == 2 && self->has_plot && y >= self->plot.origin.y)
    twin_chart_reset (self);
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  twin_chart_reset (TWIN_CHART (widget));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TwinChart *self = TWIN_CHART (widget);
  double     x = self->has_plot ? self->plot.origin.x + self->plot.size.width / 2 : 0;

  /* Follow-live keeps "now" at the right edge. */
  if (twin_chart_range_get_follow_live (self->range) && self->has_plot)
    x = self->plot.origin.x + self->plot.size.width;
  twin_chart_zoom_at (self, g_str_equal (action_name, "chart.zoom-in") ? 1.0 / ZOOM_STEP : ZOOM_STEP, x);
}

static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  TwinChart *self = TWIN_CHART (widget);
  double     width = self->has_plot ? self->plot.size.width : 100;

  twin_chart_pan_by (self, (g_str_equal (action_name, "chart.pan-left") ? 1 : -1) * width * KEY_PAN_SHARE);
}

/* GtkWidget */

static void
twin_chart_measure (GtkWidget     *widget,
                    GtkOrientation orientation,
                    int            for_size,
                    int           *minimum,
                    int           *natural,
                    int           *minimum_baseline,
                    int           *natural_baseline)
{
  TwinChart *self = TWIN_CHART (widget);
  int        legend_min = 0, legend_nat = 0;

  gtk_widget_measure (self->legend, orientation, -1, &legend_min, &legend_nat, NULL, NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MAX (160, legend_min);
      *natural = MAX (480, legend_nat);
    }
  else
    {
      *minimum = legend_min + 100;
      *natural = legend_nat + 220;
    }
}

static void
twin_chart_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  TwinChart *self = TWIN_CHART (widget);
  int        legend_height = 0;

  gtk_widget_measure (self->legend, GTK_ORIENTATION_VERTICAL, width, NULL, &legend_height, NULL, NULL);
  gtk_widget_size_allocate (self->legend, &(GtkAllocation){ 0, 0, width, legend_height }, -1);
}

static void
twin_chart_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  TwinChart *self = TWIN_CHART (widget);
  int        width = gtk_widget_get_width (widget);
  int        height = gtk_widget_get_height (widget);
  Frame      frame = { 0 };
  Colors     colors;
  cairo_t   *cr;

  if (width <= 0 || height <= 0)
    return;
  theme_colors (self, &colors);
  layout_on_screen (self, &frame);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, frame.top, width, height - frame.top));
  draw_frame (self, cr, &frame, &colors);
  cairo_destroy (cr);
  frame_clear (&frame);
  gtk_widget_snapshot_child (widget, self->legend, snapshot);
}

static void
twin_chart_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (twin_chart_parent_class)->map (widget);
  update_follow_tick (TWIN_CHART (widget));
}

static void
twin_chart_dispose (GObject *object)
{
  TwinChart *self = TWIN_CHART (object);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->forecast_lower, series_state_free);
  g_clear_pointer (&self->forecast_upper, series_state_free);
  g_clear_pointer (&self->legend, gtk_widget_unparent);
  if (self->range != NULL)
    {
      g_clear_signal_handler (&self->range_changed_id, self->range);
      g_clear_signal_handler (&self->range_follow_id, self->range);
      g_clear_object (&self->range);
    }
  if (self->csv_destroy != NULL)
    g_clear_pointer (&self->csv_data, self->csv_destroy);
  self->csv_func = NULL;

  G_OBJECT_CLASS (twin_chart_parent_class)->dispose (object);
}

static void
twin_chart_finalize (GObject *object)
{
  TwinChart *self = TWIN_CHART (object);

  g_clear_pointer (&self->thresholds, g_array_unref);
  g_clear_pointer (&self->markers, g_array_unref);

  G_OBJECT_CLASS (twin_chart_parent_class)->finalize (object);
}

static void
twin_chart_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TwinChart *self = TWIN_CHART (object);

  switch (prop_id)
    {
    case PROP_RANGE:
      g_value_set_object (value, self->range);
      break;
    case PROP_FOLLOW_LIVE:
      g_value_set_boolean (value, twin_chart_get_follow_live (self));
      break;
    case PROP_SHOW_TIME_LABELS:
      g_value_set_boolean (value, self->show_time_labels);
      break;
    case PROP_CURSOR_US:
      g_value_set_int64 (value, self->has_cursor ? self->cursor_us : G_MININT64);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_chart_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TwinChart *self = TWIN_CHART (object);

  switch (prop_id)
    {
    case PROP_RANGE:
      twin_chart_set_range (self, g_value_get_object (value));
      break;
    case PROP_FOLLOW_LIVE:
      twin_chart_set_follow_live (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_TIME_LABELS:
      twin_chart_set_show_time_labels (self, g_value_get_boolean (value));
      break;
    case PROP_CURSOR_US:
      if (g_value_get_int64 (value) == G_MININT64)
        twin_chart_clear_cursor (self);
      else
        twin_chart_set_cursor (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_chart_class_init (TwinChartClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = twin_chart_dispose;
  object_class->finalize = twin_chart_finalize;
  object_class->get_property = twin_chart_get_property;
  object_class->set_property = twin_chart_set_property;

  widget_class->measure = twin_chart_measure;
  widget_class->size_allocate = twin_chart_size_allocate;
  widget_class->snapshot = twin_chart_snapshot;
  widget_class->map = twin_chart_map;

  /* The time range shown; charts that share one zoom and pan together. */
  properties[PROP_RANGE] =
    g_param_spec_object ("range", NULL, NULL, TWIN_TYPE_CHART_RANGE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOW_LIVE] =
    g_param_spec_boolean ("follow-live", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_TIME_LABELS] =
    g_param_spec_boolean ("show-time-labels", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The cursor's time, UTC µs; G_MININT64 when there is no cursor. */
  properties[PROP_CURSOR_US] =
    g_param_spec_int64 ("cursor-us", NULL, NULL, G_MININT64, G_MAXINT64, G_MININT64,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TwinChart::gutters-changed:
   *
   * The room the value axes need beside the plot changed (a stack lines
   * its charts' plots up on it).
   */
  signals[GUTTERS_CHANGED] = g_signal_new ("gutters-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                           NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "chart.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "chart.zoom-to-fit", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "chart.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "chart.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "chart.pan-left", NULL, pan_action);
  gtk_widget_class_install_action (widget_class, "chart.pan-right", NULL, pan_action);
  gtk_widget_class_install_property_action (widget_class, "chart.follow-live", "follow-live");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "chart.reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Home, 0, "chart.reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "chart.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "chart.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "chart.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "chart.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "chart.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "chart.pan-left", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Left, 0, "chart.pan-left", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "chart.pan-right", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Right, 0, "chart.pan-right", NULL);

  gtk_widget_class_set_css_name (widget_class, "trendchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
twin_chart_init (TwinChart *self)
{
  GtkEventController *controller;
  GtkGesture         *gesture;
  gint64              now = g_get_real_time ();
  g_autoptr (TwinChartRange) range = twin_chart_range_new (now - 3600 * US_PER_S, now);

  self->series = g_ptr_array_new_with_free_func (series_state_free);
  self->thresholds = g_array_new (FALSE, TRUE, sizeof (Threshold));
  g_array_set_clear_func (self->thresholds, threshold_clear);
  self->markers = g_array_new (FALSE, TRUE, sizeof (Marker));
  g_array_set_clear_func (self->markers, marker_clear);
  self->show_time_labels = TRUE;
  self->forecast_color = (GdkRGBA){ 0.5, 0.5, 0.5, 1.0 };

  self->legend = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  gtk_widget_add_css_class (self->legend, "chart-legend");
  gtk_widget_set_parent (self->legend, GTK_WIDGET (self));

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  twin_chart_set_range (self, range);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), 0);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  update_accessible_label (self);
}

/* Public API */

GtkWidget *
twin_chart_new (void)
{
  return g_object_new (TWIN_TYPE_CHART, NULL);
}

/**
 * twin_chart_add_series:
 * @series: the series to show (a reference is kept)
 *
 * Adds @series, with a legend toggle; a series without a colour gets the
 * next one of the palette.
 */
void
twin_chart_add_series (TwinChart       *self,
                       TwinChartSeries *series)
{
  g_return_if_fail (TWIN_IS_CHART (self));
  g_return_if_fail (TWIN_IS_CHART_SERIES (series));

  if (find_state (self, series) != NULL)
    return;
  g_ptr_array_add (self->series, series_state_new (self, series, TRUE));
  update_accessible_label (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
twin_chart_remove_series (TwinChart       *self,
                          TwinChartSeries *series)
{
  SeriesState *state;

  g_return_if_fail (TWIN_IS_CHART (self));
  g_return_if_fail (TWIN_IS_CHART_SERIES (series));

  state = find_state (self, series);
  if (state == NULL)
    return;
  g_ptr_array_remove (self->series, state);
  update_accessible_label (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
twin_chart_get_n_series (TwinChart *self)
{
  g_return_val_if_fail (TWIN_IS_CHART (self), 0);

  return self->series->len;
}

/* Returns: (transfer none) (nullable): the series at @index */
TwinChartSeries *
twin_chart_get_series (TwinChart *self,
                       guint      index)
{
  g_return_val_if_fail (TWIN_IS_CHART (self), NULL);

  if (index >= self->series->len)
    return NULL;
  return ((SeriesState *) g_ptr_array_index (self->series, index))->series;
}

/* Returns: (transfer none) (nullable): the legend's toggle button of @series */
GtkToggleButton *
twin_chart_get_legend_toggle (TwinChart       *self,
                              TwinChartSeries *series)
{
  SeriesState *state;

  g_return_val_if_fail (TWIN_IS_CHART (self), NULL);

  state = find_state (self, series);
  return state != NULL ? GTK_TOGGLE_BUTTON (state->toggle) : NULL;
}

/* The colour @series is drawn in (its own or the palette's). */
gboolean
twin_chart_get_series_color (TwinChart       *self,
                             TwinChartSeries *series,
                             GdkRGBA         *color)
{
  SeriesState *state;

  g_return_val_if_fail (TWIN_IS_CHART (self), FALSE);

  state = find_state (self, series);
  if (state == NULL)
    return FALSE;
  color_for (state, color);
  return TRUE;
}

/* Returns: (transfer none): the time range the chart shows */
TwinChartRange *
twin_chart_get_range (TwinChart *self)
{
  g_return_val_if_fail (TWIN_IS_CHART (self), NULL);

  return self->range;
}

/**
 * twin_chart_set_range:
 * @range: the range to show; charts given the same range move together
 */
void
twin_chart_set_range (TwinChart      *self,
                      TwinChartRange *range)
{
  gboolean was_following;

  g_return_if_fail (TWIN_IS_CHART (self));
  g_return_if_fail (TWIN_IS_CHART_RANGE (range));

  if (self->range == range)
    return;
  was_following = self->range != NULL && twin_chart_range_get_follow_live (self->range);
  if (self->range != NULL)
    {
      g_clear_signal_handler (&self->range_changed_id, self->range);
      g_clear_signal_handler (&self->range_follow_id, self->range);
      g_clear_object (&self->range);
    }
  self->range = g_object_ref (range);
  self->range_changed_id = g_signal_connect (range, "changed", G_CALLBACK (range_changed_cb), self);
  self->range_follow_id = g_signal_connect (range, "notify::follow-live", G_CALLBACK (range_follow_cb), self);
  update_follow_tick (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RANGE]);
  if (was_following != twin_chart_range_get_follow_live (range))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_LIVE]);
  queue_update (self);
}

gboolean
twin_chart_get_follow_live (TwinChart *self)
{
  g_return_val_if_fail (TWIN_IS_CHART (self), FALSE);

  return twin_chart_range_get_follow_live (self->range);
}

/**
 * twin_chart_set_follow_live:
 * @follow_live: whether the range slides to "now"
 *
 * In follow-live mode the range keeps its span and ends at the wall clock,
 * moved by the frame clock at most 30 times a second (never per sample).
 */
void
twin_chart_set_follow_live (TwinChart *self,
                            gboolean   follow_live)
{
  g_return_if_fail (TWIN_IS_CHART (self));

  twin_chart_range_set_follow_live (self->range, follow_live);
  if (follow_live)
    twin_chart_range_follow_tick (self->range, g_get_real_time ());
}

gboolean
twin_chart_get_show_time_labels (TwinChart *self)
{
  g_return_val_if_fail (TWIN_IS_CHART (self), FALSE);

  return self->show_time_labels;
}

/* A stack shows time labels on its bottom chart only. */
void
twin_chart_set_show_time_labels (TwinChart *self,
                                 gboolean   show_time_labels)
{
  g_return_if_fail (TWIN_IS_CHART (self));

  show_time_labels = !!show_time_labels;
  if (self->show_time_labels == show_time_labels)
    return;
  self->show_time_labels = show_time_labels;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_TIME_LABELS]);
  queue_update (self);
}

/**
 * twin_chart_reset:
 *
 * Zooms to fit all the data of the visible series (and leaves follow-live
 * mode); with no data, the last hour.
 */
void
twin_chart_reset (TwinChart *self)
{
  gint64   first = G_MAXINT64, last = G_MININT64;
  gboolean found = FALSE;

  g_return_if_fail (TWIN_IS_CHART (self));

  for (guint i = 0; i < self->series->len; i++)
    {
      SeriesState *state = g_ptr_array_index (self->series, i);
      gint64       a, b;

      if (twin_chart_series_get_visible (state->series) && twin_chart_series_get_extent (state->series, &a, &b))
        {
          first = MIN (first, a);
          last = MAX (last, b);
          found = TRUE;
        }
    }
  twin_chart_range_set_follow_live (self->range, FALSE);
  if (!found)
    {
      last = g_get_real_time ();
      first = last - 3600 * US_PER_S;
    }
  /* A little room after the last sample, so it is not on the frame. */
  twin_chart_range_set (self->range, first, last + MAX ((last - first) / 100, 1));
}

/**
 * twin_chart_zoom_at:
 * @factor: the new span over the old (< 1 zooms in)
 * @x: the widget x that keeps its time
 */
void
twin_chart_zoom_at (TwinChart *self,
                    double     factor,
                    double     x)
{
  g_return_if_fail (TWIN_IS_CHART (self));

  twin_chart_range_zoom (self->range, factor, twin_chart_x_to_time (self, x));
}

/* What a wheel step of @dy does at @x: down zooms out, up zooms in. */
void
twin_chart_scroll_at (TwinChart *self,
                      double     x,
                      double     dy)
{
  g_return_if_fail (TWIN_IS_CHART (self));

  if (dy == 0.0)
    return;
  twin_chart_range_set_follow_live (self->range, FALSE);
  twin_chart_zoom_at (self, pow (ZOOM_STEP, CLAMP (dy, -10.0, 10.0)), x);
}

/* Moves the range as a drag of @dx pixels would (> 0: to earlier times). */
void
twin_chart_pan_by (TwinChart *self,
                   double     dx)
{
  double us_per_px;

  g_return_if_fail (TWIN_IS_CHART (self));

  us_per_px = (double) (twin_chart_range_get_to (self->range) - twin_chart_range_get_from (self->range)) /
              (self->has_plot ? MAX (self->plot.size.width, 1.0) : 500.0);
  twin_chart_range_set_follow_live (self->range, FALSE);
  twin_chart_range_pan (self->range, (gint64) llround (-dx * us_per_px));
}

/* Zooms to the times between widget x @x0 and @x1 (a rubber band). */
void
twin_chart_zoom_to_span (TwinChart *self,
                         double     x0,
                         double     x1)
{
  g_return_if_fail (TWIN_IS_CHART (self));

  twin_chart_range_set_follow_live (self->range, FALSE);
  twin_chart_range_set (self->range, twin_chart_x_to_time (self, MIN (x0, x1)),
                        twin_chart_x_to_time (self, MAX (x0, x1)));
}

/**
 * twin_chart_get_natural_gutters:
 * @left: (out): the room the left value axes need, in pixels
 * @right: (out): the room the right ones need
 *
 * As of the last layout on screen.
 */
void
twin_chart_get_natural_gutters (TwinChart *self,
                                double    *left,
                                double    *right)
{
  g_return_if_fail (TWIN_IS_CHART (self));

  *left = self->natural_left_px;
  *right = self->natural_right_px;
}

/**
 * twin_chart_set_min_gutters:
 * @left: the least room left of the plot, in pixels
 * @right: the least room right of it
 *
 * Charts stacked on one time axis get the widest gutters of them all, so
 * their plots line up.
 */
void
twin_chart_set_min_gutters (TwinChart *self,
                            double     left,
                            double     right)
{
  g_return_if_fail (TWIN_IS_CHART (self));

  if (self->min_left_px == left && self->min_right_px == right)
    return;
  self->min_left_px = left;
  self->min_right_px = right;
  queue_update (self);
}

/**
 * twin_chart_get_plot_area:
 * @area: (out): the plot's rectangle in widget coordinates
 *
 * Lays the chart out at its size (or 600 × 300 when it has none) first.
 *
 * Returns: TRUE
 */
gboolean
twin_chart_get_plot_area (TwinChart       *self,
                          graphene_rect_t *area)
{
  Frame frame = { 0 };

  g_return_val_if_fail (TWIN_IS_CHART (self), FALSE);

  layout_on_screen (self, &frame);
  frame_clear (&frame);
  *area = self->plot;
  return TRUE;
}

double
twin_chart_time_to_x (TwinChart *self,
                      gint64     t_us)
{
  gint64 from, to;

  g_return_val_if_fail (TWIN_IS_CHART (self), 0.0);

  from = twin_chart_range_get_from (self->range);
  to = twin_chart_range_get_to (self->range);
  return self->plot.origin.x + self->plot.size.width * ((double) (t_us - from) / (double) (to - from));
}

gint64
twin_chart_x_to_time (TwinChart *self,
                      double     x)
{
  gint64 from, to;

  g_return_val_if_fail (TWIN_IS_CHART (self), 0);

  from = twin_chart_range_get_from (self->range);
  to = twin_chart_range_get_to (self->range);
  if (!self->has_plot || self->plot.size.width <= 0)
    return from + (to - from) / 2;
  return from + (gint64) llround ((x - self->plot.origin.x) / self->plot.size.width * (double) (to - from));
}

/**
 * twin_chart_dup_time_labels:
 *
 * The time axis' labels as the chart draws them at its size now (empty when
 * it shows no time labels).
 *
 * Returns: (transfer full) (element-type TwinChartLabel): the labels, left to right
 */
GPtrArray *
twin_chart_dup_time_labels (TwinChart *self)
{
  Frame      frame = { 0 };
  GPtrArray *labels;

  g_return_val_if_fail (TWIN_IS_CHART (self), NULL);

  layout_on_screen (self, &frame);
  labels = g_steal_pointer (&frame.time_labels);
  if (!self->show_time_labels)
    g_ptr_array_set_size (labels, 0);
  frame_clear (&frame);
  return labels;
}

/**
 * twin_chart_get_drawn_extremes:
 * @series: a series of the chart
 * @min: (out): the lowest value its band reaches in the visible range
 * @max: (out): the highest
 *
 * What a frame at the chart's size draws of @series: the extremes of the
 * buckets it is drawn from. A spike in range is always inside [min, max].
 *
 * Returns: FALSE when the series is hidden or has no data in range
 */
gboolean
twin_chart_get_drawn_extremes (TwinChart       *self,
                               TwinChartSeries *series,
                               double          *min,
                               double          *max)
{
  SeriesState *state;
  Frame        frame = { 0 };

  g_return_val_if_fail (TWIN_IS_CHART (self), FALSE);

  state = find_state (self, series);
  if (state == NULL)
    return FALSE;
  layout_on_screen (self, &frame);
  frame_clear (&frame);
  if (!state->drawn)
    return FALSE;
  *min = state->drawn_min;
  *max = state->drawn_max;
  return TRUE;
}

/* The value axis of @unit as drawn now (nice, rounded out); FALSE when none. */
gboolean
twin_chart_get_value_range (TwinChart  *self,
                            const char *unit,
                            double     *min,
                            double     *max)
{
  Frame    frame = { 0 };
  Axis    *axis;
  gboolean found;

  g_return_val_if_fail (TWIN_IS_CHART (self), FALSE);

  layout_on_screen (self, &frame);
  axis = find_axis (frame.axes, unit != NULL ? unit : "");
  found = axis != NULL;
  if (found)
    {
      *min = axis->min;
      *max = axis->max;
    }
  frame_clear (&frame);
  return found;
}

/* Puts the cursor at @t_us: the readout shows every visible series' value then. */
void
twin_chart_set_cursor (TwinChart *self,
                       gint64     t_us)
{
  g_return_if_fail (TWIN_IS_CHART (self));

  self->cursor_from_pointer = FALSE;
  if (self->has_cursor && self->cursor_us == t_us)
    return;
  self->has_cursor = TRUE;
  self->cursor_us = t_us;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURSOR_US]);
  queue_update (self);
}

void
twin_chart_clear_cursor (TwinChart *self)
{
  g_return_if_fail (TWIN_IS_CHART (self));

  if (!self->has_cursor)
    return;
  self->has_cursor = FALSE;
  self->cursor_from_pointer = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURSOR_US]);
  queue_update (self);
}

gboolean
twin_chart_get_cursor (TwinChart *self,
                       gint64    *t_us)
{
  g_return_val_if_fail (TWIN_IS_CHART (self), FALSE);

  if (self->has_cursor && t_us != NULL)
    *t_us = self->cursor_us;
  return self->has_cursor;
}

/* The sample of @series the readout shows at the cursor; FALSE when none. */
gboolean
twin_chart_read_cursor (TwinChart       *self,
                        TwinChartSeries *series,
                        TwinSample      *sample)
{
  g_return_val_if_fail (TWIN_IS_CHART (self), FALSE);
  g_return_val_if_fail (TWIN_IS_CHART_SERIES (series), FALSE);

  if (!self->has_cursor || find_state (self, series) == NULL || !twin_chart_series_get_visible (series))
    return FALSE;
  return twin_chart_series_sample_at (series, self->cursor_us, sample);
}

/**
 * twin_chart_dup_readout_text:
 *
 * Returns: (transfer full) (nullable): the readout's lines (the time, then
 *   "name: value unit" per visible series with a value), or NULL with no cursor
 */
char *
twin_chart_dup_readout_text (TwinChart *self)
{
  g_autoptr (GString) text = NULL;
  g_autofree char *time_text = NULL;

  g_return_val_if_fail (TWIN_IS_CHART (self), NULL);

  if (!self->has_cursor)
    return NULL;
  time_text = format_readout_time (self->cursor_us);
  text = g_string_new (time_text);
  for (guint i = 0; i < self->series->len; i++)
    {
      SeriesState     *state = g_ptr_array_index (self->series, i);
      g_autofree char *line = NULL;
      TwinSample       sample;

      if (!twin_chart_read_cursor (self, state->series, &sample))
        continue;
      line = format_sample (state->series, &sample);
      g_string_append_printf (text, "\n%s", line);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * twin_chart_add_threshold:
 * @unit: the unit of the value axis it belongs to
 * @value: where the line is, in @unit
 * @label: (nullable): text at its right end
 * @color: (nullable): its colour (red when NULL)
 *
 * A horizontal line, such as an alarm limit; the axis stretches to show it.
 */
void
twin_chart_add_threshold (TwinChart     *self,
                          const char    *unit,
                          double         value,
                          const char    *label,
                          const GdkRGBA *color)
{
  Threshold threshold = { 0 };

  g_return_if_fail (TWIN_IS_CHART (self));
  g_return_if_fail (isfinite (value));

  threshold.unit = g_strdup (unit != NULL ? unit : "");
  threshold.value = value;
  threshold.label = g_strdup (label);
  if (color != NULL)
    threshold.color = *color;
  else
    gdk_rgba_parse (&threshold.color, "#c01c28");
  g_array_append_val (self->thresholds, threshold);
  queue_update (self);
}

/**
 * twin_chart_add_marker:
 * @t_us: when the event happened (UTC µs)
 * @label: (nullable): its text
 * @color: (nullable): its colour (orange when NULL)
 *
 * A vertical line for an event or anomaly.
 */
void
twin_chart_add_marker (TwinChart     *self,
                       gint64         t_us,
                       const char    *label,
                       const GdkRGBA *color)
{
  Marker marker = { 0 };

  g_return_if_fail (TWIN_IS_CHART (self));

  marker.t_us = t_us;
  marker.label = g_strdup (label);
  if (color != NULL)
    marker.color = *color;
  else
    gdk_rgba_parse (&marker.color, "#e66100");
  g_array_append_val (self->markers, marker);
  queue_update (self);
}

/**
 * twin_chart_set_forecast:
 * @lower: (nullable): the band's lower edge (its unit picks the axis)
 * @upper: (nullable): its upper edge
 * @color: (nullable): its colour (grey when NULL)
 *
 * A shaded band such as a forecast's interval, under the series; NULL
 * edges remove it. It shows only on an axis a visible series uses.
 */
void
twin_chart_set_forecast (TwinChart       *self,
                         TwinChartSeries *lower,
                         TwinChartSeries *upper,
                         const GdkRGBA   *color)
{
  g_return_if_fail (TWIN_IS_CHART (self));

  g_clear_pointer (&self->forecast_lower, series_state_free);
  g_clear_pointer (&self->forecast_upper, series_state_free);
  if (lower != NULL && upper != NULL)
    {
      self->forecast_lower = series_state_new (self, lower, FALSE);
      self->forecast_upper = series_state_new (self, upper, FALSE);
      self->next_color -= 2;
    }
  if (color != NULL)
    self->forecast_color = *color;
  queue_update (self);
}

/* Removes thresholds, markers and the forecast band. */
void
twin_chart_clear_overlays (TwinChart *self)
{
  g_return_if_fail (TWIN_IS_CHART (self));

  g_array_set_size (self->thresholds, 0);
  g_array_set_size (self->markers, 0);
  twin_chart_set_forecast (self, NULL, NULL, NULL);
}

/**
 * twin_chart_draw:
 * @cr: where to draw, from (0, 0)
 * @width: the picture's width in pixels (or points)
 * @height: its height
 *
 * Draws the chart as the exports do: on white, with its legend as a row at
 * the top, over the current range.
 */
void
twin_chart_draw (TwinChart *self,
                 cairo_t   *cr,
                 int        width,
                 int        height)
{
  Frame  frame = { 0 };
  Colors colors = {
    .foreground = { 0.14, 0.14, 0.16, 1.0 },
    .background = { 1.0, 1.0, 1.0, 1.0 },
    .fill_background = TRUE,
  };
  gboolean        has_plot = self->has_plot;
  graphene_rect_t plot = self->plot;

  g_return_if_fail (TWIN_IS_CHART (self));
  g_return_if_fail (cr != NULL);

  compute_frame (self, &frame, width, height, EXPORT_LEGEND_PX);
  draw_frame (self, cr, &frame, &colors);
  draw_export_legend (self, cr, &colors);
  frame_clear (&frame);
  /* The screen's layout stays the one input maps through. */
  self->has_plot = has_plot;
  self->plot = plot;
}

static gboolean
check_surface (cairo_surface_t *surface,
               const char      *path,
               GError         **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, TWIN_CHART_ERROR, TWIN_CHART_ERROR_EXPORT, _ ("The chart could not be written to “%s”: %s."),
               path, cairo_status_to_string (status));
  return FALSE;
}

/**
 * twin_chart_export_png:
 * @path: the file to write
 * @width: the image's width in pixels
 * @height: its height
 *
 * Writes the chart as a PNG image of the current range.
 *
 * Returns: FALSE with %TWIN_CHART_ERROR_EXPORT when the file cannot be written
 */
gboolean
twin_chart_export_png (TwinChart  *self,
                       const char *path,
                       int         width,
                       int         height,
                       GError    **error)
{
  cairo_surface_t *surface;
  cairo_t         *cr;
  cairo_status_t   status;

  g_return_val_if_fail (TWIN_IS_CHART (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  if (!check_surface (surface, path, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cr = cairo_create (surface);
  twin_chart_draw (self, cr, width, height);
  cairo_destroy (cr);
  status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, TWIN_CHART_ERROR, TWIN_CHART_ERROR_EXPORT, _ ("The chart could not be written to “%s”: %s."),
                   path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/**
 * twin_chart_export_svg:
 * @path: the file to write
 * @width: the picture's width in points
 * @height: its height
 *
 * Writes the chart as an SVG picture of the current range.
 *
 * Returns: FALSE with %TWIN_CHART_ERROR_EXPORT when the file cannot be written
 */
gboolean
twin_chart_export_svg (TwinChart  *self,
                       const char *path,
                       int         width,
                       int         height,
                       GError    **error)
{
  cairo_surface_t *surface;
  cairo_t         *cr;
  gboolean         ok;

  g_return_val_if_fail (TWIN_IS_CHART (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);

  surface = cairo_svg_surface_create (path, width, height);
  if (!check_surface (surface, path, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cr = cairo_create (surface);
  twin_chart_draw (self, cr, width, height);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  ok = check_surface (surface, path, error);
  cairo_surface_destroy (surface);
  return ok;
}

/**
 * twin_chart_set_csv_exporter:
 * @func: (nullable): writes series to a CSV file
 * @data: passed to @func
 * @destroy: (nullable): frees @data
 *
 * Sets what twin_chart_export_csv() calls (the window passes the core's CSV
 * exporter, so the chart needs no historian of its own).
 */
void
twin_chart_set_csv_exporter (TwinChart       *self,
                             TwinChartCsvFunc func,
                             gpointer         data,
                             GDestroyNotify   destroy)
{
  g_return_if_fail (TWIN_IS_CHART (self));

  if (self->csv_destroy != NULL)
    g_clear_pointer (&self->csv_data, self->csv_destroy);
  self->csv_func = func;
  self->csv_data = data;
  self->csv_destroy = destroy;
}

/**
 * twin_chart_export_csv:
 * @path: the file to write
 *
 * Writes the visible series' data in the visible range to @path, through
 * the exporter set with twin_chart_set_csv_exporter().
 *
 * Returns: FALSE with %TWIN_CHART_ERROR_NO_EXPORTER when none is set, or
 *   the exporter's error
 */
gboolean
twin_chart_export_csv (TwinChart  *self,
                       const char *path,
                       GError    **error)
{
  g_autoptr (GPtrArray) visible = g_ptr_array_new ();

  g_return_val_if_fail (TWIN_IS_CHART (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->csv_func == NULL)
    {
      g_set_error (error, TWIN_CHART_ERROR, TWIN_CHART_ERROR_NO_EXPORTER,
                   _ ("The chart's data could not be written to “%s”: this chart has no CSV exporter."), path);
      return FALSE;
    }
  for (guint i = 0; i < self->series->len; i++)
    {
      SeriesState *state = g_ptr_array_index (self->series, i);

      if (twin_chart_series_get_visible (state->series))
        g_ptr_array_add (visible, state->series);
    }
  return self->csv_func (self, visible, twin_chart_range_get_from (self->range), twin_chart_range_get_to (self->range),
                         path, self->csv_data, error);
}
