import { guessMapping, type ImportField } from '../../../shared/importing/columns';
import { SOUTH_SCHLESWIG } from '../../../shared/areas';
import { importedArea, importedCoordinate, importedCount, importedYear, isTotalLine } from '../../../shared/importing/values';
import { foldName } from '../../../shared/text/fold';
import { nameSchema, noteSchema } from '../../../shared/validation';
import {
  PREVIEW_ROW_LIMIT,
  rowsToShow,
  type ChangedField,
  type ImportChoice,
  type ImportFilePreview,
  type PlaceCandidate,
  type PreviewRow,
  type RowNote,
  type RowOutcome,
  type RowProblem,
} from '../../../shared/importing/preview';
import { invalid, ServiceError, type DocumentContext } from '../context';
import { latestJoinYear } from '../members';
import type { GazetteerHit } from '../../../shared/contract';
import type { Gazetteer } from '../gazetteer';
import { readingProblems, readTableBytes, type SheetTable } from './read';
import {
  countYearOf,
  disjoint,
  decideRow,
  periodOf,
  fieldsInFile,
  sameTargets,
  storedReader,
  targetsOf,
  type RowTargets,
} from './outcome';

/**
 * Import of members, step 2 of 3: the columns mapped (guessed from the headers) and every row
 * checked, its place found and its problems listed. Nothing is written here (see apply.ts).
 */
export interface ImportPreview {
  mapping: ImportField[];
  rows: PreviewRow[];
  /** Rows left out as they are no member (a total line), with the note the preview shows. */
  notes: RowNote[];
}

interface KnownPlace {
  id: string;
  name: string;
  names: string[];
  areaCode: string;
  geonameId: number | null;
}

