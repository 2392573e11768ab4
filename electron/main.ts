import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { app, dialog, Menu, type BrowserWindow } from 'electron';
import type { i18n } from 'i18next';
import { createI18n } from '../shared/i18n';
import { EVENT_CHANNEL } from '../shared/ipc-channels';
import type { ShellEvent } from '../shared/contract';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { DataWorker } from './data-worker/client';
import { DOCUMENT_EXTENSION } from './db/document-file';
import { createFileActions } from './file-actions';
import { bindRouter } from './transport/ipc';
import { buildMenu } from './menu';
import { createShellRouter } from './shell-router';
import { APP_ORIGIN, applySecurityPolicy, isTrustedFrame } from './security';
import { SettingsStore } from './settings';
import { createMainWindow } from './window';

// Only a development run may load the renderer from Vite's server (and trust it for IPC).
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const appRoot = app.getAppPath();
const DEMO_FILE_NAME = 'Vänersborgs vänortskedja.vanort';

/** A document path given on the command line (file association, "Open with"). */
function documentArgument(argv: string[]): string | null {
  return argv.slice(1).find((arg) => arg.endsWith(`.${DOCUMENT_EXTENSION}`) && existsSync(arg)) ?? null;
}

/**
 * In development better-sqlite3 is built for Node (for the tests); scripts/electron-native.mjs
 * builds a second copy for Electron, used here. The packaged app has electron-builder's rebuild.
 */
function nativeBinding(): string | undefined {
  if (app.isPackaged) return undefined;
  const built = join(appRoot, '.cache', 'electron-native', process.versions.electron, 'better_sqlite3.node');
  return existsSync(built) ? built : undefined;
}

// macOS hands over a double-clicked document with open-file, possibly before the app is ready.
const shellOpenedPaths: string[] = [];
let openFromShell: ((path: string) => void) | null = null;
app.on('open-file', (event, path) => {
  event.preventDefault();
  if (openFromShell) openFromShell(path);
  else shellOpenedPaths.push(path);
});

if (!app.requestSingleInstanceLock()) {
  // The first instance opens the document (second-instance below); two writers on one file are avoided.
  app.quit();
} else {
  registerAppScheme();
  applySecurityPolicy(devServerUrl);
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  // Until the user chooses a language, the system's (when the app speaks it).
  const settings = new SettingsStore(join(userData, 'settings.json'), app.getPreferredSystemLanguages());
  const i18n: i18n = await createI18n(settings.get().language);
  const t = i18n.t.bind(i18n);
  // The router, the document and SQLite run in the data worker, so the window, menus and
  // dialogs stay responsive whatever a document or an import does.
  const { deviceId, laptopName, backupKeep } = settings.get();
  const session = new DataWorker(
    {
      migrationsDir: join(appRoot, 'electron', 'db', 'migrations'),
      nativeBinding: nativeBinding(),
      // Rotating backups in the app's own folder: a copy survives a damaged USB stick or share.
      backupRoot: join(userData, 'backups'),
      backupOnOpen: true,
      resourcesDir: join(appRoot, 'resources'),
      deviceId,
      laptopName,
      backupKeep,
    },
    {
      log: console.warn,
      // A document that did not answer is not reopened by itself at the next start.
      onEnded: (path) => path && settings.forgetLastDocument(path),
    },
  );
  let window: BrowserWindow | null = null;
  const send = (event: ShellEvent) => window?.webContents.send(EVENT_CHANNEL, event);

  const files = createFileActions({
    session,
    settings,
    i18n,
    window: () => window,
    folder: (name) => app.getPath(name),
  });

  const router = createShellRouter({ settings, files, data: session });
  bindRouter(router, (frame) => isTrustedFrame(frame, devServerUrl));

  const refreshMenu = () => {
    const { language, recentFiles } = settings.get();
    Menu.setApplicationMenu(
      buildMenu(
        t,
        { language, recentFiles, developer: !app.isPackaged },
        {
          newDocument: () => void files.newDocument(),
          open: () => void files.openDocument(),
          openRecent: (path) => void files.openPath(path),
          clearRecent: () => settings.update({ recentFiles: [] }),
          saveCopy: () => void files.saveCopy(),
          restoreBackup: () => send({ kind: 'restore-backup' }),
          command: (command) => send({ kind: 'command', command }),
          mergeChanges: () =>
            void files.pickChangesFile().then((file) => {
              if (file) send({ kind: 'merge-file', ...file });
            }),
          exportChain: (format, delimiter) => send({ kind: 'export', format, delimiter }),
          setLanguage: (language) => settings.update({ language }),
          about: () =>
            void dialog.showMessageBox({
              title: t('menu.about'),
              message: t('dialogs.about', { version: app.getVersion() }),
              buttons: [t('dialogs.ok')],
            }),
        },
      ),
    );
  };

  let shownLanguage = settings.get().language;
  settings.onChange(async ({ language, deviceId, laptopName, backupKeep }) => {
    session.updateSettings({ deviceId, laptopName, backupKeep });
    if (language !== shownLanguage) {
      shownLanguage = language;
      await i18n.changeLanguage(language);
      send({ kind: 'language-changed', language });
    }
    refreshMenu();
  });
  session.onChange(() => {
    if (session.path && process.platform === 'darwin') window?.setRepresentedFilename(session.path);
    send({ kind: 'document-changed' });
  });

  // The first document: one named on the command line, else the last one, else the demo,
  // copied into the user's data folder on the very first start.
  const initial = shellOpenedPaths.pop() ?? documentArgument(process.argv) ?? settings.get().lastDocument;
  const demoPath = join(userData, 'documents', DEMO_FILE_NAME);
  try {
    if (initial && existsSync(initial)) await session.open(initial);
    else if (existsSync(demoPath)) await session.open(demoPath);
    else {
      mkdirSync(dirname(demoPath), { recursive: true });
      await session.create(demoPath, { kind: 'demo' });
    }
    if (session.path) settings.noteOpened(session.path);
  } catch {
    // The session keeps the reason and the window shows it; the file is left as it was.
  }
  refreshMenu();

  if (!devServerUrl) serveRenderer(join(appRoot, 'out', 'renderer'), join(appRoot, 'resources'));
  window = createMainWindow({
    title: t('app.name'),
    preload: join(appRoot, 'out', 'preload', 'preload.cjs'),
    icon: join(appRoot, 'resources', 'build', 'icon.png'),
  });
  window.once('ready-to-show', () => window?.show());
  await window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);

  app.on('second-instance', (_event, argv) => {
    const path = documentArgument(argv);
    if (path) void files.openPath(path);
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  openFromShell = (path) => void files.openPath(path);
  app.on('window-all-closed', () => {
    void session.stop().finally(() => app.quit());
  });
}
