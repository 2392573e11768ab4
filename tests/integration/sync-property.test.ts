/**
 * Property test of merging (issue 13): three to five copies of the demo, random edits on each
 * (the same fields on several copies among them) and random exchanges (exchange files, some with
 * everything, some merged twice, and copies of the whole document), then an exchange that brings
 * every change everywhere. FC_SEED replays a failure (fast-check prints the seed and path);
 * FC_EXAMPLE replays a printed counterexample; FC_RUNS sets the number of runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as A from '@automerge/automerge';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChainMembers, ChainSummary, Conflict, MergePreview, SyncValue } from '../../shared/contract';
import { exchange, expectSameTables, laptopsWithDemo, tablesOf, type Laptop } from '../helpers/laptops';
import { SyncModel, engineOf, laptopsFromFile, shownValue } from '../helpers/sync-model';

/**
 * The engine's actors (one per opened laptop) come from randomBytes; which of two values every
 * laptop shows hangs on them. Here they come from the run's own seed, so that a seed replays it.
 */
const actors = vi.hoisted(() => ({ seed: null as number | null, count: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  const randomBytes = (size: number) =>
    actors.seed === null
      ? real.randomBytes(size)
      : real.createHash('sha256').update(`${actors.seed}:${actors.count++}`).digest().subarray(0, size);
  return { ...real, default: { ...real, randomBytes }, randomBytes };
});

const RUNS = Number(process.env.FC_RUNS) > 0 ? Number(process.env.FC_RUNS) : 20;
/** A counterexample as fast-check printed it, run first (FC_REPEAT times). */
const EXAMPLE = process.env.FC_EXAMPLE
  ? (JSON.parse(process.env.FC_EXAMPLE) as [number, Step[], [number, number][], number])
  : null;
const SEED = Number.isInteger(Number(process.env.FC_SEED)) && process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;

const NAMES = ['Herning – Karen', 'Vänersborg – Lena', 'Eiði – Jógvan', 'Kangasala – Aino', 'Arsuk – Nuka'];

let folder: string;
/** The demo with sharing on, made once: each run copies it (as the coordinator e-mails it). */
let template: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'atlas-sync-property-'));
  const [made] = await laptopsWithDemo(folder, ['template']);
  made!.session.close();
  template = made!.path;
});

afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// What a run does

type Step =
  | { kind: 'count'; who: number; place: number; year: number; value: number | null }
  | { kind: 'rename'; who: number; place: number; name: string }
  | { kind: 'joined'; who: number; member: number; year: number }
  | { kind: 'meetingAdd'; who: number; year: number; host: number | null }
  | { kind: 'meetingEdit'; who: number; meeting: number; year: number; note: string | null }
  | { kind: 'meetingRemove'; who: number; meeting: number }
  | { kind: 'memberAdd'; who: number; name: string }
  | { kind: 'undo'; who: number }
  | { kind: 'decide'; who: number; conflict: number; pick: number }
  | { kind: 'send'; from: number; to: number; all: boolean; twice: boolean; copy: boolean; preview: boolean };

const who = fc.nat(9);
// Few values, so that several copies write the same one now and then (equal values are no conflict).
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('count' as const),
      who,
      place: fc.nat(1),
      year: fc.constantFrom(2013, 2014),
      value: fc.oneof(fc.constantFrom(230, 235, 240), fc.constant(null)),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('rename' as const),
      who,
      place: fc.nat(1),
      name: fc.constantFrom('Herning', 'Herning kommun', 'Ålands landskommuner'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('joined' as const),
      who,
      member: fc.nat(1),
      year: fc.integer({ min: 1946, max: 1950 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('meetingAdd' as const),
      who,
      year: fc.constantFrom(2015, 2016),
      host: fc.option(fc.nat(3)),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('meetingEdit' as const),
      who,
      meeting: fc.nat(2),
      year: fc.constantFrom(2015, 2016),
      note: fc.option(fc.constantFrom('I Herning', 'Inställt')),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('meetingRemove' as const), who, meeting: fc.nat(2) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('memberAdd' as const), who, name: fc.constantFrom('Borgå', 'Tórshavn') }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('undo' as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('decide' as const), who, conflict: fc.nat(9), pick: fc.nat(3) }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('send' as const),
      from: who,
      to: who,
      all: fc.boolean(),
      twice: fc.boolean(),
      copy: fc.nat(3).map((n) => n === 0),
      preview: fc.boolean(),
    }),
  },
);

