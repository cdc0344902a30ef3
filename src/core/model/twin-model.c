/* twin-model.c: a twin's entity hierarchy and the only way to edit it, one undoable step at a time.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every public edit checks its arguments first, builds a TwinCommand of
 * primitive operations, applies it, and asks the commit function (the
 * project file) to keep it. Only then does the step enter the history and
 * the "changed" signal fire; if the commit fails the operations are reverted
 * in reverse order, so memory, file and history always agree. Undo and redo
 * run the same path backwards and forwards.
 *
 * The model indexes its entities by id. Not thread-safe: one model belongs
 * to one thread (the GTK main thread in the app).
 */

#define G_LOG_DOMAIN "twin-model"

#include "config.h"

#include "twin-command.h"
#include "twin-entity-private.h"
#include "twin-entity-type.h"
#include "twin-history-private.h"
#include "twin-model.h"
#include "twin-parameter-private.h"
#include "twin-parameter.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _TwinModel
{
  GObject             parent_instance;

  /* Owned references */
  TwinEntity         *root;
  TwinHistory        *history;
  GHashTable         *by_id; /* id → TwinEntity, borrowed: the tree owns them */

  /* State */
  TwinModelCommitFunc commit_func;
  gpointer            commit_data;
  GDestroyNotify      commit_destroy;
};

G_DEFINE_FINAL_TYPE (TwinModel, twin_model, G_TYPE_OBJECT)

G_DEFINE_QUARK (twin_model_error_quark, twin_model_error)

enum
{
  PROP_0,
  PROP_ROOT,
  PROP_HISTORY,
  PROP_N_ENTITIES,
  N_PROPS,
};

