/* twin-validation-panel.c: what is wrong with the twin's structure, listed below the diagram.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A header with the number of issues (a toggle shows or hides the list) and
 * a GtkListView over twin_validate_model()'s list, each row with the
 * entity's path and the message. The model is validated again a moment after
 * it changes, so a burst of edits (a drag, an undo of many steps) costs one
 * run. Activating a row emits "issue-activated" with the entity, which the
 * window selects everywhere.
 */

#define G_LOG_DOMAIN "twin-validation-panel"

#include "config.h"

#include "twin-validation-panel.h"

#include "model/twin-validator.h"

#include <glib/gi18n.h>

/* How long the model must stay still before it is validated again, in ms. */
#define REFRESH_DELAY_MS 250

struct _TwinValidationPanel
{
  GtkWidget       parent_instance;

  /* Child widgets */
  GtkWidget      *box;
  GtkWidget      *expand_button;
  GtkWidget      *summary_label;
  GtkWidget      *revealer;
  GtkListView    *list_view;

  /* Owned references */
  TwinModel      *model;
  GListModel     *issues;
  GtkNoSelection *selection;

  /* State */
  guint           refresh_source;
  gulong          changed_handler;
};

G_DEFINE_FINAL_TYPE (TwinValidationPanel, twin_validation_panel, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_EXPANDED,
  N_PROPS,
};

enum
{
  ISSUE_ACTIVATED,
  N_SIGNALS,
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static void
update_summary (TwinValidationPanel *self)
{
  guint            n = self->issues != NULL ? g_list_model_get_n_items (self->issues) : 0;
  g_autofree char *text = NULL;

  if (self->model == NULL)
    text = g_strdup ("");
  else if (n == 0)
    text = g_strdup (_ ("No problems found"));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u problem", "%u problems", n), n);
  gtk_label_set_label (GTK_LABEL (self->summary_label), text);
  /* Nothing to list: the header says so, and the diagram gets the room. */
  gtk_widget_set_visible (self->revealer, n > 0);
  if (n == 0)
    gtk_widget_remove_css_class (self->summary_label, "warning");
  else
    gtk_widget_add_css_class (self->summary_label, "warning");
}

static gboolean
refresh_cb (gpointer user_data)
{
  TwinValidationPanel *self = user_data;

  self->refresh_source = 0;
  twin_validation_panel_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
model_changed_cb (TwinValidationPanel *self)
{
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refresh_source = g_timeout_add (REFRESH_DELAY_MS, refresh_cb, self);
}

static const char *
icon_for (TwinIssueKind kind)
{
  switch (kind)
    {
    case TWIN_ISSUE_DOMAIN_MISMATCH:
    case TWIN_ISSUE_TWO_SOURCES:
    case TWIN_ISSUE_ALGEBRAIC_LOOP:
    case TWIN_ISSUE_DANGLING:
      return "dialog-error-symbolic";
    case TWIN_ISSUE_UNCONNECTED_PORT:
    case TWIN_ISSUE_MISSING_PARAMETER:
    case TWIN_ISSUE_PARAMETER_OUT_OF_RANGE:
    case TWIN_ISSUE_NO_REFERENCE:
    default:
      return "dialog-warning-symbolic";
    }
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              TwinValidationPanel      *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *path = gtk_label_new (NULL);
  GtkWidget *message = gtk_label_new (NULL);

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_label_set_xalign (GTK_LABEL (path), 0);
  gtk_label_set_ellipsize (GTK_LABEL (path), PANGO_ELLIPSIZE_START);
  gtk_widget_add_css_class (path, "dim-label");
  gtk_widget_add_css_class (path, "caption");
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), path);
  gtk_box_append (GTK_BOX (text), message);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), text);
  gtk_widget_add_css_class (box, "issue-row");
  g_object_set_data (G_OBJECT (box), "icon", icon);
  g_object_set_data (G_OBJECT (box), "path", path);
  g_object_set_data (G_OBJECT (box), "message", message);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             TwinValidationPanel      *self)
{
  GtkWidget  *box = gtk_list_item_get_child (list_item);
  TwinIssue  *issue = gtk_list_item_get_item (list_item);
  const char *path = twin_issue_get_path (issue);

  gtk_image_set_from_icon_name (g_object_get_data (G_OBJECT (box), "icon"), icon_for (twin_issue_get_kind (issue)));
  gtk_label_set_label (g_object_get_data (G_OBJECT (box), "path"), path != NULL && path[0] != '\0' ? path : "/");
  gtk_widget_set_tooltip_text (g_object_get_data (G_OBJECT (box), "path"), path);
  gtk_label_set_label (g_object_get_data (G_OBJECT (box), "message"), twin_issue_get_message (issue));
}

