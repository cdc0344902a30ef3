/* test-window.c: GUI tests of the main window under Xvfb: select, edit, undo, tree edits, files.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test drives the real widgets and actions and then checks the model
 * and, through a second read-only connection, the project file itself. A
 * screenshot of the window is written to tests/app/screenshots/ in the
 * build folder.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "app-test-util.h"
#include "twin-application.h"
#include "twin-test-util.h"
#include "twin-window.h"

/* The value of a number parameter as the project file has it now. */
static double
stored_number (const char *path,
               const char *entity_path,
               const char *parameter)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinStore) store = twin_store_open (path, TWIN_STORE_FLAGS_READ_ONLY, &error);
  g_autoptr (TwinEntity) root = NULL;
  g_autoptr (TwinModel) model = NULL;
  TwinEntity *entity;

  g_assert_no_error (error);
  root = twin_store_load_root (store, &error);
  g_assert_no_error (error);
  model = twin_model_new (root);
  entity = twin_model_lookup_path (model, entity_path);
  g_assert_nonnull (entity);
  return twin_parameter_get_number (twin_entity_get_parameter (entity, parameter));
}

static GtkWindow *
find_toplevel (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), name) == 0)
        return window;
    }
  return NULL;
}

static void
test_edit_and_undo (void)
{
  g_autofree char   *path = twin_app_test_copy_example ("edit.dtwin");
  TwinWindow        *window = twin_window_new (NULL);
  TwinHierarchyView *hierarchy = twin_window_get_hierarchy (window);
  TwinInspector     *inspector = twin_window_get_inspector (window);
  TwinModel         *model;
  TwinEntity        *radiator;
  TwinParameter     *power;
  GtkWidget         *entry;
  double             original;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  g_assert_true (twin_window_open_path (window, path, FALSE));
  gtk_window_present (GTK_WINDOW (window));
  twin_app_test_wait_mapped (GTK_WIDGET (window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "edit");

  /* Select an entity: the inspector follows. */
  model = twin_project_get_model (twin_window_get_project (window));
  radiator = twin_model_lookup_path (model, "Ground Floor/Lobby/Radiator");
  g_assert_nonnull (radiator);
  g_assert_true (twin_hierarchy_view_select (hierarchy, radiator));
  twin_app_test_pump (100);
  g_assert_true (twin_hierarchy_view_get_selected (hierarchy) == radiator);
  g_assert_true (twin_inspector_get_entity (inspector) == radiator);

  /* Edit a parameter with a unit of its own: 2500 W into a parameter in kW. */
  power = twin_entity_get_parameter (radiator, "heating_power");
  original = twin_parameter_get_number (power);
  g_assert_cmpstr (twin_parameter_get_unit (power), ==, "kW");
  entry = twin_inspector_get_editor (inspector, "heating_power");
  g_assert_true (GTK_IS_ENTRY (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), "2500 W");
  g_signal_emit_by_name (entry, "activate");
  twin_app_test_pump (100);
  g_assert_cmpfloat (twin_parameter_get_number (power), ==, 2.5);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "2.5");
  g_assert_null (twin_inspector_get_error_text (inspector, "heating_power"));
  g_assert_cmpfloat (stored_number (path, "Ground Floor/Lobby/Radiator", "heating_power"), ==, 2.5);
  twin_app_test_save_screenshot (GTK_WIDGET (window), "edit-parameter");

  /* A wrong value is refused inline, naming why; nothing changes. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "50 MW");
  g_signal_emit_by_name (entry, "activate");
  twin_app_test_pump (100);
  g_assert_nonnull (twin_inspector_get_error_text (inspector, "heating_power"));
  g_assert_nonnull (strstr (twin_inspector_get_error_text (inspector, "heating_power"), "maximum"));
  g_assert_nonnull (strstr (twin_inspector_get_error_text (inspector, "heating_power"), "Radiator"));
  g_assert_cmpfloat (twin_parameter_get_number (power), ==, 2.5);
  twin_app_test_save_screenshot (GTK_WIDGET (window), "refused-value");

  gtk_editable_set_text (GTK_EDITABLE (entry), "3 kg");
  g_signal_emit_by_name (entry, "activate");
  twin_app_test_pump (50);
  g_assert_nonnull (strstr (twin_inspector_get_error_text (inspector, "heating_power"), "mass"));
  g_assert_cmpfloat (twin_parameter_get_number (power), ==, 2.5);

  /* Undo through the window's action (Ctrl+Z): model, entry and file go back. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "undo", NULL);
  twin_app_test_pump (100);
  g_assert_cmpfloat (twin_parameter_get_number (power), ==, original);
  {
    g_autofree char *text = twin_parameter_dup_value_text (power);

    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, text);
  }
  g_assert_null (twin_inspector_get_error_text (inspector, "heating_power"));
  g_assert_cmpfloat (stored_number (path, "Ground Floor/Lobby/Radiator", "heating_power"), ==, original);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "undo"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "redo"));

  g_action_group_activate_action (G_ACTION_GROUP (window), "redo", NULL);
  twin_app_test_pump (50);
  g_assert_cmpfloat (twin_parameter_get_number (power), ==, 2.5);

  /* Placement: a height typed in cm lands in metres; nonsense is refused inline. */
  {
    GtkWidget *z = twin_inspector_get_placement_editor (inspector, FALSE, 2);
    double     z_before = twin_entity_get_transform (radiator)->position_m[2];

    gtk_editable_set_text (GTK_EDITABLE (z), "35 cm");
    g_signal_emit_by_name (z, "activate");
    twin_app_test_pump (50);
    g_assert_cmpfloat_with_epsilon (twin_entity_get_transform (radiator)->position_m[2], 0.35, 1e-12);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (z)), ==, "0.35");
    gtk_editable_set_text (GTK_EDITABLE (z), "high");
    g_signal_emit_by_name (z, "activate");
    twin_app_test_pump (50);
    g_assert_nonnull (twin_inspector_get_placement_error (inspector));
    g_assert_cmpfloat_with_epsilon (twin_entity_get_transform (radiator)->position_m[2], 0.35, 1e-12);
    g_action_group_activate_action (G_ACTION_GROUP (window), "undo", NULL);
    twin_app_test_pump (50);
    g_assert_cmpfloat (twin_entity_get_transform (radiator)->position_m[2], ==, z_before);
    g_assert_null (twin_inspector_get_placement_error (inspector));
  }
  twin_app_test_save_screenshot (GTK_WIDGET (window), "after-redo");

  gtk_window_destroy (GTK_WINDOW (window));
  twin_app_test_pump (50);
}

