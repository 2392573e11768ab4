import { isMemberIn, periodProblem, type Period } from '../../shared/history/periods';
import { invalid, notFound, type DocumentContext } from './context';
import { recordChanges, type ChangeSet } from './change-log';
import { localBranchName } from './places';

/** Edits a person makes in the members table; each is one undo step. */

export function renamePlace(ctx: DocumentContext, placeId: string, name: string): void {
  recordChanges(ctx, (changes) => changes.update('place', placeId, { name }));
}

interface MembershipRow extends Period {
  chainId: string;
  placeId: string;
}

function membershipOf(ctx: DocumentContext, membershipId: string): MembershipRow {
  const row = ctx.db
    .prepare(
      `SELECT id, chain_id AS chainId, place_id AS placeId, joined_year AS joinedYear, left_year AS leftYear
         FROM membership WHERE id = ? AND deleted_at IS NULL`,
    )
    .get(membershipId) as MembershipRow | undefined;
  if (!row) throw notFound(`membership ${membershipId}`);
  return row;
}

/** The place's other periods in the same chain: they may not overlap the one being changed. */
function otherPeriods(ctx: DocumentContext, chainId: string, placeId: string): Period[] {
  return ctx.db
    .prepare(
      `SELECT id, joined_year AS joinedYear, left_year AS leftYear FROM membership
        WHERE chain_id = ? AND place_id = ? AND deleted_at IS NULL`,
    )
    .all(chainId, placeId) as Period[];
}

/**
 * A year joined after this calendar year is refused: nobody has joined yet in the future (the
 * schema lets dated decisions reach next year, a membership may not).
 */
export const latestJoinYear = (ctx: DocumentContext): number => Number(ctx.now().slice(0, 4));

export function checkNotFuture(ctx: DocumentContext, field: string, joinedYear: number): void {
  const thisYear = latestJoinYear(ctx);
  if (joinedYear > thisYear) throw invalid(field, 'validation.joinedInFuture', `after ${thisYear}`, { year: thisYear });
}

/**
 * A member may not leave before a year it has a count for (the left year is the first year out):
 * the message names the latest such count. A count of a later period (it joined again) is its own.
 */
function checkLeftAfterCounts(ctx: DocumentContext, membership: MembershipRow, leftYear: number | null): void {
  if (leftYear === null) return;
  const others = otherPeriods(ctx, membership.chainId, membership.placeId).filter((other) => other.id !== membership.id);
  const years = (
    ctx.db
      .prepare(
        `SELECT mc.year FROM member_count mc JOIN branch b ON b.id = mc.branch_id AND b.deleted_at IS NULL
          WHERE b.place_id = ? AND mc.deleted_at IS NULL AND mc.count IS NOT NULL AND mc.year >= ? ORDER BY mc.year DESC`,
      )
      .pluck()
      .all(membership.placeId, leftYear) as number[]
  ).filter((year) => (membership.joinedYear ?? -Infinity) <= year && !others.some((other) => isMemberIn(other, year)));
  const latest = years[0];
  if (latest === undefined) return;
  const place = ctx.db.prepare('SELECT name FROM place WHERE id = ?').pluck().get(membership.placeId) as string;
  throw invalid('leftYear', 'validation.leftBeforeCount', `count for ${latest}`, { name: place, year: latest });
}

function checkPeriod(ctx: DocumentContext, period: Period & { chainId: string; placeId: string }): void {
  const problem = periodProblem(period, otherPeriods(ctx, period.chainId, period.placeId));
  if (problem) throw invalid(problem.field, problem.message);
}

export function setJoinedYear(ctx: DocumentContext, membershipId: string, joinedYear: number): void {
  const membership = membershipOf(ctx, membershipId);
  checkNotFuture(ctx, 'joinedYear', joinedYear);
  if (membership.leftYear !== null && joinedYear >= membership.leftYear) {
    throw invalid('joinedYear', 'validation.joinedAfterLeft', `left in ${membership.leftYear}`);
  }
  checkPeriod(ctx, { ...membership, joinedYear });
  recordChanges(ctx, (changes) => {
    changes.update('membership', membershipId, { joined_year: joinedYear });
    keepSourcesInStep(ctx, changes, membershipId, joinedYear);
  });
}

/**
 * Where sources were recorded for the year, the one shown follows the record: the source that
 * says this year, or else a new entry of unknown source.
 */
function keepSourcesInStep(ctx: DocumentContext, changes: ChangeSet, membershipId: string, joinedYear: number): void {
  const recorded = ctx.db
    .prepare(
      `SELECT id, value, shown FROM fact_alternative
        WHERE table_name = 'membership' AND row_id = ? AND field = 'joined_year' AND deleted_at IS NULL ORDER BY created_at`,
    )
    .all(membershipId) as Array<{ id: string; value: string; shown: number }>;
  if (recorded.length === 0) return;
  const match = recorded.find((item) => JSON.parse(item.value) === joinedYear);
  for (const item of recorded) changes.update('fact_alternative', item.id, { shown: item === match ? 1 : 0 });
  if (!match) {
    changes.insert('fact_alternative', {
      table_name: 'membership',
      row_id: membershipId,
      field: 'joined_year',
      value: JSON.stringify(joinedYear),
      source: '—',
      shown: 1,
    });
  }
}

