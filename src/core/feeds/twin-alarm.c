/* twin-alarm.c: alarm rules, alarm events and the monitor that raises and clears them sample by sample.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A THRESHOLD rule compares each sample's value with its limits; a RATE rule
 * compares the change per second over its window: (v(t) − v(t − window)) /
 * window, where v(t − window) is interpolated between the two samples around
 * t − window. A RATE rule is evaluated only once its window is covered by the
 * samples seen (the first sample at least window_s old), so a fresh signal
 * never raises from two close noisy samples. A rule raises when the compared
 * quantity is strictly above high or below low, and clears once it is back
 * inside by the deadband (≤ high − deadband and ≥ low + deadband).
 *
 * Each rule keeps its own state: raised or not, the time of the last sample
 * it accepted (older or equal ones are ignored) and, for RATE, the samples of
 * the last window (bounded by the sample rate times the window).
 */

#define G_LOG_DOMAIN "twin-feeds"

#include "config.h"

#include "twin-alarm.h"

#include "model/twin-parameter.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

G_DEFINE_QUARK (twin - alarm - error - quark, twin_alarm_error)

typedef struct
{
  gint64 t_us;
  double value;
} Point;

typedef struct
{
  TwinAlarmRule *rule;
  gboolean       raised;
  gboolean       has_last;
  gint64         last_t_us;
  GArray        *window; /* Point, RATE only: oldest first */
} RuleState;

struct _TwinAlarmMonitor
{
  GPtrArray  *states;    /* RuleState, enabled rules only */
  GHashTable *by_signal; /* signal → GPtrArray of borrowed RuleState */
};

/**
 * twin_alarm_rule_new:
 * @name: the rule's name
 * @signal: the history signal it watches
 * @kind: what it compares with its limits
 *
 * A new enabled rule with no limits yet (set @low and/or @high), no deadband
 * and a 60 s window.
 *
 * Returns: (transfer full): the rule
 */
TwinAlarmRule *
twin_alarm_rule_new (const char   *name,
                     const char   *signal,
                     TwinAlarmKind kind)
{
  TwinAlarmRule *rule = g_new0 (TwinAlarmRule, 1);

  rule->name = g_strdup (name);
  rule->signal = g_strdup (signal);
  rule->kind = kind;
  rule->low = NAN;
  rule->high = NAN;
  rule->deadband = 0;
  rule->window_s = 60;
  rule->enabled = TRUE;
  return rule;
}

/**
 * twin_alarm_rule_copy:
 * @rule: a rule
 *
 * Returns: (transfer full): a deep copy of @rule
 */
TwinAlarmRule *
twin_alarm_rule_copy (const TwinAlarmRule *rule)
{
  TwinAlarmRule *copy;

  g_return_val_if_fail (rule != NULL, NULL);

  copy = g_memdup2 (rule, sizeof *rule);
  copy->name = g_strdup (rule->name);
  copy->signal = g_strdup (rule->signal);
  return copy;
}

/**
 * twin_alarm_rule_free:
 * @rule: (nullable): a rule
 *
 * Frees @rule.
 */
void
twin_alarm_rule_free (TwinAlarmRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->name);
  g_free (rule->signal);
  g_free (rule);
}

static gboolean
limit_is_valid (double limit)
{
  return isnan (limit) || isfinite (limit);
}

/**
 * twin_alarm_rule_validate:
 * @rule: a rule
 * @error: return location for a %TWIN_ALARM_ERROR_INVALID naming the rule and the cause
 *
 * Checks that the rule has a name and a signal, limits that are numbers or
 * unset (at least one set, low below high), a deadband ≥ 0 and a window > 0.
 *
 * Returns: %TRUE when the rule can be stored and evaluated
 */
