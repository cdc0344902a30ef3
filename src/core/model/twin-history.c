/* twin-history.c: the one undo/redo history of a twin model.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two stacks of commands. The "clean" mark remembers how deep the undo stack
 * was when the twin was last saved, so undoing back to that point makes the
 * twin clean again; a new edit after undoing past it makes it unreachable.
 */

#define G_LOG_DOMAIN "twin-history"

#include "config.h"

#include "twin-history-private.h"

#include <glib/gi18n-lib.h>

struct _TwinHistory
{
  GObject    parent_instance;

  /* Owned references */
  GPtrArray *undo_stack; /* TwinCommand, oldest first */
  GPtrArray *redo_stack; /* TwinCommand, most recently undone last */

  /* State */
  int        clean_depth; /* undo depth at the last save, -1 when unreachable */
};

G_DEFINE_FINAL_TYPE (TwinHistory, twin_history, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_UNDO_LABEL,
  PROP_REDO_LABEL,
  PROP_IS_CLEAN,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  gboolean    can_undo;
  gboolean    can_redo;
  gboolean    is_clean;
  const char *undo_label;
  const char *redo_label;
} Snapshot;

static void
take_snapshot (TwinHistory *self,
               Snapshot    *snapshot)
{
  snapshot->can_undo = twin_history_get_can_undo (self);
  snapshot->can_redo = twin_history_get_can_redo (self);
  snapshot->is_clean = twin_history_get_is_clean (self);
  snapshot->undo_label = twin_history_get_undo_label (self);
  snapshot->redo_label = twin_history_get_redo_label (self);
}

/* Notifies exactly the properties that differ from @before. */
static void
notify_changes (TwinHistory    *self,
                const Snapshot *before)
{
  Snapshot after;

  take_snapshot (self, &after);
  if (before->can_undo != after.can_undo)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (before->can_redo != after.can_redo)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
  if (before->undo_label != after.undo_label)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_LABEL]);
  if (before->redo_label != after.redo_label)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REDO_LABEL]);
  if (before->is_clean != after.is_clean)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_CLEAN]);
}

static void
twin_history_finalize (GObject *object)
{
  TwinHistory *self = (TwinHistory *) object;

  g_clear_pointer (&self->undo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->redo_stack, g_ptr_array_unref);

  G_OBJECT_CLASS (twin_history_parent_class)->finalize (object);
}

