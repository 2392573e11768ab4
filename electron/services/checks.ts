import { factWarnings, type CheckMembership, type FactWarning } from '../../shared/checks/warnings';
import { notFound, type DocumentContext } from './context';

/** The chain's facts that contradict each other but are kept (shared/checks/warnings.ts). */
export function chainWarnings(ctx: DocumentContext, chainId: string): FactWarning[] {
  if (!ctx.db.prepare('SELECT 1 FROM chain WHERE id = ? AND deleted_at IS NULL').get(chainId)) throw notFound(`chain ${chainId}`);
  const memberships = ctx.db
    .prepare(
      `SELECT m.id AS membershipId, m.place_id AS placeId, p.name AS placeName, m.joined_year AS joinedYear, m.left_year AS leftYear
         FROM membership m JOIN place p ON p.id = m.place_id AND p.deleted_at IS NULL
        WHERE m.chain_id = ? AND m.deleted_at IS NULL`,
    )
    .all(chainId) as CheckMembership[];
  const counts = ctx.db
    .prepare(
      `SELECT DISTINCT b.place_id AS placeId, mc.year FROM member_count mc
         JOIN branch b ON b.id = mc.branch_id AND b.deleted_at IS NULL
         JOIN membership m ON m.place_id = b.place_id AND m.chain_id = ? AND m.deleted_at IS NULL
        WHERE mc.deleted_at IS NULL AND mc.count IS NOT NULL`,
    )
    .all(chainId) as Array<{ placeId: string; year: number }>;
  const meetings = ctx.db
    .prepare(
      `SELECT host_place_id AS hostPlaceId, year FROM meeting
        WHERE chain_id = ? AND deleted_at IS NULL AND host_place_id IS NOT NULL`,
    )
    .all(chainId) as Array<{ hostPlaceId: string; year: number }>;
  return factWarnings({ memberships, counts, meetings });
}

/** The warnings of each chain the place is in: what an edit of its counts makes stale. */
export function placeChainsWarnings(ctx: DocumentContext, placeId: string): Array<{ chainId: string; warnings: FactWarning[] }> {
  const chains = ctx.db
    .prepare('SELECT DISTINCT chain_id FROM membership WHERE place_id = ? AND deleted_at IS NULL')
    .pluck()
    .all(placeId) as string[];
  return chains.map((chainId) => ({ chainId, warnings: chainWarnings(ctx, chainId) }));
}
