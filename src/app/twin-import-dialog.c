/* twin-import-dialog.c: asks how to import a CAD mesh file: its unit, up axis, parts and where it goes.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first choice of each list is what the file's format usually means
 * (docs/meshes.md), named, so the user sees what "automatic" will do. The
 * dialog only asks; it emits "import" and the window runs the import.
 */

#define G_LOG_DOMAIN "twin-import-dialog"

#include "config.h"

#include "twin-import-dialog.h"

#include <glib/gi18n.h>

struct _TwinImportDialog
{
  GtkWindow       parent_instance;

  /* Template widgets */
  GtkLabel       *file_label;
  GtkDropDown    *unit_dropdown;
  GtkDropDown    *up_dropdown;
  GtkCheckButton *hierarchy_check;
  GtkCheckButton *new_part_check;
  GtkCheckButton *attach_check;
  GtkLabel       *hint_label;

  /* Owned references */
  char           *path;
  TwinEntity     *place;
};

G_DEFINE_FINAL_TYPE (TwinImportDialog, twin_import_dialog, GTK_TYPE_WINDOW)

enum
{
  IMPORT,
  N_SIGNALS,
};

static guint              signals[N_SIGNALS];

/* The units in the list's order after its first, automatic, entry. */
static const TwinMeshUnit units[] = { TWIN_MESH_UNIT_MM, TWIN_MESH_UNIT_CM, TWIN_MESH_UNIT_M, TWIN_MESH_UNIT_IN };

static const char *
unit_label (TwinMeshUnit unit)
{
  switch (unit)
    {
    case TWIN_MESH_UNIT_MM:
      return _ ("Millimetres (mm)");
    case TWIN_MESH_UNIT_CM:
      return _ ("Centimetres (cm)");
    case TWIN_MESH_UNIT_M:
      return _ ("Metres (m)");
    case TWIN_MESH_UNIT_IN:
      return _ ("Inches (in)");
    default:
      g_return_val_if_reached ("");
    }
}

static const char *
up_label (TwinMeshUp up)
{
  return up == TWIN_MESH_UP_Y ? _ ("Y is up") : _ ("Z is up");
}

static void
update_sensitivity (TwinImportDialog *self)
{
  gboolean hierarchy = gtk_check_button_get_active (self->hierarchy_check);
  gboolean can_attach = !hierarchy && self->place != NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->attach_check), can_attach);
  if (!can_attach)
    gtk_check_button_set_active (self->new_part_check, TRUE);
  gtk_label_set_label (self->hint_label,
                       hierarchy ? _ ("Each part of the file becomes an entity with its own mesh and placement; "
                                      "assemblies become subsystems.")
                                 : _ ("The whole file becomes one mesh."));
}

