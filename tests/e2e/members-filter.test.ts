import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/files';
import { SCREENSHOT_DIR } from './browser';
import { useBrowserSuite } from './suite';

const tempDir = useTempDir();
const suite = useBrowserSuite();

describe("the members table's filter and print", () => {
  it('filters by name or country, folded as the search is, and says how many it shows', async () => {
    const { page } = suite.browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    await suite.openDemo(tempDir());
    const rows = page.locator('.members-table tbody tr[data-member]');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(9);
    const filter = page.getByRole('searchbox', { name: 'Filtrera' });
    const names = () => rows.evaluateAll((list) => list.map((row) => row.getAttribute('data-member')));
    await filter.fill('siglufjordur');
    await expect.poll(names, { timeout: 10_000 }).toEqual(['Siglufjörður']);
    expect(await page.getByRole('status').filter({ hasText: 'Visar 1 av 9' }).count()).toBe(1);
    // By country, as the table words it: Färöarna, typed without the ä.
    await filter.fill('faroarna');
    await expect.poll(names, { timeout: 10_000 }).toEqual(['Eiði']);
    await filter.fill('Danmark');
    await expect.poll(names, { timeout: 10_000 }).toEqual(['Herning']);
    // The total is of the members shown, and says so.
    const foot = () => page.locator('.members-table tfoot tr').textContent();
    await expect.poll(foot).toBe('Totalt, den som visas230');
    await filter.fill('a');
    await expect.poll(async () => (await names()).length).toBeGreaterThan(1);
    const shown = (await names()).length;
    expect((await foot())?.startsWith(`Totalt, de ${shown} som visas`)).toBe(true);
    await filter.fill('zzz');
    await expect
      .poll(() => page.locator('.members-table td.empty').textContent(), { timeout: 10_000 })
      .toBe('Ingen vänort passar ”zzz”.');
    await filter.fill('');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(9);
    await expect.poll(async () => (await foot())?.replace(/[\u00a0\u202f]/g, ' ')).toBe('Totalt1 135 (1 uppgift saknas)');
  });

  it('prints the table alone: every member and the total, not the map or the panels', async () => {
    const { page } = suite.browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    await suite.openDemo(tempDir());
    await page.locator('.members-table tbody tr[data-member]').first().waitFor();
    // The browser's print dialog cannot be answered here: the button's print() is caught, and the
    // page is printed to PDF as the dialog would print it.
    await page.evaluate(() => {
      window.print = () => undefined;
    });
    await page.getByRole('button', { name: 'Skriv ut tabellen' }).click();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const pdfPath = join(SCREENSHOT_DIR, 'members-table-print.pdf');
    writeFileSync(pdfPath, await page.pdf({ format: 'A4', printBackground: true }));
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).replace(/[\u00a0\u202f]/g, ' ');
    for (const name of ['Vänersborg', 'Herning', 'Holmestrand', 'Siglufjörður', 'Kangasala', 'Eiði', 'Arsuk', 'Husby'])
      expect(text).toContain(name);
    expect(text).toContain('1 135 (1 uppgift saknas)');
    for (const elsewhere of ['Teckenförklaring', 'Spela', 'Skapa rapport', 'Filtrera']) expect(text).not.toContain(elsewhere);
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', pdfPath, join(SCREENSHOT_DIR, 'members-table-print')]);
  });

  it('remembers the sort order of each document after a reload', async () => {
    const { page } = suite.browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    await suite.openDemo(tempDir());
    const rows = page.locator('.members-table tbody tr[data-member]');
    const names = () => rows.evaluateAll((list) => list.map((row) => row.getAttribute('data-member')));
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(9);
    // The first order: by year joined (Herning and Vänersborg, 1946).
    expect((await names()).slice(0, 2)).toEqual(['Herning', 'Vänersborg']);
    await page.getByRole('button', { name: 'Vänort', exact: true }).click();
    await page.getByRole('button', { name: 'Vänort', exact: true }).click();
    await expect.poll(async () => (await names())[0], { timeout: 10_000 }).toBe('Vänersborg');
    await page.reload();
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(9);
    await expect.poll(async () => (await names()).slice(0, 2), { timeout: 10_000 }).toEqual(['Vänersborg', 'Siglufjörður']);
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Vänort');
    // Another document starts in the first order.
    await suite.host!.close();
    await suite.openDemo(tempDir());
    await expect.poll(async () => (await names()).slice(0, 2), { timeout: 20_000 }).toEqual(['Herning', 'Vänersborg']);
  });

  it('lists former members and rejoins one from there, with the overlap refused at its field', async () => {
    const { page } = suite.browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    await suite.openDemo(tempDir());
    const rows = page.locator('.members-table tbody tr[data-member]');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(9);
    const former = page.locator('details.former-members');
    await former.locator('summary').filter({ hasText: 'Tidigare medlemmar (1)' }).click();
    const utajarvi = former.getByRole('listitem', { name: 'Utajärvi' });
    expect(await utajarvi.textContent()).toContain('lämnade 1976');
    // A year inside its earlier membership (1948–1976) is refused, at the row, in view.
    await utajarvi.getByRole('textbox', { name: 'Gick med igen år' }).fill('1970');
    await utajarvi.getByRole('button', { name: 'Gå med igen' }).click();
    const alert = utajarvi.getByRole('alert');
    await expect.poll(() => alert.count(), { timeout: 10_000 }).toBe(1);
    expect(await alert.isVisible()).toBe(true);
    await utajarvi.getByRole('textbox', { name: 'Gick med igen år' }).fill('2010');
    await utajarvi.getByRole('button', { name: 'Gå med igen' }).click();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(10);
    expect(await page.locator('.members-table tbody tr[data-member="Utajärvi"]').count()).toBe(1);
    await expect.poll(() => former.count(), { timeout: 10_000 }).toBe(0);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'former-members-rejoined.png') });
    // One undo step takes it back.
    await page.getByRole('button', { name: 'Ångra' }).click();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(9);
  });

  it("shows a rejoin's overlap refusal in the member's details where it can be read, not below the panel", async () => {
    const { page } = suite.browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    await suite.openDemo(tempDir());
    await page.getByRole('slider', { name: /^År/ }).fill('1975');
    await expect.poll(() => page.locator('caption').textContent(), { timeout: 10_000 }).toContain(', 1975');
    await page.locator('tbody tr[data-member="Utajärvi"] td').first().click();
    const details = page.locator('.member-details');
    const year = details.getByRole('textbox', { name: 'Gick med igen år' });
    await year.fill('1970');
    await details.getByRole('button', { name: 'Gå med igen' }).click();
    const alert = details.getByRole('alert');
    await expect.poll(() => alert.count(), { timeout: 10_000 }).toBe(1);
    // Inside the window and inside every scrolling box around it.
    await expect
      .poll(() =>
        alert.evaluate((element) => {
          const box = element.getBoundingClientRect();
          if (box.top < 0 || box.bottom > window.innerHeight) return `outside the window: ${box.top}–${box.bottom}`;
          for (let outer = element.parentElement; outer; outer = outer.parentElement) {
            if (!/auto|scroll/.test(getComputedStyle(outer).overflowY)) continue;
            const frame = outer.getBoundingClientRect();
            if (box.top < frame.top || box.bottom > frame.bottom)
              return `outside .${outer.className}: ${box.top}–${box.bottom} in ${frame.top}–${frame.bottom}`;
          }
          return 'in view';
        }),
      )
      .toBe('in view');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'rejoin-refused-details.png') });
  });

  it('shows every column and tab at 1024 px without scrolling sideways, in Swedish and in Finnish', async () => {
    const { page } = suite.browser;
    await page.setViewportSize({ width: 1024, height: 768 });
    await suite.openDemo(tempDir());
    const panel = page.locator('.side-panel');
    const overflow = () => panel.evaluate((element) => element.scrollWidth - element.clientWidth);
    await page.locator('.members-table tbody tr[data-member]').first().waitFor();
    await expect.poll(overflow).toBeLessThanOrEqual(0);
    await page.getByRole('combobox', { name: 'Språk' }).selectOption('fi');
    await page.getByRole('tab', { name: 'Jaa' }).waitFor();
    await expect.poll(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'members-1024-fi.png') });
    await page.getByRole('combobox', { name: 'Kieli' }).selectOption('sv');
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
