/* test-model-json.c: tests of the JSON text form: byte-identical round trips, the example twin,
 * broken files and their messages, hostile input, and number formatting under other locales.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "twin-core.h"
#include "twin-test-util.h"

#include <float.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <string.h>

/* Helpers */

static char *
read_text (const char *path,
           gsize      *length)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

static char *
example_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "examples", "office-building.json", NULL);
}

static char *
fixture_path (const char *folder,
              const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "json", folder, name, NULL);
}

/* Loads @text and fails the test unless it is a valid model. */
static TwinEntity *
load_ok (const char *text,
         gssize      length)
{
  g_autoptr (GError) error = NULL;
  TwinEntity *root = twin_model_json_from_string (text, length, &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);
  return root;
}

/* Loads @text, which must fail with @code; returns the message. */
static char *
load_error (const char *text,
            gssize      length,
            int         code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinEntity) root = twin_model_json_from_string (text, length, &error);

  g_assert_null (root);
  g_assert_error (error, TWIN_JSON_ERROR, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  return g_strdup (error->message);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” does not contain “%s”", haystack, needle);
}

/* A document around one root entity's JSON. */
static char *
document (const char *root_json)
{
  return g_strdup_printf ("{\"format\": \"twin-studio-model\", \"version\": 1, \"root\": %s}", root_json);
}

/* Exports @root, imports the text, exports again and checks both texts are
 * the same bytes. Returns the text. */
static char *
assert_round_trip (TwinEntity *root)
{
  g_autofree char *first = twin_model_json_entity_to_string (root);
  g_autoptr (TwinEntity) again = load_ok (first, -1);
  g_autofree char *second = twin_model_json_entity_to_string (again);

  g_assert_cmpstr (first, ==, second);
  g_assert_true (g_str_has_suffix (first, "}\n"));
  return g_steal_pointer (&first);
}

static gboolean
same_number (double a,
             double b)
{
  /* Negative zero is written as 0, so only the value has to survive. */
  if (a == 0.0 && b == 0.0)
    return TRUE;
  return memcmp (&a, &b, sizeof a) == 0;
}

static gboolean
same_bound (double a,
            double b)
{
  return (isinf (a) && isinf (b) && (a > 0) == (b > 0)) || same_number (a, b);
}

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

/* Checks that two entities have the same diagram position, boundary ports
 * and connections (ends compared by id, so they point into each own tree). */
static void
assert_same_diagram (TwinEntity *a,
                     TwinEntity *b)
{
  double   ax, ay, bx, by;
  gboolean a_placed = twin_entity_get_diagram_position (a, &ax, &ay);
  gboolean b_placed = twin_entity_get_diagram_position (b, &bx, &by);

  g_assert_cmpint (a_placed, ==, b_placed);
  if (a_placed)
    {
      g_assert_true (same_number (ax, bx));
      g_assert_true (same_number (ay, by));
    }

  g_assert_cmpuint (twin_entity_get_n_ports (a), ==, twin_entity_get_n_ports (b));
  g_assert_cmpuint (twin_entity_get_n_boundary_ports (a), ==, twin_entity_get_n_boundary_ports (b));
  for (guint i = 0; i < twin_entity_get_n_ports (a); i++)
    {
      TwinPortInfo pa, pb;

      g_assert_true (twin_entity_get_port (a, i, &pa));
      g_assert_true (twin_entity_get_port (b, i, &pb));
      g_assert_cmpstr (pa.name, ==, pb.name);
      g_assert_cmpint (pa.domain, ==, pb.domain);
      g_assert_cmpint (pa.direction, ==, pb.direction);
      g_assert_cmpint (pa.inner == NULL, ==, pb.inner == NULL);
      if (pa.inner != NULL)
        {
          g_assert_true (twin_entity_get_parent (pa.inner) == a);
          g_assert_true (twin_entity_get_parent (pb.inner) == b);
          g_assert_cmpstr (twin_entity_get_id (pa.inner), ==, twin_entity_get_id (pb.inner));
          g_assert_cmpstr (pa.inner_port, ==, pb.inner_port);
        }
    }

  g_assert_cmpuint (twin_entity_get_n_connections (a), ==, twin_entity_get_n_connections (b));
  for (guint i = 0; i < twin_entity_get_n_connections (a); i++)
    {
      g_autoptr (TwinConnection) ca = g_list_model_get_item (twin_entity_get_connections (a), i);
      g_autoptr (TwinConnection) cb = g_list_model_get_item (twin_entity_get_connections (b), i);

      g_assert_cmpstr (twin_connection_get_id (ca), ==, twin_connection_get_id (cb));
      g_assert_true (twin_entity_get_parent (twin_connection_get_from (cb)) == b);
      g_assert_true (twin_entity_get_parent (twin_connection_get_to (cb)) == b);
      g_assert_cmpstr (twin_entity_get_id (twin_connection_get_from (ca)), ==,
                       twin_entity_get_id (twin_connection_get_from (cb)));
      g_assert_cmpstr (twin_connection_get_from_port (ca), ==, twin_connection_get_from_port (cb));
      g_assert_cmpstr (twin_entity_get_id (twin_connection_get_to (ca)), ==,
                       twin_entity_get_id (twin_connection_get_to (cb)));
      g_assert_cmpstr (twin_connection_get_to_port (ca), ==, twin_connection_get_to_port (cb));
    }
}

/* Checks that two trees hold the same content, entity by entity. */
static void
assert_same_tree (TwinEntity *a,
                  TwinEntity *b)
{
  const TwinTransform *ta = twin_entity_get_transform (a);
  const TwinTransform *tb = twin_entity_get_transform (b);

  g_assert_cmpstr (twin_entity_get_id (a), ==, twin_entity_get_id (b));
  g_assert_cmpstr (twin_entity_get_name (a), ==, twin_entity_get_name (b));
  g_assert_cmpstr (twin_entity_get_type_name (a), ==, twin_entity_get_type_name (b));
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (same_number (ta->position_m[i], tb->position_m[i]));
      g_assert_true (same_number (ta->rotation_deg[i], tb->rotation_deg[i]));
      g_assert_true (same_number (ta->scale[i], tb->scale[i]));
    }

  g_assert_cmpuint (twin_entity_get_n_parameters (a), ==, twin_entity_get_n_parameters (b));
  for (guint i = 0; i < twin_entity_get_n_parameters (a); i++)
    {
      g_autoptr (TwinParameter) pa = g_list_model_get_item (twin_entity_get_parameters (a), i);
      g_autoptr (TwinParameter) pb = g_list_model_get_item (twin_entity_get_parameters (b), i);

      g_assert_cmpstr (twin_parameter_get_name (pa), ==, twin_parameter_get_name (pb));
      g_assert_cmpint (twin_parameter_get_kind (pa), ==, twin_parameter_get_kind (pb));
      g_assert_cmpstr (or_empty (twin_parameter_get_description (pa)), ==,
                       or_empty (twin_parameter_get_description (pb)));
      switch (twin_parameter_get_kind (pa))
        {
        case TWIN_VALUE_NUMBER:
          g_assert_true (same_number (twin_parameter_get_number (pa), twin_parameter_get_number (pb)));
          break;
        case TWIN_VALUE_INTEGER:
          g_assert_cmpint (twin_parameter_get_integer (pa), ==, twin_parameter_get_integer (pb));
          break;
        case TWIN_VALUE_BOOLEAN:
          g_assert_cmpint (twin_parameter_get_boolean (pa), ==, twin_parameter_get_boolean (pb));
          break;
        case TWIN_VALUE_STRING:
          g_assert_cmpstr (twin_parameter_get_string (pa), ==, twin_parameter_get_string (pb));
          break;
        default:
          g_assert_not_reached ();
        }
      if (twin_parameter_get_kind (pa) == TWIN_VALUE_NUMBER || twin_parameter_get_kind (pa) == TWIN_VALUE_INTEGER)
        {
          g_assert_cmpstr (or_empty (twin_parameter_get_unit (pa)), ==, or_empty (twin_parameter_get_unit (pb)));
          g_assert_true (same_bound (twin_parameter_get_minimum (pa), twin_parameter_get_minimum (pb)));
          g_assert_true (same_bound (twin_parameter_get_maximum (pa), twin_parameter_get_maximum (pb)));
        }
    }

  assert_same_diagram (a, b);

  g_assert_cmpuint (twin_entity_get_n_children (a), ==, twin_entity_get_n_children (b));
  for (guint i = 0; i < twin_entity_get_n_children (a); i++)
    assert_same_tree (twin_entity_get_child (a, i), twin_entity_get_child (b, i));
}

/* The text of the "value" line of a one-parameter model holding @value. */
static char *
written_number (double value)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Plant");
  g_autoptr (TwinParameter) parameter = twin_parameter_new_number ("x", value, NULL, -INFINITY, INFINITY);
  g_autofree char *text = NULL;
  const char      *start;
  const char      *end;

  twin_entity_add_parameter (root, parameter);
  text = twin_model_json_entity_to_string (root);
  start = strstr (text, "\"value\": ");
  g_assert_nonnull (start);
  start += strlen ("\"value\": ");
  end = strchr (start, '\n');
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

/* Writing */

