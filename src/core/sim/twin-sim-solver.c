/* twin-sim-solver.c: integrates a TwinSimSystem with GSL odeiv2 or SUNDIALS CVODE, locating events.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two families of integrators share one driver loop shape: take one accepted
 * step, check the states are finite, look for state events (a sign change of
 * an event function between the step's ends), stop at time events, and hand
 * the solution to the caller at the output grid t0, t0 + dt, …, t1.
 *
 * - GSL odeiv2 (rk8pd, rkf45, msbdf, bsimp) for small systems. The stepper,
 *   control and evolve objects are driven directly, one step at a time; a step
 *   never crosses an output point or a time event. A state event inside a step
 *   is located by bisection, re-integrating from the bracket's left end with a
 *   second driver, to |Δt| ≤ 1e-10·max(1, |t|). The dense Jacobian GSL wants
 *   comes from system->jacobian or from forward differences.
 * - SUNDIALS CVODE (BDF, Newton) with a banded or a sparse KLU linear solver
 *   for large systems. It runs in one-step mode (so cancellation is checked at
 *   every step), interpolates the output points, finds state events with its
 *   own root finder and stops at time events with CVodeSetStopTime.
 *
 * After every located event the integrator restarts from the event, since the
 * system's modes (and so its right-hand side) may have changed there. An event
 * function that is exactly zero at the start of an interval is not an event;
 * its sign after the next step becomes the reference (CVODE does the same).
 *
 * All times are in seconds of simulation time.
 */

#define G_LOG_DOMAIN "twin-sim-solver"

#include "config.h"

#include "twin-sim-solver.h"

#include <glib/gi18n-lib.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_odeiv2.h>

#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sunlinsol/sunlinsol_band.h>
#include <sunlinsol/sunlinsol_klu.h>
#include <sunmatrix/sunmatrix_band.h>
#include <sunmatrix/sunmatrix_sparse.h>

#include <float.h>
#include <math.h>
#include <string.h>

/* AUTO: at most this many states go to GSL (dense linear algebra) */
#define AUTO_MAX_GSL_STATES 50
/* AUTO: the largest bandwidth for CVODE's banded solver; wider goes to KLU */
#define AUTO_MAX_BANDWIDTH 10
/* AUTO: |λ|max · (t1 − t0) above this is stiff */
#define AUTO_STIFF_THRESHOLD 1e3
/* AUTO: the most steps of the explicit trial run */
#define AUTO_TRIAL_STEPS 200
/* A step shorter than this times max(1, |t|) makes no progress; this many in
 * a row stop the run (a solution creeping up to a singularity, chattering) */
#define STALL_STEP 1e-13
#define STALL_STEPS 100
/* A model evaluation that fails is retried this many times with a 4× shorter step */
#define MAX_RHS_RETRIES 12
/* Event location: the bracket is narrowed to this times max(1, |t|) */
#define EVENT_TIME_TOLERANCE 1e-10

typedef struct
{
  /* Borrowed references */
  const TwinSimSystem         *system;
  const TwinSimSolverSettings *settings;
  TwinSimSolveReport          *report;
  TwinSimOutputFunc            output;
  gpointer                     output_data;
  GCancellable                *cancellable;

  /* Owned */
  TwinSimSparsity             *owned_sparsity;
  double                      *fx;         /* n: f at the Jacobian's point */
  double                      *fp;         /* n: f at a perturbed point */
  double                      *xp;         /* n: a perturbed point */
  double                      *jac_values; /* nnz: Jacobian values in the pattern's order */
  guint                       *group_ptr;  /* n_groups + 1: columns of each colour group */
  guint                       *group_cols; /* n: columns ordered by group */
  double                      *g_prev;     /* n_events: event functions at the step's start */
  double                      *g_new;      /* n_events */
  double                      *g_mid;      /* n_events */
  gint8                       *fired;      /* n_events */
  char                        *cvode_message;

  /* State */
  const TwinSimSparsity       *sparsity; /* the system's pattern or owned_sparsity */
  guint                        n;
  guint                        n_groups;
  double                       fd_floor;   /* the smallest magnitude a state's perturbation scales with */
  double                       t_limit;    /* the end of the current step window (for ∂f/∂t) */
  double                       t_out;      /* the next output time */
  guint64                      k_out;      /* its index on the grid */
  double                       t_last_out; /* the last time handed to output, or -INFINITY */
  gboolean                     done_out;   /* t1 has been output */
  gboolean                     rhs_failed; /* a rhs or Jacobian callback returned TWIN_SIM_FAILED */
  double                       rhs_failed_t;
  int                          nan_index; /* the last state whose derivative was not finite, or -1 */
  double                       nan_t;
  guint                        n_stalled; /* consecutive steps that made no progress */
} Solver;

static const struct
{
  TwinSimMethod method;
  const char   *name;
} method_names[] = {
  { TWIN_SIM_METHOD_AUTO, "auto" },
  { TWIN_SIM_METHOD_RK8PD, "rk8pd" },
  { TWIN_SIM_METHOD_RKF45, "rkf45" },
  { TWIN_SIM_METHOD_MSBDF, "msbdf" },
  { TWIN_SIM_METHOD_BSIMP, "bsimp" },
  { TWIN_SIM_METHOD_CVODE_BAND, "cvode-band" },
  { TWIN_SIM_METHOD_CVODE_KLU, "cvode-klu" },
};

/* Static helpers */

static void
ensure_gsl_quiet (void)
{
  static gsize initialized = 0;

  /* GSL's default error handler aborts; every caller here checks codes */
  if (g_once_init_enter (&initialized))
    {
      gsl_set_error_handler_off ();
      g_once_init_leave (&initialized, 1);
    }
}

static void
solver_clear (Solver *self)
{
  g_clear_pointer (&self->owned_sparsity, twin_sim_sparsity_free);
  g_clear_pointer (&self->fx, g_free);
  g_clear_pointer (&self->fp, g_free);
  g_clear_pointer (&self->xp, g_free);
  g_clear_pointer (&self->jac_values, g_free);
  g_clear_pointer (&self->group_ptr, g_free);
  g_clear_pointer (&self->group_cols, g_free);
  g_clear_pointer (&self->g_prev, g_free);
  g_clear_pointer (&self->g_new, g_free);
  g_clear_pointer (&self->g_mid, g_free);
  g_clear_pointer (&self->fired, g_free);
  g_clear_pointer (&self->cvode_message, g_free);
}

static char *
dup_state_name (Solver *self,
                guint   index)
{
  const TwinSimSystem *system = self->system;

  if (system->dup_state_name != NULL)
    return system->dup_state_name (index, system->user_data);

  return g_strdup_printf ("x[%u]", index);
}

static char *
dup_failure (Solver *self)
{
  const TwinSimSystem *system = self->system;
  char                *text = NULL;

  if (system->dup_failure != NULL)
    text = system->dup_failure (system->user_data);
  if (text == NULL)
    text = g_strdup (_ ("The model gave no reason."));

  return text;
}

/* Formats a magnitude for a sentence: "0.04", "850", "3e7" */
static char *
format_magnitude (double value)
{
  int exponent;

  if (value == 0 || !isfinite (value))
    return g_strdup_printf ("%g", value);
  if (fabs (value) < 1e4 && fabs (value) >= 1e-3)
    return g_strdup_printf ("%.3g", value);

  exponent = (int) floor (log10 (fabs (value)));
  return g_strdup_printf ("%.0fe%d", value / pow (10, exponent), exponent);
}

