/**
 * A second process for the fault tests: it opens a document through the app's own open code and
 * router and does what its mode says, reporting each step as one JSON line on stdout (written
 * synchronously, so a line is out before the process is killed).
 *
 *   node --import tsx tests/helpers/fault-child.ts <mode> <path> [settingsDir]
 *
 * crash     commit edits, then start a big transaction, report it, and wait to be killed
 * hold      keep the document open (as a second app instance would) until stdin closes
 * serve     a second app instance the test drives: each stdin line {"id", "method", "input"} is
 *           called on its router and answered as step "answer-ID"; method "close" closes the
 *           document. ATLAS_TEST_LOCK_FOLDER gives it a machine-local lock folder of its own
 *           (another laptop, as far as that lock goes).
 * open      open each path given, report document.info and what an edit answers, and exit
 * disk-full (inside a small tmpfs) create a document, fill the disk, try a big edit, free space, edit again
 * io-error  (under ulimit -f) commit a small edit, try a big one, lift the limit, edit again
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Router } from '../../electron/router';
import { recordChanges } from '../../electron/services/change-log';
import { bigEvent, routerFor } from './documents';

const [mode, path, settingsDir = mkdtempSync(join(tmpdir(), 'atlas-child-'))] = process.argv.slice(2);

function report(message: Record<string, unknown>): void {
  writeSync(1, `${JSON.stringify(message)}\n`);
}

async function value<T = unknown>(router: Router, method: string, input: unknown = {}): Promise<T> {
  const result = await router.call(method, input);
  if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

interface Listed {
  chain: { id: string };
  year: number;
  members: Array<{ name: string; placeId: string; membershipId: string }>;
}

async function demoMembers(router: Router): Promise<Listed> {
  const chains = await value<Array<{ id: string; name: string }>>(router, 'chains.list');
  return value<Listed>(router, 'members.list', { chainId: chains[0]!.id });
}

async function main(): Promise<void> {
  if (!mode || !path) throw new Error('usage: fault-child.ts <mode> <path> [settingsDir]');

  if (mode === 'crash') {
    const { router, session } = await routerFor(settingsDir, path, false);
    const listed = await demoMembers(router);
    const byName = (name: string) => listed.members.find((member) => member.name === name)!;
    await value(router, 'members.setCount', { placeId: byName('Herning').placeId, year: listed.year, memberCount: 777 });
    await value(router, 'members.rename', { placeId: byName('Husby').placeId, name: 'Husby-Rekarne' });
    await value(router, 'undo.undo');
    report({ step: 'committed', pid: process.pid });
    // The big transaction: thousands of rows through the real change log, far more than SQLite's
    // page cache holds, so uncommitted pages are spilled into the -wal file before the kill.
    const ctx = session.context();
    recordChanges(ctx, (changes) => {
      for (let i = 0; ; i += 1) {
        changes.insert('event', { chain_id: listed.chain.id, date: '2021', title: `Interrupted ${i}`, body: 'x'.repeat(2000) });
        if (i === 3000) {
          report({ step: 'in-transaction', rows: i + 1 });
          // Wait here, inside the open transaction, until the parent kills this process.
          const cell = new Int32Array(new SharedArrayBuffer(4));
          for (;;) Atomics.wait(cell, 0, 0, 1000);
        }
      }
    });
    return;
  }

  if (mode === 'hold') {
    const { router, session } = await routerFor(settingsDir, path, false);
    report({ step: 'opened', info: await router.call('document.info', {}) });
    process.stdin.resume();
    process.stdin.on('end', () => {
      session.close();
      report({ step: 'closed' });
      process.exit(0);
    });
    return;
  }

  if (mode === 'serve') {
    const lockFolder = process.env.ATLAS_TEST_LOCK_FOLDER;
    const { router, session } = await routerFor(settingsDir, path, false, lockFolder ? { lockFolder } : {});
    report({ step: 'opened', pid: process.pid, info: await router.call('document.info', {}) });
    for await (const line of createInterface({ input: process.stdin })) {
      const { id, method, input } = JSON.parse(line) as { id: number; method: string; input?: unknown };
      if (method === 'close') session.close();
      report({ step: `answer-${id}`, result: method === 'close' ? null : await router.call(method, input ?? {}) });
    }
    session.close();
    report({ step: 'closed' });
    process.exit(0);
  }

  if (mode === 'open') {
    // Every argument is a document to open in turn (one process start for several cases).
    const results: unknown[] = [];
    for (const documentPath of process.argv.slice(3)) {
      const { router, session } = await routerFor(mkdtempSync(join(tmpdir(), 'atlas-child-')), documentPath, false);
      const info = await router.call('document.info', {});
      let members: unknown = null;
      let edit: unknown = null;
      let undo: unknown = null;
      let status: unknown = null;
      if (info.ok) {
        const listed = await demoMembers(router);
        members = listed.members.map((member) => member.name);
        const herning = listed.members.find((member) => member.name === 'Herning')!;
        edit = await router.call('members.setCount', { placeId: herning.placeId, year: listed.year, memberCount: 1 });
        undo = await router.call('undo.undo', {});
        status = await router.call('undo.state', {});
      }
      session.close();
      results.push({ info, members, edit, undo, status });
    }
    report({ step: 'done', results });
    return;
  }

  if (mode === 'disk-full') {
    // `path` is the mount point of a small tmpfs made for this process alone.
    const documentPath = join(path, 'chain.vanort');
    const { router, session } = await routerFor(settingsDir, documentPath, true);
    const listed = await demoMembers(router);
    const herning = listed.members.find((member) => member.name === 'Herning')!;
    await value(router, 'members.setCount', { placeId: herning.placeId, year: listed.year, memberCount: 555 });
    const db = session.context().db;
    // Every new WAL frame must now take new space on the disk.
    db.pragma('wal_checkpoint(TRUNCATE)');
    const counts = () =>
      db.prepare(`SELECT (SELECT COUNT(*) FROM event) AS events, (SELECT COUNT(*) FROM change_log) AS changes`).get();
    const before = counts();
    const filler = join(path, 'filler');
    const fd = openSync(filler, 'w');
    const chunk = Buffer.alloc(4096, 1);
    let filled = 0;
    try {
      for (;;) filled += writeSync(fd, chunk);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    } finally {
      closeSync(fd);
    }
    const full = await router.call('records.add', bigEvent(listed.chain.id, 'Written on a full disk'));
    const afterFailure = counts();
    const integrityWhileFull = db.pragma('integrity_check', { simple: true });
    const herningWhileFull = (await demoMembers(router)).members.find((member) => member.name === 'Herning');
    rmSync(filler);
    const freed = await router.call('records.add', bigEvent(listed.chain.id, 'Written after space was freed'));
    const afterFreed = counts();
    const titles = db
      .prepare(`SELECT title FROM event WHERE title LIKE 'Written%' AND deleted_at IS NULL ORDER BY title`)
      .pluck()
      .all();
    const integrity = db.pragma('integrity_check', { simple: true });
    session.close();
    // Opened again through the app's open path (quick_check, lock, WAL) on the same small disk.
    const reopened = await routerFor(settingsDir, documentPath, false);
    const again = await demoMembers(reopened.router);
    reopened.session.close();
    report({
      step: 'done',
      filled,
      full,
      before,
      afterFailure,
      integrityWhileFull,
      afterFreed,
      freed,
      titles,
      integrity,
      herningWhileFull: (herningWhileFull as { memberCount?: number } | undefined)?.memberCount ?? null,
      herningReopened:
        (again.members.find((member) => member.name === 'Herning') as { memberCount?: number } | undefined)?.memberCount ?? null,
    });
    return;
  }

  if (mode === 'io-error') {
    const { router, session } = await routerFor(settingsDir, path, false);
    const listed = await demoMembers(router);
    const herning = listed.members.find((member) => member.name === 'Herning')!;
    const small = await router.call('members.setCount', { placeId: herning.placeId, year: listed.year, memberCount: 444 });
    const db = session.context().db;
    const counts = () =>
      db.prepare(`SELECT (SELECT COUNT(*) FROM event) AS events, (SELECT COUNT(*) FROM change_log) AS changes`).get();
    const before = counts();
    const failures: unknown[] = [];
    // Big edits until one no longer fits under the file size limit.
    for (let i = 0; i < 50; i += 1) {
      const result = await router.call('records.add', bigEvent(listed.chain.id, `Over the limit ${i}`));
      if (!result.ok) {
        failures.push(result.error);
        break;
      }
    }
    const afterFailure = counts();
    const stored = db.prepare(`SELECT COUNT(*) FROM event WHERE title LIKE 'Over the limit%'`).pluck().get();
    // "Space is freed": the limit is lifted for this very process, which goes on.
    execFileSync('prlimit', ['--pid', String(process.pid), '--fsize=unlimited']);
    const freed = await router.call('records.add', bigEvent(listed.chain.id, 'Written after the limit was lifted'));
    const integrity = db.pragma('integrity_check', { simple: true });
    session.close();
    report({ step: 'done', small, before, failures, afterFailure, stored, freed, integrity });
    return;
  }

  throw new Error(`unknown mode ${mode}`);
}

main().catch((error: unknown) => {
  report({ step: 'error', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
