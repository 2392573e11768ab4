import type { TimelineEntry } from '../contract';

/**
 * The chain's story for the presentation: the years in which something happened, first to last,
 * each with who joined, who left and what else was recorded, and whether that year's joins made
 * all five Nordic countries members for the first time ("1949 — Siglufjörður går med: nu är alla
 * fem nordiska länder med"). Made from the timeline only; the window words it in its language.
 */
export const NORDIC_COUNTRIES = ['SE', 'DK', 'NO', 'FI', 'IS'] as const;

export type StoryEntry = Pick<TimelineEntry, 'id' | 'kind' | 'year' | 'title' | 'placeName' | 'areaCode'>;

export interface StoryChapter {
  year: number;
  /** Names of the members that joined that year, in the timeline's order. */
  joined: string[];
  left: string[];
  /** Titles of the other events of that year (decisions, a branch founded …). */
  events: string[];
  /** Whether this year's joins made every Nordic country a member: for the first time, or again after one had left. */
  allNordicNow: 'first' | 'again' | null;
}

/** A membership's join and departure share the id before the colon (electron/services/history.ts). */
const membershipOf = (entry: StoryEntry) => entry.id.slice(0, entry.id.lastIndexOf(':'));

/**
 * The chapters from `firstYear` to `lastYear`; the last year always has one (the state the story
 * ends on), also when nothing happened in it. A join of unknown year counts from the start.
 */
export function chainStory(timeline: readonly StoryEntry[], firstYear: number, lastYear: number): StoryChapter[] {
  const byYear = new Map<number, StoryChapter>();
  const chapter = (year: number) => {
    let found = byYear.get(year);
    if (!found) byYear.set(year, (found = { year, joined: [], left: [], events: [], allNordicNow: null }));
    return found;
  };
  const startOf = (entry: StoryEntry) => (entry.kind === 'joined' && entry.year === 0 ? -Infinity : entry.year);
  for (const entry of timeline) {
    const year = startOf(entry);
    if (year > lastYear || (year < firstYear && year !== -Infinity)) continue;
    if (entry.kind === 'joined' && year !== -Infinity) chapter(year).joined.push(entry.placeName ?? entry.title);
    else if (entry.kind === 'left') chapter(year).left.push(entry.placeName ?? entry.title);
    else if (entry.kind === 'event') chapter(year).events.push(entry.title);
  }
  chapter(lastYear);

  // Which countries are in the chain each year: from the joins and departures, membership by membership.
  const periods = new Map<string, { areaCode: string | null; from: number; to: number }>();
  for (const entry of timeline) {
    if (entry.kind !== 'joined' && entry.kind !== 'left') continue;
    const key = membershipOf(entry);
    const period = periods.get(key) ?? { areaCode: entry.areaCode, from: -Infinity, to: Infinity };
    if (entry.kind === 'joined') period.from = startOf(entry);
    else period.to = entry.year;
    periods.set(key, period);
  }
  const allNordicIn = (year: number) =>
    NORDIC_COUNTRIES.every((country) =>
      [...periods.values()].some((period) => period.areaCode === country && period.from <= year && year < period.to),
    );
  const chapters = [...byYear.values()].sort((a, b) => a.year - b.year);
  // Nobody joins or leaves between two chapters: the state before a chapter is the one after the last.
  let allBefore = allNordicIn(firstYear - 1);
  let everBefore = allBefore;
  for (const current of chapters) {
    const now = allNordicIn(current.year);
    current.allNordicNow = now && !allBefore && current.joined.length > 0 ? (everBefore ? 'again' : 'first') : null;
    allBefore = now;
    everBefore = everBefore || now;
  }
  return chapters;
}
