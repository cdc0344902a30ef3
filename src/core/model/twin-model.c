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
 * Structure edits keep the wiring consistent in the same step: removing or
 * re-parenting an entity also removes the connections that touch it in its
 * parent's diagram and the parent's boundary ports that expose it, and,
 * upwards, whatever used those ports (cascade_port_removal()). Group and
 * ungroup re-point connections and boundary ports instead, so the leaf-to-
 * leaf connectivity is unchanged. A step is built without touching the
 * entities, so everything the builder reads is the state before the step;
 * removals record their index when applied, so undo puts each connection
 * and boundary port back exactly where it was.
 *
 * Change entries: %TWIN_CHANGE_CONNECTIONS on the entity whose diagram's
 * connections changed, %TWIN_CHANGE_PORTS on the entity whose boundary ports
 * changed, %TWIN_CHANGE_UPDATED for a diagram position. An entity ADDED back
 * (undo of a delete, a paste) brings its whole subtree with the connections
 * and boundary ports inside it.
 *
 * The model indexes its entities by id. Not thread-safe: one model belongs
 * to one thread (the GTK main thread in the app).
 */

#define G_LOG_DOMAIN "twin-model"

#include "config.h"

#include "twin-command.h"
#include "twin-diagram-layout.h"
#include "twin-entity-private.h"
#include "twin-entity-type.h"
#include "twin-history-private.h"
#include "twin-model.h"
#include "twin-parameter-private.h"
#include "twin-parameter.h"

#include <glib/gi18n-lib.h>
#include <math.h>
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

    case TWIN_OP_ADD_CONNECTION:
    case TWIN_OP_REMOVE_CONNECTION:
      if ((op->kind == TWIN_OP_ADD_CONNECTION) == forward)
        _twin_entity_insert_connection (op->entity, op->connection, op->index);
      else
        {
          guint index = _twin_entity_remove_connection (op->entity, op->connection);

          /* Where it was: undo puts it back there. */
          if (op->kind == TWIN_OP_REMOVE_CONNECTION)
            op->index = index;
        }
      change_add (change, op->entity, TWIN_CHANGE_CONNECTIONS);
      break;

    case TWIN_OP_ADD_BOUNDARY_PORT:
    case TWIN_OP_REMOVE_BOUNDARY_PORT:
      if ((op->kind == TWIN_OP_ADD_BOUNDARY_PORT) == forward)
        _twin_entity_insert_boundary_port (op->entity, op->index, op->key, op->inner, op->inner_port);
      else
        {
          guint index = _twin_entity_remove_boundary_port (op->entity, op->key);

          if (op->kind == TWIN_OP_REMOVE_BOUNDARY_PORT)
            op->index = index;
        }
      change_add (change, op->entity, TWIN_CHANGE_PORTS);
      break;

    case TWIN_OP_SET_DIAGRAM_POSITION:
      if (forward)
        _twin_entity_set_diagram_position (op->entity, op->new_has_position, op->new_xy[0], op->new_xy[1]);
      else
        _twin_entity_set_diagram_position (op->entity, op->old_has_position, op->old_xy[0], op->old_xy[1]);
      change_add (change, op->entity, TWIN_CHANGE_UPDATED);
      break;

    case TWIN_OP_SET_MESH:
      _twin_entity_set_mesh_id (op->entity, forward ? op->new_text : op->old_text);
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

/* "“Name”.port" of a port; with @full_path the entity's whole path, for error messages. */
static char *
dup_port_ref (TwinEntity *entity,
              const char *port,
              gboolean    full_path)
{
  g_autofree char *path = full_path ? twin_entity_dup_path (entity) : g_strdup (twin_entity_get_name (entity));

  /* TRANSLATORS: a port of a part, as in “Office/Heater”.heat */
  return g_strdup_printf (C_ ("port", "“%s”.%s"), path, port != NULL ? port : "");
}

/* What a port is, as the end of "“Heater”.heat is …". */
static const char *
domain_adjective (TwinDomain domain)
{
  switch (domain)
    {
    case TWIN_DOMAIN_THERMAL:
      return C_ ("domain", "thermal");
    case TWIN_DOMAIN_ELECTRICAL:
      return C_ ("domain", "electrical");
    case TWIN_DOMAIN_HYDRAULIC:
      return C_ ("domain", "hydraulic");
    case TWIN_DOMAIN_ROTATIONAL:
      return C_ ("domain", "mechanical rotational");
    case TWIN_DOMAIN_SIGNAL:
      return C_ ("domain", "a signal");
    case TWIN_DOMAIN_NONE:
    default:
      return C_ ("domain", "without a domain");
    }
}

/* Whether @name is a child name free for a new part under @parent: not taken by a
 * child of @parent, nor in @taken, nor by a child of @also other than @ignore. */
static gboolean
name_is_free (TwinEntity *parent,
              const char *name,
              GHashTable *taken,
              TwinEntity *also,
              TwinEntity *ignore)
{
  TwinEntity *other;

  if (twin_entity_find_child (parent, name) != NULL)
    return FALSE;
  if (taken != NULL && g_hash_table_contains (taken, name))
    return FALSE;
  if (also != NULL && (other = twin_entity_find_child (also, name)) != NULL && other != ignore)
    return FALSE;
  return TRUE;
}

/* @name itself when free (see name_is_free()), else “Name 2”, “Name 3”…: a
 * trailing number is counted on (“Pump 2” → “Pump 3”) rather than repeated. */
static char *
make_free_name (TwinEntity *parent,
                const char *name,
                GHashTable *taken,
                TwinEntity *also,
                TwinEntity *ignore)
{
  g_autofree char *stem = NULL;
  g_autofree char *candidate = NULL;
  const char      *end;
  const char      *p;

  if (name_is_free (parent, name, taken, also, ignore))
    return g_strdup (name);

  end = name + strlen (name);
  for (p = end; p > name && g_ascii_isdigit (p[-1]); p--)
    ;
  if (p < end && p - 1 > name && p[-1] == ' ')
    stem = g_strndup (name, (gsize) (p - 1 - name));
  else
    stem = g_strdup (name);

  for (guint n = 2;; n++)
    {
      g_free (candidate);
      candidate = g_strdup_printf ("%s %u", stem, n);
      if (name_is_free (parent, candidate, taken, also, ignore))
        return g_steal_pointer (&candidate);
    }
}

/* @text made a port name: “Room 101” → “Room_101”, “1st” → “_1st”. */
static char *
identifier_from (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (out, c);
      else if (out->len > 0 && out->str[out->len - 1] != '_')
        g_string_append_c (out, '_');
    }
  while (out->len > 0 && out->str[out->len - 1] == '_')
    g_string_truncate (out, out->len - 1);
  if (out->len == 0)
    g_string_append (out, "port");
  if (g_unichar_isdigit (g_utf8_get_char (out->str)))
    g_string_prepend_c (out, '_');
  /* Leave room for “_<port>_<n>” within TWIN_ENTITY_NAME_MAX characters. */
  if (g_utf8_strlen (out->str, -1) > TWIN_ENTITY_NAME_MAX / 2 - 10)
    g_string_truncate (out, (gsize) (g_utf8_offset_to_pointer (out->str, TWIN_ENTITY_NAME_MAX / 2 - 10) - out->str));
  return g_string_free (out, FALSE);
}

static gboolean
port_name_taken (TwinEntity *entity,
                 const char *name,
                 GHashTable *planned)
{
  return twin_entity_find_port (entity, name, NULL) || (planned != NULL && g_hash_table_contains (planned, name));
}

/* The default name of a boundary port of @entity that exposes @inner_port of
 * @inner: “heat”, else “Heater_heat”, else “Heater_heat_2”…, unique among the
 * ports of @entity and the names in @planned (ports of this step). */
static char *
make_port_name (TwinEntity *entity,
                TwinEntity *inner,
                const char *inner_port,
                GHashTable *planned)
{
  g_autofree char *port = identifier_from (inner_port);
  g_autofree char *inner_name = NULL;
  g_autofree char *base = NULL;
  g_autofree char *candidate = NULL;

  if (!port_name_taken (entity, port, planned))
    return g_steal_pointer (&port);
  inner_name = identifier_from (twin_entity_get_name (inner));
  base = g_strdup_printf ("%s_%s", inner_name, port);
  candidate = g_strdup (base);
  for (guint n = 2; port_name_taken (entity, candidate, planned); n++)
    {
      g_free (candidate);
      candidate = g_strdup_printf ("%s_%u", base, n);
    }
  return g_steal_pointer (&candidate);
}

