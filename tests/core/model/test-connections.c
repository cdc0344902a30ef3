/* test-connections.c: tests of ports, boundary ports, connections, diagram positions, group and ungroup in the model.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every edit is checked against a full text dump of the model (entities,
 * parameters, positions, boundary ports and connections, in order), so an
 * undo that is off by one position or one object fails. Group and ungroup
 * are also checked against the connectivity flattened to pairs of leaf
 * ports, which is what a simulation sees.
 */

#include "config.h"

#include "twin-core.h"

#include <math.h>
#include <string.h>

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* A canonical text of a subtree. With @sort_connections, each diagram's
 * connections are listed sorted instead of in drawing order. */
static void
dump_entity (GString    *out,
             TwinEntity *entity,
             guint       depth,
             gboolean    sort_connections)
{
  const TwinTransform *t = twin_entity_get_transform (entity);
  GListModel          *parameters = twin_entity_get_parameters (entity);
  GListModel          *connections = twin_entity_get_connections (entity);
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  double x;
  double y;

  g_string_append_printf (out, "%*s%s %s [%s] t=%g,%g,%g r=%g,%g,%g s=%g,%g,%g", depth * 2, "",
                          twin_entity_get_id (entity), twin_entity_get_name (entity),
                          twin_entity_get_type_name (entity), t->position_m[0], t->position_m[1],
                          t->position_m[2], t->rotation_deg[0], t->rotation_deg[1], t->rotation_deg[2],
                          t->scale[0], t->scale[1], t->scale[2]);
  if (twin_entity_get_diagram_position (entity, &x, &y))
    g_string_append_printf (out, " at %.17g,%.17g\n", x, y);
  else
    g_string_append (out, " at -\n");
  for (guint i = 0; i < g_list_model_get_n_items (parameters); i++)
    {
      g_autoptr (TwinParameter) p = g_list_model_get_item (parameters, i);
      g_autofree char *value = twin_parameter_dup_value_text (p);

      g_string_append_printf (out, "%*s  - %s = %s %s\n", depth * 2, "", twin_parameter_get_name (p), value,
                              twin_parameter_get_unit (p));
    }
  for (guint i = 0; i < twin_entity_get_n_ports (entity); i++)
    {
      TwinPortInfo info;

      g_assert_true (twin_entity_get_port (entity, i, &info));
      if (info.inner != NULL)
        g_string_append_printf (out, "%*s  > %s = %s.%s (%d %d %d)\n", depth * 2, "", info.name,
                                twin_entity_get_id (info.inner), info.inner_port, info.domain, info.direction,
                                info.optional);
    }
  for (guint i = 0; i < twin_entity_get_n_children (entity); i++)
    dump_entity (out, twin_entity_get_child (entity, i), depth + 1, sort_connections);
  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr (TwinConnection) c = g_list_model_get_item (connections, i);

      g_ptr_array_add (lines, g_strdup_printf ("%*s  ~ %s %s.%s -> %s.%s\n", depth * 2, "", twin_connection_get_id (c),
                                               twin_entity_get_id (twin_connection_get_from (c)),
                                               twin_connection_get_from_port (c),
                                               twin_entity_get_id (twin_connection_get_to (c)),
                                               twin_connection_get_to_port (c)));
    }
  if (sort_connections)
    g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append (out, g_ptr_array_index (lines, i));
}

static char *
dump_model_full (TwinModel *model,
                 gboolean   sort_connections)
{
  GString *out = g_string_new (NULL);

  dump_entity (out, twin_model_get_root (model), 0, sort_connections);
  return g_string_free (out, FALSE);
}

static char *
dump_model (TwinModel *model)
{
  return dump_model_full (model, FALSE);
}

/* The leaf port that @port of @entity stands for, following boundary ports down. */
static void
resolve_leaf (TwinEntity  *entity,
              const char  *port,
              TwinEntity **leaf,
              const char **leaf_port)
{
  TwinPortInfo info;

  while (twin_entity_find_port (entity, port, &info) && info.inner != NULL)
    {
      entity = info.inner;
      port = info.inner_port;
    }
  *leaf = entity;
  *leaf_port = port;
}

static void
flatten_entity (TwinEntity *entity,
                GPtrArray  *pairs)
{
  GListModel *connections = twin_entity_get_connections (entity);

  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr (TwinConnection) c = g_list_model_get_item (connections, i);
      TwinEntity      *a, *b;
      const char      *pa, *pb;
      g_autofree char *end_a = NULL;
      g_autofree char *end_b = NULL;

      resolve_leaf (twin_connection_get_from (c), twin_connection_get_from_port (c), &a, &pa);
      resolve_leaf (twin_connection_get_to (c), twin_connection_get_to_port (c), &b, &pb);
      end_a = g_strdup_printf ("%s.%s", twin_entity_get_id (a), pa);
      end_b = g_strdup_printf ("%s.%s", twin_entity_get_id (b), pb);
      if (strcmp (end_a, end_b) < 0)
        g_ptr_array_add (pairs, g_strdup_printf ("%s -- %s", end_a, end_b));
      else
        g_ptr_array_add (pairs, g_strdup_printf ("%s -- %s", end_b, end_a));
    }
  for (guint i = 0; i < twin_entity_get_n_children (entity); i++)
    flatten_entity (twin_entity_get_child (entity, i), pairs);
}

/* The connectivity a simulation sees: every connection as a sorted pair of
 * (leaf entity, port), through boundary ports, one per line, sorted. */
static char *
flatten_connectivity (TwinModel *model)
{
  g_autoptr (GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  flatten_entity (twin_model_get_root (model), pairs);
  g_ptr_array_sort (pairs, compare_lines);
  for (guint i = 0; i < pairs->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (pairs, i));
  return g_string_free (out, FALSE);
}

/* What the cascades must keep true after every step: each connection joins
 * existing ports of two different children of its owner, of one domain,
 * output to input for signals; each boundary port exposes an existing port
 * of a child; each leaf signal input has at most one source. */
static void
check_invariants_entity (TwinEntity *entity,
                         GHashTable *inputs)
{
  GListModel *connections = twin_entity_get_connections (entity);

  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr (TwinConnection) c = g_list_model_get_item (connections, i);
      TwinEntity  *from = twin_connection_get_from (c);
      TwinEntity  *to = twin_connection_get_to (c);
      TwinPortInfo from_info, to_info;

      g_assert_true (twin_entity_get_parent (from) == entity);
      g_assert_true (twin_entity_get_parent (to) == entity);
      g_assert_true (from != to);
      g_assert_true (twin_entity_find_port (from, twin_connection_get_from_port (c), &from_info));
      g_assert_true (twin_entity_find_port (to, twin_connection_get_to_port (c), &to_info));
      g_assert_cmpint (from_info.domain, ==, to_info.domain);
      g_assert_cmpint (from_info.domain, !=, TWIN_DOMAIN_NONE);
      if (from_info.domain == TWIN_DOMAIN_SIGNAL)
        {
          TwinEntity *leaf;
          const char *leaf_port;
          char       *key;

          g_assert_cmpint (from_info.direction, ==, TWIN_PORT_OUTPUT);
          g_assert_cmpint (to_info.direction, ==, TWIN_PORT_INPUT);
          resolve_leaf (to, twin_connection_get_to_port (c), &leaf, &leaf_port);
          key = g_strdup_printf ("%s.%s", twin_entity_get_id (leaf), leaf_port);
          g_assert_false (g_hash_table_contains (inputs, key));
          g_hash_table_add (inputs, key);
        }
    }
  for (guint i = 0; i < twin_entity_get_n_ports (entity); i++)
    {
      TwinPortInfo info;

      g_assert_true (twin_entity_get_port (entity, i, &info));
      if (info.inner == NULL)
        continue;
      g_assert_true (twin_entity_get_parent (info.inner) == entity);
      g_assert_true (twin_entity_find_port (info.inner, info.inner_port, NULL));
      g_assert_cmpint (info.domain, !=, TWIN_DOMAIN_NONE);
    }
  for (guint i = 0; i < twin_entity_get_n_children (entity); i++)
    check_invariants_entity (twin_entity_get_child (entity, i), inputs);
}

static void
check_invariants (TwinModel *model)
{
  g_autoptr (GHashTable) inputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  check_invariants_entity (twin_model_get_root (model), inputs);
}

static TwinEntity *
add (TwinModel  *model,
     TwinEntity *parent,
     const char *type_name,
     const char *name)
{
  g_autoptr (GError) error = NULL;
  TwinEntity *entity = twin_model_create_entity (model, parent, type_name, name, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entity);
  return entity;
}

