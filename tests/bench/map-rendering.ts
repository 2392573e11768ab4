/**
 * Issue 14's side-by-side figures (npm run bench, BENCH_ONLY=map-rendering): the same chain of 41,
 * 500 and 5,000 members, placed as real twin towns are (most in the Nordic countries and the rest
 * of Europe, some across the world, from the gazetteer) with a member count a year over 20 years,
 * shown in one Chromium session (1280×800) by three pages:
 *
 *   app:    the app through the browser host, on a document made for the bench;
 *   DOM:    plain Leaflet, one L.marker with an L.divIcon (circle and label) per member and a dashed
 *           polyline of the chain, as uMap and most Leaflet maps draw;
 *   canvas: a bare canvas in a Leaflet map that only draws the circles, the lower bound.
 *
 * For each: a year-slider step (to the frame that shows the new year), the pan and zoom frame
 * times, and, at 500 members, the first render after the page loaded. The ratios app/DOM and
 * app/lower bound are the figures that hold on a noisy machine. The DOM and canvas pages are
 * served here from 127.0.0.1 with Leaflet from node_modules and the members inlined as JSON.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { createDocument } from '../../electron/db/open';
import { timeOrderedId } from '../../electron/db/time-ordered-id';
import { startHost } from '../../electron/transport/web-host';
import { openBrowser } from '../e2e/browser';
import { GAZETTEER_PATH } from '../helpers/gazetteer';

type Unit = 'ms' | 'MB' | 'KB' | 'ratio';

export interface MapRenderingTools {
  work: string;
  runs: number;
  record: (name: string, runs: number[], target: number | null, unit?: Unit) => void;
}

const SIZES = [41, 500, 5000] as const;
type Size = (typeof SIZES)[number];
const FIRST_COUNT_YEAR = 1994;
const LAST_COUNT_YEAR = 2013;
const NORDIC = new Set(['SE', 'DK', 'NO', 'FI', 'IS', 'FO', 'AX', 'GL']);
const EUROPE = new Set('DE PL EE LV LT GB IE FR NL BE LU IT ES PT AT CH CZ SK HU SI HR RO BG GR RU UA BY'.split(' '));

/** Issue 14's targets for the app; null where the issue sets none. */
const SLIDER_TARGET: Record<Size, number> = { 41: 50, 500: 100, 5000: 300 };
const FRAME_P95_TARGET: Record<Size, number | null> = { 41: null, 500: 25, 5000: 50 };
const SLIDER_RATIO_TARGET: Record<Size, number | null> = { 41: null, 500: 0.35, 5000: 0.05 };
const FIRST_RENDER_TARGET = 500;
/** Time for a page's slider steps (the part must finish in 3 minutes on a 2-core machine). */
const STEP_BUDGET_MS = 8000;

interface BenchMember {
  name: string;
  country: string;
  latitude: number;
  longitude: number;
  joined: number;
  /** Counts from FIRST_COUNT_YEAR on, one a year; null is "not reported". */
  counts: Array<number | null>;
}

