/* twin-model-json.c: the documented, diffable JSON text form of a twin model.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/model-format.md is the specification; this file implements it.
 *
 * Writing uses its own small emitter rather than json-glib's generator, so
 * the text is stable: fixed key order, two-space indentation, one key per
 * line, arrays of numbers on one line, numbers in their shortest round-trip
 * form with a dot, defaults left out. Export, import, export is therefore
 * byte-identical.
 *
 * Reading parses with json-glib, after one linear pre-scan of the text that
 * checks it is UTF-8, refuses nesting deeper than TWIN_JSON_MAX_DEPTH
 * (json-glib 1.6 recurses without a limit and overflows the stack near
 * 100 000 levels), finds integer literals beyond 64 bits (which json-glib
 * silently wraps around) and remembers what a truncated text left open,
 * because json-glib's own message for that case points at the wrong token.
 * Then every entity and parameter is checked while the detached tree is
 * built; on the first problem the partial tree is dropped and one error names
 * the place, so a caller never sees half a model. Boundary ports and
 * connections are read once the whole tree is, entity by entity with
 * children before parents: a child's boundary ports then exist when its
 * parent's ports and connections name them (chains across levels), and a
 * wire to an entity elsewhere in the file can be reported as such.
 */

#define G_LOG_DOMAIN "twin-model-json"

#include "config.h"

#include "twin-model-json.h"

#include "twin-entity-type.h"
#include "twin-parameter.h"
#include "twin-unit.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#define FORMAT_NAME "twin-studio-model"

/* A place in the text, both 1-based; columns count characters, not bytes. */
typedef struct
{
  guint line;
  guint column;
} TextPos;

/* What the pre-scan learnt about a text json-glib has not seen yet. */
typedef struct
{
  /* Set when the text ends inside a string, object or array. */
  gboolean truncated;
  TextPos  end;
  TextPos  open_at;   /* the innermost construct left open */
  char     open_kind; /* '"', '{' or '[' */

  /* The first integer literal that does not fit in 64 bits, if any. */
  char    *big_integer;
  TextPos  big_integer_at;
} ScanResult;

/* State shared by the whole load of one text. */
typedef struct
{
  /* id → the place of the entity that has it (both owned) */
  GHashTable *ids;
  /* connection id → which connection has it, for messages (both owned) */
  GHashTable *connection_ids;
  /* PendingDiagram, children before their parents */
  GPtrArray  *pending;
} Loader;

/* The ports and connections of one entity, read once the whole tree is,
 * so a message can say where a wrongly named entity really is. */
typedef struct
{
  TwinEntity *entity;      /* borrowed from the tree being built */
  JsonNode   *ports;       /* borrowed from the parser; NULL when absent */
  JsonNode   *connections; /* borrowed from the parser; NULL when absent */
  char       *where;
} PendingDiagram;

static void
pending_diagram_free (PendingDiagram *pending)
{
  g_free (pending->where);
  g_free (pending);
}

G_DEFINE_QUARK (twin_json_error_quark, twin_json_error)

/* Writing */

static void
append_indent (GString *out,
               guint    level)
{
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

/* JSON requires escaping only the quote, the backslash and the control
 * characters below U+0020; everything else, including non-ASCII text, is
 * written as it is, so names stay readable in a diff. */
static void
append_string (GString    *out,
               const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    text = "";
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", (guint) c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

/* Appends @value (finite) through twin_format_number(): the shortest form
 * that reads back as the same double, always with a dot, in full for decimal
 * exponents -4 to 16 ("0.0001", "1200") and with an exponent otherwise
 * ("1e-05", "1e+17"), so an integer literal in the file always fits in 64
 * bits. Negative zero is written as 0, because json-glib reads "-0" as the
 * integer 0 and the next export would differ. */
static void
append_number (GString *out,
               double   value)
{
  g_autofree char *text = NULL;

  g_assert (isfinite (value));

  text = twin_format_number (value == 0.0 ? 0.0 : value);
  g_string_append (out, text);
}

static char *
format_number (double value)
{
  GString *out = g_string_new (NULL);

  if (isfinite (value))
    append_number (out, value);
  else
    g_string_append (out, isnan (value) ? "NaN" : value > 0 ? "∞"
                                                            : "−∞");
  return g_string_free (out, FALSE);
}

/* Starts one member of an object: the comma that ends the previous one, the
 * indentation and the key. */
static void
begin_member (GString    *out,
              guint       level,
              gboolean   *first,
              const char *key)
{
  if (!*first)
    g_string_append (out, ",\n");
  *first = FALSE;
  append_indent (out, level);
  append_string (out, key);
  g_string_append (out, ": ");
}

static void
append_vector (GString      *out,
               const double *vector)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < 3; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_number (out, vector[i]);
    }
  g_string_append_c (out, ']');
}

static gboolean
vector_equals (const double *vector,
               double        value)
{
  return vector[0] == value && vector[1] == value && vector[2] == value;
}

/* Writes only the parts that differ from the identity. */
static void
write_transform (GString             *out,
                 const TwinTransform *transform,
                 guint                level)
{
  gboolean first = TRUE;

  g_string_append (out, "{\n");
  if (!vector_equals (transform->position_m, 0.0))
    {
      begin_member (out, level + 1, &first, "position");
      append_vector (out, transform->position_m);
    }
  if (!vector_equals (transform->rotation_deg, 0.0))
    {
      begin_member (out, level + 1, &first, "rotation");
      append_vector (out, transform->rotation_deg);
    }
  if (!vector_equals (transform->scale, 1.0))
    {
      begin_member (out, level + 1, &first, "scale");
      append_vector (out, transform->scale);
    }
  g_string_append_c (out, '\n');
  append_indent (out, level);
  g_string_append_c (out, '}');
}

static const char *
kind_to_string (TwinValueKind kind)
{
  switch (kind)
    {
    case TWIN_VALUE_NUMBER:
      return "number";
    case TWIN_VALUE_INTEGER:
      return "integer";
    case TWIN_VALUE_BOOLEAN:
      return "boolean";
    case TWIN_VALUE_STRING:
      return "string";
    default:
      g_assert_not_reached ();
    }
}

static void
write_parameter (GString       *out,
                 TwinParameter *parameter,
                 guint          level)
{
  TwinValueKind kind = twin_parameter_get_kind (parameter);
  const char   *description = twin_parameter_get_description (parameter);
  gboolean      first = TRUE;

  g_string_append (out, "{\n");
  begin_member (out, level + 1, &first, "name");
  append_string (out, twin_parameter_get_name (parameter));
  begin_member (out, level + 1, &first, "type");
  append_string (out, kind_to_string (kind));
  begin_member (out, level + 1, &first, "value");
  switch (kind)
    {
    case TWIN_VALUE_NUMBER:
      {
        double value = twin_parameter_get_number (parameter);

        /* A model never holds a non-finite value; write 0 rather than
         * invalid JSON if one slipped through. */
        append_number (out, isfinite (value) ? value : 0.0);
      }
      break;
    case TWIN_VALUE_INTEGER:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, twin_parameter_get_integer (parameter));
      break;
    case TWIN_VALUE_BOOLEAN:
      g_string_append (out, twin_parameter_get_boolean (parameter) ? "true" : "false");
      break;
    case TWIN_VALUE_STRING:
      append_string (out, twin_parameter_get_string (parameter));
      break;
    default:
      g_assert_not_reached ();
    }

  if (kind == TWIN_VALUE_NUMBER || kind == TWIN_VALUE_INTEGER)
    {
      const char *unit = twin_parameter_get_unit (parameter);
      double      minimum = twin_parameter_get_minimum (parameter);
      double      maximum = twin_parameter_get_maximum (parameter);

      if (unit != NULL && unit[0] != '\0')
        {
          begin_member (out, level + 1, &first, "unit");
          append_string (out, unit);
        }
      if (isfinite (minimum))
        {
          begin_member (out, level + 1, &first, "minimum");
          append_number (out, minimum);
        }
      if (isfinite (maximum))
        {
          begin_member (out, level + 1, &first, "maximum");
          append_number (out, maximum);
        }
    }

  if (description != NULL && description[0] != '\0')
    {
      begin_member (out, level + 1, &first, "description");
      append_string (out, description);
    }

  g_string_append_c (out, '\n');
  append_indent (out, level);
  g_string_append_c (out, '}');
}

