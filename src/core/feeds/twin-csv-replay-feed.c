/* twin-csv-replay-feed.c: a CSV replay feed: plays a recorded CSV file into a recorder as if it were live.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * start() reads the feed's csv_path with the history's CSV reader
 * (twin-csv-import: delimiter, decimal mark, time column and format all
 * detected) into a scratch project in a temporary folder, reads every signal
 * back and deletes the folder, so a bad file fails at once with the reader's
 * reason and nothing pushed. A thread then pushes the samples to the recorder
 * in time order (one column after the other at equal times) with their own
 * times from the file, paced so that the file's time runs at `speed` × real
 * time from the first row (speed 0, which only a config built in memory can
 * hold, pushes as fast as the recorder takes them). Signals are named after
 * the columns, with the units the reader found.
 */

#define G_LOG_DOMAIN "twin-csv-replay-feed"

#include "config.h"

#include "twin-csv-replay-feed.h"

#include "history/twin-csv-import.h"
#include "history/twin-historian.h"
#include "model/twin-entity.h"
#include "store/twin-store.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>

#define WAIT_SLICE_US (50 * 1000)

typedef struct
{
  gint64 t_us;
  guint  signal;
  double value;
} Item;

struct _TwinCsvReplayFeed
{
  GObject         parent_instance;

  TwinFeedConfig *config;
  TwinRecorder   *recorder;
  GPtrArray      *names; /* per signal */
  GPtrArray      *units;
  GArray         *items; /* Item, in time order */
  GThread        *thread;
  gint            stop;
  gint            done;
  gsize           pushed;
};

G_DEFINE_FINAL_TYPE (TwinCsvReplayFeed, twin_csv_replay_feed, G_TYPE_OBJECT)

static void
twin_csv_replay_feed_finalize (GObject *object)
{
  TwinCsvReplayFeed *self = TWIN_CSV_REPLAY_FEED (object);

  twin_csv_replay_feed_stop (self);
  twin_feed_config_free (self->config);
  g_clear_object (&self->recorder);
  g_ptr_array_unref (self->names);
  g_ptr_array_unref (self->units);
  g_clear_pointer (&self->items, g_array_unref);
  G_OBJECT_CLASS (twin_csv_replay_feed_parent_class)->finalize (object);
}

static void
twin_csv_replay_feed_class_init (TwinCsvReplayFeedClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = twin_csv_replay_feed_finalize;
}

static void
twin_csv_replay_feed_init (TwinCsvReplayFeed *self)
{
  self->names = g_ptr_array_new_with_free_func (g_free);
  self->units = g_ptr_array_new_with_free_func (g_free);
}

/**
 * twin_csv_replay_feed_new:
 * @config: a feed of kind %TWIN_FEED_CSV_REPLAY
 * @recorder: where the samples go
 *
 * Returns: (transfer full): the feed, not started
 */
TwinCsvReplayFeed *
twin_csv_replay_feed_new (const TwinFeedConfig *config,
                          TwinRecorder         *recorder)
{
  TwinCsvReplayFeed *self;

  g_return_val_if_fail (config != NULL && config->kind == TWIN_FEED_CSV_REPLAY, NULL);
  g_return_val_if_fail (TWIN_IS_RECORDER (recorder), NULL);

  self = g_object_new (TWIN_TYPE_CSV_REPLAY_FEED, NULL);
  self->config = twin_feed_config_copy (config);
  self->recorder = g_object_ref (recorder);
  return self;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const Item *ia = a, *ib = b;

  if (ia->t_us != ib->t_us)
    return ia->t_us < ib->t_us ? -1 : 1;
  return ia->signal < ib->signal ? -1 : (ia->signal > ib->signal ? 1 : 0);
}

static void
remove_scratch (const char *dir,
                const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

/* Reads the CSV into a scratch project and back into self->items. */
static gboolean
read_csv (TwinCsvReplayFeed *self,
          const char        *path,
          GError           **error)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Replay");
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (TwinCsvImportReport) report = NULL;
  g_autoptr (GPtrArray) signals = NULL;

  store = twin_store_create (path, root, error);
  if (store == NULL)
    return FALSE;
  g_clear_object (&store);
  historian = twin_historian_open (path, FALSE, error);
  if (historian == NULL)
    return FALSE;
  report = twin_csv_import_file (historian, self->config->csv_path, NULL, NULL, NULL, NULL, error);
  if (report == NULL)
    return FALSE;
  self->items = g_array_new (FALSE, FALSE, sizeof (Item));
  for (guint i = 0; i < report->signals->len; i++)
    {
      g_autoptr (TwinSignalInfo) info = NULL;
      g_autoptr (GArray) samples = NULL;

      info = twin_historian_lookup_signal (historian, g_ptr_array_index (report->signals, i), error);
      if (info == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_INVALID, _ ("The column “%s” of “%s” was not read."),
                         (const char *) g_ptr_array_index (report->signals, i), self->config->csv_path);
          return FALSE;
        }
      if (info->n_samples == 0)
        continue;
      samples = twin_historian_read (historian, info->id, info->first_us, info->last_us + 1, error);
      if (samples == NULL)
        return FALSE;
      for (guint j = 0; j < samples->len; j++)
        {
          const TwinSample *sample = &g_array_index (samples, TwinSample, j);
          Item              item = { sample->t_us, self->names->len, sample->value };

          g_array_append_val (self->items, item);
        }
      g_ptr_array_add (self->names, g_strdup (info->name));
      g_ptr_array_add (self->units, g_strdup (info->unit));
    }
  g_array_sort (self->items, compare_items);
  return TRUE;
}

