/* twin-diagram-view.c: the block diagram of one level of a twin: place, move, wire, group, navigate.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The view shows the children of one entity (the level) as blocks with
 * their ports, and the level's connections as wires. It draws with GSK
 * render nodes from a TwinDiagramScene, rebuilt after each model change, so
 * a frame never walks the model: it culls the scene's arrays to the visible
 * rectangle and drops text, port labels and then ports as the zoom shrinks.
 * Pango layouts are cached per entity and per port label.
 *
 * Every edit goes through TwinModel as one undoable step; the window's
 * Undo and Redo undo them. Dragging blocks previews without touching the
 * model and stores the new positions in one step when the button goes up;
 * a level laid out automatically gets all its positions stored in that
 * same step, so nothing else jumps. Dragging from a port draws a wire:
 * compatible ports light up, the port under the pointer is checked with
 * twin_model_check_connection() and a refusal shows its reason.
 *
 * Mouse: left-drag moves blocks, draws wires from ports, or draws a rubber
 * band on empty space; middle-drag or Space+drag pans; the wheel and the
 * touchpad pan, Ctrl+wheel and a pinch zoom; a double-click opens a
 * subsystem; the right button opens a context menu. Keys: Delete, Ctrl+C,
 * Ctrl+V, Ctrl+G, Shift+Ctrl+G, Ctrl+A, Ctrl+plus, Ctrl+minus, Ctrl+0,
 * Home or Ctrl+1 (fit all), Return (open), Alt+Up (go up), Escape.
 *
 * The public functions that edit (twin_diagram_view_connect_ports(),
 * _drop_text(), _drag(), _click()…) run the same code as the gestures; the
 * GUI tests drive the view through them.
 */

#define G_LOG_DOMAIN "twin-diagram-view"

#include "config.h"

#include "twin-diagram-view.h"

#include "model/twin-diagram-layout.h"
#include "twin-diagram-scene.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#define ZOOM_MIN 0.03
#define ZOOM_MAX 4.0
#define ZOOM_STEP 1.25
/* Below these zooms (widget pixels per diagram unit) details are left out. */
#define TEXT_MIN_ZOOM 0.3
#define PORT_LABEL_MIN_ZOOM 0.55
#define PORT_MIN_ZOOM 0.18
#define ROUND_MIN_ZOOM 0.4
#define CARD_MIN_ZOOM 0.15
/* Pointer tolerances, in widget pixels. */
#define HIT_TOLERANCE_PX 8.0
#define DRAG_THRESHOLD_PX 4.0
/* Pixels per wheel notch when panning. */
#define WHEEL_PAN_PX 48.0
/* Diagram units a paste moves its copies by, each time. */
#define PASTE_OFFSET 40.0
/* How long a message stays, in seconds. */
#define MESSAGE_SECONDS 6

typedef enum
{
  DRAG_NONE,
  DRAG_PAN,
  DRAG_MOVE,
  DRAG_CONNECT,
  DRAG_RUBBER,
} DragMode;

typedef enum
{
  COLOR_CANVAS,
  COLOR_GRID,
  COLOR_GRID_MAJOR,
  COLOR_BLOCK,
  COLOR_BORDER,
  COLOR_TEXT,
  COLOR_DIM_TEXT,
  COLOR_ACCENT,
  COLOR_ACCENT_FILL,
  COLOR_ERROR,
  COLOR_SUCCESS,
  N_COLORS,
} ColorRole;

#define N_DOMAINS (TWIN_DOMAIN_SIGNAL + 1)

typedef struct
{
  double zoom;
  double origin_x;
  double origin_y;
} ViewState;

struct _TwinDiagramView
{
  GtkWidget         parent_instance;

  /* Child widgets */
  GtkWidget        *breadcrumb;
  GtkWidget        *tools;
  GtkWidget        *zoom_button;
  GtkWidget        *message_label;
  GtkWidget        *context_menu;

  /* Owned references */
  TwinModel        *model;
  TwinDiagramScene *scene;
  GHashTable       *selection; /* TwinEntity, borrowed: pruned after every model change */
  TwinConnection   *selected_wire;
  GPtrArray        *clipboard;     /* TwinEntity */
  GPtrArray        *level_path;    /* ids (char *), root first */
  GHashTable       *view_states;   /* level id → ViewState */
  GHashTable       *name_layouts;  /* TwinEntity (borrowed key) → PangoLayout */
  GHashTable       *label_layouts; /* label → PangoLayout */
  GHashTable       *icons;         /* icon name → GdkPaintable */
  GHashTable       *rubber_base;   /* the selection when a rubber band started */
  PangoLayout      *empty_layout;
  char             *message;
  char             *hover_reason;

  /* Borrowed references */
  TwinEntity       *level;
  TwinEntity       *primary;

  /* State */
  GdkRGBA           colors[N_COLORS];
  GdkRGBA           domain_colors[N_DOMAINS];
  GdkRGBA           domain_fills[N_DOMAINS];
  GdkRGBA           domain_tiny[N_DOMAINS];
  double            zoom;     /* widget pixels per diagram unit */
  double            origin_x; /* the diagram point at the widget's top-left corner */
  double            origin_y;
  double            pointer_x; /* the last pointer position, widget pixels */
  double            pointer_y;
  DragMode          drag_mode;
  double            press_x;
  double            press_y;
  double            pan_start_x;
  double            pan_start_y;
  double            move_dx; /* the snapped drag offset of moving blocks, diagram units */
  double            move_dy;
  int               press_block;
  int               source_port;
  int               hover_port;
  int               context_port;
  int               context_terminal;
  double            zoom_gesture_start;
  guint             paste_count;
  guint             message_timeout;
  guint             n_frames;
  gulong            changed_handler;
  gboolean          hover_ok;
  gboolean          moved;
  gboolean          toggle_on_release;
  gboolean          select_only_on_release;
  gboolean          space_down;
  gboolean          needs_fit;
};

G_DEFINE_FINAL_TYPE (TwinDiagramView, twin_diagram_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_MODEL,
  PROP_LEVEL,
  PROP_SELECTED,
  N_PROPS,
};

enum
{
  SELECTION_CHANGED,
  ERROR,
  N_SIGNALS,
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static void        update_actions (TwinDiagramView *self);
static void        rebuild_breadcrumb (TwinDiagramView *self);
static void        twin_diagram_view_fit_all_sized (TwinDiagramView *self,
                                                    int              width,
                                                    int              height);

/* Coordinates */

static void
to_diagram (TwinDiagramView *self,
            double           widget_x,
            double           widget_y,
            double          *x,
            double          *y)
{
  *x = self->origin_x + widget_x / self->zoom;
  *y = self->origin_y + widget_y / self->zoom;
}

static void
to_widget (TwinDiagramView *self,
           double           x,
           double           y,
           double          *widget_x,
           double          *widget_y)
{
  *widget_x = (x - self->origin_x) * self->zoom;
  *widget_y = (y - self->origin_y) * self->zoom;
}

static TwinDiagramScene *
ensure_scene (TwinDiagramView *self)
{
  if (self->scene == NULL && self->level != NULL)
    {
      self->scene = twin_diagram_scene_new (self->level);
      for (guint i = 0; i < self->scene->blocks->len; i++)
        {
          TwinDiagramBlock *block = &g_array_index (self->scene->blocks, TwinDiagramBlock, i);

          block->selected = g_hash_table_contains (self->selection, block->entity);
        }
    }
  return self->scene;
}

static void
invalidate_scene (TwinDiagramView *self)
{
  g_clear_pointer (&self->scene, twin_diagram_scene_free);
  self->drag_mode = DRAG_NONE;
  self->source_port = self->hover_port = self->context_port = self->context_terminal = -1;
  self->press_block = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Messages */

static gboolean
message_timeout_cb (gpointer user_data)
{
  TwinDiagramView *self = user_data;

  self->message_timeout = 0;
  g_clear_pointer (&self->message, g_free);
  gtk_widget_set_visible (self->message_label, FALSE);
  return G_SOURCE_REMOVE;
}

/* Shows @text at the bottom of the view; for a while, or until cleared when @sticky. */
static void
show_message (TwinDiagramView *self,
              const char      *text,
              gboolean         sticky)
{
  g_clear_handle_id (&self->message_timeout, g_source_remove);
  g_free (self->message);
  self->message = g_strdup (text);
  if (text == NULL)
    {
      gtk_widget_set_visible (self->message_label, FALSE);
      return;
    }
  gtk_label_set_label (GTK_LABEL (self->message_label), text);
  gtk_widget_set_visible (self->message_label, TRUE);
  if (!sticky)
    self->message_timeout = g_timeout_add_seconds (MESSAGE_SECONDS, message_timeout_cb, self);
}

static void
report (TwinDiagramView *self,
        const GError    *error)
{
  show_message (self, error->message, FALSE);
  g_signal_emit (self, signals[ERROR], 0, error->message);
}

/* Selection */

static void
sync_selection_flags (TwinDiagramView *self)
{
  if (self->scene == NULL)
    return;
  for (guint i = 0; i < self->scene->blocks->len; i++)
    {
      TwinDiagramBlock *block = &g_array_index (self->scene->blocks, TwinDiagramBlock, i);

      block->selected = g_hash_table_contains (self->selection, block->entity);
    }
}

static void
selection_changed (TwinDiagramView *self)
{
  TwinEntity *primary = self->primary;

  if (primary != NULL && !g_hash_table_contains (self->selection, primary))
    primary = NULL;
  if (primary == NULL && g_hash_table_size (self->selection) > 0)
    {
      GHashTableIter iter;
      gpointer       key;

      /* Any member will do; the first block in drawing order is predictable. */
      if (self->scene != NULL)
        for (guint i = 0; i < self->scene->blocks->len && primary == NULL; i++)
          {
            TwinEntity *entity = g_array_index (self->scene->blocks, TwinDiagramBlock, i).entity;

            if (g_hash_table_contains (self->selection, entity))
              primary = entity;
          }
      g_hash_table_iter_init (&iter, self->selection);
      if (primary == NULL && g_hash_table_iter_next (&iter, &key, NULL))
        primary = key;
    }
  self->primary = primary;
  sync_selection_flags (self);
  update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
clear_selection_quietly (TwinDiagramView *self)
{
  g_hash_table_remove_all (self->selection);
  g_clear_object (&self->selected_wire);
  self->primary = NULL;
}

static void show_level (TwinDiagramView *self,
                        TwinEntity      *level);

static void
select_only (TwinDiagramView *self,
             TwinEntity      *entity)
{
  /* The level may have changed under an edit (its parent was undone…). */
  if (entity != NULL && twin_entity_get_parent (entity) != NULL && twin_entity_get_parent (entity) != self->level)
    show_level (self, twin_entity_get_parent (entity));
  clear_selection_quietly (self);
  if (entity != NULL)
    {
      g_hash_table_add (self->selection, entity);
      self->primary = entity;
    }
  selection_changed (self);
}

/* Drops from the selection whatever is no longer a child of the level. */
static gboolean
prune_selection (TwinDiagramView *self)
{
  GHashTableIter iter;
  gpointer       key;
  gboolean       changed = FALSE;

  g_hash_table_iter_init (&iter, self->selection);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      TwinEntity *entity = key;

      if (!twin_model_contains (self->model, entity) || twin_entity_get_parent (entity) != self->level)
        {
          g_hash_table_iter_remove (&iter);
          changed = TRUE;
        }
    }
  if (self->selected_wire != NULL)
    {
      GListModel *connections = twin_entity_get_connections (self->level);
      gboolean    found = FALSE;

      for (guint i = 0; connections != NULL && i < g_list_model_get_n_items (connections) && !found; i++)
        {
          g_autoptr (TwinConnection) connection = g_list_model_get_item (connections, i);

          found = connection == self->selected_wire;
        }
      if (!found)
        {
          g_clear_object (&self->selected_wire);
          changed = TRUE;
        }
    }
  return changed;
}

/* Sorted in drawing order, so edits see the blocks as the user does. */
static GPtrArray *
selected_entities (TwinDiagramView *self)
{
  GPtrArray        *entities = g_ptr_array_new ();
  TwinDiagramScene *scene = ensure_scene (self);

  if (scene == NULL)
    return entities;
  for (guint i = 0; i < scene->blocks->len; i++)
    {
      TwinEntity *entity = g_array_index (scene->blocks, TwinDiagramBlock, i).entity;

      if (g_hash_table_contains (self->selection, entity))
        g_ptr_array_add (entities, entity);
    }
  return entities;
}

static void
update_actions (TwinDiagramView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  guint      n_selected = g_hash_table_size (self->selection);
  gboolean   has_model = self->model != NULL && self->level != NULL;
  gboolean   can_paste = FALSE;
  gboolean   can_ungroup = FALSE;

  for (guint i = 0; self->model != NULL && i < self->clipboard->len && !can_paste; i++)
    can_paste = twin_model_contains (self->model, g_ptr_array_index (self->clipboard, i));
  if (n_selected > 0)
    {
      GHashTableIter iter;
      gpointer       key;

      g_hash_table_iter_init (&iter, self->selection);
      while (g_hash_table_iter_next (&iter, &key, NULL) && !can_ungroup)
        can_ungroup = twin_entity_get_n_children (key) > 0;
    }

  gtk_widget_action_set_enabled (widget, "diagram.delete", has_model && (n_selected > 0 || self->selected_wire != NULL));
  gtk_widget_action_set_enabled (widget, "diagram.copy", has_model && n_selected > 0);
  gtk_widget_action_set_enabled (widget, "diagram.paste", has_model && can_paste);
  gtk_widget_action_set_enabled (widget, "diagram.group", has_model && n_selected > 0);
  gtk_widget_action_set_enabled (widget, "diagram.ungroup", has_model && can_ungroup);
  gtk_widget_action_set_enabled (widget, "diagram.enter",
                                 has_model && self->primary != NULL && twin_entity_get_n_children (self->primary) > 0);
  gtk_widget_action_set_enabled (widget, "diagram.go-up", has_model && twin_entity_get_parent (self->level) != NULL);
  gtk_widget_action_set_enabled (widget, "diagram.select-all", has_model);
  gtk_widget_action_set_enabled (widget, "diagram.expose-port", has_model && self->context_port >= 0);
  gtk_widget_action_set_enabled (widget, "diagram.unexpose-port", has_model && self->context_terminal >= 0);
}

/* Navigation */

static void
save_view_state (TwinDiagramView *self)
{
  ViewState *state;

  if (self->level == NULL || self->needs_fit)
    return;
  state = g_new (ViewState, 1);
  *state = (ViewState){ self->zoom, self->origin_x, self->origin_y };
  g_hash_table_replace (self->view_states, g_strdup (twin_entity_get_id (self->level)), state);
}

static void
update_zoom_label (TwinDiagramView *self)
{
  g_autofree char *text = g_strdup_printf ("%.0f %%", self->zoom * 100);

  gtk_button_set_label (GTK_BUTTON (self->zoom_button), text);
}

static void
set_view (TwinDiagramView *self,
          double           zoom,
          double           origin_x,
          double           origin_y)
{
  self->zoom = CLAMP (zoom, ZOOM_MIN, ZOOM_MAX);
  self->origin_x = origin_x;
  self->origin_y = origin_y;
  update_zoom_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
show_level (TwinDiagramView *self,
            TwinEntity      *level)
{
  ViewState *state;

  if (level == self->level)
    return;
  save_view_state (self);
  self->level = level;
  invalidate_scene (self);
  show_message (self, NULL, FALSE);
  clear_selection_quietly (self);
  /* Layouts of names belong to one level's blocks: start afresh. */
  g_hash_table_remove_all (self->name_layouts);
  self->paste_count = 0;

  g_ptr_array_set_size (self->level_path, 0);
  for (TwinEntity *e = level; e != NULL; e = twin_entity_get_parent (e))
    g_ptr_array_insert (self->level_path, 0, g_strdup (twin_entity_get_id (e)));

  state = level != NULL ? g_hash_table_lookup (self->view_states, twin_entity_get_id (level)) : NULL;
  if (state != NULL)
    {
      self->needs_fit = FALSE;
      set_view (self, state->zoom, state->origin_x, state->origin_y);
    }
  else
    {
      self->needs_fit = TRUE;
      if (gtk_widget_get_width (GTK_WIDGET (self)) > 0)
        twin_diagram_view_fit_all (self);
    }
  rebuild_breadcrumb (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
}

static void
breadcrumb_clicked_cb (GtkButton       *button,
                       TwinDiagramView *self)
{
  guint       index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));
  TwinEntity *target, *came_from = NULL;

  if (self->model == NULL || index >= self->level_path->len)
    return;
  target = twin_model_lookup (self->model, g_ptr_array_index (self->level_path, index));
  if (index + 1 < self->level_path->len)
    came_from = twin_model_lookup (self->model, g_ptr_array_index (self->level_path, index + 1));
  if (target == NULL)
    return;
  show_level (self, target);
  /* Going up selects the subsystem we came out of, as a file manager does. */
  if (came_from != NULL && twin_entity_get_parent (came_from) == target)
    select_only (self, came_from);
  else
    selection_changed (self);
}

static void
rebuild_breadcrumb (TwinDiagramView *self)
{
  GtkWidget *child;
  guint      index = 0;

  while ((child = gtk_widget_get_first_child (self->breadcrumb)) != NULL)
    gtk_box_remove (GTK_BOX (self->breadcrumb), child);
  gtk_widget_set_visible (self->breadcrumb, self->level != NULL);
  if (self->level == NULL)
    return;

  for (guint i = 0; i < self->level_path->len; i++)
    {
      TwinEntity *entity = twin_model_lookup (self->model, g_ptr_array_index (self->level_path, i));
      GtkWidget  *button;

      if (entity == NULL)
        continue;
      if (index++ > 0)
        {
          GtkWidget *separator = gtk_label_new ("›");

          gtk_widget_add_css_class (separator, "dim-label");
          gtk_box_append (GTK_BOX (self->breadcrumb), separator);
        }
      button = gtk_button_new_with_label (twin_entity_get_name (entity));
      gtk_widget_add_css_class (button, "flat");
      gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), PANGO_ELLIPSIZE_MIDDLE);
      gtk_label_set_max_width_chars (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), 24);
      g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (i));
      g_signal_connect_object (button, "clicked", G_CALLBACK (breadcrumb_clicked_cb), self, 0);
      if (entity == self->level)
        {
          gtk_widget_add_css_class (button, "current");
          gtk_widget_set_tooltip_text (button, _ ("The level shown"));
        }
      else
        {
          g_autofree char *tooltip = g_strdup_printf (_ ("Go up to “%s” (Alt+Up)"), twin_entity_get_name (entity));

          gtk_widget_set_tooltip_text (button, tooltip);
        }
      gtk_box_append (GTK_BOX (self->breadcrumb), button);
    }
}

