/* test-crash.c: crash safety: a process editing a project is killed with SIGKILL at random points.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The child (this program run as `--crash-child PATH SEED LOG`) opens the
 * project and makes a long, seeded, random sequence of edits (create,
 * rename, set a parameter, move, reorder, duplicate, delete, set a
 * transform, undo, redo, and the diagram's: connect, disconnect, expose a
 * port, place blocks, group, ungroup, paste, delete several). After each edit returns it appends the number of
 * committed edits to LOG with one write(2). The parent kills it after a
 * random delay, then requires that the file reopens (read-only and for
 * writing), passes SQLite's integrity check, and holds exactly the twin
 * after the last reported edit or after one more (an edit can commit just
 * before the kill, its report not yet written). The parent knows those two
 * states by replaying the same seeded sequence in memory from the state
 * the round started with. Rounds follow each other on the same file.
 *
 * Entities are picked by their place in the tree, never by id, so the
 * replay makes the same choices although new entities get new random ids;
 * the comparison therefore leaves ids out.
 */

#include "config.h"

#include "store-test-util.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

/* Rounds of spawn, edit, kill, check; the delays keep the whole test near 4 s. */
#define N_ROUNDS 16
#define MAX_DELAY_MS 350
#define MAX_ATTEMPTS 1000000
/* Bounds on the tree, so duplicates cannot make it explode. */
#define MAX_ENTITIES 150
#define MIN_ENTITIES 6

static char             *self_exe;

/* How often each op of random_edit() was kept, in this process. */
static guint             n_kept[30];

static const char *const create_types[] = { "room", "heater", "sensor", "lamp", "asset", "custom-part" };

static void
collect_preorder (TwinEntity *entity,
                  GPtrArray  *out)
{
  g_ptr_array_add (out, entity);
  for (guint i = 0; i < twin_entity_get_n_children (entity); i++)
    collect_preorder (twin_entity_get_child (entity, i), out);
}

/* A value for @parameter drawn from @r; sometimes just outside its range,
 * so refused edits are part of the sequence too. */
static GVariant *
random_value (TwinParameter *parameter,
              guint          attempt,
              guint32        r,
              guint32        r_out)
{
  double minimum = twin_parameter_get_minimum (parameter);
  double maximum = twin_parameter_get_maximum (parameter);
  double lo = isfinite (minimum) ? minimum : -1000;
  double hi = isfinite (maximum) ? maximum : 1000;
  double fraction = r / 4294967296.0;

  switch (twin_parameter_get_kind (parameter))
    {
    case TWIN_VALUE_NUMBER:
      if (r_out % 7 == 0)
        return g_variant_new_double (hi + 1);
      return g_variant_new_double (lo + (hi - lo) * fraction);
    case TWIN_VALUE_INTEGER:
      lo = MAX (lo, -1e6);
      hi = MIN (hi, 1e6);
      return g_variant_new_int64 ((gint64) ceil (lo) + (gint64) (r % (guint32) (floor (hi) - ceil (lo) + 1)));
    case TWIN_VALUE_BOOLEAN:
      return g_variant_new_boolean (!twin_parameter_get_boolean (parameter));
    case TWIN_VALUE_STRING:
    default:
      {
        g_autofree char *text = g_strdup_printf ("S%u", attempt);

        return g_variant_new_string (text);
      }
    }
}

/* The @r-th entity of @entities that has at least @min_children children
 * (counting on from @r), or NULL. */
static TwinEntity *
pick_parent (GPtrArray *entities,
             guint32    r,
             guint      min_children)
{
  for (guint i = 0; i < entities->len; i++)
    {
      TwinEntity *entity = g_ptr_array_index (entities, (r + i) % entities->len);

      if (twin_entity_get_n_children (entity) >= min_children)
        return entity;
    }
  return NULL;
}

/* A port name of @entity chosen by @r, or NULL when it has none. */
static const char *
pick_port (TwinEntity *entity,
           guint32     r)
{
  guint        n = twin_entity_get_n_ports (entity);
  TwinPortInfo info;

  if (n == 0 || !twin_entity_get_port (entity, r % n, &info))
    return NULL;
  return info.name;
}

