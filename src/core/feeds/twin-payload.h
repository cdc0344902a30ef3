/* twin-payload.h: decoding a feed message's payload into samples: a number, JSON with paths, SenML.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions, no I/O: used by every feed (MQTT, CSV replay) and tested on their own.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TWIN_PAYLOAD_ERROR (twin_payload_error_quark ())

typedef enum
{
  TWIN_PAYLOAD_ERROR_FORMAT,   /* the format text (json:PATH…) is invalid */
  TWIN_PAYLOAD_ERROR_DECODE,   /* a payload does not match its format (named with the reason) */
} TwinPayloadError;

/**
 * TwinPayloadKind:
 * @TWIN_PAYLOAD_NUMBER: the whole payload is one number in text ("21.5", dot decimal)
 * @TWIN_PAYLOAD_JSON: a JSON document; the value (and optionally the time) at paths
 * @TWIN_PAYLOAD_SENML: an RFC 8428 SenML JSON pack (base name, base time, base unit, …)
 */
typedef enum
{
  TWIN_PAYLOAD_NUMBER,
  TWIN_PAYLOAD_JSON,
  TWIN_PAYLOAD_SENML,
} TwinPayloadKind;

/**
 * TwinPayloadFormat:
 * @kind: how to read a payload
 * @value_path: JSON: a dotted path with optional [index] ("data.temp", "readings[0].v")
 * @time_path: (nullable): JSON: the path to the sample's time (ISO 8601 text, or epoch
 *   seconds as a number); %NULL: the time of arrival
 *
 * Written as text in feed settings and on the command line: `number`, `json:PATH`,
 * `json:PATH@TIME-PATH`, `senml`.
 */
typedef struct
{
  TwinPayloadKind kind;
  char           *value_path;
  char           *time_path;
} TwinPayloadFormat;

/**
 * TwinPayloadRecord:
 * @name: (nullable): the record's own name (SenML bn+n), or %NULL for the topic's signal
 * @unit: (nullable): its unit as given by the payload (SenML u/bu), or %NULL
 * @t_us: when, UTC µs
 * @value: the value; always finite
 *
 * One sample decoded from a payload.
 */
typedef struct
{
  char  *name;
  char  *unit;
  gint64 t_us;
  double value;
} TwinPayloadRecord;

GQuark             twin_payload_error_quark       (void);
TwinPayloadFormat *twin_payload_format_parse      (const char              *text,
                                                   GError                 **error);
char              *twin_payload_format_to_string  (const TwinPayloadFormat *format) G_GNUC_WARN_UNUSED_RESULT;
void               twin_payload_format_free       (TwinPayloadFormat       *format);
/* Decodes @payload (not NUL-terminated) received at @arrival_us. Returns an array of
 * TwinPayloadRecord (free with twin_payload_records_free), or NULL with an error saying why
 * (not a number, no value at the path, a NaN, invalid SenML …). */
GArray            *twin_payload_decode            (const TwinPayloadFormat *format,
                                                   const void              *payload,
                                                   gsize                    length,
                                                   gint64                   arrival_us,
                                                   GError                 **error);
void               twin_payload_records_free      (GArray                  *records);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinPayloadFormat, twin_payload_format_free)

G_END_DECLS
