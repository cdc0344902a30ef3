/* test-validator.c: tests of the structural checks of a twin: ports, wiring, loops, parameters, references.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every model is built in code with the detached builders (which accept the
 * bad wiring a file may carry) and handed to twin_model_new(). Each check
 * has a model that is clean except for exactly that fault, and the tests
 * assert the whole list: kinds, paths and count, so an extra or a missing
 * finding fails.
 */

#include "config.h"

#include "model/twin-validator.h"
#include "twin-core.h"

#include <math.h>
#include <string.h>

typedef struct
{
  TwinIssueKind kind;
  const char   *path;
  const char   *needle; /* a piece of the message, or NULL */
} Expect;

static TwinEntity *
add_block (TwinEntity *parent,
           const char *type_name,
           const char *name)
{
  const TwinEntityType *type = twin_entity_type_lookup (type_name);
  g_autoptr (TwinEntity) entity = NULL;

  g_assert_nonnull (type);
  entity = twin_entity_type_instantiate (type, name);
  twin_entity_append_child (parent, entity);
  /* The parent holds it. */
  return entity;
}

/* An entity with no parameters at all, of any type name. */
static TwinEntity *
add_bare (TwinEntity *parent,
          const char *type_name,
          const char *name)
{
  g_autoptr (TwinEntity) entity = twin_entity_new (NULL, type_name, name);

  twin_entity_append_child (parent, entity);
  return entity;
}

static void
wire (TwinEntity *parent,
      TwinEntity *a,
      const char *port_a,
      TwinEntity *b,
      const char *port_b)
{
  g_autoptr (TwinConnection) connection = twin_connection_new (NULL, a, port_a, b, port_b);

  twin_entity_add_connection (parent, connection);
}

static void
log_issues (GListModel *issues)
{
  for (guint i = 0; i < g_list_model_get_n_items (issues); i++)
    {
      g_autoptr (TwinIssue) issue = g_list_model_get_item (issues, i);

      g_test_message ("%s  %s: %s", twin_issue_kind_to_string (twin_issue_get_kind (issue)),
                      twin_issue_get_path (issue), twin_issue_get_message (issue));
    }
}

/* Validates @model and checks the whole list against @expected. */
static void
assert_model_issues (TwinModel    *model,
                     const Expect *expected,
                     guint         n_expected)
{
  g_autoptr (GListModel) issues = twin_validate_model (model);
  guint n;

  log_issues (issues);
  n = g_list_model_get_n_items (issues);
  g_assert_cmpuint (n, ==, n_expected);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TwinIssue) issue = g_list_model_get_item (issues, i);
      g_autofree char *entity_path = twin_entity_dup_path (twin_issue_get_entity (issue));
      const char      *message = twin_issue_get_message (issue);

      g_assert_cmpstr (twin_issue_kind_to_string (twin_issue_get_kind (issue)), ==,
                       twin_issue_kind_to_string (expected[i].kind));
      g_assert_cmpstr (twin_issue_get_path (issue), ==, expected[i].path);
      g_assert_cmpstr (entity_path, ==, expected[i].path);
      g_assert_true (twin_model_contains (model, twin_issue_get_entity (issue)));
      /* One sentence on one line. */
      g_assert_nonnull (message);
      g_assert_cmpuint (strlen (message), >, 10);
      g_assert_null (strchr (message, '\n'));
      g_assert_true (g_str_has_suffix (message, "."));
      if (expected[i].needle != NULL && strstr (message, expected[i].needle) == NULL)
        g_error ("issue %u: “%s” does not mention “%s”", i, message, expected[i].needle);
    }
}

/* Takes the root, builds the model, checks it and frees everything. */
static void
assert_issues (TwinEntity   *root,
               const Expect *expected,
               guint         n_expected)
{
  g_autoptr (TwinModel) model = twin_model_new (root);

  assert_model_issues (model, expected, n_expected);
}

#define ASSERT_CLEAN(root) assert_issues ((root), NULL, 0)

/* Battery, resistor and ground: a closed circuit with a reference. */
static TwinEntity *
make_circuit (const char  *name,
              TwinEntity **out_battery,
              TwinEntity **out_resistor,
              TwinEntity **out_ground)
{
  TwinEntity *root = twin_entity_new (NULL, "system", name);
  TwinEntity *battery = add_block (root, "battery", "Battery");
  TwinEntity *resistor = add_block (root, "resistor", "R1");
  TwinEntity *ground = add_block (root, "ground", "Ground");

  wire (root, battery, "p", resistor, "p");
  wire (root, resistor, "n", battery, "n");
  wire (root, battery, "n", ground, "p");
  if (out_battery != NULL)
    *out_battery = battery;
  if (out_resistor != NULL)
    *out_resistor = resistor;
  if (out_ground != NULL)
    *out_ground = ground;
  return root;
}

/* --- clean models ----------------------------------------------------------- */

static void
test_clean_circuit (void)
{
  g_autoptr (TwinEntity) root = make_circuit ("Circuit", NULL, NULL, NULL);

  ASSERT_CLEAN (root);
}

static void
test_clean_thermal (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "House");
  TwinEntity *room = add_block (root, "room", "Room");
  TwinEntity *heater = add_block (root, "heater", "Heater");
  TwinEntity *wall = add_block (root, "thermal_conductance", "Wall");
  TwinEntity *outside = add_block (root, "fixed_temperature", "Outside");

  wire (root, heater, "heat", room, "heat");
  wire (root, wall, "a", room, "heat");
  wire (root, wall, "b", outside, "heat");
  ASSERT_CLEAN (root);
}

