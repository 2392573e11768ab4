/**
 * Faults on real files, with real processes: a writer killed mid-transaction, a full disk
 * (SQLITE_FULL) and a write the system refuses (SQLITE_IOERR). What is checked is what a
 * volunteer keeps: the file is whole, every saved edit is there, the failed one is not (not even
 * half of it), undo history still works, and the message says what happened.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDocument } from '../../electron/db/open';
import { lockPathFor } from '../../electron/db/lock';
import { sv } from '../../shared/i18n/sv';
import { childCommand, commandWorks, startChild } from '../helpers/child';
import { bigEvent, createDemoDocument, routerFor } from '../helpers/documents';
import { useTempDir } from '../helpers/files';
import type { Router } from '../../electron/router';

const tempDir = useTempDir();

async function value<T>(router: Router, method: string, input: unknown = {}): Promise<T> {
  const result = await router.call(method, input);
  if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

type Listed = {
  chain: { id: string };
  year: number;
  members: Array<{ name: string; placeId: string; memberCount: number | null }>;
};
async function members(router: Router): Promise<Listed> {
  const chains = await value<Array<{ id: string }>>(router, 'chains.list');
  return value<Listed>(router, 'members.list', { chainId: chains[0]!.id });
}

describe('a writer killed with SIGKILL in the middle of a transaction', () => {
  it('leaves a whole file: committed edits and undo history kept, the interrupted transaction gone', async () => {
    const dir = tempDir();
    const path = join(dir, 'chain.vanort');
    (await createDemoDocument(path)).close();

    const child = startChild(childCommand('crash', path, dir));
    await child.waitFor('committed');
    const walAfterCommits = statSync(`${path}-wal`).size;
    const report = await child.waitFor('in-transaction');
    expect(report.rows).toBe(3001);
    // The uncommitted rows did reach the disk (spilled into the WAL): the kill cuts a real write.
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(walAfterCommits + 1024 * 1024);
    child.process.kill('SIGKILL');
    const exit = await child.exited;
    expect(exit.signal).toBe('SIGKILL');
    // The killed instance's lock is left behind; its process is gone, so it is stale.
    expect(existsSync(lockPathFor(path))).toBe(true);

    // Reopened through the app's own open path (quick_check, lock, WAL recovery).
    const { router, session } = await routerFor(dir, path, false);
    const info = await value<{ readOnly: boolean }>(router, 'document.info');
    expect(info.readOnly).toBe(false);
    const db = session.context().db;
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare(`SELECT COUNT(*) FROM event WHERE title LIKE 'Interrupted%'`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT COUNT(*) FROM change_log WHERE new_value LIKE '%Interrupted%'`).pluck().get()).toBe(0);

    let listed = await members(router);
    const count = (name: string) => listed.members.find((member) => member.name === name)?.memberCount;
    expect(count('Herning')).toBe(777);
    // The rename was committed and then undone before the crash: it stays undone, and can be redone.
    expect(listed.members.map((member) => member.name)).toContain('Husby');
    expect(await value(router, 'undo.state')).toEqual({ canUndo: true, canRedo: true });
    await value(router, 'undo.redo');
    listed = await members(router);
    expect(listed.members.map((member) => member.name)).toContain('Husby-Rekarne');
    await value(router, 'undo.undo');
    await value(router, 'undo.undo');
    listed = await members(router);
    expect(count('Herning')).toBe(230);
    session.close();
  });
});

describe('a full disk (SQLITE_FULL)', () => {
  it('through max_page_count: a clear message, nothing half-applied, nothing lost, and the next edit after space is freed works', async () => {
    const dir = tempDir();
    const path = join(dir, 'chain.vanort');
    const { router, session } = await routerFor(dir, path);
    const listed = await members(router);
    const herning = listed.members.find((member) => member.name === 'Herning')!;
    await value(router, 'members.setCount', { placeId: herning.placeId, year: listed.year, memberCount: 555 });
    const db = session.context().db;
    const counts = () =>
      db.prepare(`SELECT (SELECT COUNT(*) FROM event) AS events, (SELECT COUNT(*) FROM change_log) AS changes`).get();
    const before = counts();
    // The file may not grow by a single page: like a disk with no room left.
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);

    const full = await router.call('records.add', bigEvent(listed.chain.id, 'No room'));
    expect(full).toEqual({ ok: false, error: expect.objectContaining({ code: 'disk_full', message: 'errors.disk_full' }) });
    expect(sv.errors.disk_full).toMatch(/Disken är full/);
    expect(counts()).toEqual(before);
    expect((await members(router)).members.find((member) => member.name === 'Herning')?.memberCount).toBe(555);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

    db.pragma(`max_page_count = ${pages + 10_000}`);
    const freed = await router.call('records.add', bigEvent(listed.chain.id, 'Room again'));
    expect(freed.ok).toBe(true);
    expect(db.prepare(`SELECT title FROM event WHERE title IN ('No room', 'Room again')`).pluck().all()).toEqual(['Room again']);
    session.close();

    const reopened = await openDocument(path);
    expect(reopened.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(reopened.db.prepare(`SELECT COUNT(*) FROM event WHERE title = 'Room again'`).pluck().get()).toBe(1);
    reopened.close();
  });

  // A real full file system: a 512 KiB tmpfs that only this child process sees. `unshare -Urm`
  // gives it a user and mount namespace without privileges (and works as root in CI, where
  // .ci/run runs everything); mount needs no more than that namespace.
  const tmpfsProbe = commandWorks([
    'unshare',
    '-Urm',
    'sh',
    '-c',
    'd=$(mktemp -d) && mount -t tmpfs -o size=512k tmpfs "$d" && umount "$d"',
  ]);
  it('on a real 512 KiB disk that fills up (tmpfs in a private mount namespace)', async () => {
    // Not skipped where it cannot run: the reason is the failure message.
    expect(tmpfsProbe, `unshare -Urm with a tmpfs mount does not work here: ${tmpfsProbe.output}`).toMatchObject({ ok: true });
    const dir = tempDir();
    const mountPoint = join(dir, 'disk');
    const script = 'mkdir -p "$0" && mount -t tmpfs -o size=512k tmpfs "$0" && exec "$@"';
    const child = startChild(['unshare', '-Urm', 'sh', '-c', script, mountPoint, ...childCommand('disk-full', mountPoint, dir)]);
    const report = await child.waitFor('done');
    await child.exited;
    expect(report.filled).toBeGreaterThan(0);
    expect(report.full).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'disk_full', message: 'errors.disk_full' }),
    });
    expect(report.afterFailure).toEqual(report.before);
    expect(report.integrityWhileFull).toBe('ok');
    expect(report.herningWhileFull).toBe(555);
    expect(report.freed).toMatchObject({ ok: true });
    expect(report.titles).toEqual(['Written after space was freed']);
    expect(report.integrity).toBe('ok');
    expect(report.herningReopened).toBe(555);
  });
});

describe('a write the system refuses (SQLITE_IOERR, a file size limit)', () => {
  it('a clear message, the edit not half-applied, earlier edits kept, and edits work once the limit is lifted', async () => {
    const dir = tempDir();
    const path = join(dir, 'chain.vanort');
    (await createDemoDocument(path)).close();
    // ulimit -f in KiB (bash). The document is read whole, but the -wal file may grow only to
    // 160 KiB. SIGXFSZ would kill the process at the limit: ignored, writes fail with EFBIG
    // instead, which SQLite reports as SQLITE_IOERR_WRITE. (An ignored signal stays ignored across exec.)
    const script = `trap '' XFSZ; ulimit -S -f 160; exec "$@"`;
    const child = startChild(['bash', '-c', script, 'io-error', ...childCommand('io-error', path, dir)]);
    const report = await child.waitFor('done');
    const exit = await child.exited;
    expect(exit.signal).toBeNull();
    expect(report.small).toMatchObject({ ok: true });
    const failures = report.failures as Array<{ code: string; message: string }>;
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ code: 'io', message: 'errors.io' });
    expect(sv.errors.io).toBeTruthy();
    const before = report.before as { events: number; changes: number };
    const after = report.afterFailure as { events: number; changes: number };
    // Each big edit that fitted is whole (one event); the refused one left nothing.
    expect(after.events - before.events).toBe(report.stored);
    expect(report.freed).toMatchObject({ ok: true });
    expect(report.integrity).toBe('ok');

    const reopened = await openDocument(path);
    const db = reopened.db;
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = report.stored as number;
    expect(db.prepare(`SELECT COUNT(*) FROM event WHERE title LIKE 'Over the limit%'`).pluck().get()).toBe(stored);
    expect(db.prepare(`SELECT COUNT(*) FROM event WHERE title = ?`).pluck().get(`Over the limit ${stored}`)).toBe(0);
    expect(db.prepare(`SELECT COUNT(*) FROM event WHERE title = 'Written after the limit was lifted'`).pluck().get()).toBe(1);
    expect(
      db
        .prepare(
          `SELECT count FROM member_count mc JOIN branch b ON b.id = mc.branch_id JOIN place p ON p.id = b.place_id WHERE p.name = 'Herning' AND mc.year = 2013`,
        )
        .pluck()
        .get(),
    ).toBe(444);
    reopened.close();
  });
});
