/* twin-inspector.c: the selected entity's parameters, edited with their units, errors shown inline.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per parameter: its name (the description as a tooltip), an editor
 * (an entry, or a switch for booleans), the unit, and a line under it for a
 * refusal. A value is committed on Enter or when focus leaves the entry; a
 * refused value stays in the entry, marked, with the reason under it, until
 * the user fixes it or presses Escape. Values follow undo and redo.
 *
 * With a live session (the project's feeds running), a bound property shows
 * its live value, the time it arrived and a stale mark under its row,
 * refreshed on TwinLiveSession::changed. A topic dropped on a row (from the
 * Live page) opens a dialog to bind it; a property with a command binding
 * gets an entry and a Send… button that asks for confirmation, naming the
 * value, the topic and the broker, and sends in a worker thread.
 */

#define G_LOG_DOMAIN "twin-inspector"

#include "config.h"

#include "twin-inspector.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

struct _TwinInspector
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkWidget       *stack;
  GtkImage        *icon;
  GtkLabel        *name_label;
  GtkLabel        *type_label;
  GtkLabel        *path_label;
  GtkListBox      *parameter_list;
  GtkWidget       *no_parameters_label;
  GtkGrid         *placement_grid;
  GtkLabel        *placement_error_label;
  GtkLabel        *mesh_label;
  GtkWidget       *remove_mesh_button;
  GtkWidget       *live_heading;
  GtkListBox      *live_list;

  /* Borrowed references */
  GtkWidget       *placement_entries[2][3]; /* [position, rotation][x, y, z], in placement_grid */

  /* Owned references */
  TwinModel       *model;
  TwinMeshCatalog *meshes;
  TwinEntity      *entity;
  GHashTable      *rows;       /* parameter name → ParameterRow */
  GHashTable      *live_rows;  /* bound property that is no parameter (a sensor's value) → its value label */
  GtkSizeGroup    *unit_group; /* the unit column, equal width in every row */
  TwinLiveSession *live;       /* or NULL: no feeds running */

  /* State */
  gulong           name_handler;
  gulong           changed_handler;
  gulong           live_handler;
};

typedef struct
{
  TwinInspector      *inspector; /* borrowed */
  TwinParameter      *parameter; /* owned */
  GtkWidget          *editor;    /* GtkEntry or GtkSwitch, borrowed */
  GtkWidget          *error_label;
  GtkWidget          *live_label;  /* the live value, its time and a stale mark */
  GtkWidget          *live_box;    /* the live label and the menu button, for a bound property */
  GtkWidget          *menu_button; /* binding actions (also on right-click), while a live session is set */
  GMenuModel         *menu;
  GtkWidget          *command_box; /* an entry and Send…, for a property with a command binding */
  GtkWidget          *command_entry;
  GtkWidget          *command_label; /* how the last send went */
  TwinCommandBinding *command;       /* owned, or NULL */
  char               *status;        /* shown in the live label until a value arrives, or NULL */
  gulong              notify_handler;
  gboolean            updating;
  gboolean            live_stale;
} ParameterRow;

G_DEFINE_FINAL_TYPE (TwinInspector, twin_inspector, GTK_TYPE_WIDGET)

static void     update_header (TwinInspector *self);
static void     sync_live (TwinInspector *self);
static void     send_clicked_cb (GtkButton    *button,
                                 ParameterRow *row);
static void     row_context_menu_cb (GtkGestureClick *gesture,
                                     int              n_press,
                                     double           x,
                                     double           y,
                                     ParameterRow    *row);
static gboolean topic_dropped_cb (GtkDropTarget *target,
                                  const GValue  *value,
                                  double         x,
                                  double         y,
                                  ParameterRow  *row);

static void
parameter_row_free (gpointer data)
{
  ParameterRow *row = data;

  g_clear_signal_handler (&row->notify_handler, row->parameter);
  g_clear_object (&row->parameter);
  g_clear_pointer (&row->command, twin_command_binding_free);
  g_clear_object (&row->menu);
  g_free (row->status);
  g_free (row);
}

static void
show_error (ParameterRow *row,
            const char   *message)
{
  gtk_label_set_label (GTK_LABEL (row->error_label), message != NULL ? message : "");
  gtk_widget_set_visible (row->error_label, message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (row->editor, "error");
  else
    gtk_widget_remove_css_class (row->editor, "error");
}

/* Shows the parameter's present value in its editor. */
static void
sync_editor (ParameterRow *row)
{
  row->updating = TRUE;
  if (GTK_IS_SWITCH (row->editor))
    gtk_switch_set_active (GTK_SWITCH (row->editor), twin_parameter_get_boolean (row->parameter));
  else
    {
      g_autofree char *text = twin_parameter_dup_value_text (row->parameter);

      gtk_editable_set_text (GTK_EDITABLE (row->editor), text);
    }
  row->updating = FALSE;
}

static void
parameter_value_changed_cb (TwinParameter *parameter,
                            GParamSpec    *pspec,
                            ParameterRow  *row)
{
  sync_editor (row);
  show_error (row, NULL);
}

static void
commit_text (ParameterRow *row)
{
  TwinInspector *self = row->inspector;
  g_autoptr (GError) error = NULL;
  g_autofree char *current = NULL;
  const char      *text;

  if (row->updating || self->model == NULL || self->entity == NULL)
    return;
  text = gtk_editable_get_text (GTK_EDITABLE (row->editor));
  current = twin_parameter_dup_value_text (row->parameter);
  if (g_strcmp0 (text, current) == 0)
    {
      show_error (row, NULL);
      return;
    }
  if (!twin_model_set_parameter_text (self->model, self->entity, twin_parameter_get_name (row->parameter), text,
                                      &error))
    {
      show_error (row, error->message);
      return;
    }
  show_error (row, NULL);
  sync_editor (row); /* the canonical form: "2.5 kW" becomes "2500" */
}

static void
entry_activate_cb (GtkEntry     *entry,
                   ParameterRow *row)
{
  commit_text (row);
}

static void
entry_leave_cb (GtkEventControllerFocus *controller,
                ParameterRow            *row)
{
  commit_text (row);
}

static gboolean
entry_key_cb (GtkEventControllerKey *controller,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              ParameterRow          *row)
{
  if (keyval != GDK_KEY_Escape)
    return FALSE;
  sync_editor (row);
  show_error (row, NULL);
  return TRUE;
}

static gboolean
switch_state_set_cb (GtkSwitch    *widget,
                     gboolean      state,
                     ParameterRow *row)
{
  TwinInspector *self = row->inspector;
  g_autoptr (GError) error = NULL;

  if (row->updating || self->model == NULL || self->entity == NULL)
    return FALSE;
  if (!twin_model_set_parameter (self->model, self->entity, twin_parameter_get_name (row->parameter),
                                 g_variant_new_boolean (state), &error))
    {
      show_error (row, error->message);
      return TRUE; /* keep the old state */
    }
  return FALSE;
}

/* "heating_power" → "Heating power": the name a person reads. */
static char *
humanize (const char *name)
{
  char *text = g_strdup (name);

  g_strdelimit (text, "_", ' ');
  text[0] = g_ascii_toupper (text[0]);
  return text;
}

/* Dragging a parameter's name onto a chart charts the signal bound to it:
 * the drag carries "twin-parameter:<entity path>.<parameter>". */
static GdkContentProvider *
name_drag_prepare_cb (GtkDragSource *source,
                      double         x,
                      double         y,
                      ParameterRow  *row)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  if (row->inspector->entity == NULL)
    return NULL;
  path = twin_entity_dup_path (row->inspector->entity);
  text = g_strdup_printf ("twin-parameter:%s.%s", path, twin_parameter_get_name (row->parameter));
  return gdk_content_provider_new_typed (G_TYPE_STRING, text);
}

