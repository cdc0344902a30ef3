/* twin-alarm.h: alarm rules (a threshold or a rate-of-change limit on a signal), alarm events,
 * and the monitor that evaluates rules sample by sample.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain data and a pure evaluator: no I/O, no threads. The recorder's writer thread runs a
 * monitor over every sample it commits and logs the events it returns (TwinAlarmStore) right
 * after that batch's commit, so headless recording (twinctl record) raises alarms too.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  TWIN_ALARM_THRESHOLD,
  TWIN_ALARM_RATE,
} TwinAlarmKind;

/**
 * TwinAlarmRule:
 * @id: the row id in the project, 0 until stored
 * @name: unique, shown to the user
 * @signal: the history signal watched (a topic, `sim/…`, an imported column)
 * @kind: what is compared with the limits: the value, or its change per second
 * @low: raise below this (NAN: no lower limit)
 * @high: raise above this (NAN: no upper limit)
 * @deadband: clear only once back inside the limits by this much (≥ 0)
 * @window_s: RATE only: the rate is (v(t) − v(t − window)) / window over the samples seen (> 0)
 * @enabled: a disabled rule is kept but never evaluated
 *
 * Limits are in the signal's unit (per second for RATE). At least one limit is set.
 */
typedef struct
{
  gint64        id;
  char         *name;
  char         *signal;
  TwinAlarmKind kind;
  double        low;
  double        high;
  double        deadband;
  double        window_s;
  gboolean      enabled;
} TwinAlarmRule;

typedef enum
{
  TWIN_ALARM_RAISED,
  TWIN_ALARM_CLEARED,
  TWIN_ALARM_ACKNOWLEDGED,
} TwinAlarmEventKind;

/**
 * TwinAlarmEvent:
 * @id: the row id in the alarm log, 0 until stored
 * @rule_id: the rule's id (0 when the rule was deleted since)
 * @rule_name: the rule's name when the event happened
 * @signal: the signal
 * @kind: raised, cleared or acknowledged
 * @t_us: the sample's time (UTC µs); the wall clock for acknowledgements
 * @value: the value (THRESHOLD) or rate (RATE) that raised or cleared it; NAN for acknowledgements
 * @message: a translated sentence naming the rule, the signal, the value and the limit
 */
typedef struct
{
  gint64             id;
  gint64             rule_id;
  char              *rule_name;
  char              *signal;
  TwinAlarmEventKind kind;
  gint64             t_us;
  double             value;
  char              *message;
} TwinAlarmEvent;

#define TWIN_ALARM_ERROR (twin_alarm_error_quark ())

typedef enum
{
  TWIN_ALARM_ERROR_INVALID,
  TWIN_ALARM_ERROR_NOT_FOUND,
  TWIN_ALARM_ERROR_STORE,
} TwinAlarmError;

GQuark          twin_alarm_error_quark       (void);

TwinAlarmRule  *twin_alarm_rule_new          (const char          *name,
                                              const char          *signal,
                                              TwinAlarmKind        kind);
TwinAlarmRule  *twin_alarm_rule_copy         (const TwinAlarmRule *rule);
void            twin_alarm_rule_free         (TwinAlarmRule       *rule);
/* Checks name, signal, limits (finite or NAN, at least one, low < high), deadband, window. */
gboolean        twin_alarm_rule_validate     (const TwinAlarmRule *rule,
                                              GError             **error);
const char     *twin_alarm_kind_to_string    (TwinAlarmKind        kind);
gboolean        twin_alarm_kind_from_string  (const char          *text,
                                              TwinAlarmKind       *kind);

TwinAlarmEvent *twin_alarm_event_copy        (const TwinAlarmEvent *event);
void            twin_alarm_event_free        (TwinAlarmEvent      *event);
const char     *twin_alarm_event_kind_to_string   (TwinAlarmEventKind kind);
gboolean        twin_alarm_event_kind_from_string (const char        *text,
                                                   TwinAlarmEventKind *kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinAlarmRule, twin_alarm_rule_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinAlarmEvent, twin_alarm_event_free)

/* TwinAlarmMonitor: the state of every rule (raised or not, the rate window). Not thread safe:
 * one thread feeds it. */
typedef struct _TwinAlarmMonitor TwinAlarmMonitor;

/* @rules: (element-type TwinAlarmRule): copied; disabled rules are ignored. */
TwinAlarmMonitor *twin_alarm_monitor_new        (GPtrArray        *rules);
void              twin_alarm_monitor_free       (TwinAlarmMonitor *self);
/* Replaces the rules; a rule whose id (or name) is kept keeps its raised state. */
void              twin_alarm_monitor_set_rules  (TwinAlarmMonitor *self,
                                                 GPtrArray        *rules);
/* Marks rules as already raised (from the log's last events) so reopening does not raise twice. */
void              twin_alarm_monitor_set_raised (TwinAlarmMonitor *self,
                                                 gint64            rule_id,
                                                 gboolean          raised);
/* Evaluates one sample of @signal; appends (element-type TwinAlarmEvent) raise/clear events to
 * @events. Samples of a signal must come in time order (older ones are ignored). A NaN
 * value is ignored. */
void              twin_alarm_monitor_feed       (TwinAlarmMonitor *self,
                                                 const char       *signal,
                                                 gint64            t_us,
                                                 double            value,
                                                 GPtrArray        *events);
/* Whether any enabled rule watches @signal (so callers can skip the rest quickly). */
gboolean          twin_alarm_monitor_watches    (TwinAlarmMonitor *self,
                                                 const char       *signal);
/* (element-type TwinAlarmRule) (transfer container): the rules raised now. */
GPtrArray        *twin_alarm_monitor_dup_raised (TwinAlarmMonitor *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinAlarmMonitor, twin_alarm_monitor_free)

G_END_DECLS
