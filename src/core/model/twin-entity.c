/* twin-entity.c: one node of a twin's hierarchy (system, subsystem or component).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An entity has a stable id (a UUID, never reused), a name unique among its
 * siblings, a type name, a transform relative to its parent, an ordered list
 * of parameters and an ordered list of children. Children and parameters are
 * #GListModel s, so views follow them without glue code.
 *
 * For the diagram editor it also has: a diagram position (or none, when the
 * diagram lays it out automatically), the connections drawn in its own
 * diagram (between its children, a #GListModel of #TwinConnection), and its
 * boundary ports, each exposing one port of a direct child one level up.
 * Its ports are those of its component type, in order, then its boundary
 * ports, in order; a boundary port takes its domain and direction from the
 * inner port, through chains of boundary ports if need be.
 *
 * An entity holds a strong reference on each child and a plain pointer to
 * its parent. Once it belongs to a #TwinModel only the model changes it
 * (through twin-entity-private.h), so every change is one undoable step.
 * Not thread-safe: use from the thread that owns the model.
 */

#define G_LOG_DOMAIN "twin-entity"

#include "config.h"

#include "twin-entity-private.h"
#include "twin-entity-type.h"
#include "twin-parameter.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* A boundary port: @inner (a direct child) exposes its port @inner_port as @name. */
typedef struct
{
  char       *name;
  TwinEntity *inner; /* owned reference */
  char       *inner_port;
} BoundaryPort;

struct _TwinEntity
{
  GObject               parent_instance;

  /* Owned references */
  GListStore           *children;
  GListStore           *parameters;
  GHashTable           *parameters_by_name; /* name → TwinParameter, borrowed from @parameters */
  GHashTable           *children_by_name;   /* name → TwinEntity, borrowed from @children */
  GListStore           *connections;        /* TwinConnection between children, in drawing order */
  GPtrArray            *boundary_ports;     /* BoundaryPort, in order */

  /* Borrowed references */
  TwinEntity           *parent;
  gpointer              model; /* the TwinModel this entity belongs to, or NULL */
  const TwinEntityType *type;  /* static library data, or NULL for a type this build does not know */

  /* State */
  char                 *id;
  char                 *name;
  char                 *type_name;
  char                 *mesh_id; /* a mesh of the project's TwinMeshCatalog, or NULL: drawn as a box */
  TwinTransform         transform;
  gboolean              has_diagram_position;
  double                diagram_x; /* diagram units (1 unit = 1 px at 100 % zoom) */
  double                diagram_y;
};

G_DEFINE_FINAL_TYPE (TwinEntity, twin_entity, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_TYPE_NAME,
  PROP_TYPE_LABEL,
  PROP_ICON_NAME,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void
boundary_port_free (gpointer data)
{
  BoundaryPort *port = data;

  g_free (port->name);
  g_clear_object (&port->inner);
  g_free (port->inner_port);
  g_free (port);
}

static guint
get_n_type_ports (TwinEntity *self)
{
  return self->type != NULL ? self->type->n_ports : 0;
}

static void
fill_type_port (const TwinPortSpec *spec,
                TwinPortInfo       *info)
{
  info->name = spec->name;
  info->label = spec->label != NULL ? _ (spec->label) : spec->name;
  info->domain = spec->domain;
  info->direction = spec->direction;
  info->optional = spec->optional;
  info->inner = NULL;
  info->inner_port = NULL;
}

static gboolean find_port (TwinEntity   *self,
                           const char   *name,
                           TwinPortInfo *info,
                           guint         depth);

/* A boundary port is what its inner port is; a dangling one (the inner port
 * does not exist, or a chain too long to be a tree) has no domain. */
static void
fill_boundary_port (BoundaryPort *port,
                    TwinPortInfo *info,
                    guint         depth)
{
  TwinPortInfo inner_info;

  info->name = port->name;
  info->label = port->name;
  info->inner = port->inner;
  info->inner_port = port->inner_port;
  if (depth < TWIN_ENTITY_DEPTH_MAX && find_port (port->inner, port->inner_port, &inner_info, depth + 1))
    {
      info->domain = inner_info.domain;
      info->direction = inner_info.direction;
      info->optional = inner_info.optional;
    }
  else
    {
      info->domain = TWIN_DOMAIN_NONE;
      info->direction = TWIN_PORT_PHYSICAL;
      info->optional = TRUE;
    }
}

static gboolean
find_port (TwinEntity   *self,
           const char   *name,
           TwinPortInfo *info,
           guint         depth)
{
  guint n = get_n_type_ports (self);

  for (guint i = 0; i < n; i++)
    if (strcmp (self->type->ports[i].name, name) == 0)
      {
        fill_type_port (&self->type->ports[i], info);
        return TRUE;
      }
  for (guint i = 0; i < self->boundary_ports->len; i++)
    {
      BoundaryPort *port = g_ptr_array_index (self->boundary_ports, i);

      if (strcmp (port->name, name) == 0)
        {
          fill_boundary_port (port, info, depth);
          return TRUE;
        }
    }
  return FALSE;
}

static void
twin_entity_dispose (GObject *object)
{
  TwinEntity *self = (TwinEntity *) object;

  if (self->children != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->children));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr (TwinEntity) child = g_list_model_get_item (G_LIST_MODEL (self->children), i);

          if (child->parent == self)
            child->parent = NULL;
        }
    }
  g_clear_object (&self->children);
  g_clear_pointer (&self->parameters_by_name, g_hash_table_unref);
  g_clear_pointer (&self->children_by_name, g_hash_table_unref);
  g_clear_object (&self->parameters);
  g_clear_object (&self->connections);
  g_clear_pointer (&self->boundary_ports, g_ptr_array_unref);

  G_OBJECT_CLASS (twin_entity_parent_class)->dispose (object);
}

