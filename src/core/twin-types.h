/* twin-types.h: forward type declarations and the enums shared by the core.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TwinConnection TwinConnection;
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
 * @TWIN_CHANGE_CONNECTIONS: the connections drawn in the entity's diagram (between
 *   its children) changed
 * @TWIN_CHANGE_PORTS: the entity's boundary ports (inner ports it exposes) changed
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
  TWIN_CHANGE_CONNECTIONS = 1 << 4,
  TWIN_CHANGE_PORTS = 1 << 5,
} TwinChangeFlags;

/**
 * TwinDomain:
 * @TWIN_DOMAIN_NONE: no physics (structure, assets)
 * @TWIN_DOMAIN_THERMAL: temperature (K) across, heat flow (W) through
 * @TWIN_DOMAIN_ELECTRICAL: voltage (V) across, current (A) through
 * @TWIN_DOMAIN_HYDRAULIC: pressure (Pa) across, volume flow (m³/s) through
 * @TWIN_DOMAIN_ROTATIONAL: angular speed (rad/s) across, torque (N·m) through
 * @TWIN_DOMAIN_SIGNAL: a real value, directed from an output to inputs
 *
 * The physical domain of a port or of a component type.
 */
typedef enum
{
  TWIN_DOMAIN_NONE,
  TWIN_DOMAIN_THERMAL,
  TWIN_DOMAIN_ELECTRICAL,
  TWIN_DOMAIN_HYDRAULIC,
  TWIN_DOMAIN_ROTATIONAL,
  TWIN_DOMAIN_SIGNAL,
} TwinDomain;

/**
 * TwinPortDirection:
 * @TWIN_PORT_PHYSICAL: an undirected physical port (across and through variables)
 * @TWIN_PORT_INPUT: a signal input: exactly one source
 * @TWIN_PORT_OUTPUT: a signal output: feeds any number of inputs
 */
typedef enum
{
  TWIN_PORT_PHYSICAL,
  TWIN_PORT_INPUT,
  TWIN_PORT_OUTPUT,
} TwinPortDirection;

/**
 * TwinEntityTypeFlags:
 * @TWIN_ENTITY_TYPE_FLAGS_NONE: nothing special
 * @TWIN_ENTITY_TYPE_FLAGS_REFERENCE: fixes the across variable of the physical
 *   network it is connected to (ground, fixed temperature, reservoir…)
 * @TWIN_ENTITY_TYPE_FLAGS_FEEDTHROUGH: a signal output depends on an input at
 *   the same instant (gain, sum); a loop of such blocks is algebraic
 * @TWIN_ENTITY_TYPE_FLAGS_CONTAINER: meant to hold children and expose their
 *   ports (system, subsystem, building, floor)
 */
typedef enum
{
  TWIN_ENTITY_TYPE_FLAGS_NONE = 0,
  TWIN_ENTITY_TYPE_FLAGS_REFERENCE = 1 << 0,
  TWIN_ENTITY_TYPE_FLAGS_FEEDTHROUGH = 1 << 1,
  TWIN_ENTITY_TYPE_FLAGS_CONTAINER = 1 << 2,
} TwinEntityTypeFlags;

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
 * @TWIN_MODEL_ERROR_INVALID_CONNECTION: ports that may not be connected: other
 *   domains, two outputs, an input that already has a source, not siblings
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
  TWIN_MODEL_ERROR_INVALID_CONNECTION,
} TwinModelError;

GQuark twin_model_error_quark (void);

G_END_DECLS
