/* twin-test-util.c: small helpers shared by the test programs (temporary files, shared data).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "twin-test-util.h"

#include <glib/gstdio.h>

/**
 * twin_test_tmp_path:
 * @basename: a file name
 *
 * Returns: a path for @basename in a folder of this test's own. Under
 *   %G_TEST_OPTION_ISOLATE_DIRS that folder lies in the test's isolated
 *   cache folder, which GLib removes after the test; a program that is not
 *   a GTest (a benchmark) gets a fresh folder under the system's tmp.
 */
char *
twin_test_tmp_path (const char *basename)
{
  static char     *fallback_dir = NULL;
  g_autofree char *dir = NULL;

  if (g_test_initialized ())
    {
      dir = g_build_filename (g_get_user_cache_dir (), "twin-test", NULL);
      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      return g_build_filename (dir, basename, NULL);
    }
  if (fallback_dir == NULL)
    {
      g_autoptr (GError) error = NULL;

      fallback_dir = g_dir_make_tmp ("twin-test-XXXXXX", &error);
      g_assert_no_error (error);
    }
  return g_build_filename (fallback_dir, basename, NULL);
}

/**
 * twin_test_shared_data_dir:
 *
 * Returns: the project's `../shared/data` folder of real outside files, or
 *   %NULL when this checkout has none (tests that need it then skip)
 */
const char *
twin_test_shared_data_dir (void)
{
  const char *dir = g_getenv ("TWIN_SHARED_DATA");

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    return NULL;
  return dir;
}

char *
twin_test_shared_data (const char *first_element,
                       ...)
{
  const char *dir = twin_test_shared_data_dir ();
  g_autoptr (GPtrArray) parts = g_ptr_array_new ();
  const char *element;
  va_list     args;

  if (dir == NULL)
    return NULL;

  g_ptr_array_add (parts, (gpointer) dir);
  va_start (args, first_element);
  for (element = first_element; element != NULL; element = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) element);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

void
twin_test_write_file (const char *path,
                      const void *data,
                      gsize       length)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, data, (gssize) length, &error);
  g_assert_no_error (error);
}
