import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { isTable, type Table, type UndoState } from '../../shared/contract';
import { timeOrderedId } from '../db/time-ordered-id';
import { DOCUMENT_VALUE_LIMIT } from '../db/value-limits';
import { ServiceError, type DocumentContext } from './context';
import { storeConflicts } from './sync/conflicts';

type SqlValue = string | number | null;

const INSERT = '*insert';
const DELETE = '*delete';

// Column names read from a file are used in SQL only if they are plain identifiers (a crafted
// document could otherwise name a column with SQL in it and have Undo run it).
const PLAIN_IDENTIFIER = /^[a-z][a-z0-9_]*$/;

// Per open database: its tables' columns and the statements made from them (an import writes
// tens of thousands of rows; preparing each statement anew dominated its time).
const columnCache = new WeakMap<Database.Database, Map<string, Set<string>>>();
const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function statement(ctx: Pick<DocumentContext, 'db'>, sql: string): Database.Statement {
  let statements = statementCache.get(ctx.db);
  if (!statements) statementCache.set(ctx.db, (statements = new Map()));
  let prepared = statements.get(sql);
  if (!prepared) statements.set(sql, (prepared = ctx.db.prepare(sql)));
  return prepared;
}

function columnsOf(ctx: Pick<DocumentContext, 'db'>, table: string): Set<string> {
  // The change log may name only the tables people edit (a file is untrusted input).
  if (!isTable(table)) throw new Error(`Table ${table} is not change-tracked`);
  let tables = columnCache.get(ctx.db);
  if (!tables) columnCache.set(ctx.db, (tables = new Map()));
  let columns = tables.get(table);
  if (!columns) {
    const rows = ctx.db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as Array<{ name: string }>;
    columns = new Set(rows.map((row) => row.name).filter((name) => PLAIN_IDENTIFIER.test(name)));
    tables.set(table, columns);
  }
  return columns;
}

function assertColumn(ctx: DocumentContext, table: string, field: string): void {
  if (!columnsOf(ctx, table).has(field) || ['id', 'created_at', 'updated_at', 'deleted_at'].includes(field)) {
    throw new Error(`Column ${table}.${field} cannot be changed through the log`);
  }
}

// An import logs the rows it inserts by id, ROWS_PER_BULK_ENTRY a table in one '*insert_rows' entry
// that undo treats as the '*insert' entries it stands for: a logged copy of each row was most of its time.
const INSERT_ROWS = '*insert_rows';
const ROWS_PER_BULK_ENTRY = 5000;

// Per open database: the INSERT for a table and a list of columns, checked and prepared once.
const insertCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function insertStatement(ctx: Pick<DocumentContext, 'db'>, table: string, fields: string[]): Database.Statement {
  let inserts = insertCache.get(ctx.db);
  if (!inserts) insertCache.set(ctx.db, (inserts = new Map()));
  const key = `${table}(${fields.join(',')})`;
  let prepared = inserts.get(key);
  if (!prepared) {
    const columns = columnsOf(ctx, table);
    const names = ['id', ...fields, 'created_at', 'updated_at'];
    for (const field of names) if (!columns.has(field)) throw new Error(`No column ${table}.${field}`);
    prepared = statement(ctx, `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`);
    inserts.set(key, prepared);
  }
  return prepared;
}

/**
 * Inserts a row with a time-ordered id and created_at = updated_at = now, and does not log it:
 * only for rows that are part of making a document. An edit inserts through ChangeSet.insert.
 */
export function insertRow(
  ctx: Pick<DocumentContext, 'db' | 'now'>,
  table: string,
  values: Record<string, SqlValue>,
  givenId?: string,
): { id: string; at: string } {
  const id = givenId ?? timeOrderedId();
  const at = ctx.now();
  insertStatement(ctx, table, Object.keys(values)).run([id, ...Object.values(values), at, at]);
  return { id, at };
}

const authorColumns = new WeakMap<Database.Database, boolean>();

/** Whether the change log has the laptop and merged columns (schema 7 on). */
function logsAuthors(ctx: Pick<DocumentContext, 'db'>): boolean {
  let known = authorColumns.get(ctx.db);
  if (known === undefined) {
    known = ctx.db.prepare(`SELECT count(*) FROM pragma_table_info('change_log') WHERE name = 'merged'`).pluck().get() === 1;
    authorColumns.set(ctx.db, known);
  }
  return known;
}

