/* twin-color-map.h: colour maps that turn a value in [0, 1] into a colour, and "nice" legend ticks.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * TwinColorMap:
 * @TWIN_COLOR_MAP_VIRIDIS: dark blue → green → yellow; perceptually uniform,
 *   luminance rises monotonically, readable by most colour-blind people (the default)
 * @TWIN_COLOR_MAP_PLASMA: blue → magenta → yellow; perceptually uniform
 * @TWIN_COLOR_MAP_INFERNO: black → red → pale yellow; perceptually uniform
 * @TWIN_COLOR_MAP_COOLWARM: blue → light grey → red; diverging, for values
 *   around a meaningful middle (Moreland's "cool to warm")
 * @TWIN_COLOR_MAP_TURBO: an improved rainbow: dark blue → cyan → green →
 *   yellow → red; shows small steps but its luminance is not monotone
 *
 * A colour map. The names in files are twin_color_map_to_string()'s.
 */
typedef enum
{
  TWIN_COLOR_MAP_VIRIDIS,
  TWIN_COLOR_MAP_PLASMA,
  TWIN_COLOR_MAP_INFERNO,
  TWIN_COLOR_MAP_COOLWARM,
  TWIN_COLOR_MAP_TURBO,
} TwinColorMap;

/* How many maps there are: every value below this is a valid TwinColorMap. */
#define TWIN_COLOR_MAP_N_MAPS  5
#define TWIN_COLOR_MAP_DEFAULT TWIN_COLOR_MAP_VIRIDIS

const char *twin_color_map_to_string      (TwinColorMap  map);
gboolean    twin_color_map_from_string    (const char   *text,
                                           TwinColorMap *map);
const char *twin_color_map_get_label      (TwinColorMap  map);

void        twin_color_map_evaluate       (TwinColorMap  map,
                                           double        t,
                                           float         rgb[3]);
void        twin_color_map_evaluate_srgb  (TwinColorMap  map,
                                           double        t,
                                           float         rgb[3]);
double      twin_color_map_normalize      (double        value,
                                           double        minimum,
                                           double        maximum);

float       twin_color_srgb_to_linear     (float         c);
float       twin_color_linear_to_srgb     (float         c);

GArray     *twin_color_map_compute_ticks  (double        minimum,
                                           double        maximum,
                                           guint         max_ticks,
                                           double       *step) G_GNUC_WARN_UNUSED_RESULT;
char       *twin_color_map_format_tick    (double        value,
                                           double        step) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
