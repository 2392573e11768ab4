import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChainMembers } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { useTempDir } from '../helpers/files';
import { routerFor } from '../helpers/documents';

const tempDir = useTempDir();

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`API error: ${JSON.stringify(result.error)}`);
  return result.value;
}

const turku = { name: 'Turku', areaCode: 'FI', latitude: 60.45148, longitude: 22.26869, geonameId: 633679 };

describe('adding and moving members on the map, through the router on a real file', () => {
  it('adds a member as one undo step, logged, and reuses the place when added again later', async () => {
    const dir = tempDir();
    const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'));
    const chainId = (value(await router.call('chains.list', {})) as Array<{ id: string }>)[0]!.id;
    const added = value(await router.call('members.add', { chainId, joinedYear: 2024, place: turku })) as {
      placeId: string;
      membershipId: string;
    };
    let data = value(await router.call('members.list', { chainId })) as ChainMembers;
    expect(data.year).toBe(2024);
    expect(data.members.find((member) => member.name === 'Turku')).toMatchObject({
      joinedYear: 2024,
      memberCount: null,
      latitude: turku.latitude,
    });
    expect(data.members).toHaveLength(10);
    const log = session.context().db.prepare('SELECT table_name, field, group_id FROM change_log ORDER BY seq').all() as Array<{
      table_name: string;
      field: string;
      group_id: string;
    }>;
    expect(log.map((row) => [row.table_name, row.field])).toEqual([
      ['place', '*insert'],
      ['membership', '*insert'],
    ]);
    expect(new Set(log.map((row) => row.group_id)).size).toBe(1);

    // Already a member that year: refused.
    expect(await router.call('members.add', { chainId, joinedYear: 2025, place: turku })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'place', message: 'validation.alreadyMember' },
    });

    value(await router.call('undo.undo', {}));
    data = value(await router.call('members.list', { chainId, year: 2024 })) as ChainMembers;
    expect(data.members.map((member) => member.name)).not.toContain('Turku');
    value(await router.call('undo.redo', {}));
    data = value(await router.call('members.list', { chainId, year: 2024 })) as ChainMembers;
    expect(data.members.find((member) => member.name === 'Turku')?.placeId).toBe(added.placeId);
    session.close();
  });

  it('moves a place as one undo step; Undo puts it back exactly', async () => {
    const dir = tempDir();
    const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'));
    const chainId = (value(await router.call('chains.list', {})) as Array<{ id: string }>)[0]!.id;
    const arsuk = (value(await router.call('members.list', { chainId })) as ChainMembers).members.find(
      (member) => member.name === 'Arsuk',
    )!;
    value(await router.call('places.move', { placeId: arsuk.placeId, latitude: 61.2, longitude: -48.5 }));
    const moved = (value(await router.call('members.list', { chainId })) as ChainMembers).members.find(
      (member) => member.name === 'Arsuk',
    )!;
    expect([moved.latitude, moved.longitude]).toEqual([61.2, -48.5]);
    value(await router.call('undo.undo', {}));
    const back = (value(await router.call('members.list', { chainId })) as ChainMembers).members.find(
      (member) => member.name === 'Arsuk',
    )!;
    expect([back.latitude, back.longitude]).toEqual([arsuk.latitude, arsuk.longitude]);
    expect(await router.call('places.move', { placeId: arsuk.placeId, latitude: 91, longitude: 0 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'latitude' },
    });
    session.close();
  });

  it('refuses a pin without a name or with an unknown area', async () => {
    const dir = tempDir();
    const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'));
    const chainId = (value(await router.call('chains.list', {})) as Array<{ id: string }>)[0]!.id;
    const pin = { latitude: 61.18, longitude: -48.45 };
    expect(
      await router.call('members.add', { chainId, joinedYear: 2020, place: { ...pin, name: ' ', areaCode: 'GL' } }),
    ).toMatchObject({ ok: false, error: { field: 'place.name' } });
    expect(
      await router.call('members.add', { chainId, joinedYear: 2020, place: { ...pin, name: 'X', areaCode: 'greenland' } }),
    ).toMatchObject({ ok: false, error: { field: 'place.areaCode' } });
    session.close();
  });
});