static void
test_write_layout (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new ("0f8c2d4e-1a3b-4c5d-8e9f-a0b1c2d3e4f5", "building", "Office");
  g_autoptr (TwinEntity) room = twin_entity_new ("0f8c2d4e-1a3b-4c5d-8e9f-a0b1c2d3e4f6", "room", "Room \"1\" \\ ✓");
  g_autoptr (TwinParameter) area = twin_parameter_new_number ("floor_area", 24.5, "m²", 0, INFINITY);
  g_autoptr (TwinParameter) people = twin_parameter_new_integer ("occupancy", 4, NULL, -INFINITY, 12);
  g_autoptr (TwinParameter) label = twin_parameter_new_string ("label", "tab\there\nnew line \x01");
  g_autofree char *text = NULL;
  TwinTransform    transform;
  const char      *expected =
    "{\n"
    "  \"format\": \"twin-studio-model\",\n"
    "  \"version\": 1,\n"
    "  \"root\": {\n"
    "    \"id\": \"0f8c2d4e-1a3b-4c5d-8e9f-a0b1c2d3e4f5\",\n"
    "    \"name\": \"Office\",\n"
    "    \"type\": \"building\",\n"
    "    \"children\": [\n"
    "      {\n"
    "        \"id\": \"0f8c2d4e-1a3b-4c5d-8e9f-a0b1c2d3e4f6\",\n"
    "        \"name\": \"Room \\\"1\\\" \\\\ ✓\",\n"
    "        \"type\": \"room\",\n"
    "        \"transform\": {\n"
    "          \"position\": [1.5, 0, 3],\n"
    "          \"scale\": [2, 2, 0.5]\n"
    "        },\n"
    "        \"parameters\": [\n"
    "          {\n"
    "            \"name\": \"floor_area\",\n"
    "            \"type\": \"number\",\n"
    "            \"value\": 24.5,\n"
    "            \"unit\": \"m²\",\n"
    "            \"minimum\": 0,\n"
    "            \"description\": \"Net floor area.\"\n"
    "          },\n"
    "          {\n"
    "            \"name\": \"occupancy\",\n"
    "            \"type\": \"integer\",\n"
    "            \"value\": 4,\n"
    "            \"maximum\": 12\n"
    "          },\n"
    "          {\n"
    "            \"name\": \"label\",\n"
    "            \"type\": \"string\",\n"
    "            \"value\": \"tab\\there\\nnew line \\u0001\"\n"
    "          }\n"
    "        ]\n"
    "      }\n"
    "    ]\n"
    "  }\n"
    "}\n";

  twin_transform_init_identity (&transform);
  transform.position_m[0] = 1.5;
  transform.position_m[2] = 3;
  transform.scale[0] = transform.scale[1] = 2;
  transform.scale[2] = 0.5;
  twin_entity_set_initial_transform (room, &transform);
  twin_parameter_set_description (area, "Net floor area.");
  twin_entity_add_parameter (room, area);
  twin_entity_add_parameter (room, people);
  twin_entity_add_parameter (room, label);
  twin_entity_append_child (root, room);

  text = twin_model_json_entity_to_string (root);
  g_assert_cmpstr (text, ==, expected);
}

/* The diagram keys: their order among the others, the one-line ends of a
 * connection, and what is left out (no position, no ports, no wires). */
static void
test_write_diagram_layout (void)
{
  g_autoptr (TwinEntity) root = twin_entity_new ("0f8c2d4e-1a3b-4c5d-8e9f-a0b1c2d3e4f0", "subsystem", "Loop");
  g_autoptr (TwinEntity) source = twin_entity_new ("0f8c2d4e-1a3b-4c5d-8e9f-a0b1c2d3e4f1", "constant", "Source");
  g_autoptr (TwinEntity) gain = twin_entity_new ("0f8c2d4e-1a3b-4c5d-8e9f-a0b1c2d3e4f2", "gain", "Gain “K”");
  g_autoptr (TwinParameter) factor = twin_parameter_new_number ("gain", 2.5, NULL, -INFINITY, INFINITY);
  g_autoptr (TwinConnection) wire = NULL;
  g_autofree char *text = NULL;
  g_autoptr (TwinEntity) again = NULL;
  g_autofree char *text_again = NULL;
  TwinTransform    transform;
  const char      *expected =
    "{\n"
    "  \"format\": \"twin-studio-model\",\n"
    "  \"version\": 1,\n"
    "  \"root\": {\n"
    "    \"id\": \"0f8c2d4e-1a3b-4c5d-8e9f-a0b1c2d3e4f0\",\n"
    "    \"name\": \"Loop\",\n"
    "    \"type\": \"subsystem\",\n"
    "    \"ports\": [\n"
    "      {\n"
    "        \"name\": \"y\",\n"
    "        \"entity\": \"0f8c2d4e-1a3b-4c5d-8e9f-a0b1c2d3e4f2\",\n"
    "        \"port\": \"out\"\n"
    "      }\n"
    "    ],\n"
    "    \"children\": [\n"
    "      {\n"
    "        \"id\": \"0f8c2d4e-1a3b-4c5d-8e9f-a0b1c2d3e4f1\",\n"
    "        \"name\": \"Source\",\n"
    "        \"type\": \"constant\",\n"
    "        \"diagram\": [-20, 0.5]\n"
    "      },\n"
    "      {\n"
    "        \"id\": \"0f8c2d4e-1a3b-4c5d-8e9f-a0b1c2d3e4f2\",\n"
    "        \"name\": \"Gain “K”\",\n"
    "        \"type\": \"gain\",\n"
    "        \"transform\": {\n"
    "          \"position\": [1, 0, 0]\n"
    "        },\n"
    "        \"diagram\": [120, 1e+21],\n"
    "        \"parameters\": [\n"
    "          {\n"
    "            \"name\": \"gain\",\n"
    "            \"type\": \"number\",\n"
    "            \"value\": 2.5\n"
    "          }\n"
    "        ]\n"
    "      }\n"
    "    ],\n"
    "    \"connections\": [\n"
    "      {\n"
    "        \"id\": \"c0aaec70-1a3b-4c5d-8e9f-a0b1c2d3e4f3\",\n"
    "        \"from\": {\"entity\": \"0f8c2d4e-1a3b-4c5d-8e9f-a0b1c2d3e4f1\", \"port\": \"out\"},\n"
    "        \"to\": {\"entity\": \"0f8c2d4e-1a3b-4c5d-8e9f-a0b1c2d3e4f2\", \"port\": \"in\"}\n"
    "      }\n"
    "    ]\n"
    "  }\n"
    "}\n";

  twin_entity_set_initial_diagram_position (source, -20, 0.5);
  twin_transform_init_identity (&transform);
  transform.position_m[0] = 1;
  twin_entity_set_initial_transform (gain, &transform);
  twin_entity_set_initial_diagram_position (gain, 120, 1e21);
  twin_entity_add_parameter (gain, factor);
  twin_entity_append_child (root, source);
  twin_entity_append_child (root, gain);
  twin_entity_add_boundary_port (root, "y", gain, "out");
  wire = twin_connection_new ("C0AAEC70-1A3B-4C5D-8E9F-A0B1C2D3E4F3", source, "out", gain, "in");
  twin_entity_add_connection (root, wire);

  text = twin_model_json_entity_to_string (root);
  g_assert_cmpstr (text, ==, expected);
  again = load_ok (text, -1);
  assert_same_tree (root, again);
  text_again = twin_model_json_entity_to_string (again);
  g_assert_cmpstr (text_again, ==, expected);
}

