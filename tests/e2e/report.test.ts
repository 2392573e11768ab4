import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatInteger, LANGUAGES } from '../../shared/format';
import { createI18n } from '../../shared/i18n';
import { reportHash } from '../../shared/report/params';
import type { Page } from 'playwright-core';
import { useTempDir } from '../helpers/files';
import { SCREENSHOT_DIR } from './browser';
import { startHost } from '../../electron/transport/web-host';
import { useBrowserSuite } from './suite';
import { drawnMembers, labelsNearerAnother, symbolCount } from './map-layout';

const tempDir = useTempDir();
const suite = useBrowserSuite();

/** The id of the host's first chain (the demo's Vänersborg chain), asked of its API. */
async function firstChainId(url: string): Promise<string> {
  const answer = await fetch(`${url}api/chains.list`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  return ((await answer.json()) as { value: Array<{ id: string }> }).value[0]!.id;
}

/**
 * Prints the open report as the app does (its own @page CSS: size, margins and the footer's margin
 * boxes; no Chromium header or footer) and gives the PDF's text, one string per page.
 */
async function printedPages(page: Page, name: string): Promise<string[]> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const pdfPath = join(SCREENSHOT_DIR, `${name}.pdf`);
  writeFileSync(pdfPath, await page.pdf({ printBackground: true, preferCSSPageSize: true }));
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).replace(/[\u00a0\u202f]/g, ' ');
  return text.split('\f').filter((pageText) => pageText.trim() !== '');
}

async function openReport(
  page: Page,
  url: string,
  params: { year: number; from?: number; checks?: boolean; language?: 'sv' | 'en' },
) {
  await page.goto(`${url}${reportHash({ chainId: await firstChainId(url), language: 'sv', ...params })}`);
  await page.locator('body[data-report-ready="true"]').waitFor({ timeout: 30_000 });
}

/** The demo in the browser host, its map shown, and "Skapa rapport…" opened. */
async function openReportDialog(page: Page) {
  const dir = tempDir();
  suite.host = await startHost({ dbPath: join(dir, 'demo.vanort'), settingsPath: join(dir, 'settings.json') });
  await page.goto(suite.host.url);
  await page.getByRole('table').first().waitFor();
  await page.getByRole('button', { name: 'Skapa rapport…' }).click();
  return page.getByRole('form', { name: 'Skapa rapport…' });
}

/** The lines of a section of the printed text: from its heading to the next heading given. */
function sectionOf(text: string, heading: string, nextHeading: string): string {
  const start = text.indexOf(heading);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const end = text.indexOf(nextHeading, start + heading.length);
  return text.slice(start, end < 0 ? undefined : end);
}

