import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protectFormula, protectTextCell, unprotectFormula } from '../../shared/importing/formula';

// What a spreadsheet runs as a formula at the start of a cell, fullwidth forms included.
const FORMULA_CHARACTERS = ['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];
const STARTS_A_FORMULA = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

// Any text, and texts made to begin with apostrophes and formula characters, where a mistake would be.
const texts = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc
    .tuple(fc.array(fc.constantFrom("'", ...FORMULA_CHARACTERS), { maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 8 }))
    .map(([start, rest]) => start.join('') + rest),
);

describe('the protective apostrophe', () => {
  it('comes off exactly as it went on, for any text, in a CSV cell and in an XLSX text cell', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(unprotectFormula(protectFormula(text))).toBe(text);
        expect(unprotectFormula(protectTextCell(text))).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves no CSV cell that a spreadsheet would run', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(protectFormula(text)).not.toMatch(STARTS_A_FORMULA);
      }),
      { numRuns: 2000 },
    );
  });

  it('is put on hostile texts and on texts that begin with an apostrophe of their own, and on nothing else', () => {
    expect(['=1+1', '@SUM(A1)', '+46', '-Lund-', '\uFF1D1', "'=x", "''+1"].map(protectFormula)).toEqual([
      "'=1+1",
      "'@SUM(A1)",
      "'+46",
      "'-Lund-",
      "'\uFF1D1",
      "''=x",
      "'''+1",
    ]);
    expect(['Herning', "'s-Hertogenbosch", "'", '', 'Lund-'].map(protectFormula)).toEqual([
      'Herning',
      "'s-Hertogenbosch",
      "'",
      '',
      'Lund-',
    ]);
    // A text cell of XLSX is never run: only the apostrophe the import would take needs one more.
    expect(['=1+1', "'=x", "'s-Hertogenbosch"].map(protectTextCell)).toEqual(['=1+1', "''=x", "'s-Hertogenbosch"]);
  });

  it('takes off only an apostrophe before what would run: a name of its own with one keeps it', () => {
    expect(["'=1+1", "''=x", "'s-Hertogenbosch", "'Herning", "'", "'-7.5", '-7.5'].map(unprotectFormula)).toEqual([
      '=1+1',
      "'=x",
      "'s-Hertogenbosch",
      "'Herning",
      "'",
      '-7.5',
      '-7.5',
    ]);
  });
});
