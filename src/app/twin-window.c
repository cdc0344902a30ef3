/* twin-window.c: a main window showing one twin: its hierarchy, diagram, 3D view and inspector.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window owns one TwinProject. Every edit is saved to the project file
 * as it happens, so only an untitled twin can have unsaved changes; New,
 * Open and closing the window ask first in that case. Errors reach the user
 * in a banner at the top of the window; a file open elsewhere for writing
 * offers to open it read-only.
 *
 * Importing a CAD mesh reads the file in a worker thread (a bar under the
 * header shows its progress, with Cancel); only the last step, storing the
 * meshes and adding the entities in one undoable edit, runs here.
 *
 * The hierarchy tree, the diagram and the inspector share one selection:
 * the tree's selected entity. Selecting in the diagram selects in the tree
 * (or the level shown, when nothing is selected); selecting in the tree
 * shows that entity's level in the diagram with it selected. A flag keeps
 * the two from echoing each other.
 *
 * The Simulation page runs scenarios in its own worker thread, beside an
 * import or export: win.run-simulation (F5) shows it and runs the scenario
 * shown (a second run waits for the first), win.cancel-simulation
 * (Shift+F5) stops it. Its errors reach the same banner.
 *
 * Live feeds: for a writable twin the window makes a TwinLiveSession (the
 * feeds, the recorder with its alarms, what arrives per topic) and hands it
 * to the Live page, the tree, the inspector, the 3D view and the charts; it
 * connects at once when the twin has feeds, and stops (flushing everything
 * received) when the twin is closed, replaced or saved elsewhere. A raised
 * alarm shows in a banner under the header until it is acknowledged or
 * clears; the newest unacknowledged one is shown.
 */

#define G_LOG_DOMAIN "twin-window"

#include "config.h"

#include "twin-window.h"

#include "history/twin-csv-import.h"
#include "mesh/twin-gltf-writer.h"
#include "mesh/twin-mesh-importer.h"
#include "twin-import-dialog.h"
#include "twin-simulation-page.h"

#include <glib/gi18n.h>
#include <string.h>

#define PROJECT_MIME_TYPE "application/x-twin-studio-project"
#define N_RECENT_MAX 10

typedef void (*AfterConfirmFunc) (TwinWindow *self);

struct _TwinWindow
{
  GtkApplicationWindow parent_instance;

  /* Template widgets */
  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  GtkMenuButton       *recent_button;
  GtkRevealer         *error_revealer;
  GtkLabel            *error_label;
  GtkRevealer         *alarm_revealer;
  GtkLabel            *alarm_label;
  GtkRevealer         *task_revealer;
  GtkLabel            *task_label;
  GtkProgressBar      *task_progress;
  GtkPaned            *paned;
  TwinHierarchyView   *hierarchy;
  TwinInspector       *inspector;
  TwinViewport        *viewport;
  TwinChartsPage      *charts;
  TwinSimulationPage  *simulation;
  TwinLivePage        *live;
  GtkRevealer         *replay_revealer;
  GtkToggleButton     *replay_play;
  GtkScale            *replay_scale;
  GtkLabel            *replay_label;
  GtkStack            *view_stack;
  TwinDiagramView     *diagram;
  TwinPalette         *palette;
  TwinValidationPanel *validation;

  /* Owned references */
  TwinProject         *project;
  GMenu               *recent_menu;
  GSettings           *settings;
  GCancellable        *task_cancellable; /* while an import or an export runs */
  TwinLiveSession     *live_session;     /* NULL for a read-only twin */

  /* State */
  int                  export_progress_ppm; /* atomic: written by the export thread */
  guint                export_progress_source;
  gulong               history_handlers[2];
  gulong               project_handlers[3];
  gulong               model_handlers[2];
  gulong               alarm_handler;
  gint64               alarm_rule_id; /* the rule whose alarm the banner shows */
  AfterConfirmFunc     after_confirm;
  gboolean             closing_confirmed;
  gboolean             syncing_selection; /* the tree and the diagram are being aligned */
  gboolean             model_changing;    /* the model is telling everyone about a step */
  gboolean             editing_locked;    /* a CSV import holds the project file's write lock */
};

G_DEFINE_FINAL_TYPE (TwinWindow, twin_window, GTK_TYPE_APPLICATION_WINDOW)

static void
set_action_enabled (TwinWindow *self,
                    const char *name,
                    gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* Imports and exports run one at a time, and only imports need a writable twin. */
static void
update_task_actions (TwinWindow *self)
{
  gboolean idle = self->task_cancellable == NULL && self->project != NULL;
  gboolean writable = idle && !twin_project_get_is_read_only (self->project);

  set_action_enabled (self, "import-mesh", writable);
  set_action_enabled (self, "import-csv", writable);
  set_action_enabled (self, "export-gltf", idle);
}

static void
update_title (TwinWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  gboolean         unsaved;

  if (self->project == NULL)
    return;
  name = twin_project_dup_display_name (self->project);
  unsaved = twin_project_get_has_unsaved_changes (self->project);
  /* The window title marks unsaved changes with a bullet, as GNOME apps do. */
  title = unsaved ? g_strdup_printf ("• %s", name) : g_strdup (name);

  if (twin_project_get_is_untitled (self->project))
    subtitle = g_strdup (_ ("Not saved yet"));
  else
    {
      g_autofree char *dir = g_path_get_dirname (twin_project_get_path (self->project));
      const char      *home = g_get_home_dir ();

      if (g_str_has_prefix (dir, home))
        subtitle = g_strconcat ("~", dir + strlen (home), NULL);
      else
        subtitle = g_strdup (dir);
      if (twin_project_get_is_read_only (self->project))
        {
          g_autofree char *with_mark = g_strdup_printf (_ ("%s (read-only)"), subtitle);

          g_free (subtitle);
          subtitle = g_steal_pointer (&with_mark);
        }
    }

  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->subtitle_label, subtitle);
}

static void
update_undo_actions (TwinWindow *self)
{
  TwinHistory *history;

  if (self->project == NULL)
    return;
  history = twin_model_get_history (twin_project_get_model (self->project));
  set_action_enabled (self, "undo", !self->editing_locked && twin_history_get_can_undo (history));
  set_action_enabled (self, "redo", !self->editing_locked && twin_history_get_can_redo (history));
}

/* While a CSV import writes the history in one long transaction, an edit of
 * the twin would wait for it (SQLite has one writer): editing pauses until
 * the import ends, instead of the window freezing on the first edit. */
static void
set_editing_locked (TwinWindow *self,
                    gboolean    locked)
{
  gboolean editable = !locked && self->project != NULL && !twin_project_get_is_read_only (self->project);

  self->editing_locked = locked;
  gtk_widget_set_sensitive (GTK_WIDGET (self->hierarchy), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->inspector), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->palette), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->diagram), !locked);
  twin_charts_page_set_saving_paused (self->charts, locked);
  update_undo_actions (self);
}

