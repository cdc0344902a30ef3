/* twin-palette.h: the component library as a searchable list, grouped by domain, to drag onto a diagram.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "twin-core.h"

G_BEGIN_DECLS

#define TWIN_TYPE_PALETTE (twin_palette_get_type ())

G_DECLARE_FINAL_TYPE (TwinPalette, twin_palette, TWIN, PALETTE, GtkWidget)

GtkWidget *twin_palette_new             (void) G_GNUC_WARN_UNUSED_RESULT;
GtkWidget *twin_palette_get_search_entry (TwinPalette *self);
guint      twin_palette_get_n_visible   (TwinPalette *self);
gboolean   twin_palette_is_type_visible (TwinPalette *self,
                                         const char  *type_name);

G_END_DECLS
