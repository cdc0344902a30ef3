/* twin-hierarchy-view.c: the twin's entity tree: select, add, rename in place, delete, drag to re-parent.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkListView over a GtkTreeListModel whose children come straight from
 * each TwinEntity's children GListModel, so the tree follows every edit,
 * undo and redo without glue. All edits go through the TwinModel; failures
 * are reported with the "error" signal for the window to show.
 *
 * With a live session, the row of an entity with bound properties shows
 * the live value of the first of them (by name) and a stale mark, refreshed
 * on TwinLiveSession::changed; the tooltip lists all of them.
 */

#define G_LOG_DOMAIN "twin-hierarchy-view"

#include "config.h"

#include "twin-hierarchy-view.h"

#include <glib/gi18n.h>

struct _TwinHierarchyView
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkWidget          *box;
  GtkListView        *list_view;
  GtkMenuButton      *add_button;

  /* Owned references */
  TwinModel          *model;
  GListStore         *roots;
  GtkTreeListModel   *tree;
  GtkSingleSelection *selection;
  GHashTable         *items_by_entity; /* TwinEntity → GtkListItem, both borrowed, while bound */
  TwinLiveSession    *live;            /* or NULL: no feeds running */
  GPtrArray          *live_topics;     /* the session's topics (TwinLiveTopic) at the last ::changed */
  GHashTable         *live_bindings;   /* entity path → GPtrArray of its bound TwinLiveTopic, by property */

  /* State */
  TwinEntity         *renaming; /* the entity whose name is being edited, or NULL */
  gulong              changed_handler;
  gulong              live_handler;
};

G_DEFINE_FINAL_TYPE (TwinHierarchyView, twin_hierarchy_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SELECTED,
  N_PROPS,
};

enum
{
  ERROR,
  N_SIGNALS,
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static void
report (TwinHierarchyView *self,
        const GError      *error)
{
  g_signal_emit (self, signals[ERROR], 0, error->message);
}

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  TwinEntity *entity = item;

  if (twin_entity_get_n_children (entity) == 0)
    return NULL;
  return g_object_ref (twin_entity_get_children (entity));
}

/* The row of @entity as a list item, while it is on screen. */
static GtkListItem *
find_list_item (TwinHierarchyView *self,
                TwinEntity        *entity)
{
  return entity != NULL ? g_hash_table_lookup (self->items_by_entity, entity) : NULL;
}

static GtkWidget *
row_widget (GtkListItem *list_item,
            const char  *name)
{
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));

  return g_object_get_data (G_OBJECT (box), name);
}

static void
update_actions (TwinHierarchyView *self)
{
  TwinEntity *selected = twin_hierarchy_view_get_selected (self);
  gboolean    is_child = selected != NULL && twin_entity_get_parent (selected) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hierarchy.add", self->model != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hierarchy.delete", is_child);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hierarchy.duplicate", is_child);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hierarchy.rename", selected != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hierarchy.move-up", is_child && twin_entity_get_index (selected) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hierarchy.move-down",
                                 is_child && (guint) twin_entity_get_index (selected) + 1 <
                                               twin_entity_get_n_children (twin_entity_get_parent (selected)));
}

/* A leaf that gains its first child (or loses its last) needs its row made
 * again so the tree list model asks whether it can be expanded. */
static void
refresh_row (TwinHierarchyView *self,
             TwinEntity        *entity)
{
  TwinEntity *parent = twin_entity_get_parent (entity);
  TwinEntity *selected = twin_hierarchy_view_get_selected (self);
  int         index;

  /* The root's row comes from the roots store rather than a parent's children. */
  if (parent == NULL)
    g_list_model_items_changed (G_LIST_MODEL (self->roots), 0, 1, 1);
  else
    {
      index = twin_entity_get_index (entity);
      g_list_model_items_changed (twin_entity_get_children (parent), (guint) index, 1, 1);
    }
  if (selected != NULL)
    twin_hierarchy_view_select (self, selected);
}

