/* twin-live-session.c: a project's feeds running for the app: the recorder (with alarms), every
 * feed, what arrived per topic, the live value of each bound property, stale marks, commands.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads: the recorder's writer thread calls the observer after each commit; the observer only
 * folds the samples into a small table (one entry per signal, whatever the rate) and the alarm
 * events into a list, under a mutex, and wakes the session's GSource on the session's main
 * context. The source's dispatch (the session's thread) takes what is pending, polls the feeds'
 * status and topic lists, recomputes stale marks and emits ::alarm for each event and ::changed
 * when anything shown changed, never more often than every CHANGED_MIN_US. Without samples the
 * source still runs every POLL_US, so connection changes and stale marks show without data.
 *
 * Commands are sent from a GTask worker with its own TwinCommandStore (one SQLite connection per
 * thread), through the running feed of the binding when there is one.
 */

#define G_LOG_DOMAIN "twin-feeds"

#include "config.h"

#include "twin-live-session.h"

#include "history/twin-historian.h"
#include "twin-alarm-store.h"
#include "twin-command-store.h"
#include "twin-csv-replay-feed.h"
#include "twin-feed-store.h"
#include "twin-recorder.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* ::changed at most this often. */
#define CHANGED_MIN_US (100 * G_TIME_SPAN_MILLISECOND)
/* Status, topic lists and stale marks are looked at this often without samples. */
#define POLL_US (250 * G_TIME_SPAN_MILLISECOND)
/* Rates are measured over the last N_SNAPSHOTS × SNAPSHOT_US (2 s). */
#define SNAPSHOT_US (250 * G_TIME_SPAN_MILLISECOND)
#define N_SNAPSHOTS 8
/* Stale: at least this long without a sample… */
#define STALE_MIN_US (2 * G_USEC_PER_SEC)
/* …and this long for a topic seen once. */
#define STALE_ONCE_US (60 * G_USEC_PER_SEC)
/* Inter-arrival times kept per topic for the running median. */
#define N_INTERVALS 9
/* How long a command may wait for the broker. */
#define SEND_TIMEOUT_MS 5000
/* The last payload shown, in characters. */
#define PAYLOAD_PREVIEW 200

/* What the writer thread saw of one signal since the last dispatch. */
typedef struct
{
  gint64  t_us;
  double  value;
  guint64 n;
  gint64  arrival_us; /* monotonic, of the last commit */
} PendingSignal;

/* Shared with the writer thread (the observer): reference counted, as the recorder may call
 * its destroy notify after the session is gone. */
typedef struct
{
  gatomicrefcount ref;
  GMutex          mutex;
  GHashTable     *pending; /* signal → PendingSignal */
  GPtrArray      *events;  /* TwinAlarmEvent */
  GSource        *source;  /* NULL once stopped */
  gboolean        wake_scheduled;
  gint64          last_emit_us;
} Shared;

typedef struct
{
  char              *name;
  TwinFeedConfig    *config;
  char              *config_json;
  char              *password; /* what it was started with, to restart on a change */
  TwinMqttFeed      *mqtt;
  TwinCsvReplayFeed *csv;
  char              *start_error;
  /* Counts of earlier runs of this feed in this session (restarted after a change). */
  guint64            base_messages;
  guint64            base_rejected;
  guint              base_connects;
  /* CSV replay rate. */
  guint64            rate_count;
  gint64             rate_since_us;
  double             rate;
  /* The last status shown, to see changes. */
  TwinMqttState      shown_state;
  char              *shown_error;
  guint64            shown_messages;
  guint64            shown_rejected;
} Feed;

typedef struct
{
  char    *topic;
  char    *feed;
  char    *last_payload;
  gboolean has_value;
  double   last_value;
  char    *unit;
  gboolean unit_known;
  gint64   last_us;
  guint64  count;
  guint64  rejected;
  char    *last_reject_reason;
  double   rate;
  gint64   snapshot_us[N_SNAPSHOTS];
  guint64  snapshot_count[N_SNAPSHOTS];
  guint    n_snapshots;
  guint    next_snapshot;
  gint64   last_arrival_us;
  gint64   intervals[N_INTERVALS];
  guint    n_intervals;
  guint    next_interval;
  gboolean stale;
} Topic;

struct _TwinLiveSession
{
  GObject         parent_instance;

  char           *path;
  GMainContext   *context;
  GHashTable     *passwords; /* feed name → password */
  double          stale_factor;

  TwinRecorder   *recorder;
  TwinHistorian  *historian; /* read-only: signal units */
  TwinAlarmStore *alarm_store;
  Shared         *shared;
  GPtrArray      *feeds;            /* Feed, by name */
  GHashTable     *topics;           /* topic → Topic */
  GHashTable     *bindings;         /* topic → TwinTopicBinding */
  GHashTable     *bound;            /* "path\nproperty" → topic (owned by bindings) */
  GPtrArray      *command_bindings; /* TwinCommandBinding */
  GHashTable     *raised;           /* rule id (gint64 *) → TwinAlarmEvent */
  gboolean        running;
  gboolean        dirty;
};

G_DEFINE_FINAL_TYPE (TwinLiveSession, twin_live_session, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  SIGNAL_ALARM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Shared state */

static Shared *
shared_new (void)
{
  Shared *shared = g_new0 (Shared, 1);

  g_atomic_ref_count_init (&shared->ref);
  g_mutex_init (&shared->mutex);
  shared->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  shared->events = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_alarm_event_free);
  return shared;
}

static Shared *
shared_ref (Shared *shared)
{
  g_atomic_ref_count_inc (&shared->ref);
  return shared;
}

static void
shared_unref (gpointer data)
{
  Shared *shared = data;

  if (!g_atomic_ref_count_dec (&shared->ref))
    return;
  g_clear_pointer (&shared->source, g_source_unref);
  g_hash_table_unref (shared->pending);
  g_ptr_array_unref (shared->events);
  g_mutex_clear (&shared->mutex);
  g_free (shared);
}

/* Called with the mutex held: makes the source run soon, but not before CHANGED_MIN_US after
 * the last ::changed. */
static void
shared_wake_locked (Shared *shared)
{
  gint64 now;

  if (shared->source == NULL || shared->wake_scheduled)
    return;
  shared->wake_scheduled = TRUE;
  now = g_get_monotonic_time ();
  g_source_set_ready_time (shared->source, MAX (now, shared->last_emit_us + CHANGED_MIN_US));
}

