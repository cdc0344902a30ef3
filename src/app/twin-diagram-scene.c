/* twin-diagram-scene.c: what one diagram level shows: blocks, ports, wires and their geometry, cached.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scene is built from the model in one pass over a level's children and
 * connections, and then serves every frame, hit test and hover without
 * touching the model: with 5 000 blocks and 6 000 wires a frame only walks
 * these arrays. The view throws the scene away after each model change and
 * builds it again when it next needs it (a few milliseconds at that size).
 *
 * Ports sit on a block's left and right edges: signal inputs left, outputs
 * right, physical ports alternately left and right in their order, so a
 * two-port element (p, n; a, b) reads left to right. Blocks without a
 * stored position are placed by twin_diagram_layout().
 */

#define G_LOG_DOMAIN "twin-diagram-scene"

#include "config.h"

#include "twin-diagram-scene.h"

#include "model/twin-diagram-layout.h"

#include <math.h>

/* How far a wire runs straight out of its port before it turns. */
#define WIRE_LEAD 16.0
/* Terminals of the level's boundary ports: gap to the blocks, least spacing. */
#define TERMINAL_GAP 100.0
#define TERMINAL_SPACING 24.0

static TwinDiagramSide
side_for (TwinPortDirection direction,
          guint            *n_physical)
{
  if (direction == TWIN_PORT_INPUT)
    return TWIN_DIAGRAM_SIDE_LEFT;
  if (direction == TWIN_PORT_OUTPUT)
    return TWIN_DIAGRAM_SIDE_RIGHT;
  return (*n_physical)++ % 2 == 0 ? TWIN_DIAGRAM_SIDE_LEFT : TWIN_DIAGRAM_SIDE_RIGHT;
}

static void
add_block (TwinDiagramScene *self,
           TwinEntity       *entity)
{
  const char           *type_name = twin_entity_get_type_name (entity);
  const TwinEntityType *type = twin_entity_type_lookup (type_name);
  TwinDiagramBlock      block = { 0 };
  guint                 n_ports = twin_entity_get_n_ports (entity);
  guint                 n_side[2] = { 0, 0 };
  guint                 n_physical = 0;
  double                x, y;

  block.entity = entity;
  block.icon_name = twin_entity_type_get_icon (type_name);
  block.type_label = twin_entity_type_get_label (type_name);
  block.domain = type != NULL ? type->domain : TWIN_DOMAIN_NONE;
  block.has_children = twin_entity_get_n_children (entity) > 0;
  block.first_port = self->ports->len;

  for (guint i = 0; i < n_ports; i++)
    {
      TwinPortInfo    info;
      TwinDiagramPort port = { 0 };

      if (!twin_entity_get_port (entity, i, &info))
        continue;
      port.name = g_string_chunk_insert_const (self->strings, info.name);
      port.label = g_string_chunk_insert_const (self->strings, info.label != NULL ? info.label : info.name);
      port.domain = info.domain;
      port.direction = info.direction;
      port.optional = info.optional;
      port.block = self->blocks->len;
      port.side = side_for (info.direction, &n_physical);
      port.dy = TWIN_DIAGRAM_HEADER_HEIGHT + TWIN_DIAGRAM_PORT_PITCH * (n_side[port.side]++ + 0.5);
      g_array_append_val (self->ports, port);
    }
  block.n_ports = self->ports->len - block.first_port;
  block.width = TWIN_DIAGRAM_BLOCK_WIDTH;
  block.height = TWIN_DIAGRAM_HEADER_HEIGHT + TWIN_DIAGRAM_PORT_PITCH * MAX (1, MAX (n_side[0], n_side[1])) + 6;

  if (twin_entity_get_diagram_position (entity, &x, &y) && isfinite (x) && isfinite (y))
    {
      block.x = x;
      block.y = y;
    }
  else
    {
      block.auto_placed = TRUE;
      self->n_auto_placed++;
    }
  g_hash_table_insert (self->block_by_entity, entity, GUINT_TO_POINTER (self->blocks->len + 1));
  g_array_append_val (self->blocks, block);
}

