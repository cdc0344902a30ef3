/* twin-sim-archive.h: scenarios and run records in the project file (tables scenario, sim_run).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Like TwinHistorian, an archive has its own SQLite connection to the .dtwin
 * file and is used by one thread. A run's results are history signals named
 * "sim/<run id>/<variable>" (source "simulation"), so charts, CSV export and
 * the 3D view's colour by value read them like measured history.
 *
 * Errors are TWIN_STORE_ERROR (NOT_FOUND for a missing file, scenario or
 * run; READ_ONLY; LOCKED for a run still computed; IO, CORRUPT) or
 * TWIN_SIM_ERROR_SCENARIO for a scenario that is invalid. Lists:
 * list_scenarios gives TwinSimScenario * (by name), list_runs gives
 * TwinSimRunRecord * (oldest first, model_json left NULL). Opening for
 * writing marks runs whose process is gone INTERRUPTED.
 */
#pragma once

#include <gio/gio.h>

#include "twin-sim-scenario.h"

G_BEGIN_DECLS

/**
 * TwinSimRunStatus:
 * @TWIN_SIM_RUN_RUNNING: being computed (or interrupted, when no process holds it)
 * @TWIN_SIM_RUN_COMPLETED: reached its stop time
 * @TWIN_SIM_RUN_FAILED: stopped by an error; results up to the failure are kept
 * @TWIN_SIM_RUN_CANCELLED: stopped by the user; results up to there are kept
 * @TWIN_SIM_RUN_INTERRUPTED: its process ended without finishing it (found at open)
 */
typedef enum
{
  TWIN_SIM_RUN_RUNNING,
  TWIN_SIM_RUN_COMPLETED,
  TWIN_SIM_RUN_FAILED,
  TWIN_SIM_RUN_CANCELLED,
  TWIN_SIM_RUN_INTERRUPTED,
} TwinSimRunStatus;

/**
 * TwinSimRunRecord:
 * @id: the run's number in the project
 * @scenario_name: the scenario it ran
 * @scenario_json: the scenario exactly as run
 * @model_json: the model exactly as run (twin-model-json form)
 * @started_us: wall-clock start, UTC µs
 * @finished_us: wall-clock end, or 0
 * @status: how it ended
 * @message: (nullable): the error, for a failed run
 * @start_us: simulated start time (the scenario's), UTC µs
 * @t_reached_s: simulated seconds reached
 * @method: the solver that ran
 * @statistics: "steps …, rhs …, jacobians …, events …, wall … s"
 */
typedef struct
{
  gint64           id;
  char            *scenario_name;
  char            *scenario_json;
  char            *model_json;
  gint64           started_us;
  gint64           finished_us;
  TwinSimRunStatus status;
  char            *message;
  gint64           start_us;
  double           t_reached_s;
  char            *method;
  char            *statistics;
} TwinSimRunRecord;

#define TWIN_TYPE_SIM_ARCHIVE (twin_sim_archive_get_type ())

G_DECLARE_FINAL_TYPE (TwinSimArchive, twin_sim_archive, TWIN, SIM_ARCHIVE, GObject)

TwinSimArchive   *twin_sim_archive_open             (const char       *path,
                                                     gboolean          read_only,
                                                     GError          **error);
GPtrArray        *twin_sim_archive_list_scenarios   (TwinSimArchive   *self,
                                                     GError          **error);
TwinSimScenario  *twin_sim_archive_load_scenario    (TwinSimArchive   *self,
                                                     const char       *name,
                                                     GError          **error);
gboolean          twin_sim_archive_save_scenario    (TwinSimArchive   *self,
                                                     const TwinSimScenario *scenario,
                                                     GError          **error);
gboolean          twin_sim_archive_delete_scenario  (TwinSimArchive   *self,
                                                     const char       *name,
                                                     GError          **error);
gint64            twin_sim_archive_begin_run        (TwinSimArchive   *self,
                                                     const TwinSimScenario *scenario,
                                                     const char       *model_json,
                                                     GError          **error);
gboolean          twin_sim_archive_finish_run       (TwinSimArchive   *self,
                                                     gint64            run_id,
                                                     TwinSimRunStatus  status,
                                                     const char       *message,
                                                     double            t_reached_s,
                                                     const char       *method,
                                                     const char       *statistics,
                                                     GError          **error);
/* Records how far a RUNNING run has got (for readers, and for the record if its process dies). */
gboolean          twin_sim_archive_set_progress     (TwinSimArchive   *self,
                                                     gint64            run_id,
                                                     double            t_reached_s,
                                                     GError          **error);
GPtrArray        *twin_sim_archive_list_runs        (TwinSimArchive   *self,
                                                     GError          **error);
TwinSimRunRecord *twin_sim_archive_load_run         (TwinSimArchive   *self,
                                                     gint64            run_id,
                                                     GError          **error);
/* Deletes the run and its result signals. */
gboolean          twin_sim_archive_delete_run       (TwinSimArchive   *self,
                                                     gint64            run_id,
                                                     GError          **error);
/* "sim/<id>/<variable>" */
char             *twin_sim_result_signal_name       (gint64            run_id,
                                                     const char       *variable) G_GNUC_WARN_UNUSED_RESULT;
/* Parses a name made by twin_sim_result_signal_name(); variable is newly allocated. */
gboolean          twin_sim_parse_result_signal_name (const char       *signal,
                                                     gint64           *run_id,
                                                     char            **variable);
void              twin_sim_run_record_free          (TwinSimRunRecord *record);
const char       *twin_sim_run_status_to_string     (TwinSimRunStatus  status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinSimRunRecord, twin_sim_run_record_free)

G_END_DECLS
