import { isMemberIn } from '../history/periods';

/**
 * Facts that do not hang together but are kept: volunteers enter them from different papers, and
 * either side may be the right one. They are shown in the member's details and in "Att granska".
 */
export interface CheckMembership {
  membershipId: string;
  placeId: string;
  placeName: string;
  joinedYear: number | null;
  leftYear: number | null;
}

export interface CheckInput {
  memberships: readonly CheckMembership[];
  /** Years with a reported count (not "not reported"), per place. */
  counts: ReadonlyArray<{ placeId: string; year: number }>;
  /** Years of the chain's meetings with a host. */
  meetings: ReadonlyArray<{ hostPlaceId: string; year: number }>;
}

export type WarningKind = 'countBeforeJoined' | 'hostedBeforeJoined' | 'countAfterLeft';

export interface FactWarning {
  membershipId: string;
  placeName: string;
  kind: WarningKind;
  params: { year: number; joinedYear?: number; leftYear?: number };
}

/** The warnings of a chain: one per member and kind, naming the earliest (or latest) year at fault. */
export function factWarnings(input: CheckInput): FactWarning[] {
  const periodsOf = new Map<string, CheckMembership[]>();
  for (const membership of input.memberships) {
    const list = periodsOf.get(membership.placeId) ?? [];
    list.push(membership);
    periodsOf.set(membership.placeId, list);
  }
  const found = new Map<string, FactWarning>();
  const note = (warning: FactWarning, later: boolean) => {
    const key = `${warning.membershipId} ${warning.kind}`;
    const before = found.get(key);
    if (!before || (later ? warning.params.year > before.params.year : warning.params.year < before.params.year))
      found.set(key, warning);
  };
  const check = (placeId: string, year: number, kind: 'count' | 'hosted') => {
    const periods = periodsOf.get(placeId);
    if (!periods || periods.some((period) => isMemberIn(period, year))) return;
    // The period that starts after the year: its join comes too late. Else the fact is after leaving.
    const next = periods
      .filter((period) => period.joinedYear !== null && period.joinedYear > year)
      .sort((a, b) => a.joinedYear! - b.joinedYear!)[0];
    if (next) {
      note(
        {
          membershipId: next.membershipId,
          placeName: next.placeName,
          kind: kind === 'count' ? 'countBeforeJoined' : 'hostedBeforeJoined',
          params: { year, joinedYear: next.joinedYear! },
        },
        false,
      );
      return;
    }
    if (kind === 'hosted') return;
    const last = periods
      .filter((period) => period.leftYear !== null && period.leftYear <= year)
      .sort((a, b) => b.leftYear! - a.leftYear!)[0];
    if (last)
      note(
        {
          membershipId: last.membershipId,
          placeName: last.placeName,
          kind: 'countAfterLeft',
          params: { year, leftYear: last.leftYear! },
        },
        true,
      );
  };
  for (const count of input.counts) check(count.placeId, count.year, 'count');
  for (const meeting of input.meetings) check(meeting.hostPlaceId, meeting.year, 'hosted');
  return [...found.values()].sort(
    (a, b) => a.placeName.localeCompare(b.placeName) || a.kind.localeCompare(b.kind) || a.params.year - b.params.year,
  );
}
