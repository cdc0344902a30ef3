/* twin-emulator.h: an emulated asset: publishes a project's simulated (or recorded) readings on its bound topics.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * TWIN_EMULATOR_ERROR:
 *
 * The error domain of #TwinEmulator.
 */
#define TWIN_EMULATOR_ERROR (twin_emulator_error_quark ())

/**
 * TwinEmulatorError:
 * @TWIN_EMULATOR_ERROR_INVALID: a setting or a fault specification is not valid
 * @TWIN_EMULATOR_ERROR_NOTHING: the project has no topic binding the emulator can publish
 * @TWIN_EMULATOR_ERROR_BROKER: the broker could not be reached or refused a message
 *
 * Errors of the emulator.
 */
typedef enum
{
  TWIN_EMULATOR_ERROR_INVALID,
  TWIN_EMULATOR_ERROR_NOTHING,
  TWIN_EMULATOR_ERROR_BROKER,
} TwinEmulatorError;

#define TWIN_TYPE_EMULATOR (twin_emulator_get_type ())
G_DECLARE_FINAL_TYPE (TwinEmulator, twin_emulator, TWIN, EMULATOR, GObject)

GQuark        twin_emulator_error_quark     (void);
TwinEmulator *twin_emulator_new             (const char   *project_path,
                                             const char   *host,
                                             int           port);
void          twin_emulator_set_credentials (TwinEmulator *self,
                                             const char   *username,
                                             const char   *password);
void          twin_emulator_set_qos         (TwinEmulator *self,
                                             int           qos);
void          twin_emulator_set_speed       (TwinEmulator *self,
                                             double        speed);
void          twin_emulator_set_noise       (TwinEmulator *self,
                                             double        sigma,
                                             guint32       seed);
void          twin_emulator_set_duration    (TwinEmulator *self,
                                             double        duration_s);
void          twin_emulator_set_replay      (TwinEmulator *self,
                                             gboolean      replay);
gboolean      twin_emulator_add_fault       (TwinEmulator *self,
                                             const char   *spec,
                                             GError      **error);
gboolean      twin_emulator_prepare         (TwinEmulator *self,
                                             GError      **error);
/* (element-type utf8): sentences on bindings that prepare skipped. */
GPtrArray    *twin_emulator_get_notes       (TwinEmulator *self);
gboolean      twin_emulator_run             (TwinEmulator *self,
                                             GCancellable *cancellable,
                                             GError      **error);
guint64       twin_emulator_get_n_published (TwinEmulator *self);
/* Setpoints received on the command bindings' topics that changed the simulation. */
guint64       twin_emulator_get_n_commands  (TwinEmulator *self);

G_END_DECLS