static void
model_changed_cb (TwinHierarchyView *self,
                  const TwinChange  *change,
                  TwinModel         *model)
{
  for (guint i = 0; i < change->entries->len; i++)
    {
      const TwinChangeEntry *entry = &g_array_index (change->entries, TwinChangeEntry, i);
      GtkListItem           *list_item;

      if (!(entry->flags & TWIN_CHANGE_CHILDREN) || !twin_model_contains (model, entry->entity))
        continue;
      list_item = find_list_item (self, entry->entity);
      if (list_item != NULL)
        {
          GtkTreeListRow *row = gtk_list_item_get_item (list_item);
          gboolean        expandable = gtk_tree_list_row_is_expandable (row);
          gboolean        has_children = twin_entity_get_n_children (entry->entity) > 0;

          if (expandable != has_children)
            refresh_row (self, entry->entity);
        }
    }
  update_actions (self);
}

static void
entity_name_changed_cb (TwinEntity *entity,
                        GParamSpec *pspec,
                        GtkLabel   *label)
{
  gtk_label_set_label (label, twin_entity_get_name (entity));
}

static void
selection_changed_cb (TwinHierarchyView *self)
{
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkWidget     *box)
{
  TwinEntity *entity = g_object_get_data (G_OBJECT (box), "entity");

  if (entity == NULL || twin_entity_get_parent (entity) == NULL)
    return NULL;
  return gdk_content_provider_new_typed (TWIN_TYPE_ENTITY, entity);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GtkWidget     *box)
{
  TwinHierarchyView *self = TWIN_HIERARCHY_VIEW (gtk_widget_get_ancestor (box, TWIN_TYPE_HIERARCHY_VIEW));
  TwinEntity        *target_entity = g_object_get_data (G_OBJECT (box), "entity");

  if (self == NULL || target_entity == NULL || !G_VALUE_HOLDS (value, TWIN_TYPE_ENTITY))
    return FALSE;
  return twin_hierarchy_view_drop (self, g_value_get_object (value), target_entity);
}

