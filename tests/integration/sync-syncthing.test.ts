/**
 * Issue 13's test with a real shared folder: two Syncthing instances on loopback, two laptops
 * (the router on two documents), each syncing through its side of the pair with sync.setFolder.
 * Nothing is called to make the folder sync happen: the app's watcher and poll do it, as in use.
 * Needs `syncthing` on PATH (CI installs it); without it this fails rather than skips.
 */
import { readdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Conflict, SyncStatus } from '../../shared/contract';
import { useTempDir } from '../helpers/files';
import { demoIds, laptopsWithDemo, type Laptop } from '../helpers/laptops';
import { startSyncthingPair, type SyncthingPair } from '../helpers/syncthing';

const tempDir = useTempDir();

const herning = async (laptop: Laptop) => (await demoIds(laptop)).place('Herning');

const setCount = async (laptop: Laptop, memberCount: number) =>
  laptop.call('members.setCount', { placeId: (await herning(laptop)).placeId, year: 2013, memberCount });
const status = (laptop: Laptop) => laptop.call<SyncStatus>('sync.status');

/** Asks until `test` holds (every 200 ms); how long it took, or a failure naming what was awaited. */
async function within<T>(what: string, timeoutMs: number, probe: () => Promise<T>, test: (value: T) => boolean): Promise<number> {
  const started = Date.now();
  let last: T | undefined;
  while (Date.now() - started < timeoutMs) {
    last = await probe();
    if (test(last)) return Date.now() - started;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms; last seen ${JSON.stringify(last)}`);
}

/** POST to that instance's REST API, with the key its config holds (the harness offers GET only). */
async function post(pair: SyncthingPair, side: 'A' | 'B', path: string): Promise<void> {
  const { gui } = (await pair.rest(side, '/rest/config')) as { gui: { address: string; apiKey: string } };
  const response = await fetch(`http://${gui.address}${path}`, {
    method: 'POST',
    headers: { 'X-API-Key': gui.apiKey },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`syncthing ${side} ${path}: HTTP ${response.status} ${await response.text()}`);
}

/** A conflict as both laptops must show it: the field, every value with its laptop, the one shown. */
const conflictView = (list: Conflict[]) =>
  list.map((conflict) => ({
    key: conflict.key,
    field: conflict.field,
    row: conflict.row.name,
    values: conflict.values
      .map((value) => ({ value: value.value, laptop: value.author.laptop, shown: value.shown }))
      .sort((x, y) => x.laptop.localeCompare(y.laptop)),
  }));

