/* test-chart.c: GUI tests of the trend charts under Xvfb: decimation, time ticks, zoom, cursor, layout, export.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The charts are shown in real windows and driven through the entry points
 * their event controllers and key bindings call (scroll, drag, actions), then
 * checked through what a frame draws: the extremes of the buckets drawn, the
 * time labels and their extents, the readout. The local time zone is fixed
 * to Europe/Berlin so the ticks cross real DST changes. Screenshots go to
 * tests/app/screenshots/ in the build folder.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app-test-util.h"
#include "model/twin-entity.h"
#include "store/twin-store.h"
#include "twin-chart-stack.h"
#include "twin-chart.h"
#include "twin-test-util.h"

#define S_US G_GINT64_CONSTANT (1000000)
#define HOUR_US (3600 * S_US)
#define DAY_US (24 * HOUR_US)
/* 2024-01-01 00:00:00 UTC. */
#define T0_US (G_GINT64_CONSTANT (1704067200) * S_US)
#define N_BIG 1000000
#define SPIKE_INDEX 567891
#define SPIKE_VALUE 100.0

static GtkWindow *
show_in_window (GtkWidget *child,
                int        width,
                int        height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, child);
  gtk_window_present (window);
  twin_app_test_wait_mapped (child);
  return window;
}

/* One sample a second from T0: 20 ± 1 of slow waves and noise, and one spike. */
static GArray *
make_big_samples (void)
{
  GArray *samples = g_array_sized_new (FALSE, FALSE, sizeof (TwinSample), N_BIG);
  GRand  *rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < N_BIG; i++)
    {
      TwinSample s = { T0_US + (gint64) i * S_US, 20.0 + 0.7 * sin (i / 5000.0) + 0.3 * g_rand_double (rand) };

      if (i == SPIKE_INDEX)
        s.value = SPIKE_VALUE;
      g_array_append_val (samples, s);
    }
  g_rand_free (rand);
  return samples;
}

/* A source that counts queries and remembers the largest bucket count asked for. */
typedef struct
{
  TwinChartSeries *inner;
  guint            n_queries;
  guint            max_buckets;
} Counting;

static GArray *
counting_query (gpointer data,
                gint64   from_us,
                gint64   to_us,
                guint    max_buckets,
                GError **error)
{
  Counting *counting = data;

  counting->n_queries++;
  counting->max_buckets = MAX (counting->max_buckets, max_buckets);
  return twin_chart_series_query (counting->inner, from_us, to_us, max_buckets, error);
}

static gboolean
counting_sample_at (gpointer    data,
                    gint64      t_us,
                    TwinSample *out)
{
  return twin_chart_series_sample_at (((Counting *) data)->inner, t_us, out);
}

static gboolean
counting_extent (gpointer data,
                 gint64  *first_us,
                 gint64  *last_us)
{
  return twin_chart_series_get_extent (((Counting *) data)->inner, first_us, last_us);
}

static void
test_bucket_samples (void)
{
  static const TwinSample samples[] = {
    { 0, 1.0 },
    { 1, 5.0 },
    { 2, -3.0 },
    { 10, 2.0 },
    { 11, 4.0 },
    { 25, 7.0 },
  };
  g_autoptr (GArray) buckets = twin_chart_bucket_samples (samples, G_N_ELEMENTS (samples), 0, 30, 3);
  const TwinBucket *b;

  /* Spans of 10 µs: {0,1,2}, {10,11}, {25}. */
  g_assert_cmpuint (buckets->len, ==, 3);
  b = &g_array_index (buckets, TwinBucket, 0);
  g_assert_cmpint (b->start_us, ==, 0);
  g_assert_cmpint (b->end_us, ==, 10);
  g_assert_cmpint (b->count, ==, 3);
  g_assert_cmpfloat (b->min, ==, -3.0);
  g_assert_cmpint (b->min_t_us, ==, 2);
  g_assert_cmpfloat (b->max, ==, 5.0);
  g_assert_cmpint (b->max_t_us, ==, 1);
  g_assert_cmpfloat_with_epsilon (b->mean, 1.0, 1e-12);
  b = &g_array_index (buckets, TwinBucket, 2);
  g_assert_cmpint (b->count, ==, 1);
  g_assert_cmpfloat (b->mean, ==, 7.0);

  /* A range holding none, an empty range, and a partial range. */
  g_clear_pointer (&buckets, g_array_unref);
  buckets = twin_chart_bucket_samples (samples, G_N_ELEMENTS (samples), 12, 25, 100);
  g_assert_cmpuint (buckets->len, ==, 0);
  g_clear_pointer (&buckets, g_array_unref);
  buckets = twin_chart_bucket_samples (samples, G_N_ELEMENTS (samples), 5, 5, 100);
  g_assert_cmpuint (buckets->len, ==, 0);
  g_clear_pointer (&buckets, g_array_unref);
  buckets = twin_chart_bucket_samples (samples, G_N_ELEMENTS (samples), 1, 11, 1);
  g_assert_cmpuint (buckets->len, ==, 1);
  b = &g_array_index (buckets, TwinBucket, 0);
  g_assert_cmpint (b->count, ==, 3);
  g_assert_cmpfloat (b->max, ==, 5.0);
  g_assert_cmpfloat (b->min, ==, -3.0);
}

/* At every zoom from the whole million seconds down to ten seconds, around
 * the spike and away from it, the band drawn holds the spike exactly when it
 * is in range; the queries ask for about one bucket per pixel, once. */
