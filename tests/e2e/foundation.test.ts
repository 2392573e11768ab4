import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { APPLICATION_ID } from '../../electron/db/open';
import { sha256, useTempDir } from '../helpers/files';
import { startHost } from '../../electron/transport/web-host';
import { useBrowserSuite } from './suite';

const tempDir = useTempDir();
const suite = useBrowserSuite();

const normalise = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();

async function openDemo(page: Page, dir = tempDir()): Promise<string> {
  const dbPath = join(dir, 'demo.vanort');
  suite.host = await startHost({ dbPath, settingsPath: join(dir, 'settings.json') });
  await page.goto(suite.host.url);
  await page.getByRole('table').waitFor();
  return dbPath;
}

const total = (page: Page) => page.getByTestId('members-total').textContent().then(normalise);
const rowNames = (page: Page) =>
  page.locator('.members-table tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-member')));
const countOf = (page: Page, name: string) =>
  page.locator(`tbody tr[data-member="${name}"] td`).nth(2).textContent().then(normalise);

/**
 * The API methods the page calls (POST /api/<method>), and whether the network has been quiet
 * for a moment: no request in flight and none begun or ended for quietMs, counted from the later
 * of the last request and the call to quiet (a request the page has just begun may not have been
 * reported yet, so an earlier quiet moment does not count).
 */
function watchNetwork(page: Page) {
  const methods: string[] = [];
  /** Each call's method and input, as the page posted them. */
  const calls: Array<{ method: string; input: unknown }> = [];
  const inFlight = new Set<Request>();
  let lastActivity = Date.now();
  const begun = (request: Request) => {
    lastActivity = Date.now();
    inFlight.add(request);
    const { pathname } = new URL(request.url());
    if (!pathname.startsWith('/api/')) return;
    const method = decodeURIComponent(pathname.slice('/api/'.length));
    methods.push(method);
    calls.push({ method, input: JSON.parse(request.postData() ?? 'null') as unknown });
  };
  const done = (request: Request) => {
    lastActivity = Date.now();
    inFlight.delete(request);
  };
  page.on('request', begun);
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return {
    methods,
    calls,
    stop() {
      page.off('request', begun);
      page.off('requestfinished', done);
      page.off('requestfailed', done);
    },
    async quiet(quietMs = 750) {
      const asked = Date.now();
      await expect
        .poll(() => inFlight.size === 0 && Date.now() - Math.max(lastActivity, asked) >= quietMs, {
          timeout: 15_000,
          interval: 100,
        })
        .toBe(true);
    },
  };
}

/** The demo in a new browser host, its page open and its API calls watched from the start. */
async function openWatched(page: Page): Promise<ReturnType<typeof watchNetwork>> {
  const dir = tempDir();
  suite.host = await startHost({ dbPath: join(dir, 'demo.vanort'), settingsPath: join(dir, 'settings.json') });
  const network = watchNetwork(page);
  onTestFinished(() => network.stop());
  await page.goto(suite.host.url);
  await page.getByRole('table').first().waitFor();
  return network;
}

