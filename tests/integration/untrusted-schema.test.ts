import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DocumentError } from '../../electron/db/errors';
import { lockPathFor } from '../../electron/db/lock';
import { openDocument, openReadConnection } from '../../electron/db/open';
import { createDemoDocument, routerFor } from '../helpers/documents';
import { sha256, useTempDir } from '../helpers/files';

const tempDir = useTempDir();

/** A demo document changed by hand, as someone could send one: the right application_id and user_version. */
async function crafted(sql: string): Promise<string> {
  const path = join(tempDir(), 'crafted.vanort');
  (await createDemoDocument(path)).close();
  const db = new Database(path);
  db.exec(sql);
  db.pragma('journal_mode = DELETE');
  db.close();
  return path;
}

async function expectRefusedUntouched(path: string): Promise<DocumentError> {
  const before = sha256(path);
  const folderBefore = readdirSync(join(path, '..')).sort();
  let refusal: unknown = null;
  try {
    (await openDocument(path)).close();
  } catch (error) {
    refusal = error;
  }
  expect(refusal).toBeInstanceOf(DocumentError);
  expect((refusal as DocumentError).code).toBe('unknown_schema');
  expect(sha256(path)).toBe(before);
  expect(readdirSync(join(path, '..')).sort()).toEqual(folderBefore);
  return refusal as DocumentError;
}

describe('a document whose schema is not the one the app makes', () => {
  it('is refused untouched when a view that never ends stands in for a table', async () => {
    const path = await crafted(`
      PRAGMA foreign_keys = OFF;
      ALTER TABLE place RENAME TO place_kept;
      CREATE VIEW place AS WITH RECURSIVE forever(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM forever)
        SELECT * FROM place_kept, forever;`);
    await expectRefusedUntouched(path);
  });

  it('is refused untouched when it carries a trigger of its own', async () => {
    const path = await crafted(`
      CREATE TRIGGER hijack AFTER UPDATE ON place BEGIN
        UPDATE chain SET name = 'HIJACKED';
        DELETE FROM change_log;
      END;`);
    const refusal = await expectRefusedUntouched(path);
    expect(refusal.message).toMatch(/trigger hijack/);
  });

  it('is refused when a table, a column or an index differs, or one of the app is missing', async () => {
    for (const sql of [
      'CREATE TABLE notes (text TEXT)',
      'ALTER TABLE place ADD COLUMN secret TEXT',
      'CREATE INDEX place_by_name ON place(name)',
      'DROP INDEX membership_chain_current',
    ]) {
      await expectRefusedUntouched(await crafted(sql));
    }
  });

  it('the browser host and the app say so in the window, and the next document still opens', async () => {
    const dir = tempDir();
    const path = await crafted('CREATE TRIGGER hijack AFTER UPDATE ON place BEGIN UPDATE chain SET name = 1; END;');
    const { router, session } = await routerFor(dir, path, false);
    const info = await router.call('document.info', {});
    expect(info).toMatchObject({ ok: false, error: { code: 'unknown_schema', message: 'errors.unknown_schema' } });
    await session.create(join(dir, 'fresh.vanort'));
    expect(await router.call('chains.list', {})).toMatchObject({ ok: true });
    session.close();
  });

  it('statistics that ANALYZE writes are not a difference', async () => {
    const path = await crafted('ANALYZE');
    const document = await openDocument(path);
    expect(document.schemaVersion).toBeGreaterThan(0);
    document.close();
  });

  it('every connection, also the inspecting and read-only ones, runs with trusted_schema off', async () => {
    const path = join(tempDir(), 'demo.vanort');
    const writer = await createDemoDocument(path);
    expect(writer.db.pragma('trusted_schema', { simple: true })).toBe(0);
    writer.close();
    const reader = openReadConnection(path);
    expect(reader.db.pragma('trusted_schema', { simple: true })).toBe(0);
    reader.db.close();
    // Open on another laptop (a fresh lock of another host): this one gets it read-only.
    writeFileSync(
      lockPathFor(path),
      JSON.stringify({ host: 'another-laptop', pid: 4242, since: new Date().toISOString(), token: 't' }),
    );
    const second = await openDocument(path);
    expect(second.readOnlyReason).toBe('in_use');
    expect(second.db.pragma('trusted_schema', { simple: true })).toBe(0);
    second.close();
  });

  it('opened through a symlink, a refused document leaves no -wal or -shm beside its target', async () => {
    // In WAL mode, as the app leaves its documents: a reader makes -wal and -shm files.
    const path = await crafted('CREATE TABLE notes (text TEXT)');
    const wal = new Database(path);
    wal.pragma('journal_mode = WAL');
    wal.close();
    const elsewhere = join(tempDir(), 'links');
    mkdirSync(elsewhere);
    const link = join(elsewhere, 'shortcut.vanort');
    symlinkSync(path, link);
    const targetFolder = readdirSync(join(path, '..')).sort();
    await expectRefusedUntouched(link);
    expect(readdirSync(join(path, '..')).sort()).toEqual(targetFolder);
  });
});
