import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { callMain, sharedFakeElectron as fake, startFakeMain } from '../helpers/fake-electron';

/**
 * The desktop app's first start on a Finnish system (Electron's preferred system languages say
 * German first, which the app does not speak, then Finnish): the real electron/main.ts under the
 * recording fake of Electron speaks Finnish, in its menu and to the window, until the user chooses.
 */

vi.mock('electron', async () => (await import('../helpers/fake-electron')).sharedFakeElectron.electron);

let base = '';
beforeAll(async () => {
  ({ base } = await startFakeMain(
    fake,
    () => import('../../electron/main'),
    () => {
      fake.options.systemLanguages = ['de-DE', 'fi-FI', 'sv-SE'];
    },
  ));
});
afterAll(() => {
  fake.electron.app.emit('window-all-closed');
  if (base) rmSync(base, { recursive: true, force: true });
});

const call = (method: string, input: unknown) => callMain(fake, method, input);

const menuLabels = () => (fake.record.applicationMenu as Array<{ label?: string }> | null)?.map((item) => item.label);

describe('the language on a first start', () => {
  it("is the system's first that the app speaks, in the menu and the window, until the user chooses one", async () => {
    expect(await call('settings.get', {})).toMatchObject({ ok: true, value: { language: 'fi', languageChosen: false } });
    expect(menuLabels()).toContain('Tiedosto');
    expect(await call('settings.setLanguage', { language: 'is' })).toMatchObject({
      ok: true,
      value: { language: 'is', languageChosen: true },
    });
    await expect.poll(() => menuLabels()).toContain('Skrá');
  });
});