/* The index of the boundary port of @entity that exposes @inner_port of @inner, or -1. */
static int
find_exposing_port (TwinEntity *entity,
                    TwinEntity *inner,
                    const char *inner_port)
{
  guint n = twin_entity_get_n_boundary_ports (entity);

  for (guint i = 0; i < n; i++)
    {
      TwinEntity *port_inner;
      const char *port_inner_port;

      _twin_entity_get_boundary_port (entity, i, NULL, &port_inner, &port_inner_port);
      if (port_inner == inner && strcmp (port_inner_port, inner_port) == 0)
        return (int) i;
    }
  return -1;
}

/* A copy of @connection (same id) with its end at @entity/@port moved to @new_entity/@new_port. */
static TwinConnection *
repoint_connection (TwinConnection *connection,
                    TwinEntity     *entity,
                    const char     *port,
                    TwinEntity     *new_entity,
                    const char     *new_port)
{
  TwinEntity *from = twin_connection_get_from (connection);
  TwinEntity *to = twin_connection_get_to (connection);
  const char *from_port = twin_connection_get_from_port (connection);
  const char *to_port = twin_connection_get_to_port (connection);

  if (from == entity && (port == NULL || strcmp (from_port, port) == 0))
    {
      from = new_entity;
      from_port = new_port;
    }
  else
    {
      g_assert (to == entity);
      to = new_entity;
      to_port = new_port;
    }
  return twin_connection_new (twin_connection_get_id (connection), from, from_port, to, to_port);
}

static TwinOp *
add_connection_op (TwinCommand    *command,
                   TwinEntity     *parent,
                   TwinConnection *connection,
                   guint           index)
{
  TwinOp *op = twin_command_add (command, TWIN_OP_ADD_CONNECTION, parent);

  op->connection = g_object_ref (connection);
  op->index = index;
  return op;
}

static TwinOp *
add_boundary_port_op (TwinCommand *command,
                      TwinEntity  *entity,
                      const char  *name,
                      TwinEntity  *inner,
                      const char  *inner_port,
                      guint        index)
{
  TwinOp *op = twin_command_add (command, TWIN_OP_ADD_BOUNDARY_PORT, entity);

  op->key = g_strdup (name);
  op->inner = g_object_ref (inner);
  op->inner_port = g_strdup (inner_port);
  op->index = index;
  return op;
}

/* Removes the boundary port @name of @entity, leaving what uses it alone. */
static void
remove_boundary_port_op (TwinCommand *command,
                         TwinEntity  *entity,
                         const char  *name)
{
  int         index = _twin_entity_find_boundary_port (entity, name);
  TwinEntity *inner;
  const char *inner_port;
  TwinOp     *op;

  g_assert (index >= 0);
  _twin_entity_get_boundary_port (entity, (guint) index, NULL, &inner, &inner_port);
  op = twin_command_add (command, TWIN_OP_REMOVE_BOUNDARY_PORT, entity);
  op->key = g_strdup (name);
  op->inner = g_object_ref (inner);
  op->inner_port = g_strdup (inner_port);
}

/* The removals of one step: every connection and boundary port is removed at
 * most once, however many deleted ends or cascades reach it. Building a step
 * changes nothing, so what is read from the entities is the state before it. */
typedef struct
{
  TwinCommand *command;
  GHashTable  *connections; /* TwinConnection set, borrowed */
  GHashTable  *ports;       /* "<entity address>/<port name>" set, owned strings */
} Removals;

static void
removals_init (Removals    *removals,
               TwinCommand *command)
{
  removals->command = command;
  removals->connections = g_hash_table_new (NULL, NULL);
  removals->ports = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
removals_clear (Removals *removals)
{
  g_clear_pointer (&removals->connections, g_hash_table_unref);
  g_clear_pointer (&removals->ports, g_hash_table_unref);
}

static void
remove_connection (Removals       *removals,
                   TwinEntity     *parent,
                   TwinConnection *connection)
{
  TwinOp *op;

  if (!g_hash_table_add (removals->connections, connection))
    return;
  op = twin_command_add (removals->command, TWIN_OP_REMOVE_CONNECTION, parent);
  op->connection = g_object_ref (connection);
}

static void cascade_port_removal (Removals   *removals,
                                  TwinEntity *entity,
                                  const char *port,
                                  GHashTable *entities);

/* Removes the boundary port @name of @entity and, first, whatever uses it above. */
static void
remove_boundary_port (Removals   *removals,
                      TwinEntity *entity,
                      const char *name)
{
  if (!g_hash_table_add (removals->ports, g_strdup_printf ("%p/%s", (gpointer) entity, name)))
    return;
  cascade_port_removal (removals, entity, name, NULL);
  remove_boundary_port_op (removals->command, entity, name);
}

/* Removes, in the diagram of the parent of @entity and upwards, every
 * connection and boundary port that uses @port of @entity (%NULL: any port of
 * it), as when @entity leaves its parent or the port disappears. With
 * @entities (a set of siblings), does so for every port of each of them in
 * one pass, and @entity only gives their parent's level. */
static void
cascade_port_removal (Removals   *removals,
                      TwinEntity *entity,
                      const char *port,
                      GHashTable *entities)
{
  TwinEntity *parent = twin_entity_get_parent (entity);
  GListModel *connections;
  guint       n;

  if (parent == NULL)
    return;

  connections = twin_entity_get_connections (parent);
  n = g_list_model_get_n_items (connections);
  for (guint i = n; i > 0; i--)
    {
      g_autoptr (TwinConnection) connection = g_list_model_get_item (connections, i - 1);
      gboolean touches;

      if (entities != NULL)
        touches = g_hash_table_contains (entities, twin_connection_get_from (connection)) ||
                  g_hash_table_contains (entities, twin_connection_get_to (connection));
      else
        touches = twin_connection_touches (connection, entity, port);
      if (touches)
        remove_connection (removals, parent, connection);
    }

  n = twin_entity_get_n_boundary_ports (parent);
  for (guint i = n; i > 0; i--)
    {
      const char *name;
      TwinEntity *inner;
      const char *inner_port;
      gboolean    exposes;

      _twin_entity_get_boundary_port (parent, i - 1, &name, &inner, &inner_port);
      if (entities != NULL)
        exposes = g_hash_table_contains (entities, inner);
      else
        exposes = inner == entity && (port == NULL || strcmp (inner_port, port) == 0);
      if (exposes)
        remove_boundary_port (removals, parent, name);
    }
}

/* The other end of a connection to @port of @entity drawn in its parent's diagram, or %NULL. */
static TwinConnection *
find_connection_at_level (TwinEntity *entity,
                          const char *port)
{
  TwinEntity *parent = twin_entity_get_parent (entity);
  GListModel *connections;
  guint       n;

  if (parent == NULL)
    return NULL;
  connections = twin_entity_get_connections (parent);
  n = g_list_model_get_n_items (connections);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TwinConnection) connection = g_list_model_get_item (connections, i);

      if (twin_connection_touches (connection, entity, port))
        return connection; /* the list holds it */
    }
  return NULL;
}

/* A connection feeding the input @port of @entity, at its level or at a
 * level above through the boundary ports that expose it. */
static TwinConnection *
find_source_above (TwinEntity  *entity,
                   const char  *port,
                   TwinEntity **end,
                   const char **end_port)
{
  TwinConnection *connection = find_connection_at_level (entity, port);
  TwinEntity     *parent = twin_entity_get_parent (entity);

  if (connection != NULL)
    {
      *end = entity;
      *end_port = port;
      return connection;
    }
  if (parent == NULL)
    return NULL;
  for (guint i = 0; i < twin_entity_get_n_boundary_ports (parent); i++)
    {
      const char *name;
      TwinEntity *inner;
      const char *inner_port;

      _twin_entity_get_boundary_port (parent, i, &name, &inner, &inner_port);
      if (inner == entity && strcmp (inner_port, port) == 0 &&
          (connection = find_source_above (parent, name, end, end_port)) != NULL)
        return connection;
    }
  return NULL;
}

/* A connection feeding the input that the boundary port @port of @entity
 * exposes, inside @entity or deeper. */
static TwinConnection *
find_source_below (TwinEntity  *entity,
                   const char  *port,
                   TwinEntity **end,
                   const char **end_port)
{
  int             index = _twin_entity_find_boundary_port (entity, port);
  TwinEntity     *inner;
  const char     *inner_port;
  TwinConnection *connection;

  if (index < 0)
    return NULL;
  _twin_entity_get_boundary_port (entity, (guint) index, NULL, &inner, &inner_port);
  if ((connection = find_connection_at_level (inner, inner_port)) != NULL)
    {
      *end = inner;
      *end_port = inner_port;
      return connection;
    }
  return find_source_below (inner, inner_port, end, end_port);
}