static void
test_write_numbers (void)
{
  const struct
  {
    double      value;
    const char *text;
  } cases[] = {
    { 0.1, "0.1" },
    { 1200, "1200" },
    { 1.5, "1.5" },
    { -2.25, "-2.25" },
    { 0.0, "0" },
    { -0.0, "0" },
    { 1e-300, "1e-300" },
    { 1e21, "1e+21" },
    { 0.30000000000000004, "0.30000000000000004" },
    { 1.0 / 3.0, "0.3333333333333333" },
    { 0.0001, "0.0001" },
    { 0.00001, "1e-05" },
    { 1e16, "10000000000000000" },
    { 12345678901234568.0, "12345678901234568" },
    { 1e17, "1e+17" },
    { 123456789012345680.0, "1.2345678901234568e+17" },
    { DBL_MAX, "1.7976931348623157e+308" },
    { 5e-324, "4.9406564584124654e-324" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = written_number (cases[i].value);

      /* The exact spelling of the last one is the C library's; it must read back. */
      if (cases[i].value == 5e-324)
        g_assert_cmpfloat (g_ascii_strtod (text, NULL), ==, 5e-324);
      else
        g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* Every number written must be read back exactly, including the ones a
 * parser could mistake for 64-bit integers. Many numbers per document keep
 * this quick under the sanitizers. */
static void
test_write_numbers_random (void)
{
  for (guint round = 0; round < 10; round++)
    {
      g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Numbers");
      g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *text = NULL;
      g_autoptr (TwinEntity) again = NULL;

      for (guint i = 0; i < 500; i++)
        {
          g_autofree char *name = g_strdup_printf ("n%u", i);
          g_autoptr (TwinParameter) parameter = NULL;
          union
          {
            guint64 bits;
            double  value;
          } u;

          if (i % 2 == 0)
            {
              do
                u.bits = ((guint64) g_test_rand_int () << 32) | (guint32) g_test_rand_int ();
              while (!isfinite (u.value));
            }
          else
            {
              /* Integers and powers of two near the 53-bit and 64-bit limits. */
              u.value = ldexp (g_test_rand_double_range (1, 2), g_test_rand_int_range (0, 80)) * (i % 4 == 1 ? 1 : -1);
              if (i % 8 == 3)
                u.value = floor (u.value);
            }
          g_array_append_val (values, u.value);
          parameter = twin_parameter_new_number (name, u.value, NULL, -INFINITY, INFINITY);
          twin_entity_add_parameter (root, parameter);
        }

      text = twin_model_json_entity_to_string (root);
      again = load_ok (text, -1);
      for (guint i = 0; i < values->len; i++)
        {
          g_autoptr (TwinParameter) parameter = g_list_model_get_item (twin_entity_get_parameters (again), i);
          double written = g_array_index (values, double, i);
          double read = twin_parameter_get_number (parameter);

          if (!same_number (read, written))
            g_error ("%.17g was read back as %.17g", written, read);
        }
    }
}

/* Round trips */

static void
test_round_trip_example (void)
{
  g_autofree char *path = example_path ();
  g_autofree char *text = read_text (path, NULL);
  g_autoptr (TwinEntity) root = load_ok (text, -1);
  g_autoptr (TwinModel) model = twin_model_new (root);
  g_autofree char *exported = twin_model_json_to_string (model);
  g_autoptr (TwinEntity) again = load_ok (exported, -1);
  g_autofree char *exported_again = twin_model_json_entity_to_string (again);

  /* The committed file is the canonical export of its own model. */
  g_assert_cmpstr (exported, ==, text);
  g_assert_cmpstr (exported_again, ==, text);
  assert_same_tree (twin_model_get_root (model), again);
}

static const char *const awkward_names[] = {
  "Room 101",
  "Raum Nr. „Süd“",
  "Quote \"inside\"",
  "Back\\slash",
  "Emoji 🏭🔥",
  "日本語の部屋",
  "Ünïcødé ✓ ▸ arrow",
  "Line\u2028separator",
  "a",
};

static const char *const awkward_strings[] = {
  "",
  "plain",
  "\"quoted\"",
  "back\\slash\\",
  "new\nline\r\n",
  "tab\t",
  "\x01\x02\x1f control",
  "\x7f delete",
  "emoji 🏭 and 𝄞",
  "/slash/",
  "\\u0041 is not an escape here",
};

static const char *const units[] = { NULL, "m", "m²", "m³/h", "W/(m²·K)", "°C", "kW", "%", "ppm" };

static double
awkward_double (void)
{
  static const double values[] = {
    0.1,
    1e-300,
    -0.0,
    0.0,
    1e21,
    1e16,
    1e17,
    -1e17,
    9007199254740993.0,
    123456789012345678.0,
    DBL_MAX,
    -DBL_MAX,
    DBL_MIN,
    5e-324,
    1.0 / 3.0,
    2.0 / 3.0,
    100,
    1200,
    0.0001,
    0.00001,
    9.2233720368547758e18,
    -9.2233720368547758e18,
    1e300,
    3.5,
    -273.15,
  };
  union
  {
    guint64 bits;
    double  value;
  } u;

  if (g_test_rand_int_range (0, 4) > 0)
    return values[g_test_rand_int_range (0, G_N_ELEMENTS (values))];
  do
    u.bits = ((guint64) g_test_rand_int () << 32) | (guint32) g_test_rand_int ();
  while (!isfinite (u.value));
  return u.value;
}

static gint64
awkward_integer (void)
{
  static const gint64 values[] = {
    0,
    1,
    -1,
    G_MAXINT64,
    G_MININT64,
    G_MAXINT64 - 1,
    9007199254740993,
    -9007199254740993,
    1000000,
  };

  if (g_test_rand_int_range (0, 3) > 0)
    return values[g_test_rand_int_range (0, G_N_ELEMENTS (values))];
  return (gint64) (((guint64) g_test_rand_int () << 32) | (guint32) g_test_rand_int ());
}

static void
awkward_range (double  value,
               double *minimum,
               double *maximum)
{
  *minimum = -INFINITY;
  *maximum = INFINITY;
  switch (g_test_rand_int_range (0, 4))
    {
    case 0:
      break;
    case 1:
      *minimum = *maximum = value;
      break;
    case 2:
      *minimum = value - fabs (value) - 1;
      if (!isfinite (*minimum))
        *minimum = -INFINITY;
      break;
    default:
      *maximum = value + fabs (value) + 0.5;
      if (!isfinite (*maximum))
        *maximum = INFINITY;
      break;
    }
}

static TwinParameter *
random_parameter (const char *name)
{
  TwinParameter *parameter = NULL;
  double         minimum;
  double         maximum;

  switch (g_test_rand_int_range (0, 4))
    {
    case 0:
      {
        double value = awkward_double ();

        awkward_range (value, &minimum, &maximum);
        parameter = twin_parameter_new_number (name, value, units[g_test_rand_int_range (0, G_N_ELEMENTS (units))],
                                               minimum, maximum);
      }
      break;
    case 1:
      {
        gint64 value = awkward_integer ();

        /* The range is a double; keep it around the rounded value. */
        awkward_range ((double) value, &minimum, &maximum);
        parameter = twin_parameter_new_integer (name, value, units[g_test_rand_int_range (0, G_N_ELEMENTS (units))],
                                                minimum, maximum);
      }
      break;
    case 2:
      parameter = twin_parameter_new_boolean (name, g_test_rand_bit ());
      break;
    default:
      parameter = twin_parameter_new_string (name, awkward_strings[g_test_rand_int_range (0, G_N_ELEMENTS (awkward_strings))]);
      break;
    }
  if (g_test_rand_bit ())
    twin_parameter_set_description (parameter, awkward_strings[g_test_rand_int_range (0, G_N_ELEMENTS (awkward_strings))]);
  return parameter;
}

/* A random port of @entity: one it has, or any name when its type is
 * unknown to this build (a newer library's type). */
static const char *
random_port (TwinEntity   *entity,
             TwinPortInfo *info)
{
  static const char *const unknown_ports[] = { "x1", "flange", "Ünïcødé_Port" };
  guint                    n = twin_entity_get_n_ports (entity);

  if (twin_entity_type_lookup (twin_entity_get_type_name (entity)) == NULL)
    {
      memset (info, 0, sizeof *info);
      info->name = unknown_ports[g_test_rand_int_range (0, G_N_ELEMENTS (unknown_ports))];
      return info->name;
    }
  if (n == 0)
    return NULL;
  g_assert_true (twin_entity_get_port (entity, g_test_rand_int_range (0, n), info));
  return info->name;
}

/* Gives @entity, whose children are complete, random boundary ports (some
 * exposing a child's own boundary port) and random connections between its
 * children: of any domains, as reading does not judge them, but never a
 * signal written from an input to an output, which reading turns around. */
static void
add_random_diagram (TwinEntity *entity)
{
  g_autoptr (GHashTable) wires = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_children = twin_entity_get_n_children (entity);
  guint n_ports = n_children > 0 ? g_test_rand_int_range (0, 3) : 0;
  guint n_connections = n_children > 1 ? g_test_rand_int_range (0, 2 * n_children) : 0;

  for (guint i = 0; i < n_ports; i++)
    {
      TwinEntity      *inner = twin_entity_get_child (entity, g_test_rand_int_range (0, n_children));
      g_autofree char *name = g_strdup_printf ("%s_%u", i % 2 ? "bp" : "Außen", i);
      TwinPortInfo     info;
      const char      *port = random_port (inner, &info);
      gboolean         exposed = FALSE;

      /* An inner port is exposed once. */
      for (guint j = 0; port != NULL && j < twin_entity_get_n_ports (entity); j++)
        {
          TwinPortInfo other;

          exposed |= twin_entity_get_port (entity, j, &other) && other.inner == inner &&
                     g_strcmp0 (other.inner_port, port) == 0;
        }
      if (port != NULL && !exposed)
        twin_entity_add_boundary_port (entity, name, inner, port);
    }

  for (guint i = 0; i < n_connections; i++)
    {
      guint            a = g_test_rand_int_range (0, n_children);
      guint            b = (a + g_test_rand_int_range (1, n_children)) % n_children;
      TwinEntity      *from = twin_entity_get_child (entity, a);
      TwinEntity      *to = twin_entity_get_child (entity, b);
      TwinPortInfo     from_info, to_info;
      const char      *from_port = random_port (from, &from_info);
      const char      *to_port = random_port (to, &to_info);
      g_autofree char *key = NULL;
      g_autofree char *reverse = NULL;
      g_autoptr (TwinConnection) connection = NULL;

      if (from_port == NULL || to_port == NULL ||
          (from_info.direction == TWIN_PORT_INPUT && to_info.direction == TWIN_PORT_OUTPUT))
        continue;
      key = g_strdup_printf ("%p %s %p %s", from, from_port, to, to_port);
      reverse = g_strdup_printf ("%p %s %p %s", to, to_port, from, from_port);
      if (g_hash_table_contains (wires, key) || g_hash_table_contains (wires, reverse))
        continue;
      g_hash_table_add (wires, g_steal_pointer (&key));
      connection = twin_connection_new (NULL, from, from_port, to, to_port);
      twin_entity_add_connection (entity, connection);
    }
}

static TwinEntity *
random_tree (guint  depth,
             guint *budget)
{
  static const char *const types[] = { "building", "floor", "room", "heater", "sensor", "subsystem", "gain",
                                       "custom-type.v2" };
  g_autofree char         *name = g_strdup_printf ("%s %u", awkward_names[g_test_rand_int_range (0, G_N_ELEMENTS (awkward_names))], *budget);
  TwinEntity              *entity = twin_entity_new (NULL, types[g_test_rand_int_range (0, G_N_ELEMENTS (types))], name);
  guint                    n_parameters = g_test_rand_int_range (0, 6);
  guint                    n_children = depth < 6 ? g_test_rand_int_range (0, 5) : 0;

  (*budget)--;

  if (g_test_rand_bit ())
    {
      TwinTransform transform;

      twin_transform_init_identity (&transform);
      for (guint i = 0; i < 3; i++)
        {
          if (g_test_rand_bit ())
            transform.position_m[i] = awkward_double ();
          if (g_test_rand_bit ())
            transform.rotation_deg[i] = awkward_double ();
          if (g_test_rand_bit ())
            {
              double scale = awkward_double ();

              transform.scale[i] = scale != 0.0 ? scale : 1e-9;
            }
        }
      twin_entity_set_initial_transform (entity, &transform);
    }

  for (guint i = 0; i < n_parameters; i++)
    {
      g_autofree char *parameter_name = g_strdup_printf ("p%u_%s", i, i % 2 ? "value" : "x");
      g_autoptr (TwinParameter) parameter = random_parameter (parameter_name);

      twin_entity_add_parameter (entity, parameter);
    }

  for (guint i = 0; i<n_children && * budget> 0; i++)
    {
      g_autoptr (TwinEntity) child = random_tree (depth + 1, budget);

      twin_entity_append_child (entity, child);
    }

  if (g_test_rand_int_range (0, 3) > 0)
    twin_entity_set_initial_diagram_position (entity, awkward_double (), g_test_rand_bit () ? awkward_double () : -0.0);
  add_random_diagram (entity);
  return entity;
}

/* Counts @entity's connections and boundary ports, and those below it. */
static void
count_diagram (TwinEntity *entity,
               guint      *n_connections,
               guint      *n_ports)
{
  *n_connections += twin_entity_get_n_connections (entity);
  *n_ports += twin_entity_get_n_boundary_ports (entity);
  for (guint i = 0; i < twin_entity_get_n_children (entity); i++)
    count_diagram (twin_entity_get_child (entity, i), n_connections, n_ports);
}

static void
test_round_trip_random (void)
{
  guint n_connections = 0;
  guint n_ports = 0;

  for (guint round = 0; round < 8; round++)
    {
      guint budget = 150;
      g_autoptr (TwinEntity) root = random_tree (0, &budget);
      g_autofree char *text = assert_round_trip (root);
      g_autoptr (TwinEntity) again = load_ok (text, -1);

      assert_same_tree (root, again);
      count_diagram (again, &n_connections, &n_ports);

      /* Through a model too: the model's own export is the same text. */
      {
        g_autoptr (TwinModel) model = twin_model_new (again);
        g_autofree char *from_model = twin_model_json_to_string (model);

        g_assert_cmpstr (from_model, ==, text);
      }
    }
  /* The trees really had diagrams in them. */
  g_test_message ("%u connections, %u boundary ports", n_connections, n_ports);
  g_assert_cmpuint (n_connections, >, 50);
  g_assert_cmpuint (n_ports, >, 20);
}

/* The example twin */

static guint
count_type (TwinEntity *entity,
            const char *type_name)
{
  guint n = g_strcmp0 (twin_entity_get_type_name (entity), type_name) == 0 ? 1 : 0;

  for (guint i = 0; i < twin_entity_get_n_children (entity); i++)
    n += count_type (twin_entity_get_child (entity, i), type_name);
  return n;
}

static void
check_units (TwinEntity *entity)
{
  for (guint i = 0; i < twin_entity_get_n_parameters (entity); i++)
    {
      g_autoptr (TwinParameter) parameter = g_list_model_get_item (twin_entity_get_parameters (entity), i);
      const char *unit = twin_parameter_get_unit (parameter);
      TwinUnit    parsed;

      if (unit != NULL && unit[0] != '\0')
        g_assert_true (twin_unit_parse (unit, &parsed, NULL));
    }
  for (guint i = 0; i < twin_entity_get_n_children (entity); i++)
    check_units (twin_entity_get_child (entity, i));
}

static void
test_example_contents (void)
{
  g_autofree char *path = example_path ();
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinEntity) root = twin_model_json_from_file (file, &error);
  g_autoptr (TwinModel) model = NULL;
  TwinEntity    *floor;
  TwinEntity    *room;
  TwinEntity    *heater;
  TwinParameter *parameter;
  TwinUnit       unit;
  double         volume_m3;

  g_assert_no_error (error);
  model = twin_model_new (root);

  g_assert_cmpstr (twin_entity_get_name (root), ==, "Office Building");
  g_assert_cmpstr (twin_entity_get_type_name (root), ==, "building");
  g_assert_cmpuint (twin_model_get_n_entities (model), ==, 90);
  g_assert_cmpuint (twin_model_get_depth (model), ==, 4);
  g_assert_cmpuint (count_type (root, "floor"), ==, 3);
  g_assert_cmpuint (count_type (root, "room"), ==, 8);
  g_assert_cmpuint (count_type (root, "heater"), ==, 8);
  g_assert_cmpuint (count_type (root, "sensor"), ==, 10);
  g_assert_cmpuint (count_type (root, "lamp"), ==, 7);
  g_assert_cmpuint (count_type (root, "ventilation"), ==, 3);
  g_assert_cmpuint (count_type (root, "asset"), ==, 1);
  /* Its thermal structure: the rooms' air, facades with their mass, hysteresis thermostats,
   * the server room's heat, outside air. */
  g_assert_cmpuint (count_type (root, "thermal_capacitance"), ==, 8);
  g_assert_cmpuint (count_type (root, "hysteresis"), ==, 7);
  g_assert_cmpuint (count_type (root, "heat_source"), ==, 1);
  g_assert_cmpuint (count_type (root, "fixed_temperature"), ==, 1);
  g_assert_cmpuint (twin_entity_get_n_connections (root), ==, 3);
  {
    g_autoptr (GListModel) issues = twin_validate_model (model);

    g_assert_cmpuint (g_list_model_get_n_items (issues), ==, 0);
  }
  check_units (root);

  /* Every type in the example is one the app knows. */
  for (const char *const *type = (const char *const[]){ "building", "floor", "room", "heater", "sensor", "lamp", "ventilation", "asset", NULL };
       *type != NULL; type++)
    g_assert_nonnull (twin_entity_type_lookup (*type));

  floor = twin_entity_find_child (root, "First Floor");
  g_assert_nonnull (floor);
  g_assert_cmpfloat (twin_entity_get_transform (floor)->position_m[2], ==, 3.5);
  room = twin_entity_find_child (floor, "Open Space 1.03");
  g_assert_nonnull (room);
  g_assert_true (twin_model_lookup (model, twin_entity_get_id (room)) == room);

  parameter = twin_entity_get_parameter (room, "floor_area");
  g_assert_cmpint (twin_parameter_get_kind (parameter), ==, TWIN_VALUE_NUMBER);
  g_assert_cmpfloat (twin_parameter_get_number (parameter), ==, 86.4);
  g_assert_cmpstr (twin_parameter_get_unit (parameter), ==, "m²");
  parameter = twin_entity_get_parameter (room, "volume");
  volume_m3 = twin_parameter_get_number (parameter);
  g_assert_cmpfloat_with_epsilon (volume_m3, 86.4 * 3.2, 1e-9);
  parameter = twin_entity_get_parameter (room, "occupancy");
  g_assert_cmpint (twin_parameter_get_kind (parameter), ==, TWIN_VALUE_INTEGER);
  g_assert_cmpint (twin_parameter_get_integer (parameter), ==, 14);
  parameter = twin_entity_get_parameter (room, "has_window");
  g_assert_true (twin_parameter_get_boolean (parameter));
  parameter = twin_entity_get_parameter (room, "setpoint");
  g_assert_cmpstr (twin_parameter_get_unit (parameter), ==, "°C");
  g_assert_cmpfloat (twin_parameter_get_minimum (parameter), ==, 5);
  g_assert_cmpfloat (twin_parameter_get_maximum (parameter), ==, 30);

  heater = twin_entity_find_child (room, "Radiator West");
  g_assert_nonnull (heater);
  g_assert_cmpstr (twin_entity_get_type_name (heater), ==, "heater");
  parameter = twin_entity_get_parameter (heater, "heating_power");
  g_assert_true (twin_unit_parse (twin_parameter_get_unit (parameter), &unit, NULL));
  g_assert_cmpfloat (twin_unit_to_si (&unit, twin_parameter_get_number (parameter)), ==, 2400);
  g_assert_cmpstr (twin_parameter_get_string (twin_entity_get_parameter (heater, "manufacturer")), ==, "Kermi");

  parameter = twin_entity_get_parameter (root, "wall_u_value");
  g_assert_cmpstr (twin_parameter_get_unit (parameter), ==, "W/(m²·K)");
}

/* Broken and hand-written files */

typedef struct
{
  const char *file;
  int         code;
  const char *words[3];
} BrokenCase;

static const BrokenCase broken_cases[] = {
  { "syntax-missing-comma.json", TWIN_JSON_ERROR_SYNTAX, { "line 3, column 14", "expected" } },
  { "syntax-truncated.json", TWIN_JSON_ERROR_SYNTAX, { "line 55", "ends before the object opened at line 54" } },
  { "syntax-trailing-garbage.json", TWIN_JSON_ERROR_SYNTAX, { "line 71, column 5", "extra" } },
  { "syntax-bad-utf8.json", TWIN_JSON_ERROR_SYNTAX, { "line 60, column 29", "UTF-8" } },
  { "syntax-empty.json", TWIN_JSON_ERROR_SYNTAX, { "empty" } },
  { "syntax-unquoted-key.json", TWIN_JSON_ERROR_SYNTAX, { "line ", "column " } },
  { "format-missing.json", TWIN_JSON_ERROR_FORMAT, { "“format”", "missing" } },
  { "format-wrong.json", TWIN_JSON_ERROR_FORMAT, { "blender-scene", "twin-studio-model" } },
  { "version-newer.json", TWIN_JSON_ERROR_VERSION, { "version 2", "newer" } },
  { "version-not-integer.json", TWIN_JSON_ERROR_FORMAT, { "“version”", "whole number" } },
  { "top-level-array.json", TWIN_JSON_ERROR_FORMAT, { "must be an object", "array" } },
  { "root-missing.json", TWIN_JSON_ERROR_FORMAT, { "“root”", "missing" } },
  { "transform-unknown-key.json", TWIN_JSON_ERROR_FORMAT, { "Office Building ▸ Floor 1:", "“postion”" } },
  { "entity-unknown-key.json", TWIN_JSON_ERROR_FORMAT, { "Office Building ▸ Floor 1 ▸ Room 101:", "“colour”" } },
  { "id-invalid.json", TWIN_JSON_ERROR_FORMAT, { "Room 101", "“room-101”", "UUID" } },
  { "id-duplicate.json", TWIN_JSON_ERROR_FORMAT, { "Room 101", "already used by Office Building" } },
  { "name-missing.json", TWIN_JSON_ERROR_FORMAT, { "Office Building ▸ Floor 1 ▸ child 1", "“name”" } },
  { "name-invalid.json", TWIN_JSON_ERROR_FORMAT, { "“Room 101/102”", "/" } },
  { "name-duplicate.json", TWIN_JSON_ERROR_FORMAT, { "Office Building ▸ Floor 1:", "two children are named “Room 101”" } },
  { "type-invalid.json", TWIN_JSON_ERROR_FORMAT, { "Room 101", "“Room!”", "type" } },
  { "type-missing.json", TWIN_JSON_ERROR_FORMAT, { "Room 101", "“type”" } },
  { "parameter-no-value.json", TWIN_JSON_ERROR_FORMAT, { "Office Building ▸ Floor 1 ▸ Room 101: parameter “volume” has no value" } },
  { "parameter-wrong-value-type.json", TWIN_JSON_ERROR_FORMAT, { "Room 101", "“occupancy”", "integer" } },
  { "parameter-not-whole.json", TWIN_JSON_ERROR_FORMAT, { "“occupancy”", "4.5", "whole number" } },
  { "parameter-out-of-range.json", TWIN_JSON_ERROR_FORMAT, { "“setpoint”", "35", "5 … 30" } },
  { "parameter-bad-unit.json", TWIN_JSON_ERROR_FORMAT, { "“floor_area”", "furlong²" } },
  { "parameter-duplicate.json", TWIN_JSON_ERROR_FORMAT, { "“volume”", "twice" } },
  { "parameter-bad-name.json", TWIN_JSON_ERROR_FORMAT, { "“room label”", "parameter name" } },
  { "parameter-unknown-type.json", TWIN_JSON_ERROR_FORMAT, { "“volume”", "“float”" } },
  { "parameter-minimum-above-maximum.json", TWIN_JSON_ERROR_FORMAT, { "“setpoint”", "minimum (40)", "maximum (30)" } },
  { "parameter-boolean-with-unit.json", TWIN_JSON_ERROR_FORMAT, { "“has_window”", "“unit”" } },
  { "parameter-infinite.json", TWIN_JSON_ERROR_FORMAT, { "“floor_area”", "finite" } },
  { "parameter-integer-too-large.json", TWIN_JSON_ERROR_FORMAT, { "line 51", "99999999999999999999", "too large" } },
  { "transform-short.json", TWIN_JSON_ERROR_FORMAT, { "Floor 1", "“position”", "3 numbers" } },
  { "transform-zero-scale.json", TWIN_JSON_ERROR_FORMAT, { "Floor 1", "“scale”", "zero" } },
  { "transform-not-number.json", TWIN_JSON_ERROR_FORMAT, { "Floor 1", "“rotation”", "number" } },
  { "children-not-array.json", TWIN_JSON_ERROR_FORMAT, { "Floor 1", "“children”", "array" } },
  { "parameters-not-array.json", TWIN_JSON_ERROR_FORMAT, { "Room 101", "“parameters”", "array" } },
  { "entity-not-object.json", TWIN_JSON_ERROR_FORMAT, { "Floor 1 ▸ child 1", "object" } },
  { "connection-unknown-port.json", TWIN_JSON_ERROR_FORMAT, { "Office ▸ Heating: connection 3: “Pump”.in2 is not a port of “Pump”" } },
  { "connection-unknown-entity.json", TWIN_JSON_ERROR_FORMAT, { "Office ▸ Heating: connection 2:", "no child of “Heating”", "d1a9e000-0000-4000-8000-000000000009" } },
  { "connection-not-sibling.json", TWIN_JSON_ERROR_FORMAT, { "Office ▸ Heating: connection 1:", "(Office ▸ Schedule) is not a child of “Heating”" } },
  { "connection-duplicate-id.json", TWIN_JSON_ERROR_FORMAT, { "Office: connection 2:", "already used by connection 1 of Office ▸ Heating" } },
  { "connection-to-itself.json", TWIN_JSON_ERROR_FORMAT, { "Office ▸ Heating: connection 1", "“Pump” to itself" } },
  { "connection-twice.json", TWIN_JSON_ERROR_FORMAT, { "Office ▸ Heating: connection 2", "“Tank”.a and “Pump”.out", "connection 1 joins already" } },
  { "connection-id-invalid.json", TWIN_JSON_ERROR_FORMAT, { "Office ▸ Heating: connection 2", "“wire-2”", "UUID" } },
  { "connection-no-to.json", TWIN_JSON_ERROR_FORMAT, { "Office ▸ Heating: connection 3 has no “to”" } },
  { "connection-end-unknown-key.json", TWIN_JSON_ERROR_FORMAT, { "Office: unknown key “prot” in “from” of connection 1" } },
  { "connections-not-array.json", TWIN_JSON_ERROR_FORMAT, { "Office:", "“connections”", "array" } },
  { "port-not-child.json", TWIN_JSON_ERROR_FORMAT, { "Office: port 1 (“pump_in”):", "(Office ▸ Heating ▸ Pump) is not a child of “Office”" } },
  { "port-unknown-port.json", TWIN_JSON_ERROR_FORMAT, { "Office ▸ Heating: port 1 (“setpoint”): “Controller”.set is not a port of “Controller”" } },
  { "port-duplicate-name.json", TWIN_JSON_ERROR_FORMAT, { "Office ▸ Heating: port 2 (“setpoint”)", "already has a port of that name" } },
  { "port-bad-name.json", TWIN_JSON_ERROR_FORMAT, { "Office ▸ Heating: port 2: “supply water” is not a valid port name" } },
  { "port-exposed-twice.json", TWIN_JSON_ERROR_FORMAT, { "Office ▸ Heating: port 2 (“supply”): “Controller”.setpoint is exposed already, as port “setpoint”" } },
  { "port-no-entity.json", TWIN_JSON_ERROR_FORMAT, { "Office ▸ Heating: port 2 (“supply”) has no “entity”" } },
  { "diagram-short.json", TWIN_JSON_ERROR_FORMAT, { "Office ▸ Heating:", "“diagram”", "2 numbers, not 1" } },
  { "diagram-not-number.json", TWIN_JSON_ERROR_FORMAT, { "Office ▸ Schedule:", "“diagram”", "element 2 must be a number" } },
};

static void
test_broken_files (void)
{
  g_autofree char *folder = g_test_build_filename (G_TEST_DIST, "data", "json", "broken", NULL);
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GError) error = NULL;
  const char *name;
  guint       n_files = 0;

  for (guint i = 0; i < G_N_ELEMENTS (broken_cases); i++)
    {
      const BrokenCase *c = &broken_cases[i];
      g_autofree char  *path = fixture_path ("broken", c->file);
      g_autoptr (GFile) file = g_file_new_for_path (path);
      g_autoptr (GError) load_error = NULL;
      g_autoptr (TwinEntity) root = twin_model_json_from_file (file, &load_error);
      g_autofree char *quoted = g_strdup_printf ("“%s”", c->file);

      g_test_message ("%s: %s", c->file, load_error != NULL ? load_error->message : "(loaded)");
      g_assert_null (root);
      g_assert_error (load_error, TWIN_JSON_ERROR, c->code);
      assert_contains (load_error->message, quoted);
      if (c->code == TWIN_JSON_ERROR_SYNTAX && strstr (c->file, "empty") == NULL)
        {
          assert_contains (load_error->message, "line ");
          assert_contains (load_error->message, "column ");
        }
      for (guint w = 0; w < G_N_ELEMENTS (c->words) && c->words[w] != NULL; w++)
        assert_contains (load_error->message, c->words[w]);
      /* One line, ending as a sentence. */
      g_assert_null (strchr (load_error->message, '\n'));
      g_assert_true (g_str_has_suffix (load_error->message, "."));
    }

  /* Every fixture in the folder has an expectation above. */
  dir = g_dir_open (folder, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (broken_cases); i++)
        known |= strcmp (broken_cases[i].file, name) == 0;
      if (!known)
        g_error ("tests/data/json/broken/%s has no expected error in test-model-json.c", name);
      n_files++;
    }
  g_assert_cmpuint (n_files, ==, G_N_ELEMENTS (broken_cases));
}