static void
activate_cb (GtkListView         *list_view,
             guint                position,
             TwinValidationPanel *self)
{
  twin_validation_panel_activate (self, position);
}

static void
expand_toggled_cb (GtkToggleButton     *button,
                   TwinValidationPanel *self)
{
  twin_validation_panel_set_expanded (self, gtk_toggle_button_get_active (button));
}

static void
twin_validation_panel_dispose (GObject *object)
{
  TwinValidationPanel *self = (TwinValidationPanel *) object;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->model != NULL)
    g_clear_signal_handler (&self->changed_handler, self->model);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->selection);
  g_clear_object (&self->issues);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (twin_validation_panel_parent_class)->dispose (object);
}

static void
twin_validation_panel_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  TwinValidationPanel *self = TWIN_VALIDATION_PANEL (object);

  switch (prop_id)
    {
    case PROP_EXPANDED:
      g_value_set_boolean (value, twin_validation_panel_get_expanded (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_validation_panel_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  TwinValidationPanel *self = TWIN_VALIDATION_PANEL (object);

  switch (prop_id)
    {
    case PROP_EXPANDED:
      twin_validation_panel_set_expanded (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_validation_panel_class_init (TwinValidationPanelClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = twin_validation_panel_dispose;
  object_class->get_property = twin_validation_panel_get_property;
  object_class->set_property = twin_validation_panel_set_property;

  properties[PROP_EXPANDED] =
    g_param_spec_boolean ("expanded", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TwinValidationPanel::issue-activated:
   * @entity: the entity the issue is about, still in the model
   *
   * A row was activated (double-click, Enter).
   */
  signals[ISSUE_ACTIVATED] = g_signal_new ("issue-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                           NULL, NULL, G_TYPE_NONE, 1, TWIN_TYPE_ENTITY);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "validationpanel");
}

static void
twin_validation_panel_init (TwinValidationPanel *self)
{
  GtkWidget          *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget          *title = gtk_label_new (_ ("Checks"));
  GtkWidget          *scrolled = gtk_scrolled_window_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->expand_button = gtk_toggle_button_new ();
  gtk_button_set_icon_name (GTK_BUTTON (self->expand_button), "pan-down-symbolic");
  gtk_widget_add_css_class (self->expand_button, "flat");
  gtk_widget_set_tooltip_text (self->expand_button, _ ("Show or Hide the Problems"));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->expand_button), TRUE);
  g_signal_connect (self->expand_button, "toggled", G_CALLBACK (expand_toggled_cb), self);
  gtk_widget_add_css_class (title, "heading");
  self->summary_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->summary_label), 0);
  gtk_widget_set_hexpand (self->summary_label, TRUE);
  gtk_box_append (GTK_BOX (header), self->expand_button);
  gtk_box_append (GTK_BOX (header), title);
  gtk_box_append (GTK_BOX (header), self->summary_label);
  gtk_widget_add_css_class (header, "panel-header");
  gtk_box_append (GTK_BOX (self->box), header);

  self->revealer = gtk_revealer_new ();
  gtk_revealer_set_transition_type (GTK_REVEALER (self->revealer), GTK_REVEALER_TRANSITION_TYPE_SLIDE_UP);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), TRUE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 96);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 160);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_revealer_set_child (GTK_REVEALER (self->revealer), scrolled);
  gtk_box_append (GTK_BOX (self->box), self->revealer);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (NULL, factory));
  gtk_list_view_set_single_click_activate (self->list_view, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "issue-list");
  g_signal_connect (self->list_view, "activate", G_CALLBACK (activate_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list_view));

  update_summary (self);
}