/** The edits of one user action: applied to the tables and appended to the change log. */
export class ChangeSet {
  private readonly groupId = randomUUID();
  private nextSeq: number | null = null;
  /** Ids of the rows inserted in bulk mode, by table, logged together when the action ends. */
  private readonly bulkIds = new Map<string, string[]>();
  changed = false;
  /** A merge's entries: whose change each is (the colleague's laptop), and when they made it. */
  private merged = false;
  private author: { device: string; laptop: string } | null = null;
  private authoredAt: string | null = null;

  constructor(
    private readonly ctx: DocumentContext,
    private readonly bulkInserts = false,
    /** Whether the rows it writes are written into the sharing engine too (not for a merge's own patch). */
    private readonly mirror = true,
  ) {}

  /** The entries logged from now on are a merge's. */
  markMerged(): void {
    this.merged = true;
  }

  /** The entries logged from now on are this colleague's change, made at that time. */
  as(author: { device: string; laptop: string } | null, at: string | null): void {
    this.author = author;
    this.authoredAt = at;
  }

  private touch(table: string, rowId: string): void {
    if (this.mirror && isTable(table)) this.ctx.sync?.touch(table, rowId);
  }

  private log(table: string, rowId: string, field: string, oldValue: unknown, newValue: unknown): void {
    const at = this.ctx.now();
    if (rowId !== '*') this.touch(table, rowId);
    // The action runs in one transaction on the document's only connection, so the next
    // sequence number is read once and counted on from there.
    this.nextSeq ??= (
      statement(this.ctx, 'SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM change_log').get() as { next: number }
    ).next;
    const seq = this.nextSeq;
    this.nextSeq += 1;
    const values = [
      timeOrderedId(),
      seq,
      this.groupId,
      table,
      rowId,
      field,
      JSON.stringify(oldValue ?? null),
      JSON.stringify(newValue ?? null),
      this.authoredAt || at,
      this.author?.device || this.ctx.device,
    ];
    if (logsAuthors(this.ctx)) {
      statement(
        this.ctx,
        `INSERT INTO change_log (id, seq, group_id, table_name, row_id, field, old_value, new_value, at, device, laptop, merged, state, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'done', ?, ?)`,
      ).run(...values, this.author ? this.author.laptop : (this.ctx.laptop ?? null), this.merged ? 1 : 0, at, at);
    } else {
      // A document of schema 6 or older (the migration tests edit one as an older app did).
      statement(
        this.ctx,
        `INSERT INTO change_log (id, seq, group_id, table_name, row_id, field, old_value, new_value, at, device, state, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'done', ?, ?)`,
      ).run(...values, at, at);
    }
    this.changed = true;
  }

  /** Logs the rows inserted in bulk mode (called once, when the action ends). */
  flushBulkInserts(): void {
    for (const table of [...this.bulkIds.keys()]) this.flushBulk(table);
  }

  private flushBulk(table: string): void {
    const ids = this.bulkIds.get(table);
    if (ids && ids.length > 0) this.log(table, '*', INSERT_ROWS, null, { ids });
    this.bulkIds.delete(table);
  }

  /**
   * Sets fields of a row; fields whose value does not change are not logged. A merge also sets
   * those of a removed row (`removedToo`): a colleague edited it while it was removed here.
   */
  update(table: string, rowId: string, values: Record<string, SqlValue>, removedToo = false): void {
    for (const field of Object.keys(values)) assertColumn(this.ctx, table, field);
    const live = removedToo ? '' : ' AND deleted_at IS NULL';
    const current = statement(this.ctx, `SELECT * FROM ${table} WHERE id = ?${live}`).get(rowId) as
      Record<string, SqlValue> | undefined;
    if (!current) throw new ServiceError({ code: 'not_found', message: 'errors.not_found', detail: `${table} ${rowId}` });
    for (const [field, value] of Object.entries(values)) {
      if (current[field] === value) continue;
      statement(this.ctx, `UPDATE ${table} SET ${field} = ?, updated_at = ? WHERE id = ?`).run(value, this.ctx.now(), rowId);
      this.log(table, rowId, field, current[field], value);
    }
  }

