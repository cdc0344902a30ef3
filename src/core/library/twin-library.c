/* twin-library.c: the list of every built-in component type, in palette order.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * To add a type, write twin-lib-<name>.c (see HACKING.md), add one line
 * X (<name>) below in its domain's group, and list the file in meson.build.
 * The list expands twice: once into a declaration of each twin_lib_<name>,
 * once into the registry array, so the two never disagree.
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#define TWIN_LIBRARY_TYPES(X)  \
  /* Structure */              \
  X (system)                   \
  X (subsystem)                \
  X (site)                     \
  X (building)                 \
  X (floor)                    \
  X (asset)                    \
  /* Thermal */                \
  X (room)                     \
  X (heater)                   \
  X (lamp)                     \
  X (ventilation)              \
  X (thermal_capacitance)      \
  X (thermal_conductance)      \
  X (convection)               \
  X (radiation)                \
  X (heat_source)              \
  X (fixed_temperature)        \
  /* Electrical */             \
  X (resistor)                 \
  X (capacitor)                \
  X (inductor)                 \
  X (voltage_source)           \
  X (current_source)           \
  X (battery)                  \
  X (ground)                   \
  /* Hydraulic */              \
  X (tank)                     \
  X (pipe)                     \
  X (pump)                     \
  X (valve)                    \
  X (reservoir)                \
  X (demand)                   \
  /* Mechanical, rotational */ \
  X (inertia)                  \
  X (spring)                   \
  X (damper)                   \
  X (torque_source)            \
  X (wind_rotor)               \
  X (generator)                \
  X (fixed)                    \
  /* Signal */                 \
  X (constant)                 \
  X (step)                     \
  X (ramp)                     \
  X (sine)                     \
  X (table)                    \
  X (gain)                     \
  X (sum)                      \
  X (pid)                      \
  X (hysteresis)               \
  X (limiter)                  \
  X (sensor)                   \
  /* end of TWIN_LIBRARY_TYPES */

#define DECLARE_TYPE(name) extern const TwinEntityType twin_lib_##name;
TWIN_LIBRARY_TYPES (DECLARE_TYPE)
#undef DECLARE_TYPE

#define LIST_TYPE(name) &twin_lib_##name,
static const TwinEntityType *const library[] = {
  TWIN_LIBRARY_TYPES (LIST_TYPE)
};
#undef LIST_TYPE

/**
 * twin_library_get_types:
 * @n_types: (out): the number of types
 *
 * Returns: (array length=n_types): every built-in component type, grouped by
 *   domain in palette order (structure, thermal, electrical, hydraulic,
 *   rotational, signal)
 */
const TwinEntityType *const *
twin_library_get_types (guint *n_types)
{
  g_return_val_if_fail (n_types != NULL, NULL);

  *n_types = G_N_ELEMENTS (library);
  return library;
}