/* Editing */

/* Stores the automatic positions of a level before an edit adds blocks to it,
 * so the blocks already there stay where the user saw them. One step, and
 * only ever once per level: afterwards every block has a position. */
static gboolean
freeze_layout (TwinDiagramView *self,
               GError         **error)
{
  TwinDiagramScene *scene = ensure_scene (self);
  g_autoptr (GPtrArray) entities = NULL;
  g_autoptr (GArray) xy = NULL;

  if (scene == NULL || scene->n_auto_placed == 0)
    return TRUE;
  entities = g_ptr_array_new ();
  xy = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < scene->blocks->len; i++)
    {
      TwinDiagramBlock *block = &g_array_index (scene->blocks, TwinDiagramBlock, i);

      if (!block->auto_placed)
        continue;
      g_ptr_array_add (entities, block->entity);
      g_array_append_val (xy, block->x);
      g_array_append_val (xy, block->y);
    }
  return twin_model_place_blocks (self->model, (TwinEntity **) entities->pdata, (double *) (gpointer) xy->data,
                                  entities->len, error);
}

/* Stores where the dragged blocks were dropped (and the automatic positions
 * of the rest of the level, if it had any) in one step. */
static void
commit_move (TwinDiagramView *self)
{
  TwinDiagramScene *scene = self->scene;
  g_autoptr (GPtrArray) entities = g_ptr_array_new ();
  g_autoptr (GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GError) error = NULL;

  if (scene == NULL || (self->move_dx == 0.0 && self->move_dy == 0.0))
    return;
  for (guint i = 0; i < scene->blocks->len; i++)
    {
      TwinDiagramBlock *block = &g_array_index (scene->blocks, TwinDiagramBlock, i);
      double            x = block->x, y = block->y;

      if (block->moving)
        {
          x += self->move_dx;
          y += self->move_dy;
        }
      else if (!block->auto_placed)
        continue;
      g_ptr_array_add (entities, block->entity);
      g_array_append_val (xy, x);
      g_array_append_val (xy, y);
    }
  if (!twin_model_place_blocks (self->model, (TwinEntity **) entities->pdata, (double *) (gpointer) xy->data,
                                entities->len, &error))
    report (self, error);
}

static void
clear_moving (TwinDiagramView *self)
{
  if (self->scene != NULL)
    for (guint i = 0; i < self->scene->blocks->len; i++)
      g_array_index (self->scene->blocks, TwinDiagramBlock, i).moving = FALSE;
  self->move_dx = self->move_dy = 0.0;
}