static void
test_handwritten (void)
{
  g_autofree char *path = fixture_path ("valid", "handwritten.json");
  g_autofree char *expected_path = fixture_path ("valid", "handwritten.expected.json");
  g_autofree char *expected = read_text (expected_path, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinEntity) root = twin_model_json_from_file (file, &error);
  g_autofree char *text = NULL;
  g_autoptr (TwinEntity) again = NULL;
  TwinParameter *note;

  g_assert_no_error (error);
  /* Escapes are decoded, upper-case ids are stored in lower case. */
  g_assert_cmpstr (twin_entity_get_name (root), ==, "Café \"Zur Linde\"");
  g_assert_cmpstr (twin_entity_get_id (root), ==, "5d0c6f6e-2a41-4d53-9a8e-0b7c1d2e3f50");
  note = twin_entity_get_parameter (root, "note");
  g_assert_cmpstr (twin_parameter_get_string (note), ==, "line 1\nline 2\t\x01 back\\slash / 🏭");
  g_assert_cmpint (twin_parameter_get_integer (twin_entity_get_parameter (root, "storeys")), ==, 2);

  /* Written back in the canonical form, which is stable. */
  text = twin_model_json_entity_to_string (root);
  g_assert_cmpstr (text, ==, expected);
  again = load_ok (text, -1);
  assert_same_tree (root, again);
}

