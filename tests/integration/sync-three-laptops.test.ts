import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conflict, MergePreview } from '../../shared/contract';
import { useTempDir } from '../helpers/files';
import {
  changesFile,
  conflictSummary,
  demoIds,
  exchange,
  exchangeAsAsked,
  expectConverged,
  laptop,
  laptopsWithDemo,
  pathOf,
  meetingInput,
  tablesOf,
  type Laptop,
} from '../helpers/laptops';

/**
 * Three copies of the demo edited apart, then exchanged in every order of the three laptops:
 * every order ends with the same tables and the same conflicts on each, and a file merged twice
 * changes nothing the second time.
 */

const tempDir = useTempDir();
const NAMES = ['Herning – Karen', 'Vänersborg – Lena', 'Kangasala – Aino'];
// A sheet of two members new to the chain (one of them with a count), imported on one laptop.
const SHEET = 'Vänort;Land;Kontaktår;Medlemsantal\nGävle;Sverige;1990;40\nBorås;Sverige;1995;\n';

/** The edits each laptop makes apart; returns what the test checks afterwards. */
async function editApart([a, b, c]: Laptop[]) {
  const ids = await demoIds(a!);
  const herning = ids.place('Herning').placeId;
  const kangasala = ids.place('Kangasala');
  const removedMeeting = ids.meetings.find((meeting) => meeting.year === 2009)!;
  // A: a count (B changes the same one), a rename, a meeting added, rows imported.
  await a!.call('members.setCount', { placeId: herning, year: 2013, memberCount: 235 });
  await a!.call('members.rename', { placeId: ids.place('15 landkommuner').placeId, name: 'Ålands landskommuner' });
  await a!.call('meetings.add', { chainId: ids.chainId, meeting: meetingInput(2015, herning) });
  const sheet = { fileName: 'nya.csv', contentBase64: Buffer.from(SHEET).toString('base64') };
  expect(await a!.call('import.apply', { ...sheet, chainId: ids.chainId, countYear: 2013 })).toMatchObject({ added: 2 });
  // B: the same count, a join year, and removes the 2009 meeting that C edits.
  await b!.call('members.setCount', { placeId: herning, year: 2013, memberCount: 240 });
  await b!.call('members.setJoinedYear', { membershipId: kangasala.membershipId, joinedYear: 1976 });
  await b!.call('meetings.remove', { meetingId: removedMeeting.id });
  // C: edits the meeting B removes, and a count of its own.
  await c!.call('meetings.update', {
    meetingId: removedMeeting.id,
    meeting: meetingInput(2009, removedMeeting.hostPlaceId, 'Herning rådhus'),
  });
  await c!.call('members.setCount', { placeId: kangasala.placeId, year: 2014, memberCount: 72 });
  return { herning, removedMeeting };
}

/** Pairwise exchanges in this order until each laptop has seen every other's changes. */
async function exchangeInOrder([x, y, z]: Laptop[]) {
  await exchangeAsAsked(x!, y!);
  await exchangeAsAsked(y!, z!);
  await exchangeAsAsked(z!, x!);
  await exchangeAsAsked(z!, y!);
}

const ORDERS: [number, number, number][] = [
  [0, 1, 2],
  [0, 2, 1],
  [1, 0, 2],
  [1, 2, 0],
  [2, 0, 1],
  [2, 1, 0],
];

