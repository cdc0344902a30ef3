/* twin-transform.c: where an entity sits relative to its parent.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-transform"

#include "config.h"

#include "twin-transform.h"

#include <math.h>
#include <string.h>

G_DEFINE_BOXED_TYPE (TwinTransform, twin_transform, twin_transform_copy, twin_transform_free)

void
twin_transform_init_identity (TwinTransform *self)
{
  g_return_if_fail (self != NULL);

  memset (self, 0, sizeof *self);
  self->scale[0] = self->scale[1] = self->scale[2] = 1.0;
}

gboolean
twin_transform_is_identity (const TwinTransform *self)
{
  TwinTransform identity;

  g_return_val_if_fail (self != NULL, FALSE);

  twin_transform_init_identity (&identity);
  return twin_transform_equal (self, &identity);
}

gboolean
twin_transform_equal (const TwinTransform *a,
                      const TwinTransform *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  for (guint i = 0; i < 3; i++)
    if (a->position_m[i] != b->position_m[i] ||
        a->rotation_deg[i] != b->rotation_deg[i] ||
        a->scale[i] != b->scale[i])
      return FALSE;
  return TRUE;
}

/**
 * twin_transform_is_valid:
 *
 * Returns: %TRUE when every number is finite and no scale factor is zero
 */
gboolean
twin_transform_is_valid (const TwinTransform *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < 3; i++)
    if (!isfinite (self->position_m[i]) || !isfinite (self->rotation_deg[i]) ||
        !isfinite (self->scale[i]) || self->scale[i] == 0.0)
      return FALSE;
  return TRUE;
}

TwinTransform *
twin_transform_copy (const TwinTransform *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

void
twin_transform_free (TwinTransform *self)
{
  g_free (self);
}
