/* test-color-map.c: checks the colour maps, legend ticks and the colour-by-value setting (no GL).
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mesh/twin-color-map.h"
#include "model/twin-color-by.h"
#include "model/twin-entity.h"
#include "model/twin-model.h"
#include "model/twin-parameter.h"

#include <locale.h>
#include <math.h>

/* One 8-bit step, and the error of an sRGB round trip in float32. */
#define BYTE_TOLERANCE (1.0 / 255.0)
#define SRGB_TOLERANCE 1e-5

/* CIE L* of a linear-RGB colour (sRGB primaries, D65). */
static double
lightness (const float rgb[3])
{
  double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];

  return y > 216.0 / 24389.0 ? 116.0 * cbrt (y) - 16.0 : y * 24389.0 / 27.0;
}

static void
assert_srgb (TwinColorMap map,
             double       t,
             guint8       r,
             guint8       g,
             guint8       b)
{
  float rgb[3];

  twin_color_map_evaluate_srgb (map, t, rgb);
  g_test_message ("%s at %g: %.4f %.4f %.4f", twin_color_map_to_string (map), t, rgb[0], rgb[1], rgb[2]);
  g_assert_cmpfloat_with_epsilon (rgb[0], r / 255.0, BYTE_TOLERANCE);
  g_assert_cmpfloat_with_epsilon (rgb[1], g / 255.0, BYTE_TOLERANCE);
  g_assert_cmpfloat_with_epsilon (rgb[2], b / 255.0, BYTE_TOLERANCE);
}

/* The ends and middles of the maps are their published colours. */
static void
test_endpoints (void)
{
  assert_srgb (TWIN_COLOR_MAP_VIRIDIS, 0.0, 0x44, 0x01, 0x54);
  assert_srgb (TWIN_COLOR_MAP_VIRIDIS, 0.5, 0x21, 0x90, 0x8c);
  assert_srgb (TWIN_COLOR_MAP_VIRIDIS, 1.0, 0xfd, 0xe7, 0x25);
  assert_srgb (TWIN_COLOR_MAP_PLASMA, 0.0, 0x0d, 0x08, 0x87);
  assert_srgb (TWIN_COLOR_MAP_PLASMA, 1.0, 0xf0, 0xf9, 0x21);
  assert_srgb (TWIN_COLOR_MAP_INFERNO, 0.0, 0x00, 0x00, 0x04);
  assert_srgb (TWIN_COLOR_MAP_INFERNO, 1.0, 0xfc, 0xff, 0xa4);
  assert_srgb (TWIN_COLOR_MAP_COOLWARM, 0.0, 59, 76, 192);
  assert_srgb (TWIN_COLOR_MAP_COOLWARM, 0.5, 221, 221, 221);
  assert_srgb (TWIN_COLOR_MAP_COOLWARM, 1.0, 180, 4, 38);
  assert_srgb (TWIN_COLOR_MAP_TURBO, 0.0, 0x30, 0x12, 0x3b);
  assert_srgb (TWIN_COLOR_MAP_TURBO, 1.0, 0x7a, 0x04, 0x03);

  /* Outside [0, 1] clamps; NaN is the middle. */
  assert_srgb (TWIN_COLOR_MAP_VIRIDIS, -3.0, 0x44, 0x01, 0x54);
  assert_srgb (TWIN_COLOR_MAP_VIRIDIS, 7.0, 0xfd, 0xe7, 0x25);
  assert_srgb (TWIN_COLOR_MAP_VIRIDIS, NAN, 0x21, 0x90, 0x8c);
  assert_srgb (TWIN_COLOR_MAP_VIRIDIS, INFINITY, 0xfd, 0xe7, 0x25);

  /* The linear form is the sRGB form decoded. */
  for (guint m = 0; m < TWIN_COLOR_MAP_N_MAPS; m++)
    for (int i = 0; i <= 20; i++)
      {
        float srgb[3];
        float linear[3];

        twin_color_map_evaluate_srgb ((TwinColorMap) m, i / 20.0, srgb);
        twin_color_map_evaluate ((TwinColorMap) m, i / 20.0, linear);
        for (int k = 0; k < 3; k++)
          {
            g_assert_cmpfloat (linear[k], >=, 0.0f);
            g_assert_cmpfloat (linear[k], <=, 1.0f);
            g_assert_cmpfloat_with_epsilon (twin_color_linear_to_srgb (linear[k]), srgb[k], SRGB_TOLERANCE);
          }
      }
}

