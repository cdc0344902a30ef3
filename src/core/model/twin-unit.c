/* twin-unit.c: physical units, their parsing and explicit conversion.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A unit string is a product of atoms with optional integer exponents:
 * `kW`, `m²`, `m^3/h`, `W/(m²·K)`, `kg*m2/s3`. Atoms come from one table
 * below (no automatic SI prefixes, so `min` is never "milli-inch"). Every
 * unit reduces to a dimension vector over the seven SI base units and an
 * affine map to SI; only the temperatures °C and °F carry an offset, and
 * only when they stand alone (inside a compound they mean a difference).
 * The empty string and "1" are dimensionless.
 */

#define G_LOG_DOMAIN "twin-unit"

#include "config.h"

#include "twin-unit.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

typedef struct
{
  const char *symbol;
  double      scale;
  double      offset;
  gint8       dim[7]; /* m kg s A K mol cd */
} UnitAtom;

#define D(m, kg, s, a, k, mol, cd) \
  {                                \
    m, kg, s, a, k, mol, cd        \
  }

static const UnitAtom atoms[] = {
  /* Dimensionless */
  { "1", 1, 0, D (0, 0, 0, 0, 0, 0, 0) },
  { "%", 0.01, 0, D (0, 0, 0, 0, 0, 0, 0) },
  { "ppm", 1e-6, 0, D (0, 0, 0, 0, 0, 0, 0) },
  { "rad", 1, 0, D (0, 0, 0, 0, 0, 0, 0) },
  { "deg", G_PI / 180, 0, D (0, 0, 0, 0, 0, 0, 0) },
  { "°", G_PI / 180, 0, D (0, 0, 0, 0, 0, 0, 0) },
  /* Length */
  { "m", 1, 0, D (1, 0, 0, 0, 0, 0, 0) },
  { "mm", 1e-3, 0, D (1, 0, 0, 0, 0, 0, 0) },
  { "cm", 1e-2, 0, D (1, 0, 0, 0, 0, 0, 0) },
  { "km", 1e3, 0, D (1, 0, 0, 0, 0, 0, 0) },
  { "in", 0.0254, 0, D (1, 0, 0, 0, 0, 0, 0) },
  { "ft", 0.3048, 0, D (1, 0, 0, 0, 0, 0, 0) },
  /* Mass */
  { "kg", 1, 0, D (0, 1, 0, 0, 0, 0, 0) },
  { "g", 1e-3, 0, D (0, 1, 0, 0, 0, 0, 0) },
  { "t", 1e3, 0, D (0, 1, 0, 0, 0, 0, 0) },
  /* Time */
  { "s", 1, 0, D (0, 0, 1, 0, 0, 0, 0) },
  { "ms", 1e-3, 0, D (0, 0, 1, 0, 0, 0, 0) },
  { "min", 60, 0, D (0, 0, 1, 0, 0, 0, 0) },
  { "h", 3600, 0, D (0, 0, 1, 0, 0, 0, 0) },
  { "d", 86400, 0, D (0, 0, 1, 0, 0, 0, 0) },
  /* Current, temperature, amount, luminous intensity */
  { "A", 1, 0, D (0, 0, 0, 1, 0, 0, 0) },
  { "mA", 1e-3, 0, D (0, 0, 0, 1, 0, 0, 0) },
  { "kA", 1e3, 0, D (0, 0, 0, 1, 0, 0, 0) },
  { "K", 1, 0, D (0, 0, 0, 0, 1, 0, 0) },
  { "°C", 1, 273.15, D (0, 0, 0, 0, 1, 0, 0) },
  { "degC", 1, 273.15, D (0, 0, 0, 0, 1, 0, 0) },
  { "°F", 5.0 / 9.0, 459.67 * 5.0 / 9.0, D (0, 0, 0, 0, 1, 0, 0) },
  { "degF", 5.0 / 9.0, 459.67 * 5.0 / 9.0, D (0, 0, 0, 0, 1, 0, 0) },
  { "mol", 1, 0, D (0, 0, 0, 0, 0, 1, 0) },
  { "cd", 1, 0, D (0, 0, 0, 0, 0, 0, 1) },
  { "lm", 1, 0, D (0, 0, 0, 0, 0, 0, 1) },
  { "lx", 1, 0, D (-2, 0, 0, 0, 0, 0, 1) },
  /* Derived */
  { "Hz", 1, 0, D (0, 0, -1, 0, 0, 0, 0) },
  { "rpm", 2 * G_PI / 60, 0, D (0, 0, -1, 0, 0, 0, 0) },
  { "N", 1, 0, D (1, 1, -2, 0, 0, 0, 0) },
  { "kN", 1e3, 0, D (1, 1, -2, 0, 0, 0, 0) },
  { "Pa", 1, 0, D (-1, 1, -2, 0, 0, 0, 0) },
  { "hPa", 1e2, 0, D (-1, 1, -2, 0, 0, 0, 0) },
  { "kPa", 1e3, 0, D (-1, 1, -2, 0, 0, 0, 0) },
  { "MPa", 1e6, 0, D (-1, 1, -2, 0, 0, 0, 0) },
  { "bar", 1e5, 0, D (-1, 1, -2, 0, 0, 0, 0) },
  { "mbar", 1e2, 0, D (-1, 1, -2, 0, 0, 0, 0) },
  { "psi", 6894.757293168, 0, D (-1, 1, -2, 0, 0, 0, 0) },
  { "J", 1, 0, D (2, 1, -2, 0, 0, 0, 0) },
  { "kJ", 1e3, 0, D (2, 1, -2, 0, 0, 0, 0) },
  { "MJ", 1e6, 0, D (2, 1, -2, 0, 0, 0, 0) },
  { "Wh", 3600, 0, D (2, 1, -2, 0, 0, 0, 0) },
  { "kWh", 3.6e6, 0, D (2, 1, -2, 0, 0, 0, 0) },
  { "MWh", 3.6e9, 0, D (2, 1, -2, 0, 0, 0, 0) },
  { "W", 1, 0, D (2, 1, -3, 0, 0, 0, 0) },
  { "mW", 1e-3, 0, D (2, 1, -3, 0, 0, 0, 0) },
  { "kW", 1e3, 0, D (2, 1, -3, 0, 0, 0, 0) },
  { "MW", 1e6, 0, D (2, 1, -3, 0, 0, 0, 0) },
  { "GW", 1e9, 0, D (2, 1, -3, 0, 0, 0, 0) },
  { "C", 1, 0, D (0, 0, 1, 1, 0, 0, 0) },
  { "Ah", 3600, 0, D (0, 0, 1, 1, 0, 0, 0) },
  { "mAh", 3.6, 0, D (0, 0, 1, 1, 0, 0, 0) },
  { "V", 1, 0, D (2, 1, -3, -1, 0, 0, 0) },
  { "mV", 1e-3, 0, D (2, 1, -3, -1, 0, 0, 0) },
  { "kV", 1e3, 0, D (2, 1, -3, -1, 0, 0, 0) },
  { "Ω", 1, 0, D (2, 1, -3, -2, 0, 0, 0) },
  { "ohm", 1, 0, D (2, 1, -3, -2, 0, 0, 0) },
  { "kΩ", 1e3, 0, D (2, 1, -3, -2, 0, 0, 0) },
  { "MΩ", 1e6, 0, D (2, 1, -3, -2, 0, 0, 0) },
  { "F", 1, 0, D (-2, -1, 4, 2, 0, 0, 0) },
  { "mF", 1e-3, 0, D (-2, -1, 4, 2, 0, 0, 0) },
  { "µF", 1e-6, 0, D (-2, -1, 4, 2, 0, 0, 0) },
  { "uF", 1e-6, 0, D (-2, -1, 4, 2, 0, 0, 0) },
  { "nF", 1e-9, 0, D (-2, -1, 4, 2, 0, 0, 0) },
  { "H", 1, 0, D (2, 1, -2, -2, 0, 0, 0) },
  { "mH", 1e-3, 0, D (2, 1, -2, -2, 0, 0, 0) },
  { "L", 1e-3, 0, D (3, 0, 0, 0, 0, 0, 0) },
  { "l", 1e-3, 0, D (3, 0, 0, 0, 0, 0, 0) },
  { "mL", 1e-6, 0, D (3, 0, 0, 0, 0, 0, 0) },
};

