/* twin-charts-page.c: the window's Charts page: the project's signals beside a stack of trend charts.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page reads the project's history through its own TwinHistorian (a
 * read connection to the project file; imports write through another one
 * in a worker thread, then call twin_charts_page_reload_signals()). On the
 * left, every signal, searchable; drag one onto a chart, or activate it
 * to add it to the bottom chart. A chart also takes an entity dragged from
 * the tree (every signal bound to it or to a part inside it) and a
 * property dragged from the inspector (the signal bound to that property).
 * The layout (charts, their signals, the visible range) is kept in the
 * project under TWIN_CHARTS_LAYOUT_METADATA_KEY, saved when it changes.
 *
 * With a live session (the recorder writing the same file), each
 * TwinLiveSession::changed (at most ten a second) lists topics that became
 * signals and, while following live, tells every series its data changed,
 * so new samples appear without the user doing anything.
 */

#define G_LOG_DOMAIN "twin-charts-page"

#include "config.h"

#include "twin-charts-page.h"

#include "history/twin-csv-export.h"
#include "model/twin-entity.h"

#include <glib/gi18n.h>
#include <string.h>

struct _TwinChartsPage
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkPaned        *paned;
  GtkSearchEntry  *search_entry;
  GtkStack        *signal_stack;
  GtkListView     *signal_list;
  GtkToggleButton *follow_button;
  TwinChartStack  *stack;

  /* Owned references */
  TwinProject     *project;
  TwinHistorian   *historian;    /* NULL without a project, or when the file has no history yet */
  GtkStringList   *signal_names; /* every signal, by name */
  GHashTable      *signals;      /* name → TwinSignalInfo */
  TwinLiveSession *live;         /* or NULL: no feeds running */

  /* State */
  guint            save_source;
  gboolean         loading;
  gboolean         saving_paused; /* another connection is writing the project file */
  gulong           live_handler;
  gint64           live_reload_us; /* when the signals were last reread for new topics */
};

G_DEFINE_FINAL_TYPE (TwinChartsPage, twin_charts_page, GTK_TYPE_WIDGET)

static TwinChartSeries *
make_series (TwinChartsPage *self,
             const char     *signal_name)
{
  TwinSignalInfo *info = self->signals != NULL ? g_hash_table_lookup (self->signals, signal_name) : NULL;

  if (info == NULL || self->historian == NULL)
    return NULL;
  return twin_chart_series_new_for_historian (self->historian, info->id, info->name, info->unit);
}

static TwinChartSeries *
resolve_series_cb (const char *signal_name,
                   gpointer    data)
{
  return make_series (TWIN_CHARTS_PAGE (data), signal_name);
}

static gboolean
save_layout_cb (gpointer data)
{
  TwinChartsPage *self = data;

  self->save_source = 0;
  if (!self->saving_paused)
    twin_charts_page_save_layout (self);
  return G_SOURCE_REMOVE;
}

/* Layout changes come in bursts (a zoom is many range changes): save once they settle. */
static void
queue_save (TwinChartsPage *self)
{
  if (self->loading || self->project == NULL)
    return;
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (500, save_layout_cb, self);
}

static guint
count_series (TwinChartsPage *self)
{
  guint n = 0;

  for (guint i = 0; i < twin_chart_stack_get_n_charts (self->stack); i++)
    n += twin_chart_get_n_series (twin_chart_stack_get_chart (self->stack, i));
  return n;
}

/* The bottom chart, made if there is none. */
static TwinChart *
default_chart (TwinChartsPage *self)
{
  guint n = twin_chart_stack_get_n_charts (self->stack);

  if (n == 0)
    return twin_chart_stack_add_chart (self->stack);
  return twin_chart_stack_get_chart (self->stack, n - 1);
}