/* Checks a new connection between @port_a of @a and @port_b of @b and
 * describes both ports. */
static gboolean
check_new_connection (TwinModel    *self,
                      TwinEntity   *a,
                      const char   *port_a,
                      TwinEntity   *b,
                      const char   *port_b,
                      TwinPortInfo *info_a,
                      TwinPortInfo *info_b,
                      GError      **error)
{
  g_autofree char *ref_a = NULL;
  g_autofree char *ref_b = NULL;
  TwinEntity      *parent;
  GListModel      *connections;
  guint            n;

  if (!check_member (self, a, error) || !check_member (self, b, error))
    return FALSE;

  ref_a = dup_port_ref (a, port_a, TRUE);
  ref_b = dup_port_ref (b, port_b, TRUE);
  if (a == b)
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_CONNECTION,
                   _ ("Cannot connect %s to %s: a connection joins two different parts"), ref_a, ref_b);
      return FALSE;
    }
  parent = twin_entity_get_parent (a);
  if (parent == NULL || parent != twin_entity_get_parent (b))
    {
      g_autofree char *path_a = twin_entity_dup_path (a);
      g_autofree char *path_b = twin_entity_dup_path (b);

      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_CONNECTION,
                   _ ("Cannot connect “%s” to “%s”: only parts with the same parent, in one diagram, can be connected"),
                   path_a, path_b);
      return FALSE;
    }
  for (guint i = 0; i < 2; i++)
    {
      TwinEntity *entity = i == 0 ? a : b;
      const char *port = i == 0 ? port_a : port_b;

      if (!twin_entity_find_port (entity, port, i == 0 ? info_a : info_b))
        {
          g_autofree char *path = twin_entity_dup_path (entity);

          g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_NOT_FOUND,
                       _ ("“%s” has no port “%s”"), path, port != NULL ? port : "");
          return FALSE;
        }
    }
  if (info_a->domain == TWIN_DOMAIN_NONE || info_b->domain == TWIN_DOMAIN_NONE)
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_CONNECTION,
                   _ ("Cannot connect %s: it exposes a port that does not exist"),
                   info_a->domain == TWIN_DOMAIN_NONE ? ref_a : ref_b);
      return FALSE;
    }
  if (info_a->domain != info_b->domain)
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_CONNECTION,
                   _ ("Cannot connect %s to %s: %s is %s and %s is %s"), ref_a, ref_b,
                   ref_a, domain_adjective (info_a->domain), ref_b, domain_adjective (info_b->domain));
      return FALSE;
    }
  if (info_a->domain == TWIN_DOMAIN_SIGNAL)
    {
      if (info_a->direction == TWIN_PORT_OUTPUT && info_b->direction == TWIN_PORT_OUTPUT)
        {
          g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_CONNECTION,
                       _ ("Cannot connect %s to %s: both are outputs, and a signal goes from an output to inputs"),
                       ref_a, ref_b);
          return FALSE;
        }
      if (info_a->direction == TWIN_PORT_INPUT && info_b->direction == TWIN_PORT_INPUT)
        {
          g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_CONNECTION,
                       _ ("Cannot connect %s to %s: both are inputs, and a signal goes from an output to inputs"),
                       ref_a, ref_b);
          return FALSE;
        }
      if (info_a->direction == TWIN_PORT_PHYSICAL || info_b->direction == TWIN_PORT_PHYSICAL)
        {
          g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_CONNECTION,
                       _ ("Cannot connect %s to %s: %s is neither a signal input nor an output"), ref_a, ref_b,
                       info_a->direction == TWIN_PORT_PHYSICAL ? ref_a : ref_b);
          return FALSE;
        }
    }

  connections = twin_entity_get_connections (parent);
  n = g_list_model_get_n_items (connections);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TwinConnection) connection = g_list_model_get_item (connections, i);

      if (twin_connection_touches (connection, a, port_a) && twin_connection_touches (connection, b, port_b))
        {
          g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_CONNECTION,
                       _ ("%s and %s are already connected"), ref_a, ref_b);
          return FALSE;
        }
    }

  if (info_a->domain == TWIN_DOMAIN_SIGNAL)
    {
      gboolean        a_is_input = info_a->direction == TWIN_PORT_INPUT;
      TwinEntity     *input = a_is_input ? a : b;
      const char     *input_port = a_is_input ? port_a : port_b;
      TwinEntity     *end = NULL;
      const char     *end_port = NULL;
      TwinConnection *source = find_source_above (input, input_port, &end, &end_port);

      if (source == NULL)
        source = find_source_below (input, input_port, &end, &end_port);
      if (source != NULL)
        {
          gboolean end_is_from = twin_connection_get_from (source) == end &&
                                 g_strcmp0 (twin_connection_get_from_port (source), end_port) == 0;
          g_autofree char *source_ref = end_is_from ? dup_port_ref (twin_connection_get_to (source), twin_connection_get_to_port (source), TRUE)
                                                    : dup_port_ref (twin_connection_get_from (source), twin_connection_get_from_port (source), TRUE);

          g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_CONNECTION,
                       _ ("Cannot connect %s to %s: %s already has a source: %s"), ref_a, ref_b,
                       a_is_input ? ref_a : ref_b, source_ref);
          return FALSE;
        }
    }
  return TRUE;
}

/* Deletes @entities (members, not the root) in one step labelled @label. */
static gboolean
delete_entities (TwinModel   *self,
                 TwinEntity **entities,
                 guint        n_entities,
                 const char  *label,
                 GError     **error)
{
  g_autoptr (TwinCommand) command = NULL;
  g_autoptr (GHashTable) selected = g_hash_table_new (NULL, NULL);
  g_autoptr (GPtrArray) parents = g_ptr_array_new ();
  g_autoptr (GPtrArray) firsts = g_ptr_array_new (); /* the first deleted child of each of @parents */
  Removals removals;

  for (guint i = 0; i < n_entities; i++)
    {
      if (!check_member (self, entities[i], error))
        return FALSE;
      if (twin_entity_get_parent (entities[i]) == NULL)
        {
          g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_MOVE,
                       _ ("“%s” is the top of the twin and cannot be deleted"), twin_entity_get_name (entities[i]));
          return FALSE;
        }
      g_hash_table_add (selected, entities[i]);
    }
  /* A part below another deleted part goes with it. */
  for (guint i = 0; i < n_entities; i++)
    for (TwinEntity *e = twin_entity_get_parent (entities[i]); e != NULL; e = twin_entity_get_parent (e))
      if (g_hash_table_contains (selected, e))
        {
          g_hash_table_remove (selected, entities[i]);
          break;
        }
  for (guint i = 0; i < n_entities; i++)
    {
      TwinEntity *parent = twin_entity_get_parent (entities[i]);

      if (g_hash_table_contains (selected, entities[i]) && !g_ptr_array_find (parents, parent, NULL))
        {
          g_ptr_array_add (parents, parent);
          g_ptr_array_add (firsts, entities[i]);
        }
    }
  if (g_hash_table_size (selected) == 0)
    return TRUE;

  command = twin_command_new (label);
  removals_init (&removals, command);
  for (guint i = 0; i < firsts->len; i++)
    cascade_port_removal (&removals, g_ptr_array_index (firsts, i), NULL, selected);
  removals_clear (&removals);
  /* Last sibling first, so each recorded index is the one undo puts it back at. */
  for (guint i = 0; i < parents->len; i++)
    {
      TwinEntity *parent = g_ptr_array_index (parents, i);

      for (guint j = twin_entity_get_n_children (parent); j > 0; j--)
        {
          TwinEntity *child = twin_entity_get_child (parent, j - 1);
          TwinOp     *op;

          if (!g_hash_table_contains (selected, child))
            continue;
          op = twin_command_add (command, TWIN_OP_REMOVE, child);
          op->parent = g_object_ref (parent);
          op->index = j - 1;
        }
    }
  return run_new_command (self, g_steal_pointer (&command), error);
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
  if (new_parent != old_parent)
    {
      Removals removals;

      /* What joined it to its old siblings, or exposed it, stays behind. */
      removals_init (&removals, command);
      cascade_port_removal (&removals, entity, NULL, NULL);
      removals_clear (&removals);
    }
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
 * Copies @entity with its subtree (with its inner connections and boundary
 * ports), new ids and a name like “Room 101 (copy)”, right after the
 * original and, in the diagram, one grid step below and to the right of it.
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
  double           x;
  double           y;

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
  /* One grid step down and right, so the copy does not hide the original in the diagram. */
  if (twin_entity_get_diagram_position (copy, &x, &y))
    _twin_entity_set_diagram_position (copy, TRUE, x + TWIN_DIAGRAM_GRID, y + TWIN_DIAGRAM_GRID);

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
 * Removes @entity and everything below it, with the connections that touch
 * it and the boundary ports that expose it (and, upwards, what used those).
 * Undo puts the same objects back.
 *
 * Returns: %TRUE when deleted
 */
