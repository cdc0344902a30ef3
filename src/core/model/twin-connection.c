/* twin-connection.c: a wire from one port of an entity to a port of a sibling, drawn in their parent's diagram.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A connection is immutable after construction: its id (a UUID), its two
 * ends and their port names never change, so it can sit in a #GListStore,
 * in the undo history and in a view at once. "Re-pointing" a connection
 * (group, ungroup) replaces it by a new object with the same id.
 *
 * The ends are weak pointers: the parent entity owns its children and its
 * connections, and the model removes a connection in the same step that
 * removes one of its ends, so they are only %NULL for a connection kept by
 * an undo step whose entity is gone. Not thread-safe.
 */

#define G_LOG_DOMAIN "twin-connection"

#include "config.h"

#include "twin-connection.h"
#include "twin-entity.h"

struct _TwinConnection
{
  GObject     parent_instance;

  /* Borrowed references (weak pointers) */
  TwinEntity *from;
  TwinEntity *to;

  /* State */
  char       *id;
  char       *from_port;
  char       *to_port;
};

G_DEFINE_FINAL_TYPE (TwinConnection, twin_connection, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_FROM,
  PROP_FROM_PORT,
  PROP_TO,
  PROP_TO_PORT,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void
twin_connection_dispose (GObject *object)
{
  TwinConnection *self = (TwinConnection *) object;

  if (self->from != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->from), (gpointer *) &self->from);
  if (self->to != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->to), (gpointer *) &self->to);
  self->from = NULL;
  self->to = NULL;

  G_OBJECT_CLASS (twin_connection_parent_class)->dispose (object);
}

static void
twin_connection_finalize (GObject *object)
{
  TwinConnection *self = (TwinConnection *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->from_port, g_free);
  g_clear_pointer (&self->to_port, g_free);

  G_OBJECT_CLASS (twin_connection_parent_class)->finalize (object);
}

static void
twin_connection_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TwinConnection *self = TWIN_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_FROM:
      g_value_set_object (value, self->from);
      break;
    case PROP_FROM_PORT:
      g_value_set_string (value, self->from_port);
      break;
    case PROP_TO:
      g_value_set_object (value, self->to);
      break;
    case PROP_TO_PORT:
      g_value_set_string (value, self->to_port);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_connection_class_init (TwinConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = twin_connection_dispose;
  object_class->finalize = twin_connection_finalize;
  object_class->get_property = twin_connection_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FROM] =
    g_param_spec_object ("from", NULL, NULL, TWIN_TYPE_ENTITY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FROM_PORT] =
    g_param_spec_string ("from-port", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TO] =
    g_param_spec_object ("to", NULL, NULL, TWIN_TYPE_ENTITY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TO_PORT] =
    g_param_spec_string ("to-port", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
twin_connection_init (TwinConnection *self)
{
}

/**
 * twin_connection_new:
 * @id: (nullable): a UUID, or %NULL for a new random one
 * @from: the entity at the first end (the output of a signal connection)
 * @from_port: the port name on @from
 * @to: the entity at the other end (the input of a signal connection)
 * @to_port: the port name on @to
 *
 * Creates a connection. It checks nothing about the ports: the model
 * (twin_model_check_connection()) and the validator do.
 *
 * Returns: (transfer full): the new connection
 */
TwinConnection *
twin_connection_new (const char *id,
                     TwinEntity *from,
                     const char *from_port,
                     TwinEntity *to,
                     const char *to_port)
{
  TwinConnection *self;

  g_return_val_if_fail (id == NULL || twin_entity_is_valid_id (id), NULL);
  g_return_val_if_fail (TWIN_IS_ENTITY (from), NULL);
  g_return_val_if_fail (TWIN_IS_ENTITY (to), NULL);
  g_return_val_if_fail (from_port != NULL && from_port[0] != '\0', NULL);
  g_return_val_if_fail (to_port != NULL && to_port[0] != '\0', NULL);

  self = g_object_new (TWIN_TYPE_CONNECTION, NULL);
  self->id = id != NULL ? g_ascii_strdown (id, -1) : g_uuid_string_random ();
  self->from = from;
  self->to = to;
  self->from_port = g_strdup (from_port);
  self->to_port = g_strdup (to_port);
  g_object_add_weak_pointer (G_OBJECT (from), (gpointer *) &self->from);
  g_object_add_weak_pointer (G_OBJECT (to), (gpointer *) &self->to);
  return self;
}

const char *
twin_connection_get_id (TwinConnection *self)
{
  g_return_val_if_fail (TWIN_IS_CONNECTION (self), NULL);

  return self->id;
}

/**
 * twin_connection_get_from:
 *
 * Returns: (transfer none) (nullable): the entity at the first end (a
 *   signal's output); %NULL only once that entity has been finalized
 */
TwinEntity *
twin_connection_get_from (TwinConnection *self)
{
  g_return_val_if_fail (TWIN_IS_CONNECTION (self), NULL);

  return self->from;
}

const char *
twin_connection_get_from_port (TwinConnection *self)
{
  g_return_val_if_fail (TWIN_IS_CONNECTION (self), NULL);

  return self->from_port;
}

/**
 * twin_connection_get_to:
 *
 * Returns: (transfer none) (nullable): the entity at the other end (a
 *   signal's input); %NULL only once that entity has been finalized
 */
TwinEntity *
twin_connection_get_to (TwinConnection *self)
{
  g_return_val_if_fail (TWIN_IS_CONNECTION (self), NULL);

  return self->to;
}

const char *
twin_connection_get_to_port (TwinConnection *self)
{
  g_return_val_if_fail (TWIN_IS_CONNECTION (self), NULL);

  return self->to_port;
}

/**
 * twin_connection_touches:
 * @entity: an entity
 * @port: (nullable): one of its port names, or %NULL for any port
 *
 * Returns: %TRUE when either end of @self is @entity (at @port)
 */
gboolean
twin_connection_touches (TwinConnection *self,
                         TwinEntity     *entity,
                         const char     *port)
{
  g_return_val_if_fail (TWIN_IS_CONNECTION (self), FALSE);

  if (entity == NULL)
    return FALSE;
  return (self->from == entity && (port == NULL || g_strcmp0 (self->from_port, port) == 0)) ||
         (self->to == entity && (port == NULL || g_strcmp0 (self->to_port, port) == 0));
}