/* Evaluates f; records failures and non-finite derivatives. */
static gboolean
eval_rhs (Solver       *self,
          double        t,
          const double *x,
          double       *dxdt)
{
  const TwinSimSystem *system = self->system;

  self->report->n_rhs++;
  if (system->rhs (t, x, dxdt, system->user_data) != TWIN_SIM_OK)
    {
      self->rhs_failed = TRUE;
      self->rhs_failed_t = t;
      return FALSE;
    }

  for (guint i = 0; i < self->n; i++)
    if (!isfinite (dxdt[i]))
      {
        self->nan_index = (int) i;
        self->nan_t = t;
        break;
      }

  return TRUE;
}

static void
eval_events (Solver       *self,
             double        t,
             const double *x,
             double       *g)
{
  const TwinSimSystem *system = self->system;

  if (system->n_events > 0 && system->events != NULL)
    system->events (t, x, g, system->user_data);
}

/* Whether event k fired between a start value and an end value: the start is
 * non-zero and the end is zero or of the other sign. */
static inline gint8
crossing (double g_start,
          double g_end)
{
  if (g_start < 0 && g_end >= 0)
    return 1;
  if (g_start > 0 && g_end <= 0)
    return -1;
  return 0;
}

static gboolean
any_crossing (Solver       *self,
              const double *g_end)
{
  for (guint k = 0; k < self->system->n_events; k++)
    if (crossing (self->g_prev[k], g_end[k]) != 0)
      return TRUE;
  return FALSE;
}

static double
next_time_event (Solver *self,
                 double  t)
{
  const TwinSimSystem *system = self->system;
  double               t_next;

  if (system->next_time_event == NULL)
    return INFINITY;

  t_next = system->next_time_event (t, system->user_data);
  if (isnan (t_next) || t_next <= t)
    return INFINITY;

  return t_next;
}

static double
output_time (Solver *self,
             guint64 k)
{
  const TwinSimSolverSettings *settings = self->settings;
  double                       dt = settings->output_interval_s;
  double                       t = settings->t0_s + (double) k * dt;

  /* A remainder shorter than a billionth of the interval is rounding */
  if (t >= settings->t1_s - 1e-9 * dt)
    t = settings->t1_s;

  return t;
}

static gboolean
emit_output (Solver       *self,
             double        t,
             const double *x,
             GError      **error)
{
  self->t_last_out = t;
  if (self->output != NULL && !self->output (t, x, self->output_data))
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_CANCELLED,
                   _ ("The simulation was stopped at t = %g s."), t);
      return FALSE;
    }

  return TRUE;
}

/* Hands out every grid point up to t (the solution there is x). */
static gboolean
emit_outputs_until (Solver       *self,
                    double        t,
                    const double *x,
                    GError      **error)
{
  while (!self->done_out && self->t_out <= t)
    {
      if (!emit_output (self, self->t_out, x, error))
        return FALSE;
      if (self->t_out >= self->settings->t1_s)
        self->done_out = TRUE;
      self->k_out++;
      self->t_out = output_time (self, self->k_out);
    }

  return TRUE;
}

/* Keeps the results up to a failure: outputs the last good point if it was
 * not output yet. Errors of the output itself are ignored (the failure wins). */
static void
emit_last_good (Solver       *self,
                double        t,
                const double *x)
{
  if (t > self->t_last_out && self->output != NULL)
    self->output (t, x, self->output_data);
  self->t_last_out = MAX (self->t_last_out, t);
  self->report->t_reached_s = t;
}

static gboolean
check_cancelled (Solver  *self,
                 double   t,
                 GError **error)
{
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_CANCELLED,
                   _ ("The simulation was cancelled at t = %g s."), t);
      return FALSE;
    }

  return TRUE;
}

/* Checks x after a step from (t_good, x_good) to t. */
static gboolean
check_finite (Solver       *self,
              double        t,
              const double *x,
              double        t_good,
              const double *x_good,
              GError      **error)
{
  int bad = -1;

  /* Name the cause, not a consequence: when several states fail in one step (a
   * NaN from 0 · ∞ in a neighbour's flow), an infinite one comes first, then the
   * one that was largest before the step, the one running away. */
  for (guint i = 0; i < self->n; i++)
    {
      if (isfinite (x[i]))
        continue;
      if (bad < 0 || (isinf (x[i]) && !isinf (x[bad])) ||
          (isinf (x[i]) == isinf (x[bad]) && fabs (x_good[i]) > fabs (x_good[bad])))
        bad = (int) i;
    }
  if (bad >= 0)
    {
      g_autofree char *name = dup_state_name (self, (guint) bad);

      emit_last_good (self, t_good, x_good);
      self->report->failed_state = bad;
      if (isnan (x[bad]))
        g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_DIVERGED, _ ("State %s became NaN at t = %g s."), name, t);
      else
        g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_DIVERGED, _ ("State %s became infinite at t = %g s."), name,
                     t);
      return FALSE;
    }

  return TRUE;
}

/* Turns a failed step into the error that explains it best: a failed model
 * evaluation, a derivative that was not finite, or the solver's own reason. */
static void
set_step_error (Solver       *self,
                const char   *solver_reason,
                double        t_good,
                const double *x_good,
                GError      **error)
{
  emit_last_good (self, t_good, x_good);

  if (self->rhs_failed)
    {
      g_autofree char *failure = dup_failure (self);

      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SOLVER,
                   _ ("The model could not be evaluated at t = %g s: %s"), self->rhs_failed_t, failure);
    }
  else if (self->nan_index >= 0)
    {
      g_autofree char *name = dup_state_name (self, (guint) self->nan_index);

      self->report->failed_state = self->nan_index;
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_DIVERGED,
                   _ ("The rate of change of state %s became NaN or infinite at t = %g s."), name, self->nan_t);
    }
  else
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SOLVER,
                   _ ("The %s solver failed at t = %g s: %s"),
                   twin_sim_method_to_string (self->report->method), t_good, solver_reason);
    }
}

/* Counts steps that make no progress. NaN records are kept across a stall,
 * since the evaluations that fail there are what stalls it. */
static gboolean
check_progress (Solver       *self,
                double        t_good,
                const double *x_good,
                double        t,
                GError      **error)
{
  if (t - t_good > STALL_STEP * MAX (1.0, fabs (t)))
    {
      self->n_stalled = 0;
      self->nan_index = -1;
      self->rhs_failed = FALSE;
      return TRUE;
    }

  if (++self->n_stalled < STALL_STEPS)
    return TRUE;

  {
    g_autofree char *reason = g_strdup_printf (_ ("%u steps in a row made no progress"), STALL_STEPS);

    set_step_error (self, reason, t_good, x_good, error);
  }
  return FALSE;
}

/* Groups the Jacobian's columns so that no two columns of a group share a
 * row (greedy colouring). One rhs evaluation per group then gives a whole
 * group of finite-difference columns. */