static GtkWidget *
create_row (TwinInspector *self,
            TwinParameter *parameter)
{
  ParameterRow    *row = g_new0 (ParameterRow, 1);
  GtkWidget       *grid = gtk_grid_new ();
  g_autofree char *title = humanize (twin_parameter_get_name (parameter));
  GtkWidget       *name = gtk_label_new (title);
  GtkWidget       *unit = gtk_label_new (twin_parameter_get_unit (parameter));
  GtkWidget       *list_row = gtk_list_box_row_new ();
  const char      *description = twin_parameter_get_description (parameter);

  row->inspector = self;
  row->parameter = g_object_ref (parameter);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_widget_add_css_class (grid, "parameter-row");
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (name), PANGO_WRAP_WORD_CHAR);
  {
    /* The tooltip names the parameter as files and twinctl spell it. */
    g_autofree char *tooltip = description != NULL
                                 ? g_strdup_printf ("%s\n(%s)", description, twin_parameter_get_name (parameter))
                                 : g_strdup (twin_parameter_get_name (parameter));

    gtk_widget_set_tooltip_text (name, tooltip);
  }
  {
    GtkDragSource *drag = gtk_drag_source_new ();

    gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
    g_signal_connect (drag, "prepare", G_CALLBACK (name_drag_prepare_cb), row);
    gtk_widget_add_controller (name, GTK_EVENT_CONTROLLER (drag));
  }

  if (twin_parameter_get_kind (parameter) == TWIN_VALUE_BOOLEAN)
    {
      row->editor = gtk_switch_new ();
      gtk_widget_set_halign (row->editor, GTK_ALIGN_END);
      g_signal_connect (row->editor, "state-set", G_CALLBACK (switch_state_set_cb), row);
    }
  else
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();
      GtkEventController *keys = gtk_event_controller_key_new ();

      row->editor = gtk_entry_new ();
      gtk_editable_set_width_chars (GTK_EDITABLE (row->editor), 12);
      if (twin_parameter_get_kind (parameter) != TWIN_VALUE_STRING)
        gtk_editable_set_alignment (GTK_EDITABLE (row->editor), 1.0);
      g_signal_connect (row->editor, "activate", G_CALLBACK (entry_activate_cb), row);
      g_signal_connect (focus, "leave", G_CALLBACK (entry_leave_cb), row);
      g_signal_connect (keys, "key-pressed", G_CALLBACK (entry_key_cb), row);
      gtk_widget_add_controller (row->editor, focus);
      gtk_widget_add_controller (row->editor, keys);
    }
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row->editor), GTK_ACCESSIBLE_RELATION_LABELLED_BY, name, NULL, -1);

  gtk_label_set_xalign (GTK_LABEL (unit), 0);
  gtk_size_group_add_widget (self->unit_group, unit);
  gtk_widget_add_css_class (unit, "dim-label");

  row->error_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (row->error_label), 0);
  gtk_label_set_wrap (GTK_LABEL (row->error_label), TRUE);
  gtk_widget_add_css_class (row->error_label, "error");
  gtk_widget_add_css_class (row->error_label, "caption");
  gtk_widget_set_visible (row->error_label, FALSE);

  /* Live: the value under the row, the binding actions in a menu, the setpoint sender. */
  row->live_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (row->live_label), 0);
  gtk_label_set_wrap (GTK_LABEL (row->live_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (row->live_label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (row->live_label, "caption");
  gtk_widget_add_css_class (row->live_label, "live-value");
  {
    g_autoptr (GMenu) menu = g_menu_new ();
    g_autoptr (GMenuItem) bind = g_menu_item_new (_ ("Bind to a _Topic…"), NULL);
    g_autoptr (GMenuItem) command = g_menu_item_new (_ ("_Command Binding…"), NULL);
    const char *pname = twin_parameter_get_name (parameter);

    g_menu_item_set_action_and_target (bind, "inspector.bind-topic", "s", pname);
    g_menu_item_set_action_and_target (command, "inspector.edit-command", "s", pname);
    g_menu_append_item (menu, bind);
    g_menu_append_item (menu, command);
    row->menu = G_MENU_MODEL (g_object_ref (menu));
    row->menu_button = gtk_menu_button_new ();
    gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (row->menu_button), "view-more-symbolic");
    gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (row->menu_button), G_MENU_MODEL (menu));
    gtk_widget_set_tooltip_text (row->menu_button, _ ("Live Data for This Property"));
    gtk_widget_add_css_class (row->menu_button, "flat");
    gtk_widget_set_valign (row->menu_button, GTK_ALIGN_CENTER);
    gtk_widget_set_hexpand (row->live_label, TRUE);
    row->live_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    gtk_box_append (GTK_BOX (row->live_box), row->live_label);
    gtk_box_append (GTK_BOX (row->live_box), row->menu_button);
    gtk_widget_set_visible (row->live_box, FALSE);
  }
  {
    GtkGesture *click = gtk_gesture_click_new ();

    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
    g_signal_connect (click, "pressed", G_CALLBACK (row_context_menu_cb), row);
    gtk_widget_add_controller (grid, GTK_EVENT_CONTROLLER (click));
  }
  {
    GtkWidget *send = gtk_button_new_with_mnemonic (_ ("_Send…"));

    row->command_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    row->command_entry = gtk_entry_new ();
    gtk_widget_set_hexpand (row->command_entry, TRUE);
    gtk_editable_set_alignment (GTK_EDITABLE (row->command_entry), 1.0);
    gtk_entry_set_placeholder_text (GTK_ENTRY (row->command_entry), _ ("Setpoint"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (row->command_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _ ("Setpoint to send"), -1);
    g_signal_connect_swapped (row->command_entry, "activate", G_CALLBACK (gtk_widget_activate), send);
    g_signal_connect (send, "clicked", G_CALLBACK (send_clicked_cb), row);
    gtk_box_append (GTK_BOX (row->command_box), row->command_entry);
    gtk_box_append (GTK_BOX (row->command_box), send);
    gtk_widget_set_visible (row->command_box, FALSE);
    row->command_label = gtk_label_new (NULL);
    gtk_label_set_xalign (GTK_LABEL (row->command_label), 0);
    gtk_label_set_wrap (GTK_LABEL (row->command_label), TRUE);
    gtk_widget_add_css_class (row->command_label, "caption");
    gtk_widget_set_visible (row->command_label, FALSE);
  }
  {
    GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY | GDK_ACTION_LINK);

    g_signal_connect (drop, "drop", G_CALLBACK (topic_dropped_cb), row);
    gtk_widget_add_controller (grid, GTK_EVENT_CONTROLLER (drop));
  }

  gtk_grid_attach (GTK_GRID (grid), name, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), row->editor, 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), unit, 2, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), row->error_label, 0, 1, 3, 1);
  gtk_grid_attach (GTK_GRID (grid), row->live_box, 0, 2, 3, 1);
  gtk_grid_attach (GTK_GRID (grid), row->command_box, 0, 3, 3, 1);
  gtk_grid_attach (GTK_GRID (grid), row->command_label, 0, 4, 3, 1);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (list_row), grid);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (list_row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (list_row), FALSE);

  sync_editor (row);
  row->notify_handler = g_signal_connect (parameter, "notify::value-text", G_CALLBACK (parameter_value_changed_cb), row);
  g_hash_table_insert (self->rows, (gpointer) twin_parameter_get_name (parameter), row);
  return list_row;
}

/* The units the placement fields are shown in; typed values may carry others. */
static const char *const placement_units[2] = { "m", "°" };

static void
sync_placement (TwinInspector *self)
{
  const TwinTransform *t;

  if (self->entity == NULL)
    return;
  t = twin_entity_get_transform (self->entity);
  for (guint axis = 0; axis < 3; axis++)
    {
      g_autofree char *position = twin_format_number (t->position_m[axis]);
      g_autofree char *rotation = twin_format_number (t->rotation_deg[axis]);

      gtk_editable_set_text (GTK_EDITABLE (self->placement_entries[0][axis]), position);
      gtk_editable_set_text (GTK_EDITABLE (self->placement_entries[1][axis]), rotation);
      gtk_widget_remove_css_class (self->placement_entries[0][axis], "error");
      gtk_widget_remove_css_class (self->placement_entries[1][axis], "error");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->placement_error_label), FALSE);
}

/* Reads "1.5", "1,5" or "150 cm" into @unit; FALSE with a sentence in @error. */
static gboolean
parse_placement (const char *text,
                 const char *unit,
                 double     *value,
                 GError    **error)
{
  g_autoptr (TwinParameter) scratch = twin_parameter_new_number ("value", 0, unit, -INFINITY, INFINITY);
  g_autoptr (GVariant) parsed = twin_parameter_parse_value (scratch, text, error);

  if (parsed == NULL)
    return FALSE;
  *value = g_variant_get_double (parsed);
  return TRUE;
}

static void
commit_placement (TwinInspector *self,
                  GtkWidget     *entry)
{
  g_autoptr (GError) error = NULL;
  TwinTransform transform;

  if (self->entity == NULL || self->model == NULL)
    return;
  transform = *twin_entity_get_transform (self->entity);
  for (guint row = 0; row < 2; row++)
    for (guint axis = 0; axis < 3; axis++)
      {
        GtkWidget *field = self->placement_entries[row][axis];
        double    *target = row == 0 ? &transform.position_m[axis] : &transform.rotation_deg[axis];

        if (!parse_placement (gtk_editable_get_text (GTK_EDITABLE (field)), placement_units[row], target, &error))
          {
            g_autofree char *message = g_strdup_printf (_ ("Cannot place “%s”: %s"),
                                                        twin_entity_get_name (self->entity), error->message);

            gtk_widget_add_css_class (field, "error");
            gtk_label_set_label (self->placement_error_label, message);
            gtk_widget_set_visible (GTK_WIDGET (self->placement_error_label), TRUE);
            return;
          }
      }
  if (!twin_model_set_transform (self->model, self->entity, &transform, &error))
    {
      gtk_label_set_label (self->placement_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->placement_error_label), TRUE);
      return;
    }
  sync_placement (self);
}

static void
placement_activate_cb (GtkEntry      *entry,
                       TwinInspector *self)
{
  commit_placement (self, GTK_WIDGET (entry));
}

static void
placement_leave_cb (GtkEventControllerFocus *controller,
                    TwinInspector           *self)
{
  commit_placement (self, gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));
}

