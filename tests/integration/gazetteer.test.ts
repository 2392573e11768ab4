import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataWorker } from '../../electron/data-worker/client';
import { ServiceError } from '../../electron/services/context';
import { Gazetteer, TOP_LENGTH } from '../../electron/services/gazetteer';
import { mapDataFrom } from '../../electron/services/map-data';
import { SettingsStore } from '../../electron/settings';
import { createShellRouter, unsupportedFileActions } from '../../electron/shell-router';
import { foldName } from '../../shared/text/fold';
import { RESOURCES_DIR } from '../helpers/documents';
import { useTempDir } from '../helpers/files';
import { GAZETTEER_PATH, openGazetteer, storedPlaces } from '../helpers/gazetteer';

// The real gazetteer index, as `npm run build` prepares it from GeoNames' cities500.
let gazetteer: Gazetteer;
beforeAll(() => {
  gazetteer = openGazetteer();
});
afterAll(() => gazetteer.close());
const tempDir = useTempDir();

const first = (query: string) => gazetteer.search(query, 5)[0];

describe('the place nearest a pin', () => {
  it('gives the country of a pin on land, and null far out at sea', () => {
    // Inland from Arsuk (too small for the gazetteer) on Greenland's south-west coast.
    const greenland = gazetteer.nearest(61.6, -48.0);
    expect(greenland?.areaCode).toBe('GL');
    // Beside Mariehamn, on Åland; beside Tórshavn; a field outside Herning.
    expect(gazetteer.nearest(60.1, 19.95)?.areaCode).toBe('AX');
    expect(gazetteer.nearest(62.02, -6.8)?.areaCode).toBe('FO');
    expect(gazetteer.nearest(56.13, 8.98)?.areaCode).toBe('DK');
    // The nearest, not merely one near: Vänersborg's own place for a pin in its centre.
    expect(gazetteer.nearest(58.3807, 12.3234)?.name).toBe('Vänersborg');
    // The middle of the Atlantic has no place within the box.
    // (Between the Azores and Newfoundland: 8° from the one, 12° from the other.)
    expect(gazetteer.nearest(40, -40)).toBeNull();
  });
});

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
    // The spellings read here on their own, not through the index: a place matches when one of
    // its spellings begins with the letters as typed, or one of its words begins with them folded.
    const places = storedPlaces().map((place) => ({
      id: place.geonameId,
      names: place.names.map((item) => ({ lower: item.toLowerCase(), folded: foldName(item) })),
    }));
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