static void
colour_columns (Solver *self)
{
  const TwinSimSparsity *sp = self->sparsity;
  guint                  n = sp->n;
  g_autofree guint      *row_ptr = g_new0 (guint, n + 1);
  g_autofree guint      *row_cols = g_new (guint, MAX (sp->nnz, 1));
  g_autofree guint      *fill = g_new0 (guint, n);
  g_autofree guint      *colour = g_new (guint, MAX (n, 1));
  g_autofree guint      *forbidden = g_new (guint, n + 1);
  g_autofree guint      *count = NULL;
  guint                  n_colours = 0;

  /* The transpose: the columns of each row */
  for (guint k = 0; k < sp->nnz; k++)
    row_ptr[sp->rowind[k] + 1]++;
  for (guint i = 0; i < n; i++)
    row_ptr[i + 1] += row_ptr[i];
  for (guint j = 0; j < n; j++)
    for (guint k = sp->colptr[j]; k < sp->colptr[j + 1]; k++)
      {
        guint i = sp->rowind[k];

        row_cols[row_ptr[i] + fill[i]++] = j;
      }

  /* forbidden[c] == j + 1 marks colour c as taken for column j */
  memset (forbidden, 0, sizeof (guint) * (n + 1));
  for (guint j = 0; j < n; j++)
    {
      guint c = 0;

      for (guint k = sp->colptr[j]; k < sp->colptr[j + 1]; k++)
        {
          guint i = sp->rowind[k];

          for (guint m = row_ptr[i]; m < row_ptr[i + 1]; m++)
            if (row_cols[m] < j)
              forbidden[colour[row_cols[m]]] = j + 1;
        }
      while (forbidden[c] == j + 1)
        c++;
      colour[j] = c;
      n_colours = MAX (n_colours, c + 1);
    }

  count = g_new0 (guint, n_colours + 1);
  self->group_ptr = g_new0 (guint, n_colours + 1);
  self->group_cols = g_new (guint, MAX (n, 1));
  for (guint j = 0; j < n; j++)
    self->group_ptr[colour[j] + 1]++;
  for (guint c = 0; c < n_colours; c++)
    self->group_ptr[c + 1] += self->group_ptr[c];
  for (guint j = 0; j < n; j++)
    self->group_cols[self->group_ptr[colour[j]] + count[colour[j]]++] = j;
  self->n_groups = n_colours;
}

/* Fills jac_values (in the pattern's order) at (t, x) where f(t, x) = fx. */
static gboolean
eval_jacobian_values (Solver       *self,
                      double        t,
                      const double *x,
                      const double *fx,
                      double       *values)
{
  const TwinSimSystem   *system = self->system;
  const TwinSimSparsity *sp = self->sparsity;
  const double           sqrt_eps = sqrt (DBL_EPSILON);

  if (system->jacobian != NULL)
    {
      if (system->jacobian (t, x, fx, values, system->user_data) != TWIN_SIM_OK)
        {
          self->rhs_failed = TRUE;
          self->rhs_failed_t = t;
          return FALSE;
        }
      return TRUE;
    }

  memcpy (self->xp, x, sizeof (double) * self->n);
  for (guint c = 0; c < self->n_groups; c++)
    {
      for (guint m = self->group_ptr[c]; m < self->group_ptr[c + 1]; m++)
        {
          guint j = self->group_cols[m];

          self->xp[j] = x[j] + sqrt_eps * MAX (fabs (x[j]), self->fd_floor);
        }

      if (!eval_rhs (self, t, self->xp, self->fp))
        return FALSE;

      for (guint m = self->group_ptr[c]; m < self->group_ptr[c + 1]; m++)
        {
          guint  j = self->group_cols[m];
          double delta = self->xp[j] - x[j];

          for (guint k = sp->colptr[j]; k < sp->colptr[j + 1]; k++)
            {
              guint i = sp->rowind[k];

              values[k] = (self->fp[i] - fx[i]) / delta;
            }
          self->xp[j] = x[j];
        }
    }

  return TRUE;
}

/* A dense row-major Jacobian at (t, x), for GSL and the stiffness check. */
static gboolean
eval_dense_jacobian (Solver       *self,
                     double        t,
                     const double *x,
                     double       *dfdy)
{
  const TwinSimSparsity *sp = self->sparsity;
  guint                  n = self->n;

  if (!eval_rhs (self, t, x, self->fx))
    return FALSE;
  self->report->n_jacobian++;
  if (!eval_jacobian_values (self, t, x, self->fx, self->jac_values))
    return FALSE;

  memset (dfdy, 0, sizeof (double) * n * n);
  for (guint j = 0; j < n; j++)
    for (guint k = sp->colptr[j]; k < sp->colptr[j + 1]; k++)
      dfdy[(gsize) sp->rowind[k] * n + j] = self->jac_values[k];

  return TRUE;
}

/* GSL callbacks */

static int
gsl_rhs_cb (double       t,
            const double y[],
            double       dydt[],
            void        *params)
{
  Solver *self = params;

  return eval_rhs (self, t, y, dydt) ? GSL_SUCCESS : GSL_EBADFUNC;
}

static int
gsl_jacobian_cb (double       t,
                 const double y[],
                 double      *dfdy,
                 double       dfdt[],
                 void        *params)
{
  Solver *self = params;
  double  dt;
  double  tp;

  if (!eval_dense_jacobian (self, t, y, dfdy))
    return GSL_EBADFUNC;

  /* ∂f/∂t forward, or backward where forward would leave the step window
   * (and could see the discontinuity of a time event) */
  dt = sqrt (DBL_EPSILON) * MAX (fabs (t), 1.0);
  tp = t + dt;
  if (tp > self->t_limit)
    tp = t - dt;
  dt = tp - t;
  if (!eval_rhs (self, tp, y, self->fp))
    return GSL_EBADFUNC;
  for (guint i = 0; i < self->n; i++)
    dfdt[i] = (self->fp[i] - self->fx[i]) / dt;

  return GSL_SUCCESS;
}

static const gsl_odeiv2_step_type *
gsl_step_type (TwinSimMethod method)
{
  switch (method)
    {
    case TWIN_SIM_METHOD_RK8PD:
      return gsl_odeiv2_step_rk8pd;
    case TWIN_SIM_METHOD_RKF45:
      return gsl_odeiv2_step_rkf45;
    case TWIN_SIM_METHOD_MSBDF:
      return gsl_odeiv2_step_msbdf;
    case TWIN_SIM_METHOD_BSIMP:
      return gsl_odeiv2_step_bsimp;
    case TWIN_SIM_METHOD_AUTO:
    case TWIN_SIM_METHOD_CVODE_BAND:
    case TWIN_SIM_METHOD_CVODE_KLU:
    default:
      g_assert_not_reached ();
    }
}

/* A first step from the sizes of x and f (Hairer, Nørsett and Wanner). */
static double
initial_step (Solver       *self,
              double        t,
              const double *x,
              const double *f)
{
  const TwinSimSolverSettings *settings = self->settings;
  double                       span = settings->t1_s - settings->t0_s;
  double                       d0 = 0, d1 = 0, h;

  for (guint i = 0; i < self->n; i++)
    {
      double sc = settings->atol + settings->rtol * fabs (x[i]);

      if (sc <= 0)
        sc = DBL_EPSILON;
      d0 += (x[i] / sc) * (x[i] / sc);
      d1 += (f[i] / sc) * (f[i] / sc);
    }
  d0 = sqrt (d0 / MAX (self->n, 1));
  d1 = sqrt (d1 / MAX (self->n, 1));

  if (d0 < 1e-5 || d1 < 1e-5 || !isfinite (d1))
    h = 1e-6 * MIN (span, 1.0);
  else
    h = 0.01 * d0 / d1;

  h = MIN (h, span);
  if (settings->max_step_s > 0)
    h = MIN (h, settings->max_step_s);
  return MAX (h, 1e-12 * MAX (1.0, fabs (t)));
}

/* The cubic Hermite interpolant of a step from (t0, x0) with slope f0 to (t1, x1)
 * with slope f1, at t. */
