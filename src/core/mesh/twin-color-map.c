/* twin-color-map.c: colour maps that turn a value in [0, 1] into a colour, and "nice" legend ticks.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each map is a short list of sRGB stops (8 bits a channel, as the maps are
 * published), interpolated linearly in sRGB between neighbours and then
 * decoded to linear RGB. The stops are the maps' own published values:
 * viridis, plasma and inferno (Smith and van der Walt, matplotlib, CC0) at
 * 0, 1/9, …, 1 and at 0, ¼, ½, ¾, 1; Moreland's cool-to-warm computed by his
 * Msh interpolation ("Diverging Color Maps for Scientific Visualization",
 * 2009) at sixteenths; turbo (Mikhailov, Google, 2019) at ninths. Between
 * stops this close the maps bend little, so the linear pieces stay near the
 * full 256-entry tables; the stops themselves are exact, and the lightness
 * of viridis, plasma and inferno still rises monotonically
 * (tests/render/test-color-map.c checks both).
 */

#define G_LOG_DOMAIN "twin-color-map"

#include "config.h"

#include "twin-color-map.h"

#include <glib/gi18n-lib.h>
#include <math.h>

typedef struct
{
  float  t;
  guint8 rgb[3]; /* sRGB, 0 … 255 */
} Stop;

typedef struct
{
  const char *name;
  const char *label; /* N_() */
  const Stop *stops;
  guint       n_stops;
} MapInfo;

static const Stop viridis_stops[] = {
  { 0.0f / 9.0f, { 0x44, 0x01, 0x54 } },
  { 1.0f / 9.0f, { 0x48, 0x28, 0x78 } },
  { 2.0f / 9.0f, { 0x3e, 0x49, 0x89 } },
  { 0.25f, { 0x3b, 0x52, 0x8b } },
  { 3.0f / 9.0f, { 0x31, 0x68, 0x8e } },
  { 4.0f / 9.0f, { 0x26, 0x82, 0x8e } },
  { 0.5f, { 0x21, 0x90, 0x8c } },
  { 5.0f / 9.0f, { 0x1f, 0x9e, 0x89 } },
  { 6.0f / 9.0f, { 0x35, 0xb7, 0x79 } },
  { 0.75f, { 0x5d, 0xc8, 0x63 } },
  { 7.0f / 9.0f, { 0x6e, 0xce, 0x58 } },
  { 8.0f / 9.0f, { 0xb5, 0xde, 0x2b } },
  { 9.0f / 9.0f, { 0xfd, 0xe7, 0x25 } },
};

static const Stop plasma_stops[] = {
  { 0.0f / 9.0f, { 0x0d, 0x08, 0x87 } },
  { 1.0f / 9.0f, { 0x47, 0x03, 0x9f } },
  { 2.0f / 9.0f, { 0x73, 0x01, 0xa8 } },
  { 0.25f, { 0x7e, 0x03, 0xa8 } },
  { 3.0f / 9.0f, { 0x9c, 0x17, 0x9e } },
  { 4.0f / 9.0f, { 0xbd, 0x37, 0x86 } },
  { 0.5f, { 0xcc, 0x46, 0x78 } },
  { 5.0f / 9.0f, { 0xd8, 0x57, 0x6b } },
  { 6.0f / 9.0f, { 0xed, 0x79, 0x53 } },
  { 0.75f, { 0xf8, 0x94, 0x41 } },
  { 7.0f / 9.0f, { 0xfb, 0x9f, 0x3a } },
  { 8.0f / 9.0f, { 0xfd, 0xca, 0x26 } },
  { 9.0f / 9.0f, { 0xf0, 0xf9, 0x21 } },
};

static const Stop inferno_stops[] = {
  { 0.0f / 9.0f, { 0x00, 0x00, 0x04 } },
  { 1.0f / 9.0f, { 0x1b, 0x0c, 0x42 } },
  { 2.0f / 9.0f, { 0x4b, 0x0c, 0x6b } },
  { 0.25f, { 0x57, 0x10, 0x6e } },
  { 3.0f / 9.0f, { 0x78, 0x1c, 0x6d } },
  { 4.0f / 9.0f, { 0xa5, 0x2c, 0x60 } },
  { 0.5f, { 0xbc, 0x37, 0x54 } },
  { 5.0f / 9.0f, { 0xcf, 0x44, 0x46 } },
  { 6.0f / 9.0f, { 0xed, 0x69, 0x25 } },
  { 0.75f, { 0xf9, 0x8e, 0x09 } },
  { 7.0f / 9.0f, { 0xfb, 0x9a, 0x06 } },
  { 8.0f / 9.0f, { 0xf7, 0xd0, 0x3c } },
  { 9.0f / 9.0f, { 0xfc, 0xff, 0xa4 } },
};

