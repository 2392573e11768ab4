import { EXCHANGE_MAX_BYTES, SUBJECTS, type EditAnswer, type SyncedFolder } from '../shared/contract';
import type { DocumentSession } from './document-session';
import type { DataMethod, Handlers } from './routing';
import { assertWritable, changeLogEnd } from './services/change-log';
import type { DocumentContext } from './services/context';
import { FolderSync } from './services/sync/folder';
import { incomingFromCopy } from './services/sync/copy';
import { decodeExchange, isExchangeFile, refused, type Incoming } from './services/sync/exchange';
import { parseKey } from './services/sync/keys';
import { syncedFolderOf } from './services/sync/synced-folder';
import { applyMerge, previewMerge } from './services/sync/merge';
import { changeEntries, conflicts, decide, exchangeFile, requireEngine, sharingSummary } from './services/sync/service';

type SyncMethod = Extract<DataMethod, `sync.${string}`>;

const SQLITE_MAGIC = Buffer.from('SQLite format 3\u0000', 'latin1');

interface Deps {
  session: DocumentSession;
  ctx: () => DocumentContext;
  answer: (since: number) => EditAnswer;
  edit: <Input>(apply: (input: Input) => unknown) => (input: Input) => EditAnswer;
}

/** The data side's sharing methods (services/sync/): status, send, preview, merge, conflicts, changes, folder. */
export function sharingHandlers({ session, ctx, answer, edit }: Deps) {
  const folder = new FolderSync(session);
  // Where the document lies does not change while it is open: looked up once per path.
  const syncedFolders = new Map<string, SyncedFolder | null>();
  const syncedFolder = (): SyncedFolder | null => {
    const path = session.path;
    if (!path) return null;
    if (!syncedFolders.has(path)) syncedFolders.set(path, syncedFolderOf(path));
    return syncedFolders.get(path) ?? null;
  };
  // An exchange file, or a copy of the document (SQLite), or a refusal.
  const incoming = async (contentBase64: string): Promise<Incoming> => {
    const bytes = Buffer.from(contentBase64, 'base64');
    if (bytes.length > EXCHANGE_MAX_BYTES) throw refused('errors.exchangeTooLarge', `${bytes.length} bytes`);
    if (isExchangeFile(bytes)) return decodeExchange(bytes);
    if (bytes.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) return incomingFromCopy(bytes, session.copyOptions());
    throw refused('errors.exchangeDamaged', 'not an exchange file');
  };
  const handlers = {
    'sync.status': () => ({
      ...sharingSummary(ctx()),
      laptop: ctx().laptop ?? '',
      device: ctx().device,
      folder: folder.folder(),
      revision: folder.revision,
      syncedFolder: syncedFolder(),
    }),
    'sync.enable': () => {
      assertWritable(ctx());
      const since = changeLogEnd(ctx());
      const started = performance.now();
      session.enableSharing();
      return { ...answer(since), touched: ['document' as const], builtMs: Math.round(performance.now() - started) };
    },
    'sync.send': ({ all }: { all?: boolean }) => {
      const file = exchangeFile(ctx(), all ?? false);
      return {
        fileName: file.fileName,
        contentBase64: file.bytes.toString('base64'),
        bytes: file.bytes.length,
        changes: file.changes,
      };
    },
    'sync.preview': async ({ contentBase64 }: { fileName: string; contentBase64: string }) =>
      previewMerge(ctx(), requireEngine(ctx()), await incoming(contentBase64)),
    'sync.merge': async ({ contentBase64 }: { fileName: string; contentBase64: string }) => {
      assertWritable(ctx());
      const since = changeLogEnd(ctx());
      const file = await incoming(contentBase64);
      const result = applyMerge(ctx(), requireEngine(ctx()), file);
      folder.afterChange();
      return { ...answer(since), touched: [...SUBJECTS], changed: result.changed, conflicts: result.conflicts };
    },
    'sync.conflicts': () => conflicts(ctx()),
    'sync.decide': (input: { key: string; value: string | number | null }) => {
      const answered = edit(({ key, value }: typeof input) => {
        decide(ctx(), key, value);
        folder.afterChange();
      })(input);
      // Keeping the value shown changes no table, yet the conflict is gone: what reads it must ask again.
      const table = parseKey(input.key)?.table;
      return table && !answered.touched.includes(table)
        ? { ...answered, touched: [...answered.touched, table].sort() }
        : answered;
    },
    'sync.changes': (filter: { device?: string; since?: string; sinceLastMerge?: boolean; limit?: number }) =>
      changeEntries(ctx(), filter),
    'sync.setFolder': ({ folder: path }: { folder: string | null }) => {
      assertWritable(ctx());
      const since = changeLogEnd(ctx());
      const chosen = folder.setFolder(path);
      return { ...answer(since), touched: [...SUBJECTS], folder: chosen };
    },
    'sync.checkFolder': () => {
      const since = changeLogEnd(ctx());
      const merged = folder.check();
      // Nothing merged: nothing the window shows changed (the status says the rest when polled).
      return { ...answer(since), touched: merged > 0 ? [...SUBJECTS] : [], merged };
    },
  } satisfies Handlers<SyncMethod>;
  return handlers;
}
