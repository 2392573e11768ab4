import type Database from 'better-sqlite3';
import type { ApiError } from '../../shared/result';

/** What a service needs to act on the open document. */
export interface DocumentContext {
  db: Database.Database;
  readOnly: boolean;
  /** Who makes the change, for the change log (one id per laptop). */
  device: string;
  now(): string;
}

/** A refusal a service explains to the user (bad input, a missing row). */
export class ServiceError extends Error {
  constructor(readonly apiError: ApiError) {
    super(apiError.detail ?? apiError.message);
    this.name = 'ServiceError';
  }
}

export function invalid(field: string, message: string, detail?: string): ServiceError {
  return new ServiceError({ code: 'invalid_input', field, message, ...(detail ? { detail } : {}) });
}

export function notFound(what: string): ServiceError {
  return new ServiceError({ code: 'not_found', message: 'errors.not_found', detail: `${what} not found` });
}
