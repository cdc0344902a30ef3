/* twin-sim-model.c: the simulation engine: a twin's hierarchy compiled into one ODE system.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Compilation flattens the tree (boundary ports resolved to the inner
 * component ports), joins connected physical ports into nodes with a
 * union-find, and numbers nodes in three runs: capacitive nodes first (node k
 * is state k, so across[0..n_cap) is a copy of x), then driven nodes (set in
 * the outputs phase), then algebraic nodes (solved by Newton's method on their
 * flow balance), then one "open" node standing for every unconnected optional
 * port (across 0, flows dropped). Components' own states follow the
 * capacitive ones in x. Signals live in slots: one per output port, one per
 * scenario binding, one per unconnected input (a constant).
 *
 * At run time nothing is allocated and no GObject is touched: the linear
 * conductances are three flat arrays, the components are called through their
 * behaviour's function pointers in precomputed orders. A compiled model keeps
 * no reference to the entities; it is used by one thread at a time.
 */

#define G_LOG_DOMAIN "twin-sim-model"

#include "config.h"

#include "twin-sim-model.h"

#include "twin-sim-model-private.h"
#include "twin-sim-solver.h"

#include "model/twin-entity-type.h"
#include "model/twin-parameter.h"
#include "model/twin-unit.h"

#include <glib/gi18n-lib.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <string.h>

#define CELSIUS_OFFSET 273.15
/* At most this many entities are named in a message about one node. */
#define MAX_NAMED 6
#define NEWTON_MAX_ITERATIONS 50
/* Up to this many algebraic nodes joined only by linear conductances are solved by one LU
 * factorisation at compile time (dense; beyond this, Newton) */
#define MAX_LINEAR_ALGEBRAIC 2000
/* The most halvings of a Newton step in its line search (down to 1e-12 of it) */
#define NEWTON_MAX_HALVINGS 40
/* A Newton step (times λ) is taken when it cuts the imbalance by at least this share (times λ).
 * Stricter than the textbook 1e-4: an odd square-root law makes the full step land at the
 * mirror image, with the imbalance barely smaller, forever. */
#define NEWTON_DECREASE 0.1

typedef enum
{
  NODE_FREE,
  NODE_CAPACITIVE,
  NODE_DRIVEN,
  NODE_ALGEBRAIC,
} NodeKind;

typedef enum
{
  VALUE_STATE,
  VALUE_SIGNAL,
  VALUE_ACROSS,
} ValueSource;

/* How one variable is read: source[index] · scale + offset. */
typedef struct
{
  ValueSource source;
  guint       index;
  double      scale;
  double      offset;
} VariableReader;

typedef struct
{
  TwinSimInputFunc func;
  double (*next_break) (double t_s, gpointer user_data);
  gpointer user_data;
  guint    slot;
} Binding;

struct _TwinSimModel
{
  GObject          parent_instance;

  /* Owned: the components in tree order */
  GPtrArray       *components;

  /* Orders (component indices) */
  guint           *order; /* every component, in signal order */
  guint            n_order;
  guint           *output_order; /* those with outputs() */
  guint            n_output;
  guint           *flow_comps; /* those with flows() */
  guint            n_flow;
  guint           *alg_flow_comps; /* those with flows() at an algebraic node */
  guint            n_alg_flow;
  guint           *event_comps; /* those with events */
  guint            n_event_comps;
  guint           *time_comps; /* those with next_time_event() */
  guint            n_time_comps;

  /* Nodes: [0, n_cap) capacitive, then driven, then algebraic; n_nodes is the open node */
  guint            n_nodes;
  guint            n_cap;
  guint            n_driven;
  guint            n_alg;
  double          *inv_capacity; /* per capacitive node, 1/C in SI */
  TwinDomain      *node_domain;
  char           **node_labels; /* per node: the entities at it, for messages */

  /* Linear conductances: flow g · (across[a] − across[b]) from a to b */
  guint            n_cond;
  guint           *cond_a;
  guint           *cond_b;
  double          *cond_g;
  guint           *alg_cond; /* conductances touching an algebraic node */
  guint            n_alg_cond;

  /* States */
  guint            n_states;
  double          *x0;
  char           **state_names; /* per state, "Office/Room 1.T" */

  /* Signals */
  guint            n_signals;
  double          *signal_init; /* constants and initial values */
  Binding         *bindings;
  guint            n_bindings;

  /* Evaluation frame */
  TwinSimFrame     frame;
  double          *across; /* n_nodes + 1 */
  double          *flow;   /* n_nodes + 1 */
  double          *signals;
  double          *scratch; /* n_states: dxdt when only values are wanted */

  /* Newton workspace for the algebraic nodes */
  double          *alg_x;
  double          *alg_r;
  double          *alg_r2;
  double          *alg_trial;
  double          *alg_dx;
  double          *alg_jac; /* n_alg × n_alg, row-major */
  /* When only linear conductances touch the algebraic nodes, their balance is the linear
   * system G·x = b, factored once at compile time (LU) and solved at every evaluation. */
  gsl_matrix      *alg_lu;
  gsl_permutation *alg_perm;
  gsl_vector      *alg_b;
  gsl_vector      *alg_solution;
  gboolean         alg_guess_valid;

  /* Events */
  guint            n_events;
  double          *event_scratch;

  /* Jacobian */
  TwinSimSparsity *sparsity;
  double          *jac_values; /* constant values in sparsity order, or NULL */

  /* Variables */
  GArray          *variables; /* TwinSimVariable */
  VariableReader  *readers;
  guint            n_readers_allocated;
  GHashTable      *variable_index; /* name → index + 1 */

  TwinSimSystem    system;
  char            *failure;
};

G_DEFINE_FINAL_TYPE (TwinSimModel, twin_sim_model, G_TYPE_OBJECT)

/* Compilation state, freed when twin_sim_model_compile() returns. */
typedef struct
{
  TwinSimModel *model;
  GPtrArray    *entities;         /* every entity in tree order (borrowed) */
  GPtrArray    *comp_entities;    /* per component: its entity (borrowed) */
  GHashTable   *comp_by_entity;   /* TwinEntity → component index + 1 */
  GHashTable   *entity_by_path;   /* path → TwinEntity */
  GHashTable   *overrides;        /* TwinEntity → (name → GVariant) */
  guint        *port_base;        /* per component: its first global port */
  guint         n_ports;          /* global ports */
  guint        *uf;               /* union-find over global ports */
  guint        *signal_source;    /* per global input port: the global output port feeding it */
  guint        *binding_of_port;  /* per global port: a binding index */
  guint        *node_of_port;     /* per global physical port: its final node, or NONE */
  guint        *slot_source_comp; /* per signal slot: the component writing it, or NONE */
  guint        *driver;           /* per node: the component setting it, or NONE */
  NodeKind     *node_kind;
  GArray      **node_deps;     /* per node: sorted states its value depends on */
  GArray      **out_deps;      /* per component: sorted states its outputs depend on */
  guint        *node_comp_ptr; /* per node: where its components start in node_comps */
  guint        *node_comps;
} Compile;

/* Static helpers: small sets of states */

static void
set_add (GArray *set,
         guint   value)
{
  guint lo = 0, hi = set->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      guint v = g_array_index (set, guint, mid);

      if (v == value)
        return;
      if (v < value)
        lo = mid + 1;
      else
        hi = mid;
    }
  g_array_insert_val (set, lo, value);
}

static void
set_add_all (GArray       *set,
             const GArray *other)
{
  if (other == NULL)
    return;
  for (guint i = 0; i < other->len; i++)
    set_add (set, g_array_index (other, guint, i));
}

static GArray *
set_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (guint));
}

/* Static helpers: compilation */

static guint
uf_find (guint *uf,
         guint  i)
{
  while (uf[i] != i)
    {
      uf[i] = uf[uf[i]];
      i = uf[i];
    }
  return i;
}

static void
uf_union (guint *uf,
          guint  a,
          guint  b)
{
  a = uf_find (uf, a);
  b = uf_find (uf, b);
  if (a != b)
    uf[MAX (a, b)] = MIN (a, b);
}

static TwinSimComponent *
get_comp (Compile *cc,
          guint    index)
{
  return g_ptr_array_index (cc->model->components, index);
}

static char *
dup_entity_label (TwinEntity *entity)
{
  g_autofree char *path = twin_entity_dup_path (entity);

  if (g_strcmp0 (path, twin_entity_get_name (entity)) == 0)
    return g_steal_pointer (&path);
  return g_strdup_printf ("%s (%s)", twin_entity_get_name (entity), path);
}

static char *
dup_comp_label (Compile *cc,
                guint    comp)
{
  return _twin_sim_component_dup_label (get_comp (cc, comp));
}

static const char *
port_name (const TwinSimComponent *comp,
           guint                   port)
{
  return comp->type->ports[port].name;
}

static gboolean
model_error (GError    **error,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static gboolean
model_error (GError    **error,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (TWIN_SIM_ERROR, TWIN_SIM_ERROR_MODEL, format, args));
  va_end (args);
  return FALSE;
}

static gboolean
collect_entities (Compile    *cc,
                  TwinEntity *entity,
                  guint       depth,
                  GError    **error)
{
  const TwinEntityType *type = twin_entity_type_lookup (twin_entity_get_type_name (entity));
  g_autofree char      *path = twin_entity_dup_path (entity);
  guint                 n_children;

  if (depth > TWIN_ENTITY_DEPTH_MAX)
    return model_error (error, _ ("The hierarchy below %s is too deep to simulate."), path);
  g_ptr_array_add (cc->entities, entity);
  g_hash_table_insert (cc->entity_by_path, g_steal_pointer (&path), entity);
  if (type != NULL && type->sim != NULL)
    {
      g_ptr_array_add (cc->model->components, _twin_sim_component_new (entity, type));
      g_ptr_array_add (cc->comp_entities, entity);
      g_hash_table_insert (cc->comp_by_entity, entity, GUINT_TO_POINTER (cc->model->components->len));
    }
  else if (type != NULL && type->n_ports > 0 && (type->flags & TWIN_ENTITY_TYPE_FLAGS_CONTAINER) == 0)
    {
      g_autofree char *label = dup_entity_label (entity);

      return model_error (error, _ ("%s is a %s, which cannot be simulated yet."), label, _ (type->label));
    }

  n_children = twin_entity_get_n_children (entity);
  for (guint i = 0; i < n_children; i++)
    if (!collect_entities (cc, twin_entity_get_child (entity, i), depth + 1, error))
      return FALSE;
  return TRUE;
}

/* Splits "ENTITY-PATH.NAME" at its last dot. */
static gboolean
split_target (const char *target,
              char      **path,
              char      **name)
{
  const char *dot = strrchr (target, '.');

  if (dot == NULL || dot == target || dot[1] == '\0')
    return FALSE;
  *path = g_strndup (target, dot - target);
  *name = g_strdup (dot + 1);
  return TRUE;
}

static gboolean
apply_overrides (Compile    *cc,
                 GHashTable *overrides,
                 GError    **error)
{
  GHashTableIter iter;
  gpointer       key, value;

  if (overrides == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, overrides);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *path = NULL;
      g_autofree char *name = NULL;
      g_autoptr (GError) local = NULL;
      g_autoptr (GVariant) parsed = NULL;
      TwinEntity    *entity;
      TwinParameter *parameter;
      GHashTable    *table;

      if (!split_target (key, &path, &name))
        {
          g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                       _ ("The override “%s” is not of the form ENTITY-PATH.PARAMETER."), (const char *) key);
          return FALSE;
        }
      entity = g_hash_table_lookup (cc->entity_by_path, path);
      if (entity == NULL)
        {
          g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                       _ ("The override “%s” names the entity “%s”, which the model does not have."),
                       (const char *) key, path);
          return FALSE;
        }
      parameter = twin_entity_get_parameter (entity, name);
      if (parameter == NULL)
        {
          g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                       _ ("The override “%s”: %s has no parameter “%s”."), (const char *) key, path, name);
          return FALSE;
        }
      parsed = value != NULL ? twin_parameter_parse_value (parameter, value, &local) : NULL;
      if (parsed == NULL)
        {
          g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                       _ ("The override “%s” has the value “%s”, which is not valid: %s"), (const char *) key,
                       value != NULL ? (const char *) value : "", local != NULL ? local->message : "");
          return FALSE;
        }
      table = g_hash_table_lookup (cc->overrides, entity);
      if (table == NULL)
        {
          table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_variant_unref);
          g_hash_table_insert (cc->overrides, entity, table);
        }
      g_hash_table_insert (table, g_strdup (name), g_variant_take_ref (g_steal_pointer (&parsed)));
    }
  return TRUE;
}

