import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDocument } from '../../electron/db/open';
import { chainMembers, listChains } from '../../electron/services/chains';
import { Gazetteer } from '../../electron/services/gazetteer';
import { applyImport } from '../../electron/services/importing/apply';
import { previewImport, previewImportFile } from '../../electron/services/importing/check';
import { readTableBytes } from '../../electron/services/importing/read';
import type { PreviewRow } from '../../shared/importing/preview';
import { contextOf, RESOURCES_DIR } from '../helpers/documents';
import { useTempDir } from '../helpers/files';

/**
 * Issue 12, headers, values and countries: branch sheets in Danish, Norwegian, Finnish and
 * Icelandic, and a register of places from many countries written without accents and with
 * English country names (tests/fixtures/sheets/vocab-*.csv, written by hand).
 */
const tempDir = useTempDir();
const FIXTURES = new URL('../fixtures/sheets/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES));
let gazetteer: Gazetteer;
beforeAll(() => {
  gazetteer = Gazetteer.open(join(RESOURCES_DIR, 'generated', 'gazetteer.sqlite'));
});

async function emptyChainDocument() {
  return createDocument(join(tempDir(), 'new.vanort'), {
    seed: (db) =>
      db
        .prepare(`INSERT INTO chain (id, name, created_at, updated_at) VALUES (?, 'Ny kedja', 'now', 'now')`)
        .run(crypto.randomUUID()),
  });
}

async function previewOf(name: string, bytes: Buffer = fixture(name)) {
  const document = await emptyChainDocument();
  const ctx = contextOf(document);
  const preview = previewImport(ctx, await readTableBytes(name, bytes), { gazetteer });
  return { document, ctx, preview };
}

/** Row by row: the name as the file has it, the values read, the place's spelling and the problems. */
const summary = (rows: readonly PreviewRow[]) =>
  rows.map((row) => [
    row.rowNumber,
    row.name,
    row.areaCode,
    row.joinedYear,
    row.leftYear,
    row.memberCount,
    row.place?.kind === 'gazetteer' || row.place?.kind === 'existing' ? row.place.name : null,
    row.problems.map((problem) => problem.message),
  ]);

describe('branch sheets in every Nordic language', () => {
  it('a Danish sheet: every column mapped, 1.250 is thousands, uoplyst is not reported, the total line left out', async () => {
    const { document, ctx, preview } = await previewOf('vocab-danish.csv');
    // "Tilsluttet" was left unmapped, so every row was told to write the year in digits.
    expect(preview.mapping).toEqual(['name', 'area', 'joinedYear', 'leftYear', 'memberCount']);
    expect(summary(preview.rows)).toEqual([
      [2, 'Lund', 'SE', 1946, null, 1250, 'Lund', []],
      [3, 'Torshavn', 'FO', 1978, null, null, 'Tórshavn', []],
      [4, 'Nuuk', 'GL', 1989, 2024, null, 'Nuuk', []],
      // "ca 100" is not stored as 100: the app keeps no "about", so the row says so.
      [5, 'Husby', 'DE-SYD', 1990, null, null, 'Husby', ['validation.countApproximate']],
      [6, 'Kangasala', 'FI', null, null, 30, 'Kangasala', ['validation.yearOneYear']],
      [7, 'Akureyri', 'IS', 1950, null, 1135, 'Akureyri', []],
    ]);
    expect(preview.notes).toEqual([{ rowNumber: 8, message: 'import.totalLine', value: 'I alt 2.415' }]);

    // Written with the rows that have problems left out: the gazetteer's spelling, Sydslesvig kept.
    const chainId = listChains(ctx)[0]!.id;
    expect(applyImport(ctx, chainId, preview, { countYear: 2013, gazetteer, excludeRows: [5, 6] })).toEqual({
      added: 4,
      updated: 0,
      unchanged: 0,
    });
    const members = chainMembers(ctx, chainId, 2013).members.map((member) => [member.name, member.memberCount]);
    expect(members.sort()).toEqual([
      ['Akureyri', 1135],
      ['Lund', 1250],
      ['Nuuk', null],
      ['Tórshavn', null],
    ]);
    document.close();
  });

  it('"Husby;Sydslesvig" finds the place "Husby;DE" finds, and keeps the area Sydslesvig', async () => {
    const sheet = 'Venskabsby;Land;Tilsluttet\nHusby;Sydslesvig;1990\nHusby;DE;1990\nHusby;Southern Schleswig;1990\n';
    const { document, preview } = await previewOf('husby.csv', Buffer.from(sheet));
    const places = preview.rows.map((row) => [row.areaCode, row.place?.kind === 'gazetteer' ? row.place.geonameId : null]);
    expect(places).toEqual([
      ['DE-SYD', 2897200],
      ['DE', 2897200],
      ['DE-SYD', 2897200],
    ]);
    expect(preview.rows.every((row) => row.problems.length === 0)).toBe(true);
    document.close();
  });

  it('a Norwegian sheet: "Land eller område", 1 250 with a space, ikke oppgitt and ikkje oppgitt, "Til sammen" left out', async () => {
    const { document, preview } = await previewOf('vocab-norwegian.csv');
    expect(preview.mapping).toEqual(['name', 'area', 'joinedYear', 'leftYear', 'memberCount']);
    expect(summary(preview.rows)).toEqual([
      [2, 'Uppsala', 'SE', 1950, null, 1250, 'Uppsala', []],
      [3, 'Arhus', 'DK', 1952, null, null, 'Århus', []],
      [4, 'Joensuu', 'FI', 1960, 1990, 300, 'Joensuu', []],
      [5, 'Mariehamn', 'AX', 1970, null, null, 'Mariehamn', []],
    ]);
    expect(preview.notes).toEqual([{ rowNumber: 6, message: 'import.totalLine', value: 'Til sammen 1 550' }]);
    document.close();
  });

  it('a Finnish sheet: Finnish country names, "ei tiedossa", Goteborg and Malmo in the gazetteer’s spelling', async () => {
    const { document, preview } = await previewOf('vocab-finnish.csv');
    expect(preview.mapping).toEqual(['name', 'area', 'joinedYear', 'memberCount']);
    expect(summary(preview.rows)).toEqual([
      [2, 'Goteborg', 'SE', 1946, null, 1250, 'Göteborg', []],
      [3, 'Malmo', 'SE', 1950, null, null, 'Malmö', []],
      [4, 'Tartu', 'EE', 1990, null, 120, 'Tartu', []],
      [5, 'Torshavn', 'FO', 1980, null, 1000, 'Tórshavn', []],
    ]);
    expect(preview.notes).toEqual([{ rowNumber: 6, message: 'import.totalLine', value: 'Yhteensä 2 370' }]);
    document.close();
  });

  it('an Icelandic sheet: Icelandic headers and country names, "upplýsingar vantar", "Samtals" left out', async () => {
    const { document, preview } = await previewOf('vocab-icelandic.csv');
    expect(preview.mapping).toEqual(['name', 'area', 'joinedYear', 'memberCount']);
    expect(summary(preview.rows)).toEqual([
      [2, 'Alesund', 'NO', 1960, null, null, 'Ålesund', []],
      [3, 'Vasteras', 'SE', 1955, null, 1250, 'Västerås', []],
      [4, 'Narsaq', 'GL', 1980, null, 40, 'Narsaq', []],
    ]);
    expect(preview.notes).toEqual([{ rowNumber: 5, message: 'import.totalLine', value: 'Samtals 1.290' }]);
    document.close();
  });

  it('a total with no name ("1 135" under the counts) is left out, and the dialog’s preview has the note', async () => {
    const sheet = 'Vänort;Land;Kontaktår;Medlemsantal\nLund;SE;1946;100\n;;;1 135\n';
    const document = await emptyChainDocument();
    const preview = await previewImportFile(
      contextOf(document),
      { fileName: 'sum.csv', bytes: Buffer.from(sheet) },
      { gazetteer },
    );
    expect(preview.totalRows).toBe(1);
    expect(preview.rows.map((row) => row.name)).toEqual(['Lund']);
    expect(preview.notes).toEqual([{ rowNumber: 3, message: 'import.totalLine', value: '1 135' }]);
    document.close();
  });
});

describe('countries and areas by any name or code', () => {
  it('places of many countries, without accents and with English names, are found in their own country only', async () => {
    const { document, preview } = await previewOf('vocab-world.csv');
    expect(preview.mapping).toEqual(['name', 'area', 'joinedYear', 'memberCount']);
    const rows = summary(preview.rows);
    const found = preview.rows.filter((row) => row.place?.kind === 'gazetteer');
    // Every row but the last two (no country the app knows) finds its place; each in its own country.
    expect(found.map((row) => row.rowNumber)).toEqual(preview.rows.slice(0, -2).map((row) => row.rowNumber));
    expect(new Set(found.map((row) => row.areaCode)).size).toBe(40);
    const byName = (name: string, area: string) => rows.find((row) => row[1] === name && row[2] === area);
    expect(byName('Krakow', 'PL')?.[6]).toBe('Kraków');
    expect(byName('Gdansk', 'PL')?.[6]).toBe('Gdańsk');
    expect(byName('Lodz', 'PL')?.[6]).toBe('Łódź'); // "Polen"
    expect(byName('Parnu', 'EE')?.[6]).toBe('Pärnu'); // "EE"
    expect(byName('Vac', 'HU')?.[6]).toBe('Vác');
    expect(byName('Anjo', 'JP')?.[6]).toBe('Anjō');
    expect(byName('Siauliai', 'LT')?.[6]).toBe('Šiauliai');
    expect(byName('Izmir', 'TR')?.[6]).toBe('İzmir'); // "Turkey": ICU says Türkiye
    expect(byName('Mariehamn', 'AX')?.[6]).toBe('Mariehamn'); // "Aland Islands"
    expect(byName('Eidi', 'FO')?.[6]).toBe('Eiði');
    // Twenty more countries, English names, letters without their accents.
    for (const [typed, area, spelled] of [
      ['Tromso', 'NO', 'Tromsø'],
      ['Koge', 'DK', 'Køge'],
      ['Orleans', 'FR', 'Orléans'],
      ['Ceske Budejovice', 'CZ', 'České Budějovice'], // "Czech Republic": ICU says Czechia
      ['Kosice', 'SK', 'Košice'],
      ['Setubal', 'PT', 'Setúbal'],
      ['Forli', 'IT', 'Forlì'],
      ['Liege', 'BE', 'Liège'],
      ['Sibenik', 'HR', 'Šibenik'],
      ['Nis', 'RS', 'Niš'],
      ['Montreal', 'CA', 'Montréal'],
      ['Omaruru', 'NA', 'Omaruru'],
    ] as const)
      expect(byName(typed, area)?.[6], typed).toBe(spelled);
    // "1,250" is not a count: a comma is the decimal sign in the Nordic languages.
    expect(byName('Malmo', 'SE')).toEqual([9, 'Malmo', 'SE', 1946, null, null, 'Malmö', ['validation.countNotNumber']]);
    // An unknown country or none: the row says so, once, and proposes no other country's Anjo.
    expect(rows.slice(-2)).toEqual([
      [47, 'Anjo', null, 1996, null, 30, null, ['validation.areaUnknown']],
      [48, 'Anjo', null, 1996, null, 30, null, ['validation.areaMissing']],
    ]);
    document.close();
  });
});
