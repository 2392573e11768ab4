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

/**
 * The offline gazetteer (GeoNames cities500, prepared by scripts/build-gazetteer.ts). Ranking:
 * how exactly the letters match (the letters as typed before folded ones, whole names before prefixes),
 * then the Nordic region (with Schleswig), then primary names before alternate ones, then size.
 */
export class Gazetteer {
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

  search(text: string, limit = 10): GazetteerHit[] {
    const query = text.trim().toLowerCase();
    const foldedQuery = foldName(text);
    if (foldedQuery.length === 0) return [];
    const found: Array<{ entry: Entry; match: Match; nameIndex: number }> = [];
    for (const entry of this.entries) {
      let best = Match.None;
      let nameIndex = 0;
      for (let index = 0; index < entry.names.length; index += 1) {
        const match = matchOf(entry.lowerNames[index]!, entry.foldedNames[index]!, query, foldedQuery);
        if (match < best) {
          best = match;
          nameIndex = index;
          if (match === Match.ExactWhole) break;
        }
      }
      if (best !== Match.None) found.push({ entry, match: best, nameIndex });
    }
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
}