/* The index among @block's ports of the one named @name, or -1. */
static int
port_of_block (TwinDiagramScene *self,
               guint             block_index,
               const char       *name)
{
  const TwinDiagramBlock *block = &g_array_index (self->blocks, TwinDiagramBlock, block_index);

  for (guint i = 0; i < block->n_ports; i++)
    if (g_strcmp0 (g_array_index (self->ports, TwinDiagramPort, block->first_port + i).name, name) == 0)
      return (int) (block->first_port + i);
  return -1;
}

static void
add_wires (TwinDiagramScene *self)
{
  GListModel *connections = twin_entity_get_connections (self->level);
  guint       n = connections != NULL ? g_list_model_get_n_items (connections) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TwinConnection) connection = g_list_model_get_item (connections, i);
      int             from_block = twin_diagram_scene_find_block (self, twin_connection_get_from (connection));
      int             to_block = twin_diagram_scene_find_block (self, twin_connection_get_to (connection));
      int             from_port, to_port;
      TwinDiagramWire wire;

      /* A wire naming a port that does not exist is the validator's to report. */
      if (from_block < 0 || to_block < 0)
        continue;
      from_port = port_of_block (self, (guint) from_block, twin_connection_get_from_port (connection));
      to_port = port_of_block (self, (guint) to_block, twin_connection_get_to_port (connection));
      if (from_port < 0 || to_port < 0)
        continue;
      wire.connection = connection; /* the level keeps it */
      wire.from_port = (guint) from_port;
      wire.to_port = (guint) to_port;
      wire.domain = g_array_index (self->ports, TwinDiagramPort, from_port).domain;
      g_array_index (self->ports, TwinDiagramPort, from_port).n_wires++;
      g_array_index (self->ports, TwinDiagramPort, to_port).n_wires++;
      g_array_append_val (self->wires, wire);
    }
}

static void
lay_out (TwinDiagramScene *self)
{
  g_autofree TwinDiagramNode *nodes = NULL;
  g_autofree guint           *edges = NULL;
  g_autofree double          *xy = NULL;
  guint                       n = self->blocks->len;

  if (self->n_auto_placed == 0)
    return;
  nodes = g_new (TwinDiagramNode, n);
  edges = g_new (guint, 2 * MAX (self->wires->len, 1));
  xy = g_new (double, 2 * n);
  for (guint i = 0; i < n; i++)
    {
      const TwinDiagramBlock *block = &g_array_index (self->blocks, TwinDiagramBlock, i);

      nodes[i] = (TwinDiagramNode){ block->width, block->height, block->x, block->y, !block->auto_placed };
    }
  for (guint i = 0; i < self->wires->len; i++)
    {
      const TwinDiagramWire *wire = &g_array_index (self->wires, TwinDiagramWire, i);

      edges[2 * i] = g_array_index (self->ports, TwinDiagramPort, wire->from_port).block;
      edges[2 * i + 1] = g_array_index (self->ports, TwinDiagramPort, wire->to_port).block;
    }
  twin_diagram_layout (nodes, n, edges, self->wires->len, xy);
  for (guint i = 0; i < n; i++)
    {
      TwinDiagramBlock *block = &g_array_index (self->blocks, TwinDiagramBlock, i);

      block->x = xy[2 * i];
      block->y = xy[2 * i + 1];
    }
}

static void
compute_bounds (TwinDiagramScene *self)
{
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  for (guint i = 0; i < self->blocks->len; i++)
    {
      const TwinDiagramBlock *block = &g_array_index (self->blocks, TwinDiagramBlock, i);

      x0 = MIN (x0, block->x);
      y0 = MIN (y0, block->y);
      x1 = MAX (x1, block->x + block->width);
      y1 = MAX (y1, block->y + block->height);
    }
  if (self->blocks->len == 0)
    x0 = y0 = x1 = y1 = 0.0;
  graphene_rect_init (&self->bounds, x0, y0, x1 - x0, y1 - y0);
}