/* The recorder's writer thread, after each commit. */
static void
observe_commit (const TwinRecordedSample *samples,
                guint                     n_samples,
                GPtrArray                *alarm_events,
                gpointer                  user_data)
{
  Shared *shared = user_data;
  gint64  now = g_get_monotonic_time ();

  g_mutex_lock (&shared->mutex);
  for (guint i = 0; i < n_samples; i++)
    {
      PendingSignal *pending = g_hash_table_lookup (shared->pending, samples[i].signal);

      if (pending == NULL)
        {
          pending = g_new0 (PendingSignal, 1);
          g_hash_table_insert (shared->pending, g_strdup (samples[i].signal), pending);
        }
      /* Samples come in the order written; keep the newest by time as the value. */
      if (pending->n == 0 || samples[i].t_us >= pending->t_us)
        {
          pending->t_us = samples[i].t_us;
          pending->value = samples[i].value;
        }
      pending->n++;
      pending->arrival_us = now;
    }
  if (alarm_events != NULL)
    for (guint i = 0; i < alarm_events->len; i++)
      g_ptr_array_add (shared->events, twin_alarm_event_copy (g_ptr_array_index (alarm_events, i)));
  if (n_samples > 0 || (alarm_events != NULL && alarm_events->len > 0))
    shared_wake_locked (shared);
  g_mutex_unlock (&shared->mutex);
}

/* Feeds and topics */

static void
feed_free (gpointer data)
{
  Feed *feed = data;

  if (feed->mqtt != NULL)
    twin_mqtt_feed_stop (feed->mqtt);
  if (feed->csv != NULL)
    twin_csv_replay_feed_stop (feed->csv);
  g_clear_object (&feed->mqtt);
  g_clear_object (&feed->csv);
  g_free (feed->name);
  twin_feed_config_free (feed->config);
  g_free (feed->config_json);
  if (feed->password != NULL)
    {
      memset (feed->password, 0, strlen (feed->password));
      g_free (feed->password);
    }
  g_free (feed->start_error);
  g_free (feed->shown_error);
  g_free (feed);
}

static void
topic_free (gpointer data)
{
  Topic *topic = data;

  g_free (topic->topic);
  g_free (topic->feed);
  g_free (topic->last_payload);
  g_free (topic->unit);
  g_free (topic->last_reject_reason);
  g_free (topic);
}

/**
 * twin_live_feed_status_free:
 * @status: (nullable): a feed status from twin_live_session_dup_feeds()
 */
void
twin_live_feed_status_free (TwinLiveFeedStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->name);
  g_free (status->last_error);
  g_free (status);
}

/**
 * twin_live_topic_free:
 * @topic: (nullable): a topic from twin_live_session_dup_topics()
 */
void
twin_live_topic_free (TwinLiveTopic *topic)
{
  if (topic == NULL)
    return;
  g_free (topic->topic);
  g_free (topic->feed);
  g_free (topic->last_payload);
  g_free (topic->unit);
  g_free (topic->last_reject_reason);
  g_free (topic->entity_path);
  g_free (topic->property);
  g_free (topic);
}

static Topic *
ensure_topic (TwinLiveSession *self,
              const char      *name)
{
  Topic *topic = g_hash_table_lookup (self->topics, name);

  if (topic == NULL)
    {
      topic = g_new0 (Topic, 1);
      topic->topic = g_strdup (name);
      g_hash_table_insert (self->topics, topic->topic, topic);
      self->dirty = TRUE;
    }
  return topic;
}

static char *
bound_key (const char *entity_path,
           const char *property)
{
  return g_strconcat (entity_path, "\n", property, NULL);
}

static gint64
median_interval (const Topic *topic)
{
  gint64 sorted[N_INTERVALS];

  memcpy (sorted, topic->intervals, topic->n_intervals * sizeof (gint64));
  /* Insertion sort: at most N_INTERVALS values. */
  for (guint i = 1; i < topic->n_intervals; i++)
    for (guint j = i; j > 0 && sorted[j - 1] > sorted[j]; j--)
      {
        gint64 swap = sorted[j];

        sorted[j] = sorted[j - 1];
        sorted[j - 1] = swap;
      }
  return sorted[topic->n_intervals / 2];
}

static gboolean
compute_stale (TwinLiveSession *self,
               const Topic     *topic,
               gint64           now)
{
  gint64 limit;

  if (topic->count == 0)
    return FALSE;
  if (topic->n_intervals == 0)
    limit = STALE_ONCE_US;
  else
    limit = MAX (STALE_MIN_US, (gint64) (self->stale_factor * (double) median_interval (topic)));
  return now - topic->last_arrival_us > limit;
}

/* Folds what the writer thread saw into the topics. */
static void
take_pending (TwinLiveSession *self,
              GHashTable      *pending)
{
  GHashTableIter iter;
  gpointer       key, value;

  g_hash_table_iter_init (&iter, pending);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const PendingSignal *sample = value;
      Topic               *topic = ensure_topic (self, key);

      if (topic->count > 0 && sample->arrival_us > topic->last_arrival_us)
        {
          /* The average inter-arrival time since the last look, as one interval. */
          topic->intervals[topic->next_interval] = (sample->arrival_us - topic->last_arrival_us) / (gint64) sample->n;
          topic->next_interval = (topic->next_interval + 1) % N_INTERVALS;
          topic->n_intervals = MIN (topic->n_intervals + 1, N_INTERVALS);
        }
      if (!topic->has_value || sample->t_us >= topic->last_us)
        {
          topic->last_us = sample->t_us;
          topic->last_value = sample->value;
        }
      topic->has_value = TRUE;
      topic->count += sample->n;
      topic->last_arrival_us = sample->arrival_us;
      if (!topic->unit_known && self->historian != NULL)
        {
          g_autoptr (TwinSignalInfo) info = twin_historian_lookup_signal (self->historian, topic->topic, NULL);

          topic->unit_known = TRUE;
          g_clear_pointer (&topic->unit, g_free);
          if (info != NULL && info->unit != NULL && info->unit[0] != '\0')
            topic->unit = g_strdup (info->unit);
        }
      self->dirty = TRUE;
    }
}

