/* bench-history.c: how fast samples reach the historian against raw SQLite, and how fast long histories are queried.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ingest: M samples through twin_historian_append (batches of BATCH, one
 * transaction per TXN_BATCHES batches, rollups kept up to date) against a
 * bare prepared-INSERT loop into an identical WITHOUT ROWID table with the
 * same settings (WAL, synchronous=NORMAL, same cache) and the same
 * transactions: the limit any sample store on SQLite can reach. Goal: ratio
 * ≥ 0.8.
 *
 * Queries: a project of TWIN_BENCH_HISTORY_SAMPLES samples (default 100M:
 * 10 signals × 10M, one per second, about 116 days each), generated through
 * the historian in big transactions; then a full-range query at 2,000
 * buckets and random 1 % windows at 2,000 buckets (goal < 20 ms each), and
 * the file size per sample.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>

#include "twin-core.h"
#include "twin-test-util.h"

#define N_SIGNALS 10
#define BATCH 10000
#define TXN_BATCHES 50
#define N_INGEST 2000000
#define N_QUERIES 25
#define MAX_BUCKETS 2000
#define T0_US G_GINT64_CONSTANT (1735689600000000) /* 2025-01-01T00:00:00Z */

static double
now_s (void)
{
  return (double) g_get_monotonic_time () / G_USEC_PER_SEC;
}

static void
exec (sqlite3    *db,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Fills @samples with a second-by-second series: a daily cycle, a random walk and noise. */
static void
make_batch (GRand      *rand,
            gint64      first_index,
            double     *walk,
            TwinSample *samples,
            guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      gint64 k = first_index + i;

      *walk += g_rand_double_range (rand, -0.01, 0.01);
      samples[i].t_us = T0_US + k * G_USEC_PER_SEC;
      samples[i].value = 20.0 + 3.0 * sin (2 * G_PI * (double) k / 86400.0) + *walk +
                         g_rand_double_range (rand, -0.1, 0.1);
    }
}

/* Removes a database file and its WAL side files. */
static void
remove_db (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_remove (path);
  g_remove (wal);
  g_remove (shm);
}

static char *
make_project (const char *basename)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Twin");
  g_autoptr (TwinStore) store = NULL;
  char *path = twin_test_tmp_path (basename);

  store = twin_store_create (path, root, &error);
  g_assert_no_error (error);
  twin_store_close (store);
  return path;
}

static double
raw_ingest (const char *path,
            guint       n)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (1);
  g_autofree TwinSample *samples = g_new (TwinSample, BATCH);
  sqlite3               *db = NULL;
  sqlite3_stmt          *stmt = NULL;
  double                 walk = 0, start;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768;"
            "CREATE TABLE sample (signal INTEGER NOT NULL, t INTEGER NOT NULL, value REAL NOT NULL,"
            " PRIMARY KEY (signal, t)) WITHOUT ROWID");
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO sample (signal, t, value) VALUES (?1, ?2, ?3)", -1, &stmt,
                                       NULL),
                   ==, SQLITE_OK);
  start = now_s ();
  for (guint b = 0; b < n / BATCH; b++)
    {
      make_batch (rand, (gint64) b * BATCH, &walk, samples, BATCH);
      if (b % TXN_BATCHES == 0)
        exec (db, "BEGIN IMMEDIATE");
      sqlite3_bind_int64 (stmt, 1, 1);
      for (guint i = 0; i < BATCH; i++)
        {
          sqlite3_bind_int64 (stmt, 2, samples[i].t_us);
          sqlite3_bind_double (stmt, 3, samples[i].value);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
          sqlite3_reset (stmt);
        }
      if (b % TXN_BATCHES == TXN_BATCHES - 1 || b == n / BATCH - 1)
        exec (db, "COMMIT");
    }
  start = now_s () - start;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return start;
}

/* Appends @n samples of one signal through the historian; returns the seconds it took. */
static double
historian_ingest (TwinHistorian *historian,
                  gint64         id,
                  guint          seed,
                  gint64         n)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autofree TwinSample *samples = g_new (TwinSample, BATCH);
  g_autoptr (GError) error = NULL;
  double walk = 0, start = now_s ();

  for (gint64 b = 0; b < n / BATCH; b++)
    {
      make_batch (rand, b * BATCH, &walk, samples, BATCH);
      if (b % TXN_BATCHES == 0 && !twin_historian_begin (historian, &error))
        g_error ("%s", error->message);
      if (!twin_historian_append (historian, id, samples, BATCH, &error))
        g_error ("%s", error->message);
      if ((b % TXN_BATCHES == TXN_BATCHES - 1 || b == n / BATCH - 1) && !twin_historian_commit (historian, &error))
        g_error ("%s", error->message);
    }
  return now_s () - start;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), (int (*) (const void *, const void *)) compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* Times one query in ms and checks it answers at most MAX_BUCKETS buckets. */
