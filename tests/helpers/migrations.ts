import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMigrations } from '../../electron/db/migrate';
import { createDocument, openDocument } from '../../electron/db/open';
import { loadDemo, seedDemo } from '../../electron/services/demo';
import { DEMO_PATH } from './documents';

/** A folder holding the app's migrations up to `version`: what an app of that version knows. */
export function migrationsUpTo(dir: string, version: number): string {
  const folder = join(dir, `migrations-v${version}`);
  mkdirSync(folder);
  for (const migration of loadMigrations().filter((item) => item.version <= version))
    writeFileSync(join(folder, migration.name), migration.sql);
  return folder;
}

/** What an app that knows only `version` answers to a demo document made by the current app: the error, or null. */
export async function olderAppOpening(dir: string, version: number): Promise<unknown> {
  const path = join(dir, 'new.vanort');
  (await createDocument(path, { seed: (db) => seedDemo(db, loadDemo(DEMO_PATH)) })).close();
  return openDocument(path, { migrationsDir: migrationsUpTo(dir, version) }).then(
    (document) => {
      document.close();
      return null;
    },
    (error: unknown) => error,
  );
}
