/**
 * Documents the app may not write: a read-only file, a file in a read-only folder, and a document
 * another app instance has open. Each opens read-only, says why, refuses every edit with a
 * structured read_only error, and the file is left byte for byte as it was.
 *
 * CI runs as root, for whom file modes do not apply, so the opener runs as the unprivileged user
 * nobody (setpriv), or, where nobody cannot read the project and node_modules, in a user namespace
 * without the capability to override file modes (unshare -U). If neither works the test fails
 * and says why.
 */
import { chmodSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockPathFor } from '../../electron/db/lock';
import { childCommand, PROJECT_ROOT, startChild, unprivilegedCommand } from '../helpers/child';
import { createDemoDocument, routerFor } from '../helpers/documents';
import { sha256, useTempDir } from '../helpers/files';
import { sv } from '../../shared/i18n/sv';
import { en } from '../../shared/i18n/en';

const tempDir = useTempDir();
const { command: UNPRIVILEGED, probe: namespaceProbe, nobody: nobodyProbe } = unprivilegedCommand();

interface OpenReport {
  info: { ok: boolean; value?: Record<string, unknown>; error?: unknown };
  members: string[] | null;
  edit: unknown;
  undo: unknown;
  status: unknown;
}

/**
 * The three cases are set up first and opened by one process as nobody (one start of Node and
 * tsx instead of three: the tests stay fast on a loaded machine).
 */
let nobodyRun: Promise<OpenReport[]> | null = null;
const nobodyCases: string[] = [];
function openAsNobody(path: string): Promise<OpenReport> {
  const index = nobodyCases.indexOf(path);
  nobodyRun ??= (async () => {
    expect(
      namespaceProbe,
      `neither setpriv as nobody (who must read ${PROJECT_ROOT}: ${nobodyProbe.output}) nor unshare -U can run Node here: ${namespaceProbe.output}`,
    ).toMatchObject({ ok: true });
    const child = startChild([...UNPRIVILEGED, ...childCommand('open', ...nobodyCases)]);
    const report = await child.waitFor('done');
    await child.exited;
    return report.results as OpenReport[];
  })();
  return nobodyRun.then((results) => results[index]!);
}

const readOnlyRefusal = { ok: false, error: expect.objectContaining({ code: 'read_only', message: 'errors.read_only' }) };

async function demoIn(dir: string): Promise<string> {
  const path = join(dir, 'chain.vanort');
  (await createDemoDocument(path)).close();
  return path;
}

describe('a document the app may not write', () => {
  // Set up together in beforeAll (see openAsNobody); the folders are removed in afterAll.
  const cases = {} as Record<'file' | 'bothReadOnly' | 'folder', { dir: string; path: string; sha: string; listing: string[] }>;
  beforeAll(async () => {
    const setups: Array<[keyof typeof cases, number, number]> = [
      ['file', 0o444, 0o777], // nobody may write the folder, not the file
      ['bothReadOnly', 0o444, 0o555], // no -wal or -shm can be made
      ['folder', 0o666, 0o555],
    ];
    for (const [name, fileMode, dirMode] of setups) {
      const dir = mkdtempSync(join(tmpdir(), 'atlas-readonly-'));
      const path = await demoIn(dir);
      chmodSync(path, fileMode);
      chmodSync(dir, dirMode);
      cases[name] = { dir, path, sha: sha256(path), listing: readdirSync(dir).sort() };
      nobodyCases.push(path);
    }
  });
  afterAll(() => {
    for (const { dir } of Object.values(cases)) rmSync(dir, { recursive: true, force: true });
  });

  it('a read-only file opens read-only, says so, and refuses edits; the file is unchanged', async () => {
    const { path, sha } = cases.file;
    const report = await openAsNobody(path);
    expect(report.info).toMatchObject({ ok: true, value: { readOnly: true, readOnlyReason: 'file', inMemoryCopy: false } });
    expect(report.members).toHaveLength(9);
    expect(report.edit).toEqual(readOnlyRefusal);
    expect(report.undo).toEqual(readOnlyRefusal);
    expect(report.status).toEqual({ ok: true, value: { canUndo: false, canRedo: false } });
    expect(sha256(path)).toBe(sha);
  });

  it('a read-only file in a read-only folder (no -shm can be made) is read from a copy in memory', async () => {
    const { path, sha, dir, listing } = cases.bothReadOnly;
    const report = await openAsNobody(path);
    expect(report.info).toMatchObject({ ok: true, value: { readOnly: true, readOnlyReason: 'file', inMemoryCopy: true } });
    expect(report.members).toHaveLength(9);
    expect(report.edit).toEqual(readOnlyRefusal);
    expect(sha256(path)).toBe(sha);
    expect(readdirSync(dir).sort()).toEqual(listing);
  });

  it('a writable file in a read-only folder opens read-only, naming the folder', async () => {
    const { path, sha } = cases.folder;
    const report = await openAsNobody(path);
    expect(report.info).toMatchObject({ ok: true, value: { readOnly: true, readOnlyReason: 'folder', inMemoryCopy: true } });
    expect(report.edit).toEqual(readOnlyRefusal);
    expect(sha256(path)).toBe(sha);
  });

  it('every reason has its own notice in both languages', () => {
    for (const messages of [sv, en]) {
      const notices = [messages.readOnly.file, messages.readOnly.folder, messages.readOnly.in_use];
      expect(new Set(notices).size).toBe(3);
      expect(messages.readOnly.in_use).toContain('{{host}}');
    }
  });
});

