import { invalid, notFound, type DocumentContext } from './context';
import { recordChanges } from './changes';

/** Edits a person makes in the members table; each is one undo step. */

export function renamePlace(ctx: DocumentContext, placeId: string, name: string): void {
  recordChanges(ctx, (changes) => changes.update('place', placeId, { name }));
}

export function setJoinedYear(ctx: DocumentContext, membershipId: string, joinedYear: number): void {
  const membership = ctx.db
    .prepare('SELECT left_year AS leftYear FROM membership WHERE id = ? AND deleted_at IS NULL')
    .get(membershipId) as { leftYear: number | null } | undefined;
  if (!membership) throw notFound(`membership ${membershipId}`);
  if (membership.leftYear !== null && joinedYear > membership.leftYear) {
    throw invalid('joinedYear', 'validation.joinedAfterLeft', `left in ${membership.leftYear}`);
  }
  recordChanges(ctx, (changes) => changes.update('membership', membershipId, { joined_year: joinedYear }));
}

/** Sets the member count of the place's local branch for a year; null records "not reported". */
export function setMemberCount(ctx: DocumentContext, placeId: string, year: number, memberCount: number | null): void {
  const place = ctx.db.prepare('SELECT name FROM place WHERE id = ? AND deleted_at IS NULL').get(placeId) as
    | { name: string }
    | undefined;
  if (!place) throw notFound(`place ${placeId}`);
  recordChanges(ctx, (changes) => {
    const branch = ctx.db
      .prepare('SELECT id FROM branch WHERE place_id = ? AND deleted_at IS NULL ORDER BY created_at LIMIT 1')
      .get(placeId) as { id: string } | undefined;
    const branchId = branch?.id ?? changes.insert('branch', { place_id: placeId, name: `Föreningen Norden ${place.name}` });
    const existing = ctx.db
      .prepare('SELECT id FROM member_count WHERE branch_id = ? AND year = ? AND deleted_at IS NULL')
      .get(branchId, year) as { id: string } | undefined;
    if (existing) changes.update('member_count', existing.id, { count: memberCount });
    else changes.insert('member_count', { branch_id: branchId, year, count: memberCount });
  });
}
