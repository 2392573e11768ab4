/** Errors cross the API boundary as data, never as thrown strings. */
export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'read_only'
  | 'no_document'
  | 'file_missing'
  | 'not_a_document'
  | 'damaged'
  | 'newer_version'
  | 'unknown_schema'
  | 'value_too_long'
  | 'locked'
  | 'unresponsive'
  | 'disk_full'
  | 'io'
  | 'unsupported'
  /** An exchange file or document copy that cannot be merged (damaged, another document's, newer). */
  | 'exchange_refused'
  | 'unknown_method'
  | 'internal';

export interface ApiError {
  code: ErrorCode;
  /** An i18n key (under "errors." or "validation.") the UI translates; English fallback in `detail`. */
  message: string;
  field?: string;
  params?: Record<string, string | number>;
  detail?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: ApiError): { ok: false; error: ApiError } => ({ ok: false, error });
