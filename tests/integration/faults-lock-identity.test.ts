/**
 * The lock belongs to the file, not to the name it was opened by. A second app instance that
 * reaches the document through a symlink or a hard link gets it read-only; a lock file removed
 * while the document is open is noticed by its holder, whichever instance writes first.
 *
 * The first instance runs in a child process (fault-child's serve mode): two opens in one
 * process share their lock, as a reopen must.
 */
import { existsSync, linkSync, rmSync, symlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentHolder, lockPathFor, machineLockPathFor } from '../../electron/db/lock';
import type { Router } from '../../electron/router';
import type { ChainMembers } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { startInstance, type AppInstance } from '../helpers/child';
import { createDemoDocument, routerFor } from '../helpers/documents';
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
  const removeLocks = (path: string) => {
    for (const lock of [lockPathFor(path), machineLockPathFor(path)]) if (lock) rmSync(lock, { force: true });
  };

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