const meeting = (year: number, hostPlaceId: string | null, note: string | null = null) => ({
  year,
  hostPlaceId,
  kind: 'annual_meeting',
  startDate: null,
  endDate: null,
  location: null,
  note,
});

const pick = <T>(list: T[], index: number): T | undefined => (list.length === 0 ? undefined : list[index % list.length]);

/** The rows of a laptop's tables that an edit may aim at (live ones, in a fixed order). */
function live(each: Laptop, sql: string, ...params: unknown[]): string[] {
  return each.session
    .context()
    .db.prepare(sql)
    .pluck()
    .all(...params) as string[];
}

interface Run {
  laptops: Laptop[];
  model: SyncModel;
  chainId: string;
  /** For each laptop, the laptops whose exchange files it has merged (new changes in them). */
  mergedFrom: Set<number>[];
}

async function start(root: string, count: number): Promise<Run> {
  const laptops = await laptopsFromFile(root, template, NAMES.slice(0, count));
  const chains = await laptops[0]!.call<ChainSummary[]>('chains.list');
  return {
    laptops,
    model: new SyncModel(laptops[0]!),
    chainId: chains[0]!.id,
    mergedFrom: laptops.map(() => new Set<number>()),
  };
}

async function send(run: Run, fromIndex: number, options: { all: boolean; copy: boolean }) {
  const from = run.laptops[fromIndex]!;
  if (options.copy) {
    return { fileName: `${from.name}.vanort`, contentBase64: from.session.context().db.serialize().toString('base64') };
  }
  const file = await from.call<{ fileName: string; contentBase64: string }>('sync.send', { all: options.all });
  return { fileName: file.fileName, contentBase64: file.contentBase64 };
}

/** A case on `count` (up to four) copies of the demo: the laptops are closed and their folder removed after. */
async function onCopies(count: number, body: (laptops: [Laptop, Laptop, Laptop, Laptop]) => Promise<void>): Promise<void> {
  const root = mkdtempSync(join(folder, 'case-'));
  const laptops = await laptopsFromFile(root, template, NAMES.slice(0, count));
  try {
    await body(laptops as [Laptop, Laptop, Laptop, Laptop]);
  } finally {
    for (const each of laptops) each.session.close();
    rmSync(root, { recursive: true, force: true });
  }
}

/** Which laptop a step's file goes to: another than the sender. */
function receiver(s: { from: number; to: number }, count: number): number {
  return (s.to % count === s.from % count ? s.to + 1 : s.to) % count;
}

/** Sends from one laptop to another and merges there; checks what every merge must do. */
async function exchangeStep(run: Run, s: Extract<Step, { kind: 'send' }>): Promise<void> {
  const fromIndex = s.from % run.laptops.length;
  const toIndex = receiver(s, run.laptops.length);
  const from = run.laptops[fromIndex]!;
  const to = run.laptops[toIndex]!;
  const file = await send(run, fromIndex, s);
  const preview = s.preview ? await to.call<MergePreview>('sync.preview', file) : null;
  const merged = await to.call<{ changed: number; conflicts: number }>('sync.merge', file);
  const conflicts = await to.call<Conflict[]>('sync.conflicts');
  expect(merged.conflicts).toBe(conflicts.length);
  if (preview) {
    expect(
      preview.conflicts.map(({ key, values }) => ({ key, values: values.map(({ value, shown }) => ({ value, shown })) })),
    ).toEqual(conflicts.map(({ key, values }) => ({ key, values: values.map(({ value, shown }) => ({ value, shown })) })));
  }
  if (!s.copy && !s.all && !preview?.nothingNew && run.mergedFrom[fromIndex]!.has(toIndex)) {
    // A file for a colleague whose changes this laptop has merged holds all that colleague lacks.
    expect(A.hasHeads(engineOf(to), A.getHeads(engineOf(from))), `${to.name} lacks some of ${from.name}'s changes`).toBe(true);
  }
  if (!s.copy && merged.changed > 0) run.mergedFrom[toIndex]!.add(fromIndex);
  if (s.twice) {
    const before = JSON.stringify(tablesOf(to));
    expect((await to.call<{ changed: number }>('sync.merge', file)).changed).toBe(0);
    expect(JSON.stringify(tablesOf(to))).toBe(before);
  }
}