static void
twin_entity_finalize (GObject *object)
{
  TwinEntity *self = (TwinEntity *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->type_name, g_free);
  g_clear_pointer (&self->mesh_id, g_free);

  G_OBJECT_CLASS (twin_entity_parent_class)->finalize (object);
}

static void
twin_entity_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TwinEntity *self = TWIN_ENTITY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_TYPE_NAME:
      g_value_set_string (value, self->type_name);
      break;
    case PROP_TYPE_LABEL:
      g_value_set_string (value, twin_entity_type_get_label (self->type_name));
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, twin_entity_type_get_icon (self->type_name));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_entity_class_init (TwinEntityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = twin_entity_dispose;
  object_class->finalize = twin_entity_finalize;
  object_class->get_property = twin_entity_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TYPE_NAME] =
    g_param_spec_string ("type-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TYPE_LABEL] =
    g_param_spec_string ("type-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
twin_entity_init (TwinEntity *self)
{
  self->children = g_list_store_new (TWIN_TYPE_ENTITY);
  self->parameters = g_list_store_new (TWIN_TYPE_PARAMETER);
  self->parameters_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->children_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->connections = g_list_store_new (TWIN_TYPE_CONNECTION);
  self->boundary_ports = g_ptr_array_new_with_free_func (boundary_port_free);
  twin_transform_init_identity (&self->transform);
  self->diagram_x = NAN;
  self->diagram_y = NAN;
}

/**
 * twin_entity_is_valid_id:
 *
 * Returns: %TRUE when @id is a UUID in its canonical text form
 */
gboolean
twin_entity_is_valid_id (const char *id)
{
  return id != NULL && g_uuid_string_is_valid (id);
}

/**
 * twin_entity_is_valid_name:
 * @name: a candidate name
 * @error: a %TWIN_MODEL_ERROR_INVALID_NAME saying why it is refused
 *
 * A name is non-empty UTF-8 text of at most %TWIN_ENTITY_NAME_MAX
 * characters, without `/` (it separates a path), control characters, or
 * spaces at either end.
 *
 * Returns: %TRUE when @name may be used
 */
gboolean
twin_entity_is_valid_name (const char *name,
                           GError    **error)
{
  const char *p;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_NAME,
                   _ ("A name must be valid UTF-8 text"));
      return FALSE;
    }
  if (name[0] == '\0')
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_NAME,
                   _ ("A name cannot be empty"));
      return FALSE;
    }
  if (g_utf8_strlen (name, -1) > TWIN_ENTITY_NAME_MAX)
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_NAME,
                   _ ("A name can have at most %d characters"), TWIN_ENTITY_NAME_MAX);
      return FALSE;
    }
  for (p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/')
        {
          g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_NAME,
                       _ ("A name cannot contain “/”"));
          return FALSE;
        }
      if (g_unichar_iscntrl (c))
        {
          g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_NAME,
                       _ ("A name cannot contain line breaks or control characters"));
          return FALSE;
        }
    }
  if (g_unichar_isspace (g_utf8_get_char (name)) ||
      g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (p))))
    {
      g_set_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_NAME,
                   _ ("A name cannot start or end with a space"));
      return FALSE;
    }
  return TRUE;
}