static void
set_hover_port (TwinDiagramView *self,
                int              port)
{
  TwinDiagramScene      *scene = self->scene;
  const TwinDiagramPort *source, *target;
  g_autoptr (GError) error = NULL;

  if (port == self->hover_port)
    return;
  self->hover_port = port;
  self->hover_ok = FALSE;
  g_clear_pointer (&self->hover_reason, g_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (port < 0 || scene == NULL || self->source_port < 0)
    {
      show_message (self, NULL, FALSE);
      return;
    }
  source = &g_array_index (scene->ports, TwinDiagramPort, self->source_port);
  target = &g_array_index (scene->ports, TwinDiagramPort, port);
  self->hover_ok = twin_model_check_connection (self->model,
                                                g_array_index (scene->blocks, TwinDiagramBlock, source->block).entity,
                                                source->name,
                                                g_array_index (scene->blocks, TwinDiagramBlock, target->block).entity,
                                                target->name, &error);
  if (!self->hover_ok)
    {
      self->hover_reason = g_strdup (error != NULL ? error->message : _ ("These ports cannot be connected."));
      show_message (self, self->hover_reason, TRUE);
    }
  else
    show_message (self, NULL, FALSE);
}

/* The end of a wire drag: connects the source port to the hovered one, or
 * says why not. */
static gboolean
finish_connect (TwinDiagramView *self)
{
  TwinDiagramScene *scene = self->scene;
  gboolean          connected = FALSE;

  if (scene != NULL && self->source_port >= 0 && self->hover_port >= 0)
    {
      const TwinDiagramPort *source = &g_array_index (scene->ports, TwinDiagramPort, self->source_port);
      const TwinDiagramPort *target = &g_array_index (scene->ports, TwinDiagramPort, self->hover_port);
      TwinEntity            *a = g_array_index (scene->blocks, TwinDiagramBlock, source->block).entity;
      TwinEntity            *b = g_array_index (scene->blocks, TwinDiagramBlock, target->block).entity;
      g_autofree char       *a_port = g_strdup (source->name);
      g_autofree char       *b_port = g_strdup (target->name);
      g_autofree char       *reason = g_strdup (self->hover_reason);
      gboolean               ok = self->hover_ok;

      self->drag_mode = DRAG_NONE;
      self->source_port = self->hover_port = -1;
      if (ok)
        {
          g_autoptr (GError) error = NULL;

          /* The model changes: the scene (and @source, @target) go away. */
          if (twin_model_connect (self->model, a, a_port, b, b_port, &error) == NULL)
            report (self, error);
          else
            {
              show_message (self, NULL, FALSE);
              connected = TRUE;
            }
        }
      else
        show_message (self, reason, FALSE);
    }
  else
    show_message (self, NULL, FALSE);
  self->drag_mode = DRAG_NONE;
  self->source_port = self->hover_port = -1;
  g_clear_pointer (&self->hover_reason, g_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return connected;
}

/* Pointer logic, shared by the gestures and the testing entry points. */

static void
pointer_press (TwinDiagramView *self,
               double           x,
               double           y,
               GdkModifierType  modifiers)
{
  TwinDiagramScene *scene = ensure_scene (self);
  double            dx, dy, tolerance = HIT_TOLERANCE_PX / self->zoom;
  gboolean          extend = (modifiers & (GDK_SHIFT_MASK | GDK_CONTROL_MASK)) != 0;
  int               port = -1, block, wire;

  self->press_x = self->pointer_x = x;
  self->press_y = self->pointer_y = y;
  self->moved = FALSE;
  self->toggle_on_release = self->select_only_on_release = FALSE;
  self->press_block = -1;
  self->drag_mode = DRAG_NONE;
  if (scene == NULL)
    return;
  if (self->space_down)
    {
      self->drag_mode = DRAG_PAN;
      self->pan_start_x = self->origin_x;
      self->pan_start_y = self->origin_y;
      return;
    }
  to_diagram (self, x, y, &dx, &dy);

  if (self->zoom >= PORT_MIN_ZOOM)
    port = twin_diagram_scene_hit_port (scene, dx, dy, tolerance, 0, 0);
  if (port >= 0)
    {
      self->drag_mode = DRAG_CONNECT;
      self->source_port = port;
      self->hover_port = -1;
      show_message (self, NULL, FALSE);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  block = twin_diagram_scene_hit_block (scene, dx, dy, 0, 0);
  if (block >= 0)
    {
      TwinEntity *entity = g_array_index (scene->blocks, TwinDiagramBlock, block).entity;
      gboolean    selected = g_hash_table_contains (self->selection, entity);

      self->drag_mode = DRAG_MOVE;
      self->press_block = block;
      if (extend && selected)
        self->toggle_on_release = TRUE;
      else if (extend)
        {
          g_clear_object (&self->selected_wire);
          g_hash_table_add (self->selection, entity);
          self->primary = entity;
          selection_changed (self);
        }
      else if (!selected)
        select_only (self, entity);
      else
        self->select_only_on_release = TRUE;
      return;
    }

  wire = twin_diagram_scene_hit_wire (scene, dx, dy, tolerance, 0, 0);
  if (wire >= 0)
    {
      twin_diagram_view_select_connection (self, g_array_index (scene->wires, TwinDiagramWire, wire).connection);
      return;
    }

  /* Empty space: a rubber band, adding to the selection with Shift or Ctrl. */
  if (!extend && (g_hash_table_size (self->selection) > 0 || self->selected_wire != NULL))
    select_only (self, NULL);
  self->drag_mode = DRAG_RUBBER;
  g_hash_table_remove_all (self->rubber_base);
  {
    GHashTableIter iter;
    gpointer       key;

    g_hash_table_iter_init (&iter, self->selection);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_hash_table_add (self->rubber_base, key);
  }
}

static void
rubber_rect (TwinDiagramView *self,
             graphene_rect_t *rect)
{
  double x0, y0, x1, y1;

  to_diagram (self, MIN (self->press_x, self->pointer_x), MIN (self->press_y, self->pointer_y), &x0, &y0);
  to_diagram (self, MAX (self->press_x, self->pointer_x), MAX (self->press_y, self->pointer_y), &x1, &y1);
  graphene_rect_init (rect, x0, y0, x1 - x0, y1 - y0);
}

static void
pointer_motion (TwinDiagramView *self,
                double           x,
                double           y)
{
  TwinDiagramScene *scene = self->scene;
  double            dx, dy;

  self->pointer_x = x;
  self->pointer_y = y;
  if (scene == NULL)
    return;
  to_diagram (self, x, y, &dx, &dy);

  switch (self->drag_mode)
    {
    case DRAG_PAN:
      set_view (self, self->zoom, self->pan_start_x - (x - self->press_x) / self->zoom,
                self->pan_start_y - (y - self->press_y) / self->zoom);
      break;

    case DRAG_MOVE:
      {
        const TwinDiagramBlock *anchor = &g_array_index (scene->blocks, TwinDiagramBlock, self->press_block);

        if (!self->moved && hypot (x - self->press_x, y - self->press_y) < DRAG_THRESHOLD_PX)
          return;
        if (!self->moved)
          {
            self->moved = TRUE;
            if (self->select_only_on_release || self->toggle_on_release)
              self->select_only_on_release = self->toggle_on_release = FALSE;
            for (guint i = 0; i < scene->blocks->len; i++)
              {
                TwinDiagramBlock *block = &g_array_index (scene->blocks, TwinDiagramBlock, i);

                block->moving = block->selected;
              }
          }
        /* The grabbed block snaps to the grid; the others keep their offsets to it. */
        self->move_dx = twin_diagram_snap (anchor->x + (x - self->press_x) / self->zoom) - anchor->x;
        self->move_dy = twin_diagram_snap (anchor->y + (y - self->press_y) / self->zoom) - anchor->y;
        gtk_widget_queue_draw (GTK_WIDGET (self));
      }
      break;

    case DRAG_CONNECT:
      {
        double                 tolerance = HIT_TOLERANCE_PX / self->zoom;
        const TwinDiagramPort *source = &g_array_index (scene->ports, TwinDiagramPort, self->source_port);
        int                    port = twin_diagram_scene_hit_port (scene, dx, dy, tolerance, 0, 0);

        /* Over a block but not a port: its nearest port, so aiming is easy. */
        if (port < 0)
          {
            int block = twin_diagram_scene_hit_block (scene, dx, dy, 0, 0);

            if (block >= 0)
              port = twin_diagram_scene_hit_port (scene, dx, dy, G_MAXDOUBLE / 4, 0, 0);
            if (port >= 0 && (int) g_array_index (scene->ports, TwinDiagramPort, port).block != block)
              port = -1;
          }
        if (port >= 0 && g_array_index (scene->ports, TwinDiagramPort, port).block == source->block)
          port = -1;
        set_hover_port (self, port);
        gtk_widget_queue_draw (GTK_WIDGET (self));
      }
      break;

    case DRAG_RUBBER:
      {
        graphene_rect_t rect;

        rubber_rect (self, &rect);
        g_hash_table_remove_all (self->selection);
        {
          GHashTableIter iter;
          gpointer       key;

          g_hash_table_iter_init (&iter, self->rubber_base);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            g_hash_table_add (self->selection, key);
        }
        for (guint i = 0; i < scene->blocks->len; i++)
          {
            TwinDiagramBlock *block = &g_array_index (scene->blocks, TwinDiagramBlock, i);
            graphene_rect_t   bounds = GRAPHENE_RECT_INIT (block->x, block->y, block->width, block->height);

            if (graphene_rect_intersection (&rect, &bounds, NULL))
              g_hash_table_add (self->selection, block->entity);
          }
        sync_selection_flags (self);
        gtk_widget_queue_draw (GTK_WIDGET (self));
      }
      break;

    case DRAG_NONE:
    default:
      break;
    }
}

static void
pointer_release (TwinDiagramView *self,
                 double           x,
                 double           y)
{
  TwinDiagramScene *scene = self->scene;
  DragMode          mode = self->drag_mode;

  pointer_motion (self, x, y);
  self->drag_mode = DRAG_NONE;
  if (scene == NULL)
    return;

  switch (mode)
    {
    case DRAG_MOVE:
      if (self->moved)
        {
          commit_move (self);
          clear_moving (self);
          gtk_widget_queue_draw (GTK_WIDGET (self));
        }
      else if (self->press_block >= 0 && self->press_block < (int) scene->blocks->len)
        {
          TwinEntity *entity = g_array_index (scene->blocks, TwinDiagramBlock, self->press_block).entity;

          if (self->toggle_on_release)
            {
              g_hash_table_remove (self->selection, entity);
              selection_changed (self);
            }
          else if (self->select_only_on_release)
            select_only (self, entity);
        }
      break;

    case DRAG_CONNECT:
      self->drag_mode = DRAG_CONNECT;
      finish_connect (self);
      break;

    case DRAG_RUBBER:
      selection_changed (self);
      break;

    case DRAG_PAN:
    case DRAG_NONE:
    default:
      break;
    }
  self->press_block = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
cancel_drag (TwinDiagramView *self)
{
  if (self->drag_mode == DRAG_RUBBER)
    {
      g_hash_table_remove_all (self->selection);
      {
        GHashTableIter iter;
        gpointer       key;

        g_hash_table_iter_init (&iter, self->rubber_base);
        while (g_hash_table_iter_next (&iter, &key, NULL))
          g_hash_table_add (self->selection, key);
      }
      sync_selection_flags (self);
    }
  clear_moving (self);
  self->drag_mode = DRAG_NONE;
  self->source_port = -1;
  set_hover_port (self, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
popup_context_menu (TwinDiagramView *self,
                    double           x,
                    double           y)
{
  TwinDiagramScene *scene = ensure_scene (self);
  double            dx, dy, tolerance = HIT_TOLERANCE_PX / self->zoom;
  int               block;

  if (scene == NULL)
    return;
  to_diagram (self, x, y, &dx, &dy);
  self->context_port = self->zoom >= PORT_MIN_ZOOM ? twin_diagram_scene_hit_port (scene, dx, dy, tolerance, 0, 0) : -1;
  self->context_terminal = twin_diagram_scene_hit_terminal (scene, dx, dy, tolerance);
  block = twin_diagram_scene_hit_block (scene, dx, dy, 0, 0);
  if (self->context_port >= 0)
    block = (int) g_array_index (scene->ports, TwinDiagramPort, self->context_port).block;
  if (block >= 0)
    {
      TwinEntity *entity = g_array_index (scene->blocks, TwinDiagramBlock, block).entity;

      if (!g_hash_table_contains (self->selection, entity))
        select_only (self, entity);
    }
  else
    {
      int wire = twin_diagram_scene_hit_wire (scene, dx, dy, tolerance, 0, 0);

      if (wire >= 0)
        twin_diagram_view_select_connection (self, g_array_index (scene->wires, TwinDiagramWire, wire).connection);
    }
  update_actions (self);
  /* A tooltip over the menu would hide its first items. */
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), FALSE);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &(GdkRectangle){ (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

static void
context_menu_closed_cb (TwinDiagramView *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

/* Gestures */

static void
drag_begin_cb (GtkGestureDrag  *gesture,
               double           x,
               double           y,
               TwinDiagramView *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  /* Presses on the breadcrumb or the zoom buttons are theirs. */
  if (gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT) != GTK_WIDGET (self))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_widget_grab_focus (GTK_WIDGET (self));
  pointer_press (self, x, y, state);
}

static void
drag_update_cb (GtkGestureDrag  *gesture,
                double           offset_x,
                double           offset_y,
                TwinDiagramView *self)
{
  double x, y;

  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  pointer_motion (self, x + offset_x, y + offset_y);
}

static void
drag_end_cb (GtkGestureDrag  *gesture,
             double           offset_x,
             double           offset_y,
             TwinDiagramView *self)
{
  double x, y;

  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  pointer_release (self, x + offset_x, y + offset_y);
}

static void
drag_cancel_cb (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                TwinDiagramView  *self)
{
  cancel_drag (self);
}

static void
pan_begin_cb (GtkGestureDrag  *gesture,
              double           x,
              double           y,
              TwinDiagramView *self)
{
  self->pan_start_x = self->origin_x;
  self->pan_start_y = self->origin_y;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
}

static void
pan_update_cb (GtkGestureDrag  *gesture,
               double           offset_x,
               double           offset_y,
               TwinDiagramView *self)
{
  set_view (self, self->zoom, self->pan_start_x - offset_x / self->zoom, self->pan_start_y - offset_y / self->zoom);
}

static void
pan_end_cb (GtkGestureDrag  *gesture,
            double           offset_x,
            double           offset_y,
            TwinDiagramView *self)
{
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
}

static void
click_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  TwinDiagramView *self)
{
  guint           button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  if (gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT) != GTK_WIDGET (self))
    return;
  if (button == GDK_BUTTON_SECONDARY)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self));
      popup_context_menu (self, x, y);
    }
  else if (button == GDK_BUTTON_PRIMARY && n_press == 2)
    twin_diagram_view_click (self, x, y, 2, state);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           TwinDiagramView          *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gboolean        wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;

  if (state & GDK_CONTROL_MASK)
    {
      double factor = wheel ? pow (ZOOM_STEP, -dy) : exp (-dy * 0.01);

      twin_diagram_view_zoom_at (self, factor, self->pointer_x, self->pointer_y);
      return TRUE;
    }
  if ((state & GDK_SHIFT_MASK) && dx == 0.0)
    {
      dx = dy;
      dy = 0.0;
    }
  if (wheel)
    twin_diagram_view_pan_by (self, dx * WHEEL_PAN_PX, dy * WHEEL_PAN_PX);
  else
    twin_diagram_view_pan_by (self, dx, dy);
  return TRUE;
}

static void
zoom_begin_cb (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               TwinDiagramView  *self)
{
  self->zoom_gesture_start = self->zoom;
}

static void
zoom_scale_changed_cb (GtkGestureZoom  *gesture,
                       double           scale,
                       TwinDiagramView *self)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    {
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  twin_diagram_view_zoom_at (self, self->zoom_gesture_start * scale / self->zoom, x, y);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           TwinDiagramView          *self)
{
  TwinDiagramScene *scene = self->scene;
  const char       *cursor = NULL;
  double            dx, dy;

  self->pointer_x = x;
  self->pointer_y = y;
  if (scene == NULL || self->drag_mode != DRAG_NONE)
    return;
  to_diagram (self, x, y, &dx, &dy);
  if (self->space_down)
    cursor = "grab";
  else if (self->zoom >= PORT_MIN_ZOOM && twin_diagram_scene_hit_port (scene, dx, dy, HIT_TOLERANCE_PX / self->zoom, 0, 0) >= 0)
    cursor = "crosshair";
  else if (twin_diagram_scene_hit_block (scene, dx, dy, 0, 0) >= 0)
    cursor = "move";
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursor);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                TwinDiagramView       *self)
{
  if (keyval == GDK_KEY_space && (state & GDK_MODIFIER_MASK & ~GDK_LOCK_MASK) == 0)
    {
      self->space_down = TRUE;
      if (self->drag_mode == DRAG_NONE)
        gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grab");
      return TRUE;
    }
  if (keyval == GDK_KEY_Escape)
    {
      if (self->drag_mode != DRAG_NONE)
        cancel_drag (self);
      else
        select_only (self, NULL);
      return TRUE;
    }
  return FALSE;
}

static void
key_released_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 TwinDiagramView       *self)
{
  if (keyval == GDK_KEY_space)
    {
      self->space_down = FALSE;
      gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
    }
}

static gboolean
drop_cb (GtkDropTarget   *target,
         const GValue    *value,
         double           x,
         double           y,
         TwinDiagramView *self)
{
  if (!G_VALUE_HOLDS_STRING (value))
    return FALSE;
  return twin_diagram_view_drop_text (self, g_value_get_string (value), x, y);
}

