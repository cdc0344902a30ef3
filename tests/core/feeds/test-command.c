/* test-command.c: command bindings: validation, payload formatting (template, units, limits) and parsing.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "feeds/twin-command.h"

#include <locale.h>
#include <math.h>
#include <string.h>

static TwinCommandBinding *
new_binding (void)
{
  return twin_command_binding_new ("Plant/Room", "setpoint", "site", "plant/room/setpoint");
}

static void
assert_invalid (TwinCommandBinding *binding,
                const char         *needle)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (twin_command_binding_validate (binding, &error));
  g_assert_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID);
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("“%s” does not name “%s”", error->message, needle);
}

static void
test_validate (void)
{
  g_autoptr (TwinCommandBinding) binding = new_binding ();
  g_autoptr (TwinCommandBinding) copy = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (binding->qos, ==, 1);
  g_assert_false (binding->retain);
  g_assert_true (isnan (binding->min) && isnan (binding->max));
  g_assert_true (twin_command_binding_validate (binding, &error));
  g_assert_no_error (error);

  g_free (binding->topic);
  binding->topic = g_strdup ("plant/+/setpoint");
  assert_invalid (binding, "plant/+/setpoint");
  g_free (binding->topic);
  binding->topic = g_strdup ("plant/#");
  assert_invalid (binding, "wildcard");
  g_free (binding->topic);
  binding->topic = g_strdup ("");
  assert_invalid (binding, "Plant/Room.setpoint");
  g_free (binding->topic);
  binding->topic = g_strdup ("plant/room/setpoint");

  binding->qos = 3;
  assert_invalid (binding, "3");
  binding->qos = 2;

  g_free (binding->feed);
  binding->feed = NULL;
  assert_invalid (binding, "feed");
  binding->feed = g_strdup ("site");

  binding->payload = g_strdup ("{\"setpoint\": 1}");
  assert_invalid (binding, "{value}");
  g_free (binding->payload);
  binding->payload = g_strdup ("{\"setpoint\": {value}");
  assert_invalid (binding, "JSON");
  g_free (binding->payload);
  binding->payload = g_strdup ("{\"setpoint\": {value}, \"unit\": \"C\"}");

  binding->unit = g_strdup ("furlongs per fortnight");
  assert_invalid (binding, "unit");
  g_free (binding->unit);
  binding->unit = g_strdup ("°F");

  binding->min = 30.0;
  binding->max = 10.0;
  assert_invalid (binding, "30");
  binding->max = 30.0;
  assert_invalid (binding, "minimum");
  binding->min = -INFINITY;
  assert_invalid (binding, "finite");
  binding->min = 5.0;

  g_assert_true (twin_command_binding_validate (binding, &error));
  g_assert_no_error (error);
  copy = twin_command_binding_copy (binding);
  g_assert_cmpstr (copy->payload, ==, binding->payload);
  g_assert_cmpstr (copy->unit, ==, "°F");
  g_assert_true (copy->payload != binding->payload);
  g_assert_cmpint (copy->qos, ==, 2);
  g_assert_cmpfloat (copy->min, ==, 5.0);
  g_assert_cmpfloat (copy->max, ==, 30.0);

  binding->entity_path[0] = '\0';
  assert_invalid (binding, NULL);
}

static char *
format_ok (const TwinCommandBinding *binding,
           double                    value,
           const char               *unit)
{
  g_autoptr (GError) error = NULL;
  char *payload = twin_command_binding_format_payload (binding, value, unit, &error);

  g_assert_no_error (error);
  g_assert_nonnull (payload);
  return payload;
}

static void
test_format (void)
{
  g_autoptr (TwinCommandBinding) binding = new_binding ();
  g_autoptr (GError) error = NULL;
  g_autofree char *payload = NULL;
  double           kelvin;

  /* A plain number, with a dot whatever the locale, in its shortest round-trip form. */
  setlocale (LC_NUMERIC, "de_DE.UTF-8");
  payload = format_ok (binding, 21.5, "°C");
  g_assert_cmpstr (payload, ==, "21.5");
  g_clear_pointer (&payload, g_free);
  payload = format_ok (binding, 0.1, NULL);
  g_assert_cmpstr (payload, ==, "0.1");
  g_clear_pointer (&payload, g_free);
  payload = format_ok (binding, -3, NULL);
  g_assert_cmpstr (payload, ==, "-3");
  g_clear_pointer (&payload, g_free);
  setlocale (LC_NUMERIC, "C");

  /* A template: every {value} filled in. */
  binding->payload = g_strdup ("{\"setpoint\": {value}, \"echo\": [{value}], \"src\": \"twin\"}");
  payload = format_ok (binding, 21.5, "°C");
  g_assert_cmpstr (payload, ==, "{\"setpoint\": 21.5, \"echo\": [21.5], \"src\": \"twin\"}");
  g_clear_pointer (&payload, g_free);

  /* The receiver's unit: converted from the property's. */
  g_clear_pointer (&binding->payload, g_free);
  binding->unit = g_strdup ("K");
  payload = format_ok (binding, 21.5, "°C");
  kelvin = g_ascii_strtod (payload, NULL);
  g_assert_cmpfloat_with_epsilon (kelvin, 294.65, 1e-9);
  g_clear_pointer (&payload, g_free);
  g_free (binding->unit);
  binding->unit = g_strdup ("°F");
  payload = format_ok (binding, 100.0, "°C");
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (payload, NULL), 212.0, 1e-9);
  g_clear_pointer (&payload, g_free);
  /* Same unit: no conversion at all. */
  payload = format_ok (binding, 70.25, "°F");
  g_assert_cmpstr (payload, ==, "70.25");
  g_clear_pointer (&payload, g_free);

  /* A unit that does not convert, or no unit to convert from: refused, naming the property. */
  payload = twin_command_binding_format_payload (binding, 1.0, "kg", &error);
  g_assert_null (payload);
  g_assert_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Plant/Room.setpoint"));
  g_clear_error (&error);
  payload = twin_command_binding_format_payload (binding, 1.0, NULL, &error);
  g_assert_null (payload);
  g_assert_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "°F"));
  g_clear_error (&error);
  g_clear_pointer (&binding->unit, g_free);

  /* NaN and infinities are never sent. */
  payload = twin_command_binding_format_payload (binding, NAN, "°C", &error);
  g_assert_null (payload);
  g_assert_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID);
  g_clear_error (&error);
  payload = twin_command_binding_format_payload (binding, INFINITY, "°C", &error);
  g_assert_null (payload);
  g_assert_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID);
  g_clear_error (&error);

  /* Limits, in the property's unit, inclusive; the message names the value and the limit. */
  binding->min = 5.0;
  binding->max = 30.0;
  binding->unit = g_strdup ("K");
  payload = twin_command_binding_format_payload (binding, 30.5, "°C", &error);
  g_assert_null (payload);
  g_assert_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_OUT_OF_RANGE);
  g_assert_nonnull (strstr (error->message, "30.5 °C"));
  g_assert_nonnull (strstr (error->message, "maximum of 30 °C"));
  g_clear_error (&error);
  payload = twin_command_binding_format_payload (binding, 4.0, "°C", &error);
  g_assert_null (payload);
  g_assert_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_OUT_OF_RANGE);
  g_assert_nonnull (strstr (error->message, "minimum of 5 °C"));
  g_clear_error (&error);
  payload = format_ok (binding, 30.0, "°C");
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (payload, NULL), 303.15, 1e-9);
  g_clear_pointer (&payload, g_free);
  payload = format_ok (binding, 5.0, "°C");
  g_clear_pointer (&payload, g_free);

  /* An invalid binding formats nothing. */
  binding->qos = 7;
  payload = twin_command_binding_format_payload (binding, 20.0, "°C", &error);
  g_assert_null (payload);
  g_assert_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID);
}

