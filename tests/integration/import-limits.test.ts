import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { IMPORT_LIMITS, readTableBytes } from '../../electron/services/importing/read';
import { ServiceError } from '../../electron/services/context';

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

  it('more cells than the limit are refused', async () => {
    const width = IMPORT_LIMITS.columns;
    const line = `${'x;'.repeat(width - 1)}x\n`;
    const count = Math.ceil(IMPORT_LIMITS.cells / width) + 1;
    expect(await read('cells.csv', Buffer.from(line.repeat(count)))).toMatchObject({ refused: 'errors.importTooManyCells' });
  });
});
