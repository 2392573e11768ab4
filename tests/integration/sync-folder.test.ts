import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/contract';
import { useTempDir } from '../helpers/files';
import { demoIds, laptop, laptopsWithDemo, tablesOf, type Laptop } from '../helpers/laptops';

/**
 * Sharing through a plain folder (what a sync tool keeps alike): each laptop writes its own
 * NAME.vanort-changes there and merges the others'. What sync tools leave in such a folder
 * (partial downloads, Office locks, Syncthing's conflict copies) is never taken for a laptop.
 */

const tempDir = useTempDir();
const opened: Laptop[] = [];

afterEach(() => {
  // Closing stops each laptop's watcher and poll before the folders are removed.
  for (const each of opened.splice(0)) each.session.close();
});

async function laptops(root: string, names: string[]): Promise<Laptop[]> {
  const made = await laptopsWithDemo(root, names);
  opened.push(...made);
  return made;
}

const herning = async (laptop: Laptop) => (await demoIds(laptop)).place('Herning');

const setCount = async (laptop: Laptop, memberCount: number) =>
  laptop.call('members.setCount', { placeId: (await herning(laptop)).placeId, year: 2013, memberCount });
const countOf = async (laptop: Laptop) => (await herning(laptop)).memberCount;
const status = (laptop: Laptop) => laptop.call<SyncStatus>('sync.status');
const check = (laptop: Laptop) => laptop.call<{ merged: number }>('sync.checkFolder');
const setFolder = (laptop: Laptop, folder: string | null) => laptop.call<{ folder: string | null }>('sync.setFolder', { folder });
const changeLogLength = (laptop: Laptop) =>
  laptop.session.context().db.prepare('SELECT count(*) FROM change_log').pluck().get() as number;
const sharedFolder = (root: string) => {
  const folder = join(root, 'shared');
  mkdirSync(folder, { recursive: true });
  return folder;
};
/** A laptop's own changes file, as it wrote it into the folder. */
const fileOf = (folder: string, laptop: Laptop) => readFileSync(join(folder, `${laptop.name}.vanort-changes`));

