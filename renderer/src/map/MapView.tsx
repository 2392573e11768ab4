import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import L from 'leaflet';
import { LayersControl, Marker, MapContainer, Pane, TileLayer, useMap, useMapEvents, ZoomControl } from 'react-leaflet';
import { useTranslation } from 'react-i18next';
import type { Basemap, ChainMembers } from '../../../shared/contract';
import { BasemapTiles } from './BasemapTiles';
import { Legend } from './Legend';
import { MemberGroups, NO_GROUPS, type GroupState } from './MemberGroups';
import { MemberList, showLayout } from './MemberList';
import type { MemberLayout } from './membersLayer';
import { located, MemberSymbols, type Located, type MemberSymbolsHandle, type MemberSymbolsProps } from './MemberSymbols';

export interface MapViewProps extends Omit<MemberSymbolsProps, 'members'> {
  data: ChainMembers;
  basemap: Basemap | null;
  pinMode: boolean;
  /** The pin placed while adding a member (drawn where it was clicked), or null. */
  pin?: { latitude: number; longitude: number } | null;
  onPin(latitude: number, longitude: number): void;
  /** Drawn for the printed report: its legend speaks of paper, not of zooming in. */
  printed?: boolean;
}

/** The printed report's canvases: 3 canvas pixels per CSS pixel (288 dpi on paper), so that the PDF stays sharp. */
const PRINT_PIXEL_RATIO = 3;

/**
 * The whole chain in view: when a chain is first shown (not after every edit), on the "Visa hela
 * kedjan" button or the 0 key, and when the map's container grows or shrinks (the window, the
 * panels) unless the user has panned or zoomed since the last fit. Leaflet measures its
 * container once; it is told to measure again on each resize.
 */
function ChainFit({ chainId, members, label }: { chainId: string; members: Located[]; label: string }) {
  const map = useMap();
  const fittedFor = useRef<string | null>(null);
  const latest = useRef(members);
  // Whether the user has moved the map since the last fit: what they did, not the map's move
  // events, which a fit's own animation also fires a frame later.
  const moved = useRef(false);
  const fit = useCallback(
    (animate: boolean) => {
      const shown = latest.current;
      if (shown.length === 0) return;
      const bounds = L.latLngBounds(shown.map((member) => [member.latitude, member.longitude] as [number, number]));
      moved.current = false;
      // More room on the right, where labels go first.
      map.fitBounds(bounds, { paddingTopLeft: [50, 40], paddingBottomRight: [150, 40], maxZoom: 8, animate });
    },
    [map],
  );
  useEffect(() => {
    latest.current = members;
    if (fittedFor.current === chainId || members.length === 0) return;
    fittedFor.current = chainId;
    fit(true);
  }, [chainId, members, fit]);
  useEffect(() => {
    const container = map.getContainer();
    const byUser = () => (moved.current = true);
    // Leaflet's own keys: the arrows pan, + and - zoom.
    const MOVE_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', '+', '-', '=', '_']);
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === '0') fit(true);
      else if (MOVE_KEYS.has(event.key)) byUser();
    };
    // The zoom buttons stop their clicks from reaching the map: seen on the way down.
    const onClick = (event: MouseEvent) => {
      if (event.target instanceof Element && event.target.closest('.leaflet-control-zoom')) byUser();
    };
    map.on('dragstart boxzoomend', byUser);
    container.addEventListener('wheel', byUser, { passive: true });
    container.addEventListener('dblclick', byUser);
    container.addEventListener('click', onClick, { capture: true });
    container.addEventListener('keydown', onKey);
    const observer = new ResizeObserver(() => {
      map.invalidateSize({ pan: false });
      if (!moved.current && fittedFor.current !== null) fit(false);
    });
    observer.observe(container);
    return () => {
      map.off('dragstart boxzoomend', byUser);
      container.removeEventListener('wheel', byUser);
      container.removeEventListener('dblclick', byUser);
      container.removeEventListener('click', onClick, { capture: true });
      container.removeEventListener('keydown', onKey);
      observer.disconnect();
    };
  }, [map, fit]);
  // The button, under the zoom buttons.
  useEffect(() => {
    const control = new L.Control({ position: 'topleft' });
    control.onAdd = () => {
      const bar = L.DomUtil.create('div', 'leaflet-bar leaflet-control fit-chain');
      const button = L.DomUtil.create('button', 'fit-chain-button', bar);
      button.type = 'button';
      button.textContent = '⤢';
      L.DomEvent.disableClickPropagation(bar);
      L.DomEvent.on(button, 'click', () => fit(true));
      return bar;
    };
    control.addTo(map);
    return () => {
      control.remove();
    };
  }, [map, fit]);
  useEffect(() => {
    const button = map.getContainer().querySelector('.fit-chain-button');
    button?.setAttribute('title', label);
    button?.setAttribute('aria-label', label);
  }, [map, label]);
  return null;
}

/**
 * A map removed in the middle of a zoom animation (the report opened while the first fit still
 * zooms) threw from Leaflet's 250 ms fallback timer, which moves the removed map's pane:
 * "Cannot read properties of undefined (reading '_leaflet_pos')". Removed, it is no longer zooming.
 */
function EndZoomOnRemove() {
  const map = useMap();
  useEffect(
    () => () => {
      (map as unknown as { _animatingZoom?: boolean })._animatingZoom = false;
    },
    [map],
  );
  return null;
}

/** Leaflet names its layer button in English; the app's language names it (after the control is added). */
function LayersButtonName({ name }: { name: string }) {
  const map = useMap();
  useEffect(() => {
    const button = map.getContainer().querySelector('.leaflet-control-layers-toggle');
    button?.setAttribute('title', name);
    button?.setAttribute('aria-label', name);
  }, [map, name]);
  return null;
}