static void
update_feed_status (TwinLiveSession *self,
                    Feed            *feed,
                    TwinMqttStatus  *status)
{
  gint64 now = g_get_monotonic_time ();

  status->state = TWIN_MQTT_DISCONNECTED;
  status->last_error = NULL;
  status->messages = 0;
  status->rejected = 0;
  status->messages_per_s = 0;
  status->connects = 0;
  if (feed->mqtt != NULL)
    twin_mqtt_feed_get_status (feed->mqtt, status);
  else if (feed->csv != NULL)
    {
      status->messages = twin_csv_replay_feed_get_n_pushed (feed->csv);
      status->state = twin_csv_replay_feed_is_done (feed->csv) ? TWIN_MQTT_DISCONNECTED : TWIN_MQTT_CONNECTED;
      if (now - feed->rate_since_us >= G_USEC_PER_SEC)
        {
          feed->rate = (double) (status->messages - feed->rate_count) * G_USEC_PER_SEC / (double) (now - feed->rate_since_us);
          feed->rate_count = status->messages;
          feed->rate_since_us = now;
        }
      status->messages_per_s = status->state == TWIN_MQTT_CONNECTED ? feed->rate : 0;
    }
  if (status->last_error == NULL && feed->start_error != NULL)
    status->last_error = g_strdup (feed->start_error);
  status->messages += feed->base_messages;
  status->rejected += feed->base_rejected;
  status->connects += feed->base_connects;
}

/* Looks at the feeds' status and topic lists and the recorder's refusals. */
static void
poll_feeds (TwinLiveSession *self)
{
  g_autoptr (GHashTable) rejects = NULL;
  GHashTableIter iter;
  gpointer       key, value;

  for (guint i = 0; i < self->feeds->len; i++)
    {
      Feed          *feed = g_ptr_array_index (self->feeds, i);
      TwinMqttStatus status;

      update_feed_status (self, feed, &status);
      if (status.state != feed->shown_state || g_strcmp0 (status.last_error, feed->shown_error) != 0 ||
          status.messages != feed->shown_messages || status.rejected != feed->shown_rejected)
        {
          feed->shown_state = status.state;
          g_free (feed->shown_error);
          feed->shown_error = g_strdup (status.last_error);
          feed->shown_messages = status.messages;
          feed->shown_rejected = status.rejected;
          self->dirty = TRUE;
        }
      twin_mqtt_status_clear (&status);

      if (feed->mqtt != NULL)
        {
          g_autoptr (GHashTable) payloads = twin_mqtt_feed_dup_topics (feed->mqtt);

          g_hash_table_iter_init (&iter, payloads);
          while (g_hash_table_iter_next (&iter, &key, &value))
            {
              Topic *topic = ensure_topic (self, key);

              if (g_strcmp0 (topic->feed, feed->name) != 0)
                {
                  g_free (topic->feed);
                  topic->feed = g_strdup (feed->name);
                  self->dirty = TRUE;
                }
              if (g_strcmp0 (topic->last_payload, value) != 0)
                {
                  g_free (topic->last_payload);
                  topic->last_payload = g_utf8_substring (value, 0, MIN (g_utf8_strlen (value, -1), PAYLOAD_PREVIEW));
                  self->dirty = TRUE;
                }
            }
        }
      else if (feed->csv != NULL)
        {
          /* A replay's signals are its columns: they show up through the recorder. */
        }
    }

  rejects = twin_recorder_dup_reject_counts (self->recorder);
  g_hash_table_iter_init (&iter, rejects);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const TwinRecorderReject *reject = value;
      Topic                    *topic = ensure_topic (self, key);

      /* The recorder counts since it opened, which is when the session started. */
      if (topic->rejected != reject->count || g_strcmp0 (topic->last_reject_reason, reject->reason) != 0)
        {
          g_free (topic->last_reject_reason);
          topic->last_reject_reason = g_strdup (reject->reason);
          topic->rejected = reject->count;
          self->dirty = TRUE;
        }
    }
}

/* The rate over the last snapshots: one every SNAPSHOT_US, so it drops to 0 once quiet. */
static void
update_topic_rate (TwinLiveSession *self,
                   Topic           *topic,
                   gint64           now)
{
  guint  newest = (topic->next_snapshot + N_SNAPSHOTS - 1) % N_SNAPSHOTS;
  guint  oldest;
  double rate;

  if (topic->n_snapshots > 0 && now - topic->snapshot_us[newest] < SNAPSHOT_US)
    return;
  topic->snapshot_us[topic->next_snapshot] = now;
  topic->snapshot_count[topic->next_snapshot] = topic->count;
  topic->next_snapshot = (topic->next_snapshot + 1) % N_SNAPSHOTS;
  topic->n_snapshots = MIN (topic->n_snapshots + 1, N_SNAPSHOTS);
  oldest = (topic->next_snapshot + N_SNAPSHOTS - topic->n_snapshots) % N_SNAPSHOTS;
  if (topic->n_snapshots < 2 || now <= topic->snapshot_us[oldest])
    rate = 0;
  else
    rate = (double) (topic->count - topic->snapshot_count[oldest]) * G_USEC_PER_SEC /
           (double) (now - topic->snapshot_us[oldest]);
  if (rate != topic->rate)
    self->dirty = TRUE;
  topic->rate = rate;
}

static void
update_rates_and_stale (TwinLiveSession *self)
{
  gint64         now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer       value;

  g_hash_table_iter_init (&iter, self->topics);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Topic   *topic = value;
      gboolean stale = compute_stale (self, topic, now);

      if (stale != topic->stale)
        {
          topic->stale = stale;
          self->dirty = TRUE;
        }
      update_topic_rate (self, topic, now);
    }
}

static gint64 *
int64_dup (gint64 value)
{
  return g_memdup2 (&value, sizeof value);
}

static void
apply_alarm_event (TwinLiveSession      *self,
                   const TwinAlarmEvent *event)
{
  if (event->kind == TWIN_ALARM_RAISED)
    g_hash_table_replace (self->raised, int64_dup (event->rule_id), twin_alarm_event_copy (event));
  else if (event->kind == TWIN_ALARM_CLEARED)
    g_hash_table_remove (self->raised, &event->rule_id);
  self->dirty = TRUE;
}

