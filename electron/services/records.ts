import type { RecordForEditing } from '../../shared/contract';
import { linkedPlaceIds, type HistoryRecord, type RecordKind } from '../../shared/validation';
import { recordChanges, type ChangeSet } from './change-log';
import { invalid, notFound, type DocumentContext } from './context';
import { localBranchName } from './places';

/** Grants, decisions and events, activities and agreements: added, edited and removed in the timeline. */
export type { HistoryRecord, RecordKind };

const TABLES: Record<RecordKind, string> = {
  grant: 'branch_grant',
  event: 'event',
  activity: 'activity',
  agreement: 'agreement',
};

function assertMembers(ctx: DocumentContext, chainId: string, placeIds: string[], field: string): void {
  const check = ctx.db.prepare('SELECT 1 FROM membership WHERE chain_id = ? AND place_id = ? AND deleted_at IS NULL');
  for (const placeId of placeIds) if (!check.get(chainId, placeId)) throw invalid(field, 'validation.notAMember');
}

function branchOf(ctx: DocumentContext, changes: ChangeSet, placeId: string): string {
  const branch = ctx.db
    .prepare('SELECT id FROM branch WHERE place_id = ? AND deleted_at IS NULL ORDER BY created_at LIMIT 1')
    .get(placeId) as { id: string } | undefined;
  if (branch) return branch.id;
  const place = ctx.db.prepare('SELECT name FROM place WHERE id = ?').get(placeId) as { name: string };
  return changes.insert('branch', { place_id: placeId, name: localBranchName(place.name) });
}

/** What adding and editing refuse alike: places that are not the chain's members, an end before the start. */
function checkRecord(ctx: DocumentContext, chainId: string, record: HistoryRecord): void {
  if (!ctx.db.prepare('SELECT 1 FROM chain WHERE id = ? AND deleted_at IS NULL').get(chainId)) throw notFound(`chain ${chainId}`);
  switch (record.kind) {
    case 'grant':
      assertMembers(ctx, chainId, [record.placeId], 'placeId');
      break;
    case 'event':
      if (record.placeId) assertMembers(ctx, chainId, [record.placeId], 'placeId');
      break;
    case 'activity':
      assertMembers(ctx, chainId, record.placeIds, 'placeIds');
      break;
    case 'agreement':
      assertMembers(ctx, chainId, record.partyPlaceIds, 'partyPlaceIds');
      if (record.startDate && record.endDate && record.endDate < record.startDate)
        throw invalid('endDate', 'validation.endBeforeStart');
      break;
  }
}

/** The record's own row (a grant's without its branch, which is found or made for its place). */
function rowOf(record: HistoryRecord, chainId: string): Record<string, string | number | null> {
  switch (record.kind) {
    case 'grant':
      return {
        year: record.year,
        amount: record.amount,
        currency: record.currency,
        status: record.status,
        grantor: record.grantor,
        note: record.note,
        source: record.source,
      };
    case 'event':
      return {
        chain_id: chainId,
        place_id: record.placeId,
        date: record.date,
        title: record.title,
        body: record.body,
        reference: record.reference,
        description: record.description,
        source: record.source,
      };
    case 'activity':
      return {
        chain_id: chainId,
        year: record.year,
        title: record.title,
        field: record.field,
        description: record.description,
        source: record.source,
      };
    case 'agreement':
      return {
        chain_id: chainId,
        kind: record.agreementKind,
        status: record.status,
        title: record.title,
        start_date: record.startDate,
        end_date: record.endDate,
        note: record.note,
        source: record.source,
      };
  }
}

/** The places an activity or an agreement names, in their table of links. */
const LINKS = {
  activity: { table: 'activity_place', key: 'activity_id' },
  agreement: { table: 'agreement_party', key: 'agreement_id' },
} as const;

export function addRecord(ctx: DocumentContext, chainId: string, record: HistoryRecord): string {
  checkRecord(ctx, chainId, record);
  return recordChanges(ctx, (changes) => {
    const row = rowOf(record, chainId);
    if (record.kind === 'grant')
      return changes.insert('branch_grant', { branch_id: branchOf(ctx, changes, record.placeId), ...row });
    const id = changes.insert(TABLES[record.kind], row);
    if (record.kind === 'activity' || record.kind === 'agreement') {
      const link = LINKS[record.kind];
      for (const placeId of linkedPlaceIds(record)) changes.insert(link.table, { [link.key]: id, place_id: placeId });
    }
    return id;
  });
}