/**
 * twin_entity_new:
 * @id: (nullable): a UUID, or %NULL for a new random one
 * @type_name: the type name (`room`)
 * @name: a valid name
 *
 * Creates a detached entity with no parameters and no children.
 *
 * Returns: (transfer full): the new entity
 */
TwinEntity *
twin_entity_new (const char *id,
                 const char *type_name,
                 const char *name)
{
  TwinEntity *self;

  g_return_val_if_fail (id == NULL || twin_entity_is_valid_id (id), NULL);
  g_return_val_if_fail (twin_entity_type_is_valid_name (type_name), NULL);
  g_return_val_if_fail (twin_entity_is_valid_name (name, NULL), NULL);

  self = g_object_new (TWIN_TYPE_ENTITY, NULL);
  self->id = id != NULL ? g_ascii_strdown (id, -1) : g_uuid_string_random ();
  self->type_name = g_strdup (type_name);
  self->type = twin_entity_type_lookup (type_name);
  self->name = g_strdup (name);
  return self;
}

const char *
twin_entity_get_id (TwinEntity *self)
{
  g_return_val_if_fail (TWIN_IS_ENTITY (self), NULL);

  return self->id;
}

const char *
twin_entity_get_name (TwinEntity *self)
{
  g_return_val_if_fail (TWIN_IS_ENTITY (self), NULL);

  return self->name;
}

const char *
twin_entity_get_type_name (TwinEntity *self)
{
  g_return_val_if_fail (TWIN_IS_ENTITY (self), NULL);

  return self->type_name;
}

/**
 * twin_entity_get_parent:
 *
 * Returns: (transfer none) (nullable): the parent, %NULL for a root
 */
TwinEntity *
twin_entity_get_parent (TwinEntity *self)
{
  g_return_val_if_fail (TWIN_IS_ENTITY (self), NULL);

  return self->parent;
}

/**
 * twin_entity_get_children:
 *
 * Returns: (transfer none): the children in order, a #GListModel of #TwinEntity
 */
GListModel *
twin_entity_get_children (TwinEntity *self)
{
  g_return_val_if_fail (TWIN_IS_ENTITY (self), NULL);

  return G_LIST_MODEL (self->children);
}

guint
twin_entity_get_n_children (TwinEntity *self)
{
  g_return_val_if_fail (TWIN_IS_ENTITY (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->children));
}

/**
 * twin_entity_get_child:
 *
 * Returns: (transfer none) (nullable): the child at @index
 */
TwinEntity *
twin_entity_get_child (TwinEntity *self,
                       guint       index)
{
  g_autoptr (TwinEntity) child = NULL;

  g_return_val_if_fail (TWIN_IS_ENTITY (self), NULL);

  child = g_list_model_get_item (G_LIST_MODEL (self->children), index);
  return child; /* still owned by the list */
}

/**
 * twin_entity_find_child:
 *
 * Returns: (transfer none) (nullable): the child named @name
 */
TwinEntity *
twin_entity_find_child (TwinEntity *self,
                        const char *name)
{
  g_return_val_if_fail (TWIN_IS_ENTITY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->children_by_name, name);
}

/**
 * twin_entity_get_index:
 *
 * Returns: the position of @self among its siblings, or -1 for a root
 */
int
twin_entity_get_index (TwinEntity *self)
{
  guint position;

  g_return_val_if_fail (TWIN_IS_ENTITY (self), -1);

  if (self->parent == NULL)
    return -1;
  if (!g_list_store_find (self->parent->children, self, &position))
    g_return_val_if_reached (-1);
  return (int) position;
}

/**
 * twin_entity_get_parameters:
 *
 * Returns: (transfer none): the parameters in order, a #GListModel of #TwinParameter
 */
GListModel *
twin_entity_get_parameters (TwinEntity *self)
{
  g_return_val_if_fail (TWIN_IS_ENTITY (self), NULL);

  return G_LIST_MODEL (self->parameters);
}

guint
twin_entity_get_n_parameters (TwinEntity *self)
{
  g_return_val_if_fail (TWIN_IS_ENTITY (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->parameters));
}

/**
 * twin_entity_get_parameter:
 *
 * Returns: (transfer none) (nullable): the parameter named @name
 */
TwinParameter *
twin_entity_get_parameter (TwinEntity *self,
                           const char *name)
{
  g_return_val_if_fail (TWIN_IS_ENTITY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->parameters_by_name, name);
}

/**
 * twin_entity_get_transform:
 *
 * Returns: (transfer none): the transform relative to the parent
 */
