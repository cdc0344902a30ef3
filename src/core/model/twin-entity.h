/* twin-entity.h: one node of a twin's hierarchy (system, subsystem or component).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "twin-connection.h"
#include "twin-transform.h"
#include "twin-types.h"

G_BEGIN_DECLS

#define TWIN_TYPE_ENTITY (twin_entity_get_type ())

/* The longest entity name, in characters. */
#define TWIN_ENTITY_NAME_MAX 200
/* The most levels a hierarchy may have (a part of a district is rarely 15 deep); it keeps
 * every twin within what the JSON form and recursive walks can carry. */
#define TWIN_ENTITY_DEPTH_MAX 100

G_DECLARE_FINAL_TYPE (TwinEntity, twin_entity, TWIN, ENTITY, GObject)

TwinEntity          *twin_entity_new                (const char           *id,
                                                     const char           *type_name,
                                                     const char           *name) G_GNUC_WARN_UNUSED_RESULT;
const char          *twin_entity_get_id             (TwinEntity           *self);
const char          *twin_entity_get_name           (TwinEntity           *self);
const char          *twin_entity_get_type_name      (TwinEntity           *self);
TwinEntity          *twin_entity_get_parent         (TwinEntity           *self);
GListModel          *twin_entity_get_children       (TwinEntity           *self);
guint                twin_entity_get_n_children     (TwinEntity           *self);
TwinEntity          *twin_entity_get_child          (TwinEntity           *self,
                                                     guint                 index);
TwinEntity          *twin_entity_find_child         (TwinEntity           *self,
                                                     const char           *name);
int                  twin_entity_get_index          (TwinEntity           *self);
GListModel          *twin_entity_get_parameters     (TwinEntity           *self);
guint                twin_entity_get_n_parameters   (TwinEntity           *self);
TwinParameter       *twin_entity_get_parameter      (TwinEntity           *self,
                                                     const char           *name);
const TwinTransform *twin_entity_get_transform      (TwinEntity           *self);
const char          *twin_entity_get_mesh_id        (TwinEntity           *self);
char                *twin_entity_dup_path           (TwinEntity           *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean             twin_entity_is_ancestor_of     (TwinEntity           *self,
                                                     TwinEntity           *descendant);
guint                twin_entity_count_subtree      (TwinEntity           *self);
guint                twin_entity_get_subtree_depth  (TwinEntity           *self);
TwinEntity          *twin_entity_copy_subtree       (TwinEntity           *self,
                                                     gboolean              new_ids) G_GNUC_WARN_UNUSED_RESULT;
gboolean             twin_entity_is_valid_name      (const char           *name,
                                                     GError              **error);
gboolean             twin_entity_is_valid_id        (const char           *id);

/**
 * TwinPortInfo:
 * @name: the port's name on this entity
 * @label: what to show next to its marker
 * @domain: its domain
 * @direction: physical, input or output
 * @optional: may stay unconnected
 * @inner: (nullable): for a boundary port, the child whose port it exposes
 * @inner_port: (nullable): for a boundary port, that child's port name
 *
 * One port of an entity: either from its component type, or a boundary port
 * of a subsystem, which exposes a port of one of its children one level up
 * (so a subsystem is used exactly like a component). Borrowed strings, valid
 * while the entity is unchanged.
 */
typedef struct
{
  const char        *name;
  const char        *label;
  TwinDomain         domain;
  TwinPortDirection  direction;
  gboolean           optional;
  TwinEntity        *inner;
  const char        *inner_port;
} TwinPortInfo;

guint                twin_entity_get_n_ports        (TwinEntity           *self);
gboolean             twin_entity_get_port           (TwinEntity           *self,
                                                     guint                 index,
                                                     TwinPortInfo         *info);
gboolean             twin_entity_find_port          (TwinEntity           *self,
                                                     const char           *name,
                                                     TwinPortInfo         *info);
guint                twin_entity_get_n_boundary_ports (TwinEntity         *self);
gboolean             twin_entity_is_valid_port_name (const char           *name);
const char          *twin_entity_find_exposing_port (TwinEntity           *self,
                                                     TwinEntity           *inner,
                                                     const char           *inner_port);
gboolean             twin_entity_resolve_port       (TwinEntity           *self,
                                                     const char           *port,
                                                     TwinPortInfo         *info);
GListModel          *twin_entity_get_connections    (TwinEntity           *self);
guint                twin_entity_get_n_connections  (TwinEntity           *self);
gboolean             twin_entity_get_diagram_position (TwinEntity         *self,
                                                     double               *x,
                                                     double               *y);

/* Building a detached tree (for loaders): only valid before the entity is in a model. */
void                 twin_entity_add_boundary_port  (TwinEntity           *self,
                                                     const char           *name,
                                                     TwinEntity           *inner,
                                                     const char           *inner_port);
void                 twin_entity_add_connection     (TwinEntity           *self,
                                                     TwinConnection       *connection);
void                 twin_entity_set_initial_diagram_position (TwinEntity *self,
                                                     double                x,
                                                     double                y);
void                 twin_entity_append_child       (TwinEntity           *self,
                                                     TwinEntity           *child);
void                 twin_entity_add_parameter      (TwinEntity           *self,
                                                     TwinParameter        *parameter);
void                 twin_entity_set_initial_transform (TwinEntity        *self,
                                                     const TwinTransform  *transform);
void                 twin_entity_set_initial_mesh_id (TwinEntity          *self,
                                                     const char           *mesh_id);

G_END_DECLS
