/* twin-emulator.c: an emulated asset: publishes a project's simulated (or recorded) readings on its bound topics.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The emulator plays the physical system for a project's feeds. For every
 * topic binding (TwinFeedStore: topic → ENTITY.PROPERTY) it publishes a plain
 * number payload: by default the value of the simulation variable
 * ENTITY.PROPERTY, the project's first scenario (or a default one) integrated
 * from its start and paced so that emulated time runs at `speed` × real time;
 * in replay mode the history of the signal named after the topic, in time
 * order, paced the same way. The value goes out in the binding's own terms,
 * the inverse of what the recorder does: converted to the binding's unit, then
 * (value − offset) / scale. Gaussian noise (Box–Muller over a GRand seeded with
 * the given seed, so a run repeats) and faults (stuck, drop, offset) are applied
 * to that payload value. The payloads carry no time: the receiver stamps them.
 *
 * The emulator also obeys the project's command bindings (TwinCommandStore):
 * it subscribes to their topics, reads each setpoint as the binding writes it
 * (twin_command_binding_parse_payload: the binding's unit converted to the
 * parameter's) and, in simulation mode, from the next output time on the
 * simulated parameter ENTITY.PROPERTY has the new value: the solve stops at
 * that output, the model is compiled again with the value as a scenario
 * override and the solve continues from the current state (discrete modes
 * start afresh: twin_sim_model_reset). A retained setpoint arrives at once,
 * as a real controller would read it. In replay mode the recorded history
 * cannot change: a command is only reported as not obeyed (g_message).
 */

#define G_LOG_DOMAIN "twin-emulator"

#include "config.h"

#include "twin-emulator.h"

#include "feeds/twin-command-store.h"
#include "feeds/twin-feed-store.h"
#include "history/twin-historian.h"
#include "model/twin-entity.h"
#include "model/twin-parameter.h"
#include "model/twin-unit.h"
#include "sim/twin-sim-archive.h"
#include "sim/twin-sim-run.h"
#include "store/twin-store.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <mosquitto.h>
#include <string.h>

#define WAIT_SLICE_US (50 * 1000)
#define ACK_TIMEOUT_US (10 * G_USEC_PER_SEC)

typedef enum
{
  FAULT_STUCK,
  FAULT_DROP,
  FAULT_OFFSET,
} FaultKind;

typedef struct
{
  FaultKind kind;
  char     *topic;
  double    offset;
} Fault;

typedef struct
{
  TwinTopicBinding *binding;
  int               variable;   /* simulation mode: the variable's index */
  char             *value_unit; /* the unit of the simulated or recorded values */
  GArray           *samples;    /* replay mode: TwinSample */
  gboolean          has_first;
  double            first_value; /* for stuck faults */
} Target;

typedef struct
{
  TwinCommandBinding *binding;
  char               *override; /* ENTITY-PATH.PROPERTY */
  char               *unit;     /* the parameter's unit, or NULL */
  gboolean            pending;  /* under the mutex: a setpoint arrived */
  double              value;    /* under the mutex: the last one, in @unit */
} Command;

struct _TwinEmulator
{
  GObject           parent_instance;

  char             *project_path;
  char             *host;
  int               port;
  char             *username;
  char             *password;
  int               qos;
  double            speed;
  double            sigma;
  guint32           seed;
  double            duration_s;
  gboolean          replay;
  GPtrArray        *faults;  /* Fault */
  GPtrArray        *targets; /* Target */
  GPtrArray        *notes;
  GPtrArray        *commands; /* Command */

  TwinEntity       *root;
  TwinSimScenario  *scenario;
  TwinSimRun       *run;

  /* While running. */
  struct mosquitto *mosq;
  GRand            *rand;
  GCancellable     *cancellable;
  gint64            started_us;
  double           *values;
  GError           *run_error;
  GMutex            mutex;
  GCond             cond;
  guint64           published;
  guint64           acknowledged;
  gboolean          commands_pending; /* under the mutex */
  guint64           n_commands;       /* under the mutex: setpoints obeyed */
  double            t1_s;
  gboolean          restart;
  double            restart_t_s;
  double           *restart_x;
};

G_DEFINE_FINAL_TYPE (TwinEmulator, twin_emulator, G_TYPE_OBJECT)

G_DEFINE_QUARK (twin - emulator - error - quark, twin_emulator_error)

static void
fault_free (Fault *fault)
{
  g_free (fault->topic);
  g_free (fault);
}

static void
target_free (Target *target)
{
  twin_topic_binding_free (target->binding);
  g_free (target->value_unit);
  g_clear_pointer (&target->samples, g_array_unref);
  g_free (target);
}

static void
command_free (Command *command)
{
  twin_command_binding_free (command->binding);
  g_free (command->override);
  g_free (command->unit);
  g_free (command);
}

