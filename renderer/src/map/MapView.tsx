import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import L from 'leaflet';
import { LayersControl, Marker, MapContainer, Pane, TileLayer, useMap, useMapEvents, ZoomControl } from 'react-leaflet';
import { useTranslation } from 'react-i18next';
import type { Basemap, ChainMembers, Member } from '../../../shared/contract';
import { memberLabel } from '../../../shared/map/member-label';
import { symbolRadius } from '../../../shared/map/symbols';
import { useLanguage } from '../document/DocumentProvider';
import { labelHeight, labelText } from './labelText';
import { BasemapTiles } from './BasemapTiles';
import { mapProjection, type MapProjectionName } from './crs';
import { coveringBoxes, fitPoints, type FitPoint } from './fit';
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
  /** Labels this many times their usual size: the presentation, read from the back of a room. */
  labelScale?: number;
  /** The members the map fits, if not those shown: the presentation fits every year's, so that no one joins out of view. */
  fitTo?: readonly Member[];
}

/** The printed report's canvases: 3 canvas pixels per CSS pixel (288 dpi on paper), so that the PDF stays sharp. */
const PRINT_PIXEL_RATIO = 3;

/** The view carried from one projection's map to the other's when the online layer is turned on or off. */
interface CarriedView {
  /** The old view's corners and edges' middles. */
  points: L.LatLng[];
  /** Whether the user had moved the map since its last fit (then the new map is not refitted on resize either). */
  moved: boolean;
}

/**
 * The whole chain in view: when a chain is first shown (not after every edit), on the "Visa hela
 * kedjan" button or the 0 key, and when the map's container grows or shrinks (the window, the
 * panels) unless the user has panned or zoomed since the last fit. Leaflet measures its
 * container once; it is told to measure again on each resize. A map made for the other
 * projection starts where the last one was (`carriedRef`).
 */
