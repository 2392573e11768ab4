/**
 * Issue 13's figures (npm run bench, BENCH_ONLY=sharing): sharing turned on, the overhead of one
 * edit, merging an exchange file of 50 edits, and an import of 100,000 rows into a shared
 * document. Everything goes through the router and DocumentSession on real files, as the app does
 * (tests/helpers/laptops.ts), and each shared figure is taken beside the same work on an unshared
 * copy in the same run, so that the machine's load weighs on both alike.
 */
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ChainMembers, ChainSummary } from '../../shared/contract';
import { createDocument } from '../../electron/db/open';
import { SHARED_IMPORT_MAX_ROWS } from '../../electron/services/importing/check';
import { engineKeys } from '../../electron/services/sync/engine';
import { csvOfRows } from '../helpers/sheets';
import { laptop, type Laptop } from '../helpers/laptops';
import { fillDocument } from './generate-document';
import { percentile } from './map-rendering';

type Unit = 'ms' | 'MB' | 'KB';

export interface BenchTools {
  work: string;
  runs: number;
  /** Rows of the 100,000-row import (BENCH_SCALE applied). */
  importRows: number;
  measure: (
    name: string,
    target: number | null,
    run: (index: number) => Promise<number | void> | number | void,
    options?: { cpu?: boolean },
  ) => Promise<void>;
  record: (name: string, runs: number[], target: number | null, unit?: Unit) => void;
}

/** Edits a run times on each copy, side by side (a single edit takes a few ms: one is noise). */
const EDITS_PER_RUN = 20;

const chunkBytes = (copy: Laptop) =>
  copy.session.context().db.prepare('SELECT coalesce(sum(length(data)), 0) FROM sync_chunk').pluck().get() as number;
