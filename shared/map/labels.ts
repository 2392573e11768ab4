/**
 * Places labels beside their symbols so that no label covers another label or a symbol, where
 * the space allows: each label tries eight positions around its symbol and takes the first free
 * one; with none free, the one with the least overlap. Pure geometry, in screen pixels.
 */
export interface LabelItem {
  id: string;
  x: number;
  y: number;
  radius: number;
  width: number;
  height: number;
}

export interface PlacedLabel {
  id: string;
  /** Top-left corner of the label relative to the symbol's centre. */
  dx: number;
  dy: number;
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const GAP = 3;

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

function outside(box: Box, view: ViewArea): number {
  const area = (box.right - box.left) * (box.bottom - box.top);
  const inside = overlap(box, { left: view.left, top: view.top, right: view.left + view.width, bottom: view.top + view.height });
  return area - inside;
}

export function placeLabels(items: readonly LabelItem[], view?: ViewArea): PlacedLabel[] {
  const symbols: Box[] = items.map((item) => ({
    left: item.x - item.radius,
    top: item.y - item.radius,
    right: item.x + item.radius,
    bottom: item.y + item.radius,
  }));
  const placed: Box[] = [];
  const result = new Map<string, PlacedLabel>();
  // Larger symbols first: they are the hardest to fit around.
  const order = items.map((item, index) => ({ item, index })).sort((a, b) => b.item.radius - a.item.radius);
  for (const { item } of order) {
    let best: { dx: number; dy: number; cost: number } | null = null;
    for (const candidate of candidates(item)) {
      const box: Box = {
        left: item.x + candidate.dx,
        top: item.y + candidate.dy,
        right: item.x + candidate.dx + item.width,
        bottom: item.y + candidate.dy + item.height,
      };
      let cost = 0;
      for (const other of placed) cost += overlap(box, other);
      for (const symbol of symbols) cost += overlap(box, symbol);
      if (view) cost += outside(box, view);
      if (!best || cost < best.cost) best = { ...candidate, cost };
      if (cost === 0) break;
    }
    const chosen = best!;
    placed.push({
      left: item.x + chosen.dx,
      top: item.y + chosen.dy,
      right: item.x + chosen.dx + item.width,
      bottom: item.y + chosen.dy + item.height,
    });
    result.set(item.id, { id: item.id, dx: chosen.dx, dy: chosen.dy });
  }
  return items.map((item) => result.get(item.id)!);
}
