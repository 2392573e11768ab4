import { accessSync, closeSync, constants, existsSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { DocumentError, documentErrorFromSqlite } from './errors';
import { latestVersion, loadMigrations, migrate, type Migration } from './migrate';

/** Marks a SQLite file as a chain document (PRAGMA application_id): "VNOR". */
export const APPLICATION_ID = 0x564e4f52;
export const DOCUMENT_EXTENSION = 'vanort';
const SQLITE_MAGIC = 'SQLite format 3\u0000';

export interface OpenOptions {
  migrationsDir?: string;
  /** Path of a better-sqlite3 binary built for this runtime (Electron's differs from Node's). */
  nativeBinding?: string;
  now?: () => Date;
}

export interface OpenDocument {
  db: Database.Database;
  path: string;
  readOnly: boolean;
  schemaVersion: number;
  migratedFrom: number | null;
  backupPath: string | null;
  close(): void;
}

function databaseOptions(options: OpenOptions, extra: Database.Options = {}): Database.Options {
  return options.nativeBinding ? { ...extra, nativeBinding: options.nativeBinding } : extra;
}

function readHeader(path: string): Buffer {
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  try {
    const read = readSync(fd, header, 0, 100, 0);
    return header.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/**
 * Everything that must hold before the app writes a single byte: the file is a SQLite database
 * (better-sqlite3 opens garbage without complaint and a zero-byte file as an empty database),
 * passes quick_check, is one of ours (application_id) and not from a newer version.
 * Runs on a read-only connection, which never checkpoints or otherwise changes the file.
 */
export function inspectDocument(path: string, migrations: Migration[], options: OpenOptions = {}): number {
  if (!existsSync(path)) throw new DocumentError('file_missing', `No file at ${path}`);
  const stats = statSync(path);
  if (!stats.isFile()) throw new DocumentError('not_a_document', `${path} is not a file`);
  if (stats.size === 0) throw new DocumentError('not_a_document', `${path} is empty`);
  const header = readHeader(path);
  if (header.subarray(0, 16).toString('latin1') !== SQLITE_MAGIC) {
    throw new DocumentError('not_a_document', `${path} is not a SQLite database`);
  }
  if (header.length < 100) throw new DocumentError('damaged', `${path} is truncated`);

  // A read-only connection to a WAL-mode file still creates the -wal and -shm files beside it;
  // those it made are removed again, so a refused file's folder is as it was.
  const sideFiles = ['-wal', '-shm'].map((suffix) => path + suffix).filter((side) => !existsSync(side));
  let db: Database.Database | null = null;
  try {
    db = new Database(path, databaseOptions(options, { readonly: true, fileMustExist: true }));
    const check = db.pragma('quick_check', { simple: false }) as Array<{ quick_check: string }>;
    if (check.length !== 1 || check[0]?.quick_check !== 'ok') {
      throw new DocumentError('damaged', `quick_check: ${check.map((row) => row.quick_check).join('; ')}`);
    }
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    if (applicationId !== APPLICATION_ID) {
      throw new DocumentError('not_a_document', `${path} is a SQLite database of another program`);
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    const latest = latestVersion(migrations);
    if (version > latest) {
      throw new DocumentError('newer_version', `${path} has schema version ${version}; this app knows ${latest}`, {
        version,
        latest,
      });
    }
    return version;
  } catch (error) {
    if (error instanceof DocumentError) throw error;
    const mapped = documentErrorFromSqlite(error);
    // It starts like a SQLite file, so one SQLite cannot read is a damaged one.
    if (!mapped || mapped.code === 'not_a_document') throw new DocumentError('damaged', String(error));
    throw mapped;
  } finally {
    db?.close();
    for (const side of sideFiles) rmSync(side, { force: true });
  }
}

function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    // WAL needs the -wal and -shm files next to the document.
    accessSync(dirname(path), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * synchronous=FULL: edits are saved the moment a person makes them, one small transaction each,
 * so the extra fsync costs nothing noticeable and a saved edit survives a power cut.
 */
function applyPragmas(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // A document is untrusted input: its schema may not call functions with side effects.
  db.pragma('trusted_schema = OFF');
}

function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
}

/** The path a pre-migration backup is written to, next to the document. */
export function backupPathFor(path: string, fromVersion: number, date: Date): string {
  const name = basename(path).replace(new RegExp(`\\.${DOCUMENT_EXTENSION}$`), '');
  return join(dirname(path), `${name}.before-v${fromVersion + 1}-${timestamp(date)}.${DOCUMENT_EXTENSION}`);
}

export async function openDocument(path: string, options: OpenOptions = {}): Promise<OpenDocument> {
  const migrations = loadMigrations(options.migrationsDir);
  const latest = latestVersion(migrations);
  const version = inspectDocument(path, migrations, options);
  const readOnly = !isWritable(path);
  if (readOnly && version < latest) {
    throw new DocumentError('read_only', `${path} needs an upgrade but cannot be written`);
  }

  let db: Database.Database | null = null;
  try {
    db = new Database(path, databaseOptions(options, { readonly: readOnly, fileMustExist: true }));
    let backupPath: string | null = null;
    let migratedFrom: number | null = null;
    if (!readOnly) {
      applyPragmas(db);
      if (version < latest) {
        // The backup API copies a consistent snapshot including what is still in the -wal file.
        backupPath = backupPathFor(path, version, options.now?.() ?? new Date());
        await db.backup(backupPath);
        migratedFrom = migrate(db, migrations);
      }
    } else {
      db.pragma('query_only = ON');
    }
    const opened = db;
    return {
      db: opened,
      path,
      readOnly,
      schemaVersion: opened.pragma('user_version', { simple: true }) as number,
      migratedFrom,
      backupPath,
      close: () => opened.close(),
    };
  } catch (error) {
    db?.close();
    if (error instanceof DocumentError) throw error;
    throw documentErrorFromSqlite(error) ?? error;
  }
}

/**
 * Writes a new, empty chain document at `path` (optionally filled by `seed`) and opens it.
 * It is built under a temporary name and renamed into place, so a failure never leaves a
 * half-made document, and an existing file is replaced only when `replace` is set.
 */
export async function createDocument(
  path: string,
  options: OpenOptions & { replace?: boolean; seed?: (db: Database.Database) => void } = {},
): Promise<OpenDocument> {
  if (existsSync(path) && !options.replace) {
    throw new DocumentError('io', `${path} already exists`);
  }
  const migrations = loadMigrations(options.migrationsDir);
  const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    const db = new Database(temporary, databaseOptions(options));
    try {
      db.pragma('journal_mode = DELETE');
      db.pragma('foreign_keys = ON');
      db.pragma(`application_id = ${APPLICATION_ID}`);
      migrate(db, migrations);
      if (options.seed) db.transaction(options.seed)(db);
    } finally {
      db.close();
    }
    // A stale -wal next to the old file would be replayed into the new one.
    for (const suffix of ['-wal', '-shm']) rmSync(path + suffix, { force: true });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    if (error instanceof DocumentError) throw error;
    throw documentErrorFromSqlite(error) ?? error;
  }
  return openDocument(path, options);
}
