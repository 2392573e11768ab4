import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Gazetteer } from '../../electron/services/gazetteer';
import { foldName } from '../../shared/text/fold';
import { RESOURCES_DIR } from '../helpers/documents';

// The real gazetteer file, as `npm run build` prepares it from GeoNames' cities500.
const GAZETTEER_PATH = join(RESOURCES_DIR, 'generated', 'gazetteer.tsv');
let gazetteer: Gazetteer;
beforeAll(() => {
  gazetteer = Gazetteer.load(GAZETTEER_PATH);
});

const first = (query: string) => gazetteer.search(query, 5)[0];

describe('searching the offline gazetteer', () => {
  it('holds the whole cities500 set', () => {
    expect(gazetteer.size).toBeGreaterThan(190_000);
  });

  it('finds Turku by its Swedish name, typed without the ring', () => {
    expect(first('Abo')).toMatchObject({ name: 'Turku', matchedName: 'Abo', areaCode: 'FI' });
    expect(first('Åbo')).toMatchObject({ name: 'Turku', matchedName: 'Åbo' });
    const turku = first('Abo')!;
    expect(turku.latitude).toBeCloseTo(60.45, 1);
    expect(turku.longitude).toBeCloseTo(22.27, 1);
  });

  it('finds Vantaa as Vanda, Siglufjörður as Siglufjordur, Eiði as Eidi, Gothenburg as Göteborg', () => {
    expect(first('Vanda')).toMatchObject({ name: 'Vantaa', areaCode: 'FI' });
    expect(first('Siglufjordur')).toMatchObject({ name: 'Siglufjörður', areaCode: 'IS' });
    expect(first('Eidi')).toMatchObject({ name: 'Eiði', areaCode: 'FO' });
    const goteborg = first('Göteborg')!;
    expect(goteborg.areaCode).toBe('SE');
    expect(goteborg.latitude).toBeCloseTo(57.7, 1);
  });

  it('puts Vänersborg before Vancouver for "vän"', () => {
    expect(first('vän')).toMatchObject({ name: 'Vänersborg', areaCode: 'SE' });
    const names = gazetteer.search('vän', 500).map((hit) => hit.name);
    expect(names).toContain('Vancouver');
    expect(names.indexOf('Vänersborg')).toBeLessThan(names.indexOf('Vancouver'));
  });

  it('holds Husby in Schleswig', () => {
    const husby = gazetteer.search('Husby', 20).find((hit) => hit.areaCode === 'DE' && Math.abs(hit.latitude - 54.77) < 0.05);
    expect(husby).toBeDefined();
  });

  it('returns nothing for an empty query and at most the limit', () => {
    expect(gazetteer.search('   ')).toEqual([]);
    expect(gazetteer.search('a', 7)).toHaveLength(7);
  });
});

describe('the gazetteer indexes', () => {
  it('the search finds every place a scan of every spelling finds', () => {
    // The file read here on its own: a place matches when one of its spellings begins with the
    // letters as typed, or one of its words begins with them folded.
    const places = readFileSync(GAZETTEER_PATH, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [id, name, , , , , , , alternates] = line.split('\t');
        const names = [name!, ...(alternates ? alternates.split('|') : [])];
        return { id: Number(id), names: names.map((item) => ({ lower: item.toLowerCase(), folded: foldName(item) })) };
      });
    const queries = [
      'V',
      'vä',
      'Vän',
      'Abo',
      'Åbo',
      'st l',
      'Saint-',
      'new y',
      'oe',
      'Aa',
      'Kø',
      'Reykjav',
      'Ísaf',
      'ß',
      'Sant Julià',
    ];
    for (const query of queries) {
      const lower = query.trim().toLowerCase();
      const folded = foldName(query);
      const expected = places
        .filter((place) =>
          place.names.some(
            (name) => name.lower.startsWith(lower) || name.folded.startsWith(folded) || name.folded.includes(` ${folded}`),
          ),
        )
        .map((place) => place.id)
        .sort((a, b) => a - b);
      const found = gazetteer
        .search(query, places.length)
        .map((hit) => hit.geonameId)
        .sort((a, b) => a - b);
      expect(found, query).toEqual(expected);
    }
  });

  it('a name is looked up by every spelling a place has: Reykjavik is Reykjavík, not only "Reykjavikur"', () => {
    expect(gazetteer.named('Reykjavik')[0]).toMatchObject({ name: 'Reykjavík', matchedName: null, areaCode: 'IS' });
    // A whole name, never a longer one it begins.
    expect(gazetteer.named('Reykjav')).toEqual([]);
    expect(gazetteer.named('Åbo')[0]).toMatchObject({ name: 'Turku', matchedName: 'Åbo', areaCode: 'FI' });
  });

  it('every place of a name is there to filter by country, not a top twenty: Vác among the Vacs', () => {
    const vac = gazetteer.named('Vac');
    expect(vac.find((hit) => hit.areaCode === 'HU')).toMatchObject({ name: 'Vác' });
    // The search box ranks longer names beginning "Vac" first, more than twenty of them.
    expect(gazetteer.search('Vac', 20).map((hit) => hit.name)).not.toContain('Vác');
  });
});