static TwinConnection *
wire (TwinModel  *model,
      TwinEntity *a,
      const char *port_a,
      TwinEntity *b,
      const char *port_b)
{
  g_autoptr (GError) error = NULL;
  TwinConnection *c = twin_model_connect (model, a, port_a, b, port_b, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

static void
place (TwinModel  *model,
       TwinEntity *entity,
       double      x,
       double      y)
{
  g_autoptr (GError) error = NULL;
  double xy[2] = { x, y };

  g_assert_true (twin_model_place_blocks (model, &entity, xy, 1, &error));
  g_assert_no_error (error);
}

static TwinEntity *
child (TwinModel  *model,
       const char *path)
{
  TwinEntity *entity = twin_model_lookup_path (model, path);

  g_assert_nonnull (entity);
  return entity;
}

/* Plant ▸ Battery, R1, R2, C1, Ground (a loop with ground), Heater, Room
 * (thermal, with the heater commanded), Sine, Gain, Sum (signals). Every block
 * has a position; the history is cleared. */
static TwinModel *
make_circuit (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Plant");
  TwinModel  *model = twin_model_new (root);
  TwinEntity *battery, *r1, *r2, *c1, *ground, *heater, *room, *sine, *gain, *sum;

  battery = add (model, root, "battery", "Battery");
  r1 = add (model, root, "resistor", "R1");
  r2 = add (model, root, "resistor", "R2");
  c1 = add (model, root, "capacitor", "C1");
  ground = add (model, root, "ground", "Ground");
  heater = add (model, root, "heater", "Heater");
  room = add (model, root, "room", "Room");
  sine = add (model, root, "sine", "Sine");
  gain = add (model, root, "gain", "Gain");
  sum = add (model, root, "sum", "Sum");

  wire (model, battery, "p", r1, "p");
  wire (model, r1, "n", r2, "p");
  wire (model, heater, "heat", room, "heat");
  wire (model, r2, "n", c1, "p");
  wire (model, c1, "n", battery, "n");
  wire (model, battery, "n", ground, "p");
  wire (model, sine, "out", gain, "in");
  wire (model, gain, "out", sum, "in1");
  wire (model, sine, "out", sum, "in2");
  wire (model, gain, "out", heater, "command");

  for (guint i = 0; i < twin_entity_get_n_children (root); i++)
    place (model, twin_entity_get_child (root, i), 20.0 * (i % 5) * 6, 20.0 * (i / 5) * 6);
  check_invariants (model);
  twin_history_clear (twin_model_get_history (model));
  return model;
}

static guint
n_undo (TwinModel *model)
{
  return twin_history_get_n_undo (twin_model_get_history (model));
}

static void
assert_undo_redo_exact (TwinModel  *model,
                        const char *before,
                        guint       n_steps)
{
  g_autofree char *after = dump_model (model);

  for (guint i = 0; i < n_steps; i++)
    g_assert_true (twin_model_undo (model, NULL));
  {
    g_autofree char *undone = dump_model (model);

    g_assert_cmpstr (undone, ==, before);
  }
  for (guint i = 0; i < n_steps; i++)
    g_assert_true (twin_model_redo (model, NULL));
  {
    g_autofree char *redone = dump_model (model);

    g_assert_cmpstr (redone, ==, after);
  }
}

static void
test_ports (void)
{
  g_autoptr (TwinModel) model = make_circuit ();
  TwinEntity  *r1 = child (model, "R1");
  TwinEntity  *sum = child (model, "Sum");
  TwinEntity  *heater = child (model, "Heater");
  TwinPortInfo info;

  g_assert_cmpuint (twin_entity_get_n_ports (r1), ==, 2);
  g_assert_cmpuint (twin_entity_get_n_boundary_ports (r1), ==, 0);
  g_assert_true (twin_entity_get_port (r1, 1, &info));
  g_assert_cmpstr (info.name, ==, "n");
  g_assert_cmpint (info.domain, ==, TWIN_DOMAIN_ELECTRICAL);
  g_assert_cmpint (info.direction, ==, TWIN_PORT_PHYSICAL);
  g_assert_null (info.inner);
  g_assert_false (twin_entity_get_port (r1, 2, &info));

  g_assert_true (twin_entity_find_port (sum, "in2", &info));
  g_assert_cmpint (info.domain, ==, TWIN_DOMAIN_SIGNAL);
  g_assert_cmpint (info.direction, ==, TWIN_PORT_INPUT);
  g_assert_true (twin_entity_find_port (heater, "heat", &info));
  g_assert_cmpint (info.domain, ==, TWIN_DOMAIN_THERMAL);
  g_assert_false (twin_entity_find_port (heater, "p", NULL));
  g_assert_false (twin_entity_find_port (heater, NULL, NULL));

  /* A type this build does not know has no ports of its own. */
  {
    TwinEntity *unknown = add (model, twin_model_get_root (model), "future_widget", "Widget");

    g_assert_cmpuint (twin_entity_get_n_ports (unknown), ==, 0);
  }
  g_assert_cmpuint (twin_entity_get_n_connections (twin_model_get_root (model)), ==, 10);
}

static void
assert_refused (TwinModel  *model,
                TwinEntity *a,
                const char *port_a,
                TwinEntity *b,
                const char *port_b,
                int         code,
                const char *needle)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) connect_error = NULL;
  g_autofree char *before = dump_model (model);
  guint            steps = n_undo (model);

  g_assert_false (twin_model_check_connection (model, a, port_a, b, port_b, &error));
  g_assert_error (error, TWIN_MODEL_ERROR, code);
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("“%s” is not in “%s”", needle, error->message);
  g_assert_null (twin_model_connect (model, a, port_a, b, port_b, &connect_error));
  g_assert_error (connect_error, TWIN_MODEL_ERROR, code);
  g_assert_cmpstr (error->message, ==, connect_error->message);
  {
    g_autofree char *after = dump_model (model);

    g_assert_cmpstr (before, ==, after);
  }
  g_assert_cmpuint (n_undo (model), ==, steps);
}