static void
add_to_recent (TwinWindow *self,
               const char *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  GtkRecentData    data = { 0 };
  gboolean         enabled = TRUE;

  /* Respect the desktop's privacy setting for recent files. */
  g_object_get (gtk_settings_get_default (), "gtk-recent-files-enabled", &enabled, NULL);
  if (uri == NULL || !enabled)
    return;
  data.mime_type = (char *) PROJECT_MIME_TYPE;
  data.app_name = (char *) g_get_application_name ();
  data.app_exec = (char *) "twin-studio %f";
  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

static void
rebuild_recent_menu (TwinWindow *self)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  guint  n = 0;

  g_menu_remove_all (self->recent_menu);
  for (GList *l = items; l != NULL && n < N_RECENT_MAX; l = l->next)
    {
      GtkRecentInfo   *info = l->data;
      g_autofree char *path = g_filename_from_uri (gtk_recent_info_get_uri (info), NULL, NULL);
      g_autofree char *name = NULL;
      g_autoptr (GMenuItem) item = NULL;

      if (path == NULL || !g_str_has_suffix (path, ".dtwin") || !g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      name = g_path_get_basename (path);
      item = g_menu_item_new (name, NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", path);
      g_menu_append_item (self->recent_menu, item);
      n++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  gtk_widget_set_sensitive (GTK_WIDGET (self->recent_button), n > 0);
}

static void
selection_changed_cb (TwinWindow *self)
{
  TwinEntity *selected = twin_hierarchy_view_get_selected (self->hierarchy);

  twin_inspector_set_entity (self->inspector, selected);
  twin_viewport_set_selected (self->viewport, selected);
  twin_live_page_set_entity (self->live, selected);
  /* While a step is announced the tree rebuilds rows and its selection
   * wanders; the diagram keeps its level until someone selects for real. */
  if (!self->syncing_selection && !self->model_changing && selected != NULL)
    {
      self->syncing_selection = TRUE;
      twin_diagram_view_select (self->diagram, selected);
      self->syncing_selection = FALSE;
    }
}

static void
model_changing_cb (TwinWindow *self)
{
  self->model_changing = TRUE;
}

static void
model_changed_cb (TwinWindow *self)
{
  self->model_changing = FALSE;
}

/* The diagram's selection goes to the tree, and so to the inspector; with
 * nothing selected the tree shows the level the diagram is showing. */
static void
diagram_selection_changed_cb (TwinWindow *self)
{
  TwinEntity *target = twin_diagram_view_get_selected (self->diagram);

  if (self->syncing_selection)
    return;
  if (target == NULL)
    target = twin_diagram_view_get_level (self->diagram);
  if (target == NULL)
    return;
  self->syncing_selection = TRUE;
  twin_hierarchy_view_select (self->hierarchy, target);
  self->syncing_selection = FALSE;
}

/* A type activated in the palette lands in the middle of the diagram. */
static void
palette_type_activated_cb (TwinWindow *self,
                           const char *type_name)
{
  GtkWidget *diagram = GTK_WIDGET (self->diagram);
  double     x, y;

  gtk_stack_set_visible_child_name (self->view_stack, "diagram");
  if (!twin_diagram_view_get_level (self->diagram))
    return;
  /* The diagram point under the view's centre, through a zero-length drop. */
  x = gtk_widget_get_width (diagram) / 2.0;
  y = gtk_widget_get_height (diagram) / 2.0;
  {
    g_autofree char *text = g_strconcat (TWIN_DIAGRAM_DRAG_PREFIX, type_name, NULL);

    twin_diagram_view_drop_text (self->diagram, text, x, y);
  }
}

/* The replay bar goes with the 3D view while it shows a run's results. */
static void
update_replay_bar (TwinWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->view_stack);

  gtk_revealer_set_reveal_child (self->replay_revealer, g_strcmp0 (page, "3d") == 0 &&
                                                          twin_simulation_page_get_replay_shown (self->simulation));
}

static void
replay_play_toggled_cb (GtkToggleButton *button)
{
  gtk_button_set_icon_name (GTK_BUTTON (button), gtk_toggle_button_get_active (button)
                                                   ? "media-playback-pause-symbolic"
                                                   : "media-playback-start-symbolic");
}

/* The palette only makes sense beside the diagram. */
static void
view_switched_cb (TwinWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->view_stack);

  gtk_widget_set_visible (GTK_WIDGET (self->palette), g_strcmp0 (page, "diagram") == 0);
  update_replay_bar (self);
}

/* A click in the 3D view selects the part under the pointer everywhere. */
static void
viewport_entity_picked_cb (TwinWindow *self,
                           TwinEntity *entity)
{
  if (entity != NULL)
    twin_hierarchy_view_select (self->hierarchy, entity);
}

/* The colour by value is a view setting the project keeps, outside undo. */
static void
viewport_color_by_changed_cb (TwinWindow *self)
{
  g_autoptr (GError) error = NULL;

  if (self->project == NULL || twin_project_get_is_read_only (self->project))
    return;
  if (!twin_project_set_color_by (self->project, twin_viewport_get_color_by (self->viewport), &error))
    twin_window_show_error (self, error->message);
}

static void
issue_activated_cb (TwinWindow *self,
                    TwinEntity *entity)
{
  gtk_stack_set_visible_child_name (self->view_stack, "diagram");
  twin_hierarchy_view_select (self->hierarchy, entity);
}

static void
hierarchy_error_cb (TwinWindow *self,
                    const char *message)
{
  twin_window_show_error (self, message);
}

/* The simulation's replay asks for the 3D view. */
static void
simulation_view_requested_cb (TwinWindow *self,
                              const char *name)
{
  gtk_stack_set_visible_child_name (self->view_stack, name);
}

/* A run needs a writable twin; Cancel, a run going. */
static void
update_simulation_actions (TwinWindow *self)
{
  gboolean writable = self->project != NULL && !twin_project_get_is_read_only (self->project);

  set_action_enabled (self, "run-simulation", writable);
  set_action_enabled (self, "cancel-simulation", twin_simulation_page_get_running (self->simulation) || twin_simulation_page_get_run_pending (self->simulation));
}

/* Shows @event's alarm in the banner, or hides the banner for NULL. */
static void
show_alarm (TwinWindow           *self,
            const TwinAlarmEvent *event)
{
  g_autofree char *text = NULL;

  set_action_enabled (self, "acknowledge-alarm", event != NULL);
  if (event == NULL)
    {
      self->alarm_rule_id = 0;
      gtk_revealer_set_reveal_child (self->alarm_revealer, FALSE);
      return;
    }
  self->alarm_rule_id = event->rule_id;
  if (event->message != NULL && *event->message != '\0')
    text = g_strdup (event->message);
  else
    /* TRANSLATORS: an alarm rule's name and the signal it watches. */
    text = g_strdup_printf (_ ("Alarm “%s” is raised on “%s”."), event->rule_name, event->signal);
  gtk_label_set_label (self->alarm_label, text);
  gtk_revealer_set_reveal_child (self->alarm_revealer, TRUE);
}

/* The banner shows the newest raised alarm nobody acknowledged (leaving out @cleared_rule_id). */
static void
update_alarm_banner (TwinWindow *self,
                     gint64      cleared_rule_id)
{
  g_autoptr (GPtrArray) raised = NULL;
  const TwinAlarmEvent *newest = NULL;

  if (self->live_session != NULL)
    raised = twin_live_session_dup_raised_alarms (self->live_session);
  for (guint i = 0; raised != NULL && i < raised->len; i++)
    {
      const TwinAlarmEvent *event = g_ptr_array_index (raised, i);

      if (event->rule_id == cleared_rule_id || twin_live_page_is_acknowledged (self->live, event->rule_id))
        continue;
      if (newest == NULL || event->t_us >= newest->t_us)
        newest = event;
    }
  show_alarm (self, newest);
}

static void
live_alarm_cb (TwinWindow *self,
               gpointer    event_pointer)
{
  const TwinAlarmEvent *event = event_pointer;

  if (event->kind == TWIN_ALARM_RAISED)
    show_alarm (self, event);
  else
    update_alarm_banner (self, event->kind == TWIN_ALARM_CLEARED ? event->rule_id : 0);
}

static void
live_acknowledged_cb (TwinWindow *self)
{
  update_alarm_banner (self, 0);
}

/* Hands @session (or none) to every widget that shows live values. */
static void
share_live_session (TwinWindow      *self,
                    TwinLiveSession *session)
{
  twin_live_page_set_session (self->live, session);
  twin_inspector_set_live_session (self->inspector, session);
  twin_hierarchy_view_set_live_session (self->hierarchy, session);
  twin_viewport_set_live_session (self->viewport, session);
  twin_charts_page_set_live_session (self->charts, session);
}

/* Stops the feeds (everything received is flushed into the twin). */
static void
stop_live_session (TwinWindow *self)
{
  if (self->live_session == NULL)
    return;
  g_clear_signal_handler (&self->alarm_handler, self->live_session);
  share_live_session (self, NULL);
  twin_live_session_stop (self->live_session);
  g_clear_object (&self->live_session);
  show_alarm (self, NULL);
}

/* A writable twin gets a live session, connected at once when the twin has feeds. */
static void
start_live_session (TwinWindow *self)
{
  stop_live_session (self);
  twin_live_page_set_project (self->live, self->project);
  if (self->project == NULL || twin_project_get_is_read_only (self->project))
    return;
  self->live_session = twin_live_session_new (twin_project_get_path (self->project));
  share_live_session (self, self->live_session);
  self->alarm_handler = g_signal_connect_swapped (self->live_session, "alarm", G_CALLBACK (live_alarm_cb), self);
  if (twin_live_page_has_feeds (self->live))
    twin_live_page_connect (self->live);
  update_alarm_banner (self, 0);
}

static void
disconnect_project (TwinWindow *self)
{
  TwinHistory *history;

  if (self->project == NULL)
    return;
  history = twin_model_get_history (twin_project_get_model (self->project));
  for (guint i = 0; i < G_N_ELEMENTS (self->history_handlers); i++)
    g_clear_signal_handler (&self->history_handlers[i], history);
  for (guint i = 0; i < G_N_ELEMENTS (self->project_handlers); i++)
    g_clear_signal_handler (&self->project_handlers[i], self->project);
  for (guint i = 0; i < G_N_ELEMENTS (self->model_handlers); i++)
    g_clear_signal_handler (&self->model_handlers[i], twin_project_get_model (self->project));
  self->model_changing = FALSE;
}

/* After Save As the history lives in the new file: the charts read it there. */
static void
project_moved_cb (TwinWindow *self)
{
  TwinProject *project = self->project;

  twin_charts_page_save_layout (self->charts);
  twin_charts_page_set_project (self->charts, NULL);
  twin_charts_page_set_project (self->charts, project);
  /* The feeds record into the file the twin now lives in. */
  start_live_session (self);
}

/* Shows @project (taking ownership) and closes the one shown before. */
static void
set_project (TwinWindow  *self,
             TwinProject *project)
{
  g_autoptr (TwinProject) old = NULL;
  TwinModel   *model = twin_project_get_model (project);
  TwinHistory *history = twin_model_get_history (model);

  disconnect_project (self);
  old = g_steal_pointer (&self->project);
  self->project = project;

  self->history_handlers[0] = g_signal_connect_swapped (history, "notify::can-undo", G_CALLBACK (update_undo_actions), self);
  self->history_handlers[1] = g_signal_connect_swapped (history, "notify::can-redo", G_CALLBACK (update_undo_actions), self);
  self->project_handlers[0] = g_signal_connect_swapped (project, "notify::has-unsaved-changes", G_CALLBACK (update_title), self);
  self->project_handlers[1] = g_signal_connect_swapped (project, "notify::path", G_CALLBACK (update_title), self);
  self->project_handlers[2] = g_signal_connect_swapped (project, "notify::path", G_CALLBACK (project_moved_cb), self);
  /* First among the model's listeners, and last: brackets every announcement. */
  self->model_handlers[0] = g_signal_connect_swapped (model, "changed", G_CALLBACK (model_changing_cb), self);
  self->model_handlers[1] = g_signal_connect_data (model, "changed", G_CALLBACK (model_changed_cb), self, NULL,
                                                   G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  twin_inspector_set_model (self->inspector, model);
  twin_inspector_set_mesh_catalog (self->inspector, twin_project_get_mesh_catalog (project));
  twin_viewport_set_model (self->viewport, model);
  twin_viewport_set_mesh_catalog (self->viewport, twin_project_get_mesh_catalog (project));
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (TwinColorBy) color_by = twin_project_dup_color_by (project, &error);

    /* A damaged setting costs the colours, not the twin. */
    if (error != NULL)
      g_warning ("Ignoring the saved colour by value: %s", error->message);
    twin_viewport_set_color_by (self->viewport, color_by);
  }
  twin_diagram_view_set_model (self->diagram, model);
  twin_charts_page_set_project (self->charts, project);
  twin_simulation_page_set_project (self->simulation, project);
  twin_validation_panel_set_model (self->validation, model);
  twin_hierarchy_view_set_model (self->hierarchy, model);
  twin_hierarchy_view_select (self->hierarchy, twin_model_get_root (model));
  gtk_widget_set_sensitive (GTK_WIDGET (self->hierarchy), !twin_project_get_is_read_only (project));
  gtk_widget_set_sensitive (GTK_WIDGET (self->inspector), !twin_project_get_is_read_only (project));
  gtk_widget_set_sensitive (GTK_WIDGET (self->palette), !twin_project_get_is_read_only (project));
  set_action_enabled (self, "save-as", TRUE);
  twin_window_cancel_import (self);
  update_task_actions (self);
  update_simulation_actions (self);
  update_title (self);
  update_undo_actions (self);
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  start_live_session (self);

  if (old != NULL)
    twin_project_close (old);
}

/* Runs @then now if nothing would be lost, or after the user agrees. */
static void
confirm_discard (TwinWindow      *self,
                 AfterConfirmFunc then);

static void
save_as_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     TwinWindow      *self)
{
  AfterConfirmFunc then = self->after_confirm;

  self->after_confirm = NULL;
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL && twin_window_save_as_path (self, path) && then != NULL)
        then (self);
    }
  g_object_unref (dialog);
}

