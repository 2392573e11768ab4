import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChainMembers } from '../../shared/contract';
import type { ApiError, Result } from '../../shared/result';
import { useTempDir } from '../helpers/files';
import { routerFor } from '../helpers/documents';
import type { Router } from '../../electron/router';

const tempDir = useTempDir();

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`API error: ${JSON.stringify(result.error)}`);
  return result.value;
}

function refusal(result: Result<unknown>): ApiError {
  if (result.ok) throw new Error('accepted, expected a refusal');
  return result.error;
}

async function demo() {
  const dir = tempDir();
  const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'));
  const chains = value(await router.call('chains.list', {})) as Array<{ id: string }>;
  const data = value(await router.call('members.list', { chainId: chains[0]!.id })) as ChainMembers;
  const find = (name: string) => {
    const member = data.members.find((item) => item.name === name);
    if (!member) throw new Error(`${name} is not in the chain`);
    return member;
  };
  return { router, session, chainId: data.chain.id, find };
}

const counts = async (router: Router, placeId: string) =>
  value(await router.call('members.counts', { placeId })) as Array<{ year: number; count: number | null }>;

const thisYear = new Date().getFullYear();

describe('facts that contradict each other, refused on a real file', () => {
  it('refuses a year joined after this year, in every way a year joined is set', async () => {
    const { router, session, chainId, find } = await demo();
    const husby = find('Husby');
    const future = thisYear + 1;
    const refused = refusal(await router.call('members.setJoinedYear', { membershipId: husby.membershipId, joinedYear: future }));
    expect(refused).toMatchObject({ field: 'joinedYear', message: 'validation.joinedInFuture', params: { year: thisYear } });
    expect(
      refusal(
        await router.call('facts.add', {
          table: 'membership',
          rowId: husby.membershipId,
          field: 'joined_year',
          value: future,
          source: 'Brev',
          note: null,
          show: true,
        }),
      ).message,
    ).toBe('validation.joinedInFuture');
    expect(
      refusal(
        await router.call('members.add', {
          chainId,
          joinedYear: future,
          place: { name: 'Ny ort', areaCode: 'SE', latitude: 59, longitude: 15 },
        }),
      ).message,
    ).toBe('validation.joinedInFuture');
    // This year itself is not the future.
    value(await router.call('members.setJoinedYear', { membershipId: husby.membershipId, joinedYear: 1989 }));
    session.close();
  });

  it("refuses Husby's leaving in 2010 while it has a 2013 count, naming the count", async () => {
    const { router, session, find } = await demo();
    const husby = find('Husby');
    const refused = refusal(
      await router.call('members.setLeft', { membershipId: husby.membershipId, leftYear: 2010, leaveReason: null }),
    );
    expect(refused).toMatchObject({
      field: 'leftYear',
      message: 'validation.leftBeforeCount',
      params: { name: 'Husby', year: 2013 },
    });
    // Leaving after the count is fine.
    value(await router.call('members.setLeft', { membershipId: husby.membershipId, leftYear: 2014, leaveReason: null }));
    session.close();
  });

  it('asks before a count replaces the one of that year, and keeps 340 until told', async () => {
    const { router, session, find } = await demo();
    const husby = find('Husby');
    const refused = refusal(
      await router.call('members.setCount', { placeId: husby.placeId, year: 2013, memberCount: 999, adding: true }),
    );
    expect(refused).toMatchObject({ field: 'year', message: 'validation.countExists', params: { year: 2013, count: 340 } });
    expect((await counts(router, husby.placeId)).find((row) => row.year === 2013)?.count).toBe(340);
    // Told to replace it: the same call as an edit of the cell.
    value(await router.call('members.setCount', { placeId: husby.placeId, year: 2013, memberCount: 999 }));
    expect((await counts(router, husby.placeId)).find((row) => row.year === 2013)?.count).toBe(999);
    // The same value again, or a new year, asks nothing.
    value(await router.call('members.setCount', { placeId: husby.placeId, year: 2013, memberCount: 999, adding: true }));
    value(await router.call('members.setCount', { placeId: husby.placeId, year: 2012, memberCount: 330, adding: true }));
    session.close();
  });
});

describe('facts that contradict each other, kept and listed to check', () => {
  it('lists a 1970 count for Husby (joined 1988) and Holmestrand joined in 2020', async () => {
    const { router, session, chainId, find } = await demo();
    expect(value(await router.call('checks.list', { chainId }))).toEqual([]);
    const husby = find('Husby');
    const holmestrand = find('Holmestrand');
    value(await router.call('members.setCount', { placeId: husby.placeId, year: 1970, memberCount: 12 }));
    value(await router.call('members.setJoinedYear', { membershipId: holmestrand.membershipId, joinedYear: 2020 }));
    const warnings = value(await router.call('checks.list', { chainId })) as Array<Record<string, unknown>>;
    expect(warnings).toEqual(
      expect.arrayContaining([
        {
          membershipId: husby.membershipId,
          placeName: 'Husby',
          kind: 'countBeforeJoined',
          params: { year: 1970, joinedYear: 1988 },
        },
        expect.objectContaining({ membershipId: holmestrand.membershipId, kind: 'countBeforeJoined' }),
        expect.objectContaining({ membershipId: holmestrand.membershipId, kind: 'hostedBeforeJoined' }),
      ]),
    );
    expect(warnings).toHaveLength(3);
    session.close();
  });
});