/* The parameter value of @entity (with the override) or NULL. */
static GVariant *
lookup_value (Compile       *cc,
              TwinEntity    *entity,
              TwinParameter *parameter)
{
  GHashTable *table = g_hash_table_lookup (cc->overrides, entity);
  GVariant   *value = table != NULL ? g_hash_table_lookup (table, twin_parameter_get_name (parameter)) : NULL;

  return value != NULL ? value : twin_parameter_get_value (parameter);
}

/* Follows boundary ports down to a component's own port. */
static gboolean
resolve_endpoint (Compile    *cc,
                  TwinEntity *entity,
                  const char *port,
                  guint      *comp_out,
                  guint      *port_out,
                  GError    **error)
{
  for (guint depth = 0; depth <= TWIN_ENTITY_DEPTH_MAX; depth++)
    {
      guint        index = GPOINTER_TO_UINT (g_hash_table_lookup (cc->comp_by_entity, entity));
      TwinPortInfo info;

      if (index > 0)
        {
          TwinSimComponent *comp = get_comp (cc, index - 1);

          for (guint i = 0; i < comp->n_ports; i++)
            if (strcmp (comp->type->ports[i].name, port) == 0)
              {
                *comp_out = index - 1;
                *port_out = i;
                return TRUE;
              }
        }
      if (!twin_entity_find_port (entity, port, &info) || info.inner == NULL)
        {
          g_autofree char      *label = dup_entity_label (entity);
          const TwinEntityType *type = twin_entity_type_lookup (twin_entity_get_type_name (entity));

          if (type == NULL)
            return model_error (error, _ ("%s is of the component type “%s”, which this version does not know, so it cannot be simulated."),
                                label, twin_entity_get_type_name (entity));
          return model_error (error, _ ("%s has no port “%s” that can be simulated."), label, port);
        }
      entity = info.inner;
      port = info.inner_port;
    }
  {
    g_autofree char *label = dup_entity_label (entity);

    return model_error (error, _ ("The port “%s” of %s leads through too many boundary ports."), port, label);
  }
}

static gboolean
join_connections (Compile *cc,
                  GError **error)
{
  for (guint e = 0; e < cc->entities->len; e++)
    {
      TwinEntity *container = g_ptr_array_index (cc->entities, e);
      GListModel *connections = twin_entity_get_connections (container);
      guint       n = g_list_model_get_n_items (connections);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr (TwinConnection) connection = g_list_model_get_item (connections, i);
          guint               ca, pa, cb, pb, ga, gb;
          const TwinPortSpec *sa, *sb;

          if (!resolve_endpoint (cc, twin_connection_get_from (connection), twin_connection_get_from_port (connection), &ca, &pa, error) ||
              !resolve_endpoint (cc, twin_connection_get_to (connection), twin_connection_get_to_port (connection), &cb, &pb, error))
            return FALSE;
          sa = &get_comp (cc, ca)->type->ports[pa];
          sb = &get_comp (cc, cb)->type->ports[pb];
          ga = cc->port_base[ca] + pa;
          gb = cc->port_base[cb] + pb;
          if (sa->domain != sb->domain || (sa->direction == TWIN_PORT_PHYSICAL) != (sb->direction == TWIN_PORT_PHYSICAL) ||
              (sa->direction != TWIN_PORT_PHYSICAL && sa->direction == sb->direction))
            {
              g_autofree char *la = dup_comp_label (cc, ca);
              g_autofree char *lb = dup_comp_label (cc, cb);

              return model_error (error, _ ("The port “%s” of %s cannot be connected to the port “%s” of %s: they are of different kinds."),
                                  sa->name, la, sb->name, lb);
            }
          get_comp (cc, ca)->port_flags[pa] |= TWIN_SIM_PORT_CONNECTED;
          get_comp (cc, cb)->port_flags[pb] |= TWIN_SIM_PORT_CONNECTED;
          if (sa->direction == TWIN_PORT_PHYSICAL)
            uf_union (cc->uf, ga, gb);
          else
            {
              guint input = sa->direction == TWIN_PORT_INPUT ? ga : gb;
              guint output = sa->direction == TWIN_PORT_INPUT ? gb : ga;
              guint ci = sa->direction == TWIN_PORT_INPUT ? ca : cb;
              guint pi = sa->direction == TWIN_PORT_INPUT ? pa : pb;

              if (cc->signal_source[input] != TWIN_SIM_NONE && cc->signal_source[input] != output)
                {
                  g_autofree char *label = dup_comp_label (cc, ci);

                  return model_error (error, _ ("The input “%s” of %s is connected to more than one output."),
                                      port_name (get_comp (cc, ci), pi), label);
                }
              cc->signal_source[input] = output;
            }
        }
    }
  return TRUE;
}

static gboolean
attach_bindings (Compile              *cc,
                 const TwinSimBinding *bindings,
                 guint                 n_bindings,
                 GError              **error)
{
  TwinSimModel *self = cc->model;

  self->bindings = g_new0 (Binding, MAX (n_bindings, 1));
  for (guint i = 0; i < n_bindings; i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *name = NULL;
      g_autoptr (GError) local = NULL;
      TwinEntity       *entity;
      guint             comp, port;
      TwinSimComponent *c;

      if (bindings[i].target == NULL || bindings[i].func == NULL || !split_target (bindings[i].target, &path, &name))
        {
          g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                       _ ("The input “%s” of the scenario is not of the form ENTITY-PATH.PORT."),
                       bindings[i].target != NULL ? bindings[i].target : "");
          return FALSE;
        }
      entity = g_hash_table_lookup (cc->entity_by_path, path);
      if (entity == NULL)
        {
          g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                       _ ("The input “%s” of the scenario names the entity “%s”, which the model does not have."),
                       bindings[i].target, path);
          return FALSE;
        }
      if (!resolve_endpoint (cc, entity, name, &comp, &port, &local))
        {
          g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO, _ ("The input “%s” of the scenario: %s"),
                       bindings[i].target, local->message);
          return FALSE;
        }
      c = get_comp (cc, comp);
      if (c->type->ports[port].direction != TWIN_PORT_INPUT)
        {
          g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                       _ ("The input “%s” of the scenario is attached to a port that is not a signal input."),
                       bindings[i].target);
          return FALSE;
        }
      if ((c->port_flags[port] & TWIN_SIM_PORT_CONNECTED) != 0)
        {
          g_set_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO,
                       _ ("The input “%s” of the scenario is attached to a port that is already connected in the model."),
                       bindings[i].target);
          return FALSE;
        }
      c->port_flags[port] |= TWIN_SIM_PORT_CONNECTED | TWIN_SIM_PORT_BOUND;
      cc->binding_of_port[cc->port_base[comp] + port] = i;
      self->bindings[i].func = bindings[i].func;
      self->bindings[i].next_break = bindings[i].next_break;
      self->bindings[i].user_data = bindings[i].user_data;
    }
  self->n_bindings = n_bindings;
  return TRUE;
}

