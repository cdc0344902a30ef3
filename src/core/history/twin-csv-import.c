/* twin-csv-import.c: reads a CSV file of time series into a project's historian, all of it or nothing.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is streamed line by line (a GDataInputStream), so its size is
 * bounded by the disk, not by memory: only one batch of samples per column
 * is held. Everything is written inside one historian transaction, which is
 * committed only when the whole file was read without a bad row; a bad row,
 * a cancel, a failed write or a killed process leaves the historian as it
 * was. After the first bad row nothing more is appended, but the rest of
 * the file is still read so that every bad row is counted.
 *
 * The reader follows RFC 4180 with the usual leniencies: the separator is
 * ',', ';' or a tab; fields may be quoted, with "" for a quote inside, and
 * a quoted field may span lines; spaces around a quoted field are ignored,
 * spaces inside a number are too ("  50"); CR LF, LF or CR end a line; a
 * UTF-8 byte-order mark is skipped. The first line is the header. A header
 * name `name [unit]` gives the signal's unit (the export writes it so).
 * Numbers never go through the process locale: the decimal separator is
 * the file's, and the text is read with g_ascii_strtod().
 *
 * Line numbers in messages count the file's lines from 1 (the header), so
 * a row is named by the line where it starts.
 */

#define G_LOG_DOMAIN "twin-history"

#include "config.h"

#include "twin-csv-import.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#define DEFAULT_BATCH_SIZE 16384
#define MAX_LISTED_BAD_ROWS 10
#define PROGRESS_EVERY_ROWS 4096

typedef enum
{
  ROLE_SKIP,   /* not imported */
  ROLE_TIME,   /* the time column */
  ROLE_SIGNAL, /* imported */
  ROLE_AUTO,   /* imported if its first value is a number */
} Role;

typedef struct
{
  char   *header;      /* as written, trimmed; "" for the unnamed first column */
  char   *name;        /* @header without a trailing " [unit]" */
  char   *header_unit; /* the unit in the header, or NULL */
  Role    role;
  char   *signal;    /* with ROLE_SIGNAL and ROLE_AUTO */
  char   *unit;      /* the signal's unit: the option's, the header's, or NULL */
  gint64  signal_id; /* 0 until the first sample */
  GArray *batch;     /* TwinSample not yet appended */
  guint64 n_samples;
} Column;

typedef struct
{
  /* Borrowed references */
  TwinHistorian              *historian;
  const TwinCsvImportOptions *options;
  GCancellable               *cancellable;
  TwinCsvProgressFunc         progress;
  gpointer                    progress_data;

  /* Owned references */
  GDataInputStream           *input;
  TwinTimeParser             *time_parser;
  GPtrArray                  *columns;  /* Column */
  GPtrArray                  *header;   /* char *, the header's fields */
  GString                    *record;   /* the current record's text */
  GString                    *cells;    /* its fields, unquoted, each ending with a nul */
  GArray                     *starts;   /* gsize, where each field starts in @cells */
  GPtrArray                  *bad_rows; /* char *, the first few bad rows' messages */
  TwinCsvImportReport        *report;

  /* State */
  goffset                     size;        /* of the file in bytes, or -1 */
  guint64                     line;        /* the last line read, from 1 */
  guint64                     record_line; /* where the current record starts */
  guint64                     n_bad_rows;
  gsize                       n_buffered; /* samples in the batches */
  guint                       batch_size;
  gboolean                    in_transaction;
  gboolean                    has_time;
} Import;

G_DEFINE_QUARK (twin_csv_error_quark, twin_csv_error)

static void
column_free (gpointer data)
{
  Column *column = data;

  g_free (column->header);
  g_free (column->name);
  g_free (column->header_unit);
  g_free (column->signal);
  g_free (column->unit);
  g_clear_pointer (&column->batch, g_array_unref);
  g_free (column);
}

static void
import_clear (Import *self)
{
  if (self->in_transaction)
    twin_historian_rollback (self->historian);
  self->in_transaction = FALSE;
  g_clear_object (&self->input);
  g_clear_pointer (&self->time_parser, twin_time_parser_free);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->header, g_ptr_array_unref);
  if (self->record != NULL)
    g_string_free (self->record, TRUE);
  if (self->cells != NULL)
    g_string_free (self->cells, TRUE);
  g_clear_pointer (&self->starts, g_array_unref);
  g_clear_pointer (&self->bad_rows, g_ptr_array_unref);
  g_clear_pointer (&self->report, twin_csv_import_report_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Import, import_clear)

