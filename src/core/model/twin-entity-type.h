/* twin-entity-type.h: the component library: kinds of entity with their domain, ports, parameters and states.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "twin-entity.h"

G_BEGIN_DECLS

/* The equations of a component type (src/core/sim/twin-sim-behaviour.h). */
typedef struct _TwinSimBehaviour TwinSimBehaviour;

/**
 * TwinPortSpec:
 * @name: the stable port name stored in files (`p`, `n`, `in`, `out`, `heat`)
 * @label: the translatable label shown next to the port marker
 * @domain: the physical domain; only ports of one domain connect
 * @direction: physical, or a signal input or output
 * @optional: %TRUE when the component works with the port left unconnected
 */
typedef struct
{
  const char        *name;
  const char        *label;
  TwinDomain         domain;
  TwinPortDirection  direction;
  gboolean           optional;
} TwinPortSpec;

/**
 * TwinParameterSpec:
 * @name: the parameter name (an identifier)
 * @kind: number, integer, boolean or string
 * @value: the default of a number, integer or boolean parameter
 * @text: the default of a string parameter
 * @unit: the unit the value is given in (any unit twin_unit_parse() reads), or %NULL
 * @minimum: the smallest allowed value in @unit, or -INFINITY
 * @maximum: the largest allowed value in @unit, or INFINITY
 * @description: one translatable sentence
 */
typedef struct
{
  const char   *name;
  TwinValueKind kind;
  double        value;
  const char   *text;
  const char   *unit;
  double        minimum;
  double        maximum;
  const char   *description;
} TwinParameterSpec;

/**
 * TwinStateSpec:
 * @name: the state variable's name (`T`, `q`, `omega`)
 * @unit: its SI unit
 * @description: one translatable sentence
 *
 * A state variable the component contributes to a simulation.
 */
typedef struct
{
  const char *name;
  const char *unit;
  const char *description;
} TwinStateSpec;

/**
 * TwinEntityType:
 * @name: the stable identifier stored in files (`resistor`)
 * @label: the translatable display name (`Resistor`)
 * @icon_name: a symbolic icon name
 * @description: one translatable sentence
 * @domain: the palette group; %TWIN_DOMAIN_NONE for structure and assets
 * @flags: reference, feedthrough, container
 * @ports: (array length=n_ports): the ports, in drawing order
 * @n_ports: how many
 * @parameters: (array length=n_parameters): the parameters a new entity gets
 * @n_parameters: how many
 * @states: (array length=n_states): the state variables it adds to a simulation
 * @n_states: how many
 * @sim: (nullable): its equations; %NULL for structure and assets, which a
 *   simulation skips
 *
 * A component type of the library. Each is defined in one file under
 * `src/core/library/` and listed once in `twin-library.c`. Files may carry
 * type names this build does not know; such entities keep their type and
 * parameters, have no ports of their own, and show a generic icon.
 */
typedef struct
{
  const char              *name;
  const char              *label;
  const char              *icon_name;
  const char              *description;
  TwinDomain               domain;
  TwinEntityTypeFlags      flags;
  const TwinPortSpec      *ports;
  guint                    n_ports;
  const TwinParameterSpec *parameters;
  guint                    n_parameters;
  const TwinStateSpec     *states;
  guint                    n_states;
  const TwinSimBehaviour  *sim;
} TwinEntityType;

const TwinEntityType  *twin_entity_type_lookup        (const char           *name);
const TwinEntityType *const *twin_entity_type_get_all (guint                *n_types);
const char            *twin_entity_type_get_label     (const char           *name);
const char            *twin_entity_type_get_icon      (const char           *name);
gboolean               twin_entity_type_is_valid_name (const char           *name);
const TwinPortSpec    *twin_entity_type_find_port     (const TwinEntityType *type,
                                                       const char           *port_name);
const TwinParameterSpec *twin_entity_type_find_parameter (const TwinEntityType *type,
                                                          const char           *parameter_name);
const TwinStateSpec   *twin_entity_type_find_state    (const TwinEntityType *type,
                                                       const char           *state_name);
TwinEntity            *twin_entity_type_instantiate   (const TwinEntityType *type,
                                                       const char           *name) G_GNUC_WARN_UNUSED_RESULT;

const char            *twin_domain_get_label          (TwinDomain            domain);
const char            *twin_domain_to_string          (TwinDomain            domain);
gboolean               twin_domain_from_string        (const char           *text,
                                                       TwinDomain           *domain);

G_END_DECLS
