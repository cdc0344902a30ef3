/* twin-sim-behaviour.h: how a component type states its equations (used by src/core/library).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each simulated component type (twin-lib-<name>.c) has one TwinSimBehaviour.
 * At compile time its compile() reads the entity's parameters (in SI) through a
 * TwinSimBuilder and declares what the component adds to the network: capacities
 * at nodes (which make a node's across variable a state), linear conductances,
 * its own states, driven across values (references), events. At run time the
 * engine calls outputs() and flows() with a TwinSimContext through which the
 * component reads across values, inputs, states and time and writes flows,
 * derivatives and outputs. Port arguments are indices into the type's port table.
 *
 * Units: across variables and flows are SI (K and W, V and A, Pa and m³/s,
 * rad/s and N·m). Signals carry values in the unit of the parameter they stand
 * for (°C, %, m³/h) so that a thermostat compares °C with °C: an input port
 * named like a parameter converts from that parameter's unit to SI, and a sensor
 * writes °C. See docs/components.md.
 */
#pragma once

#include <glib.h>

#include "model/twin-entity.h"

G_BEGIN_DECLS

typedef struct _TwinSimBuilder TwinSimBuilder;
typedef struct _TwinSimContext TwinSimContext;
typedef struct _TwinSimBehaviour TwinSimBehaviour;

/* No node or signal slot: an optional port left open. */
#define TWIN_SIM_NONE G_MAXUINT

/**
 * TwinSimFrame:
 * @t: the time, s since the start of the run
 * @x: all continuous states
 * @dxdt: their derivatives (written in the flows phase)
 * @across: the across value of every node
 * @flow: the sum of flows into every node (written in the flows phase)
 * @signals: every signal slot (outputs, inputs from scenarios, defaults)
 *
 * The arrays of one evaluation, shared by all components. Internal to the
 * engine; components use the accessors below.
 */
typedef struct
{
  double        t;
  const double *x;
  double       *dxdt;
  double       *across;
  double       *flow;
  double       *signals;
} TwinSimFrame;

/**
 * TwinSimContext:
 *
 * One component at run time. The fields are the engine's; read them through
 * the inline accessors.
 */
struct _TwinSimContext
{
  TwinSimFrame *frame;
  guint         state_offset;  /* the first of its own states in x */
  const guint  *slot;          /* per port: a node (physical) or a signal slot (input, output), or TWIN_SIM_NONE */
  const double *input_scale;   /* per port: SI = signal * scale + offset (inputs only) */
  const double *input_offset;
  const double *params;        /* its constants, from twin_sim_builder_add_param() */
  int           mode;          /* its discrete mode (hysteresis, limiter, PID saturation) */
  gpointer      data;          /* from twin_sim_builder_set_data() */
  gpointer      engine;        /* the engine's own per-component data */
};

static inline double
twin_sim_get_time (const TwinSimContext *c)
{
  return c->frame->t;
}

static inline double
twin_sim_get_param (const TwinSimContext *c, guint i)
{
  return c->params[i];
}

/* Its own states (twin_sim_builder_add_state()), not node capacities. */
static inline double
twin_sim_get_state (const TwinSimContext *c, guint i)
{
  return c->frame->x[c->state_offset + i];
}

static inline void
twin_sim_set_derivative (TwinSimContext *c, guint i, double value)
{
  c->frame->dxdt[c->state_offset + i] = value;
}

static inline gboolean
twin_sim_is_connected (const TwinSimContext *c, guint port)
{
  return c->slot[port] != TWIN_SIM_NONE;
}

/* The across value at a physical port (0 for an open optional port). */
static inline double
twin_sim_get_across (const TwinSimContext *c, guint port)
{
  return c->slot[port] == TWIN_SIM_NONE ? 0.0 : c->frame->across[c->slot[port]];
}

/* Sets a driven node's across value (only at a port declared with
 * twin_sim_builder_drive_across(); outputs phase). */