static void
build_placement_grid (TwinInspector *self)
{
  static const char *const axes[3] = { "X", "Y", "Z" };
  const char              *rows[2] = { _ ("Position"), _ ("Rotation") };

  for (guint axis = 0; axis < 3; axis++)
    {
      GtkWidget *label = gtk_label_new (axes[axis]);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_grid_attach (self->placement_grid, label, (int) axis + 1, 0, 1, 1);
    }
  for (guint row = 0; row < 2; row++)
    {
      GtkWidget *label = gtk_label_new (rows[row]);
      GtkWidget *unit = gtk_label_new (placement_units[row]);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_grid_attach (self->placement_grid, label, 0, (int) row + 1, 1, 1);
      for (guint axis = 0; axis < 3; axis++)
        {
          GtkWidget          *entry = gtk_entry_new ();
          GtkEventController *focus = gtk_event_controller_focus_new ();
          g_autofree char    *name = g_strdup_printf ("%s %s", rows[row], axes[axis]);

          gtk_editable_set_width_chars (GTK_EDITABLE (entry), 7);
          gtk_editable_set_alignment (GTK_EDITABLE (entry), 1.0);
          gtk_widget_set_name (entry, row == 0 ? "position" : "rotation");
          gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
          g_signal_connect (entry, "activate", G_CALLBACK (placement_activate_cb), self);
          g_signal_connect (focus, "leave", G_CALLBACK (placement_leave_cb), self);
          gtk_widget_add_controller (entry, focus);
          gtk_grid_attach (self->placement_grid, entry, (int) axis + 1, (int) row + 1, 1, 1);
          self->placement_entries[row][axis] = entry;
        }
      gtk_widget_add_css_class (unit, "dim-label");
      gtk_size_group_add_widget (self->unit_group, unit);
      gtk_label_set_xalign (GTK_LABEL (unit), 0);
      gtk_grid_attach (self->placement_grid, unit, 4, (int) row + 1, 1, 1);
    }
}

/* "pump.stl — 12,480 triangles, mm, Y up", or why there is a box. */
static void
sync_mesh (TwinInspector *self)
{
  const char         *id = self->entity != NULL ? twin_entity_get_mesh_id (self->entity) : NULL;
  const TwinMeshInfo *info = id != NULL && self->meshes != NULL ? twin_mesh_catalog_lookup (self->meshes, id) : NULL;
  g_autofree char    *text = NULL;

  if (id == NULL)
    text = g_strdup (_ ("A box (import a CAD mesh with Ctrl+I)"));
  else if (info == NULL)
    text = g_strdup_printf (_ ("A box: its mesh %s is not in this project"), id);
  else
    /* Translators: a mesh: its name, triangle count, unit and up axis, as in “pump.stl — 12480 triangles, mm, Y up” */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — %u triangle, %s, %s up", "%s — %u triangles, %s, %s up",
                                         info->n_triangles),
                            info->name, info->n_triangles, twin_mesh_unit_to_string (info->unit),
                            info->up == TWIN_MESH_UP_Y ? "Y" : "Z");
  gtk_label_set_label (self->mesh_label, text);
  gtk_widget_set_visible (self->remove_mesh_button, id != NULL);
}

static void
remove_mesh_clicked_cb (TwinInspector *self)
{
  g_autoptr (GError) error = NULL;

  if (self->model == NULL || self->entity == NULL)
    return;
  if (!twin_model_set_mesh (self->model, self->entity, NULL, &error))
    {
      gtk_label_set_label (self->placement_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->placement_error_label), TRUE);
    }
}

static void
model_changed_cb (TwinInspector    *self,
                  const TwinChange *change)
{
  for (guint i = 0; i < change->entries->len; i++)
    if (g_array_index (change->entries, TwinChangeEntry, i).entity == self->entity)
      {
        sync_placement (self);
        sync_mesh (self);
        update_header (self);
        return;
      }
}

static void
update_header (TwinInspector *self)
{
  g_autofree char *path = NULL;

  if (self->entity == NULL)
    return;
  path = twin_entity_dup_path (self->entity);
  gtk_image_set_from_icon_name (self->icon, twin_entity_type_get_icon (twin_entity_get_type_name (self->entity)));
  gtk_label_set_label (self->name_label, twin_entity_get_name (self->entity));
  gtk_label_set_label (self->type_label, twin_entity_type_get_label (twin_entity_get_type_name (self->entity)));
  gtk_label_set_label (self->path_label, path);
}

static void
clear_rows (TwinInspector *self)
{
  GtkWidget *child;

  g_hash_table_remove_all (self->rows);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->parameter_list))) != NULL)
    gtk_list_box_remove (self->parameter_list, child);
}

static void
rebuild (TwinInspector *self)
{
  GListModel *parameters;
  guint       n;

  clear_rows (self);
  if (self->entity == NULL)
    {
      sync_live (self);
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
      return;
    }

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "entity");
  update_header (self);
  sync_placement (self);
  sync_mesh (self);
  parameters = twin_entity_get_parameters (self->entity);
  n = g_list_model_get_n_items (parameters);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TwinParameter) parameter = g_list_model_get_item (parameters, i);

      gtk_list_box_append (self->parameter_list, create_row (self, parameter));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->parameter_list), n > 0);
  gtk_widget_set_visible (self->no_parameters_label, n == 0);
  sync_live (self);
}

static void
entity_renamed_cb (TwinInspector *self)
{
  update_header (self);
}

/* Live values: "21.4" (six significant digits) in the user's locale. */
static char *
format_quantity (double      value,
                 const char *unit)
{
  if (unit == NULL || *unit == '\0')
    return g_strdup_printf ("%.6g", value);
  return g_strdup_printf ("%.6g %s", value, unit);
}

/* "12:03:04" today, with the date otherwise. */
static char *
format_live_time (gint64 t_us)
{
  g_autoptr (GDateTime) t = g_date_time_new_from_unix_local (t_us / G_USEC_PER_SEC);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  int year, month, day, now_year, now_month, now_day;

  if (t == NULL)
    return g_strdup ("?");
  g_date_time_get_ymd (t, &year, &month, &day);
  g_date_time_get_ymd (now, &now_year, &now_month, &now_day);
  if (year == now_year && month == now_month && day == now_day)
    return g_date_time_format (t, "%H:%M:%S");
  return g_date_time_format (t, "%Y-%m-%d %H:%M:%S");
}

static gboolean
is_numeric (TwinParameter *parameter)
{
  TwinValueKind kind = twin_parameter_get_kind (parameter);

  return kind == TWIN_VALUE_NUMBER || kind == TWIN_VALUE_INTEGER;
}

static void
show_command_result (ParameterRow *row,
                     const char   *message,
                     gboolean      failed)
{
  gtk_label_set_label (GTK_LABEL (row->command_label), message != NULL ? message : "");
  gtk_widget_set_visible (row->command_label, message != NULL);
  if (failed)
    gtk_widget_add_css_class (row->command_label, "error");
  else
    gtk_widget_remove_css_class (row->command_label, "error");
}

static void
sync_row_live (TwinInspector *self,
               ParameterRow  *row,
               const char    *path)
{
  const char      *name = twin_parameter_get_name (row->parameter);
  TwinLiveValue    value = { 0 };
  gboolean         has_value = self->live != NULL && twin_live_session_lookup (self->live, path, name, &value);
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  g_autoptr (TwinCommandBinding) command = NULL;

  row->live_stale = has_value && value.stale;
  if (has_value)
    {
      g_autofree char *quantity = format_quantity (value.value, twin_parameter_get_unit (row->parameter));
      g_autofree char *time = format_live_time (value.t_us);

      if (value.stale)
        /* Translators: a bound property's last value, too old, as in “Stale: 21.4 °C at 12:03:04, nothing newer on “site/room/temp”” */
        text = g_strdup_printf (_ ("Stale: %s at %s, nothing newer on “%s”"), quantity, time,
                                value.topic != NULL ? value.topic : "");
      else
        /* Translators: a bound property's value from its feed, as in “Live: 21.4 °C at 12:03:04” */
        text = g_strdup_printf (_ ("Live: %s at %s"), quantity, time);
      if (value.topic != NULL)
        tooltip = g_strdup_printf (_ ("From the topic “%s”"), value.topic);
      g_clear_pointer (&row->status, g_free);
    }
  else if (self->live != NULL && row->status != NULL)
    text = g_strdup (row->status);
  gtk_label_set_label (GTK_LABEL (row->live_label), text != NULL ? text : "");
  gtk_widget_set_tooltip_text (row->live_label, tooltip);
  if (row->live_stale)
    gtk_widget_add_css_class (row->live_label, "stale");
  else
    gtk_widget_remove_css_class (row->live_label, "stale");

  /* The command binding: the sender shows while there is one. */
  if (self->live != NULL)
    command = twin_live_session_dup_command_binding (self->live, path, name);
  g_clear_pointer (&row->command, twin_command_binding_free);
  row->command = g_steal_pointer (&command);
  /* The menu button ends the sender's line if there is one, else the live value's. */
  {
    GtkWidget *box = row->command != NULL ? row->command_box : row->live_box;

    if (gtk_widget_get_parent (row->menu_button) != box)
      {
        g_object_ref (row->menu_button);
        gtk_box_remove (GTK_BOX (gtk_widget_get_parent (row->menu_button)), row->menu_button);
        gtk_box_append (GTK_BOX (box), row->menu_button);
        g_object_unref (row->menu_button);
      }
  }
  gtk_widget_set_visible (row->live_box, self->live != NULL && text != NULL);
  gtk_widget_set_visible (row->command_box, row->command != NULL);
  if (row->command != NULL)
    {
      g_autofree char *where = g_strdup_printf (_ ("Sent on the topic “%s” through the feed “%s”"),
                                                row->command->topic, row->command->feed);

      gtk_widget_set_tooltip_text (row->command_box, where);
    }
  else
    show_command_result (row, NULL, FALSE);
}