static gboolean
dispatch_session (gpointer user_data)
{
  TwinLiveSession *self = user_data;
  Shared          *shared = self->shared;
  g_autoptr (GHashTable) pending = NULL;
  g_autoptr (GPtrArray) events = NULL;
  gint64 now;

  g_mutex_lock (&shared->mutex);
  shared->wake_scheduled = FALSE;
  pending = g_steal_pointer (&shared->pending);
  shared->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  events = g_steal_pointer (&shared->events);
  shared->events = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_alarm_event_free);
  g_mutex_unlock (&shared->mutex);

  g_object_ref (self);
  take_pending (self, pending);
  poll_feeds (self);
  update_rates_and_stale (self);
  for (guint i = 0; i < events->len; i++)
    apply_alarm_event (self, g_ptr_array_index (events, i));
  for (guint i = 0; i < events->len && self->running; i++)
    g_signal_emit (self, signals[SIGNAL_ALARM], 0, g_ptr_array_index (events, i));

  now = g_get_monotonic_time ();
  g_mutex_lock (&shared->mutex);
  if (self->dirty && now - shared->last_emit_us < CHANGED_MIN_US)
    {
      /* Too soon after the last one: come back when allowed. */
      if (shared->source != NULL)
        {
          shared->wake_scheduled = TRUE;
          g_source_set_ready_time (shared->source, shared->last_emit_us + CHANGED_MIN_US);
        }
      g_mutex_unlock (&shared->mutex);
      g_object_unref (self);
      return G_SOURCE_CONTINUE;
    }
  if (self->dirty)
    shared->last_emit_us = now;
  if (!shared->wake_scheduled && shared->source != NULL)
    g_source_set_ready_time (shared->source, now + POLL_US);
  g_mutex_unlock (&shared->mutex);

  if (self->dirty && self->running)
    {
      self->dirty = FALSE;
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
    }
  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
session_source_dispatch (GSource    *source,
                         GSourceFunc callback,
                         gpointer    user_data)
{
  return callback (user_data);
}

static GSourceFuncs session_source_funcs = {
  .dispatch = session_source_dispatch,
};

/* Loading from the project */

static void
feed_start (TwinLiveSession *self,
            Feed            *feed)
{
  g_autoptr (GError) error = NULL;
  const char *password = g_hash_table_lookup (self->passwords, feed->name);

  g_clear_pointer (&feed->start_error, g_free);
  if (feed->config->kind == TWIN_FEED_CSV_REPLAY)
    {
      feed->csv = twin_csv_replay_feed_new (feed->config, self->recorder);
      feed->rate_since_us = g_get_monotonic_time ();
      if (!twin_csv_replay_feed_start (feed->csv, &error))
        {
          /* TRANSLATORS: %s are a feed's name and the reason (a sentence naming the file). */
          feed->start_error = g_strdup_printf (_ ("The feed “%s” cannot play: %s"), feed->name, error->message);
          g_clear_object (&feed->csv);
        }
      return;
    }
  feed->password = password != NULL ? g_strdup (password) : twin_feed_config_dup_env_password (feed->config);
  feed->mqtt = twin_mqtt_feed_new (feed->config, feed->password, self->recorder);
  if (!twin_mqtt_feed_start (feed->mqtt, &error))
    {
      feed->start_error = g_strdup (error->message);
      g_clear_object (&feed->mqtt);
    }
}

static Feed *
feed_new (TwinFeedConfig *config)
{
  Feed *feed = g_new0 (Feed, 1);

  feed->name = g_strdup (config->name);
  feed->config = config;
  feed->config_json = twin_feed_config_to_json (config);
  feed->shown_state = (TwinMqttState) -1;
  return feed;
}

static int
compare_feeds (gconstpointer a,
               gconstpointer b)
{
  const Feed *feed_a = *(Feed *const *) a;
  const Feed *feed_b = *(Feed *const *) b;

  return strcmp (feed_a->name, feed_b->name);
}

static Feed *
find_feed (TwinLiveSession *self,
           const char      *name)
{
  for (guint i = 0; i < self->feeds->len; i++)
    {
      Feed *feed = g_ptr_array_index (self->feeds, i);

      if (strcmp (feed->name, name) == 0)
        return feed;
    }
  return NULL;
}

/* Reads the topic bindings; TRUE in @changed when they differ from the ones in use. */
static gboolean
load_bindings (TwinLiveSession *self,
               TwinFeedStore   *store,
               gboolean        *changed,
               GError         **error)
{
  g_autoptr (GPtrArray) list = twin_feed_store_list_bindings (store, error);
  GHashTable *bindings;

  if (list == NULL)
    return FALSE;
  bindings = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) twin_topic_binding_free);
  *changed = self->bindings == NULL || g_hash_table_size (self->bindings) != list->len;
  for (guint i = 0; i < list->len; i++)
    {
      TwinTopicBinding *binding = g_ptr_array_index (list, i);
      TwinTopicBinding *old = self->bindings != NULL ? g_hash_table_lookup (self->bindings, binding->topic) : NULL;

      if (old == NULL || strcmp (old->entity_path, binding->entity_path) != 0 ||
          strcmp (old->property, binding->property) != 0 || g_strcmp0 (old->unit, binding->unit) != 0 ||
          old->scale != binding->scale || old->offset != binding->offset)
        *changed = TRUE;
      g_ptr_array_index (list, i) = NULL;
      g_hash_table_replace (bindings, binding->topic, binding);
    }
  g_clear_pointer (&self->bound, g_hash_table_unref);
  g_clear_pointer (&self->bindings, g_hash_table_unref);
  self->bindings = bindings;
  self->bound = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  {
    GHashTableIter iter;
    gpointer       value;

    g_hash_table_iter_init (&iter, bindings);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        TwinTopicBinding *binding = value;

        g_hash_table_replace (self->bound, bound_key (binding->entity_path, binding->property), binding->topic);
      }
  }
  return TRUE;
}

static gboolean
load_command_bindings (TwinLiveSession *self,
                       GError         **error)
{
  g_autoptr (TwinCommandStore) store = twin_command_store_open (self->path, TRUE, error);
  GPtrArray *list;

  if (store == NULL)
    return FALSE;
  list = twin_command_store_list_bindings (store, error);
  if (list == NULL)
    return FALSE;
  g_clear_pointer (&self->command_bindings, g_ptr_array_unref);
  self->command_bindings = list;
  return TRUE;
}