static void
twin_history_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TwinHistory *self = TWIN_HISTORY (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, twin_history_get_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, twin_history_get_can_redo (self));
      break;
    case PROP_UNDO_LABEL:
      g_value_set_string (value, twin_history_get_undo_label (self));
      break;
    case PROP_REDO_LABEL:
      g_value_set_string (value, twin_history_get_redo_label (self));
      break;
    case PROP_IS_CLEAN:
      g_value_set_boolean (value, twin_history_get_is_clean (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_history_class_init (TwinHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = twin_history_finalize;
  object_class->get_property = twin_history_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNDO_LABEL] =
    g_param_spec_string ("undo-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REDO_LABEL] =
    g_param_spec_string ("redo-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_CLEAN] =
    g_param_spec_boolean ("is-clean", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
twin_history_init (TwinHistory *self)
{
  self->undo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_command_free);
  self->redo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_command_free);
  self->clean_depth = 0;
}

gboolean
twin_history_get_can_undo (TwinHistory *self)
{
  g_return_val_if_fail (TWIN_IS_HISTORY (self), FALSE);

  return self->undo_stack->len > 0;
}

gboolean
twin_history_get_can_redo (TwinHistory *self)
{
  g_return_val_if_fail (TWIN_IS_HISTORY (self), FALSE);

  return self->redo_stack->len > 0;
}

/**
 * twin_history_get_undo_label:
 *
 * Returns: (nullable): what Undo would undo ("Rename “Room 101”")
 */
const char *
twin_history_get_undo_label (TwinHistory *self)
{
  g_return_val_if_fail (TWIN_IS_HISTORY (self), NULL);

  if (self->undo_stack->len == 0)
    return NULL;
  return ((TwinCommand *) g_ptr_array_index (self->undo_stack, self->undo_stack->len - 1))->label;
}

/**
 * twin_history_get_redo_label:
 *
 * Returns: (nullable): what Redo would redo
 */
const char *
twin_history_get_redo_label (TwinHistory *self)
{
  g_return_val_if_fail (TWIN_IS_HISTORY (self), NULL);

  if (self->redo_stack->len == 0)
    return NULL;
  return ((TwinCommand *) g_ptr_array_index (self->redo_stack, self->redo_stack->len - 1))->label;
}

guint
twin_history_get_n_undo (TwinHistory *self)
{
  g_return_val_if_fail (TWIN_IS_HISTORY (self), 0);

  return self->undo_stack->len;
}

guint
twin_history_get_n_redo (TwinHistory *self)
{
  g_return_val_if_fail (TWIN_IS_HISTORY (self), 0);

  return self->redo_stack->len;
}

/**
 * twin_history_get_is_clean:
 *
 * Returns: %TRUE when the model is as it was at the last twin_history_mark_clean()
 */
gboolean
twin_history_get_is_clean (TwinHistory *self)
{
  g_return_val_if_fail (TWIN_IS_HISTORY (self), FALSE);

  return self->clean_depth == (int) self->undo_stack->len;
}

/**
 * twin_history_mark_clean:
 *
 * Remembers the present state as the saved one.
 */
void
twin_history_mark_clean (TwinHistory *self)
{
  Snapshot before;

  g_return_if_fail (TWIN_IS_HISTORY (self));

  take_snapshot (self, &before);
  self->clean_depth = (int) self->undo_stack->len;
  notify_changes (self, &before);
}

/**
 * twin_history_clear:
 *
 * Forgets every step; the present state becomes the clean one.
 */
void
twin_history_clear (TwinHistory *self)
{
  Snapshot before;

  g_return_if_fail (TWIN_IS_HISTORY (self));

  take_snapshot (self, &before);
  g_ptr_array_set_size (self->undo_stack, 0);
  g_ptr_array_set_size (self->redo_stack, 0);
  self->clean_depth = 0;
  notify_changes (self, &before);
}

TwinHistory *
_twin_history_new (void)
{
  return g_object_new (TWIN_TYPE_HISTORY, NULL);
}

void
_twin_history_push (TwinHistory *self,
                    TwinCommand *command)
{
  Snapshot before;

  g_assert (TWIN_IS_HISTORY (self));

  take_snapshot (self, &before);
  if (self->clean_depth > (int) self->undo_stack->len)
    self->clean_depth = -1;
  g_ptr_array_set_size (self->redo_stack, 0);
  g_ptr_array_add (self->undo_stack, command);
  notify_changes (self, &before);
}

TwinCommand *
_twin_history_peek_undo (TwinHistory *self)
{
  g_assert (TWIN_IS_HISTORY (self));

  return self->undo_stack->len > 0 ? g_ptr_array_index (self->undo_stack, self->undo_stack->len - 1) : NULL;
}

TwinCommand *
_twin_history_peek_redo (TwinHistory *self)
{
  g_assert (TWIN_IS_HISTORY (self));

  return self->redo_stack->len > 0 ? g_ptr_array_index (self->redo_stack, self->redo_stack->len - 1) : NULL;
}

void
_twin_history_did_undo (TwinHistory *self)
{
  Snapshot before;

  g_assert (TWIN_IS_HISTORY (self));
  g_assert (self->undo_stack->len > 0);

  take_snapshot (self, &before);
  g_ptr_array_add (self->redo_stack, g_ptr_array_steal_index (self->undo_stack, self->undo_stack->len - 1));
  notify_changes (self, &before);
}

void
_twin_history_did_redo (TwinHistory *self)
{
  Snapshot before;

  g_assert (TWIN_IS_HISTORY (self));
  g_assert (self->redo_stack->len > 0);

  take_snapshot (self, &before);
  g_ptr_array_add (self->undo_stack, g_ptr_array_steal_index (self->redo_stack, self->redo_stack->len - 1));
  notify_changes (self, &before);
}
