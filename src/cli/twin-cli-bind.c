/* twin-cli-bind.c: `twinctl bind`, which ties a signal's history to the entity property it measures.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   twinctl bind FILE SIGNAL ENTITY-PATH.PROPERTY [--unit UNIT] [--scale K] [--offset C]
 *   twinctl bind FILE SIGNAL --clear
 *
 * A signal is a named time series in the project's history (an imported
 * CSV column, later an MQTT topic). Binding it to an entity's property is
 * what lets the app chart "this room's temperature" from the tree, and
 * later colour the 3D view by live values. The signal keeps its samples:
 * a signal that does not exist yet is created empty (with --unit), so a
 * binding can come before the data. The entity path is the tree's path
 * ("Office Building/Ground Floor/Lobby/Temperature Sensor"), the property
 * follows the last dot, so names with dots ("Meeting Room 0.1") work.
 *
 * Topics: an MQTT topic is a signal named after it. When the project has a
 * feed whose subscription matches SIGNAL, or when --scale or --offset is
 * given, the binding is also a topic binding (TwinFeedStore): the recorder
 * then converts the topic's values on the way in, value · scale + offset,
 * from --unit (the payload's unit) to the property's. --unit must then be
 * convertible to the property's unit. --clear removes both.
 */

#define G_LOG_DOMAIN "twinctl"

#include "config.h"

#include "twin-cli.h"

#include "feeds/twin-feed-store.h"
#include "history/twin-historian.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* A property name: letters, digits and '_' (any script), not starting with a digit. */
static gboolean
is_valid_property (const char *name)
{
  return twin_entity_is_valid_port_name (name);
}

/* A finite number with a dot, whatever the locale. */
static gboolean
parse_number_option (const char *option,
                     const char *text,
                     double     *value,
                     GError    **error)
{
  char *end = NULL;

  if (text == NULL)
    return TRUE;
  *value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (*value))
    {
      /* TRANSLATORS: %s are an option ("--scale") and the text given for it. */
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, _ ("%s needs a finite number with a dot, not “%s”"),
                   option, text);
      return FALSE;
    }
  return TRUE;
}

/* Whether one of the project's feeds subscribes to @topic. */
static gboolean
has_matching_feed (TwinFeedStore *feeds,
                   const char    *topic,
                   GError       **error)
{
  g_autoptr (GPtrArray) configs = twin_feed_store_list_feeds (feeds, error);

  if (configs == NULL)
    return FALSE;
  for (guint i = 0; i < configs->len; i++)
    {
      const TwinFeedConfig *config = g_ptr_array_index (configs, i);

      for (guint j = 0; j < config->subscriptions->len; j++)
        {
          const TwinFeedSubscription *subscription = g_ptr_array_index (config->subscriptions, j);

          if (twin_feed_topic_matches (subscription->pattern, topic))
            return TRUE;
        }
    }
  return FALSE;
}

