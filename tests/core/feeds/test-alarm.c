/* test-alarm.c: alarm rules (validation, names) and the monitor: thresholds, deadband, rates, NaN, disabled rules.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The monitor is pure: each case feeds samples and checks the exact events
 * (kind, time, value) it returns, so a rule that raised or cleared one sample
 * early or late fails.
 */

#include "config.h"

#include "feeds/twin-alarm.h"
#include "twin-test-util.h"

#include <math.h>
#include <string.h>

#define S(x) ((gint64) ((x) *G_USEC_PER_SEC))

static GPtrArray *
new_events (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) twin_alarm_event_free);
}

static GPtrArray *
one_rule (TwinAlarmRule *rule)
{
  GPtrArray *rules = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_alarm_rule_free);

  g_ptr_array_add (rules, rule);
  return rules;
}

static TwinAlarmRule *
threshold (const char *name,
           double      low,
           double      high,
           double      deadband)
{
  TwinAlarmRule *rule = twin_alarm_rule_new (name, "room/t", TWIN_ALARM_THRESHOLD);

  rule->low = low;
  rule->high = high;
  rule->deadband = deadband;
  return rule;
}

/* Feeds @values at t = 0, 1, 2… s and returns the events as "R@t" / "C@t" joined by spaces. */
static char *
feed_series (TwinAlarmMonitor *monitor,
             const double     *values,
             guint             n)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GPtrArray) events = new_events ();

      twin_alarm_monitor_feed (monitor, "room/t", S (i), values[i], events);
      for (guint j = 0; j < events->len; j++)
        {
          const TwinAlarmEvent *event = g_ptr_array_index (events, j);

          g_assert_cmpint (event->t_us, ==, S (i));
          g_string_append_printf (text, "%s%c@%u", text->len > 0 ? " " : "",
                                  event->kind == TWIN_ALARM_RAISED ? 'R' : 'C', i);
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_validate (void)
{
  g_autoptr (TwinAlarmRule) rule = threshold ("hot", NAN, 30, 0);
  g_autoptr (TwinAlarmRule) copy = NULL;
  g_autoptr (GError) error = NULL;
  TwinAlarmKind      kind;
  TwinAlarmEventKind event_kind;

  g_assert_true (twin_alarm_rule_validate (rule, &error));
  g_assert_no_error (error);

  rule->high = NAN;
  g_assert_false (twin_alarm_rule_validate (rule, &error));
  g_assert_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“hot”"));
  g_clear_error (&error);

  rule->low = 30;
  rule->high = 10;
  g_assert_false (twin_alarm_rule_validate (rule, &error));
  g_assert_error (error, TWIN_ALARM_ERROR, TWIN_ALARM_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "(30)"));
  g_clear_error (&error);

  rule->low = 10;
  rule->high = INFINITY;
  g_assert_false (twin_alarm_rule_validate (rule, &error));
  g_clear_error (&error);

  rule->high = 30;
  rule->deadband = -1;
  g_assert_false (twin_alarm_rule_validate (rule, &error));
  g_assert_nonnull (strstr (error->message, "deadband"));
  g_clear_error (&error);

  rule->deadband = 0.5;
  rule->window_s = 0;
  g_assert_false (twin_alarm_rule_validate (rule, &error));
  g_assert_nonnull (strstr (error->message, "window"));
  g_clear_error (&error);

  rule->window_s = 10;
  g_free (rule->signal);
  rule->signal = g_strdup ("");
  g_assert_false (twin_alarm_rule_validate (rule, &error));
  g_assert_nonnull (strstr (error->message, "signal"));
  g_clear_error (&error);

  g_free (rule->name);
  rule->name = g_strdup ("");
  g_assert_false (twin_alarm_rule_validate (rule, &error));
  g_clear_error (&error);

  /* A deep copy. */
  g_free (rule->name);
  rule->name = g_strdup ("hot");
  copy = twin_alarm_rule_copy (rule);
  g_assert_true (copy->name != rule->name);
  g_assert_cmpstr (copy->name, ==, "hot");
  g_assert_cmpfloat (copy->deadband, ==, 0.5);

  g_assert_true (twin_alarm_kind_from_string ("rate", &kind));
  g_assert_cmpint (kind, ==, TWIN_ALARM_RATE);
  g_assert_cmpstr (twin_alarm_kind_to_string (kind), ==, "rate");
  g_assert_false (twin_alarm_kind_from_string ("Rate", &kind));
  g_assert_true (twin_alarm_event_kind_from_string ("acknowledged", &event_kind));
  g_assert_cmpint (event_kind, ==, TWIN_ALARM_ACKNOWLEDGED);
  g_assert_cmpstr (twin_alarm_event_kind_to_string (TWIN_ALARM_CLEARED), ==, "cleared");
  g_assert_false (twin_alarm_event_kind_from_string ("", &event_kind));
}

