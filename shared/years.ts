/** A year joined lies between 1900 and next year (a decision may be dated for the coming year). */
export const YEAR_MIN = 1900;
export const maxYear = (now: Date = new Date()): number => now.getFullYear() + 1;
