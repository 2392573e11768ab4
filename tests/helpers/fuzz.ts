/**
 * Property-based fuzzing of the API (fast-check): arbitraries for hostile inputs of any shape and
 * for inputs that are valid by the contract's zod schemas but hostile in content, a router on a
 * real demo document, and the checks every answer and every document must pass.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { DocumentSession } from '../../electron/document-session';
import { createRouter, type FileActions, type Router } from '../../electron/router';
import { SettingsStore } from '../../electron/settings';
import { ServiceError } from '../../electron/services/context';
import { loadDemo, seedDemo } from '../../electron/services/demo';
import { mapDataFrom, type MapData } from '../../electron/services/map-data';
import { NORDIC_AREAS } from '../../shared/areas';
import { contract, TABLES, type MethodName } from '../../shared/contract';
import { sv } from '../../shared/i18n/sv';
import type { ApiError, ErrorCode, Result } from '../../shared/result';
import {
  dateSchema,
  idSchema,
  latitudeSchema,
  longitudeSchema,
  maxYear,
  nameSchema,
  noteSchema,
  yearSchema,
  YEAR_MIN,
} from '../../shared/validation';
import { DEMO_PATH, RESOURCES_DIR } from './documents';

/** Runs per property: FUZZ_RUNS=1000 for a long hunt; FUZZ_SEED (and FUZZ_PATH) replay a failure. */
export function fuzzRuns(fallback: number): number {
  const runs = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(runs) && runs > 0 ? runs : fallback;
}

/** A test's time limit that grows with FUZZ_RUNS (the default runs fit well inside the base). */
export function fuzzTimeout(fallbackRuns: number, base = 60_000): number {
  return Math.max(base, Math.ceil((base * fuzzRuns(fallbackRuns)) / fallbackRuns));
}

export function fuzzParameters<T>(numRuns: number): fc.Parameters<T> {
  const seed = Number(process.env.FUZZ_SEED);
  return {
    numRuns,
    ...(Number.isInteger(seed) ? { seed } : {}),
    ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
    // A failure prints its seed and path; shrinking is bounded so a failure reports in time.
    interruptAfterTimeLimit: 120_000,
    markInterruptAsFailure: false,
  };
}

// ---------------------------------------------------------------------------------------------
// What every answer must be

/** Every code a refusal may carry. 'internal' is not here: it means a service threw unexpectedly. */
const REFUSAL_CODES: Record<Exclude<ErrorCode, 'internal'>, true> = {
  invalid_input: true,
  not_found: true,
  read_only: true,
  no_document: true,
  file_missing: true,
  not_a_document: true,
  damaged: true,
  newer_version: true,
  unknown_schema: true,
  value_too_long: true,
  locked: true,
  unresponsive: true,
  exchange_refused: true,
  disk_full: true,
  io: true,
  unsupported: true,
  unknown_method: true,
};
export const KNOWN_REFUSAL_CODES = new Set(Object.keys(REFUSAL_CODES));

/** Whether an i18n key (validation.yearRange) has a Swedish text. */
export function isSwedishKey(key: string): boolean {
  const value = key
    .split('.')
    .reduce<unknown>(
      (node, part) =>
        node && typeof node === 'object' && Object.prototype.hasOwnProperty.call(node, part)
          ? (node as Record<string, unknown>)[part]
          : undefined,
      sv,
    );
  return typeof value === 'string' && value.length > 0;
}

/** Why an answer is not a well-formed result, or null when it is. */
export function answerProblem(answer: unknown): string | null {
  if (!answer || typeof answer !== 'object') return `not an object: ${String(answer)}`;
  const result = answer as Result<unknown>;
  if (result.ok === true) return 'value' in result ? null : 'ok without value';
  if (result.ok !== false) return `ok is ${String((result as { ok: unknown }).ok)}`;
  const error = result.error as ApiError | undefined;
  if (!error || typeof error !== 'object') return 'refusal without error';
  if (!KNOWN_REFUSAL_CODES.has(error.code)) return `error code ${error.code}: ${error.detail ?? ''}`;
  if (typeof error.message !== 'string' || !isSwedishKey(error.message))
    return `message ${String(error.message)} is not an i18n key in sv.ts`;
  if (error.field !== undefined && typeof error.field !== 'string') return 'field is not a string';
  // It must cross a process boundary as data: JSON (and structured clone) keeps it whole.
  const copy = JSON.parse(JSON.stringify(error)) as ApiError;
  if (copy.code !== error.code || copy.message !== error.message) return 'error does not survive JSON';
  return null;
}

