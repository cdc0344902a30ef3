/* test-scenario.c: scenarios in their JSON form, their validation, and the archive of scenarios in a project file.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The archive cases use real .dtwin files made by TwinStore, including one
 * rolled back to file format 4 (before simulations) to check migration 005.
 */

#define G_LOG_DOMAIN "test-scenario"

#include "config.h"

#include "twin-core.h"
#include "twin-test-util.h"

#include "sim/twin-sim-archive.h"
#include "sim/twin-sim-scenario.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include <locale.h>
#include <math.h>
#include <string.h>

/* 2025-03-01T06:00:00.5Z */
#define START_US G_GINT64_CONSTANT (1740808800500000)

static TwinSimScenario *
make_full_scenario (void)
{
  TwinSimScenario *scenario = twin_sim_scenario_new ("Winter week");
  TwinSimInput    *input;
  const double     times[] = { 0, 3600, 7200.5 };
  const double     values[] = { -5, 0.1, 2.25 };

  scenario->start_us = START_US;
  scenario->duration_s = 604800;
  scenario->solver.method = TWIN_SIM_METHOD_MSBDF;
  scenario->solver.rtol = 1e-5;
  scenario->solver.atol = 1e-7;
  scenario->solver.output_interval_s = 900;
  scenario->solver.max_step_s = 60;
  scenario->store_states = TWIN_SIM_STORE_STATES_NONE;
  g_hash_table_insert (scenario->overrides, g_strdup ("Office/Heater.heating_power"), g_strdup ("2000"));
  g_hash_table_insert (scenario->overrides, g_strdup ("Office/Room \"A\".volume"), g_strdup ("0.1"));

  input = twin_sim_input_new ("Office/Outside.temperature", TWIN_SIM_INPUT_HISTORY);
  input->signal = g_strdup ("weather/outside.temperature");
  g_ptr_array_add (scenario->inputs, input);
  input = twin_sim_input_new ("Office/Occupancy.in", TWIN_SIM_INPUT_PROFILE);
  g_array_append_vals (input->times_s, times, G_N_ELEMENTS (times));
  g_array_append_vals (input->values, values, G_N_ELEMENTS (values));
  input->stepwise = TRUE;
  g_ptr_array_add (scenario->inputs, input);
  input = twin_sim_input_new ("Office/Setpoint.in", TWIN_SIM_INPUT_CONSTANT);
  input->value = 21.5;
  g_ptr_array_add (scenario->inputs, input);

  g_ptr_array_add (scenario->outputs, g_strdup ("Office/Thermostat.out"));
  g_ptr_array_add (scenario->charted, g_strdup ("Office/Room 1.T"));
  g_ptr_array_add (scenario->charted, g_strdup ("Office/Thermostat.out"));
  return scenario;
}

static void
assert_scenarios_equal (const TwinSimScenario *a,
                        const TwinSimScenario *b)
{
  GHashTableIter iter;
  gpointer       key;
  gpointer       value;

  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpint (a->start_us, ==, b->start_us);
  g_assert_cmpfloat (a->duration_s, ==, b->duration_s);
  g_assert_cmpint (a->solver.method, ==, b->solver.method);
  g_assert_cmpfloat (a->solver.rtol, ==, b->solver.rtol);
  g_assert_cmpfloat (a->solver.atol, ==, b->solver.atol);
  g_assert_cmpfloat (a->solver.output_interval_s, ==, b->solver.output_interval_s);
  g_assert_cmpfloat (a->solver.max_step_s, ==, b->solver.max_step_s);
  g_assert_cmpint (a->store_states, ==, b->store_states);
  g_assert_cmpuint (g_hash_table_size (a->overrides), ==, g_hash_table_size (b->overrides));
  g_hash_table_iter_init (&iter, a->overrides);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpstr (g_hash_table_lookup (b->overrides, key), ==, value);
  g_assert_cmpuint (a->inputs->len, ==, b->inputs->len);
  for (guint i = 0; i < a->inputs->len; i++)
    {
      const TwinSimInput *x = g_ptr_array_index (a->inputs, i);
      const TwinSimInput *y = g_ptr_array_index (b->inputs, i);

      g_assert_cmpstr (x->target, ==, y->target);
      g_assert_cmpint (x->kind, ==, y->kind);
      g_assert_cmpfloat (x->value, ==, y->value);
      g_assert_cmpint (x->stepwise, ==, y->stepwise);
      g_assert_cmpstr (x->signal, ==, y->signal);
      g_assert_cmpuint (x->times_s->len, ==, y->times_s->len);
      for (guint k = 0; k < x->times_s->len; k++)
        {
          g_assert_cmpfloat (g_array_index (x->times_s, double, k), ==, g_array_index (y->times_s, double, k));
          g_assert_cmpfloat (g_array_index (x->values, double, k), ==, g_array_index (y->values, double, k));
        }
    }
  g_assert_cmpuint (a->outputs->len, ==, b->outputs->len);
  for (guint i = 0; i < a->outputs->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a->outputs, i), ==, g_ptr_array_index (b->outputs, i));
  g_assert_cmpuint (a->charted->len, ==, b->charted->len);
  for (guint i = 0; i < a->charted->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a->charted, i), ==, g_ptr_array_index (b->charted, i));
}

