import { SOUTH_SCHLESWIG } from '../areas';
import { foldName } from '../text/fold';
import { YEAR_MIN, maxYear } from '../years';

/** A cell read from a spreadsheet, as the app's value or the reason it cannot be used. */
export type CellValue<T> = { ok: true; value: T } | { ok: false; message: string };

// What sheets write for an unknown count: unknown is not zero.
const NOT_REPORTED = new Set([
  'uppgift saknas',
  'saknas',
  'not reported',
  'unknown',
  'ikke oplyst',
  'ukjent',
  'ikke oppgitt',
  'ei tietoa',
  '?',
  '-',
  '–',
  'n/a',
]);

/** A spreadsheet's leading apostrophe (a neutralised formula) is not part of the value. */
const unquote = (text: string) => text.replace(/^'(?=[=+\-@])/, '').trim();

export function importedCount(text: string): CellValue<number | null> {
  const value = unquote(text);
  if (value === '' || NOT_REPORTED.has(value.toLowerCase())) return { ok: true, value: null };
  const compact = value.replace(/[\s\u00a0\u202f]/g, '');
  if (!/^\d+$/.test(compact)) return { ok: false, message: 'validation.countNotNumber' };
  return { ok: true, value: Number(compact) };
}

export function importedYear(text: string, optional = false): CellValue<number | null> {
  const value = unquote(text);
  if (value === '' && optional) return { ok: true, value: null };
  if (!/^\d{4}$/.test(value)) return { ok: false, message: 'validation.yearNotNumber' };
  const year = Number(value);
  if (year < YEAR_MIN || year > maxYear()) return { ok: false, message: 'validation.yearRange' };
  return { ok: true, value: year };
}

export function importedCoordinate(text: string, limit: number): CellValue<number | null> {
  const value = unquote(text).replace(',', '.');
  if (value === '') return { ok: true, value: null };
  const number = Number(value);
  if (!Number.isFinite(number) || Math.abs(number) > limit) return { ok: false, message: 'validation.coordinate' };
  return { ok: true, value: number };
}

// Written as people write them; looked up folded (Færøerne = Faeroerne = Faroerne).
const AREA_NAMES = new Map(
  Object.entries({
    Sverige: 'SE',
    Sweden: 'SE',
    Ruotsi: 'SE',
    Danmark: 'DK',
    Denmark: 'DK',
    Tanska: 'DK',
    Norge: 'NO',
    Norway: 'NO',
    Noreg: 'NO',
    Norja: 'NO',
    Island: 'IS',
    Ísland: 'IS',
    Iceland: 'IS',
    Islanti: 'IS',
    Finland: 'FI',
    Suomi: 'FI',
    Åland: 'AX',
    Ahvenanmaa: 'AX',
    Färöarna: 'FO',
    'Faroe Islands': 'FO',
    Færøerne: 'FO',
    Føroyar: 'FO',
    Færøyane: 'FO',
    Grönland: 'GL',
    Grønland: 'GL',
    Greenland: 'GL',
    'Kalaallit Nunaat': 'GL',
    Sydslesvig: SOUTH_SCHLESWIG,
    'Southern Schleswig': SOUTH_SCHLESWIG,
    Tyskland: 'DE',
    Germany: 'DE',
    Saksa: 'DE',
  }).map(([name, code]) => [foldName(name), code]),
);

/** A country or area as sheets write it: a code (SE, FO, DE-SYD) or a name in a Nordic language or English. */
export function importedArea(text: string): CellValue<string | null> {
  const value = unquote(text);
  if (value === '') return { ok: true, value: null };
  if (/^[A-Za-z]{2}$/.test(value) || value.toUpperCase() === SOUTH_SCHLESWIG) return { ok: true, value: value.toUpperCase() };
  const code = AREA_NAMES.get(foldName(value));
  return code ? { ok: true, value: code } : { ok: false, message: 'validation.areaCode' };
}
