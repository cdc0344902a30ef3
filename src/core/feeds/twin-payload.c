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

/* A small, strict JSON reader (RFC 8259) made for short payloads: one pass
 * over the bytes builds a flat array of nodes (children linked by index)
 * and one buffer of the decoded strings, so a message costs a few
 * allocations whatever its size. The payload is already known to be UTF-8
 * without NUL; text may not hold "\u0000" nor a lone surrogate. A member
 * name given twice keeps its last value. */

#define MAX_DEPTH 512
#define NO_NODE 0 /* node 0 is the root, never a child */

typedef enum
{
  J_NULL,
  J_BOOLEAN,
  J_NUMBER,
  J_STRING,
  J_ARRAY,
  J_OBJECT,
} JKind;

typedef struct
{
  JKind kind;
  guint next;  /* the next sibling, or NO_NODE */
  guint first; /* the first child, or NO_NODE */
  guint last;  /* the last child, or NO_NODE */
  guint count; /* children */
  gsize key;   /* a member's name, an offset in Doc.text */
  union
  {
    double   number;
    gboolean boolean;
    gsize    text; /* an offset in Doc.text */
  };
} JNode;

typedef struct
{
  const char *start;
  const char *p;
  const char *end;
  GArray     *nodes; /* JNode */
  char       *text;  /* decoded strings, each ending with a NUL */
  gsize       text_len;
  const char *reason; /* why the document is not JSON, NULL while it is */
  const char *at;     /* where */
} Doc;

static void
doc_clear (Doc *doc)
{
  g_clear_pointer (&doc->nodes, g_array_unref);
  g_clear_pointer (&doc->text, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Doc, doc_clear)

static inline const JNode *
doc_node (const Doc *doc,
          guint      index)
{
  return &g_array_index (doc->nodes, JNode, index);
}

static inline const char *
doc_text (const Doc *doc,
          gsize      offset)
{
  return doc->text + offset;
}

static gboolean
fail (Doc        *doc,
      const char *reason)
{
  doc->reason = reason;
  doc->at = doc->p;
  return FALSE;
}

static inline void
skip_space (Doc *doc)
{
  while (doc->p < doc->end && (*doc->p == ' ' || *doc->p == '\t' || *doc->p == '\n' || *doc->p == '\r'))
    doc->p++;
}

static guint
add_node (Doc  *doc,
          JKind kind)
{
  JNode node = { 0 };

  node.kind = kind;
  g_array_append_val (doc->nodes, node);
  return doc->nodes->len - 1;
}

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Doc      *doc,
           gunichar *out)
{
  *out = 0;
  if (doc->end - doc->p < 4)
    return fail (doc, _ ("an escape “\\u” in text is not followed by four hexadecimal digits"));
  for (guint i = 0; i < 4; i++)
    {
      int d = hex_digit (doc->p[i]);

      if (d < 0)
        return fail (doc, _ ("an escape “\\u” in text is not followed by four hexadecimal digits"));
      *out = *out * 16 + (gunichar) d;
    }
  doc->p += 4;
  return TRUE;
}

