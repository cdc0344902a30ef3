/* test-simulation.c: GUI tests of the Simulation page under Xvfb: scenarios, runs, cancel, errors, overlays, replay.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small thermal twin (two rooms, walls, the outside, a heater) is written
 * to a project file and opened in the real window. The tests edit a
 * scenario through the page's form, run it with the window's action (F5),
 * watch the progress bar and the charts grow, cancel a long run and check
 * the project afterwards through a connection of their own, show a model
 * error in the banner, overlay two runs and a measured signal, and move the
 * replay slider to check the 3D view's colours follow the results.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "app-test-util.h"
#include "model/twin-model-json.h"
#include "sim/twin-sim-model.h"
#include "sim/twin-sim-run.h"
#include "twin-test-util.h"
#include "twin-window.h"

#define HOUR_US G_GINT64_CONSTANT (3600000000)
/* 2024-01-15 00:00 UTC: the start of the test scenarios and of the measured signal. */
#define START_US G_GINT64_CONSTANT (1705276800000000)

static const char plant_json[] =
  "{\"format\": \"twin-studio-model\", \"version\": 1, \"root\": {"
  " \"id\": \"00000000-0000-4000-8000-000000000001\", \"name\": \"Plant\", \"type\": \"system\","
  " \"children\": ["
  "  {\"id\": \"00000000-0000-4000-8000-000000000002\", \"name\": \"Room A\", \"type\": \"thermal_capacitance\","
  "   \"parameters\": [{\"name\": \"heat_capacity\", \"type\": \"number\", \"value\": 200000, \"unit\": \"J/K\"},"
  "                    {\"name\": \"initial_temperature\", \"type\": \"number\", \"value\": 20, \"unit\": \"°C\"}]},"
  "  {\"id\": \"00000000-0000-4000-8000-000000000003\", \"name\": \"Room B\", \"type\": \"thermal_capacitance\","
  "   \"parameters\": [{\"name\": \"heat_capacity\", \"type\": \"number\", \"value\": 100000, \"unit\": \"J/K\"},"
  "                    {\"name\": \"initial_temperature\", \"type\": \"number\", \"value\": 15, \"unit\": \"°C\"}]},"
  "  {\"id\": \"00000000-0000-4000-8000-000000000004\", \"name\": \"Wall A\", \"type\": \"thermal_conductance\","
  "   \"parameters\": [{\"name\": \"conductance\", \"type\": \"number\", \"value\": 10, \"unit\": \"W/K\"}]},"
  "  {\"id\": \"00000000-0000-4000-8000-000000000005\", \"name\": \"Wall AB\", \"type\": \"thermal_conductance\","
  "   \"parameters\": [{\"name\": \"conductance\", \"type\": \"number\", \"value\": 20, \"unit\": \"W/K\"}]},"
  "  {\"id\": \"00000000-0000-4000-8000-000000000006\", \"name\": \"Outside\", \"type\": \"fixed_temperature\","
  "   \"parameters\": [{\"name\": \"temperature\", \"type\": \"number\", \"value\": 0, \"unit\": \"°C\"}]},"
  "  {\"id\": \"00000000-0000-4000-8000-000000000007\", \"name\": \"Heater\", \"type\": \"heat_source\","
  "   \"parameters\": [{\"name\": \"heat_flow\", \"type\": \"number\", \"value\": 500, \"unit\": \"W\"}]}"
  "%s"
  " ],"
  " \"connections\": ["
  "  {\"id\": \"00000000-0000-4000-8000-000000000011\","
  "   \"from\": {\"entity\": \"00000000-0000-4000-8000-000000000002\", \"port\": \"heat\"},"
  "   \"to\": {\"entity\": \"00000000-0000-4000-8000-000000000004\", \"port\": \"a\"}},"
  "  {\"id\": \"00000000-0000-4000-8000-000000000012\","
  "   \"from\": {\"entity\": \"00000000-0000-4000-8000-000000000004\", \"port\": \"b\"},"
  "   \"to\": {\"entity\": \"00000000-0000-4000-8000-000000000006\", \"port\": \"heat\"}},"
  "  {\"id\": \"00000000-0000-4000-8000-000000000013\","
  "   \"from\": {\"entity\": \"00000000-0000-4000-8000-000000000002\", \"port\": \"heat\"},"
  "   \"to\": {\"entity\": \"00000000-0000-4000-8000-000000000005\", \"port\": \"a\"}},"
  "  {\"id\": \"00000000-0000-4000-8000-000000000014\","
  "   \"from\": {\"entity\": \"00000000-0000-4000-8000-000000000005\", \"port\": \"b\"},"
  "   \"to\": {\"entity\": \"00000000-0000-4000-8000-000000000003\", \"port\": \"heat\"}},"
  "  {\"id\": \"00000000-0000-4000-8000-000000000015\","
  "   \"from\": {\"entity\": \"00000000-0000-4000-8000-000000000007\", \"port\": \"heat\"},"
  "   \"to\": {\"entity\": \"00000000-0000-4000-8000-000000000003\", \"port\": \"heat\"}}"
  " ]}}";

