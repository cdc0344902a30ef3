/* twin-recorder.h: the one writer of feed samples: a queue from any thread to batches in the history.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Feed threads push samples; a writer thread with its own TwinHistorian appends
 * them in transactions (every few milliseconds or thousand samples). Every topic
 * gets a signal named after it, bound or not; bound topics are converted (scale,
 * offset, unit) on the way in. Samples out of order are stored in order (the
 * historian is keyed by time); a duplicate (same signal and time) is stored once.
 * The GUI is told at a bounded rate through twin_recorder_get_stats().
 */
#pragma once

#include <gio/gio.h>

#include "twin-feed-config.h"

G_BEGIN_DECLS

/**
 * TwinRecorderStats:
 * @received: samples pushed
 * @written: samples committed to the file
 * @rejected: payloads that could not be decoded
 * @pending: pushed, not yet committed
 */
typedef struct
{
  guint64 received;
  guint64 written;
  guint64 rejected;
  guint64 pending;
} TwinRecorderStats;

#define TWIN_TYPE_RECORDER (twin_recorder_get_type ())

G_DECLARE_FINAL_TYPE (TwinRecorder, twin_recorder, TWIN, RECORDER, GObject)

TwinRecorder *twin_recorder_new            (const char         *project_path,
                                            GError            **error);
/* Thread safe. @signal is the topic (or SenML name); @unit may be NULL. */
void          twin_recorder_push           (TwinRecorder       *self,
                                            const char         *signal,
                                            const char         *unit,
                                            gint64              t_us,
                                            double              value);
/* Thread safe: a payload that could not be decoded (counted; the last reason per topic kept). */
void          twin_recorder_reject         (TwinRecorder       *self,
                                            const char         *topic,
                                            const char         *reason);
/* Blocks until everything pushed before the call is committed. Thread safe. */
gboolean      twin_recorder_flush          (TwinRecorder       *self,
                                            GError            **error);
void          twin_recorder_get_stats      (TwinRecorder       *self,
                                            TwinRecorderStats  *stats);
/**
 * TwinRecordedSample:
 * @signal: the signal (topic) name
 * @t_us: its time (UTC µs)
 * @value: the value stored (after a binding's conversion)
 */
typedef struct
{
  const char *signal;
  gint64      t_us;
  double      value;
} TwinRecordedSample;

/* Called on the writer thread after each commit with the samples just committed (in the order
 * written) and the alarm events they raised or cleared (element-type TwinAlarmEvent, already
 * logged; may be empty). Keep it short: copy what you need and return. */
typedef void (*TwinRecorderObserver) (const TwinRecordedSample *samples,
                                      guint                     n_samples,
                                      GPtrArray                *alarm_events,
                                      gpointer                  user_data);

void          twin_recorder_set_observer   (TwinRecorder        *self,
                                            TwinRecorderObserver observer,
                                            gpointer             user_data,
                                            GDestroyNotify       destroy);
/* Loads the project's alarm rules (and which are raised, from the log) and from then on evaluates
 * every committed sample, logging raises and clears in the project. Call again after the rules
 * changed. Thread safe. */
gboolean      twin_recorder_load_alarms    (TwinRecorder        *self,
                                            GError             **error);
/* Rereads the project's topic bindings: samples pushed after the call are converted with the new
 * ones, those pushed before with the old. Blocks until the writer thread has them. Thread safe. */
gboolean      twin_recorder_reload_bindings (TwinRecorder       *self,
                                             GError            **error);
/* The last reject reason per topic (element-type utf8 utf8) (transfer full). */
GHashTable   *twin_recorder_dup_rejects    (TwinRecorder        *self);

/**
 * TwinRecorderReject:
 * @reason: why the last payload or sample of the topic was refused, a sentence
 * @count: how many of its payloads or samples were refused since the recorder opened
 */
typedef struct
{
  char   *reason;
  guint64 count;
} TwinRecorderReject;

void          twin_recorder_reject_free    (TwinRecorderReject  *reject);
/* Per topic (element-type utf8 TwinRecorderReject) (transfer full). Thread safe. */
GHashTable   *twin_recorder_dup_reject_counts (TwinRecorder     *self);

/* Flushes and stops the writer thread. */
gboolean      twin_recorder_close          (TwinRecorder       *self,
                                            GError            **error);

G_END_DECLS
