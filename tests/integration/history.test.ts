import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChainHistory, ChainSummary } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { useTempDir } from '../helpers/files';
import { routerFor } from '../helpers/documents';

const tempDir = useTempDir();

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`API error: ${JSON.stringify(result.error)}`);
  return result.value;
}

describe("the demo document carries the chains' history", () => {
  it('holds three Nordic chains and the Lich partnership; Vänersborg is in two', async () => {
    const dir = tempDir();
    const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'));
    const chains = value(await router.call('chains.list', {})) as ChainSummary[];
    expect(chains.map((chain) => chain.name)).toEqual([
      'Vänersborgs nordiska vänortskedja',
      'Göteborgs nordiska vänorter',
      'Huddinges vänorter',
      'Vänersborg–Lich',
    ]);
    const inChains = session
      .context()
      .db.prepare(`SELECT COUNT(*) FROM membership m JOIN place p ON p.id = m.place_id WHERE p.name = 'Vänersborg'`)
      .pluck()
      .get();
    expect(inChains).toBe(2);
    session.close();
  });

  it("gives Vänersborg's meetings, the next host after the 2014 seminar, and a dated timeline", async () => {
    const dir = tempDir();
    const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'));
    const [vanersborg, goteborg, huddinge] = value(await router.call('chains.list', {})) as ChainSummary[];
    const history = value(await router.call('chains.history', { chainId: vanersborg!.id })) as ChainHistory;
    expect(history.meetings.map((meeting) => [meeting.year, meeting.hostName, meeting.kind])).toEqual([
      [2007, 'Kangasala', 'annual_meeting'],
      [2008, 'Husby', 'annual_meeting'],
      [2009, 'Herning', 'annual_meeting'],
      [2010, 'Siglufjörður', 'annual_meeting'],
      [2011, 'Holmestrand', 'annual_meeting'],
      [2012, 'Vänersborg', 'annual_meeting'],
      [2013, '15 landkommuner', 'annual_meeting'],
      [2014, 'Husby', 'board_seminar'],
    ]);
    expect(history.nextHost).toMatchObject({ year: 2015, name: 'Kangasala', lastHosted: 2007 });
    const kinds = new Set(history.timeline.map((entry) => entry.kind));
    expect([...kinds].sort()).toEqual(['activity', 'agreement', 'event', 'grant', 'joined', 'left', 'meeting']);
    const dates = history.timeline.map((entry) => entry.date).filter(Boolean);
    expect(dates).toEqual([...dates].sort());
    const kangasalaGrant = history.timeline.find((entry) => entry.kind === 'grant' && entry.title === 'Kangasala');
    expect(kangasalaGrant).toMatchObject({ amount: null, currency: 'EUR' });
    expect(history.timeline.find((entry) => entry.kind === 'left')).toMatchObject({ title: 'Utajärvi', year: 1976 });

    const goteborgHistory = value(await router.call('chains.history', { chainId: goteborg!.id })) as ChainHistory;
    expect(goteborgHistory.meetingCadenceYears).toBe(2);
    const huddingeHistory = value(await router.call('chains.history', { chainId: huddinge!.id })) as ChainHistory;
    expect(huddingeHistory.timeline.filter((entry) => entry.reference === 'KS-2022/1011.107').map((entry) => entry.date)).toEqual(
      ['2024-01-17', '2024-02-21'],
    );
    session.close();
  });
});

describe('the history as it stood at the end of a year', () => {
  it('holds nothing dated after 2013, and suggests the next host from the meetings up to 2013', async () => {
    const dir = tempDir();
    const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'));
    const [vanersborg, goteborg] = value(await router.call('chains.list', {})) as ChainSummary[];
    const history = value(await router.call('chains.history', { chainId: vanersborg!.id, untilYear: 2013 })) as ChainHistory;
    expect(history.meetings.map((meeting) => meeting.year)).toEqual([2007, 2008, 2009, 2010, 2011, 2012, 2013]);
    expect(history.timeline.filter((entry) => entry.year > 2013)).toEqual([]);
    // Entries of unknown date (an agreement none has found) stay: they are not later.
    expect(history.timeline.some((entry) => entry.kind === 'agreement' && entry.date === '')).toBe(true);
    // After Åland's meeting in 2013 the rotation gives the longest since hosting: Kangasala, 2007.
    expect(history.nextHost).toMatchObject({ year: 2014, name: 'Kangasala', lastHosted: 2007 });
    // A grant carries its donor.
    const whole = value(await router.call('chains.history', { chainId: vanersborg!.id })) as ChainHistory;
    expect(whole.timeline.find((entry) => entry.kind === 'grant' && entry.title === 'Herning')?.grantor).toBe('Herning Kommune');

    // A member that left after the year asked was still a candidate then; one that joined later was not.
    const members = value(await router.call('members.list', { chainId: vanersborg!.id, year: 2013 })) as {
      members: Array<{ name: string; membershipId: string }>;
    };
    const kangasala = members.members.find((member) => member.name === 'Kangasala')!;
    value(await router.call('members.setLeft', { membershipId: kangasala.membershipId, leftYear: 2016, leaveReason: null }));
    const before = value(await router.call('chains.history', { chainId: vanersborg!.id, untilYear: 2013 })) as ChainHistory;
    expect(before.nextHost.name).toBe('Kangasala');
    expect(before.timeline.some((entry) => entry.kind === 'left' && entry.title === 'Kangasala')).toBe(false);
    const gHistory = value(await router.call('chains.history', { chainId: goteborg!.id, untilYear: 1900 })) as ChainHistory;
    expect(gHistory.meetings).toEqual([]);
    expect(gHistory.nextHost.year).toBeNull();
    session.close();
  });
});

describe('member counts over time', () => {
  it("gives each member's reported counts with gaps, and the chain total with its unknowns", async () => {
    const dir = tempDir();
    const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'));
    const chainId = (value(await router.call('chains.list', {})) as ChainSummary[])[0]!.id;
    const members = value(await router.call('members.list', { chainId })) as {
      members: Array<{ name: string; placeId: string }>;
    };
    const herning = members.members.find((member) => member.name === 'Herning')!;
    value(await router.call('members.setCount', { placeId: herning.placeId, year: 2015, memberCount: 250 }));
    value(await router.call('members.setCount', { placeId: herning.placeId, year: 2014, memberCount: null }));
    const series = value(await router.call('chains.countSeries', { chainId })) as import('../../shared/contract').CountSeries;
    expect(series.years).toEqual([2013, 2014, 2015]);
    expect(series.members.find((member) => member.name === 'Herning')!.values).toEqual([230, null, 250]);
    expect(series.members.find((member) => member.name === 'Eiði')!.values).toEqual([null, null, null]);
    // Utajärvi left in 1976: a gap in every later year, whatever was reported.
    expect(series.members.find((member) => member.name === 'Utajärvi')!.values).toEqual([null, null, null]);
    expect(series.total[0]).toEqual({ sum: 1135, notReported: 1 });
    expect(series.total[1]).toEqual({ sum: null, notReported: 9 });
    expect(series.total[2]).toEqual({ sum: 250, notReported: 8 });
    expect(value(await router.call('members.counts', { placeId: herning.placeId }))).toEqual([
      { year: 2013, count: 230 },
      { year: 2014, count: null },
      { year: 2015, count: 250 },
    ]);
    session.close();
  });
});
