-- Schema version 5: an import logs the rows it inserts together, as '*insert_rows' entries of the
-- change log (table, the rows as JSON; see electron/services/change-log.ts) instead of one entry a
-- row. An older app would not know how to undo such an entry, so the version goes up: an older
-- app refuses this file as one from a newer version instead of failing at Undo.
-- And an index from which the chain list counts each chain's current members without reading
-- the membership rows (2,000 chains and 100,000 memberships: the chain list is read on each reload).
CREATE INDEX membership_chain_current ON membership(chain_id, left_year, place_id) WHERE deleted_at IS NULL;
