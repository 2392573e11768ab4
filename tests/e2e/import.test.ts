import { copyFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useTempDir } from '../helpers/files';
import { MESSY_SHEET } from '../helpers/sheets';
import { startHost } from '../../electron/transport/web-host';
import { GAZETTEER_LOAD_MS, normalise, useBrowserSuite } from './suite';

const tempDir = useTempDir();
const SHEETS = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/sheets');
const suite = useBrowserSuite();

// The messy sheet of the issue, and a place (row 9) that only the gazetteer knows.
const MESSY = `${MESSY_SHEET}Torshavn;Färöarna;1980;40\r\n`;

async function openDemoAtLich(page: Page, dir: string): Promise<void> {
  suite.host = await startHost({ dbPath: join(dir, 'demo.vanort'), settingsPath: join(dir, 'settings.json') });
  await page.goto(suite.host.url);
  await page.getByRole('table').waitFor();
  // Vänersborg–Lich has two members: the sheet's towns are all new to it.
  await page.getByRole('combobox', { name: 'Vänortskedja' }).selectOption({ label: 'Vänersborg–Lich' });
  await expect.poll(() => page.locator('.members-table tbody tr').count()).toBe(2);
}

const rowNames = (page: Page) =>
  page.locator('.members-table tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-member')));
const canUndo = async (page: Page) =>
  page.evaluate(async () => {
    const response = await fetch('/api/undo.state', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    return ((await response.json()) as { value: { canUndo: boolean } }).value.canUndo;
  });

describe('import from a spreadsheet in the window', () => {
  it('previews a messy sheet with every problem by row, writes nothing until the bad rows are excluded, then imports in one undo step', async () => {
    const { page } = suite.browser;
    const dir = tempDir();
    const file = join(dir, 'vänorter.csv');
    writeFileSync(file, MESSY);
    await openDemoAtLich(page, dir);
    expect(await canUndo(page)).toBe(false);

    await page.getByRole('button', { name: 'Importera…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Importera vänorter till Vänersborg–Lich' });
    await dialog.getByLabel('Fil').setInputFiles(file);
    await dialog.locator('.import-preview tbody tr').first().waitFor({ timeout: GAZETTEER_LOAD_MS });

    // The columns were guessed from the Swedish headers.
    expect(
      await dialog
        .locator('.import-columns select')
        .evaluateAll((selects) => selects.map((select) => (select as HTMLSelectElement).value)),
    ).toEqual(['name', 'area', 'joinedYear', 'memberCount']);
    expect(normalise(await dialog.locator('.import-summary').textContent())).toBe(
      '7 rader i filen: 4 att importera, 3 med fel, 0 undantagna.',
    );
    // The empty row 5 is not a row; every problem is on its own spreadsheet row, in the user's words.
    expect(
      await dialog.locator('.import-preview tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-row'))),
    ).toEqual(['2', '3', '4', '6', '7', '8', '9']);
    const problemsOf = (row: number) => dialog.locator(`tr[data-row="${row}"] .row-problems`).textContent().then(normalise);
    expect(await problemsOf(6)).toMatch(/^Kontaktår: Året måste ligga mellan 1900 och \d{4}\.$/);
    expect(await problemsOf(7)).toBe('Medlemsantal: Skriv antalet medlemmar som ett heltal, eller lämna tomt om uppgift saknas.');
    expect(await problemsOf(8)).toBe('Ort: Orten finns inte i ortsregistret. Rätta namnet eller ange latitud och longitud.');
    // Siglufjordúr is matched to the document's Siglufjörður (a member of another chain); Torshavn,
    // which the document lacks, to the gazetteer's Tórshavn. "Uppgift saknas" is not zero.
    expect(normalise(await dialog.locator('tr[data-row="3"] td').nth(6).textContent())).toBe('Finns i dokumentet: Siglufjörður');
    expect(normalise(await dialog.locator('tr[data-row="9"] td').nth(6).textContent())).toBe('Från ortsregistret: Tórshavn');
    expect(normalise(await dialog.locator('tr[data-row="4"] td').nth(5).textContent())).toBe('Uppgift saknas');
    // A value that cannot be read is shown as the file has it.
    expect(normalise(await dialog.locator('tr[data-row="6"] td').nth(3).textContent())).toBe('3024');
    expect(normalise(await dialog.locator('tr[data-row="7"] td').nth(5).textContent())).toBe('hundra');

    const confirm = dialog.getByRole('button', { name: /^Importera \d+ rad/ });
    expect(await confirm.isDisabled()).toBe(true);
    await suite.browser.screenshot('import-preview-problems');
    expect(await canUndo(page)).toBe(false);

    // Unmapping the count column takes its problem away (the counts are then not imported at all).
    await dialog.locator('.import-columns select').nth(3).selectOption('ignore');
    await expect.poll(async () => dialog.locator('tr[data-row="7"] .row-problems').count()).toBe(0);
    expect(normalise(await dialog.locator('.import-summary').textContent())).toBe(
      '7 rader i filen: 5 att importera, 2 med fel, 0 undantagna.',
    );
    await dialog.locator('.import-columns select').nth(3).selectOption('memberCount');
    await expect.poll(async () => dialog.locator('tr[data-row="7"] .row-problems').count()).toBe(1);

    // Excluding row by row, by keyboard: Space on each row's checkbox.
    for (const row of [6, 7]) {
      await dialog.getByRole('checkbox', { name: `Undanta rad ${row}` }).focus();
      await page.keyboard.press('Space');
    }
    expect(normalise(await dialog.locator('.import-summary').textContent())).toBe(
      '7 rader i filen: 4 att importera, 1 med fel, 2 undantagna.',
    );
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('checkbox', { name: 'Undanta alla rader med fel' }).check();
    expect(normalise(await dialog.locator('.import-summary').textContent())).toBe(
      '7 rader i filen: 4 att importera, 0 med fel, 3 undantagna.',
    );
    expect(await confirm.textContent()).toBe('Importera 4 rader');
    await suite.browser.screenshot('import-preview-excluded');
    await confirm.click();

    await expect.poll(() => dialog.count()).toBe(0);
    expect(normalise(await page.getByRole('status').filter({ hasText: 'Importen' }).textContent())).toBe(
      'Importen är klar: 4 nya vänorter, 0 uppdaterade. Ångra tar bort hela importen.',
    );
    await expect.poll(() => rowNames(page).then((names) => names.length)).toBe(6);
    expect(await rowNames(page)).toEqual(expect.arrayContaining(['Herning', 'Siglufjörður', 'Eiði', 'Tórshavn']));
    expect(normalise(await page.locator('tbody tr[data-member="Eiði"] td').nth(2).textContent())).toBe('Uppgift saknas');

    // The whole import is one undo step.
    await page.getByRole('button', { name: 'Ångra' }).click();
    await expect.poll(() => rowNames(page).then((names) => names.length)).toBe(2);
  });

  it('says which encoding a CSV saved by Excel was read in, and which row the headers came from', async () => {
    const { page } = suite.browser;
    const dir = tempDir();
    const excel = join(dir, 'excel.csv');
    copyFileSync(join(SHEETS, 'read-excel-windows-1252.csv'), excel);
    const titled = join(dir, 'med-rubrik.csv');
    copyFileSync(join(SHEETS, 'read-title-rows.csv'), titled);
    await openDemoAtLich(page, dir);
    await page.getByRole('button', { name: 'Importera…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Importera vänorter till Vänersborg–Lich' });
    const names = () => dialog.locator('.import-preview tbody .name-cell').allTextContents();

    await dialog.getByLabel('Fil').setInputFiles(excel);
    await dialog.locator('.import-preview tbody tr').first().waitFor({ timeout: GAZETTEER_LOAD_MS });
    expect(normalise(await dialog.locator('.import-reading').textContent())).toBe('Teckenkodning: Windows-1252');
    expect(await dialog.locator('.import-header').allTextContents()).toEqual(['Vänort', 'Land', 'Kontaktår', 'Medlemsantal']);
    expect(await names()).toEqual(['Tórshavn', 'Ålesund', 'Jyväskylä']);
    expect(normalise(await dialog.locator('tr[data-row="2"] td').nth(2).textContent())).toBe('Färöarna');
    await suite.browser.screenshot('import-windows-1252');

    await dialog.getByLabel('Fil').setInputFiles(titled);
    await expect
      .poll(async () => normalise(await dialog.locator('.import-reading').textContent()))
      .toBe('Teckenkodning: UTF-8 · Rubrikerna lästes från rad 4.');
    expect(
      await dialog.locator('.import-preview tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-row'))),
    ).toEqual(['5', '6', '7']);
    expect(await names()).toEqual(['Tórshavn', 'Ålesund', 'Jyväskylä']);
  });

  it('shows a year joined the sheet leaves empty as "?", named for screen readers, and a wrong one as written', async () => {
    const { page } = suite.browser;
    const dir = tempDir();
    const sheet = join(dir, 'utan-år.csv');
    copyFileSync(join(SHEETS, 'years-empty-cell.csv'), sheet);
    await openDemoAtLich(page, dir);
    await page.getByRole('button', { name: 'Importera…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Importera vänorter till Vänersborg–Lich' });
    await dialog.getByLabel('Fil').setInputFiles(sheet);
    await dialog.locator('.import-preview tbody tr').first().waitFor({ timeout: GAZETTEER_LOAD_MS });
    const yearColumn = await dialog.locator('.import-preview thead th').allTextContents();
    const column = yearColumn.indexOf('Kontaktår');
    const years = await dialog
      .locator('.import-preview tbody tr')
      .evaluateAll((rows, at) => rows.map((row) => row.children[at]?.textContent ?? ''), column);
    expect(years).toEqual(['1946', '?', '1977', 'okänt']);
    await expect.poll(() => dialog.getByRole('img', { name: 'Året okänt' }).count()).toBe(1);
  });

  it('reads a Danish sheet by its own headers, and says the total line is left out', async () => {
    const { page } = suite.browser;
    const dir = tempDir();
    const danish = join(dir, 'dansk.csv');
    copyFileSync(join(SHEETS, 'vocab-danish.csv'), danish);
    await openDemoAtLich(page, dir);
    await page.getByRole('button', { name: 'Importera…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Importera vänorter till Vänersborg–Lich' });
    await dialog.getByLabel('Fil').setInputFiles(danish);
    await dialog.locator('.import-preview tbody tr').first().waitFor({ timeout: GAZETTEER_LOAD_MS });
    // Every column is mapped from its Danish header (Tilsluttet once was not).
    const chosen = await dialog
      .locator('.import-columns select')
      .evaluateAll((selects) => selects.map((select) => (select as HTMLSelectElement).value));
    expect(chosen).toEqual(['name', 'area', 'joinedYear', 'leftYear', 'memberCount']);
    expect(await dialog.getByRole('list', { name: 'Rader som lämnas ute' }).textContent()).toBe(
      'Rad 8 är en summarad (I alt 2.415) och importeras inte.',
    );
    await suite.browser.screenshot('import-danish');
  });

  it('a row with same-named places in its country asks; the user picks California with the keyboard and the member is there', async () => {
    const { page } = suite.browser;
    const dir = tempDir();
    const file = join(dir, 'järvenpää.csv');
    // Järvenpää's twin town Pasadena is in California; Texas and Maryland have one too, Sweden one Lund.
    writeFileSync(file, 'Vänort;Land;Kontaktår;Medlemsantal\nPasadena;USA;1983;40\nLund;Sverige;1946;1 250\n');
    await openDemoAtLich(page, dir);
    await page.getByRole('button', { name: 'Importera…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Importera vänorter till Vänersborg–Lich' });
    // "Empty cells clear values" is off unless the user turns it on, and says what it does.
    const emptyClears = dialog.getByRole('checkbox', { name: 'Tomma celler tömmer värden' });
    expect(await emptyClears.isChecked()).toBe(false);
    expect(await emptyClears.getAttribute('aria-describedby')).toBe('import-empty-clears-hint');
    expect(normalise(await dialog.locator('#import-empty-clears-hint').textContent())).toBe(
      'Av: en tom cell lämnar det sparade värdet som det är. På: en tom cell tar bort det sparade värdet.',
    );
    await dialog.getByLabel('Fil').setInputFiles(file);
    await dialog.locator('.import-preview tbody tr').first().waitFor({ timeout: GAZETTEER_LOAD_MS });

    expect(normalise(await dialog.locator('tr[data-row="2"] .row-problems').textContent())).toBe(
      'Ort: Flera orter heter så i landet: välj en.',
    );
    const choice = dialog.getByRole('group', { name: 'Välj ort för rad 2: Pasadena' });
    const radios = choice.getByRole('radio');
    expect(
      (await radios.evaluateAll((inputs) => inputs.map((input) => input.parentElement?.textContent ?? ''))).map(normalise),
    ).toEqual(['Pasadena, TX, USA · 153 784 inv.', 'Pasadena, CA, USA · 142 250 inv.', 'Pasadena, MD, USA · 24 287 inv.']);
    expect(await radios.evaluateAll((inputs) => inputs.filter((input) => (input as HTMLInputElement).checked).length)).toBe(0);
    // Lund has one place of its name in Sweden: no question.
    expect(await dialog.locator('tr[data-row="3"] [role="group"], tr[data-row="3"] fieldset').count()).toBe(0);
    expect(normalise(await dialog.locator('.import-summary').textContent())).toBe(
      '2 rader i filen: 1 att importera, 1 med fel, 0 undantagna.',
    );
    await suite.browser.screenshot('import-choose-place');

    // By keyboard: Tab from the exclude box of row 2 into the group (onto its first place), an arrow down to California.
    await dialog.getByRole('checkbox', { name: 'Undanta rad 2' }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.parentElement?.textContent)).toMatch(/^Pasadena, TX, USA/);
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => dialog.locator('tr[data-row="2"] .row-problems').count()).toBe(0);
    await expect
      .poll(async () => normalise(await dialog.locator('.import-summary').textContent()))
      .toBe('2 rader i filen: 2 att importera, 0 med fel, 0 undantagna.');
    expect(await choice.getByRole('radio', { name: 'Pasadena, CA, USA · 142 250 inv.' }).isChecked()).toBe(true);
    expect(normalise(await dialog.locator('tr[data-row="2"] td').nth(6).textContent())).toMatch(/^Från ortsregistret: Pasadena/);
    expect(normalise(await dialog.locator('tr[data-row="2"] td').last().textContent())).toBe('Klar');
    await suite.browser.screenshot('import-place-chosen');

    await dialog.getByRole('button', { name: 'Importera 2 rader' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => rowNames(page).then((names) => names.length)).toBe(4);
    expect(await rowNames(page)).toEqual(expect.arrayContaining(['Pasadena', 'Lund']));
    // The member is at Pasadena, California (34.15 N, 118.14 W), not in Texas.
    const position = await page.evaluate(async () => {
      const post = async (method: string, body: unknown) =>
        (
          (await (
            await fetch(`/api/${method}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(body),
            })
          ).json()) as { value: unknown }
        ).value;
      const chains = (await post('chains.list', {})) as Array<{ id: string; name: string }>;
      const chainId = chains.find((chain) => chain.name === 'Vänersborg–Lich')!.id;
      const list = (await post('members.list', { chainId })) as {
        members: Array<{ name: string; latitude: number; longitude: number }>;
      };
      return list.members.find((member) => member.name === 'Pasadena')!;
    });
    expect(position.latitude).toBeCloseTo(34.15, 1);
    expect(position.longitude).toBeCloseTo(-118.14, 1);
  });

  it('a Danish re-import sheet saved by Excel: the dialog shows its encoding and, row by row, what changes', async () => {
    const { page } = suite.browser;
    const dir = tempDir();
    const file = join(dir, 'venskabsbyer.csv');
    // The demo's members as a Danish branch sends them back (Windows-1252): Herning's count is now
    // 235, Holmestrand and Kangasala as stored, Tórshavn new, and Herning's row once more.
    copyFileSync(join(SHEETS, 'reimport-danish-excel.csv'), file);
    suite.host = await startHost({ dbPath: join(dir, 'demo.vanort'), settingsPath: join(dir, 'settings.json') });
    await page.goto(suite.host.url);
    await page.getByRole('table').waitFor();
    await page.getByRole('combobox', { name: 'Vänortskedja' }).selectOption({ label: 'Vänersborgs nordiska vänortskedja' });
    await page.locator('tbody tr[data-member="Herning"]').waitFor();
    await page.getByRole('button', { name: 'Importera…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Importera vänorter till Vänersborgs nordiska vänortskedja' });
    await dialog.getByLabel('Fil').setInputFiles(file);
    await dialog.locator('.import-preview tbody tr').first().waitFor({ timeout: GAZETTEER_LOAD_MS });

    expect(normalise(await dialog.locator('.import-reading').textContent())).toBe('Teckenkodning: Windows-1252');
    expect(await dialog.locator('.import-header').allTextContents()).toEqual([
      'Venskabsby',
      'Land (eller område)',
      'Tilsluttet',
      'Medlemstal',
    ]);
    expect(await dialog.locator('.import-preview tbody .name-cell').allTextContents()).toEqual([
      'Herning',
      'Holmestrand',
      'Kangasala',
      'Tórshavn',
      'Herning',
    ]);
    expect(normalise(await dialog.locator('.import-outcomes').textContent())).toBe(
      'Nya: 1 · ändras: 1 · oförändrade: 2 · dubbletter: 1',
    );
    const outcomeOf = async (row: number) => [
      normalise(await dialog.locator(`tr[data-row="${row}"] .import-outcome-word`).textContent()),
      normalise(
        await dialog
          .locator(`tr[data-row="${row}"] .import-changes`)
          .textContent({ timeout: 100 })
          .catch(() => null),
      ),
    ];
    expect(await outcomeOf(2)).toEqual(['Ändras', 'Herning: medlemmar 2013: 230 → 235']);
    expect(await outcomeOf(3)).toEqual(['Oförändrad', 'Holmestrand: ingen ändring']);
    expect(await outcomeOf(4)).toEqual(['Oförändrad', 'Kangasala: ingen ändring']);
    expect(await outcomeOf(5)).toEqual(['Ny', '']);
    expect(await outcomeOf(6)).toEqual(['Dubblett av rad 2', '']);
    await suite.browser.screenshot('import-reimport-danish');

    // The same in English (the dialog is modal: the language is switched with it closed).
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await page.getByRole('combobox', { name: 'Språk' }).selectOption('en');
    await page.getByRole('button', { name: 'Import…' }).click();
    const english = page.getByRole('dialog', { name: 'Import members into Vänersborgs nordiska vänortskedja' });
    await english.getByLabel('File').setInputFiles(file);
    await english.locator('.import-preview tbody tr').first().waitFor({ timeout: GAZETTEER_LOAD_MS });
    expect(normalise(await english.locator('.import-reading').textContent())).toBe('Character encoding: Windows-1252');
    expect(normalise(await english.locator('.import-outcomes').textContent())).toBe(
      'New: 1 · changed: 1 · unchanged: 2 · duplicates: 1',
    );
    expect(normalise(await english.locator('tr[data-row="2"] .import-changes').textContent())).toBe(
      'Herning: members 2013: 230 → 235',
    );
    expect(normalise(await english.locator('tr[data-row="3"] .import-changes').textContent())).toBe('Holmestrand: no change');
    expect(normalise(await english.locator('tr[data-row="6"] .import-outcome-word').textContent())).toBe('Duplicate of row 2');
    await suite.browser.screenshot('import-reimport-danish-en');
  });

  it('tells the user when a file cannot be read, and Escape closes the dialog without writing', async () => {
    const { page } = suite.browser;
    const dir = tempDir();
    const file = join(dir, 'trasig.xlsx');
    writeFileSync(file, Buffer.from('PK\u0003\u0004 this is not really a workbook'));
    await openDemoAtLich(page, dir);
    await page.getByRole('button', { name: 'Importera…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Fil').setInputFiles(file);
    await expect.poll(() => dialog.getByRole('alert').textContent()).toBe('Filen kunde inte läsas som CSV, XLSX eller GeoJSON.');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await canUndo(page)).toBe(false);
    // Focus is back in the window, on the button that opened the dialog.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Importera…');
  });

  it('a CSV of 100,000 columns is refused with the limit named, and the window stays responsive', async () => {
    const { page } = suite.browser;
    const dir = tempDir();
    const file = join(dir, 'bred.csv');
    // About 200 KB: the header row alone once made the dialog draw 100,000 column selects.
    writeFileSync(file, `${'a;'.repeat(100_000)}\nHerning\n`);
    await openDemoAtLich(page, dir);
    await page.getByRole('button', { name: 'Importera…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Fil').setInputFiles(file);
    await expect
      .poll(() => dialog.getByRole('alert').textContent(), { timeout: 10_000 })
      .toBe('Filen har fler än 200 kolumner. Ta bort kolumner som inte behövs.');
    expect(await dialog.locator('.import-columns select').count()).toBe(0);
    // The page answers at once: a script runs and Escape closes the dialog.
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await canUndo(page)).toBe(false);
  });
});