static void
rename_entry_activate_cb (GtkEntry          *entry,
                          TwinHierarchyView *self)
{
  twin_hierarchy_view_finish_rename (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
rename_entry_leave_cb (GtkEventControllerFocus *controller,
                       TwinHierarchyView       *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  if (self->renaming != NULL)
    twin_hierarchy_view_finish_rename (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static gboolean
rename_entry_key_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     TwinHierarchyView     *self)
{
  if (keyval != GDK_KEY_Escape || self->renaming == NULL)
    return FALSE;
  /* Cancel: put the name back and leave edit mode without renaming. */
  twin_hierarchy_view_finish_rename (self, twin_entity_get_name (self->renaming));
  return TRUE;
}

/* The live value of @entity's first bound property, its stale mark, and all of them in the tooltip. */
static void
sync_live_label (TwinHierarchyView *self,
                 TwinEntity        *entity,
                 GtkListItem       *list_item)
{
  GtkWidget       *label = row_widget (list_item, "live-label");
  g_autofree char *path = NULL;
  g_autoptr (GString) tooltip = g_string_new (NULL);
  g_autofree char *text = NULL;
  GPtrArray       *bound = NULL;
  gboolean         stale = FALSE;

  if (self->live != NULL && self->live_bindings != NULL)
    {
      path = twin_entity_dup_path (entity);
      bound = g_hash_table_lookup (self->live_bindings, path);
    }
  for (guint i = 0; bound != NULL && i < bound->len; i++)
    {
      const TwinLiveTopic *topic = g_ptr_array_index (bound, i);
      const char          *property = topic->property;
      TwinParameter       *parameter = twin_entity_get_parameter (entity, property);
      const char          *unit = parameter != NULL ? twin_parameter_get_unit (parameter) : topic->unit;
      TwinLiveValue        value;
      g_autofree char     *quantity = NULL;

      if (!twin_live_session_lookup (self->live, path, property, &value))
        continue;
      quantity = unit != NULL && *unit != '\0' ? g_strdup_printf ("%.4g %s", value.value, unit)
                                               : g_strdup_printf ("%.4g", value.value);
      if (text == NULL)
        {
          stale = value.stale;
          /* Translators: a live value in the tree marked old, as in “21.4 °C · stale” */
          text = stale ? g_strdup_printf (_ ("%s · stale"), quantity) : g_strdup (quantity);
        }
      if (tooltip->len > 0)
        g_string_append_c (tooltip, '\n');
      g_string_append_printf (tooltip, value.stale ? _ ("%s: %s (stale)") : "%s: %s", property, quantity);
    }
  gtk_label_set_label (GTK_LABEL (label), text != NULL ? text : "");
  gtk_widget_set_tooltip_text (label, tooltip->len > 0 ? tooltip->str : NULL);
  gtk_widget_set_visible (label, text != NULL);
  if (stale)
    gtk_widget_add_css_class (label, "stale");
  else
    gtk_widget_remove_css_class (label, "stale");
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              TwinHierarchyView        *self)
{
  GtkWidget          *expander = gtk_tree_expander_new ();
  GtkWidget          *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget          *icon = gtk_image_new ();
  GtkWidget          *stack = gtk_stack_new ();
  GtkWidget          *label = gtk_label_new (NULL);
  GtkWidget          *entry = gtk_entry_new ();
  GtkWidget          *type_label = gtk_label_new (NULL);
  GtkWidget          *live_label = gtk_label_new (NULL);
  GtkDragSource      *drag_source = gtk_drag_source_new ();
  GtkDropTarget      *drop_target = gtk_drop_target_new (TWIN_TYPE_ENTITY, GDK_ACTION_MOVE);
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (stack, TRUE);
  gtk_stack_add_named (GTK_STACK (stack), label, "label");
  gtk_stack_add_named (GTK_STACK (stack), entry, "entry");
  gtk_widget_add_css_class (type_label, "dim-label");
  gtk_widget_add_css_class (type_label, "caption");

  gtk_box_append (GTK_BOX (box), icon);
  gtk_widget_add_css_class (live_label, "caption");
  gtk_widget_add_css_class (live_label, "live-value");
  gtk_widget_set_visible (live_label, FALSE);

  gtk_box_append (GTK_BOX (box), stack);
  gtk_box_append (GTK_BOX (box), live_label);
  gtk_box_append (GTK_BOX (box), type_label);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (list_item, expander);

  g_object_set_data (G_OBJECT (box), "icon", icon);
  g_object_set_data (G_OBJECT (box), "stack", stack);
  g_object_set_data (G_OBJECT (box), "label", label);
  g_object_set_data (G_OBJECT (box), "entry", entry);
  g_object_set_data (G_OBJECT (box), "type-label", type_label);
  g_object_set_data (G_OBJECT (box), "live-label", live_label);

  g_signal_connect_object (entry, "activate", G_CALLBACK (rename_entry_activate_cb), self, 0);
  g_signal_connect_object (focus, "leave", G_CALLBACK (rename_entry_leave_cb), self, 0);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (rename_entry_key_cb), self, 0);
  gtk_widget_add_controller (entry, focus);
  gtk_widget_add_controller (entry, keys);

  gtk_drag_source_set_actions (drag_source, GDK_ACTION_MOVE);
  g_signal_connect (drag_source, "prepare", G_CALLBACK (drag_prepare_cb), box);
  gtk_widget_add_controller (box, GTK_EVENT_CONTROLLER (drag_source));
  g_signal_connect (drop_target, "drop", G_CALLBACK (drop_cb), box);
  gtk_widget_add_controller (box, GTK_EVENT_CONTROLLER (drop_target));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             TwinHierarchyView        *self)
{
  GtkTreeListRow  *row = gtk_list_item_get_item (list_item);
  TwinEntity      *entity = gtk_tree_list_row_get_item (row);
  GtkWidget       *expander = gtk_list_item_get_child (list_item);
  GtkWidget       *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget       *label = row_widget (list_item, "label");
  g_autofree char *tooltip = NULL;

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_image_set_from_icon_name (GTK_IMAGE (row_widget (list_item, "icon")), twin_entity_type_get_icon (twin_entity_get_type_name (entity)));
  gtk_label_set_label (GTK_LABEL (label), twin_entity_get_name (entity));
  gtk_label_set_label (GTK_LABEL (row_widget (list_item, "type-label")),
                       twin_entity_type_get_label (twin_entity_get_type_name (entity)));
  gtk_stack_set_visible_child_name (GTK_STACK (row_widget (list_item, "stack")), "label");
  g_signal_connect_object (entity, "notify::name", G_CALLBACK (entity_name_changed_cb), label, 0);
  g_object_set_data_full (G_OBJECT (box), "entity", entity, g_object_unref); /* get_item returned a reference */
  g_hash_table_insert (self->items_by_entity, entity, list_item);
  sync_live_label (self, entity, list_item);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               TwinHierarchyView        *self)
{
  GtkWidget  *expander = gtk_list_item_get_child (list_item);
  GtkWidget  *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  TwinEntity *entity = g_object_get_data (G_OBJECT (box), "entity");

  if (entity != NULL)
    {
      g_signal_handlers_disconnect_by_func (entity, entity_name_changed_cb, row_widget (list_item, "label"));
      if (g_hash_table_lookup (self->items_by_entity, entity) == list_item)
        g_hash_table_remove (self->items_by_entity, entity);
      if (self->renaming == entity)
        self->renaming = NULL;
    }
  g_object_set_data (G_OBJECT (box), "entity", NULL);
  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), NULL);
}