describe('three laptops edit the demo apart and exchange files in every order', () => {
  // The three copies are edited once, closed, and each order starts from a copy of all three
  // (documents and settings), so that every order merges the very same changes.
  let edited: { root: string; removedMeeting: { id: string } };
  let expectedTables: Record<string, unknown[]> | null = null;
  let expectedConflicts: Awaited<ReturnType<typeof conflictSummary>> | null = null;

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'atlas-three-'));
    const laptops = await laptopsWithDemo(root, NAMES);
    const { removedMeeting } = await editApart(laptops);
    for (const each of laptops) each.session.close();
    edited = { root, removedMeeting };
  });
  afterAll(() => rmSync(edited.root, { recursive: true, force: true }));

  it.each(ORDERS)('order %i, %i, %i: identical tables and conflicts everywhere', async (...order) => {
    const root = tempDir();
    cpSync(edited.root, root, { recursive: true });
    const laptops = await Promise.all(NAMES.map((name) => laptop(root, name, pathOf(root, name), false)));
    const { removedMeeting } = edited;
    await exchangeInOrder(order.map((index) => laptops[index]!));
    await expectConverged(laptops);
    const [karen] = laptops;

    // Two conflicts: Herning's 2013 count, and the 2009 meeting removed on B while C edited it.
    const conflicts = await karen!.call<Conflict[]>('sync.conflicts');
    expect(conflicts.map((conflict) => [conflict.row.table, conflict.field]).sort()).toEqual([
      ['meeting', '*row'],
      ['member_count', 'count'],
    ]);
    const count = conflicts.find((conflict) => conflict.field === 'count')!;
    expect(count.row).toMatchObject({ name: 'Herning', year: 2013 });
    expect(count.values.map((value) => [value.value, value.author.laptop]).sort()).toEqual([
      [235, 'Herning – Karen'],
      [240, 'Vänersborg – Lena'],
    ]);
    const meeting = conflicts.find((conflict) => conflict.field === '*row')!;
    // In words: the meeting is named by its host and year; each side by the laptop that wrote it.
    expect(meeting.rowKey).toBe(removedMeeting.id);
    expect(meeting.row).toMatchObject({ table: 'meeting', name: 'Herning', year: 2009 });
    expect(meeting.values.map((value) => [value.value, value.author.laptop]).sort()).toEqual([
      ['live', 'Kangasala – Aino'],
      ['removed', 'Vänersborg – Lena'],
    ]);
    expect(meeting.values.filter((value) => value.shown)).toHaveLength(1);
    // C's edit is not lost whichever side is shown: the row keeps it, removed or not.
    const row = tablesOf(karen!).meeting!.find((each) => (each as { id: string }).id === removedMeeting.id) as {
      location: string;
      removed: boolean;
    };
    expect(row.location).toBe('Herning rådhus');
    expect(row.removed).toBe(meeting.values.find((value) => value.shown)!.value === 'removed');

    // Each laptop's edits arrived everywhere (spot checks beyond the conflicts).
    const tables = tablesOf(laptops[2]!);
    const names = (tables.place as { name: string }[]).map((place) => place.name);
    expect(names).toEqual(expect.arrayContaining(['Ålands landskommuner', 'Gävle', 'Borås']));
    expect((tables.meeting as { year: number; removed: boolean }[]).some((m) => m.year === 2015 && !m.removed)).toBe(true);
    expect((tables.membership as { joined_year: number }[]).some((m) => m.joined_year === 1976)).toBe(true);

    // The orders all end with the same document (ids and values), and the same conflicts.
    const summary = await conflictSummary(karen!);
    expectedTables ??= tablesOf(karen!);
    expectedConflicts ??= summary;
    expect(tablesOf(karen!)).toEqual(expectedTables);
    expect(summary).toEqual(expectedConflicts);

    // Merging the same files again changes nothing, on every laptop.
    for (const from of laptops) {
      const file = await changesFile(from, true);
      for (const to of laptops) {
        if (to === from) continue;
        expect((await to.call<{ changed: number }>('sync.merge', file)).changed, `${from.name} -> ${to.name}`).toBe(0);
      }
    }
    await expectConverged(laptops);
    for (const each of laptops) each.session.close();
  });
});

describe('a file of the changes the others may lack', () => {
  it('says so when it leaves out changes the recipient lacks too, and a file of all of them brings them', async () => {
    const [a, b, c] = await laptopsWithDemo(tempDir(), NAMES);
    const { place } = await demoIds(a!);
    await a!.call('members.setCount', { placeId: place('Herning').placeId, year: 2013, memberCount: 235 });
    await b!.call('members.setCount', { placeId: place('Arsuk').placeId, year: 2013, memberCount: 16 });
    await exchange(a!, b!);
    await exchange(b!, a!);
    await c!.call('members.setCount', { placeId: place('Husby').placeId, year: 2013, memberCount: 341 });
    // B knows what A holds: its file leaves out A's changes and builds on them. C never saw A's.
    const partial = await changesFile(b!);
    const everything = await changesFile(b!, true);
    expect(partial.contentBase64.length).toBeLessThan(everything.contentBase64.length);
    expect((await c!.call<MergePreview>('sync.preview', partial)).missingEarlier).toBe(true);
    expect((await c!.call<MergePreview>('sync.preview', everything)).missingEarlier).toBe(false);
    // A, which holds what the file builds on, is not asked for more.
    await exchange(c!, b!);
    expect((await a!.call<MergePreview>('sync.preview', await changesFile(b!))).missingEarlier).toBe(false);
    await c!.call('sync.merge', everything);
    expect((await demoIds(c!)).place('Herning').memberCount).toBe(235);
    for (const each of [a!, b!, c!]) each.session.close();
  });
});

describe('removed rows travel with their values', () => {
  it('keeps an edit of a row removed elsewhere, and a row added and removed before it was sent', async () => {
    const [a, b] = await laptopsWithDemo(tempDir(), NAMES.slice(0, 2));
    const ids = await demoIds(a!);
    const meeting = ids.meetings.find((each) => each.year === 2010)!;
    await a!.call('meetings.remove', { meetingId: meeting.id });
    await b!.call('meetings.update', { meetingId: meeting.id, meeting: meetingInput(2010, meeting.hostPlaceId, 'Torget') });
    // A meeting made and removed again on A before A sends.
    await a!.call('meetings.add', { chainId: ids.chainId, meeting: meetingInput(2016, null, 'Ingenstans') });
    const added = (await demoIds(a!)).meetings.find((each) => each.year === 2016)!;
    await a!.call('meetings.remove', { meetingId: added.id });
    await exchange(a!, b!);
    await exchange(b!, a!);
    await expectConverged([a!, b!]);
    const rows = tablesOf(b!).meeting as { id: string; location: string | null; removed: boolean }[];
    expect(rows.find((row) => row.id === meeting.id)!.location).toBe('Torget');
    expect(rows.find((row) => row.id === added.id)).toMatchObject({ location: 'Ingenstans', removed: true });
    expect(await conflictSummary(b!)).toEqual([
      {
        key: `meeting/${meeting.id}/*row`,
        field: '*row',
        values: ['"live" by Vänersborg – Lena', '"removed" by Herning – Karen'],
      },
    ]);
    for (const each of [a!, b!]) each.session.close();
  });
});