static gboolean
compile_components (Compile *cc,
                    GError **error)
{
  for (guint c = 0; c < cc->model->components->len; c++)
    {
      TwinSimComponent *comp = get_comp (cc, c);
      TwinEntity       *entity = g_ptr_array_index (cc->comp_entities, c);
      TwinSimBuilder    builder = {
           .component = comp,
           .entity = entity,
           .overrides = g_hash_table_lookup (cc->overrides, entity),
      };
      g_autoptr (GError) local = NULL;

      if (!comp->sim->compile (&builder, &local))
        {
          g_clear_error (&builder.error);
          if (local == NULL)
            {
              g_autofree char *label = _twin_sim_component_dup_label (comp);

              return model_error (error, _ ("%s cannot be simulated."), label);
            }
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (builder.error != NULL)
        {
          g_propagate_error (error, builder.error);
          return FALSE;
        }
      for (guint i = 0; i < comp->capacities->len; i++)
        {
          const TwinSimCapacityDecl *cap = &g_array_index (comp->capacities, TwinSimCapacityDecl, i);

          if (!(cap->capacity > 0) || !isfinite (cap->capacity) || !isfinite (cap->initial_across))
            {
              g_autofree char *label = _twin_sim_component_dup_label (comp);

              return model_error (error, _ ("%s: its capacity must be a positive number."), label);
            }
        }
      for (guint i = 0; i < comp->conductances->len; i++)
        if (!isfinite (g_array_index (comp->conductances, TwinSimConductanceDecl, i).conductance))
          {
            g_autofree char *label = _twin_sim_component_dup_label (comp);

            return model_error (error, _ ("%s: its conductance must be a finite number."), label);
          }
    }
  return TRUE;
}

/* The same-named numeric parameter of an input port, or NULL. */
static TwinParameter *
find_input_parameter (TwinEntity *entity,
                      const char *port)
{
  TwinParameter *parameter = twin_entity_get_parameter (entity, port);

  if (parameter == NULL)
    return NULL;
  if (twin_parameter_get_kind (parameter) != TWIN_VALUE_NUMBER && twin_parameter_get_kind (parameter) != TWIN_VALUE_INTEGER)
    return NULL;
  return parameter;
}

static TwinEntity *
comp_entity (Compile *cc,
             guint    comp)
{
  return g_ptr_array_index (cc->comp_entities, comp);
}

static gboolean
check_required_ports (Compile *cc,
                      GError **error)
{
  for (guint c = 0; c < cc->model->components->len; c++)
    {
      TwinSimComponent *comp = get_comp (cc, c);

      for (guint p = 0; p < comp->n_ports; p++)
        {
          const TwinPortSpec *spec = &comp->type->ports[p];
          g_autofree char    *label = NULL;

          if (spec->optional || (comp->port_flags[p] & TWIN_SIM_PORT_CONNECTED) != 0 || spec->direction == TWIN_PORT_OUTPUT)
            continue;
          if (spec->direction == TWIN_PORT_INPUT &&
              ((comp->port_flags[p] & TWIN_SIM_PORT_HAS_DEFAULT) != 0 || find_input_parameter (comp_entity (cc, c), spec->name) != NULL))
            continue;
          label = _twin_sim_component_dup_label (comp);
          return model_error (error, _ ("%s: its port “%s” is not connected."), label, spec->name);
        }
    }
  return TRUE;
}

/* Lists the components at every node (compressed rows: node_comp_ptr[n] .. node_comp_ptr[n + 1]). */
static void
index_node_components (Compile *cc,
                       guint    n_nodes)
{
  guint n_comps = cc->model->components->len;
  guint total = 0;

  cc->node_comp_ptr = g_new0 (guint, n_nodes + 2);
  for (guint pass = 0; pass < 2; pass++)
    {
      g_autofree guint *fill = pass == 1 ? g_memdup2 (cc->node_comp_ptr, (n_nodes + 1) * sizeof (guint)) : NULL;

      for (guint c = 0; c < n_comps; c++)
        {
          TwinSimComponent *comp = get_comp (cc, c);

          for (guint p = 0; p < comp->n_ports; p++)
            {
              guint    node = cc->node_of_port[cc->port_base[c] + p];
              gboolean seen = FALSE;

              if (comp->type->ports[p].direction != TWIN_PORT_PHYSICAL || node == TWIN_SIM_NONE)
                continue;
              for (guint q = 0; q < p && !seen; q++)
                seen = comp->type->ports[q].direction == TWIN_PORT_PHYSICAL && cc->node_of_port[cc->port_base[c] + q] == node;
              if (seen)
                continue;
              if (pass == 0)
                cc->node_comp_ptr[node + 1]++;
              else
                cc->node_comps[fill[node]++] = c;
            }
        }
      if (pass == 0)
        {
          for (guint n = 0; n < n_nodes; n++)
            cc->node_comp_ptr[n + 1] += cc->node_comp_ptr[n];
          total = cc->node_comp_ptr[n_nodes];
          cc->node_comps = g_new (guint, MAX (total, 1));
        }
    }
}

/* "A (path), B (path)" for the components with a port at @node. */
static char *
dup_node_label (Compile *cc,
                guint    node)
{
  GString *text = g_string_new (NULL);

  for (guint i = cc->node_comp_ptr[node]; i < cc->node_comp_ptr[node + 1]; i++)
    {
      TwinSimComponent *comp = get_comp (cc, cc->node_comps[i]);

      if (i - cc->node_comp_ptr[node] == MAX_NAMED)
        {
          g_string_append (text, ", …");
          break;
        }
      if (i > cc->node_comp_ptr[node])
        g_string_append (text, ", ");
      g_string_append_printf (text, "%s (%s)", comp->name, comp->path);
    }
  return g_string_free (text, FALSE);
}

/* The first component with a capacity at @node, for messages. */
static char *
dup_capacity_label (Compile *cc,
                    guint    node)
{
  for (guint i = cc->node_comp_ptr[node]; i < cc->node_comp_ptr[node + 1]; i++)
    {
      guint             c = cc->node_comps[i];
      TwinSimComponent *comp = get_comp (cc, c);

      for (guint k = 0; k < comp->capacities->len; k++)
        if (cc->node_of_port[cc->port_base[c] + g_array_index (comp->capacities, TwinSimCapacityDecl, k).port] == node)
          return dup_comp_label (cc, c);
    }
  return dup_node_label (cc, node);
}

/* Numbers the nodes (per union-find class, in order of first port) and
 * classifies them. Returns the number of nodes; node_of_port is filled. */
static gboolean
find_nodes (Compile *cc,
            guint   *n_nodes_out,
            GError **error)
{
  TwinSimModel        *self = cc->model;
  g_autofree guint    *node_of_root = g_new (guint, MAX (cc->n_ports, 1));
  g_autofree gboolean *root_live = g_new0 (gboolean, MAX (cc->n_ports, 1));
  guint                n_nodes = 0;

  for (guint c = 0; c < self->components->len; c++)
    {
      TwinSimComponent *comp = get_comp (cc, c);

      for (guint i = 0; i + 1 < comp->joins->len; i += 2)
        uf_union (cc->uf, cc->port_base[c] + g_array_index (comp->joins, guint, i), cc->port_base[c] + g_array_index (comp->joins, guint, i + 1));
    }
  /* A class is a node when a connection reaches it or a capacity sits on it. */
  for (guint c = 0; c < self->components->len; c++)
    {
      TwinSimComponent *comp = get_comp (cc, c);

      for (guint p = 0; p < comp->n_ports; p++)
        if (comp->type->ports[p].direction == TWIN_PORT_PHYSICAL && (comp->port_flags[p] & TWIN_SIM_PORT_CONNECTED) != 0)
          root_live[uf_find (cc->uf, cc->port_base[c] + p)] = TRUE;
      for (guint i = 0; i < comp->capacities->len; i++)
        root_live[uf_find (cc->uf, cc->port_base[c] + g_array_index (comp->capacities, TwinSimCapacityDecl, i).port)] = TRUE;
    }
  for (guint i = 0; i < cc->n_ports; i++)
    node_of_root[i] = TWIN_SIM_NONE;
  for (guint c = 0; c < self->components->len; c++)
    {
      TwinSimComponent *comp = get_comp (cc, c);

      for (guint p = 0; p < comp->n_ports; p++)
        {
          guint g = cc->port_base[c] + p;
          guint root;

          if (comp->type->ports[p].direction != TWIN_PORT_PHYSICAL)
            continue;
          root = uf_find (cc->uf, g);
          if (!root_live[root])
            continue;
          if (node_of_root[root] == TWIN_SIM_NONE)
            node_of_root[root] = n_nodes++;
          cc->node_of_port[g] = node_of_root[root];
        }
    }
  *n_nodes_out = n_nodes;
  index_node_components (cc, n_nodes);
  (void) error;
  return TRUE;
}

/* Two grounds (or two fixed frames) at one node agree: both hold it at zero. */
static gboolean
is_zero_reference (const TwinSimComponent *comp)
{
  return g_strcmp0 (comp->type->name, "ground") == 0 || g_strcmp0 (comp->type->name, "fixed") == 0;
}
static gboolean
classify_nodes (Compile *cc,
                guint    n_nodes,
                double  *capacity,
                GError **error)
{
  TwinSimModel *self = cc->model;
  gboolean      progress;

  cc->node_kind = g_new0 (NodeKind, MAX (n_nodes, 1));
  cc->driver = g_new (guint, MAX (n_nodes, 1));
  for (guint n = 0; n < n_nodes; n++)
    cc->driver[n] = TWIN_SIM_NONE;

  for (guint c = 0; c < self->components->len; c++)
    {
      TwinSimComponent *comp = get_comp (cc, c);

      for (guint i = 0; i < comp->capacities->len; i++)
        {
          const TwinSimCapacityDecl *cap = &g_array_index (comp->capacities, TwinSimCapacityDecl, i);
          guint                      node = cc->node_of_port[cc->port_base[c] + cap->port];

          if (node == TWIN_SIM_NONE)
            continue;
          cc->node_kind[node] = NODE_CAPACITIVE;
          capacity[node] += cap->capacity;
        }
    }
  for (guint c = 0; c < self->components->len; c++)
    {
      TwinSimComponent *comp = get_comp (cc, c);

      for (guint p = 0; p < comp->n_ports; p++)
        {
          guint node = cc->node_of_port[cc->port_base[c] + p];

          if ((comp->port_flags[p] & TWIN_SIM_PORT_DRIVES) == 0 || node == TWIN_SIM_NONE)
            continue;
          if (cc->node_kind[node] == NODE_CAPACITIVE)
            {
              g_autofree char *label = dup_comp_label (cc, c);
              g_autofree char *at = dup_capacity_label (cc, node);

              return model_error (error, _ ("%s sets the value of a node that has a capacity, %s; remove one of the two."), label, at);
            }
          if (cc->driver[node] != TWIN_SIM_NONE && cc->driver[node] != c && !(is_zero_reference (comp) && is_zero_reference (get_comp (cc, cc->driver[node]))))
            {
              g_autofree char *la = dup_comp_label (cc, cc->driver[node]);
              g_autofree char *lb = dup_comp_label (cc, c);

              return model_error (error, _ ("%s and %s both set the value of the same node."), la, lb);
            }
          cc->node_kind[node] = NODE_DRIVEN;
          cc->driver[node] = c;
        }
    }
  /* Chains of drive_difference(): each sets the side that is not yet driven. */
  do
    {
      progress = FALSE;
      for (guint c = 0; c < self->components->len; c++)
        {
          TwinSimComponent *comp = get_comp (cc, c);

          for (guint i = 0; i < comp->differences->len; i++)
            {
              TwinSimDifferenceDecl *d = &g_array_index (comp->differences, TwinSimDifferenceDecl, i);
              guint                  np = cc->node_of_port[cc->port_base[c] + d->port_p];
              guint                  nn = cc->node_of_port[cc->port_base[c] + d->port_n];
              guint                  dependent;

              if (d->dependent != TWIN_SIM_NONE || np == TWIN_SIM_NONE || nn == TWIN_SIM_NONE)
                continue;
              if (np == nn)
                {
                  g_autofree char *label = dup_comp_label (cc, c);

                  return model_error (error, _ ("%s is short-circuited: both of its ports are on one node."), label);
                }
              if (cc->node_kind[nn] == NODE_DRIVEN && cc->node_kind[np] != NODE_DRIVEN)
                {
                  d->dependent = d->port_p;
                  dependent = np;
                }
              else if (cc->node_kind[np] == NODE_DRIVEN && cc->node_kind[nn] != NODE_DRIVEN)
                {
                  d->dependent = d->port_n;
                  dependent = nn;
                }
              else if (cc->node_kind[np] == NODE_DRIVEN && cc->node_kind[nn] == NODE_DRIVEN)
                {
                  g_autofree char *label = dup_comp_label (cc, c);

                  return model_error (error, _ ("%s sets the difference between two nodes whose values are both set elsewhere."), label);
                }
              else
                continue;
              if (cc->node_kind[dependent] == NODE_CAPACITIVE)
                {
                  g_autofree char *label = dup_comp_label (cc, c);
                  g_autofree char *at = dup_capacity_label (cc, dependent);

                  return model_error (error, _ ("%s sets the value of a node that has a capacity, %s; remove one of the two."), label, at);
                }
              cc->node_kind[dependent] = NODE_DRIVEN;
              cc->driver[dependent] = c;
              progress = TRUE;
            }
        }
    }
  while (progress);
  for (guint c = 0; c < self->components->len; c++)
    {
      TwinSimComponent *comp = get_comp (cc, c);

      for (guint i = 0; i < comp->differences->len; i++)
        {
          const TwinSimDifferenceDecl *d = &g_array_index (comp->differences, TwinSimDifferenceDecl, i);

          if (d->dependent == TWIN_SIM_NONE && cc->node_of_port[cc->port_base[c] + d->port_p] != TWIN_SIM_NONE &&
              cc->node_of_port[cc->port_base[c] + d->port_n] != TWIN_SIM_NONE)
            {
              g_autofree char *label = dup_comp_label (cc, c);

              return model_error (error, _ ("%s: one of its ports “%s” and “%s” must be on a node whose value is set elsewhere, such as a ground."),
                                  label, port_name (comp, d->port_p), port_name (comp, d->port_n));
            }
        }
      for (guint p = 0; p < comp->n_ports; p++)
        {
          guint node = cc->node_of_port[cc->port_base[c] + p];

          if ((comp->port_flags[p] & TWIN_SIM_PORT_REQUIRE_DRIVEN) != 0 && (node == TWIN_SIM_NONE || cc->node_kind[node] != NODE_DRIVEN))
            {
              g_autofree char *label = dup_comp_label (cc, c);

              return model_error (error, _ ("%s: its port “%s” must be connected to a node whose value is set, such as a ground."),
                                  label, port_name (comp, p));
            }
        }
    }
  for (guint n = 0; n < n_nodes; n++)
    if (cc->node_kind[n] == NODE_FREE)
      cc->node_kind[n] = NODE_ALGEBRAIC;
  return TRUE;
}

static gboolean
port_depends (const TwinSimComponent *comp,
              guint                   port)
{
  if ((comp->port_flags[port] & TWIN_SIM_PORT_FLOW_DEPENDS) != 0)
    return TRUE;
  for (guint i = 0; i < comp->conductances->len; i++)
    {
      const TwinSimConductanceDecl *d = &g_array_index (comp->conductances, TwinSimConductanceDecl, i);

      if (d->port_a == port || d->port_b == port)
        return TRUE;
    }
  return FALSE;
}

/* Every algebraic node needs a flow that depends on it, and every cluster of
 * algebraic nodes a conductive path to a node whose value is known. */
static gboolean
check_algebraic (Compile *cc,
                 guint    n_nodes,
                 GError **error)
{
  TwinSimModel        *self = cc->model;
  g_autofree gboolean *has_dep = g_new0 (gboolean, MAX (n_nodes, 1));
  g_autofree guint    *cluster = g_new (guint, n_nodes + 1);
  g_autofree gboolean *anchored = g_new0 (gboolean, n_nodes + 1);

  for (guint n = 0; n <= n_nodes; n++)
    cluster[n] = n;
  for (guint c = 0; c < self->components->len; c++)
    {
      TwinSimComponent *comp = get_comp (cc, c);
      guint             first = TWIN_SIM_NONE;

      for (guint p = 0; p < comp->n_ports; p++)
        {
          guint node = cc->node_of_port[cc->port_base[c] + p];

          if (node == TWIN_SIM_NONE || !port_depends (comp, p))
            continue;
          has_dep[node] = TRUE;
          if (first == TWIN_SIM_NONE)
            first = node;
          else
            uf_union (cluster, first, node);
        }
    }
  for (guint n = 0; n < n_nodes; n++)
    if (cc->node_kind[n] == NODE_ALGEBRAIC && !has_dep[n])
      {
        g_autofree char *at = dup_node_label (cc, n);

        return model_error (error, _ ("The node joining %s cannot be eliminated: it has no capacity, nothing sets its value, and no flow into it depends on its value."),
                            at);
      }
  for (guint n = 0; n < n_nodes; n++)
    if (cc->node_kind[n] != NODE_ALGEBRAIC)
      anchored[uf_find (cluster, n)] = TRUE;
  for (guint n = 0; n < n_nodes; n++)
    if (cc->node_kind[n] == NODE_ALGEBRAIC && !anchored[uf_find (cluster, n)])
      {
        g_autofree char *at = dup_node_label (cc, n);

        return model_error (error, _ ("The node joining %s cannot be eliminated: no conductive path leads from it to a capacity or to a node whose value is set."),
                            at);
      }
  for (guint c = 0; c < self->components->len; c++)
    {
      TwinSimComponent *comp = get_comp (cc, c);

      for (guint p = 0; p < comp->n_ports; p++)
        {
          guint node = cc->node_of_port[cc->port_base[c] + p];

          if ((comp->port_flags[p] & TWIN_SIM_PORT_READS_ACROSS) != 0 && node != TWIN_SIM_NONE && cc->node_kind[node] == NODE_ALGEBRAIC)
            {
              g_autofree char *label = dup_comp_label (cc, c);

              return model_error (error, _ ("%s reads a node without a capacity at the same instant; give it a time constant."), label);
            }
        }
    }
  return TRUE;
}

/* Signal slots: every output, then bindings and constants for inputs. */
static void
assign_signals (Compile *cc)
{
  TwinSimModel *self = cc->model;
  GArray       *init = g_array_new (FALSE, FALSE, sizeof (double));
  GArray       *source = g_array_new (FALSE, FALSE, sizeof (guint));
  double        zero = 0;

  for (guint c = 0; c < self->components->len; c++)
    {
      TwinSimComponent *comp = get_comp (cc, c);

      for (guint p = 0; p < comp->n_ports; p++)
        if (comp->type->ports[p].direction == TWIN_PORT_OUTPUT)
          {
            comp->slot[p] = init->len;
            g_array_append_val (init, zero);
            g_array_append_val (source, c);
          }
    }
  for (guint i = 0; i < self->n_bindings; i++)
    {
      guint none = TWIN_SIM_NONE;

      self->bindings[i].slot = init->len;
      g_array_append_val (init, zero);
      g_array_append_val (source, none);
    }
  for (guint c = 0; c < self->components->len; c++)
    {
      TwinSimComponent *comp = get_comp (cc, c);
      TwinEntity       *entity = comp_entity (cc, c);

      for (guint p = 0; p < comp->n_ports; p++)
        {
          guint          g = cc->port_base[c] + p;
          TwinParameter *parameter;
          TwinUnit       unit;
          const char    *unit_text;
          guint          none = TWIN_SIM_NONE;

          if (comp->type->ports[p].direction != TWIN_PORT_INPUT)
            continue;
          parameter = find_input_parameter (entity, comp->type->ports[p].name);
          unit_text = parameter != NULL ? twin_parameter_get_unit (parameter) : NULL;
          if (unit_text != NULL && *unit_text != '\0' && twin_unit_parse (unit_text, &unit, NULL))
            {
              comp->input_offset[p] = twin_unit_to_si (&unit, 0.0);
              comp->input_scale[p] = twin_unit_to_si (&unit, 1.0) - comp->input_offset[p];
            }
          if (cc->signal_source[g] != TWIN_SIM_NONE)
            {
              guint op = cc->signal_source[g];
              guint lo = 0, hi = self->components->len, oc;

              /* The component owning the global output port: the last base ≤ op. */
              while (hi - lo > 1)
                {
                  guint mid = (lo + hi) / 2;

                  if (cc->port_base[mid] <= op)
                    lo = mid;
                  else
                    hi = mid;
                }
              oc = lo;
              while (oc + 1 < self->components->len && cc->port_base[oc + 1] <= op)
                oc++;
              comp->slot[p] = get_comp (cc, oc)->slot[op - cc->port_base[oc]];
            }
          else if (cc->binding_of_port[g] != TWIN_SIM_NONE)
            comp->slot[p] = self->bindings[cc->binding_of_port[g]].slot;
          else
            {
              double value = 0;

              if (parameter != NULL)
                {
                  GVariant *v = lookup_value (cc, entity, parameter);

                  value = g_variant_is_of_type (v, G_VARIANT_TYPE_INT64) ? (double) g_variant_get_int64 (v) : g_variant_get_double (v);
                }
              else if ((comp->port_flags[p] & TWIN_SIM_PORT_HAS_DEFAULT) != 0)
                value = comp->input_default[p];
              comp->slot[p] = init->len;
              g_array_append_val (init, value);
              g_array_append_val (source, none);
            }
        }
    }
  self->n_signals = init->len;
  self->signal_init = (double *) g_array_free (init, FALSE);
  cc->slot_source_comp = (guint *) g_array_free (source, FALSE);
}

static gboolean
drives_something (const TwinSimComponent *comp)
{
  if (comp->differences->len > 0)
    return TRUE;
  for (guint p = 0; p < comp->n_ports; p++)
    if ((comp->port_flags[p] & TWIN_SIM_PORT_DRIVES) != 0)
      return TRUE;
  return FALSE;
}

static void
add_edge (GPtrArray *succ,
          guint     *indegree,
          guint      from,
          guint      to)
{
  GArray *list = g_ptr_array_index (succ, from);

  if (from == to)
    {
      g_array_append_val (list, to);
      indegree[to]++;
      return;
    }
  for (guint i = 0; i < list->len; i++)
    if (g_array_index (list, guint, i) == to)
      return;
  g_array_append_val (list, to);
  indegree[to]++;
}

/* Orders the components so that every output is computed before it is read
 * at the same instant; a cycle is an algebraic loop. */
static gboolean
order_components (Compile *cc,
                  GError **error)
{
  TwinSimModel *self = cc->model;
  guint         n = self->components->len;
  g_autoptr (GPtrArray) succ = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autofree guint *indegree = g_new0 (guint, MAX (n, 1));
  g_autofree guint *queue = g_new (guint, MAX (n, 1));
  guint             head = 0, tail = 0;

  for (guint c = 0; c < n; c++)
    g_ptr_array_add (succ, g_array_new (FALSE, FALSE, sizeof (guint)));
  for (guint c = 0; c < n; c++)
    {
      TwinSimComponent *comp = get_comp (cc, c);
      gboolean          reads_inputs = comp->sim->outputs != NULL && (comp->feedthrough || drives_something (comp));

      for (guint p = 0; p < comp->n_ports; p++)
        {
          const TwinPortSpec *spec = &comp->type->ports[p];
          guint               node = spec->direction == TWIN_PORT_PHYSICAL ? cc->node_of_port[cc->port_base[c] + p] : TWIN_SIM_NONE;

          if (spec->direction == TWIN_PORT_INPUT && reads_inputs && cc->slot_source_comp[comp->slot[p]] != TWIN_SIM_NONE)
            add_edge (succ, indegree, cc->slot_source_comp[comp->slot[p]], c);
          if ((comp->port_flags[p] & TWIN_SIM_PORT_READS_ACROSS) != 0 && node != TWIN_SIM_NONE && cc->driver[node] != TWIN_SIM_NONE &&
              cc->driver[node] != c)
            add_edge (succ, indegree, cc->driver[node], c);
        }
      for (guint i = 0; i < comp->differences->len; i++)
        {
          const TwinSimDifferenceDecl *d = &g_array_index (comp->differences, TwinSimDifferenceDecl, i);
          guint                        ref;

          if (d->dependent == TWIN_SIM_NONE)
            continue;
          ref = cc->node_of_port[cc->port_base[c] + (d->dependent == d->port_p ? d->port_n : d->port_p)];
          if (cc->driver[ref] != TWIN_SIM_NONE && cc->driver[ref] != c)
            add_edge (succ, indegree, cc->driver[ref], c);
        }
    }
  for (guint c = 0; c < n; c++)
    if (indegree[c] == 0)
      queue[tail++] = c;
  while (head < tail)
    {
      guint   c = queue[head++];
      GArray *list = g_ptr_array_index (succ, c);

      for (guint i = 0; i < list->len; i++)
        {
          guint to = g_array_index (list, guint, i);

          if (--indegree[to] == 0)
            queue[tail++] = to;
        }
    }
  if (tail < n)
    {
      g_autofree gboolean *in_loop = g_new0 (gboolean, n);
      GString             *names = g_string_new (NULL);
      gboolean             pruned;
      guint                named = 0;

      /* Keep only the blocks on a cycle: drop those with no successor left. */
      for (guint c = 0; c < n; c++)
        in_loop[c] = indegree[c] > 0;
      do
        {
          pruned = FALSE;
          for (guint c = 0; c < n; c++)
            {
              GArray  *list = g_ptr_array_index (succ, c);
              gboolean any = FALSE;

              if (!in_loop[c])
                continue;
              for (guint i = 0; i < list->len && !any; i++)
                any = in_loop[g_array_index (list, guint, i)];
              if (!any)
                {
                  in_loop[c] = FALSE;
                  pruned = TRUE;
                }
            }
        }
      while (pruned);
      for (guint c = 0; c < n; c++)
        if (in_loop[c])
          {
            g_autofree char *label = dup_comp_label (cc, c);

            if (named == MAX_NAMED)
              {
                g_string_append (names, ", …");
                break;
              }
            if (named++ > 0)
              g_string_append (names, ", ");
            g_string_append (names, label);
          }
      model_error (error, _ ("%s form an algebraic loop: each output depends on its input at the same instant. Put a block with a state (a sensor with a time constant, a filter) in the loop."),
                   names->str);
      g_string_free (names, TRUE);
      return FALSE;
    }
  self->order = g_steal_pointer (&queue);
  self->n_order = n;
  return TRUE;
}

static guint *
filter_order (TwinSimModel *self,
              gboolean (*keep) (const TwinSimComponent *comp),
              gboolean in_order,
              guint   *n_out)
{
  guint *list = g_new (guint, MAX (self->components->len, 1));
  guint  n = 0;

  for (guint i = 0; i < self->components->len; i++)
    {
      guint c = in_order ? self->order[i] : i;

      if (keep (g_ptr_array_index (self->components, c)))
        list[n++] = c;
    }
  *n_out = n;
  return list;
}

static gboolean
has_outputs (const TwinSimComponent *comp)
{
  return comp->sim->outputs != NULL;
}

static gboolean
has_flows (const TwinSimComponent *comp)
{
  return comp->sim->flows != NULL;
}

static gboolean
has_events (const TwinSimComponent *comp)
{
  return comp->n_events > 0 && comp->sim->events != NULL;
}

static gboolean
has_time_events (const TwinSimComponent *comp)
{
  return comp->sim->next_time_event != NULL;
}

/* Structural Jacobian pattern (see the "Jacobian sparsity"). Also
 * decides whether the constant analytic Jacobian applies. */
static void
build_sparsity (Compile  *cc,
                guint     n_nodes_raw,
                guint    *new_id,
                gboolean *analytic)
{
  TwinSimModel *self = cc->model;
  guint         n_comps = self->components->len;
  g_autoptr (GArray) rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) cols = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint *cluster = g_new (guint, MAX (n_nodes_raw, 1));
  GArray          **cluster_deps = g_new0 (GArray *, MAX (n_nodes_raw, 1));

  *analytic = self->n_alg == 0;
  cc->node_deps = g_new0 (GArray *, MAX (n_nodes_raw, 1));
  cc->out_deps = g_new0 (GArray *, MAX (n_comps, 1));
  for (guint n = 0; n < n_nodes_raw; n++)
    {
      cc->node_deps[n] = set_new ();
      if (cc->node_kind[n] == NODE_CAPACITIVE)
        set_add (cc->node_deps[n], new_id[n]);
    }

  /* Outputs and driven nodes, in signal order. */
  for (guint i = 0; i < self->n_order; i++)
    {
      guint             c = self->order[i];
      TwinSimComponent *comp = get_comp (cc, c);
      GArray           *deps = set_new ();
      gboolean          reads_inputs = comp->feedthrough || drives_something (comp);

      for (guint s = 0; s < comp->states->len; s++)
        set_add (deps, comp->first_state + s);
      for (guint p = 0; p < comp->n_ports; p++)
        {
          const TwinPortSpec *spec = &comp->type->ports[p];
          guint               node = spec->direction == TWIN_PORT_PHYSICAL ? cc->node_of_port[cc->port_base[c] + p] : TWIN_SIM_NONE;

          if (spec->direction == TWIN_PORT_INPUT && reads_inputs && cc->slot_source_comp[comp->slot[p]] != TWIN_SIM_NONE)
            set_add_all (deps, cc->out_deps[cc->slot_source_comp[comp->slot[p]]]);
          if ((comp->port_flags[p] & TWIN_SIM_PORT_READS_ACROSS) != 0 && node != TWIN_SIM_NONE)
            set_add_all (deps, cc->node_deps[node]);
        }
      cc->out_deps[c] = deps;
      for (guint p = 0; p < comp->n_ports; p++)
        {
          guint node = comp->type->ports[p].direction == TWIN_PORT_PHYSICAL ? cc->node_of_port[cc->port_base[c] + p] : TWIN_SIM_NONE;

          if ((comp->port_flags[p] & TWIN_SIM_PORT_DRIVES) != 0 && node != TWIN_SIM_NONE)
            set_add_all (cc->node_deps[node], deps);
        }
      for (guint d = 0; d < comp->differences->len; d++)
        {
          const TwinSimDifferenceDecl *decl = &g_array_index (comp->differences, TwinSimDifferenceDecl, d);
          guint                        dep, ref;

          if (decl->dependent == TWIN_SIM_NONE)
            continue;
          dep = cc->node_of_port[cc->port_base[c] + decl->dependent];
          ref = cc->node_of_port[cc->port_base[c] + (decl->dependent == decl->port_p ? decl->port_n : decl->port_p)];
          set_add_all (cc->node_deps[dep], deps);
          set_add_all (cc->node_deps[dep], cc->node_deps[ref]);
        }
    }
  for (guint n = 0; n < n_nodes_raw; n++)
    if (cc->node_kind[n] == NODE_DRIVEN && cc->node_deps[n]->len > 0)
      *analytic = FALSE;

  /* Algebraic clusters: the union of what every component at them reads. */
  for (guint n = 0; n < n_nodes_raw; n++)
    cluster[n] = n;
  for (guint c = 0; c < n_comps; c++)
    {
      TwinSimComponent *comp = get_comp (cc, c);
      guint             first = TWIN_SIM_NONE;

      for (guint p = 0; p < comp->n_ports; p++)
        {
          guint node = comp->type->ports[p].direction == TWIN_PORT_PHYSICAL ? cc->node_of_port[cc->port_base[c] + p] : TWIN_SIM_NONE;

          if (node == TWIN_SIM_NONE || cc->node_kind[node] != NODE_ALGEBRAIC)
            continue;
          if (first == TWIN_SIM_NONE)
            first = node;
          else
            uf_union (cluster, first, node);
        }
    }
  if (self->n_alg > 0)
    for (guint c = 0; c < n_comps; c++)
      {
        TwinSimComponent *comp = get_comp (cc, c);
        guint             root = TWIN_SIM_NONE;

        for (guint p = 0; p < comp->n_ports; p++)
          {
            guint node = comp->type->ports[p].direction == TWIN_PORT_PHYSICAL ? cc->node_of_port[cc->port_base[c] + p] : TWIN_SIM_NONE;

            if (node != TWIN_SIM_NONE && cc->node_kind[node] == NODE_ALGEBRAIC)
              root = uf_find (cluster, node);
          }
        if (root == TWIN_SIM_NONE)
          continue;
        if (cluster_deps[root] == NULL)
          cluster_deps[root] = set_new ();
        for (guint s = 0; s < comp->states->len; s++)
          set_add (cluster_deps[root], comp->first_state + s);
        for (guint p = 0; p < comp->n_ports; p++)
          {
            const TwinPortSpec *spec = &comp->type->ports[p];
            guint               node = spec->direction == TWIN_PORT_PHYSICAL ? cc->node_of_port[cc->port_base[c] + p] : TWIN_SIM_NONE;

            if (spec->direction == TWIN_PORT_INPUT && cc->slot_source_comp[comp->slot[p]] != TWIN_SIM_NONE)
              set_add_all (cluster_deps[root], cc->out_deps[cc->slot_source_comp[comp->slot[p]]]);
            if (node != TWIN_SIM_NONE && cc->node_kind[node] != NODE_ALGEBRAIC)
              set_add_all (cluster_deps[root], cc->node_deps[node]);
          }
      }
  for (guint n = 0; n < n_nodes_raw; n++)
    if (cc->node_kind[n] == NODE_ALGEBRAIC && cluster_deps[uf_find (cluster, n)] != NULL)
      set_add_all (cc->node_deps[n], cluster_deps[uf_find (cluster, n)]);
  for (guint n = 0; n < n_nodes_raw; n++)
    if (cluster_deps[n] != NULL)
      g_array_unref (cluster_deps[n]);
  g_free (cluster_deps);

  /* Each component: the derivatives it writes × the states it reads. */
  for (guint c = 0; c < n_comps; c++)
    {
      TwinSimComponent *comp = get_comp (cc, c);
      g_autoptr (GArray) reads = set_new ();
      g_autoptr (GArray) writes = set_new ();
      gboolean independent = TRUE;

      for (guint s = 0; s < comp->states->len; s++)
        {
          set_add (reads, comp->first_state + s);
          set_add (writes, comp->first_state + s);
        }
      for (guint p = 0; p < comp->n_ports; p++)
        {
          const TwinPortSpec *spec = &comp->type->ports[p];
          guint               node = spec->direction == TWIN_PORT_PHYSICAL ? cc->node_of_port[cc->port_base[c] + p] : TWIN_SIM_NONE;

          if (spec->direction == TWIN_PORT_INPUT && cc->slot_source_comp[comp->slot[p]] != TWIN_SIM_NONE)
            {
              GArray *src = cc->out_deps[cc->slot_source_comp[comp->slot[p]]];

              set_add_all (reads, src);
              if (src->len > 0)
                independent = FALSE;
            }
          if (node == TWIN_SIM_NONE)
            continue;
          set_add_all (reads, cc->node_deps[node]);
          if (cc->node_kind[node] == NODE_CAPACITIVE)
            set_add (writes, new_id[node]);
          if ((comp->port_flags[p] & TWIN_SIM_PORT_FLOW_DEPENDS) != 0)
            independent = FALSE;
        }
      if (comp->states->len > 0 || (comp->sim->flows != NULL && !independent))
        *analytic = FALSE;
      for (guint w = 0; w < writes->len; w++)
        for (guint r = 0; r < reads->len; r++)
          {
            g_array_append_val (rows, g_array_index (writes, guint, w));
            g_array_append_val (cols, g_array_index (reads, guint, r));
          }
    }
  self->sparsity = twin_sim_sparsity_new_from_pairs (self->n_states, (const guint *) rows->data, (const guint *) cols->data, rows->len);
}

