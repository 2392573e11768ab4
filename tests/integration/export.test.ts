import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { chainToGeoJson, exportTables, tablesToXlsx, tableToCsv } from '../../electron/services/exporting';
import { protectFormula } from '../../shared/importing/formula';
import { renamePlace } from '../../electron/services/members';
import { guessMapping } from '../../shared/importing/columns';
import { createI18n } from '../../shared/i18n';
import { contextOf, createDemoDocument } from '../helpers/documents';
import { useTempDir } from '../helpers/files';
import { EXPORT_MAPPING } from '../helpers/roundtrip';

const tempDir = useTempDir();
const sv = (await createI18n('sv')).t;

describe('export to open formats', () => {
  it('CSV: UTF-8 with BOM, semicolons by choice, "Uppgift saknas" for unknown counts, formulas neutralised', async () => {
    const document = await createDemoDocument(join(tempDir(), 'demo.vanort'));
    const ctx = contextOf(document);
    const arsuk = document.db.prepare(`SELECT id FROM place WHERE name = 'Arsuk'`).pluck().get() as string;
    renamePlace(ctx, arsuk, '=HYPERLINK("http://example.org","Arsuk")');
    const [members] = exportTables(ctx, { t: sv });
    const csv = tableToCsv(members!, ';');
    expect(
      csv.startsWith(
        '\uFEFF"Vänortskedja";"Vänort";"Land";"Kontaktår";"Utträdesår";"Medlemsantal";"Uppgiftsår";"Latitud";"Longitud";"GeoNames-id";"Anteckning"\r\n',
      ),
    ).toBe(true);
    expect(csv).toContain(
      '"Vänersborgs nordiska vänortskedja";"Eiði";"FO";1978;;"Uppgift saknas";2013;62.299;-7.092;;"Inte med i mötesrotationen 2007–2014."\r\n',
    );
    expect(csv).toContain(`;"'=HYPERLINK(""http://example.org"",""Arsuk"")";"GL";1987;`);
    expect(tableToCsv(members!, ',').split('\r\n')[1]).toContain(',');
    expect(protectFormula('-1')).toBe("'-1");
    expect(protectFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(protectFormula('Herning')).toBe('Herning');
    document.close();
  });

  it('every member the chain has had, those who left too, with the GeoNames id; no count at all is an empty cell', async () => {
    const document = await createDemoDocument(join(tempDir(), 'demo.vanort'));
    const ctx = contextOf(document);
    document.db.prepare(`UPDATE place SET geonames_id = 2620425 WHERE name = 'Herning'`).run();
    const [members] = exportTables(ctx, { t: sv });
    const csv = tableToCsv(members!, ';');
    expect(members!.rows).toHaveLength(10);
    // Utajärvi left in 1976 and its branch never reported a count: no count, no count year.
    expect(csv).toContain('"Vänersborgs nordiska vänortskedja";"Utajärvi";"FI";1948;1976;;;64.7625;26.4167;;');
    expect(csv).toContain('"Herning";"DK";1946;;230;2013;56.1393;8.9738;2620425;\r\n');
    document.close();
  });

  it('the import knows every header of the members table, in Swedish and English, the chain’s name aside', async () => {
    const document = await createDemoDocument(join(tempDir(), 'demo.vanort'));
    const ctx = contextOf(document);
    for (const language of ['sv', 'en'] as const) {
      const [members] = exportTables(ctx, { t: (await createI18n(language)).t });
      expect(guessMapping(members!.columns), language).toEqual(EXPORT_MAPPING.spreadsheet);
    }
    document.close();
  });

  it('CSV: a text holding the other separator cannot start a formula in a spreadsheet that splits on it', async () => {
    const document = await createDemoDocument(join(tempDir(), 'demo.vanort'));
    const ctx = contextOf(document);
    const names = { Herning: 'x,=2+5', Husby: 'x;=2+5', Arsuk: '\uFF1D1+1', Eiði: '\uFF0BHYPERLINK(1)' };
    for (const [place, name] of Object.entries(names)) {
      renamePlace(ctx, document.db.prepare(`SELECT id FROM place WHERE name = ?`).pluck().get(place) as string, name);
    }
    const [members] = exportTables(ctx, { t: sv });
    for (const delimiter of [';', ','] as const) {
      const csv = tableToCsv(members!, delimiter);
      // Read back with either separator, as a spreadsheet that guessed wrong would: no field is a formula.
      for (const other of [';', ','] as const) {
        const fields = Papa.parse<string[]>(csv.slice(1), { delimiter: other }).data.flat();
        expect(
          // A plain number (a negative longitude) is no formula.
          fields.filter((field) => /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(field) && !/^-\d+(\.\d+)?$/.test(field)),
          `${delimiter} read as ${other}`,
        ).toEqual([]);
      }
      expect(csv).toContain(`"x,=2+5"`);
      expect(csv).toContain(`"'\uFF1D1+1"`);
    }
    document.close();
  });

  it('XLSX: one sheet per table, numbers as numbers, text never a formula', async () => {
    const document = await createDemoDocument(join(tempDir(), 'demo.vanort'));
    const ctx = contextOf(document);
    const herning = document.db.prepare(`SELECT id FROM place WHERE name = 'Herning'`).pluck().get() as string;
    renamePlace(ctx, herning, '=1+1');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await tablesToXlsx(exportTables(ctx, { t: sv }))) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Medlemmar', 'Medlemsantal per år', 'Möten']);
    const sheet = workbook.getWorksheet('Medlemmar')!;
    const rows = sheet.getSheetValues().slice(2) as unknown[][];
    const byName = new Map(rows.map((row) => [row[2], row]));
    expect(byName.get('Husby')?.[6]).toBe(340);
    expect(byName.get('Eiði')?.[6]).toBe('Uppgift saknas');
    const formulaCell = sheet.getColumn(2).values.find((value) => value === '=1+1');
    expect(formulaCell).toBe('=1+1');
    expect(sheet.getColumn(2).values.some((value) => typeof value === 'object' && value !== null && 'formula' in value)).toBe(
      false,
    );
    expect(workbook.getWorksheet('Möten')!.rowCount).toBe(9);
    document.close();
  });

  it('GeoJSON: RFC 7946 points in longitude, latitude order, unknown counts as null', async () => {
    const document = await createDemoDocument(join(tempDir(), 'demo.vanort'));
    const geo = chainToGeoJson(contextOf(document), {}) as {
      type: string;
      features: Array<{ type: string; geometry: { type: string; coordinates: number[] }; properties: Record<string, unknown> }>;
    };
    expect(geo.type).toBe('FeatureCollection');
    expect(geo).not.toHaveProperty('crs');
    // The nine members of 2013 and Utajärvi, who left in 1976.
    expect(geo.features).toHaveLength(10);
    expect(geo.features.find((feature) => feature.properties.name === 'Utajärvi')!.properties).toMatchObject({
      joinedYear: 1948,
      leftYear: 1976,
      memberCount: null,
      countYear: null,
      geonameId: null,
    });
    const arsuk = geo.features.find((feature) => feature.properties.name === 'Arsuk')!;
    expect(arsuk.geometry).toEqual({ type: 'Point', coordinates: [-48.4542, 61.1758] });
    for (const feature of geo.features) {
      const [lon, lat] = feature.geometry.coordinates as [number, number];
      expect(lon).toBeGreaterThanOrEqual(-180);
      expect(lon).toBeLessThanOrEqual(180);
      expect(lat).toBeGreaterThanOrEqual(-90);
      expect(lat).toBeLessThanOrEqual(90);
    }
    expect(geo.features.find((feature) => feature.properties.name === 'Eiði')!.properties.memberCount).toBeNull();
    document.close();
  });

  it('GeoJSON: a member without a position has no point and is left out; CSV and XLSX keep it', async () => {
    const document = await createDemoDocument(join(tempDir(), 'demo.vanort'));
    const ctx = contextOf(document);
    // Not through the API: a position can be moved but not removed; an older import could leave none.
    document.db.prepare(`UPDATE place SET latitude = NULL, longitude = NULL WHERE name = 'Arsuk'`).run();
    const geo = chainToGeoJson(ctx, {}) as { features: Array<{ properties: { name: string } }> };
    expect(geo.features.map((feature) => feature.properties.name)).not.toContain('Arsuk');
    expect(geo.features).toHaveLength(9);
    expect(tableToCsv(exportTables(ctx, { t: sv })[0]!, ';')).toContain('"Arsuk";"GL";1987;;15;2013;;;;');
    document.close();
  });

  it('the command line writes the files without the window', async () => {
    const dir = tempDir();
    const db = join(dir, 'demo.vanort');
    (await createDemoDocument(db)).close();
    const run = (...args: string[]) =>
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/cli/export.ts', ...args], {
        cwd: process.cwd(),
        encoding: 'utf8',
      });
    // A run that may be refused: its exit status and what it said.
    const attempt = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cli/export.ts', ...args], {
        cwd: process.cwd(),
        encoding: 'utf8',
      });
    run('--db', db, '--format', 'geojson', '--out', join(dir, 'chain.geojson'));
    expect(JSON.parse(readFileSync(join(dir, 'chain.geojson'), 'utf8')).features).toHaveLength(10);
    run('--db', db, '--format', 'csv', '--out', join(dir, 'chain.csv'), '--delimiter', ',');
    expect(readFileSync(join(dir, 'chain.csv'), 'utf8')).toContain('"Husby","DE-SYD",1988,,340,2013');
    expect(existsSync(join(dir, 'chain-möten.csv'))).toBe(true);
    // --delimiter tab: a tab between the fields, as a spreadsheet pasted from the clipboard has.
    run('--db', db, '--format', 'csv', '--out', join(dir, 'tabbar.csv'), '--delimiter', 'tab');
    expect(readFileSync(join(dir, 'tabbar.csv'), 'utf8')).toContain('"Husby"\t"DE-SYD"\t1988\t\t340\t2013');
    const unknownDelimiter = attempt('--db', db, '--format', 'csv', '--out', join(dir, 'y.csv'), '--delimiter', 'toString');
    expect(unknownDelimiter.status).toBe(2);
    expect(existsSync(join(dir, 'y.csv'))).toBe(false);
    // --language: the headers, the tables' names and what it says, in Danish.
    expect(run('--db', db, '--format', 'csv', '--out', join(dir, 'dansk.csv'), '--language', 'da').trim()).toBe(
      `Kæden Vänersborgs nordiska vänortskedja blev eksporteret til ${join(dir, 'dansk.csv')}`,
    );
    const refused = attempt('--db', db, '--format', 'csv', '--out', join(dir, 'x.csv'), '--chain', 'Ingen', '--language', 'fi');
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim()).toBe('Asiakirjassa demo.vanort ei ole ketjua nimeltä Ingen.');
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
    expect(readFileSync(join(dir, 'dansk.csv'), 'utf8')).toContain('"Venskabsby"');
    expect(existsSync(join(dir, 'dansk-møder.csv'))).toBe(true);
    run('--db', db, '--format', 'xlsx', '--out', join(dir, 'chain.xlsx'), '--chain', 'Huddinges vänorter');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(dir, 'chain.xlsx'));
    expect(workbook.getWorksheet('Medlemmar')!.getColumn(1).values).toContain('Huddinges vänorter');
    expect(() => run('--db', db, '--format', 'pdf', '--out', join(dir, 'x'))).toThrow();
  }, 180_000);
});
