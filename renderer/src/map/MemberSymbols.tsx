import { useCallback, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, type Ref } from 'react';
import L from 'leaflet';
import { Polyline, useMap } from 'react-leaflet';
import { useTranslation } from 'react-i18next';
import type { Member } from '../../../shared/contract';
import { formatInteger } from '../../../shared/format';
import { placeLabels } from '../../../shared/map/labels';
import { decadeColour, symbolRadius } from '../../../shared/map/symbols';
import { memberLabel } from '../../../shared/map/member-label';
import { compareJoinedYears } from '../../../shared/years';
import { useLanguage, useReadOnly } from '../document/DocumentProvider';
import { areaName } from '../members/areaName';
import { LABEL_HEIGHT, labelWidth, MemberElement, symbolSize } from './memberIcon';
import { groupRadius } from './MemberGroups';

/** A member with a position: the ones the map shows. */
export type Located = Member & { latitude: number; longitude: number };

export const located = (members: Member[]): Located[] =>
  members.filter((member): member is Located => member.latitude !== null && member.longitude !== null);

// One object: react-leaflet restyles a path (and its canvas is drawn again) whenever its options object is new.
const CHAIN_STYLE: L.PathOptions = { color: '#4a5560', weight: 1.2, opacity: 0.55, dashArray: '4 4', interactive: false };
/** Past this many members the chain's line is drawn lighter: hundreds of dashed lines criss-cross the map. */
export const LIGHT_LINKS_FROM = 60;
const LIGHT_CHAIN_STYLE: L.PathOptions = { ...CHAIN_STYLE, weight: 0.8, opacity: 0.18 };
const NO_OBSTACLES: readonly { latitude: number; longitude: number; members: number }[] = [];

/** What the map hands its members' symbols: the members, the selected one, and what to do on a click or a drag. */
export interface MemberSymbolsProps {
  /** The members drawn, each with its own symbol and label. */
  members: Located[];
  /** The members the chain's line links, in the order they joined (all, grouped or not); else `members`. */
  links?: Located[];
  /** Groups' circles (MemberGroups), which no label may cover. */
  obstacles?: readonly { latitude: number; longitude: number; members: number }[];
  selectedId: string | null;
  onSelect(membershipId: string): void;
  /** Saves a symbol's new position; resolves to whether it was saved (a refused move goes back). */
  onMove(member: Member, latitude: number, longitude: number): Promise<boolean>;
  /** How many labels are left out for want of room (each placement tells it). */
  onLabelsHidden?(count: number): void;
  /** Says something to a screen reader (moving a symbol by keyboard). */
  onAnnounce?(text: string): void;
  /** What the map's member list (MemberList) uses: the focus shown on a symbol, and moving it. */
  handle?: Ref<MemberSymbolsHandle>;
}

/** The symbols as the keyboard's member list drives them. */
export interface MemberSymbolsHandle {
  /** Shows which member the list's focus is on: a ring on its symbol, its tooltip, in view (null: none). */
  show(id: string | null): void;
  /** A key pressed in the list on a member: moving it (M, the arrow keys, Enter, Escape). Whether it was taken. */
  key(id: string, event: KeyboardEvent): boolean;
  /** The list lost the focus: a move under way is put back. */
  blur(): void;
}

/** Pixels an arrow key moves a symbol in move mode; with Shift, the larger step. */
const MOVE_STEP = 4;
const MOVE_STEP_LARGE = 24;
const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/**
 * The order labels get their places in (the first the free ones): the selected member, then the
 * larger count (the larger symbol: a count not reported has a symbol of its own size, and the
 * larger are the hardest to fit around), then the earlier join. The ones without room are left
 * out in the reverse order.
 */