static int
compare_terminals (gconstpointer a,
                   gconstpointer b)
{
  const TwinDiagramTerminal *ta = a;
  const TwinDiagramTerminal *tb = b;

  if (ta->side != tb->side)
    return ta->side < tb->side ? -1 : 1;
  return ta->y < tb->y ? -1 : ta->y > tb->y;
}

/* The level's own boundary ports, beside the blocks on the side the port has
 * on the level's block one level up, level with the port they expose. */
static void
add_terminals (TwinDiagramScene *self)
{
  guint  n_ports = twin_entity_get_n_ports (self->level);
  guint  n_physical = 0;
  double last_y[2] = { -G_MAXDOUBLE, -G_MAXDOUBLE };

  for (guint i = 0; i < n_ports; i++)
    {
      TwinPortInfo        info;
      TwinDiagramTerminal terminal = { 0 };
      int                 inner;

      if (!twin_entity_get_port (self->level, i, &info))
        continue;
      terminal.side = side_for (info.direction, &n_physical);
      if (info.inner == NULL)
        continue;
      inner = twin_diagram_scene_find_port (self, info.inner, info.inner_port);
      terminal.name = g_string_chunk_insert_const (self->strings, info.name);
      terminal.label = g_string_chunk_insert_const (self->strings, info.label != NULL ? info.label : info.name);
      terminal.domain = info.domain;
      terminal.direction = info.direction;
      terminal.inner_port = inner >= 0 ? (guint) inner : G_MAXUINT;
      if (inner >= 0)
        twin_diagram_scene_port_point (self, (guint) inner, 0, 0, NULL, &terminal.y);
      else
        terminal.y = self->bounds.origin.y;
      terminal.x = terminal.side == TWIN_DIAGRAM_SIDE_LEFT ? self->bounds.origin.x - TERMINAL_GAP
                                                           : self->bounds.origin.x + self->bounds.size.width + TERMINAL_GAP;
      g_array_append_val (self->terminals, terminal);
    }
  g_array_sort (self->terminals, compare_terminals);
  for (guint i = 0; i < self->terminals->len; i++)
    {
      TwinDiagramTerminal *terminal = &g_array_index (self->terminals, TwinDiagramTerminal, i);

      terminal->y = MAX (terminal->y, last_y[terminal->side] + TERMINAL_SPACING);
      last_y[terminal->side] = terminal->y;
    }
  if (self->terminals->len > 0)
    {
      double x0 = self->bounds.origin.x - TERMINAL_GAP - 60;
      double x1 = self->bounds.origin.x + self->bounds.size.width + TERMINAL_GAP + 60;
      double y0 = self->bounds.origin.y, y1 = self->bounds.origin.y + self->bounds.size.height;

      for (guint i = 0; i < self->terminals->len; i++)
        {
          const TwinDiagramTerminal *terminal = &g_array_index (self->terminals, TwinDiagramTerminal, i);

          y0 = MIN (y0, terminal->y - 12);
          y1 = MAX (y1, terminal->y + 12);
        }
      graphene_rect_init (&self->bounds, x0, y0, x1 - x0, y1 - y0);
    }
}

/**
 * twin_diagram_scene_new:
 * @level: the entity whose children the diagram shows
 *
 * Returns: (transfer full): the scene of @level, as the model has it now
 */
