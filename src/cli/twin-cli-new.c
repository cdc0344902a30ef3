/* twin-cli-new.c: `twinctl new`, which creates a project file, empty or from the JSON form.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store writes a new project atomically and never replaces an existing
 * file. --force replaces one: the new project is created under a hidden
 * temporary name beside FILE and renamed over it only when complete, so an
 * interrupted run (a full disk, a killed build) leaves the old FILE or the
 * new one, never half of either. A project that Twin Studio has open for
 * writing is not replaced even then.
 */

#define G_LOG_DOMAIN "twinctl"

#include "config.h"

#include "twin-cli.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

/* The files SQLite may keep beside a database. */
static const char *const sidecar_suffixes[] = { "-wal", "-shm", "-journal" };

static void
remove_sidecars (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (sidecar_suffixes); i++)
    {
      g_autofree char *sidecar = g_strconcat (path, sidecar_suffixes[i], NULL);

      g_unlink (sidecar);
    }
}

static gboolean
path_exists (const char *path)
{
  GStatBuf buf;

  /* lstat: a dangling symbolic link is a name that exists too. */
  return g_lstat (path, &buf) == 0;
}

static void
set_exists_error (GError    **error,
                  const char *path)
{
  g_autofree char *display = twin_cli_display_name (path);

  g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_EXISTS,
               _ ("“%s” already exists; choose another name or use --force to replace it."),
               display);
}

/* The root is named after the file: "Office Building.dtwin" holds the
 * system "Office Building". %NULL when the file name makes no valid entity
 * name; the type's label is used then. */
static char *
dup_root_name (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_filename_display_name (base);
  char            *dot = strrchr (name, '.');

  if (dot != NULL && dot != name)
    *dot = '\0';
  if (g_utf8_strlen (name, -1) > TWIN_ENTITY_NAME_MAX)
    *g_utf8_offset_to_pointer (name, TWIN_ENTITY_NAME_MAX) = '\0';
  g_strstrip (name);
  if (!twin_entity_is_valid_name (name, NULL))
    return NULL;
  return g_steal_pointer (&name);
}

static TwinEntity *
new_default_root (const char *path,
                  GError    **error)
{
  const TwinEntityType *type = twin_entity_type_lookup ("system");
  g_autofree char      *name = NULL;

  if (type == NULL)
    {
      g_set_error_literal (error, TWIN_CLI_ERROR, TWIN_CLI_ERROR_FAILED,
                           _ ("This build of Twin Studio has no entity type “system”."));
      return NULL;
    }
  name = dup_root_name (path);
  return twin_entity_type_instantiate (type, name);
}

/* Errors about the temporary file should name the file the user asked for,
 * whether the message gives the whole path or only the file's name. */
static void
rename_in_error (GError     *error,
                 const char *tmp_path,
                 const char *path)
{
  g_autofree char *tmp_base = g_path_get_basename (tmp_path);
  g_autofree char *base = g_path_get_basename (path);
  const char      *pairs[][2] = { { tmp_path, path }, { tmp_base, base } };
  GString         *message;

  if (error == NULL)
    return;
  message = g_string_new (error->message);
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autofree char *from = twin_cli_display_name (pairs[i][0]);
      g_autofree char *to = twin_cli_display_name (pairs[i][1]);

      g_string_replace (message, from, to, 0);
    }
  g_free (error->message);
  error->message = g_string_free (message, FALSE);
}

/* A project that Twin Studio has open for writing is not replaced, even
 * with --force: the app would go on writing into a file that is gone. */
static gboolean
check_not_locked (const char *path,
                  GError    **error)
{
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (GError) local_error = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return TRUE;
  store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &local_error);
  if (store != NULL)
    {
      twin_store_close (store);
      return TRUE;
    }
  if (g_error_matches (local_error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_LOCKED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static char *
reserve_tmp_path (const char *path,
                  GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *template_base = g_strdup_printf (".%s.XXXXXX", base);
  g_autofree char *tmp_path = g_build_filename (dir, template_base, NULL);
  int              fd;

  fd = g_mkstemp (tmp_path);
  if (fd < 0)
    {
      int              saved_errno = errno;
      g_autofree char *display = twin_cli_display_name (path);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _ ("Could not create “%s”: %s."), display, g_strerror (saved_errno));
      return NULL;
    }
  close (fd);
  /* The store creates the file itself and refuses an existing one. */
  g_unlink (tmp_path);
  return g_steal_pointer (&tmp_path);
}

/* Replaces @path by a new project holding @root. */
static gboolean
replace_project (const char *path,
                 TwinEntity *root,
                 GError    **error)
{
  g_autofree char *tmp_path = NULL;
  g_autoptr (TwinStore) store = NULL;

  if (!check_not_locked (path, error))
    return FALSE;
  tmp_path = reserve_tmp_path (path, error);
  if (tmp_path == NULL)
    return FALSE;

  store = twin_store_create (tmp_path, root, error);
  if (store == NULL)
    {
      rename_in_error (error != NULL ? *error : NULL, tmp_path, path);
      return FALSE;
    }
  twin_store_close (store);

  /* Sidecars of the old file would be replayed into the new one. */
  remove_sidecars (path);
  if (g_rename (tmp_path, path) != 0)
    {
      int              saved_errno = errno;
      g_autofree char *display = twin_cli_display_name (path);

      g_unlink (tmp_path);
      remove_sidecars (tmp_path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _ ("Could not replace “%s”: %s."), display, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

static gboolean
create_project (const char *path,
                TwinEntity *root,
                GError    **error)
{
  g_autoptr (TwinStore) store = twin_store_create (path, root, error);

  if (store == NULL)
    return FALSE;
  twin_store_close (store);
  return TRUE;
}

gboolean
twin_cli_new (char  ***args,
              GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (TwinEntity) root = NULL;
  g_autofree char   *json_path = NULL;
  gboolean           force = FALSE;
  const char        *path;
  const char        *names[] = { "FILE" };
  const GOptionEntry entries[] = {
    { "from-json", 'j', 0, G_OPTION_ARG_FILENAME, &json_path,
      N_ ("Build the twin from a model in the JSON form"), N_ ("MODEL.json") },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force,
      N_ ("Replace FILE if it exists"), NULL },
    { NULL },
  };

  context = twin_cli_context_new (_ ("FILE"),
                                  _ ("Create the project file FILE. Without --from-json it holds one "
                                     "system named after the file."),
                                  entries);
  if (!twin_cli_parse (context, args, G_N_ELEMENTS (names), names, error))
    return FALSE;
  path = (*args)[1];

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *display = twin_cli_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _ ("“%s” is a folder; a project is a file."), display);
      return FALSE;
    }
  if (!force && path_exists (path))
    {
      set_exists_error (error, path);
      return FALSE;
    }
  if (json_path != NULL)
    {
      g_autoptr (GFile) json_file = g_file_new_for_path (json_path);

      root = twin_model_json_from_file (json_file, error);
    }
  else
    root = new_default_root (path, error);
  if (root == NULL)
    return FALSE;

  if (force)
    return replace_project (path, root, error);
  return create_project (path, root, error);
}
