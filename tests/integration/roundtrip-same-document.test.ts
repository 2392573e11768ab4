import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportChainToFile } from '../../electron/services/exporting';
import { createI18n } from '../../shared/i18n';
import { routerFor } from '../helpers/documents';
import {
  call,
  importThroughRouter,
  makeHostileChain,
  memberFacts,
  ROUND_TRIP_FORMATS,
  storedRows,
  type ImportOutcome,
  type MemberFacts,
} from '../helpers/roundtrip';

/**
 * Export → import into a copy of the same document adds nothing and changes nothing, for every
 * format: no row of the document is touched, the change log gets no entry (so no empty undo
 * step), and every member's facts are as they were. The chain has hostile names, former members,
 * a count not reported, a member with no count and places with a GeoNames id.
 */
let dir: string;
let copyPath: (file: string) => string;
let chainId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-roundtrip-same-'));
  const source = await routerFor(dir, join(dir, 'source.vanort'));
  chainId = await makeHostileChain(source.router, source.session.context().db);
  const t = (await createI18n('en')).t;
  copyPath = (file) => join(dir, `copy-${file}.vanort`);
  for (const { format, delimiter, file } of ROUND_TRIP_FORMATS) {
    await exportChainToFile(source.session.context(), { chainId, format, delimiter, t, path: join(dir, file) });
    // File > Save a copy as…: the copy has the same chain, places and members, with the same ids.
    await source.session.saveCopy(copyPath(file));
  }
  source.session.close();
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(ROUND_TRIP_FORMATS)('export → import into a copy of the same document: $label', ({ file }) => {
  let before: { rows: Record<string, unknown[]>; changes: number; facts: MemberFacts[]; undo: unknown };
  let after: typeof before;
  let outcome: ImportOutcome;

  beforeAll(async () => {
    const copy = await routerFor(dir, copyPath(file), false);
    const db = copy.session.context().db;
    const state = async () => ({
      rows: storedRows(db),
      changes: db.prepare('SELECT COUNT(*) FROM change_log').pluck().get() as number,
      facts: memberFacts(db, chainId),
      undo: await call(copy.router, 'undo.state'),
    });
    before = await state();
    outcome = await importThroughRouter(copy.router, chainId, join(dir, file));
    after = await state();
    copy.session.close();
  }, 60_000);

  it('every row is read without a problem, and the import adds no member', () => {
    expect(outcome.problems).toEqual([]);
    expect(outcome.error).toBeNull();
    expect(outcome.answer?.added).toBe(0);
    expect(after.facts.length).toBe(before.facts.length);
  });

  it('every member’s facts are as before', () => {
    expect(after.facts).toEqual(before.facts);
  });

  it('no row is touched and the change log gets no entry', () => {
    expect(after.changes).toBe(before.changes);
    expect(after.undo).toEqual(before.undo);
    expect(after.rows).toEqual(before.rows);
  });
});
