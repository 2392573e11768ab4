import type { i18n, TFunction } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { createI18n, isTranslationKey, type MessageKey } from '../../shared/i18n';
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

// t() for keys built at runtime, and the type of a key (shared/i18n/types.ts types every t()).
export { translateKey, type TranslationKey } from '../../shared/i18n';

function isMessageKey(key: string): key is MessageKey {
  return /^(errors|validation)\./.test(key) && isTranslationKey(key);
}

/** An API error in the user's words: its key translated with the values it needs. */
export function describeError(t: TFunction, error: Pick<ApiError, 'message' | 'params'>): string {
  const key = isMessageKey(error.message) ? error.message : 'errors.internal';
  return t(key, { min: YEAR_MIN, max: maxYear(), file: '', ...error.params });
}
