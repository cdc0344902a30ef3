/* test-sim-model.c: tests of the simulation engine (src/core/sim/twin-sim-model.c, twin-sim-builder.c).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small models are built in code from the real component library, compiled,
 * and checked against values worked out by hand: initial states, derivatives
 * of small thermal and electrical networks, algebraic nodes, the Jacobian's
 * pattern and values, and the errors that name what cannot be simulated.
 */

#include "config.h"

#include "twin-core.h"

#include "sim/twin-sim-model.h"
#include "sim/twin-sim-solver.h"

#include <math.h>
#include <string.h>

#define KELVIN 273.15

/* Builds an entity of @type_name under @parent with the type's parameters;
 * the arguments after @name are pairs of a parameter name and a double,
 * ending with NULL. */
static TwinEntity *
add_entity (TwinEntity *parent,
            const char *type_name,
            const char *name,
            ...)
{
  const TwinEntityType *type = twin_entity_type_lookup (type_name);
  g_autoptr (GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr (TwinEntity) entity = NULL;
  const char *key;
  va_list     args;

  g_assert_nonnull (type);
  va_start (args, name);
  while ((key = va_arg (args, const char *)) != NULL)
    {
      double *value = g_new (double, 1);

      *value = va_arg (args, double);
      g_hash_table_insert (values, (gpointer) key, value);
    }
  va_end (args);

  entity = twin_entity_new (NULL, type_name, name);
  for (guint i = 0; i < type->n_parameters; i++)
    {
      const TwinParameterSpec *spec = &type->parameters[i];
      double                  *value = g_hash_table_lookup (values, spec->name);
      double                   number = value != NULL ? *value : spec->value;
      g_autoptr (TwinParameter) parameter = NULL;

      switch (spec->kind)
        {
        case TWIN_VALUE_NUMBER:
          parameter = twin_parameter_new_number (spec->name, number, spec->unit, spec->minimum, spec->maximum);
          break;
        case TWIN_VALUE_INTEGER:
          parameter = twin_parameter_new_integer (spec->name, (gint64) number, spec->unit, spec->minimum, spec->maximum);
          break;
        case TWIN_VALUE_BOOLEAN:
          parameter = twin_parameter_new_boolean (spec->name, number != 0);
          break;
        case TWIN_VALUE_STRING:
        default:
          parameter = twin_parameter_new_string (spec->name, spec->text != NULL ? spec->text : "");
          break;
        }
      twin_entity_add_parameter (entity, parameter);
    }
  twin_entity_append_child (parent, entity);
  return entity;
}

static void
connect (TwinEntity *parent,
         TwinEntity *from,
         const char *from_port,
         TwinEntity *to,
         const char *to_port)
{
  g_autoptr (TwinConnection) connection = twin_connection_new (NULL, from, from_port, to, to_port);

  twin_entity_add_connection (parent, connection);
}

static TwinEntity *
new_root (void)
{
  return twin_entity_new (NULL, "system", "Office");
}

static TwinSimModel *
compile_ok (TwinEntity *root)
{
  g_autoptr (GError) error = NULL;
  TwinSimModel *model = twin_sim_model_compile (root, NULL, NULL, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

static void
compile_fails (TwinEntity *root,
               GHashTable *overrides,
               int         code,
               const char *first,
               const char *second)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinSimModel) model = twin_sim_model_compile (root, overrides, NULL, 0, &error);

  g_assert_null (model);
  g_assert_error (error, TWIN_SIM_ERROR, code);
  g_test_message ("%s", error->message);
  if (first != NULL && strstr (error->message, first) == NULL)
    g_error ("“%s” does not name “%s”", error->message, first);
  if (second != NULL && strstr (error->message, second) == NULL)
    g_error ("“%s” does not name “%s”", error->message, second);
}

static double
variable (TwinSimModel *model,
          double        t,
          const double *x,
          const char   *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree double *values = g_new0 (double, twin_sim_model_get_n_variables (model) + 1);
  int                index = twin_sim_model_find_variable (model, name);

  if (index < 0)
    g_error ("no variable %s", name);
  g_assert_true (twin_sim_model_eval_variables (model, t, x, values, &error));
  g_assert_no_error (error);
  return values[index];
}

/* The Jacobian by central differences, dense, column-major. */
static double *
fd_jacobian (const TwinSimSystem *system,
             double               t,
             const double        *x0)
{
  guint              n = system->n_states;
  double            *jac = g_new0 (double, n *n);
  g_autofree double *x = g_memdup2 (x0, n * sizeof (double));
  g_autofree double *fp = g_new (double, n);
  g_autofree double *fm = g_new (double, n);

  for (guint j = 0; j < n; j++)
    {
      double h = 1e-4 * MAX (1.0, fabs (x0[j]));

      x[j] = x0[j] + h;
      g_assert_cmpint (system->rhs (t, x, fp, system->user_data), ==, TWIN_SIM_OK);
      x[j] = x0[j] - h;
      g_assert_cmpint (system->rhs (t, x, fm, system->user_data), ==, TWIN_SIM_OK);
      x[j] = x0[j];
      for (guint i = 0; i < n; i++)
        jac[j * n + i] = (fp[i] - fm[i]) / (2 * h);
    }
  return jac;
}

/* Every non-zero of the finite-difference Jacobian is in the pattern. */
static void
assert_pattern_covers (const TwinSimSystem *system,
                       const double        *jac)
{
  const TwinSimSparsity *sp = system->sparsity;
  guint                  n = system->n_states;

  g_assert_nonnull (sp);
  g_assert_cmpuint (sp->n, ==, n);
  for (guint j = 0; j < n; j++)
    for (guint i = 0; i < n; i++)
      {
        gboolean present = FALSE;

        for (guint k = sp->colptr[j]; k < sp->colptr[j + 1]; k++)
          present = present || sp->rowind[k] == i;
        if (i == j)
          g_assert_true (present);
        if (fabs (jac[j * n + i]) > 1e-12)
          g_assert_true (present);
      }
}

/* Two capacities A (1 kJ/K, 30 °C) and B (2 kJ/K, 10 °C), 5 W/K between them,
 * 2 W/K from B to an ambient at 0 °C. */
static TwinEntity *
build_two_node (void)
{
  TwinEntity *root = new_root ();
  TwinEntity *a = add_entity (root, "thermal_capacitance", "A", "heat_capacity", 1000.0, "initial_temperature", 30.0, NULL);
  TwinEntity *b = add_entity (root, "thermal_capacitance", "B", "heat_capacity", 2000.0, "initial_temperature", 10.0, NULL);
  TwinEntity *gab = add_entity (root, "thermal_conductance", "Wall", "conductance", 5.0, NULL);
  TwinEntity *gbo = add_entity (root, "thermal_conductance", "Window", "conductance", 2.0, NULL);
  TwinEntity *amb = add_entity (root, "fixed_temperature", "Ambient", "temperature", 0.0, NULL);

  connect (root, a, "heat", gab, "a");
  connect (root, gab, "b", b, "heat");
  connect (root, b, "heat", gbo, "a");
  connect (root, gbo, "b", amb, "heat");
  return root;
}

static void
test_thermal_two_node (void)
{
  g_autoptr (TwinEntity) root = build_two_node ();
  g_autoptr (TwinSimModel) model = compile_ok (root);
  const TwinSimSystem *system = twin_sim_model_get_system (model);
  double               x[2], dxdt[2];
  g_autofree char     *summary = NULL;
  g_autofree char     *name = NULL;

  g_assert_cmpuint (twin_sim_model_get_n_states (model), ==, 2);
  g_assert_cmpuint (system->n_states, ==, 2);
  twin_sim_model_get_initial_state (model, x);
  g_assert_cmpfloat_with_epsilon (x[0], 30 + KELVIN, 1e-12);
  g_assert_cmpfloat_with_epsilon (x[1], 10 + KELVIN, 1e-12);
  name = system->dup_state_name (0, system->user_data);
  g_assert_cmpstr (name, ==, "Office/A.T");

  g_assert_cmpint (system->rhs (0, x, dxdt, system->user_data), ==, TWIN_SIM_OK);
  /* A loses 5·20 W; B gains 100 W and loses 2·10 W. */
  g_assert_cmpfloat_with_epsilon (dxdt[0], -100.0 / 1000, 1e-12);
  g_assert_cmpfloat_with_epsilon (dxdt[1], (100.0 - 20.0) / 2000, 1e-12);

  summary = twin_sim_model_dup_summary (model);
  g_assert_nonnull (strstr (summary, "2 states"));
  g_assert_nonnull (strstr (summary, "0 nodes"));

  /* Variables: temperatures in °C, the driven node's value too. */
  g_assert_cmpfloat_with_epsilon (variable (model, 0, x, "Office/A.T"), 30.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (variable (model, 0, x, "Office/B.T"), 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (variable (model, 0, x, "Office/Ambient.heat"), 0.0, 1e-9);
  g_assert_cmpstr (twin_sim_model_get_variable (model, twin_sim_model_find_variable (model, "Office/A.T"))->unit, ==, "°C");
  g_assert_true (twin_sim_model_get_variable (model, twin_sim_model_find_variable (model, "Office/A.T"))->is_state);
  g_assert_cmpint (twin_sim_model_find_variable (model, "Office/Nothing.T"), ==, -1);
}

static void
test_analytic_jacobian (void)
{
  g_autoptr (TwinEntity) root = build_two_node ();
  g_autoptr (TwinSimModel) model = compile_ok (root);
  const TwinSimSystem   *system = twin_sim_model_get_system (model);
  const TwinSimSparsity *sp = system->sparsity;
  double                 x[2] = { 300, 290 }, fx[2];
  g_autofree double     *values = NULL;
  g_autofree double     *fd = NULL;

  g_assert_true (twin_sim_model_has_analytic_jacobian (model));
  g_assert_nonnull (system->jacobian);
  g_assert_cmpuint (sp->nnz, ==, 4);
  values = g_new0 (double, sp->nnz);
  g_assert_cmpint (system->rhs (0, x, fx, system->user_data), ==, TWIN_SIM_OK);
  g_assert_cmpint (system->jacobian (0, x, fx, values, system->user_data), ==, TWIN_SIM_OK);
  fd = fd_jacobian (system, 0, x);
  for (guint j = 0; j < 2; j++)
    for (guint k = sp->colptr[j]; k < sp->colptr[j + 1]; k++)
      g_assert_cmpfloat_with_epsilon (values[k], fd[j * 2 + sp->rowind[k]], 1e-9);
  /* By hand: ∂ȦA/∂TA = −5/1000, ∂ṪB/∂TB = −7/2000. */
  g_assert_cmpfloat_with_epsilon (fd[0], -0.005, 1e-9);
  g_assert_cmpfloat_with_epsilon (fd[3], -0.0035, 1e-9);
}

/* A chain A — B — C: the pattern is tridiagonal. */
static void
test_sparsity_chain (void)
{
  g_autoptr (TwinEntity) root = new_root ();
  TwinEntity *caps[4];
  g_autoptr (TwinSimModel) model = NULL;
  const TwinSimSystem   *system;
  const TwinSimSparsity *sp;
  double                 x[4];
  g_autofree double     *fd = NULL;

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("C%u", i);

      caps[i] = add_entity (root, "thermal_capacitance", name, "heat_capacity", 100.0 * (i + 1), "initial_temperature", 10.0 * i, NULL);
    }
  for (guint i = 0; i + 1 < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("G%u", i);
      TwinEntity      *g = add_entity (root, "thermal_conductance", name, "conductance", 1.0 + i, NULL);

      connect (root, caps[i], "heat", g, "a");
      connect (root, g, "b", caps[i + 1], "heat");
    }
  model = compile_ok (root);
  system = twin_sim_model_get_system (model);
  sp = system->sparsity;
  g_assert_cmpuint (sp->n, ==, 4);
  g_assert_cmpuint (sp->nnz, ==, 10);
  for (guint j = 0; j < 4; j++)
    for (guint k = sp->colptr[j]; k < sp->colptr[j + 1]; k++)
      g_assert_cmpuint (ABS ((int) sp->rowind[k] - (int) j), <=, 1);
  twin_sim_model_get_initial_state (model, x);
  fd = fd_jacobian (system, 0, x);
  assert_pattern_covers (system, fd);
  {
    g_autofree double *values = g_new0 (double, sp->nnz);

    g_assert_true (twin_sim_model_has_analytic_jacobian (model));
    g_assert_cmpint (system->jacobian (0, x, NULL, values, system->user_data), ==, TWIN_SIM_OK);
    for (guint j = 0; j < 4; j++)
      for (guint k = sp->colptr[j]; k < sp->colptr[j + 1]; k++)
        g_assert_cmpfloat_with_epsilon (values[k], fd[j * 4 + sp->rowind[k]], 1e-9);
  }
}

/* capacity — R1 — X — R2 — ambient: X has no capacity and is solved; the
 * capacity sees the series conductance 1/(1/2 + 1/3) = 1.2 W/K. */
static void
test_algebraic_node (void)
{
  g_autoptr (TwinEntity) root = new_root ();
  TwinEntity *c = add_entity (root, "thermal_capacitance", "Slab", "heat_capacity", 1000.0, "initial_temperature", 50.0, NULL);
  TwinEntity *r1 = add_entity (root, "thermal_conductance", "R1", "conductance", 2.0, NULL);
  TwinEntity *r2 = add_entity (root, "thermal_conductance", "R2", "conductance", 3.0, NULL);
  TwinEntity *amb = add_entity (root, "fixed_temperature", "Ambient", "temperature", 20.0, NULL);
  g_autoptr (TwinSimModel) model = NULL;
  const TwinSimSystem *system;
  double               x[1], dxdt[1];
  g_autofree char     *summary = NULL;
  g_autofree double   *fd = NULL;

  connect (root, c, "heat", r1, "a");
  connect (root, r1, "b", r2, "a");
  connect (root, r2, "b", amb, "heat");
  model = compile_ok (root);
  system = twin_sim_model_get_system (model);
  g_assert_cmpuint (system->n_states, ==, 1);
  g_assert_false (twin_sim_model_has_analytic_jacobian (model));
  g_assert_null (system->jacobian);
  summary = twin_sim_model_dup_summary (model);
  g_assert_nonnull (strstr (summary, "1 nodes solved algebraically"));

  twin_sim_model_get_initial_state (model, x);
  g_assert_cmpint (system->rhs (0, x, dxdt, system->user_data), ==, TWIN_SIM_OK);
  g_assert_cmpfloat_with_epsilon (dxdt[0], -1.2 * 30 / 1000, 1e-12);
  /* The middle node: 50 − 1.2·30/2 = 32 °C. */
  g_assert_cmpfloat_with_epsilon (variable (model, 0, x, "Office/R1.b"), 32.0, 1e-9);
  x[0] = 20 + KELVIN + 10;
  g_assert_cmpint (system->rhs (0, x, dxdt, system->user_data), ==, TWIN_SIM_OK);
  g_assert_cmpfloat_with_epsilon (dxdt[0], -1.2 * 10 / 1000, 1e-12);
  fd = fd_jacobian (system, 0, x);
  g_assert_cmpfloat_with_epsilon (fd[0], -1.2 / 1000, 1e-9);
}

/* A subsystem exposes its capacity's port; a wall outside connects to it. */
static void
test_boundary_ports (void)
{
  g_autoptr (TwinEntity) root = new_root ();
  TwinEntity *zone = add_entity (root, "subsystem", "Zone", NULL);
  TwinEntity *inner = add_entity (zone, "subsystem", "Core", NULL);
  TwinEntity *cap = add_entity (inner, "thermal_capacitance", "Air", "heat_capacity", 500.0, "initial_temperature", 25.0, NULL);
  TwinEntity *wall = add_entity (root, "thermal_conductance", "Wall", "conductance", 4.0, NULL);
  TwinEntity *amb = add_entity (root, "fixed_temperature", "Ambient", "temperature", 5.0, NULL);
  g_autoptr (TwinSimModel) model = NULL;
  const TwinSimSystem *system;
  double               x[1], dxdt[1];
  g_autofree char     *name = NULL;

  twin_entity_add_boundary_port (inner, "port", cap, "heat");
  twin_entity_add_boundary_port (zone, "air", inner, "port");
  connect (root, zone, "air", wall, "a");
  connect (root, wall, "b", amb, "heat");
  model = compile_ok (root);
  system = twin_sim_model_get_system (model);
  g_assert_cmpuint (system->n_states, ==, 1);
  name = system->dup_state_name (0, system->user_data);
  g_assert_cmpstr (name, ==, "Office/Zone/Core/Air.T");
  twin_sim_model_get_initial_state (model, x);
  g_assert_cmpint (system->rhs (0, x, dxdt, system->user_data), ==, TWIN_SIM_OK);
  g_assert_cmpfloat_with_epsilon (dxdt[0], -4.0 * 20 / 500, 1e-12);
}

/* constant 5 → gain ×2 → the ambient's temperature input (°C → K). */
static void
test_signals (void)
{
  g_autoptr (TwinEntity) root = new_root ();
  TwinEntity *k = add_entity (root, "constant", "Five", "value", 5.0, NULL);
  TwinEntity *gain = add_entity (root, "gain", "Double", "gain", 2.0, NULL);
  TwinEntity *cap = add_entity (root, "thermal_capacitance", "Air", "heat_capacity", 100.0, "initial_temperature", 20.0, NULL);
  TwinEntity *wall = add_entity (root, "thermal_conductance", "Wall", "conductance", 1.0, NULL);
  TwinEntity *amb = add_entity (root, "fixed_temperature", "Ambient", "temperature", 99.0, NULL);
  TwinEntity *src = add_entity (root, "heat_source", "Gains", "heat_flow", 30.0, NULL);
  g_autoptr (TwinSimModel) model = NULL;
  const TwinSimSystem *system;
  double               x[1], dxdt[1];

  /* Connected the wrong way round on purpose: the engine finds the output. */
  connect (root, gain, "in", k, "out");
  connect (root, gain, "out", amb, "temperature");
  connect (root, cap, "heat", wall, "a");
  connect (root, wall, "b", amb, "heat");
  connect (root, src, "heat", cap, "heat");
  model = compile_ok (root);
  system = twin_sim_model_get_system (model);
  twin_sim_model_get_initial_state (model, x);
  g_assert_cmpint (system->rhs (0, x, dxdt, system->user_data), ==, TWIN_SIM_OK);
  /* 30 W in, 1 W/K · (20 − 10) K out. */
  g_assert_cmpfloat_with_epsilon (dxdt[0], (30.0 - 10.0) / 100, 1e-12);
  g_assert_cmpfloat_with_epsilon (variable (model, 0, x, "Office/Double.out"), 10.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (variable (model, 0, x, "Office/Five.out"), 5.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (variable (model, 0, x, "Office/Ambient.heat"), 10.0, 1e-9);
  /* The heat source's flow does not depend on x: the Jacobian stays analytic. */
  g_assert_true (twin_sim_model_has_analytic_jacobian (model));
}

static void
test_overrides (void)
{
  g_autoptr (TwinEntity) root = build_two_node ();
  g_autoptr (GHashTable) overrides = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinSimModel) model = NULL;
  const TwinSimSystem *system;
  double               x[2], dxdt[2];

  g_hash_table_insert (overrides, "Office/A.heat_capacity", "500");
  g_hash_table_insert (overrides, "Office/A.initial_temperature", "40");
  g_hash_table_insert (overrides, "Office/Ambient.temperature", "-10");
  model = twin_sim_model_compile (root, overrides, NULL, 0, &error);
  g_assert_no_error (error);
  system = twin_sim_model_get_system (model);
  twin_sim_model_get_initial_state (model, x);
  g_assert_cmpfloat_with_epsilon (x[0], 40 + KELVIN, 1e-12);
  g_assert_cmpint (system->rhs (0, x, dxdt, system->user_data), ==, TWIN_SIM_OK);
  g_assert_cmpfloat_with_epsilon (dxdt[0], -5.0 * 30 / 500, 1e-12);
  g_assert_cmpfloat_with_epsilon (dxdt[1], (5.0 * 30 - 2.0 * 20) / 2000, 1e-12);

  /* Unknown entity, unknown parameter, a value that is not a number. */
  g_hash_table_remove_all (overrides);
  g_hash_table_insert (overrides, "Office/Nobody.heat_capacity", "1");
  compile_fails (root, overrides, TWIN_SIM_ERROR_SCENARIO, "Office/Nobody", NULL);
  g_hash_table_remove_all (overrides);
  g_hash_table_insert (overrides, "Office/A.colour", "1");
  compile_fails (root, overrides, TWIN_SIM_ERROR_SCENARIO, "Office/A", "colour");
  g_hash_table_remove_all (overrides);
  g_hash_table_insert (overrides, "Office/A.heat_capacity", "lots");
  compile_fails (root, overrides, TWIN_SIM_ERROR_SCENARIO, "Office/A.heat_capacity", "lots");
}

static double
ramp_input (double   t_s,
            gpointer user_data)
{
  return *(double *) user_data + t_s / 1000;
}

static double
ramp_break (double   t_s,
            gpointer user_data)
{
  return t_s < 3600 ? 3600 : INFINITY;
}

static void
test_bindings (void)
{
  g_autoptr (TwinEntity) root = build_two_node ();
  double         start_c = -5;
  TwinSimBinding binding = { "Office/Ambient.temperature", ramp_input, ramp_break, &start_c };
  TwinSimBinding bad = { "Office/Ambient.nothing", ramp_input, NULL, &start_c };
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinSimModel) model = twin_sim_model_compile (root, NULL, &binding, 1, &error);
  const TwinSimSystem *system;
  double               x[2], dxdt[2];

  g_assert_no_error (error);
  system = twin_sim_model_get_system (model);
  twin_sim_model_get_initial_state (model, x);
  /* At t = 5000 s the ambient is at 0 °C: B loses 2 W/K · 10 K. */
  g_assert_cmpint (system->rhs (5000, x, dxdt, system->user_data), ==, TWIN_SIM_OK);
  g_assert_cmpfloat_with_epsilon (dxdt[1], (100.0 - 20.0) / 2000, 1e-12);
  g_assert_cmpfloat (system->next_time_event (0, system->user_data), ==, 3600);
  g_assert_true (isinf (system->next_time_event (3600, system->user_data)));

  g_clear_object (&model);
  model = twin_sim_model_compile (root, NULL, &bad, 1, &error);
  g_assert_null (model);
  g_assert_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO);
  g_assert_nonnull (strstr (error->message, "Office/Ambient.nothing"));
}

static void
test_error_unconnected (void)
{
  g_autoptr (TwinEntity) root = new_root ();
  TwinEntity *cap = add_entity (root, "thermal_capacitance", "Air", NULL);
  TwinEntity *wall = add_entity (root, "thermal_conductance", "Wall", NULL);

  connect (root, cap, "heat", wall, "a");
  compile_fails (root, NULL, TWIN_SIM_ERROR_MODEL, "Office/Wall", "“b”");
}

static void
test_error_algebraic_loop (void)
{
  g_autoptr (TwinEntity) root = new_root ();
  TwinEntity *g1 = add_entity (root, "gain", "G1", NULL);
  TwinEntity *g2 = add_entity (root, "gain", "G2", NULL);
  TwinEntity *g3 = add_entity (root, "gain", "G3", NULL);

  connect (root, g1, "out", g2, "in");
  connect (root, g2, "out", g1, "in");
  /* G3 hangs off the loop but is not part of it. */
  connect (root, g2, "out", g3, "in");
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (TwinSimModel) model = twin_sim_model_compile (root, NULL, NULL, 0, &error);

    g_assert_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_MODEL);
    g_assert_nonnull (strstr (error->message, "Office/G1"));
    g_assert_nonnull (strstr (error->message, "Office/G2"));
    g_assert_null (strstr (error->message, "Office/G3"));
    g_assert_nonnull (strstr (error->message, "algebraic loop"));
  }
}