/* Above the high limit raises, back at or below it clears (no deadband); the same below low. */
static void
test_threshold_both_sides (void)
{
  g_autoptr (GPtrArray) rules = one_rule (threshold ("band", 10, 30, 0));
  g_autoptr (TwinAlarmMonitor) monitor = twin_alarm_monitor_new (rules);
  const double     values[] = { 20, 30, 30.5, 31, 30, 25, 10, 9.9, 9, 10, 20 };
  g_autofree char *events = feed_series (monitor, values, G_N_ELEMENTS (values));
  g_autoptr (GPtrArray) single = new_events ();
  const TwinAlarmEvent *event;

  g_assert_cmpstr (events, ==, "R@2 C@4 R@7 C@9");
  g_assert_true (twin_alarm_monitor_watches (monitor, "room/t"));
  g_assert_false (twin_alarm_monitor_watches (monitor, "room/h"));

  /* The event names the rule, the signal, the value and the limit. */
  twin_alarm_monitor_feed (monitor, "room/t", S (20), 42.5, single);
  g_assert_cmpuint (single->len, ==, 1);
  event = g_ptr_array_index (single, 0);
  g_assert_cmpint (event->kind, ==, TWIN_ALARM_RAISED);
  g_assert_cmpstr (event->rule_name, ==, "band");
  g_assert_cmpstr (event->signal, ==, "room/t");
  g_assert_cmpfloat (event->value, ==, 42.5);
  g_assert_nonnull (strstr (event->message, "“band”"));
  g_assert_nonnull (strstr (event->message, "“room/t”"));
  g_assert_nonnull (strstr (event->message, "42.5"));
  g_assert_nonnull (strstr (event->message, "30"));
  {
    g_autoptr (GPtrArray) raised = twin_alarm_monitor_dup_raised (monitor);

    g_assert_cmpuint (raised->len, ==, 1);
    g_assert_cmpstr (((TwinAlarmRule *) g_ptr_array_index (raised, 0))->name, ==, "band");
  }
}

/* A deadband holds the alarm until the value is back inside by that much. */
static void
test_deadband (void)
{
  g_autoptr (GPtrArray) rules = one_rule (threshold ("hot", NAN, 30, 2));
  g_autoptr (TwinAlarmMonitor) monitor = twin_alarm_monitor_new (rules);
  const double     values[] = { 29, 31, 29, 28.5, 30.5, 28, 27, 31 };
  g_autofree char *events = feed_series (monitor, values, G_N_ELEMENTS (values));

  /* Raised at 31; 29, 28.5 and 30.5 (not back at 30 − 2 = 28) keep it; 28 clears; 31 raises again. */
  g_assert_cmpstr (events, ==, "R@1 C@5 R@7");
}

