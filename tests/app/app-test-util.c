/* app-test-util.c: what the GUI tests share: running the main loop, copying the example, screenshots.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "app-test-util.h"
#include "twin-test-util.h"

/* Runs the main loop for @ms milliseconds so GTK can lay out and draw. */
void
twin_app_test_pump (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

void
twin_app_test_wait_mapped (GtkWidget *widget)
{
  for (guint i = 0; i < 500 && !gtk_widget_get_mapped (widget); i++)
    twin_app_test_pump (10);
  g_assert_true (gtk_widget_get_mapped (widget));
  twin_app_test_pump (200);
}

char *
twin_app_test_copy_example (const char *name)
{
  const char      *example = g_getenv ("TWIN_EXAMPLE");
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  char *path = twin_test_tmp_path (name);
  gsize length;

  g_assert_nonnull (example);
  g_file_get_contents (example, &contents, &length, &error);
  g_assert_no_error (error);
  twin_test_write_file (path, contents, length);
  return path;
}

void
twin_app_test_save_screenshot (GtkWidget  *widget,
                               const char *name)
{
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "app", "screenshots", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  int              width = 0, height = 0;

  /* A widget paintable copies what the widget shows when it is made, and
   * nothing while the widget waits for its layout: retry until it has one. */
  for (guint attempt = 0; attempt < 40 && node == NULL; attempt++)
    {
      g_autoptr (GdkPaintable) paintable = NULL;
      g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();

      twin_app_test_pump (attempt == 0 ? 150 : 50);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      paintable = gtk_widget_paintable_new (widget);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}
