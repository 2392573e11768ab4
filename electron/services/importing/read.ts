import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
// exceljs takes 1–2 s to load: it is loaded when a spreadsheet is first read or written, not
// with every data worker.
import JSZip from 'jszip';
import Papa from 'papaparse';
import { guessMapping, type ImportField } from '../../../shared/importing/columns';
import { unprotectFormula } from '../../../shared/importing/formula';
import type { ReadEncoding, RowProblem } from '../../../shared/importing/preview';
import { ServiceError } from '../context';

/**
 * Import of members, step 1 of 3: reading a spreadsheet (CSV, XLSX) or GeoJSON into a table of
 * text cells. check.ts then maps the columns and lists each row's problems; apply.ts writes.
 */
export interface SheetTable {
  headers: string[];
  /** Data rows with the spreadsheet's own row numbers (the header is row `headerRow`). */
  rows: SheetRow[];
  /** The file's row the headers were read from: below any title rows. */
  headerRow: number;
  /** How a CSV's or GeoJSON's bytes were decoded (an XLSX has no choice). */
  encoding?: ReadEncoding;
}

export interface SheetRow {
  rowNumber: number;
  cells: string[];
  /** A row that could not be read as the file meant it: a quote opened in `column` and never closed. */
  brokenQuote?: { column: number; value: string };
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
  /**
   * Quotes opened and never closed: after each the file is read again from the next line on, so
   * past this many it is refused rather than read over and over.
   */
  brokenQuotes: 20,
} as const;

const LIMIT_MESSAGES = {
  unpackedBytes: 'errors.importTooMuchUnpacked',
  zipEntries: 'errors.importTooManyParts',
  rows: 'errors.importTooManyRows',
  columns: 'errors.importTooManyColumns',
  cells: 'errors.importTooManyCells',
  brokenQuotes: 'errors.importTooManyBrokenQuotes',
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

/** Title rows above the header are looked at this far down, and no further. */
export const HEADER_SEARCH_ROWS = 20;

const knownHeaders = (cells: readonly string[]) => guessMapping(cells.map(cellOf)).filter((field) => field !== 'ignore').length;

/**
 * The header is the first of the top rows that names the most known columns: a title ("Vänorter
 * 2024", merged across the sheet) or a blank line above it is not a header. With none known, row 1.
 */
function headerRowOf(rows: readonly SheetRow[]): number {
  let best = { rowNumber: 1, known: 0 };
  for (const row of rows.slice(0, HEADER_SEARCH_ROWS)) {
    const known = knownHeaders(row.cells);
    if (known > best.known) best = { rowNumber: row.rowNumber, known };
  }
  return best.rowNumber;
}

/**
 * Rows with their numbers in the file, below the header row; empty rows are left out. The cells of
 * a spreadsheet (CSV, XLSX) lose the apostrophe the export put before a formula; GeoJSON's are JSON.
 */
function tableOf(rows: SheetRow[], options: { encoding?: ReadEncoding; spreadsheet: boolean }): SheetTable {
  const { encoding, spreadsheet } = options;
  const headerRow = headerRowOf(rows);
  const header = rows.find((row) => row.rowNumber === headerRow);
  const dataCell = spreadsheet ? (cell: string) => unprotectFormula(cellOf(cell)) : cellOf;
  return {
    headers: (header?.cells ?? []).map(cellOf),
    rows: rows
      .filter((row) => row.rowNumber > headerRow)
      .map((row) => ({ ...row, cells: row.cells.map(dataCell) }))
      .filter((row) => row.cells.some((cell) => cell !== '')),
    headerRow,
    ...(encoding ? { encoding } : {}),
  };
}

const numbered = (matrix: string[][]) => matrix.map((cells, index) => ({ rowNumber: index + 1, cells }));

/**
 * The text of a CSV or GeoJSON file: a BOM says UTF-8 or UTF-16; without one, bytes that are valid
 * UTF-8 are read as such, and others as Windows-1252, which Excel writes (a superset of Latin-1).
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: ReadEncoding } {
  const starts = (...prefix: number[]) => prefix.every((byte, index) => bytes[index] === byte);
  if (starts(0xef, 0xbb, 0xbf)) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'UTF-8 BOM' };
  if (starts(0xff, 0xfe)) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE' };
  if (starts(0xfe, 0xff)) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16BE' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'Windows-1252' };
  }
}

/** A row's reading problem (a broken quote) as check.ts lists it, on the field of its column. */
export function readingProblems(row: SheetRow, mapping: readonly ImportField[]): RowProblem[] {
  if (!row.brokenQuote) return [];
  const { column, value } = row.brokenQuote;
  // A column that is not used still breaks the row: the problem is then the row's place.
  const mapped = mapping[column] ?? 'ignore';
  const field = mapped === 'ignore' ? 'place' : mapped;
  return [{ field, message: 'validation.brokenQuote', value: value.length > 200 ? `${value.slice(0, 200)}…` : value }];
}

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
  if (!sheet) return { headers: [], rows: [], headerRow: 1 };
  // Only the cells that are there: the last cell's address says nothing about how many there are.
  const counter = new Counter();
  const rows: SheetRow[] = [];
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
  return tableOf(rows, { spreadsheet: true });
}

