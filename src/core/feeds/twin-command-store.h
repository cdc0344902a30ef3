/* twin-command-store.h: command bindings and the command log in the project file (tables
 * command_binding, command_log of store/migrations/007-live.sql), and sending a command.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Its own SQLite connection to the .dtwin file (twin_store_open_connection), used by one thread.
 */
#pragma once

#include <gio/gio.h>

#include "twin-command.h"
#include "twin-mqtt-feed.h"

G_BEGIN_DECLS

#define TWIN_TYPE_COMMAND_STORE (twin_command_store_get_type ())

G_DECLARE_FINAL_TYPE (TwinCommandStore, twin_command_store, TWIN, COMMAND_STORE, GObject)

TwinCommandStore   *twin_command_store_open          (const char               *path,
                                                      gboolean                  read_only,
                                                      GError                  **error);
/* (element-type TwinCommandBinding): by entity path and property. */
GPtrArray          *twin_command_store_list_bindings (TwinCommandStore         *self,
                                                      GError                  **error);
/* The binding of ENTITY.PROPERTY, or NULL with TWIN_COMMAND_ERROR_NOT_FOUND. */
TwinCommandBinding *twin_command_store_find_binding  (TwinCommandStore         *self,
                                                      const char               *entity_path,
                                                      const char               *property,
                                                      GError                  **error);
/* Validates; the feed must exist in the project and be an MQTT feed. Replaces an existing one. */
gboolean            twin_command_store_save_binding  (TwinCommandStore         *self,
                                                      const TwinCommandBinding *binding,
                                                      GError                  **error);
gboolean            twin_command_store_delete_binding (TwinCommandStore        *self,
                                                       const char              *entity_path,
                                                       const char              *property,
                                                       GError                 **error);
/* Appends @record to the log (sets its id). */
gboolean            twin_command_store_log           (TwinCommandStore         *self,
                                                      TwinCommandRecord        *record,
                                                      GError                  **error);
/* (element-type TwinCommandRecord): the log, newest last, at most @limit (0: all). */
GPtrArray          *twin_command_store_list_log      (TwinCommandStore         *self,
                                                      guint                     limit,
                                                      GError                  **error);

/* Sends @value for @binding and logs the attempt (sent or failed) in @store, whatever happens
 * after the payload was formatted. @feed: a running feed of the binding's broker to publish
 * through, or NULL to connect once with @password (the feed's settings from the project) and
 * disconnect. Blocks until the broker acknowledged (QoS > 0) or @timeout_ms passed: call it
 * from a worker thread in the app. A value refused by the binding (NaN, outside min/max) is not
 * sent and not logged. */
gboolean            twin_command_send                (TwinCommandStore         *store,
                                                      const TwinCommandBinding *binding,
                                                      double                    value,
                                                      const char               *property_unit,
                                                      TwinMqttFeed             *feed,
                                                      const char               *password,
                                                      const char               *origin,
                                                      guint                     timeout_ms,
                                                      TwinCommandRecord       **record,
                                                      GError                  **error);

G_END_DECLS
