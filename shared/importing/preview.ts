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
  /** Values the message names ({{row}}: the earlier row a duplicate contradicts). */
  params?: Record<string, string | number>;
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
  /** The count's year from the row's count-year column; null when the file has none (the dialog's year is used). */
  countYear?: number | null;
  /** The row's note (into the membership's note), when the file has a note column. */
  note?: string | null;
  /** The GeoNames id the row gives (the app's own export writes it): the place is that one. */
  geonameId?: number | null;
  /** The mapped columns whose cell this row leaves empty: never cleared, unless "empty cells clear values". */
  emptyFields?: ChangedField[];
  /** What the row does to the document, worked out against what is stored. */
  outcome?: RowOutcome;
  /**
   * Field by field, what the row changes of what the document stores: the member's years and note,
   * the place's position and its count of the year (also when a place the document has is added to
   * the chain); empty when the row changes nothing or makes a new place.
   */
  changes?: FieldChange[];
  /** The earlier row of the file this one repeats, when outcome is 'duplicate'. */
  duplicateOf?: number;
  /** Several gazetteer places of the row's name in its country: the user picks one (ImportChoice). */
  candidates?: PlaceCandidate[];
}

/**
 * add: a new member of the chain; change: a member the chain has, with `changes`; same: a member the
 * chain has, nothing to change; duplicate: the file says the same place again (duplicateOf).
 */
export type RowOutcome = 'add' | 'change' | 'same' | 'duplicate';

/** A fact of a member as an import may change it; memberCount is the count of `countYear`. */
export type ChangedField = 'joinedYear' | 'leftYear' | 'memberCount' | 'position' | 'note' | 'place';

/**
 * One field a row changes: "Herning: medlemmar 2013: 230 → 235". Values as stored; null is "not
 * stored" (or a count not reported); a position is "latitude, longitude".
 */
export interface FieldChange {
  field: ChangedField;
  /** The year of the count, for memberCount. */
  countYear?: number;
  from: string | number | null;
  to: string | number | null;
}

/** One of several same-named places in a country (Pasadena in California and in Texas). */
export interface PlaceCandidate {
  geonameId: number;
  name: string;
  areaCode: string;
  /** GeoNames' first-level area code (CA, TX), when the gazetteer has one. */
  region: string | null;
  population: number;
  latitude: number;
  longitude: number;
}

/** The user's pick for a row with candidates: this gazetteer place. */
export interface ImportChoice {
  rowNumber: number;
  geonameId: number;
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
  /** Of the rows free of problems (also those not shown), how many have each outcome: with rowsWithProblems, totalRows. */
  outcomes?: Record<RowOutcome, number>;
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
