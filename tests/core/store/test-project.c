/* test-project.c: tests of TwinProject: every edit saved as it happens, untitled twins, Save As.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * After each edit the file is read back by a second, read-only store, as
 * another program would see it, and compared with the model field by field.
 */

#include "config.h"

#include "store-test-util.h"
#include "twin-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

typedef struct
{
  guint store;
  guint path;
  guint display_name;
  guint is_untitled;
  guint is_read_only;
  guint has_unsaved_changes;
} NotifyCounts;

static void
project_notified_cb (GObject      *object,
                     GParamSpec   *pspec,
                     NotifyCounts *counts)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "store"))
    counts->store++;
  else if (g_str_equal (name, "path"))
    counts->path++;
  else if (g_str_equal (name, "display-name"))
    counts->display_name++;
  else if (g_str_equal (name, "is-untitled"))
    counts->is_untitled++;
  else if (g_str_equal (name, "is-read-only"))
    counts->is_read_only++;
  else if (g_str_equal (name, "has-unsaved-changes"))
    counts->has_unsaved_changes++;
  else
    g_error ("unexpected notify::%s", name);
}

static char *
dump_project (TwinProject *project)
{
  return store_test_dump (twin_model_get_root (twin_project_get_model (project)), TRUE);
}

/* The file, read by another reader, holds exactly the model. */
static void
assert_saved (TwinProject *project)
{
  g_autofree char *model = dump_project (project);
  g_autofree char *file = store_test_dump_file (twin_project_get_path (project), TRUE);

  g_assert_cmpstr (model, ==, file);
}

static TwinProject *
open_new_project (const char *basename,
                  char      **path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinEntity) root = store_test_build_tree (1);
  TwinProject *project;

  *path = store_test_path (basename);
  store_test_create_file (*path, root);
  project = twin_project_open (*path, FALSE, &error);
  g_assert_no_error (error);
  return project;
}

static TwinEntity *
find (TwinProject *project,
      const char  *path)
{
  TwinEntity *entity = twin_model_lookup_path (twin_project_get_model (project), path);

  g_assert_nonnull (entity);
  return entity;
}

#define OFFICE "Office “Nord” – 北"

