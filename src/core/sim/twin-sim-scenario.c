/* twin-sim-scenario.c: a simulation scenario and its JSON form: times, solver settings, overrides, inputs, outputs.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JSON form ("format": "twin-studio-scenario", "version": 1) is the one
 * docs/simulation.md describes. It is written with sorted override keys and
 * numbers in their shortest round-trip form, so the same scenario always
 * gives the same text (diffable, and comparable between runs). Reading is
 * strict: an unknown member, a wrong type or a value out of range is an
 * error naming the member, since a mistyped name silently ignored would run
 * a different scenario than the one written.
 *
 * Times: start_us is UTC µs; every other time is in seconds from the run's
 * start. The solver's t0_s and t1_s are not part of the form: a run always
 * goes from 0 to duration_s.
 */

#define G_LOG_DOMAIN "twin-sim"

#include "config.h"

#include "twin-sim-scenario.h"

#include "history/twin-time-parse.h"
#include "model/twin-parameter.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include <math.h>
#include <string.h>

#define SCENARIO_FORMAT "twin-studio-scenario"
#define SCENARIO_VERSION 1

/* 2025-01-01T00:00:00Z: the start of a new scenario, so results of a
 * default run land on a fixed, readable date. */
#define DEFAULT_START_US G_GINT64_CONSTANT (1735689600000000)
#define DEFAULT_DURATION_S 86400.0
#define DEFAULT_OUTPUT_INTERVAL_S 60.0
#define MAX_DURATION_S 1e12

G_DEFINE_BOXED_TYPE (TwinSimScenario, twin_sim_scenario, twin_sim_scenario_copy, twin_sim_scenario_free)

static const char *const input_kind_names[] = {
  [TWIN_SIM_INPUT_CONSTANT] = "constant",
  [TWIN_SIM_INPUT_PROFILE] = "profile",
  [TWIN_SIM_INPUT_HISTORY] = "history",
};

static const char *const store_states_names[] = {
  [TWIN_SIM_STORE_STATES_AUTO] = "auto",
  [TWIN_SIM_STORE_STATES_ALL] = "all",
  [TWIN_SIM_STORE_STATES_NONE] = "none",
};

/* Checks that @target is "ENTITY-PATH.NAME" with both parts non-empty and
 * NAME an identifier (letters, digits, underscores, not starting with a digit). */
static gboolean
is_member_path (const char *target)
{
  const char *dot;

  if (target == NULL || !g_utf8_validate (target, -1, NULL))
    return FALSE;
  dot = strrchr (target, '.');
  if (dot == NULL || dot == target || dot[1] == '\0' || g_ascii_isdigit (dot[1]))
    return FALSE;
  for (const char *p = dot + 1; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static GPtrArray *
new_string_array (void)
{
  return g_ptr_array_new_with_free_func (g_free);
}

static GPtrArray *
copy_string_array (const GPtrArray *array)
{
  GPtrArray *copy = new_string_array ();

  for (guint i = 0; array != NULL && i < array->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (array, i)));
  return copy;
}

static GArray *
new_double_array (void)
{
  return g_array_new (FALSE, FALSE, sizeof (double));
}

static GArray *
copy_double_array (const GArray *array)
{
  GArray *copy = new_double_array ();

  if (array != NULL && array->len > 0)
    g_array_append_vals (copy, array->data, array->len);
  return copy;
}

static TwinSimInput *
input_copy (const TwinSimInput *input)
{
  TwinSimInput *copy = twin_sim_input_new (input->target, input->kind);

  copy->value = input->value;
  g_array_unref (copy->times_s);
  g_array_unref (copy->values);
  copy->times_s = copy_double_array (input->times_s);
  copy->values = copy_double_array (input->values);
  copy->stepwise = input->stepwise;
  copy->signal = g_strdup (input->signal);
  return copy;
}

/* JSON writing. */

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_autoptr (JsonNode) node = json_node_init_string (json_node_alloc (), text != NULL ? text : "");
  g_autofree char *quoted = json_to_string (node, FALSE);

  g_string_append (out, quoted);
}

static void
append_number (GString *out,
               double   value)
{
  g_autofree char *text = twin_format_number (value);

  g_string_append (out, text);
}