/* The raise event of every alarm raised now, from the log. */
static gboolean
load_raised (TwinLiveSession *self,
             GError         **error)
{
  g_autoptr (GArray) ids = twin_alarm_store_list_raised (self->alarm_store, error);
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GHashTable) raised = NULL;

  if (ids == NULL)
    return FALSE;
  raised = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) twin_alarm_event_free);
  if (ids->len > 0)
    {
      events = twin_alarm_store_list_events (self->alarm_store, 0, 0, error);
      if (events == NULL)
        return FALSE;
      for (guint i = 0; i < ids->len; i++)
        {
          gint64 id = g_array_index (ids, gint64, i);

          /* The newest raise of that rule. */
          for (guint j = events->len; j > 0; j--)
            {
              TwinAlarmEvent *event = g_ptr_array_index (events, j - 1);

              if (event->rule_id == id && event->kind == TWIN_ALARM_RAISED)
                {
                  g_hash_table_replace (raised, int64_dup (id), twin_alarm_event_copy (event));
                  break;
                }
            }
        }
    }
  g_clear_pointer (&self->raised, g_hash_table_unref);
  self->raised = g_steal_pointer (&raised);
  return TRUE;
}

static void
start_feeds (TwinLiveSession *self)
{
  for (guint i = 0; i < self->feeds->len; i++)
    {
      Feed *feed = g_ptr_array_index (self->feeds, i);

      if (feed->mqtt == NULL && feed->csv == NULL)
        feed_start (self, feed);
    }
}

/* Stops a feed; its counts so far are kept for when it starts again. */
static void
stop_feed (Feed *feed)
{
  if (feed->mqtt != NULL)
    {
      TwinMqttStatus status = { 0 };

      twin_mqtt_feed_stop (feed->mqtt);
      twin_mqtt_feed_get_status (feed->mqtt, &status);
      feed->base_messages += status.messages;
      feed->base_rejected += status.rejected;
      feed->base_connects += status.connects;
      twin_mqtt_status_clear (&status);
    }
  if (feed->csv != NULL)
    {
      twin_csv_replay_feed_stop (feed->csv);
      feed->base_messages += twin_csv_replay_feed_get_n_pushed (feed->csv);
    }
  g_clear_object (&feed->mqtt);
  g_clear_object (&feed->csv);
  if (feed->password != NULL)
    {
      memset (feed->password, 0, strlen (feed->password));
      g_clear_pointer (&feed->password, g_free);
    }
}

/* The recorder of a start, with the alarm rules. */
static gboolean
open_recorder (TwinLiveSession *self,
               GError         **error)
{
  g_autoptr (TwinRecorder) recorder = twin_recorder_new (self->path, error);

  if (recorder == NULL || !twin_recorder_load_alarms (recorder, error))
    return FALSE;
  twin_recorder_set_observer (recorder, observe_commit, shared_ref (self->shared), shared_unref);
  g_clear_object (&self->recorder);
  self->recorder = g_steal_pointer (&recorder);
  return TRUE;
}

static void
close_recorder (TwinLiveSession *self)
{
  g_autoptr (GError) error = NULL;

  if (self->recorder == NULL)
    return;
  if (!twin_recorder_close (self->recorder, &error))
    g_warning ("%s", error->message);
  g_clear_object (&self->recorder);
}

/* GObject */

static void
twin_live_session_finalize (GObject *object)
{
  TwinLiveSession *self = TWIN_LIVE_SESSION (object);

  twin_live_session_stop (self);
  g_free (self->path);
  g_main_context_unref (self->context);
  g_hash_table_unref (self->passwords);
  g_ptr_array_unref (self->feeds);
  g_hash_table_unref (self->topics);
  g_clear_pointer (&self->bindings, g_hash_table_unref);
  g_clear_pointer (&self->bound, g_hash_table_unref);
  g_clear_pointer (&self->command_bindings, g_ptr_array_unref);
  g_clear_pointer (&self->raised, g_hash_table_unref);
  shared_unref (self->shared);
  G_OBJECT_CLASS (twin_live_session_parent_class)->finalize (object);
}

static void
twin_live_session_class_init (TwinLiveSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = twin_live_session_finalize;

  /**
   * TwinLiveSession::changed:
   * @self: the session
   *
   * Something shown changed: a feed's status, the topics, live values, stale marks or the raised
   * alarms. Emitted at most every 100 ms, on the session's thread.
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 0);
  /**
   * TwinLiveSession::alarm:
   * @self: the session
   * @event: (type gpointer): the const TwinAlarmEvent * raised or cleared (already logged)
   *
   * An alarm was raised or cleared; emitted for each event, in order, on the session's thread.
   */
  signals[SIGNAL_ALARM] = g_signal_new ("alarm", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
password_free (gpointer data)
{
  char *password = data;

  memset (password, 0, strlen (password));
  g_free (password);
}

static void
twin_live_session_init (TwinLiveSession *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->passwords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, password_free);
  self->stale_factor = 3;
  self->feeds = g_ptr_array_new_with_free_func (feed_free);
  self->topics = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, topic_free);
  self->raised = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) twin_alarm_event_free);
  self->shared = shared_new ();
}

/**
 * twin_live_session_new:
 * @project_path: the .dtwin file whose feeds to run
 *
 * Creates a session, not started, on the calling thread's thread-default main context: its
 * signals come on that context.
 *
 * Returns: (transfer full): a new session
 */
TwinLiveSession *
twin_live_session_new (const char *project_path)
{
  TwinLiveSession *self;

  g_return_val_if_fail (project_path != NULL, NULL);

  self = g_object_new (TWIN_TYPE_LIVE_SESSION, NULL);
  self->path = g_strdup (project_path);
  return self;
}

/**
 * twin_live_session_get_project_path:
 * @self: a session
 *
 * Returns: the project file
 */
const char *
twin_live_session_get_project_path (TwinLiveSession *self)
{
  g_return_val_if_fail (TWIN_IS_LIVE_SESSION (self), NULL);

  return self->path;
}

/**
 * twin_live_session_set_password:
 * @self: a session
 * @feed_name: a feed of the project
 * @password: (nullable): its password, or %NULL to read it from the environment
 *
 * Keeps the password in memory for the next start of that feed (twin_live_session_start(), or
 * twin_live_session_reload(), which restarts a running feed whose password changed). It is never
 * written anywhere.
 */
void
twin_live_session_set_password (TwinLiveSession *self,
                                const char      *feed_name,
                                const char      *password)
{
  g_return_if_fail (TWIN_IS_LIVE_SESSION (self));
  g_return_if_fail (feed_name != NULL);

  if (password != NULL)
    g_hash_table_replace (self->passwords, g_strdup (feed_name), g_strdup (password));
  else
    g_hash_table_remove (self->passwords, feed_name);
}

