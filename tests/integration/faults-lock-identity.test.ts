/**
 * The lock belongs to the file, not to the name it was opened by. A second app instance that
 * reaches the document through a symlink or a hard link gets it read-only; a lock file removed
 * while the document is open is noticed by its holder, whichever instance writes first; and a
 * backup restored in one instance is what the others show next, with nothing written into the
 * file it replaced.
 *
 * The first instance runs in a child process (fault-child's serve mode): two opens in one
 * process share their lock, as a reopen must.
 */
import { existsSync, linkSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentHolder, lockPathFor, machineLockPathFor } from '../../electron/db/lock';
import type { Router } from '../../electron/router';
import type { ChainMembers } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { startInstance, type AppInstance } from '../helpers/child';
import { createDemoDocument, openDocument, removeLocks, routerFor } from '../helpers/documents';
import { useTempDir } from '../helpers/files';

const tempDir = useTempDir();

async function demoIn(dir: string): Promise<string> {
  const path = join(dir, 'chain.vanort');
  (await createDemoDocument(path)).close();
  return path;
}

type Call = (method: string, input?: unknown) => Promise<Result<unknown>>;

const callOf =
  (router: Router): Call =>
  (method, input = {}) =>
    router.call(method, input);

async function members(call: Call): Promise<ChainMembers> {
  const chains = (await call('chains.list')) as { ok: true; value: Array<{ id: string }> };
  const listed = await call('members.list', { chainId: chains.value[0]!.id });
  if (!listed.ok) throw new Error(JSON.stringify(listed.error));
  return listed.value as ChainMembers;
}

async function placeId(call: Call, name: string): Promise<string> {
  const found = (await members(call)).members.find((member) => member.name === name);
  if (!found) throw new Error(`no member ${name}`);
  return found.placeId;
}

const names = async (call: Call) => (await members(call)).members.map((member) => member.name).sort();

const inUse = (host = hostname()) => ({
  ok: true,
  value: expect.objectContaining({ readOnly: true, readOnlyReason: 'in_use', lockHolder: expect.objectContaining({ host }) }),
});
const writable = { ok: true, value: expect.objectContaining({ readOnly: false, readOnlyReason: null }) };
const refused = (message: string) => ({ ok: false, error: expect.objectContaining({ code: 'read_only', message }) });

async function withInstance(path: string, run: (instance: AppInstance) => Promise<void>, env: NodeJS.ProcessEnv = {}) {
  const instance = await startInstance(path, tempDir(), env);
  try {
    await run(instance);
  } finally {
    await instance.stop();
  }
}

describe('the same file under another name', () => {
  it('through a symlink (either way round), the second instance gets the document read-only', async () => {
    const path = await demoIn(tempDir());
    const linkDir = tempDir();
    const link = join(linkDir, 'link.vanort');
    symlinkSync(path, link);
    for (const [first, second] of [
      [path, link],
      [link, path],
    ] as const) {
      await withInstance(first, async (instance) => {
        expect(instance.opened).toEqual(writable);
        const other = await routerFor(tempDir(), second, false);
        try {
          const call = callOf(other.router);
          expect(await call('document.info')).toEqual(inUse());
          expect(await call('members.rename', { placeId: await placeId(call, 'Herning'), name: 'Two writers' })).toEqual(
            refused('errors.read_only'),
          );
        } finally {
          other.session.close();
        }
      });
    }
    // One lock, beside the real file; none beside the link.
    expect(existsSync(join(linkDir, '.~lock.link.vanort#'))).toBe(false);
  });

  it('through a hard link in another folder, the second instance gets it read-only and leaves no lock there', async () => {
    const path = await demoIn(tempDir());
    const linkDir = tempDir();
    const link = join(linkDir, 'another name.vanort');
    linkSync(path, link);
    await withInstance(path, async (instance) => {
      expect(instance.opened).toEqual(writable);
      const herning = await placeId(instance.call, 'Herning');
      await instance.call('members.rename', { placeId: herning, name: 'Herning A' });
      const other = await routerFor(tempDir(), link, false);
      try {
        const call = callOf(other.router);
        expect(await call('document.info')).toEqual(inUse());
        // It reads the file through the holder's name, whose -wal file holds the latest writes.
        expect(await names(call)).toContain('Herning A');
        await instance.call('members.rename', { placeId: herning, name: 'Herning AA' });
        expect(await names(call)).toContain('Herning AA');
        expect(await call('members.rename', { placeId: herning, name: 'Two writers' })).toEqual(refused('errors.read_only'));
        expect(await call('undo.undo')).toEqual(refused('errors.read_only'));
      } finally {
        other.session.close();
      }
      expect(existsSync(lockPathFor(link))).toBe(false);
      // The first instance still writes.
      expect(await instance.call('members.rename', { placeId: herning, name: 'Herning' })).toMatchObject({ ok: true });
    });
  });
});

