import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sha256, useTempDir } from '../helpers/files';
import { seriousViolations } from './axe';
import { drawnMembers, labelsNearerAnother } from './map-layout';
import { useBrowserSuite } from './suite';

/**
 * The seminar's presentation, as a volunteer gives it on a projector: F5 or "Presentera", the
 * steps by keyboard and clicker keys, the chain's history year by year on the map, auto-play,
 * and Escape back to the window as it was. At 1920×1080 and 1280×720.
 */

const tempDir = useTempDir();
const suite = useBrowserSuite();

const normalise = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();
const presentation = (page: Page) => page.getByRole('dialog', { name: /^Presentation: / });
const stepOf = (page: Page) => page.locator('.presentation').getAttribute('data-step');
const caption = (page: Page) => page.getByTestId('presentation-caption').textContent().then(normalise);
/** The members drawn on the presentation's map, by name. */
const onMap = async (page: Page) =>
  (await drawnMembers(page, '.presentation'))
    .filter((member) => member.drawn === 'symbol')
    .map((member) => member.name)
    .sort();

/** Forward until the history's map shows `year` with its caption. */
async function forwardTo(page: Page, year: number, key = 'ArrowRight'): Promise<void> {
  for (let presses = 0; presses < 20; presses += 1) {
    const shown = Number(await page.locator('.presentation').getAttribute('data-year'));
    if (shown === year) break;
    await page.keyboard.press(key);
    await expect
      .poll(async () => Number(await page.locator('.presentation').getAttribute('data-year')), { timeout: 15_000 })
      .not.toBe(shown);
    // The map walks year by year to the next caption: wait until it is there.
    await page.getByTestId('presentation-caption').waitFor({ timeout: 15_000 });
  }
  await expect.poll(() => page.locator('.presentation figure.map-figure').getAttribute('data-drawn-year')).toBe(String(year));
}

/** Until the presentation's map has come to rest: no zoom animating, the labels placed and still. */
async function mapSettled(page: Page): Promise<void> {
  let previous = '';
  await expect
    .poll(
      async () => {
        const now = await page.evaluate(() => {
          const figure = document.querySelector('.presentation figure.map-figure');
          if (!figure || figure.querySelector('.leaflet-zoom-anim')) return 'moving';
          return figure.getAttribute('data-layout-version') ?? '';
        });
        const same = now !== 'moving' && now === previous;
        previous = now;
        return same;
      },
      { interval: 300, timeout: 15_000 },
    )
    .toBe(true);
}

/** The members whose symbols are not inside the presentation's map. */
async function outOfView(page: Page): Promise<string[]> {
  const map = (await page.locator('.presentation .leaflet-container').boundingBox())!;
  return (await drawnMembers(page, '.presentation'))
    .filter(
      (member) =>
        member.x - member.radius < map.x ||
        member.y - member.radius < map.y ||
        member.x + member.radius > map.x + map.width ||
        member.y + member.radius > map.y + map.height,
    )
    .map((member) => member.name);
}

/** Sizes of what a person at the back of the room reads, and whether it is inside the screen. */
const typeSizes = (page: Page) =>
  page.evaluate(() => {
    const size = (selector: string) => {
      const element = document.querySelector(selector);
      return element ? Number.parseFloat(getComputedStyle(element).fontSize) : 0;
    };
    // What is drawn over the map and around it; the map's own panes reach past its edges, clipped.
    const shown = [...document.querySelectorAll('.presentation-stage *, .presentation-controls *')].filter(
      (element) => !element.closest('.leaflet-container, [data-testid="map-member-list"]'),
    );
    const inside = shown.every((element) => {
      const box = element.getBoundingClientRect();
      return box.width === 0 || (box.right <= innerWidth + 0.5 && box.bottom <= innerHeight + 0.5 && box.left >= -0.5);
    });
    return { title: size('.presentation h1, .presentation h2'), caption: size('.presentation-caption'), inside };
  });

