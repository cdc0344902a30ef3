/* test-csv.c: tests of the timestamp parser and of the CSV import and export against real project files.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expected times are computed with GDateTime, not written out by hand, so a
 * test says what the text means ("14:19 in Berlin") and GLib checks it.
 * Imports go into real .dtwin files through a real historian; "nothing
 * stored" is checked by reading the history back, on the same connection
 * and on a fresh one.
 */

#define G_LOG_DOMAIN "test-csv"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "history/twin-csv-export.h"
#include "history/twin-csv-import.h"
#include "history/twin-time-parse.h"
#include "store-test-util.h"
#include "twin-core.h"
#include "twin-test-util.h"

/* Helpers ----------------------------------------------------------------- */

static char *
new_project (const char *basename)
{
  g_autoptr (TwinEntity) root = store_test_build_tree (0);
  char *path = store_test_path (basename);

  store_test_create_file (path, root);
  return path;
}

static TwinHistorian *
open_historian (const char *path,
                gboolean    read_only)
{
  g_autoptr (GError) error = NULL;
  TwinHistorian *historian = twin_historian_open (path, read_only, &error);

  g_assert_no_error (error);
  g_assert_nonnull (historian);
  return historian;
}

static char *
write_csv (const char *basename,
           const char *text)
{
  char *path = twin_test_tmp_path (basename);

  twin_test_write_file (path, text, strlen (text));
  return path;
}

static TwinCsvImportReport *
import_text (TwinHistorian              *historian,
             const char                 *text,
             const TwinCsvImportOptions *options,
             GError                    **error)
{
  g_autofree char *path = write_csv ("data.csv", text);

  return twin_csv_import_file (historian, path, options, NULL, NULL, NULL, error);
}

static GArray *
read_signal (TwinHistorian *historian,
             const char    *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinSignalInfo) info = twin_historian_lookup_signal (historian, name, &error);
  GArray *samples;

  g_assert_no_error (error);
  if (info == NULL)
    g_error ("no signal “%s”", name);
  samples = twin_historian_read (historian, info->id, G_MININT64, G_MAXINT64, &error);
  g_assert_no_error (error);
  return samples;
}

static guint
count_signals (TwinHistorian *historian)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) signals = twin_historian_list_signals (historian, &error);

  g_assert_no_error (error);
  return signals->len;
}

static gint64
utc_us (int    year,
        int    month,
        int    day,
        int    hour,
        int    minute,
        double seconds)
{
  g_autoptr (GDateTime) time = g_date_time_new_utc (year, month, day, hour, minute, seconds);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

static gint64
zone_us (const char *zone_name,
         int         year,
         int         month,
         int         day,
         int         hour,
         int         minute,
         int         second)
{
  g_autoptr (GTimeZone) zone = g_time_zone_new_identifier (zone_name);
  g_autoptr (GDateTime) time = NULL;

  g_assert_nonnull (zone);
  time = g_date_time_new (zone, year, month, day, hour, minute, second);
  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static gint64
parse_ok (const char *format,
          const char *zone_name,
          const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GTimeZone) zone = twin_time_zone_new (zone_name, &error);
  g_autoptr (TwinTimeParser) parser = NULL;
  gint64 t_us = 0;

  g_assert_no_error (error);
  parser = twin_time_parser_new (format, zone, &error);
  g_assert_no_error (error);
  if (!twin_time_parser_parse (parser, text, &t_us, &error))
    g_error ("“%s” (%s): %s", text, format != NULL ? format : "auto", error->message);
  return t_us;
}

static void
parse_fails (const char *format,
             const char *text,
             int         code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinTimeParser) parser = twin_time_parser_new (format, NULL, &error);
  gint64 t_us = 12345;

  g_assert_no_error (error);
  g_assert_false (twin_time_parser_parse (parser, text, &t_us, &error));
  g_assert_error (error, TWIN_TIME_ERROR, code);
  g_assert_cmpint (t_us, ==, 12345);
  /* The message quotes what was read. */
  g_assert_nonnull (strstr (error->message, text));
}

/* Timestamps -------------------------------------------------------------- */

static void
test_time_iso8601 (void)
{
  gint64 base = utc_us (2015, 2, 2, 14, 19, 0);

  g_assert_cmpint (parse_ok (NULL, "UTC", "2015-02-02T14:19:00Z"), ==, base);
  g_assert_cmpint (parse_ok ("iso8601", "UTC", "2015-02-02T14:19:00Z"), ==, base);
  g_assert_cmpint (parse_ok (NULL, "UTC", "2015-02-02 14:19:00"), ==, base);
  g_assert_cmpint (parse_ok (NULL, "UTC", "2015-02-02t14:19"), ==, base);
  g_assert_cmpint (parse_ok (NULL, "UTC", "  2015-02-02T14:19:00Z  "), ==, base);
  g_assert_cmpint (parse_ok (NULL, "UTC", "2015-02-02T14:19:00.5Z"), ==, base + 500000);
  g_assert_cmpint (parse_ok (NULL, "UTC", "2015-02-02T14:19:00,25Z"), ==, base + 250000);
  g_assert_cmpint (parse_ok (NULL, "UTC", "2015-02-02T14:19:00.000001Z"), ==, base + 1);
  /* Digits beyond the microsecond are dropped. */
  g_assert_cmpint (parse_ok (NULL, "UTC", "2015-02-02T14:19:00.1234569Z"), ==, base + 123456);
  /* Offsets in every spelling; the zone does not matter then. */
  g_assert_cmpint (parse_ok (NULL, "Asia/Tokyo", "2015-02-02T15:19:00+01:00"), ==, base);
  g_assert_cmpint (parse_ok (NULL, "Asia/Tokyo", "2015-02-02T15:19:00+0100"), ==, base);
  g_assert_cmpint (parse_ok (NULL, "Asia/Tokyo", "2015-02-02T15:19:00+01"), ==, base);
  g_assert_cmpint (parse_ok (NULL, "Asia/Tokyo", "2015-02-02T09:49:00-04:30"), ==, base);
  g_assert_cmpint (parse_ok (NULL, "Asia/Tokyo", "2015-02-02 14:19:00 Z"), ==, base);
  /* Date only: midnight in the zone. */
  g_assert_cmpint (parse_ok (NULL, "UTC", "2015-02-02"), ==, utc_us (2015, 2, 2, 0, 0, 0));
  g_assert_cmpint (parse_ok (NULL, "Europe/Berlin", "2015-02-02"), ==, zone_us ("Europe/Berlin", 2015, 2, 2, 0, 0, 0));
  /* Leap day and the edges of the range. */
  g_assert_cmpint (parse_ok (NULL, "UTC", "2024-02-29T00:00:00Z"), ==, utc_us (2024, 2, 29, 0, 0, 0));
  g_assert_cmpint (parse_ok (NULL, "UTC", "1969-12-31T23:59:59.999999Z"), ==, -1);
  g_assert_cmpint (parse_ok (NULL, "UTC", "0001-01-01T00:00:00Z"), ==, utc_us (1, 1, 1, 0, 0, 0));
  g_assert_cmpint (parse_ok (NULL, "UTC", "9999-12-31T23:59:59Z"), ==, utc_us (9999, 12, 31, 23, 59, 59));

  parse_fails ("iso8601", "2015-02-30", TWIN_TIME_ERROR_INVALID);
  parse_fails ("iso8601", "2023-02-29T00:00:00Z", TWIN_TIME_ERROR_INVALID);
  parse_fails ("iso8601", "2015-02-02T24:00:00Z", TWIN_TIME_ERROR_INVALID);
  parse_fails ("iso8601", "2015-02-02T14:60:00Z", TWIN_TIME_ERROR_INVALID);
  parse_fails ("iso8601", "2015-2-2", TWIN_TIME_ERROR_INVALID);
  parse_fails ("iso8601", "2015-02-02T14:19:00Q", TWIN_TIME_ERROR_INVALID);
  parse_fails ("iso8601", "2015-02-02T14:19:00+25:00", TWIN_TIME_ERROR_INVALID);
  parse_fails ("iso8601", "1422886740", TWIN_TIME_ERROR_INVALID);
  parse_fails (NULL, "yesterday", TWIN_TIME_ERROR_INVALID);
  parse_fails (NULL, "", TWIN_TIME_ERROR_INVALID);
  parse_fails (NULL, "0000-12-31T00:00:00Z", TWIN_TIME_ERROR_RANGE);
  parse_fails (NULL, "0001-01-01T00:00:00+01:00", TWIN_TIME_ERROR_RANGE);
}