static const Stop coolwarm_stops[] = {
  { 0.0f / 16.0f, { 59, 76, 192 } },
  { 1.0f / 16.0f, { 78, 104, 215 } },
  { 2.0f / 16.0f, { 98, 130, 234 } },
  { 3.0f / 16.0f, { 119, 154, 247 } },
  { 4.0f / 16.0f, { 141, 176, 254 } },
  { 5.0f / 16.0f, { 163, 194, 254 } },
  { 6.0f / 16.0f, { 184, 208, 249 } },
  { 7.0f / 16.0f, { 204, 217, 238 } },
  { 8.0f / 16.0f, { 221, 221, 221 } },
  { 9.0f / 16.0f, { 236, 211, 198 } },
  { 10.0f / 16.0f, { 245, 196, 173 } },
  { 11.0f / 16.0f, { 247, 177, 148 } },
  { 12.0f / 16.0f, { 244, 154, 123 } },
  { 13.0f / 16.0f, { 236, 127, 99 } },
  { 14.0f / 16.0f, { 222, 97, 76 } },
  { 15.0f / 16.0f, { 203, 62, 56 } },
  { 16.0f / 16.0f, { 180, 4, 38 } },
};

static const Stop turbo_stops[] = {
  { 0.0f / 9.0f, { 0x30, 0x12, 0x3b } },
  { 1.0f / 9.0f, { 0x46, 0x62, 0xd7 } },
  { 2.0f / 9.0f, { 0x36, 0xaa, 0xf9 } },
  { 3.0f / 9.0f, { 0x1a, 0xe4, 0xb6 } },
  { 4.0f / 9.0f, { 0x72, 0xfe, 0x5e } },
  { 5.0f / 9.0f, { 0xc7, 0xef, 0x34 } },
  { 6.0f / 9.0f, { 0xfa, 0xba, 0x39 } },
  { 7.0f / 9.0f, { 0xf6, 0x6b, 0x19 } },
  { 8.0f / 9.0f, { 0xcb, 0x2a, 0x04 } },
  { 9.0f / 9.0f, { 0x7a, 0x04, 0x03 } },
};

static const MapInfo maps[TWIN_COLOR_MAP_N_MAPS] = {
  [TWIN_COLOR_MAP_VIRIDIS] = { "viridis", N_ ("Viridis"), viridis_stops, G_N_ELEMENTS (viridis_stops) },
  [TWIN_COLOR_MAP_PLASMA] = { "plasma", N_ ("Plasma"), plasma_stops, G_N_ELEMENTS (plasma_stops) },
  [TWIN_COLOR_MAP_INFERNO] = { "inferno", N_ ("Inferno"), inferno_stops, G_N_ELEMENTS (inferno_stops) },
  [TWIN_COLOR_MAP_COOLWARM] = { "coolwarm", N_ ("Cool to warm"), coolwarm_stops, G_N_ELEMENTS (coolwarm_stops) },
  [TWIN_COLOR_MAP_TURBO] = { "turbo", N_ ("Turbo"), turbo_stops, G_N_ELEMENTS (turbo_stops) },
};

/* Tick steps are 1, 2 or 5 times a power of ten. */
static const double nice_mantissas[] = { 1.0, 2.0, 5.0, 10.0 };

static gboolean
is_valid_map (TwinColorMap map)
{
  return (guint) map < TWIN_COLOR_MAP_N_MAPS;
}

/**
 * twin_color_map_to_string:
 *
 * Returns: the map's name in files ("viridis", "plasma", "inferno",
 *   "coolwarm", "turbo")
 */
const char *
twin_color_map_to_string (TwinColorMap map)
{
  g_return_val_if_fail (is_valid_map (map), NULL);

  return maps[map].name;
}

/**
 * twin_color_map_from_string:
 * @text: a map's name in files, as twin_color_map_to_string() writes it
 * @map: (out): the map
 *
 * Returns: %TRUE if @text names a map (@map is then set)
 */
gboolean
twin_color_map_from_string (const char   *text,
                            TwinColorMap *map)
{
  g_return_val_if_fail (map != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < TWIN_COLOR_MAP_N_MAPS; i++)
    if (g_strcmp0 (maps[i].name, text) == 0)
      {
        *map = (TwinColorMap) i;
        return TRUE;
      }
  return FALSE;
}

