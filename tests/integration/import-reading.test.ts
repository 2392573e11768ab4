import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { previewImportFile } from '../../electron/services/importing/check';
import { IMPORT_LIMITS } from '../../electron/services/importing/read';
import { contextOf, createDemoDocument } from '../helpers/documents';
import { useTempDir } from '../helpers/files';

/** Issue 12, reading: files as Excel and LibreOffice save them, each read as the branch wrote it. */
const tempDir = useTempDir();
const SHEETS = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/sheets');
const HEADERS = ['Vänort', 'Land', 'Kontaktår', 'Medlemsantal'];
const NAMES = ['Tórshavn', 'Ålesund', 'Jyväskylä'];

async function previewOf(fileName: string, bytes: Buffer = readFileSync(join(SHEETS, fileName))) {
  const document = await createDemoDocument(join(tempDir(), 'demo.vanort'));
  try {
    return await previewImportFile(contextOf(document), { fileName, bytes }, {});
  } finally {
    document.close();
  }
}

describe('the encoding of a CSV', () => {
  it.each([
    ['read-excel-windows-1252.csv', 'Windows-1252'],
    ['read-utf8.csv', 'UTF-8'],
    ['read-utf16le-bom.csv', 'UTF-16LE'],
    ['read-utf16be-bom.csv', 'UTF-16BE'],
  ])('%s is read as %s, its letters as written', async (fileName, encoding) => {
    const preview = await previewOf(fileName);
    expect(preview.rows.map((row) => row.name)).toEqual(NAMES);
    expect(preview.headers).toEqual(HEADERS);
    expect(preview.mapping).toEqual(['name', 'area', 'joinedYear', 'memberCount']);
    expect(preview.encoding).toBe(encoding);
    expect(preview.rows.map((row) => row.areaCode)).toEqual(['FO', 'NO', 'FI']);
    expect(preview.rows.map((row) => row.rowNumber)).toEqual([2, 3, 4]);
  });

  it('says when UTF-8 starts with a BOM, as Excel\'s "CSV UTF-8" writes it', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(join(SHEETS, 'read-utf8.csv'))]);
    const preview = await previewOf('bom.csv', bytes);
    expect(preview.encoding).toBe('UTF-8 BOM');
    expect(preview.headers).toEqual(HEADERS);
  });

  it('an XLSX has no encoding to tell', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Vänorter').addRows([HEADERS, ['Tórshavn', 'Färöarna', 1980, 40]]);
    const preview = await previewOf('plain.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(preview.encoding).toBeUndefined();
    expect(preview.headerRow).toBe(1);
  });
});

describe('the header row below title rows', () => {
  it('takes the headers from row 4 of a CSV with a title, a note and a blank line above them', async () => {
    const preview = await previewOf('read-title-rows.csv');
    expect(preview.headers).toEqual(HEADERS);
    expect(preview.headerRow).toBe(4);
    expect(preview.mapping).toEqual(['name', 'area', 'joinedYear', 'memberCount']);
    // The rows keep the file's own numbers.
    expect(preview.rows.map((row) => [row.rowNumber, row.name])).toEqual([
      [5, 'Tórshavn'],
      [6, 'Ålesund'],
      [7, 'Jyväskylä'],
    ]);
  });

  it('takes the headers below a merged title row of an XLSX, and problems keep the real row numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Vänorter');
    sheet.getCell('A1').value = 'Vänortskedjan Huddinge–Nuuk';
    sheet.mergeCells('A1:D1');
    sheet.getCell('A2').value = 'Medlemsantal per den 31 december';
    sheet.mergeCells('A2:D2');
    sheet.getRow(3).values = HEADERS;
    sheet.getRow(4).values = ['Tórshavn', 'Färöarna', 1980, 40];
    sheet.getRow(5).values = ['Ålesund', 'Norge', 3024, 12];
    const preview = await previewOf('merged.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(preview.headers).toEqual(HEADERS);
    expect(preview.headerRow).toBe(3);
    expect(preview.mapping).toEqual(['name', 'area', 'joinedYear', 'memberCount']);
    expect(preview.rows.map((row) => [row.rowNumber, row.name])).toEqual([
      [4, 'Tórshavn'],
      [5, 'Ålesund'],
    ]);
    const yearProblem = preview.rows.find((row) => row.rowNumber === 5)!.problems.map((problem) => problem.message);
    expect(yearProblem).toContain('validation.yearRange');
  });

  it('with no row of known headers, row 1 is the header as before', async () => {
    const preview = await previewOf('unknown.csv', Buffer.from('A;B;C\nx;y;1\nz;w;2\n'));
    expect(preview.headerRow).toBe(1);
    expect(preview.headers).toEqual(['A', 'B', 'C']);
    expect(preview.rows.map((row) => row.rowNumber)).toEqual([2, 3]);
  });
});