static double
parse_ok (const TwinCommandBinding *binding,
          const char               *payload,
          const char               *unit)
{
  g_autoptr (GError) error = NULL;
  double value = NAN;

  g_assert_true (twin_command_binding_parse_payload (binding, payload, strlen (payload), unit, &value, &error));
  g_assert_no_error (error);
  return value;
}

static void
parse_fails (const TwinCommandBinding *binding,
             const char               *payload,
             const char               *needle)
{
  g_autoptr (GError) error = NULL;
  double value = 42.0;

  g_assert_false (twin_command_binding_parse_payload (binding, payload, strlen (payload), "°C", &value, &error));
  g_assert_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID);
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("“%s” does not name “%s”", error->message, needle);
}

static void
test_parse (void)
{
  g_autoptr (TwinCommandBinding) binding = new_binding ();
  const char *numbers[] = { "21.5", "-0.25", "1e3", "0", "22" };
  const char  not_nul_terminated[] = { '1', '9', '.', '5', '9', '9' };
  double      value = 0.0;

  /* Plain numbers, with surrounding white space; the length is honoured. */
  g_assert_cmpfloat (parse_ok (binding, " 21.5\n", "°C"), ==, 21.5);
  g_assert_true (twin_command_binding_parse_payload (binding, not_nul_terminated, 4, "°C", &value, NULL));
  g_assert_cmpfloat (value, ==, 19.5);
  parse_fails (binding, "21,5", "plant/room/setpoint");
  parse_fails (binding, "", NULL);
  parse_fails (binding, "warm", NULL);
  parse_fails (binding, "nan", "finite");
  parse_fails (binding, "1e999", "finite");
  parse_fails (binding, "{\"setpoint\": 20}", NULL); /* JSON without a template */

  /* Round trip through every kind of template, with a unit conversion. */
  binding->unit = g_strdup ("°F");
  for (guint t = 0; t < 4; t++)
    {
      const char *templates[] = { NULL, "{\"cmd\": {\"on\": true, \"sp\": {value}}}", "[\"set\", {value}]",
                                  "{\"sp\": \"{value}\"}" };

      g_free (binding->payload);
      binding->payload = g_strdup (templates[t]);
      for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
        {
          double           sent = g_ascii_strtod (numbers[i], NULL);
          g_autofree char *payload = format_ok (binding, sent, "°C");

          g_assert_cmpfloat_with_epsilon (parse_ok (binding, payload, "°C"), sent, 1e-9);
        }
    }

  /* A sender's own JSON layout: other members, other order, other spacing, an integer. */
  g_free (binding->payload);
  binding->payload = g_strdup ("{\"cmd\": {\"on\": true, \"sp\": {value}}}");
  g_clear_pointer (&binding->unit, g_free);
  g_assert_cmpfloat (parse_ok (binding, "{\"extra\":[1,2],\"cmd\":{\"sp\":22,\"on\":false}}", "°C"), ==, 22.0);
  /* A plain number is accepted for a template too. */
  g_assert_cmpfloat (parse_ok (binding, "23.25", "°C"), ==, 23.25);
  parse_fails (binding, "{\"cmd\": {\"on\": true}}", "cmd.sp");
  parse_fails (binding, "{\"cmd\": {\"sp\": \"warm\"}}", "cmd.sp");
  parse_fails (binding, "{\"cmd\": {\"sp\": null}}", "cmd.sp");
  parse_fails (binding, "{\"cmd\": ", "JSON");
  parse_fails (binding, "\xff\xfe", "text");

  g_free (binding->payload);
  binding->payload = g_strdup ("[\"set\", {value}]");
  g_assert_cmpfloat (parse_ok (binding, "[\"set\",  -4.5 ]", "°C"), ==, -4.5);
  parse_fails (binding, "[\"set\"]", "[1]");

  /* The value is converted from the binding's unit to the property's; no unit to convert to is an error. */
  g_clear_pointer (&binding->payload, g_free);
  binding->unit = g_strdup ("K");
  g_assert_cmpfloat_with_epsilon (parse_ok (binding, "300", "°C"), 26.85, 1e-9);
  {
    g_autoptr (GError) error = NULL;

    g_assert_false (twin_command_binding_parse_payload (binding, "300", 3, NULL, &value, &error));
    g_assert_error (error, TWIN_COMMAND_ERROR, TWIN_COMMAND_ERROR_INVALID);
  }
}

static void
test_record (void)
{
  TwinCommandRecord *record = g_new0 (TwinCommandRecord, 1);

  record->entity_path = g_strdup ("Plant/Room");
  record->error = g_strdup ("no");
  twin_command_record_free (record);
  twin_command_record_free (NULL);
  twin_command_binding_free (NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/core/feeds/command/validate", test_validate);
  g_test_add_func ("/core/feeds/command/format", test_format);
  g_test_add_func ("/core/feeds/command/parse", test_parse);
  g_test_add_func ("/core/feeds/command/record", test_record);
  return g_test_run ();
}
