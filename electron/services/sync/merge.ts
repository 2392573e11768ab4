import * as A from '@automerge/automerge';
import type { Author, Conflict, ConflictValue, FieldChange, MergePreview, Table } from '../../../shared/contract';
import { type ChangeSet, recordChanges as recordAction } from '../change-log';
import type { DocumentContext } from '../context';
import { DOCUMENT_VALUE_LIMIT } from '../../db/value-limits';
import { describeRow } from './describe';
import {
  bucketIds,
  changeTime,
  engineConflicts,
  engineValue,
  fromEngine,
  plainValue,
  readMessage,
  sqlIdOf,
  type EngineDoc,
  type EngineValue,
  type SyncEngine,
} from './engine';
import { refused, type Incoming } from './exchange';
import { NATURAL_KEYS, ROW, TABLE_ORDER, bucketOf, isHiddenField, parseKey, syncedColumns } from './keys';
import { conflictList, storeConflicts } from './conflicts';

/**
 * Merging a colleague's changes: first what it would do (preview, nothing written), then the same
 * in one transaction (one undo step). The engine decides every field's value (the same way on
 * every laptop); the tables are patched to match and the patch is logged as a merged change, with
 * the colleague's laptop name, so Undo can step back over it.
 */

interface Trial {
  merged: A.Doc<EngineDoc>;
  newChanges: Uint8Array[];
  /** Engine keys whose value the merge changes. */
  keys: string[];
  /** Who wrote each key last among the new changes. */
  authors: Map<string, { author: Author; at: string }>;
  missingEarlier: boolean;
}

function trial(engine: SyncEngine, incoming: Incoming): Trial {
  if (incoming.documentId !== engine.documentId) throw refused('errors.exchangeOtherDocument', incoming.documentId);
  const current = engine.current;
  const before = A.getHeads(current);
  let merged: A.Doc<EngineDoc>;
  try {
    [merged] = A.applyChanges(A.clone(current), incoming.changes);
  } catch {
    throw refused('errors.exchangeDamaged', 'changes do not apply');
  }
  const newChanges = A.getChanges(current, merged);
  // Changes that wait for ones this document lacks, or a file that leaves out changes this
  // document does not hold either (it holds none of the heads the file builds on).
  const missingEarlier =
    A.getMissingDeps(merged, A.getHeads(merged)).length > 0 ||
    (incoming.base.length > 0 && !incoming.base.some((heads) => A.hasHeads(merged, heads)));
  const authors = new Map<string, { author: Author; at: string }>();
  // Every op of a colleague's change writes a field in its bucket: one on the root (a bucket
  // replaced or removed would drop its fields on every laptop), in an object of its own or in
  // another bucket is none this app makes, and the file is refused.
  const buckets = bucketIds(current);
  for (const change of newChanges) {
    const decoded = A.decodeChange(change);
    const author = readMessage(decoded.message);
    const at = changeTime(decoded);
    for (const op of decoded.ops) {
      if (typeof op.key !== 'string' || buckets.get(op.obj) !== bucketOf(op.key))
        throw refused('errors.exchangeDamaged', `op on ${op.obj}`);
      authors.set(op.key, { author, at });
    }
  }
  const keys = new Set<string>();
  if (newChanges.length > 0) {
    for (const patch of A.diff(merged, before, A.getHeads(merged))) {
      const key = patch.path[1];
      if (patch.path.length === 2 && typeof key === 'string' && parseKey(key)) keys.add(key);
    }
  }
  // Automerge's diff is silent where a conflict gains a value and the one shown stays: every key
  // the new changes write is looked at again for its conflict.
  for (const key of authors.keys()) if (parseKey(key)) keys.add(key);
  checkValues(merged, keys);
  return { merged, newChanges, keys: [...keys], authors, missingEarlier };
}

/**
 * Every value the merge would bring (the shown one and each kept in a conflict) is one a document
 * may hold: a crafted file with a longer text would make the document refused when next opened
 * (value-limits.ts), and a number that is not finite is no value SQL keeps. Either refuses the file.
 */
function checkValues(doc: A.Doc<EngineDoc>, keys: Iterable<string>): void {
  for (const key of keys) {
    const conflicting = engineConflicts(doc, key);
    const values = conflicting ? Object.values(conflicting).map(fromEngine) : [engineValue(doc, key)];
    for (const value of values) {
      if (typeof value === 'string' && value.length > DOCUMENT_VALUE_LIMIT)
        throw refused('errors.exchangeValueTooLong', `${key}: ${value.length} characters`);
      if (typeof value === 'number' && !Number.isFinite(value)) throw refused('errors.exchangeDamaged', `${key}: ${value}`);
    }
  }
}

