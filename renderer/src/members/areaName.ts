import type { TFunction } from 'i18next';
import { OWN_AREA_NAMES } from '../../../shared/areas';
import type { Language } from '../../../shared/format';

const displayNames = new Map<Language, Intl.DisplayNames>();

/** Åland, the Faroes, Greenland and Sydslesvig are named by the app; other codes by Intl. */
export function areaName(code: string, t: TFunction, language: Language): string {
  if (OWN_AREA_NAMES.has(code)) return t(`areas.${code}`);
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
