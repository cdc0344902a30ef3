/* twin-lib-table.c: the lookup table, a function of its input given as points.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-library"

#include "config.h"

#include "twin-library.h"

#include "sim/twin-sim-behaviour.h"

#include <glib/gi18n-lib.h>
#include <math.h>

static const TwinPortSpec ports[] = {
  { "in", N_ ("Input"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_INPUT, FALSE },
  { "out", N_ ("Output"), TWIN_DOMAIN_SIGNAL, TWIN_PORT_OUTPUT, TRUE },
};

static const TwinParameterSpec parameters[] = {
  { "points", TWIN_VALUE_STRING, 0, "0 0; 1 1", NULL, -INFINITY, INFINITY, N_ ("Points as input–output pairs with a dot as decimal mark, pairs separated by semicolons, inputs increasing.") },
  { "extrapolate", TWIN_VALUE_BOOLEAN, FALSE, NULL, NULL, -INFINITY, INFINITY, N_ ("Whether to extend the first and last segments beyond the points; otherwise the end values are held.") },
};

enum
{
  PORT_IN,
  PORT_OUT,
};

/* The parsed points: x[i] = xy[2 i], y[i] = xy[2 i + 1], x increasing. */
typedef struct
{
  guint    n_points;
  gboolean extrapolate;
  double   xy[];
} TablePoints;

/* Parses "x y; x y; …" into a newly allocated table, or sets @bad_text to the
 * first part that is not a pair of numbers. */
static TablePoints *
parse_points (const char *text,
              gboolean    extrapolate,
              char      **bad_text,
              gboolean   *not_increasing)
{
  g_auto (GStrv) pairs = g_strsplit (text, ";", -1);
  g_autofree TablePoints *table = NULL;
  guint                   n = 0;

  *bad_text = NULL;
  *not_increasing = FALSE;
  table = g_malloc (sizeof (TablePoints) + 2 * sizeof (double) * g_strv_length (pairs));
  table->extrapolate = extrapolate;
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char  *end;
      double x, y;
      char  *pair = g_strstrip (pairs[i]);

      /* A trailing semicolon leaves an empty last part. */
      if (*pair == '\0' && pairs[i + 1] == NULL && n > 0)
        break;
      x = g_ascii_strtod (pair, &end);
      if (end == pair || !g_ascii_isspace (*end))
        goto bad;
      pair = end;
      y = g_ascii_strtod (pair, &end);
      if (end == pair)
        goto bad;
      while (g_ascii_isspace (*end))
        end++;
      if (*end != '\0' || !isfinite (x) || !isfinite (y))
        goto bad;
      if (n > 0 && !(x > table->xy[2 * (n - 1)]))
        {
          *not_increasing = TRUE;
          *bad_text = g_strdup (g_strstrip (pairs[i]));
          return NULL;
        }
      table->xy[2 * n] = x;
      table->xy[2 * n + 1] = y;
      n++;
      continue;

    bad:
      *bad_text = g_strdup (g_strstrip (pairs[i]));
      return NULL;
    }
  table->n_points = n;
  return g_steal_pointer (&table);
}

static gboolean
table_compile (TwinSimBuilder *builder,
               GError        **error)
{
  const char      *text = twin_sim_builder_get_string (builder, "points");
  g_autofree char *bad_text = NULL;
  gboolean         not_increasing;
  TablePoints     *table;
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (*stripped == '\0')
    return twin_sim_builder_fail (builder, error,
                                  _ ("the table has no points: give pairs “input output” separated by semicolons."));
  table = parse_points (text != NULL ? text : "", twin_sim_builder_get_boolean (builder, "extrapolate"), &bad_text,
                        &not_increasing);
  if (table == NULL && not_increasing)
    return twin_sim_builder_fail (builder, error,
                                  _ ("the points “%s” must have increasing inputs, but “%s” does not come after the point before it."),
                                  text, bad_text);
  if (table == NULL)
    return twin_sim_builder_fail (builder, error,
                                  _ ("the points “%s” cannot be read: “%s” is not a pair of numbers “input output”."), text,
                                  bad_text);
  twin_sim_builder_set_data (builder, table, g_free);
  return TRUE;
}

static void
table_outputs (TwinSimContext *context)
{
  const TablePoints *table = context->data;
  const double      *xy = table->xy;
  double             in = twin_sim_get_input (context, PORT_IN);
  guint              n = table->n_points;
  guint              lo = 0, hi = n - 1;
  double             value;

  if (n == 1)
    value = xy[1];
  else if (!table->extrapolate && in <= xy[0])
    value = xy[1];
  else if (!table->extrapolate && in >= xy[2 * (n - 1)])
    value = xy[2 * (n - 1) + 1];
  else
    {
      /* The segment [lo, lo + 1] that holds in, or the end segment beyond. */
      while (hi - lo > 1)
        {
          guint mid = (lo + hi) / 2;

          if (in < xy[2 * mid])
            hi = mid;
          else
            lo = mid;
        }
      value = xy[2 * lo + 1] + (xy[2 * hi + 1] - xy[2 * lo + 1]) * (in - xy[2 * lo]) / (xy[2 * hi] - xy[2 * lo]);
    }
  twin_sim_set_output (context, PORT_OUT, value);
}

static const TwinSimBehaviour sim = {
  .equations = "out = y_k + (y_{k+1} − y_k) · (in − x_k) / (x_{k+1} − x_k) for x_k ≤ in ≤ x_{k+1}\n"
               "beyond the points: the first or last segment extended when `extrapolate`, else the first or last y held\n"
               "`points` = \"x₁ y₁; x₂ y₂; …\" with x increasing",
  .assumptions = "Piecewise linear: the output is continuous but its slope jumps at the points (no events there). "
                 "Points that cannot be read, or inputs that do not increase, are a compile error naming the table "
                 "and the bad text. One point gives a constant.",
  .compile = table_compile,
  .outputs = table_outputs,
};

const TwinEntityType twin_lib_table = {
  .name = "table",
  .label = N_ ("Lookup table"),
  .icon_name = "x-office-spreadsheet-symbolic",
  .description = N_ ("A function of its input given as points and interpolated linearly between them."),
  .domain = TWIN_DOMAIN_SIGNAL,
  .flags = TWIN_ENTITY_TYPE_FLAGS_FEEDTHROUGH,
  .ports = ports,
  .n_ports = G_N_ELEMENTS (ports),
  .parameters = parameters,
  .n_parameters = G_N_ELEMENTS (parameters),
  .sim = &sim,
};
