/**
 * Places labels beside their symbols so that no label covers another label or a symbol, where
 * the space allows: each label tries eight positions around its symbol and takes the first free
 * one; with none free, the one with the least overlap, or (with `hideOverlapping`) none: the
 * label is left out, and comes back when the user zooms in and there is room. Labels are placed
 * in the order of their rank (lowest first: it gets the free places), else by the larger symbol.
 * With `hideOverlapping` (the map and the printed report) a label is also never nearer to another
 * symbol than to its own (`ownSymbolNearest`): a label just under Eiði's "?" would be read as
 * Eiði's, though it was Holmestrand's. A label set apart from its symbol (the further
 * candidates) gets a leader line where it is drawn. Pure geometry, in screen pixels.
 */
export interface LabelItem {
  id: string;
  x: number;
  y: number;
  radius: number;
  width: number;
  height: number;
  /** Placed before labels of a higher rank; without ranks, larger symbols first. */
  rank?: number;
}

export interface PlacedLabel {
  id: string;
  /** Top-left corner of the label relative to the symbol's centre. */
  dx: number;
  dy: number;
  /** Left out: no place without overlap (only with `hideOverlapping`). */
  hidden?: true;
}

export interface PlaceOptions {
  /** Leave out a label that has no place free of overlap, rather than place it overlapping. */
  hideOverlapping?: boolean;
  /** Other circles no label may cover (groups of members), in the items' coordinates. */
  obstacles?: readonly { x: number; y: number; radius: number }[];
  /**
   * Parts of the view that something is drawn over (the legend, the map's buttons), in the
   * items' coordinates: a label there costs as one overlapping another, as it would not be read.
   */
  covered?: readonly { left: number; top: number; width: number; height: number }[];
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const GAP = 3;
/** Up to this many labels, other orders are tried where labels are left out. */
const RETRY_UP_TO = 300;

/** A small seeded generator (mulberry32): the same sequence for the same seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}
/** The farthest a candidate is set from its symbol's edge. */
const FARTHEST_GAP = GAP + 28;

/** How far (px) a box is from a circle's edge; 0 where they touch or overlap. */
export function boxToCircle(box: Box, circle: { x: number; y: number; radius: number }): number {
  const dx = Math.max(box.left - circle.x, 0, circle.x - box.right);
  const dy = Math.max(box.top - circle.y, 0, circle.y - box.bottom);
  return Math.max(0, Math.hypot(dx, dy) - circle.radius);
}

/**
 * Whether a label's box is at least as near its own symbol as any other: no other circle (member
 * or group) is nearer to it. `near` are the indices (into `circles`) of the circles that may be
 * within FARTHEST_GAP of it; `own` is its symbol's.
 */
export function ownSymbolNearest(
  box: Box,
  own: number,
  circles: readonly { x: number; y: number; radius: number }[],
  near: ArrayLike<number>,
): boolean {
  const distance = boxToCircle(box, circles[own]!);
  for (let at = 0; at < near.length; at += 1) {
    const index = near[at]!;
    if (index !== own && boxToCircle(box, circles[index]!) < distance - 0.01) return false;
  }
  return true;
}

function overlap(a: Box, b: Box): number {
  const width = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const height = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return width > 0 && height > 0 ? width * height : 0;
}

function candidates(item: LabelItem): Array<{ dx: number; dy: number }> {
  const { width: w, height: h } = item;
  const out: Array<{ dx: number; dy: number }> = [];
  // Close to the symbol first; a little further out when the near places are taken.
  for (const gap of [GAP, GAP + 12, GAP + 28]) {
    const r = item.radius + gap;
    const d = item.radius * Math.SQRT1_2 + gap;
    out.push(
      { dx: r, dy: -h / 2 }, // right
      { dx: -r - w, dy: -h / 2 }, // left
      { dx: -w / 2, dy: -r - h }, // above
      { dx: -w / 2, dy: r }, // below
      { dx: d, dy: -d - h }, // above right
      { dx: d, dy: d }, // below right
      { dx: -d - w, dy: -d - h }, // above left
      { dx: -d - w, dy: d }, // below left
    );
  }
  return out;
}

/** Outside this area (the visible map) a label costs as much as it would overlapping. */
export interface ViewArea {
  width: number;
  height: number;
  /** Pixel position of the area's top-left corner in the items' coordinates. */
  left: number;
  top: number;
}

/** An overlap at most this deep (px) is not seen (see hideOverlapping). */
const NEGLIGIBLE_OVERLAP = 1;

/** How far (px) a box reaches out of the view, at most. */
function outsideBy(box: Box, view: ViewArea): number {
  return Math.max(
    0,
    view.left - box.left,
    view.top - box.top,
    box.right - view.left - view.width,
    box.bottom - view.top - view.height,
  );
}

function outside(box: Box, view: ViewArea): number {
  const area = (box.right - box.left) * (box.bottom - box.top);
  const inside = overlap(box, { left: view.left, top: view.top, right: view.left + view.width, bottom: view.top + view.height });
  return area - inside;
}

/**
 * Boxes by the grid cells they cover, so that a label is compared only with the boxes near it
 * (with hundreds of members, comparing every label with every other was most of a placement).
 * The corners are kept in one typed array: a placement of 500 crowded labels still makes over a
 * million comparisons, and reading numbers from it is much quicker than from box objects.
 */
class BoxGrid {
  private readonly cells = new Map<number, number[]>();
  private corners = new Float64Array(256);
  private count = 0;
  /** Per box, the query that last found it (so a box in several cells is counted once). */
  private seen = new Uint32Array(64);
  private query = 0;
  private found = new Int32Array(64);