/* A conductance with one side connected to nothing: not a model one can simulate. */
static const char loose_wall[] =
  ",  {\"id\": \"00000000-0000-4000-8000-000000000008\", \"name\": \"Loose Wall\", \"type\": \"thermal_conductance\","
  "   \"parameters\": [{\"name\": \"conductance\", \"type\": \"number\", \"value\": 5, \"unit\": \"W/K\"}]}";

static TwinEntity *
make_plant (gboolean broken)
{
  g_autofree char *text = g_strdup_printf (plant_json, broken ? loose_wall : "");
  g_autoptr (GError) error = NULL;
  TwinEntity *root = twin_model_json_from_string (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);
  return root;
}

/* A project file holding the plant and a measured outside temperature (2 days, hourly). */
static char *
write_plant_project (const char *name,
                     gboolean    broken)
{
  char *path = twin_test_tmp_path (name);
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinProject) project = twin_project_new_untitled (make_plant (broken), &error);
  g_autoptr (TwinHistorian) historian = NULL;
  gint64 id;

  g_assert_no_error (error);
  g_assert_true (twin_project_save_as (project, path, &error));
  g_assert_no_error (error);
  twin_project_close (project);

  historian = twin_historian_open (path, FALSE, &error);
  g_assert_no_error (error);
  id = twin_historian_ensure_signal (historian, "weather/outside-temperature", "°C", &error);
  g_assert_no_error (error);
  g_assert_true (twin_historian_begin (historian, &error));
  for (int h = 0; h <= 48; h++)
    {
      TwinSample sample = { START_US + h * HOUR_US, 2.0 + 4.0 * sin (h * G_PI / 12.0) };

      g_assert_true (twin_historian_append (historian, id, &sample, 1, &error));
    }
  g_assert_true (twin_historian_commit (historian, &error));
  g_assert_no_error (error);
  return path;
}

static TwinWindow *
open_window (const char *path)
{
  TwinWindow *window = twin_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  g_assert_true (twin_window_open_path (window, path, FALSE));
  gtk_window_present (GTK_WINDOW (window));
  twin_app_test_wait_mapped (GTK_WIDGET (window));
  /* The page needs the width the inspector would take. */
  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-inspector", g_variant_new_boolean (FALSE));
  gtk_stack_set_visible_child_name (twin_window_get_view_stack (window), "simulation");
  twin_app_test_pump (200);
  return window;
}

static void
wait_for_run (TwinSimulationPage *page)
{
  gint64 deadline = g_get_monotonic_time () + 100 * G_USEC_PER_SEC;

  while ((twin_simulation_page_get_running (page) || twin_simulation_page_get_run_pending (page)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (twin_simulation_page_get_running (page));
  twin_app_test_pump (100);
}

/* Types into a form field of the page, as a user does, and lets the form save. */
static void
type_into (TwinSimulationPage *page,
           const char         *field,
           const char         *text)
{
  GtkWidget *entry = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), TWIN_TYPE_SIMULATION_PAGE, field));

  g_assert_nonnull (entry);
  if (GTK_IS_TEXT_VIEW (entry))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (entry)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
  twin_app_test_pump (600);
}

/* The name of Room A's temperature in °C as the engine reports it. */
static char *
dup_room_a_variable (TwinWindow *window)
{
  TwinModel *model = twin_project_get_model (twin_window_get_project (window));
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinSimModel) compiled = twin_sim_model_compile (twin_model_get_root (model), NULL, NULL, 0, &error);
  char *found = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < twin_sim_model_get_n_variables (compiled) && found == NULL; i++)
    {
      const TwinSimVariable *variable = twin_sim_model_get_variable (compiled, i);

      if (g_strcmp0 (variable->entity_path, "Plant/Room A") == 0 && g_strcmp0 (variable->unit, "°C") == 0)
        found = g_strdup (variable->name);
    }
  g_assert_nonnull (found);
  return found;
}

static TwinChartSeries *
first_series (TwinSimulationPage *page)
{
  TwinChartStack *stack = twin_simulation_page_get_chart_stack (page);

  if (twin_chart_stack_get_n_charts (stack) == 0 || twin_chart_get_n_series (twin_chart_stack_get_chart (stack, 0)) == 0)
    return NULL;
  return twin_chart_get_series (twin_chart_stack_get_chart (stack, 0), 0);
}

