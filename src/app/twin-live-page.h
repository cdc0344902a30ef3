/* twin-live-page.h: the window's Live page: the connection manager (feeds, topics seen), alarm rules and logs.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "feeds/twin-alarm.h"
#include "feeds/twin-feed-config.h"
#include "feeds/twin-live-session.h"
#include "store/twin-project.h"

G_BEGIN_DECLS

#define TWIN_TYPE_LIVE_PAGE (twin_live_page_get_type ())

G_DECLARE_FINAL_TYPE (TwinLivePage, twin_live_page, TWIN, LIVE_PAGE, GtkWidget)

/* The columns of the feed and topic lists, for twin_live_page_dup_feed_text () and
 * twin_live_page_dup_topic_text (): exactly what a row shows. */
typedef enum
{
  TWIN_LIVE_FEED_NAME,
  TWIN_LIVE_FEED_BROKER,
  TWIN_LIVE_FEED_STATUS,
  TWIN_LIVE_FEED_RATE,
  TWIN_LIVE_FEED_MESSAGES,
  TWIN_LIVE_FEED_REJECTED,
  TWIN_LIVE_FEED_ERROR,
} TwinLiveFeedColumn;

typedef enum
{
  TWIN_LIVE_TOPIC_NAME,
  TWIN_LIVE_TOPIC_PAYLOAD,
  TWIN_LIVE_TOPIC_VALUE,
  TWIN_LIVE_TOPIC_RATE,
  TWIN_LIVE_TOPIC_COUNT,
  TWIN_LIVE_TOPIC_REJECTED,
  TWIN_LIVE_TOPIC_BOUND_TO,
  TWIN_LIVE_TOPIC_STALE,
} TwinLiveTopicColumn;

GtkWidget   *twin_live_page_new               (void) G_GNUC_WARN_UNUSED_RESULT;
/* The project whose feeds, bindings and alarm rules the page edits (through its own
 * connections to the project file); NULL closes them. */
void         twin_live_page_set_project       (TwinLivePage         *self,
                                               TwinProject          *project);
/* The running side: the window creates it; NULL when there is none (read-only twin). */
void         twin_live_page_set_session       (TwinLivePage         *self,
                                               TwinLiveSession      *session);
TwinLiveSession *twin_live_page_get_session   (TwinLivePage         *self);
/* The entity "Bind to…" binds a topic to (the window's selection). */
void         twin_live_page_set_entity        (TwinLivePage         *self,
                                               TwinEntity           *entity);

/* Connection: looks up keyring passwords, then starts the session; stop disconnects. */
void         twin_live_page_connect           (TwinLivePage         *self);
void         twin_live_page_disconnect        (TwinLivePage         *self);
gboolean     twin_live_page_get_connected     (TwinLivePage         *self);
/* Whether the project has at least one feed. */
gboolean     twin_live_page_has_feeds         (TwinLivePage         *self);

/* Feeds: what the feed dialog's OK does. @password (nullable) goes to the session and, with
 * @remember, to the desktop keyring; never into the project. */
gboolean     twin_live_page_save_feed         (TwinLivePage         *self,
                                               const TwinFeedConfig *config,
                                               const char           *old_name,
                                               const char           *password,
                                               gboolean              remember,
                                               GError              **error);
gboolean     twin_live_page_remove_feed       (TwinLivePage         *self,
                                               const char           *name,
                                               GError              **error);
GtkWindow   *twin_live_page_show_feed_dialog  (TwinLivePage         *self,
                                               const char           *name);
/* Topics: binds @topic to ENTITY.PROPERTY (checked against the model, unit convertible). */
gboolean     twin_live_page_bind_topic        (TwinLivePage         *self,
                                               const char           *topic,
                                               const char           *entity_path,
                                               const char           *property,
                                               const char           *unit,
                                               double                scale,
                                               double                offset,
                                               GError              **error);
GtkWindow   *twin_live_page_show_bind_dialog  (TwinLivePage         *self,
                                               const char           *topic);
/* Alarm rules: validated and saved (id 0: new), or removed by name. */
gboolean     twin_live_page_save_alarm_rule   (TwinLivePage         *self,
                                               TwinAlarmRule        *rule,
                                               GError              **error);
gboolean     twin_live_page_remove_alarm_rule (TwinLivePage         *self,
                                               const char           *name,
                                               GError              **error);
GtkWindow   *twin_live_page_show_rule_dialog  (TwinLivePage         *self,
                                               const char           *name);
gboolean     twin_live_page_acknowledge       (TwinLivePage         *self,
                                               gint64                rule_id,
                                               GError              **error);
gboolean     twin_live_page_is_acknowledged   (TwinLivePage         *self,
                                               gint64                rule_id);

/* What the lists show (for tests and accessibility): NULL when there is no such row. */
guint        twin_live_page_get_n_feeds       (TwinLivePage         *self);
guint        twin_live_page_get_n_topics      (TwinLivePage         *self);
char        *twin_live_page_dup_feed_text     (TwinLivePage         *self,
                                               const char           *name,
                                               TwinLiveFeedColumn    column) G_GNUC_WARN_UNUSED_RESULT;
char        *twin_live_page_dup_topic_text    (TwinLivePage         *self,
                                               const char           *topic,
                                               TwinLiveTopicColumn   column) G_GNUC_WARN_UNUSED_RESULT;
guint        twin_live_page_get_n_rules       (TwinLivePage         *self);
guint        twin_live_page_get_n_raised      (TwinLivePage         *self);
guint        twin_live_page_get_n_alarm_events (TwinLivePage        *self);
guint        twin_live_page_get_n_commands    (TwinLivePage         *self);
/* Shows the tab "topics", "alarms", "alarm-log" or "command-log". */
void         twin_live_page_show_tab          (TwinLivePage         *self,
                                               const char           *name);

G_END_DECLS
