/* test-twinctl.c: runs the built twinctl as a user would and checks its exit status, output and files.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every case runs the real executable (its path comes from $TWINCTL, set by
 * tests/meson.build, or from the first argument) with g_spawn_sync in a
 * fresh temporary folder, under LC_ALL=C.UTF-8 so the output is untranslated
 * and the tree is drawn with box-drawing characters. Every run, good or bad,
 * must end with an exit status, never a signal. Golden outputs live in
 * tests/data/cli/.
 */

#define G_LOG_DOMAIN "test-twinctl"

#include "config.h"

#include "twin-core.h"
#include "twin-test-util.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include <string.h>
#include <sys/wait.h>

static const char *twinctl_path;

typedef struct
{
  int   exit_status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

typedef struct
{
  char *dir; /* a fresh folder, removed after the case */
} Fixture;

/* Runs twinctl with @args in @dir. @locale is LC_ALL for the child. */
static void
run_twinctl_in_locale (Run               *run,
                       const char        *dir,
                       const char        *locale,
                       const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (GStrv) envp = g_get_environ ();
  g_autoptr (GError) error = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, (gpointer) twinctl_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_setenv (envp, "LC_ALL", locale, TRUE);
  envp = g_environ_unsetenv (envp, "LANGUAGE");

  run_clear (run);
  g_spawn_sync (dir, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);

  /* Whatever the input, twinctl ends by itself: no crash, no abort. */
  if (WIFSIGNALED (wait_status))
    g_error ("twinctl was killed by signal %d; stderr: %s", WTERMSIG (wait_status), run->err);
  g_assert_true (WIFEXITED (wait_status));
  run->exit_status = WEXITSTATUS (wait_status);
}

#define RUN(run, dir, ...) \
  run_twinctl_in_locale ((run), (dir), "C.UTF-8", (const char *const[]){ __VA_ARGS__, NULL })

static void
assert_success (const Run *run)
{
  if (run->exit_status != 0)
    g_error ("twinctl failed with status %d: %s", run->exit_status, run->err);
  g_assert_cmpstr (run->err, ==, "");
}

/* A user error: status 1 and exactly one line "twinctl: …" on stderr, naming @needle. */
static void
assert_user_error (const Run  *run,
                   const char *needle)
{
  const char *newline;

  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->exit_status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "twinctl: "));
  newline = strchr (run->err, '\n');
  g_assert_nonnull (newline);
  g_assert_cmpint (newline[1], ==, '\0');
  g_assert_cmpuint (strlen (run->err), >, strlen ("twinctl: \n") + 5);
  if (needle != NULL)
    g_assert_nonnull (strstr (run->err, needle));
}

/* Wrong usage: status 2, a message and a hint to --help. */
static void
assert_usage_error (const Run *run)
{
  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->exit_status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "twinctl: "));
  g_assert_nonnull (strstr (run->err, "--help"));
}

static char *
dup_data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "cli", name, NULL);
}

static char *
read_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static char *
in_dir (Fixture    *fixture,
        const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static void
write_in_dir (Fixture    *fixture,
              const char *name,
              const char *contents,
              gssize      length)
{
  g_autofree char *path = in_dir (fixture, name);

  twin_test_write_file (path, contents, length < 0 ? strlen (contents) : (gsize) length);
}

/* Runs a statement on a plain SQLite database, to make files of other applications. */
static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char    *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static void
remove_tree (const char *path)
{
  GDir       *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

/* How many names the fixture's folder holds, hidden ones included. */
static guint
count_files (Fixture *fixture)
{
  g_autoptr (GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;
  guint       n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_test_message ("in the folder: %s", name);
      n++;
    }
  return n;
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("twinctl-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

/* Creates small.dtwin in the fixture's folder from the fixture model. */
static void
make_small_project (Fixture *fixture)
{
  g_auto (Run) run = { 0 };
  g_autofree char *json = dup_data_path ("small.json");

  RUN (&run, fixture->dir, "new", "small.dtwin", "--from-json", json);
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "");
}

/* --- usage ------------------------------------------------------------ */

static void
test_help (Fixture      *fixture,
           gconstpointer data)
{
  g_auto (Run) run = { 0 };
  const char *const commands[] = { "new", "info", "tree", "export-json", "import-json", "validate" };

  RUN (&run, fixture->dir, "--help");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "twinctl"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_assert_nonnull (strstr (run.out, commands[i]));

  RUN (&run, fixture->dir, "-h");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "import-json"));

  /* COMMAND --help prints that command's usage. */
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *usage = g_strdup_printf ("twinctl %s [OPTION", commands[i]);

      RUN (&run, fixture->dir, commands[i], "--help");
      assert_success (&run);
      g_test_message ("%s", run.out);
      g_assert_nonnull (strstr (run.out, usage));
    }

  RUN (&run, fixture->dir, "new", "--help");
  g_assert_nonnull (strstr (run.out, "--from-json"));
  RUN (&run, fixture->dir, "info", "--help");
  g_assert_nonnull (strstr (run.out, "--json"));
  RUN (&run, fixture->dir, "export-json", "--help");
  g_assert_nonnull (strstr (run.out, "--output"));
  RUN (&run, fixture->dir, "validate", "--help");
  g_assert_nonnull (strstr (run.out, "--json"));
}