static gpointer
play (gpointer data)
{
  TwinCsvReplayFeed *self = data;
  double             speed = self->config->speed;
  gint64             started_us = g_get_monotonic_time ();
  gint64             first_us = self->items->len > 0 ? g_array_index (self->items, Item, 0).t_us : 0;

  for (guint i = 0; i < self->items->len && !g_atomic_int_get (&self->stop); i++)
    {
      const Item *item = &g_array_index (self->items, Item, i);
      const char *unit = g_ptr_array_index (self->units, item->signal);

      if (speed > 0.0)
        {
          gint64 due_us = started_us + (gint64) llround ((double) (item->t_us - first_us) / speed);
          gint64 now_us;

          while ((now_us = g_get_monotonic_time ()) < due_us && !g_atomic_int_get (&self->stop))
            g_usleep (MIN (due_us - now_us, WAIT_SLICE_US));
          if (g_atomic_int_get (&self->stop))
            break;
        }
      twin_recorder_push (self->recorder, g_ptr_array_index (self->names, item->signal),
                          unit != NULL && unit[0] != '\0' ? unit : NULL, item->t_us, item->value);
      g_atomic_pointer_add (&self->pushed, 1);
      if (i + 1 == self->items->len)
        g_atomic_int_set (&self->done, 1);
    }
  if (self->items->len == 0)
    g_atomic_int_set (&self->done, 1);
  return NULL;
}

/**
 * twin_csv_replay_feed_start:
 * @self: a #TwinCsvReplayFeed
 * @error: return location for a %TWIN_CSV_ERROR, %TWIN_HISTORIAN_ERROR or %G_IO_ERROR
 *
 * Reads the whole file, then starts playing it on a thread of its own.
 *
 * Returns: %TRUE if the file was read and the thread started
 */
gboolean
twin_csv_replay_feed_start (TwinCsvReplayFeed *self,
                            GError           **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  gboolean         ok;

  g_return_val_if_fail (TWIN_IS_CSV_REPLAY_FEED (self), FALSE);
  g_return_val_if_fail (self->thread == NULL && self->items == NULL, FALSE);

  dir = g_dir_make_tmp ("twin-csv-replay-XXXXXX", error);
  if (dir == NULL)
    return FALSE;
  path = g_build_filename (dir, "replay.dtwin", NULL);
  ok = read_csv (self, path, error);
  remove_scratch (dir, path);
  if (!ok)
    {
      g_clear_pointer (&self->items, g_array_unref);
      return FALSE;
    }
  self->thread = g_thread_new ("twin-csv-replay", play, self);
  return TRUE;
}

/**
 * twin_csv_replay_feed_stop:
 * @self: a #TwinCsvReplayFeed
 *
 * Stops playing and joins the thread; what was pushed stays pushed.
 */
void
twin_csv_replay_feed_stop (TwinCsvReplayFeed *self)
{
  g_return_if_fail (TWIN_IS_CSV_REPLAY_FEED (self));

  if (self->thread == NULL)
    return;
  g_atomic_int_set (&self->stop, 1);
  g_thread_join (g_steal_pointer (&self->thread));
}

/**
 * twin_csv_replay_feed_is_done:
 * @self: a #TwinCsvReplayFeed
 *
 * Returns: whether every sample of the file has been pushed
 */
gboolean
twin_csv_replay_feed_is_done (TwinCsvReplayFeed *self)
{
  g_return_val_if_fail (TWIN_IS_CSV_REPLAY_FEED (self), FALSE);
  return g_atomic_int_get (&self->done) != 0;
}

/**
 * twin_csv_replay_feed_get_n_pushed:
 * @self: a #TwinCsvReplayFeed
 *
 * Returns: the number of samples pushed so far
 */
guint64
twin_csv_replay_feed_get_n_pushed (TwinCsvReplayFeed *self)
{
  g_return_val_if_fail (TWIN_IS_CSV_REPLAY_FEED (self), 0);
  return (guint64) g_atomic_pointer_get (&self->pushed);
}
