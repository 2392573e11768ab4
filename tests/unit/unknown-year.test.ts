import { describe, expect, it } from 'vitest';
import { isMemberIn, periodProblem } from '../../shared/history/periods';
import { suggestNextHost } from '../../shared/history/rotation';
import { decadeColour } from '../../shared/map/symbols';
import { compareJoinedYears, joinedYearText } from '../../shared/years';

describe('a member whose year joined is not known', () => {
  it('is a member in every year until it left', () => {
    const herning = { joinedYear: null, leftYear: null };
    for (const year of [1900, 1946, 2013, 2999]) expect(isMemberIn(herning, year)).toBe(true);
    const utajarvi = { joinedYear: null, leftYear: 1976 };
    expect(isMemberIn(utajarvi, 1900)).toBe(true);
    expect(isMemberIn(utajarvi, 1975)).toBe(true);
    expect(isMemberIn(utajarvi, 1976)).toBe(false);
    expect(isMemberIn(utajarvi, 2013)).toBe(false);
  });

  it('may have left in any year, and may not overlap another period of the place', () => {
    expect(periodProblem({ id: 'a', joinedYear: null, leftYear: 1901 }, [])).toBeNull();
    // Unknown start reaches back before every known year: a later period must begin after it left.
    const earlier = { id: 'a', joinedYear: null, leftYear: 1976 };
    expect(periodProblem({ id: 'b', joinedYear: 1976, leftYear: null }, [earlier])).toBeNull();
    expect(periodProblem({ id: 'b', joinedYear: 1970, leftYear: null }, [earlier])).toEqual({
      field: 'joinedYear',
      message: 'validation.periodOverlap',
    });
    expect(periodProblem({ id: 'b', joinedYear: null, leftYear: null }, [{ id: 'a', joinedYear: 1948, leftYear: null }])).toEqual(
      { field: 'joinedYear', message: 'validation.periodOverlap' },
    );
  });

  it('is written "?" and sorted after every known year', () => {
    expect(joinedYearText(null)).toBe('?');
    expect(joinedYearText(1946)).toBe('1946');
    expect([1988, null, 1946, null, 1977].sort(compareJoinedYears)).toEqual([1946, 1977, 1988, null, null]);
    expect(decadeColour(null)).not.toBe(decadeColour(1946));
    expect(decadeColour(null)).not.toBe(decadeColour(2020));
  });

  it('takes part in the meeting rotation in any year, after the members of known years', () => {
    const candidate = (placeId: string, joinedYear: number | null, leftYear: number | null = null) => ({
      placeId,
      name: placeId,
      joinedYear,
      leftYear,
      canHost: true,
    });
    const meetings = [{ year: 1950, hostPlaceId: 'Vänersborg' }];
    expect(suggestNextHost(meetings, [candidate('Vänersborg', 1946), candidate('Herning', null)], 1).placeId).toBe('Herning');
    // Neither hosted: the earliest to join first, an unknown year last.
    expect(suggestNextHost(meetings, [candidate('Herning', null), candidate('Holmestrand', 1947)], 1).placeId).toBe(
      'Holmestrand',
    );
    expect(suggestNextHost(meetings, [candidate('Herning', null, 1951), candidate('Holmestrand', 1960)], 1).placeId).toBeNull();
  });
});
