/* twin-mqtt-feed.h: an MQTT feed (libmosquitto): connect, subscribe, decode, hand samples to a recorder.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs libmosquitto's network loop in its own thread; reconnects with backoff;
 * with a fixed client id and clean_session off the broker keeps its QoS 1/2
 * messages while the feed is away. Also publishes (actuation, the emulator).
 */
#pragma once

#include <gio/gio.h>

#include "twin-feed-config.h"
#include "twin-recorder.h"

G_BEGIN_DECLS

typedef enum
{
  TWIN_MQTT_DISCONNECTED,
  TWIN_MQTT_CONNECTING,
  TWIN_MQTT_CONNECTED,
} TwinMqttState;

/**
 * TwinMqttStatus:
 * @state: connection state (CONNECTING also while retrying after a failure or a lost connection)
 * @last_error: (nullable): the connection problem since the last successful connection, a
 *   sentence saying that the feed tries again; %NULL once connected
 * @messages: messages received; @rejected: payloads that could not be decoded
 * @messages_per_s: over the last seconds
 * @connects: successful connections since the last start (more than 1: it reconnected)
 */
typedef struct
{
  TwinMqttState state;
  char         *last_error;
  guint64       messages;
  guint64       rejected;
  double        messages_per_s;
  guint         connects;
} TwinMqttStatus;

#define TWIN_TYPE_MQTT_FEED (twin_mqtt_feed_get_type ())

G_DECLARE_FINAL_TYPE (TwinMqttFeed, twin_mqtt_feed, TWIN, MQTT_FEED, GObject)

TwinMqttFeed *twin_mqtt_feed_new          (const TwinFeedConfig *config,
                                           const char           *password,
                                           TwinRecorder         *recorder);
/* Starts the network thread; connection errors are reported in the status, and retried. */
gboolean      twin_mqtt_feed_start        (TwinMqttFeed         *self,
                                           GError              **error);
/* Prompt (at most about half a second, even while a connect hangs). */
void          twin_mqtt_feed_stop         (TwinMqttFeed         *self);
void          twin_mqtt_feed_get_status   (TwinMqttFeed         *self,
                                           TwinMqttStatus       *status);
void          twin_mqtt_status_clear      (TwinMqttStatus       *status);
/* (element-type utf8 utf8): every topic seen → its last payload as text (for the app's topic list). */
GHashTable   *twin_mqtt_feed_dup_topics   (TwinMqttFeed         *self);
/* Publishes once (QoS, retain); blocks until sent for QoS > 0 or @timeout_ms passes. */
gboolean      twin_mqtt_feed_publish      (TwinMqttFeed         *self,
                                           const char           *topic,
                                           const void           *payload,
                                           gsize                 length,
                                           int                   qos,
                                           gboolean              retain,
                                           guint                 timeout_ms,
                                           GError              **error);
/* Connects once with @config's settings (TLS, user; its own client id, clean session), publishes,
 * waits for the acknowledgement (QoS > 0) or @timeout_ms, disconnects. Blocks. */
gboolean      twin_mqtt_publish_once      (const TwinFeedConfig *config,
                                           const char           *password,
                                           const char           *topic,
                                           const void           *payload,
                                           gsize                 length,
                                           int                   qos,
                                           gboolean              retain,
                                           guint                 timeout_ms,
                                           GError              **error);

G_END_DECLS
