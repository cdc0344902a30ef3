/* twin-model.h: a twin's entity hierarchy and the only way to edit it, one undoable step at a time.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "twin-entity.h"
#include "twin-history.h"
#include "twin-transform.h"
#include "twin-types.h"

G_BEGIN_DECLS

#define TWIN_TYPE_MODEL (twin_model_get_type ())

G_DECLARE_FINAL_TYPE (TwinModel, twin_model, TWIN, MODEL, GObject)

/**
 * TwinChangeEntry:
 * @entity: the entity touched (borrowed; it may have left the model)
 * @flags: what happened to it
 * @children_from: with %TWIN_CHANGE_CHILDREN, the first child position
 *   that may have changed; the children before it kept theirs
 */
typedef struct
{
  TwinEntity      *entity;
  TwinChangeFlags  flags;
  guint            children_from;
} TwinChangeEntry;

/**
 * TwinChange:
 * @entries: (element-type TwinChangeEntry): what one edit, undo or redo did,
 *   one entry per entity, in the order the entities were touched
 * @label: what the step is called in the Undo menu ("Rename “Room 101”")
 */
typedef struct
{
  GArray     *entries;
  const char *label;
} TwinChange;

/**
 * TwinModelCommitFunc:
 * @model: the model
 * @change: what the step changed; the model already shows the new state
 * @user_data: the data given with the function
 * @error: return location for the reason the step cannot be kept
 *
 * Called after every edit, undo and redo, before anyone is told about it.
 * Returning %FALSE rolls the step back in memory and fails the edit with
 * @error, so a project file and its model never disagree.
 *
 * Returns: %TRUE to keep the step
 */
typedef gboolean (*TwinModelCommitFunc) (TwinModel        *model,
                                         const TwinChange *change,
                                         gpointer          user_data,
                                         GError          **error);

TwinModel   *twin_model_new                 (TwinEntity          *root) G_GNUC_WARN_UNUSED_RESULT;
TwinEntity  *twin_model_get_root            (TwinModel           *self);
TwinHistory *twin_model_get_history         (TwinModel           *self);
guint        twin_model_get_n_entities      (TwinModel           *self);
guint        twin_model_get_depth           (TwinModel           *self);
TwinEntity  *twin_model_lookup              (TwinModel           *self,
                                             const char          *id);
TwinEntity  *twin_model_lookup_path         (TwinModel           *self,
                                             const char          *path);
gboolean     twin_model_contains            (TwinModel           *self,
                                             TwinEntity          *entity);
void         twin_model_set_commit_func     (TwinModel           *self,
                                             TwinModelCommitFunc  func,
                                             gpointer             user_data,
                                             GDestroyNotify       destroy);

TwinEntity  *twin_model_create_entity       (TwinModel           *self,
                                             TwinEntity          *parent,
                                             const char          *type_name,
                                             const char          *name,
                                             int                  index,
                                             GError             **error);
gboolean     twin_model_rename              (TwinModel           *self,
                                             TwinEntity          *entity,
                                             const char          *name,
                                             GError             **error);
gboolean     twin_model_move                (TwinModel           *self,
                                             TwinEntity          *entity,
                                             TwinEntity          *new_parent,
                                             int                  index,
                                             GError             **error);
gboolean     twin_model_reorder             (TwinModel           *self,
                                             TwinEntity          *entity,
                                             guint                index,
                                             GError             **error);
TwinEntity  *twin_model_duplicate           (TwinModel           *self,
                                             TwinEntity          *entity,
                                             GError             **error);
gboolean     twin_model_delete              (TwinModel           *self,
                                             TwinEntity          *entity,
                                             GError             **error);
gboolean     twin_model_set_parameter       (TwinModel           *self,
                                             TwinEntity          *entity,
                                             const char          *name,
                                             GVariant            *value,
                                             GError             **error);
gboolean     twin_model_set_parameter_text  (TwinModel           *self,
                                             TwinEntity          *entity,
                                             const char          *name,
                                             const char          *text,
                                             GError             **error);
gboolean     twin_model_set_transform       (TwinModel           *self,
                                             TwinEntity          *entity,
                                             const TwinTransform *transform,
                                             GError             **error);
TwinConnection *twin_model_connect          (TwinModel           *self,
                                             TwinEntity          *a,
                                             const char          *port_a,
                                             TwinEntity          *b,
                                             const char          *port_b,
                                             GError             **error);
gboolean     twin_model_check_connection    (TwinModel           *self,
                                             TwinEntity          *a,
                                             const char          *port_a,
                                             TwinEntity          *b,
                                             const char          *port_b,
                                             GError             **error);
gboolean     twin_model_disconnect          (TwinModel           *self,
                                             TwinConnection      *connection,
                                             GError             **error);
gboolean     twin_model_expose_port         (TwinModel           *self,
                                             TwinEntity          *subsystem,
                                             TwinEntity          *inner,
                                             const char          *inner_port,
                                             const char          *name,
                                             GError             **error);
gboolean     twin_model_unexpose_port       (TwinModel           *self,
                                             TwinEntity          *subsystem,
                                             const char          *name,
                                             GError             **error);
gboolean     twin_model_place_blocks        (TwinModel           *self,
                                             TwinEntity         **entities,
                                             const double        *xy,
                                             guint                n_entities,
                                             GError             **error);
GPtrArray   *twin_model_paste_copies        (TwinModel           *self,
                                             TwinEntity          *parent,
                                             TwinEntity         **sources,
                                             guint                n_sources,
                                             double               dx,
                                             double               dy,
                                             GError             **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean     twin_model_delete_many         (TwinModel           *self,
                                             TwinEntity         **entities,
                                             guint                n_entities,
                                             GError             **error);
TwinEntity  *twin_model_group               (TwinModel           *self,
                                             TwinEntity         **children,
                                             guint                n_children,
                                             const char          *name,
                                             GError             **error);
gboolean     twin_model_ungroup             (TwinModel           *self,
                                             TwinEntity          *subsystem,
                                             GError             **error);
gboolean     twin_model_undo                (TwinModel           *self,
                                             GError             **error);
gboolean     twin_model_redo                (TwinModel           *self,
                                             GError             **error);

/* Appended for the diagram editor: a new block at a diagram position, in one step. */
TwinEntity  *twin_model_create_entity_at    (TwinModel           *self,
                                             TwinEntity          *parent,
                                             const char          *type_name,
                                             const char          *name,
                                             double               x,
                                             double               y,
                                             GError             **error);

/* Appended for meshes: a mesh per entity, and a whole imported assembly in one step. */
gboolean     twin_model_set_mesh            (TwinModel           *self,
                                             TwinEntity          *entity,
                                             const char          *mesh_id,
                                             GError             **error);
gboolean     twin_model_insert_tree         (TwinModel           *self,
                                             TwinEntity          *parent,
                                             TwinEntity          *tree,
                                             int                  index,
                                             const char          *label,
                                             GError             **error);

G_END_DECLS