static void
test_error_not_eliminable (void)
{
  /* Two heat sources joined: nothing at the node depends on its temperature. */
  {
    g_autoptr (TwinEntity) root = new_root ();
    TwinEntity *s1 = add_entity (root, "heat_source", "S1", NULL);
    TwinEntity *s2 = add_entity (root, "heat_source", "S2", NULL);

    connect (root, s1, "heat", s2, "heat");
    compile_fails (root, NULL, TWIN_SIM_ERROR_MODEL, "Office/S1", "Office/S2");
  }
  /* S1 — G — S2: the nodes depend on each other but on nothing known. */
  {
    g_autoptr (TwinEntity) root = new_root ();
    TwinEntity *s1 = add_entity (root, "heat_source", "S1", NULL);
    TwinEntity *s2 = add_entity (root, "heat_source", "S2", NULL);
    TwinEntity *g = add_entity (root, "thermal_conductance", "G", NULL);

    connect (root, s1, "heat", g, "a");
    connect (root, g, "b", s2, "heat");
    compile_fails (root, NULL, TWIN_SIM_ERROR_MODEL, "Office/G", "cannot be eliminated");
  }
}

static void
test_error_floating_capacitor (void)
{
  g_autoptr (TwinEntity) root = new_root ();
  TwinEntity *gnd = add_entity (root, "ground", "Ground", NULL);
  TwinEntity *r1 = add_entity (root, "resistor", "R1", NULL);
  TwinEntity *r2 = add_entity (root, "resistor", "R2", NULL);
  TwinEntity *c = add_entity (root, "capacitor", "C1", NULL);

  connect (root, gnd, "p", r1, "n");
  connect (root, r1, "p", c, "p");
  connect (root, c, "n", r2, "p");
  connect (root, r2, "n", gnd, "p");
  compile_fails (root, NULL, TWIN_SIM_ERROR_MODEL, "Office/C1", "“n”");
}

