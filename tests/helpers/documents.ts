import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lockPathFor, machineLockPathFor, type LockHolder } from '../../electron/db/lock';
import { createDocument, openDocument, type OpenDocument } from '../../electron/db/open';
import { DocumentSession } from '../../electron/document-session';
import { createRouter, unsupportedFileActions, type Router } from '../../electron/router';
import { SettingsStore } from '../../electron/settings';
import type { DocumentContext } from '../../electron/services/context';
import { loadDemo, seedDemo } from '../../electron/services/demo';
import { mapDataFrom, type MapData } from '../../electron/services/map-data';

export const RESOURCES_DIR = fileURLToPath(new URL('../../resources/', import.meta.url));
export const DEMO_PATH = join(RESOURCES_DIR, 'demo', 'vanersborg-chain.json');

/**
 * A document with one chain of `members` made-up twin towns spread as a real register's are
 * (most in Europe, some across the world), each with counts of three years.
 */
export async function createRegisterDocument(path: string, members: number): Promise<void> {
  const { fillDocument } = await import('../bench/generate-document');
  (
    await createDocument(path, {
      seed: (db) =>
        fillDocument(db, { places: members, chains: 1, memberships: members, memberCounts: members * 3, largestChain: members }),
    })
  ).close();
}

export function createDemoDocument(path: string): Promise<OpenDocument> {
  return createDocument(path, { seed: (db) => seedDemo(db, loadDemo(DEMO_PATH)) });
}

export { openDocument };

export function contextOf(document: OpenDocument, device = 'test-laptop'): DocumentContext {
  return { db: document.db, readOnly: document.readOnly, device, now: () => new Date().toISOString() };
}

/** The real router over a real file, as the app and the browser host build it. */
export async function routerFor(
  dir: string,
  dbPath: string,
  create = true,
  options: { lockFolder?: string; mapData?: MapData } = {},
): Promise<{ router: Router; session: DocumentSession; settings: SettingsStore }> {
  const settings = new SettingsStore(join(dir, 'settings.json'));
  const { mapData = mapDataFrom(RESOURCES_DIR), ...sessionOptions } = options;
  const session = new DocumentSession({
    device: () => settings.get().deviceId,
    laptop: () => settings.get().laptopName,
    ...sessionOptions,
  });
  try {
    if (create) await session.create(dbPath, (db) => seedDemo(db, loadDemo(DEMO_PATH)));
    else await session.open(dbPath);
  } catch {
    // the session keeps the reason; document.info reports it
  }
  return {
    router: createRouter({
      session,
      settings,
      files: unsupportedFileActions,
      mapData,
      log: () => {},
    }),
    session,
    settings,
  };
}

/** An edit through the API that writes several pages: an event with three long texts (fault tests). */
export function bigEvent(chainId: string, title: string) {
  const text = (seed: string) => `${seed} `.repeat(400).slice(0, 2000);
  return {
    chainId,
    record: {
      kind: 'event',
      date: '2020',
      title,
      body: text('body'),
      reference: text('ref'),
      description: text('description'),
      placeId: null,
    },
  };
}

/**
 * A lock beside the document as another app instance would leave it (this host, pid 4242, unless
 * `holder` says otherwise), its time stamp `ageMs` old: the last time that instance refreshed it.
 */
export function plantLock(documentPath: string, holder: Partial<LockHolder>, ageMs = 0): void {
  const lock = lockPathFor(documentPath);
  const stamp = new Date(Date.now() - ageMs);
  writeFileSync(lock, JSON.stringify({ host: hostname(), pid: 4242, since: stamp.toISOString(), token: 'planted', ...holder }));
  utimesSync(lock, stamp, stamp);
}

/** Removes the document's lock files (beside it, and the machine-local one), as a person or a sync tool might. */
export function removeLocks(documentPath: string): void {
  for (const lock of [lockPathFor(documentPath), machineLockPathFor(documentPath)]) if (lock) rmSync(lock, { force: true });
}