  /** Inserts a row (timestamps and, unless a merge gives it, the id are added); undo soft-deletes it. Returns the id. */
  insert(table: string, values: Record<string, SqlValue>, givenId?: string): string {
    const { id, at } = insertRow(this.ctx, table, values, givenId);
    if (this.bulkInserts) {
      let ids = this.bulkIds.get(table);
      if (!ids) this.bulkIds.set(table, (ids = []));
      ids.push(id);
      this.touch(table, id);
      this.changed = true;
      if (ids.length >= ROWS_PER_BULK_ENTRY) this.flushBulk(table);
    } else this.log(table, id, INSERT, null, { id, ...values, created_at: at, updated_at: at });
    return id;
  }

  /** Brings back a soft-deleted row (a merge: a colleague undid its removal); undo hides it again. */
  revive(table: string, rowId: string): void {
    columnsOf(this.ctx, table);
    const at = this.ctx.now();
    statement(this.ctx, `UPDATE ${table} SET deleted_at = NULL, updated_at = ? WHERE id = ?`).run(at, rowId);
    this.log(table, rowId, INSERT, null, null);
  }

  /**
   * Gives a row another id (a merge: two laptops added the same year's count, the engine chose the
   * other's id): the log's entries follow it, so Undo still finds the row. Not an undo step of its own.
   */
  renameId(table: string, from: string, to: string): void {
    columnsOf(this.ctx, table);
    statement(this.ctx, `UPDATE ${table} SET id = ? WHERE id = ?`).run(to, from);
    statement(this.ctx, `UPDATE change_log SET row_id = ? WHERE table_name = ? AND row_id = ?`).run(to, table, from);
    statement(this.ctx, `UPDATE fact_alternative SET row_id = ? WHERE table_name = ? AND row_id = ?`).run(to, table, from);
    this.changed = true;
  }

  /** Soft-deletes a row; undo brings it back. */
  remove(table: string, rowId: string): void {
    columnsOf(this.ctx, table);
    const at = this.ctx.now();
    const result = this.ctx.db
      .prepare(`UPDATE ${table} SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL`)
      .run(at, at, rowId);
    if (result.changes === 0)
      throw new ServiceError({ code: 'not_found', message: 'errors.not_found', detail: `${table} ${rowId}` });
    this.log(table, rowId, DELETE, null, null);
  }
}

/** Every write path comes here first: edits, undo and redo, an import, a restore. */
export function assertWritable(ctx: DocumentContext): void {
  if (ctx.readOnly) {
    throw new ServiceError({ code: 'read_only', message: 'errors.read_only' });
  }
  ctx.beforeWrite?.();
}

/**
 * Runs one user action as one transaction and one undo step. A new action makes the
 * steps that were undone before it unreachable (they stay in the log, marked discarded).
 */
export function recordChanges<T>(
  ctx: DocumentContext,
  action: (changes: ChangeSet) => T,
  options: { bulkInserts?: boolean; mirror?: boolean } = {},
): T {
  assertWritable(ctx);
  return inSharedTransaction(ctx, () => {
    const changes = new ChangeSet(ctx, options.bulkInserts ?? false, options.mirror ?? true);
    const result = action(changes);
    changes.flushBulkInserts();
    if (changes.changed) {
      ctx.db.prepare(`UPDATE change_log SET state = 'discarded', updated_at = ? WHERE state = 'undone'`).run(ctx.now());
    }
    return result;
  });
}

/**
 * One transaction whose rows also go into the sharing engine (when the document is shared), as
 * its last step: the tables and the engine's history land together or not at all.
 */
export function inSharedTransaction<T>(ctx: DocumentContext, body: () => T): T {
  try {
    const result = ctx.db.transaction(() => {
      const result = body();
      const sync = ctx.sync;
      if (sync) storeConflicts(ctx.db, sync.current, sync.flush(ctx.now()), ctx.now());
      return result;
    })();
    if (!ctx.db.inTransaction) ctx.sync?.committed();
    return result;
  } catch (error) {
    ctx.sync?.discard();
    throw error;
  }
}

interface LoggedChange {
  table_name: string;
  row_id: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
}

