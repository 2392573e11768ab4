import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';

/**
 * Import of members, step 1 of 3: reading a spreadsheet (CSV, XLSX) or GeoJSON into a table of
 * text cells. check.ts then maps the columns and lists each row's problems; apply.ts writes.
 */
export interface SheetTable {
  headers: string[];
  /** Data rows with the spreadsheet's own row numbers (the header is row 1). */
  rows: Array<{ rowNumber: number; cells: string[] }>;
}

const text = (cell: unknown): string => {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'object' && 'text' in (cell as object)) return String((cell as { text: unknown }).text);
  if (typeof cell === 'object' && 'result' in (cell as object)) return String((cell as { result: unknown }).result ?? '');
  return String(cell).trim();
};

function tableOf(matrix: string[][]): SheetTable {
  const [headers = [], ...data] = matrix;
  return {
    headers: headers.map((header) => header.trim()),
    rows: data
      .map((cells, index) => ({ rowNumber: index + 2, cells: cells.map((cell) => cell.trim()) }))
      .filter((row) => row.cells.some((cell) => cell !== '')),
  };
}

/** Reads a file from disk (the command line, tests); the window sends the file's bytes instead. */
export function readTable(path: string): Promise<SheetTable> {
  return readTableBytes(basename(path), readFileSync(path));
}

/** Reads a table from a file's bytes; the kind of file is told by the name's extension. */
export async function readTableBytes(fileName: string, bytes: Buffer): Promise<SheetTable> {
  const extension = extname(fileName).toLowerCase();
  if (extension === '.xlsx') {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    if (!sheet) return { headers: [], rows: [] };
    const matrix: string[][] = [];
    for (let rowNumber = 1; rowNumber <= sheet.rowCount; rowNumber += 1) {
      const row = sheet.getRow(rowNumber);
      matrix.push(Array.from({ length: sheet.columnCount }, (_, column) => text(row.getCell(column + 1).value)));
    }
    return tableOf(matrix);
  }
  if (extension === '.geojson' || extension === '.json') {
    const collection = JSON.parse(bytes.toString('utf8')) as {
      features?: Array<{ geometry?: { coordinates?: number[] }; properties?: Record<string, unknown> }>;
    };
    const headers = ['name', 'area', 'year joined', 'year left', 'members', 'latitude', 'longitude'];
    const matrix = (collection.features ?? []).map((feature) => {
      const p = feature.properties ?? {};
      const [lon, lat] = feature.geometry?.coordinates ?? [];
      return [
        p.name,
        p.areaCode,
        p.joinedYear,
        p.leftYear,
        // null (not reported, as the export writes it) is an empty cell, which check.ts reads as such.
        p.memberCount,
        lat,
        lon,
      ].map(text);
    });
    return tableOf([headers, ...matrix]);
  }
  // CSV: a BOM, semicolons or commas, Windows line ends are all taken as they come.
  const content = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(content, { delimiter: '', skipEmptyLines: false });
  return tableOf(parsed.data.map((row) => row.map(String)));
}
