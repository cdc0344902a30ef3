-- 004-history.sql: schema version 4 of a .dtwin project file: signals, their samples and rollups.
--
-- Copyright 2026 The Twin Studio authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- TwinStore runs this after 003-meshes.sql in the same migration
-- transaction. Never edit this file once a release has written files with it.
-- TwinHistorian (src/core/history/twin-historian.c) reads and writes these
-- tables on its own connection; times are INTEGER UTC microseconds since the
-- Unix epoch, values REAL and always finite.

-- The named time series of the twin. A signal may be bound to an entity
-- property (`entity_path` and `property` both set), and keeps its unit:
-- every sample is in it.
CREATE TABLE signal (
  id          INTEGER PRIMARY KEY,      -- small, for compact sample keys
  name        TEXT NOT NULL UNIQUE,     -- such as "building/room-1.temperature"
  unit        TEXT NOT NULL DEFAULT '', -- "" when the values have no unit
  description TEXT,                     -- a sentence for people, or NULL
  source      TEXT,                     -- where the samples came from (a file, a feed), or NULL
  entity_path TEXT,                     -- the bound entity, as a path from the root, or NULL
  property    TEXT,                     -- the bound parameter of that entity, or NULL
  base_level  INTEGER                   -- the finest rollup level stored for it (see rollup), or NULL
                                        -- until its samples have two distinct times (then as level 0)
);

-- Every sample of every signal, in time order per signal. At most one
-- value per (signal, t): writing a time again replaces the value (the last
-- write wins). No foreign key, so appends pay for no check; signals are
-- never deleted.
CREATE TABLE sample (
  signal INTEGER NOT NULL,  -- signal.id
  t      INTEGER NOT NULL,  -- UTC microseconds since the Unix epoch
  value  REAL NOT NULL,     -- in the signal's unit, finite
  PRIMARY KEY (signal, t)
) WITHOUT ROWID;

-- Summaries of the samples per time bucket, at several bucket sizes
-- (levels), so a query of any range at any zoom reads at most about two rows
-- per bucket it returns. Level k has buckets of 60 s × 4^k (k = 0 … 8: 1 min,
-- 4 min, 16 min, 64 min, 4 h 16 min, 17 h 4 min, 2.8 d, 11.4 d, 45.5 d),
-- aligned to the Unix epoch. A row exists only for a bucket that holds
-- samples; each row equals exactly what its samples give (the historian
-- recomputes touched buckets after out-of-order writes and duplicates).
-- A signal has rows only at its base level (signal.base_level) and coarser,
-- and those levels are complete for all its samples. The base level is the
-- finest whose buckets are at least 4 × the median interval between the
-- first samples (15-minute data: level 3), so buckets of about one sample
-- cost no rows; a later, denser batch lowers it and the finer levels are
-- built then from the samples. It is never raised.
CREATE TABLE rollup (
  signal INTEGER NOT NULL,  -- signal.id
  level  INTEGER NOT NULL,  -- 0 … 8, see above
  bucket INTEGER NOT NULL,  -- start of the bucket, UTC µs, a multiple of the level's size
  min    REAL NOT NULL,     -- the lowest value in the bucket
  max    REAL NOT NULL,     -- the highest value in the bucket
  sum    REAL NOT NULL,     -- the sum of the values (mean = sum / count)
  count  INTEGER NOT NULL,  -- the number of samples, at least 1
  min_t  INTEGER NOT NULL,  -- when min happened, UTC µs (the earliest if tied)
  max_t  INTEGER NOT NULL,  -- when max happened, UTC µs (the earliest if tied)
  PRIMARY KEY (signal, level, bucket)
) WITHOUT ROWID;
