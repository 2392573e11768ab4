import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatInteger, LANGUAGES } from '../../shared/format';
import { createI18n } from '../../shared/i18n';
import { reportFooterTemplate, reportHash } from '../../shared/report/params';
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

describe('the chain report', () => {
  it("lists the members as the screen does: by year, then by name with the language's collator", async () => {
    const { page } = suite.browser;
    const dir = tempDir();
    suite.host = await startHost({ dbPath: join(dir, 'demo.vanort'), settingsPath: join(dir, 'settings.json') });
    const api = async <T>(method: string, input: object): Promise<T> =>
      (
        (await (
          await fetch(`${suite.host!.url}api/${method}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(input),
          })
        ).json()) as { value: T }
      ).value;
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

    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const pdfPath = join(SCREENSHOT_DIR, 'report-vanersborg-2013.pdf');
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: reportFooterTemplate('demo.vanort', '2026-11-23', 'Sida', 'av'),
      margin: { top: '16mm', bottom: '18mm', left: '14mm', right: '14mm' },
    });
    writeFileSync(pdfPath, pdf);
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).replace(/[\u00a0\u202f]/g, ' ');
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
    expect(text).toContain('Förslag till nästa värd: Kangasala (2015)');
    expect(text).toContain('Bidrag till Herning: 16 800 DKK');
    expect(text).toContain('Sida 1 av');
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
      const pdfPath = join(SCREENSHOT_DIR, `report-vanersborg-2013-${language}.pdf`);
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      writeFileSync(
        pdfPath,
        await page.pdf({
          format: 'A4',
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: '<span></span>',
          footerTemplate: reportFooterTemplate('demo.vanort', '2026-11-23', t('report.page'), t('report.of')),
          margin: { top: '16mm', bottom: '18mm', left: '14mm', right: '14mm' },
        }),
      );
      const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).replace(/[\u00a0\u202f]/g, ' ');
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
      expect(text).toContain({ da: 'Side 1 af', nb: 'Side 1 av', fi: 'Sivu 1 /', is: 'Síða 1 af', en: 'Page 1 of' }[language]);
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
    const dir = tempDir();
    suite.host = await startHost({ dbPath: join(dir, 'demo.vanort'), settingsPath: join(dir, 'settings.json') });
    await page.goto(suite.host.url);
    await page.getByRole('table').first().waitFor();
    await page.getByRole('button', { name: 'Skapa rapport…' }).click();
    const dialog = page.getByRole('form', { name: 'Skapa rapport…' });
    await dialog.getByRole('combobox', { name: 'Språk' }).selectOption('en');
    await dialog.getByRole('button', { name: 'Öppna rapporten' }).click();
    await page.locator('body[data-report-ready="true"]').waitFor({ timeout: 20_000 });
    expect(await page.getByRole('heading', { level: 2, name: 'Members and member counts 2013' }).count()).toBe(1);
    expect(await page.locator('.report-table tfoot').textContent()).toContain('1,135 (1 not reported)');
    await page.getByRole('button', { name: 'Back to the map' }).click();
    await page.getByRole('button', { name: 'Skapa rapport…' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('sv');
  });
});