/* Writes the boundary port @info of an entity. */
static void
write_port (GString            *out,
            const TwinPortInfo *info,
            guint               level)
{
  gboolean first = TRUE;

  g_string_append (out, "{\n");
  begin_member (out, level + 1, &first, "name");
  append_string (out, info->name);
  begin_member (out, level + 1, &first, "entity");
  append_string (out, twin_entity_get_id (info->inner));
  begin_member (out, level + 1, &first, "port");
  append_string (out, info->inner_port);
  g_string_append_c (out, '\n');
  append_indent (out, level);
  g_string_append_c (out, '}');
}

/* One end of a connection, on one line: {"entity": "…", "port": "…"}. */
static void
append_end (GString    *out,
            TwinEntity *entity,
            const char *port)
{
  g_string_append (out, "{\"entity\": ");
  append_string (out, twin_entity_get_id (entity));
  g_string_append (out, ", \"port\": ");
  append_string (out, port);
  g_string_append_c (out, '}');
}

static void
write_connection (GString        *out,
                  TwinConnection *connection,
                  guint           level)
{
  gboolean first = TRUE;

  g_string_append (out, "{\n");
  begin_member (out, level + 1, &first, "id");
  append_string (out, twin_connection_get_id (connection));
  begin_member (out, level + 1, &first, "from");
  append_end (out, twin_connection_get_from (connection), twin_connection_get_from_port (connection));
  begin_member (out, level + 1, &first, "to");
  append_end (out, twin_connection_get_to (connection), twin_connection_get_to_port (connection));
  g_string_append_c (out, '\n');
  append_indent (out, level);
  g_string_append_c (out, '}');
}

static void
write_entity (GString    *out,
              TwinEntity *entity,
              guint       level)
{
  const TwinTransform *transform = twin_entity_get_transform (entity);
  guint                n_parameters = twin_entity_get_n_parameters (entity);
  guint                n_children = twin_entity_get_n_children (entity);
  guint                n_connections = twin_entity_get_n_connections (entity);
  gboolean             first = TRUE;
  double               diagram_x;
  double               diagram_y;

  g_string_append (out, "{\n");
  begin_member (out, level + 1, &first, "id");
  append_string (out, twin_entity_get_id (entity));
  begin_member (out, level + 1, &first, "name");
  append_string (out, twin_entity_get_name (entity));
  begin_member (out, level + 1, &first, "type");
  append_string (out, twin_entity_get_type_name (entity));

  if (transform != NULL && !twin_transform_is_identity (transform))
    {
      begin_member (out, level + 1, &first, "transform");
      write_transform (out, transform, level + 1);
    }

  if (twin_entity_get_mesh_id (entity) != NULL)
    {
      begin_member (out, level + 1, &first, "mesh");
      append_string (out, twin_entity_get_mesh_id (entity));
    }

  /* A model never holds a non-finite position; leave it out rather than
   * write invalid JSON if one slipped through. */
  if (twin_entity_get_diagram_position (entity, &diagram_x, &diagram_y) &&
      isfinite (diagram_x) && isfinite (diagram_y))
    {
      begin_member (out, level + 1, &first, "diagram");
      g_string_append_c (out, '[');
      append_number (out, diagram_x);
      g_string_append (out, ", ");
      append_number (out, diagram_y);
      g_string_append_c (out, ']');
    }

  if (n_parameters > 0)
    {
      GListModel *parameters = twin_entity_get_parameters (entity);

      begin_member (out, level + 1, &first, "parameters");
      g_string_append (out, "[\n");
      for (guint i = 0; i < n_parameters; i++)
        {
          g_autoptr (TwinParameter) parameter = g_list_model_get_item (parameters, i);

          if (i > 0)
            g_string_append (out, ",\n");
          append_indent (out, level + 2);
          write_parameter (out, parameter, level + 2);
        }
      g_string_append_c (out, '\n');
      append_indent (out, level + 1);
      g_string_append_c (out, ']');
    }

  if (twin_entity_get_n_boundary_ports (entity) > 0)
    {
      guint n_ports = twin_entity_get_n_ports (entity);
      guint n_written = 0;

      begin_member (out, level + 1, &first, "ports");
      g_string_append (out, "[\n");
      /* The type's ports come first and are not written; boundary ports
       * are the ones with an inner entity. */
      for (guint i = 0; i < n_ports; i++)
        {
          TwinPortInfo info;

          if (!twin_entity_get_port (entity, i, &info) || info.inner == NULL)
            continue;
          if (n_written++ > 0)
            g_string_append (out, ",\n");
          append_indent (out, level + 2);
          write_port (out, &info, level + 2);
        }
      g_string_append_c (out, '\n');
      append_indent (out, level + 1);
      g_string_append_c (out, ']');
    }

  if (n_children > 0)
    {
      begin_member (out, level + 1, &first, "children");
      g_string_append (out, "[\n");
      for (guint i = 0; i < n_children; i++)
        {
          if (i > 0)
            g_string_append (out, ",\n");
          append_indent (out, level + 2);
          write_entity (out, twin_entity_get_child (entity, i), level + 2);
        }
      g_string_append_c (out, '\n');
      append_indent (out, level + 1);
      g_string_append_c (out, ']');
    }

  if (n_connections > 0)
    {
      GListModel *connections = twin_entity_get_connections (entity);

      begin_member (out, level + 1, &first, "connections");
      g_string_append (out, "[\n");
      for (guint i = 0; i < n_connections; i++)
        {
          g_autoptr (TwinConnection) connection = g_list_model_get_item (connections, i);

          if (i > 0)
            g_string_append (out, ",\n");
          append_indent (out, level + 2);
          write_connection (out, connection, level + 2);
        }
      g_string_append_c (out, '\n');
      append_indent (out, level + 1);
      g_string_append_c (out, ']');
    }

  g_string_append_c (out, '\n');
  append_indent (out, level);
  g_string_append_c (out, '}');
}

/* The pre-scan */

static void
advance_position (TextPos *pos,
                  guchar   c)
{
  if (c == '\n')
    {
      pos->line++;
      pos->column = 1;
    }
  else if ((c & 0xC0) != 0x80)
    {
      pos->column++;
    }
}

static TextPos
position_of (const char *text,
             gsize       offset)
{
  TextPos pos = { 1, 1 };

  for (gsize i = 0; i < offset; i++)
    advance_position (&pos, (guchar) text[i]);
  return pos;
}