static guint
sparsity_position (const TwinSimSparsity *sp,
                   guint                  row,
                   guint                  col)
{
  guint lo = sp->colptr[col], hi = sp->colptr[col + 1];

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (sp->rowind[mid] == row)
        return mid;
      if (sp->rowind[mid] < row)
        lo = mid + 1;
      else
        hi = mid;
    }
  g_assert_not_reached ();
  return 0;
}

static void
build_analytic_jacobian (TwinSimModel *self)
{
  self->jac_values = g_new0 (double, MAX (self->sparsity->nnz, 1));
  for (guint k = 0; k < self->n_cond; k++)
    {
      guint  a = self->cond_a[k], b = self->cond_b[k];
      double g = self->cond_g[k];

      if (a == b)
        continue;
      if (a < self->n_cap)
        {
          self->jac_values[sparsity_position (self->sparsity, a, a)] -= g * self->inv_capacity[a];
          if (b < self->n_cap)
            self->jac_values[sparsity_position (self->sparsity, a, b)] += g * self->inv_capacity[a];
        }
      if (b < self->n_cap)
        {
          self->jac_values[sparsity_position (self->sparsity, b, b)] -= g * self->inv_capacity[b];
          if (a < self->n_cap)
            self->jac_values[sparsity_position (self->sparsity, b, a)] += g * self->inv_capacity[b];
        }
    }
}