const TwinTransform *
twin_entity_get_transform (TwinEntity *self)
{
  g_return_val_if_fail (TWIN_IS_ENTITY (self), NULL);

  return &self->transform;
}

/**
 * twin_entity_dup_path:
 *
 * Returns: (transfer full): the names from the root down to @self joined
 *   by `/` (`Office/Floor 1/Room 101`)
 */
char *
twin_entity_dup_path (TwinEntity *self)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  GString *path = g_string_new (NULL);

  g_return_val_if_fail (TWIN_IS_ENTITY (self), NULL);

  for (TwinEntity *e = self; e != NULL; e = e->parent)
    g_ptr_array_add (names, e->name);
  for (guint i = names->len; i > 0; i--)
    {
      if (path->len > 0)
        g_string_append_c (path, '/');
      g_string_append (path, g_ptr_array_index (names, i - 1));
    }
  return g_string_free (path, FALSE);
}

/**
 * twin_entity_is_ancestor_of:
 *
 * Returns: %TRUE when @descendant is @self or lies below it
 */
gboolean
twin_entity_is_ancestor_of (TwinEntity *self,
                            TwinEntity *descendant)
{
  g_return_val_if_fail (TWIN_IS_ENTITY (self), FALSE);
  g_return_val_if_fail (TWIN_IS_ENTITY (descendant), FALSE);

  for (TwinEntity *e = descendant; e != NULL; e = e->parent)
    if (e == self)
      return TRUE;
  return FALSE;
}

/**
 * twin_entity_count_subtree:
 *
 * Returns: the number of entities in the subtree of @self, itself included
 */
guint
twin_entity_count_subtree (TwinEntity *self)
{
  guint n_children;
  guint count = 1;

  g_return_val_if_fail (TWIN_IS_ENTITY (self), 0);

  n_children = twin_entity_get_n_children (self);
  for (guint i = 0; i < n_children; i++)
    count += twin_entity_count_subtree (twin_entity_get_child (self, i));
  return count;
}

/**
 * twin_entity_get_subtree_depth:
 *
 * Returns: the number of levels of the subtree of @self: 1 for a leaf
 */
guint
twin_entity_get_subtree_depth (TwinEntity *self)
{
  guint n_children;
  guint deepest = 0;

  g_return_val_if_fail (TWIN_IS_ENTITY (self), 0);

  n_children = twin_entity_get_n_children (self);
  for (guint i = 0; i < n_children; i++)
    {
      /* Not inside MAX(): it would evaluate the recursion twice, exponentially. */
      guint depth = twin_entity_get_subtree_depth (twin_entity_get_child (self, i));

      deepest = MAX (deepest, depth);
    }
  return deepest + 1;
}

/**
 * twin_entity_copy_subtree:
 * @new_ids: %TRUE to give every copy (and every copied connection) a new
 *   UUID (a duplicate), %FALSE to keep the ids (a snapshot)
 *
 * Returns: (transfer full): a detached deep copy of @self, its parameters,
 *   transform, diagram position, descendants, boundary ports and the
 *   connections between its descendants, re-pointed to the copies
 */
TwinEntity *
twin_entity_copy_subtree (TwinEntity *self,
                          gboolean    new_ids)
{
  g_autoptr (GHashTable) copies = NULL; /* child → its copy */
  TwinEntity *copy;
  guint       n;

  g_return_val_if_fail (TWIN_IS_ENTITY (self), NULL);

  copy = twin_entity_new (new_ids ? NULL : self->id, self->type_name, self->name);
  copy->transform = self->transform;
  copy->mesh_id = g_strdup (self->mesh_id);
  copy->has_diagram_position = self->has_diagram_position;
  copy->diagram_x = self->diagram_x;
  copy->diagram_y = self->diagram_y;

  n = twin_entity_get_n_parameters (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TwinParameter) parameter = g_list_model_get_item (G_LIST_MODEL (self->parameters), i);
      g_autoptr (TwinParameter) parameter_copy = twin_parameter_copy (parameter);

      twin_entity_add_parameter (copy, parameter_copy);
    }

  copies = g_hash_table_new (NULL, NULL);
  n = twin_entity_get_n_children (self);
  for (guint i = 0; i < n; i++)
    {
      TwinEntity *child = twin_entity_get_child (self, i);
      g_autoptr (TwinEntity) child_copy = twin_entity_copy_subtree (child, new_ids);

      twin_entity_append_child (copy, child_copy);
      g_hash_table_insert (copies, child, child_copy); /* @copy holds it */
    }

  for (guint i = 0; i < self->boundary_ports->len; i++)
    {
      BoundaryPort *port = g_ptr_array_index (self->boundary_ports, i);
      TwinEntity   *inner = g_hash_table_lookup (copies, port->inner);

      if (inner != NULL)
        twin_entity_add_boundary_port (copy, port->name, inner, port->inner_port);
    }

  n = twin_entity_get_n_connections (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TwinConnection) connection = g_list_model_get_item (G_LIST_MODEL (self->connections), i);
      TwinEntity *from = g_hash_table_lookup (copies, twin_connection_get_from (connection));
      TwinEntity *to = g_hash_table_lookup (copies, twin_connection_get_to (connection));
      g_autoptr (TwinConnection) connection_copy = NULL;

      if (from == NULL || to == NULL)
        continue;
      connection_copy = twin_connection_new (new_ids ? NULL : twin_connection_get_id (connection),
                                             from, twin_connection_get_from_port (connection),
                                             to, twin_connection_get_to_port (connection));
      twin_entity_add_connection (copy, connection_copy);
    }
  return copy;
}

