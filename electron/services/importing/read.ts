import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
// exceljs takes 1–2 s to load: it is loaded when a spreadsheet is first read or written, not
// with every data worker.
import JSZip from 'jszip';
import Papa from 'papaparse';
import { ServiceError } from '../context';

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

/**
 * What a file may hold, checked while it is read, before any work grows with it: a 6 KB XLSX
 * whose one cell is GR20000, a 1 MB zip that unpacks to gigabytes, a header of a million columns.
 */
export const IMPORT_LIMITS = {
  /** Bytes an XLSX may unpack to (its sheets, strings and styles together). */
  unpackedBytes: 200 * 1024 * 1024,
  /** Files inside an XLSX. */
  zipEntries: 2_000,
  rows: 200_000,
  columns: 200,
  cells: 2_000_000,
} as const;

const LIMIT_MESSAGES = {
  unpackedBytes: 'errors.importTooMuchUnpacked',
  zipEntries: 'errors.importTooManyParts',
  rows: 'errors.importTooManyRows',
  columns: 'errors.importTooManyColumns',
  cells: 'errors.importTooManyCells',
} as const satisfies Record<keyof typeof IMPORT_LIMITS, string>;

function overLimit(limit: keyof typeof IMPORT_LIMITS): ServiceError {
  return new ServiceError({
    code: 'invalid_input',
    field: 'file',
    message: LIMIT_MESSAGES[limit],
    // Bytes are said in MB; i18next writes numbers as they come (200000, not 200 000).
    params: { limit: limit === 'unpackedBytes' ? IMPORT_LIMITS[limit] / (1024 * 1024) : IMPORT_LIMITS[limit] },
    detail: `over the import limit of ${IMPORT_LIMITS[limit]} ${limit}`,
  });
}

/** Counts rows, columns and cells as they are read, and stops at the first limit passed. */
class Counter {
  private cells = 0;
  private rowCount = 0;
  row(cells: readonly string[]): void {
    // Empty lines do not count as rows (a file's last line end makes one), but their cells do.
    if (cells.some((cell) => cell.trim() !== '')) this.rowCount += 1;
    const columns = cells.length;
    this.cells += columns;
    if (this.rowCount > IMPORT_LIMITS.rows + 1) throw overLimit('rows');
    if (columns > IMPORT_LIMITS.columns) throw overLimit('columns');
    if (this.cells > IMPORT_LIMITS.cells) throw overLimit('cells');
  }
}

/**
 * The characters of a cell that are kept. No field takes more than 2,000 (a note), so a longer
 * cell is a problem at its row however long it is, and the rest of it is never looked at: folding
 * a cell of 20 MB to look it up as a country took 21 s (the work grows faster than the text).
 */
export const CELL_KEPT_LENGTH = 10_001;

const cellOf = (cell: string) => {
  const trimmed = cell.trim();
  return trimmed.length > CELL_KEPT_LENGTH ? trimmed.slice(0, CELL_KEPT_LENGTH) : trimmed;
};

/** Rows with their numbers in the file (the header is row 1); empty rows are left out. */
function tableOf(rows: Array<{ rowNumber: number; cells: string[] }>): SheetTable {
  const header = rows.find((row) => row.rowNumber === 1);
  return {
    headers: (header?.cells ?? []).map(cellOf),
    rows: rows
      .filter((row) => row.rowNumber > 1)
      .map((row) => ({ rowNumber: row.rowNumber, cells: row.cells.map(cellOf) }))
      .filter((row) => row.cells.some((cell) => cell !== '')),
  };
}

const numbered = (matrix: string[][]) => matrix.map((cells, index) => ({ rowNumber: index + 1, cells }));

/** Unpacks every part of the zip once, counting, and gives up at the limit (a zip bomb stops there). */
async function checkUnpackedSize(bytes: Buffer): Promise<void> {
  const zip = await JSZip.loadAsync(bytes);
  const entries = Object.values(zip.files).filter((entry) => !entry.dir);
  if (entries.length > IMPORT_LIMITS.zipEntries) throw overLimit('zipEntries');
  let unpacked = 0;
  for (const entry of entries) {
    await new Promise<void>((resolve, reject) => {
      const stream = entry.nodeStream('nodebuffer');
      stream.on('data', (chunk: Buffer) => {
        unpacked += chunk.length;
        if (unpacked > IMPORT_LIMITS.unpackedBytes) {
          stream.pause();
          stream.removeAllListeners('data');
          reject(overLimit('unpackedBytes'));
        }
      });
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
  }
}

async function readXlsx(bytes: Buffer): Promise<SheetTable> {
  await checkUnpackedSize(bytes);
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return { headers: [], rows: [] };
  // Only the cells that are there: the last cell's address says nothing about how many there are.
  const counter = new Counter();
  const rows: Array<{ rowNumber: number; cells: string[] }> = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      if (column > IMPORT_LIMITS.columns) throw overLimit('columns');
      cells[column - 1] = text(cell.value);
    });
    const filled = Array.from(cells, (cell) => cell ?? '');
    counter.row(filled);
    rows.push({ rowNumber, cells: filled });
  });
  return tableOf(rows);
}

function readGeoJson(bytes: Buffer): SheetTable {
  const collection = JSON.parse(bytes.toString('utf8')) as {
    features?: Array<{ geometry?: { coordinates?: number[] }; properties?: Record<string, unknown> }>;
  };
  const features = collection.features ?? [];
  if (features.length > IMPORT_LIMITS.rows) throw overLimit('rows');
  const headers = ['name', 'area', 'year joined', 'year left', 'members', 'latitude', 'longitude'];
  const matrix = features.map((feature) => {
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
  return tableOf(numbered([headers, ...matrix]));
}

function readCsv(bytes: Buffer): SheetTable {
  // A BOM, semicolons or commas, Windows line ends are all taken as they come.
  const content = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const counter = new Counter();
  const matrix: string[][] = [];
  let refusal: ServiceError | null = null;
  Papa.parse<string[]>(content, {
    delimiter: '',
    skipEmptyLines: false,
    step: (result, parser) => {
      try {
        const cells = result.data.map(String);
        counter.row(cells);
        matrix.push(cells);
      } catch (error) {
        refusal = error as ServiceError;
        parser.abort();
      }
    },
  });
  if (refusal) throw refusal;
  return tableOf(numbered(matrix));
}

/** Reads a file from disk (the command line, tests); the window sends the file's bytes instead. */
export function readTable(path: string): Promise<SheetTable> {
  return readTableBytes(basename(path), readFileSync(path));
}

/** Reads a table from a file's bytes; the kind of file is told by the name's extension. */
export async function readTableBytes(fileName: string, bytes: Buffer): Promise<SheetTable> {
  const extension = extname(fileName).toLowerCase();
  if (extension === '.xlsx') return readXlsx(bytes);
  if (extension === '.geojson' || extension === '.json') return readGeoJson(bytes);
  return readCsv(bytes);
}
