/* twin-recorder.c: the one writer of feed samples: a queue from any thread to batches in the history.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Feed threads push samples under a mutex; a writer thread takes the whole
 * queue every few milliseconds (or at once when it holds BATCH_MAX samples or
 * someone waits in twin_recorder_flush()) and appends it to the project's
 * history in one transaction. A commit is durable against the recorder being
 * killed (WAL, synchronous=NORMAL: the data is in the operating system once
 * the commit returns; a power cut may still lose the last commits).
 *
 * Signals: every topic (or SenML record name) is a signal of that name. Its unit
 * is fixed by the first sample that creates it; a later sample in another unit
 * is converted when the units are compatible, else counted as rejected. A
 * topic binding (TwinFeedStore) applies value · scale + offset first and says
 * the payload's unit; the signal's own unit (the property's, as `twinctl bind
 * --unit` set it) is the target. Duplicates (same signal and time) are stored
 * once, last write wins; out-of-order samples land in order, as the historian
 * is keyed by time.
 *
 * Alarms (twin_recorder_load_alarms()): the writer thread itself reads the
 * rules and which are raised from the project (TwinAlarmStore, its own
 * connection), so loading never races a batch. After each commit it feeds
 * the committed samples, in the order written, to a TwinAlarmMonitor and
 * logs the raises and clears in one more transaction; then it calls the
 * observer with the samples and those events. The observer runs on the
 * writer thread under its own mutex, so replacing it never races a call.
 *
 * Topic bindings are read the same way (twin_recorder_reload_bindings()): the
 * writer first commits what was pushed before the call, with the old
 * bindings, then reads the new ones, so feeds keep pushing meanwhile and no
 * sample is lost or converted twice.
 */

#define G_LOG_DOMAIN "twin-feeds"

#include "config.h"

#include "twin-recorder.h"

#include "history/twin-historian.h"
#include "model/twin-unit.h"
#include "store/twin-store.h"
#include "twin-alarm-store.h"
#include "twin-alarm.h"
#include "twin-feed-store.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* A batch is written at the latest this long after its first sample arrived… */
#define BATCH_DELAY_US 5000
/* …or at once when it holds this many. */
#define BATCH_MAX 2000

typedef struct
{
  char  *signal;
  char  *unit;
  gint64 t_us;
  double value;
} Item;

typedef struct
{
  gint64 id;
  char  *unit; /* "" for none */
} SignalEntry;

struct _TwinRecorder
{
  GObject              parent_instance;

  char                *path;
  /* Writer thread only (after construction). */
  TwinHistorian       *historian;
  GHashTable          *signals;     /* name → SignalEntry */
  GHashTable          *bindings;    /* topic → TwinTopicBinding */
  TwinAlarmMonitor    *monitor;     /* NULL until alarms are loaded */
  TwinAlarmStore      *alarm_store; /* the alarm log, opened by the first load */

  GMutex               observer_mutex; /* held while the observer runs */
  TwinRecorderObserver observer;
  gpointer             observer_data;
  GDestroyNotify       observer_destroy;

  GMutex               mutex;
  GCond                cond;  /* the writer waits on it, and so do flushers */
  GArray              *queue; /* Item */
  guint64              received;
  guint64              done; /* pushed and handled (written or refused at write time) */
  guint64              written;
  guint64              rejected;
  guint64              flush_target;
  GError              *write_error;        /* sticky: the first failed commit */
  GHashTable          *reasons;            /* topic → TwinRecorderReject */
  guint64              alarms_requested;   /* loads asked for… */
  guint64              alarms_loaded;      /* …and done by the writer */
  GError              *alarms_error;       /* why the last load failed */
  guint64              bindings_requested; /* binding reloads asked for… */
  guint64              bindings_loaded;    /* …and done by the writer */
  guint64              bindings_barrier;   /* samples pushed before the newest request */
  GError              *bindings_error;     /* why the last reload failed */
  gboolean             stopping;
  gboolean             exited; /* the writer thread has returned */
  GThread             *thread;
};

G_DEFINE_FINAL_TYPE (TwinRecorder, twin_recorder, G_TYPE_OBJECT)

static void
item_clear (gpointer data)
{
  Item *item = data;

  g_free (item->signal);
  g_free (item->unit);
}