static void
model_changed_cb (TwinDiagramView  *self,
                  const TwinChange *change,
                  TwinModel        *model)
{
  /* The level itself may have gone (an undone group): show the deepest
   * level of the old path that is still there. */
  if (self->level != NULL && !twin_model_contains (model, self->level))
    {
      TwinEntity *survivor = NULL;

      for (guint i = self->level_path->len; i-- > 0 && survivor == NULL;)
        survivor = twin_model_lookup (model, g_ptr_array_index (self->level_path, i));
      show_level (self, survivor != NULL ? survivor : twin_model_get_root (model));
      selection_changed (self);
      return;
    }
  invalidate_scene (self);
  g_ptr_array_set_size (self->level_path, 0);
  for (TwinEntity *e = self->level; e != NULL; e = twin_entity_get_parent (e))
    g_ptr_array_insert (self->level_path, 0, g_strdup (twin_entity_get_id (e)));
  rebuild_breadcrumb (self);
  if (prune_selection (self))
    selection_changed (self);
  else
    update_actions (self);
}

/* Actions */

static void
action_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  TwinDiagramView *self = TWIN_DIAGRAM_VIEW (widget);
  double           cx = gtk_widget_get_width (widget) / 2.0;
  double           cy = gtk_widget_get_height (widget) / 2.0;

  if (g_str_equal (action_name, "diagram.delete"))
    twin_diagram_view_delete_selection (self);
  else if (g_str_equal (action_name, "diagram.copy"))
    twin_diagram_view_copy_selection (self);
  else if (g_str_equal (action_name, "diagram.paste"))
    twin_diagram_view_paste (self);
  else if (g_str_equal (action_name, "diagram.group"))
    twin_diagram_view_group_selection (self);
  else if (g_str_equal (action_name, "diagram.ungroup"))
    twin_diagram_view_ungroup_selection (self);
  else if (g_str_equal (action_name, "diagram.zoom-in"))
    twin_diagram_view_zoom_at (self, ZOOM_STEP, cx, cy);
  else if (g_str_equal (action_name, "diagram.zoom-out"))
    twin_diagram_view_zoom_at (self, 1.0 / ZOOM_STEP, cx, cy);
  else if (g_str_equal (action_name, "diagram.zoom-reset"))
    twin_diagram_view_zoom_at (self, 1.0 / self->zoom, cx, cy);
  else if (g_str_equal (action_name, "diagram.fit-all"))
    twin_diagram_view_fit_all (self);
  else if (g_str_equal (action_name, "diagram.go-up"))
    twin_diagram_view_go_up (self);
  else if (g_str_equal (action_name, "diagram.enter"))
    {
      if (self->primary != NULL && twin_entity_get_n_children (self->primary) > 0)
        {
          show_level (self, self->primary);
          selection_changed (self);
        }
    }
  else if (g_str_equal (action_name, "diagram.select-all"))
    {
      TwinDiagramScene *scene = ensure_scene (self);

      clear_selection_quietly (self);
      for (guint i = 0; scene != NULL && i < scene->blocks->len; i++)
        g_hash_table_add (self->selection, g_array_index (scene->blocks, TwinDiagramBlock, i).entity);
      selection_changed (self);
    }
  else if (g_str_equal (action_name, "diagram.expose-port"))
    {
      TwinDiagramScene *scene = ensure_scene (self);
      g_autoptr (GError) error = NULL;

      if (scene != NULL && self->context_port >= 0 && self->context_port < (int) scene->ports->len)
        {
          const TwinDiagramPort *port = &g_array_index (scene->ports, TwinDiagramPort, self->context_port);
          TwinEntity            *inner = g_array_index (scene->blocks, TwinDiagramBlock, port->block).entity;
          g_autofree char       *name = g_strdup (port->name);

          if (!twin_model_expose_port (self->model, self->level, inner, name, NULL, &error))
            report (self, error);
        }
    }
  else if (g_str_equal (action_name, "diagram.unexpose-port"))
    {
      TwinDiagramScene *scene = ensure_scene (self);
      g_autoptr (GError) error = NULL;

      if (scene != NULL && self->context_terminal >= 0 && self->context_terminal < (int) scene->terminals->len)
        {
          g_autofree char *name = g_strdup (g_array_index (scene->terminals, TwinDiagramTerminal, self->context_terminal).name);

          if (!twin_model_unexpose_port (self->model, self->level, name, &error))
            report (self, error);
        }
    }
}

/* Drawing */

static void
lookup_color (GtkStyleContext *context,
              const char      *name,
              const char      *fallback,
              GdkRGBA         *color)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (context, name, color))
    gdk_rgba_parse (color, fallback);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
load_colors (TwinDiagramView *self)
{
  GtkStyleContext *context;
  GdkRGBA         *c = self->colors;
  GdkRGBA          fg;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  context = gtk_widget_get_style_context (GTK_WIDGET (self));
  gtk_style_context_get_color (context, &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS

  lookup_color (context, "window_bg_color", "#fafafa", &c[COLOR_CANVAS]);
  lookup_color (context, "view_bg_color", "#ffffff", &c[COLOR_BLOCK]);
  lookup_color (context, "accent_bg_color", "#3584e4", &c[COLOR_ACCENT]);
  lookup_color (context, "error_color", "#c01c28", &c[COLOR_ERROR]);
  lookup_color (context, "success_color", "#26a269", &c[COLOR_SUCCESS]);
  c[COLOR_TEXT] = fg;
  c[COLOR_DIM_TEXT] = fg;
  c[COLOR_DIM_TEXT].alpha *= 0.6f;
  c[COLOR_GRID] = fg;
  c[COLOR_GRID].alpha = 0.05f;
  c[COLOR_GRID_MAJOR] = fg;
  c[COLOR_GRID_MAJOR].alpha = 0.1f;
  c[COLOR_BORDER] = fg;
  c[COLOR_BORDER].alpha = 0.25f;
  c[COLOR_ACCENT_FILL] = c[COLOR_ACCENT];
  c[COLOR_ACCENT_FILL].alpha = 0.15f;
  for (guint d = 0; d < N_DOMAINS; d++)
    {
      twin_diagram_domain_color ((TwinDomain) d, &self->domain_colors[d]);
      self->domain_fills[d] = self->domain_colors[d];
      self->domain_fills[d].alpha = 0.16f;
      self->domain_tiny[d] = self->domain_colors[d];
      self->domain_tiny[d].alpha = 0.45f;
    }
}

static void
clear_text_caches (TwinDiagramView *self)
{
  g_hash_table_remove_all (self->name_layouts);
  g_hash_table_remove_all (self->label_layouts);
  g_hash_table_remove_all (self->icons);
  g_clear_object (&self->empty_layout);
  if (self->scene != NULL)
    for (guint i = 0; i < self->scene->blocks->len; i++)
      g_array_index (self->scene->blocks, TwinDiagramBlock, i).name_layout = NULL;
}

static PangoLayout *
make_layout (TwinDiagramView *self,
             const char      *text,
             double           size_pt,
             gboolean         bold)
{
  PangoLayout          *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoFontDescription *font = pango_font_description_copy (
    pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (self))));

  pango_font_description_set_size (font, (int) (size_pt * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  return layout;
}

static PangoLayout *
name_layout (TwinDiagramView  *self,
             TwinDiagramBlock *block)
{
  const char  *name = twin_entity_get_name (block->entity);
  PangoLayout *layout = block->name_layout;

  if (layout == NULL)
    layout = g_hash_table_lookup (self->name_layouts, block->entity);
  if (layout == NULL)
    {
      layout = make_layout (self, name, 9, TRUE);
      pango_layout_set_width (layout, (int) ((block->width - 38) * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      g_hash_table_insert (self->name_layouts, block->entity, layout);
    }
  else if (g_strcmp0 (pango_layout_get_text (layout), name) != 0)
    pango_layout_set_text (layout, name, -1);
  block->name_layout = layout;
  return layout;
}

static PangoLayout *
label_layout (TwinDiagramView *self,
              const char      *label)
{
  PangoLayout *layout = g_hash_table_lookup (self->label_layouts, label);

  if (layout == NULL)
    {
      layout = make_layout (self, label, 7.5, FALSE);
      g_hash_table_insert (self->label_layouts, g_strdup (label), layout);
    }
  return layout;
}

static GdkPaintable *
icon_paintable (TwinDiagramView *self,
                const char      *icon_name)
{
  GdkPaintable *paintable;

  if (icon_name == NULL)
    return NULL;
  paintable = g_hash_table_lookup (self->icons, icon_name);
  if (paintable == NULL)
    {
      GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));
      const char   *fallbacks[] = { "application-x-executable-symbolic", NULL };

      paintable = GDK_PAINTABLE (gtk_icon_theme_lookup_icon (theme, icon_name, fallbacks, 16,
                                                             gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                                                             gtk_widget_get_direction (GTK_WIDGET (self)), 0));
      g_hash_table_insert (self->icons, g_strdup (icon_name), paintable);
    }
  return paintable;
}

static void
append_rect (GtkSnapshot   *snapshot,
             const GdkRGBA *color,
             double         x,
             double         y,
             double         width,
             double         height)
{
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, width, height));
}

/* An orthogonal polyline as thin rectangles: no path rendering needed. */
static void
append_polyline (GtkSnapshot   *snapshot,
                 const double  *p,
                 guint          n,
                 double         thickness,
                 double         min_length,
                 const GdkRGBA *color)
{
  double h = thickness / 2;

  for (guint i = 0; i + 1 < n; i++)
    {
      double x0 = MIN (p[2 * i], p[2 * i + 2]), x1 = MAX (p[2 * i], p[2 * i + 2]);
      double y0 = MIN (p[2 * i + 1], p[2 * i + 3]), y1 = MAX (p[2 * i + 1], p[2 * i + 3]);

      /* Far out a port's lead is under a pixel: the next segment covers it. */
      if (x1 - x0 <= min_length && y1 - y0 <= min_length)
        continue;
      append_rect (snapshot, color, x0 - h, y0 - h, x1 - x0 + thickness, y1 - y0 + thickness);
    }
}

static gboolean
polyline_visible (const double          *p,
                  guint                  n,
                  const graphene_rect_t *visible)
{
  double x0 = p[0], x1 = p[0], y0 = p[1], y1 = p[1];

  for (guint i = 1; i < n; i++)
    {
      x0 = MIN (x0, p[2 * i]);
      x1 = MAX (x1, p[2 * i]);
      y0 = MIN (y0, p[2 * i + 1]);
      y1 = MAX (y1, p[2 * i + 1]);
    }
  return x1 >= visible->origin.x && x0 <= visible->origin.x + visible->size.width && y1 >= visible->origin.y &&
         y0 <= visible->origin.y + visible->size.height;
}

static void
append_circle (GtkSnapshot   *snapshot,
               const GdkRGBA *color,
               double         cx,
               double         cy,
               double         radius)
{
  GskRoundedRect rounded;

  gsk_rounded_rect_init_from_rect (&rounded, &GRAPHENE_RECT_INIT (cx - radius, cy - radius, 2 * radius, 2 * radius),
                                   radius);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, color, &rounded.bounds);
  gtk_snapshot_pop (snapshot);
}

static void
append_ring (GtkSnapshot   *snapshot,
             const GdkRGBA *color,
             double         cx,
             double         cy,
             double         radius,
             double         width)
{
  GskRoundedRect rounded;
  const float    widths[4] = { width, width, width, width };
  const GdkRGBA  colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&rounded, &GRAPHENE_RECT_INIT (cx - radius, cy - radius, 2 * radius, 2 * radius),
                                   radius);
  gtk_snapshot_append_border (snapshot, &rounded, widths, colors);
}

static void
append_frame (GtkSnapshot   *snapshot,
              const GdkRGBA *color,
              double         x,
              double         y,
              double         width,
              double         height,
              double         radius,
              double         line)
{
  GskRoundedRect rounded;
  const float    widths[4] = { line, line, line, line };
  const GdkRGBA  colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&rounded, &GRAPHENE_RECT_INIT (x, y, width, height), radius);
  gtk_snapshot_append_border (snapshot, &rounded, widths, colors);
}

static void
append_text (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             const GdkRGBA *color,
             double         x,
             double         y)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
draw_grid (TwinDiagramView *self,
           GtkSnapshot     *snapshot,
           int              width,
           int              height)
{
  double step = TWIN_DIAGRAM_GRID;

  /* Lines closer than 10 pixels are noise: thin them out by fives. */
  while (step * self->zoom < 10)
    step *= 5;
  for (double gx = floor (self->origin_x / step) * step; gx <= self->origin_x + width / self->zoom; gx += step)
    {
      double   x = round ((gx - self->origin_x) * self->zoom);
      gboolean major = fmod (fabs (gx), step * 5) < 1e-6;

      append_rect (snapshot, &self->colors[major ? COLOR_GRID_MAJOR : COLOR_GRID], x, 0, 1, height);
    }
  for (double gy = floor (self->origin_y / step) * step; gy <= self->origin_y + height / self->zoom; gy += step)
    {
      double   y = round ((gy - self->origin_y) * self->zoom);
      gboolean major = fmod (fabs (gy), step * 5) < 1e-6;

      append_rect (snapshot, &self->colors[major ? COLOR_GRID_MAJOR : COLOR_GRID], 0, y, width, 1);
    }
}

