import { useEffect, useMemo, useRef, useState } from 'react';
import L from 'leaflet';
import { GeoJSON, LayersControl, MapContainer, Marker, Pane, Polyline, TileLayer, Tooltip, useMap, useMapEvents, ZoomControl } from 'react-leaflet';
import { useTranslation } from 'react-i18next';
import type { Basemap, ChainMembers, Member } from '../../../shared/contract';
import { formatInteger, isLanguage } from '../../../shared/format';
import { placeLabels } from '../../../shared/map/labels';
import { decadeColour, symbolRadius } from '../../../shared/map/symbols';
import { areaName } from '../members/areaName';
import { Legend } from './Legend';
import { LABEL_HEIGHT, labelWidth, memberIcon } from './memberIcon';

export interface MapViewProps {
  data: ChainMembers;
  basemap: Basemap | null;
  selectedId: string | null;
  readOnly: boolean;
  pinMode: boolean;
  onSelect(membershipId: string): void;
  onMove(member: Member, latitude: number, longitude: number): void;
  onPin(latitude: number, longitude: number): void;
}

type Located = Member & { latitude: number; longitude: number };
const located = (members: Member[]): Located[] =>
  members.filter((member): member is Located => member.latitude !== null && member.longitude !== null);

export function memberLabel(member: Member, language: 'sv' | 'en'): string {
  const count = member.memberCount === null ? '?' : formatInteger(member.memberCount, language);
  return `${member.name} · ${member.joinedYear} · ${count}`;
}

const LAND_STYLE: L.PathOptions = { stroke: false, fillColor: '#ece6d6', fillOpacity: 1 };
const LINE_STYLE: L.PathOptions = { color: '#8f8a7e', weight: 0.7, fill: false };

/** Fits the view to the chain when a chain is first shown (not after every edit). */
function FitToMembers({ chainId, members }: { chainId: string; members: Located[] }) {
  const map = useMap();
  const fittedFor = useRef<string | null>(null);
  useEffect(() => {
    if (fittedFor.current === chainId || members.length === 0) return;
    fittedFor.current = chainId;
    const bounds = L.latLngBounds(members.map((member) => [member.latitude, member.longitude] as [number, number]));
    // More room on the right, where labels go first.
    map.fitBounds(bounds, { paddingTopLeft: [50, 40], paddingBottomRight: [150, 40], maxZoom: 8 });
  }, [chainId, members, map]);
  return null;
}

