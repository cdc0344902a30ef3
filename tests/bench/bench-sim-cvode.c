/* bench-sim-cvode.c: the benchmark network integrated by a hand-written program with plain CVODE and KLU.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The limit bench-sim.c measures Twin Studio against: the equations of
 * bench-sim-network.h written out by hand (C_i dT_i/dt = Q_i + Σ g (T_j − T_i)),
 * their exact, constant Jacobian in compressed sparse columns, CVODE's BDF
 * with Newton iterations and the KLU sparse solver with AMD ordering, output
 * every 15 minutes for one year with the chosen node temperatures kept in
 * memory, as a run with chosen outputs keeps them. No Twin Studio code.
 *
 *   bench-sim-cvode N-SIDE [RTOL ATOL]
 *
 * prints one line of key=value pairs that bench-sim.c reads.
 */

#include "bench-sim-network.h"

#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <string.h>
#include <sunlinsol/sunlinsol_klu.h>
#include <sunmatrix/sunmatrix_sparse.h>
#include <sys/resource.h>
#include <time.h>

typedef struct
{
  Network       net;
  double       *inverse_capacity;
  double       *outdoor_g; /* per node, sum of its links to the outdoor air */
  sunindextype  nnz;
  sunindextype *colptr;
  sunindextype *rowind;
  double       *values;
} Problem;

static int
rhs (sunrealtype t, N_Vector y, N_Vector ydot, void *user_data)
{
  Problem      *p = user_data;
  const double *x = N_VGetArrayPointer (y);
  double       *dx = N_VGetArrayPointer (ydot);
  double        outdoor_k = network_outdoor_c (t) + 273.15;
  int           n = p->net.n_nodes;

  for (int i = 0; i < n; i++)
    dx[i] = p->net.heat_w[i];
  for (int k = 0; k < p->net.n_links; k++)
    {
      const NetworkLink *l = &p->net.links[k];
      double             flow = l->g_w_k * (x[l->a] - (l->b >= 0 ? x[l->b] : outdoor_k));

      dx[l->a] -= flow;
      if (l->b >= 0)
        dx[l->b] += flow;
    }
  for (int i = 0; i < n; i++)
    dx[i] *= p->inverse_capacity[i];
  return 0;
}

static int
jacobian (sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix J, void *user_data, N_Vector tmp1, N_Vector tmp2, N_Vector tmp3)
{
  Problem *p = user_data;

  memcpy (SUNSparseMatrix_IndexPointers (J), p->colptr, sizeof (sunindextype) * (p->net.n_nodes + 1));
  memcpy (SUNSparseMatrix_IndexValues (J), p->rowind, sizeof (sunindextype) * p->nnz);
  memcpy (SUNSparseMatrix_Data (J), p->values, sizeof (double) * p->nnz);
  return 0;
}

static int
compare_int (const void *a, const void *b)
{
  return *(const int *) a - *(const int *) b;
}

/* The constant Jacobian: ∂f_i/∂T_j = g_ij / C_i, ∂f_i/∂T_i = −Σ g / C_i. */
static void
build_jacobian (Problem *p)
{
  int     n = p->net.n_nodes;
  int    *count = calloc ((size_t) n, sizeof (int));
  int   **rows = calloc ((size_t) n, sizeof (int *));
  double *diagonal = calloc ((size_t) n, sizeof (double));

  for (int k = 0; k < p->net.n_links; k++)
    {
      const NetworkLink *l = &p->net.links[k];

      diagonal[l->a] -= l->g_w_k;
      if (l->b >= 0)
        {
          diagonal[l->b] -= l->g_w_k;
          count[l->a]++;
          count[l->b]++;
        }
    }
  for (int j = 0; j < n; j++)
    {
      rows[j] = malloc (sizeof (int) * (count[j] + 1));
      rows[j][0] = j;
      count[j] = 1;
    }
  for (int k = 0; k < p->net.n_links; k++)
    {
      const NetworkLink *l = &p->net.links[k];

      if (l->b >= 0)
        {
          rows[l->a][count[l->a]++] = l->b;
          rows[l->b][count[l->b]++] = l->a;
        }
    }
  p->colptr = malloc (sizeof (sunindextype) * (n + 1));
  p->nnz = 0;
  for (int j = 0; j < n; j++)
    {
      int m = 0;

      qsort (rows[j], (size_t) count[j], sizeof (int), compare_int);
      /* Two links between the same pair make one entry. */
      for (int r = 0; r < count[j]; r++)
        if (m == 0 || rows[j][m - 1] != rows[j][r])
          rows[j][m++] = rows[j][r];
      count[j] = m;
      p->nnz += m;
    }
  p->rowind = malloc (sizeof (sunindextype) * p->nnz);
  p->values = calloc ((size_t) p->nnz, sizeof (double));
  p->colptr[0] = 0;
  for (int j = 0; j < n; j++)
    {
      for (int r = 0; r < count[j]; r++)
        p->rowind[p->colptr[j] + r] = rows[j][r];
      p->colptr[j + 1] = p->colptr[j] + count[j];
    }
  for (int k = 0; k < p->net.n_links; k++)
    {
      const NetworkLink *l = &p->net.links[k];

      if (l->b < 0)
        continue;
      /* Row a, column b and row b, column a. */
      for (sunindextype e = p->colptr[l->b]; e < p->colptr[l->b + 1]; e++)
        if (p->rowind[e] == l->a)
          p->values[e] += l->g_w_k * p->inverse_capacity[l->a];
      for (sunindextype e = p->colptr[l->a]; e < p->colptr[l->a + 1]; e++)
        if (p->rowind[e] == l->b)
          p->values[e] += l->g_w_k * p->inverse_capacity[l->b];
    }
  for (int j = 0; j < n; j++)
    for (sunindextype e = p->colptr[j]; e < p->colptr[j + 1]; e++)
      if (p->rowind[e] == j)
        p->values[e] = diagonal[j] * p->inverse_capacity[j];
  for (int j = 0; j < n; j++)
    free (rows[j]);
  free (rows);
  free (count);
  free (diagonal);
}

