import * as A from '@automerge/automerge';
import Database from 'better-sqlite3';
import type { Author, ChangeEntry, Conflict, SyncPeer, SyncValue } from '../../../shared/contract';
import { isTable } from '../../../shared/contract';
import { recordChanges } from '../change-log';
import { ServiceError, invalid, type DocumentContext } from '../context';
import { storedConflicts } from './conflicts';
import { describeRow } from './describe';
import { documentId, isShared, sqlIdOf, type SyncEngine } from './engine';
import { EXCHANGE_EXTENSION, encodeExchange } from './exchange';
import { ROW, parseKey } from './keys';

/** The services of sharing that read or write the open document (the router calls these). */

export function requireEngine(ctx: DocumentContext): SyncEngine {
  if (!ctx.sync) throw new ServiceError({ code: 'invalid_input', message: 'errors.notShared' });
  return ctx.sync;
}

export function peers(ctx: DocumentContext): SyncPeer[] {
  if (!isShared(ctx.db)) return [];
  return (
    ctx.db.prepare('SELECT device, laptop, last_merged AS lastMerged FROM sync_peer ORDER BY laptop, device').all() as SyncPeer[]
  ).filter((peer) => peer.device !== ctx.device);
}

export function sharingSummary(ctx: DocumentContext) {
  const shared = Boolean(ctx.sync);
  return {
    shared,
    documentId: documentId(ctx.db),
    conflicts: shared ? (ctx.db.prepare('SELECT count(*) FROM sync_conflict').pluck().get() as number) : 0,
    peers: peers(ctx),
    lastMerge: shared
      ? ((ctx.db.prepare('SELECT max(last_merged) FROM sync_peer').pluck().get() as string | null) ?? null)
      : null,
  };
}

/** A file name from the laptop's name: letters, digits, spaces and dashes kept. */
export function changesFileName(laptop: string, device: string): string {
  const name = laptop
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} _–-]+/gu, '')
    .trim()
    .slice(0, 80);
  return `${name || `vanortsatlas-${device.slice(0, 8)}`}${EXCHANGE_EXTENSION}`;
}

/**
 * What each other laptop is known to hold (the heads of the last file it sent here), or null when
 * some laptop whose changes this document has never sent one (it may lack anything).
 */
function peerHeads(ctx: DocumentContext, doc: A.Doc<unknown>): string[][] | null {
  const unknown = ctx.db
    .prepare(
      `SELECT EXISTS(SELECT 1 FROM sync_change c WHERE c.device NOT IN ('', ?)
         AND NOT EXISTS (SELECT 1 FROM sync_peer p WHERE p.device = c.device AND p.heads != '[]'))`,
    )
    .pluck()
    .get(ctx.device);
  if (unknown) return null;
  const known = (ctx.db.prepare('SELECT heads FROM sync_peer WHERE device != ?').pluck().all(ctx.device) as string[]).map(
    (text) => JSON.parse(text) as string[],
  );
  const usable = known.filter((heads) => heads.length > 0 && A.hasHeads(doc, heads));
  return usable.length === known.length && usable.length > 0 ? usable : null;
}

/**
 * An exchange file: the changes that some other laptop may lack (those after the heads each
 * last sent here), or everything when asked, or when a laptop is not known that far.
 */
export function exchangeFile(ctx: DocumentContext, all: boolean): { fileName: string; bytes: Buffer; changes: number } {
  const engine = requireEngine(ctx);
  const doc = engine.current;
  let changes: Uint8Array[];
  const usable = all ? null : peerHeads(ctx, doc);
  if (!usable) changes = A.getAllChanges(doc);
  else {
    const byHash = new Map<string, Uint8Array>();
    for (const heads of usable) {
      for (const change of A.getChangesSince(doc, heads)) byHash.set(A.decodeChange(change).hash!, change);
    }
    // In the order the engine has them (each after what it builds on).
    const wanted = new Set(byHash.keys());
    changes = A.getAllChanges(doc).filter((change) => wanted.has(A.decodeChange(change).hash!));
  }
  const from: Author = { device: ctx.device, laptop: ctx.laptop ?? '' };
  const header = { documentId: engine.documentId, from, written: ctx.now(), all: !usable, ...(usable ? { base: usable } : {}) };
  const bytes = encodeExchange(header, changes);
  return { fileName: changesFileName(ctx.laptop ?? '', ctx.device), bytes, changes: changes.length };
}

export function conflicts(ctx: DocumentContext): Conflict[] {
  return isShared(ctx.db) ? storedConflicts(ctx.db) : [];
}

/**
 * A person's decision on a conflict: this value (one of those kept, or one typed) becomes the
 * field's value, written as this laptop's change even when it is the one shown now, so the
 * conflict ends on every laptop that receives it. An ordinary edit: one undo step.
 */
