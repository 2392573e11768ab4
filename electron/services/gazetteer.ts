import { readFileSync } from 'node:fs';
import type { GazetteerHit } from '../../shared/contract';
import { NORDIC_COUNTRY_CODES } from '../../shared/map/bounds';
import { foldName } from '../../shared/text/fold';

interface Entry {
  geonameId: number;
  names: string[];
  foldedNames: string[];
  latitude: number;
  longitude: number;
  country: string;
  /** GeoNames' first-level area code (CA for California, 10 for Schleswig-Holstein). */
  region: string;
  nordic: boolean;
  population: number;
}

/** How well a name matches what was typed; lower is better. */
const enum Match {
  ExactWhole = 0,
  ExactPrefix = 1,
  FoldedWhole = 2,
  FoldedPrefix = 3,
  WordPrefix = 4,
  None = 9,
}

// The letters as typed count first ("vän" is Vänersborg before Van or Vancouver), then folded.
function matchOf(lower: string, folded: string, query: string, foldedQuery: string): Match {
  if (lower === query) return Match.ExactWhole;
  if (lower.startsWith(query)) return Match.ExactPrefix;
  if (folded === foldedQuery) return Match.FoldedWhole;
  if (folded.startsWith(foldedQuery)) return Match.FoldedPrefix;
  if (folded.includes(` ${foldedQuery}`)) return Match.WordPrefix;
  return Match.None;
}

/** A whole name only: the spelling is the name, as typed or folded (never a longer name it begins). */
function wholeMatchOf(lower: string, folded: string, query: string, foldedQuery: string): Match {
  if (folded !== foldedQuery) return Match.None;
  return lower === query ? Match.ExactWhole : Match.FoldedWhole;
}

interface Found {
  entry: Entry;
  match: Match;
  nameIndex: number;
}

/**
 * The search index's keys: the first letters (up to this many) of each word of each folded
 * spelling. Any name a query matches has a word that begins with the folded query (a name that
 * begins with the letters as typed also begins with them folded), so the entries under the
 * query's first letters are all that need a look.
 */
const START_LENGTH = 3;
const NO_ENTRIES = new Int32Array(0);

/**
 * The offline gazetteer (GeoNames cities500, prepared by scripts/build-gazetteer.ts). Ranking:
 * how exactly the letters match (the letters as typed before folded ones, whole names before prefixes),
 * then the Nordic region (with Schleswig), then primary names before alternate ones, then size.
 * Both indexes are built on first use, once per loaded gazetteer: an import looks names up by
 * their folded spelling (every spelling of every place), the search box by the words' first letters.
 */
export class Gazetteer {
  private byName: Map<string, Entry | Entry[]> | null = null;
  private byStart: Map<string, Int32Array> | null = null;
  private byGeonameId: Map<number, Entry> | null = null;

  private constructor(private readonly entries: Entry[]) {}

