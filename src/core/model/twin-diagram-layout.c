/* twin-diagram-layout.c: an automatic, readable placement of the blocks of one diagram level.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A hierarchy imported or built by twinctl has no diagram positions. Its
 * blocks are laid out in layers from left to right along their connections
 * (a signal flows from an output to an input; a physical connection is read
 * in the order it was drawn): cycles are broken where a depth-first walk
 * finds a back edge, each block goes one layer right of its furthest
 * predecessor, and a few barycentre sweeps order each layer to cut crossings.
 * Blocks with no connection at all go in a grid below. Blocks that have a
 * stored position keep it; the others are placed to the right of them, so
 * nothing overlaps. Every coordinate lands on the 20-unit grid.
 *
 * Pure arithmetic, no allocation per block beyond a few arrays: O(V + E)
 * plus the sorts, a few milliseconds for 5 000 blocks and 6 000 connections.
 * The result depends only on the input, so a level looks the same every
 * time it is opened.
 */

#define G_LOG_DOMAIN "twin-diagram-layout"

#include "config.h"

#include "twin-diagram-layout.h"

#include <math.h>

/* Gaps between layers (columns) and between blocks of one layer, in diagram units. */
#define H_GAP 100.0
#define V_GAP 40.0
#define N_SWEEPS 4
/* Fewer columns than this never wrap into bands. */
#define MIN_WRAP_COLUMNS 12

typedef struct
{
  guint  node;   /* index into the caller's nodes */
  double weight; /* barycentre, the sort key */
  guint  order;  /* the position before sorting: keeps the sort stable */
} Slot;

typedef struct
{
  guint  first;  /* the column's first slot */
  guint  end;    /* one past its last slot */
  double width;  /* its widest block, in diagram units */
  double height; /* its blocks and the gaps between them, in diagram units */
} Column;

static int
compare_slots (gconstpointer a,
               gconstpointer b)
{
  const Slot *sa = a;
  const Slot *sb = b;

  if (sa->weight < sb->weight)
    return -1;
  if (sa->weight > sb->weight)
    return 1;
  return sa->order < sb->order ? -1 : sa->order > sb->order;
}

/**
 * twin_diagram_snap:
 * @value: a coordinate, in diagram units
 *
 * Returns: @value on the nearest line of the 20-unit diagram grid
 */
double
twin_diagram_snap (double value)
{
  return round (value / TWIN_DIAGRAM_GRID) * TWIN_DIAGRAM_GRID;
}

/* Compressed adjacency: the targets of node v are adj[start[v] .. start[v + 1]). */
typedef struct
{
  guint *start;
  guint *adj;
} Csr;

static void
csr_build (Csr         *csr,
           guint        n,
           const guint *pairs,
           guint        n_pairs,
           gboolean     reverse)
{
  guint *fill = g_new0 (guint, n + 1);

  csr->start = g_new0 (guint, n + 1);
  csr->adj = g_new (guint, MAX (n_pairs, 1));
  for (guint e = 0; e < n_pairs; e++)
    csr->start[pairs[2 * e + (reverse ? 1 : 0)] + 1]++;
  for (guint v = 0; v < n; v++)
    csr->start[v + 1] += csr->start[v];
  for (guint e = 0; e < n_pairs; e++)
    {
      guint from = pairs[2 * e + (reverse ? 1 : 0)];
      guint to = pairs[2 * e + (reverse ? 0 : 1)];

      csr->adj[csr->start[from] + fill[from]++] = to;
    }
  g_free (fill);
}

static void
csr_clear (Csr *csr)
{
  g_clear_pointer (&csr->start, g_free);
  g_clear_pointer (&csr->adj, g_free);
}

