/* twin-sim-run.c: one simulation run of a project: compile, read inputs, solve, record results.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prepare (on the thread that owns the entities) validates the scenario,
 * turns its inputs into bindings (constants, profiles, replayed history
 * read through a TwinHistorian), compiles the model with the overrides and
 * bindings, chooses the recorded variables and keeps the model's JSON form.
 * The input tables are attached to the compiled model, which calls them, so
 * they live exactly as long as it does.
 *
 * Execute (on any one thread) opens its own archive and historian
 * connections, begins the run record, creates the result signals
 * "sim/<id>/<variable>" and solves. Output points are buffered and written
 * in one historian transaction about every quarter second of wall time, so
 * readers of the file see the results grow and a write transaction is never
 * held while the solver works. On cancel or failure what was computed is
 * written, the record is finished CANCELLED or FAILED with the message, and
 * the error is returned. A value that is not finite at an output point (a
 * signal output dividing by zero) is left out of its signal; the states are
 * checked by the solver, which stops the run.
 *
 * Input values are in the unit of the parameter the input port stands for
 * (a history signal in another compatible unit is converted); times are
 * seconds from the scenario's start. Profiles and history hold their first
 * value before their first point and their last value after their last.
 */

#define G_LOG_DOMAIN "twin-sim"

#include "config.h"

#include "twin-sim-run.h"

#include "history/twin-historian.h"
#include "history/twin-time-parse.h"
#include "model/twin-entity.h"
#include "model/twin-model-json.h"
#include "model/twin-parameter.h"
#include "model/twin-unit.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

/* Results are committed after about this much wall time. */
#define FLUSH_INTERVAL_US (G_USEC_PER_SEC / 4)
/* Progress is reported at most this often. */
#define PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 20)
/* AUTO stores every state up to this many. */
#define AUTO_STATES_LIMIT 2000

/* One input's table, called by the compiled model. */
typedef struct
{
  char    *target;
  double   value;   /* a constant */
  double  *times_s; /* ascending; NULL for a constant */
  double  *values;
  guint    n;
  gboolean stepwise;
  gboolean breaks; /* whether points are discontinuities worth stopping at */
  guint    cursor; /* the last interval found, as a hint */
} InputTable;

struct _TwinSimRun
{
  GObject            parent_instance;

  /* Owned references */
  char              *project_path;
  TwinSimScenario   *scenario;
  TwinSimModel      *model;
  char              *model_json;
  GArray            *recorded;       /* guint: indices of the recorded variables */
  GPtrArray         *recorded_names; /* char *: their names */
  GArray            *times;          /* double, when kept in memory */
  GPtrArray         *values;         /* GArray of double per recorded variable, when kept */

  /* State */
  gint64             id;
  TwinSimSolveReport report;
  gboolean           keep_in_memory;
  gboolean           executed;
};

G_DEFINE_FINAL_TYPE (TwinSimRun, twin_sim_run, G_TYPE_OBJECT)

/* What the output function works with during execute. */
typedef struct
{
  TwinSimRun         *self;
  TwinSimArchive     *archive;
  TwinHistorian      *historian;
  gint64             *signal_ids; /* per recorded variable */
  GArray            **pending;    /* TwinSample per recorded variable */
  double             *all_values; /* every variable at one output point */
  gint64              last_flush_us;
  gint64              last_progress_us;
  TwinSimProgressFunc progress;
  gpointer            progress_data;
  double              t_last_s; /* the last output time */
  gboolean            any_output;
  GError             *error; /* why the output function stopped the run */
} Recorder;

static void
input_table_free (InputTable *table)
{
  g_free (table->target);
  g_free (table->times_s);
  g_free (table->values);
  g_free (table);
}

/* The index i with times_s[i] <= t < times_s[i + 1], or -1 before the first point. */
static int
input_table_find (InputTable *table,
                  double      t_s)
{
  guint lo;
  guint hi;

  if (t_s < table->times_s[0])
    return -1;
  if (table->cursor + 1 < table->n && table->times_s[table->cursor] <= t_s && t_s < table->times_s[table->cursor + 1])
    return (int) table->cursor;
  lo = 0;
  hi = table->n - 1;
  if (t_s >= table->times_s[hi])
    return (int) hi;
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (table->times_s[mid] <= t_s)
        lo = mid;
      else
        hi = mid;
    }
  table->cursor = lo;
  return (int) lo;
}

