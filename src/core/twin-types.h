/* twin-types.h: forward type declarations and the enums shared by the core.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TwinEntity    TwinEntity;
typedef struct _TwinHistory   TwinHistory;
typedef struct _TwinModel     TwinModel;
typedef struct _TwinParameter TwinParameter;
typedef struct _TwinProject   TwinProject;
typedef struct _TwinStore     TwinStore;

/**
 * TwinValueKind:
 * @TWIN_VALUE_NUMBER: a real number (`double`) in the parameter's unit
 * @TWIN_VALUE_INTEGER: a whole number (`gint64`) in the parameter's unit
 * @TWIN_VALUE_BOOLEAN: true or false
 * @TWIN_VALUE_STRING: a line of text
 *
 * What kind of value a parameter holds. The values travel as #GVariant of
 * type `d`, `x`, `b` and `s` respectively.
 */
typedef enum
{
  TWIN_VALUE_NUMBER,
  TWIN_VALUE_INTEGER,
  TWIN_VALUE_BOOLEAN,
  TWIN_VALUE_STRING,
} TwinValueKind;

/**
 * TwinChangeFlags:
 * @TWIN_CHANGE_ADDED: the entity and its whole subtree entered the model
 * @TWIN_CHANGE_REMOVED: the entity and its whole subtree left the model
 * @TWIN_CHANGE_UPDATED: the entity's own fields (name, parent, transform,
 *   parameters) changed
 * @TWIN_CHANGE_CHILDREN: the entity's list of children changed order or
 *   membership, so every child's position must be rewritten
 *
 * What one edit did to one entity; see #TwinChange.
 */
typedef enum
{
  TWIN_CHANGE_ADDED = 1 << 0,
  TWIN_CHANGE_REMOVED = 1 << 1,
  TWIN_CHANGE_UPDATED = 1 << 2,
  TWIN_CHANGE_CHILDREN = 1 << 3,
} TwinChangeFlags;

#define TWIN_MODEL_ERROR (twin_model_error_quark ())

/**
 * TwinModelError:
 * @TWIN_MODEL_ERROR_INVALID_NAME: a name is empty, too long or has a `/`
 * @TWIN_MODEL_ERROR_NAME_TAKEN: a sibling already has that name
 * @TWIN_MODEL_ERROR_NOT_FOUND: no such entity or parameter
 * @TWIN_MODEL_ERROR_INVALID_VALUE: a value of the wrong kind or not a number
 * @TWIN_MODEL_ERROR_OUT_OF_RANGE: a value outside the parameter's range
 * @TWIN_MODEL_ERROR_WRONG_UNIT: a unit that is unknown or measures something else
 * @TWIN_MODEL_ERROR_INVALID_MOVE: a move into the entity itself or its descendants,
 *   or of the root
 * @TWIN_MODEL_ERROR_NOTHING_TO_UNDO: the history has no step in that direction
 *
 * Errors of the twin model. Every message names the entity and, where there
 * is one, the parameter.
 */
typedef enum
{
  TWIN_MODEL_ERROR_INVALID_NAME,
  TWIN_MODEL_ERROR_NAME_TAKEN,
  TWIN_MODEL_ERROR_NOT_FOUND,
  TWIN_MODEL_ERROR_INVALID_VALUE,
  TWIN_MODEL_ERROR_OUT_OF_RANGE,
  TWIN_MODEL_ERROR_WRONG_UNIT,
  TWIN_MODEL_ERROR_INVALID_MOVE,
  TWIN_MODEL_ERROR_NOTHING_TO_UNDO,
} TwinModelError;

GQuark twin_model_error_quark (void);

G_END_DECLS