#undef D

typedef struct
{
  gint8       dim[7];
  const char *name;
} QuantityName;

#define Q(m, kg, s, a, k, mol, cd, name) \
  {                                      \
    { m, kg, s, a, k, mol, cd }, name    \
  }

static const QuantityName quantities[] = {
  Q (0, 0, 0, 0, 0, 0, 0, N_ ("a plain number")),
  Q (1, 0, 0, 0, 0, 0, 0, N_ ("length")),
  Q (2, 0, 0, 0, 0, 0, 0, N_ ("area")),
  Q (3, 0, 0, 0, 0, 0, 0, N_ ("volume")),
  Q (0, 1, 0, 0, 0, 0, 0, N_ ("mass")),
  Q (0, 0, 1, 0, 0, 0, 0, N_ ("time")),
  Q (0, 0, 0, 1, 0, 0, 0, N_ ("electric current")),
  Q (0, 0, 0, 0, 1, 0, 0, N_ ("temperature")),
  Q (0, 0, -1, 0, 0, 0, 0, N_ ("frequency")),
  Q (1, 0, -1, 0, 0, 0, 0, N_ ("speed")),
  Q (3, 0, -1, 0, 0, 0, 0, N_ ("volume flow")),
  Q (1, 1, -2, 0, 0, 0, 0, N_ ("force")),
  Q (-1, 1, -2, 0, 0, 0, 0, N_ ("pressure")),
  Q (2, 1, -2, 0, 0, 0, 0, N_ ("energy")),
  Q (2, 1, -3, 0, 0, 0, 0, N_ ("power")),
  Q (0, 0, 1, 1, 0, 0, 0, N_ ("electric charge")),
  Q (2, 1, -3, -1, 0, 0, 0, N_ ("voltage")),
  Q (2, 1, -3, -2, 0, 0, 0, N_ ("resistance")),
  Q (-2, -1, 4, 2, 0, 0, 0, N_ ("capacitance")),
  Q (2, 1, -2, -2, 0, 0, 0, N_ ("inductance")),
  Q (-3, 1, 0, 0, 0, 0, 0, N_ ("density")),
  Q (2, 1, -3, 0, -1, 0, 0, N_ ("thermal conductance")),
  Q (0, 1, -3, 0, -1, 0, 0, N_ ("heat transfer coefficient")),
  Q (2, 1, -2, 0, -1, 0, 0, N_ ("heat capacity")),
  Q (0, 1, -3, 0, 0, 0, 0, N_ ("heat flux")),
  Q (-2, 0, 0, 0, 0, 0, 1, N_ ("illuminance")),
};

