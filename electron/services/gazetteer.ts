import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { GazetteerHit } from '../../shared/contract';
import { NORDIC_COUNTRY_CODES } from '../../shared/map/bounds';
import { foldName } from '../../shared/text/fold';
import { ServiceError } from './context';

/** The index file's layout (scripts/build-gazetteer.ts writes it); another is refused. */
export const GAZETTEER_FORMAT = 'vanortsatlas-gazetteer-1';

/** Schleswig-Holstein (admin1 10) holds Sydslesvig, home of the Danish minority. */
export const isNordicPlace = (country: string, region: string): boolean =>
  NORDIC_COUNTRY_CODES.has(country) || (country === 'DE' && region === '10');

/** The ranked lists the build keeps for short prefixes that begin many names (its BIG_RANGE). */
export const TOP_LENGTH = 24;
/** The longest prefix, in characters, that has lists. */
export const TOP_PREFIX_LENGTH = 4;
export const enum TopKind {
  /** A spelling begins with the folded letters. */
  Start = 0,
  /** A later word of a spelling begins with them. */
  Word = 1,
  /** A spelling begins with the letters as typed, lowercased. */
  Typed = 2,
}

/** How well a name matches what was typed; lower is better. */
const enum Match {
  ExactWhole = 0,
  ExactPrefix = 1,
  FoldedWhole = 2,
  FoldedPrefix = 3,
  WordPrefix = 4,
}

// The best (match, spelling) of a place packed in one number: the match above, the spelling below.
const NAME_BITS = 2 ** 20;

/**
 * Each row's match, in SQL: the letters as typed count first ("vän" is Vänersborg before Van or
 * Vancouver), then folded; a later word's start last. `lower` is the spelling lowercased when
 * that differs from its folded key. Lengths are in characters, as JavaScript's are in code units:
 * a prefix of the same characters is the same prefix either way.
 */
const MATCH_SQL = `CASE
  WHEN start = 0 THEN ${Match.WordPrefix}
  WHEN coalesce(lower, key) = :query THEN ${Match.ExactWhole}
  WHEN substr(coalesce(lower, key), 1, :queryLength) = :query THEN ${Match.ExactPrefix}
  WHEN key = :folded THEN ${Match.FoldedWhole}
  ELSE ${Match.FoldedPrefix} END`;

interface PlaceRow {
  id: number;
  geoname_id: number;
  names: string;
  latitude: number;
  longitude: number;
  country: string;
  region: string;
  population: number;
}

interface Best {
  place: number;
  best: number;
}

/**
 * The first string after every string that begins with `prefix`: its last character one up (the
 * one before when that is the last there is). A blob when none is: SQLite puts every text before one.
 */
function after(prefix: string): string | Buffer {
  const chars = [...prefix];
  while (chars.length > 0) {
    const last = chars.pop()!.codePointAt(0)!;
    if (last === 0x10ffff) continue;
    // Past the surrogates, which are no characters of their own in SQLite's UTF-8.
    return chars.join('') + String.fromCodePoint(last + 1 === 0xd800 ? 0xe000 : last + 1);
  }
  return Buffer.from([0xff]);
}

function damaged(path: string, why: string): ServiceError {
  return new ServiceError({ code: 'io', message: 'errors.gazetteerDamaged', detail: `${path}: ${why}` });
}

/** A file cut short (a broken copy, a full disk at install) is refused before SQLite reads it. */
function checkLength(path: string): void {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(100);
    const read = readSync(fd, header, 0, 100, 0);
    if (read < 100 || header.toString('latin1', 0, 16) !== 'SQLite format 3\0') throw damaged(path, 'not a SQLite file');
    const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
    const pages = header.readUInt32BE(28);
    const size = fstatSync(fd).size;
    if (size !== pageSize * pages) throw damaged(path, `${size} bytes, the header says ${pageSize * pages}`);
  } finally {
    closeSync(fd);
  }
}

/**
 * The offline gazetteer (GeoNames cities500), an indexed read-only SQLite file made at build time
 * by scripts/build-gazetteer.ts, opened on first use. Ranking: how exactly the letters match (the
 * letters as typed before folded ones, whole names before prefixes), then the Nordic region (with
 * Schleswig), then primary names before alternate ones, then size, then GeoNames' order. The
 * places are stored in the order of the last three (their id), so SQL ranks by (match, id).
 */