static void
test_tree_edits (void)
{
  g_autofree char   *path = twin_app_test_copy_example ("tree.dtwin");
  TwinWindow        *window = twin_window_new (NULL);
  TwinHierarchyView *hierarchy = twin_window_get_hierarchy (window);
  TwinModel         *model;
  TwinEntity        *floor, *room, *kitchen;
  guint              n_before;

  g_assert_true (twin_window_open_path (window, path, FALSE));
  gtk_window_present (GTK_WINDOW (window));
  twin_app_test_wait_mapped (GTK_WIDGET (window));
  model = twin_project_get_model (twin_window_get_project (window));
  n_before = twin_model_get_n_entities (model);
  floor = twin_model_lookup_path (model, "Ground Floor");
  kitchen = twin_model_lookup_path (model, "Ground Floor/Kitchen");

  /* Add a room to the selected floor from the Add menu's action. */
  g_assert_true (twin_hierarchy_view_select (hierarchy, floor));
  gtk_widget_activate_action (GTK_WIDGET (hierarchy), "hierarchy.add", "s", "room");
  twin_app_test_pump (50);
  room = twin_hierarchy_view_get_selected (hierarchy);
  g_assert_nonnull (room);
  g_assert_true (twin_entity_get_parent (room) == floor);
  g_assert_cmpstr (twin_entity_get_type_name (room), ==, "room");
  g_assert_cmpuint (twin_model_get_n_entities (model), ==, n_before + 1);

  /* Rename in place: the row turns into an entry; a taken name is refused in the banner. */
  twin_hierarchy_view_start_rename (hierarchy);
  twin_app_test_pump (50);
  g_assert_false (twin_hierarchy_view_finish_rename (hierarchy, "Kitchen"));
  g_assert_nonnull (twin_window_get_error_message (window));
  g_assert_nonnull (strstr (twin_window_get_error_message (window), "Kitchen"));
  twin_hierarchy_view_start_rename (hierarchy);
  g_assert_true (twin_hierarchy_view_finish_rename (hierarchy, "Server Room"));
  g_assert_cmpstr (twin_entity_get_name (room), ==, "Server Room");

  /* Drag the kitchen onto the new room: it becomes its child. */
  g_assert_true (twin_hierarchy_view_drop (hierarchy, kitchen, room));
  g_assert_true (twin_entity_get_parent (kitchen) == room);
  twin_app_test_pump (50);
  /* A drop onto its own descendant is refused with a message. */
  g_assert_false (twin_hierarchy_view_drop (hierarchy, room, kitchen));
  g_assert_nonnull (strstr (twin_window_get_error_message (window), "itself"));

  /* Alt+Up / Alt+Down reorder among the siblings. */
  g_assert_true (twin_hierarchy_view_select (hierarchy, room));
  {
    int index = twin_entity_get_index (room);

    gtk_widget_activate_action (GTK_WIDGET (hierarchy), "hierarchy.move-up", NULL);
    twin_app_test_pump (50);
    g_assert_cmpint (twin_entity_get_index (room), ==, index - 1);
    g_assert_true (twin_hierarchy_view_get_selected (hierarchy) == room);
    gtk_widget_activate_action (GTK_WIDGET (hierarchy), "hierarchy.move-down", NULL);
    twin_app_test_pump (50);
    g_assert_cmpint (twin_entity_get_index (room), ==, index);
  }

  /* Duplicate and delete through the tree's actions. */
  g_assert_true (twin_hierarchy_view_select (hierarchy, room));
  gtk_widget_activate_action (GTK_WIDGET (hierarchy), "hierarchy.duplicate", NULL);
  twin_app_test_pump (50);
  g_assert_cmpstr (twin_entity_get_name (twin_hierarchy_view_get_selected (hierarchy)), ==, "Server Room (copy)");
  gtk_widget_activate_action (GTK_WIDGET (hierarchy), "hierarchy.delete", NULL);
  twin_app_test_pump (50);
  g_assert_null (twin_model_lookup_path (model, "Ground Floor/Server Room (copy)"));
  twin_app_test_save_screenshot (GTK_WIDGET (window), "tree-edits");

  /* Everything is in the file; undoing all of it restores the original. */
  {
    g_autoptr (TwinStore) store = twin_store_open (path, TWIN_STORE_FLAGS_READ_ONLY, NULL);
    g_autoptr (TwinEntity) root = twin_store_load_root (store, NULL);
    g_autoptr (TwinModel) stored = twin_model_new (root);

    g_assert_nonnull (twin_model_lookup_path (stored, "Ground Floor/Server Room/Kitchen"));
    g_assert_cmpuint (twin_model_get_n_entities (stored), ==, twin_model_get_n_entities (model));
  }
  /* Undo shows what it changed: undoing the delete selects the copy again. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "undo", NULL);
  twin_app_test_pump (50);
  g_assert_cmpstr (twin_entity_get_name (twin_hierarchy_view_get_selected (hierarchy)), ==, "Server Room (copy)");

  while (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "undo"))
    g_action_group_activate_action (G_ACTION_GROUP (window), "undo", NULL);
  twin_app_test_pump (50);
  g_assert_cmpuint (twin_model_get_n_entities (model), ==, n_before);
  g_assert_true (twin_entity_get_parent (kitchen) == floor);
  g_assert_null (twin_model_lookup_path (model, "Ground Floor/Server Room"));

  gtk_window_destroy (GTK_WINDOW (window));
  twin_app_test_pump (50);
}

static void
test_untitled_close_asks (void)
{
  TwinWindow      *window = twin_window_new (NULL);
  TwinProject     *project;
  GtkWindow       *dialog;
  g_autofree char *temp_path = NULL;

  twin_window_new_untitled (window);
  gtk_window_present (GTK_WINDOW (window));
  twin_app_test_wait_mapped (GTK_WIDGET (window));
  project = twin_window_get_project (window);
  g_assert_true (twin_project_get_is_untitled (project));
  temp_path = g_strdup (twin_project_get_path (project));
  g_assert_true (g_file_test (temp_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "•"));

  gtk_widget_activate_action (GTK_WIDGET (twin_window_get_hierarchy (window)), "hierarchy.add", "s", "building");
  twin_app_test_pump (50);
  g_assert_true (twin_project_get_has_unsaved_changes (project));
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "•"));

  /* Closing asks first; Cancel keeps the window. */
  gtk_window_close (GTK_WINDOW (window));
  twin_app_test_pump (100);
  dialog = find_toplevel ("unsaved-changes-dialog");
  g_assert_nonnull (dialog);
  twin_app_test_save_screenshot (GTK_WIDGET (dialog), "unsaved-changes-dialog");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  twin_app_test_pump (50);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* Undoing back to the start makes it clean again: closing no longer asks. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "undo", NULL);
  twin_app_test_pump (50);
  g_assert_false (twin_project_get_has_unsaved_changes (project));
  g_action_group_activate_action (G_ACTION_GROUP (window), "redo", NULL);
  twin_app_test_pump (50);

  /* Discard closes it and removes the temporary file. */
  gtk_window_close (GTK_WINDOW (window));
  twin_app_test_pump (100);
  dialog = find_toplevel ("unsaved-changes-dialog");
  g_assert_nonnull (dialog);
  gtk_dialog_response (GTK_DIALOG (dialog), 1 /* RESPONSE_DISCARD */);
  twin_app_test_pump (100);
  g_assert_null (find_toplevel ("unsaved-changes-dialog"));
  g_assert_false (g_file_test (temp_path, G_FILE_TEST_EXISTS));
}