async function editStep(run: Run, s: Exclude<Step, { kind: 'send' }>): Promise<void> {
  const each = run.laptops[s.who % run.laptops.length]!;
  // In orders that do not hang on the template's random ids, so that a seed replays a run.
  const places = live(
    each,
    `SELECT p.id FROM place p JOIN membership m ON m.place_id = p.id
      WHERE m.chain_id = ? AND m.deleted_at IS NULL AND p.deleted_at IS NULL ORDER BY m.joined_year, p.name, p.id`,
    run.chainId,
  );
  const meetings = live(
    each,
    'SELECT id FROM meeting WHERE chain_id = ? AND deleted_at IS NULL ORDER BY year, note IS NULL, note, id',
    run.chainId,
  );
  const act = (method: string, input: unknown) => run.model.act(each, () => each.call(method, input));
  switch (s.kind) {
    case 'count':
      return void (await act('members.setCount', { placeId: pick(places, s.place), year: s.year, memberCount: s.value }));
    case 'rename':
      return void (await act('members.rename', { placeId: pick(places, s.place), name: s.name }));
    case 'joined': {
      const members = live(
        each,
        `SELECT m.id FROM membership m JOIN place p ON p.id = m.place_id
          WHERE m.chain_id = ? AND m.deleted_at IS NULL ORDER BY m.joined_year, p.name, m.id`,
        run.chainId,
      );
      return void (await act('members.setJoinedYear', { membershipId: pick(members, s.member), joinedYear: s.year }));
    }
    case 'meetingAdd':
      return void (await act('meetings.add', {
        chainId: run.chainId,
        meeting: meeting(s.year, s.host === null ? null : pick(places, s.host)!),
      }));
    case 'meetingEdit': {
      const id = pick(meetings, s.meeting);
      if (!id) return;
      const host = each.session.context().db.prepare('SELECT host_place_id FROM meeting WHERE id = ?').pluck().get(id) as
        string | null;
      return void (await act('meetings.update', { meetingId: id, meeting: meeting(s.year, host, s.note) }));
    }
    case 'meetingRemove': {
      const id = pick(meetings, s.meeting);
      if (id) await act('meetings.remove', { meetingId: id });
      return;
    }
    case 'memberAdd':
      return void (await act('members.add', {
        chainId: run.chainId,
        joinedYear: 2010,
        place: { name: s.name, areaCode: 'FI', latitude: 60.39, longitude: 25.66, kind: 'municipality' },
      }));
    case 'undo':
      return void (await act('undo.undo', { confirm: true }));
    case 'decide': {
      const conflicts = await each.call<Conflict[]>('sync.conflicts');
      const conflict = pick(conflicts, s.conflict);
      if (conflict) await act('sync.decide', { key: conflict.key, value: pick(conflict.values, s.pick)!.value });
    }
  }
}

/** Brings every change everywhere: each laptop sends everything to the first, which sends back what they lack. */
async function gather(run: Run): Promise<void> {
  const [hub, ...others] = run.laptops.map((_, index) => index);
  for (const index of others)
    await exchangeStep(run, { kind: 'send', from: index, to: hub!, all: true, twice: false, copy: false, preview: false });
  // Only a colleague whose file the hub merged is sure to get all it lacks from a file of changes.
  for (const index of others) {
    const all = !run.mergedFrom[hub!]!.has(index);
    await exchangeStep(run, { kind: 'send', from: hub!, to: index, all, twice: false, copy: false, preview: false });
  }
}

async function converged(run: Run): Promise<Conflict[]> {
  for (const each of run.laptops) expect(run.model.knowsAll(each), `${each.name} has every change`).toBe(true);
  for (const each of run.laptops) await run.model.check(each, true);
  expectSameTables(run.laptops);
  const lists = await Promise.all(run.laptops.map((each) => each.call<Conflict[]>('sync.conflicts')));
  for (const [index, list] of lists.entries()) expect(list, run.laptops[index]!.name).toEqual(lists[0]);
  const views = await Promise.all(
    run.laptops.map((each) => each.call<ChainMembers>('members.list', { chainId: run.chainId, year: 2014 })),
  );
  for (const [index, view] of views.entries()) expect(view, run.laptops[index]!.name).toEqual(views[0]);
  return lists[0]!;
}

