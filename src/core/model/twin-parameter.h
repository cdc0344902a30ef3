/* twin-parameter.h: a named, typed value of an entity, with its unit and allowed range.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "twin-types.h"

G_BEGIN_DECLS

#define TWIN_TYPE_PARAMETER (twin_parameter_get_type ())

G_DECLARE_FINAL_TYPE (TwinParameter, twin_parameter, TWIN, PARAMETER, GObject)

TwinParameter *twin_parameter_new_number      (const char     *name,
                                               double          value,
                                               const char     *unit,
                                               double          minimum,
                                               double          maximum) G_GNUC_WARN_UNUSED_RESULT;
TwinParameter *twin_parameter_new_integer     (const char     *name,
                                               gint64          value,
                                               const char     *unit,
                                               double          minimum,
                                               double          maximum) G_GNUC_WARN_UNUSED_RESULT;
TwinParameter *twin_parameter_new_boolean     (const char     *name,
                                               gboolean        value) G_GNUC_WARN_UNUSED_RESULT;
TwinParameter *twin_parameter_new_string      (const char     *name,
                                               const char     *value) G_GNUC_WARN_UNUSED_RESULT;
TwinParameter *twin_parameter_copy            (TwinParameter  *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean       twin_parameter_is_valid_name   (const char     *name);
const char    *twin_parameter_get_name        (TwinParameter  *self);
TwinValueKind  twin_parameter_get_kind        (TwinParameter  *self);
const char    *twin_parameter_get_unit        (TwinParameter  *self);
double         twin_parameter_get_minimum     (TwinParameter  *self);
double         twin_parameter_get_maximum     (TwinParameter  *self);
const char    *twin_parameter_get_description (TwinParameter  *self);
void           twin_parameter_set_description (TwinParameter  *self,
                                               const char     *description);
GVariant      *twin_parameter_get_value       (TwinParameter  *self);
double         twin_parameter_get_number      (TwinParameter  *self);
gint64         twin_parameter_get_integer     (TwinParameter  *self);
gboolean       twin_parameter_get_boolean     (TwinParameter  *self);
const char    *twin_parameter_get_string      (TwinParameter  *self);
char          *twin_parameter_dup_value_text  (TwinParameter  *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean       twin_parameter_check_value     (TwinParameter  *self,
                                               GVariant       *value,
                                               GError        **error);
GVariant      *twin_parameter_parse_value     (TwinParameter  *self,
                                               const char     *text,
                                               GError        **error) G_GNUC_WARN_UNUSED_RESULT;

char          *twin_format_number             (double          value) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