/* Reads text from its opening quote, decoded into doc->text; its offset in *@offset. */
static gboolean
read_string (Doc   *doc,
             gsize *offset)
{
  char *out = doc->text + doc->text_len;

  *offset = doc->text_len;
  doc->p++; /* the opening quote */
  for (;;)
    {
      const char *run = doc->p;
      char        c;

      /* The plain part, copied as is (the payload is valid UTF-8). */
      while (doc->p < doc->end && *doc->p != '"' && *doc->p != '\\' && (guchar) *doc->p >= 0x20)
        doc->p++;
      memcpy (out, run, (gsize) (doc->p - run));
      out += doc->p - run;
      if (doc->p == doc->end)
        return fail (doc, _ ("the payload ends inside text"));
      c = *doc->p;
      if (c == '"')
        {
          doc->p++;
          break;
        }
      if (c != '\\')
        return fail (doc, _ ("text holds a control character, which must be escaped"));
      if (++doc->p == doc->end)
        return fail (doc, _ ("the payload ends inside text"));
      c = *doc->p++;
      switch (c)
        {
        case '"':
        case '\\':
        case '/':
          *out++ = c;
          break;
        case 'b':
          *out++ = '\b';
          break;
        case 'f':
          *out++ = '\f';
          break;
        case 'n':
          *out++ = '\n';
          break;
        case 'r':
          *out++ = '\r';
          break;
        case 't':
          *out++ = '\t';
          break;
        case 'u':
          {
            gunichar u;

            if (!read_hex4 (doc, &u))
              return FALSE;
            if (u >= 0xd800 && u < 0xdc00)
              {
                gunichar low;

                if (doc->end - doc->p < 2 || doc->p[0] != '\\' || doc->p[1] != 'u')
                  return fail (doc, _ ("text holds half of a UTF-16 surrogate pair"));
                doc->p += 2;
                if (!read_hex4 (doc, &low))
                  return FALSE;
                if (low < 0xdc00 || low > 0xdfff)
                  return fail (doc, _ ("text holds half of a UTF-16 surrogate pair"));
                u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
              }
            else if (u >= 0xdc00 && u <= 0xdfff)
              return fail (doc, _ ("text holds half of a UTF-16 surrogate pair"));
            if (u == 0)
              return fail (doc, _ ("text holds the NUL character (\\u0000)"));
            /* At most 4 bytes for at least 6 read: the buffer is large enough. */
            out += g_unichar_to_utf8 (u, out);
          }
          break;
        default:
          doc->p--;
          return fail (doc, _ ("text holds an unknown escape"));
        }
    }
  *out++ = '\0';
  doc->text_len = (gsize) (out - doc->text);
  return TRUE;
}

/* Reads a number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static gboolean
read_number (Doc    *doc,
             double *value)
{
  const char *start = doc->p;
  const char *p = doc->p;
  char        buffer[64];
  gsize       length;

  if (p < doc->end && *p == '-')
    p++;
  if (p < doc->end && *p == '0')
    p++;
  else if (p < doc->end && *p >= '1' && *p <= '9')
    while (p < doc->end && g_ascii_isdigit (*p))
      p++;
  else
    {
      doc->p = p;
      return fail (doc, _ ("a number is malformed"));
    }
  if (p < doc->end && *p == '.')
    {
      if (++p == doc->end || !g_ascii_isdigit (*p))
        {
          doc->p = p;
          return fail (doc, _ ("a number is malformed"));
        }
      while (p < doc->end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < doc->end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < doc->end && (*p == '+' || *p == '-'))
        p++;
      if (p == doc->end || !g_ascii_isdigit (*p))
        {
          doc->p = p;
          return fail (doc, _ ("a number is malformed"));
        }
      while (p < doc->end && g_ascii_isdigit (*p))
        p++;
    }
  doc->p = p;
  /* The payload is not NUL-terminated: the number is read from a copy. */
  length = (gsize) (p - start);
  if (length < sizeof buffer)
    {
      memcpy (buffer, start, length);
      buffer[length] = '\0';
      *value = g_ascii_strtod (buffer, NULL);
    }
  else
    {
      g_autofree char *copy = g_strndup (start, length);

      *value = g_ascii_strtod (copy, NULL);
    }
  return TRUE;
}

static gboolean
read_literal (Doc        *doc,
              const char *word)
{
  gsize length = strlen (word);

  if ((gsize) (doc->end - doc->p) < length || memcmp (doc->p, word, length) != 0)
    return fail (doc, _ ("an unexpected character is there"));
  doc->p += length;
  return TRUE;
}

static void
link_child (Doc  *doc,
            guint parent,
            guint child)
{
  JNode *node = &g_array_index (doc->nodes, JNode, parent);

  if (node->last != NO_NODE)
    g_array_index (doc->nodes, JNode, node->last).next = child;
  else
    node->first = child;
  node->last = child;
  node->count++;
}