/** Park–Miller, as generate-document.ts: the same chain every run. */
function seededRandom(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

/**
 * A chain of `size` twin towns from the gazetteer: half Nordic, a third in the rest of Europe,
 * the rest anywhere else; each joined by 1993, so that every step of the slider over the count
 * years keeps the members and changes their sizes and labels.
 */
function twinTowns(size: number, seed = 14): BenchMember[] {
  const random = seededRandom(seed + size);
  const db = new Database(GAZETTEER_PATH, { readonly: true, fileMustExist: true });
  const towns = db
    .prepare('SELECT names, country, latitude, longitude, population FROM place WHERE population >= 500 ORDER BY geoname_id')
    .all() as Array<{ names: string; country: string; latitude: number; longitude: number; population: number }>;
  db.close();
  const pools = [
    { share: 0.5, towns: towns.filter((town) => NORDIC.has(town.country)) },
    { share: 0.35, towns: towns.filter((town) => EUROPE.has(town.country) && town.population >= 10_000) },
    {
      share: 0.15,
      towns: towns.filter((town) => !NORDIC.has(town.country) && !EUROPE.has(town.country) && town.population >= 50_000),
    },
  ];
  const members: BenchMember[] = [];
  for (const [index, pool] of pools.entries()) {
    const wanted = index === pools.length - 1 ? size - members.length : Math.round(size * pool.share);
    const left = [...pool.towns];
    for (let made = 0; made < wanted; made += 1) {
      // Distinct towns while the pool lasts (Nordic: 2,808), then the same town again, a little aside.
      const again = left.length === 0;
      const town = again
        ? pool.towns[Math.floor(random() * pool.towns.length)]!
        : left.splice(Math.floor(random() * left.length), 1)[0]!;
      const jitter = () => (again ? (random() - 0.5) * 0.2 : 0);
      members.push({
        name: town.names.split('|')[0]!,
        country: town.country,
        latitude: Math.round((town.latitude + jitter()) * 1e4) / 1e4,
        longitude: Math.round((town.longitude + jitter()) * 1e4) / 1e4,
        joined: 1946 + Math.floor(random() * 48),
        counts: Array.from({ length: LAST_COUNT_YEAR - FIRST_COUNT_YEAR + 1 }, () =>
          random() < 1 / 12 ? null : 5 + Math.floor(random() * 600),
        ),
      });
    }
  }
  // In the order the table and the chain line follow: year joined, then name.
  return members.sort((a, b) => a.joined - b.joined || a.name.localeCompare(b.name));
}

/** A document with the one chain, through the real schema. */
async function chainDocument(path: string, members: BenchMember[]): Promise<void> {
  const at = '2026-01-01T00:00:00.000Z';
  const document = await createDocument(path, {
    seed: (db) => {
      const chainId = timeOrderedId();
      db.prepare(`INSERT INTO chain (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)`).run(
        chainId,
        `Kartkedjan ${members.length}`,
        at,
        at,
      );
      const place = db.prepare(
        `INSERT INTO place (id, name, area_code, kind, latitude, longitude, created_at, updated_at) VALUES (?, ?, ?, 'municipality', ?, ?, ?, ?)`,
      );
      const branch = db.prepare(`INSERT INTO branch (id, place_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`);
      const membership = db.prepare(
        `INSERT INTO membership (id, chain_id, place_id, joined_year, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
      );
      const count = db.prepare(
        `INSERT INTO member_count (id, branch_id, year, count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
      );
      for (const member of members) {
        const placeId = timeOrderedId();
        const branchId = timeOrderedId();
        place.run(placeId, member.name, member.country, member.latitude, member.longitude, at, at);
        branch.run(branchId, placeId, `Föreningen Norden ${member.name}`, at, at);
        membership.run(timeOrderedId(), chainId, placeId, member.joined, at, at);
        member.counts.forEach((value, index) => count.run(timeOrderedId(), branchId, FIRST_COUNT_YEAR + index, value, at, at));
      }
    },
  });
  document.close();
}

// ---------------------------------------------------------------------------------------------
// The two comparison pages. Their script is plain JavaScript in the page (no build): the members
// as JSON, the fitted view the app uses, and window.benchShowYear(year), which brings every
// member's symbol (and on the DOM page its label) to that year's count.

const PAGE_SCRIPT_COMMON = `
const { members, firstYear, lastYear } = JSON.parse(document.getElementById('members').textContent);
const map = L.map('map', { zoomSnap: 0.25 });
// The view the app fits to a chain (renderer/src/map/MapView.tsx).
map.fitBounds(L.latLngBounds(members.map((m) => [m.latitude, m.longitude])), {
  paddingTopLeft: [50, 40], paddingBottomRight: [150, 40], maxZoom: 8, animate: false,
});
const countAt = (m, year) => m.counts[Math.min(lastYear, Math.max(firstYear, year)) - firstYear];
const largestAt = (year) => Math.max(0, ...members.map((m) => countAt(m, year) ?? 0));
// shared/map/symbols.ts: area by count, a fixed size for "not reported".
const radiusOf = (count, largest) => count === null ? 9 : largest <= 0 ? 4 : Math.max(4, 22 * Math.sqrt(count / largest));
const colourOf = (year) => ['#2d1e5f','#3b3f8f','#2f6aa8','#208f9e','#2aa87a','#67bd50','#b0cf34','#e3c51c','#f39c12','#d35400'][
  Math.max(0, Math.min(9, (Math.floor(year / 10) * 10 - 1940) / 10))];
const format = new Intl.NumberFormat('sv-SE');
`;

const DOM_PAGE_SCRIPT = `${PAGE_SCRIPT_COMMON}
L.polyline(members.map((m) => [m.latitude, m.longitude]), { color: '#4a5560', weight: 1.2, opacity: 0.55, dashArray: '4 4', interactive: false }).addTo(map);
const escape = (text) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const icon = (m, year, largest) => {
  const count = countAt(m, year);
  const r = radiusOf(count, largest);
  const size = Math.ceil(r * 2 + 4);
  const circle = count === null
    ? '<circle cx="' + size / 2 + '" cy="' + size / 2 + '" r="' + r + '" fill="#fff" stroke="#555" stroke-dasharray="3 2"/>'
    : '<circle cx="' + size / 2 + '" cy="' + size / 2 + '" r="' + r + '" fill="' + colourOf(m.joined) + '" fill-opacity="0.8" stroke="#fff"/>';
  const label = escape(m.name) + ' · ' + m.joined + ' · ' + (count === null ? '?' : format.format(count));
  return L.divIcon({
    className: 'dom-member',
    iconSize: [size, size],
    html: '<svg width="' + size + '" height="' + size + '">' + circle + '</svg><span class="label" style="left:' + (size + 2) + 'px">' + label + '</span>',
  });
};
const markers = members.map((m) => L.marker([m.latitude, m.longitude], { icon: icon(m, lastYear, largestAt(lastYear)), keyboard: false }).addTo(map));
window.benchShowYear = (year) => {
  const largest = largestAt(year);
  members.forEach((m, index) => markers[index].setIcon(icon(m, year, largest)));
  document.body.dataset.year = String(year);
};
`;

const CANVAS_PAGE_SCRIPT = `${PAGE_SCRIPT_COMMON}
// One canvas over the view and half of it around (as L.Canvas), drawn again when the map comes to
// rest and scaled by CSS while a zoom animates. Only the circles: the lower bound.
let year = lastYear;
const Circles = L.Layer.extend({
  onAdd(map) {
    this._canvas = L.DomUtil.create('canvas', 'leaflet-zoom-animated');
    map.getPane('overlayPane').appendChild(this._canvas);
    map.on('moveend', this.reset, this);
    map.on('zoomanim', this.animateZoom, this);
    this.reset();
  },
  reset() {
    const size = map.getSize();
    const padding = size.multiplyBy(0.5).round();
    const topLeft = map.containerPointToLayerPoint([0, 0]).subtract(padding);
    const full = size.add(padding.multiplyBy(2));
    const ratio = window.devicePixelRatio || 1;
    this._bounds = L.latLngBounds(map.layerPointToLatLng(topLeft), map.layerPointToLatLng(topLeft.add(full)));
    this._topLeft = topLeft;
    L.DomUtil.setPosition(this._canvas, topLeft);
    this._canvas.width = full.x * ratio;
    this._canvas.height = full.y * ratio;
    this._canvas.style.width = full.x + 'px';
    this._canvas.style.height = full.y + 'px';
    this.draw();
  },
  animateZoom(event) {
    const scale = map.getZoomScale(event.zoom);
    const offset = map._latLngBoundsToNewLayerBounds(this._bounds, event.zoom, event.center).min;
    L.DomUtil.setTransform(this._canvas, offset, scale);
  },
  draw() {
    const context = this._canvas.getContext('2d');
    const ratio = window.devicePixelRatio || 1;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, this._canvas.width, this._canvas.height);
    const largest = largestAt(year);
    for (const m of members) {
      const count = countAt(m, year);
      const point = map.latLngToLayerPoint([m.latitude, m.longitude]).subtract(this._topLeft);
      context.beginPath();
      context.arc(point.x, point.y, radiusOf(count, largest), 0, 2 * Math.PI);
      context.fillStyle = count === null ? '#ffffff' : colourOf(m.joined);
      context.globalAlpha = 0.8;
      context.fill();
      context.globalAlpha = 1;
      context.strokeStyle = count === null ? '#555555' : '#ffffff';
      context.stroke();
    }
  },
});
const circles = new Circles().addTo(map);
window.benchShowYear = (shown) => {
  year = shown;
  circles.draw();
  document.body.dataset.year = String(shown);
};
`;

function pageHtml(title: string, members: BenchMember[], script: string): string {
  const data = JSON.stringify({ members, firstYear: FIRST_COUNT_YEAR, lastYear: LAST_COUNT_YEAR }).replaceAll('<', '\\u003c');
  return `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>${title}</title>
<link rel="stylesheet" href="/leaflet.css">
<style>
  html, body, #map { margin: 0; height: 100%; }
  body { font: 12px system-ui, sans-serif; }
  .dom-member { background: none; border: none; }
  .dom-member svg { position: absolute; left: 0; top: 0; }
  .dom-member .label { position: absolute; top: 50%; transform: translateY(-50%); white-space: nowrap; padding: 0 3px;
    background: rgba(255, 255, 255, 0.8); border-radius: 2px; color: #222; }
</style>
</head><body data-year="${LAST_COUNT_YEAR}">
<div id="map" tabindex="0"></div>
<script id="members" type="application/json">${data}</script>
<script src="/leaflet.js"></script>
<script>${script}
document.body.dataset.drawn = String(members.length);
</script>
</body></html>`;
}

/** Serves /leaflet.js, /leaflet.css, /dom/SIZE and /canvas/SIZE on 127.0.0.1. */
async function serveComparisonPages(chains: Map<Size, BenchMember[]>): Promise<{ url: string; server: Server }> {
  const leaflet = join(process.cwd(), 'node_modules', 'leaflet', 'dist');
  const files = new Map<string, { type: string; body: string }>([
    ['/leaflet.js', { type: 'text/javascript', body: readFileSync(join(leaflet, 'leaflet.js'), 'utf8') }],
    ['/leaflet.css', { type: 'text/css', body: readFileSync(join(leaflet, 'leaflet.css'), 'utf8') }],
  ]);
  for (const [size, members] of chains) {
    files.set(`/dom/${size}`, { type: 'text/html', body: pageHtml(`DOM ${size}`, members, DOM_PAGE_SCRIPT) });
    files.set(`/canvas/${size}`, { type: 'text/html', body: pageHtml(`Canvas ${size}`, members, CANVAS_PAGE_SCRIPT) });
  }
  const server = createServer((request, response) => {
    const file = files.get(request.url ?? '');
    if (!file) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': `${file.type}; charset=utf-8`, 'cache-control': 'no-store' }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

// ---------------------------------------------------------------------------------------------
// Measuring, the same way for the three pages (as run.ts measures the app on the European document).

const PAGES = ['app', 'DOM', 'canvas'] as const;
type PageKind = (typeof PAGES)[number];
const FIGURES = ['slider step', 'pan p50', 'pan p95', 'zoom p50', 'zoom p95', 'first render'] as const;
type FigureName = (typeof FIGURES)[number];

export const percentile = (values: number[], share: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * share))]!;
const median = (values: number[]) => percentile(values, 0.5);

/** Page load to the frame after all `count` members were drawn, on the page's clock. */
async function firstRender(page: Page, url: string, kind: PageKind, count: number): Promise<number> {
  await page.goto('about:blank');
  await page.goto(url);
  return page.evaluate(
    ({ count, app }) =>
      new Promise<number>((resolve) => {
        // The app: the members its canvas layer drew, alone or in groups (MapView's data-drawn-count).
        const appIsDrawn = () => {
          const figure = document.querySelector('figure.map-figure');
          const drawn = Number(figure?.getAttribute('data-drawn-count') ?? 0);
          return drawn >= count && document.querySelector('.members-table caption') !== null;
        };
        const check = () => {
          if (app ? appIsDrawn() : Number(document.body.dataset.drawn ?? 0) >= count) {
            requestAnimationFrame(() => resolve(performance.now()));
          } else requestAnimationFrame(check);
        };
        check();
      }),
    { count, app: kind === 'app' },
  );
}

/**
 * The app: a key press on the slider to the frame after the one that shows `year` in the table's
 * caption, the map's label and (where the layer reports it) the year it drew.
 */
async function appSliderStep(page: Page, year: number): Promise<number> {
  await page.evaluate((wanted) => {
    const state = window as unknown as { benchStep?: Promise<number> };
    state.benchStep = new Promise((resolve) => {
      let pressed = 0;
      document.addEventListener('keydown', () => (pressed = performance.now()), { capture: true, once: true });
      const check = () => {
        const caption = document.querySelector('.members-table caption')?.textContent ?? '';
        const figure = document.querySelector('figure.map-figure');
        const label = figure?.getAttribute('aria-label') ?? '';
        const drawnYear = figure?.getAttribute('data-drawn-year');
        if (
          pressed > 0 &&
          caption.endsWith(`, ${wanted}`) &&
          label.endsWith(`, ${wanted}`) &&
          (drawnYear === null || drawnYear === undefined || drawnYear === String(wanted))
        ) {
          requestAnimationFrame(() => resolve(performance.now() - pressed));
        } else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
  }, year);
  await page.keyboard.press('ArrowLeft');
  return page.evaluate(() => (window as unknown as { benchStep: Promise<number> }).benchStep);
}

/** The DOM and canvas pages: every member brought to `year`, to the frame after the one that shows it. */
async function pageSliderStep(page: Page, year: number): Promise<number> {
  return page.evaluate(
    (wanted) =>
      new Promise<number>((resolve) => {
        const started = performance.now();
        (window as unknown as { benchShowYear(year: number): void }).benchShowYear(wanted);
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - started)));
      }),
    year,
  );
}

/** requestAnimationFrame intervals while `act` runs and a second after (the pan and zoom figures of run.ts too). */
export async function frameTimes(page: Page, act: () => Promise<void>): Promise<number[]> {
  await page.evaluate(() => {
    const state = window as unknown as { benchFrames: number[]; benchRecording: boolean };
    state.benchFrames = [];
    state.benchRecording = true;
    let last = performance.now();
    const loop = (time: number) => {
      state.benchFrames.push(time - last);
      last = time;
      if (state.benchRecording) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  });
  await act();
  await page.waitForTimeout(1000);
  // A page kept busy the whole time (today's app at 5,000 members) has a few long frames, not none.
  await page.waitForFunction(() => (window as unknown as { benchFrames: number[] }).benchFrames.length >= 3);
  return page.evaluate(() => {
    const state = window as unknown as { benchFrames: number[]; benchRecording: boolean };
    state.benchRecording = false;
    return state.benchFrames.slice(1);
  });
}

/**
 * Pans with the arrow keys, then zooms in and out; at 5,000 members (where today's DOM markers take
 * seconds a frame) one pan and one zoom step only, so that the part stays within 3 minutes.
 */
async function panAndZoom(page: Page, mapSelector: string, size: Size): Promise<Record<'pan' | 'zoom', number[]>> {
  await page.locator(mapSelector).first().focus();
  const few = size >= 5000;
  const keys = few ? ['ArrowRight'] : ['ArrowRight', 'ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowLeft', 'ArrowUp'];
  const pan = await frameTimes(page, async () => {
    for (const key of keys) {
      await page.keyboard.press(key);
      await page.waitForTimeout(120);
    }
  });
  const zoom = await frameTimes(page, async () => {
    for (const key of few ? ['+'] : ['+', '-']) {
      await page.keyboard.press(key);
      await page.waitForTimeout(400);
    }
  });
  return { pan, zoom };
}

export async function benchMapRendering({ work, runs, record }: MapRenderingTools): Promise<void> {
  const started = performance.now();
  const chains = new Map(SIZES.map((size) => [size, twinTowns(size)] as const));
  const documents = new Map<Size, string>();
  for (const [size, members] of chains) {
    const path = join(work, `map-rendering-${size}.vanort`);
    await chainDocument(path, members);
    documents.set(size, path);
  }
  const pages = await serveComparisonPages(chains);
  const browser = await openBrowser();
  // tsx names the functions handed to page.evaluate with a helper (__name) the page lacks.
  await browser.context.addInitScript('window.__name = (target) => target;');
  const { page } = browser;
  page.setDefaultTimeout(120_000);
  const figures = new Map<string, number>();
  const key = (figure: FigureName, size: Size, kind: PageKind) => `${figure}|${size}|${kind}`;
  const keep = (figure: FigureName, size: Size, kind: PageKind, values: number[], target: number | null) => {
    const name = `map rendering: ${figure}, ${kind}, ${size.toLocaleString('en')} members`;
    record(name, values, target);
    figures.set(key(figure, size, kind), median(values));
  };

  try {
    for (const size of SIZES) {
      const steps = Math.max(5, runs * 2);
      const host = await startHost({ dbPath: documents.get(size)!, settingsPath: join(work, `map-rendering-${size}.json`) });
      try {
        for (const kind of PAGES) {
          const pageStarted = performance.now();
          const url = kind === 'app' ? host.url : `${pages.url}/${kind.toLowerCase()}/${size}`;
          const app = kind === 'app';
          const seconds = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
          if (size === 500) {
            const loads: number[] = [];
            for (let index = 0; index < runs; index += 1) loads.push(await firstRender(page, url, kind, size));
            keep('first render', size, kind, loads, app ? FIRST_RENDER_TARGET : null);
          } else await firstRender(page, url, kind, size);

          const loaded = performance.now();
          const stepTimes: number[] = [];
          if (app) await page.locator('.year-slider input[type="range"]').focus();
          // A step of 5,000 DOM markers takes seconds: as many steps as fit in STEP_BUDGET_MS, at least one.
          const stepsStarted = performance.now();
          const fits = () => performance.now() - stepsStarted + stepTimes[stepTimes.length - 1]! < STEP_BUDGET_MS;
          for (let step = 1; step <= steps && (step === 1 || fits()); step += 1) {
            const year = LAST_COUNT_YEAR - step;
            stepTimes.push(app ? await appSliderStep(page, year) : await pageSliderStep(page, year));
          }
          keep('slider step', size, kind, stepTimes, app ? SLIDER_TARGET[size] : null);

          const stepped = performance.now();
          const frames = await panAndZoom(page, app ? '.map.leaflet-container, .map .leaflet-container' : '#map', size);
          for (const motion of ['pan', 'zoom'] as const) {
            keep(`${motion} p50`, size, kind, [percentile(frames[motion], 0.5)], null);
            keep(`${motion} p95`, size, kind, [percentile(frames[motion], 0.95)], app ? FRAME_P95_TARGET[size] : null);
          }
          console.log(
            `  (${kind}, ${size.toLocaleString('en')} members: load ${seconds(pageStarted, loaded)}, ${stepTimes.length} steps ${seconds(loaded, stepped)}, pan and zoom ${seconds(stepped, performance.now())})`,
          );
        }
      } finally {
        await page.goto('about:blank');
        await host.close();
      }
    }
  } finally {
    await browser.close();
    await new Promise((resolve) => pages.server.close(resolve));
  }
  if (browser.outsideRequests.length > 0) throw new Error(`requests off 127.0.0.1: ${browser.outsideRequests.join(', ')}`);

  // The ratios, and the table side by side.
  const rows: string[][] = [];
  for (const figure of FIGURES)
    for (const size of SIZES) {
      const [app, dom, canvas] = PAGES.map((kind) => figures.get(key(figure, size, kind)));
      if (app === undefined || dom === undefined || canvas === undefined) continue;
      const sizeText = size.toLocaleString('en');
      record(
        `map rendering: ${figure}, app/DOM ratio, ${sizeText} members`,
        [app / dom],
        figure === 'slider step' ? SLIDER_RATIO_TARGET[size] : null,
        'ratio',
      );
      record(`map rendering: ${figure}, app/lower bound ratio, ${sizeText} members`, [app / canvas], null, 'ratio');
      const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
      rows.push([`${figure}, ${sizeText}`, ms(app), ms(dom), ms(canvas), (app / dom).toFixed(2), (app / canvas).toFixed(2)]);
    }
  const header = ['figure × members', 'app', 'DOM (Leaflet)', 'canvas (lower bound)', 'app/DOM', 'app/lower bound'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  console.log(`\nMap rendering side by side (medians; ${((performance.now() - started) / 1000).toFixed(0)} s):`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log('');
}