static void
twin_emulator_finalize (GObject *object)
{
  TwinEmulator *self = TWIN_EMULATOR (object);

  g_free (self->project_path);
  g_free (self->host);
  g_free (self->username);
  g_free (self->password);
  g_ptr_array_unref (self->faults);
  g_ptr_array_unref (self->targets);
  g_ptr_array_unref (self->notes);
  g_ptr_array_unref (self->commands);
  g_clear_object (&self->run);
  g_clear_pointer (&self->scenario, twin_sim_scenario_free);
  g_clear_object (&self->root);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (twin_emulator_parent_class)->finalize (object);
}

static void
twin_emulator_class_init (TwinEmulatorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = twin_emulator_finalize;
}

static void
twin_emulator_init (TwinEmulator *self)
{
  self->qos = 1;
  self->speed = 1.0;
  self->faults = g_ptr_array_new_with_free_func ((GDestroyNotify) fault_free);
  self->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) target_free);
  self->notes = g_ptr_array_new_with_free_func (g_free);
  self->commands = g_ptr_array_new_with_free_func ((GDestroyNotify) command_free);
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
}

/**
 * twin_emulator_new:
 * @project_path: a project file with topic bindings
 * @host: the broker's host
 * @port: the broker's port
 *
 * Creates an emulator: speed 1, QoS 1, no noise, no faults, simulation mode.
 *
 * Returns: (transfer full): the emulator
 */
TwinEmulator *
twin_emulator_new (const char *project_path,
                   const char *host,
                   int         port)
{
  TwinEmulator *self;

  g_return_val_if_fail (project_path != NULL, NULL);
  g_return_val_if_fail (host != NULL, NULL);

  self = g_object_new (TWIN_TYPE_EMULATOR, NULL);
  self->project_path = g_strdup (project_path);
  self->host = g_strdup (host);
  self->port = port;
  return self;
}

/**
 * twin_emulator_set_credentials:
 * @self: a #TwinEmulator
 * @username: (nullable): the broker user
 * @password: (nullable): its password
 */
void
twin_emulator_set_credentials (TwinEmulator *self,
                               const char   *username,
                               const char   *password)
{
  g_return_if_fail (TWIN_IS_EMULATOR (self));
  g_free (self->username);
  g_free (self->password);
  self->username = g_strdup (username);
  self->password = g_strdup (password);
}

/**
 * twin_emulator_set_qos:
 * @self: a #TwinEmulator
 * @qos: 0, 1 or 2
 */
void
twin_emulator_set_qos (TwinEmulator *self,
                       int           qos)
{
  g_return_if_fail (TWIN_IS_EMULATOR (self));
  g_return_if_fail (qos >= 0 && qos <= 2);
  self->qos = qos;
}

/**
 * twin_emulator_set_speed:
 * @self: a #TwinEmulator
 * @speed: emulated seconds per real second (> 0)
 */
void
twin_emulator_set_speed (TwinEmulator *self,
                         double        speed)
{
  g_return_if_fail (TWIN_IS_EMULATOR (self));
  g_return_if_fail (speed > 0.0 && isfinite (speed));
  self->speed = speed;
}

/**
 * twin_emulator_set_noise:
 * @self: a #TwinEmulator
 * @sigma: the standard deviation of the gaussian noise added to each payload value (0: none)
 * @seed: the seed of the noise, so that a run can be repeated
 */
void
twin_emulator_set_noise (TwinEmulator *self,
                         double        sigma,
                         guint32       seed)
{
  g_return_if_fail (TWIN_IS_EMULATOR (self));
  g_return_if_fail (sigma >= 0.0 && isfinite (sigma));
  self->sigma = sigma;
  self->seed = seed;
}

/**
 * twin_emulator_set_duration:
 * @self: a #TwinEmulator
 * @duration_s: how much emulated time to play (s); 0 for the scenario's duration (or the whole history)
 */
void
twin_emulator_set_duration (TwinEmulator *self,
                            double        duration_s)
{
  g_return_if_fail (TWIN_IS_EMULATOR (self));
  g_return_if_fail (duration_s >= 0.0 && isfinite (duration_s));
  self->duration_s = duration_s;
}

/**
 * twin_emulator_set_replay:
 * @self: a #TwinEmulator
 * @replay: publish the bound signals' recorded history instead of simulating
 */
void
twin_emulator_set_replay (TwinEmulator *self,
                          gboolean      replay)
{
  g_return_if_fail (TWIN_IS_EMULATOR (self));
  self->replay = replay;
}

/**
 * twin_emulator_add_fault:
 * @self: a #TwinEmulator
 * @spec: "stuck:TOPIC" (repeats its first value), "drop:TOPIC" (never published) or
 *   "offset:TOPIC=V" (V added to every value)
 * @error: return location for a %TWIN_EMULATOR_ERROR_INVALID
 *
 * Returns: %TRUE if @spec was understood
 */
