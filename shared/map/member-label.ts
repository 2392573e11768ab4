import type { Member } from '../contract';
import { formatInteger, type Language } from '../format';
import { joinedYearText } from '../years';

/** A symbol's label: "Herning · 1946 · 230"; "?" for a year joined or a count that is not known. */
export function memberLabel(member: Pick<Member, 'name' | 'joinedYear' | 'memberCount'>, language: Language): string {
  const count = member.memberCount === null ? '?' : formatInteger(member.memberCount, language);
  return `${member.name} · ${joinedYearText(member.joinedYear)} · ${count}`;
}
