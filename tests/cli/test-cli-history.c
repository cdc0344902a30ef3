/* test-cli-history.c: runs `twinctl history import|export|list` on real project files, good and bad CSV, and killed imports.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case runs the built twinctl (from $TWINCTL) in a fresh folder under
 * LC_ALL=C.UTF-8 and TZ=UTC, unless it says otherwise. Standard output and
 * error are pipes, so no progress line may appear. A refused, interrupted
 * or killed import must leave the project file byte for byte as it was.
 */

#define G_LOG_DOMAIN "test-cli-history"

#include "config.h"

#include "twin-core.h"
#include "twin-test-util.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include <signal.h>
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

static char **
dup_environment (const char *locale)
{
  char **envp = g_get_environ ();

  envp = g_environ_setenv (envp, "LC_ALL", locale, TRUE);
  envp = g_environ_setenv (envp, "TZ", "UTC", TRUE);
  envp = g_environ_unsetenv (envp, "LANGUAGE");
  return envp;
}

static void
run_twinctl_in (Run               *run,
                const char        *dir,
                const char        *locale,
                const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (GStrv) envp = dup_environment (locale);
  g_autoptr (GError) error = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, (gpointer) twinctl_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  run_clear (run);
  g_spawn_sync (dir, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &run->out, &run->err,
                &wait_status, &error);
  g_assert_no_error (error);
  if (WIFSIGNALED (wait_status))
    g_error ("twinctl was killed by signal %d; stderr: %s", WTERMSIG (wait_status), run->err);
  g_assert_true (WIFEXITED (wait_status));
  run->exit_status = WEXITSTATUS (wait_status);
}

#define RUN(run, dir, ...) run_twinctl_in ((run), (dir), "C.UTF-8", (const char *const[]){ __VA_ARGS__, NULL })
#define RUN_LOCALE(run, dir, l, ...) run_twinctl_in ((run), (dir), (l), (const char *const[]){ __VA_ARGS__, NULL })

static void
assert_success (const Run *run)
{
  if (run->exit_status != 0)
    g_error ("twinctl failed with status %d: %s", run->exit_status, run->err);
  g_assert_cmpstr (run->err, ==, "");
  /* Not a terminal: no progress line, no escape sequence. */
  g_assert_null (strchr (run->out, '\r'));
  g_assert_null (strchr (run->out, '\033'));
}

/* Status 1, one line "twinctl: …" naming each of the needles, nothing on stdout. */
static void
assert_user_error (const Run  *run,
                   const char *needle,
                   const char *needle2)
{
  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->exit_status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "twinctl: "));
  g_assert_nonnull (strchr (run->err, '\n'));
  g_assert_cmpint (strchr (run->err, '\n')[1], ==, '\0');
  if (needle != NULL)
    g_assert_nonnull (strstr (run->err, needle));
  if (needle2 != NULL)
    g_assert_nonnull (strstr (run->err, needle2));
}

static void
assert_usage_error (const Run *run)
{
  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->exit_status, ==, 2);
  g_assert_true (g_str_has_prefix (run->err, "twinctl: "));
  g_assert_nonnull (strstr (run->err, "--help"));
}

typedef struct
{
  char *dir;
  char *project; /* plant.dtwin in @dir, a new empty twin */
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_auto (Run) run = { 0 };

  fixture->dir = twin_test_tmp_path ("history");
  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0755), ==, 0);
  fixture->project = g_build_filename (fixture->dir, "plant.dtwin", NULL);
  RUN (&run, fixture->dir, "new", "plant.dtwin");
  assert_success (&run);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_free (fixture->project);
  g_free (fixture->dir);
}

static void
write_file (Fixture    *fixture,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

  twin_test_write_file (path, text, strlen (text));
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
read_text (Fixture    *fixture,
           const char *name)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr (GBytes) bytes = read_bytes (path);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
assert_no_signals (Fixture *fixture)
{
  g_auto (Run) run = { 0 };

  RUN (&run, fixture->dir, "history", "list", "plant.dtwin");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "No signals.\n");
}

/* Import, list, export ---------------------------------------------------- */