static void
test_version (Fixture      *fixture,
              gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *expected = g_strdup_printf ("twinctl %s\n", PACKAGE_VERSION);

  RUN (&run, fixture->dir, "--version");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, expected);
}

static void
test_usage_errors (Fixture      *fixture,
                   gconstpointer data)
{
  g_auto (Run) run = { 0 };

  /* No command, an unknown command. */
  run_twinctl_in_locale (&run, fixture->dir, "C.UTF-8", (const char *const[]){ NULL });
  assert_usage_error (&run);
  RUN (&run, fixture->dir, "frobnicate", "x.dtwin");
  assert_usage_error (&run);
  g_assert_nonnull (strstr (run.err, "frobnicate"));

  /* Missing arguments. */
  RUN (&run, fixture->dir, "new");
  assert_usage_error (&run);
  g_assert_nonnull (strstr (run.err, "FILE"));
  RUN (&run, fixture->dir, "info");
  assert_usage_error (&run);
  RUN (&run, fixture->dir, "tree");
  assert_usage_error (&run);
  RUN (&run, fixture->dir, "export-json");
  assert_usage_error (&run);
  RUN (&run, fixture->dir, "import-json", "x.dtwin");
  assert_usage_error (&run);
  g_assert_nonnull (strstr (run.err, "MODEL.json"));
  RUN (&run, fixture->dir, "validate");
  assert_usage_error (&run);
  g_assert_nonnull (strstr (run.err, "FILE"));
  RUN (&run, fixture->dir, "validate", "--json");
  assert_usage_error (&run);
  RUN (&run, fixture->dir, "validate", "");
  assert_usage_error (&run);
  RUN (&run, fixture->dir, "validate", "a.dtwin", "b.dtwin");
  assert_usage_error (&run);
  g_assert_nonnull (strstr (run.err, "b.dtwin"));
  RUN (&run, fixture->dir, "validate", "--bogus", "x.dtwin");
  assert_usage_error (&run);
  g_assert_nonnull (strstr (run.err, "twinctl validate --help"));
  RUN (&run, fixture->dir, "new", "x.dtwin", "--from-json");
  assert_usage_error (&run);
  RUN (&run, fixture->dir, "export-json", "x.dtwin", "-o");
  assert_usage_error (&run);
  RUN (&run, fixture->dir, "info", "");
  assert_usage_error (&run);

  /* Too many arguments. */
  RUN (&run, fixture->dir, "info", "a.dtwin", "b.dtwin");
  assert_usage_error (&run);
  g_assert_nonnull (strstr (run.err, "b.dtwin"));

  /* Unknown options, global and per command. */
  RUN (&run, fixture->dir, "--bogus");
  assert_usage_error (&run);
  RUN (&run, fixture->dir, "info", "--bogus", "x.dtwin");
  assert_usage_error (&run);
  g_assert_nonnull (strstr (run.err, "--bogus"));
  g_assert_nonnull (strstr (run.err, "twinctl info --help"));
  RUN (&run, fixture->dir, "tree", "--json", "x.dtwin");
  assert_usage_error (&run);

  /* A usage error never creates a file. */
  {
    g_autofree char *path = in_dir (fixture, "x.dtwin");

    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }
}

/* --- new ---------------------------------------------------------------- */

static void
test_new_default (Fixture      *fixture,
                  gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *path = in_dir (fixture, "Office Building.dtwin");

  RUN (&run, fixture->dir, "new", "Office Building.dtwin");
  assert_success (&run);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* One system named after the file, readable by the core. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (TwinStore) store = twin_store_open (path, TWIN_STORE_FLAGS_READ_ONLY, &error);
    g_autoptr (TwinEntity) root = NULL;

    g_assert_no_error (error);
    root = twin_store_load_root (store, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (twin_entity_get_name (root), ==, "Office Building");
    g_assert_cmpstr (twin_entity_get_type_name (root), ==, "system");
    g_assert_cmpuint (twin_entity_get_n_children (root), ==, 0);
  }

  RUN (&run, fixture->dir, "tree", "Office Building.dtwin");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "Office Building (system)\n");

  /* No temporary file or SQLite sidecar is left beside it. */
  g_assert_cmpuint (count_files (fixture), ==, 1);
}

