-- 007-live.sql: schema version 7 of a .dtwin project file: alarms and actuation.
--
-- Copyright 2026 The Twin Studio authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- TwinStore runs this after 006-feeds.sql in the same migration
-- transaction. Never edit this file once a release has written files with it.
-- TwinAlarmStore (src/core/feeds/twin-alarm-store.c) and TwinCommandStore
-- (src/core/feeds/twin-command-store.c) read and write these tables on their
-- own connections. docs/feeds.md describes alarms and commands.

-- An alarm rule watches one history signal (a topic, a simulation variable or
-- an imported column). THRESHOLD: raised while the value is below low or
-- above high. RATE: raised while its change per second over window_s is below
-- low or above high. A NULL limit is no limit. The alarm clears once the value
-- is back inside by deadband.
CREATE TABLE alarm_rule (
  id        INTEGER PRIMARY KEY,
  name      TEXT UNIQUE NOT NULL,          -- shown to the user, non-empty
  signal    TEXT NOT NULL,                 -- the history signal's name
  kind      TEXT NOT NULL CHECK (kind IN ('threshold', 'rate')),
  low       REAL,
  high      REAL,
  deadband  REAL NOT NULL DEFAULT 0 CHECK (deadband >= 0),
  window_s  REAL NOT NULL DEFAULT 60 CHECK (window_s > 0),
  enabled   INTEGER NOT NULL DEFAULT 1
);

-- The alarm log: every raise, clear and acknowledgement with its time. Kept
-- when the rule is deleted (rule_name keeps what it was called).
CREATE TABLE alarm_event (
  id        INTEGER PRIMARY KEY,
  rule_id   INTEGER,                       -- NULL once the rule is deleted
  rule_name TEXT NOT NULL,
  signal    TEXT NOT NULL,
  kind      TEXT NOT NULL CHECK (kind IN ('raised', 'cleared', 'acknowledged')),
  t_us      INTEGER NOT NULL,              -- the sample's time (UTC µs); wall clock for acknowledgements
  value     REAL,                          -- the value (or rate) that raised or cleared it
  message   TEXT NOT NULL                  -- a sentence for the log: what, where, which limit
);
CREATE INDEX alarm_event_time ON alarm_event (t_us);

-- A command binding: how a setpoint for ENTITY.PROPERTY is sent to the
-- physical system: published on topic through the named MQTT feed's broker.
-- payload is NULL for the plain number, or a JSON template in which {value}
-- is replaced by the number. min/max (in the property's unit) refuse values
-- outside them; unit is the unit the receiver expects (converted from the
-- property's unit).
CREATE TABLE command_binding (
  entity_path TEXT NOT NULL,
  property    TEXT NOT NULL,
  feed        TEXT NOT NULL,
  topic       TEXT NOT NULL,
  qos         INTEGER NOT NULL DEFAULT 1 CHECK (qos BETWEEN 0 AND 2),
  retain      INTEGER NOT NULL DEFAULT 0,
  payload     TEXT,
  unit        TEXT,
  min         REAL,
  max         REAL,
  PRIMARY KEY (entity_path, property)
);

-- Every command sent (or refused by the broker): who, what, where, the result.
CREATE TABLE command_log (
  id          INTEGER PRIMARY KEY,
  t_us        INTEGER NOT NULL,            -- wall clock when it was sent (UTC µs)
  entity_path TEXT NOT NULL,
  property    TEXT NOT NULL,
  feed        TEXT NOT NULL,
  topic       TEXT NOT NULL,
  payload     TEXT NOT NULL,
  value       REAL NOT NULL,               -- in the property's unit
  qos         INTEGER NOT NULL,
  retain      INTEGER NOT NULL,
  origin      TEXT NOT NULL,               -- 'app', 'twinctl', …
  ok          INTEGER NOT NULL,
  error       TEXT                         -- why it failed, or NULL
);
CREATE INDEX command_log_time ON command_log (t_us);
