import { describe, expect, it } from 'vitest';
import type { Member } from '../../shared/contract';
import { collatorFor } from '../../shared/format';
import { parseSortOrder, sortMembers } from '../../renderer/src/members/sortMembers';

const member = (name: string, joinedYear: number | null, memberCount: number | null): Member => ({
  membershipId: name,
  placeId: name,
  name,
  areaCode: 'SE',
  joinedYear,
  leftYear: null,
  leaveReason: null,
  source: null,
  note: null,
  sponsorBond: null,
  canHost: true,
  activityLevel: null,
  memberCount,
  countYear: 2013,
  latitude: null,
  longitude: null,
});

const names = (members: Member[]) => members.map((item) => item.name);
const sample = [
  member('Örebro', 1950, 10),
  member('Arvika', 1960, null),
  member('Zinkgruvan', 1940, 0),
  member('Åmål', 1970, 5),
  member('Ängelholm', 1955, 7),
];

describe('sorting the members table', () => {
  it('puts å ä ö after z in Swedish', () => {
    const sorted = sortMembers(sample, { column: 'name', direction: 'ascending' }, collatorFor('sv'), (code) => code);
    expect(names(sorted)).toEqual(['Arvika', 'Zinkgruvan', 'Åmål', 'Ängelholm', 'Örebro']);
  });
  it('sorts å and ä with a in English', () => {
    const sorted = sortMembers(sample, { column: 'name', direction: 'ascending' }, collatorFor('en'), (code) => code);
    expect(names(sorted)).toEqual(['Åmål', 'Ängelholm', 'Arvika', 'Örebro', 'Zinkgruvan']);
  });
  it('sorts counts as numbers and keeps unknown counts last in both directions', () => {
    const collator = collatorFor('sv');
    const up = sortMembers(sample, { column: 'memberCount', direction: 'ascending' }, collator, (code) => code);
    expect(names(up)).toEqual(['Zinkgruvan', 'Åmål', 'Ängelholm', 'Örebro', 'Arvika']);
    const down = sortMembers(sample, { column: 'memberCount', direction: 'descending' }, collator, (code) => code);
    expect(names(down)).toEqual(['Örebro', 'Ängelholm', 'Åmål', 'Zinkgruvan', 'Arvika']);
  });
  it('sorts by year joined', () => {
    const sorted = sortMembers(sample, { column: 'joinedYear', direction: 'descending' }, collatorFor('sv'), (code) => code);
    expect(names(sorted)).toEqual(['Åmål', 'Arvika', 'Ängelholm', 'Örebro', 'Zinkgruvan']);
  });
  it('keeps members of unknown year last in both directions, by name among themselves', () => {
    const collator = collatorFor('sv');
    const withUnknown = [...sample, member('Herning', null, 230), member('Eiði', null, null)];
    const up = sortMembers(withUnknown, { column: 'joinedYear', direction: 'ascending' }, collator, (code) => code);
    expect(names(up)).toEqual(['Zinkgruvan', 'Örebro', 'Ängelholm', 'Arvika', 'Åmål', 'Eiði', 'Herning']);
    const down = sortMembers(withUnknown, { column: 'joinedYear', direction: 'descending' }, collator, (code) => code);
    expect(names(down)).toEqual(['Åmål', 'Arvika', 'Ängelholm', 'Örebro', 'Zinkgruvan', 'Eiði', 'Herning']);
  });
});

describe('a stored sort order', () => {
  it('is read back when it is one, and ignored when the storage holds anything else', () => {
    expect(parseSortOrder('{"column":"name","direction":"descending"}')).toEqual({ column: 'name', direction: 'descending' });
    for (const stored of [null, '', 'not json', '{"column":"x","direction":"ascending"}', '{"column":"name"}', '[]', '3'])
      expect(parseSortOrder(stored), String(stored)).toBeNull();
  });
});
