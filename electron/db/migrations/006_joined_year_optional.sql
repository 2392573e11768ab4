-- Schema version 6: the year a member joined may be unknown (NULL): a register of twin towns
-- often gives none. The range check still holds for a known year, and a departure comes after
-- the join when both are known.
-- SQLite cannot drop a NOT NULL in place, so the table is rebuilt. Migrations run with foreign
-- keys on and inside a transaction (where PRAGMA foreign_keys cannot be turned off), and dropping
-- a parent table whose rows are referenced fails: activity_level, the one table that references
-- membership, is held in a table without foreign keys meanwhile and rebuilt as it was.
-- Rowids are copied so that the rows keep their order; ids (what the change log names) are kept.
CREATE TABLE activity_level_held AS SELECT rowid AS held_rowid, * FROM activity_level;
DROP TABLE activity_level;

CREATE TABLE membership_rebuilt (
  id TEXT PRIMARY KEY,
  chain_id TEXT NOT NULL REFERENCES chain(id),
  place_id TEXT NOT NULL REFERENCES place(id),
  -- NULL: the year joined is not known (the member counts as one from the chain's start)
  joined_year INTEGER CHECK (joined_year IS NULL OR joined_year BETWEEN 1900 AND 2999),
  left_year INTEGER CHECK (left_year IS NULL OR joined_year IS NULL OR left_year >= joined_year),
  leave_reason TEXT,
  -- an older bond (fadderort, sponsor town) that preceded membership
  sponsor_bond TEXT,
  source TEXT,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  can_host INTEGER NOT NULL DEFAULT 1 CHECK (can_host IN (0, 1))
);
INSERT INTO membership_rebuilt (rowid, id, chain_id, place_id, joined_year, left_year, leave_reason, sponsor_bond,
                                source, note, created_at, updated_at, deleted_at, can_host)
  SELECT rowid, id, chain_id, place_id, joined_year, left_year, leave_reason, sponsor_bond,
         source, note, created_at, updated_at, deleted_at, can_host
    FROM membership;
DROP TABLE membership;
ALTER TABLE membership_rebuilt RENAME TO membership;
CREATE INDEX membership_chain ON membership(chain_id) WHERE deleted_at IS NULL;
CREATE INDEX membership_place ON membership(place_id) WHERE deleted_at IS NULL;
CREATE INDEX membership_chain_current ON membership(chain_id, left_year, place_id) WHERE deleted_at IS NULL;

CREATE TABLE activity_level (
  id TEXT PRIMARY KEY,
  membership_id TEXT NOT NULL REFERENCES membership(id),
  year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
  level TEXT NOT NULL CHECK (level IN ('active', 'sporadic', 'dormant')),
  source TEXT,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
INSERT INTO activity_level (rowid, id, membership_id, year, level, source, note, created_at, updated_at, deleted_at)
  SELECT held_rowid, id, membership_id, year, level, source, note, created_at, updated_at, deleted_at
    FROM activity_level_held;
DROP TABLE activity_level_held;
CREATE UNIQUE INDEX activity_level_membership_year ON activity_level(membership_id, year) WHERE deleted_at IS NULL;
