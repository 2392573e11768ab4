import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { TFunction } from 'i18next';
import { basename } from 'node:path';
import { LANGUAGES, type Language } from '../shared/format';

export interface MenuActions {
  newDocument(): void;
  open(): void;
  openRecent(path: string): void;
  clearRecent(): void;
  saveCopy(): void;
  /** The window shows the list of backups to choose from. */
  restoreBackup(): void;
  /** Undo and redo run in the window, which owns the keys too (so a text field keeps its own undo). */
  command(command: 'undo' | 'redo' | 'import' | 'sendChanges' | 'help'): void;
  /** Picks a colleague's changes file (or a copy of the document) and gives it to the window to preview. */
  mergeChanges(): void;
  /** The window knows which chain is shown; it asks for the export. */
  exportChain(format: 'csv' | 'xlsx' | 'geojson', delimiter: ';' | ',' | '\t'): void;
  setLanguage(language: Language): void;
  about(): void;
}

export interface MenuState {
  language: Language;
  recentFiles: string[];
  /** A development run (not packaged): Reload and the developer tools are in the View menu. */
  developer: boolean;
}

export function buildMenu(t: TFunction, state: MenuState, actions: MenuActions): Menu {
  return Menu.buildFromTemplate(menuTemplate(t, state, actions));
}

/** The menus as a template; the packaged app has no developer tools (a user must not open a console on the page). */
export function menuTemplate(t: TFunction, state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const isMac = process.platform === 'darwin';
  const recent: MenuItemConstructorOptions[] =
    state.recentFiles.length === 0
      ? [{ label: t('menu.noRecent'), enabled: false }]
      : [
          ...state.recentFiles.map((path) => ({ label: basename(path), sublabel: path, click: () => actions.openRecent(path) })),
          { type: 'separator' as const },
          { label: t('menu.clearRecent'), click: actions.clearRecent },
        ];
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: t('menu.file'),
      submenu: [
        { label: t('menu.newDocument'), accelerator: 'CmdOrCtrl+N', click: actions.newDocument },
        { label: t('menu.open'), accelerator: 'CmdOrCtrl+O', click: actions.open },
        { label: t('menu.openRecent'), submenu: recent },
        { type: 'separator' },
        { label: t('menu.saveCopy'), accelerator: 'CmdOrCtrl+Shift+S', click: actions.saveCopy },
        { label: t('menu.restoreBackup'), click: actions.restoreBackup },
        { label: t('menu.import'), accelerator: 'CmdOrCtrl+I', click: () => actions.command('import') },
        { type: 'separator' },
        { label: t('menu.sendChanges'), click: () => actions.command('sendChanges') },
        { label: t('menu.mergeChanges'), click: actions.mergeChanges },
        {
          label: t('menu.export'),
          submenu: [
            { label: t('menu.exportCsvSemicolon'), click: () => actions.exportChain('csv', ';') },
            { label: t('menu.exportCsvComma'), click: () => actions.exportChain('csv', ',') },
            { label: t('menu.exportCsvTab'), click: () => actions.exportChain('csv', '\t') },
            { label: t('menu.exportXlsx'), click: () => actions.exportChain('xlsx', ';') },
            { label: t('menu.exportGeoJson'), click: () => actions.exportChain('geojson', ';') },
          ],
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { label: t('menu.quit'), role: 'quit' },
      ],
    },
    {
      label: t('menu.edit'),
      submenu: [
        // Shown with their keys, but the keys themselves are handled by the window.
        { label: t('menu.undo'), accelerator: 'CmdOrCtrl+Z', registerAccelerator: false, click: () => actions.command('undo') },
        {
          label: t('menu.redo'),
          accelerator: 'CmdOrCtrl+Shift+Z',
          registerAccelerator: false,
          click: () => actions.command('redo'),
        },
        { type: 'separator' },
        { label: t('menu.cut'), role: 'cut' },
        { label: t('menu.copy'), role: 'copy' },
        { label: t('menu.paste'), role: 'paste' },
        { label: t('menu.selectAll'), role: 'selectAll' },
      ],
    },
    {
      label: t('menu.view'),
      submenu: [
        {
          label: t('menu.language'),
          submenu: LANGUAGES.map((language) => ({
            label: t(`languages.${language}`),
            type: 'radio' as const,
            checked: state.language === language,
            click: () => actions.setLanguage(language),
          })),
        },
        { type: 'separator' },
        { label: t('menu.zoomIn'), role: 'zoomIn' },
        { label: t('menu.zoomOut'), role: 'zoomOut' },
        { label: t('menu.resetZoom'), role: 'resetZoom' },
        { label: t('menu.fullscreen'), role: 'togglefullscreen' },
        ...(state.developer
          ? [
              { type: 'separator' as const },
              { label: t('menu.reload'), role: 'reload' as const },
              { label: t('menu.devTools'), role: 'toggleDevTools' as const },
            ]
          : []),
      ],
    },
    {
      label: t('menu.help'),
      role: 'help',
      // Getting started opens the window's Help (the browser host's too); About is the native box.
      submenu: [
        { label: t('menu.gettingStarted'), accelerator: 'F1', click: () => actions.command('help') },
        { label: t('menu.about'), click: actions.about },
      ],
    },
  ];
  return template;
}