gboolean
twin_emulator_add_fault (TwinEmulator *self,
                         const char   *spec,
                         GError      **error)
{
  g_autoptr (GError) local_error = NULL;
  Fault      *fault;
  const char *topic;

  g_return_val_if_fail (TWIN_IS_EMULATOR (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  fault = g_new0 (Fault, 1);
  if (g_str_has_prefix (spec, "stuck:"))
    {
      fault->kind = FAULT_STUCK;
      topic = spec + strlen ("stuck:");
      fault->topic = g_strdup (topic);
    }
  else if (g_str_has_prefix (spec, "drop:"))
    {
      fault->kind = FAULT_DROP;
      topic = spec + strlen ("drop:");
      fault->topic = g_strdup (topic);
    }
  else if (g_str_has_prefix (spec, "offset:") && strrchr (spec, '=') != NULL)
    {
      const char *equals = strrchr (spec, '=');
      char       *end = NULL;

      fault->kind = FAULT_OFFSET;
      topic = spec + strlen ("offset:");
      fault->topic = g_strndup (topic, equals - topic);
      fault->offset = g_ascii_strtod (equals + 1, &end);
      if (equals[1] == '\0' || end == NULL || *end != '\0' || !isfinite (fault->offset))
        {
          g_set_error (error, TWIN_EMULATOR_ERROR, TWIN_EMULATOR_ERROR_INVALID,
                       _ ("The fault “%s” does not end with a number (with a dot) after “=”."), spec);
          fault_free (fault);
          return FALSE;
        }
    }
  else
    {
      g_set_error (error, TWIN_EMULATOR_ERROR, TWIN_EMULATOR_ERROR_INVALID,
                   _ ("The fault “%s” is not understood: use stuck:TOPIC, drop:TOPIC or offset:TOPIC=VALUE."), spec);
      fault_free (fault);
      return FALSE;
    }
  if (fault->topic[0] == '\0')
    {
      g_set_error (error, TWIN_EMULATOR_ERROR, TWIN_EMULATOR_ERROR_INVALID, _ ("The fault “%s” names no topic."), spec);
      fault_free (fault);
      return FALSE;
    }
  g_ptr_array_add (self->faults, fault);
  return TRUE;
}

static void
add_note (TwinEmulator *self,
          char         *note)
{
  g_ptr_array_add (self->notes, note);
}

static gboolean
load_simulation (TwinEmulator *self,
                 GError      **error)
{
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinSimArchive) archive = NULL;
  g_autoptr (GPtrArray) scenarios = NULL;

  store = twin_store_open (self->project_path, TWIN_STORE_FLAGS_READ_ONLY, error);
  if (store == NULL)
    return FALSE;
  self->root = twin_store_load_root (store, error);
  if (self->root == NULL)
    return FALSE;
  archive = twin_sim_archive_open (self->project_path, TRUE, error);
  if (archive == NULL)
    return FALSE;
  scenarios = twin_sim_archive_list_scenarios (archive, error);
  if (scenarios == NULL)
    return FALSE;
  self->scenario = scenarios->len > 0 ? twin_sim_scenario_copy (g_ptr_array_index (scenarios, 0))
                                      : twin_sim_scenario_new ("default");
  if (self->duration_s > 0.0)
    self->scenario->duration_s = self->duration_s;
  self->run = twin_sim_run_prepare (self->project_path, self->root, self->scenario, error);
  return self->run != NULL;
}

/* The entity at @path ("Plant/Room", the root's name first) in the loaded tree, or NULL. */
static TwinEntity *
lookup_entity (TwinEntity *root,
               const char *path)
{
  g_auto (GStrv) names = g_strsplit (path, "/", -1);
  TwinEntity *entity = root;
  guint       i = 0;

  if (names[0] != NULL && g_strcmp0 (names[0], twin_entity_get_name (root)) == 0)
    i = 1;
  for (; names[i] != NULL && entity != NULL; i++)
    if (names[i][0] != '\0')
      entity = twin_entity_find_child (entity, names[i]);
  return entity;
}

/* The simulation variable a bound property reads: ENTITY.PROPERTY itself, or else, for a sensor
 * whose reading is a stored property (its "value"), its output port ENTITY.out — when what it
 * measures is simulated (a temperature; not CO₂). -1 when there is none. */
static int
find_reading_variable (TwinSimModel *model,
                       TwinEntity   *root,
                       const char   *entity_path,
                       const char   *property)
{
  g_autofree char *name = g_strdup_printf ("%s.%s", entity_path, property);
  g_autofree char *output = NULL;
  int              variable = twin_sim_model_find_variable (model, name);
  TwinEntity      *entity;
  TwinParameter   *quantity;

  if (variable >= 0)
    return variable;
  entity = lookup_entity (root, entity_path);
  if (entity == NULL)
    return -1;
  quantity = twin_entity_get_parameter (entity, "quantity");
  if (quantity != NULL && g_variant_is_of_type (twin_parameter_get_value (quantity), G_VARIANT_TYPE_STRING) &&
      g_strcmp0 (g_variant_get_string (twin_parameter_get_value (quantity), NULL), "temperature") != 0)
    return -1;
  output = g_strdup_printf ("%s.out", entity_path);
  return twin_sim_model_find_variable (model, output);
}

/* The command bindings whose topics the emulator obeys (simulation) or reports (replay). */
static gboolean
load_commands (TwinEmulator *self,
               GError      **error)
{
  g_autoptr (TwinCommandStore) store = NULL;
  g_autoptr (GPtrArray) bindings = NULL;

  store = twin_command_store_open (self->project_path, TRUE, error);
  if (store == NULL)
    return FALSE;
  bindings = twin_command_store_list_bindings (store, error);
  if (bindings == NULL)
    return FALSE;
  for (guint i = 0; i < bindings->len; i++)
    {
      TwinCommandBinding *binding = g_ptr_array_index (bindings, i);
      Command            *command;
      TwinParameter      *parameter = NULL;

      if (!self->replay)
        {
          TwinEntity *entity = lookup_entity (self->root, binding->entity_path);

          parameter = entity != NULL ? twin_entity_get_parameter (entity, binding->property) : NULL;
          if (parameter == NULL)
            {
              add_note (self, g_strdup_printf (_ ("The command topic “%s” is not obeyed: the model has no parameter "
                                                  "“%s.%s”."),
                                               binding->topic, binding->entity_path, binding->property));
              continue;
            }
        }
      command = g_new0 (Command, 1);
      command->binding = g_steal_pointer (&g_ptr_array_index (bindings, i));
      command->override = g_strdup_printf ("%s.%s", binding->entity_path, binding->property);
      if (parameter != NULL && twin_parameter_get_unit (parameter) != NULL)
        command->unit = g_strdup (twin_parameter_get_unit (parameter));
      g_ptr_array_add (self->commands, command);
    }
  if (self->replay && self->commands->len > 0)
    add_note (self, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "A replay cannot obey commands: the %u command "
                                                                   "topic is only reported.",
                                                  "A replay cannot obey commands: the %u command topics are only "
                                                  "reported.",
                                                  self->commands->len),
                                     self->commands->len));
  return TRUE;
}

