/* test-diagram-layout.c: tests of the automatic diagram layout (src/core/model/twin-diagram-layout.c).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "model/twin-diagram-layout.h"

#include <math.h>

static TwinDiagramNode *
make_nodes (guint n)
{
  TwinDiagramNode *nodes = g_new0 (TwinDiagramNode, n);

  /* Sizes off the grid on purpose, so snapping has something to round. */
  for (guint i = 0; i < n; i++)
    {
      nodes[i].width = 140 + (i % 3) * 10;
      nodes[i].height = 48 + (i % 5) * 15;
    }
  return nodes;
}

static gboolean
on_grid (double value)
{
  return fabs (value - twin_diagram_snap (value)) < 1e-9;
}

static void
assert_no_overlap (const TwinDiagramNode *nodes,
                   guint                  n,
                   const double          *xy)
{
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (isfinite (xy[2 * i]) && isfinite (xy[2 * i + 1]));
      for (guint j = i + 1; j < n; j++)
        {
          gboolean apart = xy[2 * i] + nodes[i].width <= xy[2 * j] || xy[2 * j] + nodes[j].width <= xy[2 * i] ||
                           xy[2 * i + 1] + nodes[i].height <= xy[2 * j + 1] || xy[2 * j + 1] + nodes[j].height <= xy[2 * i + 1];

          if (!apart)
            g_error ("blocks %u (%g, %g) and %u (%g, %g) overlap", i, xy[2 * i], xy[2 * i + 1], j, xy[2 * j], xy[2 * j + 1]);
        }
    }
}

/* A chain a → b → c → d reads left to right, on the grid, nothing overlapping. */
static void
test_chain_left_to_right (void)
{
  g_autofree TwinDiagramNode *nodes = make_nodes (4);
  /* Given out of order: d ← c, a → b, b → c. */
  const guint                 edges[] = { 2, 3, 0, 1, 1, 2 };
  double                      xy[8];

  twin_diagram_layout (nodes, 4, edges, 3, xy);
  for (guint i = 0; i + 1 < 4; i++)
    g_assert_cmpfloat (xy[2 * i] + nodes[i].width, <, xy[2 * (i + 1)]);
  for (guint i = 0; i < 8; i++)
    g_assert_true (on_grid (xy[i]));
  assert_no_overlap (nodes, 4, xy);
}

/* A fan-out: one source feeding three blocks puts the three in one column. */
static void
test_fan_out_shares_a_column (void)
{
  g_autofree TwinDiagramNode *nodes = make_nodes (4);
  const guint                 edges[] = { 0, 1, 0, 2, 0, 3 };
  double                      xy[8];

  twin_diagram_layout (nodes, 4, edges, 3, xy);
  g_assert_cmpfloat (xy[2], ==, xy[4]);
  g_assert_cmpfloat (xy[4], ==, xy[6]);
  g_assert_cmpfloat (xy[0], <, xy[2]);
  assert_no_overlap (nodes, 4, xy);
}

/* A cycle (a feedback loop) terminates and still places every block. */
static void
test_cycle (void)
{
  g_autofree TwinDiagramNode *nodes = make_nodes (5);
  const guint                 edges[] = { 0, 1, 1, 2, 2, 0, 2, 3, 3, 4, 4, 2, 1, 1 };
  double                      xy[10];

  twin_diagram_layout (nodes, 5, edges, 7, xy);
  assert_no_overlap (nodes, 5, xy);
  /* The walk starts at block 0: the loop is broken at the edge back to it. */
  g_assert_cmpfloat (xy[0], <, xy[2]);
  g_assert_cmpfloat (xy[2], <, xy[4]);
}

/* Blocks with a stored position keep it; the others go to the right of them. */
static void
test_positioned_blocks_stay (void)
{
  g_autofree TwinDiagramNode *nodes = make_nodes (5);
  const guint                 edges[] = { 0, 2, 2, 3, 3, 4 };
  double                      xy[10];

  nodes[0].has_position = TRUE;
  nodes[0].x = -35.5;
  nodes[0].y = 400.25;
  nodes[1].has_position = TRUE;
  nodes[1].x = 300;
  nodes[1].y = 120;

  twin_diagram_layout (nodes, 5, edges, 3, xy);
  g_assert_cmpfloat (xy[0], ==, -35.5);
  g_assert_cmpfloat (xy[1], ==, 400.25);
  g_assert_cmpfloat (xy[2], ==, 300);
  g_assert_cmpfloat (xy[3], ==, 120);
  for (guint i = 2; i < 5; i++)
    {
      g_assert_cmpfloat (xy[2 * i], >=, 300 + nodes[1].width);
      g_assert_true (on_grid (xy[2 * i]) && on_grid (xy[2 * i + 1]));
    }
  assert_no_overlap (nodes, 5, xy);
}