static gboolean
is_integer_literal (const char *token)
{
  const char *p = token[0] == '-' ? token + 1 : token;

  if (*p == '\0')
    return FALSE;
  for (; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static void
scan_result_clear (ScanResult *result)
{
  g_clear_pointer (&result->big_integer, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScanResult, scan_result_clear)

/* One pass over the text, before json-glib sees it: see the file comment.
 * Fails only for text that must not reach json-glib at all. */
static gboolean
scan_text (const char *text,
           gsize       length,
           ScanResult *result,
           GError    **error)
{
  TextPos     open_at[TWIN_JSON_MAX_DEPTH];
  char        open_kind[TWIN_JSON_MAX_DEPTH];
  guint       depth = 0;
  TextPos     pos = { 1, 1 };
  TextPos     string_start = { 0, 0 };
  gboolean    in_string = FALSE;
  gboolean    escaped = FALSE;
  const char *invalid;
  gsize       i = 0;

  memset (result, 0, sizeof *result);

  if (!g_utf8_validate (text, (gssize) length, &invalid))
    {
      TextPos where = position_of (text, (gsize) (invalid - text));

      if (*invalid == '\0')
        g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_SYNTAX,
                     _ ("line %u, column %u: the text contains a NUL character"),
                     where.line, where.column);
      else
        g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_SYNTAX,
                     _ ("line %u, column %u: the text is not valid UTF-8"),
                     where.line, where.column);
      return FALSE;
    }

  while (i < length)
    {
      guchar c = (guchar) text[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        {
          in_string = TRUE;
          string_start = pos;
        }
      else if (c == '{' || c == '[')
        {
          if (depth == TWIN_JSON_MAX_DEPTH)
            {
              g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_FORMAT,
                           _ ("line %u, column %u: the data is nested more than %u levels deep"),
                           pos.line, pos.column, (guint) TWIN_JSON_MAX_DEPTH);
              return FALSE;
            }
          open_at[depth] = pos;
          open_kind[depth] = (char) c;
          depth++;
        }
      else if (c == '}' || c == ']')
        {
          if (depth > 0)
            depth--;
        }
      else if (c == '-' || g_ascii_isdigit (c))
        {
          gsize j = i;

          while (j < length && strchr ("0123456789+-.eE", text[j]) != NULL && text[j] != '\0')
            j++;
          if (result->big_integer == NULL)
            {
              g_autofree char *token = g_strndup (text + i, j - i);

              if (is_integer_literal (token) &&
                  !g_ascii_string_to_signed (token, 10, G_MININT64, G_MAXINT64, NULL, NULL))
                {
                  result->big_integer = g_steal_pointer (&token);
                  result->big_integer_at = pos;
                }
            }
          pos.column += (guint) (j - i);
          i = j;
          continue;
        }

      advance_position (&pos, c);
      i++;
    }

  result->end = pos;
  if (in_string)
    {
      result->truncated = TRUE;
      result->open_at = string_start;
      result->open_kind = '"';
    }
  else if (depth > 0)
    {
      result->truncated = TRUE;
      result->open_at = open_at[depth - 1];
      result->open_kind = open_kind[depth - 1];
    }
  return TRUE;
}

/* Parsing with json-glib */

typedef struct
{
  gboolean seen;
  guint    line;
  guint    byte_column;
} ParserErrorPos;

static void
parser_error_cb (JsonParser   *parser,
                 const GError *error,
                 gpointer      user_data)
{
  ParserErrorPos *pos = user_data;

  pos->seen = TRUE;
  pos->line = json_parser_get_current_line (parser);
  pos->byte_column = json_parser_get_current_pos (parser);
}

/* json-glib counts columns in bytes; people and editors count characters. */
static guint
character_column (const char *text,
                  gsize       length,
                  guint       line,
                  guint       byte_column)
{
  gsize i = 0;
  guint column = 1;

  for (guint l = 1; l < line && i < length; i++)
    if (text[i] == '\n')
      l++;
  for (guint b = 1; b < byte_column && i < length && text[i] != '\n'; b++, i++)
    if (((guchar) text[i] & 0xC0) != 0x80)
      column++;
  return column;
}

/* json-glib 1.6 says "<data>:3:7: Parse error: unexpected …"; keep only
 * what comes after the position and the words "Parse error". */
static const char *
strip_parser_prefix (const char *message)
{
  const char *p = message;

  if (!g_str_has_prefix (p, "<data>:"))
    return message;
  p += strlen ("<data>:");
  for (guint field = 0; field < 2; field++)
    {
      if (!g_ascii_isdigit (*p))
        return message;
      while (g_ascii_isdigit (*p))
        p++;
      if (*p != ':')
        return message;
      p++;
    }
  p = strstr (p, ": ");
  return p != NULL && p[2] != '\0' ? p + 2 : message;
}

/* A whole sentence per case, since the nouns may change the grammar. */
static void
set_truncation_error (GError          **error,
                      const ScanResult *scan)
{
  guint line = scan->end.line;
  guint column = scan->end.column;
  guint open_line = scan->open_at.line;
  guint open_column = scan->open_at.column;

  switch (scan->open_kind)
    {
    case '"':
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_SYNTAX,
                   _ ("line %u, column %u: the text ends before the string opened at line %u, column %u is closed"),
                   line, column, open_line, open_column);
      break;
    case '{':
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_SYNTAX,
                   _ ("line %u, column %u: the text ends before the object opened at line %u, column %u is closed"),
                   line, column, open_line, open_column);
      break;
    default:
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_SYNTAX,
                   _ ("line %u, column %u: the text ends before the array opened at line %u, column %u is closed"),
                   line, column, open_line, open_column);
      break;
    }
}

static gboolean
is_blank (const char *text,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (text[i]))
      return FALSE;
  return TRUE;
}

/* Returns: (transfer full): a parser holding a non-empty document */
static JsonParser *
parse_text (const char *text,
            gsize       length,
            GError    **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) local_error = NULL;
  g_auto (ScanResult) scan = { 0 };
  ParserErrorPos error_pos = { 0 };

  if (!scan_text (text, length, &scan, error))
    return NULL;
  if (is_blank (text, length))
    {
      g_set_error_literal (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_SYNTAX, _ ("the text is empty"));
      return NULL;
    }

  g_signal_connect (parser, "error", G_CALLBACK (parser_error_cb), &error_pos);
  if (!json_parser_load_from_data (parser, text, (gssize) length, &local_error))
    {
      /* json-glib's message for an unfinished text points at the last
       * token read, often with a misleading "expected" list. */
      if (scan.truncated && (!error_pos.seen || error_pos.line >= scan.end.line))
        {
          set_truncation_error (error, &scan);
        }
      else if (error_pos.seen && error_pos.line > 0)
        {
          g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_SYNTAX,
                       _ ("line %u, column %u: %s"), error_pos.line,
                       character_column (text, length, error_pos.line, error_pos.byte_column),
                       strip_parser_prefix (local_error->message));
        }
      else
        {
          g_set_error_literal (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_SYNTAX,
                               strip_parser_prefix (local_error->message));
        }
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_SYNTAX,
                           _ ("the text is empty"));
      return NULL;
    }
  if (scan.big_integer != NULL)
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_FORMAT,
                   _ ("line %u, column %u: the number %s is too large for a whole number; "
                      "write it with an exponent, as in 1e+20"),
                   scan.big_integer_at.line, scan.big_integer_at.column, scan.big_integer);
      return NULL;
    }
  return g_steal_pointer (&parser);
}