static void
hermite (guint         n,
         double        t0,
         const double *x0,
         const double *f0,
         double        t1,
         const double *x1,
         const double *f1,
         double        t,
         double       *x)
{
  double h = t1 - t0;
  double s = (t - t0) / h;
  double s2 = s * s, s3 = s2 * s;
  double h00 = 2 * s3 - 3 * s2 + 1, h10 = s3 - 2 * s2 + s, h01 = -2 * s3 + 3 * s2, h11 = s3 - s2;

  for (guint i = 0; i < n; i++)
    x[i] = h00 * x0[i] + h10 * h * f0[i] + h01 * x1[i] + h11 * h * f1[i];
}

static gboolean
all_finite (const double *x,
            guint         n)
{
  for (guint i = 0; i < n; i++)
    if (!isfinite (x[i]))
      return FALSE;
  return TRUE;
}

/* Integrates x from tl to tm with a freshly reset driver (event location). */
static int
reintegrate (gsl_odeiv2_driver *d,
             double             tl,
             double             tm,
             double            *x)
{
  double t = tl;

  if (tm <= tl)
    return GSL_SUCCESS;

  gsl_odeiv2_driver_reset_hstart (d, tm - tl);
  return gsl_odeiv2_driver_apply (d, &t, tm, x);
}

/* The true value of event function k at τ: x integrated from the step's start. */
static gboolean
true_event_value (Solver            *self,
                  gsl_odeiv2_driver *d_locate,
                  double             t_prev,
                  const double      *x_prev,
                  double             tau,
                  guint              k,
                  double            *x_tau,
                  double            *g_k)
{
  memcpy (x_tau, x_prev, sizeof (double) * self->n);
  self->nan_index = -1;
  if (reintegrate (d_locate, t_prev, tau, x_tau) != GSL_SUCCESS || !all_finite (x_tau, self->n))
    return FALSE;
  eval_events (self, tau, x_tau, self->g_mid);
  *g_k = self->g_mid[k];
  return TRUE;
}

/* Refines an event time found on the step's interpolant ([tl, tr]) on the true
 * solution: Illinois (regula falsi) on the first event to fire, in a bracket a
 * little wider than the interpolant's, each value integrated from the step's
 * start (t_prev, x_prev). A few integrations instead of one per bisection.
 * Leaves in x_right and self->g_new the state and events at the returned time,
 * where the event has fired. */
static double
polish_event (Solver            *self,
              gsl_odeiv2_driver *d_locate,
              double             t_prev,
              const double      *x_prev,
              double             t,
              const double      *x,
              double             tl,
              double             tr,
              double            *x_tmp,
              double            *x_right)
{
  guint  n_events = self->system->n_events;
  guint  k = 0;
  double tol = EVENT_TIME_TOLERANCE * MAX (1.0, fabs (tr));
  double delta = MAX (100 * tol, 1e-3 * (tr - tl + 1e-6 * (t - t_prev)));
  double a = MAX (t_prev, tl - delta), b = MIN (t, tr + delta);
  double ga, gb, g0;
  int    side = 0;

  while (k < n_events && crossing (self->g_prev[k], self->g_new[k]) == 0)
    k++;
  if (k == n_events)
    return tr;
  g0 = self->g_prev[k];

  /* The narrow bracket, or the whole step when the interpolant was off by more. */
  if (a <= t_prev)
    ga = g0;
  else if (!true_event_value (self, d_locate, t_prev, x_prev, a, k, x_tmp, &ga) || crossing (g0, ga) != 0)
    a = t_prev, ga = g0;
  if (b >= t)
    {
      b = t;
      memcpy (x_right, x, sizeof (double) * self->n);
      eval_events (self, t, x, self->g_mid);
      gb = self->g_mid[k];
    }
  else if (!true_event_value (self, d_locate, t_prev, x_prev, b, k, x_right, &gb) || crossing (g0, gb) == 0)
    {
      b = t;
      memcpy (x_right, x, sizeof (double) * self->n);
      eval_events (self, t, x, self->g_mid);
      gb = self->g_mid[k];
    }
  if (crossing (g0, gb) == 0)
    return tr; /* the true solution does not cross here: keep the interpolant's answer */

  for (guint iter = 0; iter < 60 && b - a > tol; iter++)
    {
      double tm = (gb != ga) ? (a * gb - b * ga) / (gb - ga) : 0.5 * (a + b);
      double gm;

      /* Keep the trial strictly inside, away from the ends by a little. */
      tm = CLAMP (tm, a + 0.25 * tol, b - 0.25 * tol);
      if (!true_event_value (self, d_locate, t_prev, x_prev, tm, k, x_tmp, &gm))
        break;
      if (crossing (g0, gm) != 0)
        {
          b = tm;
          gb = gm;
          memcpy (x_right, x_tmp, sizeof (double) * self->n);
          if (side == 1)
            ga *= 0.5;
          side = 1;
        }
      else
        {
          a = tm;
          ga = gm;
          if (side == -1)
            gb *= 0.5;
          side = -1;
        }
    }
  eval_events (self, b, x_right, self->g_new);
  return b;
}

/* The GSL run (and the run of a system with no states at all, for which
 * "stepping" is only moving t). */
