/* twin-store.h: the project file (.dtwin), one SQLite database per twin.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "model/twin-entity.h"
#include "mesh/twin-mesh-info.h"
#include "mesh/twin-mesh.h"
#include "model/twin-model.h"

G_BEGIN_DECLS

#define TWIN_STORE_ERROR (twin_store_error_quark ())

/**
 * TwinStoreError:
 * @TWIN_STORE_ERROR_NOT_FOUND: the file does not exist
 * @TWIN_STORE_ERROR_EXISTS: a new project was asked for where a file exists
 * @TWIN_STORE_ERROR_NOT_SQLITE: the file is not an SQLite database at all
 * @TWIN_STORE_ERROR_FOREIGN: an SQLite database of another application
 * @TWIN_STORE_ERROR_CORRUPT: a truncated or damaged project file
 * @TWIN_STORE_ERROR_TOO_NEW: written by a newer Twin Studio (newer schema)
 * @TWIN_STORE_ERROR_LOCKED: another process has the project open for writing
 * @TWIN_STORE_ERROR_READ_ONLY: a write to a project opened read-only
 * @TWIN_STORE_ERROR_IO: the operating system refused a read or write
 *
 * Errors of the project file. Messages name the file and the cause.
 */
typedef enum
{
  TWIN_STORE_ERROR_NOT_FOUND,
  TWIN_STORE_ERROR_EXISTS,
  TWIN_STORE_ERROR_NOT_SQLITE,
  TWIN_STORE_ERROR_FOREIGN,
  TWIN_STORE_ERROR_CORRUPT,
  TWIN_STORE_ERROR_TOO_NEW,
  TWIN_STORE_ERROR_LOCKED,
  TWIN_STORE_ERROR_READ_ONLY,
  TWIN_STORE_ERROR_IO,
} TwinStoreError;

/**
 * TwinStoreFlags:
 * @TWIN_STORE_FLAGS_NONE: open an existing project for reading and writing
 * @TWIN_STORE_FLAGS_READ_ONLY: open for reading only; never blocks on another writer
 */
typedef enum
{
  TWIN_STORE_FLAGS_NONE = 0,
  TWIN_STORE_FLAGS_READ_ONLY = 1 << 0,
} TwinStoreFlags;

/* `PRAGMA application_id` of every .dtwin file: "TWIN" in ASCII. */
#define TWIN_STORE_APPLICATION_ID 0x5457494E
/* `PRAGMA user_version`: the schema version this build writes and reads. */
#define TWIN_STORE_SCHEMA_VERSION 7

#define TWIN_TYPE_STORE (twin_store_get_type ())

G_DECLARE_FINAL_TYPE (TwinStore, twin_store, TWIN, STORE, GObject)

GQuark      twin_store_error_quark        (void);
TwinStore  *twin_store_open               (const char        *path,
                                           TwinStoreFlags     flags,
                                           GError           **error) G_GNUC_WARN_UNUSED_RESULT;
TwinStore  *twin_store_create             (const char        *path,
                                           TwinEntity        *root,
                                           GError           **error) G_GNUC_WARN_UNUSED_RESULT;
const char *twin_store_get_path           (TwinStore         *self);
gboolean    twin_store_is_read_only       (TwinStore         *self);
guint       twin_store_get_schema_version (TwinStore         *self);
char       *twin_store_dup_metadata       (TwinStore         *self,
                                           const char        *key) G_GNUC_WARN_UNUSED_RESULT;
TwinEntity *twin_store_load_root          (TwinStore         *self,
                                           GError           **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    twin_store_write_change       (TwinStore         *self,
                                           TwinModel         *model,
                                           const TwinChange  *change,
                                           GError           **error);
gboolean    twin_store_replace_root       (TwinStore         *self,
                                           TwinEntity        *root,
                                           GError           **error);
gboolean    twin_store_backup_to          (TwinStore         *self,
                                           const char        *dest_path,
                                           GError           **error);
gint64      twin_store_get_file_size      (TwinStore         *self);
void        twin_store_close              (TwinStore         *self);

/* Test seam: make the Nth write statement from now fail with an I/O error (0 = never). */
void        twin_store_set_fail_after_writes (TwinStore      *self,
                                              guint           n_writes);

/* Appended for meshes and view settings. */
gboolean    twin_store_set_metadata       (TwinStore          *self,
                                           const char         *key,
                                           const char         *value,
                                           GError            **error);
gboolean    twin_store_put_mesh           (TwinStore          *self,
                                           const TwinMeshInfo *info,
                                           TwinMesh           *mesh,
                                           GError            **error);
GPtrArray  *twin_store_list_meshes        (TwinStore          *self,
                                           GError            **error) G_GNUC_WARN_UNUSED_RESULT;
TwinMesh   *twin_store_load_mesh          (TwinStore          *self,
                                           const char         *id,
                                           GError            **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    twin_store_prune_meshes       (TwinStore          *self,
                                           GError            **error);

G_END_DECLS