describe('a lock file removed while the document is open', () => {
  it('the holder writes first: it makes the lock again, and a second instance then gets the document read-only', async () => {
    const path = await demoIn(tempDir());
    await withInstance(path, async (instance) => {
      removeLocks(path);
      const herning = await placeId(instance.call, 'Herning');
      expect(await instance.call('members.rename', { placeId: herning, name: 'Herning A' })).toMatchObject({ ok: true });
      expect(currentHolder(path)).toMatchObject({ host: hostname(), pid: instance.pid });
      expect(existsSync(machineLockPathFor(path)!)).toBe(true);

      const other = await routerFor(tempDir(), path, false);
      try {
        expect(await other.router.call('document.info', {})).toEqual(inUse());
      } finally {
        other.session.close();
      }
    });
  });

  it('a second instance opens first: the holder’s next write is refused, it turns read-only naming the other, and writes nothing', async () => {
    const path = await demoIn(tempDir());
    await withInstance(path, async (instance) => {
      const herning = await placeId(instance.call, 'Herning');
      removeLocks(path);
      const other = await routerFor(tempDir(), path, false);
      try {
        const call = callOf(other.router);
        expect(await call('document.info')).toEqual(writable);
        expect(await call('members.rename', { placeId: herning, name: 'Herning B' })).toMatchObject({ ok: true });

        // The first instance's rename and its Undo (which would revert B's rename) are refused.
        expect(await instance.call('members.rename', { placeId: herning, name: 'Herning A' })).toEqual({
          ok: false,
          error: expect.objectContaining({ code: 'read_only', message: 'errors.lockLost', params: { host: hostname() } }),
        });
        expect(await instance.call('undo.undo')).toEqual(refused('errors.read_only'));
        expect(await instance.call('document.info')).toEqual(inUse());
        expect(await instance.call('undo.state')).toEqual({ ok: true, value: { canUndo: false, canRedo: false } });
        // What it shows is the file as the other instance wrote it.
        expect(await names(instance.call)).toContain('Herning B');
        expect(await names(call)).toContain('Herning B');
        expect(currentHolder(path)).toMatchObject({ pid: process.pid });
      } finally {
        other.session.close();
      }
    });
  });

  it('only the lock beside it removed: the machine-local lock still keeps a second instance read-only', async () => {
    const path = await demoIn(tempDir());
    await withInstance(path, async () => {
      rmSync(lockPathFor(path));
      const other = await routerFor(tempDir(), path, false);
      try {
        expect(await other.router.call('document.info', {})).toEqual(inUse());
      } finally {
        other.session.close();
      }
    });
  });
});

