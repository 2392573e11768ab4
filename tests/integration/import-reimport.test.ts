import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSession } from '../../electron/document-session';
import type { Router } from '../../electron/router';
import { mapDataFrom, type MapData } from '../../electron/services/map-data';
import type { ChainSummary, UndoState } from '../../shared/contract';
import { PREVIEW_ROW_LIMIT, type ImportFilePreview, type PreviewRow } from '../../shared/importing/preview';
import { RESOURCES_DIR, routerFor } from '../helpers/documents';
import { csvOfRows } from '../helpers/sheets';
import { useTempDir } from '../helpers/files';

// Issue 12, "Re-import that never erases": a row changes only what it gives and what differs;
// the preview says so field by field; repeats in one file are shown as such.

const FIXTURES = fileURLToPath(new URL('../fixtures/sheets/', import.meta.url));
const VANERSBORG = 'Vänersborgs nordiska vänortskedja';
const HUDDINGE = 'Huddinges vänorter';

const tempDir = useTempDir();
let mapData: MapData;
beforeAll(() => {
  mapData = mapDataFrom(RESOURCES_DIR);
  mapData.gazetteer();
});

interface Demo {
  router: Router;
  session: DocumentSession;
  chainId(name: string): Promise<string>;
  /** What the preview says of each row: its outcome, changes, repeat and problems. */
  preview(fixture: string, input: Record<string, unknown>): Promise<ImportFilePreview>;
  apply(fixture: string, input: Record<string, unknown>): Promise<{ added: number; updated: number; unchanged: number }>;
  /** A member of a chain as the document stores it. */
  member(chain: string, place: string): { joinedYear: number; leftYear: number | null; note: string | null };
  count(place: string, year: number): number | null | undefined;
  logLength(): number;
}

