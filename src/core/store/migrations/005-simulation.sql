-- 005-simulation.sql: schema version 5 of a .dtwin project file: simulation scenarios and runs.
--
-- Copyright 2026 The Twin Studio authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- TwinStore runs this after 004-history.sql in the same migration
-- transaction. Never edit this file once a release has written files with it.
-- TwinSimArchive (src/core/sim/twin-sim-archive.c) reads and writes these
-- tables on its own connection. A run's results are history signals named
-- "sim/<run id>/<variable>" (tables of 004-history.sql); deleting a run
-- deletes them with it. docs/simulation.md describes the scenario JSON.

-- The scenarios of the twin, each in its JSON form.
CREATE TABLE scenario (
  name TEXT PRIMARY KEY NOT NULL,  -- unique within the project, non-empty
  json TEXT NOT NULL               -- the whole scenario (twin-studio-scenario JSON), its name included
);

-- One row per simulation run, kept with the scenario and the model exactly
-- as they were run, so a run can be compared and reproduced. AUTOINCREMENT:
-- the id of a deleted run is never given again, so its result signal names
-- stay unique over the file's life.
CREATE TABLE sim_run (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  scenario_name TEXT NOT NULL,               -- the scenario it ran (it may since have changed or gone)
  scenario_json TEXT NOT NULL,               -- that scenario as run, --set overrides included
  model_json    TEXT NOT NULL,               -- the model as run (twin-studio-model JSON)
  started_us    INTEGER NOT NULL,            -- wall-clock start, UTC µs
  finished_us   INTEGER NOT NULL DEFAULT 0,  -- wall-clock end, UTC µs, or 0 while running
  status        TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'cancelled', 'interrupted')),
  message       TEXT,                        -- why it failed or stopped, or NULL
  start_us      INTEGER NOT NULL,            -- simulated start time (the scenario's), UTC µs
  t_reached_s   REAL NOT NULL DEFAULT 0,     -- simulated seconds reached
  method        TEXT,                        -- the solver that ran ("cvode-klu"), or NULL before it started
  statistics    TEXT,                        -- "steps …, rhs …, jacobians …, events …, wall … s", or NULL
  owner         TEXT                         -- "host:pid:start-ticks" of the process computing a running run
);
