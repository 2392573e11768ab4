import { describe, expect, it } from 'vitest';
import {
  decadeColour,
  legendCounts,
  symbolRadius,
  UNKNOWN_SYMBOL_RADIUS,
  SYMBOL_MAX_RADIUS,
  overlapsOneBelow,
} from '../../shared/map/symbols';
import { placeLabels, type LabelItem } from '../../shared/map/labels';

describe('proportional symbols', () => {
  it('grow in area with the member count', () => {
    const small = symbolRadius(85, 340);
    const large = symbolRadius(340, 340);
    expect(large).toBe(SYMBOL_MAX_RADIUS);
    expect((large / small) ** 2).toBeCloseTo(4, 5);
  });
  it('give an unknown count its own symbol, never a zero-size dot', () => {
    expect(symbolRadius(null, 340)).toBe(UNKNOWN_SYMBOL_RADIUS);
    expect(symbolRadius(0, 340)).toBeGreaterThan(0);
  });
  it('colour members by the decade they joined', () => {
    expect(decadeColour(1946)).toBe(decadeColour(1949));
    expect(decadeColour(1946)).not.toBe(decadeColour(1977));
  });
  it('pick round counts for the legend', () => {
    expect(legendCounts(340)).toEqual([300, 75, 15]);
    expect(legendCounts(0)).toEqual([]);
  });
});

describe('label placement', () => {
  const box = (item: LabelItem, placed: { dx: number; dy: number }) => ({
    left: item.x + placed.dx,
    top: item.y + placed.dy,
    right: item.x + placed.dx + item.width,
    bottom: item.y + placed.dy + item.height,
  });
  const overlaps = (a: ReturnType<typeof box>, b: ReturnType<typeof box>) =>
    Math.min(a.right, b.right) > Math.max(a.left, b.left) && Math.min(a.bottom, b.bottom) > Math.max(a.top, b.top);

  it("keeps close neighbours' labels apart and off the symbols", () => {
    const items: LabelItem[] = [
      { id: 'a', x: 100, y: 100, radius: 10, width: 80, height: 14 },
      { id: 'b', x: 130, y: 100, radius: 10, width: 80, height: 14 },
      { id: 'c', x: 115, y: 125, radius: 6, width: 80, height: 14 },
    ];
    const placed = placeLabels(items);
    const boxes = items.map((item, index) => box(item, placed[index]!));
    for (let i = 0; i < boxes.length; i += 1) {
      for (let j = i + 1; j < boxes.length; j += 1) expect(overlaps(boxes[i]!, boxes[j]!)).toBe(false);
      for (const symbol of items) {
        const circle = {
          left: symbol.x - symbol.radius,
          top: symbol.y - symbol.radius,
          right: symbol.x + symbol.radius,
          bottom: symbol.y + symbol.radius,
        };
        expect(overlaps(boxes[i]!, circle)).toBe(false);
      }
    }
  });

  it('puts a lone label to the right of its symbol', () => {
    expect(placeLabels([{ id: 'a', x: 0, y: 0, radius: 10, width: 50, height: 10 }])).toEqual([{ id: 'a', dx: 13, dy: -5 }]);
  });
});

describe('symbols that lie over another', () => {
  it('marks the upper of two overlapping circles, not the lower, nor circles that only touch or lie apart', () => {
    // In drawing order, larger first: Husby, Herning over it; Vänersborg touching Herning; Arsuk apart.
    const circles = [
      { x: 100, y: 120, radius: 22 },
      { x: 96, y: 100, radius: 18 },
      { x: 96 + 18 + 12 + 0.5, y: 100, radius: 12 },
      { x: 400, y: 40, radius: 5 },
    ];
    expect(overlapsOneBelow(circles)).toEqual([false, true, false, false]);
  });

  it('finds overlaps across grid cells in a crowd as comparing all pairs does', () => {
    let seed = 5;
    const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const circles = Array.from({ length: 400 }, () => ({ x: next() * 900, y: next() * 600, radius: 4 + next() * 18 })).sort(
      (a, b) => b.radius - a.radius,
    );
    const byAllPairs = circles.map((circle, index) =>
      circles
        .slice(0, index)
        .some((below) => Math.hypot(below.x - circle.x, below.y - circle.y) < below.radius + circle.radius - 1),
    );
    expect(overlapsOneBelow(circles)).toEqual(byAllPairs);
  });
});
