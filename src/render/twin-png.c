/* twin-png.c: writes and reads 8-bit RGBA PNG images with GLib alone (GIO's zlib streams).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `twinctl render` needs to write a PNG and the golden-image test to read
 * one; GIO's GZlibCompressor and GZlibDecompressor already carry zlib, so a
 * PNG is a signature and three kinds of chunk around it (PNG specification,
 * ISO/IEC 15948) and needs no other library. Writing picks, row by row, the
 * filter with the smallest sum of absolute differences (the specification's
 * recommended heuristic), which makes rendered images with flat backgrounds
 * compress well. Reading handles what this project's images use and what
 * image tools commonly write for them: 8-bit grey, grey-alpha, RGB and RGBA,
 * all five filters, not interlaced; other PNGs are refused with
 * TWIN_PNG_ERROR_UNSUPPORTED. Ancillary chunks are skipped; every chunk's
 * CRC is checked. Saving replaces the file atomically.
 */

#define G_LOG_DOMAIN "twin-png"

#include "config.h"

#include "twin-png.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

G_DEFINE_QUARK (twin_png_error_quark, twin_png_error)

static guint32
crc32_update (guint32       crc,
              const guint8 *data,
              gsize         length)
{
  static guint32 table[256];
  static gsize   table_ready;

  if (g_once_init_enter (&table_ready))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
          table[n] = c;
        }
      g_once_init_leave (&table_ready, 1);
    }
  for (gsize i = 0; i < length; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return crc;
}

static void
put_u32 (GByteArray *out,
         guint32     value)
{
  guint8 bytes[4] = { value >> 24, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff };

  g_byte_array_append (out, bytes, 4);
}

static guint32
get_u32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static void
put_chunk (GByteArray   *out,
           const char   *type,
           const guint8 *data,
           gsize         length)
{
  guint32 crc;

  put_u32 (out, (guint32) length);
  g_byte_array_append (out, (const guint8 *) type, 4);
  if (length > 0)
    g_byte_array_append (out, data, (guint) length);
  crc = crc32_update (0xffffffffu, (const guint8 *) type, 4);
  crc = crc32_update (crc, data, length);
  put_u32 (out, crc ^ 0xffffffffu);
}

static guint8
paeth (guint8 a,
       guint8 b,
       guint8 c)
{
  int p = (int) a + (int) b - (int) c;
  int pa = abs (p - (int) a);
  int pb = abs (p - (int) b);
  int pc = abs (p - (int) c);

  if (pa <= pb && pa <= pc)
    return a;
  return pb <= pc ? b : c;
}

/* The predictor of filter @type for byte @i of a row, given the row above (zeros for the first). */
static guint8
predict (int           type,
         const guint8 *row,
         const guint8 *above,
         gsize         i,
         gsize         bpp)
{
  guint8 left = i >= bpp ? row[i - bpp] : 0;
  guint8 up = above[i];
  guint8 up_left = i >= bpp ? above[i - bpp] : 0;

  switch (type)
    {
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (guint8) (((int) left + (int) up) / 2);
    case 4:
      return paeth (left, up, up_left);
    default:
      return 0;
    }
}

static gboolean
check_size (int      width,
            int      height,
            GError **error)
{
  if (width < 1 || height < 1 || width > TWIN_PNG_MAX_SIZE || height > TWIN_PNG_MAX_SIZE)
    {
      g_set_error (error, TWIN_PNG_ERROR, TWIN_PNG_ERROR_UNSUPPORTED,
                   _ ("An image of %d × %d pixels is not supported: each side must be 1 to %d pixels."),
                   width, height, TWIN_PNG_MAX_SIZE);
      return FALSE;
    }
  return TRUE;
}

