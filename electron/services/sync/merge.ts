import * as A from '@automerge/automerge';
import type { Author, Conflict, FieldChange, MergePreview, Table } from '../../../shared/contract';
import { type ChangeSet, recordChanges as recordAction } from '../change-log';
import type { DocumentContext } from '../context';
import { describeRow } from './describe';
import {
  changeTime,
  engineValue,
  plainValue,
  readMessage,
  sqlIdOf,
  type EngineDoc,
  type EngineValue,
  type SyncEngine,
} from './engine';
import { refused, type Incoming } from './exchange';
import { NATURAL_KEYS, ROW, TABLE_ORDER, isHiddenField, parseKey, syncedColumns } from './keys';
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
  const missingEarlier = A.getMissingDeps(merged, A.getHeads(merged)).length > 0;
  const authors = new Map<string, { author: Author; at: string }>();
  for (const change of newChanges) {
    const decoded = A.decodeChange(change);
    const author = readMessage(decoded.message);
    const at = changeTime(decoded);
    for (const op of decoded.ops) if (op.obj === '_root' && typeof op.key === 'string') authors.set(op.key, { author, at });
  }
  const keys = new Set<string>();
  if (newChanges.length > 0) {
    for (const patch of A.diff(merged, before, A.getHeads(merged))) {
      const key = patch.path[0];
      if (typeof key === 'string' && parseKey(key)) keys.add(key);
    }
  }
  // Automerge's diff is silent where a conflict gains a value and the one shown stays: every key
  // the new changes write is looked at again for its conflict.
  for (const key of authors.keys()) if (parseKey(key)) keys.add(key);
  return { merged, newChanges, keys: [...keys], authors, missingEarlier };
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
  const conflicts: Conflict[] = conflictList(ctx.db, merged, keys);
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
      // Rows in an order where references come first.
      const rows = [...keysByRow(keys).entries()].sort(
        ([, a], [, b]) => TABLE_ORDER.indexOf(a.table) - TABLE_ORDER.indexOf(b.table),
      );
      for (const [rowId, { table, rowKey, keys: rowKeys }] of rows) {
        const who = authors.get(`${rowId}/${ROW}`) ?? authors.get(rowKeys[0]!);
        changes.as(who?.author ?? null, who?.at ?? null);
        if (patchRow(ctx, engine, changes, table, rowKey)) {
          touched.add(table);
          changedFields += rowKeys.length;
        }
      }
      storeConflicts(ctx.db, engine.current, keys, ctx.now());
      // What a laptop surely has is its own changes: a file may relay others' that it lacks.
      const byDevice = new Map<string, Uint8Array[]>();
      for (const change of newChanges) {
        const { device } = readMessage(A.decodeChange(change).message);
        byDevice.set(device, [...(byDevice.get(device) ?? []), change]);
      }
      for (const { device, laptop } of laptopsOf(authors)) {
        const heads = JSON.stringify(incomingHeads(byDevice.get(device) ?? []));
        if (heads === '[]') continue;
        ctx.db
          .prepare(
            `INSERT INTO sync_peer (device, laptop, heads, last_merged) VALUES (?, ?, ?, ?)
             ON CONFLICT(device) DO UPDATE SET laptop = excluded.laptop, heads = excluded.heads, last_merged = excluded.last_merged`,
          )
          .run(device, laptop, heads, ctx.now());
      }
    },
    { mirror: false },
  );
  return { changed: changedFields, conflicts: conflictCount(), touched: [...touched].sort() };
}

/** The heads of a set of changes: those no other change in the set depends on. */
function incomingHeads(changes: Uint8Array[]): string[] {
  const decoded = changes.map((change) => A.decodeChange(change));
  const depended = new Set(decoded.flatMap((change) => change.deps));
  return decoded.filter((change) => !depended.has(change.hash!)).map((change) => change.hash!);
}

/** Makes the table row match the engine's; whether anything was written. */
function patchRow(ctx: DocumentContext, engine: SyncEngine, changes: ChangeSet, table: Table, rowKey: string): boolean {
  const base = `${table}/${rowKey}`;
  const state = engine.value(`${base}/${ROW}`);
  const columns = syncedColumns(ctx.db, table);
  const id = sqlIdOf(ctx.db, table, rowKey, engine.value(`${base}/id`));
  if (!id) return false;
  const row = ctx.db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
  const values: Record<string, string | number | null> = {};
  for (const column of columns) {
    if (column === 'id') continue;
    const value = engine.value(`${base}/${column}`);
    values[column] = value instanceof Uint8Array ? (Buffer.from(value) as unknown as string) : value;
  }
  // A count both laptops added: the winner's id everywhere, so the tables match row by row.
  const renamed = (): boolean => {
    const engineId = engine.value(`${base}/id`);
    if (!NATURAL_KEYS[table] || typeof engineId !== 'string' || engineId === id) return false;
    changes.renameId(table, id, engineId);
    return true;
  };
  const differing = row ? Object.fromEntries(Object.entries(values).filter(([column, value]) => row[column] !== value)) : {};
  if (state !== 'live') {
    if (!row) {
      if (state !== 'removed') return false;
      // Added and removed before this laptop heard of it: kept removed, as the others keep it.
      changes.insert(table, values, id);
      changes.remove(table, id);
      return true;
    }
    const edited = Object.keys(differing).length > 0;
    if (!edited && row.deleted_at !== null) return renamed();
    // Removed with the values its last edits gave it, as the laptops that made them keep it.
    if (edited) {
      if (row.deleted_at !== null) changes.revive(table, id);
      changes.update(table, id, differing);
    }
    changes.remove(table, id);
    renamed();
    return true;
  }
  if (!row) {
    changes.insert(table, values, id);
    return true;
  }
  let wrote = false;
  if (row.deleted_at !== null) {
    changes.revive(table, id);
    wrote = true;
  }
  if (Object.keys(differing).length > 0) {
    changes.update(table, id, differing);
    wrote = true;
  }
  return renamed() || wrote;
}