static void
signal_entry_free (gpointer data)
{
  SignalEntry *entry = data;

  g_free (entry->unit);
  g_free (entry);
}

static void
twin_recorder_finalize (GObject *object)
{
  TwinRecorder *self = TWIN_RECORDER (object);

  if (self->thread != NULL)
    twin_recorder_close (self, NULL);
  g_clear_object (&self->historian);
  g_clear_pointer (&self->monitor, twin_alarm_monitor_free);
  g_clear_object (&self->alarm_store);
  if (self->observer_destroy != NULL)
    self->observer_destroy (self->observer_data);
  g_mutex_clear (&self->observer_mutex);
  g_clear_error (&self->alarms_error);
  g_clear_error (&self->bindings_error);
  g_hash_table_unref (self->signals);
  g_clear_pointer (&self->bindings, g_hash_table_unref);
  g_array_unref (self->queue);
  g_hash_table_unref (self->reasons);
  g_clear_error (&self->write_error);
  g_free (self->path);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (twin_recorder_parent_class)->finalize (object);
}

static void
twin_recorder_class_init (TwinRecorderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = twin_recorder_finalize;
}

static void
twin_recorder_init (TwinRecorder *self)
{
  g_mutex_init (&self->mutex);
  g_mutex_init (&self->observer_mutex);
  g_cond_init (&self->cond);
  self->queue = g_array_new (FALSE, FALSE, sizeof (Item));
  g_array_set_clear_func (self->queue, item_clear);
  self->signals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, signal_entry_free);
  self->reasons =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) twin_recorder_reject_free);
}

/* Under the mutex. */
static void
note_reason (TwinRecorder *self,
             const char   *topic,
             const char   *reason)
{
  TwinRecorderReject *reject = g_hash_table_lookup (self->reasons, topic);

  self->rejected++;
  if (reject == NULL)
    {
      reject = g_new0 (TwinRecorderReject, 1);
      g_hash_table_insert (self->reasons, g_strdup (topic), reject);
    }
  g_free (reject->reason);
  reject->reason = g_strdup (reason);
  reject->count++;
  g_debug ("Refused a sample of “%s”: %s", topic, reason);
}

