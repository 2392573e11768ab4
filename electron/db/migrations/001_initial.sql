-- Schema version 1: the chain document.
-- Every row: a text UUID key, created_at, updated_at (ISO 8601 UTC) and a soft delete (deleted_at).
-- Facts carry a source and a note, because the sources disagree.

CREATE TABLE chain (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT,
  -- years between annual meetings: 1 for Vänersborg's chain, 2 for Göteborg's
  meeting_cadence_years INTEGER NOT NULL DEFAULT 1 CHECK (meeting_cadence_years BETWEEN 1 AND 10),
  source TEXT,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE place (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  -- JSON array of other spellings: ["Siglufjördur"]
  alternative_names TEXT NOT NULL DEFAULT '[]',
  area_code TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT 'municipality'
    CHECK (kind IN ('municipality', 'town', 'settlement', 'region', 'minority_community')),
  latitude REAL CHECK (latitude BETWEEN -90 AND 90),
  longitude REAL CHECK (longitude BETWEEN -180 AND 180),
  source TEXT,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

-- A place's time in a chain; a place may leave and rejoin (several periods).
CREATE TABLE membership (
  id TEXT PRIMARY KEY,
  chain_id TEXT NOT NULL REFERENCES chain(id),
  place_id TEXT NOT NULL REFERENCES place(id),
  joined_year INTEGER NOT NULL CHECK (joined_year BETWEEN 1900 AND 2999),
  left_year INTEGER CHECK (left_year IS NULL OR left_year >= joined_year),
  leave_reason TEXT,
  -- an older bond (fadderort, sponsor town) that preceded membership
  sponsor_bond TEXT,
  source TEXT,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX membership_chain ON membership(chain_id) WHERE deleted_at IS NULL;
CREATE INDEX membership_place ON membership(place_id) WHERE deleted_at IS NULL;

-- The local association (Föreningen Norden's local branch) of a place.
CREATE TABLE branch (
  id TEXT PRIMARY KEY,
  place_id TEXT NOT NULL REFERENCES place(id),
  name TEXT NOT NULL,
  founded_date TEXT,
  source TEXT,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX branch_place ON branch(place_id) WHERE deleted_at IS NULL;

-- Members of a branch in a year. count NULL: not reported (never zero).
CREATE TABLE member_count (
  id TEXT PRIMARY KEY,
  branch_id TEXT NOT NULL REFERENCES branch(id),
  year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
  count INTEGER CHECK (count IS NULL OR count >= 0),
  source TEXT,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE UNIQUE INDEX member_count_branch_year ON member_count(branch_id, year) WHERE deleted_at IS NULL;

CREATE TABLE meeting (
  id TEXT PRIMARY KEY,
  chain_id TEXT NOT NULL REFERENCES chain(id),
  year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
  host_place_id TEXT REFERENCES place(id),
  kind TEXT NOT NULL DEFAULT 'annual_meeting' CHECK (kind IN ('annual_meeting', 'board_seminar', 'other')),
  start_date TEXT,
  end_date TEXT,
  location TEXT,
  source TEXT,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX meeting_chain ON meeting(chain_id, year) WHERE deleted_at IS NULL;

-- "grant" is an SQL keyword, hence branch_grant. amount NULL: unknown sum.
CREATE TABLE branch_grant (
  id TEXT PRIMARY KEY,
  branch_id TEXT NOT NULL REFERENCES branch(id),
  year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
  amount REAL CHECK (amount IS NULL OR amount >= 0),
  currency TEXT NOT NULL CHECK (currency IN ('SEK', 'DKK', 'NOK', 'ISK', 'EUR')),
  grantor TEXT,
  status TEXT NOT NULL DEFAULT 'granted' CHECK (status IN ('granted', 'proposed')),
  source TEXT,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE agreement (
  id TEXT PRIMARY KEY,
  chain_id TEXT REFERENCES chain(id),
  kind TEXT NOT NULL CHECK (kind IN ('municipalities', 'branches', 'branch_and_municipality', 'other')),
  status TEXT NOT NULL CHECK (status IN ('none_found', 'active', 'dormant', 'ended')),
  title TEXT,
  start_date TEXT,
  end_date TEXT,
  source TEXT,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE agreement_party (
  id TEXT PRIMARY KEY,
  agreement_id TEXT NOT NULL REFERENCES agreement(id),
  place_id TEXT NOT NULL REFERENCES place(id),
  role TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

-- Exchanges and joint projects; field follows the SKL list.
CREATE TABLE activity (
  id TEXT PRIMARY KEY,
  chain_id TEXT REFERENCES chain(id),
  year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
  title TEXT NOT NULL,
  field TEXT NOT NULL DEFAULT 'other' CHECK (field IN ('culture', 'school_education', 'business_employment',
    'democracy_equality', 'leisure_sport', 'tourism', 'environment_climate', 'other')),
  description TEXT,
  source TEXT,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE activity_place (
  id TEXT PRIMARY KEY,
  activity_id TEXT NOT NULL REFERENCES activity(id),
  place_id TEXT NOT NULL REFERENCES place(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

-- A dated decision or note, with the body that took it and its reference number.
CREATE TABLE event (
  id TEXT PRIMARY KEY,
  chain_id TEXT REFERENCES chain(id),
  place_id TEXT REFERENCES place(id),
  date TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT,
  reference TEXT,
  description TEXT,
  source TEXT,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

-- Personal data: names and roles of contact people, kept to what the work needs.
CREATE TABLE contact (
  id TEXT PRIMARY KEY,
  place_id TEXT REFERENCES place(id),
  branch_id TEXT REFERENCES branch(id),
  person_name TEXT NOT NULL,
  role TEXT,
  email TEXT,
  phone TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE attached_document (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  file_name TEXT NOT NULL,
  media_type TEXT,
  content BLOB,
  source TEXT,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

-- Every change, appended. Values are JSON text so that NULL (unknown) and 0 stay apart.
-- One user action is one group; undo/redo steps by group. state: done, undone, or
-- discarded (an undone step that a new edit made unreachable).
CREATE TABLE change_log (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  group_id TEXT NOT NULL,
  table_name TEXT NOT NULL,
  row_id TEXT NOT NULL,
  -- a column name, or '*insert' for a new row (undo soft-deletes it)
  field TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT,
  at TEXT NOT NULL,
  device TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'discarded')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX change_log_group ON change_log(group_id);
CREATE INDEX change_log_state ON change_log(state, seq);

-- Document properties (key/value), e.g. the chain shown when the file opens.
CREATE TABLE document_property (
  key TEXT PRIMARY KEY,
  value TEXT
);
