/* twin-historian.c: the time-series store of a project: signals, their samples and rollups in the .dtwin file.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tables are those of store/migrations/004-history.sql: `signal`,
 * `sample (signal, t, value)` keyed (signal, t) and `rollup (signal, level,
 * bucket, …)` with buckets of 60 s × 4^k for k = base level … N_LEVELS − 1.
 *
 * Invariants:
 *  - Every rollup row equals exactly what its samples give: min and max with
 *    the time each happened (the earliest on a tie), the sum and the count.
 *    An append that only adds samples after the signal's last one (the
 *    common, in-order case) merges its own summaries into the rollups; any
 *    other append (out of order, duplicates) recomputes every touched
 *    level-0 bucket from the raw samples and each coarser level from the
 *    level below.
 *  - A duplicate (signal, t) replaces the value: the last write wins, also
 *    within one batch.
 *  - Every append is atomic: outside twin_historian_begin() it is its own
 *    transaction, inside it is a savepoint, so a failed append leaves
 *    nothing of itself. Bad input (non-finite values) is refused before
 *    anything is written.
 *  - The historian has its own SQLite connection in WAL mode, with
 *    synchronous=NORMAL (a crash never loses consistency, a power cut may
 *    lose the last commits) and a busy timeout, so it writes next to a
 *    TwinStore holding the same file in the same process or another one.
 *
 * Queries: a range [from, to) asked at N buckets has a bucket width
 * W = ⌈(to − from) / N⌉; the answer comes from the finest level whose
 * bucket size is at least W / 2, so it reads at most about 2N rows, and the
 * parts of the range that do not cover a whole bucket of that level come
 * from finer levels and, at the very edges, raw samples: every returned
 * bucket is exact over its own span. When the range holds few samples
 * (at most 4N) the raw samples are read instead. Levels finer than a
 * signal's base level (signal.base_level, see 004-history.sql) are not
 * stored: a query wanting one reads raw samples if the base level counts
 * at most 64N, else answers from the base level.
 *
 * Not thread-safe: one historian belongs to one thread; open one per thread.
 */

#define G_LOG_DOMAIN "twin-historian"

#include "config.h"

#include "twin-historian.h"

#include "store/twin-store.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include <math.h>
#include <string.h>

#define BUSY_TIMEOUT_MS 10000
#define N_LEVELS 9
#define LEVEL0_US G_GINT64_CONSTANT (60000000) /* 1 min */
#define LEVEL_RATIO 4
/* A signal's base level has buckets at least this many times its median interval. */
#define BASE_SAMPLES_PER_BUCKET 4
/* Below the base level, a query reads raw samples when the range holds at most this many per bucket. */
#define RAW_PER_BUCKET_BELOW_BASE 64
/* Query ranges are clamped to ±2^62 µs (±146,000 years), so bucket maths never overflows. */
#define TIME_LIMIT_US (G_GINT64_CONSTANT (1) << 62)

/* The statements an open historian keeps prepared. */
enum
{
  STMT_SIGNAL_EXISTS,
  STMT_SET_BASE_LEVEL,
  STMT_DROP_FINER_ROLLUPS,
  STMT_INSERT_SAMPLE,
  STMT_UPSERT_SAMPLE,
  STMT_LAST_T,
  STMT_READ_SAMPLES,
  STMT_MERGE_ROLLUP,
  STMT_REPLACE_ROLLUP,
  STMT_READ_ROLLUP,
  STMT_SAMPLE_AT,
  N_STMTS,
};

static const char *const stmt_sql[N_STMTS] = {
  [STMT_SIGNAL_EXISTS] = "SELECT unit, base_level FROM signal WHERE id = ?1",
  [STMT_SET_BASE_LEVEL] = "UPDATE signal SET base_level = ?2 WHERE id = ?1",
  [STMT_DROP_FINER_ROLLUPS] = "DELETE FROM rollup WHERE signal = ?1 AND level < ?2",
  [STMT_INSERT_SAMPLE] = "INSERT INTO sample (signal, t, value) VALUES (?1, ?2, ?3)",
  [STMT_UPSERT_SAMPLE] = "INSERT INTO sample (signal, t, value) VALUES (?1, ?2, ?3)"
                         " ON CONFLICT (signal, t) DO UPDATE SET value = excluded.value",
  [STMT_LAST_T] = "SELECT t FROM sample WHERE signal = ?1 ORDER BY t DESC LIMIT 1",
  [STMT_READ_SAMPLES] = "SELECT t, value FROM sample WHERE signal = ?1 AND t >= ?2 AND t < ?3 ORDER BY t",
  /* Merges the summary of new, different samples into a bucket. Every
   * right-hand side sees the old row, so min_t is decided before min. */
  [STMT_MERGE_ROLLUP] = "INSERT INTO rollup (signal, level, bucket, min, max, sum, count, min_t, max_t)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                        " ON CONFLICT (signal, level, bucket) DO UPDATE SET"
                        " min_t = CASE WHEN excluded.min < min OR (excluded.min = min AND excluded.min_t < min_t)"
                        " THEN excluded.min_t ELSE min_t END,"
                        " min = CASE WHEN excluded.min < min THEN excluded.min ELSE min END,"
                        " max_t = CASE WHEN excluded.max > max OR (excluded.max = max AND excluded.max_t < max_t)"
                        " THEN excluded.max_t ELSE max_t END,"
                        " max = CASE WHEN excluded.max > max THEN excluded.max ELSE max END,"
                        " sum = sum + excluded.sum,"
                        " count = count + excluded.count",
  [STMT_REPLACE_ROLLUP] = "INSERT OR REPLACE INTO rollup (signal, level, bucket, min, max, sum, count, min_t, max_t)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
  [STMT_READ_ROLLUP] = "SELECT bucket, min, max, sum, count, min_t, max_t FROM rollup"
                       " WHERE signal = ?1 AND level = ?2 AND bucket >= ?3 AND bucket < ?4 ORDER BY bucket",
  [STMT_SAMPLE_AT] = "SELECT t, value FROM sample WHERE signal = ?1 AND t <= ?2 ORDER BY t DESC LIMIT 1",
};

/* The summary of the samples of one span [start, end). */
typedef struct
{
  gint64 start_us;
  gint64 end_us;
  double min;
  double max;
  double sum;
  gint64 count;
  gint64 min_t_us;
  gint64 max_t_us;
} Summary;

struct _TwinHistorian
{
  GObject       parent_instance;

  /* Owned references */
  sqlite3      *db;
  sqlite3_stmt *stmts[N_STMTS];
  char         *path;
  char         *name; /* the file's base name, for messages */

