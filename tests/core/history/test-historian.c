/* test-historian.c: tests of the historian: rollups against brute force, spikes, duplicates, bad values, crashes.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every rollup answer is checked against a brute-force scan of the samples
 * the test wrote (kept in memory) and of the raw sample table, so a wrong
 * level choice, a bucket boundary off by one or a rollup left stale after
 * an out-of-order write shows as a difference.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <sqlite3.h>

#include "store-test-util.h"
#include "twin-core.h"
#include "twin-test-util.h"

#define MINUTE_US (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define HOUR_US (60 * MINUTE_US)
#define DAY_US (24 * HOUR_US)
#define T0_US G_GINT64_CONSTANT (1767225600000000) /* 2026-01-01T00:00:00Z */

static char *self_exe;

/* Helpers ----------------------------------------------------------------- */

static char *
new_project (const char *basename)
{
  g_autoptr (TwinEntity) root = store_test_build_tree (0);
  char *path = store_test_path (basename);

  store_test_create_file (path, root);
  return path;
}

static TwinHistorian *
open_historian (const char *path,
                gboolean    read_only)
{
  g_autoptr (GError) error = NULL;
  TwinHistorian *historian = twin_historian_open (path, read_only, &error);

  g_assert_no_error (error);
  g_assert_nonnull (historian);
  return historian;
}

static void
append (TwinHistorian    *historian,
        gint64            id,
        const TwinSample *samples,
        gsize             n)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (twin_historian_append (historian, id, samples, n, &error));
  g_assert_no_error (error);
}

static gint64
ensure (TwinHistorian *historian,
        const char    *name,
        const char    *unit)
{
  g_autoptr (GError) error = NULL;
  gint64 id = twin_historian_ensure_signal (historian, name, unit, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* The brute-force truth: the samples of one signal, t → value (last write wins). */
typedef struct
{
  gint64      id;
  GHashTable *values; /* gint64* → double* */
  GArray     *sorted; /* TwinSample, rebuilt by truth_sort */
} Truth;

static Truth *
truth_new (gint64 id)
{
  Truth *truth = g_new0 (Truth, 1);

  truth->id = id;
  truth->values = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  truth->sorted = g_array_new (FALSE, FALSE, sizeof (TwinSample));
  return truth;
}

static void
truth_free (Truth *truth)
{
  g_hash_table_unref (truth->values);
  g_array_unref (truth->sorted);
  g_free (truth);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Truth, truth_free)

static void
truth_add (Truth            *truth,
           const TwinSample *samples,
           gsize             n)
{
  for (gsize i = 0; i < n; i++)
    g_hash_table_insert (truth->values, g_memdup2 (&samples[i].t_us, sizeof (gint64)),
                         g_memdup2 (&samples[i].value, sizeof (double)));
}

static int
compare_samples (gconstpointer a,
                 gconstpointer b)
{
  gint64 x = ((const TwinSample *) a)->t_us;
  gint64 y = ((const TwinSample *) b)->t_us;

  return (x > y) - (x < y);
}

static void
truth_sort (Truth *truth)
{
  GHashTableIter iter;
  gpointer       key, value;

  g_array_set_size (truth->sorted, 0);
  g_hash_table_iter_init (&iter, truth->values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      TwinSample s = { *(gint64 *) key, *(double *) value };

      g_array_append_val (truth->sorted, s);
    }
  g_array_sort (truth->sorted, compare_samples);
}

/* The brute-force summary of the sorted samples in [from, to). */
static TwinBucket
brute_force (const GArray *sorted,
             gint64        from_us,
             gint64        to_us,
             double       *sum)
{
  TwinBucket b = { from_us, to_us, 0, 0, 0, 0, 0, 0 };

  *sum = 0;
  for (guint i = 0; i < sorted->len; i++)
    {
      const TwinSample *s = &g_array_index (sorted, TwinSample, i);

      if (s->t_us < from_us || s->t_us >= to_us)
        continue;
      if (b.count == 0 || s->value < b.min)
        {
          b.min = s->value;
          b.min_t_us = s->t_us;
        }
      if (b.count == 0 || s->value > b.max)
        {
          b.max = s->value;
          b.max_t_us = s->t_us;
        }
      *sum += s->value;
      b.count++;
    }
  b.mean = b.count > 0 ? *sum / (double) b.count : 0;
  return b;
}

static void
assert_close (double a,
              double b)
{
  double scale = MAX (1.0, MAX (fabs (a), fabs (b)));

  if (fabs (a - b) > 1e-9 * scale)
    g_error ("%.17g differs from %.17g", a, b);
}

/* Checks one query answer against brute force over the truth. */
static void
check_query (TwinHistorian *historian,
             Truth         *truth,
             gint64         from_us,
             gint64         to_us,
             guint          max_buckets)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) buckets = twin_historian_query (historian, truth->id, from_us, to_us, max_buckets, &error);
  double     sum;
  TwinBucket whole;
  gint64     total = 0;

  g_assert_no_error (error);
  g_assert_nonnull (buckets);
  g_assert_cmpuint (buckets->len, <=, max_buckets);

  whole = brute_force (truth->sorted, from_us, to_us, &sum);
  for (guint i = 0; i < buckets->len; i++)
    {
      const TwinBucket *b = &g_array_index (buckets, TwinBucket, i);
      TwinBucket        expected = brute_force (truth->sorted, b->start_us, b->end_us, &sum);

      /* In the range, in order, not overlapping, never empty. */
      g_assert_cmpint (b->start_us, >=, from_us);
      g_assert_cmpint (b->end_us, <=, to_us);
      g_assert_cmpint (b->start_us, <, b->end_us);
      if (i > 0)
        g_assert_cmpint (g_array_index (buckets, TwinBucket, i - 1).end_us, <=, b->start_us);
      g_assert_cmpint (b->count, >, 0);

      /* Exact over its span. */
      g_assert_cmpint (b->count, ==, expected.count);
      g_assert_cmpfloat (b->min, ==, expected.min);
      g_assert_cmpfloat (b->max, ==, expected.max);
      g_assert_cmpint (b->min_t_us, ==, expected.min_t_us);
      g_assert_cmpint (b->max_t_us, ==, expected.max_t_us);
      assert_close (b->mean, expected.mean);
      total += b->count;

      /* Every extreme of the range shows. */
      if (b->min_t_us == whole.min_t_us)
        g_assert_cmpfloat (b->min, ==, whole.min);
    }
  /* Every sample of the range is in exactly one bucket. */
  g_assert_cmpint (total, ==, whole.count);
  if (whole.count > 0)
    {
      gboolean min_found = FALSE, max_found = FALSE;

      for (guint i = 0; i < buckets->len; i++)
        {
          min_found |= g_array_index (buckets, TwinBucket, i).min == whole.min;
          max_found |= g_array_index (buckets, TwinBucket, i).max == whole.max;
        }
      g_assert_true (min_found);
      g_assert_true (max_found);
    }
}

