import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import L from 'leaflet';
import { useMap } from 'react-leaflet';
import { useTranslation } from 'react-i18next';
import { formatInteger } from '../../../shared/format';
import { MemberClusters, type MemberCluster } from '../../../shared/map/clusters';
import { useLanguage } from '../document/DocumentProvider';
import type { Located } from './MemberSymbols';

/** The groups shown now, and the members drawn only as a group. */
export interface GroupState {
  clusters: MemberCluster[];
  grouped: ReadonlySet<string>;
}

export const NO_GROUPS: GroupState = { clusters: [], grouped: new Set() };

/** A group's circle: larger with more members, within the size of the largest member's symbol. */
export const groupRadius = (members: number) => Math.min(28, 14 + 3 * Math.log2(members));

/**
 * Members whose symbols would cover each other, drawn as one symbol per group (shared/map/clusters:
 * from CLUSTER_FROM members on) with the number of members and the sum of their counts. A click,
 * or Enter on the focused group, zooms in to where it splits. The selected member is never grouped.
 */
export function MemberGroups({
  members,
  selectedId,
  onChange,
}: {
  members: Located[];
  selectedId: string | null;
  onChange(state: GroupState): void;
}) {
  const map = useMap();
  const { t } = useTranslation();
  const language = useLanguage();
  const index = useMemo(
    () =>
      new MemberClusters(
        members.map((member) => ({
          id: member.membershipId,
          latitude: member.latitude,
          longitude: member.longitude,
          count: member.memberCount,
        })),
        new Set(selectedId ? [selectedId] : []),
      ),
    [members, selectedId],
  );
  const markers = useRef<L.Marker[]>([]);
  const changed = useRef(onChange);
  useLayoutEffect(() => {
    changed.current = onChange;
  }, [onChange]);

  useEffect(() => {
    let shownKey = '';
    const update = () => {
      const state = index.at(map.getZoom());
      const key = state.clusters.map((cluster) => `${cluster.id}:${cluster.members}`).join(',');
      if (key === shownKey) return;
      shownKey = key;
      for (const marker of markers.current) marker.remove();
      markers.current = state.clusters.map((cluster) => {
        const radius = groupRadius(cluster.members);
        const size = Math.ceil(radius * 2 + 4);
        const total = formatInteger(cluster.total, language);
        const description = t(cluster.notReported > 0 ? 'map.groupWithUnknown' : 'map.group', {
          count: cluster.members,
          total,
          unknown: cluster.notReported,
        });
        // Built with DOM calls: nothing of a member's text goes in here, only numbers.
        const root = document.createElement('div');
        root.className = 'member-group';
        root.dataset.members = String(cluster.members);
        root.dataset.total = String(cluster.total);
        root.dataset.radius = radius.toFixed(2);
        root.style.width = root.style.height = `${radius * 2}px`;
        const count = document.createElement('strong');
        count.textContent = formatInteger(cluster.members, language);
        const sum = document.createElement('span');
        sum.textContent = total;
        root.append(count, sum);
        const marker = L.marker([cluster.latitude, cluster.longitude], {
          icon: L.divIcon({
            html: root,
            className: 'member-group-marker',
            iconSize: [size, size],
            iconAnchor: [size / 2, size / 2],
          }),
          keyboard: true,
          title: description,
          alt: description,
          // Above the members' symbols: it stands for several of them.
          zIndexOffset: 1000,
        });
        const zoomIn = () =>
          map.setView([cluster.latitude, cluster.longitude], Math.min(cluster.expansionZoom, map.getMaxZoom()));
        marker.on({
          click: zoomIn,
          keypress: (event) => {
            const key = (event as unknown as { originalEvent: KeyboardEvent }).originalEvent.key;
            if (key === 'Enter' || key === ' ') zoomIn();
          },
        });
        marker.bindTooltip(description, { direction: 'top', offset: [0, -radius], opacity: 0.95 });
        return marker.addTo(map);
      });
      changed.current(state);
    };
    update();
    map.on('zoomend', update);
    return () => {
      map.off('zoomend', update);
      for (const marker of markers.current) marker.remove();
      markers.current = [];
      changed.current(NO_GROUPS);
    };
  }, [index, map, t, language]);
  return null;
}
