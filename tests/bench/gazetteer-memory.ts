/**
 * Run by tests/bench/run.ts in a process of its own (node --expose-gc), as the data worker holds
 * the gazetteer: the process's memory before, after the first search and after an import of a
 * register (preview and write), printed as one line of JSON. Argument: the register's CSV path.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { createDocument } from '../../electron/db/open';
import { listChains } from '../../electron/services/chains';
import { applyImportFile } from '../../electron/services/importing/apply';
import { Gazetteer } from '../../electron/services/gazetteer';
import { GAZETTEER_PATH } from '../helpers/gazetteer';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const memory = () => {
  gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { rssMb: rss / 2 ** 20, heapMb: heapUsed / 2 ** 20 };
};

const [csvPath] = process.argv.slice(2);
const before = memory();
const gazetteer = Gazetteer.open(GAZETTEER_PATH);
gazetteer.search('Vänersborg', 8);
const searched = memory();
const dir = mkdtempSync(join(tmpdir(), 'atlas-bench-memory-'));
const document = await createDocument(join(dir, 'register.vanort'), {
  seed: (db) =>
    db.prepare(`INSERT INTO chain (id, name, created_at, updated_at) VALUES (?, 'Kedjan', 'now', 'now')`).run('bench-chain'),
});
const ctx = { db: document.db, readOnly: false, device: 'bench', now: () => new Date().toISOString() };
await applyImportFile(
  ctx,
  listChains(ctx)[0]!.id,
  { fileName: 'register.csv', bytes: readFileSync(csvPath!) },
  { gazetteer, countYear: 2013, excludeRows: [], excludeRowsWithProblems: true },
);
const imported = memory();
document.close();
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ before, searched, imported }));