/**
 * twin_diagram_layout:
 * @nodes: (array length=n_nodes): the blocks of one level, with their sizes
 * @n_nodes: how many
 * @edges: (array length=n_edges): pairs of node indices, (from, to), one pair
 *   per connection; indices out of range and self-loops are ignored
 * @n_edges: how many pairs
 * @xy: (out caller-allocates) (array): 2 × @n_nodes doubles: the top-left
 *   corner of every block, in diagram units
 *
 * Places every block without a position; blocks with one keep it.
 */
void
twin_diagram_layout (const TwinDiagramNode *nodes,
                     guint                  n_nodes,
                     const guint           *edges,
                     guint                  n_edges,
                     double                *xy)
{
  g_autofree guint  *local = NULL;   /* node → index among the unplaced, or G_MAXUINT */
  g_autofree guint  *members = NULL; /* unplaced index → node */
  g_autofree guint  *pairs = NULL;
  g_autofree guint  *state = NULL;
  g_autofree guint  *preorder = NULL;
  g_autofree guint  *topo = NULL;
  g_autofree guint  *layer = NULL;
  g_autofree guint  *stack = NULL;
  g_autofree guint  *cursor = NULL;
  g_autofree guint  *degree = NULL;
  g_autofree double *rank = NULL;
  g_autofree guint  *layer_start = NULL;
  g_autofree Slot   *slots = NULL;
  Csr                out = { 0 }, in = { 0 };
  guint              n = 0, n_pairs = 0, n_topo = 0, n_layers = 0, n_isolated = 0, preorder_next = 0;
  double             x0 = 0.0, y0 = 0.0;
  double             tallest = 0.0;
  gboolean           any_placed = FALSE;
  double             placed_right = -G_MAXDOUBLE, placed_top = G_MAXDOUBLE;

  g_return_if_fail (n_nodes == 0 || nodes != NULL);
  g_return_if_fail (n_edges == 0 || edges != NULL);
  g_return_if_fail (n_nodes == 0 || xy != NULL);

  if (n_nodes == 0)
    return;

  /* Blocks with a position keep it; the rest go to the right of them. */
  local = g_new (guint, n_nodes);
  members = g_new (guint, n_nodes);
  for (guint i = 0; i < n_nodes; i++)
    {
      if (nodes[i].has_position)
        {
          xy[2 * i] = nodes[i].x;
          xy[2 * i + 1] = nodes[i].y;
          any_placed = TRUE;
          placed_right = MAX (placed_right, nodes[i].x + nodes[i].width);
          placed_top = MIN (placed_top, nodes[i].y);
          local[i] = G_MAXUINT;
        }
      else
        {
          local[i] = n;
          members[n++] = i;
        }
    }
  if (n == 0)
    return;
  if (any_placed)
    {
      x0 = twin_diagram_snap (placed_right + 2 * H_GAP);
      y0 = twin_diagram_snap (placed_top);
    }

  /* The connections among the unplaced blocks, in local indices. */
  pairs = g_new (guint, 2 * MAX (n_edges, 1));
  for (guint e = 0; e < n_edges; e++)
    {
      guint a = edges[2 * e], b = edges[2 * e + 1];

      if (a >= n_nodes || b >= n_nodes || a == b || local[a] == G_MAXUINT || local[b] == G_MAXUINT)
        continue;
      pairs[2 * n_pairs] = local[a];
      pairs[2 * n_pairs + 1] = local[b];
      n_pairs++;
    }
  csr_build (&out, n, pairs, n_pairs, FALSE);

  /* Depth-first walk in index order: an edge to a block still on the walk's
   * stack closes a cycle and is left out of the layering. The reverse
   * postorder is a topological order of the remaining edges. */
  state = g_new0 (guint, n); /* 0 unseen, 1 on the stack, 2 done */
  preorder = g_new0 (guint, n);
  topo = g_new (guint, n);
  stack = g_new (guint, n);
  cursor = g_new0 (guint, n);
  for (guint root = 0; root < n; root++)
    {
      guint depth = 0;

      if (state[root] != 0)
        continue;
      stack[depth++] = root;
      state[root] = 1;
      preorder[root] = preorder_next++;
      cursor[root] = out.start[root];
      while (depth > 0)
        {
          guint v = stack[depth - 1];

          if (cursor[v] < out.start[v + 1])
            {
              guint w = out.adj[cursor[v]++];

              if (state[w] == 0)
                {
                  state[w] = 1;
                  preorder[w] = preorder_next++;
                  cursor[w] = out.start[w];
                  stack[depth++] = w;
                }
            }
          else
            {
              state[v] = 2;
              topo[n_topo++] = v;
              depth--;
            }
        }
    }

  /* Longest path from the sources, over the edges that are not back edges:
   * an edge v → w is forward exactly when v comes before w in the
   * topological order, i.e. after it in the postorder. */
  {
    g_autofree guint *post = g_new (guint, n);

    for (guint i = 0; i < n; i++)
      post[topo[i]] = i;
    layer = g_new0 (guint, n);
    degree = g_new0 (guint, n);
    for (guint i = n; i-- > 0;)
      {
        guint v = topo[i];

        for (guint k = out.start[v]; k < out.start[v + 1]; k++)
          {
            guint w = out.adj[k];

            degree[v]++;
            degree[w]++;
            if (post[w] < post[v])
              layer[w] = MAX (layer[w], layer[v] + 1);
          }
      }
  }

  /* Blocks with no connection go to the grid below; the rest into layers. */
  for (guint v = 0; v < n; v++)
    {
      if (degree[v] == 0)
        n_isolated++;
      else
        n_layers = MAX (n_layers, layer[v] + 1);
    }

  /* Each layer's slots, first in walk order. */
  layer_start = g_new0 (guint, n_layers + 2);
  slots = g_new (Slot, MAX (n - n_isolated, 1));
  rank = g_new0 (double, n);
  if (n_layers > 0)
    {
      g_autofree guint *fill = g_new0 (guint, n_layers);
      g_autofree guint *by_walk = g_new (guint, n);

      for (guint v = 0; v < n; v++)
        by_walk[preorder[v]] = v;
      for (guint v = 0; v < n; v++)
        if (degree[v] > 0)
          layer_start[layer[v] + 1]++;
      for (guint l = 0; l < n_layers; l++)
        layer_start[l + 1] += layer_start[l];
      for (guint i = 0; i < n; i++)
        {
          guint v = by_walk[i];

          if (degree[v] == 0)
            continue;
          slots[layer_start[layer[v]] + fill[layer[v]]] = (Slot){ v, 0.0, fill[layer[v]] };
          fill[layer[v]]++;
        }
      for (guint l = 0; l < n_layers; l++)
        {
          guint size = layer_start[l + 1] - layer_start[l];

          for (guint s = layer_start[l]; s < layer_start[l + 1]; s++)
            rank[slots[s].node] = (slots[s].order + 0.5) / size;
        }

      /* Barycentre sweeps, left to right over predecessors, then right to
       * left over successors. Ranks are fractions of the layer's height so
       * layers of different sizes line up. */
      csr_build (&in, n, pairs, n_pairs, TRUE);
      for (guint sweep = 0; sweep < N_SWEEPS; sweep++)
        {
          gboolean forward = sweep % 2 == 0;
          Csr     *nb = forward ? &in : &out;

          for (guint step = 0; step < n_layers; step++)
            {
              guint l = forward ? step : n_layers - 1 - step;
              guint size = layer_start[l + 1] - layer_start[l];

              for (guint s = layer_start[l]; s < layer_start[l + 1]; s++)
                {
                  guint  v = slots[s].node;
                  double sum = 0.0;
                  guint  count = 0;

                  for (guint k = nb->start[v]; k < nb->start[v + 1]; k++)
                    {
                      guint w = nb->adj[k];

                      if (forward ? layer[w] < l : layer[w] > l)
                        {
                          sum += rank[w];
                          count++;
                        }
                    }
                  slots[s].order = s - layer_start[l];
                  slots[s].weight = count > 0 ? sum / count : rank[v];
                }
              qsort (slots + layer_start[l], size, sizeof (Slot), compare_slots);
              for (guint s = layer_start[l]; s < layer_start[l + 1]; s++)
                rank[slots[s].node] = (s - layer_start[l] + 0.5) / size;
            }
        }
    }

  /* Columns: each layer, split into columns of at most max_rows blocks so a
   * wide layer does not become one endless column. */
  if (n_layers > 0)
    {
      guint              n_layered = n - n_isolated;
      guint              max_rows = MAX (12, (guint) ceil (sqrt ((double) n_layered)));
      g_autofree Column *columns = g_new0 (Column, n_layered);
      guint              n_columns = 0;
      double             total_width = 0.0, band_width, x, band_top = y0;
      guint              n_bands, c = 0;

      for (guint l = 0; l < n_layers; l++)
        for (guint s = layer_start[l]; s < layer_start[l + 1]; s += max_rows)
          {
            Column *column = &columns[n_columns++];

            column->first = s;
            column->end = MIN (s + max_rows, layer_start[l + 1]);
            for (guint k = column->first; k < column->end; k++)
              {
                const TwinDiagramNode *node = &nodes[members[slots[k].node]];

                column->width = MAX (column->width, node->width);
                column->height += node->height + (k > column->first ? V_GAP : 0.0);
              }
            total_width += column->width + H_GAP;
            tallest = MAX (tallest, column->height);
          }

      /* A very long flow wraps into bands, one under the other, so the whole
       * level stays at most about three times as wide as tall. */
      n_bands = 1;
      if (n_columns >= MIN_WRAP_COLUMNS)
        n_bands = MAX (1, (guint) round (sqrt (total_width / (3.0 * (tallest + 3 * V_GAP)))));
      band_width = total_width / n_bands;
      while (c < n_columns)
        {
          guint  band_first = c;
          double band_height = 0.0, used = 0.0;

          for (; c < n_columns && (c == band_first || used + columns[c].width <= band_width); c++)
            {
              used += columns[c].width + H_GAP;
              band_height = MAX (band_height, columns[c].height);
            }
          x = x0;
          for (guint k = band_first; k < c; k++)
            {
              double y = twin_diagram_snap (band_top + (band_height - columns[k].height) / 2);

              for (guint s = columns[k].first; s < columns[k].end; s++)
                {
                  guint i = members[slots[s].node];

                  xy[2 * i] = twin_diagram_snap (x);
                  xy[2 * i + 1] = y;
                  y = twin_diagram_snap (y + nodes[i].height + V_GAP);
                }
              x = twin_diagram_snap (x + columns[k].width + H_GAP);
            }
          band_top = twin_diagram_snap (band_top + band_height + 3 * V_GAP);
        }
      tallest = band_top - y0;
    }

  /* The unconnected blocks: a grid about twice as wide as tall. */
  if (n_isolated > 0)
    {
      guint  columns = MAX (1, (guint) ceil (sqrt (2.0 * n_isolated)));
      double cell = 0.0;
      double y = n_layers > 0 ? twin_diagram_snap (y0 + tallest) : y0;
      double row_height = 0.0;
      guint  column = 0;

      for (guint v = 0; v < n; v++)
        if (degree[v] == 0)
          cell = MAX (cell, nodes[members[v]].width);
      cell = twin_diagram_snap (cell + H_GAP / 2);
      for (guint v = 0; v < n; v++)
        {
          guint i = members[v];

          if (degree[v] != 0)
            continue;
          xy[2 * i] = twin_diagram_snap (x0 + column * cell);
          xy[2 * i + 1] = y;
          row_height = MAX (row_height, nodes[i].height);
          if (++column == columns)
            {
              column = 0;
              y = twin_diagram_snap (y + row_height + V_GAP);
              row_height = 0.0;
            }
        }
    }

  csr_clear (&out);
  csr_clear (&in);
}