static gboolean
export_csv_cb (TwinChart  *chart,
               GPtrArray  *series,
               gint64      from_us,
               gint64      to_us,
               const char *path,
               gpointer    data,
               GError    **error)
{
  TwinChartsPage *self = data;
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  if (self->historian == NULL)
    {
      g_set_error (error, TWIN_CHART_ERROR, TWIN_CHART_ERROR_EXPORT, _ ("The twin has no history to export"));
      return FALSE;
    }
  for (guint i = 0; i < series->len; i++)
    g_ptr_array_add (names, (gpointer) twin_chart_series_get_name (g_ptr_array_index (series, i)));
  g_ptr_array_add (names, NULL);
  return twin_csv_export_file (self->historian, (const char *const *) names->pdata, from_us, to_us, path, NULL, NULL,
                               NULL, error);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              TwinChartsPage           *self);

static GdkContentProvider *
row_drag_prepare_cb (GtkDragSource *source,
                     double         x,
                     double         y,
                     GtkListItem   *item)
{
  GtkStringObject *name = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;

  if (name == NULL)
    return NULL;
  text = g_strconcat (TWIN_CHARTS_SIGNAL_PREFIX, gtk_string_object_get_string (name), NULL);
  return gdk_content_provider_new_typed (G_TYPE_STRING, text);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              TwinChartsPage           *self)
{
  GtkWidget     *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget     *name = gtk_label_new (NULL);
  GtkWidget     *detail = gtk_label_new (NULL);
  GtkDragSource *drag = gtk_drag_source_new ();

  gtk_label_set_xalign (GTK_LABEL (name), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_START);
  gtk_label_set_xalign (GTK_LABEL (detail), 0.0f);
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  g_signal_connect (drag, "prepare", G_CALLBACK (row_drag_prepare_cb), item);
  gtk_widget_add_controller (box, GTK_EVENT_CONTROLLER (drag));
  gtk_list_item_set_child (item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             TwinChartsPage           *self)
{
  GtkWidget       *box = gtk_list_item_get_child (item);
  GtkWidget       *name = gtk_widget_get_first_child (box);
  GtkWidget       *detail = gtk_widget_get_next_sibling (name);
  const char      *signal_name = gtk_string_object_get_string (gtk_list_item_get_item (item));
  TwinSignalInfo  *info = g_hash_table_lookup (self->signals, signal_name);
  g_autofree char *text = NULL;

  gtk_label_set_label (GTK_LABEL (name), signal_name);
  gtk_widget_set_tooltip_text (box, info != NULL && info->entity_path != NULL ? info->entity_path : signal_name);
  if (info != NULL)
    /* Translators: a signal's unit and sample count, as in “°C · 35040 samples” */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %" G_GINT64_FORMAT " sample",
                                         "%s · %" G_GINT64_FORMAT " samples", (gulong) info->n_samples),
                            info->unit != NULL && *info->unit != '\0' ? info->unit : _ ("no unit"), info->n_samples);
  gtk_label_set_label (GTK_LABEL (detail), text != NULL ? text : "");
}

static void
signal_activated_cb (GtkListView    *list,
                     guint           position,
                     TwinChartsPage *self)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (list));
  g_autoptr (GtkStringObject) name = g_list_model_get_item (model, position);

  if (name != NULL)
    twin_charts_page_add_signal (self, NULL, gtk_string_object_get_string (name), NULL);
}

static void
series_dropped_cb (TwinChartStack *stack,
                   TwinChart      *chart,
                   const char     *text,
                   TwinChartsPage *self)
{
  g_autoptr (GError) error = NULL;

  if (!twin_charts_page_drop_text (self, chart, text, &error))
    {
      GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));

      g_debug ("%s", error->message);
      gtk_widget_error_bell (window != NULL ? window : GTK_WIDGET (self));
    }
}

/* The chart under a point of the stack, or the bottom one. */
static TwinChart *
chart_at (TwinChartsPage *self,
          double          x,
          double          y)
{
  guint n = twin_chart_stack_get_n_charts (self->stack);

  for (guint i = 0; i < n; i++)
    {
      TwinChart      *chart = twin_chart_stack_get_chart (self->stack, i);
      graphene_rect_t bounds;

      if (gtk_widget_compute_bounds (GTK_WIDGET (chart), GTK_WIDGET (self->stack), &bounds) &&
          graphene_rect_contains_point (&bounds, &GRAPHENE_POINT_INIT ((float) x, (float) y)))
        return chart;
    }
  return default_chart (self);
}