enum
{
  CHANGED,
  N_SIGNALS,
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static void
index_subtree (TwinModel  *self,
               TwinEntity *entity)
{
  guint n = twin_entity_get_n_children (entity);

  g_hash_table_insert (self->by_id, (gpointer) twin_entity_get_id (entity), entity);
  for (guint i = 0; i < n; i++)
    index_subtree (self, twin_entity_get_child (entity, i));
}

static void
unindex_subtree (TwinModel  *self,
                 TwinEntity *entity)
{
  guint n = twin_entity_get_n_children (entity);

  g_hash_table_remove (self->by_id, twin_entity_get_id (entity));
  for (guint i = 0; i < n; i++)
    unindex_subtree (self, twin_entity_get_child (entity, i));
}

static void
change_add_children (TwinChange     *change,
                     TwinEntity     *entity,
                     TwinChangeFlags flags,
                     guint           children_from)
{
  TwinChangeEntry entry = { entity, flags, children_from };

  for (guint i = 0; i < change->entries->len; i++)
    {
      TwinChangeEntry *e = &g_array_index (change->entries, TwinChangeEntry, i);

      if (e->entity == entity)
        {
          if (flags & TWIN_CHANGE_CHILDREN)
            e->children_from = (e->flags & TWIN_CHANGE_CHILDREN) ? MIN (e->children_from, children_from) : children_from;
          e->flags |= flags;
          return;
        }
    }
  g_array_append_val (change->entries, entry);
}

static void
change_add (TwinChange     *change,
            TwinEntity     *entity,
            TwinChangeFlags flags)
{
  change_add_children (change, entity, flags, 0);
}

static void
attach (TwinModel  *self,
        TwinEntity *entity,
        TwinEntity *parent,
        guint       index)
{
  _twin_entity_insert_child (parent, entity, index);
  _twin_entity_set_model (entity, self);
  index_subtree (self, entity);
}

static void
detach (TwinModel  *self,
        TwinEntity *entity)
{
  unindex_subtree (self, entity);
  _twin_entity_set_model (entity, NULL);
  _twin_entity_remove_child (twin_entity_get_parent (entity), entity);
}

/* Applies one operation forwards or backwards and records what it touched. */
static void
apply_op (TwinModel  *self,
          TwinOp     *op,
          gboolean    forward,
          TwinChange *change)
{
  switch (op->kind)
    {
    case TWIN_OP_INSERT:
    case TWIN_OP_REMOVE:
      if ((op->kind == TWIN_OP_INSERT) == forward)
        {
          attach (self, op->entity, op->parent, op->index);
          change_add (change, op->entity, TWIN_CHANGE_ADDED);
        }
      else
        {
          detach (self, op->entity);
          change_add (change, op->entity, TWIN_CHANGE_REMOVED);
        }
      change_add_children (change, op->parent, TWIN_CHANGE_CHILDREN, op->index);
      break;

    case TWIN_OP_MOVE:
      {
        TwinEntity *to = forward ? op->new_parent : op->parent;
        guint       to_index = forward ? op->new_index : op->index;
        TwinEntity *from = twin_entity_get_parent (op->entity);
        guint       from_index = (guint) twin_entity_get_index (op->entity);

        g_object_ref (op->entity);
        _twin_entity_remove_child (from, op->entity);
        _twin_entity_insert_child (to, op->entity, to_index);
        g_object_unref (op->entity);
        change_add (change, op->entity, TWIN_CHANGE_UPDATED);
        change_add_children (change, from, TWIN_CHANGE_CHILDREN, from_index);
        change_add_children (change, to, TWIN_CHANGE_CHILDREN, MIN (to_index, from == to ? from_index : to_index));
      }
      break;

    case TWIN_OP_RENAME:
      _twin_entity_set_name (op->entity, forward ? op->new_text : op->old_text);
      change_add (change, op->entity, TWIN_CHANGE_UPDATED);
      break;

    case TWIN_OP_SET_VALUE:
      _twin_parameter_set_value (twin_entity_get_parameter (op->entity, op->key),
                                 forward ? op->new_value : op->old_value);
      change_add (change, op->entity, TWIN_CHANGE_UPDATED);
      break;

    case TWIN_OP_SET_TRANSFORM:
      _twin_entity_set_transform (op->entity, forward ? &op->new_transform : &op->old_transform);
      change_add (change, op->entity, TWIN_CHANGE_UPDATED);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
apply_command (TwinModel   *self,
               TwinCommand *command,
               gboolean     forward,
               TwinChange  *change)
{
  if (forward)
    for (guint i = 0; i < command->ops->len; i++)
      apply_op (self, g_ptr_array_index (command->ops, i), TRUE, change);
  else
    for (guint i = command->ops->len; i > 0; i--)
      apply_op (self, g_ptr_array_index (command->ops, i - 1), FALSE, change);
}

/* Applies @command, commits it, and tells everyone. On failure nothing changed. */
static gboolean
run_command (TwinModel   *self,
             TwinCommand *command,
             gboolean     forward,
             GError     **error)
{
  TwinChange change = { NULL, command->label };
  guint      n_before = g_hash_table_size (self->by_id);

  change.entries = g_array_new (FALSE, FALSE, sizeof (TwinChangeEntry));
  apply_command (self, command, forward, &change);

  if (self->commit_func != NULL && !self->commit_func (self, &change, self->commit_data, error))
    {
      TwinChange rollback = { NULL, command->label };

      rollback.entries = g_array_new (FALSE, FALSE, sizeof (TwinChangeEntry));
      apply_command (self, command, !forward, &rollback);
      g_array_unref (rollback.entries);
      g_array_unref (change.entries);
      return FALSE;
    }

  g_signal_emit (self, signals[CHANGED], 0, &change);
  if (n_before != g_hash_table_size (self->by_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ENTITIES]);
  g_array_unref (change.entries);
  return TRUE;
}

/* Runs a new edit and, when it is kept, records it in the history. */
static gboolean
run_new_command (TwinModel   *self,
                 TwinCommand *command,
                 GError     **error)
{
  g_autoptr (TwinCommand) owned = command;

  if (!run_command (self, command, TRUE, error))
    return FALSE;
  _twin_history_push (self->history, g_steal_pointer (&owned));
  return TRUE;
}

static void
twin_model_dispose (GObject *object)
{
  TwinModel *self = (TwinModel *) object;

  if (self->commit_destroy != NULL)
    self->commit_destroy (self->commit_data);
  self->commit_func = NULL;
  self->commit_data = NULL;
  self->commit_destroy = NULL;
  if (self->root != NULL)
    _twin_entity_set_model (self->root, NULL);
  g_clear_object (&self->history);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_object (&self->root);

  G_OBJECT_CLASS (twin_model_parent_class)->dispose (object);
}

static void
twin_model_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TwinModel *self = TWIN_MODEL (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      g_value_set_object (value, self->root);
      break;
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;
    case PROP_N_ENTITIES:
      g_value_set_uint (value, twin_model_get_n_entities (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_model_class_init (TwinModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = twin_model_dispose;
  object_class->get_property = twin_model_get_property;

  properties[PROP_ROOT] =
    g_param_spec_object ("root", NULL, NULL, TWIN_TYPE_ENTITY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, TWIN_TYPE_HISTORY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ENTITIES] =
    g_param_spec_uint ("n-entities", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TwinModel::changed:
   * @change: (type gpointer): the #TwinChange of the step, valid during emission
   *
   * Emitted after every kept edit, undo and redo.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
twin_model_init (TwinModel *self)
{
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->history = _twin_history_new ();
}

/**
 * twin_model_new:
 * @root: (nullable) (transfer none): a detached tree whose ids are unique
 *   and whose sibling names are unique, or %NULL for a new "System"
 *
 * Returns: (transfer full): a model that owns @root, with an empty history
 */
TwinModel *
twin_model_new (TwinEntity *root)
{
  TwinModel *self;

  g_return_val_if_fail (root == NULL || TWIN_IS_ENTITY (root), NULL);
  g_return_val_if_fail (root == NULL || twin_entity_get_parent (root) == NULL, NULL);
  g_return_val_if_fail (root == NULL || _twin_entity_get_model (root) == NULL, NULL);

  self = g_object_new (TWIN_TYPE_MODEL, NULL);
  if (root != NULL)
    self->root = g_object_ref (root);
  else
    self->root = twin_entity_type_instantiate (twin_entity_type_lookup ("system"), NULL);
  _twin_entity_set_model (self->root, self);
  index_subtree (self, self->root);
  return self;
}

/**
 * twin_model_get_root:
 *
 * Returns: (transfer none): the top entity
 */
TwinEntity *
twin_model_get_root (TwinModel *self)
{
  g_return_val_if_fail (TWIN_IS_MODEL (self), NULL);

  return self->root;
}

/**
 * twin_model_get_history:
 *
 * Returns: (transfer none): the model's undo/redo history
 */
TwinHistory *
twin_model_get_history (TwinModel *self)
{
  g_return_val_if_fail (TWIN_IS_MODEL (self), NULL);

  return self->history;
}

guint
twin_model_get_n_entities (TwinModel *self)
{
  g_return_val_if_fail (TWIN_IS_MODEL (self), 0);

  return g_hash_table_size (self->by_id);
}

/**
 * twin_model_get_depth:
 *
 * Returns: the number of levels of the hierarchy: 1 for a lone root
 */
guint
twin_model_get_depth (TwinModel *self)
{
  g_return_val_if_fail (TWIN_IS_MODEL (self), 0);

  return twin_entity_get_subtree_depth (self->root);
}

/**
 * twin_model_lookup:
 *
 * Returns: (transfer none) (nullable): the entity with @id in this model
 */
TwinEntity *
twin_model_lookup (TwinModel  *self,
                   const char *id)
{
  g_return_val_if_fail (TWIN_IS_MODEL (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->by_id, id);
}

/**
 * twin_model_lookup_path:
 * @path: names from the root down, joined by `/`; the root's own name may
 *   be left out (`Floor 1/Room 101`)
 *
 * Returns: (transfer none) (nullable): the entity at @path
 */
TwinEntity *
twin_model_lookup_path (TwinModel  *self,
                        const char *path)
{
  g_auto (GStrv) names = NULL;
  TwinEntity *entity;
  guint       i = 0;

  g_return_val_if_fail (TWIN_IS_MODEL (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  names = g_strsplit (path, "/", -1);
  entity = self->root;
  if (names[0] != NULL && g_strcmp0 (names[0], twin_entity_get_name (self->root)) == 0)
    i = 1;
  for (; names[i] != NULL && entity != NULL; i++)
    if (names[i][0] != '\0')
      entity = twin_entity_find_child (entity, names[i]);
  return entity;
}

/**
 * twin_model_contains:
 *
 * Returns: %TRUE when @entity belongs to this model now
 */
gboolean
twin_model_contains (TwinModel  *self,
                     TwinEntity *entity)
{
  g_return_val_if_fail (TWIN_IS_MODEL (self), FALSE);
  g_return_val_if_fail (TWIN_IS_ENTITY (entity), FALSE);

  return g_hash_table_lookup (self->by_id, twin_entity_get_id (entity)) == entity;
}

/**
 * twin_model_set_commit_func:
 * @func: (nullable): called after every step; see #TwinModelCommitFunc
 *
 * Installs the function that keeps a project file in step with the model.
 */
void
twin_model_set_commit_func (TwinModel          *self,
                            TwinModelCommitFunc func,
                            gpointer            user_data,
                            GDestroyNotify      destroy)
{
  g_return_if_fail (TWIN_IS_MODEL (self));

  if (self->commit_destroy != NULL)
    self->commit_destroy (self->commit_data);
  self->commit_func = func;
  self->commit_data = user_data;
  self->commit_destroy = destroy;
}

static gboolean
check_member (TwinModel  *self,
              TwinEntity *entity,
              GError    **error)
{
  if (!TWIN_IS_ENTITY (entity) || !twin_model_contains (self, entity))
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_NOT_FOUND,
                   _ ("The entity is not part of this twin"));
      return FALSE;
    }
  return TRUE;
}

/* Checks @name for a child of @parent; @ignore may keep its own name. */
static gboolean
check_child_name (TwinEntity *parent,
                  const char *name,
                  TwinEntity *ignore,
                  GError    **error)
{
  g_autoptr (GError) local_error = NULL;
  TwinEntity *existing;

  if (!twin_entity_is_valid_name (name, &local_error))
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_NAME,
                   _ ("“%s” cannot be used as a name: %s"), name != NULL ? name : "", local_error->message);
      return FALSE;
    }
  existing = twin_entity_find_child (parent, name);
  if (existing != NULL && existing != ignore)
    {
      g_autofree char *path = twin_entity_dup_path (parent);

      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_NAME_TAKEN,
                   _ ("“%s” already has a part named “%s”"), path, name);
      return FALSE;
    }
  return TRUE;
}

/* The level of @entity: 1 for the root. */
static guint
level_of (TwinEntity *entity)
{
  guint level = 0;

  for (TwinEntity *e = entity; e != NULL; e = twin_entity_get_parent (e))
    level++;
  return level;
}

/* Refuses to put a subtree of @subtree_depth levels under @parent when the
 * hierarchy would grow deeper than TWIN_ENTITY_DEPTH_MAX. */
static gboolean
check_depth (TwinEntity *parent,
             guint       subtree_depth,
             GError    **error)
{
  if (level_of (parent) + subtree_depth <= TWIN_ENTITY_DEPTH_MAX)
    return TRUE;
  {
    g_autofree char *path = twin_entity_dup_path (parent);

    g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_MOVE,
                 _ ("“%s” is too deep for more parts: a twin has at most %d levels"), path, TWIN_ENTITY_DEPTH_MAX);
  }
  return FALSE;
}

/* "Room", "Room 2", "Room 3" … or "Room 101 (copy)", "Room 101 (copy 2)" … */
static char *
make_unique_name (TwinEntity *parent,
                  const char *base,
                  gboolean    is_copy)
{
  g_autofree char *candidate = is_copy ? g_strdup_printf (_ ("%s (copy)"), base) : g_strdup (base);

  for (guint n = 2; twin_entity_find_child (parent, candidate) != NULL; n++)
    {
      g_free (candidate);
      candidate = is_copy ? g_strdup_printf (_ ("%s (copy %u)"), base, n) : g_strdup_printf ("%s %u", base, n);
    }
  return g_steal_pointer (&candidate);
}

/**
 * twin_model_create_entity:
 * @parent: where the new entity goes
 * @type_name: a type name; a built-in type brings its default parameters
 * @name: (nullable): the name, or %NULL for the type's label made unique
 * @index: its position among its siblings, or -1 for the end
 * @error: a #TWIN_MODEL_ERROR, or the commit function's error
 *
 * Returns: (transfer none) (nullable): the new entity, owned by the model
 */
TwinEntity *
twin_model_create_entity (TwinModel  *self,
                          TwinEntity *parent,
                          const char *type_name,
                          const char *name,
                          int         index,
                          GError    **error)
{
  const TwinEntityType *type;
  g_autoptr (TwinEntity) entity = NULL;
  g_autofree char *unique_name = NULL;
  TwinCommand     *command;
  TwinOp          *op;

  g_return_val_if_fail (TWIN_IS_MODEL (self), NULL);

  if (!check_member (self, parent, error))
    return NULL;
  if (!twin_entity_type_is_valid_name (type_name))
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_NAME,
                   _ ("“%s” is not a valid type name"), type_name != NULL ? type_name : "");
      return NULL;
    }
  type = twin_entity_type_lookup (type_name);
  if (name == NULL)
    name = unique_name = make_unique_name (parent, twin_entity_type_get_label (type_name), FALSE);
  if (!check_child_name (parent, name, NULL, error) || !check_depth (parent, 1, error))
    return NULL;

  entity = type != NULL ? twin_entity_type_instantiate (type, name) : twin_entity_new (NULL, type_name, name);

  {
    g_autofree char *label = g_strdup_printf (_ ("Add “%s”"), name);

    command = twin_command_new (label);
  }
  op = twin_command_add (command, TWIN_OP_INSERT, entity);
  op->parent = g_object_ref (parent);
  op->index = index < 0 ? twin_entity_get_n_children (parent) : MIN ((guint) index, twin_entity_get_n_children (parent));

  if (!run_new_command (self, command, error))
    return NULL;
  return entity; /* the model holds it now */
}

/**
 * twin_model_rename:
 * @name: the new name, unique among the siblings
 *
 * Returns: %TRUE when renamed (or already so named)
 */
gboolean
twin_model_rename (TwinModel  *self,
                   TwinEntity *entity,
                   const char *name,
                   GError    **error)
{
  TwinCommand     *command;
  TwinOp          *op;
  g_autofree char *label = NULL;

  g_return_val_if_fail (TWIN_IS_MODEL (self), FALSE);

  if (!check_member (self, entity, error))
    return FALSE;
  if (g_strcmp0 (twin_entity_get_name (entity), name) == 0)
    return TRUE;
  if (twin_entity_get_parent (entity) != NULL)
    {
      if (!check_child_name (twin_entity_get_parent (entity), name, entity, error))
        return FALSE;
    }
  else if (!twin_entity_is_valid_name (name, error))
    return FALSE;

  label = g_strdup_printf (_ ("Rename “%s”"), twin_entity_get_name (entity));
  command = twin_command_new (label);
  op = twin_command_add (command, TWIN_OP_RENAME, entity);
  op->old_text = g_strdup (twin_entity_get_name (entity));
  op->new_text = g_strdup (name);
  return run_new_command (self, command, error);
}

/**
 * twin_model_move:
 * @new_parent: the new parent: not @entity nor one of its descendants
 * @index: the position among the new siblings, or -1 for the end
 *
 * Moves @entity with its subtree to another parent, or to another position
 * under the same one.
 *
 * Returns: %TRUE when moved
 */
gboolean
twin_model_move (TwinModel  *self,
                 TwinEntity *entity,
                 TwinEntity *new_parent,
                 int         index,
                 GError    **error)
{
  TwinEntity      *old_parent;
  TwinCommand     *command;
  TwinOp          *op;
  guint            old_index;
  guint            new_index;
  guint            n_siblings;
  g_autofree char *label = NULL;

  g_return_val_if_fail (TWIN_IS_MODEL (self), FALSE);

  if (!check_member (self, entity, error) || !check_member (self, new_parent, error))
    return FALSE;

  old_parent = twin_entity_get_parent (entity);
  if (old_parent == NULL)
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_MOVE,
                   _ ("“%s” is the top of the twin and cannot be moved"), twin_entity_get_name (entity));
      return FALSE;
    }
  if (twin_entity_is_ancestor_of (entity, new_parent))
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_MOVE,
                   _ ("“%s” cannot be moved into itself or one of its parts"), twin_entity_get_name (entity));
      return FALSE;
    }
  if (new_parent != old_parent &&
      (!check_child_name (new_parent, twin_entity_get_name (entity), NULL, error) ||
       !check_depth (new_parent, twin_entity_get_subtree_depth (entity), error)))
    return FALSE;

  old_index = (guint) twin_entity_get_index (entity);
  n_siblings = twin_entity_get_n_children (new_parent) - (new_parent == old_parent ? 1 : 0);
  new_index = index < 0 ? n_siblings : MIN ((guint) index, n_siblings);
  if (new_parent == old_parent && new_index == old_index)
    return TRUE;

  label = g_strdup_printf (_ ("Move “%s”"), twin_entity_get_name (entity));
  command = twin_command_new (label);
  op = twin_command_add (command, TWIN_OP_MOVE, entity);
  op->parent = g_object_ref (old_parent);
  op->index = old_index;
  op->new_parent = g_object_ref (new_parent);
  op->new_index = new_index;
  return run_new_command (self, command, error);
}

