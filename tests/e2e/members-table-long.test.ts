import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useTempDir } from '../helpers/files';
import { seriousViolations } from './axe';
import { useBrowserSuite } from './suite';
import { SCREENSHOT_DIR } from './browser';

/**
 * A chain of 350 members: the table has only the rows in and near the side panel's view in the
 * page (a year-slider step re-renders each row), says how many it has, and is read, scrolled,
 * tabbed through and edited as the full table was.
 */

const tempDir = useTempDir();
const suite = useBrowserSuite();
const MEMBERS = 350;

/** The rows in the page: their names and their places in the table (aria-rowindex). */
const rowsInPage = (page: Page) =>
  page
    .locator('.members-table tbody tr[data-member]')
    .evaluateAll((rows) =>
      rows.map((row) => ({ name: row.getAttribute('data-member') ?? '', index: Number(row.getAttribute('aria-rowindex')) })),
    );

describe('a long members table', () => {
  it('draws the rows in view, says how many there are, and scrolls, tabs and edits through all of them', async () => {
    await suite.openRegister(tempDir(), MEMBERS);
    const { page } = suite.browser;
    const table = page.locator('.members-table');
    await expect.poll(() => table.getAttribute('aria-rowcount'), { timeout: 30_000 }).not.toBeNull();
    // The head, each member's row and the total.
    const rowCount = Number(await table.getAttribute('aria-rowcount'));
    const members = rowCount - 2;
    expect(members).toBeGreaterThan(150);
    await expect.poll(async () => (await rowsInPage(page)).length).toBeGreaterThan(10);
    const first = await rowsInPage(page);
    expect(first.length).toBeLessThan(60);
    expect(first.map((row) => row.index)).toEqual(first.map((_, at) => at + 2));
    expect(await table.locator('thead tr').getAttribute('aria-rowindex')).toBe('1');
    expect(await table.locator('tfoot tr').getAttribute('aria-rowindex')).toBe(String(rowCount));

    // Tab goes on past the rows first drawn: each row's buttons come into the page as the focus
    // reaches them, and the panel scrolls with it.
    await page.getByRole('button', { name: new RegExp(`^Ändra Vänort för ${first[0]!.name}(: |$)`) }).focus();
    for (let press = 0; press < 3 * (first.length + 15); press++) await page.keyboard.press('Tab');
    const focusedRow = () =>
      page.evaluate(() => Number(document.activeElement?.closest('tr')?.getAttribute('aria-rowindex') ?? 0));
    expect(await focusedRow()).toBeGreaterThan(first.length + 10);
    // A row's focus selects it; scrolled far away, the selected row stays in the page with its focus.
    const selected = await page.locator('.members-table tbody tr.selected').getAttribute('data-member');
    const panel = page.locator('.side-panel');
    await panel.evaluate((element) => (element.scrollTop = element.scrollHeight));
    await expect.poll(async () => Math.max(...(await rowsInPage(page)).map((row) => row.index))).toBe(rowCount - 1);
    expect((await rowsInPage(page)).some((row) => row.name === selected)).toBe(true);
    expect(await focusedRow()).toBeGreaterThan(first.length + 10);

    // The last row, drawn after the scroll, is edited as any other and its count kept.
    const last = (await rowsInPage(page)).find((row) => row.index === rowCount - 1)!;
    const countButton = page.getByRole('button', { name: new RegExp(`^Ändra Medlemmar 2013 för ${last.name}(: |$)`) });
    await countButton.click();
    const input = page.getByRole('textbox', { name: `Ändra Medlemmar 2013 för ${last.name}`, exact: true });
    await input.fill('4321');
    await input.press('Enter');
    await expect.poll(() => countButton.textContent(), { timeout: 10_000 }).toMatch(/4[\s\u00a0\u202f]321/);
    await page.locator(`.members-table tbody tr[aria-rowindex="${rowCount - 1}"]`).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(process.cwd(), 'test-results', 'screenshots', 'members-table-long-end.png') });
    expect(await seriousViolations(page)).toEqual([]);

    // Back at the top, the first rows are drawn again.
    await panel.evaluate((element) => (element.scrollTop = 0));
    await expect.poll(async () => (await rowsInPage(page))[0]?.index).toBe(2);
  }, 120_000);

  it('prints every row with "Skriv ut tabellen", not only the rows drawn, with the head on every page', async () => {
    await suite.openRegister(tempDir(), MEMBERS);
    const { page } = suite.browser;
    const table = page.locator('.members-table');
    await expect.poll(() => table.getAttribute('aria-rowcount'), { timeout: 30_000 }).not.toBeNull();
    const members = Number(await table.getAttribute('aria-rowcount')) - 2;
    // The browser's print dialog cannot be answered here: print() is caught, and the page is
    // printed to PDF as the dialog would print it (Chromium sends beforeprint and afterprint).
    await page.evaluate(() => {
      window.print = () => undefined;
    });
    await page.getByRole('button', { name: 'Skriv ut tabellen' }).click();
    const printed = page.locator('.members-table-print tbody tr');
    await expect.poll(() => printed.count()).toBe(members);
    const names = await printed.evaluateAll((rows) => rows.map((row) => row.querySelector('th')?.textContent ?? ''));
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const pdfPath = join(SCREENSHOT_DIR, 'members-table-long-print.pdf');
    writeFileSync(pdfPath, await page.pdf({ format: 'A4', printBackground: true }));
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    // The first, the middle and the last member are all on paper, and each page has the head.
    for (const name of [names[0]!, names[Math.floor(members / 2)]!, names[members - 1]!]) expect(text).toContain(name);
    const pages = text.split('\f').filter((sheet) => sheet.trim() !== '');
    expect(pages.length).toBeGreaterThan(2);
    for (const [index, sheet] of pages.entries())
      expect(sheet, `page ${index + 1}`).toMatch(/Vänort\s+Land eller område\s+Kontaktår/);
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '50',
      '-f',
      '2',
      '-l',
      '2',
      pdfPath,
      join(SCREENSHOT_DIR, 'members-table-long-print'),
    ]);
    // Printed, the copy goes; the window's table still draws only the rows in view.
    await expect.poll(() => printed.count()).toBe(0);
    expect((await rowsInPage(page)).length).toBeLessThan(60);
  });
});