/* Reads the feeds of the project: keeps those unchanged, replaces (stopped) those that changed,
 * drops those gone. start_feeds () then starts whatever does not run. */
static gboolean
load_feeds (TwinLiveSession *self,
            TwinFeedStore   *store,
            GError         **error)
{
  g_autoptr (GPtrArray) configs = twin_feed_store_list_feeds (store, error);
  g_autoptr (GPtrArray) feeds = NULL;

  if (configs == NULL)
    return FALSE;
  feeds = g_ptr_array_new_with_free_func (feed_free);
  for (guint i = 0; i < configs->len; i++)
    {
      TwinFeedConfig  *config = g_ptr_array_index (configs, i);
      g_autofree char *json = twin_feed_config_to_json (config);
      Feed            *old = find_feed (self, config->name);
      const char      *password = g_hash_table_lookup (self->passwords, config->name);
      g_autofree char *env_password = password == NULL ? twin_feed_config_dup_env_password (config) : NULL;

      if (password == NULL)
        password = env_password;
      if (old != NULL && strcmp (old->config_json, json) == 0 &&
          (old->config->kind != TWIN_FEED_MQTT || old->mqtt == NULL || g_strcmp0 (old->password, password) == 0))
        {
          guint index;

          /* Unchanged: keep it (running, or started again below). */
          g_ptr_array_find (self->feeds, old, &index);
          g_ptr_array_add (feeds, g_ptr_array_steal_index_fast (self->feeds, index));
          continue;
        }
      g_ptr_array_index (configs, i) = NULL;
      g_ptr_array_add (feeds, feed_new (config));
      if (old != NULL)
        {
          Feed *replacement = g_ptr_array_index (feeds, feeds->len - 1);

          /* The same client id must not connect twice: the old one goes first. */
          stop_feed (old);
          replacement->base_messages = old->base_messages;
          replacement->base_rejected = old->base_rejected;
          replacement->base_connects = old->base_connects;
        }
    }
  /* What is left is gone or replaced. */
  g_ptr_array_set_size (self->feeds, 0);
  g_ptr_array_sort (feeds, compare_feeds);
  g_ptr_array_unref (self->feeds);
  self->feeds = g_steal_pointer (&feeds);
  return TRUE;
}

/**
 * twin_live_session_start:
 * @self: a session
 * @error: return location for why the project cannot be recorded into
 *
 * Opens the recorder with the project's alarm rules and starts every feed. Feeds that cannot
 * connect are reported in their status (twin_live_session_dup_feeds()) and retried; @error is
 * for the project itself (not a project file, not writable). A project without feeds is fine.
 * Does nothing when already running.
 *
 * Returns: %TRUE when running
 */
gboolean
twin_live_session_start (TwinLiveSession *self,
                         GError         **error)
{
  g_autoptr (TwinFeedStore) store = NULL;
  g_autoptr (GError) local_error = NULL;
  gboolean changed;
  GSource *source;

  g_return_val_if_fail (TWIN_IS_LIVE_SESSION (self), FALSE);

  if (self->running)
    return TRUE;
  if (!open_recorder (self, error))
    goto failed;
  store = twin_feed_store_open (self->path, TRUE, error);
  if (store == NULL)
    goto failed;
  self->alarm_store = twin_alarm_store_open (self->path, FALSE, error);
  if (self->alarm_store == NULL || !load_raised (self, error) || !load_bindings (self, store, &changed, error) ||
      !load_command_bindings (self, error))
    goto failed;
  g_ptr_array_set_size (self->feeds, 0);
  if (!load_feeds (self, store, error))
    goto failed;
  self->historian = twin_historian_open (self->path, TRUE, &local_error);
  if (self->historian == NULL)
    g_debug ("Signal units will not be shown: %s", local_error->message);
  g_hash_table_remove_all (self->topics);

  source = g_source_new (&session_source_funcs, sizeof (GSource));
  g_source_set_name (source, "TwinLiveSession");
  g_source_set_callback (source, dispatch_session, self, NULL);
  g_source_set_ready_time (source, g_get_monotonic_time () + POLL_US);
  g_mutex_lock (&self->shared->mutex);
  self->shared->source = source;
  self->shared->wake_scheduled = FALSE;
  g_mutex_unlock (&self->shared->mutex);
  g_source_attach (source, self->context);

  self->running = TRUE;
  start_feeds (self);
  self->dirty = TRUE;
  return TRUE;

failed:
  close_recorder (self);
  g_clear_object (&self->alarm_store);
  return FALSE;
}

/**
 * twin_live_session_stop:
 * @self: a session
 *
 * Stops the feeds (each commits what it received), flushes and closes the recorder. What was
 * seen stays readable until the next start. Safe to call twice.
 */
void
twin_live_session_stop (TwinLiveSession *self)
{
  GSource *source;

  g_return_if_fail (TWIN_IS_LIVE_SESSION (self));

  if (!self->running)
    return;
  self->running = FALSE;
  for (guint i = 0; i < self->feeds->len; i++)
    stop_feed (g_ptr_array_index (self->feeds, i));
  close_recorder (self);
  g_mutex_lock (&self->shared->mutex);
  source = g_steal_pointer (&self->shared->source);
  g_hash_table_remove_all (self->shared->pending);
  g_ptr_array_set_size (self->shared->events, 0);
  g_mutex_unlock (&self->shared->mutex);
  if (source != NULL)
    {
      g_source_destroy (source);
      g_source_unref (source);
    }
  g_clear_object (&self->historian);
  g_clear_object (&self->alarm_store);
}

/**
 * twin_live_session_is_running:
 * @self: a session
 *
 * Returns: whether started and not stopped
 */
gboolean
twin_live_session_is_running (TwinLiveSession *self)
{
  g_return_val_if_fail (TWIN_IS_LIVE_SESSION (self), FALSE);

  return self->running;
}

/**
 * twin_live_session_reload:
 * @self: a running session
 * @error: return location for why the project could not be read
 *
 * Rereads feeds, topic bindings, alarm rules and command bindings. Feeds whose settings (or
 * password) changed are restarted, new ones started, removed ones stopped; a feed's counts go on
 * across restarts. Changed topic bindings and alarm rules are handed to the running recorder
 * (twin_recorder_reload_bindings(), twin_recorder_load_alarms()), so the other feeds keep their
 * connection and lose nothing, and a CSV replay whose settings did not change keeps playing.
 * Not running: only the bindings are read.
 *
 * Returns: %TRUE on success
 */