describe('the gazetteer index file', () => {
  it('the short prefixes ranked at build time give what ranking the whole range gives', () => {
    // A limit above the build's lists (TOP_LENGTH) ranks every key of the range in SQL.
    for (const query of ['S', 'V', 'a', 'Vä', 'vän', 'sa', 'St', 'Ö', 'ø', 'Aa', 'Kø', 'ß', 'new', 'Sant', 'x', 'é']) {
      const whole = gazetteer.search(query, 500);
      for (const limit of [1, 8, 10, TOP_LENGTH])
        expect(gazetteer.search(query, limit), `${query} ${limit}`).toEqual(whole.slice(0, limit));
    }
  });

  it('answers any letters: the last code point there is, lone surrogates, SQL wildcards', () => {
    for (const query of ['\u{10FFFF}', 'a\u{10FFFF}', '\uD800', 'a\uDFFF', '%', '_', 'a%', '\0']) {
      expect(gazetteer.search(query, 8), query).toEqual([]);
      expect(gazetteer.search(query, 100), query).toEqual([]);
      expect(gazetteer.named(query), query).toEqual([]);
    }
    // Fullwidth letters fold to plain ones, as the import folds them.
    expect(gazetteer.search('ＳＴ', 8)).toEqual(gazetteer.search('st', 8));
  });

  it('gives the region (GeoNames admin1) with each hit, and a place by its GeoNames id', () => {
    const pasadenas = gazetteer.named('Pasadena').filter((hit) => hit.areaCode === 'US');
    expect(pasadenas.map((hit) => hit.region)).toEqual(expect.arrayContaining(['CA', 'TX']));
    const reykjavik = gazetteer.named('Reykjavik')[0]!;
    expect(gazetteer.byId(reykjavik.geonameId)).toEqual(reykjavik);
    // By its primary name, whatever spelling found it.
    const turku = gazetteer.named('Åbo')[0]!;
    expect(gazetteer.byId(turku.geonameId)).toEqual({ ...turku, matchedName: null });
    for (const id of [0, -1, 1.5, Number.NaN, 2 ** 60]) expect(gazetteer.byId(id)).toBeUndefined();
  });

  it('a missing, cut short, foreign or damaged file is a clear error, not a crash', () => {
    const dir = tempDir();
    const expectDamaged = (open: () => unknown) => {
      let thrown: unknown;
      try {
        open();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ServiceError);
      expect((thrown as ServiceError).apiError).toMatchObject({ code: 'io', message: 'errors.gazetteerDamaged' });
    };
    expectDamaged(() => Gazetteer.open(join(dir, 'none.sqlite')));
    const bytes = readFileSync(GAZETTEER_PATH);
    writeFileSync(join(dir, 'cut.sqlite'), bytes.subarray(0, bytes.length / 2));
    expectDamaged(() => Gazetteer.open(join(dir, 'cut.sqlite')));
    writeFileSync(join(dir, 'noise.sqlite'), Buffer.alloc(8192, 0x5a));
    expectDamaged(() => Gazetteer.open(join(dir, 'noise.sqlite')));
    const foreign = new Database(join(dir, 'foreign.sqlite'));
    foreign.exec('CREATE TABLE meta (key TEXT, value); CREATE TABLE other (x)');
    foreign.close();
    expectDamaged(() => Gazetteer.open(join(dir, 'foreign.sqlite')));
    // Pages of the index overwritten inside: it opens, and a search that reads them says so.
    const inside = join(dir, 'inside.sqlite');
    copyFileSync(GAZETTEER_PATH, inside);
    const probe = new Database(inside, { readonly: true });
    const pages = probe.prepare("SELECT pageno FROM dbstat WHERE name = 'word' AND pagetype = 'leaf'").pluck().all() as number[];
    const pageSize = probe.pragma('page_size', { simple: true }) as number;
    probe.close();
    const damagedBytes = readFileSync(inside);
    for (const page of pages) damagedBytes.fill(0xa5, (page - 1) * pageSize + 8, page * pageSize - 8);
    writeFileSync(inside, damagedBytes);
    const opened = Gazetteer.open(inside);
    expectDamaged(() => opened.search('Vänersborg', 8));
    expectDamaged(() => opened.named('Vänersborg'));
    opened.close();
  });

  it('the data worker answers a search on a damaged index with that error, and keeps running', async () => {
    const dir = tempDir();
    const resources = join(dir, 'resources');
    mkdirSync(join(resources, 'generated'), { recursive: true });
    cpSync(join(RESOURCES_DIR, 'demo'), join(resources, 'demo'), { recursive: true });
    const bytes = readFileSync(GAZETTEER_PATH);
    writeFileSync(join(resources, 'generated', 'gazetteer.sqlite'), bytes.subarray(0, 100_000));
    const settings = new SettingsStore(join(dir, 'settings.json'));
    const ended: unknown[] = [];
    const { deviceId, backupKeep } = settings.get();
    const worker = new DataWorker(
      { resourcesDir: resources, deviceId, backupKeep, backupRoot: join(dir, 'backups') },
      { onEnded: (path) => ended.push(path), log: () => {} },
    );
    const router = createShellRouter({ settings, files: unsupportedFileActions, data: worker, log: () => {} });
    try {
      await worker.create(join(dir, 'kedja.vanort'), { kind: 'demo' });
      for (let attempt = 0; attempt < 2; attempt += 1)
        expect(await router.call('gazetteer.search', { query: 'Abo', limit: 8 })).toMatchObject({
          ok: false,
          error: { code: 'io', message: 'errors.gazetteerDamaged' },
        });
      expect(await router.call('chains.list', {})).toMatchObject({ ok: true });
      expect(ended).toEqual([]);
    } finally {
      await worker.stop();
    }
  });

  it('the map data opens the index once, and says when it is missing', () => {
    expect(() => mapDataFrom(tempDir()).gazetteer()).toThrow(
      expect.objectContaining({ apiError: expect.objectContaining({ message: 'errors.mapDataMissing' }) }),
    );
    const mapData = mapDataFrom(RESOURCES_DIR);
    expect(mapData.gazetteer().size).toBe(gazetteer.size);
    expect(mapData.gazetteer()).toBe(mapData.gazetteer());
  });
});
