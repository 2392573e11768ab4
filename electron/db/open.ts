import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { backupsSize, DEFAULT_BACKUP_KEEP, takeBackup, takeOpenedBackupIfDue } from './backup';
import { DocumentError, documentErrorFromSqlite } from './errors';
import { acquireLock, fileIdentity, realPathOf, type DocumentLock, type FileIdentity, type LockHolder } from './lock';
import { latestVersion, loadMigrations, migrate, type Migration } from './migrate';
import { DOCUMENT_VALUE_LIMIT, tooLongValue } from './value-limits';

/** Marks a SQLite file as a chain document (PRAGMA application_id): "VNOR". */
export const APPLICATION_ID = 0x564e4f52;
export { DOCUMENT_EXTENSION } from './document-file';
const SQLITE_MAGIC = 'SQLite format 3\u0000';

export interface OpenOptions {
  migrationsDir?: string;
  /** Path of a better-sqlite3 binary built for this runtime (Electron's differs from Node's). */
  nativeBinding?: string;
  now?: () => Date;
  /** Where backups go (the app's data folder); without it, a folder beside the document. */
  backupRoot?: string;
  /** How many backups of a document to keep. */
  backupKeep?: number;
  /** Take the once-a-day backup when the document is opened for writing. */
  backupOnOpen?: boolean;
  /** The machine-local lock folder (see lock.ts); the user's own in the temp folder without it. */
  lockFolder?: string;
  /** "Open anyway": replace the doubtful lock of this holder (its token), and only that one. */
  takeOverFrom?: string;
}

/**
 * Why a document was opened read-only: the file or its folder cannot be written (a read-only
 * file, a CD, a share without write access), or another app instance has it open.
 */
export type ReadOnlyReason = 'file' | 'folder' | 'in_use';

export interface OpenDocument {
  db: Database.Database;
  path: string;
  readOnly: boolean;
  readOnlyReason: ReadOnlyReason | null;
  /** Who has the document open, when that is why it is read-only. */
  lockHolder: LockHolder | null;
  /** That holder may well be gone (a crash, another laptop long silent): it may be taken over on purpose. */
  lockDoubtful: boolean;
  /** Our lock, while the document is open for writing. */
  lock: DocumentLock | null;
  /** The file SQLite opened (device and inode): another file at the path (a restore elsewhere) is noticed. */
  identity: FileIdentity | null;
  /**
   * The document is read from a copy in memory: SQLite cannot read a WAL-mode file in a folder
   * where it may not create its -shm file. Changes others make to the file are not seen.
   */
  inMemoryCopy: boolean;
  schemaVersion: number;
  migratedFrom: number | null;
  backupPath: string | null;
  /** The backup on opening could not be written (a full or read-only backup disk): opened without one. */
  backupProblem: BackupProblem | null;
  close(): void;
}