  /* State */
  gboolean      read_only;
  gboolean      in_transaction;
};

G_DEFINE_FINAL_TYPE (TwinHistorian, twin_historian, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (TwinSignalInfo, twin_signal_info, twin_signal_info_copy, twin_signal_info_free)

GQuark
twin_historian_error_quark (void)
{
  return g_quark_from_static_string ("twin-historian-error-quark");
}

static inline gint64
level_size_us (guint level)
{
  return LEVEL0_US << (2 * level);
}

/* ⌊a / b⌋ for b > 0, also for negative a. */
static inline gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  return (a % b != 0 && a < 0) ? q - 1 : q;
}

static inline gint64
floor_to (gint64 t,
          gint64 size)
{
  return floor_div (t, size) * size;
}

static inline gint64
ceil_to (gint64 t,
         gint64 size)
{
  gint64 f = floor_to (t, size);

  return f == t ? t : f + size;
}

/* Adds @b, whose samples differ from those of @a, to @a. */
static void
summary_merge (Summary       *a,
               const Summary *b)
{
  if (a->count == 0)
    {
      *a = *b;
      return;
    }
  if (b->min < a->min || (b->min == a->min && b->min_t_us < a->min_t_us))
    {
      a->min = b->min;
      a->min_t_us = b->min_t_us;
    }
  if (b->max > a->max || (b->max == a->max && b->max_t_us < a->max_t_us))
    {
      a->max = b->max;
      a->max_t_us = b->max_t_us;
    }
  a->sum += b->sum;
  a->count += b->count;
  a->start_us = MIN (a->start_us, b->start_us);
  a->end_us = MAX (a->end_us, b->end_us);
}

static void
set_sqlite_error (TwinHistorian *self,
                  GError       **error,
                  const char    *doing)
{
  int code = sqlite3_extended_errcode (self->db);

  if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
    g_set_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_IO,
                 _ ("Could not %s in “%s”: the file is busy in another program (%s)."),
                 doing, self->name, sqlite3_errmsg (self->db));
  else if ((code & 0xff) == SQLITE_READONLY)
    g_set_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_READ_ONLY,
                 _ ("Could not %s in “%s”: the file cannot be written (%s)."),
                 doing, self->name, sqlite3_errmsg (self->db));
  else
    g_set_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_IO,
                 _ ("Could not %s in “%s”: %s."),
                 doing, self->name, sqlite3_errmsg (self->db));
}

static gboolean
exec_sql (TwinHistorian *self,
          const char    *sql,
          const char    *doing,
          GError       **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, doing);
      return FALSE;
    }
  return TRUE;
}

/* Returns a prepared statement, reset and with no bindings. */
static sqlite3_stmt *
get_stmt (TwinHistorian *self,
          guint          which)
{
  sqlite3_stmt *stmt = self->stmts[which];

  g_assert (stmt != NULL);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return stmt;
}

static gboolean
check_writable (TwinHistorian *self,
                GError       **error)
{
  if (self->read_only)
    {
      g_set_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_READ_ONLY,
                   _ ("The history of “%s” is open read-only: nothing can be written to it."), self->name);
      return FALSE;
    }
  return TRUE;
}

/* Checks that signal @id exists, giving its base level in *@base_level
 * (-1 while not yet chosen); sets a NOT_FOUND error if not. */
static gboolean
check_signal_base (TwinHistorian *self,
                   gint64         id,
                   int           *base_level,
                   GError       **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_SIGNAL_EXISTS);
  int           rc;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && base_level != NULL)
    *base_level = sqlite3_column_type (stmt, 1) == SQLITE_NULL
                    ? -1
                    : CLAMP (sqlite3_column_int (stmt, 1), 0, N_LEVELS - 1);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, _ ("read a signal"));
      return FALSE;
    }
  g_set_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_NOT_FOUND,
               _ ("“%s” has no signal with id %" G_GINT64_FORMAT "."), self->name, id);
  return FALSE;
}

static gboolean
check_signal (TwinHistorian *self,
              gint64         id,
              GError       **error)
{
  return check_signal_base (self, id, NULL, error);
}

static gboolean
step_done (TwinHistorian *self,
           sqlite3_stmt  *stmt,
           const char    *doing,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      set_sqlite_error (self, error, doing);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_rollup (TwinHistorian *self,
              guint          which,
              gint64         signal_id,
              guint          level,
              const Summary *s,
              GError       **error)
{
  sqlite3_stmt *stmt = get_stmt (self, which);

  sqlite3_bind_int64 (stmt, 1, signal_id);
  sqlite3_bind_int (stmt, 2, (int) level);
  sqlite3_bind_int64 (stmt, 3, s->start_us);
  sqlite3_bind_double (stmt, 4, s->min);
  sqlite3_bind_double (stmt, 5, s->max);
  sqlite3_bind_double (stmt, 6, s->sum);
  sqlite3_bind_int64 (stmt, 7, s->count);
  sqlite3_bind_int64 (stmt, 8, s->min_t_us);
  sqlite3_bind_int64 (stmt, 9, s->max_t_us);
  return step_done (self, stmt, _ ("update the rollups"), error);
}

/* Reads the rollup rows of @level whose buckets start in [from, to), calling
 * @func on each (as a summary with the bucket's span). */
typedef gboolean (*SummaryFunc) (const Summary *s,
                                 gpointer       user_data);

static gboolean
read_rollup (TwinHistorian *self,
             gint64         signal_id,
             guint          level,
             gint64         from_us,
             gint64         to_us,
             SummaryFunc    func,
             gpointer       user_data,
             GError       **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_READ_ROLLUP);
  gint64        size = level_size_us (level);
  int           rc;

  sqlite3_bind_int64 (stmt, 1, signal_id);
  sqlite3_bind_int (stmt, 2, (int) level);
  sqlite3_bind_int64 (stmt, 3, from_us);
  sqlite3_bind_int64 (stmt, 4, to_us);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Summary s;

      s.start_us = sqlite3_column_int64 (stmt, 0);
      s.end_us = s.start_us + size;
      s.min = sqlite3_column_double (stmt, 1);
      s.max = sqlite3_column_double (stmt, 2);
      s.sum = sqlite3_column_double (stmt, 3);
      s.count = sqlite3_column_int64 (stmt, 4);
      s.min_t_us = sqlite3_column_int64 (stmt, 5);
      s.max_t_us = sqlite3_column_int64 (stmt, 6);
      if (!func (&s, user_data))
        break;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, _ ("read the rollups"));
      return FALSE;
    }
  return TRUE;
}