/** Calls the router as a transport does and returns the problem with what came back, if any. */
export async function callChecked(
  router: Router,
  method: string,
  input: unknown,
): Promise<{ answer: Result<unknown> | undefined; problem: string | null }> {
  let answer: Result<unknown> | undefined;
  try {
    answer = await router.call(method, input);
  } catch (error) {
    return { answer, problem: `call() rejected: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` };
  }
  return { answer, problem: answerProblem(answer) };
}

// ---------------------------------------------------------------------------------------------
// The document: the demo on a real file, copied per run where a run must start afresh

/** The tables people edit: what a run compares (the same list the change log may name). */
const TRACKED_TABLES = TABLES;

/** The document's content: every live row of every edited table, without the time it was touched. */
export function contentOf(db: Database.Database): Record<string, unknown[]> {
  const content: Record<string, unknown[]> = {};
  for (const table of TRACKED_TABLES) {
    content[table] = (
      db.prepare(`SELECT * FROM ${table} WHERE deleted_at IS NULL ORDER BY id`).all() as Array<Record<string, unknown>>
    ).map(({ updated_at: _updated, ...row }) => row);
  }
  return content;
}

/** SQLite's own checks: the file is whole and every reference points at a row. */
export function integrityProblems(db: Database.Database): string[] {
  const integrity = db.pragma('integrity_check', { simple: true });
  const foreignKeys = db.pragma('foreign_key_check') as unknown[];
  const problems: string[] = [];
  if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
  if (foreignKeys.length > 0) problems.push(`foreign_key_check: ${JSON.stringify(foreignKeys.slice(0, 5))}`);
  if (db.pragma('foreign_keys', { simple: true }) !== 1) problems.push('foreign keys are off');
  return problems;
}

/** File actions that record what they were asked and answer as a user who cancels would. */
export function recordingFileActions(calls: Array<{ action: string; request: unknown }>): FileActions {
  const record =
    <T>(action: string, answer: T) =>
    (request?: unknown) => {
      calls.push({ action, request });
      return Promise.resolve(answer);
    };
  return {
    newDocument: record('newDocument', { opened: false }),
    openDocument: record('openDocument', { opened: false }),
    saveCopy: record('saveCopy', { savedTo: null }),
    saveChanges: record('saveChanges', { savedTo: null, changes: 0, bytes: 0 }),
    exportMapImage: record('exportMapImage', { savedTo: null }),
    exportChain: record('exportChain', { savedTo: null }),
    saveReportPdf: record('saveReportPdf', { savedTo: null }),
    setFullScreen: record('setFullScreen', { fullScreen: false }),
  };
}

export const unsupportedError = new ServiceError({ code: 'unsupported', message: 'errors.unsupported' });

let sharedMapData: MapData | null = null;
/** One copy of the gazetteer per test file: reading it takes seconds. */
export function fuzzMapData(): MapData {
  return (sharedMapData ??= mapDataFrom(RESOURCES_DIR));
}

export interface FuzzDocument {
  router: Router;
  session: DocumentSession;
  db: Database.Database;
  close(): void;
}

/** The demo written once into dir (closed), to be copied for each document a test opens. */
export async function demoTemplate(dir: string): Promise<string> {
  const path = join(dir, 'template.vanort');
  const session = new DocumentSession({ device: () => 'fuzz-template' });
  await session.create(path, (db) => seedDemo(db, loadDemo(DEMO_PATH)));
  session.close();
  return path;
}

/** A router as the app builds it, on a fresh copy of the demo. */
export async function openFuzzDocument(dir: string, template: string, name: string, files: FileActions): Promise<FuzzDocument> {
  const path = join(dir, `${name}.vanort`);
  copyFileSync(template, path);
  const settings = new SettingsStore(join(dir, `${name}-settings.json`));
  const session = new DocumentSession({ device: () => settings.get().deviceId });
  await session.open(path);
  const router = createRouter({ session, settings, files, mapData: fuzzMapData(), log: () => {} });
  return { router, session, db: session.context().db, close: () => session.close() };
}

