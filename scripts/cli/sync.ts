/**
 * npm run sync -- send|merge|conflicts --db PATH [options]
 * Sharing a chain document between laptops without the window, for IT helpers (`--help` lists
 * the options). It goes through the window's own code: a DocumentSession opens the document and
 * loads its engine, and the data router's sync.* methods do the work. Every message is translated.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { homedir, hostname, tmpdir, userInfo } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { TFunction } from 'i18next';
import { DocumentError } from '../../electron/db/errors';
import { DocumentSession } from '../../electron/document-session';
import { createDataRouter, type Router } from '../../electron/router';
import { readStoredSettings } from '../../electron/settings';
import { mapDataFrom } from '../../electron/services/map-data';
import { EXCHANGE_MAX_BYTES, type Conflict, type MergePreview, type SyncStatus } from '../../shared/contract';
import { formatInteger, type Language } from '../../shared/format';
import { cliLanguage } from './language';
import { createI18n, translateKey } from '../../shared/i18n';
import type { ApiError } from '../../shared/result';
import { authorText, changeText, dateText, fieldText, thingText, valueText } from '../../shared/sharing/describe';
import { nameSchema } from '../../shared/validation';

/** A refusal to print: the message is already in the user's language. */
class Refusal extends Error {}

const COMMANDS = ['send', 'merge', 'conflicts'] as const;
type Command = (typeof COMMANDS)[number];

const options = {
  db: { type: 'string' },
  out: { type: 'string' },
  file: { type: 'string' },
  all: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  laptop: { type: 'string' },
  settings: { type: 'string' },
  language: { type: 'string' },
  // The old spelling, still taken.
  lang: { type: 'string' },
  help: { type: 'boolean' },
} as const;

/** The options each command takes besides --db, --laptop, --settings, --lang and --help. */
const OWN_OPTIONS: Record<Command, { required: 'out' | 'file' | null; optional: (keyof typeof options)[] }> = {
  send: { required: 'out', optional: ['all'] },
  merge: { required: 'file', optional: ['dry-run'] },
  conflicts: { required: null, optional: ['json'] },
};
const COMMON = new Set<string>(['db', 'laptop', 'settings', 'language', 'lang', 'help']);

/** Where the app keeps settings.json on this computer (Electron's userData for "Vänortsatlas"). */
function appSettingsPath(): string {
  const home = homedir();
  const folder =
    process.platform === 'win32'
      ? (process.env.APPDATA ?? join(home, 'AppData', 'Roaming'))
      : process.platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : (process.env.XDG_CONFIG_HOME ?? join(home, '.config'));
  return join(folder, 'Vänortsatlas', 'settings.json');
}

let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>> | null = null;
try {
  parsed = parseArgs({ options, allowPositionals: true });
} catch {
  // An unknown option or one without its value: the usage says them all.
}
const values = parsed?.values;
const language: Language = cliLanguage(values?.language ?? values?.lang, 'en') ?? 'en';
const t: TFunction = (await createI18n(language)).getFixedT(language);
const settingsPath = values?.settings ?? appSettingsPath();

function usage(problem?: string): never {
  const text = t('cli.sync.usage', { host: hostname(), settings: settingsPath });
  if (problem) console.error(`${problem}\n\n${text}`);
  else console.error(text);
  process.exit(values?.help && !problem ? 0 : 2);
}

const command = parsed?.positionals[0] as Command | undefined;
if (!values || values.help) usage();
if (cliLanguage(values.language ?? values.lang, 'en') === null) usage();
if (parsed!.positionals.length !== 1 || !COMMANDS.includes(command!)) usage();
const own = OWN_OPTIONS[command!];
const misplaced = Object.keys(values).find(
  (name) => !COMMON.has(name) && name !== own.required && !own.optional.includes(name as never),
);
if (misplaced) usage(t('cli.sync.notFor', { option: `--${misplaced}`, command }));
if (!values.db || (own.required && !values[own.required])) usage();