  constructor(private readonly cellSize: number) {}

  // A small integer (quick to look up); cells a million pixels apart may share a key, which only
  // adds boxes too far away to overlap (they add 0).
  private key(column: number, row: number): number {
    return ((column & 0x7fff) << 15) | (row & 0x7fff);
  }

  add(box: Box): void {
    const index = this.count;
    this.count += 1;
    if (index >= this.seen.length) {
      const seen = new Uint32Array(this.seen.length * 2);
      seen.set(this.seen);
      this.seen = seen;
      this.found = new Int32Array(seen.length);
      const corners = new Float64Array(seen.length * 4);
      corners.set(this.corners);
      this.corners = corners;
    }
    this.corners.set([box.left, box.top, box.right, box.bottom], index * 4);
    const { cellSize } = this;
    for (let column = Math.floor(box.left / cellSize); column <= Math.floor(box.right / cellSize); column += 1) {
      for (let row = Math.floor(box.top / cellSize); row <= Math.floor(box.bottom / cellSize); row += 1) {
        const key = this.key(column, row);
        const cell = this.cells.get(key);
        if (cell) cell.push(index);
        else this.cells.set(key, [index]);
      }
    }
  }

  /** The boxes that may overlap `area`, in the order they were added (a new array). */
  near(area: Box): Int32Array {
    const { cellSize, seen, found } = this;
    const query = (this.query += 1);
    let count = 0;
    for (let column = Math.floor(area.left / cellSize); column <= Math.floor(area.right / cellSize); column += 1) {
      for (let row = Math.floor(area.top / cellSize); row <= Math.floor(area.bottom / cellSize); row += 1) {
        const cell = this.cells.get(this.key(column, row));
        if (!cell) continue;
        for (const index of cell) {
          if (seen[index] === query) continue;
          seen[index] = query;
          found[count++] = index;
        }
      }
    }
    return found.slice(0, count).sort();
  }