// ---------------------------------------------------------------------------------------------
// Ids: those in the document (of the right kind and of the wrong kind) and those nowhere

export interface IdPools {
  chain: string[];
  place: string[];
  membership: string[];
  meeting: string[];
  alternative: string[];
  record: string[];
  countRow: string[];
  all: string[];
  /** The places that are (or were) members of each chain, and the chain of each meeting. */
  membersOf: Record<string, string[]>;
  chainOfMeeting: Record<string, string>;
  /** Each record's kind, and the records of each kind in each chain (a grant's: its branch's place's chains). */
  kindOfRecord: Record<string, string>;
  recordsOf: Record<string, Record<string, string[]>>;
}

export function idPools(db: Database.Database): IdPools {
  const ids = (sql: string) => db.prepare(sql).pluck().all() as string[];
  const pools = {
    chain: ids('SELECT id FROM chain'),
    place: ids('SELECT id FROM place'),
    membership: ids('SELECT id FROM membership'),
    meeting: ids('SELECT id FROM meeting'),
    alternative: ids('SELECT id FROM fact_alternative'),
    record: ids(
      'SELECT id FROM branch_grant UNION ALL SELECT id FROM event UNION ALL SELECT id FROM activity UNION ALL SELECT id FROM agreement',
    ),
    countRow: ids('SELECT id FROM member_count'),
  };
  const membersOf: Record<string, string[]> = {};
  for (const row of db.prepare('SELECT DISTINCT chain_id AS chainId, place_id AS placeId FROM membership').all() as Array<{
    chainId: string;
    placeId: string;
  }>) {
    (membersOf[row.chainId] ??= []).push(row.placeId);
  }
  const chainOfMeeting = Object.fromEntries(
    (db.prepare('SELECT id, chain_id AS chainId FROM meeting').all() as Array<{ id: string; chainId: string }>).map((row) => [
      row.id,
      row.chainId,
    ]),
  );
  const kindOfRecord: Record<string, string> = {};
  const recordsOf: Record<string, Record<string, string[]>> = {};
  const records = db
    .prepare(
      `SELECT 'grant' AS kind, g.id, m.chain_id AS chainId FROM branch_grant g JOIN branch b ON b.id = g.branch_id
         JOIN membership m ON m.place_id = b.place_id
       UNION SELECT 'event', id, chain_id FROM event UNION SELECT 'activity', id, chain_id FROM activity
       UNION SELECT 'agreement', id, chain_id FROM agreement`,
    )
    .all() as Array<{ kind: string; id: string; chainId: string | null }>;
  for (const { kind, id, chainId } of records) {
    kindOfRecord[id] = kind;
    if (chainId) ((recordsOf[chainId] ??= {})[kind] ??= []).push(id);
  }
  return { ...pools, all: Object.values(pools).flat(), membersOf, chainOfMeeting, kindOfRecord, recordsOf };
}

const missingId = fc.oneof(
  fc.uuid({ version: 4 }),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
);

/** The pool a key names (chainId, hostPlaceId, partyPlaceIds, rowId …). */
function poolFor(key: string, pools: IdPools): string[] {
  const name = key.toLowerCase();
  if (name.includes('chain')) return pools.chain;
  if (name.includes('place')) return pools.place;
  if (name.includes('membership')) return pools.membership;
  if (name.includes('meeting')) return pools.meeting;
  if (name.includes('alternative')) return pools.alternative;
  if (name === 'rowid') return [...pools.membership, ...pools.countRow, ...pools.meeting, ...pools.place];
  if (name === 'id') return pools.record;
  return pools.all;
}

/** Mostly an id of the right kind, at times one of another kind or one that is nowhere. */
export function idArbitrary(key: string, pools: IdPools): fc.Arbitrary<string> {
  const own = poolFor(key, pools);
  return fc.oneof(
    { weight: 6, arbitrary: own.length > 0 ? fc.constantFrom(...own) : missingId },
    { weight: 1, arbitrary: pools.all.length > 0 ? fc.constantFrom(...pools.all) : missingId },
    { weight: 1, arbitrary: missingId },
  );
}

// ---------------------------------------------------------------------------------------------
// Hostile text