/**
 * Who the changes this command makes are recorded as. The device id is the one the app on this
 * computer uses (its settings.json), so the command and the app are one laptop to the others;
 * without an app here, an id made from the host and user name, the same at every run. The name
 * is --laptop, else the app's "This computer's name", else the host name.
 */
function identity(): { device: string; laptop: string } {
  const stored = readStoredSettings(settingsPath);
  let laptop = stored.laptopName || hostname().slice(0, 200);
  if (values!.laptop !== undefined) {
    const checked = nameSchema.safeParse(values!.laptop);
    if (!checked.success) usage(`--laptop: ${translateKey(t, checked.error.issues[0]?.message ?? 'validation.invalid')}`);
    laptop = checked.data;
  }
  const device =
    stored.deviceId ??
    `cli-${createHash('sha256').update(`vanortsatlas-cli:${hostname()}:${user()}`).digest('hex').slice(0, 32)}`;
  return { device, laptop };
}

/** The OS user's name; its uid where there is no name for it (a container's arbitrary user). */
function user(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? '');
  }
}

const me = identity();
const dbPath = values.db;
const dbFile = basename(dbPath);

/** An API error (a key and its parameters) in the user's words; `file` names the file it is about. */
function apiText(error: ApiError, file: string): string {
  const text = translateKey(t, error.message, { ...error.params, file }, 'errors.internal');
  return error.code === 'internal' && error.detail ? `${text} (${error.detail})` : text;
}

class ApiRefusal extends Refusal {
  constructor(error: ApiError, file: string) {
    super(apiText(error, file));
  }
}

async function call<T>(router: Router, method: string, input: unknown, file = dbFile): Promise<T> {
  const answer = await router.call(method, input);
  if (!answer.ok) throw new ApiRefusal(answer.error, file);
  return answer.value as T;
}

const resourcesDir = join(fileURLToPath(new URL('../../', import.meta.url)), 'resources');

/** A session and the data router over it, as the app's data worker builds them. */
function sessionFor(extra: { lockFolder?: string } = {}): { session: DocumentSession; router: Router } {
  const session = new DocumentSession({ device: () => me.device, laptop: () => me.laptop, ...extra });
  const router = createDataRouter({ session, mapData: mapDataFrom(resourcesDir), log: () => {} });
  return { session, router };
}

/** A document this command must write to is refused while another app has it, or it is read-only. */
function refuseReadOnly(session: DocumentSession): void {
  const info = session.info();
  if (!info.readOnly) return;
  if (info.readOnlyReason === 'in_use') {
    const holder = info.lockHolder;
    throw new Refusal(
      t('cli.sync.inUse', {
        file: dbFile,
        host: holder?.host ?? '?',
        since: holder?.since.slice(0, 16).replace('T', ' ') ?? '?',
      }),
    );
  }
  throw new Refusal(t(info.readOnlyReason === 'folder' ? 'cli.sync.readOnlyFolder' : 'cli.sync.readOnlyFile', { file: dbFile }));
}

async function enable(router: Router): Promise<void> {
  const { builtMs } = await call<{ builtMs: number }>(router, 'sync.enable', {});
  console.log(t('cli.sync.enabled', { file: dbFile, ms: formatInteger(builtMs, language) }));
}

/** The file to merge, read whole only once it is known to be a file of bounded size. */
function readIncoming(path: string): { fileName: string; contentBase64: string } {
  let size: number;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw new Refusal(t('cli.sync.notAFile', { path }));
    size = stats.size;
  } catch (error) {
    if (error instanceof Refusal) throw error;
    throw new Refusal(t('cli.noFile', { path }));
  }
  if (size > EXCHANGE_MAX_BYTES) throw new Refusal(t('errors.exchangeTooLarge'));
  const bytes = readFileSync(path);
  if (bytes.length > EXCHANGE_MAX_BYTES) throw new Refusal(t('errors.exchangeTooLarge'));
  return { fileName: basename(path), contentBase64: bytes.toString('base64') };
}

