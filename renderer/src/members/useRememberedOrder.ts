import { useCallback, useState } from 'react';
import { useApiQuery } from '../api/queries';
import { DEFAULT_MEMBER_ORDER, parseSortOrder, type SortOrder } from './sortMembers';

/**
 * The members table's sort order, remembered per document (by its path) in the window's storage:
 * a reload, or opening the document again, sorts as the user left it. A storage that is full or
 * refused only means the order is not remembered.
 */
export function useRememberedOrder(): [SortOrder, (change: (current: SortOrder) => SortOrder) => void] {
  const info = useApiQuery('document.info', {}).data;
  const key = info?.ok ? `vanortsatlas.memberOrder:${info.value.path}` : null;
  // The order chosen in this window, for the document it was chosen in; else the stored one.
  const [chosen, setChosen] = useState<{ key: string | null; order: SortOrder } | null>(null);
  const order =
    chosen && chosen.key === key ? chosen.order : ((key ? parseSortOrder(readStorage(key)) : null) ?? DEFAULT_MEMBER_ORDER);
  const change = useCallback(
    (next: (current: SortOrder) => SortOrder) => {
      const changed = next(order);
      setChosen({ key, order: changed });
      if (key) writeStorage(key, JSON.stringify(changed));
    },
    [key, order],
  );
  return [order, change];
}

function readStorage(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStorage(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Full or refused: the order is kept for this session only.
  }
}
