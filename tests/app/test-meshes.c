/* test-meshes.c: GUI tests of CAD meshes under Xvfb: import with progress, refusal, cancel, pick, view.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window imports the project's own fixtures (tests/data/meshes) through
 * the same calls its dialog makes, waits for the worker thread, and then
 * checks the model, the file, the 3D view and the selection. A click in the
 * 3D view is sent through the viewport's click handler at the pixel where
 * the camera projects a part.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>

#include "app-test-util.h"
#include "mesh/twin-scene-box.h"
#include "twin-color-legend.h"
#include "twin-import-dialog.h"
#include "twin-test-util.h"
#include "twin-window.h"

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "meshes", name, NULL);
}

static TwinWindow *
open_window (const char *name)
{
  g_autofree char *path = twin_app_test_copy_example (name);
  TwinWindow      *window = twin_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  g_assert_true (twin_window_open_path (window, path, FALSE));
  gtk_window_present (GTK_WINDOW (window));
  twin_app_test_wait_mapped (GTK_WIDGET (window));
  return window;
}

static void
wait_for_import (TwinWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (twin_window_get_is_importing (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (twin_window_get_is_importing (window));
  twin_app_test_pump (100);
}

/* Where the centre of @entity's mesh shows in the viewport, in widget pixels. */
static gboolean
project_entity (TwinWindow *window,
                TwinEntity *entity,
                double     *x,
                double     *y)
{
  TwinViewport *viewport = twin_window_get_viewport (window);
  TwinProject  *project = twin_window_get_project (window);
  g_autoptr (GArray) boxes = twin_scene_box_collect (twin_project_get_model (project));
  const TwinMeshInfo *info = twin_mesh_catalog_lookup (twin_project_get_mesh_catalog (project),
                                                       twin_entity_get_mesh_id (entity));
  GtkWidget          *widget = GTK_WIDGET (viewport);
  float               min_m[3], max_m[3];
  vec3                centre, world, ndc;
  float               aspect = (float) gtk_widget_get_width (widget) / (float) gtk_widget_get_height (widget);

  g_assert_nonnull (info);
  twin_mesh_info_get_bounds_m (info, min_m, max_m);
  for (int k = 0; k < 3; k++)
    centre[k] = 0.5f * (min_m[k] + max_m[k]);
  for (guint i = 0; i < boxes->len; i++)
    {
      TwinSceneBox *box = &g_array_index (boxes, TwinSceneBox, i);

      if (box->entity != entity)
        continue;
      glm_mat4_mulv3 (box->world, centre, 1.0f, world);
      if (!twin_camera_project (twin_viewport_get_camera (viewport), aspect, world, ndc))
        return FALSE;
      *x = (ndc[0] + 1.0) / 2.0 * gtk_widget_get_width (widget);
      *y = (1.0 - ndc[1]) / 2.0 * gtk_widget_get_height (widget);
      return TRUE;
    }
  return FALSE;
}

/* An assembly imported with its parts: entities, meshes in the file, one undo
 * step, the 3D view showing it, a click on a part selecting it everywhere. */