static void
test_spike_every_zoom (void)
{
  g_autoptr (GArray) samples = make_big_samples ();
  g_autoptr (TwinChartSeries) inner = twin_chart_series_new_for_samples ("spiky", "°C", samples);
  g_autoptr (TwinChartSeries) series = twin_chart_series_new ("spiky", "°C");
  Counting        counting = { inner, 0, 0 };
  TwinChart      *chart = TWIN_CHART (twin_chart_new ());
  GtkWindow      *window;
  graphene_rect_t plot;
  gint64          spike_us = T0_US + (gint64) SPIKE_INDEX * S_US;
  double          min, max, axis_min, axis_max;
  guint           queries;

  twin_chart_series_set_source (series, counting_query, counting_sample_at, counting_extent, &counting, NULL);
  twin_chart_add_series (chart, series);
  window = show_in_window (GTK_WIDGET (chart), 900, 360);

  twin_chart_reset (chart);
  g_assert_cmpint (twin_chart_range_get_from (twin_chart_get_range (chart)), ==, T0_US);
  g_assert_cmpint (twin_chart_range_get_to (twin_chart_get_range (chart)), >, T0_US + (N_BIG - 1) * S_US);
  g_assert_true (twin_chart_get_drawn_extremes (chart, series, &min, &max));
  g_assert_cmpfloat (max, ==, SPIKE_VALUE);
  g_assert_cmpfloat (min, >=, 19.0);
  g_assert_true (twin_chart_get_value_range (chart, "°C", &axis_min, &axis_max));
  g_assert_cmpfloat (axis_max, >=, SPIKE_VALUE);
  g_assert_cmpfloat (axis_min, <=, min);

  /* One bucket per pixel column of the chart, give or take one. */
  g_assert_cmpuint (counting.max_buckets, <=, (guint) gtk_widget_get_width (GTK_WIDGET (chart)) + 2);
  g_assert_cmpuint (counting.max_buckets, >=, (guint) gtk_widget_get_width (GTK_WIDGET (chart)) / 2);
  /* Redrawing the same range at the same width asks nothing again. */
  twin_app_test_pump (50);
  queries = counting.n_queries;
  gtk_widget_queue_draw (GTK_WIDGET (chart));
  twin_app_test_pump (100);
  g_assert_true (twin_chart_get_drawn_extremes (chart, series, &min, &max));
  g_assert_cmpuint (counting.n_queries, ==, queries);

  g_assert_true (twin_chart_get_plot_area (chart, &plot));
  for (guint pass = 0; pass < 2; pass++)
    {
      twin_chart_reset (chart);
      for (guint step = 0; step < 40; step++)
        {
          gint64   from = twin_chart_range_get_from (twin_chart_get_range (chart));
          gint64   to = twin_chart_range_get_to (twin_chart_get_range (chart));
          gboolean in_range = spike_us >= from && spike_us < to;
          /* Pass 0 zooms on the spike; pass 1 beside it, so it leaves the range. */
          double   x = pass == 0 ? twin_chart_time_to_x (chart, spike_us)
                                 : twin_chart_time_to_x (chart, spike_us) + plot.size.width * 0.3;

          g_assert_true (twin_chart_get_drawn_extremes (chart, series, &min, &max));
          if (in_range)
            g_assert_cmpfloat (max, ==, SPIKE_VALUE);
          else
            g_assert_cmpfloat (max, <, 30.0);
          if (to - from <= 10 * S_US)
            break;
          /* Wheel steps up: zoom in around x. */
          twin_chart_scroll_at (chart, x, -2.0);
        }
      g_assert_cmpint (twin_chart_range_get_to (twin_chart_get_range (chart)) -
                         twin_chart_range_get_from (twin_chart_get_range (chart)),
                       <=, 10 * S_US);
    }
  /* Zoomed in on the spike, it is still there; the band is inside the axis. */
  twin_chart_reset (chart);
  twin_chart_range_set (twin_chart_get_range (chart), spike_us - 5 * S_US, spike_us + 5 * S_US);
  g_assert_true (twin_chart_get_drawn_extremes (chart, series, &min, &max));
  g_assert_cmpfloat (max, ==, SPIKE_VALUE);
  twin_app_test_save_screenshot (GTK_WIDGET (chart), "chart-spike-10s");

  gtk_window_destroy (window);
}

static void
assert_labels_fit (TwinChart  *chart,
                   const char *what)
{
  g_autoptr (GPtrArray) labels = twin_chart_dup_time_labels (chart);
  double width = gtk_widget_get_width (GTK_WIDGET (chart));
  guint  n_rows[2] = { 0, 0 };

  for (guint i = 0; i < labels->len; i++)
    {
      TwinChartLabel *label = g_ptr_array_index (labels, i);

      g_assert_cmpuint (label->row, <=, 1);
      n_rows[label->row]++;
      g_assert_cmpstr (label->text, !=, "");
      g_assert_null (strchr (label->text, '\n'));
      g_assert_true (g_utf8_validate (label->text, -1, NULL));
      /* No padding (GLib pads %e with a figure space). */
      g_assert_false (g_unichar_isspace (g_utf8_get_char (label->text)) ||
                      g_utf8_get_char (label->text) == 0x2007);
      g_assert_cmpfloat (label->width, >, 0);
      g_assert_cmpfloat (label->x - label->width / 2, >=, 0);
      g_assert_cmpfloat (label->x + label->width / 2, <=, width);
      /* Within a row, times go up and the extents never overlap. */
      for (guint j = i + 1; j < labels->len; j++)
        {
          TwinChartLabel *other = g_ptr_array_index (labels, j);

          if (other->row != label->row)
            continue;
          g_assert_cmpint (other->t_us, >, label->t_us);
          g_assert_cmpfloat (label->x + label->width / 2, <, other->x - other->width / 2);
          break;
        }
    }
  g_test_message ("%s: %u ticks, %u dates, first “%s”", what, n_rows[0], n_rows[1],
                  labels->len > 0 ? ((TwinChartLabel *) g_ptr_array_index (labels, 0))->text : "");
  g_assert_cmpuint (n_rows[0], >=, 2);
}

/* For ranges of 10 s to 10 years, at a wide and a narrow width, every tick
 * label fits and none overlaps; the date shows where it changes. */