export function decide(ctx: DocumentContext, key: string, value: SyncValue): void {
  const engine = requireEngine(ctx);
  const parsed = parseKey(key);
  const stored = ctx.db.prepare('SELECT "values" FROM sync_conflict WHERE key = ?').pluck().get(key) as string | undefined;
  if (!parsed || !stored) throw new ServiceError({ code: 'not_found', message: 'errors.not_found', detail: `conflict ${key}` });
  const kept = JSON.parse(stored) as { value: SyncValue }[];
  // A typed value has the kind the field holds: a number where the values are numbers.
  const kinds = new Set(kept.map((entry) => (entry.value === null ? 'null' : typeof entry.value)));
  if (value !== null && !kinds.has(typeof value)) throw invalid('value', 'validation.invalid', `${key}: ${typeof value}`);
  // A field that must have a value is not emptied by a decision (the tables would refuse it).
  const column = (ctx.db.prepare(`SELECT "notnull" FROM pragma_table_info(?) WHERE name = ?`).get(parsed.table, parsed.field) ??
    null) as { notnull: number } | null;
  if (value === null && column?.notnull === 1) throw invalid('value', 'validation.decideEmpty', key);
  try {
    decideRow(ctx, engine, parsed, key, value);
  } catch (error) {
    // A value the tables' rules refuse (a CHECK, a reference): said plainly, nothing written.
    if (error instanceof Database.SqliteError && error.code.startsWith('SQLITE_CONSTRAINT'))
      throw invalid('value', 'validation.decideRefused', `${key}: ${error.message}`);
    throw error;
  }
}

function decideRow(
  ctx: DocumentContext,
  engine: SyncEngine,
  parsed: NonNullable<ReturnType<typeof parseKey>>,
  key: string,
  value: SyncValue,
): void {
  recordChanges(ctx, (changes) => {
    const { table, rowKey, field } = parsed;
    const id = sqlIdOf(ctx.db, table, rowKey, engine.value(`${table}/${rowKey}/id`));
    if (!id || !isTable(table)) throw new ServiceError({ code: 'not_found', message: 'errors.not_found', detail: key });
    const row = ctx.db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    if (field === ROW) {
      if (value === 'removed' && row && row.deleted_at === null) changes.remove(table, id);
      else if (value === 'live' && row && row.deleted_at !== null) changes.revive(table, id);
    } else if (row && row[field] !== value) {
      // A field of a removed row is set and the row stays removed (as a merge keeps a colleague's
      // edit of it): whether it is removed is its own field, perhaps decided just before, and
      // bringing it back here would undo that decision on every laptop.
      changes.update(table, id, { [field]: value }, true);
    }
    engine.decide(key, value);
  });
}

interface LogRow {
  seq: number;
  table_name: string;
  row_id: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
  at: string;
  device: string;
  laptop: string | null;
  merged: number;
}

const parse = (text: string | null): SyncValue => {
  try {
    const value = JSON.parse(text ?? 'null') as unknown;
    return typeof value === 'string' || typeof value === 'number' ? value : null;
  } catch {
    return null;
  }
};

/** "What changed": the change log in words, newest first; by laptop (device) and from a date. */
export function changeEntries(
  ctx: DocumentContext,
  filter: { device?: string; since?: string; sinceLastMerge?: boolean; limit?: number },
): ChangeEntry[] {
  // A merged change keeps its colleague's time, so "since my last merge" goes by the log's order.
  const fromSeq = filter.sinceLastMerge
    ? ((ctx.db
        .prepare(
          `SELECT min(seq) FROM change_log WHERE group_id = (SELECT group_id FROM change_log WHERE merged = 1 ORDER BY seq DESC LIMIT 1)`,
        )
        .pluck()
        .get() as number | null) ?? Number.MAX_SAFE_INTEGER)
    : 0;
  const rows = ctx.db
    .prepare(
      `SELECT seq, table_name, row_id, field, old_value, new_value, at, device, laptop, merged FROM change_log
        WHERE state = 'done' AND field != '*insert_rows' AND seq >= ? AND (? IS NULL OR device = ?) AND (? IS NULL OR at >= ?)
        ORDER BY seq DESC LIMIT ?`,
    )
    .all(
      fromSeq,
      filter.device ?? null,
      filter.device ?? null,
      filter.since ?? null,
      filter.since ?? null,
      filter.limit ?? 500,
    ) as LogRow[];
  const names = new Map<string, string>();
  for (const peer of ctx.db.prepare('SELECT device, laptop FROM sync_peer').all() as { device: string; laptop: string }[])
    names.set(peer.device, peer.laptop);
  return rows.flatMap((row) => {
    if (!isTable(row.table_name)) return [];
    const sqlRow = ctx.db.prepare(`SELECT * FROM ${row.table_name} WHERE id = ?`).get(row.row_id) as
      Record<string, SyncValue> | undefined;
    const isRow = row.field === '*insert' || row.field === '*delete';
    const author: Author = {
      device: row.device,
      laptop: row.laptop ?? names.get(row.device) ?? (row.device === ctx.device ? (ctx.laptop ?? '') : ''),
    };
    return [
      {
        seq: row.seq,
        at: row.at,
        author,
        merged: row.merged === 1,
        change: {
          row: describeRow(ctx.db, row.table_name, row.row_id, (name) => sqlRow?.[name] ?? null),
          rowKey: row.row_id,
          field: isRow ? ROW : row.field,
          old: isRow ? (row.field === '*insert' ? null : 'live') : parse(row.old_value),
          new: isRow ? (row.field === '*insert' ? 'live' : 'removed') : parse(row.new_value),
          author,
          at: row.at,
        },
      },
    ];
  });
}
