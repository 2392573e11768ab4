import { useCallback, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, type Ref } from 'react';
import L from 'leaflet';
import { useMap } from 'react-leaflet';
import { useTranslation } from 'react-i18next';
import type { Member } from '../../../shared/contract';
import { collatorFor, formatInteger } from '../../../shared/format';
import { decadeColour, symbolRadius } from '../../../shared/map/symbols';
import { memberLabel } from '../../../shared/map/member-label';
import { compareJoinedYears } from '../../../shared/years';
import { useLanguage, useReadOnly } from '../document/DocumentProvider';
import { areaName } from '../members/areaName';
import { labelText } from './labelText';
import { groupRadius } from './MemberGroups';
import { MembersLayer, type LayerMember, type MemberLayout } from './membersLayer';
import { useSortedOnce } from './useSortedOnce';

/** A member with a position: the ones the map shows. */
export type Located = Member & { latitude: number; longitude: number };

export const located = (members: readonly Member[]): Located[] =>
  members.filter((member): member is Located => member.latitude !== null && member.longitude !== null);

/** Past this many members the chain's line is drawn lighter: hundreds of dashed lines criss-cross the map. */
export const LIGHT_LINKS_FROM = 60;
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
  /** Where each member and label is drawn, and how many labels in view are left out (after each drawing). */
  onLayout?(layout: readonly MemberLayout[], hiddenInView: number): void;
  /** Says something to a screen reader (moving a symbol by keyboard). */
  onAnnounce?(text: string): void;
  /** What the map's member list (MemberList) uses: the focus shown on a symbol, and moving it. */
  handle?: Ref<MemberSymbolsHandle>;
  /** Canvas pixels per CSS pixel, where not the device's (the printed report). */
  pixelRatio?: number;
  /** Labels this many times their usual size (the presentation). */
  labelScale?: number;
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
/** A press that moves less than this is a click, not a drag. */
const DRAG_THRESHOLD = 3;

/**
 * The order labels get their places in (the first the free ones): the selected member, then the
 * larger count (the larger symbol: a count not reported has a symbol of its own size, and the
 * larger are the hardest to fit around), then the earlier join. The ones without room are left
 * out in the reverse order.
 */
