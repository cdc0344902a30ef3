/* twin-entity-private.h: what only the model may do to an entity of a model.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "twin-entity.h"

G_BEGIN_DECLS

void       _twin_entity_set_name      (TwinEntity          *self,
                                       const char          *name);
void       _twin_entity_set_transform (TwinEntity          *self,
                                       const TwinTransform *transform);
void       _twin_entity_set_mesh_id   (TwinEntity          *self,
                                       const char          *mesh_id);
void       _twin_entity_insert_child  (TwinEntity          *self,
                                       TwinEntity          *child,
                                       guint                index);
void       _twin_entity_remove_child  (TwinEntity          *self,
                                       TwinEntity          *child);
void       _twin_entity_set_model     (TwinEntity          *self,
                                       gpointer             model);
gpointer   _twin_entity_get_model     (TwinEntity          *self);

void       _twin_entity_insert_connection    (TwinEntity     *self,
                                              TwinConnection *connection,
                                              guint           index);
guint      _twin_entity_remove_connection    (TwinEntity     *self,
                                              TwinConnection *connection);
int        _twin_entity_find_boundary_port   (TwinEntity     *self,
                                              const char     *name);
void       _twin_entity_get_boundary_port    (TwinEntity     *self,
                                              guint           index,
                                              const char    **name,
                                              TwinEntity    **inner,
                                              const char    **inner_port);
void       _twin_entity_insert_boundary_port (TwinEntity     *self,
                                              guint           index,
                                              const char     *name,
                                              TwinEntity     *inner,
                                              const char     *inner_port);
guint      _twin_entity_remove_boundary_port (TwinEntity     *self,
                                              const char     *name);
void       _twin_entity_set_diagram_position (TwinEntity     *self,
                                              gboolean        has_position,
                                              double          x,
                                              double          y);

G_END_DECLS
