import type { ChangedField, FieldChange, PreviewRow, RowOutcome, RowProblem } from '../../../shared/importing/preview';
import type { ImportField } from '../../../shared/importing/columns';
import { listChains } from '../chains';
import type { DocumentContext } from '../context';

// What a row does to what the document stores, decided in one place: the preview (check.ts) shows
// it and the import (apply.ts) writes it, so the two cannot disagree.

/** What the document stores of a row's place, and of its membership in the chain. */
export interface StoredMember {
  place: { id: string; latitude: number | null; longitude: number | null };
  /**
   * The place's period in the chain that the row is about (see periodFor); null when it is not a
   * member, or when the row is another period of it (a rejoin): the row adds it.
   */
  membership: { id: string; joinedYear: number | null; leftYear: number | null; note: string | null } | null;
  /** The place's local branch, whose counts the row's count is compared with. */
  branchId: string | null;
}

/** Reads what the document stores, once per import: a file may have a hundred thousand rows. */
export interface StoredReader {
  /** The document's place the row's place is: one it has, or the gazetteer place it already holds. */
  placeOf(place: PreviewRow['place']): string | null;
  member(placeId: string, period?: RowPeriod): StoredMember | null;
  /** The branch's count of the year: undefined when none is stored, null when stored as not reported. */
  count(branchId: string, year: number): { id: string; count: number | null } | undefined;
}

export function storedReader(ctx: DocumentContext, chainId: string | undefined): StoredReader {
  // Without a chain (a preview the window asked for without one), the document's first, as the CLI does.
  const chain = chainId ?? listChains(ctx)[0]?.id ?? null;
  const places = new Map(
    (
      ctx.db
        .prepare('SELECT id, latitude, longitude, geonames_id AS geonameId FROM place WHERE deleted_at IS NULL')
        .all() as Array<{ id: string; latitude: number | null; longitude: number | null; geonameId: number | null }>
    ).map((row) => [row.id, row]),
  );
  const byGeonameId = new Map<number, string>();
  for (const place of places.values()) if (place.geonameId !== null) byGeonameId.set(place.geonameId, place.id);
  // Each place's periods in the chain, in order of the year joined (an unknown year first).
  const memberships = new Map<string, Array<NonNullable<StoredMember['membership']>>>();
  const periods = ctx.db
    .prepare(
      `SELECT id, place_id AS placeId, joined_year AS joinedYear, left_year AS leftYear, note FROM membership
        WHERE chain_id = ? AND deleted_at IS NULL ORDER BY joined_year, rowid`,
    )
    .all(chain) as Array<{
    id: string;
    placeId: string;
    joinedYear: number | null;
    leftYear: number | null;
    note: string | null;
  }>;
  for (const { placeId, ...period } of periods) {
    const list = memberships.get(placeId);
    if (list) list.push(period);
    else memberships.set(placeId, [period]);
  }
  const branches = new Map<string, string>();
  const branchRows = ctx.db
    .prepare('SELECT id, place_id AS placeId FROM branch WHERE deleted_at IS NULL ORDER BY created_at DESC, rowid DESC')
    .all() as Array<{ id: string; placeId: string }>;
  // The first branch made for a place is its branch (the import adds counts to it), as apply.ts finds it.
  for (const branch of branchRows) branches.set(branch.placeId, branch.id);
  const findCount = ctx.db.prepare('SELECT id, count FROM member_count WHERE branch_id = ? AND year = ? AND deleted_at IS NULL');
  return {
    placeOf: (place) => {
      if (place?.kind === 'existing') return place.placeId;
      if (place?.kind === 'gazetteer') return byGeonameId.get(place.geonameId) ?? null;
      return null;
    },
    member: (placeId, period = {}) => {
      const place = places.get(placeId);
      if (!place) return null;
      return {
        place: { id: place.id, latitude: place.latitude, longitude: place.longitude },
        membership: periodFor(memberships.get(placeId) ?? [], period),
        branchId: branches.get(placeId) ?? null,
      };
    },
    count: (branchId, year) => findCount.get(branchId, year) as { id: string; count: number | null } | undefined,
  };
}

/** The years a row gives for its period: undefined when it says nothing of one. */
export type RowPeriod = Pick<RowTargets, 'joinedYear' | 'leftYear'>;

/**
 * The stored period a row is about. A row that gives a year joined is the period that began that
 * year; else the first it overlaps, whose years it changes; else a period of its own, as it lies
 * wholly after, before or between the stored ones (Kangasala 1977–2010, and again from 2015: an
 * export's two rows). A row that gives no year joined is about the latest period.
 */
function periodFor<P extends { joinedYear: number | null; leftYear: number | null }>(
  periods: readonly P[],
  row: RowPeriod,
): P | null {
  const latest = periods.at(-1);
  if (!latest) return null;
  const joined = row.joinedYear;
  if (joined === undefined || joined === null) return latest;
  const same = periods.find((period) => period.joinedYear === joined);
  if (same) return same;
  const period = { joinedYear: joined, leftYear: row.leftYear ?? null };
  return periods.find((stored) => !disjoint(stored, period)) ?? null;
}

/** A row's period as its targets give it; a year not given is not known. */
export const periodOf = (targets: RowPeriod) => ({ joinedYear: targets.joinedYear ?? null, leftYear: targets.leftYear ?? null });

/** Two periods of one place that do not overlap (a year left is not a year of membership); an unknown start overlaps all. */
export function disjoint(
  a: { joinedYear: number | null; leftYear: number | null },
  b: { joinedYear: number | null; leftYear: number | null },
): boolean {
  if (a.joinedYear === null || b.joinedYear === null) return false;
  return (a.leftYear !== null && a.leftYear <= b.joinedYear) || (b.leftYear !== null && b.leftYear <= a.joinedYear);
}

