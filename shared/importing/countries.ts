import { SOUTH_SCHLESWIG } from '../areas';
import { foldName } from '../text/fold';

/**
 * Countries and areas as sheets write them: an ISO 3166 code (PL, pl) or a name in any of the
 * languages the branches write (Polen, Poland, Puola, Pólland; Faroese and Greenlandic too, for
 * Føroyar and Kalaallit Nunaat). The names come from
 * Intl.DisplayNames (the ICU data Node and Chromium carry), in the long and short styles; only
 * Southern Schleswig, which has no ISO code, is named here.
 */
export const AREA_NAME_LANGUAGES = ['sv', 'da', 'nb', 'nn', 'fi', 'is', 'en', 'de', 'fo', 'kl'] as const;

/** Codes ICU names that are not a country or area a place lies in (unions, private use, reservations). */
const NOT_AREAS = new Set(['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ', 'AC', 'CP', 'CQ', 'DG', 'EA', 'IC', 'TA']);

/** Southern Schleswig (DE-SYD) in the languages above: ICU has no name for it. */
const SOUTH_SCHLESWIG_NAMES = [
  'Sydslesvig',
  'Sør-Slesvig',
  'Sørslesvig',
  'Etelä-Schleswig',
  'Suður-Slésvík',
  'Southern Schleswig',
  'South Schleswig',
  'Südschleswig',
];

/**
 * CLDR's English "variant" names, which Intl.DisplayNames does not expose: the names most sheets
 * still use after a country's English name changed in CLDR (Türkiye, Czechia, Eswatini).
 */
const CLDR_VARIANT_NAMES: Record<string, string> = {
  Turkey: 'TR',
  'Czech Republic': 'CZ',
  Swaziland: 'SZ',
  'Ivory Coast': 'CI',
  'East Timor': 'TL',
  Burma: 'MM',
};

/** The way names are compared: folded, punctuation as space ("Bosnien-Hercegovina", "St. Lucia"). */
export const areaKey = (text: string): string =>
  foldName(text.replace(/[\p{P}\p{S}]/gu, ' '))
    .replace(/\s+/g, ' ')
    .trim();

interface AreaTable {
  codes: Set<string>;
  byName: Map<string, string>;
}

let table: AreaTable | null = null;

/** Built once, on first use: 676 codes, then 250 areas in 10 languages and 2 styles. */
function areaTable(): AreaTable {
  if (table) return table;
  const codes = new Set<string>();
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const english = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  for (const first of letters) {
    for (const second of letters) {
      const code = first + second;
      if (NOT_AREAS.has(code) || english.of(code) === undefined) continue;
      // A withdrawn code (SU, YU, BU) is canonicalised to another; only current codes are areas.
      if (Intl.getCanonicalLocales(`und-${code}`)[0] !== `und-${code}`) continue;
      codes.add(code);
    }
  }
  const byName = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const language of AREA_NAME_LANGUAGES) {
    for (const style of ['long', 'short'] as const) {
      const names = new Intl.DisplayNames([language], { type: 'region', style, fallback: 'none' });
      for (const code of codes) {
        const name = names.of(code);
        if (name === undefined || name === code) continue;
        // "Myanmar (Burma)" is also Myanmar and Burma; "Hong Kong SAR China" has a short style.
        const inner = /^(.*?)\s*\(([^)]*)\)$/.exec(name);
        for (const spelling of inner ? [name, inner[1]!, inner[2]!] : [name]) {
          const key = areaKey(spelling);
          const there = byName.get(key);
          if (there === undefined) byName.set(key, code);
          else if (there !== code) ambiguous.add(key);
        }
      }
    }
  }
  // A name of two areas ("Kongo": CD in one language, CG in another) is no answer: the row asks.
  for (const key of ambiguous) byName.delete(key);
  for (const [name, code] of Object.entries(CLDR_VARIANT_NAMES)) if (!byName.has(areaKey(name))) byName.set(areaKey(name), code);
  for (const name of SOUTH_SCHLESWIG_NAMES) byName.set(areaKey(name), SOUTH_SCHLESWIG);
  return (table = { codes, byName });
}

/** The area's code for a code or a name as written; null when it is none the app knows. */
export function areaCodeOf(text: string): string | null {
  const value = text.trim();
  if (value.toUpperCase() === SOUTH_SCHLESWIG) return SOUTH_SCHLESWIG;
  const { codes, byName } = areaTable();
  if (/^[A-Za-z]{2}$/.test(value)) {
    const upper = value.toUpperCase();
    if (codes.has(upper)) return upper;
    // The code people write for the United Kingdom; ICU names it, but it is not ISO 3166.
    if (upper === 'UK') return 'GB';
  }
  return byName.get(areaKey(value)) ?? null;
}
