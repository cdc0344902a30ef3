/* test-diagram.c: GUI tests of the diagram editor under Xvfb: place, wire, group, navigate, undo.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test drives the real window through the diagram's own entry points,
 * which run the same code as the mouse and keyboard (drops from the palette,
 * drags from port to port, clicks, actions), and then checks the model and
 * the project file. Screenshots go to tests/app/screenshots/ in the build
 * folder.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "app-test-util.h"
#include "twin-test-util.h"
#include "twin-window.h"

/* A new untitled twin in a window large enough to see the diagram. */
static TwinWindow *
open_untitled (void)
{
  TwinWindow *window = twin_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 820);
  twin_window_new_untitled (window);
  gtk_window_present (GTK_WINDOW (window));
  twin_app_test_wait_mapped (GTK_WIDGET (window));
  return window;
}

static void
block_centre (TwinDiagramView *view,
              TwinEntity      *entity,
              double          *x,
              double          *y)
{
  graphene_rect_t bounds;

  g_assert_true (twin_diagram_view_get_block_bounds (view, entity, &bounds));
  *x = bounds.origin.x + bounds.size.width / 2;
  *y = bounds.origin.y + bounds.size.height / 2;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

/* The level's connections as sorted "from.port-to.port" strings (physical
 * ends in either order), to compare connectivity before and after. */
static char *
describe_connections (TwinEntity *level)
{
  GListModel *connections = twin_entity_get_connections (level);
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr (TwinConnection) c = g_list_model_get_item (connections, i);
      g_autofree char *a = g_strdup_printf ("%s.%s", twin_entity_get_name (twin_connection_get_from (c)),
                                            twin_connection_get_from_port (c));
      g_autofree char *b = g_strdup_printf ("%s.%s", twin_entity_get_name (twin_connection_get_to (c)),
                                            twin_connection_get_to_port (c));

      g_ptr_array_add (lines, g_strcmp0 (a, b) < 0 ? g_strdup_printf ("%s-%s", a, b) : g_strdup_printf ("%s-%s", b, a));
    }
  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (text, "%s;", (char *) g_ptr_array_index (lines, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The port of a component type that a (possibly boundary) port ends at. */
static void
resolve_port (TwinEntity  *entity,
              const char  *port,
              TwinEntity **inner,
              const char **inner_port)
{
  TwinPortInfo info;

  for (guint depth = 0; depth < 10; depth++)
    {
      g_assert_true (twin_entity_find_port (entity, port, &info));
      if (info.inner == NULL)
        break;
      entity = info.inner;
      port = info.inner_port;
    }
  *inner = entity;
  *inner_port = port;
}

static void
test_place_connect_group_undo (void)
{
  TwinWindow        *window = open_untitled ();
  TwinDiagramView   *view = twin_window_get_diagram (window);
  TwinHierarchyView *hierarchy = twin_window_get_hierarchy (window);
  TwinModel         *model = twin_project_get_model (twin_window_get_project (window));
  TwinEntity        *root = twin_model_get_root (model);
  TwinEntity        *battery, *resistor, *ground, *constant, *group;
  g_autofree char   *before_group = NULL;
  double             ax, ay, bx, by, x, y;
  GPtrArray         *selection;

  g_assert_true (twin_diagram_view_get_level (view) == root);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (view)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (twin_window_get_view_stack (window)), ==, "diagram");
  twin_app_test_save_screenshot (GTK_WIDGET (window), "diagram-empty");

  /* The battery from the palette's action (a double-click on its row): it
   * lands in the middle of the diagram, selected, in the tree too. */
  gtk_widget_activate_action (GTK_WIDGET (twin_window_get_palette (window)), "palette.add", "s", "battery");
  twin_app_test_pump (50);
  g_assert_cmpuint (twin_entity_get_n_children (root), ==, 1);
  battery = twin_entity_get_child (root, 0);
  g_assert_cmpstr (twin_entity_get_type_name (battery), ==, "battery");
  g_assert_true (twin_diagram_view_get_selected (view) == battery);
  g_assert_true (twin_hierarchy_view_get_selected (hierarchy) == battery);
  g_assert_true (twin_inspector_get_entity (twin_window_get_inspector (window)) == battery);
  g_assert_true (twin_entity_get_diagram_position (battery, &x, &y));
  g_assert_cmpfloat (fmod (x, 20), ==, 0);
  g_assert_cmpfloat (fmod (y, 20), ==, 0);
  g_assert_false (twin_diagram_view_is_auto_placed (view, battery));

  /* A resistor to its right and a ground below, dropped as a drag from the
   * palette drops them; the drop point is the block's header centre. */
  block_centre (view, battery, &x, &y);
  g_assert_true (twin_diagram_view_drop_text (view, "twin-type:resistor", x + 260, y - 60));
  g_assert_true (twin_diagram_view_drop_text (view, "twin-type:ground", x, y + 140));
  g_assert_true (twin_diagram_view_drop_text (view, "twin-type:constant", x + 260, y + 160));
  /* Text that is not a component type is refused. */
  g_assert_false (twin_diagram_view_drop_text (view, "hello", x, y));
  g_assert_false (twin_diagram_view_drop_text (view, "twin-type:", x, y));
  twin_app_test_pump (50);
  /* Home: everything in view. */
  gtk_widget_activate_action (GTK_WIDGET (view), "diagram.fit-all", NULL);
  g_assert_cmpuint (twin_entity_get_n_children (root), ==, 4);
  resistor = twin_entity_find_child (root, "Resistor");
  ground = twin_entity_find_child (root, "Ground");
  constant = twin_entity_find_child (root, "Constant");
  g_assert_nonnull (resistor);
  g_assert_nonnull (ground);
  g_assert_nonnull (constant);
  /* Each drop was one step: four undos would remove all four. */
  g_assert_true (twin_history_get_can_undo (twin_model_get_history (model)));

  /* Wire battery + to resistor + with a drag from port to port, the mouse's way. */
  g_assert_true (twin_diagram_view_get_port_point (view, battery, "p", &ax, &ay));
  g_assert_true (twin_diagram_view_get_port_point (view, resistor, "p", &bx, &by));
  twin_diagram_view_drag (view, ax, ay, bx, by, 0);
  twin_app_test_pump (50);
  g_assert_cmpuint (twin_entity_get_n_connections (root), ==, 1);
  /* The rest through the view's connect function. */
  g_assert_true (twin_diagram_view_connect_ports (view, resistor, "n", battery, "n"));
  g_assert_true (twin_diagram_view_connect_ports (view, ground, "p", battery, "n"));
  g_assert_cmpuint (twin_entity_get_n_connections (root), ==, 3);
  g_assert_null (twin_diagram_view_get_message (view));
  twin_app_test_save_screenshot (GTK_WIDGET (window), "diagram-wired");

  /* A signal output onto an electrical port is refused, with the reason shown. */
  g_assert_false (twin_diagram_view_connect_ports (view, constant, "out", resistor, "n"));
  g_assert_nonnull (twin_diagram_view_get_message (view));
  g_assert_nonnull (strstr (twin_diagram_view_get_message (view), "Cannot connect"));
  g_assert_nonnull (strstr (twin_diagram_view_get_message (view), "Constant"));
  g_assert_cmpuint (twin_entity_get_n_connections (root), ==, 3);
  /* The same with the mouse: while the wire is drawn the electrical ports
   * light up; over the signal output the port shows red with the reason;
   * letting go there changes nothing. */
  g_assert_true (twin_diagram_view_get_port_point (view, resistor, "n", &ax, &ay));
  g_assert_true (twin_diagram_view_get_port_point (view, constant, "out", &bx, &by));
  twin_diagram_view_pointer_down (view, ax, ay, 0);
  twin_diagram_view_pointer_move (view, (ax + bx) / 2, ay + 40);
  g_assert_null (twin_diagram_view_get_message (view));
  twin_app_test_save_screenshot (GTK_WIDGET (view), "diagram-drawing-wire");
  twin_diagram_view_pointer_move (view, bx + 2, by - 1);
  g_assert_nonnull (twin_diagram_view_get_message (view));
  g_assert_nonnull (strstr (twin_diagram_view_get_message (view), "Cannot connect"));
  twin_app_test_save_screenshot (GTK_WIDGET (view), "diagram-refused-hover");
  twin_diagram_view_pointer_up (view, bx + 2, by - 1);
  g_assert_cmpuint (twin_entity_get_n_connections (root), ==, 3);
  g_assert_nonnull (strstr (twin_diagram_view_get_message (view), "Cannot connect"));
  twin_app_test_save_screenshot (GTK_WIDGET (window), "diagram-refused");
  /* A port joined to itself makes no wire either. */
  g_assert_false (twin_diagram_view_connect_ports (view, battery, "p", battery, "p"));
  g_assert_cmpuint (twin_entity_get_n_connections (root), ==, 3);

  /* Select battery and resistor: a click, then a Shift-click. */
  block_centre (view, battery, &x, &y);
  twin_diagram_view_click (view, x, y, 1, 0);
  block_centre (view, resistor, &x, &y);
  twin_diagram_view_click (view, x, y, 1, GDK_SHIFT_MASK);
  selection = twin_diagram_view_dup_selection (view);
  g_assert_cmpuint (selection->len, ==, 2);
  g_ptr_array_unref (selection);
  g_assert_true (twin_diagram_view_get_selected (view) == resistor);
  g_assert_true (twin_hierarchy_view_get_selected (hierarchy) == resistor);

  /* Group them (Ctrl+G): the wire to ground now ends at a boundary port that
   * leads to the battery's n, and the battery–resistor wires moved inside. */
  before_group = describe_connections (root);
  gtk_widget_activate_action (GTK_WIDGET (view), "diagram.group", NULL);
  twin_app_test_pump (50);
  group = twin_diagram_view_get_selected (view);
  g_assert_nonnull (group);
  g_assert_true (twin_entity_get_parent (group) == root);
  g_assert_true (twin_entity_get_parent (battery) == group);
  g_assert_true (twin_entity_get_parent (resistor) == group);
  g_assert_cmpuint (twin_entity_get_n_children (root), ==, 3);
  g_assert_cmpuint (twin_entity_get_n_connections (group), ==, 2);
  g_assert_cmpuint (twin_entity_get_n_connections (root), ==, 1);
  g_assert_cmpuint (twin_entity_get_n_boundary_ports (group), ==, 1);
  {
    g_autoptr (TwinConnection) c = g_list_model_get_item (twin_entity_get_connections (root), 0);
    gboolean    ground_is_from = twin_connection_get_from (c) == ground;
    TwinEntity *other = ground_is_from ? twin_connection_get_to (c) : twin_connection_get_from (c);
    const char *other_port = ground_is_from ? twin_connection_get_to_port (c) : twin_connection_get_from_port (c);
    TwinEntity *inner;
    const char *inner_port;

    g_assert_true (other == group);
    resolve_port (other, other_port, &inner, &inner_port);
    g_assert_true (inner == battery);
    g_assert_cmpstr (inner_port, ==, "n");
  }
  twin_app_test_save_screenshot (GTK_WIDGET (window), "diagram-grouped");

  /* In with a double-click; the breadcrumb names the path. */
  block_centre (view, group, &x, &y);
  twin_diagram_view_click (view, x, y, 2, 0);
  twin_app_test_pump (100);
  g_assert_true (twin_diagram_view_get_level (view) == group);
  g_assert_true (twin_hierarchy_view_get_selected (hierarchy) == group);
  {
    guint n_buttons = 0;

    for (GtkWidget *child = gtk_widget_get_first_child (twin_diagram_view_get_breadcrumb (view)); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (GTK_IS_BUTTON (child))
        n_buttons++;
    g_assert_cmpuint (n_buttons, ==, 2);
  }
  g_assert_true (twin_diagram_view_get_block_bounds (view, battery, &(graphene_rect_t){ 0 }));
  twin_app_test_save_screenshot (GTK_WIDGET (window), "diagram-inside-subsystem");

  /* Selecting the resistor in the tree keeps this level and selects it here. */
  g_assert_true (twin_hierarchy_view_select (hierarchy, resistor));
  twin_app_test_pump (50);
  g_assert_true (twin_diagram_view_get_level (view) == group);
  g_assert_true (twin_diagram_view_get_selected (view) == resistor);

  /* Back up through the breadcrumb's first button: the subsystem is selected. */
  {
    GtkWidget *first = gtk_widget_get_first_child (twin_diagram_view_get_breadcrumb (view));

    g_assert_true (GTK_IS_BUTTON (first));
    g_signal_emit_by_name (first, "clicked");
  }
  twin_app_test_pump (50);
  g_assert_true (twin_diagram_view_get_level (view) == root);
  g_assert_true (twin_diagram_view_get_selected (view) == group);

  /* Undo the group through the window's Undo: the model is as before. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "undo", NULL);
  twin_app_test_pump (100);
  g_assert_true (twin_entity_get_parent (battery) == root);
  g_assert_true (twin_entity_get_parent (resistor) == root);
  g_assert_false (twin_model_contains (model, group));
  g_assert_cmpuint (twin_entity_get_n_children (root), ==, 4);
  {
    g_autofree char *after = describe_connections (root);

    g_assert_cmpstr (after, ==, before_group);
  }
  g_assert_true (twin_diagram_view_get_level (view) == root);
  twin_app_test_save_screenshot (GTK_WIDGET (window), "diagram-group-undone");

  /* Redo groups again; undo again; ungroup gives the same connectivity. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "redo", NULL);
  twin_app_test_pump (50);
  g_assert_cmpuint (twin_entity_get_n_children (root), ==, 3);
  group = twin_entity_get_parent (battery);
  g_assert_true (group != root);
  twin_diagram_view_select (view, group);
  gtk_widget_activate_action (GTK_WIDGET (view), "diagram.ungroup", NULL);
  twin_app_test_pump (50);
  g_assert_true (twin_entity_get_parent (battery) == root);
  {
    g_autofree char *after = describe_connections (root);

    g_assert_cmpstr (after, ==, before_group);
  }
  selection = twin_diagram_view_dup_selection (view);
  g_assert_cmpuint (selection->len, ==, 2);
  g_ptr_array_unref (selection);

  /* The project file has the blocks' positions and the wires. */
  {
    g_autoptr (TwinStore) store = twin_store_open (twin_project_get_path (twin_window_get_project (window)),
                                                   TWIN_STORE_FLAGS_READ_ONLY, NULL);
    g_autoptr (TwinEntity) stored_root = twin_store_load_root (store, NULL);
    g_autoptr (TwinModel) stored = twin_model_new (stored_root);
    TwinEntity *stored_battery = twin_model_lookup (stored, twin_entity_get_id (battery));
    double      sx, sy;

    g_assert_nonnull (stored_battery);
    g_assert_true (twin_entity_get_diagram_position (stored_battery, &sx, &sy));
    g_assert_true (twin_entity_get_diagram_position (battery, &x, &y));
    g_assert_cmpfloat (sx, ==, x);
    g_assert_cmpfloat (sy, ==, y);
    g_assert_cmpuint (twin_entity_get_n_connections (stored_root), ==, 3);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  twin_app_test_pump (50);
}

static void
test_move_copy_delete (void)
{
  TwinWindow      *window = open_untitled ();
  TwinDiagramView *view = twin_window_get_diagram (window);
  TwinModel       *model = twin_project_get_model (twin_window_get_project (window));
  TwinEntity      *root = twin_model_get_root (model);
  TwinEntity      *a, *b;
  double           x0, y0, x1, y1, cx, cy, ax, ay, bx, by;
  guint            n_steps = 0;
  TwinHistory     *history = twin_model_get_history (model);

  a = twin_diagram_view_add_block (view, "tank", 100, 100);
  b = twin_diagram_view_add_block (view, "pipe", 400, 100);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_true (twin_diagram_view_connect_ports (view, a, "a", b, "a"));
  twin_app_test_pump (50);

  /* A drag moves the block by whole grid steps, in one step of the history. */
  g_assert_true (twin_entity_get_diagram_position (a, &x0, &y0));
  block_centre (view, a, &cx, &cy);
  {
    double zoom = twin_diagram_view_get_zoom (view);

    twin_diagram_view_drag (view, cx, cy, cx + 47 * zoom, cy + 33 * zoom, 0);
  }
  g_assert_true (twin_entity_get_diagram_position (a, &x1, &y1));
  g_assert_cmpfloat (x1 - x0, ==, 40);
  g_assert_cmpfloat (y1 - y0, ==, 40);
  while (twin_history_get_can_undo (history))
    {
      g_assert_true (twin_model_undo (model, NULL));
      n_steps++;
      if (twin_entity_get_diagram_position (a, &x1, &y1) && x1 == x0 && y1 == y0)
        break;
    }
  g_assert_cmpuint (n_steps, ==, 1);
  g_assert_true (twin_model_redo (model, NULL));

  /* Copy and paste: a copy of both, wired alike, offset, selected. */
  twin_diagram_view_set_selection (view, (TwinEntity *[]){ a, b }, 2);
  gtk_widget_activate_action (GTK_WIDGET (view), "diagram.copy", NULL);
  gtk_widget_activate_action (GTK_WIDGET (view), "diagram.paste", NULL);
  twin_app_test_pump (50);
  g_assert_cmpuint (twin_entity_get_n_children (root), ==, 4);
  g_assert_cmpuint (twin_entity_get_n_connections (root), ==, 2);
  {
    g_autoptr (GPtrArray) copies = twin_diagram_view_dup_selection (view);
    TwinEntity *copy;

    g_assert_cmpuint (copies->len, ==, 2);
    copy = g_ptr_array_index (copies, 0);
    g_assert_true (copy != a && copy != b);
    g_assert_true (twin_entity_get_diagram_position (copy, &x0, &y0));
    g_assert_true (twin_entity_get_diagram_position (a, &x1, &y1));
    g_assert_cmpfloat (x0, ==, x1 + 40);
    g_assert_cmpfloat (y0, ==, y1 + 40);
  }
  twin_app_test_save_screenshot (GTK_WIDGET (window), "diagram-pasted");

  /* Delete removes both copies in one step, with their wire. */
  gtk_widget_activate_action (GTK_WIDGET (view), "diagram.delete", NULL);
  twin_app_test_pump (50);
  g_assert_cmpuint (twin_entity_get_n_children (root), ==, 2);
  g_assert_cmpuint (twin_entity_get_n_connections (root), ==, 1);
  g_action_group_activate_action (G_ACTION_GROUP (window), "undo", NULL);
  twin_app_test_pump (50);
  g_assert_cmpuint (twin_entity_get_n_children (root), ==, 4);
  g_assert_cmpuint (twin_entity_get_n_connections (root), ==, 2);
  g_action_group_activate_action (G_ACTION_GROUP (window), "redo", NULL);
  twin_app_test_pump (50);

  /* A click on a wire selects it; Delete disconnects; undo reconnects. */
  g_assert_true (twin_diagram_view_get_port_point (view, a, "a", &ax, &ay));
  g_assert_true (twin_diagram_view_get_port_point (view, b, "a", &bx, &by));
  {
    TwinConnection *wire;
    double          zoom = twin_diagram_view_get_zoom (view);

    /* Both ports are on the left: the wire runs out 16 units left of the leftmost. */
    twin_diagram_view_click (view, MIN (ax, bx) - 16 * zoom, (ay + by) / 2, 1, 0);
    wire = twin_diagram_view_get_selected_connection (view);
    g_assert_nonnull (wire);
    g_assert_null (twin_diagram_view_get_selected (view));
    twin_app_test_save_screenshot (GTK_WIDGET (window), "diagram-wire-selected");
    gtk_widget_activate_action (GTK_WIDGET (view), "diagram.delete", NULL);
    twin_app_test_pump (50);
    g_assert_cmpuint (twin_entity_get_n_connections (root), ==, 0);
    g_assert_null (twin_diagram_view_get_selected_connection (view));
    g_action_group_activate_action (G_ACTION_GROUP (window), "undo", NULL);
    twin_app_test_pump (50);
    g_assert_cmpuint (twin_entity_get_n_connections (root), ==, 1);
  }

  /* A rubber band from empty space selects what it touches. */
  {
    graphene_rect_t ra, rb;

    g_assert_true (twin_diagram_view_get_block_bounds (view, a, &ra));
    g_assert_true (twin_diagram_view_get_block_bounds (view, b, &rb));
    twin_diagram_view_drag (view, MIN (ra.origin.x, rb.origin.x) - 30, MIN (ra.origin.y, rb.origin.y) - 30,
                            MAX (ra.origin.x, rb.origin.x) + 10, MAX (ra.origin.y, rb.origin.y) + 10, 0);
    {
      g_autoptr (GPtrArray) selection = twin_diagram_view_dup_selection (view);

      g_assert_cmpuint (selection->len, ==, 2);
    }
  }

  /* Zoom keeps the point under the pointer; fit all shows every block. */
  {
    double          zoom = twin_diagram_view_get_zoom (view);
    graphene_rect_t before, after;

    g_assert_true (twin_diagram_view_get_block_bounds (view, a, &before));
    twin_diagram_view_zoom_at (view, 2.0, before.origin.x, before.origin.y);
    g_assert_cmpfloat_with_epsilon (twin_diagram_view_get_zoom (view), MIN (4.0, zoom * 2), 1e-9);
    g_assert_true (twin_diagram_view_get_block_bounds (view, a, &after));
    g_assert_cmpfloat_with_epsilon (after.origin.x, before.origin.x, 1e-6);
    g_assert_cmpfloat_with_epsilon (after.origin.y, before.origin.y, 1e-6);
    twin_diagram_view_pan_by (view, 5000, 5000);
    gtk_widget_activate_action (GTK_WIDGET (view), "diagram.fit-all", NULL);
    for (guint i = 0; i < twin_entity_get_n_children (root); i++)
      {
        graphene_rect_t bounds;

        g_assert_true (twin_diagram_view_get_block_bounds (view, twin_entity_get_child (root, i), &bounds));
        g_assert_cmpfloat (bounds.origin.x, >=, 0);
        g_assert_cmpfloat (bounds.origin.y, >=, 0);
        g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (view)));
        g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (GTK_WIDGET (view)));
      }
  }

  gtk_window_destroy (GTK_WINDOW (window));
  twin_app_test_pump (50);
}

/* The example twin has no diagram positions: its levels are laid out
 * automatically, and the tree and the diagram follow each other. */
static void
test_auto_layout_and_shared_selection (void)
{
  g_autofree char   *path = twin_app_test_copy_example ("diagram.dtwin");
  TwinWindow        *window = twin_window_new (NULL);
  TwinDiagramView   *view = twin_window_get_diagram (window);
  TwinHierarchyView *hierarchy = twin_window_get_hierarchy (window);
  TwinModel         *model;
  TwinEntity        *lobby, *radiator, *floor;
  guint              n_auto = 0;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 820);
  g_assert_true (twin_window_open_path (window, path, FALSE));
  gtk_window_present (GTK_WINDOW (window));
  twin_app_test_wait_mapped (GTK_WIDGET (window));
  model = twin_project_get_model (twin_window_get_project (window));
  radiator = twin_model_lookup_path (model, "Ground Floor/Lobby/Radiator");
  lobby = twin_entity_get_parent (radiator);
  floor = twin_entity_get_parent (lobby);

  /* Selecting a part deep in the tree shows its level with it selected. */
  g_assert_true (twin_hierarchy_view_select (hierarchy, radiator));
  twin_app_test_pump (100);
  g_assert_true (twin_diagram_view_get_level (view) == lobby);
  g_assert_true (twin_diagram_view_get_selected (view) == radiator);
  for (guint i = 0; i < twin_entity_get_n_children (lobby); i++)
    {
      TwinEntity     *child = twin_entity_get_child (lobby, i);
      double          x, y;
      graphene_rect_t bounds;

      g_assert_true (twin_diagram_view_get_block_bounds (view, child, &bounds));
      if (!twin_entity_get_diagram_position (child, &x, &y))
        {
          g_assert_true (twin_diagram_view_is_auto_placed (view, child));
          n_auto++;
        }
    }
  twin_app_test_save_screenshot (GTK_WIDGET (window), "diagram-example-lobby");

  /* A click on another block selects it in the tree and the inspector. */
  {
    TwinEntity *other = twin_entity_get_child (lobby, twin_entity_get_index (radiator) == 0 ? 1 : 0);
    double      x, y;

    block_centre (view, other, &x, &y);
    twin_diagram_view_click (view, x, y, 1, 0);
    twin_app_test_pump (50);
    g_assert_true (twin_hierarchy_view_get_selected (hierarchy) == other);
    g_assert_true (twin_inspector_get_entity (twin_window_get_inspector (window)) == other);
  }

  /* A click on empty space leaves the level itself in the tree and the inspector. */
  twin_diagram_view_click (view, 4, gtk_widget_get_height (GTK_WIDGET (view)) - 4, 1, 0);
  twin_app_test_pump (50);
  g_assert_null (twin_diagram_view_get_selected (view));
  g_assert_true (twin_hierarchy_view_get_selected (hierarchy) == lobby);
  g_assert_true (twin_diagram_view_get_level (view) == lobby);

  /* Moving one block of an automatic layout stores every position of the
   * level in that same step, so nothing else jumps. */
  if (n_auto > 0)
    {
      TwinEntity     *moved = twin_entity_get_child (lobby, 0);
      graphene_rect_t other_before, other_after;
      double          x, y;

      g_assert_true (twin_diagram_view_get_block_bounds (view, twin_entity_get_child (lobby, 1), &other_before));
      block_centre (view, moved, &x, &y);
      twin_diagram_view_drag (view, x, y, x, y + 200 * twin_diagram_view_get_zoom (view), 0);
      twin_app_test_pump (50);
      for (guint i = 0; i < twin_entity_get_n_children (lobby); i++)
        g_assert_false (twin_diagram_view_is_auto_placed (view, twin_entity_get_child (lobby, i)));
      g_assert_true (twin_diagram_view_get_block_bounds (view, twin_entity_get_child (lobby, 1), &other_after));
      g_assert_cmpfloat_with_epsilon (other_before.origin.x, other_after.origin.x, 1e-6);
      g_assert_cmpfloat_with_epsilon (other_before.origin.y, other_after.origin.y, 1e-6);
      /* One undo puts the whole level back to automatic. */
      g_action_group_activate_action (G_ACTION_GROUP (window), "undo", NULL);
      twin_app_test_pump (50);
      for (guint i = 0; i < twin_entity_get_n_children (lobby); i++)
        g_assert_true (twin_diagram_view_is_auto_placed (view, twin_entity_get_child (lobby, i)));
    }

  /* Alt+Up goes up a level, with the room we left selected. */
  gtk_widget_activate_action (GTK_WIDGET (view), "diagram.go-up", NULL);
  twin_app_test_pump (50);
  g_assert_true (twin_diagram_view_get_level (view) == floor);
  g_assert_true (twin_diagram_view_get_selected (view) == lobby);
  g_assert_true (twin_hierarchy_view_get_selected (hierarchy) == lobby);
  twin_app_test_save_screenshot (GTK_WIDGET (window), "diagram-example-floor");

  /* The root's level, zoomed far out, still draws (boxes only). */
  twin_diagram_view_select (view, twin_model_get_root (model));
  gtk_widget_activate_action (GTK_WIDGET (view), "diagram.fit-all", NULL);
  twin_diagram_view_zoom_at (view, 0.3, gtk_widget_get_width (GTK_WIDGET (view)) / 2.0,
                             gtk_widget_get_height (GTK_WIDGET (view)) / 2.0);
  twin_app_test_pump (50);
  twin_app_test_save_screenshot (GTK_WIDGET (twin_window_get_diagram (window)), "diagram-example-far");

  /* The 3D view is the other page of the stack. */
  gtk_stack_set_visible_child_name (twin_window_get_view_stack (window), "3d");
  twin_app_test_pump (50);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (twin_window_get_palette (window))));
  gtk_stack_set_visible_child_name (twin_window_get_view_stack (window), "diagram");
  twin_app_test_pump (50);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (twin_window_get_palette (window))));

  gtk_window_destroy (GTK_WINDOW (window));
  twin_app_test_pump (50);
}

