/* twin-parameter-private.h: what only the model may do to a parameter.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "twin-parameter.h"

G_BEGIN_DECLS

void _twin_parameter_set_value (TwinParameter *self,
                                GVariant      *value);

G_END_DECLS
