/* twin-command.h: one undoable step of the model, as a list of primitive operations (private).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "twin-entity.h"

G_BEGIN_DECLS

typedef enum
{
  TWIN_OP_INSERT,        /* put @entity under @parent at @index */
  TWIN_OP_REMOVE,        /* take @entity from under @parent at @index */
  TWIN_OP_MOVE,          /* from @parent/@index to @new_parent/@new_index */
  TWIN_OP_RENAME,        /* @old_text → @new_text */
  TWIN_OP_SET_VALUE,     /* parameter @key: @old_value → @new_value */
  TWIN_OP_SET_TRANSFORM, /* @old_transform → @new_transform */
  /* @connection into @entity's connections at @index (G_MAXUINT: the end) */
  TWIN_OP_ADD_CONNECTION,
  /* @connection out of @entity's connections; @index is where it was, recorded when applied */
  TWIN_OP_REMOVE_CONNECTION,
  /* boundary port @key exposing @inner / @inner_port into @entity's at @index (G_MAXUINT: the end) */
  TWIN_OP_ADD_BOUNDARY_PORT,
  /* boundary port @key out of @entity's; @index is where it was, recorded when applied */
  TWIN_OP_REMOVE_BOUNDARY_PORT,
  /* @old_has_position/@old_xy → @new_has_position/@new_xy */
  TWIN_OP_SET_DIAGRAM_POSITION,
  /* the mesh id @old_text → @new_text (either may be NULL: a box) */
  TWIN_OP_SET_MESH,
} TwinOpKind;

typedef struct
{
  TwinOpKind      kind;
  TwinEntity     *entity;     /* owned reference */
  TwinEntity     *parent;     /* owned reference, or NULL */
  TwinEntity     *new_parent; /* owned reference, or NULL */
  guint           index;
  guint           new_index;
  char           *key;
  char           *old_text;
  char           *new_text;
  GVariant       *old_value;
  GVariant       *new_value;
  TwinTransform   old_transform;
  TwinTransform   new_transform;
  TwinConnection *connection; /* owned reference, or NULL */
  TwinEntity     *inner;      /* owned reference, or NULL */
  char           *inner_port;
  gboolean        old_has_position;
  gboolean        new_has_position;
  double          old_xy[2]; /* diagram units */
  double          new_xy[2];
} TwinOp;

typedef struct
{
  char      *label; /* "Rename “Room 101”", translated */
  GPtrArray *ops;   /* TwinOp, applied in order, reverted in reverse */
} TwinCommand;

TwinCommand *twin_command_new  (const char  *label);
void         twin_command_free (TwinCommand *self);
TwinOp      *twin_command_add  (TwinCommand *self,
                                TwinOpKind   kind,
                                TwinEntity  *entity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinCommand, twin_command_free)

G_END_DECLS