export interface BackupProblem {
  /** What went wrong, as a document error code (disk_full, read_only, io). */
  code: string;
  /** Bytes the document's existing backups take. */
  backupsBytes: number;
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
 * passes quick_check, is one of ours (application_id) and not from a newer version, has the app's
 * schema for its version, and holds no value longer than the app reads (value-limits.ts).
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
  // SQLite follows a symlink to the file it names: its side files appear beside the target.
  const target = realpathSync(path);
  const sideFiles = ['-wal', '-shm'].map((suffix) => target + suffix).filter((side) => !existsSync(side));
  let db: Database.Database | null = null;
  try {
    db = openReadConnection(path, options).db;
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
    // Reading sqlite_schema runs none of the document's views or triggers: it is safe to read first.
    const difference = schemaDifference(readSchema(db), expectedSchema(migrations, version, options));
    if (difference) throw new DocumentError('unknown_schema', `${path}: ${difference}`);
    // A value of megabytes (crafted, or from an old version) would stall every answer that carries it.
    const tooLong = tooLongValue(db);
    if (tooLong) {
      const { table, field, bytes } = tooLong;
      throw new DocumentError('value_too_long', `${path}: ${table}.${field} holds a value of ${bytes} bytes`, {
        table,
        field,
        limit: DOCUMENT_VALUE_LIMIT,
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

/** One object of a database's schema, as sqlite_schema holds it. */
interface SchemaObject {
  type: string;
  name: string;
  table: string;
  sql: string | null;
}

function readSchema(db: Database.Database): SchemaObject[] {
  return db
    .prepare(`SELECT type, name, tbl_name AS "table", sql FROM sqlite_schema ORDER BY type, name`)
    .all()
    .map((row) => {
      const object = row as SchemaObject;
      // Whitespace only: SQLite keeps a CREATE statement's text as written (and as ALTER TABLE edits it).
      return { ...object, sql: object.sql === null ? null : object.sql.replace(/\s+/g, ' ').trim() };
    });
}

// The tables ANALYZE (and PRAGMA optimize) may add: statistics, never run as code.
const STATISTICS_TABLES = new Set(['sqlite_stat1', 'sqlite_stat4']);
const expectedSchemas = new Map<string, SchemaObject[]>();

/** What the migrations make at `version`: the only schema a document of that version may have. */
function expectedSchema(migrations: Migration[], version: number, options: OpenOptions): SchemaObject[] {
  const key = `${options.migrationsDir ?? ''}\n${version}\n${migrations.map((migration) => migration.name).join(',')}`;
  let schema = expectedSchemas.get(key);
  if (!schema) {
    const db = new Database(':memory:', databaseOptions(options));
    try {
      migrate(db, migrations, version);
      schema = readSchema(db);
    } finally {
      db.close();
    }
    expectedSchemas.set(key, schema);
  }
  return schema;
}

/**
 * The first way a document's schema differs from the app's for its version, in words (for the
 * log), or null. A view or trigger the app did not make would run the document's own SQL on
 * every read or write (a view that never ends, a trigger that empties the change log).
 */
function schemaDifference(found: SchemaObject[], expected: SchemaObject[]): string | null {
  const describe = (object: SchemaObject) => `${object.type} ${object.name}`;
  const wanted = new Map(expected.map((object) => [describe(object), object]));
  for (const object of found) {
    const own = wanted.get(describe(object));
    if (!own) {
      if (object.type === 'table' && STATISTICS_TABLES.has(object.name)) continue;
      return `${describe(object)} is not the app's`;
    }
    if (own.table !== object.table || own.sql !== object.sql) return `${describe(object)} differs from the app's`;
    wanted.delete(describe(object));
  }
  const missing = [...wanted.keys()][0];
  return missing ? `${missing} is missing` : null;
}

/**
 * A read-only connection. SQLite cannot read a WAL-mode file where it may not create the -shm
 * file (a read-only folder; better-sqlite3 here does not take `immutable=1` URIs), so then the
 * file is read into memory and opened from there: header bytes 18 and 19 (2 = WAL) are set to
 * the rollback journal's 1, which an in-memory database can read. The file itself is only read.
 * Committed changes still in a -wal file that SQLite could not use are not in such a copy.
 */
export function openReadConnection(path: string, options: OpenOptions = {}): { db: Database.Database; inMemoryCopy: boolean } {
  let db: Database.Database | null = null;
  try {
    db = new Database(path, databaseOptions(options, { readonly: true, fileMustExist: true }));
    // Opening is lazy: the first read is where a missing -shm shows.
    db.pragma('schema_version', { simple: true });
    db.pragma('trusted_schema = OFF');
    return { db, inMemoryCopy: false };
  } catch (error) {
    db?.close();
    const code = String((error as { code?: unknown }).code ?? '');
    if (!code.startsWith('SQLITE_READONLY') && !code.startsWith('SQLITE_CANTOPEN')) throw error;
  }
  const bytes = readFileSync(path);
  if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) {
    bytes[18] = 1;
    bytes[19] = 1;
  }
  const copy = new Database(bytes, databaseOptions(options, { readonly: true }));
  copy.pragma('trusted_schema = OFF');
  return { db: copy, inMemoryCopy: true };
}

/** A file-system error (ENOSPC, EACCES, ENOTDIR …) as the code the window explains. */
function ioCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'disk_full';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'read_only';
  return 'io';
}

function readOnlyReasonOf(path: string): ReadOnlyReason | null {
  try {
    accessSync(path, constants.W_OK);
  } catch {
    return 'file';
  }
  try {
    // WAL needs the -wal and -shm files next to the document.
    accessSync(dirname(path), constants.W_OK);
  } catch {
    return 'folder';
  }
  return null;
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

/** What is settled before a connection is made: the file checked, and whether we may write it. */
interface Opening {
  path: string;
  /** Where a read-only connection reads the file: its holder's name for it, when that is another (a hard link). */
  readPath: string;
  migrations: Migration[];
  version: number;
  latest: number;
  readOnlyReason: ReadOnlyReason | null;
  lock: DocumentLock | null;
  lockHolder: LockHolder | null;
  lockDoubtful: boolean;
}

function beginOpening(path: string, options: OpenOptions): Opening {
  const migrations = loadMigrations(options.migrationsDir);
  const latest = latestVersion(migrations);
  const version = inspectDocument(path, migrations, options);
  // The folder that must take the -wal and -shm files is the real file's (a symlink may be elsewhere).
  let readOnlyReason = readOnlyReasonOf(realPathOf(path));
  let lock: DocumentLock | null = null;
  let lockHolder: LockHolder | null = null;
  let lockDoubtful = false;
  let readPath = path;
  if (!readOnlyReason) {
    const taken = acquireLock(path, {
      now: options.now?.() ?? new Date(),
      folder: options.lockFolder,
      takeOverFrom: options.takeOverFrom,
    });
    if (taken.ok) lock = taken.lock;
    else {
      readOnlyReason = taken.reason === 'in_use' ? 'in_use' : 'folder';
      lockHolder = taken.holder;
      lockDoubtful = taken.doubtful;
      readPath = taken.sameFileAt ?? path;
    }
  }
  if (readOnlyReason && version < latest) {
    lock?.release();
    if (readOnlyReason === 'in_use') {
      throw new DocumentError('locked', `${path} needs an upgrade but is open in another app instance`, {
        host: lockHolder?.host ?? '',
      });
    }
    throw new DocumentError('read_only', `${path} needs an upgrade but cannot be written`);
  }
  return { path, readPath, migrations, version, latest, readOnlyReason, lock, lockHolder, lockDoubtful };
}

/** The connection: a writing one with the app's pragmas, or a read-only one (maybe from a copy in memory). */
function connect(opening: Opening, options: OpenOptions): { db: Database.Database; inMemoryCopy: boolean } {
  if (!opening.readOnlyReason) {
    const db = new Database(opening.path, databaseOptions(options, { fileMustExist: true }));
    try {
      applyPragmas(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return { db, inMemoryCopy: false };
  }
  const reader = openReadConnection(opening.readPath, options);
  reader.db.pragma('query_only = ON');
  return reader;
}

function openedDocument(
  opening: Opening,
  db: Database.Database,
  inMemoryCopy: boolean,
  made: Pick<OpenDocument, 'migratedFrom' | 'backupPath' | 'backupProblem'>,
): OpenDocument {
  const { path, readOnlyReason, lock, lockHolder, lockDoubtful } = opening;
  return {
    db,
    path,
    readOnly: readOnlyReason !== null,
    readOnlyReason,
    lockHolder,
    lockDoubtful,
    lock,
    // Taken once connected: the file SQLite has open.
    identity: fileIdentity(path),
    inMemoryCopy,
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    ...made,
    close: () => {
      db.close();
      lock?.release();
    },
  };
}

function openFailed(error: unknown): unknown {
  if (error instanceof DocumentError) return error;
  return documentErrorFromSqlite(error) ?? error;
}

export async function openDocument(path: string, options: OpenOptions = {}): Promise<OpenDocument> {
  const opening = beginOpening(path, options);
  let db: Database.Database | null = null;
  try {
    const connection = connect(opening, options);
    db = connection.db;
    let backupPath: string | null = null;
    let migratedFrom: number | null = null;
    let backupProblem: BackupProblem | null = null;
    const backupOptions = { root: options.backupRoot, keep: options.backupKeep ?? DEFAULT_BACKUP_KEEP };
    if (!opening.readOnlyReason) {
      if (opening.version < opening.latest) {
        // The backup API copies a consistent snapshot including what is still in the -wal file.
        backupPath = (await takeBackup(db, path, 'before-migration', { ...backupOptions, now: options.now?.() })).path;
        migratedFrom = migrate(db, opening.migrations);
      } else if (options.backupOnOpen) {
        try {
          await takeOpenedBackupIfDue(db, path, { ...backupOptions, now: options.now?.() });
        } catch (error) {
          // A backup is a safety net, not a condition: the document opens, and the window says so.
          const code = error instanceof DocumentError ? error.code : (documentErrorFromSqlite(error)?.code ?? ioCode(error));
          backupProblem = { code, backupsBytes: backupsSize(path, options.backupRoot) };
        }
      }
    }
    return openedDocument(opening, db, connection.inMemoryCopy, { migratedFrom, backupPath, backupProblem });
  } catch (error) {
    db?.close();
    opening.lock?.release();
    throw openFailed(error);
  }
}

/**
 * Opens the document again at once (the session does, when another file took its place: a
 * backup restored by another app instance). No backup is taken; a file that would need an
 * upgrade is refused here, to be opened on purpose (openDocument backs it up first).
 */
export function reopenDocument(path: string, options: OpenOptions = {}): OpenDocument {
  const opening = beginOpening(path, options);
  if (opening.version < opening.latest) {
    opening.lock?.release();
    throw new DocumentError('io', `${path} needs an upgrade: open it again`);
  }
  try {
    const { db, inMemoryCopy } = connect(opening, options);
    return openedDocument(opening, db, inMemoryCopy, { migratedFrom: null, backupPath: null, backupProblem: null });
  } catch (error) {
    opening.lock?.release();
    throw openFailed(error);
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
