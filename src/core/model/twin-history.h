/* twin-history.h: the one undo/redo history of a twin model.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "twin-types.h"

G_BEGIN_DECLS

#define TWIN_TYPE_HISTORY (twin_history_get_type ())

G_DECLARE_FINAL_TYPE (TwinHistory, twin_history, TWIN, HISTORY, GObject)

gboolean    twin_history_get_can_undo   (TwinHistory *self);
gboolean    twin_history_get_can_redo   (TwinHistory *self);
const char *twin_history_get_undo_label (TwinHistory *self);
const char *twin_history_get_redo_label (TwinHistory *self);
guint       twin_history_get_n_undo     (TwinHistory *self);
guint       twin_history_get_n_redo     (TwinHistory *self);
gboolean    twin_history_get_is_clean   (TwinHistory *self);
void        twin_history_mark_clean     (TwinHistory *self);
void        twin_history_clear          (TwinHistory *self);

G_END_DECLS