static void
test_time_ticks (void)
{
  static const struct
  {
    const char *name;
    gint64      span_us;
  } spans[] = {
    { "10 s", 10 * S_US },
    { "45 s", 45 * S_US },
    { "5 min", 300 * S_US },
    { "1 h", HOUR_US },
    { "7 h", 7 * HOUR_US },
    { "1 d", DAY_US },
    { "3 d", 3 * DAY_US },
    { "2 weeks", 14 * DAY_US },
    { "2 months", 61 * DAY_US },
    { "7 months", 213 * DAY_US },
    { "2 years", 731 * DAY_US },
    { "10 years", 3653 * DAY_US },
  };
  /* Starts that cross the DST changes of 2024 in Berlin and a new year. */
  static const gint64 starts[] = {
    G_GINT64_CONSTANT (1711843200) * S_US, /* 2024-03-31 00:00 UTC */
    G_GINT64_CONSTANT (1730000000) * S_US, /* 2024-10-27 03:33 UTC */
    G_GINT64_CONSTANT (1735682000) * S_US, /* 2024-12-31 21:53 UTC */
  };
  TwinChart *chart = TWIN_CHART (twin_chart_new ());
  GtkWindow *window = show_in_window (GTK_WIDGET (chart), 1000, 300);

  for (guint w = 0; w < 2; w++)
    {
      if (w == 1)
        {
          gtk_window_set_default_size (window, 320, 300);
          gtk_widget_set_size_request (GTK_WIDGET (window), 320, 300);
          twin_app_test_pump (300);
        }
      for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
        for (guint j = 0; j < G_N_ELEMENTS (starts); j++)
          {
            g_autofree char *what = g_strdup_printf ("%s from start %u at %d px", spans[i].name, j,
                                                     gtk_widget_get_width (GTK_WIDGET (chart)));

            twin_chart_range_set (twin_chart_get_range (chart), starts[j], starts[j] + spans[i].span_us);
            assert_labels_fit (chart, what);
          }
    }

  /* Within a day, the date shows under the first tick and under midnight. */
  gtk_widget_set_size_request (GTK_WIDGET (window), 1000, 300);
  gtk_window_set_default_size (window, 1000, 300);
  twin_app_test_pump (300);
  twin_chart_range_set (twin_chart_get_range (chart), starts[2], starts[2] + 5 * HOUR_US);
  {
    g_autoptr (GPtrArray) labels = twin_chart_dup_time_labels (chart);
    g_autoptr (GPtrArray) dates = g_ptr_array_new ();

    for (guint i = 0; i < labels->len; i++)
      if (((TwinChartLabel *) g_ptr_array_index (labels, i))->row == 1)
        g_ptr_array_add (dates, ((TwinChartLabel *) g_ptr_array_index (labels, i))->text);
    g_assert_cmpuint (dates->len, ==, 2);
    g_assert_nonnull (strstr (g_ptr_array_index (dates, 0), "31"));
    g_assert_nonnull (strstr (g_ptr_array_index (dates, 0), "2024"));
    g_assert_nonnull (strstr (g_ptr_array_index (dates, 1), "2025"));
  }
  /* No time labels on a chart told not to show them. */
  twin_chart_set_show_time_labels (chart, FALSE);
  {
    g_autoptr (GPtrArray) labels = twin_chart_dup_time_labels (chart);

    g_assert_cmpuint (labels->len, ==, 0);
  }
  gtk_window_destroy (window);
}

static TwinChartSeries *
make_series (const char *name,
             const char *unit,
             gint64      from_us,
             guint       n,
             gint64      step_us,
             double      offset,
             double      amplitude)
{
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (TwinSample));
  TwinChartSeries *series;

  for (guint i = 0; i < n; i++)
    {
      TwinSample s = { from_us + (gint64) i * step_us, offset + amplitude * sin (i / 40.0) };

      g_array_append_val (samples, s);
    }
  series = twin_chart_series_new_for_samples (name, unit, samples);
  twin_chart_series_set_signal_name (series, name);
  return series;
}

static void
count_changes_cb (TwinChartRange *range,
                  guint          *count)
{
  (*count)++;
}

/* Zooming or panning one chart of a stack moves them all; only the bottom
 * one labels time; keys and the rubber band zoom; follow-live runs at ≤ 30 Hz. */
