/* twin-payload.c: decoding a feed message's payload into samples: a number, JSON with paths, SenML.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions, no I/O, safe from any thread. A payload is bytes, not a
 * string: it may hold a NUL or invalid UTF-8, both refused with a reason.
 * Numbers are read with g_ascii_strtod (a dot, whatever the locale); a
 * NaN or an infinity is refused, since a sample is always finite. The
 * error message says why a payload was refused and quotes the start of it;
 * the caller adds the topic (TWIN_PAYLOAD_ERROR_DECODE).
 *
 * Times: JSON time paths hold ISO 8601 text (naive times are UTC) or an
 * epoch number whose unit follows from its size (seconds below 10¹¹,
 * milliseconds below 10¹⁴, else microseconds). SenML times follow RFC 8428
 * §4.5.3: bt + t in seconds; a resolved time below 2²⁸ is relative to the
 * arrival.
 */

#define G_LOG_DOMAIN "twin-feeds"

#include "config.h"

#include "twin-payload.h"

#include "history/twin-time-parse.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include <math.h>
#include <string.h>

#define EXCERPT_CHARS 40
#define SENML_MAX_VERSION 10
#define SENML_RELATIVE_LIMIT_S 268435456.0 /* 2^28 */

/* Years 1 to 9999 in epoch seconds: the times a sample may have. */
#define MIN_TIME_S -62135596800.0
#define MAX_TIME_S 253402300799.0

G_DEFINE_QUARK (twin - payload - error - quark, twin_payload_error)

/* A path segment: a member name, or an index when @name is NULL. */
typedef struct
{
  char *name;
  guint index;
} Segment;

static void
clear_segment (gpointer data)
{
  Segment *segment = data;

  g_free (segment->name);
}

/* Splits "data.values[2].v" into segments; NULL with @reason set when bad. */
static GArray *
parse_path (const char  *path,
            const char **reason)
{
  g_autoptr (GArray) segments = g_array_new (FALSE, TRUE, sizeof (Segment));
  const char *p = path;

  g_array_set_clear_func (segments, clear_segment);
  if (path == NULL || *path == '\0')
    {
      *reason = _ ("the path is empty");
      return NULL;
    }
  while (*p != '\0')
    {
      const char *start = p;

      while (*p != '\0' && *p != '.' && *p != '[')
        p++;
      if (p > start)
        {
          Segment segment = { g_strndup (start, (gsize) (p - start)), 0 };

          g_array_append_val (segments, segment);
        }
      else if (*p != '[')
        {
          /* An empty name: ".a" */
          *reason = _ ("a member name in the path is empty");
          return NULL;
        }
      while (*p == '[')
        {
          const char *digits = ++p;
          guint64     index;
          Segment     segment = { NULL, 0 };

          while (g_ascii_isdigit (*p))
            p++;
          if (p == digits || *p != ']' || p - digits > 9)
            {
              *reason = _ ("an index in the path is not a number in brackets, such as [0]");
              return NULL;
            }
          index = g_ascii_strtoull (digits, NULL, 10);
          segment.index = (guint) index;
          g_array_append_val (segments, segment);
          p++;
        }
      if (*p == '.')
        {
          p++;
          if (*p == '\0' || *p == '.' || *p == '[')
            {
              *reason = _ ("a member name in the path is empty");
              return NULL;
            }
        }
      else if (*p != '\0')
        {
          *reason = _ ("an index must be followed by “.”, “[” or the end of the path");
          return NULL;
        }
    }
  return g_steal_pointer (&segments);
}

static gboolean
check_path (const char *path,
            const char *text,
            GError    **error)
{
  g_autoptr (GArray) segments = NULL;
  const char *reason = NULL;

  segments = parse_path (path, &reason);
  if (segments != NULL)
    return TRUE;
  /* TRANSLATORS: %s are a payload format as written ("json:data.temp") and the reason it is wrong. */
  g_set_error (error, TWIN_PAYLOAD_ERROR, TWIN_PAYLOAD_ERROR_FORMAT, _ ("The payload format “%s” is invalid: %s."),
               text, reason);
  return FALSE;
}

