import {
  accessSync,
  constants,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  watch,
  writeFileSync,
  type FSWatcher,
  type Stats,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import * as A from '@automerge/automerge';
import { EXCHANGE_MAX_BYTES } from '../../../shared/contract';
import type { DocumentSession } from '../../document-session';
import { ServiceError, type DocumentContext } from '../context';
import { EXCHANGE_EXTENSION, decodeExchange } from './exchange';
import { applyMerge } from './merge';
import { isWithin, realPath } from './synced-folder';
import { changesFileName, exchangeFile } from './service';

/**
 * Sharing through a folder that a sync tool keeps alike on every laptop (Syncthing, Nextcloud,
 * OneDrive, Dropbox). Each laptop writes its own changes file there (to a temporary name, then
 * renamed: a sync tool never sends half a file) and merges the others' files when they appear:
 * the folder is watched, looked at every few seconds, and again when the window gets focus.
 * The document itself stays on the laptop: a live SQLite file and its -wal in a synced folder is
 * how such files get damaged.
 */

const FOLDER = 'sync_folder';
const POLL_MS = 2000;
/** Looks at one version of a file whose merge failed (not the file's fault) before it waits for the next version. */
const TRIES = 5;

/** Files a sync tool leaves that are not a laptop's changes file (partial downloads, Office locks). */
export function isLeftover(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~$') || name.endsWith('.tmp') || name.endsWith('.partial');
}

/**
 * What tells a file's versions apart: a sync tool renames each new version in (a new inode) and
 * gives it the sender's mtime, which can repeat (FAT's 2 s steps); size alone can too. Not ctime:
 * tools set their own attributes on files (Dropbox's xattrs), which is no new version.
 */
function stampOf(stat: Stats): string {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
}

export function storedFolder(ctx: DocumentContext): string | null {
  const text = ctx.db.prepare('SELECT value FROM document_property WHERE key = ?').pluck().get(FOLDER) as string | undefined;
  if (!text) return null;
  try {
    const { device, path } = JSON.parse(text) as { device?: unknown; path?: unknown };
    // The setting is this laptop's: a copy sent to a colleague does not sync into their folder of that name.
    return device === ctx.device && typeof path === 'string' ? path : null;
  } catch {
    return null;
  }
}

export class FolderSync {
  /** Goes up each time the folder brought changes (the window polls it to refetch). */
  revision = 0;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private debounce: NodeJS.Timeout | null = null;
  /** Each file's version last looked at, and the laptop (device) that wrote it, when it could be read. */
  private readonly seen = new Map<string, { stamp: string; device: string | null }>();
  /** Files whose reading or merging failed for another reason than the file itself, and how often. */
  private readonly failed = new Map<string, { stamp: string; tries: number }>();
  private written: string | null = null;

  constructor(private readonly session: DocumentSession) {
    session.onChange(() => {
      // Another document (or an older copy restored at its path): every file is looked at anew.
      this.forget();
      this.restart();
    });
  }

  private forget(): void {
    this.seen.clear();
    this.failed.clear();
    this.written = null;
  }

  private context(): DocumentContext | null {
    try {
      return this.session.openDocumentOrNull() ? this.session.context() : null;
    } catch {
      return null;
    }
  }

  folder(): string | null {
    const ctx = this.context();
    return ctx && ctx.sync ? storedFolder(ctx) : null;
  }

  /** Chooses the folder (null: stop syncing through one). The document must not lie inside it. */
  setFolder(path: string | null): string | null {
    const ctx = this.session.context();
    if (!ctx.sync) throw new ServiceError({ code: 'invalid_input', message: 'errors.notShared' });
    if (path === null) {
      ctx.db.prepare('DELETE FROM document_property WHERE key = ?').run(FOLDER);
      this.restart();
      return null;
    }
    let folder = resolve(path);
    try {
      if (!statSync(folder).isDirectory()) throw new Error('not a folder');
      accessSync(folder, constants.W_OK | constants.R_OK);
      // Through links, as the sync tool sees it: a link to the document's own folder is that folder.
      folder = realpathSync(folder);
    } catch {
      throw new ServiceError({ code: 'invalid_input', field: 'folder', message: 'errors.syncFolderUnusable', detail: folder });
    }
    const documentPath = this.session.path;
    if (documentPath) {
      if (isWithin(folder, realPath(dirname(resolve(documentPath)))))
        throw new ServiceError({
          code: 'invalid_input',
          field: 'folder',
          message: 'errors.syncFolderHoldsDocument',
          detail: folder,
        });
    }
    ctx.db
      .prepare('INSERT INTO document_property (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(FOLDER, JSON.stringify({ device: ctx.device, path: folder }));
    this.forget();
    this.check();
    this.restart();
    return folder;
  }

  /** Merges the other laptops' files that are new or changed, then writes this laptop's. Returns how many brought changes. */
  check(): number {
    const ctx = this.context();
    const folder = ctx ? storedFolder(ctx) : null;
    if (!ctx || !ctx.sync || !folder || ctx.readOnly) return 0;
    let merged = 0;
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      return 0;
    }
    for (const name of names) {
      if (!name.endsWith(EXCHANGE_EXTENSION) || isLeftover(name)) continue;
      const path = join(folder, name);
      let stamp: string;
      try {
        const stat = statSync(path);
        if (!stat.isFile() || stat.size > EXCHANGE_MAX_BYTES) continue;
        stamp = stampOf(stat);
      } catch {
        continue;
      }
      const before = this.seen.get(name);
      if (before?.stamp === stamp) continue;
      let device = before?.device ?? null;
      try {
        const incoming = decodeExchange(readFileSync(path));
        device = incoming.from?.device ?? null;
        // Another document's file, or this laptop's own (its file as it was, a renamed laptop's,
        // a sync-conflict copy of it), brings nothing to merge; a damaged one is looked at again when it changes.
        if (incoming.documentId === ctx.sync.documentId && device !== ctx.device) {
          if (applyMerge(ctx, ctx.sync, incoming).changed > 0) merged += 1;
        }
      } catch (error) {
        // Damaged, or another version's: nothing written; looked at again when it changes. Anything
        // else (the file held by the sync tool, the document busy, the disk full) is tried again at
        // the next look, up to TRIES times for one version of the file.
        if (!(error instanceof ServiceError && error.apiError.code === 'exchange_refused')) {
          const failed = this.failed.get(name);
          const tries = failed?.stamp === stamp ? failed.tries + 1 : 1;
          this.failed.set(name, { stamp, tries });
          if (tries < TRIES) continue;
        }
      }
      this.seen.set(name, { stamp, device });
    }
    this.writeOwn(ctx, folder);
    if (merged > 0) this.revision += 1;
    return merged;
  }

  /**
   * This laptop's file name: NAME.vanort-changes, unless another laptop of the same name writes
   * that file already; then NAME (device).vanort-changes, so neither writes over the other's.
   */
  private ownName(ctx: DocumentContext): string {
    const name = changesFileName(ctx.laptop ?? '', ctx.device);
    const owner = this.seen.get(name)?.device;
    if (!owner || owner === ctx.device) return name;
    return `${name.slice(0, -EXCHANGE_EXTENSION.length)} (${ctx.device.slice(0, 8)})${EXCHANGE_EXTENSION}`;
  }

  /** After a merge or a decision made in the window: this laptop's file at once. */
  afterChange(): void {
    const ctx = this.context();
    const folder = ctx ? storedFolder(ctx) : null;
    if (!ctx || !folder) return;
    // Not looked in yet (just opened): first learn whose files are there, so as not to write over one.
    if (this.seen.size === 0) this.check();
    else this.writeOwn(ctx, folder);
  }

  /** Writes this laptop's file when its changes are new, or the file is no longer the one written (removed, replaced). */
  private writeOwn(ctx: DocumentContext, folder: string): void {
    if (!ctx.sync) return;
    const name = this.ownName(ctx);
    const heads = JSON.stringify(A.getHeads(ctx.sync.current));
    const path = join(folder, name);
    let now = '';
    try {
      now = stampOf(statSync(path));
    } catch {
      // Not there: written below.
    }
    if (this.written === `${path}|${heads}|${now}`) return;
    const temporary = join(folder, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      writeFileSync(temporary, exchangeFile(ctx, true).bytes);
      renameSync(temporary, path);
      const stamp = stampOf(statSync(path));
      this.written = `${path}|${heads}|${stamp}`;
      // Not read back as someone else's on the next look.
      this.seen.set(name, { stamp, device: ctx.device });
    } catch {
      rmSync(temporary, { force: true });
    }
  }

  private restart(): void {
    this.stop();
    const ctx = this.context();
    const folder = ctx ? storedFolder(ctx) : null;
    if (!folder) return;
    const later = () => {
      if (this.debounce) clearTimeout(this.debounce);
      this.debounce = setTimeout(() => this.safeCheck(), 200);
      this.debounce.unref?.();
    };
    try {
      this.watcher = watch(folder, later);
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      this.watcher = null;
    }
    this.timer = setInterval(() => this.safeCheck(), POLL_MS);
    this.timer.unref?.();
  }

  private safeCheck(): void {
    try {
      this.check();
    } catch {
      // A locked or closed document: the next look tries again.
    }
  }

  stop(): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.timer) clearInterval(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
    this.timer = null;
    this.debounce = null;
  }
}