/* Blocks without connections form a grid below the layered part. */
static void
test_unconnected_grid (void)
{
  g_autofree TwinDiagramNode *nodes = make_nodes (12);
  const guint                 edges[] = { 0, 1 };
  double                      xy[24];
  double                      layered_bottom;
  guint                       n_columns = 0;

  twin_diagram_layout (nodes, 12, edges, 1, xy);
  assert_no_overlap (nodes, 12, xy);
  layered_bottom = MAX (xy[1] + nodes[0].height, xy[3] + nodes[1].height);
  for (guint i = 2; i < 12; i++)
    {
      g_assert_cmpfloat (xy[2 * i + 1], >=, layered_bottom);
      if (xy[2 * i + 1] == xy[2 * 2 + 1])
        n_columns++;
    }
  /* Ten blocks: about twice as wide as tall, not one long row or column. */
  g_assert_cmpuint (n_columns, >, 1);
  g_assert_cmpuint (n_columns, <, 10);
}

/* Bad edges are ignored; no nodes is no work; one node goes to the origin. */
static void
test_degenerate_input (void)
{
  g_autofree TwinDiagramNode *nodes = make_nodes (2);
  const guint                 edges[] = { 0, 7, 9, 1, 0, 0 };
  double                      xy[4] = { NAN, NAN, NAN, NAN };

  twin_diagram_layout (NULL, 0, NULL, 0, NULL);
  twin_diagram_layout (nodes, 1, NULL, 0, xy);
  g_assert_cmpfloat (xy[0], ==, 0);
  g_assert_cmpfloat (xy[1], ==, 0);
  twin_diagram_layout (nodes, 2, edges, 3, xy);
  assert_no_overlap (nodes, 2, xy);
  g_assert_cmpfloat (twin_diagram_snap (29.9), ==, 20);
  g_assert_cmpfloat (twin_diagram_snap (30.1), ==, 40);
  g_assert_cmpfloat (twin_diagram_snap (-29.9), ==, -20);
}

/* The same input always gives the same picture. */
static void
test_deterministic (void)
{
  const guint                 n = 300;
  g_autofree TwinDiagramNode *nodes = make_nodes (n);
  g_autofree guint           *edges = g_new (guint, 2 * 400);
  g_autofree double          *a = g_new (double, 2 * n);
  g_autofree double          *b = g_new (double, 2 * n);
  GRand                      *rand = g_rand_new_with_seed (42);

  for (guint e = 0; e < 400; e++)
    {
      edges[2 * e] = g_rand_int_range (rand, 0, n);
      edges[2 * e + 1] = g_rand_int_range (rand, 0, n);
    }
  g_rand_free (rand);
  twin_diagram_layout (nodes, n, edges, 400, a);
  twin_diagram_layout (nodes, n, edges, 400, b);
  g_assert_cmpmem (a, 2 * n * sizeof (double), b, 2 * n * sizeof (double));
  assert_no_overlap (nodes, n, a);
}

/* The size of the benchmark: 5 000 blocks and 6 000 random connections. */
static void
test_large (void)
{
  const guint                 n = 5000, m = 6000;
  g_autofree TwinDiagramNode *nodes = make_nodes (n);
  g_autofree guint           *edges = g_new (guint, 2 * m);
  g_autofree double          *xy = g_new (double, 2 * n);
  GRand                      *rand = g_rand_new_with_seed (7);
  gint64                      start;
  double                      min_x = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_y = -G_MAXDOUBLE;

  for (guint e = 0; e < m; e++)
    {
      edges[2 * e] = g_rand_int_range (rand, 0, n);
      edges[2 * e + 1] = g_rand_int_range (rand, 0, n);
    }
  g_rand_free (rand);
  start = g_get_monotonic_time ();
  twin_diagram_layout (nodes, n, edges, m, xy);
  g_test_message ("laid out %u blocks, %u connections in %.1f ms", n, m, (g_get_monotonic_time () - start) / 1000.0);
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (isfinite (xy[2 * i]) && isfinite (xy[2 * i + 1]));
      min_x = MIN (min_x, xy[2 * i]);
      max_x = MAX (max_x, xy[2 * i]);
      min_y = MIN (min_y, xy[2 * i + 1]);
      max_y = MAX (max_y, xy[2 * i + 1]);
    }
  /* Readable means roughly compact: neither one endless column nor row. */
  g_assert_cmpfloat ((max_x - min_x) * (max_y - min_y), <, 400.0 * n * 400.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/diagram-layout/chain", test_chain_left_to_right);
  g_test_add_func ("/core/diagram-layout/fan-out", test_fan_out_shares_a_column);
  g_test_add_func ("/core/diagram-layout/cycle", test_cycle);
  g_test_add_func ("/core/diagram-layout/positioned-stay", test_positioned_blocks_stay);
  g_test_add_func ("/core/diagram-layout/unconnected-grid", test_unconnected_grid);
  g_test_add_func ("/core/diagram-layout/degenerate", test_degenerate_input);
  g_test_add_func ("/core/diagram-layout/deterministic", test_deterministic);
  g_test_add_func ("/core/diagram-layout/large", test_large);

  return g_test_run ();
}