static void
list_activate_cb (GtkListView       *list_view,
                  guint              position,
                  TwinHierarchyView *self)
{
  twin_hierarchy_view_start_rename (self);
}

static void
add_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TwinHierarchyView *self = TWIN_HIERARCHY_VIEW (widget);
  g_autoptr (GError) error = NULL;
  TwinEntity *parent;
  TwinEntity *created;

  if (self->model == NULL)
    return;
  parent = twin_hierarchy_view_get_selected (self);
  if (parent == NULL)
    parent = twin_model_get_root (self->model);
  created = twin_model_create_entity (self->model, parent, g_variant_get_string (parameter, NULL), NULL, -1, &error);
  if (created == NULL)
    {
      report (self, error);
      return;
    }
  twin_hierarchy_view_select (self, created);
}

static void
delete_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TwinHierarchyView *self = TWIN_HIERARCHY_VIEW (widget);
  TwinEntity        *selected = twin_hierarchy_view_get_selected (self);
  g_autoptr (GError) error = NULL;
  TwinEntity *parent;
  int         index;

  if (selected == NULL || self->model == NULL)
    return;
  parent = twin_entity_get_parent (selected);
  index = twin_entity_get_index (selected);
  if (!twin_model_delete (self->model, selected, &error))
    {
      report (self, error);
      return;
    }
  /* Select the next sibling, or the previous one, or the parent. */
  if (parent != NULL && twin_entity_get_n_children (parent) > 0)
    twin_hierarchy_view_select (self, twin_entity_get_child (parent, MIN ((guint) index, twin_entity_get_n_children (parent) - 1)));
  else if (parent != NULL)
    twin_hierarchy_view_select (self, parent);
}

static void
duplicate_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TwinHierarchyView *self = TWIN_HIERARCHY_VIEW (widget);
  TwinEntity        *selected = twin_hierarchy_view_get_selected (self);
  g_autoptr (GError) error = NULL;
  TwinEntity *copy;

  if (selected == NULL || self->model == NULL)
    return;
  if ((copy = twin_model_duplicate (self->model, selected, &error)) == NULL)
    report (self, error);
  else
    twin_hierarchy_view_select (self, copy);
}

/* Alt+Up and Alt+Down: one place earlier or later among the siblings. */
static void
move_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TwinHierarchyView *self = TWIN_HIERARCHY_VIEW (widget);
  TwinEntity        *selected = twin_hierarchy_view_get_selected (self);
  g_autoptr (GError) error = NULL;
  int index;

  if (selected == NULL || self->model == NULL || twin_entity_get_parent (selected) == NULL)
    return;
  index = twin_entity_get_index (selected) + (g_str_equal (action_name, "hierarchy.move-up") ? -1 : 1);
  if (index < 0 || (guint) index >= twin_entity_get_n_children (twin_entity_get_parent (selected)))
    return;
  if (!twin_model_reorder (self->model, selected, (guint) index, &error))
    report (self, error);
  else
    twin_hierarchy_view_select (self, selected);
}

static void
rename_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  twin_hierarchy_view_start_rename (TWIN_HIERARCHY_VIEW (widget));
}

static void
show_add_menu_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  gtk_menu_button_popup (TWIN_HIERARCHY_VIEW (widget)->add_button);
}

