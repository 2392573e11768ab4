/**
 * Proportional symbols: a member's circle has an area proportional to its branch's member count.
 * A count that was not reported gets a fixed hollow symbol with a "?", never a zero-size dot.
 */
export const SYMBOL_MAX_RADIUS = 22;
export const SYMBOL_MIN_RADIUS = 4;
export const UNKNOWN_SYMBOL_RADIUS = 9;

export function symbolRadius(count: number | null, largestCount: number): number {
  if (count === null) return UNKNOWN_SYMBOL_RADIUS;
  if (largestCount <= 0) return SYMBOL_MIN_RADIUS;
  return Math.max(SYMBOL_MIN_RADIUS, SYMBOL_MAX_RADIUS * Math.sqrt(count / largestCount));
}

/** A few round counts for the legend's size key, up to the largest. */
export function legendCounts(largestCount: number): number[] {
  if (largestCount <= 0) return [];
  const magnitude = 10 ** Math.floor(Math.log10(largestCount));
  const top = Math.floor(largestCount / magnitude) * magnitude;
  const candidates = [top, top / 4, top / 20].map((value) => Math.round(value));
  return [...new Set(candidates.filter((value) => value >= 1))].sort((a, b) => b - a);
}

// A sequential palette (dark blue for the earliest decades to yellow for the latest), readable on the pale basemap.
const DECADE_COLOURS = [
  '#2d1e5f',
  '#3b3f8f',
  '#2f6aa8',
  '#208f9e',
  '#2aa87a',
  '#67bd50',
  '#b0cf34',
  '#e3c51c',
  '#f39c12',
  '#d35400',
];
export const FIRST_DECADE = 1900;

export function decadeOf(year: number): number {
  return Math.floor(year / 10) * 10;
}

// A neutral grey, outside the palette: no decade is claimed for a member whose year is not known.
export const UNKNOWN_YEAR_COLOUR = '#8a8f94';

/** Colour of the decade a member joined; decades after the palette's end reuse its last colour. */
export function decadeColour(year: number | null): string {
  if (year === null) return UNKNOWN_YEAR_COLOUR;
  // 1940s is the first colour: the first Nordic chains were formed from 1939 on.
  const index = Math.max(0, Math.min(DECADE_COLOURS.length - 1, (decadeOf(year) - 1940) / 10));
  return DECADE_COLOURS[index]!;
}

/**
 * Which symbols overlap one drawn below them, for circles in drawing order (larger first, so the
 * smaller lies on top): those get a wider outline, which keeps the one below visible around them
 * (Herning over Husby; a new member at Mariehamn on Åland's symbol). Circles are compared only
 * with those in the grid cells around them.
 */
export function overlapsOneBelow(circles: readonly { x: number; y: number; radius: number }[]): boolean[] {
  const cell = Math.max(8, ...circles.map((circle) => circle.radius * 2));
  const grid = new Map<string, number[]>();
  return circles.map((circle, index) => {
    const [column, row] = [Math.floor(circle.x / cell), Math.floor(circle.y / cell)];
    let over = false;
    for (let dx = -1; dx <= 1 && !over; dx += 1) {
      for (let dy = -1; dy <= 1 && !over; dy += 1) {
        for (const below of grid.get(`${column + dx},${row + dy}`) ?? []) {
          const other = circles[below]!;
          // Overlapping by more than a pixel: circles that only touch need nothing.
          if (Math.hypot(other.x - circle.x, other.y - circle.y) < other.radius + circle.radius - 1) {
            over = true;
            break;
          }
        }
      }
    }
    const key = `${column},${row}`;
    const cellList = grid.get(key);
    if (cellList) cellList.push(index);
    else grid.set(key, [index]);
    return over;
  });
}
