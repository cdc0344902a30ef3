/* twin-diagram-layout.h: an automatic, readable placement of the blocks of one diagram level.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The diagram grid, in diagram units (1 unit = 1 px at 100 % zoom). */
#define TWIN_DIAGRAM_GRID 20.0

/**
 * TwinDiagramNode:
 * @width: the block's width, in diagram units
 * @height: the block's height, in diagram units
 * @x: the left edge of a block that has a stored position
 * @y: the top edge of a block that has a stored position
 * @has_position: %TRUE when the block keeps @x and @y
 *
 * One block of a diagram level, as the layout sees it.
 */
typedef struct
{
  double   width;
  double   height;
  double   x;
  double   y;
  gboolean has_position;
} TwinDiagramNode;

void   twin_diagram_layout   (const TwinDiagramNode *nodes,
                              guint                  n_nodes,
                              const guint           *edges,
                              guint                  n_edges,
                              double                *xy);
double twin_diagram_snap     (double                 value);

G_END_DECLS
