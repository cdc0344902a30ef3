/* twin-palette.c: the component library as a searchable list, grouped by domain, to drag onto a diagram.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per component type of the library, with its icon and label, under
 * a heading per domain. Typing in the search entry keeps the types whose
 * label, name, domain or description contain every word typed. A row is
 * dragged onto the diagram as the text "twin-type:NAME"; activating a row
 * (double-click, Enter) runs the "palette.add" action, whose "type-activated"
 * signal lets the window add the type in the middle of the diagram.
 */

#define G_LOG_DOMAIN "twin-palette"

#include "config.h"

#include "twin-palette.h"

#include "twin-diagram-view.h"

#include <glib/gi18n.h>
#include <string.h>

struct _TwinPalette
{
  GtkWidget   parent_instance;

  /* Child widgets */
  GtkWidget  *box;
  GtkWidget  *search_entry;
  GtkListBox *list_box;

  /* State */
  char      **search_words; /* casefolded */
};

G_DEFINE_FINAL_TYPE (TwinPalette, twin_palette, GTK_TYPE_WIDGET)

enum
{
  TYPE_ACTIVATED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

/* The order of the groups: physical domains, then signals, then structure. */
static int
domain_rank (TwinDomain domain)
{
  switch (domain)
    {
    case TWIN_DOMAIN_THERMAL:
      return 0;
    case TWIN_DOMAIN_ELECTRICAL:
      return 1;
    case TWIN_DOMAIN_HYDRAULIC:
      return 2;
    case TWIN_DOMAIN_ROTATIONAL:
      return 3;
    case TWIN_DOMAIN_SIGNAL:
      return 4;
    case TWIN_DOMAIN_NONE:
    default:
      return 5;
    }
}

static int
compare_types (gconstpointer a,
               gconstpointer b)
{
  const TwinEntityType *ta = *(const TwinEntityType *const *) a;
  const TwinEntityType *tb = *(const TwinEntityType *const *) b;
  int                   rank = domain_rank (ta->domain) - domain_rank (tb->domain);

  return rank != 0 ? rank : g_utf8_collate (_ (ta->label), _ (tb->label));
}

static const TwinEntityType *
row_type (GtkListBoxRow *row)
{
  return g_object_get_data (G_OBJECT (row), "type");
}

static gboolean
filter_cb (GtkListBoxRow *row,
           gpointer       user_data)
{
  TwinPalette          *self = user_data;
  const TwinEntityType *type = row_type (row);
  g_autofree char      *haystack = NULL;
  g_autofree char      *folded = NULL;

  if (self->search_words == NULL || self->search_words[0] == NULL)
    return TRUE;
  haystack = g_strjoin (" ", _ (type->label), type->name, twin_domain_get_label (type->domain),
                        type->description != NULL ? _ (type->description) : "", NULL);
  folded = g_utf8_casefold (haystack, -1);
  for (guint i = 0; self->search_words[i] != NULL; i++)
    if (strstr (folded, self->search_words[i]) == NULL)
      return FALSE;
  return TRUE;
}

static void
header_cb (GtkListBoxRow *row,
           GtkListBoxRow *before,
           gpointer       user_data)
{
  const TwinEntityType *type = row_type (row);
  GtkWidget            *header;

  if (before != NULL && row_type (before)->domain == type->domain)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  header = gtk_label_new (twin_domain_get_label (type->domain));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "palette-heading");
  gtk_list_box_row_set_header (row, header);
}

static void
search_changed_cb (GtkSearchEntry *entry,
                   TwinPalette    *self)
{
  const char      *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *folded = g_utf8_casefold (text, -1);

  g_strfreev (self->search_words);
  self->search_words = g_strsplit_set (g_strstrip (folded), " \t", -1);
  /* g_strsplit_set leaves empty words between repeated spaces: drop them. */
  {
    guint k = 0;

    for (guint i = 0; self->search_words[i] != NULL; i++)
      {
        if (self->search_words[i][0] == '\0')
          g_free (self->search_words[i]);
        else
          self->search_words[k++] = self->search_words[i];
      }
    self->search_words[k] = NULL;
  }
  gtk_list_box_invalidate_filter (self->list_box);
  gtk_list_box_invalidate_headers (self->list_box);
}

/* Enter in the search entry adds the first type that is left. */
static void
search_activate_cb (GtkSearchEntry *entry,
                    TwinPalette    *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && filter_cb (GTK_LIST_BOX_ROW (child), self))
      {
        gtk_widget_activate_action (GTK_WIDGET (self), "palette.add", "s", row_type (GTK_LIST_BOX_ROW (child))->name);
        return;
      }
}

static void
row_activated_cb (GtkListBox    *list_box,
                  GtkListBoxRow *row,
                  TwinPalette   *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "palette.add", "s", row_type (row)->name);
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkListBoxRow *row)
{
  g_autofree char *text = g_strconcat (TWIN_DIAGRAM_DRAG_PREFIX, row_type (row)->name, NULL);

  return gdk_content_provider_new_typed (G_TYPE_STRING, text);
}