/* The number of quotes in @text: a record is complete when its count is
 * even, since "" inside a quoted field counts twice. */
static gsize
count_quotes (const char *text,
              gsize       length)
{
  gsize n = 0;

  for (gsize i = 0; i < length; i++)
    n += text[i] == '"';
  return n;
}

/* Reads the next record, joining lines while a quoted field is open.
 * Returns FALSE at the end of the file (with @error unset) or on a read
 * error. */
static gboolean
read_record (Import  *self,
             GError **error)
{
  gsize n_quotes = 0;

  g_string_truncate (self->record, 0);
  for (;;)
    {
      g_autofree char *line = NULL;
      gsize            length = 0;

      line = g_data_input_stream_read_line (self->input, &length, self->cancellable, error);
      if (line == NULL)
        {
          if (error != NULL && *error != NULL)
            return FALSE;
          /* The end of the file: a record with an open quote ends here. */
          return self->record->len > 0 || n_quotes > 0;
        }
      /* GLib leaves the CR of a file's very last line when it ends with a lone CR. */
      if (length > 0 && line[length - 1] == '\r')
        line[--length] = '\0';
      self->line++;
      if (n_quotes == 0)
        self->record_line = self->line;
      else
        g_string_append_c (self->record, '\n');
      g_string_append_len (self->record, line, (gssize) length);
      n_quotes += count_quotes (line, length);
      if (n_quotes % 2 == 0)
        return TRUE;
    }
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    {
      if (!g_ascii_isspace (*text))
        return FALSE;
    }
  return TRUE;
}

/* Splits the current record at @delimiter into @cells and @starts,
 * removing the quotes of quoted fields. Returns FALSE if a quote is left
 * open. */
static gboolean
split_record (Import *self,
              char    delimiter)
{
  const char *s = self->record->str;

  g_string_truncate (self->cells, 0);
  g_array_set_size (self->starts, 0);
  for (;;)
    {
      gsize       start = self->cells->len;
      const char *p = s;

      g_array_append_val (self->starts, start);
      while (*p == ' ' || (*p == '\t' && delimiter != '\t'))
        p++;
      if (*p == '"')
        {
          /* A quoted field: "" is a quote; spaces after it are dropped, and
           * anything else up to the separator is kept as written. */
          p++;
          for (;;)
            {
              if (*p == '\0')
                return FALSE;
              if (*p == '"')
                {
                  if (p[1] != '"')
                    break;
                  p++;
                }
              g_string_append_c (self->cells, *p);
              p++;
            }
          p++;
          while (*p != '\0' && *p != delimiter)
            {
              if (*p != ' ' && *p != '\t')
                g_string_append_c (self->cells, *p);
              p++;
            }
        }
      else
        {
          const char *end = strchr (s, delimiter);
          gsize       length = end != NULL ? (gsize) (end - s) : strlen (s);

          g_string_append_len (self->cells, s, (gssize) length);
          p = s + length;
        }
      g_string_append_c (self->cells, '\0');
      if (*p != delimiter)
        return TRUE;
      s = p + 1;
    }
}

static guint
get_n_fields (Import *self)
{
  return self->starts->len;
}

static char *
get_field (Import *self,
           guint   i)
{
  return self->cells->str + g_array_index (self->starts, gsize, i);
}

/* The separator that appears most often outside quotes in @header; a tie
 * goes to the tab, then the semicolon. */
static char
detect_delimiter (const char *header)
{
  const char candidates[] = { '\t', ';', ',' };
  guint      counts[3] = { 0 };
  gboolean   quoted = FALSE;
  char       best = ',';
  guint      best_count = 0;

  for (const char *p = header; *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted)
        {
          for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
            counts[i] += *p == candidates[i];
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      if (counts[i] > best_count)
        {
          best = candidates[i];
          best_count = counts[i];
        }
    }
  return best;
}

static void
strip_trailing_spaces (char *text)
{
  gsize length = strlen (text);

  while (length > 0 && g_ascii_isspace (text[length - 1]))
    text[--length] = '\0';
}

/* "Temperature [°C]" → "Temperature" and "°C": the unit is what follows
 * the last " [" of a header ending with "]". "x [y] []" → "x [y]" and no
 * unit, which is how the export writes a name that ends with "]". */
