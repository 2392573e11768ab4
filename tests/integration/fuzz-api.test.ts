/**
 * Property-based fuzzing of every API method (fast-check) through the real router on a real
 * SQLite file holding the demo. Methods come from the contract, so a new one is fuzzed as soon as
 * it exists. FUZZ_RUNS sets the runs per property; a failure prints the seed and path to replay
 * (FUZZ_SEED, FUZZ_PATH).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { unsupportedFileActions } from '../../electron/router';
import { contract, METHOD_NAMES, type MethodName } from '../../shared/contract';
import type { ApiError, Result } from '../../shared/result';
import { useTempDir } from '../helpers/files';
import {
  callChecked,
  contentOf,
  deepObject,
  demoTemplate,
  fuzzMapData,
  fuzzParameters,
  fuzzRuns,
  fuzzTimeout,
  hostileValue,
  idPools,
  integrityProblems,
  openFuzzDocument,
  pollutingObject,
  recordingFileActions,
  validInputFor,
  type FuzzDocument,
  type IdPools,
} from '../helpers/fuzz';

const tempDir = useTempDir();

/** Methods that only read (fuzzing them many times adds little) and those that need the desktop. */
const isFileAction = (method: string) => method.startsWith('file.') || method.startsWith('window.');
const isHistoryStep = (method: string) => method.startsWith('history.');

/** Which runs a method gets: the gazetteer scans 200 000 places a search, so it gets fewer. */
function runsFor(method: MethodName, base: number): number {
  return method === 'gazetteer.search' ? Math.max(5, Math.ceil(base / 5)) : base;
}

async function expectWellFormed(doc: FuzzDocument, method: string, input: unknown): Promise<Result<unknown>> {
  const { answer, problem } = await callChecked(doc.router, method, input);
  if (problem) throw new Error(`${method}(${preview(input)}): ${problem}`);
  return answer!;
}

function preview(input: unknown): string {
  try {
    const text = JSON.stringify(input, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));
    return text === undefined ? String(input) : text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return String(input);
  }
}

/** A valid input with one field made wrong: another type, missing, or an extra key beside it. */
function brokenInput(method: MethodName, pools: IdPools): fc.Arbitrary<unknown> {
  return fc
    .tuple(validInputFor(method, pools), fc.nat(), fc.constantFrom('replace', 'remove', 'extra', 'nested'), hostileValue)
    .map(([valid, pick, how, wrong]) => {
      if (!valid || typeof valid !== 'object') return wrong;
      const input = { ...(valid as Record<string, unknown>) };
      const keys = Object.keys(input);
      const key = keys.length > 0 ? keys[pick % keys.length]! : 'x';
      if (how === 'replace') input[key] = wrong;
      else if (how === 'remove') delete input[key];
      else if (how === 'extra')
        Object.defineProperty(input, ['__proto__', 'constructor', 'extra'][pick % 3]!, { value: wrong, enumerable: true });
      else {
        const inner = input[key];
        if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
          const innerKeys = Object.keys(inner);
          input[key] = { ...inner, [innerKeys[pick % Math.max(innerKeys.length, 1)] ?? 'x']: wrong };
        } else input[key] = wrong;
      }
      return input;
    });
}