/**
 * twin_color_map_get_label:
 *
 * Returns: the map's name for people, translated
 */
const char *
twin_color_map_get_label (TwinColorMap map)
{
  g_return_val_if_fail (is_valid_map (map), NULL);

  return _ (maps[map].label);
}

/**
 * twin_color_srgb_to_linear:
 * @c: an sRGB-encoded channel in [0, 1]
 *
 * Returns: the channel in linear light, [0, 1]
 */
float
twin_color_srgb_to_linear (float c)
{
  if (c <= 0.04045f)
    return c / 12.92f;
  return powf ((c + 0.055f) / 1.055f, 2.4f);
}

/**
 * twin_color_linear_to_srgb:
 * @c: a channel in linear light in [0, 1]
 *
 * Returns: the channel sRGB-encoded, [0, 1]
 */
float
twin_color_linear_to_srgb (float c)
{
  if (c <= 0.0031308f)
    return 12.92f * c;
  return 1.055f * powf (c, 1.0f / 2.4f) - 0.055f;
}

/**
 * twin_color_map_evaluate_srgb:
 * @t: where on the map, 0 (lowest) to 1 (highest); values outside are
 *   clamped and NaN counts as 0.5
 * @rgb: (out caller-allocates): the colour, sRGB-encoded, each channel in [0, 1]
 *
 * The colour as a screen or a GTK widget shows it: the form for a legend, a
 * PNG, or a framebuffer without sRGB encoding.
 */
void
twin_color_map_evaluate_srgb (TwinColorMap map,
                              double       t,
                              float        rgb[3])
{
  const MapInfo *info;
  const Stop    *lo;
  const Stop    *hi;
  float          f;
  guint          i;

  g_return_if_fail (is_valid_map (map));
  g_return_if_fail (rgb != NULL);

  info = &maps[map];
  if (isnan (t))
    t = 0.5;
  t = CLAMP (t, 0.0, 1.0);

  for (i = 1; i + 1 < info->n_stops && (double) info->stops[i].t < t; i++)
    ;
  lo = &info->stops[i - 1];
  hi = &info->stops[i];
  f = hi->t > lo->t ? ((float) t - lo->t) / (hi->t - lo->t) : 0.0f;
  f = CLAMP (f, 0.0f, 1.0f);
  for (int k = 0; k < 3; k++)
    rgb[k] = ((1.0f - f) * (float) lo->rgb[k] + f * (float) hi->rgb[k]) / 255.0f;
}

/**
 * twin_color_map_evaluate:
 * @t: where on the map, 0 (lowest) to 1 (highest); values outside are
 *   clamped and NaN counts as 0.5
 * @rgb: (out caller-allocates): the colour in linear RGB, each channel in [0, 1]
 *
 * The colour in linear light: the form glTF's base colour and lighting
 * maths expect.
 */
void
twin_color_map_evaluate (TwinColorMap map,
                         double       t,
                         float        rgb[3])
{
  g_return_if_fail (is_valid_map (map));
  g_return_if_fail (rgb != NULL);

  twin_color_map_evaluate_srgb (map, t, rgb);
  for (int k = 0; k < 3; k++)
    rgb[k] = twin_color_srgb_to_linear (rgb[k]);
}

/**
 * twin_color_map_normalize:
 * @value: a value
 * @minimum: the value at the map's low end
 * @maximum: the value at its high end
 *
 * Where @value falls on a map spanning @minimum … @maximum, clamped to
 * [0, 1]. An empty range (@minimum = @maximum) puts every value in the
 * middle, 0.5, as does a value that is not a number.
 *
 * Returns: the position for twin_color_map_evaluate()
 */
double
twin_color_map_normalize (double value,
                          double minimum,
                          double maximum)
{
  double t;

  if (isnan (value) || !(maximum > minimum) || !isfinite (maximum - minimum))
    return 0.5;
  t = (value - minimum) / (maximum - minimum);
  return CLAMP (t, 0.0, 1.0);
}

/**
 * twin_color_map_compute_ticks:
 * @minimum: the legend's lowest value
 * @maximum: its highest value
 * @max_ticks: the most ticks wanted, at least 2
 * @step: (out) (optional): the distance between ticks, or 0 when there is
 *   only one tick
 *
 * "Nice" tick values for a legend: multiples of 1, 2 or 5 times a power of
 * ten, inside [@minimum, @maximum], as many as fit in @max_ticks with the
 * smallest such step. When no multiple of such a step falls inside (a
 * narrow range and few ticks), the ticks are the range's two ends. An empty
 * range (@minimum = @maximum) gets one tick at @minimum. Values within a
 * hundred-millionth of a step of zero are exactly 0.
 *
 * Returns: (transfer full) (element-type double): the ticks, ascending;
 *   empty when the range is not two finite numbers, lowest first
 */