static void
split_header (const char *header,
              char      **name,
              char      **unit)
{
  gsize       length = strlen (header);
  const char *open;

  *unit = NULL;
  if (length >= 3 && header[length - 1] == ']' && (open = g_strrstr (header, " [")) != NULL)
    {
      *name = g_strndup (header, (gsize) (open - header));
      strip_trailing_spaces (*name);
      if (header + length - 1 > open + 2)
        *unit = g_strndup (open + 2, (gsize) (header + length - 1 - (open + 2)));
      if (**name != '\0')
        return;
      g_clear_pointer (name, g_free);
      g_clear_pointer (unit, g_free);
    }
  *name = g_strdup (header);
}

static gboolean
is_time_name (const char *name)
{
  g_auto (GStrv) words = NULL;
  g_autofree char *lower = g_ascii_strdown (name, -1);

  g_strdelimit (lower, " _-./()[]", ' ');
  words = g_strsplit (lower, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (g_str_equal (words[i], "date") || g_str_equal (words[i], "time") ||
          g_str_equal (words[i], "datetime") || g_str_equal (words[i], "timestamp"))
        return TRUE;
    }
  return FALSE;
}

/* The column a user named: its header, its name without the unit, a name
 * differing only in case, or a number counted from 1. -1 if none. */
static int
find_column (Import     *self,
             const char *key)
{
  guint64 number;

  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *column = g_ptr_array_index (self->columns, i);

      if (column->header[0] != '\0' && (g_str_equal (column->header, key) || g_str_equal (column->name, key)))
        return (int) i;
    }
  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *column = g_ptr_array_index (self->columns, i);

      if (column->header[0] != '\0' &&
          (g_ascii_strcasecmp (column->header, key) == 0 || g_ascii_strcasecmp (column->name, key) == 0))
        return (int) i;
    }
  if (g_ascii_string_to_unsigned (key, 10, 1, self->columns->len, &number, NULL))
    return (int) number - 1;
  return -1;
}

static gboolean
find_option_column (Import     *self,
                    const char *key,
                    const char *what,
                    int        *index,
                    GError    **error)
{
  *index = find_column (self, key);
  if (*index < 0)
    {
      g_autoptr (GString) names = g_string_new (NULL);

      for (guint i = 0; i < self->header->len; i++)
        g_string_append_printf (names, "%s“%s”", i > 0 ? ", " : "", (char *) g_ptr_array_index (self->header, i));
      g_set_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_INVALID,
                   /* TRANSLATORS: the first %s is a file name, the second a column, the third an option
                      such as “--map”. */
                   _ ("“%s” has no column “%s” (%s); its columns are %s."),
                   self->report->source, key, what, names->str);
      return FALSE;
    }
  return TRUE;
}

static void
add_note (Import     *self,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

static void
add_note (Import     *self,
          const char *format,
          ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->report->notes, g_strdup_vprintf (format, args));
  va_end (args);
}

/* Decides what each column is, once the first data row has shown how many
 * fields the rows have (@n_fields, or the header's count without rows). */
