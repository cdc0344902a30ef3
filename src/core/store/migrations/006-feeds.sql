-- 006-feeds.sql: schema version 6 of a .dtwin project file: live feeds and topic bindings.
--
-- Copyright 2026 The Twin Studio authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- TwinStore runs this after 005-simulation.sql in the same migration
-- transaction. Never edit this file once a release has written files with it.
-- TwinFeedStore (src/core/feeds/twin-feed-store.c) reads and writes these
-- tables on its own connection. The samples a feed receives are history
-- signals named after their topics (tables of 004-history.sql); a binding
-- here says how a topic's values are converted on the way in, and the
-- signal's own entity_path/property says which property it measures.
-- docs/feeds.md describes the feed JSON. A password is never stored.

-- The feeds of the twin, each in its JSON form (twin-studio-feed).
CREATE TABLE feed (
  name TEXT PRIMARY KEY NOT NULL,  -- unique within the project, non-empty
  json TEXT NOT NULL               -- the whole feed's settings, its name included
);

-- One row per bound topic (or SenML record name): where its values go and
-- how they are converted: value · scale + offset, then from unit to the
-- property's unit.
CREATE TABLE topic_binding (
  topic       TEXT PRIMARY KEY NOT NULL,  -- a concrete topic, the name of its history signal
  entity_path TEXT NOT NULL,              -- the bound entity's path in the tree
  property    TEXT NOT NULL,              -- its property (a parameter name)
  unit        TEXT,                       -- the unit the payload's values are in, or NULL
  scale       REAL NOT NULL DEFAULT 1,
  offset      REAL NOT NULL DEFAULT 0
);