/**
 * twin_entity_get_n_ports:
 *
 * Returns: the number of ports: the component type's, then the boundary ports
 */
guint
twin_entity_get_n_ports (TwinEntity *self)
{
  g_return_val_if_fail (TWIN_IS_ENTITY (self), 0);

  return get_n_type_ports (self) + self->boundary_ports->len;
}

/**
 * twin_entity_get_port:
 * @index: a port index, below twin_entity_get_n_ports()
 * @info: (out caller-allocates): the port
 *
 * Returns: %TRUE when @index is a port of @self
 */
gboolean
twin_entity_get_port (TwinEntity   *self,
                      guint         index,
                      TwinPortInfo *info)
{
  guint n_type_ports;

  g_return_val_if_fail (TWIN_IS_ENTITY (self), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  n_type_ports = get_n_type_ports (self);
  if (index < n_type_ports)
    {
      fill_type_port (&self->type->ports[index], info);
      return TRUE;
    }
  index -= n_type_ports;
  if (index < self->boundary_ports->len)
    {
      fill_boundary_port (g_ptr_array_index (self->boundary_ports, index), info, 0);
      return TRUE;
    }
  return FALSE;
}

/**
 * twin_entity_find_port:
 * @name: a port name
 * @info: (out caller-allocates) (optional): the port
 *
 * Returns: %TRUE when @self has a port named @name
 */
gboolean
twin_entity_find_port (TwinEntity   *self,
                       const char   *name,
                       TwinPortInfo *info)
{
  TwinPortInfo unused;

  g_return_val_if_fail (TWIN_IS_ENTITY (self), FALSE);

  if (name == NULL)
    return FALSE;
  return find_port (self, name, info != NULL ? info : &unused, 0);
}

/**
 * twin_entity_get_n_boundary_ports:
 *
 * Returns: the number of boundary ports; they are the last ports of @self
 */
guint
twin_entity_get_n_boundary_ports (TwinEntity *self)
{
  g_return_val_if_fail (TWIN_IS_ENTITY (self), 0);

  return self->boundary_ports->len;
}

/**
 * twin_entity_get_connections:
 *
 * Returns: (transfer none): the connections drawn in the diagram of @self,
 *   between its children, a #GListModel of #TwinConnection
 */
GListModel *
twin_entity_get_connections (TwinEntity *self)
{
  g_return_val_if_fail (TWIN_IS_ENTITY (self), NULL);

  return G_LIST_MODEL (self->connections);
}

guint
twin_entity_get_n_connections (TwinEntity *self)
{
  g_return_val_if_fail (TWIN_IS_ENTITY (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->connections));
}

/**
 * twin_entity_get_diagram_position:
 * @x: (out) (optional): the left edge, in diagram units, or NaN
 * @y: (out) (optional): the top edge, in diagram units, or NaN
 *
 * Returns: %TRUE when @self has a position in its parent's diagram;
 *   %FALSE when the diagram lays it out automatically
 */
gboolean
twin_entity_get_diagram_position (TwinEntity *self,
                                  double     *x,
                                  double     *y)
{
  g_return_val_if_fail (TWIN_IS_ENTITY (self), FALSE);

  if (x != NULL)
    *x = self->has_diagram_position ? self->diagram_x : NAN;
  if (y != NULL)
    *y = self->has_diagram_position ? self->diagram_y : NAN;
  return self->has_diagram_position;
}

static gboolean
port_name_is_free (TwinEntity *self,
                   const char *name)
{
  TwinPortInfo info;

  return !twin_entity_find_port (self, name, &info);
}

/**
 * twin_entity_add_boundary_port:
 * @name: a name no port of @self has yet
 * @inner: a child of @self
 * @inner_port: the name of a port of @inner (not checked: the validator
 *   reports a boundary port whose inner port does not exist)
 *
 * Appends a boundary port while building a detached tree.
 */
void
twin_entity_add_boundary_port (TwinEntity *self,
                               const char *name,
                               TwinEntity *inner,
                               const char *inner_port)
{
  g_return_if_fail (TWIN_IS_ENTITY (self));
  g_return_if_fail (TWIN_IS_ENTITY (inner));
  g_return_if_fail (self->model == NULL);
  g_return_if_fail (name != NULL && name[0] != '\0');
  g_return_if_fail (inner_port != NULL && inner_port[0] != '\0');
  g_return_if_fail (inner->parent == self);
  g_return_if_fail (port_name_is_free (self, name));

  _twin_entity_insert_boundary_port (self, self->boundary_ports->len, name, inner, inner_port);
}

/**
 * twin_entity_add_connection:
 * @connection: (transfer none): a connection between two different children
 *   of @self (its ports are not checked: the validator reports bad wiring)
 *
 * Appends a connection while building a detached tree.
 */
void
twin_entity_add_connection (TwinEntity     *self,
                            TwinConnection *connection)
{
  TwinEntity *from;
  TwinEntity *to;

  g_return_if_fail (TWIN_IS_ENTITY (self));
  g_return_if_fail (TWIN_IS_CONNECTION (connection));
  g_return_if_fail (self->model == NULL);

  from = twin_connection_get_from (connection);
  to = twin_connection_get_to (connection);
  g_return_if_fail (from != NULL && from->parent == self);
  g_return_if_fail (to != NULL && to->parent == self);
  g_return_if_fail (from != to);

  g_list_store_append (self->connections, connection);
}

/**
 * twin_entity_set_initial_diagram_position:
 * @x: the left edge in diagram units, or NaN for no position
 * @y: the top edge in diagram units, or NaN for no position
 *
 * Sets the diagram position while building a detached tree.
 */
void
twin_entity_set_initial_diagram_position (TwinEntity *self,
                                          double      x,
                                          double      y)
{
  g_return_if_fail (TWIN_IS_ENTITY (self));
  g_return_if_fail (self->model == NULL);
  g_return_if_fail (!isinf (x) && !isinf (y));

  _twin_entity_set_diagram_position (self, !isnan (x) && !isnan (y), x, y);
}

/**
 * twin_entity_append_child:
 * @child: (transfer none): a detached entity whose name no child of @self has
 *
 * Adds @child as the last child while building a detached tree.
 */
void
twin_entity_append_child (TwinEntity *self,
                          TwinEntity *child)
{
  g_return_if_fail (TWIN_IS_ENTITY (self));
  g_return_if_fail (TWIN_IS_ENTITY (child));
  g_return_if_fail (self->model == NULL);
  g_return_if_fail (child->parent == NULL && child != self);
  g_return_if_fail (twin_entity_find_child (self, child->name) == NULL);

  _twin_entity_insert_child (self, child, twin_entity_get_n_children (self));
}

/**
 * twin_entity_add_parameter:
 * @parameter: (transfer none): a parameter whose name @self does not have yet
 *
 * Adds a parameter while building a detached tree.
 */
void
twin_entity_add_parameter (TwinEntity    *self,
                           TwinParameter *parameter)
{
  g_return_if_fail (TWIN_IS_ENTITY (self));
  g_return_if_fail (TWIN_IS_PARAMETER (parameter));
  g_return_if_fail (self->model == NULL);
  g_return_if_fail (twin_entity_get_parameter (self, twin_parameter_get_name (parameter)) == NULL);

  g_list_store_append (self->parameters, parameter);
  g_hash_table_insert (self->parameters_by_name, (gpointer) twin_parameter_get_name (parameter), parameter);
}

/**
 * twin_entity_set_initial_transform:
 *
 * Sets the transform while building a detached tree.
 */
void
twin_entity_set_initial_transform (TwinEntity          *self,
                                   const TwinTransform *transform)
{
  g_return_if_fail (TWIN_IS_ENTITY (self));
  g_return_if_fail (transform != NULL);
  g_return_if_fail (self->model == NULL);

  self->transform = *transform;
}

/**
 * twin_entity_set_initial_mesh_id:
 * @mesh_id: (nullable): the id of a mesh in the project's catalog, or %NULL
 *
 * Sets the mesh while building a detached tree.
 */
void
twin_entity_set_initial_mesh_id (TwinEntity *self,
                                 const char *mesh_id)
{
  g_return_if_fail (TWIN_IS_ENTITY (self));
  g_return_if_fail (self->model == NULL);

  g_free (self->mesh_id);
  self->mesh_id = g_strdup (mesh_id);
}

/**
 * twin_entity_get_mesh_id:
 *
 * The mesh that shows the entity in 3D, by its id in the project's
 * #TwinMeshCatalog. An entity without one is drawn as a box, and so is one
 * whose mesh the project does not hold (a JSON file imported without its
 * meshes, say).
 *
 * Returns: (nullable): the mesh's id, or %NULL
 */
const char *
twin_entity_get_mesh_id (TwinEntity *self)
{
  g_return_val_if_fail (TWIN_IS_ENTITY (self), NULL);

  return self->mesh_id;
}

/**
 * twin_entity_is_valid_port_name:
 *
 * A port name is what twin_model_expose_port() accepts: letters, digits and
 * `_` (any script), not starting with a digit, at most
 * %TWIN_ENTITY_NAME_MAX characters. The library's port names follow it too.
 *
 * Returns: %TRUE when @name may name a port
 */
gboolean
twin_entity_is_valid_port_name (const char *name)
{
  if (name == NULL || name[0] == '\0' || g_utf8_strlen (name, -1) > TWIN_ENTITY_NAME_MAX ||
      g_unichar_isdigit (g_utf8_get_char (name)))
    return FALSE;
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalnum (c) && c != '_')
        return FALSE;
    }
  return TRUE;
}