gboolean
twin_alarm_rule_validate (const TwinAlarmRule *rule,
                          GError             **error)
{
  g_return_val_if_fail (rule != NULL, FALSE);

  if (rule->name == NULL || rule->name[0] == '\0' || !g_utf8_validate (rule->name, -1, NULL))
    {
      g_set_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_INVALID, _ ("An alarm rule needs a name."));
      return FALSE;
    }
  if (rule->signal == NULL || rule->signal[0] == '\0' || !g_utf8_validate (rule->signal, -1, NULL))
    {
      g_set_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_INVALID,
                   _ ("The alarm rule “%s” needs the signal it watches."), rule->name);
      return FALSE;
    }
  if (rule->kind != TWIN_ALARM_THRESHOLD && rule->kind != TWIN_ALARM_RATE)
    {
      g_set_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_INVALID,
                   _ ("The alarm rule “%s” has an unknown kind."), rule->name);
      return FALSE;
    }
  if (!limit_is_valid (rule->low) || !limit_is_valid (rule->high))
    {
      g_set_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_INVALID,
                   _ ("The limits of the alarm rule “%s” must be finite numbers."), rule->name);
      return FALSE;
    }
  if (isnan (rule->low) && isnan (rule->high))
    {
      g_set_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_INVALID,
                   _ ("The alarm rule “%s” needs a lower or an upper limit."), rule->name);
      return FALSE;
    }
  if (!isnan (rule->low) && !isnan (rule->high) && !(rule->low < rule->high))
    {
      g_autofree char *low = twin_format_number (rule->low);
      g_autofree char *high = twin_format_number (rule->high);

      g_set_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_INVALID,
                   /* TRANSLATORS: %s are the rule's name, then its lower and upper limits. */
                   _ ("The lower limit of the alarm rule “%s” (%s) must be below its upper limit (%s)."), rule->name,
                   low, high);
      return FALSE;
    }
  if (!isfinite (rule->deadband) || rule->deadband < 0)
    {
      g_set_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_INVALID,
                   _ ("The deadband of the alarm rule “%s” must be a number of zero or more."), rule->name);
      return FALSE;
    }
  if (!isfinite (rule->window_s) || rule->window_s <= 0)
    {
      g_set_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_INVALID,
                   _ ("The window of the alarm rule “%s” must be a number of seconds above zero."), rule->name);
      return FALSE;
    }
  return TRUE;
}

/**
 * twin_alarm_kind_to_string:
 * @kind: a kind
 *
 * Returns: "threshold" or "rate", as stored in the project
 */
const char *
twin_alarm_kind_to_string (TwinAlarmKind kind)
{
  switch (kind)
    {
    case TWIN_ALARM_THRESHOLD:
      return "threshold";
    case TWIN_ALARM_RATE:
      return "rate";
    default:
      g_return_val_if_reached ("threshold");
    }
}

/**
 * twin_alarm_kind_from_string:
 * @text: "threshold" or "rate"
 * @kind: (out): the kind
 *
 * Returns: %TRUE when @text names a kind
 */
gboolean
twin_alarm_kind_from_string (const char    *text,
                             TwinAlarmKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (g_strcmp0 (text, "threshold") == 0)
    *kind = TWIN_ALARM_THRESHOLD;
  else if (g_strcmp0 (text, "rate") == 0)
    *kind = TWIN_ALARM_RATE;
  else
    return FALSE;
  return TRUE;
}

/**
 * twin_alarm_event_copy:
 * @event: an event
 *
 * Returns: (transfer full): a deep copy of @event
 */
TwinAlarmEvent *
twin_alarm_event_copy (const TwinAlarmEvent *event)
{
  TwinAlarmEvent *copy;

  g_return_val_if_fail (event != NULL, NULL);

  copy = g_memdup2 (event, sizeof *event);
  copy->rule_name = g_strdup (event->rule_name);
  copy->signal = g_strdup (event->signal);
  copy->message = g_strdup (event->message);
  return copy;
}

/**
 * twin_alarm_event_free:
 * @event: (nullable): an event
 *
 * Frees @event.
 */
void
twin_alarm_event_free (TwinAlarmEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->rule_name);
  g_free (event->signal);
  g_free (event->message);
  g_free (event);
}

/**
 * twin_alarm_event_kind_to_string:
 * @kind: a kind
 *
 * Returns: "raised", "cleared" or "acknowledged", as stored in the log
 */
const char *
twin_alarm_event_kind_to_string (TwinAlarmEventKind kind)
{
  switch (kind)
    {
    case TWIN_ALARM_RAISED:
      return "raised";
    case TWIN_ALARM_CLEARED:
      return "cleared";
    case TWIN_ALARM_ACKNOWLEDGED:
      return "acknowledged";
    default:
      g_return_val_if_reached ("raised");
    }
}

/**
 * twin_alarm_event_kind_from_string:
 * @text: "raised", "cleared" or "acknowledged"
 * @kind: (out): the kind
 *
 * Returns: %TRUE when @text names a kind
 */
