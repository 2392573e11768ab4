import type Database from 'better-sqlite3';
import type { ChainMembers, ChainSummary, CountSeries, Member } from '../../shared/contract';
import { isMemberIn } from '../../shared/history/periods';
import { insertRow, recordChanges } from './change-log';
import { memberCountTotal } from '../../shared/totals';
import { maxYear } from '../../shared/validation';
import { notFound, ServiceError, type DocumentContext } from './context';

/**
 * The one chain of a new document (named as the user named the file). It is written with the
 * document and is not an undo step, like the demo's chains: Undo must not empty a new document.
 */
export function createChain(db: Database.Database, name: string, now = new Date().toISOString()): string {
  return insertRow({ db, now: () => now }, 'chain', { name }).id;
}

/** How often the chain meets: every year, every other year … (the rotation follows it). */
export function setMeetingCadence(ctx: DocumentContext, chainId: string, years: number): void {
  recordChanges(ctx, (changes) => changes.update('chain', chainId, { meeting_cadence_years: years }));
}

export function listChains(ctx: DocumentContext): ChainSummary[] {
  return ctx.db
    .prepare(
      `SELECT c.id, c.name,
              (SELECT COUNT(DISTINCT m.place_id) FROM membership m JOIN place p ON p.id = m.place_id AND p.deleted_at IS NULL
                WHERE m.chain_id = c.id AND m.deleted_at IS NULL AND m.left_year IS NULL) AS memberCount
         FROM chain c WHERE c.deleted_at IS NULL ORDER BY c.created_at, c.rowid`,
    )
    .all() as ChainSummary[];
}

/**
 * The year a chain is shown at when none is asked for: its latest known state, the later of the
 * latest year with a reported member count (the chain's last survey, 2013 for Vänersborg's) and
 * the latest year a member joined (so that a member just added is shown); else this year.
 */
export function defaultYear(ctx: DocumentContext, chainId: string): number {
  const row = ctx.db
    .prepare(
      `WITH counted AS (
         SELECT MAX(mc.year) AS year FROM member_count mc
           JOIN branch b ON b.id = mc.branch_id AND b.deleted_at IS NULL
           JOIN membership m ON m.place_id = b.place_id AND m.deleted_at IS NULL AND m.chain_id = @chainId
          WHERE mc.deleted_at IS NULL AND mc.year <= @maxYear),
       joined AS (
         SELECT MAX(joined_year) AS year FROM membership
          WHERE chain_id = @chainId AND deleted_at IS NULL AND joined_year <= @maxYear)
       -- With no year joined known (a register without years), the counts' year alone: MAX of a NULL is NULL.
       SELECT MAX(counted.year, COALESCE(joined.year, counted.year)) AS year FROM counted, joined`,
    )
    .get({ chainId, maxYear: maxYear() }) as { year: number | null };
  return row.year ?? new Date().getFullYear();
}

// The latest count reported for the place's branch up to the year; a NULL count there is
// "not reported" for that year and is kept as such. Looked up once a member (its id), and the
// row joined by its key: count and year come from the same row without a second lookup.
const LATEST_COUNT_ID = `(
  SELECT mc.id FROM member_count mc JOIN branch b ON b.id = mc.branch_id
   WHERE b.place_id = p.id AND b.deleted_at IS NULL AND mc.deleted_at IS NULL AND mc.year <= @year
   ORDER BY mc.year DESC LIMIT 1)`;

const MEMBER_COLUMNS = `
  m.id AS membershipId, p.id AS placeId, p.name, p.area_code AS areaCode,
  m.joined_year AS joinedYear, m.left_year AS leftYear, m.leave_reason AS leaveReason, m.sponsor_bond AS sponsorBond,
  m.can_host = 1 AS canHost, m.source, m.note,
  (SELECT al.level FROM activity_level al WHERE al.membership_id = m.id AND al.year = @year AND al.deleted_at IS NULL) AS activityLevel,
  latest.count AS memberCount,
  latest.year AS countYear,
  p.latitude, p.longitude`;

export function chainMembers(ctx: DocumentContext, chainId: string, year?: number): ChainMembers {
  const chain = ctx.db.prepare('SELECT id, name FROM chain WHERE id = ? AND deleted_at IS NULL').get(chainId) as
    { id: string; name: string } | undefined;
  if (!chain) throw notFound(`chain ${chainId}`);
  const shownYear = year ?? defaultYear(ctx, chainId);
  // A member is in the chain from the year it joined until the year it left (not included); one
  // whose year joined is not known, from the start. Unknown years come last, as the table sorts them.
  const members = ctx.db
    .prepare(
      `SELECT ${MEMBER_COLUMNS}
         FROM membership m JOIN place p ON p.id = m.place_id AND p.deleted_at IS NULL
         LEFT JOIN member_count latest ON latest.id = ${LATEST_COUNT_ID}
        WHERE m.chain_id = @chainId AND m.deleted_at IS NULL
          AND (m.joined_year IS NULL OR m.joined_year <= @year) AND (m.left_year IS NULL OR m.left_year > @year)
        ORDER BY m.joined_year IS NULL, m.joined_year, p.name`,
    )
    .all({ chainId, year: shownYear }) as Array<Omit<Member, 'canHost'> & { canHost: number }>;
  // Where the year slider starts: the first known year joined, or, where no member's year is
  // known (a register without years), the first year a member count was reported.
  const first = ctx.db
    .prepare(
      `SELECT COALESCE(
         (SELECT MIN(joined_year) FROM membership WHERE chain_id = @chainId AND deleted_at IS NULL),
         (SELECT MIN(mc.year) FROM member_count mc
            JOIN branch b ON b.id = mc.branch_id AND b.deleted_at IS NULL
            JOIN membership m ON m.place_id = b.place_id AND m.deleted_at IS NULL AND m.chain_id = @chainId
           WHERE mc.deleted_at IS NULL)
       ) AS year`,
    )
    .get({ chainId }) as { year: number | null };
  return {
    chain,
    firstYear: first.year,
    year: shownYear,
    members: members.map((member) => ({ ...member, canHost: member.canHost === 1 })),
    total: memberCountTotal(members.map((member) => member.memberCount)),
  };
}

