import { readFileSync } from 'node:fs';
import type { GazetteerHit } from '../../shared/contract';
import { NORDIC_COUNTRY_CODES } from '../../shared/map/bounds';
import { foldName } from '../../shared/text/fold';

interface Entry {
  geonameId: number;
  names: string[];
  lowerNames: string[];
  foldedNames: string[];
  latitude: number;
  longitude: number;
  country: string;
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
 * The offline gazetteer (GeoNames cities500, prepared by scripts/build-gazetteer.ts). Ranking:
 * how exactly the letters match (the letters as typed before folded ones, whole names before prefixes),
 * then the Nordic region (with Schleswig), then primary names before alternate ones, then size.
 * An import looks names up by their folded spelling, in an index of every spelling of every
 * place built on first use, once per loaded gazetteer.
 */
export class Gazetteer {
  private byName: Map<string, Entry | Entry[]> | null = null;

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
        lowerNames: names.map((item) => item.toLowerCase()),
        foldedNames: names.map(foldName),
        latitude: Number(lat),
        longitude: Number(lon),
        country: country!,
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
    for (const entry of this.entries) {
      const best = bestName(entry, query, foldedQuery, matchOf);
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
    const found = match(entry.lowerNames[index]!, entry.foldedNames[index]!, query, foldedQuery);
    if (found < best) {
      best = found;
      nameIndex = index;
      if (found === Match.ExactWhole) break;
    }
  }
  return best === Match.None ? null : { entry, match: best, nameIndex };
}

function ranked(found: Found[], limit: number): GazetteerHit[] {
  found.sort(
    (a, b) =>
      a.match - b.match ||
      Number(b.entry.nordic) - Number(a.entry.nordic) ||
      Number(a.nameIndex > 0) - Number(b.nameIndex > 0) ||
      b.entry.population - a.entry.population,
  );
  return found.slice(0, limit).map(({ entry, nameIndex }) => ({
    geonameId: entry.geonameId,
    name: entry.names[0]!,
    matchedName: nameIndex > 0 ? entry.names[nameIndex]! : null,
    areaCode: entry.country,
    latitude: entry.latitude,
    longitude: entry.longitude,
    population: entry.population,
  }));
}