static void
test_save_as (void)
{
  TwinWindow      *window = twin_window_new (NULL);
  g_autofree char *target = twin_test_tmp_path ("Saved twin");
  g_autofree char *expected = g_strconcat (target, ".dtwin", NULL);
  TwinProject     *project;

  twin_window_new_untitled (window);
  gtk_window_present (GTK_WINDOW (window));
  twin_app_test_wait_mapped (GTK_WIDGET (window));
  project = twin_window_get_project (window);
  gtk_widget_activate_action (GTK_WIDGET (twin_window_get_hierarchy (window)), "hierarchy.add", "s", "room");
  twin_app_test_pump (50);
  g_assert_true (twin_project_get_has_unsaved_changes (project));

  /* A name without extension gets ".dtwin"; the window then edits the saved file. */
  g_assert_true (twin_window_save_as_path (window, target));
  g_assert_true (g_file_test (expected, G_FILE_TEST_EXISTS));
  g_assert_false (twin_project_get_has_unsaved_changes (project));
  g_assert_false (twin_project_get_is_untitled (project));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Saved twin");

  /* The next edit lands in the saved file at once. */
  gtk_widget_activate_action (GTK_WIDGET (twin_window_get_hierarchy (window)), "hierarchy.add", "s", "room");
  twin_app_test_pump (50);
  {
    g_autoptr (TwinStore) store = twin_store_open (expected, TWIN_STORE_FLAGS_READ_ONLY, NULL);
    g_autoptr (TwinEntity) root = twin_store_load_root (store, NULL);
    g_autoptr (TwinModel) stored = twin_model_new (root);

    g_assert_cmpuint (twin_model_get_n_entities (stored), ==, 3);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  twin_app_test_pump (50);
}

static void
test_open_errors (void)
{
  g_autofree char *text_path = twin_test_tmp_path ("notes.dtwin");
  g_autofree char *path = twin_app_test_copy_example ("locked.dtwin");
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinStore) holder = NULL;
  TwinWindow *window = twin_window_new (NULL);
  GtkWindow  *dialog;

  twin_window_new_untitled (window);
  gtk_window_present (GTK_WINDOW (window));
  twin_app_test_wait_mapped (GTK_WIDGET (window));

  /* Not a project: the banner says which file and why; the window keeps its twin. */
  twin_test_write_file (text_path, "Meeting notes\n", 14);
  g_assert_false (twin_window_open_path (window, text_path, FALSE));
  g_assert_nonnull (twin_window_get_error_message (window));
  g_assert_nonnull (strstr (twin_window_get_error_message (window), "notes.dtwin"));
  g_assert_true (twin_project_get_is_untitled (twin_window_get_project (window)));
  twin_app_test_save_screenshot (GTK_WIDGET (window), "open-error");

  /* Open for writing elsewhere: the window offers to open it read-only. */
  holder = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_false (twin_window_open_path (window, path, FALSE));
  twin_app_test_pump (100);
  dialog = find_toplevel ("locked-dialog");
  g_assert_nonnull (dialog);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  twin_app_test_pump (100);
  g_assert_true (twin_project_get_is_read_only (twin_window_get_project (window)));
  g_assert_cmpstr (twin_project_get_path (twin_window_get_project (window)), ==, path);

  gtk_window_destroy (GTK_WINDOW (window));
  twin_app_test_pump (50);
}

