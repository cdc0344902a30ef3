/* test-payload.c: decoding feed payloads: plain numbers, JSON with paths, SenML packs (RFC 8428), and refusals.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every refusal is checked for its reason, since that is what the user sees
 * next to the topic. The SenML cases follow the examples of RFC 8428 §5.
 */

#define G_LOG_DOMAIN "test-payload"

#include "config.h"

#include "twin-core.h"
#include "twin-test-util.h"

#include "feeds/twin-payload.h"

#include <locale.h>
#include <math.h>
#include <string.h>

/* 2026-01-01T00:00:00Z */
#define ARRIVAL_US G_GINT64_CONSTANT (1767225600000000)

static GArray *
decode (const char *format_text,
        const char *payload,
        GError    **error)
{
  g_autoptr (TwinPayloadFormat) format = twin_payload_format_parse (format_text, NULL);

  g_assert_nonnull (format);
  return twin_payload_decode (format, payload, strlen (payload), ARRIVAL_US, error);
}

static const TwinPayloadRecord *
record_at (GArray *records,
           guint   index)
{
  g_assert_cmpuint (index, <, records->len);
  return &g_array_index (records, TwinPayloadRecord, index);
}

/* Decodes one payload that must be refused, with @reason in the message. */
static void
assert_refused (const char *format_text,
                const char *payload,
                const char *reason)
{
  g_autoptr (GError) error = NULL;
  GArray *records = decode (format_text, payload, &error);

  if (records != NULL)
    g_error ("“%s” as %s was decoded", payload, format_text);
  g_assert_error (error, TWIN_PAYLOAD_ERROR, TWIN_PAYLOAD_ERROR_DECODE);
  if (strstr (error->message, reason) == NULL)
    g_error ("“%s” as %s: “%s” does not say “%s”", payload, format_text, error->message, reason);
}