const sameFile = (a: string, b: string): boolean => {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
};

/** Where send writes: FILE, or a file named after this computer in the folder FILE; never the document. */
function outTarget(out: string): { out: string; isFolder: boolean } {
  let isFolder = false;
  try {
    isFolder = statSync(out).isDirectory();
  } catch {
    // Not there yet: the file is made.
  }
  if (!isFolder && ['', '-wal', '-shm'].some((suffix) => sameFile(out, dbPath + suffix)))
    throw new Refusal(t('cli.sync.outIsDocument'));
  // Checked now, not when the file is written: sharing may be turned on in between.
  const folder = isFolder ? out : dirname(resolve(out));
  let isFolderThere = false;
  try {
    isFolderThere = statSync(folder).isDirectory();
  } catch {
    // Missing: refused below.
  }
  if (!isFolderThere) throw new Refusal(t('cli.sync.noFolder', { path: folder }));
  return { out, isFolder };
}

async function send(session: DocumentSession, router: Router, target: { out: string; isFolder: boolean }): Promise<void> {
  const status = await call<SyncStatus>(router, 'sync.status', {});
  let { out } = target;
  if (!status.shared) {
    refuseReadOnly(session);
    await enable(router);
  }
  const file = await call<{ fileName: string; contentBase64: string; bytes: number; changes: number }>(router, 'sync.send', {
    all: values!.all === true,
  });
  if (target.isFolder) out = join(out, file.fileName);
  // Written beside under another name, then renamed: a reader never sees half a file.
  const temporary = join(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, Buffer.from(file.contentBase64, 'base64'));
    renameSync(temporary, out);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new Refusal(t('cli.sync.writeFailed', { path: out, reason: error instanceof Error ? error.message : String(error) }));
  }
  console.log(t('cli.sync.wrote', { path: out, count: file.changes, bytes: formatInteger(file.bytes, language) }));
}

/** One conflict on one line: the thing and field, then each value with its laptop and date. */
function conflictLine(conflict: Conflict): string {
  const kept = conflict.values.map((entry) => {
    const when = dateText(language, entry.at);
    const who = when ? `${authorText(t, entry.author)}, ${when}` : authorText(t, entry.author);
    const shown = entry.shown ? ` ${t('cli.sync.shown')}` : '';
    return `${valueText(t, language, conflict.field, entry.value)} (${who})${shown}`;
  });
  return `${thingText(t, conflict.row)}, ${fieldText(t, conflict)}: ${kept.join(' | ')}`;
}

function printPreview(preview: MergePreview): void {
  if (preview.from.length > 0)
    console.log(t('cli.sync.from', { laptops: preview.from.map((author) => authorText(t, author)).join(', ') }));
  const sections = [
    ['cli.sync.changed', preview.changed],
    ['cli.sync.added', preview.added],
    ['cli.sync.removed', preview.removed],
  ] as const;
  for (const [heading, changes] of sections) {
    if (changes.length === 0) continue;
    console.log(t(heading, { count: changes.length }));
    for (const change of changes) console.log(`  ${changeText(t, language, change)}`);
  }
  if (preview.conflicts.length === 0) console.log(t('cli.sync.noConflicts'));
  else {
    console.log(t('cli.sync.conflicts', { count: preview.conflicts.length }));
    for (const conflict of preview.conflicts) console.log(`  ${conflictLine(conflict)}`);
  }
  if (preview.missingEarlier) console.log(t('cli.sync.missingEarlier'));
}

/**
 * What merging would do on a document not yet shared: worked out on a copy in a private
 * temporary folder, with sharing turned on there (the first history is the same, see engine.ts),
 * so the document itself is not written until the preview is known and the file accepted.
 */
