import L from 'leaflet';
import Flatbush from 'flatbush';
import { placeLabels, type PlacedLabel } from '../../../shared/map/labels';
import { overlapsOneBelow } from '../../../shared/map/symbols';
import { CanvasLayer, type CanvasLayerOptions } from './canvasRenderer';
import { coveringBoxes, coveringElements } from './fit';
import { LABEL_PADDING, labelFont, labelHeight, markFont, type LabelText } from './labelText';

/** A member as the layer draws it: its symbol (area by count) and its label. */
export interface LayerMember {
  id: string;
  latitude: number;
  longitude: number;
  radius: number;
  /** The decade's colour (symbols.ts decadeColour). */
  colour: string;
  /** Not reported: a hollow dashed symbol with a "?". */
  unknownCount: boolean;
  label: LabelText;
  /** Labels are placed lowest rank first (MemberSymbols labelRanks); the last are left out first. */
  rank: number;
}

/** A circle drawn by another layer (a group of members) that no label may cover. */
export interface LayerCircle {
  latitude: number;
  longitude: number;
  radius: number;
}

export interface MembersState {
  members: readonly LayerMember[];
  /** The chain's line, in the order the members joined. */
  links: readonly (readonly [number, number])[];
  /** Many members: the line drawn faint, so hundreds of dashes do not cover the map. */
  lightLinks: boolean;
  obstacles: readonly LayerCircle[];
  selectedId: string | null;
  /** The member list's focus: a ring. */
  focusId: string | null;
  /** Being moved by keyboard: a dashed ring. */
  movingId: string | null;
}

/** Where a member is drawn, in the map container's pixels. */
export interface MemberLayout {
  id: string;
  x: number;
  y: number;
  radius: number;
  /** The label's box; null when it is left out for want of room. */
  label: { left: number; top: number; width: number; height: number } | null;
  /** The label's text as drawn (a long name cut short with "…"). */
  labelText: string;
  /** Drawn as not reported: the hollow dashed symbol with a "?". */
  notReported: boolean;
  /** A ring drawn around it: the member list's focus, or a move by keyboard under way. */
  ring: 'focus' | 'moving' | null;
}

export interface MembersLayerOptions extends CanvasLayerOptions {
  /** Told after each drawing: where every member and label is, and how many labels in view are left out. */
  onLayout?(layout: readonly MemberLayout[], hiddenInView: number): void;
  /** Labels drawn this many times their usual size (the presentation); the members' LabelText is measured at it. */
  labelScale?: number;
}

/** Drawn symbols: white outline, the selected one amber. */
const OUTLINE = '#ffffff';
/** The outline of a symbol that lies over another (overlapsOneBelow). */
const RAISED_OUTLINE_WIDTH = 3;
const SELECTED = '#f0a500';
const MOVING = '#b34700';
const LABEL_BACKGROUND = 'rgba(255, 255, 255, 0.82)';
const LABEL_COLOUR = '#17202a';
const MARK_COLOUR = '#1d2733';
const LEADER_COLOUR = '#39424c';
const CHAIN = { colour: 'rgba(74, 85, 96, 0.55)', width: 1.2 };
const LIGHT_CHAIN = { colour: 'rgba(74, 85, 96, 0.18)', width: 0.8 };
/** Labels are placed for symbols up to this far outside the view (their labels may reach into it). */
const PLACE_MARGIN = 250;
/** A pointer this near a symbol's edge still hits it. */
const HIT_TOLERANCE = 1;

const EMPTY: MembersState = {
  members: [],
  links: [],
  lightLinks: false,
  obstacles: [],
  selectedId: null,
  focusId: null,
  movingId: null,
};

interface Drawn {
  member: LayerMember;
  /** Layer pixels. */
  x: number;
  y: number;
}

/**
 * The chain's members on one canvas (CanvasLayer: moved while panning, scaled while zooming,
 * drawn again at rest): the chain's line, the symbols (larger under smaller, so none is hidden),
 * the labels with their backgrounds and leader lines, and the rings of the selected, focused and
 * moving member. Drawn only when something it shows changed (a new state, a position moved, the
 * map at rest after a pan or zoom); the labels are placed again (labels.ts) when the members or
 * the view changed. A pointer is matched to a member through a spatial index of what is drawn
 * (Flatbush), not by a loop over every member at each mouse move.
 */