static void
clear_live_rows (TwinInspector *self)
{
  GtkWidget *child;

  g_hash_table_remove_all (self->live_rows);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->live_list))) != NULL)
    gtk_list_box_remove (self->live_list, child);
  gtk_widget_set_visible (self->live_heading, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->live_list), FALSE);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* Bound properties that are no parameter (a sensor's measured value) get a row of their own. */
static void
sync_live_rows (TwinInspector *self,
                const char    *path)
{
  g_autoptr (GPtrArray) topics = twin_live_session_dup_topics (self->live);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  gboolean same;

  for (guint i = 0; i < topics->len; i++)
    {
      TwinLiveTopic *topic = g_ptr_array_index (topics, i);

      if (topic->property != NULL && g_strcmp0 (topic->entity_path, path) == 0 &&
          !g_hash_table_contains (self->rows, topic->property) &&
          !g_ptr_array_find_with_equal_func (names, topic->property, g_str_equal, NULL))
        g_ptr_array_add (names, topic->property);
    }
  g_ptr_array_sort (names, compare_strings);
  same = names->len == g_hash_table_size (self->live_rows);
  for (guint i = 0; same && i < names->len; i++)
    same = g_hash_table_contains (self->live_rows, g_ptr_array_index (names, i));
  if (!same)
    {
      clear_live_rows (self);
      for (guint i = 0; i < names->len; i++)
        {
          const char      *property = g_ptr_array_index (names, i);
          g_autofree char *title = humanize (property);
          GtkWidget       *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
          GtkWidget       *name = gtk_label_new (title);
          GtkWidget       *value = gtk_label_new (NULL);

          gtk_widget_add_css_class (box, "parameter-row");
          gtk_label_set_xalign (GTK_LABEL (name), 0);
          gtk_widget_set_tooltip_text (name, property);
          gtk_label_set_xalign (GTK_LABEL (value), 1);
          gtk_label_set_wrap (GTK_LABEL (value), TRUE);
          gtk_widget_set_hexpand (value, TRUE);
          gtk_widget_add_css_class (value, "live-value");
          gtk_box_append (GTK_BOX (box), name);
          gtk_box_append (GTK_BOX (box), value);
          gtk_list_box_append (self->live_list, box);
          g_hash_table_insert (self->live_rows, g_strdup (property), value);
        }
      gtk_widget_set_visible (self->live_heading, names->len > 0);
      gtk_widget_set_visible (GTK_WIDGET (self->live_list), names->len > 0);
    }

  for (guint i = 0; i < names->len; i++)
    {
      const char      *property = g_ptr_array_index (names, i);
      GtkWidget       *label = g_hash_table_lookup (self->live_rows, property);
      TwinLiveValue    value;
      g_autofree char *text = NULL;
      gboolean         stale = FALSE;

      if (twin_live_session_lookup (self->live, path, property, &value))
        {
          g_autofree char *quantity = format_quantity (value.value, NULL);
          g_autofree char *time = format_live_time (value.t_us);

          stale = value.stale;
          for (guint j = 0; j < topics->len; j++)
            {
              TwinLiveTopic *topic = g_ptr_array_index (topics, j);

              if (g_strcmp0 (topic->topic, value.topic) == 0 && topic->unit != NULL && *topic->unit != '\0')
                {
                  g_free (quantity);
                  quantity = format_quantity (value.value, topic->unit);
                  break;
                }
            }
          text = stale ? g_strdup_printf (_ ("Stale: %s at %s, nothing newer on “%s”"), quantity, time,
                                          value.topic != NULL ? value.topic : "")
                       : g_strdup_printf (_ ("Live: %s at %s"), quantity, time);
          if (value.topic != NULL)
            {
              g_autofree char *tooltip = g_strdup_printf (_ ("From the topic “%s”"), value.topic);

              gtk_widget_set_tooltip_text (label, tooltip);
            }
        }
      else
        text = g_strdup (_ ("Waiting for a value"));
      gtk_label_set_label (GTK_LABEL (label), text);
      g_object_set_data (G_OBJECT (label), "stale", GINT_TO_POINTER (stale));
      if (stale)
        gtk_widget_add_css_class (label, "stale");
      else
        gtk_widget_remove_css_class (label, "stale");
    }
}

static void
sync_live (TwinInspector *self)
{
  g_autofree char *path = NULL;
  GHashTableIter   iter;
  gpointer         value;

  if (self->entity == NULL || self->live == NULL)
    {
      clear_live_rows (self);
      if (self->entity == NULL)
        return;
    }
  path = twin_entity_dup_path (self->entity);
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    sync_row_live (self, value, path);
  if (self->live != NULL)
    sync_live_rows (self, path);
}

static GtkWindow *
get_parent_window (TwinInspector *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* The row of ENTITY.PROPERTY if that entity is still shown. */
static ParameterRow *
find_row (TwinInspector *self,
          const char    *entity_path,
          const char    *property)
{
  g_autofree char *path = NULL;

  if (self->entity == NULL)
    return NULL;
  path = twin_entity_dup_path (self->entity);
  if (g_strcmp0 (path, entity_path) != 0)
    return NULL;
  return g_hash_table_lookup (self->rows, property);
}

/* Binding a topic: the dialog's answers, carried to the worker thread and back. */
typedef struct
{
  TwinInspector    *inspector; /* owned */
  char             *project_path;
  TwinTopicBinding *binding;
  GtkWidget        *topic_entry; /* in the dialog, borrowed */
  GtkWidget        *unit_entry;
  GtkWidget        *scale_entry;
  GtkWidget        *offset_entry;
  GtkWidget        *error_label;
  gboolean          unbind;
} BindRequest;

static void
bind_request_free (gpointer data)
{
  BindRequest *request = data;

  g_clear_object (&request->inspector);
  g_free (request->project_path);
  g_clear_pointer (&request->binding, twin_topic_binding_free);
  g_free (request);
}

static void
bind_topic_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  BindRequest *request = task_data;
  g_autoptr (TwinFeedStore) store = NULL;
  GError *error = NULL;

  store = twin_feed_store_open (request->project_path, FALSE, &error);
  if (store == NULL ||
      !(request->unbind ? twin_feed_store_unbind_topic (store, request->binding->topic, &error)
                        : twin_feed_store_bind_topic (store, request->binding, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
bind_topic_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  TwinInspector *self = TWIN_INSPECTOR (source);
  BindRequest   *request = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  ParameterRow *row = find_row (self, request->binding->entity_path, request->binding->property);

  if (g_task_propagate_boolean (G_TASK (result), &error) && self->live != NULL)
    twin_live_session_reload (self->live, &error);
  if (row == NULL)
    {
      if (error != NULL)
        g_warning ("%s", error->message);
      return;
    }
  if (error != NULL)
    {
      show_error (row, error->message);
      return;
    }
  g_free (row->status);
  /* Translators: shown under a property just bound to a topic, before its first value */
  row->status = request->unbind ? NULL
                                : g_strdup_printf (_ ("Bound to “%s”: waiting for a value"), request->binding->topic);
  sync_live (self);
}

/* Reads "1.5" or "1,5"; FALSE unless it is a finite number. */
static gboolean
parse_number (const char *text,
              double     *value)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char            *end = NULL;

  g_strdelimit (copy, ",", '.');
  if (*copy == '\0')
    return FALSE;
  *value = g_ascii_strtod (copy, &end);
  return end != NULL && *end == '\0' && isfinite (*value);
}

static void
bind_dialog_response_cb (GtkDialog *dialog,
                         int        response,
                         gpointer   user_data)
{
  BindRequest     *request = g_object_get_data (G_OBJECT (dialog), "request");
  g_autofree char *topic = NULL;
  g_autofree char *unit = NULL;
  double           scale, offset;
  const char      *problem = NULL;
  GTask           *task;

  if (response != GTK_RESPONSE_ACCEPT && response != GTK_RESPONSE_REJECT)
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }
  request->unbind = response == GTK_RESPONSE_REJECT;
  topic = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (request->topic_entry))));
  unit = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (request->unit_entry))));
  if (*topic == '\0' || strchr (topic, '+') != NULL || strchr (topic, '#') != NULL)
    problem = _ ("Type the topic to bind, without the wildcards + or #.");
  else if (request->unbind)
    {
      scale = 1;
      offset = 0;
    }
  else if (!parse_number (gtk_editable_get_text (GTK_EDITABLE (request->scale_entry)), &scale) || scale == 0.0)
    problem = _ ("The scale must be a number other than zero.");
  else if (!parse_number (gtk_editable_get_text (GTK_EDITABLE (request->offset_entry)), &offset))
    problem = _ ("The offset must be a number.");
  if (problem != NULL)
    {
      gtk_label_set_label (GTK_LABEL (request->error_label), problem);
      gtk_widget_set_visible (request->error_label, TRUE);
      return;
    }
  g_free (request->binding->topic);
  request->binding->topic = g_steal_pointer (&topic);
  g_free (request->binding->unit);
  request->binding->unit = *unit != '\0' ? g_steal_pointer (&unit) : NULL;
  request->binding->scale = scale;
  request->binding->offset = offset;

  /* The dialog goes; the request goes on to the worker thread. */
  g_object_steal_data (G_OBJECT (dialog), "request");
  task = g_task_new (request->inspector, NULL, bind_topic_done_cb, NULL);
  g_task_set_task_data (task, request, bind_request_free);
  g_task_run_in_thread (task, bind_topic_thread);
  g_object_unref (task);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static GtkWidget *
