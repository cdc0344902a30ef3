/* twin-csv-replay-feed.h: a CSV replay feed: plays a recorded CSV file into a recorder as if it were live.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "twin-feed-config.h"
#include "twin-recorder.h"

G_BEGIN_DECLS

#define TWIN_TYPE_CSV_REPLAY_FEED (twin_csv_replay_feed_get_type ())
G_DECLARE_FINAL_TYPE (TwinCsvReplayFeed, twin_csv_replay_feed, TWIN, CSV_REPLAY_FEED, GObject)

TwinCsvReplayFeed *twin_csv_replay_feed_new          (const TwinFeedConfig *config,
                                                      TwinRecorder         *recorder);
/* Reads the whole CSV (errors name the file and row), then starts the thread that plays it. */
gboolean           twin_csv_replay_feed_start        (TwinCsvReplayFeed    *self,
                                                      GError              **error);
/* Stops playing; what was pushed stays pushed. */
void               twin_csv_replay_feed_stop         (TwinCsvReplayFeed    *self);
/* Whether every sample of the file has been pushed. */
gboolean           twin_csv_replay_feed_is_done      (TwinCsvReplayFeed    *self);
guint64            twin_csv_replay_feed_get_n_pushed (TwinCsvReplayFeed    *self);

G_END_DECLS