static gboolean read_value (Doc   *doc,
                            guint  depth,
                            guint *index);

static gboolean
read_container (Doc   *doc,
                guint  depth,
                guint *index)
{
  gboolean object = *doc->p == '{';
  char     close = object ? '}' : ']';
  guint    self = add_node (doc, object ? J_OBJECT : J_ARRAY);

  *index = self;
  if (depth >= MAX_DEPTH)
    return fail (doc, _ ("arrays and objects are nested too deeply"));
  doc->p++;
  skip_space (doc);
  if (doc->p < doc->end && *doc->p == close)
    {
      doc->p++;
      return TRUE;
    }
  for (;;)
    {
      gsize key = 0;
      guint child;

      if (object)
        {
          skip_space (doc);
          if (doc->p == doc->end)
            return fail (doc, _ ("the payload ends inside an object"));
          if (*doc->p != '"')
            return fail (doc, _ ("a member name is not text in quotes"));
          if (!read_string (doc, &key))
            return FALSE;
          skip_space (doc);
          if (doc->p == doc->end || *doc->p != ':')
            return fail (doc, _ ("a member name is not followed by “:”"));
          doc->p++;
        }
      if (!read_value (doc, depth + 1, &child))
        return FALSE;
      g_array_index (doc->nodes, JNode, child).key = key;
      link_child (doc, self, child);
      skip_space (doc);
      if (doc->p == doc->end)
        return fail (doc, object ? _ ("the payload ends inside an object") : _ ("the payload ends inside an array"));
      if (*doc->p == close)
        {
          doc->p++;
          return TRUE;
        }
      if (*doc->p != ',')
        return fail (doc, object ? _ ("members are not separated by “,”") : _ ("elements are not separated by “,”"));
      doc->p++;
    }
}

static gboolean
read_value (Doc   *doc,
            guint  depth,
            guint *index)
{
  skip_space (doc);
  if (doc->p == doc->end)
    return fail (doc, _ ("the payload ends where a value should be"));
  switch (*doc->p)
    {
    case '{':
    case '[':
      return read_container (doc, depth, index);
    case '"':
      {
        gsize text;

        if (!read_string (doc, &text))
          return FALSE;
        *index = add_node (doc, J_STRING);
        g_array_index (doc->nodes, JNode, *index).text = text;
        return TRUE;
      }
    case 't':
    case 'f':
      {
        gboolean value = *doc->p == 't';

        if (!read_literal (doc, value ? "true" : "false"))
          return FALSE;
        *index = add_node (doc, J_BOOLEAN);
        g_array_index (doc->nodes, JNode, *index).boolean = value;
        return TRUE;
      }
    case 'n':
      if (!read_literal (doc, "null"))
        return FALSE;
      *index = add_node (doc, J_NULL);
      return TRUE;
    default:
      if (*doc->p == '-' || g_ascii_isdigit (*doc->p))
        {
          double value;

          if (!read_number (doc, &value))
            return FALSE;
          *index = add_node (doc, J_NUMBER);
          g_array_index (doc->nodes, JNode, *index).number = value;
          return TRUE;
        }
      return fail (doc, _ ("an unexpected character is there"));
    }
}

/* The value of member @name of object @object, or NO_NODE. */
static guint
doc_member (const Doc  *doc,
            guint       object,
            const char *name)
{
  guint found = NO_NODE;

  for (guint i = doc_node (doc, object)->first; i != NO_NODE; i = doc_node (doc, i)->next)
    if (strcmp (doc_text (doc, doc_node (doc, i)->key), name) == 0)
      found = i;
  return found;
}

static guint
doc_element (const Doc *doc,
             guint      array,
             guint      index)
{
  guint i = doc_node (doc, array)->first;

  while (index-- > 0)
    i = doc_node (doc, i)->next;
  return i;
}