add_dialog_field (GtkGrid    *grid,
                  int         row,
                  const char *label_text,
                  const char *text)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (label_text);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_grid_attach (grid, label, 0, row, 1, 1);
  gtk_grid_attach (grid, entry, 1, row, 1, 1);
  return entry;
}

/* The unit a topic's values arrive in, if the session knows it. */
static char *
dup_topic_unit (TwinInspector *self,
                const char    *topic)
{
  g_autoptr (GPtrArray) topics = self->live != NULL ? twin_live_session_dup_topics (self->live) : NULL;

  for (guint i = 0; topics != NULL && i < topics->len; i++)
    {
      TwinLiveTopic *seen = g_ptr_array_index (topics, i);

      if (g_strcmp0 (seen->topic, topic) == 0 && seen->unit != NULL && *seen->unit != '\0')
        return g_strdup (seen->unit);
    }
  return NULL;
}

/* The topic bound to ENTITY.PROPERTY, if the session has seen it. */
static char *
dup_bound_topic (TwinInspector *self,
                 const char    *path,
                 const char    *property)
{
  g_autoptr (GPtrArray) topics = twin_live_session_dup_topics (self->live);

  for (guint i = 0; i < topics->len; i++)
    {
      TwinLiveTopic *seen = g_ptr_array_index (topics, i);

      if (g_strcmp0 (seen->entity_path, path) == 0 && g_strcmp0 (seen->property, property) == 0)
        return g_strdup (seen->topic);
    }
  return NULL;
}

static GtkWidget *
open_bind_dialog (TwinInspector *self,
                  ParameterRow  *row,
                  const char    *topic)
{
  BindRequest     *request = g_new0 (BindRequest, 1);
  const char      *property = twin_parameter_get_name (row->parameter);
  const char      *property_unit = twin_parameter_get_unit (row->parameter);
  g_autofree char *path = twin_entity_dup_path (self->entity);
  g_autofree char *bound_topic = dup_bound_topic (self, path, property);
  g_autofree char *topic_unit = NULL;
  g_autofree char *intro = NULL;
  GtkWidget       *dialog;
  GtkWidget       *grid = gtk_grid_new ();
  GtkWidget       *label;

  /* Bound already: the topic is shown, and Unbind offered on the left. */
  if (bound_topic != NULL)
    {
      dialog = gtk_dialog_new_with_buttons (_ ("Bind a Topic"), get_parent_window (self),
                                            GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT, _ ("_Unbind"),
                                            GTK_RESPONSE_REJECT, _ ("_Cancel"), GTK_RESPONSE_CANCEL, _ ("_Bind"),
                                            GTK_RESPONSE_ACCEPT, NULL);
      gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_REJECT),
                                "destructive-action");
      if (topic == NULL)
        topic = bound_topic;
    }
  else
    dialog = gtk_dialog_new_with_buttons (_ ("Bind a Topic"), get_parent_window (self),
                                          GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT, _ ("_Cancel"),
                                          GTK_RESPONSE_CANCEL, _ ("_Bind"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  request->inspector = g_object_ref (self);
  request->project_path = g_strdup (twin_live_session_get_project_path (self->live));
  request->binding = g_new0 (TwinTopicBinding, 1);
  request->binding->entity_path = g_strdup (path);
  request->binding->property = g_strdup (property);
  topic_unit = topic != NULL ? dup_topic_unit (self, topic) : NULL;

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_margin_start (grid, 18);
  gtk_widget_set_margin_end (grid, 18);
  gtk_widget_set_margin_top (grid, 18);
  gtk_widget_set_margin_bottom (grid, 18);
  /* Translators: the bind dialog's first line, as in “The topic's values become Site/Room.temperature (°C), converted as
   * value × scale + offset.” */
  intro = g_strdup_printf (_ ("The topic’s values become %s.%s (%s), converted as value × scale + offset."), path,
                           property, property_unit != NULL && *property_unit != '\0' ? property_unit : _ ("no unit"));
  label = gtk_label_new (intro);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 0, 2, 1);
  request->topic_entry = add_dialog_field (GTK_GRID (grid), 1, _ ("_Topic"), topic);
  request->unit_entry = add_dialog_field (GTK_GRID (grid), 2, _ ("_Unit of the values"),
                                          topic_unit != NULL ? topic_unit : property_unit);
  request->scale_entry = add_dialog_field (GTK_GRID (grid), 3, _ ("_Scale"), "1");
  request->offset_entry = add_dialog_field (GTK_GRID (grid), 4, _ ("_Offset"), "0");
  gtk_widget_set_name (request->topic_entry, "topic");
  gtk_widget_set_name (request->unit_entry, "unit");
  gtk_widget_set_name (request->scale_entry, "scale");
  gtk_widget_set_name (request->offset_entry, "offset");
  request->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (request->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (request->error_label), 0);
  gtk_widget_add_css_class (request->error_label, "error");
  gtk_widget_set_name (request->error_label, "error");
  gtk_widget_set_visible (request->error_label, FALSE);
  gtk_grid_attach (GTK_GRID (grid), request->error_label, 0, 5, 2, 1);
  gtk_box_append (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog))), grid);

  g_object_set_data_full (G_OBJECT (dialog), "request", request, bind_request_free);
  g_signal_connect (dialog, "response", G_CALLBACK (bind_dialog_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static gboolean
unparent_idle (gpointer data)
{
  GtkWidget *popover = data;

  if (gtk_widget_get_parent (popover) != NULL)
    gtk_widget_unparent (popover);
  g_object_unref (popover);
  return G_SOURCE_REMOVE;
}

static void
context_menu_closed_cb (GtkPopover *popover)
{
  g_idle_add (unparent_idle, g_object_ref (popover));
}

/* Right-click on a row: the binding actions, for a property that has none yet too. */
static void
row_context_menu_cb (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     ParameterRow    *row)
{
  GtkWidget   *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkWidget   *popover;
  GdkRectangle at = { (int) x, (int) y, 1, 1 };

  if (row->inspector->live == NULL || !is_numeric (row->parameter))
    return;
  popover = gtk_popover_menu_new_from_model (row->menu);
  gtk_widget_set_parent (popover, widget);
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &at);
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  g_signal_connect (popover, "closed", G_CALLBACK (context_menu_closed_cb), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static gboolean
topic_dropped_cb (GtkDropTarget *target,
                  const GValue  *value,
                  double         x,
                  double         y,
                  ParameterRow  *row)
{
  const char *text = g_value_get_string (value);

  return text != NULL &&
         twin_inspector_drop_topic (row->inspector, twin_parameter_get_name (row->parameter), text) != NULL;
}

static void
bind_topic_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TwinInspector *self = TWIN_INSPECTOR (widget);
  ParameterRow  *row = g_hash_table_lookup (self->rows, g_variant_get_string (parameter, NULL));

  if (row != NULL)
    twin_inspector_edit_topic_binding (self, twin_parameter_get_name (row->parameter));
}

/* Sending a setpoint: what was confirmed, carried to the session and back. */
typedef struct
{
  TwinInspector      *inspector; /* owned */
  TwinCommandBinding *binding;
  char               *unit;
  char               *quantity; /* "21.5 °C", for the result */
  double              value;
} SendRequest;

static void
send_request_free (gpointer data)
{
  SendRequest *request = data;

  g_clear_object (&request->inspector);
  g_clear_pointer (&request->binding, twin_command_binding_free);
  g_free (request->unit);
  g_free (request->quantity);
  g_free (request);
}

static void
send_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SendRequest  *request = user_data;
  ParameterRow *row = find_row (request->inspector, request->binding->entity_path, request->binding->property);
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean         ok = twin_live_session_send_command_finish (TWIN_LIVE_SESSION (source), result, &error);

  if (ok)
    {
      g_autofree char *time = format_live_time (g_get_real_time ());

      /* Translators: after a setpoint was sent, as in “Sent 21.5 °C at 12:03:04 on “site/heater/setpoint”.” */
      message = g_strdup_printf (_ ("Sent %s at %s on “%s”."), request->quantity, time, request->binding->topic);
    }
  else
    /* Translators: a setpoint that could not be sent, with the reason */
    message = g_strdup_printf (_ ("%s was not sent: %s"), request->quantity, error->message);
  if (row != NULL)
    show_command_result (row, message, !ok);
  else if (!ok)
    g_warning ("%s", message);
  send_request_free (request);
}

static void
confirm_response_cb (GtkDialog   *dialog,
                     int          response,
                     SendRequest *request)
{
  TwinInspector *self = request->inspector;
  ParameterRow  *row = find_row (self, request->binding->entity_path, request->binding->property);

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response != GTK_RESPONSE_ACCEPT || self->live == NULL)
    {
      send_request_free (request);
      return;
    }
  if (row != NULL)
    {
      /* Translators: while a setpoint is on its way, as in “Sending 21.5 °C…” */
      g_autofree char *message = g_strdup_printf (_ ("Sending %s…"), request->quantity);

      show_command_result (row, message, FALSE);
    }
  twin_live_session_send_command_async (self->live, request->binding, request->value, request->unit, NULL,
                                        send_done_cb, request);
}

static void
send_clicked_cb (GtkButton    *button,
                 ParameterRow *row)
{
  twin_inspector_send_command (row->inspector, twin_parameter_get_name (row->parameter),
                               gtk_editable_get_text (GTK_EDITABLE (row->command_entry)));
}

