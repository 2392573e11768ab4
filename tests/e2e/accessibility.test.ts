import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { reportHash } from '../../shared/report/params';
import { createDemoDocument, plantLock } from '../helpers/documents';
import { useTempDir } from '../helpers/files';
import { startHost } from '../../electron/transport/web-host';
import { GAZETTEER_LOAD_MS, useBrowserSuite } from './suite';
import { seriousViolations } from './axe';
import { symbolCount, waitForSymbols } from './map-layout';

const tempDir = useTempDir();
const suite = useBrowserSuite();
async function openDemo(page: Page, dir: string): Promise<string> {
  suite.host = await startHost({ dbPath: join(dir, 'demo.vanort'), settingsPath: join(dir, 'settings.json') });
  await page.goto(suite.host.url);
  await page.getByRole('table').waitFor();
  await waitForSymbols(page);
  return suite.host.url;
}

describe('accessibility (axe-core, serious and critical)', () => {
  it('the map and the members table, the counts, meetings and timeline tabs, the import and the backup dialogs', async () => {
    const { page } = suite.browser;
    await openDemo(page, tempDir());
    expect(await seriousViolations(page), 'map and table').toEqual([]);

    await page.locator('tbody tr[data-member="Herning"] td').first().click();
    await page.keyboard.press('Escape');
    await page.getByRole('region', { name: 'Uppgifter om Herning' }).waitFor();
    expect(await seriousViolations(page), 'member details').toEqual([]);

    for (const tab of ['Medlemsantal', 'Möten', 'Tidslinje']) {
      await page.getByRole('tab', { name: tab }).click();
      await page.getByRole('tabpanel').waitFor();
      await page.waitForTimeout(300);
      expect(await seriousViolations(page), tab).toEqual([]);
    }

    const dir = tempDir();
    const sheet = join(dir, 'lista.csv');
    // Pasadena;USA asks the user to choose among same-named places: the choice is checked too.
    writeFileSync(
      sheet,
      'Vänort;Land;Kontaktår;Medlemsantal\nHerning;Danmark;1946;230\nXyzzyby;Sverige;3024;hundra\nPasadena;USA;1983;40\n',
    );
    await page.getByRole('button', { name: 'Importera…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Fil').setInputFiles(sheet);
    await dialog.locator('.import-preview tbody tr').first().waitFor({ timeout: GAZETTEER_LOAD_MS });
    expect(await seriousViolations(page), 'import dialog').toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Återställ en säkerhetskopia…' }).click();
    await page.getByRole('dialog', { name: 'Återställ en säkerhetskopia' }).waitFor();
    expect(await seriousViolations(page), 'restore a backup').toEqual([]);
  });

  it('the report', async () => {
    const { page } = suite.browser;
    const url = await openDemo(page, tempDir());
    const chains = await page.evaluate(async () => {
      const response = await fetch('/api/chains.list', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      return ((await response.json()) as { value: Array<{ id: string }> }).value;
    });
    await page.goto(`${url}${reportHash({ chainId: chains[0]!.id, year: 2013, language: 'sv' })}`);
    await page.locator('body[data-report-ready="true"]').waitFor({ timeout: 20_000 });
    expect(await seriousViolations(page), 'report').toEqual([]);
  });

  it('adds a member by keyboard alone: search, choose, year, add', async () => {
    const { page } = suite.browser;
    await openDemo(page, tempDir());
    const isFocused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);
    // Tab (never the mouse) until the element has focus.
    const tabTo = async (locator: Locator) => {
      for (let presses = 0; presses < 200 && !(await isFocused(locator)); presses += 1) await page.keyboard.press('Tab');
      expect(await isFocused(locator)).toBe(true);
    };
    const form = page.locator('.add-member');
    await page.locator('body').focus();
    await tabTo(form.getByRole('combobox', { name: 'Sök ort' }));
    await page.keyboard.type('Abo');
    await page
      .getByRole('option', { name: /^Turku \(Abo\)/ })
      .first()
      .waitFor({ timeout: GAZETTEER_LOAD_MS });
    await page.keyboard.press('Enter');
    await tabTo(form.getByRole('textbox', { name: 'Kontaktår' }));
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2015');
    await tabTo(form.getByRole('button', { name: 'Lägg till', exact: true }));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.members-table tbody tr[data-member="Turku"]').count()).toBe(1);
    expect(await symbolCount(page)).toBe(10);
  });

  it('the read-only notice that offers "Öppna ändå" for a stale lock from another computer', async () => {
    const { page } = suite.browser;
    const dir = tempDir();
    const dbPath = join(dir, 'demo.vanort');
    (await createDemoDocument(dbPath)).close();
    plantLock(dbPath, { host: 'kansliets-dator' }, 5 * 60_000);
    await openDemo(page, dir);
    await page.getByRole('button', { name: 'Öppna ändå' }).waitFor();
    expect(await seriousViolations(page), 'read-only notice with Open anyway').toEqual([]);
  });
});