describe('the demo chain in the browser', () => {
  it('opens with nine members and the total as the report writes it', async () => {
    const { page } = suite.browser;
    await openDemo(page);
    expect(await rowNames(page)).toHaveLength(9);
    expect(await total(page)).toBe('1 135 (1 uppgift saknas)');
    expect(await countOf(page, 'Eiði')).toBe('Uppgift saknas');
    expect(await countOf(page, 'Husby')).toBe('340');
    await expect.poll(() => page.title()).toBe('demo.vanort — Vänortsatlas');
    await suite.browser.screenshot('foundation-demo-sv');
  });

  it('saves an edited member count at once; it survives a reload; Undo and Redo step through it', async () => {
    const { page } = suite.browser;
    await openDemo(page);
    await page.getByRole('button', { name: 'Ändra Medlemmar 2013 för Herning' }).click();
    const input = page.getByRole('textbox', { name: 'Ändra Medlemmar 2013 för Herning' });
    await input.fill('245');
    await input.press('Enter');
    await expect.poll(() => total(page)).toBe('1 150 (1 uppgift saknas)');
    await page.reload();
    await page.getByRole('table').waitFor();
    expect(await countOf(page, 'Herning')).toBe('245');

    // Ctrl+Z outside a text field undoes the last change.
    await page.locator('caption').click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => countOf(page, 'Herning')).toBe('230');
    await page.reload();
    await page.getByRole('table').waitFor();
    expect(await countOf(page, 'Herning')).toBe('230');
    expect(await total(page)).toBe('1 135 (1 uppgift saknas)');

    await page.getByRole('button', { name: 'Gör om' }).click();
    await expect.poll(() => countOf(page, 'Herning')).toBe('245');
    await page.keyboard.press('Control+z');
    await expect.poll(() => countOf(page, 'Herning')).toBe('230');
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => countOf(page, 'Herning')).toBe('245');
  });

  it('an edited count makes two API calls, the edit and the members query: not the document, its chains, history or undo state', async () => {
    const { page } = suite.browser;
    const network = await openWatched(page);
    // Opening the cell selects Herning's row, which shows its details and their counts grid.
    await page.getByRole('button', { name: 'Ändra Medlemmar 2013 för Herning' }).click();
    const input = page.getByRole('textbox', { name: 'Ändra Medlemmar 2013 för Herning' });
    await input.fill('245');
    await expect.poll(() => page.locator('.counts-grid tbody tr[data-year="2013"] td').textContent()).toBe('230');
    await network.quiet();
    network.methods.splice(0);

    await input.press('Enter');
    await expect.poll(() => countOf(page, 'Herning')).toBe('245');
    await expect.poll(() => page.locator('.counts-grid tbody tr[data-year="2013"] td').textContent()).toBe('245');
    await network.quiet();
    // The edit, then the members query for the table. Herning's counts grid shows the new count
    // from the edit's answer, which carries that place's counts, without asking again.
    expect(network.methods).toEqual(['members.setCount', 'members.list']);
    expect(await page.getByRole('button', { name: 'Ångra' }).isEnabled()).toBe(true);
    await suite.browser.screenshot('foundation-count-edited');
  });

  it('fetches the years either side of the one shown, so that a year-slider step draws without asking', async () => {
    const { page } = suite.browser;
    const network = await openWatched(page);
    await network.quiet();
    const yearsAsked = () =>
      network.calls.flatMap(({ method, input }) =>
        method === 'members.list' ? [(input as { year?: number }).year ?? 'latest'] : [],
      );
    expect(yearsAsked()).toEqual(['latest', 2012, 2014]);
    network.calls.splice(0);

    await page.getByRole('slider').focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.locator('.members-table caption').textContent()).toMatch(/, 2012$/);
    await network.quiet();
    // 2012 came from the cache; the years either side of it are fetched for the next step (2013
    // as a year: the latest state shown first is not one).
    expect(yearsAsked()).toEqual([2011, 2013]);
  });

  it('works by keyboard alone: Tab to a cell, Enter to edit, Enter to save, Escape to cancel', async () => {
    const { page } = suite.browser;
    await openDemo(page);
    const cell = page.getByRole('button', { name: 'Ändra Kontaktår för Husby' });
    await cell.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('1989');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('tbody tr[data-member="Husby"] td').nth(1).textContent()).toBe('1989');
    // Focus is back on the cell, whose name says what it now shows.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Ändra Kontaktår för Husby: 1989');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('1990');
    await page.keyboard.press('Escape');
    // Escape cancels: nothing saved, also after a reload.
    await page.reload();
    await page.getByRole('table').first().waitFor();
    expect(await page.locator('tbody tr[data-member="Husby"] td').nth(1).textContent()).toBe('1989');
  });

  it('refuses bad values with a message at the field and saves nothing', async () => {
    const { page } = suite.browser;
    await openDemo(page);
    const nextYear = new Date().getFullYear() + 1;
    const cases: Array<[string, string, string]> = [
      ['Ändra Kontaktår för Arsuk', '1850', `Året måste ligga mellan 1900 och ${nextYear}.`],
      ['Ändra Kontaktår för Arsuk', String(nextYear + 1), `Året måste ligga mellan 1900 och ${nextYear}.`],
      ['Ändra Medlemmar 2013 för Arsuk', '-5', 'Antalet medlemmar kan inte vara negativt.'],
      ['Ändra Medlemmar 2013 för Arsuk', 'femton', 'Skriv antalet medlemmar som ett heltal, eller lämna tomt om uppgift saknas.'],
      ['Ändra Vänort för Arsuk', '  ', 'Namnet kan inte vara tomt.'],
    ];
    for (const [label, typed, message] of cases) {
      await page.getByRole('button', { name: label }).click();
      const input = page.getByRole('textbox', { name: label });
      await input.fill(typed);
      await input.press('Enter');
      await expect.poll(() => page.getByRole('alert').filter({ hasText: message }).count()).toBe(1);
      // What was typed is still there to correct.
      expect(await input.inputValue()).toBe(typed);
      expect(await input.getAttribute('aria-invalid')).toBe('true');
      await input.press('Escape');
    }
    await page.reload();
    await page.getByRole('table').waitFor();
    expect(await page.locator('tbody tr[data-member="Arsuk"] td').nth(1).textContent()).toBe('1987');
    expect(await countOf(page, 'Arsuk')).toBe('15');
    expect(await page.getByRole('button', { name: 'Ångra' }).isDisabled()).toBe(true);
  });

  it('sorts by the UI language: Swedish puts Ö after V, English does not', async () => {
    const { page } = suite.browser;
    await openDemo(page);
    await page.getByRole('button', { name: 'Ändra Vänort för Herning' }).click();
    const input = page.getByRole('textbox', { name: 'Ändra Vänort för Herning' });
    await input.fill('Örnsköldsvik');
    await input.press('Enter');
    await page.locator('tbody tr[data-member="Örnsköldsvik"]').waitFor();
    await page.getByRole('button', { name: 'Vänort', exact: true }).click();
    expect(await rowNames(page)).toEqual([
      '15 landkommuner',
      'Arsuk',
      'Eiði',
      'Holmestrand',
      'Husby',
      'Kangasala',
      'Siglufjörður',
      'Vänersborg',
      'Örnsköldsvik',
    ]);
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain('Vänort');

    await page.getByRole('combobox', { name: 'Språk' }).selectOption('en');
    await page.getByRole('button', { name: 'Member', exact: true }).click();
    await page.getByRole('button', { name: 'Member', exact: true }).click();
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain('Member');
    expect(await rowNames(page)).toEqual([
      '15 landkommuner',
      'Arsuk',
      'Eiði',
      'Holmestrand',
      'Husby',
      'Kangasala',
      'Örnsköldsvik',
      'Siglufjörður',
      'Vänersborg',
    ]);
  });

  it('speaks English when chosen, and remembers it', async () => {
    const { page } = suite.browser;
    await openDemo(page);
    await page.getByRole('combobox', { name: 'Språk' }).selectOption('en');
    await page.getByRole('button', { name: 'Undo' }).waitFor();
    expect(await total(page)).toBe('1,135 (1 not reported)');
    await page.reload();
    await page.getByRole('table').waitFor();
    expect(await page.locator('thead').textContent()).toContain('Year joined');
    expect(await countOf(page, 'Eiði')).toBe('Not reported');
    expect(await page.locator('tbody tr[data-member="Eiði"] td').first().textContent()).toBe('Faroe Islands');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await suite.browser.screenshot('foundation-demo-en');
  });
});

