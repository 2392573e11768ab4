/**
 * The offline map is drawn in EPSG:3035 (ETRS89 Lambert azimuthal equal-area): the members where
 * proj4 puts them, Greenland at its true size beside Sweden, and the basemap in the same
 * projection as the members. The online layer switches the map to Web Mercator and back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { MultiPolygon } from 'geojson';
import { toNordic } from '../../shared/map/projection';
import { canvasAlpha, drawnMembers, type DrawnMember } from './map-layout';
import { useBrowserSuite } from './suite';
import { useTempDir } from '../helpers/files';

const tempDir = useTempDir();
const suite = useBrowserSuite();

type Project = (longitude: number, latitude: number) => [number, number];
const nordic: Project = toNordic;
const mercator: Project = (longitude, latitude) =>
  proj4('EPSG:4326', 'EPSG:3857').forward([longitude, latitude]) as [number, number];

/**
 * The screen drawn as a projection's metres, scaled and moved (x = s·E + a, y = −s·N + b), fitted
 * to the members by least squares; for each member, how far (in km on the ground) its symbol is
 * from where that projection puts it. Web Mercator's metres are 1/cos(latitude) of the ground's.
 */
function fitScreen(members: readonly DrawnMember[], project: Project, groundScale: (latitude: number) => number) {
  const metres = members.map((member) => project(member.lon, member.lat));
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const [meanE, meanN] = [mean(metres.map(([e]) => e)), mean(metres.map(([, n]) => n))];
  const [meanX, meanY] = [mean(members.map((member) => member.x)), mean(members.map((member) => member.y))];
  let [top, bottom] = [0, 0];
  members.forEach((member, index) => {
    const [e, n] = [metres[index]![0] - meanE, metres[index]![1] - meanN];
    top += e * (member.x - meanX) - n * (member.y - meanY);
    bottom += e * e + n * n;
  });
  const scale = top / bottom;
  const toScreen = ([e, n]: [number, number]) => [meanX + scale * (e - meanE), meanY - scale * (n - meanN)] as const;
  const errors = members.map((member, index) => {
    const [x, y] = toScreen(metres[index]!);
    return { name: member.name, km: (Math.hypot(member.x - x, member.y - y) / scale / 1000) * groundScale(member.lat) };
  });
  return { scale, toScreen: (longitude: number, latitude: number) => toScreen(project(longitude, latitude)), errors };
}

/** A polygon's area in a projection's square metres (the shoelace formula, holes subtracted). */
function area(geometry: MultiPolygon, project: Project): number {
  let sum = 0;
  for (const polygon of geometry.coordinates) {
    polygon.forEach((ring, index) => {
      let twice = 0;
      const points = ring.map(([lon, lat]) => project(lon!, lat!));
      for (let i = 0; i < points.length - 1; i += 1) {
        twice += points[i]![0] * points[i + 1]![1] - points[i + 1]![0] * points[i]![1];
      }
      sum += (index === 0 ? 1 : -1) * Math.abs(twice / 2);
    });
  }
  return sum;
}

async function openDemo(page: Page): Promise<void> {
  const dir = tempDir();
  await suite.openDemo(dir);
  await settled(page);
}

/** Waits until the members stop moving (the first fit is animated). */
async function settled(page: Page): Promise<DrawnMember[]> {
  let previous = '';
  await expect
    .poll(
      async () => {
        const now = JSON.stringify(await drawnMembers(page));
        const same = now === previous && now !== '[]';
        previous = now;
        return same;
      },
      { interval: 200, timeout: 10_000 },
    )
    .toBe(true);
  return JSON.parse(previous) as DrawnMember[];
}

const basemap = JSON.parse(readFileSync(join(process.cwd(), 'resources', 'generated', 'basemap.json'), 'utf8')) as {
  features: Array<{ id: string; geometry: MultiPolygon }>;
};
const country = (id: string) => basemap.features.find((feature) => feature.id === id)!.geometry;