/**
 * twin_model_reorder:
 * @index: the new position among the siblings
 *
 * Returns: %TRUE when reordered
 */
gboolean
twin_model_reorder (TwinModel  *self,
                    TwinEntity *entity,
                    guint       index,
                    GError    **error)
{
  g_return_val_if_fail (TWIN_IS_MODEL (self), FALSE);

  if (!check_member (self, entity, error))
    return FALSE;
  if (twin_entity_get_parent (entity) == NULL)
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_MOVE,
                   _ ("“%s” is the top of the twin and cannot be moved"), twin_entity_get_name (entity));
      return FALSE;
    }
  return twin_model_move (self, entity, twin_entity_get_parent (entity), (int) MIN (index, G_MAXINT), error);
}

/**
 * twin_model_duplicate:
 *
 * Copies @entity with its subtree, new ids and a name like “Room 101
 * (copy)”, right after the original.
 *
 * Returns: (transfer none) (nullable): the copy, owned by the model
 */
TwinEntity *
twin_model_duplicate (TwinModel  *self,
                      TwinEntity *entity,
                      GError    **error)
{
  g_autoptr (TwinEntity) copy = NULL;
  g_autoptr (TwinEntity) renamed = NULL;
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;
  TwinEntity      *parent;
  TwinCommand     *command;
  TwinOp          *op;

  g_return_val_if_fail (TWIN_IS_MODEL (self), NULL);

  if (!check_member (self, entity, error))
    return NULL;
  parent = twin_entity_get_parent (entity);
  if (parent == NULL)
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_MOVE,
                   _ ("“%s” is the top of the twin and cannot be duplicated"), twin_entity_get_name (entity));
      return NULL;
    }

  name = make_unique_name (parent, twin_entity_get_name (entity), TRUE);
  if (!check_child_name (parent, name, NULL, error))
    return NULL;
  copy = twin_entity_copy_subtree (entity, TRUE);
  _twin_entity_set_name (copy, name);

  label = g_strdup_printf (_ ("Duplicate “%s”"), twin_entity_get_name (entity));
  command = twin_command_new (label);
  op = twin_command_add (command, TWIN_OP_INSERT, copy);
  op->parent = g_object_ref (parent);
  op->index = (guint) twin_entity_get_index (entity) + 1;
  if (!run_new_command (self, command, error))
    return NULL;
  return copy;
}

