/* twin-csv-export.c: writes any time range of any signals of a historian as one CSV table.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The table has a header `time,<signal> [<unit>],…` and one row per
 * distinct time of any of the signals (an outer join): a cell is empty where
 * a signal has no sample at that time. Times are ISO 8601 in UTC with just
 * the fraction digits they need; numbers are in the shortest form that reads
 * back to the same double, with a dot. twin_csv_import_file() reads the
 * table back to the same signals, units and samples, so export → import →
 * export gives the same bytes.
 *
 * The historian is read in time windows sized for about CHUNK_SAMPLES
 * samples each (from the signals' counts and ranges, then adapted to what
 * the windows held), so memory stays bounded however long the range.
 */

#define G_LOG_DOMAIN "twin-history"

#include "config.h"

#include "twin-csv-export.h"

#include "history/twin-time-parse.h"
#include "model/twin-parameter.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#define CHUNK_SAMPLES (1 << 16)
#define FLUSH_BYTES (1 << 16)

typedef struct
{
  TwinSignalInfo *info;
  GArray         *samples; /* TwinSample of the current window */
  guint           next;    /* the first sample of @samples not yet written */
} Series;

static void
series_free (gpointer data)
{
  Series *series = data;

  g_clear_pointer (&series->info, twin_signal_info_free);
  g_clear_pointer (&series->samples, g_array_unref);
  g_free (series);
}

/* Appends @text as one CSV field, quoted when it has to be. */
static void
append_field (GString    *out,
              const char *text)
{
  gsize length = strlen (text);

  if (strpbrk (text, ",;\"\r\n\t") == NULL && (length == 0 || (text[0] != ' ' && text[length - 1] != ' ')))
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* "name [unit]"; a name that itself ends with "]" gets an empty "[]" when
 * it has no unit, so that the import does not take its end for a unit. */
static char *
dup_header (const TwinSignalInfo *info)
{
  if (info->unit != NULL && info->unit[0] != '\0')
    return g_strdup_printf ("%s [%s]", info->name, info->unit);
  if (g_str_has_suffix (info->name, "]"))
    return g_strdup_printf ("%s []", info->name);
  return g_strdup (info->name);
}

static gboolean
write_out (GOutputStream *stream,
           GString       *out,
           GCancellable  *cancellable,
           GError       **error)
{
  if (out->len > 0 && !g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error))
    return FALSE;
  g_string_truncate (out, 0);
  return TRUE;
}

static gint64
add_clamped (gint64 a,
             gint64 b)
{
  return a > G_MAXINT64 - b ? G_MAXINT64 : a + b;
}

/**
 * twin_csv_export:
 * @historian: a historian
 * @signals: (nullable) (array zero-terminated=1): the names of the signals,
 *   in column order; %NULL for every signal, by name
 * @from_us: the start of the range (inclusive), UTC µs; %G_MININT64 for the
 *   beginning
 * @to_us: the end of the range (exclusive), UTC µs; %G_MAXINT64 for the end
 * @stream: where to write the CSV text (UTF-8, LF line ends)
 * @progress: (nullable) (scope call): called now and then with the fraction written
 * @progress_data: data for @progress
 * @cancellable: (nullable): stops the export
 * @error: return location for a %TWIN_CSV_ERROR_NOT_FOUND (an unknown
 *   signal), a %TWIN_HISTORIAN_ERROR or a %G_IO_ERROR
 *
 * Writes the samples of @signals in [@from_us, @to_us) as CSV: a header
 * `time,name [unit],…` (no brackets for a signal without a unit), then one
 * row per distinct time, with an empty cell where a signal has no sample
 * at that time. See the file's comment for the exact forms. @stream is not
 * closed.
 *
 * Returns: %TRUE if everything was written
 */
