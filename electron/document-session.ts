import { basename } from 'node:path';
import type Database from 'better-sqlite3';
import type { DocumentInfo } from '../shared/contract';
import { DocumentError } from './db/errors';
import { createDocument, openDocument, type OpenDocument, type OpenOptions } from './db/open';
import { ServiceError, type DocumentContext } from './services/context';

/**
 * The one document the window shows. Opening another file closes this one only once the new
 * one has opened; a file that fails to open is never written to.
 */
export class DocumentSession {
  private document: OpenDocument | null = null;
  private failure: { path: string; error: DocumentError } | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly options: OpenOptions & { device: () => string },
  ) {}

  get path(): string | null {
    return this.document?.path ?? null;
  }

  async open(path: string): Promise<void> {
    await this.replaceWith(path, () => openDocument(path, this.options));
  }

  async create(path: string, seed?: (db: Database.Database) => void, replace = false): Promise<void> {
    await this.replaceWith(path, () => createDocument(path, { ...this.options, seed, replace }));
  }

  /** Writes a consistent copy of the open document (including what is still in the -wal file). */
  async saveCopy(destination: string): Promise<void> {
    if (!this.document) throw new DocumentError('io', 'No document is open');
    if (destination === this.document.path) throw new DocumentError('io', 'A copy cannot replace the open document');
    await this.document.db.backup(destination);
  }

  private async replaceWith(path: string, opener: () => Promise<OpenDocument>): Promise<void> {
    try {
      const opened = await opener();
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

  /** The open document for a service, or the reason there is none. */
  context(): DocumentContext {
    if (!this.document) throw this.noDocumentError();
    const document = this.document;
    return { db: document.db, readOnly: document.readOnly, device: this.options.device(), now: () => new Date().toISOString() };
  }

  info(): DocumentInfo {
    if (!this.document) throw this.noDocumentError();
    const { path, readOnly, schemaVersion, migratedFrom, backupPath } = this.document;
    return { path, fileName: basename(path), readOnly, schemaVersion, migratedFrom, backupPath };
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
