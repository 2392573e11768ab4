/**
 * The shell's side of the data worker: it starts the worker, sends it the calls, and keeps a
 * watchdog. A worker that gives no sign of life while a call waits for longer than that call's
 * limit is ended (with whatever it was doing), its lock is removed, and a new worker starts with
 * no document open and the reason ("did not respond and was closed"). The window, the menus and
 * the dialogs never wait for it: they run in the shell's thread.
 */
import { Worker } from 'node:worker_threads';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fail, type ApiError, type Result } from '../../shared/result';
import { DocumentError, isDocumentErrorCode } from '../db/errors';
import { removeLockOf } from '../db/lock';
import { answerText } from '../routing';
import { ServiceError } from '../services/context';
import type {
  DocumentHandle,
  DocumentRequest,
  DocumentSeed,
  ExportBytesRequest,
  ExportedFile,
  ExportRequest,
  FromWorker,
  HeldLock,
  ToWorker,
  WorkerSettings,
  WorkerSetup,
} from './protocol';

/** How long a call may go without a sign of life from the worker before the worker is ended. */
export interface WatchdogLimits {
  /** An ordinary call (a read, an edit, Undo). */
  callMs: number;
  /** An import (preview or apply) and a backup restore, which read or write a whole file. */
  longCallMs: number;
  /** Opening, creating or copying a document (an open checks and may migrate the whole file). */
  documentMs: number;
}

export const DEFAULT_LIMITS: WatchdogLimits = { callMs: 20_000, longCallMs: 120_000, documentMs: 60_000 };

const LONG_METHODS = new Set(['import.preview', 'import.apply', 'backups.restore']);

/** The worker's heap: a runaway document or import ends the worker, never the app. */
const WORKER_HEAP_MB = 4096;

/**
 * The worker's script: beside the bundled main process in the built app (out/main/data-worker.js),
 * or its TypeScript through tsx when the shell itself runs from the sources (tests, npm run web).
 */
export function defaultWorkerEntry(): URL {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return new URL('./dev-bootstrap.mjs', import.meta.url);
  return pathToFileURL(join(dirname(here), 'data-worker.js'));
}

export interface DataWorkerOptions {
  limits?: Partial<WatchdogLimits>;
  entry?: URL;
  /** Told when a worker was ended: the document it had open (the shell forgets it as the last one). */
  onEnded?: (path: string | null, detail: string) => void;
  log?: (message: string) => void;
}

interface Pending {
  /** With the answer as JSON text. */
  resolve(json: string): void;
  limitMs: number;
}

export class DataWorker implements DocumentHandle {
  private worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private lastSignOfLife = 0;
  private watchdog: NodeJS.Timeout | null = null;
  private currentPath: string | null = null;
  private heldLock: HeldLock | null = null;
  private readonly listeners = new Set<() => void>();
  private settings: WorkerSettings;
  private readonly limits: WatchdogLimits;
  private stopped = false;

  constructor(
    private readonly setup: Omit<WorkerSetup, 'failure'>,
    private readonly options: DataWorkerOptions = {},
  ) {
    this.settings = { deviceId: setup.deviceId, laptopName: setup.laptopName, backupKeep: setup.backupKeep };
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.worker = this.spawn();
  }

  get path(): string | null {
    return this.currentPath;
  }

  async call(method: string, input: unknown): Promise<Result<unknown>> {
    return JSON.parse(await this.callText(method, input)) as Result<unknown>;
  }

  callText(method: string, input: unknown): Promise<string> {
    const limit = LONG_METHODS.has(method) ? this.limits.longCallMs : this.limits.callMs;
    return this.send((id) => ({ kind: 'call', id, method, input }), limit);
  }

  async open(path: string): Promise<void> {
    await this.request({ op: 'open', path });
  }

  async create(path: string, seed: DocumentSeed, replace = false): Promise<void> {
    await this.request({ op: 'create', path, seed, replace });
  }

  async saveCopy(destination: string): Promise<void> {
    await this.request({ op: 'saveCopy', destination });
  }

  async exportChain(request: ExportRequest): Promise<void> {
    await this.request({ op: 'exportChain', request });
  }

  async exportBytes(request: ExportBytesRequest): Promise<ExportedFile> {
    return (await this.request({ op: 'exportBytes', request })) as ExportedFile;
  }

  async close(): Promise<void> {
    await this.request({ op: 'close' });
  }

