/* twin-lib-spring.c: the torsion spring, a torque proportional to twist.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include <glib/gi18n-lib.h>

static const TwinPortSpec ports[] = {
  { "a", N_ ("A"), TWIN_DOMAIN_ROTATIONAL, TWIN_PORT_PHYSICAL, FALSE },
  { "b", N_ ("B"), TWIN_DOMAIN_ROTATIONAL, TWIN_PORT_PHYSICAL, FALSE },
};

static const TwinParameterSpec parameters[] = {
  { "stiffness", TWIN_VALUE_NUMBER, 1000, NULL, "N·m/rad", 0, 1e12, N_ ("Torque per radian of twist.") },
};

static const TwinStateSpec states[] = {
  { "phi_rel", "rad", N_ ("Twist of flange b relative to flange a.") },
};

const TwinEntityType twin_lib_spring = {
  .name = "spring",
  .label = N_ ("Torsion spring"),
  .icon_name = "media-playlist-shuffle-symbolic",
  .description = N_ ("A linear torsion spring: its torque is the stiffness times the twist between its flanges."),
  .domain = TWIN_DOMAIN_ROTATIONAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_NONE,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .states = states,
  .n_states = G_N_ELEMENTS (states),
};