/**
 * twin_emulator_prepare:
 * @self: a #TwinEmulator
 * @error: return location for a #GError
 *
 * Reads the project: its topic bindings, and the model and first scenario
 * (simulation) or the bound signals' history (replay). A binding whose
 * property has no simulation variable, or no recorded signal, is skipped with
 * a note (twin_emulator_get_notes()).
 *
 * Returns: %TRUE if there is at least one topic to publish
 */
gboolean
twin_emulator_prepare (TwinEmulator *self,
                       GError      **error)
{
  g_autoptr (TwinFeedStore) feed_store = NULL;
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (GPtrArray) bindings = NULL;
  TwinSimModel *model = NULL;

  g_return_val_if_fail (TWIN_IS_EMULATOR (self), FALSE);

  feed_store = twin_feed_store_open (self->project_path, TRUE, error);
  if (feed_store == NULL)
    return FALSE;
  bindings = twin_feed_store_list_bindings (feed_store, error);
  if (bindings == NULL)
    return FALSE;
  if (self->replay)
    {
      historian = twin_historian_open (self->project_path, TRUE, error);
      if (historian == NULL)
        return FALSE;
    }
  else
    {
      if (!load_simulation (self, error))
        return FALSE;
      model = twin_sim_run_get_model (self->run);
    }

  for (guint i = 0; i < bindings->len; i++)
    {
      TwinTopicBinding  *binding = g_steal_pointer (&g_ptr_array_index (bindings, i));
      g_autofree Target *target = g_new0 (Target, 1);

      target->binding = binding;
      if (binding->scale == 0.0 || !isfinite (binding->scale))
        {
          add_note (self, g_strdup_printf (_ ("The topic “%s” is skipped: its binding’s scale is 0."), binding->topic));
          target_free (g_steal_pointer (&target));
          continue;
        }
      if (model != NULL)
        {
          g_autofree char *name = g_strdup_printf ("%s.%s", binding->entity_path, binding->property);

          target->variable = find_reading_variable (model, self->root, binding->entity_path, binding->property);
          if (target->variable < 0)
            {
              add_note (self, g_strdup_printf (_ ("The topic “%s” is skipped: the simulation has no variable “%s”."),
                                               binding->topic, name));
              target_free (g_steal_pointer (&target));
              continue;
            }
          target->value_unit = g_strdup (twin_sim_model_get_variable (model, target->variable)->unit);
        }
      else
        {
          g_autoptr (TwinSignalInfo) info = NULL;
          g_autoptr (GError) local_error = NULL;

          info = twin_historian_lookup_signal (historian, binding->topic, &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              target_free (g_steal_pointer (&target));
              return FALSE;
            }
          if (info == NULL || info->n_samples == 0)
            {
              add_note (self, g_strdup_printf (_ ("The topic “%s” is skipped: it has no recorded history."),
                                               binding->topic));
              target_free (g_steal_pointer (&target));
              continue;
            }
          target->value_unit = g_strdup (info->unit);
          target->samples = twin_historian_read (historian, info->id, info->first_us, info->last_us + 1, error);
          if (target->samples == NULL)
            {
              target_free (g_steal_pointer (&target));
              return FALSE;
            }
        }
      if (binding->unit != NULL && binding->unit[0] != '\0' && target->value_unit != NULL && target->value_unit[0] != '\0' && strcmp (binding->unit, target->value_unit) != 0)
        {
          g_autoptr (GError) local_error = NULL;
          double unused;

          if (!twin_unit_convert (1.0, target->value_unit, binding->unit, &unused, &local_error))
            {
              add_note (self, g_strdup_printf (_ ("The topic “%s” is skipped: %s"), binding->topic,
                                               local_error->message));
              target_free (g_steal_pointer (&target));
              continue;
            }
        }
      g_ptr_array_add (self->targets, g_steal_pointer (&target));
    }
  if (!load_commands (self, error))
    return FALSE;
  if (self->targets->len == 0)
    {
      g_set_error (error, TWIN_EMULATOR_ERROR, TWIN_EMULATOR_ERROR_NOTHING,
                   self->replay ? _ ("“%s” has no topic binding with recorded history to replay.")
                                : _ ("“%s” has no topic binding bound to a simulation variable."),
                   self->project_path);
      return FALSE;
    }
  return TRUE;
}

