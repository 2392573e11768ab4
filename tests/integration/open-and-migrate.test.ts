import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, createDocument, openDocument } from '../../electron/db/open';
import { DEFAULT_MIGRATIONS_DIR, latestVersion, loadMigrations } from '../../electron/db/migrate';
import { DocumentError } from '../../electron/db/errors';
import { sha256, useTempDir } from '../helpers/files';
import { createDemoDocument } from '../helpers/documents';

const tempDir = useTempDir();
const LATEST = latestVersion(loadMigrations());

async function openError(path: string, options = {}): Promise<DocumentError> {
  try {
    const document = await openDocument(path, options);
    document.close();
  } catch (error) {
    if (error instanceof DocumentError) return error;
    throw error;
  }
  throw new Error(`${path} opened, but should not have`);
}

/** Opening must refuse the file and leave it, and its folder, exactly as they were. */
async function expectRefusedUntouched(path: string, code: string) {
  const before = sha256(path);
  const folderBefore = readdirSync(join(path, '..')).sort();
  const error = await openError(path);
  expect(error.code).toBe(code);
  expect(sha256(path)).toBe(before);
  expect(readdirSync(join(path, '..')).sort()).toEqual(folderBefore);
}

describe('a new document', () => {
  it('is created at the latest schema version, marked as ours, in WAL mode', async () => {
    const path = join(tempDir(), 'new.vanort');
    const document = await createDocument(path);
    expect(document.db.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(document.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(document.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(document.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(document.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    const tables = (
      document.db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).all() as Array<{ name: string }>
    ).map((row) => row.name);
    for (const table of [
      'chain',
      'place',
      'membership',
      'branch',
      'member_count',
      'meeting',
      'branch_grant',
      'agreement',
      'activity',
      'event',
      'contact',
      'change_log',
    ]) {
      expect(tables).toContain(table);
    }
    document.close();
  });

  it('holds the demo chain: nine members in 2013, Utajärvi in the past, Eiði not reported', async () => {
    const document = await createDemoDocument(join(tempDir(), 'demo.vanort'));
    const counts = document.db
      .prepare(
        `SELECT p.name, mc.count FROM member_count mc JOIN branch b ON b.id = mc.branch_id JOIN place p ON p.id = b.place_id WHERE mc.year = 2013 ORDER BY p.name`,
      )
      .all() as Array<{ name: string; count: number | null }>;
    expect(counts).toHaveLength(9);
    expect(counts.find((row) => row.name === 'Eiði')?.count).toBeNull();
    expect(counts.reduce((sum, row) => sum + (row.count ?? 0), 0)).toBe(1135);
    const utajarvi = document.db
      .prepare(`SELECT joined_year, left_year FROM membership m JOIN place p ON p.id = m.place_id WHERE p.name = 'Utajärvi'`)
      .get();
    expect(utajarvi).toEqual({ joined_year: 1948, left_year: 1976 });
    document.close();
  });

  it('refuses to overwrite an existing file unless told to', async () => {
    const path = join(tempDir(), 'taken.vanort');
    writeFileSync(path, 'my notes');
    await expect(createDocument(path)).rejects.toBeInstanceOf(DocumentError);
    expect(readFileSync(path, 'utf8')).toBe('my notes');
  });
});

describe('opening files that are not (this version of) a chain document', () => {
  it('a missing file', async () => {
    expect((await openError(join(tempDir(), 'nowhere.vanort'))).code).toBe('file_missing');
  });

  it('a zero-byte file is not initialised over', async () => {
    const path = join(tempDir(), 'empty.vanort');
    writeFileSync(path, '');
    await expectRefusedUntouched(path, 'not_a_document');
    expect(readFileSync(path).length).toBe(0);
  });

  it('random bytes', async () => {
    const path = join(tempDir(), 'garbage.vanort');
    writeFileSync(path, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 256)));
    await expectRefusedUntouched(path, 'not_a_document');
  });

  it('a text file', async () => {
    const path = join(tempDir(), 'list.vanort');
    writeFileSync(path, 'Vänort;Land;Kontaktår\nHerning;DK;1946\n');
    await expectRefusedUntouched(path, 'not_a_document');
  });

  it('a SQLite database of another program', async () => {
    const path = join(tempDir(), 'other.sqlite');
    const db = new Database(path);
    db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('hej');");
    db.close();
    await expectRefusedUntouched(path, 'not_a_document');
  });

  it('an empty SQLite database (application_id 0)', async () => {
    const path = join(tempDir(), 'blank.sqlite');
    const db = new Database(path);
    db.pragma('user_version = 0');
    db.exec('CREATE TABLE t (x)');
    db.close();
    await expectRefusedUntouched(path, 'not_a_document');
  });

  it('a truncated chain document', async () => {
    const dir = tempDir();
    const document = await createDemoDocument(join(dir, 'whole.vanort'));
    document.close();
    const bytes = readFileSync(join(dir, 'whole.vanort'));
    const path = join(dir, 'cut.vanort');
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expectRefusedUntouched(path, 'damaged');
  });

  it('a chain document with damaged pages', async () => {
    const dir = tempDir();
    const document = await createDemoDocument(join(dir, 'whole.vanort'));
    document.close();
    const bytes = Buffer.from(readFileSync(join(dir, 'whole.vanort')));
    const pageSize = bytes.readUInt16BE(16);
    // Overwrite the b-tree pages after the schema page with noise.
    for (let i = pageSize * 2; i < bytes.length; i += 1) bytes[i] = (i * 31) % 251;
    const path = join(dir, 'damaged.vanort');
    writeFileSync(path, bytes);
    await expectRefusedUntouched(path, 'damaged');
  });

  it('a file written by a newer version', async () => {
    const dir = tempDir();
    const path = join(dir, 'future.vanort');
    const db = new Database(path);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${LATEST + 5}`);
    db.exec('CREATE TABLE from_the_future (x)');
    db.close();
    await expectRefusedUntouched(path, 'newer_version');
    const error = await openError(path);
    expect(error.params).toMatchObject({ version: LATEST + 5, latest: LATEST });
  });
});

describe('migrations', () => {
  it('are numbered without gaps and each one stands alone in its own file', () => {
    const migrations = loadMigrations();
    expect(migrations.map((migration) => migration.version)).toEqual(migrations.map((_, index) => index + 1));
  });

  it('back the file up through the backup API before migrating, then migrate', async () => {
    const dir = tempDir();
    const path = join(dir, 'old.vanort');
    const previous = LATEST - 1;
    const olderApp = join(dir, `migrations-v${previous}`);
    mkdirSync(olderApp);
    for (const migration of loadMigrations().filter((item) => item.version <= previous)) {
      writeFileSync(join(olderApp, migration.name), migration.sql);
    }
    (await createDocument(path, { migrationsDir: olderApp })).close();
    // A document of the version before, left in WAL mode with its WAL still holding the newest
    // row (a plain file copy would miss it).
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    old.pragma('wal_autocheckpoint = 0');
    old
      .prepare(`INSERT INTO chain (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)`)
      .run('chain-in-the-wal', 'still in the WAL', '2026-11-23T09:00:00Z', '2026-11-23T09:00:00Z');
    const copyWhileOpen = join(dir, 'plain-copy.vanort');
    copyFileSync(path, copyWhileOpen);

    const document = await openDocument(path, { now: () => new Date('2026-11-23T10:00:00Z') });
    old.close();
    expect(document.migratedFrom).toBe(previous);
    expect(document.schemaVersion).toBe(LATEST);
    // Without a backup folder of the app's, backups go to a folder beside the document.
    expect(document.backupPath).toBe(join(dir, 'old.backups', `old.20261123-100000-000.before-migration.vanort`));
    expect(existsSync(document.backupPath!)).toBe(true);
    document.close();

    const backup = new Database(document.backupPath!, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(previous);
    expect(backup.prepare(`SELECT name FROM chain WHERE id = 'chain-in-the-wal'`).pluck().all()).toEqual(['still in the WAL']);
    backup.close();
    // What a plain copy of the main file would have kept: not the row in the WAL.
    const plain = new Database(copyWhileOpen, { readonly: true });
    expect(plain.prepare(`SELECT COUNT(*) FROM chain WHERE id = 'chain-in-the-wal'`).pluck().get()).toBe(0);
    plain.close();
  });

  it('a new migration keeps the rows of the version before it (n-1 -> n)', async () => {
    const dir = tempDir();
    const migrationsDir = join(dir, 'migrations');
    mkdirSync(migrationsDir);
    for (const migration of loadMigrations()) writeFileSync(join(migrationsDir, migration.name), migration.sql);
    const path = join(dir, 'doc.vanort');
    const document = await createDemoDocument(path);
    const before = document.db.prepare('SELECT id, name FROM place ORDER BY id').all();
    document.close();

    const next = String(LATEST + 1).padStart(3, '0');
    writeFileSync(join(migrationsDir, `${next}_place_population.sql`), 'ALTER TABLE place ADD COLUMN population INTEGER;');
    const migrated = await openDocument(path, { migrationsDir });
    expect(migrated.migratedFrom).toBe(LATEST);
    expect(migrated.schemaVersion).toBe(LATEST + 1);
    expect(migrated.db.prepare('SELECT id, name FROM place ORDER BY id').all()).toEqual(before);
    expect(migrated.db.prepare('SELECT COUNT(*) FROM place WHERE population IS NULL').pluck().get()).toBe(before.length);
    migrated.close();
  });

  it('a failing migration leaves the file at the version before it', async () => {
    const dir = tempDir();
    const migrationsDir = join(dir, 'migrations');
    mkdirSync(migrationsDir);
    for (const migration of loadMigrations()) writeFileSync(join(migrationsDir, migration.name), migration.sql);
    const path = join(dir, 'doc.vanort');
    (await createDemoDocument(path)).close();
    const next = String(LATEST + 1).padStart(3, '0');
    writeFileSync(
      join(migrationsDir, `${next}_broken.sql`),
      'ALTER TABLE place ADD COLUMN x INTEGER; SELECT * FROM no_such_table;',
    );
    await expect(openDocument(path, { migrationsDir })).rejects.toThrow();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('place') as string[]).not.toContain('x');
    db.close();
  });

  it('the migration files are where the app looks for them', () => {
    expect(existsSync(join(DEFAULT_MIGRATIONS_DIR, '001_initial.sql'))).toBe(true);
  });
});

describe('migrations 002 and on, on a real version-1 document', () => {
  it('keeps every row, adds the column, and backs up first', async () => {
    const dir = tempDir();
    const v1 = join(dir, 'migrations-v1');
    mkdirSync(v1);
    const first = loadMigrations()[0]!;
    writeFileSync(join(v1, first.name), first.sql);
    const path = join(dir, 'chain.vanort');
    // Rows as version 1 knew them (the demo itself is written with the latest schema).
    const seedV1 = (db: Database.Database) => {
      const insert = db.prepare(
        `INSERT INTO place (id, name, area_code, latitude, longitude, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'then', 'then')`,
      );
      insert.run(crypto.randomUUID(), 'Herning', 'DK', 56.14, 8.97);
      insert.run(crypto.randomUUID(), 'Eiði', 'FO', 62.3, -7.09);
    };
    (await createDocument(path, { migrationsDir: v1, seed: seedV1 })).close();
    const before = new Database(path, { readonly: true });
    const places = before.prepare('SELECT id, name, latitude FROM place ORDER BY id').all();
    expect(before.pragma('user_version', { simple: true })).toBe(1);
    before.close();

    const document = await openDocument(path);
    expect(document.migratedFrom).toBe(1);
    expect(document.schemaVersion).toBe(LATEST);
    expect(document.db.prepare('SELECT id, name, latitude FROM place ORDER BY id').all()).toEqual(places);
    expect(document.db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('place')).toContain('geonames_id');
    expect(existsSync(document.backupPath!)).toBe(true);
    document.close();
  });
});