static gboolean
entity_dropped_cb (GtkDropTarget  *target,
                   const GValue   *value,
                   double          x,
                   double          y,
                   TwinChartsPage *self)
{
  TwinEntity *entity = g_value_get_object (value);

  if (entity == NULL)
    return FALSE;
  return twin_charts_page_add_entity (self, chart_at (self, x, y), entity) > 0;
}

static void
range_changed_cb (TwinChartsPage *self)
{
  queue_save (self);
}

static void
add_chart_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TwinChartsPage *self = TWIN_CHARTS_PAGE (widget);

  twin_chart_stack_add_chart (self->stack);
  queue_save (self);
}

static void
remove_chart_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TwinChartsPage *self = TWIN_CHARTS_PAGE (widget);
  guint           n = twin_chart_stack_get_n_charts (self->stack);

  if (n > 0)
    twin_chart_stack_remove_chart (self->stack, twin_chart_stack_get_chart (self->stack, n - 1));
  queue_save (self);
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TwinChartsPage *self = TWIN_CHARTS_PAGE (widget);

  if (twin_chart_stack_get_n_charts (self->stack) > 0)
    twin_chart_reset (twin_chart_stack_get_chart (self->stack, 0));
}

typedef struct
{
  TwinChartsPage *page;
  char           *kind;
} ExportRequest;

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    ExportRequest   *request)
{
  TwinChartsPage *self = request->page;

  if (response == GTK_RESPONSE_ACCEPT && twin_chart_stack_get_n_charts (self->stack) > 0)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr (GError) error = NULL;
      TwinChart *chart = twin_chart_stack_get_chart (self->stack, 0);
      int        width = MAX (800, gtk_widget_get_width (GTK_WIDGET (chart)));
      int        height = MAX (400, gtk_widget_get_height (GTK_WIDGET (chart)));
      gboolean   ok;

      if (g_str_equal (request->kind, "png"))
        ok = twin_chart_export_png (chart, path, width, height, &error);
      else if (g_str_equal (request->kind, "svg"))
        ok = twin_chart_export_svg (chart, path, width, height, &error);
      else
        ok = twin_chart_export_csv (chart, path, &error);
      if (!ok)
        {
          GtkWidget *message = gtk_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                                       GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", error->message);

          g_signal_connect (message, "response", G_CALLBACK (gtk_window_destroy), NULL);
          gtk_window_present (GTK_WINDOW (message));
        }
    }
  g_object_unref (request->page);
  g_free (request->kind);
  g_free (request);
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TwinChartsPage       *self = TWIN_CHARTS_PAGE (widget);
  const char           *kind = g_variant_get_string (parameter, NULL);
  GtkFileChooserNative *dialog;
  ExportRequest        *request;
  g_autofree char      *name = g_strconcat (_ ("chart"), ".", kind, NULL);

  dialog = gtk_file_chooser_native_new (_ ("Export the Chart"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Export"), _ ("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  request = g_new0 (ExportRequest, 1);
  request->page = g_object_ref (self);
  request->kind = g_strdup (kind);
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Follow-live turned on or off elsewhere (a chart's menu, a layout): the button shows it. */
static void
range_follow_changed_cb (TwinChartsPage *self)
{
  gboolean follow = twin_chart_range_get_follow_live (twin_chart_stack_get_range (self->stack));

  if (gtk_toggle_button_get_active (self->follow_button) != follow)
    gtk_toggle_button_set_active (self->follow_button, follow);
}

static void
follow_toggled_cb (TwinChartsPage *self)
{
  twin_chart_range_set_follow_live (twin_chart_stack_get_range (self->stack),
                                    gtk_toggle_button_get_active (self->follow_button));
  queue_save (self);
}

/* Rereads the signals (at most once a second) while a topic seen live is not listed yet. */
static void
list_new_topics (TwinChartsPage *self)
{
  g_autoptr (GPtrArray) topics = twin_live_session_dup_topics (self->live);
  gint64 now_us = g_get_monotonic_time ();

  if (self->project == NULL || now_us - self->live_reload_us < G_USEC_PER_SEC)
    return;
  for (guint i = 0; i < topics->len; i++)
    {
      TwinLiveTopic *topic = g_ptr_array_index (topics, i);

      if (topic->has_value && !g_hash_table_contains (self->signals, topic->topic))
        {
          self->live_reload_us = now_us;
          twin_charts_page_reload_signals (self);
          return;
        }
    }
}

static void
live_changed_cb (TwinChartsPage *self)
{
  if (self->live == NULL)
    return;
  list_new_topics (self);
  if (!twin_chart_range_get_follow_live (twin_chart_stack_get_range (self->stack)))
    return;
  for (guint i = 0; i < twin_chart_stack_get_n_charts (self->stack); i++)
    {
      TwinChart *chart = twin_chart_stack_get_chart (self->stack, i);

      for (guint j = 0; j < twin_chart_get_n_series (chart); j++)
        twin_chart_series_invalidate (twin_chart_get_series (chart, j));
    }
}

static void
twin_charts_page_dispose (GObject *object)
{
  TwinChartsPage *self = TWIN_CHARTS_PAGE (object);

  if (self->save_source != 0)
    {
      g_clear_handle_id (&self->save_source, g_source_remove);
      twin_charts_page_save_layout (self);
    }
  if (self->live != NULL)
    g_clear_signal_handler (&self->live_handler, self->live);
  g_clear_object (&self->live);
  gtk_widget_dispose_template (GTK_WIDGET (self), TWIN_TYPE_CHARTS_PAGE);
  g_clear_object (&self->project);
  g_clear_object (&self->historian);
  g_clear_object (&self->signal_names);
  g_clear_pointer (&self->signals, g_hash_table_unref);

  G_OBJECT_CLASS (twin_charts_page_parent_class)->dispose (object);
}

static void
twin_charts_page_class_init (TwinChartsPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = twin_charts_page_dispose;

  g_type_ensure (TWIN_TYPE_CHART_STACK);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/twin-charts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TwinChartsPage, paned);
  gtk_widget_class_bind_template_child (widget_class, TwinChartsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TwinChartsPage, signal_stack);
  gtk_widget_class_bind_template_child (widget_class, TwinChartsPage, signal_list);
  gtk_widget_class_bind_template_child (widget_class, TwinChartsPage, follow_button);
  gtk_widget_class_bind_template_child (widget_class, TwinChartsPage, stack);

  gtk_widget_class_install_action (widget_class, "charts.add-chart", NULL, add_chart_action);
  gtk_widget_class_install_action (widget_class, "charts.remove-chart", NULL, remove_chart_action);
  gtk_widget_class_install_action (widget_class, "charts.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "charts.export", "s", export_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "chartspage");
}

static void
twin_charts_page_init (TwinChartsPage *self)
{
  GtkListItemFactory *factory;
  GtkFilterListModel *filtered;
  GtkStringFilter    *filter;
  GtkDropTarget      *entity_target;
  g_autoptr (GtkSingleSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->signal_names = gtk_string_list_new (NULL);
  self->signals = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) twin_signal_info_free);
  filter = gtk_string_filter_new (gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  gtk_string_filter_set_match_mode (filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (filter, TRUE);
  g_object_bind_property (self->search_entry, "text", filter, "search", G_BINDING_DEFAULT);
  /* The filter model and the selection each take the model below them. */
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->signal_names)), GTK_FILTER (filter));
  selection = gtk_single_selection_new (G_LIST_MODEL (filtered));
  gtk_list_view_set_model (self->signal_list, GTK_SELECTION_MODEL (selection));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->signal_list, factory);
  g_object_unref (factory);
  g_signal_connect (self->signal_list, "activate", G_CALLBACK (signal_activated_cb), self);

  g_signal_connect (self->stack, "series-dropped", G_CALLBACK (series_dropped_cb), self);
  twin_chart_stack_set_csv_exporter (self->stack, export_csv_cb, self, NULL);
  g_signal_connect_object (twin_chart_stack_get_range (self->stack), "changed", G_CALLBACK (range_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->follow_button, "toggled", G_CALLBACK (follow_toggled_cb), self);
  g_signal_connect_object (twin_chart_stack_get_range (self->stack), "notify::follow-live",
                           G_CALLBACK (range_follow_changed_cb), self, G_CONNECT_SWAPPED);

  /* An entity dragged from the tree brings the signals bound to it. */
  entity_target = gtk_drop_target_new (TWIN_TYPE_ENTITY, GDK_ACTION_COPY | GDK_ACTION_MOVE);
  g_signal_connect (entity_target, "drop", G_CALLBACK (entity_dropped_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->stack), GTK_EVENT_CONTROLLER (entity_target));

  gtk_stack_set_visible_child_name (self->signal_stack, "empty");
}

GtkWidget *
twin_charts_page_new (void)
{
  return g_object_new (TWIN_TYPE_CHARTS_PAGE, NULL);
}

/**
 * twin_charts_page_reload_signals:
 *
 * Reads the list of signals again (after an import, say).
 */
void
twin_charts_page_reload_signals (TwinChartsPage *self)
{
  g_autoptr (GPtrArray) infos = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  g_return_if_fail (TWIN_IS_CHARTS_PAGE (self));

  g_hash_table_remove_all (self->signals);
  if (self->historian == NULL && self->project != NULL)
    self->historian = twin_historian_open (twin_project_get_path (self->project), TRUE, &error);
  if (self->historian != NULL && (infos = twin_historian_list_signals (self->historian, &error)) != NULL)
    for (guint i = 0; i < infos->len; i++)
      {
        TwinSignalInfo *info = twin_signal_info_copy (g_ptr_array_index (infos, i));

        g_hash_table_replace (self->signals, info->name, info);
        g_ptr_array_add (names, info->name);
      }
  if (error != NULL)
    g_warning ("Cannot read the history of the twin: %s", error->message);
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->signal_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->signal_names)),
                          (const char *const *) names->pdata);
  gtk_stack_set_visible_child_name (self->signal_stack, names->len > 1 ? "list" : "empty");
}

