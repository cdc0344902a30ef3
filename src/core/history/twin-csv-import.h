/* twin-csv-import.h: reads a CSV file of time series into a project's historian, all of it or nothing.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "history/twin-historian.h"
#include "history/twin-time-parse.h"

G_BEGIN_DECLS

#define TWIN_CSV_ERROR (twin_csv_error_quark ())

/**
 * TwinCsvError:
 * @TWIN_CSV_ERROR_INVALID: a file that cannot be read as CSV (no header, not
 *   UTF-8), or options that do not fit it (an unknown column, two columns
 *   for one signal)
 * @TWIN_CSV_ERROR_BAD_ROWS: rows whose time or numbers cannot be read; the
 *   message gives their count and the first ten line numbers, and nothing
 *   was stored
 * @TWIN_CSV_ERROR_NOT_FOUND: an export of a signal the historian does not have
 *
 * Errors of the CSV import and export. A cancelled import fails with
 * %G_IO_ERROR_CANCELLED, a read or write with its %G_IO_ERROR.
 */
typedef enum
{
  TWIN_CSV_ERROR_INVALID,
  TWIN_CSV_ERROR_BAD_ROWS,
  TWIN_CSV_ERROR_NOT_FOUND,
} TwinCsvError;

/**
 * TwinCsvImportOptions:
 * @delimiter: the field separator: ',', ';' or '\t'; 0 to detect it from the
 *   header (the most frequent of the three outside quotes)
 * @decimal: the decimal separator: '.' or ','; 0 to detect it: '.' in a
 *   comma-separated file, else the separator of the first number that has one
 * @time_column: (nullable): the time column: a header name, or a column
 *   number counted from 1; %NULL for the first column whose name has the
 *   word "date", "time", "datetime" or "timestamp", else the first column
 * @time_format: (nullable): how times are written, as for
 *   twin_time_parser_new(); %NULL to detect it
 * @time_zone: (nullable): the zone of times written without an offset;
 *   %NULL for the local zone
 * @map: (nullable) (element-type utf8 utf8): column (name or number) →
 *   signal name; when given, only these columns are imported; when %NULL,
 *   every numeric column but the time is imported as the signal named like
 *   the column
 * @units: (nullable) (element-type utf8 utf8): column (name or number) →
 *   unit, which wins over a unit written in the header as `name [unit]`
 * @batch_size: samples buffered before they are appended; 0 for the default
 *
 * How to read a CSV file. Zero-filled (or twin_csv_import_options_init())
 * means everything is detected. The options borrow their strings and
 * tables.
 */
typedef struct
{
  char        delimiter;
  char        decimal;
  const char *time_column;
  const char *time_format;
  GTimeZone  *time_zone;
  GHashTable *map;
  GHashTable *units;
  guint       batch_size;
} TwinCsvImportOptions;

/**
 * TwinCsvImportReport:
 * @source: the file's name, for messages
 * @delimiter: the field separator used
 * @decimal: the decimal separator used
 * @time_column: the header of the time column
 * @time_kind: the form the times were read in
 * @n_rows: data rows read (blank lines are not rows)
 * @n_samples: samples written (empty cells are missing values, not samples)
 * @first_us: the earliest time read, in UTC µs (0 without rows)
 * @last_us: the latest time read, in UTC µs (0 without rows)
 * @signals: (element-type utf8): the signals written, in column order
 * @notes: (element-type utf8): sentences on how the file was read that a
 *   person may want to know: a column without a header name, text columns
 *   left out, columns without values
 *
 * What an import did.
 */
typedef struct
{
  char        *source;
  char         delimiter;
  char         decimal;
  char        *time_column;
  TwinTimeKind time_kind;
  guint64      n_rows;
  guint64      n_samples;
  gint64       first_us;
  gint64       last_us;
  GPtrArray   *signals;
  GPtrArray   *notes;
} TwinCsvImportReport;

/**
 * TwinCsvProgressFunc:
 * @fraction: how much is done, from 0 to 1
 * @user_data: the data given with the function
 *
 * Reports the progress of an import or export.
 */
typedef void (*TwinCsvProgressFunc) (double   fraction,
                                     gpointer user_data);

GQuark               twin_csv_error_quark        (void);

void                 twin_csv_import_options_init (TwinCsvImportOptions       *options);

TwinCsvImportReport *twin_csv_import_file        (TwinHistorian              *historian,
                                                  const char                 *path,
                                                  const TwinCsvImportOptions *options,
                                                  TwinCsvProgressFunc         progress,
                                                  gpointer                    progress_data,
                                                  GCancellable               *cancellable,
                                                  GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
TwinCsvImportReport *twin_csv_import_stream      (TwinHistorian              *historian,
                                                  GInputStream               *stream,
                                                  const char                 *source,
                                                  goffset                     size,
                                                  const TwinCsvImportOptions *options,
                                                  TwinCsvProgressFunc         progress,
                                                  gpointer                    progress_data,
                                                  GCancellable               *cancellable,
                                                  GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
void                 twin_csv_import_report_free (TwinCsvImportReport        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinCsvImportReport, twin_csv_import_report_free)

G_END_DECLS