static void
test_clean_pid_loop (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Thermostat");
  TwinEntity *room = add_block (root, "room", "Room");
  TwinEntity *heater = add_block (root, "heater", "Heater");
  TwinEntity *sensor = add_block (root, "sensor", "Sensor");
  TwinEntity *setpoint = add_block (root, "constant", "Setpoint");
  TwinEntity *pid = add_block (root, "pid", "PID");

  /* The loop closes through the room and the lagging sensor: no signal
   * cycle, nothing algebraic. */
  wire (root, heater, "heat", room, "heat");
  wire (root, sensor, "measured", room, "heat");
  wire (root, setpoint, "out", pid, "setpoint");
  wire (root, sensor, "out", pid, "measurement");
  wire (root, pid, "out", heater, "command");
  ASSERT_CLEAN (root);
}

static void
test_clean_stateful_signal_loop (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Switch");
  TwinEntity *setpoint = add_block (root, "constant", "Setpoint");
  TwinEntity *sum = add_block (root, "sum", "Sum");
  TwinEntity *gain = add_block (root, "gain", "Gain");
  TwinEntity *hysteresis = add_block (root, "hysteresis", "Hysteresis");

  /* Sum → Gain → Hysteresis → Sum: the hysteresis remembers its output, so
   * the loop has a state in it. */
  wire (root, setpoint, "out", sum, "in1");
  wire (root, sum, "out", gain, "in");
  wire (root, gain, "out", hysteresis, "in");
  wire (root, hysteresis, "out", sum, "in2");
  ASSERT_CLEAN (root);
}

/* A circuit whose battery sits in a subsystem, reached through boundary ports. */
static void
test_clean_through_subsystem (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Plant");
  TwinEntity *supply = add_block (root, "subsystem", "Supply");
  TwinEntity *battery = add_block (supply, "battery", "Battery");
  TwinEntity *resistor = add_block (root, "resistor", "Load");
  TwinEntity *ground = add_block (root, "ground", "Ground");

  twin_entity_add_boundary_port (supply, "plus", battery, "p");
  twin_entity_add_boundary_port (supply, "minus", battery, "n");
  wire (root, supply, "plus", resistor, "p");
  wire (root, resistor, "n", supply, "minus");
  wire (root, ground, "p", supply, "minus");
  ASSERT_CLEAN (root);
}

/* The example building of issue 2 (structure only) has nothing to wire. */
static void
test_clean_structure_only (void)
{
  g_autoptr (TwinEntity) root = twin_entity_type_instantiate (twin_entity_type_lookup ("building"), "Office");
  TwinEntity *floor;

  floor = add_block (root, "floor", "Floor 1");
  add_block (floor, "room", "Room 101");
  add_block (floor, "asset", "Boiler");
  ASSERT_CLEAN (root);
}

/* --- unconnected ports ------------------------------------------------------ */

static void
test_unconnected (void)
{
  TwinEntity *battery;
  TwinEntity *resistor;
  g_autoptr (TwinEntity) root = make_circuit ("Circuit", &battery, &resistor, NULL);
  TwinEntity  *r2 = add_block (root, "resistor", "R2");
  const Expect expected[] = {
    { TWIN_ISSUE_UNCONNECTED_PORT, "Circuit/R2", "“n”" },
  };

  /* R2 hangs from R1's p by one leg. */
  wire (root, r2, "p", resistor, "p");
  assert_issues (root, expected, G_N_ELEMENTS (expected));
}

static void
test_unconnected_all_required (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Bench");
  const Expect expected[] = {
    { TWIN_ISSUE_UNCONNECTED_PORT, "Bench/Gain", "“in”" },
    { TWIN_ISSUE_UNCONNECTED_PORT, "Bench/PID", "“setpoint”" },
    { TWIN_ISSUE_UNCONNECTED_PORT, "Bench/PID", "“measurement”" },
  };

  /* Optional ports (outputs, the room's heat port, the heater's) are never
   * reported; a lone block has no network to judge. */
  add_block (root, "gain", "Gain");
  add_block (root, "room", "Room");
  add_block (root, "heater", "Heater");
  add_block (root, "pid", "PID");
  assert_issues (root, expected, G_N_ELEMENTS (expected));
}

/* An inner port counts as connected when its boundary port is connected
 * one level up, and only then. */
static void
test_unconnected_through_boundary (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Office");
  TwinEntity  *heating = add_block (root, "subsystem", "Heating");
  TwinEntity  *pump = add_block (heating, "pump", "Pump");
  TwinEntity  *pipe = add_block (heating, "pipe", "Pipe");
  TwinEntity  *tank = add_block (root, "tank", "Tank");
  const Expect expected[] = {
    { TWIN_ISSUE_UNCONNECTED_PORT, "Office/Heating/Pump", "“in”" },
  };

  wire (heating, pump, "out", pipe, "a");
  twin_entity_add_boundary_port (heating, "supply", pipe, "b");
  /* Exposed, but the boundary port is left unconnected above. */
  twin_entity_add_boundary_port (heating, "return", pump, "in");
  wire (root, heating, "supply", tank, "a");
  assert_issues (root, expected, G_N_ELEMENTS (expected));
}

/* --- domains and directions -------------------------------------------------- */

static void
test_domain_mismatch (void)
{
  TwinEntity *resistor;
  g_autoptr (TwinEntity) root = make_circuit ("Circuit", NULL, &resistor, NULL);
  TwinEntity  *room = add_block (root, "room", "Room");
  const Expect expected[] = {
    { TWIN_ISSUE_DOMAIN_MISMATCH, "Circuit/R1", "“Room”.heat" },
  };

  /* The model refuses this; a file may carry it. It joins no network. */
  wire (root, resistor, "p", room, "heat");
  assert_issues (root, expected, G_N_ELEMENTS (expected));
}