GArray *
twin_color_map_compute_ticks (double  minimum,
                              double  maximum,
                              guint   max_ticks,
                              double *step)
{
  g_autoptr (GArray) ticks = g_array_new (FALSE, FALSE, sizeof (double));
  double span;
  double raw;
  double magnitude;
  double nice = 0.0;
  double first;
  double last;
  gint64 n_first;
  gint64 n_last;

  if (step != NULL)
    *step = 0.0;
  max_ticks = MAX (max_ticks, 2);

  if (!isfinite (minimum) || !isfinite (maximum) || minimum > maximum)
    return g_steal_pointer (&ticks);
  span = maximum - minimum;
  if (span == 0.0 || !isfinite (span) || span < fabs (minimum) * 1e-12)
    {
      g_array_append_val (ticks, minimum);
      return g_steal_pointer (&ticks);
    }

  /* The smallest 1-2-5 step that gives at most max_ticks ticks. The count only
   * falls as the step grows, and s ≥ span / (n - 1) always fits, so the search
   * starts a decade below that and stops at the first step that fits. */
  raw = span / (double) (max_ticks - 1);
  magnitude = pow (10.0, floor (log10 (raw)) - 1.0);
  for (guint decade = 0; decade < 4 && nice == 0.0; decade++, magnitude *= 10.0)
    for (guint i = 0; i < G_N_ELEMENTS (nice_mantissas) - 1; i++)
      {
        double candidate = nice_mantissas[i] * magnitude;

        first = ceil (minimum / candidate - 1e-9);
        last = floor (maximum / candidate + 1e-9);
        if (last - first + 1.0 <= (double) max_ticks)
          {
            nice = candidate;
            break;
          }
      }
  /* No multiple of a fitting step falls inside the range: label its ends. */
  if (!(nice > 0.0) || floor (maximum / nice + 1e-9) < ceil (minimum / nice - 1e-9))
    {
      g_array_append_val (ticks, minimum);
      g_array_append_val (ticks, maximum);
      if (step != NULL)
        *step = span;
      return g_steal_pointer (&ticks);
    }

  n_first = (gint64) ceil (minimum / nice - 1e-9);
  n_last = (gint64) floor (maximum / nice + 1e-9);
  for (gint64 n = n_first; n <= n_last; n++)
    {
      double value = (double) n * nice;

      if (fabs (value) < nice * 1e-8)
        value = 0.0;
      g_array_append_val (ticks, value);
    }
  if (step != NULL)
    *step = nice;
  return g_steal_pointer (&ticks);
}

/**
 * twin_color_map_format_tick:
 * @value: a tick value
 * @step: the distance between ticks (twin_color_map_compute_ticks()), or 0
 *
 * Formats a tick with as many decimals as the step needs and no more, with
 * a dot whatever the locale ("0.25", "1200", "-5"); very large or very small
 * magnitudes use an exponent ("1.5e+09").
 *
 * Returns: (transfer full): the text
 */
char *
twin_color_map_format_tick (double value,
                            double step)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  int  decimals = 0;

  if (!isfinite (value))
    return g_strdup (isnan (value) ? "NaN" : (value > 0 ? "∞" : "−∞"));

  if (step > 0.0 && isfinite (step))
    {
      double scaled = step;

      /* Count the decimals of a 1-2-5 step; 0.25 and similar get one more. */
      while (decimals < 12 && fabs (scaled - round (scaled)) > 1e-9 * MAX (1.0, fabs (scaled)))
        {
          scaled *= 10.0;
          decimals++;
        }
    }
  if (fabs (value) >= 1e9 || decimals > 6 || (step == 0.0 && value != 0.0 && fabs (value) < 1e-4))
    {
      g_ascii_formatd (buffer, sizeof buffer, "%.3g", value);
      return g_strdup (buffer);
    }
  if (step == 0.0)
    {
      g_ascii_formatd (buffer, sizeof buffer, "%.6g", value);
      return g_strdup (buffer);
    }
  if (fabs (value) < step * 1e-8)
    value = 0.0;
  {
    char format[16];

    g_snprintf (format, sizeof format, "%%.%df", decimals);
    g_ascii_formatd (buffer, sizeof buffer, format, value);
  }
  return g_strdup (buffer);
}
