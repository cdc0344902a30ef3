/* twin-transform.h: where an entity sits relative to its parent.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define TWIN_TYPE_TRANSFORM (twin_transform_get_type ())

/**
 * TwinTransform:
 * @position_m: translation in metres, right-handed, Z up
 * @rotation_deg: rotation about X, then Y, then Z, in degrees
 * @scale: scale factor per axis (no unit)
 *
 * An entity's transform relative to its parent. Plain data.
 */
typedef struct
{
  double position_m[3];
  double rotation_deg[3];
  double scale[3];
} TwinTransform;

GType          twin_transform_get_type         (void) G_GNUC_CONST;
void           twin_transform_init_identity    (TwinTransform       *self);
gboolean       twin_transform_is_identity      (const TwinTransform *self);
gboolean       twin_transform_equal            (const TwinTransform *a,
                                                const TwinTransform *b);
gboolean       twin_transform_is_valid         (const TwinTransform *self);
TwinTransform *twin_transform_copy             (const TwinTransform *self);
void           twin_transform_free             (TwinTransform       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinTransform, twin_transform_free)

G_END_DECLS
