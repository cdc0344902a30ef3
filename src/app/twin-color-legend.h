/* twin-color-legend.h: the legend of the 3D view's colour by value: the map as a bar, its range and ticks.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mesh/twin-color-map.h"

G_BEGIN_DECLS

#define TWIN_TYPE_COLOR_LEGEND (twin_color_legend_get_type ())

G_DECLARE_FINAL_TYPE (TwinColorLegend, twin_color_legend, TWIN, COLOR_LEGEND, GtkWidget)

GtkWidget  *twin_color_legend_new       (void) G_GNUC_WARN_UNUSED_RESULT;
void        twin_color_legend_set       (TwinColorLegend *self,
                                         const char      *title,
                                         TwinColorMap     map,
                                         double           minimum,
                                         double           maximum);
const char *twin_color_legend_get_title (TwinColorLegend *self);
char       *twin_color_legend_dup_range_text (TwinColorLegend *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
