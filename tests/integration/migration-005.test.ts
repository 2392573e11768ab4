import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentError } from '../../electron/db/errors';
import { createDocument, openDocument } from '../../electron/db/open';
import { loadDemo, seedDemo } from '../../electron/services/demo';
import { renamePlace } from '../../electron/services/members';
import { contextOf, DEMO_PATH } from '../helpers/documents';
import { useTempDir } from '../helpers/files';
import { migrationsUpTo, olderAppOpening } from '../helpers/migrations';

const tempDir = useTempDir();

describe('migration 005 (bulk change-log entries, index for the chain list)', () => {
  it('keeps every row and the change log of a version-4 document, and adds the index', async () => {
    const dir = tempDir();
    const path = join(dir, 'chain.vanort');
    const v4 = migrationsUpTo(dir, 4);
    const old = await createDocument(path, { migrationsDir: v4, seed: (db) => seedDemo(db, loadDemo(DEMO_PATH)) });
    expect(old.schemaVersion).toBe(4);
    const herning = old.db.prepare(`SELECT id FROM place WHERE name = 'Herning'`).pluck().get() as string;
    renamePlace(contextOf(old), herning, 'Herning kommun');
    const dump = (db: typeof old.db) => ({
      places: db.prepare('SELECT * FROM place ORDER BY id').all(),
      memberships: db.prepare('SELECT * FROM membership ORDER BY id').all(),
      // The columns a version-5 log has (007 adds laptop and merged).
      log: db
        .prepare(
          'SELECT id, seq, group_id, table_name, row_id, field, old_value, new_value, at, device, state, created_at, updated_at, deleted_at FROM change_log ORDER BY seq',
        )
        .all(),
    });
    const before = dump(old.db);
    old.close();

    // An app of version 5: the current one would go on to later migrations (006 rebuilds membership).
    const document = await openDocument(path, { migrationsDir: migrationsUpTo(dir, 5) });
    expect(document.migratedFrom).toBe(4);
    expect(document.schemaVersion).toBe(5);
    expect(dump(document.db)).toEqual(before);
    expect(
      document.db
        .prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND name = 'membership_chain_current'`)
        .pluck()
        .get(),
    ).toBe('membership_chain_current');
    document.close();
  });

  it('an app that knows only version 4 refuses a version-5 document instead of failing at Undo', async () => {
    const refused = await olderAppOpening(tempDir(), 4);
    expect(refused).toBeInstanceOf(DocumentError);
    expect((refused as DocumentError).code).toBe('newer_version');
  });
});