/* One edit of each kind, each checked in the file right after. Returns how many. */
static guint
make_edits (TwinProject *project)
{
  g_autoptr (GError) error = NULL;
  TwinModel    *model = twin_project_get_model (project);
  TwinEntity   *office = find (project, OFFICE);
  TwinEntity   *floor1 = find (project, OFFICE "/Floor 1");
  TwinEntity   *floor2 = find (project, OFFICE "/Floor 2");
  TwinEntity   *created, *copy;
  TwinTransform transform;
  guint         n = 0;

  created = twin_model_create_entity (model, floor1, "room", "Room 200", 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (created);
  assert_saved (project), n++;

  g_assert_true (twin_model_rename (model, created, "Room 201 “Lab”", &error));
  g_assert_no_error (error);
  assert_saved (project), n++;

  g_assert_true (twin_model_move (model, created, floor2, -1, &error));
  g_assert_no_error (error);
  assert_saved (project), n++;

  g_assert_true (twin_model_move (model, find (project, OFFICE "/Floor 1/Room 102"), office, 0, &error));
  g_assert_no_error (error);
  assert_saved (project), n++;

  g_assert_true (twin_model_reorder (model, floor2, 0, &error));
  g_assert_no_error (error);
  assert_saved (project), n++;

  copy = twin_model_duplicate (model, floor1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);
  assert_saved (project), n++;

  g_assert_true (twin_model_set_parameter (model, created, "setpoint", g_variant_new_double (19.75), &error));
  g_assert_no_error (error);
  assert_saved (project), n++;

  g_assert_true (twin_model_set_parameter (model, office, "floors", g_variant_new_int64 (12), &error));
  g_assert_no_error (error);
  assert_saved (project), n++;

  g_assert_true (twin_model_set_parameter (model, office, "heated", g_variant_new_boolean (FALSE), &error));
  g_assert_no_error (error);
  assert_saved (project), n++;

  g_assert_true (twin_model_set_parameter (model, office, "owner", g_variant_new_string ("Ünïcode “new” owner"), &error));
  g_assert_no_error (error);
  assert_saved (project), n++;

  g_assert_true (twin_model_set_parameter_text (model, office, "peak_load", "2500 W", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (twin_parameter_get_number (twin_entity_get_parameter (office, "peak_load")), ==, 2.5);
  assert_saved (project), n++;

  twin_transform_init_identity (&transform);
  transform.position_m[0] = 0.1;
  transform.position_m[1] = 1e10;
  transform.rotation_deg[2] = -33.3;
  transform.scale[1] = 4;
  g_assert_true (twin_model_set_transform (model, copy, &transform, &error));
  g_assert_no_error (error);
  assert_saved (project), n++;

  g_assert_true (twin_model_delete (model, floor1, &error));
  g_assert_no_error (error);
  assert_saved (project), n++;

  return n;
}

static void
test_edits_saved (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr (TwinProject) project = open_new_project ("edits.dtwin", &path);
  g_autoptr (TwinProject) again = NULL;
  g_autofree char *display_name = twin_project_dup_display_name (project);
  g_autofree char *expected = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *checksum_after = NULL;
  TwinModel       *model = twin_project_get_model (project);

  g_assert_cmpstr (twin_project_get_path (project), ==, path);
  g_assert_cmpstr (display_name, ==, "edits");
  g_assert_false (twin_project_get_is_untitled (project));
  g_assert_false (twin_project_get_is_read_only (project));
  g_assert_nonnull (twin_project_get_store (project));

  make_edits (project);
  /* A named project saves every edit: nothing is ever unsaved. */
  g_assert_false (twin_project_get_has_unsaved_changes (project));

  /* A refused edit changes neither the model nor the file. */
  twin_project_close (project);
  g_assert_finalize_object (g_steal_pointer (&project));
  project = twin_project_open (path, FALSE, &error);
  g_assert_no_error (error);
  model = twin_project_get_model (project);
  expected = dump_project (project);
  g_assert_false (twin_model_set_parameter_text (model, find (project, OFFICE), "tiny", "3 m", &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  dump = dump_project (project);
  g_assert_cmpstr (dump, ==, expected);
  assert_saved (project);

  /* Closed and opened again: the same twin, ids and all. */
  twin_project_close (project);
  checksum = store_test_checksum (path);
  g_assert_false (store_test_has_side_files (path));
  again = twin_project_open (path, FALSE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&dump, g_free);
  dump = dump_project (again);
  g_assert_cmpstr (dump, ==, expected);
  twin_project_close (again);
  checksum_after = store_test_checksum (path);
  g_assert_cmpstr (checksum, ==, checksum_after);

  g_assert_finalize_object (g_steal_pointer (&again));
  g_assert_finalize_object (g_steal_pointer (&project));
}

static void
test_undo_redo_saved (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr (TwinProject) project = open_new_project ("undo.dtwin", &path);
  TwinModel *model = twin_project_get_model (project);
  g_autoptr (GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *reopened = NULL;
  guint            n_edits;

  g_ptr_array_add (states, dump_project (project));
  n_edits = make_edits (project);
  g_assert_cmpuint (twin_history_get_n_undo (twin_model_get_history (model)), ==, n_edits);

  /* Undo walks the file back through every earlier state... */
  for (guint i = 0; i < n_edits; i++)
    {
      g_assert_true (twin_model_undo (model, &error));
      g_assert_no_error (error);
      assert_saved (project);
    }
  {
    g_autofree char *dump = dump_project (project);

    g_assert_cmpstr (dump, ==, g_ptr_array_index (states, 0));
  }
  g_assert_false (twin_model_undo (model, &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_NOTHING_TO_UNDO);
  g_clear_error (&error);

  /* ...and redo forward again; the file ends where the edits left it. */
  for (guint i = 0; i < n_edits; i++)
    {
      g_assert_true (twin_model_redo (model, &error));
      g_assert_no_error (error);
      assert_saved (project);
    }
  g_ptr_array_add (states, dump_project (project));

  twin_project_close (project);
  reopened = store_test_dump_file (path, TRUE);
  g_assert_cmpstr (reopened, ==, g_ptr_array_index (states, 1));
  g_assert_finalize_object (g_steal_pointer (&project));
}

static void
test_read_only (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = store_test_path ("look.dtwin");
  g_autofree char *copy_path = store_test_path ("mine.dtwin");
  g_autoptr (TwinEntity) root = store_test_build_tree (0);
  g_autoptr (TwinProject) project = NULL;
  g_autoptr (TwinProject) writer = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *model_before = NULL;
  g_autofree char *model_after = NULL;
  NotifyCounts     counts = { 0 };
  TwinModel       *model;

  store_test_create_file (path, root);
  before = store_test_checksum (path);

  /* Open read-only beside a writer in this process. */
  writer = twin_project_open (path, FALSE, &error);
  g_assert_no_error (error);
  project = twin_project_open (path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (twin_project_get_is_read_only (project));
  model = twin_project_get_model (project);
  g_signal_connect (project, "notify", G_CALLBACK (project_notified_cb), &counts);

  model_before = dump_project (project);
  g_assert_false (twin_model_rename (model, find (project, OFFICE), "Renamed", &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  model_after = dump_project (project);
  g_assert_cmpstr (model_before, ==, model_after);
  g_assert_false (twin_project_get_has_unsaved_changes (project));
  twin_project_close (writer);
  after = store_test_checksum (path);
  g_assert_cmpstr (before, ==, after);

  /* Save As makes a writable copy; the original stays as it was. */
  g_assert_true (twin_project_save_as (project, copy_path, &error));
  g_assert_no_error (error);
  g_assert_false (twin_project_get_is_read_only (project));
  g_assert_cmpuint (counts.is_read_only, ==, 1);
  g_assert_cmpuint (counts.path, ==, 1);
  g_assert_true (twin_model_rename (model, find (project, OFFICE), "Renamed", &error));
  g_assert_no_error (error);
  assert_saved (project);
  g_clear_pointer (&after, g_free);
  after = store_test_checksum (path);
  g_assert_cmpstr (before, ==, after);

  twin_project_close (project);
  g_assert_true (g_file_test (copy_path, G_FILE_TEST_EXISTS));
  g_assert_finalize_object (g_steal_pointer (&project));
  g_assert_finalize_object (g_steal_pointer (&writer));
}

static void
test_untitled (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinProject) project = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *cache_dir = g_build_filename (g_get_user_cache_dir (), "twin-studio", NULL);
  g_autofree char *display_name = NULL;
  g_autofree char *model_after_close = NULL;
  g_autofree char *model_before_close = NULL;
  NotifyCounts     counts = { 0 };
  TwinModel       *model;
  TwinEntity      *root;

  project = twin_project_new_untitled (NULL, &error);
  g_assert_no_error (error);
  path = g_strdup (twin_project_get_path (project));
  dir = g_path_get_dirname (path);
  basename = g_path_get_basename (path);

  /* A real project file in the cache folder. */
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (dir, ==, cache_dir);
  g_assert_true (g_str_has_prefix (basename, "untitled-") && g_str_has_suffix (basename, ".dtwin"));
  g_assert_true (twin_project_get_is_untitled (project));
  display_name = twin_project_dup_display_name (project);
  g_assert_cmpstr (display_name, ==, "Untitled Twin");

  model = twin_project_get_model (project);
  root = twin_model_get_root (model);
  g_assert_cmpstr (twin_entity_get_type_name (root), ==, "system");
  g_assert_cmpstr (twin_entity_get_name (root), ==, "System");
  g_assert_false (twin_project_get_has_unsaved_changes (project));
  assert_saved (project);

  /* Edits are kept in the temporary file, and are unsaved work. */
  g_signal_connect (project, "notify", G_CALLBACK (project_notified_cb), &counts);
  g_assert_nonnull (twin_model_create_entity (model, root, "building", "House", -1, &error));
  g_assert_no_error (error);
  g_assert_true (twin_project_get_has_unsaved_changes (project));
  g_assert_cmpuint (counts.has_unsaved_changes, ==, 1);
  g_assert_true (twin_model_rename (model, root, "Estate", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.has_unsaved_changes, ==, 1); /* notified on change only */
  assert_saved (project);

  /* Undone back to the start: nothing to lose. */
  g_assert_true (twin_model_undo (model, &error));
  g_assert_true (twin_model_undo (model, &error));
  g_assert_no_error (error);
  g_assert_false (twin_project_get_has_unsaved_changes (project));
  g_assert_cmpuint (counts.has_unsaved_changes, ==, 2);
  g_assert_true (twin_model_redo (model, &error));
  g_assert_no_error (error);
  g_assert_true (twin_project_get_has_unsaved_changes (project));
  g_assert_cmpuint (counts.has_unsaved_changes, ==, 3);
  g_assert_cmpuint (counts.path + counts.display_name + counts.is_untitled + counts.store, ==, 0);

  /* Closing deletes the temporary file; the model stays readable but takes no edit. */
  model_before_close = dump_project (project);
  twin_project_close (project);
  g_assert_cmpuint (counts.store, ==, 1);
  g_assert_null (twin_project_get_store (project));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (store_test_has_side_files (path));
  g_assert_false (twin_model_rename (model, root, "Later", &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO);
  g_clear_error (&error);
  model_after_close = dump_project (project);
  g_assert_cmpstr (model_before_close, ==, model_after_close);
  twin_project_close (project);
  g_assert_cmpuint (counts.store, ==, 1);
  g_assert_false (twin_project_save_as (project, "/nowhere.dtwin", &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO);

  g_signal_handlers_disconnect_by_data (project, &counts);
  g_assert_finalize_object (g_steal_pointer (&project));
}

static void
test_untitled_from_tree (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinEntity) root = store_test_build_tree (2);
  g_autofree char *expected = store_test_dump (root, TRUE);
  g_autofree char *dump = NULL;
  g_autofree char *path = NULL;
  g_autoptr (TwinProject) project = twin_project_new_untitled (root, &error);
  g_autoptr (TwinProject) second = NULL;

  g_assert_no_error (error);
  dump = dump_project (project);
  g_assert_cmpstr (dump, ==, expected);
  assert_saved (project);
  path = g_strdup (twin_project_get_path (project));

  /* Two untitled twins get two files. */
  {
    g_autoptr (TwinEntity) other = store_test_build_tree (0);

    second = twin_project_new_untitled (other, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (twin_project_get_path (second), !=, path);
  }

  /* The last unref closes too, and removes the file. */
  g_assert_finalize_object (g_steal_pointer (&project));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_finalize_object (g_steal_pointer (&second));
}

static void
test_save_as (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinProject) project = twin_project_new_untitled (NULL, &error);
  g_autofree char *temp_path = g_strdup (twin_project_get_path (project));
  g_autofree char *dest = store_test_path ("saved.dtwin");
  g_autofree char *dest2 = store_test_path ("second.dtwin");
  g_autofree char *display_name = NULL;
  g_autofree char *at_first_save = NULL;
  g_autofree char *dump = NULL;
  g_autoptr (TwinStore) intruder = NULL;
  NotifyCounts counts = { 0 };
  TwinModel   *model = twin_project_get_model (project);
  TwinEntity  *root = twin_model_get_root (model);
  TwinEntity  *house;

  g_assert_no_error (error);
  house = twin_model_create_entity (model, root, "building", "House", -1, &error);
  g_assert_no_error (error);
  g_assert_true (twin_model_set_parameter_text (model, house, "floor_area", "250", &error));
  g_assert_no_error (error);
  g_assert_true (twin_project_get_has_unsaved_changes (project));

  g_signal_connect (project, "notify", G_CALLBACK (project_notified_cb), &counts);
  g_assert_true (twin_project_save_as (project, dest, &error));
  g_assert_no_error (error);

  /* The project carries on in the new file; the temporary one is gone. */
  g_assert_cmpstr (twin_project_get_path (project), ==, dest);
  g_assert_false (twin_project_get_is_untitled (project));
  g_assert_false (twin_project_get_has_unsaved_changes (project));
  display_name = twin_project_dup_display_name (project);
  g_assert_cmpstr (display_name, ==, "saved");
  g_assert_false (g_file_test (temp_path, G_FILE_TEST_EXISTS));
  g_assert_false (store_test_has_side_files (temp_path));
  g_assert_cmpuint (counts.path, ==, 1);
  g_assert_cmpuint (counts.display_name, ==, 1);
  g_assert_cmpuint (counts.is_untitled, ==, 1);
  g_assert_cmpuint (counts.has_unsaved_changes, ==, 1);
  g_assert_cmpuint (counts.store, ==, 1);
  g_assert_cmpuint (counts.is_read_only, ==, 0);
  assert_saved (project);
  at_first_save = dump_project (project);

  /* It holds the new file's write lock. */
  intruder = twin_store_open (dest, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_LOCKED);
  g_clear_error (&error);

  /* Later edits go to the new file, and a named project has nothing unsaved,
   * even when undone past the save. */
  g_assert_true (twin_model_rename (model, house, "Villa", &error));
  g_assert_no_error (error);
  assert_saved (project);
  g_assert_true (twin_model_undo (model, &error));
  g_assert_true (twin_model_undo (model, &error));
  g_assert_no_error (error);
  g_assert_false (twin_project_get_has_unsaved_changes (project));
  g_assert_cmpuint (counts.has_unsaved_changes, ==, 1);
  assert_saved (project);
  g_assert_true (twin_model_redo (model, &error));
  g_assert_true (twin_model_redo (model, &error));
  g_assert_no_error (error);

  /* Onto itself: already saved, nothing happens. */
  memset (&counts, 0, sizeof counts);
  g_assert_true (twin_project_save_as (project, dest, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.path + counts.store + counts.display_name, ==, 0);

  /* Named to named: the first file keeps the state it had then. */
  g_assert_true (twin_project_save_as (project, dest2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.path, ==, 1);
  g_assert_cmpuint (counts.is_untitled, ==, 0);
  g_assert_true (twin_model_delete (model, house, &error));
  g_assert_no_error (error);
  assert_saved (project);
  intruder = twin_store_open (dest, TWIN_STORE_FLAGS_NONE, &error); /* released */
  g_assert_no_error (error);
  g_clear_object (&intruder);
  dump = store_test_dump_file (dest, TRUE);
  g_assert_cmpstr (dump, !=, at_first_save); /* it got the rename */
  g_assert_nonnull (strstr (dump, "Villa"));
  g_assert_nonnull (strstr (dump, "250"));

  g_signal_handlers_disconnect_by_data (project, &counts);
  twin_project_close (project);
  g_assert_true (g_file_test (dest2, G_FILE_TEST_EXISTS)); /* a named file stays */
  g_assert_finalize_object (g_steal_pointer (&project));
}

static void
test_save_as_locked (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinProject) project = twin_project_new_untitled (NULL, &error);
  g_autofree char *temp_path = g_strdup (twin_project_get_path (project));
  g_autofree char *dest = store_test_path ("busy.dtwin");
  g_autoptr (TwinEntity) other = store_test_build_tree (0);
  g_autoptr (TwinStore) holder = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  NotifyCounts     counts = { 0 };
  TwinModel       *model = twin_project_get_model (project);

  g_assert_no_error (error);
  g_assert_nonnull (twin_model_create_entity (model, twin_model_get_root (model), "room", NULL, -1, &error));
  store_test_create_file (dest, other);
  holder = twin_store_open (dest, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  before = store_test_checksum (dest);

  g_signal_connect (project, "notify", G_CALLBACK (project_notified_cb), &counts);
  g_assert_false (twin_project_save_as (project, dest, &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_LOCKED);
  g_clear_error (&error);

  /* Nothing moved: same file, still untitled, still unsaved, still editable. */
  after = store_test_checksum (dest);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (twin_project_get_path (project), ==, temp_path);
  g_assert_true (twin_project_get_is_untitled (project));
  g_assert_true (twin_project_get_has_unsaved_changes (project));
  g_assert_true (g_file_test (temp_path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (counts.path + counts.store + counts.is_untitled + counts.has_unsaved_changes, ==, 0);
  g_assert_nonnull (twin_model_create_entity (model, twin_model_get_root (model), "room", NULL, -1, &error));
  g_assert_no_error (error);
  assert_saved (project);

  g_signal_handlers_disconnect_by_data (project, &counts);
  g_assert_finalize_object (g_steal_pointer (&project));
  g_assert_false (g_file_test (temp_path, G_FILE_TEST_EXISTS));
}

static void
test_fault_rolls_back (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr (TwinProject) project = open_new_project ("fault.dtwin", &path);
  TwinModel       *model = twin_project_get_model (project);
  TwinHistory     *history = twin_model_get_history (model);
  g_autofree char *model_before = dump_project (project);
  g_autofree char *file_before = store_test_dump_file (path, TRUE);
  g_autofree char *model_after = NULL;
  g_autofree char *file_after = NULL;

  twin_store_set_fail_after_writes (twin_project_get_store (project), 3);
  g_assert_null (twin_model_duplicate (model, find (project, OFFICE), &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_IO);
  g_clear_error (&error);

  model_after = dump_project (project);
  file_after = store_test_dump_file (path, TRUE);
  g_assert_cmpstr (model_after, ==, model_before);
  g_assert_cmpstr (file_after, ==, file_before);
  g_assert_false (twin_history_get_can_undo (history));

  /* The seam fired once; the next edit goes through. */
  g_assert_nonnull (twin_model_duplicate (model, find (project, OFFICE), &error));
  g_assert_no_error (error);
  assert_saved (project);
  g_assert_finalize_object (g_steal_pointer (&project));
}

static void
test_close_releases_lock (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr (TwinProject) project = open_new_project ("close.dtwin", &path);
  g_autoptr (TwinProject) second = NULL;

  second = twin_project_open (path, FALSE, &error);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_LOCKED);
  g_clear_error (&error);

  twin_project_close (project);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS)); /* a named file stays */
  g_assert_false (store_test_has_side_files (path));
  second = twin_project_open (path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&second));
  g_assert_finalize_object (g_steal_pointer (&project));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/project/edits-saved", test_edits_saved);
  g_test_add_func ("/core/project/undo-redo-saved", test_undo_redo_saved);
  g_test_add_func ("/core/project/read-only", test_read_only);
  g_test_add_func ("/core/project/untitled", test_untitled);
  g_test_add_func ("/core/project/untitled-from-tree", test_untitled_from_tree);
  g_test_add_func ("/core/project/save-as", test_save_as);
  g_test_add_func ("/core/project/save-as-locked", test_save_as_locked);
  g_test_add_func ("/core/project/fault-rolls-back", test_fault_rolls_back);
  g_test_add_func ("/core/project/close-releases-lock", test_close_releases_lock);

  return g_test_run ();
}
