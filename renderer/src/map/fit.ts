import L from 'leaflet';
import { placeLabels } from '../../../shared/map/labels';

/** A box in the map container's pixels. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** What is drawn over the map: its Leaflet controls and the elements beside it marked `data-covers-map` (the legend). */
export function coveringElements(map: L.Map): Element[] {
  const container = map.getContainer();
  return [
    ...container.querySelectorAll('.leaflet-control'),
    ...(container.parentElement?.querySelectorAll('[data-covers-map]') ?? []),
  ];
}

/** The boxes of those elements in the container's pixels (elements not shown are left out). */
export function coveringBoxes(map: L.Map, elements: readonly Element[] = coveringElements(map)): Box[] {
  const origin = map.getContainer().getBoundingClientRect();
  return elements.flatMap((element) => {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return [];
    return [{ left: box.left - origin.left, top: box.top - origin.top, width: box.width, height: box.height }];
  });
}

/** A point to fit, with what is drawn around it: its symbol (radius) and, to its right, its label. */
export interface FitPoint {
  at: L.LatLng;
  /** The symbol's radius in pixels (0 for a bare point). */
  radius: number;
  /** The label's width in pixels beside the symbol, on the right where labels go first (0 for none). */
  label: number;
}

export interface FitOptions {
  /** Room kept free at each side, in pixels: [left, top, right, bottom]. */
  padding: [number, number, number, number];
  maxZoom: number;
  animate: boolean;
  /** Areas drawn over the map: the fit keeps the symbols out from under them where it can. */
  covered?: readonly Box[];
  /** A label's height in pixels (the members layer's). */
  labelHeight?: number;
}

interface View {
  centre: L.LatLng;
  zoom: number;
}

/** Space between a symbol and its label. */
const LABEL_GAP = 6;

/**
 * The view that shows every point's symbol and label with the padding around them, as Leaflet's
 * fitBounds does for a box, but for the points themselves: fitBounds fits the corners of their
 * latitude-longitude box, which in an azimuthal projection (EPSG:3035) do not enclose the points
 * (Husby, far south, fell outside the view). The zoom is the largest (on the map's zoom snap)
 * at which the points, spread by the zoom and widened by what is drawn around them, still fit.
 */
function viewFor(map: L.Map, points: readonly FitPoint[], padding: FitOptions['padding'], maxZoom: number): View {
  const [left, top, right, bottom] = padding;
  const free = map.getSize().subtract([left + right, top + bottom]);
  const zero = points.map((point) => map.project(point.at, 0));
  const extent = (zoom: number) => {
    const scale = map.getZoomScale(zoom, 0);
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    points.forEach((point, index) => {
      const [x, y] = [zero[index]!.x * scale, zero[index]!.y * scale];
      const labelRoom = point.label > 0 ? point.label + LABEL_GAP : 0;
      minX = Math.min(minX, x - point.radius);
      maxX = Math.max(maxX, x + point.radius + labelRoom);
      minY = Math.min(minY, y - point.radius);
      maxY = Math.max(maxY, y + point.radius);
    });
    return { minX, minY, maxX, maxY };
  };
  const fits = (zoom: number) => {
    const box = extent(zoom);
    return box.maxX - box.minX <= free.x && box.maxY - box.minY <= free.y;
  };
  const snap = map.options.zoomSnap || 1;
  const lowest = map.getMinZoom();
  let zoom = Math.floor(Math.min(maxZoom, map.getMaxZoom(), 22) / snap) * snap;
  while (zoom - snap >= lowest && !fits(zoom)) zoom -= snap;
  // The drawn box's centre at that zoom, moved by half the difference of the paddings.
  const box = extent(zoom);
  const middle = L.point((box.minX + box.maxX) / 2 + (right - left) / 2, (box.minY + box.maxY) / 2 + (bottom - top) / 2);
  return { centre: map.unproject(middle, zoom), zoom };
}

/** A point's position in the container's pixels, seen from a view. */
function seenAt(map: L.Map, view: View, point: FitPoint): L.Point {
  const size = map.getSize();
  return map.project(point.at, view.zoom).subtract(map.project(view.centre, view.zoom)).add(size.divideBy(2));
}

