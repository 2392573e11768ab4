import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useTempDir } from '../helpers/files';
import { seriousViolations } from './axe';
import { drawnMembers } from './map-layout';
import { useBrowserSuite } from './suite';

/**
 * A chain of 350 members spread over Europe and the North Atlantic, as a real register of twin
 * towns is: symbols that would cover each other are drawn as groups (how many, the sum of their
 * counts), the labels that have no room are left out (the legend says how many of each), none of
 * those drawn overlaps another or a symbol, and zooming in brings members and labels back.
 */

const tempDir = useTempDir();
const suite = useBrowserSuite();
const MEMBERS = 350;

type Box = { left: number; top: number; right: number; bottom: number };
// Deeper than a pixel: the placement does not count an overlap of a pixel or less (labels.ts).
const overlaps = (a: Box, b: Box) =>
  Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;

/** The drawn labels' and the symbols' boxes on the screen, and how many labels are left out (as the layer reports them). */
const layout = async (page: Page) => {
  const alone = (await drawnMembers(page)).filter((member) => member.drawn === 'symbol');
  return {
    labels: alone.flatMap((member) => (member.label ? [member.label] : [])),
    symbols: alone.map((member): Box => ({
      left: member.x - member.radius,
      top: member.y - member.radius,
      right: member.x + member.radius,
      bottom: member.y + member.radius,
    })),
    hidden: alone.filter((member) => member.label === null).length,
    // What is drawn over the map: the legend, the zoom and layer buttons, the attribution.
    covers: await page.locator('figure.map-figure .map-legend, figure.map-figure .leaflet-control').evaluateAll((elements) =>
      elements.map((element): Box => {
        const { left, top, right, bottom } = element.getBoundingClientRect();
        return { left, top, right, bottom };
      }),
    ),
  };
};

const hiddenSaid = async (page: Page) => {
  const note = page.getByTestId('labels-hidden');
  return (await note.count()) === 0 ? 0 : Number(/\d+/.exec((await note.textContent()) ?? '')?.[0]);
};

function expectReadable(shown: Awaited<ReturnType<typeof layout>>, where: string): void {
  for (const [index, label] of shown.labels.entries()) {
    for (const other of shown.labels.slice(index + 1)) expect(overlaps(label, other), `${where}: two labels`).toBe(false);
    for (const symbol of shown.symbols) expect(overlaps(label, symbol), `${where}: a label over a symbol`).toBe(false);
    for (const cover of shown.covers)
      expect(overlaps(label, cover), `${where}: a label under the legend or a button`).toBe(false);
  }
}

/** The layout once the map has come to rest (labels are placed when it stops moving). */
async function settled(page: Page): Promise<Awaited<ReturnType<typeof layout>>> {
  let previous = '';
  let last: Awaited<ReturnType<typeof layout>> | null = null;
  await expect
    .poll(
      async () => {
        last = await layout(page);
        const now = JSON.stringify(last);
        const same = now === previous;
        previous = now;
        return same;
      },
      { interval: 250, timeout: 15_000 },
    )
    .toBe(true);
  return last!;
}

describe('a chain of 350 members', () => {
  it('groups the symbols that would cover each other, leaves out labels without room, says both, and opens up on zooming in', async () => {
    await suite.openRegister(tempDir(), MEMBERS);
    const { page } = suite.browser;
    // The members of the year shown (some of the register's have left by then): each drawn on its
    // own or as one of a group's (the groups say how many they hold).
    const drawn = () =>
      page.evaluate(() => ({
        alone: document.querySelectorAll('[data-testid="map-member-list"] li[data-drawn="symbol"]').length,
        inGroups: [...document.querySelectorAll<HTMLElement>('.member-group')].reduce(
          (sum, el) => sum + Number(el.dataset.members),
          0,
        ),
      }));
    await expect
      .poll(async () => Object.values(await drawn()).reduce((a, b) => a + b), { timeout: 30_000 })
      .toBeGreaterThan(MEMBERS * 0.8);
    const shownMembers = (await drawn()).alone;
    // The figure says how many it draws (the bench waits on it): on their own and in groups.
    await expect
      .poll(async () => Number(await page.locator('figure.map-figure').getAttribute('data-drawn-count')))
      .toBe(Object.values(await drawn()).reduce((a, b) => a + b));
    expect(await page.locator('figure.map-figure').getAttribute('data-drawn-year')).toBe('2013');
    // Every member is in the member list, drawn on its own or in a group, with its year and count.
    const listed = await drawnMembers(page);
    expect(listed.length).toBe(Object.values(await drawn()).reduce((a, b) => a + b));
    expect(listed.filter((member) => member.drawn === 'group').length).toBe((await drawn()).inGroups);

    const start = await settled(page);
    expect(start.hidden).toBeGreaterThan(0);
    expect(start.labels.length + start.hidden).toBe(shownMembers);
    expectReadable(start, 'default zoom');
    await expect.poll(() => hiddenSaid(page)).toBe(start.hidden);
    await page.screenshot({ path: join(process.cwd(), 'test-results', 'screenshots', 'map-350-members.png') });

    // Two steps in: more labels have room.
    const map = page.locator('.map.leaflet-container');
    await map.focus();
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    const zoomedIn = await settled(page);
    expectReadable(zoomedIn, 'zoomed in');
    const inView = zoomedIn.symbols.filter((box) => box.right > 0 && box.bottom > 0).length;
    expect(inView).toBeGreaterThan(0);
    expect(zoomedIn.labels.length).toBeGreaterThan(start.labels.length);
    await page.screenshot({ path: join(process.cwd(), 'test-results', 'screenshots', 'map-350-members-zoomed.png') });

    // And out again: as readable as at the start.
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    expectReadable(await settled(page), 'zoomed out again');
    expect(await seriousViolations(page)).toEqual([]);

    // A group says what it holds, and Enter on it (or a click) zooms in to where it splits.
    const groupsBefore = await drawn();
    expect(groupsBefore.inGroups).toBeGreaterThan(0);
    const group = page.locator('.member-group-marker').first();
    const members = Number(await group.locator('.member-group').getAttribute('data-members'));
    expect(await group.getAttribute('title')).toMatch(
      new RegExp(`^${members} vänorter, sammanlagt [0-9\\s\\u00a0\\u202f]+ medlemmar`),
    );
    await group.focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await drawn()).inGroups).toBeLessThan(groupsBefore.inGroups);
    expectReadable(await settled(page), 'after opening a group');
  }, 120_000);
});