/**
 * twin_payload_format_parse:
 * @text: `number`, `json:PATH`, `json:PATH@TIME-PATH` or `senml`
 * @error: return location for a %TWIN_PAYLOAD_ERROR_FORMAT
 *
 * Reads a payload format as written in feed settings and on the command
 * line. A path is member names separated by dots, each optionally followed
 * by indices in brackets: `data.temp`, `readings[0].v`, `[1]`.
 *
 * Returns: (transfer full): the format, or %NULL with @error set
 */
TwinPayloadFormat *
twin_payload_format_parse (const char *text,
                           GError    **error)
{
  g_autoptr (TwinPayloadFormat) format = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  format = g_new0 (TwinPayloadFormat, 1);
  if (g_str_equal (text, "number"))
    format->kind = TWIN_PAYLOAD_NUMBER;
  else if (g_str_equal (text, "senml"))
    format->kind = TWIN_PAYLOAD_SENML;
  else if (g_str_has_prefix (text, "json:"))
    {
      const char *paths = text + strlen ("json:");
      const char *at = strchr (paths, '@');

      format->kind = TWIN_PAYLOAD_JSON;
      if (at != NULL)
        {
          format->value_path = g_strndup (paths, (gsize) (at - paths));
          format->time_path = g_strdup (at + 1);
        }
      else
        format->value_path = g_strdup (paths);
      if (!check_path (format->value_path, text, error) ||
          (format->time_path != NULL && !check_path (format->time_path, text, error)))
        return NULL;
    }
  else
    {
      g_set_error (error, TWIN_PAYLOAD_ERROR, TWIN_PAYLOAD_ERROR_FORMAT,
                   _ ("The payload format “%s” is unknown: use number, json:PATH, json:PATH@TIME-PATH or senml."),
                   text);
      return NULL;
    }
  return g_steal_pointer (&format);
}

/**
 * twin_payload_format_to_string:
 * @format: a format
 *
 * Returns: (transfer full): its text form, which twin_payload_format_parse() reads back
 */