static GtkFileFilter *
project_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _ ("Twin projects"));
  gtk_file_filter_add_pattern (filter, "*.dtwin");
  gtk_file_filter_add_mime_type (filter, PROJECT_MIME_TYPE);
  return filter;
}

static void
show_save_as_dialog (TwinWindow      *self,
                     AfterConfirmFunc then)
{
  GtkFileChooserNative *dialog;
  g_autoptr (GtkFileFilter) filter = project_filter ();
  g_autofree char *name = twin_project_dup_display_name (self->project);
  g_autofree char *file_name = g_strconcat (name, ".dtwin", NULL);

  dialog = gtk_file_chooser_native_new (_ ("Save Twin As"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _ ("_Save"), _ ("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), file_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  self->after_confirm = then;
  g_signal_connect (dialog, "response", G_CALLBACK (save_as_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

enum
{
  RESPONSE_DISCARD = 1,
  RESPONSE_SAVE = 2,
};

static void
confirm_response_cb (GtkDialog  *dialog,
                     int         response,
                     TwinWindow *self)
{
  AfterConfirmFunc then = self->after_confirm;

  /* @then may destroy this window: let go of the dialog's link to it first. */
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
  self->after_confirm = NULL;
  if (response == RESPONSE_DISCARD && then != NULL)
    then (self);
  else if (response == RESPONSE_SAVE)
    show_save_as_dialog (self, then);
}

static void
confirm_discard (TwinWindow      *self,
                 AfterConfirmFunc then)
{
  GtkWidget       *dialog;
  g_autofree char *name = NULL;

  if (self->project == NULL || !twin_project_get_has_unsaved_changes (self->project))
    {
      then (self);
      return;
    }

  name = twin_project_dup_display_name (self->project);
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _ ("Save changes to “%s”?"), name);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _ ("This twin has never been saved. If you don’t save it, your changes will be lost."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog),
                          _ ("_Cancel"), GTK_RESPONSE_CANCEL,
                          _ ("_Discard"), RESPONSE_DISCARD,
                          _ ("_Save As…"), RESPONSE_SAVE,
                          NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), RESPONSE_SAVE);
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), RESPONSE_DISCARD),
                            "destructive-action");
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), RESPONSE_SAVE),
                            "suggested-action");
  gtk_widget_set_name (dialog, "unsaved-changes-dialog");
  self->after_confirm = then;
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
do_new (TwinWindow *self)
{
  twin_window_new_untitled (self);
}

