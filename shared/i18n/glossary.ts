/**
 * The words of the domain in each UI language, for translators and for the test that checks
 * they are used (tests/unit/i18n-languages.test.ts): each term's word must appear (as written
 * here, case aside) in the value of every key listed under `in`, in every language but English
 * (whose UI says "Member" and "Chain" for short). Where a language declines the word, the stem
 * is given (Finnish ystävyyskaupun-, paikallisyhdisty-; Icelandic vinab-, vinabæjakeðj-).
 *
 * | term            | sv             | da               | nb               | fi                    | is                 |
 * |-----------------|----------------|------------------|------------------|-----------------------|--------------------|
 * | twin town       | vänort         | venskabsby       | vennskapsby      | ystävyyskaupunki      | vinabær            |
 * | twin-town chain | vänortskedja   | venskabsbykæde   | vennskapsbykjede | ystävyyskaupunkiketju | vinabæjakeðja      |
 * | local branch    | lokalavdelning | lokalafdeling    | lokallag         | paikallisyhdistys     | deild              |
 * | not reported    | uppgift saknas | ikke oplyst      | ikke oppgitt     | ei tiedossa           | upplýsingar vantar |
 * | Föreningen Norden | Föreningen Norden | Foreningen Norden | Foreningen Norden | Pohjola-Norden   | Norræna félagið    |
 */
import type { Language } from '../format';

export interface GlossaryTerm {
  term: string;
  words: Record<Language, string>;
  /** Keys whose value holds the word in every language. */
  in: readonly string[];
}

export const GLOSSARY: readonly GlossaryTerm[] = [
  {
    term: 'twin town',
    words: { sv: 'vänort', da: 'venskabsby', nb: 'vennskapsby', fi: 'ystävyyskaupun', is: 'vinab', en: 'twin town' },
    in: ['members.columns.name', 'addMember.title'],
  },
  {
    term: 'twin-town chain',
    words: {
      sv: 'vänortskedja',
      da: 'venskabsbykæde',
      nb: 'vennskapsbykjede',
      fi: 'ystävyyskaupunkiketju',
      is: 'vinabæjakeðj',
      en: 'twin-town chain',
    },
    in: ['toolbar.chain', 'exportHeaders.chain'],
  },
  {
    term: 'local branch',
    words: { sv: 'lokalavdelning', da: 'lokalafdeling', nb: 'lokallag', fi: 'paikallisyhdisty', is: 'deild', en: 'local branch' },
    in: ['map.legendSize'],
  },
  {
    term: 'not reported',
    words: {
      sv: 'uppgift saknas',
      da: 'ikke oplyst',
      nb: 'ikke oppgitt',
      fi: 'ei tiedossa',
      is: 'upplýsingar vantar',
      en: 'not reported',
    },
    in: ['members.notReported', 'exportHeaders.notReported'],
  },
];
