/* app-test-util.h: what the GUI tests share: running the main loop, copying the example, screenshots.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Runs the main loop for @ms milliseconds so GTK can lay out and draw. */
void  twin_app_test_pump            (guint       ms);
/* Waits until @widget is on screen, then lets it draw. */
void  twin_app_test_wait_mapped     (GtkWidget  *widget);
/* A copy of the built example twin ($TWIN_EXAMPLE) in this test's folder. */
char *twin_app_test_copy_example    (const char *name) G_GNUC_WARN_UNUSED_RESULT;
/* Writes @widget as build/tests/app/screenshots/@name.png. */
void  twin_app_test_save_screenshot (GtkWidget  *widget,
                                     const char *name);

G_END_DECLS