static void
test_defaults (void)
{
  g_autoptr (TwinSimScenario) scenario = twin_sim_scenario_new ("default");
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  g_autoptr (TwinSimScenario) back = NULL;

  g_assert_cmpstr (scenario->name, ==, "default");
  /* 2025-01-01T00:00:00Z, one day, a minute between outputs, as docs/simulation.md says. */
  g_assert_cmpint (scenario->start_us, ==, G_GINT64_CONSTANT (1735689600000000));
  g_assert_cmpfloat (scenario->duration_s, ==, 86400);
  g_assert_cmpfloat (scenario->solver.output_interval_s, ==, 60);
  g_assert_cmpint (scenario->solver.method, ==, TWIN_SIM_METHOD_AUTO);
  g_assert_cmpfloat (scenario->solver.rtol, >, 0);
  g_assert_cmpfloat (scenario->solver.atol, >, 0);
  g_assert_cmpint (scenario->store_states, ==, TWIN_SIM_STORE_STATES_AUTO);
  g_assert_true (twin_sim_scenario_validate (scenario, &error));
  g_assert_no_error (error);

  /* The least JSON: a name. Everything else takes the defaults. */
  back = twin_sim_scenario_new_from_json ("{\"name\": \"default\"}", &error);
  g_assert_no_error (error);
  assert_scenarios_equal (scenario, back);
  json = twin_sim_scenario_to_json (scenario);
  g_assert_nonnull (strstr (json, "\"start\": \"2025-01-01T00:00:00Z\""));
  g_assert_nonnull (strstr (json, "\"inputs\": []"));
}

static void
test_round_trip (void)
{
  g_autoptr (TwinSimScenario) scenario = make_full_scenario ();
  g_autoptr (TwinSimScenario) back = NULL;
  g_autoptr (TwinSimScenario) copy = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *json = twin_sim_scenario_to_json (scenario);
  g_autofree char *again = NULL;

  g_test_message ("%s", json);
  g_assert_nonnull (strstr (json, "\"format\": \"twin-studio-scenario\""));
  g_assert_nonnull (strstr (json, "\"start\": \"2025-03-01T06:00:00.5Z\""));
  g_assert_nonnull (strstr (json, "\"method\": \"msbdf\""));
  g_assert_nonnull (strstr (json, "\"output_interval_s\": 900,"));
  g_assert_nonnull (strstr (json, "\"interpolation\": \"stepwise\""));
  g_assert_nonnull (strstr (json, "[7200.5, 2.25]"));
  g_assert_nonnull (strstr (json, "\"Office/Room \\\"A\\\".volume\": \"0.1\""));
  /* Sorted overrides: the same scenario always gives the same text. */
  g_assert_true (strstr (json, "Heater.heating_power") < strstr (json, "Room \\\"A\\\""));

  back = twin_sim_scenario_new_from_json (json, &error);
  g_assert_no_error (error);
  assert_scenarios_equal (scenario, back);
  again = twin_sim_scenario_to_json (back);
  g_assert_cmpstr (json, ==, again);

  /* A copy is deep: changing it leaves the original alone. */
  copy = twin_sim_scenario_copy (scenario);
  assert_scenarios_equal (scenario, copy);
  g_array_index (((TwinSimInput *) g_ptr_array_index (copy->inputs, 1))->values, double, 0) = 99;
  g_hash_table_insert (copy->overrides, g_strdup ("Office/Heater.heating_power"), g_strdup ("1"));
  g_ptr_array_add (copy->outputs, g_strdup ("Office/X.y"));
  g_assert_cmpfloat (g_array_index (((TwinSimInput *) g_ptr_array_index (scenario->inputs, 1))->values, double, 0),
                     ==, -5);
  g_assert_cmpstr (g_hash_table_lookup (scenario->overrides, "Office/Heater.heating_power"), ==, "2000");
  g_assert_cmpuint (scenario->outputs->len, ==, 1);
}