/* The diagram edits: ops 20 to 29 of random_edit(). */
static gboolean
random_diagram_edit (TwinModel *model,
                     GPtrArray *entities,
                     guint32    op,
                     guint32    r1,
                     guint32    r2,
                     guint32    r3,
                     guint32    r4,
                     GError   **error)
{
  TwinEntity *parent;

  switch (op)
    {
    case 20:
    case 21:
    case 22:
      {
        TwinEntity *a, *b;
        guint       n;
        const char *port_a;
        const char *port_b;

        if ((parent = pick_parent (entities, r1, 2)) == NULL)
          return FALSE;
        n = twin_entity_get_n_children (parent);
        a = twin_entity_get_child (parent, r2 % n);
        b = twin_entity_get_child (parent, (r2 % n + 1 + r3 % (n - 1)) % n);
        port_a = pick_port (a, r3 >> 8);
        port_b = pick_port (b, r4);
        if (port_a == NULL || port_b == NULL)
          return FALSE;
        /* Often refused (other domains, a taken input): part of the test. */
        return twin_model_connect (model, a, port_a, b, port_b, error) != NULL;
      }

    case 23:
      for (guint i = 0; i < entities->len; i++)
        {
          TwinEntity *entity = g_ptr_array_index (entities, (r1 + i) % entities->len);
          guint       n = twin_entity_get_n_connections (entity);
          g_autoptr (TwinConnection) connection = NULL;

          if (n == 0)
            continue;
          connection = g_list_model_get_item (twin_entity_get_connections (entity), r2 % n);
          return twin_model_disconnect (model, connection, error);
        }
      return FALSE;

    case 24:
      {
        TwinEntity *inner;
        const char *port;

        if ((parent = pick_parent (entities, r1, 1)) == NULL)
          return FALSE;
        inner = twin_entity_get_child (parent, r2 % twin_entity_get_n_children (parent));
        if ((port = pick_port (inner, r3)) == NULL)
          return FALSE;
        return twin_model_expose_port (model, parent, inner, port, NULL, error);
      }

    case 25:
      {
        TwinEntity *blocks[3];
        double      xy[6];
        guint       n = 1 + r4 % 3;

        for (guint i = 0; i < n; i++)
          {
            blocks[i] = g_ptr_array_index (entities, (r1 + i * 7) % entities->len);
            xy[2 * i] = (double) ((r2 >> i) % 2001) - 1000.0;
            xy[2 * i + 1] = (double) ((r3 >> i) % 4001) / 4.0;
          }
        /* Refused when a block is the root or appears twice. */
        return twin_model_place_blocks (model, blocks, xy, n, error);
      }

    case 26:
      {
        TwinEntity *children[2];
        guint       n;

        if ((parent = pick_parent (entities, r1, 2)) == NULL)
          return FALSE;
        n = twin_entity_get_n_children (parent);
        children[0] = twin_entity_get_child (parent, r2 % (n - 1));
        children[1] = twin_entity_get_child (parent, r2 % (n - 1) + 1);
        return twin_model_group (model, children, 2, NULL, error) != NULL;
      }

    case 27:
      for (guint i = 0; i < entities->len; i++)
        {
          TwinEntity *entity = g_ptr_array_index (entities, (r1 + i) % entities->len);

          if (twin_entity_get_parent (entity) != NULL &&
              g_strcmp0 (twin_entity_get_type_name (entity), "subsystem") == 0)
            return twin_model_ungroup (model, entity, error);
        }
      return FALSE;

    case 28:
      {
        TwinEntity *sources[2];
        guint       n;
        g_autoptr (GPtrArray) copies = NULL;

        if ((parent = pick_parent (entities, r1, 2)) == NULL)
          return FALSE;
        n = twin_entity_get_n_children (parent);
        sources[0] = twin_entity_get_child (parent, r2 % n);
        sources[1] = twin_entity_get_child (parent, (r2 + 1) % n);
        copies = twin_model_paste_copies (model, parent, sources, 2, 20, 20, error);
        return copies != NULL;
      }

    default: /* 29 */
      {
        TwinEntity *doomed[2];

        doomed[0] = g_ptr_array_index (entities, r1 % entities->len);
        doomed[1] = g_ptr_array_index (entities, r2 % entities->len);
        return twin_model_delete_many (model, doomed, 2, error);
      }
    }
}

/* Makes edit number @attempt of the sequence @rand draws. Returns TRUE when
 * the model kept it (for a project: the file committed it). An edit the
 * model refuses returns FALSE with no error; any other failure is left in
 * @error. The same state and the same @rand make the same edit. */
