/**
 * Faults as a volunteer sees them in the window: a document open in another app instance is
 * shown read-only with a notice naming where, with no control that edits anywhere, and an edit
 * sent through the API anyway is refused as data; a backup is restored from File > Restore a
 * backup… by keyboard alone.
 */
import { join } from 'node:path';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDocument } from '../../electron/db/open';
import { createDemoDocument } from '../helpers/documents';
import { sha256, useTempDir } from '../helpers/files';
import { startHost } from '../../electron/transport/web-host';
import { useBrowserSuite } from './suite';

const tempDir = useTempDir();
const suite = useBrowserSuite();

const normalise = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();
const countOf = (page: Page, name: string) =>
  page.locator(`tbody tr[data-member="${name}"] td`).nth(2).textContent().then(normalise);

/** Controls that change the document, wherever they are: enabled inputs, cells, edit buttons, draggable symbols. */
async function editControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const navigation =
      /^(Vänortskedja|Språk|Visa|År|Spela upp|Senaste läget|Skapa rapport|Exportera kartbild|Återställ en säkerhetskopia|Importera|Zooma|Lager|Karta|Medlemmar|Medlemsantal|Möten|Tidslinje|Sortera|Visa \d{4})/;
    for (const element of Array.from(
      document.querySelectorAll<HTMLElement>('input, textarea, select, button, [contenteditable="true"]'),
    )) {
      if ((element as HTMLInputElement).disabled) continue;
      const name = element.getAttribute('aria-label') ?? element.closest('label')?.textContent ?? element.textContent ?? '';
      if (
        element.tagName === 'BUTTON' &&
        !/^(Ändra|Lägg till|Ta bort|Spara|Ångra|Gör om|Registrera|Gå med igen|Sätt ut)/.test(name.trim())
      ) {
        if (navigation.test(name.trim()) || !element.classList.contains('cell-button')) continue;
      }
      if (element.tagName === 'SELECT' && navigation.test((element.closest('label')?.textContent ?? '').trim())) continue;
      if (element.tagName === 'INPUT' && (element as HTMLInputElement).type === 'range') continue;
      // What changes only the view: map controls, tabs, the year slider, the timeline's kind filter,
      // the members table's filter box.
      if (element.closest('.leaflet-control-container, [role="tablist"], .year-slider, .timeline-filter, .members-filter'))
        continue;
      found.push(`${element.tagName.toLowerCase()} "${name.trim().slice(0, 60)}"`);
    }
    for (const marker of Array.from(document.querySelectorAll('.leaflet-marker-draggable')))
      found.push(`draggable symbol ${marker.getAttribute('aria-label') ?? ''}`);
    return found;
  });
}

describe('faults in the window', () => {
  it('a document open in another app instance: read-only notice naming it, no edit control anywhere, API edits refused', async () => {
    const { page } = suite.browser;
    const { dbPath, before, release } = await suite.openHeld(tempDir());
    try {
      await page.getByRole('table').first().waitFor();

      const notice = page.getByTestId('read-only-notice');
      await expect.poll(() => notice.textContent()).toContain(`Dokumentet är redan öppet i Vänortsatlas på ${hostname()}`);
      expect(await page.getByRole('button', { name: 'Ångra' }).isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: 'Gör om' }).isDisabled()).toBe(true);
      expect(await page.locator('.cell-button').count()).toBe(0);
      expect(await page.getByRole('heading', { name: 'Lägg till en vänort' }).count()).toBe(0);
      expect(await editControls(page)).toEqual([]);

      // Every panel: the member's details, meetings, the timeline.
      await page.locator('tbody tr[data-member="Herning"]').click();
      expect(await editControls(page)).toEqual([]);
      for (const tab of ['Möten', 'Tidslinje']) {
        await page.getByRole('tab', { name: tab }).click();
        await page.getByRole('tabpanel').waitFor();
        expect(await editControls(page), tab).toEqual([]);
      }
      await page.getByRole('tab', { name: 'Medlemmar' }).click();

      // An edit sent anyway (a stale window, a script) is refused as data, not thrown.
      const refused = await page.evaluate(async () => {
        const atlas = (window as unknown as { atlas: { invoke(method: string, input: unknown): Promise<unknown> } }).atlas;
        const chains = (await atlas.invoke('chains.list', {})) as { value: Array<{ id: string }> };
        const members = (await atlas.invoke('members.list', { chainId: chains.value[0]!.id })) as {
          value: { year: number; members: Array<{ name: string; placeId: string }> };
        };
        const herning = members.value.members.find((member) => member.name === 'Herning')!;
        return atlas.invoke('members.setCount', { placeId: herning.placeId, year: members.value.year, memberCount: 1 });
      });
      expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'read_only', message: 'errors.read_only' }) });
      expect(await countOf(page, 'Herning')).toBe('230');
      await suite.browser.screenshot('faults-read-only-in-use-sv');
      await suite.host!.close();
      suite.host = null;
      expect(sha256(dbPath)).toBe(before);
    } finally {
      await release();
    }
  });

  it('File > Restore a backup…: the list with date, occasion and size, chosen and restored by keyboard', async () => {
    const { page } = suite.browser;
    const dir = tempDir();
    const dbPath = join(dir, 'chain.vanort');
    (await createDemoDocument(dbPath)).close();
    // A backup of the demo as it is (taken on open; without the app's folder, beside the document).
    (await openDocument(dbPath, { backupOnOpen: true })).close();
    suite.host = await startHost({ dbPath, settingsPath: join(dir, 'settings.json') });
    await page.goto(suite.host.url);
    await page.getByRole('table').first().waitFor();

    await page.getByRole('button', { name: 'Ändra Medlemmar 2013 för Herning' }).click();
    const input = page.getByRole('textbox', { name: 'Ändra Medlemmar 2013 för Herning' });
    await input.fill('999');
    await input.press('Enter');
    await expect.poll(() => countOf(page, 'Herning')).toBe('999');

    await page.getByRole('button', { name: 'Återställ en säkerhetskopia…' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Återställ en säkerhetskopia' });
    await dialog.waitFor();
    const rows = dialog.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    const row = normalise(await rows.first().textContent());
    expect(row).toContain('När dokumentet öppnades');
    expect(row).toMatch(/\d+ kB$/);
    // Focus starts on the chosen (newest) backup; Enter restores it.
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('radio');
    await suite.browser.screenshot('faults-restore-backup-sv');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => countOf(page, 'Herning')).toBe('230');
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Dokumentet återställdes' }).textContent())
      .toContain('Dokumentet återställdes');

    // The state before the restore was kept as a backup: the list now has two, and Escape closes it.
    await page.getByRole('button', { name: 'Återställ en säkerhetskopia…' }).click();
    await dialog.waitFor();
    await expect.poll(() => rows.count()).toBe(2);
    expect(normalise(await rows.first().textContent())).toContain('Före en återställning');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });
});
