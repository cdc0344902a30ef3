/* test-model.c: tests of the twin model's edits, validation and undo/redo, without GTK.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "twin-core.h"

#include <math.h>

/* A canonical text of a subtree: every field the model owns, in order. */
static void
dump_entity (GString    *out,
             TwinEntity *entity,
             guint       depth)
{
  const TwinTransform *t = twin_entity_get_transform (entity);
  GListModel          *parameters = twin_entity_get_parameters (entity);

  g_string_append_printf (out, "%*s%s %s [%s] t=%g,%g,%g r=%g,%g,%g s=%g,%g,%g\n", depth * 2, "",
                          twin_entity_get_id (entity), twin_entity_get_name (entity),
                          twin_entity_get_type_name (entity), t->position_m[0], t->position_m[1],
                          t->position_m[2], t->rotation_deg[0], t->rotation_deg[1], t->rotation_deg[2],
                          t->scale[0], t->scale[1], t->scale[2]);
  for (guint i = 0; i < g_list_model_get_n_items (parameters); i++)
    {
      g_autoptr (TwinParameter) p = g_list_model_get_item (parameters, i);
      g_autofree char *value = twin_parameter_dup_value_text (p);

      g_string_append_printf (out, "%*s  - %s = %s %s\n", depth * 2, "", twin_parameter_get_name (p), value,
                              twin_parameter_get_unit (p));
    }
  for (guint i = 0; i < twin_entity_get_n_children (entity); i++)
    dump_entity (out, twin_entity_get_child (entity, i), depth + 1);
}

static char *
dump_model (TwinModel *model)
{
  GString *out = g_string_new (NULL);

  dump_entity (out, twin_model_get_root (model), 0);
  return g_string_free (out, FALSE);
}

/* Office ▸ Floor 1 ▸ (Room 101 ▸ Heater, Room 102), Floor 2 */
static TwinModel *
make_office (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "building", "Office");
  TwinModel  *model = twin_model_new (root);
  TwinEntity *floor1, *room;

  floor1 = twin_model_create_entity (model, root, "floor", "Floor 1", -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (twin_model_create_entity (model, root, "floor", "Floor 2", -1, &error));
  room = twin_model_create_entity (model, floor1, "room", "Room 101", -1, &error);
  g_assert_nonnull (twin_model_create_entity (model, room, "heater", "Heater", -1, &error));
  g_assert_nonnull (twin_model_create_entity (model, floor1, "room", "Room 102", -1, &error));
  g_assert_no_error (error);
  twin_history_clear (twin_model_get_history (model));
  return model;
}

