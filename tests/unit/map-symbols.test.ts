import { describe, expect, it } from 'vitest';
import { decadeColour, legendCounts, symbolRadius, UNKNOWN_SYMBOL_RADIUS, SYMBOL_MAX_RADIUS } from '../../shared/map/symbols';
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
