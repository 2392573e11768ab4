import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHost, type Host } from '../../electron/transport/web-host';
import { useTempDir } from '../helpers/files';
import { seriousViolations } from './axe';
import { useBrowserSuite } from './suite';
import { drawnMember, drawnMembers, waitForSymbols } from './map-layout';

/**
 * Two laptops, as two browser hosts on two copies of the demo with two settings files: each names
 * itself when it first shares, edits apart, sends its changes file; the other previews it, merges
 * it, decides the one conflict, and sends back. Both end showing the same table and meetings.
 */

const tempDir = useTempDir();
const suite = useBrowserSuite();
const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

// A loaded machine takes seconds for a merge and the reads after it (vitest polls for 1 s by default).
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });
const normalise = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
const countOf = (page: Page, name: string) =>
  page.locator(`tbody tr[data-member="${name}"] td`).nth(2).textContent().then(normalise);
const herningLabel = (page: Page) => drawnMember(page, 'Herning').then((member) => normalise(member.labelText));
const tableText = (page: Page) =>
  page.locator('.members-table tbody tr').evaluateAll((rows) => rows.map((row) => (row.textContent ?? '').replace(/\s+/g, ' ')));

async function openLaptop(page: Page, dir: string, file: string): Promise<Host> {
  const host = await startHost({ dbPath: join(dir, file), settingsPath: join(dir, `${file}.settings.json`) });
  hosts.push(host);
  await page.goto(host.url);
  await page.getByRole('table').waitFor();
  await waitForSymbols(page);
  return host;
}

async function share(page: Page, laptopName: string) {
  await page.getByRole('tab', { name: 'Dela' }).click();
  // Asked once, the first time this laptop shares: without a name, sharing is not turned on.
  await page.getByTestId('enable-sharing').click();
  await poll(() => page.getByRole('alert').filter({ hasText: 'Ge först den här datorn ett namn' }).count()).toBe(1);
  await page.getByTestId('laptop-name').fill(laptopName);
  await page.getByTestId('enable-sharing').click();
  await poll(() => page.getByTestId('this-laptop').textContent()).toBe(`Den här datorn: ${laptopName}`);
  await page.getByTestId('send-changes').waitFor();
}

async function setCount(page: Page, name: string, count: string) {
  await page.getByRole('tab', { name: 'Medlemmar' }).click();
  await page.getByRole('button', { name: `Ändra Medlemmar 2013 för ${name}` }).click();
  const input = page.getByRole('textbox', { name: `Ändra Medlemmar 2013 för ${name}` });
  await input.fill(count);
  await input.press('Enter');
  await poll(() => countOf(page, name)).toBe(count);
}

/** Share, Send changes…: the changes file the page saves (a download), at `path`. */
async function sendChanges(page: Page, path: string): Promise<string> {
  await page.getByRole('tab', { name: 'Dela' }).click();
  const download = page.waitForEvent('download');
  await page.getByTestId('send-changes').click();
  const file = await download;
  await file.saveAs(path);
  await poll(() => page.getByRole('status').filter({ hasText: 'har sparats' }).count()).toBe(1);
  return file.suggestedFilename();
}

async function pickToMerge(page: Page, path: string) {
  await page.getByRole('tab', { name: 'Dela' }).click();
  await page.getByTestId('merge-file').setInputFiles(path);
  await page.getByTestId('merge-preview').waitFor();
}