/**
 * twin_emulator_get_notes:
 * @self: a #TwinEmulator
 *
 * Returns: (transfer none) (element-type utf8): sentences on the bindings skipped by prepare
 */
GPtrArray *
twin_emulator_get_notes (TwinEmulator *self)
{
  g_return_val_if_fail (TWIN_IS_EMULATOR (self), NULL);
  return self->notes;
}

static void
on_publish (struct mosquitto *mosq,
            void             *user_data,
            int               mid)
{
  TwinEmulator *self = user_data;

  g_mutex_lock (&self->mutex);
  self->acknowledged++;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

static void
on_connect (struct mosquitto *mosq,
            void             *user_data,
            int               rc)
{
  TwinEmulator *self = user_data;

  if (rc != 0)
    return;
  for (guint i = 0; i < self->commands->len; i++)
    {
      const Command *command = g_ptr_array_index (self->commands, i);

      mosquitto_subscribe (mosq, NULL, command->binding->topic, command->binding->qos);
    }
}

/* A setpoint on a command topic (libmosquitto's thread): kept for the simulation to apply. */
static void
on_message (struct mosquitto               *mosq,
            void                           *user_data,
            const struct mosquitto_message *message)
{
  TwinEmulator *self = user_data;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < self->commands->len; i++)
    {
      Command *command = g_ptr_array_index (self->commands, i);
      double   value;

      if (strcmp (command->binding->topic, message->topic) != 0)
        continue;
      if (self->replay)
        {
          g_message (_ ("A command for “%s” arrived on “%s”; a replay cannot obey it."), command->override,
                     message->topic);
          continue;
        }
      if (!twin_command_binding_parse_payload (command->binding, message->payload, (gsize) message->payloadlen,
                                               command->unit, &value, &error))
        {
          g_message (_ ("A command for “%s” is ignored: %s"), command->override, error->message);
          g_clear_error (&error);
          continue;
        }
      g_mutex_lock (&self->mutex);
      command->pending = TRUE;
      command->value = value;
      self->commands_pending = TRUE;
      g_mutex_unlock (&self->mutex);
    }
}