/* The validation panel lists what is wrong and takes you there. */
static void
test_validation_panel (void)
{
  TwinWindow          *window = open_untitled ();
  TwinDiagramView     *view = twin_window_get_diagram (window);
  TwinValidationPanel *panel = twin_window_get_validation_panel (window);
  TwinModel           *model = twin_project_get_model (twin_window_get_project (window));
  TwinEntity          *root = twin_model_get_root (model);
  TwinEntity          *subsystem, *resistor, *ground;
  GListModel          *issues;
  guint                n_before;

  /* A resistor alone in a subsystem: its ports are unconnected. */
  subsystem = twin_diagram_view_add_block (view, "subsystem", 200, 200);
  g_assert_nonnull (subsystem);
  twin_diagram_view_set_level (view, subsystem);
  resistor = twin_diagram_view_add_block (view, "resistor", 200, 200);
  g_assert_nonnull (resistor);
  twin_app_test_pump (400); /* the panel waits for the model to be still */
  issues = twin_validation_panel_get_issues (panel);
  g_assert_nonnull (issues);
  n_before = g_list_model_get_n_items (issues);
  g_assert_cmpuint (n_before, >, 0);
  g_assert_nonnull (strstr (twin_validation_panel_get_summary (panel), "problem"));
  twin_app_test_save_screenshot (GTK_WIDGET (window), "diagram-validation");

  /* Activating an issue about the resistor selects it everywhere, from any level. */
  twin_diagram_view_set_level (view, root);
  twin_app_test_pump (50);
  for (guint i = 0; i < n_before; i++)
    {
      g_autoptr (TwinIssue) issue = g_list_model_get_item (issues, i);

      if (twin_issue_get_entity (issue) == resistor)
        {
          g_assert_nonnull (strstr (twin_issue_get_path (issue), "Resistor"));
          twin_validation_panel_activate (panel, i);
          break;
        }
    }
  twin_app_test_pump (50);
  g_assert_true (twin_diagram_view_get_level (view) == subsystem);
  g_assert_true (twin_diagram_view_get_selected (view) == resistor);
  g_assert_true (twin_hierarchy_view_get_selected (twin_window_get_hierarchy (window)) == resistor);

  /* Wiring it to a ground fixes its issues: the list follows the model. */
  ground = twin_diagram_view_add_block (view, "ground", 200, 400);
  g_assert_true (twin_diagram_view_connect_ports (view, resistor, "p", ground, "p"));
  g_assert_true (twin_diagram_view_connect_ports (view, resistor, "n", ground, "p"));
  twin_app_test_pump (400);
  issues = twin_validation_panel_get_issues (panel);
  g_assert_cmpuint (g_list_model_get_n_items (issues), <, n_before);

  /* The panel folds down to its header. */
  twin_validation_panel_set_expanded (panel, FALSE);
  g_assert_false (twin_validation_panel_get_expanded (panel));
  twin_validation_panel_set_expanded (panel, TRUE);

  gtk_window_destroy (GTK_WINDOW (window));
  twin_app_test_pump (50);
}

