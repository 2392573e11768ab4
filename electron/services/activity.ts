import type { ActivityLevel } from '../../shared/contract';
import { recordChanges } from './change-log';
import { notFound, type DocumentContext } from './context';

/** A member's activity in a year (SKL: active, sporadic, dormant); null clears it. One undo step. */
export function setActivityLevel(ctx: DocumentContext, membershipId: string, year: number, level: ActivityLevel | null): void {
  if (!ctx.db.prepare('SELECT 1 FROM membership WHERE id = ? AND deleted_at IS NULL').get(membershipId))
    throw notFound(`membership ${membershipId}`);
  recordChanges(ctx, (changes) => {
    const existing = ctx.db
      .prepare('SELECT id FROM activity_level WHERE membership_id = ? AND year = ? AND deleted_at IS NULL')
      .get(membershipId, year) as { id: string } | undefined;
    if (existing && level === null) changes.remove('activity_level', existing.id);
    else if (existing && level) changes.update('activity_level', existing.id, { level });
    else if (level) changes.insert('activity_level', { membership_id: membershipId, year, level });
  });
}