/**
 * twin_charts_page_set_project:
 * @project: (nullable): the project whose history to chart
 *
 * Saves the layout of the project shown before, then shows @project's
 * signals and its saved charts (one empty chart when it has none).
 */
void
twin_charts_page_set_project (TwinChartsPage *self,
                              TwinProject    *project)
{
  g_autofree char *layout = NULL;

  g_return_if_fail (TWIN_IS_CHARTS_PAGE (self));

  if (self->project == project)
    return;
  if (self->save_source != 0)
    {
      g_clear_handle_id (&self->save_source, g_source_remove);
      twin_charts_page_save_layout (self);
    }

  self->loading = TRUE;
  while (twin_chart_stack_get_n_charts (self->stack) > 0)
    twin_chart_stack_remove_chart (self->stack, twin_chart_stack_get_chart (self->stack, 0));
  g_clear_object (&self->historian);
  g_set_object (&self->project, project);
  twin_charts_page_reload_signals (self);

  if (project != NULL && twin_project_get_store (project) != NULL)
    layout = twin_store_dup_metadata (twin_project_get_store (project), TWIN_CHARTS_LAYOUT_METADATA_KEY);
  if (layout != NULL)
    {
      g_autoptr (GError) error = NULL;

      if (!twin_chart_stack_load_layout (self->stack, layout, resolve_series_cb, self, &error))
        g_warning ("Ignoring the saved charts: %s", error->message);
    }
  if (twin_chart_stack_get_n_charts (self->stack) == 0)
    twin_chart_stack_add_chart (self->stack);
  gtk_toggle_button_set_active (self->follow_button,
                                twin_chart_range_get_follow_live (twin_chart_stack_get_range (self->stack)));
  self->loading = FALSE;
}