/** Whether a point's symbol, seen from a view, lies under a covered area. */
function underCover(map: L.Map, view: View, point: FitPoint, covered: readonly Box[]): boolean {
  const at = seenAt(map, view, point);
  const margin = point.radius + 2;
  return covered.some(
    (box) =>
      at.x + margin > box.left &&
      at.x - margin < box.left + box.width &&
      at.y + margin > box.top &&
      at.y - margin < box.top + box.height,
  );
}

/** Above this many points the fit does not try the labels' placement for each view it weighs. */
const LABELS_TRIED_UP_TO = 300;

/** How many labels the placement (labels.ts, as the members layer runs it) leaves out, seen from a view. */
function labelsLeftOut(map: L.Map, view: View, points: readonly FitPoint[], covered: readonly Box[], height: number): number {
  const size = map.getSize();
  const items = points.map((point, index) => {
    const at = seenAt(map, view, point);
    return { id: String(index), x: at.x, y: at.y, radius: point.radius, width: point.label, height };
  });
  const placed = placeLabels(items, { left: 0, top: 0, width: size.x, height: size.y }, { hideOverlapping: true, covered });
  return placed.filter((label) => label.hidden).length;
}

/**
 * Fits the points in the map's view. Where a covered area (the legend in a corner) would lie over
 * one of the symbols, or leave a label without room, other views are weighed: the padding widened
 * on that area's side (left or right by its width, top or bottom by its height), and the plain
 * fit moved by up to 80 px, also a step or two further out. Of the views that keep every symbol clear, the one that leaves
 * out the fewest labels is taken, and of those the one that zooms in the most.
 */
export function fitPoints(map: L.Map, points: readonly FitPoint[], options: FitOptions): void {
  if (points.length === 0) return;
  const covered = options.covered ?? [];
  const plain = viewFor(map, points, options.padding, options.maxZoom);
  const size = map.getSize();
  // Every symbol in the view and none under a covered area.
  const clear = (view: View) =>
    points.every((point) => {
      const at = seenAt(map, view, point);
      const inside =
        at.x - point.radius >= 0 && at.y - point.radius >= 0 && at.x + point.radius <= size.x && at.y + point.radius <= size.y;
      return inside && !underCover(map, view, point, covered);
    });
  const tryLabels = points.length <= LABELS_TRIED_UP_TO && points.some((point) => point.label > 0);
  const leftOut = (view: View) => (tryLabels ? labelsLeftOut(map, view, points, covered, options.labelHeight ?? 18) : 0);
  let chosen = plain;
  if (covered.length > 0 && (!clear(plain) || leftOut(plain) > 0)) {
    const [left, top, right, bottom] = options.padding;
    const paddings: FitOptions['padding'][] = [];
    for (const box of covered) {
      paddings.push(
        [Math.max(left, box.left + box.width), top, right, bottom],
        [left, Math.max(top, box.top + box.height), right, bottom],
        [left, top, Math.max(right, size.x - box.left), bottom],
        [left, top, right, Math.max(bottom, size.y - box.top)],
      );
    }
    const views = [
      plain,
      ...paddings
        .filter((padding) => padding[0] + padding[2] < size.x - 40 && padding[1] + padding[3] < size.y - 40)
        .map((padding) => viewFor(map, points, padding, options.maxZoom)),
    ];
    // The plain fit and a step or two out, each also moved a little: room for a label beside the legend.
    const snap = map.options.zoomSnap || 1;
    for (const step of [0, 1, 2]) {
      const zoom = plain.zoom - step * snap;
      if (zoom < map.getMinZoom()) continue;
      const middle = map.project(plain.centre, zoom);
      for (const dx of [-80, -40, 0, 40, 80]) {
        for (const dy of [-40, 0, 40]) {
          if (step > 0 || dx !== 0 || dy !== 0) views.push({ centre: map.unproject(middle.add([dx, dy]), zoom), zoom });
        }
      }
    }
    const weighed = views
      .filter(clear)
      .map((view) => ({ view, leftOut: leftOut(view) }))
      .sort((a, b) => a.leftOut - b.leftOut || b.view.zoom - a.view.zoom);
    if (weighed[0]) chosen = weighed[0].view;
  }
  map.setView(chosen.centre, chosen.zoom, { animate: options.animate });
}