/* The Add menu: one section per domain, labelled, in the library's palette order. */
static GMenuModel *
build_add_menu (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr (GMenu) section = NULL;
  const TwinEntityType *const *types;
  guint                        n_types;

  types = twin_entity_type_get_all (&n_types);
  for (guint i = 0; i < n_types; i++)
    {
      g_autoptr (GMenuItem) item = g_menu_item_new (_ (types[i]->label), NULL);

      if (section == NULL || types[i]->domain != types[i - 1]->domain)
        {
          if (section != NULL)
            g_menu_append_section (menu, twin_domain_get_label (types[i - 1]->domain), G_MENU_MODEL (section));
          g_clear_object (&section);
          section = g_menu_new ();
        }
      g_menu_item_set_action_and_target (item, "hierarchy.add", "s", types[i]->name);
      g_menu_append_item (section, item);
    }
  if (section != NULL)
    g_menu_append_section (menu, twin_domain_get_label (types[n_types - 1]->domain), G_MENU_MODEL (section));
  return G_MENU_MODEL (menu);
}

static int
compare_properties (gconstpointer a,
                    gconstpointer b)
{
  const TwinLiveTopic *x = *(const TwinLiveTopic *const *) a;
  const TwinLiveTopic *y = *(const TwinLiveTopic *const *) b;

  return g_strcmp0 (x->property, y->property);
}

/* Which properties are bound, from the topics seen, then the rows on screen. */
static void
live_changed_cb (TwinHierarchyView *self)
{
  GHashTableIter iter;
  gpointer       key, value;

  g_clear_pointer (&self->live_bindings, g_hash_table_unref);
  g_clear_pointer (&self->live_topics, g_ptr_array_unref);
  if (self->live != NULL)
    {
      self->live_bindings = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
      self->live_topics = twin_live_session_dup_topics (self->live);
      for (guint i = 0; i < self->live_topics->len; i++)
        {
          TwinLiveTopic *topic = g_ptr_array_index (self->live_topics, i);
          GPtrArray     *bound;

          if (topic->entity_path == NULL || topic->property == NULL)
            continue;
          bound = g_hash_table_lookup (self->live_bindings, topic->entity_path);
          if (bound == NULL)
            {
              bound = g_ptr_array_new ();
              g_hash_table_insert (self->live_bindings, topic->entity_path, bound);
            }
          g_ptr_array_add (bound, topic);
        }
      g_hash_table_iter_init (&iter, self->live_bindings);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_ptr_array_sort (value, compare_properties);
    }
  g_hash_table_iter_init (&iter, self->items_by_entity);
  while (g_hash_table_iter_next (&iter, &key, &value))
    sync_live_label (self, key, value);
}

static void
twin_hierarchy_view_dispose (GObject *object)
{
  TwinHierarchyView *self = (TwinHierarchyView *) object;

  if (self->model != NULL)
    g_clear_signal_handler (&self->changed_handler, self->model);
  if (self->live != NULL)
    g_clear_signal_handler (&self->live_handler, self->live);
  g_clear_object (&self->live);
  g_clear_pointer (&self->live_bindings, g_hash_table_unref);
  g_clear_pointer (&self->live_topics, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), TWIN_TYPE_HIERARCHY_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree);
  g_clear_object (&self->roots);
  g_clear_object (&self->model);
  g_clear_pointer (&self->items_by_entity, g_hash_table_unref);

  G_OBJECT_CLASS (twin_hierarchy_view_parent_class)->dispose (object);
}

static void
twin_hierarchy_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TwinHierarchyView *self = TWIN_HIERARCHY_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_object (value, twin_hierarchy_view_get_selected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_hierarchy_view_class_init (TwinHierarchyViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = twin_hierarchy_view_dispose;
  object_class->get_property = twin_hierarchy_view_get_property;

  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL, TWIN_TYPE_ENTITY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TwinHierarchyView::error:
   * @message: a sentence for the user
   *
   * An edit made in the tree was refused.
   */
  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/twin-hierarchy-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TwinHierarchyView, box);
  gtk_widget_class_bind_template_child (widget_class, TwinHierarchyView, list_view);
  gtk_widget_class_bind_template_child (widget_class, TwinHierarchyView, add_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "hierarchyview");

  gtk_widget_class_install_action (widget_class, "hierarchy.add", "s", add_action_cb);
  gtk_widget_class_install_action (widget_class, "hierarchy.delete", NULL, delete_action_cb);
  gtk_widget_class_install_action (widget_class, "hierarchy.duplicate", NULL, duplicate_action_cb);
  gtk_widget_class_install_action (widget_class, "hierarchy.rename", NULL, rename_action_cb);
  gtk_widget_class_install_action (widget_class, "hierarchy.move-up", NULL, move_action_cb);
  gtk_widget_class_install_action (widget_class, "hierarchy.move-down", NULL, move_action_cb);
  gtk_widget_class_install_action (widget_class, "hierarchy.show-add-menu", NULL, show_add_menu_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "hierarchy.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "hierarchy.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "hierarchy.rename", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "hierarchy.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "hierarchy.move-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "hierarchy.duplicate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Insert, 0, "hierarchy.show-add-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "hierarchy.show-add-menu", NULL);
}

