/**
 * Backups: taken when a document is opened (once a day), before a migration and before a
 * restore; the newest N kept; restoring one gives back exactly its state, after backing up the
 * current one (nothing is overwritten silently).
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backupFolderFor, listBackups, takeBackup } from '../../electron/db/backup';
import { openDocument, openReadConnection } from '../../electron/db/open';
import { DocumentSession } from '../../electron/document-session';
import { createRouter, unsupportedFileActions } from '../../electron/router';
import { SettingsStore } from '../../electron/settings';
import { mapDataFrom } from '../../electron/services/map-data';
import { createDemoDocument, RESOURCES_DIR } from '../helpers/documents';
import { useTempDir } from '../helpers/files';

const tempDir = useTempDir();

/** Every row of every table: what "exactly that state" means. */
function contents(db: Database.Database): Record<string, unknown[]> {
  const tables = db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .pluck()
    .all() as string[];
  return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all()]));
}

async function sessionFor(dir: string, path: string, keep = 3) {
  const settings = new SettingsStore(join(dir, 'settings.json'));
  const session = new DocumentSession({
    device: () => 'laptop',
    backupRoot: join(dir, 'app-backups'),
    backupOnOpen: true,
    keepBackups: () => keep,
  });
  await session.open(path);
  const router = createRouter({
    session,
    settings,
    files: unsupportedFileActions,
    mapData: mapDataFrom(RESOURCES_DIR),
    log: () => {},
  });
  return { session, router };
}