/* Reading the model */

static const char *
describe_node (JsonNode *node)
{
  GType type;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return _ ("null");
  if (JSON_NODE_HOLDS_OBJECT (node))
    return _ ("an object");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return _ ("an array");
  type = json_node_get_value_type (node);
  if (type == G_TYPE_BOOLEAN)
    return _ ("true or false");
  if (type == G_TYPE_STRING)
    return _ ("a string");
  return _ ("a number");
}

static gboolean
fail (GError    **error,
      const char *where,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError    **error,
      const char *where,
      const char *format,
      ...)
{
  g_autofree char *detail = NULL;
  va_list          args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  if (where == NULL)
    g_set_error_literal (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_FORMAT, detail);
  else
    /* Translators: “place: what is wrong”, as in “Office ▸ Floor 1: parameter “volume” has no value” */
    g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_FORMAT, _ ("%s: %s"), where, detail);
  return FALSE;
}

/* Refuses any key of @object not in @allowed (NULL-terminated). */
static gboolean
check_keys (JsonObject        *object,
            const char *const *allowed,
            const char        *where,
            const char        *what,
            GError           **error)
{
  g_autoptr (GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_autofree char *list = g_strjoinv (", ", (char **) allowed);

        /* Translators: the second %s is “an entity”, “a parameter”, “a transform”, “a port”, “a connection” or “from” of connection 3 */
        return fail (error, where, _ ("unknown key “%s” in %s (the known keys are %s)"),
                     (const char *) l->data, what, list);
      }
  return TRUE;
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_number (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

/* Reads an optional string member; %TRUE with *value NULL when it is absent. */
static gboolean
get_string_member (JsonObject  *object,
                   const char  *key,
                   const char  *where,
                   const char **value,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *value = NULL;
  if (node == NULL)
    return TRUE;
  if (!node_is_string (node))
    return fail (error, where, _ ("“%s” must be a string, not %s"), key, describe_node (node));
  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_number_member (JsonObject *object,
                   const char *key,
                   const char *where,
                   const char *parameter,
                   double     *value,
                   GError    **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (!node_is_number (node))
    return fail (error, where, _ ("parameter “%s”: “%s” must be a number, not %s"),
                 parameter, key, describe_node (node));
  *value = json_node_get_double (node);
  if (!isfinite (*value))
    return fail (error, where, _ ("parameter “%s”: “%s” is not a finite number"), parameter, key);
  return TRUE;
}

static gboolean
read_vector (JsonObject *object,
             const char *key,
             const char *where,
             double     *vector,
             GError    **error)
{
  JsonNode  *node = json_object_get_member (object, key);
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, where, _ ("transform “%s” must be an array of 3 numbers, not %s"),
                 key, describe_node (node));
  array = json_node_get_array (node);
  if (json_array_get_length (array) != 3)
    return fail (error, where, _ ("transform “%s” must have 3 numbers, not %u"),
                 key, json_array_get_length (array));
  for (guint i = 0; i < 3; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!node_is_number (element))
        return fail (error, where, _ ("transform “%s”: element %u must be a number, not %s"),
                     key, i + 1, describe_node (element));
      vector[i] = json_node_get_double (element);
      if (!isfinite (vector[i]))
        return fail (error, where, _ ("transform “%s”: element %u is not a finite number"), key, i + 1);
    }
  return TRUE;
}

static gboolean
read_transform (JsonNode      *node,
                const char    *where,
                TwinTransform *transform,
                GError       **error)
{
  static const char *const keys[] = { "position", "rotation", "scale", NULL };
  JsonObject              *object;

  twin_transform_init_identity (transform);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, where, _ ("“transform” must be an object, not %s"), describe_node (node));
  object = json_node_get_object (node);
  if (!check_keys (object, keys, where, _ ("a transform"), error) ||
      !read_vector (object, "position", where, transform->position_m, error) ||
      !read_vector (object, "rotation", where, transform->rotation_deg, error) ||
      !read_vector (object, "scale", where, transform->scale, error))
    return FALSE;
  for (guint i = 0; i < 3; i++)
    if (transform->scale[i] == 0.0)
      return fail (error, where, _ ("transform “scale”: element %u is zero, which would flatten the entity"), i + 1);
  return TRUE;
}

static gboolean
parse_kind (const char    *text,
            TwinValueKind *kind)
{
  static const TwinValueKind kinds[] = { TWIN_VALUE_NUMBER, TWIN_VALUE_INTEGER, TWIN_VALUE_BOOLEAN, TWIN_VALUE_STRING };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (text, kind_to_string (kinds[i])) == 0)
      {
        *kind = kinds[i];
        return TRUE;
      }
  return FALSE;
}

