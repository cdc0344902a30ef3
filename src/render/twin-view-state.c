/* twin-view-state.c: what the 3D view shows of a twin: hidden and isolated entities, transparency, X-ray.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain state, no GL: the viewport keeps one across GL contexts, and the
 * renderer and the picker read the same one, so what is hidden is never
 * picked. Entities are named by id, so the state survives edits, undo and
 * reloading the model; ids that leave the model are simply never matched.
 *
 * Rules, applied along the entity's ancestors (O(depth) a query):
 * - hiding an entity hides its whole subtree;
 * - isolating an entity shows only its subtree (its ancestors' own boxes
 *   are hidden too); isolating again replaces it, %NULL ends it;
 * - an entity's opacity multiplies into its subtree's, and X-ray multiplies
 *   everything by %TWIN_VIEW_STATE_XRAY_OPACITY.
 */

#define G_LOG_DOMAIN "twin-view-state"

#include "config.h"

#include "twin-view-state.h"

#include <math.h>

struct _TwinViewState
{
  GObject     parent_instance;

  /* Owned */
  GHashTable *hidden;    /* entity id → itself: a set */
  GHashTable *opacities; /* entity id → float * in [0, 1), only those below 1 */
  char       *isolated;  /* entity id or NULL */

  /* State */
  gboolean    xray;
};