static void
test_time_epoch (void)
{
  gint64 base = utc_us (2015, 2, 2, 14, 19, 0);

  g_assert_cmpint (parse_ok ("s", NULL, "1422886740"), ==, base);
  g_assert_cmpint (parse_ok ("epoch-s", NULL, "1422886740.123456"), ==, base + 123456);
  g_assert_cmpint (parse_ok ("s", NULL, "1422886740,5"), ==, base + 500000);
  g_assert_cmpint (parse_ok ("s", NULL, "1.42288674e9"), ==, base);
  g_assert_cmpint (parse_ok ("s", NULL, "-1.5"), ==, -1500000);
  g_assert_cmpint (parse_ok ("s", NULL, "0"), ==, 0);
  g_assert_cmpint (parse_ok ("ms", NULL, "1422886740123"), ==, base + 123000);
  g_assert_cmpint (parse_ok ("ms", NULL, "1422886740123.456"), ==, base + 123456);
  g_assert_cmpint (parse_ok ("us", NULL, "1422886740123456"), ==, base + 123456);
  g_assert_cmpint (parse_ok ("us", NULL, "-1"), ==, -1);
  /* Small numbers with an explicit unit stay in that unit. */
  g_assert_cmpint (parse_ok ("ms", NULL, "1500"), ==, 1500000);

  /* Auto: the unit follows from the size. */
  g_assert_cmpint (parse_ok (NULL, NULL, "1422886740"), ==, base);
  g_assert_cmpint (parse_ok (NULL, NULL, "1422886740.25"), ==, base + 250000);
  g_assert_cmpint (parse_ok (NULL, NULL, "1422886740123"), ==, base + 123000);
  g_assert_cmpint (parse_ok (NULL, NULL, "1422886740123456"), ==, base + 123456);

  parse_fails ("s", "12abc", TWIN_TIME_ERROR_INVALID);
  parse_fails ("s", "1.2.3", TWIN_TIME_ERROR_INVALID);
  parse_fails ("ms", "2015-02-02", TWIN_TIME_ERROR_INVALID);
  parse_fails ("s", "99999999999999", TWIN_TIME_ERROR_RANGE);
  parse_fails ("us", "99999999999999999999999", TWIN_TIME_ERROR_RANGE);
  parse_fails ("s", "1e300", TWIN_TIME_ERROR_RANGE);
}

static void
test_time_auto_settles (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinTimeParser) parser = twin_time_parser_new ("auto", NULL, &error);
  gint64 t_us = 0;

  g_assert_no_error (error);
  g_assert_cmpint (twin_time_parser_get_kind (parser), ==, TWIN_TIME_KIND_AUTO);
  g_assert_true (twin_time_parser_parse (parser, "1422886740123", &t_us, &error));
  g_assert_cmpint (twin_time_parser_get_kind (parser), ==, TWIN_TIME_KIND_EPOCH_MS);
  /* The next, smaller number is still milliseconds, not seconds. */
  g_assert_true (twin_time_parser_parse (parser, "5000", &t_us, &error));
  g_assert_cmpint (t_us, ==, 5000000);
  g_assert_false (twin_time_parser_parse (parser, "2015-02-02T00:00:00Z", &t_us, &error));
  g_assert_error (error, TWIN_TIME_ERROR, TWIN_TIME_ERROR_INVALID);
}