describe('sharing a chain between two laptops', () => {
  it('A sends, B previews and merges with one conflict, keeps 240 and sends back: both show the same', async () => {
    const dir = tempDir();
    const { page: pageA } = suite.browser;
    await openLaptop(pageA, dir, 'herning.vanort');
    await hosts.pop()!.close();
    copyFileSync(join(dir, 'herning.vanort'), join(dir, 'vanersborg.vanort'));
    await openLaptop(pageA, dir, 'herning.vanort');
    const pageB = await suite.browser.context.newPage();
    pageB.setDefaultTimeout(10_000);
    await openLaptop(pageB, dir, 'vanersborg.vanort');

    await share(pageA, 'Herning – Karen');
    await share(pageB, 'Vänersborg – Lena');
    expect(await seriousViolations(pageA)).toEqual([]);

    // A: Herning's 2013 count 230 → 235, and a 2015 meeting.
    await setCount(pageA, 'Herning', '235');
    await pageA.getByRole('tab', { name: 'Möten' }).click();
    const form = pageA.getByRole('form', { name: 'Registrera ett möte' });
    await form.getByRole('combobox', { name: 'Värd' }).selectOption({ label: 'Herning' });
    await form.getByRole('button', { name: 'Spara mötet' }).click();
    await poll(() => pageA.locator('.meetings-table tbody tr').count()).toBe(9);
    // B: Herning's 2013 count → 240, and "15 landkommuner" renamed.
    await setCount(pageB, 'Herning', '240');
    await pageB.getByRole('button', { name: 'Ändra Vänort för 15 landkommuner' }).click();
    const rename = pageB.getByRole('textbox', { name: 'Ändra Vänort för 15 landkommuner' });
    await rename.fill('Ålands landskommuner');
    await rename.press('Enter');
    await pageB.locator('tbody tr[data-member="Ålands landskommuner"]').waitFor();

    const fromA = join(dir, 'from-a.vanort-changes');
    expect(await sendChanges(pageA, fromA)).toBe('Herning – Karen.vanort-changes');

    // B previews A's file: A's changes by laptop and field, the new meeting, one conflict.
    await pickToMerge(pageB, fromA);
    const preview = pageB.getByTestId('merge-preview');
    expect(normalise(await preview.textContent())).toContain('Ändringar från Herning – Karen.');
    expect(normalise(await pageB.getByTestId('preview-added').textContent())).toContain('Årsmöte 2015, Herning');
    const conflicts = normalise(await pageB.getByTestId('preview-conflicts').textContent());
    expect(conflicts).toContain('Konflikter (1)');
    expect(conflicts).toContain('Herning, medlemmar 2013');
    expect(conflicts).toMatch(/235 – Herning – Karen/);
    expect(conflicts).toMatch(/240 – Vänersborg – Lena/);
    // Nothing is written before the user confirms: the map still says 240.
    expect(await herningLabel(pageB)).toContain('240');
    await suite.browser.screenshot('sharing-preview');
    await pageB.screenshot({ path: join(process.cwd(), 'test-results', 'screenshots', 'sharing-preview-b.png') });
    expect(await seriousViolations(pageB)).toEqual([]);
    await pageB.getByTestId('confirm-merge').click();
    await poll(() => pageB.getByRole('status').filter({ hasText: 'Filen slogs ihop' }).count()).toBe(1);

    // The badge says it, Herning is marked in the table, and the mark opens the list; B keeps 240.
    const badge = pageB.getByTestId('conflicts-badge');
    await poll(() => badge.textContent()).toBe('Konflikter (1)');
    await pageB.getByRole('tab', { name: 'Medlemmar' }).click();
    const marker = pageB.getByRole('button', { name: 'Herning är i konflikt: visa Konflikter' });
    await marker.waitFor();
    expect(await pageB.getByTestId('conflict-marker').count()).toBe(1);
    await pageB.screenshot({ path: join(process.cwd(), 'test-results', 'screenshots', 'sharing-marked.png') });
    await marker.click();
    const entry = pageB.getByTestId('conflict');
    await entry.waitFor();
    expect(normalise(await entry.textContent())).toContain('Herning, medlemmar 2013');
    await pageB.screenshot({ path: join(process.cwd(), 'test-results', 'screenshots', 'sharing-conflicts.png') });
    expect(await seriousViolations(pageB)).toEqual([]);
    await entry.getByRole('button', { name: 'Behåll 240 för Herning, medlemmar 2013' }).click();
    await poll(() => pageB.getByText('Inga konflikter.').count()).toBe(1);
    await pageB.getByRole('button', { name: 'Stäng' }).click();
    await poll(() => badge.count()).toBe(0);
    expect(await pageB.getByTestId('conflict-marker').count()).toBe(0);
    expect(await countOf(pageB, 'Herning')).toBe('240');

    // B sends back; A merges: no conflicts, and both show the same table and meetings.
    const fromB = join(dir, 'from-b.vanort-changes');
    await sendChanges(pageB, fromB);
    await pickToMerge(pageA, fromB);
    expect(await pageA.getByTestId('preview-conflicts').count()).toBe(0);
    await pageA.getByTestId('confirm-merge').click();
    await poll(() => pageA.getByRole('status').filter({ hasText: 'Filen slogs ihop' }).count()).toBe(1);
    await pageA.getByRole('tab', { name: 'Medlemmar' }).click();
    await pageB.getByRole('tab', { name: 'Medlemmar' }).click();
    await poll(() => countOf(pageA, 'Herning')).toBe('240');
    expect(await pageA.getByTestId('conflicts-badge').count()).toBe(0);
    expect(await tableText(pageA)).toEqual(await tableText(pageB));
    const labels = (page: Page) => drawnMembers(page).then((all) => all.map((member) => member.labelText ?? ''));
    expect((await labels(pageA)).sort()).toEqual((await labels(pageB)).sort());
    await pageA.getByRole('tab', { name: 'Möten' }).click();
    await pageB.getByRole('tab', { name: 'Möten' }).click();
    expect(await pageA.locator('.meetings-table tbody tr').allTextContents()).toEqual(
      await pageB.locator('.meetings-table tbody tr').allTextContents(),
    );

    // What changed, on A: B's rename and decision, merged, by B's name.
    await pageA.getByRole('tab', { name: 'Dela' }).click();
    await pageA.getByTestId('open-changes').click();
    const list = pageA.getByTestId('changes-list');
    await list.waitFor();
    await poll(async () => normalise(await list.textContent())).toContain('Vänersborg – Lena');
    const text = normalise(await list.textContent());
    expect(text).toContain('15 landkommuner → Ålands landskommuner');
    expect(text).toContain('Herning – Karen');
    // Since my last merge: only what B's file brought, not A's own edits before it.
    await pageA.getByTestId('since-merge').click();
    await poll(async () => normalise(await list.textContent())).not.toContain('Herning – Karen');
    expect(normalise(await list.textContent())).toContain('15 landkommuner → Ålands landskommuner');
    expect(await list.locator('.tag.own').count()).toBe(0);
    await pageA.screenshot({ path: join(process.cwd(), 'test-results', 'screenshots', 'sharing-what-changed.png') });
    expect(await seriousViolations(pageA)).toEqual([]);
    await pageA.getByRole('button', { name: 'Stäng' }).click();

    // Undo on A steps back over the merge as one step, after saying what that means.
    await pageA.getByRole('tab', { name: 'Medlemmar' }).click();
    await pageA.getByRole('button', { name: 'Ångra' }).click();
    const question = pageA.getByTestId('step-question');
    expect(normalise(await question.textContent())).toContain('Det här steget var en ihopslagning');
    expect(await seriousViolations(pageA)).toEqual([]);
    await pageA.getByRole('dialog').getByRole('button', { name: 'Avbryt' }).click();
    expect(await countOf(pageA, 'Herning')).toBe('240');
    await pageA.getByRole('button', { name: 'Ångra' }).click();
    await pageA.getByRole('button', { name: 'Ångra ändå' }).click();
    await poll(() => countOf(pageA, 'Herning')).toBe('235');
    await poll(() => pageA.locator('tbody tr[data-member="15 landkommuner"]').count()).toBe(1);
    await pageB.close();
  }, 150_000);
});

