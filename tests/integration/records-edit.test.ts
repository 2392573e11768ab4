/**
 * Timeline records edited in place: records.get gives a record back as it was added, and
 * records.update replaces it with the same checks as records.add, as one undo step, leaving
 * the record as it was when it refuses.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChainHistory, ChainMembers, ChainSummary, RecordForEditing } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { Router } from '../../electron/router';
import type { DocumentSession } from '../../electron/document-session';
import { useTempDir } from '../helpers/files';
import { routerFor } from '../helpers/documents';

const tempDir = useTempDir();

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`API error: ${JSON.stringify(result.error)}`);
  return result.value;
}

async function open(): Promise<{ router: Router; session: DocumentSession; chainId: string; place: (name: string) => string }> {
  const dir = tempDir();
  const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'));
  const chains = value(await router.call('chains.list', {})) as ChainSummary[];
  const chainId = chains.find((chain) => chain.name.includes('Herning'))?.id ?? chains[0]!.id;
  const members = (value(await router.call('members.list', { chainId, year: 2013 })) as ChainMembers).members;
  const place = (name: string) => members.find((member) => member.name === name)!.placeId;
  return { router, session, chainId, place };
}

const timeline = async (router: Router, chainId: string) =>
  (value(await router.call('chains.history', { chainId })) as ChainHistory).timeline;

describe('editing a timeline record', () => {
  it("changes a grant's amount and donor, one undo step; undo and redo step through it", async () => {
    const { router, session, chainId } = await open();
    const grant = (await timeline(router, chainId)).find((entry) => entry.kind === 'grant' && entry.amount !== null)!;
    const { record, places } = value(await router.call('records.get', { kind: 'grant', id: grant.id })) as RecordForEditing;
    expect(record).toMatchObject({ kind: 'grant', amount: grant.amount, currency: grant.currency, year: grant.year });
    expect(places.map((place) => place.name)).toEqual([grant.placeName]);

    value(
      await router.call('records.update', { chainId, id: grant.id, record: { ...record, amount: 12_345, grantor: 'Nordplus' } }),
    );
    const edited = (await timeline(router, chainId)).find((entry) => entry.id === grant.id)!;
    expect(edited).toMatchObject({ amount: 12_345, grantor: 'Nordplus', year: grant.year, placeName: grant.placeName });
    const steps = session.context().db.prepare('SELECT COUNT(DISTINCT group_id) FROM change_log').pluck().get();
    expect(steps).toBe(1);

    value(await router.call('undo.undo', {}));
    expect((await timeline(router, chainId)).find((entry) => entry.id === grant.id)).toMatchObject({
      amount: grant.amount,
      grantor: grant.grantor,
    });
    value(await router.call('undo.redo', {}));
    expect((await timeline(router, chainId)).find((entry) => entry.id === grant.id)).toMatchObject({ amount: 12_345 });
    session.close();
  });

  it("moves a grant to another member's branch, and relinks an activity's places", async () => {
    const { router, session, chainId, place } = await open();
    const grant = (await timeline(router, chainId)).find((entry) => entry.kind === 'grant' && entry.placeName !== 'Husby')!;
    const { record } = value(await router.call('records.get', { kind: 'grant', id: grant.id })) as RecordForEditing;
    value(await router.call('records.update', { chainId, id: grant.id, record: { ...record, placeId: place('Husby') } }));
    expect((await timeline(router, chainId)).find((entry) => entry.id === grant.id)?.placeName).toBe('Husby');

    const activityId = value(
      await router.call('records.add', {
        chainId,
        record: {
          kind: 'activity',
          year: 2013,
          title: 'Körutbyte',
          field: 'culture',
          placeIds: [place('Herning'), place('Vänersborg')],
          description: 'Tre körer',
          source: null,
        },
      }),
    );
    expect(activityId).toMatchObject({ canUndo: true });
    const activity = (await timeline(router, chainId)).find((entry) => entry.title === 'Körutbyte')!;
    const got = value(await router.call('records.get', { kind: 'activity', id: activity.id })) as RecordForEditing;
    expect(got.record).toMatchObject({ placeIds: [place('Herning'), place('Vänersborg')], description: 'Tre körer' });
    value(
      await router.call('records.update', {
        chainId,
        id: activity.id,
        record: { ...got.record, title: 'Körutbyte i Eiði', placeIds: [place('Vänersborg'), place('Eiði')] },
      }),
    );
    const after = (await timeline(router, chainId)).find((entry) => entry.id === activity.id)!;
    expect(after).toMatchObject({ title: 'Körutbyte i Eiði', detail: 'Tre körer' });
    expect(after.placeName?.split(', ').sort()).toEqual(['Eiði', 'Vänersborg']);
    // Vänersborg's link is kept, Herning's removed and Eiði's added: nothing else is written.
    const links = session
      .context()
      .db.prepare(
        `SELECT table_name, field FROM change_log WHERE group_id = (SELECT group_id FROM change_log ORDER BY seq DESC LIMIT 1) ORDER BY seq`,
      )
      .all();
    expect(links).toEqual([
      { table_name: 'activity', field: 'title' },
      { table_name: 'activity_place', field: '*delete' },
      { table_name: 'activity_place', field: '*insert' },
    ]);

    value(await router.call('undo.undo', {}));
    const undone = (await timeline(router, chainId)).find((entry) => entry.id === activity.id)!;
    expect(undone.title).toBe('Körutbyte');
    expect(undone.placeName?.split(', ').sort()).toEqual(['Herning', 'Vänersborg']);
    session.close();
  });

  it('refuses what adding refuses, and a record of another kind or chain; the record stays as it was', async () => {
    const { router, session, chainId } = await open();
    const before = await timeline(router, chainId);
    const grant = before.find((entry) => entry.kind === 'grant')!;
    const { record } = value(await router.call('records.get', { kind: 'grant', id: grant.id })) as RecordForEditing;
    const refusals = [
      // a place that is no member of the chain
      { chainId, id: grant.id, record: { ...record, placeId: '00000000-0000-4000-8000-000000000000' } },
      // a negative sum, as the add form refuses it
      { chainId, id: grant.id, record: { ...record, amount: -5 } },
      // the grant's id given as an event's
      {
        chainId,
        id: grant.id,
        record: { kind: 'event', date: '2013', title: 'Möte', body: null, reference: null, description: null, placeId: null },
      },
    ];
    for (const input of refusals) {
      const refused = await router.call('records.update', input);
      expect(refused.ok, JSON.stringify(input.record)).toBe(false);
    }
    const agreement = before.find((entry) => entry.kind === 'agreement')!;
    const got = value(await router.call('records.get', { kind: 'agreement', id: agreement.id })) as RecordForEditing;
    const refused = await router.call('records.update', {
      chainId,
      id: agreement.id,
      record: { ...got.record, startDate: '2015-06', endDate: '2014' },
    });
    expect(refused).toMatchObject({ ok: false, error: { field: 'endDate', message: 'validation.endBeforeStart' } });
    expect(await timeline(router, chainId)).toEqual(before);
    expect(session.context().db.prepare('SELECT COUNT(*) FROM change_log').pluck().get()).toBe(0);
    session.close();
  });
});
