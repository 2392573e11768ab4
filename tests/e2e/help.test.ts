/**
 * Help in the window (issue 17): "Kom igång" and "Om Vänortsatlas", reachable by the toolbar's
 * button and F1 in the browser host as in the app, crediting Natural Earth and GeoNames.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/files';
import { seriousViolations } from './axe';
import { normalise, useBrowserSuite } from './suite';

const tempDir = useTempDir();
const suite = useBrowserSuite();
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('help in the window', () => {
  it('opens from the toolbar with getting started and About, crediting the map and the gazetteer', async () => {
    const { page } = suite.browser;
    await page.setViewportSize({ width: 1280, height: 900 });
    await suite.openDemo(tempDir());
    const button = page.getByRole('toolbar').getByRole('button', { name: 'Hjälp' });
    // The toolbar keeps to one line at 1280 px with the button: it is level with Ångra.
    const top = async (name: string) =>
      (await page.getByRole('toolbar').getByRole('button', { name, exact: true }).boundingBox())!.y;
    expect(await top('Hjälp')).toBe(await top('Ångra'));

    await button.click();
    const dialog = page.getByRole('dialog', { name: 'Hjälp' });
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').allTextContents()).toEqual(['Hjälp', 'Kom igång', 'Om Vänortsatlas']);
    const steps = await dialog.locator('.help-steps li').allTextContents();
    expect(steps).toHaveLength(6);
    expect(steps[0]).toContain('Page Up och Page Down tio');
    const about = normalise(await dialog.getByRole('region', { name: 'Om Vänortsatlas' }).textContent());
    expect(about).toContain(`Version ${version}`);
    expect(about).toContain('Natural Earth (naturalearthdata.com)');
    expect(about).toContain('GeoNames (geonames.org), CC BY 4.0');
    expect(about).toMatch(/Öppet dokument: .*demo\.vanort/);
    expect(await seriousViolations(page)).toEqual([]);
    await suite.browser.screenshot('help-sv');

    // Escape closes it, and the keyboard is back on the button.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await button.evaluate((element) => element === document.activeElement)).toBe(true);
  });

  it('opens on F1, in the language of the window, as the zoom buttons speak it', async () => {
    const { page } = suite.browser;
    await suite.openDemo(tempDir());
    await page.getByRole('combobox', { name: 'Språk' }).selectOption('en');
    await page.getByRole('toolbar').getByRole('button', { name: 'Help' }).waitFor();
    // The map's zoom buttons too (Leaflet names them once, when made), still first in their corner.
    const zoom = page.locator('.leaflet-control-zoom a');
    expect(
      await zoom.evaluateAll((links) => links.map((link) => [link.getAttribute('title'), link.getAttribute('aria-label')])),
    ).toEqual([
      ['Zoom In', 'Zoom In'],
      ['Zoom Out', 'Zoom Out'],
    ]);
    expect(await page.locator('.leaflet-top.leaflet-left > .leaflet-control').first().getAttribute('class')).toContain(
      'leaflet-control-zoom',
    );
    await page.locator('caption').click();
    await page.keyboard.press('F1');
    const dialog = page.getByRole('dialog', { name: 'Help' });
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').allTextContents()).toEqual(['Help', 'Getting started', 'About Twin Town Atlas']);
    expect(normalise(await dialog.textContent())).toContain('Gazetteer: GeoNames (geonames.org), CC BY 4.0.');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('sv');
  });
});