/**
 * twin_model_delete:
 *
 * Removes @entity and everything below it. Undo puts the same objects back.
 *
 * Returns: %TRUE when deleted
 */
gboolean
twin_model_delete (TwinModel  *self,
                   TwinEntity *entity,
                   GError    **error)
{
  g_autofree char *label = NULL;
  TwinCommand     *command;
  TwinOp          *op;

  g_return_val_if_fail (TWIN_IS_MODEL (self), FALSE);

  if (!check_member (self, entity, error))
    return FALSE;
  if (twin_entity_get_parent (entity) == NULL)
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_MOVE,
                   _ ("“%s” is the top of the twin and cannot be deleted"), twin_entity_get_name (entity));
      return FALSE;
    }

  label = g_strdup_printf (_ ("Delete “%s”"), twin_entity_get_name (entity));
  command = twin_command_new (label);
  op = twin_command_add (command, TWIN_OP_REMOVE, entity);
  op->parent = g_object_ref (twin_entity_get_parent (entity));
  op->index = (guint) twin_entity_get_index (entity);
  return run_new_command (self, command, error);
}

static TwinParameter *
find_parameter (TwinEntity *entity,
                const char *name,
                GError    **error)
{
  TwinParameter *parameter = name != NULL ? twin_entity_get_parameter (entity, name) : NULL;

  if (parameter == NULL)
    {
      g_autofree char *path = twin_entity_dup_path (entity);

      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_NOT_FOUND,
                   _ ("“%s” has no parameter “%s”"), path, name != NULL ? name : "");
    }
  return parameter;
}