static TwinParameter *
read_parameter (JsonNode   *node,
                TwinEntity *entity,
                const char *where,
                guint       index,
                GError    **error)
{
  static const char *const keys[] = { "name", "type", "value", "unit", "minimum", "maximum", "description", NULL };
  g_autoptr (TwinParameter) parameter = NULL;
  JsonObject   *object;
  JsonNode     *value_node;
  const char   *name;
  const char   *type;
  const char   *unit = NULL;
  const char   *description;
  TwinValueKind kind;
  double        minimum = -INFINITY;
  double        maximum = INFINITY;
  double        as_number = 0.0;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, where, _ ("parameter %u must be an object, not %s"), index + 1, describe_node (node));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!get_string_member (object, "name", where, &name, error))
    return NULL;
  if (name == NULL)
    {
      fail (error, where, _ ("parameter %u has no “name”"), index + 1);
      return NULL;
    }
  if (!twin_parameter_is_valid_name (name))
    {
      fail (error, where, _ ("“%s” is not a valid parameter name"), name);
      return NULL;
    }
  if (twin_entity_get_parameter (entity, name) != NULL)
    {
      fail (error, where, _ ("parameter “%s” appears twice"), name);
      return NULL;
    }
  if (!check_keys (object, keys, where, _ ("a parameter"), error))
    return NULL;

  if (!get_string_member (object, "type", where, &type, error))
    return NULL;
  if (type == NULL)
    {
      fail (error, where, _ ("parameter “%s” has no “type”"), name);
      return NULL;
    }
  if (!parse_kind (type, &kind))
    {
      fail (error, where, _ ("parameter “%s” has the type “%s”; it must be number, integer, boolean or string"),
            name, type);
      return NULL;
    }

  value_node = json_object_get_member (object, "value");
  if (value_node == NULL || JSON_NODE_HOLDS_NULL (value_node))
    {
      fail (error, where, _ ("parameter “%s” has no value"), name);
      return NULL;
    }

  if (kind == TWIN_VALUE_NUMBER || kind == TWIN_VALUE_INTEGER)
    {
      TwinUnit unit_parsed;

      if (!get_string_member (object, "unit", where, &unit, error))
        return NULL;
      if (unit != NULL && unit[0] != '\0')
        {
          g_autoptr (GError) unit_error = NULL;

          if (!twin_unit_parse (unit, &unit_parsed, &unit_error))
            {
              fail (error, where, _ ("parameter “%s” has an unknown unit: %s"), name, unit_error->message);
              return NULL;
            }
        }
      else
        unit = NULL;

      if (json_object_has_member (object, "minimum") &&
          !get_number_member (object, "minimum", where, name, &minimum, error))
        return NULL;
      if (json_object_has_member (object, "maximum") &&
          !get_number_member (object, "maximum", where, name, &maximum, error))
        return NULL;
      if (minimum > maximum)
        {
          g_autofree char *min_text = format_number (minimum);
          g_autofree char *max_text = format_number (maximum);

          fail (error, where, _ ("parameter “%s” has a minimum (%s) above its maximum (%s)"),
                name, min_text, max_text);
          return NULL;
        }
    }
  else
    {
      static const char *const numeric_only[] = { "unit", "minimum", "maximum" };

      for (guint i = 0; i < G_N_ELEMENTS (numeric_only); i++)
        if (json_object_has_member (object, numeric_only[i]))
          {
            fail (error, where, _ ("parameter “%s” is of type %s and cannot have a “%s”"),
                  name, type, numeric_only[i]);
            return NULL;
          }
    }

  switch (kind)
    {
    case TWIN_VALUE_NUMBER:
      if (!node_is_number (value_node))
        {
          fail (error, where, _ ("parameter “%s” is a number, but its value is %s"), name, describe_node (value_node));
          return NULL;
        }
      as_number = json_node_get_double (value_node);
      if (!isfinite (as_number))
        {
          fail (error, where, _ ("parameter “%s” has a value that is not a finite number"), name);
          return NULL;
        }
      break;

    case TWIN_VALUE_INTEGER:
      if (node_is_number (value_node) && json_node_get_value_type (value_node) == G_TYPE_DOUBLE)
        {
          double d = json_node_get_double (value_node);

          /* 2.0 or 1e3 are whole numbers too; 2.5 and 1e300 are not. */
          if (!isfinite (d) || d != floor (d) || d < -9223372036854775808.0 || d >= 9223372036854775808.0)
            {
              g_autofree char *text = format_number (d);

              fail (error, where, _ ("parameter “%s” is an integer, but its value %s is not a whole number"),
                    name, text);
              return NULL;
            }
          as_number = d;
        }
      else if (node_is_number (value_node))
        as_number = (double) json_node_get_int (value_node);
      else
        {
          fail (error, where, _ ("parameter “%s” is an integer, but its value is %s"), name, describe_node (value_node));
          return NULL;
        }
      break;

    case TWIN_VALUE_BOOLEAN:
      if (!JSON_NODE_HOLDS_VALUE (value_node) || json_node_get_value_type (value_node) != G_TYPE_BOOLEAN)
        {
          fail (error, where, _ ("parameter “%s” is a boolean, but its value is %s"), name, describe_node (value_node));
          return NULL;
        }
      break;

    case TWIN_VALUE_STRING:
      if (!node_is_string (value_node))
        {
          fail (error, where, _ ("parameter “%s” is a string, but its value is %s"), name, describe_node (value_node));
          return NULL;
        }
      break;

    default:
      g_assert_not_reached ();
    }

  if ((kind == TWIN_VALUE_NUMBER || kind == TWIN_VALUE_INTEGER) &&
      (as_number < minimum || as_number > maximum))
    {
      g_autofree char *value_text = format_number (as_number);
      g_autofree char *min_text = format_number (minimum);
      g_autofree char *max_text = format_number (maximum);

      fail (error, where, _ ("parameter “%s” is %s, outside its range %s … %s"),
            name, value_text, min_text, max_text);
      return NULL;
    }

  switch (kind)
    {
    case TWIN_VALUE_NUMBER:
      parameter = twin_parameter_new_number (name, as_number, unit, minimum, maximum);
      break;
    case TWIN_VALUE_INTEGER:
      parameter = twin_parameter_new_integer (name,
                                              json_node_get_value_type (value_node) == G_TYPE_INT64 ? json_node_get_int (value_node) : (gint64) as_number,
                                              unit, minimum, maximum);
      break;
    case TWIN_VALUE_BOOLEAN:
      parameter = twin_parameter_new_boolean (name, json_node_get_boolean (value_node));
      break;
    case TWIN_VALUE_STRING:
      parameter = twin_parameter_new_string (name, json_node_get_string (value_node));
      break;
    default:
      g_assert_not_reached ();
    }

  if (!get_string_member (object, "description", where, &description, error))
    return NULL;
  if (description != NULL && description[0] != '\0')
    twin_parameter_set_description (parameter, description);

  return g_steal_pointer (&parameter);
}

static gboolean
read_diagram (JsonNode   *node,
              const char *where,
              double     *xy,
              GError    **error)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, where, _ ("“diagram” must be an array of 2 numbers, not %s"), describe_node (node));
  array = json_node_get_array (node);
  if (json_array_get_length (array) != 2)
    return fail (error, where, _ ("“diagram” must have 2 numbers, not %u"), json_array_get_length (array));
  for (guint i = 0; i < 2; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!node_is_number (element))
        return fail (error, where, _ ("“diagram”: element %u must be a number, not %s"), i + 1, describe_node (element));
      xy[i] = json_node_get_double (element);
      if (!isfinite (xy[i]))
        return fail (error, where, _ ("“diagram”: element %u is not a finite number"), i + 1);
    }
  return TRUE;
}

/* Maps the lower-case id of each child of @parent to the child. */
static GHashTable *
index_children (TwinEntity *parent)
{
  GHashTable *children = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < twin_entity_get_n_children (parent); i++)
    {
      TwinEntity *child = twin_entity_get_child (parent, i);

      g_hash_table_insert (children, (gpointer) twin_entity_get_id (child), child);
    }
  return children;
}

/* Finds the child of @parent that @reference names: by its id, as written,
 * or by its name, for hand-written files. @what is "port 2 (“in”)" or
 * "connection 3", for the message. */
static TwinEntity *
resolve_child (Loader     *loader,
               TwinEntity *parent,
               GHashTable *children,
               const char *reference,
               const char *where,
               const char *what,
               GError    **error)
{
  g_autofree char *lower = g_ascii_strdown (reference, -1);
  TwinEntity      *child = g_hash_table_lookup (children, lower);
  const char      *elsewhere;

  if (child != NULL)
    return child;
  if ((child = twin_entity_find_child (parent, reference)) != NULL)
    return child;
  if ((elsewhere = g_hash_table_lookup (loader->ids, lower)) != NULL)
    /* Translators: “connection 3: the entity 3f2b… (Office ▸ Pump) is not a child of “Heating”” */
    fail (error, where, _ ("%s: the entity %s (%s) is not a child of “%s”"), what, reference, elsewhere,
          twin_entity_get_name (parent));
  else
    fail (error, where, _ ("%s: no child of “%s” has the id or name “%s”"), what, twin_entity_get_name (parent),
          reference);
  return NULL;
}

