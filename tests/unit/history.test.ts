import { describe, expect, it } from 'vitest';
import { nextMeetingYear, suggestNextHost, type RotationCandidate } from '../../shared/history/rotation';
import { isMemberIn, periodProblem } from '../../shared/history/periods';

const member = (placeId: string, joinedYear: number, extra: Partial<RotationCandidate> = {}): RotationCandidate => ({
  placeId,
  name: placeId,
  joinedYear,
  leftYear: null,
  canHost: true,
  ...extra,
});

// Vänersborg's chain: the annual meetings 2007–2013 and the 2014 board seminar in Husby.
const vanersborgMeetings = [
  { year: 2007, hostPlaceId: 'Kangasala' },
  { year: 2008, hostPlaceId: 'Husby' },
  { year: 2009, hostPlaceId: 'Herning' },
  { year: 2010, hostPlaceId: 'Siglufjörður' },
  { year: 2011, hostPlaceId: 'Holmestrand' },
  { year: 2012, hostPlaceId: 'Vänersborg' },
  { year: 2013, hostPlaceId: 'Åland' },
  { year: 2014, hostPlaceId: 'Husby' },
];
const vanersborgMembers = [
  member('Vänersborg', 1946),
  member('Herning', 1946),
  member('Holmestrand', 1947),
  member('Siglufjörður', 1949),
  member('Kangasala', 1977),
  member('Åland', 1977),
  member('Eiði', 1978, { canHost: false }),
  member('Arsuk', 1987, { canHost: false }),
  member('Husby', 1988),
  member('Utajärvi', 1948, { leftYear: 1976 }),
];

describe('the meeting rotation', () => {
  it('suggests, after the 2014 seminar, the member that hosted longest ago, for 2015', () => {
    expect(suggestNextHost(vanersborgMeetings, vanersborgMembers, 1)).toEqual({
      year: 2015,
      placeId: 'Kangasala',
      lastHosted: 2007,
    });
  });

  it('prefers a member that never hosted, if it can host', () => {
    const members = vanersborgMembers.map((item) => (item.placeId === 'Eiði' ? { ...item, canHost: true } : item));
    expect(suggestNextHost(vanersborgMeetings, members, 1)).toMatchObject({ placeId: 'Eiði', lastHosted: null });
  });

  it('skips members that are not in the chain in the meeting year', () => {
    const meetings = [{ year: 1975, hostPlaceId: 'Vänersborg' }];
    const suggestion = suggestNextHost(meetings, vanersborgMembers, 1);
    expect(suggestion.year).toBe(1976);
    expect(suggestion.placeId).toBe('Herning'); // Utajärvi has left by 1976; Kangasala not yet joined
  });

  it("follows the cadence: every other year for Göteborg's chain", () => {
    expect(
      nextMeetingYear(
        [
          { year: 2019, hostPlaceId: null },
          { year: 2021, hostPlaceId: null },
        ],
        2,
      ),
    ).toBe(2023);
    expect(nextMeetingYear([], 2)).toBeNull();
    // With four cities and every other year, each one hosts every eighth year.
    const cities = [member('Göteborg', 1946), member('Århus', 1946), member('Bergen', 1946), member('Åbo', 1946)];
    const meetings: Array<{ year: number; hostPlaceId: string | null }> = [];
    for (let year = 2001; year < 2017; year += 2) {
      const { placeId } = suggestNextHost(meetings.length ? meetings : [{ year: year - 2, hostPlaceId: null }], cities, 2);
      meetings.push({ year, hostPlaceId: placeId });
    }
    const goteborgYears = meetings.filter((meeting) => meeting.hostPlaceId === 'Göteborg').map((meeting) => meeting.year);
    expect(goteborgYears[1]! - goteborgYears[0]!).toBe(8);
  });
});

describe('membership periods', () => {
  const utajarvi = { id: 'a', joinedYear: 1948, leftYear: 1976 };
  it('refuses a departure before (or in) the year of joining', () => {
    expect(periodProblem({ id: 'a', joinedYear: 1948, leftYear: 1940 }, [])).toEqual({
      field: 'leftYear',
      message: 'validation.leftBeforeJoined',
    });
    expect(periodProblem({ id: 'a', joinedYear: 1948, leftYear: 1948 }, [])).toEqual({
      field: 'leftYear',
      message: 'validation.leftBeforeJoined',
    });
  });
  it('refuses two overlapping periods of one place in one chain', () => {
    expect(periodProblem({ id: 'b', joinedYear: 1970, leftYear: null }, [utajarvi])).toEqual({
      field: 'joinedYear',
      message: 'validation.periodOverlap',
    });
    expect(periodProblem({ id: 'b', joinedYear: 1930, leftYear: 1950 }, [utajarvi])).toEqual({
      field: 'joinedYear',
      message: 'validation.periodOverlap',
    });
  });
  it('accepts rejoining after leaving, from the year of leaving on', () => {
    expect(periodProblem({ id: 'b', joinedYear: 1976, leftYear: null }, [utajarvi])).toBeNull();
    expect(periodProblem({ id: 'a', joinedYear: 1948, leftYear: 1980 }, [utajarvi])).toBeNull(); // itself
  });
  it('a member from the year it joined until the year it left', () => {
    expect(isMemberIn(utajarvi, 1948)).toBe(true);
    expect(isMemberIn(utajarvi, 1975)).toBe(true);
    expect(isMemberIn(utajarvi, 1976)).toBe(false);
    expect(isMemberIn(utajarvi, 1947)).toBe(false);
  });
});

import { reportedRuns } from '../../shared/history/series';

describe('count series', () => {
  it('break at years not reported, and keep zero as a value', () => {
    expect(reportedRuns([100, 120, null, 0, 90, null])).toEqual([
      [
        { index: 0, value: 100 },
        { index: 1, value: 120 },
      ],
      [
        { index: 3, value: 0 },
        { index: 4, value: 90 },
      ],
    ]);
    expect(reportedRuns([null, null])).toEqual([]);
  });
});
