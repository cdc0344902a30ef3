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
 */

#define G_LOG_DOMAIN "twin-inspector"

#include "config.h"

#include "twin-inspector.h"

#include <glib/gi18n.h>
#include <math.h>

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

  /* Borrowed references */
  GtkWidget       *placement_entries[2][3]; /* [position, rotation][x, y, z], in placement_grid */

  /* Owned references */
  TwinModel       *model;
  TwinMeshCatalog *meshes;
  TwinEntity      *entity;
  GHashTable      *rows;       /* parameter name → ParameterRow */
  GtkSizeGroup    *unit_group; /* the unit column, equal width in every row */

  /* State */
  gulong           name_handler;
  gulong           changed_handler;
};

typedef struct
{
  TwinInspector *inspector; /* borrowed */
  TwinParameter *parameter; /* owned */
  GtkWidget     *editor;    /* GtkEntry or GtkSwitch, borrowed */
  GtkWidget     *error_label;
  gulong         notify_handler;
  gboolean       updating;
} ParameterRow;

G_DEFINE_FINAL_TYPE (TwinInspector, twin_inspector, GTK_TYPE_WIDGET)

static void update_header (TwinInspector *self);

static void
parameter_row_free (gpointer data)
{
  ParameterRow *row = data;

  g_clear_signal_handler (&row->notify_handler, row->parameter);
  g_clear_object (&row->parameter);
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

  gtk_grid_attach (GTK_GRID (grid), name, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), row->editor, 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), unit, 2, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), row->error_label, 0, 1, 3, 1);

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
}

static void
entity_renamed_cb (TwinInspector *self)
{
  update_header (self);
}

static void
twin_inspector_dispose (GObject *object)
{
  TwinInspector *self = (TwinInspector *) object;

  if (self->entity != NULL)
    g_clear_signal_handler (&self->name_handler, self->entity);
  if (self->model != NULL)
    g_clear_signal_handler (&self->changed_handler, self->model);
  if (self->rows != NULL)
    g_hash_table_remove_all (self->rows);
  gtk_widget_dispose_template (GTK_WIDGET (self), TWIN_TYPE_INSPECTOR);
  g_clear_object (&self->entity);
  g_clear_object (&self->model);
  g_clear_object (&self->meshes);
  g_clear_pointer (&self->rows, g_hash_table_unref);
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
  gtk_widget_class_bind_template_callback (widget_class, remove_mesh_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "inspector");
}

static void
twin_inspector_init (TwinInspector *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, parameter_row_free);
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