static void
test_two_outputs (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Signals");
  TwinEntity  *a = add_block (root, "step", "Step");
  TwinEntity  *b = add_block (root, "constant", "Constant");
  const Expect expected[] = {
    { TWIN_ISSUE_DOMAIN_MISMATCH, "Signals/Step", "outputs" },
  };

  wire (root, a, "out", b, "out");
  assert_issues (root, expected, G_N_ELEMENTS (expected));
}

static void
test_two_inputs (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Signals");
  TwinEntity  *gain = add_block (root, "gain", "Gain");
  TwinEntity  *limiter = add_block (root, "limiter", "Limiter");
  const Expect expected[] = {
    { TWIN_ISSUE_DOMAIN_MISMATCH, "Signals/Limiter", "inputs" },
  };

  /* Both inputs count as connected: the wire is reported, not twice more. */
  wire (root, limiter, "in", gain, "in");
  assert_issues (root, expected, G_N_ELEMENTS (expected));
}

/* A signal port to a physical one is a domain mismatch too. */
static void
test_signal_to_physical (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "House");
  TwinEntity  *room = add_block (root, "room", "Room");
  TwinEntity  *step = add_block (root, "step", "Step");
  const Expect expected[] = {
    { TWIN_ISSUE_DOMAIN_MISMATCH, "House/Room", "“Step”.out" },
  };

  wire (root, room, "heat", step, "out");
  assert_issues (root, expected, G_N_ELEMENTS (expected));
}

/* --- two sources ---------------------------------------------------------- */

static void
test_two_sources (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Signals");
  TwinEntity  *step = add_block (root, "step", "Step");
  TwinEntity  *sine = add_block (root, "sine", "Sine");
  TwinEntity  *gain = add_block (root, "gain", "Gain");
  const Expect expected[] = {
    { TWIN_ISSUE_TWO_SOURCES, "Signals/Gain", "“Sine”.out" },
  };

  wire (root, step, "out", gain, "in");
  wire (root, sine, "out", gain, "in");
  assert_issues (root, expected, G_N_ELEMENTS (expected));
}

/* One source inside the subsystem, one outside through its boundary port. */
static void
test_two_sources_through_boundary (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Plant");
  TwinEntity  *control = add_block (root, "subsystem", "Control");
  TwinEntity  *bias = add_block (control, "constant", "Bias");
  TwinEntity  *gain = add_block (control, "gain", "Gain");
  TwinEntity  *step = add_block (root, "step", "Step");
  const Expect expected[] = {
    { TWIN_ISSUE_TWO_SOURCES, "Plant/Control/Gain", "“Step”.out" },
  };

  wire (control, bias, "out", gain, "in");
  twin_entity_add_boundary_port (control, "in", gain, "in");
  wire (root, step, "out", control, "in");
  assert_issues (root, expected, G_N_ELEMENTS (expected));
}

/* --- algebraic loops ------------------------------------------------------- */

static void
test_algebraic_loop (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Loop");
  TwinEntity *step = add_block (root, "step", "Step");
  TwinEntity *sum = add_block (root, "sum", "Sum");
  TwinEntity *gain = add_block (root, "gain", "Gain");
  g_autoptr (TwinModel) model = NULL;
  g_autoptr (GListModel) issues = NULL;
  g_autoptr (TwinIssue) issue = NULL;
  const Expect expected[] = {
    { TWIN_ISSUE_ALGEBRAIC_LOOP, "Loop/Sum", "“Gain”" },
  };

  wire (root, step, "out", sum, "in1");
  wire (root, sum, "out", gain, "in");
  wire (root, gain, "out", sum, "in2");
  model = twin_model_new (root);
  assert_model_issues (model, expected, G_N_ELEMENTS (expected));

  /* It names the loop's blocks and nothing else. */
  issues = twin_validate_model (model);
  issue = g_list_model_get_item (issues, 0);
  g_assert_nonnull (strstr (twin_issue_get_message (issue), "“Sum”"));
  g_assert_null (strstr (twin_issue_get_message (issue), "Step"));
}

/* The loop closes through a subsystem's boundary ports. */
static void
test_algebraic_loop_through_subsystem (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Plant");
  TwinEntity  *step = add_block (root, "step", "Step");
  TwinEntity  *sum = add_block (root, "sum", "Sum");
  TwinEntity  *control = add_block (root, "subsystem", "Control");
  TwinEntity  *gain = add_block (control, "gain", "Gain");
  TwinEntity  *limiter = add_block (control, "limiter", "Limiter");
  const Expect expected[] = {
    { TWIN_ISSUE_ALGEBRAIC_LOOP, "Plant/Sum", "“Limiter”" },
  };

  wire (control, gain, "out", limiter, "in");
  twin_entity_add_boundary_port (control, "in", gain, "in");
  twin_entity_add_boundary_port (control, "out", limiter, "out");
  wire (root, step, "out", sum, "in1");
  wire (root, sum, "out", control, "in");
  wire (root, control, "out", sum, "in2");
  assert_issues (root, expected, G_N_ELEMENTS (expected));
}

/* Two separate loops are two issues; a loop with a chord is one; a stateful
 * block beside the loop does not hide it. */
