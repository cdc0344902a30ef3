/* twin-cli-alarm.c: `twinctl alarm add|list|remove|log`, which manages a project's alarm rules and reads its alarm log.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   twinctl alarm add FILE NAME SIGNAL [--above X] [--below Y] [--rate] [--window S]
 *                     [--deadband D] [--disabled]
 *   twinctl alarm list FILE [--json]
 *   twinctl alarm remove FILE NAME
 *   twinctl alarm log FILE [--since T] [--json]
 *
 * Rules are evaluated by whatever records the project's feeds (`twinctl
 * record`, the app's live session), which log raises and clears. Numbers are
 * read and written with a dot whatever the locale. docs/feeds.md ("Alarms")
 * has the details.
 */

#define G_LOG_DOMAIN "twinctl"

#include "config.h"

#include "twin-cli.h"

#include "feeds/twin-alarm-store.h"
#include "history/twin-historian.h"
#include "history/twin-time-parse.h"
#include "sim/twin-sim-scenario.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include <string.h>

/* A number option with a dot; NAN when absent. */
static gboolean
parse_number_option (const char *text,
                     const char *option,
                     double     *value,
                     GError    **error)
{
  char *end = NULL;

  *value = NAN;
  if (text == NULL)
    return TRUE;
  *value = g_ascii_strtod (text, &end);
  if (text[0] == '\0' || end == NULL || *end != '\0' || !isfinite (*value))
    {
      /* TRANSLATORS: %s are an option (--above) and the text given to it. */
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, _ ("%s needs a number written with a dot, not “%s”."),
                   option, text);
      return FALSE;
    }
  return TRUE;
}

static void
warn_unknown_signal (const char *path,
                     const char *signal)
{
  g_autoptr (TwinHistorian) historian = twin_historian_open (path, TRUE, NULL);
  g_autoptr (TwinSignalInfo) info = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *message = NULL;

  if (historian == NULL)
    return;
  info = twin_historian_lookup_signal (historian, signal, &local_error);
  /* Missing is NULL with no error (or NOT_FOUND); any other error is not this command's business. */
  if (info != NULL ||
      (local_error != NULL && !g_error_matches (local_error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_NOT_FOUND)))
    return;
  /* TRANSLATORS: %s is a signal's name. */
  message = g_strdup_printf (_ ("The project has no signal “%s” yet; the rule applies once it is recorded."), signal);
  twin_cli_print_warning (message);
}

static gboolean
alarm_add (char  ***args,
           GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinAlarmStore) store = NULL;
  g_autoptr (TwinAlarmRule) rule = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char   *above = NULL;
  g_autofree char   *below = NULL;
  g_autofree char   *window = NULL;
  g_autofree char   *deadband = NULL;
  g_autofree char   *display = NULL;
  g_autofree char   *description = NULL;
  gboolean           rate = FALSE;
  gboolean           disabled = FALSE;
  double             window_s = 60.0;
  const char        *names[] = { "FILE", "NAME", "SIGNAL" };
  const GOptionEntry entries[] = {
    { "above", 0, 0, G_OPTION_ARG_STRING, &above, N_ ("Raise when the value (or rate) is above X"), N_ ("X") },
    { "below", 0, 0, G_OPTION_ARG_STRING, &below, N_ ("Raise when the value (or rate) is below Y"), N_ ("Y") },
    { "rate", 0, 0, G_OPTION_ARG_NONE, &rate, N_ ("Compare the change per second instead of the value"), NULL },
    { "window", 0, 0, G_OPTION_ARG_STRING, &window,
      N_ ("With --rate: the change is measured over this long (default 60 s; 90s, 5min)"), N_ ("DURATION") },
    { "deadband", 0, 0, G_OPTION_ARG_STRING, &deadband,
      N_ ("Clear only once back inside the limits by D (default 0)"), N_ ("D") },
    { "disabled", 0, 0, G_OPTION_ARG_NONE, &disabled, N_ ("Store the rule without evaluating it"), NULL },
    { NULL },
  };

  context = twin_cli_context_new (_ ("FILE NAME SIGNAL"),
                                  _ ("Add the alarm rule NAME to the project file FILE: it watches the history "
                                     "signal SIGNAL (a topic, sim/… or an imported column) and is raised while the "
                                     "value — or with --rate its change per second — is above --above or below "
                                     "--below, in the signal’s unit. Recording (twinctl record, the app) logs "
                                     "raises and clears."),
                                  entries);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;
  rule = twin_alarm_rule_new ((*args)[2], (*args)[3], rate ? TWIN_ALARM_RATE : TWIN_ALARM_THRESHOLD);
  if (!parse_number_option (above, "--above", &rule->high, error) ||
      !parse_number_option (below, "--below", &rule->low, error) ||
      !parse_number_option (deadband, "--deadband", &rule->deadband, error))
    return FALSE;
  if (deadband == NULL)
    rule->deadband = 0.0;
  if (isnan (rule->high) && isnan (rule->low))
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                           _ ("alarm add needs --above, --below or both; see twinctl alarm add --help"));
      return FALSE;
    }
  if (window != NULL)
    {
      if (!rate)
        {
          g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                               _ ("--window applies to rate rules only: add --rate."));
          return FALSE;
        }
      if (!twin_sim_parse_duration (window, &window_s, &local_error))
        {
          g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, "--window: %s", local_error->message);
          return FALSE;
        }
    }
  rule->window_s = window_s;
  rule->enabled = !disabled;
  if (!twin_alarm_rule_validate (rule, &local_error))
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, local_error->message);
      return FALSE;
    }

  store = twin_alarm_store_open ((*args)[1], FALSE, error);
  if (store == NULL || !twin_alarm_store_save_rule (store, rule, error))
    return FALSE;
  warn_unknown_signal ((*args)[1], rule->signal);
  display = twin_cli_display_name ((*args)[1]);
  /* TRANSLATORS: %s are the rule's name and the project file. */
  g_print (_ ("Added the alarm rule “%s” to “%s”.\n"), rule->name, display);
  return TRUE;
}