describe('fuzzing every API method through the router on a real document', () => {
  it(
    'answers inputs of any shape with a value or a structured refusal, never throws, and the file stays whole',
    { timeout: fuzzTimeout(60) },
    async () => {
      const dir = tempDir();
      const template = await demoTemplate(dir);
      // As in the browser host: the file actions answer "unsupported".
      const doc = await openFuzzDocument(dir, template, 'any-shape', unsupportedFileActions);
      const pools = idPools(doc.db);
      fuzzMapData().gazetteer();
      const runs = fuzzRuns(60);
      try {
        for (const method of METHOD_NAMES) {
          const anyInput = fc.oneof(
            { weight: 3, arbitrary: hostileValue },
            { weight: 1, arbitrary: deepObject },
            { weight: 1, arbitrary: pollutingObject },
            { weight: 4, arbitrary: brokenInput(method, pools) },
          );
          await fc.assert(
            fc.asyncProperty(anyInput, async (input) => {
              const answer = await expectWellFormed(doc, method, input);
              if (isFileAction(method) && answer.ok) throw new Error(`${method} did something without the desktop`);
            }),
            fuzzParameters(runsFor(method, runs)),
          );
        }
        expect(integrityProblems(doc.db)).toEqual([]);
      } finally {
        doc.close();
      }
    },
  );

  it(
    'answers unknown method names (__proto__, constructor, toString …) as unknown, whatever the input',
    { timeout: fuzzTimeout(200) },
    async () => {
      const dir = tempDir();
      const doc = await openFuzzDocument(dir, await demoTemplate(dir), 'names', unsupportedFileActions);
      const name = fc.oneof(
        fc.constantFrom(
          '__proto__',
          'constructor',
          'toString',
          'valueOf',
          'hasOwnProperty',
          'prototype',
          '',
          ' ',
          'members.list ',
          'MEMBERS.LIST',
          'members',
          'members.',
          '.list',
          'members.list\u0000',
          '__defineGetter__',
          'then',
        ),
        fc.string({ maxLength: 30 }).filter((text) => !(METHOD_NAMES as string[]).includes(text)),
      );
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.oneof(
              name,
              hostileValue.filter((value) => typeof value !== 'string'),
            ),
            hostileValue,
            async (method, input) => {
              const answer = await expectWellFormed(doc, method as string, input);
              expect(answer.ok).toBe(false);
              expect((answer as { error: ApiError }).error.code).toBe('unknown_method');
            },
          ),
          fuzzParameters(fuzzRuns(200)),
        );
        // Nothing leaked onto the prototype of every object.
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      } finally {
        doc.close();
      }
    },
  );

  it(
    'answers inputs valid by the schema but hostile in content without an internal error; the file stays whole',
    { timeout: fuzzTimeout(60) },
    async () => {
      const dir = tempDir();
      const template = await demoTemplate(dir);
      const fileCalls: Array<{ action: string; request: unknown }> = [];
      fuzzMapData().gazetteer();
      const runs = fuzzRuns(60);
      const outcomes: Record<string, Record<string, number>> = {};
      for (const method of METHOD_NAMES) {
        // A fresh copy of the demo per method: an edit that succeeds changes what the next one meets.
        const doc = await openFuzzDocument(dir, template, `valid-${method}`, recordingFileActions(fileCalls));
        const pools = idPools(doc.db);
        try {
          await fc.assert(
            fc.asyncProperty(validInputFor(method, pools), async (input) => {
              fileCalls.length = 0;
              const answer = await expectWellFormed(doc, method, input);
              const tally = (outcomes[method] ??= {});
              const outcome = answer.ok ? 'ok' : `${answer.error.code}:${answer.error.message}`;
              tally[outcome] = (tally[outcome] ?? 0) + 1;
              const parsed = (contract[method].input as z.ZodType).safeParse(input);
              if (answer.ok && !parsed.success) throw new Error(`${method} took what its schema refuses: ${preview(input)}`);
              // A file action gets exactly what the schema made of the input, or nothing when refused.
              if (isFileAction(method))
                expect(fileCalls.map((call) => call.request ?? {})).toEqual(answer.ok ? [parsed.data] : []);
            }),
            fuzzParameters(runsFor(method, runs)),
          );
          expect(integrityProblems(doc.db), method).toEqual([]);
        } finally {
          doc.close();
        }
      }
      if (process.env.FUZZ_VERBOSE) console.log(JSON.stringify(outcomes, null, 1));
      // The inputs reach the services: most methods did succeed at times (not only refusals).
      const succeeded = METHOD_NAMES.filter((method) => (outcomes[method]?.ok ?? 0) > 0);
      expect(succeeded.length / METHOD_NAMES.length).toBeGreaterThan(0.8);
    },
  );

  it(
    'undoing everything after a random run of edits, undos and redos gives back the original document, and redo all the edited one',
    { timeout: fuzzTimeout(40) },
    async () => {
      const dir = tempDir();
      const template = await demoTemplate(dir);
      const probe = await openFuzzDocument(dir, template, 'probe', recordingFileActions([]));
      const pools = idPools(probe.db);
      probe.close();
      fuzzMapData().gazetteer();
      // Every method but the steps themselves, those that replace the whole document (a file action,
      // restoring a backup: not edits one undoes) and the slow reads of the bundled gazetteer.
      const editMethods = METHOD_NAMES.filter(
        (method) => !isFileAction(method) && !isHistoryStep(method) && !['backups.restore', 'gazetteer.search'].includes(method),
      );
      const step = fc.oneof(
        {
          weight: 6,
          arbitrary: fc
            .constantFrom(...editMethods)
            .chain((method) => validInputFor(method, pools).map((input) => ({ method: method as string, input }))),
        },
        { weight: 2, arbitrary: fc.constant({ method: 'undo.undo', input: {} as unknown }) },
        { weight: 1, arbitrary: fc.constant({ method: 'undo.redo', input: {} as unknown }) },
      );
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
          const doc = await openFuzzDocument(dir, template, `sequence-${(run += 1)}`, recordingFileActions([]));
          try {
            const original = contentOf(doc.db);
            for (const { method, input } of steps) await expectWellFormed(doc, method, input);
            const stepAll = async (direction: 'undo.undo' | 'undo.redo') => {
              for (let count = 0; count < 1_000; count += 1) {
                const answer = await expectWellFormed(doc, direction, {});
                if (!answer.ok) throw new Error(`${direction}: ${JSON.stringify(answer.error)}`);
                if (!(answer.value as { changed: boolean }).changed) return count;
              }
              throw new Error(`${direction} never ends`);
            };
            await stepAll('undo.redo');
            const edited = contentOf(doc.db);
            const steps_ = await stepAll('undo.undo');
            expect(contentOf(doc.db), `after undoing ${steps_} steps`).toEqual(original);
            expect(integrityProblems(doc.db)).toEqual([]);
            await stepAll('undo.redo');
            expect(contentOf(doc.db)).toEqual(edited);
            expect(integrityProblems(doc.db)).toEqual([]);
          } finally {
            doc.close();
          }
        }),
        fuzzParameters(fuzzRuns(40)),
      );
    },
  );
});
