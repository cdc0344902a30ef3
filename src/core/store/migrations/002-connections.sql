-- 002-connections.sql: schema version 2 of a .dtwin project file: diagram positions, boundary ports
-- and connections.
--
-- Copyright 2026 The Twin Studio authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- TwinStore runs this after 001-initial.sql in the same migration
-- transaction, so a version 1 file is upgraded whole or not at all and keeps
-- all its rows. Never edit this file once a release has written files with it.

-- Where an entity's block sits in its parent's diagram, in diagram units
-- (1 unit = 1 px at 100 % zoom). Both NULL: no position yet; the diagram lays
-- the block out by itself until the user moves it.
ALTER TABLE entity ADD COLUMN diagram_x REAL;
ALTER TABLE entity ADD COLUMN diagram_y REAL;

-- The boundary ports of a subsystem, in order: each exposes one port of one
-- of the entity's direct children one level up. A boundary port may expose a
-- child's own boundary port (multi-scale). The inner entity must exist when
-- the transaction commits: a step that deletes it deletes the port too.
CREATE TABLE boundary_port (
  entity_id  TEXT NOT NULL REFERENCES entity (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  name       TEXT NOT NULL,            -- unique among all of the entity's ports
  position   INTEGER NOT NULL,         -- order among the entity's boundary ports
  inner_id   TEXT NOT NULL REFERENCES entity (id) DEFERRABLE INITIALLY DEFERRED,
  inner_port TEXT NOT NULL,            -- a port name of the inner entity
  PRIMARY KEY (entity_id, name)
) WITHOUT ROWID;

CREATE INDEX boundary_port_by_inner ON boundary_port (inner_id);

-- The connections drawn in the diagram of `parent_id`, in order. Both ends
-- are children of that parent; a signal connection goes from an output
-- (`from_*`) to an input (`to_*`). Positions only need to increase along the
-- list: they may have gaps. Deleting the parent deletes its connections;
-- deleting an end without its connection fails the transaction at COMMIT.
CREATE TABLE connection (
  id        TEXT PRIMARY KEY NOT NULL,  -- UUID, lower case
  parent_id TEXT NOT NULL REFERENCES entity (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  position  INTEGER NOT NULL,           -- order in the parent's list
  from_id   TEXT NOT NULL REFERENCES entity (id) DEFERRABLE INITIALLY DEFERRED,
  from_port TEXT NOT NULL,
  to_id     TEXT NOT NULL REFERENCES entity (id) DEFERRABLE INITIALLY DEFERRED,
  to_port   TEXT NOT NULL
) WITHOUT ROWID;

CREATE INDEX connection_by_parent ON connection (parent_id, position);
-- For the foreign key checks when an entity is deleted.
CREATE INDEX connection_by_from ON connection (from_id);
CREATE INDEX connection_by_to ON connection (to_id);