static void
test_new_exists (Fixture      *fixture,
                 gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *path = in_dir (fixture, "notes.dtwin");
  g_autofree char *contents = NULL;

  /* An existing file of any kind is never replaced without --force. */
  write_in_dir (fixture, "notes.dtwin", "my notes\n", -1);
  RUN (&run, fixture->dir, "new", "notes.dtwin");
  assert_user_error (&run, "notes.dtwin");
  contents = read_file (path);
  g_assert_cmpstr (contents, ==, "my notes\n");

  /* Not even with --from-json. */
  {
    g_autofree char *json = dup_data_path ("small.json");

    RUN (&run, fixture->dir, "new", "notes.dtwin", "--from-json", json);
    assert_user_error (&run, "notes.dtwin");
  }

  /* --force with a bad model leaves it alone and nothing beside it. */
  write_in_dir (fixture, "list.json", "[1, 2, 3]\n", -1);
  RUN (&run, fixture->dir, "new", "--force", "notes.dtwin", "--from-json", "list.json");
  assert_user_error (&run, "list.json");
  g_clear_pointer (&contents, g_free);
  contents = read_file (path);
  g_assert_cmpstr (contents, ==, "my notes\n");
  g_assert_cmpuint (count_files (fixture), ==, 2);

  /* --force replaces it with a new project. */
  RUN (&run, fixture->dir, "new", "--force", "notes.dtwin");
  assert_success (&run);
  RUN (&run, fixture->dir, "tree", "notes.dtwin");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "notes (system)\n");

  g_assert_cmpuint (count_files (fixture), ==, 2);

  /* And a twin that exists is refused too. */
  RUN (&run, fixture->dir, "new", "notes.dtwin");
  assert_user_error (&run, "notes.dtwin");
}

static void
test_new_bad_place (Fixture      *fixture,
                    gconstpointer data)
{
  g_auto (Run) run = { 0 };

  g_autofree char *folder = in_dir (fixture, "folder.dtwin");

  RUN (&run, fixture->dir, "new", "no-such-folder/x.dtwin");
  assert_user_error (&run, "x.dtwin");
  RUN (&run, fixture->dir, "new", "--force", "no-such-folder/x.dtwin");
  assert_user_error (&run, "x.dtwin");

  /* A folder is never replaced, not even with --force. */
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  RUN (&run, fixture->dir, "new", "folder.dtwin");
  assert_user_error (&run, "folder.dtwin");
  RUN (&run, fixture->dir, "new", "--force", "folder.dtwin");
  assert_user_error (&run, "folder.dtwin");
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_files (fixture), ==, 1);
}

/* --- the round trip --------------------------------------------------- */

static void
test_round_trip (Fixture      *fixture,
                 gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *json = dup_data_path ("small.json");
  g_autofree char *fixture_text = read_file (json);
  g_autofree char *first_export = NULL;
  g_autofree char *out_path = in_dir (fixture, "out.json");
  g_autofree char *out_text = NULL;

  /* new → info → tree on a fresh, empty twin. */
  RUN (&run, fixture->dir, "new", "plant.dtwin");
  assert_success (&run);
  RUN (&run, fixture->dir, "info", "plant.dtwin");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "Entities: 1\n"));
  g_assert_nonnull (strstr (run.out, "Tree depth: 1\n"));
  RUN (&run, fixture->dir, "tree", "plant.dtwin");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "plant (system)\n");

  /* import-json replaces the model; info and tree see it. */
  RUN (&run, fixture->dir, "import-json", "plant.dtwin", json);
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "");
  RUN (&run, fixture->dir, "info", "plant.dtwin");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "Entities: 9\n"));
  g_assert_nonnull (strstr (run.out, "Tree depth: 4\n"));

  /* export-json gives back the fixture byte for byte: it is written in the
   * canonical form, and ids, order, units and numbers survive the file. */
  RUN (&run, fixture->dir, "export-json", "plant.dtwin");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, fixture_text);
  first_export = g_steal_pointer (&run.out);

  /* -o writes the same text to a file. */
  RUN (&run, fixture->dir, "export-json", "plant.dtwin", "-o", "out.json");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "");
  out_text = read_file (out_path);
  g_assert_cmpstr (out_text, ==, first_export);

  /* Export → import → export is byte-identical. */
  RUN (&run, fixture->dir, "new", "copy.dtwin", "--from-json", "out.json");
  assert_success (&run);
  RUN (&run, fixture->dir, "export-json", "copy.dtwin");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, first_export);

  /* -o replaces an existing file. */
  write_in_dir (fixture, "out.json", "old", -1);
  RUN (&run, fixture->dir, "export-json", "--output=out.json", "copy.dtwin");
  assert_success (&run);
  g_clear_pointer (&out_text, g_free);
  out_text = read_file (out_path);
  g_assert_cmpstr (out_text, ==, first_export);
}