/* Editing a command binding: the dialog's fields, then the worker thread's job. */
typedef struct
{
  TwinInspector      *inspector; /* owned */
  char               *project_path;
  TwinCommandBinding *binding;
  gboolean            remove;
  GtkStringList      *feeds; /* borrowed, in the dialog */
  GtkWidget          *feed_dropdown;
  GtkWidget          *topic_entry;
  GtkWidget          *qos_dropdown;
  GtkWidget          *retain_check;
  GtkWidget          *payload_entry;
  GtkWidget          *unit_entry;
  GtkWidget          *min_entry;
  GtkWidget          *max_entry;
  GtkWidget          *error_label;
} CommandRequest;

static void
command_request_free (gpointer data)
{
  CommandRequest *request = data;

  g_clear_object (&request->inspector);
  g_free (request->project_path);
  g_clear_pointer (&request->binding, twin_command_binding_free);
  g_free (request);
}

static void
save_command_thread (GTask        *task,
                     gpointer      source,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  CommandRequest *request = task_data;
  g_autoptr (TwinCommandStore) store = NULL;
  GError  *error = NULL;
  gboolean ok;

  store = twin_command_store_open (request->project_path, FALSE, &error);
  if (store == NULL)
    ok = FALSE;
  else if (request->remove)
    ok = twin_command_store_delete_binding (store, request->binding->entity_path, request->binding->property,
                                            &error);
  else
    ok = twin_command_store_save_binding (store, request->binding, &error);
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
save_command_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  TwinInspector  *self = TWIN_INSPECTOR (source);
  CommandRequest *request = g_task_get_task_data (G_TASK (result));
  ParameterRow   *row = find_row (self, request->binding->entity_path, request->binding->property);
  g_autoptr (GError) error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error) && self->live != NULL)
    twin_live_session_reload (self->live, &error);
  if (error != NULL)
    {
      if (row != NULL)
        show_error (row, error->message);
      else
        g_warning ("%s", error->message);
      return;
    }
  sync_live (self);
}

/* An optional bound: empty is none (NAN). */
static gboolean
parse_bound (GtkWidget *entry,
             double    *value)
{
  const char      *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (*stripped == '\0')
    {
      *value = NAN;
      return TRUE;
    }
  return parse_number (stripped, value);
}

static char *
dup_entry_text (GtkWidget *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
command_dialog_response_cb (GtkDialog *dialog,
                            int        response,
                            gpointer   user_data)
{
  CommandRequest     *request = g_object_get_data (G_OBJECT (dialog), "request");
  TwinCommandBinding *binding = request->binding;
  g_autoptr (GError) error = NULL;
  guint  feed_index;
  GTask *task;

  if (response != GTK_RESPONSE_ACCEPT && response != GTK_RESPONSE_REJECT)
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }
  request->remove = response == GTK_RESPONSE_REJECT;
  if (!request->remove)
    {
      feed_index = gtk_drop_down_get_selected (GTK_DROP_DOWN (request->feed_dropdown));
      g_free (binding->feed);
      binding->feed = feed_index != GTK_INVALID_LIST_POSITION
                        ? g_strdup (gtk_string_list_get_string (request->feeds, feed_index))
                        : NULL;
      g_free (binding->topic);
      binding->topic = dup_entry_text (request->topic_entry);
      binding->qos = (int) gtk_drop_down_get_selected (GTK_DROP_DOWN (request->qos_dropdown));
      binding->retain = gtk_check_button_get_active (GTK_CHECK_BUTTON (request->retain_check));
      g_free (binding->payload);
      binding->payload = dup_entry_text (request->payload_entry);
      g_free (binding->unit);
      binding->unit = dup_entry_text (request->unit_entry);
      if (binding->feed == NULL)
        g_set_error (&error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID,
                     _ ("Choose the MQTT feed whose broker carries the command."));
      else if (!parse_bound (request->min_entry, &binding->min) || !parse_bound (request->max_entry, &binding->max))
        g_set_error (&error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID,
                     _ ("The minimum and maximum must be numbers, or empty for none."));
      else if (binding->topic == NULL)
        g_set_error (&error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID, _ ("Type the topic to publish on."));
      else
        twin_command_binding_validate (binding, &error);
      if (error != NULL)
        {
          gtk_label_set_label (GTK_LABEL (request->error_label), error->message);
          gtk_widget_set_visible (request->error_label, TRUE);
          return;
        }
    }
  g_object_steal_data (G_OBJECT (dialog), "request");
  task = g_task_new (request->inspector, NULL, save_command_done_cb, NULL);
  g_task_set_task_data (task, request, command_request_free);
  g_task_run_in_thread (task, save_command_thread);
  g_object_unref (task);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static GtkWidget *
open_command_dialog (TwinInspector *self,
                     ParameterRow  *row)
{
  CommandRequest  *request = g_new0 (CommandRequest, 1);
  const char      *property = twin_parameter_get_name (row->parameter);
  g_autofree char *path = twin_entity_dup_path (self->entity);
  g_autoptr (GPtrArray) feeds = twin_live_session_dup_feeds (self->live);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  const char *const qos_names[] = { "0", "1", "2", NULL };
  g_autofree char  *intro = NULL;
  GtkWidget        *dialog;
  GtkWidget        *grid = gtk_grid_new ();
  GtkWidget        *label;
  guint             selected = 0;

  /* Remove, the destructive one, apart on the left. */
  if (row->command != NULL)
    {
      dialog = gtk_dialog_new_with_buttons (_ ("Command Binding"), get_parent_window (self),
                                            GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT, _ ("_Remove"),
                                            GTK_RESPONSE_REJECT, _ ("_Cancel"), GTK_RESPONSE_CANCEL, _ ("_Save"),
                                            GTK_RESPONSE_ACCEPT, NULL);
      gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_REJECT),
                                "destructive-action");
    }
  else
    dialog = gtk_dialog_new_with_buttons (_ ("Command Binding"), get_parent_window (self),
                                          GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT, _ ("_Cancel"),
                                          GTK_RESPONSE_CANCEL, _ ("_Save"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  request->inspector = g_object_ref (self);
  request->project_path = g_strdup (twin_live_session_get_project_path (self->live));
  request->binding = row->command != NULL ? twin_command_binding_copy (row->command)
                                          : twin_command_binding_new (path, property, NULL, NULL);
  if (row->command == NULL)
    {
      request->binding->qos = 1;
      request->binding->min = NAN;
      request->binding->max = NAN;
    }
  for (guint i = 0; i < feeds->len; i++)
    {
      TwinLiveFeedStatus *status = g_ptr_array_index (feeds, i);

      if (status->kind != TWIN_FEED_MQTT)
        continue;
      if (g_strcmp0 (status->name, request->binding->feed) == 0)
        selected = g_list_model_get_n_items (G_LIST_MODEL (names));
      gtk_string_list_append (names, status->name);
    }
  request->feeds = names;

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_margin_start (grid, 18);
  gtk_widget_set_margin_end (grid, 18);
  gtk_widget_set_margin_top (grid, 18);
  gtk_widget_set_margin_bottom (grid, 18);
  /* Translators: the command binding dialog's first line, as in “Setpoints for Site/Heater.setpoint are published on
   * an MQTT feed's broker.” */
  intro = g_strdup_printf (_ ("Setpoints for %s.%s are published on an MQTT feed’s broker."), path, property);
  label = gtk_label_new (intro);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 0, 2, 1);

  label = gtk_label_new_with_mnemonic (_ ("_Feed"));
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  request->feed_dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  if (g_list_model_get_n_items (G_LIST_MODEL (names)) > 0)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (request->feed_dropdown), selected);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), request->feed_dropdown);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), request->feed_dropdown, 1, 1, 1, 1);
  gtk_widget_set_name (request->feed_dropdown, "feed");
  request->topic_entry = add_dialog_field (GTK_GRID (grid), 2, _ ("_Topic"), request->binding->topic);
  gtk_widget_set_name (request->topic_entry, "topic");
  label = gtk_label_new_with_mnemonic (_ ("_QoS"));
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  request->qos_dropdown = gtk_drop_down_new_from_strings (qos_names);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (request->qos_dropdown), (guint) CLAMP (request->binding->qos, 0, 2));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), request->qos_dropdown);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 3, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), request->qos_dropdown, 1, 3, 1, 1);
  request->retain_check = gtk_check_button_new_with_mnemonic (_ ("_Keep the last setpoint on the broker (retain)"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (request->retain_check), request->binding->retain);
  gtk_grid_attach (GTK_GRID (grid), request->retain_check, 1, 4, 1, 1);
  request->payload_entry = add_dialog_field (GTK_GRID (grid), 5, _ ("_Payload"), request->binding->payload);
  gtk_widget_set_name (request->payload_entry, "payload");
  gtk_entry_set_placeholder_text (GTK_ENTRY (request->payload_entry), _ ("The number, or JSON with {value}"));
  request->unit_entry = add_dialog_field (GTK_GRID (grid), 6, _ ("_Unit sent"), request->binding->unit);
  gtk_widget_set_name (request->unit_entry, "unit");
  gtk_entry_set_placeholder_text (GTK_ENTRY (request->unit_entry), twin_parameter_get_unit (row->parameter));
  {
    g_autofree char *min = isnan (request->binding->min) ? NULL : g_strdup_printf ("%g", request->binding->min);
    g_autofree char *max = isnan (request->binding->max) ? NULL : g_strdup_printf ("%g", request->binding->max);

    request->min_entry = add_dialog_field (GTK_GRID (grid), 7, _ ("_Minimum"), min);
    request->max_entry = add_dialog_field (GTK_GRID (grid), 8, _ ("Ma_ximum"), max);
    gtk_widget_set_name (request->min_entry, "minimum");
    gtk_widget_set_name (request->max_entry, "maximum");
    gtk_entry_set_placeholder_text (GTK_ENTRY (request->min_entry), _ ("None"));
    gtk_entry_set_placeholder_text (GTK_ENTRY (request->max_entry), _ ("None"));
  }
  request->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (request->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (request->error_label), 0);
  gtk_widget_add_css_class (request->error_label, "error");
  gtk_widget_set_name (request->error_label, "error");
  gtk_widget_set_visible (request->error_label, FALSE);
  gtk_grid_attach (GTK_GRID (grid), request->error_label, 0, 9, 2, 1);
  gtk_box_append (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog))), grid);

  g_object_set_data_full (G_OBJECT (dialog), "names", g_steal_pointer (&names), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "request", request, command_request_free);
  g_signal_connect (dialog, "response", G_CALLBACK (command_dialog_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
edit_command_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TwinInspector *self = TWIN_INSPECTOR (widget);
  ParameterRow  *row = g_hash_table_lookup (self->rows, g_variant_get_string (parameter, NULL));

  if (row != NULL)
    twin_inspector_edit_command_binding (self, twin_parameter_get_name (row->parameter));
}

static void
twin_inspector_dispose (GObject *object)
{
  TwinInspector *self = (TwinInspector *) object;

  if (self->entity != NULL)
    g_clear_signal_handler (&self->name_handler, self->entity);
  if (self->model != NULL)
    g_clear_signal_handler (&self->changed_handler, self->model);
  if (self->live != NULL)
    g_clear_signal_handler (&self->live_handler, self->live);
  g_clear_object (&self->live);
  if (self->rows != NULL)
    g_hash_table_remove_all (self->rows);
  gtk_widget_dispose_template (GTK_WIDGET (self), TWIN_TYPE_INSPECTOR);
  g_clear_object (&self->entity);
  g_clear_object (&self->model);
  g_clear_object (&self->meshes);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->live_rows, g_hash_table_unref);
  g_clear_object (&self->unit_group);

  G_OBJECT_CLASS (twin_inspector_parent_class)->dispose (object);
}

