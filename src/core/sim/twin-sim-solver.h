/* twin-sim-solver.h: integrates a TwinSimSystem with GSL odeiv2 or SUNDIALS CVODE, locating events.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "twin-sim-system.h"

G_BEGIN_DECLS

#define TWIN_SIM_ERROR (twin_sim_error_quark ())

/**
 * TwinSimError:
 * @TWIN_SIM_ERROR_MODEL: the model cannot be simulated (named in the message)
 * @TWIN_SIM_ERROR_DIVERGED: a state became NaN or infinite
 * @TWIN_SIM_ERROR_SOLVER: the solver failed (step size underflow, too many steps, a failed evaluation)
 * @TWIN_SIM_ERROR_INPUT: an input of the run (a profile, a history signal) is missing or invalid
 * @TWIN_SIM_ERROR_SCENARIO: a scenario is invalid (times, tolerances, an override)
 * @TWIN_SIM_ERROR_CANCELLED: the run was cancelled
 */
typedef enum
{
  TWIN_SIM_ERROR_MODEL,
  TWIN_SIM_ERROR_DIVERGED,
  TWIN_SIM_ERROR_SOLVER,
  TWIN_SIM_ERROR_INPUT,
  TWIN_SIM_ERROR_SCENARIO,
  TWIN_SIM_ERROR_CANCELLED,
} TwinSimError;

/**
 * TwinSimMethod:
 * @TWIN_SIM_METHOD_AUTO: chosen from the size and a stiffness check
 * @TWIN_SIM_METHOD_RK8PD: GSL explicit Runge-Kutta Prince-Dormand (8, 9)
 * @TWIN_SIM_METHOD_RKF45: GSL explicit Runge-Kutta-Fehlberg (4, 5)
 * @TWIN_SIM_METHOD_MSBDF: GSL multistep BDF (stiff; dense Jacobian)
 * @TWIN_SIM_METHOD_BSIMP: GSL implicit Bulirsch-Stoer (stiff; dense Jacobian)
 * @TWIN_SIM_METHOD_CVODE_BAND: SUNDIALS CVODE BDF with a banded linear solver
 * @TWIN_SIM_METHOD_CVODE_KLU: SUNDIALS CVODE BDF with the sparse KLU solver
 */
typedef enum
{
  TWIN_SIM_METHOD_AUTO,
  TWIN_SIM_METHOD_RK8PD,
  TWIN_SIM_METHOD_RKF45,
  TWIN_SIM_METHOD_MSBDF,
  TWIN_SIM_METHOD_BSIMP,
  TWIN_SIM_METHOD_CVODE_BAND,
  TWIN_SIM_METHOD_CVODE_KLU,
} TwinSimMethod;

/**
 * TwinSimSolverSettings:
 * @method: the method, or %TWIN_SIM_METHOD_AUTO
 * @rtol: relative tolerance (default 1e-6)
 * @atol: absolute tolerance (default 1e-8)
 * @t0_s: start time, in seconds of simulation time
 * @t1_s: stop time
 * @output_interval_s: the spacing of output points (t0, t0 + dt, …, t1)
 * @max_step_s: the largest step, or 0 for no limit
 */
typedef struct
{
  TwinSimMethod method;
  double        rtol;
  double        atol;
  double        t0_s;
  double        t1_s;
  double        output_interval_s;
  double        max_step_s;
} TwinSimSolverSettings;

/**
 * TwinSimSolveReport:
 * @method: the method that ran (never AUTO)
 * @reason: (nullable): a sentence on why AUTO chose @method
 * @t_reached_s: the last time reached (t1 when the run completed)
 * @n_steps: accepted steps
 * @n_rhs: right-hand side evaluations (finite-difference ones included)
 * @n_jacobian: Jacobian evaluations
 * @n_events: located events (state and time events)
 * @stiffness: the stiffness estimate of the check (|λ|max · span), or 0
 * @failed_state: the index of the state that became NaN/infinite, or -1
 */
typedef struct
{
  TwinSimMethod method;
  char         *reason;
  double        t_reached_s;
  guint64       n_steps;
  guint64       n_rhs;
  guint64       n_jacobian;
  guint64       n_events;
  double        stiffness;
  int           failed_state;
} TwinSimSolveReport;

/**
 * TwinSimOutputFunc:
 * @t_s: an output time (t0, t0 + dt, …, t1; also the time of a failure)
 * @x: the states at @t_s
 *
 * Receives the solution at every output point, in order. Return %FALSE to stop
 * the run (it then ends with %TWIN_SIM_ERROR_CANCELLED).
 */
typedef gboolean (*TwinSimOutputFunc) (double t_s, const double *x, gpointer user_data);

GQuark        twin_sim_error_quark           (void);
void          twin_sim_solver_settings_init  (TwinSimSolverSettings *settings);
const char   *twin_sim_method_to_string      (TwinSimMethod          method);
gboolean      twin_sim_method_from_string    (const char            *text,
                                              TwinSimMethod         *method);
void          twin_sim_solve_report_clear    (TwinSimSolveReport    *report);

gboolean      twin_sim_solve                 (const TwinSimSystem         *system,
                                              const TwinSimSolverSettings *settings,
                                              double                      *x,
                                              TwinSimOutputFunc            output,
                                              gpointer                     user_data,
                                              GCancellable                *cancellable,
                                              TwinSimSolveReport          *report,
                                              GError                     **error);

G_END_DECLS