static void
test_create (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinModel) model = twin_model_new (NULL);
  TwinEntity *root = twin_model_get_root (model);
  TwinEntity *a, *b, *c;

  g_assert_cmpstr (twin_entity_get_type_name (root), ==, "system");
  g_assert_true (twin_entity_is_valid_id (twin_entity_get_id (root)));

  a = twin_model_create_entity (model, root, "room", NULL, -1, &error);
  g_assert_no_error (error);
  b = twin_model_create_entity (model, root, "room", NULL, -1, &error);
  c = twin_model_create_entity (model, root, "room", NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (twin_entity_get_name (a), ==, "Room");
  g_assert_cmpstr (twin_entity_get_name (b), ==, "Room 2");
  g_assert_cmpstr (twin_entity_get_name (c), ==, "Room 3");
  g_assert_cmpint (twin_entity_get_index (c), ==, 0);
  g_assert_cmpuint (twin_model_get_n_entities (model), ==, 4);
  g_assert_cmpuint (twin_model_get_depth (model), ==, 2);

  /* A built-in type brings its parameters with units and ranges. */
  g_assert_nonnull (twin_entity_get_parameter (a, "floor_area"));
  g_assert_cmpstr (twin_parameter_get_unit (twin_entity_get_parameter (a, "floor_area")), ==, "m²");
  g_assert_true (twin_model_lookup (model, twin_entity_get_id (a)) == a);

  /* An unknown but valid type is kept as it is. */
  g_assert_nonnull (twin_model_create_entity (model, root, "vendor.pump-x", "Pump", -1, &error));
  g_assert_no_error (error);
  g_assert_null (twin_model_create_entity (model, root, "Bad Type", "X", -1, &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_NAME);
}

static void
test_names (void)
{
  static const char *const bad[] = { "", " Room", "Room ", "A/B", "line\nbreak", "tab\there" };
  g_autoptr (TwinModel) model = make_office ();
  TwinEntity      *room = twin_model_lookup_path (model, "Office/Floor 1/Room 101");
  g_autofree char *name = NULL;

  g_assert_nonnull (room);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (twin_model_rename (model, room, bad[i], &error));
      g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_NAME);
    }

  {
    g_autoptr (GError) error = NULL;

    g_assert_false (twin_model_rename (model, room, "Room 102", &error));
    g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_NAME_TAKEN);
    g_assert_nonnull (strstr (error->message, "Office/Floor 1"));
  }

  {
    g_autoptr (GError) error = NULL;

    name = g_strnfill (TWIN_ENTITY_NAME_MAX + 1, 'x');
    g_assert_false (twin_model_rename (model, room, name, &error));
    g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_NAME);
  }

  g_assert_true (twin_model_rename (model, room, "Sala reunión — 1 🌡", NULL));
  g_assert_cmpstr (twin_entity_get_name (room), ==, "Sala reunión — 1 🌡");
  /* Same name as a sibling's in another parent is fine. */
  g_assert_true (twin_model_rename (model, twin_model_lookup_path (model, "Floor 2"), "Room 102", NULL));
  g_assert_cmpuint (twin_history_get_n_undo (twin_model_get_history (model)), ==, 2);
}

