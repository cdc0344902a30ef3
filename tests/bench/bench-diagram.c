/* bench-diagram.c: how fast the diagram editor opens and pans a level of 5 000 blocks and 6 000 wires.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A twin whose root holds 5 000 two-port components in a 100 × 50 grid,
 * wired in rows and partly in columns (6 000 connections), is built with the
 * core's detached builders and shown in a TwinDiagramView in a 1280 × 800
 * window. Measured with the window's frame clock: the time from presenting
 * the window to the end of the first frame that drew the diagram, and over
 * 100 pan steps the mean time from a pan to the end of the frame showing it
 * ("interval", which the frame clock paces) and the mean work inside a frame
 * (before-paint to after-paint: layout, snapshot, GSK rendering). The raw
 * limit, measured in the same run, is an empty widget's frame. Cases: the
 * stored layout at 100 % (a working zoom), the whole level fitted in the
 * window (every block drawn, details left out), and a level with no stored
 * positions (the automatic layout runs before the first frame).
 *
 * Needs a display: `./dev bench` runs it under xvfb-run. Without one it
 * says so and does nothing.
 */

#include "config.h"

#include <gtk/gtk.h>

#include "twin-diagram-scene.h"
#include "twin-diagram-view.h"

#define N_COLUMNS 100
#define N_ROWS 50
#define N_BLOCKS (N_COLUMNS * N_ROWS)
#define N_WIRES 6000
#define N_PAN_STEPS 100
#define PAN_STEP_PX 15.0

typedef struct
{
  gint64 before_us;
  gint64 last_after_us;
  double work_ms_sum;
  guint  n_frames;
} Probe;

typedef struct
{
  double first_frame_ms;
  double interval_ms;
  double work_ms;
} Figures;

typedef void (*PanFunc) (GtkWidget *widget,
                         double     dx,
                         double     dy);

/* The least a full repaint can cost: one colour over the whole widget. */
#define BENCH_TYPE_FILL (bench_fill_get_type ())
G_DECLARE_FINAL_TYPE (BenchFill, bench_fill, BENCH, FILL, GtkWidget)

struct _BenchFill
{
  GtkWidget parent_instance;
  guint     n_frames;
};

G_DEFINE_FINAL_TYPE (BenchFill, bench_fill, GTK_TYPE_WIDGET)

static void
bench_fill_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  BenchFill *self = BENCH_FILL (widget);
  GdkRGBA    color = { 0.98f, 0.98f, 0.98f - (self->n_frames++ % 2) * 0.01f, 1.0f };

  gtk_snapshot_append_color (snapshot, &color,
                             &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget)));
}

static void
bench_fill_class_init (BenchFillClass *klass)
{
  GTK_WIDGET_CLASS (klass)->snapshot = bench_fill_snapshot;
}

static void
bench_fill_init (BenchFill *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Probe         *probe)
{
  probe->before_us = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Probe         *probe)
{
  probe->last_after_us = g_get_monotonic_time ();
  if (probe->before_us != 0)
    {
      probe->work_ms_sum += (probe->last_after_us - probe->before_us) / 1000.0;
      probe->n_frames++;
    }
  probe->before_us = 0;
}

static void
window_realize_cb (GtkWidget *window,
                   Probe     *probe)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), probe);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), probe);
}