TwinDiagramScene *
twin_diagram_scene_new (TwinEntity *level)
{
  TwinDiagramScene *self = g_new0 (TwinDiagramScene, 1);
  guint             n = twin_entity_get_n_children (level);

  self->level = level;
  self->blocks = g_array_sized_new (FALSE, TRUE, sizeof (TwinDiagramBlock), n);
  self->ports = g_array_sized_new (FALSE, TRUE, sizeof (TwinDiagramPort), 2 * n);
  self->wires = g_array_sized_new (FALSE, TRUE, sizeof (TwinDiagramWire), twin_entity_get_n_connections (level));
  self->terminals = g_array_new (FALSE, TRUE, sizeof (TwinDiagramTerminal));
  self->block_by_entity = g_hash_table_new (NULL, NULL);
  self->strings = g_string_chunk_new (1024);

  for (guint i = 0; i < n; i++)
    add_block (self, twin_entity_get_child (level, i));
  add_wires (self);
  lay_out (self);
  compute_bounds (self);
  add_terminals (self);
  return self;
}

void
twin_diagram_scene_free (TwinDiagramScene *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->blocks);
  g_array_unref (self->ports);
  g_array_unref (self->wires);
  g_array_unref (self->terminals);
  g_hash_table_unref (self->block_by_entity);
  g_string_chunk_free (self->strings);
  g_free (self);
}

/**
 * twin_diagram_scene_find_block:
 *
 * Returns: the index of @entity's block, or -1 when it is not on this level
 */
int
twin_diagram_scene_find_block (TwinDiagramScene *self,
                               TwinEntity       *entity)
{
  gpointer value = entity != NULL ? g_hash_table_lookup (self->block_by_entity, entity) : NULL;

  return value != NULL ? (int) GPOINTER_TO_UINT (value) - 1 : -1;
}

/**
 * twin_diagram_scene_find_port:
 *
 * Returns: the index among all ports of @entity's port @port_name, or -1
 */
int
twin_diagram_scene_find_port (TwinDiagramScene *self,
                              TwinEntity       *entity,
                              const char       *port_name)
{
  int block = twin_diagram_scene_find_block (self, entity);

  return block >= 0 ? port_of_block (self, (guint) block, port_name) : -1;
}

/**
 * twin_diagram_scene_port_point:
 * @move_dx: the drag offset of blocks that are being moved
 * @x: (out) (optional): the centre of the port's marker, diagram units
 * @y: (out) (optional):
 */
void
twin_diagram_scene_port_point (TwinDiagramScene *self,
                               guint             port,
                               double            move_dx,
                               double            move_dy,
                               double           *x,
                               double           *y)
{
  const TwinDiagramPort  *p = &g_array_index (self->ports, TwinDiagramPort, port);
  const TwinDiagramBlock *block = &g_array_index (self->blocks, TwinDiagramBlock, p->block);
  double                  bx = block->x + (block->moving ? move_dx : 0.0);
  double                  by = block->y + (block->moving ? move_dy : 0.0);

  if (x != NULL)
    *x = bx + (p->side == TWIN_DIAGRAM_SIDE_RIGHT ? block->width : 0.0);
  if (y != NULL)
    *y = by + p->dy;
}

typedef struct
{
  double x0, y0, x1, y1; /* a block's box, to route around */
} Box;

/* An orthogonal route from (x1, y1) leaving towards @s1 out of @b1 to
 * (x2, y2) entering from @s2 into @b2: straight out of each port, then at
 * most four turns, never through either box. */