  /** The settings the data side reads changed (this laptop's id, how many backups to keep). */
  updateSettings(settings: WorkerSettings): void {
    if (
      settings.deviceId === this.settings.deviceId &&
      settings.laptopName === this.settings.laptopName &&
      settings.backupKeep === this.settings.backupKeep
    )
      return;
    this.settings = { ...settings };
    this.post({ kind: 'settings', ...settings });
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Closes the document and ends the worker (the app quits, the host stops). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.close();
    } catch {
      // A worker that cannot close its document is ended all the same; SQLite's journal keeps the file whole.
    }
    this.stopped = true;
    this.clearWatchdog();
    await this.worker.terminate();
  }

  private spawn(failure?: WorkerSetup['failure']): Worker {
    const workerData: WorkerSetup = { ...this.setup, ...this.settings, ...(failure ? { failure } : {}) };
    const worker = new Worker(this.options.entry ?? defaultWorkerEntry(), {
      workerData,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    worker.on('message', (message: FromWorker) => {
      if (worker !== this.worker) return;
      this.lastSignOfLife = performance.now();
      if (message.kind === 'answer') {
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        pending?.resolve(message.json);
      } else if (message.kind === 'changed') {
        this.currentPath = message.path;
        this.heldLock = message.lock;
        this.emit();
      }
      this.armWatchdog();
    });
    worker.on('error', (error) => {
      if (worker === this.worker && !this.stopped) this.end(`the data worker failed: ${error.message}`);
    });
    worker.on('exit', (code) => {
      if (worker === this.worker && !this.stopped) this.end(`the data worker stopped (exit code ${code})`);
    });
    return worker;
  }

  private send(message: (id: number) => ToWorker, limitMs: number): Promise<string> {
    if (this.stopped) return Promise.resolve(answerText(fail({ code: 'no_document', message: 'errors.no_document' })));
    const id = this.nextId++;
    return new Promise((resolve) => {
      if (this.pending.size === 0) this.lastSignOfLife = performance.now();
      this.pending.set(id, { resolve, limitMs });
      try {
        this.worker.postMessage(message(id));
      } catch (error) {
        // Only plain data crosses to the worker (a function, say, cannot be cloned).
        this.pending.delete(id);
        resolve(answerText(fail({ code: 'invalid_input', message: 'validation.invalid', detail: String(error) })));
      }
      this.armWatchdog();
    });
  }

  private post(message: ToWorker): void {
    if (!this.stopped) this.worker.postMessage(message);
  }

  private async request(request: DocumentRequest): Promise<unknown> {
    const json = await this.send((id) => ({ kind: 'document', id, request }), this.limits.documentMs);
    const result = JSON.parse(json) as Result<unknown>;
    if (!result.ok) throw errorFrom(result.error);
    return result.value;
  }

  /** The watchdog waits for the longest limit of the calls outstanding, from the last sign of life. */
  private armWatchdog(): void {
    this.clearWatchdog();
    if (this.pending.size === 0 || this.stopped) return;
    const limit = Math.max(...[...this.pending.values()].map((pending) => pending.limitMs));
    const wait = Math.max(0, this.lastSignOfLife + limit - performance.now());
    this.watchdog = setTimeout(() => this.end(`no answer within ${(limit / 1000).toFixed(1)} s`), wait);
  }

  private clearWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
  }

  /** Ends the worker: every waiting call is answered, the lock removed, and a new worker started. */
  private end(detail: string): void {
    this.clearWatchdog();
    const path = this.currentPath;
    const ended = this.worker;
    this.options.log?.(`data worker ended: ${detail}${path ? ` (${path})` : ''}`);
    // terminate() stops its JavaScript at once; better-sqlite3 closes its connections as the thread ends.
    ended.terminate().catch(() => {});
    if (this.heldLock) removeLockOf(this.heldLock.path, this.heldLock.token);
    this.heldLock = null;
    this.currentPath = null;
    const error: ApiError = {
      code: 'unresponsive',
      message: 'errors.unresponsive',
      params: { file: path ? basename(path) : '' },
      detail,
    };
    const waiting = [...this.pending.values()];
    this.pending.clear();
    this.worker = this.spawn(path ? { path, detail } : undefined);
    for (const pending of waiting) pending.resolve(answerText(fail(error)));
    this.options.onEnded?.(path, detail);
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** A failed document request as the error the shell's dialogs show. */
function errorFrom(error: ApiError): Error {
  if (isDocumentErrorCode(error.code)) {
    return new DocumentError(error.code, error.detail ?? error.message, { ...error.params });
  }
  return new ServiceError(error);
}