static void
test_error_component (void)
{
  g_autoptr (TwinEntity) root = new_root ();
  TwinEntity *gnd = add_entity (root, "ground", "Ground", NULL);
  TwinEntity *r = add_entity (root, "resistor", "Short", "resistance", 0.0, NULL);
  TwinEntity *c = add_entity (root, "capacitor", "C1", NULL);

  connect (root, c, "p", r, "p");
  connect (root, r, "n", gnd, "p");
  connect (root, c, "n", gnd, "p");
  compile_fails (root, NULL, TWIN_SIM_ERROR_MODEL, "Short (Office/Short)", "resistance");
}

static void
test_error_driven (void)
{
  /* A fixed temperature straight onto a capacity. */
  {
    g_autoptr (TwinEntity) root = new_root ();
    TwinEntity *cap = add_entity (root, "thermal_capacitance", "Slab", NULL);
    TwinEntity *amb = add_entity (root, "fixed_temperature", "Ambient", NULL);

    connect (root, cap, "heat", amb, "heat");
    compile_fails (root, NULL, TWIN_SIM_ERROR_MODEL, "Office/Ambient", "Office/Slab");
  }
  /* Two boundaries on one node. */
  {
    g_autoptr (TwinEntity) root = new_root ();
    TwinEntity *a = add_entity (root, "fixed_temperature", "Outside", NULL);
    TwinEntity *b = add_entity (root, "fixed_temperature", "Ground", NULL);

    connect (root, a, "heat", b, "heat");
    compile_fails (root, NULL, TWIN_SIM_ERROR_MODEL, "Office/Outside", "Office/Ground");
  }
  /* Two grounds on one node agree (both hold it at 0 V): no error. */
  {
    g_autoptr (TwinEntity) root = new_root ();
    TwinEntity *v = add_entity (root, "voltage_source", "Supply", NULL);
    TwinEntity *r = add_entity (root, "resistor", "R", NULL);
    TwinEntity *g1 = add_entity (root, "ground", "G1", NULL);
    TwinEntity *g2 = add_entity (root, "ground", "G2", NULL);
    g_autoptr (GError) error = NULL;
    g_autoptr (TwinSimModel) model = NULL;

    connect (root, v, "p", r, "p");
    connect (root, v, "n", g1, "p");
    connect (root, r, "n", g2, "p");
    connect (root, g1, "p", g2, "p");
    model = twin_sim_model_compile (root, NULL, NULL, 0, &error);
    g_assert_no_error (error);
    g_assert_nonnull (model);
  }
  /* A voltage source with neither side set from elsewhere. */
  {
    g_autoptr (TwinEntity) root = new_root ();
    TwinEntity *v = add_entity (root, "voltage_source", "Supply", NULL);
    TwinEntity *r = add_entity (root, "resistor", "R", NULL);

    connect (root, v, "p", r, "p");
    connect (root, v, "n", r, "n");
    compile_fails (root, NULL, TWIN_SIM_ERROR_MODEL, "Office/Supply", "ground");
  }
}

