/* test-png.c: checks the PNG writer and reader: round trips, filters, and refusing damaged or unsupported files (no GL).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "twin-png.h"
#include "twin-test-util.h"

#include <gio/gio.h>
#include <string.h>

static guint8 *
make_image (int width,
            int height)
{
  guint8 *rgba = g_malloc ((gsize) width * height * 4);

  /* Flat areas, gradients and noise, so every filter gets picked somewhere. */
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = rgba + ((gsize) y * width + x) * 4;

        p[0] = (guint8) (x < width / 2 ? 40 : x * 3);
        p[1] = (guint8) (y * 5 + x);
        p[2] = (guint8) (y > height / 2 ? g_test_rand_int_range (0, 256) : 200);
        p[3] = (guint8) (x == y ? 0 : 255);
      }
  return rgba;
}

static void
test_round_trip (void)
{
  static const int sizes[][2] = { { 1, 1 }, { 7, 3 }, { 64, 48 }, { 300, 2 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree guint8 *rgba = make_image (sizes[i][0], sizes[i][1]);
      g_autofree guint8 *back = NULL;
      g_autoptr (GBytes) bytes = twin_png_encode (rgba, sizes[i][0], sizes[i][1], &error);
      int width = 0;
      int height = 0;

      g_assert_no_error (error);
      g_assert_nonnull (bytes);
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
      back = twin_png_decode (bytes, &width, &height, &error);
      g_assert_no_error (error);
      g_assert_cmpint (width, ==, sizes[i][0]);
      g_assert_cmpint (height, ==, sizes[i][1]);
      g_assert_cmpmem (back, (gsize) width * height * 4, rgba, (gsize) width * height * 4);
    }
}

/* A flat image compresses to almost nothing. */
static void
test_compresses (void)
{
  g_autofree guint8 *rgba = g_malloc ((gsize) 512 * 512 * 4);
  g_autoptr (GBytes) bytes = NULL;

  memset (rgba, 0x33, (gsize) 512 * 512 * 4);
  bytes = twin_png_encode (rgba, 512, 512, NULL);
  g_assert_cmpuint (g_bytes_get_size (bytes), <, 4096);
}

static void
test_save_load (void)
{
  g_autofree char   *path = twin_test_tmp_path ("image.png");
  g_autofree char   *no_dir = twin_test_tmp_path ("no-such-folder/image.png");
  g_autofree guint8 *rgba = make_image (20, 10);
  g_autofree guint8 *back = NULL;
  g_autoptr (GError) error = NULL;
  int width;
  int height;

  g_assert_true (twin_png_save (path, rgba, 20, 10, &error));
  g_assert_no_error (error);
  back = twin_png_load (path, &width, &height, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (back, 20 * 10 * 4, rgba, 20 * 10 * 4);

  g_assert_false (twin_png_save (no_dir, rgba, 20, 10, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "no-such-folder"));
  g_clear_error (&error);

  g_assert_null (twin_png_load (no_dir, &width, &height, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_assert_null (twin_png_encode (rgba, 0, 10, &error));
  g_assert_error (error, TWIN_PNG_ERROR, TWIN_PNG_ERROR_UNSUPPORTED);
}

static void
assert_refused (const guint8 *data,
                gsize         length,
                TwinPngError  code,
                const char   *in_message)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, length);
  g_autoptr (GError) error = NULL;
  int width = -1;
  int height = -1;

  g_assert_null (twin_png_decode (bytes, &width, &height, &error));
  g_test_message ("%s", error != NULL ? error->message : "(accepted)");
  g_assert_error (error, TWIN_PNG_ERROR, (int) code);
  g_assert_nonnull (strstr (error->message, in_message));
  g_assert_cmpint (width, ==, -1);
}

static guint32
crc_of (const guint8 *data,
        gsize         length)
{
  /* An independent bitwise CRC-32, to forge valid chunks. */
  guint32 crc = 0xffffffffu;

  for (gsize i = 0; i < length; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
    }
  return crc ^ 0xffffffffu;
}

static void
put_be32 (guint8 *p,
          guint32 value)
{
  p[0] = value >> 24;
  p[1] = (value >> 16) & 0xff;
  p[2] = (value >> 8) & 0xff;
  p[3] = value & 0xff;
}

static void
test_damaged (void)
{
  g_autofree guint8 *rgba = make_image (16, 16);
  g_autoptr (GBytes) bytes = twin_png_encode (rgba, 16, 16, NULL);
  gsize              length = 0;
  const guint8      *good = g_bytes_get_data (bytes, &length);
  g_autofree guint8 *copy = g_memdup2 (good, length);

  assert_refused ((const guint8 *) "GIF89a", 6, TWIN_PNG_ERROR_INVALID, "signature");
  assert_refused (good, 8, TWIN_PNG_ERROR_INVALID, "ends before");
  /* Truncated in the middle of the image data. */
  assert_refused (good, length / 2, TWIN_PNG_ERROR_INVALID, "");
  /* One flipped bit in the compressed data: the chunk's checksum catches it. */
  copy[length - 20] ^= 0x10;
  assert_refused (copy, length, TWIN_PNG_ERROR_INVALID, "checksum");
  memcpy (copy, good, length);
  /* A chunk that claims to be longer than the file. */
  put_be32 (copy + 8, 0x7ffffff0u);
  assert_refused (copy, length, TWIN_PNG_ERROR_INVALID, "longer");
  memcpy (copy, good, length);

  /* 16 bits per channel: valid PNG, not ours to read. The header's CRC is recomputed. */
  copy[8 + 8 + 8] = 16;
  put_be32 (copy + 8 + 8 + 13, crc_of (copy + 12, 17));
  assert_refused (copy, length, TWIN_PNG_ERROR_UNSUPPORTED, "8-bit");
  memcpy (copy, good, length);
  /* Interlaced. */
  copy[8 + 8 + 12] = 1;
  put_be32 (copy + 8 + 8 + 13, crc_of (copy + 12, 17));
  assert_refused (copy, length, TWIN_PNG_ERROR_UNSUPPORTED, "interlacing");
  memcpy (copy, good, length);
  /* Too big a size. */
  put_be32 (copy + 16, 100000);
  put_be32 (copy + 8 + 8 + 13, crc_of (copy + 12, 17));
  assert_refused (copy, length, TWIN_PNG_ERROR_UNSUPPORTED, "100000");
}

/* A grey image with a filter per row, written by hand through GIO's compressor. */
static void
test_grey_and_filters (void)
{
  static const guint8 rows[3][1 + 4] = {
    { 1, 10, 5, 5, 5 }, /* Sub: 10, 15, 20, 25 */
    { 2, 1, 1, 1, 1 },  /* Up: 11, 16, 21, 26 */
    { 4, 0, 0, 0, 0 },  /* Paeth over the row above: 11, 16, 21, 26 */
  };
  static const guint8 expected[3][4] = { { 10, 15, 20, 25 }, { 11, 16, 21, 26 }, { 11, 16, 21, 26 } };
  g_autoptr (GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 6);
  g_autoptr (GByteArray) png = g_byte_array_new ();
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *rgba = NULL;
  guint8             compressed[256];
  guint8             chunk[12 + 256];
  gsize              read = 0;
  gsize              written = 0;
  int                width;
  int                height;

  g_byte_array_append (png, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  /* IHDR: 4 × 3, 8-bit grey. */
  put_be32 (chunk, 13);
  memcpy (chunk + 4, "IHDR", 4);
  put_be32 (chunk + 8, 4);
  put_be32 (chunk + 12, 3);
  chunk[16] = 8;
  chunk[17] = 0;
  chunk[18] = chunk[19] = chunk[20] = 0;
  put_be32 (chunk + 21, crc_of (chunk + 4, 17));
  g_byte_array_append (png, chunk, 25);
  /* An ancillary chunk the reader skips. */
  put_be32 (chunk, 4);
  memcpy (chunk + 4, "tEXt", 4);
  memcpy (chunk + 8, "a\0bc", 4);
  put_be32 (chunk + 12, crc_of (chunk + 4, 8));
  g_byte_array_append (png, chunk, 16);
  /* IDAT. */
  g_assert_cmpint (g_converter_convert (G_CONVERTER (compressor), rows, sizeof rows, compressed, sizeof compressed,
                                        G_CONVERTER_INPUT_AT_END, &read, &written, &error),
                   ==, G_CONVERTER_FINISHED);
  g_assert_no_error (error);
  put_be32 (chunk, (guint32) written);
  memcpy (chunk + 4, "IDAT", 4);
  memcpy (chunk + 8, compressed, written);
  put_be32 (chunk + 8 + written, crc_of (chunk + 4, 4 + written));
  g_byte_array_append (png, chunk, (guint) (12 + written));
  put_be32 (chunk, 0);
  memcpy (chunk + 4, "IEND", 4);
  put_be32 (chunk + 8, crc_of (chunk + 4, 4));
  g_byte_array_append (png, chunk, 12);

  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&png));
  rgba = twin_png_decode (bytes, &width, &height, &error);
  g_assert_no_error (error);
  g_assert_cmpint (width, ==, 4);
  g_assert_cmpint (height, ==, 3);
  for (int y = 0; y < 3; y++)
    for (int x = 0; x < 4; x++)
      {
        const guint8 *p = rgba + (y * 4 + x) * 4;

        g_assert_cmpuint (p[0], ==, expected[y][x]);
        g_assert_cmpuint (p[1], ==, expected[y][x]);
        g_assert_cmpuint (p[2], ==, expected[y][x]);
        g_assert_cmpuint (p[3], ==, 255);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/render/png/round-trip", test_round_trip);
  g_test_add_func ("/render/png/compresses", test_compresses);
  g_test_add_func ("/render/png/save-load", test_save_load);
  g_test_add_func ("/render/png/damaged", test_damaged);
  g_test_add_func ("/render/png/grey-and-filters", test_grey_and_filters);

  return g_test_run ();
}