describe('the delimiter of a CSV', () => {
  it.each([
    ['semicolons, ending with a line end', 'Venskabsby;Land\r\nHusby;Sydslesvig\r\nHerning;Danmark\r\n'],
    ['semicolons, a quoted comma', 'Vänort;Land\n"Pasadena, CA";USA\nLund;Sverige\n\n'],
    ['commas', 'Vänort,Land\nHusby,Sydslesvig\nHerning,Danmark\n'],
  ])('a sheet of two columns with %s is read as two columns', async (_, text) => {
    const preview = await previewOf('two.csv', Buffer.from(text));
    expect(preview.mapping).toEqual(['name', 'area']);
    expect(preview.rows.map((row) => [row.name, row.areaCode])).toEqual(
      text.includes('Pasadena')
        ? [
            ['Pasadena, CA', 'US'],
            ['Lund', 'SE'],
          ]
        : [
            ['Husby', 'DE-SYD'],
            ['Herning', 'DK'],
          ],
    );
  });
});

describe('a quote that is never closed', () => {
  it('is a problem at its row, and the rows after it are read', async () => {
    const preview = await previewOf('read-broken-quote.csv');
    expect(preview.totalRows).toBe(3);
    expect(preview.rows.map((row) => [row.rowNumber, row.name])).toEqual([
      [2, '"Tórshavn'],
      [3, 'Ålesund'],
      [4, 'Jyväskylä'],
    ]);
    const broken = preview.rows[0]!.problems.find((problem) => problem.message === 'validation.brokenQuote');
    expect(broken).toEqual({ field: 'name', message: 'validation.brokenQuote', value: '"Tórshavn;Färöarna;1980' });
    const others = preview.rows.slice(1).flatMap((row) => row.problems.map((problem) => problem.message));
    expect(others).not.toContain('validation.brokenQuote');
    expect(preview.rows.slice(1).map((row) => row.areaCode)).toEqual(['NO', 'FI']);
  });

  it('in a later column is the problem of that column', async () => {
    const csv = 'Vänort;Land;Kontaktår\nLund;"Sverige;1990\nYstad;Sverige;1991\n';
    const preview = await previewOf('column.csv', Buffer.from(csv));
    expect(preview.rows.map((row) => row.rowNumber)).toEqual([2, 3]);
    expect(preview.rows[0]!.problems[0]).toMatchObject({ field: 'area', message: 'validation.brokenQuote' });
    expect(preview.rows[1]).toMatchObject({ name: 'Ystad', areaCode: 'SE', joinedYear: 1991 });
  });

  it('past the limit, the file is refused quickly rather than read again and again', async () => {
    // Broken quotes at the top of an 8 MB file: each one makes papaparse read to its end.
    const broken = Array.from({ length: IMPORT_LIMITS.brokenQuotes + 1 }, (_, index) => `"Brutet ${index};Sverige;1990`);
    const good = Array.from({ length: 190_000 }, (_, index) => `Ortnamnet nummer ${index} i listan;Sverige;1990`);
    const csv = ['Vänort;Land;Kontaktår', ...broken, ...good].join('\n');
    expect(csv.length).toBeGreaterThan(8_000_000);
    const started = performance.now();
    await expect(previewOf('many.csv', Buffer.from(csv))).rejects.toMatchObject({
      apiError: { message: 'errors.importTooManyBrokenQuotes', params: { limit: IMPORT_LIMITS.brokenQuotes } },
    });
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