/**
 * twin_charts_page_save_layout:
 *
 * Keeps the charts' layout in the project (a view setting: not undoable).
 */
void
twin_charts_page_save_layout (TwinChartsPage *self)
{
  g_autofree char *layout = NULL;
  g_autoptr (GError) error = NULL;
  TwinStore *store;

  g_return_if_fail (TWIN_IS_CHARTS_PAGE (self));

  if (self->project == NULL || twin_project_get_is_read_only (self->project) ||
      (store = twin_project_get_store (self->project)) == NULL)
    return;
  layout = twin_chart_stack_dup_layout (self->stack);
  if (!twin_store_set_metadata (store, TWIN_CHARTS_LAYOUT_METADATA_KEY, layout, &error))
    g_warning ("Could not keep the charts’ layout: %s", error->message);
}

/**
 * twin_charts_page_set_saving_paused:
 * @paused: %TRUE while another connection holds the project file's write
 *   lock (a CSV import), so saving the layout would have to wait for it
 *
 * Layout changes made while paused are saved when saving resumes.
 */
void
twin_charts_page_set_saving_paused (TwinChartsPage *self,
                                    gboolean        paused)
{
  g_return_if_fail (TWIN_IS_CHARTS_PAGE (self));

  self->saving_paused = !!paused;
  if (!paused)
    queue_save (self);
}

