import { copyFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataWorker, type WatchdogLimits } from '../../electron/data-worker/client';
import { lockPathFor } from '../../electron/db/lock';
import { openDocument } from '../../electron/db/open';
import { SettingsStore } from '../../electron/settings';
import { createShellRouter, unsupportedFileActions } from '../../electron/shell-router';
import { RESOURCES_DIR } from '../helpers/documents';
import { useTempDir } from '../helpers/files';
import { csvOfRows } from '../helpers/sheets';

/**
 * The data side runs in a worker thread, behind a watchdog: the shell's thread (Electron's
 * main process, the browser host) stays free during any call, and a call that runs past its
 * limit ends the worker, answers "did not respond and was closed", and forgets the document as
 * the one to open at the next start. Real worker threads over real files.
 */

const tempDir = useTempDir();

function startWorker(dir: string, settings: SettingsStore, limits: Partial<WatchdogLimits> = {}) {
  const { deviceId, backupKeep } = settings.get();
  const ended: (string | null)[] = [];
  const documents = new DataWorker(
    { resourcesDir: RESOURCES_DIR, deviceId, backupKeep, backupRoot: join(dir, 'backups') },
    {
      limits,
      onEnded: (path) => {
        ended.push(path);
        if (path) settings.forgetLastDocument(path);
      },
      log: () => {},
    },
  );
  const router = createShellRouter({ settings, files: unsupportedFileActions, data: documents, log: () => {} });
  return { documents, router, ended };
}

/** An import file big enough that its check takes seconds (100,000 rows: 1.5–25 s here, 200,000 rows 2.5 s on an idle machine). */
function bigImport(rows = 100_000) {
  return { fileName: 'stor.csv', contentBase64: Buffer.from(csvOfRows(rows, 'Ny ort')).toString('base64') };
}

/** The longest the shell's event loop was held up while `work` ran, in ms. */
async function longestStall<T>(work: Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 10);
  try {
    return { result: await work, stallMs };
  } finally {
    clearInterval(ticker);
  }
}