/** A record of the chain, or not found (removed, of another kind, or another chain's). */
function ownRow(ctx: DocumentContext, chainId: string, kind: RecordKind, id: string): Record<string, string | number | null> {
  const row =
    kind === 'grant'
      ? ctx.db
          .prepare(
            `SELECT g.*, b.place_id AS placeId FROM branch_grant g JOIN branch b ON b.id = g.branch_id
              WHERE g.id = ? AND g.deleted_at IS NULL
                AND EXISTS (SELECT 1 FROM membership m WHERE m.place_id = b.place_id AND m.chain_id = ? AND m.deleted_at IS NULL)`,
          )
          .get(id, chainId)
      : ctx.db.prepare(`SELECT * FROM ${TABLES[kind]} WHERE id = ? AND chain_id = ? AND deleted_at IS NULL`).get(id, chainId);
  if (!row) throw notFound(`${kind} ${id}`);
  return row as Record<string, string | number | null>;
}

/**
 * Edits a record in place: checked as an added one is, one undo step. Only the fields that
 * change are written; an activity's or an agreement's places are linked and unlinked as needed.
 */
export function updateRecord(ctx: DocumentContext, chainId: string, id: string, record: HistoryRecord): void {
  const current = ownRow(ctx, chainId, record.kind, id);
  checkRecord(ctx, chainId, record);
  recordChanges(ctx, (changes) => {
    const row = rowOf(record, chainId);
    if (record.kind === 'grant') {
      // The same place keeps its branch; another place's grant goes to that place's branch.
      const branchId =
        current.placeId === record.placeId ? (current.branch_id as string) : branchOf(ctx, changes, record.placeId);
      changes.update('branch_grant', id, { branch_id: branchId, ...row });
      return;
    }
    changes.update(TABLES[record.kind], id, row);
    if (record.kind === 'activity' || record.kind === 'agreement') {
      const link = LINKS[record.kind];
      const wanted = new Set(linkedPlaceIds(record));
      const linked = ctx.db
        .prepare(`SELECT id, place_id AS placeId FROM ${link.table} WHERE ${link.key} = ? AND deleted_at IS NULL`)
        .all(id) as Array<{ id: string; placeId: string }>;
      for (const existing of linked) {
        if (wanted.has(existing.placeId)) wanted.delete(existing.placeId);
        else changes.remove(link.table, existing.id);
      }
      for (const placeId of wanted) changes.insert(link.table, { [link.key]: id, place_id: placeId });
    }
  });
}

/** A record as the edit form shows it: the fields as they were added, and the names of its places. */
export function getRecord(ctx: DocumentContext, kind: RecordKind, id: string): RecordForEditing {
  const row = ctx.db.prepare(`SELECT * FROM ${TABLES[kind]} WHERE id = ? AND deleted_at IS NULL`).get(id) as
    Record<string, string | number | null> | undefined;
  if (!row) throw notFound(`${kind} ${id}`);
  const text = (column: string) => (row[column] ?? null) as string | null;
  const links = (link: (typeof LINKS)[keyof typeof LINKS]) =>
    ctx.db
      .prepare(`SELECT place_id FROM ${link.table} WHERE ${link.key} = ? AND deleted_at IS NULL ORDER BY created_at, id`)
      .pluck()
      .all(id) as string[];
  let record: HistoryRecord;
  switch (kind) {
    case 'grant': {
      const placeId = ctx.db.prepare('SELECT place_id FROM branch WHERE id = ?').pluck().get(row.branch_id) as string;
      record = {
        kind,
        placeId,
        year: row.year as number,
        amount: row.amount as number | null,
        currency: row.currency as Extract<HistoryRecord, { kind: 'grant' }>['currency'],
        status: row.status as 'granted' | 'proposed',
        grantor: text('grantor'),
        note: text('note'),
        source: text('source'),
      };
      break;
    }
    case 'event':
      record = {
        kind,
        date: row.date as string,
        title: row.title as string,
        body: text('body'),
        reference: text('reference'),
        description: text('description'),
        placeId: text('place_id'),
        source: text('source'),
      };
      break;
    case 'activity':
      record = {
        kind,
        year: row.year as number,
        title: row.title as string,
        field: row.field as Extract<HistoryRecord, { kind: 'activity' }>['field'],
        placeIds: links(LINKS.activity),
        description: text('description'),
        source: text('source'),
      };
      break;
    case 'agreement':
      record = {
        kind,
        title: text('title') ?? '',
        agreementKind: row.kind as Extract<HistoryRecord, { kind: 'agreement' }>['agreementKind'],
        status: row.status as Extract<HistoryRecord, { kind: 'agreement' }>['status'],
        partyPlaceIds: links(LINKS.agreement),
        startDate: text('start_date'),
        endDate: text('end_date'),
        note: text('note'),
        source: text('source'),
      };
      break;
  }
  const placeIds = [...new Set([...linkedPlaceIds(record), ...('placeId' in record && record.placeId ? [record.placeId] : [])])];
  const named = ctx.db.prepare('SELECT name FROM place WHERE id = ?').pluck();
  return { record, places: placeIds.map((placeId) => ({ placeId, name: (named.get(placeId) as string | undefined) ?? '' })) };
}

export function removeRecord(ctx: DocumentContext, kind: RecordKind, id: string): void {
  recordChanges(ctx, (changes) => changes.remove(TABLES[kind], id));
}