/* Reads the payload as JSON into @doc (its root is node 0); FALSE with @error set if it is not. */
static gboolean
parse_json (Doc        *doc,
            const char *payload,
            gsize       length,
            GError    **error)
{
  guint root;

  if (memchr (payload, '\0', length) != NULL || !g_utf8_validate (payload, (gssize) length, NULL))
    {
      set_decode_error (error, payload, length, _ ("The payload is not UTF-8 text, so not JSON."));
      return FALSE;
    }
  doc->start = doc->p = payload;
  doc->end = payload + length;
  skip_space (doc);
  if (doc->p == doc->end)
    {
      set_decode_error (error, payload, length, _ ("The payload is empty, not JSON."));
      return FALSE;
    }
  doc->nodes = g_array_sized_new (FALSE, FALSE, sizeof (JNode), 16 + (guint) MIN (length / 8, 4096));
  doc->text = g_malloc (length + 1); /* decoded text is never longer than its JSON */
  doc->text_len = 0;
  if (read_value (doc, 0, &root))
    {
      skip_space (doc);
      if (doc->p != doc->end)
        fail (doc, _ ("something follows the end of the document"));
    }
  if (doc->reason != NULL)
    {
      /* TRANSLATORS: %s is what is wrong ("a number is malformed"), %zu a byte offset from 0. */
      g_autofree char *where = g_strdup_printf (_ ("%s at byte %" G_GSIZE_FORMAT), doc->reason,
                                                (gsize) (doc->at - payload));

      set_decode_error (error, payload, length, _ ("The payload is not valid JSON: %s."), where);
      return FALSE;
    }
  g_assert (root == 0);
  return TRUE;
}

/* Follows @path from the root of @doc; FALSE with @error set when there is nothing there. */
static gboolean
walk_path (const Doc  *doc,
           const char *path,
           guint      *found,
           const char *payload,
           gsize       length,
           GError    **error)
{
  g_autoptr (GArray) segments = NULL;
  g_autoptr (GString) done = g_string_new (NULL);
  const char *reason = NULL;
  guint       node = 0;

  segments = parse_path (path, &reason);
  g_assert (segments != NULL);
  for (guint i = 0; i < segments->len; i++)
    {
      const Segment *segment = &g_array_index (segments, Segment, i);
      const char    *where = done->len > 0 ? done->str : _ ("the document");

      if (segment->name != NULL)
        {
          if (doc_node (doc, node)->kind != J_OBJECT)
            {
              /* TRANSLATORS: %s are a place in a JSON document ("data.temp") and a member name. */
              set_decode_error (error, payload, length, _ ("%s is not an object, so it has no member “%s”."), where,
                                segment->name);
              return FALSE;
            }
          node = doc_member (doc, node, segment->name);
          if (node == NO_NODE)
            {
              set_decode_error (error, payload, length, _ ("%s has no member “%s”."), where, segment->name);
              return FALSE;
            }
          g_string_append_printf (done, "%s%s", done->len > 0 ? "." : "", segment->name);
        }
      else
        {
          if (doc_node (doc, node)->kind != J_ARRAY)
            {
              set_decode_error (error, payload, length, _ ("%s is not an array, so it has no element %u."), where,
                                segment->index);
              return FALSE;
            }
          if (segment->index >= doc_node (doc, node)->count)
            {
              set_decode_error (error, payload, length, _ ("%s has %u elements, so no element %u."), where,
                                doc_node (doc, node)->count, segment->index);
              return FALSE;
            }
          node = doc_element (doc, node, segment->index);
          g_string_append_printf (done, "[%u]", segment->index);
        }
    }
  *found = node;
  return TRUE;
}