describe('the data worker', () => {
  it('answers the window while an import is being checked: the shell thread is never held up', async () => {
    const dir = tempDir();
    const settings = new SettingsStore(join(dir, 'settings.json'));
    const { documents, router } = startWorker(dir, settings);
    try {
      await documents.create(join(dir, 'kedja.vanort'), { kind: 'demo' });
      const content = bigImport(200_000);
      const started = performance.now();
      const preview = router.call('import.preview', content);
      // A shell method (the language menu) is answered at once, while the worker is busy.
      const language = await router.call('settings.setLanguage', { language: 'en' });
      const languageMs = performance.now() - started;
      const { result, stallMs } = await longestStall(preview);
      const previewMs = performance.now() - started;
      expect(language).toEqual({ ok: true, value: { language: 'en', languageChosen: true, laptopName: '' } });
      expect(result).toMatchObject({ ok: true });
      expect(previewMs).toBeGreaterThan(1000);
      expect(languageMs).toBeLessThan(previewMs / 4);
      // Timers in the shell thread kept running (a stall of a whole preview would be seconds).
      expect(stallMs).toBeLessThan(previewMs / 4);
      console.log(
        `preview of 200,000 rows: ${previewMs.toFixed(0)} ms; language answered after ${languageMs.toFixed(0)} ms; longest stall ${stallMs.toFixed(0)} ms`,
      );
    } finally {
      await documents.stop();
    }
  });

  it('ends a call that runs past its limit, says so, forgets the document for the next start, and opens it again on purpose', async () => {
    const dir = tempDir();
    const settings = new SettingsStore(join(dir, 'settings.json'));
    const path = join(dir, 'kedja.vanort');
    const { documents, router, ended } = startWorker(dir, settings, { longCallMs: 400 });
    try {
      await documents.create(path, { kind: 'demo' });
      settings.noteOpened(path);
      expect(existsSync(lockPathFor(path))).toBe(true);
      const content = bigImport(200_000);
      const started = performance.now();
      const answer = await router.call('import.preview', content);
      const tookMs = performance.now() - started;
      expect(answer).toMatchObject({ ok: false, error: { code: 'unresponsive', params: { file: 'kedja.vanort' } } });
      // Ended at its limit (400 ms), with room for a loaded machine; the whole check takes 10–25 s.
      expect(tookMs).toBeLessThan(4000);
      expect(ended).toEqual([path]);
      // The window now shows why there is no document.
      expect(await router.call('document.info', {})).toMatchObject({
        ok: false,
        error: { code: 'unresponsive', message: 'errors.unresponsive', params: { file: 'kedja.vanort' } },
      });
      expect(documents.path).toBeNull();
      // The ended worker's lock is gone, and the next start opens the demo, not this document.
      expect(existsSync(lockPathFor(path))).toBe(false);
      const stored = new SettingsStore(join(dir, 'settings.json')).get();
      expect(stored.lastDocument).toBeNull();
      expect(stored.recentFiles).toContain(path);
      // Opened again on purpose, it is whole and writable.
      await documents.open(path);
      const info = await router.call('document.info', {});
      expect(info).toMatchObject({ ok: true, value: { fileName: 'kedja.vanort', readOnly: false } });
      const chains = await router.call('chains.list', {});
      expect(chains.ok && (chains.value as unknown[]).length).toBeGreaterThan(0);
    } finally {
      await documents.stop();
    }
  });

  it(
    'ended in the middle of an import, leaves the document whole: all of the import or none of it',
    { timeout: 240_000 },
    async () => {
      const dir = tempDir();
      const settings = new SettingsStore(join(dir, 'settings.json'));
      const path = join(dir, 'kedja.vanort');
      const content = bigImport(10_000);
      const importOnce = async (limit?: number) => {
        const { documents, router } = startWorker(dir, settings, limit ? { longCallMs: limit } : {});
        try {
          await documents.open(path);
          const chains = await router.call('chains.list', {});
          const chainId = chains.ok ? (chains.value as { id: string }[])[0]!.id : '';
          const started = performance.now();
          const answer = await router.call('import.apply', { ...content, chainId, countYear: 2013 });
          const took = performance.now() - started;
          return { outcome: answer.ok ? 'imported' : (answer as { error: { code: string } }).error.code, took };
        } finally {
          await documents.stop();
        }
      };
      const addedRows = async () => {
        const reader = await openDocument(path);
        try {
          expect(reader.db.pragma('integrity_check', { simple: true })).toBe('ok');
          expect(reader.db.pragma('foreign_key_check')).toEqual([]);
          return reader.db
            .prepare(`SELECT count(*) FROM place WHERE name LIKE 'Ny ort %' AND deleted_at IS NULL`)
            .pluck()
            .get() as number;
        } finally {
          reader.close();
        }
      };
      // Every run starts from the document as it was before any import.
      const made = startWorker(dir, settings);
      await made.documents.create(path, { kind: 'demo' });
      await made.documents.stop();
      const pristine = join(dir, 'före.vanort');
      copyFileSync(path, pristine);
      const fromPristine = async (limit?: number) => {
        // An ended worker may leave its write-ahead log; it belongs to the run that is over.
        for (const suffix of ['-wal', '-shm']) rmSync(path + suffix, { force: true });
        copyFileSync(pristine, path);
        return importOnce(limit);
      };
      // How long the whole import takes on this machine now (the faster of two, as load varies);
      // then it is ended at points through it, the later ones in the writing (the rows are checked
      // first, then written in one transaction).
      const first = await fromPristine();
      expect(await addedRows()).toBe(10_000);
      const second = await fromPristine();
      expect([first.outcome, second.outcome]).toEqual(['imported', 'imported']);
      const whole = first.took < second.took ? first : second;
      const outcomes: string[] = [];
      for (const fraction of [0.2, 0.4, 0.6, 0.8, 0.95]) {
        const { outcome } = await fromPristine(Math.round(whole.took * fraction));
        const added = await addedRows();
        // All of the import or none of it. An import that answered is all there; one that was
        // ended is none of it, unless it committed just before the watchdog ended the worker
        // (the answer was then still on its way): all of it, never a part.
        if (outcome === 'imported') expect(added).toBe(10_000);
        else expect([0, 10_000]).toContain(added);
        outcomes.push(added === 0 ? outcome : `${outcome} (all written)`);
      }
      console.log(`import of 10,000 rows took ${whole.took.toFixed(0)} ms; ended at 20–95 % of that: ${outcomes.join(', ')}`);
      // At least the early ones were ended (the machine's load varies the later ones).
      expect(outcomes.filter((outcome) => outcome === 'unresponsive').length).toBeGreaterThanOrEqual(2);
    },
  );

  it('a worker that dies (out of memory, a crash) answers every waiting call and starts again without the document', async () => {
    const dir = tempDir();
    const settings = new SettingsStore(join(dir, 'settings.json'));
    const path = join(dir, 'kedja.vanort');
    const entry = join(dir, 'dying-worker.mjs');
    // Answers the open, then dies on the next call, as a worker out of memory does.
    writeFileSync(
      entry,
      `import { parentPort } from 'node:worker_threads';
       parentPort.on('message', (message) => {
         if (message.kind === 'document') parentPort.postMessage({ kind: 'changed', path: ${JSON.stringify(path)}, lock: null });
         if (message.kind === 'document') parentPort.postMessage({ kind: 'answer', id: message.id, json: '{"ok":true,"value":null}' });
         else if (message.kind === 'call') process.exit(7);
       });`,
    );
    const { deviceId, backupKeep } = settings.get();
    const ended: (string | null)[] = [];
    const documents = new DataWorker(
      { resourcesDir: RESOURCES_DIR, deviceId, backupKeep },
      { entry: new URL(`file://${entry}`), onEnded: (ended_) => ended.push(ended_), log: () => {} },
    );
    try {
      await documents.open(path);
      expect(documents.path).toBe(path);
      const answers = await Promise.all([documents.call('chains.list', {}), documents.call('document.info', {})]);
      for (const answer of answers) {
        expect(answer).toMatchObject({ ok: false, error: { code: 'unresponsive', params: { file: 'kedja.vanort' } } });
        expect((answer as { error: { detail: string } }).error.detail).toContain('exit code 7');
      }
      expect(ended).toEqual([path]);
      expect(documents.path).toBeNull();
    } finally {
      await documents.stop();
    }
  });
});
