/**
 * Whether the app instance a lock names can still be running. A lock that no running app can
 * have written (a pid of 0, 1 or −1, a process that has exited, a pid another process has now)
 * is taken over at once; one that may well be stale (another computer silent for minutes, a pid
 * that does not fit) keeps the document read-only but may be taken over on purpose with
 * document.openAnyway; a live one may not.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, utimesSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentHolder, lockPathFor, processStart, type LockHolder } from '../../electron/db/lock';
import type { ChainMembers } from '../../shared/contract';
import { en } from '../../shared/i18n/en';
import { sv } from '../../shared/i18n/sv';
import { childCommand, startChild } from '../helpers/child';
import { createDemoDocument, plantLock, routerFor } from '../helpers/documents';
import { sha256, useTempDir } from '../helpers/files';

const tempDir = useTempDir();
const MINUTE = 60_000;

async function demo(): Promise<{ dir: string; path: string }> {
  const dir = tempDir();
  const path = join(dir, 'chain.vanort');
  (await createDemoDocument(path)).close();
  return { dir, path };
}

/** The demo with a lock planted beside it, its time stamp `ageMs` old. */
async function lockedDemo(holder: Partial<LockHolder>, ageMs = 0): Promise<{ dir: string; path: string }> {
  const { dir, path } = await demo();
  plantLock(path, holder, ageMs);
  return { dir, path };
}

async function opened(path: string) {
  const { router, session } = await routerFor(tempDir(), path, false);
  const chains = (await router.call('chains.list', {})) as { ok: true; value: Array<{ id: string }> };
  const listed = (await router.call('members.list', { chainId: chains.value[0]!.id })) as { ok: true; value: ChainMembers };
  const herning = listed.value.members.find((member) => member.name === 'Herning')!;
  return {
    router,
    session,
    info: () => router.call('document.info', {}),
    rename: (name: string) => router.call('members.rename', { placeId: herning.placeId, name }),
  };
}

const writable = { ok: true, value: expect.objectContaining({ readOnly: false, readOnlyReason: null }) };
const readOnlyInUse = (canOpenAnyway: boolean, host: string) => ({
  ok: true,
  value: expect.objectContaining({
    readOnly: true,
    readOnlyReason: 'in_use',
    canOpenAnyway,
    lockHolder: expect.objectContaining({ host }),
  }),
});

/** A process that runs for the test's time, and its pid. */
function running(): { pid: number; stop(): void } {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  return { pid: child.pid!, stop: () => child.kill('SIGKILL') };
}

describe('a lock on this computer that no running app instance can have', () => {
  it.each([0, 1, -1, 2.5])('pid %s is taken over at once: the document opens for writing', async (pid) => {
    const { path } = await lockedDemo({ pid });
    const document = await opened(path);
    try {
      expect(await document.info()).toEqual(writable);
      expect(await document.rename('Herning')).toMatchObject({ ok: true });
      expect(currentHolder(path)).toMatchObject({ host: hostname(), pid: process.pid });
    } finally {
      document.session.close();
    }
  });

  it('a process that has exited is taken over', async () => {
    const exited = spawnSync('true');
    const { path } = await lockedDemo({ pid: exited.pid });
    const document = await opened(path);
    try {
      expect(await document.info()).toEqual(writable);
    } finally {
      document.session.close();
    }
  });

  it.runIf(processStart(process.pid) !== null)(
    'a pid that another process has now (its start differs from what the lock says) is taken over',
    async () => {
      const other = running();
      try {
        const started = processStart(other.pid)!;
        const { path } = await lockedDemo({ pid: other.pid, started: `${started.split('/')[0]}/1` });
        const document = await opened(path);
        try {
          expect(await document.info()).toEqual(writable);
        } finally {
          document.session.close();
        }
        // The same pid and start: that process holds it.
        const { path: held } = await lockedDemo({ pid: other.pid, started });
        const again = await opened(held);
        try {
          expect(await again.info()).toEqual(readOnlyInUse(false, hostname()));
        } finally {
          again.session.close();
        }
      } finally {
        other.stop();
      }
    },
  );
});