static void
test_stack_shared_range (void)
{
  TwinChartStack *stack = TWIN_CHART_STACK (twin_chart_stack_new ());
  g_autoptr (TwinChartSeries) a = make_series ("room-1.temperature", "°C", T0_US, 2000, 60 * S_US, 21, 2);
  g_autoptr (TwinChartSeries) b = make_series ("room-1.co2", "ppm", T0_US, 2000, 60 * S_US, 600, 200);
  TwinChartRange *range = twin_chart_stack_get_range (stack);
  TwinChart      *top, *bottom, *third;
  GtkWindow      *window;
  graphene_rect_t plot_top, plot_bottom;
  gint64          from, to, from2, to2;
  guint           changes = 0;

  top = twin_chart_stack_add_chart (stack);
  bottom = twin_chart_stack_add_chart (stack);
  twin_chart_stack_add_series (stack, top, a);
  twin_chart_stack_add_series (stack, bottom, b);
  window = show_in_window (GTK_WIDGET (stack), 900, 600);
  g_assert_true (twin_chart_get_range (top) == range);
  g_assert_true (twin_chart_get_range (bottom) == range);
  g_assert_false (twin_chart_get_show_time_labels (top));
  g_assert_true (twin_chart_get_show_time_labels (bottom));

  twin_chart_reset (top);
  from = twin_chart_range_get_from (range);
  to = twin_chart_range_get_to (range);
  g_assert_cmpint (from, ==, T0_US);

  /* The wheel on the top chart zooms both around the pointer's time. */
  /* The plots line up, whatever room their value axes need. */
  g_assert_true (twin_chart_get_plot_area (top, &plot_top));
  g_assert_true (twin_chart_get_plot_area (bottom, &plot_bottom));
  g_assert_true (twin_chart_get_plot_area (top, &plot_top));
  g_assert_cmpfloat (plot_top.origin.x, ==, plot_bottom.origin.x);
  g_assert_cmpfloat (plot_top.size.width, ==, plot_bottom.size.width);
  {
    double x = plot_top.origin.x + plot_top.size.width * 0.25;
    gint64 anchor = twin_chart_x_to_time (top, x);

    twin_chart_scroll_at (top, x, -1.0);
    from2 = twin_chart_range_get_from (range);
    to2 = twin_chart_range_get_to (range);
    g_assert_cmpint (to2 - from2, <, to - from);
    g_assert_cmpint (llabs (twin_chart_x_to_time (top, x) - anchor), <=, 2 * (to - from) / (gint64) plot_top.size.width);
    g_assert_cmpfloat_with_epsilon (twin_chart_time_to_x (bottom, anchor), twin_chart_time_to_x (top, anchor), 1e-6);
  }
  /* A drag on the bottom one pans both: to the right shows earlier times. */
  twin_chart_pan_by (bottom, 100);
  g_assert_cmpint (twin_chart_range_get_from (range), <, from2);
  g_assert_cmpint (twin_chart_range_get_to (range) - twin_chart_range_get_from (range), ==, to2 - from2);

  /* Keys: + zooms in, Home resets, arrows pan. */
  from2 = twin_chart_range_get_from (range);
  to2 = twin_chart_range_get_to (range);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (top), "chart.zoom-in", NULL));
  g_assert_cmpint (twin_chart_range_get_to (range) - twin_chart_range_get_from (range), <, to2 - from2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (top), "chart.pan-right", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bottom), "chart.reset", NULL));
  g_assert_cmpint (twin_chart_range_get_from (range), ==, from);
  g_assert_cmpint (twin_chart_range_get_to (range), ==, to);

  /* A rubber band from a quarter to the half of the plot. */
  twin_chart_zoom_to_span (bottom, plot_bottom.origin.x + plot_bottom.size.width * 0.25,
                           plot_bottom.origin.x + plot_bottom.size.width * 0.5);
  g_assert_cmpint (llabs ((twin_chart_range_get_to (range) - twin_chart_range_get_from (range)) - (to - from) / 4), <,
                   (to - from) / 100);
  twin_app_test_save_screenshot (GTK_WIDGET (stack), "chart-stack-zoomed");

  /* A third chart at the top; then it moves to the bottom and labels time. */
  third = twin_chart_stack_insert_chart (stack, 0);
  g_assert_true (twin_chart_stack_get_chart (stack, 0) == third);
  g_assert_true (twin_chart_get_range (third) == range);
  g_assert_false (twin_chart_get_show_time_labels (third));
  twin_chart_stack_move_chart (stack, third, 5);
  g_assert_true (twin_chart_stack_get_chart (stack, 2) == third);
  g_assert_true (gtk_widget_get_last_child (GTK_WIDGET (stack)) == GTK_WIDGET (third));
  g_assert_true (twin_chart_get_show_time_labels (third));
  g_assert_false (twin_chart_get_show_time_labels (bottom));
  twin_chart_stack_remove_chart (stack, third);
  g_assert_cmpuint (twin_chart_stack_get_n_charts (stack), ==, 2);
  g_assert_true (twin_chart_get_show_time_labels (bottom));

  /* Follow-live slides the shared range to now, at most 30 times a second. */
  g_signal_connect (range, "changed", G_CALLBACK (count_changes_cb), &changes);
  twin_chart_set_follow_live (top, TRUE);
  g_assert_true (twin_chart_get_follow_live (bottom));
  changes = 0;
  twin_app_test_pump (1000);
  g_assert_cmpint (llabs (twin_chart_range_get_to (range) - g_get_real_time ()), <, S_US / 5);
  g_test_message ("follow-live moved the range %u times in 1 s", changes);
  g_assert_cmpuint (changes, >=, 5);
  g_assert_cmpuint (changes, <=, 31);
  /* A pan leaves follow-live mode, for every chart. */
  twin_chart_pan_by (top, 10);
  g_assert_false (twin_chart_get_follow_live (bottom));
  changes = 0;
  twin_app_test_pump (200);
  g_assert_cmpuint (changes, ==, 0);
  g_signal_handlers_disconnect_by_func (range, count_changes_cb, &changes);

  gtk_window_destroy (window);
}

/* The readout shows each visible series' sample at the cursor, exactly what sample_at answers. */
static void
test_cursor_readout (void)
{
  TwinChart *chart = TWIN_CHART (twin_chart_new ());
  g_autoptr (TwinChartSeries) a = make_series ("supply", "°C", T0_US, 500, 60 * S_US, 30, 5);
  g_autoptr (TwinChartSeries) b = make_series ("valve", "%", T0_US + 30 * S_US, 500, 60 * S_US, 50, 40);
  GtkWindow       *window;
  TwinSample       expected, shown;
  gint64           cursor;
  g_autofree char *text = NULL;
  g_autofree char *value_text = NULL;

  twin_chart_add_series (chart, a);
  twin_chart_add_series (chart, b);
  window = show_in_window (GTK_WIDGET (chart), 800, 360);
  twin_chart_reset (chart);

  g_assert_null (twin_chart_dup_readout_text (chart));
  cursor = T0_US + 123 * 60 * S_US + 17 * S_US;
  twin_chart_set_cursor (chart, cursor);
  {
    gint64 t;

    g_assert_true (twin_chart_get_cursor (chart, &t));
    g_assert_cmpint (t, ==, cursor);
  }
  g_assert_true (twin_chart_series_sample_at (a, cursor, &expected));
  g_assert_cmpint (expected.t_us, ==, T0_US + 123 * 60 * S_US);
  g_assert_true (twin_chart_read_cursor (chart, a, &shown));
  g_assert_cmpint (shown.t_us, ==, expected.t_us);
  g_assert_cmpfloat (shown.value, ==, expected.value);
  g_assert_true (twin_chart_read_cursor (chart, b, &shown));
  g_assert_true (twin_chart_series_sample_at (b, cursor, &expected));
  g_assert_cmpfloat (shown.value, ==, expected.value);

  text = twin_chart_dup_readout_text (chart);
  value_text = g_strdup_printf ("%.6g", expected.value);
  g_assert_nonnull (strstr (text, "supply: "));
  g_assert_nonnull (strstr (text, value_text));
  g_assert_nonnull (strstr (text, "valve: "));
  twin_app_test_save_screenshot (GTK_WIDGET (chart), "chart-cursor");

  /* Before the first sample there is nothing to read. */
  twin_chart_set_cursor (chart, T0_US - S_US);
  g_assert_false (twin_chart_read_cursor (chart, a, &shown));

  /* Pointer motion over the plot moves the cursor; leaving clears it. */
  {
    graphene_rect_t plot;
    gint64          t;

    g_assert_true (twin_chart_get_plot_area (chart, &plot));
    twin_chart_clear_cursor (chart);
    g_assert_false (twin_chart_get_cursor (chart, NULL));
    g_object_set (chart, "cursor-us", cursor, NULL);
    g_assert_true (twin_chart_get_cursor (chart, &t));
    g_assert_cmpint (t, ==, cursor);
  }
  gtk_window_destroy (window);
}