/* --- golden output ------------------------------------------------------ */

static void
test_golden_tree (Fixture      *fixture,
                  gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *golden_path = dup_data_path ("small.tree");
  g_autofree char *golden = read_file (golden_path);

  make_small_project (fixture);
  RUN (&run, fixture->dir, "tree", "small.dtwin");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, golden);
}

static void
test_tree_ascii (Fixture      *fixture,
                 gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *golden_path = dup_data_path ("small.tree");
  g_autofree char *golden = read_file (golden_path);
  g_autoptr (GString) expected = g_string_new (golden);

  /* Outside a UTF-8 locale the branches are drawn in ASCII, like tree(1). */
  g_string_replace (expected, "├── ", "|-- ", 0);
  g_string_replace (expected, "└── ", "`-- ", 0);
  g_string_replace (expected, "│   ", "|   ", 0);

  make_small_project (fixture);
  run_twinctl_in_locale (&run, fixture->dir, "C", (const char *const[]){ "tree", "small.dtwin", NULL });
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, expected->str);
}

static void
test_golden_info_json (Fixture      *fixture,
                       gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *golden_path = dup_data_path ("small.info.json");
  g_autofree char *golden = read_file (golden_path);
  g_autofree char *path = in_dir (fixture, "small.dtwin");
  g_autofree char *size = NULL;
  g_autoptr (GString) expected = g_string_new (golden);
  GStatBuf buf;

  make_small_project (fixture);
  RUN (&run, fixture->dir, "info", "--json", "small.dtwin");
  assert_success (&run);

  /* It is JSON, for any parser. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (JsonNode) node = json_from_string (run.out, &error);

    g_assert_no_error (error);
    g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  }

  /* The size depends on SQLite's page layout, so it is the one on disk. */
  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_assert_cmpint (buf.st_size, >, 0);
  size = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) buf.st_size);
  g_assert_cmpuint (g_string_replace (expected, "@FILE_SIZE@", size, 0), ==, 1);
  g_assert_cmpstr (run.out, ==, expected->str);
}

static void
test_info_text (Fixture      *fixture,
                gconstpointer data)
{
  g_auto (Run) run = { 0 };

  make_small_project (fixture);
  RUN (&run, fixture->dir, "info", "small.dtwin");
  assert_success (&run);
  g_test_message ("%s", run.out);
  g_assert_true (g_str_has_prefix (run.out, "File: small.dtwin\n"));
  g_assert_nonnull (strstr (run.out, "Schema version: " G_STRINGIFY (TWIN_STORE_SCHEMA_VERSION) "\n"));
  g_assert_nonnull (strstr (run.out, "Entities: 9\n"));
  g_assert_nonnull (strstr (run.out, "Tree depth: 4\n"));
  g_assert_nonnull (strstr (run.out, "File size: "));
  g_assert_nonnull (strstr (run.out, " bytes)\n"));
}

/* --- refused files ---------------------------------------------------- */

/* Every command that reads FILE refuses it the same way. */
static void
assert_all_refuse (Fixture    *fixture,
                   const char *name,
                   const char *needle)
{
  g_auto (Run) run = { 0 };
  g_autofree char *json = dup_data_path ("small.json");

  RUN (&run, fixture->dir, "info", name);
  assert_user_error (&run, needle);
  RUN (&run, fixture->dir, "info", "--json", name);
  assert_user_error (&run, needle);
  RUN (&run, fixture->dir, "tree", name);
  assert_user_error (&run, needle);
  RUN (&run, fixture->dir, "export-json", name);
  assert_user_error (&run, needle);
  RUN (&run, fixture->dir, "export-json", name, "-o", "never.json");
  assert_user_error (&run, needle);
  RUN (&run, fixture->dir, "import-json", name, json);
  assert_user_error (&run, needle);
  RUN (&run, fixture->dir, "validate", name);
  assert_user_error (&run, needle);
  RUN (&run, fixture->dir, "validate", "--json", name);
  assert_user_error (&run, needle);

  {
    g_autofree char *never = in_dir (fixture, "never.json");

    g_assert_false (g_file_test (never, G_FILE_TEST_EXISTS));
  }
}