describe('a second app instance on the same document', () => {
  it('is told the document is open elsewhere, gets it read-only and writes nothing; once closed there, it may write', async () => {
    const dir = tempDir();
    const path = await demoIn(dir);
    const first = startChild(childCommand('hold', path, dir));
    const opened = await first.waitFor('opened');
    expect(opened.info).toMatchObject({ ok: true, value: { readOnly: false, readOnlyReason: null } });
    const before = sha256(path);

    const second = await routerFor(dir, path, false);
    const info = await second.router.call('document.info', {});
    expect(info).toMatchObject({
      ok: true,
      value: { readOnly: true, readOnlyReason: 'in_use', lockHolder: { host: hostname(), since: expect.any(String) } },
    });
    const chains = (await second.router.call('chains.list', {})) as { ok: true; value: Array<{ id: string }> };
    const listed = (await second.router.call('members.list', { chainId: chains.value[0]!.id })) as {
      ok: true;
      value: { year: number; members: Array<{ name: string; placeId: string }> };
    };
    const herning = listed.value.members.find((member) => member.name === 'Herning')!;
    expect(
      await second.router.call('members.setCount', { placeId: herning.placeId, year: listed.value.year, memberCount: 1 }),
    ).toEqual(readOnlyRefusal);
    expect(
      await second.router.call('members.add', {
        chainId: chains.value[0]!.id,
        joinedYear: 2000,
        place: { name: 'Arsuk', areaCode: 'GL', latitude: 61.17, longitude: -48.45 },
      }),
    ).toEqual(readOnlyRefusal);
    expect(await second.router.call('backups.restore', { id: 'x.vanort' })).toEqual(readOnlyRefusal);
    second.session.close();
    expect(sha256(path)).toBe(before);

    first.process.stdin!.end();
    await first.waitFor('closed');
    await first.exited;
    const third = await routerFor(dir, path, false);
    expect(await third.router.call('document.info', {})).toMatchObject({
      ok: true,
      value: { readOnly: false, readOnlyReason: null },
    });
    third.session.close();
  });

  it('a lock left by a crashed instance on this laptop, or by another laptop long ago, is taken over', async () => {
    const dir = tempDir();
    const path = await demoIn(dir);
    // A process id that is not running (pid_max is far below this).
    writeFileSync(
      lockPathFor(path),
      JSON.stringify({ host: hostname(), pid: 2 ** 30, since: '2026-01-01T00:00:00Z', token: 'gone' }),
    );
    let opened = await routerFor(dir, path, false);
    expect(await opened.router.call('document.info', {})).toMatchObject({ ok: true, value: { readOnly: false } });
    opened.session.close();

    writeFileSync(
      lockPathFor(path),
      JSON.stringify({ host: 'other-laptop', pid: 4242, since: '2026-01-01T00:00:00Z', token: 'old' }),
    );
    const anHourAgo = new Date(Date.now() - 60 * 60 * 1000);
    utimesSync(lockPathFor(path), anHourAgo, anHourAgo);
    opened = await routerFor(dir, path, false);
    expect(await opened.router.call('document.info', {})).toMatchObject({ ok: true, value: { readOnly: false } });
    opened.session.close();

    // Another laptop that refreshed its lock a moment ago still has the document.
    writeFileSync(
      lockPathFor(path),
      JSON.stringify({ host: 'other-laptop', pid: 4242, since: '2026-01-01T00:00:00Z', token: 'fresh' }),
    );
    opened = await routerFor(dir, path, false);
    expect(await opened.router.call('document.info', {})).toMatchObject({
      ok: true,
      value: { readOnly: true, readOnlyReason: 'in_use', lockHolder: { host: 'other-laptop' } },
    });
    opened.session.close();
  });
});