gboolean
twin_model_delete (TwinModel  *self,
                   TwinEntity *entity,
                   GError    **error)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (TWIN_IS_MODEL (self), FALSE);

  if (!check_member (self, entity, error))
    return FALSE;
  label = g_strdup_printf (_ ("Delete “%s”"), twin_entity_get_name (entity));
  return delete_entities (self, &entity, 1, label, error);
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
 * twin_model_check_connection:
 * @a: one part
 * @port_a: the name of one of its ports
 * @b: a sibling of @a
 * @port_b: the name of one of its ports
 * @error: a %TWIN_MODEL_ERROR_INVALID_CONNECTION (or %TWIN_MODEL_ERROR_NOT_FOUND
 *   for a port that does not exist) naming both ports and why
 *
 * Tells whether twin_model_connect() would accept the connection: two
 * different siblings, ports of one domain, a signal output and a signal
 * input that has no source yet, not connected already. Used to refuse a
 * drag from port to port visibly before it is dropped.
 *
 * Returns: %TRUE when the ports may be connected
 */
gboolean
twin_model_check_connection (TwinModel  *self,
                             TwinEntity *a,
                             const char *port_a,
                             TwinEntity *b,
                             const char *port_b,
                             GError    **error)
{
  TwinPortInfo info_a;
  TwinPortInfo info_b;

  g_return_val_if_fail (TWIN_IS_MODEL (self), FALSE);

  return check_new_connection (self, a, port_a, b, port_b, &info_a, &info_b, error);
}

/**
 * twin_model_connect:
 * @a: one part
 * @port_a: the name of one of its ports
 * @b: a sibling of @a
 * @port_b: the name of one of its ports
 * @error: as for twin_model_check_connection(), or the commit function's error
 *
 * Connects two ports in the diagram of the parents of @a and @b. A signal
 * connection is stored from the output to the input whatever order the
 * ports are given in; a physical one keeps the order.
 *
 * Returns: (transfer none) (nullable): the new connection, owned by the parent
 */
TwinConnection *
twin_model_connect (TwinModel  *self,
                    TwinEntity *a,
                    const char *port_a,
                    TwinEntity *b,
                    const char *port_b,
                    GError    **error)
{
  g_autoptr (TwinConnection) connection = NULL;
  g_autoptr (TwinCommand) command = NULL;
  g_autofree char *from_ref = NULL;
  g_autofree char *to_ref = NULL;
  g_autofree char *label = NULL;
  TwinPortInfo     info_a;
  TwinPortInfo     info_b;

  g_return_val_if_fail (TWIN_IS_MODEL (self), NULL);

  if (!check_new_connection (self, a, port_a, b, port_b, &info_a, &info_b, error))
    return NULL;
  if (info_a.direction == TWIN_PORT_INPUT)
    connection = twin_connection_new (NULL, b, port_b, a, port_a);
  else
    connection = twin_connection_new (NULL, a, port_a, b, port_b);

  from_ref = dup_port_ref (twin_connection_get_from (connection), twin_connection_get_from_port (connection), FALSE);
  to_ref = dup_port_ref (twin_connection_get_to (connection), twin_connection_get_to_port (connection), FALSE);
  label = g_strdup_printf (_ ("Connect %s to %s"), from_ref, to_ref);
  command = twin_command_new (label);
  add_connection_op (command, twin_entity_get_parent (a), connection, G_MAXUINT);
  if (!run_new_command (self, g_steal_pointer (&command), error))
    return NULL;
  return connection; /* the parent holds it now */
}

/**
 * twin_model_disconnect:
 * @connection: a connection of this model
 *
 * Removes @connection from its diagram.
 *
 * Returns: %TRUE when removed
 */
gboolean
twin_model_disconnect (TwinModel      *self,
                       TwinConnection *connection,
                       GError        **error)
{
  g_autoptr (TwinCommand) command = NULL;
  g_autofree char *from_ref = NULL;
  g_autofree char *to_ref = NULL;
  g_autofree char *label = NULL;
  TwinEntity      *from;
  TwinEntity      *parent;
  TwinOp          *op;
  guint            position;

  g_return_val_if_fail (TWIN_IS_MODEL (self), FALSE);
  g_return_val_if_fail (TWIN_IS_CONNECTION (connection), FALSE);

  from = twin_connection_get_from (connection);
  parent = from != NULL ? twin_entity_get_parent (from) : NULL;
  if (parent == NULL || !twin_model_contains (self, parent) ||
      !g_list_store_find (G_LIST_STORE (twin_entity_get_connections (parent)), connection, &position))
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_NOT_FOUND,
                   _ ("The connection is not part of this twin"));
      return FALSE;
    }

  from_ref = dup_port_ref (from, twin_connection_get_from_port (connection), FALSE);
  to_ref = dup_port_ref (twin_connection_get_to (connection), twin_connection_get_to_port (connection), FALSE);
  label = g_strdup_printf (_ ("Disconnect %s from %s"), from_ref, to_ref);
  command = twin_command_new (label);
  op = twin_command_add (command, TWIN_OP_REMOVE_CONNECTION, parent);
  op->connection = g_object_ref (connection);
  return run_new_command (self, g_steal_pointer (&command), error);
}

/**
 * twin_model_expose_port:
 * @subsystem: the entity that gets a boundary port
 * @inner: a child of @subsystem
 * @inner_port: the name of a port of @inner, not exposed yet
 * @name: (nullable): the boundary port's name (letters, digits and `_`), or
 *   %NULL for the inner port's name, else “<inner name>_<port>”, made unique
 *
 * Exposes a port of a part as a port of @subsystem, so the subsystem is
 * connected one level up as if it were a component.
 *
 * Returns: %TRUE when exposed
 */
gboolean
twin_model_expose_port (TwinModel  *self,
                        TwinEntity *subsystem,
                        TwinEntity *inner,
                        const char *inner_port,
                        const char *name,
                        GError    **error)
{
  g_autoptr (TwinCommand) command = NULL;
  g_autofree char *default_name = NULL;
  g_autofree char *inner_ref = NULL;
  g_autofree char *label = NULL;
  TwinPortInfo     info;
  int              existing;

  g_return_val_if_fail (TWIN_IS_MODEL (self), FALSE);

  if (!check_member (self, subsystem, error) || !check_member (self, inner, error))
    return FALSE;
  if (twin_entity_get_parent (inner) != subsystem)
    {
      g_autofree char *inner_path = twin_entity_dup_path (inner);
      g_autofree char *path = twin_entity_dup_path (subsystem);

      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_CONNECTION,
                   _ ("“%s” cannot expose a port of “%s”: it is not one of its parts"), path, inner_path);
      return FALSE;
    }
  if (!twin_entity_find_port (inner, inner_port, &info))
    {
      g_autofree char *inner_path = twin_entity_dup_path (inner);

      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_NOT_FOUND,
                   _ ("“%s” has no port “%s”"), inner_path, inner_port != NULL ? inner_port : "");
      return FALSE;
    }
  inner_ref = dup_port_ref (inner, inner_port, TRUE);
  if ((existing = find_exposing_port (subsystem, inner, inner_port)) >= 0)
    {
      g_autofree char *path = twin_entity_dup_path (subsystem);
      const char      *existing_name;

      _twin_entity_get_boundary_port (subsystem, (guint) existing, &existing_name, NULL, NULL);
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_CONNECTION,
                   _ ("%s is already exposed as port “%s” of “%s”"), inner_ref, existing_name, path);
      return FALSE;
    }
  if (name == NULL)
    name = default_name = make_port_name (subsystem, inner, inner_port, NULL);
  else if (!twin_entity_is_valid_port_name (name))
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_NAME,
                   _ ("“%s” cannot name a port: use letters, digits and “_”, not starting with a digit"), name);
      return FALSE;
    }
  else if (port_name_taken (subsystem, name, NULL))
    {
      g_autofree char *path = twin_entity_dup_path (subsystem);

      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_NAME_TAKEN,
                   _ ("“%s” already has a port named “%s”"), path, name);
      return FALSE;
    }

  g_clear_pointer (&inner_ref, g_free);
  inner_ref = dup_port_ref (inner, inner_port, FALSE);
  label = g_strdup_printf (_ ("Expose %s"), inner_ref);
  command = twin_command_new (label);
  add_boundary_port_op (command, subsystem, name, inner, inner_port, G_MAXUINT);
  return run_new_command (self, g_steal_pointer (&command), error);
}

