import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import { conflictingValues, engineConflicts, engineValue, putField, type EngineDoc } from '../../electron/services/sync/engine';
import { BUCKET_NAMES } from '../../electron/services/sync/keys';
import type { Conflict, MergePreview } from '../../shared/contract';
import { useTempDir } from '../helpers/files';
import { demoIds, exchange, expectSameTables, laptopsWithDemo, meetingInput, type Laptop } from '../helpers/laptops';

/** Two and three laptops with copies of the demo, edited apart and merged through exchange files. */

const tempDir = useTempDir();

async function countOf(laptop: Laptop, name: string): Promise<number | null> {
  const { place } = await demoIds(laptop);
  return place(name).memberCount;
}

describe('sharing a chain between laptops', () => {
  it("merges A's count and meeting into B, with one conflict where both changed Herning's 2013 count", async () => {
    const [a, b] = await laptopsWithDemo(tempDir(), ['Herning – Karen', 'Vänersborg – Lena']);
    const ids = await demoIds(a!);
    const herning = ids.place('Herning').placeId;
    const aland = ids.place('15 landkommuner').placeId;
    await a!.call('members.setCount', { placeId: herning, year: 2013, memberCount: 235 });
    await a!.call('meetings.add', { chainId: ids.chainId, meeting: meetingInput(2015, herning) });
    await b!.call('members.setCount', { placeId: herning, year: 2013, memberCount: 240 });
    await b!.call('members.rename', { placeId: aland, name: 'Ålands landskommuner' });

    const sent = await a!.call<{ fileName: string; contentBase64: string; bytes: number }>('sync.send', {});
    const file = { fileName: sent.fileName, contentBase64: sent.contentBase64 };
    expect(sent.fileName).toBe('Herning – Karen.vanort-changes');
    const preview = await b!.call<MergePreview>('sync.preview', file);
    expect(preview.from.map((author) => author.laptop)).toEqual(['Herning – Karen']);
    expect(preview.added.some((change) => change.row.table === 'meeting' && change.row.year === 2015)).toBe(true);
    // The engine shows one of the two values, the same on every laptop (chosen by its actors' ids):
    // A's 235 is a change here only where it wins.
    const shownAfter = preview.conflicts[0]?.values.find((value) => value.shown)?.value;
    expect(preview.changed.some((change) => change.field === 'count' && change.row.name === 'Herning')).toBe(shownAfter === 235);
    expect(preview.conflicts).toHaveLength(1);
    expect(preview.conflicts[0]!.field).toBe('count');
    expect(preview.conflicts[0]!.values.map((value) => value.value).sort()).toEqual([235, 240]);
    // Each value with the laptop that wrote it, A's read from its changes before they are stored.
    expect(preview.conflicts[0]!.values.map((value) => `${value.value} ${value.author.laptop}`).sort()).toEqual([
      '235 Herning – Karen',
      '240 Vänersborg – Lena',
    ]);
    // Nothing was written by the preview.
    expect(await countOf(b!, 'Herning')).toBe(240);

    const merged = await b!.call<{ changed: number; conflicts: number }>('sync.merge', file);
    expect(merged.conflicts).toBe(1);
    const conflicts = await b!.call<Conflict[]>('sync.conflicts');
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.values.map((value) => value.author.laptop).sort()).toEqual(['Herning – Karen', 'Vänersborg – Lena']);
    // Merging the same file again changes nothing.
    expect((await b!.call<{ changed: number }>('sync.merge', file)).changed).toBe(0);
    expect((await b!.call<MergePreview>('sync.preview', file)).nothingNew).toBe(true);

    // B keeps 240 and sends back; A merges: no conflicts, the same tables.
    await b!.call('sync.decide', { key: conflicts[0]!.key, value: 240 });
    expect(await b!.call<Conflict[]>('sync.conflicts')).toEqual([]);
    await exchange(b!, a!);
    expect(await a!.call<Conflict[]>('sync.conflicts')).toEqual([]);
    expect(await countOf(a!, 'Herning')).toBe(240);
    expect(await countOf(b!, 'Herning')).toBe(240);
    expectSameTables([a!, b!]);
  });

  it('keeping the value already shown ends the conflict, and the answer says what to read again', async () => {
    const [a, b] = await laptopsWithDemo(tempDir(), ['Herning – Karen', 'Vänersborg – Lena']);
    const herning = (await demoIds(a!)).place('Herning').placeId;
    await a!.call('members.setCount', { placeId: herning, year: 2013, memberCount: 235 });
    await b!.call('members.setCount', { placeId: herning, year: 2013, memberCount: 240 });
    await exchange(a!, b!);
    const [conflict] = await b!.call<Conflict[]>('sync.conflicts');
    const shown = conflict!.values.find((value) => value.shown)!.value;
    expect(await countOf(b!, 'Herning')).toBe(shown);
    // The table already holds it: nothing in it changes, but the window must read the conflicts again.
    const answer = await b!.call<{ touched: string[] }>('sync.decide', { key: conflict!.key, value: shown });
    expect(answer.touched).toContain('member_count');
    expect(await b!.call<Conflict[]>('sync.conflicts')).toEqual([]);
    await exchange(b!, a!);
    expect(await a!.call<Conflict[]>('sync.conflicts')).toEqual([]);
    expect(await countOf(a!, 'Herning')).toBe(shown);
  });

  it('a typed decision is refused plainly where the field must have a value or the tables refuse it; nothing is written', async () => {
    const [a, b] = await laptopsWithDemo(tempDir(), ['Herning – Karen', 'Vänersborg – Lena']);
    const ids = await demoIds(a!);
    await a!.call('members.rename', { placeId: ids.place('Arsuk').placeId, name: 'Arsuk (Ivittuut)' });
    await b!.call('members.rename', { placeId: ids.place('Arsuk').placeId, name: 'Arsuk by' });
    await a!.call('members.setJoinedYear', { membershipId: ids.place('Kangasala').membershipId, joinedYear: 1978 });
    await b!.call('members.setJoinedYear', { membershipId: ids.place('Kangasala').membershipId, joinedYear: 1979 });
    await exchange(a!, b!);
    const conflicts = await b!.call<Conflict[]>('sync.conflicts');
    const name = conflicts.find((conflict) => conflict.field === 'name')!;
    const joined = conflicts.find((conflict) => conflict.field === 'joined_year')!;
    expect(await b!.result('sync.decide', { key: name.key, value: null })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'validation.decideEmpty' },
    });
    // The year joined may not be later than a count the member has (or fall outside the CHECK's range).
    expect(await b!.result('sync.decide', { key: joined.key, value: -5 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'validation.decideRefused' },
    });
    expect(await b!.call<Conflict[]>('sync.conflicts')).toHaveLength(2);
    expect(await b!.result('sync.decide', { key: name.key, value: 'Arsuk' })).toMatchObject({ ok: true });
    expect(await b!.call<Conflict[]>('sync.conflicts')).toHaveLength(1);
  });

  it('an ordinary edit of a field in conflict ends it, and says the sharing status changed', async () => {
    const [a, b] = await laptopsWithDemo(tempDir(), ['Herning – Karen', 'Vänersborg – Lena']);
    const herning = (await demoIds(a!)).place('Herning').placeId;
    await a!.call('members.setCount', { placeId: herning, year: 2013, memberCount: 235 });
    await b!.call('members.setCount', { placeId: herning, year: 2013, memberCount: 240 });
    await exchange(a!, b!);
    expect(await b!.call<Conflict[]>('sync.conflicts')).toHaveLength(1);
    // Typed in the table instead of decided in the list: a new value that supersedes both.
    const edited = await b!.call<{ touched: string[] }>('members.setCount', { placeId: herning, year: 2013, memberCount: 250 });
    expect(await b!.call<Conflict[]>('sync.conflicts')).toEqual([]);
    expect(edited.touched).toContain('document');
    // An edit that changes no conflict leaves the status alone (the window does not reread it).
    const other = await b!.call<{ touched: string[] }>('members.setCount', { placeId: herning, year: 2012, memberCount: 200 });
    expect(other.touched).not.toContain('document');
    await exchange(b!, a!);
    expect(await a!.call<Conflict[]>('sync.conflicts')).toEqual([]);
  });

  it('a meeting decided removed stays removed when a field of it is decided next (property seed 305144487)', async () => {
    const [a, b, c] = await laptopsWithDemo(tempDir(), ['Herning – Karen', 'Vänersborg – Lena', 'Eiði – Jógvan']);
    const db = a!.session.context().db;
    const { id, host } = db.prepare('SELECT id, host_place_id AS host FROM meeting ORDER BY year, id LIMIT 1').get() as {
      id: string;
      host: string | null;
    };
    const edit = (each: Laptop, note: string) =>
      each.call('meetings.update', { meetingId: id, meeting: { ...meetingInput(2015, host), note } });
    // A and B edit the meeting apart, C removes it: a conflict on the row and one on its note.
    await edit(a!, 'I Herning');
    await edit(b!, 'Inställt');
    await c!.call('meetings.remove', { meetingId: id });
    await exchange(b!, a!, true);
    await exchange(c!, a!, true);
    const conflicts = await a!.call<Conflict[]>('sync.conflicts');
    expect(conflicts.map((conflict) => conflict.key).sort()).toEqual([`meeting/${id}/*row`, `meeting/${id}/note`]);
    // The note not shown (which one is, hangs on the laptops' random actors): a decision that writes the row.
    const other = conflicts.find((conflict) => conflict.field === 'note')!.values.find((value) => !value.shown)!.value;
    // A decides: removed, and then the other note (kept with the removed meeting).
    await a!.call('sync.decide', { key: `meeting/${id}/*row`, value: 'removed' });
    await a!.call('sync.decide', { key: `meeting/${id}/note`, value: other });
    await exchange(a!, b!, true);
    await exchange(a!, c!, true);
    for (const each of [a!, b!, c!]) {
      const row = each.session.context().db.prepare('SELECT deleted_at, note FROM meeting WHERE id = ?').get(id) as {
        deleted_at: string | null;
        note: string | null;
      };
      expect(row.deleted_at, `${each.name}: removed`).not.toBeNull();
      expect(row.note, `${each.name}: note`).toBe(other);
      expect(await each.call<Conflict[]>('sync.conflicts'), each.name).toEqual([]);
    }
    expectSameTables([a!, b!, c!]);
  });
});