static void
test_import_list_export (Fixture      *fixture,
                         gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonArray  *signals;
  JsonObject *temperature;

  write_file (fixture, "data.csv",
              "time,temperature [°C],power\n"
              "2024-05-01 12:00:00,21.5,100\n"
              "2024-05-01 12:15:00,21.75,\n"
              "2024-05-01 12:30:00,22,250.5\n");
  RUN (&run, fixture->dir, "history", "import", "plant.dtwin", "data.csv");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "Imported “data.csv” into “plant.dtwin”."));
  g_assert_nonnull (strstr (run.out, "Rows: 3\n"));
  g_assert_nonnull (strstr (run.out, "Samples: 5\n"));
  g_assert_nonnull (strstr (run.out, "Time range: 2024-05-01T12:00:00Z … 2024-05-01T12:30:00Z\n"));

  RUN (&run, fixture->dir, "history", "list", "plant.dtwin");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==,
                   "power: 2 samples, 2024-05-01T12:00:00Z … 2024-05-01T12:30:00Z\n"
                   "temperature [°C]: 3 samples, 2024-05-01T12:00:00Z … 2024-05-01T12:30:00Z\n");

  RUN (&run, fixture->dir, "history", "list", "--json", "plant.dtwin");
  assert_success (&run);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  signals = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "signals");
  g_assert_cmpuint (json_array_get_length (signals), ==, 2);
  temperature = json_array_get_object_element (signals, 1);
  g_assert_cmpstr (json_object_get_string_member (temperature, "name"), ==, "temperature");
  g_assert_cmpstr (json_object_get_string_member (temperature, "unit"), ==, "°C");
  g_assert_cmpint (json_object_get_int_member (temperature, "samples"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (temperature, "first"), ==, "2024-05-01T12:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (temperature, "last"), ==, "2024-05-01T12:30:00Z");

  /* Standard output, a range in two forms of time ([from, to)), signals in
   * the order asked. */
  RUN (&run, fixture->dir, "history", "export", "plant.dtwin", "--signal", "temperature", "--signal", "power",
       "--from", "2024-05-01T12:15:00Z", "--to", "1714566600");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==,
                   "time,temperature [°C],power\n"
                   "2024-05-01T12:15:00Z,21.75,\n");
  RUN (&run, fixture->dir, "history", "export", "plant.dtwin", "-o", "out.csv");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "");
  {
    g_autofree char *text = read_text (fixture, "out.csv");

    g_assert_cmpstr (text, ==,
                     "time,power,temperature [°C]\n"
                     "2024-05-01T12:00:00Z,100,21.5\n"
                     "2024-05-01T12:15:00Z,,21.75\n"
                     "2024-05-01T12:30:00Z,250.5,22\n");
  }
}

static void
test_options (Fixture      *fixture,
              gconstpointer data)
{
  g_auto (Run) run = { 0 };

  /* A German file: semicolons, decimal commas, day-first times in Berlin. */
  write_file (fixture, "de.csv",
              "Nr;Zeitpunkt;Leistung;Temperatur\n"
              "1;01.07.2024 14:00;1,5;20\n"
              "2;01.07.2024 14:30;2,25;20,5\n");
  RUN_LOCALE (&run, fixture->dir, "de_DE.UTF-8", "history", "import", "plant.dtwin", "de.csv",
              "--time-column", "Zeitpunkt", "--time-format", "%d.%m.%Y %H:%M", "--time-zone", "Europe/Berlin",
              "--map", "Leistung=pump.power", "--map", "4=room.temperature", "--unit", "Leistung=kW",
              "--unit", "Temperatur=°C", "--delimiter", ";", "--decimal", ",");
  assert_success (&run);
  RUN (&run, fixture->dir, "history", "export", "plant.dtwin");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==,
                   "time,pump.power [kW],room.temperature [°C]\n"
                   "2024-07-01T12:00:00Z,1.5,20\n"
                   "2024-07-01T12:30:00Z,2.25,20.5\n");

  /* --time-zone applies to --from and --to too. */
  RUN (&run, fixture->dir, "history", "export", "plant.dtwin", "--signal", "pump.power",
       "--time-zone", "Europe/Berlin", "--from", "2024-07-01 14:30");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "time,pump.power [kW]\n2024-07-01T12:30:00Z,2.25\n");
}

