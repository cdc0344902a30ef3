/* test-unit.c: tests of unit parsing and conversion (src/core/model/twin-unit.c).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "twin-core.h"

#include <math.h>

/* Conversions are products of a few exact decimal factors: 1e-12 relative is generous. */
#define REL_TOLERANCE 1e-12

typedef struct
{
  double      value;
  const char *from;
  const char *to;
  double      expected;
} ConversionCase;

static void
test_convert_table (void)
{
  static const ConversionCase cases[] = {
    { 1, "kW", "W", 1000 },
    { 2500, "W", "kW", 2.5 },
    { 0, "°C", "K", 273.15 },
    { 21, "degC", "°F", 69.8 },
    { 32, "°F", "°C", 0 },
    { 1, "m³/h", "L/s", 1.0 / 3.6 },
    { 1, "m^3/h", "m3/s", 1.0 / 3600 },
    { 1, "bar", "kPa", 100 },
    { 1, "kWh", "MJ", 3.6 },
    { 1, "W/(m²·K)", "W/(m2*K)", 1 },
    { 1, "in", "mm", 25.4 },
    { 50, "%", "1", 0.5 },
    { 3000, "rpm", "rad/s", 100 * G_PI },
    { 1, "N m", "J", 1 },
    { 1, "kg*m2/s3", "W", 1 },
    { 1, "min", "s", 60 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      double result = NAN;

      g_test_message ("%g %s → %s", cases[i].value, cases[i].from, cases[i].to);
      g_assert_true (twin_unit_convert (cases[i].value, cases[i].from, cases[i].to, &result, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (result, cases[i].expected,
                                      REL_TOLERANCE * MAX (1.0, fabs (cases[i].expected)));
    }
}

static void
test_no_rounding_noise (void)
{
  double result = 0;

  /* 35 × 0.01 is 0.35000000000000003 in binary; the conversion gives 0.35. */
  g_assert_true (twin_unit_convert (35, "cm", "m", &result, NULL));
  g_assert_cmpfloat (result, ==, 0.35);
  g_assert_true (twin_unit_convert (0.1, "kW", "W", &result, NULL));
  g_assert_cmpfloat (result, ==, 100);
}

static void
test_incompatible (void)
{
  g_autoptr (GError) error = NULL;
  double result = 42;

  g_assert_false (twin_unit_convert (1, "kg", "W", &result, &error));
  g_assert_error (error, TWIN_UNIT_ERROR, TWIN_UNIT_ERROR_INCOMPATIBLE);
  g_assert_nonnull (strstr (error->message, "mass"));
  g_assert_nonnull (strstr (error->message, "power"));
  g_assert_cmpfloat (result, ==, 42);
}

static void
test_unknown (void)
{
  static const char *const bad[] = { "furlong", "m/", "(m", "k W x", "mm)", "\xff", "m^", "W//K" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      TwinUnit         unit;

      g_autofree char *shown = g_strescape (bad[i], NULL);

      g_test_message ("%s", shown);
      g_assert_false (twin_unit_parse (bad[i], &unit, &error));
      g_assert_error (error, TWIN_UNIT_ERROR, TWIN_UNIT_ERROR_UNKNOWN);
    }
}

static void
test_quantity_names (void)
{
  TwinUnit unit;

  g_assert_true (twin_unit_parse ("W/(m²·K)", &unit, NULL));
  g_assert_cmpstr (twin_unit_get_quantity (&unit), ==, "heat transfer coefficient");
  g_assert_true (twin_unit_parse ("", &unit, NULL));
  g_assert_cmpstr (twin_unit_get_quantity (&unit), ==, "a plain number");
  /* Inside a compound, °C is a temperature difference: no offset. */
  g_assert_true (twin_unit_parse ("°C/h", &unit, NULL));
  g_assert_cmpfloat (unit.offset, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/unit/convert-table", test_convert_table);
  g_test_add_func ("/core/unit/no-rounding-noise", test_no_rounding_noise);
  g_test_add_func ("/core/unit/incompatible", test_incompatible);
  g_test_add_func ("/core/unit/unknown", test_unknown);
  g_test_add_func ("/core/unit/quantity-names", test_quantity_names);

  return g_test_run ();
}