/** Leaflet measures its container once; when the window or the panels change size, it measures again. */
function FollowContainerSize() {
  const map = useMap();
  useEffect(() => {
    const observer = new ResizeObserver(() => map.invalidateSize());
    observer.observe(map.getContainer());
    return () => observer.disconnect();
  }, [map]);
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

function MemberSymbols({ data, selectedId, readOnly, onSelect, onMove }: Omit<MapViewProps, 'basemap' | 'pinMode' | 'onPin'>) {
  const map = useMap();
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'sv';
  // Placement depends on the pixel distances (zoom) and on what is in view (pan, resize).
  const [view, setView] = useState(0);
  useMapEvents({ zoomend: () => setView((n) => n + 1), moveend: () => setView((n) => n + 1), resize: () => setView((n) => n + 1) });
  const members = useMemo(() => located(data.members), [data.members]);
  const largestCount = Math.max(0, ...members.map((member) => member.memberCount ?? 0));
  // An icon is rebuilt only when what it shows changes: a new icon replaces the marker's element,
  // which would interrupt a drag or a keyboard focus.
  const icons = useRef(new Map<string, { key: string; icon: L.DivIcon }>());
  const iconFor = (id: string, options: Parameters<typeof memberIcon>[0]) => {
    const key = JSON.stringify(options);
    const cached = icons.current.get(id);
    if (cached?.key === key) return cached.icon;
    const icon = memberIcon(options);
    icons.current.set(id, { key, icon });
    return icon;
  };

  const placed = useMemo(() => {
    const items = members.map((member) => {
      const point = map.latLngToLayerPoint([member.latitude, member.longitude]);
      return {
        id: member.membershipId,
        x: point.x,
        y: point.y,
        radius: symbolRadius(member.memberCount, largestCount),
        width: labelWidth(memberLabel(member, language), member.name),
        height: LABEL_HEIGHT,
      };
    });
    const size = map.getSize();
    const topLeft = map.containerPointToLayerPoint([0, 0]);
    return new Map(placeLabels(items, { left: topLeft.x, top: topLeft.y, width: size.x, height: size.y }).map((label) => [label.id, label]));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [members, largestCount, language, map, view]);

  // Linked in the order they joined: the chain as it grew.
  const links = useMemo(
    () =>
      [...members]
        .sort((a, b) => a.joinedYear - b.joinedYear || a.name.localeCompare(b.name))
        .map((member) => [member.latitude, member.longitude] as [number, number]),
    [members],
  );

  return (
    <>
      <Polyline positions={links} pathOptions={{ color: '#4a5560', weight: 1.2, opacity: 0.55, dashArray: '4 4', interactive: false }} />
      {members.map((member) => {
        const label = memberLabel(member, language);
        const offset = placed.get(member.membershipId) ?? { dx: 0, dy: 0 };
        const radius = symbolRadius(member.memberCount, largestCount);
        const icon = iconFor(member.membershipId, {
          label,
          labelName: member.name,
          radius,
          colour: decadeColour(member.joinedYear),
          unknownCount: member.memberCount === null,
          selected: member.membershipId === selectedId,
          labelOffset: offset,
          labelWidth: labelWidth(label, member.name),
          labelHeight: LABEL_HEIGHT,
          data: {
            member: member.name,
            lat: String(member.latitude),
            lon: String(member.longitude),
            count: member.memberCount === null ? '' : String(member.memberCount),
            radius: radius.toFixed(2),
          },
        });
        const description = `${label}, ${areaName(member.areaCode, t, language)}`;
        return (
          <Marker
            key={member.membershipId}
            position={[member.latitude, member.longitude]}
            icon={icon}
            draggable={!readOnly}
            // Larger symbols lie under smaller ones, so none is hidden.
            zIndexOffset={-Math.round(radius * 10)}
            keyboard
            title={description}
            alt={description}
            eventHandlers={{
              click: () => onSelect(member.membershipId),
              // The map hands a focused marker's keys to it: Enter or Space selects, as a click does.
              keypress: (event) => {
                const key = (event as unknown as { originalEvent: KeyboardEvent }).originalEvent.key;
                if (key === 'Enter' || key === ' ') onSelect(member.membershipId);
              },
              dragend: (event) => {
                const position = (event.target as L.Marker).getLatLng();
                onMove(member, position.lat, position.lng);
              },
            }}
          >
            <Tooltip direction="top" offset={[0, -radius]} opacity={0.95}>
              <strong>{member.name}</strong>
              <br />
              {areaName(member.areaCode, t, language)} · {t('map.joined', { year: member.joinedYear })}
              <br />
              {member.memberCount === null
                ? t('members.notReported')
                : t('map.members', { count: member.memberCount, formatted: formatInteger(member.memberCount, language), year: member.countYear })}
            </Tooltip>
          </Marker>
        );
      })}
    </>
  );
}

export function MapView(props: MapViewProps) {
  const { t } = useTranslation();
  const { data, basemap } = props;
  const members = useMemo(() => located(data.members), [data.members]);
  const largestCount = Math.max(0, ...members.map((member) => member.memberCount ?? 0));
  return (
    <figure className="map-figure" aria-label={t('map.label', { chain: data.chain.name, year: data.year })}>
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
            <GeoJSON
              key="basemap"
              data={basemap as unknown as GeoJSON.FeatureCollection}
              style={(feature) => (feature?.properties?.kind === 'line' ? LINE_STYLE : LAND_STYLE)}
              interactive={false}
              attribution="Natural Earth · GeoNames"
            />
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
        <FollowContainerSize />
        <FitToMembers chainId={data.chain.id} members={members} />
        <PinPlacer active={props.pinMode} onPin={props.onPin} />
        <MemberSymbols
          data={data}
          selectedId={props.selectedId}
          readOnly={props.readOnly}
          onSelect={props.onSelect}
          onMove={props.onMove}
        />
      </MapContainer>
      <Legend members={members} largestCount={largestCount} />
    </figure>
  );
}
