/**
 * Membership periods: a place may leave a chain and join it again, but its periods in one chain
 * may not overlap, and a departure comes after the join. The left year is the first year the
 * place is no longer a member (joined 1948, left 1976: a member 1948–1975). A year joined that is
 * not known (null) is taken as "from the start": such a period covers every year before it left.
 */
export interface Period {
  id: string;
  joinedYear: number | null;
  leftYear: number | null;
}

export type PeriodProblem =
  { field: 'leftYear'; message: 'validation.leftBeforeJoined' } | { field: 'joinedYear'; message: 'validation.periodOverlap' };

export function periodProblem(period: Period, others: readonly Period[]): PeriodProblem | null {
  if (period.leftYear !== null && period.joinedYear !== null && period.leftYear <= period.joinedYear) {
    return { field: 'leftYear', message: 'validation.leftBeforeJoined' };
  }
  const start = startOf(period);
  const end = period.leftYear ?? Infinity;
  for (const other of others) {
    if (other.id === period.id) continue;
    const otherEnd = other.leftYear ?? Infinity;
    if (start < otherEnd && startOf(other) < end) return { field: 'joinedYear', message: 'validation.periodOverlap' };
  }
  return null;
}

/** The first year of a period; one of unknown start reaches back before every known year. */
const startOf = (period: Pick<Period, 'joinedYear'>): number => period.joinedYear ?? -Infinity;

/** Whether a period includes the year. */
export function isMemberIn(period: Pick<Period, 'joinedYear' | 'leftYear'>, year: number): boolean {
  return startOf(period) <= year && (period.leftYear === null || period.leftYear > year);
}