static void
test_import_hierarchy_and_pick (void)
{
  g_autofree char      *cart = fixture ("cart.glb");
  TwinWindow           *window = open_window ("import.dtwin");
  TwinProject          *project = twin_window_get_project (window);
  TwinModel            *model = twin_project_get_model (project);
  TwinHierarchyView    *hierarchy = twin_window_get_hierarchy (window);
  TwinMeshImportOptions options;
  TwinEntity           *root = twin_model_get_root (model);
  TwinEntity           *imported;
  TwinEntity           *chassis;
  TwinEntity           *picked;
  guint                 n_before = twin_model_get_n_entities (model);
  double                x = 0, y = 0;

  twin_mesh_import_options_init (&options);
  options.as_hierarchy = TRUE;
  g_assert_true (twin_window_import_mesh (window, cart, &options, root, NULL));
  g_assert_true (twin_window_get_is_importing (window));
  /* One import at a time. */
  g_assert_false (twin_window_import_mesh (window, cart, &options, root, NULL));
  wait_for_import (window);
  g_assert_null (twin_window_get_error_message (window));

  /* The cart is a subsystem of parts, selected, and shown in 3D. */
  imported = twin_hierarchy_view_get_selected (hierarchy);
  g_assert_nonnull (imported);
  g_assert_true (twin_entity_get_parent (imported) == root);
  g_assert_cmpuint (twin_model_get_n_entities (model), >, n_before + 3);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (twin_window_get_view_stack (window)), ==, "3d");
  chassis = twin_model_lookup_path (model, "Cart/Chassis");
  if (chassis == NULL)
    {
      g_autofree char *path = twin_entity_dup_path (imported);
      g_autofree char *chassis_path = g_strconcat (path, "/Cart/Chassis", NULL);

      chassis = twin_model_lookup_path (model, chassis_path);
    }
  g_assert_nonnull (chassis);
  g_assert_nonnull (twin_entity_get_mesh_id (chassis));
  g_assert_cmpstr (twin_history_get_undo_label (twin_model_get_history (model)), !=, NULL);
  twin_app_test_save_screenshot (GTK_WIDGET (window), "meshes-imported");

  /* Click the chassis in the 3D view: the tree and the inspector follow. */
  twin_hierarchy_view_select (hierarchy, root);
  twin_app_test_pump (100);
  g_assert_true (project_entity (window, chassis, &x, &y));
  picked = twin_viewport_click (twin_window_get_viewport (window), x, y);
  g_assert_true (picked == chassis);
  g_assert_true (twin_hierarchy_view_get_selected (hierarchy) == chassis);
  g_assert_true (twin_inspector_get_entity (twin_window_get_inspector (window)) == chassis);
  g_assert_cmpstr (twin_viewport_get_selected_id (twin_window_get_viewport (window)), ==, twin_entity_get_id (chassis));
  g_assert_nonnull (strstr (twin_inspector_get_mesh_text (twin_window_get_inspector (window)), "triangles"));
  twin_app_test_save_screenshot (GTK_WIDGET (window), "meshes-picked");

  /* A click on empty sky selects nothing new. */
  picked = twin_viewport_click (twin_window_get_viewport (window), 2, 2);
  g_assert_null (picked);

  /* Undo takes the whole import away in one step. */
  g_assert_true (twin_model_undo (model, NULL));
  g_assert_cmpuint (twin_model_get_n_entities (model), ==, n_before);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A plain import shows the selected entity with the file's mesh. */
static void
test_import_attach (void)
{
  g_autofree char      *pump = fixture ("assembly.stl");
  TwinWindow           *window = open_window ("attach.dtwin");
  TwinModel            *model = twin_project_get_model (twin_window_get_project (window));
  TwinEntity           *radiator = twin_model_lookup_path (model, "Ground Floor/Lobby/Radiator");
  TwinMeshImportOptions options;
  const TwinMeshInfo   *info;

  g_assert_nonnull (radiator);
  twin_mesh_import_options_init (&options);
  options.has_unit = TRUE;
  options.unit = TWIN_MESH_UNIT_MM;
  g_assert_true (twin_window_import_mesh (window, pump, &options, twin_entity_get_parent (radiator), radiator));
  wait_for_import (window);
  g_assert_null (twin_window_get_error_message (window));
  g_assert_nonnull (twin_entity_get_mesh_id (radiator));
  info = twin_mesh_catalog_lookup (twin_project_get_mesh_catalog (twin_window_get_project (window)),
                                   twin_entity_get_mesh_id (radiator));
  g_assert_nonnull (info);
  g_assert_cmpint (info->unit, ==, TWIN_MESH_UNIT_MM);
  g_assert_cmpuint (info->n_triangles, ==, 104);
  g_assert_true (twin_hierarchy_view_get_selected (twin_window_get_hierarchy (window)) == radiator);
  twin_app_test_save_screenshot (GTK_WIDGET (window), "meshes-attached");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A damaged file is refused in the banner, naming it, and nothing changes. */
static void
test_import_refused (void)
{
  g_autofree char      *truncated = fixture ("truncated.stl");
  TwinWindow           *window = open_window ("refused.dtwin");
  TwinProject          *project = twin_window_get_project (window);
  TwinModel            *model = twin_project_get_model (project);
  TwinMeshImportOptions options;
  guint                 n_before = twin_model_get_n_entities (model);
  guint                 meshes_before = twin_mesh_catalog_get_n_meshes (twin_project_get_mesh_catalog (project));
  gboolean              could_undo = twin_history_get_can_undo (twin_model_get_history (model));
  const char           *message;

  twin_mesh_import_options_init (&options);
  g_assert_true (twin_window_import_mesh (window, truncated, &options, NULL, NULL));
  wait_for_import (window);
  message = twin_window_get_error_message (window);
  g_assert_nonnull (message);
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, "truncated.stl"));
  g_assert_cmpuint (twin_model_get_n_entities (model), ==, n_before);
  g_assert_cmpuint (twin_mesh_catalog_get_n_meshes (twin_project_get_mesh_catalog (project)), ==, meshes_before);
  g_assert_cmpint (twin_history_get_can_undo (twin_model_get_history (model)), ==, could_undo);
  twin_app_test_save_screenshot (GTK_WIDGET (window), "meshes-refused");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Writes an OBJ grid of @n × @n quads: big enough that an import takes a while. */