/* Reads the raw samples in [from, to), calling @func on each as a one-sample summary. */
static gboolean
read_raw (TwinHistorian *self,
          gint64         signal_id,
          gint64         from_us,
          gint64         to_us,
          SummaryFunc    func,
          gpointer       user_data,
          GError       **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_READ_SAMPLES);
  int           rc;

  sqlite3_bind_int64 (stmt, 1, signal_id);
  sqlite3_bind_int64 (stmt, 2, from_us);
  sqlite3_bind_int64 (stmt, 3, to_us);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64  t = sqlite3_column_int64 (stmt, 0);
      double  v = sqlite3_column_double (stmt, 1);
      Summary s = { t, t + 1, v, v, v, 1, t, t };

      if (!func (&s, user_data))
        break;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, _ ("read the samples"));
      return FALSE;
    }
  return TRUE;
}

/* Rollup maintenance ------------------------------------------------------ */

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Sorts @buckets and drops repeats. */
static void
sort_unique (GArray *buckets)
{
  guint n = 0;

  g_array_sort (buckets, compare_gint64);
  for (guint i = 0; i < buckets->len; i++)
    if (n == 0 || g_array_index (buckets, gint64, i) != g_array_index (buckets, gint64, n - 1))
      g_array_index (buckets, gint64, n++) = g_array_index (buckets, gint64, i);
  g_array_set_size (buckets, n);
}

static gboolean
accumulate_cb (const Summary *s,
               gpointer       user_data)
{
  summary_merge (user_data, s);
  return TRUE;
}

/* Recomputes the rollup rows of the buckets of level @first and coarser
 * that hold the times @buckets: level @first from the raw samples, then
 * every coarser level from the one below. */
static gboolean
recompute_rollups (TwinHistorian *self,
                   gint64         signal_id,
                   guint          first,
                   GArray        *buckets,
                   GError       **error)
{
  for (guint level = first; level < N_LEVELS; level++)
    {
      gint64 size = level_size_us (level);

      for (guint i = 0; i < buckets->len; i++)
        g_array_index (buckets, gint64, i) = floor_to (g_array_index (buckets, gint64, i), size);
      sort_unique (buckets);

      for (guint i = 0; i < buckets->len; i++)
        {
          gint64   start = g_array_index (buckets, gint64, i);
          Summary  s = { 0 };
          gboolean ok;

          if (level == first)
            ok = read_raw (self, signal_id, start, start + size, accumulate_cb, &s, error);
          else
            ok = read_rollup (self, signal_id, level - 1, start, start + size, accumulate_cb, &s, error);
          if (!ok)
            return FALSE;
          /* Samples are never deleted, so a touched bucket always holds some. */
          g_assert (s.count > 0);
          s.start_us = start;
          if (!write_rollup (self, STMT_REPLACE_ROLLUP, signal_id, level, &s, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Adds @s, which lies within one bucket of @size and starts no earlier
 * than the last summary of @sums, to the summaries of those buckets. */
static void
group_add (GArray        *sums,
           gint64         size,
           const Summary *s)
{
  gint64   start = floor_to (s->start_us, size);
  Summary *last = sums->len > 0 ? &g_array_index (sums, Summary, sums->len - 1) : NULL;

  if (last == NULL || last->start_us != start)
    {
      Summary copy = *s;

      copy.start_us = start;
      copy.end_us = start + size;
      g_array_append_val (sums, copy);
    }
  else
    {
      summary_merge (last, s);
      last->start_us = start;
      last->end_us = start + size;
    }
}

/* Writes @sums, the summaries of level-@lo buckets in time order, and
 * what they give at each coarser level up to @hi (exclusive), with the
 * statement @which (a merge or a replacement). */
static gboolean
write_levels (TwinHistorian *self,
              gint64         signal_id,
              const GArray  *sums,
              guint          lo,
              guint          hi,
              guint          which,
              GError       **error)
{
  g_autoptr (GArray) cur = NULL;
  g_autoptr (GArray) next = NULL;
  const GArray *from = sums;

  for (guint level = lo; level < hi; level++)
    {
      gint64  size = level_size_us (level);
      GArray *tmp;

      if (next == NULL)
        next = g_array_new (FALSE, FALSE, sizeof (Summary));
      g_array_set_size (next, 0);
      for (guint i = 0; i < from->len; i++)
        group_add (next, size, &g_array_index (from, Summary, i));
      for (guint i = 0; i < next->len; i++)
        if (!write_rollup (self, which, signal_id, level, &g_array_index (next, Summary, i), error))
          return FALSE;

      tmp = cur;
      cur = next;
      next = tmp;
      from = cur;
    }
  return TRUE;
}

/* Merges the summaries of @samples, all later than the signal's last
 * sample and in increasing time order, into the rollups of level @first
 * and coarser. */
static gboolean
merge_rollups (TwinHistorian    *self,
               gint64            signal_id,
               guint             first,
               const TwinSample *samples,
               gsize             n_samples,
               GError          **error)
{
  g_autoptr (GArray) sums = g_array_new (FALSE, FALSE, sizeof (Summary));
  gint64 size = level_size_us (first);

  for (gsize i = 0; i < n_samples; i++)
    {
      Summary s = { samples[i].t_us, samples[i].t_us + 1, samples[i].value, samples[i].value,
                    samples[i].value, 1, samples[i].t_us, samples[i].t_us };

      group_add (sums, size, &s);
    }
  return write_levels (self, signal_id, sums, first, N_LEVELS, STMT_MERGE_ROLLUP, error);
}

/* Returns the time of the signal's last sample in *@last_us; FALSE in
 * *@has_any when it has none. */
static gboolean
get_last_t (TwinHistorian *self,
            gint64         signal_id,
            gboolean      *has_any,
            gint64        *last_us,
            GError       **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_LAST_T);
  int           rc;

  sqlite3_bind_int64 (stmt, 1, signal_id);
  rc = sqlite3_step (stmt);
  *has_any = rc == SQLITE_ROW;
  *last_us = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, _ ("read the samples"));
      return FALSE;
    }
  return TRUE;
}

/* The median interval between the distinct times of @samples and, if
 * @has_last, @last_us; 0 when there are fewer than two distinct times. */
static gint64
median_interval (const TwinSample *samples,
                 gsize             n_samples,
                 gboolean          has_last,
                 gint64            last_us)
{
  g_autoptr (GArray) times = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_samples + 1);

  for (gsize i = 0; i < n_samples; i++)
    g_array_append_val (times, samples[i].t_us);
  if (has_last)
    g_array_append_val (times, last_us);
  sort_unique (times);
  if (times->len < 2)
    return 0;
  /* Times lie within ±2^62 µs, so the differences do not overflow. */
  for (guint i = 0; i + 1 < times->len; i++)
    g_array_index (times, gint64, i) = g_array_index (times, gint64, i + 1) - g_array_index (times, gint64, i);
  g_array_set_size (times, times->len - 1);
  g_array_sort (times, compare_gint64);
  return g_array_index (times, gint64, times->len / 2);
}

/* The finest level whose buckets hold BASE_SAMPLES_PER_BUCKET samples
 * @interval_us apart, or the coarsest level. */
static guint
level_for_interval (gint64 interval_us)
{
  for (guint level = 0; level < N_LEVELS - 1; level++)
    if (interval_us <= level_size_us (level) / BASE_SAMPLES_PER_BUCKET)
      return level;
  return N_LEVELS - 1;
}

static gboolean
set_base_level (TwinHistorian *self,
                gint64         signal_id,
                guint          level,
                GError       **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_SET_BASE_LEVEL);

  sqlite3_bind_int64 (stmt, 1, signal_id);
  sqlite3_bind_int (stmt, 2, (int) level);
  return step_done (self, stmt, _ ("update the rollups"), error);
}

