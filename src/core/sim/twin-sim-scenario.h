/* twin-sim-scenario.h: a simulation scenario: times, solver settings, overrides, inputs, outputs.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stored in the project as JSON (docs/simulation.md documents the form), so a
 * past run's scenario is kept beside its results and can be run again.
 */
#pragma once

#include <glib-object.h>

#include "twin-sim-solver.h"

G_BEGIN_DECLS

/**
 * TwinSimInputKind:
 * @TWIN_SIM_INPUT_CONSTANT: one value for the whole run
 * @TWIN_SIM_INPUT_PROFILE: a table of (time s, value), linear or stepwise
 * @TWIN_SIM_INPUT_HISTORY: the recorded samples of a signal of the project's history
 */
typedef enum
{
  TWIN_SIM_INPUT_CONSTANT,
  TWIN_SIM_INPUT_PROFILE,
  TWIN_SIM_INPUT_HISTORY,
} TwinSimInputKind;

/**
 * TwinSimInput:
 * @target: "ENTITY-PATH.PORT": an unconnected input port (Office/Outside.temperature)
 * @kind: constant, profile or history
 * @value: the constant
 * @times_s: (element-type double): profile times, s from the run's start, ascending
 * @values: (element-type double): profile values, in the unit of the port's parameter
 * @stepwise: %TRUE: a profile holds each value until the next time; %FALSE: linear
 * @signal: the history signal's name
 */
typedef struct
{
  char            *target;
  TwinSimInputKind kind;
  double           value;
  GArray          *times_s;
  GArray          *values;
  gboolean         stepwise;
  char            *signal;
} TwinSimInput;

/**
 * TwinSimStoreStates:
 * @TWIN_SIM_STORE_STATES_AUTO: every state when the model has at most 2,000
 * @TWIN_SIM_STORE_STATES_ALL: every state
 * @TWIN_SIM_STORE_STATES_NONE: only the chosen outputs
 */
typedef enum
{
  TWIN_SIM_STORE_STATES_AUTO,
  TWIN_SIM_STORE_STATES_ALL,
  TWIN_SIM_STORE_STATES_NONE,
} TwinSimStoreStates;

/**
 * TwinSimScenario:
 * @name: unique within a project
 * @start_us: the run's start, UTC µs (history inputs are read from here)
 * @duration_s: how long to simulate
 * @solver: method, tolerances, output interval, max step (t0 = 0, t1 = @duration_s)
 * @overrides: (element-type utf8 utf8): "ENTITY-PATH.PARAMETER" → value text in the parameter's unit
 * @inputs: (element-type TwinSimInput)
 * @outputs: (element-type utf8): variable names to record besides states (Office/Thermostat.out)
 * @store_states: which states to record
 * @charted: (element-type utf8): variables the run panel charts while it runs
 */
typedef struct
{
  char              *name;
  gint64             start_us;
  double             duration_s;
  TwinSimSolverSettings solver;
  GHashTable        *overrides;
  GPtrArray         *inputs;
  GPtrArray         *outputs;
  TwinSimStoreStates store_states;
  GPtrArray         *charted;
} TwinSimScenario;

#define TWIN_TYPE_SIM_SCENARIO (twin_sim_scenario_get_type ())

GType            twin_sim_scenario_get_type       (void) G_GNUC_CONST;
TwinSimScenario *twin_sim_scenario_new            (const char            *name);
TwinSimScenario *twin_sim_scenario_copy           (const TwinSimScenario *self);
void             twin_sim_scenario_free           (TwinSimScenario       *self);
TwinSimInput    *twin_sim_input_new               (const char            *target,
                                                   TwinSimInputKind       kind);
void             twin_sim_input_free              (TwinSimInput          *input);
gboolean         twin_sim_scenario_validate       (const TwinSimScenario *self,
                                                   GError               **error);
char            *twin_sim_scenario_to_json        (const TwinSimScenario *self) G_GNUC_WARN_UNUSED_RESULT;
TwinSimScenario *twin_sim_scenario_new_from_json  (const char            *json,
                                                   GError               **error);
/* "PATH=VALUE" from `twinctl simulate --set`: PATH is ENTITY-PATH.PARAMETER. */
gboolean         twin_sim_scenario_add_override_text (TwinSimScenario    *self,
                                                   const char            *assignment,
                                                   GError               **error);
/* "3600", "90s", "15min", "2h", "30d", "1w", "1y", "1h30min" → seconds (> 0). */
gboolean         twin_sim_parse_duration          (const char            *text,
                                                   double                *seconds,
                                                   GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinSimScenario, twin_sim_scenario_free)

G_END_DECLS