function applyLogged(ctx: DocumentContext, change: LoggedChange, direction: 'undo' | 'redo'): void {
  const at = ctx.now();
  if (ctx.sync && isTable(change.table_name)) {
    if (change.field === INSERT_ROWS) {
      const ids = (JSON.parse(change.new_value ?? '{"ids":[]}') as { ids: string[] }).ids;
      for (const id of ids) ctx.sync.touch(change.table_name, id);
    } else ctx.sync.touch(change.table_name, change.row_id);
  }
  if (change.field === INSERT_ROWS) {
    columnsOf(ctx, change.table_name);
    // The same as undoing (redoing) an '*insert' entry for each row the entry lists.
    ctx.db
      .prepare(
        `UPDATE ${change.table_name} SET deleted_at = ?, updated_at = ?
          WHERE id IN (SELECT value FROM json_each(?, '$.ids'))`,
      )
      .run(direction === 'undo' ? at : null, at, change.new_value ?? '{"ids":[]}');
    return;
  }
  if (change.field === INSERT || change.field === DELETE) {
    columnsOf(ctx, change.table_name);
    // Undoing an insert, or redoing a delete, hides the row; the other two bring it back.
    const hide = (change.field === INSERT) === (direction === 'undo');
    ctx.db
      .prepare(`UPDATE ${change.table_name} SET deleted_at = ?, updated_at = ? WHERE id = ?`)
      .run(hide ? at : null, at, change.row_id);
    return;
  }
  assertColumn(ctx, change.table_name, change.field);
  const value = JSON.parse((direction === 'undo' ? change.old_value : change.new_value) ?? 'null') as SqlValue;
  ctx.db
    .prepare(`UPDATE ${change.table_name} SET ${change.field} = ?, updated_at = ? WHERE id = ?`)
    .run(value, at, change.row_id);
}

// The longest log value that can hold a value a document may hold: JSON writes a character as
// at most six (\u0000), plus the quotes. An import's entry lists at most ROWS_PER_BULK_ENTRY ids.
const LOGGED_VALUE_MAX = DOCUMENT_VALUE_LIMIT * 6 + 2;
const LOGGED_IDS_MAX = ROWS_PER_BULK_ENTRY * 64;

/**
 * Whether an entry can be undone and redone: a tracked table and column, values that parse, and
 * none longer than a document may hold (Undo would write it into the table; see db/value-limits.ts).
 */
