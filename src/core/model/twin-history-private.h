/* twin-history-private.h: how the model pushes and pops the steps of its history.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "twin-command.h"
#include "twin-history.h"

G_BEGIN_DECLS

TwinHistory *_twin_history_new           (void);
void         _twin_history_push          (TwinHistory *self,
                                          TwinCommand *command);
TwinCommand *_twin_history_peek_undo     (TwinHistory *self);
TwinCommand *_twin_history_peek_redo     (TwinHistory *self);
void         _twin_history_did_undo      (TwinHistory *self);
void         _twin_history_did_redo      (TwinHistory *self);

G_END_DECLS