/* Files that are already canonical read and write back to the same bytes. */
static void
test_canonical_files (void)
{
  const char *const names[] = { "all-keys.json", "handwritten.expected.json", "diagram.json" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = fixture_path ("valid", names[i]);
      g_autofree char *text = read_text (path, NULL);
      g_autoptr (TwinEntity) root = load_ok (text, -1);
      g_autofree char *written = twin_model_json_entity_to_string (root);

      g_assert_cmpstr (written, ==, text);
    }
}

static void
test_missing_ids (void)
{
  g_autofree char *text = document ("{\"name\": \"Plant\", \"type\": \"system\", \"children\": ["
                                    "{\"name\": \"Pump\", \"type\": \"asset\"},"
                                    "{\"name\": \"Tank\", \"type\": \"asset\"}]}");
  g_autoptr (TwinEntity) first = load_ok (text, -1);
  g_autoptr (TwinEntity) second = load_ok (text, -1);
  const char *ids[3];

  ids[0] = twin_entity_get_id (first);
  ids[1] = twin_entity_get_id (twin_entity_get_child (first, 0));
  ids[2] = twin_entity_get_id (twin_entity_get_child (first, 1));
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (twin_entity_is_valid_id (ids[i]));
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (ids[i], !=, ids[j]);
    }
  /* Fresh ones each time. */
  g_assert_cmpstr (twin_entity_get_id (first), !=, twin_entity_get_id (second));
}

