import { isLanguage, type Language } from '../format';

/** The report's route: #/report?chain=ID&year=YYYY&lang=sv|da|nb|fi|is|en (the app prints it; any browser shows it). */
export interface ReportParams {
  chainId: string | null;
  year: number | null;
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
  const year = query.get('year');
  const lang = query.get('lang');
  return {
    chainId: query.get('chain') ?? null,
    year: year && /^\d{4}$/.test(year) ? Number(year) : null,
    language: isLanguage(lang) ? lang : null,
  };
}

export function reportHash(params: { chainId: string; year: number; language: Language }): string {
  return `#/report?chain=${encodeURIComponent(params.chainId)}&year=${params.year}&lang=${params.language}`;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

/**
 * The PDF footer (Chromium's printToPDF template): the document's name, the date and the page
 * numbers. The name is the user's: escaped, since the template is HTML.
 */
export function reportFooterTemplate(documentName: string, date: string, pageWord: string, ofWord: string): string {
  return (
    `<div style="font-size:8px;font-family:sans-serif;width:100%;padding:0 16mm;display:flex;justify-content:space-between;color:#555">` +
    `<span>${escapeHtml(documentName)}</span><span>${escapeHtml(date)}</span>` +
    `<span>${escapeHtml(pageWord)} <span class="pageNumber"></span> ${escapeHtml(ofWord)} <span class="totalPages"></span></span></div>`
  );
}
