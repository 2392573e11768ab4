import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { createI18n } from '../../shared/i18n';

vi.mock('electron', () => ({ Menu: { buildFromTemplate: (template: unknown) => template } }));
const { menuTemplate } = await import('../../electron/menu');

const noop = () => {};
const actions = {
  newDocument: noop,
  open: noop,
  openRecent: noop,
  clearRecent: noop,
  saveCopy: noop,
  restoreBackup: noop,
  command: noop,
  mergeChanges: noop,
  exportChain: noop,
  setLanguage: noop,
  about: noop,
};

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

describe('the menu', () => {
  it('has no developer tools or reload in the packaged app; a development run has them', async () => {
    const { t } = await createI18n('en');
    const packaged = roles(menuTemplate(t, { language: 'en', recentFiles: [], developer: false }, actions));
    expect(packaged).not.toContain('toggleDevTools');
    expect(packaged).not.toContain('reload');
    expect(packaged).toContain('zoomIn');
    const development = roles(menuTemplate(t, { language: 'en', recentFiles: [], developer: true }, actions));
    expect(development).toContain('toggleDevTools');
  });

  it('names File > New document for what it makes: a new document (a new chain is made in the window)', async () => {
    for (const [language, label] of [
      ['sv', 'Nytt dokument…'],
      ['en', 'New Document…'],
    ] as const) {
      const { t } = await createI18n(language);
      const template = menuTemplate(t, { language, recentFiles: [], developer: false }, actions);
      const file = template.find((item) => item.label === t('menu.file'));
      const first = Array.isArray(file?.submenu) ? file.submenu[0] : undefined;
      expect(first).toMatchObject({ label, accelerator: 'CmdOrCtrl+N', click: actions.newDocument });
    }
  });

  it("has Help > Getting started (F1), which opens the window's Help, above About", async () => {
    const { t } = await createI18n('sv');
    const sent: string[] = [];
    const template = menuTemplate(
      t,
      { language: 'sv', recentFiles: [], developer: false },
      {
        ...actions,
        command: (command) => sent.push(command),
      },
    );
    const help = template.find((item) => item.role === 'help');
    const items = Array.isArray(help?.submenu) ? help.submenu : [];
    expect(items.map((item) => item.label)).toEqual(['Kom igång', 'Om Vänortsatlas']);
    expect(items[0]).toMatchObject({ accelerator: 'F1' });
    (items[0]!.click as () => void)();
    expect(sent).toEqual(['help']);
  });

  it('offers File > Export as CSV with semicolons, commas or tabs, XLSX and GeoJSON', async () => {
    const { t } = await createI18n('sv');
    const asked: string[] = [];
    const template = menuTemplate(
      t,
      { language: 'sv', recentFiles: [], developer: false },
      {
        ...actions,
        exportChain: (format, delimiter) => asked.push(`${format} ${JSON.stringify(delimiter)}`),
      },
    );
    const file = template.find((item) => item.label === t('menu.file'));
    const exportItem = (Array.isArray(file?.submenu) ? file.submenu : []).find((item) => item.label === t('menu.export'));
    const items = Array.isArray(exportItem?.submenu) ? exportItem.submenu : [];
    for (const item of items) (item.click as () => void)();
    expect(items.map((item) => item.label)).toEqual([
      'CSV med semikolon (Excel i Norden)…',
      'CSV med komma…',
      'CSV med tabb…',
      'Excel (XLSX)…',
      'GeoJSON (karta)…',
    ]);
    expect(asked).toEqual(['csv ";"', 'csv ","', 'csv "\\t"', 'xlsx ";"', 'geojson ";"']);
  });
});