static void
twin_hierarchy_view_init (TwinHierarchyView *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr (GMenuModel) add_menu = build_add_menu ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->items_by_entity = g_hash_table_new (NULL, NULL);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  g_signal_connect (self->list_view, "activate", G_CALLBACK (list_activate_cb), self);
  gtk_menu_button_set_menu_model (self->add_button, add_menu);
  update_actions (self);
}

/**
 * twin_hierarchy_view_set_model:
 * @model: (nullable): the twin to show
 */
void
twin_hierarchy_view_set_model (TwinHierarchyView *self,
                               TwinModel         *model)
{
  g_return_if_fail (TWIN_IS_HIERARCHY_VIEW (self));
  g_return_if_fail (model == NULL || TWIN_IS_MODEL (model));

  if (self->model == model)
    return;

  if (self->model != NULL)
    g_clear_signal_handler (&self->changed_handler, self->model);
  gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree);
  g_clear_object (&self->roots);
  g_set_object (&self->model, model);
  self->renaming = NULL;

  if (model != NULL)
    {
      self->roots = g_list_store_new (TWIN_TYPE_ENTITY);
      g_list_store_append (self->roots, twin_model_get_root (model));
      self->tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->roots)), FALSE, TRUE,
                                            create_children_cb, NULL, NULL);
      self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tree)));
      gtk_single_selection_set_can_unselect (self->selection, FALSE);
      g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (selection_changed_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
      self->changed_handler = g_signal_connect_object (model, "changed", G_CALLBACK (model_changed_cb), self,
                                                       G_CONNECT_SWAPPED);
    }
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/**
 * twin_hierarchy_view_get_selected:
 *
 * Returns: (transfer none) (nullable): the selected entity
 */
TwinEntity *
twin_hierarchy_view_get_selected (TwinHierarchyView *self)
{
  GtkTreeListRow *row;

  g_return_val_if_fail (TWIN_IS_HIERARCHY_VIEW (self), NULL);

  if (self->selection == NULL)
    return NULL;
  row = gtk_single_selection_get_selected_item (self->selection);
  if (row == NULL)
    return NULL;
  {
    g_autoptr (TwinEntity) entity = gtk_tree_list_row_get_item (row);

    return entity; /* the model keeps it alive */
  }
}

/**
 * twin_hierarchy_view_select:
 *
 * Selects @entity, expanding its ancestors, and scrolls to it.
 *
 * Returns: %TRUE when @entity is in the tree
 */
