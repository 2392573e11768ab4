import { describe, expect, it } from 'vitest';
import { parseAmountInput, parseCountInput, parseYearInput } from '../../shared/input-parsing';
import { memberCountSchema, nameSchema, yearSchema } from '../../shared/validation';
import { maxYear } from '../../shared/years';

describe('what a person types into a count cell', () => {
  it('reads digits, with spaces as thousands separators', () => {
    expect(parseCountInput('230')).toEqual({ ok: true, value: 230 });
    expect(parseCountInput('1 135')).toEqual({ ok: true, value: 1135 });
    expect(parseCountInput('1\u00a0135')).toEqual({ ok: true, value: 1135 });
    expect(parseCountInput('0')).toEqual({ ok: true, value: 0 });
  });
  it('reads an empty cell as "not reported", never as zero', () => {
    expect(parseCountInput('')).toEqual({ ok: true, value: null });
    expect(parseCountInput('   ')).toEqual({ ok: true, value: null });
  });
  it('refuses negative numbers and text', () => {
    expect(parseCountInput('-5')).toEqual({ ok: false, message: 'validation.countNegative' });
    expect(parseCountInput('many')).toEqual({ ok: false, message: 'validation.countNotNumber' });
    expect(parseCountInput('12.5')).toEqual({ ok: false, message: 'validation.countNotNumber' });
  });
});

describe('what a person types into a year cell', () => {
  it('reads digits', () => {
    expect(parseYearInput(' 1946 ')).toEqual({ ok: true, value: 1946 });
  });
  it('refuses text', () => {
    expect(parseYearInput('nittonhundra')).toEqual({ ok: false, message: 'validation.yearNotNumber' });
    expect(parseYearInput('19466')).toEqual({ ok: false, message: 'validation.yearNotNumber' });
  });
});

describe('the API schemas', () => {
  it('accepts years from 1900 to next year', () => {
    expect(yearSchema.safeParse(1900).success).toBe(true);
    expect(yearSchema.safeParse(maxYear()).success).toBe(true);
    const early = yearSchema.safeParse(1899);
    expect(early.success).toBe(false);
    expect(early.error?.issues[0]?.message).toBe('validation.yearRange');
    expect(yearSchema.safeParse(maxYear() + 1).error?.issues[0]?.message).toBe('validation.yearRange');
    expect(yearSchema.safeParse(1950.5).success).toBe(false);
  });
  it('accepts a count of zero or more, or null for not reported', () => {
    expect(memberCountSchema.safeParse(0).success).toBe(true);
    expect(memberCountSchema.safeParse(null).success).toBe(true);
    expect(memberCountSchema.safeParse(-1).error?.issues[0]?.message).toBe('validation.countNegative');
    expect(memberCountSchema.safeParse('12').success).toBe(false);
  });
  it('trims names and refuses empty ones', () => {
    expect(nameSchema.parse('  Eiði ')).toBe('Eiði');
    expect(nameSchema.safeParse('   ').error?.issues[0]?.message).toBe('validation.nameEmpty');
  });
});

describe("what a person types into a grant's amount", () => {
  it('reads kronor with öre, with a comma or a point, and spaces between thousands', () => {
    expect(parseAmountInput('16 800')).toEqual({ ok: true, value: 16_800 });
    expect(parseAmountInput('1 250,5')).toEqual({ ok: true, value: 1250.5 });
    expect(parseAmountInput('1.25')).toEqual({ ok: true, value: 1.25 });
  });
  it('says a negative sum cannot be, and that other text is no number', () => {
    expect(parseAmountInput('-5')).toEqual({ ok: false, message: 'validation.amountNegative' });
    expect(parseAmountInput('\u22125 000')).toEqual({ ok: false, message: 'validation.amountNegative' });
    expect(parseAmountInput('tjugo')).toEqual({ ok: false, message: 'validation.amount' });
    expect(parseAmountInput('1e3')).toEqual({ ok: false, message: 'validation.amount' });
  });
});