static gboolean
set_up_columns (Import  *self,
                guint    n_fields,
                GError **error)
{
  const TwinCsvImportOptions *options = self->options;
  g_autoptr (GHashTable) signals = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean unnamed_first = FALSE;
  int      time_index = -1;

  self->columns = g_ptr_array_new_with_free_func (column_free);
  if (n_fields == self->header->len + 1 && self->header->len > 0)
    {
      /* Files written by R's write.csv: a leading row-number column whose
       * header field was left out. */
      Column *column = g_new0 (Column, 1);

      column->header = g_strdup ("");
      column->name = g_strdup ("");
      column->role = ROLE_SKIP;
      g_ptr_array_add (self->columns, column);
      unnamed_first = TRUE;
    }
  for (guint i = 0; i < self->header->len; i++)
    {
      Column *column = g_new0 (Column, 1);

      column->header = g_strdup (g_ptr_array_index (self->header, i));
      split_header (column->header, &column->name, &column->header_unit);
      column->role = ROLE_SKIP;
      g_ptr_array_add (self->columns, column);
    }
  if (unnamed_first)
    add_note (self, _ ("The header names one column fewer than the rows have: the first column has no name "
                       "(row numbers, as R writes them) and was not imported."));

  /* The time column. */
  if (options->time_column != NULL)
    {
      if (!find_option_column (self, options->time_column, "--time-column", &time_index, error))
        return FALSE;
    }
  else
    {
      for (guint i = 0; i < self->columns->len && time_index < 0; i++)
        {
          Column *column = g_ptr_array_index (self->columns, i);

          if (is_time_name (column->name))
            time_index = (int) i;
        }
      if (time_index < 0)
        time_index = unnamed_first ? 1 : 0;
    }
  if (time_index >= (int) self->columns->len)
    {
      g_set_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_INVALID,
                   _ ("“%s” has no columns."), self->report->source);
      return FALSE;
    }
  ((Column *) g_ptr_array_index (self->columns, time_index))->role = ROLE_TIME;
  self->report->time_column = g_strdup (((Column *) g_ptr_array_index (self->columns, time_index))->header);

  /* The signals. */
  if (options->map != NULL)
    {
      GHashTableIter iter;
      gpointer       key;
      gpointer       value;

      g_hash_table_iter_init (&iter, options->map);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          Column *column;
          int     index;

          if (!find_option_column (self, key, "--map", &index, error))
            return FALSE;
          column = g_ptr_array_index (self->columns, index);
          if (column->role == ROLE_TIME)
            {
              g_set_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_INVALID,
                           _ ("Column “%s” of “%s” is the time column; it cannot be mapped to a signal."),
                           (char *) key, self->report->source);
              return FALSE;
            }
          if (value == NULL || *(char *) value == '\0')
            {
              g_set_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_INVALID,
                           _ ("Column “%s” is mapped to a signal without a name."), (char *) key);
              return FALSE;
            }
          if (column->role == ROLE_SIGNAL)
            {
              g_set_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_INVALID,
                           _ ("Column “%s” of “%s” is mapped twice."), column->header, self->report->source);
              return FALSE;
            }
          column->role = ROLE_SIGNAL;
          column->signal = g_strdup (value);
        }
    }
  else
    {
      for (guint i = 0; i < self->columns->len; i++)
        {
          Column *column = g_ptr_array_index (self->columns, i);

          if (column->role != ROLE_SKIP || column->header[0] == '\0')
            continue;
          column->role = ROLE_AUTO;
          column->signal = g_strdup (column->name);
        }
    }

  /* Units; then no two columns may write the same signal. */
  if (options->units != NULL)
    {
      GHashTableIter iter;
      gpointer       key;
      gpointer       value;

      g_hash_table_iter_init (&iter, options->units);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          Column *column;
          int     index;

          if (!find_option_column (self, key, "--unit", &index, error))
            return FALSE;
          column = g_ptr_array_index (self->columns, index);
          g_free (column->unit);
          column->unit = g_strdup (value);
        }
    }
  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *column = g_ptr_array_index (self->columns, i);
      Column *other;

      if (column->role != ROLE_SIGNAL && column->role != ROLE_AUTO)
        continue;
      if (column->unit == NULL)
        column->unit = g_strdup (column->header_unit);
      other = g_hash_table_lookup (signals, column->signal);
      if (other != NULL)
        {
          g_set_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_INVALID,
                       _ ("Columns “%s” and “%s” of “%s” would both write the signal “%s”; map them to different signals."),
                       other->header, column->header, self->report->source, column->signal);
          return FALSE;
        }
      g_hash_table_insert (signals, column->signal, column);
      column->batch = g_array_new (FALSE, FALSE, sizeof (TwinSample));
    }
  return TRUE;
}

typedef enum
{
  NUMBER_OK,
  NUMBER_MISSING,
  NUMBER_BAD,
} NumberResult;

/* Reads one cell as a number: spaces around it are ignored, an empty cell
 * or "NaN" is a missing value. The decimal separator is @decimal, or is
 * decided by the first number that has one when @decimal is 0. Only plain
 * decimal numbers are accepted: no "inf", no hexadecimal, no thousands
 * separators. */
