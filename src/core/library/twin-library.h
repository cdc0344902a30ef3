/* twin-library.h: the registry of the built-in component types (internal to libtwin-core).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each component type lives in its own file, twin-lib-<name>.c, which defines
 * one `const TwinEntityType twin_lib_<name>` from static tables of ports,
 * parameters and states. twin-library.c lists every type once; the rest of the
 * core reaches them through twin-entity-type.h.
 */
#pragma once

#include "model/twin-entity-type.h"

G_BEGIN_DECLS

const TwinEntityType *const *twin_library_get_types (guint *n_types);

G_END_DECLS