static double
input_table_value (double   t_s,
                   gpointer user_data)
{
  InputTable *table = user_data;
  int         i;
  double      t0;
  double      t1;

  if (table->times_s == NULL)
    return table->value;
  i = input_table_find (table, t_s);
  if (i < 0)
    return table->values[0];
  if ((guint) i + 1 >= table->n || table->stepwise)
    return table->values[i];
  t0 = table->times_s[i];
  t1 = table->times_s[i + 1];
  return table->values[i] + (table->values[i + 1] - table->values[i]) * (t_s - t0) / (t1 - t0);
}

static double
input_table_next_break (double   t_s,
                        gpointer user_data)
{
  InputTable *table = user_data;
  int         i = input_table_find (table, t_s);

  if ((guint) (i + 1) >= table->n)
    return INFINITY;
  return table->times_s[i + 1];
}

/* Finds the entity at @path ("Office/Room 1") below and including @entity. */
static TwinEntity *
find_entity (TwinEntity *entity,
             const char *path)
{
  g_autofree char *own = twin_entity_dup_path (entity);
  guint            n;

  if (g_str_equal (own, path))
    return entity;
  if (!g_str_has_prefix (path, own) || path[strlen (own)] != '/')
    return NULL;
  n = twin_entity_get_n_children (entity);
  for (guint i = 0; i < n; i++)
    {
      TwinEntity *found = find_entity (twin_entity_get_child (entity, i), path);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The unit of the parameter an input port stands for, or NULL. */
static const char *
lookup_target_unit (TwinEntity *root,
                    const char *target)
{
  const char      *dot = strrchr (target, '.');
  g_autofree char *path = g_strndup (target, (gsize) (dot - target));
  TwinEntity      *entity = find_entity (root, path);
  TwinParameter   *parameter;

  if (entity == NULL)
    return NULL;
  parameter = twin_entity_get_parameter (entity, dot + 1);
  if (parameter == NULL)
    return NULL;
  return twin_parameter_get_unit (parameter);
}

/* Appends samples of @signal_id in [from_us, to_us) to @out; FALSE with @error set on a read error. */
static gboolean
read_samples (TwinHistorian *historian,
              gint64         signal_id,
              gint64         from_us,
              gint64         to_us,
              GArray        *out,
              GError       **error)
{
  g_autoptr (GArray) samples = twin_historian_read (historian, signal_id, from_us, to_us, error);

  if (samples == NULL)
    return FALSE;
  if (samples->len > 0)
    g_array_append_vals (out, samples->data, samples->len);
  return TRUE;
}

/* Reads a history input: the samples of [start, end] and one either side. */
static InputTable *
read_history_input (TwinHistorian         *historian,
                    TwinEntity            *root,
                    const TwinSimScenario *scenario,
                    const TwinSimInput    *input,
                    GError               **error)
{
  g_autoptr (TwinSignalInfo) info = NULL;
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (TwinSample));
  g_autoptr (GError) local_error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  const char      *unit;
  gint64           start_us = scenario->start_us;
  gint64           end_us = start_us + (gint64) ceil (scenario->duration_s * G_USEC_PER_SEC);
  TwinSample       before;
  InputTable      *table;

  info = twin_historian_lookup_signal (historian, input->signal, &local_error);
  if (info == NULL)
    {
      if (local_error != NULL)
        g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_INPUT,
                     _ ("The input for “%s” cannot read the signal “%s”: %s"), input->target, input->signal,
                     local_error->message);
      else
        g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_INPUT,
                     _ ("The input for “%s” replays the signal “%s”, which the project’s history does not have."),
                     input->target, input->signal);
      return NULL;
    }
  first = twin_time_format_iso8601 (start_us);
  last = twin_time_format_iso8601 (end_us);
  if (info->n_samples == 0 || info->first_us > end_us || info->last_us < start_us)
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_INPUT,
                   _ ("The input for “%s” replays the signal “%s”, which has no samples between %s and %s, "
                      "the time the scenario “%s” simulates."),
                   input->target, input->signal, first, last, scenario->name);
      return NULL;
    }

  if (start_us > info->first_us && twin_historian_sample_at (historian, info->id, start_us - 1, &before))
    g_array_append_val (samples, before);
  if (!read_samples (historian, info->id, start_us, end_us + 1, samples, &local_error))
    goto read_failed;
  /* The first sample after the end: widen a window until one is found. */
  if (info->last_us > end_us)
    {
      gint64 from_us = end_us + 1;
      gint64 width_us = G_GINT64_CONSTANT (3600000000);
      guint  len = samples->len;

      while (samples->len == len && from_us <= info->last_us)
        {
          gint64 to_us = width_us > info->last_us - from_us ? info->last_us + 1 : from_us + width_us;
          g_autoptr (GArray) next = twin_historian_read (historian, info->id, from_us, to_us, &local_error);

          if (next == NULL)
            goto read_failed;
          if (next->len > 0)
            g_array_append_vals (samples, next->data, 1);
          from_us = to_us;
          width_us = width_us < G_MAXINT64 / 16 ? width_us * 16 : G_MAXINT64;
        }
    }
  if (samples->len == 0)
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_INPUT,
                   _ ("The input for “%s” replays the signal “%s”, which has no samples between %s and %s, "
                      "the time the scenario “%s” simulates."),
                   input->target, input->signal, first, last, scenario->name);
      return NULL;
    }

  table = g_new0 (InputTable, 1);
  table->target = g_strdup (input->target);
  table->n = samples->len;
  table->times_s = g_new (double, table->n);
  table->values = g_new (double, table->n);
  unit = lookup_target_unit (root, input->target);
  for (guint i = 0; i < table->n; i++)
    {
      const TwinSample *sample = &g_array_index (samples, TwinSample, i);
      double            value = sample->value;

      table->times_s[i] = (double) (sample->t_us - start_us) / G_USEC_PER_SEC;
      if (unit != NULL && unit[0] != '\0' && info->unit[0] != '\0' && !g_str_equal (unit, info->unit) &&
          !twin_unit_convert (sample->value, info->unit, unit, &value, &local_error))
        {
          g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_INPUT,
                       _ ("The input for “%s” replays the signal “%s” in %s, which cannot be converted to %s: %s"),
                       input->target, input->signal, info->unit, unit, local_error->message);
          input_table_free (table);
          return NULL;
        }
      table->values[i] = value;
    }
  /* Linear interpolation between samples: kinks, not jumps; the solver's
   * error control handles them without a stop at every sample. */
  table->breaks = FALSE;
  return table;