static double
time_query (TwinHistorian *historian,
            gint64         id,
            gint64         from_us,
            gint64         to_us,
            guint         *n_buckets)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) buckets = NULL;
  double start = now_s ();

  buckets = twin_historian_query (historian, id, from_us, to_us, MAX_BUCKETS, &error);
  start = (now_s () - start) * 1000;
  g_assert_no_error (error);
  g_assert_cmpuint (buckets->len, <=, MAX_BUCKETS);
  *n_buckets = buckets->len;
  return start;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *raw_path = twin_test_tmp_path ("raw-samples.sqlite");
  g_autofree char *ingest_path = make_project ("ingest.dtwin");
  g_autofree char *big_path = NULL;
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  const char *env = g_getenv ("TWIN_BENCH_HISTORY_SAMPLES");
  gint64      n_total = env != NULL ? g_ascii_strtoll (env, NULL, 10) : G_GINT64_CONSTANT (100000000);
  gint64      per_signal = MAX (BATCH, n_total / N_SIGNALS / BATCH * BATCH);
  gint64      ids[N_SIGNALS];
  double      raw, ours, generate, full[N_SIGNALS * 3], window[N_QUERIES], first_full, window_median;
  guint       n_buckets, window_buckets = 0;
  GStatBuf    st;

  /* Ingest, against the bare loop; the bare loop runs twice around ours so disk warm-up favours neither. */
  raw = raw_ingest (raw_path, N_INGEST);
  historian = twin_historian_open (ingest_path, FALSE, &error);
  g_assert_no_error (error);
  ours = historian_ingest (historian, twin_historian_ensure_signal (historian, "ingest", "°C", &error), 1, N_INGEST);
  g_clear_object (&historian);
  remove_db (raw_path);
  raw = MIN (raw, raw_ingest (raw_path, N_INGEST));
  g_print ("ingest: %d samples in batches of %d, %d batches per transaction: bare INSERT loop %.3f s (%.0f/s), "
           "twin_historian_append %.3f s (%.0f/s), ratio %.2f (goal >= 0.8)\n",
           N_INGEST, BATCH, TXN_BATCHES, raw, N_INGEST / raw, ours, N_INGEST / ours, raw / ours);
  remove_db (raw_path);
  remove_db (ingest_path);

  /* The big project. */
  n_total = per_signal * N_SIGNALS;
  big_path = make_project ("history.dtwin");
  historian = twin_historian_open (big_path, FALSE, &error);
  g_assert_no_error (error);
  generate = now_s ();
  for (guint s = 0; s < N_SIGNALS; s++)
    {
      g_autofree char *name = g_strdup_printf ("site/sensor-%u.temperature", s);

      ids[s] = twin_historian_ensure_signal (historian, name, "°C", &error);
      g_assert_no_error (error);
      historian_ingest (historian, ids[s], 100 + s, per_signal);
    }
  generate = now_s () - generate;
  g_clear_object (&historian);
  {
    /* Fold the WAL into the file, so its size is the data's. */
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (big_path, &db), ==, SQLITE_OK);
    exec (db, "PRAGMA wal_checkpoint(TRUNCATE)");
    sqlite3_close (db);
  }
  g_assert_cmpint (g_stat (big_path, &st), ==, 0);
  g_print ("history: %" G_GINT64_FORMAT " samples (%d signals x %" G_GINT64_FORMAT ", 1 s apart, %.0f days) "
           "generated in %.1f s (%.0f samples/s); file %.2f GB, %.1f bytes per sample\n",
           n_total, N_SIGNALS, per_signal, per_signal / 86400.0, generate, n_total / generate,
           st.st_size / 1e9, (double) st.st_size / (double) n_total);

  /* What the history costs a project's open (TwinStore checks the file as it opens it). */
  {
    g_autoptr (TwinStore) store = NULL;
    double open_s = now_s ();

    store = twin_store_open (big_path, TWIN_STORE_FLAGS_READ_ONLY, &error);
    g_assert_no_error (error);
    open_s = now_s () - open_s;
    twin_store_close (store);
    g_print ("open:   twin_store_open of that project (read-only): %.2f s\n", open_s);
  }

  /* Queries, on a fresh connection. */
  historian = twin_historian_open (big_path, TRUE, &error);
  g_assert_no_error (error);
  {
    gint64 end_us = T0_US + per_signal * G_USEC_PER_SEC;
    gint64 span_us = end_us - T0_US;

    first_full = time_query (historian, ids[0], T0_US, end_us, &n_buckets);
    for (guint i = 0; i < G_N_ELEMENTS (full); i++)
      full[i] = time_query (historian, ids[i % N_SIGNALS], T0_US, end_us, &n_buckets);
    for (guint i = 0; i < N_QUERIES; i++)
      {
        gint64 from = T0_US + (gint64) (g_rand_double (rand) * 0.99 * span_us);

        window[i] = time_query (historian, ids[g_rand_int_range (rand, 0, N_SIGNALS)], from, from + span_us / 100,
                                &window_buckets);
      }
    g_print ("query:  full range at %d buckets: first %.2f ms, median %.2f ms over %u (%u buckets) (goal < 20 ms)\n",
             MAX_BUCKETS, first_full, median (full, G_N_ELEMENTS (full)), (guint) G_N_ELEMENTS (full), n_buckets);
    window_median = median (window, N_QUERIES); /* sorts */
    g_print ("query:  random 1 %% windows at %d buckets: median %.2f ms, worst %.2f ms over %d (%u buckets) "
             "(goal < 20 ms)\n",
             MAX_BUCKETS, window_median, window[N_QUERIES - 1], N_QUERIES, window_buckets);
  }
  g_clear_object (&historian);
  remove_db (big_path);
  return 0;
}
