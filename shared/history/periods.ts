/**
 * Membership periods: a place may leave a chain and join it again, but its periods in one chain
 * may not overlap, and a departure comes after the join. The left year is the first year the
 * place is no longer a member (joined 1948, left 1976: a member 1948–1975).
 */
export interface Period {
  id: string;
  joinedYear: number;
  leftYear: number | null;
}

export type PeriodProblem =
  { field: 'leftYear'; message: 'validation.leftBeforeJoined' } | { field: 'joinedYear'; message: 'validation.periodOverlap' };

export function periodProblem(period: Period, others: readonly Period[]): PeriodProblem | null {
  if (period.leftYear !== null && period.leftYear <= period.joinedYear) {
    return { field: 'leftYear', message: 'validation.leftBeforeJoined' };
  }
  const end = period.leftYear ?? Infinity;
  for (const other of others) {
    if (other.id === period.id) continue;
    const otherEnd = other.leftYear ?? Infinity;
    if (period.joinedYear < otherEnd && other.joinedYear < end)
      return { field: 'joinedYear', message: 'validation.periodOverlap' };
  }
  return null;
}

/** Whether a period includes the year. */
export function isMemberIn(period: Pick<Period, 'joinedYear' | 'leftYear'>, year: number): boolean {
  return period.joinedYear <= year && (period.leftYear === null || period.leftYear > year);
}