static void
draw_port (TwinDiagramView       *self,
           GtkSnapshot           *snapshot,
           const TwinDiagramPort *port,
           double                 px,
           double                 py,
           guint                  index)
{
  const double      half = TWIN_DIAGRAM_PORT_SIZE / 2;
  GdkRGBA           color = self->domain_colors[port->domain < N_DOMAINS ? port->domain : 0];
  TwinDiagramScene *scene = self->scene;

  if (self->drag_mode == DRAG_CONNECT && self->source_port >= 0)
    {
      const TwinDiagramPort *source = &g_array_index (scene->ports, TwinDiagramPort, self->source_port);

      if ((int) index == self->hover_port)
        {
          GdkRGBA halo = self->colors[self->hover_ok ? COLOR_SUCCESS : COLOR_ERROR];

          halo.alpha = 0.45f;
          append_circle (snapshot, &halo, px, py, half + 7);
          if (!self->hover_ok)
            color = self->colors[COLOR_ERROR];
        }
      else if ((int) index != self->source_port && twin_diagram_ports_may_connect (source, port))
        {
          GdkRGBA halo = self->colors[COLOR_SUCCESS];

          halo.alpha = 0.25f;
          append_circle (snapshot, &halo, px, py, half + 5);
        }
      else if ((int) index != self->source_port)
        color.alpha = 0.3f;
    }

  if (port->direction == TWIN_PORT_PHYSICAL)
    append_rect (snapshot, &color, px - half, py - half, TWIN_DIAGRAM_PORT_SIZE, TWIN_DIAGRAM_PORT_SIZE);
  else if (port->direction == TWIN_PORT_OUTPUT)
    append_circle (snapshot, &color, px, py, half);
  else
    {
      append_circle (snapshot, &self->colors[COLOR_BLOCK], px, py, half);
      append_ring (snapshot, &color, px, py, half, 2);
    }
}

static void
draw_block (TwinDiagramView  *self,
            GtkSnapshot      *snapshot,
            TwinDiagramBlock *block,
            double            x,
            double            y)
{
  TwinDiagramScene *scene = self->scene;
  guint             domain = block->domain < N_DOMAINS ? block->domain : 0;
  gboolean          selected = block->selected;
  double            w = block->width, h = block->height;

  if (self->zoom < CARD_MIN_ZOOM)
    {
      /* A few pixels wide: one rectangle in the domain's colour is all that shows. */
      append_rect (snapshot, selected ? &self->colors[COLOR_ACCENT] : &self->domain_tiny[domain], x, y, w, h);
      return;
    }
  if (self->zoom < ROUND_MIN_ZOOM)
    {
      /* Far out: a plain card with a one-pixel edge, its header in the domain's colour. */
      double edge = (selected ? 2.0 : 1.0) / self->zoom;

      append_rect (snapshot, selected ? &self->colors[COLOR_ACCENT] : &self->colors[COLOR_BORDER], x - edge, y - edge,
                   w + 2 * edge, h + 2 * edge);
      append_rect (snapshot, &self->colors[COLOR_BLOCK], x, y, w, h);
      append_rect (snapshot, &self->domain_colors[domain], x, y, w, TWIN_DIAGRAM_HEADER_HEIGHT / 3);
      if (selected)
        append_rect (snapshot, &self->colors[COLOR_ACCENT_FILL], x, y, w, h);
    }
  else
    {
      GskRoundedRect rounded;

      gsk_rounded_rect_init_from_rect (&rounded, &GRAPHENE_RECT_INIT (x, y, w, h), 6);
      gtk_snapshot_push_rounded_clip (snapshot, &rounded);
      append_rect (snapshot, &self->colors[COLOR_BLOCK], x, y, w, h);
      append_rect (snapshot, &self->domain_fills[domain], x, y, w, TWIN_DIAGRAM_HEADER_HEIGHT);
      append_rect (snapshot, &self->domain_colors[domain], x, y, w, 3);
      if (selected)
        append_rect (snapshot, &self->colors[COLOR_ACCENT_FILL], x, y, w, h);
      gtk_snapshot_pop (snapshot);
      append_frame (snapshot, selected ? &self->colors[COLOR_ACCENT] : &self->colors[COLOR_BORDER], x, y, w, h, 6,
                    selected ? 2 : 1);
      if (block->has_children)
        {
          /* A subsystem: a second edge behind, like a stack of cards. */
          append_rect (snapshot, &self->colors[COLOR_BORDER], x + 6, y + h + 2, w - 12, 2);
        }
    }

  if (self->zoom >= TEXT_MIN_ZOOM)
    {
      GdkPaintable *icon = icon_paintable (self, block->icon_name);

      if (icon != NULL)
        {
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + 8, y + 7));
          if (GTK_IS_SYMBOLIC_PAINTABLE (icon))
            gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), GDK_SNAPSHOT (snapshot), 16, 16,
                                                      &self->colors[COLOR_TEXT], 1);
          else
            gdk_paintable_snapshot (icon, GDK_SNAPSHOT (snapshot), 16, 16);
          gtk_snapshot_restore (snapshot);
        }
      append_text (snapshot, name_layout (self, block), &self->colors[COLOR_TEXT], x + 30, y + 7);
    }

  if (self->zoom >= PORT_MIN_ZOOM)
    for (guint k = 0; k < block->n_ports; k++)
      {
        guint                  index = block->first_port + k;
        const TwinDiagramPort *port = &g_array_index (scene->ports, TwinDiagramPort, index);
        double                 px = x + (port->side == TWIN_DIAGRAM_SIDE_RIGHT ? w : 0.0);
        double                 py = y + port->dy;

        draw_port (self, snapshot, port, px, py, index);
        if (self->zoom >= PORT_LABEL_MIN_ZOOM)
          {
            PangoLayout *layout = label_layout (self, port->label);
            int          lw, lh;

            pango_layout_get_pixel_size (layout, &lw, &lh);
            append_text (snapshot, layout, &self->colors[COLOR_DIM_TEXT],
                         port->side == TWIN_DIAGRAM_SIDE_LEFT ? px + 9 : px - 9 - lw, py - lh / 2.0);
          }
      }
}

static void
draw_terminals (TwinDiagramView       *self,
                GtkSnapshot           *snapshot,
                const graphene_rect_t *visible)
{
  TwinDiagramScene *scene = self->scene;
  double            thickness = MAX (1.5, 1.0 / self->zoom);

  for (guint i = 0; i < scene->terminals->len; i++)
    {
      const TwinDiagramTerminal *terminal = &g_array_index (scene->terminals, TwinDiagramTerminal, i);
      guint                      domain = terminal->domain < N_DOMAINS ? terminal->domain : 0;
      double                     points[2 * TWIN_DIAGRAM_ROUTE_MAX];
      guint                      n = twin_diagram_scene_route_terminal (scene, terminal, self->move_dx, self->move_dy, points);
      double                     x0 = terminal->side == TWIN_DIAGRAM_SIDE_LEFT ? terminal->x - 60 : terminal->x;

      if (n > 0)
        append_polyline (snapshot, points, n, thickness, 1e-9, &self->domain_colors[domain]);
      if (!graphene_rect_intersection (visible, &GRAPHENE_RECT_INIT (x0, terminal->y - 10, 60, 20), NULL))
        continue;
      {
        GskRoundedRect rounded;

        gsk_rounded_rect_init_from_rect (&rounded, &GRAPHENE_RECT_INIT (x0, terminal->y - 10, 60, 20), 10);
        gtk_snapshot_push_rounded_clip (snapshot, &rounded);
        append_rect (snapshot, &self->colors[COLOR_BLOCK], x0, terminal->y - 10, 60, 20);
        append_rect (snapshot, &self->domain_fills[domain], x0, terminal->y - 10, 60, 20);
        gtk_snapshot_pop (snapshot);
        append_frame (snapshot, &self->domain_colors[domain], x0, terminal->y - 10, 60, 20, 10,
                      (int) i == self->context_terminal ? 2 : 1);
      }
      if (self->zoom >= TEXT_MIN_ZOOM)
        {
          PangoLayout *layout = label_layout (self, terminal->name);
          int          lw, lh;

          pango_layout_get_pixel_size (layout, &lw, &lh);
          append_text (snapshot, layout, &self->colors[COLOR_TEXT], x0 + 30 - MIN (lw, 52) / 2.0, terminal->y - lh / 2.0);
        }
    }
}

static void
twin_diagram_view_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  TwinDiagramView  *self = TWIN_DIAGRAM_VIEW (widget);
  int               width = gtk_widget_get_width (widget);
  int               height = gtk_widget_get_height (widget);
  TwinDiagramScene *scene = ensure_scene (self);
  double            margin = 20.0 / self->zoom;
  double            thickness = MAX (2.0, 1.2 / self->zoom);
  double            min_length = self->zoom < CARD_MIN_ZOOM ? 0.75 / self->zoom : 1e-9;
  graphene_rect_t   visible;

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  append_rect (snapshot, &self->colors[COLOR_CANVAS], 0, 0, width, height);
  draw_grid (self, snapshot, width, height);

  if (scene != NULL)
    {
      graphene_rect_init (&visible, self->origin_x - margin, self->origin_y - margin, width / self->zoom + 2 * margin,
                          height / self->zoom + 2 * margin);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_scale (snapshot, (float) self->zoom, (float) self->zoom);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-self->origin_x, -self->origin_y));

      /* Wires under the blocks. */
      for (guint i = 0; i < scene->wires->len; i++)
        {
          const TwinDiagramWire *wire = &g_array_index (scene->wires, TwinDiagramWire, i);
          double                 points[2 * TWIN_DIAGRAM_ROUTE_MAX];
          guint                  n = twin_diagram_scene_route_wire (scene, wire, self->move_dx, self->move_dy, points);
          gboolean               selected = self->selected_wire == wire->connection;

          if (!polyline_visible (points, n, &visible))
            continue;
          if (selected)
            append_polyline (snapshot, points, n, thickness * 2.5, min_length, &self->colors[COLOR_ACCENT]);
          append_polyline (snapshot, points, n, thickness, min_length,
                           &self->domain_colors[wire->domain < N_DOMAINS ? wire->domain : 0]);
        }

      if (scene->terminals->len > 0)
        draw_terminals (self, snapshot, &visible);

      for (guint i = 0; i < scene->blocks->len; i++)
        {
          TwinDiagramBlock *block = &g_array_index (scene->blocks, TwinDiagramBlock, i);
          double            x = block->x + (block->moving ? self->move_dx : 0.0);
          double            y = block->y + (block->moving ? self->move_dy : 0.0);

          if (x > visible.origin.x + visible.size.width || y > visible.origin.y + visible.size.height ||
              x + block->width < visible.origin.x || y + block->height < visible.origin.y)
            continue;
          draw_block (self, snapshot, block, x, y);
        }

      /* The wire being drawn, from its port to the pointer. */
      if (self->drag_mode == DRAG_CONNECT && self->source_port >= 0)
        {
          const TwinDiagramPort *source = &g_array_index (scene->ports, TwinDiagramPort, self->source_port);
          double                 sx, sy, px, py;
          double                 points[2 * TWIN_DIAGRAM_ROUTE_MAX];
          GdkRGBA                color = self->domain_colors[source->domain < N_DOMAINS ? source->domain : 0];

          twin_diagram_scene_port_point (scene, self->source_port, 0, 0, &sx, &sy);
          if (self->hover_port >= 0)
            twin_diagram_scene_port_point (scene, self->hover_port, 0, 0, &px, &py);
          else
            to_diagram (self, self->pointer_x, self->pointer_y, &px, &py);
          if (self->hover_port >= 0 && !self->hover_ok)
            color = self->colors[COLOR_ERROR];
          points[0] = sx;
          points[1] = sy;
          points[2] = (sx + px) / 2;
          points[3] = sy;
          points[4] = (sx + px) / 2;
          points[5] = py;
          points[6] = px;
          points[7] = py;
          append_polyline (snapshot, points, 4, thickness, 1e-9, &color);
        }

      if (self->drag_mode == DRAG_RUBBER)
        {
          graphene_rect_t rect;

          rubber_rect (self, &rect);
          append_rect (snapshot, &self->colors[COLOR_ACCENT_FILL], rect.origin.x, rect.origin.y, rect.size.width,
                       rect.size.height);
          append_frame (snapshot, &self->colors[COLOR_ACCENT], rect.origin.x, rect.origin.y, rect.size.width,
                        rect.size.height, 0, 1.0 / self->zoom);
        }
      gtk_snapshot_restore (snapshot);

      if (scene->blocks->len == 0)
        {
          int lw, lh;

          if (self->empty_layout == NULL)
            {
              self->empty_layout = make_layout (self, _ ("This level is empty. Drag components here from the palette."),
                                                11, FALSE);
              pango_layout_set_alignment (self->empty_layout, PANGO_ALIGN_CENTER);
            }
          pango_layout_set_width (self->empty_layout, MAX (100, width - 40) * PANGO_SCALE);
          pango_layout_get_pixel_size (self->empty_layout, &lw, &lh);
          append_text (snapshot, self->empty_layout, &self->colors[COLOR_DIM_TEXT], 20, (height - lh) / 2.0);
        }
    }
  gtk_snapshot_pop (snapshot);

  if (gtk_widget_get_visible (self->breadcrumb))
    gtk_widget_snapshot_child (widget, self->breadcrumb, snapshot);
  gtk_widget_snapshot_child (widget, self->tools, snapshot);
  if (gtk_widget_get_visible (self->message_label))
    gtk_widget_snapshot_child (widget, self->message_label, snapshot);
  self->n_frames++;
}

