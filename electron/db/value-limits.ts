import type Database from 'better-sqlite3';

/**
 * The longest value a document may hold in a column the app reads: generous beside what the app
 * writes itself (shared/validation.ts: 200 characters for a name, 300 for a title, 2,000 for a
 * note; ids are 36), so that older or hand-edited data has room, and small beside what stalls it
 * (a 100 MB name made a chain's history take 7 s and 2 GB, and its answer too big for JSON).
 */
export const DOCUMENT_VALUE_LIMIT = 10_000;

// Not read as values: the change log (Undo checks each entry it reads: services/change-log.ts),
// the times a row was made, changed and deleted, and attachments' bytes (declared BLOB).
const UNCHECKED_TABLES = new Set(['change_log']);
const UNCHECKED_COLUMNS = new Set(['created_at', 'updated_at', 'deleted_at']);

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A value's size in bytes, which SQLite knows from the record header without reading the value. */
const bytesOf = (column: string) => `octet_length(${quoted(column)})`;

/**
 * Whether a value is longer than the limit in characters. A character takes 1 to 4 bytes, so only
 * a value of 1 to 4 times the limit in bytes has its characters counted (CASE stops at the first
 * branch that holds, so a value of megabytes is never read).
 */
const longerThanLimit = (column: string) =>
  `CASE WHEN ${bytesOf(column)} <= ${DOCUMENT_VALUE_LIMIT} THEN 0 WHEN ${bytesOf(column)} > ${DOCUMENT_VALUE_LIMIT * 4} THEN 1
        ELSE length(${quoted(column)}) > ${DOCUMENT_VALUE_LIMIT} END`;

/**
 * The first column of the document that holds a value longer than the limit, with that value's
 * size in bytes, or null. One pass over each table, filtered by size in bytes first: on the
 * European bench document (320 MB) about a third of a second of CPU, beside half a second for
 * quick_check. Only for a schema already found to be the app's: the names are the app's own.
 */
export function tooLongValue(db: Database.Database): { table: string; field: string; bytes: number } | null {
  const tables = db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`)
    .pluck()
    .all() as string[];
  for (const table of tables) {
    if (UNCHECKED_TABLES.has(table)) continue;
    const columns = (
      db.prepare('SELECT name, type FROM pragma_table_info(?)').all(table) as Array<{ name: string; type: string }>
    )
      .filter((column) => column.type !== 'BLOB' && !UNCHECKED_COLUMNS.has(column.name))
      .map((column) => column.name);
    if (columns.length === 0) continue;
    const found = db
      .prepare(
        `SELECT ${columns.map((column) => `${longerThanLimit(column)}, ${bytesOf(column)}`).join(', ')} FROM ${quoted(table)}
          WHERE (${columns.map((column) => `${bytesOf(column)} > ${DOCUMENT_VALUE_LIMIT}`).join(' OR ')})
            AND (${columns.map(longerThanLimit).join(' OR ')})
          LIMIT 1`,
      )
      .raw()
      .get() as number[] | undefined;
    if (!found) continue;
    const index = columns.findIndex((_, at) => found[at * 2] === 1);
    return { table, field: columns[index]!, bytes: found[index * 2 + 1]! };
  }
  return null;
}