/* Refused files are left exactly as they were. */
static void
assert_all_refuse_unchanged (Fixture    *fixture,
                             const char *name,
                             const char *needle)
{
  g_autofree char *path = in_dir (fixture, name);
  g_autoptr (GBytes) before = read_bytes (path);
  g_autoptr (GBytes) after = NULL;

  assert_all_refuse (fixture, name, needle);
  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_refuse_missing (Fixture      *fixture,
                     gconstpointer data)
{
  g_autofree char *path = in_dir (fixture, "missing.dtwin");

  assert_all_refuse (fixture, "missing.dtwin", "missing.dtwin");
  /* import-json does not create the project. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_refuse_text (Fixture      *fixture,
                  gconstpointer data)
{
  write_in_dir (fixture, "readme.dtwin", "This is not a twin, just text.\n", -1);
  assert_all_refuse_unchanged (fixture, "readme.dtwin", "readme.dtwin");
}

static void
test_refuse_empty (Fixture      *fixture,
                   gconstpointer data)
{
  write_in_dir (fixture, "empty.dtwin", "", 0);
  assert_all_refuse_unchanged (fixture, "empty.dtwin", "empty.dtwin");
}

static void
test_refuse_garbage (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (2);
  char bytes[8192];

  /* Random bytes behind a valid SQLite header. */
  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (char) g_rand_int_range (rand, 0, 256);
  memcpy (bytes, "SQLite format 3", 16);
  write_in_dir (fixture, "garbage.dtwin", bytes, sizeof bytes);
  assert_all_refuse_unchanged (fixture, "garbage.dtwin", "garbage.dtwin");
}

static void
test_refuse_directory (Fixture      *fixture,
                       gconstpointer data)
{
  g_autofree char *path = in_dir (fixture, "folder.dtwin");

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  assert_all_refuse (fixture, "folder.dtwin", "folder.dtwin");
}

static void
test_refuse_foreign (Fixture      *fixture,
                     gconstpointer data)
{
  g_autofree char *path = in_dir (fixture, "other.dtwin");

  exec_sql (path, "CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT);"
                  "INSERT INTO accounts (owner) VALUES ('someone');");
  assert_all_refuse_unchanged (fixture, "other.dtwin", "other.dtwin");
}

static void
test_refuse_too_new (Fixture      *fixture,
                     gconstpointer data)
{
  g_autofree char *path = in_dir (fixture, "small.dtwin");
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d;", TWIN_STORE_SCHEMA_VERSION + 1);

  make_small_project (fixture);
  exec_sql (path, sql);
  assert_all_refuse_unchanged (fixture, "small.dtwin", "small.dtwin");
}

static void
test_refuse_truncated (Fixture      *fixture,
                       gconstpointer data)
{
  g_autofree char *path = in_dir (fixture, "small.dtwin");
  g_autoptr (GBytes) whole = NULL;
  gsize size;

  make_small_project (fixture);
  whole = read_bytes (path);
  size = g_bytes_get_size (whole);
  g_assert_cmpuint (size, >, 1024);
  /* Cut in the middle of the file, well past the header. */
  write_in_dir (fixture, "small.dtwin", g_bytes_get_data (whole, NULL), (gssize) (size / 2));
  assert_all_refuse_unchanged (fixture, "small.dtwin", "small.dtwin");
}

/* --- validate ------------------------------------------------------------ */

/* Creates @name in the fixture's folder from the JSON fixture @json_name. */
static void
make_project (Fixture    *fixture,
              const char *json_name,
              const char *name)
{
  g_auto (Run) run = { 0 };
  g_autofree char *json = dup_data_path (json_name);

  RUN (&run, fixture->dir, "new", name, "--from-json", json);
  assert_success (&run);
}

/* Problems found: status 1, the findings on standard output, nothing on standard error. */
static void
assert_problems (const Run *run)
{
  g_test_message ("stdout: %s\nstderr: %s", run->out, run->err);
  g_assert_cmpint (run->exit_status, ==, 1);
  g_assert_cmpstr (run->err, ==, "");
}

static void
test_validate_clean (Fixture      *fixture,
                     gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *path = in_dir (fixture, "circuit.dtwin");
  g_autoptr (GBytes) before = NULL;
  g_autoptr (GBytes) after = NULL;

  /* Battery, resistor and ground, all wired. */
  make_project (fixture, "circuit.json", "circuit.dtwin");
  before = read_bytes (path);

  RUN (&run, fixture->dir, "validate", "circuit.dtwin");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "No problems found\n");

  RUN (&run, fixture->dir, "validate", "--json", "circuit.dtwin");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "[]\n");

  /* A lone system has nothing to check either. */
  RUN (&run, fixture->dir, "new", "Empty.dtwin");
  assert_success (&run);
  RUN (&run, fixture->dir, "validate", "Empty.dtwin");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "No problems found\n");

  /* Read-only: the file is unchanged and nothing is left beside it. */
  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpuint (count_files (fixture), ==, 2);
}

