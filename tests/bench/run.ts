/**
 * npm run bench: figures, not tests. Import and export of 100,000 rows, and the report of the demo
 * chain and of a 500-member chain printed by Chromium. Each figure is the median of several runs,
 * printed next to its target and written to test-results/bench.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDocument } from '../../electron/db/open';
import { listChains } from '../../electron/services/chains';
import type { DocumentContext } from '../../electron/services/context';
import { exportTables, tablesToXlsx, tableToCsv } from '../../electron/services/exchange';
import { applyImport, previewImport, readTable } from '../../electron/services/importing';
import { reportHash } from '../../shared/report/params';
import { openBrowser } from '../e2e/browser';
import { startHost } from '../e2e/host';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const work = mkdtempSync(join(tmpdir(), 'atlas-bench-'));
const results: Array<{ name: string; medianMs: number; targetMs: number; runs: number[] }> = [];

async function measure(name: string, targetMs: number, run: (index: number) => Promise<void> | void): Promise<void> {
  const runs: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const started = performance.now();
    await run(index);
    runs.push(performance.now() - started);
  }
  const sorted = [...runs].sort((a, b) => a - b);
  const medianMs = sorted[Math.floor(sorted.length / 2)]!;
  results.push({ name, medianMs, targetMs, runs });
  console.log(`${name.padEnd(44)} ${medianMs.toFixed(0).padStart(7)} ms   target < ${targetMs} ms   ${medianMs <= targetMs ? 'ok' : 'OVER'}`);
}

function chainDocument(path: string, members = 0) {
  return createDocument(path, {
    seed: (db) => {
      const chainId = crypto.randomUUID();
      db.prepare(`INSERT INTO chain (id, name, created_at, updated_at) VALUES (?, 'Benchkedjan', 'now', 'now')`).run(chainId);
      for (let index = 0; index < members; index += 1) {
        const placeId = crypto.randomUUID();
        const branchId = crypto.randomUUID();
        db.prepare(`INSERT INTO place (id, name, area_code, latitude, longitude, created_at, updated_at) VALUES (?, ?, 'SE', ?, ?, 'now', 'now')`)
          .run(placeId, `Ort ${index}`, 55 + (index % 100) * 0.12, 5 + Math.floor(index / 100) * 4 + (index % 7) * 0.3);
        db.prepare(`INSERT INTO membership (id, chain_id, place_id, joined_year, created_at, updated_at) VALUES (?, ?, ?, ?, 'now', 'now')`)
          .run(crypto.randomUUID(), chainId, placeId, 1946 + (index % 70));
        db.prepare(`INSERT INTO branch (id, place_id, name, created_at, updated_at) VALUES (?, ?, ?, 'now', 'now')`).run(branchId, placeId, `Avdelning ${index}`);
        db.prepare(`INSERT INTO member_count (id, branch_id, year, count, created_at, updated_at) VALUES (?, ?, 2013, ?, 'now', 'now')`)
          .run(crypto.randomUUID(), branchId, index % 13 === 0 ? null : 10 + (index % 400));
      }
    },
  });
}

const ROWS = 100_000;
const csvPath = join(work, 'rows.csv');
const lines = ['Vänort;Land;Kontaktår;Medlemsantal;Latitud;Longitud'];
for (let index = 0; index < ROWS; index += 1) {
  lines.push(`Ort ${index};Sverige;${1946 + (index % 70)};${index % 11 === 0 ? 'Uppgift saknas' : 5 + (index % 500)};${(55 + (index % 1000) * 0.01).toFixed(4)};${(10 + Math.floor(index / 1000) * 0.1).toFixed(4)}`);
}
writeFileSync(csvPath, `\uFEFF${lines.join('\r\n')}\r\n`);

let imported: DocumentContext | null = null;
await measure(`import ${ROWS.toLocaleString('en')} rows (read, check, write)`, 5000, async (index) => {
  const document = await chainDocument(join(work, `import-${index}.vanort`));
  const ctx: DocumentContext = { db: document.db, readOnly: false, device: 'bench', now: () => new Date().toISOString() };
  const preview = previewImport(ctx, await readTable(csvPath));
  applyImport(ctx, listChains(ctx)[0]!.id, preview, { countYear: 2013 });
  imported = ctx;
});
await measure(`export ${ROWS.toLocaleString('en')} members to CSV`, 3000, () => {
  writeFileSync(join(work, 'out.csv'), tableToCsv(exportTables(imported!, { language: 'sv' })[0]!, ';'));
});
await measure(`export ${ROWS.toLocaleString('en')} members to XLSX`, 3000, async () => {
  writeFileSync(join(work, 'out.xlsx'), await tablesToXlsx(exportTables(imported!, { language: 'sv' })));
});

const browser = await openBrowser();
for (const [label, members, target] of [['demo chain', 0, 2000], ['500-member chain', 500, 10000]] as const) {
  const dbPath = join(work, `report-${members}.vanort`);
  if (members > 0) (await chainDocument(dbPath, members)).close();
  const host = await startHost({ dbPath, settingsPath: join(work, 'settings.json') });
  const chains = (await (await fetch(`${host.url}api/chains.list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { value: Array<{ id: string }> };
  await measure(`report of the ${label} (render and print PDF)`, target, async () => {
    await browser.page.goto('about:blank');
    await browser.page.goto(`${host.url}${reportHash({ chainId: chains.value[0]!.id, year: 2013, language: 'sv' })}`);
    await browser.page.locator('body[data-report-ready="true"]').waitFor({ timeout: 60_000 });
    await browser.page.pdf({ format: 'A4', printBackground: true });
  });
  await browser.page.goto('about:blank');
  await host.close();
}
await browser.close();

mkdirSync('test-results', { recursive: true });
writeFileSync('test-results/bench.json', JSON.stringify({ at: new Date().toISOString(), runs: RUNS, results }, null, 2));
rmSync(work, { recursive: true, force: true });
console.log('Figures written to test-results/bench.json');
