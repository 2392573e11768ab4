import type * as A from '@automerge/automerge';
import type Database from 'better-sqlite3';
import type { Author, Conflict, ConflictValue, SyncValue } from '../../../shared/contract';
import { describeRow } from './describe';
import { authorOfOp, conflictingValues, engineValue, plainValue, type EngineDoc } from './engine';
import { NATURAL_KEYS, parseKey } from './keys';

/** Who wrote an op ("counter@actor"), and when. */
export type OpAuthor = (opId: string) => { author: Author; at: string | null };

/** A key's conflict in words (who wrote each value, when), or null when it has none. */
function conflictOf(
  db: Database.Database,
  doc: A.Doc<EngineDoc>,
  key: string,
  authorOf: OpAuthor = (opId) => authorOfOp(db, opId),
): Conflict | null {
  const parsed = parseKey(key);
  const values = parsed ? conflictingValues(doc, key) : null;
  if (!parsed || !values) return null;
  return {
    key,
    row: describeRow(db, parsed.table, parsed.rowKey, (name) =>
      plainValue(engineValue(doc, `${parsed.table}/${parsed.rowKey}/${name}`)),
    ),
    rowKey: parsed.rowKey,
    field: parsed.field,
    values: values.map(({ opId, value, shown }): ConflictValue => ({ ...authorOf(opId), value: plainValue(value), shown })),
  };
}

/**
 * The conflicts a (trial) engine document has among these keys and those already listed;
 * `authorOf` names the writers of changes not stored yet (a preview's).
 */
export function conflictList(
  db: Database.Database,
  doc: A.Doc<EngineDoc>,
  keys: Iterable<string>,
  authorOf?: OpAuthor,
): Conflict[] {
  const stored = db.prepare('SELECT key FROM sync_conflict').pluck().all() as string[];
  return [...new Set([...stored, ...keys])]
    .flatMap((key) => conflictOf(db, doc, key, authorOf) ?? [])
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** Brings the stored conflict list up to date for these keys (after an edit or a merge). */
export function storeConflicts(db: Database.Database, doc: A.Doc<EngineDoc>, keys: Iterable<string>, now: string): void {
  const upsert = db.prepare(
    `INSERT INTO sync_conflict (key, table_name, row_key, field, "values", updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET "values" = excluded."values", updated_at = excluded.updated_at`,
  );
  const remove = db.prepare('DELETE FROM sync_conflict WHERE key = ?');
  for (const key of keys) {
    const conflict = conflictOf(db, doc, key);
    if (!conflict) remove.run(key);
    else upsert.run(key, conflict.row.table, conflict.rowKey, conflict.field, JSON.stringify(conflict.values), now);
  }
}

/** The document's conflicts now (the stored list, with labels from the tables). */
export function storedConflicts(db: Database.Database): Conflict[] {
  const rows = db.prepare('SELECT key, table_name, row_key, field, "values" AS list FROM sync_conflict ORDER BY key').all() as {
    key: string;
    row_key: string;
    field: string;
    list: string;
  }[];
  return rows.flatMap((row) => {
    const parsed = parseKey(row.key);
    if (!parsed) return [];
    let values: ConflictValue[];
    try {
      values = JSON.parse(row.list) as ConflictValue[];
    } catch {
      return [];
    }
    const sqlRow = NATURAL_KEYS[parsed.table]
      ? undefined
      : (db.prepare(`SELECT * FROM ${parsed.table} WHERE id = ?`).get(parsed.rowKey) as Record<string, SyncValue> | undefined);
    return [
      {
        key: row.key,
        row: describeRow(db, parsed.table, parsed.rowKey, (name) => sqlRow?.[name] ?? null),
        rowKey: row.row_key,
        field: row.field,
        values,
      },
    ];
  });
}
