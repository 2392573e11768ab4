import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/files';
import { useBrowserSuite } from './suite';

const tempDir = useTempDir();
const suite = useBrowserSuite();

const thisYear = new Date().getFullYear();

describe('facts that contradict each other', () => {
  it('refuses a future join and leaving before a count, at the field, naming the fact', async () => {
    const { page } = suite.browser;
    await suite.openDemo(tempDir());
    await page.getByRole('button', { name: 'Ändra Kontaktår för Husby' }).click();
    const joined = page.getByRole('textbox', { name: 'Ändra Kontaktår för Husby' });
    await joined.fill(String(thisYear + 1));
    await joined.press('Enter');
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toBe(`Året orten gick med kan inte ligga i framtiden (efter ${thisYear}).`);
    await joined.press('Escape');

    await page.locator('tbody tr[data-member="Husby"] td').first().click();
    await page.getByRole('button', { name: 'Ändra Lämnade kedjan för Husby' }).click();
    const left = page.getByRole('textbox', { name: 'Ändra Lämnade kedjan för Husby' });
    await left.fill('2010');
    await left.press('Enter');
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toBe('Husby har medlemsantal för 2013: lämna efter 2013, eller ta bort antalet.');
  });

  it('asks before a new count replaces the one of that year', async () => {
    const { page } = suite.browser;
    await suite.openDemo(tempDir());
    await page.locator('tbody tr[data-member="Husby"] td').first().click();
    const grid = page.locator('.counts-grid');
    const cell2013 = grid.locator('tbody tr[data-year="2013"] td');
    await expect.poll(() => cell2013.textContent()).toBe('340');
    const add = async () => {
      await grid.getByRole('textbox', { name: 'År' }).fill('2013');
      await grid.getByRole('textbox', { name: 'Medlemmar' }).fill('999');
      await grid.getByRole('button', { name: 'Lägg till' }).click();
    };
    await add();
    await expect
      .poll(() => grid.getByRole('alert').textContent())
      .toContain('År 2013 har redan medlemsantalet 340. Ersätta det?');
    await grid.getByRole('button', { name: 'Behåll' }).click();
    expect(await cell2013.textContent()).toBe('340');
    await add();
    await grid.getByRole('button', { name: 'Ersätt' }).click();
    await expect.poll(() => cell2013.textContent()).toBe('999');
  });

  it('keeps a count before the join and a late join, with warnings in the details and in "Att granska"', async () => {
    const { page } = suite.browser;
    await suite.openDemo(tempDir());
    const toCheck = page.getByRole('region', { name: 'Att granska' });
    await expect.poll(() => toCheck.textContent()).toContain('Inget att granska');

    await page.locator('tbody tr[data-member="Husby"] td').first().click();
    const grid = page.locator('.counts-grid');
    await grid.getByRole('textbox', { name: 'År' }).fill('1970');
    await grid.getByRole('textbox', { name: 'Medlemmar' }).fill('12');
    await grid.getByRole('button', { name: 'Lägg till' }).click();
    const warning = 'Husby har medlemsantal för 1970, före året den gick med (1988). Kontrollera året eller antalet.';
    await expect.poll(() => page.locator('.member-details .fact-warning').allTextContents()).toEqual([warning]);
    await expect.poll(() => toCheck.locator('li').allTextContents()).toEqual([warning]);

    await page.getByRole('button', { name: 'Ändra Kontaktår för Holmestrand' }).click();
    const joined = page.getByRole('textbox', { name: 'Ändra Kontaktår för Holmestrand' });
    await joined.fill('2020');
    await joined.press('Enter');
    await expect.poll(() => toCheck.locator('li').count()).toBe(3);
    const items = await toCheck.locator('li').allTextContents();
    expect(items).toContain(warning);
    expect(items).toContain(
      'Holmestrand har medlemsantal för 2013, före året den gick med (2020). Kontrollera året eller antalet.',
    );
    expect(items.some((text) => text.startsWith('Holmestrand stod värd för ett möte') && text.includes('(2020)'))).toBe(true);
    await toCheck.scrollIntoViewIfNeeded();
    await suite.browser.screenshot('contradictions-to-check');

    // At 2013 Holmestrand (joined 2020 now) is not in the table: its warning shows the year it
    // joined, with its details, instead of selecting a member that is not shown.
    await page.getByRole('slider', { name: /^År/ }).fill('2013');
    await expect.poll(() => page.locator('caption').textContent(), { timeout: 10_000 }).toContain(', 2013');
    expect(await page.locator('tbody tr[data-member="Holmestrand"]').count()).toBe(0);
    await toCheck.getByRole('button', { name: /^Holmestrand har medlemsantal för 2013/ }).click();
    await expect.poll(() => page.locator('caption').textContent(), { timeout: 10_000 }).toContain(', 2020');
    await expect.poll(() => page.locator('.member-details h2').textContent()).toBe('Holmestrand');
    expect(await page.locator('.member-details .fact-warning').count()).toBe(2);
  });
});
