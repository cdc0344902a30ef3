/* twin-connection.h: a wire from one port of an entity to a port of a sibling, drawn in their parent's diagram.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "twin-types.h"

G_BEGIN_DECLS

#define TWIN_TYPE_CONNECTION (twin_connection_get_type ())

G_DECLARE_FINAL_TYPE (TwinConnection, twin_connection, TWIN, CONNECTION, GObject)

/*
 * A connection is immutable: changing one is removing it and adding another.
 * It belongs to the parent entity whose diagram shows it, and joins two
 * children of that parent. A signal connection always goes from an output
 * (@from) to an input (@to); a physical one keeps the order it was drawn in.
 * It holds weak references to its ends' entities; the model removes a
 * connection in the same step that removes one of its ends.
 */

TwinConnection *twin_connection_new            (const char     *id,
                                                TwinEntity     *from,
                                                const char     *from_port,
                                                TwinEntity     *to,
                                                const char     *to_port) G_GNUC_WARN_UNUSED_RESULT;
const char     *twin_connection_get_id         (TwinConnection *self);
TwinEntity     *twin_connection_get_from       (TwinConnection *self);
const char     *twin_connection_get_from_port  (TwinConnection *self);
TwinEntity     *twin_connection_get_to         (TwinConnection *self);
const char     *twin_connection_get_to_port    (TwinConnection *self);
gboolean        twin_connection_touches        (TwinConnection *self,
                                                TwinEntity     *entity,
                                                const char     *port);

G_END_DECLS