static void
test_rules (void)
{
  g_autoptr (TwinModel) model = make_circuit ();
  g_autoptr (GError) error = NULL;
  TwinEntity *root = twin_model_get_root (model);
  TwinEntity *battery = child (model, "Battery");
  TwinEntity *r1 = child (model, "R1");
  TwinEntity *r2 = child (model, "R2");
  TwinEntity *heater = child (model, "Heater");
  TwinEntity *sine = child (model, "Sine");
  TwinEntity *gain = child (model, "Gain");
  TwinEntity *sum = child (model, "Sum");
  TwinEntity *sub, *r3;
  g_autoptr (TwinEntity) detached = twin_entity_new (NULL, "resistor", "Loose");

  assert_refused (model, heater, "heat", battery, "p", TWIN_MODEL_ERROR_INVALID_CONNECTION,
                  "“Plant/Heater”.heat is thermal and “Plant/Battery”.p is electrical");
  assert_refused (model, sine, "out", r1, "p", TWIN_MODEL_ERROR_INVALID_CONNECTION, "is a signal and");
  assert_refused (model, sine, "out", gain, "out", TWIN_MODEL_ERROR_INVALID_CONNECTION, "both are outputs");
  assert_refused (model, sum, "in1", gain, "in", TWIN_MODEL_ERROR_INVALID_CONNECTION, "both are inputs");
  assert_refused (model, sum, "out", gain, "in", TWIN_MODEL_ERROR_INVALID_CONNECTION,
                  "“Plant/Gain”.in already has a source: “Plant/Sine”.out");
  /* The same, given input first. */
  assert_refused (model, gain, "in", sum, "out", TWIN_MODEL_ERROR_INVALID_CONNECTION,
                  "“Plant/Gain”.in already has a source: “Plant/Sine”.out");
  assert_refused (model, r1, "p", r1, "n", TWIN_MODEL_ERROR_INVALID_CONNECTION, "two different parts");
  assert_refused (model, r1, "x", r2, "p", TWIN_MODEL_ERROR_NOT_FOUND, "“Plant/R1” has no port “x”");
  assert_refused (model, r1, "p", r2, NULL, TWIN_MODEL_ERROR_NOT_FOUND, "“Plant/R2” has no port");
  /* Duplicates, in either order. */
  assert_refused (model, battery, "p", r1, "p", TWIN_MODEL_ERROR_INVALID_CONNECTION, "already connected");
  assert_refused (model, r1, "p", battery, "p", TWIN_MODEL_ERROR_INVALID_CONNECTION, "already connected");
  assert_refused (model, sine, "out", sum, "in2", TWIN_MODEL_ERROR_INVALID_CONNECTION, "already connected");
  assert_refused (model, r1, "p", detached, "p", TWIN_MODEL_ERROR_NOT_FOUND, NULL);
  assert_refused (model, root, "p", r1, "p", TWIN_MODEL_ERROR_INVALID_CONNECTION, "same parent");

  sub = add (model, root, "subsystem", "Sub");
  r3 = add (model, sub, "resistor", "R3");
  assert_refused (model, r3, "p", r1, "p", TWIN_MODEL_ERROR_INVALID_CONNECTION,
                  "Cannot connect “Plant/Sub/R3” to “Plant/R1”: only parts with the same parent");
  /* The subsystem has no port until it exposes one. */
  assert_refused (model, sub, "p", r1, "p", TWIN_MODEL_ERROR_NOT_FOUND, "“Plant/Sub” has no port “p”");

  /* Accepted: checking records nothing, connecting is one step. */
  {
    guint steps = n_undo (model);

    g_assert_true (twin_model_check_connection (model, r1, "p", r2, "n", &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_undo (model), ==, steps);
    g_assert_nonnull (twin_model_connect (model, r1, "p", r2, "n", &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_undo (model), ==, steps + 1);
    /* An output feeds many inputs (Sine.out feeds two already). */
    g_assert_nonnull (twin_model_connect (model, sine, "out", add (model, root, "gain", "Gain 2"), "in", &error));
    g_assert_no_error (error);
  }
  check_invariants (model);
}

static void
test_signal_direction (void)
{
  g_autoptr (TwinModel) model = make_circuit ();
  g_autoptr (GError) error = NULL;
  TwinEntity      *root = twin_model_get_root (model);
  TwinEntity      *sine = child (model, "Sine");
  TwinEntity      *gain2 = add (model, root, "gain", "Gain 2");
  TwinEntity      *r1 = child (model, "R1");
  TwinEntity      *c1 = child (model, "C1");
  TwinConnection  *c;
  g_autofree char *label = NULL;

  /* Given input first, a signal connection is stored output → input. */
  c = twin_model_connect (model, gain2, "in", sine, "out", &error);
  g_assert_no_error (error);
  g_assert_true (twin_connection_get_from (c) == sine);
  g_assert_cmpstr (twin_connection_get_from_port (c), ==, "out");
  g_assert_true (twin_connection_get_to (c) == gain2);
  g_assert_cmpstr (twin_connection_get_to_port (c), ==, "in");
  g_assert_true (twin_connection_touches (c, gain2, "in"));
  g_assert_true (twin_connection_touches (c, gain2, NULL));
  g_assert_false (twin_connection_touches (c, gain2, "out"));
  g_assert_true (twin_entity_is_valid_id (twin_connection_get_id (c)));
  g_object_get (c, "from-port", &label, NULL);
  g_assert_cmpstr (label, ==, "out");
  g_assert_cmpstr (twin_history_get_undo_label (twin_model_get_history (model)), ==, "Connect “Sine”.out to “Gain 2”.in");

  /* A physical connection keeps the order it was drawn in. */
  c = twin_model_connect (model, c1, "p", r1, "p", &error);
  g_assert_no_error (error);
  g_assert_true (twin_connection_get_from (c) == c1);
  g_assert_true (twin_connection_get_to (c) == r1);

  /* Disconnect, undo, redo. */
  {
    g_autofree char *before = dump_model (model);

    g_assert_true (twin_model_disconnect (model, c, &error));
    g_assert_no_error (error);
    g_assert_false (twin_model_disconnect (model, c, &error));
    g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_NOT_FOUND);
    g_clear_error (&error);
    assert_undo_redo_exact (model, before, 1);
  }
  check_invariants (model);
}

static void
test_expose (void)
{
  g_autoptr (TwinModel) model = make_circuit ();
  g_autoptr (GError) error = NULL;
  TwinEntity      *root = twin_model_get_root (model);
  TwinEntity      *r1 = child (model, "R1");
  TwinEntity      *outer = add (model, root, "subsystem", "Outer");
  TwinEntity      *sub = add (model, outer, "subsystem", "Sub");
  TwinEntity      *r3 = add (model, sub, "resistor", "R3");
  TwinEntity      *r4 = add (model, sub, "resistor", "R4");
  TwinEntity      *r5 = add (model, outer, "resistor", "R5");
  TwinPortInfo     info;
  g_autofree char *before = NULL;

  twin_history_clear (twin_model_get_history (model));
  before = dump_model (model);

  g_assert_true (twin_model_expose_port (model, sub, r3, "p", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (twin_history_get_undo_label (twin_model_get_history (model)), ==, "Expose “R3”.p");
  /* The inner port's name is taken: “<inner name>_<port>”. */
  g_assert_true (twin_model_expose_port (model, sub, r4, "p", NULL, &error));
  g_assert_true (twin_model_expose_port (model, sub, r3, "n", "minus", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (twin_entity_get_n_boundary_ports (sub), ==, 3);
  g_assert_cmpuint (twin_entity_get_n_ports (sub), ==, 3);
  g_assert_true (twin_entity_get_port (sub, 1, &info));
  g_assert_cmpstr (info.name, ==, "R4_p");
  g_assert_true (info.inner == r4);
  g_assert_cmpstr (info.inner_port, ==, "p");
  g_assert_cmpint (info.domain, ==, TWIN_DOMAIN_ELECTRICAL);
  g_assert_false (info.optional);

  /* Refusals. */
  g_assert_false (twin_model_expose_port (model, sub, r3, "p", NULL, &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_CONNECTION);
  g_assert_nonnull (strstr (error->message, "already exposed as port “p”"));
  g_clear_error (&error);
  g_assert_false (twin_model_expose_port (model, sub, r4, "n", "minus", &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_NAME_TAKEN);
  g_clear_error (&error);
  g_assert_false (twin_model_expose_port (model, sub, r4, "n", "2nd port", &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_NAME);
  g_clear_error (&error);
  g_assert_false (twin_model_expose_port (model, sub, r4, "q", NULL, &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (twin_model_expose_port (model, sub, r5, "p", NULL, &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_CONNECTION);
  g_clear_error (&error);
  g_assert_false (twin_model_unexpose_port (model, sub, "nothing", &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (n_undo (model), ==, 3);

  /* A chain: Outer exposes Sub.p, which exposes R3.p; Plant wires Outer.p to R1.p. */
  g_assert_true (twin_model_expose_port (model, outer, sub, "p", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (twin_entity_find_port (outer, "p", &info));
  g_assert_true (info.inner == sub);
  g_assert_cmpint (info.domain, ==, TWIN_DOMAIN_ELECTRICAL);
  wire (model, outer, "p", r1, "n");
  wire (model, sub, "R4_p", r5, "p");
  wire (model, sub, "p", r5, "n");
  check_invariants (model);

  /* Unexposing Sub.p takes, in one step, the wire to it in Outer, Outer.p and Plant's wire to Outer.p. */
  {
    g_autofree char *exposed = dump_model (model);
    guint            n_plant = twin_entity_get_n_connections (root);

    g_assert_true (twin_model_unexpose_port (model, sub, "p", &error));
    g_assert_no_error (error);
    g_assert_false (twin_entity_find_port (sub, "p", NULL));
    g_assert_false (twin_entity_find_port (outer, "p", NULL));
    g_assert_cmpuint (twin_entity_get_n_connections (outer), ==, 1);
    g_assert_cmpuint (twin_entity_get_n_connections (root), ==, n_plant - 1);
    check_invariants (model);
    assert_undo_redo_exact (model, exposed, 1);
    g_assert_true (twin_model_undo (model, NULL));
  }

  /* Undo of everything: no boundary port left. */
  while (twin_history_get_can_undo (twin_model_get_history (model)))
    g_assert_true (twin_model_undo (model, NULL));
  {
    g_autofree char *undone = dump_model (model);

    g_assert_cmpstr (undone, ==, before);
  }
}

static void
test_source_through_boundary (void)
{
  g_autoptr (TwinModel) model = make_circuit ();
  g_autoptr (GError) error = NULL;
  TwinEntity *root = twin_model_get_root (model);
  TwinEntity *sine = child (model, "Sine");
  TwinEntity *sub = add (model, root, "subsystem", "Controller");
  TwinEntity *constant = add (model, sub, "constant", "Constant");
  TwinEntity *gain = add (model, sub, "gain", "Gain");

  g_assert_true (twin_model_expose_port (model, sub, gain, "in", NULL, &error));
  g_assert_no_error (error);
  /* Fed from outside first: inside, the input is taken. */
  wire (model, sine, "out", sub, "in");
  g_assert_false (twin_model_check_connection (model, constant, "out", gain, "in", &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_CONNECTION);
  g_assert_nonnull (strstr (error->message, "“Plant/Controller/Gain”.in already has a source: “Plant/Sine”.out"));
  g_clear_error (&error);
  g_assert_true (twin_model_undo (model, NULL));
  /* Fed from inside first: outside, the boundary port is taken. */
  wire (model, constant, "out", gain, "in");
  g_assert_false (twin_model_check_connection (model, sine, "out", sub, "in", &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_CONNECTION);
  g_assert_nonnull (strstr (error->message, "“Plant/Controller”.in already has a source: “Plant/Controller/Constant”.out"));
  g_clear_error (&error);
  check_invariants (model);
}

static void
test_delete_cascade (void)
{
  g_autoptr (TwinModel) model = make_circuit ();
  g_autoptr (GError) error = NULL;
  TwinEntity      *root = twin_model_get_root (model);
  TwinEntity      *r1 = child (model, "R1");
  TwinEntity      *r2 = child (model, "R2");
  TwinEntity      *gain = child (model, "Gain");
  g_autofree char *before = dump_model (model);

  /* R1 has two wires. */
  g_assert_true (twin_model_delete (model, r1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (twin_entity_get_n_connections (root), ==, 8);
  g_assert_cmpuint (n_undo (model), ==, 1);
  check_invariants (model);
  assert_undo_redo_exact (model, before, 1);
  g_assert_true (twin_model_undo (model, NULL));

  /* R1 and R2 share a wire: it goes once; Gain has three. One step. */
  {
    TwinEntity *doomed[] = { r2, gain, r1, r1 };

    g_assert_true (twin_model_delete_many (model, doomed, G_N_ELEMENTS (doomed), &error));
    g_assert_no_error (error);
    g_assert_cmpuint (twin_entity_get_n_connections (root), ==, 10 - 3 - 3);
    g_assert_cmpstr (twin_history_get_undo_label (twin_model_get_history (model)), ==, "Delete 4 parts");
    check_invariants (model);
    assert_undo_redo_exact (model, before, 1);
    g_assert_true (twin_model_undo (model, NULL));
  }

  /* A part deep in a chain of boundary ports: the cascade goes up. */
  {
    TwinEntity      *outer = add (model, root, "subsystem", "Outer");
    TwinEntity      *sub = add (model, outer, "subsystem", "Sub");
    TwinEntity      *r3 = add (model, sub, "resistor", "R3");
    TwinEntity      *r4 = add (model, sub, "resistor", "R4");
    g_autofree char *chained = NULL;

    g_assert_true (twin_model_expose_port (model, sub, r3, "p", NULL, NULL));
    g_assert_true (twin_model_expose_port (model, outer, sub, "p", "in", NULL));
    wire (model, outer, "in", r2, "n");
    wire (model, r3, "n", r4, "p");
    chained = dump_model (model);

    g_assert_true (twin_model_delete (model, r3, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (twin_entity_get_n_boundary_ports (sub), ==, 0);
    g_assert_cmpuint (twin_entity_get_n_boundary_ports (outer), ==, 0);
    g_assert_cmpuint (twin_entity_get_n_connections (sub), ==, 0);
    g_assert_cmpuint (twin_entity_get_n_connections (root), ==, 10);
    check_invariants (model);
    assert_undo_redo_exact (model, chained, 1);

    /* Deleting a part and its own subsystem together: the subsystem takes it along. */
    g_assert_true (twin_model_undo (model, NULL));
    {
      TwinEntity *both[] = { r4, outer };

      g_assert_true (twin_model_delete_many (model, both, 2, &error));
      g_assert_no_error (error);
      g_assert_false (twin_model_contains (model, r4));
      check_invariants (model);
      assert_undo_redo_exact (model, chained, 1);
    }
  }

  /* The root cannot go. */
  g_assert_false (twin_model_delete_many (model, &root, 1, &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_MOVE);
}

static void
test_move_cascade (void)
{
  g_autoptr (TwinModel) model = make_circuit ();
  g_autoptr (GError) error = NULL;
  TwinEntity      *root = twin_model_get_root (model);
  TwinEntity      *r1 = child (model, "R1");
  TwinEntity      *sub = add (model, root, "subsystem", "Sub");
  TwinEntity      *r3 = add (model, sub, "resistor", "R3");
  g_autofree char *before = dump_model (model);

  g_assert_true (twin_model_move (model, r1, sub, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (twin_entity_get_n_connections (root), ==, 8);
  g_assert_true (twin_entity_get_parent (r1) == sub);
  /* Now a sibling of R3: it can be wired there. */
  wire (model, r1, "n", r3, "p");
  check_invariants (model);
  assert_undo_redo_exact (model, before, 2);

  /* Reordering under the same parent keeps every wire. */
  g_assert_true (twin_model_undo (model, NULL));
  g_assert_true (twin_model_undo (model, NULL));
  g_assert_true (twin_model_reorder (model, r1, 5, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (twin_entity_get_n_connections (root), ==, 10);
}

static void
test_place_blocks (void)
{
  g_autoptr (TwinModel) model = make_circuit ();
  g_autoptr (GError) error = NULL;
  TwinEntity      *root = twin_model_get_root (model);
  TwinEntity      *r1 = child (model, "R1");
  TwinEntity      *r2 = child (model, "R2");
  TwinEntity      *fresh = add (model, root, "resistor", "Fresh");
  g_autofree char *before = NULL;
  double           x, y;

  /* A new part has no position: the diagram lays it out. */
  g_assert_false (twin_entity_get_diagram_position (fresh, &x, &y));
  g_assert_true (isnan (x) && isnan (y));
  before = dump_model (model);

  {
    TwinEntity *blocks[] = { r1, r2, fresh, r1 };
    double      xy[] = { 1, 2, 40.5, -60, 1e6, 20, 100, 200 };

    g_assert_true (twin_model_place_blocks (model, blocks, xy, G_N_ELEMENTS (blocks), &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (n_undo (model), ==, 2); /* the add and one "Move blocks" */
  g_assert_cmpstr (twin_history_get_undo_label (twin_model_get_history (model)), ==, "Move blocks");
  /* Listed twice, the last position wins. */
  g_assert_true (twin_entity_get_diagram_position (r1, &x, &y));
  g_assert_cmpfloat (x, ==, 100);
  g_assert_cmpfloat (y, ==, 200);
  g_assert_true (twin_entity_get_diagram_position (r2, &x, &y));
  g_assert_cmpfloat (x, ==, 40.5);
  g_assert_true (twin_entity_get_diagram_position (fresh, &x, &y));
  g_assert_cmpfloat (x, ==, 1e6);
  assert_undo_redo_exact (model, before, 1);

  /* NaN gives the part back to the automatic layout. */
  {
    double xy[] = { NAN, NAN };

    g_assert_true (twin_model_place_blocks (model, &r1, xy, 1, &error));
    g_assert_false (twin_entity_get_diagram_position (r1, NULL, NULL));
    g_assert_true (twin_model_undo (model, NULL));
    g_assert_true (twin_entity_get_diagram_position (r1, &x, NULL));
    g_assert_cmpfloat (x, ==, 100);
  }

  /* Nothing changes: no step. */
  {
    double xy[] = { 100, 200 };
    guint  steps = n_undo (model);

    g_assert_true (twin_model_place_blocks (model, &r1, xy, 1, &error));
    g_assert_cmpuint (n_undo (model), ==, steps);
    g_assert_true (twin_model_place_blocks (model, NULL, NULL, 0, &error));
    g_assert_cmpuint (n_undo (model), ==, steps);
  }

  /* Refused, with nothing changed. */
  {
    TwinEntity      *blocks[] = { r2, r1 };
    double           bad[][4] = { { 1, 2, INFINITY, 0 }, { 1, 2, NAN, 3 } };
    g_autofree char *kept = dump_model (model);

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *after = NULL;

        g_assert_false (twin_model_place_blocks (model, blocks, bad[i], 2, &error));
        g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_VALUE);
        g_assert_nonnull (strstr (error->message, "“Plant/R1”"));
        g_clear_error (&error);
        after = dump_model (model);
        g_assert_cmpstr (after, ==, kept);
      }
  }
}

static void
test_paste (void)
{
  g_autoptr (TwinModel) model = make_circuit ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) copies = NULL;
  TwinEntity      *root = twin_model_get_root (model);
  TwinEntity      *r1 = child (model, "R1");
  TwinEntity      *r2 = child (model, "R2");
  TwinEntity      *c1 = child (model, "C1");
  TwinEntity      *sub;
  g_autofree char *before = dump_model (model);
  guint            n_children = twin_entity_get_n_children (root);
  double           x, y, x0, y0;

  /* R1 — R2 — C1 are wired in a row; paste R1 and R2 (and R1 again). */
  {
    TwinEntity *sources[] = { r1, r2, r1 };

    copies = twin_model_paste_copies (model, root, sources, G_N_ELEMENTS (sources), 40, -20, &error);
  }
  g_assert_no_error (error);
  g_assert_nonnull (copies);
  g_assert_cmpuint (copies->len, ==, 2);
  g_assert_cmpuint (n_undo (model), ==, 1);
  g_assert_cmpstr (twin_history_get_undo_label (twin_model_get_history (model)), ==, "Paste 2 parts");
  g_assert_cmpuint (twin_entity_get_n_children (root), ==, n_children + 2);
  g_assert_cmpstr (twin_entity_get_name (g_ptr_array_index (copies, 0)), ==, "R1 2");
  g_assert_cmpstr (twin_entity_get_name (g_ptr_array_index (copies, 1)), ==, "R2 2");
  g_assert_cmpstr (twin_entity_get_id (g_ptr_array_index (copies, 0)), !=, twin_entity_get_id (r1));
  g_assert_true (twin_entity_get_diagram_position (g_ptr_array_index (copies, 0), &x, &y));
  g_assert_true (twin_entity_get_diagram_position (r1, &x0, &y0));
  g_assert_cmpfloat (x, ==, x0 + 40);
  g_assert_cmpfloat (y, ==, y0 - 20);
  /* One new wire between the copies: the one to C1 had an end outside the set. */
  g_assert_cmpuint (twin_entity_get_n_connections (root), ==, 11);
  {
    g_autoptr (TwinConnection) c = g_list_model_get_item (twin_entity_get_connections (root), 10);

    g_assert_true (twin_connection_get_from (c) == g_ptr_array_index (copies, 0));
    g_assert_cmpstr (twin_connection_get_from_port (c), ==, "n");
    g_assert_true (twin_connection_get_to (c) == g_ptr_array_index (copies, 1));
    g_assert_cmpstr (twin_connection_get_to_port (c), ==, "p");
  }
  check_invariants (model);
  assert_undo_redo_exact (model, before, 1);

  /* A second paste counts on: “R1 3”. */
  g_clear_pointer (&copies, g_ptr_array_unref);
  copies = twin_model_paste_copies (model, root, &r1, 1, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (twin_entity_get_name (g_ptr_array_index (copies, 0)), ==, "R1 3");
  g_assert_cmpstr (twin_history_get_undo_label (twin_model_get_history (model)), ==, "Paste “R1 3”");

  /* A subsystem with inner wires and a boundary port, pasted into itself. */
  sub = add (model, root, "subsystem", "Sub");
  {
    TwinEntity  *a = add (model, sub, "resistor", "A");
    TwinEntity  *b = add (model, sub, "resistor", "B");
    TwinEntity  *pasted;
    TwinPortInfo info;

    wire (model, a, "n", b, "p");
    g_assert_true (twin_model_expose_port (model, sub, a, "p", NULL, &error));
    wire (model, sub, "p", c1, "n");
    g_clear_pointer (&copies, g_ptr_array_unref);
    copies = twin_model_paste_copies (model, sub, &sub, 1, 0, 0, &error);
    g_assert_no_error (error);
    pasted = g_ptr_array_index (copies, 0);
    g_assert_true (twin_entity_get_parent (pasted) == sub);
    g_assert_cmpstr (twin_entity_get_name (pasted), ==, "Sub");
    g_assert_cmpuint (twin_entity_get_n_children (pasted), ==, 2);
    g_assert_cmpuint (twin_entity_get_n_connections (pasted), ==, 1);
    g_assert_true (twin_entity_find_port (pasted, "p", &info));
    g_assert_true (info.inner == twin_entity_find_child (pasted, "A"));
    g_assert_true (info.inner != a);
    {
      g_autoptr (TwinConnection) inner = g_list_model_get_item (twin_entity_get_connections (pasted), 0);
      g_autoptr (TwinConnection) original = g_list_model_get_item (twin_entity_get_connections (sub), 0);

      g_assert_true (twin_connection_get_from (inner) == twin_entity_find_child (pasted, "A"));
      g_assert_cmpstr (twin_connection_get_id (inner), !=, twin_connection_get_id (original));
    }
    check_invariants (model);
  }
}

/* Checks that grouping @names of @parent_path keeps the flattened connectivity,
 * that ungrouping restores the model (wires compared as sets: ungroup puts the
 * inner wires last), and that undo and redo of both are exact. */
/* The ids of the connections of @entity's diagram in order, one per line. */
static char *
dup_connection_ids (TwinEntity *entity)
{
  GListModel *connections = twin_entity_get_connections (entity);
  GString    *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr (TwinConnection) c = g_list_model_get_item (connections, i);

      g_string_append_printf (out, "%s\n", twin_connection_get_id (c));
    }
  return g_string_free (out, FALSE);
}

/* @ids (one per line) without those of the connections of @entity's diagram. */
static char *
filter_connection_ids (const char *ids,
                       TwinEntity *entity)
{
  g_auto (GStrv) lines = g_strsplit (ids, "\n", -1);
  g_autofree char *inner = dup_connection_ids (entity);
  GString         *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strdup_printf ("%s\n", lines[i]);

      if (lines[i][0] != '\0' && strstr (inner, line) == NULL)
        g_string_append (out, line);
    }
  return g_string_free (out, FALSE);
}

static void
check_group_ungroup (TwinModel         *model,
                     const char        *parent_path,
                     const char *const *names)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) members = g_ptr_array_new ();
  g_autofree char *original = dump_model (model);
  g_autofree char *original_sorted = dump_model_full (model, TRUE);
  g_autofree char *flat = flatten_connectivity (model);
  g_autofree char *grouped = NULL;
  g_autofree char *grouped_ids = NULL;
  g_autofree char *inner_ids = NULL;
  g_autofree char *ungrouped = NULL;
  TwinEntity      *parent = twin_model_lookup_path (model, parent_path);
  TwinEntity      *group;
  guint            n_children;
  guint            steps = n_undo (model);
  g_autofree char *original_ids = dup_connection_ids (parent);

  for (guint i = 0; names[i] != NULL; i++)
    g_ptr_array_add (members, twin_entity_find_child (parent, names[i]));
  n_children = twin_entity_get_n_children (parent);

  group = twin_model_group (model, (TwinEntity **) members->pdata, members->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (group);
  g_assert_cmpuint (n_undo (model), ==, steps + 1);
  g_assert_cmpstr (twin_entity_get_type_name (group), ==, "subsystem");
  g_assert_true (twin_entity_get_parent (group) == parent);
  g_assert_cmpuint (twin_entity_get_n_children (parent), ==, n_children - members->len + 1);
  g_assert_cmpuint (twin_entity_get_n_children (group), ==, members->len);
  for (guint i = 0; i < members->len; i++)
    g_assert_true (twin_entity_get_child (group, i) == g_ptr_array_index (members, i));
  check_invariants (model);
  {
    g_autofree char *flat_grouped = flatten_connectivity (model);

    g_assert_cmpstr (flat_grouped, ==, flat);
  }
  /* The parent's wires keep their order (and ids): the inner ones left,
   * the crossing ones stayed where they were. */
  {
    g_autofree char *expected = filter_connection_ids (original_ids, group);
    g_autofree char *ids = dup_connection_ids (parent);

    g_assert_cmpstr (ids, ==, expected);
    grouped_ids = g_steal_pointer (&ids);
    inner_ids = dup_connection_ids (group);
  }
  grouped = dump_model (model);

  g_assert_true (twin_model_ungroup (model, group, &error));
  g_assert_no_error (error);
  g_assert_false (twin_model_contains (model, group));
  check_invariants (model);
  {
    g_autofree char *flat_ungrouped = flatten_connectivity (model);
    g_autofree char *sorted = dump_model_full (model, TRUE);

    g_autofree char *ids = dup_connection_ids (parent);
    g_autofree char *expected = g_strconcat (grouped_ids, inner_ids, NULL);

    g_assert_cmpstr (flat_ungrouped, ==, flat);
    g_assert_cmpstr (sorted, ==, original_sorted);
    /* Re-pointed wires where they were, the group's inner wires after them. */
    g_assert_cmpstr (ids, ==, expected);
  }
  ungrouped = dump_model (model);

  /* Undo each exactly, then redo each exactly. */
  g_assert_true (twin_model_undo (model, NULL));
  {
    g_autofree char *state = dump_model (model);

    g_assert_cmpstr (state, ==, grouped);
  }
  g_assert_true (twin_model_undo (model, NULL));
  {
    g_autofree char *state = dump_model (model);

    g_assert_cmpstr (state, ==, original);
  }
  g_assert_true (twin_model_redo (model, NULL));
  {
    g_autofree char *state = dump_model (model);

    g_assert_cmpstr (state, ==, grouped);
  }
  g_assert_true (twin_model_redo (model, NULL));
  {
    g_autofree char *state = dump_model (model);

    g_assert_cmpstr (state, ==, ungrouped);
  }
  g_assert_true (twin_model_undo (model, NULL));
  g_assert_true (twin_model_undo (model, NULL));
}

static void
test_group_ungroup (void)
{
  g_autoptr (TwinModel) model = make_circuit ();
  g_autoptr (GError) error = NULL;
  TwinEntity  *root = twin_model_get_root (model);
  TwinEntity  *r1 = child (model, "R1");
  TwinEntity  *r2 = child (model, "R2");
  TwinEntity  *c1 = child (model, "C1");
  TwinEntity  *group;
  TwinPortInfo info;
  double       x, y;

  /* Battery.p — R1 ... C1.n — Battery.n cross the edge; R1 — R2 — C1 stay inside. */
  {
    TwinEntity *members[] = { c1, r1, r2 };
    double      x1, y1, x2, y2, x3, y3;

    twin_entity_get_diagram_position (r1, &x1, &y1);
    twin_entity_get_diagram_position (r2, &x2, &y2);
    twin_entity_get_diagram_position (c1, &x3, &y3);
    group = twin_model_group (model, members, 3, "Filter", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (twin_history_get_undo_label (twin_model_get_history (model)), ==, "Group into “Filter”");
    g_assert_cmpint (twin_entity_get_index (group), ==, 1);
    g_assert_true (twin_entity_get_diagram_position (group, &x, &y));
    g_assert_cmpfloat_with_epsilon (x, (x1 + x2 + x3) / 3, 1e-9);
    g_assert_cmpfloat_with_epsilon (y, (y1 + y2 + y3) / 3, 1e-9);
    /* They keep their coordinates. */
    g_assert_true (twin_entity_get_diagram_position (r2, &x, &y));
    g_assert_cmpfloat (x, ==, x2);
    g_assert_cmpfloat (y, ==, y2);
  }
  g_assert_cmpuint (twin_entity_get_n_connections (group), ==, 2);
  g_assert_cmpuint (twin_entity_get_n_boundary_ports (group), ==, 2);
  g_assert_true (twin_entity_find_port (group, "p", &info));
  g_assert_true (info.inner == r1);
  g_assert_cmpstr (info.inner_port, ==, "p");
  g_assert_true (twin_entity_find_port (group, "n", &info));
  g_assert_true (info.inner == c1);
  g_assert_cmpint (info.domain, ==, TWIN_DOMAIN_ELECTRICAL);
  g_assert_cmpuint (twin_entity_get_n_connections (root), ==, 8);
  /* Re-pointed wires keep their id and their place. */
  {
    g_autoptr (TwinConnection) c = g_list_model_get_item (twin_entity_get_connections (root), 0);

    g_assert_true (twin_connection_get_from (c) == child (model, "Battery"));
    g_assert_true (twin_connection_get_to (c) == group);
    g_assert_cmpstr (twin_connection_get_to_port (c), ==, "p");
  }
  /* Errors: not siblings, nothing, the root, a name taken, nothing to ungroup. */
  {
    TwinEntity *mixed[] = { r1, child (model, "Sine") };

    g_assert_null (twin_model_group (model, mixed, 2, NULL, &error));
    g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_MOVE);
    g_clear_error (&error);
    g_assert_null (twin_model_group (model, mixed, 0, NULL, &error));
    g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_MOVE);
    g_clear_error (&error);
    g_assert_null (twin_model_group (model, &root, 1, NULL, &error));
    g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_MOVE);
    g_clear_error (&error);
    g_assert_null (twin_model_group (model, &mixed[1], 1, "Sum", &error));
    g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_NAME_TAKEN);
    g_clear_error (&error);
    g_assert_false (twin_model_ungroup (model, r1, &error));
    g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_MOVE);
    g_clear_error (&error);
    g_assert_false (twin_model_ungroup (model, root, &error));
    g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_MOVE);
    g_clear_error (&error);
  }
  g_assert_true (twin_model_undo (model, NULL));

  /* Siblings apart from each other: undo and redo put everything back exactly. */
  {
    TwinEntity      *apart[] = { child (model, "Ground"), r1, c1, child (model, "Sum") };
    g_autofree char *before = dump_model (model);
    g_autofree char *flat = flatten_connectivity (model);

    group = twin_model_group (model, apart, G_N_ELEMENTS (apart), NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (twin_entity_get_index (group), ==, 1);
    g_assert_true (twin_entity_get_child (group, 0) == r1);
    g_assert_true (twin_entity_get_child (group, 3) == child (model, "Subsystem/Sum"));
    {
      g_autofree char *flat_grouped = flatten_connectivity (model);

      g_assert_cmpstr (flat_grouped, ==, flat);
    }
    check_invariants (model);
    assert_undo_redo_exact (model, before, 1);
    g_assert_true (twin_model_undo (model, NULL));
  }

  /* Contiguous selections of every kind, including the signals (one output, many inputs). */
  {
    const char *const electrical[] = { "R1", "R2", "C1", NULL };
    const char *const crossing_only[] = { "R2", NULL };
    const char *const signals[] = { "Sine", "Gain", NULL };
    const char *const mixed[] = { "Heater", "Room", "Sine", NULL };
    const char *const everything[] = { "Battery", "R1", "R2", "C1", "Ground", "Heater", "Room", "Sine", "Gain", "Sum", NULL };

    check_group_ungroup (model, "", electrical);
    check_group_ungroup (model, "", crossing_only);
    check_group_ungroup (model, "", signals);
    check_group_ungroup (model, "", mixed);
    check_group_ungroup (model, "", everything);
  }

  /* One level down, where the parent exposes a member's port and wires go up. */
  {
    TwinEntity       *outer = add (model, root, "subsystem", "Outer");
    TwinEntity       *a = add (model, outer, "resistor", "A");
    TwinEntity       *b = add (model, outer, "resistor", "B");
    TwinEntity       *sub = add (model, outer, "subsystem", "Inner");
    TwinEntity       *d = add (model, sub, "resistor", "D");
    TwinEntity       *gain = add (model, outer, "gain", "G");
    const char *const members[] = { "B", "Inner", "G", NULL };

    place (model, a, 0, 0);
    place (model, b, 100, 0);
    wire (model, a, "n", b, "p");
    g_assert_true (twin_model_expose_port (model, sub, d, "p", NULL, NULL));
    wire (model, b, "n", sub, "p");
    g_assert_true (twin_model_expose_port (model, outer, b, "n", "bn", NULL));
    g_assert_true (twin_model_expose_port (model, outer, sub, "p", "dp", NULL));
    g_assert_true (twin_model_expose_port (model, outer, gain, "in", "gin", NULL));
    g_assert_true (twin_model_expose_port (model, outer, a, "p", "ap", NULL));
    wire (model, outer, "bn", r1, "n");
    wire (model, outer, "ap", child (model, "Battery"), "p");
    wire (model, child (model, "Sine"), "out", outer, "gin");
    check_invariants (model);
    check_group_ungroup (model, "Outer", members);
  }
}

static void
test_ungroup_name_clash (void)
{
  g_autoptr (TwinModel) model = make_circuit ();
  g_autoptr (GError) error = NULL;
  TwinEntity      *root = twin_model_get_root (model);
  TwinEntity      *r1 = child (model, "R1");
  TwinEntity      *r2 = child (model, "R2");
  TwinEntity      *members[] = { r1, r2 };
  TwinEntity      *group = twin_model_group (model, members, 2, NULL, &error);
  g_autofree char *before = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (twin_entity_get_name (group), ==, "Subsystem");
  /* New parts take the freed names, and one is named like the group's part. */
  add (model, root, "resistor", "R1");
  add (model, root, "capacitor", "R2 2");
  add (model, group, "resistor", "Subsystem");
  before = dump_model (model);

  g_assert_true (twin_model_ungroup (model, group, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (twin_entity_get_name (r1), ==, "R1 2");
  g_assert_cmpstr (twin_entity_get_name (r2), ==, "R2");
  g_assert_nonnull (twin_entity_find_child (root, "Subsystem 2"));
  check_invariants (model);
  assert_undo_redo_exact (model, before, 1);
}

/* Ungrouping a part that has ports of its own type: what used those goes. */
static void
test_ungroup_type_ports (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Plant");
  g_autoptr (TwinModel) model = twin_model_new (root);
  g_autoptr (GError) error = NULL;
  TwinEntity      *room2 = add (model, root, "room", "Room 2");
  TwinEntity      *zone = add (model, root, "room", "Zone");
  TwinEntity      *heater = add (model, zone, "heater", "Heater");
  TwinEntity      *room3 = add (model, root, "room", "Room 3");
  TwinConnection  *through_boundary, *other;
  TwinPortInfo     info;
  g_autofree char *before = NULL;

  g_assert_true (twin_model_expose_port (model, zone, heater, "heat", "hh", &error));
  g_assert_no_error (error);
  wire (model, room2, "heat", zone, "heat");
  through_boundary = wire (model, room3, "heat", zone, "hh");
  other = wire (model, room2, "heat", room3, "heat");
  g_assert_true (twin_model_expose_port (model, root, zone, "heat", "a", NULL));
  g_assert_true (twin_model_expose_port (model, root, zone, "hh", "b", NULL));
  g_assert_true (twin_model_expose_port (model, root, room2, "heat", "c", NULL));
  before = dump_model (model);

  g_assert_true (twin_model_ungroup (model, zone, &error));
  g_assert_no_error (error);
  check_invariants (model);
  g_assert_cmpuint (twin_entity_get_n_connections (root), ==, 2);
  {
    g_autoptr (TwinConnection) first = g_list_model_get_item (twin_entity_get_connections (root), 0);
    g_autoptr (TwinConnection) second = g_list_model_get_item (twin_entity_get_connections (root), 1);

    /* The re-pointed wire kept its id and its place, before the untouched one. */
    g_assert_cmpstr (twin_connection_get_id (first), ==, twin_connection_get_id (through_boundary));
    g_assert_true (twin_connection_get_to (first) == heater);
    g_assert_cmpstr (twin_connection_get_to_port (first), ==, "heat");
    g_assert_true (second == other);
  }
  /* “a” exposed Zone.heat and went; “b” now exposes Heater.heat, in its place. */
  g_assert_cmpuint (twin_entity_get_n_boundary_ports (root), ==, 2);
  g_assert_true (twin_entity_get_port (root, 0, &info));
  g_assert_cmpstr (info.name, ==, "b");
  g_assert_true (info.inner == heater);
  g_assert_cmpstr (info.inner_port, ==, "heat");
  g_assert_true (twin_entity_get_port (root, 1, &info));
  g_assert_cmpstr (info.name, ==, "c");
  assert_undo_redo_exact (model, before, 1);
}

typedef struct
{
  guint           n_calls;
  guint           fail_at;
  TwinChangeFlags flags_of_root;
} CommitCounter;

static gboolean
counting_commit (TwinModel        *model,
                 const TwinChange *change,
                 gpointer          user_data,
                 GError          **error)
{
  CommitCounter *counter = user_data;

  counter->flags_of_root = 0;
  for (guint i = 0; i < change->entries->len; i++)
    {
      TwinChangeEntry *entry = &g_array_index (change->entries, TwinChangeEntry, i);

      if (entry->entity == twin_model_get_root (model))
        counter->flags_of_root = entry->flags;
    }
  if (++counter->n_calls == counter->fail_at)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "The disk is full");
      return FALSE;
    }
  return TRUE;
}

static void
test_commit_failure (void)
{
  g_autoptr (TwinModel) model = make_circuit ();
  g_autoptr (GError) error = NULL;
  CommitCounter    counter = { 0, 1, 0 };
  TwinEntity      *root = twin_model_get_root (model);
  TwinEntity      *members[] = { child (model, "R1"), child (model, "R2"), child (model, "C1") };
  g_autofree char *before = dump_model (model);
  guint            n_entities = twin_model_get_n_entities (model);
  TwinEntity      *group;

  twin_model_set_commit_func (model, counting_commit, &counter, NULL);
  g_assert_null (twin_model_group (model, members, 3, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_clear_error (&error);
  g_assert_true (counter.flags_of_root & TWIN_CHANGE_CONNECTIONS);
  g_assert_true (counter.flags_of_root & TWIN_CHANGE_CHILDREN);
  {
    g_autofree char *after = dump_model (model);

    g_assert_cmpstr (after, ==, before);
  }
  g_assert_cmpuint (n_undo (model), ==, 0);
  g_assert_cmpuint (twin_model_get_n_entities (model), ==, n_entities);

  /* Kept this time; then the ungroup fails, and so does the undo of the group. */
  group = twin_model_group (model, members, 3, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *grouped = dump_model (model);
    g_autofree char *after = NULL;

    counter.fail_at = counter.n_calls + 1;
    g_assert_false (twin_model_ungroup (model, group, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
    g_clear_error (&error);
    after = dump_model (model);
    g_assert_cmpstr (after, ==, grouped);

    counter.fail_at = counter.n_calls + 1;
    g_assert_false (twin_model_undo (model, &error));
    g_clear_error (&error);
    g_clear_pointer (&after, g_free);
    after = dump_model (model);
    g_assert_cmpstr (after, ==, grouped);
    g_assert_cmpuint (n_undo (model), ==, 1);
  }
  g_assert_true (twin_model_undo (model, NULL));
  {
    g_autofree char *after = dump_model (model);

    g_assert_cmpstr (after, ==, before);
  }
  check_invariants (model);
  twin_model_set_commit_func (model, NULL, NULL, NULL);
  g_assert_true (twin_entity_get_parent (members[0]) == root);
}

typedef struct
{
  TwinEntity     *entity;
  TwinChangeFlags flags;
} ChangeWatch;

static void
on_model_changed_cb (TwinModel  *model,
                     TwinChange *change,
                     gpointer    user_data)
{
  ChangeWatch *watch = user_data;

  watch->flags = 0;
  for (guint i = 0; i < change->entries->len; i++)
    {
      TwinChangeEntry *entry = &g_array_index (change->entries, TwinChangeEntry, i);

      if (entry->entity == watch->entity)
        watch->flags = entry->flags;
    }
}

static void
test_change_flags (void)
{
  g_autoptr (TwinModel) model = make_circuit ();
  CommitCounter counter = { 0, 0, 0 };
  TwinEntity   *root = twin_model_get_root (model);
  TwinEntity   *r1 = child (model, "R1");
  TwinEntity   *sub = add (model, root, "subsystem", "Sub");
  TwinEntity   *r3 = add (model, sub, "resistor", "R3");

  twin_model_set_commit_func (model, counting_commit, &counter, NULL);
  wire (model, r1, "p", child (model, "C1"), "p");
  g_assert_cmpint (counter.flags_of_root, ==, TWIN_CHANGE_CONNECTIONS);
  g_assert_true (twin_model_expose_port (model, sub, r3, "p", NULL, NULL));
  g_assert_cmpint (counter.flags_of_root, ==, 0);
  place (model, root, 5, 5);
  g_assert_cmpint (counter.flags_of_root, ==, TWIN_CHANGE_UPDATED);
  twin_model_set_commit_func (model, NULL, NULL, NULL);

  /* The "changed" signal carries the same entries: PORTS on the subsystem. */
  {
    ChangeWatch watch = { sub, 0 };
    gulong      handler = g_signal_connect (model, "changed", G_CALLBACK (on_model_changed_cb), &watch);

    g_assert_true (twin_model_unexpose_port (model, sub, "p", NULL));
    g_assert_cmpint (watch.flags, ==, TWIN_CHANGE_PORTS);
    g_assert_true (twin_model_undo (model, NULL));
    g_assert_cmpint (watch.flags, ==, TWIN_CHANGE_PORTS);
    g_signal_handler_disconnect (model, handler);
  }
}

static void
collect_entities (TwinEntity *entity,
                  GPtrArray  *all)
{
  g_ptr_array_add (all, entity);
  for (guint i = 0; i < twin_entity_get_n_children (entity); i++)
    collect_entities (twin_entity_get_child (entity, i), all);
}

static TwinEntity *
pick (GRand     *rand,
      GPtrArray *entities)
{
  return g_ptr_array_index (entities, g_rand_int_range (rand, 0, entities->len));
}

/* A random child of @entity, or NULL. */
static TwinEntity *
pick_child (GRand      *rand,
            TwinEntity *entity)
{
  guint n = twin_entity_get_n_children (entity);

  return n > 0 ? twin_entity_get_child (entity, g_rand_int_range (rand, 0, n)) : NULL;
}

/* A random port name of @entity, or NULL. */
static const char *
pick_port (GRand      *rand,
           TwinEntity *entity)
{
  guint        n = twin_entity_get_n_ports (entity);
  TwinPortInfo info;

  if (n == 0 || !twin_entity_get_port (entity, g_rand_int_range (rand, 0, n), &info))
    return NULL;
  return info.name;
}

/* One random edit; returns which kind of edit was kept, or -1. */
static int
random_step (GRand     *rand,
             TwinModel *model)
{
  static const char *const types[] = { "resistor", "capacitor", "ground", "sine", "gain", "sum", "heater", "room", "subsystem" };
  g_autoptr (GPtrArray) all = g_ptr_array_new ();
  TwinEntity *a, *b;
  int         kind = g_rand_int_range (rand, 0, 16);
  guint       steps = n_undo (model);

  g_autoptr (GPtrArray) parents = g_ptr_array_new (); /* with two parts or more */
  g_autoptr (GPtrArray) wired = g_ptr_array_new ();
  g_autoptr (GPtrArray) exposing = g_ptr_array_new ();

  collect_entities (twin_model_get_root (model), all);
  for (guint i = 0; i < all->len; i++)
    {
      TwinEntity *e = g_ptr_array_index (all, i);

      if (twin_entity_get_n_children (e) >= 2)
        g_ptr_array_add (parents, e);
      if (twin_entity_get_n_connections (e) > 0)
        g_ptr_array_add (wired, e);
      if (twin_entity_get_n_boundary_ports (e) > 0)
        g_ptr_array_add (exposing, e);
    }
  a = pick (rand, all);
  b = pick (rand, all);

  switch (kind)
    {
    case 0:
      twin_model_create_entity (model, a, types[g_rand_int_range (rand, 0, G_N_ELEMENTS (types))], NULL, -1, NULL);
      break;
    case 1:
    case 2:
      if (parents->len > 0)
        a = pick (rand, parents);
      {
        /* Mostly a pair the model accepts (found by trying), sometimes any pair. */
        for (guint attempt = 0; attempt < 30; attempt++)
          {
            TwinEntity *x = pick_child (rand, a);
            TwinEntity *y = pick_child (rand, a);
            const char *port_x = x != NULL ? pick_port (rand, x) : NULL;
            const char *port_y = y != NULL ? pick_port (rand, y) : NULL;

            if (x == NULL || y == NULL)
              break;
            if (attempt == 29 || twin_model_check_connection (model, x, port_x, y, port_y, NULL))
              {
                twin_model_connect (model, x, port_x, y, port_y, NULL);
                break;
              }
          }
      }
      break;
    case 3:
      if (wired->len > 0)
        a = pick (rand, wired);
      if (twin_entity_get_n_connections (a) > 0)
        {
          g_autoptr (TwinConnection) c =
            g_list_model_get_item (twin_entity_get_connections (a),
                                   g_rand_int_range (rand, 0, twin_entity_get_n_connections (a)));

          g_assert_true (twin_model_disconnect (model, c, NULL));
        }
      break;
    case 4:
      {
        TwinEntity *x = pick_child (rand, a);

        if (x != NULL && twin_entity_get_n_ports (x) > 0)
          twin_model_expose_port (model, a, x, pick_port (rand, x), NULL, NULL);
      }
      break;
    case 5:
      if (exposing->len > 0)
        a = pick (rand, exposing);
      if (twin_entity_get_n_boundary_ports (a) > 0)
        {
          guint        index = twin_entity_get_n_ports (a) - 1 - g_rand_int_range (rand, 0, twin_entity_get_n_boundary_ports (a));
          TwinPortInfo info;

          g_assert_true (twin_entity_get_port (a, index, &info));
          g_assert_true (twin_model_unexpose_port (model, a, info.name, NULL));
        }
      break;
    case 6:
      if (twin_entity_get_n_children (a) > 0)
        {
          guint n = twin_entity_get_n_children (a);
          guint first = g_rand_int_range (rand, 0, n);
          guint count = MIN (n - first, (guint) g_rand_int_range (rand, 1, 4));
          g_autoptr (GPtrArray) members = g_ptr_array_new ();
          g_autofree char *flat = flatten_connectivity (model);

          /* A run of siblings, or any of them in any order. */
          if (g_rand_boolean (rand))
            for (guint i = 0; i < count; i++)
              g_ptr_array_add (members, twin_entity_get_child (a, first + i));
          else
            for (guint i = 0; i < count; i++)
              g_ptr_array_add (members, pick_child (rand, a));
          if (twin_model_group (model, (TwinEntity **) members->pdata, members->len, NULL, NULL) != NULL)
            {
              g_autofree char *flat_after = flatten_connectivity (model);

              g_assert_cmpstr (flat_after, ==, flat);
            }
        }
      break;
    case 7:
      if (twin_entity_get_parent (a) != NULL && twin_entity_get_n_children (a) > 0)
        {
          g_autofree char *flat = flatten_connectivity (model);
          g_autofree char *flat_after = NULL;

          g_assert_true (twin_model_ungroup (model, a, NULL));
          flat_after = flatten_connectivity (model);
          /* Only wires to ports of the subsystem's own type may go (a "subsystem" has none). */
          if (strcmp (twin_entity_get_type_name (a), "subsystem") == 0)
            g_assert_cmpstr (flat_after, ==, flat);
        }
      break;
    case 8:
      if (all->len > 12 && twin_entity_get_parent (a) != NULL)
        {
          TwinEntity *doomed[] = { a, b };

          twin_model_delete_many (model, doomed, twin_entity_get_parent (b) != NULL ? 2 : 1, NULL);
        }
      break;
    case 9:
      twin_model_move (model, a, b, g_rand_int_range (rand, -1, 3), NULL);
      break;
    case 10:
      {
        TwinEntity *blocks[] = { a, b };
        double      xy[] = { g_rand_int_range (rand, -50, 50) * 20.0, g_rand_int_range (rand, -50, 50) * 20.0,
                        g_rand_boolean (rand) ? NAN : g_rand_double (rand), 0 };

        if (isnan (xy[2]))
          xy[3] = NAN;
        g_assert_true (twin_model_place_blocks (model, blocks, xy, 2, NULL));
      }
      break;
    case 11:
      {
        TwinEntity *x = pick_child (rand, a);
        TwinEntity *y = pick_child (rand, a);

        if (x != NULL && y != NULL && twin_model_get_n_entities (model) < 400)
          {
            TwinEntity *sources[] = { x, y };
            g_autoptr (GPtrArray) copies = twin_model_paste_copies (model, b, sources, 2, 20, 20, NULL);
          }
      }
      break;
    case 12:
      {
        g_autofree char *name = g_strdup_printf ("N%u", g_rand_int_range (rand, 0, 30));

        twin_model_rename (model, a, name, NULL);
      }
      break;
    default:
      kind = 13;
      return twin_model_undo (model, NULL) ? kind : -1;
    }
  return n_undo (model) > steps ? kind : -1;
}

static void
test_random (void)
{
  g_autoptr (TwinModel) model = make_circuit ();
  g_autofree char *initial = dump_model (model);
  g_autofree char *final = NULL;
  guint32          seed = (guint32) g_test_rand_int ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  guint kept[14] = { 0 };

  g_test_message ("seed %u", seed);
  for (guint step = 0; step < 1500; step++)
    {
      int kind = random_step (rand, model);

      if (kind >= 0)
        kept[kind]++;
      check_invariants (model);
    }
  /* The sequence must have exercised every kind of edit: add, connect,
   * disconnect, expose, unexpose, group, ungroup, delete, move, place, paste. */
  g_test_message ("kept: add %u, connect %u, disconnect %u, expose %u, unexpose %u, group %u, ungroup %u, "
                  "delete %u, move %u, place %u, paste %u, rename %u, undo %u",
                  kept[0], kept[1] + kept[2], kept[3], kept[4], kept[5], kept[6], kept[7], kept[8], kept[9], kept[10],
                  kept[11], kept[12], kept[13]);
  for (guint kind = 0; kind < 12; kind++)
    if (kind != 2)
      g_assert_cmpuint (kept[kind] + (kind == 1 ? kept[2] : 0), >, 3);

  while (twin_history_get_can_redo (twin_model_get_history (model)))
    g_assert_true (twin_model_redo (model, NULL));
  final = dump_model (model);
  while (twin_history_get_can_undo (twin_model_get_history (model)))
    {
      g_assert_true (twin_model_undo (model, NULL));
      check_invariants (model);
    }
  {
    g_autofree char *undone = dump_model (model);

    g_assert_cmpstr (undone, ==, initial);
  }
  while (twin_history_get_can_redo (twin_model_get_history (model)))
    g_assert_true (twin_model_redo (model, NULL));
  {
    g_autofree char *redone = dump_model (model);

    g_assert_cmpstr (redone, ==, final);
  }
}

static void
test_detached_and_copy (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Loaded");
  g_autoptr (TwinEntity) sub = twin_entity_new (NULL, "subsystem", "Sub");
  g_autoptr (TwinEntity) a = twin_entity_new (NULL, "resistor", "A");
  g_autoptr (TwinEntity) b = twin_entity_new (NULL, "resistor", "B");
  g_autoptr (TwinEntity) c = twin_entity_new (NULL, "ground", "C");
  g_autoptr (TwinConnection) inner = NULL;
  g_autoptr (TwinConnection) outer = NULL;
  g_autoptr (TwinEntity) snapshot = NULL;
  g_autoptr (TwinEntity) duplicate = NULL;
  g_autoptr (TwinModel) model = NULL;
  g_autofree char *dump_snapshot = NULL;
  TwinPortInfo     info;
  double           x, y;

  twin_entity_append_child (root, sub);
  twin_entity_append_child (root, c);
  twin_entity_append_child (sub, a);
  twin_entity_append_child (sub, b);
  inner = twin_connection_new ("0b7d2c9e-1a7e-4a39-9c37-0a4c1c2f6e11", a, "n", b, "p");
  g_assert_cmpstr (twin_connection_get_id (inner), ==, "0b7d2c9e-1a7e-4a39-9c37-0a4c1c2f6e11");
  twin_entity_add_connection (sub, inner);
  twin_entity_add_boundary_port (sub, "top", a, "p");
  twin_entity_add_boundary_port (sub, "bottom", b, "n");
  outer = twin_connection_new (NULL, sub, "bottom", c, "p");
  twin_entity_add_connection (root, outer);
  twin_entity_set_initial_diagram_position (sub, 20, 40);
  twin_entity_set_initial_diagram_position (a, 0.5, NAN);
  g_assert_false (twin_entity_get_diagram_position (a, NULL, NULL));

  g_assert_cmpuint (twin_entity_get_n_ports (sub), ==, 2);
  g_assert_true (twin_entity_get_port (sub, 1, &info));
  g_assert_cmpstr (info.name, ==, "bottom");
  g_assert_cmpstr (info.label, ==, "bottom");
  g_assert_true (info.inner == b);

  /* A snapshot keeps every id; a duplicate gets new ones, wired the same way. */
  snapshot = twin_entity_copy_subtree (root, FALSE);
  duplicate = twin_entity_copy_subtree (root, TRUE);
  model = twin_model_new (root);
  check_invariants (model);
  {
    g_autoptr (TwinModel) snapshot_model = twin_model_new (snapshot);
    g_autofree char *original = dump_model (model);

    dump_snapshot = dump_model (snapshot_model);
    g_assert_cmpstr (dump_snapshot, ==, original);
  }
  {
    TwinEntity *sub_copy = twin_entity_find_child (duplicate, "Sub");
    g_autoptr (TwinConnection) inner_copy = g_list_model_get_item (twin_entity_get_connections (sub_copy), 0);
    g_autoptr (TwinConnection) outer_copy = g_list_model_get_item (twin_entity_get_connections (duplicate), 0);

    g_assert_cmpstr (twin_entity_get_id (sub_copy), !=, twin_entity_get_id (sub));
    g_assert_true (twin_entity_get_diagram_position (sub_copy, &x, &y));
    g_assert_cmpfloat (x, ==, 20);
    g_assert_cmpfloat (y, ==, 40);
    g_assert_true (twin_connection_get_from (inner_copy) == twin_entity_find_child (sub_copy, "A"));
    g_assert_cmpstr (twin_connection_get_id (inner_copy), !=, twin_connection_get_id (inner));
    g_assert_true (twin_connection_get_from (outer_copy) == sub_copy);
    g_assert_true (twin_entity_find_port (sub_copy, "top", &info));
    g_assert_true (info.inner == twin_entity_find_child (sub_copy, "A"));
  }

  /* twin_model_duplicate copies the inside wiring too. */
  {
    g_autoptr (GError) error = NULL;
    TwinEntity *copy = twin_model_duplicate (model, sub, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (twin_entity_get_n_connections (copy), ==, 1);
    g_assert_cmpuint (twin_entity_get_n_boundary_ports (copy), ==, 2);
    /* One grid step away, not hiding the original. */
    g_assert_true (twin_entity_get_diagram_position (copy, &x, &y));
    g_assert_cmpfloat (x, ==, 40);
    g_assert_cmpfloat (y, ==, 60);
    check_invariants (model);
  }

  /* The builders refuse once the tree belongs to a model, and bad ports. */
  g_test_expect_message ("twin-entity", G_LOG_LEVEL_CRITICAL, "*self->model == NULL*");
  twin_entity_add_boundary_port (sub, "more", a, "n");
  g_test_assert_expected_messages ();
  {
    g_autoptr (TwinEntity) lone = twin_entity_new (NULL, "subsystem", "Lone");
    g_autoptr (TwinEntity) part = twin_entity_new (NULL, "resistor", "Part");
    g_autoptr (TwinEntity) stranger = twin_entity_new (NULL, "resistor", "Stranger");

    twin_entity_append_child (lone, part);
    twin_entity_add_boundary_port (lone, "p", part, "p");
    g_test_expect_message ("twin-entity", G_LOG_LEVEL_CRITICAL, "*port_name_is_free*");
    twin_entity_add_boundary_port (lone, "p", part, "n");
    g_test_assert_expected_messages ();
    g_test_expect_message ("twin-entity", G_LOG_LEVEL_CRITICAL, "*inner->parent == self*");
    twin_entity_add_boundary_port (lone, "q", stranger, "n");
    g_test_assert_expected_messages ();
  }
}

static void
test_finalize (void)
{
  TwinModel      *model = make_circuit ();
  TwinEntity     *root = g_object_ref (twin_model_get_root (model));
  TwinEntity     *r1 = g_object_ref (child (model, "R1"));
  TwinConnection *c = g_list_model_get_item (twin_entity_get_connections (root), 0);
  TwinEntity     *members[] = { child (model, "R2"), child (model, "C1") };

  g_assert_nonnull (twin_model_group (model, members, 2, NULL, NULL));
  g_assert_true (twin_model_delete (model, r1, NULL));
  g_assert_finalize_object (model);
  g_assert_finalize_object (root);
  /* The wire outlives its end only as long as someone holds it: its end reads NULL. */
  g_assert_true (twin_connection_get_to (c) == r1);
  g_assert_finalize_object (r1);
  g_assert_null (twin_connection_get_to (c));
  g_assert_finalize_object (c);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/connections/ports", test_ports);
  g_test_add_func ("/core/connections/rules", test_rules);
  g_test_add_func ("/core/connections/signal-direction", test_signal_direction);
  g_test_add_func ("/core/connections/expose", test_expose);
  g_test_add_func ("/core/connections/source-through-boundary", test_source_through_boundary);
  g_test_add_func ("/core/connections/delete-cascade", test_delete_cascade);
  g_test_add_func ("/core/connections/move-cascade", test_move_cascade);
  g_test_add_func ("/core/connections/place-blocks", test_place_blocks);
  g_test_add_func ("/core/connections/paste", test_paste);
  g_test_add_func ("/core/connections/group-ungroup", test_group_ungroup);
  g_test_add_func ("/core/connections/ungroup-name-clash", test_ungroup_name_clash);
  g_test_add_func ("/core/connections/ungroup-type-ports", test_ungroup_type_ports);
  g_test_add_func ("/core/connections/commit-failure", test_commit_failure);
  g_test_add_func ("/core/connections/change-flags", test_change_flags);
  g_test_add_func ("/core/connections/random", test_random);
  g_test_add_func ("/core/connections/detached-and-copy", test_detached_and_copy);
  g_test_add_func ("/core/connections/finalize", test_finalize);

  return g_test_run ();
}