char *
twin_payload_format_to_string (const TwinPayloadFormat *format)
{
  g_return_val_if_fail (format != NULL, NULL);

  switch (format->kind)
    {
    case TWIN_PAYLOAD_NUMBER:
      return g_strdup ("number");
    case TWIN_PAYLOAD_SENML:
      return g_strdup ("senml");
    case TWIN_PAYLOAD_JSON:
      if (format->time_path != NULL)
        return g_strdup_printf ("json:%s@%s", format->value_path, format->time_path);
      return g_strdup_printf ("json:%s", format->value_path);
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * twin_payload_format_free:
 * @format: (nullable): a format
 */
void
twin_payload_format_free (TwinPayloadFormat *format)
{
  if (format == NULL)
    return;
  g_free (format->value_path);
  g_free (format->time_path);
  g_free (format);
}

/* Decoding. */

static void
clear_record (gpointer data)
{
  TwinPayloadRecord *record = data;

  g_clear_pointer (&record->name, g_free);
  g_clear_pointer (&record->unit, g_free);
}

static GArray *
new_records (void)
{
  GArray *records = g_array_new (FALSE, TRUE, sizeof (TwinPayloadRecord));

  g_array_set_clear_func (records, clear_record);
  return records;
}

static void
append_record (GArray     *records,
               const char *name,
               const char *unit,
               gint64      t_us,
               double      value)
{
  TwinPayloadRecord record = { NULL, NULL, t_us, value };

  record.name = name != NULL && *name != '\0' ? g_strdup (name) : NULL;
  record.unit = unit != NULL && *unit != '\0' ? g_strdup (unit) : NULL;
  g_array_append_val (records, record);
}

/* The start of the payload, printable, for messages. */
static char *
dup_excerpt (const char *payload,
             gsize       length)
{
  g_autofree char *valid = g_utf8_make_valid (payload, (gssize) length);
  GString         *out = g_string_new (NULL);
  guint            n = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == EXCERPT_CHARS)
        {
          g_string_append (out, "…");
          break;
        }
      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

G_GNUC_PRINTF (4, 5)
static void
set_decode_error (GError    **error,
                  const char *payload,
                  gsize       length,
                  const char *format,
                  ...)
{
  g_autofree char *reason = NULL;
  g_autofree char *excerpt = dup_excerpt (payload, length);
  va_list          args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  /* TRANSLATORS: %s are the reason a payload was refused (a sentence) and the start of the payload. */
  g_set_error (error, TWIN_PAYLOAD_ERROR, TWIN_PAYLOAD_ERROR_DECODE, _ ("%s (payload “%s”)"), reason, excerpt);
}

static gboolean
is_finite_time_s (double t_s)
{
  return isfinite (t_s) && t_s >= MIN_TIME_S && t_s <= MAX_TIME_S;
}

static gboolean
decode_number (const char *text,
               gsize       length,
               gint64      arrival_us,
               GArray     *records,
               GError    **error)
{
  g_autofree char *copy = g_strndup (text, length);
  char            *end = NULL;
  const char      *start;
  double           value;

  g_strstrip (copy);
  start = copy;
  if (*start == '\0')
    {
      set_decode_error (error, text, length, _ ("The payload is empty, not a number."));
      return FALSE;
    }
  value = g_ascii_strtod (start, &end);
  /* Decimal numbers only: no hexadecimal, no "inf" or "nan" words. */
  if (end == start || *end != '\0' || strpbrk (start, "xXnN") != NULL)
    {
      if (g_ascii_strcasecmp (start, "nan") == 0 || g_ascii_strcasecmp (start, "-nan") == 0)
        set_decode_error (error, text, length, _ ("The payload is NaN, not a value."));
      else if (g_ascii_strncasecmp (start + (*start == '-' || *start == '+'), "inf", 3) == 0)
        set_decode_error (error, text, length, _ ("The payload is an infinity, not a finite number."));
      else
        set_decode_error (error, text, length, _ ("The payload is not a number."));
      return FALSE;
    }
  if (!isfinite (value))
    {
      set_decode_error (error, text, length, _ ("The payload is too large to be a finite number."));
      return FALSE;
    }
  append_record (records, NULL, NULL, arrival_us, value);
  return TRUE;
}

static gboolean
node_is_number (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_DOUBLE || type == G_TYPE_INT64;
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_boolean (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

static double
node_get_number (JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  return json_node_get_double (node);
}

static JsonNode *
parse_json (JsonParser *parser,
            const char *payload,
            gsize       length,
            GError    **error)
{
  g_autoptr (GError) local_error = NULL;

  if (memchr (payload, '\0', length) != NULL || !g_utf8_validate (payload, (gssize) length, NULL))
    {
      set_decode_error (error, payload, length, _ ("The payload is not UTF-8 text, so not JSON."));
      return NULL;
    }
  if (length > G_MAXSSIZE || !json_parser_load_from_data (parser, payload, (gssize) length, &local_error))
    {
      set_decode_error (error, payload, length, _ ("The payload is not valid JSON: %s."),
                        local_error != NULL ? local_error->message : "");
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      set_decode_error (error, payload, length, _ ("The payload is empty, not JSON."));
      return NULL;
    }
  return json_parser_get_root (parser);
}

/* Follows @path from @root; NULL with @error set when there is nothing there. */
static JsonNode *
walk_path (JsonNode   *root,
           const char *path,
           const char *payload,
           gsize       length,
           GError    **error)
{
  g_autoptr (GArray) segments = NULL;
  g_autoptr (GString) done = g_string_new (NULL);
  const char *reason = NULL;
  JsonNode   *node = root;

  segments = parse_path (path, &reason);
  g_assert (segments != NULL);
  for (guint i = 0; i < segments->len; i++)
    {
      const Segment *segment = &g_array_index (segments, Segment, i);
      const char    *where = done->len > 0 ? done->str : _ ("the document");

      if (segment->name != NULL)
        {
          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              /* TRANSLATORS: %s are a place in a JSON document ("data.temp") and a member name. */
              set_decode_error (error, payload, length, _ ("%s is not an object, so it has no member “%s”."), where,
                                segment->name);
              return NULL;
            }
          node = json_object_get_member (json_node_get_object (node), segment->name);
          if (node == NULL)
            {
              set_decode_error (error, payload, length, _ ("%s has no member “%s”."), where, segment->name);
              return NULL;
            }
          g_string_append_printf (done, "%s%s", done->len > 0 ? "." : "", segment->name);
        }
      else
        {
          if (!JSON_NODE_HOLDS_ARRAY (node))
            {
              set_decode_error (error, payload, length, _ ("%s is not an array, so it has no element %u."), where,
                                segment->index);
              return NULL;
            }
          if (segment->index >= json_array_get_length (json_node_get_array (node)))
            {
              set_decode_error (error, payload, length, _ ("%s has %u elements, so no element %u."), where,
                                json_array_get_length (json_node_get_array (node)), segment->index);
              return NULL;
            }
          node = json_array_get_element (json_node_get_array (node), segment->index);
          g_string_append_printf (done, "[%u]", segment->index);
        }
    }
  return node;
}

/* A time in a JSON document: ISO 8601 text or an epoch number. */
static gboolean
read_json_time (JsonNode   *node,
                const char *path,
                const char *payload,
                gsize       length,
                gint64     *t_us,
                GError    **error)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GError) local_error = NULL;
  g_autofree char *text = NULL;

  if (node_is_number (node))
    {
      double t = node_get_number (node);
      double t_s = fabs (t) < 1e11 ? t : fabs (t) < 1e14 ? t / 1e3
                                                         : t / 1e6;

      if (!is_finite_time_s (t_s))
        {
          set_decode_error (error, payload, length, _ ("The time at “%s” is out of range."), path);
          return FALSE;
        }
      *t_us = (gint64) llround (t_s * 1e6);
      return TRUE;
    }
  if (!node_is_string (node))
    {
      set_decode_error (error, payload, length,
                        _ ("The time at “%s” is neither ISO 8601 text nor a number of seconds."), path);
      return FALSE;
    }
  text = g_strdup (json_node_get_string (node));
  if (!twin_time_parse (g_strstrip (text), utc, t_us, &local_error))
    {
      set_decode_error (error, payload, length, _ ("The time at “%s” cannot be read: %s"), path,
                        local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
decode_json (const TwinPayloadFormat *format,
             const char              *payload,
             gsize                    length,
             gint64                   arrival_us,
             GArray                  *records,
             GError                 **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonNode *node;
  gint64    t_us = arrival_us;
  double    value;

  root = parse_json (parser, payload, length, error);
  if (root == NULL)
    return FALSE;
  node = walk_path (root, format->value_path, payload, length, error);
  if (node == NULL)
    return FALSE;
  if (node_is_number (node))
    value = node_get_number (node);
  else if (node_is_boolean (node))
    value = json_node_get_boolean (node) ? 1.0 : 0.0;
  else
    {
      const char *what = JSON_NODE_HOLDS_NULL (node) ? _ ("null") : node_is_string (node)        ? _ ("text")
                                                                  : JSON_NODE_HOLDS_ARRAY (node) ? _ ("an array")
                                                                                                 : _ ("an object");

      /* TRANSLATORS: %s are a JSON path and what is there ("text", "null", "an array"). */
      set_decode_error (error, payload, length, _ ("The value at “%s” is %s, not a number."), format->value_path,
                        what);
      return FALSE;
    }
  if (!isfinite (value))
    {
      set_decode_error (error, payload, length, _ ("The value at “%s” is not a finite number."),
                        format->value_path);
      return FALSE;
    }
  if (format->time_path != NULL)
    {
      node = walk_path (root, format->time_path, payload, length, error);
      if (node == NULL || !read_json_time (node, format->time_path, payload, length, &t_us, error))
        return FALSE;
    }
  append_record (records, NULL, NULL, t_us, value);
  return TRUE;
}

/* RFC 8428 §4.5.1: a resolved name is made of A-Z a-z 0-9 - : . / _ and
 * starts with a letter or digit. */
static gboolean
is_valid_senml_name (const char *name)
{
  if (!g_ascii_isalnum (name[0]))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-:./_", *p) == NULL)
      return FALSE;
  return TRUE;
}

typedef struct
{
  const char *bn;
  double      bt;
  const char *bu;
  double      bv;
  double      bs;
} SenmlBase;

static const char *const senml_known[] = { "bn", "bt", "bu", "bv", "bs", "bver", "n", "u", "v", "vs", "vb", "vd", "s",
                                           "t", "ut", NULL };

static gboolean
read_senml_string (JsonObject  *object,
                   const char  *key,
                   guint        index,
                   const char **value,
                   const char  *payload,
                   gsize        length,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    return TRUE;
  if (!node_is_string (node))
    {
      /* TRANSLATORS: %s is a SenML field ("bn"), %u the record's index from 0. */
      set_decode_error (error, payload, length, _ ("SenML field “%s” of record %u is not text."), key, index);
      return FALSE;
    }
  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_senml_number (JsonObject *object,
                   const char *key,
                   guint       index,
                   double     *value,
                   gboolean   *present,
                   const char *payload,
                   gsize       length,
                   GError    **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (present != NULL)
    *present = node != NULL;
  if (node == NULL)
    return TRUE;
  if (!node_is_number (node))
    {
      set_decode_error (error, payload, length, _ ("SenML field “%s” of record %u is not a number."), key, index);
      return FALSE;
    }
  *value = node_get_number (node);
  if (!isfinite (*value))
    {
      set_decode_error (error, payload, length, _ ("SenML field “%s” of record %u is not a finite number."), key,
                        index);
      return FALSE;
    }
  return TRUE;
}

static gboolean
decode_senml_record (JsonObject *object,
                     guint       index,
                     SenmlBase  *base,
                     gint64      arrival_us,
                     GArray     *records,
                     const char *payload,
                     gsize       length,
                     GError    **error)
{
  g_autoptr (GList) members = json_object_get_members (object);
  g_autofree char *name = NULL;
  const char      *n = "";
  const char      *u = NULL;
  double           t = 0;
  double           v = 0;
  double           s = 0;
  double           bver = SENML_MAX_VERSION;
  gboolean         has_v = FALSE;
  gboolean         has_s = FALSE;
  gboolean         has_bver = FALSE;
  double           value;
  double           t_s;
  gint64           t_us;

  /* Fields ending in "_" must be understood (RFC 8428 §4.4); others we do not know are extensions. */
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (senml_known, l->data) && g_str_has_suffix (l->data, "_"))
      {
        set_decode_error (error, payload, length,
                          _ ("SenML record %u has the field “%s”, which must be understood and is not."), index,
                          (const char *) l->data);
        return FALSE;
      }
  if (!read_senml_number (object, "bver", index, &bver, &has_bver, payload, length, error))
    return FALSE;
  if (has_bver && (bver < 1 || bver > SENML_MAX_VERSION))
    {
      set_decode_error (error, payload, length, _ ("SenML record %u has version %g; this reader knows up to %d."),
                        index, bver, SENML_MAX_VERSION);
      return FALSE;
    }
  if (!read_senml_string (object, "bn", index, &base->bn, payload, length, error) ||
      !read_senml_number (object, "bt", index, &base->bt, NULL, payload, length, error) ||
      !read_senml_string (object, "bu", index, &base->bu, payload, length, error) ||
      !read_senml_number (object, "bv", index, &base->bv, NULL, payload, length, error) ||
      !read_senml_number (object, "bs", index, &base->bs, NULL, payload, length, error) ||
      !read_senml_string (object, "n", index, &n, payload, length, error) ||
      !read_senml_string (object, "u", index, &u, payload, length, error) ||
      !read_senml_number (object, "t", index, &t, NULL, payload, length, error) ||
      !read_senml_number (object, "v", index, &v, &has_v, payload, length, error) ||
      !read_senml_number (object, "s", index, &s, &has_s, payload, length, error))
    return FALSE;

  name = g_strconcat (base->bn != NULL ? base->bn : "", n, NULL);
  if (*name != '\0' && !is_valid_senml_name (name))
    {
      set_decode_error (error, payload, length,
                        _ ("SenML record %u has the name “%s”, which is not a valid SenML name."), index, name);
      return FALSE;
    }

  if (has_v)
    value = base->bv + v;
  else if (node_is_boolean (json_object_get_member (object, "vb")))
    value = json_node_get_boolean (json_object_get_member (object, "vb")) ? 1.0 : 0.0;
  else if (json_object_has_member (object, "vb"))
    {
      set_decode_error (error, payload, length, _ ("SenML field “vb” of record %u is not true or false."), index);
      return FALSE;
    }
  else if (has_s)
    value = base->bs + s;
  else if (json_object_has_member (object, "vs") || json_object_has_member (object, "vd"))
    return TRUE; /* text and data values are not samples: skipped */
  else
    {
      /* A record with only base fields sets them for the records that follow. */
      if (!json_object_has_member (object, "n") && !json_object_has_member (object, "t") &&
          !json_object_has_member (object, "u"))
        return TRUE;
      set_decode_error (error, payload, length, _ ("SenML record %u has no value (v, vb or s)."), index);
      return FALSE;
    }
  if (!isfinite (value))
    {
      set_decode_error (error, payload, length, _ ("SenML record %u has a value that is not finite."), index);
      return FALSE;
    }

  t_s = base->bt + t;
  if (isfinite (t_s) && t_s < SENML_RELATIVE_LIMIT_S)
    t_s = (double) arrival_us / 1e6 + t_s;
  if (!is_finite_time_s (t_s))
    {
      set_decode_error (error, payload, length, _ ("SenML record %u has a time out of range."), index);
      return FALSE;
    }
  t_us = (gint64) llround (t_s * 1e6);
  append_record (records, name, u != NULL ? u : base->bu, t_us, value);
  return TRUE;
}

static gboolean
decode_senml (const char *payload,
              gsize       length,
              gint64      arrival_us,
              GArray     *records,
              GError    **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  SenmlBase  base = { NULL, 0, NULL, 0, 0 };
  JsonNode  *root;
  JsonArray *pack;

  root = parse_json (parser, payload, length, error);
  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      set_decode_error (error, payload, length, _ ("A SenML pack is a JSON array of records, and this is not."));
      return FALSE;
    }
  pack = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (pack); i++)
    {
      JsonNode *node = json_array_get_element (pack, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          set_decode_error (error, payload, length, _ ("SenML record %u is not a JSON object."), i);
          return FALSE;
        }
      if (!decode_senml_record (json_node_get_object (node), i, &base, arrival_us, records, payload, length, error))
        return FALSE;
    }
  if (records->len == 0)
    {
      set_decode_error (error, payload, length, _ ("The SenML pack has no numeric record."));
      return FALSE;
    }
  return TRUE;
}

/**
 * twin_payload_decode:
 * @format: how to read the payload
 * @payload: (array length=length): the bytes received
 * @length: their count
 * @arrival_us: when they arrived, UTC µs (the time of samples that carry none)
 * @error: return location for a %TWIN_PAYLOAD_ERROR_DECODE naming the reason
 *
 * Decodes one message. A SenML pack gives one record per numeric record of
 * the pack (text and data values are skipped); the other formats give one.
 * Either the whole payload decodes or nothing does.
 *
 * Returns: (transfer full) (element-type TwinPayloadRecord): the records,
 *   or %NULL with @error set
 */
GArray *
twin_payload_decode (const TwinPayloadFormat *format,
                     const void              *payload,
                     gsize                    length,
                     gint64                   arrival_us,
                     GError                 **error)
{
  g_autoptr (GArray) records = NULL;
  const char *text = payload;
  gboolean    ok = FALSE;

  g_return_val_if_fail (format != NULL, NULL);
  g_return_val_if_fail (payload != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL)
    text = "";
  records = new_records ();
  switch (format->kind)
    {
    case TWIN_PAYLOAD_NUMBER:
      if (memchr (text, '\0', length) != NULL || !g_utf8_validate (text, (gssize) length, NULL))
        set_decode_error (error, text, length, _ ("The payload is not text, so not a number."));
      else
        ok = decode_number (text, length, arrival_us, records, error);
      break;
    case TWIN_PAYLOAD_JSON:
      ok = decode_json (format, text, length, arrival_us, records, error);
      break;
    case TWIN_PAYLOAD_SENML:
      ok = decode_senml (text, length, arrival_us, records, error);
      break;
    default:
      g_return_val_if_reached (NULL);
    }
  return ok ? g_steal_pointer (&records) : NULL;
}

/**
 * twin_payload_records_free:
 * @records: (nullable): records from twin_payload_decode()
 */
void
twin_payload_records_free (GArray *records)
{
  if (records != NULL)
    g_array_unref (records);
}