/** Records that a member left (the first year it is no longer in the chain), or that it did not. */
export function setLeft(ctx: DocumentContext, membershipId: string, leftYear: number | null, leaveReason: string | null): void {
  const membership = membershipOf(ctx, membershipId);
  checkPeriod(ctx, { ...membership, leftYear });
  checkLeftAfterCounts(ctx, membership, leftYear);
  recordChanges(ctx, (changes) =>
    changes.update('membership', membershipId, { left_year: leftYear, leave_reason: leftYear === null ? null : leaveReason }),
  );
}

/** Whether the member takes part in the meeting rotation, and its older sponsor-town bond. */
export function setHosting(ctx: DocumentContext, membershipId: string, canHost: boolean, sponsorBond: string | null): void {
  membershipOf(ctx, membershipId);
  recordChanges(ctx, (changes) =>
    changes.update('membership', membershipId, { can_host: canHost ? 1 : 0, sponsor_bond: sponsorBond }),
  );
}

/** A place that left joins the same chain again: a new period. */
export function rejoin(ctx: DocumentContext, membershipId: string, joinedYear: number): string {
  const membership = membershipOf(ctx, membershipId);
  checkNotFuture(ctx, 'joinedYear', joinedYear);
  checkPeriod(ctx, { id: '', chainId: membership.chainId, placeId: membership.placeId, joinedYear, leftYear: null });
  return recordChanges(ctx, (changes) =>
    changes.insert('membership', { chain_id: membership.chainId, place_id: membership.placeId, joined_year: joinedYear }),
  );
}

/**
 * Sets the member count of the place's local branch for a year; null records "not reported".
 * A count added as new (`adding`, the details' add row) must not silently overwrite the one the
 * year has: it is refused naming that count, and the window asks before it sends it again as an
 * edit. An edit of a cell replaces what it shows.
 */
export function setMemberCount(
  ctx: DocumentContext,
  placeId: string,
  year: number,
  memberCount: number | null,
  adding = false,
): void {
  const place = ctx.db.prepare('SELECT name FROM place WHERE id = ? AND deleted_at IS NULL').get(placeId) as
    { name: string } | undefined;
  if (!place) throw notFound(`place ${placeId}`);
  recordChanges(ctx, (changes) => {
    const branch = ctx.db
      .prepare('SELECT id FROM branch WHERE place_id = ? AND deleted_at IS NULL ORDER BY created_at LIMIT 1')
      .get(placeId) as { id: string } | undefined;
    const branchId = branch?.id ?? changes.insert('branch', { place_id: placeId, name: localBranchName(place.name) });
    // A removed count of that year comes back rather than a second row: a shared document knows
    // one row per branch and year, and its copies must hold the same rows.
    const existing = ctx.db
      .prepare('SELECT id, deleted_at FROM member_count WHERE branch_id = ? AND year = ? ORDER BY deleted_at IS NOT NULL LIMIT 1')
      .get(branchId, year) as { id: string; deleted_at: string | null } | undefined;
    if (adding && existing?.deleted_at === null) {
      const count = ctx.db.prepare('SELECT count FROM member_count WHERE id = ?').pluck().get(existing.id) as number | null;
      if (count !== null && count !== memberCount)
        throw invalid('year', 'validation.countExists', `count ${count} for ${year}`, { year, count });
    }
    if (!existing) changes.insert('member_count', { branch_id: branchId, year, count: memberCount });
    else if (existing.deleted_at === null) changes.update('member_count', existing.id, { count: memberCount });
    else {
      changes.revive('member_count', existing.id);
      changes.update('member_count', existing.id, { count: memberCount, source: null, note: null });
    }
  });
}

export interface NewMember {
  chainId: string;
  joinedYear: number;
  place: {
    name: string;
    areaCode: string;
    latitude: number;
    longitude: number;
    kind: string;
    geonameId?: number | undefined;
  };
}

/**
 * Adds a place to a chain, as one undo step. A place from the gazetteer that the document already
 * has (same GeoNames id) is reused; a place already in the chain that year is refused.
 */
export function addMember(ctx: DocumentContext, member: NewMember): { membershipId: string; placeId: string } {
  const chain = ctx.db.prepare('SELECT id FROM chain WHERE id = ? AND deleted_at IS NULL').get(member.chainId);
  if (!chain) throw notFound(`chain ${member.chainId}`);
  checkNotFuture(ctx, 'joinedYear', member.joinedYear);
  return recordChanges(ctx, (changes) => {
    const existing = member.place.geonameId
      ? (ctx.db
          .prepare('SELECT id FROM place WHERE geonames_id = ? AND deleted_at IS NULL ORDER BY created_at LIMIT 1')
          .get(member.place.geonameId) as { id: string } | undefined)
      : undefined;
    if (existing) {
      const overlapping = ctx.db
        .prepare(
          `SELECT 1 FROM membership WHERE chain_id = ? AND place_id = ? AND deleted_at IS NULL
             AND (left_year IS NULL OR left_year > ?)`,
        )
        .get(member.chainId, existing.id, member.joinedYear);
      if (overlapping) throw invalid('place', 'validation.alreadyMember');
    }
    const placeId =
      existing?.id ??
      changes.insert('place', {
        name: member.place.name,
        area_code: member.place.areaCode,
        kind: member.place.kind,
        latitude: member.place.latitude,
        longitude: member.place.longitude,
        geonames_id: member.place.geonameId ?? null,
        source: member.place.geonameId ? `GeoNames ${member.place.geonameId}` : null,
      });
    const membershipId = changes.insert('membership', {
      chain_id: member.chainId,
      place_id: placeId,
      joined_year: member.joinedYear,
    });
    return { membershipId, placeId };
  });
}