static gboolean
random_edit (TwinModel *model,
             GRand     *rand,
             guint      attempt,
             GError   **error)
{
  g_autoptr (GPtrArray) entities = g_ptr_array_new ();
  g_autoptr (GError) local_error = NULL;
  g_autofree char *name = NULL;
  guint32          op = g_rand_int_range (rand, 0, 30);
  guint32          r1 = g_rand_int (rand);
  guint32          r2 = g_rand_int (rand);
  guint32          r3 = g_rand_int (rand);
  guint32          r4 = g_rand_int (rand);
  TwinEntity      *target;
  gboolean         ok = FALSE;
  guint            n;

  collect_preorder (twin_model_get_root (model), entities);
  n = entities->len;
  target = g_ptr_array_index (entities, r1 % n);

  /* Keep the tree between its bounds. */
  if (n >= MAX_ENTITIES && (op < 4 || op == 17 || op == 26 || op == 28))
    op = 11;
  else if (n <= MIN_ENTITIES && (op == 11 || op == 12 || op == 29))
    op = 0;

  switch (op)
    {
    case 0:
    case 1:
    case 2:
    case 3:
      {
        guint n_children = twin_entity_get_n_children (target);

        if (r3 % 3 != 0)
          name = g_strdup_printf ("E%u", attempt);
        ok = twin_model_create_entity (model, target, create_types[r2 % G_N_ELEMENTS (create_types)], name,
                                       (int) (r4 % (n_children + 2)) - 1, &local_error) != NULL;
      }
      break;

    case 4:
    case 5:
      name = r2 % 4 == 0 ? g_strdup ("Clash") : g_strdup_printf ("R%u", attempt);
      ok = twin_model_rename (model, target, name, &local_error);
      break;

    case 6:
    case 7:
    case 8:
      for (guint i = 0; i < n; i++)
        {
          TwinEntity *entity = g_ptr_array_index (entities, (r1 + i) % n);
          guint       n_parameters = twin_entity_get_n_parameters (entity);
          g_autoptr (TwinParameter) parameter = NULL;

          if (n_parameters == 0)
            continue;
          parameter = g_list_model_get_item (twin_entity_get_parameters (entity), r2 % n_parameters);
          ok = twin_model_set_parameter (model, entity, twin_parameter_get_name (parameter),
                                         random_value (parameter, attempt, r3, r4), &local_error);
          break;
        }
      break;

    case 9:
    case 10:
      {
        TwinEntity *new_parent = g_ptr_array_index (entities, r2 % n);

        ok = twin_model_move (model, target, new_parent,
                              (int) (r3 % (twin_entity_get_n_children (new_parent) + 1)), &local_error);
      }
      break;

    case 11:
    case 12:
      ok = twin_model_delete (model, target, &local_error);
      break;

    case 13:
    case 14:
      ok = twin_model_undo (model, &local_error);
      break;

    case 15:
      ok = twin_model_redo (model, &local_error);
      break;

    case 16:
      {
        TwinTransform t;

        twin_transform_init_identity (&t);
        t.position_m[r2 % 3] = (double) (r3 % 20001) / 100.0 - 100.0;
        t.rotation_deg[r3 % 3] = (double) (r4 % 3600) / 10.0;
        t.scale[r4 % 3] = 0.5 + (double) (r2 % 100) / 50.0;
        ok = twin_model_set_transform (model, target, &t, &local_error);
      }
      break;

    case 17:
      ok = twin_model_duplicate (model, target, &local_error) != NULL;
      break;

    case 18:
    case 19:
      if (twin_entity_get_parent (target) != NULL)
        ok = twin_model_reorder (model, target,
                                 r2 % twin_entity_get_n_children (twin_entity_get_parent (target)), &local_error);
      else
        ok = twin_model_reorder (model, target, 0, &local_error); /* refused: the root */
      break;

    default: /* 20 … 29 */
      ok = random_diagram_edit (model, entities, op, r1, r2, r3, r4, &local_error);
      break;
    }

  if (!ok && local_error != NULL && local_error->domain != TWIN_MODEL_ERROR)
    g_propagate_error (error, g_steal_pointer (&local_error));
  if (ok)
    n_kept[op]++;
  return ok;
}

static void
write_log (int         fd,
           const char *text)
{
  gsize length = strlen (text);

  /* One write(2) per line: a kill lands before or after it, not inside. */
  if (write (fd, text, length) != (gssize) length)
    _exit (4);
}