/* Prefixes a parameter's complaint with the entity and parameter it is about. */
static void
propagate_parameter_error (GError    **dest,
                           GError     *src,
                           TwinEntity *entity,
                           const char *name)
{
  g_autofree char *path = twin_entity_dup_path (entity);

  g_set_error (dest, src->domain, src->code,
               _ ("Cannot set “%s” of “%s”: %s"), name, path, src->message);
  g_error_free (src);
}

/**
 * twin_model_set_parameter:
 * @name: the parameter's name
 * @value: a value of the parameter's kind, in its unit
 * @error: a #TWIN_MODEL_ERROR naming the entity, the parameter and why
 *
 * Returns: %TRUE when set (or already equal)
 */
gboolean
twin_model_set_parameter (TwinModel  *self,
                          TwinEntity *entity,
                          const char *name,
                          GVariant   *value,
                          GError    **error)
{
  g_autoptr (GVariant) owned_value = NULL;
  g_autofree char *label = NULL;
  TwinParameter   *parameter;
  GError          *local_error = NULL;
  TwinCommand     *command;
  TwinOp          *op;

  g_return_val_if_fail (TWIN_IS_MODEL (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  owned_value = g_variant_ref_sink (value);
  if (!check_member (self, entity, error))
    return FALSE;
  if ((parameter = find_parameter (entity, name, error)) == NULL)
    return FALSE;
  if (!twin_parameter_check_value (parameter, value, &local_error))
    {
      propagate_parameter_error (error, local_error, entity, name);
      return FALSE;
    }
  if (g_variant_equal (twin_parameter_get_value (parameter), value))
    return TRUE;

  label = g_strdup_printf (_ ("Set “%s” of “%s”"), name, twin_entity_get_name (entity));
  command = twin_command_new (label);
  op = twin_command_add (command, TWIN_OP_SET_VALUE, entity);
  op->key = g_strdup (name);
  op->old_value = g_variant_ref (twin_parameter_get_value (parameter));
  op->new_value = g_variant_ref (value);
  return run_new_command (self, command, error);
}

/**
 * twin_model_set_parameter_text:
 * @text: what a user typed (`2.5 kW`, `21,5`, `yes`)
 *
 * Parses @text as twin_parameter_parse_value() does, converting units, and
 * sets it.
 *
 * Returns: %TRUE when set
 */
gboolean
twin_model_set_parameter_text (TwinModel  *self,
                               TwinEntity *entity,
                               const char *name,
                               const char *text,
                               GError    **error)
{
  g_autoptr (GVariant) value = NULL;
  TwinParameter *parameter;
  GError        *local_error = NULL;

  g_return_val_if_fail (TWIN_IS_MODEL (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!check_member (self, entity, error))
    return FALSE;
  if ((parameter = find_parameter (entity, name, error)) == NULL)
    return FALSE;
  if ((value = twin_parameter_parse_value (parameter, text, &local_error)) == NULL)
    {
      propagate_parameter_error (error, local_error, entity, name);
      return FALSE;
    }
  return twin_model_set_parameter (self, entity, name, value, error);
}

/**
 * twin_model_set_transform:
 * @transform: finite numbers, no zero scale
 *
 * Returns: %TRUE when set
 */
gboolean
twin_model_set_transform (TwinModel           *self,
                          TwinEntity          *entity,
                          const TwinTransform *transform,
                          GError             **error)
{
  g_autofree char *label = NULL;
  TwinCommand     *command;
  TwinOp          *op;

  g_return_val_if_fail (TWIN_IS_MODEL (self), FALSE);
  g_return_val_if_fail (transform != NULL, FALSE);

  if (!check_member (self, entity, error))
    return FALSE;
  if (!twin_transform_is_valid (transform))
    {
      g_autofree char *path = twin_entity_dup_path (entity);

      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_VALUE,
                   _ ("Cannot move “%s”: a position, rotation or scale is not a finite number, or a scale is zero"),
                   path);
      return FALSE;
    }
  if (twin_transform_equal (twin_entity_get_transform (entity), transform))
    return TRUE;

  label = g_strdup_printf (_ ("Move “%s” in space"), twin_entity_get_name (entity));
  command = twin_command_new (label);
  op = twin_command_add (command, TWIN_OP_SET_TRANSFORM, entity);
  op->old_transform = *twin_entity_get_transform (entity);
  op->new_transform = *transform;
  return run_new_command (self, command, error);
}

/**
 * twin_model_undo:
 * @error: %TWIN_MODEL_ERROR_NOTHING_TO_UNDO, or the commit function's error
 *
 * Reverts the last step.
 *
 * Returns: %TRUE when undone
 */
gboolean
twin_model_undo (TwinModel *self,
                 GError   **error)
{
  TwinCommand *command;

  g_return_val_if_fail (TWIN_IS_MODEL (self), FALSE);

  command = _twin_history_peek_undo (self->history);
  if (command == NULL)
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_NOTHING_TO_UNDO, _ ("There is nothing to undo"));
      return FALSE;
    }
  if (!run_command (self, command, FALSE, error))
    return FALSE;
  _twin_history_did_undo (self->history);
  return TRUE;
}

/**
 * twin_model_redo:
 *
 * Applies again the last undone step.
 *
 * Returns: %TRUE when redone
 */
gboolean
twin_model_redo (TwinModel *self,
                 GError   **error)
{
  TwinCommand *command;

  g_return_val_if_fail (TWIN_IS_MODEL (self), FALSE);

  command = _twin_history_peek_redo (self->history);
  if (command == NULL)
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_NOTHING_TO_UNDO, _ ("There is nothing to redo"));
      return FALSE;
    }
  if (!run_command (self, command, TRUE, error))
    return FALSE;
  _twin_history_did_redo (self->history);
  return TRUE;
}