/** The keys grouped by row ("table/rowKey"), each row with its table and key. */
function keysByRow(keys: string[]): Map<string, { table: Table; rowKey: string; keys: string[] }> {
  const rows = new Map<string, { table: Table; rowKey: string; keys: string[] }>();
  for (const key of keys) {
    const { table, rowKey } = parseKey(key)!;
    const rowId = `${table}/${rowKey}`;
    const row = rows.get(rowId) ?? { table, rowKey, keys: [] };
    row.keys.push(key);
    rows.set(rowId, row);
  }
  return rows;
}

/** The laptops whose changes these are (each once). */
function laptopsOf(authors: Map<string, { author: Author }>): Author[] {
  const byDevice = new Map<string, Author>();
  for (const { author } of authors.values()) if (author.device) byDevice.set(author.device, author);
  return [...byDevice.values()];
}

export function previewMerge(ctx: DocumentContext, engine: SyncEngine, incoming: Incoming): MergePreview {
  const { merged, newChanges, keys, authors, missingEarlier } = trial(engine, incoming);
  const changed: FieldChange[] = [];
  const added: FieldChange[] = [];
  const removed: FieldChange[] = [];
  for (const [rowId, { table, rowKey, keys: rowKeys }] of keysByRow(keys)) {
    const rowState = `${rowId}/${ROW}`;
    const was = engineValue(engine.current, rowState);
    const now = engineValue(merged, rowState);
    const label = describeRow(ctx.db, table, rowKey, (field) => plainValue(engineValue(merged, `${rowId}/${field}`)));
    const by = authors.get(rowState) ?? authors.get(rowKeys[0]!) ?? { author: { device: '', laptop: '' }, at: '' };
    const entry = (field: string, old: EngineValue, value: EngineValue, who = by): FieldChange => ({
      row: label,
      rowKey,
      field,
      old: plainValue(old),
      new: plainValue(value),
      author: who.author,
      at: who.at,
    });
    if (was !== 'live' && now === 'live') {
      added.push(entry(ROW, was, now));
      continue;
    }
    if (was === 'live' && now === 'removed') {
      removed.push(entry(ROW, was, now));
      continue;
    }
    for (const key of rowKeys) {
      const field = parseKey(key)!.field;
      if (field === ROW || isHiddenField(table, field)) continue;
      const old = engineValue(engine.current, key);
      const value = engineValue(merged, key);
      if (old === value) continue;
      changed.push(entry(field, old, value, authors.get(key) ?? by));
    }
  }
  const conflicts: Conflict[] = conflictList(ctx.db, merged, keys, newChanges);
  return {
    from: laptopsOf(authors),
    changed,
    added,
    removed,
    conflicts,
    nothingNew: newChanges.length === 0,
    missingEarlier,
  };
}

/** Merges in one transaction: the engine's history, the tables, the change log, the conflicts. */
export function applyMerge(
  ctx: DocumentContext,
  engine: SyncEngine,
  incoming: Incoming,
): { changed: number; conflicts: number; touched: Table[] } {
  const { newChanges, keys, authors } = trial(engine, incoming);
  const conflictCount = () => ctx.db.prepare('SELECT count(*) FROM sync_conflict').pluck().get() as number;
  if (newChanges.length === 0) return { changed: 0, conflicts: conflictCount(), touched: [] };
  const touched = new Set<Table>();
  let changedFields = 0;
  recordAction(
    ctx,
    (changes) => {
      ctx.db.pragma('defer_foreign_keys = ON');
      engine.applyChanges(newChanges, ctx.now());
      changes.markMerged();
      // Rows in an order where references come first, a table at a time.
      const rows = [...keysByRow(keys).entries()].sort(
        ([, a], [, b]) => TABLE_ORDER.indexOf(a.table) - TABLE_ORDER.indexOf(b.table),
      );
      const held: HeldRow[] = [];
      for (const table of new Set(rows.map(([, row]) => row.table))) {
        const tableRows = rows.filter(([, row]) => row.table === table);
        const result = patchTable(ctx, engine, changes, tableRows, authors, held);
        if (result > 0) touched.add(table);
        changedFields += result;
      }
      // A row held before and written now: its listed values are the engine's conflicts again.
      const heldRows = new Set(held.map(({ table, rowKey }) => `${table}/${rowKey}`));
      const patched = new Set(rows.map(([rowId]) => rowId).filter((rowId) => !heldRows.has(rowId)));
      const listed = (ctx.db.prepare('SELECT key FROM sync_conflict').pluck().all() as string[]).filter((key) =>
        patched.has(key.slice(0, key.lastIndexOf('/'))),
      );
      storeConflicts(ctx.db, engine.current, [...keys, ...listed], ctx.now());
      storeHeld(ctx, engine, held, authors);
      recordPeers(ctx, incoming, laptopsOf(authors));
    },
    { mirror: false },
  );
  return { changed: changedFields, conflicts: conflictCount(), touched: [...touched].sort() };
}