static inline void
twin_sim_set_across (TwinSimContext *c, guint port, double value)
{
  if (c->slot[port] != TWIN_SIM_NONE)
    c->frame->across[c->slot[port]] = value;
}

/* Adds a flow from the component into the node at @port (flows phase). */
static inline void
twin_sim_add_flow (TwinSimContext *c, guint port, double flow_into_node)
{
  if (c->slot[port] != TWIN_SIM_NONE)
    c->frame->flow[c->slot[port]] += flow_into_node;
}

/* A signal input in SI: the connected output, the scenario's input, the
 * parameter of the same name, or the default from twin_sim_builder_set_input_default(). */
static inline double
twin_sim_get_input (const TwinSimContext *c, guint port)
{
  return c->frame->signals[c->slot[port]] * c->input_scale[port] + c->input_offset[port];
}

/* A signal output, in the output's own unit (outputs phase). */
static inline void
twin_sim_set_output (TwinSimContext *c, guint port, double value)
{
  if (c->slot[port] != TWIN_SIM_NONE)
    c->frame->signals[c->slot[port]] = value;
}

/**
 * TwinSimBehaviour:
 * @equations: Markdown for docs/components.md: the equations, one per line
 * @assumptions: (nullable): Markdown: assumptions and limits
 * @compile: reads parameters, declares states, capacities, conductances,
 *   references and events; returns %FALSE with a message naming the cause
 * @start: (nullable): at the start of a run, after its inputs are known: sets
 *   the initial mode (a limiter already saturated)
 * @outputs: (nullable): writes signal outputs and driven across values from
 *   time, states, inputs and its mode
 * @flows: (nullable): adds flows into nodes and sets its state derivatives
 * @events: (nullable): fills its event functions (as many as declared)
 * @switch_mode: (nullable): a declared event fired (direction +1 rising,
 *   -1 falling): change c->mode
 * @next_time_event: (nullable): its first discontinuity strictly after @t, or INFINITY
 *
 * The equations of one component type. The engine evaluates, at every time:
 * outputs of every component in signal-flow order, then the across values of
 * nodes without capacity (solved so their flows balance), then flows.
 */
struct _TwinSimBehaviour
{
  const char *equations;
  const char *assumptions;
  gboolean (*compile)         (TwinSimBuilder *builder,
                               GError        **error);
  void     (*start)           (TwinSimContext *context);
  void     (*outputs)         (TwinSimContext *context);
  void     (*flows)           (TwinSimContext *context);
  void     (*events)          (TwinSimContext *context,
                               double         *g);
  void     (*switch_mode)     (TwinSimContext *context,
                               guint           event,
                               int             direction);
  double   (*next_time_event) (TwinSimContext *context,
                               double          t);
};

/* Compile time: what a component reads and declares. */
TwinEntity *twin_sim_builder_get_entity          (TwinSimBuilder *builder);
/* A number or integer parameter converted to SI (°C → K, rpm → rad/s, % → fraction, m³/h → m³/s),
 * after the scenario's overrides. */
double      twin_sim_builder_get_number          (TwinSimBuilder *builder,
                                                  const char     *parameter);
gboolean    twin_sim_builder_get_boolean         (TwinSimBuilder *builder,
                                                  const char     *parameter);
const char *twin_sim_builder_get_string          (TwinSimBuilder *builder,
                                                  const char     *parameter);
gboolean    twin_sim_builder_is_connected        (TwinSimBuilder *builder,
                                                  guint           port);
/* Returns the index for twin_sim_get_param(). */
guint       twin_sim_builder_add_param           (TwinSimBuilder *builder,
                                                  double          value);
/* One of the type's TwinStateSpec names; returns the index for twin_sim_get_state(). */
guint       twin_sim_builder_add_state           (TwinSimBuilder *builder,
                                                  const char     *state,
                                                  double          initial_si);
