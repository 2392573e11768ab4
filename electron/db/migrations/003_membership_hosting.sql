-- Schema version 3: whether a member takes part in the rotation of the annual meeting
-- (the suggestion "who hosts next" considers only those that can host).
ALTER TABLE membership ADD COLUMN can_host INTEGER NOT NULL DEFAULT 1 CHECK (can_host IN (0, 1));