/* The diagram fixture: boundary ports, connections on two levels, positions. */
static void
test_diagram_contents (void)
{
  g_autofree char *path = fixture_path ("valid", "diagram.json");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinEntity) root = twin_model_json_from_file (file, &error);
  g_autoptr (TwinModel) model = NULL;
  g_autoptr (TwinConnection) wire = NULL;
  TwinEntity  *heating;
  TwinEntity  *controller;
  TwinPortInfo info;
  double       x, y;

  g_assert_no_error (error);
  heating = twin_entity_find_child (root, "Heating");
  controller = twin_entity_find_child (heating, "Controller");
  g_assert_nonnull (controller);

  g_assert_true (twin_entity_get_diagram_position (heating, &x, &y));
  g_assert_cmpfloat (x, ==, 240);
  g_assert_cmpfloat (y, ==, 80);
  g_assert_true (twin_entity_get_diagram_position (twin_entity_find_child (heating, "Tank"), &x, &y));
  g_assert_cmpfloat (y, ==, -0.5);
  g_assert_false (twin_entity_get_diagram_position (twin_entity_find_child (heating, "Valve"), &x, &y));
  g_assert_false (twin_entity_get_diagram_position (root, NULL, NULL));

  /* A boundary port is the inner port one level up: its domain and direction. */
  g_assert_cmpuint (twin_entity_get_n_boundary_ports (heating), ==, 2);
  g_assert_true (twin_entity_find_port (heating, "setpoint", &info));
  g_assert_true (info.inner == controller);
  g_assert_cmpstr (info.inner_port, ==, "setpoint");
  g_assert_cmpint (info.domain, ==, TWIN_DOMAIN_SIGNAL);
  g_assert_cmpint (info.direction, ==, TWIN_PORT_INPUT);
  g_assert_true (twin_entity_find_port (heating, "supply", &info));
  g_assert_cmpint (info.domain, ==, TWIN_DOMAIN_HYDRAULIC);

  g_assert_cmpuint (twin_entity_get_n_connections (heating), ==, 3);
  g_assert_cmpuint (twin_entity_get_n_connections (root), ==, 2);
  wire = g_list_model_get_item (twin_entity_get_connections (root), 0);
  g_assert_cmpstr (twin_connection_get_id (wire), ==, "c0aaec70-0000-4000-8000-000000000004");
  g_assert_true (twin_connection_get_from (wire) == twin_entity_find_child (root, "Schedule"));
  g_assert_true (twin_connection_get_to (wire) == heating);
  g_assert_cmpstr (twin_connection_get_to_port (wire), ==, "setpoint");

  /* A model takes the tree as it is. */
  model = twin_model_new (g_object_ref (root));
  g_assert_cmpuint (twin_model_get_n_entities (model), ==, 8);
}

/* A hand-written diagram: no ids, children named instead, a signal written
 * from the input to the output, a port of an unknown type. */
static void
test_diagram_handwritten (void)
{
  g_autofree char *text = document ("{\"name\": \"Plant\", \"type\": \"system\","
                                    " \"connections\": ["
                                    "  {\"to\": {\"entity\": \"Set\", \"port\": \"out\"}, \"from\": {\"port\": \"in\", \"entity\": \"Loop\"}},"
                                    "  {\"from\": {\"entity\": \"Gadget\", \"port\": \"shaft\"}, \"to\": {\"entity\": \"Loop\", \"port\": \"y\"}}],"
                                    " \"children\": ["
                                    "  {\"name\": \"Set\", \"type\": \"constant\", \"diagram\": [1e1, -2E0]},"
                                    "  {\"name\": \"Gadget\", \"type\": \"gadget-from-the-future\"},"
                                    "  {\"name\": \"Loop\", \"type\": \"subsystem\","
                                    "   \"ports\": [{\"port\": \"in\", \"entity\": \"K\", \"name\": \"in\"},"
                                    "             {\"name\": \"y\", \"entity\": \"K\", \"port\": \"out\"}],"
                                    "   \"children\": [{\"name\": \"K\", \"type\": \"gain\"}]}]}");
  g_autoptr (TwinEntity) first = load_ok (text, -1);
  g_autoptr (TwinEntity) second = load_ok (text, -1);
  g_autoptr (TwinConnection) signal = g_list_model_get_item (twin_entity_get_connections (first), 0);
  g_autoptr (TwinConnection) other = g_list_model_get_item (twin_entity_get_connections (first), 1);
  g_autoptr (TwinConnection) signal2 = g_list_model_get_item (twin_entity_get_connections (second), 0);
  TwinEntity  *loop = twin_entity_find_child (first, "Loop");
  TwinPortInfo info;
  double       x, y;

  g_assert_true (twin_entity_get_diagram_position (twin_entity_find_child (first, "Set"), &x, &y));
  g_assert_cmpfloat (x, ==, 10);
  g_assert_cmpfloat (y, ==, -2);

  /* Turned around: from the output to the input. */
  g_assert_true (twin_connection_get_from (signal) == twin_entity_find_child (first, "Set"));
  g_assert_cmpstr (twin_connection_get_from_port (signal), ==, "out");
  g_assert_true (twin_connection_get_to (signal) == loop);
  g_assert_cmpstr (twin_connection_get_to_port (signal), ==, "in");
  g_assert_true (twin_entity_find_port (loop, "in", &info));
  g_assert_cmpint (info.direction, ==, TWIN_PORT_INPUT);

  /* The unknown type's port is kept as written. */
  g_assert_cmpstr (twin_connection_get_from_port (other), ==, "shaft");

  /* New ids, different each time. */
  g_assert_true (twin_entity_is_valid_id (twin_connection_get_id (signal)));
  g_assert_cmpstr (twin_connection_get_id (signal), !=, twin_connection_get_id (signal2));
  g_assert_cmpstr (twin_connection_get_id (signal), !=, twin_connection_get_id (other));

  /* Written back in the canonical form: by id, output first. */
  g_free (assert_round_trip (first));
}

/* Files written before connections existed read as they always did. */
static void
test_diagram_keys_optional (void)
{
  g_autofree char *text = document ("{\"name\": \"P\", \"type\": \"system\", \"ports\": [], \"connections\": [],"
                                    " \"children\": [{\"name\": \"A\", \"type\": \"resistor\"}]}");
  g_autoptr (TwinEntity) root = load_ok (text, -1);
  g_autofree char *written = twin_model_json_entity_to_string (root);

  g_assert_cmpuint (twin_entity_get_n_connections (root), ==, 0);
  g_assert_cmpuint (twin_entity_get_n_boundary_ports (root), ==, 0);
  g_assert_null (strstr (written, "\"ports\""));
  g_assert_null (strstr (written, "\"connections\""));
  g_assert_null (strstr (written, "\"diagram\""));
}

/* Messages and hostile input */

static void
test_syntax_positions (void)
{
  g_autofree char *message = NULL;

  /* json-glib counts bytes; the message counts characters. */
  message = load_error ("{\n  \"é\": é}", -1, TWIN_JSON_ERROR_SYNTAX);
  assert_contains (message, "line 2, column 8");
  g_clear_pointer (&message, g_free);

  message = load_error ("{\n  \"format\": \"twin-studio-model\",\n  \"version\": tru\n}\n", -1, TWIN_JSON_ERROR_SYNTAX);
  assert_contains (message, "line 3, column ");
  assert_contains (message, "tru");
  g_clear_pointer (&message, g_free);

  message = load_error ("{\"a\": [1, 2", -1, TWIN_JSON_ERROR_SYNTAX);
  assert_contains (message, "line 1, column 12");
  assert_contains (message, "array opened at line 1, column 7");
  g_clear_pointer (&message, g_free);

  message = load_error ("{\"a\": \"unfinished", -1, TWIN_JSON_ERROR_SYNTAX);
  assert_contains (message, "string opened at line 1, column 7");
  g_clear_pointer (&message, g_free);

  message = load_error ("", -1, TWIN_JSON_ERROR_SYNTAX);
  assert_contains (message, "empty");
  g_clear_pointer (&message, g_free);

  message = load_error ("{\"a\":\0 1}", 9, TWIN_JSON_ERROR_SYNTAX);
  assert_contains (message, "NUL");
  g_clear_pointer (&message, g_free);

  message = load_error ("[1, 2]\n\n  {", -1, TWIN_JSON_ERROR_SYNTAX);
  assert_contains (message, "line 3");
}

static void
test_byte_order_mark (void)
{
  g_autofree char *body = document ("{\"name\": \"Plant\", \"type\": \"system\"}");
  g_autofree char *text = g_strconcat ("\xEF\xBB\xBF", body, NULL);
  g_autoptr (TwinEntity) root = load_ok (text, -1);

  g_assert_cmpstr (twin_entity_get_name (root), ==, "Plant");
}