static gint64
run_id_at (TwinSimulationPage *page,
           guint               position)
{
  g_autoptr (GtkStringObject) item = g_list_model_get_item (twin_simulation_page_get_runs (page), position);

  g_assert_nonnull (item);
  return g_ascii_strtoll (gtk_string_object_get_string (item), NULL, 10);
}

static void
save_shot (TwinWindow *window,
           const char *name)
{
  twin_app_test_save_screenshot (GTK_WIDGET (window), name);
}

/* A scenario made in the form, refused while invalid, run twice with F5
 * (the second run waits), the two runs and a measured signal overlaid,
 * and the replay colouring the 3D view. */
static void
test_scenario_run_overlay_replay (void)
{
  g_autofree char       *path = write_plant_project ("plant.dtwin", FALSE);
  TwinWindow            *window = open_window (path);
  TwinSimulationPage    *page = twin_window_get_simulation (window);
  g_autofree char       *variable = dup_room_a_variable (window);
  const TwinSimScenario *scenario;
  TwinChartStack        *stack = twin_simulation_page_get_chart_stack (page);
  gint64                 first_id, second_id;
  gint64                 ids[2];
  TwinModel             *model = twin_project_get_model (twin_window_get_project (window));
  TwinEntity            *room_a = twin_model_lookup_path (model, "Room A");
  TwinViewport          *viewport = twin_window_get_viewport (window);
  double                 v_start, v_end;

  g_assert_nonnull (room_a);
  g_assert_cmpuint (g_list_model_get_n_items (twin_simulation_page_get_scenario_names (page)), ==, 0);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "cancel-simulation"));

  /* A new scenario from the panel's + button. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sim.new-scenario", NULL));
  twin_app_test_pump (100);
  g_assert_cmpuint (g_list_model_get_n_items (twin_simulation_page_get_scenario_names (page)), ==, 1);
  type_into (page, "start_entry", "2024-01-15 00:00");
  type_into (page, "duration_entry", "2 d");
  type_into (page, "interval_entry", "10 min");
  {
    /* A second one misspelt: the run will not start, and says why. */
    g_autofree char *charted = g_strconcat (variable, "\nPlant/Room C.T", NULL);

    type_into (page, "charted_view", charted);
  }
  scenario = twin_simulation_page_get_scenario (page);
  g_assert_nonnull (scenario);
  g_assert_cmpfloat (scenario->duration_s, ==, 2 * 86400.0);
  g_assert_cmpfloat (scenario->solver.output_interval_s, ==, 600.0);
  g_assert_cmpuint (scenario->charted->len, ==, 2);
  g_assert_null (twin_simulation_page_get_scenario_message (page));

  /* Wrong input says what is wrong and keeps the scenario as it was. */
  type_into (page, "duration_entry", "two days");
  g_assert_nonnull (twin_simulation_page_get_scenario_message (page));
  g_assert_nonnull (strstr (twin_simulation_page_get_scenario_message (page), "two days"));
  g_assert_cmpfloat (twin_simulation_page_get_scenario (page)->duration_s, ==, 2 * 86400.0);
  type_into (page, "interval_entry", "-5 min");
  g_test_message ("invalid scenario: %s", twin_simulation_page_get_scenario_message (page));
  g_assert_false (twin_simulation_page_run (page));
  g_assert_nonnull (strstr (twin_simulation_page_get_run_message (page), "cannot run"));
  type_into (page, "duration_entry", "2 d");
  type_into (page, "interval_entry", "10 min");
  g_assert_null (twin_simulation_page_get_scenario_message (page));

  /* Renamed with Enter in the name field. */
  {
    GtkWidget *name = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), TWIN_TYPE_SIMULATION_PAGE, "name_entry"));

    gtk_editable_set_text (GTK_EDITABLE (name), "Two days");
    g_signal_emit_by_name (name, "activate");
    twin_app_test_pump (100);
    g_assert_cmpstr (twin_simulation_page_get_scenario (page)->name, ==, "Two days");
    g_assert_cmpuint (g_list_model_get_n_items (twin_simulation_page_get_scenario_names (page)), ==, 1);
  }

  /* An input from the panel: the outside temperature replayed from the history. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sim.add-input", NULL));
  {
    GtkWidget          *list = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), TWIN_TYPE_SIMULATION_PAGE, "inputs_list"));
    GtkWidget          *row = gtk_widget_get_first_child (list);
    GtkDropDown        *kind = g_object_get_data (G_OBJECT (row), "kind-dropdown");
    GtkDropDown        *signal = g_object_get_data (G_OBJECT (row), "signal-dropdown");
    GListModel         *signals = gtk_drop_down_get_model (signal);
    const TwinSimInput *input;

    gtk_editable_set_text (g_object_get_data (G_OBJECT (row), "target-entry"), "Plant/Outside.temperature");
    /* A profile first, written wrong. */
    gtk_drop_down_set_selected (kind, TWIN_SIM_INPUT_PROFILE);
    gtk_editable_set_text (g_object_get_data (G_OBJECT (row), "value-entry"), "0 5; 3600");
    twin_app_test_pump (600);
    g_test_message ("bad profile: %s", twin_simulation_page_get_scenario_message (page));
    g_assert_nonnull (strstr (twin_simulation_page_get_scenario_message (page), "Plant/Outside.temperature"));
    gtk_editable_set_text (g_object_get_data (G_OBJECT (row), "value-entry"), "0 5; 3600 8");
    twin_app_test_pump (600);
    g_assert_null (twin_simulation_page_get_scenario_message (page));
    input = g_ptr_array_index (twin_simulation_page_get_scenario (page)->inputs, 0);
    g_assert_cmpint (input->kind, ==, TWIN_SIM_INPUT_PROFILE);
    g_assert_cmpuint (input->times_s->len, ==, 2);
    g_assert_cmpfloat (g_array_index (input->values, double, 1), ==, 8.0);
    /* Then the measured signal, picked from the project's signals. */
    gtk_drop_down_set_selected (kind, TWIN_SIM_INPUT_HISTORY);
    g_assert_cmpuint (g_list_model_get_n_items (signals), ==, 1);
    gtk_drop_down_set_selected (signal, 0);
    twin_app_test_pump (600);
    g_assert_null (twin_simulation_page_get_scenario_message (page));
    g_assert_cmpuint (twin_simulation_page_get_scenario (page)->inputs->len, ==, 1);
    input = g_ptr_array_index (twin_simulation_page_get_scenario (page)->inputs, 0);
    g_assert_cmpint (input->kind, ==, TWIN_SIM_INPUT_HISTORY);
    g_assert_cmpstr (input->target, ==, "Plant/Outside.temperature");
    g_assert_cmpstr (input->signal, ==, "weather/outside-temperature");
  }
  /* What the form saved is in the project. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (TwinSimArchive) archive = twin_sim_archive_open (path, TRUE, &error);
    g_autoptr (TwinSimScenario) stored = NULL;

    g_assert_no_error (error);
    stored = twin_sim_archive_load_scenario (archive, "Two days", &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (stored->duration_s, ==, 2 * 86400.0);
    g_assert_cmpuint (stored->inputs->len, ==, 1);
    g_assert_cmpuint (stored->charted->len, ==, 2);
  }

  g_action_group_activate_action (G_ACTION_GROUP (window), "run-simulation", NULL);
  g_assert_false (twin_simulation_page_get_running (page));
  g_test_message ("banner: %s", twin_window_get_error_message (window));
  g_assert_nonnull (strstr (twin_window_get_error_message (window), "Plant/Room C.T"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "dismiss-error", NULL);
  type_into (page, "charted_view", variable);
  g_assert_cmpuint (twin_simulation_page_get_scenario (page)->charted->len, ==, 1);

  /* F5 twice: the second run waits for the first. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "run-simulation", NULL);
  g_assert_true (twin_simulation_page_get_running (page));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "cancel-simulation"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "run-simulation", NULL);
  g_assert_true (twin_simulation_page_get_run_pending (page));
  wait_for_run (page);
  g_assert_false (twin_simulation_page_get_run_pending (page));
  g_test_message ("run bar: %s", twin_simulation_page_get_run_message (page));
  g_assert_nonnull (strstr (twin_simulation_page_get_run_message (page), "completed"));
  g_assert_cmpuint (twin_chart_stack_get_n_charts (stack), ==, 1);
  g_assert_cmpfloat (twin_simulation_page_get_progress (page), ==, 1.0);
  g_assert_null (twin_window_get_error_message (window));
  g_assert_cmpuint (g_list_model_get_n_items (twin_simulation_page_get_runs (page)), ==, 2);
  second_id = run_id_at (page, 0);
  first_id = run_id_at (page, 1);
  g_assert_cmpint (second_id, >, first_id);

  /* The last run is charted: its variable over the whole two days. */
  {
    TwinChartSeries *series = first_series (page);
    gint64           a, b;

    g_assert_nonnull (series);
    g_assert_true (twin_chart_series_get_extent (series, &a, &b));
    g_assert_cmpint (a, ==, START_US);
    g_assert_cmpint (b, ==, START_US + 48 * HOUR_US);
  }
  save_shot (window, "sim-completed");

  /* Two runs overlaid: one chart, the newer run dashed in the older one's colour. */
  ids[0] = first_id;
  ids[1] = second_id;
  g_assert_true (twin_simulation_page_select_runs (page, ids, 2));
  twin_app_test_pump (200);
  g_assert_cmpuint (twin_chart_stack_get_n_charts (stack), ==, 1);
  {
    TwinChart       *chart = twin_chart_stack_get_chart (stack, 0);
    g_autofree char *signal = g_strdup_printf ("sim/%" G_GINT64_FORMAT "/%s", first_id, variable);
    GdkRGBA          c0, c1;

    g_assert_cmpuint (twin_chart_get_n_series (chart), ==, 2);
    g_assert_cmpint (twin_chart_series_get_style (twin_chart_get_series (chart, 0)), ==, TWIN_CHART_SERIES_SOLID);
    g_assert_cmpint (twin_chart_series_get_style (twin_chart_get_series (chart, 1)), ==, TWIN_CHART_SERIES_DASHED);
    g_assert_true (twin_chart_get_series_color (chart, twin_chart_get_series (chart, 0), &c0));
    g_assert_true (twin_chart_get_series_color (chart, twin_chart_get_series (chart, 1), &c1));
    g_assert_true (gdk_rgba_equal (&c0, &c1));
    g_assert_cmpstr (twin_chart_series_get_signal_name (twin_chart_get_series (chart, 0)), ==, signal);
  }

  /* A run and the measured outside temperature, in the chart of their unit. */
  g_assert_true (twin_simulation_page_select_runs (page, &first_id, 1));
  g_assert_true (twin_simulation_page_compare_with_signal (page, "weather/outside-temperature"));
  twin_app_test_pump (200);
  {
    TwinChart *chart = twin_chart_stack_get_chart (stack, 0);

    g_assert_cmpuint (twin_chart_get_n_series (chart), ==, 2);
    g_assert_cmpint (twin_chart_series_get_style (twin_chart_get_series (chart, 0)), ==, TWIN_CHART_SERIES_DASHED);
    g_assert_cmpstr (twin_chart_series_get_signal_name (twin_chart_get_series (chart, 1)), ==,
                     "weather/outside-temperature");
  }
  g_assert_false (twin_simulation_page_compare_with_signal (page, "no/such/signal"));
  save_shot (window, "sim-compare");
  g_assert_true (twin_simulation_page_compare_with_signal (page, NULL));

  /* Replay: the 3D view's colour of Room A follows its simulated temperature. */
  g_assert_true (twin_simulation_page_set_replay_time (page, 0.0));
  g_assert_nonnull (twin_viewport_get_color_by (viewport));
  g_assert_true (twin_color_by_get_value (twin_viewport_get_color_by (viewport), room_a, &v_start));
  g_assert_true (twin_simulation_page_set_replay_time (page, 48 * 3600.0));
  g_assert_true (twin_color_by_get_value (twin_viewport_get_color_by (viewport), room_a, &v_end));
  g_test_message ("Room A: %g °C at the start, %g °C after two days", v_start, v_end);
  g_assert_cmpfloat_with_epsilon (v_start, 20.0, 1e-6);
  g_assert_cmpfloat (fabs (v_end - v_start), >, 0.5);
  /* The same as the stored result at that time. */
  {
    g_autoptr (TwinHistorian) historian = twin_historian_open (path, TRUE, NULL);
    g_autofree char *signal = g_strdup_printf ("sim/%" G_GINT64_FORMAT "/%s", first_id, variable);
    g_autoptr (TwinSignalInfo) info = twin_historian_lookup_signal (historian, signal, NULL);
    TwinSample sample;

    g_assert_nonnull (info);
    g_assert_true (twin_historian_sample_at (historian, info->id, START_US + 48 * HOUR_US, &sample));
    g_assert_cmpfloat_with_epsilon (sample.value, v_end, 1e-9);
  }
  gtk_stack_set_visible_child_name (twin_window_get_view_stack (window), "3d");
  twin_app_test_pump (300);
  /* Stopping the replay gives the view its own colours back (none for this twin). */
  g_assert_true (twin_simulation_page_get_replay_shown (page));
  g_action_group_activate_action (G_ACTION_GROUP (window), "stop-replay", NULL);
  g_assert_false (twin_simulation_page_get_replay_shown (page));
  g_assert_null (twin_viewport_get_color_by (viewport));

  /* Deleting a run deletes its results. */
  gtk_stack_set_visible_child_name (twin_window_get_view_stack (window), "simulation");
  g_assert_true (twin_simulation_page_select_runs (page, &second_id, 1));
  {
    g_autoptr (GError) error = NULL;

    g_assert_true (twin_simulation_page_delete_selected_runs (page, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (g_list_model_get_n_items (twin_simulation_page_get_runs (page)), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  twin_app_test_pump (100);
}

/* A long run: progress and the chart grow while it goes, the twin stays
 * editable, Shift+F5 stops it, and the project keeps it as cancelled with
 * its results up to there. */
static void
test_cancel_long_run (void)
{
  g_autofree char    *path = write_plant_project ("long.dtwin", FALSE);
  TwinWindow         *window = open_window (path);
  TwinSimulationPage *page = twin_window_get_simulation (window);
  g_autofree char    *variable = dup_room_a_variable (window);
  TwinModel          *model = twin_project_get_model (twin_window_get_project (window));
  g_autoptr (GError) error = NULL;
  gint64           deadline;
  gint64           run_id;
  gint64           last_before = 0, last_after = 0, first;
  double           progress_before;
  TwinChartSeries *series = NULL;

  g_assert_true (twin_simulation_page_new_scenario (page, "Long", &error));
  g_assert_no_error (error);
  type_into (page, "start_entry", "2024-01-15 00:00");
  type_into (page, "duration_entry", "365 d");
  type_into (page, "interval_entry", "1 s");
  type_into (page, "charted_view", variable);

  g_action_group_activate_action (G_ACTION_GROUP (window), "run-simulation", NULL);
  g_assert_true (twin_simulation_page_get_running (page));

  /* Wait for its first results on the chart. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline &&
         ((series = first_series (page)) == NULL || !twin_chart_series_get_extent (series, &first, &last_before)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (series);
  g_assert_true (twin_simulation_page_get_running (page));
  g_test_message ("first results after %.2f s", (g_get_monotonic_time () - deadline) / 1e6 + 30);
  run_id = twin_simulation_page_get_current_run_id (page);
  g_assert_cmpint (run_id, >, 0);
  progress_before = twin_simulation_page_get_progress (page);
  g_test_message ("live: %s", twin_simulation_page_get_run_message (page));
  g_assert_nonnull (strstr (twin_simulation_page_get_run_message (page), "elapsed"));

  /* The twin is not locked while it runs. */
  g_assert_true (twin_model_rename (model, twin_model_lookup_path (model, "Heater"), "Radiator", &error));
  g_assert_no_error (error);

  /* The results arrive in batches: wait for the next ones on the chart. */
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  do
    {
      twin_app_test_pump (100);
      series = first_series (page);
      g_assert_true (twin_chart_series_get_extent (series, &first, &last_after));
    }
  while (last_after <= last_before && g_get_monotonic_time () < deadline &&
         twin_simulation_page_get_running (page));
  g_test_message ("the chart grew after %.1f s", (g_get_monotonic_time () - deadline) / 1e6 + 20);
  twin_app_test_pump (300);
  save_shot (window, "sim-running");
  g_assert_true (twin_simulation_page_get_running (page));
  g_test_message ("chart reaches %" G_GINT64_FORMAT " s then %" G_GINT64_FORMAT " s; progress %g then %g",
                  (last_before - START_US) / G_USEC_PER_SEC, (last_after - START_US) / G_USEC_PER_SEC, progress_before,
                  twin_simulation_page_get_progress (page));
  g_assert_cmpint (last_after, >, last_before);
  g_assert_cmpfloat (twin_simulation_page_get_progress (page), >, progress_before);
  g_assert_cmpfloat (twin_simulation_page_get_progress (page), <, 1.0);

  {
    gint64 asked = g_get_monotonic_time ();

    g_action_group_activate_action (G_ACTION_GROUP (window), "cancel-simulation", NULL);
    wait_for_run (page);
    g_test_message ("cancelled in %.2f s", (g_get_monotonic_time () - asked) / 1e6);
  }
  g_test_message ("run bar: %s", twin_simulation_page_get_run_message (page));
  g_assert_nonnull (strstr (twin_simulation_page_get_run_message (page), "cancelled"));
  g_assert_null (twin_window_get_error_message (window));

  /* The project, read through a connection of its own. */
  {
    g_autoptr (TwinSimArchive) archive = twin_sim_archive_open (path, TRUE, &error);
    g_autoptr (TwinSimRunRecord) record = NULL;
    g_autoptr (TwinHistorian) historian = twin_historian_open (path, TRUE, &error);
    g_autofree char *signal = g_strdup_printf ("sim/%" G_GINT64_FORMAT "/%s", run_id, variable);
    g_autoptr (TwinSignalInfo) info = NULL;

    g_assert_no_error (error);
    record = twin_sim_archive_load_run (archive, run_id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (record->status, ==, TWIN_SIM_RUN_CANCELLED);
    g_assert_cmpfloat (record->t_reached_s, >, 0.0);
    g_assert_cmpfloat (record->t_reached_s, <, 365 * 86400.0);
    info = twin_historian_lookup_signal (historian, signal, &error);
    g_assert_no_error (error);
    g_assert_cmpint (info->first_us, ==, START_US);
    g_assert_cmpint (info->last_us, >=, last_after);
    g_assert_cmpint (info->last_us, <=, START_US + (gint64) (record->t_reached_s * 1e6) + G_USEC_PER_SEC);
  }
  /* The rename made during the run is kept. */
  g_assert_nonnull (twin_model_lookup_path (model, "Radiator"));

  gtk_window_destroy (GTK_WINDOW (window));
  twin_app_test_pump (100);
}

/* A model that cannot be simulated: the banner names the entity, no run starts. */
static void
test_model_error (void)
{
  g_autofree char    *path = write_plant_project ("broken.dtwin", TRUE);
  TwinWindow         *window = open_window (path);
  TwinSimulationPage *page = twin_window_get_simulation (window);
  g_autoptr (GError) error = NULL;
  const char *message;

  g_assert_true (twin_simulation_page_new_scenario (page, "Broken", &error));
  g_assert_no_error (error);
  g_action_group_activate_action (G_ACTION_GROUP (window), "run-simulation", NULL);
  twin_app_test_pump (200);
  g_assert_false (twin_simulation_page_get_running (page));
  message = twin_window_get_error_message (window);
  g_test_message ("banner: %s", message);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "Loose Wall"));
  g_assert_cmpuint (g_list_model_get_n_items (twin_simulation_page_get_runs (page)), ==, 0);
  save_shot (window, "sim-model-error");

  gtk_window_destroy (GTK_WINDOW (window));
  twin_app_test_pump (100);
}

/* A run that diverges (a heat source of 1e308 W makes Room B's temperature
 * overflow after about two days): the banner names the state and the time, the run is stored as
 * failed with its results so far. */
static void
test_run_diverges (void)
{
  g_autofree char *path = write_plant_project ("diverges.dtwin", FALSE);
  g_autoptr (GError) error = NULL;
  TwinWindow         *window;
  TwinSimulationPage *page;
  TwinSimRunRecord   *record;
  const char         *message;

  {
    g_autoptr (TwinSimArchive) archive = twin_sim_archive_open (path, FALSE, &error);
    g_autoptr (TwinSimScenario) scenario = twin_sim_scenario_new ("Overheat");
    TwinSimInput *input = twin_sim_input_new ("Plant/Heater.heat_flow", TWIN_SIM_INPUT_CONSTANT);

    g_assert_no_error (error);
    input->value = 1e308;
    g_ptr_array_add (scenario->inputs, input);
    /* Room B keeps all of it (else it settles where the walls lose as much, below the overflow). */
    g_assert_true (twin_sim_scenario_add_override_text (scenario, "Plant/Wall AB.conductance=0", &error));
    g_assert_no_error (error);
    scenario->start_us = START_US;
    /* 1e308 W into 1e5 J/K: 1e303 K/s, past the largest double after about 2 days. */
    scenario->duration_s = 7 * 86400;
    scenario->solver.output_interval_s = 600;
    g_assert_true (twin_sim_archive_save_scenario (archive, scenario, &error));
    g_assert_no_error (error);
  }

  window = open_window (path);
  page = twin_window_get_simulation (window);
  g_assert_true (twin_simulation_page_select_scenario (page, "Overheat"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "run-simulation", NULL);
  wait_for_run (page);
  message = twin_window_get_error_message (window);
  g_test_message ("banner: %s; run bar: %s", message, twin_simulation_page_get_run_message (page));

  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "Plant/Room B.T"));
  g_assert_nonnull (strstr (message, "t = "));
  g_assert_cmpuint (g_list_model_get_n_items (twin_simulation_page_get_runs (page)), ==, 1);
  save_shot (window, "sim-diverged");

  {
    g_autoptr (TwinSimArchive) archive = twin_sim_archive_open (path, TRUE, &error);
    g_autoptr (GPtrArray) runs = twin_sim_archive_list_runs (archive, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (runs->len, ==, 1);
    record = g_ptr_array_index (runs, 0);
    g_assert_cmpint (record->status, ==, TWIN_SIM_RUN_FAILED);
    g_assert_nonnull (record->message);
    g_assert_cmpfloat (record->t_reached_s, <, 7 * 86400.0);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  twin_app_test_pump (100);
}

/* The example office with its scenario: run it as it opens, chart the rooms,
 * replay the result in the 3D view. */
static void
test_example_office (void)
{
  g_autofree char    *path = twin_app_test_copy_example ("office.dtwin");
  TwinWindow         *window = open_window (path);
  TwinSimulationPage *page = twin_window_get_simulation (window);
  TwinModel          *model = twin_project_get_model (twin_window_get_project (window));
  TwinViewport       *viewport = twin_window_get_viewport (window);
  TwinChartStack     *stack = twin_simulation_page_get_chart_stack (page);
  const char *const   rooms[] = { "Ground Floor/Lobby", "Second Floor/Server Room 2.01" };
  g_autoptr (TwinHistorian) historian = NULL;
  gint64   run_id;
  gboolean changed = FALSE;

  if (g_list_model_get_n_items (twin_simulation_page_get_scenario_names (page)) == 0)
    {
      g_test_skip ("The example has no scenario");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  g_assert_nonnull (twin_simulation_page_get_scenario (page));
  g_test_message ("scenario: %s", twin_simulation_page_get_scenario (page)->name);
  /* Four days of its month keep the test short. */
  type_into (page, "duration_entry", "4 d");
  g_assert_cmpfloat (twin_simulation_page_get_scenario (page)->duration_s, ==, 4 * 86400.0);
  g_action_group_activate_action (G_ACTION_GROUP (window), "run-simulation", NULL);
  if (!twin_simulation_page_get_running (page))
    {
      /* Said in the banner, as a user would see it. */
      g_assert_nonnull (twin_window_get_error_message (window));
      g_test_skip_printf ("The example cannot run: %s", twin_window_get_error_message (window));
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  wait_for_run (page);
  g_test_message ("run bar: %s", twin_simulation_page_get_run_message (page));
  g_assert_null (twin_window_get_error_message (window));
  g_assert_nonnull (strstr (twin_simulation_page_get_run_message (page), "completed"));
  run_id = run_id_at (page, 0);
  g_assert_cmpuint (twin_chart_stack_get_n_charts (stack), ==, twin_simulation_page_get_scenario (page)->charted->len);
  save_shot (window, "sim-office");

  /* Replay three days in: each room's colour value is its stored temperature then. */
  historian = twin_historian_open (path, TRUE, NULL);
  for (guint k = 0; k < 2; k++)
    {
      double t_s = k == 0 ? 0.0 : 3 * 86400.0;

      g_assert_true (twin_simulation_page_set_replay_time (page, t_s));
      for (guint i = 0; i < G_N_ELEMENTS (rooms); i++)
        {
          TwinEntity      *room = twin_model_lookup_path (model, rooms[i]);
          g_autofree char *entity_path = twin_entity_dup_path (room);
          g_autofree char *signal = g_strdup_printf ("sim/%" G_GINT64_FORMAT "/%s.T", run_id, entity_path);
          g_autoptr (TwinSignalInfo) info = twin_historian_lookup_signal (historian, signal, NULL);
          TwinSample sample;
          double     value;

          g_assert_nonnull (info);
          g_assert_true (twin_color_by_get_value (twin_viewport_get_color_by (viewport), room, &value));
          g_assert_true (twin_historian_sample_at (historian, info->id, info->first_us + (gint64) (t_s * 1e6), &sample));
          g_assert_cmpfloat_with_epsilon (value, sample.value, 1e-9);
          g_test_message ("%s at %g d: %g %s", rooms[i], t_s / 86400.0, value, info->unit);
          if (k == 1 && fabs (value - 20.0) > 0.01)
            changed = TRUE;
        }
    }
  g_assert_true (changed);
  gtk_stack_set_transition_type (twin_window_get_view_stack (window), GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_stack_set_visible_child_name (twin_window_get_view_stack (window), "3d");
  twin_viewport_fit_all (viewport);
  twin_app_test_pump (500);
  save_shot (window, "sim-office-replay");

  gtk_window_destroy (GTK_WINDOW (window));
  twin_app_test_pump (100);
}

int
main (int   argc,
      char *argv[])
{
  /* Local times in the form are UTC here, whatever the machine's zone. */
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()), "/usr/share/icons");
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);

  g_test_add_func ("/app/simulation/scenario-run-overlay-replay", test_scenario_run_overlay_replay);
  g_test_add_func ("/app/simulation/cancel-long-run", test_cancel_long_run);
  g_test_add_func ("/app/simulation/model-error", test_model_error);
  g_test_add_func ("/app/simulation/run-diverges", test_run_diverges);
  g_test_add_func ("/app/simulation/example-office", test_example_office);

  return g_test_run ();
}