static void
test_time_pattern (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinTimeParser) parser = NULL;
  gint64 base = utc_us (2015, 2, 2, 14, 19, 0);

  g_assert_cmpint (parse_ok ("%d.%m.%Y %H:%M:%S", "UTC", "02.02.2015 14:19:00"), ==, base);
  g_assert_cmpint (parse_ok ("%d.%m.%Y %H:%M", "UTC", "2.2.2015   14:19"), ==, base);
  g_assert_cmpint (parse_ok ("%Y%m%d %H%M%S.%f", "UTC", "20150202 141900.75"), ==, base + 750000);
  g_assert_cmpint (parse_ok ("%m/%d/%Y %H:%M:%S %z", "Asia/Tokyo", "02/02/2015 15:19:00 +01:00"), ==, base);
  g_assert_cmpint (parse_ok ("%Y-%m-%d %%%H", "UTC", "2015-02-02 %14"), ==, utc_us (2015, 2, 2, 14, 0, 0));
  g_assert_cmpint (parse_ok ("%d.%m.%Y %H:%M", "Europe/Berlin", "02.07.2015 14:19"), ==,
                   zone_us ("Europe/Berlin", 2015, 7, 2, 14, 19, 0));

  parse_fails ("%d.%m.%Y", "2015-02-02", TWIN_TIME_ERROR_INVALID);
  parse_fails ("%d.%m.%Y", "31.04.2015", TWIN_TIME_ERROR_INVALID);
  parse_fails ("%d.%m.%Y", "02.02.2015 junk", TWIN_TIME_ERROR_INVALID);

  parser = twin_time_parser_new ("%d.%m.%Y %I", NULL, &error);
  g_assert_null (parser);
  g_assert_error (error, TWIN_TIME_ERROR, TWIN_TIME_ERROR_FORMAT);
  g_clear_error (&error);
  parser = twin_time_parser_new ("%H:%M", NULL, &error);
  g_assert_null (parser);
  g_assert_error (error, TWIN_TIME_ERROR, TWIN_TIME_ERROR_FORMAT);
  g_clear_error (&error);
  parser = twin_time_parser_new ("%Y-%m-%d %", NULL, &error);
  g_assert_null (parser);
  g_assert_error (error, TWIN_TIME_ERROR, TWIN_TIME_ERROR_FORMAT);
  g_clear_error (&error);
  parser = twin_time_parser_new ("fortnights", NULL, &error);
  g_assert_null (parser);
  g_assert_error (error, TWIN_TIME_ERROR, TWIN_TIME_ERROR_FORMAT);
}

static void
test_time_zones (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GTimeZone) unknown = NULL;

  /* Winter and summer in Berlin: +1 and +2 hours. */
  g_assert_cmpint (parse_ok (NULL, "Europe/Berlin", "2015-02-02 14:19:00"), ==, utc_us (2015, 2, 2, 13, 19, 0));
  g_assert_cmpint (parse_ok (NULL, "Europe/Berlin", "2015-07-02 14:19:00"), ==, utc_us (2015, 7, 2, 12, 19, 0));
  g_assert_cmpint (parse_ok (NULL, "+05:30", "2015-02-02 14:19:00"), ==, utc_us (2015, 2, 2, 8, 49, 0));

  /* A time in the spring-forward gap (02:30 does not exist on 2024-03-31
   * in Berlin) becomes the first time after it, 03:00 CEST, as in GLib. */
  g_assert_cmpint (parse_ok (NULL, "Europe/Berlin", "2024-03-31 02:30:00"), ==, utc_us (2024, 3, 31, 1, 0, 0));
  g_assert_cmpint (parse_ok (NULL, "Europe/Berlin", "2024-03-31 02:30:00"), ==,
                   zone_us ("Europe/Berlin", 2024, 3, 31, 2, 30, 0));
  /* A time that happens twice (02:30 on 2024-10-27) is the later one, CET. */
  g_assert_cmpint (parse_ok (NULL, "Europe/Berlin", "2024-10-27 02:30:00"), ==, utc_us (2024, 10, 27, 1, 30, 0));
  g_assert_cmpint (parse_ok (NULL, "Europe/Berlin", "2024-10-27 02:30:00"), ==,
                   zone_us ("Europe/Berlin", 2024, 10, 27, 2, 30, 0));
  /* The earlier one needs its offset. */
  g_assert_cmpint (parse_ok (NULL, "Europe/Berlin", "2024-10-27 02:30:00+02:00"), ==, utc_us (2024, 10, 27, 0, 30, 0));

  /* The default zone is the local one (TZ). */
  g_setenv ("TZ", "Asia/Tokyo", TRUE);
  g_assert_cmpint (parse_ok (NULL, NULL, "2015-02-02 14:19:00"), ==, utc_us (2015, 2, 2, 5, 19, 0));
  g_assert_cmpint (parse_ok (NULL, "local", "2015-02-02 14:19:00"), ==, utc_us (2015, 2, 2, 5, 19, 0));
  g_unsetenv ("TZ");

  unknown = twin_time_zone_new ("Mars/Olympus_Mons", &error);
  g_assert_null (unknown);
  g_assert_error (error, TWIN_TIME_ERROR, TWIN_TIME_ERROR_ZONE);
  g_assert_nonnull (strstr (error->message, "Mars/Olympus_Mons"));
}

static void
test_time_format (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20260105);
  struct
  {
    gint64      t_us;
    const char *text;
  } cases[] = {
    { 0, "1970-01-01T00:00:00Z" },
    { 1, "1970-01-01T00:00:00.000001Z" },
    { -1, "1969-12-31T23:59:59.999999Z" },
    { 500000, "1970-01-01T00:00:00.5Z" },
    { 120000, "1970-01-01T00:00:00.12Z" },
    { G_GINT64_CONSTANT (1422886740000000), "2015-02-02T14:19:00Z" },
    { G_GINT64_CONSTANT (253402300799999999), "9999-12-31T23:59:59.999999Z" },
    { G_GINT64_CONSTANT (-62135596800000000), "0001-01-01T00:00:00Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = twin_time_format_iso8601 (cases[i].t_us);
      gint64           back = 0;

      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_true (twin_time_parse (text, NULL, &back, NULL));
      g_assert_cmpint (back, ==, cases[i].t_us);
    }

  /* Any time of the years 0001 to 9999 reads back exactly, whatever the zone. */
  for (guint i = 0; i < 20000; i++)
    {
      gint64           t_us = (gint64) (g_rand_double_range (rand, -6.2e16, 2.5e17));
      g_autofree char *text = NULL;
      gint64           back = 0;

      if (i % 3 == 0)
        t_us -= t_us % G_USEC_PER_SEC; /* whole seconds too */
      text = twin_time_format_iso8601 (t_us);
      g_assert_true (twin_time_parse (text, NULL, &back, NULL));
      g_assert_cmpint (back, ==, t_us);
    }
}

/* Import ------------------------------------------------------------------ */

static void
assert_samples (GArray       *samples,
                const gint64 *times,
                const double *values,
                guint         n)
{
  g_assert_cmpuint (samples->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (g_array_index (samples, TwinSample, i).t_us, ==, times[i]);
      g_assert_cmpfloat (g_array_index (samples, TwinSample, i).value, ==, values[i]);
    }
}

