import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as A from '@automerge/automerge';
import type Database from 'better-sqlite3';
import type { Author, SyncValue, Table } from '../../../shared/contract';
import {
  BUCKETS,
  BUCKET_NAMES,
  LAYOUT,
  NATURAL_KEYS,
  ROW,
  TABLE_ORDER,
  bucketOf,
  fieldKey,
  rowHash,
  isHiddenField,
  parseKey,
  rowKeyOf,
  splitNaturalKey,
  syncedColumns,
  type RowState,
} from './keys';

/**
 * The document's edits mirrored into Automerge, whose history lives inside the SQLite file
 * (sync_chunk). The SQL tables stay the model the services read; each local action's rows are
 * written into the engine in the same transaction (flush), and after a merge the tables are
 * patched from what the engine says (merge.ts).
 */

export type EngineDoc = Record<string, unknown>;
export type EngineValue = SyncValue | Uint8Array;

/** document_property keys. */
export const DOCUMENT_ID = 'document_id';
export const SHARING = 'sharing';

/** After this many increments the history is folded into one save (loading reads fewer chunks). */
const FOLD_AFTER = 200;

export interface EngineIdentity {
  device: string;
  laptop: string;
}

/** A change's message: who made it (the engine's actor is one per app session). */
export function changeMessage(identity: EngineIdentity): string {
  return JSON.stringify({ device: identity.device, laptop: identity.laptop });
}

export function readMessage(message: string | null | undefined): Author {
  try {
    const parsed = JSON.parse(message ?? '') as { device?: unknown; laptop?: unknown };
    return {
      device: typeof parsed.device === 'string' ? parsed.device.slice(0, 100) : '',
      laptop: typeof parsed.laptop === 'string' ? parsed.laptop.slice(0, 200) : '',
    };
  } catch {
    return { device: '', laptop: '' };
  }
}

/** An SQL value as the engine holds it: strings as whole values (not collaborative text). */
export function toEngine(value: unknown): unknown {
  if (typeof value === 'string') return new A.ImmutableString(value);
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'number' || value === null) return value;
  if (typeof value === 'bigint') return Number(value);
  return value ?? null;
}

/** An engine value as SQL takes it; anything else (a crafted file's object or list) is null. */
export function fromEngine(value: unknown): EngineValue {
  if (A.isImmutableString(value)) return value.toString();
  if (typeof value === 'string' || typeof value === 'number' || value === null) return value;
  if (value instanceof Uint8Array) return value;
  return null;
}

/** A value as the window and the exchange of words take it: bytes (an attachment) are not shown. */
export const plainValue = (value: EngineValue): SyncValue => (value instanceof Uint8Array ? null : value);

type Bucket = Record<string, unknown>;

/** The map that holds a field key (its bucket), or undefined in a doc without the buckets. */
const bucketFor = (doc: EngineDoc, key: string): Bucket | undefined => doc[bucketOf(key)] as Bucket | undefined;

/** The value a doc shows for a key, as SQL takes it (null when it has none). */
export function engineValue(doc: A.Doc<EngineDoc>, key: string): EngineValue {
  const value = bucketFor(doc, key)?.[key];
  return value === undefined ? null : fromEngine(value);
}

/**
 * Every value a key holds (Automerge's conflicts: op id → value), or undefined when it has one or
 * none. Read through the root's handle: A.getConflicts(bucket) reads the state the bucket object
 * was made in, and a merge that only adds a losing value rebuilds no object, so the bucket of the
 * document before the merge would be read and the new value missed.
 */
export function engineConflicts(doc: A.Doc<EngineDoc>, key: string): Record<string, unknown> | undefined {
  const bucket = bucketFor(doc, key);
  const objectId = bucket ? A.getObjectId(bucket as A.Doc<Bucket>) : null;
  if (!objectId) return undefined;
  const values = A.getBackend(doc).getAll(objectId, key) as unknown[][];
  if (values.length <= 1) return undefined;
  // Scalars are [datatype, value, op id]; an object (none this app writes) is [datatype, object id].
  return Object.fromEntries(values.map((entry) => (entry.length >= 3 ? [String(entry[2]), entry[1]] : [String(entry[1]), null])));
}