static gboolean
twin_diagram_view_query_tooltip (GtkWidget  *widget,
                                 int         x,
                                 int         y,
                                 gboolean    keyboard_mode,
                                 GtkTooltip *tooltip)
{
  TwinDiagramView  *self = TWIN_DIAGRAM_VIEW (widget);
  TwinDiagramScene *scene = self->scene;
  double            dx, dy, tolerance = HIT_TOLERANCE_PX / self->zoom;
  int               port, block, wire;

  if (scene == NULL || keyboard_mode || self->drag_mode != DRAG_NONE)
    return FALSE;
  to_diagram (self, x, y, &dx, &dy);
  port = self->zoom >= PORT_MIN_ZOOM ? twin_diagram_scene_hit_port (scene, dx, dy, tolerance, 0, 0) : -1;
  if (port >= 0)
    {
      const TwinDiagramPort *p = &g_array_index (scene->ports, TwinDiagramPort, port);
      const char            *kind = p->direction == TWIN_PORT_INPUT    ? _ ("signal input")
                                    : p->direction == TWIN_PORT_OUTPUT ? _ ("signal output")
                                                                       : twin_domain_get_label (p->domain);
      g_autofree char       *text = g_strdup_printf (_ ("Port “%s” (%s): drag to another port to connect"), p->label, kind);

      gtk_tooltip_set_text (tooltip, text);
      return TRUE;
    }
  block = twin_diagram_scene_hit_block (scene, dx, dy, 0, 0);
  if (block >= 0)
    {
      const TwinDiagramBlock *b = &g_array_index (scene->blocks, TwinDiagramBlock, block);
      g_autofree char        *text = NULL;

      if (b->has_children)
        text = g_strdup_printf (_ ("“%s” (%s): double-click to open"), twin_entity_get_name (b->entity), b->type_label);
      else
        text = g_strdup_printf ("%s (%s)", twin_entity_get_name (b->entity), b->type_label);
      gtk_tooltip_set_text (tooltip, text);
      return TRUE;
    }
  wire = twin_diagram_scene_hit_wire (scene, dx, dy, tolerance, 0, 0);
  if (wire >= 0)
    {
      TwinConnection  *c = g_array_index (scene->wires, TwinDiagramWire, wire).connection;
      g_autofree char *text = g_strdup_printf ("%s.%s → %s.%s", twin_entity_get_name (twin_connection_get_from (c)),
                                               twin_connection_get_from_port (c),
                                               twin_entity_get_name (twin_connection_get_to (c)),
                                               twin_connection_get_to_port (c));

      gtk_tooltip_set_text (tooltip, text);
      return TRUE;
    }
  return FALSE;
}

/* Layout of the floating children: breadcrumb top left, zoom top right,
 * messages at the bottom. */

static void
twin_diagram_view_measure (GtkWidget     *widget,
                           GtkOrientation orientation,
                           int            for_size,
                           int           *minimum,
                           int           *natural,
                           int           *minimum_baseline,
                           int           *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 160 : 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 640 : 480;
}

static void
allocate_child (GtkWidget *child,
                int        x,
                int        y,
                int        max_width)
{
  int min_w, nat_w, min_h, nat_h, w;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, &nat_w, NULL, NULL);
  w = MAX (min_w, MIN (nat_w, max_width));
  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, w, &min_h, &nat_h, NULL, NULL);
  gtk_widget_size_allocate (child, &(GtkAllocation){ x, y, w, nat_h }, -1);
}

static void
twin_diagram_view_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  TwinDiagramView *self = TWIN_DIAGRAM_VIEW (widget);
  int              tools_w, tools_h, min_w, msg_w, msg_h, min_h;

  /* First: fitting changes the zoom label, which the tools' size depends on. */
  if (self->needs_fit && width > 0 && height > 0)
    twin_diagram_view_fit_all_sized (self, width, height);
  gtk_widget_measure (self->tools, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, &tools_w, NULL, NULL);
  gtk_widget_measure (self->tools, GTK_ORIENTATION_VERTICAL, -1, &min_h, &tools_h, NULL, NULL);
  allocate_child (self->tools, MAX (0, width - tools_w - 8), MAX (0, height - tools_h - 8), tools_w);
  allocate_child (self->breadcrumb, 8, 8, MAX (0, width - 16));
  if (gtk_widget_get_visible (self->message_label))
    {
      gtk_widget_measure (self->message_label, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, &msg_w, NULL, NULL);
      msg_w = MAX (min_w, MIN (msg_w, width - 32));
      gtk_widget_measure (self->message_label, GTK_ORIENTATION_VERTICAL, msg_w, &min_h, &msg_h, NULL, NULL);
      /* Above the zoom buttons, so neither hides the other. */
      gtk_widget_size_allocate (self->message_label,
                                &(GtkAllocation){ (width - msg_w) / 2, MAX (0, height - tools_h - msg_h - 16), msg_w, msg_h },
                                -1);
    }
  gtk_popover_present (GTK_POPOVER (self->context_menu));
}

static void
twin_diagram_view_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  TwinDiagramView *self = TWIN_DIAGRAM_VIEW (widget);

  GTK_WIDGET_CLASS (twin_diagram_view_parent_class)->css_changed (widget, change);
  load_colors (self);
  clear_text_caches (self);
  gtk_widget_queue_draw (widget);
}

static GMenuModel *
build_context_menu (void)
{
  GMenu *menu = g_menu_new ();
  GMenu *section;

  section = g_menu_new ();
  g_menu_append (section, _ ("_Open Subsystem"), "diagram.enter");
  g_menu_append (section, _ ("Go _Up"), "diagram.go-up");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_object_unref (section);

  section = g_menu_new ();
  g_menu_append (section, _ ("_Copy"), "diagram.copy");
  g_menu_append (section, _ ("_Paste"), "diagram.paste");
  g_menu_append (section, _ ("_Delete"), "diagram.delete");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_object_unref (section);

  section = g_menu_new ();
  g_menu_append (section, _ ("_Group into Subsystem"), "diagram.group");
  g_menu_append (section, _ ("_Ungroup"), "diagram.ungroup");
  g_menu_append (section, _ ("_Expose Port on the Subsystem"), "diagram.expose-port");
  g_menu_append (section, _ ("_Remove Boundary Port"), "diagram.unexpose-port");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_object_unref (section);

  section = g_menu_new ();
  g_menu_append (section, _ ("Select _All"), "diagram.select-all");
  g_menu_append (section, _ ("_Fit All"), "diagram.fit-all");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_object_unref (section);

  return G_MENU_MODEL (menu);
}

