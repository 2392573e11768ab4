import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDocument } from '../../electron/db/open';
import { chainMembers, listChains } from '../../electron/services/chains';
import { chainToGeoJson, csvFiles, exportTables, tablesToXlsx } from '../../electron/services/exporting';
import { Gazetteer } from '../../electron/services/gazetteer';
import { readTable } from '../../electron/services/importing/read';
import { previewImport } from '../../electron/services/importing/check';
import { applyImport } from '../../electron/services/importing/apply';
import { createI18n } from '../../shared/i18n';
import { contextOf, createDemoDocument, RESOURCES_DIR } from '../helpers/documents';
import { useTempDir } from '../helpers/files';
import { MESSY_SHEET } from '../helpers/sheets';

const tempDir = useTempDir();
const sv = (await createI18n('sv')).t;
let gazetteer: Gazetteer;
beforeAll(() => {
  gazetteer = Gazetteer.open(join(RESOURCES_DIR, 'generated', 'gazetteer.sqlite'));
});

async function emptyChainDocument(dir: string) {
  return createDocument(join(dir, 'new.vanort'), {
    seed: (db) =>
      db
        .prepare(`INSERT INTO chain (id, name, created_at, updated_at) VALUES (?, 'Ny kedja', 'now', 'now')`)
        .run(crypto.randomUUID()),
  });
}

