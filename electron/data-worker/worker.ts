/**
 * The data worker: the thread where the router, the document session and SQLite run, so that
 * no document, lock file or import can hold up the window, the menus or the dialogs. The shell
 * (data-worker/client.ts) starts it, sends it calls, and ends it when a call runs past its limit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { join } from 'node:path';
import type { TFunction } from 'i18next';
import { createI18n } from '../../shared/i18n';
import type { Language } from '../../shared/format';
import { fail, ok, type Result } from '../../shared/result';
import { DocumentError } from '../db/errors';
import { DocumentSession } from '../document-session';
import { createDataRouter } from '../router';
import { answerText, toApiError } from '../routing';
import { createChain } from '../services/chains';
import { loadDemo, seedDemo } from '../services/demo';
import { exportChainBytes, exportChainToFile } from '../services/exporting';
import { mapDataFrom } from '../services/map-data';
import type { DocumentRequest, DocumentSeed, FromWorker, ToWorker, WorkerSettings, WorkerSetup } from './protocol';

const port = parentPort;
if (!port) throw new Error('data-worker/worker.ts runs only as a worker thread');
const setup = workerData as WorkerSetup;
let settings: WorkerSettings = { deviceId: setup.deviceId, laptopName: setup.laptopName, backupKeep: setup.backupKeep };

const post = (message: FromWorker) => port.postMessage(message);

const session = new DocumentSession({
  migrationsDir: setup.migrationsDir,
  nativeBinding: setup.nativeBinding,
  backupRoot: setup.backupRoot,
  backupOnOpen: setup.backupOnOpen,
  device: () => settings.deviceId,
  laptop: () => settings.laptopName ?? '',
  keepBackups: () => settings.backupKeep,
});
const router = createDataRouter({ session, mapData: mapDataFrom(setup.resourcesDir, { nativeBinding: setup.nativeBinding }) });

session.onChange(() => post({ kind: 'changed', path: session.path, lock: session.heldLock() }));

if (setup.failure) {
  const { path, detail } = setup.failure;
  session.noteFailure(path, new DocumentError('unresponsive', detail));
}

const translators = new Map<Language, Promise<TFunction>>();
function translator(language: Language): Promise<TFunction> {
  let found = translators.get(language);
  if (!found) translators.set(language, (found = createI18n(language).then((i18n) => i18n.getFixedT(language))));
  return found;
}

function seeding(seed: DocumentSeed) {
  if (seed.kind === 'chain') return (db: Parameters<typeof createChain>[0]) => void createChain(db, seed.name);
  const demo = loadDemo(join(setup.resourcesDir, 'demo', 'vanersborg-chain.json'));
  return (db: Parameters<typeof seedDemo>[0]) => seedDemo(db, demo);
}

async function handle(request: DocumentRequest): Promise<unknown> {
  switch (request.op) {
    case 'open':
      return session.open(request.path);
    case 'create':
      return session.create(request.path, seeding(request.seed), request.replace);
    case 'saveCopy':
      return session.saveCopy(request.destination);
    case 'exportChain': {
      const { language, ...options } = request.request;
      return exportChainToFile(session.context(), { ...options, t: await translator(language) });
    }
    case 'exportBytes': {
      const { language, ...options } = request.request;
      const file = await exportChainBytes(session.context(), { ...options, t: await translator(language) });
      return { fileName: file.fileName, contentBase64: file.bytes.toString('base64') };
    }
    case 'close':
      return session.close();
  }
}

port.on('message', (message: ToWorker) => {
  if (message.kind === 'settings') {
    settings = { deviceId: message.deviceId, laptopName: message.laptopName, backupKeep: message.backupKeep };
    return;
  }
  const answer = (result: Result<unknown>) => post({ kind: 'answer', id: message.id, json: answerText(result) });
  if (message.kind === 'call') {
    void router.callText(message.method, message.input).then((json) => post({ kind: 'answer', id: message.id, json }));
    return;
  }
  handle(message.request).then(
    (value) => answer(ok(value ?? null)),
    (error: unknown) => answer(fail(toApiError(error))),
  );
});
