import type Database from 'better-sqlite3';
import type { ApiError } from '../../shared/result';
import type { SyncEngine } from './sync/engine';

/** What a service needs to act on the open document. */
export interface DocumentContext {
  db: Database.Database;
  readOnly: boolean;
  /** Who makes the change, for the change log (one id per laptop). */
  device: string;
  /** This laptop's name (Settings), recorded with each change; empty until given. */
  laptop?: string;
  /** The sharing engine of a shared document (services/sync/engine.ts); absent when not shared. */
  sync?: SyncEngine | null;
  now(): string;
  /**
   * Called before anything is written, after the read-only check: throws the refusal when this
   * app instance no longer holds the document (its lock names another) or another file now
   * stands at its path. The session gives it; a bare context (tests, the command line) has none.
   */
  beforeWrite?(): void;
}

/** A refusal a service explains to the user (bad input, a missing row). */
export class ServiceError extends Error {
  constructor(readonly apiError: ApiError) {
    super(apiError.detail ?? apiError.message);
    this.name = 'ServiceError';
  }
}

export function invalid(field: string, message: string, detail?: string, params?: ApiError['params']): ServiceError {
  return new ServiceError({
    code: 'invalid_input',
    field,
    message,
    ...(detail ? { detail } : {}),
    ...(params ? { params } : {}),
  });
}

export function notFound(what: string): ServiceError {
  return new ServiceError({ code: 'not_found', message: 'errors.not_found', detail: `${what} not found` });
}