static NumberResult
read_number (const char *cell,
             char       *decimal,
             double     *value)
{
  char        buffer[128];
  const char *s = cell;
  gsize       length;
  gsize       i = 0;
  gsize       digits = 0;
  char        separator = 0;
  char       *end = NULL;

  while (g_ascii_isspace (*s))
    s++;
  length = strlen (s);
  while (length > 0 && g_ascii_isspace (s[length - 1]))
    length--;
  if (length == 0 || (length == 3 && g_ascii_strncasecmp (s, "nan", 3) == 0))
    return NUMBER_MISSING;
  if (length >= sizeof buffer)
    return NUMBER_BAD;
  memcpy (buffer, s, length);
  buffer[length] = '\0';

  if (buffer[i] == '+' || buffer[i] == '-')
    i++;
  for (; g_ascii_isdigit (buffer[i]) || buffer[i] == '.' || buffer[i] == ','; i++)
    {
      if (g_ascii_isdigit (buffer[i]))
        digits++;
      else if (separator != 0)
        return NUMBER_BAD;
      else
        {
          separator = buffer[i];
          buffer[i] = '.';
        }
    }
  if (digits == 0)
    return NUMBER_BAD;
  if (buffer[i] == 'e' || buffer[i] == 'E')
    {
      i++;
      if (buffer[i] == '+' || buffer[i] == '-')
        i++;
      if (!g_ascii_isdigit (buffer[i]))
        return NUMBER_BAD;
      while (g_ascii_isdigit (buffer[i]))
        i++;
    }
  if (buffer[i] != '\0')
    return NUMBER_BAD;
  if (separator != 0)
    {
      if (*decimal == 0)
        *decimal = separator;
      else if (*decimal != separator)
        return NUMBER_BAD;
    }

  *value = g_ascii_strtod (buffer, &end);
  if (*end != '\0' || !isfinite (*value))
    return NUMBER_BAD;
  return NUMBER_OK;
}

static void
add_bad_row (Import *self,
             char   *message)
{
  self->n_bad_rows++;
  if (self->bad_rows->len < MAX_LISTED_BAD_ROWS)
    {
      g_autofree char *owned = message;
      gsize            length = strlen (owned);

      /* The messages are joined into one sentence: no full stop each. */
      if (length > 0 && owned[length - 1] == '.')
        owned[length - 1] = '\0';
      g_ptr_array_add (self->bad_rows,
                       /* TRANSLATORS: a line number, then what is wrong on that line. */
                       g_strdup_printf (_ ("line %" G_GUINT64_FORMAT ": %s"), self->record_line, owned));
    }
  else
    g_free (message);

  /* Nothing of a file with a bad row is stored, so stop buffering. */
  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *column = g_ptr_array_index (self->columns, i);

      if (column->batch != NULL)
        g_array_set_size (column->batch, 0);
    }
  self->n_buffered = 0;
}

static gboolean
flush (Import  *self,
       GError **error)
{
  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *column = g_ptr_array_index (self->columns, i);

      if (column->batch == NULL || column->batch->len == 0)
        continue;
      if (column->signal_id == 0)
        {
          g_autoptr (TwinSignalInfo) known = NULL;
          g_autoptr (GError) local_error = NULL;

          known = twin_historian_lookup_signal (self->historian, column->signal, &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          column->signal_id = twin_historian_ensure_signal (self->historian, column->signal, column->unit, error);
          if (column->signal_id <= 0)
            return FALSE;
          if (known == NULL &&
              !twin_historian_set_signal_description (self->historian, column->signal_id, NULL, self->report->source, error))
            return FALSE;
          g_ptr_array_add (self->report->signals, g_strdup (column->signal));
        }
      if (!twin_historian_append (self->historian, column->signal_id, (const TwinSample *) column->batch->data,
                                  column->batch->len, error))
        return FALSE;
      column->n_samples += column->batch->len;
      self->report->n_samples += column->batch->len;
      g_array_set_size (column->batch, 0);
    }
  self->n_buffered = 0;
  return TRUE;
}

/* Reads one data row into the batches, or counts it as bad. Returns FALSE
 * only when the import must stop (a failed append). */
