import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type Database from 'better-sqlite3';

/**
 * Rotating backups of a document: a consistent snapshot through SQLite's backup API (it includes
 * what is still in the -wal file), taken when a document is opened (at most once a day), before
 * a migration and before a restore. The newest `keep` are kept, the older ones removed.
 */
export type BackupKind = 'opened' | 'before-migration' | 'before-restore';
const KINDS: readonly BackupKind[] = ['opened', 'before-migration', 'before-restore'];

export const DEFAULT_BACKUP_KEEP = 10;
/** An opened document is backed up again only when its newest backup is older than this. */
export const OPENED_BACKUP_INTERVAL_MS = 24 * 60 * 60 * 1000;

export interface BackupFile {
  /** The file name: what the API names a backup by (never a path). */
  id: string;
  path: string;
  kind: BackupKind;
  createdAt: string;
  size: number;
}

const EXTENSION = 'vanort';
const NAME = /^(.+)\.(\d{8}-\d{6}-\d{3})\.(opened|before-migration|before-restore)\.vanort$/;

function documentName(documentPath: string): string {
  return basename(documentPath).replace(new RegExp(`\\.${EXTENSION}$`), '');
}

/**
 * The folder for one document's backups: under `root` (the app's data folder) named by the
 * document and a hash of its full path, so two documents with the same name do not mix;
 * without a root, a folder beside the document.
 */
export function backupFolderFor(documentPath: string, root?: string): string {
  const name = documentName(documentPath);
  if (!root) return join(dirname(documentPath), `${name}.backups`);
  const hash = createHash('sha256').update(resolve(documentPath)).digest('hex').slice(0, 10);
  return join(root, `${name}-${hash}`);
}

function stamp(date: Date): string {
  const iso = date.toISOString(); // 2026-11-23T10:00:00.123Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}-${iso.slice(20, 23)}`;
}

function parseStamp(text: string): string {
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}T${text.slice(9, 11)}:${text.slice(11, 13)}:${text.slice(13, 15)}.${text.slice(16, 19)}Z`;
}

export function listBackups(documentPath: string, root?: string): BackupFile[] {
  const folder = backupFolderFor(documentPath, root);
  if (!existsSync(folder)) return [];
  const name = documentName(documentPath);
  const backups: BackupFile[] = [];
  for (const file of readdirSync(folder)) {
    const match = NAME.exec(file);
    if (!match || match[1] !== name || !KINDS.includes(match[3] as BackupKind)) continue;
    const path = join(folder, file);
    try {
      backups.push({ id: file, path, kind: match[3] as BackupKind, createdAt: parseStamp(match[2]!), size: statSync(path).size });
    } catch {
      // removed meanwhile
    }
  }
  // Newest first; the stamp sorts as text.
  return backups.sort((a, b) =>
    a.createdAt === b.createdAt ? b.id.localeCompare(a.id) : b.createdAt.localeCompare(a.createdAt),
  );
}

/** Removes all but the newest `keep` backups (and the -wal/-shm a reader may have left beside them). */
export function rotateBackups(documentPath: string, keep: number, root?: string): void {
  for (const old of listBackups(documentPath, root).slice(Math.max(1, keep))) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(old.path + suffix, { force: true });
  }
}

export interface BackupOptions {
  root?: string;
  keep?: number;
  now?: Date;
}

/** Writes a backup of the open database and rotates; returns it. */
export async function takeBackup(
  db: Database.Database,
  documentPath: string,
  kind: BackupKind,
  options: BackupOptions = {},
): Promise<BackupFile> {
  const folder = backupFolderFor(documentPath, options.root);
  mkdirSync(folder, { recursive: true });
  let now = options.now ?? new Date();
  let path = join(folder, `${documentName(documentPath)}.${stamp(now)}.${kind}.${EXTENSION}`);
  // Two backups within one millisecond (a restore right after opening) get distinct names.
  while (existsSync(path)) {
    now = new Date(now.getTime() + 1);
    path = join(folder, `${documentName(documentPath)}.${stamp(now)}.${kind}.${EXTENSION}`);
  }
  const temporary = `${path}.partial`;
  const keep = options.keep ?? DEFAULT_BACKUP_KEEP;
  // Room first: on a full disk the oldest backup goes before the new one is written.
  rotateBackups(documentPath, keep - 1, options.root);
  try {
    await db.backup(temporary);
    // Renamed into place only once complete: a listed backup is always a whole one.
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  rotateBackups(documentPath, keep, options.root);
  return { id: basename(path), path, kind, createdAt: now.toISOString(), size: statSync(path).size };
}

/** Bytes the backups of one document take (for the notice when a backup could not be written). */
export function backupsSize(documentPath: string, root?: string): number {
  return listBackups(documentPath, root).reduce((sum, backup) => sum + backup.size, 0);
}

/** The backup taken when a document is opened: unless there is one from the last day. */
export async function takeOpenedBackupIfDue(
  db: Database.Database,
  documentPath: string,
  options: BackupOptions = {},
): Promise<BackupFile | null> {
  const now = options.now ?? new Date();
  const newest = listBackups(documentPath, options.root)[0];
  if (newest && now.getTime() - Date.parse(newest.createdAt) < OPENED_BACKUP_INTERVAL_MS) return null;
  return takeBackup(db, documentPath, 'opened', { ...options, now });
}