static void
test_validate_golden (Fixture      *fixture,
                      gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *golden_path = dup_data_path ("faulty.validate");
  g_autofree char *golden = read_file (golden_path);
  g_autofree char *golden_json_path = dup_data_path ("faulty.validate.json");
  g_autofree char *golden_json = read_file (golden_json_path);
  g_autofree char *path = in_dir (fixture, "faulty.dtwin");
  g_auto (GStrv) lines = NULL;
  const char *const kinds[] = {
    "unconnected-port",
    "missing-parameter",
    "no-reference",
    "parameter-out-of-range",
    "domain-mismatch",
    "algebraic-loop",
    "two-sources",
  };

  /* One fault of each kind a file can carry, in three subsystems. */
  make_project (fixture, "faulty.json", "faulty.dtwin");

  RUN (&run, fixture->dir, "validate", "faulty.dtwin");
  assert_problems (&run);
  g_assert_cmpstr (run.out, ==, golden);
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (kinds) + 2);
  g_assert_cmpstr (lines[G_N_ELEMENTS (kinds)], ==, "7 problems");

  RUN (&run, fixture->dir, "validate", "--json", "faulty.dtwin");
  assert_problems (&run);
  g_assert_cmpstr (run.out, ==, golden_json);

  /* The JSON is an array of {kind, path, message}, one per text line, and
   * every path names an entity of the project. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (JsonNode) node = json_from_string (run.out, &error);
    g_autoptr (TwinStore) store = NULL;
    g_autoptr (TwinEntity) root = NULL;
    g_autoptr (TwinModel) model = NULL;
    JsonArray *array;

    g_assert_no_error (error);
    g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
    array = json_node_get_array (node);
    g_assert_cmpuint (json_array_get_length (array), ==, G_N_ELEMENTS (kinds));

    store = twin_store_open (path, TWIN_STORE_FLAGS_READ_ONLY, &error);
    g_assert_no_error (error);
    root = twin_store_load_root (store, &error);
    g_assert_no_error (error);
    model = twin_model_new (root);

    for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
      {
        JsonObject *object = json_array_get_object_element (array, i);
        g_autoptr (GList) members = json_object_get_members (object);
        const char      *issue_path = json_object_get_string_member (object, "path");
        g_autofree char *line = g_strdup_printf ("%s: %s", issue_path, json_object_get_string_member (object, "message"));

        g_assert_cmpuint (g_list_length (members), ==, 3);
        g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, kinds[i]);
        g_assert_nonnull (twin_model_lookup_path (model, issue_path));
        g_assert_cmpstr (line, ==, lines[i]);
      }
  }
}

/* Validate reads a project Twin Studio has open, and a damaged one is refused. */
static void
test_validate_open_elsewhere (Fixture      *fixture,
                              gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinStore) store = NULL;
  g_autofree char *path = in_dir (fixture, "faulty.dtwin");
  g_autofree char *golden_path = dup_data_path ("faulty.validate");
  g_autofree char *golden = read_file (golden_path);

  make_project (fixture, "faulty.json", "faulty.dtwin");
  store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  RUN (&run, fixture->dir, "validate", "faulty.dtwin");
  assert_problems (&run);
  g_assert_cmpstr (run.out, ==, golden);

  twin_store_close (store);
}

/* A connection naming a port that does not exist cannot be loaded: the
 * file is refused in one line, not reported as a problem of the twin. */
static void
test_validate_damaged (Fixture      *fixture,
                       gconstpointer data)
{
  g_autofree char *path = in_dir (fixture, "circuit.dtwin");

  g_auto (Run) run = { 0 };
  g_autoptr (GBytes) before = NULL;
  g_autoptr (GBytes) after = NULL;

  make_project (fixture, "circuit.json", "circuit.dtwin");
  exec_sql (path, "UPDATE connection SET to_port = 'zz' WHERE id = '7a1c2a4e-8b3d-4c5e-9f70-000000000901';");
  before = read_bytes (path);
  RUN (&run, fixture->dir, "validate", "circuit.dtwin");
  assert_user_error (&run, "circuit.dtwin");
  g_assert_nonnull (strstr (run.err, "zz"));
  RUN (&run, fixture->dir, "validate", "--json", "circuit.dtwin");
  assert_user_error (&run, "circuit.dtwin");
  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
}

/* --- bad JSON ---------------------------------------------------------- */

/* The JSON has a syntax error on line 4, column 16 (the missing comma). */
static const char bad_syntax_json[] =
  "{\n"
  "  \"format\": \"twin-studio-model\",\n"
  "  \"version\": 1,\n"
  "  \"root\": {} \"oops\": 2\n"
  "}\n";