/**
 * twin_charts_page_get_stack:
 *
 * Returns: (transfer none): the charts
 */
TwinChartStack *
twin_charts_page_get_stack (TwinChartsPage *self)
{
  g_return_val_if_fail (TWIN_IS_CHARTS_PAGE (self), NULL);

  return self->stack;
}

/**
 * twin_charts_page_get_historian:
 *
 * Returns: (transfer none) (nullable): the page's read connection to the history
 */
TwinHistorian *
twin_charts_page_get_historian (TwinChartsPage *self)
{
  g_return_val_if_fail (TWIN_IS_CHARTS_PAGE (self), NULL);

  return self->historian;
}

/**
 * twin_charts_page_get_signal_names:
 *
 * Returns: (transfer none): the signals listed, by name (GtkStringObject)
 */
GListModel *
twin_charts_page_get_signal_names (TwinChartsPage *self)
{
  g_return_val_if_fail (TWIN_IS_CHARTS_PAGE (self), NULL);

  return G_LIST_MODEL (self->signal_names);
}

/**
 * twin_charts_page_add_signal:
 * @chart: (nullable): the chart, or %NULL for the bottom one
 * @signal_name: a signal of the project's history
 * @error: %TWIN_HISTORIAN_ERROR_NOT_FOUND for an unknown signal
 *
 * Returns: %TRUE when the signal is on the chart
 */
gboolean
twin_charts_page_add_signal (TwinChartsPage *self,
                             TwinChart      *chart,
                             const char     *signal_name,
                             GError        **error)
{
  g_autoptr (TwinChartSeries) series = NULL;

  g_return_val_if_fail (TWIN_IS_CHARTS_PAGE (self), FALSE);
  g_return_val_if_fail (signal_name != NULL, FALSE);

  series = make_series (self, signal_name);
  if (series == NULL)
    {
      g_set_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_NOT_FOUND,
                   _ ("The twin’s history has no signal named “%s”"), signal_name);
      return FALSE;
    }
  if (chart == NULL)
    chart = default_chart (self);
  for (guint i = 0; i < twin_chart_get_n_series (chart); i++)
    if (g_strcmp0 (twin_chart_series_get_name (twin_chart_get_series (chart, i)), signal_name) == 0)
      return TRUE;
  /* The first series of the page: show all of its history, not the last hour. */
  if (count_series (self) == 0)
    {
      twin_chart_stack_add_series (self->stack, chart, series);
      twin_chart_reset (chart);
    }
  else
    twin_chart_stack_add_series (self->stack, chart, series);
  queue_save (self);
  return TRUE;
}

