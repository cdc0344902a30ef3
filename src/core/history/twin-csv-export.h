/* twin-csv-export.h: writes any time range of any signals of a historian as one CSV table.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "history/twin-csv-import.h"
#include "history/twin-historian.h"

G_BEGIN_DECLS

gboolean twin_csv_export      (TwinHistorian       *historian,
                               const char *const   *signals,
                               gint64               from_us,
                               gint64               to_us,
                               GOutputStream       *stream,
                               TwinCsvProgressFunc  progress,
                               gpointer             progress_data,
                               GCancellable        *cancellable,
                               GError             **error);
gboolean twin_csv_export_file (TwinHistorian       *historian,
                               const char *const   *signals,
                               gint64               from_us,
                               gint64               to_us,
                               const char          *path,
                               TwinCsvProgressFunc  progress,
                               gpointer             progress_data,
                               GCancellable        *cancellable,
                               GError             **error);

G_END_DECLS