/* A legend toggle hides its series: no band, no readout, no axis of its own. */
static void
test_legend_toggle (void)
{
  TwinChart *chart = TWIN_CHART (twin_chart_new ());
  g_autoptr (TwinChartSeries) a = make_series ("temperature", "°C", T0_US, 300, 60 * S_US, 21, 2);
  g_autoptr (TwinChartSeries) b = make_series ("co2", "ppm", T0_US, 300, 60 * S_US, 600, 100);
  GtkToggleButton *toggle;
  GtkWindow       *window;
  TwinSample       sample;
  double           min, max;

  twin_chart_add_series (chart, a);
  twin_chart_add_series (chart, b);
  window = show_in_window (GTK_WIDGET (chart), 800, 360);
  twin_chart_reset (chart);
  twin_chart_set_cursor (chart, T0_US + 100 * 60 * S_US);
  g_assert_true (twin_chart_get_value_range (chart, "ppm", &min, &max));
  g_assert_true (twin_chart_get_drawn_extremes (chart, b, &min, &max));

  toggle = twin_chart_get_legend_toggle (chart, b);
  g_assert_nonnull (toggle);
  g_assert_true (gtk_toggle_button_get_active (toggle));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (toggle)));
  gtk_widget_activate (GTK_WIDGET (toggle));
  for (guint i = 0; i < 100 && twin_chart_series_get_visible (b); i++)
    twin_app_test_pump (10);
  g_assert_false (twin_chart_series_get_visible (b));
  g_assert_false (twin_chart_get_drawn_extremes (chart, b, &min, &max));
  g_assert_false (twin_chart_get_value_range (chart, "ppm", &min, &max));
  g_assert_false (twin_chart_read_cursor (chart, b, &sample));
  g_assert_true (twin_chart_read_cursor (chart, a, &sample));
  {
    g_autofree char *text = twin_chart_dup_readout_text (chart);

    g_assert_null (strstr (text, "co2"));
    g_assert_nonnull (strstr (text, "temperature"));
  }
  twin_app_test_save_screenshot (GTK_WIDGET (chart), "chart-legend-hidden");

  /* And back. */
  gtk_widget_activate (GTK_WIDGET (toggle));
  for (guint i = 0; i < 100 && !twin_chart_series_get_visible (b); i++)
    twin_app_test_pump (10);
  g_assert_true (twin_chart_series_get_visible (b));
  g_assert_true (twin_chart_get_value_range (chart, "ppm", &min, &max));

  /* Removing a series takes its legend entry away. */
  twin_chart_remove_series (chart, b);
  g_assert_null (twin_chart_get_legend_toggle (chart, b));
  g_assert_cmpuint (twin_chart_get_n_series (chart), ==, 1);
  gtk_window_destroy (window);
}

static TwinChartSeries *
resolve_cb (const char *signal_name,
            gpointer    data)
{
  guint *n_resolved = data;

  if (g_str_equal (signal_name, "gone"))
    return NULL;
  (*n_resolved)++;
  return make_series (signal_name, "°C", T0_US, 100, 60 * S_US, 20, 1);
}

static void
dropped_cb (TwinChartStack *stack,
            TwinChart      *chart,
            const char     *text,
            char          **out)
{
  g_free (*out);
  *out = g_strdup_printf ("%u:%s", twin_chart_stack_get_chart (stack, 1) == chart ? 1 : 0, text);
}

/* The layout goes to JSON and back unchanged; a bad layout changes nothing;
 * a dropped signal reaches the window through ::series-dropped. */