/** The value of one call of the running host's API. */
async function api<T>(method: string, input: object): Promise<T> {
  const answer = await fetch(`${suite.host!.url}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  return ((await answer.json()) as { value: T }).value;
}

describe('the chain report', () => {
  it("lists the members as the screen does: by year, then by name with the language's collator", async () => {
    const { page } = suite.browser;
    const dir = tempDir();
    suite.host = await startHost({ dbPath: join(dir, 'demo.vanort'), settingsPath: join(dir, 'settings.json') });
    const chainId = (await api<Array<{ id: string }>>('chains.list', {}))[0]!.id;
    const { members } = await api<{ members: Array<{ name: string; placeId: string }> }>('members.list', { chainId, year: 2013 });
    // Vänersborg joined in 1946, as Herning did: renamed Álftanes, it sorts before Herning by the
    // language's rules (Á is an A), and after it by raw character codes.
    const vanersborg = members.find((member) => member.name === 'Vänersborg')!;
    await api('members.rename', { placeId: vanersborg.placeId, name: 'Álftanes' });
    await page.goto(suite.host.url);
    const screenRows = page.locator('.members-table tbody tr');
    await page.getByRole('table').first().waitFor();
    await expect.poll(() => screenRows.count(), { timeout: 20_000 }).toBe(9);
    const screen = await screenRows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-member') ?? ''));
    await page.goto(`${suite.host.url}${reportHash({ chainId, year: 2013, language: 'sv' })}`);
    await page.locator('body[data-report-ready="true"]').waitFor({ timeout: 20_000 });
    const report = await page.locator('.report-table').first().locator('tbody tr td:first-child').allTextContents();
    expect(report.slice(0, 2)).toEqual(['Álftanes', 'Herning']);
    expect(report.map((name) => name.trim())).toEqual(screen);
  });

  it("prints Vänersborg's chain in 2013 to an A4 PDF that holds every member with year and count, and the total", async () => {
    const { page } = suite.browser;
    const dir = tempDir();
    suite.host = await startHost({ dbPath: join(dir, 'demo.vanort'), settingsPath: join(dir, 'settings.json') });
    const chainId = await firstChainId(suite.host.url);
    await page.goto(`${suite.host.url}${reportHash({ chainId, year: 2013, language: 'sv' })}`);
    await page.locator('body[data-report-ready="true"]').waitFor({ timeout: 20_000 });
    expect(await symbolCount(page)).toBe(9);

    const pages = await printedPages(page, 'report-vanersborg-2013');
    const text = pages.join('\n');
    const pdfPath = join(SCREENSHOT_DIR, 'report-vanersborg-2013.pdf');
    for (const [name, year, count] of [
      ['Vänersborg', '1946', '100'],
      ['Herning', '1946', '230'],
      ['Holmestrand', '1947', '100'],
      ['Siglufjörður', '1949', '30'],
      ['Kangasala', '1977', '70'],
      ['15 landkommuner', '1977', '250'],
      ['Eiði', '1978', 'Uppgift saknas'],
      ['Arsuk', '1987', '15'],
      ['Husby', '1988', '340'],
    ]) {
      expect(text, name).toMatch(new RegExp(`${name}\\s+\\S.*\\s${year}\\s+${count}`));
    }
    expect(text).toContain('1 135 (1 uppgift saknas)');
    // Every page has the footer of CSS paged media: the document, and "Sida N av M".
    pages.forEach((pageText, index) => {
      expect(pageText, `page ${index + 1}`).toContain(`Sida ${index + 1} av ${pages.length}`);
      expect(pageText, `page ${index + 1}`).toContain('demo.vanort');
    });
    expect(text).toContain('Vänersborgs kommun, kartläggning av vänortskedjan (2014)');
    // The report's own buttons are not printed.
    expect(text).not.toContain('Tillbaka till kartan');
    // The fit leaves room for every label on the printed map, so no note says one was left out
    // (its words would be for paper: no zooming, no hovering).
    const printed = await drawnMembers(page);
    expect(printed.filter((member) => member.label === null).map((member) => member.name)).toEqual([]);
    // No label on paper is nearer to another member's symbol than to its own.
    expect(labelsNearerAnother(printed)).toEqual([]);
    expect(text).not.toMatch(/zooma in|håll pekaren|fick inte plats/);
    // The pages as pictures, to look at.
    execFileSync('pdftoppm', ['-png', '-r', '60', pdfPath, join(SCREENSHOT_DIR, 'report-page')]);
  });

  it.each(LANGUAGES.filter((language) => language !== 'sv').map((language) => [language]))(
    'prints in %s: its headings, its total and its footer',
    async (language) => {
      const { page } = suite.browser;
      const t = (await createI18n(language)).getFixedT(language);
      const dir = tempDir();
      suite.host = await startHost({ dbPath: join(dir, 'demo.vanort'), settingsPath: join(dir, 'settings.json') });
      await page.goto(`${suite.host.url}${reportHash({ chainId: await firstChainId(suite.host.url), year: 2013, language })}`);
      await page.locator('body[data-report-ready="true"]').waitFor({ timeout: 20_000 });
      const pages = await printedPages(page, `report-vanersborg-2013-${language}`);
      const text = pages.join('\n');
      const pdfPath = join(SCREENSHOT_DIR, `report-vanersborg-2013-${language}.pdf`);
      for (const heading of [
        'report.history',
        'report.grants',
        'report.agreements',
        'report.sources',
        'history.meetingsTitle',
      ] as const)
        expect(text, heading).toContain(t(heading));
      expect(text).toContain(t('report.subtitle', { year: 2013 }));
      expect(text).toContain(
        `${formatInteger(1135, language)} (${t('members.totalNotReported', { count: 1 })})`.replace(/[\u00a0\u202f]/g, ' '),
      );
      const [pageWord, ofWord] = {
        da: ['Side', 'af'],
        nb: ['Side', 'av'],
        fi: ['Sivu', '/'],
        is: ['Síða', 'af'],
        en: ['Page', 'of'],
      }[language]!;
      pages.forEach((pageText, index) => expect(pageText).toContain(`${pageWord} ${index + 1} ${ofWord} ${pages.length}`));
      // The Swedish report's own words are not in it ("Historik" is Danish too).
      expect(text).not.toMatch(/Kommunala bidrag|Källor|Sida 1 av|Läget 2013/);
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '50',
        '-f',
        '1',
        '-l',
        '1',
        pdfPath,
        join(SCREENSHOT_DIR, `report-${language}-page`),
      ]);
    },
  );

  it('is created from the app in another language, and going back gives the app its language back', async () => {
    const { page } = suite.browser;
    const dialog = await openReportDialog(page);
    await dialog.getByRole('combobox', { name: 'Språk' }).selectOption('en');
    await dialog.getByRole('button', { name: 'Öppna rapporten' }).click();
    await page.locator('body[data-report-ready="true"]').waitFor({ timeout: 20_000 });
    expect(await page.getByRole('heading', { level: 2, name: 'Members and member counts 2013' }).count()).toBe(1);
    expect(await page.locator('.report-table tfoot').textContent()).toContain('1,135 (1 not reported)');
    await page.getByRole('button', { name: 'Back to the map' }).click();
    await page.getByRole('button', { name: 'Skapa rapport…' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('sv');
  });

  it('of 2013 holds nothing dated later, lists the year in "Under året", and suggests Kangasala for 2014', async () => {
    const { page } = suite.browser;
    const dir = tempDir();
    suite.host = await startHost({ dbPath: join(dir, 'demo.vanort'), settingsPath: join(dir, 'settings.json') });
    await openReport(page, suite.host.url, { year: 2013 });
    const pages = await printedPages(page, 'report-2013-year');
    const text = pages.join('\n');
    // No meeting, grant, agreement, activity or decision dated 2014 or later (a line of the lists
    // starts with its date; the notes and a source's title may name later years).
    expect(text).not.toMatch(/^\s*20(1[4-9]|2\d)\b/m);
    for (const later of ['Styrelseseminarium', '16 800 DKK', '35 000 DKK', 'SEK', 'Blåsutskolan'])
      expect(text).not.toContain(later);
    expect(text).toContain('Förslag till nästa värd: Kangasala (2014), som var värd senast 2007.');
    const during = sectionOf(text, 'Under året 2013', 'Historik');
    expect(during).toContain('Vänortsmöte i 15 landkommuner');
    expect(during).not.toContain('2012');
    // The last page is white below its text (the window's grey does not fill it): a pixel of its
    // lower half, in grey levels (PGM: a header of three lines, then one byte a pixel).
    const lastPage = execFileSync('pdftoppm', [
      '-gray',
      '-r',
      '20',
      '-f',
      '5',
      '-l',
      '5',
      join(SCREENSHOT_DIR, 'report-2013-year.pdf'),
    ]);
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(lastPage.toString('latin1', 0, 40))!;
    const [width, height] = [Number(header[1]), Number(header[2])];
    const pixels = lastPage.subarray(header[0].length);
    expect(pixels[Math.round(height * 0.7) * width + Math.round(width / 2)]).toBe(255);
    // The map page: the map spans the printed page's width (182 mm inside the margins).
    await page.emulateMedia({ media: 'print' });
    const widths = await page.evaluate(() => ({
      map: document.querySelector('.report-map .map')!.getBoundingClientRect().width,
      page: document.querySelector('.report')!.getBoundingClientRect().width,
    }));
    await page.emulateMedia({ media: 'screen' });
    expect(widths.map / widths.page).toBeGreaterThan(0.98);
  });

  it('of 2014 lists the Husby seminar and the grants of 2014, with the DKK total and the unknown sum apart', async () => {
    const { page } = suite.browser;
    const dir = tempDir();
    suite.host = await startHost({ dbPath: join(dir, 'demo.vanort'), settingsPath: join(dir, 'settings.json') });
    await openReport(page, suite.host.url, { year: 2014 });
    const text = (await printedPages(page, 'report-2014-year')).join('\n');
    const during = sectionOf(text, 'Under året 2014', 'Historik');
    expect(during).toContain('Styrelseseminarium i Husby');
    const grants = sectionOf(text, 'Kommunala bidrag', 'Avtal');
    expect(grants).toContain('Bidrag till Herning: 16 800 DKK (givare: Herning Kommune)');
    expect(grants).toContain('Bidrag till Husby: 35 000 DKK');
    expect(grants).toContain('Summa DKK: 51 800');
    expect(grants).toContain('Bidrag till Kangasala: okänd summa (EUR) (givare: Kangasala kommun)');
    expect(grants).toContain('1 bidrag med okänd summa, inte medräknat');
    // The 2015 proposal is not of 2014.
    expect(text).not.toContain('SEK');
  });

  it('of the years 2007–2014 lists every meeting of those years, and is chosen in the dialog', async () => {
    const { page } = suite.browser;
    const dialog = await openReportDialog(page);
    await dialog.getByRole('textbox', { name: 'Från år (valfritt)' }).fill('2014');
    await dialog.getByRole('textbox', { name: 'År', exact: true }).fill('2007');
    await dialog.getByRole('button', { name: 'Öppna rapporten' }).click();
    // A range the wrong way round is refused at the dialog, which stays open.
    await expect.poll(() => dialog.getByText('Från-året ska ligga före året.').count(), { timeout: 10_000 }).toBe(1);
    await dialog.getByRole('textbox', { name: 'Från år (valfritt)' }).fill('2007');
    await dialog.getByRole('textbox', { name: 'År', exact: true }).fill('2014');
    await dialog.getByRole('button', { name: 'Öppna rapporten' }).click();
    await page.locator('body[data-report-ready="true"]').waitFor({ timeout: 30_000 });
    const pages = await printedPages(page, 'report-2007-2014');
    const text = pages.join('\n');
    expect(text).toContain('Åren 2007–2014');
    const during = sectionOf(text, 'Under åren 2007–2014', 'Historik');
    for (const host of ['Kangasala', 'Husby', 'Herning', 'Siglufjörður', 'Holmestrand', 'Vänersborg', '15 landkommuner'])
      expect(during).toContain(`Vänortsmöte i ${host}`);
    expect(during).toContain('Styrelseseminarium i Husby');
    expect(during.match(/Vänortsmöte i /g)).toHaveLength(7);
    pages.forEach((pageText, index) => expect(pageText).toContain(`Sida ${index + 1} av ${pages.length}`));
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '50',
      join(SCREENSHOT_DIR, 'report-2007-2014.pdf'),
      join(SCREENSHOT_DIR, 'report-range-page'),
    ]);
  });

  it('adds the annex "Att granska" with the facts that contradict each other, unless asked not to', async () => {
    const { page } = suite.browser;
    const dir = tempDir();
    suite.host = await startHost({ dbPath: join(dir, 'demo.vanort'), settingsPath: join(dir, 'settings.json') });
    const chainId = await firstChainId(suite.host.url);
    const { members } = await api<{ members: Array<{ name: string; placeId: string }> }>('members.list', { chainId, year: 2013 });
    // A count for 1970 for Husby, which joined in 1988: kept, and to be checked.
    await api('members.setCount', {
      placeId: members.find((member) => member.name === 'Husby')!.placeId,
      year: 1970,
      memberCount: 12,
    });
    await openReport(page, suite.host.url, { year: 2013, checks: true });
    const annex = sectionOf((await printedPages(page, 'report-2013-checks')).join('\n'), 'Bilaga: att granska', 'Källor');
    expect(annex).toContain('Husby har medlemsantal för 1970, före året den gick med (1988).');
    await openReport(page, suite.host.url, { year: 2013, checks: false });
    expect((await printedPages(page, 'report-2013-no-checks')).join('\n')).not.toContain('Bilaga: att granska');
  });
});