static void
test_import_basic (void)
{
  g_autofree char *path = new_project ("basic.dtwin");
  g_autoptr (TwinHistorian) historian = open_historian (path, FALSE);
  g_autoptr (TwinCsvImportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) temperature = NULL;
  g_autoptr (GArray) flow = NULL;
  g_autoptr (TwinSignalInfo) info = NULL;
  TwinCsvImportOptions options;
  gint64               t0 = utc_us (2024, 5, 1, 12, 0, 0);
  gint64               times[] = { t0, t0 + 60 * G_USEC_PER_SEC, t0 + 120 * G_USEC_PER_SEC };
  double               temperatures[] = { 21.5, -3e-5, 22 };
  double               flows[] = { 1.25, 7 };
  gint64               flow_times[] = { t0, t0 + 120 * G_USEC_PER_SEC };

  twin_csv_import_options_init (&options);
  options.time_zone = g_time_zone_new_utc ();
  /* A BOM, CR LF, quoted names with a separator and a quote, a unit in the
   * header, spaces in numbers, an empty cell, a NaN, a text column and a
   * blank line. */
  report = import_text (historian,
                        "\xEF\xBB\xBF"
                        "Timestamp,Temperature [°C],\"Flow, \"\"main\"\"\",Comment\r\n"
                        "2024-05-01 12:00:00, 21.5 ,\"  1.25\",first row\r\n"
                        "2024-05-01 12:01:00,-3e-5,,\"a \"\"quoted\"\", comma\"\r\n"
                        "\r\n"
                        "2024-05-01 12:02:00,22,7,\"two\nlines\"\r\n"
                        "2024-05-01 12:03:00,NaN,,\r\n",
                        &options, &error);
  g_time_zone_unref (options.time_zone);
  g_assert_no_error (error);
  g_assert_nonnull (report);

  g_assert_cmpint (report->delimiter, ==, ',');
  g_assert_cmpint (report->decimal, ==, '.');
  g_assert_cmpstr (report->time_column, ==, "Timestamp");
  g_assert_cmpint (report->time_kind, ==, TWIN_TIME_KIND_ISO8601);
  g_assert_cmpuint (report->n_rows, ==, 4);
  g_assert_cmpuint (report->n_samples, ==, 5);
  g_assert_cmpint (report->first_us, ==, t0);
  g_assert_cmpint (report->last_us, ==, t0 + 180 * G_USEC_PER_SEC);
  g_assert_cmpuint (report->signals->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (report->signals, 0), ==, "Temperature");
  g_assert_cmpstr (g_ptr_array_index (report->signals, 1), ==, "Flow, \"main\"");
  g_assert_cmpuint (report->notes->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (report->notes, 0), "Comment"));
  g_assert_nonnull (strstr (g_ptr_array_index (report->notes, 0), "first row"));

  temperature = read_signal (historian, "Temperature");
  assert_samples (temperature, times, temperatures, 3);
  flow = read_signal (historian, "Flow, \"main\"");
  assert_samples (flow, flow_times, flows, 2);
  info = twin_historian_lookup_signal (historian, "Temperature", &error);
  g_assert_cmpstr (info->unit, ==, "°C");
  g_assert_cmpstr (info->source, ==, "data.csv");
  g_clear_pointer (&info, twin_signal_info_free);
  info = twin_historian_lookup_signal (historian, "Flow, \"main\"", &error);
  g_assert_cmpstr (info->unit, ==, "");
  g_assert_cmpuint (count_signals (historian), ==, 2);
}

static void
test_import_epoch_and_tab (void)
{
  g_autofree char *path = new_project ("epoch.dtwin");
  g_autoptr (TwinHistorian) historian = open_historian (path, FALSE);
  g_autoptr (TwinCsvImportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) a = NULL;
  gint64 times[] = { G_GINT64_CONSTANT (1422886740123000), G_GINT64_CONSTANT (1422886741000000) };
  double values[] = { 1.5, 2 };

  /* No time-like name: the first column is the time. Milliseconds. */
  report = import_text (historian, "ms\ta\n1422886740123\t1.5\n1422886741000\t2\n", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->delimiter, ==, '\t');
  g_assert_cmpstr (report->time_column, ==, "ms");
  g_assert_cmpint (report->time_kind, ==, TWIN_TIME_KIND_EPOCH_MS);
  a = read_signal (historian, "a");
  assert_samples (a, times, values, 2);
}

static void
test_import_comma_decimal (void)
{
  g_autofree char *path = new_project ("comma.dtwin");
  g_autoptr (TwinHistorian) historian = open_historian (path, FALSE);
  g_autoptr (TwinCsvImportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) t = NULL;
  g_autoptr (GArray) p = NULL;
  TwinCsvImportOptions options;
  gint64               t0 = utc_us (2024, 5, 1, 12, 0, 0);
  gint64               times[] = { t0, t0 + 1500000, t0 + 3 * G_USEC_PER_SEC };
  double               temperatures[] = { 21, 21.5, -0.125 };
  double               pressures[] = { 1013.25, 1e3, 1.5e-3 };

  /* A German file: semicolons, decimal commas (the first numbers have none,
   * so the comma is found later), a pattern with a comma before %f. */
  twin_csv_import_options_init (&options);
  options.time_zone = g_time_zone_new_utc ();
  options.time_format = "%d.%m.%Y %H:%M:%S,%f";
  report = import_text (historian,
                        "Zeit;Temperatur;Druck\n"
                        "01.05.2024 12:00:00,0;21;1013,25\n"
                        "01.05.2024 12:00:01,5;21,5;1000\n"
                        "01.05.2024 12:00:03,0;-0,125;1,5e-3\n",
                        &options, &error);
  g_time_zone_unref (options.time_zone);
  g_assert_no_error (error);
  g_assert_cmpint (report->delimiter, ==, ';');
  g_assert_cmpint (report->decimal, ==, ',');
  /* "Zeit" is not a time-like name in English: the first column was taken. */
  g_assert_cmpstr (report->time_column, ==, "Zeit");
  t = read_signal (historian, "Temperatur");
  assert_samples (t, times, temperatures, 3);
  p = read_signal (historian, "Druck");
  assert_samples (p, times, pressures, 3);
}

/* Imports the same dot and comma files; the results must not depend on the
 * process's LC_NUMERIC. */