G_DEFINE_FINAL_TYPE (TwinViewState, twin_view_state, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void
emit_changed (TwinViewState *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
twin_view_state_finalize (GObject *object)
{
  TwinViewState *self = TWIN_VIEW_STATE (object);

  g_clear_pointer (&self->hidden, g_hash_table_unref);
  g_clear_pointer (&self->opacities, g_hash_table_unref);
  g_clear_pointer (&self->isolated, g_free);

  G_OBJECT_CLASS (twin_view_state_parent_class)->finalize (object);
}

static void
twin_view_state_class_init (TwinViewStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = twin_view_state_finalize;

  /**
   * TwinViewState::changed:
   *
   * Emitted after anything the view shows changed; views redraw on it.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
twin_view_state_init (TwinViewState *self)
{
  self->hidden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->opacities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * twin_view_state_new:
 *
 * Returns: (transfer full): a state that shows everything, opaque
 */
TwinViewState *
twin_view_state_new (void)
{
  return g_object_new (TWIN_TYPE_VIEW_STATE, NULL);
}

/**
 * twin_view_state_set_hidden:
 * @entity_id: an entity's id
 * @hidden: whether to hide it and its subtree
 */
void
twin_view_state_set_hidden (TwinViewState *self,
                            const char    *entity_id,
                            gboolean       hidden)
{
  gboolean changed;

  g_return_if_fail (TWIN_IS_VIEW_STATE (self));
  g_return_if_fail (entity_id != NULL);

  if (hidden)
    changed = g_hash_table_add (self->hidden, g_strdup (entity_id));
  else
    changed = g_hash_table_remove (self->hidden, entity_id);
  if (changed)
    emit_changed (self);
}

/**
 * twin_view_state_get_hidden:
 * @entity_id: an entity's id
 *
 * Returns: whether the entity itself is marked hidden (it may also be
 *   hidden by an ancestor: see twin_view_state_is_visible())
 */
gboolean
twin_view_state_get_hidden (TwinViewState *self,
                            const char    *entity_id)
{
  g_return_val_if_fail (TWIN_IS_VIEW_STATE (self), FALSE);

  return entity_id != NULL && g_hash_table_contains (self->hidden, entity_id);
}

/**
 * twin_view_state_get_n_hidden:
 *
 * Returns: how many entities are marked hidden
 */
guint
twin_view_state_get_n_hidden (TwinViewState *self)
{
  g_return_val_if_fail (TWIN_IS_VIEW_STATE (self), 0);

  return g_hash_table_size (self->hidden);
}

/**
 * twin_view_state_set_isolated:
 * @entity_id: (nullable): the entity whose subtree alone is shown, or %NULL
 *   to show every entity again
 */
void
twin_view_state_set_isolated (TwinViewState *self,
                              const char    *entity_id)
{
  g_return_if_fail (TWIN_IS_VIEW_STATE (self));

  if (g_strcmp0 (self->isolated, entity_id) == 0)
    return;
  g_free (self->isolated);
  self->isolated = g_strdup (entity_id);
  emit_changed (self);
}

/**
 * twin_view_state_get_isolated:
 *
 * Returns: (nullable): the id of the isolated entity
 */
const char *
twin_view_state_get_isolated (TwinViewState *self)
{
  g_return_val_if_fail (TWIN_IS_VIEW_STATE (self), NULL);

  return self->isolated;
}

/**
 * twin_view_state_set_opacity:
 * @entity_id: an entity's id
 * @opacity: from 0 (invisible, and not picked) to 1 (opaque, the default);
 *   clamped, and NaN counts as 1
 *
 * How opaque the entity and its subtree are drawn.
 */
void
twin_view_state_set_opacity (TwinViewState *self,
                             const char    *entity_id,
                             float          opacity)
{
  float *stored;

  g_return_if_fail (TWIN_IS_VIEW_STATE (self));
  g_return_if_fail (entity_id != NULL);

  if (isnan (opacity))
    opacity = 1.0f;
  opacity = CLAMP (opacity, 0.0f, 1.0f);
  if (twin_view_state_get_opacity (self, entity_id) == opacity)
    return;

  if (opacity >= 1.0f)
    g_hash_table_remove (self->opacities, entity_id);
  else
    {
      stored = g_new (float, 1);
      *stored = opacity;
      g_hash_table_replace (self->opacities, g_strdup (entity_id), stored);
    }
  emit_changed (self);
}

/**
 * twin_view_state_get_opacity:
 * @entity_id: an entity's id
 *
 * Returns: the entity's own opacity, 1 unless set
 */
float
twin_view_state_get_opacity (TwinViewState *self,
                             const char    *entity_id)
{
  const float *stored;

  g_return_val_if_fail (TWIN_IS_VIEW_STATE (self), 1.0f);

  stored = entity_id != NULL ? g_hash_table_lookup (self->opacities, entity_id) : NULL;
  return stored != NULL ? *stored : 1.0f;
}

/**
 * twin_view_state_set_xray:
 * @xray: whether to draw everything see-through
 */
void
twin_view_state_set_xray (TwinViewState *self,
                          gboolean       xray)
{
  g_return_if_fail (TWIN_IS_VIEW_STATE (self));

  xray = !!xray;
  if (self->xray == xray)
    return;
  self->xray = xray;
  emit_changed (self);
}

gboolean
twin_view_state_get_xray (TwinViewState *self)
{
  g_return_val_if_fail (TWIN_IS_VIEW_STATE (self), FALSE);

  return self->xray;
}

/**
 * twin_view_state_show_all:
 *
 * Shows every entity again: clears the hidden marks and the isolation.
 * Opacities and X-ray stay.
 */
void
twin_view_state_show_all (TwinViewState *self)
{
  g_return_if_fail (TWIN_IS_VIEW_STATE (self));

  if (g_hash_table_size (self->hidden) == 0 && self->isolated == NULL)
    return;
  g_hash_table_remove_all (self->hidden);
  g_clear_pointer (&self->isolated, g_free);
  emit_changed (self);
}

/**
 * twin_view_state_is_visible:
 * @entity: an entity
 *
 * Whether the view shows @entity: neither it nor an ancestor is hidden and,
 * while an entity is isolated, @entity is that one or inside it. (Opacity
 * is not considered: see twin_view_state_get_effective_opacity().)
 *
 * Returns: %TRUE if it is shown
 */
gboolean
twin_view_state_is_visible (TwinViewState *self,
                            TwinEntity    *entity)
{
  gboolean inside_isolated;

  g_return_val_if_fail (TWIN_IS_VIEW_STATE (self), FALSE);
  g_return_val_if_fail (TWIN_IS_ENTITY (entity), FALSE);

  inside_isolated = self->isolated == NULL;
  for (TwinEntity *e = entity; e != NULL; e = twin_entity_get_parent (e))
    {
      const char *id = twin_entity_get_id (e);

      if (g_hash_table_contains (self->hidden, id))
        return FALSE;
      if (!inside_isolated && g_str_equal (id, self->isolated))
        inside_isolated = TRUE;
    }
  return inside_isolated;
}

/**
 * twin_view_state_get_effective_opacity:
 * @entity: an entity
 *
 * Returns: how opaque @entity is drawn: its own opacity times its
 *   ancestors', times %TWIN_VIEW_STATE_XRAY_OPACITY in X-ray mode
 */
float
twin_view_state_get_effective_opacity (TwinViewState *self,
                                       TwinEntity    *entity)
{
  float opacity;

  g_return_val_if_fail (TWIN_IS_VIEW_STATE (self), 1.0f);
  g_return_val_if_fail (TWIN_IS_ENTITY (entity), 1.0f);

  opacity = self->xray ? TWIN_VIEW_STATE_XRAY_OPACITY : 1.0f;
  if (g_hash_table_size (self->opacities) == 0)
    return opacity;
  for (TwinEntity *e = entity; e != NULL; e = twin_entity_get_parent (e))
    opacity *= twin_view_state_get_opacity (self, twin_entity_get_id (e));
  return opacity;
}
