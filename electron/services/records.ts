import type { z } from 'zod';
import type { historyRecordSchema } from '../../shared/validation';
import { recordChanges, type ChangeSet } from './change-log';
import { invalid, notFound, type DocumentContext } from './context';
import { localBranchName } from './places';

/** Grants, decisions and events, activities and agreements: added and removed from the timeline. */
export type HistoryRecord = z.output<typeof historyRecordSchema>;
export type RecordKind = HistoryRecord['kind'];

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

export function addRecord(ctx: DocumentContext, chainId: string, record: HistoryRecord): string {
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
  return recordChanges(ctx, (changes) => {
    switch (record.kind) {
      case 'grant':
        return changes.insert('branch_grant', {
          branch_id: branchOf(ctx, changes, record.placeId),
          year: record.year,
          amount: record.amount,
          currency: record.currency,
          status: record.status,
          grantor: record.grantor,
          note: record.note,
          source: record.source,
        });
      case 'event':
        return changes.insert('event', {
          chain_id: chainId,
          place_id: record.placeId,
          date: record.date,
          title: record.title,
          body: record.body,
          reference: record.reference,
          description: record.description,
          source: record.source,
        });
      case 'activity': {
        const id = changes.insert('activity', {
          chain_id: chainId,
          year: record.year,
          title: record.title,
          field: record.field,
          description: record.description,
          source: record.source,
        });
        for (const placeId of record.placeIds) changes.insert('activity_place', { activity_id: id, place_id: placeId });
        return id;
      }
      case 'agreement': {
        const id = changes.insert('agreement', {
          chain_id: chainId,
          kind: record.agreementKind,
          status: record.status,
          title: record.title,
          start_date: record.startDate,
          end_date: record.endDate,
          note: record.note,
          source: record.source,
        });
        for (const placeId of record.partyPlaceIds) changes.insert('agreement_party', { agreement_id: id, place_id: placeId });
        return id;
      }
    }
  });
}

export function removeRecord(ctx: DocumentContext, kind: RecordKind, id: string): void {
  recordChanges(ctx, (changes) => changes.remove(TABLES[kind], id));
}