/* Numbers are written and read with a dot whatever the locale. */
static void
test_locale (void)
{
  g_autoptr (TwinSimScenario) scenario = make_full_scenario ();
  g_autoptr (TwinSimScenario) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  char            *old = g_strdup (setlocale (LC_NUMERIC, NULL));

  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL && setlocale (LC_NUMERIC, "fr_FR.UTF-8") == NULL)
    {
      g_free (old);
      g_test_skip ("no comma-decimal locale installed");
      return;
    }
  json = twin_sim_scenario_to_json (scenario);
  back = twin_sim_scenario_new_from_json (json, &error);
  setlocale (LC_NUMERIC, old);
  g_free (old);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (json, "[7200.5, 2.25]"));
  assert_scenarios_equal (scenario, back);
}

static void
test_json_errors (void)
{
  static const struct
  {
    const char *json;
    const char *needle;
  } cases[] = {
    { "{\"name\": ", "not valid JSON" },
    { "[1, 2]", "must be a JSON object" },
    { "{\"format\": \"twin-studio-model\", \"name\": \"x\"}", "twin-studio-model" },
    { "{\"version\": 2, \"name\": \"x\"}", "version 2" },
    { "{\"duration_s\": 60}", "“name”" },
    { "{\"name\": \"w\", \"duraton\": \"1d\"}", "unknown member “duraton”" },
    { "{\"name\": \"w\", \"duration_s\": -1}", "duration" },
    { "{\"name\": \"w\", \"duration_s\": \"60\"}", "“duration_s” must be a number" },
    { "{\"name\": \"w\", \"duration_s\": 1e300}", "at most 1e12 s" },
    { "{\"name\": \"w\", \"duration\": \"ten days\"}", "ten days" },
    { "{\"name\": \"w\", \"duration\": \"1d\", \"duration_s\": 5}", "not both" },
    { "{\"name\": \"w\", \"start\": \"yesterday\"}", "“start” is not a time" },
    { "{\"name\": \"w\", \"solver\": {\"rtol\": 0}}", "relative tolerance" },
    { "{\"name\": \"w\", \"solver\": {\"atol\": -1}}", "absolute tolerance" },
    { "{\"name\": \"w\", \"solver\": {\"output_interval_s\": 0}}", "output interval" },
    { "{\"name\": \"w\", \"solver\": {\"method\": \"euler\"}}", "“euler”" },
    { "{\"name\": \"w\", \"solver\": {\"rtol\": 1e-6, \"steps\": 5}}", "unknown member “steps” in “solver”" },
    { "{\"name\": \"w\", \"store_states\": \"some\"}", "“some”" },
    { "{\"name\": \"w\", \"overrides\": {\"Heater\": \"5\"}}", "“Heater”" },
    { "{\"name\": \"w\", \"overrides\": {\"A/B.c\": [1]}}", "“A/B.c”" },
    { "{\"name\": \"w\", \"inputs\": [{\"target\": \"Outside\", \"kind\": \"constant\", \"value\": 1}]}",
      "“Outside”" },
    { "{\"name\": \"w\", \"inputs\": [{\"target\": \"A.t\", \"kind\": \"magic\"}]}", "“magic”" },
    { "{\"name\": \"w\", \"inputs\": [{\"target\": \"A.t\", \"kind\": \"constant\"}]}", "“value”" },
    { "{\"name\": \"w\", \"inputs\": [{\"target\": \"A.t\", \"kind\": \"history\"}]}", "“signal”" },
    { "{\"name\": \"w\", \"inputs\": [{\"target\": \"A.t\", \"kind\": \"profile\", \"points\": []}]}",
      "no points" },
    { "{\"name\": \"w\", \"inputs\": [{\"target\": \"A.t\", \"kind\": \"profile\", \"points\": [[0, 1], [0, 2]]}]}",
      "must ascend" },
    { "{\"name\": \"w\", \"inputs\": [{\"target\": \"A.t\", \"kind\": \"profile\", \"points\": [[0, 1, 2]]}]}",
      "point 1" },
    { "{\"name\": \"w\", \"inputs\": [{\"target\": \"A.t\", \"kind\": \"profile\", \"interpolation\": \"cubic\", "
      "\"points\": [[0, 1]]}]}",
      "“cubic”" },
    { "{\"name\": \"w\", \"inputs\": [{\"target\": \"A.t\", \"kind\": \"constant\", \"value\": 1},"
      " {\"target\": \"A.t\", \"kind\": \"constant\", \"value\": 2}]}",
      "two inputs for “A.t”" },
    { "{\"name\": \"w\", \"outputs\": [\"Room\"]}", "“Room”" },
    { "{\"name\": \"w\", \"outputs\": [3]}", "“outputs”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (TwinSimScenario) scenario = twin_sim_scenario_new_from_json (cases[i].json, &error);

      g_test_message ("case %u: %s → %s", i, cases[i].json, error != NULL ? error->message : "(accepted)");
      g_assert_null (scenario);
      g_assert_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO);
      g_assert_nonnull (strstr (error->message, cases[i].needle));
      /* The scenario is named once its name is known. */
      if (strstr (cases[i].json, "\"name\": \"w\"") != NULL)
        g_assert_nonnull (strstr (error->message, "“w”"));
    }
}

