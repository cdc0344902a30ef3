-- 001-initial.sql: schema version 1 of a .dtwin project file, the twin model.
--
-- Copyright 2026 The Twin Studio authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- TwinStore runs this inside its migration transaction and then sets
-- `PRAGMA application_id` and `PRAGMA user_version`. Numbers are stored as
-- REAL or INTEGER, never as locale text. Later versions add their own
-- numbered files (meshes, signals, samples, ...); never edit this one once a
-- release has written files with it.

-- Facts about the file itself: `created-by` (TEXT, "Twin Studio 0.1.0") and
-- `created-at-us` (INTEGER, UTC microseconds since the Unix epoch).
CREATE TABLE metadata (
  key   TEXT PRIMARY KEY NOT NULL,
  value -- no declared type, so INTEGER, REAL and TEXT are kept as given
) WITHOUT ROWID;

-- One row per entity. Exactly one row, the root, has no parent. Sibling
-- names are unique, but the model enforces that, not SQL: a multi-row edit
-- inside one transaction may make two names equal for a moment. The
-- foreign key is checked at COMMIT, so rows of one edit may come in any
-- order; deleting a row deletes its whole subtree.
CREATE TABLE entity (
  id        TEXT PRIMARY KEY NOT NULL,  -- UUID, lower case
  parent_id TEXT REFERENCES entity (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  position  INTEGER NOT NULL,           -- index among its siblings, from 0
  name      TEXT NOT NULL,
  type      TEXT NOT NULL,              -- type name, such as "room"
  -- The transform relative to the parent.
  x_m       REAL NOT NULL,
  y_m       REAL NOT NULL,
  z_m       REAL NOT NULL,
  rot_x_deg REAL NOT NULL,
  rot_y_deg REAL NOT NULL,
  rot_z_deg REAL NOT NULL,
  scale_x   REAL NOT NULL,
  scale_y   REAL NOT NULL,
  scale_z   REAL NOT NULL
) WITHOUT ROWID;

CREATE INDEX entity_by_parent ON entity (parent_id, position);

-- At most one root.
CREATE UNIQUE INDEX entity_single_root ON entity ((parent_id IS NULL)) WHERE parent_id IS NULL;

-- The parameters of an entity, in order.
CREATE TABLE parameter (
  entity_id   TEXT NOT NULL REFERENCES entity (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  name        TEXT NOT NULL,
  position    INTEGER NOT NULL,          -- index among the entity's parameters, from 0
  kind        TEXT NOT NULL,             -- "number", "integer", "boolean" or "string"
  value       NOT NULL,                  -- REAL, INTEGER, INTEGER 0/1 or TEXT, by kind
  unit        TEXT NOT NULL DEFAULT '',  -- "" when the value has no unit
  minimum     REAL,                      -- inclusive, in the unit; NULL: no bound
  maximum     REAL,                      -- inclusive, in the unit; NULL: no bound
  description TEXT,
  PRIMARY KEY (entity_id, name)
) WITHOUT ROWID;