static void
assert_mentions_line_column (const Run *run)
{
  /* Line 4 and a column on it, however the message words them. */
  g_assert_true (strstr (run->err, ":4:") != NULL ||
                 strstr (run->err, "line 4") != NULL);
}

static void
test_bad_json_new (Fixture      *fixture,
                   gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *path = in_dir (fixture, "x.dtwin");

  write_in_dir (fixture, "bad.json", bad_syntax_json, -1);
  RUN (&run, fixture->dir, "new", "x.dtwin", "--from-json", "bad.json");
  assert_user_error (&run, "bad.json");
  assert_mentions_line_column (&run);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Missing, empty, valid JSON of the wrong shape, and text that is not UTF-8. */
  RUN (&run, fixture->dir, "new", "x.dtwin", "--from-json", "missing.json");
  assert_user_error (&run, "missing.json");
  write_in_dir (fixture, "empty.json", "", 0);
  RUN (&run, fixture->dir, "new", "x.dtwin", "--from-json", "empty.json");
  assert_user_error (&run, NULL);
  write_in_dir (fixture, "list.json", "[1, 2, 3]\n", -1);
  RUN (&run, fixture->dir, "new", "x.dtwin", "--from-json", "list.json");
  assert_user_error (&run, NULL);
  write_in_dir (fixture, "latin1.json", "{\"name\": \"B\xfcro\"}\n", -1);
  RUN (&run, fixture->dir, "new", "x.dtwin", "--from-json", "latin1.json");
  assert_user_error (&run, NULL);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Nothing is left in the folder but the inputs. */
  {
    g_autoptr (GDir) dir = g_dir_open (fixture->dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_true (g_str_has_suffix (name, ".json"));
  }
}

static void
test_bad_json_import_unchanged (Fixture      *fixture,
                                gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *path = in_dir (fixture, "small.dtwin");
  g_autoptr (GBytes) before = NULL;
  g_autoptr (GBytes) after = NULL;
  g_autofree char  *export_before = NULL;
  const char *const bad_files[] = { "bad.json", "list.json", "empty.json", "missing.json" };

  make_small_project (fixture);
  before = read_bytes (path);
  RUN (&run, fixture->dir, "export-json", "small.dtwin");
  assert_success (&run);
  export_before = g_steal_pointer (&run.out);

  write_in_dir (fixture, "bad.json", bad_syntax_json, -1);
  write_in_dir (fixture, "list.json", "[1, 2, 3]\n", -1);
  write_in_dir (fixture, "empty.json", "", 0);

  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);

      RUN (&run, fixture->dir, "import-json", "small.dtwin", bad_files[i]);
      assert_user_error (&run, bad_files[i]);
      if (i == 0)
        assert_mentions_line_column (&run);

      after = read_bytes (path);
      g_assert_true (g_bytes_equal (before, after));
      g_clear_pointer (&after, g_bytes_unref);
      g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
    }

  RUN (&run, fixture->dir, "export-json", "small.dtwin");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, export_before);
}

/* --- the app has the file open ----------------------------------------- */

static void
test_open_elsewhere (Fixture      *fixture,
                     gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinStore) store = NULL;
  g_autofree char *path = in_dir (fixture, "small.dtwin");
  g_autofree char *json = dup_data_path ("small.json");
  g_autoptr (GBytes) before = NULL;
  g_autoptr (GBytes) after = NULL;

  make_small_project (fixture);

  /* This process stands in for Twin Studio holding the project for writing. */
  store = twin_store_open (path, TWIN_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  /* Reading commands open it read-only and work. */
  RUN (&run, fixture->dir, "info", "small.dtwin");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "Entities: 9\n"));
  RUN (&run, fixture->dir, "tree", "small.dtwin");
  assert_success (&run);
  RUN (&run, fixture->dir, "export-json", "small.dtwin");
  assert_success (&run);

  /* Writing commands are told that it is taken. */
  RUN (&run, fixture->dir, "import-json", "small.dtwin", json);
  assert_user_error (&run, "small.dtwin");
  RUN (&run, fixture->dir, "new", "--force", "small.dtwin");
  assert_user_error (&run, "small.dtwin");

  twin_store_close (store);
  g_clear_object (&store);

  before = read_bytes (path);
  RUN (&run, fixture->dir, "info", "small.dtwin");
  assert_success (&run);
  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_export_over_project (Fixture      *fixture,
                          gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *path = in_dir (fixture, "small.dtwin");
  g_autoptr (GBytes) before = NULL;
  g_autoptr (GBytes) after = NULL;

  make_small_project (fixture);
  before = read_bytes (path);
  RUN (&run, fixture->dir, "export-json", "small.dtwin", "-o", "./small.dtwin");
  assert_user_error (&run, "small.dtwin");
  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));

  /* An output folder that does not exist. */
  RUN (&run, fixture->dir, "export-json", "small.dtwin", "-o", "no-such-folder/out.json");
  assert_user_error (&run, NULL);
}