/* Checks every rollup row of the file against the raw sample table, in SQL
 * and C, and the sample count of every signal against @expected (or not, if NULL). */
static void
check_rollups_exact (const char *path)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr (GHashTable) signals = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                          (GDestroyNotify) g_array_unref);
  guint n_rows = 0;
  int   rc;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT signal, t, value FROM sample ORDER BY signal, t", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64     id = sqlite3_column_int64 (stmt, 0);
      TwinSample s = { sqlite3_column_int64 (stmt, 1), sqlite3_column_double (stmt, 2) };
      GArray    *samples = g_hash_table_lookup (signals, &id);

      if (samples == NULL)
        {
          samples = g_array_new (FALSE, FALSE, sizeof (TwinSample));
          g_hash_table_insert (signals, g_memdup2 (&id, sizeof id), samples);
        }
      g_array_append_val (samples, s);
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  /* Every stored row is exact... */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT signal, level, bucket, min, max, sum, count, min_t, max_t"
                                           " FROM rollup",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64     id = sqlite3_column_int64 (stmt, 0);
      int        level = sqlite3_column_int (stmt, 1);
      gint64     size = MINUTE_US << (2 * level);
      gint64     bucket = sqlite3_column_int64 (stmt, 2);
      GArray    *samples = g_hash_table_lookup (signals, &id);
      double     sum;
      TwinBucket expected;

      g_assert_nonnull (samples);
      g_assert_cmpint (((bucket % size) + size) % size, ==, 0);
      expected = brute_force (samples, bucket, bucket + size, &sum);
      g_assert_cmpint (sqlite3_column_int64 (stmt, 6), ==, expected.count);
      g_assert_cmpfloat (sqlite3_column_double (stmt, 3), ==, expected.min);
      g_assert_cmpfloat (sqlite3_column_double (stmt, 4), ==, expected.max);
      assert_close (sqlite3_column_double (stmt, 5), sum);
      g_assert_cmpint (sqlite3_column_int64 (stmt, 7), ==, expected.min_t_us);
      g_assert_cmpint (sqlite3_column_int64 (stmt, 8), ==, expected.max_t_us);
      n_rows++;
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  /* ...and every sample is in exactly one row of every level. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count (*) FROM (SELECT signal, level, sum (count) AS n FROM rollup"
                                           " GROUP BY signal, level) AS r WHERE n != (SELECT count (*) FROM sample"
                                           " WHERE sample.signal = r.signal)",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  sqlite3_finalize (stmt);
  /* Every signal with samples has rows at exactly its base level and
   * every coarser one (level 0 while the base is not yet chosen, which
   * only a signal with a single sample time may be). */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT s.base_level,"
                                           " (SELECT min (level) FROM rollup WHERE signal = s.id),"
                                           " (SELECT count (DISTINCT level) FROM rollup WHERE signal = s.id),"
                                           " (SELECT count (*) FROM sample WHERE signal = s.id)"
                                           " FROM signal AS s",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean chosen = sqlite3_column_type (stmt, 0) != SQLITE_NULL;
      int      base = sqlite3_column_int (stmt, 0);
      gint64   n_samples = sqlite3_column_int64 (stmt, 3);

      g_assert_cmpint (base, >=, 0);
      g_assert_cmpint (base, <, 9);
      if (!chosen)
        g_assert_cmpint (n_samples, <=, 1);
      if (n_samples == 0)
        g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 0);
      else
        {
          g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, base);
          g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 9 - base);
        }
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_test_message ("%u rollup rows checked", n_rows);
}

static gint64
count_samples (const char *path)
{
  g_autofree char *text = store_test_query_text (path, "SELECT count (*) FROM sample");

  return g_ascii_strtoll (text, NULL, 10);
}

/* Tests ------------------------------------------------------------------- */

static void
test_open_fresh (void)
{
  g_autofree char *path = new_project ("fresh.dtwin");
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinStore) store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (GPtrArray) signals = NULL;
  g_autoptr (TwinSignalInfo) none = NULL;
  g_autofree char *value = NULL;
  TwinSample       samples[] = { { T0_US, 1.5 }, { T0_US + 1, 2.5 } };
  gint64           id;

  g_assert_no_error (error);
  g_assert_cmpuint (twin_store_get_schema_version (store), ==, TWIN_STORE_SCHEMA_VERSION);
  g_assert_cmpint (TWIN_STORE_SCHEMA_VERSION, >=, 4);

  /* A second connection beside the store's, in the same process. */
  historian = open_historian (path, FALSE);
  g_assert_false (twin_historian_is_read_only (historian));
  g_assert_cmpstr (twin_historian_get_path (historian), ==, path);
  signals = twin_historian_list_signals (historian, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (signals->len, ==, 0);
  none = twin_historian_lookup_signal (historian, "nothing", &error);
  g_assert_no_error (error);
  g_assert_null (none);

  /* Writes of both take turns without conflict. */
  id = ensure (historian, "room.temperature", "°C");
  append (historian, id, samples, G_N_ELEMENTS (samples));
  g_assert_true (twin_store_set_metadata (store, "test-key", "after-append", &error));
  g_assert_no_error (error);
  append (historian, id, samples, 1);
  value = twin_store_dup_metadata (store, "test-key");
  g_assert_cmpstr (value, ==, "after-append");

  /* The store reads while the historian holds a write transaction. */
  g_assert_true (twin_historian_begin (historian, &error));
  g_assert_true (twin_historian_in_transaction (historian));
  append (historian, id, (TwinSample[]){ { T0_US + 2, 3.5 } }, 1);
  g_clear_pointer (&value, g_free);
  value = twin_store_dup_metadata (store, "test-key");
  g_assert_cmpstr (value, ==, "after-append");
  g_assert_true (twin_historian_commit (historian, &error));
  g_assert_no_error (error);
  g_assert_false (twin_historian_in_transaction (historian));

  g_clear_object (&historian);
  twin_store_close (store);
  g_assert_cmpint (count_samples (path), ==, 3);
  check_rollups_exact (path);
}