static gboolean
read_row (Import  *self,
          GError **error)
{
  g_autoptr (GError) time_error = NULL;
  gint64 t_us = 0;
  guint  n_fields = get_n_fields (self);

  if (n_fields != self->columns->len)
    {
      add_bad_row (self, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "It has %u field where the header has %u.",
                                                       "It has %u fields where the header has %u.", n_fields),
                                          n_fields, self->columns->len));
      return TRUE;
    }

  for (guint i = 0; i < n_fields; i++)
    {
      Column *column = g_ptr_array_index (self->columns, i);

      if (column->role != ROLE_TIME)
        continue;
      if (is_blank (get_field (self, i)))
        {
          add_bad_row (self, g_strdup (_ ("It has no time.")));
          return TRUE;
        }
      if (!twin_time_parser_parse (self->time_parser, get_field (self, i), &t_us, &time_error))
        {
          add_bad_row (self, g_strdup (time_error->message));
          return TRUE;
        }
    }

  if (!self->has_time || t_us < self->report->first_us)
    self->report->first_us = t_us;
  if (!self->has_time || t_us > self->report->last_us)
    self->report->last_us = t_us;
  self->has_time = TRUE;

  for (guint i = 0; i < n_fields; i++)
    {
      Column     *column = g_ptr_array_index (self->columns, i);
      const char *cell = get_field (self, i);
      TwinSample  sample = { t_us, 0.0 };

      if (column->role != ROLE_SIGNAL && column->role != ROLE_AUTO)
        continue;
      switch (read_number (cell, &self->report->decimal, &sample.value))
        {
        case NUMBER_MISSING:
          continue;
        case NUMBER_BAD:
          if (column->role == ROLE_AUTO)
            {
              g_autofree char *text = g_strstrip (g_strdup (cell));

              /* The first value of an unmapped column decides: text is left out. */
              column->role = ROLE_SKIP;
              add_note (self, _ ("Column “%s” holds text (“%s” on line %" G_GUINT64_FORMAT "); it was not imported."),
                        column->header, text, self->record_line);
              continue;
            }
          {
            g_autofree char *text = g_strstrip (g_strdup (cell));

            add_bad_row (self, g_strdup_printf (_ ("“%s” in column “%s” is not a number."), text, column->header));
            return TRUE;
          }
        case NUMBER_OK:
        default:
          column->role = ROLE_SIGNAL;
          break;
        }
      if (self->n_bad_rows == 0)
        {
          g_array_append_val (column->batch, sample);
          self->n_buffered++;
        }
    }

  if (self->n_buffered >= self->batch_size)
    return flush (self, error);
  return TRUE;
}

static void
report_progress (Import *self)
{
  goffset position;

  if (self->progress == NULL || self->size <= 0 || !G_IS_SEEKABLE (self->input))
    return;
  position = g_seekable_tell (G_SEEKABLE (self->input));
  self->progress (CLAMP ((double) position / (double) self->size, 0.0, 1.0), self->progress_data);
}

static gboolean
read_header (Import  *self,
             GError **error)
{
  g_autoptr (GError) local_error = NULL;

  if (!read_record (self, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_set_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_INVALID,
                   _ ("“%s” is empty: a CSV file needs a header line naming its columns."), self->report->source);
      return FALSE;
    }
  if (g_str_has_prefix (self->record->str, "\xEF\xBB\xBF"))
    g_string_erase (self->record, 0, 3);
  if (!g_utf8_validate (self->record->str, (gssize) self->record->len, NULL))
    {
      g_set_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_INVALID,
                   _ ("The header of “%s” (line %" G_GUINT64_FORMAT ") is not UTF-8 text."), self->report->source,
                   self->record_line);
      return FALSE;
    }
  if (is_blank (self->record->str))
    {
      g_set_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_INVALID,
                   _ ("The first line of “%s” is empty: a CSV file needs a header line naming its columns."),
                   self->report->source);
      return FALSE;
    }

  self->report->delimiter = self->options->delimiter != 0 ? self->options->delimiter : detect_delimiter (self->record->str);
  if (!split_record (self, self->report->delimiter))
    {
      g_set_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_INVALID,
                   _ ("The header of “%s” (line %" G_GUINT64_FORMAT ") has a quote that is never closed."),
                   self->report->source, self->record_line);
      return FALSE;
    }
  self->header = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < get_n_fields (self); i++)
    g_ptr_array_add (self->header, g_strstrip (g_strdup (get_field (self, i))));
  return TRUE;
}

static gboolean
check_options (const TwinCsvImportOptions *options,
               GError                    **error)
{
  if (options->delimiter != 0 && options->delimiter != ',' && options->delimiter != ';' && options->delimiter != '\t')
    {
      g_set_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_INVALID,
                   _ ("“%c” cannot separate CSV fields: use a comma, a semicolon or a tab."), options->delimiter);
      return FALSE;
    }
  if (options->decimal != 0 && options->decimal != '.' && options->decimal != ',')
    {
      g_set_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_INVALID,
                   _ ("“%c” is not a decimal separator: use a dot or a comma."), options->decimal);
      return FALSE;
    }
  if (options->delimiter == ',' && options->decimal == ',')
    {
      g_set_error_literal (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_INVALID,
                           _ ("A comma cannot be both the field separator and the decimal separator."));
      return FALSE;
    }
  return TRUE;
}

