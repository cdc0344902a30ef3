/* test-charts-page.c: GUI tests of the Charts page under Xvfb: the example's history, drops, layout, CSV import.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The example office carries a year of 15-minute history with its signals
 * bound to the rooms' sensors. The tests chart it the ways a user does
 * (a signal from the list, a room dragged from the tree, a parameter from
 * the inspector), check that the layout comes back when the project is
 * opened again, and import CSV files through the window, good and bad.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "app-test-util.h"
#include "twin-test-util.h"
#include "twin-window.h"

#define MINUTE_US G_GINT64_CONSTANT (60000000)
#define HOUR_US G_GINT64_CONSTANT (3600000000)

static TwinWindow *
open_window (const char *path)
{
  TwinWindow *window = twin_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  g_assert_true (twin_window_open_path (window, path, FALSE));
  gtk_window_present (GTK_WINDOW (window));
  twin_app_test_wait_mapped (GTK_WIDGET (window));
  return window;
}

static void
wait_for_task (TwinWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (twin_window_get_is_importing (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (twin_window_get_is_importing (window));
  twin_app_test_pump (100);
}

static gboolean
chart_has_series (TwinChart  *chart,
                  const char *name)
{
  for (guint i = 0; i < twin_chart_get_n_series (chart); i++)
    if (g_strcmp0 (twin_chart_series_get_name (twin_chart_get_series (chart, i)), name) == 0)
      return TRUE;
  return FALSE;
}

/* The example's history charted from the list, the tree and the inspector;
 * the layout is there again after the project is reopened. */