static void
append_string_list (GString         *out,
                    const char      *key,
                    const GPtrArray *list)
{
  g_string_append_printf (out, ",\n  \"%s\": [", key);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      g_string_append (out, i > 0 ? ", " : "");
      append_json_string (out, g_ptr_array_index (list, i));
    }
  g_string_append (out, "]");
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
append_input (GString            *out,
              const TwinSimInput *input)
{
  g_string_append (out, "    {\n      \"target\": ");
  append_json_string (out, input->target);
  g_string_append_printf (out, ",\n      \"kind\": \"%s\"", input_kind_names[input->kind]);
  switch (input->kind)
    {
    case TWIN_SIM_INPUT_CONSTANT:
      g_string_append (out, ",\n      \"value\": ");
      append_number (out, input->value);
      break;
    case TWIN_SIM_INPUT_PROFILE:
      g_string_append_printf (out, ",\n      \"interpolation\": \"%s\",\n      \"points\": [",
                              input->stepwise ? "stepwise" : "linear");
      for (guint i = 0; i < input->times_s->len; i++)
        {
          g_string_append (out, i > 0 ? ", [" : "[");
          append_number (out, g_array_index (input->times_s, double, i));
          g_string_append (out, ", ");
          append_number (out, g_array_index (input->values, double, i));
          g_string_append (out, "]");
        }
      g_string_append (out, "]");
      break;
    case TWIN_SIM_INPUT_HISTORY:
      g_string_append (out, ",\n      \"signal\": ");
      append_json_string (out, input->signal);
      break;
    default:
      g_assert_not_reached ();
    }
  g_string_append (out, "\n    }");
}

/* JSON reading. */

typedef struct
{
  const char *scenario; /* its name for messages, or NULL before it is known */
} Reader;

G_GNUC_PRINTF (3, 4)
static void
set_format_error (GError    **error,
                  const char *scenario,
                  const char *format,
                  ...)
{
  g_autofree char *detail = NULL;
  va_list          args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  if (scenario != NULL)
    /* TRANSLATORS: %s are a scenario's name and a sentence saying what is wrong. */
    g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO, _ ("The scenario “%s” cannot be read: %s"),
                 scenario, detail);
  else
    /* TRANSLATORS: %s is a sentence saying what is wrong. */
    g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO, _ ("The scenario cannot be read: %s"), detail);
}