static char *
import_and_export (const char *basename,
                   const char *text)
{
  g_autofree char *path = new_project (basename);
  g_autoptr (TwinHistorian) historian = open_historian (path, FALSE);
  g_autoptr (TwinCsvImportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
  TwinCsvImportOptions options;

  twin_csv_import_options_init (&options);
  options.time_zone = g_time_zone_new_utc ();
  report = import_text (historian, text, &options, &error);
  g_time_zone_unref (options.time_zone);
  g_assert_no_error (error);
  g_assert_true (twin_csv_export (historian, NULL, G_MININT64, G_MAXINT64, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
}

static void
test_import_comma_locale (void)
{
  const char      *dot_file = "time,x,y\n2024-05-01T00:00:00Z,1.5,-2.25e3\n2024-05-01T00:00:01.5Z,0.1,3\n";
  const char      *comma_file = "time;x;y\n2024-05-01T00:00:00Z;1,5;-2,25e3\n2024-05-01T00:00:01,5Z;0,1;3\n";
  const char      *expected = "time,x,y\n2024-05-01T00:00:00Z,1.5,-2250\n2024-05-01T00:00:01.5Z,0.1,3\n";
  g_autofree char *dot_c = import_and_export ("dot-c.dtwin", dot_file);
  g_autofree char *comma_c = import_and_export ("comma-c.dtwin", comma_file);
  g_autofree char *dot_de = NULL;
  g_autofree char *comma_de = NULL;
  const char      *locale;

  g_assert_cmpstr (dot_c, ==, expected);
  g_assert_cmpstr (comma_c, ==, expected);

  locale = setlocale (LC_NUMERIC, "de_DE.UTF-8");
  if (locale == NULL)
    locale = setlocale (LC_NUMERIC, "de_DE.utf8");
  if (locale == NULL)
    {
      g_test_skip ("No comma-decimal locale (de_DE.UTF-8) is installed; run `localedef -i de_DE -f UTF-8 de_DE.UTF-8`.");
      return;
    }
  /* The locale really is comma-decimal: plain printf says so. */
  {
    char buffer[16];

    g_snprintf (buffer, sizeof buffer, "%.1f", 1.5);
    g_assert_cmpstr (buffer, ==, "1,5");
  }
  dot_de = import_and_export ("dot-de.dtwin", dot_file);
  comma_de = import_and_export ("comma-de.dtwin", comma_file);
  setlocale (LC_NUMERIC, "C");
  g_assert_cmpstr (dot_de, ==, expected);
  g_assert_cmpstr (comma_de, ==, expected);
}

static void
test_import_bad_rows (void)
{
  g_autofree char *path = new_project ("bad.dtwin");
  g_autoptr (TwinHistorian) historian = open_historian (path, FALSE);
  g_autoptr (TwinHistorian) other = NULL;
  g_autoptr (TwinCsvImportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = g_string_new ("time,a,b\n");
  g_autoptr (GArray) before = NULL;
  g_autoptr (GArray) after = NULL;
  TwinSample existing = { 42, 1.0 };
  gint64     id;
  guint      n_bad = 0;

  /* A signal that exists before must keep exactly its samples. */
  id = twin_historian_ensure_signal (historian, "a", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (twin_historian_append (historian, id, &existing, 1, &error));
  before = read_signal (historian, "a");

  /* 3000 rows (line n + 2 for row n), 14 of them bad, the first at line 3. */
  for (guint row = 0; row < 3000; row++)
    {
      guint line = row + 2;

      if (line == 3)
        g_string_append (text, "not a time,1,2\n");
      else if (line % 250 == 0)
        g_string_append_printf (text, "%u,%u,oops\n", 1700000000 + row, row);
      else if (line == 2999)
        g_string_append_printf (text, "%u,1\n", 1700000000 + row);
      else if (line == 3001)
        g_string_append_printf (text, "%u,inf,1\n", 1700000000 + row);
      else
        {
          g_string_append_printf (text, "%u,%u,%u.5\n", 1700000000 + row, row, row);
          continue;
        }
      n_bad++;
    }
  g_assert_cmpuint (n_bad, ==, 15);

  report = import_text (historian, text->str, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_BAD_ROWS);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "data.csv"));
  g_assert_nonnull (strstr (error->message, "15 bad rows"));
  /* The first row settled the form: seconds since 1970. */
  g_assert_nonnull (strstr (error->message, "line 3: “not a time” is not a number of seconds"));
  g_assert_nonnull (strstr (error->message, "line 250: “oops” in column “b” is not a number"));
  g_assert_nonnull (strstr (error->message, "line 2250:"));
  /* Only the first ten are listed. */
  g_assert_null (strstr (error->message, "line 2500:"));
  g_assert_null (strstr (error->message, "line 2999:"));
  g_assert_null (strchr (error->message, '\n'));

  /* Nothing stored, seen on this connection and on a fresh one. */
  g_assert_false (twin_historian_in_transaction (historian));
  g_assert_cmpuint (count_signals (historian), ==, 1);
  after = read_signal (historian, "a");
  g_assert_cmpuint (after->len, ==, before->len);
  g_assert_cmpint (g_array_index (after, TwinSample, 0).t_us, ==, 42);
  other = open_historian (path, TRUE);
  g_assert_cmpuint (count_signals (other), ==, 1);

  /* One bad row: the message names the line alone; the short row, the
   * infinity and an unclosed quote are bad too. */
  g_clear_error (&error);
  report = import_text (historian, "time,a\n1700000000,1\n1700000001,1e999\n", NULL, &error);
  g_assert_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_BAD_ROWS);
  g_assert_nonnull (strstr (error->message, "“data.csv”, line 3: “1e999” in column “a” is not a number"));
  g_clear_error (&error);
  report = import_text (historian, "time,a\n1700000000,\"1\n1700000001,2\n", NULL, &error);
  g_assert_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_BAD_ROWS);
  g_assert_nonnull (strstr (error->message, "line 2:"));
  g_clear_error (&error);
  report = import_text (historian, "time,a,b\n1700000000,1,2\n1700000001,1\n1700000002,1,2,3,4\n", NULL, &error);
  g_assert_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_BAD_ROWS);
  g_assert_nonnull (strstr (error->message, "line 3: It has 2 fields where the header has 3"));
  g_assert_nonnull (strstr (error->message, "line 4: It has 5 fields where the header has 3"));
  g_clear_error (&error);
  report = import_text (historian, "time,a\n,1\n", NULL, &error);
  g_assert_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_BAD_ROWS);
  g_assert_nonnull (strstr (error->message, "line 2: It has no time"));
  g_assert_cmpuint (count_signals (historian), ==, 1);
}

