/* twin-command.h: command bindings (how a setpoint for a property is sent to the physical
 * system) and the records of the command log.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain data, validation and payload formatting; no I/O. TwinCommandStore keeps both in the
 * project; twin_command_send () publishes and logs.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * TwinCommandBinding:
 * @entity_path: the entity in the tree
 * @property: its property (a parameter name); values are in the parameter's unit
 * @feed: the MQTT feed whose broker (and credentials) carry the command
 * @topic: a concrete topic (no wildcards)
 * @qos: 0, 1 or 2
 * @retain: whether the broker keeps the last setpoint for new subscribers
 * @payload: NULL for the plain number, or a JSON template with `{value}` in it
 *   (e.g. `{"setpoint": {value}}`) that must be valid JSON once the number is put in
 * @unit: the unit the receiver expects, or NULL for the property's own unit
 * @min: refuse values below (NAN: none), in the property's unit
 * @max: refuse values above (NAN: none)
 */
typedef struct
{
  char    *entity_path;
  char    *property;
  char    *feed;
  char    *topic;
  int      qos;
  gboolean retain;
  char    *payload;
  char    *unit;
  double   min;
  double   max;
} TwinCommandBinding;

/**
 * TwinCommandRecord:
 * @id: row id in the log (0 until stored)
 * @t_us: wall clock when it was sent (UTC µs)
 * @value: the setpoint in the property's unit
 * @payload: exactly what was published
 * @origin: who sent it ("app", "twinctl", …)
 * @ok: whether the broker took it (for QoS > 0: acknowledged)
 * @error: why not, or NULL
 */
typedef struct
{
  gint64   id;
  gint64   t_us;
  char    *entity_path;
  char    *property;
  char    *feed;
  char    *topic;
  char    *payload;
  double   value;
  int      qos;
  gboolean retain;
  char    *origin;
  gboolean ok;
  char    *error;
} TwinCommandRecord;

#define TWIN_COMMAND_ERROR (twin_command_error_quark ())

typedef enum
{
  TWIN_COMMAND_ERROR_INVALID,
  TWIN_COMMAND_ERROR_OUT_OF_RANGE,
  TWIN_COMMAND_ERROR_NOT_FOUND,
  TWIN_COMMAND_ERROR_SEND,
  TWIN_COMMAND_ERROR_STORE,
} TwinCommandError;

GQuark              twin_command_error_quark          (void);

TwinCommandBinding *twin_command_binding_new          (const char               *entity_path,
                                                       const char               *property,
                                                       const char               *feed,
                                                       const char               *topic);
TwinCommandBinding *twin_command_binding_copy         (const TwinCommandBinding *binding);
void                twin_command_binding_free         (TwinCommandBinding       *binding);
/* Checks the path, property, feed, topic (no + or #), QoS, template, unit and min < max. */
gboolean            twin_command_binding_validate     (const TwinCommandBinding *binding,
                                                       GError                  **error);
/* The payload for @value (in @property_unit, may be NULL): refuses NaN/∞ and values outside
 * min/max (naming them), converts to the binding's unit, formats with a dot, fills the template. */
char               *twin_command_binding_format_payload (const TwinCommandBinding *binding,
                                                         double                    value,
                                                         const char               *property_unit,
                                                         GError                  **error) G_GNUC_WARN_UNUSED_RESULT;
/* The other way, for an emulated asset: the value in @property_unit from a received payload
 * (a plain number, or the template's JSON with the number where {value} is). */
gboolean            twin_command_binding_parse_payload (const TwinCommandBinding *binding,
                                                        const char               *payload,
                                                        gsize                     length,
                                                        const char               *property_unit,
                                                        double                   *value,
                                                        GError                  **error);

void                twin_command_record_free          (TwinCommandRecord        *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinCommandBinding, twin_command_binding_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinCommandRecord, twin_command_record_free)

G_END_DECLS