static gboolean
node_is_number (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_DOUBLE || type == G_TYPE_INT64;
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static double
node_get_number (JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  return json_node_get_double (node);
}

/* Refuses members of @object not in @known (a typo is not silently ignored). */
static gboolean
check_members (Reader            *reader,
               JsonObject        *object,
               const char        *where,
               const char *const *known,
               GError           **error)
{
  g_autoptr (GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (!g_strv_contains (known, name))
        {
          /* TRANSLATORS: %s are an unknown JSON member and where it was found. */
          set_format_error (error, reader->scenario, _ ("unknown member “%s” in %s."), name, where);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
read_number (Reader     *reader,
             JsonObject *object,
             const char *key,
             gboolean    required,
             double     *value,
             GError    **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL && !required)
    return TRUE;
  if (!node_is_number (node))
    {
      set_format_error (error, reader->scenario, _ ("“%s” must be a number."), key);
      return FALSE;
    }
  *value = node_get_number (node);
  return TRUE;
}

static gboolean
read_string (Reader      *reader,
             JsonObject  *object,
             const char  *key,
             gboolean     required,
             const char **value,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL && !required)
    return TRUE;
  if (!node_is_string (node))
    {
      set_format_error (error, reader->scenario, _ ("“%s” must be a string."), key);
      return FALSE;
    }
  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_string_list (Reader     *reader,
                  JsonObject *object,
                  const char *key,
                  GPtrArray  *list,
                  GError    **error)
{
  JsonNode  *node = json_object_get_member (object, key);
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_format_error (error, reader->scenario, _ ("“%s” must be a list of variable names."), key);
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!node_is_string (element))
        {
          set_format_error (error, reader->scenario, _ ("“%s” must be a list of variable names."), key);
          return FALSE;
        }
      g_ptr_array_add (list, g_strdup (json_node_get_string (element)));
    }
  return TRUE;
}

static gboolean
read_solver (Reader                *reader,
             JsonObject            *object,
             TwinSimSolverSettings *solver,
             GError               **error)
{
  static const char *const known[] = { "method", "rtol", "atol", "output_interval_s", "max_step_s", NULL };
  const char              *method = NULL;

  if (!check_members (reader, object, "“solver”", known, error) ||
      !read_string (reader, object, "method", FALSE, &method, error) ||
      !read_number (reader, object, "rtol", FALSE, &solver->rtol, error) ||
      !read_number (reader, object, "atol", FALSE, &solver->atol, error) ||
      !read_number (reader, object, "output_interval_s", FALSE, &solver->output_interval_s, error) ||
      !read_number (reader, object, "max_step_s", FALSE, &solver->max_step_s, error))
    return FALSE;
  if (method != NULL && !twin_sim_method_from_string (method, &solver->method))
    {
      set_format_error (error, reader->scenario,
                        _ ("the solver method “%s” is not known (use auto, rk8pd, rkf45, msbdf, bsimp, "
                           "cvode-band or cvode-klu)."),
                        method);
      return FALSE;
    }
  return TRUE;
}

static TwinSimInput *
read_input (Reader   *reader,
            JsonNode *node,
            guint     index,
            GError  **error)
{
  static const char *const known[] = { "target", "kind", "value", "interpolation", "points", "signal", NULL };
  g_autoptr (GError) local_error = NULL;
  g_autofree char *where = NULL;
  TwinSimInput    *input;
  JsonObject      *object;
  const char      *target = NULL;
  const char      *kind = NULL;
  int              kind_value = -1;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_format_error (error, reader->scenario, _ ("input %u must be an object."), index + 1);
      return NULL;
    }
  object = json_node_get_object (node);
  /* TRANSLATORS: where an unknown member was found; %u counts from 1. */
  where = g_strdup_printf (_ ("input %u"), index + 1);
  if (!check_members (reader, object, where, known, error) ||
      !read_string (reader, object, "target", TRUE, &target, error) ||
      !read_string (reader, object, "kind", TRUE, &kind, error))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (input_kind_names); i++)
    if (g_str_equal (kind, input_kind_names[i]))
      kind_value = (int) i;
  if (kind_value < 0)
    {
      set_format_error (error, reader->scenario,
                        _ ("the input “%s” has the kind “%s”; use constant, profile or history."), target, kind);
      return NULL;
    }

  input = twin_sim_input_new (target, kind_value);
  switch (input->kind)
    {
    case TWIN_SIM_INPUT_CONSTANT:
      if (!read_number (reader, object, "value", TRUE, &input->value, &local_error))
        break;
      break;
    case TWIN_SIM_INPUT_PROFILE:
      {
        const char *interpolation = "linear";
        JsonNode   *points = json_object_get_member (object, "points");
        JsonArray  *array;

        if (!read_string (reader, object, "interpolation", FALSE, &interpolation, &local_error))
          break;
        if (g_str_equal (interpolation, "stepwise"))
          input->stepwise = TRUE;
        else if (!g_str_equal (interpolation, "linear"))
          {
            set_format_error (&local_error, reader->scenario,
                              _ ("the profile of “%s” has the interpolation “%s”; use linear or stepwise."),
                              target, interpolation);
            break;
          }
        if (points == NULL || !JSON_NODE_HOLDS_ARRAY (points))
          {
            set_format_error (&local_error, reader->scenario,
                              _ ("the profile of “%s” needs “points”, a list of [time s, value] pairs."), target);
            break;
          }
        array = json_node_get_array (points);
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonNode  *pair_node = json_array_get_element (array, i);
            JsonArray *pair = JSON_NODE_HOLDS_ARRAY (pair_node) ? json_node_get_array (pair_node) : NULL;
            double     t;
            double     v;

            if (pair == NULL || json_array_get_length (pair) != 2 ||
                !node_is_number (json_array_get_element (pair, 0)) ||
                !node_is_number (json_array_get_element (pair, 1)))
              {
                set_format_error (&local_error, reader->scenario,
                                  _ ("point %u of the profile of “%s” must be a pair [time s, value]."), i + 1,
                                  target);
                break;
              }
            t = node_get_number (json_array_get_element (pair, 0));
            v = node_get_number (json_array_get_element (pair, 1));
            g_array_append_val (input->times_s, t);
            g_array_append_val (input->values, v);
          }
        break;
      }
    case TWIN_SIM_INPUT_HISTORY:
      {
        const char *signal = NULL;

        if (read_string (reader, object, "signal", TRUE, &signal, &local_error))
          input->signal = g_strdup (signal);
        break;
      }
    default:
      g_assert_not_reached ();
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      twin_sim_input_free (input);
      return NULL;
    }
  return input;
}