describe('sharing through a folder that Syncthing keeps alike', () => {
  it(
    'carries an edit within 30 s, shows a same-field edit as one conflict on both, takes no conflict copy for a laptop',
    { timeout: 120_000 },
    async () => {
      const started = Date.now();
      const root = tempDir();
      const folders = { A: join(root, 'sync-a'), B: join(root, 'sync-b') };
      let pair: SyncthingPair | null = null;
      let laptops: Laptop[] = [];
      try {
        pair = await startSyncthingPair({ folderA: folders.A, folderB: folders.B, homeRoot: join(root, 'homes') });
        console.info(`syncthing pair up in ${Date.now() - started} ms`);
        laptops = await laptopsWithDemo(join(root, 'laptops'), ['Herning – Karen', 'Vänersborg – Lena']);
        const [a, b] = laptops as [Laptop, Laptop];
        await a.call('sync.setFolder', { folder: folders.A });
        await b.call('sync.setFolder', { folder: folders.B });
        const aFile = 'Herning – Karen.vanort-changes';
        const bFile = 'Vänersborg – Lena.vanort-changes';
        const firstA = await pair.waitForFile('B', aFile, 30_000);
        await pair.waitForFile('A', bFile, 30_000);

        // An edit on A shows on B, carried by Syncthing and merged by B's watcher or poll.
        const revision = (await status(b)).revision;
        await setCount(a, 235);
        const carried = await within(
          '235 on B',
          30_000,
          () => herning(b),
          (place) => place.memberCount === 235,
        );
        console.info(`A → B: an edit shown on B after ${carried} ms`);
        expect((await status(b)).revision).toBeGreaterThan(revision);

        // Both change the same field before they sync: the same one conflict on both laptops.
        await setCount(a, 300);
        await setCount(b, 301);
        const isOne = (list: Conflict[]) => list.length === 1 && list[0]!.values.length === 2;
        const conflictMs = await within('a conflict on A', 30_000, () => a.call<Conflict[]>('sync.conflicts'), isOne);
        await within('a conflict on B', 30_000, () => b.call<Conflict[]>('sync.conflicts'), isOne);
        console.info(`same-field edits: one conflict on both after ${conflictMs} ms`);
        const onA = conflictView(await a.call<Conflict[]>('sync.conflicts'));
        expect(onA).toEqual(conflictView(await b.call<Conflict[]>('sync.conflicts')));
        expect(onA[0]).toMatchObject({ field: 'count', row: 'Herning' });
        expect(onA[0]!.values.map((value) => [value.laptop, value.value])).toEqual([
          ['Herning – Karen', 300],
          ['Vänersborg – Lena', 301],
        ]);
        expect(onA[0]!.values.filter((value) => value.shown)).toHaveLength(1);
        // Both show the value the engine chose, the same one.
        const shown = onA[0]!.values.find((value) => value.shown)!.value;
        expect((await herning(a)).memberCount).toBe(shown);
        expect((await herning(b)).memberCount).toBe(shown);

        // A real Syncthing conflict copy of A's file. With both instances paused, A writes a new
        // version and B's side gets A's first version written back (older mtime); once resumed,
        // Syncthing keeps the newer and renames the older to NAME.sync-conflict-….vanort-changes on
        // both sides: a colleague's file to B, this laptop's own file to A.
        await post(pair, 'A', '/rest/system/pause');
        await post(pair, 'B', '/rest/system/pause');
        await setCount(a, 302);
        await a.call('sync.checkFolder');
        const stale = join(folders.B, `${aFile}.writing`);
        writeFileSync(stale, firstA);
        utimesSync(stale, new Date(), new Date(Date.now() - 60_000));
        renameSync(stale, join(folders.B, aFile));
        for (const side of ['A', 'B'] as const) await post(pair, side, `/rest/db/scan?folder=${pair.folderId}`);
        for (const side of ['A', 'B'] as const) await post(pair, side, '/rest/system/resume');
        const copies = (side: 'A' | 'B') => readdirSync(folders[side]).filter((name) => name.includes('.sync-conflict-'));
        const copyMs = await within(
          'a conflict copy on both sides',
          30_000,
          async () => [copies('A'), copies('B')],
          ([x, y]) => x!.length === 1 && x!.join() === y!.join(),
        );
        console.info(`Syncthing made ${copies('A')[0]} in ${copyMs} ms`);
        expect(copies('A')[0]).toMatch(/^Herning – Karen\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}\.vanort-changes$/);
        for (const side of ['A', 'B'] as const)
          expect(readFileSync(join(folders[side], copies(side)[0]!)).equals(firstA)).toBe(true);
        await within(
          '302 on B',
          30_000,
          () => herning(b),
          (place) => place.memberCount === 302,
        );
        await a.call('sync.checkFolder');
        await b.call('sync.checkFolder');

        // No conflict copy (nor anything else in the folder) is taken for a laptop.
        const devices = { a: (await status(a)).device, b: (await status(b)).device };
        expect((await status(a)).peers.map((peer) => [peer.laptop, peer.device])).toEqual([['Vänersborg – Lena', devices.b]]);
        expect((await status(b)).peers.map((peer) => [peer.laptop, peer.device])).toEqual([['Herning – Karen', devices.a]]);
        expect((await herning(a)).memberCount).toBe(302);

        // Every socket of both Syncthing processes is on loopback.
        const listening = await pair.listening();
        expect(listening.length).toBeGreaterThan(0);
        expect(listening.filter((address) => !/^(tcp|udp):\/\/127\.0\.0\.1:\d+$/.test(address))).toEqual([]);
      } finally {
        for (const each of laptops) each.session.close();
        await pair?.stop();
      }
      const took = Date.now() - started;
      console.info(`whole test ${took} ms`);
      expect(took).toBeLessThan(60_000);
    },
  );
});
