import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useTempDir } from '../helpers/files';
import { useBrowserSuite } from './suite';
import { symbolCount, waitForSymbols } from './map-layout';

const tempDir = useTempDir();
const suite = useBrowserSuite();

const picker = (page: Page) => page.getByRole('combobox', { name: 'Vänortskedja' });
const chosenChain = (page: Page) => picker(page).evaluate((select) => (select as HTMLSelectElement).selectedOptions[0]?.text);

describe('Ny kedja… in the open document', () => {
  it('makes a chain, selects it and shows it empty; Undo takes it away', async () => {
    const { page } = suite.browser;
    await suite.openDemo(tempDir());
    await page.getByRole('button', { name: 'Ny kedja…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ny kedja' });
    await dialog.getByRole('textbox', { name: 'Kedjans namn' }).fill('Nordkedjan');
    await suite.browser.screenshot('new-chain-dialog');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => chosenChain(page)).toBe('Nordkedjan');
    // The other chains are still there to choose; this one is empty: no rows, no symbols.
    expect(await picker(page).locator('option').count()).toBe(5);
    await expect.poll(() => page.locator('caption').textContent()).toContain('Nordkedjan');
    expect(await page.locator('tbody tr[data-member]').count()).toBe(0);
    expect(await symbolCount(page)).toBe(0);
    await suite.browser.screenshot('new-chain-empty');

    await page.getByRole('button', { name: 'Ångra' }).click();
    await expect.poll(() => picker(page).locator('option').count()).toBe(4);
    await waitForSymbols(page);
  });

  it('works with the keyboard alone; a name the document has is refused at the field, Escape cancels', async () => {
    const { page } = suite.browser;
    await suite.openDemo(tempDir());
    const button = page.getByRole('button', { name: 'Ny kedja…' });
    await button.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Ny kedja' });
    const field = dialog.getByRole('textbox', { name: 'Kedjans namn' });
    // The dialog opens with the name field focused: typing goes there.
    await expect.poll(() => field.evaluate((input) => input === document.activeElement)).toBe(true);
    const taken = await chosenChain(page);
    await page.keyboard.type(taken!);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => dialog.getByRole('alert').textContent())
      .toBe(`Dokumentet har redan en kedja som heter ${taken}. Välj ett annat namn.`);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.inputValue()).toBe(taken);
    await suite.browser.screenshot('new-chain-taken');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await picker(page).locator('option').count()).toBe(4);
    // Focus is back on the button that opened it; again, with a new name, by keys only.
    await expect.poll(() => button.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.keyboard.type('Nordkedjan');
    await page.keyboard.press('Enter');
    await expect.poll(() => chosenChain(page)).toBe('Nordkedjan');
    // The picker changes at once; the table follows when the new chain's members have come.
    await expect.poll(() => page.locator('caption').textContent()).toContain('Nordkedjan');
    expect(await page.locator('tbody tr[data-member]').count()).toBe(0);
  });
});