/* A rate rule: the change per second over the window, once the window is covered. */
static void
test_rate_window (void)
{
  TwinAlarmRule *rule = twin_alarm_rule_new ("rising", "room/t", TWIN_ALARM_RATE);
  g_autoptr (GPtrArray) rules = one_rule (rule);
  g_autoptr (TwinAlarmMonitor) monitor = NULL;
  g_autoptr (GPtrArray) events = new_events ();
  const TwinAlarmEvent *event;

  rule->high = 0.5; /* per second */
  rule->low = -0.5;
  rule->window_s = 4;
  monitor = twin_alarm_monitor_new (rules);

  /* 0..3 s: a steep jump, but the window is not covered yet: nothing. */
  twin_alarm_monitor_feed (monitor, "room/t", S (0), 20, events);
  twin_alarm_monitor_feed (monitor, "room/t", S (1), 20, events);
  twin_alarm_monitor_feed (monitor, "room/t", S (3), 30, events);
  g_assert_cmpuint (events->len, ==, 0);
  /* At 4 s: (30 − 20) / 4 = 2.5 per second > 0.5. */
  twin_alarm_monitor_feed (monitor, "room/t", S (4), 30, events);
  g_assert_cmpuint (events->len, ==, 1);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpint (event->kind, ==, TWIN_ALARM_RAISED);
  g_assert_cmpfloat_with_epsilon (event->value, 2.5, 1e-12);
  g_assert_nonnull (strstr (event->message, "per second"));
  /* At 6 s the reference is v(2) = 25 (interpolated between 20 @1 and 30 @3): (30 − 25) / 4 = 1.25: still raised. */
  twin_alarm_monitor_feed (monitor, "room/t", S (6), 30, events);
  g_assert_cmpuint (events->len, ==, 1);
  /* At 7.5 s the reference is 30 @3.5: (31 − 30) / 4 = 0.25: cleared. */
  twin_alarm_monitor_feed (monitor, "room/t", S (7.5), 31, events);
  g_assert_cmpuint (events->len, ==, 2);
  event = g_ptr_array_index (events, 1);
  g_assert_cmpint (event->kind, ==, TWIN_ALARM_CLEARED);
  g_assert_cmpfloat_with_epsilon (event->value, 0.25, 1e-12);
  /* A fall to 20 at 12 s: the reference v(8) lies between 31 @7.5 and 20 @12: ≈ −2.44 per second < −0.5. */
  twin_alarm_monitor_feed (monitor, "room/t", S (12), 20, events);
  g_assert_cmpuint (events->len, ==, 3);
  event = g_ptr_array_index (events, 2);
  g_assert_cmpint (event->kind, ==, TWIN_ALARM_RAISED);
  g_assert_cmpfloat_with_epsilon (event->value, (20 - (31 - 11.0 * 0.5 / 4.5)) / 4, 1e-12);
  g_assert_nonnull (strstr (event->message, "below"));
}

/* NaN and infinities are ignored; so are samples older than (or as old as) the last one. */
static void
test_nan_and_old_samples (void)
{
  g_autoptr (GPtrArray) rules = one_rule (threshold ("hot", NAN, 30, 0));
  g_autoptr (TwinAlarmMonitor) monitor = twin_alarm_monitor_new (rules);
  g_autoptr (GPtrArray) events = new_events ();

  twin_alarm_monitor_feed (monitor, "room/t", S (1), NAN, events);
  twin_alarm_monitor_feed (monitor, "room/t", S (2), INFINITY, events);
  g_assert_cmpuint (events->len, ==, 0);
  twin_alarm_monitor_feed (monitor, "room/t", S (10), 20, events);
  /* Older and same-time samples do not count, however high. */
  twin_alarm_monitor_feed (monitor, "room/t", S (5), 50, events);
  twin_alarm_monitor_feed (monitor, "room/t", S (10), 50, events);
  g_assert_cmpuint (events->len, ==, 0);
  twin_alarm_monitor_feed (monitor, "room/t", S (11), 50, events);
  g_assert_cmpuint (events->len, ==, 1);
  /* Another signal is not watched. */
  twin_alarm_monitor_feed (monitor, "room/h", S (12), 10, events);
  g_assert_cmpuint (events->len, ==, 1);
}

/* A disabled rule is kept but never evaluated. */
static void
test_disabled (void)
{
  TwinAlarmRule *rule = threshold ("hot", NAN, 30, 0);
  g_autoptr (GPtrArray) rules = one_rule (rule);
  g_autoptr (TwinAlarmMonitor) monitor = NULL;
  g_autoptr (GPtrArray) events = new_events ();

  rule->enabled = FALSE;
  monitor = twin_alarm_monitor_new (rules);
  g_assert_false (twin_alarm_monitor_watches (monitor, "room/t"));
  twin_alarm_monitor_feed (monitor, "room/t", S (1), 99, events);
  g_assert_cmpuint (events->len, ==, 0);

  /* Enabled again: it evaluates. */
  rule->enabled = TRUE;
  twin_alarm_monitor_set_rules (monitor, rules);
  twin_alarm_monitor_feed (monitor, "room/t", S (2), 99, events);
  g_assert_cmpuint (events->len, ==, 1);
}

