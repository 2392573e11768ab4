import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { collatorFor, formatInteger, LANGUAGES, type Language } from '../../shared/format';
import { createI18n, resources } from '../../shared/i18n';
import { useTempDir } from '../helpers/files';
import { openBrowser } from './browser';
import { useBrowserSuite } from './suite';

/**
 * The window in each of the six UI languages, as a volunteer of each country sees it: the main
 * screen, a member's details, the four tabs, the import dialog and the report, with no text of
 * another UI language on the screen, the total in the language's number format and words, and
 * the table sorted by the language's collator.
 */

const tempDir = useTempDir();
const suite = useBrowserSuite();

type Tree = { [key: string]: string | Tree };
const valuesOf = (tree: Tree): string[] =>
  Object.values(tree).flatMap((value) => (typeof value === 'string' ? [value] : valuesOf(value)));
const uiValues = Object.fromEntries(
  LANGUAGES.map((language) => [language, valuesOf(resources[language].translation as Tree)]),
) as Record<Language, string[]>;

/** What the demo document holds (names, notes, sources): data, shown as typed in every language. */
const DEMO_TEXTS = (() => {
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(JSON.parse(readFileSync(join(process.cwd(), 'resources/demo/vanersborg-chain.json'), 'utf8')));
  // Longest first, so that a note is taken out before a name inside it.
  return [...new Set(texts)].sort((a, b) => b.length - a.length);
})();

/** Other UI languages' texts longer than 4 characters (whole values without placeholders) that are not also this one's. */
function foreignTexts(language: Language): string[] {
  const own = new Set(uiValues[language]);
  return [
    ...new Set(
      LANGUAGES.filter((other) => other !== language).flatMap((other) =>
        uiValues[other].filter((text) => text.length > 4 && !text.includes('{{') && !text.includes('\n') && !own.has(text)),
      ),
    ),
  ];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** This language's own texts, the literal parts of each between its placeholders, longest first. */
const ownParts = (language: Language) =>
  [...new Set(uiValues[language].flatMap((text) => text.split(/\{\{[^}]*\}\}/)).filter((part) => part.trim().length > 2))].sort(
    (a, b) => b.length - a.length,
  );

/** The other languages' texts found in what the page shows, once the demo's data and this language's own texts are taken out. */
async function foreignOnScreen(page: Page, language: Language): Promise<string[]> {
  let text = await page.evaluate(() => document.body.innerText);
  for (const known of [...DEMO_TEXTS, ...ownParts(language)]) text = text.split(known).join('\n');
  return foreignTexts(language).filter((foreign) =>
    new RegExp(`(?<![\\p{L}\\p{N}])${escape(foreign)}(?![\\p{L}\\p{N}])`, 'u').test(text),
  );
}

const normalise = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();

describe('every UI language', () => {
  it.each(LANGUAGES.map((language) => [language]))(
    '%s: the window, the details, the tabs, the import and the report',
    async (language) => {
      const { page } = suite.browser;
      const t = (await createI18n(language)).getFixedT(language);
      await suite.openDemo(tempDir());
      await page.evaluate(
        (code) =>
          (window as unknown as { atlas: { invoke(m: string, i: unknown): Promise<unknown> } }).atlas.invoke(
            'settings.setLanguage',
            { language: code },
          ),
        language,
      );
      await page.reload();
      await page.locator('tbody tr[data-member]').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
      const problems: Record<string, string[]> = {};
      const scan = async (where: string) => {
        const found = await foreignOnScreen(page, language);
        if (found.length > 0) problems[where] = found;
      };

      // The total, "1 135 (1 uppgift saknas)" in the language's format and words.
      const total = `${formatInteger(1135, language)} (${t('members.totalNotReported', { count: 1 })})`;
      expect(normalise(await page.locator('tfoot').textContent())).toContain(normalise(total));
      expect(normalise(total)).toMatch(
        language === 'da' || language === 'is' ? /^1\.135 / : language === 'en' ? /^1,135 / : /^1 135 /,
      );
      await scan('main screen');
      // The members table fits its panel: no column pushed out of view by a longer word.
      const fits = await page.evaluate(() => {
        const panel = document.querySelector('.side-panel')!;
        return panel.scrollWidth <= panel.clientWidth;
      });
      expect(fits, 'the table fits the panel').toBe(true);
      // The scan can fail: read as if the window should speak another language, it finds this one's words.
      expect((await foreignOnScreen(page, language === 'sv' ? 'da' : 'sv')).length).toBeGreaterThan(5);
      await suite.browser.screenshot(`languages-${language}-main`);

      // Sorted by name with the language's collator.
      await page.getByRole('button', { name: t('members.columns.name'), exact: true }).click();
      const names = await page
        .locator('tbody tr[data-member]')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-member')!));
      expect(names).toEqual([...names].sort(collatorFor(language).compare));
      expect(names.length).toBe(9);

      await page.locator('tbody tr[data-member="Husby"]').click();
      await expect.poll(() => page.locator('.member-details').textContent()).toContain(t('areas.DE-SYD'));
      await scan('member details');

      for (const tab of ['counts', 'meetings', 'timeline', 'members'] as const) {
        await page.getByRole('tab', { name: t(`tabs.${tab}`) }).click();
        await page.getByRole('tabpanel').waitFor();
        await scan(`tab ${tab}`);
      }

      await page.getByRole('button', { name: t('import.open') }).click();
      await page.getByRole('dialog').waitFor();
      await scan('import dialog');
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: t('report.create') }).click();
      await page.getByRole('button', { name: t('report.open') }).click();
      await page.getByRole('heading', { name: t('report.history') }).waitFor({ timeout: 15_000 });
      await scan('report');
      expect(problems).toEqual({});
    },
    // Five views and the report, each scanned: about 15 s alone, twice that on a loaded machine.
    120_000,
  );

  it('starts in Danish when the browser (the system) asks for Danish and no language was chosen', async () => {
    const danish = await openBrowser({ locale: 'da-DK' });
    try {
      await suite.openDemo(tempDir());
      await danish.page.goto(suite.host!.url);
      await danish.page.locator('tbody tr[data-member]').first().waitFor();
      expect(await danish.page.evaluate(() => document.documentElement.lang)).toBe('da');
      expect(normalise(await danish.page.locator('tfoot').textContent())).toContain('1.135 (1 ikke oplyst)');
      // The Swedish window of the same host (its browser asks for Swedish) is still Swedish.
      expect(normalise(await suite.browser.page.locator('tfoot').textContent())).toContain('1 135 (1 uppgift saknas)');
      await danish.page.goto('about:blank');
    } finally {
      await danish.close();
    }
  });
});