export function labelRanks(members: readonly Located[], selectedId: string | null): Map<string, number> {
  const largest = Math.max(0, ...members.map((member) => member.memberCount ?? 0));
  const radius = (member: Located) => symbolRadius(member.memberCount, largest);
  const ordered = [...members].sort(
    (a, b) =>
      Number(b.membershipId === selectedId) - Number(a.membershipId === selectedId) ||
      radius(b) - radius(a) ||
      compareJoinedYears(a.joinedYear, b.joinedYear) ||
      a.name.localeCompare(b.name),
  );
  return new Map(ordered.map((member, index) => [member.membershipId, index]));
}

/** What a member's tooltip shows; built with DOM calls and textContent, so names stay text. */
class TooltipContent {
  readonly root = document.createElement('span');
  private readonly name = document.createElement('strong');
  private readonly joined = document.createTextNode('');
  private readonly count = document.createTextNode('');

  constructor() {
    this.root.append(this.name, document.createElement('br'), this.joined, document.createElement('br'), this.count);
  }

  update(name: string, joined: string, count: string): void {
    if (this.name.textContent !== name) this.name.textContent = name;
    if (this.joined.data !== joined) this.joined.data = joined;
    if (this.count.data !== count) this.count.data = count;
  }
}

interface SymbolMarker {
  marker: L.Marker;
  /** Moving by keyboard: a key pressed for this member (whether it was taken), and putting a move back. */
  moveKey(event: KeyboardEvent): boolean;
  cancelMove(): void;
  element: MemberElement;
  tooltip: TooltipContent;
  tooltipText(): [string, string, string];
  member: Located;
  radius: number;
}

/**
 * The members' symbols, one Leaflet marker per membership, kept by id and patched in place on a
 * year-slider step or an edit: new elements for hundreds of members made each step slow.
 */
