/* twin-sim-system.c: Jacobian sparsity patterns of a TwinSimSystem.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pattern is stored in compressed sparse column form (the layout KLU and
 * the SUNDIALS sparse matrix use), with the rows of each column ascending and
 * the diagonal always present, so a solver can add γ·I without reallocating.
 */

#define G_LOG_DOMAIN "twin-sim-system"

#include "config.h"

#include "twin-sim-system.h"

#include <stdlib.h>

/* Static helpers */

static int
compare_guint64 (const void *a,
                 const void *b)
{
  guint64 ka = *(const guint64 *) a;
  guint64 kb = *(const guint64 *) b;

  return (ka > kb) - (ka < kb);
}

/* Public API */

/**
 * twin_sim_sparsity_new_dense:
 * @n: the number of states
 *
 * Creates the pattern of a full @n × @n matrix.
 *
 * Returns: (transfer full): a new pattern; free with twin_sim_sparsity_free()
 */
TwinSimSparsity *
twin_sim_sparsity_new_dense (guint n)
{
  TwinSimSparsity *self = g_new0 (TwinSimSparsity, 1);

  self->n = n;
  self->nnz = n * n;
  self->colptr = g_new (guint, n + 1);
  self->rowind = g_new (guint, MAX (self->nnz, 1));
  for (guint j = 0; j <= n; j++)
    self->colptr[j] = j * n;
  for (guint j = 0; j < n; j++)
    for (guint i = 0; i < n; i++)
      self->rowind[j * n + i] = i;

  return self;
}

/**
 * twin_sim_sparsity_new_from_pairs:
 * @n: the number of states
 * @rows: (array length=n_pairs): the row (equation) of each entry
 * @cols: (array length=n_pairs): the column (state) of each entry
 * @n_pairs: the number of entries
 *
 * Creates a pattern from (row, column) pairs in any order. Duplicates are
 * merged and the diagonal is always added. Pairs outside the matrix are
 * ignored.
 *
 * Returns: (transfer full): a new pattern; free with twin_sim_sparsity_free()
 */
TwinSimSparsity *
twin_sim_sparsity_new_from_pairs (guint        n,
                                  const guint *rows,
                                  const guint *cols,
                                  guint        n_pairs)
{
  g_autofree guint64 *keys = NULL;
  TwinSimSparsity    *self;
  gsize               n_keys = 0;
  gsize               n_unique = 0;

  g_return_val_if_fail (n_pairs == 0 || (rows != NULL && cols != NULL), NULL);

  /* Key = column * n + row, so sorting orders by column, then row */
  keys = g_new (guint64, (gsize) n_pairs + n + 1);
  for (guint k = 0; k < n_pairs; k++)
    if (rows[k] < n && cols[k] < n)
      keys[n_keys++] = (guint64) cols[k] * n + rows[k];
  for (guint i = 0; i < n; i++)
    keys[n_keys++] = (guint64) i * n + i;

  qsort (keys, n_keys, sizeof *keys, compare_guint64);
  for (gsize k = 0; k < n_keys; k++)
    if (n_unique == 0 || keys[k] != keys[n_unique - 1])
      keys[n_unique++] = keys[k];

  self = g_new0 (TwinSimSparsity, 1);
  self->n = n;
  self->nnz = (guint) n_unique;
  self->colptr = g_new0 (guint, n + 1);
  self->rowind = g_new (guint, MAX (n_unique, 1));
  for (gsize k = 0; k < n_unique; k++)
    {
      guint col = (guint) (keys[k] / n);

      self->rowind[k] = (guint) (keys[k] % n);
      self->colptr[col + 1]++;
    }
  for (guint j = 0; j < n; j++)
    self->colptr[j + 1] += self->colptr[j];

  return self;
}

/**
 * twin_sim_sparsity_free:
 * @sparsity: (nullable): a pattern
 *
 * Frees @sparsity.
 */
void
twin_sim_sparsity_free (TwinSimSparsity *sparsity)
{
  if (sparsity == NULL)
    return;

  g_free (sparsity->colptr);
  g_free (sparsity->rowind);
  g_free (sparsity);
}

/**
 * twin_sim_sparsity_get_bandwidth:
 * @sparsity: a pattern
 * @lower: (out) (optional): the lower bandwidth (max of row − column)
 * @upper: (out) (optional): the upper bandwidth (max of column − row)
 *
 * Measures how far the pattern's entries lie from the diagonal. A banded
 * linear solver needs storage for lower + upper + 1 diagonals.
 *
 * Returns: the larger of the two bandwidths
 */
guint
twin_sim_sparsity_get_bandwidth (const TwinSimSparsity *sparsity,
                                 guint                 *lower,
                                 guint                 *upper)
{
  guint ml = 0;
  guint mu = 0;

  g_return_val_if_fail (sparsity != NULL, 0);

  for (guint j = 0; j < sparsity->n; j++)
    for (guint k = sparsity->colptr[j]; k < sparsity->colptr[j + 1]; k++)
      {
        guint i = sparsity->rowind[k];

        if (i > j)
          ml = MAX (ml, i - j);
        else
          mu = MAX (mu, j - i);
      }

  if (lower != NULL)
    *lower = ml;
  if (upper != NULL)
    *upper = mu;

  return MAX (ml, mu);
}
