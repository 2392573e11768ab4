import type { MemberCountTotal } from './totals';

/** The UI languages, in the order the language menu lists them: Swedish (the default), the other Nordic ones, English. */
export const LANGUAGES = ['sv', 'da', 'nb', 'fi', 'is', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'sv';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

const LOCALES: Record<Language, string> = { sv: 'sv-SE', da: 'da-DK', nb: 'nb-NO', fi: 'fi-FI', is: 'is-IS', en: 'en-GB' };

/** The locale that formats and sorts for a UI language. */
export const localeOf = (language: Language): string => LOCALES[language];

/**
 * Chromium (and so Electron and the browser host's window) carries ICU data for the languages of
 * its own UI only: Icelandic numbers, sorting, dates and country names fall back to English there
 * (Node has them all). Danish stands in for Icelandic's numbers and sorting: the same "1.135",
 * and æ and ö (as ø) after z. Intl takes the first locale of a list that it has.
 */
const STAND_INS: Partial<Record<Language, string>> = { is: 'da-DK' };

/** The locales to hand Intl for numbers and sorting: the language's own, then its stand-in. */
export const numberLocalesOf = (language: Language): string[] =>
  STAND_INS[language] ? [LOCALES[language], STAND_INS[language]] : [LOCALES[language]];

/** Whether the ICU data at hand has the language's dates and names (else they are written without it). */
export const intlHas = (language: Language): boolean => Intl.DateTimeFormat.supportedLocalesOf([LOCALES[language]]).length > 0;

/**
 * A date (and time) as the language writes it; where the ICU data lacks the language (Icelandic
 * in Chromium), as ISO 8601, which every Nordic reader knows, rather than in English.
 */
export function formatDate(date: Date, language: Language, options: Intl.DateTimeFormatOptions): string {
  if (intlHas(language)) return new Intl.DateTimeFormat(LOCALES[language], options).format(date);
  const pad = (value: number) => String(value).padStart(2, '0');
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return options.timeStyle || options.hour ? `${day} ${pad(date.getHours())}:${pad(date.getMinutes())}` : day;
}

/**
 * The first of the system's preferred languages (BCP 47 tags, most wanted first: Electron's
 * app.getPreferredSystemLanguages(), the browser's navigator.languages, the CLI's locale) that
 * the app speaks, or null. Norwegian in any form (no, nb, nn) is shown in bokmål.
 */
export function languageFrom(tags: readonly string[]): Language | null {
  for (const tag of tags) {
    const primary = tag.toLowerCase().split(/[-_.@]/)[0] ?? '';
    const language = primary === 'no' || primary === 'nn' ? 'nb' : primary;
    if (isLanguage(language)) return language;
  }
  return null;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** Integers as the UI language writes them: "1 135" in Swedish, "1,135" in English. */
export function formatInteger(value: number, language: Language): string {
  let format = numberFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(numberLocalesOf(language), { maximumFractionDigits: 0 });
    numberFormats.set(language, format);
  }
  return format.format(value);
}

const amountFormats = new Map<string, Intl.NumberFormat>();

/** A sum of money: whole as an integer ("16 800"), else with two decimals ("16 800,50"), never rounded to a whole. */
export function formatAmount(value: number, language: Language): string {
  // A sum of sums may be a hair off its cents (16 800.000000001): it is written to the cent.
  const cents = Math.round(value * 100) / 100;
  if (Number.isInteger(cents)) return formatInteger(cents, language);
  let format = amountFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(numberLocalesOf(language), { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    amountFormats.set(language, format);
  }
  return format.format(cents);
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
    collator = new Intl.Collator(numberLocalesOf(language), { sensitivity: 'base', numeric: true });
    collators.set(language, collator);
  }
  return collator;
}