describe('merging: cases the property found', () => {
  it('a meeting added and removed before the file is sent is kept, removed, on the laptop that merges it', async () => {
    await onCopies(2, async ([a, b]) => {
      const [chain] = await a.call<ChainSummary[]>('chains.list');
      await a.call('meetings.add', { chainId: chain!.id, meeting: meeting(2015, null, 'Inställt') });
      const id = a.session.context().db.prepare("SELECT id FROM meeting WHERE note = 'Inställt'").pluck().get() as string;
      await a.call('meetings.remove', { meetingId: id });
      await exchange(a, b);
      expectSameTables([a, b]);
    });
  });

  it('a meeting edited and then removed is removed with its last values on the laptop that merges it', async () => {
    await onCopies(2, async ([a, b]) => {
      const id = a.session.context().db.prepare('SELECT id FROM meeting ORDER BY year LIMIT 1').pluck().get() as string;
      await a.call('meetings.update', { meetingId: id, meeting: meeting(2015, null, 'Flyttat') });
      await a.call('meetings.remove', { meetingId: id });
      await exchange(a, b);
      expectSameTables([a, b]);
    });
  });
});

describe('merging: a count', () => {
  it('set, undone and set again is one row, the same on the laptop that merges it', async () => {
    await onCopies(2, async ([a, b]) => {
      const placeId = a.session.context().db.prepare("SELECT id FROM place WHERE name = 'Vänersborg'").pluck().get();
      await a.call('members.setCount', { placeId, year: 2014, memberCount: 230 });
      await a.call('undo.undo', {});
      await a.call('members.setCount', { placeId, year: 2014, memberCount: 231 });
      await exchange(a, b);
      expectSameTables([a, b]);
    });
  });

  it('added and undone on one laptop, added on another, is one row on both', async () => {
    await onCopies(2, async ([a, b]) => {
      const placeId = a.session.context().db.prepare("SELECT id FROM place WHERE name = 'Vänersborg'").pluck().get();
      await a.call('members.setCount', { placeId, year: 2014, memberCount: 230 });
      await a.call('undo.undo', {});
      await b.call('members.setCount', { placeId, year: 2014, memberCount: 231 });
      await exchange(b, a);
      await exchange(a, b);
      expectSameTables([a, b]);
    });
  });
});

describe('merging: the answer', () => {
  it('of a file with nothing new counts the conflicts the document has, as any merge does', async () => {
    await onCopies(2, async ([a, b]) => {
      const herning = a.session.context().db.prepare("SELECT id FROM place WHERE name = 'Herning'").pluck().get() as string;
      await a.call('members.setCount', { placeId: herning, year: 2013, memberCount: 235 });
      await b.call('members.setCount', { placeId: herning, year: 2013, memberCount: 240 });
      const file = await send({ laptops: [a] } as Run, 0, { all: false, copy: false });
      expect((await b.call<{ conflicts: number }>('sync.merge', file)).conflicts).toBe(1);
      expect(await b.call<{ changed: number; conflicts: number }>('sync.merge', file)).toMatchObject({
        changed: 0,
        conflicts: 1,
      });
    });
  });
});

describe('merging: a file of changes', () => {
  it('holds all that a colleague whose file was merged lacks, also after that colleague was relayed', async () => {
    await onCopies(3, async ([a, b, c]) => {
      const db = a.session.context().db;
      const place = (name: string) => db.prepare('SELECT id FROM place WHERE name = ?').pluck().get(name) as string;
      const count = (each: Laptop, name: string, memberCount: number) =>
        each.call('members.setCount', { placeId: place(name), year: 2013, memberCount });
      await count(b, 'Herning', 1);
      await exchange(b, a);
      await count(b, 'Herning', 2);
      await exchange(b, c);
      await count(c, 'Kangasala', 3);
      // C's file brings B's second change to A too: A did not hear it from B.
      await exchange(c, a, true);
      await count(a, 'Arsuk', 4);
      await exchange(a, b);
      expect(A.hasHeads(engineOf(b), A.getHeads(engineOf(a))), 'B has all of A').toBe(true);
    });
  });
});

describe('merging: the conflict list', () => {
  it('takes in a third value of a conflict where the value shown stays', async () => {
    await onCopies(4, async ([a, b, c, x]) => {
      const db = a.session.context().db;
      const place = (name: string) => db.prepare('SELECT id FROM place WHERE name = ?').pluck().get(name) as string;
      const count = (each: Laptop, memberCount: number, year = 2013, name = 'Herning') =>
        each.call('members.setCount', { placeId: place(name), year, memberCount });
      // C makes more edits first: its value has the highest op counter and is shown everywhere.
      for (let year = 2000; year < 2006; year += 1) await count(c, year, year, 'Vänersborg');
      await count(c, 3);
      await count(a, 1);
      await count(b, 2);
      await exchange(a, x);
      await exchange(c, x);
      const [before] = await x.call<Conflict[]>('sync.conflicts');
      expect(before!.values.map((value) => [value.value, value.shown]).sort()).toEqual([
        [1, false],
        [3, true],
      ]);
      await exchange(b, x);
      const [after] = await x.call<Conflict[]>('sync.conflicts');
      expect(after!.values.map((value) => value.value).sort()).toEqual([1, 2, 3]);
    });
  });
});

