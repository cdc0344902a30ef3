/* twin-project.c: an open twin, its model kept in step with its project file.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A project owns a TwinModel and the TwinStore of its file, and installs a
 * commit function on the model, so every edit, undo and redo is one
 * transaction in the file before anyone sees it; a step the file refuses is
 * rolled back in memory. A named project is therefore always saved.
 *
 * A new twin lives in a temporary file, untitled-XXXXXX.dtwin under
 * $XDG_CACHE_HOME/twin-studio, until "Save As" copies it to a name the user
 * chose; only such an untitled project can have unsaved changes. Closing
 * it deletes the temporary file. Not thread-safe.
 */

#define G_LOG_DOMAIN "twin-project"

#include "config.h"

#include "twin-project.h"

#include "mesh/twin-mesh-catalog.h"
#include "model/twin-color-by.h"
#include "model/twin-entity-type.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <string.h>

/* How many random names to try for an untitled file before giving up. */
#define UNTITLED_ATTEMPTS 100

struct _TwinProject
{
  GObject          parent_instance;

  /* Owned references */
  TwinModel       *model;
  TwinStore       *store;  /* NULL once closed */
  TwinMeshCatalog *meshes; /* follows @store through Save As */
  char            *path;

  /* State */
  guint            is_untitled : 1;
  guint            is_read_only : 1;
  guint            has_unsaved_changes : 1; /* last value notified */
};

G_DEFINE_FINAL_TYPE (TwinProject, twin_project, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_MODEL,
  PROP_STORE,
  PROP_PATH,
  PROP_DISPLAY_NAME,
  PROP_IS_UNTITLED,
  PROP_IS_READ_ONLY,
  PROP_HAS_UNSAVED_CHANGES,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static gboolean
project_commit (TwinModel        *model,
                const TwinChange *change,
                gpointer          user_data,
                GError          **error)
{
  TwinProject *self = user_data;

  g_assert (TWIN_IS_PROJECT (self));
  g_assert (self->store != NULL);

  return twin_store_write_change (self->store, model, change, error);
}

/* The commit function of a closed project's model: it keeps no edit, since
 * none could be saved. @user_data is the file's display name. */
static gboolean
closed_commit (TwinModel        *model,
               const TwinChange *change,
               gpointer          user_data,
               GError          **error)
{
  g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO,
               _ ("“%s” has been closed; the change cannot be saved"), (const char *) user_data);
  return FALSE;
}

static void
update_has_unsaved_changes (TwinProject *self)
{
  gboolean value = twin_project_get_has_unsaved_changes (self);

  if (value == self->has_unsaved_changes)
    return;
  self->has_unsaved_changes = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_UNSAVED_CHANGES]);
}

static void
history_is_clean_notified_cb (TwinProject *self,
                              GParamSpec  *pspec,
                              TwinHistory *history)
{
  update_has_unsaved_changes (self);
}

/* Takes over @model, @store and @meshes (all transfer full). */
static TwinProject *
project_new (TwinModel       *model,
             TwinStore       *store,
             TwinMeshCatalog *meshes,
             gboolean         is_untitled)
{
  TwinProject *self = g_object_new (TWIN_TYPE_PROJECT, NULL);

  self->model = model;
  self->meshes = meshes;
  self->store = store;
  self->path = g_strdup (twin_store_get_path (store));
  self->is_untitled = !!is_untitled;
  self->is_read_only = twin_store_is_read_only (store);

  twin_model_set_commit_func (model, project_commit, self, NULL);
  g_signal_connect_object (twin_model_get_history (model), "notify::is-clean",
                           G_CALLBACK (history_is_clean_notified_cb), self, G_CONNECT_SWAPPED);
  self->has_unsaved_changes = twin_project_get_has_unsaved_changes (self);
  return self;
}