static char *
dup_bad_rows_message (Import *self)
{
  g_autofree char *list = NULL;
  g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, self->n_bad_rows);

  g_ptr_array_add (self->bad_rows, NULL);
  list = g_strjoinv ("; ", (char **) self->bad_rows->pdata);
  g_ptr_array_set_size (self->bad_rows, self->bad_rows->len - 1);

  if (self->n_bad_rows == 1)
    /* TRANSLATORS: the first %s is a file name, the second “line 5: … is not a number”. */
    return g_strdup_printf (_ ("“%s”, %s. Nothing was imported."), self->report->source, list);
  if (self->n_bad_rows <= MAX_LISTED_BAD_ROWS)
    /* TRANSLATORS: %s are a file name, a count (more than 1) and a list “line 5: …; line 9: …”. */
    return g_strdup_printf (_ ("“%s” has %s bad rows, so nothing was imported: %s."), self->report->source, count, list);
  /* TRANSLATORS: %s are a file name, a count (more than 10) and a list “line 5: …; line 9: …”. */
  return g_strdup_printf (_ ("“%s” has %s bad rows, so nothing was imported; the first 10: %s."),
                          self->report->source, count, list);
}

/**
 * twin_csv_import_options_init:
 * @options: (out caller-allocates): options to fill
 *
 * Sets @options to detect everything: separators, time column, time format;
 * naive times in the local zone; every numeric column a signal.
 */
void
twin_csv_import_options_init (TwinCsvImportOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
}

/**
 * twin_csv_import_stream:
 * @historian: a historian opened for writing, not in a transaction
 * @stream: the CSV text
 * @source: the file's name for messages, and the source recorded on new
 *   signals
 * @size: the stream's length in bytes for the progress, or -1
 * @options: (nullable): how to read the file; %NULL to detect everything
 * @progress: (nullable) (scope call): called now and then with the fraction read
 * @progress_data: data for @progress
 * @cancellable: (nullable): cancels the import, with nothing stored
 * @error: return location for a %TWIN_CSV_ERROR, a %TWIN_TIME_ERROR (bad
 *   options), a %TWIN_HISTORIAN_ERROR or a %G_IO_ERROR
 *
 * Imports CSV text in one transaction of @historian; see
 * twin_csv_import_file().
 *
 * Returns: (transfer full): what was imported, or %NULL with @error set
 *   and nothing stored
 */
