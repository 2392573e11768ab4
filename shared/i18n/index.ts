import i18next, { type i18n, type Module, type Newable } from 'i18next';
import type { Language } from '../format';
import { DEFAULT_LANGUAGE } from '../format';
import { en } from './en';
import { sv } from './sv';

export const resources = { sv: { translation: sv }, en: { translation: en } } as const;

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