/* The twin: 5 000 blocks with positions (or none), 6 000 wires. */
static TwinModel *
build_model (gboolean with_positions)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Bench");
  const TwinEntityType *types[2] = { twin_entity_type_lookup ("resistor"), twin_entity_type_lookup ("capacitor") };
  TwinEntity          **grid = g_new (TwinEntity *, N_BLOCKS);
  guint                 n_wires = 0;

  g_assert_nonnull (types[0]);
  g_assert_nonnull (types[1]);
  for (guint i = 0; i < N_BLOCKS; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s %u", i % 5 == 4 ? "C" : "R", i + 1);
      g_autoptr (TwinEntity) block = twin_entity_type_instantiate (types[i % 5 == 4], name);

      if (with_positions)
        twin_entity_set_initial_diagram_position (block, (i % N_COLUMNS) * 240.0, (i / N_COLUMNS) * 100.0);
      twin_entity_append_child (root, block);
      grid[i] = block;
    }
  /* Rows: each block's n to the next one's p. */
  for (guint r = 0; r < N_ROWS; r++)
    for (guint c = 0; c + 1 < N_COLUMNS && n_wires < N_WIRES; c++, n_wires++)
      {
        g_autoptr (TwinConnection) wire =
          twin_connection_new (NULL, grid[r * N_COLUMNS + c], "n", grid[r * N_COLUMNS + c + 1], "p");

        twin_entity_add_connection (root, wire);
      }
  /* Columns, until there are 6 000: each block's p to the p of the one below. */
  for (guint i = 0; i + N_COLUMNS < N_BLOCKS && n_wires < N_WIRES; i++, n_wires++)
    {
      g_autoptr (TwinConnection) wire = twin_connection_new (NULL, grid[i], "p", grid[i + N_COLUMNS], "p");

      twin_entity_add_connection (root, wire);
    }
  g_assert_cmpuint (n_wires, ==, N_WIRES);
  g_free (grid);
  return twin_model_new (root);
}

/* Lets @n frames of @widget go by (asking for them: nothing else would). */
static void
wait_frames (Probe     *probe,
             GtkWidget *widget,
             guint      n)
{
  for (guint i = 0; i < n; i++)
    {
      guint count = probe->n_frames;

      gtk_widget_queue_draw (widget);
      while (probe->n_frames == count)
        g_main_context_iteration (NULL, TRUE);
    }
}

static void
pan_diagram (GtkWidget *widget,
             double     dx,
             double     dy)
{
  twin_diagram_view_pan_by (TWIN_DIAGRAM_VIEW (widget), dx, dy);
}

static void
pan_nothing (GtkWidget *widget,
             double     dx,
             double     dy)
{
  gtk_widget_queue_draw (widget);
}

/* Shows @content alone in a window, then pans it back and forth. */
static Figures
measure (GtkWidget *content,
         PanFunc    pan,
         void (*prepare) (GtkWidget *content))
{
  GtkWidget *window = gtk_window_new ();
  Probe      probe = { 0 };
  Figures    figures = { 0 };
  double     start, interval_sum = 0.0, work_before;
  guint      frames_before;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), content);
  g_signal_connect (window, "realize", G_CALLBACK (window_realize_cb), &probe);

  start = now_ms ();
  gtk_window_present (GTK_WINDOW (window));
  /* The first frame that drew the content (a diagram counts its own frames). */
  while (probe.n_frames == 0 ||
         (TWIN_IS_DIAGRAM_VIEW (content) && twin_diagram_view_get_n_frames (TWIN_DIAGRAM_VIEW (content)) == 0))
    g_main_context_iteration (NULL, TRUE);
  figures.first_frame_ms = probe.last_after_us / 1000.0 - start;

  if (prepare != NULL)
    prepare (content);
  wait_frames (&probe, content, 5);

  frames_before = probe.n_frames;
  work_before = probe.work_ms_sum;
  for (guint step = 0; step < N_PAN_STEPS; step++)
    {
      double sign = step < N_PAN_STEPS / 2 ? 1.0 : -1.0;
      double t0 = now_ms ();
      guint  n = probe.n_frames;

      pan (content, sign * PAN_STEP_PX, sign * PAN_STEP_PX * 0.5);
      while (probe.n_frames == n)
        g_main_context_iteration (NULL, TRUE);
      interval_sum += probe.last_after_us / 1000.0 - t0;
    }
  figures.interval_ms = interval_sum / N_PAN_STEPS;
  figures.work_ms = (probe.work_ms_sum - work_before) / MAX (1, probe.n_frames - frames_before);

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return figures;
}