/** The count year of a row: its own count-year cell, else the dialog's. */
export const countYearOf = (row: PreviewRow, countYear: number): number => row.countYear ?? countYear;

/** The fields the file has a column for (a position: both of its columns); worked out once a file. */
export function fieldsInFile(mapping: readonly ImportField[]): ReadonlySet<ChangedField> {
  const fields = new Set<ChangedField>();
  for (const field of ['joinedYear', 'leftYear', 'memberCount', 'note'] as const) if (mapping.includes(field)) fields.add(field);
  if (mapping.includes('latitude') && mapping.includes('longitude')) fields.add('position');
  return fields;
}

/** The position as a change shows it. */
const positionText = (latitude: number | null, longitude: number | null): string | null =>
  latitude === null || longitude === null ? null : `${latitude}, ${longitude}`;

/** Nearer than this is the same position: an export rounds, a spreadsheet may too. */
const SAME_POSITION_METRES = 1;

function metresApart(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const metresPerDegree = 111_320;
  const north = (a.latitude - b.latitude) * metresPerDegree;
  const east = (a.longitude - b.longitude) * metresPerDegree * Math.cos((((a.latitude + b.latitude) / 2) * Math.PI) / 180);
  return Math.hypot(north, east);
}

/**
 * What a row asks to be stored, field by field: its value when it gives one; null when it leaves a
 * mapped column empty and empty cells clear values; absent (undefined) when it says nothing.
 */
export interface RowTargets {
  joinedYear?: number | null;
  leftYear?: number | null;
  note?: string | null;
  memberCount?: number | null;
  position?: { latitude: number; longitude: number } | null;
}

export function targetsOf(row: PreviewRow, inFile: ReadonlySet<ChangedField>, emptyClears: boolean): RowTargets {
  const empty = new Set(row.emptyFields ?? []);
  const targets: RowTargets = {};
  const value = <F extends keyof RowTargets>(field: F & ChangedField, given: RowTargets[F]) => {
    if (!inFile.has(field)) return;
    if (!empty.has(field)) targets[field] = given;
    else if (emptyClears) targets[field] = null;
  };
  value('joinedYear', row.joinedYear);
  value('leftYear', row.leftYear);
  value('note', row.note ?? null);
  value('memberCount', row.memberCount);
  if (row.latitude !== null && row.longitude !== null) value('position', { latitude: row.latitude, longitude: row.longitude });
  else if (empty.has('position')) value('position', null);
  return targets;
}

/** Whether two rows of the file say the same of a place (a duplicate that may be left out). */
export function sameTargets(a: RowTargets, b: RowTargets, countYears: [number, number]): boolean {
  const samePosition =
    a.position === b.position ||
    (a.position != null && b.position != null && metresApart(a.position, b.position) <= SAME_POSITION_METRES);
  const sameCount = a.memberCount === b.memberCount && (a.memberCount === undefined || countYears[0] === countYears[1]);
  return a.joinedYear === b.joinedYear && a.leftYear === b.leftYear && a.note === b.note && sameCount && samePosition;
}

export interface RowDecision {
  outcome: Exclude<RowOutcome, 'duplicate'>;
  changes: FieldChange[];
  /** A change that cannot be stored (the year left would come before the year joined). */
  problems: RowProblem[];
  /** The stored count the memberCount change replaces, if one is stored. */
  countId?: string;
}

/**
 * The row against what is stored: only the fields it gives that differ from what is stored change;
 * an empty cell changes nothing (unless empty cells clear values: targetsOf).
 */
export function decideRow(
  targets: RowTargets,
  stored: StoredMember | null,
  reader: StoredReader,
  countYear: number,
): RowDecision {
  if (!stored) return { outcome: 'add', changes: [], problems: [] };
  const changes: FieldChange[] = [];
  const problems: RowProblem[] = [];
  const { membership, place } = stored;
  if (membership) {
    for (const field of ['joinedYear', 'leftYear', 'note'] as const) {
      const to = targets[field];
      if (to !== undefined && to !== membership[field]) changes.push({ field, from: membership[field], to });
    }
    const joined = targets.joinedYear !== undefined ? targets.joinedYear : membership.joinedYear;
    const left = targets.leftYear !== undefined ? targets.leftYear : membership.leftYear;
    // A year the file gives, kept with one stored: together they must still be a period.
    if (changes.some((change) => change.field !== 'note') && joined !== null && left !== null && left <= joined)
      problems.push({
        field: targets.leftYear !== undefined ? 'leftYear' : 'joinedYear',
        message: 'validation.leftBeforeJoined',
      });
  }
  if (targets.position !== undefined) {
    const from = positionText(place.latitude, place.longitude);
    const moved =
      targets.position === null
        ? from !== null
        : place.latitude === null ||
          place.longitude === null ||
          metresApart(targets.position, { latitude: place.latitude, longitude: place.longitude }) > SAME_POSITION_METRES;
    if (moved)
      changes.push({
        field: 'position',
        from,
        to: targets.position && positionText(targets.position.latitude, targets.position.longitude),
      });
  }
  let countId: string | undefined;
  if (targets.memberCount !== undefined) {
    const count = stored.branchId === null ? undefined : reader.count(stored.branchId, countYear);
    countId = count?.id;
    // No count stored and "not reported" are the same to the eye: no change to write.
    const from = count?.count ?? null;
    if (targets.memberCount !== from) changes.push({ field: 'memberCount', countYear, from, to: targets.memberCount });
  }
  const outcome = !membership ? 'add' : changes.length > 0 ? 'change' : 'same';
  return { outcome, changes, problems, ...(countId ? { countId } : {}) };
}