static void
test_round_trip (Fixture      *fixture,
                 gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autoptr (GString) text = g_string_new ("t,a [m],\"b, c\"\n");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  for (guint i = 0; i < 5000; i++)
    {
      if (i % 7 == 0)
        g_string_append_printf (text, "%" G_GINT64_FORMAT ",%u,\n", G_GINT64_CONSTANT (1700000000000000) + i * 1234567, i);
      else
        g_string_append_printf (text, "%" G_GINT64_FORMAT ",%g,%.17g\n",
                                G_GINT64_CONSTANT (1700000000000000) + i * 1234567, i / 3.0, 1.0 / (i + 1));
    }
  write_file (fixture, "in.csv", text->str);
  RUN (&run, fixture->dir, "history", "import", "plant.dtwin", "in.csv", "--time-format", "us");
  assert_success (&run);
  RUN (&run, fixture->dir, "history", "export", "plant.dtwin", "-o", "first.csv");
  assert_success (&run);

  RUN (&run, fixture->dir, "new", "copy.dtwin");
  assert_success (&run);
  RUN (&run, fixture->dir, "history", "import", "copy.dtwin", "first.csv");
  assert_success (&run);
  RUN (&run, fixture->dir, "history", "export", "copy.dtwin", "-o", "second.csv");
  assert_success (&run);

  first = read_text (fixture, "first.csv");
  second = read_text (fixture, "second.csv");
  g_assert_cmpuint (strlen (first), >, 100000);
  g_assert_cmpstr (first, ==, second);
}

/* Bad input --------------------------------------------------------------- */

static void
test_bad_rows (Fixture      *fixture,
               gconstpointer data)
{
  g_auto (Run) run = { 0 };
  g_autoptr (GBytes) before = NULL;
  g_autoptr (GBytes) after = NULL;

  write_file (fixture, "bad.csv",
              "time,a\n"
              "2024-05-01T00:00:00Z,1\n"
              "2024-05-01T00:01:00Z,two\n"
              "2024-05-01T00:02:00Z,3\n"
              "2024-13-01T00:03:00Z,4\n");
  before = read_bytes (fixture->project);
  RUN (&run, fixture->dir, "history", "import", "plant.dtwin", "bad.csv");
  assert_user_error (&run, "“bad.csv” has 2 bad rows", "line 3: “two” in column “a” is not a number");
  g_assert_nonnull (strstr (run.err, "line 5: “2024-13-01T00:03:00Z” is not a valid date"));
  after = read_bytes (fixture->project);
  g_assert_true (g_bytes_equal (before, after));
  assert_no_signals (fixture);

  /* One bad row: "file, line N: cause". */
  write_file (fixture, "bad.csv", "time,a\n2024-05-01T00:00:00Z,1\nyesterday,2\n");
  RUN (&run, fixture->dir, "history", "import", "plant.dtwin", "bad.csv");
  assert_user_error (&run, "“bad.csv”, line 3: “yesterday” is not an ISO 8601 time", "Nothing was imported");
  g_clear_pointer (&after, g_bytes_unref);
  after = read_bytes (fixture->project);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_exit_codes (Fixture      *fixture,
                 gconstpointer data)
{
  g_auto (Run) run = { 0 };

  write_file (fixture, "ok.csv", "time,a\n1,2\n");
  RUN (&run, fixture->dir, "history");
  assert_usage_error (&run);
  RUN (&run, fixture->dir, "history", "frobnicate", "plant.dtwin");
  assert_usage_error (&run);
  RUN (&run, fixture->dir, "history", "import", "plant.dtwin");
  assert_usage_error (&run);
  RUN (&run, fixture->dir, "history", "import", "plant.dtwin", "ok.csv", "--delimiter", "|");
  assert_usage_error (&run);
  RUN (&run, fixture->dir, "history", "import", "plant.dtwin", "ok.csv", "--decimal", ";");
  assert_usage_error (&run);
  RUN (&run, fixture->dir, "history", "import", "plant.dtwin", "ok.csv", "--time-zone", "Nowhere/Special");
  assert_usage_error (&run);
  RUN (&run, fixture->dir, "history", "import", "plant.dtwin", "ok.csv", "--time-format", "%Q");
  assert_usage_error (&run);
  RUN (&run, fixture->dir, "history", "import", "plant.dtwin", "ok.csv", "--map", "nocolumn");
  assert_usage_error (&run);
  RUN (&run, fixture->dir, "history", "export", "plant.dtwin", "--from", "soon");
  assert_usage_error (&run);
  RUN (&run, fixture->dir, "history", "export", "plant.dtwin", "--from", "2024-01-02", "--to", "2024-01-01");
  assert_usage_error (&run);

  /* Missing files and unknown names: status 1, named. */
  RUN (&run, fixture->dir, "history", "import", "plant.dtwin", "missing.csv");
  assert_user_error (&run, "missing.csv", NULL);
  RUN (&run, fixture->dir, "history", "import", "missing.dtwin", "ok.csv");
  assert_user_error (&run, "missing.dtwin", NULL);
  RUN (&run, fixture->dir, "history", "import", "ok.csv", "ok.csv");
  assert_user_error (&run, "ok.csv", NULL);
  RUN (&run, fixture->dir, "history", "import", "plant.dtwin", "ok.csv", "--map", "b=x");
  assert_user_error (&run, "“b”", "ok.csv");
  RUN (&run, fixture->dir, "history", "export", "plant.dtwin", "--signal", "nope");
  assert_user_error (&run, "“nope”", NULL);
  RUN (&run, fixture->dir, "history", "list", "missing.dtwin");
  assert_user_error (&run, "missing.dtwin", NULL);
  assert_no_signals (fixture);

  RUN (&run, fixture->dir, "history", "import", "plant.dtwin", "ok.csv");
  assert_success (&run);
}

/* Interrupted and killed imports ------------------------------------------ */

static void
write_big_csv (Fixture *fixture,
               guint    n_rows)
{
  g_autofree char *path = g_build_filename (fixture->dir, "big.csv", NULL);
  g_autoptr (GString) text = g_string_sized_new (n_rows * 30);

  g_string_append (text, "time,a,b\n");
  for (guint i = 0; i < n_rows; i++)
    g_string_append_printf (text, "%u,%u,%u.25\n", 1700000000 + i, i, i % 1000);
  twin_test_write_file (path, text->str, text->len);
}

/* Bytes @pid has read so far (Linux's /proc/PID/io), or 0. */
static guint64
get_bytes_read (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/io", (int) pid);
  g_autofree char *text = NULL;
  const char      *rchar;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (rchar = strstr (text, "rchar: ")) == NULL)
    return 0;
  return g_ascii_strtoull (rchar + 7, NULL, 10);
}