/* The signal of @item, created when new; NULL with a reason when its unit cannot be used. */
static SignalEntry *
resolve_signal (TwinRecorder *self,
                const char   *name,
                const char   *unit,
                GError      **error)
{
  SignalEntry *entry = g_hash_table_lookup (self->signals, name);
  g_autoptr (TwinSignalInfo) info = NULL;
  g_autoptr (GError) local_error = NULL;
  gint64 id;

  if (entry != NULL)
    return entry;
  info = twin_historian_lookup_signal (self->historian, name, &local_error);
  if (info == NULL && local_error != NULL &&
      !g_error_matches (local_error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (info != NULL)
    {
      id = info->id;
      unit = info->unit;
    }
  else
    {
      id = twin_historian_ensure_signal (self->historian, name, unit != NULL ? unit : "", error);
      if (id <= 0)
        return NULL;
    }
  entry = g_new0 (SignalEntry, 1);
  entry->id = id;
  entry->unit = g_strdup (unit != NULL ? unit : "");
  g_hash_table_insert (self->signals, g_strdup (name), entry);
  return entry;
}

/* Applies the binding and converts to the signal's unit. FALSE with a reason to refuse the sample. */
static gboolean
prepare_sample (TwinRecorder *self,
                Item         *item,
                SignalEntry **out_entry,
                double       *out_value,
                char        **reason,
                GError      **error)
{
  TwinTopicBinding *binding = self->bindings != NULL ? g_hash_table_lookup (self->bindings, item->signal) : NULL;
  const char       *unit = item->unit;
  double            value = item->value;
  SignalEntry      *entry;
  g_autoptr (GError) local_error = NULL;

  if (binding != NULL)
    {
      value = value * binding->scale + binding->offset;
      if (binding->unit != NULL && binding->unit[0] != '\0')
        unit = binding->unit;
    }
  entry = resolve_signal (self, item->signal, unit, error);
  if (entry == NULL)
    return FALSE;
  if (unit != NULL && unit[0] != '\0' && entry->unit[0] != '\0' && strcmp (unit, entry->unit) != 0)
    {
      double converted;

      if (!twin_unit_convert (value, unit, entry->unit, &converted, &local_error))
        {
          *reason = g_strdup_printf (_ ("its unit “%s” cannot be converted to the signal’s unit “%s”: %s"), unit,
                                     entry->unit, local_error->message);
          return TRUE;
        }
      value = converted;
    }
  if (!isfinite (value))
    {
      *reason = g_strdup (_ ("its value is not a finite number after conversion"));
      return TRUE;
    }
  *out_entry = entry;
  *out_value = value;
  return TRUE;
}

/* Writes @batch in one transaction. Returns the number stored, or -1 with @error. */
static gint64
write_batch (TwinRecorder *self,
             GArray       *batch,
             GArray       *committed,
             guint64      *n_refused,
             GError      **error)
{
  g_autoptr (GPtrArray) refusals = g_ptr_array_new_with_free_func (g_free);
  gint64 stored = 0;

  /* New signals are created inside the transaction; a rollback forgets them (see below). */
  if (!twin_historian_begin (self->historian, error))
    return -1;
  for (guint i = 0; i < batch->len; i++)
    {
      Item            *item = &g_array_index (batch, Item, i);
      SignalEntry     *entry = NULL;
      TwinSample       sample;
      g_autofree char *reason = NULL;

      if (!prepare_sample (self, item, &entry, &sample.value, &reason, error))
        goto failed;
      if (reason != NULL)
        {
          g_ptr_array_add (refusals, g_strdup (item->signal));
          g_ptr_array_add (refusals, g_steal_pointer (&reason));
          continue;
        }
      sample.t_us = item->t_us;
      if (!twin_historian_append (self->historian, entry->id, &sample, 1, error))
        goto failed;
      stored++;
      {
        TwinRecordedSample recorded = { item->signal, sample.t_us, sample.value };

        g_array_append_val (committed, recorded);
      }
    }
  if (!twin_historian_commit (self->historian, error))
    goto failed;

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i + 1 < refusals->len; i += 2)
    note_reason (self, g_ptr_array_index (refusals, i), g_ptr_array_index (refusals, i + 1));
  g_mutex_unlock (&self->mutex);
  *n_refused = refusals->len / 2;
  return stored;

failed:
  if (twin_historian_in_transaction (self->historian))
    twin_historian_rollback (self->historian);
  /* Signals created in the rolled-back transaction are gone: forget the cache. */
  g_hash_table_remove_all (self->signals);
  g_array_set_size (committed, 0);
  return -1;
}

static GHashTable *
load_bindings (const char *path,
               GError    **error)
{
  g_autoptr (TwinFeedStore) store = twin_feed_store_open (path, FALSE, error);
  g_autoptr (GPtrArray) list = NULL;
  GHashTable *bindings;

  if (store == NULL)
    return NULL;
  list = twin_feed_store_list_bindings (store, error);
  if (list == NULL)
    return NULL;
  bindings = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) twin_topic_binding_free);
  for (guint i = 0; i < list->len; i++)
    {
      TwinTopicBinding *binding = g_ptr_array_index (list, i);

      g_ptr_array_index (list, i) = NULL;
      g_hash_table_replace (bindings, binding->topic, binding);
    }
  return bindings;
}

/* Writer thread: (re)reads the rules and which are raised. The monitor keeps the state of kept rules. */
static gboolean
reload_alarms (TwinRecorder *self,
               GError      **error)
{
  g_autoptr (GPtrArray) rules = NULL;
  g_autoptr (GArray) raised = NULL;

  if (self->alarm_store == NULL)
    {
      self->alarm_store = twin_alarm_store_open (self->path, FALSE, error);
      if (self->alarm_store == NULL)
        return FALSE;
    }
  rules = twin_alarm_store_list_rules (self->alarm_store, error);
  if (rules == NULL)
    return FALSE;
  raised = twin_alarm_store_list_raised (self->alarm_store, error);
  if (raised == NULL)
    return FALSE;
  if (self->monitor == NULL)
    self->monitor = twin_alarm_monitor_new (rules);
  else
    twin_alarm_monitor_set_rules (self->monitor, rules);
  /* Every event this monitor made is already logged, so the log is the truth. */
  for (guint i = 0; i < rules->len; i++)
    {
      const TwinAlarmRule *rule = g_ptr_array_index (rules, i);
      gboolean             is_raised = FALSE;

      for (guint j = 0; j < raised->len && !is_raised; j++)
        is_raised = g_array_index (raised, gint64, j) == rule->id;
      twin_alarm_monitor_set_raised (self->monitor, rule->id, is_raised);
    }
  return TRUE;
}

