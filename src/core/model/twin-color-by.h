/* twin-color-by.h: the colour-by-value setting: which value of the entities is shown, through which map, over which range.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "mesh/twin-color-map.h"
#include "twin-types.h"

G_BEGIN_DECLS

#define TWIN_TYPE_COLOR_BY (twin_color_by_get_type ())

/* Where a project keeps its setting: twin_color_by_to_string () in the store's metadata. */
#define TWIN_COLOR_BY_METADATA_KEY "view.color-by"

#define TWIN_COLOR_BY_ERROR (twin_color_by_error_quark ())

/**
 * TwinColorByError:
 * @TWIN_COLOR_BY_ERROR_INVALID: a saved setting that cannot be read: not the
 *   JSON object twin_color_by_to_string() writes, an unknown map, a bad
 *   parameter name, or a range that is not two finite numbers, lowest first
 */
typedef enum
{
  TWIN_COLOR_BY_ERROR_INVALID,
} TwinColorByError;

G_DECLARE_FINAL_TYPE (TwinColorBy, twin_color_by, TWIN, COLOR_BY, GObject)

/**
 * TwinColorByValueFunc:
 * @entity: the entity to colour
 * @parameter: the setting's parameter name
 * @value: (out): where to store the entity's value
 * @user_data: the data given with the function
 *
 * Gives the value an entity is coloured by: the default reads the number or
 * integer parameter called @parameter; live feeds and simulations replace it
 * with their latest value. Called on the thread that uses the setting.
 *
 * Returns: %TRUE if the entity has a finite value (@value is then set);
 *   %FALSE draws it as "no value"
 */
typedef gboolean (*TwinColorByValueFunc) (TwinEntity *entity,
                                          const char *parameter,
                                          double     *value,
                                          gpointer    user_data);

GQuark        twin_color_by_error_quark         (void);

TwinColorBy  *twin_color_by_new                 (const char           *parameter) G_GNUC_WARN_UNUSED_RESULT;
TwinColorBy  *twin_color_by_new_from_string     (const char           *text,
                                                 GError              **error) G_GNUC_WARN_UNUSED_RESULT;
char         *twin_color_by_to_string           (TwinColorBy          *self) G_GNUC_WARN_UNUSED_RESULT;
TwinColorBy  *twin_color_by_copy                (TwinColorBy          *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean      twin_color_by_equal               (TwinColorBy          *a,
                                                 TwinColorBy          *b);

const char   *twin_color_by_get_parameter       (TwinColorBy          *self);
void          twin_color_by_set_parameter       (TwinColorBy          *self,
                                                 const char           *parameter);
TwinColorMap  twin_color_by_get_map             (TwinColorBy          *self);
void          twin_color_by_set_map             (TwinColorBy          *self,
                                                 TwinColorMap          map);
gboolean      twin_color_by_get_auto_range      (TwinColorBy          *self);
void          twin_color_by_set_auto_range      (TwinColorBy          *self,
                                                 gboolean              auto_range);
void          twin_color_by_get_fixed_range     (TwinColorBy          *self,
                                                 double               *minimum,
                                                 double               *maximum);
void          twin_color_by_set_fixed_range     (TwinColorBy          *self,
                                                 double                minimum,
                                                 double                maximum);

void          twin_color_by_set_value_func      (TwinColorBy          *self,
                                                 TwinColorByValueFunc  func,
                                                 gpointer              user_data,
                                                 GDestroyNotify        destroy);
void          twin_color_by_notify_values_changed (TwinColorBy        *self);
gboolean      twin_color_by_get_value           (TwinColorBy          *self,
                                                 TwinEntity           *entity,
                                                 double               *value);
gboolean      twin_color_by_compute_auto_range  (TwinColorBy          *self,
                                                 TwinModel            *model,
                                                 double               *minimum,
                                                 double               *maximum);
gboolean      twin_color_by_get_range           (TwinColorBy          *self,
                                                 TwinModel            *model,
                                                 double               *minimum,
                                                 double               *maximum);
void          twin_color_by_set_unit            (TwinColorBy          *self,
                                                 const char           *unit);
const char   *twin_color_by_find_unit           (TwinColorBy          *self,
                                                 TwinModel            *model);
gboolean      twin_color_by_get_color           (TwinColorBy          *self,
                                                 TwinEntity           *entity,
                                                 double                minimum,
                                                 double                maximum,
                                                 float                 rgb[3]);
void          twin_color_by_get_no_value_color  (float                 rgb[3]);

G_END_DECLS
