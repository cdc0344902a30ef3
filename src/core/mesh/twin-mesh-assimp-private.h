/* twin-mesh-assimp-private.h: a C view of Assimp's C++ importer, for progress, cancel and thread-safe errors.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

struct aiScene;

typedef struct _TwinAssimpReader TwinAssimpReader;

/**
 * TwinAssimpProgressFunc:
 * @fraction: how far Assimp's reading and post-processing are, 0 to 1
 * @user_data: the data given to twin_assimp_reader_read()
 *
 * Called in the importing thread while Assimp works.
 *
 * Returns: %FALSE to cancel: Assimp then sees the end of its input at its
 *   next read and stops soon after
 */
typedef gboolean (*TwinAssimpProgressFunc) (double   fraction,
                                            gpointer user_data);

TwinAssimpReader     *twin_assimp_reader_new          (void);
void                  twin_assimp_reader_set_int      (TwinAssimpReader      *self,
                                                       const char            *key,
                                                       int                    value);
struct aiScene       *twin_assimp_reader_read         (TwinAssimpReader      *self,
                                                       const char            *path,
                                                       unsigned int           flags,
                                                       TwinAssimpProgressFunc progress,
                                                       gpointer               user_data);
const char           *twin_assimp_reader_get_error    (TwinAssimpReader      *self);
const char           *twin_assimp_reader_get_log      (TwinAssimpReader      *self);
gboolean              twin_assimp_reader_was_cancelled (TwinAssimpReader     *self);
void                  twin_assimp_reader_free_mesh    (TwinAssimpReader      *self,
                                                       unsigned int           index);
void                  twin_assimp_reader_free         (TwinAssimpReader      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinAssimpReader, twin_assimp_reader_free)

G_END_DECLS