/* Writer thread, after a commit: alarms on the committed samples, then the observer. */
static void
after_commit (TwinRecorder *self,
              GArray       *committed)
{
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_alarm_event_free);

  if (self->monitor != NULL)
    {
      g_autoptr (GError) error = NULL;

      for (guint i = 0; i < committed->len; i++)
        {
          const TwinRecordedSample *sample = &g_array_index (committed, TwinRecordedSample, i);

          if (twin_alarm_monitor_watches (self->monitor, sample->signal))
            twin_alarm_monitor_feed (self->monitor, sample->signal, sample->t_us, sample->value, events);
        }
      if (events->len > 0 && !twin_alarm_store_append_events (self->alarm_store, events, &error))
        g_warning ("Could not log %u alarm events: %s", events->len, error->message);
    }
  if (committed->len == 0 && events->len == 0)
    return;
  g_mutex_lock (&self->observer_mutex);
  if (self->observer != NULL)
    self->observer ((const TwinRecordedSample *) (gpointer) committed->data, committed->len, events,
                    self->observer_data);
  g_mutex_unlock (&self->observer_mutex);
}

static gpointer
writer_thread (gpointer data)
{
  TwinRecorder *self = data;

  g_mutex_lock (&self->mutex);
  for (;;)
    {
      g_autoptr (GArray) batch = NULL;
      g_autoptr (GArray) committed = NULL;
      g_autoptr (GError) error = NULL;
      guint64 n_refused = 0;
      gint64  stored;

      guint64 limit = G_MAXUINT64;

      while (self->queue->len == 0 && !self->stopping && self->alarms_requested == self->alarms_loaded &&
             self->bindings_requested == self->bindings_loaded)
        g_cond_wait (&self->cond, &self->mutex);
      /* New bindings once what was pushed before the request is written with the old ones. */
      if (self->bindings_requested != self->bindings_loaded && self->done >= self->bindings_barrier)
        {
          guint64     generation = self->bindings_requested;
          GHashTable *bindings;

          g_mutex_unlock (&self->mutex);
          bindings = load_bindings (self->path, &error);
          if (bindings != NULL)
            {
              g_clear_pointer (&self->bindings, g_hash_table_unref);
              self->bindings = bindings;
            }
          g_mutex_lock (&self->mutex);
          self->bindings_loaded = generation;
          g_clear_error (&self->bindings_error);
          if (bindings == NULL)
            self->bindings_error = g_steal_pointer (&error);
          g_cond_broadcast (&self->cond);
          continue;
        }
      if (self->bindings_requested != self->bindings_loaded)
        limit = self->bindings_barrier - self->done;
      if (self->alarms_requested != self->alarms_loaded)
        {
          guint64  generation = self->alarms_requested;
          gboolean loaded;

          g_mutex_unlock (&self->mutex);
          loaded = reload_alarms (self, &error);
          g_mutex_lock (&self->mutex);
          self->alarms_loaded = generation;
          g_clear_error (&self->alarms_error);
          if (!loaded)
            self->alarms_error = g_steal_pointer (&error);
          g_cond_broadcast (&self->cond);
          continue;
        }
      if (self->queue->len == 0 && self->stopping)
        break;
      /* Gather a batch: wait a little for more unless asked to hurry. */
      if (self->queue->len < BATCH_MAX && !self->stopping && self->flush_target <= self->done &&
          limit == G_MAXUINT64)
        {
          gint64 deadline = g_get_monotonic_time () + BATCH_DELAY_US;

          while (self->queue->len < BATCH_MAX && !self->stopping && self->flush_target <= self->done)
            if (!g_cond_wait_until (&self->cond, &self->mutex, deadline))
              break;
        }
      batch = self->queue;
      self->queue = g_array_new (FALSE, FALSE, sizeof (Item));
      g_array_set_clear_func (self->queue, item_clear);
      if (limit < batch->len)
        {
          /* Only the samples pushed before a binding reload; the rest waits for the new bindings. */
          g_array_append_vals (self->queue, &g_array_index (batch, Item, limit), batch->len - (guint) limit);
          g_array_set_clear_func (batch, NULL);
          g_array_set_size (batch, (guint) limit);
          g_array_set_clear_func (batch, item_clear);
        }
      g_mutex_unlock (&self->mutex);

      committed = g_array_sized_new (FALSE, FALSE, sizeof (TwinRecordedSample), batch->len);
      stored = write_batch (self, batch, committed, &n_refused, &error);
      if (stored >= 0)
        after_commit (self, committed);

      g_mutex_lock (&self->mutex);
      self->done += batch->len;
      if (stored >= 0)
        self->written += (guint64) stored;
      else if (self->write_error == NULL)
        {
          g_autofree char *display = g_filename_display_basename (self->path);

          g_warning ("Could not record %u samples in “%s”: %s", batch->len, display, error->message);
          g_set_error (&self->write_error, error->domain, error->code,
                       /* TRANSLATORS: %u is a number of samples, %s are the file and the reason. */
                       _ ("Could not record %u samples in “%s”: %s"), batch->len, display, error->message);
        }
      g_cond_broadcast (&self->cond);
    }
  self->exited = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
  return NULL;
}