describe('presentation mode', () => {
  // The longest walk of the suite (15 steps, 68 years on the map): about 30 s alone, twice that on a loaded machine.
  it('at 1920×1080: F5 opens it full screen, it tells the story from the title to the sources, and Escape returns to the window as it was', async () => {
    const { page } = suite.browser;
    await page.setViewportSize({ width: 1920, height: 1080 });
    await suite.openDemo(tempDir());
    await suite.browser.screenshot('app-1920');
    // The window as the volunteer left it: 1977 on the slider, Herning selected, the timeline open.
    await page.getByRole('slider', { name: /^År/ }).fill('1977');
    await expect.poll(() => page.locator('caption').textContent()).toContain(', 1977');
    await page.locator('tbody tr[data-member="Herning"]').click();
    await page.getByRole('tab', { name: 'Tidslinje' }).click();
    const before = {
      symbols: await drawnMembers(page),
      timeline: await page.getByRole('tabpanel').textContent(),
    };

    await page.getByRole('button', { name: 'Presentera' }).focus();
    await page.keyboard.press('F5');
    await presentation(page).waitFor();
    await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(true);
    expect(await stepOf(page)).toBe('title');
    await expect
      .poll(() => page.getByTestId('presentation-summary').textContent().then(normalise), { timeout: 15_000 })
      .toBe('9 orter i 9 länder och områden, 1 135 medlemmar (1 uppgift saknas)');
    expect(await page.locator('.presentation h1').textContent()).toBe('Vänersborgs nordiska vänortskedja');
    const titleSizes = await typeSizes(page);
    expect(titleSizes.inside).toBe(true);
    // Readable at the back of the room: the chain's name at about 80 px.
    expect(titleSizes.title).toBeGreaterThan(60);
    await suite.browser.screenshot('presentation-1920-title');

    // The history, from the first year: the map and a caption made from the timeline.
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => caption(page), { timeout: 15_000 }).toBe('1946 — Herning och Vänersborg går med');
    expect(await onMap(page)).toEqual(['Herning', 'Vänersborg']);
    await forwardTo(page, 1949, 'Space');
    expect(await caption(page)).toBe('1949 — Siglufjörður går med: nu är alla fem nordiska länder med');
    expect(await onMap(page)).toEqual(['Herning', 'Holmestrand', 'Siglufjörður', 'Utajärvi', 'Vänersborg']);
    const historySizes = await typeSizes(page);
    expect(historySizes.caption).toBeGreaterThan(30);
    expect(historySizes.inside).toBe(true);
    await mapSettled(page);
    expect(await outOfView(page)).toEqual([]);
    expect(await labelsNearerAnother(await drawnMembers(page, '.presentation'))).toEqual([]);
    await suite.browser.screenshot('presentation-1920-1949');

    // A clicker sends Page Down: 1976, Utajärvi leaves, and 1977 it is gone while Kangasala and Åland join.
    await forwardTo(page, 1976, 'PageDown');
    expect(await caption(page)).toBe('1976 — Utajärvi lämnar kedjan');
    await forwardTo(page, 1977, 'PageDown');
    expect(await caption(page)).toBe('1977 — 15 landkommuner och Kangasala går med: nu är alla fem nordiska länder med igen');
    expect(await onMap(page)).not.toContain('Utajärvi');
    expect(await onMap(page)).toContain('Kangasala');
    // Back a step with Page Up, and on again.
    await page.keyboard.press('PageUp');
    await expect.poll(() => caption(page), { timeout: 15_000 }).toBe('1976 — Utajärvi lämnar kedjan');
    await forwardTo(page, 2013);
    expect(await onMap(page)).toHaveLength(9);
    // The map was fitted to everyone the story shows, so nobody joined out of view.
    await mapSettled(page);
    expect(await outOfView(page)).toEqual([]);
    await suite.browser.screenshot('presentation-1920-2013');
    // Eiði's count is not reported: unknown, not zero, on the last year's map too.
    expect((await drawnMembers(page, '.presentation')).find((member) => member.name === 'Eiði')?.notReported).toBe(true);

    // The meeting rotation, with the suggested next host.
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => stepOf(page)).toBe('meetings');
    const meetings = normalise(await page.locator('.presentation-meeting-list').textContent());
    for (const host of ['2007 Kangasala', '2008 Husby', '2013 15 landkommuner']) expect(meetings).toContain(host);
    expect(await page.getByTestId('presentation-next-host').textContent()).toMatch(/^Förslag till nästa värd: \S+/);
    await mapSettled(page);
    expect(await outOfView(page)).toEqual([]);
    await suite.browser.screenshot('presentation-1920-meetings');

    await page.keyboard.press('ArrowRight');
    await expect.poll(() => stepOf(page)).toBe('counts');
    expect(normalise(await page.locator('.presentation-bars').textContent())).toContain('Husby340');
    await suite.browser.screenshot('presentation-1920-counts');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => stepOf(page)).toBe('sources');
    expect(await page.locator('.presentation-sources').textContent()).toContain('Natural Earth');
    expect(await page.locator('.presentation-sources').textContent()).toContain(
      'Vänersborgs kommun, kartläggning av vänortskedjan (2014)',
    );
    await suite.browser.screenshot('presentation-1920-sources');
    // The end: further keys stay on the last step.
    await page.keyboard.press('ArrowRight');
    expect(await stepOf(page)).toBe('sources');
    expect(normalise(await page.getByTestId('presentation-progress').textContent())).toMatch(/^Steg (\d+) av \1$/);
    expect(await seriousViolations(page)).toEqual([]);

    // Escape: back to the window as it was.
    await page.keyboard.press('Escape');
    await presentation(page).waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(() => document.fullscreenElement === null)).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Presentera');
    expect(await page.getByRole('slider', { name: /^År/ }).inputValue()).toBe('1977');
    expect(await page.getByRole('tab', { name: 'Tidslinje' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('tabpanel').textContent()).toBe(before.timeline);
    await expect
      .poll(async () => (await drawnMembers(page)).map(({ name, x, y }) => `${name} ${Math.round(x)} ${Math.round(y)}`))
      .toEqual(before.symbols.map(({ name, x, y }) => `${name} ${Math.round(x)} ${Math.round(y)}`));
    await page.getByRole('tab', { name: 'Medlemmar' }).click();
    expect(await page.locator('caption').textContent()).toContain(', 1977');
    expect(await page.locator('tbody tr[data-member="Herning"]').getAttribute('aria-current')).toBe('true');
  }, 120_000);

  it('speaks the UI language: in English, every step and caption', async () => {
    const { page } = suite.browser;
    await page.setViewportSize({ width: 1280, height: 720 });
    await suite.openDemo(tempDir());
    await page.getByRole('combobox', { name: 'Språk' }).selectOption('en');
    await page.getByRole('button', { name: 'Present' }).click();
    await expect
      .poll(() => page.getByTestId('presentation-summary').textContent().then(normalise), { timeout: 15_000 })
      .toBe('9 places in 9 countries and areas, 1,135 members (1 not reported)');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => caption(page), { timeout: 15_000 }).toBe('1946 — Herning and Vänersborg join');
    await forwardTo(page, 1949);
    expect(await caption(page)).toBe('1949 — Siglufjörður joins: now all five Nordic countries are in the chain');
    await forwardTo(page, 1976);
    expect(await caption(page)).toBe('1976 — Utajärvi leaves the chain');
    await page.keyboard.press('End');
    await expect.poll(() => stepOf(page)).toBe('sources');
    expect(await page.locator('.presentation h2').textContent()).toBe('Sources');
    expect(normalise(await page.getByTestId('presentation-progress').textContent())).toMatch(/^Step (\d+) of \1$/);
    // No Swedish word of the presentation's own is left on the screen.
    expect(await page.locator('.presentation').textContent()).not.toMatch(/Källor|Steg |Föregående|Nästa|Avsluta|Spela upp/);
    await page.keyboard.press('Escape');
    await presentation(page).waitFor({ state: 'detached' });
    await page.getByRole('combobox', { name: 'Language' }).selectOption('sv');
  });

  it('at 1280×720, on a read-only document: the button opens it, auto-play runs the story, and nothing can be edited', async () => {
    const { page } = suite.browser;
    await page.setViewportSize({ width: 1280, height: 720 });
    // Another app instance has the document open: this window shows it read-only.
    const { dbPath, before, release } = await suite.openHeld(tempDir());
    try {
      await page.getByTestId('read-only-notice').waitFor();

      await page.getByRole('button', { name: 'Presentera' }).click();
      await presentation(page).waitFor();
      await expect
        .poll(() => page.getByTestId('presentation-summary').textContent().then(normalise), { timeout: 15_000 })
        .toBe('9 orter i 9 länder och områden, 1 135 medlemmar (1 uppgift saknas)');
      const sizes = await typeSizes(page);
      expect(sizes.inside).toBe(true);
      expect(sizes.title).toBeGreaterThan(40);
      await suite.browser.screenshot('presentation-1280-title');
      // Nothing in it edits: no field, no editable cell, no draggable symbol.
      expect(await page.locator('.presentation input, .presentation textarea, .presentation select').count()).toBe(0);
      expect(await page.locator('.presentation .cell-button, .presentation .leaflet-marker-draggable').count()).toBe(0);

      await page.getByRole('button', { name: 'Spela upp allt' }).click();
      expect(await page.getByRole('button', { name: 'Pausa' }).getAttribute('aria-pressed')).toBe('true');
      // From the title to the first years on its own, the years between captions passing quickly.
      await expect.poll(() => caption(page).catch(() => ''), { timeout: 20_000 }).toBe('1946 — Herning och Vänersborg går med');
      await expect.poll(() => caption(page).catch(() => ''), { timeout: 20_000 }).toBe('1947 — Holmestrand går med');
      await page.getByRole('button', { name: 'Pausa' }).click();
      await mapSettled(page);
      expect(await outOfView(page)).toEqual([]);
      const sizesOnMap = await typeSizes(page);
      expect(sizesOnMap.inside).toBe(true);
      expect(sizesOnMap.caption).toBeGreaterThan(20);
      await suite.browser.screenshot('presentation-1280-1947');
      // A key takes over from auto-play.
      await page.getByRole('button', { name: 'Spela upp allt' }).click();
      await page.keyboard.press('ArrowLeft');
      expect(await page.getByRole('button', { name: 'Spela upp allt' }).getAttribute('aria-pressed')).toBe('false');
      await expect.poll(() => caption(page).catch(() => '')).toBe('1946 — Herning och Vänersborg går med');

      await page.keyboard.press('Escape');
      await presentation(page).waitFor({ state: 'detached' });
      expect(sha256(dbPath)).toBe(before);
      await page.goto('about:blank');
      await suite.host!.close();
      suite.host = null;
    } finally {
      await release();
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