async function previewOnCopy(session: DocumentSession, incoming: { fileName: string; contentBase64: string }) {
  const folder = mkdtempSync(join(tmpdir(), 'vanort-sync-'));
  const trial = sessionFor({ lockFolder: folder });
  try {
    const copy = join(folder, dbFile);
    await session.saveCopy(copy);
    await trial.session.open(copy);
    await call(trial.router, 'sync.enable', {});
    return await call<MergePreview>(trial.router, 'sync.preview', incoming, incoming.fileName);
  } finally {
    trial.session.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

async function merge(
  session: DocumentSession,
  router: Router,
  incoming: { fileName: string; contentBase64: string },
): Promise<void> {
  const dryRun = values!['dry-run'] === true;
  const status = await call<SyncStatus>(router, 'sync.status', {});
  if (!dryRun) refuseReadOnly(session);
  const preview = status.shared
    ? await call<MergePreview>(router, 'sync.preview', incoming, incoming.fileName)
    : await previewOnCopy(session, incoming);
  if (preview.nothingNew) {
    console.log(t('cli.sync.nothingNew'));
    return;
  }
  printPreview(preview);
  if (dryRun) {
    if (!status.shared) console.log(t('cli.sync.wouldEnable', { file: dbFile }));
    console.log(t('cli.sync.dryRun', { file: dbFile }));
    return;
  }
  if (!status.shared) await enable(router);
  const merged = await call<{ changed: number; conflicts: number }>(router, 'sync.merge', incoming, incoming.fileName);
  console.log(t('cli.sync.merged', { file: dbFile, changed: merged.changed, conflicts: merged.conflicts }));
}

async function conflicts(router: Router): Promise<void> {
  const status = await call<SyncStatus>(router, 'sync.status', {});
  const list = status.shared ? await call<Conflict[]>(router, 'sync.conflicts', {}) : [];
  if (values!.json) {
    console.log(
      JSON.stringify(
        list.map((conflict) => ({
          key: conflict.key,
          thing: thingText(t, conflict.row),
          table: conflict.row.table,
          rowKey: conflict.rowKey,
          field: conflict.field,
          fieldText: fieldText(t, conflict),
          values: conflict.values.map((entry) => ({
            value: entry.value,
            text: valueText(t, language, conflict.field, entry.value),
            laptop: entry.author.laptop,
            device: entry.author.device,
            at: entry.at,
            shown: entry.shown,
          })),
        })),
        null,
        2,
      ),
    );
    if (!status.shared) console.error(t('cli.sync.sharingOff', { file: dbFile }));
    return;
  }
  if (!status.shared) console.log(t('cli.sync.sharingOff', { file: dbFile }));
  else if (list.length === 0) console.log(t('cli.sync.none', { file: dbFile }));
  else {
    console.log(t('cli.sync.conflicts', { count: list.length }));
    for (const conflict of list) console.log(`  ${conflictLine(conflict)}`);
    console.log(t('cli.sync.decideHint'));
  }
}

const { session, router } = sessionFor();
try {
  // What can be refused without the document is, before it is opened (opening may store its id).
  const target = command === 'send' ? outTarget(values.out!) : null;
  const incoming = command === 'merge' ? readIncoming(values.file!) : null;
  try {
    await session.open(dbPath);
  } catch (error) {
    if (!(error instanceof DocumentError)) throw error;
    if (error.code === 'file_missing') throw new Refusal(t('cli.sync.noDocument', { path: dbPath }));
    throw new Refusal(translateKey(t, `errors.${error.code}`, { ...error.params, file: dbFile }, 'errors.io'));
  }
  if (target) await send(session, router, target);
  else if (incoming) await merge(session, router, incoming);
  else await conflicts(router);
} catch (error) {
  console.error(
    error instanceof Refusal
      ? error.message
      : t('cli.sync.failed', { reason: error instanceof Error ? error.message : String(error) }),
  );
  process.exitCode = 1;
} finally {
  session.close();
}
