import type { MemberCountTotal } from './totals';

export type Language = 'sv' | 'en';
export const LANGUAGES: readonly Language[] = ['sv', 'en'];
export const DEFAULT_LANGUAGE: Language = 'sv';

export function isLanguage(value: unknown): value is Language {
  return value === 'sv' || value === 'en';
}

/** The locale that formats and sorts for a UI language. */
export const localeOf = (language: Language): string => (language === 'sv' ? 'sv-SE' : 'en-GB');

const numberFormats = new Map<string, Intl.NumberFormat>();

/** Integers as the UI language writes them: "1 135" in Swedish, "1,135" in English. */
export function formatInteger(value: number, language: Language): string {
  let format = numberFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(localeOf(language), { maximumFractionDigits: 0 });
    numberFormats.set(language, format);
  }
  return format.format(value);
}

/**
 * The total as the reports write it: "1 135 (1 not reported)". The caller passes the
 * translated phrase for the unknowns, e.g. t('total.notReported', { count }).
 */
export function formatTotal(total: MemberCountTotal, language: Language, notReportedPhrase: (count: number) => string): string {
  // Nothing reported at all: no sum to give (a 0 would read as "no members").
  if (total.reported === 0 && total.notReported > 0) return notReportedPhrase(total.notReported);
  const sum = formatInteger(total.sum, language);
  if (total.notReported === 0) return sum;
  return `${sum} (${notReportedPhrase(total.notReported)})`;
}

const collators = new Map<string, Intl.Collator>();

/** Sorting by the UI language's rules: in Swedish å ä ö come after z. */
export function collatorFor(language: Language): Intl.Collator {
  let collator = collators.get(language);
  if (!collator) {
    collator = new Intl.Collator(localeOf(language), { sensitivity: 'base', numeric: true });
    collators.set(language, collator);
  }
  return collator;
}