read_failed:
  g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_INPUT, _ ("The input for “%s” cannot read the signal “%s”: %s"),
               input->target, input->signal, local_error->message);
  return NULL;
}

static InputTable *
make_input_table (TwinHistorian         *historian,
                  TwinEntity            *root,
                  const TwinSimScenario *scenario,
                  const TwinSimInput    *input,
                  GError               **error)
{
  InputTable *table;

  if (input->kind == TWIN_SIM_INPUT_HISTORY)
    return read_history_input (historian, root, scenario, input, error);

  table = g_new0 (InputTable, 1);
  table->target = g_strdup (input->target);
  table->value = input->value;
  if (input->kind == TWIN_SIM_INPUT_PROFILE)
    {
      table->n = input->times_s->len;
      table->times_s = g_memdup2 (input->times_s->data, sizeof (double) * table->n);
      table->values = g_memdup2 (input->values->data, sizeof (double) * table->n);
      table->stepwise = input->stepwise;
      table->breaks = TRUE;
    }
  return table;
}

static gboolean
add_recorded (TwinSimRun *self,
              GHashTable *seen,
              guint       index)
{
  const TwinSimVariable *variable = twin_sim_model_get_variable (self->model, index);

  if (!g_hash_table_add (seen, GUINT_TO_POINTER (index + 1)))
    return FALSE;
  g_array_append_val (self->recorded, index);
  g_ptr_array_add (self->recorded_names, g_strdup (variable->name));
  return TRUE;
}