describe('a backup restored in one instance', () => {
  /** The demo with a backup of itself, as the app takes on opening. */
  async function demoWithBackup(): Promise<string> {
    const path = await demoIn(tempDir());
    (await openDocument(path, { backupOnOpen: true })).close();
    return path;
  }

  async function restoreOnlyBackup(call: Call): Promise<void> {
    const backups = (await call('backups.list')) as { ok: true; value: Array<{ id: string; kind: string }> };
    const backup = backups.value.find((item) => item.kind === 'opened')!;
    expect(await call('backups.restore', { id: backup.id })).toMatchObject({ ok: true });
  }

  it('is what a read-only second instance shows next, which still writes nothing', async () => {
    const path = await demoWithBackup();
    await withInstance(path, async (instance) => {
      await instance.call('members.rename', { placeId: await placeId(instance.call, 'Herning'), name: 'Herning before' });
      const other = await routerFor(tempDir(), path, false);
      try {
        const call = callOf(other.router);
        expect(await names(call)).toContain('Herning before');
        await restoreOnlyBackup(instance.call);
        expect(await names(call)).toContain('Herning');
        expect(await names(call)).not.toContain('Herning before');
        expect(await call('document.info')).toEqual(inUse());
        expect(await call('members.rename', { placeId: await placeId(call, 'Husby'), name: 'Husby B' })).toEqual(
          refused('errors.read_only'),
        );
      } finally {
        other.session.close();
      }
    });
  });

  it('opened again once the holder has closed, the second instance may write, and its write stays in the restored file', async () => {
    const path = await demoWithBackup();
    // Opened while the first instance holds the document (a box: TypeScript does not follow the callback).
    const second: { opened?: Awaited<ReturnType<typeof routerFor>> } = {};
    try {
      await withInstance(path, async (instance) => {
        second.opened = await routerFor(tempDir(), path, false);
        expect(await second.opened.router.call('document.info', {})).toEqual(inUse());
        await instance.call('members.rename', { placeId: await placeId(instance.call, 'Herning'), name: 'Herning before' });
        await restoreOnlyBackup(instance.call);
      });
      const call = callOf(second.opened!.router);
      expect(await call('document.info')).toEqual(writable);
      expect(await call('members.rename', { placeId: await placeId(call, 'Husby'), name: 'Husby B' })).toMatchObject({
        ok: true,
      });
    } finally {
      second.opened?.session.close();
    }
    const reopened = await routerFor(tempDir(), path, false);
    try {
      const after = await names(callOf(reopened.router));
      expect(after).toContain('Husby B');
      expect(after).toContain('Herning');
      expect(after).not.toContain('Herning before');
    } finally {
      reopened.session.close();
    }
  });

  it('an instance that had lost its lock writes nothing into the file the restore replaced: its write is refused', async () => {
    const path = await demoWithBackup();
    // The first instance is on "another laptop": its machine-local locks are in a folder of its own.
    const otherLaptop = mkdtempSync(join(tmpdir(), 'atlas-locks-'));
    const stale = await routerFor(tempDir(), path, false);
    const call = callOf(stale.router);
    try {
      expect(await call('document.info')).toEqual(writable);
      const husby = await placeId(call, 'Husby');
      rmSync(lockPathFor(path));
      await withInstance(
        path,
        async (instance) => {
          expect(instance.opened).toEqual(writable);
          await instance.call('members.rename', { placeId: await placeId(instance.call, 'Herning'), name: 'Herning before' });
          await restoreOnlyBackup(instance.call);
          const answer = await call('members.rename', { placeId: husby, name: 'Husby lost' });
          expect(answer).toMatchObject({ ok: false, error: { code: 'read_only' } });
          expect(await call('document.info')).toEqual(inUse());
          expect(await names(call)).not.toContain('Herning before');
        },
        { ATLAS_TEST_LOCK_FOLDER: otherLaptop },
      );
    } finally {
      stale.session.close();
      rmSync(otherLaptop, { recursive: true, force: true });
    }
    const reopened = await routerFor(tempDir(), path, false);
    try {
      const after = await names(callOf(reopened.router));
      expect(after).not.toContain('Husby lost');
      expect(after).toContain('Herning');
    } finally {
      reopened.session.close();
    }
  });
});