/* Makes a version 3 project file from the older migrations, as Twin Studio 0.3 wrote it. */
static void
make_v3_file (const char *path)
{
  g_autofree char *marks = NULL;
  sqlite3         *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint v = 1; v <= 3; v++)
    {
      static const char *const names[] = { NULL, "001-initial.sql", "002-connections.sql", "003-meshes.sql" };
      g_autofree char         *resource = g_strdup_printf ("/io/github/twinstudio/TwinStudio/core/store/migrations/%s",
                                                           names[v]);
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) sql = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      text = g_strndup (g_bytes_get_data (sql, NULL), g_bytes_get_size (sql));
      g_assert_cmpint (sqlite3_exec (db, text, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  marks = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = 3;", TWIN_STORE_APPLICATION_ID);
  g_assert_cmpint (sqlite3_exec (db, marks, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 ""
                                 "INSERT INTO metadata VALUES ('created-by', 'Twin Studio 0.3');"
                                 "INSERT INTO entity (id, parent_id, position, name, type, x_m, y_m, z_m,"
                                 " rot_x_deg, rot_y_deg, rot_z_deg, scale_x, scale_y, scale_z)"
                                 " VALUES ('00000000-0000-4000-8000-000000000001', NULL, 0, 'Twin', 'system',"
                                 " 0, 0, 0, 0, 0, 0, 1, 1, 1);"
                                 "PRAGMA journal_mode = WAL;",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_old_file (void)
{
  g_autofree char *path = store_test_path ("v3.dtwin");
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (GPtrArray) signals = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  make_v3_file (path);
  before = store_test_checksum (path);

  /* Refused, clearly, and left as it was. */
  historian = twin_historian_open (path, FALSE, &error);
  g_assert_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_INVALID);
  g_assert_null (historian);
  g_assert_nonnull (strstr (error->message, "v3.dtwin"));
  g_assert_nonnull (strstr (error->message, "too old"));
  g_clear_error (&error);
  after = store_test_checksum (path);
  g_assert_cmpstr (before, ==, after);

  /* The store brings it up to date; then the history is there and empty. */
  store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (twin_store_get_schema_version (store), ==, TWIN_STORE_SCHEMA_VERSION);
  historian = open_historian (path, FALSE);
  signals = twin_historian_list_signals (historian, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (signals->len, ==, 0);
  g_clear_object (&historian);
  twin_store_close (store);
}

static void
test_not_project (void)
{
  g_autofree char *text_path = store_test_path ("notes.dtwin");
  g_autofree char *foreign_path = store_test_path ("foreign.dtwin");
  g_autofree char *missing_path = store_test_path ("missing.dtwin");
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinHistorian) historian = NULL;
  sqlite3 *db = NULL;

  twin_test_write_file (text_path, "just some text, long enough to not be a database header at all\n", 64);
  historian = twin_historian_open (text_path, TRUE, &error);
  g_assert_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "notes.dtwin"));
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_open (foreign_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE x (y); PRAGMA user_version = 4", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  historian = twin_historian_open (foreign_path, FALSE, &error);
  g_assert_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "not a Twin Studio project"));
  g_clear_error (&error);

  historian = twin_historian_open (missing_path, FALSE, &error);
  g_assert_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (missing_path, G_FILE_TEST_EXISTS));
}

/* Random samples in clusters: dense stretches (1 s apart), sparse ones,
 * out of order, with duplicates, around @center_us. */
static GArray *
random_batch (GRand *rand,
              gint64 center_us,
              gint64 spread_us)
{
  GArray *batch = g_array_new (FALSE, FALSE, sizeof (TwinSample));
  guint   kind = g_rand_int_range (rand, 0, 4);
  guint   n = g_rand_int_range (rand, 1, 600);
  gint64  start = center_us + (gint64) (g_rand_double_range (rand, -1, 1) * spread_us);
  /* Often on whole minutes, so samples fall on bucket edges. */
  if (g_rand_boolean (rand))
    start -= start % MINUTE_US;

  for (guint i = 0; i < n; i++)
    {
      TwinSample s;

      switch (kind)
        {
        case 0: /* dense and in order */
          s.t_us = start + i * G_USEC_PER_SEC;
          break;
        case 1: /* anywhere */
          s.t_us = center_us + (gint64) (g_rand_double_range (rand, -1, 1) * spread_us);
          break;
        case 2: /* every 15 min, in order */
          s.t_us = start + i * 15 * MINUTE_US;
          break;
        default: /* a few times, again and again: duplicates, also in the batch */
          s.t_us = start + g_rand_int_range (rand, 0, 40) * 7 * G_USEC_PER_SEC;
          break;
        }
      /* Few distinct values, so ties of min and max happen. */
      s.value = g_rand_boolean (rand) ? (double) g_rand_int_range (rand, -5, 5)
                                      : g_rand_double_range (rand, -1e3, 1e3);
      g_array_append_val (batch, s);
    }
  return batch;
}