/**
 * twin_model_unexpose_port:
 * @subsystem: an entity with boundary ports
 * @name: the name of one of its boundary ports
 *
 * Removes a boundary port and, in the same step, the connections that use
 * it one level up, and the boundary ports above that expose it (with what
 * uses those, upwards).
 *
 * Returns: %TRUE when removed
 */
gboolean
twin_model_unexpose_port (TwinModel  *self,
                          TwinEntity *subsystem,
                          const char *name,
                          GError    **error)
{
  g_autoptr (TwinCommand) command = NULL;
  g_autofree char *label = NULL;
  Removals         removals;

  g_return_val_if_fail (TWIN_IS_MODEL (self), FALSE);

  if (!check_member (self, subsystem, error))
    return FALSE;
  if (name == NULL || _twin_entity_find_boundary_port (subsystem, name) < 0)
    {
      g_autofree char *path = twin_entity_dup_path (subsystem);

      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_NOT_FOUND,
                   _ ("“%s” has no boundary port “%s”"), path, name != NULL ? name : "");
      return FALSE;
    }

  label = g_strdup_printf (_ ("Remove port “%s” of “%s”"), name, twin_entity_get_name (subsystem));
  command = twin_command_new (label);
  removals_init (&removals, command);
  remove_boundary_port (&removals, subsystem, name);
  removals_clear (&removals);
  return run_new_command (self, g_steal_pointer (&command), error);
}

/**
 * twin_model_place_blocks:
 * @entities: (array length=n_entities): the parts to place
 * @xy: (array): 2 × @n_entities numbers: each part's new x and y in diagram
 *   units (1 unit = 1 px at 100 % zoom); NaN and NaN for no position (the
 *   diagram lays the part out again)
 * @n_entities: how many
 *
 * Sets the diagram positions of several parts in one step, "Move blocks".
 * A part listed twice takes its last position.
 *
 * Returns: %TRUE when placed (or already there)
 */
gboolean
twin_model_place_blocks (TwinModel    *self,
                         TwinEntity  **entities,
                         const double *xy,
                         guint         n_entities,
                         GError      **error)
{
  g_autoptr (TwinCommand) command = NULL;
  g_autoptr (GHashTable) last = NULL; /* entity → its last index in @entities, plus one */

  g_return_val_if_fail (TWIN_IS_MODEL (self), FALSE);
  g_return_val_if_fail (n_entities == 0 || (entities != NULL && xy != NULL), FALSE);

  last = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < n_entities; i++)
    {
      double x = xy[2 * i];
      double y = xy[2 * i + 1];

      if (!check_member (self, entities[i], error))
        return FALSE;
      if (isinf (x) || isinf (y) || isnan (x) != isnan (y))
        {
          g_autofree char *path = twin_entity_dup_path (entities[i]);

          g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_VALUE,
                       _ ("Cannot place “%s” in the diagram: its position is not a pair of finite numbers"), path);
          return FALSE;
        }
      g_hash_table_insert (last, entities[i], GUINT_TO_POINTER (i + 1));
    }

  command = twin_command_new (_ ("Move blocks"));
  for (guint i = 0; i < n_entities; i++)
    {
      TwinEntity *entity = entities[i];
      double      x = xy[2 * i];
      double      y = xy[2 * i + 1];
      gboolean    has_position = !isnan (x);
      double      old_x;
      double      old_y;
      gboolean    old_has_position;
      TwinOp     *op;

      if (GPOINTER_TO_UINT (g_hash_table_lookup (last, entity)) != i + 1)
        continue;
      old_has_position = twin_entity_get_diagram_position (entity, &old_x, &old_y);
      if (old_has_position == has_position && (!has_position || (old_x == x && old_y == y)))
        continue;
      op = twin_command_add (command, TWIN_OP_SET_DIAGRAM_POSITION, entity);
      op->old_has_position = old_has_position;
      op->old_xy[0] = old_x;
      op->old_xy[1] = old_y;
      op->new_has_position = has_position;
      op->new_xy[0] = has_position ? x : NAN;
      op->new_xy[1] = has_position ? y : NAN;
    }
  if (command->ops->len == 0)
    return TRUE;
  return run_new_command (self, g_steal_pointer (&command), error);
}

/**
 * twin_model_paste_copies:
 * @parent: where the copies go
 * @sources: (array length=n_sources): the parts to copy (they may be in any
 *   diagram, or no longer in the model)
 * @n_sources: how many
 * @dx: added to the x of each copy's diagram position (when it has one)
 * @dy: added to the y
 *
 * Copies the sources with their subtrees (new ids; the same name when
 * @parent has no part of that name, else “Name 2”, “Name 3”…) to the end of
 * @parent's parts, with the connections among the sources (both ends
 * copied, drawn in the sources' parent) between the copies. One step.
 *
 * Returns: (transfer full) (element-type TwinEntity): the copies, in the
 *   order of @sources
 */
GPtrArray *
twin_model_paste_copies (TwinModel   *self,
                         TwinEntity  *parent,
                         TwinEntity **sources,
                         guint        n_sources,
                         double       dx,
                         double       dy,
                         GError     **error)
{
  g_autoptr (GPtrArray) copies = NULL;
  g_autoptr (GPtrArray) source_parents = NULL;
  g_autoptr (GHashTable) copy_of = NULL; /* source → its copy */
  g_autoptr (GHashTable) taken = NULL;   /* names given to copies */
  g_autoptr (TwinCommand) command = NULL;
  guint n_children;

  g_return_val_if_fail (TWIN_IS_MODEL (self), NULL);
  g_return_val_if_fail (n_sources == 0 || sources != NULL, NULL);

  if (!check_member (self, parent, error))
    return NULL;
  if (!isfinite (dx) || !isfinite (dy))
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_VALUE,
                   _ ("Cannot paste: the offset is not a pair of finite numbers"));
      return NULL;
    }

  copies = g_ptr_array_new_with_free_func (g_object_unref);
  source_parents = g_ptr_array_new ();
  copy_of = g_hash_table_new (NULL, NULL);
  taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  command = twin_command_new (NULL);
  n_children = twin_entity_get_n_children (parent);

  for (guint i = 0; i < n_sources; i++)
    {
      TwinEntity *source = sources[i];
      TwinEntity *source_parent;
      g_autoptr (TwinEntity) copy = NULL;
      g_autofree char *name = NULL;
      double           x;
      double           y;
      TwinOp          *op;

      g_return_val_if_fail (TWIN_IS_ENTITY (source), NULL);
      if (g_hash_table_contains (copy_of, source))
        continue;
      if (!check_depth (parent, twin_entity_get_subtree_depth (source), error))
        return NULL;
      name = make_free_name (parent, twin_entity_get_name (source), taken, NULL, NULL);
      if (!check_child_name (parent, name, NULL, error))
        return NULL;

      copy = twin_entity_copy_subtree (source, TRUE);
      _twin_entity_set_name (copy, name);
      if (twin_entity_get_diagram_position (copy, &x, &y))
        _twin_entity_set_diagram_position (copy, TRUE, x + dx, y + dy);
      g_hash_table_add (taken, g_steal_pointer (&name));

      op = twin_command_add (command, TWIN_OP_INSERT, copy);
      op->parent = g_object_ref (parent);
      op->index = n_children + copies->len;
      g_hash_table_insert (copy_of, source, copy);
      source_parent = twin_entity_get_parent (source);
      if (source_parent != NULL && !g_ptr_array_find (source_parents, source_parent, NULL))
        g_ptr_array_add (source_parents, source_parent);
      g_ptr_array_add (copies, g_steal_pointer (&copy));
    }
  if (copies->len == 0)
    return g_steal_pointer (&copies);

  for (guint i = 0; i < source_parents->len; i++)
    {
      GListModel *connections = twin_entity_get_connections (g_ptr_array_index (source_parents, i));
      guint       n = g_list_model_get_n_items (connections);

      for (guint j = 0; j < n; j++)
        {
          g_autoptr (TwinConnection) connection = g_list_model_get_item (connections, j);
          g_autoptr (TwinConnection) connection_copy = NULL;
          TwinEntity *from = g_hash_table_lookup (copy_of, twin_connection_get_from (connection));
          TwinEntity *to = g_hash_table_lookup (copy_of, twin_connection_get_to (connection));

          if (from == NULL || to == NULL)
            continue;
          connection_copy = twin_connection_new (NULL, from, twin_connection_get_from_port (connection),
                                                 to, twin_connection_get_to_port (connection));
          add_connection_op (command, parent, connection_copy, G_MAXUINT);
        }
    }

  g_free (command->label);
  if (copies->len == 1)
    command->label = g_strdup_printf (_ ("Paste “%s”"), twin_entity_get_name (g_ptr_array_index (copies, 0)));
  else
    command->label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Paste %u part", "Paste %u parts", copies->len),
                                      copies->len);
  if (!run_new_command (self, g_steal_pointer (&command), error))
    return NULL;
  return g_steal_pointer (&copies);
}