/** Text a volunteer, a pasted spreadsheet or an attacker might put in a field. */
export const HOSTILE_TEXTS = [
  '<img src=x onerror=alert(1)>',
  '<script>alert("xss")</script>',
  '"><svg/onload=alert(1)>',
  "javascript:alert('x')",
  '<b>fet</b> &amp; &lt;',
  '\u202Egnirts desrever\u202C',
  'Va\u0308nersborg o\u0308\u0301\u0327\u0361', // combining marks
  'Z\u0334\u0321\u032A\u034Ea\u0336l\u0337g\u0338o\u0335',
  '👩‍👩‍👧‍👦 🏳️‍🌈 🇫🇴 👍🏽',
  'שלום عربي Vänersborg',
  '=1+1',
  '+SUM(A1:A9)',
  '-2+3',
  '@SUM(A1)',
  '=HYPERLINK("http://example.org","klicka")',
  '\t=1+1',
  '\r=1+1',
  "'; DROP TABLE place; --",
  '%s %n %d {0} ${7*7} {{constructor.constructor("alert(1)")()}}',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-0',
  'null',
  'undefined',
  'true',
  'Åbo ÅÄÖ åäö Ðð Þþ Ææ Øø',
  '\uFEFFBOM',
  '\u200B\u200C\u200D',
  'rad ett\nrad två\r\nrad tre\ttab',
  'a'.repeat(10_000),
  '👍'.repeat(2_500),
];

/** Text that is refused: control characters (NUL) and halves of surrogate pairs. */
export const REFUSED_TEXTS = ['a\u0000b', '\u0000', 'bell\u0007', 'esc\u001b[31m', 'x\uD800y', '\uDC00', 'del\u007F'];

export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TEXTS, ...REFUSED_TEXTS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 3_000 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...HOSTILE_TEXTS), fc.string({ unit: 'grapheme', maxLength: 10 }), fc.constantFrom(...HOSTILE_TEXTS))
      .map((parts) => parts.join('')),
  },
);

/** Text for a field that keeps it: printable, well-formed, fits (used where it must be stored). */
export const storableText = (max: number): fc.Arbitrary<string> =>
  fc
    .oneof(fc.constantFrom(...HOSTILE_TEXTS), fc.string({ unit: 'grapheme', maxLength: 60 }))
    .map((text) =>
      text
        // eslint-disable-next-line no-control-regex -- shows control characters in a failure message
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '·')
        .trim()
        .slice(0, max),
    )
    .filter((text) => text.length > 0 && !/[\uD800-\uDFFF]$/.test(text) && !/^[\uDC00-\uDFFF]/.test(text));

// ---------------------------------------------------------------------------------------------
// Anything at all, and hostile values of every type

const hostileNumber = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    1,
    1899,
    1900,
    2999,
    3000,
    maxYear(),
    maxYear() + 1,
    9_999_999,
    10_000_000,
    10_000_001,
    2 ** 31,
    2 ** 53,
    -(2 ** 53),
    Number.MAX_SAFE_INTEGER + 2,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    Number.EPSILON,
    1e308,
    -1e308,
    0.5,
    1946.5,
    90.000001,
    -180.0000001,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ),
  fc.double(),
  fc.integer(),
);
const hostileStringValue = fc.oneof(
  hostileText,
  fc.constantFrom(
    '1946',
    ' 1946 ',
    '1e3',
    '0x7B2',
    'NaN',
    'Infinity',
    '',
    ' ',
    '2014-02-30',
    '2014-13-01',
    '0000-00-00',
    '9999-12-31',
    'sv',
    'en',
    'SE',
    'csv',
  ),
);
const pollutionKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
);

/** Values of any type, including nested objects with prototype-pollution keys. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileNumber,
    hostileStringValue,
    fc.constantFrom(null, undefined, true, false, 0n, 2n ** 70n),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(pollutionKey, fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** An object nested deeper than any schema goes. */
export const deepObject = fc.integer({ min: 50, max: 3_000 }).map((depth) => {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level += 1) value = level % 2 ? { a: value } : [value];
  return value;
});

/** Objects made with __proto__ as an own key (as JSON.parse makes them), not as the prototype. */
export const pollutingObject = fc
  .tuple(pollutionKey, hostileValue, fc.dictionary(fc.string({ maxLength: 8 }), hostileValue, { maxKeys: 3 }))
  .map(
    ([key, value, rest]) =>
      JSON.parse(
        JSON.stringify({ ...rest, [key]: { polluted: true, value: value ?? null } }, (_key, inner: unknown) =>
          typeof inner === 'bigint' ? String(inner) : inner,
        ),
      ) as unknown,
  );