#undef Q

G_DEFINE_QUARK (twin_unit_error_quark, twin_unit_error)

typedef struct
{
  const char *start;
  const char *p;
  const char *symbol;
  TwinUnit    unit;
  int         n_atoms;
  gboolean    has_offset_atom;
  double      offset;
} Parser;

static gboolean parse_product (Parser *parser, TwinUnit *out, GError **error);

static void
skip_spaces (Parser *parser)
{
  while (*parser->p == ' ')
    parser->p++;
}

static gboolean
fail (Parser  *parser,
      GError **error)
{
  g_set_error (error, TWIN_UNIT_ERROR, TWIN_UNIT_ERROR_UNKNOWN,
               _ ("“%s” is not a unit Twin Studio knows"), parser->symbol);
  return FALSE;
}

/* Reads an optional exponent: ², ³, ^N, ^-N or a bare digit after an atom. */
static int
parse_exponent (Parser *parser)
{
  const char *p = parser->p;
  int         sign = 1;

  if (g_str_has_prefix (p, "²"))
    {
      parser->p += strlen ("²");
      return 2;
    }
  if (g_str_has_prefix (p, "³"))
    {
      parser->p += strlen ("³");
      return 3;
    }
  if (g_str_has_prefix (p, "⁻¹"))
    {
      parser->p += strlen ("⁻¹");
      return -1;
    }
  if (*p == '^')
    p++;
  if (*p == '-')
    {
      sign = -1;
      p++;
    }
  if (*p >= '1' && *p <= '9' && !g_ascii_isdigit (p[1]))
    {
      parser->p = p + 1;
      return sign * (*p - '0');
    }
  return 1;
}