gboolean
twin_csv_export (TwinHistorian      *historian,
                 const char *const  *signals,
                 gint64              from_us,
                 gint64              to_us,
                 GOutputStream      *stream,
                 TwinCsvProgressFunc progress,
                 gpointer            progress_data,
                 GCancellable       *cancellable,
                 GError            **error)
{
  g_autoptr (GPtrArray) series = g_ptr_array_new_with_free_func (series_free);
  g_autoptr (GString) out = g_string_new (NULL);
  gint64 start_us = G_MAXINT64;
  gint64 end_us = G_MININT64;
  gint64 total = 0;
  gint64 written = 0;
  gint64 window_us;

  g_return_val_if_fail (TWIN_IS_HISTORIAN (historian), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (signals == NULL)
    {
      g_autoptr (GPtrArray) all = twin_historian_list_signals (historian, error);

      if (all == NULL)
        return FALSE;
      for (guint i = 0; i < all->len; i++)
        {
          Series *s = g_new0 (Series, 1);

          s->info = twin_signal_info_copy (g_ptr_array_index (all, i));
          g_ptr_array_add (series, s);
        }
    }
  else
    {
      for (guint i = 0; signals[i] != NULL; i++)
        {
          g_autoptr (GError) local_error = NULL;
          TwinSignalInfo *info = twin_historian_lookup_signal (historian, signals[i], &local_error);
          Series         *s;

          if (info == NULL)
            {
              if (local_error != NULL)
                g_propagate_error (error, g_steal_pointer (&local_error));
              else
                g_set_error (error, TWIN_CSV_ERROR, TWIN_CSV_ERROR_NOT_FOUND,
                             _ ("There is no signal “%s” in “%s”."), signals[i],
                             twin_historian_get_path (historian));
              return FALSE;
            }
          s = g_new0 (Series, 1);
          s->info = info;
          g_ptr_array_add (series, s);
        }
    }

  /* The header. */
  g_string_append (out, "time");
  for (guint i = 0; i < series->len; i++)
    {
      Series          *s = g_ptr_array_index (series, i);
      g_autofree char *header = dup_header (s->info);

      g_string_append_c (out, ',');
      append_field (out, header);
      if (s->info->n_samples > 0)
        {
          start_us = MIN (start_us, s->info->first_us);
          end_us = MAX (end_us, s->info->last_us);
          total += s->info->n_samples;
        }
    }
  g_string_append_c (out, '\n');
  if (!write_out (stream, out, cancellable, error))
    return FALSE;

  /* The rows, window by window over [start_us, end_us]. */
  start_us = MAX (start_us, from_us);
  end_us = end_us == G_MAXINT64 ? end_us : end_us + 1; /* now exclusive */
  end_us = MIN (end_us, to_us);
  window_us = total > 0 && end_us > start_us
                ? MAX (1, (gint64) ((double) (end_us - start_us) * CHUNK_SAMPLES / (double) total))
                : 1;
  for (gint64 t0 = start_us; t0 < end_us;)
    {
      gint64 t1 = MIN (end_us, add_clamped (t0, window_us));
      guint  n_read = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      for (guint i = 0; i < series->len; i++)
        {
          Series *s = g_ptr_array_index (series, i);

          g_clear_pointer (&s->samples, g_array_unref);
          s->next = 0;
          if (s->info->n_samples == 0 || s->info->last_us < t0 || s->info->first_us >= t1)
            continue;
          s->samples = twin_historian_read (historian, s->info->id, t0, t1, error);
          if (s->samples == NULL)
            return FALSE;
          n_read += s->samples->len;
        }

      /* Merge: each row is the earliest time not yet written. */
      for (;;)
        {
          gint64   t = G_MAXINT64;
          gboolean any = FALSE;

          for (guint i = 0; i < series->len; i++)
            {
              Series *s = g_ptr_array_index (series, i);

              if (s->samples != NULL && s->next < s->samples->len)
                {
                  t = MIN (t, g_array_index (s->samples, TwinSample, s->next).t_us);
                  any = TRUE;
                }
            }
          if (!any)
            break;
          {
            g_autofree char *time = twin_time_format_iso8601 (t);

            g_string_append (out, time);
          }
          for (guint i = 0; i < series->len; i++)
            {
              Series *s = g_ptr_array_index (series, i);

              g_string_append_c (out, ',');
              if (s->samples != NULL && s->next < s->samples->len &&
                  g_array_index (s->samples, TwinSample, s->next).t_us == t)
                {
                  g_autofree char *number = twin_format_number (g_array_index (s->samples, TwinSample, s->next).value);

                  g_string_append (out, number);
                  s->next++;
                  written++;
                }
            }
          g_string_append_c (out, '\n');
          if (out->len >= FLUSH_BYTES && !write_out (stream, out, cancellable, error))
            return FALSE;
        }
      if (!write_out (stream, out, cancellable, error))
        return FALSE;
      if (progress != NULL && total > 0)
        progress (CLAMP ((double) written / (double) total, 0.0, 1.0), progress_data);

      /* Aim the next window at about CHUNK_SAMPLES samples. */
      if (n_read > 4 * CHUNK_SAMPLES)
        window_us = MAX (1, window_us / 4);
      else if (n_read < CHUNK_SAMPLES / 4 && window_us < G_MAXINT64 / 4)
        window_us *= 2;
      t0 = t1;
    }

  for (guint i = 0; i < series->len; i++)
    g_clear_pointer (&((Series *) g_ptr_array_index (series, i))->samples, g_array_unref);
  if (progress != NULL)
    progress (1.0, progress_data);
  return TRUE;
}

/**
 * twin_csv_export_file:
 * @historian: a historian
 * @signals: (nullable) (array zero-terminated=1): the signals, as for twin_csv_export()
 * @from_us: the start of the range (inclusive), UTC µs
 * @to_us: the end of the range (exclusive), UTC µs
 * @path: the CSV file to write
 * @progress: (nullable) (scope call): called now and then with the fraction written
 * @progress_data: data for @progress
 * @cancellable: (nullable): stops the export
 * @error: return location for a #GError, as for twin_csv_export()
 *
 * Writes twin_csv_export() into @path, replacing it only once everything
 * is written: a failed or cancelled export leaves an older file as it was.
 *
 * Returns: %TRUE if the file was written
 */
gboolean
twin_csv_export_file (TwinHistorian      *historian,
                      const char *const  *signals,
                      gint64              from_us,
                      gint64              to_us,
                      const char         *path,
                      TwinCsvProgressFunc progress,
                      gpointer            progress_data,
                      GCancellable       *cancellable,
                      GError            **error)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFileOutputStream) stream = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (TWIN_IS_HISTORIAN (historian), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  file = g_file_new_for_path (path);
  name = g_filename_display_name (path);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _ ("Could not write “%s”: %s"), name, local_error->message);
      return FALSE;
    }
  if (!twin_csv_export (historian, signals, from_us, to_us, G_OUTPUT_STREAM (stream), progress, progress_data,
                        cancellable, &local_error))
    {
      /* Closing a cancelled replace keeps the old file. */
      g_autoptr (GCancellable) cancel = g_cancellable_new ();

      g_cancellable_cancel (cancel);
      g_output_stream_close (G_OUTPUT_STREAM (stream), cancel, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _ ("Could not write “%s”: %s"), name, local_error->message);
      return FALSE;
    }
  return TRUE;
}