typedef struct
{
  GArray *sums;
  gint64  size;
} Grouper;

static gboolean
group_cb (const Summary *s,
          gpointer       user_data)
{
  Grouper *g = user_data;

  group_add (g->sums, g->size, s);
  return TRUE;
}

/* Builds the rollup levels [@lo, @hi) of a signal, which has none, from
 * all its raw samples. */
static gboolean
build_levels (TwinHistorian *self,
              gint64         signal_id,
              guint          lo,
              guint          hi,
              GError       **error)
{
  g_autoptr (GArray) sums = g_array_new (FALSE, FALSE, sizeof (Summary));
  Grouper g = { sums, level_size_us (lo) };

  return read_raw (self, signal_id, -TIME_LIMIT_US, TIME_LIMIT_US, group_cb, &g, error) &&
         write_levels (self, signal_id, sums, lo, hi, STMT_REPLACE_ROLLUP, error);
}

static gboolean
append_samples (TwinHistorian    *self,
                gint64            signal_id,
                const TwinSample *samples,
                gsize             n_samples,
                GError          **error)
{
  gboolean      has_any;
  gint64        last_us;
  gboolean      in_order = TRUE;
  int           base = -1;
  guint         first;    /* the finest level to update with the batch */
  guint         build_lo; /* levels [build_lo, first) are built from scratch */
  sqlite3_stmt *stmt;

  if (!check_signal_base (self, signal_id, &base, error) ||
      !get_last_t (self, signal_id, &has_any, &last_us, error))
    return FALSE;

  /* The base level: chosen by the first two distinct times, lowered when
   * a batch is denser, never raised once chosen. */
  first = build_lo = MAX (base, 0);
  if (base != 0)
    {
      gint64 interval = median_interval (samples, n_samples, has_any, last_us);

      if (interval > 0)
        {
          guint want = level_for_interval (interval);

          if (base < 0)
            {
              /* Not yet chosen, so the signal has at most one sample time,
               * rolled up at every level: drop the levels now unused. */
              stmt = get_stmt (self, STMT_DROP_FINER_ROLLUPS);
              sqlite3_bind_int64 (stmt, 1, signal_id);
              sqlite3_bind_int (stmt, 2, (int) want);
              if (!step_done (self, stmt, _ ("update the rollups"), error) ||
                  !set_base_level (self, signal_id, want, error))
                return FALSE;
              first = build_lo = want;
            }
          else if (want < (guint) base)
            {
              if (!set_base_level (self, signal_id, want, error))
                return FALSE;
              build_lo = want;
            }
        }
    }

  if (has_any && samples[0].t_us <= last_us)
    in_order = FALSE;
  for (gsize i = 1; in_order && i < n_samples; i++)
    if (samples[i].t_us <= samples[i - 1].t_us)
      in_order = FALSE;

  stmt = get_stmt (self, in_order ? STMT_INSERT_SAMPLE : STMT_UPSERT_SAMPLE);
  sqlite3_bind_int64 (stmt, 1, signal_id);
  for (gsize i = 0; i < n_samples; i++)
    {
      int rc;

      sqlite3_bind_int64 (stmt, 2, samples[i].t_us);
      sqlite3_bind_double (stmt, 3, samples[i].value);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          set_sqlite_error (self, error, _ ("write the samples"));
          return FALSE;
        }
    }

  /* A lowered base level: the new finer levels, for all time, with the batch. */
  if (build_lo < first && !build_levels (self, signal_id, build_lo, first, error))
    return FALSE;

  if (in_order)
    return merge_rollups (self, signal_id, first, samples, n_samples, error);
  else
    {
      g_autoptr (GArray) buckets = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_samples);

      for (gsize i = 0; i < n_samples; i++)
        g_array_append_val (buckets, samples[i].t_us);
      return recompute_rollups (self, signal_id, first, buckets, error);
    }
}

/* Queries ----------------------------------------------------------------- */

/* Collects the exact summaries of [a, b) into an output: whole buckets of
 * @level where they fit, finer levels and raw samples at the edges. */
typedef struct
{
  TwinHistorian *self;
  gint64         signal_id;
  int            base; /* the signal's base level: no rollups below it */
  SummaryFunc    func;
  gpointer       user_data;
} Collect;

static gboolean
collect (Collect *c,
         int      level,
         gint64   a,
         gint64   b,
         GError **error)
{
  gint64 size, first, last;

  if (a >= b)
    return TRUE;
  if (level < c->base)
    return read_raw (c->self, c->signal_id, a, b, c->func, c->user_data, error);

  size = level_size_us (level);
  first = ceil_to (a, size);
  last = floor_to (b, size);
  if (first >= last)
    return collect (c, level - 1, a, b, error);

  return collect (c, level - 1, a, first, error) &&
         read_rollup (c->self, c->signal_id, level, first, last, c->func, c->user_data, error) &&
         collect (c, level - 1, last, b, error);
}

/* Puts summaries into at most n output buckets of width W from @from. */
typedef struct
{
  gint64   from_us;
  guint64  width_us;
  guint    n_buckets;
  Summary *out;   /* n_buckets */
  gint64   total; /* samples seen */
} Binner;

