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