function isReadable(ctx: DocumentContext, change: LoggedChange): boolean {
  try {
    if (change.field === INSERT_ROWS) {
      columnsOf(ctx, change.table_name);
      if ((change.new_value?.length ?? 0) > LOGGED_IDS_MAX) return false;
      const ids = (JSON.parse(change.new_value ?? 'null') as { ids?: unknown } | null)?.ids;
      return Array.isArray(ids) && ids.every((id) => typeof id === 'string');
    }
    if (change.field === INSERT || change.field === DELETE) {
      columnsOf(ctx, change.table_name);
      return typeof change.row_id === 'string';
    }
    assertColumn(ctx, change.table_name, change.field);
    for (const value of [change.old_value, change.new_value]) {
      if ((value?.length ?? 0) > LOGGED_VALUE_MAX) return false;
      const parsed = JSON.parse(value ?? 'null') as unknown;
      if (parsed !== null && typeof parsed === 'object') return false;
      if (typeof parsed === 'string' && parsed.length > DOCUMENT_VALUE_LIMIT) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * Undoes (redoes) the last (next) action: the tables it changed, null when there is none, or
 * 'unreadable' when its log could not be read and it was set aside.
 */
/** A step not taken: it needs the user's yes first (see StepAnswer's needsConfirm). */
export interface NeedsConfirm {
  needsConfirm: 'merge' | 'superseded';
  fields: string[];
  /** The step asked about: a yes names it, so a step that came on top meanwhile is asked about in turn. */
  step: string;
}

export type StepOutcome = Table[] | null | 'unreadable' | NeedsConfirm;

/**
 * Fields whose value a merged change (a colleague's) replaced after this action wrote it: undoing
 * the action would overwrite the colleague's value with this one's old value.
 */
function supersededFields(ctx: DocumentContext, changes: (LoggedChange & { seq: number })[]): string[] {
  if (!logsAuthors(ctx)) return [];
  const latest = Math.max(...changes.map((change) => change.seq));
  const mergedSince = statement(ctx, 'SELECT EXISTS(SELECT 1 FROM change_log WHERE merged = 1 AND seq > ?)').pluck().get(latest);
  if (!mergedSince) return [];
  const fields: string[] = [];
  for (const change of changes) {
    if ([INSERT, DELETE, INSERT_ROWS].includes(change.field)) continue;
    const row = statement(ctx, `SELECT ${change.field} AS value FROM ${change.table_name} WHERE id = ?`).get(change.row_id) as
      { value: SqlValue } | undefined;
    if (row && JSON.stringify(row.value) !== (change.new_value ?? 'null')) fields.push(`${change.table_name}.${change.field}`);
  }
  return [...new Set(fields)];
}

/**
 * Undoes (redoes) the last (next) action: the tables it changed, null when there is none,
 * 'unreadable' when its log could not be read and it was set aside, or what needs the user's yes
 * (unless `confirm`): undoing a merge, or writing back over a colleague's newer value.
 */
function step(ctx: DocumentContext, direction: 'undo' | 'redo', confirm: boolean | string = false): StepOutcome {
  assertWritable(ctx);
  return inSharedTransaction(ctx, (): StepOutcome => {
    const group = ctx.db
      .prepare(
        direction === 'undo'
          ? `SELECT group_id FROM change_log WHERE state = 'done' ORDER BY seq DESC LIMIT 1`
          : `SELECT group_id FROM change_log WHERE state = 'undone' ORDER BY seq ASC LIMIT 1`,
      )
      .get() as { group_id: string } | undefined;
    if (!group) return null;
    const changes = ctx.db
      .prepare(`SELECT * FROM change_log WHERE group_id = ? ORDER BY seq ${direction === 'undo' ? 'DESC' : 'ASC'}`)
      .all(group.group_id) as (LoggedChange & { seq: number; merged: number })[];
    // A log entry that cannot be read (a damaged or crafted file) would fail this step for ever:
    // the whole action is set aside unapplied, so the steps before it stay reachable.
    if (!changes.every((change) => isReadable(ctx, change))) {
      ctx.db
        .prepare(`UPDATE change_log SET state = 'discarded', updated_at = ? WHERE group_id = ?`)
        .run(ctx.now(), group.group_id);
      return 'unreadable';
    }
    const confirmed = confirm === true || confirm === group.group_id;
    if (!confirmed && direction === 'undo') {
      if (changes.some((change) => change.merged === 1)) return { needsConfirm: 'merge', fields: [], step: group.group_id };
      const superseded = supersededFields(ctx, changes);
      if (superseded.length > 0) return { needsConfirm: 'superseded', fields: superseded, step: group.group_id };
    }
    for (const change of changes) applyLogged(ctx, change, direction);
    ctx.db
      .prepare(`UPDATE change_log SET state = ?, updated_at = ? WHERE group_id = ?`)
      .run(direction === 'undo' ? 'undone' : 'done', ctx.now(), group.group_id);
    // applyLogged refused any table that is not tracked.
    return tableList(changes.map((change) => change.table_name));
  });
}

export const undoAction = (ctx: DocumentContext, confirm: boolean | string = false): StepOutcome => step(ctx, 'undo', confirm);
export const redoAction = (ctx: DocumentContext, confirm: boolean | string = false): StepOutcome => step(ctx, 'redo', confirm);
export const undo = (ctx: DocumentContext): boolean => undoAction(ctx, true) !== null;
export const redo = (ctx: DocumentContext): boolean => redoAction(ctx, true) !== null;

function tableList(names: string[]): Table[] {
  return [...new Set(names)].filter(isTable).sort();
}

/** Where the change log ends now: what an edit logs after this is that edit's. */
export function changeLogEnd(ctx: DocumentContext): number {
  return (statement(ctx, 'SELECT COALESCE(MAX(seq), 0) AS seq FROM change_log').get() as { seq: number }).seq;
}

/** The tables changed since changeLogEnd() said `since`: those the entries logged after it name. */
export function tablesChangedSince(ctx: DocumentContext, since: number): Table[] {
  const rows = statement(ctx, 'SELECT DISTINCT table_name AS name FROM change_log WHERE seq > ?').all(since) as Array<{
    name: string;
  }>;
  return tableList(rows.map((row) => row.name));
}

export function undoState(ctx: DocumentContext): UndoState {
  const row = ctx.db
    .prepare(
      `SELECT EXISTS(SELECT 1 FROM change_log WHERE state = 'done') AS canUndo,
              EXISTS(SELECT 1 FROM change_log WHERE state = 'undone') AS canRedo`,
    )
    .get() as { canUndo: number; canRedo: number };
  return { canUndo: !ctx.readOnly && row.canUndo === 1, canRedo: !ctx.readOnly && row.canRedo === 1 };
}