static void
zoom_actual (GtkWidget *content)
{
  TwinDiagramView *view = TWIN_DIAGRAM_VIEW (content);

  twin_diagram_view_zoom_at (view, 1.0 / twin_diagram_view_get_zoom (view), 0, 0);
}

static void
fit_all (GtkWidget *content)
{
  twin_diagram_view_fit_all (TWIN_DIAGRAM_VIEW (content));
}

static GtkWidget *
diagram_for (TwinModel *model)
{
  GtkWidget *view = twin_diagram_view_new ();

  twin_diagram_view_set_model (TWIN_DIAGRAM_VIEW (view), model);
  return view;
}

static void
print_case (const char    *name,
            const Figures *f,
            const Figures *raw,
            const Figures *fill)
{
  g_print ("diagram: %s: first frame %.1f ms (empty widget %.1f ms, x%.1f); pan: a frame every %.1f ms "
           "(empty widget %.1f ms, x%.2f), work in a frame %.1f ms (one-colour repaint %.1f ms, x%.1f)\n",
           name, f->first_frame_ms, raw->first_frame_ms, f->first_frame_ms / raw->first_frame_ms, f->interval_ms,
           raw->interval_ms, f->interval_ms / raw->interval_ms, f->work_ms, fill->work_ms,
           f->work_ms / MAX (fill->work_ms, 1e-3));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (TwinModel) placed = NULL;
  g_autoptr (TwinModel) unplaced = NULL;
  Figures raw, fill, at_100, fitted, automatic;
  double  start, scene_placed_ms, scene_auto_ms;

  if (!gtk_init_check ())
    {
      g_print ("diagram: no display, skipped (./dev bench runs it under xvfb-run)\n");
      return 0;
    }
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  start = now_ms ();
  placed = build_model (TRUE);
  unplaced = build_model (FALSE);
  g_print ("diagram: built two twins of %u blocks and %u wires in %.0f ms\n", N_BLOCKS, N_WIRES, now_ms () - start);

  /* The cache a level is drawn from, built from the model alone. */
  {
    TwinDiagramScene *scene;

    start = now_ms ();
    scene = twin_diagram_scene_new (twin_model_get_root (placed));
    scene_placed_ms = now_ms () - start;
    g_assert_cmpuint (scene->wires->len, ==, N_WIRES);
    twin_diagram_scene_free (scene);
    start = now_ms ();
    scene = twin_diagram_scene_new (twin_model_get_root (unplaced));
    scene_auto_ms = now_ms () - start;
    g_assert_cmpuint (scene->n_auto_placed, ==, N_BLOCKS);
    twin_diagram_scene_free (scene);
    g_print ("diagram: scene of the level: %.1f ms with stored positions, %.1f ms with the automatic layout\n",
             scene_placed_ms, scene_auto_ms);
  }

  /* A first window pays for loading the theme, fonts and GL: not counted. */
  measure (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0), pan_nothing, NULL);
  raw = measure (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0), pan_nothing, NULL);
  fill = measure (g_object_new (BENCH_TYPE_FILL, NULL), pan_nothing, NULL);
  at_100 = measure (diagram_for (placed), pan_diagram, zoom_actual);
  fitted = measure (diagram_for (placed), pan_diagram, fit_all);
  automatic = measure (diagram_for (unplaced), pan_diagram, zoom_actual);

  g_print ("diagram: raw limit, an empty widget: first frame %.1f ms, a frame every %.1f ms, work in a frame %.2f ms\n",
           raw.first_frame_ms, raw.interval_ms, raw.work_ms);
  g_print ("diagram: raw limit, a one-colour repaint of the window: first frame %.1f ms, a frame every %.1f ms, "
           "work in a frame %.2f ms\n",
           fill.first_frame_ms, fill.interval_ms, fill.work_ms);
  print_case ("stored layout at 100 %", &at_100, &raw, &fill);
  print_case ("stored layout, all 5000 in view", &fitted, &raw, &fill);
  print_case ("automatic layout at 100 %", &automatic, &raw, &fill);
  return 0;
}