/* Starts an import of big.csv and sends @signal_number once it has read
 * about a third of the file. Returns the wait status. */
static int
interrupt_import (Fixture *fixture,
                  int      signal_number,
                  char   **err)
{
  const char *argv[] = { twinctl_path, "history", "import", "plant.dtwin", "big.csv", NULL };
  g_auto (GStrv) envp = dup_environment ("C.UTF-8");
  g_autofree char *csv = g_build_filename (fixture->dir, "big.csv", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GIOChannel) channel = NULL;
  GStatBuf st;
  GPid     pid;
  int      err_fd = -1;
  int      status = 0;
  gint64   deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gboolean sent = FALSE;

  g_assert_cmpint (g_stat (csv, &st), ==, 0);
  g_spawn_async_with_pipes (fixture->dir, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, &pid,
                            NULL, NULL, &err_fd, &error);
  g_assert_no_error (error);
  while (g_get_monotonic_time () < deadline)
    {
      if (waitpid (pid, &status, WNOHANG) == pid)
        g_error ("twinctl ended before it could be interrupted; make big.csv bigger");
      if (get_bytes_read (pid) > (guint64) st.st_size / 3)
        {
          g_assert_cmpint (kill (pid, signal_number), ==, 0);
          sent = TRUE;
          break;
        }
      g_usleep (2000);
    }
  g_assert_true (sent);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  channel = g_io_channel_unix_new (err_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  g_io_channel_read_to_end (channel, err, NULL, NULL);
  return status;
}

static void
test_killed_import (Fixture      *fixture,
                    gconstpointer data)
{
  g_autofree char *err = NULL;
  g_autofree char *wal = g_strconcat (fixture->project, "-wal", NULL);
  g_autoptr (GBytes) before = NULL;
  g_autoptr (GBytes) after = NULL;
  g_auto (Run) run = { 0 };
  int status;

  write_big_csv (fixture, 1000000);
  before = read_bytes (fixture->project);
  status = interrupt_import (fixture, SIGKILL, &err);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

  /* The project file is untouched; what the import had written sits
   * uncommitted in the WAL, which SQLite discards on the next open. */
  after = read_bytes (fixture->project);
  g_assert_true (g_bytes_equal (before, after));
  g_test_message ("WAL left by the killed import: %s", g_file_test (wal, G_FILE_TEST_EXISTS) ? "yes" : "no");
  assert_no_signals (fixture);
  RUN (&run, fixture->dir, "info", "plant.dtwin");
  assert_success (&run);

  /* And the file still takes a full import afterwards. */
  write_big_csv (fixture, 1000);
  RUN (&run, fixture->dir, "history", "import", "plant.dtwin", "big.csv");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "Samples: 2000\n"));
}

