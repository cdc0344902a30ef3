/* twin-cli.h: what the twinctl commands share: the command table, usage errors and file helpers.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "twin-core.h"

G_BEGIN_DECLS

#define TWIN_CLI_ERROR (twin_cli_error_quark ())

/**
 * TwinCliError:
 * @TWIN_CLI_ERROR_USAGE: the command line itself is wrong (exit status 2)
 * @TWIN_CLI_ERROR_FAILED: the command could not do its work (exit status 1)
 * @TWIN_CLI_ERROR_PROBLEMS_FOUND: the command did its work and found problems,
 *   which it has already printed (exit status 1, nothing on standard error)
 *
 * Errors raised by twinctl itself, as opposed to the core's. Errors of the
 * %G_OPTION_ERROR domain are usage errors too.
 */
typedef enum
{
  TWIN_CLI_ERROR_USAGE,
  TWIN_CLI_ERROR_FAILED,
  TWIN_CLI_ERROR_PROBLEMS_FOUND,
} TwinCliError;

/* Exit statuses of twinctl. */
#define TWIN_CLI_EXIT_OK    0
#define TWIN_CLI_EXIT_ERROR 1
#define TWIN_CLI_EXIT_USAGE 2

/**
 * TwinCliCommandFunc:
 * @args: (inout): the command's arguments; `(*args)[0]` is the command's
 *   display name ("twinctl info"), the options follow
 * @error: return location for the reason the command failed
 *
 * Runs one command. `--help` prints the command's help and exits.
 *
 * Returns: %TRUE on success
 */
typedef gboolean (*TwinCliCommandFunc) (char   ***args,
                                        GError  **error);

/**
 * TwinCliCommand:
 * @name: what the user types ("export-json")
 * @summary: one translatable line for `twinctl --help` (marked with N_())
 * @run: the implementation
 */
typedef struct
{
  const char         *name;
  const char         *summary;
  TwinCliCommandFunc  run;
} TwinCliCommand;

GQuark          twin_cli_error_quark        (void);

/* The commands, one file each. */
gboolean        twin_cli_new                (char               ***args,
                                             GError             **error);
gboolean        twin_cli_info               (char               ***args,
                                             GError             **error);
gboolean        twin_cli_tree               (char               ***args,
                                             GError             **error);
gboolean        twin_cli_export_json        (char               ***args,
                                             GError             **error);
gboolean        twin_cli_import_json        (char               ***args,
                                             GError             **error);
gboolean        twin_cli_validate           (char               ***args,
                                             GError             **error);
gboolean        twin_cli_render             (char               ***args,
                                             GError             **error);
gboolean        twin_cli_export_gltf        (char               ***args,
                                             GError             **error);
gboolean        twin_cli_import_mesh        (char               ***args,
                                             GError             **error);
gboolean        twin_cli_history            (char               ***args,
                                             GError             **error);
gboolean        twin_cli_bind               (char               ***args,
                                             GError             **error);
gboolean        twin_cli_feed               (char               ***args,
                                             GError             **error);
gboolean        twin_cli_simulate           (char               ***args,
                                             GError             **error);
gboolean        twin_cli_scenario           (char               ***args,
                                             GError             **error);
gboolean        twin_cli_runs               (char               ***args,
                                             GError             **error);
gboolean        twin_cli_record             (char               ***args, GError **error);
gboolean        twin_cli_emulate            (char               ***args, GError **error);
gboolean        twin_cli_alarm              (char               ***args, GError **error);
gboolean        twin_cli_command            (char               ***args, GError **error);

/* Shared helpers (twin-cli-util.c). */
GOptionContext *twin_cli_context_new        (const char          *parameter_string,
                                             const char          *summary,
                                             const GOptionEntry  *entries) G_GNUC_WARN_UNUSED_RESULT;
gboolean        twin_cli_parse              (GOptionContext      *context,
                                             char              ***args,
                                             guint                n_positional,
                                             const char         **names,
                                             GError             **error);
char           *twin_cli_display_name       (const char          *path) G_GNUC_WARN_UNUSED_RESULT;
TwinModel      *twin_cli_load_model         (const char          *path,
                                             TwinStore          **out_store,
                                             GError             **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean        twin_cli_write_stdout       (const char          *text,
                                             gssize               length,
                                             GError             **error);
gboolean        twin_cli_is_same_file       (const char          *path_a,
                                             const char          *path_b);
void            twin_cli_print_warning      (const char          *message);
TwinColorBy    *twin_cli_dup_saved_color_by (TwinStore           *store,
                                             const char          *display) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