async function demo(): Promise<Demo> {
  const dir = tempDir();
  const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'), true, { mapData });
  const value = async <T>(method: string, input: unknown): Promise<T> => {
    const result = await router.call(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as T;
  };
  const file = (fixture: string) => ({
    fileName: fixture,
    contentBase64: readFileSync(join(FIXTURES, fixture)).toString('base64'),
  });
  const db = () => session.context().db;
  return {
    router,
    session,
    chainId: async (name) => (await value<ChainSummary[]>('chains.list', {})).find((chain) => chain.name === name)!.id,
    preview: (fixture, input) => value('import.preview', { ...file(fixture), ...input }),
    apply: (fixture, input) => value('import.apply', { ...file(fixture), ...input }),
    member: (chain, place) =>
      db()
        .prepare(
          `SELECT m.joined_year AS joinedYear, m.left_year AS leftYear, m.note FROM membership m
             JOIN chain c ON c.id = m.chain_id JOIN place p ON p.id = m.place_id
            WHERE c.name = ? AND p.name = ? AND m.deleted_at IS NULL`,
        )
        .get(chain, place) as { joinedYear: number; leftYear: number | null; note: string | null },
    count: (place, year) =>
      (
        db()
          .prepare(
            `SELECT mc.count FROM member_count mc JOIN branch b ON b.id = mc.branch_id JOIN place p ON p.id = b.place_id
              WHERE p.name = ? AND mc.year = ? AND mc.deleted_at IS NULL`,
          )
          .get(place, year) as { count: number | null } | undefined
      )?.count,
    logLength: () => db().prepare('SELECT COUNT(*) FROM change_log').pluck().get() as number,
  };
}

const byName = (preview: ImportFilePreview) =>
  Object.fromEntries(
    preview.rows.map((row: PreviewRow) => [
      `${row.rowNumber} ${row.name}`,
      {
        outcome: row.outcome,
        changes: row.changes,
        ...(row.duplicateOf ? { duplicateOf: row.duplicateOf } : {}),
        problems: row.problems.map((problem) => problem.message),
      },
    ]),
  );

/** A row the document already holds as it says. */
const SAME = { outcome: 'same', changes: [], problems: [] };
/** Herning's row of a re-import: 235 members in 2013, where the demo has 230. */
const HERNING_235 = {
  outcome: 'change',
  changes: [{ field: 'memberCount', countYear: 2013, from: 230, to: 235 }],
  problems: [],
};

describe('a re-import never erases what the file leaves out', () => {
  it('Nuuk and Seyðisfjörður keep the year they left (2024) when the rows give only the year they joined', async () => {
    const doc = await demo();
    const chainId = await doc.chainId(HUDDINGE);
    const preview = await doc.preview('reimport-huddinge.csv', { chainId, countYear: 2013 });
    expect(byName(preview)).toEqual({
      '2 Nuuk': SAME,
      '3 Seyðisfjörður': SAME,
    });
    const before = doc.logLength();
    expect(await doc.apply('reimport-huddinge.csv', { chainId, countYear: 2013 })).toMatchObject({
      added: 0,
      updated: 0,
      unchanged: 2,
    });
    expect(doc.member(HUDDINGE, 'Nuuk')).toMatchObject({ joinedYear: 1989, leftYear: 2024 });
    expect(doc.member(HUDDINGE, 'Seyðisfjörður')).toMatchObject({ joinedYear: 1985, leftYear: 2024 });
    expect(doc.logLength()).toBe(before);
    doc.session.close();
  });

  it('Utajärvi keeps its 1976 departure; Herning 230 → 235 is the one change, said field by field', async () => {
    const doc = await demo();
    const chainId = await doc.chainId(VANERSBORG);
    const preview = await doc.preview('reimport-vanersborg.csv', { chainId, countYear: 2013 });
    expect(byName(preview)).toEqual({
      '2 Herning': HERNING_235,
      '3 Holmestrand': SAME,
      '4 Utajärvi': SAME,
      // Its 2013 count of 70 is not cleared by the empty cell.
      '5 Kangasala': SAME,
    });
    expect(preview.outcomes).toEqual({ add: 0, change: 1, same: 3, duplicate: 0 });
    expect(await doc.apply('reimport-vanersborg.csv', { chainId, countYear: 2013 })).toMatchObject({
      added: 0,
      updated: 1,
      unchanged: 3,
    });
    expect(doc.member(VANERSBORG, 'Utajärvi')).toMatchObject({ joinedYear: 1948, leftYear: 1976 });
    expect(doc.count('Herning', 2013)).toBe(235);
    expect(doc.count('Kangasala', 2013)).toBe(70);
    doc.session.close();
  });

  it('the same file imported twice writes nothing the second time: no log entry, no undo step', async () => {
    const doc = await demo();
    const chainId = await doc.chainId(VANERSBORG);
    await doc.apply('reimport-vanersborg.csv', { chainId, countYear: 2013 });
    const log = doc.logLength();
    const undo = await doc.router.call('undo.state', {});
    const again = await doc.preview('reimport-vanersborg.csv', { chainId, countYear: 2013 });
    expect(again.rows.map((row) => row.outcome)).toEqual(['same', 'same', 'same', 'same']);
    expect(await doc.apply('reimport-vanersborg.csv', { chainId, countYear: 2013 })).toMatchObject({
      added: 0,
      updated: 0,
      unchanged: 4,
    });
    expect(doc.logLength()).toBe(log);
    expect(await doc.router.call('undo.state', {})).toEqual(undo);
    // Undo takes back the first import, not an empty second one.
    expect((undo as { value: UndoState }).value.canUndo).toBe(true);
    await doc.router.call('undo.undo', {});
    expect(doc.count('Herning', 2013)).toBe(230);
    doc.session.close();
  });

  it('"empty cells clear values" clears what an empty cell of a mapped column stands for, and nothing else', async () => {
    const doc = await demo();
    const chainId = await doc.chainId(VANERSBORG);
    const input = { chainId, countYear: 2013, emptyClears: true };
    const preview = await doc.preview('reimport-vanersborg.csv', input);
    expect(byName(preview)).toEqual({
      '2 Herning': HERNING_235,
      '3 Holmestrand': SAME,
      // No count stored for Utajärvi: "not reported" is no change.
      '4 Utajärvi': { outcome: 'change', changes: [{ field: 'leftYear', from: 1976, to: null }], problems: [] },
      '5 Kangasala': {
        outcome: 'change',
        changes: [{ field: 'memberCount', countYear: 2013, from: 70, to: null }],
        problems: [],
      },
    });
    expect(await doc.apply('reimport-vanersborg.csv', input)).toMatchObject({ added: 0, updated: 3, unchanged: 1 });
    expect(doc.member(VANERSBORG, 'Utajärvi')).toMatchObject({ joinedYear: 1948, leftYear: null });
    expect(doc.count('Kangasala', 2013)).toBeNull();
    // Columns the file does not have are not cleared: positions stay.
    const herning = doc.session.context().db.prepare(`SELECT latitude, longitude FROM place WHERE name = 'Herning'`).get();
    expect(herning).toEqual({ latitude: 56.1393, longitude: 8.9738 });
    expect(doc.member(VANERSBORG, 'Holmestrand')).toMatchObject({ joinedYear: 1947, leftYear: null });
    doc.session.close();
  });

  it('a position is a change only when it moves more than a metre', async () => {
    const doc = await demo();
    const chainId = await doc.chainId(VANERSBORG);
    const preview = await doc.preview('reimport-positions.csv', { chainId, countYear: 2013 });
    expect(byName(preview)).toEqual({
      '2 Herning': SAME,
      '3 Holmestrand': {
        outcome: 'change',
        changes: [{ field: 'position', from: '59.4897, 10.3166', to: '59.4997, 10.3166' }],
        problems: [],
      },
    });
    expect(await doc.apply('reimport-positions.csv', { chainId, countYear: 2013 })).toMatchObject({ updated: 1, unchanged: 1 });
    const holmestrand = doc.session
      .context()
      .db.prepare(`SELECT latitude, longitude FROM place WHERE name = 'Holmestrand'`)
      .get();
    expect(holmestrand).toEqual({ latitude: 59.4997, longitude: 10.3166 });
    doc.session.close();
  });
});

describe('rows that repeat a place', () => {
  it('a repeat that says the same is left out; one that says otherwise is a problem naming the earlier row', async () => {
    const doc = await demo();
    const chainId = await doc.chainId(VANERSBORG);
    const preview = await doc.preview('reimport-duplicates.csv', { chainId, countYear: 2013 });
    expect(byName(preview)).toEqual({
      '2 Herning': HERNING_235,
      '3 Holmestrand': SAME,
      '4 herning': { outcome: 'duplicate', duplicateOf: 2, changes: [], problems: [] },
      '5 Holmestrand': { outcome: 'duplicate', duplicateOf: 3, changes: [], problems: ['validation.duplicateDiffers'] },
      '6 Nyby': { outcome: 'add', changes: [], problems: [] },
      '7 Nyby': { outcome: 'duplicate', duplicateOf: 6, changes: [], problems: [] },
    });
    expect(preview.rows.find((row) => row.rowNumber === 5)!.problems).toEqual([
      { field: 'name', message: 'validation.duplicateDiffers', params: { row: 3 } },
    ]);
    // Row 5, with its problem, is counted with the problems.
    expect(preview).toMatchObject({ rowsWithProblems: 1, outcomes: { add: 1, change: 1, same: 1, duplicate: 2 } });
    const refused = await doc.router.call('import.apply', {
      fileName: 'reimport-duplicates.csv',
      contentBase64: readFileSync(join(FIXTURES, 'reimport-duplicates.csv')).toString('base64'),
      chainId,
      countYear: 2013,
    });
    expect(refused).toMatchObject({ ok: false, error: { message: 'validation.importProblems' } });
    expect(await doc.apply('reimport-duplicates.csv', { chainId, countYear: 2013, excludeRows: [5] })).toMatchObject({
      added: 1,
      updated: 1,
      unchanged: 3,
    });
    const nyby = doc.session.context().db.prepare(`SELECT COUNT(*) FROM place WHERE name = 'Nyby'`).pluck().get();
    expect(nyby).toBe(1);
    expect(doc.count('Holmestrand', 2013)).toBe(100);
    doc.session.close();
  });
});

describe('the count-year, note and GeoNames id columns are imported', () => {
  it('a count-year cell gives the year of its count; a note is stored and never cleared by an empty cell', async () => {
    const doc = await demo();
    const chainId = await doc.chainId(VANERSBORG);
    const preview = await doc.preview('reimport-count-years.csv', { chainId, countYear: 2013 });
    expect(preview.mapping).toEqual(['name', 'area', 'joinedYear', 'memberCount', 'countYear', 'note']);
    expect(byName(preview)).toEqual({
      '2 Herning': {
        outcome: 'change',
        changes: [
          { field: 'note', from: null, to: 'Ny uppgift från lokalavdelningen' },
          { field: 'memberCount', countYear: 2014, from: null, to: 240 },
        ],
        problems: [],
      },
      // The dialog's year, 2013: 100 as stored.
      '3 Holmestrand': SAME,
      // Its note ("Nu är alla fem nordiska länder med.") is kept: the cell is empty.
      '4 Siglufjörður': SAME,
      '5 Vänersborg': {
        outcome: 'change',
        changes: [{ field: 'memberCount', countYear: 2013, from: 100, to: 105 }],
        problems: ['validation.yearNotNumber'],
      },
    });
    expect(preview.rows.find((row) => row.rowNumber === 5)!.problems).toEqual([
      { field: 'countYear', message: 'validation.yearNotNumber', value: '20x4' },
    ]);
    expect(await doc.apply('reimport-count-years.csv', { chainId, countYear: 2013, excludeRows: [5] })).toMatchObject({
      updated: 1,
      unchanged: 2,
    });
    expect(doc.count('Herning', 2014)).toBe(240);
    expect(doc.count('Herning', 2013)).toBe(230);
    expect(doc.member(VANERSBORG, 'Herning').note).toBe('Ny uppgift från lokalavdelningen');
    expect(doc.member(VANERSBORG, 'Siglufjörður').note).toBe('Nu är alla fem nordiska länder med.');
    doc.session.close();
  });

  it('a GeoNames id names the place: the gazetteer one, the document one that has it; an unknown id is a problem', async () => {
    const doc = await demo();
    const chainId = await doc.chainId(VANERSBORG);
    const preview = await doc.preview('reimport-geonames.csv', { chainId, countYear: 2013 });
    expect(preview.mapping).toEqual(['name', 'area', 'joinedYear', 'geonameId']);
    expect(
      preview.rows.map((row) => [row.name, row.geonameId, row.place, row.problems.map((problem) => problem.message)]),
    ).toEqual([
      ['Reykjavik', 3413829, { kind: 'gazetteer', geonameId: 3413829, name: 'Reykjavík' }, []],
      // The demo's Åbo (also called Turku) has no GeoNames id: it is the place, added to the chain.
      ['Turku', 633679, { kind: 'existing', placeId: expect.any(String), name: 'Åbo' }, []],
      ['Qxzby', 999999999, null, ['validation.geonameIdUnknown']],
      ['Lund', null, expect.anything(), ['validation.geonameIdNotNumber']],
    ]);
    // A row whose place is not known does nothing to any member.
    expect(preview.rows[2]!.outcome).toBeUndefined();
    expect(await doc.apply('reimport-geonames.csv', { chainId, countYear: 2013, excludeRows: [4, 5] })).toMatchObject({
      added: 2,
      updated: 0,
    });
    const reykjavik = doc.session
      .context()
      .db.prepare(`SELECT name, geonames_id AS geonameId FROM place WHERE geonames_id = 3413829`)
      .all();
    expect(reykjavik).toEqual([{ name: 'Reykjavík', geonameId: 3413829 }]);

    // Imported again, the id finds the place the first import made: the same, nothing new.
    const again = await doc.preview('reimport-geonames.csv', { chainId, countYear: 2013 });
    expect(again.rows[0]).toMatchObject({ outcome: 'same', place: { kind: 'existing', name: 'Reykjavík' } });
    expect(await doc.apply('reimport-geonames.csv', { chainId, countYear: 2013, excludeRows: [4, 5] })).toMatchObject({
      added: 0,
      updated: 0,
      unchanged: 2,
    });
    doc.session.close();
  });

  it('counts the outcomes of the whole file, beyond the rows the dialog is shown', async () => {
    const doc = await demo();
    const chainId = await doc.chainId(VANERSBORG);
    const answer = await doc.router.call('import.preview', {
      fileName: 'many.csv',
      contentBase64: Buffer.from(csvOfRows(PREVIEW_ROW_LIMIT + 200, 'Testort')).toString('base64'),
      chainId,
      countYear: 2013,
    });
    if (!answer.ok) throw new Error(answer.error.message);
    const preview = answer.value as ImportFilePreview;
    expect(preview.rows).toHaveLength(PREVIEW_ROW_LIMIT);
    expect(preview.outcomes).toEqual({ add: PREVIEW_ROW_LIMIT + 200, change: 0, same: 0, duplicate: 0 });
    doc.session.close();
  });

  it('two rows of one place whose periods do not overlap are a departure and a rejoin, not a repeat', async () => {
    const doc = await demo();
    const chainId = await doc.chainId(VANERSBORG);
    const sheet = (rows: string[]) => ({
      fileName: 'periods.csv',
      contentBase64: Buffer.from(['Vänort;Land;Kontaktår;Utträdesår;Medlemsantal', ...rows].join('\n')).toString('base64'),
      chainId,
      countYear: 2013,
    });
    const preview = async (rows: string[]) => {
      const answer = await doc.router.call('import.preview', sheet(rows));
      if (!answer.ok) throw new Error(answer.error.message);
      return (answer.value as ImportFilePreview).rows;
    };
    // Gävle, not in the chain: 1950–1970, then again from 1990. Counts of one year must agree.
    const periods = ['Gävle;Sverige;1950;1970;40', 'Gävle;Sverige;1990;;40'];
    expect((await preview(periods)).map((row) => [row.outcome, row.problems])).toEqual([
      ['add', []],
      ['add', []],
    ]);
    expect((await preview(['Gävle;Sverige;1950;1970;40', 'Gävle;Sverige;1990;;55'])).map((row) => row.problems)).toEqual([
      [],
      [{ field: 'memberCount', message: 'validation.duplicateDiffers', params: { row: 2 } }],
    ]);
    // Overlapping periods of one place are still a repeat that contradicts the earlier row.
    expect((await preview(['Gävle;Sverige;1950;;40', 'Gävle;Sverige;1960;;40']))[1]).toMatchObject({
      outcome: 'duplicate',
      duplicateOf: 2,
    });

    const applied = await doc.router.call('import.apply', sheet(periods));
    expect(applied).toMatchObject({ ok: true, value: { added: 2, updated: 0 } });
    const db = doc.session.context().db;
    const stored = () =>
      db
        .prepare(
          `SELECT m.joined_year AS joinedYear, m.left_year AS leftYear, p.id AS placeId FROM membership m
             JOIN place p ON p.id = m.place_id WHERE m.chain_id = ? AND p.name = 'Gävle' AND m.deleted_at IS NULL
            ORDER BY m.joined_year`,
        )
        .all(chainId) as Array<{ joinedYear: number; leftYear: number | null; placeId: string }>;
    // One place, one branch, one count of 2013, two periods.
    expect(stored().map(({ joinedYear, leftYear }) => [joinedYear, leftYear])).toEqual([
      [1950, 1970],
      [1990, null],
    ]);
    expect(new Set(stored().map((row) => row.placeId)).size).toBe(1);
    expect(db.prepare(`SELECT COUNT(*) FROM branch WHERE place_id = ?`).pluck().get(stored()[0]!.placeId)).toBe(1);
    expect(doc.count('Gävle', 2013)).toBe(40);

    // Imported again: each row is its own stored period, and nothing changes.
    expect((await preview(periods)).map((row) => row.outcome)).toEqual(['same', 'same']);
    // A row that begins after the open period began changes that period's start (a correction)…
    expect((await preview(['Gävle;Sverige;2010;;40'])).map((row) => [row.outcome, row.changes])).toEqual([
      ['change', [{ field: 'joinedYear', from: 1990, to: 2010 }]],
    ]);
    // …as one within a closed period changes that one.
    expect((await preview(['Gävle;Sverige;1960;1965;40'])).map((row) => [row.outcome, row.changes])).toEqual([
      [
        'change',
        [
          { field: 'joinedYear', from: 1950, to: 1960 },
          { field: 'leftYear', from: 1970, to: 1965 },
        ],
      ],
    ]);
    // Two rows of the file about one stored period (one closes it, the other moves its start):
    // which the file means cannot be told, so the later row is a problem naming the earlier.
    expect((await preview(['Gävle;Sverige;1990;2000;40', 'Gävle;Sverige;2010;;40'])).map((row) => row.problems)).toEqual([
      [],
      [{ field: 'joinedYear', message: 'validation.duplicateDiffers', params: { row: 2 } }],
    ]);
    // A row with a problem of its own is not imported: it claims no period of the place.
    expect((await preview(['Gävle;Sverige;1990;2000;hundra', 'Gävle;Sverige;2010;;40'])).map((row) => row.problems)).toEqual([
      [{ field: 'memberCount', message: 'validation.countNotNumber', value: 'hundra' }],
      [],
    ]);
    doc.session.close();
  });
});
