import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Gazetteer } from '../../electron/services/gazetteer';
import { RESOURCES_DIR } from './documents';

/** The real gazetteer index, as `npm run build` prepares it from GeoNames' cities500. */
export const GAZETTEER_PATH = join(RESOURCES_DIR, 'generated', 'gazetteer.sqlite');

export function openGazetteer(): Gazetteer {
  return Gazetteer.open(GAZETTEER_PATH);
}

export interface StoredPlace {
  geonameId: number;
  /** The primary name first, then the alternates. */
  names: string[];
  country: string;
}

/** Every place of the index file, read on its own (not through Gazetteer), in country order. */
export function storedPlaces(): StoredPlace[] {
  const db = new Database(GAZETTEER_PATH, { readonly: true, fileMustExist: true });
  try {
    return (
      db.prepare('SELECT geoname_id, names, country FROM place ORDER BY country, geoname_id').all() as Array<{
        geoname_id: number;
        names: string;
        country: string;
      }>
    ).map((row) => ({ geonameId: row.geoname_id, names: row.names.split('|'), country: row.country }));
  } finally {
    db.close();
  }
}

/** The places as lines of "id, name, -, -, country" (tab-separated), as realPlaceRows reads them. */
export const gazetteerLines = (): string =>
  storedPlaces()
    .map((place) => [place.geonameId, place.names[0], '', '', place.country].join('\t'))
    .join('\n');