static void
collect_bound_signals (TwinChartsPage *self,
                       const char     *path,
                       GPtrArray      *names)
{
  GHashTableIter iter;
  gpointer       value;
  gsize          length = strlen (path);

  g_hash_table_iter_init (&iter, self->signals);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      TwinSignalInfo *info = value;

      /* The entity itself, or a part inside it ("…/Lobby" holds "…/Lobby/Temperature Sensor"). */
      if (info->entity_path != NULL && g_str_has_prefix (info->entity_path, path) &&
          (info->entity_path[length] == '\0' || info->entity_path[length] == '/'))
        g_ptr_array_add (names, info->name);
    }
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
}

/**
 * twin_charts_page_add_entity:
 * @chart: (nullable): the chart, or %NULL for the bottom one
 * @entity: an entity of the twin
 *
 * Adds every signal bound to @entity or to a part inside it.
 *
 * Returns: how many signals are on the chart for it
 */
guint
twin_charts_page_add_entity (TwinChartsPage *self,
                             TwinChart      *chart,
                             TwinEntity     *entity)
{
  g_autofree char *path = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  guint n = 0;

  g_return_val_if_fail (TWIN_IS_CHARTS_PAGE (self), 0);
  g_return_val_if_fail (TWIN_IS_ENTITY (entity), 0);

  path = twin_entity_dup_path (entity);
  collect_bound_signals (self, path, names);
  for (guint i = 0; i < names->len; i++)
    if (twin_charts_page_add_signal (self, chart, g_ptr_array_index (names, i), NULL))
      n++;
  return n;
}

/**
 * twin_charts_page_drop_text:
 * @chart: (nullable): the chart dropped on
 * @text: "twin-signal:NAME", or "twin-parameter:ENTITY-PATH.PROPERTY" (what
 *   the inspector's rows carry)
 * @error: why nothing was added
 *
 * What a drop of text on a chart does.
 *
 * Returns: %TRUE when a signal was added
 */
gboolean
twin_charts_page_drop_text (TwinChartsPage *self,
                            TwinChart      *chart,
                            const char     *text,
                            GError        **error)
{
  g_return_val_if_fail (TWIN_IS_CHARTS_PAGE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (g_str_has_prefix (text, TWIN_CHARTS_SIGNAL_PREFIX))
    return twin_charts_page_add_signal (self, chart, text + strlen (TWIN_CHARTS_SIGNAL_PREFIX), error);
  if (g_str_has_prefix (text, TWIN_CHARTS_PROPERTY_PREFIX))
    {
      const char    *target = text + strlen (TWIN_CHARTS_PROPERTY_PREFIX);
      const char    *dot = strrchr (target, '.');
      GHashTableIter iter;
      gpointer       value;

      if (dot != NULL)
        {
          g_autofree char *path = g_strndup (target, (gsize) (dot - target));

          g_hash_table_iter_init (&iter, self->signals);
          while (g_hash_table_iter_next (&iter, NULL, &value))
            {
              TwinSignalInfo *info = value;

              if (g_strcmp0 (info->entity_path, path) == 0 && g_strcmp0 (info->property, dot + 1) == 0)
                return twin_charts_page_add_signal (self, chart, info->name, error);
            }
        }
      g_set_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_NOT_FOUND,
                   _ ("No signal of the history is bound to %s"), target);
      return FALSE;
    }
  g_set_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_INVALID, _ ("“%s” is not a signal"), text);
  return FALSE;
}

/**
 * twin_charts_page_set_live_session:
 * @session: (nullable): the project's running feeds, or %NULL
 *
 * While following live, the charts show new samples as they arrive
 * (refreshed on #TwinLiveSession::changed), and new topics are listed.
 */
void
twin_charts_page_set_live_session (TwinChartsPage  *self,
                                   TwinLiveSession *session)
{
  g_return_if_fail (TWIN_IS_CHARTS_PAGE (self));
  g_return_if_fail (session == NULL || TWIN_IS_LIVE_SESSION (session));

  if (self->live == session)
    return;
  if (self->live != NULL)
    g_clear_signal_handler (&self->live_handler, self->live);
  g_set_object (&self->live, session);
  if (session != NULL)
    self->live_handler = g_signal_connect_swapped (session, "changed", G_CALLBACK (live_changed_cb), self);
  live_changed_cb (self);
}