static void
test_import_invalid (void)
{
  g_autofree char *path = new_project ("invalid.dtwin");
  g_autoptr (TwinHistorian) historian = open_historian (path, FALSE);
  g_autoptr (TwinCsvImportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) map = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char     *missing = twin_test_tmp_path ("missing.csv");
  TwinCsvImportOptions options;

  report = import_text (historian, "", NULL, &error);
  g_assert_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_INVALID);
  g_clear_error (&error);
  report = import_text (historian, "time,\xff\xfe\n1,2\n", NULL, &error);
  g_assert_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
  g_clear_error (&error);
  report = import_text (historian, "time,a,a\n1,2,3\n", NULL, &error);
  g_assert_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_INVALID);
  g_clear_error (&error);

  twin_csv_import_options_init (&options);
  options.time_column = "when";
  report = import_text (historian, "time,a\n1,2\n", &options, &error);
  g_assert_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“when”"));
  g_clear_error (&error);

  twin_csv_import_options_init (&options);
  options.map = map;
  g_hash_table_insert (map, "b", "B");
  report = import_text (historian, "time,a\n1,2\n", &options, &error);
  g_assert_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_INVALID);
  g_clear_error (&error);

  twin_csv_import_options_init (&options);
  options.delimiter = ',';
  options.decimal = ',';
  report = import_text (historian, "time,a\n1,2\n", &options, &error);
  g_assert_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_INVALID);
  g_clear_error (&error);

  report = twin_csv_import_file (historian, missing, NULL, NULL, NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.csv"));
  g_clear_error (&error);

  /* A unit that differs from the known signal's is refused, nothing stored. */
  g_assert_cmpint (twin_historian_ensure_signal (historian, "a", "K", &error), >, 0);
  report = import_text (historian, "time,a [°C]\n1,2\n", NULL, &error);
  g_assert_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (count_signals (historian), ==, 1);
  g_assert_false (twin_historian_in_transaction (historian));
}

static void
test_import_mapping (void)
{
  g_autofree char *path = new_project ("mapping.dtwin");
  g_autoptr (TwinHistorian) historian = open_historian (path, FALSE);
  g_autoptr (TwinCsvImportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) map = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) units = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (TwinSignalInfo) info = NULL;
  g_autoptr (GArray) samples = NULL;
  TwinCsvImportOptions options;
  gint64               times[] = { 1000000, 2000000 };
  double               values[] = { 10, 20 };

  twin_csv_import_options_init (&options);
  options.map = map;
  options.units = units;
  options.time_column = "3"; /* by number */
  options.time_format = "s";
  g_hash_table_insert (map, "A", "plant/pump.speed"); /* by name, case differs */
  g_hash_table_insert (map, "2", "plant/pump.power"); /* by number */
  g_hash_table_insert (units, "a", "rpm");            /* wins over the header's "Hz" */
  report = import_text (historian, "a [Hz],b [W],t,c\n10,100,1,x\n20,,2,y\n", &options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->time_column, ==, "t");
  g_assert_cmpuint (report->signals->len, ==, 2);
  g_assert_cmpuint (count_signals (historian), ==, 2);
  /* c is not mapped: it is not read at all, so its text is no error. */
  g_assert_cmpuint (report->notes->len, ==, 0);

  info = twin_historian_lookup_signal (historian, "plant/pump.speed", &error);
  g_assert_cmpstr (info->unit, ==, "rpm");
  g_assert_cmpint (info->n_samples, ==, 2);
  samples = read_signal (historian, "plant/pump.speed");
  assert_samples (samples, times, values, 2);
  g_clear_pointer (&info, twin_signal_info_free);
  info = twin_historian_lookup_signal (historian, "plant/pump.power", &error);
  g_assert_cmpstr (info->unit, ==, "W");
  g_assert_cmpint (info->n_samples, ==, 1);

  /* The time column cannot be a signal; two columns cannot share one. */
  g_clear_pointer (&report, twin_csv_import_report_free);
  g_hash_table_remove_all (map);
  g_hash_table_remove_all (units);
  g_hash_table_insert (map, "t", "x");
  report = import_text (historian, "a,b,t\n1,2,3\n", &options, &error);
  g_assert_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_INVALID);
  g_clear_error (&error);
  g_hash_table_remove_all (map);
  g_hash_table_insert (map, "a", "x");
  g_hash_table_insert (map, "b", "x");
  report = import_text (historian, "a,b,t\n1,2,3\n", &options, &error);
  g_assert_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“x”"));
}

static void
test_import_duplicates (void)
{
  g_autofree char *path = new_project ("dup.dtwin");
  g_autoptr (TwinHistorian) historian = open_historian (path, FALSE);
  g_autoptr (TwinCsvImportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) samples = NULL;
  gint64 times[] = { 1000000, 2000000 };
  double values[] = { 3, 2 };

  /* A time twice for one signal: the later row wins (the historian's rule),
   * also across batches. */
  report = import_text (historian, "time,a\n1,1\n2,2\n1,3\n", NULL, &error);
  g_assert_no_error (error);
  samples = read_signal (historian, "a");
  assert_samples (samples, times, values, 2);
}

typedef struct
{
  TwinHistorian *historian;
  GCancellable  *cancellable;
  gint64         n_seen; /* samples of "a" visible in the transaction when cancelled */
  guint          n_calls;
} CancelData;

static void
cancel_midway (double   fraction,
               gpointer user_data)
{
  CancelData *data = user_data;

  data->n_calls++;
  g_assert_cmpfloat (fraction, >=, 0.0);
  g_assert_cmpfloat (fraction, <=, 1.0);
  if (fraction > 0.3 && !g_cancellable_is_cancelled (data->cancellable))
    {
      g_autoptr (TwinSignalInfo) info = twin_historian_lookup_signal (data->historian, "a", NULL);

      data->n_seen = info != NULL ? info->n_samples : 0;
      g_cancellable_cancel (data->cancellable);
    }
}