/* The child: edits @path until it is killed. */
static int
crash_child (const char *path,
             guint32     seed,
             const char *log_path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinProject) project = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  TwinModel *model;
  guint      committed = 0;
  int        fd;

  fd = open (log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    return 2;
  project = twin_project_open (path, FALSE, &error);
  if (project == NULL)
    {
      g_autofree char *line = g_strdup_printf ("error %s\n", error->message);

      write_log (fd, line);
      return 3;
    }
  model = twin_project_get_model (project);
  write_log (fd, "0\n");

  for (guint attempt = 0; attempt < MAX_ATTEMPTS; attempt++)
    {
      gboolean ok = random_edit (model, rand, attempt, &error);

      if (error != NULL)
        {
          g_autofree char *line = g_strdup_printf ("error %s\n", error->message);

          write_log (fd, line);
          return 3;
        }
      if (ok)
        {
          char line[32];

          committed++;
          g_snprintf (line, sizeof line, "%u\n", committed);
          write_log (fd, line);
        }
    }
  write_log (fd, "done\n");
  return 0;
}

/* The last complete line of the child's log: the count of committed edits,
 * or -1 when it never got to edit. */
static int
read_last_count (const char *log_path,
                 char      **contents_out)
{
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  int count = -1;

  if (!g_file_get_contents (log_path, &contents, NULL, NULL))
    return -1;
  lines = g_strsplit (contents, "\n", -1);
  /* The last element follows the last newline: an incomplete line, or "". */
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      guint64 value;

      if (g_ascii_string_to_unsigned (lines[i], 10, 0, G_MAXINT, &value, NULL))
        count = (int) value;
      else
        g_error ("the child wrote “%s”", lines[i]);
    }
  *contents_out = g_steal_pointer (&contents);
  return count;
}

/* Replays the child's sequence from @start and dumps the twin after
 * @n_commits committed edits and after @n_commits + 1. */
static void
replay (TwinEntity *start,
        guint32     seed,
        int         n_commits,
        char      **after_n,
        char      **after_n_plus_1)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinModel) model = twin_model_new (start);
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  guint committed = 0;

  n_commits = MAX (n_commits, 0);
  if (n_commits == 0)
    *after_n = store_test_dump (twin_model_get_root (model), FALSE);

  for (guint attempt = 0; attempt < MAX_ATTEMPTS && committed < (guint) n_commits + 1; attempt++)
    {
      if (!random_edit (model, rand, attempt, &error))
        {
          g_assert_no_error (error);
          continue;
        }
      committed++;
      if (committed == (guint) n_commits)
        *after_n = store_test_dump (twin_model_get_root (model), FALSE);
    }
  g_assert_cmpuint (committed, ==, (guint) n_commits + 1);
  *after_n_plus_1 = store_test_dump (twin_model_get_root (model), FALSE);
}

/* Waits (at most 10 s) until the child's log has its first line. */
static void
wait_for_open (const char *log_path)
{
  gint64   deadline_us = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GStatBuf st;

  while (g_stat (log_path, &st) != 0 || st.st_size == 0)
    {
      if (g_get_monotonic_time () > deadline_us)
        g_error ("the child did not open the project within 10 s");
      g_usleep (1000);
    }
}

static TwinEntity *
load_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinStore) store = twin_store_open (path, TWIN_STORE_FLAGS_READ_ONLY, &error);
  TwinEntity *root;

  g_assert_no_error (error);
  root = twin_store_load_root (store, &error);
  g_assert_no_error (error);
  return root;
}