static gboolean
connect_broker (TwinEmulator *self,
                GError      **error)
{
  static gsize initialised = 0;
  int          rc;

  if (g_once_init_enter (&initialised))
    {
      mosquitto_lib_init ();
      g_once_init_leave (&initialised, 1);
    }
  self->mosq = mosquitto_new (NULL, TRUE, self);
  if (self->mosq == NULL)
    {
      g_set_error (error, TWIN_EMULATOR_ERROR, TWIN_EMULATOR_ERROR_BROKER, _ ("Could not create an MQTT client: %s."),
                   g_strerror (errno));
      return FALSE;
    }
  mosquitto_publish_callback_set (self->mosq, on_publish);
  mosquitto_connect_callback_set (self->mosq, on_connect);
  mosquitto_message_callback_set (self->mosq, on_message);
  if (self->username != NULL)
    mosquitto_username_pw_set (self->mosq, self->username, self->password);
  rc = mosquitto_connect (self->mosq, self->host, self->port, 60);
  if (rc == MOSQ_ERR_SUCCESS)
    rc = mosquitto_loop_start (self->mosq);
  if (rc != MOSQ_ERR_SUCCESS)
    {
      g_set_error (error, TWIN_EMULATOR_ERROR, TWIN_EMULATOR_ERROR_BROKER,
                   /* TRANSLATORS: a broker host, its port, the reason. */
                   _ ("Could not connect to the broker %s:%d: %s."), self->host, self->port,
                   rc == MOSQ_ERR_ERRNO ? g_strerror (errno) : mosquitto_strerror (rc));
      mosquitto_destroy (self->mosq);
      self->mosq = NULL;
      return FALSE;
    }
  return TRUE;
}

/* Waits for the messages still in flight, then disconnects. */
static void
disconnect_broker (TwinEmulator *self)
{
  gint64 deadline = g_get_monotonic_time () + ACK_TIMEOUT_US;

  if (self->mosq == NULL)
    return;
  if (self->qos > 0)
    {
      g_mutex_lock (&self->mutex);
      while (self->acknowledged < self->published)
        if (!g_cond_wait_until (&self->cond, &self->mutex, deadline))
          break;
      g_mutex_unlock (&self->mutex);
    }
  mosquitto_disconnect (self->mosq);
  mosquitto_loop_stop (self->mosq, FALSE);
  mosquitto_destroy (self->mosq);
  self->mosq = NULL;
}

/* Sleeps until emulated time @t_s is due; FALSE when cancelled first. */
static gboolean
wait_until (TwinEmulator *self,
            double        t_s)
{
  gint64 due_us = self->started_us + (gint64) llround (t_s / self->speed * G_USEC_PER_SEC);

  for (;;)
    {
      gint64 now_us = g_get_monotonic_time ();

      if (g_cancellable_is_cancelled (self->cancellable))
        return FALSE;
      if (now_us >= due_us)
        return TRUE;
      g_usleep (MIN (due_us - now_us, WAIT_SLICE_US));
    }
}