static gboolean
read_ports (Loader     *loader,
            JsonNode   *member,
            TwinEntity *entity,
            GHashTable *children,
            const char *where,
            GError    **error)
{
  static const char *const keys[] = { "name", "entity", "port", NULL };
  JsonArray               *array;

  if (!JSON_NODE_HOLDS_ARRAY (member))
    return fail (error, where, _ ("“ports” must be an array, not %s"), describe_node (member));
  array = json_node_get_array (member);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode        *node = json_array_get_element (array, i);
      g_autofree char *what = NULL;
      JsonObject      *object;
      const char      *name;
      const char      *reference;
      const char      *inner_port;
      const char      *other;
      TwinEntity      *inner;
      TwinPortInfo     info;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (error, where, _ ("port %u must be an object, not %s"), i + 1, describe_node (node));
      object = json_node_get_object (node);
      if (!get_string_member (object, "name", where, &name, error))
        return FALSE;
      if (name == NULL)
        return fail (error, where, _ ("port %u has no “name”"), i + 1);
      if (!twin_entity_is_valid_port_name (name))
        return fail (error, where, _ ("port %u: “%s” is not a valid port name; use letters, digits and “_”, not starting with a digit"),
                     i + 1, name);
      /* Translators: a boundary port in messages, as in “port 2 (“heat_in”)” */
      what = g_strdup_printf (_ ("port %u (“%s”)"), i + 1, name);
      if (!check_keys (object, keys, where, _ ("a port"), error))
        return FALSE;
      if (twin_entity_find_port (entity, name, &info))
        return fail (error, where, _ ("%s: “%s” already has a port of that name"), what, twin_entity_get_name (entity));

      if (!get_string_member (object, "entity", where, &reference, error))
        return FALSE;
      if (reference == NULL)
        return fail (error, where, _ ("%s has no “entity”"), what);
      if ((inner = resolve_child (loader, entity, children, reference, where, what, error)) == NULL)
        return FALSE;
      if (!get_string_member (object, "port", where, &inner_port, error))
        return FALSE;
      if (inner_port == NULL)
        return fail (error, where, _ ("%s has no “port”"), what);
      if (!twin_entity_resolve_port (inner, inner_port, &info))
        return fail (error, where, _ ("%s: “%s”.%s is not a port of “%s”"), what, twin_entity_get_name (inner),
                     inner_port, twin_entity_get_name (inner));
      if ((other = twin_entity_find_exposing_port (entity, inner, inner_port)) != NULL)
        return fail (error, where, _ ("%s: “%s”.%s is exposed already, as port “%s”"), what,
                     twin_entity_get_name (inner), inner_port, other);
      twin_entity_add_boundary_port (entity, name, inner, inner_port);
    }
  return TRUE;
}

/* Reads the "from" or "to" end of a connection: a port of a child of @parent. */
static gboolean
read_connection_end (Loader       *loader,
                     JsonObject   *connection,
                     const char   *key,
                     TwinEntity   *parent,
                     GHashTable   *children,
                     const char   *where,
                     const char   *what,
                     TwinEntity  **entity,
                     const char  **port,
                     TwinPortInfo *info,
                     GError      **error)
{
  static const char *const keys[] = { "entity", "port", NULL };
  JsonNode                *node = json_object_get_member (connection, key);
  g_autofree char         *end = NULL;
  JsonObject              *object;
  const char              *reference;

  if (node == NULL)
    return fail (error, where, _ ("%s has no “%s”"), what, key);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, where, _ ("%s: “%s” must be an object, not %s"), what, key, describe_node (node));
  object = json_node_get_object (node);
  /* Translators: which end of a connection, as in “from” of connection 3 */
  end = g_strdup_printf (_ ("“%s” of %s"), key, what);
  if (!check_keys (object, keys, where, end, error))
    return FALSE;
  if (!get_string_member (object, "entity", where, &reference, error))
    return FALSE;
  if (reference == NULL)
    return fail (error, where, _ ("%s: “%s” has no “entity”"), what, key);
  if ((*entity = resolve_child (loader, parent, children, reference, where, what, error)) == NULL)
    return FALSE;
  if (!get_string_member (object, "port", where, port, error))
    return FALSE;
  if (*port == NULL)
    return fail (error, where, _ ("%s: “%s” has no “port”"), what, key);
  if (!twin_entity_resolve_port (*entity, *port, info))
    return fail (error, where, _ ("%s: “%s”.%s is not a port of “%s”"), what, twin_entity_get_name (*entity), *port,
                 twin_entity_get_name (*entity));
  return TRUE;
}

/* A key that is the same for both directions of a wire between two ports. */
static char *
wire_key (TwinEntity *a,
          const char *port_a,
          TwinEntity *b,
          const char *port_b)
{
  const char *id_a = twin_entity_get_id (a);
  const char *id_b = twin_entity_get_id (b);
  int         order = strcmp (id_a, id_b);

  if (order > 0 || (order == 0 && strcmp (port_a, port_b) > 0))
    return g_strjoin ("\x1f", id_b, port_b, id_a, port_a, NULL);
  return g_strjoin ("\x1f", id_a, port_a, id_b, port_b, NULL);
}

static gboolean
read_connections (Loader     *loader,
                  JsonNode   *member,
                  TwinEntity *parent,
                  GHashTable *children,
                  const char *where,
                  GError    **error)
{
  static const char *const keys[] = { "id", "from", "to", NULL };
  g_autoptr (GHashTable) wires = NULL; /* wire_key → which connection, both owned */
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (member))
    return fail (error, where, _ ("“connections” must be an array, not %s"), describe_node (member));
  array = json_node_get_array (member);
  wires = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode        *node = json_array_get_element (array, i);
      g_autofree char *what = g_strdup_printf (_ ("connection %u"), i + 1);
      g_autofree char *new_id = NULL;
      g_autofree char *lower_id = NULL;
      g_autofree char *key = NULL;
      g_autoptr (TwinConnection) connection = NULL;
      JsonObject  *object;
      const char  *id;
      const char  *other;
      TwinEntity  *from;
      TwinEntity  *to;
      const char  *from_port;
      const char  *to_port;
      TwinPortInfo from_info;
      TwinPortInfo to_info;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (error, where, _ ("%s must be an object, not %s"), what, describe_node (node));
      object = json_node_get_object (node);
      if (!check_keys (object, keys, where, _ ("a connection"), error))
        return FALSE;

      if (!get_string_member (object, "id", where, &id, error))
        return FALSE;
      if (id == NULL)
        id = new_id = g_uuid_string_random ();
      else if (!twin_entity_is_valid_id (id))
        return fail (error, where, _ ("%s: the id “%s” is not a UUID such as 3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b"),
                     what, id);
      lower_id = g_ascii_strdown (id, -1);
      if ((other = g_hash_table_lookup (loader->connection_ids, lower_id)) != NULL)
        return fail (error, where, _ ("%s: the id “%s” is already used by %s"), what, id, other);

      if (!read_connection_end (loader, object, "from", parent, children, where, what, &from, &from_port, &from_info, error) ||
          !read_connection_end (loader, object, "to", parent, children, where, what, &to, &to_port, &to_info, error))
        return FALSE;
      if (from == to)
        return fail (error, where, _ ("%s joins “%s” to itself; a connection joins two children"), what,
                     twin_entity_get_name (from));
      key = wire_key (from, from_port, to, to_port);
      if ((other = g_hash_table_lookup (wires, key)) != NULL)
        return fail (error, where, _ ("%s joins “%s”.%s and “%s”.%s, which %s joins already"), what,
                     twin_entity_get_name (from), from_port, twin_entity_get_name (to), to_port, other);
      g_hash_table_insert (wires, g_steal_pointer (&key), g_strdup (what));

      /* A signal goes from an output to an input, whichever way it was written. */
      if (from_info.direction == TWIN_PORT_INPUT && to_info.direction == TWIN_PORT_OUTPUT)
        connection = twin_connection_new (lower_id, to, to_port, from, from_port);
      else
        connection = twin_connection_new (lower_id, from, from_port, to, to_port);
      /* Translators: which connection has an id, as in “connection 2 of Office ▸ Heating” */
      g_hash_table_insert (loader->connection_ids, g_strdup (lower_id),
                           g_strdup_printf (_ ("connection %u of %s"), i + 1, where));
      twin_entity_add_connection (parent, connection);
    }
  return TRUE;
}