static guint
route (double          x1,
       double          y1,
       TwinDiagramSide s1,
       const Box      *b1,
       double          x2,
       double          y2,
       TwinDiagramSide s2,
       const Box      *b2,
       double         *p)
{
  double   d1 = s1 == TWIN_DIAGRAM_SIDE_RIGHT ? 1.0 : -1.0;
  double   d2 = s2 == TWIN_DIAGRAM_SIDE_RIGHT ? 1.0 : -1.0;
  double   ax = x1 + d1 * WIRE_LEAD;
  double   bx = x2 + d2 * WIRE_LEAD;
  gboolean overlap_y = b1->y0 < b2->y1 + WIRE_LEAD && b2->y0 < b1->y1 + WIRE_LEAD;
  guint    n = 0;

#define POINT(px, py)    \
  G_STMT_START           \
  {                      \
    p[2 * n] = (px);     \
    p[2 * n + 1] = (py); \
    n++;                 \
  }                      \
  G_STMT_END

  POINT (x1, y1);
  if (s1 != s2 && (d1 > 0 ? ax <= bx : ax >= bx))
    {
      /* Facing each other: one vertical between the two boxes. */
      double mx = (x1 + x2) / 2;

      POINT (mx, y1);
      POINT (mx, y2);
    }
  else if (s1 == s2)
    {
      /* Both out of the same side: turn beyond the outermost port, unless
       * the last leg would then cross the nearer box. */
      double   mx = d1 > 0 ? MAX (ax, bx) : MIN (ax, bx);
      gboolean crosses = FALSE;

      if (d1 * (ax - bx) > 0) /* the first port is outermost: the last leg passes its box */
        crosses = y2 > b1->y0 - 1 && y2 < b1->y1 + 1;
      else if (d1 * (bx - ax) > 0) /* the second is: the first leg passes its box */
        crosses = y1 > b2->y0 - 1 && y1 < b2->y1 + 1;
      if (crosses)
        {
          double yy = MIN (b1->y0, b2->y0) - WIRE_LEAD;

          if (fabs (MAX (b1->y1, b2->y1) + WIRE_LEAD - (y1 + y2) / 2) < fabs (yy - (y1 + y2) / 2))
            yy = MAX (b1->y1, b2->y1) + WIRE_LEAD;
          POINT (ax, y1);
          POINT (ax, yy);
          POINT (bx, yy);
          POINT (bx, y2);
        }
      else
        {
          POINT (mx, y1);
          POINT (mx, y2);
        }
    }
  else
    {
      /* Back to front: along a gap between the boxes, or round below both. */
      double my;

      if (!overlap_y)
        my = b1->y1 < b2->y0 ? (b1->y1 + b2->y0) / 2 : (b2->y1 + b1->y0) / 2;
      else
        my = MAX (b1->y1, b2->y1) + WIRE_LEAD;
      POINT (ax, y1);
      POINT (ax, my);
      POINT (bx, my);
      POINT (bx, y2);
    }
  POINT (x2, y2);
#undef POINT
  return n;
}

static void
port_box (TwinDiagramScene *self,
          guint             port,
          double            move_dx,
          double            move_dy,
          Box              *box)
{
  const TwinDiagramBlock *block =
    &g_array_index (self->blocks, TwinDiagramBlock, g_array_index (self->ports, TwinDiagramPort, port).block);
  double dx = block->moving ? move_dx : 0.0, dy = block->moving ? move_dy : 0.0;

  *box = (Box){ block->x + dx, block->y + dy, block->x + dx + block->width, block->y + dy + block->height };
}

/**
 * twin_diagram_scene_route_wire:
 * @points: (out caller-allocates): room for 2 × TWIN_DIAGRAM_ROUTE_MAX doubles
 *
 * Returns: how many points the wire's polyline has
 */
guint
twin_diagram_scene_route_wire (TwinDiagramScene      *self,
                               const TwinDiagramWire *wire,
                               double                 move_dx,
                               double                 move_dy,
                               double                *points)
{
  double x1, y1, x2, y2;

  Box    b1, b2;

  twin_diagram_scene_port_point (self, wire->from_port, move_dx, move_dy, &x1, &y1);
  twin_diagram_scene_port_point (self, wire->to_port, move_dx, move_dy, &x2, &y2);
  port_box (self, wire->from_port, move_dx, move_dy, &b1);
  port_box (self, wire->to_port, move_dx, move_dy, &b2);
  return route (x1, y1, g_array_index (self->ports, TwinDiagramPort, wire->from_port).side, &b1, x2, y2,
                g_array_index (self->ports, TwinDiagramPort, wire->to_port).side, &b2, points);
}

