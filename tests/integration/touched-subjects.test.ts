/**
 * Each edit's answer says which subjects it touched, and the window fetches again only the
 * queries that read one of them (QUERY_READS in shared/contract/reads.ts). So the declarations
 * must hold: on the demo, after any edit, undo or redo, every query whose answer changed reads a
 * subject the answer named, and the undo state the answer carries is what undo.state says.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contract,
  METHOD_NAMES,
  readsAny,
  SUBJECTS,
  type ChainMembers,
  type QueryMethod,
  type Subject,
} from '../../shared/contract';
import type { Result } from '../../shared/result';
import {
  demoTemplate,
  fuzzMapData,
  fuzzParameters,
  fuzzRuns,
  fuzzTimeout,
  idPools,
  openFuzzDocument,
  recordingFileActions,
  validInputFor,
  type FuzzDocument,
  type IdPools,
} from '../helpers/fuzz';

interface Call {
  method: QueryMethod;
  input: Record<string, unknown>;
}

/**
 * The queries the window makes of the demo: every chain at a few years and at the year an edit
 * names (an activity level shows only in its year), every place and every membership.
 */
function queriesOf(pools: IdPools, input: unknown): Call[] {
  const edited = (input as { year?: unknown } | null)?.year;
  const years = [1950, 1990, 2013, 2020, ...(typeof edited === 'number' ? [edited] : [])];
  const calls: Call[] = [
    { method: 'document.info', input: {} },
    { method: 'chains.list', input: {} },
    { method: 'undo.state', input: {} },
    { method: 'backups.list', input: {} },
    { method: 'sync.status', input: {} },
    { method: 'sync.conflicts', input: {} },
    { method: 'sync.changes', input: {} },
  ];
  for (const chainId of pools.chain) {
    calls.push({ method: 'members.list', input: { chainId } });
    for (const year of years) calls.push({ method: 'members.list', input: { chainId, year } });
    calls.push({ method: 'chains.history', input: { chainId } }, { method: 'chains.countSeries', input: { chainId } });
  }
  for (const placeId of pools.place) calls.push({ method: 'members.counts', input: { placeId } });
  for (const [id, kind] of Object.entries(pools.kindOfRecord)) calls.push({ method: 'records.get', input: { kind, id } });
  for (const rowId of pools.membership)
    calls.push({ method: 'facts.alternatives', input: { table: 'membership', rowId, field: 'joined_year' } });
  return calls;
}

async function answers(doc: FuzzDocument, calls: Call[]): Promise<string[]> {
  return Promise.all(calls.map(async ({ method, input }) => JSON.stringify(await doc.router.call(method, input))));
}

interface EditOutcome {
  canUndo: boolean;
  canRedo: boolean;
  changed?: boolean;
  touched?: Subject[];
}

/** What is wrong with an answer's touched subjects, given the answers before and after it. */
function problems(calls: Call[], before: string[], after: string[], answer: Result<unknown>): string[] {
  const found: string[] = [];
  const outcome = answer.ok ? (answer.value as EditOutcome) : null;
  const touched = outcome?.touched ?? [];
  for (const subject of touched) if (!SUBJECTS.includes(subject)) found.push(`touched ${subject}, not a subject`);
  if (outcome && outcome.changed === false && outcome.touched !== undefined) found.push('a step that changed nothing touched');
  calls.forEach((call, index) => {
    if (after[index] !== before[index] && !readsAny(call.method, touched))
      found.push(`${call.method}(${JSON.stringify(call.input)}) changed, touched only [${touched.join(', ')}]`);
  });
  if (outcome) {
    const state = JSON.parse(after[calls.findIndex((call) => call.method === 'undo.state')]!) as Result<EditOutcome>;
    if (!state.ok || state.value.canUndo !== outcome.canUndo || state.value.canRedo !== outcome.canRedo)
      found.push(`the answer's undo state ${JSON.stringify(outcome)} is not undo.state's ${JSON.stringify(state)}`);
  }
  return found;
}