export class MembersLayer extends CanvasLayer {
  protected readonly className = 'members-canvas';
  private state: MembersState = EMPTY;
  /** Larger symbols first: the order they are drawn in. */
  private ordered: LayerMember[] = [];
  /** Positions moved by a drag or the keyboard, not yet saved. */
  private readonly moved = new Map<string, L.LatLng>();
  private drawn: Drawn[] = [];
  private placed = new Map<string, PlacedLabel>();
  private placementDue = true;
  private index: Flatbush | null = null;
  /** Per index entry: the drawn member (its position in `drawn`) and whether the entry is its label. */
  private entries: Array<{ at: number; label: boolean }> = [];
  private readonly onLayout: MembersLayerOptions['onLayout'];
  private readonly labelScale: number;
  /** The areas drawn over the map at the last placement (coveredAreas), and what watches them grow. */
  private coverSizes = new Map<Element, number>();
  private coverWatch: ResizeObserver | null = null;
  private coverCheck = 0;
  private coverReplacements = 0;

  constructor(options: MembersLayerOptions = {}) {
    const { onLayout, labelScale = 1, ...rest } = options;
    super({ padding: 0.1, ...rest });
    this.onLayout = onLayout;
    this.labelScale = labelScale;
  }

  setState(next: Partial<MembersState>): void {
    const before = this.state;
    this.state = { ...before, ...next };
    if (next.members && next.members !== before.members) {
      // Stable: equal symbols keep the order they came in.
      this.ordered = [...next.members].sort((a, b) => b.radius - a.radius);
      for (const id of this.moved.keys()) if (id !== this.state.movingId) this.moved.delete(id);
    }
    if (this.state.members !== before.members || this.state.obstacles !== before.obstacles) this.placementDue = true;
    if (this.state.selectedId !== before.selectedId) this.placementDue = true;
    if (this.placementDue) this.coverReplacements = 0;
    this.redraw();
  }

  /** Where a member is drawn: moved by the user, or where the document has it. */
  position(id: string): L.LatLng | null {
    const moved = this.moved.get(id);
    if (moved) return moved;
    const member = this.state.members.find((each) => each.id === id);
    return member ? L.latLng(member.latitude, member.longitude) : null;
  }

  /** Draws a member at `at` (its label moves with it), or back where the document has it (null). */
  moveTo(id: string, at: L.LatLng | null): void {
    if (at) this.moved.set(id, at);
    else this.moved.delete(id);
    this.redraw();
  }

  /** The member under a point of the map's container: the symbol drawn on top (the smaller), else a label. */
  hit(point: L.Point): string | null {
    const map = this.map;
    if (!map || !this.index) return null;
    const { x, y } = map.containerPointToLayerPoint(point);
    let best = -1;
    let label = -1;
    for (const found of this.index.search(x, y, x, y)) {
      const entry = this.entries[found]!;
      const drawn = this.drawn[entry.at]!;
      if (entry.label) label = Math.max(label, entry.at);
      else if (Math.hypot(drawn.x - x, drawn.y - y) <= drawn.member.radius + HIT_TOLERANCE) best = Math.max(best, entry.at);
    }
    const at = best >= 0 ? best : label;
    return at >= 0 ? this.drawn[at]!.member.id : null;
  }

  protected override _destroyContainer(): void {
    this.coverWatch?.disconnect();
    this.coverWatch = null;
    cancelAnimationFrame(this.coverCheck);
    super._destroyContainer();
  }

  /** The map came to rest after a pan or zoom: the labels are placed again for the new view. */
  protected override _update(): void {
    this.placementDue = true;
    this.coverReplacements = 0;
    super._update();
  }

  protected draw(context: CanvasRenderingContext2D, bounds: L.Bounds): void {
    const map = this.map!;
    this.drawn = this.ordered.map((member) => {
      const point = map.latLngToLayerPoint(this.moved.get(member.id) ?? [member.latitude, member.longitude]);
      return { member, x: point.x, y: point.y };
    });
    if (this.placementDue) this.place();
    this.paint(context, bounds);
    this.buildIndex();
    this.report();
  }

  private viewArea() {
    const map = this.map!;
    const topLeft = map.containerPointToLayerPoint([0, 0]);
    const size = map.getSize();
    return { left: topLeft.x, top: topLeft.y, width: size.x, height: size.y };
  }

  private place(): void {
    this.placementDue = false;
    const map = this.map!;
    const view = this.viewArea();
    const near = (drawn: Drawn) =>
      drawn.x >= view.left - PLACE_MARGIN &&
      drawn.y >= view.top - PLACE_MARGIN &&
      drawn.x <= view.left + view.width + PLACE_MARGIN &&
      drawn.y <= view.top + view.height + PLACE_MARGIN;
    const items = this.drawn.filter(near).map(({ member, x, y }) => ({
      id: member.id,
      x,
      y,
      radius: member.radius,
      width: member.label.width,
      height: labelHeight(this.labelScale),
      rank: member.rank,
    }));
    const obstacles = this.state.obstacles.map((circle) => {
      const point = map.latLngToLayerPoint([circle.latitude, circle.longitude]);
      return { x: point.x, y: point.y, radius: circle.radius };
    });
    // A label with no room is left out (it comes back when there is, after a zoom): the member
    // is still named by its tooltip, the member list, the table and the legend's count. Nor is
    // one placed under the legend or the map's buttons, where it could not be read.
    const placed = placeLabels(items, view, { hideOverlapping: true, obstacles, covered: this.coveredAreas() });
    this.placed = new Map(placed.map((label) => [label.id, label]));
  }