/* Viridis, plasma and inferno get lighter all the way; cool-to-warm is lightest in the middle. */
static void
test_monotone_lightness (void)
{
  static const TwinColorMap sequential[] = { TWIN_COLOR_MAP_VIRIDIS, TWIN_COLOR_MAP_PLASMA, TWIN_COLOR_MAP_INFERNO };
  float                     rgb[3];
  double                    middle;
  double                    ends;

  for (guint m = 0; m < G_N_ELEMENTS (sequential); m++)
    {
      double previous = -1.0;

      for (int i = 0; i <= 1000; i++)
        {
          double l;

          twin_color_map_evaluate (sequential[m], i / 1000.0, rgb);
          l = lightness (rgb);
          if (l <= previous)
            g_test_message ("%s: L* %g after %g at %g", twin_color_map_to_string (sequential[m]), l, previous, i / 1000.0);
          g_assert_cmpfloat (l, >, previous);
          previous = l;
        }
      twin_color_map_evaluate (sequential[m], 0.0, rgb);
      g_assert_cmpfloat (lightness (rgb), <, 20.0);
      twin_color_map_evaluate (sequential[m], 1.0, rgb);
      g_assert_cmpfloat (lightness (rgb), >, 85.0);
    }

  twin_color_map_evaluate (TWIN_COLOR_MAP_COOLWARM, 0.5, rgb);
  middle = lightness (rgb);
  twin_color_map_evaluate (TWIN_COLOR_MAP_COOLWARM, 0.0, rgb);
  ends = lightness (rgb);
  twin_color_map_evaluate (TWIN_COLOR_MAP_COOLWARM, 1.0, rgb);
  ends = MAX (ends, lightness (rgb));
  g_assert_cmpfloat (middle, >, ends + 30.0);
  /* Blue on the low side, red on the high side. */
  twin_color_map_evaluate (TWIN_COLOR_MAP_COOLWARM, 0.1, rgb);
  g_assert_cmpfloat (rgb[2], >, rgb[0]);
  twin_color_map_evaluate (TWIN_COLOR_MAP_COOLWARM, 0.9, rgb);
  g_assert_cmpfloat (rgb[0], >, rgb[2]);
}

static void
test_names (void)
{
  TwinColorMap map = TWIN_COLOR_MAP_TURBO;

  g_assert_cmpint (TWIN_COLOR_MAP_DEFAULT, ==, TWIN_COLOR_MAP_VIRIDIS);
  for (guint m = 0; m < TWIN_COLOR_MAP_N_MAPS; m++)
    {
      const char *name = twin_color_map_to_string ((TwinColorMap) m);

      g_assert_nonnull (name);
      g_assert_true (twin_color_map_from_string (name, &map));
      g_assert_cmpint (map, ==, m);
      g_assert_nonnull (twin_color_map_get_label ((TwinColorMap) m));
    }
  g_assert_cmpstr (twin_color_map_to_string (TWIN_COLOR_MAP_VIRIDIS), ==, "viridis");
  g_assert_cmpstr (twin_color_map_to_string (TWIN_COLOR_MAP_COOLWARM), ==, "coolwarm");
  map = TWIN_COLOR_MAP_PLASMA;
  g_assert_false (twin_color_map_from_string ("Viridis", &map));
  g_assert_false (twin_color_map_from_string ("", &map));
  g_assert_false (twin_color_map_from_string (NULL, &map));
  g_assert_cmpint (map, ==, TWIN_COLOR_MAP_PLASMA);
}