export class Gazetteer {
  private readonly nordicPlaces: number;
  private readonly placeCount: number;
  private readonly placeById: Database.Statement<[number], PlaceRow>;
  private readonly placeByGeonameId: Database.Statement<[number], PlaceRow>;
  private readonly wholeName: Database.Statement<[string], PlaceRow & { name: number; lower: string | null }>;
  private readonly searchStatement: Database.Statement<Record<string, string | number | Buffer>, Best>;
  private readonly bigPrefix: Database.Statement<[string], { prefix: string }>;
  private readonly topList: Database.Statement<[number, string], { place: number; name: number }>;
  private readonly inBox: Database.Statement<Record<string, number>, PlaceRow>;

  private constructor(
    private readonly db: Database.Database,
    private readonly path: string,
  ) {
    const meta = new Map(
      (db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: unknown }>).map((row) => [
        row.key,
        row.value,
      ]),
    );
    if (meta.get('format') !== GAZETTEER_FORMAT) throw damaged(path, `format ${String(meta.get('format'))}`);
    this.placeCount = Number(meta.get('places'));
    this.nordicPlaces = Number(meta.get('nordic_places'));
    this.placeById = db.prepare('SELECT * FROM place WHERE id = ?');
    this.placeByGeonameId = db.prepare('SELECT * FROM place WHERE geoname_id = ?');
    // With the place's row: an import looks up thousands of names, most of them found.
    this.wholeName = db.prepare(
      'SELECT place.*, word.name, word.lower FROM word JOIN place ON place.id = word.place WHERE word.key = ? AND word.start = 1',
    );
    // The best match of each place whose spellings have a word beginning with the folded letters;
    // ranked as the class says: match, Nordic, primary spelling, then the place's id.
    this.searchStatement = db.prepare(
      `SELECT place, min((${MATCH_SQL}) * ${NAME_BITS} + name) AS best
       FROM word WHERE key >= :folded AND key < :after
       GROUP BY place
       ORDER BY best / ${NAME_BITS}, place > :nordic, best % ${NAME_BITS} > 0, place
       LIMIT :limit`,
    );
    this.bigPrefix = db.prepare('SELECT prefix FROM big_prefix WHERE prefix = ?');
    this.topList = db.prepare('SELECT place, name FROM top WHERE kind = ? AND prefix = ? ORDER BY position');
    // No spatial index: a pin is placed now and then, and a scan of the places takes a few ms.
    this.inBox = db.prepare(
      'SELECT * FROM place WHERE latitude BETWEEN :south AND :north AND longitude BETWEEN :west AND :east LIMIT 20000',
    );
  }

  /**
   * The place nearest a point (a pin placed on the map), found within a box of some 650 km
   * around it, else null (the open sea). Its country or area is the pin's: the basemap draws
   * land, not borders. The box is not carried across the 180th meridian.
   */
  nearest(latitude: number, longitude: number): GazetteerHit | null {
    const cos = Math.max(0.05, Math.cos((latitude * Math.PI) / 180));
    for (const reach of [0.5, 2, 6]) {
      const rows = this.read(() =>
        this.inBox.all({
          south: latitude - reach,
          north: latitude + reach,
          west: longitude - reach / cos,
          east: longitude + reach / cos,
        }),
      );
      let best: { row: PlaceRow; distance: number } | null = null;
      for (const row of rows) {
        // Equirectangular: near enough to compare distances within a few degrees.
        const distance = ((row.longitude - longitude) * cos) ** 2 + (row.latitude - latitude) ** 2;
        if (!best || distance < best.distance) best = { row, distance };
      }
      if (best) return hitOf(best.row, 0);
    }
    return null;
  }

  /**
   * Opens the index file read-only. A missing file, one cut short or not made by this app's build
   * gives a ServiceError saying so (errors.gazetteerDamaged), never a crash.
   */
  static open(path: string, options: { nativeBinding?: string } = {}): Gazetteer {
    let db: Database.Database | null = null;
    try {
      checkLength(path);
      db = new Database(path, {
        readonly: true,
        fileMustExist: true,
        ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      });
      return new Gazetteer(db, path);
    } catch (error) {
      db?.close();
      if (error instanceof ServiceError) throw error;
      throw damaged(path, error instanceof Error ? error.message : String(error));
    }
  }

  close(): void {
    this.db.close();
  }

  get size(): number {
    return this.placeCount;
  }

  /** What the search box shows for what was typed: the best `limit` places. */
  search(text: string, limit = 10): GazetteerHit[] {
    const query = text.trim().toLowerCase();
    const folded = foldName(text);
    if (folded.length === 0 || limit <= 0) return [];
    const listed = this.fromLists(query, folded, Math.floor(limit));
    if (listed) return listed.map(({ place, name }) => this.hit(place, name));
    const rows = this.read(() =>
      this.searchStatement.all({
        query,
        queryLength: [...query].length,
        folded,
        after: after(folded),
        nordic: this.nordicPlaces,
        limit: Math.floor(limit),
      }),
    );
    return rows.map(({ place, best }) => this.hit(place, best % NAME_BITS));
  }

  /**
   * The first letters or two of a name begin tens of thousands of keys, too many to rank at each
   * key press: the build ranked the best of each kind of match for them. In the order of the
   * matches, the whole names (as typed, then folded: few), the names beginning with the letters
   * as typed, the folded ones, the later words; a place once. Null when the prefix is not one of
   * those or the limit is above the lists' length: the search ranks the whole range instead.
   */
  private fromLists(query: string, folded: string, limit: number): Array<{ place: number; name: number }> | null {
    if (limit > TOP_LENGTH || [...query].length > TOP_PREFIX_LENGTH || !this.read(() => this.bigPrefix.get(folded))) return null;
    const whole = this.wholeMatches(query, folded);
    const ranked = (kind: TopKind, prefix: string) => this.read(() => this.topList.all(kind, prefix));
    const lists = [
      whole.filter((item) => item.match === Match.ExactWhole),
      ranked(TopKind.Typed, query),
      whole.filter((item) => item.match === Match.FoldedWhole),
      ranked(TopKind.Start, folded),
      ranked(TopKind.Word, folded),
    ];
    // A list the build cut holds TOP_LENGTH places, each now in the result: with limit at most
    // that, the result is full before a cut list runs out, so no later kind can pass over a place.
    const seen = new Set<number>();
    const out: Array<{ place: number; name: number }> = [];
    for (const list of lists) {
      for (const item of list) {
        if (seen.has(item.place)) continue;
        seen.add(item.place);
        out.push(item);
        if (out.length === limit) return out;
      }
    }
    return out;
  }

  /** The places with a spelling that is the name, as typed or folded: best spelling each, ranked. */
  private wholeMatches(query: string, folded: string): Array<{ place: number; name: number; match: Match; row: PlaceRow }> {
    const best = new Map<number, { value: number; row: PlaceRow }>();
    for (const row of this.read(() => this.wholeName.all(folded))) {
      const match = (row.lower ?? folded) === query ? Match.ExactWhole : Match.FoldedWhole;
      const value = match * NAME_BITS + row.name;
      const there = best.get(row.id);
      if (there === undefined || value < there.value) best.set(row.id, { value, row });
    }
    const nordic = (place: number) => Number(place > this.nordicPlaces);
    return [...best]
      .sort(
        ([placeA, a], [placeB, b]) =>
          Math.floor(a.value / NAME_BITS) - Math.floor(b.value / NAME_BITS) ||
          nordic(placeA) - nordic(placeB) ||
          Number(a.value % NAME_BITS > 0) - Number(b.value % NAME_BITS > 0) ||
          placeA - placeB,
      )
      .map(([place, { value, row }]) => ({ place, name: value % NAME_BITS, match: Math.floor(value / NAME_BITS) as Match, row }));
  }

  /**
   * Every place that has this name, in any of its spellings, folded (Reykjavik is Reykjavík,
   * Vac is Vác), best first by the search's ranking. The import's lookup: no top-N cut, so a
   * filter by country afterwards sees every place of that name.
   */
  named(text: string): GazetteerHit[] {
    const query = text.trim().toLowerCase();
    const folded = foldName(text);
    if (folded.length === 0) return [];
    // A whole name only: the spelling is the name, as typed or folded (never a longer name it begins).
    return this.wholeMatches(query, folded).map(({ row, name }) => hitOf(row, name));
  }

  /** The place with this GeoNames id, by its primary name; undefined when the gazetteer has none. */
  byId(geonameId: number): GazetteerHit | undefined {
    if (!Number.isSafeInteger(geonameId)) return undefined;
    const row = this.read(() => this.placeByGeonameId.get(geonameId));
    return row ? hitOf(row, 0) : undefined;
  }

  private hit(place: number, nameIndex: number): GazetteerHit {
    const row = this.read(() => this.placeById.get(place));
    if (!row) throw damaged(this.path, `place ${place} is missing`);
    return hitOf(row, nameIndex);
  }

  /** A query on a file damaged inside (a page overwritten) is the same clear error as at open. */
  private read<T>(query: () => T): T {
    try {
      return query();
    } catch (error) {
      if (error instanceof Database.SqliteError) throw damaged(this.path, error.message);
      throw error;
    }
  }
}

function hitOf(row: PlaceRow, nameIndex: number): GazetteerHit {
  const names = row.names.split('|');
  return {
    geonameId: row.geoname_id,
    name: names[0]!,
    matchedName: nameIndex > 0 ? (names[nameIndex] ?? null) : null,
    areaCode: row.country,
    region: row.region || null,
    latitude: row.latitude,
    longitude: row.longitude,
    population: row.population,
  };
}
