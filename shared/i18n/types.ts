/**
 * The compiler's view of the translations. The augmentation below types every t() in the app
 * by the Swedish resource: t('no.such.key') is a type error in the renderer, electron/, scripts/
 * and tests alike, since each of those programs imports shared/i18n (which re-exports this file).
 */
import type { sv } from './sv';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof sv };
    // Keys are checked; the {{variables}} are not. Parsing them would type every value as
    // string | number, and some calls pass a year that is null where the text never shows it.
    parseInterpolation: false;
  }
}

type Paths<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${Paths<T[K]>}`;
}[keyof T & string];

/** i18next picks `key_one`, `key_other`… by the count; a call names the key without the suffix. */
type PluralBase<K extends string> = K extends `${infer Base}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? Base : never;

type ResourcePath = Paths<typeof sv>;

/** Every key t() accepts: each string in sv.ts by its dotted path, plural forms also by their base. */
export type TranslationKey = ResourcePath | PluralBase<ResourcePath>;

/** The keys the data side returns as ApiError messages. */
export type MessageKey = Extract<TranslationKey, `errors.${string}` | `validation.${string}`>;