static void
test_dash_names (Fixture      *fixture,
                 gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *golden_path = dup_data_path ("small.tree");
  g_autofree char *golden = read_file (golden_path);
  g_autofree char *json = dup_data_path ("small.json");

  /* "--" ends the options, so a file may start with a dash. */
  RUN (&run, fixture->dir, "new", "--from-json", json, "--", "-odd.dtwin");
  assert_success (&run);
  RUN (&run, fixture->dir, "tree", "--", "-odd.dtwin");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, golden);
  RUN (&run, fixture->dir, "tree", "-odd.dtwin");
  assert_usage_error (&run);
}

/* Runs twinctl with its standard output going to @stdout_path. */
static void
run_twinctl_to_file (Run               *run,
                     const char        *dir,
                     const char        *stdout_path,
                     const char *const *args)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) twinctl_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_cwd (launcher, dir);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_set_stdout_file_path (launcher, stdout_path);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);

  run_clear (run);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &run->err, &error);
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_if_signaled (process));
  run->exit_status = g_subprocess_get_exit_status (process);
  run->out = g_strdup ("");
}

static void
test_output_full (Fixture      *fixture,
                  gconstpointer data)
{
  g_auto (Run) run = { 0 };
  const char *const commands[][3] = {
    { "info", "small.dtwin", NULL },
    { "info", "--json", "small.dtwin" },
    { "tree", "small.dtwin", NULL },
    { "export-json", "small.dtwin", NULL },
    { "validate", "small.dtwin", NULL },
    { "validate", "--json", "small.dtwin" },
    { "--version", NULL, NULL },
  };

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full");
      return;
    }

  /* A full disk behind standard output is an error, not a success. */
  make_small_project (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const char *args[4] = { commands[i][0], commands[i][1], commands[i][2], NULL };

      run_twinctl_to_file (&run, fixture->dir, "/dev/full", args);
      assert_user_error (&run, "standard output");
    }
}

static void
test_export_to_folder (Fixture      *fixture,
                       gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autofree char *folder = in_dir (fixture, "out");

  make_small_project (fixture);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  RUN (&run, fixture->dir, "export-json", "small.dtwin", "-o", "out");
  assert_user_error (&run, "out");
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  twinctl_path = g_getenv ("TWINCTL");
  if (twinctl_path == NULL && argc > 1)
    twinctl_path = argv[1];
  if (twinctl_path == NULL || !g_file_test (twinctl_path, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("twinctl not found: set TWINCTL or pass its path (got “%s”)",
             twinctl_path != NULL ? twinctl_path : "");

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/usage/help", test_help);
  ADD ("/cli/usage/version", test_version);
  ADD ("/cli/usage/errors", test_usage_errors);
  ADD ("/cli/new/default", test_new_default);
  ADD ("/cli/new/exists", test_new_exists);
  ADD ("/cli/new/bad-place", test_new_bad_place);
  ADD ("/cli/round-trip", test_round_trip);
  ADD ("/cli/tree/golden", test_golden_tree);
  ADD ("/cli/tree/ascii", test_tree_ascii);
  ADD ("/cli/info/golden-json", test_golden_info_json);
  ADD ("/cli/info/text", test_info_text);
  ADD ("/cli/refuse/missing", test_refuse_missing);
  ADD ("/cli/refuse/text", test_refuse_text);
  ADD ("/cli/refuse/empty", test_refuse_empty);
  ADD ("/cli/refuse/garbage", test_refuse_garbage);
  ADD ("/cli/refuse/directory", test_refuse_directory);
  ADD ("/cli/refuse/foreign", test_refuse_foreign);
  ADD ("/cli/refuse/too-new", test_refuse_too_new);
  ADD ("/cli/refuse/truncated", test_refuse_truncated);
  ADD ("/cli/json/bad-new", test_bad_json_new);
  ADD ("/cli/json/bad-import-unchanged", test_bad_json_import_unchanged);
  ADD ("/cli/open-elsewhere", test_open_elsewhere);
  ADD ("/cli/export/over-project", test_export_over_project);
  ADD ("/cli/export/to-folder", test_export_to_folder);
  ADD ("/cli/usage/dash-names", test_dash_names);
  ADD ("/cli/output/full", test_output_full);
  ADD ("/cli/validate/clean", test_validate_clean);
  ADD ("/cli/validate/golden", test_validate_golden);
  ADD ("/cli/validate/open-elsewhere", test_validate_open_elsewhere);
  ADD ("/cli/validate/damaged", test_validate_damaged);
#undef ADD

  return g_test_run ();
}
