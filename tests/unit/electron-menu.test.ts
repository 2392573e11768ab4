import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { createI18n } from '../../shared/i18n';

vi.mock('electron', () => ({ Menu: { buildFromTemplate: (template: unknown) => template } }));
const { menuTemplate } = await import('../../electron/menu');

const noop = () => {};
const actions = {
  newChain: noop,
  open: noop,
  openRecent: noop,
  clearRecent: noop,
  saveCopy: noop,
  restoreBackup: noop,
  command: noop,
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
});
