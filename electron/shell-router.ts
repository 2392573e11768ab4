import type { ExportDelimiter, ExportFormat, Settings } from '../shared/contract';
import type { Language } from '../shared/format';
import type { SettingsStore } from './settings';
import { ServiceError } from './services/context';
import { isShellMethod, serve, type Handlers, type Router, type ShellMethod } from './routing';

/** What only the desktop shell can do (native dialogs); the browser host has none of it. */
export interface FileActions {
  newDocument(): Promise<{ opened: boolean }>;
  openDocument(): Promise<{ opened: boolean }>;
  saveCopy(): Promise<{ savedTo: string | null }>;
  saveChanges(request: { all?: boolean }): Promise<{ savedTo: string | null; changes: number; bytes: number }>;
  exportMapImage(area: { x: number; y: number; width: number; height: number }): Promise<{ savedTo: string | null }>;
  exportChain(request: {
    chainId: string;
    format: ExportFormat;
    delimiter: ExportDelimiter;
  }): Promise<{ savedTo: string | null }>;
  saveReportPdf(request: { title: string; language: Language }): Promise<{ savedTo: string | null }>;
  /** The window in or out of full screen; answers whether it is. */
  setFullScreen(request: { fullScreen: boolean }): Promise<{ fullScreen: boolean }>;
}

export const unsupportedFileActions: FileActions = {
  newDocument: () => Promise.reject(new ServiceError({ code: 'unsupported', message: 'errors.unsupported' })),
  openDocument: () => Promise.reject(new ServiceError({ code: 'unsupported', message: 'errors.unsupported' })),
  saveCopy: () => Promise.reject(new ServiceError({ code: 'unsupported', message: 'errors.unsupported' })),
  saveChanges: () => Promise.reject(new ServiceError({ code: 'unsupported', message: 'errors.unsupported' })),
  exportMapImage: () => Promise.reject(new ServiceError({ code: 'unsupported', message: 'errors.unsupported' })),
  exportChain: () => Promise.reject(new ServiceError({ code: 'unsupported', message: 'errors.unsupported' })),
  saveReportPdf: () => Promise.reject(new ServiceError({ code: 'unsupported', message: 'errors.unsupported' })),
  setFullScreen: () => Promise.reject(new ServiceError({ code: 'unsupported', message: 'errors.unsupported' })),
};

export interface ShellRouterDeps {
  settings: Pick<SettingsStore, 'get' | 'update'>;
  files: FileActions;
  /** Where the data side's methods go: the data worker, or a data router in this thread. */
  data: Router;
  log?: (message: string) => void;
}

const publicSettings = ({ language, languageChosen, laptopName }: Settings): Settings => ({
  language,
  languageChosen,
  laptopName,
});

/** The shell's half: settings and file dialogs here, every other method passed on to `data`. */
export function createShellRouter({ settings, files, data, log = console.warn }: ShellRouterDeps): Router {
  const handlers: Handlers<ShellMethod> = {
    'settings.get': () => publicSettings(settings.get()),
    'settings.setLanguage': ({ language }) => publicSettings(settings.update({ language })),
    'settings.setLaptopName': ({ laptopName }) => publicSettings(settings.update({ laptopName: laptopName.trim() })),
    'file.new': () => files.newDocument(),
    'file.open': () => files.openDocument(),
    'file.saveCopy': () => files.saveCopy(),
    'file.saveChanges': (request) => files.saveChanges(request),
    'file.exportMapImage': (area) => files.exportMapImage(area),
    'file.export': (request) => files.exportChain(request),
    'file.saveReportPdf': (request) => files.saveReportPdf(request),
    'window.setFullScreen': (request) => files.setFullScreen(request),
  };
  return serve(handlers, isShellMethod, log, data);
}