static void
test_layout_round_trip (void)
{
  TwinChartStack *stack = TWIN_CHART_STACK (g_object_ref_sink (twin_chart_stack_new ()));
  TwinChartStack *copy = TWIN_CHART_STACK (g_object_ref_sink (twin_chart_stack_new ()));
  g_autoptr (TwinChartSeries) a = make_series ("room-1.temperature", "°C", T0_US, 100, 60 * S_US, 20, 1);
  g_autoptr (TwinChartSeries) b = make_series ("room-1.temperature.sim", "°C", T0_US, 100, 60 * S_US, 20, 1);
  g_autoptr (TwinChartSeries) c = make_series ("room-2.co2", "ppm", T0_US, 100, 60 * S_US, 600, 50);
  g_autoptr (TwinChartSeries) unnamed = twin_chart_series_new ("scratch", "");
  g_autoptr (GError) error = NULL;
  g_autofree char         *json = NULL;
  g_autofree char         *again = NULL;
  g_autofree char         *dropped = NULL;
  GdkRGBA                  color;
  guint                    n_resolved = 0;
  static const char *const bad[] = {
    "not json",
    "[1, 2]",
    "{\"version\": 2, \"range\": {\"from_us\": 0, \"to_us\": 10}, \"charts\": []}",
    "{\"version\": 1, \"charts\": []}",
    "{\"version\": 1, \"range\": {\"from_us\": 10, \"to_us\": 10}, \"charts\": []}",
    "{\"version\": 1, \"range\": {\"from_us\": 0, \"to_us\": 10}, \"charts\": [{\"series\": [{\"visible\": true}]}]}",
    "{\"version\": 1, \"range\": {\"from_us\": 0, \"to_us\": 10}, \"charts\": [{\"series\": [{\"signal\": \"x\", "
    "\"style\": \"wavy\"}]}]}",
    "{\"version\": 1, \"range\": {\"from_us\": 0, \"to_us\": 10}, \"charts\": [{\"series\": [{\"signal\": \"x\", "
    "\"color\": \"no colour\"}]}]}",
    "{\"version\": 1, \"range\": {\"from_us\": 0, \"to_us\": 10.5}, \"charts\": []}",
  };

  twin_chart_stack_add_chart (stack);
  twin_chart_stack_add_chart (stack);
  twin_chart_stack_add_series (stack, twin_chart_stack_get_chart (stack, 0), a);
  twin_chart_series_set_style (b, TWIN_CHART_SERIES_DASHED);
  gdk_rgba_parse (&color, "#336699");
  twin_chart_series_set_color (b, &color);
  twin_chart_stack_add_series (stack, twin_chart_stack_get_chart (stack, 0), b);
  twin_chart_series_set_visible (c, FALSE);
  twin_chart_stack_add_series (stack, twin_chart_stack_get_chart (stack, 1), c);
  twin_chart_stack_add_series (stack, twin_chart_stack_get_chart (stack, 1), unnamed);
  twin_chart_range_set (twin_chart_stack_get_range (stack), T0_US + 5 * S_US, T0_US + DAY_US);

  json = twin_chart_stack_dup_layout (stack);
  g_test_message ("%s", json);
  g_assert_nonnull (strstr (json, "room-1.temperature.sim"));
  g_assert_null (strstr (json, "scratch"));
  g_assert_true (twin_chart_stack_load_layout (copy, json, resolve_cb, &n_resolved, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_resolved, ==, 3);
  g_assert_cmpuint (twin_chart_stack_get_n_charts (copy), ==, 2);
  g_assert_cmpint (twin_chart_range_get_from (twin_chart_stack_get_range (copy)), ==, T0_US + 5 * S_US);
  g_assert_cmpint (twin_chart_range_get_to (twin_chart_stack_get_range (copy)), ==, T0_US + DAY_US);
  {
    TwinChartSeries *sim = twin_chart_get_series (twin_chart_stack_get_chart (copy, 0), 1);
    GdkRGBA          loaded;

    g_assert_cmpstr (twin_chart_series_get_signal_name (sim), ==, "room-1.temperature.sim");
    g_assert_cmpint (twin_chart_series_get_style (sim), ==, TWIN_CHART_SERIES_DASHED);
    g_assert_true (twin_chart_series_get_color (sim, &loaded));
    g_assert_true (gdk_rgba_equal (&loaded, &color));
    g_assert_false (twin_chart_series_get_visible (twin_chart_get_series (twin_chart_stack_get_chart (copy, 1), 0)));
  }
  again = twin_chart_stack_dup_layout (copy);
  g_assert_cmpstr (again, ==, json);

  /* Follow-live survives the trip. */
  twin_chart_range_set_follow_live (twin_chart_stack_get_range (stack), TRUE);
  g_clear_pointer (&json, g_free);
  json = twin_chart_stack_dup_layout (stack);
  g_assert_true (twin_chart_stack_load_layout (copy, json, resolve_cb, &n_resolved, &error));
  g_assert_true (twin_chart_range_get_follow_live (twin_chart_stack_get_range (copy)));
  g_assert_cmpint (llabs (twin_chart_range_get_to (twin_chart_stack_get_range (copy)) - g_get_real_time ()), <, S_US);

  /* Bad layouts are refused with a reason and change nothing. */
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) bad_error = NULL;

      g_assert_false (twin_chart_stack_load_layout (copy, bad[i], resolve_cb, &n_resolved, &bad_error));
      g_assert_error (bad_error, TWIN_CHART_ERROR, TWIN_CHART_ERROR_LAYOUT);
      g_test_message ("%s", bad_error->message);
      g_assert_cmpuint (twin_chart_stack_get_n_charts (copy), ==, 2);
    }
  /* A signal that is gone is left out. */
  g_assert_true (twin_chart_stack_load_layout (
    copy, "{\"version\": 1, \"range\": {\"from_us\": 0, \"to_us\": 10000000}, \"charts\": [{\"series\": "
          "[{\"signal\": \"gone\"}, {\"signal\": \"here\"}]}]}",
    resolve_cb, &n_resolved, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (twin_chart_get_n_series (twin_chart_stack_get_chart (copy, 0)), ==, 1);

  /* Drops: a signal or parameter is announced; other text is refused. */
  g_signal_connect (stack, "series-dropped", G_CALLBACK (dropped_cb), &dropped);
  g_assert_true (twin_chart_stack_drop_text (stack, twin_chart_stack_get_chart (stack, 1), "twin-signal:room-3.rh"));
  g_assert_cmpstr (dropped, ==, "1:twin-signal:room-3.rh");
  g_assert_true (twin_chart_stack_drop_text (stack, twin_chart_stack_get_chart (stack, 0), "twin-parameter:/a/b.c"));
  g_assert_cmpstr (dropped, ==, "0:twin-parameter:/a/b.c");
  g_assert_false (twin_chart_stack_drop_text (stack, twin_chart_stack_get_chart (stack, 0), "twin-type:resistor"));
  g_assert_false (twin_chart_stack_drop_text (stack, twin_chart_stack_get_chart (stack, 0), "twin-signal:"));
  g_assert_false (twin_chart_stack_drop_text (stack, twin_chart_stack_get_chart (copy, 0), "twin-signal:x"));
  g_assert_cmpstr (dropped, ==, "0:twin-parameter:/a/b.c");

  g_object_unref (copy);
  g_object_unref (stack);
}

typedef struct
{
  guint  calls;
  guint  n_series;
  gint64 from_us;
  gint64 to_us;
} CsvCall;

static gboolean
csv_cb (TwinChart  *chart,
        GPtrArray  *series,
        gint64      from_us,
        gint64      to_us,
        const char *path,
        gpointer    data,
        GError    **error)
{
  CsvCall *call = data;

  call->calls++;
  call->n_series = series->len;
  call->from_us = from_us;
  call->to_us = to_us;
  return g_file_set_contents (path, "t,value\n", -1, error);
}

static void
start_element_cb (GMarkupParseContext *context,
                  const char          *element,
                  const char         **names,
                  const char         **values,
                  gpointer             data,
                  GError             **error)
{
  char **root = data;

  if (*root == NULL)
    *root = g_strdup (element);
}

/* PNG and SVG exports write files of the asked size; SVG is well-formed XML;
 * CSV goes through the owner's exporter, with the visible series and range. */
static void
test_export (void)
{
  TwinChart *chart = TWIN_CHART (g_object_ref_sink (twin_chart_new ()));
  g_autoptr (TwinChartSeries) a = make_series ("supply", "°C", T0_US, 500, 60 * S_US, 30, 5);
  g_autoptr (TwinChartSeries) b = make_series ("valve", "%", T0_US, 500, 60 * S_US, 50, 40);
  g_autofree char *png = twin_test_tmp_path ("chart.png");
  g_autofree char *svg = twin_test_tmp_path ("chart.svg");
  g_autofree char *csv = twin_test_tmp_path ("chart.csv");
  g_autofree char *nowhere = twin_test_tmp_path ("no/such/folder/chart.png");
  g_autofree char *svg_text = NULL;
  g_autofree char *root = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GFile) file = NULL;
  GMarkupParser        parser = { start_element_cb, NULL, NULL, NULL, NULL };
  GMarkupParseContext *context;
  CsvCall              call = { 0 };

  twin_chart_add_series (chart, a);
  twin_chart_add_series (chart, b);
  twin_chart_reset (chart);
  twin_chart_add_threshold (chart, "°C", 33.0, "High", NULL);
  twin_chart_add_marker (chart, T0_US + 200 * 60 * S_US, "Pump trip", NULL);

  g_assert_true (twin_chart_export_png (chart, png, 1024, 480, &error));
  g_assert_no_error (error);
  file = g_file_new_for_path (png);
  texture = gdk_texture_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 1024);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 480);

  g_assert_true (twin_chart_export_svg (chart, svg, 800, 400, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &svg_text, NULL, &error));
  context = g_markup_parse_context_new (&parser, 0, &root, NULL);
  g_assert_true (g_markup_parse_context_parse (context, svg_text, -1, &error) &&
                 g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (context);
  g_assert_cmpstr (root, ==, "svg");
  g_assert_nonnull (strstr (svg_text, "width=\"800"));

  /* A folder that does not exist. */
  g_assert_false (twin_chart_export_png (chart, nowhere, 100, 100, &error));
  g_assert_error (error, TWIN_CHART_ERROR, TWIN_CHART_ERROR_EXPORT);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (twin_chart_export_svg (chart, nowhere, 100, 100, &error));
  g_assert_error (error, TWIN_CHART_ERROR, TWIN_CHART_ERROR_EXPORT);
  g_clear_error (&error);

  /* CSV: an error without an exporter, then the visible series through it. */
  g_assert_false (twin_chart_export_csv (chart, csv, &error));
  g_assert_error (error, TWIN_CHART_ERROR, TWIN_CHART_ERROR_NO_EXPORTER);
  g_clear_error (&error);
  g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
  twin_chart_set_csv_exporter (chart, csv_cb, &call, NULL);
  twin_chart_series_set_visible (b, FALSE);
  g_assert_true (twin_chart_export_csv (chart, csv, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (call.calls, ==, 1);
  g_assert_cmpuint (call.n_series, ==, 1);
  g_assert_cmpint (call.from_us, ==, twin_chart_range_get_from (twin_chart_get_range (chart)));
  g_assert_cmpint (call.to_us, ==, twin_chart_range_get_to (twin_chart_get_range (chart)));
  g_assert_true (g_file_test (csv, G_FILE_TEST_EXISTS));

  g_object_unref (chart);
}

/* A series on a real historian file answers through its rollups. */
static void
test_historian_series (void)
{
  g_autofree char *path = twin_test_tmp_path ("history.dtwin");
  g_autoptr (TwinEntity) root = twin_entity_new ("a1000000-0000-4000-8000-000000000001", "system", "Plant");
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (TwinChartSeries) series = NULL;
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (TwinSample));
  g_autoptr (GError) error = NULL;
  TwinChart *chart = TWIN_CHART (twin_chart_new ());
  GtkWindow *window;
  TwinSample sample;
  gint64     id, first, last;
  double     min, max;

  store = twin_store_create (path, root, &error);
  g_assert_no_error (error);
  twin_store_close (store);
  historian = twin_historian_open (path, FALSE, &error);
  g_assert_no_error (error);
  id = twin_historian_ensure_signal (historian, "boiler.temperature", "°C", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 20000; i++)
    {
      TwinSample s = { T0_US + (gint64) i * 15 * S_US, 60.0 + 5 * sin (i / 300.0) };

      if (i == 12345)
        s.value = 95.0;
      g_array_append_val (samples, s);
    }
  g_assert_true (twin_historian_append (historian, id, (TwinSample *) (gpointer) samples->data, samples->len, &error));
  g_assert_no_error (error);

  series = twin_chart_series_new_for_historian (historian, id, "boiler.temperature", "°C");
  g_assert_cmpstr (twin_chart_series_get_signal_name (series), ==, "boiler.temperature");
  g_assert_true (twin_chart_series_get_extent (series, &first, &last));
  g_assert_cmpint (first, ==, T0_US);
  g_assert_cmpint (last, ==, T0_US + 19999 * 15 * S_US);
  g_assert_true (twin_chart_series_sample_at (series, T0_US + 12345 * 15 * S_US + 3, &sample));
  g_assert_cmpfloat (sample.value, ==, 95.0);

  twin_chart_add_series (chart, series);
  window = show_in_window (GTK_WIDGET (chart), 800, 300);
  twin_chart_reset (chart);
  g_assert_true (twin_chart_get_drawn_extremes (chart, series, &min, &max));
  g_assert_cmpfloat (max, ==, 95.0);
  g_assert_cmpfloat_with_epsilon (min, 55.0, 0.01);
  gtk_window_destroy (window);
}

/* The occupancy data set's temperature and CO2, when ../shared/data has it. */
static gboolean
load_occupancy (GArray *temperature,
                GArray *co2)
{
  g_autofree char *path = twin_test_shared_data ("sensors", "occupancy", "datatest.txt", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GTimeZone) zone = g_time_zone_new_utc ();
  g_auto (GStrv) lines = NULL;

  if (path == NULL || !g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);
  /* "row","2015-02-02 14:19:00",Temperature,Humidity,Light,CO2,HumidityRatio,Occupancy */
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto (GStrv) fields = g_strsplit (g_strstrip (lines[i]), ",", -1);
      g_autoptr (GDateTime) t = NULL;
      char *stamp;

      if (g_strv_length (fields) < 6)
        continue;
      stamp = g_strdelimit (g_strstrip (fields[1]), "\"", ' ');
      stamp = g_strdelimit (g_strstrip (stamp), " ", 'T');
      t = g_date_time_new_from_iso8601 (stamp, zone);
      if (t == NULL)
        continue;
      g_array_append_vals (temperature,
                           &(TwinSample){ g_date_time_to_unix (t) * S_US, g_ascii_strtod (fields[2], NULL) }, 1);
      g_array_append_vals (co2, &(TwinSample){ g_date_time_to_unix (t) * S_US, g_ascii_strtod (fields[5], NULL) }, 1);
    }
  return temperature->len > 100;
}