describe('Open anyway', () => {
  it('a lock from another computer silent for minutes is offered, and taking it over makes the next write work', async () => {
    const { path } = await lockedDemo({ host: 'other-laptop' }, 5 * MINUTE);
    const document = await opened(path);
    try {
      expect(await document.info()).toEqual(readOnlyInUse(true, 'other-laptop'));
      const before = sha256(path);
      expect(await document.rename('Herning A')).toMatchObject({ ok: false, error: { code: 'read_only' } });
      expect(sha256(path)).toBe(before);

      const answer = await document.router.call('document.openAnyway', {});
      expect(answer).toMatchObject({ ok: true, value: { canUndo: false, canRedo: false } });
      expect((answer as { ok: true; value: { touched: string[] } }).value.touched).toContain('document');
      expect(await document.info()).toEqual(writable);
      expect(currentHolder(path)).toMatchObject({ host: hostname(), pid: process.pid });
      expect(await document.rename('Herning A')).toMatchObject({ ok: true, value: { canUndo: true } });
      // A second click finds it writable already: nothing happens.
      expect(await document.router.call('document.openAnyway', {})).toMatchObject({ ok: true });
    } finally {
      document.session.close();
    }
  });

  it('a fresh lock from another computer naming a pid no app has is offered', async () => {
    const { path } = await lockedDemo({ host: 'other-laptop', pid: 0 });
    const document = await opened(path);
    try {
      expect(await document.info()).toEqual(readOnlyInUse(true, 'other-laptop'));
    } finally {
      document.session.close();
    }
  });

  it('a running pid here whose start cannot be checked (an older lock), silent for minutes, is offered', async () => {
    const other = running();
    try {
      const { path } = await lockedDemo({ pid: other.pid }, 5 * MINUTE);
      const document = await opened(path);
      try {
        expect(await document.info()).toEqual(readOnlyInUse(true, hostname()));
        expect(await document.router.call('document.openAnyway', {})).toMatchObject({ ok: true });
        expect(await document.rename('Herning A')).toMatchObject({ ok: true });
      } finally {
        document.session.close();
      }
    } finally {
      other.stop();
    }
  });

  it('is not offered for a live app instance on this computer, or another computer that refreshed its lock; it is refused', async () => {
    const { dir, path } = await demo();
    const holder = startChild(childCommand('hold', path, dir));
    try {
      await holder.waitFor('opened');
      const document = await opened(path);
      try {
        expect(await document.info()).toEqual(readOnlyInUse(false, hostname()));
        expect(await document.router.call('document.openAnyway', {})).toEqual({
          ok: false,
          error: expect.objectContaining({ code: 'locked', message: 'errors.lockInUse', params: { host: hostname() } }),
        });
        expect(await document.info()).toEqual(readOnlyInUse(false, hostname()));
      } finally {
        document.session.close();
      }
    } finally {
      holder.process.stdin!.end();
      await holder.exited;
    }

    const { path: fresh } = await lockedDemo({ host: 'other-laptop' });
    const document = await opened(fresh);
    try {
      expect(await document.info()).toEqual(readOnlyInUse(false, 'other-laptop'));
      expect(await document.router.call('document.openAnyway', {})).toMatchObject({ ok: false, error: { code: 'locked' } });
    } finally {
      document.session.close();
    }
  });

  it('takes over only the lock it was offered for: a holder that refreshed its lock meanwhile keeps the document', async () => {
    const { path } = await lockedDemo({ host: 'other-laptop' }, 5 * MINUTE);
    const document = await opened(path);
    try {
      expect(await document.info()).toEqual(readOnlyInUse(true, 'other-laptop'));
      // The other laptop wakes up and touches its lock.
      utimesSync(lockPathFor(path), new Date(), new Date());
      expect(await document.router.call('document.openAnyway', {})).toMatchObject({
        ok: false,
        error: { code: 'locked', message: 'errors.lockInUse' },
      });
      expect(await document.info()).toEqual(readOnlyInUse(false, 'other-laptop'));
      expect(currentHolder(path)).toMatchObject({ host: 'other-laptop', token: 'planted' });
    } finally {
      document.session.close();
    }
  });

  it('does not make a document writable that is read-only for another reason', async () => {
    const { path } = await demo();
    // A folder where the lock would be: the document opens read-only, as for a read-only folder.
    mkdirSync(lockPathFor(path));
    const document = await opened(path);
    try {
      expect(await document.info()).toMatchObject({
        ok: true,
        value: { readOnly: true, readOnlyReason: 'folder', canOpenAnyway: false },
      });
      expect(await document.router.call('document.openAnyway', {})).toMatchObject({
        ok: false,
        error: { code: 'read_only', message: 'errors.read_only' },
      });
    } finally {
      document.session.close();
    }
  });

  it('has a button, a warning and its refusals in both languages', () => {
    for (const messages of [sv, en]) {
      expect(messages.takeOver.warning).toContain('{{host}}');
      expect(messages.errors.lockLost).toContain('{{host}}');
      expect(messages.errors.lockInUse).toContain('{{host}}');
      expect(messages.errors.fileReplaced).not.toBe('');
    }
    expect(sv.takeOver.button).toBe('Öppna ändå');
    expect(en.takeOver.button).toBe('Open anyway');
  });
});