static void
test_algebraic_loops_counted (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Loops");
  TwinEntity  *a1 = add_block (root, "sum", "A1");
  TwinEntity  *a2 = add_block (root, "gain", "A2");
  TwinEntity  *b1 = add_block (root, "sum", "B1");
  TwinEntity  *b2 = add_block (root, "sum", "B2");
  TwinEntity  *b3 = add_block (root, "table", "B3");
  TwinEntity  *h = add_block (root, "hysteresis", "H");
  TwinEntity  *c = add_block (root, "constant", "C");
  const Expect expected[] = {
    { TWIN_ISSUE_ALGEBRAIC_LOOP, "Loops/A1", "“A2”" },
    { TWIN_ISSUE_ALGEBRAIC_LOOP, "Loops/B1", "“B3”" },
  };

  /* A1 ⇄ A2, and A2 also feeds H, which feeds A1 again. */
  wire (root, a1, "out", a2, "in");
  wire (root, a2, "out", a1, "in1");
  wire (root, a2, "out", h, "in");
  wire (root, h, "out", a1, "in2");
  /* B1 → B2 → B3 → B1, with the chord B1 → B2.in2… and B2 → B1. */
  wire (root, b1, "out", b2, "in1");
  wire (root, b2, "out", b3, "in");
  wire (root, b3, "out", b1, "in1");
  wire (root, b2, "out", b1, "in2");
  wire (root, c, "out", b2, "in2");
  assert_issues (root, expected, G_N_ELEMENTS (expected));
}

/* Thousands of blocks in one ring: found once, without deep recursion. */
static void
test_algebraic_loop_long (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Ring");
  const guint             n = 5000;
  g_autofree TwinEntity **gains = g_new (TwinEntity *, n);
  const Expect            expected[] = {
               { TWIN_ISSUE_ALGEBRAIC_LOOP, "Ring/G0", "…" },
  };

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("G%u", i);

      gains[i] = add_block (root, "gain", name);
    }
  for (guint i = 0; i < n; i++)
    wire (root, gains[i], "out", gains[(i + 1) % n], "in");
  assert_issues (root, expected, G_N_ELEMENTS (expected));
}

/* --- parameters ------------------------------------------------------------- */

/* A circuit whose resistor is built by hand with @parameter (or none). */
static TwinEntity *
make_circuit_with_resistance (TwinParameter *parameter)
{
  TwinEntity *root = twin_entity_new (NULL, "system", "Circuit");
  TwinEntity *battery = add_block (root, "battery", "Battery");
  TwinEntity *resistor = add_bare (root, "resistor", "R1");
  TwinEntity *ground = add_block (root, "ground", "Ground");

  if (parameter != NULL)
    twin_entity_add_parameter (resistor, parameter);
  wire (root, battery, "p", resistor, "p");
  wire (root, resistor, "n", battery, "n");
  wire (root, battery, "n", ground, "p");
  return root;
}

static void
test_parameter_missing (void)
{
  g_autoptr (TwinEntity) root = make_circuit_with_resistance (NULL);
  const Expect expected[] = {
    { TWIN_ISSUE_MISSING_PARAMETER, "Circuit/R1", "“resistance”" },
  };

  assert_issues (root, expected, G_N_ELEMENTS (expected));
}

static void
test_parameter_wrong_kind (void)
{
  g_autoptr (TwinParameter) parameter = twin_parameter_new_string ("resistance", "100");
  g_autoptr (TwinEntity) root = make_circuit_with_resistance (parameter);
  const Expect expected[] = {
    { TWIN_ISSUE_MISSING_PARAMETER, "Circuit/R1", "a number" },
  };

  assert_issues (root, expected, G_N_ELEMENTS (expected));
}

/* A room built by hand: every parameter at its type's default, but for
 * @override, which takes the place of the one with its name. Parameters'
 * own ranges are wide open: files are judged by the type's range, not the
 * one stored with the parameter. */
static TwinEntity *
add_room_with (TwinEntity    *parent,
               const char    *name,
               TwinParameter *override)
{
  const TwinEntityType *type = twin_entity_type_lookup ("room");
  TwinEntity           *room = add_bare (parent, "room", name);

  for (guint i = 0; i < type->n_parameters; i++)
    {
      const TwinParameterSpec *spec = &type->parameters[i];
      g_autoptr (TwinParameter) parameter = NULL;

      if (g_str_equal (spec->name, twin_parameter_get_name (override)))
        parameter = g_object_ref (override);
      else if (spec->kind == TWIN_VALUE_INTEGER)
        parameter = twin_parameter_new_integer (spec->name, (gint64) spec->value, spec->unit, -INFINITY, INFINITY);
      else
        parameter = twin_parameter_new_number (spec->name, spec->value, spec->unit, -INFINITY, INFINITY);
      twin_entity_add_parameter (room, parameter);
    }
  return room;
}

/* A whole number where a number is expected is fine; a number where a
 * whole number is expected is not. */
static void
test_parameter_integer_for_number (void)
{
  g_autoptr (TwinParameter) whole = twin_parameter_new_integer ("resistance", 100, "Ω", -INFINITY, INFINITY);
  g_autoptr (TwinEntity) root = make_circuit_with_resistance (whole);
  g_autoptr (TwinParameter) negative = twin_parameter_new_integer ("resistance", -2, "kΩ", -INFINITY, INFINITY);
  g_autoptr (TwinEntity) negative_root = make_circuit_with_resistance (negative);
  g_autoptr (TwinParameter) fraction = twin_parameter_new_number ("occupancy", 2.5, NULL, -INFINITY, INFINITY);
  g_autoptr (TwinEntity) house = twin_entity_new (NULL, "system", "House");
  const Expect expected_negative[] = {
    { TWIN_ISSUE_PARAMETER_OUT_OF_RANGE, "Circuit/R1", "-2 kΩ" },
  };
  const Expect expected_fraction[] = {
    { TWIN_ISSUE_MISSING_PARAMETER, "House/Room", "a whole number" },
  };

  ASSERT_CLEAN (root);
  assert_issues (negative_root, expected_negative, G_N_ELEMENTS (expected_negative));
  add_room_with (house, "Room", fraction);
  assert_issues (house, expected_fraction, G_N_ELEMENTS (expected_fraction));
}