describe("the engine's conflicts, read from the document they belong to", () => {
  it('a conflict that gains a value whose bucket the merge leaves as it was is read from the merged document', () => {
    // Three writes of one field, concurrent; the third loses (its actor sorts lowest), so the
    // value shown stays and Automerge rebuilds no object: the bucket object is the one before.
    const key = 'member_count/branch:2013/count';
    const start = A.change(A.init<EngineDoc>({ actor: 'aa' }), (draft) => {
      for (const name of BUCKET_NAMES) draft[name] = {};
    });
    const write = (actor: string, value: number) =>
      A.getLastLocalChange(A.change(A.clone(start, { actor }), (draft) => putField(draft, key, value)))!;
    const [two] = A.applyChanges(A.clone(start), [write('ff', 240), write('ee', 235)]);
    expect(Object.values(engineConflicts(two, key)!).sort()).toEqual([235, 240]);
    const [three] = A.applyChanges(A.clone(two), [write('11', 999)]);
    expect(engineValue(three, key)).toBe(240);
    expect(Object.values(engineConflicts(three, key)!).sort()).toEqual([235, 240, 999]);
    expect(
      conflictingValues(three, key)
        ?.map((entry) => entry.value)
        .sort(),
    ).toEqual([235, 240, 999]);
  });
});
