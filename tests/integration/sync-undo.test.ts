import { describe, expect, it } from 'vitest';
import type { StepAnswer } from '../../shared/contract';
import { useTempDir } from '../helpers/files';
import { demoIds, exchange, expectConverged, laptopsWithDemo, meetingInput, type Laptop } from '../helpers/laptops';

/**
 * Undo across a merge: a merge is one undo step, taken only with the user's yes; undoing it
 * writes the earlier values back as this laptop's own change, which the colleague then receives.
 */

const tempDir = useTempDir();

async function herningCount(laptop: Laptop): Promise<number | null> {
  return (await demoIds(laptop)).place('Herning').memberCount;
}

async function meetingsOf(laptop: Laptop, year: number) {
  return (await demoIds(laptop)).meetings.filter((meeting) => meeting.year === year);
}

describe('undo across a merge', () => {
  it('undoes a whole merge as one step, after a yes, and the colleague receives the undo', async () => {
    const [karen, lena] = await laptopsWithDemo(tempDir(), ['Herning – Karen', 'Vänersborg – Lena']);
    const ids = await demoIds(karen!);
    const herning = ids.place('Herning').placeId;
    // Lena's own edit first, then Karen's count and meeting merged on top of it.
    await lena!.call('members.rename', { placeId: ids.place('Arsuk').placeId, name: 'Arsuk (Ivittuut)' });
    await karen!.call('members.setCount', { placeId: herning, year: 2013, memberCount: 235 });
    await karen!.call('meetings.add', { chainId: ids.chainId, meeting: meetingInput(2015, herning) });
    expect(await exchange(karen!, lena!)).toMatchObject({ conflicts: 0 });
    expect(await herningCount(lena!)).toBe(235);
    expect(await meetingsOf(lena!, 2015)).toHaveLength(1);

    // Without a yes, nothing is undone.
    const asked = await lena!.call<StepAnswer>('undo.undo', {});
    expect(asked).toMatchObject({ changed: false, needsConfirm: 'merge' });
    expect(await herningCount(lena!)).toBe(235);
    // With it, the whole merge (count and meeting) in one step; Lena's rename stays.
    expect(await lena!.call<StepAnswer>('undo.undo', { confirm: true })).toMatchObject({ changed: true });
    expect(await herningCount(lena!)).toBe(230);
    expect(await meetingsOf(lena!, 2015)).toHaveLength(0);
    expect((await demoIds(lena!)).place('Arsuk (Ivittuut)')).toBeDefined();

    // The undo is Lena's change: Karen receives it (230, the meeting removed), with no conflict.
    expect(await exchange(lena!, karen!)).toMatchObject({ conflicts: 0 });
    expect(await herningCount(karen!)).toBe(230);
    expect(await meetingsOf(karen!, 2015)).toHaveLength(0);
    expect((await demoIds(karen!)).place('Arsuk (Ivittuut)')).toBeDefined();
    const log = await karen!.call<{ author: { laptop: string }; merged: boolean; change: { field: string; new: unknown } }[]>(
      'sync.changes',
      {},
    );
    expect(log.find((entry) => entry.change.field === 'count')).toMatchObject({
      author: { laptop: 'Vänersborg – Lena' },
      merged: true,
      change: { new: 230 },
    });
    await expectConverged([karen!, lena!]);

    // Redo brings the merge back on Lena, and that too reaches Karen.
    expect(await lena!.call<StepAnswer>('undo.redo', {})).toMatchObject({ changed: true });
    expect(await herningCount(lena!)).toBe(235);
    await exchange(lena!, karen!);
    expect(await herningCount(karen!)).toBe(235);
    expect(await meetingsOf(karen!, 2015)).toHaveLength(1);
    await expectConverged([karen!, lena!]);
    for (const each of [karen!, lena!]) each.session.close();
  });

  it("undoes this laptop's own edit under a merge only after the merge, and a merge of nothing is no step", async () => {
    const [karen, lena] = await laptopsWithDemo(tempDir(), ['Herning – Karen', 'Vänersborg – Lena']);
    const herning = (await demoIds(karen!)).place('Herning').placeId;
    await lena!.call('members.setCount', { placeId: herning, year: 2013, memberCount: 240 });
    await exchange(lena!, karen!);
    await karen!.call('members.setCount', { placeId: herning, year: 2013, memberCount: 250 });
    await exchange(karen!, lena!);
    // Merging the same file again adds no step: the next undo is still the merge.
    await exchange(karen!, lena!);
    expect(await lena!.call<StepAnswer>('undo.undo', {})).toMatchObject({ needsConfirm: 'merge' });
    expect(await lena!.call<StepAnswer>('undo.undo', { confirm: true })).toMatchObject({ changed: true });
    expect(await herningCount(lena!)).toBe(240);
    // Then Lena's own edit, without a question (nothing of Karen's is overwritten any more).
    expect(await lena!.call<StepAnswer>('undo.undo', {})).toMatchObject({ changed: true });
    expect(await herningCount(lena!)).toBe(230);
    await exchange(lena!, karen!);
    expect(await herningCount(karen!)).toBe(230);
    await expectConverged([karen!, lena!]);
    for (const each of [karen!, lena!]) each.session.close();
  });

  it('a yes is for the step it was asked about: a merge that came on top meanwhile is asked about in turn', async () => {
    const [karen, lena] = await laptopsWithDemo(tempDir(), ['Herning – Karen', 'Vänersborg – Lena']);
    const ids = await demoIds(karen!);
    await karen!.call('members.setCount', { placeId: ids.place('Herning').placeId, year: 2013, memberCount: 235 });
    await exchange(karen!, lena!);
    const asked = await lena!.call<StepAnswer & { step: string }>('undo.undo', {});
    expect(asked).toMatchObject({ needsConfirm: 'merge' });
    // While the question is open, another file comes in (the shared folder merges in the background).
    await karen!.call('members.rename', { placeId: ids.place('Arsuk').placeId, name: 'Arsuk (Ivittuut)' });
    await exchange(karen!, lena!);
    const again = await lena!.call<StepAnswer & { step: string }>('undo.undo', { confirm: asked.step });
    expect(again).toMatchObject({ changed: false, needsConfirm: 'merge' });
    expect(again.step).not.toBe(asked.step);
    expect((await demoIds(lena!)).place('Arsuk (Ivittuut)')).toBeDefined();
    // A yes to the step on top now undoes that one.
    expect(await lena!.call<StepAnswer>('undo.undo', { confirm: again.step })).toMatchObject({ changed: true });
    expect((await demoIds(lena!)).place('Arsuk')).toBeDefined();
    expect((await demoIds(lena!)).place('Herning').memberCount).toBe(235);
  });
});
