import { formatDate, isLanguage, numberLocalesOf } from '../../../shared/format';

/** "23 nov. 2026 10:00" in the UI language. */
export function formatDateTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return isLanguage(language)
    ? formatDate(date, language, { dateStyle: 'medium', timeStyle: 'short' })
    : new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Kilobytes, rounded, in the UI language's digits and grouping. */
export function kilobytes(bytes: number, language: string): string {
  return new Intl.NumberFormat(isLanguage(language) ? numberLocalesOf(language) : language, { maximumFractionDigits: 0 }).format(
    Math.max(1, Math.round(bytes / 1024)),
  );
}