/**
 * twin_diagram_scene_route_terminal:
 *
 * Returns: how many points the line from @terminal to its inner port has
 *   (0 when the inner port is not drawn)
 */
guint
twin_diagram_scene_route_terminal (TwinDiagramScene          *self,
                                   const TwinDiagramTerminal *terminal,
                                   double                     move_dx,
                                   double                     move_dy,
                                   double                    *points)
{
  double x2, y2;
  Box    b1, b2;

  if (terminal->inner_port == G_MAXUINT)
    return 0;
  twin_diagram_scene_port_point (self, terminal->inner_port, move_dx, move_dy, &x2, &y2);
  port_box (self, terminal->inner_port, move_dx, move_dy, &b2);
  b1 = terminal->side == TWIN_DIAGRAM_SIDE_LEFT ? (Box){ terminal->x - 60, terminal->y - 10, terminal->x, terminal->y + 10 }
                                                : (Box){ terminal->x, terminal->y - 10, terminal->x + 60, terminal->y + 10 };
  /* A terminal on the left sends its line to the right, and the other way round. */
  return route (terminal->x, terminal->y,
                terminal->side == TWIN_DIAGRAM_SIDE_LEFT ? TWIN_DIAGRAM_SIDE_RIGHT : TWIN_DIAGRAM_SIDE_LEFT, &b1, x2, y2,
                g_array_index (self->ports, TwinDiagramPort, terminal->inner_port).side, &b2, points);
}

/**
 * twin_diagram_scene_hit_block:
 * @x: diagram units
 *
 * Returns: the index of the topmost block under (@x, @y), or -1
 */
int
twin_diagram_scene_hit_block (TwinDiagramScene *self,
                              double            x,
                              double            y,
                              double            move_dx,
                              double            move_dy)
{
  for (guint i = self->blocks->len; i-- > 0;)
    {
      const TwinDiagramBlock *block = &g_array_index (self->blocks, TwinDiagramBlock, i);
      double                  bx = block->x + (block->moving ? move_dx : 0.0);
      double                  by = block->y + (block->moving ? move_dy : 0.0);

      if (x >= bx && x <= bx + block->width && y >= by && y <= by + block->height)
        return (int) i;
    }
  return -1;
}

/**
 * twin_diagram_scene_hit_port:
 * @tolerance: how far from a marker's centre still counts, diagram units
 *
 * Returns: the index of the nearest port within @tolerance, or -1
 */
int
twin_diagram_scene_hit_port (TwinDiagramScene *self,
                             double            x,
                             double            y,
                             double            tolerance,
                             double            move_dx,
                             double            move_dy)
{
  int    best = -1;
  double best_distance = tolerance;

  for (guint i = self->blocks->len; i-- > 0;)
    {
      const TwinDiagramBlock *block = &g_array_index (self->blocks, TwinDiagramBlock, i);
      double                  bx = block->x + (block->moving ? move_dx : 0.0);
      double                  by = block->y + (block->moving ? move_dy : 0.0);

      if (x < bx - tolerance || x > bx + block->width + tolerance || y < by - tolerance ||
          y > by + block->height + tolerance)
        continue;
      for (guint k = 0; k < block->n_ports; k++)
        {
          double px, py, d;

          twin_diagram_scene_port_point (self, block->first_port + k, move_dx, move_dy, &px, &py);
          d = hypot (px - x, py - y);
          if (d <= best_distance)
            {
              best = (int) (block->first_port + k);
              best_distance = d;
            }
        }
    }
  return best;
}