gboolean
twin_live_session_reload (TwinLiveSession *self,
                          GError         **error)
{
  g_autoptr (TwinFeedStore) store = NULL;
  gboolean bindings_changed = FALSE;

  g_return_val_if_fail (TWIN_IS_LIVE_SESSION (self), FALSE);

  store = twin_feed_store_open (self->path, TRUE, error);
  if (store == NULL || !load_bindings (self, store, &bindings_changed, error) || !load_command_bindings (self, error))
    return FALSE;
  self->dirty = TRUE;
  if (!self->running)
    return TRUE;

  if (bindings_changed)
    {
      GHashTableIter iter;
      gpointer       value;

      if (!twin_recorder_reload_bindings (self->recorder, error))
        return FALSE;
      /* A new binding may have created its signal in its unit: look the units up again. */
      g_hash_table_iter_init (&iter, self->topics);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        ((Topic *) value)->unit_known = FALSE;
    }
  if (!twin_recorder_load_alarms (self->recorder, error))
    return FALSE;

  if (!load_feeds (self, store, error))
    {
      start_feeds (self);
      return FALSE;
    }
  start_feeds (self);
  return load_raised (self, error);
}

/**
 * twin_live_session_set_stale_factor:
 * @self: a session
 * @factor: how many usual intervals without a sample make a topic stale (> 0; default 3)
 */
void
twin_live_session_set_stale_factor (TwinLiveSession *self,
                                    double           factor)
{
  g_return_if_fail (TWIN_IS_LIVE_SESSION (self));
  g_return_if_fail (factor > 0 && isfinite (factor));

  self->stale_factor = factor;
  self->dirty = TRUE;
}

/**
 * twin_live_session_dup_feeds:
 * @self: a session
 *
 * Returns: (transfer full) (element-type TwinLiveFeedStatus): every feed's status, by name
 */
GPtrArray *
twin_live_session_dup_feeds (TwinLiveSession *self)
{
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_live_feed_status_free);

  g_return_val_if_fail (TWIN_IS_LIVE_SESSION (self), result);

  for (guint i = 0; i < self->feeds->len; i++)
    {
      Feed               *feed = g_ptr_array_index (self->feeds, i);
      TwinLiveFeedStatus *status = g_new0 (TwinLiveFeedStatus, 1);
      TwinMqttStatus      mqtt;

      update_feed_status (self, feed, &mqtt);
      status->name = g_strdup (feed->name);
      status->kind = feed->config->kind;
      status->state = mqtt.state;
      status->last_error = g_steal_pointer (&mqtt.last_error);
      status->messages = mqtt.messages;
      status->rejected = mqtt.rejected;
      status->messages_per_s = mqtt.messages_per_s;
      status->connects = mqtt.connects;
      g_ptr_array_add (result, status);
    }
  return result;
}

static int
compare_topics (gconstpointer a,
                gconstpointer b)
{
  const TwinLiveTopic *topic_a = *(TwinLiveTopic *const *) a;
  const TwinLiveTopic *topic_b = *(TwinLiveTopic *const *) b;

  return strcmp (topic_a->topic, topic_b->topic);
}

/**
 * twin_live_session_dup_topics:
 * @self: a session
 *
 * Every topic (or SenML record name) seen since the start: samples stored, payloads refused,
 * payloads seen. A topic's rejected count is the exact number of its payloads refused since start.
 *
 * Returns: (transfer full) (element-type TwinLiveTopic): by topic
 */
GPtrArray *
twin_live_session_dup_topics (TwinLiveSession *self)
{
  GPtrArray     *result = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_live_topic_free);
  GHashTableIter iter;
  gpointer       value;

  g_return_val_if_fail (TWIN_IS_LIVE_SESSION (self), result);

  g_hash_table_iter_init (&iter, self->topics);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const Topic            *topic = value;
      TwinLiveTopic          *copy = g_new0 (TwinLiveTopic, 1);
      const TwinTopicBinding *binding = self->bindings != NULL ? g_hash_table_lookup (self->bindings, topic->topic)
                                                               : NULL;

      copy->topic = g_strdup (topic->topic);
      copy->feed = g_strdup (topic->feed);
      copy->last_payload = g_strdup (topic->last_payload);
      copy->has_value = topic->has_value;
      copy->last_value = topic->has_value ? topic->last_value : NAN;
      copy->unit = g_strdup (topic->unit);
      copy->last_us = topic->last_us;
      copy->count = topic->count;
      copy->rejected = topic->rejected;
      copy->last_reject_reason = g_strdup (topic->last_reject_reason);
      copy->messages_per_s = topic->rate;
      copy->entity_path = binding != NULL ? g_strdup (binding->entity_path) : NULL;
      copy->property = binding != NULL ? g_strdup (binding->property) : NULL;
      copy->stale = topic->stale;
      g_ptr_array_add (result, copy);
    }
  g_ptr_array_sort (result, compare_topics);
  return result;
}

/**
 * twin_live_session_lookup:
 * @self: a session
 * @entity_path: an entity's path
 * @property: its property
 * @value: (out caller-allocates): the live value
 *
 * The last value of the topic bound to ENTITY.PROPERTY, as stored (after the binding's
 * conversion), with its time and stale mark, as of the last ::changed.
 *
 * Returns: %FALSE when the property is not bound or nothing arrived yet
 */
gboolean
twin_live_session_lookup (TwinLiveSession *self,
                          const char      *entity_path,
                          const char      *property,
                          TwinLiveValue   *value)
{
  g_autofree char *key = NULL;
  const char      *topic_name;
  const Topic     *topic;

  g_return_val_if_fail (TWIN_IS_LIVE_SESSION (self), FALSE);
  g_return_val_if_fail (entity_path != NULL && property != NULL && value != NULL, FALSE);

  if (self->bound == NULL)
    return FALSE;
  key = bound_key (entity_path, property);
  topic_name = g_hash_table_lookup (self->bound, key);
  topic = topic_name != NULL ? g_hash_table_lookup (self->topics, topic_name) : NULL;
  if (topic == NULL || !topic->has_value)
    return FALSE;
  value->value = topic->last_value;
  value->t_us = topic->last_us;
  value->stale = topic->stale;
  value->topic = topic->topic;
  return TRUE;
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const TwinAlarmEvent *event_a = *(TwinAlarmEvent *const *) a;
  const TwinAlarmEvent *event_b = *(TwinAlarmEvent *const *) b;

  return event_a->id < event_b->id ? -1 : event_a->id > event_b->id;
}