/**
 * twin_model_delete_many:
 * @entities: (array length=n_entities): parts of this model, not the root
 * @n_entities: how many
 *
 * Deletes several parts with their subtrees in one step, with the
 * connections that touch them and the boundary ports that expose them (and,
 * upwards, what used those). Undo puts the same objects back.
 *
 * Returns: %TRUE when deleted
 */
gboolean
twin_model_delete_many (TwinModel   *self,
                        TwinEntity **entities,
                        guint        n_entities,
                        GError     **error)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (TWIN_IS_MODEL (self), FALSE);
  g_return_val_if_fail (n_entities == 0 || entities != NULL, FALSE);

  if (n_entities == 1 && TWIN_IS_ENTITY (entities[0]))
    label = g_strdup_printf (_ ("Delete “%s”"), twin_entity_get_name (entities[0]));
  else
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delete %u part", "Delete %u parts", n_entities), n_entities);
  return delete_entities (self, entities, n_entities, label, error);
}

/* A connection of a parent's diagram that a group or ungroup re-points. */
typedef struct
{
  TwinConnection *connection; /* borrowed: its list holds it while the step is built */
  guint           index;      /* where the re-pointed copy goes */
  TwinEntity     *entity;     /* the end that changes */
  const char     *port;
  TwinEntity     *new_entity; /* what it becomes */
  const char     *new_port;
} Repoint;

/* A boundary port of a parent that a group or ungroup re-points. */
typedef struct
{
  const char *name;
  guint       index;
  TwinEntity *new_inner;
  const char *new_inner_port;
} RepointPort;

/**
 * twin_model_group:
 * @children: (array length=n_children): siblings
 * @n_children: how many, at least one
 * @name: (nullable): the new subsystem's name, or %NULL for “Subsystem” made unique
 *
 * Creates a subsystem where the first of @children was, at the centroid of
 * their diagram positions, and moves them into it keeping their positions,
 * with the connections among them. Each connection that crossed the
 * selection's edge is kept through a boundary port of the subsystem (one per
 * inner port); boundary ports of the parent that exposed one of @children
 * expose it through the subsystem. One step; ungroup reverses it.
 *
 * Returns: (transfer none) (nullable): the new subsystem, owned by the model
 */
TwinEntity *
twin_model_group (TwinModel   *self,
                  TwinEntity **children,
                  guint        n_children,
                  const char  *name,
                  GError     **error)
{
  g_autoptr (TwinCommand) command = NULL;
  g_autoptr (TwinEntity) group = NULL;
  g_autoptr (GHashTable) members = g_hash_table_new (NULL, NULL);
  g_autoptr (GArray) member_indices = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GPtrArray) internal = g_ptr_array_new ();
  g_autoptr (GArray) crossing = g_array_new (FALSE, FALSE, sizeof (Repoint));
  g_autoptr (GArray) parent_ports = g_array_new (FALSE, FALSE, sizeof (RepointPort));
  g_autoptr (GHashTable) group_ports = NULL; /* "<inner address>/<port>" → boundary port name */
  g_autoptr (GHashTable) group_port_names = NULL;
  g_autofree char      *default_name = NULL;
  g_autofree char      *label = NULL;
  const TwinEntityType *type;
  TwinEntity           *parent = NULL;
  GListModel           *connections;
  guint                 max_depth = 0;
  guint                 n_internal = 0;
  guint                 n_positions = 0;
  double                sum_x = 0;
  double                sum_y = 0;

  g_return_val_if_fail (TWIN_IS_MODEL (self), NULL);
  g_return_val_if_fail (n_children == 0 || children != NULL, NULL);

  if (n_children == 0)
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_MOVE,
                   _ ("Select at least one part to group into a subsystem"));
      return NULL;
    }
  for (guint i = 0; i < n_children; i++)
    {
      TwinEntity *child = children[i];

      if (!check_member (self, child, error))
        return NULL;
      if (twin_entity_get_parent (child) == NULL)
        {
          g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_MOVE,
                       _ ("“%s” is the top of the twin and cannot be grouped"), twin_entity_get_name (child));
          return NULL;
        }
      if (parent == NULL)
        parent = twin_entity_get_parent (child);
      else if (twin_entity_get_parent (child) != parent)
        {
          g_autofree char *path_a = twin_entity_dup_path (children[0]);
          g_autofree char *path_b = twin_entity_dup_path (child);

          g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_MOVE,
                       _ ("Cannot group “%s” with “%s”: only parts with the same parent can be grouped"), path_a, path_b);
          return NULL;
        }
      g_hash_table_add (members, child);
    }

  /* The members in their parent's order. */
  for (guint i = 0; i < twin_entity_get_n_children (parent); i++)
    {
      TwinEntity *child = twin_entity_get_child (parent, i);
      double      x;
      double      y;

      if (!g_hash_table_contains (members, child))
        continue;
      g_array_append_val (member_indices, i);
      max_depth = MAX (max_depth, twin_entity_get_subtree_depth (child));
      if (twin_entity_get_diagram_position (child, &x, &y))
        {
          sum_x += x;
          sum_y += y;
          n_positions++;
        }
    }
  if (!check_depth (parent, max_depth + 1, error))
    return NULL;
  if (name == NULL)
    name = default_name = make_unique_name (parent, twin_entity_type_get_label ("subsystem"), FALSE);
  if (!check_child_name (parent, name, NULL, error))
    return NULL;

  type = twin_entity_type_lookup ("subsystem");
  group = type != NULL ? twin_entity_type_instantiate (type, name) : twin_entity_new (NULL, "subsystem", name);
  if (n_positions > 0)
    _twin_entity_set_diagram_position (group, TRUE, sum_x / n_positions, sum_y / n_positions);

  /* Sort the parent's connections: among members, crossing the edge, or outside. */
  connections = twin_entity_get_connections (parent);
  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr (TwinConnection) connection = g_list_model_get_item (connections, i);
      gboolean from_in = g_hash_table_contains (members, twin_connection_get_from (connection));
      gboolean to_in = g_hash_table_contains (members, twin_connection_get_to (connection));

      if (from_in && to_in)
        {
          g_ptr_array_add (internal, connection);
          n_internal++;
        }
      else if (from_in || to_in)
        {
          Repoint repoint = { connection, i - n_internal, NULL, NULL, group, NULL };

          repoint.entity = from_in ? twin_connection_get_from (connection) : twin_connection_get_to (connection);
          repoint.port = from_in ? twin_connection_get_from_port (connection) : twin_connection_get_to_port (connection);
          g_array_append_val (crossing, repoint);
        }
    }
  for (guint i = 0; i < twin_entity_get_n_boundary_ports (parent); i++)
    {
      RepointPort repoint = { NULL, i, group, NULL };
      TwinEntity *inner;

      _twin_entity_get_boundary_port (parent, i, &repoint.name, &inner, NULL);
      if (g_hash_table_contains (members, inner))
        g_array_append_val (parent_ports, repoint);
    }

  label = g_strdup_printf (_ ("Group into “%s”"), name);
  command = twin_command_new (label);

  /* 1. Out of the parent: the connections that touch members, then its
   * boundary ports that expose them. */
  for (guint i = g_list_model_get_n_items (connections); i > 0; i--)
    {
      g_autoptr (TwinConnection) connection = g_list_model_get_item (connections, i - 1);
      TwinOp *op;

      if (!g_hash_table_contains (members, twin_connection_get_from (connection)) &&
          !g_hash_table_contains (members, twin_connection_get_to (connection)))
        continue;
      op = twin_command_add (command, TWIN_OP_REMOVE_CONNECTION, parent);
      op->connection = g_object_ref (connection);
    }
  for (guint i = parent_ports->len; i > 0; i--)
    remove_boundary_port_op (command, parent, g_array_index (parent_ports, RepointPort, i - 1).name);

  /* 2. The group where the first member was, then the members into it, in order. */
  {
    TwinOp *op = twin_command_add (command, TWIN_OP_INSERT, group);

    op->parent = g_object_ref (parent);
    op->index = g_array_index (member_indices, guint, 0);
  }
  for (guint i = member_indices->len; i > 0; i--)
    {
      guint   index = g_array_index (member_indices, guint, i - 1);
      TwinOp *op = twin_command_add (command, TWIN_OP_MOVE, twin_entity_get_child (parent, index));

      op->parent = g_object_ref (parent);
      op->index = index + 1; /* the group is before it now */
      op->new_parent = g_object_ref (group);
      op->new_index = 0;
    }

  /* 3. The group's boundary ports: one per inner port used from outside. */
  group_ports = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  group_port_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < crossing->len + parent_ports->len; i++)
    {
      g_autofree char *key = NULL;
      TwinEntity      *inner;
      const char      *inner_port;
      const char      *port_name;

      if (i < crossing->len)
        {
          inner = g_array_index (crossing, Repoint, i).entity;
          inner_port = g_array_index (crossing, Repoint, i).port;
        }
      else
        _twin_entity_get_boundary_port (parent, g_array_index (parent_ports, RepointPort, i - crossing->len).index,
                                        NULL, &inner, &inner_port);

      key = g_strdup_printf ("%p/%s", (gpointer) inner, inner_port);
      port_name = g_hash_table_lookup (group_ports, key);
      if (port_name == NULL)
        {
          char *new_name = make_port_name (group, inner, inner_port, group_port_names);

          g_hash_table_add (group_port_names, new_name);
          g_hash_table_insert (group_ports, g_steal_pointer (&key), new_name);
          add_boundary_port_op (command, group, new_name, inner, inner_port, G_MAXUINT);
          port_name = new_name;
        }
      if (i < crossing->len)
        g_array_index (crossing, Repoint, i).new_port = port_name;
      else
        g_array_index (parent_ports, RepointPort, i - crossing->len).new_inner_port = port_name;
    }

  /* 4. The connections among members, now drawn inside the group. */
  for (guint i = 0; i < internal->len; i++)
    add_connection_op (command, group, g_ptr_array_index (internal, i), G_MAXUINT);

  /* 5. The crossing connections and the parent's ports, through the group's ports. */
  for (guint i = 0; i < crossing->len; i++)
    {
      Repoint *repoint = &g_array_index (crossing, Repoint, i);
      g_autoptr (TwinConnection) connection =
        repoint_connection (repoint->connection, repoint->entity, repoint->port, group, repoint->new_port);

      add_connection_op (command, parent, connection, repoint->index);
    }
  for (guint i = 0; i < parent_ports->len; i++)
    {
      RepointPort *repoint = &g_array_index (parent_ports, RepointPort, i);

      add_boundary_port_op (command, parent, repoint->name, group, repoint->new_inner_port, repoint->index);
    }

  if (!run_new_command (self, g_steal_pointer (&command), error))
    return NULL;
  return group; /* the model holds it now */
}

