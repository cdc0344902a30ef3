/* twin-unit.h: physical units, their parsing and explicit conversion.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TWIN_UNIT_ERROR (twin_unit_error_quark ())

typedef enum
{
  TWIN_UNIT_ERROR_UNKNOWN,
  TWIN_UNIT_ERROR_INCOMPATIBLE,
} TwinUnitError;

/**
 * TwinUnit:
 * @dimension: exponents of the SI base units m, kg, s, A, K, mol, cd
 * @scale: factor to SI: `si = value * scale + offset`
 * @offset: offset to SI (only °C and °F have one)
 *
 * A parsed unit. Plain data: copy it by value.
 */
typedef struct
{
  gint8  dimension[7];
  double scale;
  double offset;
} TwinUnit;

GQuark      twin_unit_error_quark     (void);
gboolean    twin_unit_parse           (const char     *symbol,
                                       TwinUnit       *unit,
                                       GError        **error);
gboolean    twin_unit_is_compatible   (const TwinUnit *a,
                                       const TwinUnit *b);
double      twin_unit_to_si           (const TwinUnit *unit,
                                       double          value);
double      twin_unit_from_si         (const TwinUnit *unit,
                                       double          value_si);
const char *twin_unit_get_quantity    (const TwinUnit *unit);
gboolean    twin_unit_convert         (double          value,
                                       const char     *from,
                                       const char     *to,
                                       double         *result,
                                       GError        **error);

G_END_DECLS