static void
test_format_text (void)
{
  static const char *const good[] = { "number", "senml", "json:value", "json:data.temp", "json:readings[0].v",
                                      "json:[1]", "json:a[0][2].b@meta.time", "json:v@t" };
  static const char *const bad[] = { "", "Number", "json", "json:", "json:a..b", "json:.a", "json:a.",
                                     "json:a[x]", "json:a[]", "json:a[1", "json:a[0]b", "json:v@", "json:@t", "xml:v",
                                     "senml:x" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (TwinPayloadFormat) format = twin_payload_format_parse (good[i], &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      text = twin_payload_format_to_string (format);
      g_assert_cmpstr (text, ==, good[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (TwinPayloadFormat) format = twin_payload_format_parse (bad[i], &error);

      if (format != NULL)
        g_error ("the format “%s” was accepted", bad[i]);
      g_assert_error (error, TWIN_PAYLOAD_ERROR, TWIN_PAYLOAD_ERROR_FORMAT);
      g_assert_nonnull (strstr (error->message, bad[i]));
    }

  {
    g_autoptr (TwinPayloadFormat) format = twin_payload_format_parse ("json:a.b[3]@c", NULL);

    g_assert_cmpint (format->kind, ==, TWIN_PAYLOAD_JSON);
    g_assert_cmpstr (format->value_path, ==, "a.b[3]");
    g_assert_cmpstr (format->time_path, ==, "c");
  }
}

static void
test_number (void)
{
  static const struct
  {
    const char *payload;
    double      value;
  } cases[] = {
    { "21.5", 21.5 },
    { "  -3\n", -3 },
    { "1e3", 1000 },
    { "0", 0 },
    { "+7.25", 7.25 },
    { "-0.000125", -0.000125 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      GArray *records = decode ("number", cases[i].payload, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (records->len, ==, 1);
      g_assert_cmpfloat (record_at (records, 0)->value, ==, cases[i].value);
      g_assert_cmpint (record_at (records, 0)->t_us, ==, ARRIVAL_US);
      g_assert_null (record_at (records, 0)->name);
      g_assert_null (record_at (records, 0)->unit);
      twin_payload_records_free (records);
    }

  assert_refused ("number", "", "empty");
  assert_refused ("number", "   ", "empty");
  assert_refused ("number", "abc", "not a number");
  assert_refused ("number", "21,5", "not a number");
  assert_refused ("number", "21.5 °C", "not a number");
  assert_refused ("number", "0x10", "not a number");
  assert_refused ("number", "NaN", "NaN");
  assert_refused ("number", "nan", "NaN");
  assert_refused ("number", "inf", "infinity");
  assert_refused ("number", "-Infinity", "infinity");
  assert_refused ("number", "1e999", "finite");
  /* The payload is quoted, shortened. */
  assert_refused ("number", "this is a very long payload that is not a number at all, really", "this is a very");

  {
    g_autoptr (TwinPayloadFormat) format = twin_payload_format_parse ("number", NULL);
    g_autoptr (GError) error = NULL;
    const char bytes[] = { '1', '\0', '2' };
    const char latin1[] = { '2', '\xb0' };

    g_assert_null (twin_payload_decode (format, bytes, sizeof bytes, ARRIVAL_US, &error));
    g_assert_error (error, TWIN_PAYLOAD_ERROR, TWIN_PAYLOAD_ERROR_DECODE);
    g_clear_error (&error);
    g_assert_null (twin_payload_decode (format, latin1, sizeof latin1, ARRIVAL_US, &error));
    g_assert_error (error, TWIN_PAYLOAD_ERROR, TWIN_PAYLOAD_ERROR_DECODE);
    g_clear_error (&error);
    /* Not NUL-terminated: only @length bytes count. */
    {
      GArray *records = twin_payload_decode (format, "42.5junk", 4, ARRIVAL_US, &error);

      g_assert_no_error (error);
      g_assert_cmpfloat (record_at (records, 0)->value, ==, 42.5);
      twin_payload_records_free (records);
    }
  }
}

static void
test_json (void)
{
  g_autoptr (GError) error = NULL;
  GArray *records;

  records = decode ("json:temp", "{\"temp\": 21.5}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpfloat (record_at (records, 0)->value, ==, 21.5);
  g_assert_cmpint (record_at (records, 0)->t_us, ==, ARRIVAL_US);
  twin_payload_records_free (records);

  records = decode ("json:data.readings[1].v", "{\"data\": {\"readings\": [{\"v\": 1}, {\"v\": -2}]}}", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (record_at (records, 0)->value, ==, -2);
  twin_payload_records_free (records);

  records = decode ("json:[2]", "[10, 20, 30]", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (record_at (records, 0)->value, ==, 30);
  twin_payload_records_free (records);

  records = decode ("json:on", "{\"on\": true}", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (record_at (records, 0)->value, ==, 1);
  twin_payload_records_free (records);

  /* Times: ISO 8601 (with a zone, or naive = UTC), epoch seconds, milliseconds. */
  records = decode ("json:v@ts", "{\"v\": 1, \"ts\": \"2026-01-01T01:00:00+01:00\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (record_at (records, 0)->t_us, ==, ARRIVAL_US);
  twin_payload_records_free (records);
  records = decode ("json:v@ts", "{\"v\": 1, \"ts\": \"2026-01-01T00:00:00.25\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (record_at (records, 0)->t_us, ==, ARRIVAL_US + 250000);
  twin_payload_records_free (records);
  records = decode ("json:v@meta.t", "{\"v\": 1, \"meta\": {\"t\": 1767225600.5}}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (record_at (records, 0)->t_us, ==, ARRIVAL_US + 500000);
  twin_payload_records_free (records);
  records = decode ("json:v@t", "{\"v\": 1, \"t\": 1767225600123}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (record_at (records, 0)->t_us, ==, ARRIVAL_US + 123000);
  twin_payload_records_free (records);

  assert_refused ("json:temp", "{\"temp\": 21.5", "not valid JSON");
  assert_refused ("json:temp", "", "empty");
  assert_refused ("json:temp", "21.5", "no member “temp”");
  assert_refused ("json:temp", "{\"t\": 21.5}", "has no member “temp”");
  assert_refused ("json:a.b", "{\"a\": 3}", "“b”");
  assert_refused ("json:temp", "{\"temp\": \"21.5\"}", "text, not a number");
  assert_refused ("json:temp", "{\"temp\": null}", "null, not a number");
  assert_refused ("json:temp", "{\"temp\": [1]}", "an array, not a number");
  assert_refused ("json:r[2]", "{\"r\": [1, 2]}", "2 elements");
  assert_refused ("json:r[0]", "{\"r\": {\"0\": 1}}", "not an array");
  assert_refused ("json:v", "{\"v\": 1e999}", "finite");
  assert_refused ("json:v@t", "{\"v\": 1}", "no member “t”");
  assert_refused ("json:v@t", "{\"v\": 1, \"t\": \"yesterday\"}", "The time at “t”");
  assert_refused ("json:v@t", "{\"v\": 1, \"t\": true}", "neither ISO 8601");
  /* JSON has no NaN; a parser that took one must still not give a NaN sample. */
  assert_refused ("json:v", "{\"v\": NaN}", "");
}

static void
test_senml (void)
{
  g_autoptr (GError) error = NULL;
  GArray *records;

  /* RFC 8428 §5.1.2: multiple data points, base name and base time. */
  records = decode ("senml",
                    "[{\"bn\":\"urn:dev:ow:10e2073a01080063:\",\"n\":\"voltage\",\"u\":\"V\",\"v\":120.1,"
                    "\"bt\":1.276020076e+09},"
                    "{\"n\":\"current\",\"t\":-5,\"v\":1.2,\"u\":\"A\"},"
                    "{\"n\":\"current\",\"t\":-4,\"v\":1.3,\"u\":\"A\"}]",
                    &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);
  g_assert_cmpstr (record_at (records, 0)->name, ==, "urn:dev:ow:10e2073a01080063:voltage");
  g_assert_cmpstr (record_at (records, 0)->unit, ==, "V");
  g_assert_cmpfloat (record_at (records, 0)->value, ==, 120.1);
  g_assert_cmpint (record_at (records, 0)->t_us, ==, G_GINT64_CONSTANT (1276020076000000));
  g_assert_cmpstr (record_at (records, 1)->name, ==, "urn:dev:ow:10e2073a01080063:current");
  g_assert_cmpstr (record_at (records, 1)->unit, ==, "A");
  g_assert_cmpint (record_at (records, 1)->t_us, ==, G_GINT64_CONSTANT (1276020071000000));
  g_assert_cmpint (record_at (records, 2)->t_us, ==, G_GINT64_CONSTANT (1276020072000000));
  twin_payload_records_free (records);

  /* Base unit, base value, a base-only record, a later base name, booleans, sums,
   * text values skipped, relative times (below 2^28) from the arrival. */
  records = decode ("senml",
                    "[{\"bn\":\"room/\",\"bu\":\"Cel\",\"bv\":20},"
                    "{\"n\":\"t1\",\"v\":1.5},"
                    "{\"n\":\"t2\",\"v\":-0.5,\"t\":-60,\"u\":\"K\"},"
                    "{\"n\":\"label\",\"vs\":\"hello\"},"
                    "{\"bn\":\"door/\",\"n\":\"open\",\"vb\":true},"
                    "{\"n\":\"energy\",\"s\":42,\"u\":\"J\"},"
                    "{\"n\":\"x\",\"v\":1,\"ext\":\"ignored\"}]",
                    &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 5);
  g_assert_cmpstr (record_at (records, 0)->name, ==, "room/t1");
  g_assert_cmpstr (record_at (records, 0)->unit, ==, "Cel");
  g_assert_cmpfloat (record_at (records, 0)->value, ==, 21.5);
  g_assert_cmpint (record_at (records, 0)->t_us, ==, ARRIVAL_US);
  g_assert_cmpstr (record_at (records, 1)->name, ==, "room/t2");
  g_assert_cmpstr (record_at (records, 1)->unit, ==, "K");
  g_assert_cmpfloat (record_at (records, 1)->value, ==, 19.5);
  g_assert_cmpint (record_at (records, 1)->t_us, ==, ARRIVAL_US - 60000000);
  g_assert_cmpstr (record_at (records, 2)->name, ==, "door/open");
  g_assert_cmpfloat (record_at (records, 2)->value, ==, 1);
  g_assert_cmpstr (record_at (records, 3)->name, ==, "door/energy");
  g_assert_cmpfloat (record_at (records, 3)->value, ==, 42);
  g_assert_cmpstr (record_at (records, 3)->unit, ==, "J");
  g_assert_cmpstr (record_at (records, 4)->name, ==, "door/x");
  g_assert_cmpstr (record_at (records, 4)->unit, ==, "Cel");
  twin_payload_records_free (records);

  /* No name at all: the topic's own signal. */
  records = decode ("senml", "[{\"v\": 3}]", &error);
  g_assert_no_error (error);
  g_assert_null (record_at (records, 0)->name);
  g_assert_null (record_at (records, 0)->unit);
  twin_payload_records_free (records);

  assert_refused ("senml", "{\"n\":\"a\",\"v\":1}", "JSON array");
  assert_refused ("senml", "[1]", "record 0 is not a JSON object");
  assert_refused ("senml", "[]", "no numeric record");
  assert_refused ("senml", "[{\"n\":\"a\",\"vs\":\"x\"}]", "no numeric record");
  assert_refused ("senml", "[{\"n\":\"a\"}]", "no value");
  assert_refused ("senml", "[{\"n\":\"a\",\"v\":\"1\"}]", "“v” of record 0 is not a number");
  assert_refused ("senml", "[{\"n\":\"a\",\"v\":1},{\"n\":2,\"v\":1}]", "“n” of record 1 is not text");
  assert_refused ("senml", "[{\"n\":\"a\",\"v\":1,\"t\":\"now\"}]", "“t” of record 0");
  assert_refused ("senml", "[{\"n\":\"a\",\"vb\":1}]", "not true or false");
  assert_refused ("senml", "[{\"n\":\"a b\",\"v\":1}]", "not a valid SenML name");
  assert_refused ("senml", "[{\"n\":\"-a\",\"v\":1}]", "not a valid SenML name");
  assert_refused ("senml", "[{\"n\":\"a\",\"v\":1,\"foo_\":1}]", "“foo_”");
  assert_refused ("senml", "[{\"bver\":11,\"n\":\"a\",\"v\":1}]", "version 11");
  assert_refused ("senml", "[{\"n\":\"a\",\"v\":1e999}]", "finite");
  assert_refused ("senml", "[{\"n\":\"a\",\"v\":1,\"bt\":1e300}]", "time out of range");
  assert_refused ("senml", "[{\"n\":\"a\",\"v\":1", "not valid JSON");
}

/* The JSON reader itself: strict RFC 8259, escapes, nesting, big numbers,
 * bytes that are not UTF-8, and only @length bytes read. */
static void
test_json_reader (void)
{
  g_autoptr (GError) error = NULL;
  GArray *records;

  /* Escapes in names and text, also in SenML names (decoded before the name check). */
  records = decode ("json:a\"b", "{\"a\\\"b\": 1, \"a\": 2}", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (record_at (records, 0)->value, ==, 1);
  twin_payload_records_free (records);
  records = decode ("senml", "[{\"n\":\"r\\u00e9\\/x\",\"v\":1},{\"n\":\"\\u0041\\t\",\"v\":2}]", &error);
  g_assert_null (records);
  g_assert_error (error, TWIN_PAYLOAD_ERROR, TWIN_PAYLOAD_ERROR_DECODE);
  /* "ré/x" is decoded, then refused as a SenML name for its “é”. */
  g_assert_nonnull (strstr (error->message, "“ré/x”"));
  g_clear_error (&error);
  records = decode ("senml", "[{\"n\":\"a\\/b\\u002Dc\",\"v\":1}]", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record_at (records, 0)->name, ==, "a/b-c");
  twin_payload_records_free (records);
  records = decode ("json:v@t", "{\"t\": \"2026-01-01T00:00:01\\u005a\", \"v\": 2}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (record_at (records, 0)->t_us, ==, ARRIVAL_US + G_USEC_PER_SEC);
  twin_payload_records_free (records);
  /* A surrogate pair is one character; its halves alone are refused. */
  records = decode ("json:v", "{\"s\": \"\\ud83d\\ude00\", \"v\": 3}", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (record_at (records, 0)->value, ==, 3);
  twin_payload_records_free (records);
  assert_refused ("json:v", "{\"s\": \"\\ud83d\", \"v\": 3}", "surrogate");
  assert_refused ("json:v", "{\"s\": \"\\ude00x\", \"v\": 3}", "surrogate");
  assert_refused ("json:v", "{\"s\": \"\\u00\", \"v\": 3}", "hexadecimal");
  assert_refused ("json:v", "{\"s\": \"\\x41\", \"v\": 3}", "unknown escape");
  assert_refused ("json:v", "{\"s\": \"a\\u0000b\", \"v\": 3}", "NUL");
  assert_refused ("json:v", "{\"s\": \"a\tb\", \"v\": 3}", "control character");

  /* Nested values are skipped in SenML (extensions) and reachable by paths. */
  records = decode ("senml", "[{\"n\":\"a\",\"v\":1,\"ext\":{\"deep\":[1,{\"x\":[[]]},\"s\",null,true]}},"
                             "{\"n\":\"b\",\"v\":2,\"other\":[]}]",
                    &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpfloat (record_at (records, 1)->value, ==, 2);
  twin_payload_records_free (records);
  records = decode ("json:a[1].b[0][2]", " \r\n\t{\"a\": [{}, {\"b\": [[0, 1, -0.5e-1]]}]} \n", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (record_at (records, 0)->value, ==, -0.05);
  twin_payload_records_free (records);

  /* A member given twice keeps its last value. */
  records = decode ("senml", "[{\"n\":\"a\",\"v\":1,\"v\":5}]", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (record_at (records, 0)->value, ==, 5);
  twin_payload_records_free (records);

  /* Big numbers: finite ones are kept (as doubles), others refused. */
  records = decode ("json:v", "{\"v\": 123456789012345678901234567890}", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (record_at (records, 0)->value, ==, 1.2345678901234568e29);
  twin_payload_records_free (records);
  records = decode ("senml", "[{\"n\":\"a\",\"v\":-1.7976931348623157e308}]", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (record_at (records, 0)->value, ==, -1.7976931348623157e308);
  twin_payload_records_free (records);
  {
    /* A number longer than any buffer. */
    g_autoptr (GString) big = g_string_new ("{\"v\": 0.");

    for (guint i = 0; i < 500; i++)
      g_string_append_c (big, '5');
    g_string_append (big, "}");
    records = decode ("json:v", big->str, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat_with_epsilon (record_at (records, 0)->value, 0.5555555555555556, 1e-15);
    twin_payload_records_free (records);
  }
  assert_refused ("senml", "[{\"n\":\"a\",\"v\":-1e400}]", "finite");
  assert_refused ("json:v", "{\"v\": 1e99999999999999999999}", "finite");

  /* Not JSON: each is refused with where. */
  assert_refused ("json:v", "{\"v\": 01}", "not valid JSON");
  assert_refused ("json:v", "{\"v\": 1.}", "a number is malformed");
  assert_refused ("json:v", "{\"v\": .5}", "not valid JSON");
  assert_refused ("json:v", "{\"v\": +1}", "not valid JSON");
  assert_refused ("json:v", "{\"v\": 1e}", "malformed");
  assert_refused ("json:v", "{\"v\": 1,}", "not valid JSON");
  assert_refused ("json:v", "{\"v\": 1} x", "something follows");
  assert_refused ("json:v", "{\"v\": 1}{}", "something follows");
  assert_refused ("json:v", "{v: 1}", "not text in quotes");
  assert_refused ("json:v", "{\"v\" 1}", "“:”");
  assert_refused ("json:v", "{\"v\": tru}", "at byte 6");
  assert_refused ("json:v", "{\"v\": 'a'}", "not valid JSON");
  assert_refused ("json:v", "{\"v\": [1 2]}", "separated");
  assert_refused ("json:v", "{\"v\": \"abc", "ends inside text");
  assert_refused ("json:v", "[", "ends");
  assert_refused ("json:v", "{\"v\": 1 /* comment */}", "not valid JSON");
  assert_refused ("senml", "[{\"n\":\"a\",\"v\":1}]]", "something follows");
  {
    g_autoptr (GString) deep = g_string_new (NULL);

    for (guint i = 0; i < 600; i++)
      g_string_append_c (deep, '[');
    for (guint i = 0; i < 600; i++)
      g_string_append_c (deep, ']');
    assert_refused ("json:v", deep->str, "nested too deeply");
    g_string_truncate (deep, 0);
    for (guint i = 0; i < 100; i++)
      g_string_append (deep, "{\"a\":");
    g_string_append (deep, "7");
    for (guint i = 0; i < 100; i++)
      g_string_append_c (deep, '}');
    records = decode ("json:a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a."
                      "a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a."
                      "a.a.a.a.a.a",
                      deep->str, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (record_at (records, 0)->value, ==, 7);
    twin_payload_records_free (records);
  }

  /* Bytes that are not UTF-8, or a NUL, are refused before anything else. */
  {
    g_autoptr (TwinPayloadFormat) format = twin_payload_format_parse ("senml", NULL);
    const char latin1[] = "[{\"n\":\"caf\xe9\",\"v\":1}]";
    const char overlong[] = "[{\"n\":\"\xc0\xaf\",\"v\":1}]";
    const char nul[] = "[{\"n\":\"a\",\"v\":1}]";

    g_assert_null (twin_payload_decode (format, latin1, strlen (latin1), ARRIVAL_US, &error));
    g_assert_error (error, TWIN_PAYLOAD_ERROR, TWIN_PAYLOAD_ERROR_DECODE);
    g_assert_nonnull (strstr (error->message, "not UTF-8"));
    g_clear_error (&error);
    g_assert_null (twin_payload_decode (format, overlong, strlen (overlong), ARRIVAL_US, &error));
    g_assert_nonnull (strstr (error->message, "not UTF-8"));
    g_clear_error (&error);
    g_assert_null (twin_payload_decode (format, nul, sizeof nul, ARRIVAL_US, &error));
    g_assert_nonnull (strstr (error->message, "not UTF-8"));
    g_clear_error (&error);

    /* Only @length bytes count: a pack cut short is refused, also inside a number or a word. */
    for (gsize cut = 0; cut < strlen (nul); cut++)
      {
        char *copy = g_memdup2 (nul, cut == 0 ? 1 : cut); /* exactly @cut bytes, not terminated */

        records = twin_payload_decode (format, copy, cut, ARRIVAL_US, &error);
        g_assert_null (records);
        g_assert_error (error, TWIN_PAYLOAD_ERROR, TWIN_PAYLOAD_ERROR_DECODE);
        g_clear_error (&error);
        g_free (copy);
      }
    records = twin_payload_decode (format, "[{\"v\":12}]99", 10, ARRIVAL_US, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (record_at (records, 0)->value, ==, 12);
    twin_payload_records_free (records);
  }
}

/* Numbers are read with a dot whatever the locale. */
static void
test_locale (void)
{
  static const char *const locales[] = { "de_DE.UTF-8", "fr_FR.UTF-8", "C.UTF-8" };
  g_autoptr (GError) error = NULL;
  GArray *records;
  guint   tried = 0;

  for (guint i = 0; i < G_N_ELEMENTS (locales); i++)
    {
      if (setlocale (LC_NUMERIC, locales[i]) == NULL)
        continue;
      tried++;
      records = decode ("number", "21.5", &error);
      g_assert_no_error (error);
      g_assert_cmpfloat (record_at (records, 0)->value, ==, 21.5);
      twin_payload_records_free (records);
      assert_refused ("number", "21,5", "not a number");
      records = decode ("senml", "[{\"n\":\"a\",\"v\":0.25,\"t\":1767225600.5}]", &error);
      g_assert_no_error (error);
      g_assert_cmpfloat (record_at (records, 0)->value, ==, 0.25);
      g_assert_cmpint (record_at (records, 0)->t_us, ==, ARRIVAL_US + 500000);
      twin_payload_records_free (records);
    }
  setlocale (LC_NUMERIC, "C");
  if (tried == 0)
    g_test_skip ("no UTF-8 locale is installed");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/feeds/payload/format-text", test_format_text);
  g_test_add_func ("/core/feeds/payload/number", test_number);
  g_test_add_func ("/core/feeds/payload/json", test_json);
  g_test_add_func ("/core/feeds/payload/senml", test_senml);
  g_test_add_func ("/core/feeds/payload/json-reader", test_json_reader);
  g_test_add_func ("/core/feeds/payload/locale", test_locale);

  return g_test_run ();
}
