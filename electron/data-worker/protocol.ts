import type { Language } from '../../shared/format';
import type { Router } from '../routing';
import type { ExportDelimiter, ExportFormat } from '../../shared/contract';

/**
 * The messages between the shell (Electron's main process, or the browser host) and the data
 * worker, the thread where the router, the document session and SQLite run. Everything that
 * crosses is plain data (structured clone): errors travel as ApiError values.
 */

/** What a new document starts with. */
export type DocumentSeed = { kind: 'demo' } | { kind: 'chain'; name: string };

/** An export the shell asks for: written to `path` (the native save dialog's), or answered as bytes. */
export interface ExportBytesRequest {
  chainId: string;
  format: ExportFormat;
  delimiter: ExportDelimiter;
  language: Language;
}

export interface ExportRequest extends ExportBytesRequest {
  path: string;
}

/** An export's one file (CSV: the members table), for a download. */
export interface ExportedFile {
  fileName: string;
  contentBase64: string;
}

/** The settings the data side reads (the shell owns the settings file). */
export interface WorkerSettings {
  deviceId: string;
  /** This laptop's name, recorded with shared changes ('' or absent: not given). */
  laptopName?: string;
  backupKeep: number;
}

/** What the worker is started with (its workerData). */
export interface WorkerSetup extends WorkerSettings {
  migrationsDir?: string;
  nativeBinding?: string;
  backupRoot?: string;
  backupOnOpen?: boolean;
  /** resources/: the demo chain, the basemap and the gazetteer. */
  resourcesDir: string;
  /** The document the worker before this one was ended on: the reason there is no document now. */
  failure?: { path: string; detail: string };
}

export type DocumentRequest =
  | { op: 'open'; path: string }
  | { op: 'create'; path: string; seed: DocumentSeed; replace: boolean }
  | { op: 'saveCopy'; destination: string }
  | { op: 'exportChain'; request: ExportRequest }
  | { op: 'exportBytes'; request: ExportBytesRequest }
  | { op: 'close' };

export type ToWorker =
  | { kind: 'call'; id: number; method: string; input: unknown }
  | { kind: 'document'; id: number; request: DocumentRequest }
  | ({ kind: 'settings' } & WorkerSettings);

export type FromWorker =
  /** A call's or a request's Result, as JSON text (made in the worker's thread). */
  | { kind: 'answer'; id: number; json: string }
  /** The open document changed (opened, closed, restored): its path, and the lock it holds. */
  | { kind: 'changed'; path: string | null; lock: HeldLock | null }
  /** A long call is still working (an import's rows): the watchdog waits on. */
  | { kind: 'progress' };

/** A lock file the worker holds, so the shell can remove it if it has to end the worker. */
export interface HeldLock {
  path: string;
  token: string;
}

/** The open document as the shell sees it: its calls, and what only the shell asks of it. */
export interface DocumentHandle extends Router {
  readonly path: string | null;
  open(path: string): Promise<void>;
  create(path: string, seed: DocumentSeed, replace?: boolean): Promise<void>;
  saveCopy(destination: string): Promise<void>;
  exportChain(request: ExportRequest): Promise<void>;
  /** The export as one file's bytes, for the browser host's download. */
  exportBytes(request: ExportBytesRequest): Promise<ExportedFile>;
  close(): Promise<void>;
  onChange(listener: () => void): () => void;
}