/**
 * twin_recorder_new:
 * @project_path: the .dtwin file to record into
 * @error: return location for the reason it cannot be opened for writing
 *
 * Opens the project's history for writing, reads its topic bindings and
 * starts the writer thread.
 *
 * Returns: (transfer full): a new recorder, or %NULL with @error set
 */
TwinRecorder *
twin_recorder_new (const char *project_path,
                   GError    **error)
{
  g_autoptr (TwinRecorder) self = NULL;
  g_autoptr (TwinHistorian) historian = NULL;
  GHashTable *bindings;

  g_return_val_if_fail (project_path != NULL, NULL);

  /* The feed store first: it brings an older file up to date. */
  bindings = load_bindings (project_path, error);
  if (bindings == NULL)
    return NULL;
  historian = twin_historian_open (project_path, FALSE, error);
  if (historian == NULL)
    {
      g_hash_table_unref (bindings);
      return NULL;
    }
  self = g_object_new (TWIN_TYPE_RECORDER, NULL);
  self->path = g_strdup (project_path);
  self->historian = g_steal_pointer (&historian);
  self->bindings = bindings;
  self->thread = g_thread_new ("twin-recorder", writer_thread, self);
  return g_steal_pointer (&self);
}

/**
 * twin_recorder_push:
 * @self: a recorder
 * @signal: the topic, or a SenML record's name
 * @unit: (nullable): the unit of @value as the payload gave it
 * @t_us: the sample's time, UTC µs
 * @value: its value (a non-finite one is counted as rejected)
 *
 * Queues one sample. Thread safe; never blocks on the file.
 */
void
twin_recorder_push (TwinRecorder *self,
                    const char   *signal,
                    const char   *unit,
                    gint64        t_us,
                    double        value)
{
  Item item;

  g_return_if_fail (TWIN_IS_RECORDER (self));
  g_return_if_fail (signal != NULL);

  if (!isfinite (value))
    {
      twin_recorder_reject (self, signal, _ ("the value is not a finite number"));
      return;
    }
  item.signal = g_strdup (signal);
  item.unit = unit != NULL && unit[0] != '\0' ? g_strdup (unit) : NULL;
  item.t_us = t_us;
  item.value = value;
  g_mutex_lock (&self->mutex);
  g_array_append_val (self->queue, item);
  self->received++;
  if (self->queue->len == 1 || self->queue->len >= BATCH_MAX)
    g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

/**
 * twin_recorder_reject:
 * @self: a recorder
 * @topic: the topic whose payload could not be decoded
 * @reason: why, a sentence
 *
 * Counts a refused payload and keeps the last reason per topic. Thread safe.
 */
void
twin_recorder_reject (TwinRecorder *self,
                      const char   *topic,
                      const char   *reason)
{
  g_return_if_fail (TWIN_IS_RECORDER (self));

  g_mutex_lock (&self->mutex);
  note_reason (self, topic, reason);
  g_mutex_unlock (&self->mutex);
}

/**
 * twin_recorder_flush:
 * @self: a recorder
 * @error: return location for the reason a batch could not be written
 *
 * Blocks until every sample pushed before the call is committed to the file
 * (or refused for its unit). Thread safe.
 *
 * Returns: %TRUE when all of them are in the file
 */
gboolean
twin_recorder_flush (TwinRecorder *self,
                     GError      **error)
{
  guint64 target;

  g_return_val_if_fail (TWIN_IS_RECORDER (self), FALSE);

  g_mutex_lock (&self->mutex);
  target = self->received;
  if (target > self->flush_target)
    self->flush_target = target;
  g_cond_broadcast (&self->cond);
  while (self->done < target && self->write_error == NULL && self->thread != NULL)
    g_cond_wait (&self->cond, &self->mutex);
  if (self->write_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->write_error));
      g_mutex_unlock (&self->mutex);
      return FALSE;
    }
  g_mutex_unlock (&self->mutex);
  return TRUE;
}