export function labelRanks(
  members: readonly Located[],
  selectedId: string | null,
  compareNames: (a: string, b: string) => number,
): Map<string, number> {
  const largest = Math.max(0, ...members.map((member) => member.memberCount ?? 0));
  const radius = (member: Located) => symbolRadius(member.memberCount, largest);
  const ordered = [...members].sort(
    (a, b) =>
      Number(b.membershipId === selectedId) - Number(a.membershipId === selectedId) ||
      radius(b) - radius(a) ||
      compareJoinedYears(a.joinedYear, b.joinedYear) ||
      compareNames(a.name, b.name),
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

/**
 * The members' symbols and labels, drawn on one canvas (membersLayer.ts), with what a marker per
 * member gave before: a tooltip on hover, a click selects, a drag moves the symbol (one undoable
 * edit), and, for the map's member list, the focus shown and moving by keyboard.
 */
export function MemberSymbols({
  members,
  links: linked = members,
  obstacles = NO_OBSTACLES,
  selectedId,
  onSelect,
  onMove,
  onLayout,
  onAnnounce,
  handle,
  pixelRatio,
  labelScale = 1,
}: MemberSymbolsProps) {
  const map = useMap();
  const { t } = useTranslation();
  const language = useLanguage();
  const readOnly = useReadOnly();
  const largestCount = Math.max(0, ...members.map((member) => member.memberCount ?? 0));
  // The layer's and the DOM's handlers are bound once; they call the latest callbacks and data.
  const latest = useRef({
    onSelect,
    onMove,
    onLayout,
    onAnnounce,
    t,
    language,
    readOnly,
    largestCount,
    byId: new Map<string, Located>(),
  });
  const byId = useMemo(() => new Map(linked.map((member) => [member.membershipId, member])), [linked]);
  useLayoutEffect(() => {
    latest.current = { onSelect, onMove, onLayout, onAnnounce, t, language, readOnly, largestCount, byId };
  }, [onSelect, onMove, onLayout, onAnnounce, t, language, readOnly, largestCount, byId]);

  const layerRef = useRef<MembersLayer | null>(null);
  const tooltip = useRef<{ tooltip: L.Tooltip; content: TooltipContent; id: string | null } | null>(null);
  /** The symbol being moved by keyboard (M, the arrow keys, Enter or Escape). */
  const moving = useRef<string | null>(null);
  /** Whose tooltip shows: the pointer's member before the list's focus. */
  const shownFor = useRef({ hovered: null as string | null, focused: null as string | null });

  useLayoutEffect(() => {
    const layer = new MembersLayer({
      pixelRatio,
      labelScale,
      onLayout: (layout, hidden) => latest.current.onLayout?.(layout, hidden),
    });
    layer.addTo(map);
    layerRef.current = layer;
    const content = new TooltipContent();
    tooltip.current = { tooltip: L.tooltip({ direction: 'top', opacity: 0.95 }).setContent(content.root), content, id: null };
    return () => {
      tooltip.current?.tooltip.remove();
      tooltip.current = null;
      layer.remove();
      layerRef.current = null;
    };
  }, [map, pixelRatio, labelScale]);

  /** Opens the tooltip of the pointer's member, else of the list's focus, else closes it. */
  const showTooltip = useCallback(() => {
    const state = tooltip.current;
    const layer = layerRef.current;
    if (!state || !layer) return;
    const id = shownFor.current.hovered ?? shownFor.current.focused;
    const member = id ? latest.current.byId.get(id) : undefined;
    if (!id || !member) {
      state.tooltip.remove();
      state.id = null;
      return;
    }
    const { t: translate, language: lang } = latest.current;
    state.content.update(
      member.name,
      `${areaName(member.areaCode, translate, lang)} · ${
        member.joinedYear === null ? translate('unknownYear.joined') : translate('map.joined', { year: member.joinedYear })
      }`,
      member.memberCount === null
        ? translate('members.notReported')
        : translate('map.members', {
            count: member.memberCount,
            formatted: formatInteger(member.memberCount, lang),
            year: member.countYear,
          }),
    );
    const drawnAlone = layer.position(id);
    const radius = drawnAlone ? symbolRadius(member.memberCount, latest.current.largestCount) : 0;
    state.tooltip.options.offset = [0, -radius];
    state.tooltip.setLatLng(drawnAlone ?? [member.latitude, member.longitude]);
    if (!map.hasLayer(state.tooltip)) state.tooltip.addTo(map);
    else state.tooltip.update();
    state.id = id;
  }, [map]);

  // What the layer draws, from the members (a year-slider step or an edit), the selection and the language.
  useLayoutEffect(() => {
    const ranks = labelRanks(members, selectedId, collatorFor(language).compare);
    const drawn = members.map((member): LayerMember => ({
      id: member.membershipId,
      latitude: member.latitude,
      longitude: member.longitude,
      radius: symbolRadius(member.memberCount, largestCount),
      colour: decadeColour(member.joinedYear),
      unknownCount: member.memberCount === null,
      label: labelText(memberLabel(member, language), member.name, labelScale),
      rank: ranks.get(member.membershipId) ?? 0,
    }));
    layerRef.current?.setState({
      members: drawn,
      obstacles: obstacles.map((group) => ({ ...group, radius: groupRadius(group.members) })),
      selectedId,
    });
    if (tooltip.current?.id) showTooltip();
  }, [members, obstacles, largestCount, language, selectedId, showTooltip, labelScale]);

  // The chain's line, linked in the order they joined: the chain as it grew.
  // (A collator made once: localeCompare makes one a call, 20 ms a step for 5,000 members.)
  const inJoinOrder = useSortedOnce(
    linked,
    (member) => `${member.membershipId}\u0000${member.joinedYear}\u0000${member.name}`,
    (a, b) => compareJoinedYears(a.joinedYear, b.joinedYear) || collatorFor(language).compare(a.name, b.name),
    language,
  );
  useLayoutEffect(() => {
    const links = inJoinOrder.map((member) => [member.latitude, member.longitude] as const);
    layerRef.current?.setState({ links, lightLinks: links.length >= LIGHT_LINKS_FROM });
  }, [inJoinOrder]);

  // The pointer: hover shows a member's tooltip, a click selects, a drag moves (unless read-only).
  // Listened to before Leaflet (capture): a press on a member must not also pan the map, and a
  // click on one must not also place a pin.
  useEffect(() => {
    const container = map.getContainer();
    let drag: { id: string; pointer: number; start: L.Point; grab: L.Point; moved: boolean } | null = null;
    let swallowClick = false;
    const at = (event: MouseEvent) => map.mouseEventToContainerPoint(event);
    const hover = (id: string | null) => {
      container.classList.toggle('over-member', id !== null);
      container.classList.toggle('can-move', id !== null && !latest.current.readOnly);
      if (shownFor.current.hovered === id) return;
      shownFor.current.hovered = id;
      showTooltip();
    };
    const onPointerMove = (event: PointerEvent) => {
      const layer = layerRef.current;
      if (!layer) return;
      if (drag && event.pointerId === drag.pointer) {
        const point = at(event);
        if (!drag.moved && point.distanceTo(drag.start) < DRAG_THRESHOLD) return;
        drag.moved = true;
        layer.moveTo(drag.id, map.containerPointToLatLng(point.subtract(drag.grab)));
        showTooltip();
        return;
      }
      // A button held: the map is being panned.
      if (event.buttons === 0) hover(layer.hit(at(event)));
    };
    const onPointerDown = (event: PointerEvent) => {
      swallowClick = false;
      const layer = layerRef.current;
      if (!layer || event.button !== 0 || latest.current.readOnly || container.classList.contains('pin-mode')) return;
      const point = at(event);
      const id = layer.hit(point);
      const position = id ? layer.position(id) : null;
      if (!id || !position) return;
      event.stopPropagation();
      event.preventDefault();
      container.setPointerCapture(event.pointerId);
      drag = {
        id,
        pointer: event.pointerId,
        start: point,
        grab: point.subtract(map.latLngToContainerPoint(position)),
        moved: false,
      };
    };
    const onPointerUp = (event: PointerEvent) => {
      const done = drag;
      if (!done || event.pointerId !== done.pointer) return;
      drag = null;
      if (!done.moved) return;
      swallowClick = true;
      const layer = layerRef.current;
      const member = latest.current.byId.get(done.id);
      const position = layer?.position(done.id);
      if (!layer || !member || !position) return;
      void latest.current.onMove(member, position.lat, position.lng).then((saved) => {
        // Refused: back where the document has it (the answer changes nothing that would put it back).
        if (!saved) layer.moveTo(done.id, null);
      });
    };
    const onClick = (event: MouseEvent) => {
      if (swallowClick) {
        swallowClick = false;
        event.stopPropagation();
        return;
      }
      const id = layerRef.current?.hit(at(event));
      if (!id || container.classList.contains('pin-mode')) return;
      event.stopPropagation();
      latest.current.onSelect(id);
    };
    const onLeave = () => {
      if (!drag) hover(null);
    };
    const listeners = [
      ['pointermove', onPointerMove],
      ['pointerdown', onPointerDown],
      ['pointerup', onPointerUp],
      ['pointercancel', onPointerUp],
      ['click', onClick],
      ['pointerleave', onLeave],
    ] as const;
    for (const [type, listener] of listeners) container.addEventListener(type, listener as EventListener, true);
    return () => {
      for (const [type, listener] of listeners) container.removeEventListener(type, listener as EventListener, true);
      container.classList.remove('over-member', 'can-move');
    };
  }, [map, showTooltip]);

  useImperativeHandle(handle, (): MemberSymbolsHandle => {
    const finish = (save: boolean) => {
      const id = moving.current;
      const layer = layerRef.current;
      if (!id || !layer) return;
      moving.current = null;
      const { t: translate, onAnnounce: announce } = latest.current;
      const member = latest.current.byId.get(id);
      const position = layer.position(id);
      layer.setState({ movingId: null });
      if (!member || !position) return;
      if (!save) {
        layer.moveTo(id, null);
        announce?.(translate('map.moveCancelled', { name: member.name }));
        showTooltip();
        return;
      }
      void latest.current.onMove(member, position.lat, position.lng).then((saved) => {
        if (!saved) layer.moveTo(id, null);
        else announce?.(translate('map.moveSaved', { name: member.name }));
      });
    };
    return {
      show(id) {
        const layer = layerRef.current;
        if (!layer || id === shownFor.current.focused) return;
        shownFor.current.focused = id;
        layer.setState({ focusId: id });
        const member = id ? latest.current.byId.get(id) : undefined;
        // Room for its tooltip above it, too.
        if (member) map.panInside([member.latitude, member.longitude], { padding: [130, 90] });
        showTooltip();
      },
      key(id, event) {
        const layer = layerRef.current;
        const member = latest.current.byId.get(id);
        if (!layer || !member) return false;
        const under = moving.current === id;
        // Moving without a mouse: M, the arrow keys (Shift for larger steps), Enter saves (one
        // undoable edit, as a drag is), Escape or leaving the list puts it back.
        if (!under && (event.key === 'm' || event.key === 'M') && !latest.current.readOnly && layer.position(id)) {
          moving.current = id;
          layer.setState({ movingId: id });
          latest.current.onAnnounce?.(latest.current.t('map.moveStart', { name: member.name }));
        } else if (under && ARROWS[event.key]) {
          const [x, y] = ARROWS[event.key]!;
          const step = event.shiftKey ? MOVE_STEP_LARGE : MOVE_STEP;
          const point = map.latLngToContainerPoint(layer.position(id)!).add([x * step, y * step]);
          layer.moveTo(id, map.containerPointToLatLng(point));
          showTooltip();
        } else if (under && (event.key === 'Enter' || event.key === 'Escape')) {
          finish(event.key === 'Enter');
        } else return false;
        return true;
      },
      blur() {
        if (moving.current) finish(false);
        shownFor.current.focused = null;
        layerRef.current?.setState({ focusId: null });
        showTooltip();
      },
    };
  }, [map, showTooltip]);

  return null;
}