/* "above 30, below 10 (deadband 0.5)"-style description of a rule's condition. */
static char *
describe_condition (const TwinAlarmRule *rule)
{
  g_autoptr (GString) text = g_string_new (NULL);
  const char *per = rule->kind == TWIN_ALARM_RATE ? _ (" per second") : "";

  if (!isnan (rule->high))
    {
      g_autofree char *high = twin_format_number (rule->high);

      /* TRANSLATORS: the upper limit of an alarm rule, then " per second" for rate rules. */
      g_string_append_printf (text, _ ("above %s%s"), high, per);
    }
  if (!isnan (rule->low))
    {
      g_autofree char *low = twin_format_number (rule->low);

      if (text->len > 0)
        g_string_append (text, _ (" or "));
      /* TRANSLATORS: the lower limit of an alarm rule, then " per second" for rate rules. */
      g_string_append_printf (text, _ ("below %s%s"), low, per);
    }
  if (rule->kind == TWIN_ALARM_RATE)
    {
      g_autofree char *window = twin_format_number (rule->window_s);

      /* TRANSLATORS: the window over which a rate is measured, in seconds. */
      g_string_append_printf (text, _ (" over %s s"), window);
    }
  if (rule->deadband > 0)
    {
      g_autofree char *deadband = twin_format_number (rule->deadband);

      g_string_append_printf (text, _ (", deadband %s"), deadband);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
array_has_id (GArray *ids,
              gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static void
add_number_or_null (JsonBuilder *builder,
                    const char  *member,
                    double       value)
{
  json_builder_set_member_name (builder, member);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

static gboolean
write_json (JsonNode *root,
            GError  **error)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree char *out = NULL;
  g_autofree char *line = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  out = json_generator_to_data (generator, NULL);
  line = g_strconcat (out, "\n", NULL);
  return twin_cli_write_stdout (line, -1, error);
}

static gboolean
alarm_list (char  ***args,
            GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinAlarmStore) store = NULL;
  g_autoptr (GPtrArray) rules = NULL;
  g_autoptr (GArray) raised = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  gboolean           as_json = FALSE;
  const char        *names[] = { "FILE" };
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_ ("Print the rules as JSON"), NULL },
    { NULL },
  };

  context = twin_cli_context_new (_ ("FILE"),
                                  _ ("List the alarm rules of the project file FILE with their limits and whether "
                                     "each is raised now (by the alarm log). The file is opened read-only."),
                                  entries);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;

  store = twin_alarm_store_open ((*args)[1], TRUE, error);
  if (store == NULL)
    return FALSE;
  rules = twin_alarm_store_list_rules (store, error);
  if (rules == NULL)
    return FALSE;
  raised = twin_alarm_store_list_raised (store, error);
  if (raised == NULL)
    return FALSE;

  if (as_json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < rules->len; i++)
        {
          const TwinAlarmRule *rule = g_ptr_array_index (rules, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, rule->name);
          json_builder_set_member_name (builder, "signal");
          json_builder_add_string_value (builder, rule->signal);
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, twin_alarm_kind_to_string (rule->kind));
          add_number_or_null (builder, "low", rule->low);
          add_number_or_null (builder, "high", rule->high);
          add_number_or_null (builder, "deadband", rule->deadband);
          add_number_or_null (builder, "window_s", rule->window_s);
          json_builder_set_member_name (builder, "enabled");
          json_builder_add_boolean_value (builder, rule->enabled);
          json_builder_set_member_name (builder, "raised");
          json_builder_add_boolean_value (builder, array_has_id (raised, rule->id));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      return write_json (root, error);
    }

  for (guint i = 0; i < rules->len; i++)
    {
      const TwinAlarmRule *rule = g_ptr_array_index (rules, i);
      g_autofree char     *condition = describe_condition (rule);

      /* TRANSLATORS: a rule's name, its signal and its condition ("above 30, deadband 1"). */
      g_string_append_printf (text, _ ("%s: “%s” %s"), rule->name, rule->signal, condition);
      if (!rule->enabled)
        g_string_append (text, _ (" (disabled)"));
      else if (array_has_id (raised, rule->id))
        g_string_append (text, _ (" — RAISED"));
      g_string_append_c (text, '\n');
    }
  if (rules->len == 0)
    g_string_append (text, _ ("No alarm rules.\n"));
  return twin_cli_write_stdout (text->str, (gssize) text->len, error);
}