static void
twin_inspector_class_init (TwinInspectorClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = twin_inspector_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/twin-inspector.ui");
  gtk_widget_class_bind_template_child (widget_class, TwinInspector, stack);
  gtk_widget_class_bind_template_child (widget_class, TwinInspector, icon);
  gtk_widget_class_bind_template_child (widget_class, TwinInspector, name_label);
  gtk_widget_class_bind_template_child (widget_class, TwinInspector, type_label);
  gtk_widget_class_bind_template_child (widget_class, TwinInspector, path_label);
  gtk_widget_class_bind_template_child (widget_class, TwinInspector, parameter_list);
  gtk_widget_class_bind_template_child (widget_class, TwinInspector, no_parameters_label);
  gtk_widget_class_bind_template_child (widget_class, TwinInspector, placement_grid);
  gtk_widget_class_bind_template_child (widget_class, TwinInspector, placement_error_label);
  gtk_widget_class_bind_template_child (widget_class, TwinInspector, mesh_label);
  gtk_widget_class_bind_template_child (widget_class, TwinInspector, remove_mesh_button);
  gtk_widget_class_bind_template_child (widget_class, TwinInspector, live_heading);
  gtk_widget_class_bind_template_child (widget_class, TwinInspector, live_list);
  gtk_widget_class_bind_template_callback (widget_class, remove_mesh_clicked_cb);
  gtk_widget_class_install_action (widget_class, "inspector.bind-topic", "s", bind_topic_action);
  gtk_widget_class_install_action (widget_class, "inspector.edit-command", "s", edit_command_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "inspector");
}

static void
twin_inspector_init (TwinInspector *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, parameter_row_free);
  self->live_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->unit_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  build_placement_grid (self);
}

void
twin_inspector_set_model (TwinInspector *self,
                          TwinModel     *model)
{
  g_return_if_fail (TWIN_IS_INSPECTOR (self));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_clear_signal_handler (&self->changed_handler, self->model);
  g_set_object (&self->model, model);
  if (model != NULL)
    self->changed_handler = g_signal_connect_swapped (model, "changed", G_CALLBACK (model_changed_cb), self);
  twin_inspector_set_entity (self, NULL);
}

/**
 * twin_inspector_set_mesh_catalog:
 * @meshes: (nullable): the project's meshes, to describe the entity's mesh
 */
void
twin_inspector_set_mesh_catalog (TwinInspector   *self,
                                 TwinMeshCatalog *meshes)
{
  g_return_if_fail (TWIN_IS_INSPECTOR (self));

  g_set_object (&self->meshes, meshes);
  sync_mesh (self);
}

/**
 * twin_inspector_get_mesh_text:
 *
 * Returns: what the inspector says about the entity's shape in 3D
 */
const char *
twin_inspector_get_mesh_text (TwinInspector *self)
{
  g_return_val_if_fail (TWIN_IS_INSPECTOR (self), NULL);

  return gtk_label_get_label (self->mesh_label);
}

/**
 * twin_inspector_set_entity:
 * @entity: (nullable): the entity to show
 */
void
twin_inspector_set_entity (TwinInspector *self,
                           TwinEntity    *entity)
{
  g_return_if_fail (TWIN_IS_INSPECTOR (self));

  if (self->entity == entity)
    return;
  if (self->entity != NULL)
    g_clear_signal_handler (&self->name_handler, self->entity);
  g_set_object (&self->entity, entity);
  if (entity != NULL)
    self->name_handler = g_signal_connect_swapped (entity, "notify::name", G_CALLBACK (entity_renamed_cb), self);
  rebuild (self);
}

/**
 * twin_inspector_get_entity:
 *
 * Returns: (transfer none) (nullable): the entity shown
 */
TwinEntity *
twin_inspector_get_entity (TwinInspector *self)
{
  g_return_val_if_fail (TWIN_IS_INSPECTOR (self), NULL);

  return self->entity;
}

/**
 * twin_inspector_get_editor:
 *
 * Returns: (transfer none) (nullable): the entry or switch of a parameter
 */
GtkWidget *
twin_inspector_get_editor (TwinInspector *self,
                           const char    *parameter_name)
{
  ParameterRow *row;

  g_return_val_if_fail (TWIN_IS_INSPECTOR (self), NULL);

  row = g_hash_table_lookup (self->rows, parameter_name);
  return row != NULL ? row->editor : NULL;
}

/**
 * twin_inspector_get_error_text:
 *
 * Returns: (nullable): the refusal shown under a parameter, if any
 */
const char *
twin_inspector_get_error_text (TwinInspector *self,
                               const char    *parameter_name)
{
  ParameterRow *row;

  g_return_val_if_fail (TWIN_IS_INSPECTOR (self), NULL);

  row = g_hash_table_lookup (self->rows, parameter_name);
  if (row == NULL || !gtk_widget_get_visible (row->error_label))
    return NULL;
  return gtk_label_get_label (GTK_LABEL (row->error_label));
}

/**
 * twin_inspector_get_placement_editor:
 * @rotation: %FALSE for the position row, %TRUE for the rotation row
 * @axis: 0, 1 or 2 for X, Y, Z
 *
 * Returns: (transfer none): the entry of one placement field
 */
GtkWidget *
twin_inspector_get_placement_editor (TwinInspector *self,
                                     gboolean       rotation,
                                     guint          axis)
{
  g_return_val_if_fail (TWIN_IS_INSPECTOR (self), NULL);
  g_return_val_if_fail (axis < 3, NULL);

  return self->placement_entries[rotation ? 1 : 0][axis];
}

/**
 * twin_inspector_get_placement_error:
 *
 * Returns: (nullable): the refusal shown under the placement fields, if any
 */
const char *
twin_inspector_get_placement_error (TwinInspector *self)
{
  g_return_val_if_fail (TWIN_IS_INSPECTOR (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->placement_error_label)))
    return NULL;
  return gtk_label_get_label (self->placement_error_label);
}

/**
 * twin_inspector_set_live_session:
 * @session: (nullable): the project's running feeds, or %NULL
 *
 * Shows the live value of each bound property next to it, refreshed on
 * #TwinLiveSession::changed, and offers to send setpoints.
 */
void
twin_inspector_set_live_session (TwinInspector   *self,
                                 TwinLiveSession *session)
{
  g_return_if_fail (TWIN_IS_INSPECTOR (self));
  g_return_if_fail (session == NULL || TWIN_IS_LIVE_SESSION (session));

  if (self->live == session)
    return;
  if (self->live != NULL)
    g_clear_signal_handler (&self->live_handler, self->live);
  g_set_object (&self->live, session);
  if (session != NULL)
    self->live_handler = g_signal_connect_swapped (session, "changed", G_CALLBACK (sync_live), self);
  sync_live (self);
}

/**
 * twin_inspector_get_live_text:
 *
 * Returns: (nullable): what is shown under a parameter about its live value
 *   (value, time, stale mark, or that it waits for one), if anything
 */
