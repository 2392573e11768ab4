import { areaCodeOf, areaKey } from './countries';
import { YEAR_MIN, maxYear } from '../years';

/** A cell read from a spreadsheet, as the app's value or the reason it cannot be used. */
export type CellValue<T> = { ok: true; value: T } | { ok: false; message: string };

// What sheets write for an unknown count, in each language: unknown is not zero. Compared as
// areaKey folds them (case, accents and punctuation aside: "Upplýsingar vantar." is one of them).
const NOT_REPORTED = new Set(
  [
    'uppgift saknas',
    'saknas',
    'okänt',
    'ej känt',
    'ikke oplyst',
    'uoplyst',
    'ukendt',
    'ikke opplyst',
    'ikke oppgitt',
    'ikkje oppgitt',
    'ikkje opplyst',
    'ukjent',
    'ei tiedossa',
    'ei tietoa',
    'tuntematon',
    'upplýsingar vantar',
    'vantar',
    'óþekkt',
    'not reported',
    'unknown',
    'n/a',
  ].map(areaKey),
);
/** Marks that stand for "not reported" and have no letters for the key to keep. */
const NOT_REPORTED_MARKS = new Set(['?', '-', '–', '—', '']);

// "ca 100", "cirka 100", "omkring 100", "n. 100" (noin), "u.þ.b. 100", "about 100", "~100".
const APPROXIMATE =
  /^(?:ca\.?|c\.|cirka|circa|omkring|omtrent|ungefär|runt|noin|n\.|um það bil|u\.?\s?þ\.?\s?b\.?|about|approx\.?|approximately|~|≈)\s*(?=\d)/iu;

/** A whole number as the languages write it: 1250, 1 250 (space or narrow space), 1.250 (Danish, Norwegian, German). */
const WHOLE = /^\d{1,3}(?:([ .])\d{3})?(?:\1\d{3})*$|^\d+$/;

export function importedCount(text: string): CellValue<number | null> {
  const value = text.trim();
  if (NOT_REPORTED_MARKS.has(value) || NOT_REPORTED.has(areaKey(value))) return { ok: true, value: null };
  const spaced = value.replace(/[\s\u00a0\u202f]+/g, ' ');
  // Approximate is a problem, not a number: a count is stored exact or not at all, and the
  // app has nowhere to keep "about", so the user decides (write 100, or leave it empty).
  if (APPROXIMATE.test(spaced) && WHOLE.test(spaced.replace(APPROXIMATE, '')))
    return { ok: false, message: 'validation.countApproximate' };
  if (!WHOLE.test(spaced)) return { ok: false, message: 'validation.countNotNumber' };
  return { ok: true, value: Number(spaced.replace(/[ .]/g, '')) };
}

export function importedYear(text: string, optional = false): CellValue<number | null> {
  const value = text.trim();
  if (value === '' && optional) return { ok: true, value: null };
  // A season or a range (1946/47, 1946–1947): the chain needs the one year the place joined or left.
  if (/^\d{4}\s*[/\-–—]\s*\d{2,4}$/.test(value)) return { ok: false, message: 'validation.yearOneYear' };
  if (!/^\d{4}$/.test(value)) return { ok: false, message: 'validation.yearNotNumber' };
  const year = Number(value);
  if (year < YEAR_MIN || year > maxYear()) return { ok: false, message: 'validation.yearRange' };
  return { ok: true, value: year };
}

export function importedCoordinate(text: string, limit: number): CellValue<number | null> {
  const value = text.trim().replace(',', '.');
  if (value === '') return { ok: true, value: null };
  const number = Number(value);
  if (!Number.isFinite(number) || Math.abs(number) > limit) return { ok: false, message: 'validation.coordinate' };
  return { ok: true, value: number };
}

/** A country or area as sheets write it: a code (SE, FO, DE-SYD) or its name in a Nordic language, English or German. */
export function importedArea(text: string): CellValue<string | null> {
  const value = text.trim();
  if (value === '') return { ok: true, value: null };
  const code = areaCodeOf(value);
  return code ? { ok: true, value: code } : { ok: false, message: 'validation.areaUnknown' };
}

// What a register's last line is called when it sums the others.
const TOTAL_NAMES = new Set(
  [
    'summa',
    'total',
    'totalt',
    'totalsumma',
    'sammanlagt',
    'tillsammans',
    'i alt',
    'ialt',
    'sum',
    'sammenlagt',
    'til sammen',
    'tilsammen',
    'til saman',
    'totalt',
    'yhteensä',
    'summa yhteensä',
    'kaikki yhteensä',
    'samtals',
    'alls',
    'heild',
    'sum total',
    'grand total',
    'totals',
    'summe',
    'gesamt',
    'insgesamt',
  ].map(areaKey),
);

/**
 * A total line is not a member: a row named Summa, I alt, Yhteensä, Samtals or Total, or a row
 * with no name whose count is a number ("1 135" under the counts).
 */
export function isTotalLine(name: string, count: string): boolean {
  const key = areaKey(name.trim());
  if (TOTAL_NAMES.has(key)) return true;
  if (key !== '' || name.trim() !== '') return false;
  const value = importedCount(count);
  return value.ok && value.value !== null;
}