/** The pin placed while adding a member: a ring, its centre on the point clicked. */
const PIN_ICON = L.divIcon({ className: 'placed-pin', iconSize: [18, 18], iconAnchor: [9, 9] });

function PinPlacer({ active, onPin }: { active: boolean; onPin(latitude: number, longitude: number): void }) {
  const map = useMapEvents({
    click(event) {
      if (active) onPin(event.latlng.lat, event.latlng.lng);
    },
  });
  useEffect(() => {
    map.getContainer().classList.toggle('pin-mode', active);
  }, [active, map]);
  return null;
}

/** Memoised: a year-slider step renders the app before the year's members have come. */
export const MapView = memo(function MapView(props: MapViewProps) {
  const { t } = useTranslation();
  const { data, basemap } = props;
  const members = useMemo(() => located(data.members), [data.members]);
  const largestCount = Math.max(0, ...members.map((member) => member.memberCount ?? 0));
  const [hiddenLabels, setHiddenLabels] = useState(0);
  const [groups, setGroups] = useState<GroupState>(NO_GROUPS);
  // The members drawn on their own; the others are drawn as their groups.
  const alone = useMemo(
    () => (groups.grouped.size === 0 ? members : members.filter((member) => !groups.grouped.has(member.membershipId))),
    [members, groups],
  );
  const [announcement, setAnnouncement] = useState('');
  const figure = useRef<HTMLElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const symbols = useRef<MemberSymbolsHandle | null>(null);
  // What is drawn, for tests, the report's print and the bench: each member on the list (where
  // its symbol and label are), and on the figure how many members are drawn (on their own or as
  // one of a group's count), for which year, and a number that changes with each drawing.
  const drawnFor = useRef({ grouped: 0, year: data.year, version: 0, alone: 0 });
  const markDrawn = useCallback(() => {
    const state = drawnFor.current;
    figure.current?.setAttribute('data-drawn-count', String(state.alone + state.grouped));
    figure.current?.setAttribute('data-drawn-year', String(state.year));
    figure.current?.setAttribute('data-layout-version', String(state.version));
  }, []);
  const onLayout = useCallback(
    (layout: readonly MemberLayout[], hidden: number) => {
      setHiddenLabels(hidden);
      showLayout(list.current, layout);
      drawnFor.current.alone = layout.length;
      drawnFor.current.version += 1;
      markDrawn();
    },
    [markDrawn],
  );
  // After the symbols' effects (a child's run first): the groups and the year of this render.
  const grouped = groups.clusters.reduce((sum, cluster) => sum + cluster.members, 0);
  useLayoutEffect(() => {
    drawnFor.current.grouped = grouped;
    drawnFor.current.year = data.year;
    markDrawn();
  }, [grouped, data.year, markDrawn]);
  const pixelRatio = props.printed ? PRINT_PIXEL_RATIO : undefined;
  return (
    <figure ref={figure} className="map-figure" aria-label={t('map.label', { chain: data.chain.name, year: data.year })}>
      <MapContainer
        className="map"
        center={[60, 10]}
        zoom={3}
        zoomSnap={0.25}
        preferCanvas
        worldCopyJump={false}
        attributionControl
        zoomControl={false}
        ref={(map) => {
          if (!map) return;
          map.getContainer().setAttribute('aria-label', t('map.keyboardHelp'));
          map.attributionControl.setPrefix('Leaflet');
        }}
      >
        <ZoomControl position="topleft" zoomInTitle={t('menu.zoomIn')} zoomOutTitle={t('menu.zoomOut')} />
        <Pane name="basemap" style={{ zIndex: 150 }}>
          {basemap ? (
            <BasemapTiles basemap={basemap} pane="basemap" attribution="Natural Earth · GeoNames" pixelRatio={pixelRatio} />
          ) : null}
        </Pane>
        <LayersControl position="topright">
          <LayersControl.Overlay name={t('map.osmLayer')} checked={false}>
            <TileLayer
              url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
              attribution="&copy; OpenStreetMap contributors"
              maxZoom={19}
              crossOrigin
            />
          </LayersControl.Overlay>
        </LayersControl>
        <LayersButtonName name={t('map.layers')} />
        <EndZoomOnRemove />
        <ChainFit chainId={data.chain.id} members={members} label={t('map.fitChain')} />
        <PinPlacer active={props.pinMode} onPin={props.onPin} />
        {props.pin ? (
          <Marker position={[props.pin.latitude, props.pin.longitude]} icon={PIN_ICON} interactive={false} keyboard={false} />
        ) : null}
        <MemberGroups members={members} selectedId={props.selectedId} onChange={setGroups} />
        <MemberSymbols
          members={alone}
          links={members}
          obstacles={groups.clusters}
          selectedId={props.selectedId}
          onSelect={props.onSelect}
          onMove={props.onMove}
          onLayout={onLayout}
          pixelRatio={pixelRatio}
          onAnnounce={setAnnouncement}
          handle={symbols}
        />
      </MapContainer>
      <MemberList members={members} selectedId={props.selectedId} onSelect={props.onSelect} symbols={symbols} listRef={list} />
      <Legend
        members={members}
        largestCount={largestCount}
        hiddenLabels={hiddenLabels}
        grouped={groups.grouped.size}
        printed={props.printed}
      />
      <p className="visually-hidden" role="status" data-testid="map-announcement">
        {announcement}
      </p>
    </figure>
  );
});