describe('import from a spreadsheet', () => {
  it('lists each problem of a messy sheet by row, and writes nothing', async () => {
    const dir = tempDir();
    const path = join(dir, 'messy.csv');
    writeFileSync(path, MESSY_SHEET);
    const document = await emptyChainDocument(dir);
    const ctx = contextOf(document);
    const table = await readTable(path);
    expect(table.headers).toEqual(['Vänort', 'Land', 'Kontaktår', 'Medlemsantal']);
    const preview = previewImport(ctx, table, { gazetteer });
    expect(preview.mapping).toEqual(['name', 'area', 'joinedYear', 'memberCount']);
    const problems = preview.rows
      .filter((row) => row.problems.length > 0)
      .map((row) => [row.rowNumber, row.name, row.problems.map((problem) => problem.message)]);
    expect(problems).toEqual([
      [6, 'Kangasala', ['validation.yearRange']],
      [7, 'Holmestrand', ['validation.countNotNumber']],
      [8, 'Xyzzyby', ['validation.unknownPlace']],
    ]);
    // The empty row 5 is skipped; the wrong accent still finds Siglufjörður; unknown is not zero.
    expect(preview.rows.map((row) => row.rowNumber)).toEqual([2, 3, 4, 6, 7, 8]);
    expect(preview.rows.find((row) => row.rowNumber === 3)!.place).toMatchObject({ kind: 'gazetteer', name: 'Siglufjörður' });
    expect(preview.rows.find((row) => row.rowNumber === 4)).toMatchObject({ memberCount: null, hasCount: true, areaCode: 'FO' });
    expect(() => applyImport(ctx, listChains(ctx)[0]!.id, preview, { countYear: 2013, gazetteer })).toThrow();
    expect(document.db.prepare('SELECT COUNT(*) FROM change_log').pluck().get()).toBe(0);

    // With the bad rows left out: one transaction, one undo step; the same file again adds nothing.
    const chainId = listChains(ctx)[0]!.id;
    expect(applyImport(ctx, chainId, preview, { countYear: 2013, gazetteer, excludeRows: [6, 7, 8] })).toEqual({
      added: 3,
      updated: 0,
      unchanged: 0,
    });
    expect(document.db.prepare('SELECT COUNT(DISTINCT group_id) FROM change_log').pluck().get()).toBe(1);
    // The second time every row is the same: nothing updated, and no second undo step.
    const again = previewImport(ctx, table, { gazetteer, chainId, countYear: 2013 });
    expect(again.rows.filter((row) => row.problems.length === 0).map((row) => row.outcome)).toEqual(['same', 'same', 'same']);
    expect(applyImport(ctx, chainId, again, { countYear: 2013, gazetteer, excludeRows: [6, 7, 8] })).toEqual({
      added: 0,
      updated: 0,
      unchanged: 3,
    });
    expect(document.db.prepare('SELECT COUNT(DISTINCT group_id) FROM change_log').pluck().get()).toBe(1);
    // A place found in the gazetteer gets the gazetteer's spelling, not the sheet's wrong accent.
    const members = chainMembers(ctx, chainId, 2013).members;
    expect(members.map((member) => [member.name, member.memberCount]).sort()).toEqual([
      ['Eiði', null],
      ['Herning', 230],
      ['Siglufjörður', 30],
    ]);
    document.close();
  });

  for (const format of ['csv', 'xlsx', 'geojson'] as const) {
    it(`round trip through ${format}: the same members, years, counts and unknowns in a new document`, async () => {
      const dir = tempDir();
      const demo = await createDemoDocument(join(dir, 'demo.vanort'));
      const demoCtx = contextOf(demo);
      const original = chainMembers(demoCtx, listChains(demoCtx)[0]!.id, 2013).members;
      const file = join(dir, `chain.${format}`);
      if (format === 'csv')
        for (const item of csvFiles(exportTables(demoCtx, { t: sv }), file, ';')) writeFileSync(item.path, item.text);
      if (format === 'xlsx') writeFileSync(file, await tablesToXlsx(exportTables(demoCtx, { t: sv })));
      if (format === 'geojson') writeFileSync(file, JSON.stringify(chainToGeoJson(demoCtx, {})));
      demo.close();

      const target = await emptyChainDocument(dir);
      const ctx = contextOf(target);
      const preview = previewImport(ctx, await readTable(file), { gazetteer });
      expect(preview.rows.flatMap((row) => row.problems)).toEqual([]);
      const chainId = listChains(ctx)[0]!.id;
      applyImport(ctx, chainId, preview, { countYear: 2013, gazetteer });
      const imported = chainMembers(ctx, chainId, 2013).members;
      const shape = (members: typeof original) =>
        members
          .map((member) => [
            member.name,
            member.areaCode,
            member.joinedYear,
            member.leftYear,
            member.memberCount,
            member.latitude,
            member.longitude,
          ])
          .sort();
      expect(shape(imported)).toEqual(shape(original));
      target.close();
    });
  }

  it('finds Reykjavik by any spelling of Reykjavík, and Vác past the first twenty places called Vac', async () => {
    const dir = tempDir();
    const path = join(dir, 'places.csv');
    writeFileSync(path, 'Vänort;Land;Kontaktår\nReykjavik;IS;1990\nVac;HU;1995\n');
    const document = await emptyChainDocument(dir);
    const ctx = contextOf(document);
    const preview = previewImport(ctx, await readTable(path), { gazetteer });
    expect(preview.rows.map((row) => [row.name, row.place, row.problems])).toEqual([
      ['Reykjavik', { kind: 'gazetteer', geonameId: 3413829, name: 'Reykjavík' }, []],
      ['Vac', { kind: 'gazetteer', geonameId: 3043293, name: 'Vác' }, []],
    ]);
    const chainId = listChains(ctx)[0]!.id;
    expect(applyImport(ctx, chainId, preview, { countYear: 2013, gazetteer })).toEqual({ added: 2, updated: 0, unchanged: 0 });
    const places = document.db
      .prepare('SELECT name, area_code AS areaCode, latitude, longitude, geonames_id AS geonameId FROM place ORDER BY name')
      .all();
    expect(places).toEqual([
      { name: 'Reykjavík', areaCode: 'IS', latitude: 64.13548, longitude: -21.89541, geonameId: 3413829 },
      { name: 'Vác', areaCode: 'HU', latitude: 47.77591, longitude: 19.13612, geonameId: 3043293 },
    ]);
    document.close();
  });

  it('the command line imports only a sheet without problems', async () => {
    const dir = tempDir();
    const path = join(dir, 'messy.csv');
    writeFileSync(path, MESSY_SHEET);
    (await emptyChainDocument(dir)).close();
    const run = (...args: string[]) =>
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/cli/import.ts', ...args], {
        cwd: process.cwd(),
        encoding: 'utf8',
        stdio: 'pipe',
      });
    let failure = '';
    try {
      run('--db', join(dir, 'new.vanort'), '--file', path, '--year', '2013');
    } catch (error) {
      failure = String((error as { stderr?: string }).stderr);
    }
    expect(failure).toContain('Nothing was imported; 3 problem(s)');
    expect(failure).toContain('row 6 (Kangasala): joinedYear: The year must be between 1900 and');
    writeFileSync(path, MESSY_SHEET.split('\r\n').slice(0, 4).join('\r\n'));
    expect(run('--db', join(dir, 'new.vanort'), '--file', path, '--year', '2013')).toContain('3 added, 0 updated');
  }, 180_000);
});
