import type { ErrorCode } from '../../shared/result';

/** Why a file could not be opened (or written) as a chain document. The file is left as it was. */
export const DOCUMENT_ERROR_CODES = [
  'file_missing',
  'not_a_document',
  'damaged',
  'newer_version',
  'unknown_schema',
  'value_too_long',
  'read_only',
  'locked',
  'disk_full',
  'io',
  /** The data worker did not answer in time and was ended: the document was closed. */
  'unresponsive',
] as const satisfies readonly ErrorCode[];

export type DocumentErrorCode = (typeof DOCUMENT_ERROR_CODES)[number];

export const isDocumentErrorCode = (code: string): code is DocumentErrorCode =>
  (DOCUMENT_ERROR_CODES as readonly string[]).includes(code);

export class DocumentError extends Error {
  constructor(
    readonly code: DocumentErrorCode,
    message: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'DocumentError';
  }
}

/** Maps SQLite's error codes (better-sqlite3 sets err.code) to what a user can act on. */
export function documentErrorFromSqlite(error: unknown): DocumentError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_FULL') return new DocumentError('disk_full', message);
  if (code.startsWith('SQLITE_READONLY')) return new DocumentError('read_only', message);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new DocumentError('locked', message);
  if (code === 'SQLITE_NOTADB') return new DocumentError('not_a_document', message);
  if (code.startsWith('SQLITE_CORRUPT')) return new DocumentError('damaged', message);
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return new DocumentError('io', message);
  return null;
}