static void
test_validate (void)
{
  g_autoptr (TwinSimScenario) scenario = make_full_scenario ();
  g_autoptr (GError) error = NULL;
  TwinSimInput *profile = g_ptr_array_index (scenario->inputs, 1);

  g_assert_true (twin_sim_scenario_validate (scenario, &error));
  g_assert_no_error (error);

  g_array_index (profile->values, double, 1) = NAN;
  g_assert_false (twin_sim_scenario_validate (scenario, &error));
  g_assert_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO);
  g_assert_nonnull (strstr (error->message, "Office/Occupancy.in"));
  g_assert_nonnull (strstr (error->message, "Winter week"));
  g_clear_error (&error);
  g_array_index (profile->values, double, 1) = 1;

  g_array_set_size (profile->values, 2);
  g_assert_false (twin_sim_scenario_validate (scenario, &error));
  g_assert_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO);
  g_clear_error (&error);
  g_array_set_size (profile->values, 3);

  scenario->duration_s = INFINITY;
  g_assert_false (twin_sim_scenario_validate (scenario, &error));
  g_assert_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO);
  g_clear_error (&error);
  scenario->duration_s = 10;

  g_free (scenario->name);
  scenario->name = g_strdup ("");
  g_assert_false (twin_sim_scenario_validate (scenario, &error));
  g_assert_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO);
}

