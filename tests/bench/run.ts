/**
 * npm run bench: figures, not tests (nothing here asserts on time, and it is not part of npm test).
 *
 * 1. Issue 5: import and export of 100,000 rows, the report of the demo chain and of a 500-member
 *    chain printed by Chromium (with what part of the report's time is the page and what the PDF).
 * 2. Issue 6: a generated document at European scale (tests/bench/generate-document.ts: 50,000
 *    places, 2,000 chains, 100,000 memberships, 1,000,000 member counts): open, and open with the
 *    migration from schema 4; the queries behind the table, the map and the year slider; a step
 *    of the year slider in Chromium from key press to the frame that shows the table and map of
 *    that year; map first render and pan/zoom frame times; import into it; gazetteer search; the
 *    report of its largest chain; resident memory of the host process and of the page.
 * 3. Issue 11: an import of 2,000 names without coordinates, unknown ones and real ones, which
 *    once took 72 s. Issue 12 (tests/bench/real-names.ts): registers of real names (many
 *    countries, the same towns in several chains, most looked up by name): the preview of 360
 *    rows with the first open of the gazetteer, of 20,000 rows, and their import; the first search
 *    in a cold index; each key press of typing a name; and, in a process of its own
 *    (tests/bench/gazetteer-memory.ts), its memory after the first search and after an import.
 *    Only these: BENCH_ONLY=gazetteer BENCH_SCALE=0.01 (the European document is still made, small).
 * 4. Issue 13 (tests/bench/sharing.ts): sharing turned on for the demo and a 500-member chain, the
 *    overhead of one edit on each, merging an exchange file of 50 edits and its size, and an
 *    import of 100,000 rows into a shared document. BENCH_ONLY=sharing runs only these.
 * 5. Issue 14 (tests/bench/map-rendering.ts): map rendering side by side, the same chain of 41,
 *    500 and 5,000 members in one Chromium session through the app, a plain Leaflet page with a
 *    DOM marker per member, and a bare canvas (the lower bound): year-slider step, pan and zoom
 *    frames, first render; and the ratios app/DOM and app/lower bound. BENCH_ONLY=map-rendering
 *    runs only these (no European document).
 *
 * Each figure is the median of BENCH_RUNS runs (default 3), printed next to its target and written
 * to test-results/bench.json. BENCH_SCALE (default 1) shrinks the data: 0.1 gives 10,000 import
 * rows and a tenth of the European document. BENCH_ONLY (default: all) runs only the parts named,
 * comma-separated, of: exchange (import and export of rows), report, open, api, ui (map first
 * render, year slider, pan and zoom in Chromium), memory, gazetteer, sharing, map-rendering; e.g.
 * BENCH_ONLY=ui.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { loadMigrations } from '../../electron/db/migrate';
import { createDocument, openDocument } from '../../electron/db/open';
import { listChains } from '../../electron/services/chains';
import type { DocumentContext } from '../../electron/services/context';
import { exportTables, tablesToXlsx, tableToCsv } from '../../electron/services/exporting';
import { Gazetteer } from '../../electron/services/gazetteer';
import { readTable } from '../../electron/services/importing/read';
import { previewImport, previewImportFile } from '../../electron/services/importing/check';
import { applyImport } from '../../electron/services/importing/apply';
import { createI18n } from '../../shared/i18n';
import { reportHash } from '../../shared/report/params';
import { openBrowser } from '../e2e/browser';
import { startHost, type Host } from '../../electron/transport/web-host';
import { fillDocument, scaled } from './generate-document';
import { csvOfRows, namesSheet, realPlaceRows, unknownPlaceRows } from '../helpers/sheets';
import { GAZETTEER_PATH, gazetteerLines } from '../helpers/gazetteer';
import { realNamesSheet } from './real-names';
import { benchSharing } from './sharing';
import { benchMapRendering, frameTimes, percentile } from './map-rendering';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((part) => part.trim())) : null;
const runs = (part: 'exchange' | 'report' | 'open' | 'api' | 'ui' | 'memory' | 'gazetteer' | 'sharing' | 'map-rendering') =>
  !ONLY || ONLY.has(part);
const work = mkdtempSync(join(tmpdir(), 'atlas-bench-'));
const sv = (await createI18n('sv')).t;

interface Figure {
  name: string;
  median: number;
  unit: 'ms' | 'MB' | 'KB' | 'ratio';
  target: number | null;
  runs: number[];
  /** CPU time of this process in the same runs (user + system), where the work is done here. */
  cpuMedian?: number;
}
const results: Figure[] = [];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function record(name: string, runs: number[], target: number | null, unit: Figure['unit'] = 'ms', cpu?: number[]): void {
  const figure: Figure = { name, median: median(runs), unit, target, runs, ...(cpu ? { cpuMedian: median(cpu) } : {}) };
  results.push(figure);
  const verdict = target === null ? '' : figure.median <= target ? 'ok' : 'OVER';
  const value =
    unit === 'ratio' ? figure.median.toFixed(2) : figure.median < 10 ? figure.median.toFixed(1) : figure.median.toFixed(0);
  const targetText = target === null ? '' : `< ${target} ${unit}`;
  const cpuText = figure.cpuMedian === undefined ? '' : `   (CPU ${figure.cpuMedian.toFixed(0)} ms)`;
  console.log(`${name.padEnd(64)} ${value.padStart(8)} ${unit}   ${targetText.padEnd(12)} ${verdict.padEnd(4)}${cpuText}`);
}

