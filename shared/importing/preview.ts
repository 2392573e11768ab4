import type { ImportField } from './columns';

/** How the bytes of a CSV or GeoJSON were read: "UTF-8 BOM" is UTF-8 that starts with a byte order mark. */
export type ReadEncoding = 'UTF-8' | 'UTF-8 BOM' | 'UTF-16LE' | 'UTF-16BE' | 'Windows-1252';

/** What an import will do with one row of the file, and what is wrong with it. */
export interface RowProblem {
  field: ImportField | 'place';
  /** An i18n key (validation.*). */
  message: string;
  /** The cell as the file has it, when the problem is its value ("hundra", "3024"). */
  value?: string;
}

export interface PreviewRow {
  /** The spreadsheet's own row number, counting any title rows above the header. */
  rowNumber: number;
  name: string;
  areaCode: string | null;
  joinedYear: number | null;
  leftYear: number | null;
  memberCount: number | null;
  hasCount: boolean;
  latitude: number | null;
  longitude: number | null;
  /** The place the row will be: one the document has, one from the gazetteer, or a new one at the given position. */
  place:
    | { kind: 'existing'; placeId: string; name: string }
    | { kind: 'gazetteer'; geonameId: number; name: string }
    | { kind: 'new' }
    | null;
  problems: RowProblem[];
}

/** The preview the window shows before anything is written. */
export interface ImportFilePreview {
  fileName: string;
  headers: string[];
  mapping: ImportField[];
  totalRows: number;
  rowsWithProblems: number;
  /** The file's row the headers were read from (1 unless title rows are above them). */
  headerRow: number;
  /** How a CSV or GeoJSON was decoded; an XLSX has none. */
  encoding?: ReadEncoding;
  /** At most PREVIEW_ROW_LIMIT rows in file order: every row with a problem, then as many others as fit. */
  rows: PreviewRow[];
  /** Rows left out on purpose (total lines), each with its note; absent when there are none to say. */
  notes?: RowNote[];
}

export const PREVIEW_ROW_LIMIT = 500;

/** The rows a preview shows: those with problems come first, so none is hidden behind good rows. */
export function rowsToShow(rows: readonly PreviewRow[], limit = PREVIEW_ROW_LIMIT): PreviewRow[] {
  const withProblems = rows.filter((row) => row.problems.length > 0);
  const shown = new Set(withProblems.slice(0, limit));
  for (const row of rows) {
    if (shown.size >= limit) break;
    shown.add(row);
  }
  return rows.filter((row) => shown.has(row));
}

/** A row the import leaves out on purpose (a total line), and why: an i18n key with {{row}} and {{value}}. */
export interface RowNote {
  rowNumber: number;
  message: string;
  value: string;
}