/**
 * Every edit the window can make. Restoring a backup and "Open anyway" (which opens the document
 * again, and changes nothing on a document that is writable already) touch everything, so they
 * prove nothing here; an import gets a file of its own below (random bytes are never a spreadsheet).
 */
const EDIT_METHODS = METHOD_NAMES.filter(
  (method) =>
    contract[method].kind === 'edit' &&
    !['undo.undo', 'undo.redo', 'backups.restore', 'document.openAnyway', 'import.apply'].includes(method) &&
    // Sharing's edits need a shared document and a colleague's file: they get their own case below.
    !method.startsWith('sync.'),
);

/** A sheet that updates Herning's count and adds Åbo (Turku, from the gazetteer) with a count. */
const SHEET = 'Vänort;Land;Kontaktår;Medlemsantal\r\nHerning;DK;1946;231\r\nÅbo;FI;2020;120\r\n';

/** How many inputs of each edit must have changed some answer (each tried one is checked). */
const CHANGING_INPUTS = 3;

describe("an edit's touched subjects", () => {
  let dir = '';
  let template = '';
  let pools: IdPools;
  let run = 0;
  // One demo for the whole file (the ids in the inputs are its ids), copied for each run.
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atlas-touched-'));
    template = await demoTemplate(dir);
    const probe = await openFuzzDocument(dir, template, 'probe', recordingFileActions([]));
    pools = idPools(probe.db);
    probe.close();
    fuzzMapData().gazetteer();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Calls the router and checks the answer's touched subjects against what changed; resolves to the answer and how many answers changed. */
  async function checked(
    doc: FuzzDocument,
    method: string,
    input: unknown,
  ): Promise<{ answer: Result<unknown>; changed: number }> {
    const asked = queriesOf(pools, input);
    const before = await answers(doc, asked);
    const answer = await doc.router.call(method, input);
    const after = await answers(doc, asked);
    expect(problems(asked, before, after, answer), `${method}(${JSON.stringify(input).slice(0, 300)})`).toEqual([]);
    return { answer, changed: after.filter((text, index) => text !== before[index]).length };
  }

  it('name the tables the edit changed, and a step those of the action it undid or redid', async () => {
    const doc = await openFuzzDocument(dir, template, 'exact', recordingFileActions([]));
    try {
      const chains = (await doc.router.call('chains.list', {})) as Result<Array<{ id: string }>>;
      const chainId = chains.ok ? chains.value[0]!.id : '';
      const list = (await doc.router.call('members.list', { chainId })) as Result<ChainMembers>;
      const herning = list.ok ? list.value.members.find((member) => member.name === 'Herning') : undefined;
      expect(herning).toBeDefined();
      const step = async (method: string, input: unknown) => (await checked(doc, method, input)).answer;

      // With the place's counts, as members.counts answers them now (the details' grid shows them).
      const counts = await doc.router.call('members.counts', { placeId: herning!.placeId });
      expect(counts).toMatchObject({ ok: true });
      // And the warnings of its chain ("Att granska"), which a count may start or end.
      const fresh = [
        { method: 'members.counts', input: { placeId: herning!.placeId }, value: [{ year: 2013, count: 245 }] },
        { method: 'checks.list', input: { chainId }, value: [] },
      ];
      expect(await step('members.setCount', { placeId: herning!.placeId, year: 2013, memberCount: 245 })).toEqual({
        ok: true,
        value: { canUndo: true, canRedo: false, touched: ['member_count'], fresh },
      });
      expect(await doc.router.call('members.counts', { placeId: herning!.placeId })).toEqual({
        ok: true,
        value: fresh[0]!.value,
      });
      expect(await step('members.rename', { placeId: herning!.placeId, name: 'Herning Kommune' })).toEqual({
        ok: true,
        value: { canUndo: true, canRedo: false, touched: ['place'] },
      });
      // A value that does not change is not logged: nothing is touched.
      expect(await step('members.rename', { placeId: herning!.placeId, name: 'Herning Kommune' })).toEqual({
        ok: true,
        value: { canUndo: true, canRedo: false, touched: [] },
      });
      expect(await step('undo.undo', {})).toEqual({
        ok: true,
        value: { changed: true, canUndo: true, canRedo: true, touched: ['place'] },
      });
      expect(await step('undo.undo', {})).toEqual({
        ok: true,
        value: { changed: true, canUndo: false, canRedo: true, touched: ['member_count'] },
      });
      expect(await step('undo.undo', {})).toEqual({ ok: true, value: { changed: false, canUndo: false, canRedo: true } });
      expect(await step('undo.redo', {})).toEqual({
        ok: true,
        value: { changed: true, canUndo: true, canRedo: true, touched: ['member_count'] },
      });
    } finally {
      doc.close();
    }
  });

  describe('cover every query whose answer changed', () => {
    /**
     * Runs the steps on a fresh demo, checking each; resolves to how many answers they changed.
     * With untilRefused, a refused step (checked to have changed nothing) ends the run.
     */
    async function check(steps: Array<{ method: string; input: unknown }>, { untilRefused = false } = {}): Promise<number> {
      const doc = await openFuzzDocument(dir, template, `touched-${(run += 1)}`, recordingFileActions([]));
      let changed = 0;
      try {
        for (const { method, input } of steps) {
          const step = await checked(doc, method, input);
          changed += step.changed;
          if (untilRefused && !step.answer.ok) break;
        }
      } finally {
        doc.close();
      }
      return changed;
    }

    // Each edit method on its own, then Undo and Redo of it, so that each declaration is tried.
    // Inputs valid by the schema are often refused by the document (an id of another kind, a year
    // before the member joined): they are tried until some have changed what a query answers.
    // Up to 1,500: few inputs rejoin (a membership that has left, a year after it and not in the
    // future), and 300 found only two in one run in ten or so.
    it.each(EDIT_METHODS)('%s, its undo and its redo', { timeout: fuzzTimeout(6, 120_000) }, async (method) => {
      const seed = Number(process.env.FUZZ_SEED);
      const inputs = fc.sample(validInputFor(method, pools), { numRuns: 1_500, ...(Number.isInteger(seed) ? { seed } : {}) });
      const steps = (input: unknown) => [
        { method, input },
        ...['undo.undo', 'undo.redo'].map((step) => ({ method: step, input: {} })),
      ];
      let changing = 0;
      for (const input of inputs) {
        if ((await check(steps(input), { untilRefused: true })) > 0) changing += 1;
        if (changing === CHANGING_INPUTS) break;
      }
      expect(changing).toBe(CHANGING_INPUTS);
    });

    it('import.apply, its undo and its redo', async () => {
      const input = {
        fileName: 'medlemmar.csv',
        contentBase64: Buffer.from(SHEET, 'utf8').toString('base64'),
        chainId: pools.chain[0]!,
        countYear: 2013,
      };
      const steps = [
        { method: 'import.apply', input },
        ...['undo.undo', 'undo.redo'].map((step) => ({ method: step, input: {} })),
      ];
      expect(await check(steps)).toBeGreaterThan(0);
    });

    it('sync.enable, an edit of the shared document, its undo and its redo', async () => {
      const steps = [
        { method: 'sync.enable', input: {} },
        { method: 'members.setCount', input: { placeId: pools.place[0]!, year: 2013, memberCount: 4321 } },
        ...['undo.undo', 'undo.redo'].map((step) => ({ method: step, input: {} })),
      ];
      expect(await check(steps)).toBeGreaterThan(0);
    });

    it('random runs of edits, undos and redos', { timeout: fuzzTimeout(10, 120_000) }, async () => {
      const step = fc.oneof(
        {
          weight: 6,
          arbitrary: fc
            .constantFrom(...EDIT_METHODS)
            .chain((method) => validInputFor(method, pools).map((input) => ({ method: method as string, input }))),
        },
        { weight: 2, arbitrary: fc.constant({ method: 'undo.undo', input: {} as unknown }) },
        { weight: 1, arbitrary: fc.constant({ method: 'undo.redo', input: {} as unknown }) },
      );
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (steps) => {
          await check(steps);
        }),
        fuzzParameters(fuzzRuns(10)),
      );
    });
  });
});
