/**
 * Hostile text in the real UI (Chromium): markup and script in names, notes and the timeline are
 * shown as text (no dialog, no injected element); a 200-character name without a space, a note
 * of 2 000, right-to-left overrides and emoji with ZWJ stay inside their cells, and the map, the
 * table and the side panel stay inside the window, side by side.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ChainHistory, ChainMembers, ChainSummary } from '../../shared/contract';
import { useTempDir } from '../helpers/files';
import { startHost, type Host } from '../../electron/transport/web-host';
import { useBrowserSuite } from './suite';
import { drawnMembers, waitForSymbols } from './map-layout';

const tempDir = useTempDir();
const suite = useBrowserSuite();

const SCRIPT_NAME = '<img src=x onerror=alert(1)>';
const SCRIPT_TAG = '<script>alert("xss")</script>';
const LONG_NAME = 'Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch'.repeat(4).slice(0, 200);
const RTL_NAME = 'Vänersborg \u202Egnirts desrever\u202C';
const EMOJI_NAME = '👩‍👩‍👧‍👦 Eiði 🏳️‍🌈 🇫🇴';
const FORMULA_NAME = '=HYPERLINK("http://example.org","Arsuk")';
const LONG_NOTE = `${'<b>x</b>'.repeat(120)}${'ö'.repeat(1_000)}`.slice(0, 2_000);
const EVENT_TITLE = `<svg onload=alert(2)> ${'Beslut'.repeat(45)}`.slice(0, 300);

async function api<T>(host: Host, method: string, input: unknown): Promise<T> {
  const response = await fetch(`${host.url}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const result = (await response.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** The demo with hostile text in names, notes and the timeline, written through the API. */
async function openHostileDemo(page: Page, dialogs: string[]): Promise<Record<string, string>> {
  const dir = tempDir();
  const host = await startHost({ dbPath: join(dir, 'demo.vanort'), settingsPath: join(dir, 'settings.json') });
  suite.host = host;
  const [chain] = await api<ChainSummary[]>(host, 'chains.list', {});
  const members = await api<ChainMembers>(host, 'members.list', { chainId: chain!.id });
  const byName = (name: string) => members.members.find((member) => member.name === name)!;
  const renames: Array<[string, string]> = [
    ['Herning', SCRIPT_NAME],
    ['Kangasala', SCRIPT_TAG],
    ['Holmestrand', LONG_NAME],
    ['Vänersborg', RTL_NAME],
    ['Eiði', EMOJI_NAME],
    ['Arsuk', FORMULA_NAME],
  ];
  const membershipOf: Record<string, string> = {};
  for (const [from, to] of renames) {
    await api(host, 'members.rename', { placeId: byName(from).placeId, name: to });
    membershipOf[to] = byName(from).membershipId;
  }
  const holmestrand = byName('Holmestrand').membershipId;
  await api(host, 'facts.setSourceNote', {
    table: 'membership',
    rowId: holmestrand,
    source: `${RTL_NAME} ${SCRIPT_TAG}`,
    note: LONG_NOTE,
  });
  await api(host, 'members.setHosting', { membershipId: holmestrand, canHost: true, sponsorBond: SCRIPT_NAME });
  await api(host, 'records.add', {
    chainId: chain!.id,
    record: {
      kind: 'event',
      date: '2013-05-01',
      title: EVENT_TITLE,
      body: SCRIPT_TAG,
      reference: LONG_NAME,
      description: LONG_NOTE,
      placeId: null,
      source: EMOJI_NAME,
    },
  });
  const history = await api<ChainHistory>(host, 'chains.history', { chainId: chain!.id });
  expect(history.timeline.some((entry) => entry.title === EVENT_TITLE)).toBe(true);

  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(host.url);
  await page.getByRole('table').first().waitFor();
  await waitForSymbols(page);
  return membershipOf;
}

/** Elements that only an injection could have made. */
const injected = (page: Page) =>
  page.evaluate(() => {
    const found: string[] = [];
    for (const element of document.querySelectorAll('*')) {
      for (const attribute of element.attributes)
        if (/^on/i.test(attribute.name)) found.push(`${element.tagName} ${attribute.name}`);
    }
    for (const image of document.querySelectorAll('img')) if (image.getAttribute('src') === 'x') found.push('img src=x');
    for (const script of document.querySelectorAll('script'))
      if (/alert/.test(script.textContent ?? '')) found.push('inline script');
    return found;
  });

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
}
const box = (page: Page, selector: string): Promise<Box> =>
  page
    .locator(selector)
    .first()
    .evaluate((element) => {
      const { left, right, top, bottom, width } = element.getBoundingClientRect();
      return { left, right, top, bottom, width };
    });

