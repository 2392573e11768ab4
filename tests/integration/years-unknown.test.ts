import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDocument } from '../../electron/db/open';
import type { Router } from '../../electron/router';
import type { ChainHistory, ChainMembers, ChainSummary, CountSeries, FactAlternative } from '../../shared/contract';
import type { ImportFilePreview } from '../../shared/importing/preview';
import { memberLabel } from '../../shared/map/member-label';
import type { Result } from '../../shared/result';
import { mapDataFrom } from '../../electron/services/map-data';
import { RESOURCES_DIR, routerFor } from '../helpers/documents';
import { useTempDir } from '../helpers/files';

/**
 * Issue 12, "year joined optional": a register without years (tests/fixtures/sheets/years-*.csv,
 * written by hand) imports with the year not known, and a year can be added later.
 */
const tempDir = useTempDir();
const FIXTURES = new URL('../fixtures/sheets/', import.meta.url);
// One gazetteer for every document of the file: it takes seconds to load.
const mapData = mapDataFrom(RESOURCES_DIR);

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`API error: ${JSON.stringify(result.error)}`);
  return result.value;
}

/** A new document with one empty chain, opened through the real router. */
async function emptyChain() {
  const dir = tempDir();
  const path = join(dir, 'register.vanort');
  const seed = (db: import('better-sqlite3').Database) =>
    db
      .prepare(`INSERT INTO chain (id, name, created_at, updated_at) VALUES (?, 'Registret', 'now', 'now')`)
      .run(crypto.randomUUID());
  (await createDocument(path, { seed })).close();
  const { router, session } = await routerFor(dir, path, false, { mapData });
  const chainId = (value(await router.call('chains.list', {})) as ChainSummary[])[0]!.id;
  return { router, session, chainId };
}

async function importFixture(router: Router, chainId: string, name: string) {
  const file = { fileName: name, contentBase64: readFileSync(new URL(name, FIXTURES)).toString('base64') };
  const preview = value(await router.call('import.preview', file)) as ImportFilePreview;
  const applied = value(
    await router.call('import.apply', { ...file, chainId, countYear: 2013, excludeRowsWithProblems: true }),
  ) as { added: number; updated: number };
  return { preview, applied };
}

const list = async (router: Router, chainId: string, year?: number) =>
  value(await router.call('members.list', year === undefined ? { chainId } : { chainId, year })) as ChainMembers;

const labels = (data: ChainMembers) => data.members.map((member) => memberLabel(member, 'sv')).sort();

describe('a register without years', () => {
  it('imports with the year not known: a member in every year, labelled "?"', async () => {
    const { router, session, chainId } = await emptyChain();
    const { preview, applied } = await importFixture(router, chainId, 'years-none.csv');
    expect(preview.mapping).toEqual(['name', 'area', 'memberCount']);
    expect(preview.rows.map((row) => [row.name, row.joinedYear, row.problems])).toEqual([
      ['Herning', null, []],
      ['Holmestrand', null, []],
      ['Kangasala', null, []],
      ['Siglufjörður', null, []],
      ['Tórshavn', null, []],
      ['Mariehamn', null, []],
    ]);
    expect(applied).toMatchObject({ added: 6, updated: 0 });

    const data = await list(router, chainId);
    expect(data.year).toBe(2013);
    expect(data.members.every((member) => member.joinedYear === null)).toBe(true);
    expect(labels(data)).toEqual([
      'Herning · ? · 230',
      'Holmestrand · ? · 120',
      'Kangasala · ? · 70',
      'Mariehamn · ? · 45',
      'Siglufjörður · ? · 30',
      'Tórshavn · ? · ?',
    ]);
    expect(data.total).toEqual({ sum: 495, reported: 5, notReported: 1 });
    // No year joined is known: the slider starts at the first reported count.
    expect(data.firstYear).toBe(2013);
    // An unknown start: in the chain in any year, as far back as the slider goes.
    expect((await list(router, chainId, 1900)).members).toHaveLength(6);

    const series = value(await router.call('chains.countSeries', { chainId })) as CountSeries;
    expect(series.total).toEqual([{ sum: 495, notReported: 1 }]);
    const history = value(await router.call('chains.history', { chainId })) as ChainHistory;
    const joins = history.timeline.filter((entry) => entry.kind === 'joined');
    expect(joins).toHaveLength(6);
    expect(joins.every((entry) => entry.date === '')).toBe(true);
    session.close();
  });

  it('imports a year where the cell has one and none where it is empty; a wrong year is still a problem', async () => {
    const { router, session, chainId } = await emptyChain();
    const { preview, applied } = await importFixture(router, chainId, 'years-empty-cell.csv');
    expect(preview.rows.map((row) => [row.name, row.joinedYear, row.problems.map((problem) => problem.message)])).toEqual([
      ['Herning', 1946, []],
      ['Holmestrand', null, []],
      ['Kangasala', 1977, []],
      ['Akureyri', null, ['validation.yearNotNumber']],
    ]);
    expect(applied).toMatchObject({ added: 3, updated: 0 });
    const data = await list(router, chainId);
    expect(labels(data)).toEqual(['Herning · 1946 · 230', 'Holmestrand · ? · 120', 'Kangasala · 1977 · 70']);
    expect(data.firstYear).toBe(1946);
    // At 1946 Holmestrand is there (unknown start), Kangasala (1977) is not yet.
    expect((await list(router, chainId, 1946)).members.map((member) => member.name).sort()).toEqual(['Herning', 'Holmestrand']);
    session.close();
  });
});

describe('a year added later', () => {
  it('is set from "?" to 1950 in the members table, and back through undo', async () => {
    const { router, session, chainId } = await emptyChain();
    await importFixture(router, chainId, 'years-none.csv');
    const herning = (await list(router, chainId)).members.find((member) => member.name === 'Herning')!;
    const present1949 = async () => (await list(router, chainId, 1949)).members.some((member) => member.name === 'Herning');
    expect(await present1949()).toBe(true);

    value(await router.call('members.setJoinedYear', { membershipId: herning.membershipId, joinedYear: 1950 }));
    const after = (await list(router, chainId)).members.find((member) => member.name === 'Herning')!;
    expect(after.joinedYear).toBe(1950);
    expect(memberLabel(after, 'sv')).toBe('Herning · 1950 · 230');
    expect(await present1949()).toBe(false);
    expect((await list(router, chainId)).firstYear).toBe(1950);

    value(await router.call('undo.undo', {}));
    expect((await list(router, chainId)).members.find((member) => member.name === 'Herning')!.joinedYear).toBeNull();
    expect(await present1949()).toBe(true);
    value(await router.call('undo.redo', {}));
    expect((await list(router, chainId)).members.find((member) => member.name === 'Herning')!.joinedYear).toBe(1950);
    session.close();
  });

  it('can come from a source: no "unknown" is recorded beside it', async () => {
    const { router, session, chainId } = await emptyChain();
    await importFixture(router, chainId, 'years-none.csv');
    const kangasala = (await list(router, chainId)).members.find((member) => member.name === 'Kangasala')!;
    const fact = { table: 'membership', rowId: kangasala.membershipId, field: 'joined_year' } as const;
    value(await router.call('facts.add', { ...fact, value: 1977, source: 'Kommunens årsbok', note: null, show: true }));
    const alternatives = value(await router.call('facts.alternatives', fact)) as FactAlternative[];
    expect(alternatives.map((item) => [item.value, item.source, item.shown])).toEqual([[1977, 'Kommunens årsbok', true]]);
    expect((await list(router, chainId)).members.find((member) => member.name === 'Kangasala')!.joinedYear).toBe(1977);
    session.close();
  });
});