static void
remove_untitled_file (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

static void
twin_project_dispose (GObject *object)
{
  TwinProject *self = (TwinProject *) object;

  twin_project_close (self);
  g_clear_object (&self->model);
  g_clear_object (&self->meshes);

  G_OBJECT_CLASS (twin_project_parent_class)->dispose (object);
}

static void
twin_project_finalize (GObject *object)
{
  TwinProject *self = (TwinProject *) object;

  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (twin_project_parent_class)->finalize (object);
}

static void
twin_project_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TwinProject *self = TWIN_PROJECT (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_DISPLAY_NAME:
      g_value_take_string (value, twin_project_dup_display_name (self));
      break;
    case PROP_IS_UNTITLED:
      g_value_set_boolean (value, self->is_untitled);
      break;
    case PROP_IS_READ_ONLY:
      g_value_set_boolean (value, self->is_read_only);
      break;
    case PROP_HAS_UNSAVED_CHANGES:
      g_value_set_boolean (value, twin_project_get_has_unsaved_changes (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_project_class_init (TwinProjectClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = twin_project_dispose;
  object_class->finalize = twin_project_finalize;
  object_class->get_property = twin_project_get_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, TWIN_TYPE_MODEL, flags);
  /* NULL once the project is closed. */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, TWIN_TYPE_STORE, flags);
  /* The file; for an untitled project, its temporary file. */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, flags);
  /* What a window title shows: the file name, or "Untitled Twin". */
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  properties[PROP_IS_UNTITLED] =
    g_param_spec_boolean ("is-untitled", NULL, NULL, FALSE, flags);
  properties[PROP_IS_READ_ONLY] =
    g_param_spec_boolean ("is-read-only", NULL, NULL, FALSE, flags);
  /* TRUE only for an untitled project edited since it was made. */
  properties[PROP_HAS_UNSAVED_CHANGES] =
    g_param_spec_boolean ("has-unsaved-changes", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
twin_project_init (TwinProject *self)
{
}

/**
 * twin_project_new_untitled:
 * @root: (nullable): the top entity of a detached tree to start from, or
 *   %NULL for an empty twin (one entity of type `system` named "System")
 * @error: return location for a %TWIN_STORE_ERROR
 *
 * Starts a new twin in a temporary file under the user's cache folder,
 * where every edit is kept until twin_project_save_as() gives it a name.
 *
 * Returns: (transfer full): the project, or %NULL with @error set
 */
TwinProject *
twin_project_new_untitled (TwinEntity *root,
                           GError    **error)
{
  g_autoptr (TwinEntity) owned_root = NULL;
  g_autoptr (TwinStore) store = NULL;
  g_autofree char *dir = NULL;
  TwinMeshCatalog *meshes;
  int              saved_errno;

  g_return_val_if_fail (root == NULL || TWIN_IS_ENTITY (root), NULL);
  g_return_val_if_fail (root == NULL || twin_entity_get_parent (root) == NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (root == NULL)
    root = owned_root = twin_entity_type_instantiate (twin_entity_type_lookup ("system"), _ ("System"));

  dir = g_build_filename (g_get_user_cache_dir (), "twin-studio", NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved_errno = errno;
      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO,
                   _ ("Could not make the folder “%s” for a new twin: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }

  for (guint attempt = 0; store == NULL; attempt++)
    {
      g_autoptr (GError) local_error = NULL;
      g_autofree char *basename = g_strdup_printf ("untitled-%06x.dtwin", g_random_int_range (0, 0x1000000));
      g_autofree char *path = g_build_filename (dir, basename, NULL);

      store = twin_store_create (path, root, &local_error);
      if (store == NULL &&
          (attempt + 1 >= UNTITLED_ATTEMPTS ||
           !g_error_matches (local_error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_EXISTS)))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  meshes = twin_mesh_catalog_new (store, error);
  if (meshes == NULL)
    return NULL;
  return project_new (twin_model_new (root), g_steal_pointer (&store), meshes, TRUE);
}

/**
 * twin_project_open:
 * @path: a .dtwin file
 * @read_only: %TRUE to look without taking the write lock; edits then fail
 *   with %TWIN_STORE_ERROR_READ_ONLY
 * @error: return location for a %TWIN_STORE_ERROR (see twin_store_open())
 *
 * Returns: (transfer full): the project, or %NULL with @error set
 */
TwinProject *
twin_project_open (const char *path,
                   gboolean    read_only,
                   GError    **error)
{
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinEntity) root = NULL;
  TwinMeshCatalog *meshes;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  store = twin_store_open (path, read_only ? TWIN_STORE_FLAGS_READ_ONLY : TWIN_STORE_FLAGS_NONE, error);
  if (store == NULL)
    return NULL;
  root = twin_store_load_root (store, error);
  if (root == NULL)
    return NULL;
  meshes = twin_mesh_catalog_new (store, error);
  if (meshes == NULL)
    return NULL;
  return project_new (twin_model_new (root), g_steal_pointer (&store), meshes, FALSE);
}

/**
 * twin_project_get_model:
 *
 * Returns: (transfer none): the twin; every edit of it is saved to the file
 */
TwinModel *
twin_project_get_model (TwinProject *self)
{
  g_return_val_if_fail (TWIN_IS_PROJECT (self), NULL);

  return self->model;
}

/**
 * twin_project_get_mesh_catalog:
 *
 * Returns: (transfer none): the meshes the project holds
 */
TwinMeshCatalog *
twin_project_get_mesh_catalog (TwinProject *self)
{
  g_return_val_if_fail (TWIN_IS_PROJECT (self), NULL);

  return self->meshes;
}

/**
 * twin_project_dup_color_by:
 * @error: a #TWIN_COLOR_BY_ERROR when the saved setting cannot be read
 *
 * Returns: (transfer full) (nullable): the colour-by-value setting saved in
 *   the project, or %NULL (without @error) when there is none
 */
TwinColorBy *
twin_project_dup_color_by (TwinProject *self,
                           GError     **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (TWIN_IS_PROJECT (self), NULL);

  if (self->store == NULL || (text = twin_store_dup_metadata (self->store, TWIN_COLOR_BY_METADATA_KEY)) == NULL ||
      *text == '\0')
    return NULL;
  return twin_color_by_new_from_string (text, error);
}

/**
 * twin_project_set_color_by:
 * @color_by: (nullable): the setting to keep, or %NULL for type colours
 * @error: a #TWIN_STORE_ERROR
 *
 * Saves how the 3D view and exports colour entities, right away and
 * outside the undo history (it is a view setting, not an edit of the twin).
 *
 * Returns: %TRUE when saved
 */
gboolean
twin_project_set_color_by (TwinProject *self,
                           TwinColorBy *color_by,
                           GError     **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (TWIN_IS_PROJECT (self), FALSE);

  if (self->store == NULL)
    {
      g_autofree char *name = twin_project_dup_display_name (self);

      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO, _ ("“%s” has been closed"), name);
      return FALSE;
    }
  if (color_by != NULL)
    text = twin_color_by_to_string (color_by);
  return twin_store_set_metadata (self->store, TWIN_COLOR_BY_METADATA_KEY, text, error);
}

/**
 * twin_project_get_store:
 *
 * Returns: (transfer none) (nullable): the file's store, %NULL once closed
 */
TwinStore *
twin_project_get_store (TwinProject *self)
{
  g_return_val_if_fail (TWIN_IS_PROJECT (self), NULL);

  return self->store;
}

/**
 * twin_project_get_path:
 *
 * Returns: the project file; for an untitled project its temporary file
 */
const char *
twin_project_get_path (TwinProject *self)
{
  g_return_val_if_fail (TWIN_IS_PROJECT (self), NULL);

  return self->path;
}

gboolean
twin_project_get_is_untitled (TwinProject *self)
{
  g_return_val_if_fail (TWIN_IS_PROJECT (self), FALSE);

  return self->is_untitled;
}

gboolean
twin_project_get_is_read_only (TwinProject *self)
{
  g_return_val_if_fail (TWIN_IS_PROJECT (self), FALSE);

  return self->is_read_only;
}

/**
 * twin_project_get_has_unsaved_changes:
 *
 * A named project saves each edit as it happens, so only an untitled one
 * edited since it was made (and not undone back to that point) has
 * changes that closing would lose.
 *
 * Returns: %TRUE when closing would lose edits
 */
gboolean
twin_project_get_has_unsaved_changes (TwinProject *self)
{
  g_return_val_if_fail (TWIN_IS_PROJECT (self), FALSE);

  return self->is_untitled && self->model != NULL &&
         !twin_history_get_is_clean (twin_model_get_history (self->model));
}

/**
 * twin_project_dup_display_name:
 *
 * Returns: (transfer full): the file name for a window title
 *   (`office` for office.dtwin), or "Untitled Twin"
 */
char *
twin_project_dup_display_name (TwinProject *self)
{
  g_return_val_if_fail (TWIN_IS_PROJECT (self), NULL);

  if (self->is_untitled)
    return g_strdup (_ ("Untitled Twin"));
  {
    char *name = g_filename_display_basename (self->path);

    /* "office.dtwin" is shown as "office", as GNOME apps show documents. */
    if (g_str_has_suffix (name, ".dtwin") && strlen (name) > strlen (".dtwin"))
      name[strlen (name) - strlen (".dtwin")] = '\0';
    return name;
  }
}

/**
 * twin_project_save_as:
 * @path: where the project goes; an existing file there is replaced
 * @error: return location for a %TWIN_STORE_ERROR (%TWIN_STORE_ERROR_LOCKED
 *   when another program has @path open for writing)
 *
 * Copies the project to @path and carries on there: later edits go to
 * @path, the project is no longer untitled or read-only, and an untitled
 * project's temporary file is deleted. On failure the project stays on its
 * old file.
 *
 * Returns: %TRUE on success
 */
gboolean
twin_project_save_as (TwinProject *self,
                      const char  *path,
                      GError     **error)
{
  g_autoptr (TwinStore) new_store = NULL;
  g_autofree char *old_path = NULL;
  g_autofree char *old_display_name = NULL;
  g_autofree char *new_display_name = NULL;
  gboolean         was_untitled;
  gboolean         was_read_only;
  gboolean         path_changed;

  g_return_val_if_fail (TWIN_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->store == NULL)
    {
      g_autofree char *name = twin_project_dup_display_name (self);

      g_set_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO, _ ("“%s” has been closed"), name);
      return FALSE;
    }

  /* Saving a writable named project onto itself: it is saved already. */
  if (!self->is_untitled && !self->is_read_only)
    {
      GStatBuf st_old;
      GStatBuf st_new;

      if (g_stat (self->path, &st_old) == 0 && g_stat (path, &st_new) == 0 &&
          st_old.st_dev == st_new.st_dev && st_old.st_ino == st_new.st_ino)
        return TRUE;
    }

  /* Onto its own file, a read-only project just starts writing there
   * (readers take no lock, so the new writer does not wait for this one). */
  if (!twin_store_backup_to (self->store, path, error))
    return FALSE;
  new_store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, error);
  if (new_store == NULL)
    return FALSE;

  old_display_name = twin_project_dup_display_name (self);
  old_path = g_steal_pointer (&self->path);
  was_untitled = self->is_untitled;
  was_read_only = self->is_read_only;

  twin_store_close (self->store);
  g_clear_object (&self->store);
  if (was_untitled)
    remove_untitled_file (old_path);

  self->store = g_steal_pointer (&new_store);
  twin_mesh_catalog_set_store (self->meshes, self->store);
  self->path = g_strdup (twin_store_get_path (self->store));
  self->is_untitled = FALSE;
  self->is_read_only = FALSE;
  twin_history_mark_clean (twin_model_get_history (self->model));

  new_display_name = twin_project_dup_display_name (self);
  path_changed = g_strcmp0 (old_path, self->path) != 0;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  if (path_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
  if (g_strcmp0 (old_display_name, new_display_name) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
  if (was_untitled)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_UNTITLED]);
  if (was_read_only)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_READ_ONLY]);
  update_has_unsaved_changes (self);
  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}

/**
 * twin_project_close:
 *
 * Closes the project file (and deletes an untitled project's temporary
 * file: ask the user first when twin_project_get_has_unsaved_changes()).
 * The model stays readable, but every later edit of it fails. Calling it
 * again does nothing; the last unref closes too.
 */
void
twin_project_close (TwinProject *self)
{
  g_return_if_fail (TWIN_IS_PROJECT (self));

  if (self->store == NULL)
    return;

  if (self->model != NULL)
    twin_model_set_commit_func (self->model, closed_commit, twin_project_dup_display_name (self), g_free);
  /* The undo history ends here, so meshes no entity shows can go. */
  if (!self->is_untitled && !self->is_read_only)
    {
      g_autoptr (GError) error = NULL;

      if (!twin_store_prune_meshes (self->store, &error))
        g_warning ("Could not remove unused meshes: %s", error->message);
    }
  twin_mesh_catalog_set_store (self->meshes, NULL);
  twin_store_close (self->store);
  g_clear_object (&self->store);
  if (self->is_untitled)
    remove_untitled_file (self->path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}