describe('sharing through a folder', () => {
  it("writes this laptop's file; the other laptop merges it, and later edits arrive too", async () => {
    const root = tempDir();
    const folder = sharedFolder(root);
    const [a, b] = await laptops(root, ['Herning – Karen', 'Vänersborg – Lena']);
    expect((await status(a!)).folder).toBeNull();

    expect((await setFolder(a!, folder)).folder).toBe(folder);
    expect(readdirSync(folder)).toEqual(['Herning – Karen.vanort-changes']);
    await setFolder(b!, folder);
    expect(readdirSync(folder).sort()).toEqual(['Herning – Karen.vanort-changes', 'Vänersborg – Lena.vanort-changes']);
    expect((await status(b!)).folder).toBe(folder);

    await setCount(a!, 235);
    await check(a!);
    const before = (await status(b!)).revision;
    await check(b!);
    expect(await countOf(b!)).toBe(235);
    const after = await status(b!);
    expect(after.revision).toBeGreaterThan(before);
    expect(after.peers.map((peer) => peer.laptop)).toEqual(['Herning – Karen']);

    // And back: B's edit reaches A through B's file.
    await setCount(b!, 236);
    await check(b!);
    await check(a!);
    expect(await countOf(a!)).toBe(236);
    expect(tablesOf(a!)).toEqual(tablesOf(b!));
    // Nothing new: looking again changes nothing.
    const revision = (await status(a!)).revision;
    expect((await check(a!)).merged).toBe(0);
    expect((await status(a!)).revision).toBe(revision);
  });

  it('never takes what sync tools leave for a laptop: partial downloads, temporary files, Office locks', async () => {
    const root = tempDir();
    const folder = sharedFolder(root);
    const [a, b, c] = await laptops(root, ['Herning – Karen', 'Vänersborg – Lena', 'Kristiinankaupunki – Aino']);
    // C's real changes file, written elsewhere, then left in B's folder only under the names
    // that sync tools use while a file is on its way.
    await setCount(c!, 299);
    await setFolder(c!, sharedFolder(join(root, 'c-only')));
    const cFile = fileOf(join(root, 'c-only', 'shared'), c!);
    c!.session.close();
    const leftovers = [
      '.syncthing.Kristiinankaupunki – Aino.vanort-changes.tmp',
      '~$Kristiinankaupunki – Aino.vanort-changes',
      'Kristiinankaupunki – Aino.vanort-changes.partial',
      'Kristiinankaupunki – Aino.vanort-changes.tmp',
      '.Kristiinankaupunki – Aino.vanort-changes',
    ];
    for (const name of leftovers) writeFileSync(join(folder, name), cFile);
    await setFolder(a!, folder);
    await setFolder(b!, folder);
    await check(b!);
    expect(await countOf(b!)).toBe(230);
    expect((await status(b!)).peers.map((peer) => peer.laptop)).toEqual([]);
    // The leftovers are left as they were.
    for (const name of leftovers) expect(readFileSync(join(folder, name)).equals(cFile)).toBe(true);
    // Once the file is there under its own name, it is merged.
    writeFileSync(join(folder, 'Kristiinankaupunki – Aino.vanort-changes'), cFile);
    await check(b!);
    expect(await countOf(b!)).toBe(299);
    expect((await status(b!)).peers.map((peer) => peer.laptop)).toEqual(['Kristiinankaupunki – Aino']);
  });

  it("merges a Syncthing conflict copy of a colleague's file as that colleague's, and never its own", async () => {
    const root = tempDir();
    const folder = sharedFolder(root);
    const [a, b] = await laptops(root, ['Herning – Karen', 'Vänersborg – Lena']);
    const aFolder = sharedFolder(join(root, 'a-side'));
    await setFolder(a!, aFolder);
    await setCount(a!, 231);
    await check(a!);
    // Only a conflict copy of A's file has reached B's folder so far.
    const aConflict = 'Herning – Karen.sync-conflict-20261202-120000-ABCDEFG.vanort-changes';
    const older = fileOf(aFolder, a!);
    writeFileSync(join(folder, aConflict), older);
    await setFolder(b!, folder);
    expect(await countOf(b!)).toBe(231);
    expect((await status(b!)).peers.map((peer) => peer.laptop)).toEqual(['Herning – Karen']);
    await setCount(a!, 232);
    await check(a!);
    writeFileSync(join(folder, 'Herning – Karen.vanort-changes'), fileOf(aFolder, a!));
    await check(b!);
    expect(await countOf(b!)).toBe(232);
    expect((await status(b!)).peers.map((peer) => [peer.laptop, peer.device])).toEqual([
      ['Herning – Karen', (await status(a!)).device],
    ]);

    // A conflict copy of B's own file: changes made on this laptop (in another copy of the
    // document) that this document lacks. It is not merged as someone else's, nor written over.
    const otherCopy = join(root, 'b-other.vanort');
    b!.session.close();
    copyFileSync(b!.path, otherCopy);
    await b!.session.open(b!.path);
    const sameLaptop = await laptop(root, 'Vänersborg – Lena', otherCopy, false);
    opened.push(sameLaptop);
    expect((await status(sameLaptop)).device).toBe((await status(b!)).device);
    await setCount(sameLaptop, 555);
    await setFolder(sameLaptop, sharedFolder(join(root, 'b-other')));
    sameLaptop.session.close();
    const bConflict = 'Vänersborg – Lena.sync-conflict-20261202-120500-HIJKLMN.vanort-changes';
    const bOwnCopy = fileOf(join(root, 'b-other', 'shared'), sameLaptop);
    writeFileSync(join(folder, bConflict), bOwnCopy);
    const log = changeLogLength(b!);
    expect((await check(b!)).merged).toBe(0);
    expect(changeLogLength(b!)).toBe(log);
    expect(await countOf(b!)).toBe(232);
    expect((await status(b!)).peers.map((peer) => peer.laptop)).toEqual(['Herning – Karen']);
    expect(readFileSync(join(folder, bConflict)).equals(bOwnCopy)).toBe(true);
    expect(readFileSync(join(folder, aConflict)).equals(older)).toBe(true);
    expect(readdirSync(folder).sort()).toEqual(
      [aConflict, bConflict, 'Herning – Karen.vanort-changes', 'Vänersborg – Lena.vanort-changes'].sort(),
    );
  });

  it('skips a damaged or truncated file without writing anything, and merges it once it is whole', async () => {
    const root = tempDir();
    const folder = sharedFolder(root);
    const [a, b] = await laptops(root, ['Herning – Karen', 'Vänersborg – Lena']);
    const aFolder = sharedFolder(join(root, 'a-side'));
    await setCount(a!, 235);
    await setFolder(a!, aFolder);
    const whole = fileOf(aFolder, a!);
    const name = join(folder, 'Herning – Karen.vanort-changes');
    await setFolder(b!, folder);
    const tables = tablesOf(b!);
    const log = changeLogLength(b!);
    const bFile = fileOf(folder, b!);

    for (const damaged of [
      whole.subarray(0, whole.length - 7),
      whole.subarray(0, 40),
      Buffer.from('VANORT-CHANGES 1\n{not json}\n'),
    ]) {
      writeFileSync(name, damaged);
      utimesSync(name, new Date(), new Date(Date.now() + damaged.length));
      expect((await check(b!)).merged).toBe(0);
      expect(readFileSync(name).equals(damaged)).toBe(true);
    }
    expect(tablesOf(b!)).toEqual(tables);
    expect(changeLogLength(b!)).toBe(log);
    expect((await status(b!)).peers).toEqual([]);
    expect(fileOf(folder, b!).equals(bFile)).toBe(true);

    writeFileSync(name, whole);
    await check(b!);
    expect(await countOf(b!)).toBe(235);
  });

  it('tries a file again when merging it failed for a passing reason (the document busy), a few times', async () => {
    const root = tempDir();
    const folder = sharedFolder(root);
    const [a, b] = await laptops(root, ['Herning – Karen', 'Vänersborg – Lena']);
    await setFolder(b!, folder);
    await setFolder(a!, folder);
    await setCount(a!, 235);
    await check(a!);
    // Another process holds the write lock on B's document; B waits 100 ms, not 5 s, for it here.
    b!.session.context().db.pragma('busy_timeout = 100');
    const other = new Database(b!.path);
    const log = changeLogLength(b!);
    try {
      other.exec('BEGIN IMMEDIATE');
      expect((await check(b!)).merged).toBe(0);
      expect(await countOf(b!)).toBe(230);
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
    }
    expect(changeLogLength(b!)).toBe(log);
    await check(b!);
    expect(await countOf(b!)).toBe(235);

    // A lock that stays: after five looks at one version, the file waits for its next version.
    await setCount(a!, 236);
    await check(a!);
    other.exec('BEGIN IMMEDIATE');
    try {
      const started = performance.now();
      for (let look = 0; look < 5; look += 1) await check(b!);
      const fiveLooks = performance.now() - started;
      expect(fiveLooks).toBeGreaterThanOrEqual(5 * 90);
      const again = performance.now();
      await check(b!);
      // No sixth wait for the lock: the file was not tried again.
      expect(performance.now() - again).toBeLessThan(90);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    await check(b!);
    expect(await countOf(b!)).toBe(235);
    await setCount(a!, 237);
    await check(a!);
    await check(b!);
    expect(await countOf(b!)).toBe(237);
  });

  it('merges a file replaced by one of the same size and time (a sync tool keeps the sender’s mtime)', async () => {
    const root = tempDir();
    const folder = sharedFolder(root);
    const [a, b] = await laptops(root, ['Herning – Karen', 'Vänersborg – Lena']);
    const aFolder = sharedFolder(join(root, 'a-side'));
    await setFolder(a!, aFolder);
    await setCount(a!, 235);
    await check(a!);
    const first = fileOf(aFolder, a!);
    await setFolder(b!, folder);
    const name = join(folder, 'Herning – Karen.vanort-changes');
    const when = new Date('2026-12-02T12:00:00Z');
    // A damaged file first, then the whole one of the same size, same mtime, as a sync tool renames it in.
    const damaged = Buffer.from(first);
    damaged.fill(0x20, 200);
    writeFileSync(name, damaged);
    utimesSync(name, when, when);
    await check(b!);
    expect(await countOf(b!)).toBe(230);
    writeFileSync(`${name}.incoming`, first);
    utimesSync(`${name}.incoming`, when, when);
    renameSync(`${name}.incoming`, name);
    await check(b!);
    expect(await countOf(b!)).toBe(235);
  });

  it("ignores another document's file", async () => {
    const root = tempDir();
    const folder = sharedFolder(root);
    const [b] = await laptops(root, ['Vänersborg – Lena']);
    // Another chain document (made anew: its own document id), shared through the same folder.
    const other = await laptop(join(root, 'other'), 'Trollhättan – Per', join(root, 'other.vanort'), true);
    opened.push(other);
    await other.call('sync.enable');
    await setCount(other, 777);
    await setFolder(other, folder);
    expect(existsSync(join(folder, 'Trollhättan – Per.vanort-changes'))).toBe(true);
    await setFolder(b!, folder);
    const log = changeLogLength(b!);
    expect((await check(b!)).merged).toBe(0);
    expect(changeLogLength(b!)).toBe(log);
    expect(await countOf(b!)).toBe(230);
    expect((await status(b!)).peers).toEqual([]);
  });

  it('refuses a folder that holds the document, and one that cannot be used; nothing is stored', async () => {
    const root = tempDir();
    const [a] = await laptops(root, ['Herning – Karen']);
    const refusal = async (folder: string) => {
      const answer = await a!.result('sync.setFolder', { folder });
      expect(answer.ok, folder).toBe(false);
      return answer.error!.message;
    };
    // The document lies in root: root itself, and root reached through a link.
    symlinkSync(root, join(root, 'link-to-root'));
    expect(await refusal(root)).toBe('errors.syncFolderHoldsDocument');
    expect(await refusal(join(root, 'link-to-root'))).toBe('errors.syncFolderHoldsDocument');
    expect(await refusal(join(root, '..'))).toBe('errors.syncFolderHoldsDocument');
    expect(await refusal(join(root, 'missing'))).toBe('errors.syncFolderUnusable');
    writeFileSync(join(root, 'a-file'), 'x');
    expect(await refusal(join(root, 'a-file'))).toBe('errors.syncFolderUnusable');
    expect((await status(a!)).folder).toBeNull();
    expect(readdirSync(root).filter((name) => name.endsWith('.vanort-changes'))).toEqual([]);
  });

  it('refuses a parent folder whose sub-folder name begins with two dots', async () => {
    const root = tempDir();
    const inner = join(root, '..kept');
    mkdirSync(inner);
    const first = await laptop(root, 'Herning – Karen', join(inner, 'chain.vanort'), true);
    opened.push(first);
    await first.call('sync.enable');
    const answer = await first.result('sync.setFolder', { folder: root });
    expect(answer.error?.message).toBe('errors.syncFolderHoldsDocument');
    expect(readdirSync(root).filter((name) => name.endsWith('.vanort-changes'))).toEqual([]);
  });

  it("is this laptop's setting: a copy of the document opened on another laptop does not sync into that folder", async () => {
    const root = tempDir();
    const folder = sharedFolder(root);
    const [a] = await laptops(root, ['Herning – Karen']);
    await setFolder(a!, folder);
    a!.session.close();
    const copy = join(root, 'sent-by-mail.vanort');
    copyFileSync(a!.path, copy);
    const other = await laptop(root, 'Vänersborg – Lena', copy, false);
    opened.push(other);
    expect((await status(other)).folder).toBeNull();
    await setCount(other, 250);
    expect((await check(other)).merged).toBe(0);
    expect(readdirSync(folder)).toEqual(['Herning – Karen.vanort-changes']);
  });

  it('looks again at every file when another document (an older copy) is opened', async () => {
    const root = tempDir();
    const folder = sharedFolder(root);
    const [a, b] = await laptops(root, ['Herning – Karen', 'Vänersborg – Lena']);
    await setFolder(b!, folder);
    // An older copy of B's document, the folder already chosen in it (a backup, say).
    b!.session.close();
    const older = join(root, 'older.vanort');
    copyFileSync(b!.path, older);
    await b!.session.open(b!.path);
    await setCount(a!, 235);
    await setFolder(a!, folder);
    await check(b!);
    expect(await countOf(b!)).toBe(235);
    await b!.session.open(older);
    expect(await countOf(b!)).toBe(230);
    await check(b!);
    expect(await countOf(b!)).toBe(235);
    expect(statSync(join(folder, 'Vänersborg – Lena.vanort-changes')).isFile()).toBe(true);
  });

  it('keeps two laptops of the same name apart: the second writes under its own name, both merge, no rewriting back and forth', async () => {
    const root = tempDir();
    const folder = sharedFolder(root);
    const [a] = await laptops(root, ['Herning']);
    a!.session.close();
    const copy = join(root, 'second.vanort');
    copyFileSync(a!.path, copy);
    await a!.session.open(a!.path);
    // Another computer (its own settings, so its own device id) given the same name.
    const b = await laptop(join(root, 'second-computer'), 'Herning', copy, false);
    opened.push(b);
    const devices = [(await status(a!)).device, (await status(b)).device];
    expect(devices[0]).not.toBe(devices[1]);

    await setFolder(a!, folder);
    await setFolder(b, folder);
    const names = readdirSync(folder).sort();
    expect(names).toEqual(['Herning.vanort-changes', `Herning (${devices[1]!.slice(0, 8)}).vanort-changes`].sort());
    await setCount(a!, 235);
    await check(a!);
    await check(b);
    expect(await countOf(b)).toBe(235);
    await setCount(b, 236);
    await check(b);
    await check(a!);
    expect(await countOf(a!)).toBe(236);
    expect((await status(a!)).peers.map((peer) => peer.device)).toEqual([devices[1]]);
    expect((await status(b)).peers.map((peer) => peer.device)).toEqual([devices[0]]);
    // Settled: looking again on both rewrites neither file.
    const stamps = () =>
      readdirSync(folder)
        .sort()
        .map((name) => [name, statSync(join(folder, name)).ino, statSync(join(folder, name)).mtimeMs]);
    const settled = stamps();
    for (let round = 0; round < 3; round += 1) {
      await check(a!);
      await check(b);
    }
    expect(stamps()).toEqual(settled);
  });

  it("writes this laptop's file again when it was removed from the folder", async () => {
    const root = tempDir();
    const folder = sharedFolder(root);
    const [a] = await laptops(root, ['Herning – Karen']);
    await setFolder(a!, folder);
    const own = join(folder, 'Herning – Karen.vanort-changes');
    rmSync(own);
    await check(a!);
    expect(existsSync(own)).toBe(true);
  });
});