static GtkWidget *
tool_button (const char *icon_name,
             const char *tooltip,
             const char *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

static void
twin_diagram_view_dispose (GObject *object)
{
  TwinDiagramView *self = (TwinDiagramView *) object;

  if (self->model != NULL)
    g_clear_signal_handler (&self->changed_handler, self->model);
  g_clear_handle_id (&self->message_timeout, g_source_remove);
  g_clear_pointer (&self->breadcrumb, gtk_widget_unparent);
  g_clear_pointer (&self->tools, gtk_widget_unparent);
  g_clear_pointer (&self->message_label, gtk_widget_unparent);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  g_clear_pointer (&self->scene, twin_diagram_scene_free);
  g_clear_object (&self->selected_wire);
  g_clear_object (&self->model);
  g_clear_object (&self->empty_layout);
  if (self->clipboard != NULL)
    g_ptr_array_set_size (self->clipboard, 0);
  self->level = self->primary = NULL;

  G_OBJECT_CLASS (twin_diagram_view_parent_class)->dispose (object);
}

static void
twin_diagram_view_finalize (GObject *object)
{
  TwinDiagramView *self = (TwinDiagramView *) object;

  g_hash_table_unref (self->selection);
  g_hash_table_unref (self->rubber_base);
  g_hash_table_unref (self->view_states);
  g_hash_table_unref (self->name_layouts);
  g_hash_table_unref (self->label_layouts);
  g_hash_table_unref (self->icons);
  g_ptr_array_unref (self->clipboard);
  g_ptr_array_unref (self->level_path);
  g_free (self->message);
  g_free (self->hover_reason);

  G_OBJECT_CLASS (twin_diagram_view_parent_class)->finalize (object);
}

static void
twin_diagram_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TwinDiagramView *self = TWIN_DIAGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_LEVEL:
      g_value_set_object (value, self->level);
      break;
    case PROP_SELECTED:
      g_value_set_object (value, self->primary);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_diagram_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TwinDiagramView *self = TWIN_DIAGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      twin_diagram_view_set_model (self, g_value_get_object (value));
      break;
    case PROP_LEVEL:
      twin_diagram_view_set_level (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_diagram_view_class_init (TwinDiagramViewClass *klass)
{
  GObjectClass      *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass    *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *action_names[] = {
    "diagram.delete",
    "diagram.copy",
    "diagram.paste",
    "diagram.group",
    "diagram.ungroup",
    "diagram.zoom-in",
    "diagram.zoom-out",
    "diagram.zoom-reset",
    "diagram.fit-all",
    "diagram.go-up",
    "diagram.enter",
    "diagram.select-all",
    "diagram.expose-port",
    "diagram.unexpose-port",
  };

  object_class->dispose = twin_diagram_view_dispose;
  object_class->finalize = twin_diagram_view_finalize;
  object_class->get_property = twin_diagram_view_get_property;
  object_class->set_property = twin_diagram_view_set_property;
  widget_class->snapshot = twin_diagram_view_snapshot;
  widget_class->measure = twin_diagram_view_measure;
  widget_class->size_allocate = twin_diagram_view_size_allocate;
  widget_class->query_tooltip = twin_diagram_view_query_tooltip;
  widget_class->css_changed = twin_diagram_view_css_changed;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, TWIN_TYPE_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEVEL] =
    g_param_spec_object ("level", NULL, NULL, TWIN_TYPE_ENTITY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL, TWIN_TYPE_ENTITY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TwinDiagramView::selection-changed:
   *
   * The selected blocks or the selected wire changed.
   */
  signals[SELECTION_CHANGED] = g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                             NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * TwinDiagramView::error:
   * @message: a sentence for the user
   *
   * An edit made in the diagram was refused.
   */
  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);

  for (guint i = 0; i < G_N_ELEMENTS (action_names); i++)
    gtk_widget_class_install_action (widget_class, action_names[i], NULL, action_cb);

  /* Menus show the last binding of an action: the alternatives come first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "diagram.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "diagram.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "diagram.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "diagram.paste", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "diagram.group", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "diagram.ungroup", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, "diagram.select-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "diagram.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "diagram.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "diagram.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "diagram.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "diagram.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "diagram.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "diagram.fit-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "diagram.fit-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "diagram.go-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "diagram.go-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "diagram.enter", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "diagram.enter", NULL);

  gtk_widget_class_set_css_name (widget_class, "diagramview");
}

static void
twin_diagram_view_init (TwinDiagramView *self)
{
  GtkWidget          *widget = GTK_WIDGET (self);
  GtkGesture         *drag, *pan, *click, *zoom;
  GtkEventController *scroll, *motion, *keys;
  GtkDropTarget      *drop;
  g_autoptr (GMenuModel) menu = build_context_menu ();

  self->selection = g_hash_table_new (NULL, NULL);
  self->rubber_base = g_hash_table_new (NULL, NULL);
  self->view_states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->name_layouts = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->label_layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->icons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->clipboard = g_ptr_array_new_with_free_func (g_object_unref);
  self->level_path = g_ptr_array_new_with_free_func (g_free);
  self->zoom = 1.0;
  self->origin_x = self->origin_y = -40.0;
  self->source_port = self->hover_port = self->press_block = self->context_port = self->context_terminal = -1;

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_focus_on_click (widget, TRUE);
  gtk_widget_set_has_tooltip (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_widget_set_vexpand (widget, TRUE);

  self->breadcrumb = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->breadcrumb, "breadcrumb");
  gtk_widget_set_parent (self->breadcrumb, widget);

  self->tools = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->tools, "zoom-tools");
  gtk_box_append (GTK_BOX (self->tools), tool_button ("zoom-out-symbolic", _ ("Zoom Out (Ctrl+−)"), "diagram.zoom-out"));
  self->zoom_button = gtk_button_new_with_label ("100 %");
  gtk_widget_add_css_class (self->zoom_button, "flat");
  gtk_widget_add_css_class (self->zoom_button, "numeric");
  gtk_widget_set_tooltip_text (self->zoom_button, _ ("Actual Size (Ctrl+0)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->zoom_button), "diagram.zoom-reset");
  gtk_box_append (GTK_BOX (self->tools), self->zoom_button);
  gtk_box_append (GTK_BOX (self->tools), tool_button ("zoom-in-symbolic", _ ("Zoom In (Ctrl+plus)"), "diagram.zoom-in"));
  gtk_box_append (GTK_BOX (self->tools), tool_button ("zoom-fit-best-symbolic", _ ("Fit All (Home)"), "diagram.fit-all"));
  gtk_widget_set_parent (self->tools, widget);

  self->message_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->message_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->message_label), 70);
  gtk_widget_add_css_class (self->message_label, "diagram-message");
  gtk_widget_set_visible (self->message_label, FALSE);
  gtk_widget_set_can_target (self->message_label, FALSE);
  gtk_widget_set_parent (self->message_label, widget);

  self->context_menu = gtk_popover_menu_new_from_model (menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, widget);
  g_signal_connect_swapped (self->context_menu, "closed", G_CALLBACK (context_menu_closed_cb), self);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  g_signal_connect (drag, "cancel", G_CALLBACK (drag_cancel_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drag));

  pan = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (pan), GDK_BUTTON_MIDDLE);
  g_signal_connect (pan, "drag-begin", G_CALLBACK (pan_begin_cb), self);
  g_signal_connect (pan, "drag-update", G_CALLBACK (pan_update_cb), self);
  g_signal_connect (pan, "drag-end", G_CALLBACK (pan_end_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (pan));

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect (zoom, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (zoom));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (widget, scroll);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (widget, motion);

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  g_signal_connect (keys, "key-released", G_CALLBACK (key_released_cb), self);
  gtk_widget_add_controller (widget, keys);

  drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drop));

  load_colors (self);
  update_zoom_label (self);
  update_actions (self);
}

/**
 * twin_diagram_view_new:
 *
 * Returns: (transfer full): a diagram view without a twin
 */
GtkWidget *
twin_diagram_view_new (void)
{
  return g_object_new (TWIN_TYPE_DIAGRAM_VIEW, NULL);
}

/**
 * twin_diagram_view_set_model:
 * @model: (nullable): the twin to show; the view starts at its root level
 */
void
twin_diagram_view_set_model (TwinDiagramView *self,
                             TwinModel       *model)
{
  g_return_if_fail (TWIN_IS_DIAGRAM_VIEW (self));
  g_return_if_fail (model == NULL || TWIN_IS_MODEL (model));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_clear_signal_handler (&self->changed_handler, self->model);
  g_ptr_array_set_size (self->clipboard, 0);
  g_hash_table_remove_all (self->view_states);
  show_level (self, NULL);
  g_set_object (&self->model, model);
  if (model != NULL)
    {
      self->changed_handler = g_signal_connect_object (model, "changed", G_CALLBACK (model_changed_cb), self,
                                                       G_CONNECT_SWAPPED);
      show_level (self, twin_model_get_root (model));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  selection_changed (self);
}

TwinModel *
twin_diagram_view_get_model (TwinDiagramView *self)
{
  g_return_val_if_fail (TWIN_IS_DIAGRAM_VIEW (self), NULL);

  return self->model;
}

/**
 * twin_diagram_view_get_level:
 *
 * Returns: (transfer none) (nullable): the entity whose children are shown
 */
TwinEntity *
twin_diagram_view_get_level (TwinDiagramView *self)
{
  g_return_val_if_fail (TWIN_IS_DIAGRAM_VIEW (self), NULL);

  return self->level;
}

/**
 * twin_diagram_view_set_level:
 * @level: an entity of the model: the diagram shows its children
 *
 * Goes into (or out to) @level, with nothing selected.
 */
void
twin_diagram_view_set_level (TwinDiagramView *self,
                             TwinEntity      *level)
{
  g_return_if_fail (TWIN_IS_DIAGRAM_VIEW (self));
  g_return_if_fail (self->model != NULL);
  g_return_if_fail (twin_model_contains (self->model, level));

  if (level == self->level)
    return;
  show_level (self, level);
  selection_changed (self);
}

/**
 * twin_diagram_view_go_up:
 *
 * Shows the level above, with the subsystem we came out of selected.
 *
 * Returns: %TRUE when there was a level above
 */
gboolean
twin_diagram_view_go_up (TwinDiagramView *self)
{
  TwinEntity *came_from;

  g_return_val_if_fail (TWIN_IS_DIAGRAM_VIEW (self), FALSE);

  if (self->level == NULL || twin_entity_get_parent (self->level) == NULL)
    return FALSE;
  came_from = self->level;
  show_level (self, twin_entity_get_parent (came_from));
  select_only (self, came_from);
  return TRUE;
}

/**
 * twin_diagram_view_get_breadcrumb:
 *
 * Returns: (transfer none): the box of buttons naming the path to the level
 */
GtkWidget *
twin_diagram_view_get_breadcrumb (TwinDiagramView *self)
{
  g_return_val_if_fail (TWIN_IS_DIAGRAM_VIEW (self), NULL);

  return self->breadcrumb;
}

/**
 * twin_diagram_view_get_selected:
 *
 * Returns: (transfer none) (nullable): the primary selected block's entity
 */
TwinEntity *
twin_diagram_view_get_selected (TwinDiagramView *self)
{
  g_return_val_if_fail (TWIN_IS_DIAGRAM_VIEW (self), NULL);

  return self->primary;
}

/**
 * twin_diagram_view_dup_selection:
 *
 * Returns: (transfer container) (element-type TwinEntity): the selected
 *   blocks' entities, in drawing order
 */
GPtrArray *
twin_diagram_view_dup_selection (TwinDiagramView *self)
{
  g_return_val_if_fail (TWIN_IS_DIAGRAM_VIEW (self), NULL);

  return selected_entities (self);
}

/**
 * twin_diagram_view_select:
 * @entity: (nullable): any entity of the model
 *
 * Shows @entity's level with @entity selected (the root: its own level with
 * nothing selected). An entity already in a larger selection on this level
 * becomes the primary one and the selection stays.
 */
void
twin_diagram_view_select (TwinDiagramView *self,
                          TwinEntity      *entity)
{
  TwinEntity *parent;

  g_return_if_fail (TWIN_IS_DIAGRAM_VIEW (self));

  if (self->model == NULL)
    return;
  if (entity == NULL || !twin_model_contains (self->model, entity))
    {
      select_only (self, NULL);
      return;
    }
  parent = twin_entity_get_parent (entity);
  if (parent == NULL)
    {
      show_level (self, entity);
      select_only (self, NULL);
      return;
    }
  if (parent == self->level && g_hash_table_contains (self->selection, entity))
    {
      self->primary = entity;
      selection_changed (self);
      return;
    }
  show_level (self, parent);
  select_only (self, entity);
}

/**
 * twin_diagram_view_set_selection:
 * @entities: (array length=n_entities): children of the level
 *
 * Selects exactly @entities; the first becomes the primary one.
 */
void
twin_diagram_view_set_selection (TwinDiagramView *self,
                                 TwinEntity     **entities,
                                 guint            n_entities)
{
  g_return_if_fail (TWIN_IS_DIAGRAM_VIEW (self));

  clear_selection_quietly (self);
  for (guint i = 0; i < n_entities; i++)
    if (twin_entity_get_parent (entities[i]) == self->level)
      {
        g_hash_table_add (self->selection, entities[i]);
        if (self->primary == NULL)
          self->primary = entities[i];
      }
  selection_changed (self);
}

/**
 * twin_diagram_view_get_selected_connection:
 *
 * Returns: (transfer none) (nullable): the selected wire
 */
TwinConnection *
twin_diagram_view_get_selected_connection (TwinDiagramView *self)
{
  g_return_val_if_fail (TWIN_IS_DIAGRAM_VIEW (self), NULL);

  return self->selected_wire;
}

/**
 * twin_diagram_view_select_connection:
 * @connection: (nullable): a connection of the level
 *
 * Selects one wire (and no blocks), as clicking it does.
 */
void
twin_diagram_view_select_connection (TwinDiagramView *self,
                                     TwinConnection  *connection)
{
  g_return_if_fail (TWIN_IS_DIAGRAM_VIEW (self));

  clear_selection_quietly (self);
  if (connection != NULL)
    self->selected_wire = g_object_ref (connection);
  selection_changed (self);
}

/**
 * twin_diagram_view_add_block:
 * @type_name: a component type
 * @x: where the block's header centre goes, diagram units (snapped to the grid)
 *
 * Adds a new @type_name block to the level and selects it, in one step
 * (what a drop from the palette does).
 *
 * Returns: (transfer none) (nullable): the new entity, or %NULL (reported)
 */
TwinEntity *
twin_diagram_view_add_block (TwinDiagramView *self,
                             const char      *type_name,
                             double           x,
                             double           y)
{
  g_autoptr (GError) error = NULL;
  TwinEntity *entity;

  g_return_val_if_fail (TWIN_IS_DIAGRAM_VIEW (self), NULL);
  g_return_val_if_fail (type_name != NULL, NULL);

  if (self->model == NULL || self->level == NULL)
    return NULL;
  if (!freeze_layout (self, &error))
    {
      report (self, error);
      return NULL;
    }
  x = twin_diagram_snap (x - TWIN_DIAGRAM_BLOCK_WIDTH / 2);
  y = twin_diagram_snap (y - TWIN_DIAGRAM_HEADER_HEIGHT / 2);
  entity = twin_model_create_entity_at (self->model, self->level, type_name, NULL, x, y, &error);
  if (entity == NULL)
    {
      report (self, error);
      return NULL;
    }
  select_only (self, entity);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  return entity;
}

/**
 * twin_diagram_view_drop_text:
 * @text: what was dropped: "twin-type:NAME" from the palette
 * @widget_x: the drop point, in widget pixels
 *
 * Returns: %TRUE when a block was added
 */
gboolean
twin_diagram_view_drop_text (TwinDiagramView *self,
                             const char      *text,
                             double           widget_x,
                             double           widget_y)
{
  double x, y;

  g_return_val_if_fail (TWIN_IS_DIAGRAM_VIEW (self), FALSE);

  /* Only the palette's drags: other text, and types this build does not know, are not blocks. */
  if (text == NULL || !g_str_has_prefix (text, TWIN_DIAGRAM_DRAG_PREFIX) ||
      twin_entity_type_lookup (text + strlen (TWIN_DIAGRAM_DRAG_PREFIX)) == NULL)
    return FALSE;
  to_diagram (self, widget_x, widget_y, &x, &y);
  return twin_diagram_view_add_block (self, text + strlen (TWIN_DIAGRAM_DRAG_PREFIX), x, y) != NULL;
}

/**
 * twin_diagram_view_connect_ports:
 * @a: a block of the level
 * @port_a: one of its ports
 * @b: another block of the level
 * @port_b: one of its ports
 *
 * Draws a wire from @port_a to @port_b as a drag from port to port does:
 * a refused connection leaves the reason in twin_diagram_view_get_message().
 *
 * Returns: %TRUE when connected
 */
gboolean
twin_diagram_view_connect_ports (TwinDiagramView *self,
                                 TwinEntity      *a,
                                 const char      *port_a,
                                 TwinEntity      *b,
                                 const char      *port_b)
{
  TwinDiagramScene *scene;
  int               source, target;

  g_return_val_if_fail (TWIN_IS_DIAGRAM_VIEW (self), FALSE);

  scene = ensure_scene (self);
  if (scene == NULL)
    return FALSE;
  source = twin_diagram_scene_find_port (scene, a, port_a);
  target = twin_diagram_scene_find_port (scene, b, port_b);
  if (source < 0 || target < 0)
    {
      g_autofree char *text = g_strdup_printf (_ ("“%s” has no port “%s” on this level."),
                                               twin_entity_get_name (source < 0 ? a : b), source < 0 ? port_a : port_b);

      show_message (self, text, FALSE);
      return FALSE;
    }
  self->drag_mode = DRAG_CONNECT;
  self->source_port = source;
  self->hover_port = -1;
  set_hover_port (self, target);
  return finish_connect (self);
}

/**
 * twin_diagram_view_delete_selection:
 *
 * Deletes the selected blocks (in one step), or disconnects the selected wire.
 *
 * Returns: %TRUE when something was deleted
 */
gboolean
twin_diagram_view_delete_selection (TwinDiagramView *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entities = NULL;

  g_return_val_if_fail (TWIN_IS_DIAGRAM_VIEW (self), FALSE);

  if (self->model == NULL)
    return FALSE;
  if (self->selected_wire != NULL)
    {
      g_autoptr (TwinConnection) wire = g_object_ref (self->selected_wire);

      if (!twin_model_disconnect (self->model, wire, &error))
        {
          report (self, error);
          return FALSE;
        }
      return TRUE;
    }
  entities = selected_entities (self);
  if (entities->len == 0)
    return FALSE;
  if (!twin_model_delete_many (self->model, (TwinEntity **) entities->pdata, entities->len, &error))
    {
      report (self, error);
      return FALSE;
    }
  return TRUE;
}

/**
 * twin_diagram_view_copy_selection:
 *
 * Remembers the selected blocks for twin_diagram_view_paste() (a clipboard
 * inside the application).
 *
 * Returns: %TRUE when something was copied
 */
gboolean
twin_diagram_view_copy_selection (TwinDiagramView *self)
{
  g_autoptr (GPtrArray) entities = NULL;

  g_return_val_if_fail (TWIN_IS_DIAGRAM_VIEW (self), FALSE);

  entities = selected_entities (self);
  if (entities->len == 0)
    return FALSE;
  g_ptr_array_set_size (self->clipboard, 0);
  for (guint i = 0; i < entities->len; i++)
    g_ptr_array_add (self->clipboard, g_object_ref (g_ptr_array_index (entities, i)));
  self->paste_count = 0;
  update_actions (self);
  return TRUE;
}

/**
 * twin_diagram_view_paste:
 *
 * Pastes copies of the copied blocks, with the wires among them, into the
 * level shown, each paste a little further down and to the right; selects
 * the copies.
 *
 * Returns: %TRUE when pasted
 */
gboolean
twin_diagram_view_paste (TwinDiagramView *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) sources = g_ptr_array_new ();
  g_autoptr (GPtrArray) copies = NULL;
  double offset;

  g_return_val_if_fail (TWIN_IS_DIAGRAM_VIEW (self), FALSE);

  if (self->model == NULL || self->level == NULL)
    return FALSE;
  for (guint i = 0; i < self->clipboard->len; i++)
    if (twin_model_contains (self->model, g_ptr_array_index (self->clipboard, i)))
      g_ptr_array_add (sources, g_ptr_array_index (self->clipboard, i));
  if (sources->len == 0)
    return FALSE;
  if (!freeze_layout (self, &error))
    {
      report (self, error);
      return FALSE;
    }
  offset = PASTE_OFFSET * ++self->paste_count;
  copies = twin_model_paste_copies (self->model, self->level, (TwinEntity **) sources->pdata, sources->len, offset,
                                    offset, &error);
  if (copies == NULL)
    {
      self->paste_count--;
      report (self, error);
      return FALSE;
    }
  twin_diagram_view_set_selection (self, (TwinEntity **) copies->pdata, copies->len);
  return TRUE;
}

/**
 * twin_diagram_view_group_selection:
 *
 * Groups the selected blocks into a new subsystem, keeping every wire that
 * crossed the selection's edge through a boundary port (one step), and
 * selects the subsystem.
 *
 * Returns: (transfer none) (nullable): the subsystem
 */
TwinEntity *
twin_diagram_view_group_selection (TwinDiagramView *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entities = NULL;
  TwinEntity *group;

  g_return_val_if_fail (TWIN_IS_DIAGRAM_VIEW (self), NULL);

  entities = selected_entities (self);
  if (self->model == NULL || entities->len == 0)
    return NULL;
  if (!freeze_layout (self, &error))
    {
      report (self, error);
      return NULL;
    }
  group = twin_model_group (self->model, (TwinEntity **) entities->pdata, entities->len, NULL, &error);
  if (group == NULL)
    {
      report (self, error);
      return NULL;
    }
  select_only (self, group);
  return group;
}

/**
 * twin_diagram_view_ungroup_selection:
 *
 * Ungroups every selected subsystem (one step each) and selects what came out.
 *
 * Returns: %TRUE when at least one was ungrouped
 */
gboolean
twin_diagram_view_ungroup_selection (TwinDiagramView *self)
{
  g_autoptr (GPtrArray) entities = NULL;
  g_autoptr (GPtrArray) freed = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean any = FALSE;

  g_return_val_if_fail (TWIN_IS_DIAGRAM_VIEW (self), FALSE);

  entities = selected_entities (self);
  for (guint i = 0; self->model != NULL && i < entities->len; i++)
    {
      TwinEntity *subsystem = g_ptr_array_index (entities, i);
      guint       n = twin_entity_get_n_children (subsystem);
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) children = g_ptr_array_new_with_free_func (g_object_unref);

      if (n == 0)
        continue;
      for (guint k = 0; k < n; k++)
        g_ptr_array_add (children, g_object_ref (twin_entity_get_child (subsystem, k)));
      if (!twin_model_ungroup (self->model, subsystem, &error))
        {
          report (self, error);
          break;
        }
      any = TRUE;
      for (guint k = 0; k < children->len; k++)
        g_ptr_array_add (freed, g_object_ref (g_ptr_array_index (children, k)));
    }
  if (any)
    twin_diagram_view_set_selection (self, (TwinEntity **) freed->pdata, freed->len);
  return any;
}

/**
 * twin_diagram_view_pointer_down:
 * @x: widget pixels
 * @modifiers: Shift or Ctrl extend the selection
 *
 * The left button goes down, as the mouse's drag gesture begins.
 */
void
twin_diagram_view_pointer_down (TwinDiagramView *self,
                                double           x,
                                double           y,
                                GdkModifierType  modifiers)
{
  g_return_if_fail (TWIN_IS_DIAGRAM_VIEW (self));

  pointer_press (self, x, y, modifiers);
}

/**
 * twin_diagram_view_pointer_move:
 *
 * The pointer moves with the button down.
 */
void
twin_diagram_view_pointer_move (TwinDiagramView *self,
                                double           x,
                                double           y)
{
  g_return_if_fail (TWIN_IS_DIAGRAM_VIEW (self));

  pointer_motion (self, x, y);
}

/**
 * twin_diagram_view_pointer_up:
 *
 * The button comes up: the move, wire or rubber band is done.
 */
void
twin_diagram_view_pointer_up (TwinDiagramView *self,
                              double           x,
                              double           y)
{
  g_return_if_fail (TWIN_IS_DIAGRAM_VIEW (self));

  pointer_release (self, x, y);
}

/**
 * twin_diagram_view_drag:
 * @start_x: where the button goes down, widget pixels
 * @end_x: where it comes up
 * @modifiers: Shift or Ctrl extend the selection
 *
 * Runs a left-button drag through the same code as the mouse: move blocks,
 * draw a wire from a port, or a rubber band.
 */
void
twin_diagram_view_drag (TwinDiagramView *self,
                        double           start_x,
                        double           start_y,
                        double           end_x,
                        double           end_y,
                        GdkModifierType  modifiers)
{
  g_return_if_fail (TWIN_IS_DIAGRAM_VIEW (self));

  pointer_press (self, start_x, start_y, modifiers);
  pointer_motion (self, (start_x + end_x) / 2, (start_y + end_y) / 2);
  pointer_release (self, end_x, end_y);
}

/**
 * twin_diagram_view_click:
 * @n_press: 2 for a double-click, which opens a subsystem
 *
 * Runs a left click through the same code as the mouse.
 */
void
twin_diagram_view_click (TwinDiagramView *self,
                         double           x,
                         double           y,
                         int              n_press,
                         GdkModifierType  modifiers)
{
  TwinDiagramScene *scene;

  g_return_if_fail (TWIN_IS_DIAGRAM_VIEW (self));

  scene = ensure_scene (self);
  if (scene == NULL)
    return;
  if (n_press == 2)
    {
      double dx, dy;
      int    block;

      to_diagram (self, x, y, &dx, &dy);
      block = twin_diagram_scene_hit_block (scene, dx, dy, 0, 0);
      if (block >= 0 && g_array_index (scene->blocks, TwinDiagramBlock, block).has_children)
        {
          show_level (self, g_array_index (scene->blocks, TwinDiagramBlock, block).entity);
          selection_changed (self);
        }
      return;
    }
  pointer_press (self, x, y, modifiers);
  pointer_release (self, x, y);
}

/**
 * twin_diagram_view_get_message:
 *
 * Returns: (nullable): the message shown at the bottom of the view, such as
 *   why two ports cannot be connected
 */
const char *
twin_diagram_view_get_message (TwinDiagramView *self)
{
  g_return_val_if_fail (TWIN_IS_DIAGRAM_VIEW (self), NULL);

  return self->message;
}

/**
 * twin_diagram_view_get_block_bounds:
 * @bounds: (out): where @entity's block is drawn, in widget pixels
 *
 * Returns: %TRUE when @entity is a block of the level
 */
gboolean
twin_diagram_view_get_block_bounds (TwinDiagramView *self,
                                    TwinEntity      *entity,
                                    graphene_rect_t *bounds)
{
  TwinDiagramScene       *scene;
  const TwinDiagramBlock *block;
  double                  x, y;
  int                     index;

  g_return_val_if_fail (TWIN_IS_DIAGRAM_VIEW (self), FALSE);

  scene = ensure_scene (self);
  if (scene == NULL || (index = twin_diagram_scene_find_block (scene, entity)) < 0)
    return FALSE;
  block = &g_array_index (scene->blocks, TwinDiagramBlock, index);
  to_widget (self, block->x, block->y, &x, &y);
  graphene_rect_init (bounds, x, y, block->width * self->zoom, block->height * self->zoom);
  return TRUE;
}

/**
 * twin_diagram_view_get_port_point:
 * @x: (out): the centre of the port's marker, widget pixels
 * @y: (out):
 *
 * Returns: %TRUE when @entity is a block of the level with that port
 */
gboolean
twin_diagram_view_get_port_point (TwinDiagramView *self,
                                  TwinEntity      *entity,
                                  const char      *port,
                                  double          *x,
                                  double          *y)
{
  TwinDiagramScene *scene;
  double            dx, dy;
  int               index;

  g_return_val_if_fail (TWIN_IS_DIAGRAM_VIEW (self), FALSE);

  scene = ensure_scene (self);
  if (scene == NULL || (index = twin_diagram_scene_find_port (scene, entity, port)) < 0)
    return FALSE;
  twin_diagram_scene_port_point (scene, (guint) index, 0, 0, &dx, &dy);
  to_widget (self, dx, dy, x, y);
  return TRUE;
}

/**
 * twin_diagram_view_is_auto_placed:
 *
 * Returns: %TRUE when @entity's block is laid out automatically (it has no
 *   stored position)
 */
gboolean
twin_diagram_view_is_auto_placed (TwinDiagramView *self,
                                  TwinEntity      *entity)
{
  TwinDiagramScene *scene;
  int               index;

  g_return_val_if_fail (TWIN_IS_DIAGRAM_VIEW (self), FALSE);

  scene = ensure_scene (self);
  if (scene == NULL || (index = twin_diagram_scene_find_block (scene, entity)) < 0)
    return FALSE;
  return g_array_index (scene->blocks, TwinDiagramBlock, index).auto_placed;
}

double
twin_diagram_view_get_zoom (TwinDiagramView *self)
{
  g_return_val_if_fail (TWIN_IS_DIAGRAM_VIEW (self), 1.0);

  return self->zoom;
}

/**
 * twin_diagram_view_zoom_at:
 * @factor: how much larger things get (below 1: smaller)
 * @widget_x: the point that stays put, widget pixels
 */
void
twin_diagram_view_zoom_at (TwinDiagramView *self,
                           double           factor,
                           double           widget_x,
                           double           widget_y)
{
  double x, y, zoom;

  g_return_if_fail (TWIN_IS_DIAGRAM_VIEW (self));

  if (!isfinite (factor) || factor <= 0)
    return;
  to_diagram (self, widget_x, widget_y, &x, &y);
  zoom = CLAMP (self->zoom * factor, ZOOM_MIN, ZOOM_MAX);
  self->needs_fit = FALSE;
  set_view (self, zoom, x - widget_x / zoom, y - widget_y / zoom);
}

/**
 * twin_diagram_view_pan_by:
 * @dx: widget pixels; positive moves the view right (the drawing left)
 */
void
twin_diagram_view_pan_by (TwinDiagramView *self,
                          double           dx,
                          double           dy)
{
  g_return_if_fail (TWIN_IS_DIAGRAM_VIEW (self));

  self->needs_fit = FALSE;
  set_view (self, self->zoom, self->origin_x + dx / self->zoom, self->origin_y + dy / self->zoom);
}

/**
 * twin_diagram_view_fit_all:
 *
 * Zooms and pans so the whole level is in view (never above 100 %).
 */
void
twin_diagram_view_fit_all (TwinDiagramView *self)
{
  g_return_if_fail (TWIN_IS_DIAGRAM_VIEW (self));

  twin_diagram_view_fit_all_sized (self, gtk_widget_get_width (GTK_WIDGET (self)),
                                   gtk_widget_get_height (GTK_WIDGET (self)));
}

static void
twin_diagram_view_fit_all_sized (TwinDiagramView *self,
                                 int              width,
                                 int              height)
{
  TwinDiagramScene *scene = ensure_scene (self);
  double            zoom, top = 56.0; /* room for the breadcrumb */
  graphene_rect_t   bounds;

  if (width <= 0 || height <= 0)
    {
      self->needs_fit = TRUE;
      return;
    }
  self->needs_fit = FALSE;
  if (scene == NULL || scene->blocks->len == 0)
    {
      set_view (self, 1.0, -40.0, -top);
      return;
    }
  graphene_rect_inset_r (&scene->bounds, -30, -30, &bounds);
  zoom = MIN (width / bounds.size.width, (height - top) / bounds.size.height);
  zoom = CLAMP (zoom, ZOOM_MIN, 1.0);
  set_view (self, zoom, bounds.origin.x + bounds.size.width / 2 - width / (2 * zoom),
            bounds.origin.y + bounds.size.height / 2 - (height + top) / (2 * zoom));
}

/**
 * twin_diagram_view_get_n_frames:
 *
 * Returns: how many frames the view has drawn (for benchmarks)
 */
guint
twin_diagram_view_get_n_frames (TwinDiagramView *self)
{
  g_return_val_if_fail (TWIN_IS_DIAGRAM_VIEW (self), 0);

  return self->n_frames;
}