const chunkCount = (copy: Laptop) => copy.session.context().db.prepare('SELECT count(*) FROM sync_chunk').pluck().get() as number;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export async function benchSharing({ work, runs, importRows, measure, record }: BenchTools): Promise<void> {
  const root = join(work, 'sharing');
  mkdirSync(root, { recursive: true });
  let copies = 0;
  /** A copy of a closed document, opened by a laptop of its own (its settings, its device id). */
  const openCopy = async (template: string, shared: boolean): Promise<Laptop> => {
    copies += 1;
    const path = join(root, `copy-${copies}.vanort`);
    copyFileSync(template, path);
    const copy = await laptop(root, `Bärbar ${copies}`, path, false);
    if (shared) await copy.call('sync.enable');
    return copy;
  };

  // The demo, and a chain of 500 members with 20 years of counts and its meetings.
  const demo = join(root, 'demo.vanort');
  (await laptop(root, 'Demo', demo, true)).session.close();
  const chain500 = join(root, 'chain-500.vanort');
  let made: ReturnType<typeof fillDocument> | null = null;
  (
    await createDocument(chain500, {
      seed: (db) => {
        made = fillDocument(db, { places: 500, chains: 1, memberships: 500, memberCounts: 10_000, largestChain: 500 });
      },
    })
  ).close();
  const { scale } = made!;
  const documents = [
    { label: 'the demo', path: demo, enableTarget: 300, editTarget: 10 },
    { label: 'a 500-member chain', path: chain500, enableTarget: 3000, editTarget: 30 },
  ] as const;
  console.log(
    `(the 500-member chain: ${scale.memberCounts.toLocaleString('en')} counts over 20 years, its meetings; ${EDITS_PER_RUN} edits a run on each copy)`,
  );

  for (const { label, path, enableTarget, editTarget } of documents) {
    // Turning sharing on: the first history, every field once, built and stored in one transaction.
    let fields = 0;
    let history = 0;
    await measure(
      `sharing turned on for ${label} (sync.enable)`,
      enableTarget,
      async () => {
        const copy = await openCopy(path, false);
        const took = await timed(() => copy.call('sync.enable'));
        fields = engineKeys(copy.session.context().sync!.current).length;
        history = chunkBytes(copy);
        copy.session.close();
        return took;
      },
      { cpu: true },
    );
    console.log(
      `${''.padEnd(64)} (${fields.toLocaleString('en')} engine fields, first history ${(history / 1024).toFixed(0)} KB)`,
    );

    // One edit as the window makes it (members.setCount through the router), on an unshared copy
    // and on a shared one, alternately, so that both see the same load.
    const plain = await openCopy(path, false);
    const shared = await openCopy(path, true);
    const chainId = (await plain.call<ChainSummary[]>('chains.list'))[0]!.id;
    const places = (await plain.call<ChainMembers>('members.list', { chainId })).members.map((member) => member.placeId);
    const times = { plain: [] as number[], shared: [] as number[], overhead: [] as number[], cpu: [] as number[] };
    let edit = 0;
    const setCount = (copy: Laptop, index: number) =>
      copy.call('members.setCount', {
        placeId: places[index % places.length]!,
        year: 2000 + (index % 14),
        memberCount: 100 + index,
      });
    for (let run = 0; run < runs; run += 1) {
      for (let step = 0; step < EDITS_PER_RUN; step += 1, edit += 1) {
        const order = edit % 2 === 0 ? [plain, shared] : [shared, plain];
        const took = new Map<Laptop, { wall: number; cpu: number }>();
        for (const copy of order) {
          const cpuStarted = process.cpuUsage();
          const wall = await timed(() => setCount(copy, edit));
          const cpu = process.cpuUsage(cpuStarted);
          took.set(copy, { wall, cpu: (cpu.user + cpu.system) / 1000 });
        }
        times.plain.push(took.get(plain)!.wall);
        times.shared.push(took.get(shared)!.wall);
        times.overhead.push(took.get(shared)!.wall - took.get(plain)!.wall);
        times.cpu.push(took.get(shared)!.cpu - took.get(plain)!.cpu);
      }
    }
    record(`one edit (members.setCount), unshared copy of ${label}`, times.plain, null);
    record(`one edit (members.setCount), shared copy of ${label}`, times.shared, null);
    record(`overhead of one edit, on ${label} (shared minus unshared)`, times.overhead, editTarget);
    record('  its CPU time (shared minus unshared)', times.cpu, null);
    record('  95th percentile of the overhead', [percentile(times.overhead, 0.95)], null);
    // Every 200th increment the engine folds its history into one chunk (engine.ts FOLD_AFTER):
    // that edit saves the whole history. Edited on until it happens, and timed.
    let folded: number | null = null;
    for (let more = 0; more < 250 && folded === null; more += 1, edit += 1) {
      const before = chunkCount(shared);
      const took = await timed(() => setCount(shared, edit));
      if (chunkCount(shared) < before) folded = took;
    }
    if (folded !== null) record('  the edit that folds the history into one chunk (every 200th)', [folded], null);
    plain.session.close();
    shared.session.close();
  }

  // An exchange file of 50 edits: A and B share the demo and have exchanged once (so A sends only
  // what B lacks); A then makes 50 edits (counts, renames, meetings) and sends them to B.
  const a = await openCopy(demo, true);
  const b = await openCopy(demo, true);
  const chainId = (await a.call<ChainSummary[]>('chains.list'))[0]!.id;
  const members = (await a.call<ChainMembers>('members.list', { chainId })).members;
  await b.call('members.setCount', { placeId: members[0]!.placeId, year: 2014, memberCount: 77 });
  const first = await b.call<{ fileName: string; contentBase64: string }>('sync.send', {});
  await a.call('sync.merge', { fileName: first.fileName, contentBase64: first.contentBase64 });
  for (let index = 0; index < 50; index += 1) {
    const member = members[index % members.length]!;
    if (index % 10 === 8) await a.call('members.rename', { placeId: member.placeId, name: `${member.name} ${index}` });
    else if (index % 10 === 9)
      await a.call('meetings.add', {
        chainId,
        meeting: {
          year: 2016 + Math.floor(index / 10),
          hostPlaceId: member.placeId,
          kind: 'annual_meeting',
          startDate: null,
          endDate: null,
          location: null,
          note: null,
        },
      });
    else await a.call('members.setCount', { placeId: member.placeId, year: 2010 + (index % 5), memberCount: 200 + index });
  }
  const sent = await a.call<{ fileName: string; contentBase64: string; bytes: number; changes: number }>('sync.send', {});
  const everything = await a.call<{ bytes: number; changes: number }>('sync.send', { all: true });
  a.session.close();
  const bTemplate = b.path;
  b.session.close();
  const file = { fileName: sent.fileName, contentBase64: sent.contentBase64 };
  const previews: number[] = [];
  const merges: number[] = [];
  let changed = 0;
  for (let run = 0; run < runs; run += 1) {
    const copy = await openCopy(bTemplate, false);
    previews.push(await timed(() => copy.call('sync.preview', file)));
    merges.push(await timed(async () => (changed = (await copy.call<{ changed: number }>('sync.merge', file)).changed)));
    copy.session.close();
  }
  record('merging an exchange file of 50 edits into the demo: preview', previews, 300);
  record(`  and apply (sync.merge; ${changed} fields changed)`, merges, 300);
  record(`size of that exchange file (${sent.changes} changes)`, [sent.bytes / 1024], 50, 'KB');
  record(`  that laptop's file with everything (${everything.changes} changes)`, [everything.bytes / 1024], null, 'KB');

  // An import of 100,000 rows into the demo's chain, shared and unshared, as the window sends it.
  // A shared document takes at most SHARED_IMPORT_MAX_ROWS rows an import (importing/apply.ts):
  // each row goes into the engine's history in the import's one change, whose cost grows faster
  // than its rows. Target at that limit: 30 s, a quarter of the data worker's 120 s limit for
  // import.apply (LONG_METHODS), so that a laptop four times slower still ends it. Over it, the
  // 100,000 rows: refused within 1 s, before anything is written.
  const importInto = async (shared: boolean, rowCount: number) => {
    const copy = await openCopy(demo, shared);
    const chain = (await copy.call<ChainSummary[]>('chains.list'))[0]!.id;
    const content = Buffer.from(csvOfRows(rowCount, 'Ny ort')).toString('base64');
    const input = { fileName: 'rows.csv', contentBase64: content, chainId: chain, countYear: 2013 };
    const bytesBefore = shared ? chunkBytes(copy) : 0;
    const cpuStarted = process.cpuUsage();
    // An import too big for the engine may fail (its WASM memory is 32-bit): that is a figure too.
    let failed: string | null = null;
    const took = await timed(() =>
      copy.call('import.apply', input).catch((error: unknown) => (failed = String((error as Error).message ?? error))),
    );
    const cpu = process.cpuUsage(cpuStarted);
    const history = shared ? chunkBytes(copy) - bytesBefore : 0;
    copy.session.close();
    return { took, failed, cpu: (cpu.user + cpu.system) / 1000, history, file: statSync(copy.path).size };
  };
  const mb = (bytes: number) => bytes / 2 ** 20;
  const steps = [importRows / 100, importRows / 10, importRows, SHARED_IMPORT_MAX_ROWS].map((n) => Math.max(100, Math.round(n)));
  for (const rowCount of [...new Set(steps)].sort((a, b) => a - b)) {
    const rows = rowCount.toLocaleString('en');
    const plain = await importInto(false, rowCount);
    const shared = await importInto(true, rowCount);
    const target = rowCount === importRows ? 5000 : null;
    record(`import of ${rows} rows (import.apply, one run), unshared demo`, [plain.took], target);
    if (rowCount > SHARED_IMPORT_MAX_ROWS) {
      const message = /"message":"([^"]+)"/.exec(String(shared.failed))?.[1] ?? String(shared.failed).slice(0, 60);
      record(`  into a shared demo: refused (${message})`, [shared.took], 1000);
      continue;
    }
    record(`  into a shared demo`, [shared.took], rowCount === SHARED_IMPORT_MAX_ROWS ? 30_000 : null);
    if (shared.failed) console.log(`${''.padEnd(64)} FAILED: ${String(shared.failed).slice(0, 300)}`);
    console.log(
      `${''.padEnd(64)} (CPU ${plain.cpu.toFixed(0)} ms unshared, ${shared.cpu.toFixed(0)} ms shared; RSS ${mb(process.memoryUsage().rss).toFixed(0)} MB)`,
    );
    record('  growth of the shared history (sync_chunk bytes)', [mb(shared.history)], null, 'MB');
    record('  file size after it, unshared', [mb(plain.file)], null, 'MB');
    record('  file size after it, shared', [mb(shared.file)], null, 'MB');
  }
}
