import type Database from 'better-sqlite3';
import { TABLES, isTable, type Table } from '../../../shared/contract';

/**
 * How the document's rows become the engine's fields. The key `table/rowKey/field` holds that
 * field's whole value, so a field is the unit of a conflict. The keys are spread over BUCKETS maps
 * under the root (a row's fields share one, chosen by a hash of `table/rowKey`): every change
 * Automerge makes rebuilds the JS object of each map it touches, and one flat map of 56,821
 * fields (a 500-member chain) cost 60–90 ms an edit. The buckets are made once, by the
 * document's first change, which every laptop makes alike (engine.ts firstHistory): no map is
 * ever created by two laptops at once, which would hide one of them.
 *
 * - rowKey is the row's id, except where the document allows one live row per natural key:
 *   a branch's count of a year, a membership's activity level of a year. There two laptops adding
 *   the same year must meet on one field, so the key is `branch_id:year`, and the SQL id travels
 *   as the field `id` (never shown as a conflict: the winner's id is taken).
 * - `*row` is 'live' or 'removed' (soft delete). Every edit of a row writes 'live' too, so that a
 *   removal on one laptop and an edit on another meet on `*row` as a conflict.
 * - created_at, updated_at and deleted_at stay out: every edit would conflict on them.
 */

export const ROW = '*row';

/** The layout of the engine's document (root key `*layout`): 2 is the buckets; a document of 1 had no such key. */
export const LAYOUT = 2;
/** How many bucket maps the root holds: at 100,000 rows about 3,000 fields a bucket. */
export const BUCKETS = 256;
/** The buckets' names under the root, "00" to "ff". */
export const BUCKET_NAMES: readonly string[] = Array.from({ length: BUCKETS }, (_, index) => index.toString(16).padStart(2, '0'));

/**
 * The bucket of a field key: FNV-1a (32 bits) of its row part `table/rowKey`, so a row's fields
 * are together. Part of the format: every laptop must put a key in the same bucket.
 */
export function bucketOf(key: string): string {
  return BUCKET_NAMES[rowHash(key) % BUCKETS]!;
}

/** FNV-1a (32 bits) of a field key's row part `table/rowKey`: part of the format, as bucketOf. */
export function rowHash(key: string): number {
  const end = key.lastIndexOf('/');
  let hash = 0x811c9dc5;
  for (let index = 0; index < end; index += 1) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
export type RowState = 'live' | 'removed';

const UNTRACKED = new Set(['id', 'created_at', 'updated_at', 'deleted_at']);

/** Tables whose rows are keyed by a natural key in the engine: the key's columns. */
export const NATURAL_KEYS: Partial<Record<Table, readonly [string, string]>> = {
  member_count: ['branch_id', 'year'],
  activity_level: ['membership_id', 'year'],
};

/**
 * Tables in an order where a row's references come before it (inserts after a merge): the order
 * of TABLES is that order (foreign keys are also deferred to the end of the merge).
 */
export const TABLE_ORDER: readonly Table[] = TABLES;

export interface FieldKey {
  table: Table;
  rowKey: string;
  field: string;
}

export const fieldKey = (table: string, rowKey: string, field: string): string => `${table}/${rowKey}/${field}`;

/** The parts of an engine key, or null for a key this app does not know (a newer app's, a crafted one). */
export function parseKey(key: string): FieldKey | null {
  const first = key.indexOf('/');
  const last = key.lastIndexOf('/');
  if (first <= 0 || last <= first + 1 || last === key.length - 1) return null;
  const table = key.slice(0, first);
  if (!isTable(table)) return null;
  return { table, rowKey: key.slice(first + 1, last), field: key.slice(last + 1) };
}

const columnCache = new WeakMap<Database.Database, Map<string, string[]>>();

/** The table's columns that the engine holds, in the table's order. */
export function syncedColumns(db: Database.Database, table: Table): string[] {
  let tables = columnCache.get(db);
  if (!tables) columnCache.set(db, (tables = new Map()));
  let columns = tables.get(table);
  if (!columns) {
    const names = (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((row) => row.name);
    columns = names.filter((name) => !UNTRACKED.has(name) || (name === 'id' && NATURAL_KEYS[table]));
    tables.set(table, columns);
  }
  return columns;
}

/** The engine's key of a row, from its SQL values. */
export function rowKeyOf(table: Table, row: Record<string, unknown>): string {
  const natural = NATURAL_KEYS[table];
  return natural ? `${String(row[natural[0]])}:${String(row[natural[1]])}` : String(row.id);
}

/** A natural key's parts: the parent row's id and the year ("branch-id:2014"). */
export function splitNaturalKey(rowKey: string): { parent: string; year: number } {
  const at = rowKey.lastIndexOf(':');
  return { parent: rowKey.slice(0, at), year: Number(rowKey.slice(at + 1)) };
}

/** Fields that are bookkeeping, never a conflict a person decides. */
export const isHiddenField = (table: Table, field: string): boolean => field === 'id' && NATURAL_KEYS[table] !== undefined;