static void
assert_ticks (double       minimum,
              double       maximum,
              guint        max_ticks,
              const double expected[],
              guint        n_expected,
              double       expected_step)
{
  g_autoptr (GArray) ticks = NULL;
  double step = -1.0;

  ticks = twin_color_map_compute_ticks (minimum, maximum, max_ticks, &step);
  g_test_message ("%g … %g (%u): %u ticks, step %g", minimum, maximum, max_ticks, ticks->len, step);
  g_assert_cmpuint (ticks->len, ==, n_expected);
  g_assert_cmpfloat_with_epsilon (step, expected_step, 1e-12 * MAX (1.0, expected_step));
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpfloat_with_epsilon (g_array_index (ticks, double, i), expected[i], 1e-9 * MAX (1.0, fabs (expected[i])));
}

static void
test_ticks (void)
{
  g_autoptr (GArray) ticks = NULL;

  assert_ticks (0, 100, 6, (double[]){ 0, 20, 40, 60, 80, 100 }, 6, 20);
  assert_ticks (0, 100, 11, (double[]){ 0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100 }, 11, 10);
  assert_ticks (17.3, 23.9, 5, (double[]){ 18, 20, 22 }, 3, 2);
  assert_ticks (-0.35, 0.35, 5, (double[]){ -0.2, 0, 0.2 }, 3, 0.2);
  assert_ticks (0.1, 0.3, 6, (double[]){ 0.1, 0.15, 0.2, 0.25, 0.3 }, 5, 0.05);
  assert_ticks (-1e6, 3e6, 5, (double[]){ -1e6, 0, 1e6, 2e6, 3e6 }, 5, 1e6);
  /* One value: one tick. */
  assert_ticks (42, 42, 5, (double[]){ 42 }, 1, 0);

  /* Never more than asked, always inside the range, a 1-2-5 step. */
  for (int i = 0; i < 200; i++)
    {
      double minimum = g_test_rand_double_range (-1e4, 1e4);
      double maximum = minimum + pow (10.0, g_test_rand_double_range (-3, 5));
      guint  max_ticks = (guint) g_test_rand_int_range (2, 12);
      double step;
      double mantissa;

      ticks = twin_color_map_compute_ticks (minimum, maximum, max_ticks, &step);
      g_assert_cmpuint (ticks->len, >=, 1);
      g_assert_cmpuint (ticks->len, <=, max_ticks);
      for (guint t = 0; t < ticks->len; t++)
        {
          g_assert_cmpfloat (g_array_index (ticks, double, t), >=, minimum - 1e-9 * fabs (minimum));
          g_assert_cmpfloat (g_array_index (ticks, double, t), <=, maximum + 1e-9 * fabs (maximum));
        }
      mantissa = step / pow (10.0, floor (log10 (step)));
      if (fabs (mantissa - 1) < 1e-9 || fabs (mantissa - 2) < 1e-9 || fabs (mantissa - 5) < 1e-9)
        {
          /* As many as fit: the next smaller nice step would give too many. */
          double smaller = fabs (mantissa - 2) < 1e-9 ? step / 2 : fabs (mantissa - 5) < 1e-9 ? step / 2.5
                                                                                              : step / 2;
          double count = floor (maximum / smaller + 1e-9) - ceil (minimum / smaller - 1e-9) + 1;

          g_assert_cmpfloat (count, >, max_ticks);
        }
      else
        {
          /* Nothing nice falls inside: the ends. */
          g_assert_cmpuint (ticks->len, ==, 2);
          g_assert_cmpfloat (g_array_index (ticks, double, 0), ==, minimum);
          g_assert_cmpfloat (g_array_index (ticks, double, 1), ==, maximum);
        }
      g_clear_pointer (&ticks, g_array_unref);
    }

  /* Bad ranges give none. */
  ticks = twin_color_map_compute_ticks (5, 1, 5, NULL);
  g_assert_cmpuint (ticks->len, ==, 0);
  g_clear_pointer (&ticks, g_array_unref);
  ticks = twin_color_map_compute_ticks (NAN, 1, 5, NULL);
  g_assert_cmpuint (ticks->len, ==, 0);
  g_clear_pointer (&ticks, g_array_unref);
  ticks = twin_color_map_compute_ticks (0, INFINITY, 5, NULL);
  g_assert_cmpuint (ticks->len, ==, 0);
}