describe('backups', () => {
  it('one is taken when a document is opened, at most once a day', async () => {
    const dir = tempDir();
    const path = join(dir, 'chain.vanort');
    (await createDemoDocument(path)).close();
    const root = join(dir, 'app-backups');
    const first = await openDocument(path, { backupRoot: root, backupOnOpen: true, now: () => new Date('2026-11-20T08:00:00Z') });
    first.close();
    const sameDay = await openDocument(path, {
      backupRoot: root,
      backupOnOpen: true,
      now: () => new Date('2026-11-20T20:00:00Z'),
    });
    sameDay.close();
    expect(listBackups(path, root).map((backup) => backup.createdAt)).toEqual(['2026-11-20T08:00:00.000Z']);
    const nextDay = await openDocument(path, {
      backupRoot: root,
      backupOnOpen: true,
      now: () => new Date('2026-11-21T08:30:00Z'),
    });
    nextDay.close();
    expect(listBackups(path, root).map((backup) => [backup.kind, backup.createdAt])).toEqual([
      ['opened', '2026-11-21T08:30:00.000Z'],
      ['opened', '2026-11-20T08:00:00.000Z'],
    ]);
    // Kept apart from the document, in the app's folder.
    expect(backupFolderFor(path, root).startsWith(root)).toBe(true);
  });

  it('are rotated: only the newest N are kept', async () => {
    const dir = tempDir();
    const path = join(dir, 'chain.vanort');
    const document = await createDemoDocument(path);
    const root = join(dir, 'app-backups');
    for (let day = 1; day <= 7; day += 1) {
      await takeBackup(document.db, path, 'opened', { root, keep: 4, now: new Date(`2026-11-0${day}T12:00:00Z`) });
    }
    document.close();
    const kept = listBackups(path, root);
    expect(kept.map((backup) => backup.createdAt.slice(0, 10))).toEqual(['2026-11-07', '2026-11-06', '2026-11-05', '2026-11-04']);
    expect(readdirSync(backupFolderFor(path, root)).filter((name) => name.endsWith('.vanort'))).toHaveLength(4);
    for (const backup of kept) expect(backup.size).toBeGreaterThan(100_000);
  });

  it('restoring one gives back exactly its state, and the state before is backed up first', async () => {
    const dir = tempDir();
    const path = join(dir, 'chain.vanort');
    (await createDemoDocument(path)).close();
    const { session, router } = await sessionFor(dir, path, 3);

    const listed = (await router.call('backups.list', {})) as {
      ok: true;
      value: Array<{ id: string; kind: string; size: number; createdAt: string }>;
    };
    expect(listed.ok).toBe(true);
    expect(listed.value).toHaveLength(1);
    expect(listed.value[0]).toMatchObject({ kind: 'opened', size: expect.any(Number), createdAt: expect.any(String) });
    const backupReader = openReadConnection(join(backupFolderFor(path, join(dir, 'app-backups')), listed.value[0]!.id)).db;
    const atBackup = contents(backupReader);
    backupReader.close();

    // Edits after the backup: a count, a rename and a new member.
    const chainId = ((await router.call('chains.list', {})) as { ok: true; value: Array<{ id: string }> }).value[0]!.id;
    const members = (await router.call('members.list', { chainId })) as {
      ok: true;
      value: { year: number; members: Array<{ name: string; placeId: string }> };
    };
    const herning = members.value.members.find((member) => member.name === 'Herning')!;
    expect(
      (await router.call('members.setCount', { placeId: herning.placeId, year: members.value.year, memberCount: 999 })).ok,
    ).toBe(true);
    expect((await router.call('members.rename', { placeId: herning.placeId, name: 'Herning Kommune' })).ok).toBe(true);
    const beforeRestore = contents(session.context().db);
    expect(beforeRestore).not.toEqual(atBackup);

    const restored = await router.call('backups.restore', { id: listed.value[0]!.id });
    expect(restored).toMatchObject({
      ok: true,
      value: { restored: { id: listed.value[0]!.id }, currentSavedAs: { kind: 'before-restore' } },
    });
    expect(contents(session.context().db)).toEqual(atBackup);
    expect(session.context().db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(session.info().readOnly).toBe(false);

    // The state before the restore is itself a backup, and restoring it brings the edits back.
    const savedAs = (restored as { ok: true; value: { currentSavedAs: { id: string } } }).value.currentSavedAs.id;
    expect(listBackups(path, join(dir, 'app-backups')).map((item) => item.id)).toContain(savedAs);
    expect((await router.call('backups.restore', { id: savedAs })).ok).toBe(true);
    expect(contents(session.context().db)).toEqual(beforeRestore);
    session.close();

    // And on disk, after closing: the document holds that state.
    const reopened = await openDocument(path);
    expect(contents(reopened.db)).toEqual(beforeRestore);
    reopened.close();
  });

  it('a backup that is not there, or a name with a path in it, is refused as data', async () => {
    const dir = tempDir();
    const path = join(dir, 'chain.vanort');
    (await createDemoDocument(path)).close();
    const { session, router } = await sessionFor(dir, path);
    expect(await router.call('backups.restore', { id: 'chain.20200101-000000-000.opened.vanort' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'errors.backupMissing' },
    });
    expect(await router.call('backups.restore', { id: '../chain.vanort' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(existsSync(path)).toBe(true);
    session.close();
  });
});

describe('a backup that cannot be written', () => {
  it('does not block the open: the document opens for writing and says no backup was made', async () => {
    const dir = tempDir();
    const path = join(dir, 'chain.vanort');
    (await createDemoDocument(path)).close();
    // The backup folder cannot be made (a file stands where it would go), as on a full or broken disk.
    const root = join(dir, 'app-backups');
    writeFileSync(root, 'not a folder');
    const document = await openDocument(path, { backupRoot: root, backupOnOpen: true });
    expect(document.readOnly).toBe(false);
    expect(document.backupProblem).toEqual({ code: 'io', backupsBytes: 0 });
    document.close();
    // The window is told, through document.info, and edits are saved.
    const session = new DocumentSession({ device: () => 'laptop', backupRoot: root, backupOnOpen: true });
    await session.open(path);
    const router = createRouter({
      session,
      settings: new SettingsStore(join(dir, 'settings.json')),
      files: unsupportedFileActions,
      mapData: mapDataFrom(RESOURCES_DIR),
      log: () => {},
    });
    expect(await router.call('document.info', {})).toMatchObject({
      ok: true,
      value: { readOnly: false, backupProblem: { code: 'io', backupsBytes: 0 } },
    });
    const chains = (await router.call('chains.list', {})) as { ok: true; value: Array<{ id: string }> };
    expect(await router.call('chains.setCadence', { chainId: chains.value[0]!.id, meetingCadenceYears: 2 })).toMatchObject({
      ok: true,
    });
    session.close();
  });

  it('makes room first: the oldest backup goes before the new one is written', async () => {
    const dir = tempDir();
    const path = join(dir, 'chain.vanort');
    const document = await createDemoDocument(path);
    const root = join(dir, 'app-backups');
    for (const day of ['01', '02', '03']) {
      await takeBackup(document.db, path, 'opened', { root, keep: 3, now: new Date(`2026-11-${day}T08:00:00Z`) });
    }
    const folder = backupFolderFor(path, root);
    const seen: string[][] = [];
    const original = document.db.backup.bind(document.db);
    // What the folder holds at the moment the new backup starts to be written.
    document.db.backup = ((destination: string) => {
      seen.push(readdirSync(folder).filter((name) => name.endsWith('.vanort')));
      return original(destination);
    }) as typeof document.db.backup;
    await takeBackup(document.db, path, 'opened', { root, keep: 3, now: new Date('2026-11-04T08:00:00Z') });
    expect(seen[0]).toHaveLength(2);
    expect(listBackups(path, root).map((backup) => backup.createdAt.slice(0, 10))).toEqual([
      '2026-11-04',
      '2026-11-03',
      '2026-11-02',
    ]);
    document.close();
  });
});