static gboolean
parse_factor (Parser   *parser,
              TwinUnit *out,
              GError  **error)
{
  const UnitAtom *best = NULL;
  gsize           best_len = 0;
  int             exponent;

  skip_spaces (parser);

  if (*parser->p == '(')
    {
      parser->p++;
      if (!parse_product (parser, out, error))
        return FALSE;
      skip_spaces (parser);
      if (*parser->p != ')')
        return fail (parser, error);
      parser->p++;
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (atoms); i++)
        {
          gsize len = strlen (atoms[i].symbol);

          if (len > best_len && strncmp (parser->p, atoms[i].symbol, len) == 0)
            {
              /* An atom ends where letters end: "min" is not "m" + "in". */
              const char *after = parser->p + len;
              gunichar    next = g_utf8_get_char_validated (after, -1);

              if (*after != '\0' && next != (gunichar) -1 && next != (gunichar) -2 &&
                  g_unichar_isalpha (next) && next != 0x00B5 /* µ */ && next != 0x03A9 /* Ω */)
                continue;
              best = &atoms[i];
              best_len = len;
            }
        }
      if (best == NULL)
        return fail (parser, error);
      parser->p += best_len;
      memcpy (out->dimension, best->dim, sizeof out->dimension);
      out->scale = best->scale;
      out->offset = 0;
      parser->n_atoms++;
      if (best->offset != 0)
        {
          parser->has_offset_atom = TRUE;
          parser->offset = best->offset;
        }
    }

  exponent = parse_exponent (parser);
  if (exponent != 1)
    {
      for (guint i = 0; i < 7; i++)
        out->dimension[i] = (gint8) (out->dimension[i] * exponent);
      out->scale = pow (out->scale, exponent);
    }
  return TRUE;
}

static gboolean
parse_product (Parser   *parser,
               TwinUnit *out,
               GError  **error)
{
  if (!parse_factor (parser, out, error))
    return FALSE;

  for (;;)
    {
      TwinUnit next;
      int      sign;

      skip_spaces (parser);
      if (*parser->p == '/')
        {
          sign = -1;
          parser->p++;
        }
      else if (*parser->p == '*' || *parser->p == '.')
        {
          sign = 1;
          parser->p++;
        }
      else if (g_str_has_prefix (parser->p, "·"))
        {
          sign = 1;
          parser->p += strlen ("·");
        }
      else if (*parser->p == '\0' || *parser->p == ')')
        return TRUE;
      else
        sign = 1; /* "N m" */

      if (!parse_factor (parser, &next, error))
        return FALSE;
      for (guint i = 0; i < 7; i++)
        out->dimension[i] = (gint8) (out->dimension[i] + sign * next.dimension[i]);
      out->scale = sign > 0 ? out->scale * next.scale : out->scale / next.scale;
    }
}

/**
 * twin_unit_parse:
 * @symbol: a unit such as `kW`, `m²` or `W/(m²·K)`; "" or "1" for none
 * @unit: (out): where to store the parsed unit
 * @error: a #TWIN_UNIT_ERROR_UNKNOWN naming @symbol when it cannot be read
 *
 * Reads a unit string. Never touches @unit on failure.
 *
 * Returns: %TRUE when @symbol is a unit
 */
