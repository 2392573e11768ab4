import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  realpathSync,
  rmSync,
  statSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { hostname, tmpdir, userInfo } from 'node:os';
import { randomUUID } from 'node:crypto';

/**
 * A lock file beside the document tells a second app instance (another process on this laptop,
 * or another laptop through a shared folder) that the document is being edited. SQLite's own
 * locks do not: in WAL mode two connections may both write, and a network share's locks are
 * unreliable. The second opener gets the document read-only with a notice naming who holds it.
 *
 * The lock is keyed on the file, not on the name it was opened by:
 * - the lock file sits beside the document's real path (`.~lock.NAME#`), so a symlink to the
 *   document finds the same lock;
 * - a second lock on this machine is named by the file's device and inode, in a folder of the
 *   user's own (`os.tmpdir()/vanortsatlas-locks-UID/DEV-INO.lock`), so a hard link under another
 *   name, in another folder, finds it too. (A hard link on a file server, opened from two
 *   laptops, is not found: inodes are not comparable across machines.)
 *
 * The holder checks both before each write (DocumentLock.verify): a lock file someone removed is
 * made again, and a lock that now names another holder means this instance no longer has the
 * document. Every REFRESH_MS it does the same and touches them, so other hosts see it is alive.
 *
 * How a lock found is judged (judgeLock):
 * - stale, and taken over at once: on this host, its process is gone, its pid does not fit (not
 *   an integer, 0, 1 or negative: no app instance has such a pid, so no app wrote it), or the pid
 *   now belongs to another process (Linux: the process's start time and the boot it was written
 *   in differ from what the lock says); from another host, not refreshed for STALE_AFTER_MS;
 * - doubtful, read-only but the window offers "Open anyway": on this host, a running pid whose
 *   start cannot be checked (macOS, Windows, or an older lock) and that has not refreshed its
 *   lock for DOUBTFUL_AFTER_MS; from another host, not refreshed for DOUBTFUL_AFTER_MS, with a
 *   time stamp that far in the future (another clock), or with a pid that does not fit;
 * - live otherwise: read-only, and no way around it but to close the document there.
 */
export interface LockHolder {
  host: string;
  pid: number;
  /** ISO time the holder opened the document. */
  since: string;
  /** Distinguishes two opens of the same process (tests, a reopen). */
  token: string;
  /** The boot and start time of the holder's process, where the OS tells them (Linux): a reused pid has others. */
  started?: string;
  /** The document's real path, and its device and inode as the holder opened it (decimal). */
  path?: string;
  dev?: string;
  ino?: string;
}

export const REFRESH_MS = 60_000;
export const STALE_AFTER_MS = 10 * 60_000;
/** Three refreshes missed: a running app would have touched its lock. */
export const DOUBTFUL_AFTER_MS = 3 * REFRESH_MS;
/** A lock that is half-written (a crash while writing it) names nobody; this long it is given to finish. */
const UNREADABLE_GRACE_MS = 5_000;

export type LockState = 'live' | 'stale' | 'doubtful';

/** The document's real path (symlinks resolved); the path as given when it cannot be resolved. */
export function realPathOf(documentPath: string): string {
  try {
    return realpathSync(documentPath);
  } catch {
    return resolve(documentPath);
  }
}

export function lockPathFor(documentPath: string): string {
  const real = realPathOf(documentPath);
  return join(dirname(real), `.~lock.${basename(real)}#`);
}

/** A file's device and inode (as decimal strings: an NTFS file index does not fit a double), or null without a file. */
export interface FileIdentity {
  dev: string;
  ino: string;
}

export function fileIdentity(path: string): FileIdentity | null {
  try {
    const stats = statSync(path, { bigint: true });
    return { dev: String(stats.dev), ino: String(stats.ino) };
  } catch {
    return null;
  }
}

export function sameIdentity(a: FileIdentity | null, b: FileIdentity | null): boolean {
  return a !== null && b !== null && a.dev === b.dev && a.ino === b.ino;
}

/** Where this user's machine-local locks are: one per open document, named by its device and inode. */
export function defaultLockFolder(): string {
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : userInfo().username;
  return join(tmpdir(), `vanortsatlas-locks-${user.replace(/[^A-Za-z0-9_-]/g, '_')}`);
}

/**
 * The machine-local lock folder, made if need be, or null when it cannot be used safely: not a
 * folder (a link planted in /tmp), someone else's, or writable by others. Without it the lock
 * beside the document still holds; only a hard link under another name is not seen.
 */
function usableFolder(folder: string): string | null {
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const stats = lstatSync(folder);
    if (!stats.isDirectory()) return null;
    if (typeof process.getuid === 'function' && (stats.uid !== process.getuid() || (stats.mode & 0o022) !== 0)) return null;
    return folder;
  } catch {
    return null;
  }
}