static void
import_clicked_cb (TwinImportDialog *self)
{
  g_signal_emit (self, signals[IMPORT], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
twin_import_dialog_dispose (GObject *object)
{
  TwinImportDialog *self = (TwinImportDialog *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), TWIN_TYPE_IMPORT_DIALOG);
  g_clear_pointer (&self->path, g_free);
  g_clear_object (&self->place);

  G_OBJECT_CLASS (twin_import_dialog_parent_class)->dispose (object);
}

static void
twin_import_dialog_class_init (TwinImportDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = twin_import_dialog_dispose;

  /**
   * TwinImportDialog::import:
   *
   * The user chose Import; read the choices with the getters. The dialog
   * closes itself after the handlers ran.
   */
  signals[IMPORT] = g_signal_new ("import", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/twin-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TwinImportDialog, file_label);
  gtk_widget_class_bind_template_child (widget_class, TwinImportDialog, unit_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TwinImportDialog, up_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TwinImportDialog, hierarchy_check);
  gtk_widget_class_bind_template_child (widget_class, TwinImportDialog, new_part_check);
  gtk_widget_class_bind_template_child (widget_class, TwinImportDialog, attach_check);
  gtk_widget_class_bind_template_child (widget_class, TwinImportDialog, hint_label);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_sensitivity);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
twin_import_dialog_init (TwinImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * twin_import_dialog_new:
 * @parent: the window it belongs to
 * @path: the file to import
 * @place: (nullable): the selected entity: where a new part goes, or what
 *   shows the mesh
 *
 * Returns: (transfer none): the dialog, shown modal over @parent
 */
TwinImportDialog *
twin_import_dialog_new (GtkWindow  *parent,
                        const char *path,
                        TwinEntity *place)
{
  TwinImportDialog *self;
  g_autoptr (GtkStringList) unit_list = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) up_list = gtk_string_list_new (NULL);
  g_autofree char *basename = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *automatic_unit = NULL;
  g_autofree char *automatic_up = NULL;
  g_autofree char *new_part = NULL;
  g_autofree char *attach = NULL;
  TwinMeshUnit     unit = TWIN_MESH_UNIT_M;
  TwinMeshUp       up = TWIN_MESH_UP_Z;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (place == NULL || TWIN_IS_ENTITY (place), NULL);

  self = g_object_new (TWIN_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->path = g_strdup (path);
  g_set_object (&self->place, place);

  basename = g_filename_display_basename (path);
  heading = g_strdup_printf (_ ("Import “%s”"), basename);
  gtk_label_set_label (self->file_label, heading);

  twin_mesh_import_get_defaults (path, &unit, &up);
  /* Translators: the unit a mesh file's format usually uses, as in “As the format says: Millimetres (mm)” */
  automatic_unit = g_strdup_printf (_ ("As the format says: %s"), unit_label (unit));
  gtk_string_list_append (unit_list, automatic_unit);
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    gtk_string_list_append (unit_list, unit_label (units[i]));
  gtk_drop_down_set_model (self->unit_dropdown, G_LIST_MODEL (unit_list));

  automatic_up = g_strdup_printf (_ ("As the format says: %s"), up_label (up));
  gtk_string_list_append (up_list, automatic_up);
  gtk_string_list_append (up_list, up_label (TWIN_MESH_UP_Y));
  gtk_string_list_append (up_list, up_label (TWIN_MESH_UP_Z));
  gtk_drop_down_set_model (self->up_dropdown, G_LIST_MODEL (up_list));

  if (place != NULL)
    {
      new_part = g_strdup_printf (_ ("Add it as a _new part of “%s”"), twin_entity_get_name (place));
      attach = g_strdup_printf (_ ("_Show “%s” with it instead of a box"), twin_entity_get_name (place));
    }
  else
    {
      new_part = g_strdup (_ ("Add it as a _new part of the twin"));
      attach = g_strdup (_ ("_Show the selected entity with it"));
    }
  gtk_check_button_set_label (self->new_part_check, new_part);
  gtk_check_button_set_label (self->attach_check, attach);
  update_sensitivity (self);

  gtk_window_present (GTK_WINDOW (self));
  return self;
}

const char *
twin_import_dialog_get_path (TwinImportDialog *self)
{
  g_return_val_if_fail (TWIN_IS_IMPORT_DIALOG (self), NULL);

  return self->path;
}

/**
 * twin_import_dialog_get_place:
 *
 * Returns: (transfer none) (nullable): the entity selected when the dialog opened
 */
TwinEntity *
twin_import_dialog_get_place (TwinImportDialog *self)
{
  g_return_val_if_fail (TWIN_IS_IMPORT_DIALOG (self), NULL);

  return self->place;
}

/**
 * twin_import_dialog_get_options:
 * @options: (out caller-allocates): the import's options as chosen
 */
void
twin_import_dialog_get_options (TwinImportDialog      *self,
                                TwinMeshImportOptions *options)
{
  guint unit_index;
  guint up_index;

  g_return_if_fail (TWIN_IS_IMPORT_DIALOG (self));
  g_return_if_fail (options != NULL);

  twin_mesh_import_options_init (options);
  options->as_hierarchy = gtk_check_button_get_active (self->hierarchy_check);
  unit_index = gtk_drop_down_get_selected (self->unit_dropdown);
  if (unit_index >= 1 && unit_index <= G_N_ELEMENTS (units))
    {
      options->has_unit = TRUE;
      options->unit = units[unit_index - 1];
    }
  up_index = gtk_drop_down_get_selected (self->up_dropdown);
  if (up_index == 1 || up_index == 2)
    {
      options->has_up = TRUE;
      options->up = up_index == 1 ? TWIN_MESH_UP_Y : TWIN_MESH_UP_Z;
    }
}

/**
 * twin_import_dialog_get_attach:
 *
 * Returns: %TRUE to show the selected entity with the mesh, %FALSE to add a
 *   new part
 */
gboolean
twin_import_dialog_get_attach (TwinImportDialog *self)
{
  g_return_val_if_fail (TWIN_IS_IMPORT_DIALOG (self), FALSE);

  return gtk_check_button_get_active (self->attach_check) && self->place != NULL &&
         !gtk_check_button_get_active (self->hierarchy_check);
}
