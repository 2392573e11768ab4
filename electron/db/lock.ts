import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  fsyncSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';

/**
 * A lock file beside the document tells a second app instance (another process on this laptop,
 * or another laptop through a shared folder) that the document is being edited. SQLite's own
 * locks do not: in WAL mode two connections may both write, and a network share's locks are
 * unreliable. The second opener gets the document read-only with a notice naming who holds it.
 *
 * A lock is stale, and taken over, when its process is gone (same host: the pid no longer
 * runs, e.g. after a crash or SIGKILL) or, for another host, when it has not been refreshed for
 * STALE_AFTER_MS (the holder touches it every REFRESH_MS while the document is open).
 */
export interface LockHolder {
  host: string;
  pid: number;
  /** ISO time the holder opened the document. */
  since: string;
  /** Distinguishes two opens of the same process (tests, a reopen). */
  token: string;
}

export const REFRESH_MS = 60_000;
export const STALE_AFTER_MS = 10 * 60_000;

export function lockPathFor(documentPath: string): string {
  return join(dirname(documentPath), `.~lock.${basename(documentPath)}#`);
}

/** A lock file is a few hundred bytes; anything larger is not one of ours. */
export const LOCK_MAX_BYTES = 4096;

/**
 * What stands at the lock's path: a lock naming its holder, a file that names nobody (half-written
 * or garbage), or something that is no lock file at all (a FIFO, a symlink, a device, a folder).
 * Anyone who can write to a shared folder can plant those, so the path is opened without following
 * a link and without blocking, and only a small regular file is read.
 */
type LockFound = { kind: 'holder'; holder: LockHolder } | { kind: 'unreadable' } | { kind: 'not_a_lock'; folder: boolean };

function inspectLock(path: string): LockFound {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    // ELOOP: a symlink. Anything else (it went away, no permission) names nobody.
    return (error as NodeJS.ErrnoException).code === 'ELOOP' ? { kind: 'not_a_lock', folder: false } : { kind: 'unreadable' };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { kind: 'not_a_lock', folder: stats.isDirectory() };
    if (stats.size > LOCK_MAX_BYTES) return { kind: 'unreadable' };
    const buffer = Buffer.alloc(LOCK_MAX_BYTES + 1);
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    if (length > LOCK_MAX_BYTES) return { kind: 'unreadable' };
    const raw = JSON.parse(buffer.subarray(0, length).toString('utf8')) as Partial<LockHolder> | null;
    if (!raw || typeof raw.host !== 'string' || typeof raw.pid !== 'number' || typeof raw.since !== 'string') {
      return { kind: 'unreadable' };
    }
    return {
      kind: 'holder',
      holder: { host: raw.host, pid: raw.pid, since: raw.since, token: typeof raw.token === 'string' ? raw.token : '' },
    };
  } catch {
    return { kind: 'unreadable' };
  } finally {
    closeSync(fd);
  }
}

function readHolder(path: string): LockHolder | null {
  const found = inspectLock(path);
  return found.kind === 'holder' ? found.holder : null;
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a lock file found beside the document still stands for a running app. */
export function isStale(path: string, holder: LockHolder | null, now = Date.now()): boolean {
  // An unreadable or half-written lock (a crash while writing it) names nobody.
  if (!holder) {
    try {
      return now - statSync(path).mtimeMs > 5_000;
    } catch {
      return true;
    }
  }
  if (holder.host === hostname()) return !processRuns(holder.pid);
  try {
    return now - statSync(path).mtimeMs > STALE_AFTER_MS;
  } catch {
    return true;
  }
}

export interface DocumentLock {
  path: string;
  holder: LockHolder;
  release(): void;
}

export type LockResult =
  { ok: true; lock: DocumentLock } | { ok: false; holder: LockHolder | null; reason: 'in_use' | 'cannot_write' };

// One process may open the same document more than once (a reopen before the old one closes,
// tests); it shares its own lock, which is removed when the last of them closes.
const held = new Map<string, { lock: DocumentLock; count: number; timer: NodeJS.Timeout }>();

function createExclusive(path: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(holder));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

export function acquireLock(documentPath: string, now = new Date()): LockResult {
  const path = lockPathFor(documentPath);
  const own = held.get(path);
  if (own) {
    own.count += 1;
    return { ok: true, lock: own.lock };
  }
  const holder: LockHolder = { host: hostname(), pid: process.pid, since: now.toISOString(), token: randomUUID() };
  try {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      if (createExclusive(path, holder)) {
        const entry = {
          count: 1,
          // Keeps the lock fresh for other hosts; unref: it never keeps the process alive.
          timer: setInterval(() => {
            try {
              utimesSync(path, new Date(), new Date());
            } catch {
              // The folder went away (a USB stick pulled): the document's own writes will say so.
            }
          }, REFRESH_MS).unref(),
          lock: {
            path,
            holder,
            release: () => {
              const current = held.get(path);
              if (!current) return;
              current.count -= 1;
              if (current.count > 0) return;
              clearInterval(current.timer);
              held.delete(path);
              // Only our own lock is removed (another app may have taken over a lock we lost).
              if (readHolder(path)?.token === holder.token) rmSync(path, { force: true });
            },
          },
        };
        held.set(path, entry);
        return { ok: true, lock: entry.lock };
      }
      const found = inspectLock(path);
      if (found.kind === 'not_a_lock') {
        // Not a lock file: a FIFO or a symlink is removed (the link itself, never its target);
        // a folder is left alone, and the document opens read-only.
        if (found.folder) return { ok: false, holder: null, reason: 'cannot_write' };
        rmSync(path, { force: true });
        continue;
      }
      const other = found.kind === 'holder' ? found.holder : null;
      if (!isStale(path, other)) return { ok: false, holder: other, reason: 'in_use' };
      rmSync(path, { force: true });
    }
    return { ok: false, holder: readHolder(path), reason: 'in_use' };
  } catch {
    // A folder we cannot write to: the document opens read-only for that reason anyway.
    return { ok: false, holder: null, reason: 'cannot_write' };
  }
}

/** For tests and diagnostics: who holds the document, if anyone. */
export function currentHolder(documentPath: string): LockHolder | null {
  const path = lockPathFor(documentPath);
  return existsSync(path) ? readHolder(path) : null;
}

/**
 * Removes the lock of a holder that can no longer release it itself (a data worker the shell had
 * to end), and only if the lock still names that holder's token.
 */
export function removeLockOf(documentPath: string, token: string): void {
  const path = lockPathFor(documentPath);
  if (readHolder(path)?.token === token) rmSync(path, { force: true });
}