/**
 * twin_sim_scenario_new:
 * @name: the scenario's name, unique within a project
 *
 * A scenario with the defaults: start 2025-01-01T00:00:00Z, one day, the
 * solver's default settings (twin_sim_solver_settings_init()) with an output
 * every 60 s, no overrides, inputs or outputs, states stored when the model
 * has at most 2,000.
 *
 * Returns: (transfer full): the scenario
 */
TwinSimScenario *
twin_sim_scenario_new (const char *name)
{
  TwinSimScenario *self = g_new0 (TwinSimScenario, 1);

  g_return_val_if_fail (name != NULL, NULL);

  self->name = g_strdup (name);
  self->start_us = DEFAULT_START_US;
  self->duration_s = DEFAULT_DURATION_S;
  twin_sim_solver_settings_init (&self->solver);
  self->solver.t0_s = 0.0;
  self->solver.t1_s = self->duration_s;
  self->solver.output_interval_s = DEFAULT_OUTPUT_INTERVAL_S;
  self->overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_sim_input_free);
  self->outputs = new_string_array ();
  self->store_states = TWIN_SIM_STORE_STATES_AUTO;
  self->charted = new_string_array ();
  return self;
}

/**
 * twin_sim_scenario_copy:
 * @self: a scenario
 *
 * Returns: (transfer full): a deep copy of @self
 */
TwinSimScenario *
twin_sim_scenario_copy (const TwinSimScenario *self)
{
  TwinSimScenario *copy;
  GHashTableIter   iter;
  gpointer         key;
  gpointer         value;

  g_return_val_if_fail (self != NULL, NULL);

  copy = twin_sim_scenario_new (self->name);
  copy->start_us = self->start_us;
  copy->duration_s = self->duration_s;
  copy->solver = self->solver;
  if (self->overrides != NULL)
    {
      g_hash_table_iter_init (&iter, self->overrides);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (copy->overrides, g_strdup (key), g_strdup (value));
    }
  for (guint i = 0; self->inputs != NULL && i < self->inputs->len; i++)
    g_ptr_array_add (copy->inputs, input_copy (g_ptr_array_index (self->inputs, i)));
  g_ptr_array_unref (copy->outputs);
  copy->outputs = copy_string_array (self->outputs);
  copy->store_states = self->store_states;
  g_ptr_array_unref (copy->charted);
  copy->charted = copy_string_array (self->charted);
  return copy;
}

/**
 * twin_sim_scenario_free:
 * @self: (nullable): a scenario
 *
 * Frees @self and everything it holds.
 */
void
twin_sim_scenario_free (TwinSimScenario *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_clear_pointer (&self->overrides, g_hash_table_unref);
  g_clear_pointer (&self->inputs, g_ptr_array_unref);
  g_clear_pointer (&self->outputs, g_ptr_array_unref);
  g_clear_pointer (&self->charted, g_ptr_array_unref);
  g_free (self);
}

/**
 * twin_sim_input_new:
 * @target: "ENTITY-PATH.PORT"
 * @kind: what the input is
 *
 * An input with value 0, empty profile arrays (linear) and no signal.
 *
 * Returns: (transfer full): the input
 */
TwinSimInput *
twin_sim_input_new (const char      *target,
                    TwinSimInputKind kind)
{
  TwinSimInput *input = g_new0 (TwinSimInput, 1);

  input->target = g_strdup (target);
  input->kind = kind;
  input->times_s = new_double_array ();
  input->values = new_double_array ();
  return input;
}

/**
 * twin_sim_input_free:
 * @input: (nullable): an input
 *
 * Frees @input.
 */
void
twin_sim_input_free (TwinSimInput *input)
{
  if (input == NULL)
    return;
  g_free (input->target);
  g_clear_pointer (&input->times_s, g_array_unref);
  g_clear_pointer (&input->values, g_array_unref);
  g_free (input->signal);
  g_free (input);
}

/**
 * twin_sim_scenario_validate:
 * @self: a scenario
 * @error: return location for a %TWIN_SIM_ERROR_SCENARIO
 *
 * Checks what can be checked without the model: a name, a duration and
 * solver settings that are positive and finite, well-formed override and
 * input targets (one input per target), profiles with ascending times and
 * finite values, history inputs naming a signal. The message names the
 * scenario and the member at fault. Whether the targets exist is for
 * twin_sim_model_compile() to say.
 *
 * Returns: %TRUE if @self may be run
 */