  /**
   * `start` plus `box`'s overlaps (as overlap() counts them) with the boxes `near` (from near(),
   * for an area holding `box`), added in the order they were added: the very sum of comparing
   * with all, as the others add 0. Stops early, with a sum of at least `limit`, once it reaches
   * `limit` (overlaps are never negative).
   */
  overlapSum(box: Box, near: Int32Array, start: number, limit: number, ignoreUnder = 0): number {
    const { corners } = this;
    const { left, top, right, bottom } = box;
    let sum = start;
    for (let at = 0; at < near.length; at += 1) {
      const base = near[at]! * 4;
      const width = Math.min(right, corners[base + 2]!) - Math.max(left, corners[base]!);
      if (width <= ignoreUnder) continue;
      const height = Math.min(bottom, corners[base + 3]!) - Math.max(top, corners[base + 1]!);
      if (height <= ignoreUnder) continue;
      sum += width * height;
      if (sum >= limit) break;
    }
    return sum;
  }
}

export function placeLabels(items: readonly LabelItem[], view?: ViewArea, options: PlaceOptions = {}): PlacedLabel[] {
  const circles = [...items, ...(options.obstacles ?? [])];
  const symbols: Box[] = circles.map((item) => ({
    left: item.x - item.radius,
    top: item.y - item.radius,
    right: item.x + item.radius,
    bottom: item.y + item.radius,
  }));
  // Cells about the size of a label: each box is in a few, and a few hold each box.
  const cellSize = Math.max(
    32,
    ...items.map((item) => Math.max(item.height, item.radius * 2)),
    ...(options.obstacles ?? []).map((obstacle) => obstacle.radius * 2),
  );
  const symbolGrid = new BoxGrid(cellSize);
  for (const symbol of symbols) symbolGrid.add(symbol);
  // By rank; else larger symbols first: they are the hardest to fit around.
  const order = items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => (a.item.rank ?? 0) - (b.item.rank ?? 0) || b.item.radius - a.item.radius);
  // What a candidate that breaks the rule of the own symbol costs: more than any overlap.
  const RULE_BROKEN = 1e12;
  /** The greedy placement in one order: each label takes the best place left for it. */
  const placeInOrder = (order: ReadonlyArray<{ item: LabelItem; index: number }>): Map<string, PlacedLabel> => {
    const placedGrid = new BoxGrid(cellSize);
    for (const area of options.covered ?? []) {
      placedGrid.add({ left: area.left, top: area.top, right: area.left + area.width, bottom: area.top + area.height });
    }
    const result = new Map<string, PlacedLabel>();
    for (const { item, index } of order) {
      let best: { dx: number; dy: number; cost: number } | null = null;
      const all = candidates(item);
      // The boxes any of its candidates may overlap, found once for all of them.
      const reach: Box = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
      for (const { dx, dy } of all) {
        reach.left = Math.min(reach.left, item.x + dx);
        reach.top = Math.min(reach.top, item.y + dy);
        reach.right = Math.max(reach.right, item.x + dx + item.width);
        reach.bottom = Math.max(reach.bottom, item.y + dy + item.height);
      }
      const nearPlaced = placedGrid.near(reach);
      const nearSymbols = symbolGrid.near(reach);
      // The symbols that may be nearer to a candidate than its own: within the farthest gap of it.
      const rivals = options.hideOverlapping
        ? symbolGrid.near({
            left: reach.left - FARTHEST_GAP,
            top: reach.top - FARTHEST_GAP,
            right: reach.right + FARTHEST_GAP,
            bottom: reach.bottom + FARTHEST_GAP,
          })
        : null;
      for (const candidate of all) {
        const box: Box = {
          left: item.x + candidate.dx,
          top: item.y + candidate.dy,
          right: item.x + candidate.dx + item.width,
          bottom: item.y + candidate.dy + item.height,
        };
        // A candidate costing as much as the best so far is not taken: its sum need not be finished.
        const limit = best ? best.cost : Infinity;
        let cost = placedGrid.overlapSum(box, nearPlaced, 0, limit);
        if (cost < limit) cost = symbolGrid.overlapSum(box, nearSymbols, cost, limit);
        if (view && cost < limit) cost += outside(box, view);
        if (rivals && cost < limit && !ownSymbolNearest(box, index, circles, rivals)) cost += RULE_BROKEN;
        if (!best || cost < best.cost) best = { ...candidate, cost };
        if (cost === 0) break;
      }
      const chosen = best!;
      if (options.hideOverlapping && chosen.cost > 0) {
        // Left out only for an overlap that shows: one under a pixel deep (a label's edge touching
        // a symbol's anti-aliased rim) is no reason to hide a name.
        const box: Box = {
          left: item.x + chosen.dx,
          top: item.y + chosen.dy,
          right: item.x + chosen.dx + item.width,
          bottom: item.y + chosen.dy + item.height,
        };
        const shows =
          chosen.cost >= RULE_BROKEN ||
          placedGrid.overlapSum(box, nearPlaced, 0, Infinity, NEGLIGIBLE_OVERLAP) +
            symbolGrid.overlapSum(box, nearSymbols, 0, Infinity, NEGLIGIBLE_OVERLAP) >
            0 ||
          (view !== undefined && outsideBy(box, view) > NEGLIGIBLE_OVERLAP);
        if (shows) {
          result.set(item.id, { id: item.id, dx: chosen.dx, dy: chosen.dy, hidden: true });
          continue;
        }
      }
      placedGrid.add({
        left: item.x + chosen.dx,
        top: item.y + chosen.dy,
        right: item.x + chosen.dx + item.width,
        bottom: item.y + chosen.dy + item.height,
      });
      result.set(item.id, { id: item.id, dx: chosen.dx, dy: chosen.dy });
    }
    return result;
  };
  let result = placeInOrder(order);
  // Where the order by rank leaves labels out, other orders may not (the greedy placement gives
  // each label the first free place, which may be the only place of one placed later: the demo's
  // Herning, between Husby, the Norwegian and Swedish members and the legend). For views small
  // enough to weigh, a few other orders are tried, shuffled from a fixed seed (the same members
  // get the same places at every drawing); the one that leaves the fewest out is taken, if the
  // first label by rank (the selected member's) is still shown.
  if (options.hideOverlapping && order.length > 2 && order.length <= RETRY_UP_TO) {
    const leftOut = (placed: Map<string, PlacedLabel>) => [...placed.values()].filter((label) => label.hidden).length;
    let hidden = leftOut(result);
    const random = seededRandom(order.length);
    const tries = order.length <= 60 ? 64 : 8;
    for (let attempt = 0; attempt < tries && hidden > 0; attempt += 1) {
      const shuffled = [...order];
      for (let at = shuffled.length - 1; at > 0; at -= 1) {
        const other = Math.floor(random() * (at + 1));
        [shuffled[at], shuffled[other]] = [shuffled[other]!, shuffled[at]!];
      }
      const placed = placeInOrder(shuffled);
      const now = leftOut(placed);
      if (now < hidden && (!placed.get(order[0]!.item.id)!.hidden || result.get(order[0]!.item.id)!.hidden)) {
        [result, hidden] = [placed, now];
      }
    }
  }
  return items.map((item) => result.get(item.id)!);
}
