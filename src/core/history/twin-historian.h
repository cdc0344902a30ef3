/* twin-historian.h: the time-series store of a project: signals, their samples and rollups in the .dtwin file.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define TWIN_HISTORIAN_ERROR (twin_historian_error_quark ())

/**
 * TwinHistorianError:
 * @TWIN_HISTORIAN_ERROR_INVALID: bad input: a non-finite value, a unit that differs, an old file
 * @TWIN_HISTORIAN_ERROR_NOT_FOUND: no such file or signal
 * @TWIN_HISTORIAN_ERROR_READ_ONLY: a write to a historian opened read-only
 * @TWIN_HISTORIAN_ERROR_CANCELLED: the operation was cancelled
 * @TWIN_HISTORIAN_ERROR_IO: SQLite or the operating system refused a read or write
 *
 * Errors of the historian. Messages name the file or signal and the cause.
 */
typedef enum
{
  TWIN_HISTORIAN_ERROR_INVALID,
  TWIN_HISTORIAN_ERROR_NOT_FOUND,
  TWIN_HISTORIAN_ERROR_READ_ONLY,
  TWIN_HISTORIAN_ERROR_CANCELLED,
  TWIN_HISTORIAN_ERROR_IO,
} TwinHistorianError;

/**
 * TwinSample:
 * @t_us: when, in UTC microseconds since the Unix epoch
 * @value: the value, in the signal's unit; always finite
 *
 * One sample of a signal.
 */
typedef struct
{
  gint64 t_us;
  double value;
} TwinSample;

/**
 * TwinBucket:
 * @start_us: the start of the bucket's time span (inclusive), UTC µs
 * @end_us: the end of the bucket's time span (exclusive), UTC µs
 * @min: the lowest sample value in the span
 * @max: the highest sample value in the span
 * @mean: the mean of the sample values in the span
 * @count: the number of samples in the span (at least 1)
 * @min_t_us: when @min happened (the earliest time if several samples share it)
 * @max_t_us: when @max happened (the earliest time if several samples share it)
 *
 * A summary of the samples of one time span, as a query answers it. A
 * single raw sample is a bucket of count 1 with @start_us its time and
 * @end_us one microsecond later.
 */
typedef struct
{
  gint64 start_us;
  gint64 end_us;
  double min;
  double max;
  double mean;
  gint64 count;
  gint64 min_t_us;
  gint64 max_t_us;
} TwinBucket;

#define TWIN_TYPE_SIGNAL_INFO (twin_signal_info_get_type ())

/**
 * TwinSignalInfo:
 * @id: the signal's id in the file
 * @name: its unique name, such as "building/room-1.temperature"
 * @unit: its unit ("" for none)
 * @description: a sentence for people, or NULL
 * @source: where the samples come from (a file, a feed), or NULL
 * @entity_path: the path of the bound entity, or NULL
 * @property: the bound entity property, or NULL
 * @n_samples: the number of samples stored
 * @first_us: the time of the first sample (0 when there is none)
 * @last_us: the time of the last sample (0 when there is none)
 *
 * What a historian knows about one signal.
 */
typedef struct
{
  gint64 id;
  char  *name;
  char  *unit;
  char  *description;
  char  *source;
  char  *entity_path;
  char  *property;
  gint64 n_samples;
  gint64 first_us;
  gint64 last_us;
} TwinSignalInfo;

GType           twin_signal_info_get_type (void) G_GNUC_CONST;
TwinSignalInfo *twin_signal_info_copy     (const TwinSignalInfo *self);
void            twin_signal_info_free     (TwinSignalInfo       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinSignalInfo, twin_signal_info_free)

#define TWIN_TYPE_HISTORIAN (twin_historian_get_type ())

G_DECLARE_FINAL_TYPE (TwinHistorian, twin_historian, TWIN, HISTORIAN, GObject)

GQuark          twin_historian_error_quark            (void);
TwinHistorian  *twin_historian_open                   (const char        *path,
                                                       gboolean           read_only,
                                                       GError           **error) G_GNUC_WARN_UNUSED_RESULT;
const char     *twin_historian_get_path               (TwinHistorian     *self);
gboolean        twin_historian_is_read_only           (TwinHistorian     *self);
gint64          twin_historian_ensure_signal          (TwinHistorian     *self,
                                                       const char        *name,
                                                       const char        *unit,
                                                       GError           **error);
gboolean        twin_historian_set_signal_binding     (TwinHistorian     *self,
                                                       gint64             id,
                                                       const char        *entity_path,
                                                       const char        *property,
                                                       GError           **error);
gboolean        twin_historian_set_signal_description (TwinHistorian     *self,
                                                       gint64             id,
                                                       const char        *description,
                                                       const char        *source,
                                                       GError           **error);
TwinSignalInfo *twin_historian_lookup_signal          (TwinHistorian     *self,
                                                       const char        *name,
                                                       GError           **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray      *twin_historian_list_signals           (TwinHistorian     *self,
                                                       GError           **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean        twin_historian_begin                  (TwinHistorian     *self,
                                                       GError           **error);
gboolean        twin_historian_commit                 (TwinHistorian     *self,
                                                       GError           **error);
void            twin_historian_rollback               (TwinHistorian     *self);
gboolean        twin_historian_in_transaction         (TwinHistorian     *self);
gboolean        twin_historian_append                 (TwinHistorian     *self,
                                                       gint64             signal_id,
                                                       const TwinSample  *samples,
                                                       gsize              n_samples,
                                                       GError           **error);
GArray         *twin_historian_query                  (TwinHistorian     *self,
                                                       gint64             signal_id,
                                                       gint64             from_us,
                                                       gint64             to_us,
                                                       guint              max_buckets,
                                                       GError           **error) G_GNUC_WARN_UNUSED_RESULT;
GArray         *twin_historian_read                   (TwinHistorian     *self,
                                                       gint64             signal_id,
                                                       gint64             from_us,
                                                       gint64             to_us,
                                                       GError           **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean        twin_historian_sample_at              (TwinHistorian     *self,
                                                       gint64             signal_id,
                                                       gint64             t_us,
                                                       TwinSample        *sample);

G_END_DECLS