static void
test_example_history (void)
{
  g_autofree char *path = twin_app_test_copy_example ("charts.dtwin");
  TwinWindow      *window = open_window (path);
  TwinChartsPage  *page = twin_window_get_charts (window);
  TwinChartStack  *stack = twin_charts_page_get_stack (page);
  TwinModel       *model = twin_project_get_model (twin_window_get_project (window));
  TwinEntity      *lobby = twin_model_lookup_path (model, "Ground Floor/Lobby");
  TwinEntity      *meeting = twin_model_lookup_path (model, "Ground Floor/Meeting Room 0.1");
  g_autoptr (GError) error = NULL;
  TwinChart *top;
  TwinChart *bottom;
  double     min, max;

  gtk_stack_set_visible_child_name (twin_window_get_view_stack (window), "charts");
  twin_app_test_pump (200);
  g_assert_cmpuint (g_list_model_get_n_items (twin_charts_page_get_signal_names (page)), ==, 11);
  g_assert_cmpuint (twin_chart_stack_get_n_charts (stack), ==, 1);
  top = twin_chart_stack_get_chart (stack, 0);

  /* From the list (what activating a row does): the outside temperature. */
  g_assert_true (twin_charts_page_add_signal (page, top, "weather/outside-temperature", &error));
  g_assert_no_error (error);
  /* A room from the tree: the signals bound to its sensors. */
  g_assert_cmpuint (twin_charts_page_add_entity (page, top, lobby), ==, 1);
  g_assert_true (chart_has_series (top, "office/ground-floor/lobby/temperature"));

  /* A second chart, fed by a drop of an inspector parameter and of a signal. */
  bottom = twin_chart_stack_add_chart (stack);
  g_assert_true (twin_charts_page_drop_text (page, bottom,
                                             "twin-parameter:Office Building/Ground Floor/Meeting Room 0.1/CO₂ Sensor.value",
                                             &error));
  g_assert_no_error (error);
  g_assert_true (chart_has_series (bottom, "office/ground-floor/meeting-room-0.1/co2"));
  g_assert_false (twin_charts_page_drop_text (page, bottom, "twin-parameter:Office Building/Ground Floor/Lobby.floor_area",
                                              &error));
  g_assert_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (twin_charts_page_add_signal (page, bottom, "no/such/signal", &error));
  g_assert_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (twin_charts_page_add_entity (page, bottom, meeting), ==, 2);

  /* Put the inspector away (F9): the charts get its width. */
  {
    int width_before = gtk_widget_get_width (GTK_WIDGET (top));

    g_action_group_change_action_state (G_ACTION_GROUP (window), "show-inspector", g_variant_new_boolean (FALSE));
    twin_app_test_pump (200);
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (twin_window_get_inspector (window))));
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (top)), >, width_before);
  }

  /* A year of data: the winter mornings' cold and the summer's warmth both show. */
  twin_chart_reset (top);
  twin_app_test_pump (300);
  g_assert_true (twin_chart_get_value_range (top, "°C", &min, &max));
  g_test_message ("°C axis: %g … %g", min, max);
  g_assert_cmpfloat (min, <, 0.0);
  g_assert_cmpfloat (max, >, 25.0);
  twin_app_test_save_screenshot (GTK_WIDGET (window), "charts-example-year");

  /* Zoom into one week of January: both charts follow the shared time axis. */
  twin_chart_range_set (twin_chart_stack_get_range (stack), (gint64) (1735689600 + 6 * 86400) * G_USEC_PER_SEC,
                        (gint64) (1735689600 + 13 * 86400) * G_USEC_PER_SEC);
  twin_app_test_pump (300);
  g_assert_cmpint (twin_chart_range_get_from (twin_chart_get_range (bottom)), ==,
                   twin_chart_range_get_from (twin_chart_get_range (top)));
  twin_app_test_save_screenshot (GTK_WIDGET (window), "charts-example-week");
  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-inspector", g_variant_new_boolean (TRUE));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (twin_window_get_inspector (window))));

  /* The week's data as CSV, through the chart's export. */
  {
    g_autofree char *csv = twin_test_tmp_path ("week.csv");
    g_autofree char *contents = NULL;
    g_auto (GStrv) lines = NULL;

    g_assert_true (twin_chart_export_csv (top, csv, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
    lines = g_strsplit (contents, "\n", -1);
    g_assert_true (g_str_has_prefix (lines[0], "time,"));
    g_assert_nonnull (strstr (lines[0], "weather/outside-temperature"));
    /* A week of 15-minute rows (the end is not included), then the final newline. */
    g_assert_cmpuint (g_strv_length (lines), >=, 7 * 96);
    g_assert_true (g_str_has_prefix (lines[g_strv_length (lines) > 1 ? 1 : 0], "2025-01-07T"));
  }

  /* Closing keeps the layout in the project; opening shows it again. */
  gtk_window_close (GTK_WINDOW (window));
  twin_app_test_pump (100);
  window = open_window (path);
  page = twin_window_get_charts (window);
  stack = twin_charts_page_get_stack (page);
  g_assert_cmpuint (twin_chart_stack_get_n_charts (stack), ==, 2);
  g_assert_true (chart_has_series (twin_chart_stack_get_chart (stack, 0), "weather/outside-temperature"));
  g_assert_true (chart_has_series (twin_chart_stack_get_chart (stack, 1), "office/ground-floor/meeting-room-0.1/co2"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A CSV with bad rows is refused in the banner with their line numbers, and
 * nothing is stored; a good one shows up in the signal list. */
static void
test_import_csv (void)
{
  g_autofree char *path = twin_app_test_copy_example ("import.dtwin");
  g_autofree char *bad = twin_test_tmp_path ("bad.csv");
  g_autofree char *good = twin_test_tmp_path ("good.csv");
  TwinWindow      *window = open_window (path);
  TwinChartsPage  *page = twin_window_get_charts (window);
  guint            n_before = g_list_model_get_n_items (twin_charts_page_get_signal_names (page));
  const char      *message;

  twin_test_write_file (bad, "time,pump/flow\n2026-01-01T00:00:00Z,1.5\n2026-01-01T00:01:00Z,oops\n"
                             "2026-01-01T00:02:00Z,1.7\nnot a time,1.8\n",
                        -1);
  g_assert_true (twin_window_import_csv (window, bad));
  /* While the import holds the file's write lock, editing the twin pauses. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (twin_window_get_hierarchy (window))));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "import-csv"));
  wait_for_task (window);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (twin_window_get_hierarchy (window))));
  message = twin_window_get_error_message (window);
  g_assert_nonnull (message);
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, "3"));
  g_assert_nonnull (strstr (message, "5"));
  g_assert_cmpuint (g_list_model_get_n_items (twin_charts_page_get_signal_names (page)), ==, n_before);

  twin_test_write_file (good, "time,pump/flow\n2026-01-01T00:00:00Z,1.5\n2026-01-01T00:01:00Z,1.6\n", -1);
  g_assert_true (twin_window_import_csv (window, good));
  wait_for_task (window);
  g_assert_cmpuint (g_list_model_get_n_items (twin_charts_page_get_signal_names (page)), ==, n_before + 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (twin_window_get_view_stack (window)), ==, "charts");
  g_assert_true (twin_charts_page_add_signal (twin_window_get_charts (window), NULL, "pump/flow", NULL));
  twin_app_test_save_screenshot (GTK_WIDGET (window), "charts-imported");

  /* Save As carries the history and the charts to the new file, and they are read there. */
  {
    g_autofree char *copy = twin_test_tmp_path ("copy.dtwin");

    g_assert_true (twin_window_save_as_path (window, copy));
    page = twin_window_get_charts (window);
    g_assert_cmpstr (twin_historian_get_path (twin_charts_page_get_historian (page)), ==, copy);
    g_assert_cmpuint (g_list_model_get_n_items (twin_charts_page_get_signal_names (page)), ==, n_before + 1);
    g_assert_true (twin_charts_page_drop_text (page, NULL, "twin-signal:pump/flow", NULL));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A real dataset (an office room in February 2015, one sample a minute),
 * imported through the window as a user would, charted, zoomed into one
 * working day, and read with the cursor. */
static void
test_real_dataset (void)
{
  g_autofree char *data = twin_test_shared_data ("sensors", "occupancy", "datatest2.txt", NULL);
  g_autofree char *path = NULL;
  g_autofree char *readout = NULL;
  g_autoptr (GError) error = NULL;
  TwinWindow     *window;
  TwinChartsPage *page;
  TwinChart      *chart;
  TwinChart      *co2_chart;
  TwinSample      sample;
  /* 2015-02-12 in UTC (the file's naive times are read in the test's zone, UTC). */
  const gint64    day_us = (gint64) 1423699200 * G_USEC_PER_SEC;

  if (data == NULL)
    {
      g_test_skip ("../shared/data is not here");
      return;
    }
  g_setenv ("TZ", "UTC", TRUE);
  path = twin_app_test_copy_example ("real.dtwin");
  window = open_window (path);
  page = twin_window_get_charts (window);
  g_assert_true (twin_window_import_csv (window, data));
  wait_for_task (window);
  g_assert_null (twin_window_get_error_message (window));

  chart = twin_chart_stack_get_chart (twin_charts_page_get_stack (page), 0);
  g_assert_true (twin_charts_page_add_signal (page, chart, "Temperature", &error));
  g_assert_no_error (error);
  co2_chart = twin_chart_stack_add_chart (twin_charts_page_get_stack (page));
  g_assert_true (twin_charts_page_add_signal (page, co2_chart, "CO2", &error));
  g_assert_no_error (error);
  twin_chart_reset (chart);
  twin_app_test_pump (300);
  twin_app_test_save_screenshot (GTK_WIDGET (window), "charts-occupancy-all");

  /* One working day, 7:00 to 19:00, then the cursor at noon. */
  twin_chart_range_set (twin_chart_stack_get_range (twin_charts_page_get_stack (page)), day_us + 7 * HOUR_US,
                        day_us + 19 * HOUR_US);
  twin_app_test_pump (200);
  twin_chart_set_cursor (chart, day_us + 12 * HOUR_US);
  g_assert_true (twin_chart_read_cursor (chart, twin_chart_get_series (chart, 0), &sample));
  g_test_message ("Temperature at noon: %g", sample.value);
  g_assert_cmpint (sample.t_us, <=, day_us + 12 * HOUR_US);
  g_assert_cmpint (sample.t_us, >, day_us + 12 * HOUR_US - 2 * MINUTE_US);
  g_assert_cmpfloat (sample.value, >, 15.0);
  g_assert_cmpfloat (sample.value, <, 30.0);
  readout = twin_chart_dup_readout_text (chart);
  g_assert_nonnull (readout);
  g_assert_nonnull (strstr (readout, "Temperature"));
  twin_app_test_save_screenshot (GTK_WIDGET (window), "charts-occupancy-day");

  /* Wheel-zoom in around the middle: the shared range narrows for both charts. */
  {
    gint64 span_before = twin_chart_range_get_to (twin_chart_get_range (co2_chart)) -
                         twin_chart_range_get_from (twin_chart_get_range (co2_chart));

    twin_chart_zoom_at (chart, 0.5, gtk_widget_get_width (GTK_WIDGET (chart)) / 2.0);
    g_assert_cmpint (twin_chart_range_get_to (twin_chart_get_range (co2_chart)) -
                       twin_chart_range_get_from (twin_chart_get_range (co2_chart)),
                     <, span_before);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  g_unsetenv ("TZ");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()), "/usr/share/icons");
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);

  g_test_add_func ("/app/charts/example-history", test_example_history);
  g_test_add_func ("/app/charts/import-csv", test_import_csv);
  g_test_add_func ("/app/charts/real-dataset", test_real_dataset);

  return g_test_run ();
}
