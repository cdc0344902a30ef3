/* twin-live-session.h: a project's feeds running for the app: the recorder (with alarms), every
 * feed, what arrived per topic, the live value of each bound property, stale marks, commands.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GLib only (core): the app shows it, tests drive it without GTK. Created and used on one thread
 * with a main loop (the app's main thread); feed and writer threads only touch it through locks,
 * and it tells its thread at a bounded rate (::changed at most every 100 ms, never per sample).
 *
 * Stale: a topic is stale when nothing arrived for longer than stale_factor (default 3) times its
 * usual interval (a running median of its last inter-arrival times), and at least 2 s; a topic
 * seen once is stale after 60 s. A bound property is stale when its topic is.
 *
 * Signals: ::changed () when anything shown changed (status, topics, values, stale marks, alarms),
 * at most every 100 ms; ::alarm (gpointer event: a const TwinAlarmEvent *) for each raise and
 * clear, in order, on the session's thread.
 */
#pragma once

#include <gio/gio.h>

#include "twin-alarm.h"
#include "twin-command.h"
#include "twin-feed-config.h"
#include "twin-mqtt-feed.h"

G_BEGIN_DECLS

/**
 * TwinLiveFeedStatus:
 * @name: the feed's name
 * @kind: MQTT or CSV replay
 * @state: MQTT: disconnected/connecting/connected; CSV replay: CONNECTED while playing,
 *   DISCONNECTED when done or stopped
 * @last_error: MQTT: the connection problem since the last successful connection (a sentence
 *   saying it tries again; NULL once connected); a file or setting error; or NULL
 * @messages: received since start
 * @rejected: payloads that could not be decoded
 * @messages_per_s: over the last few seconds
 * @connects: MQTT: successful connections since start (more than 1: it reconnected, or a
 *   reload restarted it after its settings changed)
 */
typedef struct
{
  char         *name;
  TwinFeedKind  kind;
  TwinMqttState state;
  char         *last_error;
  guint64       messages;
  guint64       rejected;
  double        messages_per_s;
  guint         connects;
} TwinLiveFeedStatus;

/**
 * TwinLiveTopic:
 * @topic: the topic (or SenML record name): the history signal's name
 * @feed: the feed it came from (NULL if unknown)
 * @last_payload: the last payload as text, shortened to 200 characters (NULL if none kept)
 * @has_value: whether a sample was decoded
 * @last_value: the last stored value (after the binding's conversion)
 * @unit: its unit, or NULL
 * @last_us: the last sample's time (UTC µs)
 * @count: samples received since start
 * @rejected: payloads refused since start
 * @last_reject_reason: why the last one was refused, or NULL
 * @messages_per_s: over the last few seconds
 * @entity_path: the bound entity, or NULL when unbound
 * @property: the bound property, or NULL
 * @stale: see the file comment
 */
typedef struct
{
  char    *topic;
  char    *feed;
  char    *last_payload;
  gboolean has_value;
  double   last_value;
  char    *unit;
  gint64   last_us;
  guint64  count;
  guint64  rejected;
  char    *last_reject_reason;
  double   messages_per_s;
  char    *entity_path;
  char    *property;
  gboolean stale;
} TwinLiveTopic;

/**
 * TwinLiveValue:
 * @value: the last value, in the property's unit
 * @t_us: its time (UTC µs)
 * @stale: no sample for longer than expected
 * @topic: (transfer none): the bound topic; valid until the next ::changed
 */
typedef struct
{
  double      value;
  gint64      t_us;
  gboolean    stale;
  const char *topic;
} TwinLiveValue;

void twin_live_feed_status_free (TwinLiveFeedStatus *status);
void twin_live_topic_free       (TwinLiveTopic      *topic);

#define TWIN_TYPE_LIVE_SESSION (twin_live_session_get_type ())

G_DECLARE_FINAL_TYPE (TwinLiveSession, twin_live_session, TWIN, LIVE_SESSION, GObject)

TwinLiveSession *twin_live_session_new              (const char       *project_path);
const char      *twin_live_session_get_project_path (TwinLiveSession  *self);
/* The password for feed @name (used at the next start); NULL reads the environment. Never stored. */
void             twin_live_session_set_password     (TwinLiveSession  *self,
                                                     const char       *feed_name,
                                                     const char       *password);
/* Opens the recorder (alarms enabled) and starts every feed of the project. Feeds that cannot
 * connect are reported in their status and retried; the error is for the project itself (not
 * a project file, no feeds is fine). */
gboolean         twin_live_session_start            (TwinLiveSession  *self,
                                                     GError          **error);
/* Stops the feeds, flushes and closes the recorder. Safe to call twice. */
void             twin_live_session_stop             (TwinLiveSession  *self);
gboolean         twin_live_session_is_running       (TwinLiveSession  *self);
/* Rereads feeds, topic bindings, alarm rules and command bindings after they changed; restarts
 * only the feeds whose settings changed (new bindings and rules apply without a reconnect). */
gboolean         twin_live_session_reload           (TwinLiveSession  *self,
                                                     GError          **error);
void             twin_live_session_set_stale_factor (TwinLiveSession  *self,
                                                     double            factor);
/* (element-type TwinLiveFeedStatus) (transfer full): by name. */
GPtrArray       *twin_live_session_dup_feeds        (TwinLiveSession  *self);
/* (element-type TwinLiveTopic) (transfer full): every topic seen since start, by topic. */
GPtrArray       *twin_live_session_dup_topics       (TwinLiveSession  *self);
/* The live value of a bound ENTITY.PROPERTY; FALSE if unbound or nothing arrived yet. */
gboolean         twin_live_session_lookup           (TwinLiveSession  *self,
                                                     const char       *entity_path,
                                                     const char       *property,
                                                     TwinLiveValue    *value);
/* (element-type TwinAlarmEvent) (transfer full): the raise event of each alarm raised now. */
GPtrArray       *twin_live_session_dup_raised_alarms (TwinLiveSession *self);
/* Logs an acknowledgement of the raised alarm of @rule_id. */
gboolean         twin_live_session_acknowledge      (TwinLiveSession  *self,
                                                     gint64            rule_id,
                                                     GError          **error);
/* The command binding of ENTITY.PROPERTY, or NULL. */
TwinCommandBinding *twin_live_session_dup_command_binding (TwinLiveSession *self,
                                                           const char      *entity_path,
                                                           const char      *property);
/* Sends a setpoint through the running feed of the binding (or a one-shot connection), logs it.
 * Runs in a worker thread; the callback comes on the session's thread. */
void             twin_live_session_send_command_async  (TwinLiveSession          *self,
                                                        const TwinCommandBinding *binding,
                                                        double                    value,
                                                        const char               *property_unit,
                                                        GCancellable             *cancellable,
                                                        GAsyncReadyCallback       callback,
                                                        gpointer                  user_data);
gboolean         twin_live_session_send_command_finish (TwinLiveSession          *self,
                                                        GAsyncResult             *result,
                                                        GError                  **error);

G_END_DECLS