static void
add_variable (TwinSimModel *self,
              const char   *path,
              const char   *property,
              const char   *unit,
              gboolean      is_state,
              ValueSource   source,
              guint         index,
              double        scale)
{
  TwinSimVariable  var;
  VariableReader   reader = { source, index, scale, 0.0 };
  g_autofree char *name = g_strdup_printf ("%s.%s", path, property);

  if (g_hash_table_contains (self->variable_index, name))
    return;
  if (g_strcmp0 (unit, "K") == 0)
    {
      unit = "°C";
      reader.offset = -CELSIUS_OFFSET;
    }
  var.name = g_strdup (name);
  var.unit = g_strdup (unit != NULL ? unit : "");
  var.is_state = is_state;
  var.entity_path = g_strdup (path);
  var.property = g_strdup (property);
  g_array_append_val (self->variables, var);
  if (self->variables->len > self->n_readers_allocated)
    {
      self->n_readers_allocated = MAX (16, 2 * self->n_readers_allocated);
      self->readers = g_renew (VariableReader, self->readers, self->n_readers_allocated);
    }
  self->readers[self->variables->len - 1] = reader;
  g_hash_table_insert (self->variable_index, g_steal_pointer (&name), GUINT_TO_POINTER (self->variables->len));
}

static const char *
state_unit (const TwinSimComponent *comp,
            const char             *state)
{
  const TwinStateSpec *spec = twin_entity_type_find_state (comp->type, state);

  return spec != NULL ? spec->unit : NULL;
}

static const char *
across_unit (TwinDomain domain)
{
  switch (domain)
    {
    case TWIN_DOMAIN_THERMAL:
      return "K";
    case TWIN_DOMAIN_ELECTRICAL:
      return "V";
    case TWIN_DOMAIN_HYDRAULIC:
      return "Pa";
    case TWIN_DOMAIN_ROTATIONAL:
      return "rad/s";
    case TWIN_DOMAIN_NONE:
    case TWIN_DOMAIN_SIGNAL:
    default:
      return "";
    }
}

static void
variable_clear (gpointer data)
{
  TwinSimVariable *var = data;

  g_free (var->name);
  g_free (var->unit);
  g_free (var->entity_path);
  g_free (var->property);
}

static void
build_variables (TwinSimModel *self,
                 Compile      *cc)
{
  g_autofree gboolean *named = g_new0 (gboolean, self->n_nodes + 1);

  self->variables = g_array_new (FALSE, FALSE, sizeof (TwinSimVariable));
  g_array_set_clear_func (self->variables, variable_clear);
  self->variable_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint c = 0; c < self->components->len; c++)
    {
      TwinSimComponent *comp = g_ptr_array_index (self->components, c);

      for (guint i = 0; i < comp->capacities->len; i++)
        {
          const TwinSimCapacityDecl *cap = &g_array_index (comp->capacities, TwinSimCapacityDecl, i);

          if (comp->slot[cap->port] != TWIN_SIM_NONE)
            add_variable (self, comp->path, cap->state, state_unit (comp, cap->state), TRUE, VALUE_STATE, comp->slot[cap->port],
                          cap->state_per_across);
        }
      for (guint s = 0; s < comp->states->len; s++)
        {
          const TwinSimStateDecl *st = &g_array_index (comp->states, TwinSimStateDecl, s);

          add_variable (self, comp->path, st->name, state_unit (comp, st->name), TRUE, VALUE_STATE, comp->first_state + s, 1.0);
        }
    }
  /* A driven node is named after the port that sets it. */
  for (guint c = 0; c < self->components->len; c++)
    {
      TwinSimComponent *comp = g_ptr_array_index (self->components, c);

      for (guint p = 0; p < comp->n_ports; p++)
        {
          const TwinPortSpec *spec = &comp->type->ports[p];
          guint               node = comp->slot[p];
          gboolean            sets = (comp->port_flags[p] & TWIN_SIM_PORT_DRIVES) != 0;

          for (guint i = 0; i < comp->differences->len; i++)
            sets = sets || g_array_index (comp->differences, TwinSimDifferenceDecl, i).dependent == p;
          if (spec->direction == TWIN_PORT_PHYSICAL && sets && node != TWIN_SIM_NONE && node >= self->n_cap && !named[node])
            {
              named[node] = TRUE;
              add_variable (self, comp->path, spec->name, across_unit (spec->domain), FALSE, VALUE_ACROSS, node, 1.0);
            }
        }
    }
  for (guint c = 0; c < self->components->len; c++)
    {
      TwinSimComponent *comp = g_ptr_array_index (self->components, c);

      for (guint p = 0; p < comp->n_ports; p++)
        {
          const TwinPortSpec *spec = &comp->type->ports[p];
          guint               node = comp->slot[p];

          if (spec->direction == TWIN_PORT_OUTPUT)
            add_variable (self, comp->path, spec->name, "", FALSE, VALUE_SIGNAL, comp->slot[p], 1.0);
          else if (spec->direction == TWIN_PORT_PHYSICAL && node != TWIN_SIM_NONE && node >= self->n_cap && !named[node])
            {
              named[node] = TRUE;
              add_variable (self, comp->path, spec->name, across_unit (spec->domain), FALSE, VALUE_ACROSS, node, 1.0);
            }
        }
    }
  (void) cc;
}

/* Static helpers: run time */

static void
set_failure (TwinSimModel *self,
             char         *message)
{
  g_free (self->failure);
  self->failure = message;
}

static void
eval_algebraic_residual (TwinSimModel *self,
                         const double *xa,
                         double       *r)
{
  guint   base = self->n_cap + self->n_driven;
  double *across = self->across;
  double *flow = self->flow;

  for (guint i = 0; i < self->n_alg; i++)
    {
      across[base + i] = xa[i];
      flow[base + i] = 0;
    }
  for (guint i = 0; i < self->n_alg_cond; i++)
    {
      guint  k = self->alg_cond[i];
      guint  a = self->cond_a[k], b = self->cond_b[k];
      double f = self->cond_g[k] * (across[a] - across[b]);

      flow[a] -= f;
      flow[b] += f;
    }
  for (guint i = 0; i < self->n_alg_flow; i++)
    {
      TwinSimComponent *comp = g_ptr_array_index (self->components, self->alg_flow_comps[i]);

      comp->sim->flows (&comp->context);
    }
  for (guint i = 0; i < self->n_alg; i++)
    r[i] = flow[base + i];
}

