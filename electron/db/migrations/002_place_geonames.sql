-- Schema version 2: a place found in the gazetteer remembers its GeoNames id, so adding the
-- same place again reuses it instead of making a duplicate.
ALTER TABLE place ADD COLUMN geonames_id INTEGER;
CREATE INDEX place_geonames ON place(geonames_id) WHERE deleted_at IS NULL AND geonames_id IS NOT NULL;