static void
test_rollups_random (void)
{
  g_autofree char *path = new_project ("random.dtwin");
  g_autoptr (TwinHistorian) historian = open_historian (path, FALSE);
  g_autoptr (GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr (GPtrArray) truths = g_ptr_array_new_with_free_func ((GDestroyNotify) truth_free);
  /* Around 2026, and around the epoch (negative times). */
  const gint64 centers[] = { T0_US, 0, T0_US + 400 * DAY_US };
  const gint64 spreads[] = { 200 * DAY_US, 3 * DAY_US, 2 * HOUR_US };
  const guint  bucket_counts[] = { 1, 2, 7, 100, 2000, 100000 };

  gint64       live_us = T0_US + 250 * DAY_US;

  for (guint k = 0; k < G_N_ELEMENTS (centers); k++)
    {
      g_autofree char *name = g_strdup_printf ("signal-%u", k);

      g_ptr_array_add (truths, truth_new (ensure (historian, name, "kW")));
    }

  for (guint round = 0; round < 4; round++)
    {
      g_autoptr (GError) error = NULL;

      /* Batches: some alone, some in one transaction. */
      if (round % 2 == 1)
        g_assert_true (twin_historian_begin (historian, &error));
      for (guint b = 0; b < 40; b++)
        {
          guint  k = g_rand_int_range (rand, 0, truths->len);
          Truth *truth = g_ptr_array_index (truths, k);
          g_autoptr (GArray) batch = random_batch (rand, centers[k], spreads[k]);

          append (historian, truth->id, (TwinSample *) batch->data, batch->len);
          truth_add (truth, (TwinSample *) batch->data, batch->len);
        }
      /* Signal 0 also records live: batches in order after its last sample,
       * with few distinct values (ties of min and max across batches). */
      for (guint b = 0; b < 30; b++)
        {
          Truth     *truth = g_ptr_array_index (truths, 0);
          TwinSample batch[50];
          guint      n = g_rand_int_range (rand, 1, G_N_ELEMENTS (batch));

          for (guint i = 0; i < n; i++)
            {
              live_us += g_rand_boolean (rand) ? 20 * G_USEC_PER_SEC : g_rand_int_range (rand, 1, 100) * MINUTE_US;
              batch[i] = (TwinSample){ live_us, (double) g_rand_int_range (rand, 0, 4) };
            }
          append (historian, truth->id, batch, n);
          truth_add (truth, batch, n);
        }
      if (round % 2 == 1)
        g_assert_true (twin_historian_commit (historian, &error));
      g_assert_no_error (error);

      for (guint k = 0; k < truths->len; k++)
        {
          Truth *truth = g_ptr_array_index (truths, k);
          g_autoptr (TwinSignalInfo) info = NULL;
          g_autofree char *name = g_strdup_printf ("signal-%u", k);

          truth_sort (truth);
          info = twin_historian_lookup_signal (historian, name, &error);
          g_assert_no_error (error);
          g_assert_cmpint (info->n_samples, ==, truth->sorted->len);
          if (truth->sorted->len > 0)
            {
              g_assert_cmpint (info->first_us, ==, g_array_index (truth->sorted, TwinSample, 0).t_us);
              g_assert_cmpint (info->last_us, ==, g_array_index (truth->sorted, TwinSample, truth->sorted->len - 1).t_us);
            }

          /* Whole range, and random ranges at every zoom. */
          check_query (historian, truth, centers[k] - 2 * spreads[k], centers[k] + 2 * spreads[k], 2000);
          for (guint q = 0; q < 40; q++)
            {
              gint64 a = centers[k] + (gint64) (g_rand_double_range (rand, -1.2, 1.2) * spreads[k]);
              gint64 len = (gint64) (spreads[k] * pow (10, g_rand_double_range (rand, -6, 0.3)));
              guint  n = bucket_counts[g_rand_int_range (rand, 0, G_N_ELEMENTS (bucket_counts))];

              if (g_rand_boolean (rand))
                a -= a % MINUTE_US;

              check_query (historian, truth, a, a + len, n);
            }
        }
    }
  g_clear_object (&historian);
  check_rollups_exact (path);

  /* The raw samples read back as written. */
  historian = open_historian (path, TRUE);
  for (guint k = 0; k < truths->len; k++)
    {
      Truth *truth = g_ptr_array_index (truths, k);
      g_autoptr (GError) error = NULL;
      g_autoptr (GArray) all = twin_historian_read (historian, truth->id, G_MININT64, G_MAXINT64, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (all->len, ==, truth->sorted->len);
      g_assert_cmpmem (all->data, all->len * sizeof (TwinSample), truth->sorted->data,
                       truth->sorted->len * sizeof (TwinSample));
    }
}

static int
base_level_of (const char *path,
               gint64      id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (base_level, -1) FROM signal WHERE id = %" G_GINT64_FORMAT, id);
  g_autofree char *text = store_test_query_text (path, sql);

  return (int) g_ascii_strtoll (text, NULL, 10);
}

/* Random queries at every zoom around [from, to), against brute force. */
static void
check_random_queries (GRand         *rand,
                      TwinHistorian *historian,
                      Truth         *truth,
                      gint64         from_us,
                      gint64         to_us)
{
  const guint bucket_counts[] = { 1, 3, 50, 700, 2000, 100000 };
  gint64      span = to_us - from_us;

  truth_sort (truth);
  check_query (historian, truth, from_us - span / 10, to_us + span / 10, 2000);
  check_query (historian, truth, from_us, to_us, 10);
  for (guint q = 0; q < 60; q++)
    {
      gint64 a = from_us + (gint64) (g_rand_double_range (rand, -0.1, 1.0) * span);
      gint64 len = (gint64) (span * pow (10, g_rand_double_range (rand, -5, 0.1)));
      guint  n = bucket_counts[g_rand_int_range (rand, 0, G_N_ELEMENTS (bucket_counts))];

      if (g_rand_boolean (rand))
        a -= a % (15 * MINUTE_US);
      check_query (historian, truth, a, a + len, n);
    }
}

/* Sparse data (every 15 min) gets a coarse base level; a later dense burst
 * (1 s) lowers it, and every level and query stays exact. */
static void
test_base_level_random (void)
{
  g_autofree char *path = new_project ("base-level.dtwin");
  g_autoptr (TwinHistorian) historian = open_historian (path, FALSE);
  g_autoptr (GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr (Truth) sparse = truth_new (ensure (historian, "sparse", "kW"));
  g_autoptr (Truth) burst = truth_new (ensure (historian, "burst", "kW"));
  g_autoptr (Truth) single = truth_new (ensure (historian, "single", "kW"));
  const gint64 days = 60;
  GArray      *batch = g_array_new (FALSE, FALSE, sizeof (TwinSample));
  TwinSample   one = { T0_US + 7 * MINUTE_US, 5 };

  g_assert_cmpint (base_level_of (path, sparse->id), ==, -1);

  /* Both sparse signals: a day per batch, in order, then some days again
   * out of order with duplicates and a few jittered times. */
  for (gint64 day = 0; day < days; day++)
    {
      g_array_set_size (batch, 0);
      for (gint64 i = 0; i < 96; i++)
        {
          TwinSample sample = { T0_US + day * DAY_US + i * 15 * MINUTE_US,
                                g_rand_boolean (rand) ? (double) g_rand_int_range (rand, -3, 3)
                                                      : g_rand_double_range (rand, -100, 100) };

          g_array_append_val (batch, sample);
        }
      append (historian, sparse->id, (TwinSample *) batch->data, batch->len);
      truth_add (sparse, (TwinSample *) batch->data, batch->len);
      append (historian, burst->id, (TwinSample *) batch->data, batch->len);
      truth_add (burst, (TwinSample *) batch->data, batch->len);
    }
  for (guint b = 0; b < 10; b++)
    {
      gint64 day = g_rand_int_range (rand, 0, days);

      g_array_set_size (batch, 0);
      for (guint i = 0; i < 40; i++)
        {
          TwinSample sample = { T0_US + day * DAY_US + g_rand_int_range (rand, 0, 96) * 15 * MINUTE_US,
                                g_rand_double_range (rand, -200, 200) };

          if (i % 10 == 0)
            sample.t_us += g_rand_int_range (rand, 1, 900) * G_USEC_PER_SEC;
          g_array_append_val (batch, sample);
        }
      append (historian, sparse->id, (TwinSample *) batch->data, batch->len);
      truth_add (sparse, (TwinSample *) batch->data, batch->len);
    }
  /* 15 min apart: buckets of at least an hour, level 3 (64 min). */
  g_assert_cmpint (base_level_of (path, sparse->id), ==, 3);
  g_assert_cmpint (base_level_of (path, burst->id), ==, 3);
  check_random_queries (rand, historian, sparse, T0_US, T0_US + days * DAY_US);
  check_random_queries (rand, historian, burst, T0_US, T0_US + days * DAY_US);

  /* A dense burst in the middle (out of order), inside a transaction
   * with more sparse data: the base level drops to 0, all levels built. */
  {
    g_autoptr (GError) error = NULL;
    gint64 start = T0_US + 20 * DAY_US + (gint64) g_rand_int_range (rand, 0, 3600) * G_USEC_PER_SEC;

    g_assert_true (twin_historian_begin (historian, &error));
    g_assert_no_error (error);
    g_array_set_size (batch, 0);
    for (guint i = 0; i < 3000; i++)
      {
        TwinSample sample = { start + i * G_USEC_PER_SEC, g_rand_double_range (rand, -50, 50) };

        g_array_append_val (batch, sample);
      }
    append (historian, burst->id, (TwinSample *) batch->data, batch->len);
    truth_add (burst, (TwinSample *) batch->data, batch->len);
    g_assert_cmpint (base_level_of (path, burst->id), ==, 3); /* not committed yet */
    g_assert_true (twin_historian_commit (historian, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (base_level_of (path, burst->id), ==, 0);
  /* Sparse again after it: the base level stays. */
  g_array_set_size (batch, 0);
  for (gint64 i = 0; i < 200; i++)
    {
      TwinSample sample = { T0_US + days * DAY_US + i * 15 * MINUTE_US, (double) (i % 7) };

      g_array_append_val (batch, sample);
    }
  append (historian, burst->id, (TwinSample *) batch->data, batch->len);
  truth_add (burst, (TwinSample *) batch->data, batch->len);
  g_assert_cmpint (base_level_of (path, burst->id), ==, 0);
  check_random_queries (rand, historian, burst, T0_US, T0_US + (days + 3) * DAY_US);
  check_random_queries (rand, historian, burst, T0_US + 20 * DAY_US, T0_US + 21 * DAY_US + 2 * HOUR_US);

  /* One sample at a time: no base level until a second time, then the
   * interval between them chooses it (a day apart: level 7, 11.4 d ≥ 4 d). */
  append (historian, single->id, &one, 1);
  truth_add (single, &one, 1);
  append (historian, single->id, &one, 1);
  g_assert_cmpint (base_level_of (path, single->id), ==, -1);
  one.t_us += DAY_US;
  append (historian, single->id, &one, 1);
  truth_add (single, &one, 1);
  g_assert_cmpint (base_level_of (path, single->id), ==, 7);
  check_random_queries (rand, historian, single, T0_US, T0_US + 2 * DAY_US);

  g_clear_object (&historian);
  g_array_unref (batch);
  check_rollups_exact (path);
}

/* A year of 15-minute data stays small: few rollup rows per sample. */
static void
test_sparse_size (void)
{
  g_autofree char *path = new_project ("sparse-size.dtwin");
  g_autoptr (TwinHistorian) historian = open_historian (path, FALSE);
  g_autoptr (GError) error = NULL;
  g_autofree char *n_rollups = NULL;
  g_autofree char *n_pages = NULL;
  g_autofree char *page_size = NULL;
  const gint64     n_per_signal = 365 * 96;
  const guint      n_signals = 10;
  double           rows_per_sample, bytes_per_sample;
  sqlite3         *db = NULL;

  g_assert_true (twin_historian_begin (historian, &error));
  g_assert_no_error (error);
  for (guint k = 0; k < n_signals; k++)
    {
      g_autofree char *name = g_strdup_printf ("room-%u.temperature", k);
      gint64           id = ensure (historian, name, "°C");

      for (gint64 day = 0; day < 365; day++)
        {
          TwinSample batch[96];

          for (guint i = 0; i < 96; i++)
            batch[i] = (TwinSample){ T0_US + day * DAY_US + i * 15 * MINUTE_US,
                                     20 + 3 * sin ((double) (day * 96 + i) / 40.0) + k * 0.01 };
          append (historian, id, batch, 96);
        }
    }
  g_assert_true (twin_historian_commit (historian, &error));
  g_assert_no_error (error);
  g_clear_object (&historian);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE); VACUUM", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_cmpint (count_samples (path), ==, n_per_signal * n_signals);
  n_rollups = store_test_query_text (path, "SELECT count (*) FROM rollup");
  rows_per_sample = g_ascii_strtod (n_rollups, NULL) / (double) (n_per_signal * n_signals);
  n_pages = store_test_query_text (path, "PRAGMA page_count");
  page_size = store_test_query_text (path, "PRAGMA page_size");
  bytes_per_sample = g_ascii_strtod (n_pages, NULL) * g_ascii_strtod (page_size, NULL) /
                     (double) (n_per_signal * n_signals);
  g_test_message ("%.3f rollup rows and %.1f bytes per sample", rows_per_sample, bytes_per_sample);
  g_assert_cmpfloat (rows_per_sample, <=, 0.5);
  g_assert_cmpfloat (bytes_per_sample, <, 50); /* ~200 with every level */
}

static void
test_spike (void)
{
  const guint      n = 1000000;
  g_autofree char *path = new_project ("spike.dtwin");
  g_autoptr (TwinHistorian) historian = open_historian (path, FALSE);
  g_autoptr (GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autofree TwinSample *samples = g_new (TwinSample, n);
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) buckets = NULL;
  guint    spike = g_rand_int_range (rand, 1, n - 1);
  guint    dip = (spike + n / 3) % n;
  gint64   id = ensure (historian, "pump.pressure", "bar");
  gint64   end_us = T0_US + (gint64) n * G_USEC_PER_SEC;
  gboolean spike_found = FALSE, dip_found = FALSE;
  gint64   total = 0;

  for (guint i = 0; i < n; i++)
    {
      samples[i].t_us = T0_US + (gint64) i * G_USEC_PER_SEC;
      samples[i].value = 5.0 + sin (i * 1e-3) + g_rand_double_range (rand, -0.01, 0.01);
    }
  samples[spike].value = 1000.0;
  samples[dip].value = -1000.0;
  g_assert_true (twin_historian_begin (historian, &error));
  for (guint i = 0; i < n; i += 10000)
    append (historian, id, samples + i, MIN (10000, n - i));
  g_assert_true (twin_historian_commit (historian, &error));
  g_assert_no_error (error);

  buckets = twin_historian_query (historian, id, T0_US, end_us, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (buckets->len, <=, 100);
  g_assert_cmpuint (buckets->len, >=, 50);
  for (guint i = 0; i < buckets->len; i++)
    {
      const TwinBucket *b = &g_array_index (buckets, TwinBucket, i);

      total += b->count;
      if (b->max == 1000.0)
        {
          g_assert_cmpint (b->max_t_us, ==, samples[spike].t_us);
          spike_found = TRUE;
        }
      else
        g_assert_cmpfloat (b->max, <, 7.0);
      if (b->min == -1000.0)
        {
          g_assert_cmpint (b->min_t_us, ==, samples[dip].t_us);
          dip_found = TRUE;
        }
      else
        g_assert_cmpfloat (b->min, >, 3.0);
    }
  g_assert_true (spike_found);
  g_assert_true (dip_found);
  g_assert_cmpint (total, ==, n);

  /* Zoomed in around it, the spike is still there and only once. */
  g_clear_pointer (&buckets, g_array_unref);
  buckets = twin_historian_query (historian, id, samples[spike].t_us - (gint64) 12345 * G_USEC_PER_SEC,
                                  samples[spike].t_us + (gint64) 777 * G_USEC_PER_SEC, 100, &error);
  g_assert_no_error (error);
  spike_found = FALSE;
  for (guint i = 0; i < buckets->len; i++)
    if (g_array_index (buckets, TwinBucket, i).max == 1000.0)
      {
        g_assert_false (spike_found);
        spike_found = TRUE;
      }
  g_assert_true (spike_found);
}

static void
test_duplicates (void)
{
  g_autofree char *path = new_project ("dup.dtwin");
  g_autoptr (TwinHistorian) historian = open_historian (path, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) all = NULL;
  g_autoptr (GArray) buckets = NULL;
  gint64     id = ensure (historian, "flow", "m³/h");
  TwinSample first[10];

  for (guint i = 0; i < G_N_ELEMENTS (first); i++)
    first[i] = (TwinSample){ T0_US + i * G_USEC_PER_SEC, (double) i };
  append (historian, id, first, G_N_ELEMENTS (first));

  /* A time written again keeps the last value: the old maximum goes. */
  append (historian, id, (TwinSample[]){ { T0_US + 9 * G_USEC_PER_SEC, -3.0 } }, 1);
  /* Within one batch, the later of two equal times wins. */
  append (historian, id, (TwinSample[]){ { T0_US + 2 * G_USEC_PER_SEC, 50.0 }, { T0_US + 2 * G_USEC_PER_SEC, 20.0 } },
          2);

  all = twin_historian_read (historian, id, T0_US, T0_US + DAY_US, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 10);
  g_assert_cmpfloat (g_array_index (all, TwinSample, 9).value, ==, -3.0);
  g_assert_cmpfloat (g_array_index (all, TwinSample, 2).value, ==, 20.0);

  /* One bucket of a day: the rollups saw the replacements. */
  buckets = twin_historian_query (historian, id, T0_US - DAY_US, T0_US + DAY_US, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (buckets->len, ==, 1);
  g_assert_cmpint (g_array_index (buckets, TwinBucket, 0).count, ==, 10);
  g_assert_cmpfloat (g_array_index (buckets, TwinBucket, 0).max, ==, 20.0);
  g_assert_cmpint (g_array_index (buckets, TwinBucket, 0).max_t_us, ==, T0_US + 2 * G_USEC_PER_SEC);
  g_assert_cmpfloat (g_array_index (buckets, TwinBucket, 0).min, ==, -3.0);
  assert_close (g_array_index (buckets, TwinBucket, 0).mean, (0 + 1 + 20 + 3 + 4 + 5 + 6 + 7 + 8 - 3) / 10.0);
  g_clear_object (&historian);
  check_rollups_exact (path);
}

static void
test_non_finite (void)
{
  g_autofree char *path = new_project ("nan.dtwin");
  g_autoptr (TwinHistorian) historian = open_historian (path, FALSE);
  g_autoptr (GError) error = NULL;
  gint64       id = ensure (historian, "level", "m");
  const double bad[] = { NAN, INFINITY, -INFINITY };

  append (historian, id, (TwinSample[]){ { T0_US, 1.0 } }, 1);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      TwinSample batch[] = { { T0_US + 1, 2.0 }, { T0_US + 2, bad[i] }, { T0_US + 3, 3.0 } };

      g_assert_false (twin_historian_append (historian, id, batch, G_N_ELEMENTS (batch), &error));
      g_assert_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "Sample 2"));
      g_assert_nonnull (strstr (error->message, "nothing was stored"));
      g_clear_error (&error);
    }

  /* Inside a transaction too, and the transaction goes on. */
  g_assert_true (twin_historian_begin (historian, &error));
  append (historian, id, (TwinSample[]){ { T0_US + 10, 4.0 } }, 1);
  g_assert_false (twin_historian_append (historian, id, (TwinSample[]){ { T0_US + 11, 5.0 }, { T0_US + 12, NAN } }, 2,
                                         &error));
  g_assert_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (twin_historian_commit (historian, &error));
  g_assert_no_error (error);

  /* Unknown signals are refused too. */
  g_assert_false (twin_historian_append (historian, id + 100, (TwinSample[]){ { T0_US, 1.0 } }, 1, &error));
  g_assert_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (twin_historian_query (historian, id + 100, 0, 1, 1, &error));
  g_assert_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_NOT_FOUND);

  g_clear_object (&historian);
  g_assert_cmpint (count_samples (path), ==, 2);
  check_rollups_exact (path);
}

static void
test_rollback (void)
{
  g_autofree char *path = new_project ("rollback.dtwin");
  g_autoptr (TwinHistorian) historian = open_historian (path, FALSE);
  g_autoptr (TwinHistorian) reader = open_historian (path, TRUE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) seen = NULL;
  g_autofree char *n_rollups = NULL;
  gint64           id = ensure (historian, "speed", "rpm");
  TwinSample       samples[100];

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    samples[i] = (TwinSample){ T0_US + i * MINUTE_US, i * 0.5 };

  g_assert_true (twin_historian_begin (historian, &error));
  g_assert_false (twin_historian_begin (historian, &error));
  g_assert_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_INVALID);
  g_clear_error (&error);
  append (historian, id, samples, 50);
  append (historian, id, samples + 50, 50);
  /* Not visible to others before the commit. */
  seen = twin_historian_read (reader, id, G_MININT64, G_MAXINT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, ==, 0);
  twin_historian_rollback (historian);
  g_assert_false (twin_historian_in_transaction (historian));
  twin_historian_rollback (historian); /* nothing to do */
  g_assert_false (twin_historian_commit (historian, &error));
  g_assert_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count_samples (path), ==, 0);
  n_rollups = store_test_query_text (path, "SELECT count (*) FROM rollup");
  g_assert_cmpstr (n_rollups, ==, "0");

  /* After a commit they are there for every reader. */
  g_assert_true (twin_historian_begin (historian, &error));
  append (historian, id, samples, 100);
  g_assert_true (twin_historian_commit (historian, &error));
  g_assert_no_error (error);
  g_clear_pointer (&seen, g_array_unref);
  seen = twin_historian_read (reader, id, G_MININT64, G_MAXINT64, &error);
  g_assert_cmpuint (seen->len, ==, 100);

  /* Dropping a historian mid-transaction rolls back. */
  g_assert_true (twin_historian_begin (historian, &error));
  append (historian, id, (TwinSample[]){ { T0_US + DAY_US, 1.0 } }, 1);
  g_clear_object (&historian);
  g_assert_cmpint (count_samples (path), ==, 100);
  check_rollups_exact (path);
}

static void
test_read_only (void)
{
  g_autofree char *path = new_project ("ro.dtwin");
  g_autoptr (TwinHistorian) writer = open_historian (path, FALSE);
  g_autoptr (TwinHistorian) historian = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) buckets = NULL;
  gint64 id = ensure (writer, "voltage", "V");

  append (writer, id, (TwinSample[]){ { T0_US, 230.0 } }, 1);
  g_clear_object (&writer);

  historian = open_historian (path, TRUE);
  g_assert_true (twin_historian_is_read_only (historian));
  g_assert_false (twin_historian_append (historian, id, (TwinSample[]){ { T0_US + 1, 1.0 } }, 1, &error));
  g_assert_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "ro.dtwin"));
  g_clear_error (&error);
  g_assert_cmpint (twin_historian_ensure_signal (historian, "current", "A", &error), ==, -1);
  g_assert_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (twin_historian_begin (historian, &error));
  g_assert_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (twin_historian_set_signal_binding (historian, id, "/Twin/Room", "temperature", &error));
  g_assert_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_READ_ONLY);
  g_clear_error (&error);

  /* Reading works, and a known signal is found. */
  g_assert_cmpint (twin_historian_ensure_signal (historian, "voltage", "V", &error), ==, id);
  buckets = twin_historian_query (historian, id, T0_US, T0_US + 1, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (buckets->len, ==, 1);
  g_assert_cmpfloat (g_array_index (buckets, TwinBucket, 0).mean, ==, 230.0);
  g_assert_cmpint (count_samples (path), ==, 1);
}