/* States per store_states, then the outputs and charted variables named by the scenario. */
static gboolean
choose_recorded (TwinSimRun *self,
                 GError    **error)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
  const TwinSimScenario *scenario = self->scenario;
  guint                  n = twin_sim_model_get_n_variables (self->model);
  gboolean               states;

  switch (scenario->store_states)
    {
    case TWIN_SIM_STORE_STATES_ALL:
      states = TRUE;
      break;
    case TWIN_SIM_STORE_STATES_NONE:
      states = FALSE;
      break;
    case TWIN_SIM_STORE_STATES_AUTO:
    default:
      states = twin_sim_model_get_n_states (self->model) <= AUTO_STATES_LIMIT;
      break;
    }
  for (guint i = 0; states && i < n; i++)
    if (twin_sim_model_get_variable (self->model, i)->is_state)
      add_recorded (self, seen, i);

  for (guint list = 0; list < 2; list++)
    {
      GPtrArray *names = list == 0 ? scenario->outputs : scenario->charted;

      for (guint i = 0; names != NULL && i < names->len; i++)
        {
          const char *name = g_ptr_array_index (names, i);
          int         index = twin_sim_model_find_variable (self->model, name);

          if (index < 0)
            {
              g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                           _ ("The scenario “%s” records “%s”, which the model does not compute."), scenario->name,
                           name);
              return FALSE;
            }
          add_recorded (self, seen, (guint) index);
        }
    }
  return TRUE;
}

/* Writes the buffered samples in one transaction. */
static gboolean
flush (Recorder *recorder,
       GError  **error)
{
  TwinSimRun *self = recorder->self;
  gboolean    any = FALSE;

  for (guint i = 0; i < self->recorded->len && !any; i++)
    any = recorder->pending[i]->len > 0;
  if (!any)
    return TRUE;
  if (!twin_historian_begin (recorder->historian, error))
    return FALSE;
  for (guint i = 0; i < self->recorded->len; i++)
    {
      GArray *pending = recorder->pending[i];

      if (pending->len > 0 &&
          !twin_historian_append (recorder->historian, recorder->signal_ids[i], (TwinSample *) pending->data,
                                  pending->len, error))
        {
          twin_historian_rollback (recorder->historian);
          return FALSE;
        }
    }
  if (!twin_historian_commit (recorder->historian, error))
    {
      twin_historian_rollback (recorder->historian);
      return FALSE;
    }
  for (guint i = 0; i < self->recorded->len; i++)
    g_array_set_size (recorder->pending[i], 0);
  /* Advisory: the samples are what counts, so a failure here does not stop the run. */
  twin_sim_archive_set_progress (recorder->archive, self->id, recorder->t_last_s, NULL);
  return TRUE;
}

static gboolean
on_output (double        t_s,
           const double *x,
           gpointer      user_data)
{
  Recorder   *recorder = user_data;
  TwinSimRun *self = recorder->self;
  gint64      t_us = self->scenario->start_us + (gint64) llround (t_s * G_USEC_PER_SEC);
  gint64      now_us;

  if (!twin_sim_model_eval_variables (self->model, t_s, x, recorder->all_values, &recorder->error))
    return FALSE;
  for (guint i = 0; i < self->recorded->len; i++)
    {
      double value = recorder->all_values[g_array_index (self->recorded, guint, i)];

      if (isfinite (value))
        {
          TwinSample sample = { t_us, value };

          g_array_append_val (recorder->pending[i], sample);
        }
      if (self->keep_in_memory)
        g_array_append_val (g_ptr_array_index (self->values, i), value);
    }
  if (self->keep_in_memory)
    g_array_append_val (self->times, t_s);
  recorder->t_last_s = t_s;
  recorder->any_output = TRUE;

  now_us = g_get_monotonic_time ();
  if (now_us - recorder->last_flush_us >= FLUSH_INTERVAL_US)
    {
      if (!flush (recorder, &recorder->error))
        return FALSE;
      recorder->last_flush_us = now_us;
    }
  if (recorder->progress != NULL && now_us - recorder->last_progress_us >= PROGRESS_INTERVAL_US)
    {
      recorder->last_progress_us = now_us;
      recorder->progress (CLAMP (t_s / self->scenario->duration_s, 0.0, 1.0), t_s, recorder->progress_data);
    }
  return TRUE;
}