gboolean
twin_hierarchy_view_select (TwinHierarchyView *self,
                            TwinEntity        *entity)
{
  g_autoptr (GPtrArray) chain = g_ptr_array_new ();
  guint n;

  g_return_val_if_fail (TWIN_IS_HIERARCHY_VIEW (self), FALSE);
  g_return_val_if_fail (TWIN_IS_ENTITY (entity), FALSE);

  if (self->tree == NULL || !twin_model_contains (self->model, entity))
    return FALSE;

  /* Expand from the top down so the entity's row exists. */
  for (TwinEntity *e = twin_entity_get_parent (entity); e != NULL; e = twin_entity_get_parent (e))
    g_ptr_array_insert (chain, 0, e);
  for (guint c = 0; c < chain->len; c++)
    {
      n = g_list_model_get_n_items (G_LIST_MODEL (self->tree));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr (GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree, i);
          g_autoptr (TwinEntity) item = gtk_tree_list_row_get_item (row);

          if (item == g_ptr_array_index (chain, c))
            {
              gtk_tree_list_row_set_expanded (row, TRUE);
              break;
            }
        }
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->tree));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree, i);
      g_autoptr (TwinEntity) item = gtk_tree_list_row_get_item (row);

      if (item == entity)
        {
          gtk_single_selection_set_selected (self->selection, i);
          gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", i);
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * twin_hierarchy_view_drop:
 * @dragged: the entity dropped
 * @target: the entity it was dropped on: it becomes the new parent
 *
 * What a drag and drop of one row onto another does.
 *
 * Returns: %TRUE when moved
 */
gboolean
twin_hierarchy_view_drop (TwinHierarchyView *self,
                          TwinEntity        *dragged,
                          TwinEntity        *target)
{
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (TWIN_IS_HIERARCHY_VIEW (self), FALSE);

  if (self->model == NULL || dragged == target || twin_entity_get_parent (dragged) == target)
    return FALSE;
  if (!twin_model_move (self->model, dragged, target, -1, &error))
    {
      report (self, error);
      return FALSE;
    }
  twin_hierarchy_view_select (self, dragged);
  return TRUE;
}

/**
 * twin_hierarchy_view_start_rename:
 *
 * Turns the selected row's name into an entry (F2, double-click, Enter).
 */
void
twin_hierarchy_view_start_rename (TwinHierarchyView *self)
{
  TwinEntity  *selected;
  GtkListItem *list_item;
  GtkWidget   *entry;

  g_return_if_fail (TWIN_IS_HIERARCHY_VIEW (self));

  selected = twin_hierarchy_view_get_selected (self);
  if ((list_item = find_list_item (self, selected)) == NULL)
    return;
  entry = row_widget (list_item, "entry");
  self->renaming = selected;
  gtk_editable_set_text (GTK_EDITABLE (entry), twin_entity_get_name (selected));
  gtk_stack_set_visible_child_name (GTK_STACK (row_widget (list_item, "stack")), "entry");
  gtk_widget_grab_focus (entry);
  gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);
}

/**
 * twin_hierarchy_view_finish_rename:
 * @name: the name typed
 *
 * Leaves edit mode, renaming the entity when @name differs. A refused name
 * is reported with the "error" signal and the old name stays.
 *
 * Returns: %TRUE when the entity now has @name
 */
gboolean
twin_hierarchy_view_finish_rename (TwinHierarchyView *self,
                                   const char        *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = g_strdup (name);
  TwinEntity      *entity = self->renaming;
  GtkListItem     *list_item;
  gboolean         ok;

  g_return_val_if_fail (TWIN_IS_HIERARCHY_VIEW (self), FALSE);

  if (entity == NULL)
    return FALSE;
  self->renaming = NULL;
  if ((list_item = find_list_item (self, entity)) != NULL)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (row_widget (list_item, "stack")), "label");
      gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
    }
  ok = twin_model_rename (self->model, entity, g_strstrip (text), &error);
  if (!ok)
    report (self, error);
  return ok;
}

/**
 * twin_hierarchy_view_set_live_session:
 * @session: (nullable): the project's running feeds, or %NULL
 *
 * Shows the live values of bound entities in their rows, refreshed on
 * #TwinLiveSession::changed.
 */
void
twin_hierarchy_view_set_live_session (TwinHierarchyView *self,
                                      TwinLiveSession   *session)
{
  g_return_if_fail (TWIN_IS_HIERARCHY_VIEW (self));
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

/**
 * twin_hierarchy_view_get_live_text:
 * @entity: an entity whose row is on screen
 *
 * Returns: (nullable): the live value shown in @entity's row, if any
 */
const char *
twin_hierarchy_view_get_live_text (TwinHierarchyView *self,
                                   TwinEntity        *entity)
{
  GtkListItem *list_item;
  GtkWidget   *label;

  g_return_val_if_fail (TWIN_IS_HIERARCHY_VIEW (self), NULL);
  g_return_val_if_fail (TWIN_IS_ENTITY (entity), NULL);

  if ((list_item = find_list_item (self, entity)) == NULL)
    return NULL;
  label = row_widget (list_item, "live-label");
  return gtk_widget_get_visible (label) ? gtk_label_get_label (GTK_LABEL (label)) : NULL;
}