static void
test_parameter_wrong_unit (void)
{
  const struct
  {
    const char *unit;
    const char *needle;
  } cases[] = {
    { "m", "“m”" },
    { "", "no unit" },
    { "furlong", "furlong" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (TwinParameter) parameter = twin_parameter_new_number ("resistance", 100, cases[i].unit,
                                                                       -INFINITY, INFINITY);
      g_autoptr (TwinEntity) root = make_circuit_with_resistance (parameter);
      const Expect expected[] = {
        { TWIN_ISSUE_MISSING_PARAMETER, "Circuit/R1", cases[i].needle },
      };

      g_test_message ("unit “%s”", cases[i].unit);
      assert_issues (root, expected, G_N_ELEMENTS (expected));
    }
}

/* Values in another unit of the same quantity are converted before the
 * range is compared (the resistor's range is 0 … ∞ Ω). */
static void
test_parameter_range (void)
{
  const struct
  {
    double      value;
    const char *unit;
    gboolean    in_range;
  } cases[] = {
    { 100, "Ω", TRUE },
    { 0.1, "kΩ", TRUE },
    { 0, "Ω", TRUE },
    { -5, "Ω", FALSE },
    { -0.001, "kΩ", FALSE },
    { -1e-9, "MΩ", FALSE },
    { NAN, "Ω", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (TwinParameter) parameter = twin_parameter_new_number ("resistance", cases[i].value, cases[i].unit,
                                                                       -INFINITY, INFINITY);
      g_autoptr (TwinEntity) root = make_circuit_with_resistance (parameter);
      const Expect expected[] = {
        { TWIN_ISSUE_PARAMETER_OUT_OF_RANGE, "Circuit/R1", "“resistance”" },
      };

      g_test_message ("%g %s", cases[i].value, cases[i].unit);
      assert_issues (root, expected, cases[i].in_range ? 0 : 1);
    }
}

/* A temperature scale with an offset (the room's setpoint is 5 … 35 °C),
 * and an integer parameter (its occupancy is 0 … 10000). */
static void
test_parameter_range_temperature (void)
{
  const struct
  {
    const char *name;
    double      value;
    const char *unit; /* NULL for an integer */
    gboolean    in_range;
  } cases[] = {
    { "setpoint", 21, "°C", TRUE },
    { "setpoint", 300, "K", TRUE },  /* 26.85 °C */
    { "setpoint", 70, "°F", TRUE },  /* 21.1 °C */
    { "setpoint", 275, "K", FALSE }, /* 1.85 °C */
    { "setpoint", 40, "°C", FALSE },
    { "setpoint", 100, "°F", FALSE }, /* 37.8 °C */
    { "occupancy", 0, NULL, TRUE },
    { "occupancy", 10000, NULL, TRUE },
    { "occupancy", -1, NULL, FALSE },
    { "occupancy", 10001, NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "House");
      g_autoptr (TwinParameter) parameter = NULL;
      g_autofree char *needle = g_strdup_printf ("“%s”", cases[i].name);
      const Expect     expected[] = {
            { TWIN_ISSUE_PARAMETER_OUT_OF_RANGE, "House/Room", needle },
      };

      if (cases[i].unit != NULL)
        parameter = twin_parameter_new_number (cases[i].name, cases[i].value, cases[i].unit, -INFINITY, INFINITY);
      else
        parameter = twin_parameter_new_integer (cases[i].name, (gint64) cases[i].value, NULL, -INFINITY, INFINITY);
      add_room_with (root, "Room", parameter);
      g_test_message ("%s = %g %s", cases[i].name, cases[i].value, cases[i].unit != NULL ? cases[i].unit : "");
      assert_issues (root, expected, cases[i].in_range ? 0 : 1);
    }
}

/* --- networks without a reference ------------------------------------------- */

static void
test_no_ground (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Circuit");
  TwinEntity  *battery = add_block (root, "battery", "Battery");
  TwinEntity  *resistor = add_block (root, "resistor", "Resistor R1");
  const Expect expected[] = {
    { TWIN_ISSUE_NO_REFERENCE, "Circuit/Battery", "ground" },
  };

  wire (root, battery, "p", resistor, "p");
  wire (root, resistor, "n", battery, "n");
  assert_issues (root, expected, G_N_ELEMENTS (expected));
}

/* Two circuits: only the one without ground is reported, once. */
static void
test_no_ground_one_of_two (void)
{
  g_autoptr (TwinEntity) root = make_circuit ("Circuits", NULL, NULL, NULL);
  TwinEntity  *battery = add_block (root, "battery", "Battery 2");
  TwinEntity  *r2 = add_block (root, "resistor", "R2");
  TwinEntity  *r3 = add_block (root, "resistor", "R3");
  const Expect expected[] = {
    { TWIN_ISSUE_NO_REFERENCE, "Circuits/Battery 2", "“Battery 2”, “R2”, “R3” has" },
  };

  wire (root, battery, "p", r2, "p");
  wire (root, r2, "n", r3, "p");
  wire (root, r3, "n", battery, "n");
  assert_issues (root, expected, G_N_ELEMENTS (expected));
}

static void
test_no_reference_domains (void)
{
  /* Thermal: a heat source into a wall into a heater, nothing at a fixed temperature. */
  {
    g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "House");
    TwinEntity  *source = add_block (root, "heat_source", "Source");
    TwinEntity  *wall = add_block (root, "thermal_conductance", "Wall");
    TwinEntity  *heater = add_block (root, "heater", "Heater");
    const Expect expected[] = {
      { TWIN_ISSUE_NO_REFERENCE, "House/Source", "thermal" },
    };

    wire (root, source, "heat", wall, "a");
    wire (root, wall, "b", heater, "heat");
    assert_issues (root, expected, G_N_ELEMENTS (expected));
  }
  /* Hydraulic: a pump and a pipe in a ring, without a tank or reservoir. */
  {
    g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Water");
    TwinEntity  *pump = add_block (root, "pump", "Pump");
    TwinEntity  *pipe = add_block (root, "pipe", "Pipe");
    const Expect expected[] = {
      { TWIN_ISSUE_NO_REFERENCE, "Water/Pump", "hydraulic" },
    };

    wire (root, pump, "out", pipe, "a");
    wire (root, pipe, "b", pump, "in");
    assert_issues (root, expected, G_N_ELEMENTS (expected));
  }
  /* The same ring with a reservoir is fine. */
  {
    g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Water");
    TwinEntity *pump = add_block (root, "pump", "Pump");
    TwinEntity *pipe = add_block (root, "pipe", "Pipe");
    TwinEntity *reservoir = add_block (root, "reservoir", "Reservoir");

    wire (root, pump, "out", pipe, "a");
    wire (root, pipe, "b", pump, "in");
    wire (root, reservoir, "a", pump, "in");
    ASSERT_CLEAN (root);
  }
  /* Rotational: a spring between a torque source and a damper. */
  {
    g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Shaft");
    TwinEntity  *torque = add_block (root, "torque_source", "Torque");
    TwinEntity  *spring = add_block (root, "spring", "Spring");
    TwinEntity  *damper = add_block (root, "damper", "Damper");
    TwinEntity  *fixed = add_block (root, "damper", "Damper 2");
    const Expect expected[] = {
      { TWIN_ISSUE_NO_REFERENCE, "Shaft/Torque", "rotational" },
    };

    wire (root, torque, "a", spring, "a");
    wire (root, spring, "b", damper, "a");
    wire (root, damper, "b", fixed, "a");
    wire (root, fixed, "b", torque, "a");
    assert_issues (root, expected, G_N_ELEMENTS (expected));
  }
}

/* The ground sits inside a subsystem, reached through a boundary port. */
static void
test_reference_through_subsystem (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Circuit");
  TwinEntity *battery = add_block (root, "battery", "Battery");
  TwinEntity *resistor = add_block (root, "resistor", "R1");
  TwinEntity *earth = add_block (root, "subsystem", "Earthing");
  TwinEntity *ground = add_block (earth, "ground", "Ground");

  twin_entity_add_boundary_port (earth, "pe", ground, "p");
  wire (root, battery, "p", resistor, "p");
  wire (root, resistor, "n", battery, "n");
  wire (root, earth, "pe", battery, "n");
  ASSERT_CLEAN (root);
}

/* --- dangling references ----------------------------------------------------- */

static void
test_dangling_connection (void)
{
  TwinEntity *battery;
  TwinEntity *resistor;
  g_autoptr (TwinEntity) root = make_circuit ("Circuit", &battery, &resistor, NULL);
  const Expect expected[] = {
    { TWIN_ISSUE_DANGLING, "Circuit/R1", "“q”" },
  };

  wire (root, resistor, "q", battery, "p");
  assert_issues (root, expected, G_N_ELEMENTS (expected));
}

static void
test_dangling_boundary_port (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Plant");
  TwinEntity *inner = NULL;
  g_autoptr (TwinEntity) circuit = make_circuit ("Circuit", NULL, &inner, NULL);
  const Expect expected[] = {
    { TWIN_ISSUE_DANGLING, "Plant/Circuit", "“x”" },
  };

  twin_entity_append_child (root, circuit);
  twin_entity_add_boundary_port (circuit, "tap", inner, "x");
  assert_issues (root, expected, G_N_ELEMENTS (expected));
}

/* A connection to a dangling boundary port is not reported again, but the
 * port it joins counts as unconnected. */
static void
test_dangling_boundary_port_used (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Plant");
  TwinEntity  *box = add_block (root, "subsystem", "Box");
  TwinEntity  *gain = add_block (box, "gain", "Gain");
  TwinEntity  *step = add_block (root, "step", "Step");
  const Expect expected[] = {
    { TWIN_ISSUE_DANGLING, "Plant/Box", "“input”" },
    { TWIN_ISSUE_UNCONNECTED_PORT, "Plant/Box/Gain", "“in”" },
  };

  twin_entity_add_boundary_port (box, "in", gain, "input");
  wire (root, step, "out", box, "in");
  assert_issues (root, expected, G_N_ELEMENTS (expected));
}

/* --- types this build does not know ------------------------------------------ */

static void
test_unknown_type (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Circuit");
  TwinEntity *battery = add_block (root, "battery", "Battery");
  TwinEntity *resistor = add_block (root, "resistor", "R1");
  TwinEntity *future = add_bare (root, "flux_capacitor", "Flux");
  g_autoptr (TwinParameter) odd = twin_parameter_new_string ("resistance", "plenty");

  /* No parameter checks, no required ports; the network through it cannot
   * be judged, so no missing ground is reported. */
  twin_entity_add_parameter (future, odd);
  wire (root, battery, "p", resistor, "p");
  wire (root, resistor, "n", future, "x");
  wire (root, future, "y", battery, "n");
  ASSERT_CLEAN (root);
}

/* --- order and the issue object ---------------------------------------------- */

static TwinEntity *
make_messy (void)
{
  TwinEntity *root = twin_entity_new (NULL, "system", "Messy");
  TwinEntity *heating = add_block (root, "subsystem", "Heating");
  TwinEntity *pump = add_bare (heating, "pump", "Pump");
  TwinEntity *gain = add_block (root, "gain", "Gain");
  TwinEntity *sum = add_block (root, "sum", "Sum");
  TwinEntity *battery = add_block (root, "battery", "Battery");
  TwinEntity *resistor = add_block (root, "resistor", "R1");

  (void) pump;
  wire (root, sum, "out", gain, "in");
  wire (root, gain, "out", sum, "in1");
  wire (root, battery, "p", resistor, "p");
  wire (root, resistor, "n", battery, "n");
  return root;
}

static void
test_order (void)
{
  g_autoptr (TwinEntity) root = make_messy ();
  g_autoptr (TwinModel) model = twin_model_new (root);
  const Expect expected[] = {
    /* Tree order of the entities, then the kinds' order, then the order found. */
    { TWIN_ISSUE_UNCONNECTED_PORT, "Messy/Heating/Pump", "“in”" },
    { TWIN_ISSUE_UNCONNECTED_PORT, "Messy/Heating/Pump", "“out”" },
    { TWIN_ISSUE_MISSING_PARAMETER, "Messy/Heating/Pump", "“nominal_flow”" },
    { TWIN_ISSUE_MISSING_PARAMETER, "Messy/Heating/Pump", "“nominal_head”" },
    { TWIN_ISSUE_MISSING_PARAMETER, "Messy/Heating/Pump", "“speed”" },
    { TWIN_ISSUE_MISSING_PARAMETER, "Messy/Heating/Pump", "“efficiency”" },
    { TWIN_ISSUE_ALGEBRAIC_LOOP, "Messy/Gain", "“Sum”" },
    { TWIN_ISSUE_UNCONNECTED_PORT, "Messy/Sum", "“in2”" },
    { TWIN_ISSUE_NO_REFERENCE, "Messy/Battery", "ground" },
  };
  g_autoptr (GListModel) first = NULL;
  g_autoptr (GListModel) second = NULL;

  assert_model_issues (model, expected, G_N_ELEMENTS (expected));

  /* The same model gives the same list, message for message. */
  first = twin_validate_model (model);
  second = twin_validate_model (model);
  g_assert_cmpuint (g_list_model_get_n_items (first), ==, g_list_model_get_n_items (second));
  for (guint i = 0; i < g_list_model_get_n_items (first); i++)
    {
      g_autoptr (TwinIssue) a = g_list_model_get_item (first, i);
      g_autoptr (TwinIssue) b = g_list_model_get_item (second, i);

      g_assert_true (a != b);
      g_assert_cmpstr (twin_issue_get_message (a), ==, twin_issue_get_message (b));
    }
}

static void
test_issue_object (void)
{
  g_autoptr (TwinEntity) root = make_messy ();
  g_autoptr (TwinModel) model = twin_model_new (root);
  g_autoptr (GListModel) issues = twin_validate_model (model);
  TwinIssue    *issue = g_list_model_get_item (issues, 0);
  TwinIssueKind kind;
  g_autoptr (TwinEntity) entity = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;

  g_assert_true (g_list_model_get_item_type (issues) == TWIN_TYPE_ISSUE);
  g_object_get (issue, "kind", &kind, "entity", &entity, "path", &path, "message", &message, NULL);
  g_assert_cmpint (kind, ==, twin_issue_get_kind (issue));
  g_assert_true (entity == twin_issue_get_entity (issue));
  g_assert_cmpstr (path, ==, "Messy/Heating/Pump");
  g_assert_cmpstr (message, ==, twin_issue_get_message (issue));

  /* Stable names for scripts. */
  g_assert_cmpstr (twin_issue_kind_to_string (TWIN_ISSUE_UNCONNECTED_PORT), ==, "unconnected-port");
  g_assert_cmpstr (twin_issue_kind_to_string (TWIN_ISSUE_DOMAIN_MISMATCH), ==, "domain-mismatch");
  g_assert_cmpstr (twin_issue_kind_to_string (TWIN_ISSUE_TWO_SOURCES), ==, "two-sources");
  g_assert_cmpstr (twin_issue_kind_to_string (TWIN_ISSUE_ALGEBRAIC_LOOP), ==, "algebraic-loop");
  g_assert_cmpstr (twin_issue_kind_to_string (TWIN_ISSUE_MISSING_PARAMETER), ==, "missing-parameter");
  g_assert_cmpstr (twin_issue_kind_to_string (TWIN_ISSUE_PARAMETER_OUT_OF_RANGE), ==, "parameter-out-of-range");
  g_assert_cmpstr (twin_issue_kind_to_string (TWIN_ISSUE_NO_REFERENCE), ==, "no-reference");
  g_assert_cmpstr (twin_issue_kind_to_string (TWIN_ISSUE_DANGLING), ==, "dangling");

  g_clear_object (&entity);
  g_clear_object (&issues);
  g_assert_finalize_object (issue);
}

/* Validation follows the model's edits (and changes nothing itself). */
static void
test_after_edits (void)
{
  g_autoptr (TwinModel) model = twin_model_new (NULL);
  g_autoptr (GError) error = NULL;
  TwinEntity      *root = twin_model_get_root (model);
  TwinEntity      *battery;
  TwinEntity      *resistor;
  TwinEntity      *ground;
  TwinConnection  *connection;
  g_autofree char *root_name = g_strdup (twin_entity_get_name (root));
  g_autofree char *battery_path = NULL;
  g_autofree char *resistor_path = NULL;

  battery = twin_model_create_entity (model, root, "battery", "Battery", -1, &error);
  g_assert_no_error (error);
  resistor = twin_model_create_entity (model, root, "resistor", "R1", -1, &error);
  g_assert_no_error (error);
  battery_path = twin_entity_dup_path (battery);
  resistor_path = twin_entity_dup_path (resistor);
  {
    const Expect expected[] = {
      { TWIN_ISSUE_UNCONNECTED_PORT, battery_path, "“p”" },
      { TWIN_ISSUE_UNCONNECTED_PORT, battery_path, "“n”" },
      { TWIN_ISSUE_UNCONNECTED_PORT, resistor_path, "“p”" },
      { TWIN_ISSUE_UNCONNECTED_PORT, resistor_path, "“n”" },
    };

    assert_model_issues (model, expected, G_N_ELEMENTS (expected));
  }

  g_assert_nonnull (twin_model_connect (model, battery, "p", resistor, "p", &error));
  g_assert_no_error (error);
  connection = twin_model_connect (model, resistor, "n", battery, "n", &error);
  g_assert_no_error (error);
  g_assert_nonnull (connection);
  {
    const Expect expected[] = {
      { TWIN_ISSUE_NO_REFERENCE, battery_path, "ground" },
    };

    assert_model_issues (model, expected, G_N_ELEMENTS (expected));
  }

  ground = twin_model_create_entity (model, root, "ground", "Ground", -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (twin_model_connect (model, ground, "p", battery, "n", &error));
  g_assert_no_error (error);
  assert_model_issues (model, NULL, 0);

  g_assert_true (twin_model_set_parameter (model, resistor, "resistance", g_variant_new_double (220), &error));
  g_assert_no_error (error);
  assert_model_issues (model, NULL, 0);

  /* Undo the new value and the ground's wire: the network has no reference
   * again, and the ground hangs loose. */
  g_assert_true (twin_model_undo (model, &error));
  g_assert_true (twin_model_undo (model, &error));
  g_assert_no_error (error);
  {
    g_autofree char *ground_path = twin_entity_dup_path (ground);
    const Expect     expected[] = {
          { TWIN_ISSUE_NO_REFERENCE, battery_path, "ground" },
          { TWIN_ISSUE_UNCONNECTED_PORT, ground_path, "“p”" },
    };

    assert_model_issues (model, expected, G_N_ELEMENTS (expected));
  }
  g_assert_cmpstr (twin_entity_get_name (root), ==, root_name);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/validator/clean/circuit", test_clean_circuit);
  g_test_add_func ("/core/validator/clean/thermal", test_clean_thermal);
  g_test_add_func ("/core/validator/clean/pid-loop", test_clean_pid_loop);
  g_test_add_func ("/core/validator/clean/stateful-signal-loop", test_clean_stateful_signal_loop);
  g_test_add_func ("/core/validator/clean/through-subsystem", test_clean_through_subsystem);
  g_test_add_func ("/core/validator/clean/structure-only", test_clean_structure_only);
  g_test_add_func ("/core/validator/unconnected/one", test_unconnected);
  g_test_add_func ("/core/validator/unconnected/required-only", test_unconnected_all_required);
  g_test_add_func ("/core/validator/unconnected/through-boundary", test_unconnected_through_boundary);
  g_test_add_func ("/core/validator/domain/mismatch", test_domain_mismatch);
  g_test_add_func ("/core/validator/domain/two-outputs", test_two_outputs);
  g_test_add_func ("/core/validator/domain/two-inputs", test_two_inputs);
  g_test_add_func ("/core/validator/domain/signal-to-physical", test_signal_to_physical);
  g_test_add_func ("/core/validator/two-sources/plain", test_two_sources);
  g_test_add_func ("/core/validator/two-sources/through-boundary", test_two_sources_through_boundary);
  g_test_add_func ("/core/validator/loop/gain-sum", test_algebraic_loop);
  g_test_add_func ("/core/validator/loop/through-subsystem", test_algebraic_loop_through_subsystem);
  g_test_add_func ("/core/validator/loop/counted", test_algebraic_loops_counted);
  g_test_add_func ("/core/validator/loop/long", test_algebraic_loop_long);
  g_test_add_func ("/core/validator/parameter/missing", test_parameter_missing);
  g_test_add_func ("/core/validator/parameter/wrong-kind", test_parameter_wrong_kind);
  g_test_add_func ("/core/validator/parameter/integer-for-number", test_parameter_integer_for_number);
  g_test_add_func ("/core/validator/parameter/wrong-unit", test_parameter_wrong_unit);
  g_test_add_func ("/core/validator/parameter/range", test_parameter_range);
  g_test_add_func ("/core/validator/parameter/range-temperature", test_parameter_range_temperature);
  g_test_add_func ("/core/validator/reference/no-ground", test_no_ground);
  g_test_add_func ("/core/validator/reference/one-of-two", test_no_ground_one_of_two);
  g_test_add_func ("/core/validator/reference/domains", test_no_reference_domains);
  g_test_add_func ("/core/validator/reference/through-subsystem", test_reference_through_subsystem);
  g_test_add_func ("/core/validator/dangling/connection", test_dangling_connection);
  g_test_add_func ("/core/validator/dangling/boundary-port", test_dangling_boundary_port);
  g_test_add_func ("/core/validator/dangling/boundary-port-used", test_dangling_boundary_port_used);
  g_test_add_func ("/core/validator/unknown-type", test_unknown_type);
  g_test_add_func ("/core/validator/order", test_order);
  g_test_add_func ("/core/validator/issue-object", test_issue_object);
  g_test_add_func ("/core/validator/after-edits", test_after_edits);

  return g_test_run ();
}