static GBytes *
convert_all (GConverter   *converter,
             const guint8 *data,
             gsize         length,
             gsize         max_output,
             GError      **error)
{
  g_autoptr (GInputStream) memory = g_memory_input_stream_new_from_data (data, (gssize) length, NULL);
  g_autoptr (GInputStream) stream = g_converter_input_stream_new (memory, converter);
  g_autoptr (GByteArray) out = g_byte_array_new ();
  guint8 buffer[65536];

  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      g_byte_array_append (out, buffer, (guint) n);
      if (out->len > max_output)
        break;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/**
 * twin_png_encode:
 * @rgba: width × height RGBA pixels, 8 bits a channel, top row first, rows packed
 * @width: pixels, 1 … %TWIN_PNG_MAX_SIZE
 * @height: pixels, 1 … %TWIN_PNG_MAX_SIZE
 * @error: return location for a %TWIN_PNG_ERROR_UNSUPPORTED size
 *
 * Returns: (transfer full) (nullable): the PNG file's bytes
 */
GBytes *
twin_png_encode (const guint8 *rgba,
                 int           width,
                 int           height,
                 GError      **error)
{
  g_autoptr (GByteArray) filtered = NULL;
  g_autoptr (GByteArray) out = NULL;
  g_autoptr (GZlibCompressor) compressor = NULL;
  g_autoptr (GBytes) compressed = NULL;
  g_autofree guint8 *zero_row = NULL;
  g_autofree guint8 *candidate = NULL;
  g_autofree guint8 *best = NULL;
  guint8             header[13];
  gsize              row_bytes;

  g_return_val_if_fail (rgba != NULL, NULL);

  if (!check_size (width, height, error))
    return NULL;

  row_bytes = (gsize) width * 4;
  zero_row = g_malloc0 (row_bytes);
  candidate = g_malloc (row_bytes);
  best = g_malloc (row_bytes);
  filtered = g_byte_array_sized_new ((guint) ((row_bytes + 1) * (gsize) height));
  for (int y = 0; y < height; y++)
    {
      const guint8 *row = rgba + (gsize) y * row_bytes;
      const guint8 *above = y > 0 ? row - row_bytes : zero_row;
      guint64       best_cost = G_MAXUINT64;
      guint8        best_type = 0;

      for (int type = 0; type < 5; type++)
        {
          guint64 cost = 0;

          for (gsize i = 0; i < row_bytes; i++)
            {
              candidate[i] = (guint8) (row[i] - predict (type, row, above, i, 4));
              cost += (guint64) abs ((int) (gint8) candidate[i]);
            }
          if (cost < best_cost)
            {
              best_cost = cost;
              best_type = (guint8) type;
              memcpy (best, candidate, row_bytes);
            }
        }
      g_byte_array_append (filtered, &best_type, 1);
      g_byte_array_append (filtered, best, (guint) row_bytes);
    }

  compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 9);
  compressed = convert_all (G_CONVERTER (compressor), filtered->data, filtered->len, G_MAXSIZE, error);
  if (compressed == NULL)
    return NULL;

  out = g_byte_array_new ();
  g_byte_array_append (out, signature, sizeof signature);
  header[0] = (guint8) (width >> 24);
  header[1] = (guint8) (width >> 16);
  header[2] = (guint8) (width >> 8);
  header[3] = (guint8) width;
  header[4] = (guint8) (height >> 24);
  header[5] = (guint8) (height >> 16);
  header[6] = (guint8) (height >> 8);
  header[7] = (guint8) height;
  header[8] = 8;  /* bits per channel */
  header[9] = 6;  /* RGBA */
  header[10] = 0; /* deflate */
  header[11] = 0; /* adaptive filtering */
  header[12] = 0; /* not interlaced */
  put_chunk (out, "IHDR", header, sizeof header);
  put_chunk (out, "IDAT", g_bytes_get_data (compressed, NULL), g_bytes_get_size (compressed));
  put_chunk (out, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/**
 * twin_png_save:
 * @path: the file to write; replaced atomically, so it is never half-written
 * @rgba: width × height RGBA pixels, top row first
 * @width: pixels
 * @height: pixels
 * @error: a %TWIN_PNG_ERROR or a #G_FILE_ERROR naming the file
 *
 * Returns: %TRUE if the file was written
 */
gboolean
twin_png_save (const char   *path,
               const guint8 *rgba,
               int           width,
               int           height,
               GError      **error)
{
  g_autoptr (GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  bytes = twin_png_encode (rgba, width, height, error);
  if (bytes == NULL)
    return FALSE;
  return g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), error);
}

static gboolean
fail_invalid (GError    **error,
              const char *reason)
{
  g_set_error (error, TWIN_PNG_ERROR, TWIN_PNG_ERROR_INVALID, _ ("The image is not a valid PNG: %s."), reason);
  return FALSE;
}

/**
 * twin_png_decode:
 * @bytes: a PNG file's bytes
 * @width: (out): pixels
 * @height: (out): pixels
 * @error: return location for a #TWIN_PNG_ERROR
 *
 * Returns: (transfer full) (nullable): width × height RGBA pixels, top row
 *   first (grey is spread to RGB, a missing alpha is 255)
 */
guint8 *
twin_png_decode (GBytes  *bytes,
                 int     *width,
                 int     *height,
                 GError **error)
{
  g_autoptr (GByteArray) idat = g_byte_array_new ();
  g_autoptr (GZlibDecompressor) decompressor = NULL;
  g_autoptr (GBytes) raw = NULL;
  g_autofree guint8 *rgba = NULL;
  g_autofree guint8 *previous = NULL;
  const guint8      *data;
  const guint8      *scan;
  gsize              size;
  gsize              offset = sizeof signature;
  gsize              channels = 0;
  gsize              row_bytes;
  gboolean           have_header = FALSE;
  gboolean           have_end = FALSE;
  guint32            w = 0;
  guint32            h = 0;

  g_return_val_if_fail (bytes != NULL && width != NULL && height != NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (size < sizeof signature || memcmp (data, signature, sizeof signature) != 0)
    {
      fail_invalid (error, _ ("it does not start with the PNG signature"));
      return NULL;
    }

  while (!have_end)
    {
      guint32       length;
      const guint8 *type;
      const guint8 *chunk;

      if (size - offset < 12)
        {
          fail_invalid (error, _ ("it ends before its last chunk"));
          return NULL;
        }
      length = get_u32 (data + offset);
      type = data + offset + 4;
      chunk = data + offset + 8;
      if (length > 0x7fffffffu || (gsize) length > size - offset - 12)
        {
          fail_invalid (error, _ ("a chunk is longer than the file"));
          return NULL;
        }
      if ((crc32_update (crc32_update (0xffffffffu, type, 4), chunk, length) ^ 0xffffffffu) != get_u32 (chunk + length))
        {
          fail_invalid (error, _ ("a chunk’s checksum does not match"));
          return NULL;
        }

      if (memcmp (type, "IHDR", 4) == 0)
        {
          if (length != 13 || have_header)
            {
              fail_invalid (error, _ ("its header chunk is malformed"));
              return NULL;
            }
          w = get_u32 (chunk);
          h = get_u32 (chunk + 4);
          if (chunk[8] != 8 || chunk[10] != 0 || chunk[11] != 0 || chunk[12] != 0 ||
              (chunk[9] != 0 && chunk[9] != 2 && chunk[9] != 4 && chunk[9] != 6))
            {
              g_set_error (error, TWIN_PNG_ERROR, TWIN_PNG_ERROR_UNSUPPORTED,
                           _ ("Only 8-bit grey, grey-alpha, RGB and RGBA PNG images without interlacing can be read."));
              return NULL;
            }
          channels = chunk[9] == 0 ? 1 : chunk[9] == 4 ? 2
                                       : chunk[9] == 2 ? 3
                                                       : 4;
          if (!check_size ((int) MIN (w, (guint32) G_MAXINT), (int) MIN (h, (guint32) G_MAXINT), error))
            return NULL;
          have_header = TRUE;
        }
      else if (memcmp (type, "IDAT", 4) == 0)
        g_byte_array_append (idat, chunk, length);
      else if (memcmp (type, "IEND", 4) == 0)
        have_end = TRUE;
      else if (!(type[0] & 0x20))
        {
          g_set_error (error, TWIN_PNG_ERROR, TWIN_PNG_ERROR_UNSUPPORTED,
                       _ ("The PNG image has a critical chunk “%.4s” this reader does not know."), (const char *) type);
          return NULL;
        }
      offset += (gsize) length + 12;
    }
  if (!have_header || idat->len == 0)
    {
      fail_invalid (error, _ ("it has no header or no image data"));
      return NULL;
    }

  row_bytes = (gsize) w * channels;
  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
  raw = convert_all (G_CONVERTER (decompressor), idat->data, idat->len, (row_bytes + 1) * h, error);
  if (raw == NULL)
    {
      g_autofree char *reason = g_strdup ((*error)->message);

      g_clear_error (error);
      fail_invalid (error, reason);
      return NULL;
    }
  if (g_bytes_get_size (raw) < (row_bytes + 1) * h)
    {
      fail_invalid (error, _ ("its image data is shorter than the image"));
      return NULL;
    }

  scan = g_bytes_get_data (raw, NULL);
  rgba = g_malloc ((gsize) w * h * 4);
  previous = g_malloc0 (row_bytes);
  for (guint32 y = 0; y < h; y++)
    {
      const guint8 *line = scan + (gsize) y * (row_bytes + 1);
      guint8        filter = line[0];
      guint8       *row = g_malloc (row_bytes);

      if (filter > 4)
        {
          g_free (row);
          fail_invalid (error, _ ("a row has an unknown filter"));
          return NULL;
        }
      for (gsize i = 0; i < row_bytes; i++)
        row[i] = (guint8) (line[1 + i] + predict (filter, row, previous, i, channels));
      for (guint32 x = 0; x < w; x++)
        {
          const guint8 *p = row + (gsize) x * channels;
          guint8       *q = rgba + ((gsize) y * w + x) * 4;

          switch (channels)
            {
            case 1:
              q[0] = q[1] = q[2] = p[0];
              q[3] = 255;
              break;
            case 2:
              q[0] = q[1] = q[2] = p[0];
              q[3] = p[1];
              break;
            case 3:
              memcpy (q, p, 3);
              q[3] = 255;
              break;
            default:
              memcpy (q, p, 4);
              break;
            }
        }
      g_free (previous);
      previous = row;
    }
  *width = (int) w;
  *height = (int) h;
  return g_steal_pointer (&rgba);
}

/**
 * twin_png_load:
 * @path: a PNG file
 * @width: (out): pixels
 * @height: (out): pixels
 * @error: a #G_FILE_ERROR or a #TWIN_PNG_ERROR
 *
 * Returns: (transfer full) (nullable): RGBA pixels, top row first
 */
guint8 *
twin_png_load (const char *path,
               int        *width,
               int        *height,
               GError    **error)
{
  g_autofree char *contents = NULL;
  g_autoptr (GBytes) bytes = NULL;
  guint8 *pixels;
  gsize   length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  pixels = twin_png_decode (bytes, width, height, error);
  if (pixels == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_prefix_error (error, _ ("Cannot read “%s”: "), display);
    }
  return pixels;
}
