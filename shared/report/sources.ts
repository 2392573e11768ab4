import type { Member, TimelineEntry } from '../contract';

/** The sources named by the members' years and the timeline's entries, each once, in order. */
export function sourcesOf(
  members: ReadonlyArray<Pick<Member, 'source'>>,
  timeline: ReadonlyArray<Pick<TimelineEntry, 'source'>>,
): string[] {
  const all = [...members.map((member) => member.source), ...timeline.map((entry) => entry.source)];
  return [...new Set(all.filter((source): source is string => Boolean(source)))].sort();
}
