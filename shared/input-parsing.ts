/** What a person types into a table cell, turned into the API's values (the range is the API's to check). */
export type ParsedInput<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * A count cell: digits (spaces as thousands separators allowed), or nothing for "not reported".
 * Anything else is refused before it reaches the API.
 */
export function parseCountInput(text: string): ParsedInput<number | null> {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '');
  if (compact === '') return { ok: true, value: null };
  if (/^-\d+$/.test(compact)) return { ok: false, message: 'validation.countNegative' };
  if (!/^\d+$/.test(compact)) return { ok: false, message: 'validation.countNotNumber' };
  return { ok: true, value: Number(compact) };
}

/** A year cell: one to four digits. */
export function parseYearInput(text: string): ParsedInput<number> {
  const trimmed = text.trim();
  if (!/^\d{1,4}$/.test(trimmed)) return { ok: false, message: 'validation.yearNotNumber' };
  return { ok: true, value: Number(trimmed) };
}

/** A sum of money: digits with spaces as thousands separators and a comma or point for decimals. */
export function parseAmountInput(text: string): ParsedInput<number> {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  // "-5" is a number, but no grant is negative: the message says that, not "write a number".
  if (/^[-\u2212]\d+(\.\d{1,2})?$/.test(compact)) return { ok: false, message: 'validation.amountNegative' };
  if (!/^\d+(\.\d{1,2})?$/.test(compact)) return { ok: false, message: 'validation.amount' };
  return { ok: true, value: Number(compact) };
}
