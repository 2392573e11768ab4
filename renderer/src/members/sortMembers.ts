import type { Member } from '../../../shared/contract';
import { compareJoinedYears } from '../../../shared/years';

export type SortColumn = 'name' | 'area' | 'joinedYear' | 'memberCount';
export interface SortOrder {
  column: SortColumn;
  direction: 'ascending' | 'descending';
}

/** The members table's first order, and the report's: by year joined, then by name. */
export const DEFAULT_MEMBER_ORDER: SortOrder = { column: 'joinedYear', direction: 'ascending' };

/**
 * Sorts members for the table: names and areas by the UI language's collator (Swedish puts
 * å ä ö after z), numbers as numbers. Unknown counts and years go last either way: unknown is not zero.
 */
export function sortMembers(
  members: readonly Member[],
  order: SortOrder,
  collator: Intl.Collator,
  areaLabel: (code: string) => string,
): Member[] {
  const sign = order.direction === 'ascending' ? 1 : -1;
  const byName = (a: Member, b: Member) => collator.compare(a.name, b.name);
  return [...members].sort((a, b) => {
    switch (order.column) {
      case 'name':
        return sign * byName(a, b);
      case 'area':
        return sign * collator.compare(areaLabel(a.areaCode), areaLabel(b.areaCode)) || byName(a, b);
      case 'joinedYear':
        // An unknown year ("?") goes last either way, as an unknown count does.
        if (a.joinedYear === null || b.joinedYear === null) return compareJoinedYears(a.joinedYear, b.joinedYear) || byName(a, b);
        return sign * (a.joinedYear - b.joinedYear) || byName(a, b);
      case 'memberCount':
        if (a.memberCount === null && b.memberCount === null) return byName(a, b);
        if (a.memberCount === null) return 1;
        if (b.memberCount === null) return -1;
        return sign * (a.memberCount - b.memberCount) || byName(a, b);
    }
  });
}

const COLUMNS: readonly SortColumn[] = ['name', 'area', 'joinedYear', 'memberCount'];

/** A stored order, if it is one (what the browser's storage holds may be anything). */
export function parseSortOrder(text: string | null): SortOrder | null {
  try {
    const value = JSON.parse(text ?? 'null') as Partial<SortOrder> | null;
    if (value && COLUMNS.includes(value.column as SortColumn) && ['ascending', 'descending'].includes(value.direction ?? ''))
      return { column: value.column!, direction: value.direction! };
  } catch {
    // Not JSON: no stored order.
  }
  return null;
}
