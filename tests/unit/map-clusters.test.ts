import { describe, expect, it } from 'vitest';
import { CLUSTER_FROM, CLUSTER_MAX_ZOOM, MemberClusters, type ClusterInput } from '../../shared/map/clusters';

/** Members spread over Europe (a repeatable sequence), some with no count reported. */
function register(count: number): ClusterInput[] {
  let state = 7;
  const next = () => ((state = (state * 16807) % 2147483647) - 1) / 2147483646;
  return Array.from({ length: count }, (_, index) => ({
    id: `m${index}`,
    latitude: 47 + next() * 23,
    longitude: -22 + next() * 52,
    count: index % 9 === 0 ? null : Math.round(10 + next() * 500),
  }));
}

describe('member groups (supercluster)', () => {
  it('groups nothing in a chain smaller than CLUSTER_FROM, at any zoom', () => {
    const clusters = new MemberClusters(register(CLUSTER_FROM - 1));
    for (const zoom of [0, 3, 5.5, 10]) expect(clusters.at(zoom)).toEqual({ clusters: [], grouped: new Set() });
  });

  it('groups 350 members at the overview, every member once, with the sum of their counts', () => {
    const members = register(350);
    const { clusters, grouped } = new MemberClusters(members).at(3.25);
    expect(clusters.length).toBeGreaterThan(0);
    // Each grouped member is in exactly one group: the groups hold as many as are grouped.
    expect(clusters.reduce((sum, cluster) => sum + cluster.members, 0)).toBe(grouped.size);
    const reported = (list: ClusterInput[]) => list.reduce((sum, member) => sum + (member.count ?? 0), 0);
    const inGroups = members.filter((member) => grouped.has(member.id));
    expect(clusters.reduce((sum, cluster) => sum + cluster.total, 0)).toBe(reported(inGroups));
    expect(clusters.reduce((sum, cluster) => sum + cluster.notReported, 0)).toBe(inGroups.filter((m) => m.count === null).length);
    for (const cluster of clusters) {
      expect(cluster.members).toBeGreaterThan(1);
      expect(cluster.expansionZoom).toBeGreaterThan(3);
    }
  });

  it('splits the groups as the user zooms in, and groups nothing past CLUSTER_MAX_ZOOM', () => {
    const clusters = new MemberClusters(register(350));
    const sizes = [3, 5, 7].map((zoom) => clusters.at(zoom).grouped.size);
    expect(sizes[1]).toBeLessThan(sizes[0]!);
    expect(sizes[2]).toBeLessThan(sizes[1]!);
    expect(clusters.at(CLUSTER_MAX_ZOOM + 1)).toEqual({ clusters: [], grouped: new Set() });
  });

  it('never groups a member kept apart (the selected one)', () => {
    const members = register(350);
    const loose = new MemberClusters(members).at(3);
    const someone = [...loose.grouped][0]!;
    const kept = new MemberClusters(members, new Set([someone])).at(3);
    expect(kept.grouped.has(someone)).toBe(false);
    expect(kept.grouped.size).toBeGreaterThan(0);
  });
});
