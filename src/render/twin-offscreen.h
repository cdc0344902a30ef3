/* twin-offscreen.h: a GL 3.3 context with no window and no X server (EGL surfaceless), drawing into its own framebuffer.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TWIN_OFFSCREEN_ERROR (twin_offscreen_error_quark ())

/**
 * TwinOffscreenError:
 * @TWIN_OFFSCREEN_ERROR_UNAVAILABLE: this system cannot render without a
 *   display: no EGL, no surfaceless platform, or no OpenGL 3.3 core context
 * @TWIN_OFFSCREEN_ERROR_FAILED: the driver refused the framebuffer (a size
 *   it cannot hold, out of memory)
 */
typedef enum
{
  TWIN_OFFSCREEN_ERROR_UNAVAILABLE,
  TWIN_OFFSCREEN_ERROR_FAILED,
} TwinOffscreenError;

/* The largest image, pixels a side; drivers allow at least this much. */
#define TWIN_OFFSCREEN_MAX_SIZE 8192

typedef struct _TwinOffscreen TwinOffscreen;

GQuark         twin_offscreen_error_quark   (void);
TwinOffscreen *twin_offscreen_new           (int             width,
                                             int             height,
                                             int             samples,
                                             GError        **error) G_GNUC_WARN_UNUSED_RESULT;
void           twin_offscreen_free          (TwinOffscreen  *self);
void           twin_offscreen_make_current  (TwinOffscreen  *self);
int            twin_offscreen_get_width     (TwinOffscreen  *self);
int            twin_offscreen_get_height    (TwinOffscreen  *self);
int            twin_offscreen_get_samples   (TwinOffscreen  *self);
guint8        *twin_offscreen_read_pixels   (TwinOffscreen  *self,
                                             gboolean        top_row_first) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinOffscreen, twin_offscreen_free)

G_END_DECLS