static gboolean
solve_gsl (Solver  *self,
           double  *x,
           GError **error)
{
  const TwinSimSystem         *system = self->system;
  const TwinSimSolverSettings *settings = self->settings;
  TwinSimSolveReport          *report = self->report;
  guint                        n = self->n;
  guint                        n_events = system->events != NULL ? system->n_events : 0;
  gsl_odeiv2_system            sys = { gsl_rhs_cb, gsl_jacobian_cb, n, self };
  gsl_odeiv2_driver           *d = NULL;
  gsl_odeiv2_driver           *d_locate = NULL;
  g_autofree double           *x_prev = g_new0 (double, MAX (n, 1));
  g_autofree double           *x_left = g_new0 (double, MAX (n, 1));
  g_autofree double           *x_mid = g_new0 (double, MAX (n, 1));
  g_autofree double           *x_right = g_new0 (double, MAX (n, 1));
  g_autofree double           *f_left = g_new0 (double, MAX (n, 1));
  g_autofree double           *f_right = g_new0 (double, MAX (n, 1));
  g_autofree gint8            *no_fired = g_new0 (gint8, MAX (n_events, 1));
  double                       t = settings->t0_s;
  double                       t1 = settings->t1_s;
  double                       h = 0;
  double                       t_te;
  gboolean                     ok = FALSE;

  if (n > 0)
    {
      const gsl_odeiv2_step_type *type = gsl_step_type (report->method);

      if (!eval_rhs (self, t, x, self->fx))
        {
          set_step_error (self, "", t, x, error);
          return FALSE;
        }
      h = initial_step (self, t, x, self->fx);
      d = gsl_odeiv2_driver_alloc_y_new (&sys, type, h, settings->atol, settings->rtol);
      if (n_events > 0)
        d_locate = gsl_odeiv2_driver_alloc_y_new (&sys, type, h, settings->atol, settings->rtol);
    }

  if (!emit_outputs_until (self, t, x, error))
    goto out;

  eval_events (self, t, x, self->g_prev);
  t_te = next_time_event (self, t);

  while (t < t1)
    {
      double   t_prev = t;
      double   t_target;
      gboolean restart = FALSE;

      if (!check_cancelled (self, t, error))
        goto out;

      t_target = MIN (self->t_out, t1);
      t_target = MIN (t_target, t_te);
      self->t_limit = t_target;
      if (n > 0)
        memcpy (x_prev, x, sizeof (double) * n);

      if (n > 0)
        {
          int status;

          if (settings->max_step_s > 0)
            h = MIN (h, settings->max_step_s);
          status = gsl_odeiv2_evolve_apply (d->e, d->c, d->s, &sys, &t, t_target, &h, x);
          /* A model that cannot be evaluated at a trial point may still be
           * fine closer in: retry from the step's start with shorter steps */
          for (guint retry = 0; status == GSL_EBADFUNC && retry < MAX_RHS_RETRIES; retry++)
            {
              t = t_prev;
              memcpy (x, x_prev, sizeof (double) * n);
              gsl_odeiv2_driver_reset (d);
              h *= 0.25;
              status = gsl_odeiv2_evolve_apply (d->e, d->c, d->s, &sys, &t, t_target, &h, x);
            }
          if (status != GSL_SUCCESS)
            {
              memcpy (x, x_prev, sizeof (double) * n);
              set_step_error (self, gsl_strerror (status), t_prev, x_prev, error);
              goto out;
            }
          if (!check_finite (self, t, x, t_prev, x_prev, error))
            {
              memcpy (x, x_prev, sizeof (double) * n);
              goto out;
            }
          /* A step cut short by an output point or a time event is progress too */
          if (t >= t_target)
            {
              self->n_stalled = 0;
              self->nan_index = -1;
              self->rhs_failed = FALSE;
            }
          else if (!check_progress (self, t_prev, x_prev, t, error))
            {
              memcpy (x, x_prev, sizeof (double) * n);
              goto out;
            }
        }
      else
        {
          t = t_target;
        }
      report->n_steps++;

      /* State events: locate the first sign change inside the step */
      if (n_events > 0)
        {
          eval_events (self, t, x, self->g_new);
          if (any_crossing (self, self->g_new))
            {
              double   tl = t_prev, tr = t;
              gboolean interpolate = FALSE;

              /* The time is found on the step's cubic Hermite interpolant (exact for
               * cubics, as accurate as the step elsewhere), which costs no integration;
               * the state there is then integrated once from the step's start. */
              if (n > 0)
                {
                  memcpy (x_left, x_prev, sizeof (double) * n);
                  memcpy (x_right, x, sizeof (double) * n);
                  self->nan_index = -1;
                  interpolate = eval_rhs (self, t_prev, x_prev, f_left) && eval_rhs (self, t, x, f_right);
                }
              for (guint iter = 0; iter < 200; iter++)
                {
                  double tm = 0.5 * (tl + tr);

                  if (tr - tl <= EVENT_TIME_TOLERANCE * MAX (1.0, fabs (tr)) || tm <= tl || tm >= tr)
                    break;

                  if (n > 0 && interpolate)
                    {
                      hermite (n, t_prev, x_prev, f_left, t, x, f_right, tm, x_mid);
                    }
                  else if (n > 0)
                    {
                      int status;

                      memcpy (x_mid, x_left, sizeof (double) * n);
                      self->nan_index = -1;
                      status = reintegrate (d_locate, tl, tm, x_mid);
                      if (status != GSL_SUCCESS)
                        {
                          set_step_error (self, gsl_strerror (status), tl, x_left, error);
                          memcpy (x, x_left, sizeof (double) * n);
                          goto out;
                        }
                      if (!check_finite (self, tm, x_mid, tl, x_left, error))
                        {
                          memcpy (x, x_left, sizeof (double) * n);
                          goto out;
                        }
                    }
                  eval_events (self, tm, x_mid, self->g_mid);
                  if (any_crossing (self, self->g_mid))
                    {
                      tr = tm;
                      if (n > 0)
                        memcpy (x_right, x_mid, sizeof (double) * n);
                      memcpy (self->g_new, self->g_mid, sizeof (double) * n_events);
                    }
                  else
                    {
                      tl = tm;
                      if (n > 0)
                        memcpy (x_left, x_mid, sizeof (double) * n);
                    }
                }
              if (n > 0 && interpolate && tr < t)
                tr = polish_event (self, d_locate, t_prev, x_prev, t, x, tl, tr, x_mid, x_right);

              t = tr;
              if (n > 0)
                memcpy (x, x_right, sizeof (double) * n);
              for (guint k = 0; k < n_events; k++)
                self->fired[k] = crossing (self->g_prev[k], self->g_new[k]);
              report->n_events++;
              if (system->handle_events != NULL)
                system->handle_events (t, x, self->fired, system->user_data);
              if (!check_finite (self, t, x, t, x_right, error))
                goto out;
              restart = TRUE;
            }
          else
            {
              memcpy (self->g_prev, self->g_new, sizeof (double) * n_events);
            }
        }

      /* Time events: the step stopped exactly there */
      if (!restart && t >= t_te && t < t1)
        {
          report->n_events++;
          if (system->handle_events != NULL)
            {
              g_autofree double *x_before = g_memdup2 (x, sizeof (double) * MAX (n, 1));

              system->handle_events (t, x, no_fired, system->user_data);
              if (!check_finite (self, t, x, t, x_before, error))
                goto out;
            }
          restart = TRUE;
        }

      if (restart)
        {
          if (d != NULL)
            gsl_odeiv2_driver_reset (d);
          eval_events (self, t, x, self->g_prev);
          t_te = next_time_event (self, t);
        }

      report->t_reached_s = t;
      if (!emit_outputs_until (self, t, x, error))
        goto out;
    }

  ok = TRUE;

out:
  g_clear_pointer (&d, gsl_odeiv2_driver_free);
  g_clear_pointer (&d_locate, gsl_odeiv2_driver_free);
  return ok;
}

/* CVODE */

static int
cv_rhs_cb (sunrealtype t,
           N_Vector    y,
           N_Vector    ydot,
           void       *user_data)
{
  Solver *self = user_data;

  /* Recoverable: CVODE retries with a shorter step */
  return eval_rhs (self, t, N_VGetArrayPointer (y), N_VGetArrayPointer (ydot)) ? 0 : 1;
}

static int
cv_roots_cb (sunrealtype  t,
             N_Vector     y,
             sunrealtype *g,
             void        *user_data)
{
  Solver *self = user_data;

  eval_events (self, t, N_VGetArrayPointer (y), g);
  return 0;
}

static int
cv_jacobian_band_cb (sunrealtype t,
                     N_Vector    y,
                     N_Vector    fy,
                     SUNMatrix   J,
                     void       *user_data,
                     N_Vector    tmp1,
                     N_Vector    tmp2,
                     N_Vector    tmp3)
{
  Solver                *self = user_data;
  const TwinSimSparsity *sp = self->sparsity;

  if (!eval_jacobian_values (self, t, N_VGetArrayPointer (y), N_VGetArrayPointer (fy), self->jac_values))
    return 1;

  for (guint j = 0; j < sp->n; j++)
    for (guint k = sp->colptr[j]; k < sp->colptr[j + 1]; k++)
      SM_ELEMENT_B (J, (sunindextype) sp->rowind[k], (sunindextype) j) = self->jac_values[k];

  return 0;
}

