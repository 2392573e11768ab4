import type { FactAlternative } from '../../shared/contract';
import { periodProblem, type Period } from '../../shared/history/periods';
import { recordChanges } from './change-log';
import { invalid, notFound, type DocumentContext } from './context';
import { checkNotFuture } from './members';

/**
 * Facts that sources disagree on. Every value is kept with its source; the one marked shown is
 * the value in the record itself. For now: the year a member joined.
 */
const FACTS = { membership: ['joined_year'] } as const;
type FactTable = keyof typeof FACTS;

function assertFact(table: string, field: string): asserts table is FactTable {
  if (!(table in FACTS) || !(FACTS[table as FactTable] as readonly string[]).includes(field))
    throw invalid('field', 'validation.invalid');
}

function checkJoinedYear(ctx: DocumentContext, membershipId: string, joinedYear: number): void {
  checkNotFuture(ctx, 'value', joinedYear);
  const row = ctx.db
    .prepare(
      'SELECT id, chain_id AS chainId, place_id AS placeId, joined_year AS joinedYear, left_year AS leftYear FROM membership WHERE id = ? AND deleted_at IS NULL',
    )
    .get(membershipId) as (Period & { chainId: string; placeId: string }) | undefined;
  if (!row) throw notFound(`membership ${membershipId}`);
  const others = ctx.db
    .prepare(
      'SELECT id, joined_year AS joinedYear, left_year AS leftYear FROM membership WHERE chain_id = ? AND place_id = ? AND deleted_at IS NULL',
    )
    .all(row.chainId, row.placeId) as Period[];
  const problem = periodProblem({ ...row, joinedYear }, others);
  if (problem)
    throw invalid('value', problem.message === 'validation.leftBeforeJoined' ? 'validation.joinedAfterLeft' : problem.message);
}

export function alternatives(ctx: DocumentContext, table: string, rowId: string, field: string): FactAlternative[] {
  assertFact(table, field);
  return (
    ctx.db
      .prepare(
        `SELECT id, value, source, note, shown FROM fact_alternative
          WHERE table_name = ? AND row_id = ? AND field = ? AND deleted_at IS NULL ORDER BY shown DESC, created_at`,
      )
      .all(table, rowId, field) as Array<{ id: string; value: string; source: string; note: string | null; shown: number }>
  ).map((row) => ({
    id: row.id,
    value: JSON.parse(row.value) as number,
    source: row.source,
    note: row.note,
    shown: row.shown === 1,
  }));
}

/**
 * Records a value from a source. The first one recorded for a fact also records the value the
 * record has now (under the record's own source), so that nothing is lost when another is shown.
 */
export function addAlternative(
  ctx: DocumentContext,
  fact: { table: string; rowId: string; field: string; value: number; source: string; note: string | null; show: boolean },
): void {
  assertFact(fact.table, fact.field);
  checkJoinedYear(ctx, fact.rowId, fact.value);
  recordChanges(ctx, (changes) => {
    const existing = alternatives(ctx, fact.table, fact.rowId, fact.field);
    const current = ctx.db.prepare(`SELECT ${fact.field} AS value, source FROM ${fact.table} WHERE id = ?`).get(fact.rowId) as {
      value: number | null;
      source: string | null;
    };
    // An unknown year is no source's value: there is nothing to keep of it.
    if (existing.length === 0 && current.value !== null) {
      changes.insert('fact_alternative', {
        table_name: fact.table,
        row_id: fact.rowId,
        field: fact.field,
        value: JSON.stringify(current.value),
        source: current.source ?? '—',
        shown: fact.show ? 0 : 1,
      });
    }
    if (fact.show)
      for (const item of existing.filter((alternative) => alternative.shown))
        changes.update('fact_alternative', item.id, { shown: 0 });
    changes.insert('fact_alternative', {
      table_name: fact.table,
      row_id: fact.rowId,
      field: fact.field,
      value: JSON.stringify(fact.value),
      source: fact.source,
      note: fact.note,
      shown: fact.show ? 1 : 0,
    });
    if (fact.show) changes.update(fact.table, fact.rowId, { [fact.field]: fact.value });
  });
}

/** Sets where a record's facts come from and a note on them, as one undo step. */
export function setSourceNote(
  ctx: DocumentContext,
  table: 'membership' | 'member_count' | 'meeting' | 'place',
  rowId: string,
  source: string | null,
  note: string | null,
): void {
  recordChanges(ctx, (changes) => changes.update(table, rowId, { source, note }));
}

/** Makes a recorded value the one shown: the record takes it, in one undo step. */
export function showAlternative(ctx: DocumentContext, alternativeId: string): void {
  const chosen = ctx.db
    .prepare(
      'SELECT table_name AS tableName, row_id AS rowId, field, value FROM fact_alternative WHERE id = ? AND deleted_at IS NULL',
    )
    .get(alternativeId) as { tableName: string; rowId: string; field: string; value: string } | undefined;
  if (!chosen) throw notFound(`alternative ${alternativeId}`);
  assertFact(chosen.tableName, chosen.field);
  const value = JSON.parse(chosen.value) as number;
  checkJoinedYear(ctx, chosen.rowId, value);
  recordChanges(ctx, (changes) => {
    for (const item of alternatives(ctx, chosen.tableName, chosen.rowId, chosen.field)) {
      changes.update('fact_alternative', item.id, { shown: item.id === alternativeId ? 1 : 0 });
    }
    changes.update(chosen.tableName, chosen.rowId, { [chosen.field]: value });
  });
}
