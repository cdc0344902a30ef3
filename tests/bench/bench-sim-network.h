/* bench-sim-network.h: the generated thermal network of the simulation benchmarks, in plain C.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One network, made from a seed by a small generator of its own (xorshift64*,
 * so every program and every machine gets the same numbers): an N×N grid of
 * heat capacities (rooms and walls, 0.2 to 2 MJ/K, starting at 12 to 20 °C)
 * with random conductances (5 to 50 W/K) between grid neighbours, N long-range
 * links (1 to 10 W/K) between random pairs, the border nodes linked to the
 * outdoor air (2 to 20 W/K), and a heater on every 97th node (200 to 1000 W).
 * The outdoor temperature is a yearly and a daily sine:
 *   T_out(t) = 10 + 10 sin(2π t / year + φy) + 4 sin(2π t / day + φd) °C,
 * coldest in mid-January and at 3:00.
 *
 * bench-sim.c builds it as a Twin Studio model, bench-sim-cvode.c integrates
 * the same equations by hand with CVODE and KLU, and bench_sim_scipy.py reads
 * it from the text file network_write() makes. Header-only and plain C, so the
 * hand-written program links no Twin Studio code.
 */
#pragma once

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NETWORK_SEED 20250101u
#define NETWORK_YEAR_S (365.0 * 86400.0)
#define NETWORK_DAY_S 86400.0
#define NETWORK_OUTPUT_S 900.0
/* Phases in degrees, as the Twin Studio sine blocks take them. */
#define NETWORK_PHASE_YEAR_DEG (-(360.0 * 18.0 / 365.0 + 90.0))
#define NETWORK_PHASE_DAY_DEG (-(360.0 * 3.0 / 24.0 + 90.0))
/* How many node temperatures every program keeps at each output point. */
#define NETWORK_N_CHOSEN 10

typedef struct
{
  int    a, b; /* b = -1: to the outdoor air */
  double g_w_k;
} NetworkLink;

typedef struct
{
  int          n_side;
  int          n_nodes;
  double      *capacity_j_k;
  double      *initial_c;
  double      *heat_w; /* constant heat input of each node (heaters), W */
  int          n_links;
  NetworkLink *links;
  int          chosen[NETWORK_N_CHOSEN];
} Network;

static inline double
network_random (uint64_t *state)
{
  uint64_t x = *state;

  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *state = x;
  return (double) ((x * 0x2545F4914F6CDD1Dull) >> 11) / 9007199254740992.0; /* [0, 1) */
}

static inline double
network_outdoor_c (double t_s)
{
  return 10.0 + 10.0 * sin (2.0 * M_PI * t_s / NETWORK_YEAR_S + NETWORK_PHASE_YEAR_DEG * M_PI / 180.0) +
         4.0 * sin (2.0 * M_PI * t_s / NETWORK_DAY_S + NETWORK_PHASE_DAY_DEG * M_PI / 180.0);
}

static inline void
network_init (Network *net,
              int      n_side)
{
  uint64_t state = NETWORK_SEED * 2654435761ull + (uint64_t) n_side;
  int      n = n_side * n_side;
  int      max_links = 2 * n + n_side + 4 * n_side;

  net->n_side = n_side;
  net->n_nodes = n;
  net->capacity_j_k = calloc ((size_t) n, sizeof (double));
  net->initial_c = calloc ((size_t) n, sizeof (double));
  net->heat_w = calloc ((size_t) n, sizeof (double));
  net->links = calloc ((size_t) max_links, sizeof (NetworkLink));
  net->n_links = 0;
  for (int i = 0; i < n; i++)
    {
      net->capacity_j_k[i] = 2e5 + 1.8e6 * network_random (&state);
      net->initial_c[i] = 12.0 + 8.0 * network_random (&state);
    }
  for (int r = 0; r < n_side; r++)
    for (int c = 0; c < n_side; c++)
      {
        int i = r * n_side + c;

        if (c + 1 < n_side)
          net->links[net->n_links++] = (NetworkLink){ i, i + 1, 5.0 + 45.0 * network_random (&state) };
        if (r + 1 < n_side)
          net->links[net->n_links++] = (NetworkLink){ i, i + n_side, 5.0 + 45.0 * network_random (&state) };
        if (r == 0 || c == 0 || r == n_side - 1 || c == n_side - 1)
          net->links[net->n_links++] = (NetworkLink){ i, -1, 2.0 + 18.0 * network_random (&state) };
      }
  for (int k = 0; k < n_side; k++)
    {
      int a = (int) (network_random (&state) * n);
      int b = (int) (network_random (&state) * n);

      if (a != b)
        net->links[net->n_links++] = (NetworkLink){ a, b, 1.0 + 9.0 * network_random (&state) };
    }
  for (int i = 0; i < n; i += 97)
    net->heat_w[i] = 200.0 + 800.0 * network_random (&state);
  for (int k = 0; k < NETWORK_N_CHOSEN; k++)
    net->chosen[k] = ((int) ((double) k / NETWORK_N_CHOSEN * n) + n_side / 2) % n;
}

static inline void
network_clear (Network *net)
{
  free (net->capacity_j_k);
  free (net->initial_c);
  free (net->heat_w);
  free (net->links);
}

/* The text form bench_sim_scipy.py reads: "nodes N", then N lines "C T0 Q",
 * "links M", M lines "a b g" (b = -1: outdoor), "chosen i…". */
static inline int
network_write (const Network *net,
               const char    *path)
{
  FILE *f = fopen (path, "w");

  if (f == NULL)
    return -1;
  fprintf (f, "nodes %d\n", net->n_nodes);
  for (int i = 0; i < net->n_nodes; i++)
    fprintf (f, "%.17g %.17g %.17g\n", net->capacity_j_k[i], net->initial_c[i], net->heat_w[i]);
  fprintf (f, "links %d\n", net->n_links);
  for (int k = 0; k < net->n_links; k++)
    fprintf (f, "%d %d %.17g\n", net->links[k].a, net->links[k].b, net->links[k].g_w_k);
  fprintf (f, "chosen");
  for (int k = 0; k < NETWORK_N_CHOSEN; k++)
    fprintf (f, " %d", net->chosen[k]);
  fprintf (f, "\n");
  return fclose (f);
}