static void
new_activated (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  confirm_discard (TWIN_WINDOW (user_data), do_new);
}

static char *pending_open_path; /* main thread only: the file waiting for confirmation */

static void
do_open_pending (TwinWindow *self)
{
  g_autofree char *path = g_steal_pointer (&pending_open_path);

  if (path != NULL)
    twin_window_open_path (self, path, FALSE);
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  TwinWindow      *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      g_free (pending_open_path);
      pending_open_path = g_file_get_path (file);
      confirm_discard (self, do_open_pending);
    }
  g_object_unref (dialog);
}

static void
open_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  TwinWindow           *self = TWIN_WINDOW (user_data);
  GtkFileChooserNative *dialog;
  g_autoptr (GtkFileFilter) filter = project_filter ();

  dialog = gtk_file_chooser_native_new (_ ("Open Twin"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _ ("_Open"), _ ("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_recent_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  g_free (pending_open_path);
  pending_open_path = g_variant_dup_string (parameter, NULL);
  confirm_discard (TWIN_WINDOW (user_data), do_open_pending);
}

static void
save_as_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  show_save_as_dialog (TWIN_WINDOW (user_data), NULL);
}

/* Remembers the entity a step is about, so undo and redo can show it. */
static void
remember_touched_cb (TwinModel        *model,
                     const TwinChange *change,
                     TwinEntity      **touched)
{
  for (guint pass = 0; pass < 2 && *touched == NULL; pass++)
    for (guint i = 0; i < change->entries->len && *touched == NULL; i++)
      {
        const TwinChangeEntry *entry = &g_array_index (change->entries, TwinChangeEntry, i);
        TwinChangeFlags        wanted = pass == 0 ? (TWIN_CHANGE_ADDED | TWIN_CHANGE_UPDATED) : TWIN_CHANGE_CHILDREN;

        if ((entry->flags & wanted) && twin_model_contains (model, entry->entity))
          *touched = entry->entity;
      }
}

/* Undoes or redoes one step and selects what it changed, as editors do. */
static void
step_history (TwinWindow *self,
              gboolean    redo)
{
  g_autoptr (GError) error = NULL;
  TwinEntity *touched = NULL;
  TwinModel  *model;
  gulong      handler;
  gboolean    ok;

  if (self->project == NULL)
    return;
  model = twin_project_get_model (self->project);
  handler = g_signal_connect (model, "changed", G_CALLBACK (remember_touched_cb), &touched);
  ok = redo ? twin_model_redo (model, &error) : twin_model_undo (model, &error);
  g_signal_handler_disconnect (model, handler);
  if (!ok)
    twin_window_show_error (self, error->message);
  else if (touched != NULL)
    twin_hierarchy_view_select (self->hierarchy, touched);
}

static void
undo_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  step_history (TWIN_WINDOW (user_data), FALSE);
}

static void
redo_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  step_history (TWIN_WINDOW (user_data), TRUE);
}

static void
close_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
}

static void
dismiss_error_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  gtk_revealer_set_reveal_child (TWIN_WINDOW (user_data)->error_revealer, FALSE);
}

/* What a running import needs when it finishes. */
typedef struct
{
  TwinWindow  *window;  /* owned */
  TwinProject *project; /* owned: the project the import was started on */
  TwinEntity  *parent;  /* owned: where a new part or assembly goes */
  TwinEntity  *target;  /* owned, nullable: what shows the mesh */
  char        *display_name;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_object_unref (job->window);
  g_object_unref (job->project);
  g_object_unref (job->parent);
  g_clear_object (&job->target);
  g_free (job->display_name);
  g_free (job);
}

static void
show_task (TwinWindow *self,
           const char *label)
{
  gtk_label_set_label (self->task_label, label);
  gtk_progress_bar_set_fraction (self->task_progress, 0.0);
  gtk_revealer_set_reveal_child (self->task_revealer, label != NULL);
}

static void
import_progress_cb (double   fraction,
                    gpointer user_data)
{
  TwinWindow *self = user_data;

  gtk_progress_bar_set_fraction (self->task_progress, CLAMP (fraction, 0.0, 1.0));
}

static void
import_finished_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ImportJob  *job = user_data;
  TwinWindow *self = job->window;
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinMeshImport) import = twin_mesh_import_file_finish (result, &error);
  TwinEntity *entity = NULL;

  g_clear_object (&self->task_cancellable);
  show_task (self, NULL);
  update_task_actions (self);

  if (import == NULL)
    {
      /* Cancelled by the user: nothing to say, nothing changed. */
      if (!g_error_matches (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_CANCELLED) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        twin_window_show_error (self, error->message);
      import_job_free (job);
      return;
    }
  if (self->project != job->project ||
      !twin_model_contains (twin_project_get_model (job->project), job->parent) ||
      (job->target != NULL && !twin_model_contains (twin_project_get_model (job->project), job->target)))
    {
      g_autofree char *message = g_strdup_printf (_ ("“%s” was not imported: the twin changed while it was read."),
                                                  job->display_name);

      twin_window_show_error (self, message);
      import_job_free (job);
      return;
    }

  entity = twin_mesh_import_apply (import, twin_project_get_model (job->project),
                                   twin_project_get_mesh_catalog (job->project), job->parent, job->target, &error);
  if (entity == NULL)
    twin_window_show_error (self, error->message);
  else
    {
      gtk_stack_set_visible_child_name (self->view_stack, "3d");
      twin_hierarchy_view_select (self->hierarchy, entity);
      twin_viewport_fit_selection (self->viewport);
    }
  import_job_free (job);
}