gboolean
twin_alarm_event_kind_from_string (const char         *text,
                                   TwinAlarmEventKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (g_strcmp0 (text, "raised") == 0)
    *kind = TWIN_ALARM_RAISED;
  else if (g_strcmp0 (text, "cleared") == 0)
    *kind = TWIN_ALARM_CLEARED;
  else if (g_strcmp0 (text, "acknowledged") == 0)
    *kind = TWIN_ALARM_ACKNOWLEDGED;
  else
    return FALSE;
  return TRUE;
}

/* Monitor */

static void
rule_state_free (gpointer data)
{
  RuleState *state = data;

  twin_alarm_rule_free (state->rule);
  g_clear_pointer (&state->window, g_array_unref);
  g_free (state);
}

static RuleState *
rule_state_new (const TwinAlarmRule *rule)
{
  RuleState *state = g_new0 (RuleState, 1);

  state->rule = twin_alarm_rule_copy (rule);
  state->window = g_array_new (FALSE, FALSE, sizeof (Point));
  return state;
}

static RuleState *
find_state (GPtrArray           *states,
            const TwinAlarmRule *rule)
{
  for (guint i = 0; i < states->len; i++)
    {
      RuleState *state = g_ptr_array_index (states, i);

      if (rule->id != 0 ? state->rule->id == rule->id : g_strcmp0 (state->rule->name, rule->name) == 0)
        return state;
    }
  return NULL;
}

/* Builds the states for @rules, taking over the state of a kept rule from @old (may be NULL). */
static void
install_rules (TwinAlarmMonitor *self,
               GPtrArray        *rules,
               GPtrArray        *old)
{
  self->states = g_ptr_array_new_with_free_func (rule_state_free);
  self->by_signal = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; rules != NULL && i < rules->len; i++)
    {
      const TwinAlarmRule *rule = g_ptr_array_index (rules, i);
      RuleState           *previous = old != NULL ? find_state (old, rule) : NULL;
      RuleState           *state;
      GPtrArray           *list;

      if (!rule->enabled || rule->signal == NULL)
        continue;
      state = rule_state_new (rule);
      if (previous != NULL)
        {
          state->raised = previous->raised;
          /* The samples seen still count when the rule watches the same signal the same way. */
          if (g_strcmp0 (previous->rule->signal, rule->signal) == 0 && previous->rule->kind == rule->kind)
            {
              state->has_last = previous->has_last;
              state->last_t_us = previous->last_t_us;
              g_array_append_vals (state->window, previous->window->data, previous->window->len);
            }
        }
      g_ptr_array_add (self->states, state);
      list = g_hash_table_lookup (self->by_signal, rule->signal);
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (self->by_signal, g_strdup (rule->signal), list);
        }
      g_ptr_array_add (list, state);
    }
}

/**
 * twin_alarm_monitor_new:
 * @rules: (nullable) (element-type TwinAlarmRule): the rules, copied; disabled ones are ignored
 *
 * Returns: (transfer full): a monitor with every rule cleared
 */
TwinAlarmMonitor *
twin_alarm_monitor_new (GPtrArray *rules)
{
  TwinAlarmMonitor *self = g_new0 (TwinAlarmMonitor, 1);

  install_rules (self, rules, NULL);
  return self;
}

/**
 * twin_alarm_monitor_free:
 * @self: (nullable): a monitor
 *
 * Frees the monitor and its copies of the rules.
 */
void
twin_alarm_monitor_free (TwinAlarmMonitor *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->by_signal);
  g_ptr_array_unref (self->states);
  g_free (self);
}

/**
 * twin_alarm_monitor_set_rules:
 * @self: a monitor
 * @rules: (nullable) (element-type TwinAlarmRule): the new rules, copied
 *
 * Replaces the rules. A rule with the same id (or, for rules not stored yet,
 * the same name) as before keeps its raised state, and its samples when it
 * still watches the same signal the same way.
 */
void
twin_alarm_monitor_set_rules (TwinAlarmMonitor *self,
                              GPtrArray        *rules)
{
  g_autoptr (GPtrArray) old_states = NULL;
  g_autoptr (GHashTable) old_by_signal = NULL;

  g_return_if_fail (self != NULL);

  old_states = g_steal_pointer (&self->states);
  old_by_signal = g_steal_pointer (&self->by_signal);
  install_rules (self, rules, old_states);
}