static void
test_whole_numbers (void)
{
  g_autofree char *text = NULL;
  g_autoptr (TwinEntity) root = NULL;
  g_autofree char *message = NULL;

  /* An integer may be written as 2.0 or 1e3; a fraction is refused. */
  text = document ("{\"name\": \"P\", \"type\": \"system\", \"parameters\": ["
                   "{\"name\": \"a\", \"type\": \"integer\", \"value\": 2.0},"
                   "{\"name\": \"b\", \"type\": \"integer\", \"value\": 1e3},"
                   "{\"name\": \"c\", \"type\": \"integer\", \"value\": -9223372036854775808},"
                   "{\"name\": \"d\", \"type\": \"number\", \"value\": 9223372036854775807}]}");
  root = load_ok (text, -1);
  g_assert_cmpint (twin_parameter_get_integer (twin_entity_get_parameter (root, "a")), ==, 2);
  g_assert_cmpint (twin_parameter_get_integer (twin_entity_get_parameter (root, "b")), ==, 1000);
  g_assert_cmpint (twin_parameter_get_integer (twin_entity_get_parameter (root, "c")), ==, G_MININT64);
  g_assert_cmpfloat (twin_parameter_get_number (twin_entity_get_parameter (root, "d")), ==, 9223372036854775807.0);
  g_clear_pointer (&text, g_free);

  text = document ("{\"name\": \"P\", \"type\": \"system\", \"parameters\": ["
                   "{\"name\": \"a\", \"type\": \"integer\", \"value\": 1e19}]}");
  message = load_error (text, -1, TWIN_JSON_ERROR_FORMAT);
  assert_contains (message, "whole number");
  g_clear_pointer (&message, g_free);
  g_clear_pointer (&text, g_free);

  /* json-glib would wrap this around to a negative number. */
  text = document ("{\"name\": \"P\", \"type\": \"system\", \"parameters\": ["
                   "{\"name\": \"a\", \"type\": \"number\", \"value\": 18446744073709551616}]}");
  message = load_error (text, -1, TWIN_JSON_ERROR_FORMAT);
  assert_contains (message, "18446744073709551616");
  assert_contains (message, "too large");
}

static void
test_version_older_and_unknown_keys (void)
{
  g_autofree char *message = NULL;

  message = load_error ("{\"format\": \"twin-studio-model\", \"version\": 0, \"root\": {}}", -1, TWIN_JSON_ERROR_FORMAT);
  assert_contains (message, "start at 1");
  g_clear_pointer (&message, g_free);

  /* A newer version is refused before its content is looked at. */
  message = load_error ("{\"format\": \"twin-studio-model\", \"version\": 7, \"root\": 3, \"extra\": []}", -1,
                        TWIN_JSON_ERROR_VERSION);
  assert_contains (message, "version 7");
  g_clear_pointer (&message, g_free);

  message = load_error ("{\"format\": \"twin-studio-model\", \"version\": 1, \"root\": {\"name\": \"P\", \"type\": \"system\"},"
                        " \"comment\": \"hi\"}",
                        -1, TWIN_JSON_ERROR_FORMAT);
  assert_contains (message, "“comment”");
}

static char *
nested_arrays (guint depth)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  return g_string_free (text, FALSE);
}

/* A chain of @depth entities, the deepest with a parameter when asked. */
static char *
entity_chain (guint    depth,
              gboolean leaf_parameter)
{
  GString *text = g_string_new ("{\"format\": \"twin-studio-model\", \"version\": 1, \"root\": ");

  for (guint i = 0; i < depth; i++)
    {
      g_string_append_printf (text, "{\"name\": \"Level %u\", \"type\": \"system\"", i);
      if (i + 1 < depth)
        g_string_append (text, ", \"children\": [");
      else if (leaf_parameter)
        g_string_append (text, ", \"parameters\": [{\"name\": \"x\", \"type\": \"boolean\", \"value\": true}]");
    }
  for (guint i = 0; i < depth; i++)
    g_string_append (text, i == 0 ? "}" : "]}");
  g_string_append (text, "}\n");
  return g_string_free (text, FALSE);
}

static TwinEntity *
chain_leaf (TwinEntity *entity)
{
  while (twin_entity_get_n_children (entity) > 0)
    entity = twin_entity_get_child (entity, 0);
  return entity;
}

static guint
chain_length (TwinEntity *entity)
{
  guint n = 1;

  for (; twin_entity_get_n_children (entity) > 0; n++)
    {
      g_assert_cmpuint (twin_entity_get_n_children (entity), ==, 1);
      entity = twin_entity_get_child (entity, 0);
    }
  return n;
}

static void
test_deep_nesting (void)
{
  char limit[16];
  g_snprintf (limit, sizeof limit, "%u", (guint) TWIN_JSON_MAX_DEPTH);

  /* Far too deep for json-glib's recursion, so never handed to it. */
  for (guint depth = TWIN_JSON_MAX_DEPTH + 1; depth <= 100000; depth *= 10)
    {
      g_autofree char *arrays = nested_arrays (depth);
      g_autofree char *chain = entity_chain (depth, FALSE);
      g_autofree char *message = load_error (arrays, -1, TWIN_JSON_ERROR_FORMAT);
      g_autofree char *chain_message = load_error (chain, -1, TWIN_JSON_ERROR_FORMAT);

      assert_contains (message, limit);
      assert_contains (message, "nested");
      assert_contains (chain_message, limit);
    }

  /* At the limit: 128 entities deep (each level is an object and an
   * array), or 127 when the deepest has parameters. */
  {
    g_autofree char *chain = entity_chain (128, FALSE);
    g_autofree char *too_deep = entity_chain (129, FALSE);
    g_autofree char *with_parameter = entity_chain (127, TRUE);
    g_autofree char *with_parameter_too_deep = entity_chain (128, TRUE);
    g_autoptr (TwinEntity) root = load_ok (chain, -1);
    g_autoptr (TwinEntity) root_with_parameter = load_ok (with_parameter, -1);
    g_autofree char *message = load_error (too_deep, -1, TWIN_JSON_ERROR_FORMAT);
    g_autofree char *message2 = load_error (with_parameter_too_deep, -1, TWIN_JSON_ERROR_FORMAT);

    g_assert_cmpuint (chain_length (root), ==, 128);
    g_assert_cmpuint (chain_length (root_with_parameter), ==, 127);
    g_assert_nonnull (twin_entity_get_parameter (chain_leaf (root_with_parameter), "x"));
    g_free (assert_round_trip (root_with_parameter));
  }
}

/* Cuts @text at every byte (or every @step bytes): each cut before the
 * final brace is a syntax error, never a crash. */
static void
check_cuts (const char *text,
            gsize       length,
            gsize       step)
{
  gsize complete = strrchr (text, '}') - text + 1;

  for (gsize cut = 0; cut < length; cut += (cut + 64 < complete ? step : 1))
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (TwinEntity) root = twin_model_json_from_string (text, cut, &error);

      if (cut >= complete)
        {
          g_assert_no_error (error);
          g_assert_nonnull (root);
        }
      else
        {
          g_assert_null (root);
          g_assert_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_SYNTAX);
        }
    }
}

static void
test_truncated (void)
{
  g_autofree char *path = fixture_path ("valid", "all-keys.json");
  g_autofree char *example = example_path ();
  gsize            length = 0;
  g_autofree char *text = read_text (path, &length);
  gsize            example_length = 0;
  g_autofree char *example_text = read_text (example, &example_length);

  check_cuts (text, length, 3);
  check_cuts (example_text, example_length, 997);
}

/* One place in a parsed document: a member of an object or an element of
 * an array (parent %NULL for the top). */
typedef struct
{
  JsonNode   *parent;
  const char *key;
  guint       index;
} Slot;

static void
collect_slots (JsonNode *parent,
               JsonNode *node,
               GArray   *slots,
               Slot      slot)
{
  slot.parent = parent;
  g_array_append_val (slots, slot);
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr (GList) names = json_object_get_members (object);

      for (GList *l = names; l != NULL; l = l->next)
        collect_slots (node, json_object_get_member (object, l->data), slots, (Slot){ NULL, l->data, 0 });
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_slots (node, json_array_get_element (array, i), slots, (Slot){ NULL, NULL, i });
    }
}

/* A new node of one of nine shapes. */
static JsonNode *
make_node (guint kind)
{
  JsonNode *node = json_node_alloc ();

  switch (kind)
    {
    case 0:
      return json_node_init_null (node);
    case 1:
      return json_node_init_boolean (node, TRUE);
    case 2:
      return json_node_init_int (node, 0);
    case 3:
      return json_node_init_double (node, -1.5);
    case 4:
      return json_node_init_string (node, "x");
    case 5:
      return json_node_init_string (node, "");
    case 6:
      json_node_init (node, JSON_NODE_ARRAY);
      json_node_take_array (node, json_array_new ());
      return node;
    case 7:
      json_node_init (node, JSON_NODE_OBJECT);
      json_node_take_object (node, json_object_new ());
      return node;
    default:
      {
        JsonArray *array = json_array_new ();

        json_array_add_int_element (array, 1);
        json_array_add_int_element (array, 2);
        json_array_add_int_element (array, 3);
        json_node_init (node, JSON_NODE_ARRAY);
        json_node_take_array (node, array);
        return node;
      }
    }
}

/* Replaces what @slot holds with @replacement (taking it), or removes it
 * when @replacement is %NULL. json-glib 1.6 has no way to replace an array
 * element in place, so the new element goes to the end of the array. */