/**
 * twin_window_import_mesh:
 * @path: a CAD or 3D mesh file
 * @options: how to read it
 * @parent: (nullable): where a new part or assembly goes; %NULL: the root
 * @target: (nullable): the entity to show with the file's mesh, for a plain
 *   import; %NULL adds a new part under @parent
 *
 * Starts importing @path in a worker thread, with progress and Cancel under
 * the header bar. When it is read, its meshes are stored and the entities
 * added in one undoable step, then selected and shown in the 3D view. A
 * file that cannot be read is reported in the banner and nothing changes.
 *
 * Returns: %FALSE when an import is running already or the twin is read-only
 */
gboolean
twin_window_import_mesh (TwinWindow                  *self,
                         const char                  *path,
                         const TwinMeshImportOptions *options,
                         TwinEntity                  *parent,
                         TwinEntity                  *target)
{
  g_autofree char *label = NULL;
  ImportJob       *job;

  g_return_val_if_fail (TWIN_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL && options != NULL, FALSE);

  if (self->task_cancellable != NULL || self->project == NULL || twin_project_get_is_read_only (self->project))
    return FALSE;

  job = g_new0 (ImportJob, 1);
  job->window = g_object_ref (self);
  job->project = g_object_ref (self->project);
  job->parent = g_object_ref (parent != NULL ? parent : twin_model_get_root (twin_project_get_model (self->project)));
  g_set_object (&job->target, target);
  job->display_name = g_filename_display_basename (path);

  self->task_cancellable = g_cancellable_new ();
  label = g_strdup_printf (_ ("Importing “%s”…"), job->display_name);
  show_task (self, label);
  update_task_actions (self);
  twin_mesh_import_file_async (path, options, import_progress_cb, self, self->task_cancellable,
                               import_finished_cb, job);
  return TRUE;
}

/**
 * twin_window_cancel_import:
 *
 * Cancels the running import, if any; the twin stays as it was.
 */
void
twin_window_cancel_import (TwinWindow *self)
{
  g_return_if_fail (TWIN_IS_WINDOW (self));

  if (self->task_cancellable != NULL)
    g_cancellable_cancel (self->task_cancellable);
}

/**
 * twin_window_get_is_importing:
 *
 * Returns: whether a mesh import or a glTF export is running
 */
gboolean
twin_window_get_is_importing (TwinWindow *self)
{
  g_return_val_if_fail (TWIN_IS_WINDOW (self), FALSE);

  return self->task_cancellable != NULL;
}

static void
import_dialog_import_cb (TwinImportDialog *dialog,
                         TwinWindow       *self)
{
  TwinMeshImportOptions options;
  TwinEntity           *place = twin_import_dialog_get_place (dialog);
  gboolean              attach = twin_import_dialog_get_attach (dialog);

  twin_import_dialog_get_options (dialog, &options);
  twin_window_import_mesh (self, twin_import_dialog_get_path (dialog), &options, place, attach ? place : NULL);
}

/**
 * twin_window_show_import_dialog:
 * @path: the file the user chose
 *
 * Asks how to import @path (unit, up axis, parts, placement), then imports it.
 *
 * Returns: (transfer none): the dialog
 */
GtkWindow *
twin_window_show_import_dialog (TwinWindow *self,
                                const char *path)
{
  TwinImportDialog *dialog;

  g_return_val_if_fail (TWIN_IS_WINDOW (self), NULL);

  dialog = twin_import_dialog_new (GTK_WINDOW (self), path, twin_hierarchy_view_get_selected (self->hierarchy));
  g_signal_connect_object (dialog, "import", G_CALLBACK (import_dialog_import_cb), self, 0);
  return GTK_WINDOW (dialog);
}

static void
import_file_response_cb (GtkNativeDialog *dialog,
                         int              response,
                         TwinWindow      *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        twin_window_show_import_dialog (self, path);
    }
  g_object_unref (dialog);
}

static void
import_mesh_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  static const char *const patterns[] = {
    "*.stl",
    "*.obj",
    "*.ply",
    "*.gltf",
    "*.glb",
    "*.fbx",
    "*.dae",
    "*.3ds",
    "*.3mf",
    "*.ifc",
    "*.ifczip",
  };
  TwinWindow           *self = TWIN_WINDOW (user_data);
  GtkFileChooserNative *dialog;
  g_autoptr (GtkFileFilter) meshes = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (meshes, _ ("CAD and 3D Meshes"));
  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    gtk_file_filter_add_suffix (meshes, patterns[i] + 2);
  gtk_file_filter_set_name (all, _ ("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  dialog = gtk_file_chooser_native_new (_ ("Import CAD Mesh"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _ ("_Choose"), _ ("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), meshes);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (import_file_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* An export of the 3D scene as glTF running in a worker thread. */
typedef struct
{
  TwinGltfWriter *writer;
  char           *path;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_object_unref (job->writer);
  g_free (job->path);
  g_free (job);
}

static void
export_progress_cb (double   fraction,
                    gpointer user_data)
{
  TwinWindow *self = user_data;

  g_atomic_int_set (&self->export_progress_ppm, (int) (CLAMP (fraction, 0.0, 1.0) * 1e6));
}

static gboolean
export_progress_tick_cb (gpointer user_data)
{
  TwinWindow *self = user_data;

  gtk_progress_bar_set_fraction (self->task_progress, g_atomic_int_get (&self->export_progress_ppm) / 1e6);
  return G_SOURCE_CONTINUE;
}

/* Runs @thread in a worker thread as the window's one task: the bar under
 * the header shows @label and the progress the thread reports through
 * export_progress_cb(), with Cancel. @done must call finish_worker_task(). */
static void
start_worker_task (TwinWindow         *self,
                   const char         *label,
                   gpointer            source_tag,
                   GTaskThreadFunc     thread,
                   gpointer            job,
                   GDestroyNotify      job_free,
                   GAsyncReadyCallback done)
{
  g_autoptr (GTask) task = NULL;

  self->task_cancellable = g_cancellable_new ();
  show_task (self, label);
  g_atomic_int_set (&self->export_progress_ppm, 0);
  self->export_progress_source = g_timeout_add (50, export_progress_tick_cb, self);
  update_task_actions (self);

  task = g_task_new (self, self->task_cancellable, done, NULL);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, thread);
}

/* Ends a task started with start_worker_task(): its error, unless it was
 * cancelled, goes to the banner. Returns whether it succeeded. */