static void
drag_begin_cb (GtkDragSource *source,
               GdkDrag       *drag,
               GtkListBoxRow *row)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (row));

  gtk_drag_source_set_icon (source, paintable, 16, 16);
}

static GtkWidget *
make_row (const TwinEntityType *type)
{
  GtkWidget     *row = gtk_list_box_row_new ();
  GtkWidget     *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget     *icon = gtk_image_new_from_icon_name (type->icon_name != NULL ? type->icon_name : "application-x-executable-symbolic");
  GtkWidget     *label = gtk_label_new (_ (type->label));
  GtkDragSource *drag = gtk_drag_source_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (box, "palette-row");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  if (type->description != NULL)
    {
      g_autofree char *tooltip = g_strdup_printf (_ ("%s Drag it onto the diagram, or double-click to add it."),
                                                  _ (type->description));

      gtk_widget_set_tooltip_text (row, tooltip);
    }
  g_object_set_data (G_OBJECT (row), "type", (gpointer) type);
  gtk_widget_set_name (row, type->name);

  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  g_signal_connect (drag, "prepare", G_CALLBACK (drag_prepare_cb), row);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drag));
  return row;
}

static void
add_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  const char *name = g_variant_get_string (parameter, NULL);

  if (twin_entity_type_lookup (name) != NULL)
    g_signal_emit (widget, signals[TYPE_ACTIVATED], 0, name);
}

static void
twin_palette_dispose (GObject *object)
{
  TwinPalette *self = (TwinPalette *) object;

  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (twin_palette_parent_class)->dispose (object);
}

static void
twin_palette_finalize (GObject *object)
{
  TwinPalette *self = (TwinPalette *) object;

  g_strfreev (self->search_words);
  G_OBJECT_CLASS (twin_palette_parent_class)->finalize (object);
}

static void
twin_palette_class_init (TwinPaletteClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = twin_palette_dispose;
  object_class->finalize = twin_palette_finalize;

  /**
   * TwinPalette::type-activated:
   * @type_name: the component type's stable name
   *
   * A type was chosen without dragging it (double-click, Enter, "palette.add").
   */
  signals[TYPE_ACTIVATED] = g_signal_new ("type-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                          NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "palette.add", "s", add_action_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "palette");
}

static void
twin_palette_init (TwinPalette *self)
{
  const TwinEntityType *const *all;
  g_autoptr (GPtrArray) types = g_ptr_array_new ();
  GtkWidget *scrolled;
  guint      n_types = 0;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->search_entry = gtk_search_entry_new ();
  g_object_set (self->search_entry, "placeholder-text", _ ("Search components"), NULL);
  gtk_widget_add_css_class (self->search_entry, "palette-search");
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect (self->search_entry, "activate", G_CALLBACK (search_activate_cb), self);
  gtk_box_append (GTK_BOX (self->box), self->search_entry);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (self->box), scrolled);

  self->list_box = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list_box, GTK_SELECTION_NONE);
  gtk_list_box_set_activate_on_single_click (self->list_box, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list_box), "navigation-sidebar");
  gtk_list_box_set_filter_func (self->list_box, filter_cb, self, NULL);
  gtk_list_box_set_header_func (self->list_box, header_cb, self, NULL);
  g_signal_connect (self->list_box, "row-activated", G_CALLBACK (row_activated_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list_box));

  all = twin_entity_type_get_all (&n_types);
  for (guint i = 0; i < n_types; i++)
    g_ptr_array_add (types, (gpointer) all[i]);
  g_ptr_array_sort (types, compare_types);
  for (guint i = 0; i < types->len; i++)
    gtk_list_box_append (self->list_box, make_row (g_ptr_array_index (types, i)));
}

/**
 * twin_palette_new:
 *
 * Returns: (transfer full): a palette of every component type
 */
GtkWidget *
twin_palette_new (void)
{
  return g_object_new (TWIN_TYPE_PALETTE, NULL);
}

/**
 * twin_palette_get_search_entry:
 *
 * Returns: (transfer none): the search entry (Ctrl+F in the window focuses it)
 */
GtkWidget *
twin_palette_get_search_entry (TwinPalette *self)
{
  g_return_val_if_fail (TWIN_IS_PALETTE (self), NULL);

  return self->search_entry;
}

/**
 * twin_palette_get_n_visible:
 *
 * Returns: how many types the search leaves in the list
 */
guint
twin_palette_get_n_visible (TwinPalette *self)
{
  guint n = 0;

  g_return_val_if_fail (TWIN_IS_PALETTE (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && filter_cb (GTK_LIST_BOX_ROW (child), self))
      n++;
  return n;
}

/**
 * twin_palette_is_type_visible:
 *
 * Returns: %TRUE when the search leaves @type_name in the list
 */
gboolean
twin_palette_is_type_visible (TwinPalette *self,
                              const char  *type_name)
{
  g_return_val_if_fail (TWIN_IS_PALETTE (self), FALSE);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && g_strcmp0 (row_type (GTK_LIST_BOX_ROW (child))->name, type_name) == 0)
      return filter_cb (GTK_LIST_BOX_ROW (child), self);
  return FALSE;
}