describe('a document inside a synced folder', () => {
  it('is said to be in danger there, naming the tool, and Öppna Dela shows the shared-folder way instead', async () => {
    const dir = tempDir();
    // A Syncthing folder (its marker at the root) with the document two levels down.
    const synced = join(dir, 'Sync');
    mkdirSync(join(synced, '.stfolder'), { recursive: true });
    mkdirSync(join(synced, 'kedjan'));
    const { page } = suite.browser;
    await openLaptop(page, join(synced, 'kedjan'), 'demo.vanort');
    const banner = page.getByTestId('in-synced-folder');
    expect(normalise(await banner.textContent())).toContain(`Dokumentet ligger i en mapp som Syncthing synkar (${synced})`);
    expect(await seriousViolations(page)).toEqual([]);
    await banner.getByRole('button', { name: 'Öppna Dela' }).click();
    await page.getByRole('heading', { name: 'Dela med andra datorer' }).waitFor();
    await page.screenshot({ path: join(process.cwd(), 'test-results', 'screenshots', 'sharing-in-synced-folder.png') });

    // Outside such a folder, nothing is said.
    await hosts.pop()!.close();
    await openLaptop(page, dir, 'utanfor.vanort');
    expect(await page.getByTestId('in-synced-folder').count()).toBe(0);
  });
});

describe('syncing through a shared folder, from the Dela tab', () => {
  it('is set by typing its path, and "Sluta synka" leaves the focus on that field', async () => {
    const dir = tempDir();
    const folder = join(dir, 'Delad');
    mkdirSync(folder);
    const { page } = suite.browser;
    await openLaptop(page, dir, 'demo.vanort');
    await share(page, 'Herning – Karen');
    await page.getByTestId('sync-folder').fill(folder);
    await page.getByRole('button', { name: 'Synka genom mappen' }).click();
    // Said in the folder's row (and in the status line that confirms it).
    await poll(() =>
      page
        .locator('.share-row span')
        .filter({ hasText: `Synkar genom ${folder}.` })
        .count(),
    ).toBe(1);
    // Its own changes file, named after this computer, is written there.
    await poll(() => readdirSync(folder).filter((name) => name.endsWith('.vanort-changes')).length).toBe(1);
    const stop = page.getByRole('button', { name: 'Sluta synka genom mappen' });
    await page.screenshot({ path: join(process.cwd(), 'test-results', 'screenshots', 'sharing-folder-on.png') });
    await stop.focus();
    await page.keyboard.press('Enter');
    await poll(() => stop.count()).toBe(0);
    await poll(() => page.getByRole('status').filter({ hasText: 'Synkar inte längre genom en mapp.' }).count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('sync-folder');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