/* A sensor with no lag on a node without capacity: its output would need
 * the node's value before the node is solved. */
static void
test_error_sensor_on_algebraic (void)
{
  g_autoptr (TwinEntity) root = new_root ();
  TwinEntity *c = add_entity (root, "thermal_capacitance", "Slab", NULL);
  TwinEntity *r1 = add_entity (root, "thermal_conductance", "R1", NULL);
  TwinEntity *r2 = add_entity (root, "thermal_conductance", "R2", NULL);
  TwinEntity *amb = add_entity (root, "fixed_temperature", "Ambient", NULL);
  TwinEntity *sensor = add_entity (root, "sensor", "Probe", "time_constant", 0.0, NULL);

  connect (root, c, "heat", r1, "a");
  connect (root, r1, "b", r2, "a");
  connect (root, r2, "b", amb, "heat");
  connect (root, sensor, "measured", r1, "b");
  compile_fails (root, NULL, TWIN_SIM_ERROR_MODEL, "Office/Probe", "time constant");
}

/* A type from a newer library, wired into the network, inside a subsystem. */
static void
test_error_unknown_type (void)
{
  g_autoptr (TwinEntity) root = new_root ();
  TwinEntity *zone = add_entity (root, "subsystem", "Zone", NULL);
  g_autoptr (TwinEntity) flux = twin_entity_new (NULL, "flux_capacitor", "Flux");
  TwinEntity *cap = add_entity (zone, "thermal_capacitance", "Air", NULL);

  twin_entity_append_child (zone, flux);
  connect (zone, cap, "heat", flux, "heat");
  compile_fails (root, NULL, TWIN_SIM_ERROR_MODEL, "Office/Zone/Flux", "flux_capacitor");
}

