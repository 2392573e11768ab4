import type { i18n, TFunction } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { createI18n } from '../../shared/i18n';
import type { Language } from '../../shared/format';
import type { ApiError } from '../../shared/result';
import { YEAR_MIN, maxYear } from '../../shared/years';

export async function setupI18n(language: Language): Promise<i18n> {
  const instance = await createI18n(language, [initReactI18next]);
  document.documentElement.lang = language;
  instance.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
  return instance;
}

/** An API error in the user's words: its key translated with the values it needs. */
export function describeError(t: TFunction, error: Pick<ApiError, 'message' | 'params'>): string {
  const key = /^(errors|validation)\.[a-zA-Z_]+$/.test(error.message) ? error.message : 'errors.internal';
  return t(key, { min: YEAR_MIN, max: maxYear(), file: '', ...error.params });
}