static gboolean
bin_cb (const Summary *s,
        gpointer       user_data)
{
  Binner *bin = user_data;
  guint64 j = ((guint64) s->start_us - (guint64) bin->from_us) / bin->width_us;

  if (s->start_us < bin->from_us)
    j = 0;
  if (j >= bin->n_buckets)
    j = bin->n_buckets - 1;
  summary_merge (&bin->out[j], s);
  bin->total += s->count;
  return TRUE;
}

static gboolean
append_sample_bucket_cb (const Summary *s,
                         gpointer       user_data)
{
  GArray    *out = user_data;
  TwinBucket bucket = { s->start_us, s->end_us, s->min, s->max, s->sum, 1, s->min_t_us, s->max_t_us };

  g_array_append_val (out, bucket);
  return TRUE;
}

static gboolean
append_sample_cb (const Summary *s,
                  gpointer       user_data)
{
  GArray    *out = user_data;
  TwinSample sample = { s->start_us, s->min };

  g_array_append_val (out, sample);
  return TRUE;
}

/* Reads the one integer a statement gives. */
static int
query_int (sqlite3    *db,
           const char *sql,
           gint64     *value)
{
  sqlite3_stmt *stmt = NULL;
  int           rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *value = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
      else if (rc == SQLITE_DONE)
        rc = SQLITE_ERROR;
    }
  sqlite3_finalize (stmt);
  return rc;
}

/* GObject ----------------------------------------------------------------- */

static void
twin_historian_finalize (GObject *object)
{
  TwinHistorian *self = (TwinHistorian *) object;

  if (self->in_transaction && self->db != NULL)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  for (guint i = 0; i < N_STMTS; i++)
    sqlite3_finalize (self->stmts[i]);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (twin_historian_parent_class)->finalize (object);
}

static void
twin_historian_class_init (TwinHistorianClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = twin_historian_finalize;
}

static void
twin_historian_init (TwinHistorian *self)
{
}

/* Public API -------------------------------------------------------------- */

/**
 * twin_signal_info_copy:
 * @self: a #TwinSignalInfo
 *
 * Returns: (transfer full): a deep copy of @self
 */
TwinSignalInfo *
twin_signal_info_copy (const TwinSignalInfo *self)
{
  TwinSignalInfo *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (TwinSignalInfo, 1);
  *copy = *self;
  copy->name = g_strdup (self->name);
  copy->unit = g_strdup (self->unit);
  copy->description = g_strdup (self->description);
  copy->source = g_strdup (self->source);
  copy->entity_path = g_strdup (self->entity_path);
  copy->property = g_strdup (self->property);
  return copy;
}

/**
 * twin_signal_info_free:
 * @self: (nullable): a #TwinSignalInfo
 *
 * Frees @self and its strings.
 */
void
twin_signal_info_free (TwinSignalInfo *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->unit);
  g_free (self->description);
  g_free (self->source);
  g_free (self->entity_path);
  g_free (self->property);
  g_free (self);
}

/**
 * twin_historian_open:
 * @path: a .dtwin project file of schema version 4 or later
 * @read_only: open for reading only; appends then fail with %TWIN_HISTORIAN_ERROR_READ_ONLY
 * @error: return location for a #GError
 *
 * Opens the history of a project on a connection of its own. The file must
 * already be a project of the current format: twin_store_open() (and so
 * twin_project_open()) brings an older one up to date. Several historians
 * and a #TwinStore may have the same file open at once (SQLite WAL: one
 * writer at a time, any number of readers; a writer waits up to 10 s for
 * another). Use one historian per thread.
 *
 * Returns: (transfer full): the historian, or %NULL with @error set
 */
TwinHistorian *
twin_historian_open (const char *path,
                     gboolean    read_only,
                     GError    **error)
{
  g_autoptr (TwinHistorian) self = NULL;
  gint64 application_id = 0;
  gint64 version = 0;
  int    rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (TWIN_TYPE_HISTORIAN, NULL);
  self->path = g_strdup (path);
  self->name = g_path_get_basename (path);
  self->read_only = read_only;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_NOT_FOUND,
                   _ ("Could not open the history of “%s”: there is no such file."), self->name);
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &self->db, read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, error, _ ("open the history"));
      return NULL;
    }
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->db, 1);

  rc = query_int (self->db, "PRAGMA application_id", &application_id);
  if (rc == SQLITE_OK)
    rc = query_int (self->db, "PRAGMA user_version", &version);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_INVALID,
                   _ ("Could not open the history of “%s”: it is not a Twin Studio project (%s)."),
                   self->name, sqlite3_errmsg (self->db));
      return NULL;
    }
  if (application_id != TWIN_STORE_APPLICATION_ID)
    {
      g_set_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_INVALID,
                   _ ("Could not open the history of “%s”: it is not a Twin Studio project."), self->name);
      return NULL;
    }
  if (version < 4)
    {
      g_set_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_INVALID,
                   _ ("Could not open the history of “%s”: its file format %d is too old to hold history; "
                      "open it in Twin Studio once to bring it up to date."),
                   self->name, (int) version);
      return NULL;
    }
  if (version > TWIN_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_INVALID,
                   _ ("Could not open the history of “%s”: it was written by a newer Twin Studio "
                      "(file format %d, this version reads up to %d)."),
                   self->name, (int) version, TWIN_STORE_SCHEMA_VERSION);
      return NULL;
    }

  if (!exec_sql (self, "PRAGMA cache_size = -32768", _ ("open the history"), error))
    return NULL;
  if (!read_only &&
      !exec_sql (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL", _ ("open the history"), error))
    return NULL;

  for (guint i = 0; i < N_STMTS; i++)
    if (sqlite3_prepare_v3 (self->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &self->stmts[i], NULL) !=
        SQLITE_OK)
      {
        set_sqlite_error (self, error, _ ("open the history"));
        return NULL;
      }

  return g_steal_pointer (&self);
}

/**
 * twin_historian_get_path:
 * @self: a #TwinHistorian
 *
 * Returns: the path of the project file
 */
const char *
twin_historian_get_path (TwinHistorian *self)
{
  g_return_val_if_fail (TWIN_IS_HISTORIAN (self), NULL);

  return self->path;
}

/**
 * twin_historian_is_read_only:
 * @self: a #TwinHistorian
 *
 * Returns: whether @self was opened read-only
 */
gboolean
twin_historian_is_read_only (TwinHistorian *self)
{
  g_return_val_if_fail (TWIN_IS_HISTORIAN (self), TRUE);

  return self->read_only;
}

/**
 * twin_historian_ensure_signal:
 * @self: a #TwinHistorian
 * @name: the signal's name (non-empty UTF-8)
 * @unit: (nullable): its unit, "" for none; %NULL: any unit for a known signal, none for a new one
 * @error: return location for a #GError
 *
 * Finds the signal named @name, creating it if new. A @unit that differs
 * from a known signal's is an error (%TWIN_HISTORIAN_ERROR_INVALID).
 *
 * Returns: the signal's id (> 0), or -1 with @error set
 */
gint64
twin_historian_ensure_signal (TwinHistorian *self,
                              const char    *name,
                              const char    *unit,
                              GError       **error)
{
  g_autoptr (TwinSignalInfo) info = NULL;
  g_autoptr (GError) local_error = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64        id;

  g_return_val_if_fail (TWIN_IS_HISTORIAN (self), -1);
  g_return_val_if_fail (name != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (*name == '\0' || !g_utf8_validate (name, -1, NULL) || (unit != NULL && !g_utf8_validate (unit, -1, NULL)))
    {
      g_set_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_INVALID,
                   _ ("A signal needs a name of valid text."));
      return -1;
    }

  info = twin_historian_lookup_signal (self, name, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return -1;
    }
  if (info != NULL)
    {
      if (unit != NULL && g_strcmp0 (unit, info->unit) != 0)
        {
          g_set_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_INVALID,
                       _ ("The signal “%s” is in “%s”, not in “%s”."), name, info->unit, unit);
          return -1;
        }
      return info->id;
    }

  if (!check_writable (self, error))
    return -1;
  if (sqlite3_prepare_v2 (self->db, "INSERT INTO signal (name, unit) VALUES (?1, ?2)", -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, _ ("add a signal"));
      return -1;
    }
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, unit != NULL ? unit : "", -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      set_sqlite_error (self, error, _ ("add a signal"));
      sqlite3_finalize (stmt);
      return -1;
    }
  sqlite3_finalize (stmt);
  id = sqlite3_last_insert_rowid (self->db);
  return id;
}

