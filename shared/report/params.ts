import { isLanguage, type Language } from '../format';

/**
 * The report's route: #/report?chain=ID&year=YYYY[&from=YYYY]&lang=sv|da|nb|fi|is|en (the app
 * prints it; any browser shows it). With from, a report of the years from–year (those between two
 * seminars); without, of the one year.
 */
export interface ReportParams {
  chainId: string | null;
  year: number | null;
  /** The first year of a range report; null for a report of one year. */
  from: number | null;
  /** With the annex "Att granska": the facts that contradict each other (&checks=1). */
  checks: boolean;
  language: Language | null;
}

/** The first value of each key in a query string (shared/ has neither DOM nor Node, so no URLSearchParams). */
function queryValues(query: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const pair of query.split('&')) {
    const [key = '', value = ''] = pair.split('=', 2).map(decodedOrEmpty);
    if (key && !values.has(key)) values.set(key, value);
  }
  return values;
}

function decodedOrEmpty(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return '';
  }
}

export function parseReportHash(hash: string): ReportParams | null {
  const match = /^#\/report(?:\?(.*))?$/.exec(hash);
  if (!match) return null;
  const query = queryValues(match[1] ?? '');
  const yearOf = (text: string | undefined) => (text && /^\d{4}$/.test(text) ? Number(text) : null);
  const year = yearOf(query.get('year'));
  const from = yearOf(query.get('from'));
  const lang = query.get('lang');
  return {
    chainId: query.get('chain') ?? null,
    year,
    // A range needs an end after its start; otherwise the report is of the one year.
    from: from !== null && year !== null && from < year ? from : null,
    language: isLanguage(lang) ? lang : null,
    checks: query.get('checks') === '1',
  };
}

export function reportHash(params: {
  chainId: string;
  year: number;
  from?: number | null;
  checks?: boolean;
  language: Language;
}): string {
  const from = params.from !== undefined && params.from !== null ? `&from=${params.from}` : '';
  const checks = params.checks ? '&checks=1' : '';
  return `#/report?chain=${encodeURIComponent(params.chainId)}&year=${params.year}${from}${checks}&lang=${params.language}`;
}

/** A CSS string literal: quotes, backslashes and line breaks escaped (a document's name is the user's). */
function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, (char) => `\\${char}`).replace(/[\r\n\f]/g, ' ')}"`;
}

/**
 * The printed page's footer as CSS paged media (@page margin boxes, which Chromium draws in every
 * print path: the app's printToPDF, the browser's own print dialog, Playwright's page.pdf): the
 * document's name, the date, and "Sida N av M" in the report's language.
 */
export function reportPageCss(documentName: string, date: string, pageWord: string, ofWord: string): string {
  const box = 'font: 8pt sans-serif; color: #555;';
  return (
    `@page { ` +
    `@bottom-left { content: ${cssString(documentName)}; ${box} } ` +
    `@bottom-center { content: ${cssString(date)}; ${box} } ` +
    `@bottom-right { content: ${cssString(`${pageWord} `)} counter(page) ${cssString(` ${ofWord} `)} counter(pages); ${box} } }`
  );
}