static gboolean
finish_worker_task (TwinWindow   *self,
                    GAsyncResult *result)
{
  g_autoptr (GError) error = NULL;
  gboolean ok;

  g_clear_handle_id (&self->export_progress_source, g_source_remove);
  g_clear_object (&self->task_cancellable);
  show_task (self, NULL);
  update_task_actions (self);
  ok = g_task_propagate_boolean (G_TASK (result), &error);
  if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, TWIN_MESH_ERROR, TWIN_MESH_ERROR_CANCELLED) &&
      !g_error_matches (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_CANCELLED))
    twin_window_show_error (self, error->message);
  return ok;
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError    *error = NULL;

  if (twin_gltf_writer_write (job->writer, job->path, cancellable, export_progress_cb, source_object, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_finished_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  finish_worker_task (TWIN_WINDOW (source), result);
}

/**
 * twin_window_export_gltf:
 * @path: the .glb file to write
 *
 * Writes the 3D scene (entities, meshes, the saved colour by value) as a
 * binary glTF file in a worker thread, with progress and Cancel under the
 * header bar. The file appears whole or not at all.
 *
 * Returns: %FALSE when an import or export is running already
 */
gboolean
twin_window_export_gltf (TwinWindow *self,
                         const char *path)
{
  g_autoptr (TwinColorBy) color_by = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *label = NULL;
  ExportJob       *job;

  g_return_val_if_fail (TWIN_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->task_cancellable != NULL || self->project == NULL)
    return FALSE;

  /* A damaged setting only loses the colours, not the export. */
  color_by = twin_project_dup_color_by (self->project, NULL);
  job = g_new0 (ExportJob, 1);
  job->writer = twin_gltf_writer_new (twin_project_get_model (self->project), twin_project_get_mesh_catalog (self->project),
                                      color_by);
  job->path = g_strdup (path);

  display_name = g_filename_display_basename (path);
  label = g_strdup_printf (_ ("Exporting “%s”…"), display_name);
  start_worker_task (self, label, twin_window_export_gltf, export_thread, job, (GDestroyNotify) export_job_free,
                     export_finished_cb);
  return TRUE;
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    TwinWindow      *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL && !g_str_has_suffix (path, ".glb"))
        {
          char *with_suffix = g_strconcat (path, ".glb", NULL);

          g_free (path);
          path = with_suffix;
        }
      if (path != NULL)
        twin_window_export_gltf (self, path);
    }
  g_object_unref (dialog);
}

static void
export_gltf_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  TwinWindow           *self = TWIN_WINDOW (user_data);
  GtkFileChooserNative *dialog;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = twin_project_dup_display_name (self->project);
  g_autofree char *suggested = g_strconcat (name, ".glb", NULL);

  gtk_file_filter_set_name (filter, _ ("Binary glTF (.glb)"));
  gtk_file_filter_add_suffix (filter, "glb");
  dialog = gtk_file_chooser_native_new (_ ("Export the 3D Scene as glTF"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Export"), _ ("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* A CSV import into the project's history, in a worker thread with its own
 * connection to the file, all of it or nothing. */
typedef struct
{
  char                *project_path;
  char                *csv_path;
  TwinCsvImportReport *report;
} CsvJob;

static void
csv_job_free (CsvJob *job)
{
  g_free (job->project_path);
  g_free (job->csv_path);
  g_clear_pointer (&job->report, twin_csv_import_report_free);
  g_free (job);
}

static void
csv_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  CsvJob *job = task_data;
  GError *error = NULL;
  g_autoptr (TwinHistorian) historian = twin_historian_open (job->project_path, FALSE, &error);
  TwinCsvImportOptions options;

  if (historian == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  twin_csv_import_options_init (&options);
  job->report = twin_csv_import_file (historian, job->csv_path, &options, export_progress_cb, source_object,
                                      cancellable, &error);
  if (job->report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
csv_finished_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TwinWindow *self = TWIN_WINDOW (source);

  set_editing_locked (self, FALSE);
  if (!finish_worker_task (self, result))
    return;
  twin_charts_page_reload_signals (self->charts);
  gtk_stack_set_visible_child_name (self->view_stack, "charts");
}

/**
 * twin_window_import_csv:
 * @path: a CSV file of time series
 *
 * Imports @path into the project's history in a worker thread, with progress
 * and Cancel under the header bar; bad rows are reported in the banner with
 * their line numbers and nothing is stored. Then shows the charts.
 *
 * Returns: %FALSE when another import or export runs, or the twin is read-only
 */
gboolean
twin_window_import_csv (TwinWindow *self,
                        const char *path)
{
  g_autofree char *display_name = NULL;
  g_autofree char *label = NULL;
  CsvJob          *job;

  g_return_val_if_fail (TWIN_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->task_cancellable != NULL || self->project == NULL || twin_project_get_is_read_only (self->project))
    return FALSE;

  job = g_new0 (CsvJob, 1);
  job->project_path = g_strdup (twin_project_get_path (self->project));
  job->csv_path = g_strdup (path);

  display_name = g_filename_display_basename (path);
  label = g_strdup_printf (_ ("Importing “%s” into the history…"), display_name);
  set_editing_locked (self, TRUE);
  start_worker_task (self, label, twin_window_import_csv, csv_thread, job, (GDestroyNotify) csv_job_free,
                     csv_finished_cb);
  return TRUE;
}

static void
import_csv_response_cb (GtkNativeDialog *dialog,
                        int              response,
                        TwinWindow      *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        twin_window_import_csv (self, path);
    }
  g_object_unref (dialog);
}

static void
import_csv_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  TwinWindow           *self = TWIN_WINDOW (user_data);
  GtkFileChooserNative *dialog;
  g_autoptr (GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (csv, _ ("CSV Files"));
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_suffix (csv, "txt");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_set_name (all, _ ("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  dialog = gtk_file_chooser_native_new (_ ("Import History from CSV"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _ ("_Import"), _ ("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (import_csv_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* The inspector can be put away, to give the diagram, the 3D view or the charts its width. */
static void
show_inspector_changed (GSimpleAction *action,
                        GVariant      *state,
                        gpointer       user_data)
{
  TwinWindow *self = TWIN_WINDOW (user_data);

  gtk_widget_set_visible (GTK_WIDGET (self->inspector), g_variant_get_boolean (state));
  g_simple_action_set_state (action, state);
}

static void
cancel_task_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  twin_window_cancel_import (TWIN_WINDOW (user_data));
}

static void
run_simulation_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  TwinWindow *self = TWIN_WINDOW (user_data);

  gtk_stack_set_visible_child_name (self->view_stack, "simulation");
  twin_simulation_page_run (self->simulation);
}

static void
cancel_simulation_activated (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  twin_simulation_page_cancel (TWIN_WINDOW (user_data)->simulation);
}

static void
stop_replay_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  twin_simulation_page_stop_replay (TWIN_WINDOW (user_data)->simulation);
}

static void
show_alarms_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  TwinWindow *self = TWIN_WINDOW (user_data);

  gtk_stack_set_visible_child_name (self->view_stack, "live");
  twin_live_page_show_tab (self->live, "alarms");
}

static void
acknowledge_alarm_activated (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  TwinWindow *self = TWIN_WINDOW (user_data);
  g_autoptr (GError) error = NULL;

  if (self->alarm_rule_id != 0 && !twin_live_page_acknowledge (self->live, self->alarm_rule_id, &error))
    twin_window_show_error (self, error->message);
}

static const GActionEntry win_actions[] = {
  { "show-alarms", show_alarms_activated },
  { "acknowledge-alarm", acknowledge_alarm_activated },
  { "import-mesh", import_mesh_activated },
  { "show-inspector", NULL, NULL, "true", show_inspector_changed },
  { "export-gltf", export_gltf_activated },
  { "import-csv", import_csv_activated },
  { "cancel-task", cancel_task_activated },
  { "run-simulation", run_simulation_activated },
  { "cancel-simulation", cancel_simulation_activated },
  { "stop-replay", stop_replay_activated },
  { "new", new_activated },
  { "open", open_activated },
  { "open-recent", open_recent_activated, "s" },
  { "save-as", save_as_activated },
  { "undo", undo_activated },
  { "redo", redo_activated },
  { "close", close_activated },
  { "dismiss-error", dismiss_error_activated },
};

static void
really_close (TwinWindow *self)
{
  self->closing_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
twin_window_close_request (GtkWindow *window)
{
  TwinWindow *self = TWIN_WINDOW (window);

  if (!self->closing_confirmed && self->project != NULL && twin_project_get_has_unsaved_changes (self->project))
    {
      confirm_discard (self, really_close);
      return TRUE;
    }
  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
      g_settings_set_int (self->settings, "paned-position", gtk_paned_get_position (self->paned));
    }
  stop_live_session (self);
  twin_live_page_set_project (self->live, NULL);
  if (self->project != NULL)
    {
      twin_charts_page_save_layout (self->charts);
      twin_charts_page_set_project (self->charts, NULL);
      twin_simulation_page_set_project (self->simulation, NULL);
      disconnect_project (self);
      twin_project_close (self->project);
    }
  return GTK_WINDOW_CLASS (twin_window_parent_class)->close_request (window);
}

static void
twin_window_dispose (GObject *object)
{
  TwinWindow *self = (TwinWindow *) object;

  disconnect_project (self);
  if (self->live != NULL)
    stop_live_session (self);
  if (self->task_cancellable != NULL)
    g_cancellable_cancel (self->task_cancellable);
  g_clear_object (&self->task_cancellable);
  g_clear_handle_id (&self->export_progress_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), TWIN_TYPE_WINDOW);
  if (self->project != NULL)
    twin_project_close (self->project);
  g_clear_object (&self->project);
  g_clear_object (&self->recent_menu);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (twin_window_parent_class)->dispose (object);
}

static void
twin_window_class_init (TwinWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = twin_window_dispose;
  window_class->close_request = twin_window_close_request;

  g_type_ensure (TWIN_TYPE_DIAGRAM_VIEW);
  g_type_ensure (TWIN_TYPE_HIERARCHY_VIEW);
  g_type_ensure (TWIN_TYPE_INSPECTOR);
  g_type_ensure (TWIN_TYPE_PALETTE);
  g_type_ensure (TWIN_TYPE_VALIDATION_PANEL);
  g_type_ensure (TWIN_TYPE_VIEWPORT);
  g_type_ensure (TWIN_TYPE_CHARTS_PAGE);
  g_type_ensure (TWIN_TYPE_SIMULATION_PAGE);
  g_type_ensure (TWIN_TYPE_LIVE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/twin-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, recent_button);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, alarm_revealer);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, alarm_label);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, task_revealer);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, task_label);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, task_progress);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, hierarchy);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, inspector);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, viewport);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, charts);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, simulation);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, live);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, replay_revealer);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, replay_play);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, replay_scale);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, replay_label);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, diagram);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, palette);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, validation);
}