/* A stacked pair of charts as a person sees them: real sensor data when
 * present, a second run dashed, a threshold, an event and a forecast band. */
static void
test_screenshots (void)
{
  TwinChartStack *stack = TWIN_CHART_STACK (twin_chart_stack_new ());
  g_autoptr (GArray) temperature = g_array_new (FALSE, FALSE, sizeof (TwinSample));
  g_autoptr (GArray) co2 = g_array_new (FALSE, FALSE, sizeof (TwinSample));
  g_autoptr (GArray) simulated = g_array_new (FALSE, FALSE, sizeof (TwinSample));
  g_autoptr (GArray) lower = g_array_new (FALSE, FALSE, sizeof (TwinSample));
  g_autoptr (GArray) upper = g_array_new (FALSE, FALSE, sizeof (TwinSample));
  g_autoptr (TwinChartSeries) t_series = NULL;
  g_autoptr (TwinChartSeries) co2_series = NULL;
  g_autoptr (TwinChartSeries) sim_series = NULL;
  g_autoptr (TwinChartSeries) low_series = NULL;
  g_autoptr (TwinChartSeries) high_series = NULL;
  TwinChart *top, *bottom;
  GtkWindow *window;
  TwinSample last, shown;
  gint64     first_us, last_us;

  if (!load_occupancy (temperature, co2))
    {
      g_test_message ("no occupancy data set: drawing made-up data");
      g_array_set_size (temperature, 0);
      g_array_set_size (co2, 0);
      for (guint i = 0; i < 3000; i++)
        {
          gint64 t = T0_US + (gint64) i * 60 * S_US;

          g_array_append_vals (temperature, &(TwinSample){ t, 21 + 1.5 * sin (i / 200.0) }, 1);
          g_array_append_vals (co2, &(TwinSample){ t, 550 + 300 * MAX (0, sin (i / 150.0)) }, 1);
        }
    }
  /* A "simulated" second run: the measured temperature smoothed and biased. */
  for (guint i = 0; i < temperature->len; i += 10)
    {
      TwinSample s = g_array_index (temperature, TwinSample, i);

      s.value += 0.3;
      g_array_append_val (simulated, s);
    }
  /* A forecast band over the last quarter. */
  for (guint i = temperature->len * 3 / 4; i < temperature->len; i += 10)
    {
      TwinSample s = g_array_index (temperature, TwinSample, i);
      double     spread = 0.2 + 0.8 * (i - temperature->len * 3.0 / 4) / temperature->len;

      g_array_append_vals (lower, &(TwinSample){ s.t_us, s.value - spread }, 1);
      g_array_append_vals (upper, &(TwinSample){ s.t_us, s.value + spread }, 1);
    }

  t_series = twin_chart_series_new_for_samples ("Temperature", "°C", temperature);
  co2_series = twin_chart_series_new_for_samples ("CO₂", "ppm", co2);
  sim_series = twin_chart_series_new_for_samples ("Temperature (simulated)", "°C", simulated);
  twin_chart_series_set_style (sim_series, TWIN_CHART_SERIES_DASHED);
  low_series = twin_chart_series_new_for_samples ("low", "°C", lower);
  high_series = twin_chart_series_new_for_samples ("high", "°C", upper);

  top = twin_chart_stack_add_chart (stack);
  bottom = twin_chart_stack_add_chart (stack);
  twin_chart_stack_add_series (stack, top, t_series);
  twin_chart_stack_add_series (stack, top, sim_series);
  twin_chart_set_forecast (top, low_series, high_series, NULL);
  twin_chart_add_threshold (top, "°C", 23.5, "Comfort limit", NULL);
  twin_chart_stack_add_series (stack, bottom, co2_series);
  twin_chart_add_threshold (bottom, "ppm", 1000, "CO₂ limit", NULL);
  g_assert_true (twin_chart_series_get_extent (t_series, &first_us, &last_us));
  twin_chart_add_marker (bottom, first_us + (last_us - first_us) / 3, "Window opened", NULL);

  window = show_in_window (GTK_WIDGET (stack), 1100, 700);
  twin_chart_reset (bottom);
  twin_chart_set_cursor (top, first_us + (last_us - first_us) / 2);
  twin_chart_set_cursor (bottom, first_us + (last_us - first_us) / 2);
  twin_app_test_save_screenshot (GTK_WIDGET (window), "chart-stack-full");

  /* The cursor reads the real data. */
  g_assert_true (twin_chart_read_cursor (bottom, co2_series, &shown));
  g_assert_true (twin_chart_series_sample_at (co2_series, first_us + (last_us - first_us) / 2, &last));
  g_assert_cmpfloat (shown.value, ==, last.value);

  /* Zoomed on a tenth around the cursor, both charts follow. */
  twin_chart_zoom_at (top, 0.1, twin_chart_time_to_x (top, first_us + (last_us - first_us) / 2));
  g_assert_cmpint (twin_chart_range_get_to (twin_chart_get_range (bottom)) -
                     twin_chart_range_get_from (twin_chart_get_range (bottom)),
                   <, (last_us - first_us) / 5);
  twin_app_test_save_screenshot (GTK_WIDGET (window), "chart-stack-zoomed-in");
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  /* Ticks are in local time: pin a zone with DST so the tests cross its changes. */
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }

  /* The app's style sheet, as the application loads it. */
  {
    g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, RESOURCE_BASE "/ui/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add_func ("/app/chart/bucket-samples", test_bucket_samples);
  g_test_add_func ("/app/chart/spike-every-zoom", test_spike_every_zoom);
  g_test_add_func ("/app/chart/time-ticks", test_time_ticks);
  g_test_add_func ("/app/chart/stack-shared-range", test_stack_shared_range);
  g_test_add_func ("/app/chart/cursor-readout", test_cursor_readout);
  g_test_add_func ("/app/chart/legend-toggle", test_legend_toggle);
  g_test_add_func ("/app/chart/layout-round-trip", test_layout_round_trip);
  g_test_add_func ("/app/chart/export", test_export);
  g_test_add_func ("/app/chart/historian-series", test_historian_series);
  g_test_add_func ("/app/chart/screenshots", test_screenshots);

  return g_test_run ();
}