static gboolean
update_signal (TwinHistorian *self,
               gint64         id,
               const char    *sql,
               const char    *a,
               const char    *b,
               GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int           rc;

  if (!check_writable (self, error) || !check_signal (self, id, error))
    return FALSE;
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, _ ("change a signal"));
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, id);
  if (a != NULL)
    sqlite3_bind_text (stmt, 2, a, -1, SQLITE_TRANSIENT);
  if (b != NULL)
    sqlite3_bind_text (stmt, 3, b, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    set_sqlite_error (self, error, _ ("change a signal"));
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

/**
 * twin_historian_set_signal_binding:
 * @self: a #TwinHistorian
 * @id: a signal id
 * @entity_path: (nullable): the path of the entity the signal belongs to; %NULL to unbind
 * @property: (nullable): the parameter of that entity; %NULL to unbind
 * @error: return location for a #GError
 *
 * Binds the signal to an entity property, or unbinds it when either is %NULL.
 *
 * Returns: %TRUE on success
 */
gboolean
twin_historian_set_signal_binding (TwinHistorian *self,
                                   gint64         id,
                                   const char    *entity_path,
                                   const char    *property,
                                   GError       **error)
{
  g_return_val_if_fail (TWIN_IS_HISTORIAN (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (entity_path == NULL || property == NULL)
    entity_path = property = NULL;
  return update_signal (self, id, "UPDATE signal SET entity_path = ?2, property = ?3 WHERE id = ?1",
                        entity_path, property, error);
}

/**
 * twin_historian_set_signal_description:
 * @self: a #TwinHistorian
 * @id: a signal id
 * @description: (nullable): a sentence for people; %NULL keeps the current one, "" clears it
 * @source: (nullable): where the samples come from; %NULL keeps the current one, "" clears it
 * @error: return location for a #GError
 *
 * Describes a signal.
 *
 * Returns: %TRUE on success
 */
gboolean
twin_historian_set_signal_description (TwinHistorian *self,
                                       gint64         id,
                                       const char    *description,
                                       const char    *source,
                                       GError       **error)
{
  g_return_val_if_fail (TWIN_IS_HISTORIAN (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return update_signal (self, id,
                        "UPDATE signal SET"
                        " description = CASE WHEN ?2 IS NULL THEN description ELSE nullif (?2, '') END,"
                        " source = CASE WHEN ?3 IS NULL THEN source ELSE nullif (?3, '') END"
                        " WHERE id = ?1",
                        description, source, error);
}

/* Fills the sample statistics of @info from the coarsest rollups and the sample keys. */
static gboolean
fill_counts (TwinHistorian  *self,
             TwinSignalInfo *info,
             GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  int           rc;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT (SELECT total (count) FROM rollup WHERE signal = ?1 AND level = ?2),"
                           " (SELECT t FROM sample WHERE signal = ?1 ORDER BY t LIMIT 1),"
                           " (SELECT t FROM sample WHERE signal = ?1 ORDER BY t DESC LIMIT 1)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, info->id);
      sqlite3_bind_int (stmt, 2, N_LEVELS - 1);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, error, _ ("read a signal"));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  info->n_samples = (gint64) sqlite3_column_double (stmt, 0);
  info->first_us = sqlite3_column_int64 (stmt, 1);
  info->last_us = sqlite3_column_int64 (stmt, 2);
  sqlite3_finalize (stmt);
  return TRUE;
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

static GPtrArray *
select_signals (TwinHistorian *self,
                const char    *name,
                GError       **error)
{
  g_autoptr (GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) twin_signal_info_free);
  sqlite3_stmt *stmt = NULL;
  int           rc;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT id, name, unit, description, source, entity_path, property FROM signal"
                           " WHERE ?1 IS NULL OR name = ?1 ORDER BY name",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, error, _ ("read the signals"));
      return NULL;
    }
  if (name != NULL)
    sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TwinSignalInfo *info = g_new0 (TwinSignalInfo, 1);

      info->id = sqlite3_column_int64 (stmt, 0);
      info->name = dup_column (stmt, 1);
      info->unit = dup_column (stmt, 2);
      info->description = dup_column (stmt, 3);
      info->source = dup_column (stmt, 4);
      info->entity_path = dup_column (stmt, 5);
      info->property = dup_column (stmt, 6);
      g_ptr_array_add (infos, info);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, _ ("read the signals"));
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);

  for (guint i = 0; i < infos->len; i++)
    if (!fill_counts (self, g_ptr_array_index (infos, i), error))
      return NULL;
  return g_steal_pointer (&infos);
}

/**
 * twin_historian_lookup_signal:
 * @self: a #TwinHistorian
 * @name: a signal name
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the signal named @name, or %NULL
 *   without an error when there is none (with @error set on failure)
 */
