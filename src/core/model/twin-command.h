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
} TwinOpKind;

typedef struct
{
  TwinOpKind    kind;
  TwinEntity   *entity;     /* owned reference */
  TwinEntity   *parent;     /* owned reference, or NULL */
  TwinEntity   *new_parent; /* owned reference, or NULL */
  guint         index;
  guint         new_index;
  char         *key;
  char         *old_text;
  char         *new_text;
  GVariant     *old_value;
  GVariant     *new_value;
  TwinTransform old_transform;
  TwinTransform new_transform;
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