/**
 * twin_recorder_get_stats:
 * @self: a recorder
 * @stats: (out caller-allocates): the counts so far
 *
 * Thread safe; cheap enough to call at a GUI's refresh rate.
 */
void
twin_recorder_get_stats (TwinRecorder      *self,
                         TwinRecorderStats *stats)
{
  g_return_if_fail (TWIN_IS_RECORDER (self));

  g_mutex_lock (&self->mutex);
  stats->received = self->received;
  stats->written = self->written;
  stats->rejected = self->rejected;
  stats->pending = self->received - self->done;
  g_mutex_unlock (&self->mutex);
}

/**
 * twin_recorder_set_observer:
 * @self: a recorder
 * @observer: (nullable) (scope notified): called on the writer thread after each commit
 * @user_data: its data
 * @destroy: (nullable): frees @user_data when the observer is replaced or the recorder finalized
 *
 * Sets the one observer of committed samples and alarm events, replacing the
 * previous one (whose data is destroyed once no call to it runs). Thread safe.
 */
void
twin_recorder_set_observer (TwinRecorder        *self,
                            TwinRecorderObserver observer,
                            gpointer             user_data,
                            GDestroyNotify       destroy)
{
  gpointer       old_data;
  GDestroyNotify old_destroy;

  g_return_if_fail (TWIN_IS_RECORDER (self));

  g_mutex_lock (&self->observer_mutex);
  old_data = self->observer_data;
  old_destroy = self->observer_destroy;
  self->observer = observer;
  self->observer_data = user_data;
  self->observer_destroy = destroy;
  g_mutex_unlock (&self->observer_mutex);
  if (old_destroy != NULL)
    old_destroy (old_data);
}

/**
 * twin_recorder_load_alarms:
 * @self: a recorder
 * @error: return location for the reason the rules cannot be read
 *
 * Loads the project's alarm rules, and which of them are raised according to
 * the alarm log, and from then on evaluates every committed sample, logging
 * raises and clears in the project. Call it again after the rules changed: a
 * kept rule keeps its state. Blocks until the writer thread has loaded them.
 * Thread safe.
 *
 * Returns: %TRUE when the rules are loaded
 */
gboolean
twin_recorder_load_alarms (TwinRecorder *self,
                           GError      **error)
{
  guint64 generation;

  g_return_val_if_fail (TWIN_IS_RECORDER (self), FALSE);

  g_mutex_lock (&self->mutex);
  if (self->exited || self->stopping)
    {
      g_autofree char *display = g_filename_display_basename (self->path);

      g_mutex_unlock (&self->mutex);
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO,
                   _ ("Could not load the alarm rules of “%s”: the recorder is closed."), display);
      return FALSE;
    }
  generation = ++self->alarms_requested;
  g_cond_broadcast (&self->cond);
  while (self->alarms_loaded < generation && !self->exited)
    g_cond_wait (&self->cond, &self->mutex);
  if (self->alarms_loaded >= generation && self->alarms_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->alarms_error));
      g_mutex_unlock (&self->mutex);
      return FALSE;
    }
  g_mutex_unlock (&self->mutex);
  return TRUE;
}

