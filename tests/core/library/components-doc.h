/* components-doc.h: writes docs/components.md from the component library (test-only).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where the page lives, relative to the source root. */
#define COMPONENTS_DOC_PATH "docs/components.md"

char *components_doc_generate (void) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
