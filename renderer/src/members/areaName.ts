import type { TFunction } from 'i18next';
import { hasOwnAreaName, ICELANDIC_COUNTRY_NAMES } from '../../../shared/areas';
import { intlHas, type Language } from '../../../shared/format';

const displayNames = new Map<Language, Intl.DisplayNames>();
// Names looked up, by language and code: the table and the map name every member's area on each render.
const namesFound = new Map<string, string>();

/** Åland, the Faroes, Greenland and Sydslesvig are named by the app; other codes by Intl. */
export function areaName(code: string, t: TFunction, language: Language): string {
  if (hasOwnAreaName(code)) return t(`areas.${code}`);
  const key = `${language}:${code}`;
  const found = namesFound.get(key);
  if (found !== undefined) return found;
  const name = lookUp(code, language);
  if (namesFound.size > 1000) namesFound.clear();
  namesFound.set(key, name);
  return name;
}

function lookUp(code: string, language: Language): string {
  // Icelandic where the browser has no Icelandic names (then the app's own, or the code).
  if (language === 'is' && !intlHas('is')) return ICELANDIC_COUNTRY_NAMES[code] ?? code;
  let names = displayNames.get(language);
  if (!names) {
    names = new Intl.DisplayNames([language], { type: 'region' });
    displayNames.set(language, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}
