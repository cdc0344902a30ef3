/* twin-feed-store.h: feeds and topic bindings in the project file (tables feed, topic_binding).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Its own SQLite connection to the .dtwin file, used by one thread, like TwinSimArchive.
 */
#pragma once

#include <gio/gio.h>

#include "twin-feed-config.h"

G_BEGIN_DECLS

#define TWIN_TYPE_FEED_STORE (twin_feed_store_get_type ())

G_DECLARE_FINAL_TYPE (TwinFeedStore, twin_feed_store, TWIN, FEED_STORE, GObject)

TwinFeedStore    *twin_feed_store_open           (const char           *path,
                                                  gboolean              read_only,
                                                  GError              **error);
GPtrArray        *twin_feed_store_list_feeds     (TwinFeedStore        *self,
                                                  GError              **error);
TwinFeedConfig   *twin_feed_store_load_feed      (TwinFeedStore        *self,
                                                  const char           *name,
                                                  GError              **error);
gboolean          twin_feed_store_save_feed      (TwinFeedStore        *self,
                                                  const TwinFeedConfig *config,
                                                  GError              **error);
gboolean          twin_feed_store_delete_feed    (TwinFeedStore        *self,
                                                  const char           *name,
                                                  GError              **error);
/* Binds a topic's signal to ENTITY.PROPERTY: stores the binding and sets the history
 * signal's binding (twin_historian_set_signal_binding), so its history is kept. */
gboolean          twin_feed_store_bind_topic     (TwinFeedStore        *self,
                                                  const TwinTopicBinding *binding,
                                                  GError              **error);
gboolean          twin_feed_store_unbind_topic   (TwinFeedStore        *self,
                                                  const char           *topic,
                                                  GError              **error);
/* (element-type TwinTopicBinding) */
GPtrArray        *twin_feed_store_list_bindings  (TwinFeedStore        *self,
                                                  GError              **error);

G_END_DECLS
