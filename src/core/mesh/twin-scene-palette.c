/* twin-scene-palette.c: the colours a twin's entities are shown in, shared by the 3D view and the exporters.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain data in core, no GL, so the viewport (src/render) and the glTF
 * export (twin-gltf-writer.c) give an entity the same colour. Colours are
 * linear RGB, as shaders and glTF want them.
 */

#define G_LOG_DOMAIN "twin-scene-palette"

#include "config.h"

#include "twin-scene-palette.h"

/* Entities get a colour by type, so alike things look alike. */
static const float type_palette[][3] = {
  { 0.55f, 0.70f, 0.85f },
  { 0.60f, 0.80f, 0.60f },
  { 0.85f, 0.78f, 0.55f },
  { 0.78f, 0.62f, 0.80f },
  { 0.55f, 0.80f, 0.78f },
  { 0.80f, 0.80f, 0.80f },
};

/**
 * twin_scene_palette_get_type_color:
 * @type_name: (nullable): an entity type's name
 * @rgba: (out caller-allocates): the base colour of that type's entities,
 *   linear RGBA, opaque
 *
 * Entities of one type share a colour, picked from a small palette by a hash
 * of the type's name, so the same type has the same colour in every twin and
 * every run.
 */
void
twin_scene_palette_get_type_color (const char *type_name,
                                   float       rgba[4])
{
  const float *rgb;

  g_return_if_fail (rgba != NULL);

  rgb = type_palette[g_str_hash (type_name != NULL ? type_name : "") % G_N_ELEMENTS (type_palette)];
  rgba[0] = rgb[0];
  rgba[1] = rgb[1];
  rgba[2] = rgb[2];
  rgba[3] = 1.0f;
}