TwinSignalInfo *
twin_historian_lookup_signal (TwinHistorian *self,
                              const char    *name,
                              GError       **error)
{
  g_autoptr (GPtrArray) infos = NULL;

  g_return_val_if_fail (TWIN_IS_HISTORIAN (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  infos = select_signals (self, name, error);
  if (infos == NULL || infos->len == 0)
    return NULL;
  return g_ptr_array_steal_index (infos, 0);
}

/**
 * twin_historian_list_signals:
 * @self: a #TwinHistorian
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type TwinSignalInfo): every signal, by name, or %NULL with @error set
 */
GPtrArray *
twin_historian_list_signals (TwinHistorian *self,
                             GError       **error)
{
  g_return_val_if_fail (TWIN_IS_HISTORIAN (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return select_signals (self, NULL, error);
}

/**
 * twin_historian_begin:
 * @self: a #TwinHistorian
 * @error: return location for a #GError
 *
 * Starts one transaction around many appends (an import): nothing of them
 * is visible to others, or stored, until twin_historian_commit().
 *
 * Returns: %TRUE on success
 */
gboolean
twin_historian_begin (TwinHistorian *self,
                      GError       **error)
{
  g_return_val_if_fail (TWIN_IS_HISTORIAN (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_writable (self, error))
    return FALSE;
  if (self->in_transaction)
    {
      g_set_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_INVALID,
                   _ ("The history of “%s” is already in a transaction."), self->name);
      return FALSE;
    }
  if (!exec_sql (self, "BEGIN IMMEDIATE", _ ("start writing history"), error))
    return FALSE;
  self->in_transaction = TRUE;
  return TRUE;
}

/**
 * twin_historian_commit:
 * @self: a #TwinHistorian
 * @error: return location for a #GError
 *
 * Stores everything appended since twin_historian_begin(). On failure
 * nothing of it is stored and the transaction is over.
 *
 * Returns: %TRUE on success
 */
gboolean
twin_historian_commit (TwinHistorian *self,
                       GError       **error)
{
  g_return_val_if_fail (TWIN_IS_HISTORIAN (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!self->in_transaction)
    {
      g_set_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_INVALID,
                   _ ("The history of “%s” has no transaction to commit."), self->name);
      return FALSE;
    }
  if (!exec_sql (self, "COMMIT", _ ("store the history"), error))
    {
      twin_historian_rollback (self);
      return FALSE;
    }
  self->in_transaction = FALSE;
  return TRUE;
}

/**
 * twin_historian_rollback:
 * @self: a #TwinHistorian
 *
 * Drops everything appended since twin_historian_begin(). Does nothing outside a transaction.
 */
void
twin_historian_rollback (TwinHistorian *self)
{
  g_return_if_fail (TWIN_IS_HISTORIAN (self));

  if (!self->in_transaction)
    return;
  if (sqlite3_get_autocommit (self->db) == 0)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  self->in_transaction = FALSE;
}

/**
 * twin_historian_in_transaction:
 * @self: a #TwinHistorian
 *
 * Returns: whether twin_historian_begin() started a transaction not yet committed or rolled back
 */
gboolean
twin_historian_in_transaction (TwinHistorian *self)
{
  g_return_val_if_fail (TWIN_IS_HISTORIAN (self), FALSE);

  return self->in_transaction;
}

/**
 * twin_historian_append:
 * @self: a #TwinHistorian
 * @signal_id: a signal id
 * @samples: (array length=n_samples): samples, in any order
 * @n_samples: the number of samples
 * @error: return location for a #GError
 *
 * Stores samples of a signal and brings its rollups up to date. A time the
 * signal already has (or that repeats within @samples) keeps the value
 * written last. Non-finite values are refused with nothing stored. Outside
 * twin_historian_begin() the append is its own transaction; inside, a
 * failed append leaves nothing of itself and the transaction goes on.
 * Samples in increasing time order after the signal's last one are the
 * fast case; batches of a few thousand are best.
 *
 * Returns: %TRUE on success
 */
gboolean
twin_historian_append (TwinHistorian    *self,
                       gint64            signal_id,
                       const TwinSample *samples,
                       gsize             n_samples,
                       GError          **error)
{
  gboolean ok;

  g_return_val_if_fail (TWIN_IS_HISTORIAN (self), FALSE);
  g_return_val_if_fail (samples != NULL || n_samples == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_writable (self, error))
    return FALSE;
  for (gsize i = 0; i < n_samples; i++)
    if (!isfinite (samples[i].value))
      {
        g_autoptr (GDateTime) when = g_date_time_new_from_unix_utc (samples[i].t_us / G_USEC_PER_SEC);
        g_autofree char *iso = when != NULL ? g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ") : NULL;

        g_set_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_INVALID,
                     _ ("Sample %" G_GSIZE_FORMAT " (at %s) of signal %" G_GINT64_FORMAT
                        " has no finite value (%s); nothing was stored."),
                     i + 1, iso != NULL ? iso : "?", signal_id,
                     isnan (samples[i].value) ? "NaN" : "infinity");
        return FALSE;
      }
    else if (samples[i].t_us < -TIME_LIMIT_US || samples[i].t_us >= TIME_LIMIT_US)
      {
        g_set_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_INVALID,
                     _ ("Sample %" G_GSIZE_FORMAT " of signal %" G_GINT64_FORMAT
                        " has a time too far from today; nothing was stored."),
                     i + 1, signal_id);
        return FALSE;
      }
  if (!check_signal (self, signal_id, error))
    return FALSE;
  if (n_samples == 0)
    return TRUE;

  if (!exec_sql (self, self->in_transaction ? "SAVEPOINT twin_append" : "BEGIN IMMEDIATE",
                 _ ("write the samples"), error))
    return FALSE;

  ok = append_samples (self, signal_id, samples, n_samples, error);

  if (self->in_transaction)
    {
      if (!ok)
        sqlite3_exec (self->db, "ROLLBACK TO twin_append", NULL, NULL, NULL);
      if (sqlite3_exec (self->db, "RELEASE twin_append", NULL, NULL, NULL) != SQLITE_OK && ok)
        {
          set_sqlite_error (self, error, _ ("write the samples"));
          ok = FALSE;
        }
    }
  else if (ok)
    {
      ok = exec_sql (self, "COMMIT", _ ("store the samples"), error);
      if (!ok && sqlite3_get_autocommit (self->db) == 0)
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
    }
  else
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return ok;
}

/* Clamps a query range to the times samples may have. */
static void
clamp_range (gint64 *from_us,
             gint64 *to_us)
{
  *from_us = CLAMP (*from_us, -TIME_LIMIT_US, TIME_LIMIT_US);
  *to_us = CLAMP (*to_us, -TIME_LIMIT_US, TIME_LIMIT_US);
}

/**
 * twin_historian_query:
 * @self: a #TwinHistorian
 * @signal_id: a signal id
 * @from_us: the start of the range (inclusive), UTC µs
 * @to_us: the end of the range (exclusive), UTC µs
 * @max_buckets: at most this many buckets (the chart's width in pixels); > 0
 * @error: return location for a #GError
 *
 * Summarises the samples of [@from_us, @to_us) in at most @max_buckets
 * buckets in time order, read from the coarsest rollup level fine enough.
 * Every sample of the range is counted in exactly one bucket, and each
 * bucket is exact over its own span (start_us, end_us): the minimum and
 * maximum are the true ones with the times they happened, so a spike
 * never disappears. Spans lie within the range and do not overlap; a
 * bucket's span may be wider than (to − from) / max_buckets by up to one
 * rollup bucket, and spans with no samples get no bucket. When the range
 * holds at most @max_buckets samples, each is its own bucket (count 1,
 * end_us = start_us + 1).
 *
 * Returns: (transfer full) (element-type TwinBucket): the buckets, or %NULL with @error set
 */
GArray *
twin_historian_query (TwinHistorian *self,
                      gint64         signal_id,
                      gint64         from_us,
                      gint64         to_us,
                      guint          max_buckets,
                      GError       **error)
{
  g_autoptr (GArray) out = NULL;
  g_autofree Summary *bins = NULL;
  Binner              bin = { 0 };
  Collect             c;
  guint64             range;
  int                 level;
  int                 base = -1;

  g_return_val_if_fail (TWIN_IS_HISTORIAN (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (max_buckets == 0 || from_us > to_us)
    {
      g_set_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_INVALID,
                   _ ("A history query needs a time range that does not end before it starts and at least one bucket."));
      return NULL;
    }
  if (!check_signal_base (self, signal_id, &base, error))
    return NULL;
  base = MAX (base, 0);

  out = g_array_new (FALSE, FALSE, sizeof (TwinBucket));
  clamp_range (&from_us, &to_us);
  if (from_us >= to_us)
    return g_steal_pointer (&out);

  range = (guint64) to_us - (guint64) from_us;
  bin.from_us = from_us;
  bin.n_buckets = max_buckets;
  bin.width_us = range / max_buckets + (range % max_buckets != 0);
  bins = g_new0 (Summary, max_buckets);
  bin.out = bins;

  /* The finest level with buckets at least half the output width: at most
   * about 2 × max_buckets rows. */
  for (level = 0; level < N_LEVELS - 1; level++)
    if ((guint64) level_size_us (level) * 2 >= bin.width_us)
      break;

  /* No level finer than the signal's base level is stored: its buckets
   * are wider than the output's, which is still exact per bucket. */
  c.self = self;
  c.signal_id = signal_id;
  c.base = base;
  c.func = bin_cb;
  c.user_data = &bin;
  if (!collect (&c, MAX (level, base), from_us, to_us, error))
    return NULL;

  /* Few samples: read them all, for the finest answer. Below the base
   * level, its counts tell how many there are. */
  if ((level == 0 && bin.total <= 4 * (gint64) max_buckets) ||
      (level < base && bin.total <= RAW_PER_BUCKET_BELOW_BASE * (gint64) max_buckets))
    {
      if (bin.total <= (gint64) max_buckets)
        {
          if (!read_raw (self, signal_id, from_us, to_us, append_sample_bucket_cb, out, error))
            return NULL;
          return g_steal_pointer (&out);
        }
      memset (bins, 0, sizeof (Summary) * max_buckets);
      if (!read_raw (self, signal_id, from_us, to_us, bin_cb, &bin, error))
        return NULL;
    }

  for (guint j = 0; j < max_buckets; j++)
    if (bins[j].count > 0)
      {
        const Summary *s = &bins[j];
        TwinBucket     bucket = { s->start_us, s->end_us, s->min, s->max, s->sum / (double) s->count, s->count,
                                  s->min_t_us, s->max_t_us };

        g_array_append_val (out, bucket);
      }
  return g_steal_pointer (&out);
}

/**
 * twin_historian_read:
 * @self: a #TwinHistorian
 * @signal_id: a signal id
 * @from_us: the start of the range (inclusive), UTC µs
 * @to_us: the end of the range (exclusive), UTC µs
 * @error: return location for a #GError
 *
 * Reads the raw samples of a range (for export), in time order.
 *
 * Returns: (transfer full) (element-type TwinSample): the samples, or %NULL with @error set
 */
GArray *
twin_historian_read (TwinHistorian *self,
                     gint64         signal_id,
                     gint64         from_us,
                     gint64         to_us,
                     GError       **error)
{
  g_autoptr (GArray) out = NULL;

  g_return_val_if_fail (TWIN_IS_HISTORIAN (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_signal (self, signal_id, error))
    return NULL;
  out = g_array_new (FALSE, FALSE, sizeof (TwinSample));
  if (from_us < to_us && !read_raw (self, signal_id, from_us, to_us, append_sample_cb, out, error))
    return NULL;
  return g_steal_pointer (&out);
}

/**
 * twin_historian_sample_at:
 * @self: a #TwinHistorian
 * @signal_id: a signal id
 * @t_us: a time, UTC µs
 * @sample: (out caller-allocates): the sample found
 *
 * Finds the last sample at or before @t_us, the value a cursor at @t_us reads.
 *
 * Returns: %TRUE if there is one; %FALSE if the signal has none that early (or on a read error)
 */
gboolean
twin_historian_sample_at (TwinHistorian *self,
                          gint64         signal_id,
                          gint64         t_us,
                          TwinSample    *sample)
{
  sqlite3_stmt *stmt;
  gboolean      found;

  g_return_val_if_fail (TWIN_IS_HISTORIAN (self), FALSE);
  g_return_val_if_fail (sample != NULL, FALSE);

  stmt = get_stmt (self, STMT_SAMPLE_AT);
  sqlite3_bind_int64 (stmt, 1, signal_id);
  sqlite3_bind_int64 (stmt, 2, t_us);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      sample->t_us = sqlite3_column_int64 (stmt, 0);
      sample->value = sqlite3_column_double (stmt, 1);
    }
  sqlite3_reset (stmt);
  return found;
}
