/* twin-sim-model.h: a twin's hierarchy compiled into one ODE system (the simulation engine).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * twin_sim_model_compile() flattens the hierarchy (subsystems' boundary ports
 * resolved), joins connected physical ports into nodes, makes the across value
 * of every node with a capacity a state, solves nodes without one from their
 * flow balance, orders signal blocks, and reports what cannot be simulated with
 * the entity path. The compiled model holds no reference to the entities: it
 * may run in another thread while the model is edited.
 */
#pragma once

#include <gio/gio.h>

#include "model/twin-entity.h"
#include "twin-sim-system.h"

G_BEGIN_DECLS

#define TWIN_TYPE_SIM_MODEL (twin_sim_model_get_type ())

G_DECLARE_FINAL_TYPE (TwinSimModel, twin_sim_model, TWIN, SIM_MODEL, GObject)

/**
 * TwinSimInputFunc:
 * @t_s: the time, s since the start of the run
 *
 * A time-varying input (a profile, replayed history): its value at @t_s, in
 * the unit of the parameter the input stands for.
 */
typedef double (*TwinSimInputFunc) (double t_s, gpointer user_data);

/**
 * TwinSimBinding:
 * @target: "ENTITY-PATH.PORT", an input port of a component (Office/Outside.temperature)
 * @func: its value at a time
 * @next_break: (nullable): its first discontinuity strictly after a time, or INFINITY
 * @user_data: for @func and @next_break
 *
 * An input of a run attached to a signal input port; an unconnected port only.
 */
typedef struct
{
  const char      *target;
  TwinSimInputFunc func;
  double         (*next_break) (double t_s, gpointer user_data);
  gpointer         user_data;
} TwinSimBinding;

/**
 * TwinSimVariable:
 * @name: "ENTITY-PATH.NAME" (Office/Room 1.T, Office/Thermostat.out)
 * @unit: its unit as stored in results (temperatures in °C, others SI or the signal's unit)
 * @is_state: %TRUE for a continuous state (capacities and components' own states)
 * @entity_path: the entity's path
 * @property: NAME alone
 *
 * Something a run can record: every state, every signal output, and every
 * node's across value.
 */
typedef struct
{
  char    *name;
  char    *unit;
  gboolean is_state;
  char    *entity_path;
  char    *property;
} TwinSimVariable;

TwinSimModel          *twin_sim_model_compile            (TwinEntity           *root,
                                                          GHashTable           *overrides,
                                                          const TwinSimBinding *bindings,
                                                          guint                 n_bindings,
                                                          GError              **error);
const TwinSimSystem   *twin_sim_model_get_system         (TwinSimModel         *self);
guint                  twin_sim_model_get_n_states       (TwinSimModel         *self);
void                   twin_sim_model_get_initial_state  (TwinSimModel         *self,
                                                          double               *x);
/* Resets every discrete mode and runs the components' start(): call before each run. */
void                   twin_sim_model_reset              (TwinSimModel         *self);
gboolean               twin_sim_model_has_analytic_jacobian (TwinSimModel      *self);
guint                  twin_sim_model_get_n_variables    (TwinSimModel         *self);
const TwinSimVariable *twin_sim_model_get_variable       (TwinSimModel         *self,
                                                          guint                 index);
int                    twin_sim_model_find_variable      (TwinSimModel         *self,
                                                          const char           *name);
/* Every variable at (t, x), in the units of TwinSimVariable (°C for temperatures). */
gboolean               twin_sim_model_eval_variables     (TwinSimModel         *self,
                                                          double                t_s,
                                                          const double         *x,
                                                          double               *values,
                                                          GError              **error);
/* "N states, M nodes solved algebraically, K events" for reports. */
char                  *twin_sim_model_dup_summary        (TwinSimModel         *self);

G_END_DECLS