describe('files that are not chain documents', () => {
  async function expectPlainMessage(path: string, message: string, screenshot: string) {
    const { page } = suite.browser;
    const before = sha256(path);
    suite.host = await startHost({ dbPath: path, settingsPath: join(tempDir(), 'settings.json') });
    await page.goto(suite.host.url);
    const problem = page.getByRole('alert');
    await problem.waitFor();
    expect(await problem.getByRole('heading').textContent()).toBe('Dokumentet kunde inte öppnas');
    expect(await problem.locator('.problem-message').textContent()).toBe(message);
    await suite.browser.screenshot(screenshot);
    await suite.host.close();
    suite.host = null;
    expect(sha256(path)).toBe(before);
  }

  it('a damaged file gives a plain message and is left byte for byte as it was', async () => {
    const path = join(tempDir(), 'trasig.vanort');
    writeFileSync(path, Buffer.concat([Buffer.from('SQLite format 3\u0000'), Buffer.alloc(3000, 0xab)]));
    await expectPlainMessage(
      path,
      'trasig.vanort är skadad och kan inte öppnas. Filen har inte ändrats. Öppna en säkerhetskopia om du har en.',
      'foundation-damaged',
    );
  });

  it('a file that is not a chain document', async () => {
    const path = join(tempDir(), 'anteckningar.vanort');
    writeFileSync(path, 'Vänort;Land\nHerning;DK\n');
    await expectPlainMessage(
      path,
      'anteckningar.vanort är inte ett vänortsdokument. Filen har inte ändrats.',
      'foundation-not-a-document',
    );
  });

  it('a file written by a newer version', async () => {
    const path = join(tempDir(), 'framtid.vanort');
    const db = new Database(path);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma('user_version = 99');
    db.close();
    await expectPlainMessage(
      path,
      'framtid.vanort har sparats av en nyare version av Vänortsatlas. Uppdatera programmet för att öppna den. Filen har inte ändrats.',
      'foundation-newer-version',
    );
  });
});

describe('the browser host', () => {
  it('answers API calls only from its own page (no cross-site form posts)', async () => {
    const dir = tempDir();
    suite.host = await startHost({ dbPath: join(dir, 'demo.vanort'), settingsPath: join(dir, 'settings.json') });
    const url = `${suite.host.url}api/chains.list`;
    expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' })).status).toBe(403);
    expect(
      (
        await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: 'https://example.org' },
          body: '{}',
        })
      ).status,
    ).toBe(403);
    const own = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: suite.host.url.replace(/\/$/, '') },
      body: '{}',
    });
    expect(own.status).toBe(200);
    expect(((await own.json()) as { ok: boolean }).ok).toBe(true);
  });
});
