-- Schema version 4: each member's activity level per year (the SKL levels), and facts recorded
-- from more than one source (Husby joined 1988 says the report's table, 1989 its text): every
-- value with its source, one of them marked as the one shown.
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
CREATE UNIQUE INDEX activity_level_membership_year ON activity_level(membership_id, year) WHERE deleted_at IS NULL;

CREATE TABLE fact_alternative (
  id TEXT PRIMARY KEY,
  table_name TEXT NOT NULL,
  row_id TEXT NOT NULL,
  field TEXT NOT NULL,
  -- JSON, like the change log, so that a number stays a number
  value TEXT NOT NULL,
  source TEXT NOT NULL,
  note TEXT,
  shown INTEGER NOT NULL DEFAULT 0 CHECK (shown IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX fact_alternative_fact ON fact_alternative(table_name, row_id, field) WHERE deleted_at IS NULL;
