import Supercluster from 'supercluster';

/**
 * Members whose symbols would cover each other, gathered into groups (supercluster) once a chain
 * is large: a group is drawn as one symbol with the number of members and the sum of their
 * counts, and splits as the user zooms in. Small chains are never grouped: every member of the
 * demo keeps its own symbol at every zoom.
 */

/** From this many members on, symbols that would cover each other are grouped. */
export const CLUSTER_FROM = 100;
/** Members closer than this (screen pixels at the zoom shown) fall into one group. */
export const CLUSTER_RADIUS = 30;
/** Past this zoom nothing is grouped (towns a few kilometres apart). */
export const CLUSTER_MAX_ZOOM = 12;

export interface ClusterInput {
  id: string;
  latitude: number;
  longitude: number;
  count: number | null;
}

export interface MemberCluster {
  /** supercluster's id of the group (stable for one index and zoom). */
  id: number;
  latitude: number;
  longitude: number;
  /** How many members it holds. */
  members: number;
  /** The sum of their reported counts, and how many have none reported. */
  total: number;
  notReported: number;
  /** The zoom at which it splits. */
  expansionZoom: number;
}

interface Sums {
  total: number;
  notReported: number;
}

export class MemberClusters {
  private readonly index: Supercluster<ClusterInput, Sums> | null;
  /** The members in the index (all but those kept apart). */
  private readonly ids: string[];

  /** `keep`: members never grouped (the selected one). */
  constructor(points: readonly ClusterInput[], keep: ReadonlySet<string> = new Set()) {
    const indexed = points.filter((point) => !keep.has(point.id));
    this.ids = indexed.map((point) => point.id);
    if (points.length < CLUSTER_FROM) {
      this.index = null;
      return;
    }
    // extent 256: radius in the pixels of a Leaflet (256-pixel tile) map at that zoom.
    this.index = new Supercluster<ClusterInput, Sums>({
      radius: CLUSTER_RADIUS,
      extent: 256,
      maxZoom: CLUSTER_MAX_ZOOM,
      map: (props) => ({ total: props.count ?? 0, notReported: props.count === null ? 1 : 0 }),
      reduce: (sum, props) => {
        sum.total += props.total;
        sum.notReported += props.notReported;
      },
    });
    this.index.load(
      indexed.map((point) => ({
        type: 'Feature' as const,
        properties: point,
        geometry: { type: 'Point' as const, coordinates: [point.longitude, point.latitude] },
      })),
    );
  }

  /** The groups at a zoom (Leaflet's, fractional), and the members in them (drawn only as the group). */
  at(zoom: number): { clusters: MemberCluster[]; grouped: Set<string> } {
    const index = this.index;
    if (!index) return { clusters: [], grouped: new Set() };
    const level = Math.max(0, Math.floor(zoom));
    const clusters: MemberCluster[] = [];
    const alone = new Set<string>();
    for (const feature of index.getClusters([-180, -90, 180, 90], level)) {
      const [longitude, latitude] = feature.geometry.coordinates as [number, number];
      const props = feature.properties;
      if ('cluster' in props && props.cluster) {
        clusters.push({
          id: props.cluster_id,
          latitude,
          longitude,
          members: props.point_count,
          total: props.total,
          notReported: props.notReported,
          expansionZoom: index.getClusterExpansionZoom(props.cluster_id),
        });
      } else alone.add((props as ClusterInput).id);
    }
    return { clusters, grouped: new Set(this.ids.filter((id) => !alone.has(id))) };
  }
}