static void
twin_window_init (TwinWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions), self);
  set_action_enabled (self, "undo", FALSE);
  set_action_enabled (self, "redo", FALSE);
  set_action_enabled (self, "save-as", FALSE);
  update_task_actions (self);
  update_simulation_actions (self);

  self->recent_menu = g_menu_new ();
  gtk_menu_button_set_menu_model (self->recent_button, G_MENU_MODEL (self->recent_menu));
  rebuild_recent_menu (self);
  g_signal_connect_object (gtk_recent_manager_get_default (), "changed", G_CALLBACK (rebuild_recent_menu), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_swapped (self->hierarchy, "notify::selected", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->hierarchy, "error", G_CALLBACK (hierarchy_error_cb), self);
  g_signal_connect_swapped (self->diagram, "selection-changed", G_CALLBACK (diagram_selection_changed_cb), self);
  g_signal_connect_swapped (self->diagram, "error", G_CALLBACK (hierarchy_error_cb), self);
  g_signal_connect_swapped (self->palette, "type-activated", G_CALLBACK (palette_type_activated_cb), self);
  g_signal_connect_swapped (self->validation, "issue-activated", G_CALLBACK (issue_activated_cb), self);
  g_signal_connect_swapped (self->viewport, "entity-picked", G_CALLBACK (viewport_entity_picked_cb), self);
  g_signal_connect_swapped (self->viewport, "color-by-changed", G_CALLBACK (viewport_color_by_changed_cb), self);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child-name", G_CALLBACK (view_switched_cb), self);
  twin_simulation_page_set_viewport (self->simulation, self->viewport);
  g_signal_connect_swapped (self->simulation, "error", G_CALLBACK (hierarchy_error_cb), self);
  g_signal_connect_swapped (self->simulation, "view-requested", G_CALLBACK (simulation_view_requested_cb), self);
  g_signal_connect_swapped (self->simulation, "notify::running", G_CALLBACK (update_simulation_actions), self);
  /* The bar under the 3D view is the page's replay controls again: one slider, one play state. */
  gtk_range_set_adjustment (GTK_RANGE (self->replay_scale),
                            gtk_range_get_adjustment (twin_simulation_page_get_replay_range (self->simulation)));
  g_object_bind_property (twin_simulation_page_get_replay_label (self->simulation), "label", self->replay_label,
                          "label", G_BINDING_SYNC_CREATE);
  g_object_bind_property (twin_simulation_page_get_replay_play (self->simulation), "active", self->replay_play,
                          "active", G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_signal_connect (self->replay_play, "toggled", G_CALLBACK (replay_play_toggled_cb), NULL);
  g_signal_connect_swapped (self->simulation, "notify::replay-shown", G_CALLBACK (update_replay_bar), self);
  g_signal_connect_swapped (self->live, "error", G_CALLBACK (hierarchy_error_cb), self);
  g_signal_connect_swapped (self->live, "acknowledged", G_CALLBACK (live_acknowledged_cb), self);
  set_action_enabled (self, "acknowledge-alarm", FALSE);

  /* Settings are optional: an uninstalled build may run without its schema. */
  if (source != NULL && (schema = g_settings_schema_source_lookup (source, "io.github.twinstudio.TwinStudio", TRUE)) != NULL)
    {
      self->settings = g_settings_new ("io.github.twinstudio.TwinStudio");
      gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      gtk_paned_set_position (self->paned, g_settings_get_int (self->settings, "paned-position"));
    }
}

/**
 * twin_window_new:
 * @app: (nullable): the application
 *
 * Returns: (transfer none): a new window without a twin
 */
TwinWindow *
twin_window_new (TwinApplication *app)
{
  return g_object_new (TWIN_TYPE_WINDOW, "application", app, NULL);
}

/**
 * twin_window_new_untitled:
 *
 * Shows a new untitled twin (in a temporary file until it is saved).
 */
void
twin_window_new_untitled (TwinWindow *self)
{
  g_autoptr (GError) error = NULL;
  TwinProject *project;

  g_return_if_fail (TWIN_IS_WINDOW (self));

  project = twin_project_new_untitled (NULL, &error);
  if (project == NULL)
    {
      twin_window_show_error (self, error->message);
      return;
    }
  set_project (self, project);
}

static void
locked_response_cb (GtkDialog  *dialog,
                    int         response,
                    TwinWindow *self)
{
  char *path = g_object_get_data (G_OBJECT (dialog), "path");

  if (response == GTK_RESPONSE_ACCEPT)
    twin_window_open_path (self, path, TRUE);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/**
 * twin_window_open_path:
 * @path: a .dtwin file
 * @read_only: open it for reading only
 *
 * Opens a project in this window. A refused file is explained in the
 * window; one open for writing elsewhere offers to open it read-only.
 *
 * Returns: %TRUE when the project is shown
 */
gboolean
twin_window_open_path (TwinWindow *self,
                       const char *path,
                       gboolean    read_only)
{
  g_autoptr (GError) error = NULL;
  TwinProject *project;

  g_return_val_if_fail (TWIN_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  project = twin_project_open (path, read_only, &error);
  if (project == NULL)
    {
      if (g_error_matches (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_LOCKED))
        {
          GtkWidget *dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                                      GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                                      _ ("This twin is open in another window or program"));

          gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", error->message);
          gtk_dialog_add_buttons (GTK_DIALOG (dialog), _ ("_Cancel"), GTK_RESPONSE_CANCEL,
                                  _ ("Open _Read-Only"), GTK_RESPONSE_ACCEPT, NULL);
          gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
          gtk_widget_set_name (dialog, "locked-dialog");
          g_object_set_data_full (G_OBJECT (dialog), "path", g_strdup (path), g_free);
          g_signal_connect (dialog, "response", G_CALLBACK (locked_response_cb), self);
          gtk_window_present (GTK_WINDOW (dialog));
        }
      else
        twin_window_show_error (self, error->message);
      return FALSE;
    }
  set_project (self, project);
  add_to_recent (self, path);
  return TRUE;
}

/**
 * twin_window_save_as_path:
 * @path: where to write a copy; ".dtwin" is added when the name has no extension
 *
 * Writes a consistent copy of the twin to @path and goes on editing that copy.
 *
 * Returns: %TRUE when saved
 */
gboolean
twin_window_save_as_path (TwinWindow *self,
                          const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (TWIN_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->project == NULL)
    return FALSE;
  base = g_path_get_basename (path);
  target = strchr (base, '.') == NULL ? g_strconcat (path, ".dtwin", NULL) : g_strdup (path);
  if (!twin_project_save_as (self->project, target, &error))
    {
      twin_window_show_error (self, error->message);
      return FALSE;
    }
  add_to_recent (self, target);
  update_title (self);
  return TRUE;
}

/**
 * twin_window_get_project:
 *
 * Returns: (transfer none) (nullable): the twin shown
 */
TwinProject *
twin_window_get_project (TwinWindow *self)
{
  g_return_val_if_fail (TWIN_IS_WINDOW (self), NULL);

  return self->project;
}

TwinHierarchyView *
twin_window_get_hierarchy (TwinWindow *self)
{
  g_return_val_if_fail (TWIN_IS_WINDOW (self), NULL);

  return self->hierarchy;
}

TwinInspector *
twin_window_get_inspector (TwinWindow *self)
{
  g_return_val_if_fail (TWIN_IS_WINDOW (self), NULL);

  return self->inspector;
}

TwinViewport *
twin_window_get_viewport (TwinWindow *self)
{
  g_return_val_if_fail (TWIN_IS_WINDOW (self), NULL);

  return self->viewport;
}

TwinDiagramView *
twin_window_get_diagram (TwinWindow *self)
{
  g_return_val_if_fail (TWIN_IS_WINDOW (self), NULL);

  return self->diagram;
}

TwinPalette *
twin_window_get_palette (TwinWindow *self)
{
  g_return_val_if_fail (TWIN_IS_WINDOW (self), NULL);

  return self->palette;
}

TwinValidationPanel *
twin_window_get_validation_panel (TwinWindow *self)
{
  g_return_val_if_fail (TWIN_IS_WINDOW (self), NULL);

  return self->validation;
}

/**
 * twin_window_get_charts:
 *
 * Returns: (transfer none): the Charts page
 */
TwinChartsPage *
twin_window_get_charts (TwinWindow *self)
{
  g_return_val_if_fail (TWIN_IS_WINDOW (self), NULL);

  return self->charts;
}

/**
 * twin_window_get_simulation:
 *
 * Returns: (transfer none): the Simulation page
 */
TwinSimulationPage *
twin_window_get_simulation (TwinWindow *self)
{
  g_return_val_if_fail (TWIN_IS_WINDOW (self), NULL);

  return self->simulation;
}

/**
 * twin_window_get_view_stack:
 *
 * Returns: (transfer none): the stack of the diagram ("diagram"), the 3D view ("3d"),
 *   the charts ("charts"), the simulation ("simulation") and the live feeds ("live")
 */
GtkStack *
twin_window_get_view_stack (TwinWindow *self)
{
  g_return_val_if_fail (TWIN_IS_WINDOW (self), NULL);

  return self->view_stack;
}

/**
 * twin_window_show_error:
 * @message: a full sentence naming the cause
 *
 * Shows @message in the banner at the top of the window until dismissed.
 */
void
twin_window_show_error (TwinWindow *self,
                        const char *message)
{
  g_return_if_fail (TWIN_IS_WINDOW (self));

  gtk_label_set_label (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

/**
 * twin_window_get_error_message:
 *
 * Returns: (nullable): the error shown in the banner, if any
 */
const char *
twin_window_get_error_message (TwinWindow *self)
{
  g_return_val_if_fail (TWIN_IS_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->error_revealer))
    return NULL;
  return gtk_label_get_label (self->error_label);
}

/**
 * twin_window_get_live:
 *
 * Returns: (transfer none): the Live page
 */
TwinLivePage *
twin_window_get_live (TwinWindow *self)
{
  g_return_val_if_fail (TWIN_IS_WINDOW (self), NULL);

  return self->live;
}

/**
 * twin_window_get_live_session:
 *
 * Returns: (transfer none) (nullable): the twin's live session (none for a read-only twin)
 */
TwinLiveSession *
twin_window_get_live_session (TwinWindow *self)
{
  g_return_val_if_fail (TWIN_IS_WINDOW (self), NULL);

  return self->live_session;
}

/**
 * twin_window_get_alarm_message:
 *
 * Returns: (nullable): the alarm shown in the banner, if any
 */
const char *
twin_window_get_alarm_message (TwinWindow *self)
{
  g_return_val_if_fail (TWIN_IS_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->alarm_revealer))
    return NULL;
  return gtk_label_get_label (self->alarm_label);
}