/* 10 V — 1 kΩ — 100 µF to ground: τ = 0.1 s. */
static TwinEntity *
build_rc (void)
{
  TwinEntity *root = new_root ();
  TwinEntity *gnd = add_entity (root, "ground", "Ground", NULL);
  TwinEntity *v = add_entity (root, "voltage_source", "Supply", "voltage", 10.0, NULL);
  TwinEntity *r = add_entity (root, "resistor", "R", "resistance", 1000.0, NULL);
  TwinEntity *c = add_entity (root, "capacitor", "C", "capacitance", 100.0, "initial_voltage", 0.0, NULL);

  connect (root, v, "n", gnd, "p");
  connect (root, v, "p", r, "p");
  connect (root, r, "n", c, "p");
  connect (root, c, "n", gnd, "p");
  return root;
}

static void
test_rc_rhs (void)
{
  g_autoptr (TwinEntity) root = build_rc ();
  g_autoptr (TwinSimModel) model = compile_ok (root);
  const TwinSimSystem *system = twin_sim_model_get_system (model);
  double               x[1], dxdt[1];

  g_assert_cmpuint (system->n_states, ==, 1);
  twin_sim_model_get_initial_state (model, x);
  g_assert_cmpfloat (x[0], ==, 0.0);
  g_assert_cmpint (system->rhs (0, x, dxdt, system->user_data), ==, TWIN_SIM_OK);
  g_assert_cmpfloat_with_epsilon (dxdt[0], 100.0, 1e-9);
  x[0] = 4;
  g_assert_cmpint (system->rhs (0, x, dxdt, system->user_data), ==, TWIN_SIM_OK);
  g_assert_cmpfloat_with_epsilon (dxdt[0], 60.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (variable (model, 0, x, "Office/Supply.p"), 10.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (variable (model, 0, x, "Office/C.v"), 4.0, 1e-12);
}

typedef struct
{
  TwinSimModel *model;
  gboolean      reached_band;
  double        min_c; /* °C, after the band was first reached */
  double        max_c;
} ThermostatOutput;

static gboolean
thermostat_output (double        t_s,
                   const double *x,
                   gpointer      user_data)
{
  ThermostatOutput *out = user_data;
  double            air = variable (out->model, t_s, x, "Office/Air.T");

  if (air >= 19)
    out->reached_band = TRUE;
  if (out->reached_band)
    {
      out->min_c = MIN (out->min_c, air);
      out->max_c = MAX (out->max_c, air);
    }
  return TRUE;
}

/* Air (100 kJ/K) losing 20 W/K to 0 °C, a 1 kW heater switched by a
 * hysteresis on a lagged sensor: heat below 19 °C, stop above 21 °C. */
static void
test_thermostat_events (void)
{
  g_autoptr (TwinEntity) root = new_root ();
  TwinEntity *air = add_entity (root, "thermal_capacitance", "Air", "heat_capacity", 1e5, "initial_temperature", 15.0, NULL);
  TwinEntity *wall = add_entity (root, "thermal_conductance", "Wall", "conductance", 20.0, NULL);
  TwinEntity *amb = add_entity (root, "fixed_temperature", "Ambient", "temperature", 0.0, NULL);
  TwinEntity *heater = add_entity (root, "heater", "Heater", "heating_power", 1000.0, "efficiency", 100.0, NULL);
  TwinEntity *sensor = add_entity (root, "sensor", "Sensor", "time_constant", 30.0, NULL);
  TwinEntity *hyst = add_entity (root, "hysteresis", "Thermostat", "lower", 19.0, "upper", 21.0, "output_low", 1.0, "output_high", 0.0, NULL);
  g_autoptr (TwinSimModel) model = NULL;
  const TwinSimSystem  *system;
  g_autofree double    *x = NULL;
  g_autofree double    *fd = NULL;
  g_autofree double    *g = NULL;
  gint8                 fired[2] = { 1, 0 };
  TwinSimSolverSettings settings;
  TwinSimSolveReport    report = { 0 };
  ThermostatOutput      out = { NULL, FALSE, INFINITY, -INFINITY };
  g_autoptr (GError) error = NULL;

  connect (root, air, "heat", wall, "a");
  connect (root, wall, "b", amb, "heat");
  connect (root, heater, "heat", air, "heat");
  connect (root, sensor, "measured", air, "heat");
  connect (root, sensor, "out", hyst, "in");
  connect (root, hyst, "out", heater, "command");
  model = compile_ok (root);
  system = twin_sim_model_get_system (model);
  g_assert_cmpuint (system->n_events, ==, 1);
  g_assert_nonnull (system->events);
  g_assert_false (twin_sim_model_has_analytic_jacobian (model));
  x = g_new0 (double, system->n_states);
  g = g_new0 (double, system->n_events);
  twin_sim_model_get_initial_state (model, x);

  /* The pattern covers what finite differences see. */
  fd = fd_jacobian (system, 0, x);
  assert_pattern_covers (system, fd);

  /* Heating at the start; a fired upper event switches it off. */
  g_assert_cmpfloat (variable (model, 0, x, "Office/Thermostat.out"), ==, 1.0);
  system->events (0, x, g, system->user_data);
  g_assert_cmpfloat_with_epsilon (g[0], variable (model, 0, x, "Office/Sensor.out") - 21.0, 1e-9);
  g_assert_false (system->handle_events (0, x, fired, system->user_data));
  g_assert_cmpfloat (variable (model, 0, x, "Office/Thermostat.out"), ==, 0.0);
  /* Off, it watches the lower threshold. */
  system->events (0, x, g, system->user_data);
  g_assert_cmpfloat_with_epsilon (g[0], variable (model, 0, x, "Office/Sensor.out") - 19.0, 1e-9);
  twin_sim_model_reset (model);
  g_assert_cmpfloat (variable (model, 0, x, "Office/Thermostat.out"), ==, 1.0);

  out.model = model;
  twin_sim_solver_settings_init (&settings);
  settings.t0_s = 0;
  settings.t1_s = 40000;
  settings.output_interval_s = 60;
  g_assert_true (twin_sim_solve (system, &settings, x, thermostat_output, &out, NULL, &report, &error));
  g_assert_no_error (error);
  g_test_message ("%s: %" G_GUINT64_FORMAT " events, band %g … %g °C", twin_sim_method_to_string (report.method), report.n_events,
                  out.min_c, out.max_c);
  g_assert_true (out.reached_band);
  g_assert_cmpuint (report.n_events, >=, 3);
  /* The sensor lags by 30 s, so the air overshoots the band by a little. */
  g_assert_cmpfloat (out.min_c, >, 18.5);
  g_assert_cmpfloat (out.max_c, <, 21.5);
  twin_sim_solve_report_clear (&report);
}

static double
nan_input (double   t_s,
           gpointer user_data)
{
  return t_s < 5 ? 10.0 : NAN;
}

/* A NaN heat flow into a node without capacity: Newton fails, the system
 * says which node and when. */
static void
test_newton_failure (void)
{
  g_autoptr (TwinEntity) root = new_root ();
  TwinEntity    *cap = add_entity (root, "thermal_capacitance", "Slab", NULL);
  TwinEntity    *g = add_entity (root, "thermal_conductance", "Layer", NULL);
  TwinEntity    *src = add_entity (root, "heat_source", "Sun", NULL);
  TwinSimBinding binding = { "Office/Sun.heat_flow", nan_input, NULL, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinSimModel) model = NULL;
  const TwinSimSystem *system;
  double               x[1], dxdt[1];
  g_autofree char     *failure = NULL;
  g_autofree double   *values = NULL;

  connect (root, cap, "heat", g, "a");
  connect (root, g, "b", src, "heat");
  model = twin_sim_model_compile (root, NULL, &binding, 1, &error);
  g_assert_no_error (error);
  system = twin_sim_model_get_system (model);
  twin_sim_model_get_initial_state (model, x);
  g_assert_cmpint (system->rhs (1, x, dxdt, system->user_data), ==, TWIN_SIM_OK);
  /* All 10 W pass through the layer into the slab (1 MJ/K). */
  g_assert_cmpfloat_with_epsilon (dxdt[0], 10.0 / 1e6, 1e-15);
  g_assert_cmpint (system->rhs (7, x, dxdt, system->user_data), ==, TWIN_SIM_FAILED);
  failure = system->dup_failure (system->user_data);
  g_test_message ("%s", failure);
  g_assert_nonnull (strstr (failure, "Office/Layer"));
  g_assert_nonnull (strstr (failure, "Office/Sun"));
  g_assert_nonnull (strstr (failure, "t = 7 s"));
  values = g_new0 (double, twin_sim_model_get_n_variables (model));
  g_assert_false (twin_sim_model_eval_variables (model, 7, x, values, &error));
  g_assert_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SOLVER);
  /* It recovers once the input is finite again. */
  g_assert_cmpint (system->rhs (2, x, dxdt, system->user_data), ==, TWIN_SIM_OK);
  g_assert_cmpfloat_with_epsilon (dxdt[0], 10.0 / 1e6, 1e-15);
}

typedef struct
{
  guint  n_points;
  double last_t;
  double max_error; /* V, against the analytic charge curve */
} RcOutput;

static gboolean
rc_output (double        t_s,
           const double *x,
           gpointer      user_data)
{
  RcOutput *out = user_data;
  double    exact = 10.0 * (1.0 - exp (-t_s / 0.1));

  out->n_points++;
  out->last_t = t_s;
  out->max_error = MAX (out->max_error, fabs (x[0] - exact));
  return TRUE;
}

/* The RC charge integrated end to end, with each method family. */
static void
test_rc_solve (void)
{
  /* With rtol 1e-8 the charge curve (10 V scale) is met to well within 1e-5 V. */
  const double        tolerance_v = 1e-5;
  const TwinSimMethod methods[] = { TWIN_SIM_METHOD_AUTO, TWIN_SIM_METHOD_RK8PD, TWIN_SIM_METHOD_MSBDF, TWIN_SIM_METHOD_CVODE_KLU };
  g_autoptr (TwinEntity) root = build_rc ();
  g_autoptr (TwinSimModel) model = compile_ok (root);

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      TwinSimSolverSettings settings;
      TwinSimSolveReport    report = { 0 };
      RcOutput              out = { 0 };
      g_autoptr (GError) error = NULL;
      double x[1];

      twin_sim_solver_settings_init (&settings);
      settings.method = methods[m];
      settings.rtol = 1e-8;
      settings.atol = 1e-10;
      settings.t0_s = 0;
      settings.t1_s = 0.5;
      settings.output_interval_s = 0.01;
      twin_sim_model_reset (model);
      twin_sim_model_get_initial_state (model, x);
      g_assert_true (twin_sim_solve (twin_sim_model_get_system (model), &settings, x, rc_output, &out, NULL, &report, &error));
      g_assert_no_error (error);
      g_test_message ("%s: %u points, max error %g V", twin_sim_method_to_string (report.method), out.n_points, out.max_error);
      g_assert_cmpuint (out.n_points, ==, 51);
      g_assert_cmpfloat_with_epsilon (out.last_t, 0.5, 1e-12);
      g_assert_cmpfloat (out.max_error, <, tolerance_v);
      g_assert_cmpfloat_with_epsilon (x[0], 10.0 * (1.0 - exp (-5.0)), tolerance_v);
      twin_sim_solve_report_clear (&report);
    }
}