static void
test_palette_search (void)
{
  TwinWindow  *window = open_untitled ();
  TwinPalette *palette = twin_window_get_palette (window);
  GtkWidget   *entry = twin_palette_get_search_entry (palette);
  guint        n_all = twin_palette_get_n_visible (palette);
  guint        n_types = 0;

  twin_entity_type_get_all (&n_types);
  g_assert_cmpuint (n_all, ==, n_types);
  gtk_editable_set_text (GTK_EDITABLE (entry), "resis");
  twin_app_test_pump (300); /* the search entry waits a moment before it reports */
  g_assert_true (twin_palette_is_type_visible (palette, "resistor"));
  g_assert_false (twin_palette_is_type_visible (palette, "tank"));
  g_assert_cmpuint (twin_palette_get_n_visible (palette), <, n_all);
  twin_app_test_save_screenshot (GTK_WIDGET (window), "diagram-palette-search");
  /* Every word must match, in any order, any case. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "ELECTRICAL  ground");
  twin_app_test_pump (300);
  g_assert_true (twin_palette_is_type_visible (palette, "ground"));
  g_assert_false (twin_palette_is_type_visible (palette, "resistor"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  twin_app_test_pump (300);
  g_assert_cmpuint (twin_palette_get_n_visible (palette), ==, n_all);

  gtk_window_destroy (GTK_WINDOW (window));
  twin_app_test_pump (50);
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
  /* The isolated data dirs hide the system icon theme: put it back for the screenshots. */
  gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()), "/usr/share/icons");
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);
  {
    g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

    /* The application loads the style sheet at startup; these windows have no application. */
    gtk_css_provider_load_from_resource (css, RESOURCE_BASE "/ui/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add_func ("/app/diagram/place-connect-group-undo", test_place_connect_group_undo);
  g_test_add_func ("/app/diagram/move-copy-delete", test_move_copy_delete);
  g_test_add_func ("/app/diagram/auto-layout-shared-selection", test_auto_layout_and_shared_selection);
  g_test_add_func ("/app/diagram/validation-panel", test_validation_panel);
  g_test_add_func ("/app/diagram/palette-search", test_palette_search);

  return g_test_run ();
}
