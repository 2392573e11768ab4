import { existsSync, mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { app, dialog, Menu, type BrowserWindow } from 'electron';
import type { i18n } from 'i18next';
import { createI18n } from '../shared/i18n';
import { EVENT_CHANNEL } from '../shared/ipc-channels';
import type { ShellEvent } from '../shared/contract';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { DocumentError } from './db/errors';
import { DOCUMENT_EXTENSION } from './db/open';
import { DocumentSession } from './document-session';
import { bindRouter } from './transport/ipc';
import { buildMenu } from './menu';
import { createRouter, type FileActions } from './router';
import { APP_ORIGIN, applySecurityPolicy, isTrustedFrame } from './security';
import { loadDemo, seedDemo } from './services/demo';
import { mapDataFrom } from './services/map-data';
import { reportFooterTemplate } from '../shared/report/params';
import { createChain, listChains } from './services/chains';
import { exportChainToFile } from './services/exporting';
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
  const settings = new SettingsStore(join(userData, 'settings.json'));
  const i18n: i18n = await createI18n(settings.get().language);
  const t = i18n.t.bind(i18n);
  const session = new DocumentSession({
    migrationsDir: join(appRoot, 'electron', 'db', 'migrations'),
    nativeBinding: nativeBinding(),
    device: () => settings.get().deviceId,
    // Rotating backups in the app's own folder: a copy survives a damaged USB stick or share.
    backupRoot: join(userData, 'backups'),
    backupOnOpen: true,
    keepBackups: () => settings.get().backupKeep,
  });
  let window: BrowserWindow | null = null;
  const send = (event: ShellEvent) => window?.webContents.send(EVENT_CHANNEL, event);

  const fileFilters = () => [{ name: t('dialogs.documentFilter'), extensions: [DOCUMENT_EXTENSION] }];
  const showProblem = async (title: string, error: unknown) => {
    const code = error instanceof DocumentError ? error.code : 'io';
    await dialog.showMessageBox({
      type: 'warning',
      title,
      message: title,
      detail: t(`errors.${code}`, { file: '', ...(error instanceof DocumentError ? error.params : {}) }),
      buttons: [t('dialogs.ok')],
    });
  };

  const confirmReplace = async (path: string): Promise<boolean> => {
    const answer = await dialog.showMessageBox({
      type: 'warning',
      message: t('dialogs.replaceQuestion', { file: basename(path) }),
      buttons: [t('dialogs.replace'), t('dialogs.cancel')],
      defaultId: 1,
      cancelId: 1,
    });
    return answer.response === 0;
  };

  const openPath = async (path: string): Promise<boolean> => {
    try {
      await session.open(path);
      settings.noteOpened(path);
      return true;
    } catch (error) {
      if (error instanceof DocumentError) error.params.file = basename(path);
      await showProblem(t('dialogs.openFailed'), error);
      return false;
    }
  };

  const files: FileActions = {
    async newDocument() {
      const result = await dialog.showSaveDialog({
        title: t('dialogs.newTitle'),
        defaultPath: join(app.getPath('documents'), `${t('dialogs.newDefaultName')}.${DOCUMENT_EXTENSION}`),
        filters: fileFilters(),
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      });
      if (result.canceled || !result.filePath) return { opened: false };
      const withExtension = result.filePath.endsWith(`.${DOCUMENT_EXTENSION}`);
      const path = withExtension ? result.filePath : `${result.filePath}.${DOCUMENT_EXTENSION}`;
      // The dialog asked about the name typed; a file with the extension added was not asked about.
      if (!withExtension && existsSync(path) && !(await confirmReplace(path))) return { opened: false };
      if (path === session.path) {
        await showProblem(t('dialogs.openFailed'), new DocumentError('io', 'cannot replace the open document'));
        return { opened: false };
      }
      try {
        const chainName = basename(path, `.${DOCUMENT_EXTENSION}`);
        // The save dialog has asked before replacing an existing file.
        await session.create(path, (db) => createChain(db, chainName), true);
        settings.noteOpened(path);
        return { opened: true };
      } catch (error) {
        await showProblem(t('dialogs.openFailed'), error);
        return { opened: false };
      }
    },
    async openDocument() {
      const result = await dialog.showOpenDialog({
        title: t('dialogs.openTitle'),
        properties: ['openFile'],
        filters: fileFilters(),
      });
      const path = result.filePaths[0];
      if (result.canceled || !path) return { opened: false };
      return { opened: await openPath(path) };
    },
    async saveCopy() {
      const current = session.path;
      const result = await dialog.showSaveDialog({
        title: t('dialogs.saveCopyTitle'),
        defaultPath: current
          ? join(dirname(current), `${basename(current, `.${DOCUMENT_EXTENSION}`)} (kopia).${DOCUMENT_EXTENSION}`)
          : undefined,
        filters: fileFilters(),
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      });
      if (result.canceled || !result.filePath) return { savedTo: null };
      try {
        await session.saveCopy(result.filePath);
        return { savedTo: result.filePath };
      } catch (error) {
        await showProblem(t('dialogs.saveFailed'), error);
        return { savedTo: null };
      }
    },
    async exportChain({ chainId, format, delimiter }) {
      const extension = format === 'xlsx' ? 'xlsx' : format === 'geojson' ? 'geojson' : 'csv';
      const chainName = listChains(session.context()).find((chain) => chain.id === chainId)?.name ?? 'chain';
      const result = await dialog.showSaveDialog({
        title: t('dialogs.exportTitle'),
        defaultPath: join(app.getPath('documents'), `${chainName}.${extension}`),
        filters: [{ name: extension.toUpperCase(), extensions: [extension] }],
        properties: ['showOverwriteConfirmation'],
      });
      if (result.canceled || !result.filePath) return { savedTo: null };
      try {
        await exportChainToFile(session.context(), {
          chainId,
          format,
          delimiter,
          language: settings.get().language,
          path: result.filePath,
        });
        return { savedTo: result.filePath };
      } catch (error) {
        await showProblem(t('dialogs.saveFailed'), error);
        return { savedTo: null };
      }
    },
    async saveReportPdf({ title, language }) {
      if (!window) return { savedTo: null };
      const reportT = i18n.getFixedT(language);
      const pdf = await window.webContents.printToPDF({
        pageSize: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: reportFooterTemplate(
          session.path ? basename(session.path) : '',
          new Date().toISOString().slice(0, 10),
          reportT('report.page'),
          reportT('report.of'),
        ),
        margins: { top: 0.6, bottom: 0.7, left: 0.55, right: 0.55 },
      });
      const result = await dialog.showSaveDialog(window, {
        title: t('report.save'),
        defaultPath: join(app.getPath('documents'), `${title.replace(/[\\/:*?"<>|]/g, '-') || 'rapport'}.pdf`),
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
        properties: ['showOverwriteConfirmation'],
      });
      if (result.canceled || !result.filePath) return { savedTo: null };
      await writeFile(result.filePath, pdf);
      return { savedTo: result.filePath };
    },
    async exportMapImage(area) {
      if (!window) return { savedTo: null };
      const image = await window.webContents.capturePage(area);
      const result = await dialog.showSaveDialog(window, {
        title: t('dialogs.exportMapTitle'),
        defaultPath: join(app.getPath('pictures'), `${t('dialogs.mapImageName')}.png`),
        filters: [{ name: 'PNG', extensions: ['png'] }],
        properties: ['showOverwriteConfirmation'],
      });
      if (result.canceled || !result.filePath) return { savedTo: null };
      try {
        await writeFile(result.filePath, image.toPNG());
        return { savedTo: result.filePath };
      } catch (error) {
        await showProblem(t('dialogs.saveFailed'), error);
        return { savedTo: null };
      }
    },
  };

  const router = createRouter({ session, settings, files, mapData: mapDataFrom(join(appRoot, 'resources')) });
  bindRouter(router, (frame) => isTrustedFrame(frame, devServerUrl));

  const refreshMenu = () => {
    const { language, recentFiles } = settings.get();
    Menu.setApplicationMenu(
      buildMenu(
        t,
        { language, recentFiles },
        {
          newChain: () => void files.newDocument(),
          open: () => void files.openDocument(),
          openRecent: (path) => void openPath(path),
          clearRecent: () => settings.update({ recentFiles: [] }),
          saveCopy: () => void files.saveCopy(),
          restoreBackup: () => send({ kind: 'restore-backup' }),
          command: (command) => send({ kind: 'command', command }),
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
  settings.onChange(async ({ language }) => {
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
      await session.create(demoPath, (db) => seedDemo(db, loadDemo(join(appRoot, 'resources', 'demo', 'vanersborg-chain.json'))));
    }
    if (session.path) settings.noteOpened(session.path);
  } catch {
    // The session keeps the reason and the window shows it; the file is left as it was.
  }
  refreshMenu();

  if (!devServerUrl) serveRenderer(join(appRoot, 'out', 'renderer'));
  window = createMainWindow({ title: t('app.name'), preload: join(appRoot, 'out', 'preload', 'preload.cjs') });
  window.once('ready-to-show', () => window?.show());
  await window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);

  app.on('second-instance', (_event, argv) => {
    const path = documentArgument(argv);
    if (path) void openPath(path);
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  openFromShell = (path) => void openPath(path);
  app.on('window-all-closed', () => {
    session.close();
    app.quit();
  });
}
