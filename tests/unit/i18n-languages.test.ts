import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../shared/format';
import { resources } from '../../shared/i18n';
import { daSameAsOthers } from '../../shared/i18n/da';
import { fiSameAsOthers } from '../../shared/i18n/fi';
import { GLOSSARY } from '../../shared/i18n/glossary';
import { islSameAsOthers } from '../../shared/i18n/is';
import { nbSameAsOthers } from '../../shared/i18n/nb';

/**
 * The six UI languages, as translators leave them: every key of sv.ts present and non-empty in
 * each (the type checker already refuses a missing one), the same {{placeholders}}, no Danish,
 * Norwegian, Finnish or Icelandic value a copy of the Swedish or English one unless listed as
 * really the same (names, codes, shared words), and the glossary's words where they belong.
 */

type Tree = { [key: string]: string | Tree };
const flatten = (tree: Tree, prefix = ''): Map<string, string> => {
  const into = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') into.set(path, value);
    else for (const [inner, text] of flatten(value, path)) into.set(inner, text);
  }
  return into;
};
const values = Object.fromEntries(
  LANGUAGES.map((language) => [language, flatten(resources[language].translation as Tree)]),
) as Record<Language, Map<string, string>>;
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((match) => match[1]).sort();

const NORDIC_TRANSLATIONS = { da: daSameAsOthers, nb: nbSameAsOthers, fi: fiSameAsOthers, is: islSameAsOthers } as const;

describe('the six UI languages', () => {
  it('are sv, da, nb, fi, is and en, each with every key of sv.ts, non-empty, with the same placeholders', () => {
    expect(LANGUAGES).toEqual(['sv', 'da', 'nb', 'fi', 'is', 'en']);
    const keys = [...values.sv.keys()].sort();
    expect(keys.length).toBeGreaterThan(500);
    for (const language of LANGUAGES) {
      expect([...values[language].keys()].sort(), language).toEqual(keys);
      for (const key of keys) {
        const text = values[language].get(key)!;
        expect(text.trim(), `${language} ${key}`).not.toBe('');
        expect(placeholders(text), `${language} ${key}`).toEqual(placeholders(values.sv.get(key)!));
      }
    }
  });

  it('name each language in itself, the same in every language', () => {
    for (const language of LANGUAGES)
      expect(Object.fromEntries([...values[language]].filter(([key]) => key.startsWith('languages.')))).toEqual({
        'languages.sv': 'Svenska',
        'languages.da': 'Dansk',
        'languages.nb': 'Norsk bokmål',
        'languages.fi': 'Suomi',
        'languages.is': 'Íslenska',
        'languages.en': 'English',
      });
  });

  it.each(Object.entries(NORDIC_TRANSLATIONS))(
    '%s copies no Swedish or English value, but for a short list of what really is the same',
    (language, sameAsOthers) => {
      const own = values[language as Language];
      // The language menu names each language in itself, the same in every language (tested above).
      const copies = [...own]
        .filter(([key, text]) => !key.startsWith('languages.') && (text === values.sv.get(key) || text === values.en.get(key)))
        .map(([key]) => key);
      expect(copies.sort()).toEqual([...sameAsOthers].sort());
      // Short: names, codes and a few shared words, not whole blocks left untranslated.
      expect(sameAsOthers.length).toBeLessThan(own.size / 8);
    },
  );

  it.each(GLOSSARY.map((term) => [term.term, term] as const))(
    'use the glossary word for "%s" where it belongs',
    (_name, term) => {
      for (const language of LANGUAGES.filter((each) => each !== 'en'))
        for (const key of term.in)
          expect(values[language].get(key)?.toLowerCase(), `${language} ${key}`).toContain(term.words[language].toLowerCase());
    },
  );

  it('write the report footer each in its own words', () => {
    const footer = (language: Language) => `${values[language].get('report.page')} 1 ${values[language].get('report.of')} 5`;
    expect(LANGUAGES.map(footer)).toEqual([
      'Sida 1 av 5',
      'Side 1 af 5',
      'Side 1 av 5',
      'Sivu 1 / 5',
      'Síða 1 af 5',
      'Page 1 of 5',
    ]);
  });
});
