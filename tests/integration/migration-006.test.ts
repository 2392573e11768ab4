import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentError } from '../../electron/db/errors';
import { latestVersion, loadMigrations } from '../../electron/db/migrate';
import { createDocument, openDocument, type OpenDocument } from '../../electron/db/open';
import { setActivityLevel } from '../../electron/services/activity';
import { undo } from '../../electron/services/change-log';
import { loadDemo, seedDemo } from '../../electron/services/demo';
import { renamePlace, setLeft } from '../../electron/services/members';
import { contextOf, DEMO_PATH } from '../helpers/documents';
import { useTempDir } from '../helpers/files';
import { migrationsUpTo, olderAppOpening } from '../helpers/migrations';

const tempDir = useTempDir();

const membershipOf = (document: OpenDocument, name: string) =>
  document.db
    .prepare(`SELECT m.id FROM membership m JOIN place p ON p.id = m.place_id WHERE p.name = ? ORDER BY m.rowid LIMIT 1`)
    .pluck()
    .get(name) as string;

const dump = (db: OpenDocument['db']) => ({
  places: db.prepare('SELECT * FROM place ORDER BY id').all(),
  memberships: db.prepare('SELECT rowid, * FROM membership ORDER BY id').all(),
  levels: db.prepare('SELECT rowid, * FROM activity_level ORDER BY id').all(),
  alternatives: db.prepare('SELECT * FROM fact_alternative ORDER BY id').all(),
  // The columns a version-5 log has (007 adds laptop and merged).
  log: db
    .prepare(
      'SELECT id, seq, group_id, table_name, row_id, field, old_value, new_value, at, device, state, created_at, updated_at, deleted_at FROM change_log ORDER BY seq',
    )
    .all(),
});

const indexesOf = (db: OpenDocument['db'], table: string) =>
  db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? ORDER BY name`).pluck().all(table);

describe('migration 006 (the year joined may be unknown)', () => {
  it('keeps every row, index, foreign key and the change log of a version-5 document, and allows NULL', async () => {
    const dir = tempDir();
    const path = join(dir, 'chain.vanort');
    const old = await createDocument(path, {
      migrationsDir: migrationsUpTo(dir, 5),
      seed: (db) => seedDemo(db, loadDemo(DEMO_PATH)),
    });
    expect(old.schemaVersion).toBe(5);
    const ctx = contextOf(old);
    const herning = old.db.prepare(`SELECT id FROM place WHERE name = 'Herning'`).pluck().get() as string;
    renamePlace(ctx, herning, 'Herning kommun');
    setActivityLevel(ctx, membershipOf(old, 'Holmestrand'), 2013, 'sporadic');
    // After its 2013 count: leaving before a year with a count is refused.
    setLeft(ctx, membershipOf(old, 'Kangasala'), 2014, 'Slutade');
    // NOT NULL before: a version-5 file cannot hold an unknown year.
    expect(() => old.db.prepare('UPDATE membership SET joined_year = NULL WHERE id = ?').run(membershipOf(old, 'Husby'))).toThrow(
      /NOT NULL/,
    );
    const before = dump(old.db);
    const indexesBefore = { membership: indexesOf(old.db, 'membership'), levels: indexesOf(old.db, 'activity_level') };
    expect(before.levels.length).toBeGreaterThan(0);
    old.close();

    const document = await openDocument(path);
    expect(document.migratedFrom).toBe(5);
    expect(document.schemaVersion).toBe(latestVersion(loadMigrations()));
    expect(dump(document.db)).toEqual(before);
    expect({ membership: indexesOf(document.db, 'membership'), levels: indexesOf(document.db, 'activity_level') }).toEqual(
      indexesBefore,
    );
    expect(indexesBefore.membership).toEqual([
      'membership_chain',
      'membership_chain_current',
      'membership_place',
      'sqlite_autoindex_membership_1',
    ]);
    expect(document.db.pragma('foreign_key_check')).toEqual([]);
    expect(document.db.pragma('foreign_key_list(activity_level)')).toEqual([
      expect.objectContaining({ table: 'membership', from: 'membership_id', to: 'id' }),
    ]);
    expect(
      (document.db.pragma('foreign_key_list(membership)') as Array<{ table: string }>).map((key) => key.table).sort(),
    ).toEqual(['chain', 'place']);

    const husby = membershipOf(document, 'Husby');
    const update = document.db.prepare('UPDATE membership SET joined_year = ?, left_year = ? WHERE id = ?');
    update.run(null, null, husby);
    expect(document.db.prepare('SELECT joined_year FROM membership WHERE id = ?').pluck().get(husby)).toBeNull();
    // A departure with an unknown start is allowed; the checks still hold for known years.
    update.run(null, 2020, husby);
    expect(() => update.run(1899, null, husby)).toThrow(/CHECK/);
    expect(() => update.run(2000, 1990, husby)).toThrow(/CHECK/);
    expect(() =>
      document.db
        .prepare(
          `UPDATE activity_level SET membership_id = 'no-such-membership' WHERE id = (SELECT id FROM activity_level LIMIT 1)`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    update.run(1988, null, husby);

    // The change log still steps back over the rebuilt table: the departure, then the name.
    const kangasala = membershipOf(document, 'Kangasala');
    const migrated = contextOf(document);
    expect(undo(migrated)).toBe(true);
    expect(document.db.prepare('SELECT left_year FROM membership WHERE id = ?').pluck().get(kangasala)).toBeNull();
    expect(undo(migrated)).toBe(true);
    expect(undo(migrated)).toBe(true);
    expect(document.db.prepare('SELECT name FROM place WHERE id = ?').pluck().get(herning)).toBe('Herning');
    document.close();
  });

  it('an app that knows only version 5 refuses a version-6 document', async () => {
    const refused = await olderAppOpening(tempDir(), 5);
    expect(refused).toBeInstanceOf(DocumentError);
    expect((refused as DocumentError).code).toBe('newer_version');
  });
});