/**
 * twin_alarm_monitor_set_raised:
 * @self: a monitor
 * @rule_id: a stored rule's id
 * @raised: whether it is raised now
 *
 * Marks a rule raised or cleared without an event, as the log says it is, so
 * that reopening a project does not raise an alarm twice.
 */
void
twin_alarm_monitor_set_raised (TwinAlarmMonitor *self,
                               gint64            rule_id,
                               gboolean          raised)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < self->states->len; i++)
    {
      RuleState *state = g_ptr_array_index (self->states, i);

      if (state->rule->id == rule_id)
        state->raised = raised;
    }
}

/* The rate at @t_us over the rule's window, after adding the sample; FALSE until the window is covered. */
static gboolean
update_rate (RuleState *state,
             gint64     t_us,
             double     value,
             double    *rate)
{
  GArray *window = state->window;
  gint64  window_us = (gint64) (state->rule->window_s * G_USEC_PER_SEC);
  gint64  start_us = t_us - MAX (window_us, 1);
  Point   point = { t_us, value };
  Point  *before;
  Point  *after;
  double  reference;
  guint   drop = 0;

  g_array_append_val (window, point);
  /* Keep one sample at or before the window's start: the reference. */
  while (drop + 1 < window->len && g_array_index (window, Point, drop + 1).t_us <= start_us)
    drop++;
  if (drop > 0)
    g_array_remove_range (window, 0, drop);
  before = &g_array_index (window, Point, 0);
  if (window->len < 2 || before->t_us > start_us)
    return FALSE;
  after = &g_array_index (window, Point, 1);
  if (after->t_us == before->t_us)
    reference = after->value;
  else
    reference = before->value + (after->value - before->value) * (double) (start_us - before->t_us) /
                                  (double) (after->t_us - before->t_us);
  *rate = (value - reference) / ((double) (t_us - start_us) / G_USEC_PER_SEC);
  return TRUE;
}

static TwinAlarmEvent *
make_event (RuleState         *state,
            TwinAlarmEventKind kind,
            gint64             t_us,
            double             value)
{
  const TwinAlarmRule *rule = state->rule;
  TwinAlarmEvent      *event = g_new0 (TwinAlarmEvent, 1);
  g_autofree char     *shown = twin_format_number (value);
  gboolean             above = !isnan (rule->high) && value > rule->high;
  g_autofree char     *limit = twin_format_number (above || isnan (rule->low) ? rule->high : rule->low);
  g_autofree char     *deadband = twin_format_number (rule->deadband);

  event->rule_id = rule->id;
  event->rule_name = g_strdup (rule->name);
  event->signal = g_strdup (rule->signal);
  event->kind = kind;
  event->t_us = t_us;
  event->value = value;
  if (kind == TWIN_ALARM_RAISED && rule->kind == TWIN_ALARM_THRESHOLD && above)
    /* TRANSLATORS: %s are the rule's name, the signal, its value and the limit. */
    event->message = g_strdup_printf (_ ("Alarm “%s” raised: “%s” is %s, above its upper limit %s."), rule->name,
                                      rule->signal, shown, limit);
  else if (kind == TWIN_ALARM_RAISED && rule->kind == TWIN_ALARM_THRESHOLD)
    /* TRANSLATORS: %s are the rule's name, the signal, its value and the limit. */
    event->message = g_strdup_printf (_ ("Alarm “%s” raised: “%s” is %s, below its lower limit %s."), rule->name,
                                      rule->signal, shown, limit);
  else if (kind == TWIN_ALARM_RAISED && above)
    /* TRANSLATORS: %s are the rule's name, the signal, its rate of change and the limit. */
    event->message = g_strdup_printf (_ ("Alarm “%s” raised: “%s” changes by %s per second, above its upper limit %s "
                                         "per second."),
                                      rule->name, rule->signal, shown, limit);
  else if (kind == TWIN_ALARM_RAISED)
    /* TRANSLATORS: %s are the rule's name, the signal, its rate of change and the limit. */
    event->message = g_strdup_printf (_ ("Alarm “%s” raised: “%s” changes by %s per second, below its lower limit %s "
                                         "per second."),
                                      rule->name, rule->signal, shown, limit);
  else if (rule->kind == TWIN_ALARM_THRESHOLD && rule->deadband == 0)
    /* TRANSLATORS: %s are the rule's name, the signal and its value. */
    event->message = g_strdup_printf (_ ("Alarm “%s” cleared: “%s” is back at %s, inside its limits."), rule->name,
                                      rule->signal, shown);
  else if (rule->kind == TWIN_ALARM_RATE && rule->deadband == 0)
    /* TRANSLATORS: %s are the rule's name, the signal and its rate of change. */
    event->message = g_strdup_printf (_ ("Alarm “%s” cleared: “%s” changes by %s per second, inside its limits."),
                                      rule->name, rule->signal, shown);
  else if (rule->kind == TWIN_ALARM_THRESHOLD)
    /* TRANSLATORS: %s are the rule's name, the signal, its value and the deadband. */
    event->message = g_strdup_printf (_ ("Alarm “%s” cleared: “%s” is back at %s, inside its limits by the deadband "
                                         "%s."),
                                      rule->name, rule->signal, shown, deadband);
  else
    /* TRANSLATORS: %s are the rule's name, the signal, its rate of change and the deadband. */
    event->message = g_strdup_printf (_ ("Alarm “%s” cleared: “%s” changes by %s per second, inside its limits by "
                                         "the deadband %s."),
                                      rule->name, rule->signal, shown, deadband);
  return event;
}