/* Creates the result signals, in one transaction. */
static gboolean
create_signals (TwinSimRun    *self,
                TwinHistorian *historian,
                gint64        *ids,
                GError       **error)
{
  if (!twin_historian_begin (historian, error))
    return FALSE;
  for (guint i = 0; i < self->recorded->len; i++)
    {
      const TwinSimVariable *variable = twin_sim_model_get_variable (self->model,
                                                                     g_array_index (self->recorded, guint, i));
      g_autofree char       *name = twin_sim_result_signal_name (self->id, variable->name);
      g_autofree char       *description = NULL;

      ids[i] = twin_historian_ensure_signal (historian, name, variable->unit != NULL ? variable->unit : "", error);
      if (ids[i] < 0)
        goto failed;
      /* TRANSLATORS: the description of a result signal; %s are the variable and the scenario. */
      description = g_strdup_printf (_ ("%s as computed by simulation run %" G_GINT64_FORMAT " of the scenario “%s”"),
                                     variable->name, self->id, self->scenario->name);
      if (!twin_historian_set_signal_description (historian, ids[i], description, "simulation", error))
        goto failed;
    }
  if (twin_historian_commit (historian, error))
    return TRUE;
failed:
  twin_historian_rollback (historian);
  return FALSE;
}

static char *
dup_statistics (const TwinSimSolveReport *report,
                double                    wall_s)
{
  g_autofree char *wall = NULL;
  char             buffer[G_ASCII_DTOSTR_BUF_SIZE];

  wall = g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.3f", wall_s));
  return g_strdup_printf ("steps %" G_GUINT64_FORMAT ", rhs %" G_GUINT64_FORMAT ", jacobians %" G_GUINT64_FORMAT
                          ", events %" G_GUINT64_FORMAT ", wall %s s",
                          report->n_steps, report->n_rhs, report->n_jacobian, report->n_events, wall);
}

static void
twin_sim_run_finalize (GObject *object)
{
  TwinSimRun *self = (TwinSimRun *) object;

  g_clear_pointer (&self->project_path, g_free);
  g_clear_pointer (&self->scenario, twin_sim_scenario_free);
  g_clear_object (&self->model);
  g_clear_pointer (&self->model_json, g_free);
  g_clear_pointer (&self->recorded, g_array_unref);
  g_clear_pointer (&self->recorded_names, g_ptr_array_unref);
  g_clear_pointer (&self->times, g_array_unref);
  g_clear_pointer (&self->values, g_ptr_array_unref);
  twin_sim_solve_report_clear (&self->report);

  G_OBJECT_CLASS (twin_sim_run_parent_class)->finalize (object);
}

static void
twin_sim_run_class_init (TwinSimRunClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = twin_sim_run_finalize;
}

static void
twin_sim_run_init (TwinSimRun *self)
{
  self->recorded = g_array_new (FALSE, FALSE, sizeof (guint));
  self->recorded_names = g_ptr_array_new_with_free_func (g_free);
  self->report.failed_state = -1;
}

/**
 * twin_sim_run_prepare:
 * @project_path: the project file (history inputs are read from it; results go to it)
 * @root: the model's root entity, read on this thread
 * @scenario: the scenario to run (copied)
 * @error: return location for a %TWIN_SIM_ERROR: %TWIN_SIM_ERROR_SCENARIO for an
 *   invalid scenario or override, %TWIN_SIM_ERROR_INPUT for an input that
 *   cannot be read (a history signal missing or without samples in the
 *   simulated time), %TWIN_SIM_ERROR_MODEL for a model that cannot be simulated
 *
 * Compiles @root with the scenario's overrides and inputs and records the
 * model's JSON form. The run is ready for twin_sim_run_execute(), which may
 * be called from another thread.
 *
 * Returns: (transfer full): the run, or %NULL with @error set
 */
