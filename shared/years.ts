/** A year joined lies between 1900 and next year (a decision may be dated for the coming year). */
export const YEAR_MIN = 1900;
export const maxYear = (now: Date = new Date()): number => now.getFullYear() + 1;

/** A year joined as the table, map labels and report write it: "?" where it is not known. */
export const UNKNOWN_YEAR_MARK = '?';
export const joinedYearText = (year: number | null): string => (year === null ? UNKNOWN_YEAR_MARK : String(year));

/** Orders years joined earliest first and an unknown year last, after every known one. */
export function compareJoinedYears(a: number | null, b: number | null): number {
  if (a === null || b === null) return (a === null ? 1 : 0) - (b === null ? 1 : 0);
  return a - b;
}
