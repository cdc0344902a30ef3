/* twin-command.c: one undoable step of the model, as a list of primitive operations.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A command owns references to every entity and connection it touches, so
 * undoing a delete puts back the very same objects (views keep their rows,
 * ids stay stable).
 * The model (twin-model.c) is what applies and reverts the operations.
 */

#define G_LOG_DOMAIN "twin-command"

#include "config.h"

#include "twin-command.h"

static void
op_free (gpointer data)
{
  TwinOp *op = data;

  g_clear_object (&op->entity);
  g_clear_object (&op->parent);
  g_clear_object (&op->new_parent);
  g_clear_pointer (&op->key, g_free);
  g_clear_pointer (&op->old_text, g_free);
  g_clear_pointer (&op->new_text, g_free);
  g_clear_pointer (&op->old_value, g_variant_unref);
  g_clear_pointer (&op->new_value, g_variant_unref);
  g_clear_object (&op->connection);
  g_clear_object (&op->inner);
  g_clear_pointer (&op->inner_port, g_free);
  g_free (op);
}

TwinCommand *
twin_command_new (const char *label)
{
  TwinCommand *self = g_new0 (TwinCommand, 1);

  self->label = g_strdup (label);
  self->ops = g_ptr_array_new_with_free_func (op_free);
  return self;
}

void
twin_command_free (TwinCommand *self)
{
  if (self == NULL)
    return;
  g_free (self->label);
  g_ptr_array_unref (self->ops);
  g_free (self);
}

/* Appends an operation on @entity (a new reference is taken); the caller fills the rest. */
TwinOp *
twin_command_add (TwinCommand *self,
                  TwinOpKind   kind,
                  TwinEntity  *entity)
{
  TwinOp *op = g_new0 (TwinOp, 1);

  op->kind = kind;
  op->entity = g_object_ref (entity);
  g_ptr_array_add (self->ops, op);
  return op;
}