static int
cv_jacobian_sparse_cb (sunrealtype t,
                       N_Vector    y,
                       N_Vector    fy,
                       SUNMatrix   J,
                       void       *user_data,
                       N_Vector    tmp1,
                       N_Vector    tmp2,
                       N_Vector    tmp3)
{
  Solver                *self = user_data;
  const TwinSimSparsity *sp = self->sparsity;
  sunindextype          *colptrs = SM_INDEXPTRS_S (J);
  sunindextype          *rowvals = SM_INDEXVALS_S (J);

  if (!eval_jacobian_values (self, t, N_VGetArrayPointer (y), N_VGetArrayPointer (fy), SM_DATA_S (J)))
    return 1;

  for (guint j = 0; j <= sp->n; j++)
    colptrs[j] = sp->colptr[j];
  for (guint k = 0; k < sp->nnz; k++)
    rowvals[k] = sp->rowind[k];

  return 0;
}

static void
cv_error_cb (int         error_code,
             const char *module,
             const char *function,
             char       *msg,
             void       *user_data)
{
  Solver *self = user_data;

  if (error_code == CV_WARNING)
    return;

  g_free (self->cvode_message);
  self->cvode_message = g_strdup_printf ("%s (%s)", msg, function);
}

static void
cvode_accumulate (Solver *self,
                  void   *mem)
{
  long int n_steps = 0, n_jac = 0;

  CVodeGetNumSteps (mem, &n_steps);
  CVodeGetNumJacEvals (mem, &n_jac);
  self->report->n_steps += (guint64) n_steps;
  self->report->n_jacobian += (guint64) n_jac;
}

static gboolean
solve_cvode (Solver  *self,
             double  *x,
             GError **error)
{
  const TwinSimSystem         *system = self->system;
  const TwinSimSolverSettings *settings = self->settings;
  TwinSimSolveReport          *report = self->report;
  guint                        n = self->n;
  guint                        n_events = system->events != NULL ? system->n_events : 0;
  SUNContext                   ctx = NULL;
  N_Vector                     y = NULL;
  N_Vector                     y_out = NULL;
  SUNMatrix                    A = NULL;
  SUNLinearSolver              LS = NULL;
  void                        *mem = NULL;
  g_autofree int              *roots = g_new0 (int, MAX (n_events, 1));
  g_autofree gint8            *no_fired = g_new0 (gint8, MAX (n_events, 1));
  g_autofree double           *x_prev = g_new (double, n);
  double                       t = settings->t0_s;
  double                       t1 = settings->t1_s;
  double                       t_te;
  gboolean                     ok = FALSE;
  int                          flag;

  if (SUNContext_Create (NULL, &ctx) != 0)
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SOLVER, _ ("The SUNDIALS context could not be created."));
      return FALSE;
    }

  y = N_VNew_Serial ((sunindextype) n, ctx);
  y_out = N_VNew_Serial ((sunindextype) n, ctx);
  memcpy (N_VGetArrayPointer (y), x, sizeof (double) * n);

  mem = CVodeCreate (CV_BDF, ctx);
  CVodeSetErrHandlerFn (mem, cv_error_cb, self);
  flag = CVodeInit (mem, cv_rhs_cb, t, y);
  if (flag == CV_SUCCESS)
    flag = CVodeSStolerances (mem, settings->rtol, settings->atol);
  if (flag == CV_SUCCESS)
    flag = CVodeSetUserData (mem, self);

  if (flag == CV_SUCCESS && report->method == TWIN_SIM_METHOD_CVODE_BAND)
    {
      guint lower = 0, upper = 0;

      twin_sim_sparsity_get_bandwidth (self->sparsity, &lower, &upper);
      A = SUNBandMatrix ((sunindextype) n, (sunindextype) upper, (sunindextype) lower, ctx);
      LS = SUNLinSol_Band (y, A, ctx);
      flag = CVodeSetLinearSolver (mem, LS, A);
      /* Without an analytic Jacobian, CVODE's own banded difference
       * quotients (columns grouped by bandwidth) are the best there is */
      if (flag == CV_SUCCESS && system->jacobian != NULL)
        flag = CVodeSetJacFn (mem, cv_jacobian_band_cb);
    }
  else if (flag == CV_SUCCESS)
    {
      A = SUNSparseMatrix ((sunindextype) n, (sunindextype) n, (sunindextype) self->sparsity->nnz, CSC_MAT, ctx);
      LS = SUNLinSol_KLU (y, A, ctx);
      if (LS == NULL)
        flag = CV_MEM_FAIL;
      else
        flag = SUNLinSol_KLUSetOrdering (LS, 0); /* AMD */
      if (flag == CV_SUCCESS)
        flag = CVodeSetLinearSolver (mem, LS, A);
      if (flag == CV_SUCCESS)
        flag = CVodeSetJacFn (mem, cv_jacobian_sparse_cb);
    }

  if (flag == CV_SUCCESS && settings->max_step_s > 0)
    flag = CVodeSetMaxStep (mem, settings->max_step_s);
  if (flag == CV_SUCCESS && n_events > 0)
    {
      flag = CVodeRootInit (mem, (int) n_events, cv_roots_cb);
      if (flag == CV_SUCCESS)
        flag = CVodeSetNoInactiveRootWarn (mem);
    }
  t_te = next_time_event (self, t);
  if (flag == CV_SUCCESS)
    flag = CVodeSetStopTime (mem, MIN (t_te, t1));

  if (flag != CV_SUCCESS)
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SOLVER, _ ("CVODE could not be set up: %s"),
                   self->cvode_message != NULL ? self->cvode_message : _ ("out of memory"));
      goto out;
    }

  if (!emit_outputs_until (self, t, x, error))
    goto out;

  while (t < t1)
    {
      double   t_ret = t;
      double  *yv = N_VGetArrayPointer (y);
      gboolean restart = FALSE;

      if (!check_cancelled (self, t, error))
        goto out;

      memcpy (x_prev, x, sizeof (double) * n);
      flag = CVode (mem, t1, y, &t_ret, CV_ONE_STEP);
      if (flag < 0)
        {
          g_autofree char *reason = self->cvode_message != NULL ? g_strdup (self->cvode_message)
                                                                : g_strdup_printf ("CVODE error %d", flag);

          set_step_error (self, reason, t, x_prev, error);
          goto out;
        }
      if (!check_finite (self, t_ret, yv, t, x_prev, error))
        goto out;
      if (flag == CV_SUCCESS && !check_progress (self, t, x_prev, t_ret, error))
        goto out;

      /* Grid points inside the step, interpolated */
      while (!self->done_out && self->t_out <= t_ret)
        {
          const double *xo = yv;

          if (self->t_out < t_ret)
            {
              if (CVodeGetDky (mem, self->t_out, 0, y_out) != CV_SUCCESS)
                {
                  set_step_error (self, self->cvode_message, t, x_prev, error);
                  goto out;
                }
              xo = N_VGetArrayPointer (y_out);
            }
          if (!emit_outputs_until (self, self->t_out, xo, error))
            goto out;
        }

      t = t_ret;
      memcpy (x, yv, sizeof (double) * n);
      report->t_reached_s = t;

      if (flag == CV_ROOT_RETURN)
        {
          CVodeGetRootInfo (mem, roots);
          for (guint k = 0; k < n_events; k++)
            self->fired[k] = (gint8) CLAMP (roots[k], -1, 1);
          report->n_events++;
          if (system->handle_events != NULL)
            system->handle_events (t, x, self->fired, system->user_data);
          restart = TRUE;
        }
      if (t >= t_te && t < t1)
        {
          report->n_events++;
          if (system->handle_events != NULL)
            system->handle_events (t, x, no_fired, system->user_data);
          restart = TRUE;
        }

      if (restart && t < t1)
        {
          if (!check_finite (self, t, x, t, yv, error))
            goto out;
          cvode_accumulate (self, mem);
          memcpy (yv, x, sizeof (double) * n);
          flag = CVodeReInit (mem, t, y);
          t_te = next_time_event (self, t);
          if (flag == CV_SUCCESS)
            flag = CVodeSetStopTime (mem, MIN (t_te, t1));
          if (flag != CV_SUCCESS)
            {
              set_step_error (self, self->cvode_message, t, x, error);
              goto out;
            }
        }
    }

  /* t1 itself, when rounding left it out of the grid loop */
  if (!emit_outputs_until (self, t1, x, error))
    goto out;

  ok = TRUE;

