import type { ChainHistory, Meeting, TimelineEntry } from '../../shared/contract';
import { suggestNextHost, type RotationCandidate } from '../../shared/history/rotation';
import { notFound, type DocumentContext } from './context';

/** A chain's meetings in date order (the export needs only these, not the whole history). */
export function chainMeetings(ctx: DocumentContext, chainId: string): Array<Meeting & { source: string | null }> {
  return ctx.db
    .prepare(
      `SELECT m.id, m.year, m.kind, m.host_place_id AS hostPlaceId, p.name AS hostName, m.start_date AS startDate,
              m.end_date AS endDate, m.location, m.note, m.source
         FROM meeting m LEFT JOIN place p ON p.id = m.host_place_id AND p.deleted_at IS NULL
        WHERE m.chain_id = ? AND m.deleted_at IS NULL ORDER BY m.year, m.start_date`,
    )
    .all(chainId) as Array<Meeting & { source: string | null }>;
}

/**
 * A chain's history: its meetings with the suggested next host, and a dated timeline of everything.
 * With untilYear, the history as it stood at the end of that year: no meeting or entry dated later
 * (entries of unknown date stay), and the next host suggested from the meetings up to then.
 */
export function chainHistory(ctx: DocumentContext, chainId: string, untilYear?: number): ChainHistory {
  const chain = ctx.db
    .prepare('SELECT id, meeting_cadence_years AS cadence FROM chain WHERE id = ? AND deleted_at IS NULL')
    .get(chainId) as { id: string; cadence: number } | undefined;
  if (!chain) throw notFound(`chain ${chainId}`);

  const until = untilYear ?? Infinity;
  const meetings = chainMeetings(ctx, chainId).filter((meeting) => meeting.year <= until);

  const candidates = (
    ctx.db
      .prepare(
        `SELECT p.id AS placeId, p.name, m.joined_year AS joinedYear, m.left_year AS leftYear, m.can_host AS canHost
           FROM membership m JOIN place p ON p.id = m.place_id AND p.deleted_at IS NULL
          WHERE m.chain_id = ? AND m.deleted_at IS NULL`,
      )
      .all(chainId) as Array<Omit<RotationCandidate, 'canHost'> & { canHost: number }>
  )
    // After the year asked, a later join or departure was not known yet.
    .filter((row) => row.joinedYear === null || row.joinedYear <= until)
    .map((row) => ({
      ...row,
      leftYear: row.leftYear !== null && row.leftYear > until ? null : row.leftYear,
      canHost: row.canHost === 1,
    }));
  const suggestion = suggestNextHost(meetings, candidates, chain.cadence);
  const nextHost = {
    ...suggestion,
    name: candidates.find((candidate) => candidate.placeId === suggestion.placeId)?.name ?? null,
  };

  const base = {
    placeName: null,
    areaCode: null,
    membershipId: null,
    detail: null,
    reference: null,
    amount: null,
    currency: null,
    grantor: null,
    status: null,
    meetingKind: null,
    source: null,
  };
  const timeline: TimelineEntry[] = [];
  const memberships = ctx.db
    .prepare(
      `SELECT m.id, p.name, p.area_code AS areaCode, m.joined_year AS joinedYear, m.left_year AS leftYear, m.leave_reason AS leaveReason, m.note, m.source
         FROM membership m JOIN place p ON p.id = m.place_id AND p.deleted_at IS NULL
        WHERE m.chain_id = ? AND m.deleted_at IS NULL`,
    )
    .all(chainId) as Array<{
    id: string;
    name: string;
    areaCode: string;
    joinedYear: number | null;
    leftYear: number | null;
    leaveReason: string | null;
    note: string | null;
    source: string | null;
  }>;
  for (const membership of memberships) {
    timeline.push({
      ...base,
      id: `${membership.id}:joined`,
      kind: 'joined',
      // A join of unknown year has no date, and is listed first as an agreement with no date is.
      date: membership.joinedYear === null ? '' : String(membership.joinedYear),
      year: membership.joinedYear ?? 0,
      title: membership.name,
      placeName: membership.name,
      areaCode: membership.areaCode,
      membershipId: membership.id,
      detail: membership.note,
      source: membership.source,
    });
    if (membership.leftYear !== null) {
      timeline.push({
        ...base,
        id: `${membership.id}:left`,
        kind: 'left',
        date: String(membership.leftYear),
        year: membership.leftYear,
        title: membership.name,
        placeName: membership.name,
        areaCode: membership.areaCode,
        membershipId: membership.id,
        detail: membership.leaveReason,
        source: membership.source,
      });
    }
  }
  for (const meeting of meetings) {
    timeline.push({
      ...base,
      id: meeting.id,
      kind: 'meeting',
      date: meeting.startDate ?? String(meeting.year),
      year: meeting.year,
      title: meeting.hostName ?? meeting.location ?? '',
      placeName: meeting.hostName,
      detail: meeting.note,
      meetingKind: meeting.kind,
      source: meeting.source,
    });
  }
  const events = ctx.db
    .prepare(
      `SELECT e.id, e.date, e.title, e.body, e.reference, e.description, e.source, p.name AS placeName
         FROM event e LEFT JOIN place p ON p.id = e.place_id AND p.deleted_at IS NULL WHERE e.chain_id = ? AND e.deleted_at IS NULL`,
    )
    .all(chainId) as Array<{
    id: string;
    date: string;
    title: string;
    body: string | null;
    reference: string | null;
    description: string | null;
    source: string | null;
    placeName: string | null;
  }>;
  for (const event of events) {
    timeline.push({
      ...base,
      id: event.id,
      kind: 'event',
      date: event.date,
      year: Number(event.date.slice(0, 4)),
      title: event.title,
      placeName: event.placeName,
      detail: [event.body, event.description].filter(Boolean).join(' — ') || null,
      reference: event.reference,
      source: event.source,
    });
  }
  const activities = ctx.db
    .prepare(
      `SELECT a.id, a.year, a.title, a.field, a.description, a.source,
              (SELECT group_concat(p.name, ', ') FROM activity_place ap JOIN place p ON p.id = ap.place_id AND p.deleted_at IS NULL
                WHERE ap.activity_id = a.id AND ap.deleted_at IS NULL) AS places
         FROM activity a WHERE a.chain_id = ? AND a.deleted_at IS NULL`,
    )
    .all(chainId) as Array<{
    id: string;
    year: number;
    title: string;
    field: string;
    description: string | null;
    places: string | null;
    source: string | null;
  }>;
  for (const activity of activities) {
    timeline.push({
      ...base,
      id: activity.id,
      kind: 'activity',
      date: String(activity.year),
      year: activity.year,
      title: activity.title,
      placeName: activity.places,
      detail: activity.description,
      status: activity.field,
      source: activity.source,
    });
  }
  const grants = ctx.db
    .prepare(
      `SELECT g.id, g.year, g.amount, g.currency, g.grantor, g.status, g.note, g.source, p.name AS placeName
         FROM branch_grant g JOIN branch b ON b.id = g.branch_id AND b.deleted_at IS NULL JOIN place p ON p.id = b.place_id AND p.deleted_at IS NULL
         JOIN membership m ON m.place_id = p.id AND m.chain_id = ? AND m.deleted_at IS NULL
        WHERE g.deleted_at IS NULL GROUP BY g.id`,
    )
    .all(chainId) as Array<{
    id: string;
    year: number;
    amount: number | null;
    currency: string;
    grantor: string | null;
    status: string;
    note: string | null;
    source: string | null;
    placeName: string;
  }>;
  for (const grant of grants) {
    timeline.push({
      ...base,
      id: grant.id,
      kind: 'grant',
      date: String(grant.year),
      year: grant.year,
      title: grant.placeName,
      placeName: grant.placeName,
      detail: grant.note,
      amount: grant.amount,
      currency: grant.currency,
      grantor: grant.grantor,
      status: grant.status,
      source: grant.source,
    });
  }
  const agreements = ctx.db
    .prepare(
      `SELECT a.id, a.title, a.status, a.start_date AS startDate, a.note, a.source FROM agreement a WHERE a.chain_id = ? AND a.deleted_at IS NULL`,
    )
    .all(chainId) as Array<{
    id: string;
    title: string | null;
    status: string;
    startDate: string | null;
    note: string | null;
    source: string | null;
  }>;
  for (const agreement of agreements) {
    // An agreement with no date (none found, or of unknown date) is listed first.
    const date = agreement.startDate ?? '';
    timeline.push({
      ...base,
      id: agreement.id,
      kind: 'agreement',
      date,
      year: date ? Number(date.slice(0, 4)) : 0,
      title: agreement.title ?? '',
      detail: agreement.note,
      status: agreement.status,
      source: agreement.source,
    });
  }
  const order: Record<TimelineEntry['kind'], number> = {
    joined: 0,
    left: 1,
    agreement: 2,
    grant: 3,
    meeting: 4,
    activity: 5,
    event: 6,
  };
  // A departure after the year asked is not yet known then; nor is anything else dated later.
  const known = timeline.filter((entry) => entry.year <= until);
  // A place that left and joined again in one year: the new period's join comes after the old
  // one's departure (by kind alone it would come first). A key of each entry, so the order holds.
  const departed = new Map(
    known.filter((entry) => entry.kind === 'left').map((entry) => [`${entry.title}\u0000${entry.date}`, entry.membershipId]),
  );
  const rank = (entry: TimelineEntry) => {
    const left = departed.get(`${entry.title}\u0000${entry.date}`);
    return entry.kind === 'joined' && left !== undefined && left !== entry.membershipId ? order.left + 0.5 : order[entry.kind];
  };
  known.sort((a, b) => a.date.localeCompare(b.date) || rank(a) - rank(b) || a.title.localeCompare(b.title));
  return { chainId, meetingCadenceYears: chain.cadence, meetings, nextHost, timeline: known };
}
