import { describe, expect, it } from 'vitest';
import { memberCountTotal } from '../../shared/totals';
import { formatInteger, formatTotal } from '../../shared/format';

const spaces = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('member count totals', () => {
  // Vänersborg's chain in 2013: Eiði did not report.
  const counts2013 = [100, 230, 100, 30, 70, 250, null, 15, 340];

  it('adds the reported counts and counts the unknowns apart', () => {
    expect(memberCountTotal(counts2013)).toEqual({ sum: 1135, reported: 8, notReported: 1 });
  });

  it('keeps zero as a reported value, not as unknown', () => {
    expect(memberCountTotal([0, null, 0])).toEqual({ sum: 0, reported: 2, notReported: 1 });
  });

  it('writes the total as the report does, in Swedish and in English', () => {
    const total = memberCountTotal(counts2013);
    expect(spaces(formatTotal(total, 'sv', (n) => `${n} uppgift saknas`))).toBe('1 135 (1 uppgift saknas)');
    expect(formatTotal(total, 'en', (n) => `${n} not reported`)).toBe('1,135 (1 not reported)');
  });

  it('gives no sum when nothing was reported', () => {
    expect(formatTotal(memberCountTotal([null, null]), 'en', (n) => `${n} not reported`)).toBe('2 not reported');
  });

  it('writes no parenthesis when everything was reported', () => {
    expect(spaces(formatTotal(memberCountTotal([1000, 35]), 'sv', () => 'x'))).toBe('1 035');
  });

  it('formats integers with the language grouping', () => {
    expect(spaces(formatInteger(13000, 'sv'))).toBe('13 000');
    expect(formatInteger(13000, 'en')).toBe('13,000');
  });
});
