/**
 * The timeline's records edited in place, with the checks of adding, and a removal that says
 * what went with Undo for a few seconds (issue 17), as a coordinator does it in the browser host.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useTempDir } from '../helpers/files';
import { normalise, useBrowserSuite } from './suite';
import { seriousViolations } from './axe';

const tempDir = useTempDir();
const suite = useBrowserSuite();

const herningGrant = (page: Page) => page.locator('.timeline li[data-kind="grant"]').filter({ hasText: 'Bidrag till Herning' });
const focusedName = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');

describe('a timeline record', () => {
  it("has its grant's amount edited in place, refused at the field when it is no number, undone by Ctrl+Z", async () => {
    const { page } = suite.browser;
    await page.setViewportSize({ width: 1280, height: 900 });
    await suite.openDemo(tempDir());
    await page.getByRole('tab', { name: 'Tidslinje' }).click();
    const entry = herningGrant(page);
    expect(normalise(await entry.textContent())).toContain('Bidrag till Herning: 16 800 DKK (givare: Herning Kommune)');

    await entry.getByRole('button', { name: /^Ändra: Bidrag till Herning/ }).click();
    const form = page.getByRole('form', { name: /^Ändra: Bidrag till Herning/ });
    const amount = form.getByRole('textbox', { name: 'Belopp' });
    await expect.poll(() => amount.inputValue()).toBe('16800');
    // The form opens on its first field, with the record as it is: the branch, the year, the donor.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');
    expect(await form.getByRole('combobox', { name: 'Lokalavdelning' }).inputValue()).not.toBe('');
    expect(await form.getByRole('textbox', { name: 'År' }).inputValue()).toBe('2014');
    expect(await form.getByRole('textbox', { name: 'Givare' }).inputValue()).toBe('Herning Kommune');
    // The kind is not changed by editing.
    expect(await form.getByRole('combobox', { name: 'Slag' }).count()).toBe(0);

    await amount.fill('tjugo');
    await form.getByRole('button', { name: 'Spara ändringen' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe('Skriv beloppet som ett tal, eller markera okänd summa.');
    expect(normalise(await entry.locator('.timeline-text').textContent())).toContain('16 800 DKK');
    await suite.browser.screenshot('timeline-edit-refused');

    await amount.fill('18 500');
    await form.getByRole('button', { name: 'Spara ändringen' }).click();
    await expect.poll(() => form.count()).toBe(0);
    await expect.poll(async () => normalise(await entry.locator('.timeline-text').textContent())).toContain('18 500 DKK');
    // Back on the entry's Edit button, from where the keyboard left.
    await expect.poll(() => focusedName(page)).toMatch(/^Ändra: Bidrag till Herning: 18.500 DKK/);

    // Ctrl+Z, as for any other change, gives the amount back.
    await page.keyboard.press('Control+z');
    await expect.poll(async () => normalise(await entry.locator('.timeline-text').textContent())).toContain('16 800 DKK');

    // Escape leaves the form without saving.
    await entry.getByRole('button', { name: /^Ändra: / }).click();
    await form.getByRole('textbox', { name: 'Givare' }).fill('Nordplus');
    await page.keyboard.press('Escape');
    await expect.poll(() => form.count()).toBe(0);
    expect(normalise(await entry.textContent())).toContain('(givare: Herning Kommune)');
    await expect.poll(() => focusedName(page)).toMatch(/^Ändra: Bidrag till Herning/);

    // Edited again and saved: the donor, shown in the line.
    await entry.getByRole('button', { name: /^Ändra: / }).click();
    await form.getByRole('textbox', { name: 'Givare' }).fill('Herning Kommune, kulturforvaltningen');
    await suite.browser.screenshot('timeline-edit-open');
    expect(await seriousViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Spara ändringen' }).click();
    await expect
      .poll(async () => normalise(await entry.textContent()))
      .toContain('(givare: Herning Kommune, kulturforvaltningen)');

    // A sum with öre is written with them, not rounded to a whole krona.
    await entry.getByRole('button', { name: /^Ändra: / }).click();
    await amount.fill('1 250,5');
    await form.getByRole('button', { name: 'Spara ändringen' }).click();
    await expect.poll(async () => normalise(await entry.locator('.timeline-text').textContent())).toContain('1 250,50 DKK');
  });

  it("shows an activity's places on its line, and as they are edited", async () => {
    const { page } = suite.browser;
    await suite.openDemo(tempDir());
    await page.getByRole('tab', { name: 'Tidslinje' }).click();
    const entry = page.locator('.timeline li[data-kind="activity"]').filter({ hasText: 'Blåsutskolan' });
    // The line's own text, before its source and details.
    const places = async () =>
      normalise(await entry.locator('.timeline-text').evaluate((text) => text.firstChild?.textContent ?? null)).split(' — ')[1] ??
      '';
    expect((await places()).split(', ').sort()).toEqual(['Kangasala', 'Vänersborg']);
    await entry.getByRole('button', { name: /^Ändra: / }).click();
    const form = page.getByRole('form', { name: /^Ändra: Blåsutskolan/ });
    await form.getByRole('checkbox', { name: 'Kangasala' }).uncheck();
    await form.getByRole('checkbox', { name: 'Arsuk' }).check();
    await form.getByRole('button', { name: 'Spara ändringen' }).click();
    await expect.poll(async () => (await places()).split(', ').sort()).toEqual(['Arsuk', 'Vänersborg']);
  });

  it('is removed without a question, and the notice "Borttagen: … — Ångra" undoes it for a few seconds', async () => {
    const { page } = suite.browser;
    await page.setViewportSize({ width: 1280, height: 900 });
    await suite.openDemo(tempDir());
    await page.getByRole('tab', { name: 'Tidslinje' }).click();
    const entry = herningGrant(page);
    const notice = page.getByRole('status').filter({ hasText: /^Borttagen: Bidrag till Herning/ });

    await entry.getByRole('button', { name: /^Ta bort: / }).click();
    await expect.poll(() => entry.count()).toBe(0);
    expect(normalise(await notice.textContent())).toBe(
      'Borttagen: Bidrag till Herning: 16 800 DKK (givare: Herning Kommune) — Ångra',
    );
    // The keyboard is left in the timeline, not on the page's body.
    expect(await page.evaluate(() => document.activeElement?.classList.contains('timeline'))).toBe(true);
    await suite.browser.screenshot('timeline-removed-notice');
    expect(await seriousViolations(page)).toEqual([]);
    await notice.getByRole('button', { name: 'Ångra' }).click();
    await expect.poll(() => entry.count()).toBe(1);
    await expect.poll(() => notice.count()).toBe(0);

    // Ctrl+Z works as always.
    await entry.getByRole('button', { name: /^Ta bort: / }).click();
    await expect.poll(() => notice.count()).toBe(1);
    await page.keyboard.press('Control+z');
    await expect.poll(() => entry.count()).toBe(1);
    await expect.poll(() => notice.count()).toBe(0);

    // Left alone, the notice goes after a few seconds, and the entry stays removed.
    await entry.getByRole('button', { name: /^Ta bort: / }).click();
    await expect.poll(() => notice.count()).toBe(1);
    await page.mouse.move(5, 880);
    await expect.poll(() => notice.count(), { timeout: 15_000, interval: 500 }).toBe(0);
    expect(await entry.count()).toBe(0);
  });
});
