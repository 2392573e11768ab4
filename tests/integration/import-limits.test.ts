import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_LIMITS, readTableBytes } from '../../electron/services/importing/read';
import { ServiceError } from '../../electron/services/context';
import { mapDataFrom, type MapData } from '../../electron/services/map-data';
import type { Router } from '../../electron/router';
import type { ImportFilePreview } from '../../shared/importing/preview';
import { RESOURCES_DIR, routerFor } from '../helpers/documents';
import { useTempDir } from '../helpers/files';
import { gazetteerLines } from '../helpers/gazetteer';
import { namesSheet, realPlaceRows, unknownPlaceRows } from '../helpers/sheets';

const tempDir = useTempDir();
// The gazetteer is read once here, as the app does on first use (it takes seconds, and is not what
// is timed); its name index is built by the first import that looks a name up.
let mapData: MapData;
beforeAll(() => {
  mapData = mapDataFrom(RESOURCES_DIR);
  mapData.gazetteer();
});

/** What reading the file ends in: its table, or the refusal's message key. */
async function read(fileName: string, bytes: Buffer): Promise<{ ms: number; rows?: number; refused?: string }> {
  const started = performance.now();
  try {
    const table = await readTableBytes(fileName, bytes);
    return { ms: performance.now() - started, rows: table.rows.length };
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return { ms: performance.now() - started, refused: error.apiError.message };
  }
}

