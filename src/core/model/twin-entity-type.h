/* twin-entity-type.h: the built-in kinds of entity, with their icons and default parameters.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "twin-entity.h"

G_BEGIN_DECLS

/**
 * TwinEntityType:
 * @name: the stable identifier stored in files (`room`)
 * @label: the translatable display name (`Room`)
 * @icon_name: a symbolic icon name from the icon theme
 * @description: one translatable sentence
 *
 * A kind of entity. Files may carry type names this table does not know;
 * such entities keep their type and parameters and show a generic icon.
 */
typedef struct
{
  const char *name;
  const char *label;
  const char *icon_name;
  const char *description;
} TwinEntityType;

const TwinEntityType *twin_entity_type_lookup      (const char           *name);
const TwinEntityType *twin_entity_type_get_all     (guint                *n_types);
const char           *twin_entity_type_get_label   (const char           *name);
const char           *twin_entity_type_get_icon    (const char           *name);
gboolean              twin_entity_type_is_valid_name (const char         *name);
TwinEntity           *twin_entity_type_instantiate (const TwinEntityType *type,
                                                    const char           *name) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
