/* twin-test-util.h: small helpers shared by the test programs (temporary files, shared data).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char       *twin_test_tmp_path        (const char *basename) G_GNUC_WARN_UNUSED_RESULT;
const char *twin_test_shared_data_dir (void);
char       *twin_test_shared_data     (const char *first_element,
                                       ...) G_GNUC_NULL_TERMINATED G_GNUC_WARN_UNUSED_RESULT;
void        twin_test_write_file      (const char *path,
                                       const void *data,
                                       gsize       length);

G_END_DECLS