/* Solves A·dx = b in place (A row-major n×n, partial pivoting); FALSE when singular. */
static gboolean
solve_dense (double *a,
             double *b,
             guint   n)
{
  for (guint k = 0; k < n; k++)
    {
      guint  pivot = k;
      double best = fabs (a[k * n + k]);

      for (guint i = k + 1; i < n; i++)
        if (fabs (a[i * n + k]) > best)
          {
            best = fabs (a[i * n + k]);
            pivot = i;
          }
      if (!(best > 1e-300) || !isfinite (best))
        return FALSE;
      if (pivot != k)
        {
          for (guint j = 0; j < n; j++)
            {
              double tmp = a[k * n + j];

              a[k * n + j] = a[pivot * n + j];
              a[pivot * n + j] = tmp;
            }
          {
            double tmp = b[k];

            b[k] = b[pivot];
            b[pivot] = tmp;
          }
        }
      for (guint i = k + 1; i < n; i++)
        {
          double f = a[i * n + k] / a[k * n + k];

          if (f == 0)
            continue;
          for (guint j = k; j < n; j++)
            a[i * n + j] -= f * a[k * n + j];
          b[i] -= f * b[k];
        }
    }
  for (guint k = n; k-- > 0;)
    {
      double s = b[k];

      for (guint j = k + 1; j < n; j++)
        s -= a[k * n + j] * b[j];
      b[k] = s / a[k * n + k];
    }
  return TRUE;
}

/* The flow imbalance of the algebraic nodes, √Σr² (infinite when one is not finite). */
static double
residual_norm (const double *r,
               guint         n)
{
  double sum = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!isfinite (r[i]))
        return INFINITY;
      sum += r[i] * r[i];
    }
  return sqrt (sum);
}

/* The starting guess: the mean across value of the known nodes of the same domain. */
static void
guess_algebraic (TwinSimModel *self)
{
  guint base = self->n_cap + self->n_driven;

  for (guint i = 0; i < self->n_alg; i++)
    {
      double sum = 0;
      guint  count = 0;

      for (guint n = 0; n < base; n++)
        if (self->node_domain[n] == self->node_domain[base + i])
          {
            sum += self->across[n];
            count++;
          }
      self->alg_x[i] = count > 0 ? sum / count : 0.0;
    }
  self->alg_guess_valid = TRUE;
}

/* The algebraic nodes of a network of linear conductances: Σ g·(x_other − x) = 0 at
 * each, solved with the LU factors made at compile time. */
static gboolean
solve_algebraic_linear (TwinSimModel *self)
{
  guint   base = self->n_cap + self->n_driven;
  guint   end = base + self->n_alg;
  double *across = self->across;

  gsl_vector_set_zero (self->alg_b);
  for (guint i = 0; i < self->n_alg_cond; i++)
    {
      guint  k = self->alg_cond[i];
      guint  a = self->cond_a[k], b = self->cond_b[k];
      double g = self->cond_g[k];

      if (a >= base && a < end && !(b >= base && b < end))
        *gsl_vector_ptr (self->alg_b, a - base) += g * across[b];
      else if (b >= base && b < end && !(a >= base && a < end))
        *gsl_vector_ptr (self->alg_b, b - base) += g * across[a];
    }
  gsl_linalg_LU_solve (self->alg_lu, self->alg_perm, self->alg_b, self->alg_solution);
  for (guint i = 0; i < self->n_alg; i++)
    {
      double v = gsl_vector_get (self->alg_solution, i);

      if (!isfinite (v))
        {
          set_failure (self, g_strdup_printf (_ ("The node joining %s could not be solved at t = %g s: its flows cannot be balanced."),
                                              self->node_labels[base + i], self->frame.t));
          return FALSE;
        }
      across[base + i] = v;
    }
  return TRUE;
}

/* Factors the conductance matrix of the algebraic nodes when nothing but linear
 * conductances touches them (a junction of wall layers, a resistor divider). */
static void
factor_linear_algebraic (TwinSimModel *self)
{
  guint base = self->n_cap + self->n_driven;
  guint end = base + self->n_alg;
  int   sign;

  if (self->n_alg == 0 || self->n_alg_flow > 0 || self->n_alg > MAX_LINEAR_ALGEBRAIC)
    return;
  self->alg_lu = gsl_matrix_calloc (self->n_alg, self->n_alg);
  self->alg_perm = gsl_permutation_alloc (self->n_alg);
  self->alg_b = gsl_vector_alloc (self->n_alg);
  self->alg_solution = gsl_vector_alloc (self->n_alg);
  for (guint i = 0; i < self->n_alg_cond; i++)
    {
      guint    k = self->alg_cond[i];
      guint    a = self->cond_a[k], b = self->cond_b[k];
      double   g = self->cond_g[k];
      gboolean a_alg = a >= base && a < end, b_alg = b >= base && b < end;

      if (a_alg)
        *gsl_matrix_ptr (self->alg_lu, a - base, a - base) += g;
      if (b_alg)
        *gsl_matrix_ptr (self->alg_lu, b - base, b - base) += g;
      if (a_alg && b_alg)
        {
          *gsl_matrix_ptr (self->alg_lu, a - base, b - base) -= g;
          *gsl_matrix_ptr (self->alg_lu, b - base, a - base) -= g;
        }
    }
  if (gsl_linalg_LU_decomp (self->alg_lu, self->alg_perm, &sign) != GSL_SUCCESS || !isnormal (gsl_linalg_LU_det (self->alg_lu, sign)))
    {
      /* Singular (the compile checks should have caught it): Newton reports it at run time. */
      g_clear_pointer (&self->alg_lu, gsl_matrix_free);
      g_clear_pointer (&self->alg_perm, gsl_permutation_free);
      g_clear_pointer (&self->alg_b, gsl_vector_free);
      g_clear_pointer (&self->alg_solution, gsl_vector_free);
    }
}

static gboolean
solve_algebraic (TwinSimModel *self)
{
  guint  n = self->n_alg;
  guint  base = self->n_cap + self->n_driven;
  double last_step = INFINITY;

  if (self->alg_lu != NULL)
    return solve_algebraic_linear (self);
  if (!self->alg_guess_valid)
    guess_algebraic (self);
  for (guint iter = 0; iter < NEWTON_MAX_ITERATIONS; iter++)
    {
      double   step = 0;
      gboolean finite = TRUE;

      eval_algebraic_residual (self, self->alg_x, self->alg_r);
      for (guint i = 0; i < n; i++)
        finite = finite && isfinite (self->alg_r[i]);
      if (!finite)
        break;
      for (guint j = 0; j < n; j++)
        {
          double xj = self->alg_x[j];
          double h = 1e-7 * MAX (1.0, fabs (xj));

          self->alg_x[j] = xj + h;
          h = self->alg_x[j] - xj;
          eval_algebraic_residual (self, self->alg_x, self->alg_r2);
          self->alg_x[j] = xj;
          for (guint i = 0; i < n; i++)
            self->alg_jac[i * n + j] = (self->alg_r2[i] - self->alg_r[i]) / h;
        }
      for (guint i = 0; i < n; i++)
        self->alg_dx[i] = -self->alg_r[i];
      if (!solve_dense (self->alg_jac, self->alg_dx, n))
        break;
      /* Damped Newton: halve the step until the flow imbalance shrinks. Square-root laws
       * (valves, pumps) next to a pipe otherwise make the full step jump across the
       * answer and back forever. */
      {
        double   norm = residual_norm (self->alg_r, n);
        double   lambda = 1.0;
        gboolean accepted = FALSE;

        for (guint halving = 0; halving < NEWTON_MAX_HALVINGS; halving++, lambda *= 0.5)
          {
            for (guint i = 0; i < n; i++)
              self->alg_trial[i] = self->alg_x[i] + lambda * self->alg_dx[i];
            eval_algebraic_residual (self, self->alg_trial, self->alg_r2);
            if (residual_norm (self->alg_r2, n) <= (1.0 - NEWTON_DECREASE * lambda) * norm)
              {
                accepted = TRUE;
                break;
              }
          }
        /* No decrease even along a step 1e-12 of Newton's: the imbalance is rounding
         * noise, so the current values are the answer (the step test below ends it). */
        if (!accepted)
          lambda = 0.0;
        for (guint i = 0; i < n; i++)
          {
            self->alg_x[i] += lambda * self->alg_dx[i];
            step = MAX (step, fabs (lambda * self->alg_dx[i]) / (1.0 + fabs (self->alg_x[i])));
          }
      }
      if (!isfinite (step))
        break;
      if (step <= 1e-13 || (iter >= 2 && step >= last_step && step <= 1e-8))
        {
          for (guint i = 0; i < n; i++)
            self->across[base + i] = self->alg_x[i];
          return TRUE;
        }
      last_step = step;
    }
  {
    guint worst = 0;

    for (guint i = 1; i < n; i++)
      if (!isfinite (self->alg_r[i]) || fabs (self->alg_r[i]) > fabs (self->alg_r[worst]))
        worst = i;
    set_failure (self, g_strdup_printf (_ ("The node joining %s could not be solved at t = %g s: its flows cannot be balanced."),
                                        self->node_labels[base + worst], self->frame.t));
  }
  self->alg_guess_valid = FALSE;
  return FALSE;
}

/* One evaluation at (t, x): across values, bindings, outputs, algebraic
 * nodes and, when @dxdt is not NULL, flows and derivatives. */
static int
evaluate (TwinSimModel *self,
          double        t,
          const double *x,
          double       *dxdt)
{
  TwinSimFrame *frame = &self->frame;
  double       *across = self->across;
  double       *flow = self->flow;
  const guint  *ca = self->cond_a;
  const guint  *cb = self->cond_b;
  const double *cg = self->cond_g;
  guint         n_cap = self->n_cap;

  frame->t = t;
  frame->x = x;
  frame->dxdt = dxdt != NULL ? dxdt : self->scratch;
  if (n_cap > 0)
    memcpy (across, x, n_cap * sizeof (double));
  for (guint i = 0; i < self->n_bindings; i++)
    self->signals[self->bindings[i].slot] = self->bindings[i].func (t, self->bindings[i].user_data);
  for (guint i = 0; i < self->n_output; i++)
    {
      TwinSimComponent *comp = g_ptr_array_index (self->components, self->output_order[i]);

      comp->sim->outputs (&comp->context);
    }
  if (self->n_alg > 0 && !solve_algebraic (self))
    return TWIN_SIM_FAILED;
  if (dxdt == NULL)
    return TWIN_SIM_OK;

  memset (flow, 0, (self->n_nodes + 1) * sizeof (double));
  if (self->n_states > n_cap)
    memset (dxdt + n_cap, 0, (self->n_states - n_cap) * sizeof (double));
  for (guint k = 0; k < self->n_cond; k++)
    {
      guint  a = ca[k], b = cb[k];
      double f = cg[k] * (across[a] - across[b]);

      flow[a] -= f;
      flow[b] += f;
    }
  for (guint i = 0; i < self->n_flow; i++)
    {
      TwinSimComponent *comp = g_ptr_array_index (self->components, self->flow_comps[i]);

      comp->sim->flows (&comp->context);
    }
  for (guint k = 0; k < n_cap; k++)
    dxdt[k] = flow[k] * self->inv_capacity[k];
  return TWIN_SIM_OK;
}

/* TwinSimSystem callbacks */

static int
system_rhs (double        t,
            const double *x,
            double       *dxdt,
            gpointer      user_data)
{
  return evaluate (user_data, t, x, dxdt);
}

static int
system_jacobian (double        t,
                 const double *x,
                 const double *fx,
                 double       *values,
                 gpointer      user_data)
{
  TwinSimModel *self = user_data;

  memcpy (values, self->jac_values, self->sparsity->nnz * sizeof (double));
  return TWIN_SIM_OK;
}

static void
system_events (double        t,
               const double *x,
               double       *g,
               gpointer      user_data)
{
  TwinSimModel *self = user_data;

  evaluate (self, t, x, NULL);
  for (guint i = 0; i < self->n_event_comps; i++)
    {
      TwinSimComponent *comp = g_ptr_array_index (self->components, self->event_comps[i]);

      comp->sim->events (&comp->context, g + comp->first_event);
    }
}

static gboolean
system_handle_events (double       t,
                      double      *x,
                      const gint8 *fired,
                      gpointer     user_data)
{
  TwinSimModel *self = user_data;

  evaluate (self, t, x, NULL);
  for (guint i = 0; i < self->n_event_comps; i++)
    {
      TwinSimComponent *comp = g_ptr_array_index (self->components, self->event_comps[i]);

      if (comp->sim->switch_mode == NULL)
        continue;
      for (guint k = 0; k < comp->n_events; k++)
        if (fired[comp->first_event + k] != 0)
          comp->sim->switch_mode (&comp->context, k, fired[comp->first_event + k]);
    }
  return FALSE;
}