type RowEntry = [string, { table: Table; rowKey: string; keys: string[] }];
type Authors = Map<string, { author: Author; at: string }>;

/** A merged row the tables refused (a CHECK or a foreign key): left as it was here. */
interface HeldRow {
  table: Table;
  rowKey: string;
  id: string | null;
}

const isConstraint = (error: unknown): boolean =>
  typeof (error as { code?: unknown } | null)?.code === 'string' &&
  (error as { code: string }).code.startsWith('SQLITE_CONSTRAINT');

/**
 * Patches one table's merged rows, each in a savepoint: a row that breaks a CHECK is left as it
 * was here and held (the rest of the merge goes on). Foreign keys are checked at the end of the
 * table (they are deferred): the rows that break one are held too, and the table patched again
 * without them. Returns the number of fields written.
 */
function patchTable(
  ctx: DocumentContext,
  engine: SyncEngine,
  changes: ChangeSet,
  rows: RowEntry[],
  authors: Authors,
  held: HeldRow[],
): number {
  const table = rows[0]![1].table;
  const refused = new Set<string>();
  for (;;) {
    ctx.db.exec('SAVEPOINT merge_table');
    let fields = 0;
    const written = new Map<string, string>();
    const heldHere: HeldRow[] = [];
    for (const [rowId, { rowKey, keys: rowKeys }] of rows) {
      const id = sqlIdOf(ctx.db, table, rowKey, engine.value(`${rowId}/id`));
      if (refused.has(rowId)) {
        heldHere.push({ table, rowKey, id });
        continue;
      }
      const who = authors.get(`${rowId}/${ROW}`) ?? authors.get(rowKeys[0]!);
      changes.as(who?.author ?? null, who?.at ?? null);
      ctx.db.exec('SAVEPOINT merge_row');
      try {
        const result = patchRow(ctx, engine, changes, table, rowKey);
        ctx.db.exec('RELEASE merge_row');
        if (result.wrote) fields += rowKeys.length;
        if (result.id) written.set(result.id, rowId);
      } catch (error) {
        ctx.db.exec('ROLLBACK TO merge_row');
        ctx.db.exec('RELEASE merge_row');
        if (!isConstraint(error)) throw error;
        heldHere.push({ table, rowKey, id });
      }
    }
    const broken = (ctx.db.prepare(`SELECT rowid FROM pragma_foreign_key_check(?)`).pluck().all(table) as number[])
      .map((rowid) => ctx.db.prepare(`SELECT id FROM ${table} WHERE rowid = ?`).pluck().get(rowid) as string)
      .flatMap((id) => written.get(id) ?? []);
    if (broken.length === 0) {
      ctx.db.exec('RELEASE merge_table');
      held.push(...heldHere);
      return fields;
    }
    // Again without the rows that break a foreign key (each time at least one more is held).
    ctx.db.exec('ROLLBACK TO merge_table');
    ctx.db.exec('RELEASE merge_table');
    for (const rowId of broken) refused.add(rowId);
  }
}

/**
 * A held row's fields whose merged value the tables could not take: listed as conflicts (this
 * laptop's value, shown, and the merged one), so a person decides; nothing is dropped.
 */