static void
test_import_cancel (void)
{
  g_autofree char *path = new_project ("cancel.dtwin");
  g_autofree char *csv = twin_test_tmp_path ("big.csv");
  g_autoptr (TwinHistorian) historian = open_historian (path, FALSE);
  g_autoptr (TwinHistorian) other = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (TwinCsvImportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = g_string_new ("time,a,b\n");
  TwinCsvImportOptions options;
  CancelData           data = { historian, cancellable, 0, 0 };

  for (guint row = 0; row < 100000; row++)
    g_string_append_printf (text, "%u,%u,%g\n", 1700000000 + row, row, row * 0.5);
  twin_test_write_file (csv, text->str, text->len);

  twin_csv_import_options_init (&options);
  options.batch_size = 1000;
  report = twin_csv_import_file (historian, csv, &options, cancel_midway, &data, cancellable, &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Samples had been appended inside the transaction before the cancel. */
  g_assert_cmpint (data.n_seen, >, 10000);
  g_assert_false (twin_historian_in_transaction (historian));
  g_assert_cmpuint (count_signals (historian), ==, 0);
  other = open_historian (path, TRUE);
  g_assert_cmpuint (count_signals (other), ==, 0);

  /* Without a cancel the same file goes in whole, with progress to 1. */
  g_clear_error (&error);
  data.n_calls = 0;
  report = twin_csv_import_file (historian, csv, &options, cancel_midway, &data, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_samples, ==, 200000);
  g_assert_cmpuint (data.n_calls, >, 5);
}

/* Export and round trip --------------------------------------------------- */

static char *
export_all (TwinHistorian *historian,
            gint64         from_us,
            gint64         to_us)
{
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr (GError) error = NULL;

  g_assert_true (twin_csv_export (historian, NULL, from_us, to_us, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
}

static double
random_value (GRand *rand)
{
  for (;;)
    {
      union
      {
        guint64 bits;
        double  value;
      } u;

      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0:
          u.bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
          if (isfinite (u.value))
            return u.value;
          break;
        case 1:
          return g_rand_double_range (rand, -100, 100);
        case 2:
          return g_rand_int_range (rand, -1000, 1000);
        default:
          return g_rand_int_range (rand, -1000, 1000) / 10.0;
        }
    }
}

static void
test_round_trip (void)
{
  g_autofree char *path = new_project ("source.dtwin");
  g_autofree char *copy = new_project ("copy.dtwin");
  g_autofree char *csv = twin_test_tmp_path ("export.csv");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *file_text = NULL;
  g_autofree char *window = NULL;
  g_autoptr (TwinHistorian) historian = open_historian (path, FALSE);
  g_autoptr (TwinHistorian) target = open_historian (copy, FALSE);
  g_autoptr (TwinCsvImportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (5);
  const struct
  {
    const char *name;
    const char *unit;
    gint64      start_us;
    guint       n;
  } signals[] = {
    { "building/room-1.temperature", "°C", -86400 * G_GINT64_CONSTANT (1000000), 3000 },
    { "flow, main", "m³/h", 0, 2000 },
    { "odd \"name\" [x]", "", 5000000, 500 },
    { "sparse", "", G_GINT64_CONSTANT (1700000000000000), 40 },
    { "µ values", "µA", G_GINT64_CONSTANT (1700000000000000), 1000 },
  };
  const double extremes[] = { 5e-324, -1.7976931348623157e308, 0.1, 1e-300, 123456789012345678.0, -0.0, 2.5 };
  gsize        length = 0;

  for (guint s = 0; s < G_N_ELEMENTS (signals); s++)
    {
      g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (TwinSample));
      gint64 id = twin_historian_ensure_signal (historian, signals[s].name, signals[s].unit, &error);
      gint64 t = signals[s].start_us;

      g_assert_no_error (error);
      for (guint i = 0; i < signals[s].n; i++)
        {
          TwinSample sample;

          /* Steps from a microsecond to an hour; some times shared across signals. */
          t += g_rand_boolean (rand) ? 1000000 : (gint64) g_rand_int_range (rand, 0, 3600) * 1000000 + g_rand_int_range (rand, 1, 1000000);
          sample.t_us = t;
          sample.value = i < G_N_ELEMENTS (extremes) ? extremes[i] : random_value (rand);
          g_array_append_val (samples, sample);
        }
      g_assert_true (twin_historian_append (historian, id, (TwinSample *) samples->data, samples->len, &error));
      g_assert_no_error (error);
    }

  /* Through a file, the way a user does it. */
  g_assert_true (twin_csv_export_file (historian, NULL, G_MININT64, G_MAXINT64, csv, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  first = export_all (historian, G_MININT64, G_MAXINT64);
  g_assert_true (g_file_get_contents (csv, &file_text, &length, NULL));
  g_assert_cmpstr (file_text, ==, first);
  g_assert_true (g_str_has_prefix (first, "time,building/room-1.temperature [°C],\"flow, main [m³/h]\","
                                          "\"odd \"\"name\"\" [x] []\",sparse,µ values [µA]\n"));

  report = twin_csv_import_file (target, csv, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->signals->len, ==, G_N_ELEMENTS (signals));
  second = export_all (target, G_MININT64, G_MAXINT64);
  g_assert_cmpstr (second, ==, first);

  /* The samples themselves, bit for bit, and the units. */
  for (guint s = 0; s < G_N_ELEMENTS (signals); s++)
    {
      g_autoptr (GArray) a = read_signal (historian, signals[s].name);
      g_autoptr (GArray) b = read_signal (target, signals[s].name);
      g_autoptr (TwinSignalInfo) info = twin_historian_lookup_signal (target, signals[s].name, NULL);

      g_assert_cmpstr (info->unit, ==, signals[s].unit);
      g_assert_cmpuint (a->len, ==, b->len);
      for (guint i = 0; i < a->len; i++)
        {
          g_assert_cmpint (g_array_index (a, TwinSample, i).t_us, ==, g_array_index (b, TwinSample, i).t_us);
          g_assert_cmpmem (&g_array_index (a, TwinSample, i).value, sizeof (double),
                           &g_array_index (b, TwinSample, i).value, sizeof (double));
        }
    }

  /* A range: [from, to), rows only from it. */
  window = export_all (historian, -3600 * G_GINT64_CONSTANT (1000000), 7200 * G_GINT64_CONSTANT (1000000));
  {
    g_auto (GStrv) lines = g_strsplit (window, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), >=, 10);
    for (guint i = 1; lines[i][0] != '\0'; i++)
      {
        g_auto (GStrv) cells = g_strsplit (lines[i], ",", 2);
        gint64 t_us = -1;

        g_assert_true (twin_time_parse (cells[0], NULL, &t_us, NULL));
        g_assert_cmpint (t_us, >=, -3600 * G_GINT64_CONSTANT (1000000));
        g_assert_cmpint (t_us, <, 7200 * G_GINT64_CONSTANT (1000000));
      }
  }
}

static void
test_export_errors (void)
{
  g_autofree char *path = new_project ("export.dtwin");
  g_autofree char *csv = twin_test_tmp_path ("keep.csv");
  g_autoptr (TwinHistorian) historian = open_historian (path, FALSE);
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  const char      *names[] = { "nope", NULL };

  g_assert_false (twin_csv_export (historian, names, G_MININT64, G_MAXINT64, out, NULL, NULL, NULL, &error));
  g_assert_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nope"));
  g_clear_error (&error);

  /* A failed export leaves an existing file as it was. */
  twin_test_write_file (csv, "old\n", 4);
  g_assert_false (twin_csv_export_file (historian, names, G_MININT64, G_MAXINT64, csv, NULL, NULL, NULL, &error));
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "old\n");

  /* No signals: just the header. */
  g_clear_pointer (&text, g_free);
  text = export_all (historian, G_MININT64, G_MAXINT64);
  g_assert_cmpstr (text, ==, "time\n");
}

/* Real files from ../shared/data/sensors ---------------------------------- */

static void
test_real_occupancy (void)
{
  g_autofree char *csv = twin_test_shared_data ("sensors", "occupancy", "datatest.txt", NULL);
  g_autofree char *path = NULL;
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (TwinCsvImportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) infos = NULL;
  TwinCsvImportOptions options;
  const char          *expected[] = { "Temperature", "Humidity", "Light", "CO2", "HumidityRatio", "Occupancy" };

  if (csv == NULL || !g_file_test (csv, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("../shared/data/sensors/occupancy/datatest.txt is not here");
      return;
    }
  path = new_project ("occupancy.dtwin");
  historian = open_historian (path, FALSE);
  twin_csv_import_options_init (&options);
  options.time_zone = g_time_zone_new_utc ();
  report = twin_csv_import_file (historian, csv, &options, NULL, NULL, NULL, &error);
  g_time_zone_unref (options.time_zone);
  g_assert_no_error (error);

  g_assert_cmpuint (report->n_rows, ==, 2665);
  g_assert_cmpuint (report->n_samples, ==, 6 * 2665);
  g_assert_cmpstr (report->time_column, ==, "date");
  g_assert_cmpint (report->first_us, ==, utc_us (2015, 2, 2, 14, 19, 0));
  g_assert_cmpint (report->last_us, ==, utc_us (2015, 2, 4, 10, 43, 0));
  g_assert_cmpuint (report->signals->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (g_ptr_array_index (report->signals, i), ==, expected[i]);
  /* The leading row-number column without a name is said, not an error. */
  g_assert_cmpuint (report->notes->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (report->notes, 0), "one column fewer"));

  infos = twin_historian_list_signals (historian, &error);
  g_assert_cmpuint (infos->len, ==, 6);
  for (guint i = 0; i < infos->len; i++)
    {
      const TwinSignalInfo *info = g_ptr_array_index (infos, i);

      g_assert_cmpint (info->n_samples, ==, 2665);
      g_assert_cmpint (info->first_us, ==, utc_us (2015, 2, 2, 14, 19, 0));
      g_assert_cmpint (info->last_us, ==, utc_us (2015, 2, 4, 10, 43, 0));
    }
  {
    g_autoptr (GArray) temperature = read_signal (historian, "Temperature");

    /* The first row: "140","2015-02-02 14:19:00",23.7,… */
    g_assert_cmpfloat (g_array_index (temperature, TwinSample, 0).value, ==, 23.7);
  }
}

static void
test_real_appliances (void)
{
  g_autofree char *csv = twin_test_shared_data ("sensors", "appliances", "testing.csv", NULL);
  g_autofree char *path = NULL;
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (TwinCsvImportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinSignalInfo) info = NULL;
  g_autoptr (GArray) appliances = NULL;
  TwinCsvImportOptions options;

  if (csv == NULL || !g_file_test (csv, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("../shared/data/sensors/appliances/testing.csv is not here");
      return;
    }
  path = new_project ("appliances.dtwin");
  historian = open_historian (path, FALSE);
  twin_csv_import_options_init (&options);
  options.time_zone = g_time_zone_new_utc ();
  report = twin_csv_import_file (historian, csv, &options, NULL, NULL, NULL, &error);
  g_time_zone_unref (options.time_zone);
  g_assert_no_error (error);

  /* 32 columns: the date, 29 numbers, WeekStatus and Day_of_week (text). */
  g_assert_cmpuint (report->n_rows, ==, 4932);
  g_assert_cmpuint (report->signals->len, ==, 29);
  g_assert_cmpuint (report->n_samples, ==, 29 * 4932);
  g_assert_cmpint (report->first_us, ==, utc_us (2016, 1, 11, 17, 30, 0));
  g_assert_cmpint (report->last_us, ==, utc_us (2016, 5, 27, 17, 40, 0));
  g_assert_cmpuint (report->notes->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (report->notes, 0), "WeekStatus"));
  g_assert_nonnull (strstr (g_ptr_array_index (report->notes, 1), "Day_of_week"));

  /* Quoted numbers with spaces: "  50" is 50. */
  appliances = read_signal (historian, "Appliances");
  g_assert_cmpuint (appliances->len, ==, 4932);
  g_assert_cmpint (g_array_index (appliances, TwinSample, 0).t_us, ==, utc_us (2016, 1, 11, 17, 30, 0));
  g_assert_cmpfloat (g_array_index (appliances, TwinSample, 0).value, ==, 50);
  g_assert_cmpfloat (g_array_index (appliances, TwinSample, appliances->len - 1).value, ==, 270);
  info = twin_historian_lookup_signal (historian, "T_out", &error);
  g_assert_cmpint (info->n_samples, ==, 4932);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/history/time/iso8601", test_time_iso8601);
  g_test_add_func ("/core/history/time/epoch", test_time_epoch);
  g_test_add_func ("/core/history/time/auto-settles", test_time_auto_settles);
  g_test_add_func ("/core/history/time/pattern", test_time_pattern);
  g_test_add_func ("/core/history/time/zones", test_time_zones);
  g_test_add_func ("/core/history/time/format", test_time_format);
  g_test_add_func ("/core/history/csv/import-basic", test_import_basic);
  g_test_add_func ("/core/history/csv/import-epoch-tab", test_import_epoch_and_tab);
  g_test_add_func ("/core/history/csv/comma-decimal", test_import_comma_decimal);
  g_test_add_func ("/core/history/csv/comma-locale", test_import_comma_locale);
  g_test_add_func ("/core/history/csv/bad-rows", test_import_bad_rows);
  g_test_add_func ("/core/history/csv/invalid", test_import_invalid);
  g_test_add_func ("/core/history/csv/mapping", test_import_mapping);
  g_test_add_func ("/core/history/csv/duplicates", test_import_duplicates);
  g_test_add_func ("/core/history/csv/cancel", test_import_cancel);
  g_test_add_func ("/core/history/csv/round-trip", test_round_trip);
  g_test_add_func ("/core/history/csv/export-errors", test_export_errors);
  g_test_add_func ("/core/history/csv/real-occupancy", test_real_occupancy);
  g_test_add_func ("/core/history/csv/real-appliances", test_real_appliances);

  return g_test_run ();
}