async function xlsx(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  fill(workbook.addWorksheet('Medlemmar'));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('import files that claim more than they hold are bounded before the work', () => {
  it('an XLSX of a few KB whose last cell is GR20000 is read in a moment, cell by cell', async () => {
    const bytes = await xlsx((sheet) => {
      sheet.getCell('A1').value = 'Vänort';
      sheet.getCell('A2').value = 'Herning';
      sheet.getCell('GR20000').value = 'x';
    });
    expect(bytes.length).toBeLessThan(10_000);
    const result = await read('cell-bomb.xlsx', bytes);
    expect(result.rows).toBe(2);
    expect(result.ms).toBeLessThan(5_000);
  });

  it('an XLSX that unpacks to more than the limit (a zip bomb) is refused with the limit named', async () => {
    const zip = await JSZip.loadAsync(await xlsx((sheet) => (sheet.getCell('A1').value = 'Vänort')));
    zip.file('xl/media/padding.bin', Buffer.alloc(IMPORT_LIMITS.unpackedBytes + 1024 * 1024));
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const result = await read('bomb.xlsx', bomb);
    expect(result.refused).toBe('errors.importTooMuchUnpacked');
    expect(result.ms).toBeLessThan(5_000);
  });

  it('a CSV header of a million columns is refused at once', async () => {
    const result = await read('wide.csv', Buffer.from(`${'Vänort;'.repeat(1_000_000)}\nHerning\n`));
    expect(result.refused).toBe('errors.importTooManyColumns');
    expect(result.ms).toBeLessThan(5_000);
  });

  it('a CSV of more rows than the limit is refused; one at the limit is read', async () => {
    const rows = (count: number) => Buffer.from(`Vänort\n${'Herning\n'.repeat(count)}`);
    expect(await read('long.csv', rows(IMPORT_LIMITS.rows + 1))).toMatchObject({ refused: 'errors.importTooManyRows' });
    expect(await read('long.csv', rows(IMPORT_LIMITS.rows))).toMatchObject({ rows: IMPORT_LIMITS.rows });
  });

  it('a cell of megabytes costs what a short one does: read, checked and shown cut within 5 s', async () => {
    const dir = tempDir();
    const { router, session } = await routerFor(dir, join(dir, 'cell.vanort'), true, { mapData });
    const huge = 'Danmark'.repeat(Math.floor((19 * 1024 * 1024) / 7));
    // With its position given, the row looks no name up: what is timed is the cell.
    for (const csv of [
      `Vänort;Land;Kontaktår;Latitud;Longitud\nLund;${huge};1990;55.7;13.2\n`,
      `Vänort;"${huge}";Kontaktår;Latitud;Longitud\nLund;SE;1990;55.7;13.2\n`,
    ]) {
      const started = performance.now();
      const preview = await router.call('import.preview', {
        fileName: 'cell.csv',
        contentBase64: Buffer.from(csv).toString('base64'),
      });
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(preview.ok).toBe(true);
      const { headers, rows } = (preview as { value: ImportFilePreview }).value;
      expect(headers.every((header) => header.length <= 201)).toBe(true);
      for (const problem of rows[0]!.problems) expect(problem.value?.length ?? 0).toBeLessThanOrEqual(201);
    }
    session.close();
  });

  it('more cells than the limit are refused', async () => {
    const width = IMPORT_LIMITS.columns;
    const line = `${'x;'.repeat(width - 1)}x\n`;
    const count = Math.ceil(IMPORT_LIMITS.cells / width) + 1;
    expect(await read('cells.csv', Buffer.from(line.repeat(count)))).toMatchObject({ refused: 'errors.importTooManyCells' });
  });
});

describe('an import looks each name up in an index, not by scanning the gazetteer', () => {
  const csv = (rows: string[]) => ({ fileName: 'names.csv', contentBase64: Buffer.from(namesSheet(rows)).toString('base64') });

  /** Preview and apply through the router, each timed. */
  async function importTimed(router: Router, file: { fileName: string; contentBase64: string }) {
    const chains = await router.call('chains.list', {});
    if (!chains.ok) throw new Error(chains.error.message);
    const chainId = (chains.value as Array<{ id: string }>)[0]!.id;
    let started = performance.now();
    const preview = await router.call('import.preview', file);
    const previewMs = performance.now() - started;
    started = performance.now();
    const applied = await router.call('import.apply', { ...file, chainId, countYear: 2013, excludeRowsWithProblems: true });
    return { preview, previewMs, applied, applyMs: performance.now() - started };
  }

  it('2,000 names no register knows, without coordinates, get their message each within 5 s', async () => {
    const dir = tempDir();
    const { router, session } = await routerFor(dir, join(dir, 'unknown.vanort'), true, { mapData });
    const result = await importTimed(router, csv(unknownPlaceRows(2_000)));
    expect(result.preview.ok).toBe(true);
    const preview = (result.preview as { value: ImportFilePreview }).value;
    expect(preview).toMatchObject({ totalRows: 2_000, rowsWithProblems: 2_000 });
    for (const row of preview.rows) expect(row.problems.map((problem) => problem.message)).toContain('validation.unknownPlace');
    // Every row left out for its problem: nothing to import, said so.
    expect(result.applied).toMatchObject({ ok: false, error: { message: 'validation.importNothing' } });
    expect(result.previewMs).toBeLessThan(5_000);
    expect(result.applyMs).toBeLessThan(5_000);
    session.close();
  });

  it('2,000 real place names of many countries are found and imported within 5 s', async () => {
    const { rows, countries } = realPlaceRows(gazetteerLines(), 2_000);
    expect(rows).toHaveLength(2_000);
    expect(countries).toBeGreaterThan(100);
    const dir = tempDir();
    const { router, session } = await routerFor(dir, join(dir, 'real.vanort'), true, { mapData });
    const result = await importTimed(router, csv(rows));
    expect(result.preview).toMatchObject({ ok: true, value: { totalRows: 2_000, rowsWithProblems: 0 } });
    expect(result.applied.ok).toBe(true);
    const applied = (result.applied as { value: { added: number; updated: number } }).value;
    // A result for every row: a member added, or one the chain had brought up to date.
    expect(applied.added + applied.updated).toBe(2_000);
    expect(result.previewMs).toBeLessThan(5_000);
    expect(result.applyMs).toBeLessThan(5_000);
    session.close();
  });
});