static char *
write_big_obj (guint n)
{
  char    *path = twin_test_tmp_path ("big.obj");
  GString *text = g_string_new ("o Plate\n");

  for (guint j = 0; j <= n; j++)
    for (guint i = 0; i <= n; i++)
      g_string_append_printf (text, "v %u %u %u\n", i, j, (i * j) % 7);
  for (guint j = 0; j < n; j++)
    for (guint i = 0; i < n; i++)
      {
        guint a = j * (n + 1) + i + 1;

        g_string_append_printf (text, "f %u %u %u %u\n", a, a + 1, a + n + 2, a + n + 1);
      }
  twin_test_write_file (path, text->str, text->len);
  g_string_free (text, TRUE);
  return path;
}

/* Cancel while the file is being read: the bar goes, the twin is unchanged,
 * no error is shown. */
static void
test_import_cancel (void)
{
  g_autofree char      *big = write_big_obj (600);
  TwinWindow           *window = open_window ("cancel.dtwin");
  TwinProject          *project = twin_window_get_project (window);
  TwinModel            *model = twin_project_get_model (project);
  TwinMeshImportOptions options;
  guint                 n_before = twin_model_get_n_entities (model);
  guint                 meshes_before = twin_mesh_catalog_get_n_meshes (twin_project_get_mesh_catalog (project));

  twin_mesh_import_options_init (&options);
  g_assert_true (twin_window_import_mesh (window, big, &options, NULL, NULL));
  g_assert_true (twin_window_get_is_importing (window));
  g_action_group_activate_action (G_ACTION_GROUP (window), "cancel-task", NULL);
  wait_for_import (window);
  g_assert_null (twin_window_get_error_message (window));
  g_assert_cmpuint (twin_model_get_n_entities (model), ==, n_before);
  g_assert_cmpuint (twin_mesh_catalog_get_n_meshes (twin_project_get_mesh_catalog (project)), ==, meshes_before);

  /* What the user sees while a file is read: the bar with Cancel. */
  g_assert_true (twin_window_import_mesh (window, big, &options, NULL, NULL));
  twin_app_test_save_screenshot (GTK_WIDGET (window), "meshes-importing");
  twin_window_cancel_import (window);
  wait_for_import (window);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The import dialog offers the format's defaults by name and passes the choices on. */
static void
test_import_dialog (void)
{
  g_autofree char      *cart = fixture ("cart.gltf");
  TwinWindow           *window = open_window ("dialog.dtwin");
  TwinModel            *model = twin_project_get_model (twin_window_get_project (window));
  TwinEntity           *lobby = twin_model_lookup_path (model, "Ground Floor/Lobby");
  GtkWindow            *dialog;
  TwinMeshImportOptions options;

  twin_hierarchy_view_select (twin_window_get_hierarchy (window), lobby);
  dialog = twin_window_show_import_dialog (window, cart);
  twin_app_test_wait_mapped (GTK_WIDGET (dialog));
  twin_import_dialog_get_options (TWIN_IMPORT_DIALOG (dialog), &options);
  g_assert_false (options.as_hierarchy);
  g_assert_false (options.has_unit);
  g_assert_false (options.has_up);
  g_assert_false (twin_import_dialog_get_attach (TWIN_IMPORT_DIALOG (dialog)));
  g_assert_true (twin_import_dialog_get_place (TWIN_IMPORT_DIALOG (dialog)) == lobby);
  twin_app_test_save_screenshot (GTK_WIDGET (dialog), "meshes-import-dialog");
  gtk_window_destroy (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The 3D scene exported from the window as a binary glTF file, in the background. */
static void
test_export_gltf (void)
{
  g_autofree char *out = twin_test_tmp_path ("office.glb");
  g_autofree char *missing = twin_test_tmp_path ("no-such-folder/office.glb");
  g_autofree char *contents = NULL;
  TwinWindow      *window = open_window ("export.dtwin");
  gsize            length = 0;

  g_assert_true (twin_window_export_gltf (window, out));
  g_assert_true (twin_window_get_is_importing (window));
  wait_for_import (window);
  g_assert_null (twin_window_get_error_message (window));
  g_assert_true (g_file_get_contents (out, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 100);
  g_assert_cmpmem (contents, 4, "glTF", 4);

  /* A folder that does not exist: the banner names it. */
  g_assert_true (twin_window_export_gltf (window, missing));
  wait_for_import (window);
  g_assert_nonnull (twin_window_get_error_message (window));
  g_assert_nonnull (strstr (twin_window_get_error_message (window), "no-such-folder"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The first widget under @widget whose action is @action_name. */
static GtkWidget *
find_actionable (GtkWidget  *widget,
                 const char *action_name)
{
  if (GTK_IS_ACTIONABLE (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
activate_viewport_action (TwinWindow *window,
                          const char *name,
                          GVariant   *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (twin_window_get_viewport (window)), name, parameter));
  twin_app_test_pump (50);
}

/* The view tools on the example twin: colour by value with its legend, saved
 * in the project; looking from the presets; orthographic; hide, isolate,
 * show all, X-ray. */
static void
test_view_tools (void)
{
  g_autofree char *path = NULL;
  TwinWindow      *window = open_window ("view.dtwin");
  TwinViewport    *viewport = twin_window_get_viewport (window);
  TwinProject     *project = twin_window_get_project (window);
  TwinModel       *model = twin_project_get_model (project);
  TwinViewState   *state = twin_viewport_get_view_state (viewport);
  TwinEntity      *lobby = twin_model_lookup_path (model, "Ground Floor/Lobby");
  GtkWidget       *legend = twin_viewport_get_legend (viewport);
  g_autoptr (TwinColorBy) saved = NULL;
  g_autofree char  *range = NULL;
  const TwinCamera *camera = twin_viewport_get_camera (viewport);

  path = g_strdup (twin_project_get_path (project));
  gtk_stack_set_visible_child_name (twin_window_get_view_stack (window), "3d");
  twin_app_test_pump (200);

  /* The floating tools work. */
  g_assert_true (gtk_widget_is_sensitive (find_actionable (GTK_WIDGET (viewport), "viewport.fit-all")));
  g_assert_true (gtk_widget_is_sensitive (find_actionable (GTK_WIDGET (viewport), "viewport.fit-selection")));
  g_assert_false (gtk_widget_get_visible (legend));

  /* Colour the rooms by their floor area: the legend shows the range. */
  g_assert_true (twin_viewport_choose_color_by (viewport, "floor_area"));
  g_assert_nonnull (twin_viewport_get_color_by (viewport));
  g_assert_true (gtk_widget_get_visible (legend));
  g_assert_nonnull (strstr (twin_color_legend_get_title (TWIN_COLOR_LEGEND (legend)), "floor_area"));
  range = twin_color_legend_dup_range_text (TWIN_COLOR_LEGEND (legend));
  g_test_message ("legend: %s, %s", twin_color_legend_get_title (TWIN_COLOR_LEGEND (legend)), range);
  g_assert_false (twin_viewport_choose_color_by (viewport, "no_such_parameter"));
  activate_viewport_action (window, "viewport.preset", g_variant_new_string ("iso"));
  twin_app_test_save_screenshot (GTK_WIDGET (window), "meshes-color-by");

  /* Kept in the project, outside the undo history. */
  saved = twin_project_dup_color_by (project, NULL);
  g_assert_nonnull (saved);
  g_assert_cmpstr (twin_color_by_get_parameter (saved), ==, "floor_area");

  /* Presets and the projection. */
  activate_viewport_action (window, "viewport.preset", g_variant_new_string ("top"));
  g_assert_cmpfloat (camera->elevation_deg, >, 89.0f);
  activate_viewport_action (window, "viewport.preset", g_variant_new_string ("front"));
  g_assert_cmpfloat_with_epsilon (camera->elevation_deg, 0.0, 1e-3);
  g_assert_false (camera->orthographic);
  activate_viewport_action (window, "viewport.toggle-orthographic", NULL);
  g_assert_true (camera->orthographic);
  twin_app_test_save_screenshot (GTK_WIDGET (twin_window_get_viewport (window)), "meshes-front-orthographic");
  activate_viewport_action (window, "viewport.toggle-orthographic", NULL);
  g_assert_false (camera->orthographic);

  /* Hide the lobby, then show only it, then everything again. */
  twin_hierarchy_view_select (twin_window_get_hierarchy (window), lobby);
  twin_app_test_pump (50);
  activate_viewport_action (window, "viewport.hide-selection", NULL);
  g_assert_false (twin_view_state_is_visible (state, lobby));
  activate_viewport_action (window, "viewport.show-all", NULL);
  g_assert_true (twin_view_state_is_visible (state, lobby));
  activate_viewport_action (window, "viewport.isolate-selection", NULL);
  g_assert_cmpstr (twin_view_state_get_isolated (state), ==, twin_entity_get_id (lobby));
  g_assert_false (twin_view_state_is_visible (state, twin_model_lookup_path (model, "Heat Pump")));
  activate_viewport_action (window, "viewport.fit-selection", NULL);
  twin_app_test_save_screenshot (GTK_WIDGET (twin_window_get_viewport (window)), "meshes-isolated");
  activate_viewport_action (window, "viewport.isolate-selection", NULL);
  g_assert_null (twin_view_state_get_isolated (state));
  activate_viewport_action (window, "viewport.transparent-selection", NULL);
  g_assert_cmpfloat (twin_view_state_get_opacity (state, twin_entity_get_id (lobby)), <, 1.0f);
  activate_viewport_action (window, "viewport.toggle-xray", NULL);
  g_assert_true (twin_view_state_get_xray (state));
  twin_app_test_save_screenshot (GTK_WIDGET (twin_window_get_viewport (window)), "meshes-xray");

  /* Back to type colours: the legend goes, and so does the saved setting. */
  g_assert_true (twin_viewport_choose_color_by (viewport, NULL));
  g_assert_null (twin_viewport_get_color_by (viewport));
  g_assert_false (gtk_widget_get_visible (legend));
  g_clear_object (&saved);
  saved = twin_project_dup_color_by (project, NULL);
  g_assert_null (saved);
  gtk_window_destroy (GTK_WINDOW (window));
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

  g_test_add_func ("/app/meshes/import-hierarchy-and-pick", test_import_hierarchy_and_pick);
  g_test_add_func ("/app/meshes/import-attach", test_import_attach);
  g_test_add_func ("/app/meshes/import-refused", test_import_refused);
  g_test_add_func ("/app/meshes/import-cancel", test_import_cancel);
  g_test_add_func ("/app/meshes/import-dialog", test_import_dialog);
  g_test_add_func ("/app/meshes/export-gltf", test_export_gltf);
  g_test_add_func ("/app/meshes/view-tools", test_view_tools);

  return g_test_run ();
}