TwinCsvImportReport *
twin_csv_import_stream (TwinHistorian              *historian,
                        GInputStream               *stream,
                        const char                 *source,
                        goffset                     size,
                        const TwinCsvImportOptions *options,
                        TwinCsvProgressFunc         progress,
                        gpointer                    progress_data,
                        GCancellable               *cancellable,
                        GError                    **error)
{
  g_auto (Import) self = { 0 };
  g_autoptr (GError) local_error = NULL;
  TwinCsvImportOptions defaults;
  guint64              n_rows_since_progress = 0;

  g_return_val_if_fail (TWIN_IS_HISTORIAN (historian), NULL);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    {
      twin_csv_import_options_init (&defaults);
      options = &defaults;
    }
  if (!check_options (options, error))
    return NULL;

  self.historian = historian;
  self.options = options;
  self.cancellable = cancellable;
  self.progress = progress;
  self.progress_data = progress_data;
  self.size = size;
  self.batch_size = options->batch_size > 0 ? options->batch_size : DEFAULT_BATCH_SIZE;
  self.input = g_data_input_stream_new (stream);
  g_data_input_stream_set_newline_type (self.input, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  self.record = g_string_new (NULL);
  self.cells = g_string_new (NULL);
  self.starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  self.bad_rows = g_ptr_array_new_with_free_func (g_free);
  self.report = g_new0 (TwinCsvImportReport, 1);
  self.report->source = g_strdup (source);
  self.report->signals = g_ptr_array_new_with_free_func (g_free);
  self.report->notes = g_ptr_array_new_with_free_func (g_free);
  self.report->decimal = options->decimal;

  self.time_parser = twin_time_parser_new (options->time_format, options->time_zone, error);
  if (self.time_parser == NULL)
    return NULL;

  if (progress != NULL)
    progress (0.0, progress_data);
  if (!read_header (&self, error))
    return NULL;
  if (self.report->delimiter == ',' && self.report->decimal == 0)
    self.report->decimal = '.';

  if (!twin_historian_begin (historian, error))
    return NULL;
  self.in_transaction = TRUE;

  for (;;)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (!read_record (&self, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          break;
        }
      if (is_blank (self.record->str))
        continue;
      if (!split_record (&self, self.report->delimiter))
        {
          if (self.columns == NULL && !set_up_columns (&self, self.header->len, error))
            return NULL;
          self.report->n_rows++;
          add_bad_row (&self, g_strdup (_ ("A quote opened here is never closed.")));
          continue;
        }
      if (self.columns == NULL && !set_up_columns (&self, get_n_fields (&self), error))
        return NULL;
      self.report->n_rows++;
      if (!read_row (&self, error))
        return NULL;
      if (++n_rows_since_progress == PROGRESS_EVERY_ROWS)
        {
          n_rows_since_progress = 0;
          report_progress (&self);
        }
    }
  if (self.columns == NULL && !set_up_columns (&self, self.header->len, error))
    return NULL;

  if (self.n_bad_rows > 0)
    {
      g_autofree char *message = dup_bad_rows_message (&self);

      g_set_error_literal (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_BAD_ROWS, message);
      return NULL;
    }
  if (!flush (&self, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!twin_historian_commit (historian, error))
    return NULL;
  self.in_transaction = FALSE;

  for (guint i = 0; i < self.columns->len; i++)
    {
      Column *column = g_ptr_array_index (self.columns, i);

      if ((column->role == ROLE_SIGNAL || column->role == ROLE_AUTO) && column->n_samples == 0)
        add_note (&self, _ ("Column “%s” has no values; no signal was made for it."), column->header);
    }
  if (self.report->decimal == 0)
    self.report->decimal = '.';
  self.report->time_kind = twin_time_parser_get_kind (self.time_parser);
  if (progress != NULL)
    progress (1.0, progress_data);
  return g_steal_pointer (&self.report);
}

/**
 * twin_csv_import_file:
 * @historian: a historian opened for writing, not in a transaction
 * @path: the CSV file
 * @options: (nullable): how to read the file; %NULL to detect everything
 * @progress: (nullable) (scope call): called now and then with the fraction read
 * @progress_data: data for @progress
 * @cancellable: (nullable): cancels the import, with nothing stored
 * @error: return location for a %TWIN_CSV_ERROR, a %TWIN_TIME_ERROR (bad
 *   options), a %TWIN_HISTORIAN_ERROR or a %G_IO_ERROR
 *
 * Imports a CSV file of time series: one row per time, one column per
 * signal, a header line naming the columns. Each numeric column becomes
 * the signal of its name (or the one @options maps it to); an empty cell is
 * a missing value. Everything is written in one transaction: if a row has
 * a time or a number that cannot be read, nothing is stored and the error
 * names the bad rows by line (all counted, the first ten listed); so does a
 * cancel or a failed write. A time that appears twice for one signal keeps
 * the value of the later row (the historian's rule). The accepted forms
 * are described in docs/history-csv.md.
 *
 * Returns: (transfer full): what was imported, or %NULL with @error set
 *   and nothing stored
 */
TwinCsvImportReport *
twin_csv_import_file (TwinHistorian              *historian,
                      const char                 *path,
                      const TwinCsvImportOptions *options,
                      TwinCsvProgressFunc         progress,
                      gpointer                    progress_data,
                      GCancellable               *cancellable,
                      GError                    **error)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFileInputStream) stream = NULL;
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (TWIN_IS_HISTORIAN (historian), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  name = g_filename_display_basename (path);
  stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _ ("Could not open “%s”: %s"), name, local_error->message);
      return NULL;
    }
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
  return twin_csv_import_stream (historian, G_INPUT_STREAM (stream), name,
                                 info != NULL ? g_file_info_get_size (info) : -1,
                                 options, progress, progress_data, cancellable, error);
}

/**
 * twin_csv_import_report_free:
 * @self: (transfer full): a report
 */
void
twin_csv_import_report_free (TwinCsvImportReport *self)
{
  if (self == NULL)
    return;
  g_free (self->source);
  g_free (self->time_column);
  g_clear_pointer (&self->signals, g_ptr_array_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_free (self);
}