TwinSimRun *
twin_sim_run_prepare (const char            *project_path,
                      TwinEntity            *root,
                      const TwinSimScenario *scenario,
                      GError               **error)
{
  g_autoptr (TwinSimRun) self = NULL;
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (GPtrArray) tables = NULL;
  g_autofree TwinSimBinding *bindings = NULL;
  guint                      n_inputs;

  g_return_val_if_fail (project_path != NULL, NULL);
  g_return_val_if_fail (TWIN_IS_ENTITY (root), NULL);
  g_return_val_if_fail (scenario != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!twin_sim_scenario_validate (scenario, error))
    return NULL;

  self = g_object_new (TWIN_TYPE_SIM_RUN, NULL);
  self->project_path = g_strdup (project_path);
  self->scenario = twin_sim_scenario_copy (scenario);
  self->scenario->solver.t0_s = 0.0;
  self->scenario->solver.t1_s = self->scenario->duration_s;

  n_inputs = scenario->inputs != NULL ? scenario->inputs->len : 0;
  tables = g_ptr_array_new_with_free_func ((GDestroyNotify) input_table_free);
  bindings = g_new0 (TwinSimBinding, MAX (n_inputs, 1));
  for (guint i = 0; i < n_inputs; i++)
    {
      const TwinSimInput *input = g_ptr_array_index (scenario->inputs, i);
      InputTable         *table;

      if (input->kind == TWIN_SIM_INPUT_HISTORY && historian == NULL)
        {
          g_autoptr (GError) local_error = NULL;

          historian = twin_historian_open (project_path, TRUE, &local_error);
          if (historian == NULL)
            {
              g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_INPUT,
                           _ ("The input for “%s” cannot read the signal “%s”: %s"), input->target, input->signal,
                           local_error->message);
              return NULL;
            }
        }
      table = make_input_table (historian, root, self->scenario, input, error);
      if (table == NULL)
        return NULL;
      g_ptr_array_add (tables, table);
      bindings[i].target = table->target;
      bindings[i].func = input_table_value;
      bindings[i].next_break = table->breaks ? input_table_next_break : NULL;
      bindings[i].user_data = table;
    }

  self->model = twin_sim_model_compile (root, self->scenario->overrides, bindings, n_inputs, error);
  if (self->model == NULL)
    return NULL;
  /* The model calls the tables from now on: they live as long as it does. */
  g_object_set_data_full (G_OBJECT (self->model), "twin-sim-run-inputs", g_steal_pointer (&tables),
                          (GDestroyNotify) g_ptr_array_unref);

  if (!choose_recorded (self, error))
    return NULL;
  self->model_json = twin_model_json_entity_to_string (root);
  return g_steal_pointer (&self);
}

/**
 * twin_sim_run_get_model:
 * @self: a run
 *
 * Returns: (transfer none): the compiled model
 */
TwinSimModel *
twin_sim_run_get_model (TwinSimRun *self)
{
  g_return_val_if_fail (TWIN_IS_SIM_RUN (self), NULL);

  return self->model;
}

/**
 * twin_sim_run_get_scenario:
 * @self: a run
 *
 * Returns: (transfer none): the scenario as it runs (t0_s = 0, t1_s = duration_s)
 */
const TwinSimScenario *
twin_sim_run_get_scenario (TwinSimRun *self)
{
  g_return_val_if_fail (TWIN_IS_SIM_RUN (self), NULL);

  return self->scenario;
}

/**
 * twin_sim_run_get_id:
 * @self: a run
 *
 * Returns: the run's id in the project, once twin_sim_run_execute() has begun it; 0 before
 */
gint64
twin_sim_run_get_id (TwinSimRun *self)
{
  g_return_val_if_fail (TWIN_IS_SIM_RUN (self), 0);

  return self->id;
}

/**
 * twin_sim_run_execute:
 * @self: a prepared run, not yet executed
 * @progress: (nullable) (scope call): told of the progress, at most about 20 times a second
 * @user_data: for @progress
 * @cancellable: (nullable): stops the run; the results so far are kept
 * @error: return location for a #GError: %TWIN_SIM_ERROR_CANCELLED when
 *   cancelled, %TWIN_SIM_ERROR_DIVERGED or %TWIN_SIM_ERROR_SOLVER (naming the
 *   time and the state) when the solver failed, a %TWIN_STORE_ERROR or
 *   %TWIN_HISTORIAN_ERROR when the project could not be written
 *
 * Records the run in the project (twin_sim_run_get_id() is known from then
 * on), solves it and writes every recorded variable's samples to the
 * history signal twin_sim_result_signal_name() gives, committed about every
 * quarter second. However it ends, the run record says how (COMPLETED,
 * CANCELLED or FAILED, with the message) and the results computed are kept.
 * Opens its own connections to the project: call it from one thread.
 *
 * Returns: %TRUE if the run reached its stop time
 */
