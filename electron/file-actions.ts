import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { dialog, type BrowserWindow } from 'electron';
import type { i18n } from 'i18next';
import { DocumentError } from './db/errors';
import { ServiceError } from './services/context';
import { DOCUMENT_EXTENSION } from './db/document-file';
import type { DocumentHandle } from './data-worker/protocol';
import type { FileActions } from './shell-router';
import type { SettingsStore } from './settings';
import { EXCHANGE_EXTENSION, EXCHANGE_MAX_BYTES, type ChainSummary } from '../shared/contract';

/** What the desktop's file actions work with; main.ts makes them once the app is ready. */
export interface FileActionDeps {
  /** The document, in the data worker. */
  session: DocumentHandle;
  settings: SettingsStore;
  i18n: i18n;
  /** The app's window, once it is made: the report is printed and the map captured from it. */
  window: () => BrowserWindow | null;
  /** Where a save dialog starts (Electron's app.getPath). */
  folder: (name: 'documents' | 'pictures') => string;
}

export interface DesktopFileActions extends FileActions {
  /** Opens a document the shell names (recent files, a double-click, a second instance). */
  openPath(path: string): Promise<boolean>;
  /** File, Merge a colleague's file…: the changes file (or document copy) the user picks, read whole; null if none. */
  pickChangesFile(): Promise<{ fileName: string; contentBase64: string } | null>;
}

/**
 * The File menu's native dialogs (new document, open, save a copy, export, save the report as
 * PDF, export the map image): what only the desktop can do, so the browser host has none of it.
 */
export function createFileActions({ session, settings, i18n, window: getWindow, folder }: FileActionDeps): DesktopFileActions {
  const t = i18n.t.bind(i18n);
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

  return {
    openPath,
    async pickChangesFile() {
      const result = await dialog.showOpenDialog({
        title: t('menu.mergeChanges'),
        properties: ['openFile'],
        filters: [
          { name: t('share.fileFilter'), extensions: [EXCHANGE_EXTENSION.slice(1), DOCUMENT_EXTENSION] },
          { name: t('dialogs.documentFilter'), extensions: [DOCUMENT_EXTENSION] },
        ],
      });
      const path = result.filePaths[0];
      if (result.canceled || !path) return null;
      try {
        // Untrusted and read whole: a file over the limit is refused before it is read.
        if ((await stat(path)).size > EXCHANGE_MAX_BYTES) {
          await dialog.showMessageBox({
            type: 'warning',
            message: t('share.mergeUnreadable'),
            detail: t('errors.exchangeTooLarge'),
            buttons: [t('dialogs.ok')],
          });
          return null;
        }
        return { fileName: basename(path), contentBase64: (await readFile(path)).toString('base64') };
      } catch (error) {
        await showProblem(t('share.mergeUnreadable'), error);
        return null;
      }
    },
    async newDocument() {
      const result = await dialog.showSaveDialog({
        title: t('dialogs.newTitle'),
        defaultPath: join(folder('documents'), `${t('dialogs.newDefaultName')}.${DOCUMENT_EXTENSION}`),
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
        await session.create(path, { kind: 'chain', name: chainName }, true);
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
          ? join(
              dirname(current),
              `${t('fileNames.copy', { name: basename(current, `.${DOCUMENT_EXTENSION}`) })}.${DOCUMENT_EXTENSION}`,
            )
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
    async saveChanges({ all }) {
      // Made by the data side first: a document that is not shared is refused before any dialog.
      const sent = await session.call('sync.send', { all: all ?? false });
      if (!sent.ok) throw new ServiceError(sent.error);
      const file = sent.value as { fileName: string; contentBase64: string; changes: number; bytes: number };
      const result = await dialog.showSaveDialog({
        title: t('share.send'),
        defaultPath: join(folder('documents'), file.fileName),
        filters: [{ name: t('share.fileFilter'), extensions: [EXCHANGE_EXTENSION.slice(1)] }],
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      });
      if (result.canceled || !result.filePath) return { savedTo: null, changes: file.changes, bytes: file.bytes };
      try {
        await writeFile(result.filePath, Buffer.from(file.contentBase64, 'base64'));
        return { savedTo: result.filePath, changes: file.changes, bytes: file.bytes };
      } catch (error) {
        await showProblem(t('dialogs.saveFailed'), error);
        return { savedTo: null, changes: file.changes, bytes: file.bytes };
      }
    },
    async exportChain({ chainId, format, delimiter }) {
      const extension = format === 'xlsx' ? 'xlsx' : format === 'geojson' ? 'geojson' : 'csv';
      const chains = await session.call('chains.list', {});
      const chainName =
        (chains.ok ? (chains.value as ChainSummary[]) : []).find((chain) => chain.id === chainId)?.name ?? 'chain';
      const result = await dialog.showSaveDialog({
        title: t('dialogs.exportTitle'),
        defaultPath: join(folder('documents'), `${chainName}.${extension}`),
        filters: [{ name: extension.toUpperCase(), extensions: [extension] }],
        properties: ['showOverwriteConfirmation'],
      });
      if (result.canceled || !result.filePath) return { savedTo: null };
      try {
        await session.exportChain({ chainId, format, delimiter, language: settings.get().language, path: result.filePath });
        return { savedTo: result.filePath };
      } catch (error) {
        await showProblem(t('dialogs.saveFailed'), error);
        return { savedTo: null };
      }
    },
    async saveReportPdf({ title, language }) {
      const window = getWindow();
      if (!window) return { savedTo: null };
      const reportT = i18n.getFixedT(language);
      // The page size, margins, and the footer with the document's name, the date and "Sida N av
      // M" are the report's own CSS (@page and its margin boxes, ReportView), as in every print path.
      const pdf = await window.webContents.printToPDF({
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: false,
      });
      const result = await dialog.showSaveDialog(window, {
        title: t('report.save'),
        defaultPath: join(folder('documents'), `${title.replace(/[\\/:*?"<>|]/g, '-') || reportT('fileNames.report')}.pdf`),
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
        properties: ['showOverwriteConfirmation'],
      });
      if (result.canceled || !result.filePath) return { savedTo: null };
      await writeFile(result.filePath, pdf);
      return { savedTo: result.filePath };
    },
    setFullScreen({ fullScreen }) {
      const window = getWindow();
      if (!window) return Promise.resolve({ fullScreen: false });
      window.setFullScreen(fullScreen);
      return Promise.resolve({ fullScreen: window.isFullScreen() });
    },
    async exportMapImage(area) {
      const window = getWindow();
      if (!window) return { savedTo: null };
      const image = await window.webContents.capturePage(area);
      const result = await dialog.showSaveDialog(window, {
        title: t('dialogs.exportMapTitle'),
        defaultPath: join(folder('pictures'), `${t('dialogs.mapImageName')}.png`),
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
}