static double
clock_s (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int
main (int argc, char *argv[])
{
  Problem         p = { 0 };
  int             n_side = argc > 1 ? atoi (argv[1]) : 100;
  double          rtol = argc > 2 ? atof (argv[2]) : 1e-6;
  double          atol = argc > 3 ? atof (argv[3]) : 1e-8;
  SUNContext      context;
  N_Vector        y;
  SUNMatrix       matrix;
  SUNLinearSolver solver;
  void           *cvode;
  long            n_outputs = (long) (NETWORK_YEAR_S / NETWORK_OUTPUT_S) + 1;
  double         *kept;
  double          start, cpu_start, seconds, cpu_seconds, t = 0;
  long            steps = 0, n_rhs = 0, n_jac = 0, n_lin_rhs = 0;
  struct rusage   usage;

  if (n_side < 2)
    {
      fprintf (stderr, "Usage: bench-sim-cvode N-SIDE [RTOL ATOL]\n");
      return 2;
    }
  network_init (&p.net, n_side);
  p.inverse_capacity = malloc (sizeof (double) * p.net.n_nodes);
  for (int i = 0; i < p.net.n_nodes; i++)
    p.inverse_capacity[i] = 1.0 / p.net.capacity_j_k[i];
  kept = malloc (sizeof (double) * NETWORK_N_CHOSEN * n_outputs);

  start = clock_s (CLOCK_MONOTONIC);
  cpu_start = clock_s (CLOCK_PROCESS_CPUTIME_ID);
  build_jacobian (&p);
  if (SUNContext_Create (NULL, &context) != 0)
    return 1;
  y = N_VNew_Serial (p.net.n_nodes, context);
  for (int i = 0; i < p.net.n_nodes; i++)
    NV_Ith_S (y, i) = p.net.initial_c[i] + 273.15;
  matrix = SUNSparseMatrix (p.net.n_nodes, p.net.n_nodes, p.nnz, CSC_MAT, context);
  solver = SUNLinSol_KLU (y, matrix, context);
  SUNLinSol_KLUSetOrdering (solver, 0); /* AMD */
  cvode = CVodeCreate (CV_BDF, context);
  if (CVodeInit (cvode, rhs, 0.0, y) != CV_SUCCESS || CVodeSStolerances (cvode, rtol, atol) != CV_SUCCESS ||
      CVodeSetUserData (cvode, &p) != CV_SUCCESS || CVodeSetLinearSolver (cvode, solver, matrix) != CV_SUCCESS ||
      CVodeSetJacFn (cvode, jacobian) != CV_SUCCESS || CVodeSetMaxNumSteps (cvode, 10000000) != CV_SUCCESS)
    return 1;
  for (int k = 0; k < NETWORK_N_CHOSEN; k++)
    kept[k] = NV_Ith_S (y, p.net.chosen[k]) - 273.15;
  for (long o = 1; o < n_outputs; o++)
    {
      double tout = o * NETWORK_OUTPUT_S;

      if (CVode (cvode, tout, y, &t, CV_NORMAL) < 0)
        {
          fprintf (stderr, "CVODE failed at t = %g s\n", t);
          return 1;
        }
      for (int k = 0; k < NETWORK_N_CHOSEN; k++)
        kept[o * NETWORK_N_CHOSEN + k] = NV_Ith_S (y, p.net.chosen[k]) - 273.15;
    }
  seconds = clock_s (CLOCK_MONOTONIC) - start;
  cpu_seconds = clock_s (CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
  CVodeGetNumSteps (cvode, &steps);
  CVodeGetNumRhsEvals (cvode, &n_rhs);
  CVodeGetNumJacEvals (cvode, &n_jac);
  CVodeGetNumLinRhsEvals (cvode, &n_lin_rhs);
  getrusage (RUSAGE_SELF, &usage);

  printf ("nodes=%d seconds=%.3f cpu_seconds=%.3f steps=%ld rhs=%ld jacobians=%ld maxrss_kb=%ld", p.net.n_nodes,
          seconds, cpu_seconds, steps, n_rhs + n_lin_rhs, n_jac, usage.ru_maxrss);
  for (int k = 0; k < NETWORK_N_CHOSEN; k++)
    printf (" final%d=%.9g", k, kept[(n_outputs - 1) * NETWORK_N_CHOSEN + k]);
  printf ("\n");

  CVodeFree (&cvode);
  SUNLinSolFree (solver);
  SUNMatDestroy (matrix);
  N_VDestroy (y);
  SUNContext_Free (&context);
  free (kept);
  free (p.colptr);
  free (p.rowind);
  free (p.values);
  free (p.inverse_capacity);
  network_clear (&p.net);
  return 0;
}