/**
 * Runs `run` RUNS times and records the median of what it took (or of what it returns). With
 * `cpu`, also this process's CPU time in the same span: on a machine shared with other work the
 * wall-clock time can be twice the CPU time, and the CPU time says what the code costs.
 */
async function measure(
  name: string,
  target: number | null,
  run: (index: number) => Promise<number | void> | number | void,
  options: { cpu?: boolean } = {},
): Promise<void> {
  const runs: number[] = [];
  const cpu: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const value = await run(index);
    const used = process.cpuUsage(cpuStarted);
    runs.push(typeof value === 'number' ? value : performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  record(name, runs, target, 'ms', options.cpu ? cpu : undefined);
}

const context = (db: DocumentContext['db']): DocumentContext => ({
  db,
  readOnly: false,
  device: 'bench',
  now: () => new Date().toISOString(),
});

// ---------------------------------------------------------------------------------------------
// Issue 5: import and export of 100,000 rows into a new document.
const ROWS = Math.max(100, Math.round(100_000 * SCALE));
const rowsText = ROWS.toLocaleString('en');
console.log(
  `Vänortsatlas benchmarks: BENCH_RUNS=${RUNS}, BENCH_SCALE=${SCALE}${ONLY ? `, BENCH_ONLY=${[...ONLY].join(',')}` : ''}; medians (ms unless said).`,
);

function oneChainDocument(path: string, members = 0) {
  return createDocument(path, {
    seed: (db) => {
      const chainId = crypto.randomUUID();
      db.prepare(`INSERT INTO chain (id, name, created_at, updated_at) VALUES (?, 'Benchkedjan', 'now', 'now')`).run(chainId);
      const place = db.prepare(
        `INSERT INTO place (id, name, area_code, latitude, longitude, created_at, updated_at) VALUES (?, ?, 'SE', ?, ?, 'now', 'now')`,
      );
      const membership = db.prepare(
        `INSERT INTO membership (id, chain_id, place_id, joined_year, created_at, updated_at) VALUES (?, ?, ?, ?, 'now', 'now')`,
      );
      const branch = db.prepare(`INSERT INTO branch (id, place_id, name, created_at, updated_at) VALUES (?, ?, ?, 'now', 'now')`);
      const count = db.prepare(
        `INSERT INTO member_count (id, branch_id, year, count, created_at, updated_at) VALUES (?, ?, 2013, ?, 'now', 'now')`,
      );
      for (let index = 0; index < members; index += 1) {
        const placeId = crypto.randomUUID();
        const branchId = crypto.randomUUID();
        place.run(placeId, `Ort ${index}`, 55 + (index % 100) * 0.12, 5 + Math.floor(index / 100) * 4 + (index % 7) * 0.3);
        membership.run(crypto.randomUUID(), chainId, placeId, 1946 + (index % 70));
        branch.run(branchId, placeId, `Avdelning ${index}`);
        count.run(crypto.randomUUID(), branchId, index % 13 === 0 ? null : 10 + (index % 400));
      }
    },
  });
}

if (runs('exchange')) {
  const csvPath = join(work, 'rows.csv');
  writeFileSync(csvPath, csvOfRows(ROWS, 'Ort'));
  let imported: DocumentContext | null = null;
  const importPhases = { read: [] as number[], check: [] as number[], write: [] as number[], cpu: [] as number[] };
  await measure(`import ${rowsText} rows (read, check, write)`, 5000, async (index) => {
    const document = await oneChainDocument(join(work, `import-${index}.vanort`));
    const ctx = context(document.db);
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const table = await readTable(csvPath);
    const read = performance.now();
    const preview = previewImport(ctx, table);
    const checked = performance.now();
    applyImport(ctx, listChains(ctx)[0]!.id, preview, { countYear: 2013 });
    importPhases.read.push(read - started);
    importPhases.check.push(checked - read);
    importPhases.write.push(performance.now() - checked);
    const used = process.cpuUsage(cpuStarted);
    importPhases.cpu.push((used.user + used.system) / 1000);
    if (imported) imported.db.close();
    imported = ctx;
    return performance.now() - started;
  });
  results[results.length - 1]!.cpuMedian = median(importPhases.cpu);
  console.log(`${''.padEnd(64)} (CPU of the import itself: ${median(importPhases.cpu).toFixed(0)} ms)`);
  record('  of which reading the CSV', importPhases.read, null);
  record('  of which checking every row (preview)', importPhases.check, null);
  record('  of which writing (one transaction, one undo step)', importPhases.write, null);
  await measure(
    `export ${rowsText} members to CSV`,
    3000,
    () => {
      writeFileSync(join(work, 'out.csv'), tableToCsv(exportTables(imported!, { t: sv })[0]!, ';'));
    },
    { cpu: true },
  );
  await measure(
    `export ${rowsText} members to XLSX`,
    3000,
    async () => {
      writeFileSync(join(work, 'out.xlsx'), await tablesToXlsx(exportTables(imported!, { t: sv })));
    },
    { cpu: true },
  );
  (imported as DocumentContext | null)?.db.close();
}

// ---------------------------------------------------------------------------------------------
// Issue 13: sharing (tests/bench/sharing.ts). Alone, it needs neither Chromium nor the European document.
if (runs('sharing')) await benchSharing({ work, runs: RUNS, importRows: ROWS, measure, record });

// Issue 14: map rendering side by side (tests/bench/map-rendering.ts), with a Chromium of its own
// and small documents of its own: alone, it needs neither the European document nor the rest.
if (runs('map-rendering')) await benchMapRendering({ work, runs: RUNS, record });

function writeFigures(): void {
  mkdirSync('test-results', { recursive: true });
  writeFileSync(
    'test-results/bench.json',
    JSON.stringify({ at: new Date().toISOString(), runs: RUNS, scale: SCALE, europeanDocument: scaled(SCALE), results }, null, 2),
  );
  rmSync(work, { recursive: true, force: true });
  console.log('Figures written to test-results/bench.json');
}
if (ONLY && [...ONLY].every((part) => part === 'sharing' || part === 'map-rendering')) {
  writeFigures();
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// The report, printed by Chromium; split into Chromium's start, the page and the PDF.
if (runs('report'))
  await measure('Chromium start (launch, new page), for comparison', null, async () => {
    const started = performance.now();
    const session = await openBrowser();
    const took = performance.now() - started;
    await session.close();
    return took;
  });

const browser = await openBrowser();
// tsx names the functions handed to page.evaluate with a helper (__name) the page lacks.
await browser.context.addInitScript('window.__name = (target) => target;');

async function apiCall<T>(host: Host, method: string, input: object): Promise<T> {
  const response = await fetch(`${host.url}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const result = (await response.json()) as { ok: boolean; value: T; error?: unknown };
  if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result.error)}`);
  return result.value;
}

async function measureReport(label: string, host: Host, chainId: string, target: number): Promise<void> {
  const page: number[] = [];
  const mounted: number[] = [];
  const pdf: number[] = [];
  // From the page's own clock (Navigation and Resource Timing): the scripts, and the API calls.
  const scripts: number[] = [];
  const basemap: number[] = [];
  const lastCall: number[] = [];
  await measure(`report of ${label} (render and print PDF)`, target, async () => {
    await browser.page.goto('about:blank');
    const started = performance.now();
    await browser.page.goto(`${host.url}${reportHash({ chainId, year: 2013, language: 'sv' })}`);
    // The data (with the 5 MB basemap) has come and the report with its map is in the page ...
    await browser.page.locator('.leaflet-container').waitFor({ timeout: 120_000 });
    mounted.push(performance.now() - started);
    // ... and the report says it is ready to print.
    await browser.page.locator('body[data-report-ready="true"]').waitFor({ timeout: 120_000 });
    const ready = performance.now();
    const timing = await browser.page.evaluate(() => {
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const calls = resources.filter((entry) => entry.name.includes('/api/'));
      return {
        scripts: navigation.domContentLoadedEventEnd,
        basemap: resources.find((entry) => entry.name.endsWith('/generated/basemap.json'))?.responseEnd ?? 0,
        lastCall: Math.max(0, ...calls.map((entry) => entry.responseEnd)),
      };
    });
    scripts.push(timing.scripts);
    basemap.push(timing.basemap);
    lastCall.push(timing.lastCall);
    await browser.page.pdf({ format: 'A4', printBackground: true });
    page.push(ready - started);
    pdf.push(performance.now() - ready);
  });
  record('  page clock: scripts loaded (DOMContentLoaded)', scripts, null);
  record('  page clock: the basemap (5 MB) received', basemap, null);
  record('  page clock: the last API answer received', lastCall, null);
  record('  loading the page and its data, to the report shown', mounted, null);
  record('  loading and rendering the page, to "ready to print"', page, null);
  record('  printing the PDF', pdf, null);
}

for (const [label, members, target] of runs('report')
  ? ([
      ['the demo chain', 0, 2000],
      ['a 500-member chain', 500, 10000],
    ] as const)
  : []) {
  const dbPath = join(work, `report-${members}.vanort`);
  if (members > 0) (await oneChainDocument(dbPath, members)).close();
  const host = await startHost({ dbPath, settingsPath: join(work, 'settings.json') });
  const chains = await apiCall<Array<{ id: string }>>(host, 'chains.list', {});
  await measureReport(label, host, chains[0]!.id, target);
  await browser.page.goto('about:blank');
  await host.close();
}

// ---------------------------------------------------------------------------------------------
// Issue 6: the document at European scale.
const scale = scaled(SCALE);
const europeV4 = join(work, 'europe-v4.vanort');
const migrationsV4 = join(work, 'migrations-v4');
mkdirSync(migrationsV4);
for (const migration of loadMigrations().filter((item) => item.version <= 4))
  writeFileSync(join(migrationsV4, migration.name), migration.sql);
// Generated once: the figure is for information (and shows the generator is quick enough to use).
const generateStarted = performance.now();
let generated: ReturnType<typeof fillDocument> | null = null;
(
  await createDocument(europeV4, {
    migrationsDir: migrationsV4,
    seed: (db) => {
      generated = fillDocument(db, scale);
    },
  })
).close();
record(
  `generate the European document (${scale.memberCounts.toLocaleString('en')} counts), once`,
  [performance.now() - generateStarted],
  null,
);
const { chainIds: generatedChains, largestChainSize } = generated!;

const europe = join(work, 'europe.vanort');
if (!runs('open')) {
  copyFileSync(europeV4, europe);
  (await openDocument(europe)).close();
} else
  await measure('open and migrate it from schema 4 (checks, backup, migration)', 10000, async () => {
    rmSync(join(work, 'europe.backups'), { recursive: true, force: true });
    for (const suffix of ['', '-wal', '-shm']) rmSync(europe + suffix, { force: true });
    copyFileSync(europeV4, europe);
    const started = performance.now();
    const document = await openDocument(europe);
    const took = performance.now() - started;
    if (document.migratedFrom !== 4) throw new Error(`expected a migration from 4, got ${document.migratedFrom}`);
    document.close();
    return took;
  });
rmSync(europeV4, { force: true });
rmSync(join(work, 'europe.backups'), { recursive: true, force: true });
if (runs('open'))
  await measure('open it (checks: header, quick_check, version, schema, lengths)', 2000, async () => {
    const started = performance.now();
    const document = await openDocument(europe);
    const took = performance.now() - started;
    document.close();
    return took;
  });

const host = await startHost({ dbPath: europe, settingsPath: join(work, 'settings-europe.json') });
const largest = generatedChains[0]!;
const typical = generatedChains[Math.floor(generatedChains.length / 2)]!;
const timedCall = async (method: string, input: object) => {
  const started = performance.now();
  await apiCall(host, method, input);
  return performance.now() - started;
};
console.log(
  `(the largest chain has ${largestChainSize} memberships; a typical one ${Math.round(scale.memberships / scale.chains)})`,
);
if (runs('api')) {
  await measure('table and map: members.list, largest chain, latest state', 50, () =>
    timedCall('members.list', { chainId: largest }),
  );
  await measure('table and map: members.list, typical chain', 50, () => timedCall('members.list', { chainId: typical }));
  await measure('year slider: members.list at 1980, largest chain', 50, (index) =>
    timedCall('members.list', { chainId: largest, year: 1980 + index }),
  );
  await measure('chain picker: chains.list (all chains and their sizes)', 200, () => timedCall('chains.list', {}));
  await measure('history panel: chains.history, largest chain', 100, () => timedCall('chains.history', { chainId: largest }));
  await measure('counts chart: chains.countSeries, largest chain', 200, () =>
    timedCall('chains.countSeries', { chainId: largest }),
  );
}

// The UI in Chromium on the European document: the app opens on the first (largest) chain.
const page: Page = browser.page;
const expectedSymbols = await apiCall<{ members: Array<{ latitude: number | null }> }>(host, 'members.list', {
  chainId: largest,
}).then((data) => data.members.filter((member) => member.latitude !== null).length);
if (runs('ui')) {
  await measure(`map first render: page load to ${expectedSymbols} member symbols drawn`, 3000, async () => {
    await page.goto('about:blank');
    await page.goto(host.url);
    return page.evaluate(
      (count) =>
        new Promise<number>((resolve) => {
          const check = () => {
            // The members drawn, on their own or as one of a group's (MapView's data-drawn-count).
            const drawn = Number(document.querySelector('figure.map-figure')?.getAttribute('data-drawn-count') ?? 0);
            if (drawn >= count && document.querySelector('.members-table caption')) {
              requestAnimationFrame(() => resolve(performance.now()));
            } else requestAnimationFrame(check);
          };
          check();
        }),
      expectedSymbols,
    );
  });

  /**
   * Presses a key; returns the time from the key press to the frame that shows `year`, and to the
   * end of the members.list answer (Resource Timing): the rest is the page's own work and frames.
   */
  async function sliderStep(key: 'ArrowLeft' | 'ArrowRight', year: number): Promise<{ total: number; answer: number }> {
    await page.evaluate((wanted) => {
      const state = window as unknown as { benchStep?: Promise<{ total: number; answer: number }> };
      performance.clearResourceTimings();
      state.benchStep = new Promise((resolve) => {
        let pressed = 0;
        document.addEventListener('keydown', () => (pressed = performance.now()), { capture: true, once: true });
        const check = () => {
          const caption = document.querySelector('.members-table caption')?.textContent ?? '';
          const map = document.querySelector('figure.map-figure')?.getAttribute('aria-label') ?? '';
          if (pressed > 0 && caption.endsWith(`, ${wanted}`) && map.endsWith(`, ${wanted}`)) {
            requestAnimationFrame(() => {
              const calls = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((entry) =>
                entry.name.includes('/api/'),
              );
              resolve({
                total: performance.now() - pressed,
                answer: Math.max(0, ...calls.map((entry) => entry.responseEnd)) - pressed,
              });
            });
          } else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
    }, year);
    await page.keyboard.press(key);
    return page.evaluate(() => (window as unknown as { benchStep: Promise<{ total: number; answer: number }> }).benchStep);
  }

  /** Steps the slider back a year at a time, and records each step's time. */
  async function sliderSteps(label: string): Promise<void> {
    const slider = page.locator('.year-slider input[type="range"]');
    await slider.focus();
    let shownYear = Number(await slider.inputValue());
    const stepRuns: number[] = [];
    const answerRuns: number[] = [];
    for (let index = 0; index < Math.max(5, RUNS * 3); index += 1) {
      shownYear -= 1;
      const step = await sliderStep('ArrowLeft', shownYear);
      stepRuns.push(step.total);
      answerRuns.push(step.answer);
    }
    record(`year slider: one step in the UI (key press to table and map shown), ${label}`, stepRuns, 50);
    record('  of which until the API answered (members.list only)', answerRuns, null);
  }
  await sliderSteps(`largest chain (${largestChainSize} members)`);

  const mapElement = page.locator('.map.leaflet-container, .map .leaflet-container').first();
  const panFrames: number[] = [];
  const zoomFrames: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    await mapElement.focus();
    panFrames.push(
      ...(await frameTimes(page, async () => {
        for (const key of ['ArrowRight', 'ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowLeft', 'ArrowUp']) {
          await page.keyboard.press(key);
          await page.waitForTimeout(120);
        }
      })),
    );
    zoomFrames.push(
      ...(await frameTimes(page, async () => {
        for (const key of ['+', '-']) {
          await page.keyboard.press(key);
          await page.waitForTimeout(400);
        }
      })),
    );
  }
  record('map pan (arrow keys): median frame', [percentile(panFrames, 0.5)], 17);
  record('map pan (arrow keys): 95th percentile frame', [percentile(panFrames, 0.95)], 50);
  record('map zoom (+ and -): median frame', [percentile(zoomFrames, 0.5)], 17);
  record('map zoom (+ and -): 95th percentile frame', [percentile(zoomFrames, 0.95)], 50);

  // A typical chain (chosen in the chain picker, as a user would).
  const typicalSize = (await apiCall<{ members: unknown[] }>(host, 'members.list', { chainId: typical })).members.length;
  await page.locator('.app-header select').first().selectOption(typical);
  await page.waitForFunction((count) => document.querySelectorAll('.members-table tbody tr').length >= count, typicalSize);
  await sliderSteps(`typical chain (${typicalSize} members)`);
}

if (runs('report')) await measureReport(`the largest European chain (${largestChainSize} members)`, host, largest, 10000);
await page.goto('about:blank');

// Import into the big document (new places: checked against 50,000 places, then written).
if (runs('exchange')) {
  const importRows = Math.max(100, Math.round(10_000 * SCALE));
  const europeCsv = join(work, 'europe-rows.csv');
  writeFileSync(europeCsv, csvOfRows(importRows, 'Ny ort'));
  // Through the host, as the window does it: the file to the data worker, checked, then written.
  const content = { fileName: 'europe-rows.csv', contentBase64: readFileSync(europeCsv).toString('base64') };
  await measure(`import ${importRows.toLocaleString('en')} rows into the European document`, 5000, async () => {
    const started = performance.now();
    await apiCall(host, 'import.preview', content);
    await apiCall(host, 'import.apply', { ...content, chainId: typical, countYear: 2013 });
    const took = performance.now() - started;
    await apiCall(host, 'undo.undo', {});
    return took;
  });
  // The worker holds the document's lock: a second connection here reads it, as an export does.
  const reader = await openDocument(host.documents.path!);
  try {
    const ctx = { db: reader.db, readOnly: true, device: 'bench', now: () => new Date().toISOString() };
    await measure('export the largest European chain to XLSX', 3000, async () => {
      await tablesToXlsx(exportTables(ctx, { chainId: largest, t: sv }));
    });
  } finally {
    reader.close();
  }
}
await host.close();

// Memory: the browser host in a process of its own (npm run web, as the app's main process holds
// the router and the document), after the page has shown the largest chain and stepped the slider.
if (runs('memory')) {
  const hostProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'electron/transport/web-host-cli.ts',
      '--db',
      europe,
      '--port',
      '5730',
      '--settings',
      join(work, 'settings-web.json'),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // Stopped with the bench, also if the bench stops early.
  process.once('exit', () => hostProcess.kill('SIGTERM'));
  const webUrl = await new Promise<string>((resolve, reject) => {
    hostProcess.stdout.on('data', (chunk: Buffer) => {
      const served = /served at (\S+)/.exec(String(chunk));
      if (served) resolve(served[1]!);
    });
    hostProcess.once('exit', (code) => reject(new Error(`npm run web stopped (${code})`)));
  });
  await page.goto(webUrl);
  await page.waitForFunction(
    (count) => Number(document.querySelector('figure.map-figure')?.getAttribute('data-drawn-count') ?? 0) >= count,
    expectedSymbols,
    {
      timeout: 120_000,
    },
  );
  await page.locator('.year-slider input[type="range"]').focus();
  for (let step = 0; step < 5; step += 1) {
    await page.keyboard.press('ArrowLeft');
    await page.waitForTimeout(1500);
  }
  const residentKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${hostProcess.pid}/status`, 'utf8'))?.[1] ?? NaN);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  // What the page keeps, not garbage it has not collected yet.
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  record(
    `resident memory of the host process (npm run web, ${largestChainSize}-member chain shown)`,
    [residentKb / 1024],
    500,
    'MB',
  );
  record(
    'JavaScript heap used by the page, after garbage collection',
    [metrics.find((metric) => metric.name === 'JSHeapUsedSize')!.value / 2 ** 20],
    150,
    'MB',
  );
  await cdp.detach();
  hostProcess.kill('SIGTERM');
  await new Promise((done) => hostProcess.once('exit', done));
}
await browser.close();

// The gazetteer: an indexed SQLite file opened read-only on first use (the add-member dialog's
// search, an import's lookups), then queried. Figures of issue 12: registers of real names.
if (runs('gazetteer')) {
  const registerFile = (rows: number) => {
    const path = join(work, `register-${rows}.csv`);
    writeFileSync(path, realNamesSheet(rows));
    return { fileName: 'register.csv', bytes: readFileSync(path), path };
  };
  const small = registerFile(360);
  const large = registerFile(20_000);
  const timed = (gazetteer: Gazetteer) => {
    // The time spent in the gazetteer's lookups, to tell it from the rest of the check.
    const named = gazetteer.named.bind(gazetteer);
    const spent = { ms: 0, calls: 0 };
    gazetteer.named = (text: string) => {
      const started = performance.now();
      const hits = named(text);
      spent.ms += performance.now() - started;
      spent.calls += 1;
      return hits;
    };
    return spent;
  };
  const lookups: number[] = [];
  let lookupCalls = 0;
  await measure(
    'real names: preview of 360 rows, with the first open of the gazetteer',
    2000,
    async (index) => {
      const document = await oneChainDocument(join(work, `register-small-${index}.vanort`));
      const started = performance.now();
      const gazetteer = Gazetteer.open(GAZETTEER_PATH);
      const spent = timed(gazetteer);
      await previewImportFile(context(document.db), small, { gazetteer });
      const took = performance.now() - started;
      lookups.push(spent.ms);
      lookupCalls = spent.calls;
      gazetteer.close();
      document.close();
      return took;
    },
    { cpu: true },
  );
  record(`  of which gazetteer lookups (${lookupCalls} names)`, lookups, null);
  const gazetteer = Gazetteer.open(GAZETTEER_PATH);
  const largeLookups: number[] = [];
  await measure(
    'real names: preview of 20,000 rows',
    10000,
    async (index) => {
      const document = await oneChainDocument(join(work, `register-large-${index}.vanort`));
      const spent = timed(gazetteer);
      const started = performance.now();
      await previewImportFile(context(document.db), large, { gazetteer });
      const took = performance.now() - started;
      largeLookups.push(spent.ms);
      lookupCalls = spent.calls;
      document.close();
      return took;
    },
    { cpu: true },
  );
  record(`  of which gazetteer lookups (${lookupCalls} names)`, largeLookups, null);
  // The whole import, with its two parts: the check (as the preview) and the write.
  const importParts = { check: [] as number[], write: [] as number[] };
  await measure(
    'real names: import of 20,000 rows (check, then write the rows without problems)',
    null,
    async (index) => {
      const document = await oneChainDocument(join(work, `register-write-${index}.vanort`));
      const ctx = context(document.db);
      const started = performance.now();
      const preview = previewImport(ctx, await readTable(large.path), { gazetteer });
      const checked = performance.now();
      const excludeRows = preview.rows.filter((row) => row.problems.length > 0).map((row) => row.rowNumber);
      applyImport(ctx, listChains(ctx)[0]!.id, preview, { countYear: 2013, gazetteer, excludeRows });
      importParts.check.push(checked - started);
      importParts.write.push(performance.now() - checked);
      document.close();
      return performance.now() - started;
    },
    { cpu: true },
  );
  record('  of which the check (check.ts: previewImport)', importParts.check, null);
  record('  of which the write (apply.ts: applyImport)', importParts.write, null);

  await measure('gazetteer: first search in a cold index (open the file, search "Vänersborg")', 50, () => {
    const started = performance.now();
    const cold = Gazetteer.open(GAZETTEER_PATH);
    cold.search('Vänersborg', 8);
    const took = performance.now() - started;
    cold.close();
    return took;
  });
  // Typing names letter by letter, as the add-member dialog asks at each key press (8 hits).
  const typed = ['Vänersborg', 'Kangasala', 'Siglufjordur', 'Göteborg', 'Abo', 'Sankt Petersburg', 'Reykjavik', 'Tórshavn'];
  const keystrokes: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const fresh = Gazetteer.open(GAZETTEER_PATH);
    for (const name of typed)
      for (let length = 1; length <= name.length; length += 1) {
        const started = performance.now();
        fresh.search(name.slice(0, length), 8);
        keystrokes.push(performance.now() - started);
      }
    fresh.close();
  }
  const sorted = [...keystrokes].sort((a, b) => a - b);
  record(`gazetteer: one keystroke (${keystrokes.length} as typed), median`, [median(keystrokes)], 10);
  record('gazetteer: one keystroke, 95th percentile', [sorted[Math.floor(sorted.length * 0.95)]!], 10);
  record('gazetteer: one keystroke, slowest', [sorted[sorted.length - 1]!], null);

  // Memory of a process that holds the gazetteer as the data worker does (its own process, so
  // that nothing else of the bench is counted): after the first search, and after an import.
  const memoryOf = () =>
    new Promise<{ before: Memory; searched: Memory; imported: Memory }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'tests/bench/gazetteer-memory.ts', small.path], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += String(chunk)));
      child.once('exit', (code) =>
        code === 0 ? resolve(JSON.parse(output)) : reject(new Error(`memory bench stopped (${code})`)),
      );
    });
  interface Memory {
    rssMb: number;
    heapMb: number;
  }
  {
    const { before, searched, imported } = await memoryOf();
    record('gazetteer: process RSS before it is opened', [before.rssMb], null, 'MB');
    record('gazetteer: process RSS after the first search', [searched.rssMb], null, 'MB');
    record('gazetteer: process RSS after an import of 360 real names', [imported.rssMb], null, 'MB');
    record('gazetteer: JavaScript heap after the first search', [searched.heapMb], null, 'MB');
    record('gazetteer: JavaScript heap after the import', [imported.heapMb], 200, 'MB');
  }

  // Issue 11: 2,000 names without coordinates took 72 s, each name a scan of every place.
  const sheets = [
    ['2,000 unknown names', unknownPlaceRows(2_000)],
    ['2,000 real names', realPlaceRows(gazetteerLines(), 2_000).rows],
  ] as const;
  for (const [label, rows] of sheets) {
    const csvPath = join(work, 'names.csv');
    writeFileSync(csvPath, namesSheet(rows));
    await measure(
      `import of ${label}, no coordinates (preview, write)`,
      5000,
      async (index) => {
        const document = await oneChainDocument(join(work, `names-${label.length}-${index}.vanort`));
        const ctx = context(document.db);
        const preview = previewImport(ctx, await readTable(csvPath), { gazetteer });
        const excludeRows = preview.rows.filter((row) => row.problems.length > 0).map((row) => row.rowNumber);
        applyImport(ctx, listChains(ctx)[0]!.id, preview, { countYear: 2013, gazetteer, excludeRows });
        document.close();
      },
      { cpu: true },
    );
  }
  gazetteer.close();
}

writeFigures();