function machineLockPath(folder: string | null, identity: FileIdentity | null): string | null {
  return folder && identity ? join(folder, `${identity.dev}-${identity.ino}.lock`) : null;
}

/** A lock file is a few hundred bytes; anything larger is not one of ours. */
export const LOCK_MAX_BYTES = 4096;

/**
 * What stands at the lock's path: nothing, a lock naming its holder, a file that names nobody
 * (half-written or garbage), or something that is no lock file at all (a FIFO, a symlink, a
 * device, a folder). Anyone who can write to a shared folder can plant those, so the path is
 * opened without following a link and without blocking, and only a small regular file is read.
 */
type LockFound =
  { kind: 'missing' } | { kind: 'holder'; holder: LockHolder } | { kind: 'unreadable' } | { kind: 'not_a_lock'; folder: boolean };

const optionalString = (value: unknown) => (typeof value === 'string' ? value : undefined);

function inspectLock(path: string): LockFound {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    // ELOOP: a symlink. Anything else (no permission) names nobody.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return code === 'ELOOP' ? { kind: 'not_a_lock', folder: false } : { kind: 'unreadable' };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { kind: 'not_a_lock', folder: stats.isDirectory() };
    if (stats.size > LOCK_MAX_BYTES) return { kind: 'unreadable' };
    const buffer = Buffer.alloc(LOCK_MAX_BYTES + 1);
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    if (length > LOCK_MAX_BYTES) return { kind: 'unreadable' };
    const raw = JSON.parse(buffer.subarray(0, length).toString('utf8')) as Record<string, unknown> | null;
    if (!raw || typeof raw.host !== 'string' || typeof raw.pid !== 'number' || typeof raw.since !== 'string') {
      return { kind: 'unreadable' };
    }
    const holder: LockHolder = { host: raw.host, pid: raw.pid, since: raw.since, token: optionalString(raw.token) ?? '' };
    for (const key of ['started', 'path', 'dev', 'ino'] as const) {
      const value = optionalString(raw[key]);
      if (value !== undefined) holder[key] = value;
    }
    return { kind: 'holder', holder };
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

/**
 * Whether a pid can be an app instance's: a positive integer, and not 1 (init, or a container's
 * first process) unless that is this very process. 0 and negative pids address process groups:
 * process.kill(0 or -1, 0) succeeds, so such a lock would look alive for ever.
 */
export function pidFits(pid: unknown): boolean {
  return typeof pid === 'number' && Number.isSafeInteger(pid) && (pid > 1 || pid === process.pid);
}

let bootId: string | null | undefined;

/**
 * A process's boot and start time (Linux: /proc/sys/kernel/random/boot_id and field 22 of
 * /proc/PID/stat, in clock ticks since boot), or null where the OS does not tell them.
 */
export function processStart(pid: number): string | null {
  try {
    bootId ??= readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    const ticks = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .at(19);
    return bootId && ticks && /^\d+$/.test(ticks) ? `${bootId}/${ticks}` : null;
  } catch {
    bootId ??= null;
    return null;
  }
}

let ownStart: string | null | undefined;

function ageOf(path: string, now: number): number | null {
  try {
    return now - statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

/** Whether a lock file found beside the document still stands for a running app (see the top of this file). */
export function judgeLock(path: string, holder: LockHolder | null, now = Date.now()): LockState {
  const age = ageOf(path, now);
  if (age === null) return 'stale';
  // An unreadable or half-written lock names nobody.
  if (!holder) return age > UNREADABLE_GRACE_MS ? 'stale' : 'live';
  if (holder.host === hostname()) {
    if (!pidFits(holder.pid) || !processRuns(holder.pid)) return 'stale';
    const started = holder.started ? processStart(holder.pid) : null;
    if (started) return started === holder.started ? 'live' : 'stale';
    return age > DOUBTFUL_AFTER_MS ? 'doubtful' : 'live';
  }
  if (age > STALE_AFTER_MS) return 'stale';
  if (!pidFits(holder.pid) || age > DOUBTFUL_AFTER_MS || age < -DOUBTFUL_AFTER_MS) return 'doubtful';
  return 'live';
}

/** For callers that only take over what is plainly stale. */
export function isStale(path: string, holder: LockHolder | null, now = Date.now()): boolean {
  return judgeLock(path, holder, now) === 'stale';
}

/**
 * A machine-local lock is judged like the one beside the document, and is stale as well when the
 * file it was taken for is gone or is another file now (an inode number used again; a restore
 * put a new file in its place): then it stands for no open document.
 */
function judgeMachineLock(path: string, holder: LockHolder | null, identity: FileIdentity, now: number): LockState {
  if (holder?.path) {
    try {
      const stats = statSync(holder.path, { bigint: true });
      if (String(stats.dev) !== identity.dev || String(stats.ino) !== identity.ino) return 'stale';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return 'stale';
    }
  }
  return judgeLock(path, holder, now);
}

export type LockCheck = { ok: true } | { ok: false; holder: LockHolder | null };

export interface DocumentLock {
  /** The lock file beside the document. */
  path: string;
  holder: LockHolder;
  /**
   * Before a write: whether this instance still holds the document. A lock file that is missing
   * is made again; one that names another holder (or nobody: garbage in its place) is not ours
   * any more, and from then on this lock never holds again.
   */
  verify(): LockCheck;
  /** Gives this handle up; the lock files go when the last handle of this process does. Once only. */
  release(): void;
}

export type LockResult =
  | { ok: true; lock: DocumentLock }
  | {
      ok: false;
      holder: LockHolder | null;
      reason: 'in_use' | 'cannot_write';
      /** The holder may well be gone (see judgeLock): the window offers to open the document anyway. */
      doubtful: boolean;
      /**
       * The holder has this file open under another name (a hard link), which it names here. SQLite
       * finds a document's -wal file by name: read through the holder's name to see its latest writes.
       */
      sameFileAt?: string;
    };

export interface LockOptions {
  now?: Date;
  /** The machine-local lock folder (tests give one of their own); defaultLockFolder() without it. */
  folder?: string;
  /** Replace a doubtful lock of this holder (its token): "Open anyway". Nothing else is replaced. */
  takeOverFrom?: string;
}

interface Held {
  count: number;
  timer: NodeJS.Timeout;
  holder: LockHolder;
  path: string;
  folder: string | null;
  machinePath: string | null;
  /** Set once a check found the lock in other hands: it is not ours again. */
  lostTo?: LockHolder | null;
}

// One process (one worker thread: this is module state) may open the same document more than
// once (a reopen before the old one closes, a restore, tests); it shares its own lock, which is
// removed when the last of them closes.
const held = new Map<string, Held>();

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

type Taken = { ok: true } | Extract<LockResult, { ok: false }>;

/** Takes one lock file: made new, or in place of a stale one (or of the doubtful one named in takeOverFrom). */
function takeLockFile(
  path: string,
  holder: LockHolder,
  judge: (other: LockHolder | null) => LockState,
  takeOverFrom?: string,
): Taken {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (createExclusive(path, holder)) return { ok: true };
    const found = inspectLock(path);
    if (found.kind === 'missing') continue;
    if (found.kind === 'not_a_lock') {
      // Not a lock file: a FIFO or a symlink is removed (the link itself, never its target);
      // a folder is left alone, and the document opens read-only.
      if (found.folder) return { ok: false, holder: null, reason: 'cannot_write', doubtful: false };
      rmSync(path, { force: true });
      continue;
    }
    const other = found.kind === 'holder' ? found.holder : null;
    const state = judge(other);
    const replace = state === 'stale' || (state === 'doubtful' && takeOverFrom !== undefined && other?.token === takeOverFrom);
    if (!replace) return { ok: false, holder: other, reason: 'in_use', doubtful: state === 'doubtful' };
    rmSync(path, { force: true });
  }
  return { ok: false, holder: readHolder(path), reason: 'in_use', doubtful: false };
}

function removeIfOurs(path: string | null, token: string): void {
  if (path && readHolder(path)?.token === token) rmSync(path, { force: true });
}

/** Checks (and where it is missing, makes again) each of the entry's lock files. */
function check(entry: Held): LockCheck {
  if (entry.lostTo !== undefined) return { ok: false, holder: entry.lostTo };
  for (const path of [entry.path, entry.machinePath]) {
    if (!path) continue;
    let found = inspectLock(path);
    if (found.kind === 'missing') {
      try {
        if (createExclusive(path, entry.holder)) continue;
      } catch {
        // The folder cannot be written now (a USB stick pulled): the write itself will say so.
        continue;
      }
      found = inspectLock(path);
    }
    if (found.kind === 'holder' && found.holder.token === entry.holder.token) continue;
    entry.lostTo = found.kind === 'holder' ? found.holder : null;
    return { ok: false, holder: entry.lostTo };
  }
  return { ok: true };
}

/** After a restore the document is a new file (another inode): its machine-local lock follows it. */
function followIdentity(entry: Held, identity: FileIdentity | null): void {
  const next = machineLockPath(entry.folder, identity);
  if (!identity || next === entry.machinePath) return;
  const holder = { ...entry.holder, dev: identity.dev, ino: identity.ino };
  let taken: Taken;
  try {
    taken = next ? takeLockFile(next, holder, (other) => judgeMachineLock(next, other, identity, Date.now())) : { ok: true };
  } catch {
    taken = { ok: true };
  }
  removeIfOurs(entry.machinePath, entry.holder.token);
  entry.machinePath = taken.ok ? next : null;
}

function handleOf(entry: Held): DocumentLock {
  let released = false;
  return {
    path: entry.path,
    holder: entry.holder,
    verify: () => (released ? { ok: false, holder: null } : check(entry)),
    release: () => {
      if (released) return;
      released = true;
      entry.count -= 1;
      if (entry.count > 0) return;
      clearInterval(entry.timer);
      if (held.get(entry.path) === entry) held.delete(entry.path);
      // Only our own lock is removed (another app may have taken over a lock we lost).
      removeIfOurs(entry.path, entry.holder.token);
      removeIfOurs(entry.machinePath, entry.holder.token);
    },
  };
}

export function acquireLock(documentPath: string, options: LockOptions = {}): LockResult {
  const realPath = realPathOf(documentPath);
  const path = lockPathFor(realPath);
  const identity = fileIdentity(realPath);
  const own = held.get(path);
  if (own && check(own).ok) {
    followIdentity(own, identity);
    own.count += 1;
    return { ok: true, lock: handleOf(own) };
  }
  const now = options.now ?? new Date();
  ownStart ??= processStart(process.pid);
  const holder: LockHolder = {
    host: hostname(),
    pid: process.pid,
    since: now.toISOString(),
    token: randomUUID(),
    ...(ownStart ? { started: ownStart } : {}),
    path: realPath,
    ...(identity ?? {}),
  };
  try {
    const beside = takeLockFile(path, holder, (other) => judgeLock(path, other), options.takeOverFrom);
    if (!beside.ok) return beside;
  } catch {
    // A folder we cannot write to: the document opens read-only for that reason anyway.
    return { ok: false, holder: null, reason: 'cannot_write', doubtful: false };
  }
  const folder = usableFolder(options.folder ?? defaultLockFolder());
  let machinePath = machineLockPath(folder, identity);
  if (machinePath && identity) {
    const machine = machinePath;
    let taken: Taken;
    try {
      taken = takeLockFile(
        machine,
        holder,
        (other) => judgeMachineLock(machine, other, identity, Date.now()),
        options.takeOverFrom,
      );
    } catch {
      // The user's lock folder cannot be written (a full /tmp): the lock beside the document still holds.
      taken = { ok: false, holder: null, reason: 'cannot_write', doubtful: false };
    }
    if (!taken.ok && taken.reason === 'in_use') {
      // The same file is open under another name (a hard link) on this machine.
      removeIfOurs(path, holder.token);
      const other = taken.holder?.path;
      return other && other !== realPath && sameIdentity(fileIdentity(other), identity) ? { ...taken, sameFileAt: other } : taken;
    }
    if (!taken.ok) machinePath = null;
  }
  const entry: Held = {
    count: 1,
    holder,
    path,
    folder,
    machinePath,
    // Keeps the lock fresh for other hosts, and makes it again if it was removed; unref: it never
    // keeps the process alive.
    timer: setInterval(() => {
      if (!check(entry).ok) return;
      for (const file of [entry.path, entry.machinePath]) {
        try {
          if (file) utimesSync(file, new Date(), new Date());
        } catch {
          // The folder went away (a USB stick pulled): the document's own writes will say so.
        }
      }
    }, REFRESH_MS).unref(),
  };
  held.set(path, entry);
  return { ok: true, lock: handleOf(entry) };
}

/** For tests and diagnostics: who holds the document, if anyone. */
export function currentHolder(documentPath: string): LockHolder | null {
  const path = lockPathFor(documentPath);
  return existsSync(path) ? readHolder(path) : null;
}

/**
 * Removes the locks of a holder that can no longer release them itself (a data worker the shell
 * had to end): the one beside the document and the machine-local one, each only if it still
 * names that holder's token.
 */
export function removeLockOf(documentPath: string, token: string, folder = defaultLockFolder()): void {
  removeIfOurs(lockPathFor(documentPath), token);
  removeIfOurs(machineLockPath(folder, fileIdentity(documentPath)), token);
}

/** For tests and diagnostics: the machine-local lock of the document's file, in `folder` (default: the user's). */
export function machineLockPathFor(documentPath: string, folder = defaultLockFolder()): string | null {
  return machineLockPath(folder, fileIdentity(documentPath));
}