static double
system_next_time_event (double   t,
                        gpointer user_data)
{
  TwinSimModel *self = user_data;
  double        next = INFINITY;

  self->frame.t = t;
  for (guint i = 0; i < self->n_time_comps; i++)
    {
      TwinSimComponent *comp = g_ptr_array_index (self->components, self->time_comps[i]);
      double            te = comp->sim->next_time_event (&comp->context, t);

      if (te > t && te < next)
        next = te;
    }
  for (guint i = 0; i < self->n_bindings; i++)
    if (self->bindings[i].next_break != NULL)
      {
        double te = self->bindings[i].next_break (t, self->bindings[i].user_data);

        if (te > t && te < next)
          next = te;
      }
  return next;
}

static char *
system_dup_state_name (guint    index,
                       gpointer user_data)
{
  TwinSimModel *self = user_data;

  g_return_val_if_fail (index < self->n_states, NULL);
  return g_strdup (self->state_names[index]);
}

static char *
system_dup_failure (gpointer user_data)
{
  TwinSimModel *self = user_data;

  return g_strdup (self->failure);
}

/* GObject */

static void
compile_clear (Compile *cc)
{
  guint n_comps = cc->model != NULL ? cc->model->components->len : 0;

  g_clear_pointer (&cc->entities, g_ptr_array_unref);
  g_clear_pointer (&cc->comp_entities, g_ptr_array_unref);
  g_clear_pointer (&cc->comp_by_entity, g_hash_table_unref);
  g_clear_pointer (&cc->entity_by_path, g_hash_table_unref);
  g_clear_pointer (&cc->overrides, g_hash_table_unref);
  g_clear_pointer (&cc->port_base, g_free);
  g_clear_pointer (&cc->uf, g_free);
  g_clear_pointer (&cc->signal_source, g_free);
  g_clear_pointer (&cc->binding_of_port, g_free);
  g_clear_pointer (&cc->node_of_port, g_free);
  g_clear_pointer (&cc->slot_source_comp, g_free);
  g_clear_pointer (&cc->driver, g_free);
  g_clear_pointer (&cc->node_kind, g_free);
  g_clear_pointer (&cc->node_comp_ptr, g_free);
  g_clear_pointer (&cc->node_comps, g_free);
  if (cc->out_deps != NULL)
    for (guint c = 0; c < n_comps; c++)
      if (cc->out_deps[c] != NULL)
        g_array_unref (cc->out_deps[c]);
  g_clear_pointer (&cc->out_deps, g_free);
  g_clear_object (&cc->model);
}

static void
twin_sim_model_finalize (GObject *object)
{
  TwinSimModel *self = (TwinSimModel *) object;

  g_clear_pointer (&self->components, g_ptr_array_unref);
  g_free (self->order);
  g_free (self->output_order);
  g_free (self->flow_comps);
  g_free (self->alg_flow_comps);
  g_free (self->event_comps);
  g_free (self->time_comps);
  g_free (self->inv_capacity);
  g_free (self->node_domain);
  if (self->node_labels != NULL)
    g_strfreev (self->node_labels);
  g_free (self->cond_a);
  g_free (self->cond_b);
  g_free (self->cond_g);
  g_free (self->alg_cond);
  g_free (self->x0);
  if (self->state_names != NULL)
    g_strfreev (self->state_names);
  g_free (self->signal_init);
  g_free (self->bindings);
  g_free (self->across);
  g_free (self->flow);
  g_free (self->signals);
  g_free (self->scratch);
  g_free (self->alg_x);
  g_free (self->alg_r);
  g_free (self->alg_r2);
  g_free (self->alg_trial);
  g_free (self->alg_dx);
  g_free (self->alg_jac);
  g_clear_pointer (&self->alg_lu, gsl_matrix_free);
  g_clear_pointer (&self->alg_perm, gsl_permutation_free);
  g_clear_pointer (&self->alg_b, gsl_vector_free);
  g_clear_pointer (&self->alg_solution, gsl_vector_free);
  g_free (self->event_scratch);
  g_clear_pointer (&self->sparsity, twin_sim_sparsity_free);
  g_free (self->jac_values);
  g_clear_pointer (&self->variables, g_array_unref);
  g_free (self->readers);
  g_clear_pointer (&self->variable_index, g_hash_table_unref);
  g_free (self->failure);

  G_OBJECT_CLASS (twin_sim_model_parent_class)->finalize (object);
}

static void
twin_sim_model_class_init (TwinSimModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = twin_sim_model_finalize;
}

static void
twin_sim_model_init (TwinSimModel *self)
{
  self->components = g_ptr_array_new_with_free_func ((GDestroyNotify) _twin_sim_component_free);
}

/* Lays out nodes, conductances, states and run-time arrays once the
 * compile-time analysis is done. */
static gboolean
lay_out (Compile *cc,
         guint    n_raw,
         double  *capacity,
         GError **error)
{
  TwinSimModel        *self = cc->model;
  g_autofree guint    *new_id = g_new (guint, MAX (n_raw, 1));
  g_autofree double   *initial = g_new0 (double, MAX (n_raw, 1));
  g_autofree double   *weight = g_new0 (double, MAX (n_raw, 1));
  guint                next_cap = 0, next_driven = 0, next_alg = 0;
  GArray              *cond = g_array_new (FALSE, FALSE, sizeof (guint));
  guint                n_own = 0;
  gboolean             analytic;
  g_autofree gboolean *alg_touch = NULL;

  for (guint n = 0; n < n_raw; n++)
    switch (cc->node_kind[n])
      {
      case NODE_CAPACITIVE:
        self->n_cap++;
        break;
      case NODE_DRIVEN:
        self->n_driven++;
        break;
      case NODE_ALGEBRAIC:
      case NODE_FREE:
      default:
        self->n_alg++;
        break;
      }
  self->n_nodes = n_raw;
  for (guint n = 0; n < n_raw; n++)
    {
      if (cc->node_kind[n] == NODE_CAPACITIVE)
        new_id[n] = next_cap++;
      else if (cc->node_kind[n] == NODE_DRIVEN)
        new_id[n] = self->n_cap + next_driven++;
      else
        new_id[n] = self->n_cap + self->n_driven + next_alg++;
    }

  self->inv_capacity = g_new (double, MAX (self->n_cap, 1));
  self->node_domain = g_new0 (TwinDomain, n_raw + 1);
  self->node_labels = g_new0 (char *, n_raw + 2);
  for (guint n = 0; n < n_raw; n++)
    {
      if (cc->node_kind[n] == NODE_CAPACITIVE)
        self->inv_capacity[new_id[n]] = 1.0 / capacity[n];
      self->node_labels[new_id[n]] = dup_node_label (cc, n);
    }
  self->node_labels[n_raw] = g_strdup ("");

  /* Ports to final nodes; capacities' initial values (capacity-weighted). */
  for (guint c = 0; c < self->components->len; c++)
    {
      TwinSimComponent *comp = get_comp (cc, c);

      for (guint p = 0; p < comp->n_ports; p++)
        if (comp->type->ports[p].direction == TWIN_PORT_PHYSICAL)
          {
            guint node = cc->node_of_port[cc->port_base[c] + p];

            comp->slot[p] = node == TWIN_SIM_NONE ? TWIN_SIM_NONE : new_id[node];
            if (node != TWIN_SIM_NONE)
              self->node_domain[new_id[node]] = comp->type->ports[p].domain;
          }
      for (guint i = 0; i < comp->capacities->len; i++)
        {
          const TwinSimCapacityDecl *cap = &g_array_index (comp->capacities, TwinSimCapacityDecl, i);
          guint                      node = cc->node_of_port[cc->port_base[c] + cap->port];

          if (node == TWIN_SIM_NONE)
            continue;
          initial[node] += cap->capacity * cap->initial_across;
          weight[node] += cap->capacity;
        }
      comp->first_state = n_own;
      n_own += comp->states->len;
    }
  self->n_states = self->n_cap + n_own;
  self->x0 = g_new0 (double, MAX (self->n_states, 1));
  self->state_names = g_new0 (char *, self->n_states + 1);
  for (guint n = 0; n < n_raw; n++)
    if (cc->node_kind[n] == NODE_CAPACITIVE)
      self->x0[new_id[n]] = initial[n] / weight[n];
  for (guint c = 0; c < self->components->len; c++)
    {
      TwinSimComponent *comp = get_comp (cc, c);

      comp->first_state += self->n_cap;
      for (guint s = 0; s < comp->states->len; s++)
        {
          const TwinSimStateDecl *st = &g_array_index (comp->states, TwinSimStateDecl, s);

          self->x0[comp->first_state + s] = st->initial;
          self->state_names[comp->first_state + s] = g_strdup_printf ("%s.%s", comp->path, st->name);
        }
      for (guint i = 0; i < comp->capacities->len; i++)
        {
          const TwinSimCapacityDecl *cap = &g_array_index (comp->capacities, TwinSimCapacityDecl, i);
          guint                      node = comp->slot[cap->port];

          if (node != TWIN_SIM_NONE && self->state_names[node] == NULL)
            self->state_names[node] = g_strdup_printf ("%s.%s", comp->path, cap->state);
        }
    }

  /* Linear conductances, with open ports at the open node. */
  for (guint c = 0; c < self->components->len; c++)
    {
      TwinSimComponent *comp = get_comp (cc, c);

      for (guint i = 0; i < comp->conductances->len; i++)
        {
          const TwinSimConductanceDecl *d = &g_array_index (comp->conductances, TwinSimConductanceDecl, i);

          g_array_append_val (cond, c);
          g_array_append_val (cond, i);
          (void) d;
        }
    }
  self->n_cond = cond->len / 2;
  self->cond_a = g_new (guint, MAX (self->n_cond, 1));
  self->cond_b = g_new (guint, MAX (self->n_cond, 1));
  self->cond_g = g_new (double, MAX (self->n_cond, 1));
  self->alg_cond = g_new (guint, MAX (self->n_cond, 1));
  for (guint k = 0; k < self->n_cond; k++)
    {
      TwinSimComponent             *comp = get_comp (cc, g_array_index (cond, guint, 2 * k));
      const TwinSimConductanceDecl *d = &g_array_index (comp->conductances, TwinSimConductanceDecl, g_array_index (cond, guint, 2 * k + 1));
      guint                         base = self->n_cap + self->n_driven;

      self->cond_a[k] = comp->slot[d->port_a] == TWIN_SIM_NONE ? n_raw : comp->slot[d->port_a];
      self->cond_b[k] = comp->slot[d->port_b] == TWIN_SIM_NONE ? n_raw : comp->slot[d->port_b];
      self->cond_g[k] = d->conductance;
      if ((self->cond_a[k] >= base && self->cond_a[k] < n_raw) || (self->cond_b[k] >= base && self->cond_b[k] < n_raw))
        self->alg_cond[self->n_alg_cond++] = k;
    }
  g_array_unref (cond);

  /* Components whose flows() reach an algebraic node. */
  self->alg_flow_comps = g_new (guint, MAX (self->components->len, 1));
  for (guint c = 0; c < self->components->len; c++)
    {
      TwinSimComponent *comp = get_comp (cc, c);
      gboolean          touches = FALSE;

      for (guint p = 0; p < comp->n_ports && !touches; p++)
        touches = comp->type->ports[p].direction == TWIN_PORT_PHYSICAL && comp->slot[p] != TWIN_SIM_NONE &&
                  comp->slot[p] >= self->n_cap + self->n_driven;
      if (touches && comp->sim->flows != NULL)
        self->alg_flow_comps[self->n_alg_flow++] = c;
    }
  (void) alg_touch;
  factor_linear_algebraic (self);

  /* Run-time arrays and contexts. */
  self->across = g_new0 (double, n_raw + 1);
  self->flow = g_new0 (double, n_raw + 1);
  self->signals = g_new0 (double, MAX (self->n_signals, 1));
  if (self->n_signals > 0)
    memcpy (self->signals, self->signal_init, self->n_signals * sizeof (double));
  self->scratch = g_new0 (double, MAX (self->n_states, 1));
  self->alg_x = g_new0 (double, MAX (self->n_alg, 1));
  self->alg_r = g_new0 (double, MAX (self->n_alg, 1));
  self->alg_r2 = g_new0 (double, MAX (self->n_alg, 1));
  self->alg_trial = g_new0 (double, MAX (self->n_alg, 1));
  self->alg_dx = g_new0 (double, MAX (self->n_alg, 1));
  self->alg_jac = g_new0 (double, MAX (self->n_alg * self->n_alg, 1));
  for (guint c = 0; c < self->components->len; c++)
    {
      TwinSimComponent *comp = get_comp (cc, c);

      comp->first_event = self->n_events;
      if (has_events (comp))
        self->n_events += comp->n_events;
      comp->context.frame = &self->frame;
      comp->context.state_offset = comp->first_state;
      comp->context.slot = comp->slot;
      comp->context.input_scale = comp->input_scale;
      comp->context.input_offset = comp->input_offset;
      comp->context.params = (const double *) comp->params->data;
      comp->context.mode = comp->initial_mode;
      comp->context.data = comp->data;
      comp->context.engine = comp;
    }
  self->event_scratch = g_new0 (double, MAX (self->n_events, 1));
  self->output_order = filter_order (self, has_outputs, TRUE, &self->n_output);
  self->flow_comps = filter_order (self, has_flows, FALSE, &self->n_flow);
  self->event_comps = filter_order (self, has_events, FALSE, &self->n_event_comps);
  self->time_comps = filter_order (self, has_time_events, FALSE, &self->n_time_comps);

  build_sparsity (cc, n_raw, new_id, &analytic);
  for (guint n = 0; n < n_raw; n++)
    g_array_unref (cc->node_deps[n]);
  g_clear_pointer (&cc->node_deps, g_free);
  if (analytic)
    build_analytic_jacobian (self);

  build_variables (self, cc);
  (void) error;
  return TRUE;
}