export function MemberSymbols({
  members,
  links: linked = members,
  obstacles = NO_OBSTACLES,
  selectedId,
  onSelect,
  onMove,
  onLabelsHidden,
  onAnnounce,
  handle,
}: MemberSymbolsProps) {
  const map = useMap();
  const { t } = useTranslation();
  const language = useLanguage();
  const readOnly = useReadOnly();
  const largestCount = Math.max(0, ...members.map((member) => member.memberCount ?? 0));
  const markers = useRef(new Map<string, SymbolMarker>());
  // The handlers are bound once per marker; they call the latest callbacks.
  const callbacks = useRef({ onSelect, onMove, onLabelsHidden, onAnnounce, t, readOnly });
  useLayoutEffect(() => {
    callbacks.current = { onSelect, onMove, onLabelsHidden, onAnnounce, t, readOnly };
  }, [onSelect, onMove, onLabelsHidden, onAnnounce, t, readOnly]);
  /** The symbol being moved by keyboard (M, the arrow keys, Enter or Escape), and where it was. */
  const moving = useRef<{ id: string; from: L.LatLng } | null>(null);
  const shown = useRef<{
    members: Located[];
    language: 'sv' | 'en';
    selectedId: string | null;
    obstacles: readonly { latitude: number; longitude: number; members: number }[];
    /** Every member, grouped or not (the member list names them all). */
    all: Located[];
  }>({
    members: [],
    language,
    selectedId,
    obstacles,
    all: [],
  });
  const placedFor = useRef('');

  // Places every label for the current view and moves those whose place changed.
  const placeAll = useCallback(() => {
    const { members: current, language: lang, selectedId: selected, obstacles: groups } = shown.current;
    const ranks = labelRanks(current, selected);
    const items = current.flatMap((member) => {
      const record = markers.current.get(member.membershipId);
      if (!record) return [];
      const point = map.latLngToLayerPoint([member.latitude, member.longitude]);
      return [
        {
          id: member.membershipId,
          x: point.x,
          y: point.y,
          radius: record.radius,
          width: labelWidth(memberLabel(member, lang), member.name),
          height: LABEL_HEIGHT,
          rank: ranks.get(member.membershipId),
        },
      ];
    });
    const size = map.getSize();
    const topLeft = map.containerPointToLayerPoint([0, 0]);
    const circles = groups.map((group) => {
      const point = map.latLngToLayerPoint([group.latitude, group.longitude]);
      return { x: point.x, y: point.y, radius: groupRadius(group.members) };
    });
    // Nothing to do when no symbol, label or the view changed (a step that changed no count).
    const inputs = JSON.stringify([topLeft.x, topLeft.y, size.x, size.y, items, circles]);
    if (inputs === placedFor.current) return;
    placedFor.current = inputs;
    // A label with no room is left out (it comes back when there is, after a zoom): the member
    // is still named by its tooltip, the table and the legend's count of labels left out.
    const placed = placeLabels(
      items,
      { left: topLeft.x, top: topLeft.y, width: size.x, height: size.y },
      { hideOverlapping: true, obstacles: circles },
    );
    for (const label of placed)
      markers.current.get(label.id)?.element.place({ dx: label.dx, dy: label.dy }, undefined, undefined, label.hidden === true);
    // Counted where the user can see it missing: a symbol out of view has no label in view either.
    const inView = (item: (typeof items)[number]) =>
      item.x >= topLeft.x && item.y >= topLeft.y && item.x <= topLeft.x + size.x && item.y <= topLeft.y + size.y;
    callbacks.current.onLabelsHidden?.(placed.filter((label, index) => label.hidden && inView(items[index]!)).length);
  }, [map]);

  // Placement depends on the pixel distances (zoom) and on what is in view (pan, resize). It is
  // done when the map comes to rest: arrow keys pressed in a row stop each pan for the next (each
  // with a moveend), and the labels move with their symbols meanwhile.
  useEffect(() => {
    let frame = 0;
    const moving = () => {
      const state = map as unknown as { _panAnim?: { _inProgress?: boolean }; _animatingZoom?: boolean };
      return Boolean(state._panAnim?._inProgress || state._animatingZoom);
    };
    const schedule = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        frame = 0;
        // A later moveend schedules it again.
        if (!moving()) placeAll();
      });
    };
    map.on('zoomend moveend resize', schedule);
    return () => {
      cancelAnimationFrame(frame);
      map.off('zoomend moveend resize', schedule);
    };
  }, [map, placeAll]);

  // The member list's focus, shown on the map; a member drawn only as its group gets a tooltip of its own.
  const focused = useRef<{ id: string | null; loose: L.Tooltip | null }>({ id: null, loose: null });
  const hideFocus = useCallback(() => {
    const state = focused.current;
    const record = state.id ? markers.current.get(state.id) : undefined;
    record?.marker.getElement()?.classList.remove('list-focus');
    record?.marker.closeTooltip();
    state.loose?.remove();
    focused.current = { id: null, loose: null };
  }, []);
  useImperativeHandle(
    handle,
    (): MemberSymbolsHandle => ({
      show(id) {
        if (id === focused.current.id) return;
        hideFocus();
        if (!id) return;
        const record = markers.current.get(id);
        const member = record?.member ?? shown.current.all.find((each) => each.membershipId === id);
        if (!member) return;
        // Room for its tooltip above it, too.
        map.panInside([member.latitude, member.longitude], { padding: [130, 90] });
        let loose: L.Tooltip | null = null;
        if (record) {
          record.marker.getElement()?.classList.add('list-focus');
          record.marker.openTooltip();
        } else {
          loose = L.tooltip({ direction: 'top', opacity: 0.95 })
            .setLatLng([member.latitude, member.longitude])
            .setContent(Object.assign(document.createElement('span'), { textContent: member.name }))
            .addTo(map);
        }
        focused.current = { id, loose };
      },
      key: (id, event) => markers.current.get(id)?.moveKey(event) ?? false,
      blur() {
        if (moving.current) markers.current.get(moving.current.id)?.cancelMove();
        hideFocus();
      },
    }),
    [map, hideFocus],
  );
  useEffect(() => hideFocus, [hideFocus]);

  // The markers leave the map with the component.
  useEffect(() => {
    const all = markers.current;
    return () => {
      for (const record of all.values()) record.marker.remove();
      all.clear();
      placedFor.current = '';
    };
  }, []);

  useLayoutEffect(() => {
    const all = markers.current;
    const wanted = new Set(members.map((member) => member.membershipId));
    for (const [id, record] of all) {
      if (wanted.has(id)) continue;
      record.marker.remove();
      all.delete(id);
    }
    for (const member of members) {
      const id = member.membershipId;
      const label = memberLabel(member, language);
      const radius = symbolRadius(member.memberCount, largestCount);
      const description = `${label}, ${areaName(member.areaCode, t, language)}`;
      const record = all.get(id);
      const options = {
        label,
        labelName: member.name,
        radius,
        colour: decadeColour(member.joinedYear),
        unknownCount: member.memberCount === null,
        selected: id === selectedId,
        // Placed with the others below.
        labelOffset: { dx: 0, dy: 0 },
        labelWidth: labelWidth(label, member.name),
        labelHeight: LABEL_HEIGHT,
        data: {
          member: member.name,
          lat: String(member.latitude),
          lon: String(member.longitude),
          count: member.memberCount === null ? '' : String(member.memberCount),
          radius: radius.toFixed(2),
        },
      };
      const size = symbolSize(radius);
      // Larger symbols lie under smaller ones, so none is hidden.
      const zIndexOffset = -Math.round(radius * 10);
      // The tooltip's text is made when it opens (translating it for every member took much of a step).
      const tooltipText = (): [string, string, string] => [
        member.name,
        `${areaName(member.areaCode, t, language)} · ${
          member.joinedYear === null ? t('unknownYear.joined') : t('map.joined', { year: member.joinedYear })
        }`,
        member.memberCount === null
          ? t('members.notReported')
          : t('map.members', {
              count: member.memberCount,
              formatted: formatInteger(member.memberCount, language),
              year: member.countYear,
            }),
      ];
      if (!record) {
        const element = new MemberElement(options);
        const icon = L.divIcon({
          html: element.root,
          className: 'member-marker',
          iconSize: [size, size],
          iconAnchor: [size / 2, size / 2],
        });
        const marker = L.marker([member.latitude, member.longitude], {
          icon,
          draggable: !readOnly,
          zIndexOffset,
          // Reached by keyboard through the map's member list, not a Tab stop per symbol.
          keyboard: false,
          title: description,
          alt: description,
        });
        const tooltip = new TooltipContent();
        marker.bindTooltip(tooltip.root, { direction: 'top', offset: [0, -radius], opacity: 0.95 });
        const created: SymbolMarker = {
          marker,
          element,
          tooltip,
          tooltipText,
          member,
          radius,
          moveKey: () => false,
          cancelMove: () => {},
        };
        marker.on({
          tooltipopen: () => {
            created.tooltip.update(...created.tooltipText());
            // Placed again for the text's width.
            marker.getTooltip()?.update();
          },
          click: () => callbacks.current.onSelect(id),
          dragend: () => {
            const position = marker.getLatLng();
            void callbacks.current.onMove(created.member, position.lat, position.lng).then((saved) => {
              // Where the document has it (no answer changes, so nothing else puts it back).
              if (!saved) marker.setLatLng([created.member.latitude, created.member.longitude]);
            });
          },
        });
        all.set(id, created);
        marker.addTo(map);
        // Moving without a mouse (from the member list): M, the arrow keys (Shift for larger
        // steps), Enter saves (one undoable edit, as a drag is), Escape or leaving puts it back.
        const finish = (save: boolean) => {
          const move = moving.current;
          if (move?.id !== id) return;
          moving.current = null;
          marker.getElement()?.classList.remove('moving');
          const { t: translate } = callbacks.current;
          const name = created.member.name;
          if (!save) {
            marker.setLatLng(move.from);
            callbacks.current.onAnnounce?.(translate('map.moveCancelled', { name }));
            return;
          }
          const position = marker.getLatLng();
          void callbacks.current.onMove(created.member, position.lat, position.lng).then((saved) => {
            if (!saved) marker.setLatLng([created.member.latitude, created.member.longitude]);
            else callbacks.current.onAnnounce?.(translate('map.moveSaved', { name }));
          });
        };
        created.cancelMove = () => finish(false);
        created.moveKey = (event) => {
          const move = moving.current?.id === id ? moving.current : null;
          if (!move && (event.key === 'm' || event.key === 'M') && !callbacks.current.readOnly) {
            moving.current = { id, from: marker.getLatLng() };
            marker.getElement()?.classList.add('moving');
            callbacks.current.onAnnounce?.(callbacks.current.t('map.moveStart', { name: created.member.name }));
          } else if (move && ARROWS[event.key]) {
            const [x, y] = ARROWS[event.key]!;
            const step = event.shiftKey ? MOVE_STEP_LARGE : MOVE_STEP;
            const point = map.latLngToContainerPoint(marker.getLatLng()).add([x * step, y * step]);
            marker.setLatLng(map.containerPointToLatLng(point));
          } else if (move && (event.key === 'Enter' || event.key === 'Escape')) {
            finish(event.key === 'Enter');
          } else return false;
          return true;
        };
        continue;
      }
      const { marker, element } = record;
      record.member = member;
      // Not while it is being moved by keyboard: it is where the user has taken it so far.
      if (moving.current?.id === id) continue;
      // Compared with where the marker is: a drag the document refused goes back.
      const at = marker.getLatLng();
      if (at.lat !== member.latitude || at.lng !== member.longitude) marker.setLatLng([member.latitude, member.longitude]);
      if (record.radius !== radius) {
        record.radius = radius;
        const icon = marker.options.icon as L.DivIcon;
        icon.options.iconSize = [size, size];
        icon.options.iconAnchor = [size / 2, size / 2];
        const outer = marker.getElement();
        if (outer) {
          outer.style.width = `${size}px`;
          outer.style.height = `${size}px`;
          outer.style.marginLeft = `${-size / 2}px`;
          outer.style.marginTop = `${-size / 2}px`;
        }
        const tooltip = marker.getTooltip();
        if (tooltip) {
          tooltip.options.offset = [0, -radius];
          if (tooltip.isOpen()) tooltip.update();
        }
      }
      // The label keeps its place until all are placed again (below).
      element.update({ ...options, labelOffset: element.offset });
      if (marker.options.zIndexOffset !== zIndexOffset) marker.setZIndexOffset(zIndexOffset);
      if (marker.options.title !== description) {
        marker.options.title = description;
        marker.options.alt = description;
        const outer = marker.getElement();
        if (outer) outer.title = description;
      }
      if (marker.options.draggable !== !readOnly) {
        marker.options.draggable = !readOnly;
        if (readOnly) marker.dragging?.disable();
        else marker.dragging?.enable();
      }
      record.tooltipText = tooltipText;
      if (marker.isTooltipOpen()) record.tooltip.update(...tooltipText());
    }
    shown.current = { members, language, selectedId, obstacles, all: linked };
    placeAll();
  }, [members, linked, obstacles, largestCount, language, selectedId, readOnly, t, map, placeAll]);

  // Linked in the order they joined: the chain as it grew. The points as text first: a
  // year-slider step that keeps the same members gives the same line, which is not drawn again.
  const linksKey = useMemo(
    () =>
      [...linked]
        .sort((a, b) => compareJoinedYears(a.joinedYear, b.joinedYear) || a.name.localeCompare(b.name))
        .map((member) => `${member.latitude} ${member.longitude}`)
        .join('\n'),
    [linked],
  );
  const links = useMemo(
    () => (linksKey === '' ? [] : linksKey.split('\n').map((line) => line.split(' ').map(Number) as [number, number])),
    [linksKey],
  );
  return <Polyline positions={links} pathOptions={links.length >= LIGHT_LINKS_FROM ? LIGHT_CHAIN_STYLE : CHAIN_STYLE} />;
}