function storeHeld(ctx: DocumentContext, engine: SyncEngine, held: HeldRow[], authors: Authors): void {
  const upsert = ctx.db.prepare(
    `INSERT INTO sync_conflict (key, table_name, row_key, field, "values", updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET "values" = excluded."values", updated_at = excluded.updated_at`,
  );
  const here: Author = { device: ctx.device, laptop: ctx.laptop ?? '' };
  for (const { table, rowKey, id } of held) {
    const base = `${table}/${rowKey}`;
    const row = id
      ? (ctx.db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, unknown> | undefined)
      : undefined;
    const fields = [ROW, ...syncedColumns(ctx.db, table).filter((column) => !isHiddenField(table, column))];
    for (const field of fields) {
      const key = `${base}/${field}`;
      const merged = plainValue(engine.value(key));
      const current = (field === ROW ? (row ? (row.deleted_at === null ? 'live' : 'removed') : null) : (row?.[field] ?? null)) as
        string | number | null;
      if (merged === current) continue;
      const by = authors.get(key) ?? authors.get(`${base}/${ROW}`);
      const values: ConflictValue[] = [
        { value: current, author: here, at: null, shown: true },
        { value: merged, author: by?.author ?? { device: '', laptop: '' }, at: by?.at || null, shown: false },
      ];
      upsert.run(key, table, rowKey, field, JSON.stringify(values), ctx.now());
    }
  }
}

/**
 * The laptops merged from, and when. Only the file's sender is known to hold what the file holds
 * (its heads: what sync.send may leave out for it); the others whose changes it carried may lack
 * some of them, so their heads stay as they were ('[]' when never known: send them everything).
 */
function recordPeers(ctx: DocumentContext, incoming: Incoming, authors: Author[]): void {
  const sender = incoming.from?.device ? incoming.from : null;
  const upsert = ctx.db.prepare(
    `INSERT INTO sync_peer (device, laptop, heads, last_merged) VALUES (@device, @laptop, @heads, @now)
     ON CONFLICT(device) DO UPDATE SET laptop = excluded.laptop, last_merged = excluded.last_merged,
       heads = CASE WHEN @sender THEN excluded.heads ELSE heads END`,
  );
  const heads = sender ? JSON.stringify(incomingHeads(incoming.changes)) : '[]';
  const peers = new Map(authors.map((author) => [author.device, author]));
  if (sender && !peers.has(sender.device)) peers.set(sender.device, sender);
  for (const { device, laptop } of peers.values()) {
    if (device === ctx.device) continue;
    const isSender = device === sender?.device ? 1 : 0;
    upsert.run({ device, laptop, heads: isSender ? heads : '[]', now: ctx.now(), sender: isSender });
  }
}

/** The heads of a set of changes: those no other change in the set depends on. */
function incomingHeads(changes: Uint8Array[]): string[] {
  const decoded = changes.map((change) => A.decodeChange(change));
  const depended = new Set(decoded.flatMap((change) => change.deps));
  return decoded.filter((change) => !depended.has(change.hash!)).map((change) => change.hash!);
}

/** Makes the table row match the engine's: the row's SQL id, and whether anything was written. */
function patchRow(
  ctx: DocumentContext,
  engine: SyncEngine,
  changes: ChangeSet,
  table: Table,
  rowKey: string,
): { id: string | null; wrote: boolean } {
  const base = `${table}/${rowKey}`;
  const state = engine.value(`${base}/${ROW}`);
  const columns = syncedColumns(ctx.db, table);
  const id = sqlIdOf(ctx.db, table, rowKey, engine.value(`${base}/id`));
  if (!id) return { id: null, wrote: false };
  const row = ctx.db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
  const values: Record<string, string | number | null> = {};
  for (const column of columns) {
    if (column === 'id') continue;
    const value = engine.value(`${base}/${column}`);
    values[column] = value instanceof Uint8Array ? (Buffer.from(value) as unknown as string) : value;
  }
  if (!row) {
    // A row first seen removed is made removed: the sender's tables keep it so (Undo there may
    // bring it back), and the copies match row by row.
    changes.insert(table, values, id);
    if (state !== 'live') changes.remove(table, id);
    return { id, wrote: true };
  }
  let wrote = false;
  if (state === 'live' && row.deleted_at !== null) {
    changes.revive(table, id);
    wrote = true;
  }
  // The fields follow the engine's even when the row is removed: a colleague's edit of a row
  // removed here is kept (the removal may be a conflict that a person decides the other way).
  const differing = Object.fromEntries(Object.entries(values).filter(([column, value]) => row[column] !== value));
  if (Object.keys(differing).length > 0) {
    changes.update(table, id, differing, true);
    wrote = true;
  }
  if (state !== 'live' && row.deleted_at === null) {
    changes.remove(table, id);
    wrote = true;
  }
  // A count both laptops added: the winner's id everywhere, so the tables match row by row.
  const engineId = engine.value(`${base}/id`);
  if (NATURAL_KEYS[table] && typeof engineId === 'string' && engineId !== id) {
    changes.renameId(table, id, engineId);
    return { id: engineId, wrote: true };
  }
  return { id, wrote };
}
