/* twin-model-json.h: the documented, diffable JSON text form of a twin model.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "twin-entity.h"
#include "twin-model.h"

G_BEGIN_DECLS

#define TWIN_JSON_ERROR (twin_json_error_quark ())

/**
 * TwinJsonError:
 * @TWIN_JSON_ERROR_SYNTAX: the text is not JSON; the message gives line and column
 * @TWIN_JSON_ERROR_FORMAT: JSON, but not a Twin Studio model (the message says where)
 * @TWIN_JSON_ERROR_VERSION: written by a newer Twin Studio
 */
typedef enum
{
  TWIN_JSON_ERROR_SYNTAX,
  TWIN_JSON_ERROR_FORMAT,
  TWIN_JSON_ERROR_VERSION,
} TwinJsonError;

/* The version of the JSON form this build writes and the newest it reads. */
#define TWIN_JSON_FORMAT_VERSION 1

/* The deepest nesting of JSON objects and arrays a text may have; deeper
 * text is refused before parsing (an entity level takes two). */
#define TWIN_JSON_MAX_DEPTH 256

GQuark      twin_json_error_quark      (void);
char       *twin_model_json_to_string  (TwinModel    *model) G_GNUC_WARN_UNUSED_RESULT;
char       *twin_model_json_entity_to_string (TwinEntity *root) G_GNUC_WARN_UNUSED_RESULT;
TwinEntity *twin_model_json_from_string (const char  *text,
                                         gssize       length,
                                         GError     **error) G_GNUC_WARN_UNUSED_RESULT;
TwinEntity *twin_model_json_from_file  (GFile        *file,
                                        GError      **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
