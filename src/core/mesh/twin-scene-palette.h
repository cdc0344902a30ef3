/* twin-scene-palette.h: the colours a twin's entities are shown in, shared by the 3D view and the exporters.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void twin_scene_palette_get_type_color (const char *type_name,
                                        float       rgba[4]);

G_END_DECLS