static double
gaussian (GRand *rand)
{
  double u1 = g_rand_double (rand);
  double u2 = g_rand_double (rand);

  if (u1 <= 0.0)
    u1 = G_MINDOUBLE;
  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

/* Publishes @value (in the target's value unit) on the target's topic, with noise and faults. */
static gboolean
publish_value (TwinEmulator *self,
               Target       *target,
               double        value)
{
  const TwinTopicBinding *binding = target->binding;
  g_autofree char        *text = NULL;
  gboolean                stuck = FALSE;
  int                     rc;

  if (binding->unit != NULL && binding->unit[0] != '\0' && target->value_unit != NULL && target->value_unit[0] != '\0' && strcmp (binding->unit, target->value_unit) != 0 && !twin_unit_convert (value, target->value_unit, binding->unit, &value, NULL))
    return TRUE;
  value = (value - binding->offset) / binding->scale;
  if (self->sigma > 0.0)
    value += self->sigma * gaussian (self->rand);
  /* Offsets first; a stuck topic then repeats the first value it published (offsets included). */
  for (guint i = 0; i < self->faults->len; i++)
    {
      const Fault *fault = g_ptr_array_index (self->faults, i);

      if (strcmp (fault->topic, binding->topic) != 0)
        continue;
      if (fault->kind == FAULT_DROP)
        return TRUE;
      if (fault->kind == FAULT_OFFSET)
        value += fault->offset;
      else if (fault->kind == FAULT_STUCK)
        stuck = TRUE;
    }
  if (stuck && target->has_first)
    value = target->first_value;
  if (!target->has_first)
    {
      target->has_first = TRUE;
      target->first_value = value;
    }
  if (!isfinite (value))
    return TRUE;
  /* Six significant digits, as a real instrument's resolution, with a dot whatever the locale. */
  text = g_malloc (G_ASCII_DTOSTR_BUF_SIZE);
  g_ascii_formatd (text, G_ASCII_DTOSTR_BUF_SIZE, "%.6g", value);
  g_mutex_lock (&self->mutex);
  rc = mosquitto_publish (self->mosq, NULL, binding->topic, (int) strlen (text), text, self->qos, FALSE);
  if (rc == MOSQ_ERR_SUCCESS)
    self->published++;
  g_mutex_unlock (&self->mutex);
  if (rc != MOSQ_ERR_SUCCESS)
    {
      g_set_error (&self->run_error, TWIN_EMULATOR_ERROR, TWIN_EMULATOR_ERROR_BROKER,
                   /* TRANSLATORS: a topic, a broker host, its port, the reason. */
                   _ ("Could not publish to “%s” on %s:%d: %s."), binding->topic, self->host, self->port,
                   rc == MOSQ_ERR_ERRNO ? g_strerror (errno) : mosquitto_strerror (rc));
      return FALSE;
    }
  return TRUE;
}

static gboolean
on_output (double        t_s,
           const double *x,
           gpointer      user_data)
{
  TwinEmulator *self = user_data;
  TwinSimModel *model = twin_sim_run_get_model (self->run);

  if (!wait_until (self, t_s))
    return FALSE;
  if (t_s < self->t1_s && g_atomic_int_get (&self->commands_pending))
    {
      /* A new setpoint holds from this output on: stop here, recompile, continue from x. */
      memcpy (self->restart_x, x, sizeof (double) * twin_sim_model_get_n_states (model));
      self->restart_t_s = t_s;
      self->restart = TRUE;
      return FALSE;
    }
  if (!twin_sim_model_eval_variables (model, t_s, x, self->values, &self->run_error))
    return FALSE;
  for (guint i = 0; i < self->targets->len; i++)
    {
      Target *target = g_ptr_array_index (self->targets, i);

      if (!publish_value (self, target, self->values[target->variable]))
        return FALSE;
    }
  return TRUE;
}

/* Compiles the model again with the setpoints that arrived as overrides; keeps the old one if it cannot. */
static void
apply_commands (TwinEmulator *self)
{
  g_autoptr (GHashTable) previous = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GString) applied = g_string_new (NULL);
  g_autoptr (TwinSimRun) run = NULL;
  g_autoptr (GError) error = NULL;
  TwinSimModel  *old_model = twin_sim_run_get_model (self->run);
  TwinSimModel  *model;
  GHashTableIter iter;
  gpointer       key, value;
  guint          n = 0;

  g_hash_table_iter_init (&iter, self->scenario->overrides);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (previous, g_strdup (key), g_strdup (value));
  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->commands->len; i++)
    {
      Command *command = g_ptr_array_index (self->commands, i);

      if (!command->pending)
        continue;
      command->pending = FALSE;
      g_hash_table_replace (self->scenario->overrides, g_strdup (command->override),
                            twin_format_number (command->value));
      g_string_append_printf (applied, "%s%s = %s%s%s", applied->len > 0 ? ", " : "", command->override,
                              (const char *) g_hash_table_lookup (self->scenario->overrides, command->override),
                              command->unit != NULL && command->unit[0] != '\0' ? " " : "",
                              command->unit != NULL ? command->unit : "");
      n++;
    }
  g_atomic_int_set (&self->commands_pending, FALSE);
  g_mutex_unlock (&self->mutex);

  run = twin_sim_run_prepare (self->project_path, self->root, self->scenario, &error);
  model = run != NULL ? twin_sim_run_get_model (run) : NULL;
  if (model != NULL && twin_sim_model_get_n_states (model) != twin_sim_model_get_n_states (old_model))
    g_set_error (&error, TWIN_EMULATOR_ERROR, TWIN_EMULATOR_ERROR_INVALID,
                 _ ("the model has another number of states with these values"));
  if (error != NULL)
    {
      g_message (_ ("The emulator cannot obey %s at %g s: %s"), g_strchomp (applied->str), self->restart_t_s,
                 error->message);
      g_hash_table_remove_all (self->scenario->overrides);
      g_hash_table_iter_init (&iter, previous);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (self->scenario->overrides, g_strdup (key), g_strdup (value));
      return;
    }
  for (guint i = 0; i < self->targets->len; i++)
    {
      Target *target = g_ptr_array_index (self->targets, i);

      target->variable = find_reading_variable (model, self->root, target->binding->entity_path, target->binding->property);
      g_assert (target->variable >= 0);
    }
  g_free (self->values);
  self->values = g_new0 (double, MAX (twin_sim_model_get_n_variables (model), 1));
  twin_sim_model_reset (model);
  g_set_object (&self->run, run);
  g_mutex_lock (&self->mutex);
  self->n_commands += n;
  g_mutex_unlock (&self->mutex);
  /* TRANSLATORS: ENTITY.PROPERTY = value unit (one or more), then the emulated time in seconds. */
  g_message (_ ("Obeyed %s from %g s of emulated time on."), g_strchomp (applied->str), self->restart_t_s);
}