/** A value as the preview shows it: a cell of megabytes is cut, its control characters made visible. */
function shown(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is made visible here
  const visible = value.replace(/[\u0000-\u001F\u007F]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return visible.length > SHOWN_VALUE_LENGTH ? `${visible.slice(0, SHOWN_VALUE_LENGTH)}…` : visible;
}

const SHOWN_VALUE_LENGTH = 200;

/** A gazetteer place lies in the row's area: Sydslesvig is in Germany (GeoNames has no code for it). */
const inArea = (placeArea: string, rowArea: string) =>
  placeArea === rowArea || (rowArea === SOUTH_SCHLESWIG && placeArea === 'DE');

/**
 * The gazetteer's spelling: its own name when the row's is that name folded (Malmo is Malmö,
 * Goteborg is Göteborg); otherwise the spelling the row matched (Åbo, not Turku).
 */
function spellingOf(hit: GazetteerHit, folded: string): string {
  if (foldName(hit.name) === folded) return hit.name;
  return hit.matchedName ?? hit.name;
}

/** How the rows are compared with what the document stores (see outcome.ts). */
export interface OutcomeOptions {
  /** The chain the rows go into; without it, the document's first. */
  chainId?: string;
  /** The dialog's year of the member counts; without it, this year (as the CLI's default). */
  countYear?: number;
  /** "Empty cells clear values": off, an empty cell never clears a stored fact. */
  emptyClears?: boolean;
}

/**
 * The gazetteer place of a row: the best of `hits` (the row's area's places of that name, ranked),
 * unless others match the name as well as it does (their own name, the same letters: Pasadena in
 * California, Texas and Maryland). Size does not settle that: the row lists them, most populous
 * first, and takes the one the user chose. A place that has the name only as an alternate, while
 * the best has it as its own, is no candidate (Bergen auf Rügen beside the Bergens).
 */
function gazetteerChoice(
  hits: readonly GazetteerHit[],
  name: string,
  areaCode: string,
  chosen: number | undefined,
): { hit: GazetteerHit | undefined; candidates?: PlaceCandidate[] } {
  const typed = name.trim().toLowerCase();
  // The ranking's own terms, best first: the letters as typed before folded ones, for Sydslesvig
  // the Nordic places (Schleswig-Holstein, admin1 10), the place's own name before an alternate.
  const score = (hit: GazetteerHit) =>
    Number((hit.matchedName ?? hit.name).toLowerCase() !== typed) * 4 +
    Number(areaCode === SOUTH_SCHLESWIG && hit.region !== '10') * 2 +
    Number(hit.matchedName !== null);
  const top = Math.min(...hits.map(score));
  const equals = hits.filter((hit) => score(hit) === top);
  if (equals.length < 2) return { hit: equals[0] };
  const candidates = [...equals]
    .sort((a, b) => b.population - a.population)
    .map(({ matchedName: _matched, ...candidate }) => candidate);
  return { hit: equals.find((hit) => hit.geonameId === chosen), candidates };
}

export function previewImport(
  ctx: DocumentContext,
  table: SheetTable,
  options: { gazetteer?: Gazetteer; mapping?: ImportField[]; placeChoices?: readonly ImportChoice[] } & OutcomeOptions = {},
): ImportPreview {
  const mapping = options.mapping ?? guessMapping(table.headers);
  // The user's picks by row; each must name one of its row's candidates, or the check is refused.
  const choices = new Map<number, number>();
  for (const { rowNumber, geonameId } of options.placeChoices ?? []) {
    if (choices.has(rowNumber) && choices.get(rowNumber) !== geonameId)
      throw invalid('placeChoices', 'validation.placeChoiceInvalid');
    choices.set(rowNumber, geonameId);
  }
  const choicesTaken = new Set<number>();
  const known: KnownPlace[] = (
    ctx.db
      .prepare(
        'SELECT id, name, alternative_names AS alternatives, area_code AS areaCode, geonames_id AS geonameId FROM place WHERE deleted_at IS NULL',
      )
      .all() as Array<{ id: string; name: string; alternatives: string; areaCode: string; geonameId: number | null }>
  ).map((row) => ({
    id: row.id,
    name: row.name,
    areaCode: row.areaCode,
    geonameId: row.geonameId,
    names: [row.name, ...(JSON.parse(row.alternatives) as string[])].map(foldName),
  }));
  const knownByGeonameId = new Map(known.flatMap((place) => (place.geonameId === null ? [] : [[place.geonameId, place]])));
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
  const placesNamed = (name: string): GazetteerHit[] => {
    let hits = searched.get(name);
    if (!hits) searched.set(name, (hits = options.gazetteer?.named(name) ?? []));
    return hits;
  };
  const column = (field: ImportField) => mapping.indexOf(field);
  const cellOf = (cells: readonly string[], field: ImportField) => (column(field) >= 0 ? (cells[column(field)] ?? '') : '');
  const notes: RowNote[] = [];
  const memberRows = table.rows.filter(({ rowNumber, cells }) => {
    if (!isTotalLine(cellOf(cells, 'name'), cellOf(cells, 'memberCount'))) return true;
    const value = [cellOf(cells, 'name'), cellOf(cells, 'memberCount')].filter((text) => text.trim() !== '').join(' ');
    // As the rows shown, the notes are bounded: a file of nothing but total lines is not a page of them.
    if (notes.length < PREVIEW_ROW_LIMIT) notes.push({ rowNumber, message: 'import.totalLine', value: shown(value) });
    return false;
  });
  // Each row's name folded, as its place was looked up: the file's repeats are found by it too.
  const foldedNames: string[] = [];
  // As typed in the window: nobody has joined in the future (members.ts checkNotFuture). A count
  // in a former member's row is kept, not refused: sheets list the last count known, and a place
  // that joined again has counts of its own period; "Att granska" warns of one after a departure.
  const thisYear = latestJoinYear(ctx);
  const rows = memberRows.map((row, index) => {
    const { rowNumber, cells } = row;
    const cell = (field: ImportField) => cellOf(cells, field);
    const problems: RowProblem[] = readingProblems(row, mapping);
    const take = <T>(field: ImportField, result: { ok: true; value: T } | { ok: false; message: string }, fallback: T): T => {
      if (result.ok) return result.value;
      problems.push({ field, message: result.message, value: shown(cell(field)) });
      return fallback;
    };
    // The same rule as a name typed in the window: one line, no control characters, 200 at most.
    const checkedName = nameSchema.safeParse(cell('name'));
    const name = checkedName.success ? checkedName.data : '';
    if (!checkedName.success) {
      const message = checkedName.error.issues[0]?.message ?? 'validation.invalid';
      problems.push({ field: 'name', message, ...(cell('name') === '' ? {} : { value: shown(cell('name')) }) });
    }
    const area = importedArea(cell('area'));
    const areaCode = take('area', area, null);
    const joinedYear = take('joinedYear', importedYear(cell('joinedYear'), true), null);
    const leftYear = take('leftYear', importedYear(cell('leftYear'), true), null);
    if (joinedYear !== null && leftYear !== null && leftYear <= joinedYear)
      problems.push({ field: 'leftYear', message: 'validation.leftBeforeJoined' });
    if (joinedYear !== null && joinedYear > thisYear)
      problems.push({
        field: 'joinedYear',
        message: 'validation.joinedInFuture',
        params: { year: thisYear },
        value: shown(cell('joinedYear')),
      });
    const hasCount = column('memberCount') >= 0;
    const memberCount = hasCount ? take('memberCount', importedCount(cell('memberCount')), null) : null;
    const latitude = take('latitude', importedCoordinate(cell('latitude'), 90), null);
    const longitude = take('longitude', importedCoordinate(cell('longitude'), 180), null);
    const countYear = take('countYear', importedYear(cell('countYear'), true), null);
    const checkedNote = noteSchema.safeParse(cell('note'));
    if (!checkedNote.success)
      problems.push({
        field: 'note',
        message: checkedNote.error.issues[0]?.message ?? 'validation.invalid',
        value: shown(cell('note')),
      });
    const note = checkedNote.success && checkedNote.data !== '' ? checkedNote.data : null;
    const geonameId = take('geonameId', importedGeonameId(cell('geonameId')), null);
    const emptyFields = emptyFieldsOf(cell);

    let place: PreviewRow['place'] = null;
    let candidates: PlaceCandidate[] | undefined;
    if (name !== '') {
      const folded = foldName(name);
      foldedNames[index] = folded;
      // The GeoNames id names the place: the document's with that id, else one of that name without
      // an id of its own, else the gazetteer's.
      const existing =
        (geonameId !== null ? knownByGeonameId.get(geonameId) : undefined) ??
        (area.ok
          ? knownByName
              .get(folded)
              ?.find(
                (item) => (areaCode === null || item.areaCode === areaCode) && (geonameId === null || item.geonameId === null),
              )
          : undefined);
      const linked = geonameId !== null && !existing ? options.gazetteer?.byId(geonameId) : undefined;
      if (existing) place = { kind: 'existing', placeId: existing.id, name: existing.name };
      else if (geonameId !== null) {
        if (linked) place = { kind: 'gazetteer', geonameId, name: linked.name };
        else problems.push({ field: 'geonameId', message: 'validation.geonameIdUnknown', value: shown(cell('geonameId')) });
      } else if (latitude !== null && longitude !== null) place = { kind: 'new' };
      else if (areaCode !== null) {
        // Every place with a spelling of that name in the row's country, none from elsewhere.
        const inRowArea = placesNamed(name).filter((candidate) => inArea(candidate.areaCode, areaCode));
        const choice = gazetteerChoice(inRowArea, name, areaCode, choices.get(rowNumber));
        candidates = choice.candidates;
        if (candidates && choice.hit) choicesTaken.add(rowNumber);
        if (choice.hit) place = { kind: 'gazetteer', geonameId: choice.hit.geonameId, name: spellingOf(choice.hit, folded) };
        else if (candidates) problems.push({ field: 'place', message: 'validation.placeAmbiguous' });
        else problems.push({ field: 'place', message: 'validation.unknownPlace' });
      }
      // One problem for the country: unknown (said above) or missing, never a guess from elsewhere.
      if (place?.kind !== 'existing' && geonameId === null && areaCode === null && area.ok)
        problems.push({ field: 'area', message: 'validation.areaMissing' });
    }
    const previewRow: PreviewRow = {
      rowNumber,
      name,
      areaCode,
      joinedYear,
      leftYear,
      memberCount,
      hasCount,
      latitude,
      longitude,
      place,
      problems,
      countYear,
      note,
      geonameId,
      emptyFields,
      ...(candidates ? { candidates } : {}),
    };
    return previewRow;
  });
  // A choice for a row that does not ask, or of a place that is not among the row's, is refused.
  if ([...choices.keys()].some((rowNumber) => !choicesTaken.has(rowNumber)))
    throw invalid('placeChoices', 'validation.placeChoiceInvalid');
  decideRows(ctx, rows, foldedNames, mapping, options);
  return { mapping, rows, notes };
}

/** A GeoNames id as the app's own export writes it: a whole number; empty is none. */
function importedGeonameId(text: string): { ok: true; value: number | null } | { ok: false; message: string } {
  const value = text.trim();
  if (value === '') return { ok: true, value: null };
  if (!/^[1-9]\d{0,11}$/.test(value)) return { ok: false, message: 'validation.geonameIdNotNumber' };
  return { ok: true, value: Number(value) };
}

/** The mapped columns a row leaves empty (a position: both of its columns). */
function emptyFieldsOf(cell: (field: ImportField) => string): ChangedField[] {
  const isEmpty = (field: ImportField) => cell(field).trim() === '';
  const fields = (['joinedYear', 'leftYear', 'memberCount', 'note'] as const).filter(isEmpty);
  return isEmpty('latitude') && isEmpty('longitude') ? [...fields, 'position'] : fields;
}

/**
 * Each row's outcome and changes against the document, and the file's repeats: a later row for
 * a place an earlier row gave (the same place, or the same folded name in the same country) is a
 * duplicate, left out when it says the same and a problem when it says something else.
 */
function decideRows(
  ctx: DocumentContext,
  rows: PreviewRow[],
  foldedNames: readonly string[],
  mapping: readonly ImportField[],
  options: OutcomeOptions,
): void {
  const reader = storedReader(ctx, options.chainId);
  const dialogYear = options.countYear ?? new Date().getFullYear();
  const earlier = new Map<string, Array<{ row: PreviewRow; targets: RowTargets }>>();
  const rowOfPeriod = new Map<string, number>();
  const inFile = fieldsInFile(mapping);
  for (const [index, row] of rows.entries()) {
    const placeId = reader.placeOf(row.place);
    const targets = targetsOf(row, inFile, options.emptyClears ?? false);
    // A row with no place says nothing of one; one with problems still shows what it would do.
    if (!row.place) continue;
    if (row.problems.length > 0) {
      Object.assign(row, decisionOf(row, targets, placeId));
      continue;
    }
    const keys = [
      placeId !== null ? `place ${placeId}` : row.place.kind === 'gazetteer' ? `geonames ${row.place.geonameId}` : null,
      `name ${foldedNames[index]} ${row.areaCode ?? ''}`,
    ].filter((key) => key !== null);
    // An earlier row of the place is a repeat unless the two are periods that do not overlap.
    const period = periodOf(targets);
    const sameKey = keys.flatMap((key) => earlier.get(key) ?? []);
    const first = sameKey.find((found) => !disjoint(periodOf(found.targets), period));
    const years = (other: PreviewRow): [number, number] => [countYearOf(other, dialogYear), countYearOf(row, dialogYear)];
    // Two periods of one place share its branch: their counts of one year must agree.
    const otherCount = sameKey.find(
      (found) =>
        found !== first &&
        found.targets.memberCount !== undefined &&
        targets.memberCount !== undefined &&
        years(found.row)[0] === years(found.row)[1] &&
        found.targets.memberCount !== targets.memberCount,
    );
    if (!first && otherCount)
      row.problems.push({
        field: 'memberCount',
        message: 'validation.duplicateDiffers',
        params: { row: otherCount.row.rowNumber },
      });
    if (first) {
      row.outcome = 'duplicate';
      row.duplicateOf = first.row.rowNumber;
      row.changes = [];
      if (!sameTargets(first.targets, targets, years(first.row)))
        row.problems.push({ field: 'name', message: 'validation.duplicateDiffers', params: { row: first.row.rowNumber } });
      continue;
    }
    for (const key of keys) earlier.set(key, [...(earlier.get(key) ?? []), { row, targets }]);
    Object.assign(row, decisionOf(row, targets, placeId));
  }

  function decisionOf(row: PreviewRow, targets: RowTargets, placeId: string | null) {
    const stored = placeId === null ? null : reader.member(placeId, targets);
    const decision = decideRow(targets, stored, reader, countYearOf(row, dialogYear));
    row.problems.push(...decision.problems);
    // Two rows of the file about one stored period (one closes it, the other moves its start):
    // which is meant cannot be told, so the later one is a problem naming the earlier.
    const membershipId = stored?.membership?.id;
    // A row with a problem is not imported, so it claims no period.
    if (membershipId !== undefined && row.problems.length === 0) {
      const other = rowOfPeriod.get(membershipId);
      if (other === undefined) rowOfPeriod.set(membershipId, row.rowNumber);
      else row.problems.push({ field: 'joinedYear', message: 'validation.duplicateDiffers', params: { row: other } });
    }
    return { outcome: decision.outcome, changes: decision.changes };
  }
}

/** Of the rows free of problems in the whole file (not only those shown), how many have each outcome. */
function outcomeCounts(rows: readonly PreviewRow[]): Record<RowOutcome, number> {
  const counts: Record<RowOutcome, number> = { add: 0, change: 0, same: 0, duplicate: 0 };
  for (const row of rows) if (row.outcome && row.problems.length === 0) counts[row.outcome] += 1;
  return counts;
}

/** A file the window sends: its name (for the kind) and its bytes. */
export interface ImportFile {
  fileName: string;
  bytes: Buffer;
}

export interface FileImportOptions extends OutcomeOptions {
  gazetteer?: Gazetteer;
  /** The user's column mapping; ignored when it does not fit the file's columns. */
  mapping?: ImportField[];
  /** The user's picks among same-named places, by row. */
  placeChoices?: readonly ImportChoice[];
}

/**
 * The most rows a file imported into a shared document may have. Each is mirrored into the sharing
 * engine in the import's one change, whose cost grows faster than its rows: on the 2-core build
 * machine 5,000 rows took 6 s, 10,000 rows 22 s and 20,000 rows 69 s, so 10,000 ends well inside
 * the data worker's 120 s limit even on a slower laptop, while 100,000 would run into it after
 * two minutes and be rolled back whole. Over it the file is refused as soon as it is read (in the
 * preview, before its rows are checked), and the message says what to do: import it in parts.
 */
export const SHARED_IMPORT_MAX_ROWS = 10_000;

/** The file read and checked: the dialog's preview and its confirmation both start here. */
export async function previewOfFile(
  ctx: DocumentContext,
  file: ImportFile,
  options: FileImportOptions,
): Promise<{ table: SheetTable; preview: ImportPreview }> {
  let table: SheetTable;
  try {
    table = await readTableBytes(file.fileName, file.bytes);
  } catch (error) {
    if (error instanceof ServiceError) throw error; // a limit passed: its own message
    throw invalid('file', 'errors.importUnreadable', error instanceof Error ? error.message : String(error));
  }
  if (table.headers.every((header) => header === '') || table.rows.length === 0) throw invalid('file', 'errors.importEmpty');
  if (ctx.sync && table.rows.length > SHARED_IMPORT_MAX_ROWS)
    throw new ServiceError({
      code: 'invalid_input',
      field: 'file',
      message: 'errors.importTooLargeShared',
      params: { limit: SHARED_IMPORT_MAX_ROWS },
      detail: `${table.rows.length} rows into a shared document`,
    });
  const mapping = options.mapping?.length === table.headers.length ? options.mapping : undefined;
  return { table, preview: previewImport(ctx, table, { ...options, mapping }) };
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
    // A header is shown as the dialog's column label: cut like any value, not megabytes of it.
    headers: table.headers.map(shown),
    mapping: preview.mapping,
    totalRows: preview.rows.length,
    rowsWithProblems: preview.rows.filter((row) => row.problems.length > 0).length,
    headerRow: table.headerRow,
    ...(table.encoding ? { encoding: table.encoding } : {}),
    rows: rowsToShow(preview.rows),
    outcomes: outcomeCounts(preview.rows),
    notes: preview.notes,
  };
}