/**
 * twin_model_ungroup:
 * @subsystem: a part with parts of its own
 *
 * The reverse of twin_model_group(): moves the parts of @subsystem up to its
 * parent, where it was, keeping their positions (a name another part there
 * has becomes “Name 2”), with the connections among them; connections and
 * boundary ports that went through its boundary ports now reach the inner
 * ports directly; then removes @subsystem. What used ports of @subsystem's
 * own component type is removed with it. One step.
 *
 * Returns: %TRUE when ungrouped
 */
gboolean
twin_model_ungroup (TwinModel  *self,
                    TwinEntity *subsystem,
                    GError    **error)
{
  g_autoptr (TwinCommand) command = NULL;
  g_autoptr (GArray) repoints = g_array_new (FALSE, FALSE, sizeof (Repoint));
  g_autoptr (GArray) parent_ports = g_array_new (FALSE, FALSE, sizeof (RepointPort));
  g_autoptr (GHashTable) repointed_ports = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) taken = NULL;
  g_autofree char *label = NULL;
  TwinEntity      *parent;
  GListModel      *connections;
  GListModel      *inner_connections;
  guint            n_dropped = 0;
  guint            n_ports_dropped = 0;
  guint            index;
  guint            n_children;
  Removals         removals;

  g_return_val_if_fail (TWIN_IS_MODEL (self), FALSE);

  if (!check_member (self, subsystem, error))
    return FALSE;
  parent = twin_entity_get_parent (subsystem);
  if (parent == NULL)
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_MOVE,
                   _ ("“%s” is the top of the twin and cannot be ungrouped"), twin_entity_get_name (subsystem));
      return FALSE;
    }
  n_children = twin_entity_get_n_children (subsystem);
  if (n_children == 0)
    {
      g_autofree char *path = twin_entity_dup_path (subsystem);

      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_MOVE,
                   _ ("“%s” has no parts to ungroup"), path);
      return FALSE;
    }
  index = (guint) twin_entity_get_index (subsystem);

  /* Connections of the parent's diagram to the subsystem: through a boundary
   * port they re-point to the inner port; to a port of its own type they go. */
  connections = twin_entity_get_connections (parent);
  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr (TwinConnection) connection = g_list_model_get_item (connections, i);
      Repoint repoint = { connection, i - n_dropped, subsystem, NULL, NULL, NULL };
      int     port_index;

      if (!twin_connection_touches (connection, subsystem, NULL))
        continue;
      repoint.port = twin_connection_get_from (connection) == subsystem ? twin_connection_get_from_port (connection)
                                                                        : twin_connection_get_to_port (connection);
      port_index = _twin_entity_find_boundary_port (subsystem, repoint.port);
      if (port_index < 0)
        {
          n_dropped++;
          continue;
        }
      _twin_entity_get_boundary_port (subsystem, (guint) port_index, NULL, &repoint.new_entity, &repoint.new_port);
      g_array_append_val (repoints, repoint);
    }
  for (guint i = 0; i < twin_entity_get_n_boundary_ports (parent); i++)
    {
      RepointPort repoint = { NULL, i - n_ports_dropped, NULL, NULL };
      TwinEntity *inner;
      const char *inner_port;
      int         port_index;

      _twin_entity_get_boundary_port (parent, i, &repoint.name, &inner, &inner_port);
      if (inner != subsystem)
        continue;
      port_index = _twin_entity_find_boundary_port (subsystem, inner_port);
      if (port_index < 0)
        {
          n_ports_dropped++;
          continue;
        }
      _twin_entity_get_boundary_port (subsystem, (guint) port_index, NULL, &repoint.new_inner, &repoint.new_inner_port);
      g_array_append_val (parent_ports, repoint);
      g_hash_table_add (repointed_ports, (gpointer) repoint.name);
    }

  label = g_strdup_printf (_ ("Ungroup “%s”"), twin_entity_get_name (subsystem));
  command = twin_command_new (label);
  removals_init (&removals, command);

  /* 1. Out of the parent: the connections to the subsystem, then the boundary
   * ports exposing it (those exposing a port of its type, with what uses them above). */
  for (guint i = g_list_model_get_n_items (connections); i > 0; i--)
    {
      g_autoptr (TwinConnection) connection = g_list_model_get_item (connections, i - 1);

      if (twin_connection_touches (connection, subsystem, NULL))
        remove_connection (&removals, parent, connection);
    }
  for (guint i = twin_entity_get_n_boundary_ports (parent); i > 0; i--)
    {
      const char *name;
      TwinEntity *inner;

      _twin_entity_get_boundary_port (parent, i - 1, &name, &inner, NULL);
      if (inner != subsystem)
        continue;
      if (g_hash_table_contains (repointed_ports, name))
        remove_boundary_port_op (command, parent, name);
      else
        remove_boundary_port (&removals, parent, name);
    }

  /* 2. Empty the subsystem of its connections and boundary ports. */
  inner_connections = twin_entity_get_connections (subsystem);
  for (guint i = g_list_model_get_n_items (inner_connections); i > 0; i--)
    {
      g_autoptr (TwinConnection) connection = g_list_model_get_item (inner_connections, i - 1);

      remove_connection (&removals, subsystem, connection);
    }
  for (guint i = twin_entity_get_n_boundary_ports (subsystem); i > 0; i--)
    {
      const char *name;

      _twin_entity_get_boundary_port (subsystem, i - 1, &name, NULL, NULL);
      remove_boundary_port_op (command, subsystem, name);
    }
  removals_clear (&removals);

  /* 3. Rename the parts whose names the parent already has, then move them up. */
  taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < n_children; i++)
    {
      TwinEntity      *child = twin_entity_get_child (subsystem, i);
      g_autofree char *name = make_free_name (parent, twin_entity_get_name (child), taken, subsystem, child);

      if (strcmp (name, twin_entity_get_name (child)) != 0)
        {
          TwinOp *op;

          if (!check_child_name (parent, name, NULL, error))
            return FALSE;
          op = twin_command_add (command, TWIN_OP_RENAME, child);
          op->old_text = g_strdup (twin_entity_get_name (child));
          op->new_text = g_strdup (name);
        }
      g_hash_table_add (taken, g_steal_pointer (&name));
    }
  for (guint i = 0; i < n_children; i++)
    {
      TwinOp *op = twin_command_add (command, TWIN_OP_MOVE, twin_entity_get_child (subsystem, i));

      op->parent = g_object_ref (subsystem);
      op->index = 0; /* the ones before it have left */
      op->new_parent = g_object_ref (parent);
      op->new_index = index + 1 + i;
    }

  /* 4. Remove the now empty subsystem. */
  {
    TwinOp *op = twin_command_add (command, TWIN_OP_REMOVE, subsystem);

    op->parent = g_object_ref (parent);
    op->index = index;
  }

  /* 5. Back into the parent: re-pointed connections where they were, the
   * subsystem's connections after them, the re-pointed boundary ports. */
  for (guint i = 0; i < repoints->len; i++)
    {
      Repoint *repoint = &g_array_index (repoints, Repoint, i);
      g_autoptr (TwinConnection) connection =
        repoint_connection (repoint->connection, subsystem, repoint->port, repoint->new_entity, repoint->new_port);

      add_connection_op (command, parent, connection, repoint->index);
    }
  for (guint i = 0; i < g_list_model_get_n_items (inner_connections); i++)
    {
      g_autoptr (TwinConnection) connection = g_list_model_get_item (inner_connections, i);

      add_connection_op (command, parent, connection, G_MAXUINT);
    }
  for (guint i = 0; i < parent_ports->len; i++)
    {
      RepointPort *repoint = &g_array_index (parent_ports, RepointPort, i);

      add_boundary_port_op (command, parent, repoint->name, repoint->new_inner, repoint->new_inner_port, repoint->index);
    }

  return run_new_command (self, g_steal_pointer (&command), error);
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