static void
test_override_text (void)
{
  g_autoptr (TwinSimScenario) scenario = twin_sim_scenario_new ("s");
  static const char *const bad[] = { "Heater=5", "Office/Heater.=5", ".power=5", "Office/Heater.power", "",
                                     "Office/Heater.2x=1" };
  g_autoptr (GError) error = NULL;

  g_assert_true (twin_sim_scenario_add_override_text (scenario, "Office/Heater.heating_power=2000", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (scenario->overrides, "Office/Heater.heating_power"), ==, "2000");
  /* Replaced by a later one. */
  g_assert_true (twin_sim_scenario_add_override_text (scenario, "Office/Heater.heating_power=2.5e3", &error));
  g_assert_cmpstr (g_hash_table_lookup (scenario->overrides, "Office/Heater.heating_power"), ==, "2.5e3");
  /* An entity whose name holds "=" and ".": the path ends at the "=" after ".PARAMETER". */
  g_assert_true (twin_sim_scenario_add_override_text (scenario, "Plant/a=b v1.2/Pump.speed=50=x", &error));
  g_assert_cmpstr (g_hash_table_lookup (scenario->overrides, "Plant/a=b v1.2/Pump.speed"), ==, "50=x");
  /* An empty value is a value (a text parameter). */
  g_assert_true (twin_sim_scenario_add_override_text (scenario, "Plant/Tag.label=", &error));
  g_assert_cmpstr (g_hash_table_lookup (scenario->overrides, "Plant/Tag.label"), ==, "");
  g_assert_cmpuint (g_hash_table_size (scenario->overrides), ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (twin_sim_scenario_add_override_text (scenario, bad[i], &error));
      g_assert_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO);
      g_assert_nonnull (strstr (error->message, "ENTITY-PATH.PARAMETER=VALUE"));
      g_clear_error (&error);
    }
  g_assert_cmpuint (g_hash_table_size (scenario->overrides), ==, 3);
}

static void
test_duration (void)
{
  static const struct
  {
    const char *text;
    double      seconds;
  } good[] = {
    { "3600", 3600 },
    { "1.5e3", 1500 },
    { "90s", 90 },
    { "15min", 900 },
    { "15m", 900 },
    { "2h", 7200 },
    { "1.5h", 5400 },
    { "30d", 2592000 },
    { "1w", 604800 },
    { "1y", 31536000 },
    { "1h30min", 5400 },
    { " 1d 12h ", 129600 },
    { "2H", 7200 },
  };
  static const char *const bad[] = { "", "abc", "-5", "0", "0s", "2x", "1h30", "h", "1e400", "5 5" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr (GError) error = NULL;
      double seconds = 0;

      g_assert_true (twin_sim_parse_duration (good[i].text, &seconds, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (seconds, good[i].seconds, 1e-9);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      double seconds = -1;

      g_test_message ("duration “%s”", bad[i]);
      g_assert_false (twin_sim_parse_duration (bad[i], &seconds, &error));
      g_assert_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO);
      g_assert_cmpfloat (seconds, ==, -1);
    }
}

/* A new project file with a one-entity twin. */
static char *
new_project (const char *basename)
{
  g_autofree char *dir = twin_test_tmp_path ("scenario");
  g_autoptr (TwinEntity) root = twin_entity_new (NULL, "system", "Plant");
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinStore) store = NULL;
  char *path;

  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, basename, NULL);
  store = twin_store_create (path, root, &error);
  g_assert_no_error (error);
  twin_store_close (store);
  return path;
}

static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char         *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