// ---------------------------------------------------------------------------------------------
// Valid by the schema, hostile in content: derived from the contract's zod schemas

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  checks?: Array<{ _zod: { def: Record<string, unknown> } }>;
  format?: string;
  pattern?: RegExp;
  in?: z.ZodType;
};
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

function bounds(def: Def): {
  min?: number;
  max?: number;
  minInclusive: boolean;
  maxInclusive: boolean;
  integer: boolean;
  minLength?: number;
  maxLength?: number;
} {
  const out: ReturnType<typeof bounds> = { minInclusive: true, maxInclusive: true, integer: false };
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'greater_than') [out.min, out.minInclusive] = [c.value as number, c.inclusive !== false];
    if (c.check === 'less_than') [out.max, out.maxInclusive] = [c.value as number, c.inclusive !== false];
    if (c.check === 'number_format') out.integer = true;
    if (c.check === 'min_length') out.minLength = c.minimum as number;
    if (c.check === 'max_length') out.maxLength = c.maximum as number;
  }
  return out;
}

const yearArb = fc.oneof(
  fc.constantFrom(YEAR_MIN, YEAR_MIN + 1, maxYear(), maxYear() - 1, 1946, 1978, 1988, 1989, 2013, 2014),
  fc.integer({ min: YEAR_MIN, max: maxYear() }),
);
const dateArb = fc.oneof(
  fc.constantFrom(`${YEAR_MIN}-01-01`, `${maxYear()}-12-31`, '2000-02-29', '2014-09-19', '2014-09-21', '2013-12-31'),
  fc
    .date({ min: new Date(Date.UTC(YEAR_MIN, 0, 1)), max: new Date(Date.UTC(maxYear(), 11, 31)), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10)),
);
const coordinate = (limit: number) =>
  fc.oneof(
    fc.constantFrom(-limit, limit, 0, -0, limit - 1e-9, -limit + 1e-9, 1e-300),
    fc.double({ min: -limit, max: limit, noNaN: true }),
  );

/**
 * An arbitrary of inputs that the schema accepts (or nearly: a refinement it cannot see, such as
 * a date in the meeting's year, is the service's to refuse), with hostile text in every text field.
 */
export function validArbitrary(schema: z.ZodType, pools: IdPools, key = ''): fc.Arbitrary<unknown> {
  if (schema === yearSchema) return yearArb;
  if (schema === idSchema) return idArbitrary(key, pools);
  if (schema === dateSchema) return dateArb;
  if (schema === latitudeSchema) return coordinate(90);
  if (schema === longitudeSchema) return coordinate(180);
  if (schema === nameSchema || schema === noteSchema) return hostileText;
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const shape = def.shape ?? {};
      const required: Record<string, fc.Arbitrary<unknown>> = {};
      const optional: string[] = [];
      for (const [field, inner] of Object.entries(shape)) {
        required[field] = validArbitrary(inner, pools, field);
        const innerType = defOf(inner).type;
        if (innerType === 'optional' || innerType === 'default') optional.push(field);
      }
      return fc.record(required, { requiredKeys: Object.keys(shape).filter((field) => !optional.includes(field)) });
    }
    case 'optional':
    case 'default':
      return validArbitrary(def.innerType!, pools, key);
    case 'nullable':
      return fc.option(validArbitrary(def.innerType!, pools, key), { nil: null, freq: 4 });
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries!));
    case 'literal':
      return fc.constantFrom(...def.values!);
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const { maxLength } = bounds(def);
      return fc.array(validArbitrary(def.element!, pools, key), { maxLength: Math.min(maxLength ?? 6, 6) });
    }
    case 'union':
      return fc.oneof(...def.options!.map((option) => validArbitrary(option, pools, key)));
    case 'pipe':
      return validArbitrary(def.in!, pools, key);
    case 'number': {
      const b = bounds(def);
      const min = b.min ?? -1e12;
      const max = b.max ?? 1e12;
      if (b.integer) {
        const low = Math.max(Math.ceil(b.minInclusive ? min : min + 1), Number.MIN_SAFE_INTEGER);
        const high = Math.min(Math.floor(b.maxInclusive ? max : max - 1), Number.MAX_SAFE_INTEGER);
        return fc.oneof(fc.constantFrom(low, high), fc.integer({ min: low, max: high }));
      }
      return fc.oneof(
        fc.constantFrom(min, max),
        fc.double({ min, max, noNaN: true, minExcluded: !b.minInclusive, maxExcluded: !b.maxInclusive }),
      );
    }
    case 'string': {
      if (def.format === 'uuid') return idArbitrary(key, pools);
      if (key === 'areaCode') return fc.oneof(fc.constantFrom(...NORDIC_AREAS), fc.stringMatching(/^[A-Z]{2}$/));
      if (key === 'contentBase64') return importContent;
      if (key === 'fileName')
        return fc.oneof(
          fc.constantFrom('vänorter.csv', 'vänorter.xlsx', 'vänorter.geojson', 'x.CSV'),
          hostileText.map((text) => `${text.slice(0, 200)}.csv`),
          hostileText,
        );
      const b = bounds(def);
      return hostileText.map((text) => (b.maxLength !== undefined ? text.slice(0, b.maxLength) : text));
    }
    default:
      return hostileValue;
  }
}