/**
 * twin_model_create_entity_at:
 * @parent: where the new entity goes (as its last child)
 * @type_name: a type name; a built-in type brings its ports and default parameters
 * @name: (nullable): the name, or %NULL for the type's label made unique
 * @x: the left edge of its block in @parent's diagram, diagram units
 * @y: the top edge of its block, diagram units
 * @error: a #TWIN_MODEL_ERROR, or the commit function's error
 *
 * Adds an entity with a diagram position in one undoable step (what a drop
 * from the diagram editor's palette does).
 *
 * Returns: (transfer none) (nullable): the new entity, owned by the model
 */
TwinEntity *
twin_model_create_entity_at (TwinModel  *self,
                             TwinEntity *parent,
                             const char *type_name,
                             const char *name,
                             double      x,
                             double      y,
                             GError    **error)
{
  const TwinEntityType *type;
  g_autoptr (TwinEntity) entity = NULL;
  g_autofree char *unique_name = NULL;
  g_autofree char *label = NULL;
  TwinCommand     *command;
  TwinOp          *op;

  g_return_val_if_fail (TWIN_IS_MODEL (self), NULL);

  if (!check_member (self, parent, error))
    return NULL;
  if (!isfinite (x) || !isfinite (y))
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_VALUE,
                   _ ("A diagram position must be two finite numbers"));
      return NULL;
    }
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

  /* The position travels with the detached entity: the insert (and its undo
   * and redo) carries it, and the project file writes it with the entity. */
  entity = type != NULL ? twin_entity_type_instantiate (type, name) : twin_entity_new (NULL, type_name, name);
  twin_entity_set_initial_diagram_position (entity, x, y);

  label = g_strdup_printf (_ ("Add “%s”"), name);
  command = twin_command_new (label);
  op = twin_command_add (command, TWIN_OP_INSERT, entity);
  op->parent = g_object_ref (parent);
  op->index = twin_entity_get_n_children (parent);

  if (!run_new_command (self, command, error))
    return NULL;
  return entity; /* the model holds it now */
}

/**
 * twin_model_set_mesh:
 * @entity: an entity of the model
 * @mesh_id: (nullable): the id of a mesh in the project's catalog, or %NULL
 *   to show the entity as a box again
 * @error: a #TWIN_MODEL_ERROR, or the commit function's error
 *
 * Sets the mesh that shows @entity in 3D, in one undoable step. The model
 * does not hold meshes: whoever stores them (the project's
 * #TwinMeshCatalog) checks that the id exists before calling this.
 *
 * Returns: %TRUE when set (or already so)
 */
gboolean
twin_model_set_mesh (TwinModel  *self,
                     TwinEntity *entity,
                     const char *mesh_id,
                     GError    **error)
{
  g_autofree char *label = NULL;
  TwinCommand     *command;
  TwinOp          *op;

  g_return_val_if_fail (TWIN_IS_MODEL (self), FALSE);

  if (!check_member (self, entity, error))
    return FALSE;
  if (mesh_id != NULL && (*mesh_id == '\0' || !g_utf8_validate (mesh_id, -1, NULL)))
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_VALUE,
                   _ ("“%s” is not a valid mesh id"), mesh_id);
      return FALSE;
    }
  if (g_strcmp0 (twin_entity_get_mesh_id (entity), mesh_id) == 0)
    return TRUE;

  if (mesh_id != NULL)
    label = g_strdup_printf (_ ("Set the mesh of “%s”"), twin_entity_get_name (entity));
  else
    label = g_strdup_printf (_ ("Remove the mesh of “%s”"), twin_entity_get_name (entity));
  command = twin_command_new (label);
  op = twin_command_add (command, TWIN_OP_SET_MESH, entity);
  op->old_text = g_strdup (twin_entity_get_mesh_id (entity));
  op->new_text = g_strdup (mesh_id);
  return run_new_command (self, command, error);
}

/* The first entity of @tree whose id the model already has, or NULL. */
static TwinEntity *
find_taken_id (TwinModel  *self,
               TwinEntity *tree)
{
  guint n = twin_entity_get_n_children (tree);

  if (g_hash_table_contains (self->by_id, twin_entity_get_id (tree)))
    return tree;
  for (guint i = 0; i < n; i++)
    {
      TwinEntity *taken = find_taken_id (self, twin_entity_get_child (tree, i));

      if (taken != NULL)
        return taken;
    }
  return NULL;
}

/**
 * twin_model_insert_tree:
 * @parent: an entity of the model
 * @tree: (transfer none): a detached entity with its subtree, built with
 *   twin_entity_new() and the `initial` setters; its ids must be new to the model
 * @index: where among @parent's children, or -1 for the end
 * @label: (nullable): the undo label, such as “Import “pump.stl””; %NULL
 *   for “Add “Name””
 * @error: a #TWIN_MODEL_ERROR, or the commit function's error
 *
 * Adds a whole subtree in one undoable step, as importing a CAD assembly
 * does. When @parent already has a child of @tree's name, @tree is renamed
 * “Name 2”, “Name 3”… first. On success the model holds @tree.
 *
 * Returns: %TRUE when inserted
 */
gboolean
twin_model_insert_tree (TwinModel  *self,
                        TwinEntity *parent,
                        TwinEntity *tree,
                        int         index,
                        const char *label,
                        GError    **error)
{
  g_autofree char *free_name = NULL;
  g_autofree char *default_label = NULL;
  TwinEntity      *taken;
  TwinCommand     *command;
  TwinOp          *op;

  g_return_val_if_fail (TWIN_IS_MODEL (self), FALSE);
  g_return_val_if_fail (TWIN_IS_ENTITY (tree), FALSE);
  g_return_val_if_fail (twin_entity_get_parent (tree) == NULL, FALSE);
  g_return_val_if_fail (_twin_entity_get_model (tree) == NULL, FALSE);

  if (!check_member (self, parent, error))
    return FALSE;
  if ((taken = find_taken_id (self, tree)) != NULL)
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_VALUE,
                   _ ("Cannot add “%s”: the twin already has an entity with the id %s"),
                   twin_entity_get_name (taken), twin_entity_get_id (taken));
      return FALSE;
    }
  if (!check_depth (parent, twin_entity_get_subtree_depth (tree), error))
    return FALSE;

  free_name = make_free_name (parent, twin_entity_get_name (tree), NULL, NULL, NULL);
  if (g_strcmp0 (free_name, twin_entity_get_name (tree)) != 0)
    _twin_entity_set_name (tree, free_name);
  if (label == NULL)
    label = default_label = g_strdup_printf (_ ("Add “%s”"), free_name);

  command = twin_command_new (label);
  op = twin_command_add (command, TWIN_OP_INSERT, tree);
  op->parent = g_object_ref (parent);
  op->index = index < 0 ? twin_entity_get_n_children (parent) : MIN ((guint) index, twin_entity_get_n_children (parent));
  return run_new_command (self, command, error);
}
