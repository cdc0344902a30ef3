/* twin-alarm-store.h: alarm rules and the alarm log in the project file (tables alarm_rule,
 * alarm_event of store/migrations/007-live.sql).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Its own SQLite connection to the .dtwin file (twin_store_open_connection), used by one thread.
 */
#pragma once

#include <gio/gio.h>

#include "twin-alarm.h"

G_BEGIN_DECLS

#define TWIN_TYPE_ALARM_STORE (twin_alarm_store_get_type ())

G_DECLARE_FINAL_TYPE (TwinAlarmStore, twin_alarm_store, TWIN, ALARM_STORE, GObject)

TwinAlarmStore *twin_alarm_store_open          (const char          *path,
                                                gboolean             read_only,
                                                GError             **error);
/* (element-type TwinAlarmRule): by name. */
GPtrArray      *twin_alarm_store_list_rules    (TwinAlarmStore      *self,
                                                GError             **error);
/* Validates, then inserts (id 0: sets @rule->id) or updates the rule with @rule->id. A name
 * already used by another rule is refused. */
gboolean        twin_alarm_store_save_rule     (TwinAlarmStore      *self,
                                                TwinAlarmRule       *rule,
                                                GError             **error);
/* Deletes the rule @name (its log stays). */
gboolean        twin_alarm_store_delete_rule   (TwinAlarmStore      *self,
                                                const char          *name,
                                                GError             **error);
/* Appends (element-type TwinAlarmEvent) @events in one transaction, setting their ids. */
gboolean        twin_alarm_store_append_events (TwinAlarmStore      *self,
                                                GPtrArray           *events,
                                                GError             **error);
/* Logs that the user acknowledged the raised alarm of @rule_id now. */
gboolean        twin_alarm_store_acknowledge   (TwinAlarmStore      *self,
                                                gint64               rule_id,
                                                GError             **error);
/* (element-type TwinAlarmEvent): the log from @since_us on, newest last, at most @limit (0: all). */
GPtrArray      *twin_alarm_store_list_events   (TwinAlarmStore      *self,
                                                gint64               since_us,
                                                guint                limit,
                                                GError             **error);
/* (element-type gint64): ids of rules whose last raise/clear event is a raise (still raised). */
GArray         *twin_alarm_store_list_raised   (TwinAlarmStore      *self,
                                                GError             **error);

G_END_DECLS