/**
 * twin_entity_find_exposing_port:
 * @inner: a child of @self
 * @inner_port: one of its ports
 *
 * Returns: (nullable): the name of the boundary port of @self that exposes
 *   @inner's port @inner_port (an inner port is exposed at most once)
 */
const char *
twin_entity_find_exposing_port (TwinEntity *self,
                                TwinEntity *inner,
                                const char *inner_port)
{
  g_return_val_if_fail (TWIN_IS_ENTITY (self), NULL);

  for (guint i = 0; i < twin_entity_get_n_ports (self); i++)
    {
      TwinPortInfo info;

      if (twin_entity_get_port (self, i, &info) && info.inner == inner && g_strcmp0 (info.inner_port, inner_port) == 0)
        return info.name;
    }
  return NULL;
}

/**
 * twin_entity_resolve_port:
 * @port: a port name read from a file
 * @info: (out): the port
 *
 * Finds @port as twin_entity_find_port() does, for loaders. An entity of a
 * type this build does not know (from a newer component library) has ports
 * it cannot list: any valid name is taken as written, with no domain, and
 * the validator reports it if needed.
 *
 * Returns: %TRUE when @port may be used on @self
 */
gboolean
twin_entity_resolve_port (TwinEntity   *self,
                          const char   *port,
                          TwinPortInfo *info)
{
  g_return_val_if_fail (TWIN_IS_ENTITY (self), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  if (twin_entity_find_port (self, port, info))
    return TRUE;
  if (twin_entity_type_lookup (twin_entity_get_type_name (self)) != NULL || !twin_entity_is_valid_port_name (port))
    return FALSE;
  memset (info, 0, sizeof *info);
  info->name = port;
  info->domain = TWIN_DOMAIN_NONE;
  info->direction = TWIN_PORT_PHYSICAL;
  return TRUE;
}

void
_twin_entity_set_name (TwinEntity *self,
                       const char *name)
{
  g_assert (TWIN_IS_ENTITY (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;
  if (self->parent != NULL && g_hash_table_lookup (self->parent->children_by_name, self->name) == self)
    g_hash_table_remove (self->parent->children_by_name, self->name);
  g_free (self->name);
  self->name = g_strdup (name);
  if (self->parent != NULL)
    g_hash_table_insert (self->parent->children_by_name, self->name, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

void
_twin_entity_set_transform (TwinEntity          *self,
                            const TwinTransform *transform)
{
  g_assert (TWIN_IS_ENTITY (self));

  self->transform = *transform;
}

void
_twin_entity_set_mesh_id (TwinEntity *self,
                          const char *mesh_id)
{
  g_assert (TWIN_IS_ENTITY (self));

  g_free (self->mesh_id);
  self->mesh_id = g_strdup (mesh_id);
}

void
_twin_entity_insert_child (TwinEntity *self,
                           TwinEntity *child,
                           guint       index)
{
  g_assert (TWIN_IS_ENTITY (self));
  g_assert (TWIN_IS_ENTITY (child));
  g_assert (child->parent == NULL);

  child->parent = self;
  g_hash_table_insert (self->children_by_name, child->name, child);
  g_list_store_insert (self->children, MIN (index, twin_entity_get_n_children (self)), child);
}

void
_twin_entity_remove_child (TwinEntity *self,
                           TwinEntity *child)
{
  guint position;

  g_assert (TWIN_IS_ENTITY (self));
  g_assert (child->parent == self);

  if (!g_list_store_find (self->children, child, &position))
    g_assert_not_reached ();
  /* The caller holds a reference: removing from the store must not finalize the child. */
  if (g_hash_table_lookup (self->children_by_name, child->name) == child)
    g_hash_table_remove (self->children_by_name, child->name);
  child->parent = NULL;
  g_list_store_remove (self->children, position);
}

void
_twin_entity_set_model (TwinEntity *self,
                        gpointer    model)
{
  guint n;

  g_assert (TWIN_IS_ENTITY (self));

  self->model = model;
  n = twin_entity_get_n_children (self);
  for (guint i = 0; i < n; i++)
    _twin_entity_set_model (twin_entity_get_child (self, i), model);
}

gpointer
_twin_entity_get_model (TwinEntity *self)
{
  g_assert (TWIN_IS_ENTITY (self));

  return self->model;
}

void
_twin_entity_insert_connection (TwinEntity     *self,
                                TwinConnection *connection,
                                guint           index)
{
  g_assert (TWIN_IS_ENTITY (self));
  g_assert (TWIN_IS_CONNECTION (connection));

  g_list_store_insert (self->connections, MIN (index, twin_entity_get_n_connections (self)), connection);
}

/* Returns the position @connection had. */
guint
_twin_entity_remove_connection (TwinEntity     *self,
                                TwinConnection *connection)
{
  guint position;

  g_assert (TWIN_IS_ENTITY (self));

  if (!g_list_store_find (self->connections, connection, &position))
    g_assert_not_reached ();
  g_list_store_remove (self->connections, position);
  return position;
}

/* Returns the index of the boundary port @name among the boundary ports, or -1. */
int
_twin_entity_find_boundary_port (TwinEntity *self,
                                 const char *name)
{
  g_assert (TWIN_IS_ENTITY (self));

  for (guint i = 0; i < self->boundary_ports->len; i++)
    {
      BoundaryPort *port = g_ptr_array_index (self->boundary_ports, i);

      if (strcmp (port->name, name) == 0)
        return (int) i;
    }
  return -1;
}

/* Borrowed fields of the boundary port at @index (among the boundary ports). */
void
_twin_entity_get_boundary_port (TwinEntity  *self,
                                guint        index,
                                const char **name,
                                TwinEntity **inner,
                                const char **inner_port)
{
  BoundaryPort *port;

  g_assert (TWIN_IS_ENTITY (self));
  g_assert (index < self->boundary_ports->len);

  port = g_ptr_array_index (self->boundary_ports, index);
  if (name != NULL)
    *name = port->name;
  if (inner != NULL)
    *inner = port->inner;
  if (inner_port != NULL)
    *inner_port = port->inner_port;
}

void
_twin_entity_insert_boundary_port (TwinEntity *self,
                                   guint       index,
                                   const char *name,
                                   TwinEntity *inner,
                                   const char *inner_port)
{
  BoundaryPort *port;

  g_assert (TWIN_IS_ENTITY (self));
  g_assert (TWIN_IS_ENTITY (inner));

  port = g_new0 (BoundaryPort, 1);
  port->name = g_strdup (name);
  port->inner = g_object_ref (inner);
  port->inner_port = g_strdup (inner_port);
  g_ptr_array_insert (self->boundary_ports, (int) MIN (index, self->boundary_ports->len), port);
}

/* Returns the index the boundary port @name had. */
guint
_twin_entity_remove_boundary_port (TwinEntity *self,
                                   const char *name)
{
  int index = _twin_entity_find_boundary_port (self, name);

  g_assert (index >= 0);
  g_ptr_array_remove_index (self->boundary_ports, (guint) index);
  return (guint) index;
}

void
_twin_entity_set_diagram_position (TwinEntity *self,
                                   gboolean    has_position,
                                   double      x,
                                   double      y)
{
  g_assert (TWIN_IS_ENTITY (self));

  self->has_diagram_position = has_position;
  self->diagram_x = has_position ? x : NAN;
  self->diagram_y = has_position ? y : NAN;
}