out:
  if (mem != NULL)
    {
      long int n_steps = 0, n_jac = 0;

      CVodeGetNumSteps (mem, &n_steps);
      CVodeGetNumJacEvals (mem, &n_jac);
      report->n_steps += (guint64) n_steps;
      report->n_jacobian += (guint64) n_jac;
      CVodeFree (&mem);
    }
  if (LS != NULL)
    SUNLinSolFree (LS);
  if (A != NULL)
    SUNMatDestroy (A);
  if (y != NULL)
    N_VDestroy (y);
  if (y_out != NULL)
    N_VDestroy (y_out);
  if (ctx != NULL)
    SUNContext_Free (&ctx);
  return ok;
}

/* AUTO */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (gsl_matrix, gsl_matrix_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (gsl_vector_complex, gsl_vector_complex_free)

/* |λ|max of the decaying modes (max of −Re λ) of the Jacobian at (t, x);
 * oscillating and growing modes do not limit an explicit method's step by
 * stability. Returns −1 when the Jacobian could not be evaluated. */
static double
decay_rate (Solver       *self,
            double        t,
            const double *x)
{
  guint n = self->n;
  g_autoptr (gsl_matrix) J = gsl_matrix_alloc (n, n);
  g_autoptr (gsl_vector_complex) eval = gsl_vector_complex_alloc (n);
  gsl_eigen_nonsymm_workspace *w;
  double                       rate = 0;
  int                          status;

  if (!eval_dense_jacobian (self, t, x, J->data))
    return -1;
  for (gsize k = 0; k < (gsize) n * n; k++)
    if (!isfinite (J->data[k]))
      return -1;

  w = gsl_eigen_nonsymm_alloc (n);
  status = gsl_eigen_nonsymm (J, eval, w);
  gsl_eigen_nonsymm_free (w);

  if (status != GSL_SUCCESS)
    {
      /* Gershgorin's bound on |λ| instead */
      if (!eval_dense_jacobian (self, t, x, J->data))
        return -1;
      for (guint i = 0; i < n; i++)
        {
          double row = 0;

          for (guint j = 0; j < n; j++)
            row += fabs (gsl_matrix_get (J, i, j));
          rate = MAX (rate, row);
        }
      return rate;
    }

  for (guint i = 0; i < n; i++)
    {
      double decay = -GSL_REAL (gsl_vector_complex_get (eval, i));

      if (decay > rate)
        rate = decay;
    }

  return rate;
}

/* Estimates stiffness at t0 and after a short explicit trial run (a problem
 * like Robertson's only shows its fast modes once the transient starts). */
static double
estimate_stiffness (Solver       *self,
                    const double *x0)
{
  const TwinSimSolverSettings *settings = self->settings;
  guint                        n = self->n;
  double                       span = settings->t1_s - settings->t0_s;
  double                       t = settings->t0_s;
  double                       t_end = MIN (settings->t1_s, next_time_event (self, t));
  gsl_odeiv2_system            sys = { gsl_rhs_cb, NULL, n, self };
  g_autofree double           *x = g_memdup2 (x0, sizeof (double) * n);
  gsl_odeiv2_driver           *d;
  double                       rate0, rate1 = 0, h;

  rate0 = decay_rate (self, t, x);
  if (rate0 < 0)
    return -1;

  if (!eval_rhs (self, t, x, self->fx))
    return -1;
  h = initial_step (self, t, x, self->fx);
  d = gsl_odeiv2_driver_alloc_y_new (&sys, gsl_odeiv2_step_rkf45, h, settings->atol, settings->rtol);
  self->t_limit = t_end;
  for (guint i = 0; i < AUTO_TRIAL_STEPS && t < t_end; i++)
    if (gsl_odeiv2_evolve_apply (d->e, d->c, d->s, &sys, &t, t_end, &h, x) != GSL_SUCCESS)
      break;
  gsl_odeiv2_driver_free (d);

  for (guint i = 0; i < n; i++)
    if (!isfinite (x[i]))
      t = settings->t0_s;
  if (t > settings->t0_s)
    rate1 = decay_rate (self, t, x);

  /* The trial's failures are the real run's to report */
  self->rhs_failed = FALSE;
  self->nan_index = -1;

  return MAX (rate0, rate1) * span;
}

static gboolean
choose_method (Solver       *self,
               const double *x,
               GError      **error)
{
  TwinSimSolveReport *report = self->report;
  guint               n = self->n;

  if (n == 0)
    {
      report->method = TWIN_SIM_METHOD_RK8PD;
      report->reason = g_strdup (_ ("no continuous states: only events and outputs"));
      return TRUE;
    }

  if (n > AUTO_MAX_GSL_STATES)
    {
      guint bandwidth = twin_sim_sparsity_get_bandwidth (self->sparsity, NULL, NULL);

      if (bandwidth <= AUTO_MAX_BANDWIDTH)
        {
          report->method = TWIN_SIM_METHOD_CVODE_BAND;
          report->reason = g_strdup_printf (_ ("%u states, Jacobian bandwidth %u: CVODE with the banded solver"), n,
                                            bandwidth);
        }
      else
        {
          report->method = TWIN_SIM_METHOD_CVODE_KLU;
          report->reason = g_strdup_printf (
            _ ("%u states, Jacobian bandwidth %u, %u non-zeros: CVODE with the sparse KLU solver"), n, bandwidth,
            self->sparsity->nnz);
        }
      return TRUE;
    }

  report->stiffness = estimate_stiffness (self, x);
  if (report->stiffness < 0)
    {
      report->stiffness = 0;
      set_step_error (self, _ ("the model could not be evaluated at the start"), self->settings->t0_s, x, error);
      return FALSE;
    }

  {
    g_autofree char *magnitude = format_magnitude (report->stiffness);

    if (report->stiffness > AUTO_STIFF_THRESHOLD)
      {
        report->method = TWIN_SIM_METHOD_MSBDF;
        report->reason = g_strdup_printf (ngettext ("stiff (|λ|max·T ≈ %s), %u state: GSL msbdf",
                                                    "stiff (|λ|max·T ≈ %s), %u states: GSL msbdf", n),
                                          magnitude, n);
      }
    else
      {
        report->method = TWIN_SIM_METHOD_RK8PD;
        report->reason = g_strdup_printf (ngettext ("not stiff (|λ|max·T ≈ %s), %u state: GSL rk8pd",
                                                    "not stiff (|λ|max·T ≈ %s), %u states: GSL rk8pd", n),
                                          magnitude, n);
      }
  }

  return TRUE;
}

static gboolean
validate_settings (const TwinSimSolverSettings *settings,
                   GError                     **error)
{
  if (!isfinite (settings->t0_s) || !isfinite (settings->t1_s) || !(settings->t1_s > settings->t0_s))
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                   _ ("The stop time (%g s) must be a finite time after the start time (%g s)."), settings->t1_s,
                   settings->t0_s);
      return FALSE;
    }
  if (!(settings->output_interval_s > 0) || !isfinite (settings->output_interval_s))
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                   _ ("The output interval (%g s) must be a positive time."), settings->output_interval_s);
      return FALSE;
    }
  if (!(settings->rtol > 0) || !(settings->rtol < 1))
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                   _ ("The relative tolerance (%g) must lie between 0 and 1."), settings->rtol);
      return FALSE;
    }
  if (!(settings->atol >= 0) || !isfinite (settings->atol))
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                   _ ("The absolute tolerance (%g) must not be negative."), settings->atol);
      return FALSE;
    }
  if (!(settings->max_step_s >= 0))
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                   _ ("The largest step (%g s) must not be negative."), settings->max_step_s);
      return FALSE;
    }

  return TRUE;
}

