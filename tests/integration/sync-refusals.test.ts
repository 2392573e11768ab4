import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as A from '@automerge/automerge';
import { EXCHANGE_MAX_BYTES, type Conflict } from '../../shared/contract';
import { putField } from '../../electron/services/sync/engine';
import { bucketOf } from '../../electron/services/sync/keys';
import { EXCHANGE_FORMAT } from '../../electron/services/sync/exchange';
import { changesFile, demoIds, exchange, laptopsWithDemo, tablesOf, type Laptop } from '../helpers/laptops';
import { csvOfRows } from '../helpers/sheets';
import { SHARED_IMPORT_MAX_ROWS } from '../../electron/services/importing/check';

/**
 * Exchange files and copies that must be refused, by sync.preview and by sync.merge alike, each
 * with its plain message, and the document left byte for byte as it was.
 */

let karen: Laptop;
let good: Buffer;
let otherFile: Buffer;
let otherCopy: Buffer;
let ownCopy: Buffer;
const roots: string[] = [];

/** The document's bytes with its WAL folded in first: what is on disk for good. */
function documentHash(laptop: Laptop): string {
  laptop.session.context().db.pragma('wal_checkpoint(TRUNCATE)');
  const hash = createHash('sha256').update(readFileSync(laptop.path));
  if (existsSync(`${laptop.path}-wal`)) hash.update(readFileSync(`${laptop.path}-wal`));
  return hash.digest('hex');
}

/** A copy of a laptop's document file as it is on disk (its WAL folded in). */
function fileCopy(laptop: Laptop): Buffer {
  laptop.session.context().db.pragma('wal_checkpoint(TRUNCATE)');
  return readFileSync(laptop.path);
}

beforeAll(async () => {
  // Two copies of one document (Karen's and Lena's), and another chain document (Anna's).
  const root = mkdtempSync(join(tmpdir(), 'atlas-refusals-'));
  const otherRoot = mkdtempSync(join(tmpdir(), 'atlas-refusals-other-'));
  roots.push(root, otherRoot);
  const [k, lena] = await laptopsWithDemo(root, ['Herning – Karen', 'Vänersborg – Lena']);
  karen = k!;
  const { place } = await demoIds(lena!);
  await lena!.call('members.setCount', { placeId: place('Herning').placeId, year: 2013, memberCount: 240 });
  good = Buffer.from((await changesFile(lena!, true)).contentBase64, 'base64');
  ownCopy = fileCopy(lena!);
  const [anna] = await laptopsWithDemo(otherRoot, ['Göteborg – Anna']);
  await anna!.call('members.setCount', {
    placeId: (await demoIds(anna!)).place('Herning').placeId,
    year: 2013,
    memberCount: 250,
  });
  otherFile = Buffer.from((await changesFile(anna!, true)).contentBase64, 'base64');
  otherCopy = fileCopy(anna!);
  anna!.session.close();
  lena!.session.close();
});