/* set_rules keeps a kept rule's state (by id, or by name when not stored); set_raised marks from the log. */
static void
test_set_rules_keeps_state (void)
{
  TwinAlarmRule *hot = threshold ("hot", NAN, 30, 0);
  TwinAlarmRule *cold = threshold ("cold", 10, NAN, 0);
  g_autoptr (GPtrArray) rules = one_rule (hot);
  g_autoptr (TwinAlarmMonitor) monitor = NULL;
  g_autoptr (GPtrArray) events = new_events ();
  g_autoptr (GPtrArray) raised = NULL;

  hot->id = 7;
  cold->id = 8;
  g_ptr_array_add (rules, cold);
  monitor = twin_alarm_monitor_new (rules);
  twin_alarm_monitor_feed (monitor, "room/t", S (1), 40, events);
  g_assert_cmpuint (events->len, ==, 1);

  /* Renamed and with a new limit, but the same id: still raised, so 35 raises nothing; 25 clears it. */
  g_free (hot->name);
  hot->name = g_strdup ("too hot");
  hot->high = 33;
  twin_alarm_monitor_set_rules (monitor, rules);
  raised = twin_alarm_monitor_dup_raised (monitor);
  g_assert_cmpuint (raised->len, ==, 1);
  g_assert_cmpstr (((TwinAlarmRule *) g_ptr_array_index (raised, 0))->name, ==, "too hot");
  g_clear_pointer (&raised, g_ptr_array_unref);
  twin_alarm_monitor_feed (monitor, "room/t", S (2), 35, events);
  g_assert_cmpuint (events->len, ==, 1);
  /* The old sample time is kept too: an older sample is still ignored. */
  twin_alarm_monitor_feed (monitor, "room/t", S (0.5), 20, events);
  g_assert_cmpuint (events->len, ==, 1);
  twin_alarm_monitor_feed (monitor, "room/t", S (3), 25, events);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpstr (((TwinAlarmEvent *) g_ptr_array_index (events, 1))->rule_name, ==, "too hot");

  /* A rule whose id changed is a new rule. The log says "cold" is raised: no second raise at 5. */
  hot->id = 9;
  twin_alarm_monitor_set_rules (monitor, rules);
  twin_alarm_monitor_set_raised (monitor, 8, TRUE);
  twin_alarm_monitor_feed (monitor, "room/t", S (4), 5, events);
  g_assert_cmpuint (events->len, ==, 2);
  twin_alarm_monitor_feed (monitor, "room/t", S (5), 50, events);
  /* "cold" clears (50 ≥ 10) and the new "too hot" raises. */
  g_assert_cmpuint (events->len, ==, 4);
  g_assert_cmpint (((TwinAlarmEvent *) g_ptr_array_index (events, 2))->kind, ==, TWIN_ALARM_RAISED);
  g_assert_cmpint (((TwinAlarmEvent *) g_ptr_array_index (events, 2))->rule_id, ==, 9);
  g_assert_cmpint (((TwinAlarmEvent *) g_ptr_array_index (events, 3))->kind, ==, TWIN_ALARM_CLEARED);
  g_assert_cmpint (((TwinAlarmEvent *) g_ptr_array_index (events, 3))->rule_id, ==, 8);

  /* Removed rules are gone. */
  g_ptr_array_set_size (rules, 0);
  twin_alarm_monitor_set_rules (monitor, rules);
  raised = twin_alarm_monitor_dup_raised (monitor);
  g_assert_cmpuint (raised->len, ==, 0);
  g_assert_false (twin_alarm_monitor_watches (monitor, "room/t"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/core/feeds/alarm/validate", test_validate);
  g_test_add_func ("/core/feeds/alarm/threshold-both-sides", test_threshold_both_sides);
  g_test_add_func ("/core/feeds/alarm/deadband", test_deadband);
  g_test_add_func ("/core/feeds/alarm/rate-window", test_rate_window);
  g_test_add_func ("/core/feeds/alarm/nan-old-samples", test_nan_and_old_samples);
  g_test_add_func ("/core/feeds/alarm/disabled", test_disabled);
  g_test_add_func ("/core/feeds/alarm/set-rules-keeps-state", test_set_rules_keeps_state);
  return g_test_run ();
}