/** A spreadsheet to import, as base64: CSV rows with hostile names, or bytes of no format. */
const importContent: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(';', ','),
      fc.array(
        fc.tuple(
          storableText(60),
          fc.constantFrom('SE', 'DK', 'FO', 'GL', 'XX', '', '=1+1'),
          fc.oneof(yearArb, fc.constant('1899')),
          fc.constantFrom('12', '', 'Uppgift saknas', '-3', '1e9'),
        ),
        { maxLength: 5 },
      ),
    )
    .map(([delimiter, rows]) => {
      const quote = (cell: string | number) => `"${String(cell).replace(/"/g, '""')}"`;
      const lines = [['Vänort', 'Land', 'Kontaktår', 'Medlemsantal'], ...rows].map((row) => row.map(quote).join(delimiter));
      return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8').toString('base64');
    }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('base64')),
  fc.base64String({ maxLength: 200 }),
  hostileText,
);

/** Where an input names a chain (or a meeting of one), its places are mostly that chain's members. */
function cohere(input: unknown, pools: IdPools, pick: number, year: number | undefined): unknown {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
  const top = { ...(input as Record<string, unknown>) };
  const chainId =
    typeof top.chainId === 'string'
      ? top.chainId
      : typeof top.meetingId === 'string'
        ? pools.chainOfMeeting[top.meetingId]
        : undefined;
  const members = chainId ? pools.membersOf[chainId] : undefined;
  // An edited record: one of the chain's records of the kind given.
  const recordKind = (top.record as { kind?: unknown } | undefined)?.kind;
  if (chainId && typeof top.id === 'string' && typeof recordKind === 'string') {
    const ids = pools.recordsOf[chainId]?.[recordKind];
    if (ids && ids.length > 0) top.id = ids[pick % ids.length];
  }
  const visit = (value: unknown, key: string): unknown => {
    if (Array.isArray(value)) return value.map((item, index) => visit(item, `${key}[${index}]`));
    if (value && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      const ownYear = typeof object.year === 'number' ? object.year : year;
      return Object.fromEntries(
        Object.entries(object).map(([field, inner]) => {
          // A date in the record's year, as a person would enter it.
          if ((field === 'startDate' || field === 'endDate') && typeof inner === 'string' && ownYear !== undefined)
            return [field, `${ownYear}${inner.slice(4)}`];
          return [field, visit(inner, field)];
        }),
      );
    }
    if (typeof value === 'string' && members && members.length > 0 && /place/i.test(key) && pools.place.includes(value)) {
      return members[(pick + key.length) % members.length];
    }
    return value;
  };
  return visit(top, '');
}

/** Inputs for a method: valid by its schema and hostile in content. */
export function validInputFor(method: MethodName, pools: IdPools): fc.Arbitrary<unknown> {
  return fc
    .tuple(validArbitrary(contract[method].input as z.ZodType, pools), fc.nat(), fc.boolean())
    .map(([input, pick, coherent]) => (coherent ? cohere(input, pools, pick, undefined) : input));
}
