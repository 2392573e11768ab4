import { compareJoinedYears } from '../years';
import { isMemberIn } from './periods';

/**
 * The annual meeting moves round the chain. The suggestion for the next meeting: the year after
 * the last one by the chain's cadence (every year, or every other year like Göteborg's chain), and
 * as host the member, among those able to host and in the chain that year, that hosted longest
 * ago (never counts as longest ago; then the earliest to join, then by name).
 */
export interface RotationMeeting {
  year: number;
  hostPlaceId: string | null;
}

export interface RotationCandidate {
  placeId: string;
  name: string;
  joinedYear: number | null;
  leftYear: number | null;
  canHost: boolean;
}

export interface HostSuggestion {
  year: number | null;
  placeId: string | null;
  /** The year the suggested host last hosted; null if never (in the record). */
  lastHosted: number | null;
}

export function nextMeetingYear(meetings: readonly RotationMeeting[], cadenceYears: number): number | null {
  if (meetings.length === 0) return null;
  return Math.max(...meetings.map((meeting) => meeting.year)) + cadenceYears;
}

export function suggestNextHost(
  meetings: readonly RotationMeeting[],
  candidates: readonly RotationCandidate[],
  cadenceYears: number,
  compare: (a: string, b: string) => number = (a, b) => a.localeCompare(b),
): HostSuggestion {
  const year = nextMeetingYear(meetings, cadenceYears);
  const lastHosted = new Map<string, number>();
  for (const meeting of meetings) {
    if (meeting.hostPlaceId === null) continue;
    lastHosted.set(meeting.hostPlaceId, Math.max(meeting.year, lastHosted.get(meeting.hostPlaceId) ?? -Infinity));
  }
  const inChain = (candidate: RotationCandidate) => year === null || isMemberIn(candidate, year);
  const eligible = candidates.filter((candidate) => candidate.canHost && inChain(candidate));
  eligible.sort(
    (a, b) =>
      (lastHosted.get(a.placeId) ?? -Infinity) - (lastHosted.get(b.placeId) ?? -Infinity) ||
      compareJoinedYears(a.joinedYear, b.joinedYear) ||
      compare(a.name, b.name),
  );
  const chosen = eligible[0];
  return { year, placeId: chosen?.placeId ?? null, lastHosted: chosen ? (lastHosted.get(chosen.placeId) ?? null) : null };
}
