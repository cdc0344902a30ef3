/* twin-import-dialog.h: asks how to import a CAD mesh file: its unit, up axis, parts and where it goes.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mesh/twin-mesh-importer.h"
#include "model/twin-entity.h"

G_BEGIN_DECLS

#define TWIN_TYPE_IMPORT_DIALOG (twin_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TwinImportDialog, twin_import_dialog, TWIN, IMPORT_DIALOG, GtkWindow)

TwinImportDialog *twin_import_dialog_new         (GtkWindow             *parent,
                                                  const char            *path,
                                                  TwinEntity            *place) G_GNUC_WARN_UNUSED_RESULT;
const char       *twin_import_dialog_get_path    (TwinImportDialog      *self);
TwinEntity       *twin_import_dialog_get_place   (TwinImportDialog      *self);
void              twin_import_dialog_get_options (TwinImportDialog      *self,
                                                  TwinMeshImportOptions *options);
gboolean          twin_import_dialog_get_attach  (TwinImportDialog      *self);

G_END_DECLS
