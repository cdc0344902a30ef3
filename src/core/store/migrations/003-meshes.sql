-- 003-meshes.sql: schema version 3 of a .dtwin project file: imported meshes, stored inside the file.
--
-- Copyright 2026 The Twin Studio authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- TwinStore runs this after 002-connections.sql in the same migration
-- transaction. Never edit this file once a release has written files with it.

-- The geometry of meshes, each stored once: the binary form of
-- src/core/mesh/twin-mesh.c (positions, snorm16 normals, narrowest indices),
-- keyed by its SHA-256. A rowid table, since its rows are large blobs.
CREATE TABLE mesh_data (
  checksum TEXT PRIMARY KEY NOT NULL, -- SHA-256 of data, 64 lower-case hex digits
  data     BLOB NOT NULL
);

-- The meshes entities show: a geometry with the unit and up axis its
-- coordinates are in. Meshes of one geometry imported the same way share
-- a row; the same geometry in two units shares its mesh_data row.
CREATE TABLE mesh (
  id          TEXT PRIMARY KEY NOT NULL,  -- 32 hex digits, see twin_mesh_info_make_id()
  name        TEXT NOT NULL,              -- for people: the file or node it came from
  source      TEXT NOT NULL DEFAULT '',   -- the file it was imported from, no folder
  unit        TEXT NOT NULL,              -- "mm", "cm", "m" or "in"
  up_axis     TEXT NOT NULL,              -- "y" or "z"
  n_vertices  INTEGER NOT NULL,
  n_triangles INTEGER NOT NULL,
  -- The bounding box in the mesh's own unit and axes.
  min_x REAL NOT NULL, min_y REAL NOT NULL, min_z REAL NOT NULL,
  max_x REAL NOT NULL, max_y REAL NOT NULL, max_z REAL NOT NULL,
  checksum    TEXT NOT NULL REFERENCES mesh_data (checksum) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;

-- The mesh that shows an entity in 3D; NULL: a box. Not a foreign key: a
-- model imported from JSON may name meshes this file does not hold, and
-- such an entity is drawn as a box until one is imported.
ALTER TABLE entity ADD COLUMN mesh_id TEXT;