describe('merging: a decision', () => {
  it('to keep the shown value stays a value of its own: a colleague who wrote another meanwhile conflicts with it', async () => {
    await onCopies(3, async ([a, b, c]) => {
      const herning = a.session.context().db.prepare("SELECT id FROM place WHERE name = 'Herning'").pluck().get() as string;
      await a.call('members.setCount', { placeId: herning, year: 2013, memberCount: 235 });
      await b.call('members.setCount', { placeId: herning, year: 2013, memberCount: 240 });
      await exchange(b, a);
      await exchange(a, c, true);
      const [conflict] = await a.call<Conflict[]>('sync.conflicts');
      const shown = conflict!.values.find((value) => value.shown)!.value;
      // A keeps the value shown; C, who saw the same conflict, types 250 meanwhile.
      await a.call('sync.decide', { key: conflict!.key, value: shown });
      await c.call('members.setCount', { placeId: herning, year: 2013, memberCount: 250 });
      await exchange(a, c);
      await exchange(c, a);
      for (const each of [a, c]) {
        const conflicts = await each.call<Conflict[]>('sync.conflicts');
        expect(
          conflicts.map((entry) => entry.key),
          each.name,
        ).toEqual([conflict!.key]);
        expect(conflicts[0]!.values.map((value) => value.value).sort(), each.name).toEqual([shown, 250].sort());
      }
      expectSameTables([a, c]);
    });
  });
});

describe('merging, as a property', () => {
  it(
    'copies edited and exchanged at random converge, keep every value until someone decides, and stay sound',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 3, max: 5 }),
          fc.array(step, { minLength: 4, maxLength: 20 }),
          fc.array(fc.tuple(who, fc.nat(3)), { minLength: 1, maxLength: 2 }),
          fc.nat(),
          async (count, steps, decisions, actorSeed) => {
            actors.seed = actorSeed;
            actors.count = 0;
            const root = mkdtempSync(join(folder, 'run-'));
            const run = await start(root, count);
            try {
              // Two laptops count one place apart first, so that every run has a conflict to decide.
              const opening: Step[] = [
                { kind: 'count', who: 0, place: 1, year: 2013, value: 235 },
                { kind: 'count', who: 1, place: 1, year: 2013, value: 240 },
              ];
              for (const s of [...opening, ...steps]) {
                if (s.kind === 'send') await exchangeStep(run, s);
                else await editStep(run, s);
                await run.model.check(run.laptops[s.kind === 'send' ? receiver(s, count) : s.who % count]!);
              }
              await gather(run);
              const conflicts = await converged(run);
              // Decisions, each on another conflict by one laptop, then exchanged everywhere.
              const decided = new Map<string, SyncValue>();
              for (const [index, [by, value]] of decisions.entries()) {
                const conflict = conflicts[index];
                if (!conflict) break;
                const chosen = pick(conflict.values, value)!.value;
                const each = run.laptops[by % count]!;
                await run.model.act(each, () => each.call('sync.decide', { key: conflict.key, value: chosen }));
                decided.set(conflict.key, chosen);
              }
              await gather(run);
              const after = await converged(run);
              for (const [key, value] of decided) {
                expect(after.map((conflict) => conflict.key)).not.toContain(key);
                for (const each of run.laptops) expect(shownValue(each, key), `${each.name}: ${key}`).toEqual(value);
              }
            } finally {
              actors.seed = null;
              for (const each of run.laptops) each.session.close();
              rmSync(root, { recursive: true, force: true });
            }
          },
        ),
        {
          numRuns: RUNS,
          ...(SEED === undefined ? {} : { seed: SEED }),
          ...(EXAMPLE ? { examples: Array.from({ length: Number(process.env.FC_REPEAT ?? 1) }, () => EXAMPLE) } : {}),
          // The default runs stop at this limit, to keep the file within 90 s on a loaded machine.
          ...(process.env.FC_RUNS ? {} : { interruptAfterTimeLimit: 70_000, markInterruptAsFailure: false }),
        },
      );
    },
    Math.max(150_000, RUNS * 8_000),
  );
});
