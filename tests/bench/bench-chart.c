/* bench-chart.c: how long a trend chart takes to draw a frame of a long history, against a bare cairo polyline.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A project holds one signal of N samples a second apart (TWIN_BENCH_CHART_SAMPLES,
 * 10 million by default: 116 days) with noise and rare spikes. A TwinChart of
 * that signal draws frames of 1600 × 400 pixels with twin_chart_draw() into a
 * cairo image surface: the whole range, then 50 pans of a 1 % window across it
 * (each a new query of the historian, about one bucket per pixel, and a full
 * draw: axes, ticks, the min/max band and the mean line). The raw limit, in
 * the same run, is the least a chart must do per frame: a bare cairo polyline
 * and band of 1600 points on the same surface, from data already in memory.
 * Printed: the median frame times and their ratio.
 *
 * Needs a display for GTK's text layout: `./dev bench` runs it under Xvfb.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>

#include "twin-chart.h"
#include "twin-core.h"
#include "twin-test-util.h"

#define WIDTH 1600
#define HEIGHT 400
#define N_PANS 50

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* The raw limit: a band and a line through WIDTH points. */
static void
draw_bare (cairo_t      *cr,
           const double *lo,
           const double *hi,
           const double *mid)
{
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_move_to (cr, 0, hi[0]);
  for (int x = 1; x < WIDTH; x++)
    cairo_line_to (cr, x, hi[x]);
  for (int x = WIDTH - 1; x >= 0; x--)
    cairo_line_to (cr, x, lo[x]);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, 0.2, 0.4, 0.9, 0.3);
  cairo_fill (cr);
  cairo_move_to (cr, 0, mid[0]);
  for (int x = 1; x < WIDTH; x++)
    cairo_line_to (cr, x, mid[x]);
  cairo_set_source_rgb (cr, 0.2, 0.4, 0.9);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-chart-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "chart.dtwin", NULL);
  const char      *env = g_getenv ("TWIN_BENCH_CHART_SAMPLES");
  gint64           n_samples = env != NULL ? g_ascii_strtoll (env, NULL, 10) : 10000000;
  const gint64     start_us = (gint64) 1700000000 * G_USEC_PER_SEC;
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinEntity) root = NULL;
  g_autoptr (GArray) chart_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) bare_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree double     *lo = g_new (double, WIDTH);
  g_autofree double     *hi = g_new (double, WIDTH);
  g_autofree double     *mid = g_new (double, WIDTH);
  g_autofree TwinSample *batch = g_new (TwinSample, 100000);
  TwinChartSeries       *series;
  GtkWidget             *chart;
  GtkWidget             *window;
  cairo_surface_t       *surface;
  cairo_t               *cr;
  gint64                 signal;
  gint64                 span_us;
  double                 t0, first_ms, chart_median, bare_median;
  guint32                seed = 7;

  if (!gtk_init_check ())
    {
      g_print ("bench-chart: no display; run it through ./dev bench\n");
      return 0;
    }

  /* The project and its history. */
  root = twin_entity_new (NULL, "system", "Bench");
  store = twin_store_create (path, root, &error);
  g_assert_no_error (error);
  historian = twin_historian_open (path, FALSE, &error);
  g_assert_no_error (error);
  signal = twin_historian_ensure_signal (historian, "bench/value", "°C", &error);
  g_assert_no_error (error);
  t0 = now_ms ();
  for (gint64 i = 0; i < n_samples;)
    {
      gsize n = 0;

      g_assert_true (twin_historian_begin (historian, &error));
      for (; n < 100000 && i < n_samples; n++, i++)
        {
          seed = seed * 1664525u + 1013904223u;
          batch[n].t_us = start_us + i * G_USEC_PER_SEC;
          batch[n].value = 20.0 + 5.0 * sin (i / 43200.0 * G_PI) + (seed >> 8) / 16777216.0 +
                           ((seed & 0xffff) == 7 ? 30.0 : 0.0);
        }
      g_assert_true (twin_historian_append (historian, signal, batch, n, &error));
      g_assert_true (twin_historian_commit (historian, &error));
      g_assert_no_error (error);
    }
  g_print ("bench-chart: %" G_GINT64_FORMAT " samples generated in %.1f s\n", n_samples, (now_ms () - t0) / 1000.0);

  /* A chart in a window (for its style and fonts), drawn into an image. */
  window = gtk_window_new ();
  chart = twin_chart_new ();
  gtk_window_set_child (GTK_WINDOW (window), chart);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  series = twin_chart_series_new_for_historian (historian, signal, "bench/value", "°C");
  twin_chart_add_series (TWIN_CHART (chart), series);
  g_object_unref (series);
  gtk_window_present (GTK_WINDOW (window));
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cr = cairo_create (surface);
  twin_chart_reset (TWIN_CHART (chart));
  t0 = now_ms ();
  twin_chart_draw (TWIN_CHART (chart), cr, WIDTH, HEIGHT);
  first_ms = now_ms () - t0;

  span_us = n_samples * G_USEC_PER_SEC / 100;
  for (int i = 0; i < N_PANS; i++)
    {
      gint64 from = start_us + (gint64) ((n_samples * G_USEC_PER_SEC - span_us) * (double) i / N_PANS);
      double ms;

      twin_chart_range_set (twin_chart_get_range (TWIN_CHART (chart)), from, from + span_us);
      t0 = now_ms ();
      twin_chart_draw (TWIN_CHART (chart), cr, WIDTH, HEIGHT);
      ms = now_ms () - t0;
      g_array_append_val (chart_ms, ms);
    }

  for (int x = 0; x < WIDTH; x++)
    {
      mid[x] = HEIGHT / 2.0 + 100.0 * sin (x / 80.0);
      lo[x] = mid[x] + 10.0;
      hi[x] = mid[x] - 10.0;
    }
  for (int i = 0; i < N_PANS; i++)
    {
      double ms;

      t0 = now_ms ();
      draw_bare (cr, lo, hi, mid);
      cairo_surface_flush (surface);
      ms = now_ms () - t0;
      g_array_append_val (bare_ms, ms);
    }

  chart_median = median (chart_ms);
  bare_median = median (bare_ms);
  g_print ("chart frame        %" G_GINT64_FORMAT " samples, %d × %d px: whole range %.2f ms; 1%% window panned: "
           "median %.2f ms; bare cairo band and line %.2f ms; ratio %.1f\n",
           n_samples, WIDTH, HEIGHT, first_ms, chart_median, bare_median, chart_median / MAX (bare_median, 1e-3));

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&historian);
  g_clear_object (&store);
  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

        g_remove (file);
      }
    g_rmdir (dir);
  }
  return 0;
}
