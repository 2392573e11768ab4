import { describe, expect, it } from 'vitest';
import { factWarnings, type CheckMembership } from '../../shared/checks/warnings';

const husby: CheckMembership = {
  membershipId: 'm-husby',
  placeId: 'p-husby',
  placeName: 'Husby',
  joinedYear: 1988,
  leftYear: null,
};
const holmestrand: CheckMembership = {
  membershipId: 'm-holm',
  placeId: 'p-holm',
  placeName: 'Holmestrand',
  joinedYear: 1947,
  leftYear: null,
};

describe('facts that contradict each other, kept with a warning', () => {
  it('finds nothing in facts that hang together', () => {
    expect(
      factWarnings({
        memberships: [husby, holmestrand],
        counts: [
          { placeId: 'p-husby', year: 2013 },
          { placeId: 'p-holm', year: 1947 },
        ],
        meetings: [{ hostPlaceId: 'p-holm', year: 1950 }],
      }),
    ).toEqual([]);
  });

  it('warns of a count before the year joined: a 1970 count for Husby, joined 1988', () => {
    expect(
      factWarnings({
        memberships: [husby],
        counts: [
          { placeId: 'p-husby', year: 1970 },
          { placeId: 'p-husby', year: 2013 },
        ],
        meetings: [],
      }),
    ).toEqual([
      { membershipId: 'm-husby', placeName: 'Husby', kind: 'countBeforeJoined', params: { year: 1970, joinedYear: 1988 } },
    ]);
  });

  it('warns of a join later than the counts and meetings: Holmestrand joined 2020, the first of each named', () => {
    const late = { ...holmestrand, joinedYear: 2020 };
    expect(
      factWarnings({
        memberships: [late],
        counts: [1960, 1947, 2013].map((year) => ({ placeId: 'p-holm', year })),
        meetings: [1998, 1951].map((year) => ({ hostPlaceId: 'p-holm', year })),
      }),
    ).toEqual([
      { membershipId: 'm-holm', placeName: 'Holmestrand', kind: 'countBeforeJoined', params: { year: 1947, joinedYear: 2020 } },
      { membershipId: 'm-holm', placeName: 'Holmestrand', kind: 'hostedBeforeJoined', params: { year: 1951, joinedYear: 2020 } },
    ]);
  });

  it('puts a count between two periods on the later one, and one after the last departure on that', () => {
    const first = { ...husby, membershipId: 'first', joinedYear: 1988, leftYear: 2009 };
    const again = { ...husby, membershipId: 'again', joinedYear: 2015, leftYear: 2020 };
    expect(
      factWarnings({
        memberships: [first, again],
        counts: [2000, 2011, 2016, 2021, 2023].map((year) => ({ placeId: 'p-husby', year })),
        meetings: [],
      }),
    ).toEqual([
      { membershipId: 'again', placeName: 'Husby', kind: 'countAfterLeft', params: { year: 2023, leftYear: 2020 } },
      { membershipId: 'again', placeName: 'Husby', kind: 'countBeforeJoined', params: { year: 2011, joinedYear: 2015 } },
    ]);
  });

  it('takes an unknown year joined as from the start, and ignores places outside the chain', () => {
    expect(
      factWarnings({
        memberships: [{ ...husby, joinedYear: null }],
        counts: [
          { placeId: 'p-husby', year: 1950 },
          { placeId: 'elsewhere', year: 1950 },
        ],
        meetings: [{ hostPlaceId: 'elsewhere', year: 1950 }],
      }),
    ).toEqual([]);
  });
});