gboolean
twin_sim_scenario_validate (const TwinSimScenario *self,
                            GError               **error)
{
  g_autoptr (GHashTable) targets = NULL;
  const char    *name;
  GHashTableIter iter;
  gpointer       key;
  gpointer       value;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->name == NULL || self->name[0] == '\0' || !g_utf8_validate (self->name, -1, NULL))
    {
      g_set_error_literal (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO, _ ("A scenario needs a name."));
      return FALSE;
    }
  name = self->name;
  if (!isfinite (self->duration_s) || self->duration_s <= 0.0)
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                   _ ("The scenario “%s” has no valid duration: it must be a positive number of seconds."), name);
      return FALSE;
    }
  /* Results are stored at start + t in µs: keep within the times the historian reads. */
  if (self->duration_s > MAX_DURATION_S)
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                   _ ("The scenario “%s” lasts %g s; at most 1e12 s (about 31,700 years) can be simulated."), name,
                   self->duration_s);
      return FALSE;
    }
  if (!isfinite (self->solver.rtol) || self->solver.rtol <= 0.0 || self->solver.rtol >= 1.0)
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                   _ ("The scenario “%s” has the relative tolerance %g; it must be above 0 and below 1."), name,
                   self->solver.rtol);
      return FALSE;
    }
  if (!isfinite (self->solver.atol) || self->solver.atol <= 0.0)
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                   _ ("The scenario “%s” has the absolute tolerance %g; it must be above 0."), name,
                   self->solver.atol);
      return FALSE;
    }
  if (!isfinite (self->solver.output_interval_s) || self->solver.output_interval_s <= 0.0)
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                   _ ("The scenario “%s” has the output interval %g s; it must be above 0."), name,
                   self->solver.output_interval_s);
      return FALSE;
    }
  if (!isfinite (self->solver.max_step_s) || self->solver.max_step_s < 0.0)
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                   _ ("The scenario “%s” has the largest step %g s; use 0 for no limit or a positive number."),
                   name, self->solver.max_step_s);
      return FALSE;
    }
  if (self->overrides != NULL)
    {
      g_hash_table_iter_init (&iter, self->overrides);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (!is_member_path (key) || value == NULL)
          {
            g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                         _ ("The scenario “%s” overrides “%s”, which is not of the form ENTITY-PATH.PARAMETER."),
                         name, (const char *) key);
            return FALSE;
          }
    }

  targets = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; self->inputs != NULL && i < self->inputs->len; i++)
    {
      const TwinSimInput *input = g_ptr_array_index (self->inputs, i);
      const char         *target = input->target != NULL ? input->target : "";

      if (!is_member_path (target))
        {
          g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                       _ ("The scenario “%s” has an input for “%s”, which is not of the form ENTITY-PATH.PORT."),
                       name, target);
          return FALSE;
        }
      if (!g_hash_table_add (targets, (gpointer) target))
        {
          g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                       _ ("The scenario “%s” has two inputs for “%s”; keep one."), name, target);
          return FALSE;
        }
      switch (input->kind)
        {
        case TWIN_SIM_INPUT_CONSTANT:
          if (!isfinite (input->value))
            {
              g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                           _ ("The scenario “%s” gives “%s” a value that is not a finite number."), name, target);
              return FALSE;
            }
          break;
        case TWIN_SIM_INPUT_PROFILE:
          if (input->times_s == NULL || input->values == NULL || input->times_s->len == 0 ||
              input->times_s->len != input->values->len)
            {
              g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                           _ ("The profile of “%s” in the scenario “%s” has no points."), target, name);
              return FALSE;
            }
          for (guint k = 0; k < input->times_s->len; k++)
            {
              double t = g_array_index (input->times_s, double, k);
              double v = g_array_index (input->values, double, k);

              if (!isfinite (t) || !isfinite (v))
                {
                  g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                               _ ("Point %u of the profile of “%s” in the scenario “%s” is not a finite number."),
                               k + 1, target, name);
                  return FALSE;
                }
              if (k > 0 && t <= g_array_index (input->times_s, double, k - 1))
                {
                  g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                               _ ("The times of the profile of “%s” in the scenario “%s” must ascend; "
                                  "point %u at %g s does not."),
                               target, name, k + 1, t);
                  return FALSE;
                }
            }
          break;
        case TWIN_SIM_INPUT_HISTORY:
          if (input->signal == NULL || input->signal[0] == '\0')
            {
              g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                           _ ("The input for “%s” in the scenario “%s” replays history but names no signal."),
                           target, name);
              return FALSE;
            }
          break;
        default:
          g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                       _ ("The input for “%s” in the scenario “%s” is of an unknown kind."), target, name);
          return FALSE;
        }
    }

  for (guint i = 0; self->outputs != NULL && i < self->outputs->len; i++)
    {
      const char *output = g_ptr_array_index (self->outputs, i);

      if (!is_member_path (output))
        {
          g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                       _ ("The scenario “%s” records “%s”, which is not of the form ENTITY-PATH.NAME."), name,
                       output != NULL ? output : "");
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * twin_sim_scenario_to_json:
 * @self: a scenario
 *
 * Writes @self in the JSON form of docs/simulation.md: stable member order,
 * overrides sorted by key, numbers in their shortest exact form.
 *
 * Returns: (transfer full): the JSON text, ending with a newline
 */
char *
twin_sim_scenario_to_json (const TwinSimScenario *self)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *start = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  start = twin_time_format_iso8601 (self->start_us);
  g_string_append_printf (out, "{\n  \"format\": \"%s\",\n  \"version\": %d,\n  \"name\": ", SCENARIO_FORMAT,
                          SCENARIO_VERSION);
  append_json_string (out, self->name);
  g_string_append_printf (out, ",\n  \"start\": \"%s\",\n  \"duration_s\": ", start);
  append_number (out, self->duration_s);
  g_string_append_printf (out, ",\n  \"solver\": {\n    \"method\": \"%s\",\n    \"rtol\": ",
                          twin_sim_method_to_string (self->solver.method));
  append_number (out, self->solver.rtol);
  g_string_append (out, ",\n    \"atol\": ");
  append_number (out, self->solver.atol);
  g_string_append (out, ",\n    \"output_interval_s\": ");
  append_number (out, self->solver.output_interval_s);
  g_string_append (out, ",\n    \"max_step_s\": ");
  append_number (out, self->solver.max_step_s);
  g_string_append_printf (out, "\n  },\n  \"store_states\": \"%s\",\n  \"overrides\": {",
                          store_states_names[self->store_states]);
  if (self->overrides != NULL && g_hash_table_size (self->overrides) > 0)
    {
      guint                n_keys = 0;
      g_autofree gpointer *keys = g_hash_table_get_keys_as_array (self->overrides, &n_keys);

      qsort (keys, n_keys, sizeof (gpointer), compare_strings);
      for (guint i = 0; i < n_keys; i++)
        {
          g_string_append (out, i > 0 ? ",\n    " : "\n    ");
          append_json_string (out, keys[i]);
          g_string_append (out, ": ");
          append_json_string (out, g_hash_table_lookup (self->overrides, keys[i]));
        }
      g_string_append (out, "\n  ");
    }
  g_string_append (out, "},\n  \"inputs\": [");
  for (guint i = 0; self->inputs != NULL && i < self->inputs->len; i++)
    {
      g_string_append (out, i > 0 ? ",\n" : "\n");
      append_input (out, g_ptr_array_index (self->inputs, i));
    }
  g_string_append (out, self->inputs != NULL && self->inputs->len > 0 ? "\n  ]" : "]");
  append_string_list (out, "outputs", self->outputs);
  append_string_list (out, "charted", self->charted);
  g_string_append (out, "\n}\n");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * twin_sim_scenario_new_from_json:
 * @json: a scenario in the JSON form of docs/simulation.md
 * @error: return location for a %TWIN_SIM_ERROR_SCENARIO
 *
 * Reads a scenario and validates it (twin_sim_scenario_validate()).
 * Members left out take the defaults of twin_sim_scenario_new(); "name" is
 * required. The duration is "duration_s" (seconds) or "duration" (text
 * such as "30d", see twin_sim_parse_duration()).
 *
 * Returns: (transfer full): the scenario, or %NULL with @error set
 */
TwinSimScenario *
twin_sim_scenario_new_from_json (const char *json,
                                 GError    **error)
{
  static const char *const known[] = { "format", "version", "name", "start", "duration_s", "duration", "solver",
                                       "store_states", "overrides", "inputs", "outputs", "charted", NULL };
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (TwinSimScenario) self = NULL;
  g_autoptr (GError) local_error = NULL;
  Reader      reader = { NULL };
  JsonNode   *root;
  JsonObject *object;
  JsonNode   *node;
  const char *format = NULL;
  const char *name = NULL;
  const char *start = NULL;
  const char *duration = NULL;
  const char *store_states = NULL;
  double      version = SCENARIO_VERSION;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      set_format_error (error, NULL, _ ("it is not valid JSON (%s)."), local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_format_error (error, NULL, _ ("it must be a JSON object."));
      return NULL;
    }
  object = json_node_get_object (root);
  if (!read_string (&reader, object, "format", FALSE, &format, error) ||
      !read_number (&reader, object, "version", FALSE, &version, error))
    return NULL;
  if (format != NULL && !g_str_equal (format, SCENARIO_FORMAT))
    {
      set_format_error (error, NULL, _ ("its format is “%s”, not “%s”."), format, SCENARIO_FORMAT);
      return NULL;
    }
  if (version != SCENARIO_VERSION)
    {
      set_format_error (error, NULL, _ ("it has version %g; this Twin Studio reads version %d."), version,
                        SCENARIO_VERSION);
      return NULL;
    }
  if (!read_string (&reader, object, "name", TRUE, &name, error))
    return NULL;
  reader.scenario = name;
  if (!check_members (&reader, object, _ ("the scenario"), known, error))
    return NULL;

  self = twin_sim_scenario_new (name);
  if (!read_string (&reader, object, "start", FALSE, &start, error) ||
      !read_number (&reader, object, "duration_s", FALSE, &self->duration_s, error) ||
      !read_string (&reader, object, "duration", FALSE, &duration, error) ||
      !read_string (&reader, object, "store_states", FALSE, &store_states, error))
    return NULL;
  if (start != NULL)
    {
      g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();

      if (!twin_time_parse (start, utc, &self->start_us, &local_error))
        {
          set_format_error (error, name, _ ("“start” is not a time (%s)."), local_error->message);
          return NULL;
        }
    }
  if (duration != NULL)
    {
      if (json_object_has_member (object, "duration_s"))
        {
          set_format_error (error, name, _ ("give “duration_s” or “duration”, not both."));
          return NULL;
        }
      if (!twin_sim_parse_duration (duration, &self->duration_s, &local_error))
        {
          set_format_error (error, name, "%s", local_error->message);
          return NULL;
        }
    }
  if (store_states != NULL)
    {
      int found = -1;

      for (guint i = 0; i < G_N_ELEMENTS (store_states_names); i++)
        if (g_str_equal (store_states, store_states_names[i]))
          found = (int) i;
      if (found < 0)
        {
          set_format_error (error, name, _ ("“store_states” is “%s”; use auto, all or none."), store_states);
          return NULL;
        }
      self->store_states = found;
    }

  node = json_object_get_member (object, "solver");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          set_format_error (error, name, _ ("“solver” must be an object."));
          return NULL;
        }
      if (!read_solver (&reader, json_node_get_object (node), &self->solver, error))
        return NULL;
    }
  self->solver.t0_s = 0.0;
  self->solver.t1_s = self->duration_s;

  node = json_object_get_member (object, "overrides");
  if (node != NULL)
    {
      g_autoptr (GList) members = NULL;
      JsonObject *overrides;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          set_format_error (error, name, _ ("“overrides” must be an object of “ENTITY-PATH.PARAMETER”: value."));
          return NULL;
        }
      overrides = json_node_get_object (node);
      members = json_object_get_members (overrides);
      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *value = json_object_get_member (overrides, l->data);
          char     *text;

          if (node_is_string (value))
            text = g_strdup (json_node_get_string (value));
          else if (node_is_number (value))
            text = twin_format_number (node_get_number (value));
          else if (value != NULL && JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN)
            text = g_strdup (json_node_get_boolean (value) ? "true" : "false");
          else
            {
              set_format_error (error, name, _ ("the override of “%s” must be a string, a number or true/false."),
                                (const char *) l->data);
              return NULL;
            }
          g_hash_table_insert (self->overrides, g_strdup (l->data), text);
        }
    }

  node = json_object_get_member (object, "inputs");
  if (node != NULL)
    {
      JsonArray *inputs;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          set_format_error (error, name, _ ("“inputs” must be a list."));
          return NULL;
        }
      inputs = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (inputs); i++)
        {
          TwinSimInput *input = read_input (&reader, json_array_get_element (inputs, i), i, error);

          if (input == NULL)
            return NULL;
          g_ptr_array_add (self->inputs, input);
        }
    }

  if (!read_string_list (&reader, object, "outputs", self->outputs, error) ||
      !read_string_list (&reader, object, "charted", self->charted, error))
    return NULL;

  if (!twin_sim_scenario_validate (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * twin_sim_scenario_add_override_text:
 * @self: a scenario
 * @assignment: "ENTITY-PATH.PARAMETER=VALUE", as `twinctl simulate --set` takes it
 * @error: return location for a %TWIN_SIM_ERROR_SCENARIO
 *
 * Adds (or replaces) one override. The path ends at the first "=" that
 * follows ".PARAMETER", so entity names may themselves hold "=" or ".".
 * Whether the entity and parameter exist, and whether the value fits, is
 * checked when the model is compiled.
 *
 * Returns: %TRUE if @assignment was of the right form
 */
gboolean
twin_sim_scenario_add_override_text (TwinSimScenario *self,
                                     const char      *assignment,
                                     GError         **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (assignment != NULL, FALSE);

  for (const char *equals = strchr (assignment, '='); equals != NULL; equals = strchr (equals + 1, '='))
    {
      g_autofree char *path = g_strndup (assignment, (gsize) (equals - assignment));

      if (is_member_path (path))
        {
          g_hash_table_insert (self->overrides, g_steal_pointer (&path), g_strdup (equals + 1));
          return TRUE;
        }
    }
  g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
               _ ("“%s” is not an override: write ENTITY-PATH.PARAMETER=VALUE, such as Office/Heater.heating_power=2000."),
               assignment);
  return FALSE;
}

/**
 * twin_sim_parse_duration:
 * @text: a duration: seconds ("3600", "1.5e3") or numbers with units
 *   ("90s", "15min", "2h", "30d", "1w", "1y", "1h30min"); m is minutes,
 *   y is 365 days
 * @seconds: (out): the duration in seconds
 * @error: return location for a %TWIN_SIM_ERROR_SCENARIO
 *
 * Returns: %TRUE if @text is a positive, finite duration
 */
gboolean
twin_sim_parse_duration (const char *text,
                         double     *seconds,
                         GError    **error)
{
  static const struct
  {
    const char *unit;
    double      seconds;
  } units[] = {
    { "s", 1.0 },
    { "sec", 1.0 },
    { "m", 60.0 },
    { "min", 60.0 },
    { "h", 3600.0 },
    { "d", 86400.0 },
    { "w", 604800.0 },
    { "y", 31536000.0 },
  };
  const char *p = text;
  double      total = 0.0;
  guint       n_parts = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (seconds != NULL, FALSE);

  while (*p != '\0')
    {
      char  *end = NULL;
      double number;
      double factor = -1.0;
      gsize  length = 0;

      while (g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        break;
      if (!g_ascii_isdigit (*p) && *p != '.')
        break;
      number = g_ascii_strtod (p, &end);
      if (end == p)
        break;
      p = end;
      while (g_ascii_isalpha (p[length]))
        length++;
      if (length == 0)
        factor = n_parts == 0 ? 1.0 : -1.0;
      for (guint i = 0; length > 0 && i < G_N_ELEMENTS (units); i++)
        if (strlen (units[i].unit) == length && g_ascii_strncasecmp (p, units[i].unit, length) == 0)
          factor = units[i].seconds;
      if (factor < 0.0)
        {
          n_parts = 0;
          break;
        }
      p += length;
      total += number * factor;
      n_parts++;
      if (length == 0)
        break;
    }
  while (g_ascii_isspace (*p))
    p++;
  if (n_parts == 0 || *p != '\0' || !isfinite (total) || total <= 0.0)
    {
      g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                   _ ("“%s” is not a duration: write seconds (3600) or a number with a unit "
                      "(90s, 15min, 2h, 30d, 1w, 1y)."),
                   text);
      return FALSE;
    }
  *seconds = total;
  return TRUE;
}
