/* twin-png.h: writes and reads 8-bit RGBA PNG images with GLib alone (GIO's zlib streams).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TWIN_PNG_ERROR (twin_png_error_quark ())

/**
 * TwinPngError:
 * @TWIN_PNG_ERROR_INVALID: not a PNG file, or a damaged one (bad signature,
 *   checksum, length or compressed data)
 * @TWIN_PNG_ERROR_UNSUPPORTED: a PNG this reader does not handle: only 8-bit
 *   RGB, RGBA, grey and grey-alpha, not interlaced, are read
 */
typedef enum
{
  TWIN_PNG_ERROR_INVALID,
  TWIN_PNG_ERROR_UNSUPPORTED,
} TwinPngError;

/* The largest image read or written, pixels a side. */
#define TWIN_PNG_MAX_SIZE 16384

GQuark  twin_png_error_quark (void);
GBytes *twin_png_encode      (const guint8  *rgba,
                              int            width,
                              int            height,
                              GError       **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean twin_png_save       (const char    *path,
                              const guint8  *rgba,
                              int            width,
                              int            height,
                              GError       **error);
guint8  *twin_png_decode     (GBytes        *bytes,
                              int           *width,
                              int           *height,
                              GError       **error) G_GNUC_WARN_UNUSED_RESULT;
guint8  *twin_png_load       (const char    *path,
                              int           *width,
                              int           *height,
                              GError       **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