/* Removes a topic binding of @signal, if there is one. */
static gboolean
clear_topic_binding (TwinFeedStore *feeds,
                     const char    *signal,
                     GError       **error)
{
  g_autoptr (GError) local_error = NULL;

  if (twin_feed_store_unbind_topic (feeds, signal, &local_error))
    return TRUE;
  if (g_error_matches (local_error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
twin_cli_bind (char  ***args,
               GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinEntity) root = NULL;
  g_autoptr (TwinModel) model = NULL;
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (TwinSignalInfo) info = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (TwinFeedStore) feeds = NULL;
  g_autofree char   *unit = NULL;
  g_autofree char   *scale_text = NULL;
  g_autofree char   *offset_text = NULL;
  g_autofree char   *entity_path = NULL;
  g_autofree char   *canonical_path = NULL;
  g_autofree char   *display = NULL;
  const char        *path;
  const char        *signal;
  const char        *target = NULL;
  const char        *property;
  const char        *dot;
  gboolean           clear = FALSE;
  gboolean           topic_form;
  double             scale = 1.0;
  double             offset = 0.0;
  TwinEntity        *entity;
  gint64             id;
  const GOptionEntry entries[] = {
    { "unit", 'u', 0, G_OPTION_ARG_STRING, &unit, N_ ("The signal’s unit, when it is new (such as °C)"), N_ ("UNIT") },
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear, N_ ("Remove the signal’s binding (its history stays)"), NULL },
    { "scale", 0, 0, G_OPTION_ARG_STRING, &scale_text,
      N_ ("A topic’s values are multiplied by K on the way in (default 1)"), N_ ("K") },
    { "offset", 0, 0, G_OPTION_ARG_STRING, &offset_text,
      N_ ("Then C is added (default 0), before the unit conversion"), N_ ("C") },
    { NULL },
  };

  context = twin_cli_context_new (_ ("FILE SIGNAL [ENTITY-PATH.PROPERTY]"),
                                  _ ("Tie a signal’s history to the entity property it measures."), entries);
  if (!g_option_context_parse_strv (context, args, error))
    {
      g_prefix_error (error, "bind: ");
      return FALSE;
    }
  if (g_strv_length (*args) < 3 || g_strv_length (*args) > 4 || (clear != (g_strv_length (*args) == 3)))
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                   _ ("bind needs FILE, SIGNAL and ENTITY-PATH.PROPERTY (or --clear instead of the last); see twinctl bind --help"));
      return FALSE;
    }
  if (!parse_number_option ("--scale", scale_text, &scale, error) ||
      !parse_number_option ("--offset", offset_text, &offset, error))
    return FALSE;
  if (scale == 0.0)
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE, _ ("--scale must not be 0"));
      return FALSE;
    }
  path = (*args)[1];
  signal = (*args)[2];
  if (!clear)
    target = (*args)[3];
  display = twin_cli_display_name (path);

  /* Open for writing: migrates an older file and takes the write lock. */
  store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, error);
  if (store == NULL)
    return FALSE;
  historian = twin_historian_open (path, FALSE, error);
  if (historian == NULL)
    return FALSE;
  feeds = twin_feed_store_open (path, FALSE, error);
  if (feeds == NULL)
    return FALSE;

  if (clear)
    {
      if (!clear_topic_binding (feeds, signal, error))
        return FALSE;
      info = twin_historian_lookup_signal (historian, signal, &local_error);
      if (info == NULL)
        {
          if (local_error != NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED, _ ("“%s” has no signal named “%s”"), display, signal);
          return FALSE;
        }
      return twin_historian_set_signal_binding (historian, info->id, NULL, NULL, error);
    }

  dot = strrchr (target, '.');
  if (dot == NULL || dot == target || !is_valid_property (dot + 1))
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_USAGE,
                   _ ("“%s” is not ENTITY-PATH.PROPERTY, such as “Office Building/Lobby/Temperature Sensor.value”"), target);
      return FALSE;
    }
  entity_path = g_strndup (target, (gsize) (dot - target));
  property = dot + 1;

  root = twin_store_load_root (store, error);
  if (root == NULL)
    return FALSE;
  model = twin_model_new (root);
  entity = twin_model_lookup_path (model, entity_path);
  if (entity == NULL)
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED, _ ("“%s” has no entity “%s”"), display, entity_path);
      return FALSE;
    }
  canonical_path = twin_entity_dup_path (entity);

  topic_form = scale_text != NULL || offset_text != NULL || has_matching_feed (feeds, signal, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (topic_form && unit != NULL)
    {
      TwinParameter *parameter = twin_entity_get_parameter (entity, property);
      const char    *to = parameter != NULL ? twin_parameter_get_unit (parameter) : NULL;
      double         converted;

      if (to != NULL && *to != '\0' && !twin_unit_convert (1.0, unit, to, &converted, &local_error))
        {
          /* TRANSLATORS: %s are a topic, an entity path, a property and the reason the units do not fit. */
          g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED,
                       _ ("The values of “%s” cannot go to %s.%s: %s"), signal, canonical_path, property,
                       local_error->message);
          return FALSE;
        }
    }

  /* An existing signal keeps its unit; a new one takes --unit (or none). */
  info = twin_historian_lookup_signal (historian, signal, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (info != NULL && unit != NULL && g_strcmp0 (info->unit, unit) != 0)
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED,
                   _ ("Signal “%s” is in “%s”, not “%s”"), signal, info->unit != NULL ? info->unit : "", unit);
      return FALSE;
    }
  id = info != NULL ? info->id : twin_historian_ensure_signal (historian, signal, unit != NULL ? unit : "", error);
  if (id <= 0)
    return FALSE;
  if (!twin_historian_set_signal_binding (historian, id, canonical_path, property, error))
    return FALSE;
  if (topic_form)
    {
      TwinTopicBinding binding = { (char *) signal, canonical_path, (char *) property, unit, scale, offset };

      if (!twin_feed_store_bind_topic (feeds, &binding, error))
        return FALSE;
      /* TRANSLATORS: %s are a topic, an entity path and a property. */
      g_print (_ ("Bound the topic “%s” to %s.%s\n"), signal, canonical_path, property);
      return TRUE;
    }
  if (!clear_topic_binding (feeds, signal, error))
    return FALSE;
  g_print (_ ("Bound “%s” to %s.%s\n"), signal, canonical_path, property);
  return TRUE;
}
