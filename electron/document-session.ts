import { randomUUID } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import type { BackupInfo, DocumentInfo } from '../shared/contract';
import { listBackups, takeBackup, type BackupFile } from './db/backup';
import { DocumentError } from './db/errors';
import { acquireLock, fileIdentity, sameIdentity, type LockHolder } from './db/lock';
import { loadMigrations } from './db/migrate';
import {
  createDocument,
  inspectDocument,
  openDocument,
  openReadConnection,
  reopenDocument,
  type OpenDocument,
  type OpenOptions,
} from './db/open';
import { ServiceError, type DocumentContext } from './services/context';
import { SyncEngine, ensureDocumentId, newDocumentId } from './services/sync/engine';

/**
 * The one document the window shows. Opening another file closes this one only once the new
 * one has opened; a file that fails to open is never written to.
 */
export class DocumentSession {
  private document: OpenDocument | null = null;
  private failure: { path: string; error: DocumentError } | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly engines = new WeakMap<OpenDocument, SyncEngine | null>();

  constructor(
    private readonly options: OpenOptions & {
      device: () => string;
      /** This laptop's name (a setting), recorded with every change; empty until given. */
      laptop?: () => string;
      /** How many backups to keep (a setting, read at each backup). */
      keepBackups?: () => number;
    },
  ) {}

  /** How a copy of a document is opened to be merged (the same checks and migrations). */
  copyOptions(): OpenOptions {
    return { migrationsDir: this.options.migrationsDir, nativeBinding: this.options.nativeBinding };
  }

  /** The open document, or null: for the shared folder's background work. */
  openDocumentOrNull(): OpenDocument | null {
    return this.document;
  }

  private openOptions(): OpenOptions {
    return { ...this.options, backupKeep: this.options.keepBackups?.() ?? this.options.backupKeep };
  }

  get path(): string | null {
    return this.document?.path ?? null;
  }

  async open(path: string): Promise<void> {
    await this.replaceWith(path, () => openDocument(path, this.openOptions()));
  }

  async create(path: string, seed?: (db: Database.Database) => void, replace = false): Promise<void> {
    // A new document gets a new id: it never merges with another.
    const seedWithId = (db: Database.Database) => {
      seed?.(db);
      newDocumentId(db);
    };
    await this.replaceWith(path, () => createDocument(path, { ...this.openOptions(), seed: seedWithId, replace }));
  }

  /**
   * "Open anyway": the document is read-only because a lock names another holder that may well be
   * gone (see lock.ts); it is opened again for writing in place of that lock, and only that one.
   * A document already writable stays as it is; a live holder, or a read-only file, is refused.
   */
  async openAnyway(): Promise<void> {
    const document = this.current();
    if (!document.readOnly) return;
    if (document.readOnlyReason !== 'in_use') throw new ServiceError({ code: 'read_only', message: 'errors.read_only' });
    const holder = document.lockHolder;
    if (!document.lockDoubtful || !holder) throw this.inUseError(holder);
    await this.replaceWith(document.path, () =>
      openDocument(document.path, { ...this.openOptions(), takeOverFrom: holder.token }),
    );
    // Its holder came back (refreshed the lock) or another took it meanwhile.
    if (this.document?.readOnly) throw this.inUseError(this.document.lockHolder);
  }

  private inUseError(holder: LockHolder | null): ServiceError {
    return new ServiceError({ code: 'locked', message: 'errors.lockInUse', params: { host: holder?.host ?? '?' } });
  }

  /** Writes a consistent copy of the open document (including what is still in the -wal file). */
  async saveCopy(destination: string): Promise<void> {
    if (!this.document) throw new DocumentError('io', 'No document is open');
    if (destination === this.document.path) throw new DocumentError('io', 'A copy cannot replace the open document');
    await this.document.db.backup(destination);
  }

  /** The open document's backups, newest first. */
  backups(): BackupInfo[] {
    const document = this.requireDocument();
    return listBackups(document.path, this.options.backupRoot).map(({ id, kind, createdAt, size }) => ({
      id,
      kind,
      createdAt,
      size,
    }));
  }