  /**
   * What is drawn over the map, in layer pixels: its Leaflet controls and the elements beside it
   * marked `data-covers-map` (the legend). The labels are placed again when one of them grows
   * (the legend's note on labels left out or groups): checked a frame after each placement, as
   * the legend may change in the same frame, and when it is seen to resize.
   */
  private coveredAreas(): Array<{ left: number; top: number; width: number; height: number }> {
    const map = this.map!;
    const elements = coveringElements(map);
    this.coverWatch ??= new ResizeObserver(() => this.placeAgainIfCoversGrew());
    this.coverSizes = new Map();
    for (const element of elements) {
      const box = element.getBoundingClientRect();
      this.coverWatch.observe(element);
      this.coverSizes.set(element, box.width * box.height);
    }
    const areas = coveringBoxes(map, elements).map((box) => {
      const topLeft = map.containerPointToLayerPoint([box.left, box.top]);
      return { ...box, left: topLeft.x, top: topLeft.y };
    });
    cancelAnimationFrame(this.coverCheck);
    this.coverCheck = requestAnimationFrame(() => this.placeAgainIfCoversGrew());
    return areas;
  }

  private placeAgainIfCoversGrew(): void {
    // At most a few times in a row: a legend that grew and shrank with each placement would
    // otherwise have the labels placed at every frame.
    if (!this.map || this.placementDue || this.coverReplacements >= 3) return;
    for (const [element, before] of this.coverSizes) {
      const now = element.getBoundingClientRect();
      if (now.width * now.height > before + 1) {
        this.coverReplacements += 1;
        this.placementDue = true;
        this.redraw();
        return;
      }
    }
    this.coverReplacements = 0;
  }

  /** A drawn label's box in layer pixels, or null when it is left out (or not placed: far outside the view). */
  private labelBox(drawn: Drawn) {
    const placed = this.placed.get(drawn.member.id);
    if (!placed || placed.hidden) return null;
    return {
      left: drawn.x + placed.dx,
      top: drawn.y + placed.dy,
      width: drawn.member.label.width,
      height: labelHeight(this.labelScale),
    };
  }

