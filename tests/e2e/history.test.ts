import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { SCREENSHOT_DIR } from './browser';
import { useTempDir } from '../helpers/files';
import { useBrowserSuite } from './suite';
import { drawnMembers } from './map-layout';
import { brokenWords } from './text-layout';

const tempDir = useTempDir();
const suite = useBrowserSuite();

const normalise = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();
const tableNames = (page: Page) =>
  page.locator('tbody tr[data-member]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-member')).sort());
const mapNames = (page: Page) =>
  drawnMembers(page).then((all) =>
    all
      .filter((member) => member.drawn === 'symbol')
      .map((member) => member.name)
      .sort(),
  );

/**
 * Moves the slider as a person would: by keyboard (Home, then the arrow key) for a few steps,
 * by dragging it (here: setting the value) for long distances.
 */
async function showYear(page: Page, year: number, firstYear = 1946): Promise<void> {
  const slider = page.getByRole('slider', { name: /^År/ });
  if (year - firstYear <= 6) {
    await slider.focus();
    await page.keyboard.press('Home');
    for (let step = firstYear; step < year; step += 1) await page.keyboard.press('ArrowRight');
  } else {
    await slider.fill(String(year));
  }
  await expect.poll(() => page.locator('caption').textContent(), { timeout: 10_000 }).toContain(`, ${year}`);
}