static void
test_interrupted_import (Fixture      *fixture,
                         gconstpointer data)
{
  g_autofree char *err = NULL;
  g_autoptr (GBytes) before = NULL;
  g_autoptr (GBytes) after = NULL;
  int status;

  write_big_csv (fixture, 1000000);
  before = read_bytes (fixture->project);
  status = interrupt_import (fixture, SIGINT, &err);
  g_test_message ("stderr: %s", err);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "was interrupted; nothing was imported"));
  after = read_bytes (fixture->project);
  g_assert_true (g_bytes_equal (before, after));
  assert_no_signals (fixture);
}

/* Real files -------------------------------------------------------------- */

static void
test_real_occupancy (Fixture      *fixture,
                     gconstpointer data)
{
  g_autofree char *csv = twin_test_shared_data ("sensors", "occupancy", "datatest.txt", NULL);
  g_auto (Run) run = { 0 };

  if (csv == NULL || !g_file_test (csv, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("../shared/data/sensors/occupancy/datatest.txt is not here");
      return;
    }
  /* TZ=UTC: naive times are read as UTC. */
  RUN (&run, fixture->dir, "history", "import", "plant.dtwin", csv);
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "Rows: 2665\n"));
  g_assert_nonnull (strstr (run.out, "Samples: 15990\n"));
  g_assert_nonnull (strstr (run.out, "Time range: 2015-02-02T14:19:00Z … 2015-02-04T10:43:00Z\n"));
  g_assert_nonnull (strstr (run.out, "Note: The header names one column fewer"));

  RUN (&run, fixture->dir, "history", "list", "plant.dtwin");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "CO2: 2665 samples, 2015-02-02T14:19:00Z … 2015-02-04T10:43:00Z\n"));
  g_assert_nonnull (strstr (run.out, "Temperature: 2665 samples,"));

  /* The same file with --time-zone: an hour earlier in UTC. */
  RUN (&run, fixture->dir, "new", "berlin.dtwin");
  assert_success (&run);
  RUN (&run, fixture->dir, "history", "import", "berlin.dtwin", csv, "--time-zone", "Europe/Berlin",
       "--map", "Temperature=room.temperature", "--unit", "Temperature=°C");
  assert_success (&run);
  RUN (&run, fixture->dir, "history", "list", "berlin.dtwin");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "room.temperature [°C]: 2665 samples, 2015-02-02T13:19:00Z … 2015-02-04T09:43:00Z\n");
}

static void
test_real_appliances (Fixture      *fixture,
                      gconstpointer data)
{
  g_autofree char *csv = twin_test_shared_data ("sensors", "appliances", "testing.csv", NULL);
  g_auto (Run) run = { 0 };

  if (csv == NULL || !g_file_test (csv, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("../shared/data/sensors/appliances/testing.csv is not here");
      return;
    }
  RUN (&run, fixture->dir, "history", "import", "plant.dtwin", csv, "--time-zone", "UTC");
  assert_success (&run);
  g_assert_nonnull (strstr (run.out, "Rows: 4932\n"));
  g_assert_nonnull (strstr (run.out, "Samples: 143028\n"));
  g_assert_nonnull (strstr (run.out, "Signals: 29\n"));
  g_assert_nonnull (strstr (run.out, "Time range: 2016-01-11T17:30:00Z … 2016-05-27T17:40:00Z\n"));
  g_assert_nonnull (strstr (run.out, "Note: Column “WeekStatus” holds text"));

  RUN (&run, fixture->dir, "history", "export", "plant.dtwin", "--signal", "Appliances", "--signal", "lights",
       "--to", "2016-01-11T18:00:01Z");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==,
                   "time,Appliances,lights\n"
                   "2016-01-11T17:30:00Z,50,40\n"
                   "2016-01-11T18:00:00Z,60,50\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  twinctl_path = g_getenv ("TWINCTL");
  if (twinctl_path == NULL)
    {
      g_print ("1..0 # SKIP TWINCTL is not set\n");
      return 0;
    }

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/history/import-list-export", test_import_list_export);
  ADD ("/cli/history/options", test_options);
  ADD ("/cli/history/round-trip", test_round_trip);
  ADD ("/cli/history/bad-rows", test_bad_rows);
  ADD ("/cli/history/exit-codes", test_exit_codes);
  ADD ("/cli/history/killed-import", test_killed_import);
  ADD ("/cli/history/interrupted-import", test_interrupted_import);
  ADD ("/cli/history/real-occupancy", test_real_occupancy);
  ADD ("/cli/history/real-appliances", test_real_appliances);
#undef ADD

  return g_test_run ();
}