/**
 * twin_validation_panel_new:
 *
 * Returns: (transfer full): a panel without a twin
 */
GtkWidget *
twin_validation_panel_new (void)
{
  return g_object_new (TWIN_TYPE_VALIDATION_PANEL, NULL);
}

/**
 * twin_validation_panel_set_model:
 * @model: (nullable): the twin to check
 */
void
twin_validation_panel_set_model (TwinValidationPanel *self,
                                 TwinModel           *model)
{
  g_return_if_fail (TWIN_IS_VALIDATION_PANEL (self));
  g_return_if_fail (model == NULL || TWIN_IS_MODEL (model));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_clear_signal_handler (&self->changed_handler, self->model);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_set_object (&self->model, model);
  if (model != NULL)
    self->changed_handler = g_signal_connect_object (model, "changed", G_CALLBACK (model_changed_cb), self,
                                                     G_CONNECT_SWAPPED);
  twin_validation_panel_refresh (self);
}

/**
 * twin_validation_panel_refresh:
 *
 * Validates the twin now (instead of a moment after the last change).
 */
void
twin_validation_panel_refresh (TwinValidationPanel *self)
{
  g_return_if_fail (TWIN_IS_VALIDATION_PANEL (self));

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->issues);
  if (self->model != NULL)
    {
      self->issues = twin_validate_model (self->model);
      self->selection = gtk_no_selection_new (g_object_ref (self->issues));
      gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
    }
  update_summary (self);
}

/**
 * twin_validation_panel_get_issues:
 *
 * Returns: (transfer none) (nullable): the issues listed (of #TwinIssue)
 */
GListModel *
twin_validation_panel_get_issues (TwinValidationPanel *self)
{
  g_return_val_if_fail (TWIN_IS_VALIDATION_PANEL (self), NULL);

  return self->issues;
}

/**
 * twin_validation_panel_get_summary:
 *
 * Returns: the header's text ("3 problems")
 */
const char *
twin_validation_panel_get_summary (TwinValidationPanel *self)
{
  g_return_val_if_fail (TWIN_IS_VALIDATION_PANEL (self), NULL);

  return gtk_label_get_label (GTK_LABEL (self->summary_label));
}

gboolean
twin_validation_panel_get_expanded (TwinValidationPanel *self)
{
  g_return_val_if_fail (TWIN_IS_VALIDATION_PANEL (self), FALSE);

  return gtk_revealer_get_reveal_child (GTK_REVEALER (self->revealer));
}

/**
 * twin_validation_panel_set_expanded:
 * @expanded: show the list (%FALSE: only the header with the count)
 */
void
twin_validation_panel_set_expanded (TwinValidationPanel *self,
                                    gboolean             expanded)
{
  g_return_if_fail (TWIN_IS_VALIDATION_PANEL (self));

  expanded = !!expanded;
  if (expanded == twin_validation_panel_get_expanded (self))
    return;
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), expanded);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->expand_button), expanded);
  gtk_button_set_icon_name (GTK_BUTTON (self->expand_button), expanded ? "pan-down-symbolic" : "pan-end-symbolic");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPANDED]);
}

/**
 * twin_validation_panel_activate:
 * @position: a row
 *
 * What activating a row does: emits "issue-activated" with its entity.
 */
void
twin_validation_panel_activate (TwinValidationPanel *self,
                                guint                position)
{
  g_autoptr (TwinIssue) issue = NULL;
  TwinEntity *entity;

  g_return_if_fail (TWIN_IS_VALIDATION_PANEL (self));

  if (self->issues == NULL || position >= g_list_model_get_n_items (self->issues))
    return;
  issue = g_list_model_get_item (self->issues, position);
  entity = twin_issue_get_entity (issue);
  /* The list may be a moment behind the model. */
  if (entity != NULL && self->model != NULL && twin_model_contains (self->model, entity))
    g_signal_emit (self, signals[ISSUE_ACTIVATED], 0, entity);
}