afterAll(() => {
  karen.session.close();
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const headerEnd = (bytes: Buffer) => bytes.indexOf(0x0a, bytes.indexOf(0x0a) + 1) + 1;

/** The same file with another header line (its JSON edited). */
function withHeader(
  bytes: Buffer,
  edit: (header: Record<string, unknown>) => Record<string, unknown>,
  magic = `VANORT-CHANGES ${EXCHANGE_FORMAT}`,
) {
  const first = bytes.indexOf(0x0a);
  const end = headerEnd(bytes);
  const header = JSON.parse(bytes.subarray(first + 1, end - 1).toString('utf8')) as Record<string, unknown>;
  return Buffer.concat([Buffer.from(`${magic}\n${JSON.stringify(edit(header))}\n`), bytes.subarray(end)]);
}

/** A SQLite copy with its pages past the first overwritten: damaged, though it starts as one. */
function damagedCopy(bytes: Buffer): Buffer {
  const damaged = Buffer.from(bytes);
  randomBytes(damaged.length - 4096).copy(damaged, 4096);
  return damaged;
}

/** A copy whose schema version is newer than this app knows. */
function newerCopy(bytes: Buffer): Buffer {
  const path = join(roots[0]!, 'newer.vanort');
  writeFileSync(path, bytes);
  const db = new Database(path);
  db.pragma('user_version = 99');
  db.pragma('journal_mode = DELETE');
  db.close();
  return readFileSync(path);
}

function foreignDatabase(): Buffer {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
  return db.serialize();
}

/** A cut 10 bytes into the change that holds byte `at` (past its length prefix). */
function insideChangeAt(bytes: Buffer, at: number): number {
  let start = headerEnd(bytes);
  for (;;) {
    const end = start + 4 + bytes.readUInt32BE(start);
    if (end > at || end >= bytes.length) return start + 4 + 10;
    start = end;
  }
}

const cases: [string, () => Buffer, string][] = [
  ["another chain document's exchange file", () => otherFile, 'errors.exchangeOtherDocument'],
  ["another chain document's copy", () => otherCopy, 'errors.exchangeOtherDocument'],
  [
    'a file from a newer version (its format one higher)',
    () => withHeader(good, (h) => ({ ...h, format: EXCHANGE_FORMAT + 1 }), `VANORT-CHANGES ${EXCHANGE_FORMAT + 1}`),
    'errors.exchangeNewer',
  ],
  [
    'a file of format 1 (the flat engine map of earlier versions)',
    () => withHeader(good, (h) => ({ ...h, format: 1 }), 'VANORT-CHANGES 1'),
    'errors.exchangeOlder',
  ],
  ['random bytes', () => randomBytes(5000), 'errors.exchangeDamaged'],
  [
    'random bytes after a good header',
    () => Buffer.concat([good.subarray(0, headerEnd(good)), randomBytes(5000)]),
    'errors.exchangeDamaged',
  ],
  [
    'a header that is not JSON',
    () => Buffer.concat([Buffer.from(`VANORT-CHANGES ${EXCHANGE_FORMAT}\n{"documentId":\n`), good.subarray(headerEnd(good))]),
    'errors.exchangeDamaged',
  ],
  ['a crafted base', () => withHeader(good, (h) => ({ ...h, base: [['not a hash']] })), 'errors.exchangeDamaged'],
  ['a damaged SQLite copy', () => damagedCopy(ownCopy), 'errors.exchangeDamaged'],
  ['a copy made by a newer version', () => newerCopy(ownCopy), 'errors.exchangeNewer'],
  ['a SQLite file of another program', () => foreignDatabase(), 'errors.exchangeDamaged'],
  ['an empty file', () => Buffer.alloc(0), 'errors.exchangeDamaged'],
];
// Truncated: in the magic line, in the header, in a change's length, in a change, one byte short.
for (const [what, at] of [
  ['in the first line', () => 8],
  ['in the header', () => headerEnd(good) - 10],
  ["in the first change's length", () => headerEnd(good) + 2],
  ['in the first change', () => headerEnd(good) + 40],
  // Inside the change that holds the middle byte (a cut between two changes leaves a whole, shorter file).
  ['in the middle', () => insideChangeAt(good, Math.floor(good.length / 2))],
  ['one byte short', () => good.length - 1],
] as const)
  cases.push([`an exchange file truncated ${what}`, () => good.subarray(0, at()), 'errors.exchangeDamaged']);

describe('files that are refused, and the document left as it was', () => {
  it.each(cases)('%s: refused by preview and merge with its message', async (_what, bytes, message) => {
    const before = documentHash(karen);
    const file = { fileName: 'Vänersborg – Lena.vanort-changes', contentBase64: bytes().toString('base64') };
    for (const method of ['sync.preview', 'sync.merge']) {
      const answer = await karen.result(method, file);
      expect(answer, method).toMatchObject({ ok: false, error: { message } });
    }
    expect(documentHash(karen)).toBe(before);
  });

  it('refuses a file over the 64 MB limit before reading it', async () => {
    const before = documentHash(karen);
    const huge = Buffer.concat([good, Buffer.alloc(EXCHANGE_MAX_BYTES + 1 - good.length)]);
    const file = { fileName: 'huge.vanort-changes', contentBase64: huge.toString('base64') };
    for (const method of ['sync.preview', 'sync.merge'])
      expect(await karen.result(method, file), method).toMatchObject({
        ok: false,
        error: { message: 'errors.exchangeTooLarge' },
      });
    expect(documentHash(karen)).toBe(before);
  });

  it('takes the good file and copy these were made from (the refusals are not of everything)', async () => {
    const file = { fileName: 'Vänersborg – Lena.vanort-changes', contentBase64: good.toString('base64') };
    const copy = { fileName: 'kopia.vanort', contentBase64: ownCopy.toString('base64') };
    expect(await karen.result('sync.preview', copy)).toMatchObject({ ok: true });
    expect(await karen.result('sync.merge', file)).toMatchObject({ ok: true, value: { changed: 2 } });
    expect((await demoIds(karen)).place('Herning').memberCount).toBe(240);
  });
});

describe('crafted values that no document may hold', () => {
  it('a name longer than a document may hold (10,000 characters) is refused whole: the document would no longer open', async () => {
    const engine = karen.session.context().sync!;
    const herning = (await demoIds(karen)).place('Herning').placeId;
    const sent = Buffer.from((await changesFile(karen, true)).contentBase64, 'base64');
    for (const [what, value] of [
      ['a long text', new A.ImmutableString('x'.repeat(10_001))],
      ['a number that is not finite', Number.POSITIVE_INFINITY],
    ] as const) {
      const crafted = A.change(
        A.clone(engine.current),
        { message: JSON.stringify({ device: 'crafted', laptop: 'Någon' }), time: 1 },
        (draft) => {
          putField(draft, `place/${herning}/${typeof value === 'number' ? 'latitude' : 'name'}`, value);
        },
      );
      const file = Buffer.concat([sent, lengthPrefixed(A.getLastLocalChange(crafted)!)]);
      const before = documentHash(karen);
      for (const method of ['sync.preview', 'sync.merge'])
        expect(
          await karen.result(method, { fileName: 'x.vanort-changes', contentBase64: file.toString('base64') }),
          `${what} ${method}`,
        ).toMatchObject({
          ok: false,
          error: { message: typeof value === 'number' ? 'errors.exchangeDamaged' : 'errors.exchangeValueTooLong' },
        });
      expect(documentHash(karen)).toBe(before);
    }
  });
});

describe("crafted changes outside the fields' buckets", () => {
  /** Karen's whole file plus one change made on her document by `edit`, as a colleague's file. */
  const craftedFile = async (edit: (draft: Record<string, unknown>) => void) => {
    const engine = karen.session.context().sync!;
    const crafted = A.change(
      A.clone(engine.current),
      { message: JSON.stringify({ device: 'crafted', laptop: 'Någon' }), time: 1 },
      edit,
    );
    const sent = Buffer.from((await changesFile(karen, true)).contentBase64, 'base64');
    return Buffer.concat([sent, lengthPrefixed(A.getLastLocalChange(crafted)!)]);
  };
  it.each([
    // A bucket replaced by an empty map would drop its fields on every laptop that merged it.
    ['a bucket replaced by an empty map', (draft: Record<string, unknown>) => void (draft['00'] = {})],
    ['a bucket removed', (draft: Record<string, unknown>) => void delete draft['7f']],
    [
      'a field on the root (as the flat map of format 1 had it)',
      (draft: Record<string, unknown>) => void (draft['place/x/name'] = 'X'),
    ],
    [
      'a field in a bucket that is not its own',
      (draft: Record<string, unknown>) => {
        const key = 'place/00000000-0000-7000-8000-000000000001/name';
        const other = ['00', '01'].find((name) => name !== bucketOf(key))!;
        (draft[other] as Record<string, unknown>)[key] = 'X';
      },
    ],
    [
      'an object of its own inside a bucket',
      (draft: Record<string, unknown>) => void ((draft['01'] as Record<string, unknown>)['place/y/name'] = { a: 1 }),
    ],
  ])('%s: refused as damaged, the document as it was', async (_what, edit) => {
    const file = { fileName: 'x.vanort-changes', contentBase64: (await craftedFile(edit)).toString('base64') };
    const before = documentHash(karen);
    for (const method of ['sync.preview', 'sync.merge'])
      expect(await karen.result(method, file), method).toMatchObject({ ok: false, error: { message: 'errors.exchangeDamaged' } });
    expect(documentHash(karen)).toBe(before);
  });
});

describe('merged rows the tables refuse (a CHECK or a foreign key)', () => {
  it('merges the rest, keeps the refused row as it was here, and lists its values as a conflict', async () => {
    const root = mkdtempSync(join(tmpdir(), 'atlas-held-'));
    roots.push(root);
    const [a, b] = await laptopsWithDemo(root, ['Herning – Karen', 'Vänersborg – Lena']);
    const ids = await demoIds(a!);
    const kangasala = ids.place('Kangasala');
    // Each is valid alone; together Kangasala would leave (1985) before it joined (1990).
    await a!.call('members.setJoinedYear', { membershipId: kangasala.membershipId, joinedYear: 1990 });
    // Leaving before a year with a count is refused: B first records 2013 as not reported.
    await b!.call('members.setCount', { placeId: kangasala.placeId, year: 2013, memberCount: null });
    await b!.call('members.setLeft', { membershipId: kangasala.membershipId, leftYear: 1985, leaveReason: null });
    await a!.call('members.setCount', { placeId: ids.place('Herning').placeId, year: 2013, memberCount: 235 });
    // A crafted change: a meeting hosted by a place no table has (a foreign key the tables refuse).
    const engine = a!.session.context().sync!;
    const meetingId = '0190c0de-0000-7000-8000-000000000001';
    const crafted = A.change(
      A.clone(engine.current),
      { message: JSON.stringify({ device: 'crafted', laptop: 'Någon' }), time: 1 },
      (draft) => {
        putField(draft, `meeting/${meetingId}/*row`, new A.ImmutableString('live'));
        putField(draft, `meeting/${meetingId}/chain_id`, new A.ImmutableString(ids.chainId));
        putField(draft, `meeting/${meetingId}/year`, 2016);
        putField(draft, `meeting/${meetingId}/kind`, new A.ImmutableString('annual_meeting'));
        putField(draft, `meeting/${meetingId}/host_place_id`, new A.ImmutableString('no-such-place'));
      },
    );
    const sent = Buffer.from((await changesFile(a!, true)).contentBase64, 'base64');
    const file = Buffer.concat([sent, lengthPrefixed(A.getLastLocalChange(crafted)!)]);
    const merged = await b!.result('sync.merge', { fileName: 'a.vanort-changes', contentBase64: file.toString('base64') });
    expect(merged).toMatchObject({ ok: true });
    // The rest landed: Herning's count.
    expect((await demoIds(b!)).place('Herning').memberCount).toBe(235);
    // The membership kept B's values; the merged join year is kept as a conflict to decide.
    const membership = tablesOf(b!).membership!.find((row) => (row as { id: string }).id === kangasala.membershipId);
    expect(membership).toMatchObject({ joined_year: 1977, left_year: 1985 });
    const conflicts = await b!.call<Conflict[]>('sync.conflicts');
    const joined = conflicts.find((conflict) => conflict.field === 'joined_year');
    expect(joined?.values.map((value) => [value.value, value.shown]).sort()).toEqual([
      [1977, true],
      [1990, false],
    ]);
    // The meeting is not in the tables, and its row is listed too (nothing silently dropped).
    expect(tablesOf(b!).meeting!.some((row) => (row as { id: string }).id === meetingId)).toBe(false);
    expect(conflicts.some((conflict) => conflict.rowKey === meetingId)).toBe(true);
    const db = b!.session.context().db;
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // Deciding for the value shown ends it, and A then receives that decision.
    await b!.call('sync.decide', { key: joined!.key, value: 1977 });
    expect((await b!.call<Conflict[]>('sync.conflicts')).some((conflict) => conflict.field === 'joined_year')).toBe(false);
    // A held the same row the other way (left 1985 refused); B's decision makes it valid there.
    await exchange(a!, b!);
    await exchange(b!, a!);
    const memberships = [a!, b!].map((each) =>
      tablesOf(each).membership!.find((row) => (row as { id: string }).id === kangasala.membershipId),
    );
    expect(memberships[0]).toEqual(memberships[1]);
    expect(memberships[0]).toMatchObject({ joined_year: 1977, left_year: 1985 });
    for (const each of [a!, b!])
      expect((await each.call<Conflict[]>('sync.conflicts')).filter((conflict) => conflict.row.table === 'membership')).toEqual(
        [],
      );
    for (const each of [a!, b!]) each.session.close();
  });
});

/** A change as an exchange file holds it: its length (4 bytes), then the change. */
function lengthPrefixed(change: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(change.length);
  return Buffer.concat([length, Buffer.from(change)]);
}

describe('an import too large for a shared document', () => {
  it(`over ${SHARED_IMPORT_MAX_ROWS.toLocaleString('en')} rows is refused at once with a plain message, the document as it was`, async () => {
    const { chainId } = await demoIds(karen);
    const rows = (count: number) => ({
      fileName: 'register.csv',
      contentBase64: Buffer.from(csvOfRows(count, 'Ny ort')).toString('base64'),
      chainId,
      countYear: 2013,
    });
    const before = documentHash(karen);
    const started = performance.now();
    expect(await karen.result('import.apply', rows(SHARED_IMPORT_MAX_ROWS + 1))).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'errors.importTooLargeShared' },
    });
    console.log(`refused ${SHARED_IMPORT_MAX_ROWS + 1} rows in ${(performance.now() - started).toFixed(0)} ms`);
    expect(documentHash(karen)).toBe(before);
    // A small one goes in.
    expect(await karen.call('import.apply', rows(3))).toMatchObject({ added: 3 });
    expect(documentHash(karen)).not.toBe(before);
  });
});