static TwinEntity *
read_entity (Loader     *loader,
             JsonNode   *node,
             GHashTable *sibling_names,
             const char *parent_where,
             guint       index,
             GError    **error)
{
  static const char *const keys[] = { "id", "name", "type", "transform", "mesh", "diagram", "parameters", "ports",
                                      "children", "connections", NULL };
  g_autoptr (TwinEntity) entity = NULL;
  g_autoptr (GError) name_error = NULL;
  g_autofree char *where = NULL;
  g_autofree char *new_id = NULL;
  g_autofree char *lower_id = NULL;
  g_autoptr (GHashTable) names = NULL; /* of the children, borrowed from the JSON */
  JsonObject *object;
  JsonNode   *member;
  const char *name;
  const char *type;
  const char *id;

  /* Until the name is known, the place is the parent and a position. */
  if (parent_where == NULL)
    where = g_strdup (_ ("the root entity"));
  else
    /* Translators: a place in the hierarchy, as in “Office ▸ Floor 1 ▸ child 3” */
    where = g_strdup_printf (_ ("%s ▸ child %u"), parent_where, index + 1);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, where, _ ("an entity must be an object, not %s"), describe_node (node));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!get_string_member (object, "name", where, &name, error))
    return NULL;
  if (name == NULL)
    {
      fail (error, where, _ ("the entity has no “name”"));
      return NULL;
    }
  if (!twin_entity_is_valid_name (name, &name_error))
    {
      fail (error, where, _ ("the name “%s” is refused: %s"), name,
            name_error != NULL ? name_error->message : _ ("it is not valid"));
      return NULL;
    }
  /* A set rather than twin_entity_find_child(), so thousands of siblings
   * stay linear. */
  if (sibling_names != NULL && !g_hash_table_add (sibling_names, (gpointer) name))
    {
      fail (error, parent_where, _ ("two children are named “%s”; names must differ among siblings"), name);
      return NULL;
    }

  g_free (where);
  where = parent_where == NULL ? g_strdup (name) : g_strdup_printf ("%s ▸ %s", parent_where, name);

  if (!check_keys (object, keys, where, _ ("an entity"), error))
    return NULL;

  if (!get_string_member (object, "type", where, &type, error))
    return NULL;
  if (type == NULL)
    {
      fail (error, where, _ ("the entity has no “type”"));
      return NULL;
    }
  if (!twin_entity_type_is_valid_name (type))
    {
      fail (error, where, _ ("“%s” is not a valid type name"), type);
      return NULL;
    }

  if (!get_string_member (object, "id", where, &id, error))
    return NULL;
  if (id == NULL)
    {
      id = new_id = g_uuid_string_random ();
    }
  else
    {
      const char *other;

      if (!twin_entity_is_valid_id (id))
        {
          fail (error, where, _ ("the id “%s” is not a UUID such as 3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b"), id);
          return NULL;
        }
      /* Ids are stored in lower case, so compare them that way. */
      lower_id = g_ascii_strdown (id, -1);
      if ((other = g_hash_table_lookup (loader->ids, lower_id)) != NULL)
        {
          fail (error, where, _ ("the id “%s” is already used by %s"), id, other);
          return NULL;
        }
    }
  entity = twin_entity_new (id, type, name);
  g_hash_table_insert (loader->ids, g_strdup (twin_entity_get_id (entity)), g_strdup (where));

  if ((member = json_object_get_member (object, "transform")) != NULL)
    {
      TwinTransform transform;

      if (!read_transform (member, where, &transform, error))
        return NULL;
      if (!twin_transform_is_identity (&transform))
        twin_entity_set_initial_transform (entity, &transform);
    }

  if (json_object_has_member (object, "mesh"))
    {
      const char *mesh_id;

      if (!get_string_member (object, "mesh", where, &mesh_id, error))
        return NULL;
      if (mesh_id == NULL || *mesh_id == '\0')
        {
          fail (error, where, _ ("“mesh” must be the id of a mesh"));
          return NULL;
        }
      twin_entity_set_initial_mesh_id (entity, mesh_id);
    }

  if ((member = json_object_get_member (object, "diagram")) != NULL)
    {
      double xy[2];

      if (!read_diagram (member, where, xy, error))
        return NULL;
      twin_entity_set_initial_diagram_position (entity, xy[0], xy[1]);
    }

  if ((member = json_object_get_member (object, "parameters")) != NULL)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        {
          fail (error, where, _ ("“parameters” must be an array, not %s"), describe_node (member));
          return NULL;
        }
      array = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autoptr (TwinParameter) parameter = read_parameter (json_array_get_element (array, i), entity, where, i, error);

          if (parameter == NULL)
            return NULL;
          twin_entity_add_parameter (entity, parameter);
        }
    }

  if ((member = json_object_get_member (object, "children")) != NULL)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        {
          fail (error, where, _ ("“children” must be an array, not %s"), describe_node (member));
          return NULL;
        }
      array = json_node_get_array (member);
      names = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autoptr (TwinEntity) child = read_entity (loader, json_array_get_element (array, i), names, where, i, error);

          if (child == NULL)
            return NULL;
          twin_entity_append_child (entity, child);
        }
    }

  /* Ports and connections come last, after the whole tree: see read_diagrams(). */
  if (json_object_has_member (object, "ports") || json_object_has_member (object, "connections"))
    {
      PendingDiagram *pending = g_new0 (PendingDiagram, 1);

      pending->entity = entity;
      pending->ports = json_object_get_member (object, "ports");
      pending->connections = json_object_get_member (object, "connections");
      pending->where = g_strdup (where);
      g_ptr_array_add (loader->pending, pending);
    }

  return g_steal_pointer (&entity);
}

/* Reads the ports and connections of every entity that has them, each
 * entity after its children, so a boundary port of a child exists before
 * its parent's ports and connections name it. */
static gboolean
read_diagrams (Loader  *loader,
               GError **error)
{
  for (guint i = 0; i < loader->pending->len; i++)
    {
      PendingDiagram *pending = g_ptr_array_index (loader->pending, i);
      g_autoptr (GHashTable) children = index_children (pending->entity);

      if (pending->ports != NULL &&
          !read_ports (loader, pending->ports, pending->entity, children, pending->where, error))
        return FALSE;
      if (pending->connections != NULL &&
          !read_connections (loader, pending->connections, pending->entity, children, pending->where, error))
        return FALSE;
    }
  return TRUE;
}