/**
 * Every reported member count of the chain's members, by year, for the charts. A year a member
 * was not in the chain, or did not report, is a gap (null). The total adds what was reported and
 * says how many members in the chain that year did not report.
 */
export function countSeries(ctx: DocumentContext, chainId: string): CountSeries {
  const chain = ctx.db.prepare('SELECT id FROM chain WHERE id = ? AND deleted_at IS NULL').get(chainId);
  if (!chain) throw notFound(`chain ${chainId}`);
  const memberships = ctx.db
    .prepare(
      `SELECT p.id AS placeId, p.name, m.joined_year AS joinedYear, m.left_year AS leftYear
         FROM membership m JOIN place p ON p.id = m.place_id AND p.deleted_at IS NULL
        WHERE m.chain_id = ? AND m.deleted_at IS NULL ORDER BY m.joined_year IS NULL, m.joined_year, p.name`,
    )
    .all(chainId) as Array<{ placeId: string; name: string; joinedYear: number | null; leftYear: number | null }>;
  const counts = ctx.db
    .prepare(
      `SELECT b.place_id AS placeId, mc.year, mc.count FROM member_count mc
         JOIN branch b ON b.id = mc.branch_id AND b.deleted_at IS NULL
        WHERE mc.deleted_at IS NULL AND b.place_id IN (SELECT place_id FROM membership WHERE chain_id = ? AND deleted_at IS NULL)`,
    )
    .all(chainId) as Array<{ placeId: string; year: number; count: number | null }>;
  const years = [...new Set(counts.map((row) => row.year))].sort((a, b) => a - b);
  const byPlaceYear = new Map(counts.map((row) => [`${row.placeId}:${row.year}`, row.count]));
  const places = [...new Map(memberships.map((row) => [row.placeId, row])).values()];
  // The periods of each place, so that "in the chain that year" does not scan every membership.
  const periodsOf = new Map<string, typeof memberships>();
  for (const row of memberships) {
    const periods = periodsOf.get(row.placeId);
    if (periods) periods.push(row);
    else periodsOf.set(row.placeId, [row]);
  }
  const inChain = (placeId: string, year: number) => (periodsOf.get(placeId) ?? []).some((row) => isMemberIn(row, year));
  const members = places.map((place) => ({
    placeId: place.placeId,
    name: place.name,
    values: years.map((year) => (inChain(place.placeId, year) ? (byPlaceYear.get(`${place.placeId}:${year}`) ?? null) : null)),
  }));
  const total = years.map((year, index) => {
    const present = members.filter((member) => inChain(member.placeId, year));
    const reported = present
      .map((member) => member.values[index])
      .filter((value): value is number => value !== null && value !== undefined);
    return {
      sum: reported.length > 0 ? reported.reduce((sum, value) => sum + value, 0) : null,
      notReported: present.length - reported.length,
    };
  });
  return { years, members, total };
}

/** The counts a place's branch reported, year by year (for the counts grid). */
export function placeCounts(ctx: DocumentContext, placeId: string): Array<{ year: number; count: number | null }> {
  return ctx.db
    .prepare(
      `SELECT mc.year, mc.count FROM member_count mc JOIN branch b ON b.id = mc.branch_id AND b.deleted_at IS NULL
        WHERE b.place_id = ? AND mc.deleted_at IS NULL ORDER BY mc.year`,
    )
    .all(placeId) as Array<{ year: number; count: number | null }>;
}

/** Two chain names are the same when they differ only in case ("Nordkedjan", "nordkedjan"). */
const sameChainName = (a: string, b: string) => a.normalize('NFC').toLocaleLowerCase() === b.normalize('NFC').toLocaleLowerCase();

/** The document's chain of that name, case aside (the command line's --chain). */
export function findChain(ctx: DocumentContext, name: string): ChainSummary | undefined {
  const chains = listChains(ctx);
  return chains.find((chain) => chain.name === name) ?? chains.find((chain) => sameChainName(chain.name, name));
}

/**
 * "New chain…" in the window (and the command line's --chain): a chain of its own in the open
 * document, an undo step like any edit. A name the document already has for a chain is refused,
 * so that the chain picker never shows two of the same name.
 */
export function addChain(ctx: DocumentContext, name: string): string {
  if (findChain(ctx, name)) {
    throw new ServiceError({ code: 'invalid_input', field: 'name', message: 'validation.chainExists', params: { name } });
  }
  return recordChanges(ctx, (changes) => changes.insert('chain', { name }));
}