static gboolean
alarm_remove (char  ***args,
              GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinAlarmStore) store = NULL;
  g_autofree char *display = NULL;
  const char      *names[] = { "FILE", "NAME" };

  context = twin_cli_context_new (_ ("FILE NAME"),
                                  _ ("Remove the alarm rule NAME from the project file FILE. Its events stay in "
                                     "the alarm log."),
                                  NULL);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;

  store = twin_alarm_store_open ((*args)[1], FALSE, error);
  if (store == NULL || !twin_alarm_store_delete_rule (store, (*args)[2], error))
    return FALSE;
  display = twin_cli_display_name ((*args)[1]);
  g_print (_ ("Removed the alarm rule “%s” from “%s”.\n"), (*args)[2], display);
  return TRUE;
}

static gboolean
alarm_log (char  ***args,
           GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinAlarmStore) store = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GError) local_error = NULL;
  g_autofree char   *since = NULL;
  gint64             since_us = G_MININT64;
  gboolean           as_json = FALSE;
  const char        *names[] = { "FILE" };
  const GOptionEntry entries[] = {
    { "since", 0, 0, G_OPTION_ARG_STRING, &since,
      N_ ("Only events from time T on: ISO 8601 (UTC unless it has an offset) or seconds since 1970"), N_ ("T") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_ ("Print the events as JSON"), NULL },
    { NULL },
  };

  context = twin_cli_context_new (_ ("FILE"),
                                  _ ("Print the alarm log of the project file FILE, oldest first: every raise, "
                                     "clear and acknowledgement with its time (UTC). The file is opened read-only."),
                                  entries);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;
  if (since != NULL && !twin_time_parse (since, utc, &since_us, &local_error))
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, "--since: %s", local_error->message);
      return FALSE;
    }

  store = twin_alarm_store_open ((*args)[1], TRUE, error);
  if (store == NULL)
    return FALSE;
  events = twin_alarm_store_list_events (store, since_us, 0, error);
  if (events == NULL)
    return FALSE;

  if (as_json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < events->len; i++)
        {
          const TwinAlarmEvent *event = g_ptr_array_index (events, i);
          g_autofree char      *time = twin_time_format_iso8601 (event->t_us);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "time");
          json_builder_add_string_value (builder, time);
          json_builder_set_member_name (builder, "t_us");
          json_builder_add_int_value (builder, event->t_us);
          json_builder_set_member_name (builder, "rule");
          json_builder_add_string_value (builder, event->rule_name);
          json_builder_set_member_name (builder, "signal");
          json_builder_add_string_value (builder, event->signal);
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, twin_alarm_event_kind_to_string (event->kind));
          add_number_or_null (builder, "value", event->value);
          json_builder_set_member_name (builder, "message");
          json_builder_add_string_value (builder, event->message);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      return write_json (root, error);
    }

  for (guint i = 0; i < events->len; i++)
    {
      const TwinAlarmEvent *event = g_ptr_array_index (events, i);
      g_autofree char      *time = twin_time_format_iso8601 (event->t_us);

      g_string_append_printf (text, "%s  %s\n", time, event->message);
    }
  if (events->len == 0)
    g_string_append (text, _ ("No alarm events.\n"));
  return twin_cli_write_stdout (text->str, (gssize) text->len, error);
}

static const struct
{
  const char        *name;
  const char        *summary;
  TwinCliCommandFunc run;
} subcommands[] = {
  { "add", N_ ("Add an alarm rule: a signal and its limits"), alarm_add },
  { "list", N_ ("List the alarm rules and which are raised"), alarm_list },
  { "remove", N_ ("Remove an alarm rule (its log stays)"), alarm_remove },
  { "log", N_ ("Print the alarm log"), alarm_log },
};

static void
print_help (void)
{
  g_print ("%s\n\n", _ ("Usage: twinctl alarm COMMAND [OPTION…] FILE …"));
  g_print ("%s\n\n", _ ("Manage a project’s alarm rules and read its alarm log."));
  g_print ("%s\n", _ ("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    g_print ("  %-8s %s\n", subcommands[i].name, _ (subcommands[i].summary));
  g_print ("\n%s\n", _ ("Run “twinctl alarm COMMAND --help” for the options of a command."));
}

gboolean
twin_cli_alarm (char  ***args,
                GError **error)
{
  const char *name = (*args)[1];

  if (name == NULL)
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                           _ ("Missing alarm command: add, list, remove or log."));
      return FALSE;
    }
  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      print_help ();
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    {
      if (g_str_equal (subcommands[i].name, name))
        {
          g_auto (GStrv) sub_args = g_strdupv (*args + 1);

          g_free (sub_args[0]);
          sub_args[0] = g_strdup_printf ("%s %s", (*args)[0], name);
          return subcommands[i].run (&sub_args, error);
        }
    }
  g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
               _ ("Unknown alarm command “%s”: use add, list, remove or log."), name);
  return FALSE;
}
