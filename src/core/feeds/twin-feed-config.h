/* twin-feed-config.h: a feed's settings (broker, session, TLS, subscriptions) and topic bindings.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stored in the project (migration 006: tables feed and topic_binding) through
 * TwinFeedStore. A password is never stored: it comes from the environment
 * (TWIN_FEED_PASSWORD, or TWIN_FEED_PASSWORD_<FEED NAME in upper case, non-alphanumerics as _>),
 * from a prompt, or from the desktop keyring in the app.
 */
#pragma once

#include <glib-object.h>

#include "twin-payload.h"

G_BEGIN_DECLS

typedef enum
{
  TWIN_FEED_MQTT,
  TWIN_FEED_CSV_REPLAY,
} TwinFeedKind;

/**
 * TwinFeedSubscription:
 * @pattern: an MQTT topic filter with + and # wildcards
 * @qos: 0, 1 or 2
 * @format: how its payloads are read
 */
typedef struct
{
  char              *pattern;
  int                qos;
  TwinPayloadFormat *format;
} TwinFeedSubscription;

/**
 * TwinFeedConfig:
 * @name: unique in the project ("site-broker")
 * @kind: MQTT or CSV replay
 * @host: broker host; @port: its port (1883, 8883 with TLS)
 * @client_id: a fixed client id (needed for a persistent session); empty: generated
 * @username: (nullable): user name; the password is never stored
 * @protocol: 311 (MQTT 3.1.1) or 5
 * @clean_session: %FALSE (default) keeps the session on the broker, so QoS 1/2 messages sent
 *   while the recorder was away are delivered when it returns
 * @keepalive_s: keep-alive interval
 * @tls_ca_file, @tls_cert_file, @tls_key_file: (nullable): TLS (a CA file turns TLS on)
 * @subscriptions: (element-type TwinFeedSubscription)
 * @csv_path: CSV replay: the file (twin-csv-import's format); @speed: 1 = real time
 */
typedef struct
{
  char         *name;
  TwinFeedKind  kind;
  char         *host;
  int           port;
  char         *client_id;
  char         *username;
  int           protocol;
  gboolean      clean_session;
  int           keepalive_s;
  char         *tls_ca_file;
  char         *tls_cert_file;
  char         *tls_key_file;
  GPtrArray    *subscriptions;
  char         *csv_path;
  double        speed;
} TwinFeedConfig;

/**
 * TwinTopicBinding:
 * @topic: a concrete topic (or SenML record name) whose signal it is
 * @entity_path: the entity; @property: its property (a parameter name)
 * @unit: (nullable): the unit the payload's values are in; converted to the property's unit
 * @scale, @offset: applied first: value · scale + offset
 */
typedef struct
{
  char  *topic;
  char  *entity_path;
  char  *property;
  char  *unit;
  double scale;
  double offset;
} TwinTopicBinding;

TwinFeedConfig       *twin_feed_config_new          (const char           *name,
                                                     TwinFeedKind          kind);
TwinFeedConfig       *twin_feed_config_copy         (const TwinFeedConfig *self);
void                  twin_feed_config_free         (TwinFeedConfig       *self);
gboolean              twin_feed_config_validate     (const TwinFeedConfig *self,
                                                     GError              **error);
char                 *twin_feed_config_to_json      (const TwinFeedConfig *self) G_GNUC_WARN_UNUSED_RESULT;
TwinFeedConfig       *twin_feed_config_new_from_json (const char          *json,
                                                     GError              **error);
TwinFeedSubscription *twin_feed_subscription_new    (const char           *pattern,
                                                     int                   qos,
                                                     TwinPayloadFormat    *format);
void                  twin_feed_subscription_free   (TwinFeedSubscription *subscription);
/* Whether @topic matches the filter @pattern (MQTT rules for + and #). */
gboolean              twin_feed_topic_matches       (const char           *pattern,
                                                     const char           *topic);
/* The password for @self from the environment, or NULL. */
char                 *twin_feed_config_dup_env_password (const TwinFeedConfig *self) G_GNUC_WARN_UNUSED_RESULT;
void                  twin_topic_binding_free       (TwinTopicBinding     *binding);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinFeedConfig, twin_feed_config_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinTopicBinding, twin_topic_binding_free)

G_END_DECLS
