-- Schema version 7: sharing a document between laptops (electron/services/sync/).
-- The CRDT engine's history (Automerge) is kept in the file as chunks: a full save, then the
-- increments of later edits, which are folded into one save now and then.
CREATE TABLE sync_chunk (
  seq INTEGER PRIMARY KEY,
  data BLOB NOT NULL,
  created_at TEXT NOT NULL
);

-- Each engine change's author and time, for the preview, the conflict list and "What changed":
-- an Automerge change is made by an actor (one per app session) from ops start_op..start_op+ops-1.
CREATE TABLE sync_change (
  hash TEXT PRIMARY KEY,
  actor TEXT NOT NULL,
  seq INTEGER NOT NULL,
  start_op INTEGER NOT NULL,
  ops INTEGER NOT NULL,
  at TEXT NOT NULL,
  device TEXT NOT NULL,
  laptop TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sync_change_actor ON sync_change(actor, start_op);

-- Fields two laptops changed concurrently, with every value (JSON), until a person decides.
CREATE TABLE sync_conflict (
  key TEXT PRIMARY KEY,
  table_name TEXT NOT NULL,
  row_key TEXT NOT NULL,
  field TEXT NOT NULL,
  "values" TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- The laptops this one merged changes from, and the engine heads it last merged of each.
CREATE TABLE sync_peer (
  device TEXT PRIMARY KEY,
  laptop TEXT NOT NULL DEFAULT '',
  heads TEXT NOT NULL,
  last_merged TEXT NOT NULL
);

-- Who made each logged change (the laptop's name at the time), and whether it came in a merge.
ALTER TABLE change_log ADD COLUMN laptop TEXT;
ALTER TABLE change_log ADD COLUMN merged INTEGER NOT NULL DEFAULT 0 CHECK (merged IN (0, 1));
