import { isLanguage, languageFrom, type Language } from '../../shared/format';

/**
 * The system's locales, most specific first: the POSIX variables where they are set (LANG=C names
 * none), else what Node's Intl takes from the system (Windows and macOS set no LANG).
 */
export function systemLocales(): string[] {
  const { LC_ALL, LC_MESSAGES, LANG } = process.env;
  const posix = [LC_ALL, LC_MESSAGES, LANG].filter((tag): tag is string => Boolean(tag));
  if (posix.length === 0) return [Intl.DateTimeFormat().resolvedOptions().locale];
  return posix.filter((tag) => tag !== 'C' && !tag.startsWith('C.') && tag !== 'POSIX');
}

/**
 * The language a command-line tool speaks: `--language` as given (null when it is not one the app
 * speaks: the tool then prints its usage), else the system locale's when the app speaks it, else
 * `fallback`.
 */
export function cliLanguage(given: string | undefined, fallback: Language): Language | null {
  if (given !== undefined) return isLanguage(given) ? given : null;
  return languageFrom(systemLocales()) ?? fallback;
}