/* A time in a JSON document: ISO 8601 text or an epoch number. */
static gboolean
read_json_time (const JNode *node,
                const char  *text,
                const char  *path,
                const char  *payload,
                gsize        length,
                gint64      *t_us,
                GError     **error)
{
  g_autoptr (GTimeZone) utc = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *copy = NULL;

  if (node->kind == J_NUMBER)
    {
      double t = node->number;
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
  if (node->kind != J_STRING)
    {
      set_decode_error (error, payload, length,
                        _ ("The time at “%s” is neither ISO 8601 text nor a number of seconds."), path);
      return FALSE;
    }
  utc = g_time_zone_new_utc ();
  copy = g_strdup (text);
  if (!twin_time_parse (g_strstrip (copy), utc, t_us, &local_error))
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
  g_auto (Doc) doc = { 0 };
  const JNode *node;
  guint        index;
  gint64       t_us = arrival_us;
  double       value;

  if (!parse_json (&doc, payload, length, error) ||
      !walk_path (&doc, format->value_path, &index, payload, length, error))
    return FALSE;
  node = doc_node (&doc, index);
  if (node->kind == J_NUMBER)
    value = node->number;
  else if (node->kind == J_BOOLEAN)
    value = node->boolean ? 1.0 : 0.0;
  else
    {
      const char *what = node->kind == J_NULL ? _ ("null") : node->kind == J_STRING ? _ ("text")
                                                           : node->kind == J_ARRAY  ? _ ("an array")
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
      if (!walk_path (&doc, format->time_path, &index, payload, length, error))
        return FALSE;
      node = doc_node (&doc, index);
      if (!read_json_time (node, node->kind == J_STRING ? doc_text (&doc, node->text) : NULL, format->time_path,
                           payload, length, &t_us, error))
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

/* The fields of RFC 8428, in the order of senml_known. */
typedef enum
{
  F_BN,
  F_BT,
  F_BU,
  F_BV,
  F_BS,
  F_BVER,
  F_N,
  F_U,
  F_V,
  F_VS,
  F_VB,
  F_VD,
  F_S,
  F_T,
  F_UT,
  N_FIELDS,
} SenmlField;

static const char *const senml_known[N_FIELDS] = { "bn", "bt", "bu", "bv", "bs", "bver", "n", "u",
                                                   "v", "vs", "vb", "vd", "s", "t", "ut" };

/* One record's fields: the index of each known one's value, or NO_NODE. */
typedef struct
{
  const Doc *doc;
  guint      field[N_FIELDS];
} SenmlRecord;

static gboolean
read_senml_string (const SenmlRecord *record,
                   SenmlField         field,
                   guint              index,
                   const char       **value,
                   const char        *payload,
                   gsize              length,
                   GError           **error)
{
  const JNode *node;

  if (record->field[field] == NO_NODE)
    return TRUE;
  node = doc_node (record->doc, record->field[field]);
  if (node->kind != J_STRING)
    {
      /* TRANSLATORS: %s is a SenML field ("bn"), %u the record's index from 0. */
      set_decode_error (error, payload, length, _ ("SenML field “%s” of record %u is not text."),
                        senml_known[field], index);
      return FALSE;
    }
  *value = doc_text (record->doc, node->text);
  return TRUE;
}

static gboolean
read_senml_number (const SenmlRecord *record,
                   SenmlField         field,
                   guint              index,
                   double            *value,
                   gboolean          *present,
                   const char        *payload,
                   gsize              length,
                   GError           **error)
{
  const JNode *node;

  if (present != NULL)
    *present = record->field[field] != NO_NODE;
  if (record->field[field] == NO_NODE)
    return TRUE;
  node = doc_node (record->doc, record->field[field]);
  if (node->kind != J_NUMBER)
    {
      set_decode_error (error, payload, length, _ ("SenML field “%s” of record %u is not a number."),
                        senml_known[field], index);
      return FALSE;
    }
  *value = node->number;
  if (!isfinite (*value))
    {
      set_decode_error (error, payload, length, _ ("SenML field “%s” of record %u is not a finite number."),
                        senml_known[field], index);
      return FALSE;
    }
  return TRUE;
}

static gboolean
decode_senml_record (const Doc  *doc,
                     guint       object,
                     guint       index,
                     SenmlBase  *base,
                     gint64      arrival_us,
                     GArray     *records,
                     const char *payload,
                     gsize       length,
                     GError    **error)
{
  SenmlRecord      record = { doc, { NO_NODE } };
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

  for (guint i = 0; i < N_FIELDS; i++)
    record.field[i] = NO_NODE;
  /* Fields ending in "_" must be understood (RFC 8428 §4.4); others we do not know are extensions. */
  for (guint i = doc_node (doc, object)->first; i != NO_NODE; i = doc_node (doc, i)->next)
    {
      const char *key = doc_text (doc, doc_node (doc, i)->key);
      guint       f;

      for (f = 0; f < N_FIELDS; f++)
        if (strcmp (key, senml_known[f]) == 0)
          break;
      if (f < N_FIELDS)
        record.field[f] = i; /* a repeated field keeps its last value */
      else if (g_str_has_suffix (key, "_"))
        {
          set_decode_error (error, payload, length,
                            _ ("SenML record %u has the field “%s”, which must be understood and is not."), index,
                            key);
          return FALSE;
        }
    }
  if (!read_senml_number (&record, F_BVER, index, &bver, &has_bver, payload, length, error))
    return FALSE;
  if (has_bver && (bver < 1 || bver > SENML_MAX_VERSION))
    {
      set_decode_error (error, payload, length, _ ("SenML record %u has version %g; this reader knows up to %d."),
                        index, bver, SENML_MAX_VERSION);
      return FALSE;
    }
  if (!read_senml_string (&record, F_BN, index, &base->bn, payload, length, error) ||
      !read_senml_number (&record, F_BT, index, &base->bt, NULL, payload, length, error) ||
      !read_senml_string (&record, F_BU, index, &base->bu, payload, length, error) ||
      !read_senml_number (&record, F_BV, index, &base->bv, NULL, payload, length, error) ||
      !read_senml_number (&record, F_BS, index, &base->bs, NULL, payload, length, error) ||
      !read_senml_string (&record, F_N, index, &n, payload, length, error) ||
      !read_senml_string (&record, F_U, index, &u, payload, length, error) ||
      !read_senml_number (&record, F_T, index, &t, NULL, payload, length, error) ||
      !read_senml_number (&record, F_V, index, &v, &has_v, payload, length, error) ||
      !read_senml_number (&record, F_S, index, &s, &has_s, payload, length, error))
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
  else if (record.field[F_VB] != NO_NODE && doc_node (doc, record.field[F_VB])->kind == J_BOOLEAN)
    value = doc_node (doc, record.field[F_VB])->boolean ? 1.0 : 0.0;
  else if (record.field[F_VB] != NO_NODE)
    {
      set_decode_error (error, payload, length, _ ("SenML field “vb” of record %u is not true or false."), index);
      return FALSE;
    }
  else if (has_s)
    value = base->bs + s;
  else if (record.field[F_VS] != NO_NODE || record.field[F_VD] != NO_NODE)
    return TRUE; /* text and data values are not samples: skipped */
  else
    {
      /* A record with only base fields sets them for the records that follow. */
      if (record.field[F_N] == NO_NODE && record.field[F_T] == NO_NODE && record.field[F_U] == NO_NODE)
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
  g_auto (Doc) doc = { 0 };
  SenmlBase base = { NULL, 0, NULL, 0, 0 };
  guint     i = 0;

  if (!parse_json (&doc, payload, length, error))
    return FALSE;
  if (doc_node (&doc, 0)->kind != J_ARRAY)
    {
      set_decode_error (error, payload, length, _ ("A SenML pack is a JSON array of records, and this is not."));
      return FALSE;
    }
  for (guint node = doc_node (&doc, 0)->first; node != NO_NODE; node = doc_node (&doc, node)->next, i++)
    {
      if (doc_node (&doc, node)->kind != J_OBJECT)
        {
          set_decode_error (error, payload, length, _ ("SenML record %u is not a JSON object."), i);
          return FALSE;
        }
      if (!decode_senml_record (&doc, node, i, &base, arrival_us, records, payload, length, error))
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