gboolean
twin_sim_run_execute (TwinSimRun         *self,
                      TwinSimProgressFunc progress,
                      gpointer            user_data,
                      GCancellable       *cancellable,
                      GError            **error)
{
  g_autoptr (TwinSimArchive) archive = NULL;
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (GError) solve_error = NULL;
  g_autoptr (GError) flush_error = NULL;
  g_autofree gint64  *signal_ids = NULL;
  g_autofree double  *x = NULL;
  g_autofree double  *all_values = NULL;
  g_autofree GArray **pending = NULL;
  g_autofree char    *statistics = NULL;
  Recorder            recorder = { 0 };
  TwinSimRunStatus    status;
  const char         *message = NULL;
  guint               n_recorded;
  gint64              started_us;
  gboolean            ok;

  g_return_val_if_fail (TWIN_IS_SIM_RUN (self), FALSE);
  g_return_val_if_fail (!self->executed, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->executed = TRUE;
  archive = twin_sim_archive_open (self->project_path, FALSE, error);
  if (archive == NULL)
    return FALSE;
  historian = twin_historian_open (self->project_path, FALSE, error);
  if (historian == NULL)
    return FALSE;
  self->id = twin_sim_archive_begin_run (archive, self->scenario, self->model_json, error);
  if (self->id <= 0)
    return FALSE;

  n_recorded = self->recorded->len;
  signal_ids = g_new0 (gint64, MAX (n_recorded, 1));
  if (!create_signals (self, historian, signal_ids, &solve_error))
    {
      twin_sim_archive_finish_run (archive, self->id, TWIN_SIM_RUN_FAILED, solve_error->message, 0.0, NULL, NULL,
                                   NULL);
      g_propagate_error (error, g_steal_pointer (&solve_error));
      return FALSE;
    }

  if (self->keep_in_memory)
    {
      self->times = g_array_new (FALSE, FALSE, sizeof (double));
      self->values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
      for (guint i = 0; i < n_recorded; i++)
        g_ptr_array_add (self->values, g_array_new (FALSE, FALSE, sizeof (double)));
    }

  pending = g_new0 (GArray *, MAX (n_recorded, 1));
  for (guint i = 0; i < n_recorded; i++)
    pending[i] = g_array_new (FALSE, FALSE, sizeof (TwinSample));
  all_values = g_new0 (double, MAX (twin_sim_model_get_n_variables (self->model), 1));
  x = g_new0 (double, MAX (twin_sim_model_get_n_states (self->model), 1));

  recorder.self = self;
  recorder.archive = archive;
  recorder.historian = historian;
  recorder.signal_ids = signal_ids;
  recorder.pending = pending;
  recorder.all_values = all_values;
  recorder.progress = progress;
  recorder.progress_data = user_data;
  started_us = g_get_monotonic_time ();
  recorder.last_flush_us = started_us;
  recorder.last_progress_us = started_us - PROGRESS_INTERVAL_US;

  twin_sim_model_reset (self->model);
  twin_sim_model_get_initial_state (self->model, x);
  twin_sim_solve_report_clear (&self->report);
  ok = twin_sim_solve (twin_sim_model_get_system (self->model), &self->scenario->solver, x, on_output, &recorder,
                       cancellable, &self->report, &solve_error);
  /* The output function's own failure (a write, an evaluation) explains the stop better than "cancelled". */
  if (recorder.error != NULL)
    {
      g_clear_error (&solve_error);
      solve_error = g_steal_pointer (&recorder.error);
      ok = FALSE;
    }
  if (!flush (&recorder, &flush_error) && ok)
    {
      ok = FALSE;
      solve_error = g_steal_pointer (&flush_error);
    }
  for (guint i = 0; i < n_recorded; i++)
    g_array_unref (pending[i]);

  if (ok)
    status = TWIN_SIM_RUN_COMPLETED;
  else if (g_error_matches (solve_error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_CANCELLED) ||
           g_error_matches (solve_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *reached = twin_format_number (round ((recorder.any_output ? recorder.t_last_s : 0.0) * 1000.0) / 1000.0);

      g_clear_error (&solve_error);
      g_set_error (&solve_error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_CANCELLED,
                   _ ("Simulation run %" G_GINT64_FORMAT " of the scenario “%s” was cancelled at %s s of simulated "
                      "time; the results up to there are kept."),
                   self->id, self->scenario->name, reached);
      status = TWIN_SIM_RUN_CANCELLED;
    }
  else
    status = TWIN_SIM_RUN_FAILED;
  if (solve_error != NULL)
    message = solve_error->message;
  if (progress != NULL && ok)
    progress (1.0, self->scenario->duration_s, user_data);

  if (!isfinite (self->report.t_reached_s) || (self->report.t_reached_s == 0.0 && recorder.any_output))
    self->report.t_reached_s = recorder.t_last_s;
  statistics = dup_statistics (&self->report, (double) (g_get_monotonic_time () - started_us) / G_USEC_PER_SEC);
  {
    g_autoptr (GError) finish_error = NULL;

    if (!twin_sim_archive_finish_run (archive, self->id, status, message, self->report.t_reached_s,
                                      twin_sim_method_to_string (self->report.method), statistics, &finish_error) &&
        ok)
      {
        g_propagate_error (error, g_steal_pointer (&finish_error));
        return FALSE;
      }
  }
  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&solve_error));
      return FALSE;
    }
  return TRUE;
}