/* A pipe between a pump and a valve: the nodes between them have no capacity
 * and square-root laws on one side, which a full Newton step overshoots.
 * The damped solve must balance them; at steady state the pump's head equals
 * the pipe's and the valve's losses, so the pressures fall along the line. */
static void
test_hydraulic_pipe_valve (void)
{
  g_autoptr (TwinEntity) root = new_root ();
  TwinEntity *mains = add_entity (root, "reservoir", "Mains", "head", 0.0, NULL);
  TwinEntity *pump = add_entity (root, "pump", "Pump", NULL);
  TwinEntity *pipe = add_entity (root, "pipe", "Pipe", "length", 50.0, NULL);
  TwinEntity *valve = add_entity (root, "valve", "Valve", "opening", 60.0, NULL);
  TwinEntity *tap = add_entity (root, "reservoir", "Tap", "head", 2.0, NULL);
  g_autoptr (TwinSimModel) model = NULL;
  g_autoptr (GError) error = NULL;
  TwinSimSolverSettings settings;
  TwinSimSolveReport    report = { 0 };
  const TwinSimSystem  *system;
  g_autofree double    *x = NULL;
  g_autofree double    *dxdt = NULL;
  g_autofree double    *values = NULL;
  int                   q_index, p_in, p_out;

  connect (root, mains, "a", pump, "in");
  connect (root, pump, "out", pipe, "a");
  connect (root, pipe, "b", valve, "a");
  connect (root, valve, "b", tap, "a");
  model = compile_ok (root);
  system = twin_sim_model_get_system (model);
  x = g_new0 (double, system->n_states);
  dxdt = g_new0 (double, system->n_states);
  values = g_new0 (double, twin_sim_model_get_n_variables (model));
  for (guint i = 0; i < twin_sim_model_get_n_variables (model); i++)
    g_test_message ("variable %s [%s]", twin_sim_model_get_variable (model, i)->name, twin_sim_model_get_variable (model, i)->unit);

  twin_sim_model_reset (model);
  twin_sim_model_get_initial_state (model, x);
  g_assert_cmpint (system->rhs (0, x, dxdt, system->user_data), ==, TWIN_SIM_OK);

  twin_sim_solver_settings_init (&settings);
  settings.method = TWIN_SIM_METHOD_MSBDF;
  settings.t1_s = 600;
  settings.output_interval_s = 60;
  g_assert_true (twin_sim_solve (system, &settings, x, NULL, NULL, NULL, &report, &error));
  g_assert_no_error (error);
  twin_sim_solve_report_clear (&report);

  /* Steady: the pipe's flow no longer changes, and it runs from the pump to the tap. */
  g_assert_cmpint (system->rhs (600, x, dxdt, system->user_data), ==, TWIN_SIM_OK);
  q_index = twin_sim_model_find_variable (model, "Office/Pipe.q");
  g_assert_cmpint (q_index, >=, 0);
  g_assert_true (twin_sim_model_eval_variables (model, 600, x, values, &error));
  g_assert_no_error (error);
  g_test_message ("q = %g m³/s, dq/dt = %g", values[q_index], dxdt[0]);
  g_assert_cmpfloat (values[q_index], >, 1e-4);
  g_assert_cmpfloat (fabs (dxdt[0]), <, 1e-9);
  /* The pressure after the pump is above the one before the valve, which is above the tap's. */
  p_in = twin_sim_model_find_variable (model, "Office/Pump.out");
  p_out = twin_sim_model_find_variable (model, "Office/Valve.a");
  if (p_in < 0)
    p_in = twin_sim_model_find_variable (model, "Office/Pipe.a");
  if (p_out < 0)
    p_out = twin_sim_model_find_variable (model, "Office/Pipe.b");
  g_assert_cmpint (p_in, >=, 0);
  g_assert_cmpint (p_out, >=, 0);
  g_test_message ("p after pump %g Pa, p before valve %g Pa", values[p_in], values[p_out]);
  g_assert_cmpfloat (values[p_in], >, values[p_out]);
  g_assert_cmpfloat (values[p_out], >, 1000.0 * 9.81 * 2.0);
}