/* The state starts at the across value of the node at @port (capacitive or driven), not at its
 * add_state() value: a lagged sensor starts at the temperature it measures. */
void        twin_sim_builder_start_state_at_across (TwinSimBuilder *builder,
                                                  guint           state,
                                                  guint           port);
/* A capacity from the node at @port to the reference: C · d(across)/dt = Σ flows into the node.
 * The node's across value becomes a state, reported as @state (one of the type's TwinStateSpec
 * names) with value across · @state_per_across (1 for a temperature, 1/(ρg) for a tank's level). */
void        twin_sim_builder_add_capacity        (TwinSimBuilder *builder,
                                                  guint           port,
                                                  double          capacity_si,
                                                  const char     *state,
                                                  double          initial_across_si,
                                                  double          state_per_across);
/* @port_a and @port_b are one node (a rigid shaft through an inertia, a tank's two openings). */
void        twin_sim_builder_join_ports          (TwinSimBuilder *builder,
                                                  guint           port_a,
                                                  guint           port_b);
/* A linear branch the engine evaluates itself (and differentiates exactly): flow
 * g · (across(a) − across(b)) from a to b. The component needs no flows() code for it. */
void        twin_sim_builder_add_conductance     (TwinSimBuilder *builder,
                                                  guint           port_a,
                                                  guint           port_b,
                                                  double          conductance_si);
/* The flows this component adds at @port change with across values, so a node
 * without capacity there can be solved for (a resistor, a valve, a pump curve). */
void        twin_sim_builder_flow_depends_on_across (TwinSimBuilder *builder,
                                                  guint           port);
/* This component sets the node's across value in outputs() (ground, a fixed temperature,
 * a reservoir). */
void        twin_sim_builder_drive_across        (TwinSimBuilder *builder,
                                                  guint           port);
/* across(@port_p) − across(@port_n) is set in outputs() by twin_sim_set_across_difference():
 * an ideal voltage source. One of the two nodes must be driven from elsewhere. */
void        twin_sim_builder_drive_difference    (TwinSimBuilder *builder,
                                                  guint           port_p,
                                                  guint           port_n);
/* The node at @port must be driven (ground): a capacitor's n, since a capacity is to the reference. */
void        twin_sim_builder_require_driven      (TwinSimBuilder *builder,
                                                  guint           port);
/* The value of an unconnected input with no parameter of its name, in SI (a heater's command: 1). */
void        twin_sim_builder_set_input_default   (TwinSimBuilder *builder,
                                                  guint           port,
                                                  double          value_si);
/* Its outputs at @output depend on @input at the same instant (gain, sum, limiter, table, PID;
 * from the type's FEEDTHROUGH flag by default): used to order outputs and find algebraic loops. */
void        twin_sim_builder_set_feedthrough     (TwinSimBuilder *builder,
                                                  gboolean        feedthrough);
/* A sensor with no lag reads the across value at @port in outputs(). */
void        twin_sim_builder_reads_across_in_outputs (TwinSimBuilder *builder,
                                                  guint           port);
void        twin_sim_builder_add_events          (TwinSimBuilder *builder,
                                                  guint           n_events);
void        twin_sim_builder_set_initial_mode    (TwinSimBuilder *builder,
                                                  int             mode);
void        twin_sim_builder_set_data            (TwinSimBuilder *builder,
                                                  gpointer        data,
                                                  GDestroyNotify  destroy);
/* Sets a compile error naming the entity: "Room 1 (Office/Room 1): <message>". */
gboolean    twin_sim_builder_fail                (TwinSimBuilder *builder,
                                                  GError        **error,
                                                  const char     *format,
                                                  ...) G_GNUC_PRINTF (3, 4);

/* Run time: set across(p) = across(n) + difference (drive_difference ports). */
void        twin_sim_set_across_difference       (TwinSimContext *context,
                                                  guint           port_p,
                                                  guint           port_n,
                                                  double          difference);

G_END_DECLS
