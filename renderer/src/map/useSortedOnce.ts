import { useMemo } from 'react';

/**
 * `items` sorted by `compare`, sorted again only when what the order depends on has changed:
 * `sortKey` gives, for each item, its identity and the fields that `compare` reads. A year-slider
 * step brings new member objects whose positions, names and years are those of the year before;
 * they take the order of the last sort (5,000 members took 11 ms a step to sort again).
 * `compareVersion` names the comparison (its language): another one sorts again.
 */
export function useSortedOnce<T>(
  items: readonly T[],
  sortKey: (item: T) => string,
  compare: (a: T, b: T) => number,
  compareVersion: string,
): T[] {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- sortKey is read anew with the items
  const signature = useMemo(() => items.map(sortKey).join('\u0001'), [items]);
  const order = useMemo(
    () => items.map((_, index) => index).sort((a, b) => compare(items[a]!, items[b]!)),
    // The same signature: the items at each index sort as those it was computed from.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [signature, compareVersion],
  );
  return useMemo(() => order.map((index) => items[index]!), [order, items]);
}