/** The window's parts are side by side inside it, and the page does not scroll sideways. */
async function expectLayoutHolds(page: Page): Promise<void> {
  const viewport = page.viewportSize()!;
  const map = await box(page, '.map-area');
  const side = await box(page, '.side-panel');
  expect(map.left).toBeGreaterThanOrEqual(0);
  expect(map.right, 'the map ends before the side panel').toBeLessThanOrEqual(side.left + 0.5);
  expect(side.right, 'the side panel ends inside the window').toBeLessThanOrEqual(viewport.width + 0.5);
  expect(map.width, 'the map keeps its room').toBeGreaterThan(viewport.width * 0.4);
  const overflow = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(overflow.scroll, 'no sideways scrolling of the window').toBeLessThanOrEqual(overflow.client);
  // The side panel does not scroll sideways either: everything in it fits its width.
  const sideScroll = await page
    .locator('.side-panel')
    .evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth }));
  const widest = await page.locator('.side-panel *').evaluateAll((all) => {
    const panel = document.querySelector('.side-panel')!.getBoundingClientRect();
    return all
      .filter(
        (element) => element.getBoundingClientRect().right > panel.right + 1 || element.scrollWidth > element.clientWidth + 1,
      )
      .map(
        (element) =>
          `${element.tagName}.${element.className} ${element.getBoundingClientRect().width.toFixed(0)}/${element.scrollWidth}`,
      )
      .slice(0, 8);
  });
  expect(sideScroll.scroll, `nothing in the side panel is wider than it: ${widest.join(', ')}`).toBeLessThanOrEqual(
    sideScroll.client + 1,
  );
}

describe('hostile text in the window', () => {
  it('shows markup and script as text, keeps long, right-to-left and emoji names inside the layout', async () => {
    const { page } = suite.browser;
    const dialogs: string[] = [];
    await openHostileDemo(page, dialogs);

    // The table shows each name as text, exactly.
    const names = await page
      .locator('.members-table tbody th[scope="row"]')
      .evaluateAll((cells) => cells.map((cell) => cell.textContent));
    for (const name of [SCRIPT_NAME, SCRIPT_TAG, LONG_NAME, RTL_NAME, EMOJI_NAME, FORMULA_NAME]) expect(names).toContain(name);
    await expect.poll(() => page.getByText(SCRIPT_NAME, { exact: true }).first().isVisible()).toBe(true);
    // And so do the map's labels.
    const labels = (await drawnMembers(page)).map((member) => member.labelText ?? '');
    // (The canvas draws a name wider than 200 px cut short with "…", at least its first 12 characters.)
    const drawnAs = (label: string, name: string) => {
      const [start] = label.split('…');
      return label.startsWith(name) || (label.includes('…') && start!.length >= 12 && name.startsWith(start!));
    };
    for (const name of [SCRIPT_NAME, SCRIPT_TAG, RTL_NAME, EMOJI_NAME])
      expect(
        labels.some((label) => drawnAs(label, name)),
        name,
      ).toBe(true);

    await suite.browser.screenshot('hostile-text-table');
    // Each name cell stays inside the table, the table inside the side panel.
    const table = await box(page, '.members-table');
    const side = await box(page, '.side-panel');
    expect(table.right).toBeLessThanOrEqual(side.right + 0.5);
    const cells = await page
      .locator('.members-table tbody th[scope="row"]')
      .evaluateAll((all) => all.map((cell) => cell.getBoundingClientRect().right));
    for (const right of cells) expect(right).toBeLessThanOrEqual(table.right + 0.5);
    // The right-to-left override does not run into the next column: the name is isolated.
    const rtlCell = page.locator('.members-table tbody tr').filter({ hasText: 'gnirts desrever' }).locator('th');
    expect(await rtlCell.evaluate((cell) => getComputedStyle(cell.querySelector('.cell-button') ?? cell).unicodeBidi)).toMatch(
      /isolate|plaintext/,
    );
    await expectLayoutHolds(page);

    // The details of the member with the long name, a long note and markup in its facts.
    await page.locator('.members-table tbody tr').filter({ hasText: 'Llanfairpwll' }).locator('td').first().click();
    const details = page.locator('.member-details');
    await details.waitFor();
    expect(await details.locator('h2').textContent()).toBe(LONG_NAME);
    expect(await details.textContent()).toContain(SCRIPT_NAME);
    expect(await details.textContent()).toContain(LONG_NOTE);
    await details.locator('h2').scrollIntoViewIfNeeded();
    await suite.browser.screenshot('hostile-text-details');
    const detailsBox = await box(page, '.member-details');
    expect(detailsBox.right).toBeLessThanOrEqual(side.right + 0.5);
    await expectLayoutHolds(page);

    // The timeline shows the event's markup as text.
    await page.getByRole('tab', { name: /Tidslinje/ }).click();
    await page.getByText(EVENT_TITLE, { exact: false }).first().waitFor();
    await page.getByText(EVENT_TITLE, { exact: false }).first().scrollIntoViewIfNeeded();
    expect(await page.locator('.timeline').textContent()).toContain(SCRIPT_TAG);
    await expectLayoutHolds(page);
    await suite.browser.screenshot('hostile-text-timeline');

    expect(dialogs).toEqual([]);
    expect(await injected(page)).toEqual([]);
  });

  it('refuses a name with a NUL at the field, in words, and keeps what was typed', async () => {
    const { page } = suite.browser;
    const dialogs: string[] = [];
    await openHostileDemo(page, dialogs);
    const label = `Ändra Vänort för ${EMOJI_NAME}`;
    await page.getByRole('button', { name: label }).click();
    const input = page.getByRole('textbox', { name: label });
    await input.fill('Eiði\u0000');
    await input.press('Enter');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'osynligt styrtecken' }).count()).toBe(1);
    expect(await input.inputValue()).toBe('Eiði\u0000');
    await input.press('Escape');
    expect(dialogs).toEqual([]);
  });
});