static void
test_archive_scenarios (void)
{
  g_autofree char *path = new_project ("scenarios.dtwin");
  g_autoptr (TwinSimArchive) archive = NULL;
  g_autoptr (TwinSimArchive) reader = NULL;
  g_autoptr (TwinSimScenario) full = make_full_scenario ();
  g_autoptr (TwinSimScenario) other = twin_sim_scenario_new ("Another");
  g_autoptr (TwinSimScenario) loaded = NULL;
  g_autoptr (TwinSimScenario) bad = twin_sim_scenario_new ("Bad");
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *check = NULL;

  archive = twin_sim_archive_open (path, FALSE, &error);
  g_assert_no_error (error);
  list = twin_sim_archive_list_scenarios (archive, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  g_assert_true (twin_sim_archive_save_scenario (archive, full, &error));
  g_assert_no_error (error);
  g_assert_true (twin_sim_archive_save_scenario (archive, other, &error));
  g_assert_no_error (error);

  /* An invalid scenario is refused and nothing is stored. */
  bad->solver.rtol = 0;
  g_assert_false (twin_sim_archive_save_scenario (archive, bad, &error));
  g_assert_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO);
  g_clear_error (&error);

  /* A second connection (read-only) sees them, by name. */
  reader = twin_sim_archive_open (path, TRUE, &error);
  g_assert_no_error (error);
  list = twin_sim_archive_list_scenarios (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((TwinSimScenario *) g_ptr_array_index (list, 0))->name, ==, "Another");
  assert_scenarios_equal (full, g_ptr_array_index (list, 1));
  loaded = twin_sim_archive_load_scenario (reader, "Winter week", &error);
  g_assert_no_error (error);
  assert_scenarios_equal (full, loaded);
  g_clear_pointer (&loaded, twin_sim_scenario_free);

  /* A read-only archive refuses writes. */
  g_assert_false (twin_sim_archive_save_scenario (reader, other, &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);

  /* Saving again replaces. */
  full->duration_s = 60;
  g_assert_true (twin_sim_archive_save_scenario (archive, full, &error));
  loaded = twin_sim_archive_load_scenario (reader, "Winter week", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (loaded->duration_s, ==, 60);
  g_clear_pointer (&loaded, twin_sim_scenario_free);

  /* Delete, and the errors that name what is missing. */
  g_assert_true (twin_sim_archive_delete_scenario (archive, "Another", &error));
  g_assert_no_error (error);
  g_assert_false (twin_sim_archive_delete_scenario (archive, "Another", &error));
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“Another”"));
  g_assert_nonnull (strstr (error->message, "scenarios.dtwin"));
  g_clear_error (&error);
  loaded = twin_sim_archive_load_scenario (reader, "Another", &error);
  g_assert_null (loaded);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_clear_object (&reader);
  g_clear_object (&archive);
  check = query_text (path, "PRAGMA quick_check");
  g_assert_cmpstr (check, ==, "ok");
  g_free (check);
  check = query_text (path, "SELECT count(*) FROM scenario");
  g_assert_cmpstr (check, ==, "1");
}

/* A scenario row another tool wrote badly is reported, naming it. */
static void
test_archive_bad_row (void)
{
  g_autofree char *path = new_project ("bad-row.dtwin");
  g_autoptr (TwinSimArchive) archive = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO scenario VALUES ('Broken', '{\"name\": \"Broken\", \"duration_s\": 0}')",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
  archive = twin_sim_archive_open (path, TRUE, &error);
  g_assert_no_error (error);
  list = twin_sim_archive_list_scenarios (archive, &error);
  g_assert_null (list);
  g_assert_error (error, TWIN_SIM_ERROR, TWIN_SIM_ERROR_SCENARIO);
  g_assert_nonnull (strstr (error->message, "Broken"));
}

/* A file of format 4 (before simulations) is brought up to date by an
 * archive opened for writing, and refused by a read-only one untouched. */
static void
test_migrate_v4 (void)
{
  g_autofree char *path = new_project ("v4.dtwin");
  g_autoptr (TwinSimArchive) archive = NULL;
  g_autoptr (TwinSimScenario) scenario = twin_sim_scenario_new ("After upgrade");
  g_autoptr (GError) error = NULL;
  g_autoptr (TwinStore) store = NULL;
  g_autoptr (TwinEntity) root = NULL;
  g_autofree char *version = NULL;
  g_autofree char *tables = NULL;
  g_autofree char *check = NULL;
  sqlite3         *db = NULL;

  g_assert_cmpint (TWIN_STORE_SCHEMA_VERSION, ==, 7);
  /* Roll the new file back to what format 4 had (without 005, 006 and 007's tables). */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "DROP TABLE scenario; DROP TABLE sim_run; DELETE FROM sqlite_sequence;"
                                 " DROP TABLE feed; DROP TABLE topic_binding;"
                                 " DROP TABLE alarm_rule; DROP TABLE alarm_event; DROP TABLE command_binding;"
                                 " DROP TABLE command_log;"
                                 " PRAGMA user_version = 4;",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
  version = query_text (path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, "4");
  g_clear_pointer (&version, g_free);

  archive = twin_sim_archive_open (path, TRUE, &error);
  g_assert_null (archive);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "v4.dtwin"));
  g_clear_error (&error);
  version = query_text (path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, "4");
  g_clear_pointer (&version, g_free);

  archive = twin_sim_archive_open (path, FALSE, &error);
  g_assert_no_error (error);
  version = query_text (path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, G_STRINGIFY (TWIN_STORE_SCHEMA_VERSION));
  tables = query_text (path, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema"
                             " WHERE type = 'table' AND name IN ('scenario', 'sim_run') ORDER BY name)");
  g_assert_cmpstr (tables, ==, "scenario,sim_run");
  g_assert_true (twin_sim_archive_save_scenario (archive, scenario, &error));
  g_assert_no_error (error);
  g_clear_object (&archive);

  /* The model is still there and the file is sound. */
  store = twin_store_open (path, TWIN_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  root = twin_store_load_root (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (twin_entity_get_name (root), ==, "Plant");
  twin_store_close (store);
  check = query_text (path, "PRAGMA quick_check");
  g_assert_cmpstr (check, ==, "ok");
}

static void
test_archive_not_project (void)
{
  g_autofree char *dir = twin_test_tmp_path ("scenario");
  g_autofree char *missing = g_build_filename (dir, "missing.dtwin", NULL);
  g_autofree char *foreign = g_build_filename (dir, "foreign.dtwin", NULL);
  g_autoptr (TwinSimArchive) archive = NULL;
  g_autoptr (GError) error = NULL;
  sqlite3 *db = NULL;

  g_mkdir_with_parents (dir, 0755);
  archive = twin_sim_archive_open (missing, FALSE, &error);
  g_assert_null (archive);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.dtwin"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_open (foreign, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE x (y); PRAGMA user_version = 5", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  archive = twin_sim_archive_open (foreign, FALSE, &error);
  g_assert_null (archive);
  g_assert_error (error, TWIN_STORE_ERROR, TWIN_STORE_ERROR_FOREIGN);
  g_assert_nonnull (strstr (error->message, "not a Twin Studio project"));
}

static void
test_result_names (void)
{
  g_autofree char         *name = twin_sim_result_signal_name (42, "Office/Room 1.T");
  g_autofree char         *variable = NULL;
  static const char *const bad[] = { "sim/", "sim/42", "sim/42/", "sim/x/a.b", "sim/042/a.b", "sims/1/a.b",
                                     "weather/outside.temperature", "sim/-1/a.b" };
  gint64                   id = 0;

  g_assert_cmpstr (name, ==, "sim/42/Office/Room 1.T");
  g_assert_true (twin_sim_parse_result_signal_name (name, &id, &variable));
  g_assert_cmpint (id, ==, 42);
  g_assert_cmpstr (variable, ==, "Office/Room 1.T");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (twin_sim_parse_result_signal_name (bad[i], NULL, NULL));

  g_assert_cmpstr (twin_sim_run_status_to_string (TWIN_SIM_RUN_COMPLETED), ==, "completed");
  g_assert_cmpstr (twin_sim_run_status_to_string (TWIN_SIM_RUN_INTERRUPTED), ==, "interrupted");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/sim/scenario/defaults", test_defaults);
  g_test_add_func ("/core/sim/scenario/round-trip", test_round_trip);
  g_test_add_func ("/core/sim/scenario/locale", test_locale);
  g_test_add_func ("/core/sim/scenario/json-errors", test_json_errors);
  g_test_add_func ("/core/sim/scenario/validate", test_validate);
  g_test_add_func ("/core/sim/scenario/override-text", test_override_text);
  g_test_add_func ("/core/sim/scenario/duration", test_duration);
  g_test_add_func ("/core/sim/archive/scenarios", test_archive_scenarios);
  g_test_add_func ("/core/sim/archive/bad-row", test_archive_bad_row);
  g_test_add_func ("/core/sim/archive/migrate-v4", test_migrate_v4);
  g_test_add_func ("/core/sim/archive/not-project", test_archive_not_project);
  g_test_add_func ("/core/sim/archive/result-names", test_result_names);

  return g_test_run ();
}