static void
assert_tick_text (double      value,
                  double      step,
                  const char *expected)
{
  g_autofree char *text = twin_color_map_format_tick (value, step);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_tick_text (void)
{
  assert_tick_text (20, 20, "20");
  assert_tick_text (0.25, 0.05, "0.25");
  assert_tick_text (0.2, 0.05, "0.20");
  assert_tick_text (-0.2, 0.2, "-0.2");
  assert_tick_text (1e-17, 0.2, "0.0"); /* no "-0" or rounding noise */
  assert_tick_text (-1e-17, 0.2, "0.0");
  assert_tick_text (1200, 100, "1200");
  assert_tick_text (3e9, 1e9, "3e+09");
  assert_tick_text (0.5, 0, "0.5");

  /* A dot whatever the locale. */
  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") != NULL)
    {
      assert_tick_text (0.25, 0.05, "0.25");
      setlocale (LC_NUMERIC, "C");
    }
}

typedef struct
{
  TwinModel  *model;
  TwinEntity *cold;  /* temperature 10 (number) */
  TwinEntity *warm;  /* temperature 30 (integer) */
  TwinEntity *plain; /* no temperature */
  TwinEntity *text;  /* temperature as a string */
  TwinEntity *child; /* temperature 20, inside cold */
} Model;

static TwinEntity *
add_child (TwinEntity    *parent,
           const char    *name,
           TwinParameter *parameter)
{
  g_autoptr (TwinEntity) child = twin_entity_new (NULL, "room", name);

  if (parameter != NULL)
    {
      twin_entity_add_parameter (child, parameter);
      g_object_unref (parameter);
    }
  twin_entity_append_child (parent, child);
  return child;
}

static void
model_init (Model *m)
{
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Plant");

  m->cold = add_child (root, "Cold", twin_parameter_new_number ("temperature", 10, "°C", -INFINITY, INFINITY));
  m->warm = add_child (root, "Warm", twin_parameter_new_integer ("temperature", 30, "°C", -INFINITY, INFINITY));
  m->plain = add_child (root, "Plain", NULL);
  m->text = add_child (root, "Text", twin_parameter_new_string ("temperature", "hot"));
  m->child = add_child (m->cold, "Child", twin_parameter_new_number ("temperature", 20, "°C", -INFINITY, INFINITY));
  m->model = twin_model_new (root);
}

static void
model_clear (Model *m)
{
  g_assert_finalize_object (g_steal_pointer (&m->model));
}

static void
assert_color (TwinColorBy *color_by,
              TwinEntity  *entity,
              double       minimum,
              double       maximum,
              double       t)
{
  float rgb[3];
  float expected[3];

  g_assert_true (twin_color_by_get_color (color_by, entity, minimum, maximum, rgb));
  twin_color_map_evaluate (twin_color_by_get_map (color_by), t, expected);
  for (int k = 0; k < 3; k++)
    g_assert_cmpfloat_with_epsilon (rgb[k], expected[k], 1e-6);
}

static void
test_color_by_values (void)
{
  g_autoptr (TwinColorBy) color_by = twin_color_by_new ("temperature");
  Model  m;
  double value = 0.0;
  double minimum = 0.0;
  double maximum = 0.0;
  float  rgb[3] = { -1, -1, -1 };

  model_init (&m);
  g_assert_cmpstr (twin_color_by_get_parameter (color_by), ==, "temperature");
  g_assert_cmpint (twin_color_by_get_map (color_by), ==, TWIN_COLOR_MAP_VIRIDIS);
  g_assert_true (twin_color_by_get_auto_range (color_by));

  g_assert_true (twin_color_by_get_value (color_by, m.cold, &value));
  g_assert_cmpfloat (value, ==, 10.0);
  g_assert_true (twin_color_by_get_value (color_by, m.warm, &value));
  g_assert_cmpfloat (value, ==, 30.0);
  g_assert_false (twin_color_by_get_value (color_by, m.plain, &value));
  g_assert_false (twin_color_by_get_value (color_by, m.text, &value));
  g_assert_false (twin_color_by_get_value (color_by, twin_model_get_root (m.model), &value));

  /* The automatic range covers the finest level with values: "cold" (10)
   * holds "child" (20), so only the child and "warm" (30) count. */
  g_assert_true (twin_color_by_compute_auto_range (color_by, m.model, &minimum, &maximum));
  g_assert_cmpfloat (minimum, ==, 20.0);
  g_assert_cmpfloat (maximum, ==, 30.0);
  g_assert_true (twin_color_by_get_range (color_by, m.model, &minimum, &maximum));
  g_assert_cmpfloat (maximum, ==, 30.0);
  g_assert_cmpstr (twin_color_by_find_unit (color_by, m.model), ==, "°C");

  assert_color (color_by, m.cold, minimum, maximum, 0.0); /* below the range: clamped */
  assert_color (color_by, m.child, minimum, maximum, 0.0);
  assert_color (color_by, m.warm, minimum, maximum, 1.0);
  assert_color (color_by, m.child, 10.0, 30.0, 0.5);
  g_assert_false (twin_color_by_get_color (color_by, m.plain, minimum, maximum, rgb));
  g_assert_cmpfloat (rgb[0], ==, -1.0f); /* untouched */
  twin_color_by_get_no_value_color (rgb);
  g_assert_cmpfloat (rgb[0], ==, rgb[1]);
  g_assert_cmpfloat (rgb[1], ==, rgb[2]);

  /* A fixed range clamps values outside it; it turns automatic off. */
  twin_color_by_set_fixed_range (color_by, 0, 20);
  g_assert_false (twin_color_by_get_auto_range (color_by));
  g_assert_true (twin_color_by_get_range (color_by, m.model, &minimum, &maximum));
  g_assert_cmpfloat (minimum, ==, 0.0);
  g_assert_cmpfloat (maximum, ==, 20.0);
  assert_color (color_by, m.cold, minimum, maximum, 0.5);
  assert_color (color_by, m.warm, minimum, maximum, 1.0);
  /* Without a model, a fixed range still is one; an automatic one is not. */
  g_assert_true (twin_color_by_get_range (color_by, NULL, &minimum, &maximum));
  twin_color_by_set_auto_range (color_by, TRUE);
  g_assert_false (twin_color_by_get_range (color_by, NULL, &minimum, &maximum));

  /* An empty range puts everything in the middle. */
  assert_color (color_by, m.warm, 5, 5, 0.5);

  /* No entity has the parameter: no automatic range, no unit. */
  twin_color_by_set_parameter (color_by, "pressure");
  g_assert_false (twin_color_by_compute_auto_range (color_by, m.model, &minimum, &maximum));
  g_assert_false (twin_color_by_get_range (color_by, m.model, &minimum, &maximum));
  g_assert_null (twin_color_by_find_unit (color_by, m.model));
  /* Values from elsewhere (a simulation's replay) say their own unit. */
  twin_color_by_set_unit (color_by, "bar");
  g_assert_cmpstr (twin_color_by_find_unit (color_by, m.model), ==, "bar");
  twin_color_by_set_unit (color_by, NULL);
  g_assert_null (twin_color_by_find_unit (color_by, m.model));

  /* A NaN value is no value. */
  twin_color_by_set_parameter (color_by, "temperature");
  g_assert_true (twin_model_set_parameter (m.model, m.warm, "temperature", g_variant_new_int64 (25), NULL));
  g_assert_true (twin_color_by_compute_auto_range (color_by, m.model, &minimum, &maximum));
  g_assert_cmpfloat (maximum, ==, 25.0);
  model_clear (&m);
}

typedef struct
{
  GHashTable *values; /* entity → double * */
  guint       n_freed;
} LiveValues;

static gboolean
live_value (TwinEntity *entity,
            const char *parameter,
            double     *value,
            gpointer    user_data)
{
  LiveValues *live = user_data;
  double     *found = g_hash_table_lookup (live->values, entity);

  g_assert_cmpstr (parameter, ==, "temperature");
  if (found == NULL)
    return FALSE;
  *value = *found;
  return TRUE;
}

static void
live_values_freed (gpointer user_data)
{
  LiveValues *live = user_data;

  live->n_freed++;
}

static void
count_cb (TwinColorBy *color_by,
          guint       *count)
{
  (*count)++;
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

/* Live and simulated values replace the parameter lookup. */
static void
test_color_by_value_func (void)
{
  g_autoptr (TwinColorBy) color_by = twin_color_by_new ("temperature");
  LiveValues live = { g_hash_table_new (NULL, NULL), 0 };
  double     plain_value = 100.0;
  double     nan_value = NAN;
  double     value;
  double     minimum;
  double     maximum;
  guint      n_changed = 0;
  Model      m;

  model_init (&m);
  g_signal_connect (color_by, "changed", G_CALLBACK (count_cb), &n_changed);
  g_hash_table_insert (live.values, m.plain, &plain_value);
  g_hash_table_insert (live.values, m.warm, &nan_value);
  twin_color_by_set_value_func (color_by, live_value, &live, live_values_freed);
  g_assert_cmpuint (n_changed, ==, 1);

  g_assert_true (twin_color_by_get_value (color_by, m.plain, &value));
  g_assert_cmpfloat (value, ==, 100.0);
  g_assert_false (twin_color_by_get_value (color_by, m.cold, &value)); /* the parameter no longer counts */
  g_assert_false (twin_color_by_get_value (color_by, m.warm, &value)); /* NaN is no value */
  g_assert_true (twin_color_by_compute_auto_range (color_by, m.model, &minimum, &maximum));
  g_assert_cmpfloat (minimum, ==, 100.0);
  g_assert_cmpfloat (maximum, ==, 100.0);
  twin_color_by_notify_values_changed (color_by);
  g_assert_cmpuint (n_changed, ==, 2);

  /* A copy has the settings, not the function. */
  {
    g_autoptr (TwinColorBy) copy = twin_color_by_copy (color_by);

    g_assert_true (twin_color_by_equal (copy, color_by));
    g_assert_true (twin_color_by_get_value (copy, m.cold, &value));
  }

  /* Back to the default frees the data. */
  twin_color_by_set_value_func (color_by, NULL, NULL, NULL);
  g_assert_cmpuint (live.n_freed, ==, 1);
  g_assert_true (twin_color_by_get_value (color_by, m.cold, &value));
  g_assert_cmpfloat (value, ==, 10.0);

  /* Finalizing frees a function's data too. */
  twin_color_by_set_value_func (color_by, live_value, &live, live_values_freed);
  g_clear_object (&color_by);
  g_assert_cmpuint (live.n_freed, ==, 2);
  g_hash_table_unref (live.values);
  model_clear (&m);
}

static void
test_color_by_string (void)
{
  g_autoptr (TwinColorBy) color_by = twin_color_by_new ("supply_temperature");
  g_autoptr (TwinColorBy) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  guint            n_notified = 0;

  g_signal_connect (color_by, "notify::map", G_CALLBACK (notify_cb), &n_notified);
  twin_color_by_set_map (color_by, TWIN_COLOR_MAP_COOLWARM);
  twin_color_by_set_map (color_by, TWIN_COLOR_MAP_COOLWARM);
  g_assert_cmpuint (n_notified, ==, 1);
  twin_color_by_set_fixed_range (color_by, -12.5, 0.1);

  text = twin_color_by_to_string (color_by);
  g_assert_cmpstr (text, ==, "{\"parameter\": \"supply_temperature\", \"map\": \"coolwarm\", \"auto_range\": false, \"minimum\": -12.5, \"maximum\": 0.1}");
  back = twin_color_by_new_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (twin_color_by_equal (back, color_by));
  g_clear_object (&back);
  g_clear_pointer (&text, g_free);

  /* Automatic keeps the fixed range for later. */
  twin_color_by_set_auto_range (color_by, TRUE);
  text = twin_color_by_to_string (color_by);
  back = twin_color_by_new_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (twin_color_by_equal (back, color_by));
  g_clear_object (&back);

  /* Numbers with a dot whatever the locale. */
  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") != NULL)
    {
      g_autofree char *german = twin_color_by_to_string (color_by);

      g_assert_cmpstr (german, ==, text);
      back = twin_color_by_new_from_string (text, &error);
      g_assert_no_error (error);
      g_assert_true (twin_color_by_equal (back, color_by));
      g_clear_object (&back);
      setlocale (LC_NUMERIC, "C");
    }

  /* The least: a parameter; defaults for the rest; unknown keys ignored. */
  back = twin_color_by_new_from_string ("{\"parameter\": \"flow\", \"future_key\": [1, 2]}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (twin_color_by_get_parameter (back), ==, "flow");
  g_assert_cmpint (twin_color_by_get_map (back), ==, TWIN_COLOR_MAP_VIRIDIS);
  g_assert_true (twin_color_by_get_auto_range (back));
  g_clear_object (&back);
  back = twin_color_by_new_from_string ("{\"parameter\": \"flow\", \"auto_range\": false, \"minimum\": 3, \"maximum\": 3}", &error);
  g_assert_no_error (error);
  g_clear_object (&back);
}

static void
test_color_by_bad_strings (void)
{
  static const struct
  {
    const char *text;
    const char *in_message;
  } cases[] = {
    { "", "JSON" },
    { "{\"parameter\": \"flow\"", "JSON" },
    { "[1, 2]", "not a JSON object" },
    { "{}", "parameter" },
    { "{\"parameter\": \"2fast\"}", "parameter" },
    { "{\"parameter\": 7}", "parameter" },
    { "{\"parameter\": \"flow\", \"map\": \"rainbow\"}", "rainbow" },
    { "{\"parameter\": \"flow\", \"map\": 3}", "colour map" },
    { "{\"parameter\": \"flow\", \"auto_range\": \"yes\"}", "auto_range" },
    { "{\"parameter\": \"flow\", \"auto_range\": false}", "minimum" },
    { "{\"parameter\": \"flow\", \"auto_range\": false, \"minimum\": 1}", "maximum" },
    { "{\"parameter\": \"flow\", \"auto_range\": false, \"minimum\": \"1\", \"maximum\": 2}", "minimum" },
    { "{\"parameter\": \"flow\", \"auto_range\": false, \"minimum\": 5, \"maximum\": 2}", "backwards" },
    { "{\"parameter\": \"flow\", \"minimum\": 1e999, \"maximum\": 2}", "minimum" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (TwinColorBy) color_by = twin_color_by_new_from_string (cases[i].text, &error);

      g_test_message ("%s → %s", cases[i].text, error != NULL ? error->message : "(accepted)");
      g_assert_null (color_by);
      g_assert_error (error, TWIN_COLOR_BY_ERROR, TWIN_COLOR_BY_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].in_message));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/render/color-map/endpoints", test_endpoints);
  g_test_add_func ("/render/color-map/monotone-lightness", test_monotone_lightness);
  g_test_add_func ("/render/color-map/names", test_names);
  g_test_add_func ("/render/color-map/ticks", test_ticks);
  g_test_add_func ("/render/color-map/tick-text", test_tick_text);
  g_test_add_func ("/render/color-by/values", test_color_by_values);
  g_test_add_func ("/render/color-by/value-func", test_color_by_value_func);
  g_test_add_func ("/render/color-by/string", test_color_by_string);
  g_test_add_func ("/render/color-by/bad-strings", test_color_by_bad_strings);

  return g_test_run ();
}