/** Writes a field inside a change (into its bucket). */
export function putField(draft: EngineDoc, key: string, value: unknown): void {
  (draft[bucketOf(key)] as Bucket)[key] = toEngine(value);
}

/** Every field key the doc holds, bucket by bucket. */
export function engineKeys(doc: A.Doc<EngineDoc>): string[] {
  return BUCKET_NAMES.flatMap((name) => Object.keys((doc[name] as Bucket | undefined) ?? {}));
}

/** Whether the doc has this version's layout (the buckets); a doc of an earlier version is rebuilt. */
export const hasLayout = (doc: A.Doc<EngineDoc>): boolean =>
  doc['*layout'] === LAYOUT && BUCKET_NAMES.every((name) => typeof doc[name] === 'object' && doc[name] !== null);

/** The buckets by object id ("3@actor" → "00"): where an op on a field must be. */
export function bucketIds(doc: A.Doc<EngineDoc>): Map<string, string> {
  return new Map(
    BUCKET_NAMES.flatMap((name) => {
      const id = A.getObjectId(doc[name] as A.Doc<Bucket>);
      return id ? [[id, name] as const] : [];
    }),
  );
}

const sameValue = (a: unknown, b: unknown): boolean => {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.from(a).equals(Buffer.from(b));
  return a === b;
};

function property(db: Database.Database, key: string): string | null {
  const row = db.prepare('SELECT value FROM document_property WHERE key = ?').get(key) as { value: string | null } | undefined;
  return row?.value ?? null;
}

