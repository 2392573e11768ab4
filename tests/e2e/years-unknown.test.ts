import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHost } from '../../electron/transport/web-host';
import { reportHash } from '../../shared/report/params';
import { createDemoDocument } from '../helpers/documents';
import { useTempDir } from '../helpers/files';
import { useBrowserSuite } from './suite';
import { drawnMember, waitForSymbols } from './map-layout';

const tempDir = useTempDir();
const suite = useBrowserSuite();

/** The demo with Herning's year joined not known, as a register without years imports it. */
async function openWithUnknownYear(page: Page): Promise<{ chainId: string }> {
  const dir = tempDir();
  const path = join(dir, 'register.vanort');
  const document = await createDemoDocument(path);
  document.db
    .prepare(
      `UPDATE membership SET joined_year = NULL
        WHERE place_id = (SELECT id FROM place WHERE name = 'Herning') AND left_year IS NULL`,
    )
    .run();
  const chainId = document.db.prepare(`SELECT id FROM chain ORDER BY created_at, rowid LIMIT 1`).pluck().get() as string;
  document.close();
  suite.host = await startHost({ dbPath: path, settingsPath: join(dir, 'settings.json') });
  await page.goto(suite.host.url);
  await waitForSymbols(page);
  return { chainId };
}

const yearCell = (page: Page, name: string) => page.locator(`tbody tr[data-member="${name}"] td`).nth(1);
const rowNames = (page: Page) =>
  page.locator('.members-table tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-member')));
const labelOf = (page: Page, name: string) => drawnMember(page, name).then((member) => member.labelText);
const legend = (page: Page) => page.getByRole('region', { name: 'Teckenförklaring' });

describe('a member whose year joined is not known', () => {
  it('shows "?" in the table and its map label, with a legend line; the year can be added later and undone', async () => {
    const { page } = suite.browser;
    await openWithUnknownYear(page);

    expect((await yearCell(page, 'Herning').textContent())?.trim()).toBe('?');
    // Named for screen readers, not read as a lone question mark.
    await expect.poll(() => page.getByRole('button', { name: 'Ändra Kontaktår för Herning: Året okänt' }).count()).toBe(1);
    // By year joined, the unknown year comes last.
    expect((await rowNames(page)).at(-1)).toBe('Herning');
    expect(await labelOf(page, 'Herning')).toBe('Herning · ? · 230');
    expect(await labelOf(page, 'Husby')).toBe('Husby · 1988 · 340');
    await expect.poll(() => legend(page).textContent()).toContain('? = året då orten gick med är okänt');
    await suite.browser.screenshot('years-unknown-sv');

    // The year slider's first year (1946, Vänersborg): Herning is there from the start.
    await page.getByRole('slider', { name: /^År/ }).focus();
    await page.keyboard.press('Home');
    await expect.poll(() => page.locator('caption').textContent(), { timeout: 10_000 }).toContain(', 1946');
    await expect.poll(() => rowNames(page)).toContain('Herning');
    await page.getByRole('button', { name: 'Senaste läget' }).click();
    await expect.poll(() => page.locator('caption').textContent()).toContain(', 2013');

    // A year added later, in the table: then no "?" is left, and Undo brings it back.
    await page.getByRole('button', { name: 'Ändra Kontaktår för Herning: Året okänt' }).click();
    const input = page.getByRole('textbox', { name: 'Ändra Kontaktår för Herning' });
    expect(await input.inputValue()).toBe('');
    await input.fill('1946');
    await input.press('Enter');
    await expect.poll(() => labelOf(page, 'Herning')).toBe('Herning · 1946 · 230');
    expect((await yearCell(page, 'Herning').textContent())?.trim()).toBe('1946');
    await expect.poll(() => legend(page).textContent()).not.toContain('? = året');
    await page.locator('caption').click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => labelOf(page, 'Herning')).toBe('Herning · ? · 230');
    expect((await yearCell(page, 'Herning').textContent())?.trim()).toBe('?');
  });

  it('is written "?" in the report: its members table, its history and its map legend', async () => {
    const { page } = suite.browser;
    const { chainId } = await openWithUnknownYear(page);
    await page.goto(`${suite.host!.url}${reportHash({ chainId, year: 2013, language: 'sv' })}`);
    await page.locator('body[data-report-ready="true"]').waitFor({ timeout: 20_000 });
    const herning = page.locator('.report-table').first().locator('tbody tr', { hasText: 'Herning' });
    expect((await herning.locator('td').nth(2).textContent())?.trim()).toBe('?');
    await expect.poll(() => herning.getByRole('img', { name: 'Året okänt' }).count()).toBe(1);
    const joined = page.locator('.report-list li', { hasText: 'Herning går med i kedjan' });
    expect((await joined.locator('.report-date').textContent())?.trim()).toBe('?');
    await expect.poll(() => labelOf(page, 'Herning')).toBe('Herning · ? · 230');
    expect(await page.locator('.map-legend').textContent()).toContain('? = året då orten gick med är okänt');
    await suite.browser.screenshot('years-unknown-report');
  });

  it('is written "?" in English too, and the legend says what it means', async () => {
    const { page } = suite.browser;
    await openWithUnknownYear(page);
    await page.getByRole('combobox', { name: 'Språk' }).selectOption('en');
    await page.getByRole('button', { name: 'Undo' }).waitFor();
    await expect.poll(() => page.getByRole('region', { name: 'Legend' }).textContent()).toContain('? = year joined not known');
    await expect.poll(() => page.getByRole('button', { name: /Herning: Year not known$/ }).count()).toBe(1);
    expect(await labelOf(page, 'Herning')).toBe('Herning · ? · 230');
    await suite.browser.screenshot('years-unknown-en');
  });
});
