/* twin-application.h: the Twin Studio application: windows, app-wide actions and shortcuts.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TWIN_TYPE_APPLICATION (twin_application_get_type ())

G_DECLARE_FINAL_TYPE (TwinApplication, twin_application, TWIN, APPLICATION, GtkApplication)

TwinApplication *twin_application_new (void) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