const char *
twin_inspector_get_live_text (TwinInspector *self,
                              const char    *parameter_name)
{
  ParameterRow *row;

  g_return_val_if_fail (TWIN_IS_INSPECTOR (self), NULL);

  row = g_hash_table_lookup (self->rows, parameter_name);
  if (row == NULL)
    {
      GtkWidget *label = g_hash_table_lookup (self->live_rows, parameter_name);

      return label != NULL ? gtk_label_get_label (GTK_LABEL (label)) : NULL;
    }
  if (!gtk_widget_get_visible (row->live_box) || *gtk_label_get_label (GTK_LABEL (row->live_label)) == '\0')
    return NULL;
  return gtk_label_get_label (GTK_LABEL (row->live_label));
}

/**
 * twin_inspector_get_live_stale:
 *
 * Returns: %TRUE when a parameter's live value is shown marked stale
 */
gboolean
twin_inspector_get_live_stale (TwinInspector *self,
                               const char    *parameter_name)
{
  ParameterRow *row;

  g_return_val_if_fail (TWIN_IS_INSPECTOR (self), FALSE);

  row = g_hash_table_lookup (self->rows, parameter_name);
  if (row == NULL)
    {
      GtkWidget *label = g_hash_table_lookup (self->live_rows, parameter_name);

      return label != NULL && GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "stale"));
    }
  return gtk_widget_get_visible (row->live_box) && row->live_stale;
}

/**
 * twin_inspector_get_command_text:
 *
 * Returns: (nullable): how the last setpoint sent for a parameter went, if one was
 */
const char *
twin_inspector_get_command_text (TwinInspector *self,
                                 const char    *parameter_name)
{
  ParameterRow *row;

  g_return_val_if_fail (TWIN_IS_INSPECTOR (self), NULL);

  row = g_hash_table_lookup (self->rows, parameter_name);
  if (row == NULL || !gtk_widget_get_visible (row->command_label))
    return NULL;
  return gtk_label_get_label (GTK_LABEL (row->command_label));
}

/**
 * twin_inspector_get_command_entry:
 *
 * Returns: (transfer none) (nullable): the setpoint entry of a parameter
 *   with a command binding (hidden without one)
 */
GtkWidget *
twin_inspector_get_command_entry (TwinInspector *self,
                                  const char    *parameter_name)
{
  ParameterRow *row;

  g_return_val_if_fail (TWIN_IS_INSPECTOR (self), NULL);

  row = g_hash_table_lookup (self->rows, parameter_name);
  return row != NULL && gtk_widget_get_visible (row->command_box) ? row->command_entry : NULL;
}

/**
 * twin_inspector_drop_topic:
 * @parameter_name: the parameter the topic was dropped on
 * @text: the topic's name (optionally after %TWIN_INSPECTOR_TOPIC_PREFIX)
 *
 * What dropping a topic from the Live page on a parameter does: opens the
 * binding dialog with defaults (the topic's unit, scale 1, offset 0); its
 * Bind stores the binding in a worker thread and reloads the session.
 *
 * Returns: (transfer none) (nullable): the dialog (a #GtkDialog), or %NULL
 *   when there is nothing to bind (no session, not a numeric parameter, not
 *   a topic)
 */
GtkWidget *
twin_inspector_drop_topic (TwinInspector *self,
                           const char    *parameter_name,
                           const char    *text)
{
  ParameterRow    *row;
  g_autofree char *topic = NULL;

  g_return_val_if_fail (TWIN_IS_INSPECTOR (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  row = g_hash_table_lookup (self->rows, parameter_name);
  if (row == NULL || self->live == NULL || self->entity == NULL || !is_numeric (row->parameter))
    return NULL;
  if (g_str_has_prefix (text, TWIN_INSPECTOR_TOPIC_PREFIX))
    text += strlen (TWIN_INSPECTOR_TOPIC_PREFIX);
  else if (g_str_has_prefix (text, "twin-parameter:") || g_str_has_prefix (text, "twin-signal:"))
    return NULL;
  topic = g_strstrip (g_strdup (text));
  if (*topic == '\0' || strpbrk (topic, "\n+#") != NULL)
    return NULL;
  return open_bind_dialog (self, row, topic);
}

/**
 * twin_inspector_send_command:
 * @parameter_name: a parameter with a command binding
 * @text: the setpoint typed, in the parameter's unit or with another one ("70 °F")
 *
 * What Send… does: checks the value against the binding and asks for
 * confirmation in a dialog naming the value, unit, topic and broker; its
 * Send publishes through the session in a worker thread, and the result is
 * shown under the parameter (twin_inspector_get_command_text()).
 *
 * Returns: (transfer none) (nullable): the confirmation (a #GtkMessageDialog),
 *   or %NULL when the value was refused (the reason is shown under the
 *   parameter) or there is no command binding
 */
GtkWidget *
twin_inspector_send_command (TwinInspector *self,
                             const char    *parameter_name,
                             const char    *text)
{
  ParameterRow *row;
  const char   *unit;
  g_autoptr (TwinParameter) scratch = NULL;
  g_autoptr (GVariant) parsed = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *path = NULL;
  g_autofree char *broker = NULL;
  SendRequest     *request;
  GtkWidget       *dialog;

  g_return_val_if_fail (TWIN_IS_INSPECTOR (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  row = g_hash_table_lookup (self->rows, parameter_name);
  if (row == NULL || row->command == NULL || self->live == NULL || self->entity == NULL)
    return NULL;
  unit = twin_parameter_get_unit (row->parameter);
  scratch = twin_parameter_new_number (parameter_name, 0, unit, -INFINITY, INFINITY);
  parsed = twin_parameter_parse_value (scratch, text, &error);
  if (parsed != NULL)
    payload = twin_command_binding_format_payload (row->command, g_variant_get_double (parsed), unit, &error);
  if (payload == NULL)
    {
      show_command_result (row, error->message, TRUE);
      return NULL;
    }

  /* The broker, named in the question: the feed's host and port. */
  {
    g_autoptr (TwinFeedStore) store = twin_feed_store_open (twin_live_session_get_project_path (self->live), TRUE, NULL);
    g_autoptr (TwinFeedConfig) config = store != NULL ? twin_feed_store_load_feed (store, row->command->feed, NULL)
                                                      : NULL;

    if (config != NULL && config->host != NULL)
      broker = g_strdup_printf ("%s:%d", config->host, config->port);
    else
      broker = g_strdup (row->command->feed);
  }

  request = g_new0 (SendRequest, 1);
  request->inspector = g_object_ref (self);
  request->binding = twin_command_binding_copy (row->command);
  request->unit = g_strdup (unit);
  request->value = g_variant_get_double (parsed);
  request->quantity = format_quantity (request->value, unit);
  path = twin_entity_dup_path (self->entity);
  dialog = gtk_message_dialog_new (get_parent_window (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   /* Translators: the question before sending, as in “Send 21.5 °C to Site/Heater.setpoint?” */
                                   _ ("Send %s to %s.%s?"), request->quantity, path, parameter_name);
  gtk_message_dialog_format_secondary_text (
    GTK_MESSAGE_DIALOG (dialog),
    /* Translators: where a setpoint goes: payload, topic, broker, feed, QoS */
    _ ("The payload %s is published on the topic “%s” at %s (feed “%s”, QoS %d%s). The physical system may act on it."),
    payload, row->command->topic, broker, row->command->feed, row->command->qos,
    row->command->retain ? _ (", kept by the broker") : "");
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _ ("_Cancel"), GTK_RESPONSE_CANCEL, _ ("_Send"), GTK_RESPONSE_ACCEPT,
                          NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), request);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/**
 * twin_inspector_edit_command_binding:
 * @parameter_name: a numeric parameter of the entity shown
 *
 * What "Command Binding…" does: opens the dialog to create, change or
 * remove how setpoints for the parameter are sent. Its fields are named
 * (gtk_widget_get_name()) "feed", "topic", "payload", "unit", "minimum",
 * "maximum"; Save (%GTK_RESPONSE_ACCEPT) checks them, stores the binding in
 * a worker thread and reloads the session; Remove is %GTK_RESPONSE_REJECT.
 *
 * Returns: (transfer none) (nullable): the dialog, or %NULL without a live
 *   session or for a parameter that is not a number
 */
GtkWidget *
twin_inspector_edit_command_binding (TwinInspector *self,
                                     const char    *parameter_name)
{
  ParameterRow *row;

  g_return_val_if_fail (TWIN_IS_INSPECTOR (self), NULL);

  row = g_hash_table_lookup (self->rows, parameter_name);
  if (row == NULL || self->live == NULL || self->entity == NULL || !is_numeric (row->parameter))
    return NULL;
  return open_command_dialog (self, row);
}

/**
 * twin_inspector_edit_topic_binding:
 * @parameter_name: a numeric parameter of the entity shown
 *
 * What "Bind to a Topic…" does: the binding dialog with the topic bound
 * now (if the session has seen it) and Unbind (%GTK_RESPONSE_REJECT), or
 * an empty topic to type.
 *
 * Returns: (transfer none) (nullable): the dialog, or %NULL without a live
 *   session or for a parameter that is not a number
 */
GtkWidget *
twin_inspector_edit_topic_binding (TwinInspector *self,
                                   const char    *parameter_name)
{
  ParameterRow *row;

  g_return_val_if_fail (TWIN_IS_INSPECTOR (self), NULL);

  row = g_hash_table_lookup (self->rows, parameter_name);
  if (row == NULL || self->live == NULL || self->entity == NULL || !is_numeric (row->parameter))
    return NULL;
  return open_bind_dialog (self, row, NULL);
}