/**
 * twin_live_session_dup_raised_alarms:
 * @self: a session
 *
 * Returns: (transfer full) (element-type TwinAlarmEvent): the raise event of each alarm raised
 *   now, oldest first
 */
GPtrArray *
twin_live_session_dup_raised_alarms (TwinLiveSession *self)
{
  GPtrArray     *result = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_alarm_event_free);
  GHashTableIter iter;
  gpointer       value;

  g_return_val_if_fail (TWIN_IS_LIVE_SESSION (self), result);

  g_hash_table_iter_init (&iter, self->raised);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (result, twin_alarm_event_copy (value));
  g_ptr_array_sort (result, compare_events);
  return result;
}

/**
 * twin_live_session_acknowledge:
 * @self: a running session
 * @rule_id: the rule of a raised alarm
 * @error: return location for a #GError (%TWIN_ALARM_ERROR_NOT_FOUND when it is not raised)
 *
 * Logs in the project that the user acknowledged the alarm; it stays raised until it clears.
 *
 * Returns: %TRUE when logged
 */
gboolean
twin_live_session_acknowledge (TwinLiveSession *self,
                               gint64           rule_id,
                               GError         **error)
{
  g_return_val_if_fail (TWIN_IS_LIVE_SESSION (self), FALSE);

  if (!g_hash_table_contains (self->raised, &rule_id))
    {
      g_set_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_NOT_FOUND,
                   /* TRANSLATORS: %s is a project file. */
                   _ ("No alarm of rule %" G_GINT64_FORMAT " is raised in “%s”."), rule_id, self->path);
      return FALSE;
    }
  if (self->alarm_store == NULL)
    {
      g_autoptr (TwinAlarmStore) store = twin_alarm_store_open (self->path, FALSE, error);

      return store != NULL && twin_alarm_store_acknowledge (store, rule_id, error);
    }
  return twin_alarm_store_acknowledge (self->alarm_store, rule_id, error);
}

/**
 * twin_live_session_dup_command_binding:
 * @self: a session
 * @entity_path: an entity's path
 * @property: its property
 *
 * Returns: (transfer full) (nullable): the command binding of ENTITY.PROPERTY, or %NULL
 */
TwinCommandBinding *
twin_live_session_dup_command_binding (TwinLiveSession *self,
                                       const char      *entity_path,
                                       const char      *property)
{
  g_return_val_if_fail (TWIN_IS_LIVE_SESSION (self), NULL);
  g_return_val_if_fail (entity_path != NULL && property != NULL, NULL);

  if (self->command_bindings == NULL)
    {
      g_autoptr (GError) error = NULL;

      if (!load_command_bindings (self, &error))
        {
          g_debug ("Could not read the command bindings: %s", error->message);
          return NULL;
        }
    }
  for (guint i = 0; i < self->command_bindings->len; i++)
    {
      const TwinCommandBinding *binding = g_ptr_array_index (self->command_bindings, i);

      if (strcmp (binding->entity_path, entity_path) == 0 && strcmp (binding->property, property) == 0)
        return twin_command_binding_copy (binding);
    }
  return NULL;
}

typedef struct
{
  char               *path;
  TwinCommandBinding *binding;
  double              value;
  char               *property_unit;
  TwinMqttFeed       *feed;
  char               *password;
} SendData;

static void
send_data_free (gpointer data)
{
  SendData *send = data;

  g_free (send->path);
  twin_command_binding_free (send->binding);
  g_free (send->property_unit);
  g_clear_object (&send->feed);
  if (send->password != NULL)
    {
      memset (send->password, 0, strlen (send->password));
      g_free (send->password);
    }
  g_free (send);
}

static void
send_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SendData *send = task_data;
  g_autoptr (TwinCommandStore) store = NULL;
  g_autoptr (TwinCommandRecord) record = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  store = twin_command_store_open (send->path, FALSE, &error);
  if (store == NULL || !twin_command_send (store, send->binding, send->value, send->property_unit, send->feed,
                                           send->password, "app", SEND_TIMEOUT_MS, &record, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * twin_live_session_send_command_async:
 * @self: a session
 * @binding: the command binding
 * @value: the setpoint, in @property_unit
 * @property_unit: (nullable): the property's unit
 * @cancellable: (nullable): cancels before sending
 * @callback: called on the session's thread when sent (or not)
 * @user_data: for @callback
 *
 * Sends a setpoint in a worker thread, through the binding's feed when it runs (else through a
 * one-shot connection with the feed's settings and password), and logs it in the project's
 * command log as sent or failed. A value the binding refuses is neither sent nor logged.
 */
void
twin_live_session_send_command_async (TwinLiveSession          *self,
                                      const TwinCommandBinding *binding,
                                      double                    value,
                                      const char               *property_unit,
                                      GCancellable             *cancellable,
                                      GAsyncReadyCallback       callback,
                                      gpointer                  user_data)
{
  g_autoptr (GTask) task = NULL;
  SendData   *send;
  Feed       *feed;
  const char *password;

  g_return_if_fail (TWIN_IS_LIVE_SESSION (self));
  g_return_if_fail (binding != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, twin_live_session_send_command_async);
  send = g_new0 (SendData, 1);
  send->path = g_strdup (self->path);
  send->binding = twin_command_binding_copy (binding);
  send->value = value;
  send->property_unit = g_strdup (property_unit);
  feed = binding->feed != NULL ? find_feed (self, binding->feed) : NULL;
  if (feed != NULL && feed->mqtt != NULL)
    send->feed = g_object_ref (feed->mqtt);
  else if (binding->feed != NULL)
    {
      password = g_hash_table_lookup (self->passwords, binding->feed);
      if (password != NULL)
        send->password = g_strdup (password);
      else if (feed != NULL)
        send->password = twin_feed_config_dup_env_password (feed->config);
    }
  g_task_set_task_data (task, send, send_data_free);
  g_task_run_in_thread (task, send_thread);
}

/**
 * twin_live_session_send_command_finish:
 * @self: a session
 * @result: the result given to the callback
 * @error: return location for why it was not sent (a refused value, the broker)
 *
 * Returns: %TRUE when the broker took the command
 */
gboolean
twin_live_session_send_command_finish (TwinLiveSession *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (TWIN_IS_LIVE_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
