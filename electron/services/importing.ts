import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { guessMapping, type ImportField } from '../../shared/importing/columns';
import { importedArea, importedCoordinate, importedCount, importedYear } from '../../shared/importing/values';
import { foldName } from '../../shared/text/fold';
import { rowsToShow, type ImportFilePreview, type PreviewRow, type RowProblem } from '../../shared/importing/preview';
import { recordChanges } from './change-log';
import { invalid, notFound, type DocumentContext } from './context';
import type { GazetteerHit } from '../../shared/contract';
import type { Gazetteer } from './gazetteer';

/**
 * Import of members from a spreadsheet (CSV, XLSX) or GeoJSON: read, map columns (guessed from
 * the headers), check every row and list its problems, and only then write, as one transaction
 * and one undo step. Importing the same file twice changes nothing the second time.
 */
export interface SheetTable {
  headers: string[];
  /** Data rows with the spreadsheet's own row numbers (the header is row 1). */
  rows: Array<{ rowNumber: number; cells: string[] }>;
}

export interface ImportPreview {
  mapping: ImportField[];
  rows: PreviewRow[];
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
        p.memberCount === null ? 'Uppgift saknas' : p.memberCount,
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

interface KnownPlace {
  id: string;
  name: string;
  names: string[];
  areaCode: string;
}

export function previewImport(
  ctx: DocumentContext,
  table: SheetTable,
  options: { gazetteer?: Gazetteer; mapping?: ImportField[] } = {},
): ImportPreview {
  const mapping = options.mapping ?? guessMapping(table.headers);
  const known: KnownPlace[] = (
    ctx.db
      .prepare('SELECT id, name, alternative_names AS alternatives, area_code AS areaCode FROM place WHERE deleted_at IS NULL')
      .all() as Array<{ id: string; name: string; alternatives: string; areaCode: string }>
  ).map((row) => ({
    id: row.id,
    name: row.name,
    areaCode: row.areaCode,
    names: [row.name, ...(JSON.parse(row.alternatives) as string[])].map(foldName),
  }));
  // The document's places by folded name (in the order the query gave them), and the gazetteer's
  // answers by name: a file of a hundred thousand rows must not scan every place or search the
  // gazetteer once a row.
  const knownByName = new Map<string, KnownPlace[]>();
  for (const place of known) {
    for (const name of new Set(place.names)) {
      const list = knownByName.get(name);
      if (list) list.push(place);
      else knownByName.set(name, [place]);
    }
  }
  const searched = new Map<string, GazetteerHit[]>();
  const searchGazetteer = (name: string): GazetteerHit[] => {
    let hits = searched.get(name);
    if (!hits) searched.set(name, (hits = options.gazetteer?.search(name, 20) ?? []));
    return hits;
  };
  const column = (field: ImportField) => mapping.indexOf(field);
  const rows = table.rows.map(({ rowNumber, cells }) => {
    const cell = (field: ImportField) => (column(field) >= 0 ? (cells[column(field)] ?? '') : '');
    const problems: RowProblem[] = [];
    const take = <T>(field: ImportField, result: { ok: true; value: T } | { ok: false; message: string }, fallback: T): T => {
      if (result.ok) return result.value;
      problems.push({ field, message: result.message, value: cell(field) });
      return fallback;
    };
    const name = cell('name');
    if (name === '') problems.push({ field: 'name', message: 'validation.nameEmpty' });
    const areaCode = take('area', importedArea(cell('area')), null);
    const joinedYear = take('joinedYear', importedYear(cell('joinedYear')), null);
    const leftYear = take('leftYear', importedYear(cell('leftYear'), true), null);
    if (joinedYear !== null && leftYear !== null && leftYear <= joinedYear)
      problems.push({ field: 'leftYear', message: 'validation.leftBeforeJoined' });
    const hasCount = column('memberCount') >= 0;
    const memberCount = hasCount ? take('memberCount', importedCount(cell('memberCount')), null) : null;
    const latitude = take('latitude', importedCoordinate(cell('latitude'), 90), null);
    const longitude = take('longitude', importedCoordinate(cell('longitude'), 180), null);

    let place: PreviewRow['place'] = null;
    if (name !== '') {
      const folded = foldName(name);
      const existing = knownByName.get(folded)?.find((item) => areaCode === null || item.areaCode === areaCode);
      if (existing) place = { kind: 'existing', placeId: existing.id, name: existing.name };
      else if (latitude !== null && longitude !== null) place = { kind: 'new' };
      else {
        const hit = searchGazetteer(name).find(
          (candidate) =>
            foldName(candidate.matchedName ?? candidate.name) === folded &&
            (areaCode === null || candidate.areaCode === areaCode),
        );
        if (hit) place = { kind: 'gazetteer', geonameId: hit.geonameId, name: hit.matchedName ?? hit.name };
        else problems.push({ field: 'place', message: 'validation.unknownPlace' });
      }
      if (place?.kind !== 'existing' && areaCode === null) problems.push({ field: 'area', message: 'validation.areaCode' });
    }
    return { rowNumber, name, areaCode, joinedYear, leftYear, memberCount, hasCount, latitude, longitude, place, problems };
  });
  return { mapping, rows };
}

/**
 * Writes the rows that have no problems into the chain: places found or made, memberships added
 * or brought up to date, member counts for the given year. One transaction, one undo step.
 */
export function applyImport(
  ctx: DocumentContext,
  chainId: string,
  preview: ImportPreview,
  options: { countYear: number; gazetteer?: Gazetteer; excludeRows?: number[] },
): { added: number; updated: number } {
  if (!ctx.db.prepare('SELECT 1 FROM chain WHERE id = ? AND deleted_at IS NULL').get(chainId)) throw notFound(`chain ${chainId}`);
  const excluded = new Set(options.excludeRows ?? []);
  const rows = preview.rows.filter((row) => !excluded.has(row.rowNumber));
  if (rows.some((row) => row.problems.length > 0)) throw new Error('Rows with problems must be fixed or excluded first');
  let added = 0;
  let updated = 0;
  // Prepared once: an import may have a hundred thousand rows.
  const findPlaceByGeonames = ctx.db.prepare('SELECT id FROM place WHERE geonames_id = ? AND deleted_at IS NULL');
  const findMembership = ctx.db.prepare(
    'SELECT id, joined_year AS joinedYear, left_year AS leftYear FROM membership WHERE chain_id = ? AND place_id = ? AND deleted_at IS NULL ORDER BY joined_year DESC LIMIT 1',
  );
  const findBranch = ctx.db.prepare(
    'SELECT id FROM branch WHERE place_id = ? AND deleted_at IS NULL ORDER BY created_at LIMIT 1',
  );
  const findCount = ctx.db.prepare('SELECT id FROM member_count WHERE branch_id = ? AND year = ? AND deleted_at IS NULL');
  // Gazetteer hits by the row's name, so that a name the file repeats is searched once.
  const hits = new Map<string, GazetteerHit | undefined>();
  const hitOf = (row: PreviewRow & { place: { kind: 'gazetteer' } }): GazetteerHit | undefined => {
    const key = `${row.place.geonameId}:${row.name}`;
    if (!hits.has(key))
      hits.set(
        key,
        options.gazetteer?.search(row.name, 20).find((item) => item.geonameId === row.place.geonameId),
      );
    return hits.get(key);
  };
  recordChanges(
    ctx,
    (changes) => {
      for (const row of rows) {
        // The gazetteer's or the document's spelling, not the sheet's (Torshavn becomes Tórshavn).
        const placeName = row.place?.kind === 'gazetteer' || row.place?.kind === 'existing' ? row.place.name : row.name;
        let placeId: string;
        // A place made by this row has no membership, branch or count yet: nothing to look up.
        let fresh = false;
        if (row.place?.kind === 'existing') placeId = row.place.placeId;
        else {
          const hit = row.place?.kind === 'gazetteer' ? hitOf(row as PreviewRow & { place: { kind: 'gazetteer' } }) : undefined;
          const reused = hit ? (findPlaceByGeonames.get(hit.geonameId) as { id: string } | undefined) : undefined;
          if (reused) placeId = reused.id;
          else {
            placeId = changes.insert('place', {
              name: placeName,
              area_code: row.areaCode ?? hit?.areaCode ?? 'SE',
              kind: 'municipality',
              latitude: row.latitude ?? hit?.latitude ?? null,
              longitude: row.longitude ?? hit?.longitude ?? null,
              geonames_id: hit?.geonameId ?? null,
              source: hit ? `GeoNames ${hit.geonameId}` : null,
            });
            fresh = true;
          }
        }
        const membership = fresh
          ? undefined
          : (findMembership.get(chainId, placeId) as { id: string; joinedYear: number; leftYear: number | null } | undefined);
        if (membership) {
          changes.update('membership', membership.id, {
            joined_year: row.joinedYear ?? membership.joinedYear,
            left_year: row.leftYear,
          });
          updated += 1;
        } else {
          changes.insert('membership', {
            chain_id: chainId,
            place_id: placeId,
            joined_year: row.joinedYear!,
            left_year: row.leftYear,
          });
          added += 1;
        }
        if (row.hasCount) {
          const branch = fresh ? undefined : (findBranch.get(placeId) as { id: string } | undefined);
          const branchId = branch?.id ?? changes.insert('branch', { place_id: placeId, name: `Föreningen Norden ${placeName}` });
          const count = branch ? (findCount.get(branchId, options.countYear) as { id: string } | undefined) : undefined;
          if (count) changes.update('member_count', count.id, { count: row.memberCount });
          else changes.insert('member_count', { branch_id: branchId, year: options.countYear, count: row.memberCount });
        }
      }
    },
    { bulkInserts: true },
  );
  return { added, updated };
}

/** A file the window sends: its name (for the kind) and its bytes. */
export interface ImportFile {
  fileName: string;
  bytes: Buffer;
}

interface FileImportOptions {
  gazetteer?: Gazetteer;
  /** The user's column mapping; ignored when it does not fit the file's columns. */
  mapping?: ImportField[];
}

async function previewOfFile(
  ctx: DocumentContext,
  file: ImportFile,
  options: FileImportOptions,
): Promise<{ table: SheetTable; preview: ImportPreview }> {
  let table: SheetTable;
  try {
    table = await readTableBytes(file.fileName, file.bytes);
  } catch (error) {
    throw invalid('file', 'errors.importUnreadable', error instanceof Error ? error.message : String(error));
  }
  if (table.headers.every((header) => header === '') || table.rows.length === 0) throw invalid('file', 'errors.importEmpty');
  const mapping = options.mapping?.length === table.headers.length ? options.mapping : undefined;
  return { table, preview: previewImport(ctx, table, { gazetteer: options.gazetteer, mapping }) };
}

/** The import dialog's preview: nothing is written. */
export async function previewImportFile(
  ctx: DocumentContext,
  file: ImportFile,
  options: FileImportOptions,
): Promise<ImportFilePreview> {
  const { table, preview } = await previewOfFile(ctx, file, options);
  return {
    fileName: file.fileName,
    headers: table.headers,
    mapping: preview.mapping,
    totalRows: preview.rows.length,
    rowsWithProblems: preview.rows.filter((row) => row.problems.length > 0).length,
    rows: rowsToShow(preview.rows),
  };
}

/**
 * The import dialog's confirmation: the file is checked again here (the window's preview is not
 * trusted), and written only if every row that is not excluded is free of problems.
 */
export async function applyImportFile(
  ctx: DocumentContext,
  chainId: string,
  file: ImportFile,
  options: FileImportOptions & { countYear: number; excludeRows: number[]; excludeRowsWithProblems: boolean },
): Promise<{ added: number; updated: number }> {
  const { preview } = await previewOfFile(ctx, file, options);
  const excluded = new Set(options.excludeRows);
  if (options.excludeRowsWithProblems) for (const row of preview.rows) if (row.problems.length > 0) excluded.add(row.rowNumber);
  if (preview.rows.some((row) => !excluded.has(row.rowNumber) && row.problems.length > 0))
    throw invalid('file', 'validation.importProblems');
  if (preview.rows.every((row) => excluded.has(row.rowNumber))) throw invalid('file', 'validation.importNothing');
  return applyImport(ctx, chainId, preview, {
    countYear: options.countYear,
    gazetteer: options.gazetteer,
    excludeRows: [...excluded],
  });
}
