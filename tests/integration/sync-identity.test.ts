import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import { createDocument } from '../../electron/db/open';
import { loadDemo, seedDemo } from '../../electron/services/demo';
import type { Conflict, MergePreview, SyncStatus } from '../../shared/contract';
import { DEMO_PATH } from '../helpers/documents';
import { useTempDir } from '../helpers/files';
import {
  changesFile,
  conflictSummary,
  demoIds,
  exchange,
  expectConverged,
  laptop,
  laptopsWithDemo,
  pathOf,
  type Laptop,
} from '../helpers/laptops';
import { migrationsUpTo } from '../helpers/migrations';

/**
 * A chain document's identity: copies of one document (sent by e-mail, saved as a copy, upgraded
 * from an older file on two laptops apart) share an id and a first history, so they merge with
 * conflicts only where values really differ; a new document gets an id of its own.
 */

const tempDir = useTempDir();
const NAMES = ['Herning – Karen', 'Vänersborg – Lena'];

const status = (each: Laptop) => each.call<SyncStatus>('sync.status');
const heads = (each: Laptop) => A.getHeads(each.session.context().sync!.current);

/** The demo as an app of schema 6 (before sharing) wrote it, copied to two laptops and opened there. */
async function olderFileOnTwoLaptops(root: string): Promise<Laptop[]> {
  const original = join(root, 'old.vanort');
  (
    await createDocument(original, { migrationsDir: migrationsUpTo(root, 6), seed: (db) => seedDemo(db, loadDemo(DEMO_PATH)) })
  ).close();
  const laptops: Laptop[] = [];
  for (const name of NAMES) {
    copyFileSync(original, pathOf(root, name));
    laptops.push(await laptop(root, name, pathOf(root, name), false));
  }
  return laptops;
}

describe('document identity', () => {
  it('gives an older file upgraded on two laptops apart the same id and the same first history', async () => {
    const [karen, lena] = await olderFileOnTwoLaptops(tempDir());
    const ids = [await status(karen!), await status(lena!)].map((each) => each.documentId);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toBe(ids[0]);
    await karen!.call('sync.enable');
    await lena!.call('sync.enable');
    expect(heads(lena!)).toEqual(heads(karen!));
    expect((await status(lena!)).documentId).toBe(ids[0]);
    // One field edited on each: only that field conflicts; nothing else does.
    const herning = (await demoIds(karen!)).place('Herning').placeId;
    await karen!.call('members.setCount', { placeId: herning, year: 2013, memberCount: 235 });
    await lena!.call('members.setCount', { placeId: herning, year: 2013, memberCount: 240 });
    await exchange(karen!, lena!);
    await exchange(lena!, karen!);
    expect((await conflictSummary(lena!)).map((each) => each.field)).toEqual(['count']);
    await expectConverged([karen!, lena!]);
    for (const each of [karen!, lena!]) each.session.close();
  });

  it.each([
    ['the same field, different values', 240, 'count', ['count']],
    ['the same field, the same value', 235, 'count', []],
    ['different fields', 240, 'rename', []],
  ] as const)(
    'copies that start sharing apart, one edit in each (%s): only that field may conflict',
    async (_what, value, other, expected) => {
      const [karen, lena] = await laptopsWithDemo(tempDir(), NAMES);
      expect(heads(lena!)).toEqual(heads(karen!));
      const ids = await demoIds(karen!);
      await karen!.call('members.setCount', { placeId: ids.place('Herning').placeId, year: 2013, memberCount: 235 });
      if (other === 'count')
        await lena!.call('members.setCount', { placeId: ids.place('Herning').placeId, year: 2013, memberCount: value });
      else await lena!.call('members.rename', { placeId: ids.place('Arsuk').placeId, name: 'Arsuk (Ivittuut)' });
      const preview = await lena!.call<MergePreview>('sync.preview', await changesFile(karen!, true));
      expect(preview.conflicts.map((conflict) => conflict.field)).toEqual(expected);
      await exchange(karen!, lena!);
      await exchange(lena!, karen!);
      const conflicts = await lena!.call<Conflict[]>('sync.conflicts');
      expect(conflicts.map((conflict) => conflict.field)).toEqual(expected);
      for (const conflict of conflicts) expect(new Set(conflict.values.map((each) => each.value)).size).toBeGreaterThan(1);
      await expectConverged([karen!, lena!]);
      for (const each of [karen!, lena!]) each.session.close();
    },
  );

  it('conflicts only where copies really differ when one was edited before sharing began', async () => {
    const [karen, lena] = await laptopsWithDemo(tempDir(), NAMES, false);
    const ids = await demoIds(karen!);
    // Karen edits before turning sharing on: the two first histories differ, in this field only.
    await karen!.call('members.setCount', { placeId: ids.place('Herning').placeId, year: 2013, memberCount: 235 });
    await karen!.call('sync.enable');
    await lena!.call('sync.enable');
    expect(heads(lena!)).not.toEqual(heads(karen!));
    await lena!.call('members.rename', { placeId: ids.place('Arsuk').placeId, name: 'Arsuk (Ivittuut)' });
    await exchange(karen!, lena!, true);
    await exchange(lena!, karen!, true);
    const conflicts = await lena!.call<Conflict[]>('sync.conflicts');
    expect(conflicts.map((conflict) => [conflict.row.name, conflict.field, conflict.values.map((v) => v.value).sort()])).toEqual([
      ['Herning', 'count', [230, 235]],
    ]);
    await expectConverged([karen!, lena!]);
    for (const each of [karen!, lena!]) each.session.close();
  });

  it('gives a new document a new id, and "save a copy" keeps it (the copy merges back)', async () => {
    const root = tempDir();
    const first = await laptop(root, 'Herning – Karen', join(root, 'first.vanort'), true);
    const second = await laptop(root, 'Herning – Karen', join(root, 'second.vanort'), true);
    const id = (await status(first)).documentId;
    expect((await status(second)).documentId).not.toBe(id);
    // "Save a copy" (file.saveCopy asks for a path, then this): the copy opens with the same id.
    await first.call('sync.enable');
    await first.call('members.setCount', {
      placeId: (await demoIds(first)).place('Herning').placeId,
      year: 2013,
      memberCount: 235,
    });
    await first.session.saveCopy(join(root, 'copy.vanort'));
    const copy = { fileName: 'copy.vanort', contentBase64: readFileSync(join(root, 'copy.vanort')).toString('base64') };
    expect(await first.call<MergePreview>('sync.preview', copy)).toMatchObject({ nothingNew: true, conflicts: [] });
    expect(await second.result('sync.enable')).toMatchObject({ ok: true });
    expect(await second.result('sync.preview', copy)).toMatchObject({
      ok: false,
      error: { message: 'errors.exchangeOtherDocument' },
    });
    const opened = await laptop(join(root, 'elsewhere'), 'Vänersborg – Lena', join(root, 'copy.vanort'), false);
    expect((await status(opened)).documentId).toBe(id);
    expect(heads(opened)).toEqual(heads(first));
    for (const each of [first, second, opened]) each.session.close();
  });
});