static void
test_move_and_reorder (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinModel) model = make_office ();
  g_autofree char *before = dump_model (model);
  TwinEntity      *floor1 = twin_model_lookup_path (model, "Floor 1");
  TwinEntity      *floor2 = twin_model_lookup_path (model, "Floor 2");
  TwinEntity      *room = twin_model_lookup_path (model, "Floor 1/Room 101");
  TwinEntity      *heater = twin_model_lookup_path (model, "Floor 1/Room 101/Heater");

  /* Into itself or below itself: refused. */
  g_assert_false (twin_model_move (model, floor1, heater, -1, &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_MOVE);
  g_clear_error (&error);
  g_assert_false (twin_model_move (model, twin_model_get_root (model), floor1, -1, &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_MOVE);
  g_clear_error (&error);

  g_assert_true (twin_model_move (model, room, floor2, -1, &error));
  g_assert_no_error (error);
  g_assert_true (twin_entity_get_parent (room) == floor2);
  g_assert_true (twin_model_lookup_path (model, "Floor 2/Room 101/Heater") == heater);

  /* A name clash in the new parent is refused. */
  g_assert_true (twin_model_create_entity (model, floor1, "room", "Room 101", -1, &error) != NULL);
  g_assert_false (twin_model_move (model, room, floor1, -1, &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_NAME_TAKEN);
  g_clear_error (&error);

  g_assert_true (twin_model_reorder (model, floor2, 0, &error));
  g_assert_cmpint (twin_entity_get_index (floor2), ==, 0);
  g_assert_cmpint (twin_entity_get_index (floor1), ==, 1);

  while (twin_history_get_can_undo (twin_model_get_history (model)))
    g_assert_true (twin_model_undo (model, NULL));
  {
    g_autofree char *after = dump_model (model);

    g_assert_cmpstr (before, ==, after);
  }
}

static void
test_duplicate_and_delete (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinModel) model = make_office ();
  TwinEntity      *room = twin_model_lookup_path (model, "Floor 1/Room 101");
  TwinEntity      *heater = twin_model_lookup_path (model, "Floor 1/Room 101/Heater");
  TwinEntity      *copy, *copy2;
  g_autofree char *before = dump_model (model);

  copy = twin_model_duplicate (model, room, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (twin_entity_get_name (copy), ==, "Room 101 (copy)");
  g_assert_cmpint (twin_entity_get_index (copy), ==, twin_entity_get_index (room) + 1);
  g_assert_cmpstr (twin_entity_get_id (copy), !=, twin_entity_get_id (room));
  g_assert_cmpuint (twin_entity_count_subtree (copy), ==, 2);
  g_assert_cmpstr (twin_entity_get_id (twin_entity_get_child (copy, 0)), !=, twin_entity_get_id (heater));
  copy2 = twin_model_duplicate (model, room, &error);
  g_assert_cmpstr (twin_entity_get_name (copy2), ==, "Room 101 (copy 2)");
  g_assert_cmpuint (twin_model_get_n_entities (model), ==, 10);

  g_object_ref (heater);
  g_assert_true (twin_model_delete (model, room, &error));
  g_assert_no_error (error);
  g_assert_null (twin_model_lookup (model, twin_entity_get_id (heater)));
  g_assert_cmpuint (twin_model_get_n_entities (model), ==, 8);
  g_assert_false (twin_model_contains (model, heater));

  /* Undo puts the very same objects back. */
  g_assert_true (twin_model_undo (model, NULL));
  g_assert_true (twin_model_lookup (model, twin_entity_get_id (heater)) == heater);
  g_object_unref (heater);

  g_assert_false (twin_model_delete (model, twin_model_get_root (model), &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_MOVE);

  g_assert_true (twin_model_undo (model, NULL));
  g_assert_true (twin_model_undo (model, NULL));
  {
    g_autofree char *after = dump_model (model);

    g_assert_cmpstr (before, ==, after);
  }
}

static void
test_parameters (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinModel) model = make_office ();
  TwinEntity    *heater = twin_model_lookup_path (model, "Floor 1/Room 101/Heater");
  TwinEntity    *room = twin_model_lookup_path (model, "Floor 1/Room 101");
  TwinParameter *power = twin_entity_get_parameter (heater, "heating_power");

  /* Units are converted into the parameter's unit. */
  g_assert_true (twin_model_set_parameter_text (model, heater, "heating_power", "2.5 kW", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (twin_parameter_get_number (power), ==, 2500);
  g_assert_true (twin_model_set_parameter_text (model, heater, "heating_power", "1500,5", &error));
  g_assert_cmpfloat (twin_parameter_get_number (power), ==, 1500.5);

  /* Out of range: the message names the entity, the parameter and why. */
  g_assert_false (twin_model_set_parameter_text (model, heater, "heating_power", "50 MW", &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_OUT_OF_RANGE);
  g_assert_nonnull (strstr (error->message, "Office/Floor 1/Room 101/Heater"));
  g_assert_nonnull (strstr (error->message, "heating_power"));
  g_assert_nonnull (strstr (error->message, "maximum"));
  g_clear_error (&error);
  g_assert_cmpfloat (twin_parameter_get_number (power), ==, 1500.5);

  /* A unit of another quantity. */
  g_assert_false (twin_model_set_parameter_text (model, heater, "heating_power", "3 kg", &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_WRONG_UNIT);
  g_assert_nonnull (strstr (error->message, "mass"));
  g_clear_error (&error);

  /* Not numbers. */
  g_assert_false (twin_model_set_parameter_text (model, heater, "heating_power", "nan", &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (twin_model_set_parameter_text (model, heater, "heating_power", "1e999", &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (twin_model_set_parameter (model, heater, "heating_power", g_variant_new_double (NAN), &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (twin_model_set_parameter (model, heater, "heating_power", g_variant_new_string ("x"), &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  /* Integers, booleans, temperatures with an offset. */
  g_assert_false (twin_model_set_parameter_text (model, room, "occupancy", "2.5", &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_true (twin_model_set_parameter_text (model, room, "occupancy", "12", &error));
  g_assert_cmpint (twin_parameter_get_integer (twin_entity_get_parameter (room, "occupancy")), ==, 12);
  g_assert_true (twin_model_set_parameter_text (model, room, "setpoint", "295.15 K", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (twin_parameter_get_number (twin_entity_get_parameter (room, "setpoint")), 22.0, 1e-9);

  g_assert_false (twin_model_set_parameter_text (model, room, "no_such", "1", &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Undo restores every value. */
  while (twin_history_get_can_undo (twin_model_get_history (model)))
    g_assert_true (twin_model_undo (model, NULL));
  g_assert_cmpfloat (twin_parameter_get_number (power), ==, 1000);
  g_assert_cmpfloat (twin_parameter_get_number (twin_entity_get_parameter (room, "setpoint")), ==, 21);
}

static void
test_transform (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinModel) model = make_office ();
  TwinEntity   *floor2 = twin_model_lookup_path (model, "Floor 2");
  TwinTransform t;

  twin_transform_init_identity (&t);
  t.position_m[2] = 3.2;
  g_assert_true (twin_model_set_transform (model, floor2, &t, &error));
  g_assert_cmpfloat (twin_entity_get_transform (floor2)->position_m[2], ==, 3.2);

  t.scale[1] = 0;
  g_assert_false (twin_model_set_transform (model, floor2, &t, &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  t.scale[1] = 1;
  t.rotation_deg[0] = INFINITY;
  g_assert_false (twin_model_set_transform (model, floor2, &t, &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_VALUE);

  g_assert_true (twin_model_undo (model, NULL));
  g_assert_true (twin_transform_is_identity (twin_entity_get_transform (floor2)));
}

static void
test_history (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinModel) model = make_office ();
  TwinHistory *history = twin_model_get_history (model);
  TwinEntity  *room = twin_model_lookup_path (model, "Floor 1/Room 102");

  g_assert_false (twin_history_get_can_undo (history));
  g_assert_true (twin_history_get_is_clean (history));
  g_assert_false (twin_model_undo (model, &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_NOTHING_TO_UNDO);
  g_clear_error (&error);

  g_assert_true (twin_model_rename (model, room, "Kitchen", NULL));
  g_assert_cmpstr (twin_history_get_undo_label (history), ==, "Rename “Room 102”");
  g_assert_false (twin_history_get_is_clean (history));
  twin_history_mark_clean (history);
  g_assert_true (twin_history_get_is_clean (history));

  g_assert_true (twin_model_undo (model, NULL));
  g_assert_false (twin_history_get_is_clean (history));
  g_assert_cmpstr (twin_history_get_redo_label (history), ==, "Rename “Room 102”");
  g_assert_true (twin_model_redo (model, NULL));
  g_assert_true (twin_history_get_is_clean (history));
  g_assert_cmpstr (twin_entity_get_name (room), ==, "Kitchen");

  /* A new edit after undoing past the clean point makes it unreachable. */
  g_assert_true (twin_model_undo (model, NULL));
  g_assert_true (twin_model_rename (model, room, "Office 2", NULL));
  g_assert_false (twin_history_get_can_redo (history));
  g_assert_true (twin_model_undo (model, NULL));
  g_assert_false (twin_history_get_is_clean (history));
}

typedef struct
{
  guint n_calls;
  guint fail_at;
} CommitCounter;

static gboolean
counting_commit (TwinModel        *model,
                 const TwinChange *change,
                 gpointer          user_data,
                 GError          **error)
{
  CommitCounter *counter = user_data;

  g_assert_cmpuint (change->entries->len, >, 0);
  if (++counter->n_calls == counter->fail_at)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "The disk is full");
      return FALSE;
    }
  return TRUE;
}

static void
test_commit_failure_rolls_back (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinModel) model = make_office ();
  CommitCounter    counter = { 0, 2 };
  TwinEntity      *floor1 = twin_model_lookup_path (model, "Floor 1");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  twin_model_set_commit_func (model, counting_commit, &counter, NULL);
  g_assert_true (twin_model_rename (model, floor1, "Ground floor", NULL));
  before = dump_model (model);

  /* The second commit fails: the delete is rolled back, nothing is recorded. */
  g_assert_false (twin_model_delete (model, floor1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  after = dump_model (model);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (twin_history_get_n_undo (twin_model_get_history (model)), ==, 1);
  g_assert_true (twin_model_contains (model, floor1));
  twin_model_set_commit_func (model, NULL, NULL, NULL);
}

static void
test_random_undo_redo (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261121);
  g_autoptr (TwinModel) model = make_office ();
  g_autofree char *initial = dump_model (model);
  g_autofree char *final = NULL;

  for (guint step = 0; step < 400; step++)
    {
      g_autoptr (GPtrArray) all = g_ptr_array_new ();
      TwinEntity *a, *b;

      /* Collect entities in tree order for determinism. */
      {
        g_autoptr (GQueue) queue = g_queue_new ();

        g_queue_push_tail (queue, twin_model_get_root (model));
        while (!g_queue_is_empty (queue))
          {
            TwinEntity *e = g_queue_pop_head (queue);

            g_ptr_array_add (all, e);
            for (guint i = 0; i < twin_entity_get_n_children (e); i++)
              g_queue_push_tail (queue, twin_entity_get_child (e, i));
          }
      }
      a = g_ptr_array_index (all, g_rand_int_range (rand, 0, all->len));
      b = g_ptr_array_index (all, g_rand_int_range (rand, 0, all->len));
      switch (g_rand_int_range (rand, 0, 7))
        {
        case 0:
          twin_model_create_entity (model, a, "room", NULL, g_rand_int_range (rand, -1, 3), NULL);
          break;
        case 1:
          {
            g_autofree char *name = g_strdup_printf ("N%u", g_rand_int_range (rand, 0, 50));

            twin_model_rename (model, a, name, NULL);
          }
          break;
        case 2:
          twin_model_move (model, a, b, g_rand_int_range (rand, -1, 4), NULL);
          break;
        case 3:
          twin_model_duplicate (model, a, NULL);
          break;
        case 4:
          if (all->len > 6)
            twin_model_delete (model, a, NULL);
          break;
        case 5:
          if (twin_entity_get_parameter (a, "floor_area") != NULL)
            {
              g_autofree char *text = g_strdup_printf ("%d", g_rand_int_range (rand, -10, 200));

              twin_model_set_parameter_text (model, a, "floor_area", text, NULL);
            }
          break;
        default:
          twin_model_undo (model, NULL);
          break;
        }
    }

  /* The sequence may end with undone steps: the final state has them redone. */
  while (twin_history_get_can_redo (twin_model_get_history (model)))
    g_assert_true (twin_model_redo (model, NULL));
  final = dump_model (model);
  while (twin_history_get_can_undo (twin_model_get_history (model)))
    g_assert_true (twin_model_undo (model, NULL));
  {
    g_autofree char *undone = dump_model (model);

    g_assert_cmpstr (initial, ==, undone);
  }
  while (twin_history_get_can_redo (twin_model_get_history (model)))
    g_assert_true (twin_model_redo (model, NULL));
  {
    g_autofree char *redone = dump_model (model);

    g_assert_cmpstr (final, ==, redone);
  }
}

static void
test_format_number (void)
{
  static const struct
  {
    double      value;
    const char *text;
  } cases[] = {
    { 60, "60" },
    { 1200, "1200" },
    { 0.1, "0.1" },
    { -0.0, "-0" },
    { 1e21, "1e+21" },
    { 1e-300, "1e-300" },
    { 2.5e-5, "2.5e-05" },
    { 123456789012, "123456789012" },
    { 1.0 / 3, "0.3333333333333333" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = twin_format_number (cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_cmpfloat (g_ascii_strtod (text, NULL), ==, cases[i].value);
    }
}

static void
test_depth_limit (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinModel) model = twin_model_new (NULL);
  TwinEntity *parent = twin_model_get_root (model);
  TwinEntity *deepest;

  for (guint level = 2; level <= TWIN_ENTITY_DEPTH_MAX; level++)
    {
      parent = twin_model_create_entity (model, parent, "subsystem", NULL, -1, &error);
      g_assert_no_error (error);
    }
  /* The depth is computed in linear time, even this deep. */
  g_assert_cmpuint (twin_model_get_depth (model), ==, TWIN_ENTITY_DEPTH_MAX);
  deepest = parent;
  g_assert_null (twin_model_create_entity (model, deepest, "room", NULL, -1, &error));
  g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_MOVE);
  g_clear_error (&error);

  /* Moving a two-level subtree under the deepest level is refused too. */
  {
    TwinEntity *group = twin_model_create_entity (model, twin_model_get_root (model), "subsystem", "Group", -1, &error);

    g_assert_nonnull (twin_model_create_entity (model, group, "room", NULL, -1, &error));
    g_assert_false (twin_model_move (model, group, twin_entity_get_parent (deepest), -1, &error));
    g_assert_error (error, TWIN_MODEL_ERROR, TWIN_MODEL_ERROR_INVALID_MOVE);
  }
}

static void
test_many_siblings (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "site", "District");
  g_autoptr (TwinModel) model = NULL;
  gint64 start = g_get_monotonic_time ();

  /* Building a detached tree of 100 000 siblings stays linear (names are hashed). */
  for (guint i = 0; i < 100000; i++)
    {
      g_autofree char *name = g_strdup_printf ("Meter %u", i);
      g_autoptr (TwinEntity) child = twin_entity_new (NULL, "asset", name);

      twin_entity_append_child (root, child);
    }
  model = twin_model_new (root);
  g_assert_true (twin_model_lookup_path (model, "Meter 99999") != NULL);
  g_assert_true (twin_model_rename (model, twin_model_lookup_path (model, "Meter 5"), "Meter 5b", NULL));
  g_assert_null (twin_model_lookup_path (model, "Meter 5"));
  g_assert_nonnull (twin_model_lookup_path (model, "Meter 5b"));
  g_assert_true (twin_model_undo (model, NULL));
  g_assert_nonnull (twin_model_lookup_path (model, "Meter 5"));
  g_test_message ("100 000 siblings in %.2f s", (g_get_monotonic_time () - start) / 1e6);
}

static void
test_finalize (void)
{
  TwinModel  *model = make_office ();
  TwinEntity *root = g_object_ref (twin_model_get_root (model));

  g_assert_true (twin_model_delete (model, twin_model_lookup_path (model, "Floor 1"), NULL));
  g_assert_finalize_object (model);
  g_assert_finalize_object (root);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/model/create", test_create);
  g_test_add_func ("/core/model/names", test_names);
  g_test_add_func ("/core/model/move-and-reorder", test_move_and_reorder);
  g_test_add_func ("/core/model/duplicate-and-delete", test_duplicate_and_delete);
  g_test_add_func ("/core/model/parameters", test_parameters);
  g_test_add_func ("/core/model/transform", test_transform);
  g_test_add_func ("/core/model/history", test_history);
  g_test_add_func ("/core/model/commit-failure-rolls-back", test_commit_failure_rolls_back);
  g_test_add_func ("/core/model/random-undo-redo", test_random_undo_redo);
  g_test_add_func ("/core/model/format-number", test_format_number);
  g_test_add_func ("/core/model/depth-limit", test_depth_limit);
  g_test_add_func ("/core/model/many-siblings", test_many_siblings);
  g_test_add_func ("/core/model/finalize", test_finalize);

  return g_test_run ();
}