/* Public API */

/**
 * twin_sim_error_quark:
 *
 * The error domain of simulation errors.
 *
 * Returns: the #GQuark of %TWIN_SIM_ERROR
 */
G_DEFINE_QUARK (twin - sim - error - quark, twin_sim_error)

/**
 * twin_sim_solver_settings_init:
 * @settings: (out caller-allocates): settings to fill
 *
 * Fills @settings with the defaults: AUTO, rtol 1e-6, atol 1e-8, from 0 to
 * one day, output every 60 s, no step limit.
 */
void
twin_sim_solver_settings_init (TwinSimSolverSettings *settings)
{
  g_return_if_fail (settings != NULL);

  *settings = (TwinSimSolverSettings){
    .method = TWIN_SIM_METHOD_AUTO,
    .rtol = 1e-6,
    .atol = 1e-8,
    .t0_s = 0,
    .t1_s = 86400,
    .output_interval_s = 60,
    .max_step_s = 0,
  };
}

/**
 * twin_sim_method_to_string:
 * @method: a method
 *
 * The method's name as scenarios and `twinctl simulate --method` spell it.
 *
 * Returns: (transfer none): "auto", "rk8pd", "rkf45", "msbdf", "bsimp",
 *   "cvode-band" or "cvode-klu"
 */
const char *
twin_sim_method_to_string (TwinSimMethod method)
{
  for (guint i = 0; i < G_N_ELEMENTS (method_names); i++)
    if (method_names[i].method == method)
      return method_names[i].name;

  g_return_val_if_reached ("auto");
}

/**
 * twin_sim_method_from_string:
 * @text: a method's name
 * @method: (out): the method
 *
 * Parses a name written by twin_sim_method_to_string() (case-insensitive).
 *
 * Returns: %TRUE if @text names a method
 */
gboolean
twin_sim_method_from_string (const char    *text,
                             TwinSimMethod *method)
{
  g_return_val_if_fail (method != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (method_names); i++)
    if (g_ascii_strcasecmp (text, method_names[i].name) == 0)
      {
        *method = method_names[i].method;
        return TRUE;
      }

  return FALSE;
}

/**
 * twin_sim_solve_report_clear:
 * @report: a report
 *
 * Frees what @report owns and resets it to an empty report.
 */
void
twin_sim_solve_report_clear (TwinSimSolveReport *report)
{
  g_return_if_fail (report != NULL);

  g_clear_pointer (&report->reason, g_free);
  memset (report, 0, sizeof *report);
  report->failed_state = -1;
}

/**
 * twin_sim_solve:
 * @system: the ODE system
 * @settings: the method, tolerances and times
 * @x: (array) (inout): the states at t0 on entry; the states at the last time
 *   reached on return (the last finite ones after a failure)
 * @output: (scope call) (nullable): receives the solution at t0, t0 + dt, …, t1
 * @user_data: passed to @output
 * @cancellable: (nullable): stops the run (checked at every step)
 * @report: (out caller-allocates) (optional): what ran and how much it cost;
 *   clear it with twin_sim_solve_report_clear() (it is filled even on failure)
 * @error: return location for a %TWIN_SIM_ERROR
 *
 * Integrates @system from t0 to t1. State events are located in time and
 * handed to the system's handle_events; time events are never stepped across.
 * After a failure @output has received the last good point, so the results
 * up to the failure are complete.
 *
 * Returns: %TRUE when t1 was reached
 */
gboolean
twin_sim_solve (const TwinSimSystem         *system,
                const TwinSimSolverSettings *settings,
                double                      *x,
                TwinSimOutputFunc            output,
                gpointer                     user_data,
                GCancellable                *cancellable,
                TwinSimSolveReport          *report,
                GError                     **error)
{
  TwinSimSolveReport local_report = { 0 };
  Solver             self = { 0 };
  guint              n;
  guint              n_events;
  gboolean           ok = FALSE;

  g_return_val_if_fail (system != NULL, FALSE);
  g_return_val_if_fail (system->rhs != NULL, FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);
  g_return_val_if_fail (x != NULL || system->n_states == 0, FALSE);
  g_return_val_if_fail (system->sparsity == NULL || system->sparsity->n == system->n_states, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ensure_gsl_quiet ();

  if (report == NULL)
    report = &local_report;
  memset (report, 0, sizeof *report);
  report->method = settings->method;
  report->failed_state = -1;
  report->t_reached_s = settings->t0_s;

  if (!validate_settings (settings, error))
    return FALSE;

  n = system->n_states;
  n_events = system->events != NULL ? system->n_events : 0;
  self.system = system;
  self.settings = settings;
  self.report = report;
  self.output = output;
  self.output_data = user_data;
  self.cancellable = cancellable;
  self.n = n;
  self.nan_index = -1;
  self.t_last_out = -INFINITY;
  self.t_out = settings->t0_s;
  self.fd_floor = settings->atol > 0 ? settings->atol / settings->rtol : 1.0;
  self.fd_floor = MAX (self.fd_floor, 1e-100);

  if (system->sparsity != NULL)
    self.sparsity = system->sparsity;
  else
    self.sparsity = self.owned_sparsity = twin_sim_sparsity_new_dense (n);
  self.fx = g_new0 (double, MAX (n, 1));
  self.fp = g_new0 (double, MAX (n, 1));
  self.xp = g_new0 (double, MAX (n, 1));
  self.jac_values = g_new0 (double, MAX (self.sparsity->nnz, 1));
  self.g_prev = g_new0 (double, MAX (n_events, 1));
  self.g_new = g_new0 (double, MAX (n_events, 1));
  self.g_mid = g_new0 (double, MAX (n_events, 1));
  self.fired = g_new0 (gint8, MAX (n_events, 1));
  colour_columns (&self);

  if (settings->method == TWIN_SIM_METHOD_AUTO || n == 0)
    {
      g_clear_pointer (&report->reason, g_free);
      if (!choose_method (&self, x, error))
        goto out;
    }

  switch (report->method)
    {
    case TWIN_SIM_METHOD_RK8PD:
    case TWIN_SIM_METHOD_RKF45:
    case TWIN_SIM_METHOD_MSBDF:
    case TWIN_SIM_METHOD_BSIMP:
      ok = solve_gsl (&self, x, error);
      break;

    case TWIN_SIM_METHOD_CVODE_BAND:
    case TWIN_SIM_METHOD_CVODE_KLU:
      ok = solve_cvode (&self, x, error);
      break;

    case TWIN_SIM_METHOD_AUTO:
    default:
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO, _ ("Unknown solver method %d."),
                   (int) report->method);
      break;
    }

out:
  solver_clear (&self);
  twin_sim_solve_report_clear (&local_report);
  return ok;
}