describe('the map projection', () => {
  it('is EPSG:3035 by default: members within 10 km, Greenland at most 6 times Sweden, the basemap in step', async () => {
    const { page } = suite.browser;
    await openDemo(page);
    expect(await page.locator('figure.map-figure').getAttribute('data-projection')).toBe('nordic');
    const members = await settled(page);
    expect(members).toHaveLength(9);
    const fitted = fitScreen(members, nordic, () => 1);
    for (const { name, km } of fitted.errors) expect(km, name).toBeLessThan(10);
    // Web Mercator does not fit what is drawn: the test tells the two apart.
    expect(
      Math.max(...fitScreen(members, mercator, (lat) => Math.cos((lat * Math.PI) / 180)).errors.map((e) => e.km)),
    ).toBeGreaterThan(50);

    // Drawn areas: the screen is EPSG:3035 scaled (above), so Greenland's drawn area over
    // Sweden's is their ratio in EPSG:3035. Web Mercator's would be over 10.
    const [greenland, sweden] = [country('nordic-304'), country('nordic-752')];
    const drawnRatio = area(greenland, nordic) / area(sweden, nordic);
    expect(drawnRatio).toBeLessThanOrEqual(6);
    expect(drawnRatio).toBeGreaterThan(4.4);
    expect(area(greenland, mercator) / area(sweden, mercator)).toBeGreaterThan(10);

    // The basemap is drawn in the members' projection: land where EPSG:3035 puts Greenland's ice,
    // Iceland and Sweden, and sea in the Irminger Sea, off Norway and in the North Sea.
    const alphaAt = async (lon: number, lat: number) => {
      const [x, y] = fitted.toScreen(lon, lat);
      return canvasAlpha(page, x, y, '', 'basemap-canvas');
    };
    for (const [lon, lat] of [
      [-42, 70],
      [-18.5, 64.9],
      [15, 62],
    ] as const) {
      expect(await alphaAt(lon, lat), `land at ${lat}, ${lon}`).toBeGreaterThan(200);
    }
    for (const [lon, lat] of [
      [-32, 60],
      [2, 68],
      [3, 56],
    ] as const) {
      expect(await alphaAt(lon, lat), `sea at ${lat}, ${lon}`).toBe(0);
    }
    await page.locator('.leaflet-control-layers').hover();
    expect(await page.locator('.map-projection-note').textContent()).toBe(
      'Projektion: ETRS89 Lambert ytriktig (EPSG:3035), länderna i rätt storlek',
    );
    await suite.browser.screenshot('map-projection-nordic');
  });

  it('turns to Web Mercator with the online layer, says so, keeps the positions, and turns back', async () => {
    const { page } = suite.browser;
    await openDemo(page);
    const before = await settled(page);
    await page.getByRole('button', { name: 'Kartlager' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('checkbox', { name: /OpenStreetMap/ }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('figure.map-figure').getAttribute('data-projection')).toBe('mercator');
    // The control stays open on the checked box, and says what the map is now drawn in.
    const osm = page.getByRole('checkbox', { name: /OpenStreetMap/ });
    await expect.poll(() => osm.isChecked()).toBe(true);
    expect(await osm.evaluate((box) => box === document.activeElement)).toBe(true);
    expect(await page.locator('.map-projection-note').textContent()).toContain('Web Mercator');
    // The view is where it was: the chain's middle member stays near the middle.
    const middle = (drawn: DrawnMember[]) => drawn.find((member) => member.name === 'Holmestrand')!;
    expect(Math.abs(middle(await settled(page)).x - middle(before).x)).toBeLessThan(150);
    // Fitted to the chain (the 0 key), at a zoom where a pixel is a few km: every member within 10 km.
    await page.locator('.map.leaflet-container').focus();
    await page.keyboard.press('0');
    await page.waitForTimeout(300);
    const members = await settled(page);
    const fitted = fitScreen(members, mercator, (lat) => Math.cos((lat * Math.PI) / 180));
    for (const { name, km } of fitted.errors) expect(km, name).toBeLessThan(10);
    await page.locator('.leaflet-control-layers').hover();
    await page.getByRole('checkbox', { name: /OpenStreetMap/ }).focus();
    // Off again: EPSG:3035.
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('figure.map-figure').getAttribute('data-projection')).toBe('nordic');
    await page.locator('.map.leaflet-container').focus();
    await page.keyboard.press('0');
    await page.waitForTimeout(300);
    const back = await settled(page);
    for (const { name, km } of fitScreen(back, nordic, () => 1).errors) expect(km, name).toBeLessThan(10);
    await page.goto('about:blank');
    // The blocked tile requests are reported by Chromium on the console; they are expected here.
    expect(suite.browser.outsideRequests.every((url) => url.startsWith('https://tile.openstreetmap.org/'))).toBe(true);
    suite.browser.pageErrors.splice(0);
    suite.browser.outsideRequests.splice(0);
  });
});
