/* twin-sim-system.h: the ODE system a solver integrates, with no knowledge of the model behind it.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A compiled model (twin-sim-model.h) fills one TwinSimSystem; the solvers
 * (twin-sim-solver.h) see only this. Tests may fill one by hand (Robertson,
 * a bouncing toy) to test the solvers alone.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * TwinSimSparsity:
 * @n: the number of states (rows and columns)
 * @nnz: the number of structurally non-zero entries
 * @colptr: (array length=n+1): compressed sparse column pointers
 * @rowind: (array length=nnz): the row of each entry, ascending within a column
 *
 * Which entries of the Jacobian ∂f/∂x can be non-zero, in compressed sparse
 * column form. The diagonal is always included.
 */
typedef struct
{
  guint  n;
  guint  nnz;
  guint *colptr;
  guint *rowind;
} TwinSimSparsity;

/* Return codes of the callbacks. */
#define TWIN_SIM_OK 0
#define TWIN_SIM_FAILED (-1) /* the system cannot evaluate here; dup_failure() says why */

/**
 * TwinSimSystem:
 * @n_states: the number of continuous states
 * @rhs: computes dxdt = f(t, x); returns %TWIN_SIM_OK or %TWIN_SIM_FAILED
 * @jacobian: (nullable): the analytic Jacobian's values in @sparsity's order
 *   (column by column); %NULL when the solver must use finite differences
 * @sparsity: (nullable): the Jacobian's pattern; %NULL means dense
 * @n_events: the number of state event functions
 * @events: (nullable): fills g[0..n_events) at (t, x); a sign change of g[k]
 *   between two accepted steps is an event, located in time by the solver
 * @handle_events: (nullable): called at a located event time with fired[k] =
 *   +1 (g rose through zero), -1 (fell) or 0; the system switches its modes
 *   and may change x; returns %TRUE when it changed x
 * @next_time_event: (nullable): the first known discontinuity in time
 *   strictly after t (a step, a table breakpoint), or INFINITY. The solver
 *   never steps across one: it stops there, calls @handle_events with every
 *   fired[k] = 0, and restarts
 * @dup_state_name: returns a newly allocated name of state i for messages
 *   ("Office/Room 1.T")
 * @dup_failure: (nullable): returns a newly allocated sentence saying why the
 *   last callback returned %TWIN_SIM_FAILED
 * @user_data: passed to every callback
 *
 * The ODE system dx/dt = f(t, x) with its Jacobian pattern and events.
 */
typedef struct
{
  guint n_states;
  int (*rhs) (double t, const double *x, double *dxdt, gpointer user_data);
  int (*jacobian) (double t, const double *x, const double *fx, double *values, gpointer user_data);
  const TwinSimSparsity *sparsity;
  guint n_events;
  void (*events) (double t, const double *x, double *g, gpointer user_data);
  gboolean (*handle_events) (double t, double *x, const gint8 *fired, gpointer user_data);
  double (*next_time_event) (double t, gpointer user_data);
  char *(*dup_state_name) (guint index, gpointer user_data);
  char *(*dup_failure) (gpointer user_data);
  gpointer user_data;
} TwinSimSystem;

TwinSimSparsity *twin_sim_sparsity_new_dense (guint n);
TwinSimSparsity *twin_sim_sparsity_new_from_pairs (guint n, const guint *rows, const guint *cols, guint n_pairs);
void             twin_sim_sparsity_free (TwinSimSparsity *sparsity);
guint            twin_sim_sparsity_get_bandwidth (const TwinSimSparsity *sparsity,
                                                  guint                 *lower,
                                                  guint                 *upper);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinSimSparsity, twin_sim_sparsity_free)

G_END_DECLS