static void
change_slot (const Slot *slot,
             JsonNode   *replacement)
{
  if (JSON_NODE_HOLDS_OBJECT (slot->parent))
    {
      JsonObject *object = json_node_get_object (slot->parent);

      if (replacement != NULL)
        json_object_set_member (object, slot->key, replacement);
      else
        json_object_remove_member (object, slot->key);
    }
  else
    {
      JsonArray *array = json_node_get_array (slot->parent);

      json_array_remove_element (array, slot->index);
      if (replacement != NULL)
        json_array_add_element (array, replacement);
    }
}

static char *
generate (JsonNode *root)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* Replaces every value of a small valid model, one at a time, with a value
 * of every JSON type, and removes every value in turn: each variant either
 * loads or fails with a format error, never a crash. */
static void
test_wrong_types_everywhere (void)
{
  g_autofree char *path = fixture_path ("valid", "all-keys.json");
  g_autofree char *text = read_text (path, NULL);
  guint            n_slots = 0;
  guint            n_variants = 0;
  guint            n_failed = 0;

  for (guint target = 0; target == 0 || target < n_slots; target++)
    for (guint kind = 0; kind < 10; kind++)
      {
        /* A fresh parse each time: json_node_copy() shares objects and arrays. */
        g_autoptr (JsonParser) parser = json_parser_new ();
        g_autoptr (GArray) slots = g_array_new (FALSE, FALSE, sizeof (Slot));
        g_autoptr (GError) error = NULL;
        g_autoptr (TwinEntity) root = NULL;
        g_autoptr (JsonNode) replacement = NULL;
        g_autofree char *variant = NULL;
        const Slot      *slot;

        json_parser_load_from_data (parser, text, -1, &error);
        g_assert_no_error (error);
        collect_slots (NULL, json_parser_get_root (parser), slots, (Slot){ 0 });
        n_slots = slots->len;
        slot = &g_array_index (slots, Slot, target);

        if (slot->parent == NULL)
          {
            if (kind == 9)
              continue;
            replacement = make_node (kind);
            variant = generate (replacement);
          }
        else
          {
            change_slot (slot, kind < 9 ? make_node (kind) : NULL);
            variant = generate (json_parser_get_root (parser));
          }

        n_variants++;
        root = twin_model_json_from_string (variant, -1, &error);
        if (root == NULL)
          {
            g_assert_nonnull (error);
            g_assert_true (error->domain == TWIN_JSON_ERROR);
            g_assert_cmpint (error->code, !=, TWIN_JSON_ERROR_SYNTAX);
            g_assert_cmpuint (strlen (error->message), >, 10);
            n_failed++;
          }
        else
          {
            g_assert_no_error (error);
            g_free (assert_round_trip (root));
          }
      }

  g_test_message ("%u variants of %u values, %u refused", n_variants, n_slots, n_failed);
  g_assert_cmpuint (n_slots, >, 70);
  /* Most variants must be refused: the checks are really there. */
  g_assert_cmpuint (n_failed, >, n_variants / 2);
}

/* Random byte changes to a small model: any outcome but a crash. */
static void
test_mutated_bytes (void)
{
  g_autofree char *path = fixture_path ("valid", "all-keys.json");
  gsize            length = 0;
  g_autofree char *text = read_text (path, &length);

  for (guint round = 0; round < 500; round++)
    {
      g_autofree char *copy = g_memdup2 (text, length + 1);
      guint            n_changes = g_test_rand_int_range (1, 5);
      g_autoptr (GError) error = NULL;
      g_autoptr (TwinEntity) root = NULL;

      for (guint i = 0; i < n_changes; i++)
        {
          static const char interesting[] = "{}[]\",:\\0-e.tfn \n";
          gsize             at = g_test_rand_int_range (0, (gint32) length);

          copy[at] = g_test_rand_bit () ? (char) g_test_rand_int_range (1, 256)
                                        : interesting[g_test_rand_int_range (0, sizeof interesting - 1)];
        }
      root = twin_model_json_from_string (copy, length, &error);
      if (root != NULL)
        g_free (assert_round_trip (root));
      else
        g_assert_true (error != NULL && error->domain == TWIN_JSON_ERROR);
    }
}

static void
test_from_file_errors (void)
{
  g_autofree char *path = twin_test_tmp_path ("Gebäude plan.json");
  g_autofree char *missing_path = twin_test_tmp_path ("missing.json");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFile) missing = g_file_new_for_path (missing_path);
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinEntity) root = NULL;
  const char *text = "{\n  \"format\": \"twin-studio-model\",\n  \"version\": 1,\n  \"root\": {\n    \"name\": \"P\",\n    \"type\": \"system\",\n  }\n}\n";

  twin_test_write_file (path, text, strlen (text));
  root = twin_model_json_from_file (file, &error);
  g_assert_null (root);
  g_assert_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_SYNTAX);
  assert_contains (error->message, "“Gebäude plan.json” is not valid JSON: line 6, column 21");
  g_clear_error (&error);

  root = twin_model_json_from_file (missing, &error);
  g_assert_null (root);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  assert_contains (error->message, "“missing.json”");
}

/* Locales */

static const char *
use_comma_locale (void)
{
  static const char *const candidates[] = {
    "de_DE.UTF-8",
    "de_DE.utf8",
    "fr_FR.UTF-8",
    "fr_FR.utf8",
    "nl_NL.UTF-8",
    "es_ES.UTF-8",
    "ru_RU.UTF-8",
  };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (setlocale (LC_NUMERIC, candidates[i]) != NULL)
      {
        char buffer[16];

        g_snprintf (buffer, sizeof buffer, "%.1f", 1.5);
        if (strchr (buffer, ',') != NULL)
          return candidates[i];
      }
  return NULL;
}

static void
test_comma_locale (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  const char      *locale = use_comma_locale ();
  g_autoptr (TwinEntity) root = NULL;
  g_autoptr (TwinParameter) parameter = NULL;
  g_autofree char *text = NULL;
  g_autoptr (TwinEntity) again = NULL;
  g_autofree char *path = example_path ();
  g_autofree char *example = read_text (path, NULL);
  g_autoptr (TwinEntity) example_root = NULL;
  g_autofree char *example_again = NULL;
  TwinTransform    transform;

  if (locale == NULL)
    {
      setlocale (LC_NUMERIC, saved);
      g_test_skip ("No comma-decimal locale is installed (for example: localedef -i de_DE -f UTF-8 de_DE.UTF-8)");
      return;
    }
  g_test_message ("Using LC_NUMERIC=%s", locale);

  root = twin_entity_new (NULL, "room", "Raum");
  parameter = twin_parameter_new_number ("setpoint", 21.5, "°C", 5.25, 30.75);
  twin_entity_add_parameter (root, parameter);
  twin_transform_init_identity (&transform);
  transform.position_m[0] = 2.5;
  transform.rotation_deg[2] = 0.125;
  twin_entity_set_initial_transform (root, &transform);

  text = twin_model_json_entity_to_string (root);
  assert_contains (text, "\"value\": 21.5,");
  assert_contains (text, "\"minimum\": 5.25,");
  assert_contains (text, "\"maximum\": 30.75\n");
  assert_contains (text, "\"position\": [2.5, 0, 0]");
  assert_contains (text, "\"rotation\": [0, 0, 0.125]");
  g_assert_null (strstr (text, "21,5"));

  again = load_ok (text, -1);
  g_assert_cmpfloat (twin_parameter_get_number (twin_entity_get_parameter (again, "setpoint")), ==, 21.5);
  g_assert_cmpfloat (twin_entity_get_transform (again)->position_m[0], ==, 2.5);

  /* The example reads and writes the same bytes under this locale too. */
  example_root = load_ok (example, -1);
  example_again = twin_model_json_entity_to_string (example_root);
  g_assert_cmpstr (example_again, ==, example);

  setlocale (LC_NUMERIC, saved);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/model-json/write/layout", test_write_layout);
  g_test_add_func ("/core/model-json/write/diagram-layout", test_write_diagram_layout);
  g_test_add_func ("/core/model-json/write/numbers", test_write_numbers);
  g_test_add_func ("/core/model-json/write/numbers-random", test_write_numbers_random);
  g_test_add_func ("/core/model-json/round-trip/example", test_round_trip_example);
  g_test_add_func ("/core/model-json/round-trip/random", test_round_trip_random);
  g_test_add_func ("/core/model-json/example/contents", test_example_contents);
  g_test_add_func ("/core/model-json/read/broken-files", test_broken_files);
  g_test_add_func ("/core/model-json/read/handwritten", test_handwritten);
  g_test_add_func ("/core/model-json/read/canonical-files", test_canonical_files);
  g_test_add_func ("/core/model-json/read/missing-ids", test_missing_ids);
  g_test_add_func ("/core/model-json/read/diagram", test_diagram_contents);
  g_test_add_func ("/core/model-json/read/diagram-handwritten", test_diagram_handwritten);
  g_test_add_func ("/core/model-json/read/diagram-keys-optional", test_diagram_keys_optional);
  g_test_add_func ("/core/model-json/read/syntax-positions", test_syntax_positions);
  g_test_add_func ("/core/model-json/read/byte-order-mark", test_byte_order_mark);
  g_test_add_func ("/core/model-json/read/whole-numbers", test_whole_numbers);
  g_test_add_func ("/core/model-json/read/version-and-keys", test_version_older_and_unknown_keys);
  g_test_add_func ("/core/model-json/read/deep-nesting", test_deep_nesting);
  g_test_add_func ("/core/model-json/read/truncated", test_truncated);
  g_test_add_func ("/core/model-json/read/wrong-types", test_wrong_types_everywhere);
  g_test_add_func ("/core/model-json/read/mutated-bytes", test_mutated_bytes);
  g_test_add_func ("/core/model-json/read/from-file-errors", test_from_file_errors);
  g_test_add_func ("/core/model-json/locale/comma-decimal", test_comma_locale);

  return g_test_run ();
}