static gboolean
run_simulation (TwinEmulator *self,
                GError      **error)
{
  TwinSimModel         *model = twin_sim_run_get_model (self->run);
  TwinSimSolverSettings settings = twin_sim_run_get_scenario (self->run)->solver;
  guint                 n_states = twin_sim_model_get_n_states (model);
  g_autofree double    *x = g_new0 (double, MAX (n_states, 1));
  g_autoptr (GError) solve_error = NULL;
  gboolean ok;

  self->values = g_new0 (double, MAX (twin_sim_model_get_n_variables (model), 1));
  self->restart_x = g_new0 (double, MAX (n_states, 1));
  self->t1_s = settings.t1_s;
  twin_sim_model_reset (model);
  twin_sim_model_get_initial_state (model, x);
  for (;;)
    {
      TwinSimSolveReport report = { 0 };

      self->restart = FALSE;
      g_clear_error (&solve_error);
      ok = twin_sim_solve (twin_sim_model_get_system (twin_sim_run_get_model (self->run)), &settings, x, on_output,
                           self, self->cancellable, &report, &solve_error);
      twin_sim_solve_report_clear (&report);
      if (!self->restart || self->run_error != NULL)
        break;
      apply_commands (self);
      memcpy (x, self->restart_x, sizeof (double) * n_states);
      settings.t0_s = self->restart_t_s;
    }
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->restart_x, g_free);
  if (self->run_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->run_error));
      return FALSE;
    }
  if (!ok && g_cancellable_is_cancelled (self->cancellable))
    return TRUE;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&solve_error));
  return ok;
}

typedef struct
{
  gint64 t_us;
  guint  target;
  double value;
} Event;

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const Event *ea = a, *eb = b;

  if (ea->t_us != eb->t_us)
    return ea->t_us < eb->t_us ? -1 : 1;
  return ea->target < eb->target ? -1 : (ea->target > eb->target ? 1 : 0);
}

static gboolean
run_replay (TwinEmulator *self,
            GError      **error)
{
  g_autoptr (GArray) events = g_array_new (FALSE, FALSE, sizeof (Event));
  gint64 first_us = G_MAXINT64;

  for (guint i = 0; i < self->targets->len; i++)
    {
      Target *target = g_ptr_array_index (self->targets, i);

      for (guint j = 0; j < target->samples->len; j++)
        {
          const TwinSample *sample = &g_array_index (target->samples, TwinSample, j);
          Event             event = { sample->t_us, i, sample->value };

          g_array_append_val (events, event);
          first_us = MIN (first_us, sample->t_us);
        }
    }
  g_array_sort (events, compare_events);
  for (guint i = 0; i < events->len; i++)
    {
      const Event *event = &g_array_index (events, Event, i);
      double       t_s = (double) (event->t_us - first_us) / G_USEC_PER_SEC;

      if (self->duration_s > 0.0 && t_s > self->duration_s)
        break;
      if (!wait_until (self, t_s))
        return TRUE;
      if (!publish_value (self, g_ptr_array_index (self->targets, event->target), event->value))
        {
          g_propagate_error (error, g_steal_pointer (&self->run_error));
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * twin_emulator_run:
 * @self: a prepared #TwinEmulator
 * @cancellable: (nullable): cancel to stop early (then the run still succeeds)
 * @error: return location for a #GError
 *
 * Connects to the broker and publishes until the duration is played or
 * @cancellable is cancelled, then waits (up to 10 s) for the broker to
 * acknowledge what was sent at QoS 1 or 2 and disconnects. Blocks.
 *
 * Returns: %TRUE unless the broker, the simulation or a publish failed
 */
gboolean
twin_emulator_run (TwinEmulator *self,
                   GCancellable *cancellable,
                   GError      **error)
{
  gboolean ok;

  g_return_val_if_fail (TWIN_IS_EMULATOR (self), FALSE);
  g_return_val_if_fail (self->targets->len > 0, FALSE);

  if (!connect_broker (self, error))
    return FALSE;
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  self->rand = g_rand_new_with_seed (self->seed);
  self->started_us = g_get_monotonic_time ();
  ok = self->replay ? run_replay (self, error) : run_simulation (self, error);
  disconnect_broker (self);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_object (&self->cancellable);
  return ok;
}

/**
 * twin_emulator_get_n_published:
 * @self: a #TwinEmulator
 *
 * Returns: the number of messages handed to the broker connection so far
 */
guint64
twin_emulator_get_n_published (TwinEmulator *self)
{
  guint64 n;

  g_return_val_if_fail (TWIN_IS_EMULATOR (self), 0);
  g_mutex_lock (&self->mutex);
  n = self->published;
  g_mutex_unlock (&self->mutex);
  return n;
}

/**
 * twin_emulator_get_n_commands:
 * @self: a #TwinEmulator
 *
 * Returns: the number of setpoints obeyed so far (each changed a simulated parameter)
 */
guint64
twin_emulator_get_n_commands (TwinEmulator *self)
{
  guint64 n;

  g_return_val_if_fail (TWIN_IS_EMULATOR (self), 0);
  g_mutex_lock (&self->mutex);
  n = self->n_commands;
  g_mutex_unlock (&self->mutex);
  return n;
}
