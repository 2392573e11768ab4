/**
 * The apostrophe that keeps a spreadsheet from running a text as a formula, put on by the export
 * and taken off by the import, so that every text comes back exactly as it was written.
 *
 * A text is protected when it begins with = + - @, a tab or CR, or the fullwidth ＝ ＋ － ＠ (some
 * spreadsheets run those too), also behind apostrophes of its own: "'=x" gets one more, or the
 * import would take its own apostrophe for the export's. protectFormula and unprotectFormula are
 * so one-to-one: unprotectFormula(protectFormula(s)) === s for every s.
 */
const FORMULA_START = /^'*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

const needsProtection = (text: string) => FORMULA_START.test(text);

/** A text as a CSV cell holds it: with a leading apostrophe when a spreadsheet would run it. */
export function protectFormula(text: string): string {
  return needsProtection(text) ? `'${text}` : text;
}

/**
 * An XLSX text cell is never run as a formula, so "=1+1" stays as it is there; only a text that
 * begins with an apostrophe of its own ("'=x") gets one more, as the import takes one off.
 */
export function protectTextCell(text: string): string {
  return text.startsWith("'") ? protectFormula(text) : text;
}

/** A cell as the file holds it, without the apostrophe protectFormula put on, and only that one. */
export function unprotectFormula(cell: string): string {
  return cell.startsWith("'") && needsProtection(cell.slice(1)) ? cell.slice(1) : cell;
}