/**
 * twin_recorder_reload_bindings:
 * @self: a recorder
 * @error: return location for the reason the bindings cannot be read
 *
 * Rereads the project's topic bindings without stopping anything: samples
 * pushed before the call are committed with the old bindings, those pushed
 * after it are converted with the new ones. Blocks until the writer thread
 * has read them. When they cannot be read the old ones stay. Thread safe.
 *
 * Returns: %TRUE when the new bindings apply
 */
gboolean
twin_recorder_reload_bindings (TwinRecorder *self,
                               GError      **error)
{
  guint64 generation;

  g_return_val_if_fail (TWIN_IS_RECORDER (self), FALSE);

  g_mutex_lock (&self->mutex);
  if (self->exited || self->stopping)
    {
      g_autofree char *display = g_filename_display_basename (self->path);

      g_mutex_unlock (&self->mutex);
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO,
                   _ ("Could not load the topic bindings of “%s”: the recorder is closed."), display);
      return FALSE;
    }
  generation = ++self->bindings_requested;
  self->bindings_barrier = self->received;
  g_cond_broadcast (&self->cond);
  while (self->bindings_loaded < generation && !self->exited)
    g_cond_wait (&self->cond, &self->mutex);
  if (self->bindings_loaded >= generation && self->bindings_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->bindings_error));
      g_mutex_unlock (&self->mutex);
      return FALSE;
    }
  g_mutex_unlock (&self->mutex);
  return TRUE;
}

/**
 * twin_recorder_dup_rejects:
 * @self: a recorder
 *
 * Thread safe.
 *
 * Returns: (transfer full) (element-type utf8 utf8): topic → the last reason
 *   one of its payloads or samples was refused
 */
GHashTable *
twin_recorder_dup_rejects (TwinRecorder *self)
{
  GHashTable    *copy;
  GHashTableIter iter;
  gpointer       key, value;

  g_return_val_if_fail (TWIN_IS_RECORDER (self), NULL);

  copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_mutex_lock (&self->mutex);
  g_hash_table_iter_init (&iter, self->reasons);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (((TwinRecorderReject *) value)->reason));
  g_mutex_unlock (&self->mutex);
  return copy;
}

/**
 * twin_recorder_reject_free:
 * @reject: (nullable): a reject count
 */
void
twin_recorder_reject_free (TwinRecorderReject *reject)
{
  if (reject == NULL)
    return;
  g_free (reject->reason);
  g_free (reject);
}

/**
 * twin_recorder_dup_reject_counts:
 * @self: a recorder
 *
 * Every topic one of whose payloads or samples was refused, with the exact
 * number refused and the last reason. Thread safe.
 *
 * Returns: (transfer full) (element-type utf8 TwinRecorderReject): topic → its refusals
 */
GHashTable *
twin_recorder_dup_reject_counts (TwinRecorder *self)
{
  GHashTable    *copy;
  GHashTableIter iter;
  gpointer       key, value;

  g_return_val_if_fail (TWIN_IS_RECORDER (self), NULL);

  copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) twin_recorder_reject_free);
  g_mutex_lock (&self->mutex);
  g_hash_table_iter_init (&iter, self->reasons);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const TwinRecorderReject *reject = value;
      TwinRecorderReject       *dup = g_new0 (TwinRecorderReject, 1);

      dup->reason = g_strdup (reject->reason);
      dup->count = reject->count;
      g_hash_table_insert (copy, g_strdup (key), dup);
    }
  g_mutex_unlock (&self->mutex);
  return copy;
}

/**
 * twin_recorder_close:
 * @self: a recorder
 * @error: return location for the reason the last samples could not be written
 *
 * Writes everything queued and stops the writer thread. Pushing afterwards is
 * a programming error.
 *
 * Returns: %TRUE when every sample received is in the file
 */
gboolean
twin_recorder_close (TwinRecorder *self,
                     GError      **error)
{
  GThread *thread;

  g_return_val_if_fail (TWIN_IS_RECORDER (self), FALSE);

  g_mutex_lock (&self->mutex);
  thread = g_steal_pointer (&self->thread);
  self->stopping = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
  if (thread != NULL)
    g_thread_join (thread);
  g_mutex_lock (&self->mutex);
  if (self->write_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->write_error));
      g_mutex_unlock (&self->mutex);
      return FALSE;
    }
  g_mutex_unlock (&self->mutex);
  return TRUE;
}
