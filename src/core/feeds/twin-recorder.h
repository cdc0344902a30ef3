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
/* Flushes and stops the writer thread. */
gboolean      twin_recorder_close          (TwinRecorder       *self,
                                            GError            **error);

G_END_DECLS
