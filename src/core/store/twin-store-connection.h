/* twin-store-connection.h: a plain SQLite connection to a project file at the current schema.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the parts of the core that keep their own connection to a .dtwin file
 * on their own thread (the simulation archive, the feed store): one place
 * that refuses missing, foreign and newer files, upgrades an older file when
 * writing (through TwinStore's migrations) and sets WAL mode.
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

sqlite3 *twin_store_open_connection (const char *path,
                                     gboolean    read_only,
                                     GError    **error);

G_END_DECLS