static TwinEntity *
read_document (JsonNode *root,
               GError  **error)
{
  static const char *const keys[] = { "format", "version", "root", NULL };
  const char              *where = NULL; /* top-level messages need no place */
  Loader                   loader;
  TwinEntity              *entity;
  JsonObject              *object;
  JsonNode                *member;
  const char              *format;
  gint64                   version;
  g_autofree char         *version_text = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      fail (error, where, _ ("a model must be an object, not %s"), describe_node (root));
      return NULL;
    }
  object = json_node_get_object (root);

  member = json_object_get_member (object, "format");
  if (member == NULL)
    {
      fail (error, where, _ ("the “format” key is missing; a Twin Studio model starts with "
                             "\"format\": \"%s\""),
            FORMAT_NAME);
      return NULL;
    }
  if (!get_string_member (object, "format", where, &format, error))
    return NULL;
  if (strcmp (format, FORMAT_NAME) != 0)
    {
      fail (error, where, _ ("the format is “%s”, not “%s”"), format, FORMAT_NAME);
      return NULL;
    }

  member = json_object_get_member (object, "version");
  if (member == NULL)
    {
      fail (error, where, _ ("the “version” key is missing"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_INT64)
    {
      fail (error, where, _ ("“version” must be a whole number, not %s"), describe_node (member));
      return NULL;
    }
  version = json_node_get_int (member);
  /* Formatted apart: a G_GINT64_FORMAT inside _() would hide the rest of
   * the sentence from xgettext. */
  version_text = g_strdup_printf ("%" G_GINT64_FORMAT, version);
  if (version > TWIN_JSON_FORMAT_VERSION)
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_VERSION,
                   _ ("the model has format version %s, but this version of "
                      "Twin Studio reads only up to version %d; open it with a newer Twin Studio"),
                   version_text, TWIN_JSON_FORMAT_VERSION);
      return NULL;
    }
  if (version < 1)
    {
      fail (error, where, _ ("“version” is %s; versions start at 1"), version_text);
      return NULL;
    }

  if (!check_keys (object, keys, where, _ ("the top level"), error))
    return NULL;

  member = json_object_get_member (object, "root");
  if (member == NULL)
    {
      fail (error, where, _ ("the “root” entity is missing"));
      return NULL;
    }

  loader.ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  loader.connection_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  loader.pending = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_diagram_free);
  entity = read_entity (&loader, member, NULL, NULL, 0, error);
  if (entity != NULL && !read_diagrams (&loader, error))
    g_clear_object (&entity);
  g_hash_table_unref (loader.ids);
  g_hash_table_unref (loader.connection_ids);
  g_ptr_array_unref (loader.pending);
  return entity;
}

/* Wraps a detail message from the steps above into the sentence the user
 * sees, naming the file when there is one. */
static void
finish_error (GError    **error,
              GError     *detail,
              const char *display_name)
{
  const char *message = detail->message;

  if (detail->domain != TWIN_JSON_ERROR)
    {
      g_propagate_error (error, detail);
      return;
    }

  switch (detail->code)
    {
    case TWIN_JSON_ERROR_SYNTAX:
      if (display_name != NULL)
        g_set_error (error, TWIN_JSON_ERROR, detail->code, _ ("“%s” is not valid JSON: %s."), display_name, message);
      else
        g_set_error (error, TWIN_JSON_ERROR, detail->code, _ ("The text is not valid JSON: %s."), message);
      break;

    case TWIN_JSON_ERROR_VERSION:
      if (display_name != NULL)
        g_set_error (error, TWIN_JSON_ERROR, detail->code, _ ("Cannot read “%s”: %s."), display_name, message);
      else
        g_set_error (error, TWIN_JSON_ERROR, detail->code, _ ("Cannot read the model: %s."), message);
      break;

    case TWIN_JSON_ERROR_FORMAT:
    default:
      if (display_name != NULL)
        g_set_error (error, TWIN_JSON_ERROR, detail->code, _ ("“%s” is not a valid Twin Studio model: %s."), display_name, message);
      else
        g_set_error (error, TWIN_JSON_ERROR, detail->code, _ ("The text is not a valid Twin Studio model: %s."), message);
      break;
    }
  g_error_free (detail);
}

static TwinEntity *
load (const char *text,
      gsize       length,
      const char *display_name,
      GError    **error)
{
  g_autoptr (JsonParser) parser = NULL;
  GError     *detail = NULL;
  TwinEntity *entity;

  /* A byte-order mark is not JSON, but some editors write one. */
  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    {
      text += 3;
      length -= 3;
    }

  parser = parse_text (text, length, &detail);
  if (parser == NULL)
    {
      finish_error (error, detail, display_name);
      return NULL;
    }
  entity = read_document (json_parser_get_root (parser), &detail);
  if (entity == NULL)
    {
      finish_error (error, detail, display_name);
      return NULL;
    }
  return entity;
}

/* Public API */

/**
 * twin_model_json_entity_to_string:
 * @root: the entity to write, with its whole subtree
 *
 * Writes @root and its descendants in the JSON form of docs/model-format.md,
 * as if @root were a model's root. Works on detached trees too.
 *
 * Returns: (transfer full): UTF-8 text ending with a newline
 */
char *
twin_model_json_entity_to_string (TwinEntity *root)
{
  GString *out;

  g_return_val_if_fail (TWIN_IS_ENTITY (root), NULL);

  out = g_string_sized_new (4096);
  g_string_append (out, "{\n");
  g_string_append_printf (out, "  \"format\": \"%s\",\n", FORMAT_NAME);
  g_string_append_printf (out, "  \"version\": %d,\n", TWIN_JSON_FORMAT_VERSION);
  g_string_append (out, "  \"root\": ");
  write_entity (out, root, 1);
  g_string_append (out, "\n}\n");
  return g_string_free (out, FALSE);
}

/**
 * twin_model_json_to_string:
 * @model: the model to write
 *
 * Writes the whole model in the stable JSON form of docs/model-format.md:
 * fixed key order, two-space indentation, numbers in their shortest
 * round-trip form with a dot whatever the locale, defaults left out.
 * Reading the text back with twin_model_json_from_string() and writing it
 * again gives the same bytes.
 *
 * Returns: (transfer full): UTF-8 text ending with a newline
 */
char *
twin_model_json_to_string (TwinModel *model)
{
  g_return_val_if_fail (TWIN_IS_MODEL (model), NULL);

  return twin_model_json_entity_to_string (twin_model_get_root (model));
}

/**
 * twin_model_json_from_string:
 * @text: the JSON text, UTF-8
 * @length: the length of @text in bytes, or -1 when it ends with a NUL
 * @error: return location for a #TWIN_JSON_ERROR
 *
 * Reads a model written in the JSON form of docs/model-format.md and checks
 * all of it: ids, names, types, parameter values, units, ranges and
 * transforms. Entities without an id get a new one.
 *
 * Errors: %TWIN_JSON_ERROR_SYNTAX when @text is not JSON (the message gives
 * the line and column), %TWIN_JSON_ERROR_FORMAT when it is JSON but not a
 * valid model (the message names the entity and parameter), and
 * %TWIN_JSON_ERROR_VERSION when it was written by a newer Twin Studio.
 *
 * Returns: (transfer full) (nullable): the detached root entity, ready for
 *   twin_model_new(), or %NULL with @error set
 */
TwinEntity *
twin_model_json_from_string (const char *text,
                             gssize      length,
                             GError    **error)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load (text, length < 0 ? strlen (text) : (gsize) length, NULL, error);
}

/**
 * twin_model_json_from_file:
 * @file: the JSON file
 * @error: return location for a #TWIN_JSON_ERROR or a #G_IO_ERROR
 *
 * Reads a model from @file like twin_model_json_from_string(); messages
 * name the file.
 *
 * Returns: (transfer full) (nullable): the detached root entity, or %NULL
 *   with @error set
 */
TwinEntity *
twin_model_json_from_file (GFile   *file,
                           GError **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *display_name = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  basename = g_file_get_basename (file);
  display_name = g_filename_display_name (basename);
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _ ("Cannot read “%s”: %s"), display_name, local_error->message);
      return NULL;
    }
  return load (contents, length, display_name, error);
}