function ChainFit({
  chainId,
  members,
  drawnAround,
  label,
  labelScale,
  movedRef,
  carriedRef,
}: {
  chainId: string;
  members: Located[];
  /** What is drawn around a member: its symbol's radius and its label's width. */
  drawnAround(member: Located): Omit<FitPoint, 'at'>;
  label: string;
  labelScale: number;
  /** Whether the user has moved the map since the last fit: what they did, not the map's move
   * events, which a fit's own animation also fires a frame later. */
  movedRef: React.RefObject<boolean>;
  carriedRef: React.RefObject<CarriedView | null>;
}) {
  const map = useMap();
  const fittedFor = useRef<string | null>(null);
  const latest = useRef({ members, drawnAround });
  const fit = useCallback(
    (animate: boolean) => {
      const { members: shown, drawnAround: around } = latest.current;
      if (shown.length === 0) return;
      const points = shown.map((member) => ({ at: L.latLng(member.latitude, member.longitude), ...around(member) }));
      movedRef.current = false;
      // Every symbol and its label in view, none of the symbols under the legend.
      fitPoints(map, points, {
        padding: [16, 16, 16, 16],
        maxZoom: 8,
        animate,
        covered: coveringBoxes(map),
        labelHeight: labelHeight(labelScale),
      });
    },
    [map, movedRef, labelScale],
  );
  // The button, under the zoom buttons (first: the first fit keeps the symbols from under it).
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
    latest.current = { members, drawnAround };
    const view = carriedRef.current;
    if (view && fittedFor.current === null) {
      carriedRef.current = null;
      fittedFor.current = chainId;
      fitPoints(
        map,
        view.points.map((at) => ({ at, radius: 0, label: 0 })),
        { padding: [0, 0, 0, 0], maxZoom: 18, animate: false },
      );
      movedRef.current = view.moved;
      return;
    }
    if (fittedFor.current === chainId || members.length === 0) return;
    fittedFor.current = chainId;
    fit(true);
  }, [chainId, members, drawnAround, fit, map, carriedRef, movedRef]);
  useEffect(() => {
    const container = map.getContainer();
    const byUser = () => (movedRef.current = true);
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
    // Only a change of size: an observer also reports the size it starts with.
    let size = { width: container.clientWidth, height: container.clientHeight };
    const observer = new ResizeObserver(() => {
      if (container.clientWidth === size.width && container.clientHeight === size.height) return;
      size = { width: container.clientWidth, height: container.clientHeight };
      map.invalidateSize({ pan: false });
      if (!movedRef.current && fittedFor.current !== null) fit(false);
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
  }, [map, fit, movedRef]);
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

/**
 * The online layer needs Web Mercator (its tiles are made for it), so turning it on or off makes
 * the map again in the other projection, where the view was (MapView keys the map by its
 * projection). The layer control says which projection is shown, and why.
 */
/** The view's corners and the middles of its edges, for the map in the other projection to fit. */
function viewOutline(map: L.Map): L.LatLng[] {
  const { x, y } = map.getSize();
  const at: Array<[number, number]> = [
    [0, 0],
    [x / 2, 0],
    [x, 0],
    [x, y / 2],
    [x, y],
    [x / 2, y],
    [0, y],
    [0, y / 2],
  ];
  return at.map((point) => map.containerPointToLatLng(point));
}

function ProjectionSwitch({
  note,
  movedRef,
  carriedRef,
  onSwitch,
}: {
  note: string;
  movedRef: React.RefObject<boolean>;
  carriedRef: React.RefObject<CarriedView | null>;
  onSwitch(name: MapProjectionName): void;
}) {
  const map = useMapEvents({
    overlayadd() {
      carriedRef.current = { points: viewOutline(map), moved: movedRef.current };
      onSwitch('mercator');
    },
    overlayremove() {
      carriedRef.current = { points: viewOutline(map), moved: movedRef.current };
      onSwitch('nordic');
    },
  });
  useEffect(() => {
    // The new map's layer control is where the user was: open, its checkbox focused.
    const view = carriedRef.current;
    if (view) {
      map.getContainer().querySelector('.leaflet-control-layers')?.classList.add('leaflet-control-layers-expanded');
      map
        .getContainer()
        .querySelector<HTMLInputElement>('.leaflet-control-layers-overlays input')
        ?.focus({ preventScroll: true });
    }
  }, [map, carriedRef]);
  useEffect(() => {
    const list = map.getContainer().querySelector<HTMLElement>('.leaflet-control-layers-list');
    if (!list) return;
    const paragraph = L.DomUtil.create('p', 'map-projection-note', list);
    paragraph.textContent = note;
    return () => paragraph.remove();
  }, [map, note]);
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

const noop = () => undefined;
const refuseMove = () => Promise.resolve(false);
/** For a map that only shows (the report, the presentation): a click selects nothing, nothing moves, no pin. */
export const SHOW_ONLY = {
  pinMode: false,
  onSelect: noop,
  onMove: refuseMove,
  onPin: noop,
} as const satisfies Pick<MapViewProps, 'pinMode' | 'onSelect' | 'onMove' | 'onPin'>;

/**
 * Leaflet names the zoom buttons once, when the control is made; a new language renames them in
 * place (making the control anew would put it below the fit button, out of its place).
 */
function ZoomTitles({ zoomIn, zoomOut }: { zoomIn: string; zoomOut: string }) {
  const map = useMap();
  useEffect(() => {
    for (const [selector, title] of [
      ['.leaflet-control-zoom-in', zoomIn],
      ['.leaflet-control-zoom-out', zoomOut],
    ] as const) {
      const button = map.getContainer().querySelector(selector);
      button?.setAttribute('title', title);
      button?.setAttribute('aria-label', title);
    }
  }, [map, zoomIn, zoomOut]);
  return null;
}

/** Memoised: a year-slider step renders the app before the year's members have come. */
export const MapView = memo(function MapView(props: MapViewProps) {
  const { t } = useTranslation();
  const { data, basemap } = props;
  const members = useMemo(() => located(data.members), [data.members]);
  const { fitTo, labelScale = 1 } = props;
  const fitMembers = useMemo(() => (fitTo ? located(fitTo) : members), [fitTo, members]);
  const largestCount = Math.max(0, ...members.map((member) => member.memberCount ?? 0));
  const language = useLanguage();
  const drawnAround = useCallback(
    (member: Located) => ({
      radius: symbolRadius(member.memberCount, largestCount),
      label: labelText(memberLabel(member, language), member.name, labelScale).width,
    }),
    [largestCount, language, labelScale],
  );
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
  const [projectionName, setProjectionName] = useState<MapProjectionName>('nordic');
  const projection = mapProjection(props.printed ? 'nordic' : projectionName);
  const movedRef = useRef(false);
  const carriedRef = useRef<CarriedView | null>(null);
  return (
    <figure
      ref={figure}
      className="map-figure"
      aria-label={t('map.label', { chain: data.chain.name, year: data.year })}
      data-projection={projection.name}
    >
      <MapContainer
        key={projection.name}
        crs={projection.crs}
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
        <ZoomTitles zoomIn={t('menu.zoomIn')} zoomOut={t('menu.zoomOut')} />
        <Pane name="basemap" style={{ zIndex: 150 }}>
          {basemap ? (
            <BasemapTiles
              basemap={basemap}
              projection={projection}
              pane="basemap"
              attribution="Natural Earth · GeoNames"
              pixelRatio={pixelRatio}
            />
          ) : null}
        </Pane>
        <LayersControl position="topright">
          <LayersControl.Overlay name={t('map.osmLayer')} checked={projection.name === 'mercator'}>
            <TileLayer
              url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
              attribution="&copy; OpenStreetMap contributors"
              maxZoom={19}
              crossOrigin
            />
          </LayersControl.Overlay>
        </LayersControl>
        <LayersButtonName name={t('map.layers')} />
        <ProjectionSwitch
          note={t(projection.name === 'nordic' ? 'map.projectionNordic' : 'map.projectionMercator')}
          movedRef={movedRef}
          carriedRef={carriedRef}
          onSwitch={setProjectionName}
        />
        <EndZoomOnRemove />
        <ChainFit
          chainId={data.chain.id}
          members={fitMembers}
          drawnAround={drawnAround}
          label={t('map.fitChain')}
          labelScale={labelScale}
          movedRef={movedRef}
          carriedRef={carriedRef}
        />
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
          labelScale={labelScale}
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