static void
test_signals (void)
{
  g_autofree char *path = new_project ("signals.dtwin");
  g_autoptr (TwinHistorian) historian = open_historian (path, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (TwinSignalInfo) info = NULL;
  g_autoptr (TwinSignalInfo) copy = NULL;
  gint64 b = ensure (historian, "b.temperature", "°C");
  gint64 a = ensure (historian, "a.power", "kW");

  /* The unit must match a known signal's; NULL accepts any. */
  g_assert_cmpint (twin_historian_ensure_signal (historian, "b.temperature", "K", &error), ==, -1);
  g_assert_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "b.temperature"));
  g_assert_nonnull (strstr (error->message, "°C"));
  g_clear_error (&error);
  g_assert_cmpint (ensure (historian, "b.temperature", "°C"), ==, b);
  g_assert_cmpint (ensure (historian, "b.temperature", NULL), ==, b);
  g_assert_cmpint (twin_historian_ensure_signal (historian, "", "K", &error), ==, -1);
  g_assert_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (twin_historian_set_signal_binding (historian, b, "/Twin/Room 1", "temperature", &error));
  g_assert_true (twin_historian_set_signal_description (historian, b, "Air temperature", "sensors.csv", &error));
  g_assert_true (twin_historian_set_signal_description (historian, b, NULL, "sensors-2.csv", &error));
  g_assert_no_error (error);
  g_assert_false (twin_historian_set_signal_binding (historian, 999, "/Twin", "x", &error));
  g_assert_error (error, TWIN_HISTORIAN_ERROR, TWIN_HISTORIAN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  append (historian, b, (TwinSample[]){ { T0_US + 5, 21.0 }, { T0_US - 5, 20.0 }, { T0_US, 20.5 } }, 3);

  list = twin_historian_list_signals (historian, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  info = twin_signal_info_copy (g_ptr_array_index (list, 0));
  g_assert_cmpint (info->id, ==, a);
  g_assert_cmpstr (info->name, ==, "a.power");
  g_assert_cmpint (info->n_samples, ==, 0);
  g_assert_null (info->entity_path);
  g_clear_pointer (&info, twin_signal_info_free);

  info = twin_historian_lookup_signal (historian, "b.temperature", &error);
  g_assert_no_error (error);
  copy = g_boxed_copy (TWIN_TYPE_SIGNAL_INFO, info);
  g_assert_cmpstr (copy->unit, ==, "°C");
  g_assert_cmpstr (copy->entity_path, ==, "/Twin/Room 1");
  g_assert_cmpstr (copy->property, ==, "temperature");
  g_assert_cmpstr (copy->description, ==, "Air temperature");
  g_assert_cmpstr (copy->source, ==, "sensors-2.csv");
  g_assert_cmpint (copy->n_samples, ==, 3);
  g_assert_cmpint (copy->first_us, ==, T0_US - 5);
  g_assert_cmpint (copy->last_us, ==, T0_US + 5);

  /* Unbinding and clearing. */
  g_assert_true (twin_historian_set_signal_binding (historian, b, NULL, NULL, &error));
  g_assert_true (twin_historian_set_signal_description (historian, b, "", NULL, &error));
  g_clear_pointer (&info, twin_signal_info_free);
  info = twin_historian_lookup_signal (historian, "b.temperature", &error);
  g_assert_null (info->entity_path);
  g_assert_null (info->property);
  g_assert_null (info->description);
  g_assert_cmpstr (info->source, ==, "sensors-2.csv");
}

static void
test_sample_at (void)
{
  g_autofree char *path = new_project ("cursor.dtwin");
  g_autoptr (TwinHistorian) historian = open_historian (path, FALSE);
  gint64     id = ensure (historian, "t", "°C");
  gint64     other = ensure (historian, "u", "°C");
  TwinSample s = { 0, 0 };

  append (historian, id, (TwinSample[]){ { T0_US, 1.0 }, { T0_US + HOUR_US, 2.0 }, { T0_US + 2 * HOUR_US, 3.0 } }, 3);
  append (historian, other, (TwinSample[]){ { T0_US - DAY_US, 9.0 }, { T0_US + 30 * MINUTE_US, 8.0 } }, 2);

  g_assert_false (twin_historian_sample_at (historian, id, T0_US - 1, &s));
  g_assert_true (twin_historian_sample_at (historian, id, T0_US, &s));
  g_assert_cmpint (s.t_us, ==, T0_US);
  g_assert_cmpfloat (s.value, ==, 1.0);
  g_assert_true (twin_historian_sample_at (historian, id, T0_US + HOUR_US - 1, &s));
  g_assert_cmpfloat (s.value, ==, 1.0);
  g_assert_true (twin_historian_sample_at (historian, id, T0_US + 90 * MINUTE_US, &s));
  g_assert_cmpint (s.t_us, ==, T0_US + HOUR_US);
  g_assert_cmpfloat (s.value, ==, 2.0);
  g_assert_true (twin_historian_sample_at (historian, id, G_MAXINT64, &s));
  g_assert_cmpfloat (s.value, ==, 3.0);
  /* Never another signal's sample. */
  g_assert_true (twin_historian_sample_at (historian, other, T0_US + 3 * HOUR_US, &s));
  g_assert_cmpfloat (s.value, ==, 8.0);
  g_assert_false (twin_historian_sample_at (historian, other, T0_US - 2 * DAY_US, &s));
  g_assert_false (twin_historian_sample_at (historian, 12345, T0_US, &s));
}

/* The killed writer ------------------------------------------------------- */

#define KILL_BATCH 1000
#define KILL_BATCHES 20

/* The samples of transaction @n of round @round: half of the batches in
 * order after the last, half scattered over 30 years before (duplicates). */
static void
kill_transaction (GRand      *rand,
                  guint       round,
                  guint       n,
                  TwinSample *samples)
{
  for (guint b = 0; b < KILL_BATCHES; b++)
    for (guint i = 0; i < KILL_BATCH; i++)
      {
        gint64 t = (b % 2 == 0)
                     ? T0_US + (((gint64) round << 32) + (gint64) (n * KILL_BATCHES + b) * KILL_BATCH + i) * G_USEC_PER_SEC
                     : T0_US - (gint64) g_rand_int_range (rand, 0, 1 << 20) * 1000 * G_USEC_PER_SEC;

        samples[b * KILL_BATCH + i] = (TwinSample){ t, g_rand_double (rand) };
      }
}

/* Child: appends transactions of KILL_BATCHES batches and logs each commit, until killed. */
static int
kill_child (const char *path,
            guint       round,
            const char *log_path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinHistorian) historian = twin_historian_open (path, FALSE, &error);
  g_autoptr (GRand) rand = g_rand_new_with_seed (round);
  g_autofree TwinSample *samples = g_new (TwinSample, KILL_BATCH * KILL_BATCHES);
  gint64                 id;
  FILE                  *log;

  if (historian == NULL)
    g_error ("%s", error->message);
  id = twin_historian_ensure_signal (historian, "killed", "", &error);
  if (id < 0)
    g_error ("%s", error->message);
  log = fopen (log_path, "w");
  setvbuf (log, NULL, _IONBF, 0);
  fprintf (log, "open\n");
  for (guint n = 1;; n++)
    {
      kill_transaction (rand, round, n, samples);
      if (!twin_historian_begin (historian, &error))
        g_error ("%s", error->message);
      for (guint b = 0; b < KILL_BATCHES; b++)
        if (!twin_historian_append (historian, id, samples + b * KILL_BATCH, KILL_BATCH, &error))
          g_error ("%s", error->message);
      if (!twin_historian_commit (historian, &error))
        g_error ("%s", error->message);
      fprintf (log, "committed %u\n", n);
    }
  return 0;
}