/* The source the other way round: its p on ground, so it sets n to −10 V. */
static void
test_rc_reversed (void)
{
  g_autoptr (TwinEntity) root = new_root ();
  TwinEntity *gnd = add_entity (root, "ground", "Ground", NULL);
  TwinEntity *v = add_entity (root, "voltage_source", "Supply", "voltage", 10.0, NULL);
  TwinEntity *r = add_entity (root, "resistor", "R", "resistance", 1000.0, NULL);
  TwinEntity *c = add_entity (root, "capacitor", "C", "capacitance", 100.0, NULL);
  g_autoptr (TwinSimModel) model = NULL;
  const TwinSimSystem *system;
  double               x[1] = { 0 }, dxdt[1];

  connect (root, v, "p", gnd, "p");
  connect (root, v, "n", r, "p");
  connect (root, r, "n", c, "p");
  connect (root, c, "n", gnd, "p");
  model = compile_ok (root);
  system = twin_sim_model_get_system (model);
  g_assert_cmpint (system->rhs (0, x, dxdt, system->user_data), ==, TWIN_SIM_OK);
  g_assert_cmpfloat_with_epsilon (dxdt[0], -100.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (variable (model, 0, x, "Office/Supply.n"), -10.0, 1e-12);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/sim/model/thermal-two-node", test_thermal_two_node);
  g_test_add_func ("/core/sim/model/analytic-jacobian", test_analytic_jacobian);
  g_test_add_func ("/core/sim/model/sparsity-chain", test_sparsity_chain);
  g_test_add_func ("/core/sim/model/algebraic-node", test_algebraic_node);
  g_test_add_func ("/core/sim/model/boundary-ports", test_boundary_ports);
  g_test_add_func ("/core/sim/model/signals", test_signals);
  g_test_add_func ("/core/sim/model/overrides", test_overrides);
  g_test_add_func ("/core/sim/model/bindings", test_bindings);
  g_test_add_func ("/core/sim/model/rc-rhs", test_rc_rhs);
  g_test_add_func ("/core/sim/model/rc-solve", test_rc_solve);
  g_test_add_func ("/core/sim/model/thermostat-events", test_thermostat_events);
  g_test_add_func ("/core/sim/model/newton-failure", test_newton_failure);
  g_test_add_func ("/core/sim/model/rc-reversed", test_rc_reversed);
  g_test_add_func ("/core/sim/model/hydraulic-pipe-valve", test_hydraulic_pipe_valve);
  g_test_add_func ("/core/sim/model/error-driven", test_error_driven);
  g_test_add_func ("/core/sim/model/error-sensor-on-algebraic", test_error_sensor_on_algebraic);
  g_test_add_func ("/core/sim/model/error-unknown-type", test_error_unknown_type);
  g_test_add_func ("/core/sim/model/error-unconnected", test_error_unconnected);
  g_test_add_func ("/core/sim/model/error-algebraic-loop", test_error_algebraic_loop);
  g_test_add_func ("/core/sim/model/error-not-eliminable", test_error_not_eliminable);
  g_test_add_func ("/core/sim/model/error-floating-capacitor", test_error_floating_capacitor);
  g_test_add_func ("/core/sim/model/error-component", test_error_component);

  return g_test_run ();
}