describe('the chain through time', () => {
  it('shows the chain as it was in 1950, 1977 and 2013', async () => {
    const { page } = suite.browser;
    await suite.openDemo(tempDir());
    const at1950 = ['Herning', 'Holmestrand', 'Siglufjörður', 'Utajärvi', 'Vänersborg'];
    await showYear(page, 1950);
    await expect.poll(() => tableNames(page)).toEqual(at1950);
    await expect.poll(() => mapNames(page)).toEqual(at1950);
    // Nothing was reported before 2013: unknown, not zero.
    expect(normalise(await page.getByTestId('members-total').textContent())).toBe('5 uppgifter saknas');
    // Each "Uppgift saknas" on one line (its text's line boxes), not "Uppgift / saknas".
    expect(
      await page.locator('.members-table tbody .not-reported').evaluateAll((spans) =>
        spans.map((span) => {
          const range = document.createRange();
          range.selectNodeContents(span);
          return range.getClientRects().length;
        }),
      ),
    ).toEqual([1, 1, 1, 1, 1]);
    await suite.browser.screenshot('history-1950');

    await showYear(page, 1977);
    await expect
      .poll(() => tableNames(page))
      .toEqual(['15 landkommuner', 'Herning', 'Holmestrand', 'Kangasala', 'Siglufjörður', 'Vänersborg']);
    expect(await mapNames(page)).not.toContain('Utajärvi');

    await showYear(page, 2013);
    await expect.poll(() => tableNames(page)).toHaveLength(9);
    expect(normalise(await page.getByTestId('members-total').textContent())).toBe('1 135 (1 uppgift saknas)');
    expect(await mapNames(page)).toHaveLength(9);
    await suite.browser.screenshot('history-2013');

    // A later year keeps the latest counts, marked with their year.
    await page.getByRole('slider', { name: /^År/ }).press('ArrowRight');
    await expect
      .poll(() => page.locator('tbody tr[data-member="Herning"] td').nth(2).textContent())
      .toContain('uppgift från 2013');
    await page.getByRole('button', { name: 'Senaste läget' }).click();
    await expect.poll(() => page.locator('caption').textContent()).toContain(', 2013');
  });

  it('plays the years from the first one on', async () => {
    const { page } = suite.browser;
    await suite.openDemo(tempDir());
    await showYear(page, 1946);
    await page.getByRole('button', { name: 'Spela upp' }).click();
    await expect
      .poll(() => page.locator('.year-label output').textContent().then(Number), { timeout: 5000 })
      .toBeGreaterThanOrEqual(1949);
    await page.getByRole('button', { name: 'Pausa' }).click();
    const stopped = Number(await page.locator('.year-label output').textContent());
    await page.waitForTimeout(800);
    expect(Number(await page.locator('.year-label output').textContent())).toBe(stopped);
  });

  it('moves ten years on Page Up and Page Down, and Play keeps its width as it turns into Pausa', async () => {
    const { page } = suite.browser;
    await suite.openDemo(tempDir());
    await showYear(page, 1977);
    const slider = page.getByRole('slider', { name: /^År/ });
    await slider.focus();
    await page.keyboard.press('PageUp');
    await expect.poll(() => page.locator('caption').textContent()).toContain(', 1987');
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    await expect.poll(() => page.locator('caption').textContent()).toContain(', 1967');
    // Not past either end.
    await page.keyboard.press('End');
    await page.keyboard.press('PageUp');
    expect(await slider.inputValue()).toBe('2026');
    await showYear(page, 1950);
    await slider.focus();
    await page.keyboard.press('PageDown');
    expect(await slider.inputValue()).toBe('1946');

    // The slider does not move sideways when the button's word changes.
    const play = page.locator('.year-slider .play');
    const before = { button: await play.boundingBox(), slider: await slider.boundingBox() };
    await page.getByRole('button', { name: 'Spela upp' }).click();
    await page.getByRole('button', { name: 'Pausa' }).waitFor();
    const playing = { button: await play.boundingBox(), slider: await slider.boundingBox() };
    await page.getByRole('button', { name: 'Pausa' }).click();
    expect(playing.button!.width).toBe(before.button!.width);
    expect(playing.slider!.x).toBe(before.slider!.x);
  });

  it('shows "Uppgift saknas" in the legend when every symbol is the not-reported one (1946)', async () => {
    const { page } = suite.browser;
    await suite.openDemo(tempDir());
    await showYear(page, 1946);
    const legend = page.locator('.map-legend');
    // Before 2013 no branch reported a count: both symbols are the dashed "?".
    expect((await drawnMembers(page)).map((member) => member.notReported)).toEqual([true, true]);
    // Two members far enough apart for both labels (Herning and Vänersborg): neither is left out,
    // in a laptop's window or a projector's.
    for (const size of [
      { width: 1280, height: 800 },
      { width: 1024, height: 768 },
      { width: 1920, height: 1080 },
      // Last, the suite's own size, for the tests after this one.
      { width: 1280, height: 800 },
    ]) {
      await page.setViewportSize(size);
      await expect
        .poll(async () =>
          (await drawnMembers(page)).map((member) => [member.name, member.label === null ? 'left out' : member.labelText]),
        )
        .toEqual([
          ['Vänersborg', 'Vänersborg · 1946 · ?'],
          ['Herning', 'Herning · 1946 · ?'],
        ]);
    }
    expect(await legend.textContent()).toContain('Uppgift saknas');
    expect(await legend.locator('.legend-unknown').count()).toBe(1);
  });

  it('plays from the first year when the window shows the latest state', async () => {
    const { page } = suite.browser;
    await suite.openDemo(tempDir());
    await expect.poll(() => page.locator('caption').textContent()).toContain(', 2013');
    await page.getByRole('button', { name: 'Spela upp' }).click();
    // 1946, the demo chain's first year, then on: not 2014, the year after the latest state.
    await expect.poll(() => page.locator('caption').textContent(), { timeout: 5000 }).toMatch(/, 194\d$/);
    await page.getByRole('button', { name: 'Pausa' }).click();
    expect(Number(await page.locator('.year-label output').textContent())).toBeLessThan(1960);
  });

  it('suggests the next host from the rotation: after the 2014 seminar, the one that hosted longest ago', async () => {
    const { page } = suite.browser;
    await suite.openDemo(tempDir());
    await page.getByRole('tab', { name: 'Möten' }).click();
    expect(await page.getByTestId('next-host').textContent()).toBe(
      'Förslag till nästa värd: Kangasala (2015), som var värd senast 2007.',
    );
    expect(await page.getByTestId('cadence').textContent()).toBe('Möte varje år; värdskapet roterar.');
    const rows = await page.locator('.meetings-table tbody tr').allTextContents();
    expect(rows).toHaveLength(8);
    expect(rows[7]).toContain('Styrelseseminarium (2014-09-19 – 2014-09-21)');

    await page.getByRole('combobox', { name: 'Vänortskedja' }).selectOption({ label: 'Göteborgs nordiska vänorter' });
    await expect.poll(() => page.getByTestId('cadence').textContent()).toBe('Möte vartannat år; värdskapet roterar.');
    await page.getByRole('tab', { name: 'Medlemmar' }).click();
    await expect.poll(() => tableNames(page)).toEqual(['Bergen', 'Göteborg', 'Århus', 'Åbo'].sort());
  });

  it('lists the history in a timeline, filterable by kind', async () => {
    const { page } = suite.browser;
    await suite.openDemo(tempDir());
    await page.getByRole('combobox', { name: 'Vänortskedja' }).selectOption({ label: 'Huddinges vänorter' });
    await page.getByRole('tab', { name: 'Tidslinje' }).click();
    const entries = page.locator('.timeline li');
    await expect.poll(() => entries.count()).toBeGreaterThan(5);
    const texts = await entries.allTextContents();
    expect(texts.some((text) => text.includes('2024-02-21') && text.includes('Dnr KS-2022/1011.107'))).toBe(true);
    expect(texts.some((text) => text.includes('Nuuk går med i kedjan'))).toBe(true);
    await page.getByRole('checkbox', { name: 'Inträde' }).uncheck();
    await page.getByRole('checkbox', { name: 'Utträde' }).uncheck();
    const kinds = await page
      .locator('.timeline li')
      .evaluateAll((all) => [...new Set(all.map((li) => li.getAttribute('data-kind')))]);
    expect(kinds).not.toContain('joined');
    expect(kinds).toContain('event');
    await suite.browser.screenshot('history-timeline');
  });

  it('says Ref. no. and YYYY-MM-DD in English, where Swedish says Dnr and ÅÅÅÅ-MM-DD', async () => {
    const { page } = suite.browser;
    await suite.openDemo(tempDir());
    await page.getByRole('combobox', { name: 'Vänortskedja' }).selectOption({ label: 'Huddinges vänorter' });
    await page.getByRole('tab', { name: 'Tidslinje' }).click();
    const swedishForm = page.getByRole('form', { name: 'Lägg till i historiken' });
    expect(await swedishForm.getByRole('textbox', { name: 'Datum eller år' }).getAttribute('placeholder')).toBe('ÅÅÅÅ-MM-DD');
    await page.getByRole('combobox', { name: 'Språk' }).selectOption('en');
    const entries = page.locator('.timeline li');
    await expect
      .poll(async () => (await entries.allTextContents()).some((text) => text.includes('Ref. no. KS-2022/1011.107')))
      .toBe(true);
    expect((await entries.allTextContents()).some((text) => text.includes('Dnr'))).toBe(false);
    const form = page.getByRole('form', { name: 'Add to the history' });
    expect(await form.getByRole('textbox', { name: 'Date or year' }).getAttribute('placeholder')).toBe('YYYY-MM-DD');
  });

  it('takes member counts per year in a grid and charts them with gaps where not reported', async () => {
    const { page } = suite.browser;
    await suite.openDemo(tempDir());
    await page.locator('tbody tr[data-member="Herning"] td').first().click();
    const grid = page.locator('.counts-grid');
    await expect.poll(() => grid.locator('tbody tr').count()).toBe(1);
    const addCount = async (year: string, count: string) => {
      await grid.getByRole('textbox', { name: 'År' }).fill(year);
      await grid.getByRole('textbox', { name: 'Medlemmar' }).fill(count);
      await grid.getByRole('button', { name: 'Lägg till' }).click();
      await expect.poll(() => grid.locator(`tbody tr[data-year="${year}"]`).count()).toBe(1);
    };
    await addCount('2014', '240');
    await addCount('2015', '');
    await addCount('2016', '250');
    expect(await grid.locator('tbody tr[data-year="2015"] td').textContent()).toBe('Uppgift saknas');

    await page.getByRole('tab', { name: 'Medlemsantal' }).click();
    const herning = page.locator('.count-chart').filter({ has: page.locator('figcaption', { hasText: /^Herning$/ }) });
    await expect
      .poll(() => herning.locator('circle').evaluateAll((all) => all.map((c) => c.getAttribute('data-year'))))
      .toEqual(['2013', '2014', '2016']);
    // Two runs: 2013–2014, then 2016 alone; 2015 is a gap, not a zero.
    const runs = await herning
      .locator('polyline')
      .evaluateAll((all) => all.map((line) => line.getAttribute('points')!.split(' ').length));
    expect(runs).toEqual([2, 1]);
    const total = page.locator('.count-chart').first();
    expect(await total.locator('circle[data-year="2013"]').getAttribute('fill')).toBe('#fff');
    expect(await total.locator('circle[data-year="2013"]').getAttribute('data-value')).toBe('1135');
    // Incomplete totals are points, not joined by a line that would read as a decline.
    expect(await total.locator('polyline').count()).toBe(0);
    await suite.browser.screenshot('history-chart');

    for (let step = 0; step < 3; step += 1) await page.getByRole('button', { name: 'Ångra' }).click();
    await expect.poll(() => herning.locator('circle').count()).toBe(1);
  });

  it('shows the meetings at 1280 px without a year or a name broken inside a word', async () => {
    const { page } = suite.browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    await suite.openDemo(tempDir());
    await page.getByRole('tab', { name: 'Möten' }).click();
    await page.locator('.meetings-table tbody tr').first().waitFor();
    // Each cell's words, each on one line: a word broken over two lines has two boxes.
    const broken = await brokenWords(page.locator('.meetings-table tbody td'));
    expect(broken).toEqual([]);
    // The short "Ta bort" link still says which meeting it removes.
    expect(await page.getByRole('button', { name: 'Ta bort mötet 2011' }).textContent()).toBe('Ta bort');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'meetings-1280.png') });
  });

  it("shows the timeline and a member's details at 1280 px without a word broken inside", async () => {
    const { page } = suite.browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    await suite.openDemo(tempDir());
    await page.locator('tbody tr[data-member="Herning"] td').first().click();
    await page.locator('.member-details h2').waitFor();
    expect(await brokenWords(page.locator('.member-details'))).toEqual([]);
    await page.getByRole('tab', { name: 'Tidslinje' }).click();
    await page.locator('.timeline li').first().waitFor();
    expect(await brokenWords(page.locator('.timeline li'))).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'timeline-1280.png') });
  });

  it('records a meeting with another host than suggested, and removes it again', async () => {
    const { page } = suite.browser;
    await suite.openDemo(tempDir());
    await page.getByRole('tab', { name: 'Möten' }).click();
    const form = page.getByRole('form', { name: 'Registrera ett möte' });
    expect(await form.getByRole('textbox', { name: 'År' }).inputValue()).toBe('2015');
    const host = form.getByRole('combobox', { name: 'Värd' });
    expect(await host.locator('option:checked').textContent()).toBe('Kangasala');
    await host.selectOption({ label: 'Herning' });
    await form.getByRole('textbox', { name: 'Från' }).fill('2015-06-31');
    await form.getByRole('button', { name: 'Spara mötet' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe('Skriv datum som ÅÅÅÅ-MM-DD, till exempel 2014-09-19.');
    await form.getByRole('textbox', { name: 'Från' }).fill('2015-06-12');
    await form.getByRole('button', { name: 'Spara mötet' }).click();
    await expect.poll(() => page.locator('.meetings-table tbody tr').count()).toBe(9);
    expect(await page.locator('.meetings-table tbody tr').last().textContent()).toContain('Herning');
    await expect
      .poll(() => page.getByTestId('next-host').textContent())
      .toBe('Förslag till nästa värd: Kangasala (2016), som var värd senast 2007.');
    await page.getByRole('button', { name: 'Ta bort mötet 2015' }).click();
    await expect.poll(() => page.locator('.meetings-table tbody tr').count()).toBe(8);
    // Nothing is asked: the notice says what went, with Undo.
    const removed = page.getByRole('status').filter({ hasText: 'Mötet 2015 togs bort' });
    await removed.getByRole('button', { name: 'Ångra' }).click();
    await expect.poll(() => page.locator('.meetings-table tbody tr').count()).toBe(9);

    // The chain decides to meet every other year: the next meeting moves on by two.
    await page.getByRole('combobox', { name: 'Mötesintervall' }).selectOption({ label: 'vartannat år' });
    // Saved once the choice has rested (SETTLE_MS), then shown from the document.
    await expect
      .poll(() => page.getByTestId('cadence').textContent(), { timeout: 5_000 })
      .toBe('Möte vartannat år; värdskapet roterar.');
    await expect
      .poll(() => page.getByTestId('next-host').textContent())
      .toBe('Förslag till nästa värd: Kangasala (2017), som var värd senast 2007.');
  });

  it('records that a member left, and that it joined again', async () => {
    const { page } = suite.browser;
    await suite.openDemo(tempDir());
    await page.locator('tbody tr[data-member="Holmestrand"] td').first().click();
    await page.getByRole('button', { name: 'Ändra Lämnade kedjan för Holmestrand' }).click();
    const left = page.getByRole('textbox', { name: 'Ändra Lämnade kedjan för Holmestrand' });
    await left.fill('1940');
    await left.press('Enter');
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toBe('Året orten lämnade måste komma efter året den gick med.');
    // Holmestrand has a 2013 count: it cannot leave before it. Eiði's 2013 count was not reported.
    await left.fill('2010');
    await left.press('Enter');
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toBe('Holmestrand har medlemsantal för 2013: lämna efter 2013, eller ta bort antalet.');
    await left.press('Escape');
    await page.locator('tbody tr[data-member="Eiði"] td').first().click();
    await page.getByRole('button', { name: 'Ändra Lämnade kedjan för Eiði' }).click();
    const eidiLeft = page.getByRole('textbox', { name: 'Ändra Lämnade kedjan för Eiði' });
    await eidiLeft.fill('2010');
    await eidiLeft.press('Enter');
    await expect.poll(() => tableNames(page)).not.toContain('Eiði');
    expect(await mapNames(page)).not.toContain('Eiði');

    await showYear(page, 2005);
    await page.locator('tbody tr[data-member="Eiði"] td').first().click();
    await page.getByRole('textbox', { name: 'Gick med igen år' }).fill('2012');
    await page.getByRole('button', { name: 'Gå med igen' }).click();
    await page.getByRole('button', { name: 'Senaste läget' }).click();
    await expect.poll(() => tableNames(page)).toContain('Eiði');
  });

  it('adds a decision and a grant of unknown sum to the timeline, and removes one', async () => {
    const { page } = suite.browser;
    await suite.openDemo(tempDir());
    await page.getByRole('tab', { name: 'Tidslinje' }).click();
    const form = page.getByRole('form', { name: 'Lägg till i historiken' });
    await form.getByRole('textbox', { name: 'Datum eller år' }).fill('2015-03-01');
    await form.getByRole('textbox', { name: 'Rubrik' }).fill('Styrelsen beslutar om ett nytt möte');
    await form.getByRole('textbox', { name: 'Diarienummer' }).fill('2015/7');
    await form.getByRole('button', { name: 'Lägg till' }).click();
    const entry = page.locator('.timeline li').filter({ hasText: 'Styrelsen beslutar om ett nytt möte' });
    await expect.poll(() => entry.textContent()).toContain('Dnr 2015/7');

    await form.getByRole('combobox', { name: 'Slag' }).selectOption({ label: 'Bidrag' });
    await form.getByRole('combobox', { name: 'Lokalavdelning' }).selectOption({ label: 'Eiði' });
    await form.getByRole('textbox', { name: 'År' }).fill('2015');
    await form.getByRole('checkbox', { name: 'Okänd summa' }).check();
    await form.getByRole('combobox', { name: 'Valuta' }).selectOption('DKK');
    await form.getByRole('button', { name: 'Lägg till' }).click();
    await expect
      .poll(() => page.locator('.timeline li').filter({ hasText: 'Bidrag till Eiði: okänd summa (DKK)' }).count())
      .toBe(1);
    await suite.browser.screenshot('history-timeline-added');

    await page.getByRole('button', { name: 'Ta bort: Styrelsen beslutar om ett nytt möte' }).click();
    await expect.poll(() => entry.count()).toBe(0);
    const removed = page.getByRole('status').filter({ hasText: 'Borttagen: Styrelsen beslutar om ett nytt möte' });
    await removed.getByRole('button', { name: 'Ångra' }).click();
    await expect.poll(() => entry.count()).toBe(1);
    // The notice goes with the removal it offered to undo.
    await expect.poll(() => removed.count()).toBe(0);
  });

  it("shows what each source says about Husby's year, lets the other be shown, and records an activity level", async () => {
    const { page } = suite.browser;
    await suite.openDemo(tempDir());
    await page.locator('tbody tr[data-member="Husby"] td').first().click();
    const sources = page.getByRole('group', { name: 'Källor för kontaktåret (Husby)' });
    await expect
      .poll(() => sources.locator('li').allTextContents())
      .toEqual(['1988 — Kartläggningen 2014, tabellen (visas)', '1989 — Kartläggningen 2014, löptextenVisa 1989']);
    await sources.getByRole('button', { name: 'Visa 1989' }).click();
    await expect.poll(() => page.locator('tbody tr[data-member="Husby"] td').nth(1).textContent()).toBe('1989');
    await page.getByRole('button', { name: 'Ångra' }).click();
    await expect.poll(() => page.locator('tbody tr[data-member="Husby"] td').nth(1).textContent()).toBe('1988');

    const level = page.getByRole('combobox', { name: 'Aktivitet 2013' });
    // Arrowing through the options by keyboard saves only where it comes to rest: one undo step.
    const before = await level.inputValue();
    await level.focus();
    for (let step = 0; step < 3; step += 1) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await expect.poll(() => level.inputValue()).toBe('dormant');
    await expect.poll(() => page.getByRole('button', { name: 'Ångra' }).isEnabled(), { timeout: 5_000 }).toBe(true);
    await page.getByRole('button', { name: 'Ångra' }).click();
    await expect.poll(() => level.inputValue(), { timeout: 5_000 }).toBe(before);
    await level.selectOption({ label: 'Sporadisk' });
    await expect
      .poll(() => page.locator('.activity-level .hint').textContent())
      .toBe('Sporadisk: oregelbunden kontakt det senaste året.');
    await suite.browser.screenshot('history-member-details');

    // Kangasala, longest since it hosted, is taken out of the meeting rotation: Herning is next.
    await page.locator('tbody tr[data-member="Kangasala"] td').first().click();
    await page.getByRole('checkbox', { name: 'Kan stå värd (med i rotationen)' }).uncheck();
    await page.getByRole('tab', { name: 'Möten' }).click();
    await expect
      .poll(() => page.getByTestId('next-host').textContent())
      .toBe('Förslag till nästa värd: Herning (2015), som var värd senast 2009.');
  });
});
