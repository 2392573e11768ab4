import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockPathFor } from '../../electron/db/lock';
import { PROJECT_ROOT } from '../helpers/child';
import { createDemoDocument } from '../helpers/documents';
import { useTempDir } from '../helpers/files';

const tempDir = useTempDir();

/**
 * Opens the document in a child process, so that an open that blocks (a FIFO read) or eats memory
 * (/dev/zero) cannot take the test runner with it: the child is killed after `limitMs`.
 */
function openInChild(path: string, limitMs = 15_000) {
  const script = `
    const { openDocument } = await import(${JSON.stringify(join(PROJECT_ROOT, 'electron/db/open.ts'))});
    const started = performance.now();
    const document = await openDocument(${JSON.stringify(path)});
    console.log(JSON.stringify({ readOnly: document.readOnly, reason: document.readOnlyReason, ms: performance.now() - started,
      rss: process.memoryUsage().rss }));
    document.close();`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    timeout: limitMs,
    killSignal: 'SIGKILL',
    // A runaway read of /dev/zero would otherwise grow by gigabytes before the timeout.
    env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=512' },
  });
  const line = child.stdout.split('\n').find((text) => text.startsWith('{'));
  return {
    signal: child.signal,
    stderr: child.stderr,
    opened: line ? (JSON.parse(line) as { readOnly: boolean; reason: string | null; ms: number }) : null,
  };
}

async function documentWithLock(plant: (lockPath: string) => void): Promise<{ path: string; lockPath: string }> {
  const dir = tempDir();
  const path = join(dir, 'chain.vanort');
  (await createDemoDocument(path)).close();
  const lockPath = lockPathFor(path);
  plant(lockPath);
  return { path, lockPath };
}

describe('a lock file that is not one (planted in a shared folder)', () => {
  it('a FIFO does not block the open: it is removed and the document opens for writing', async () => {
    const { path, lockPath } = await documentWithLock((lock) => {
      expect(spawnSync('mkfifo', [lock]).status).toBe(0);
    });
    const { signal, opened, stderr } = openInChild(path);
    expect(signal, stderr).toBeNull();
    expect(opened).toMatchObject({ readOnly: false, reason: null });
    expect(existsSync(lockPath)).toBe(false);
  });

  it('a symlink to /dev/zero is not read: the link is removed, never its target', async () => {
    const { path, lockPath } = await documentWithLock((lock) => symlinkSync('/dev/zero', lock));
    const { signal, opened, stderr } = openInChild(path);
    expect(signal, stderr).toBeNull();
    expect(opened).toMatchObject({ readOnly: false, reason: null });
    expect(existsSync(lockPath)).toBe(false);
    expect(lstatSync('/dev/zero').isCharacterDevice()).toBe(true);
  });

  it('a symlink to another file is removed without touching that file', async () => {
    const dir = tempDir();
    const precious = join(dir, 'precious.txt');
    writeFileSync(precious, 'keep me');
    const { path } = await documentWithLock((lock) => symlinkSync(precious, lock));
    expect(openInChild(path).opened).toMatchObject({ readOnly: false });
    expect(readFileSync(precious, 'utf8')).toBe('keep me');
  });

  it('a huge lock file is not read into memory; an old one is taken over', async () => {
    const { path } = await documentWithLock((lock) => {
      writeFileSync(lock, '');
      truncateSync(lock, 300 * 1024 * 1024);
      const old = new Date(Date.now() - 60_000);
      utimesSync(lock, old, old);
    });
    const { signal, opened, stderr } = openInChild(path);
    expect(signal, stderr).toBeNull();
    expect(opened).toMatchObject({ readOnly: false });
    expect(opened!.ms).toBeLessThan(5_000);
  });

  it('a folder of that name is left alone, and the document opens read-only', async () => {
    const { path, lockPath } = await documentWithLock((lock) => mkdirSync(lock));
    const { opened } = openInChild(path);
    expect(opened?.readOnly).toBe(true);
    expect(lstatSync(lockPath).isDirectory()).toBe(true);
  });
});