function setProperty(db: Database.Database, key: string, value: string): void {
  db.prepare(
    'INSERT INTO document_property (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

/**
 * The document's id: copies of one document share it (so they merge), another document has
 * another. A document made by this version gets a random one at creation; an older file gets one
 * derived from its first chain row (its id and creation time travel with every copy), so two copies
 * upgraded apart get the same id.
 */
export function documentId(db: Database.Database): string {
  const stored = property(db, DOCUMENT_ID);
  if (stored) return stored;
  const first = db.prepare('SELECT id, created_at FROM chain ORDER BY created_at, id LIMIT 1').get() as
    { id: string; created_at: string } | undefined;
  return first ? uuidFrom(`vanortsatlas-document:${first.id}:${first.created_at}`) : randomUUID();
}

/** Stores the document's id if it has none (read-write documents, at open). */
export function ensureDocumentId(db: Database.Database): string {
  const id = documentId(db);
  if (!property(db, DOCUMENT_ID)) setProperty(db, DOCUMENT_ID, id);
  return id;
}

/** A new document's id: random (a copy keeps it; a new document never shares one). */
export function newDocumentId(db: Database.Database): void {
  setProperty(db, DOCUMENT_ID, randomUUID());
}

function uuidFrom(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function isShared(db: Database.Database): boolean {
  return property(db, SHARING) === 'on';
}

const randomActor = (): string => randomBytes(16).toString('hex');

/** Every row the tables hold now, in a fixed order (tables, then rows by id), with its engine fields. */
function* tableRows(db: Database.Database): Generator<{ table: Table; rowKey: string; fields: [string, unknown][] }> {
  for (const table of TABLE_ORDER) {
    const columns = syncedColumns(db, table);
    const rows = db.prepare(`SELECT * FROM ${table} ORDER BY id`).iterate() as Iterable<Record<string, unknown>>;
    for (const row of rows) {
      const rowKey = rowKeyOf(table, row);
      const state: RowState = row.deleted_at === null ? 'live' : 'removed';
      const fields: [string, unknown][] = [[fieldKey(table, rowKey, ROW), state]];
      for (const column of columns) if (row[column] !== null) fields.push([fieldKey(table, rowKey, column), row[column]]);
      yield { table, rowKey, fields };
    }
  }
}

/**
 * The values of the listed conflicts that the tables do not show (sync_conflict): a document
 * rebuilt from its tables keeps them as the engine's conflicts again, each as the change of the
 * laptop that wrote it, concurrent with the row's. Only scalar values of keys this app knows.
 */
function* listedAlternatives(
  db: Database.Database,
): Generator<{ key: string; value: SyncValue; author: Author; at: string | null }> {
  const rows = db.prepare('SELECT key, "values" AS list FROM sync_conflict ORDER BY key').all() as {
    key: string;
    list: string;
  }[];
  for (const { key, list } of rows) {
    if (!parseKey(key)) continue;
    let values: unknown;
    try {
      values = JSON.parse(list);
    } catch {
      continue;
    }
    if (!Array.isArray(values)) continue;
    for (const entry of values as Partial<{ value: unknown; author: Partial<Author>; at: unknown; shown: unknown }>[]) {
      const value = entry?.value;
      if (entry?.shown === true || !(value === null || typeof value === 'string' || typeof value === 'number')) continue;
      yield {
        key,
        value,
        author: readMessage(JSON.stringify(entry.author ?? {})),
        at: typeof entry.at === 'string' ? entry.at : null,
      };
    }
  }
}

const valueText = (value: unknown): string =>
  value instanceof Uint8Array ? Buffer.from(value).toString('base64') : JSON.stringify(value);

/** An actor made from text (a content hash): the same text gives the same actor on every laptop. */
const actorFrom = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 32);

const FIRST_MESSAGE = changeMessage({ device: '', laptop: '' });

/** A scalar op of an encoded change: Automerge's datatype for a number. */
function setOp(obj: string, key: string, value: unknown) {
  const scalar = typeof value === 'bigint' ? Number(value) : (value as string | number | null);
  const datatype = typeof scalar === 'number' ? (Number.isInteger(scalar) ? 'int' : 'float64') : undefined;
  return { action: 'set', obj, key, value: scalar, ...(datatype ? { datatype } : {}), pred: [] };
}

/**
 * The document's first change: its id, the layout, and the buckets (one map each), made alike on
 * every laptop (its actor from the document's id, time 0, no deps), so every copy's buckets are
 * the same objects: the op `n@actor` that made them.
 */
function documentChange(docId: string): { change: Uint8Array; hash: string; bucketIds: string[] } {
  const actor = actorFrom(`document:${docId}`);
  const ops = [
    setOp('_root', '*document', docId),
    setOp('_root', '*layout', LAYOUT),
    ...BUCKET_NAMES.map((key) => ({ action: 'makeMap', obj: '_root', key, pred: [] })),
  ];
  const change = A.encodeChange({ actor, seq: 1, startOp: 1, time: 0, message: FIRST_MESSAGE, deps: [], ops } as never);
  return { change, hash: A.decodeChange(change).hash!, bucketIds: BUCKET_NAMES.map((_, index) => `${index + 3}@${actor}`) };
}

/**
 * How many changes the rows of the first history are spread over (by a hash of each row): two
 * copies that start sharing apart share the changes of every group whose rows are alike.
 */
const FIRST_GROUPS = 1024;

/** The first op of a change that builds on the document's first change alone (after its 2 + BUCKETS ops). */
const ROW_START_OP = BUCKETS + 3;

/**
 * One change of the first history: deterministic (its actor from its content, time 0, built on
 * the document's first change alone). Encoded directly (14 times faster than a document per row),
 * except for a row holding bytes (an attachment), which A.change encodes.
 */
function firstChange(first: ReturnType<typeof documentChange>, actor: string, fields: [string, unknown][]): Uint8Array {
  if (fields.some(([, value]) => value instanceof Uint8Array)) {
    const doc = A.change(A.load<EngineDoc>(first.change, { actor }), { message: FIRST_MESSAGE, time: 0 }, (draft) => {
      for (const [key, value] of fields) putField(draft, key, value);
    });
    return A.getLastLocalChange(doc)!;
  }
  const bucket = (key: string) => first.bucketIds[parseInt(bucketOf(key), 16)]!;
  const ops = fields.map(([key, value]) => setOp(bucket(key), key, value));
  return A.encodeChange({
    actor,
    seq: 1,
    startOp: ROW_START_OP,
    time: 0,
    message: FIRST_MESSAGE,
    deps: [first.hash],
    ops,
  } as never);
}

/**
 * The first shared history of a document: the document's change (its id, the buckets), then one
 * change per group of rows (FIRST_GROUPS), each deterministic (its actor comes from the document's
 * id and its rows' content, its time is 0, it depends on the document's change alone), the other
 * values of the conflicts listed (a rebuilt document's; none when sharing is turned on), then
 * an empty change that depends on them all (so the heads stay few). Two copies of one file that
 * start sharing apart make the very same changes, so no field conflicts; copies that differ in
 * some rows share the changes of every group without such a row, so a later edit of those on one
 * laptop meets no stale value from the other. In a group that differs, a field whose values
 * differ is a conflict; one edited on a laptop before it merged the other's group may be too
 * (its old value, from the other's group, kept beside the new one until someone decides).
 */
export function firstHistory(db: Database.Database, docId: string): A.Doc<EngineDoc> {
  const first = documentChange(docId);
  const changes = [first.change];
  const seal = createHash('sha256').update(docId);
  // The rows in FIRST_GROUPS groups by their hash, each group one change: Automerge's cost of a
  // commit grows with the square of the actors a document has (a change per row, 10,500 actors
  // on a 500-member chain, stalled one edit in some twenty for 9 s).
  const groups = new Map<number, { fields: [string, unknown][]; content: ReturnType<typeof createHash> }>();
  for (const { table, rowKey, fields } of tableRows(db)) {
    const index = rowHash(fieldKey(table, rowKey, ROW)) % FIRST_GROUPS;
    let group = groups.get(index);
    if (!group) groups.set(index, (group = { fields: [], content: createHash('sha256').update(`${docId}\u0000${index}`) }));
    group.fields.push(...fields);
    group.content.update(
      `\u0002${table}\u0000${rowKey}\u0000${fields.map(([key, value]) => `${key}\u0000${valueText(value)}`).join('\u0001')}`,
    );
  }
  for (const index of [...groups.keys()].sort((a, b) => a - b)) {
    const group = groups.get(index)!;
    const actor = group.content.digest('hex').slice(0, 32);
    seal.update(actor);
    changes.push(firstChange(first, actor, group.fields));
  }
  for (const other of listedAlternatives(db)) {
    const content = `${docId}\u0000conflict\u0000${other.key}\u0000${valueText(other.value)}\u0000${other.author.device}`;
    // Its actor sorts below every row's (8 zero digits): where its op's counter ties with the
    // row's (the first field), the row's value wins, as it does over every later field.
    const actor = `00000000${actorFrom(content).slice(8)}`;
    seal.update(actor);
    changes.push(
      A.encodeChange({
        actor,
        seq: 1,
        startOp: ROW_START_OP,
        time: other.at ? Math.max(0, Math.floor(Date.parse(other.at) / 1000)) || 0 : 0,
        message: changeMessage(other.author),
        deps: [first.hash],
        ops: [setOp(first.bucketIds[parseInt(bucketOf(other.key), 16)]!, other.key, other.value)],
      } as never),
    );
  }
  // Loading the changes as one buffer is faster than applying them one by one.
  const loaded = A.load<EngineDoc>(new Uint8Array(Buffer.concat(changes)), { actor: seal.digest('hex').slice(0, 32) });
  const doc = A.emptyChange(loaded, { message: FIRST_MESSAGE, time: 0 });
  return A.clone(doc, { actor: randomActor() });
}

/** When a change was made (ISO 8601); '' for the first history, whose time is fixed at 0. */
export function changeTime(decoded: { time: number }): string {
  return decoded.time > 0 ? new Date(decoded.time * 1000).toISOString() : '';
}

/** The change metadata of the given changes, stored for labels (who, when). */
export function recordChangeAuthors(db: Database.Database, changes: Uint8Array[]): Author[] {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO sync_change (hash, actor, seq, start_op, ops, at, device, laptop) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const authors = new Map<string, Author>();
  for (const change of changes) {
    const decoded = A.decodeChange(change);
    const author = readMessage(decoded.message);
    const at = changeTime(decoded);
    insert.run(decoded.hash, decoded.actor, decoded.seq, decoded.startOp, decoded.ops.length, at, author.device, author.laptop);
    if (author.device) authors.set(author.device, author);
  }
  return [...authors.values()];
}

/** Who wrote an op ("counter@actor"), and when: from the stored change metadata, or from changes not stored yet (a preview's). */
export type OpAuthors = (opId: string) => { author: Author; at: string | null };

/** Looks up ops in changes that are not stored yet (a merge preview's), then in the stored metadata. */
export function opAuthors(db: Database.Database, pending: Uint8Array[] = []): OpAuthors {
  const known = pending.map((change) => {
    const decoded = A.decodeChange(change);
    return {
      actor: decoded.actor,
      start: decoded.startOp,
      end: decoded.startOp + decoded.ops.length,
      author: readMessage(decoded.message),
      at: changeTime(decoded),
    };
  });
  return (opId) => {
    const [counterText, actor] = opId.split('@');
    const counter = Number(counterText);
    const change = known.find((each) => each.actor === actor && each.start <= counter && counter < each.end);
    return change ? { author: change.author, at: change.at || null } : authorOfOp(db, opId);
  };
}

/** Who wrote an op ("counter@actor"), and when, from the stored change metadata. */
export function authorOfOp(db: Database.Database, opId: string): { author: Author; at: string | null } {
  const [counterText, actor] = opId.split('@');
  const counter = Number(counterText);
  const row = db
    .prepare(
      `SELECT device, laptop, at FROM sync_change WHERE actor = ? AND start_op <= ? AND start_op + ops > ? ORDER BY start_op DESC LIMIT 1`,
    )
    .get(actor, counter, counter) as { device: string; laptop: string; at: string } | undefined;
  return row
    ? { author: { device: row.device, laptop: row.laptop }, at: row.at || null }
    : { author: { device: '', laptop: '' }, at: null };
}

export class SyncEngine {
  /** Rows touched by the transaction now running (SQL ids), written into the engine at flush. */
  private readonly pending = new Map<Table, Set<string>>();
  /** Keys whose value must be written even when equal (a person's decision ends a conflict). */
  private readonly forced = new Map<string, unknown>();
  private increments: number;
  /** The doc holds changes of a transaction not yet committed (a merge, an action's change). */
  private uncommitted = false;

  private constructor(
    private doc: A.Doc<EngineDoc>,
    private readonly db: Database.Database,
    private readonly identity: () => EngineIdentity,
    increments: number,
  ) {
    this.increments = increments;
  }

  /** The engine of a shared document, read from its chunks; null for a document not shared. */
  static load(db: Database.Database, identity: () => EngineIdentity): SyncEngine | null {
    if (!isShared(db)) return null;
    const chunks = db.prepare('SELECT data FROM sync_chunk ORDER BY seq').pluck().all() as Buffer[];
    const doc = A.load<EngineDoc>(new Uint8Array(Buffer.concat(chunks)), { actor: randomActor() });
    if (!hasLayout(doc)) return SyncEngine.rebuild(db, identity, doc);
    return new SyncEngine(doc, db, identity, chunks.length);
  }

  /**
   * A document shared by an earlier version (one flat map, no buckets): its shared history is
   * built again from the tables, which hold every value it shows (the open made a backup of the
   * file first). The conflicts still to decide stay listed (sync_conflict keeps their values);
   * each colleague is sent everything next time, since none of the old changes is kept. A copy
   * that laptop rebuilt alike makes the same changes; a field whose values differ is a conflict.
   * A read-only document is rebuilt in memory only.
   */
  private static rebuild(db: Database.Database, identity: () => EngineIdentity, old: A.Doc<EngineDoc>): SyncEngine {
    const docId = typeof fromEngine(old['*document']) === 'string' ? (fromEngine(old['*document']) as string) : documentId(db);
    const doc = firstHistory(db, docId);
    if (!db.readonly) {
      db.transaction(() => {
        db.prepare('DELETE FROM sync_chunk').run();
        db.prepare('INSERT INTO sync_chunk (data, created_at) VALUES (?, ?)').run(
          Buffer.from(A.save(doc)),
          new Date().toISOString(),
        );
        db.prepare('DELETE FROM sync_change').run();
        recordChangeAuthors(db, A.getAllChanges(doc));
        db.prepare(`UPDATE sync_peer SET heads = '[]'`).run();
      })();
    }
    return new SyncEngine(doc, db, identity, 1);
  }

  /** Turns sharing on: the first history, stored as the first chunk. Call inside a transaction. */
  static enable(db: Database.Database, identity: () => EngineIdentity, now: string): SyncEngine {
    const existing = SyncEngine.load(db, identity);
    if (existing) return existing;
    const docId = ensureDocumentId(db);
    const doc = firstHistory(db, docId);
    db.prepare('DELETE FROM sync_chunk').run();
    db.prepare('INSERT INTO sync_chunk (data, created_at) VALUES (?, ?)').run(Buffer.from(A.save(doc)), now);
    recordChangeAuthors(db, A.getAllChanges(doc));
    setProperty(db, SHARING, 'on');
    return new SyncEngine(doc, db, identity, 1);
  }

  get current(): A.Doc<EngineDoc> {
    return this.doc;
  }

  get documentId(): string {
    return fromEngine(this.doc['*document']) as string;
  }

  /** A row an action changed (its SQL id): flush() writes what it holds now. */
  touch(table: Table, rowId: string): void {
    let rows = this.pending.get(table);
    if (!rows) this.pending.set(table, (rows = new Set()));
    rows.add(rowId);
  }

  /** A field a person decided: written even if the value is the one shown now. */
  decide(key: string, value: unknown): void {
    this.forced.set(key, value);
  }

  /**
   * The transaction ended without writing (it threw): forget what it touched, and go back to what
   * the file holds if the doc took changes in it (else a merge whose transaction failed would
   * stay merged in memory only: the tables never patched, later changes stored without it).
   */
  discard(): void {
    this.pending.clear();
    this.forced.clear();
    if (this.uncommitted) this.reload();
    this.uncommitted = false;
  }

  /** The transaction committed: what the doc holds is in the file. */
  committed(): void {
    this.uncommitted = false;
  }

  /**
   * Writes the touched rows into the engine as one change, and that change into the file: called
   * at the end of the action's transaction, so both land together or not at all. Returns the
   * engine keys it wrote.
   */
  flush(now: string): string[] {
    const puts = new Map<string, unknown>();
    for (const [table, ids] of this.pending) {
      const columns = syncedColumns(this.db, table);
      const read = this.db.prepare(`SELECT * FROM ${table} WHERE id = ?`);
      for (const id of ids) {
        const row = read.get(id) as Record<string, unknown> | undefined;
        if (!row) continue;
        const rowKey = rowKeyOf(table, row);
        const state: RowState = row.deleted_at === null ? 'live' : 'removed';
        let wrote = false;
        if (state === 'live') {
          for (const column of columns) {
            const key = fieldKey(table, rowKey, column);
            const value = row[column] ?? null;
            if (sameValue(this.value(key), value)) continue;
            puts.set(key, value);
            wrote = true;
          }
        }
        const rowField = fieldKey(table, rowKey, ROW);
        if (wrote || this.value(rowField) !== state) puts.set(rowField, state);
      }
    }
    for (const [key, value] of this.forced) puts.set(key, value);
    this.pending.clear();
    this.forced.clear();
    if (puts.size === 0) return [];
    const before = A.getHeads(this.doc);
    try {
      this.uncommitted = true;
      this.doc = A.change(this.doc, { message: changeMessage(this.identity()), time: Math.floor(Date.now() / 1000) }, (draft) => {
        for (const [key, value] of puts) {
          // Automerge drops a put of the value a key already shows; an edit's 'live' and a
          // person's decision must still be written (to meet a removal, to end a conflict), so
          // the key is cleared and put again: one new value that supersedes the ones seen.
          // (Read from the doc as it was: the draft holds the same, and a read of it costs a call into WASM.)
          const bucket = draft[bucketOf(key)] as Bucket;
          if (bucketFor(this.doc, key)?.[key] !== undefined && sameValue(this.value(key), value)) delete bucket[key];
          bucket[key] = toEngine(value);
        }
      });
      this.store(before, now);
    } catch (error) {
      // The file did not take the change (disk full): the engine goes back to what the file holds.
      this.reload();
      throw error;
    }
    return [...puts.keys()];
  }

  /** Adds changes from another laptop (already checked by exchange.ts); returns the new doc's heads. */
  applyChanges(changes: Uint8Array[], now: string): void {
    const before = A.getHeads(this.doc);
    this.uncommitted = true;
    [this.doc] = A.applyChanges(this.doc, changes);
    this.store(before, now);
  }

  /** Goes back to what the file holds (after a transaction that failed). */
  reload(): void {
    const chunks = this.db.prepare('SELECT data FROM sync_chunk ORDER BY seq').pluck().all() as Buffer[];
    this.doc = A.load<EngineDoc>(new Uint8Array(Buffer.concat(chunks)), { actor: randomActor() });
    this.increments = chunks.length;
  }

  /** The changes since `before`, into the file; now and then the whole history folded into one chunk. */
  private store(before: A.Heads, now: string): void {
    const changes = A.getChangesSince(this.doc, before);
    if (changes.length === 0) return;
    recordChangeAuthors(this.db, changes);
    if (this.increments >= FOLD_AFTER) {
      this.db.prepare('DELETE FROM sync_chunk').run();
      this.db.prepare('INSERT INTO sync_chunk (data, created_at) VALUES (?, ?)').run(Buffer.from(A.save(this.doc)), now);
      this.increments = 1;
    } else {
      this.db
        .prepare('INSERT INTO sync_chunk (data, created_at) VALUES (?, ?)')
        .run(Buffer.from(A.saveSince(this.doc, before)), now);
      this.increments += 1;
    }
  }

  /** The value the engine shows for a key (null when it has none). */
  value(key: string): EngineValue {
    return engineValue(this.doc, key);
  }
}

/**
 * Every value of a key in a doc when two or more laptops wrote it concurrently and they differ
 * (equal values are no conflict, whoever wrote them); null otherwise, and for bookkeeping fields.
 */
export function conflictingValues(
  doc: A.Doc<EngineDoc>,
  key: string,
): { opId: string; value: EngineValue; shown: boolean }[] | null {
  const parsed = parseKey(key);
  if (!parsed || isHiddenField(parsed.table, parsed.field)) return null;
  const found = engineConflicts(doc, key);
  if (!found) return null;
  const values = Object.entries(found).map(([opId, value]) => ({ opId, value: fromEngine(value) }));
  const text = (value: EngineValue) =>
    value instanceof Uint8Array ? Buffer.from(value).toString('base64') : JSON.stringify(value);
  if (new Set(values.map(({ value }) => text(value))).size < 2) return null;
  const shown = engineValue(doc, key);
  return values.map((entry) => ({ ...entry, shown: sameValue(entry.value, shown) }));
}

/** The SQL id of an engine row, where the tables have it (natural keys are looked up). */
export function sqlIdOf(db: Database.Database, table: Table, rowKey: string, engineId: EngineValue): string | null {
  const natural = NATURAL_KEYS[table];
  if (!natural) return rowKey;
  const { parent, year } = splitNaturalKey(rowKey);
  const live = db
    .prepare(`SELECT id FROM ${table} WHERE ${natural[0]} = ? AND ${natural[1]} = ? AND deleted_at IS NULL`)
    .pluck()
    .get(parent, year) as string | undefined;
  if (live) return live;
  if (typeof engineId === 'string' && db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(engineId)) return engineId;
  // A removed row of that key (added and undone here): the one row the engine's key has.
  const removed = db
    .prepare(`SELECT id FROM ${table} WHERE ${natural[0]} = ? AND ${natural[1]} = ? ORDER BY id LIMIT 1`)
    .pluck()
    .get(parent, year) as string | undefined;
  return removed ?? (typeof engineId === 'string' ? engineId : null);
}