  /**
   * Puts a backup's state in place of the document's. The current state is backed up first
   * (so a restore can itself be undone by restoring that one), the backup is copied through the
   * backup API into a temporary file beside the document and renamed over it (a crash leaves
   * either the old or the restored file, never a mix), and the document is opened again.
   */
  async restoreBackup(id: string): Promise<{ restored: BackupInfo; currentSavedAs: BackupInfo }> {
    const document = this.current();
    if (document.readOnly) throw new ServiceError({ code: 'read_only', message: 'errors.read_only' });
    this.checkWrite(document);
    const backup = listBackups(document.path, this.options.backupRoot).find((item) => item.id === id);
    if (!backup) throw new ServiceError({ code: 'not_found', message: 'errors.backupMissing', detail: `no backup ${id}` });
    const path = document.path;
    // The backup must itself be a whole chain document this version can open.
    inspectDocument(backup.path, loadMigrations(this.options.migrationsDir), this.options);
    const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}.restoring`);
    const source = openReadConnection(backup.path, this.options).db;
    let current: BackupFile;
    try {
      await source.backup(temporary);
      // Taken after the copy: its rotation may remove the (oldest) backup being restored.
      current = await takeBackup(document.db, path, 'before-restore', { root: this.options.backupRoot, keep: this.keepCount() });
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    } finally {
      source.close();
    }
    // Our lock is held across the swap, so another instance cannot slip in between.
    const keepLock = acquireLock(path, { folder: this.options.lockFolder });
    try {
      document.close();
      this.document = null;
      for (const suffix of ['-wal', '-shm']) if (existsSync(path + suffix)) rmSync(path + suffix, { force: true });
      renameSync(temporary, path);
      this.document = await openDocument(path, { ...this.openOptions(), backupOnOpen: false });
      this.failure = null;
    } catch (error) {
      rmSync(temporary, { force: true });
      const documentError = error instanceof DocumentError ? error : new DocumentError('io', String(error));
      if (!this.document) this.failure = { path, error: documentError };
      throw documentError;
    } finally {
      if (keepLock.ok) keepLock.lock.release();
      this.emit();
    }
    const toInfo = ({ id, kind, createdAt, size }: BackupFile): BackupInfo => ({ id, kind, createdAt, size });
    return { restored: toInfo(backup), currentSavedAs: toInfo(current) };
  }

  private keepCount(): number {
    return this.options.keepBackups?.() ?? this.options.backupKeep ?? 10;
  }

  private requireDocument(): OpenDocument {
    if (!this.document) throw this.noDocumentError();
    return this.document;
  }

  private async replaceWith(path: string, opener: () => Promise<OpenDocument>): Promise<void> {
    try {
      const opened = await opener();
      // An older file gets its document id when this version first opens it for writing.
      if (!opened.readOnly) ensureDocumentId(opened.db);
      this.document?.close();
      this.document = opened;
      this.failure = null;
    } catch (error) {
      const documentError = error instanceof DocumentError ? error : new DocumentError('io', String(error));
      // With a document already open, it stays open and the caller shows the message.
      if (!this.document) this.failure = { path, error: documentError };
      throw documentError;
    } finally {
      this.emit();
    }
  }

  /**
   * Why there is no document, when the reason comes from outside this session: the data worker
   * before this one was ended on that document (it did not answer in time).
   */
  noteFailure(path: string, error: DocumentError): void {
    this.document?.close();
    this.document = null;
    this.failure = { path, error };
    this.emit();
  }

  close(): void {
    this.document?.close();
    this.document = null;
    this.emit();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }

  /**
   * The open document, opened again first when another file now stands at its path (another app
   * instance restored a backup: a rename over it). One stat a call; without it, this session would
   * go on reading, and a writer writing, a file that is no longer the document.
   */
  private current(): OpenDocument {
    const document = this.requireDocument();
    const now = fileIdentity(document.path);
    if (now === null || document.identity === null || sameIdentity(now, document.identity)) return document;
    try {
      const reopened = reopenDocument(document.path, { ...this.openOptions(), backupOnOpen: false });
      // Opened before the old one closes: a lock this session holds is shared, never let go between.
      document.close();
      this.document = reopened;
    } catch {
      // Not openable just now (it needs an upgrade, or is being written): the old state stays
      // shown, writes are refused (checkWrite), and the next call tries again.
      return document;
    }
    this.emit();
    return this.document;
  }

  /**
   * Before a write (DocumentContext.beforeWrite): the file is still the one opened, and our lock
   * still ours (a missing lock file is made again). A lock that names another holder now (ours was
   * removed and someone opened the document, or took it over) makes this session read-only.
   */
  private checkWrite(document: OpenDocument): void {
    const file = basename(document.path);
    const now = fileIdentity(document.path);
    if (now === null) throw new ServiceError({ code: 'file_missing', message: 'errors.file_missing', params: { file } });
    if (this.document !== document || !sameIdentity(now, document.identity)) {
      this.current();
      throw new ServiceError({ code: 'io', message: 'errors.fileReplaced', detail: `${document.path} was replaced` });
    }
    const checked = document.lock?.verify() ?? { ok: true };
    if (checked.ok) return;
    document.lock?.release();
    document.lock = null;
    document.db.pragma('query_only = ON');
    document.readOnly = true;
    document.readOnlyReason = 'in_use';
    document.lockHolder = checked.holder;
    document.lockDoubtful = false;
    this.emit();
    throw new ServiceError({
      code: 'read_only',
      message: 'errors.lockLost',
      params: { host: checked.holder?.host ?? '?' },
      detail: `the lock of ${document.path} names another holder`,
    });
  }

  /** The lock this session holds on its document, if any: the shell removes it if it must end the worker. */
  heldLock(): { path: string; token: string } | null {
    const document = this.document;
    return document?.lock ? { path: document.path, token: document.lock.holder.token } : null;
  }

  /** The sharing engine of the open document (loaded once; null while it is not shared). */
  private engineOf(document: OpenDocument): SyncEngine | null {
    if (!this.engines.has(document))
      this.engines.set(
        document,
        SyncEngine.load(document.db, () => this.identity()),
      );
    return this.engines.get(document) ?? null;
  }

  private identity() {
    return { device: this.options.device(), laptop: this.options.laptop?.() ?? '' };
  }

  /** Turns sharing on for the open document (its first shared history is built once). */
  enableSharing(): SyncEngine {
    const document = this.current();
    if (document.readOnly) throw new ServiceError({ code: 'read_only', message: 'errors.read_only' });
    this.checkWrite(document);
    const engine = document.db.transaction(() =>
      SyncEngine.enable(document.db, () => this.identity(), new Date().toISOString()),
    )();
    this.engines.set(document, engine);
    return engine;
  }

  /** The open document for a service, or the reason there is none. */
  context(): DocumentContext {
    if (!this.document) throw this.noDocumentError();
    const document = this.current();
    return {
      db: document.db,
      readOnly: document.readOnly,
      device: this.options.device(),
      laptop: this.options.laptop?.() ?? '',
      sync: this.engineOf(document),
      now: () => new Date().toISOString(),
      beforeWrite: () => this.checkWrite(document),
    };
  }

  info(): DocumentInfo {
    if (!this.document) throw this.noDocumentError();
    const document = this.current();
    const { path, readOnly, readOnlyReason, lockHolder, inMemoryCopy, schemaVersion, migratedFrom, backupPath, backupProblem } =
      document;
    return {
      path,
      fileName: basename(path),
      readOnly,
      readOnlyReason,
      inMemoryCopy,
      lockHolder: lockHolder ? { host: lockHolder.host, since: lockHolder.since } : null,
      canOpenAnyway: readOnlyReason === 'in_use' && document.lockDoubtful,
      schemaVersion,
      migratedFrom,
      backupPath,
      backupProblem,
    };
  }

  private noDocumentError(): ServiceError {
    if (this.failure) {
      const { error, path } = this.failure;
      return new ServiceError({
        code: error.code,
        message: `errors.${error.code}`,
        params: { ...error.params, file: basename(path) },
        detail: error.message,
      });
    }
    return new ServiceError({ code: 'no_document', message: 'errors.no_document' });
  }
}