static void
test_recent_files (void)
{
  g_autofree char *path = twin_app_test_copy_example ("recent.dtwin");
  g_autofree char *recent_file = NULL;
  g_autofree char *recent_dir = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  TwinWindow      *window;
  TwinWindow      *other;

  /* The recent list lives in this test's own data folder. */
  g_object_get (gtk_recent_manager_get_default (), "filename", &recent_file, NULL);
  recent_dir = g_path_get_dirname (recent_file);
  g_mkdir_with_parents (recent_dir, 0700);
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", TRUE, NULL);

  window = twin_window_new (NULL);
  g_assert_true (twin_window_open_path (window, path, FALSE));
  twin_app_test_pump (100);
  g_assert_true (gtk_recent_manager_has_item (gtk_recent_manager_get_default (), uri));
  gtk_window_destroy (GTK_WINDOW (window));
  twin_app_test_pump (50);

  /* Another window opens it from the recent list's action. */
  other = twin_window_new (NULL);
  twin_window_new_untitled (other);
  gtk_window_present (GTK_WINDOW (other));
  twin_app_test_wait_mapped (GTK_WIDGET (other));
  g_action_group_activate_action (G_ACTION_GROUP (other), "open-recent", g_variant_new_string (path));
  twin_app_test_pump (100);
  g_assert_false (twin_project_get_is_untitled (twin_window_get_project (other)));
  g_assert_cmpstr (twin_project_get_path (twin_window_get_project (other)), ==, path);
  gtk_window_destroy (GTK_WINDOW (other));
  twin_app_test_pump (100);
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);
}

