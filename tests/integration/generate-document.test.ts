import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChainMembers, ChainSummary } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { generateDocument, scaled } from '../bench/generate-document';
import { routerFor } from '../helpers/documents';
import { useTempDir } from '../helpers/files';

const tempDir = useTempDir();

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`API error: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

describe('the benchmark document generator (tests/bench/generate-document.ts)', () => {
  it('writes the asked numbers of rows through the real schema, and the app opens and reads it', async () => {
    const dir = tempDir();
    const path = join(dir, 'europe-small.vanort');
    const scale = scaled(0.002); // 100 places, 4 chains, 200 memberships, 2,000 member counts
    expect(scale).toEqual({ places: 100, chains: 4, memberships: 200, memberCounts: 2000 });
    const { document, generated } = await generateDocument(path, scale);
    const count = (table: string) => document.db.prepare(`SELECT COUNT(*) FROM ${table} WHERE deleted_at IS NULL`).pluck().get();
    expect([count('place'), count('branch'), count('chain'), count('membership'), count('member_count')]).toEqual([
      100, 100, 4, 200, 2000,
    ]);
    expect(generated.scale).toEqual(scale);
    // A fixture, not edits: nothing to undo.
    expect(count('change_log')).toBe(0);
    expect(document.db.pragma('foreign_key_check')).toEqual([]);
    document.close();

    const { router, session } = await routerFor(dir, path, false);
    const chains = value<ChainSummary[]>(await router.call('chains.list', {}));
    expect(chains.map((chain) => chain.id)).toEqual(generated.chainIds);
    const largest = value<ChainMembers>(await router.call('members.list', { chainId: chains[0]!.id, year: 2013 }));
    expect(largest.members.length).toBeGreaterThan(0);
    expect(largest.members.length).toBeLessThanOrEqual(generated.largestChainSize);
    // Counts of 2013 are there, some of them not reported (unknown, never 0).
    expect(largest.members.every((member) => member.countYear === 2013)).toBe(true);
    expect(largest.total.reported + largest.total.notReported).toBe(largest.members.length);
    value(await router.call('chains.history', { chainId: chains[1]!.id }));
    value(await router.call('chains.countSeries', { chainId: chains[1]!.id }));
    session.close();
  });
});
