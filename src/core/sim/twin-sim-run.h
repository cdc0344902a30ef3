/* twin-sim-run.h: one simulation run of a project: compile, read inputs, solve, record results.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prepare on the thread that owns the model (it compiles, which reads the
 * entities), then execute on any thread (twinctl runs it in the main thread,
 * the app in a GTask). Results are written through a TwinHistorian in
 * transactions of about a quarter second of work, so a chart reading the
 * project sees them grow; a cancelled or failed run keeps what it computed and
 * is marked so.
 */
#pragma once

#include <gio/gio.h>

#include "model/twin-entity.h"
#include "twin-sim-archive.h"
#include "twin-sim-model.h"
#include "twin-sim-scenario.h"

G_BEGIN_DECLS

#define TWIN_TYPE_SIM_RUN (twin_sim_run_get_type ())

G_DECLARE_FINAL_TYPE (TwinSimRun, twin_sim_run, TWIN, SIM_RUN, GObject)

/**
 * TwinSimProgressFunc:
 * @fraction: simulated time done / simulated time asked, 0..1
 * @t_s: simulated seconds reached
 *
 * Called at most about 20 times a second, from the executing thread.
 */
typedef void (*TwinSimProgressFunc) (double fraction, double t_s, gpointer user_data);

/* Compiles @root with the scenario's overrides and inputs (history inputs read from
 * @project_path) and records the model's JSON form. */
TwinSimRun      *twin_sim_run_prepare        (const char            *project_path,
                                              TwinEntity            *root,
                                              const TwinSimScenario *scenario,
                                              GError               **error);
TwinSimModel    *twin_sim_run_get_model      (TwinSimRun            *self);
const TwinSimScenario *twin_sim_run_get_scenario (TwinSimRun        *self);
/* Known once execute has begun the run record; 0 before. */
gint64           twin_sim_run_get_id         (TwinSimRun            *self);
/* Runs it to the end. On failure or cancel the run is still stored (FAILED/CANCELLED) with
 * results up to that point, and the error says what happened at what time and where. */
gboolean         twin_sim_run_execute        (TwinSimRun            *self,
                                              TwinSimProgressFunc    progress,
                                              gpointer               user_data,
                                              GCancellable          *cancellable,
                                              GError               **error);
const TwinSimSolveReport *twin_sim_run_get_report (TwinSimRun       *self);
/* Optional: keep results only in memory as well (tests, --csv): every recorded
 * variable's samples, variable names in order. */
void             twin_sim_run_set_keep_in_memory (TwinSimRun        *self,
                                              gboolean               keep);
GPtrArray       *twin_sim_run_get_recorded_names (TwinSimRun        *self);
/* (element-type double): the times (s) and, per recorded variable, its values */
GArray          *twin_sim_run_get_times      (TwinSimRun            *self);
GArray          *twin_sim_run_get_values     (TwinSimRun            *self,
                                              guint                  variable);

G_END_DECLS