  static load(path: string): Gazetteer {
    const entries: Entry[] = [];
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line) continue;
      const [id, name, lat, lon, country, admin1, , population, alternates] = line.split('\t');
      const names = [name!, ...(alternates ? alternates.split('|') : [])];
      entries.push({
        geonameId: Number(id),
        names,
        foldedNames: names.map(foldName),
        latitude: Number(lat),
        longitude: Number(lon),
        country: country!,
        region: admin1 ?? '',
        // Schleswig-Holstein (admin1 10) holds Sydslesvig, home of the Danish minority.
        nordic: NORDIC_COUNTRY_CODES.has(country!) || (country === 'DE' && admin1 === '10'),
        population: Number(population) || 0,
      });
    }
    return new Gazetteer(entries);
  }

  get size(): number {
    return this.entries.length;
  }

  /** What the search box shows for what was typed: the best `limit` places. */
  search(text: string, limit = 10): GazetteerHit[] {
    const query = text.trim().toLowerCase();
    const foldedQuery = foldName(text);
    if (foldedQuery.length === 0) return [];
    const found: Found[] = [];
    // In file order, as a scan of every entry would meet them: ties keep that order.
    for (const index of this.startIndex().get(foldedQuery.slice(0, START_LENGTH)) ?? NO_ENTRIES) {
      const best = bestName(this.entries[index]!, query, foldedQuery, matchOf);
      if (best) found.push(best);
    }
    return ranked(found, limit);
  }

  /**
   * Every place that has this name, in any of its spellings, folded (Reykjavik is Reykjavík,
   * Vac is Vác), best first by the search's ranking. The import's lookup: no top-N cut, so a
   * filter by country afterwards sees every place of that name.
   */
  named(text: string): GazetteerHit[] {
    const query = text.trim().toLowerCase();
    const foldedQuery = foldName(text);
    const entries = this.nameIndex().get(foldedQuery);
    if (foldedQuery.length === 0 || !entries) return [];
    const found: Found[] = [];
    for (const entry of Array.isArray(entries) ? entries : [entries]) {
      const best = bestName(entry, query, foldedQuery, wholeMatchOf);
      if (best) found.push(best);
    }
    return ranked(found, found.length);
  }

  /** The place with this GeoNames id (a row of the app's own export names its place so). */
  byId(geonameId: number): GazetteerHit | undefined {
    this.byGeonameId ??= new Map(this.entries.map((entry) => [entry.geonameId, entry]));
    const entry = this.byGeonameId.get(geonameId);
    return entry ? hitOf(entry, 0) : undefined;
  }

  private nameIndex(): Map<string, Entry | Entry[]> {
    if (this.byName) return this.byName;
    // One entry per name is the rule: a list only where places share a name (half a million
    // names, few shared), which keeps the index near 20 MB.
    const index = new Map<string, Entry | Entry[]>();
    for (const entry of this.entries) {
      for (const name of entry.foldedNames) {
        const there = index.get(name);
        if (there === undefined) index.set(name, entry);
        else if (Array.isArray(there)) {
          if (there[there.length - 1] !== entry) there.push(entry);
        } else if (there !== entry) index.set(name, [there, entry]);
      }
    }
    return (this.byName = index);
  }

  private startIndex(): Map<string, Int32Array> {
    if (this.byStart) return this.byStart;
    const lists = new Map<string, number[]>();
    this.entries.forEach((entry, entryIndex) => {
      for (const name of entry.foldedNames) {
        // Each word's start: the name's, and the letter after each space (folded names have single spaces).
        for (let start = 0; start < name.length;) {
          for (let length = 1; length <= START_LENGTH && start + length <= name.length; length += 1) {
            const key = name.slice(start, start + length);
            const list = lists.get(key);
            // Entries come in order: one already listed under this key is the list's last.
            if (!list) lists.set(key, [entryIndex]);
            else if (list[list.length - 1] !== entryIndex) list.push(entryIndex);
          }
          const space = name.indexOf(' ', start);
          if (space < 0) break;
          start = space + 1;
        }
      }
    });
    const index = new Map<string, Int32Array>();
    for (const [key, list] of lists) index.set(key, Int32Array.from(list));
    return (this.byStart = index);
  }
}

/** The entry's best-matching spelling (the first of equals: the primary name before alternates). */
function bestName(
  entry: Entry,
  query: string,
  foldedQuery: string,
  match: (lower: string, folded: string, query: string, foldedQuery: string) => Match,
): Found | null {
  let best = Match.None;
  let nameIndex = 0;
  for (let index = 0; index < entry.names.length; index += 1) {
    const found = match(entry.names[index]!.toLowerCase(), entry.foldedNames[index]!, query, foldedQuery);
    if (found < best) {
      best = found;
      nameIndex = index;
      if (found === Match.ExactWhole) break;
    }
  }
  return best === Match.None ? null : { entry, match: best, nameIndex };
}

const byRank = (a: Found, b: Found): number =>
  a.match - b.match ||
  Number(b.entry.nordic) - Number(a.entry.nordic) ||
  Number(a.nameIndex > 0) - Number(b.nameIndex > 0) ||
  b.entry.population - a.entry.population;

/**
 * The best `limit` of what was found, as a stable sort would order them. A letter or two finds
 * tens of thousands of places, of which the search box shows ten: those are picked, not sorted.
 */
function ranked(found: Found[], limit: number): GazetteerHit[] {
  let best: Found[];
  if (found.length <= limit * 4) best = found.sort(byRank).slice(0, limit);
  else {
    best = [];
    for (const item of found) {
      if (best.length === limit && byRank(item, best[limit - 1]!) >= 0) continue;
      let at = best.length;
      while (at > 0 && byRank(item, best[at - 1]!) < 0) at -= 1;
      best.splice(at, 0, item);
      if (best.length > limit) best.pop();
    }
  }
  return best.map(({ entry, nameIndex }) => hitOf(entry, nameIndex));
}

const hitOf = (entry: Entry, nameIndex: number): GazetteerHit => ({
  geonameId: entry.geonameId,
  name: entry.names[0]!,
  matchedName: nameIndex > 0 ? entry.names[nameIndex]! : null,
  areaCode: entry.country,
  region: entry.region || null,
  latitude: entry.latitude,
  longitude: entry.longitude,
  population: entry.population,
});
