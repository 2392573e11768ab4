import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChainHistory, ChainMembers, ChainSummary } from '../../shared/contract';
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

async function open(): Promise<{ router: Router; session: DocumentSession; chainId: string }> {
  const dir = tempDir();
  const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'));
  const chainId = (value(await router.call('chains.list', {})) as ChainSummary[])[0]!.id;
  return { router, session, chainId };
}

const namesIn = async (router: Router, chainId: string, year: number) =>
  (value(await router.call('members.list', { chainId, year })) as ChainMembers).members.map((member) => member.name);
const logOf = (session: DocumentSession) =>
  session.context().db.prepare('SELECT table_name, field, state FROM change_log ORDER BY seq').all() as Array<{ table_name: string; field: string; state: string }>;

describe('membership periods', () => {
  it('a member leaves and joins again; each step is undoable and logged', async () => {
    const { router, session, chainId } = await open();
    const herning = (value(await router.call('members.list', { chainId, year: 2013 })) as ChainMembers).members.find((m) => m.name === 'Herning')!;
    value(await router.call('members.setLeft', { membershipId: herning.membershipId, leftYear: 2015, leaveReason: 'Föreningen lades ner' }));
    expect(await namesIn(router, chainId, 2016)).not.toContain('Herning');
    expect(await namesIn(router, chainId, 2014)).toContain('Herning');
    value(await router.call('members.rejoin', { membershipId: herning.membershipId, joinedYear: 2020 }));
    expect(await namesIn(router, chainId, 2021)).toContain('Herning');
    expect(await namesIn(router, chainId, 2017)).not.toContain('Herning');
    expect(logOf(session).map((row) => `${row.table_name}.${row.field}`)).toEqual(['membership.left_year', 'membership.leave_reason', 'membership.*insert']);

    value(await router.call('history.undo', {}));
    expect(await namesIn(router, chainId, 2021)).not.toContain('Herning');
    value(await router.call('history.undo', {}));
    expect(await namesIn(router, chainId, 2021)).toContain('Herning');
    session.close();
  });

  it('refuses a departure before joining, and overlapping periods, with nothing saved', async () => {
    const { router, session, chainId } = await open();
    const utajarvi = (value(await router.call('members.list', { chainId, year: 1960 })) as ChainMembers).members.find((m) => m.name === 'Utajärvi')!;
    expect(await router.call('members.setLeft', { membershipId: utajarvi.membershipId, leftYear: 1940, leaveReason: null })).toMatchObject({
      ok: false, error: { code: 'invalid_input', field: 'leftYear', message: 'validation.leftBeforeJoined' },
    });
    expect(await router.call('members.rejoin', { membershipId: utajarvi.membershipId, joinedYear: 1970 })).toMatchObject({
      ok: false, error: { code: 'invalid_input', field: 'joinedYear', message: 'validation.periodOverlap' },
    });
    value(await router.call('members.rejoin', { membershipId: utajarvi.membershipId, joinedYear: 1990 }));
    // The first period may not now be stretched into the new one.
    expect(await router.call('members.setLeft', { membershipId: utajarvi.membershipId, leftYear: 1995, leaveReason: null })).toMatchObject({
      ok: false, error: { message: 'validation.periodOverlap' },
    });
    expect(logOf(session)).toHaveLength(1);
    session.close();
  });
});

describe('meetings', () => {
  it('adds, changes and removes meetings, each an undo step; the host may differ from the suggestion', async () => {
    const { router, session, chainId } = await open();
    const history = () => router.call('chains.history', { chainId }).then((result) => value(result) as ChainHistory);
    const members = (value(await router.call('members.list', { chainId })) as ChainMembers).members;
    const herning = members.find((member) => member.name === 'Herning')!;
    expect((await history()).nextHost.name).toBe('Kangasala');
    const meeting = { year: 2015, hostPlaceId: herning.placeId, kind: 'annual_meeting' as const, startDate: '2015-06-12', endDate: '2015-06-14', location: null, note: null };
    value(await router.call('meetings.add', { chainId, meeting }));
    let after = await history();
    expect(after.meetings.at(-1)).toMatchObject({ year: 2015, hostName: 'Herning' });
    expect(after.nextHost).toMatchObject({ year: 2016, name: 'Kangasala' });

    const added = after.meetings.at(-1)!;
    value(await router.call('meetings.update', { meetingId: added.id, meeting: { ...meeting, location: 'Herning Kongrescenter' } }));
    value(await router.call('meetings.remove', { meetingId: added.id }));
    after = await history();
    expect(after.meetings.map((item) => item.year)).not.toContain(2015);
    value(await router.call('history.undo', {}));
    after = await history();
    expect(after.meetings.at(-1)).toMatchObject({ year: 2015, location: 'Herning Kongrescenter' });
    value(await router.call('history.undo', {}));
    expect((await history()).meetings.at(-1)?.location).toBeNull();
    expect(logOf(session).map((row) => `${row.table_name}.${row.field}:${row.state}`)).toEqual([
      'meeting.*insert:done', 'meeting.location:undone', 'meeting.*delete:undone',
    ]);
    session.close();
  });

  it('refuses a host outside the chain, an end before the start, and a date that does not exist', async () => {
    const { router, session, chainId } = await open();
    const base = { year: 2015, hostPlaceId: null, kind: 'annual_meeting' as const, startDate: null, endDate: null, location: null, note: null };
    expect(await router.call('meetings.add', { chainId, meeting: { ...base, hostPlaceId: crypto.randomUUID() } })).toMatchObject({ ok: false, error: { field: 'hostPlaceId' } });
    expect(await router.call('meetings.add', { chainId, meeting: { ...base, startDate: '2015-06-12', endDate: '2015-06-10' } })).toMatchObject({ ok: false, error: { field: 'endDate' } });
    expect(await router.call('meetings.add', { chainId, meeting: { ...base, startDate: '2015-02-30' } })).toMatchObject({ ok: false, error: { field: 'meeting.startDate', message: 'validation.date' } });
    expect(logOf(session)).toEqual([]);
    session.close();
  });
});
