/**
 * Country or area of a place. The Nordic self-governing areas have ISO codes (AX, FO, GL);
 * Southern Schleswig (Sydslesvig), home of the Danish minority, has none, so it gets its own code.
 */
export const SOUTH_SCHLESWIG = 'DE-SYD';

export const NORDIC_AREAS = ['SE', 'DK', 'NO', 'IS', 'FI', 'AX', 'FO', 'GL', SOUTH_SCHLESWIG] as const;

const OWN_AREA_CODES = ['AX', 'FO', 'GL', SOUTH_SCHLESWIG] as const;
/** An area the app names itself: areas.<code> in shared/i18n (the type checker holds them to it). */
export type OwnAreaCode = (typeof OWN_AREA_CODES)[number];

/** Names the app translates itself; any other ISO 3166 code is named by Intl.DisplayNames. */
export const OWN_AREA_NAMES = new Set<string>(OWN_AREA_CODES);

/**
 * Country names in Icelandic, for where the ICU data lacks them (Chromium carries no Icelandic;
 * see shared/format.ts): the Nordic countries, their neighbours and the demo's partners.
 */
export const ICELANDIC_COUNTRY_NAMES: Readonly<Record<string, string>> = {
  SE: 'Svíþjóð',
  DK: 'Danmörk',
  NO: 'Noregur',
  FI: 'Finnland',
  IS: 'Ísland',
  DE: 'Þýskaland',
  EE: 'Eistland',
  LV: 'Lettland',
  LT: 'Litháen',
  PL: 'Pólland',
  RU: 'Rússland',
  GB: 'Bretland',
  IE: 'Írland',
  NL: 'Holland',
  BE: 'Belgía',
  FR: 'Frakkland',
  ES: 'Spánn',
  IT: 'Ítalía',
  AT: 'Austurríki',
  CH: 'Sviss',
  US: 'Bandaríkin',
  CA: 'Kanada',
  NA: 'Namibía',
};

export function hasOwnAreaName(code: string): code is OwnAreaCode {
  return OWN_AREA_NAMES.has(code);
}

export function isAreaCode(code: string): boolean {
  return code === SOUTH_SCHLESWIG || /^[A-Z]{2}$/.test(code);
}