static void
evaluate (RuleState *state,
          gint64     t_us,
          double     value,
          GPtrArray *events)
{
  const TwinAlarmRule *rule = state->rule;
  double               x = value;

  if (state->has_last && t_us <= state->last_t_us)
    return;
  state->has_last = TRUE;
  state->last_t_us = t_us;
  if (rule->kind == TWIN_ALARM_RATE && !update_rate (state, t_us, value, &x))
    return;
  if (!state->raised)
    {
      if ((!isnan (rule->high) && x > rule->high) || (!isnan (rule->low) && x < rule->low))
        {
          state->raised = TRUE;
          g_ptr_array_add (events, make_event (state, TWIN_ALARM_RAISED, t_us, x));
        }
    }
  else if ((isnan (rule->high) || x <= rule->high - rule->deadband) &&
           (isnan (rule->low) || x >= rule->low + rule->deadband))
    {
      state->raised = FALSE;
      g_ptr_array_add (events, make_event (state, TWIN_ALARM_CLEARED, t_us, x));
    }
}

/**
 * twin_alarm_monitor_feed:
 * @self: a monitor
 * @signal: the signal the sample belongs to
 * @t_us: its time (UTC µs)
 * @value: its value (NaN is ignored)
 * @events: (element-type TwinAlarmEvent): where raise and clear events are appended
 *
 * Evaluates every enabled rule watching @signal with one sample. A sample not
 * newer than the last one a rule accepted is ignored.
 */
void
twin_alarm_monitor_feed (TwinAlarmMonitor *self,
                         const char       *signal,
                         gint64            t_us,
                         double            value,
                         GPtrArray        *events)
{
  GPtrArray *list;

  g_return_if_fail (self != NULL);
  g_return_if_fail (signal != NULL);
  g_return_if_fail (events != NULL);

  if (!isfinite (value))
    return;
  list = g_hash_table_lookup (self->by_signal, signal);
  for (guint i = 0; list != NULL && i < list->len; i++)
    evaluate (g_ptr_array_index (list, i), t_us, value, events);
}

/**
 * twin_alarm_monitor_watches:
 * @self: a monitor
 * @signal: a signal
 *
 * Returns: %TRUE when an enabled rule watches @signal
 */
gboolean
twin_alarm_monitor_watches (TwinAlarmMonitor *self,
                            const char       *signal)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return signal != NULL && g_hash_table_contains (self->by_signal, signal);
}

/**
 * twin_alarm_monitor_dup_raised:
 * @self: a monitor
 *
 * Returns: (transfer container) (element-type TwinAlarmRule): the rules raised
 *   now, owned by the monitor (valid until the rules change)
 */
GPtrArray *
twin_alarm_monitor_dup_raised (TwinAlarmMonitor *self)
{
  GPtrArray *raised;

  g_return_val_if_fail (self != NULL, NULL);

  raised = g_ptr_array_new ();
  for (guint i = 0; i < self->states->len; i++)
    {
      RuleState *state = g_ptr_array_index (self->states, i);

      if (state->raised)
        g_ptr_array_add (raised, state->rule);
    }
  return raised;
}