  private paint(context: CanvasRenderingContext2D, bounds: L.Bounds): void {
    const map = this.map!;
    const { links, lightLinks, selectedId, focusId, movingId } = this.state;
    const min = bounds.min!;
    const max = bounds.max!;
    const visible = (x: number, y: number, reach: number) =>
      x + reach >= min.x && x - reach <= max.x && y + reach >= min.y && y - reach <= max.y;

    if (links.length > 1) {
      const style = lightLinks ? LIGHT_CHAIN : CHAIN;
      context.beginPath();
      links.forEach(([latitude, longitude], index) => {
        const point = map.latLngToLayerPoint([latitude, longitude]);
        if (index === 0) context.moveTo(point.x, point.y);
        else context.lineTo(point.x, point.y);
      });
      context.setLineDash([4, 4]);
      context.strokeStyle = style.colour;
      context.lineWidth = style.width;
      context.stroke();
      context.setLineDash([]);
    }

    context.textAlign = 'center';
    context.textBaseline = 'middle';
    const raised = overlapsOneBelow(this.drawn.map(({ member, x, y }) => ({ x, y, radius: member.radius })));
    this.drawn.forEach(({ member, x, y }, index) => {
      const { radius } = member;
      if (!visible(x, y, radius + 8)) return;
      context.beginPath();
      context.arc(x, y, radius, 0, 2 * Math.PI);
      if (member.unknownCount) {
        context.globalAlpha = 0.85;
        context.fillStyle = '#ffffff';
        context.fill();
        context.globalAlpha = 1;
        context.setLineDash(member.id === selectedId ? [] : [3, 2]);
        context.strokeStyle = member.id === selectedId ? SELECTED : member.colour;
        context.lineWidth = member.id === selectedId ? 4 : 2.5;
        context.stroke();
        context.setLineDash([]);
        context.font = markFont();
        context.fillStyle = MARK_COLOUR;
        context.fillText('?', x, y);
      } else {
        // Over a larger symbol: a wider outline and a lighter fill, so that both are seen.
        context.globalAlpha = raised[index] ? 0.72 : 0.82;
        context.fillStyle = member.colour;
        context.fill();
        context.globalAlpha = 1;
        context.strokeStyle = member.id === selectedId ? SELECTED : OUTLINE;
        context.lineWidth = member.id === selectedId ? 4 : raised[index] ? RAISED_OUTLINE_WIDTH : 1.5;
        context.stroke();
      }
    });

    // The labels above every symbol; a label set apart from its symbol gets a thin line back to it.
    const labels = this.drawn.flatMap((drawn) => {
      const box = this.labelBox(drawn);
      return box && visible(box.left + box.width / 2, box.top, box.width) ? [{ drawn, box }] : [];
    });
    context.beginPath();
    for (const { drawn, box } of labels) {
      const dx = box.left - drawn.x;
      const dy = box.top - drawn.y;
      const nearestX = Math.max(dx, Math.min(0, dx + box.width));
      const nearestY = Math.max(dy, Math.min(0, dy + box.height));
      const distance = Math.hypot(nearestX, nearestY);
      const { radius } = drawn.member;
      if (distance <= radius + 8) continue;
      context.moveTo(drawn.x + (nearestX / distance) * radius, drawn.y + (nearestY / distance) * radius);
      context.lineTo(drawn.x + nearestX, drawn.y + nearestY);
    }
    context.strokeStyle = LEADER_COLOUR;
    context.lineWidth = 1;
    context.stroke();
    context.fillStyle = LABEL_BACKGROUND;
    context.beginPath();
    for (const { box } of labels) context.roundRect(box.left, box.top, box.width, box.height, 3);
    context.fill();
    context.font = labelFont(this.labelScale);
    context.fillStyle = LABEL_COLOUR;
    context.textAlign = 'left';
    context.direction = 'ltr';
    for (const { drawn, box } of labels) {
      const { label } = drawn.member;
      const middle = box.top + box.height / 2 + 0.5;
      // Two runs: a right-to-left name is not reordered with the year and count after it.
      const padding = LABEL_PADDING * this.labelScale;
      context.fillText(label.name, box.left + padding, middle);
      context.fillText(label.rest, box.left + padding + label.nameWidth, middle);
    }

    // The list's focus and a move under way, as rings around the symbol.
    for (const [id, colour, dash, gap] of [
      [focusId, SELECTED, [] as number[], 5],
      [movingId, MOVING, [6, 4], 8],
    ] as const) {
      const drawn = id ? this.drawn.find((each) => each.member.id === id) : undefined;
      if (!drawn) continue;
      context.beginPath();
      context.arc(drawn.x, drawn.y, drawn.member.radius + gap, 0, 2 * Math.PI);
      context.setLineDash(dash);
      context.strokeStyle = colour;
      context.lineWidth = 3;
      context.stroke();
      context.setLineDash([]);
    }
  }

  private buildIndex(): void {
    const boxes: Array<[number, number, number, number]> = [];
    this.entries = [];
    this.drawn.forEach((drawn, at) => {
      const reach = drawn.member.radius + HIT_TOLERANCE;
      boxes.push([drawn.x - reach, drawn.y - reach, drawn.x + reach, drawn.y + reach]);
      this.entries.push({ at, label: false });
      const box = this.labelBox(drawn);
      if (!box) return;
      boxes.push([box.left, box.top, box.left + box.width, box.top + box.height]);
      this.entries.push({ at, label: true });
    });
    if (boxes.length === 0) {
      this.index = null;
      return;
    }
    const index = new Flatbush(boxes.length);
    for (const [minX, minY, maxX, maxY] of boxes) index.add(minX, minY, maxX, maxY);
    index.finish();
    this.index = index;
  }

  private report(): void {
    if (!this.onLayout) return;
    const view = this.viewArea();
    let hiddenInView = 0;
    const layout = this.drawn.map((drawn): MemberLayout => {
      const box = this.labelBox(drawn);
      const [x, y] = [drawn.x - view.left, drawn.y - view.top];
      if (!box && x >= 0 && y >= 0 && x <= view.width && y <= view.height) hiddenInView += 1;
      const { label } = drawn.member;
      return {
        id: drawn.member.id,
        x,
        y,
        radius: drawn.member.radius,
        label: box && { left: box.left - view.left, top: box.top - view.top, width: box.width, height: box.height },
        labelText: label.name + label.rest,
        notReported: drawn.member.unknownCount,
        ring: drawn.member.id === this.state.movingId ? 'moving' : drawn.member.id === this.state.focusId ? 'focus' : null,
      };
    });
    this.onLayout(layout, hiddenInView);
  }
}