typedef struct
{
  char    *title;
  gboolean timed_out;
} LaunchResult;

static gboolean
read_title_and_quit_cb (gpointer user_data)
{
  GApplication *app = user_data;
  LaunchResult *result = g_object_get_data (G_OBJECT (app), "result");
  GtkWindow    *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL || !gtk_widget_get_mapped (GTK_WIDGET (window)))
    return G_SOURCE_CONTINUE;
  result->title = g_strdup (gtk_window_get_title (window));
  gtk_window_destroy (window);
  return G_SOURCE_REMOVE;
}

static gboolean
give_up_cb (gpointer user_data)
{
  LaunchResult *result = g_object_get_data (G_OBJECT (user_data), "result");

  result->timed_out = TRUE;
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_REMOVE;
}

/* `twin-studio FILE`: the application opens FILE in a window of its own. */
static void
test_open_from_command_line (void)
{
  g_autofree char *path = twin_app_test_copy_example ("From the command line.dtwin");
  g_autoptr (TwinApplication) app = twin_application_new ();
  LaunchResult result = { NULL, FALSE };
  char        *argv[] = { (char *) "twin-studio", path, NULL };
  guint        give_up;
  int          status;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_object_set_data (G_OBJECT (app), "result", &result);
  g_timeout_add (50, read_title_and_quit_cb, app);
  give_up = g_timeout_add_seconds (20, give_up_cb, app);
  status = g_application_run (G_APPLICATION (app), 2, argv);
  if (!result.timed_out)
    g_source_remove (give_up);

  g_assert_cmpint (status, ==, 0);
  g_assert_false (result.timed_out);
  g_assert_cmpstr (result.title, ==, "From the command line");
  g_free (result.title);
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
  /* The isolated data dirs hide the system icon theme: put it back for the screenshots. */
  gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()), "/usr/share/icons");
  /* Each test has its own home, removed afterwards: keep the recent list out of it. */
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);

  g_test_add_func ("/app/window/edit-and-undo", test_edit_and_undo);
  g_test_add_func ("/app/window/tree-edits", test_tree_edits);
  g_test_add_func ("/app/window/untitled-close-asks", test_untitled_close_asks);
  g_test_add_func ("/app/window/save-as", test_save_as);
  g_test_add_func ("/app/window/open-errors", test_open_errors);
  g_test_add_func ("/app/window/recent-files", test_recent_files);
  g_test_add_func ("/app/application/open-from-command-line", test_open_from_command_line);

  return g_test_run ();
}