static void
test_sigkill (void)
{
  g_autofree char *path = store_test_path ("crash.dtwin");
  g_autofree char *log_path = store_test_path ("crash.log");
  g_autoptr (TwinEntity) initial = store_test_build_tree (3);
  guint  total_commits = 0;
  guint  rounds_with_edits = 0;
  guint  rounds_one_more = 0;
  gint64 start_us = g_get_monotonic_time ();

  store_test_create_file (path, initial);

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GSubprocess) child = NULL;
      g_autoptr (TwinEntity) start = load_file (path);
      g_autoptr (TwinEntity) reread = NULL;
      g_autoptr (TwinProject) project = NULL;
      g_autofree char *seed_text = NULL;
      g_autofree char *log_contents = NULL;
      g_autofree char *after_n = NULL;
      g_autofree char *after_n_plus_1 = NULL;
      g_autofree char *found = NULL;
      g_autofree char *check = NULL;
      guint32          seed = (guint32) g_test_rand_int ();
      /* The first round dies at once, often inside the open; the rest at random. */
      guint            delay_ms = round == 0 ? 0 : (guint) g_test_rand_int_range (1, MAX_DELAY_MS);
      int              n_commits;

      g_remove (log_path);
      seed_text = g_strdup_printf ("%" G_GUINT32_FORMAT, seed);
      child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_exe, "--crash-child", path, seed_text,
                                log_path, NULL);
      g_assert_no_error (error);
      /* Later rounds start the clock once the child has the project open, so
       * a slow machine still kills it while it edits. */
      if (round > 0)
        wait_for_open (log_path);
      g_usleep (delay_ms * 1000);
      g_subprocess_force_exit (child);
      g_subprocess_wait (child, NULL, &error);
      g_assert_no_error (error);

      n_commits = read_last_count (log_path, &log_contents);
      if (!g_subprocess_get_if_signaled (child) || g_subprocess_get_term_sig (child) != SIGKILL)
        g_error ("round %u: the child ended by itself before the kill; its log:\n%s", round,
                 log_contents != NULL ? log_contents : "(none)");

      /* The file reopens: for a reader beside nobody, then for a writer. */
      reread = load_file (path);
      project = twin_project_open (path, FALSE, &error);
      g_assert_no_error (error);
      found = store_test_dump (twin_model_get_root (twin_project_get_model (project)), FALSE);
      twin_project_close (project);
      check = store_test_query_text (path, "PRAGMA integrity_check");
      g_assert_cmpstr (check, ==, "ok");

      /* It holds every committed edit and no half edit. */
      replay (start, seed, n_commits, &after_n, &after_n_plus_1);
      if (g_strcmp0 (found, after_n) != 0 && g_strcmp0 (found, after_n_plus_1) != 0)
        g_error ("round %u (seed %s, killed after %u ms, %d edits reported): the file holds neither "
                 "the state after edit %d nor after edit %d.\nFile:\n%s\nAfter %d:\n%s",
                 round, seed_text, delay_ms, n_commits, MAX (n_commits, 0), n_commits + 1, found,
                 MAX (n_commits, 0), after_n);

      g_test_message ("round %u: killed after %u ms, %d edits reported, file has %s", round, delay_ms, n_commits,
                      g_strcmp0 (found, after_n) == 0 ? "exactly those" : "one more");
      if (n_commits > 0)
        {
          total_commits += (guint) n_commits;
          rounds_with_edits++;
        }
      if (g_strcmp0 (found, after_n) != 0)
        rounds_one_more++;
    }

  g_test_message ("%u rounds, %u committed edits in all, %u kills between a commit and its report, %.1f s",
                  N_ROUNDS, total_commits, rounds_one_more, (g_get_monotonic_time () - start_us) / 1e6);
  /* The kills must have hit a child that was editing, or nothing was tested. */
  g_assert_cmpuint (rounds_with_edits, >=, N_ROUNDS / 2);
  g_assert_cmpuint (total_commits, >=, N_ROUNDS);
}

/* The replay itself is deterministic: the same seed gives the same twin. */
static void
test_replay_deterministic (void)
{
  g_autoptr (TwinEntity) a = store_test_build_tree (3);
  g_autoptr (TwinEntity) b = twin_entity_copy_subtree (a, FALSE);
  g_autofree char *a_n = NULL, *a_n1 = NULL, *b_n = NULL, *b_n1 = NULL;
  g_autofree char *start = store_test_dump (a, FALSE);

  replay (a, 1234, 300, &a_n, &a_n1);
  memset (n_kept, 0, sizeof n_kept);
  replay (b, 1234, 300, &b_n, &b_n1);
  g_assert_cmpstr (a_n, ==, b_n);
  g_assert_cmpstr (a_n1, ==, b_n1);
  g_assert_cmpstr (a_n, !=, a_n1);
  g_assert_cmpstr (a_n, !=, start);

  /* The sequence really wires, places, groups and ungroups. */
  g_test_message ("kept: connect %u, disconnect %u, expose %u, place %u, group %u, ungroup %u, paste %u, delete many %u",
                  n_kept[20] + n_kept[21] + n_kept[22], n_kept[23], n_kept[24], n_kept[25], n_kept[26], n_kept[27],
                  n_kept[28], n_kept[29]);
  g_assert_cmpuint (n_kept[20] + n_kept[21] + n_kept[22], >, 0);
  for (guint op = 23; op < 30; op++)
    g_assert_cmpuint (n_kept[op], >, 0);
}

int
main (int   argc,
      char *argv[])
{
  self_exe = g_file_read_link ("/proc/self/exe", NULL);

  if (argc == 5 && g_str_equal (argv[1], "--crash-child"))
    return crash_child (argv[2], (guint32) g_ascii_strtoull (argv[3], NULL, 10), argv[4]);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/store/crash/replay-deterministic", test_replay_deterministic);
  g_test_add_func ("/core/store/crash/sigkill", test_sigkill);

  return g_test_run ();
}
