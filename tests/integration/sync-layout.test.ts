import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as A from '@automerge/automerge';
import { afterAll, describe, expect, it } from 'vitest';
import type { Conflict, MergePreview } from '../../shared/contract';
import { changeMessage, engineKeys, engineValue, hasLayout, toEngine, type EngineDoc } from '../../electron/services/sync/engine';
import { conflictSummary, demoIds, exchange, laptop, laptopsWithDemo, tablesOf, type Laptop } from '../helpers/laptops';
import { engineOf } from '../helpers/sync-model';

/**
 * A document shared by an earlier version, whose engine held one flat map (no buckets): at open
 * its shared history is built again from its tables, and nothing it shows or still has to
 * decide is lost.
 */

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/**
 * The laptop's document as the earlier version left it: the same values in one flat map, and its
 * colleagues' heads in that history. The laptop is opened again (its own settings) on that file.
 */
async function asEarlierVersion(root: string, each: Laptop, copies?: Map<string, Buffer>): Promise<Laptop> {
  const doc = engineOf(each);
  const fields = engineKeys(doc).map((key) => [key, engineValue(doc, key)] as const);
  const documentId = String(doc['*document']);
  each.session.close();
  const flat = A.change(
    A.init<EngineDoc>(),
    { message: changeMessage({ device: 'earlier', laptop: each.name }), time: 1_700_000_000 },
    (draft) => {
      draft['*document'] = toEngine(documentId);
      for (const [key, value] of fields) draft[key] = toEngine(value);
    },
  );
  const db = new Database(each.path);
  db.transaction(() => {
    db.prepare('DELETE FROM sync_chunk').run();
    db.prepare('INSERT INTO sync_chunk (data, created_at) VALUES (?, ?)').run(
      Buffer.from(A.save(flat)),
      '2026-11-30T10:00:00.000Z',
    );
    db.prepare('UPDATE sync_peer SET heads = ?').run(JSON.stringify(A.getHeads(flat)));
  })();
  db.close();
  copies?.set(each.name, readFileSync(each.path));
  return laptop(root, each.name, each.path, false);
}

const peerHeads = (each: Laptop) =>
  each.session.context().db.prepare('SELECT heads FROM sync_peer ORDER BY device').pluck().all() as string[];

describe('a document shared by an earlier version (one flat map)', () => {
  it('is rebuilt into buckets at open: the same tables, its conflicts still listed, colleagues sent everything', async () => {
    const root = mkdtempSync(join(tmpdir(), 'atlas-layout-'));
    roots.push(root);
    let [karen, lena] = await laptopsWithDemo(root, ['Herning – Karen', 'Vänersborg – Lena']);
    const herning = (await demoIds(karen!)).place('Herning');
    // A conflict both hold, to be decided, and an edit of Lena's that Karen has not had yet.
    await karen!.call('members.setCount', { placeId: herning.placeId, year: 2013, memberCount: 235 });
    await lena!.call('members.setCount', { placeId: herning.placeId, year: 2013, memberCount: 240 });
    await exchange(karen!, lena!);
    await exchange(lena!, karen!);
    const conflicts = await conflictSummary(karen!);
    expect(conflicts.map((conflict) => conflict.field)).toEqual(['count']);
    await lena!.call('members.rename', { placeId: herning.placeId, name: 'Herning Kommune' });

    const karenTables = tablesOf(karen!);
    const lenaTables = tablesOf(lena!);
    karen = await asEarlierVersion(root, karen!);
    const copies = new Map<string, Buffer>();
    lena = await asEarlierVersion(root, lena!, copies);
    for (const [each, tables] of [
      [karen, karenTables],
      [lena, lenaTables],
    ] as const) {
      // Opening it rebuilt it, and stored the rebuilt history (one chunk).
      expect(hasLayout(engineOf(each))).toBe(true);
      expect(tablesOf(each)).toEqual(tables);
      expect(await conflictSummary(each)).toEqual(conflicts);
      expect(peerHeads(each)).toEqual(['[]']);
      const db = each.session.context().db;
      expect(db.prepare('SELECT count(*) FROM sync_chunk').pluck().get()).toBe(1);
      // The earlier history is gone; the conflict's other value is the change of the laptop that wrote it.
      expect(db.prepare("SELECT count(*) FROM sync_change WHERE device = 'earlier'").pluck().get()).toBe(0);
      const other = (await each.call<Conflict[]>('sync.conflicts'))[0]!.values.find((value) => !value.shown)!;
      expect(db.prepare('SELECT laptop FROM sync_change WHERE at != ?').pluck().all('')).toEqual([other.author.laptop]);
    }

    // A copy of Lena's file as the earlier version left it merges (rebuilt as it is read): her
    // rename, which Karen never had, comes as a conflict, and nothing else differs: the count's
    // conflict is the same one Karen holds.
    const copy = { fileName: 'Lena.vanort', contentBase64: copies.get(lena.name)!.toString('base64') };
    const preview = await karen.call<MergePreview>('sync.preview', copy);
    expect(preview.conflicts.map((conflict) => conflict.field).sort()).toEqual(['count', 'name']);
    // (Which name is shown is the engine's choice, the same on every laptop: if it is Lena's, the
    // preview lists it as changed too.)
    expect(preview.changed.filter((change) => change.field !== 'name')).toEqual([]);

    // Opened again, the rebuilt history is read as it is (not built once more).
    const stored = karen.session.context().db.prepare('SELECT data FROM sync_chunk').pluck().get() as Buffer;
    karen.session.close();
    karen = await laptop(root, karen.name, karen.path, false);
    expect(karen.session.context().db.prepare('SELECT data FROM sync_chunk').pluck().get()).toEqual(stored);

    // They go on sharing. Lena's rename, made before the update and never sent, is not lost: the
    // two rebuilt rows differ in the name, so the name is a conflict to decide (and only it).
    await karen.call('members.setCount', { placeId: herning.placeId, year: 2014, memberCount: 250 });
    await exchange(karen, lena);
    await exchange(lena, karen);
    for (const each of [karen, lena]) {
      const list = await each.call<Conflict[]>('sync.conflicts');
      expect(list.map((conflict) => conflict.field).sort(), each.name).toEqual(['count', 'name']);
      const name = list.find((conflict) => conflict.field === 'name')!;
      expect(name.values.map((value) => value.value).sort()).toEqual(['Herning', 'Herning Kommune']);
    }
    expect(tablesOf(karen)).toEqual(tablesOf(lena));
    const count2014 = await karen.call<{ members: { name: string; memberCount: number | null }[] }>('members.list', {
      chainId: (await demoIds(lena)).chainId,
      year: 2014,
    });
    expect(count2014.members.find((member) => member.name.startsWith('Herning'))?.memberCount).toBe(250);

    // The conflict kept from before the update is decided, and the decision reaches the other laptop.
    const count = (await karen.call<Conflict[]>('sync.conflicts')).find((conflict) => conflict.field === 'count')!;
    await karen.call('sync.decide', { key: count.key, value: 240 });
    await exchange(karen, lena);
    for (const each of [karen, lena]) {
      expect((await each.call<Conflict[]>('sync.conflicts')).map((conflict) => conflict.field)).toEqual(['name']);
      expect((await demoIds(each)).members.members.find((member) => member.placeId === herning.placeId)?.memberCount).toBe(240);
    }
    karen.session.close();
    lena.session.close();
  });
});
