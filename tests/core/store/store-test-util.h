/* store-test-util.h: helpers shared by the project-file tests (sample trees, dumps, checksums).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "twin-core.h"

G_BEGIN_DECLS

char       *store_test_path          (const char *basename) G_GNUC_WARN_UNUSED_RESULT;
TwinEntity *store_test_build_tree    (guint       n_extra_rooms) G_GNUC_WARN_UNUSED_RESULT;
void        store_test_add_diagram   (TwinEntity *root);
char       *store_test_dump          (TwinEntity *root,
                                      gboolean    with_ids) G_GNUC_WARN_UNUSED_RESULT;
char       *store_test_dump_file     (const char *path,
                                      gboolean    with_ids) G_GNUC_WARN_UNUSED_RESULT;
char       *store_test_checksum      (const char *path) G_GNUC_WARN_UNUSED_RESULT;
gboolean    store_test_has_side_files (const char *path);
void        store_test_create_file   (const char *path,
                                      TwinEntity *root);
char       *store_test_query_text    (const char *path,
                                      const char *sql) G_GNUC_WARN_UNUSED_RESULT;
void        store_test_exec          (const char *path,
                                      const char *sql);

G_END_DECLS