gboolean
twin_unit_parse (const char *symbol,
                 TwinUnit   *unit,
                 GError    **error)
{
  Parser   parser = { 0 };
  TwinUnit result = { { 0 }, 1, 0 };

  g_return_val_if_fail (symbol != NULL, FALSE);
  g_return_val_if_fail (unit != NULL, FALSE);

  parser.start = parser.p = parser.symbol = symbol;
  if (!g_utf8_validate (symbol, -1, NULL))
    {
      g_set_error (error, TWIN_UNIT_ERROR, TWIN_UNIT_ERROR_UNKNOWN,
                   _ ("A unit is not valid UTF-8 text"));
      return FALSE;
    }

  while (*parser.p == ' ')
    parser.p++;
  if (*parser.p == '\0')
    {
      *unit = result;
      return TRUE;
    }

  if (!parse_product (&parser, &result, error))
    return FALSE;
  skip_spaces (&parser);
  if (*parser.p != '\0')
    return fail (&parser, error);

  /* °C and °F are affine only when they stand alone. */
  if (parser.has_offset_atom && parser.n_atoms == 1 && result.dimension[4] == 1)
    result.offset = parser.offset;

  *unit = result;
  return TRUE;
}

/**
 * twin_unit_is_compatible:
 *
 * Returns: %TRUE when @a and @b measure the same quantity
 */
gboolean
twin_unit_is_compatible (const TwinUnit *a,
                         const TwinUnit *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return memcmp (a->dimension, b->dimension, sizeof a->dimension) == 0;
}

double
twin_unit_to_si (const TwinUnit *unit,
                 double          value)
{
  g_return_val_if_fail (unit != NULL, NAN);

  return value * unit->scale + unit->offset;
}

double
twin_unit_from_si (const TwinUnit *unit,
                   double          value_si)
{
  g_return_val_if_fail (unit != NULL, NAN);

  return (value_si - unit->offset) / unit->scale;
}

/**
 * twin_unit_get_quantity:
 *
 * Returns: the translated name of what @unit measures ("power"), or
 *   %NULL when the dimension has no common name
 */
const char *
twin_unit_get_quantity (const TwinUnit *unit)
{
  g_return_val_if_fail (unit != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (quantities); i++)
    if (memcmp (quantities[i].dim, unit->dimension, sizeof unit->dimension) == 0)
      return _ (quantities[i].name);
  return NULL;
}

/* 35 cm is 0.35 m, not 0.35000000000000003: the factors are decimal, so
 * digits past the 15th are binary rounding noise. Keeps 15 significant digits. */
static double
round_conversion_noise (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value) || value == 0)
    return value;
  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  return g_ascii_strtod (buffer, NULL);
}

/**
 * twin_unit_convert:
 * @value: a value in @from
 * @from: its unit
 * @to: the wanted unit
 * @result: (out): @value in @to
 * @error: %TWIN_UNIT_ERROR_UNKNOWN or %TWIN_UNIT_ERROR_INCOMPATIBLE
 *
 * Converts a value between two units of the same quantity, to 15
 * significant digits (beyond them a decimal factor only adds binary noise).
 */
gboolean
twin_unit_convert (double      value,
                   const char *from,
                   const char *to,
                   double     *result,
                   GError    **error)
{
  TwinUnit from_unit;
  TwinUnit to_unit;

  g_return_val_if_fail (from != NULL && to != NULL && result != NULL, FALSE);

  if (!twin_unit_parse (from, &from_unit, error) || !twin_unit_parse (to, &to_unit, error))
    return FALSE;

  if (!twin_unit_is_compatible (&from_unit, &to_unit))
    {
      const char *from_q = twin_unit_get_quantity (&from_unit);
      const char *to_q = twin_unit_get_quantity (&to_unit);

      if (from_q != NULL && to_q != NULL)
        g_set_error (error, TWIN_UNIT_ERROR, TWIN_UNIT_ERROR_INCOMPATIBLE,
                     _ ("“%s” is a unit of %s, not of %s (“%s”)"), from, from_q, to_q, to);
      else
        g_set_error (error, TWIN_UNIT_ERROR, TWIN_UNIT_ERROR_INCOMPATIBLE,
                     _ ("“%s” cannot be converted to “%s”"), from, to);
      return FALSE;
    }

  *result = round_conversion_noise (twin_unit_from_si (&to_unit, twin_unit_to_si (&from_unit, value)));
  return TRUE;
}