static double
distance_to_polyline (const double *p,
                      guint         n,
                      double        x,
                      double        y)
{
  double best = G_MAXDOUBLE;

  for (guint i = 0; i + 1 < n; i++)
    {
      double x0 = MIN (p[2 * i], p[2 * i + 2]), x1 = MAX (p[2 * i], p[2 * i + 2]);
      double y0 = MIN (p[2 * i + 1], p[2 * i + 3]), y1 = MAX (p[2 * i + 1], p[2 * i + 3]);
      double dx = x < x0 ? x0 - x : x > x1 ? x - x1
                                           : 0.0;
      double dy = y < y0 ? y0 - y : y > y1 ? y - y1
                                           : 0.0;

      best = MIN (best, hypot (dx, dy));
    }
  return best;
}

/**
 * twin_diagram_scene_hit_wire:
 *
 * Returns: the index of the nearest wire within @tolerance of (@x, @y), or -1
 */
int
twin_diagram_scene_hit_wire (TwinDiagramScene *self,
                             double            x,
                             double            y,
                             double            tolerance,
                             double            move_dx,
                             double            move_dy)
{
  int    best = -1;
  double best_distance = tolerance;

  for (guint i = 0; i < self->wires->len; i++)
    {
      double points[2 * TWIN_DIAGRAM_ROUTE_MAX];
      guint  n = twin_diagram_scene_route_wire (self, &g_array_index (self->wires, TwinDiagramWire, i), move_dx, move_dy,
                                                points);
      double d = distance_to_polyline (points, n, x, y);

      if (d <= best_distance)
        {
          best = (int) i;
          best_distance = d;
        }
    }
  return best;
}

/**
 * twin_diagram_scene_hit_terminal:
 *
 * Returns: the index of the terminal whose marker is within @tolerance, or -1
 */
int
twin_diagram_scene_hit_terminal (TwinDiagramScene *self,
                                 double            x,
                                 double            y,
                                 double            tolerance)
{
  for (guint i = 0; i < self->terminals->len; i++)
    {
      const TwinDiagramTerminal *terminal = &g_array_index (self->terminals, TwinDiagramTerminal, i);
      /* The terminal's label box extends 60 units away from the blocks. */
      double                     x0 = terminal->side == TWIN_DIAGRAM_SIDE_LEFT ? terminal->x - 60 : terminal->x;

      if (x >= x0 - tolerance && x <= x0 + 60 + tolerance && fabs (y - terminal->y) <= 10 + tolerance)
        return (int) i;
    }
  return -1;
}

/**
 * twin_diagram_ports_may_connect:
 *
 * The quick test the view uses to highlight candidate ports while a wire is
 * drawn: same domain, and for signals one output and one input. The model's
 * twin_model_check_connection() has the last word.
 */
gboolean
twin_diagram_ports_may_connect (const TwinDiagramPort *a,
                                const TwinDiagramPort *b)
{
  if (a->block == b->block || a->domain != b->domain)
    return FALSE;
  if (a->direction == TWIN_PORT_PHYSICAL || b->direction == TWIN_PORT_PHYSICAL)
    return a->direction == b->direction;
  return a->direction != b->direction;
}

/**
 * twin_diagram_domain_color:
 * @color: (out): the colour wires and port markers of @domain are drawn in
 */
void
twin_diagram_domain_color (TwinDomain domain,
                           GdkRGBA   *color)
{
  /* The GNOME palette: orange, blue, teal, purple, green; grey for no physics. */
  static const char *colors[] = {
    [TWIN_DOMAIN_NONE] = "#77767b",
    [TWIN_DOMAIN_THERMAL] = "#e66100",
    [TWIN_DOMAIN_ELECTRICAL] = "#1c71d8",
    [TWIN_DOMAIN_HYDRAULIC] = "#2190a4",
    [TWIN_DOMAIN_ROTATIONAL] = "#9141ac",
    [TWIN_DOMAIN_SIGNAL] = "#26a269",
  };

  if ((guint) domain >= G_N_ELEMENTS (colors))
    domain = TWIN_DOMAIN_NONE;
  gdk_rgba_parse (color, colors[domain]);
}
