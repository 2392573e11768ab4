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
  session.context().db.prepare('SELECT table_name, field, state FROM change_log ORDER BY seq').all() as Array<{
    table_name: string;
    field: string;
    state: string;
  }>;

describe('membership periods', () => {
  it('lists a departure before the rejoin of the same year, the earlier period first', async () => {
    const { router, session, chainId } = await open();
    const utajarvi = (value(await router.call('members.list', { chainId, year: 1975 })) as ChainMembers).members.find(
      (m) => m.name === 'Utajärvi',
    )!;
    value(await router.call('members.rejoin', { membershipId: utajarvi.membershipId, joinedYear: 1976 }));
    const history = value(await router.call('chains.history', { chainId })) as ChainHistory;
    const lines = history.timeline
      .filter((entry) => entry.title === 'Utajärvi' && (entry.kind === 'joined' || entry.kind === 'left'))
      .map((entry) => `${entry.date} ${entry.kind}`);
    expect(lines).toEqual(['1948 joined', '1976 left', '1976 joined']);
    session.close();
  });

  it('a member leaves and joins again; each step is undoable and logged', async () => {
    const { router, session, chainId } = await open();
    const herning = (value(await router.call('members.list', { chainId, year: 2013 })) as ChainMembers).members.find(
      (m) => m.name === 'Herning',
    )!;
    value(
      await router.call('members.setLeft', {
        membershipId: herning.membershipId,
        leftYear: 2015,
        leaveReason: 'Föreningen lades ner',
      }),
    );
    expect(await namesIn(router, chainId, 2016)).not.toContain('Herning');
    expect(await namesIn(router, chainId, 2014)).toContain('Herning');
    value(await router.call('members.rejoin', { membershipId: herning.membershipId, joinedYear: 2020 }));
    expect(await namesIn(router, chainId, 2021)).toContain('Herning');
    expect(await namesIn(router, chainId, 2017)).not.toContain('Herning');
    expect(logOf(session).map((row) => `${row.table_name}.${row.field}`)).toEqual([
      'membership.left_year',
      'membership.leave_reason',
      'membership.*insert',
    ]);

    value(await router.call('undo.undo', {}));
    expect(await namesIn(router, chainId, 2021)).not.toContain('Herning');
    value(await router.call('undo.undo', {}));
    expect(await namesIn(router, chainId, 2021)).toContain('Herning');
    session.close();
  });

  it('refuses a departure before joining, and overlapping periods, with nothing saved', async () => {
    const { router, session, chainId } = await open();
    const utajarvi = (value(await router.call('members.list', { chainId, year: 1960 })) as ChainMembers).members.find(
      (m) => m.name === 'Utajärvi',
    )!;
    expect(
      await router.call('members.setLeft', { membershipId: utajarvi.membershipId, leftYear: 1940, leaveReason: null }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'leftYear', message: 'validation.leftBeforeJoined' },
    });
    expect(await router.call('members.rejoin', { membershipId: utajarvi.membershipId, joinedYear: 1970 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'joinedYear', message: 'validation.periodOverlap' },
    });
    value(await router.call('members.rejoin', { membershipId: utajarvi.membershipId, joinedYear: 1990 }));
    // The first period may not now be stretched into the new one.
    expect(
      await router.call('members.setLeft', { membershipId: utajarvi.membershipId, leftYear: 1995, leaveReason: null }),
    ).toMatchObject({
      ok: false,
      error: { message: 'validation.periodOverlap' },
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
    const meeting = {
      year: 2015,
      hostPlaceId: herning.placeId,
      kind: 'annual_meeting' as const,
      startDate: '2015-06-12',
      endDate: '2015-06-14',
      location: null,
      note: null,
    };
    value(await router.call('meetings.add', { chainId, meeting }));
    let after = await history();
    expect(after.meetings.at(-1)).toMatchObject({ year: 2015, hostName: 'Herning' });
    expect(after.nextHost).toMatchObject({ year: 2016, name: 'Kangasala' });

    const added = after.meetings.at(-1)!;
    value(
      await router.call('meetings.update', { meetingId: added.id, meeting: { ...meeting, location: 'Herning Kongrescenter' } }),
    );
    value(await router.call('meetings.remove', { meetingId: added.id }));
    after = await history();
    expect(after.meetings.map((item) => item.year)).not.toContain(2015);
    value(await router.call('undo.undo', {}));
    after = await history();
    expect(after.meetings.at(-1)).toMatchObject({ year: 2015, location: 'Herning Kongrescenter' });
    value(await router.call('undo.undo', {}));
    expect((await history()).meetings.at(-1)?.location).toBeNull();
    expect(logOf(session).map((row) => `${row.table_name}.${row.field}:${row.state}`)).toEqual([
      'meeting.*insert:done',
      'meeting.location:undone',
      'meeting.*delete:undone',
    ]);
    session.close();
  });

  it('refuses a host outside the chain, an end before the start, and a date that does not exist', async () => {
    const { router, session, chainId } = await open();
    const base = {
      year: 2015,
      hostPlaceId: null,
      kind: 'annual_meeting' as const,
      startDate: null,
      endDate: null,
      location: null,
      note: null,
    };
    expect(await router.call('meetings.add', { chainId, meeting: { ...base, hostPlaceId: crypto.randomUUID() } })).toMatchObject({
      ok: false,
      error: { field: 'hostPlaceId' },
    });
    expect(
      await router.call('meetings.add', { chainId, meeting: { ...base, startDate: '2015-06-12', endDate: '2015-06-10' } }),
    ).toMatchObject({ ok: false, error: { field: 'endDate' } });
    expect(await router.call('meetings.add', { chainId, meeting: { ...base, startDate: '2015-02-30' } })).toMatchObject({
      ok: false,
      error: { field: 'meeting.startDate', message: 'validation.date' },
    });
    expect(logOf(session)).toEqual([]);
    session.close();
  });
});

describe('grants, decisions, activities and agreements', () => {
  it('adds each kind to the timeline as one undo step, logged; removes them again', async () => {
    const { router, session, chainId } = await open();
    const members = (value(await router.call('members.list', { chainId })) as ChainMembers).members;
    const place = (name: string) => members.find((member) => member.name === name)!.placeId;
    const records = [
      {
        kind: 'grant',
        placeId: place('Eiði'),
        year: 2015,
        amount: null,
        currency: 'DKK',
        status: 'granted',
        grantor: null,
        note: null,
      },
      {
        kind: 'event',
        date: '2015-03-01',
        title: 'Styrelsen beslutar om nytt möte',
        body: 'Styrelsen',
        reference: 'Dnr 2015/7',
        description: null,
        placeId: null,
      },
      {
        kind: 'activity',
        year: 2016,
        title: 'Körutbyte',
        field: 'culture',
        placeIds: [place('Herning'), place('Vänersborg')],
        description: null,
      },
      {
        kind: 'agreement',
        title: 'Avtal om skolutbyte',
        agreementKind: 'municipalities',
        status: 'active',
        partyPlaceIds: [place('Kangasala'), place('Vänersborg')],
        startDate: '2016-01-01',
        endDate: null,
        note: null,
      },
    ] as const;
    for (const record of records) value(await router.call('records.add', { chainId, record }));
    const history = value(await router.call('chains.history', { chainId })) as ChainHistory;
    const added = (kind: string, title: string) => history.timeline.find((entry) => entry.kind === kind && entry.title === title);
    expect(added('grant', 'Eiði')).toMatchObject({ amount: null, currency: 'DKK', year: 2015 });
    expect(added('event', 'Styrelsen beslutar om nytt möte')).toMatchObject({ reference: 'Dnr 2015/7', date: '2015-03-01' });
    expect(added('activity', 'Körutbyte')).toMatchObject({ placeName: 'Herning, Vänersborg', status: 'culture' });
    expect(added('agreement', 'Avtal om skolutbyte')).toMatchObject({ status: 'active', date: '2016-01-01' });
    const groups = session.context().db.prepare(`SELECT COUNT(DISTINCT group_id) FROM change_log`).pluck().get();
    expect(groups).toBe(4);

    value(await router.call('undo.undo', {}));
    let after = value(await router.call('chains.history', { chainId })) as ChainHistory;
    expect(after.timeline.some((entry) => entry.title === 'Avtal om skolutbyte')).toBe(false);
    const activity = added('activity', 'Körutbyte')!;
    value(await router.call('records.remove', { kind: 'activity', id: activity.id }));
    after = value(await router.call('chains.history', { chainId })) as ChainHistory;
    expect(after.timeline.some((entry) => entry.title === 'Körutbyte')).toBe(false);
    value(await router.call('undo.undo', {}));
    after = value(await router.call('chains.history', { chainId })) as ChainHistory;
    expect(after.timeline.some((entry) => entry.title === 'Körutbyte')).toBe(true);
    session.close();
  });

  it("takes an agreement's date as a year, a year and month, or a day, and refuses a month that is none", async () => {
    const { router, session, chainId } = await open();
    const agreement = (startDate: string) => ({
      kind: 'agreement',
      title: `Avtal ${startDate}`,
      agreementKind: 'municipalities',
      status: 'active',
      partyPlaceIds: [],
      startDate,
      endDate: null,
      note: null,
    });
    for (const date of ['2015', '2015-03', '2015-03-10'])
      expect((await router.call('records.add', { chainId, record: agreement(date) })).ok, date).toBe(true);
    // The message names the forms the field takes, or, for a year too late, the years it takes.
    for (const date of ['2015-13', '2015-3', '2015-02-30', '15']) {
      const refused = await router.call('records.add', { chainId, record: agreement(date) });
      expect(refused, date).toMatchObject({ ok: false, error: { message: 'validation.partialDate' } });
    }
    const late = String(new Date().getFullYear() + 5);
    expect(await router.call('records.add', { chainId, record: agreement(`${late}-06`) })).toMatchObject({
      ok: false,
      error: { message: 'validation.dateRange' },
    });
    const event = (date: string) => ({
      kind: 'event',
      date,
      title: 'Beslut',
      body: null,
      reference: null,
      description: null,
      placeId: null,
    });
    expect(await router.call('records.add', { chainId, record: event(`${late}-01-01`) })).toMatchObject({
      ok: false,
      error: { message: 'validation.dateRange' },
    });
    expect(await router.call('records.add', { chainId, record: event('2015-03') })).toMatchObject({
      ok: false,
      error: { message: 'validation.yearOrDate' },
    });
    const history = value(await router.call('chains.history', { chainId })) as ChainHistory;
    const dated = history.timeline.filter((entry) => entry.kind === 'agreement' && entry.title.startsWith('Avtal 2015'));
    expect(dated.map((entry) => [entry.date, entry.year])).toEqual([
      ['2015', 2015],
      ['2015-03', 2015],
      ['2015-03-10', 2015],
    ]);
    // As the year the report asks for: an agreement of March 2015 is not in a report of 2014.
    const until2014 = value(await router.call('chains.history', { chainId, untilYear: 2014 })) as ChainHistory;
    expect(until2014.timeline.some((entry) => entry.title.startsWith('Avtal 2015'))).toBe(false);
    session.close();
  });

  it('refuses a grant to a place outside the chain, a negative amount, and an empty title', async () => {
    const { router, session, chainId } = await open();
    const grant = {
      kind: 'grant',
      placeId: crypto.randomUUID(),
      year: 2015,
      amount: 100,
      currency: 'SEK',
      status: 'granted',
      grantor: null,
      note: null,
    } as const;
    expect(await router.call('records.add', { chainId, record: grant })).toMatchObject({
      ok: false,
      error: { field: 'placeId', message: 'validation.notAMember' },
    });
    expect(await router.call('records.add', { chainId, record: { ...grant, amount: -5 } })).toMatchObject({
      ok: false,
      error: { message: 'validation.amount' },
    });
    expect(
      await router.call('records.add', {
        chainId,
        record: { kind: 'event', date: '2015', title: ' ', body: null, reference: null, description: null, placeId: null },
      }),
    ).toMatchObject({
      ok: false,
      error: { message: 'validation.titleEmpty' },
    });
    expect(logOf(session)).toEqual([]);
    session.close();
  });
});

describe('facts from disagreeing sources, and activity levels', () => {
  it('keeps both years for Husby with their sources; showing the other is one undo step', async () => {
    const { router, session, chainId } = await open();
    const husby = (value(await router.call('members.list', { chainId })) as ChainMembers).members.find(
      (m) => m.name === 'Husby',
    )!;
    const fact = { table: 'membership' as const, rowId: husby.membershipId, field: 'joined_year' as const };
    const listed = value(await router.call('facts.alternatives', fact)) as Array<{
      id: string;
      value: number;
      source: string;
      shown: boolean;
    }>;
    expect(listed.map(({ value: year, source, shown }) => [year, source, shown])).toEqual([
      [1988, 'Kartläggningen 2014, tabellen', true],
      [1989, 'Kartläggningen 2014, löptexten', false],
    ]);
    value(await router.call('facts.show', { alternativeId: listed[1]!.id }));
    let members = (value(await router.call('members.list', { chainId })) as ChainMembers).members;
    expect(members.find((m) => m.name === 'Husby')!.joinedYear).toBe(1989);
    value(await router.call('undo.undo', {}));
    members = (value(await router.call('members.list', { chainId })) as ChainMembers).members;
    expect(members.find((m) => m.name === 'Husby')!.joinedYear).toBe(1988);
    expect((value(await router.call('facts.alternatives', fact)) as Array<{ shown: boolean }>).map((item) => item.shown)).toEqual(
      [true, false],
    );
    session.close();
  });

  it('recording a first other source keeps the year the record had', async () => {
    const { router, session, chainId } = await open();
    const herning = (value(await router.call('members.list', { chainId })) as ChainMembers).members.find(
      (m) => m.name === 'Herning',
    )!;
    const fact = { table: 'membership' as const, rowId: herning.membershipId, field: 'joined_year' as const };
    value(await router.call('facts.add', { ...fact, value: 1945, source: 'Mötesprotokoll 1945', note: null, show: false }));
    const listed = value(await router.call('facts.alternatives', fact)) as Array<{ value: number; shown: boolean }>;
    expect(listed.map((item) => [item.value, item.shown])).toEqual([
      [1946, true],
      [1945, false],
    ]);
    expect(await router.call('facts.add', { ...fact, value: 1945, source: ' ', note: null, show: false })).toMatchObject({
      ok: false,
      error: { message: 'validation.sourceEmpty' },
    });
    session.close();
  });

  it("sets, changes and clears a member's activity level for a year, each undoable", async () => {
    const { router, session, chainId } = await open();
    const kangasala = (value(await router.call('members.list', { chainId })) as ChainMembers).members.find(
      (m) => m.name === 'Kangasala',
    )!;
    const levelIn2013 = async () =>
      (value(await router.call('members.list', { chainId, year: 2013 })) as ChainMembers).members.find(
        (m) => m.name === 'Kangasala',
      )!.activityLevel;
    value(await router.call('members.setActivityLevel', { membershipId: kangasala.membershipId, year: 2013, level: 'sporadic' }));
    value(await router.call('members.setActivityLevel', { membershipId: kangasala.membershipId, year: 2013, level: 'active' }));
    expect(await levelIn2013()).toBe('active');
    value(await router.call('members.setActivityLevel', { membershipId: kangasala.membershipId, year: 2013, level: null }));
    expect(await levelIn2013()).toBeNull();
    value(await router.call('undo.undo', {}));
    expect(await levelIn2013()).toBe('active');
    value(await router.call('undo.undo', {}));
    expect(await levelIn2013()).toBe('sporadic');
    expect(logOf(session).map((row) => `${row.table_name}.${row.field}`)).toEqual([
      'activity_level.*insert',
      'activity_level.level',
      'activity_level.*delete',
    ]);
    session.close();
  });
});

describe('the rotation settings', () => {
  it("a member can be taken out of the rotation, and the chain's cadence changed; both undoable", async () => {
    const { router, session, chainId } = await open();
    const nextHost = async () => (value(await router.call('chains.history', { chainId })) as ChainHistory).nextHost;
    const kangasala = (value(await router.call('members.list', { chainId })) as ChainMembers).members.find(
      (m) => m.name === 'Kangasala',
    )!;
    expect(kangasala.canHost).toBe(true);
    value(await router.call('members.setHosting', { membershipId: kangasala.membershipId, canHost: false, sponsorBond: null }));
    expect(await nextHost()).toMatchObject({ name: 'Herning', lastHosted: 2009, year: 2015 });
    value(await router.call('chains.setCadence', { chainId, meetingCadenceYears: 2 }));
    expect(await nextHost()).toMatchObject({ year: 2016 });
    expect(await router.call('chains.setCadence', { chainId, meetingCadenceYears: 0 })).toMatchObject({
      ok: false,
      error: { message: 'validation.cadence' },
    });
    value(await router.call('undo.undo', {}));
    value(await router.call('undo.undo', {}));
    expect(await nextHost()).toMatchObject({ name: 'Kangasala', year: 2015 });
    session.close();
  });
});

describe('sources and notes', () => {
  it("a membership's source and note are set as one undo step", async () => {
    const { router, session, chainId } = await open();
    const arsuk = (value(await router.call('members.list', { chainId })) as ChainMembers).members.find(
      (m) => m.name === 'Arsuk',
    )!;
    expect(arsuk.note).toContain('1989');
    value(
      await router.call('facts.setSourceNote', {
        table: 'membership',
        rowId: arsuk.membershipId,
        source: 'Protokoll 1987-05-02, § 4',
        note: 'Enligt protokollet.',
      }),
    );
    let after = (value(await router.call('members.list', { chainId })) as ChainMembers).members.find((m) => m.name === 'Arsuk')!;
    expect([after.source, after.note]).toEqual(['Protokoll 1987-05-02, § 4', 'Enligt protokollet.']);
    value(await router.call('undo.undo', {}));
    after = (value(await router.call('members.list', { chainId })) as ChainMembers).members.find((m) => m.name === 'Arsuk')!;
    expect(after.note).toBe(arsuk.note);
    expect(
      await router.call('facts.setSourceNote', { table: 'change_log', rowId: arsuk.membershipId, source: null, note: null }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    session.close();
  });
});
