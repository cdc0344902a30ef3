/* twin-sim-model-private.h: what a component declared at compile time, shared by the builder and the engine.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * twin-sim-builder.c records each component's declarations (capacities,
 * conductances, states, driven ports…) into a TwinSimComponent;
 * twin-sim-model.c turns all of them into one flat ODE system. Ports are
 * indices into the component type's port table.
 */
#pragma once

#include "twin-sim-behaviour.h"

#include "model/twin-entity-type.h"

G_BEGIN_DECLS

/* Per-port declarations (TwinSimComponent.port_flags). */
typedef enum
{
  TWIN_SIM_PORT_FLOW_DEPENDS = 1 << 0,   /* flow_depends_on_across() (conductances are counted apart) */
  TWIN_SIM_PORT_DRIVES = 1 << 1,         /* drive_across() */
  TWIN_SIM_PORT_REQUIRE_DRIVEN = 1 << 2, /* require_driven() */
  TWIN_SIM_PORT_READS_ACROSS = 1 << 3,   /* reads_across_in_outputs() */
  TWIN_SIM_PORT_HAS_DEFAULT = 1 << 4,    /* set_input_default() */
  TWIN_SIM_PORT_CONNECTED = 1 << 5,      /* a connection or a binding reaches it */
  TWIN_SIM_PORT_BOUND = 1 << 6,          /* a scenario binding feeds it */
} TwinSimPortFlags;

typedef struct
{
  guint  port_a;
  guint  port_b;
  double conductance;  /* SI: W/K, S, … */
} TwinSimConductanceDecl;

typedef struct
{
  guint  port;
  double capacity;          /* SI: J/K, F, kg·m², m³/Pa */
  char  *state;             /* owned; one of the type's state names */
  double initial_across;    /* SI */
  double state_per_across;  /* the reported state is across · this */
} TwinSimCapacityDecl;

typedef struct
{
  char  *name;          /* owned; one of the type's state names */
  double initial;       /* SI */
  guint  initial_port;  /* TWIN_SIM_NONE, or the port whose across value it starts at */
} TwinSimStateDecl;

typedef struct
{
  guint port_p;
  guint port_n;
  guint dependent;  /* the port whose node is set from the other: port_p or port_n */
} TwinSimDifferenceDecl;

typedef struct
{
  /* Identity (owned) */
  char                   *path;
  char                   *name;
  const TwinEntityType   *type;
  const TwinSimBehaviour *sim;
  guint                   n_ports;

  /* Declarations */
  GArray        *params;        /* double */
  GArray        *states;        /* TwinSimStateDecl */
  GArray        *capacities;    /* TwinSimCapacityDecl */
  GArray        *conductances;  /* TwinSimConductanceDecl */
  GArray        *joins;         /* guint pairs */
  GArray        *differences;   /* TwinSimDifferenceDecl */
  guint8        *port_flags;    /* TwinSimPortFlags per port */
  double        *input_default; /* SI, per port */
  gboolean       feedthrough;
  guint          n_events;
  int            initial_mode;
  gpointer       data;
  GDestroyNotify data_destroy;

  /* Run time (owned arrays, indexed by port) */
  TwinSimContext context;
  guint         *slot;
  double        *input_scale;
  double        *input_offset;
  guint          first_state;  /* its own states in x */
  guint          first_event;
} TwinSimComponent;

struct _TwinSimBuilder
{
  TwinSimComponent *component;
  TwinEntity       *entity;     /* borrowed */
  GHashTable       *overrides;  /* nullable, borrowed: parameter name → GVariant */
  GError           *error;      /* the first problem met reading a parameter */
};

TwinSimComponent *_twin_sim_component_new  (TwinEntity       *entity,
                                            const TwinEntityType *type);
void              _twin_sim_component_free (TwinSimComponent *component);
char             *_twin_sim_component_dup_label (const TwinSimComponent *component);

G_END_DECLS