/**
 * twin_sim_run_get_report:
 * @self: a run
 *
 * Returns: (transfer none): the solver's report, once executed
 */
const TwinSimSolveReport *
twin_sim_run_get_report (TwinSimRun *self)
{
  g_return_val_if_fail (TWIN_IS_SIM_RUN (self), NULL);

  return &self->report;
}

/**
 * twin_sim_run_set_keep_in_memory:
 * @self: a run, before it executes
 * @keep: %TRUE to keep every recorded value in memory as well
 *
 * Keeps the output times and values (twin_sim_run_get_times(),
 * twin_sim_run_get_values()) for tests and CSV output. A value that is not
 * finite is kept as NaN here (and left out of the stored signal).
 */
void
twin_sim_run_set_keep_in_memory (TwinSimRun *self,
                                 gboolean    keep)
{
  g_return_if_fail (TWIN_IS_SIM_RUN (self));
  g_return_if_fail (!self->executed);

  self->keep_in_memory = keep;
}

/**
 * twin_sim_run_get_recorded_names:
 * @self: a prepared run
 *
 * Returns: (transfer none) (element-type utf8): the names of the recorded
 *   variables, in the order of twin_sim_run_get_values()
 */
GPtrArray *
twin_sim_run_get_recorded_names (TwinSimRun *self)
{
  g_return_val_if_fail (TWIN_IS_SIM_RUN (self), NULL);

  return self->recorded_names;
}

/**
 * twin_sim_run_get_times:
 * @self: an executed run that kept its results in memory
 *
 * Returns: (transfer none) (nullable) (element-type double): the output
 *   times, s from the start, or %NULL when not kept
 */
GArray *
twin_sim_run_get_times (TwinSimRun *self)
{
  g_return_val_if_fail (TWIN_IS_SIM_RUN (self), NULL);

  return self->times;
}

/**
 * twin_sim_run_get_values:
 * @self: an executed run that kept its results in memory
 * @variable: an index into twin_sim_run_get_recorded_names()
 *
 * Returns: (transfer none) (nullable) (element-type double): the variable's
 *   value at each output time, or %NULL when not kept
 */
GArray *
twin_sim_run_get_values (TwinSimRun *self,
                         guint       variable)
{
  g_return_val_if_fail (TWIN_IS_SIM_RUN (self), NULL);

  if (self->values == NULL)
    return NULL;
  g_return_val_if_fail (variable < self->values->len, NULL);
  return g_ptr_array_index (self->values, variable);
}
