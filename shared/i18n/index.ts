import i18next, { type i18n, type Module, type Newable, type TFunction } from 'i18next';
import type { Language } from '../format';
import { DEFAULT_LANGUAGE } from '../format';
import { da } from './da';
import { en } from './en';
import { fi } from './fi';
import { isl } from './is';
import { nb } from './nb';
import { sv } from './sv';
import type { TranslationKey } from './types';

// Also what brings types.ts (the typed t()) into every program that uses shared/i18n.
export type { MessageKey, TranslationKey } from './types';

export const resources = {
  sv: { translation: sv },
  da: { translation: da },
  nb: { translation: nb },
  fi: { translation: fi },
  is: { translation: isl },
  en: { translation: en },
} as const satisfies Record<Language, unknown>;

type Plugin = Module | Newable<Module>;

/** One i18next instance per side (main's menus, the renderer's UI), same resources. */
export async function createI18n(language: Language = DEFAULT_LANGUAGE, plugins: Plugin[] = []): Promise<i18n> {
  const instance = i18next.createInstance();
  for (const plugin of plugins) instance.use(plugin);
  await instance.init({
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    resources,
    interpolation: { escapeValue: false }, // React escapes; menus are plain text
  });
  return instance;
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function collectKeys(node: object, prefix: string, into: Set<string>): Set<string> {
  for (const [key, value] of Object.entries(node)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') {
      into.add(path);
      into.add(path.replace(PLURAL_SUFFIX, ''));
    } else {
      collectKeys(value as object, path, into);
    }
  }
  return into;
}

const KNOWN_KEYS = collectKeys(sv, '', new Set());

/** Whether a string made at runtime (an API message, a key built from data) names a translation. */
export function isTranslationKey(key: string): key is TranslationKey {
  return KNOWN_KEYS.has(key);
}

/**
 * t() for a key the compiler cannot see: a message the data side returns, a key built from a
 * value typed only as string. An unknown key gets the fallback's text instead of the key itself.
 */
export function translateKey(
  t: TFunction,
  key: string,
  params: Record<string, unknown> = {},
  fallback: TranslationKey = 'errors.internal',
): string {
  return t(isTranslationKey(key) ? key : fallback, params);
}
