import * as A from '@automerge/automerge';
import type Database from 'better-sqlite3';
import type { Conflict, ConflictValue, SyncValue } from '../../../shared/contract';
import { describeRow } from './describe';
import { authorOfOp, fromEngine, type EngineDoc } from './engine';
import { isHiddenField, parseKey } from './keys';

/**
 * The conflicts of these keys in a (trial) engine document: fields two laptops wrote concurrently
 * with values that differ (equal values are no conflict, whoever wrote them).
 */
export function conflictList(db: Database.Database, doc: A.Doc<EngineDoc>, keys: Iterable<string>): Conflict[] {
  const stored = new Set(db.prepare('SELECT key FROM sync_conflict').pluck().all() as string[]);
  const all = new Set([...stored, ...keys]);
  const conflicts: Conflict[] = [];
  for (const key of all) {
    const parsed = parseKey(key);
    if (!parsed || isHiddenField(parsed.table, parsed.field)) continue;
    const found = A.getConflicts(doc, key);
    if (!found) continue;
    const values = Object.entries(found).map(([opId, value]) => ({ opId, value: plain(fromEngine(value)) }));
    if (new Set(values.map(({ value }) => JSON.stringify(value))).size < 2) continue;
    const shown = plain(doc[key] === undefined ? null : fromEngine(doc[key]));
    const field = (name: string): SyncValue =>
      plain(
        doc[`${parsed.table}/${parsed.rowKey}/${name}`] === undefined
          ? null
          : fromEngine(doc[`${parsed.table}/${parsed.rowKey}/${name}`]),
      );
    conflicts.push({
      key,
      row: describeRow(db, parsed.table, parsed.rowKey, field),
      rowKey: parsed.rowKey,
      field: parsed.field,
      values: values.map(({ opId, value }): ConflictValue => ({ ...authorOfOp(db, opId), value, shown: value === shown })),
    });
  }
  return conflicts.sort((a, b) => a.key.localeCompare(b.key));
}

const plain = (value: unknown): SyncValue => (typeof value === 'string' || typeof value === 'number' ? value : null);

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
    const sqlRow = parsed.rowKey.includes(':')
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
