/* twin-cli-bind.c: `twinctl bind`, which ties a signal's history to the entity property it measures.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   twinctl bind FILE SIGNAL ENTITY-PATH.PROPERTY [--unit UNIT]
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
 */

#define G_LOG_DOMAIN "twinctl"

#include "config.h"

#include "twin-cli.h"

#include "history/twin-historian.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* A property name: letters, digits and '_' (any script), not starting with a digit. */
static gboolean
is_valid_property (const char *name)
{
  return twin_entity_is_valid_port_name (name);
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
  g_autofree char   *unit = NULL;
  g_autofree char   *entity_path = NULL;
  g_autofree char   *canonical_path = NULL;
  g_autofree char   *display = NULL;
  const char        *path;
  const char        *signal;
  const char        *target = NULL;
  const char        *property;
  const char        *dot;
  gboolean           clear = FALSE;
  TwinEntity        *entity;
  gint64             id;
  const GOptionEntry entries[] = {
    { "unit", 'u', 0, G_OPTION_ARG_STRING, &unit, N_ ("The signal’s unit, when it is new (such as °C)"), N_ ("UNIT") },
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear, N_ ("Remove the signal’s binding (its history stays)"), NULL },
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

  if (clear)
    {
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
  model = twin_model_new (g_steal_pointer (&root));
  entity = twin_model_lookup_path (model, entity_path);
  if (entity == NULL)
    {
      g_set_error (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED, _ ("“%s” has no entity “%s”"), display, entity_path);
      return FALSE;
    }
  canonical_path = twin_entity_dup_path (entity);

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
  g_print (_ ("Bound “%s” to %s.%s\n"), signal, canonical_path, property);
  return TRUE;
}