function readGeoJson(bytes: Buffer): SheetTable {
  const { text: content, encoding } = decodeText(bytes);
  const collection = JSON.parse(content) as {
    features?: Array<{ geometry?: { coordinates?: number[] }; properties?: Record<string, unknown> }>;
  };
  const features = collection.features ?? [];
  if (features.length > IMPORT_LIMITS.rows) throw overLimit('rows');
  // The properties the export writes, under headers the import knows (shared/importing/columns.ts).
  const headers = [
    'name',
    'area',
    'year joined',
    'year left',
    'members',
    'count year',
    'latitude',
    'longitude',
    'geonames id',
    'note',
  ];
  const matrix = features.map((feature) => {
    const p = feature.properties ?? {};
    const [lon, lat] = feature.geometry?.coordinates ?? [];
    // A null count of a year is "not reported" that year; with no year either, there is no count.
    const count = p.memberCount === null && p.countYear !== null && p.countYear !== undefined ? 'not reported' : p.memberCount;
    return [p.name, p.areaCode, p.joinedYear, p.leftYear, count, p.countYear, lat, lon, p.geonameId, p.note].map(text);
  });
  return tableOf(numbered([headers, ...matrix]), { encoding, spreadsheet: false });
}

function readCsv(bytes: Buffer): SheetTable {
  // Semicolons or commas and Windows line ends are taken as they come.
  const { text: content, encoding } = decodeText(bytes);
  const counter = new Counter();
  const rows: SheetRow[] = [];
  let refusal: ServiceError | null = null;
  // Papaparse's own guess counts the empty line a file ends with, which takes a file of two
  // columns below its threshold ("Venskabsby;Land" read as one column): guess on lines with text.
  let delimiter = Papa.parse<string[]>(content, { preview: 20, skipEmptyLines: 'greedy' }).meta.delimiter;
  let offset = 0;
  for (let broken = 0; offset < content.length; broken += 1) {
    if (broken > IMPORT_LIMITS.brokenQuotes) throw overLimit('brokenQuotes');
    const rest = content.slice(offset);
    // Where the current record starts in `rest`, and a quote error's record, if any.
    let recordStart = 0;
    let brokenAt: number | null = null;
    Papa.parse<string[]>(rest, {
      delimiter,
      skipEmptyLines: false,
      step: (result, parser) => {
        delimiter ||= result.meta.delimiter;
        // Papaparse reads an unclosed quote as one field to the end of the file (or to the next
        // quote), with a Quotes error: that record is read again as the one line it is.
        if (result.errors.some((error) => error.type === 'Quotes')) {
          brokenAt = recordStart;
          parser.abort();
          return;
        }
        recordStart = result.meta.cursor;
        try {
          const cells = result.data.map(String);
          counter.row(cells);
          rows.push({ rowNumber: rows.length + 1, cells });
        } catch (error) {
          refusal = error as ServiceError;
          parser.abort();
        }
      },
    });
    if (refusal) throw refusal;
    if (brokenAt === null) break;
    const lineEnd = rest.slice(brokenAt).search(/\r?\n/);
    const line = lineEnd < 0 ? rest.slice(brokenAt) : rest.slice(brokenAt, brokenAt + lineEnd);
    const cells = line.split(delimiter || ';');
    counter.row(cells);
    const column = Math.max(
      0,
      cells.findIndex((cell) => cell.trim().startsWith('"')),
    );
    rows.push({ rowNumber: rows.length + 1, cells, brokenQuote: { column, value: line } });
    if (lineEnd < 0) break;
    offset += brokenAt + lineEnd + (rest[brokenAt + lineEnd] === '\r' ? 2 : 1);
  }
  return tableOf(rows, { encoding, spreadsheet: true });
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