static guint
read_commits (const char *log_path)
{
  g_autofree char *text = NULL;
  const char      *last;

  if (!g_file_get_contents (log_path, &text, NULL, NULL))
    return 0;
  last = g_strrstr (text, "committed ");
  return last != NULL ? (guint) g_ascii_strtoull (last + strlen ("committed "), NULL, 10) : 0;
}

static gboolean
same_samples (const GArray *a,
              const GArray *b)
{
  return a->len == b->len && memcmp (a->data, b->data, a->len * sizeof (TwinSample)) == 0;
}

static void
test_killed_writer (void)
{
  g_autofree char *path = new_project ("killed.dtwin");
  g_autofree char *log_path = store_test_path ("killed.log");
  g_autoptr (GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autofree TwinSample *samples = g_new (TwinSample, KILL_BATCH * KILL_BATCHES);
  g_autoptr (Truth) truth = truth_new (0);

  for (guint round = 1; round <= 3; round++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GSubprocess) child = NULL;
      g_autoptr (TwinHistorian) historian = NULL;
      g_autoptr (TwinSignalInfo) info = NULL;
      g_autoptr (GArray) found = NULL;
      g_autoptr (GRand) replay = g_rand_new_with_seed (round);
      g_autofree char *round_text = g_strdup_printf ("%u", round);
      g_autoptr (GArray) after_n = NULL;
      guint  commits;
      gint64 waited_us = 0;

      g_remove (log_path);
      child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_exe, "--kill-child", path, round_text,
                                log_path, NULL);
      g_assert_no_error (error);
      /* Kill it while it writes: after its first commit, at a random point of a later transaction. */
      while (read_commits (log_path) < 1 && waited_us < 60 * G_USEC_PER_SEC)
        {
          g_usleep (2000);
          waited_us += 2000;
        }
      g_usleep (g_rand_int_range (rand, 1, 300) * 1000);
      g_subprocess_force_exit (child);
      g_subprocess_wait (child, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_signaled (child));
      g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
      commits = read_commits (log_path);
      g_assert_cmpuint (commits, >=, 1);

      /* The file holds exactly its logged commits, or one more, never part of one. */
      historian = open_historian (path, FALSE);
      info = twin_historian_lookup_signal (historian, "killed", &error);
      g_assert_no_error (error);
      found = twin_historian_read (historian, info->id, G_MININT64, G_MAXINT64, &error);
      g_assert_no_error (error);
      g_assert_cmpint (info->n_samples, ==, found->len);
      truth->id = info->id;
      g_clear_object (&historian);

      for (guint n = 1; n <= commits; n++)
        {
          kill_transaction (replay, round, n, samples);
          truth_add (truth, samples, KILL_BATCH * KILL_BATCHES);
        }
      truth_sort (truth);
      after_n = g_array_copy (truth->sorted);
      if (!same_samples (found, after_n))
        {
          kill_transaction (replay, round, commits + 1, samples);
          truth_add (truth, samples, KILL_BATCH * KILL_BATCHES);
          truth_sort (truth);
          g_assert_true (same_samples (found, truth->sorted));
          commits++;
        }
      g_test_message ("round %u: %u transactions kept, %u samples in all", round, commits, found->len);
      check_rollups_exact (path);
    }
}

int
main (int   argc,
      char *argv[])
{
  self_exe = g_file_read_link ("/proc/self/exe", NULL);

  if (argc == 5 && g_str_equal (argv[1], "--kill-child"))
    return kill_child (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10), argv[4]);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/history/open-fresh", test_open_fresh);
  g_test_add_func ("/core/history/old-file", test_old_file);
  g_test_add_func ("/core/history/not-project", test_not_project);
  g_test_add_func ("/core/history/rollups-random", test_rollups_random);
  g_test_add_func ("/core/history/base-level-random", test_base_level_random);
  g_test_add_func ("/core/history/sparse-size", test_sparse_size);
  g_test_add_func ("/core/history/spike", test_spike);
  g_test_add_func ("/core/history/duplicates", test_duplicates);
  g_test_add_func ("/core/history/non-finite", test_non_finite);
  g_test_add_func ("/core/history/rollback", test_rollback);
  g_test_add_func ("/core/history/read-only", test_read_only);
  g_test_add_func ("/core/history/signals", test_signals);
  g_test_add_func ("/core/history/sample-at", test_sample_at);
  g_test_add_func ("/core/history/killed-writer", test_killed_writer);

  return g_test_run ();
}