/* Public API */

/**
 * twin_sim_model_compile:
 * @root: the root of the hierarchy to simulate
 * @overrides: (nullable) (element-type utf8 utf8): "ENTITY-PATH.PARAMETER" →
 *   value text in the parameter's unit, replacing the model's value
 * @bindings: (array length=n_bindings) (nullable): time-varying inputs of the run
 * @n_bindings: how many
 * @error: return location for a #TWIN_SIM_ERROR: %TWIN_SIM_ERROR_MODEL when
 *   the model cannot be simulated, %TWIN_SIM_ERROR_SCENARIO for a bad
 *   override or binding; the message names the entity path and port
 *
 * Compiles the hierarchy under @root into one ODE system. The result holds
 * no reference to the entities and may be run in another thread (one at a
 * time); the bindings' functions are called from that thread.
 *
 * Returns: (transfer full): the compiled model, or %NULL
 */
TwinSimModel *
twin_sim_model_compile (TwinEntity           *root,
                        GHashTable           *overrides,
                        const TwinSimBinding *bindings,
                        guint                 n_bindings,
                        GError              **error)
{
  Compile            cc = { 0 };
  g_autofree double *capacity = NULL;
  guint              n_raw = 0;
  TwinSimModel      *self;
  gboolean           ok;

  g_return_val_if_fail (TWIN_IS_ENTITY (root), NULL);
  g_return_val_if_fail (bindings != NULL || n_bindings == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  cc.model = g_object_new (TWIN_TYPE_SIM_MODEL, NULL);
  self = cc.model;
  cc.entities = g_ptr_array_new ();
  cc.comp_entities = g_ptr_array_new ();
  cc.comp_by_entity = g_hash_table_new (NULL, NULL);
  cc.entity_by_path = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  cc.overrides = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref);

  ok = collect_entities (&cc, root, 0, error) && apply_overrides (&cc, overrides, error);
  if (ok)
    {
      cc.port_base = g_new (guint, self->components->len + 1);
      for (guint c = 0; c < self->components->len; c++)
        {
          cc.port_base[c] = cc.n_ports;
          cc.n_ports += get_comp (&cc, c)->n_ports;
        }
      cc.port_base[self->components->len] = cc.n_ports;
      cc.uf = g_new (guint, MAX (cc.n_ports, 1));
      cc.signal_source = g_new (guint, MAX (cc.n_ports, 1));
      cc.binding_of_port = g_new (guint, MAX (cc.n_ports, 1));
      cc.node_of_port = g_new (guint, MAX (cc.n_ports, 1));
      for (guint i = 0; i < cc.n_ports; i++)
        {
          cc.uf[i] = i;
          cc.signal_source[i] = TWIN_SIM_NONE;
          cc.binding_of_port[i] = TWIN_SIM_NONE;
          cc.node_of_port[i] = TWIN_SIM_NONE;
        }
      ok = join_connections (&cc, error) && attach_bindings (&cc, bindings, n_bindings, error) &&
           compile_components (&cc, error) && check_required_ports (&cc, error) && find_nodes (&cc, &n_raw, error);
    }
  if (ok)
    {
      capacity = g_new0 (double, MAX (n_raw, 1));
      ok = classify_nodes (&cc, n_raw, capacity, error) && check_algebraic (&cc, n_raw, error);
    }
  if (ok)
    {
      assign_signals (&cc);
      ok = order_components (&cc, error) && lay_out (&cc, n_raw, capacity, error);
    }
  if (!ok)
    {
      compile_clear (&cc);
      return NULL;
    }

  self->system.n_states = self->n_states;
  self->system.rhs = system_rhs;
  self->system.jacobian = self->jac_values != NULL ? system_jacobian : NULL;
  self->system.sparsity = self->sparsity;
  self->system.n_events = self->n_events;
  self->system.events = self->n_events > 0 ? system_events : NULL;
  self->system.handle_events = system_handle_events;
  self->system.next_time_event = system_next_time_event;
  self->system.dup_state_name = system_dup_state_name;
  self->system.dup_failure = system_dup_failure;
  self->system.user_data = self;

  g_object_ref (self);
  compile_clear (&cc);
  twin_sim_model_reset (self);
  return self;
}

/**
 * twin_sim_model_get_system:
 *
 * Returns: (transfer none): the ODE system, valid as long as @self
 */
const TwinSimSystem *
twin_sim_model_get_system (TwinSimModel *self)
{
  g_return_val_if_fail (TWIN_IS_SIM_MODEL (self), NULL);

  return &self->system;
}

/**
 * twin_sim_model_get_n_states:
 *
 * Returns: the number of continuous states
 */
guint
twin_sim_model_get_n_states (TwinSimModel *self)
{
  g_return_val_if_fail (TWIN_IS_SIM_MODEL (self), 0);

  return self->n_states;
}

/**
 * twin_sim_model_get_initial_state:
 * @x: (out caller-allocates) (array): room for twin_sim_model_get_n_states() values
 *
 * Fills @x with the states at the start of a run (SI).
 */
void
twin_sim_model_get_initial_state (TwinSimModel *self,
                                  double       *x)
{
  g_return_if_fail (TWIN_IS_SIM_MODEL (self));
  g_return_if_fail (x != NULL || self->n_states == 0);

  if (self->n_states > 0)
    memcpy (x, self->x0, self->n_states * sizeof (double));
}

/* States declared with twin_sim_builder_start_state_at_across() take the
 * across value of their node once the driven nodes are known (t = 0). */
static void
start_states_at_across (TwinSimModel *self)
{
  for (guint c = 0; c < self->components->len; c++)
    {
      TwinSimComponent *comp = g_ptr_array_index (self->components, c);

      for (guint s = 0; s < comp->states->len; s++)
        {
          const TwinSimStateDecl *st = &g_array_index (comp->states, TwinSimStateDecl, s);
          guint                   node;

          if (st->initial_port == TWIN_SIM_NONE)
            continue;
          node = comp->slot[st->initial_port];
          if (node != TWIN_SIM_NONE && node < self->n_cap + self->n_driven && isfinite (self->across[node]))
            self->x0[comp->first_state + s] = self->across[node];
        }
    }
}

/**
 * twin_sim_model_reset:
 *
 * Resets every discrete mode and the algebraic solver's guesses, then runs
 * the components' start() in signal order at t = 0 with the initial states.
 * Call before each run.
 */
void
twin_sim_model_reset (TwinSimModel *self)
{
  g_return_if_fail (TWIN_IS_SIM_MODEL (self));

  for (guint c = 0; c < self->components->len; c++)
    {
      TwinSimComponent *comp = g_ptr_array_index (self->components, c);

      comp->context.mode = comp->initial_mode;
    }
  if (self->n_signals > 0)
    memcpy (self->signals, self->signal_init, self->n_signals * sizeof (double));
  self->alg_guess_valid = FALSE;
  g_clear_pointer (&self->failure, g_free);

  self->frame.t = 0;
  self->frame.x = self->x0;
  self->frame.dxdt = self->scratch;
  self->frame.across = self->across;
  self->frame.flow = self->flow;
  self->frame.signals = self->signals;
  memcpy (self->across, self->x0, self->n_cap * sizeof (double));
  for (guint i = 0; i < self->n_bindings; i++)
    self->signals[self->bindings[i].slot] = self->bindings[i].func (0.0, self->bindings[i].user_data);
  /* Every signal from the initial modes first, so that start() sees its
   * inputs even when no ordering edge leads to it (a non-feedthrough block
   * listed before its source); then start() in signal order, twice, so that a
   * mode set by one start() reaches the start() of the blocks it feeds. */
  for (guint pass = 0; pass < 3; pass++)
    {
      for (guint i = 0; i < self->n_order; i++)
        {
          TwinSimComponent *comp = g_ptr_array_index (self->components, self->order[i]);

          if (pass > 0 && comp->sim->start != NULL)
            comp->sim->start (&comp->context);
          if (comp->sim->outputs != NULL)
            comp->sim->outputs (&comp->context);
        }
      if (pass == 0)
        start_states_at_across (self);
    }
}

/**
 * twin_sim_model_has_analytic_jacobian:
 *
 * Returns: %TRUE when the system's Jacobian is exact (a network of linear
 *   conductances and capacities with no algebraic nodes)
 */
gboolean
twin_sim_model_has_analytic_jacobian (TwinSimModel *self)
{
  g_return_val_if_fail (TWIN_IS_SIM_MODEL (self), FALSE);

  return self->jac_values != NULL;
}

/**
 * twin_sim_model_get_n_variables:
 *
 * Returns: the number of variables a run can record
 */
guint
twin_sim_model_get_n_variables (TwinSimModel *self)
{
  g_return_val_if_fail (TWIN_IS_SIM_MODEL (self), 0);

  return self->variables->len;
}

/**
 * twin_sim_model_get_variable:
 * @index: below twin_sim_model_get_n_variables()
 *
 * Returns: (transfer none): the variable
 */
const TwinSimVariable *
twin_sim_model_get_variable (TwinSimModel *self,
                             guint         index)
{
  g_return_val_if_fail (TWIN_IS_SIM_MODEL (self), NULL);
  g_return_val_if_fail (index < self->variables->len, NULL);

  return &g_array_index (self->variables, TwinSimVariable, index);
}

/**
 * twin_sim_model_find_variable:
 * @name: "ENTITY-PATH.NAME"
 *
 * Returns: the index of the variable, or -1
 */
int
twin_sim_model_find_variable (TwinSimModel *self,
                              const char   *name)
{
  g_return_val_if_fail (TWIN_IS_SIM_MODEL (self), -1);
  g_return_val_if_fail (name != NULL, -1);

  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->variable_index, name)) - 1;
}

/**
 * twin_sim_model_eval_variables:
 * @t_s: the time, s since the start
 * @x: the states
 * @values: (out caller-allocates): room for twin_sim_model_get_n_variables() values
 * @error: return location for a %TWIN_SIM_ERROR_SOLVER error when the
 *   algebraic nodes cannot be solved at (@t_s, @x)
 *
 * Computes every variable in the unit of its #TwinSimVariable (°C for temperatures).
 *
 * Returns: %TRUE on success
 */
gboolean
twin_sim_model_eval_variables (TwinSimModel *self,
                               double        t_s,
                               const double *x,
                               double       *values,
                               GError      **error)
{
  g_return_val_if_fail (TWIN_IS_SIM_MODEL (self), FALSE);
  g_return_val_if_fail (x != NULL || self->n_states == 0, FALSE);
  g_return_val_if_fail (values != NULL || self->variables->len == 0, FALSE);

  if (evaluate (self, t_s, x, NULL) != TWIN_SIM_OK)
    {
      g_set_error_literal (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SOLVER, self->failure);
      return FALSE;
    }
  for (guint i = 0; i < self->variables->len; i++)
    {
      const VariableReader *r = &self->readers[i];
      double                v;

      switch (r->source)
        {
        case VALUE_STATE:
          v = x[r->index];
          break;
        case VALUE_SIGNAL:
          v = self->signals[r->index];
          break;
        case VALUE_ACROSS:
        default:
          v = self->across[r->index];
          break;
        }
      values[i] = v * r->scale + r->offset;
    }
  return TRUE;
}

/**
 * twin_sim_model_dup_summary:
 *
 * Returns: (transfer full): "N states, M nodes solved algebraically, K events"
 */
char *
twin_sim_model_dup_summary (TwinSimModel *self)
{
  g_return_val_if_fail (TWIN_IS_SIM_MODEL (self), NULL);

  /* TRANSLATORS: a summary of a compiled model: states, algebraic nodes, event functions */
  return g_strdup_printf (_ ("%u states, %u nodes solved algebraically, %u events"), self->n_states, self->n_alg, self->n_events);
}
