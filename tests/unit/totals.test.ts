import { describe, expect, it } from 'vitest';
import { memberCountTotal } from '../../shared/totals';
import { formatAmount, formatInteger, formatTotal } from '../../shared/format';

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

  it('writes a sum of money with its öre or cents, never rounded to a whole', () => {
    expect(spaces(formatAmount(16_800, 'sv'))).toBe('16 800');
    expect(spaces(formatAmount(1.5, 'sv'))).toBe('1,50');
    expect(spaces(formatAmount(16_800.5, 'sv'))).toBe('16 800,50');
    expect(formatAmount(16_800.5, 'en')).toBe('16,800.50');
    // A total of 0.1 and 0.2 is 0.30, not 0.30000000000000004.
    expect(formatAmount(0.1 + 0.2, 'en')).toBe('0.30');
    expect(spaces(formatAmount(16_799.999_999_9, 'sv'))).toBe('16 800');
  });
});
