/* twin-time-parse.h: reads timestamps (ISO 8601, epoch numbers, a user pattern) as UTC microseconds and writes them back.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TWIN_TIME_ERROR (twin_time_error_quark ())

/**
 * TwinTimeError:
 * @TWIN_TIME_ERROR_INVALID: text that is not a time in the expected form, or
 *   a date that does not exist (February 30)
 * @TWIN_TIME_ERROR_RANGE: a time outside the years 0001 to 9999
 * @TWIN_TIME_ERROR_FORMAT: a time format or pattern that is not understood
 * @TWIN_TIME_ERROR_ZONE: an unknown time zone
 */
typedef enum
{
  TWIN_TIME_ERROR_INVALID,
  TWIN_TIME_ERROR_RANGE,
  TWIN_TIME_ERROR_FORMAT,
  TWIN_TIME_ERROR_ZONE,
} TwinTimeError;

/**
 * TwinTimeKind:
 * @TWIN_TIME_KIND_AUTO: decided by the first time read: ISO 8601, or an epoch
 *   number whose unit follows from its size (below 10¹¹ seconds, below 10¹⁴
 *   milliseconds, else microseconds)
 * @TWIN_TIME_KIND_ISO8601: `2024-05-01T12:00:00.25+02:00` and its variants
 * @TWIN_TIME_KIND_EPOCH_S: seconds since 1970-01-01T00:00:00Z
 * @TWIN_TIME_KIND_EPOCH_MS: milliseconds since the epoch
 * @TWIN_TIME_KIND_EPOCH_US: microseconds since the epoch
 * @TWIN_TIME_KIND_PATTERN: a strptime-like pattern (`%d.%m.%Y %H:%M`)
 *
 * The forms a #TwinTimeParser reads.
 */
typedef enum
{
  TWIN_TIME_KIND_AUTO,
  TWIN_TIME_KIND_ISO8601,
  TWIN_TIME_KIND_EPOCH_S,
  TWIN_TIME_KIND_EPOCH_MS,
  TWIN_TIME_KIND_EPOCH_US,
  TWIN_TIME_KIND_PATTERN,
} TwinTimeKind;

typedef struct _TwinTimeParser TwinTimeParser;

GQuark          twin_time_error_quark     (void);

GTimeZone      *twin_time_zone_new        (const char           *identifier,
                                           GError              **error) G_GNUC_WARN_UNUSED_RESULT;

TwinTimeParser *twin_time_parser_new      (const char           *format,
                                           GTimeZone            *zone,
                                           GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void            twin_time_parser_free     (TwinTimeParser       *self);
TwinTimeKind    twin_time_parser_get_kind (const TwinTimeParser *self);
gboolean        twin_time_parser_parse    (TwinTimeParser       *self,
                                           const char           *text,
                                           gint64               *t_us,
                                           GError              **error);

gboolean        twin_time_parse           (const char           *text,
                                           GTimeZone            *zone,
                                           gint64               *t_us,
                                           GError              **error);
char           *twin_time_format_iso8601  (gint64                t_us) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinTimeParser, twin_time_parser_free)

G_END_DECLS
